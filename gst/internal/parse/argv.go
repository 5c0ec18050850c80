package parse

import "strings"

// escapeArg escapes the spaces of one argument that are outside double
// quotes with a backslash, so that the argument stays one word of the
// description.
//
// GStreamer: _gst_parse_escape (gst/gstparse.c).
func escapeArg(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 8)
	inQuotes := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '"' && (!inQuotes || s[i-1] != '\\') {
			inQuotes = !inQuotes
		}
		if c == ' ' && !inQuotes {
			b.WriteByte('\\')
		}
		b.WriteByte(c)
	}
	return b.String()
}

// JoinArgv builds a description from command-line arguments as
// gst_parse_launchv does: each argument has its spaces outside double
// quotes escaped with a backslash and is followed by one space. So the
// argument "video/x-raw, format=RGBA" stays a single caps string.
//
// GStreamer: gst_parse_launchv_full (gst/gstparse.c).
func JoinArgv(argv []string) string {
	var b strings.Builder
	for _, a := range argv {
		b.WriteString(escapeArg(a))
		b.WriteByte(' ')
	}
	return b.String()
}

// ParseArgv parses command-line arguments joined by JoinArgv. Positions in
// errors and in the Graph are byte offsets in JoinArgv(argv).
//
// Safe for concurrent use.
//
// GStreamer: gst_parse_launchv (gst/gstparse.c), without the element
// creation and linking.
func ParseArgv(argv []string) (*Graph, error) {
	return Parse(JoinArgv(argv))
}
