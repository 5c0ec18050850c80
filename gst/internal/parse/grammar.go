package parse

import (
	"fmt"
	"slices"
	"strings"
)

// maxDepth bounds the nesting of bins. Bison gives up ("memory exhausted")
// when its stack passes YYMAXDEPTH (10000) entries, which a few thousand
// nested bins reach; 1000 levels is far beyond any real description and keeps
// the recursion small.
const maxDepth = 1000

// chain is a run of elements linked with '!' plus the references at its two
// ends, as the grammar builds it.
//
// GStreamer: chain_t (gst/parse/types.h).
type chain struct {
	first, last Ref
	elements    []*Element
	// padsPos is the offset of the first pad name in last.Pads.
	padsPos int
}

// concatPads returns a new slice holding a then b, or nil if both are
// empty.
func concatPads(a, b []string) []string {
	if len(a)+len(b) == 0 {
		return nil
	}
	return slices.Concat(a, b)
}

// addLastPads appends the pads given after the chain's last element.
func (c *chain) addLastPads(pads []string, pos int) {
	if len(pads) == 0 {
		return
	}
	if len(c.last.Pads) == 0 {
		c.padsPos = pos
	}
	c.last.Pads = concatPads(c.last.Pads, pads)
}

type parser struct {
	desc  string
	lx    lexer
	tok   token
	err   *Error
	links []*Link
	depth int
}

// Parse parses a launch description into a Graph.
//
// The error, if any, is an *Error and the first one GStreamer would report
// from the grammar: ErrorSyntax (including "unexpected reference" and
// "unexpected pad-reference", after which parsing goes on and the dangling
// reference is dropped), ErrorEmptyBin (parsing goes on, the bin has no
// children) or ErrorEmpty. The Graph is never nil: after an ErrorSyntax that
// stops the grammar it holds every element completed before the error
// position, those of unfinished bins moved up to the enclosing level, and
// the links among them: GStreamer has created those already and reports an
// error from creating one of them in preference to the syntax error.
//
// Errors found while building (missing factories, properties, links) are
// the builder's: GStreamer reports the first error in the order it meets
// them, which Element.Pos, Element.ClosePos, Link.Pos and Error.Pos allow to
// reproduce.
//
// A description made only of references ("t. ! t.") gives a Graph with
// links but no elements and no error; GStreamer 1.22 crashes on it, so the
// builder must report the unresolvable names itself.
//
// Safe for concurrent use.
//
// GStreamer: priv_gst_parse_launch (gst/parse/grammar.y.in), without the
// element creation and linking.
func Parse(desc string) (*Graph, error) {
	if i := strings.IndexByte(desc, 0); i >= 0 {
		return &Graph{}, &Error{Kind: ErrorSyntax, Pos: i, Msg: "syntax error"}
	}
	p := &parser{desc: desc, lx: lexer{src: desc}}
	p.advance()
	cl, ok := p.chainlist(false)
	g := &Graph{Links: p.links}
	if cl != nil {
		g.Elements = cl.elements
	}
	if !ok {
		g.Links = pruneLinks(g)
	} else if cl == nil {
		p.setError(ErrorEmpty, 0, "empty pipeline not allowed")
	}
	if p.err != nil {
		return g, p.err
	}
	return g, nil
}

// pruneLinks keeps the links whose element ends are in g.
func pruneLinks(g *Graph) []*Link {
	in := make(map[*Element]bool)
	for _, e := range g.CreationOrder() {
		in[e] = true
	}
	var out []*Link
	for _, l := range g.Links {
		if (l.Src.Element == nil || in[l.Src.Element]) && (l.Sink.Element == nil || in[l.Sink.Element]) {
			out = append(out, l)
		}
	}
	return out
}

func (p *parser) advance() { p.tok = p.lx.next() }

// setError records an error unless one is already recorded: like
// SET_ERROR, the first error wins.
func (p *parser) setError(kind ErrorKind, pos int, msg string) {
	if p.err == nil {
		p.err = &Error{Kind: kind, Pos: pos, Msg: msg}
	}
}

// syntaxError records a grammar error at the current token; the caller
// unwinds by returning false.
func (p *parser) syntaxError() bool {
	p.setError(ErrorSyntax, p.tok.pos, "syntax error")
	return false
}

func (p *parser) isChar(c byte) bool { return p.tok.kind == tokChar && p.tok.ch == c }

// startsChain reports whether the current token can start a chain.
func (p *parser) startsChain() bool {
	switch p.tok.kind {
	case tokIdentifier, tokBinRef, tokURL, tokRef:
		return true
	}
	return p.isChar('(')
}

// chainlist parses chains up to the end of input (top level) or up to the
// ')' closing a bin, which is left as the current token. It returns nil when
// there is no chain at all.
//
// GStreamer: the chainlist rule (gst/parse/grammar.y.in).
func (p *parser) chainlist(inBin bool) (*chain, bool) {
	var cl *chain
	for {
		switch {
		case p.tok.kind == tokEOF:
			if inBin {
				return cl, p.syntaxError()
			}
			return cl, true
		case p.isChar(')'):
			if inBin {
				return cl, true
			}
			return cl, p.syntaxError()
		case p.startsChain():
			c, ok := p.chain()
			if c != nil {
				if cl == nil {
					cl = c
				} else {
					c.first = cl.first
					c.elements = append(cl.elements, c.elements...)
					cl = c
				}
			}
			if !ok {
				return cl, false
			}
		default:
			return cl, p.syntaxError()
		}
	}
}

// chain parses one chain: an open chain, possibly closed by a link to a
// reference or a sink URI. On failure it returns what was completed.
//
// GStreamer: the chain and openchain rules (gst/parse/grammar.y.in).
func (p *parser) chain() (*chain, bool) {
	var oc *chain
	switch p.tok.kind {
	case tokURL:
		el := &Element{URI: p.tok.val, URIType: URISrc, Pos: p.tok.pos}
		oc = &chain{last: Ref{Element: el, Pos: el.Pos}, elements: []*Element{el}}
		p.advance()
	case tokRef:
		ref, ok := p.reference()
		if !ok {
			return nil, false
		}
		oc = &chain{last: ref}
	default:
		e, ok := p.elementary()
		if !ok {
			return e, false
		}
		padsPos := p.tok.pos
		pads, ok := p.pads()
		e.addLastPads(pads, padsPos)
		if !ok {
			return e, false
		}
		oc = e
	}

	for p.tok.kind == tokLink || p.tok.kind == tokLinkAll {
		l := p.link()
		p.advance()
		switch {
		case p.tok.kind == tokURL:
			el := &Element{URI: p.tok.val, URIType: URISink, Pos: p.tok.pos}
			l.Src = oc.last
			l.Sink = Ref{Element: el, Pos: el.Pos}
			p.links = append(p.links, l)
			oc.last = Ref{}
			oc.elements = append(oc.elements, el)
			p.advance()
			return oc, true
		case p.tok.kind == tokRef:
			ref, ok := p.reference()
			if !ok {
				return oc, false
			}
			l.Src = oc.last
			l.Sink = ref
			p.links = append(p.links, l)
			oc.last = Ref{}
			return oc, true
		case p.tok.kind == tokPadRef || p.tok.kind == tokIdentifier ||
			p.tok.kind == tokBinRef || p.isChar('('):
			sinkPads, ok := p.pads()
			if !ok {
				return oc, false
			}
			e, ok := p.elementary()
			if !ok {
				if e != nil {
					oc.elements = append(oc.elements, e.elements...)
				}
				return oc, false
			}
			padsPos := p.tok.pos
			srcPads, ok := p.pads()
			l.Src = oc.last
			l.Sink = e.first
			l.Sink.Pads = concatPads(sinkPads, e.first.Pads)
			p.links = append(p.links, l)
			e.first = oc.first
			e.elements = append(oc.elements, e.elements...)
			e.addLastPads(srcPads, padsPos)
			oc = e
			if !ok {
				return oc, false
			}
		default:
			return oc, p.syntaxError()
		}
	}

	// chain: openchain. A dangling reference at the end is reported and
	// dropped, and parsing goes on.
	if oc.last.Name != "" {
		p.setError(ErrorSyntax, oc.last.Pos,
			fmt.Sprintf("unexpected reference \"%s\" - ignoring", oc.last.Name))
		oc.last.Name = ""
	}
	if len(oc.last.Pads) > 0 {
		p.setError(ErrorSyntax, oc.padsPos,
			fmt.Sprintf("unexpected pad-reference \"%s\" - ignoring", oc.last.Pads[0]))
		oc.last.Pads = nil
	}
	return oc, true
}

// link turns the current LINK or LINK_ALL token into a Link.
//
// GStreamer: the link rule (gst/parse/grammar.y.in).
func (p *parser) link() *Link {
	l := &Link{AllPads: p.tok.kind == tokLinkAll, Pos: p.tok.pos, CapsOK: true}
	if p.tok.hasVal {
		l.CapsRaw = p.tok.val
		l.Caps, l.CapsOK = strUnwrap(p.tok.val)
	}
	return l
}

// elementary parses an element with its assignments and presets, or a bin.
//
// GStreamer: the element and elementary rules (gst/parse/grammar.y.in).
func (p *parser) elementary() (*chain, bool) {
	if p.tok.kind == tokBinRef || p.isChar('(') {
		return p.bin()
	}
	if p.tok.kind != tokIdentifier {
		return nil, p.syntaxError()
	}
	el := &Element{Factory: p.tok.val, Pos: p.tok.pos}
	p.advance()
	for {
		switch p.tok.kind {
		case tokAssignment:
			name, value := splitAssignment(p.tok.val)
			el.Props = append(el.Props, Prop{Name: name, Value: value, Pos: p.tok.pos})
		case tokPreset:
			el.Presets = append(el.Presets, unescape(p.tok.val))
		default:
			ref := Ref{Element: el, Pos: el.Pos}
			return &chain{first: ref, last: ref, elements: []*Element{el}}, true
		}
		p.advance()
	}
}

// bin parses "( ... )" or "type.( ... )" with the assignments right after
// the opening parenthesis. The bin's chain keeps the references of its
// inner chain, so links into and out of the bin go to its children.
//
// GStreamer: the bin and binopener rules (gst/parse/grammar.y.in).
func (p *parser) bin() (*chain, bool) {
	if p.depth >= maxDepth {
		p.setError(ErrorSyntax, p.tok.pos,
			"Unrecoverable syntax error while parsing pipeline "+p.desc)
		return nil, false
	}
	p.depth++
	defer func() { p.depth-- }()

	el := &Element{IsBin: true, Factory: "bin", Pos: p.tok.pos}
	if p.tok.kind == tokBinRef {
		el.Factory = p.tok.val
	}
	p.advance()
	for p.tok.kind == tokAssignment {
		name, value := splitAssignment(p.tok.val)
		el.Props = append(el.Props, Prop{Name: name, Value: value, Pos: p.tok.pos})
		p.advance()
	}
	inner, ok := p.chainlist(true)
	if !ok {
		// GStreamer has created the children completed so far (and may
		// have reported an error for them); hand them up, unpacked.
		return inner, false
	}
	el.ClosePos = p.tok.pos
	if inner == nil {
		p.setError(ErrorEmptyBin, el.Pos,
			fmt.Sprintf("specified empty bin \"%s\", not allowed", el.Factory))
		inner = &chain{}
	}
	el.Children = inner.elements
	p.advance()
	return &chain{first: inner.first, last: inner.last, elements: []*Element{el}}, true
}

// pads parses an optional ".pad1,pad2,..." list.
//
// GStreamer: the pads rule (gst/parse/grammar.y.in).
func (p *parser) pads() ([]string, bool) {
	if p.tok.kind != tokPadRef {
		return nil, true
	}
	pads := []string{p.tok.val}
	p.advance()
	return p.morepads(pads)
}

// morepads parses ",pad" continuations, appending them to pads.
//
// GStreamer: the morepads rule (gst/parse/grammar.y.in).
func (p *parser) morepads(pads []string) ([]string, bool) {
	for p.isChar(',') {
		p.advance()
		if p.tok.kind != tokIdentifier {
			return pads, p.syntaxError()
		}
		pads = append(pads, p.tok.val)
		p.advance()
	}
	return pads, true
}

// reference parses "name." or "name.pad" and its ",pad" continuations.
//
// GStreamer: the reference rule (gst/parse/grammar.y.in).
func (p *parser) reference() (Ref, bool) {
	text := p.tok.val
	dot := strings.IndexByte(text, '.')
	ref := Ref{Name: text[:dot], Pos: p.tok.pos}
	if pad := text[dot+1:]; pad != "" {
		ref.Pads = []string{pad}
	}
	p.advance()
	var ok bool
	ref.Pads, ok = p.morepads(ref.Pads)
	return ref, ok
}
