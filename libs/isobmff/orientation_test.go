package isobmff

import (
	"testing"

	"github.com/gstmini/gstmini/gst"
)

// The table of gst_qt_mux_set_matrix_from_tags, read back by
// qtdemux_inspect_transformation_matrix.
func TestOrientationMatrix(t *testing.T) {
	const one, minus = 1 << 16, -1 << 16
	cases := []struct {
		name       string
		a, b, c, d int32
	}{
		{"rotate-0", one, 0, 0, one},
		{"rotate-90", 0, one, minus, 0},
		{"rotate-180", minus, 0, 0, minus},
		{"rotate-270", 0, minus, one, 0},
		{"flip-rotate-0", minus, 0, 0, one},
		{"flip-rotate-90", 0, minus, minus, 0},
		{"flip-rotate-180", one, 0, 0, minus},
		{"flip-rotate-270", 0, one, one, 0},
	}
	for _, c := range cases {
		m, ok := OrientationMatrix(c.name)
		want := [9]int32{c.a, c.b, 0, c.c, c.d, 0, 0, 0, 1 << 30}
		if !ok || m != want {
			t.Errorf("OrientationMatrix(%q) = %v, %v; want %v", c.name, m, ok, want)
		}
		back := OrientationFromMatrix(m)
		if c.name == "rotate-0" {
			if back != "" {
				t.Errorf("identity gives %q, want no orientation", back)
			}
			continue
		}
		if back != c.name {
			t.Errorf("OrientationFromMatrix(%v) = %q, want %q", m, back, c.name)
		}
		// x, y translation is ignored; u, v or w other than 0, 0, 1 is not
		m2 := m
		m2[6], m2[7] = 100<<16, 50<<16
		if got := OrientationFromMatrix(m2); got != c.name {
			t.Errorf("translated %s gives %q", c.name, got)
		}
		m2[2] = 1
		if got := OrientationFromMatrix(m2); got != "" {
			t.Errorf("%s with u=1 gives %q, want none", c.name, got)
		}
	}
	if m, ok := OrientationMatrix("rotate-45"); ok || m != [9]int32{1 << 16, 0, 0, 0, 1 << 16, 0, 0, 0, 1 << 30} {
		t.Errorf("unknown orientation: %v, %v; want identity, false", m, ok)
	}
	if got := OrientationFromMatrix([9]int32{}); got != "" {
		t.Errorf("zero matrix gives %q", got)
	}
}

func TestOrientationFromTags(t *testing.T) {
	if got := OrientationFromTags(nil); got != "" {
		t.Errorf("nil tags: %q", got)
	}
	tags := gst.NewTagList()
	tags.Add(gst.TagMergeReplace, gst.TagVideoCodec, "H.264 / AVC")
	if got := OrientationFromTags(tags); got != "" {
		t.Errorf("no orientation: %q", got)
	}
	tags.Add(gst.TagMergeReplace, TagImageOrientation, "rotate-90")
	if got := OrientationFromTags(tags); got != "rotate-90" {
		t.Errorf("got %q, want rotate-90", got)
	}
}
