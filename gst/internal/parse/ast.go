package parse

// Graph is the result of parsing a launch description: the top-level
// elements in the order they appear, and every link of the description (at
// any bin depth) in the order GStreamer sets them up.
//
// Elements are created in the order of CreationOrder: depth first, a bin's
// children before the bin itself, as the C grammar reduces them. Links are
// performed after all elements exist, in the order of Links; a link's name
// references are resolved from the top-level container (searching bins
// recursively), so forward references work.
//
// A Graph with more than one top-level element becomes a pipeline (or a bin)
// holding them; a single one is returned as is.
//
// GStreamer: graph_t and chain_t (gst/parse/types.h).
type Graph struct {
	Elements []*Element
	Links    []*Link
}

// URIType tells whether a URI element is a source or a sink.
//
// GStreamer: GstURIType (gst/gsturi.h).
type URIType int

const (
	// URINone marks an element that is not made from a URI.
	//
	// GStreamer: GST_URI_UNKNOWN (gst/gsturi.h).
	URINone URIType = iota
	// URISrc marks a URI at the start of a chain ("file:///x ! fakesink").
	//
	// GStreamer: GST_URI_SRC (gst/gsturi.h).
	URISrc
	// URISink marks a URI at the end of a chain ("fakesrc ! file:///x").
	//
	// GStreamer: GST_URI_SINK (gst/gsturi.h).
	URISink
)

// Element is one element of the description: a factory with properties and
// presets, a bin with children, or an element made from a URI.
//
// For a plain element Factory is the factory name and Props/Presets are in
// the order written; GStreamer creates the element with all Props, then
// loads each preset in turn.
//
// For a bin ("( ... )" or "type.( ... )") IsBin is set, Factory is "bin" or
// the given type, Props are the assignments right after the opening
// parenthesis and Children the bin's elements. GStreamer creates the
// children first, then the bin, adds the children to it and then sets the
// Props. If the bin factory does not exist, the children are "unpacked" into
// the enclosing container and Props are dropped.
//
// For a URI element URI holds the (unescaped) URI, URIType its direction and
// Factory is empty.
//
// Pos is the byte offset of the element's first character (the factory
// name, the bin opener or the URI); ClosePos is the offset of a bin's ')'.
//
// GStreamer: element_t (gst/parse/types.h).
type Element struct {
	Factory  string
	Props    []Prop
	Presets  []string
	IsBin    bool
	Children []*Element
	URI      string
	URIType  URIType
	Pos      int
	ClosePos int
}

// Prop is one "name=value" assignment. Value has its surrounding double
// quotes removed and is unescaped (gst_parse_unescape); typed prefixes such
// as "(int)3" and the text of caps strings are kept as written, since the
// property's type decides how the value is deserialized. Name may be a
// child-proxy path ("child::prop").
//
// GStreamer: the ASSIGNMENT token and gst_parse_split_assignment
// (gst/parse/grammar.y.in).
type Prop struct {
	Name  string
	Value string
	Pos   int
}

// Ref is one end of a link. Exactly one of three forms holds:
//   - Element != nil: an element or bin of the description;
//   - Name != "": a reference "name." to an element named so, resolved when
//     the graph is built;
//   - neither: the end is missing (an empty bin, or a chain that starts with
//     a reference or ends with a reference or URI, as GStreamer sees it); the
//     builder must report GStreamer's Link error "link has no source" or
//     "link has no sink" for it, as it does for an element that could not be
//     created.
//
// Pads are the pad names given with the reference (".src", "name.pad1,pad2"),
// possibly request-template names like "src_%u"; none means "any pad".
//
// GStreamer: reference_t (gst/parse/types.h).
type Ref struct {
	Element *Element
	Name    string
	Pads    []string
	Pos     int
}

// IsEmpty reports whether the reference points to nothing.
//
// GStreamer: none (Go-only helper).
func (r Ref) IsEmpty() bool { return r.Element == nil && r.Name == "" }

// Link is one link ("!" or ":") between two references. Caps is the filter
// caps string written between the link operators ("a ! video/x-raw ! b"),
// with str_unwrap's escapes resolved, or "" when none was given; GStreamer
// links through a capsfilter-like filtered link for it. CapsRaw is the caps
// text as written; if CapsRaw != "" and CapsOK is false the escapes were
// malformed and the builder must report GStreamer's Link error
// `could not parse caps "CapsRaw"`, as it must when Caps does not parse.
// AllPads is set for ":" links, which link every compatible pad.
// Pos is the byte offset of the link token.
//
// GStreamer: link_t (gst/parse/types.h).
type Link struct {
	Src     Ref
	Sink    Ref
	Caps    string
	CapsRaw string
	CapsOK  bool
	AllPads bool
	Pos     int
}

// HasCaps reports whether the link carries a filter caps string.
//
// GStreamer: none (Go-only helper).
func (l *Link) HasCaps() bool { return l.CapsRaw != "" }

// CreationOrder returns every element of the graph, bins included, in the
// order GStreamer creates them: source order, with a bin's children (in
// order) before the bin itself.
//
// GStreamer: none (Go-only helper; follows the reductions of grammar.y.in).
func (g *Graph) CreationOrder() []*Element {
	var out []*Element
	var walk func(els []*Element)
	walk = func(els []*Element) {
		for _, e := range els {
			if e.IsBin {
				walk(e.Children)
			}
			out = append(out, e)
		}
	}
	walk(g.Elements)
	return out
}
