package parse

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

// TestParseStructure checks Graph fields directly, beyond the dump.
func TestParseStructure(t *testing.T) {
	// PIPELINE2 of parse-launch.c: spaces around '=', escaped space.
	g, err := Parse(`fakesrc name=donald num-buffers= 27 silent =TruE sizetype = 3 data=   Subbuffer\ data`)
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Elements) != 1 || len(g.Links) != 0 {
		t.Fatalf("got %d elements, %d links", len(g.Elements), len(g.Links))
	}
	want := []Prop{
		{"name", "donald", 8},
		{"num-buffers", "27", 20},
		{"silent", "TruE", 36},
		{"sizetype", "3", 49},
		{"data", "Subbuffer data", 62},
	}
	if e := g.Elements[0]; e.Factory != "fakesrc" || e.Pos != 0 || !reflect.DeepEqual(e.Props, want) {
		t.Errorf("element = %+v, want fakesrc with %+v", *e, want)
	}

	// A link with caps and pads, a name reference with a pad list.
	g, err = Parse("a .src ! video/x-raw,framerate=30/1 ! .sink b  t.src_%u,src_%u ! c")
	if err != nil {
		t.Fatal(err)
	}
	a, b, c := g.Elements[0], g.Elements[1], g.Elements[2]
	wantLinks := []*Link{
		{Src: Ref{Element: a, Pads: []string{"src"}, Pos: 0}, Sink: Ref{Element: b, Pads: []string{"sink"}, Pos: 44},
			Caps: "video/x-raw,framerate=30/1", CapsRaw: "video/x-raw,framerate=30/1", CapsOK: true, Pos: 7},
		{Src: Ref{Name: "t", Pads: []string{"src_%u", "src_%u"}, Pos: 47}, Sink: Ref{Element: c, Pos: 65},
			CapsOK: true, Pos: 63},
	}
	if !reflect.DeepEqual(g.Links, wantLinks) {
		t.Errorf("links:\n%s\nwant links of:\na .src ! video/x-raw,framerate=30/1 ! .sink b  t.src_%%u,src_%%u ! c", g)
	}
	if !g.Links[0].HasCaps() || g.Links[1].HasCaps() {
		t.Errorf("HasCaps = %v, %v; want true, false", g.Links[0].HasCaps(), g.Links[1].HasCaps())
	}

	// A typed bin with properties; links go to the bin's children.
	g, err = Parse(`x ! pipeline.( name="john" latency = 5 a ! b ) ! y`)
	if err != nil {
		t.Fatal(err)
	}
	bin := g.Elements[1]
	if !bin.IsBin || bin.Factory != "pipeline" || bin.Pos != 4 || bin.ClosePos != 45 ||
		!reflect.DeepEqual(bin.Props, []Prop{{"name", "john", 15}, {"latency", "5", 27}}) ||
		len(bin.Children) != 2 {
		t.Errorf("bin = %+v", *bin)
	}
	if g.Links[1].Sink.Element != bin.Children[0] || g.Links[2].Src.Element != bin.Children[1] {
		t.Errorf("links into/out of the bin do not go to its children:\n%s", g)
	}

	// URIs on both ends; the URL is unescaped.
	g, err = Parse(`file:///tmp/a\ b ! identity ! file:///tmp/out`)
	if err != nil {
		t.Fatal(err)
	}
	if e := g.Elements[0]; e.URIType != URISrc || e.URI != "file:///tmp/a b" || e.Factory != "" {
		t.Errorf("source URI element = %+v", *e)
	}
	if e := g.Elements[2]; e.URIType != URISink || e.URI != "file:///tmp/out" {
		t.Errorf("sink URI element = %+v", *e)
	}

	// Presets keep their order and are unescaped; quotes stay.
	g, _ = Parse(`enc @preset=a\ b @preset="c d" bitrate=3`)
	if e := g.Elements[0]; !reflect.DeepEqual(e.Presets, []string{"a b", `"c d"`}) ||
		!reflect.DeepEqual(e.Props, []Prop{{"bitrate", "3", 31}}) {
		t.Errorf("presets/props = %q / %+v", e.Presets, e.Props)
	}
}

func TestCreationOrder(t *testing.T) {
	g, err := Parse("a ! ( b ( c ) d ) e x://y")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range g.CreationOrder() {
		switch {
		case e.URI != "":
			got = append(got, e.URI)
		case e.IsBin:
			got = append(got, "bin["+e.Children[0].Factory+"]")
		default:
			got = append(got, e.Factory)
		}
	}
	want := []string{"a", "b", "c", "bin[c]", "d", "bin[b]", "e", "x://y"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("CreationOrder = %q, want %q", got, want)
	}
}

func TestUnescape(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{``, ``},
		{`abc`, `abc`},
		{`a\ b`, `a b`},
		{`a\\b`, `a\b`},
		{`x\`, `x`},
		{`"a\ b"`, `"a\ b"`},
		{`"a \"b\" c"`, `"a \"b\" c"`},
		{`a\"b c`, `a"b c`},
		{`(string)"x\,x"`, `(string)"x\,x"`},
		{`(string)"x\"x\,x"`, `(string)"x\"x\,x"`},
		{`"q" \,`, `"q" ,`},
	} {
		if got := unescape(c.in); got != c.want {
			t.Errorf("unescape(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestSplitAssignment(t *testing.T) {
	for _, c := range []struct{ in, name, value string }{
		{`a=b`, "a", "b"},
		{"a \t= \n b", "a", "b"},
		{`a="b c"`, "a", "b c"},
		{`a="`, "a", ""},
		{`a=""`, "a", ""},
		{`a='b c'`, "a", "'b c'"},
		{`a="x" y"`, "a", `x" y`},
		{`caps="video/x-raw, format=(string)\"I420\""`, "caps", `video/x-raw, format=(string)"I420"`},
		{`child::prop=(int)3`, "child::prop", "(int)3"},
	} {
		name, value := splitAssignment(c.in)
		if name != c.name || value != c.value {
			t.Errorf("splitAssignment(%q) = %q, %q; want %q, %q", c.in, name, value, c.name, c.value)
		}
	}
}

func TestStrUnwrap(t *testing.T) {
	for _, c := range []struct {
		in, want string
		ok       bool
	}{
		{`video/x-raw`, `video/x-raw`, true},
		{`a,\ b`, `a, b`, true},
		{`a=\101`, `a=A`, true},
		{`a=\377`, "a=\xff", true},
		{`a=\9`, `a=9`, true},
		{`a=\19`, ``, false},
		{`a=\1`, ``, false},
		{`a\`, ``, false},
		{`x="\"q\""`, `x=""q""`, true},
	} {
		got, ok := strUnwrap(c.in)
		if got != c.want || ok != c.ok {
			t.Errorf("strUnwrap(%q) = %q, %v; want %q, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

func TestLexer(t *testing.T) {
	type tk struct {
		kind tokenKind
		val  string
	}
	for _, c := range []struct {
		in   string
		want []tk
	}{
		{"a b=c", []tk{{tokIdentifier, "a"}, {tokAssignment, "b=c"}}},
		{"@preset = x", []tk{{tokPreset, " x"}}},
		{".src t. t.src_%u", []tk{{tokPadRef, "src"}, {tokRef, "t."}, {tokRef, "t.src_%u"}}},
		{"pipeline . (", []tk{{tokBinRef, "pipeline"}}},
		{"! :", []tk{{tokLink, ""}, {tokLinkAll, ""}}},
		{"!  video/x-raw , a=1;b/c  :", []tk{{tokLinkAll, "video/x-raw , a=1;b/c"}}},
		{"file:///x d/e ./f /g", []tk{{tokURL, "file:///x"}, {tokURL, "d/e"}, {tokURL, "./f"}, {tokURL, "/g"}}},
		{"x/y", []tk{{tokIdentifier, "x"}, {tokURL, "/y"}}},
		{"a,b://c", []tk{{tokURL, "a,b://c"}}},
		{`a\ b://c`, []tk{{tokIdentifier, "a"}, {tokChar, ""}, {tokURL, "b://c"}}},
		{"( ) , ; = { } \" @", []tk{{tokChar, ""}, {tokChar, ""}, {tokChar, ""}, {tokChar, ""},
			{tokChar, ""}, {tokChar, ""}, {tokChar, ""}, {tokChar, ""}, {tokChar, ""}}},
	} {
		lx := lexer{src: c.in}
		var got []tk
		for tok := lx.next(); tok.kind != tokEOF; tok = lx.next() {
			got = append(got, tk{tok.kind, tok.val})
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("tokens of %q = %v, want %v", c.in, got, c.want)
		}
	}
}

func TestJoinArgv(t *testing.T) {
	for _, c := range []struct {
		argv []string
		want string
	}{
		{nil, ""},
		{[]string{"fakesrc"}, "fakesrc "},
		{[]string{"a", "!", "video/x-raw, format=RGBA", "!", "b"}, `a ! video/x-raw,\ format=RGBA ! b `},
		{[]string{`name="a b" c d`}, `name="a b"\ c\ d `},
		{[]string{`x="a \" b" c`}, `x="a \" b"\ c `},
	} {
		if got := JoinArgv(c.argv); got != c.want {
			t.Errorf("JoinArgv(%q) = %q, want %q", c.argv, got, c.want)
		}
	}
}

func TestParseArgv(t *testing.T) {
	// gst-launch-1.0 fakesrc ! "video/x-raw(memory:GLMemory), format=RGBA" ! fakesink
	g, err := ParseArgv([]string{"fakesrc", "!", "video/x-raw(memory:GLMemory), format=RGBA", "!", "fakesink"})
	if err != nil {
		t.Fatal(err)
	}
	want := "#0 fakesrc\n#1 fakesink\nlink #0 ! #1 caps=\"video/x-raw(memory:GLMemory), format=RGBA\"\n"
	if got := g.String(); got != want {
		t.Errorf("graph:\n%s\nwant:\n%s", got, want)
	}
	// gst-launch-1.0 filesrc location="my file.mp4" ! fakesink
	g, err = ParseArgv([]string{"filesrc", "location=my file.mp4", "!", "fakesink"})
	if err != nil {
		t.Fatal(err)
	}
	if p := g.Elements[0].Props; len(p) != 1 || p[0].Value != "my file.mp4" {
		t.Errorf("props = %+v, want location=my file.mp4", p)
	}
	if _, err := ParseArgv(nil); err == nil || err.(*Error).Kind != ErrorEmpty {
		t.Errorf("ParseArgv(nil) error = %v, want empty", err)
	}
}

func TestErrorKind(t *testing.T) {
	want := []string{"syntax", "no-such-element", "no-such-property", "link",
		"could-not-set-property", "empty-bin", "empty", "delayed-link"}
	for i, w := range want {
		if got := ErrorKind(i).String(); got != w {
			t.Errorf("ErrorKind(%d) = %q, want %q", i, got, w)
		}
	}
	if got := ErrorKind(99).String(); got != "unknown" {
		t.Errorf("ErrorKind(99) = %q", got)
	}
	e := &Error{Kind: ErrorSyntax, Pos: 3, Msg: "syntax error"}
	if e.Error() != "syntax error" {
		t.Errorf("Error() = %q", e.Error())
	}
}

func TestParseErrors(t *testing.T) {
	for _, c := range []struct {
		desc string
		kind ErrorKind
		pos  int
	}{
		{"", ErrorEmpty, 0},
		{" \t\n ", ErrorEmpty, 0},
		{"!", ErrorSyntax, 0},
		{"fakesrc !", ErrorSyntax, 9},
		{"! fakesink", ErrorSyntax, 0},
		{`fakesrc "x y"`, ErrorSyntax, 8},
		{"( fakesrc", ErrorSyntax, 9},
		{"fakesrc )", ErrorSyntax, 8},
		{"( )", ErrorEmptyBin, 0},
		{"a ! b.( ) ! c", ErrorEmptyBin, 4},
		{"a\x00b", ErrorSyntax, 1},
		{"a ! b. ! c", ErrorSyntax, 7},
		{"a ! file:///x ! c", ErrorSyntax, 14},
		{"a .src", ErrorSyntax, 2},
		{"a ! t.src,", ErrorSyntax, 10},
	} {
		_, err := Parse(c.desc)
		var pe *Error
		if !errors.As(err, &pe) || pe.Kind != c.kind || pe.Pos != c.pos {
			t.Errorf("Parse(%q) error = %#v, want kind %v at %d", c.desc, err, c.kind, c.pos)
		}
	}
}

func TestNestingLimit(t *testing.T) {
	deep := func(n int) string {
		return strings.Repeat("( ", n) + "fakesrc" + strings.Repeat(" )", n)
	}
	g, err := Parse(deep(maxDepth))
	if err != nil {
		t.Fatalf("%d nested bins: %v", maxDepth, err)
	}
	if n := len(g.CreationOrder()); n != maxDepth+1 {
		t.Errorf("%d elements, want %d", n, maxDepth+1)
	}
	_, err = Parse(deep(maxDepth + 1))
	var pe *Error
	if !errors.As(err, &pe) || pe.Kind != ErrorSyntax ||
		!strings.HasPrefix(pe.Msg, "Unrecoverable syntax error while parsing pipeline ") {
		t.Errorf("%d nested bins: error = %v, want unrecoverable syntax error", maxDepth+1, err)
	}
	// Unbalanced, very deep: must not blow the stack either.
	if _, err := Parse(strings.Repeat("(", 100000)); err == nil {
		t.Error("100000 '(' parsed without error")
	}
}

// checkGraph verifies invariants every Parse result must keep.
func checkGraph(t *testing.T, desc string, g *Graph, err error) {
	t.Helper()
	if g == nil {
		t.Fatalf("Parse(%q): nil Graph", desc)
	}
	if err != nil {
		var pe *Error
		if !errors.As(err, &pe) {
			t.Fatalf("Parse(%q): error %T is not *Error", desc, err)
		}
		if pe.Pos < 0 || pe.Pos > len(desc) || pe.Msg == "" {
			t.Fatalf("Parse(%q): bad error %+v", desc, *pe)
		}
	}
	in := make(map[*Element]bool)
	for _, e := range g.CreationOrder() {
		if in[e] {
			t.Fatalf("Parse(%q): element %+v appears twice", desc, *e)
		}
		in[e] = true
		if e.Pos < 0 || e.Pos >= len(desc) {
			t.Fatalf("Parse(%q): element position %d out of range", desc, e.Pos)
		}
		if (e.URIType != URINone) == (e.Factory != "") || e.IsBin && e.URIType != URINone {
			t.Fatalf("Parse(%q): inconsistent element %+v", desc, *e)
		}
	}
	for _, l := range g.Links {
		for _, r := range []Ref{l.Src, l.Sink} {
			if r.Element != nil && !in[r.Element] {
				t.Fatalf("Parse(%q): link end %+v not in the graph", desc, r)
			}
			if r.Element != nil && r.Name != "" {
				t.Fatalf("Parse(%q): link end %+v is both element and name", desc, r)
			}
		}
	}
	_ = g.String()
}

func FuzzParse(f *testing.F) {
	for _, cases := range allCases {
		for _, c := range cases {
			f.Add(c.desc)
		}
	}
	f.Add("a ! ( b ! ( c ! d ) ) ! e")
	f.Add(`x="a \" b" y='c' z=\"`)
	f.Fuzz(func(t *testing.T, desc string) {
		if len(desc) > 4096 {
			// The lexer, like flex, may rescan the rest of the input for each
			// token; keep fuzz inputs at command-line sizes.
			return
		}
		g, err := Parse(desc)
		checkGraph(t, desc, g, err)
		g2, err2 := Parse(desc)
		if g.String() != g2.String() || (err == nil) != (err2 == nil) {
			t.Fatalf("Parse(%q) is not deterministic", desc)
		}
	})
}
