package isobmff

import (
	"github.com/gstmini/gstmini/gst"
)

// TagImageOrientation is the name of the tag that says how a picture must
// be turned for display: "rotate-0", "rotate-90", "rotate-180",
// "rotate-270" (clockwise) or "flip-rotate-0" … "flip-rotate-270"
// (mirrored horizontally first, then rotated).
//
// GStreamer: GST_TAG_IMAGE_ORIENTATION (gst-libs/gst/tag/tag.h, gst-plugins-base).
const TagImageOrientation = "image-orientation"

// Fixed-point values of a transformation matrix: 1.0 and -1.0 in 16.16
// (the a, b, c, d entries) and 1.0 in 2.30 (w).
const (
	orientOne    int32 = 1 << 16
	orientMinus  int32 = -1 << 16
	orientWUnity int32 = 1 << 30
)

// orientations maps each image-orientation to the {a, b, c, d} entries of
// its tkhd matrix (matrix indices 0, 1, 3, 4), in qtmux's table; qtdemux
// reads the same table backwards.
var orientations = []struct {
	name       string
	a, b, c, d int32
}{
	{"rotate-0", orientOne, 0, 0, orientOne},
	{"rotate-90", 0, orientOne, orientMinus, 0},
	{"rotate-180", orientMinus, 0, 0, orientMinus},
	{"rotate-270", 0, orientMinus, orientOne, 0},
	{"flip-rotate-0", orientMinus, 0, 0, orientOne},
	{"flip-rotate-90", 0, orientMinus, orientMinus, 0},
	{"flip-rotate-180", orientOne, 0, 0, orientMinus},
	{"flip-rotate-270", 0, orientOne, orientOne, 0},
}

// OrientationMatrix returns the tkhd transformation matrix ({a, b, u, c,
// d, v, x, y, w}: 16.16 fixed point, u/v/w 2.30, as mp4.TkhdBox.Matrix)
// for an image-orientation value; ok is false (and the matrix the
// identity) for a value it does not know, as qtmux ignores those with a
// warning. Safe for concurrent use.
//
// GStreamer: gst_qt_mux_set_matrix_from_tags (gst/isomp4/gstqtmux.c, gst-plugins-good).
func OrientationMatrix(orientation string) (m [9]int32, ok bool) {
	m = [9]int32{orientOne, 0, 0, 0, orientOne, 0, 0, 0, orientWUnity}
	for _, o := range orientations {
		if o.name == orientation {
			m[0], m[1], m[3], m[4] = o.a, o.b, o.c, o.d
			return m, true
		}
	}
	return m, false
}

// OrientationFromMatrix returns the image-orientation a transformation
// matrix stands for: "" for the identity and for matrices that are not a
// pure rotation or flip (u, v must be 0 and w 1.0; x, y are ignored), as
// qtdemux then posts no tag. Safe for concurrent use.
//
// GStreamer: qtdemux_inspect_transformation_matrix (gst/isomp4/qtdemux.c, gst-plugins-good).
func OrientationFromMatrix(m [9]int32) string {
	if m[2] != 0 || m[5] != 0 || m[8] != orientWUnity {
		return ""
	}
	for _, o := range orientations[1:] {
		if m[0] == o.a && m[1] == o.b && m[3] == o.c && m[4] == o.d {
			return o.name
		}
	}
	return ""
}

// OrientationFromTags returns the image-orientation value of tags, ""
// when tags is nil or has none. Safe for concurrent use if tags is not
// being modified.
//
// GStreamer: gst_tag_list_get_string (gst/gsttaglist.c) for
// GST_TAG_IMAGE_ORIENTATION.
func OrientationFromTags(tags *gst.TagList) string {
	if tags == nil {
		return ""
	}
	v, ok := tags.Value(TagImageOrientation)
	if !ok {
		return ""
	}
	s, _ := v.(string)
	return s
}
