package gst

import "fmt"

// Format identifies the unit of a position, duration or segment value.
//
// GStreamer: GstFormat (gst/gstformat.h).
type Format int

// The core formats.
//
// GStreamer: GST_FORMAT_* (gst/gstformat.h).
const (
	FormatUndefined Format = 0 // undefined format
	FormatDefault   Format = 1 // element-specific default (frames, samples)
	FormatBytes     Format = 2 // bytes
	FormatTime      Format = 3 // time in nanoseconds
	FormatBuffers   Format = 4 // buffers (few elements implement this)
	FormatPercent   Format = 5 // percentage of the stream, scaled by FormatPercentScale
)

// FormatPercentMax is the value of 100% in FormatPercent.
//
// GStreamer: GST_FORMAT_PERCENT_MAX (gst/gstformat.h).
const FormatPercentMax = 1000000

// FormatPercentScale is the multiplier for one percent in FormatPercent.
//
// GStreamer: GST_FORMAT_PERCENT_SCALE (gst/gstformat.h).
const FormatPercentScale = 10000

var formatNicks = [...]string{"undefined", "default", "bytes", "time", "buffers", "percent"}

// String returns the format's nick ("time", "bytes", ...).
//
// GStreamer: gst_format_get_name (gst/gstformat.c).
func (f Format) String() string {
	if f >= 0 && int(f) < len(formatNicks) {
		return formatNicks[f]
	}
	return fmt.Sprintf("format-%d", int(f))
}

// ParseFormat returns the Format with the given nick, name ("GST_FORMAT_TIME")
// or number. It reports false when nothing matches.
//
// GStreamer: gst_format_get_by_nick (gst/gstformat.c).
func ParseFormat(s string) (Format, bool) {
	for i, n := range formatNicks {
		if s == n || s == "GST_FORMAT_"+upperASCII(n) || s == fmt.Sprint(i) {
			return Format(i), true
		}
	}
	return FormatUndefined, false
}

func upperASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'a' && c <= 'z' {
			b[i] = c - 32
		}
		if c == '-' {
			b[i] = '_'
		}
	}
	return string(b)
}
