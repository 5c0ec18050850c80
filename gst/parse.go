package gst

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/gstmini/gstmini/gst/internal/parse"
)

// ParseErrorKind classifies a launch-line error. A kind is also an error
// value usable as an errors.Is target: errors.Is(err, ParseErrorLink)
// reports whether err is a *ParseError of that kind.
//
// GStreamer: GstParseError (gst/gstparse.h).
type ParseErrorKind int

// The launch-line error kinds, with GStreamer's values.
//
// GStreamer: GST_PARSE_ERROR_* (gst/gstparse.h).
const (
	// ParseErrorSyntax: the description does not follow the grammar.
	ParseErrorSyntax ParseErrorKind = ParseErrorKind(parse.ErrorSyntax)
	// ParseErrorNoSuchElement: a factory, bin type, URI handler or named
	// element does not exist.
	ParseErrorNoSuchElement ParseErrorKind = ParseErrorKind(parse.ErrorNoSuchElement)
	// ParseErrorNoSuchProperty: an element has no property of that name.
	ParseErrorNoSuchProperty ParseErrorKind = ParseErrorKind(parse.ErrorNoSuchProperty)
	// ParseErrorLink: two elements could not be linked.
	ParseErrorLink ParseErrorKind = ParseErrorKind(parse.ErrorLink)
	// ParseErrorCouldNotSetProperty: a property value or preset was refused.
	ParseErrorCouldNotSetProperty ParseErrorKind = ParseErrorKind(parse.ErrorCouldNotSetProperty)
	// ParseErrorEmptyBin: a bin has no elements.
	ParseErrorEmptyBin ParseErrorKind = ParseErrorKind(parse.ErrorEmptyBin)
	// ParseErrorEmpty: the description has no elements.
	ParseErrorEmpty ParseErrorKind = ParseErrorKind(parse.ErrorEmpty)
	// ParseErrorDelayedLink: a delayed link (to a sometimes pad) failed;
	// posted as a WARNING message by the source element on no-more-pads.
	ParseErrorDelayedLink ParseErrorKind = ParseErrorKind(parse.ErrorDelayedLink)
)

// String returns the GLib enum nick of the kind ("syntax", "no-such-element",
// "empty-bin", ...).
//
// GStreamer: GstParseError's GEnumValue nicks (gst/gstenumtypes.c).
func (k ParseErrorKind) String() string { return parse.ErrorKind(k).String() }

// Error makes a kind usable as an errors.Is target; it returns the nick.
//
// GStreamer: none (Go-only helper).
func (k ParseErrorKind) Error() string { return "parse error: " + k.String() }

// ParseError is an error from ParseLaunch and friends: its kind, the byte
// offset in the description the error refers to (the element, link or
// token; -1 when none applies), and GStreamer's message for it. Err holds
// the underlying cause when there is one (a *ParamError for property
// values).
//
// errors.Is(err, ParseErrorX) matches the kind; a ParseErrorNoSuchElement
// also matches ErrNoSuchElement.
//
// GStreamer: the GError of domain GST_PARSE_ERROR (gst/gstparse.c).
type ParseError struct {
	Kind ParseErrorKind
	Pos  int
	Msg  string
	Err  error
}

// Error returns the message as GStreamer words it, e.g. `no element "foo"`,
// `no property "bar" in element "fakesrc"`, `could not link fakesrc0 to
// fakesink0`, `specified empty bin "bin", not allowed`.
//
// GStreamer: GError.message (gst/parse/grammar.y.in).
func (e *ParseError) Error() string { return e.Msg }

// Unwrap returns the underlying cause, or nil.
//
// GStreamer: none (Go-only helper).
func (e *ParseError) Unwrap() error { return e.Err }

// Is reports whether target is e's kind (or ErrNoSuchElement for a
// no-such-element error).
//
// GStreamer: none (Go-only helper; g_error_matches).
func (e *ParseError) Is(target error) bool {
	if k, ok := target.(ParseErrorKind); ok {
		return k == e.Kind
	}
	return target == ErrNoSuchElement && e.Kind == ParseErrorNoSuchElement
}

// ParseFlags change how a description is turned into elements.
//
// GStreamer: GstParseFlags (gst/gstparse.h).
type ParseFlags uint32

// The parse flags.
//
// GStreamer: GST_PARSE_FLAG_* (gst/gstparse.h).
const (
	// ParseFlagNone: the default behaviour.
	ParseFlagNone ParseFlags = 0
	// ParseFlagFatalErrors: return no element (nil) when any error
	// occurred, instead of the partly built pipeline with the error.
	ParseFlagFatalErrors ParseFlags = 1 << 0
	// ParseFlagNoSingleElementBins: ParseBinFromDescriptionFull returns a
	// single element as is instead of wrapping it in a bin.
	ParseFlagNoSingleElementBins ParseFlags = 1 << 1
	// ParseFlagPlaceInBin: put several top-level elements in a "bin"
	// instead of a "pipeline".
	ParseFlagPlaceInBin ParseFlags = 1 << 2
)

// ParseContext collects information while a description is built: the
// factories that could not be made. Create it with NewParseContext and
// pass it to ParseLaunchFull. Safe for concurrent use.
//
// GStreamer: GstParseContext (gst/gstparse.c).
type ParseContext struct {
	mu      sync.Mutex
	missing []string
}

// NewParseContext returns an empty parse context.
//
// GStreamer: gst_parse_context_new (gst/gstparse.c).
func NewParseContext() *ParseContext { return &ParseContext{} }

// MissingElements returns the factory names (elements and bin types) that
// could not be created, in the order met, or nil when none. An element
// whose properties could not be set counts as missing, as in GStreamer.
//
// GStreamer: gst_parse_context_get_missing_elements (gst/gstparse.c).
func (c *ParseContext) MissingElements() []string {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.missing) == 0 {
		return nil
	}
	return append([]string(nil), c.missing...)
}

func (c *ParseContext) addMissing(name string) {
	if c == nil {
		return
	}
	c.mu.Lock()
	c.missing = append(c.missing, name)
	c.mu.Unlock()
}

// ParseLaunch builds a pipeline from a gst-launch description such as
// "fakesrc num-buffers=4 ! queue ! fakesink", with factories from the
// default registry. A description with one top-level element returns that
// element; otherwise the elements are put in a new Pipeline (pipeline0,
// pipeline1...).
//
// Errors are *ParseError. As in GStreamer an error does not always mean
// that nothing was built: the partly built element may be returned together
// with the error (both non-nil); use ParseLaunchFull with
// ParseFlagFatalErrors to get nil instead. Safe for concurrent use.
//
// GStreamer: gst_parse_launch (gst/gstparse.c).
func ParseLaunch(description string) (Element, error) {
	return ParseLaunchFull(description, nil, ParseFlagNone)
}

// ParseLaunchv is ParseLaunch for command-line arguments: each argument has
// its spaces outside double quotes escaped and the arguments are joined
// with spaces, so "video/x-raw, format=RGBA" stays one caps string. Error
// positions refer to the joined description.
//
// GStreamer: gst_parse_launchv (gst/gstparse.c).
func ParseLaunchv(argv []string) (Element, error) {
	return ParseLaunchvFull(argv, nil, ParseFlagNone)
}

// ParseLaunchvFull is ParseLaunchFull for command-line arguments (see
// ParseLaunchv).
//
// GStreamer: gst_parse_launchv_full (gst/gstparse.c).
func ParseLaunchvFull(argv []string, ctx *ParseContext, flags ParseFlags) (Element, error) {
	return ParseLaunchFull(parse.JoinArgv(argv), ctx, flags)
}

// ParseLaunchFull is ParseLaunch with a context (may be nil) that collects
// the missing factories, and flags. With ParseFlagFatalErrors any error
// makes it return a nil element; with ParseFlagPlaceInBin several
// top-level elements go into a "bin" rather than a "pipeline".
//
// GStreamer: gst_parse_launch_full (gst/gstparse.c).
func ParseLaunchFull(description string, ctx *ParseContext, flags ParseFlags) (Element, error) {
	b := &launchBuilder{reg: DefaultRegistry(), ctx: ctx, flags: flags, desc: description}
	el := b.build()
	if b.err != nil {
		if flags&ParseFlagFatalErrors != 0 && el != nil {
			b.dispose(el)
			el = nil
		}
		return el, b.err
	}
	return el, nil
}

// ParseBinFromDescription builds a Bin from a description ("bin.( desc )").
// With ghostUnlinkedPads, the first unlinked source pad and the first
// unlinked sink pad found in the bin (recursively) get ghost pads "src"
// and "sink" on the bin. Unlike ParseLaunch it returns nil on any error.
//
// GStreamer: gst_parse_bin_from_description (gst/gstutils.c).
func ParseBinFromDescription(desc string, ghostUnlinkedPads bool) (*Bin, error) {
	el, err := ParseBinFromDescriptionFull(desc, ghostUnlinkedPads, nil, ParseFlagNone)
	if err != nil {
		return nil, err
	}
	if b := AsBin(el); b != nil {
		return b, nil
	}
	return nil, &ParseError{Kind: ParseErrorSyntax, Pos: -1, Msg: "description did not produce a bin"}
}

// ParseBinFromDescriptionFull is ParseBinFromDescription with a context and
// flags. With ParseFlagNoSingleElementBins the description is parsed as
// is, so a single element is returned without a bin around it.
//
// GStreamer: gst_parse_bin_from_description_full (gst/gstutils.c).
func ParseBinFromDescriptionFull(desc string, ghostUnlinkedPads bool, ctx *ParseContext, flags ParseFlags) (Element, error) {
	var el Element
	var err error
	if flags&ParseFlagNoSingleElementBins != 0 {
		el, err = ParseLaunchFull(desc, ctx, flags)
	} else {
		el, err = ParseLaunchFull("bin.( "+desc+" )", ctx, flags)
	}
	if el == nil || err != nil {
		if err == nil {
			err = &ParseError{Kind: ParseErrorEmpty, Pos: -1, Msg: "empty pipeline not allowed"}
		}
		return nil, err
	}
	bin := AsBin(el)
	if bin == nil {
		return el, nil
	}
	if ghostUnlinkedPads {
		if p := binFindUnlinkedPad(bin, PadSrc); p != nil {
			if g := NewGhostPad("src", p); g != nil {
				bin.AddPad(&g.Pad)
			}
		}
		if p := binFindUnlinkedPad(bin, PadSink); p != nil {
			if g := NewGhostPad("sink", p); g != nil {
				bin.AddPad(&g.Pad)
			}
		}
	}
	return el, nil
}

// binFindUnlinkedPad returns the first unlinked pad of direction dir of an
// element in bin (recursively), or nil.
//
// GStreamer: gst_bin_find_unlinked_pad (gst/gstutils.c).
func binFindUnlinkedPad(bin *Bin, dir PadDirection) *Pad {
	for _, el := range bin.Recurse() {
		var pads []*Pad
		if dir == PadSrc {
			pads = el.SrcPads()
		} else {
			pads = el.SinkPads()
		}
		for _, p := range pads {
			if p.Peer() == nil {
				return p
			}
		}
	}
	return nil
}

// presetLoader is implemented by elements that load presets by name.
//
// GStreamer: GstPreset / gst_preset_load_preset (gst/gstpreset.h).
type presetLoader interface {
	LoadPreset(name string) bool
}

// uriSetter is implemented by URI handler elements that configure
// themselves from a URI.
//
// GStreamer: gst_uri_handler_set_uri (gst/gsturi.c).
type uriSetter interface {
	SetURI(uri string) error
}

// launchBuilder turns a parse.Graph into elements.
//
// GStreamer: graph_t (gst/parse/types.h) and the grammar actions.
type launchBuilder struct {
	reg   *Registry
	ctx   *ParseContext
	flags ParseFlags
	desc  string

	// err is the first error, as SET_ERROR keeps it.
	err *ParseError
	// made maps each graph element to what was created for it (absent
	// when creation failed).
	made map[*parse.Element]Element
}

// pendingErr is an error met while building, with the order in which the
// C grammar meets it: by position, then sequence within a position.
type pendingErr struct {
	pos, seq int
	e        *ParseError
}

func (b *launchBuilder) setError(kind ParseErrorKind, pos int, cause error, format string, args ...any) {
	if b.err == nil {
		b.err = &ParseError{Kind: kind, Pos: pos, Msg: fmt.Sprintf(format, args...), Err: cause}
	}
}

// lookupFactory finds a factory in the registry; "bin" and "pipeline" are
// always available, as GStreamer's core registers them in gst_init.
func (b *launchBuilder) lookupFactory(name string) *ElementClass {
	if c := b.reg.Lookup(name); c != nil {
		return c
	}
	switch name {
	case "bin":
		return BinClass()
	case "pipeline":
		return PipelineClass()
	}
	return nil
}

func (b *launchBuilder) build() Element {
	g, perr := parse.Parse(b.desc)
	b.made = make(map[*parse.Element]Element)

	// Phase 1: the grammar actions, in the order bison runs them. Errors
	// are collected with their position so the first one GStreamer would
	// set wins.
	var pending []pendingErr
	add := func(pos, seq int, e *ParseError) {
		if e != nil {
			pending = append(pending, pendingErr{pos, seq, e})
		}
	}
	unrecoverable := false
	if perr != nil {
		var pe *parse.Error
		if errors.As(perr, &pe) {
			add(pe.Pos, 2, &ParseError{Kind: ParseErrorKind(pe.Kind), Pos: pe.Pos, Msg: pe.Msg})
			unrecoverable = strings.HasPrefix(pe.Msg, "Unrecoverable syntax error")
		}
	}
	var top []Element
	var makeList func(els []*parse.Element) []Element
	makeList = func(els []*parse.Element) []Element {
		var out []Element
		for _, pe := range els {
			switch {
			case pe.IsBin:
				children := makeList(pe.Children)
				bin, errs := b.makeBin(pe, children)
				for _, e := range errs {
					add(pe.ClosePos, 0, e)
				}
				if bin == nil {
					out = append(out, children...) // unpacked
				} else {
					b.made[pe] = bin
					out = append(out, bin)
				}
			case pe.URIType != parse.URINone:
				el, e := b.makeFromURI(pe)
				add(pe.Pos, 0, e)
				if el != nil {
					b.made[pe] = el
					out = append(out, el)
				}
			default:
				el, e := b.makeElement(pe)
				add(pe.Pos, 0, e)
				if el == nil {
					b.ctx.addMissing(pe.Factory)
				} else {
					b.made[pe] = el
					out = append(out, el)
				}
			}
		}
		return out
	}
	top = makeList(g.Elements)

	// Link setup in the grammar (caps strings, missing ends).
	type linkJob struct {
		l    *parse.Link
		caps *Caps
	}
	var jobs []linkJob
	for i, l := range g.Links {
		var caps *Caps
		if l.HasCaps() {
			var cerr error
			if l.CapsOK {
				caps, cerr = ParseCaps(l.Caps)
			}
			if !l.CapsOK || cerr != nil || caps == nil {
				add(l.Pos, 0, &ParseError{Kind: ParseErrorLink, Pos: l.Pos, Err: cerr,
					Msg: fmt.Sprintf("could not parse caps \"%s\"", l.CapsRaw)})
				caps = nil
			}
		}
		srcMissing := l.Src.Name == "" && (l.Src.Element == nil || b.made[l.Src.Element] == nil)
		sinkMissing := l.Sink.Name == "" && (l.Sink.Element == nil || b.made[l.Sink.Element] == nil)
		// The grammar sets a link up once its sink is complete, after any
		// error of its ends' creation (the only way an end goes missing), so
		// these come after the other errors of this phase.
		setupPos := len(b.desc) + 1 + i
		switch {
		case srcMissing:
			add(setupPos, 1, &ParseError{Kind: ParseErrorLink, Pos: l.Pos,
				Msg: fmt.Sprintf("link has no source [sink=%s@%s]", l.Sink.Name, b.refPtr(l.Sink))})
			continue
		case sinkMissing:
			add(setupPos, 1, &ParseError{Kind: ParseErrorLink, Pos: l.Pos,
				Msg: fmt.Sprintf("link has no sink [source=%s@%s]", l.Src.Name, b.refPtr(l.Src))})
			continue
		}
		jobs = append(jobs, linkJob{l, caps})
	}
	var first pendingErr
	for _, p := range pending {
		if b.err == nil || p.pos < first.pos || (p.pos == first.pos && p.seq < first.seq) {
			first = p
			b.err = p.e
		}
	}

	if unrecoverable {
		for _, el := range top {
			b.dispose(el)
		}
		return nil
	}

	// Phase 2: put the elements in a pipeline (or bin) when there are
	// several, then resolve references and link.
	var ret Element
	switch len(top) {
	case 0:
		if b.err == nil {
			b.setError(ParseErrorEmpty, 0, nil, "empty pipeline not allowed")
		}
	case 1:
		ret = top[0]
	default:
		factory := "pipeline"
		if b.flags&ParseFlagPlaceInBin != 0 {
			factory = "bin"
		}
		c := b.lookupFactory(factory)
		container, err := c.Create("")
		if err != nil {
			b.setError(ParseErrorNoSuchElement, -1, err, "no element \"%s\"", factory)
			return nil
		}
		cb := AsBin(container)
		for _, el := range top {
			cb.Add(el)
		}
		ret = container
	}

	for _, j := range jobs {
		l := j.l
		src, ok := b.resolve(l.Src, ret)
		if !ok {
			if l.Src.Name != "" {
				b.setError(ParseErrorNoSuchElement, l.Src.Pos, nil, "No src-element named \"%s\" - omitting link", l.Src.Name)
			} else {
				b.setError(ParseErrorNoSuchElement, l.Src.Pos, nil, "No src-element found - omitting link")
			}
			continue
		}
		sink, ok := b.resolve(l.Sink, ret)
		if !ok {
			if l.Sink.Name != "" {
				// GStreamer 1.22 prints the source's name here.
				name := l.Src.Name
				if name == "" {
					name = "(null)"
				}
				b.setError(ParseErrorNoSuchElement, l.Sink.Pos, nil, "No sink-element named \"%s\" - omitting link", name)
			} else {
				b.setError(ParseErrorNoSuchElement, l.Sink.Pos, nil, "No sink-element found - omitting link")
			}
			continue
		}
		b.performLink(l, src, sink, j.caps)
	}
	return ret
}

// refPtr renders the element pointer of a link end as %p would.
func (b *launchBuilder) refPtr(r parse.Ref) string {
	if r.Element != nil {
		if el := b.made[r.Element]; el != nil {
			return fmt.Sprintf("%p", el)
		}
	}
	return "(nil)"
}

// resolve returns the element a link end refers to.
//
// GStreamer: gst_resolve_reference (gst/parse/grammar.y.in).
func (b *launchBuilder) resolve(r parse.Ref, top Element) (Element, bool) {
	if r.Element != nil {
		el := b.made[r.Element]
		return el, el != nil
	}
	if r.Name == "" || top == nil {
		return nil, false
	}
	if bin := AsBin(top); bin != nil {
		el := bin.ByName(r.Name)
		return el, el != nil
	}
	if top.Name() == r.Name {
		return top, true
	}
	return nil, false
}

// dispose brings an element that will not be returned back to NULL.
func (b *launchBuilder) dispose(el Element) {
	el.SetState(StateNull)
}

// makeElement creates a plain element with its properties and presets.
// On a missing factory or a refused property no element is made.
//
// GStreamer: gst_parse_element_make (gst/parse/grammar.y.in).
func (b *launchBuilder) makeElement(pe *parse.Element) (Element, *ParseError) {
	c := b.reg.Lookup(pe.Factory)
	if c == nil {
		return nil, &ParseError{Kind: ParseErrorNoSuchElement, Pos: pe.Pos,
			Msg: fmt.Sprintf("no element \"%s\"", pe.Factory)}
	}
	type setting struct {
		name string
		v    any
	}
	var settings []setting
	name := ""
	for _, p := range pe.Props {
		ps := c.FindProperty(p.Name)
		if ps == nil {
			return nil, &ParseError{Kind: ParseErrorNoSuchProperty, Pos: p.Pos,
				Msg: fmt.Sprintf("no property \"%s\" in element \"%s\"", p.Name, pe.Factory)}
		}
		v, err := parsePropertyValue(ps, p.Value)
		if err != nil {
			return nil, &ParseError{Kind: ParseErrorCouldNotSetProperty, Pos: p.Pos, Err: err,
				Msg: fmt.Sprintf("could not set property \"%s\" in element \"%s\" to \"%s\"", p.Name, pe.Factory, ps.Redact(p.Value))}
		}
		if p.Name == "name" {
			name, _ = v.(string)
			continue
		}
		settings = append(settings, setting{p.Name, v})
	}
	el, err := c.Create(name)
	if err != nil {
		return nil, &ParseError{Kind: ParseErrorNoSuchElement, Pos: pe.Pos, Err: err,
			Msg: fmt.Sprintf("no element \"%s\"", pe.Factory)}
	}
	for i, s := range settings {
		if err := el.Set(s.name, s.v); err != nil {
			b.dispose(el)
			return nil, &ParseError{Kind: ParseErrorCouldNotSetProperty, Pos: pe.Props[i].Pos, Err: err,
				Msg: fmt.Sprintf("could not set property \"%s\" in element \"%s\" to \"%s\"", s.name, pe.Factory, c.FindProperty(s.name).Redact(propValue(pe, s.name)))}
		}
	}
	var perr *ParseError
	for _, preset := range pe.Presets {
		e := presetError(el, preset, pe.Pos)
		if perr == nil {
			perr = e
		}
	}
	return el, perr
}

// propValue returns the last value written for property name.
func propValue(pe *parse.Element, name string) string {
	v := ""
	for _, p := range pe.Props {
		if p.Name == name {
			v = p.Value
		}
	}
	return v
}

// parsePropertyValue deserializes a launch-line value for ps.
//
// GStreamer: collect_value (gst/parse/grammar.y.in).
func parsePropertyValue(ps *ParamSpec, s string) (any, error) {
	v, err := ps.Parse(s)
	if err != nil {
		return nil, err
	}
	return ps.Validate(v)
}

// presetError loads a preset into el, returning GStreamer's error if it
// cannot.
//
// GStreamer: gst_parse_element_preset (gst/parse/grammar.y.in).
func presetError(el Element, preset string, pos int) *ParseError {
	pl, ok := el.(presetLoader)
	if !ok {
		return &ParseError{Kind: ParseErrorCouldNotSetProperty, Pos: pos,
			Msg: fmt.Sprintf("Element \"%s\" is not a GstPreset", el.Name())}
	}
	if preset == "" {
		return nil
	}
	if !pl.LoadPreset(preset) {
		return &ParseError{Kind: ParseErrorCouldNotSetProperty, Pos: pos,
			Msg: fmt.Sprintf("could not set preset \"%s\" in element \"%s\"", preset, el.Name())}
	}
	return nil
}

// makeBin creates a bin of the element's type holding children, then sets
// its properties. When the bin type does not exist it returns nil and the
// caller keeps the children at the enclosing level ("unpacking").
//
// GStreamer: the bin rule (gst/parse/grammar.y.in).
func (b *launchBuilder) makeBin(pe *parse.Element, children []Element) (Element, []*ParseError) {
	var errs []*ParseError
	c := b.lookupFactory(pe.Factory)
	var bin Element
	if c != nil {
		bin, _ = c.Create("")
	}
	if bin == nil || AsBin(bin) == nil {
		if bin != nil {
			b.dispose(bin)
		}
		b.ctx.addMissing(pe.Factory)
		errs = append(errs, &ParseError{Kind: ParseErrorNoSuchElement, Pos: pe.Pos,
			Msg: fmt.Sprintf("no bin \"%s\", unpacking elements", pe.Factory)})
		return nil, errs
	}
	bb := AsBin(bin)
	for _, ch := range children {
		bb.Add(ch)
	}
	for _, p := range pe.Props {
		if e := setElementProperty(bin, p); e != nil {
			errs = append(errs, e)
		}
	}
	return bin, errs
}

// setElementProperty sets one property of an existing element from its
// string form.
//
// GStreamer: gst_parse_element_set (gst/parse/grammar.y.in).
func setElementProperty(el Element, p parse.Prop) *ParseError {
	ps := el.element().FindProperty(p.Name)
	if ps == nil {
		return &ParseError{Kind: ParseErrorNoSuchProperty, Pos: p.Pos,
			Msg: fmt.Sprintf("no property \"%s\" in element \"%s\"", p.Name, el.Name())}
	}
	name := el.Name()
	v, err := parsePropertyValue(ps, p.Value)
	if err == nil {
		err = el.Set(p.Name, v)
	}
	if err != nil {
		return &ParseError{Kind: ParseErrorCouldNotSetProperty, Pos: p.Pos, Err: err,
			Msg: fmt.Sprintf("could not set property \"%s\" in element \"%s\" to \"%s\"", p.Name, name, ps.Redact(p.Value))}
	}
	return nil
}

// makeFromURI creates the source or sink element handling a URI.
//
// GStreamer: gst_element_make_from_uri (gst/gsturi.c) as called by the
// grammar.
func (b *launchBuilder) makeFromURI(pe *parse.Element) (Element, *ParseError) {
	typ, what := URISource, "source"
	if pe.URIType == parse.URISink {
		typ, what = URISink, "sink"
	}
	fail := &ParseError{Kind: ParseErrorNoSuchElement, Pos: pe.Pos,
		Msg: fmt.Sprintf("no %s element for URI \"%s\"", what, pe.URI)}
	scheme, _, ok := strings.Cut(pe.URI, ":")
	if !ok || scheme == "" {
		return nil, fail
	}
	c := b.reg.URIHandler(typ, strings.ToLower(scheme))
	if c == nil {
		return nil, fail
	}
	el, err := c.Create("")
	if err != nil {
		return nil, fail
	}
	if err := setURI(el, pe.URI, strings.ToLower(scheme)); err != nil {
		b.dispose(el)
		fail.Err = err
		return nil, fail
	}
	return el, nil
}

// setURI configures a URI handler element: through its SetURI method when
// it has one, else its "uri" property, else its "location" property (the
// path for file:// URIs).
//
// GStreamer: gst_uri_handler_set_uri (gst/gsturi.c).
func setURI(el Element, uri, scheme string) error {
	if s, ok := el.(uriSetter); ok {
		return s.SetURI(uri)
	}
	if el.element().FindProperty("uri") != nil {
		return el.SetString("uri", uri)
	}
	if el.element().FindProperty("location") != nil {
		loc := uri
		if scheme == "file" {
			u, err := url.Parse(uri)
			if err != nil {
				return err
			}
			loc = u.Path
		}
		return el.SetString("location", loc)
	}
	return fmt.Errorf("element %s cannot take a URI", el.Name())
}

// performLink links the two ends of a link as the description says, or
// arranges for it to happen when the source adds a sometimes pad.
//
// GStreamer: gst_parse_perform_link (gst/parse/grammar.y.in).
func (b *launchBuilder) performLink(l *parse.Link, src, sink Element, caps *Caps) {
	srcs, sinks := l.Src.Pads, l.Sink.Pads
	first := func(p []string) string {
		if len(p) > 0 {
			return p[0]
		}
		return ""
	}
	ok := false
	if len(srcs) == 0 || len(sinks) == 0 {
		sp, kp := first(srcs), first(sinks)
		found := linkPadsFilteredForParse(b.reg, src, sp, sink, kp, caps)
		if found && !l.AllPads {
			return
		}
		if found {
			for linkPadsFilteredForParse(b.reg, src, sp, sink, kp, caps) {
			}
		}
		ok = performDelayedLink(b.reg, src, sp, sink, kp, caps, l.AllPads) || l.AllPads
	} else if len(srcs) == len(sinks) {
		ok = true
		for i := range srcs {
			if linkPadsFilteredForParse(b.reg, src, srcs[i], sink, sinks[i], caps) {
				continue
			}
			if performDelayedLink(b.reg, src, srcs[i], sink, sinks[i], caps, l.AllPads) {
				continue
			}
			ok = false
			break
		}
	}
	if ok {
		return
	}
	if caps != nil {
		cs := caps.String()
		srcCan := elementCanDoCaps(src, PadSrc, caps)
		sinkCan := elementCanDoCaps(sink, PadSink, caps)
		switch {
		case !srcCan && sinkCan:
			b.setError(ParseErrorLink, l.Pos, nil, "could not link %s to %s, %s can't handle caps %s", src.Name(), sink.Name(), src.Name(), cs)
		case srcCan && !sinkCan:
			b.setError(ParseErrorLink, l.Pos, nil, "could not link %s to %s, %s can't handle caps %s", src.Name(), sink.Name(), sink.Name(), cs)
		case !srcCan && !sinkCan:
			b.setError(ParseErrorLink, l.Pos, nil, "could not link %s to %s, neither element can handle caps %s", src.Name(), sink.Name(), cs)
		default:
			b.setError(ParseErrorLink, l.Pos, nil, "could not link %s to %s with caps %s", src.Name(), sink.Name(), cs)
		}
		return
	}
	b.setError(ParseErrorLink, l.Pos, nil, "could not link %s to %s", src.Name(), sink.Name())
}

// elementCanDoCaps reports whether a pad of el in direction dir has caps
// (current or queried) that intersect caps.
//
// GStreamer: gst_parse_element_can_do_caps (gst/parse/grammar.y.in).
func elementCanDoCaps(el Element, dir PadDirection, caps *Caps) bool {
	pads := el.SinkPads()
	if dir == PadSrc {
		pads = el.SrcPads()
	}
	for _, p := range pads {
		c := p.CurrentCaps()
		if c == nil {
			c = p.QueryCaps(nil)
		}
		if c.CanIntersect(caps) {
			return true
		}
	}
	return false
}

// linkPadsFilteredForParse links src to sink like LinkPads; with caps it
// puts a new "capsfilter" element (from reg) holding them in src's bin and
// links src ! capsfilter ! sink. It reports whether the link was made.
//
// GStreamer: gst_element_link_pads_filtered (gst/gstutils.c).
func linkPadsFilteredForParse(reg *Registry, src Element, srcPad string, sink Element, sinkPad string, caps *Caps) bool {
	if caps == nil {
		return LinkPads(src, srcPad, sink, sinkPad) == nil
	}
	c := reg.Lookup("capsfilter")
	if c == nil {
		return false
	}
	parent, ok := src.Parent().(Element)
	if !ok || AsBin(parent) == nil {
		return false
	}
	cf, err := c.Create("")
	if err != nil {
		return false
	}
	// The caps are set before the state change (GStreamer sets them after)
	// because a property may not be mutable in PAUSED here.
	if err := cf.Set("caps", caps); err != nil {
		return false
	}
	cf.element().SetLockedState(true)
	bin := AsBin(parent)
	if bin.Add(cf) != nil {
		return false
	}
	state := parent.element().CurrentState()
	if pending := parent.element().PendingState(); pending != StateVoidPending {
		state = pending
	}
	cf.SetState(state)
	lr1 := LinkPads(src, srcPad, cf, "sink") == nil
	lr2 := lr1 && LinkPads(cf, "src", sink, sinkPad) == nil
	if lr1 && lr2 {
		cf.element().SetLockedState(false)
		cf.element().SyncStateWithParent()
		return true
	}
	cf.SetState(StateNull)
	bin.Remove(cf)
	return false
}

// delayedLink is a link waiting for the source element to add a
// sometimes pad.
//
// GStreamer: DelayedLink (gst/parse/grammar.y.in).
type delayedLink struct {
	reg             *Registry
	srcPad, sinkPad string
	sink            Element
	caps            *Caps
	allPads         bool
	linkMu          sync.Mutex
	done            atomic.Bool // the handlers are "disconnected"
}

// performDelayedLink arranges for src to be linked to sink when src adds a
// pad, if src has a sometimes source pad template. It reports whether it
// did.
//
// GStreamer: gst_parse_perform_delayed_link (gst/parse/grammar.y.in).
func performDelayedLink(reg *Registry, src Element, srcPad string, sink Element, sinkPad string, caps *Caps, allPads bool) bool {
	cls := src.Class()
	if cls == nil {
		return false
	}
	for _, t := range cls.PadTemplates {
		if t.Direction != PadSrc || t.Presence != PadSometimes {
			continue
		}
		d := &delayedLink{reg: reg, srcPad: srcPad, sink: sink, sinkPad: sinkPad, caps: caps, allPads: allPads}
		src.element().ConnectPadAdded(d.foundPad)
		src.element().ConnectNoMorePads(d.noMorePads)
		return true
	}
	return false
}

// foundPad tries the delayed link when src adds a pad.
//
// GStreamer: gst_parse_found_pad (gst/parse/grammar.y.in).
func (d *delayedLink) foundPad(src Element, _ *Pad) {
	if d.done.Load() {
		return
	}
	d.linkMu.Lock()
	defer d.linkMu.Unlock()
	if d.done.Load() {
		return
	}
	if linkPadsFilteredForParse(d.reg, src, d.srcPad, d.sink, d.sinkPad, d.caps) && !d.allPads {
		d.done.Store(true)
	}
}

// noMorePads warns that a delayed link was never made.
//
// GStreamer: gst_parse_no_more_pads (gst/parse/grammar.y.in).
func (d *delayedLink) noMorePads(src Element) {
	if d.allPads || d.done.Load() {
		return
	}
	src.element().PostWarning(&ParseError{Kind: ParseErrorDelayedLink, Pos: -1, Msg: "Delayed linking failed."},
		fmt.Sprintf("failed delayed linking %s to %s", prettyPadName(src, d.srcPad), prettyPadName(d.sink, d.sinkPad)))
}

// prettyPadName formats "pad src of GstFoo named foo0" or "some pad of
// GstFoo named foo0".
//
// GStreamer: PRETTY_PAD_NAME_FMT (gst/parse/grammar.y.in).
func prettyPadName(el Element, pad string) string {
	if pad == "" {
		return fmt.Sprintf("some pad of %s named %s", el.TypeName(), el.Name())
	}
	return fmt.Sprintf("pad %s of %s named %s", pad, el.TypeName(), el.Name())
}
