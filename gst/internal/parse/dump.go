package parse

import (
	"strconv"
	"strings"
)

// String dumps the graph, one element or link per line, for logs and golden
// tests. Elements are numbered "#N" in source order (a bin before its
// children) and shown as
//
//	#0 fakesrc num-buffers="4" @preset="p"
//	#1 bin(pipeline) name="john" {
//	  #2 identity
//	}
//	#3 uri-src "file:///tmp/x"
//
// followed by the links in order:
//
//	link #0.src ! #2.sink caps="video/x-raw"
//	link t.src_%u : #3
//	link <none> ! #3
//
// where "!" or ":" tells an ordinary link from an all-pads link, "#N" is an
// element end, "name." a name reference and "<none>" a missing end. Values
// are Go-quoted.
//
// GStreamer: none (Go-only helper).
func (g *Graph) String() string {
	var b strings.Builder
	ids := make(map[*Element]int)
	var number func(els []*Element)
	number = func(els []*Element) {
		for _, e := range els {
			ids[e] = len(ids)
			number(e.Children)
		}
	}
	number(g.Elements)
	var dump func(els []*Element, indent string)
	dump = func(els []*Element, indent string) {
		for _, e := range els {
			b.WriteString(indent)
			b.WriteString("#")
			b.WriteString(strconv.Itoa(ids[e]))
			b.WriteString(" ")
			switch {
			case e.URIType == URISrc:
				b.WriteString("uri-src " + strconv.Quote(e.URI))
			case e.URIType == URISink:
				b.WriteString("uri-sink " + strconv.Quote(e.URI))
			case e.IsBin:
				b.WriteString("bin(" + e.Factory + ")")
			default:
				b.WriteString(e.Factory)
			}
			for _, p := range e.Props {
				b.WriteString(" " + p.Name + "=" + strconv.Quote(p.Value))
			}
			for _, p := range e.Presets {
				b.WriteString(" @preset=" + strconv.Quote(p))
			}
			if e.IsBin {
				b.WriteString(" {\n")
				dump(e.Children, indent+"  ")
				b.WriteString(indent + "}")
			}
			b.WriteString("\n")
		}
	}
	dump(g.Elements, "")
	ref := func(r Ref) string {
		var s string
		switch {
		case r.Element != nil:
			s = "#" + strconv.Itoa(ids[r.Element])
			if len(r.Pads) > 0 {
				s += "."
			}
		case r.Name != "":
			s = r.Name + "."
		default:
			s = "<none>"
			if len(r.Pads) > 0 {
				s += "."
			}
		}
		return s + strings.Join(r.Pads, ",")
	}
	for _, l := range g.Links {
		op := " ! "
		if l.AllPads {
			op = " : "
		}
		b.WriteString("link " + ref(l.Src) + op + ref(l.Sink))
		if l.HasCaps() {
			if l.CapsOK {
				b.WriteString(" caps=" + strconv.Quote(l.Caps))
			} else {
				b.WriteString(" bad-caps=" + strconv.Quote(l.CapsRaw))
			}
		}
		b.WriteString("\n")
	}
	return b.String()
}
