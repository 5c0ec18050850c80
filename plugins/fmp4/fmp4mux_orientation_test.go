package fmp4

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/gstmini/gstmini/libs/isobmff"
	"github.com/gstmini/gstmini/libs/isobmff/isobmfftest"
)

// The image-orientation tag qtdemux reads from a rotated tkhd reaches
// the init segment's tkhd matrix (as gst-plugins-rs fmp4mux writes it),
// in the first header and in the updated one at the end.
func TestFMP4MuxOrientation(t *testing.T) {
	in, err := os.ReadFile("../../testdata/movie.mp4")
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range []string{"rotate-90", "rotate-270", "flip-rotate-180"} {
		matrix, _ := isobmff.OrientationMatrix(o)
		loc := filepath.Join(t.TempDir(), "rotated.mp4")
		if err := os.WriteFile(loc, isobmfftest.WithVideoMatrix(t, in, matrix), 0o644); err != nil {
			t.Fatal(err)
		}
		for _, class := range []string{"cmafmux", "isofmp4mux"} {
			t.Run(o+"/"+class, func(t *testing.T) {
				c, props := CMAFMuxClass, map[string]any{}
				if class == "isofmp4mux" {
					c, props = ISOFMP4MuxClass, map[string]any{"header-update-mode": 2}
				}
				outs, _ := fmp4Run(t, loc, c, props, class == "cmafmux")
				if got := isobmfftest.VideoMatrix(t, outs[0].data); got != matrix {
					t.Errorf("init segment tkhd matrix %v, want %v", got, matrix)
				}
				if class == "isofmp4mux" {
					if got := isobmfftest.VideoMatrix(t, outs[len(outs)-1].data); got != matrix {
						t.Errorf("updated header tkhd matrix %v, want %v", got, matrix)
					}
				}
			})
		}
	}
}
