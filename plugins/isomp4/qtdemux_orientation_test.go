package isomp4

import (
	"bytes"
	"encoding/binary"
	"testing"

	"github.com/Eyevinn/mp4ff/mp4"

	"github.com/gstmini/gstmini/gst"
	"github.com/gstmini/gstmini/libs/isobmff"
	"github.com/gstmini/gstmini/libs/isobmff/isobmfftest"
)

// qtSetMatrices returns data (an ISO file) with the video tkhd matrix set
// to tkhd and, when mvhd is not nil, the mvhd matrix set to *mvhd.
func qtSetMatrices(t testing.TB, data []byte, tkhd [9]int32, mvhd *[9]int32) []byte {
	t.Helper()
	out := isobmfftest.WithVideoMatrix(t, data, tkhd)
	if mvhd != nil {
		// mp4ff does not keep the mvhd matrix: patch it (version 0:
		// matrix after 4+16+16 bytes of the body)
		i := bytes.Index(out, []byte("mvhd"))
		if i < 0 || out[i+4] != 0 {
			t.Fatal("no version 0 mvhd")
		}
		for k, v := range mvhd {
			binary.BigEndian.PutUint32(out[i+4+36+4*k:], uint32(v))
		}
	}
	return out
}

// qtTags merges the TAG events of events.
func qtTags(events []gst.Event) *gst.TagList {
	tags := gst.NewTagList()
	for _, ev := range events {
		if te, ok := ev.(*gst.TagEvent); ok {
			tags.Insert(te.Tags, gst.TagMergeReplace)
		}
	}
	return tags
}

// The tkhd matrix (times the mvhd matrix) becomes the image-orientation
// tag of the video pad, as GStreamer 1.22's qtdemux posts it
// (gst-launch-1.0 -t on ffmpeg's "-metadata:s:v:0 rotate=90" output
// prints "image orientation: rotate-270"), and mp4mux writes it back.
func TestQTDemuxOrientation(t *testing.T) {
	movie := readMovie(t)
	const one, minus = 1 << 16, -1 << 16
	mat := func(a, b, c, d int32) [9]int32 { return [9]int32{a, b, 0, c, d, 0, 0, 0, 1 << 30} }
	rot180 := mat(minus, 0, 0, minus)
	cases := []struct {
		name string
		tkhd [9]int32
		mvhd *[9]int32
		want string
	}{
		{"identity", mat(one, 0, 0, one), nil, ""},
		{"ffmpeg-rotate-90", mat(0, minus, one, 0), nil, "rotate-270"},
		{"rotate-90", mat(0, one, minus, 0), nil, "rotate-90"},
		{"rotate-180", rot180, nil, "rotate-180"},
		{"rotate-270", mat(0, minus, one, 0), nil, "rotate-270"},
		{"flip-rotate-0", mat(minus, 0, 0, one), nil, "flip-rotate-0"},
		{"flip-rotate-90", mat(0, minus, minus, 0), nil, "flip-rotate-90"},
		{"flip-rotate-180", mat(one, 0, 0, minus), nil, "flip-rotate-180"},
		{"flip-rotate-270", mat(0, one, one, 0), nil, "flip-rotate-270"},
		// translation (x, y) is ignored
		{"rotate-90-translated", [9]int32{0, one, 0, minus, 0, 0, 320 << 16, 0, 1 << 30}, nil, "rotate-90"},
		// mvhd 180° times tkhd 90° is 270°
		{"mvhd-180", mat(0, one, minus, 0), &rot180, "rotate-270"},
		// entries other than 0 and ±1: the identity, no tag
		{"scaled", mat(2*one, 0, 0, 2*one), nil, ""},
		{"w-not-one", [9]int32{0, one, 0, minus, 0, 0, 0, 0, 1 << 29}, nil, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			data := qtSetMatrices(t, movie, c.tkhd, c.mvhd)
			r := startQT(t, data, true, true)
			r.wait()
			_, vev := r.track("video_0").snapshot()
			vt := qtTags(vev)
			if got := isobmff.OrientationFromTags(vt); got != c.want {
				t.Errorf("video_0 image-orientation %q, want %q (tags %s)", got, c.want, vt)
			}
			if v, _ := vt.Value(gst.TagVideoCodec); v != "H.264 / AVC" {
				t.Errorf("video_0 video-codec %v", v)
			}
			_, aev := r.track("audio_0").snapshot()
			at := qtTags(aev)
			if v, _ := at.Value(gst.TagAudioCodec); v != "MPEG-4 AAC audio" || at.Size(isobmff.TagImageOrientation) != 0 {
				t.Errorf("audio_0 tags %s", at)
			}
			// the tag follows the segment event
			seg := -1
			for i, ev := range vev {
				switch ev.(type) {
				case *gst.SegmentEvent:
					if seg < 0 {
						seg = i
					}
				case *gst.TagEvent:
					if seg < 0 {
						t.Errorf("TAG event %d before the first SEGMENT", i)
					}
				}
			}
			if c.mvhd != nil || c.want == "" {
				return
			}
			// mp4mux keeps it: the same matrix (x, y dropped)
			out := mp4muxRemux(t, data, nil)
			want, _ := isobmff.OrientationMatrix(c.want)
			if got := isobmfftest.VideoMatrix(t, out); got != want {
				t.Errorf("mp4mux tkhd matrix %v, want %v", got, want)
			}
		})
	}
}

func TestQTDemuxMvhdMatrix(t *testing.T) {
	movie := readMovie(t)
	rot := [9]int32{0, 1 << 16, 0, -1 << 16, 0, 0, 0, 0, 1 << 30}
	data := qtSetMatrices(t, movie, mp4.UnityMatrix(), &rot)
	i := bytes.Index(data, []byte("moov")) - 4
	size := int(binary.BigEndian.Uint32(data[i:]))
	if got := qtdemuxMvhdMatrix(data[i : i+size]); got != rot {
		t.Errorf("mvhd matrix %v, want %v", got, rot)
	}
	for _, bad := range [][]byte{nil, data[i : i+8], data[i : i+40]} {
		if got := qtdemuxMvhdMatrix(bad); got != mp4.UnityMatrix() {
			t.Errorf("short moov %d bytes: %v, want identity", len(bad), got)
		}
	}
}
