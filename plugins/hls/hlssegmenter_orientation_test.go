package hls_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/gstmini/gstmini/libs/isobmff"
	"github.com/gstmini/gstmini/libs/isobmff/isobmfftest"
)

// A phone recording's rotation (the image-orientation tag qtdemux reads
// from the tkhd matrix) survives into the CMAF init segment. (MPEG-TS
// segments have no place for it.)
func TestHLSSinkCMAFOrientation(t *testing.T) {
	in, err := os.ReadFile(movie)
	if err != nil {
		t.Fatal(err)
	}
	// ffmpeg's "-metadata:s:v:0 rotate=90": qtdemux says rotate-270
	want, _ := isobmff.OrientationMatrix("rotate-270")
	dir := t.TempDir()
	rotated := filepath.Join(dir, "rotated.mp4")
	if err := os.WriteFile(rotated, isobmfftest.WithVideoMatrix(t, in, want), 0o644); err != nil {
		t.Fatal(err)
	}
	runLaunch(t, hlsLineFor(rotated, dir, "segment-format=cmaf location="+filepath.Join(dir, "seg%05d.m4s")))
	init, err := os.ReadFile(filepath.Join(dir, "init.mp4"))
	if err != nil {
		t.Fatal(err)
	}
	if got := isobmfftest.VideoMatrix(t, init); got != want {
		t.Errorf("init segment tkhd matrix %v, want %v", got, want)
	}
}
