package parse

// ErrorKind classifies a launch-line error. The values equal GStreamer's
// GstParseError codes. This package itself reports ErrorSyntax,
// ErrorEmptyBin and ErrorEmpty; the other kinds are for the builder that
// turns a Graph into elements.
//
// GStreamer: GstParseError (gst/gstparse.h).
type ErrorKind int

const (
	// ErrorSyntax: the description does not follow the grammar.
	//
	// GStreamer: GST_PARSE_ERROR_SYNTAX (gst/gstparse.h).
	ErrorSyntax ErrorKind = iota
	// ErrorNoSuchElement: a factory, bin type or URI handler is missing, or
	// a name reference cannot be resolved.
	//
	// GStreamer: GST_PARSE_ERROR_NO_SUCH_ELEMENT (gst/gstparse.h).
	ErrorNoSuchElement
	// ErrorNoSuchProperty: an element has no property of that name.
	//
	// GStreamer: GST_PARSE_ERROR_NO_SUCH_PROPERTY (gst/gstparse.h).
	ErrorNoSuchProperty
	// ErrorLink: two elements could not be linked.
	//
	// GStreamer: GST_PARSE_ERROR_LINK (gst/gstparse.h).
	ErrorLink
	// ErrorCouldNotSetProperty: a property value or preset was refused.
	//
	// GStreamer: GST_PARSE_ERROR_COULD_NOT_SET_PROPERTY (gst/gstparse.h).
	ErrorCouldNotSetProperty
	// ErrorEmptyBin: a bin has no elements.
	//
	// GStreamer: GST_PARSE_ERROR_EMPTY_BIN (gst/gstparse.h).
	ErrorEmptyBin
	// ErrorEmpty: the description has no elements at all.
	//
	// GStreamer: GST_PARSE_ERROR_EMPTY (gst/gstparse.h).
	ErrorEmpty
	// ErrorDelayedLink: a delayed link (on a sometimes pad) failed.
	//
	// GStreamer: GST_PARSE_ERROR_DELAYED_LINK (gst/gstparse.h).
	ErrorDelayedLink
)

// String returns the GLib enum nick of the kind ("syntax", "empty-bin", ...).
//
// GStreamer: GstParseError's GEnumValue nicks (gst/gstenumtypes.c).
func (k ErrorKind) String() string {
	switch k {
	case ErrorSyntax:
		return "syntax"
	case ErrorNoSuchElement:
		return "no-such-element"
	case ErrorNoSuchProperty:
		return "no-such-property"
	case ErrorLink:
		return "link"
	case ErrorCouldNotSetProperty:
		return "could-not-set-property"
	case ErrorEmptyBin:
		return "empty-bin"
	case ErrorEmpty:
		return "empty"
	case ErrorDelayedLink:
		return "delayed-link"
	}
	return "unknown"
}

// Error is a launch-line error: its kind, the byte offset in the description
// where it was found, and GStreamer's message for it.
//
// GStreamer: the GError of domain GST_PARSE_ERROR (gst/gstparse.c).
type Error struct {
	Kind ErrorKind
	Pos  int
	Msg  string
}

// Error returns the message as GStreamer words it ("syntax error",
// `specified empty bin "bin", not allowed`, "empty pipeline not allowed").
//
// GStreamer: GError.message (gst/parse/grammar.y.in).
func (e *Error) Error() string { return e.Msg }
