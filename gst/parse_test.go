package gst_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gstmini/gstmini/gst"
)

// Small element classes for the launch tests, registered once into the
// default registry of the test binary: a source, a sink, an identity-like
// filter, a tee-like element with src_%u request pads, a demuxer-like
// element whose sometimes pad appears on READY→PAUSED, a capsfilter-like
// element registered as "capsfilter", and an element with presets.

var (
	ptAnySrc  = gst.MustNewPadTemplate("src", gst.PadSrc, gst.PadAlways, gst.NewCapsAny())
	ptAnySink = gst.MustNewPadTemplate("sink", gst.PadSink, gst.PadAlways, gst.NewCapsAny())
	ptReqSrc  = gst.MustNewPadTemplate("src_%u", gst.PadSrc, gst.PadRequest, gst.NewCapsAny())
	ptSomeSrc = gst.MustNewPadTemplate("src", gst.PadSrc, gst.PadSometimes, gst.MustParseCaps("application/x-test-caps"))

	ptSizeType = &gst.EnumClass{Name: "PtSizeType", Values: []gst.EnumValue{
		{Value: 1, Name: "Send empty buffers", Nick: "empty"},
		{Value: 2, Name: "Fixed size buffers (sizemax sized)", Nick: "fixed"},
		{Value: 3, Name: "Random sized buffers (sizemin <= size <= sizemax)", Nick: "random"},
	}}
	ptData = &gst.EnumClass{Name: "PtData", Values: []gst.EnumValue{
		{Value: 1, Name: "Allocate data", Nick: "allocate"},
		{Value: 2, Name: "Subbuffer data", Nick: "subbuffer"},
	}}
	ptFlags = &gst.FlagsClass{Name: "PtFlags", Values: []gst.FlagsValue{
		{Value: 1, Name: "First", Nick: "first"},
		{Value: 2, Name: "Second", Nick: "second"},
		{Value: 4, Name: "Third", Nick: "third"},
	}}
)

// ptProps holds property values of the test elements.
type ptProps struct {
	mu sync.Mutex
	m  map[string]any
}

func (p *ptProps) SetProperty(name string, v any) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.m == nil {
		p.m = map[string]any{}
	}
	p.m[name] = v
	return nil
}

func (p *ptProps) Property(name string) any {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.m[name]
}

func addPad(e *gst.ElementBase, tmpl *gst.PadTemplate) error {
	return e.AddPad(gst.NewPadFromTemplate(tmpl, tmpl.NameTemplate))
}

type ptSrc struct {
	gst.ElementBase
	ptProps
	uri string
}

func (s *ptSrc) Constructed() error { return addPad(&s.ElementBase, ptAnySrc) }

func (s *ptSrc) SetURI(uri string) error {
	if strings.Contains(uri, "refuse") {
		return errors.New("refused")
	}
	s.uri = uri
	return nil
}

var ptSrcClass = &gst.ElementClass{
	Name:         "ptsrc",
	PadTemplates: []*gst.PadTemplate{ptAnySrc},
	Properties: []*gst.ParamSpec{
		gst.ParamInt("num-buffers", "num-buffers", "Number of buffers to output before sending EOS (-1 = unlimited)", -1, 2147483647, -1, gst.ParamReadWrite),
		gst.ParamBool("silent", "Silent", "Don't produce last_message events", false, gst.ParamReadWrite),
		gst.ParamEnum("sizetype", "sizetype", "How to determine buffer sizes", ptSizeType, 1, gst.ParamReadWrite),
		gst.ParamEnum("data", "data", "Data allocation method", ptData, 1, gst.ParamReadWrite),
		gst.ParamFlagsValue("flags", "flags", "Some flags", ptFlags, 0, gst.ParamReadWrite),
		gst.ParamString("location", "Location", "Some location", "", gst.ParamReadWrite),
	},
	URIProtocols: []string{"ptest"},
	URIType:      gst.URISource,
	New:          func() gst.Element { return &ptSrc{} },
}

type ptSink struct {
	gst.ElementBase
	ptProps
}

func (s *ptSink) Constructed() error { return addPad(&s.ElementBase, ptAnySink) }

var ptSinkClass = &gst.ElementClass{
	Name:         "ptsink",
	PadTemplates: []*gst.PadTemplate{ptAnySink},
	Properties: []*gst.ParamSpec{
		gst.ParamBool("silent", "Silent", "Don't produce last_message events", false, gst.ParamReadWrite),
		gst.ParamString("location", "Location", "Where to write", "", gst.ParamReadWrite),
	},
	URIProtocols: []string{"ptest", "ptsink"},
	URIType:      gst.URISink,
	New:          func() gst.Element { return &ptSink{} },
}

type ptFilter struct {
	gst.ElementBase
	ptProps
}

func (f *ptFilter) Constructed() error {
	if err := addPad(&f.ElementBase, ptAnySink); err != nil {
		return err
	}
	return addPad(&f.ElementBase, ptAnySrc)
}

var ptFilterClass = &gst.ElementClass{
	Name:         "ptfilter",
	PadTemplates: []*gst.PadTemplate{ptAnySink, ptAnySrc},
	Properties: []*gst.ParamSpec{
		gst.ParamBool("silent", "Silent", "silent", false, gst.ParamReadWrite),
	},
	New: func() gst.Element { return &ptFilter{} },
}

// ptPreset is a filter that knows the preset "good".
type ptPreset struct {
	ptFilter
	loaded []string
}

func (p *ptPreset) LoadPreset(name string) bool {
	if name != "good" {
		return false
	}
	p.loaded = append(p.loaded, name)
	return true
}

var ptPresetClass = &gst.ElementClass{
	Name:         "ptpreset",
	PadTemplates: []*gst.PadTemplate{ptAnySink, ptAnySrc},
	New:          func() gst.Element { return &ptPreset{} },
}

type ptTee struct {
	gst.ElementBase
	mu sync.Mutex
	n  int
}

func (t *ptTee) Constructed() error { return addPad(&t.ElementBase, ptAnySink) }

func (t *ptTee) RequestNewPad(tmpl *gst.PadTemplate, name string, _ *gst.Caps) *gst.Pad {
	t.mu.Lock()
	if name == "" {
		name = fmt.Sprintf("src_%d", t.n)
	}
	t.n++
	t.mu.Unlock()
	p := gst.NewPadFromTemplate(tmpl, name)
	if t.AddPad(p) != nil {
		return nil
	}
	return p
}

func (t *ptTee) ReleasePad(p *gst.Pad) { t.RemovePad(p) }

var ptTeeClass = &gst.ElementClass{
	Name:         "pttee",
	PadTemplates: []*gst.PadTemplate{ptAnySink, ptReqSrc},
	New:          func() gst.Element { return &ptTee{} },
}

// ptDemux adds its sometimes pad "src" when going READY→PAUSED, then
// signals no-more-pads, like the parsetestelement of parse-launch.c.
type ptDemux struct {
	gst.ElementBase
}

func (d *ptDemux) ChangeState(t gst.StateChange) gst.StateChangeReturn {
	if t == gst.StateChangeReadyToPaused && d.StaticPad("src") == nil {
		p := gst.NewPadFromTemplate(ptSomeSrc, "src")
		p.SetActive(true)
		d.AddPad(p)
		d.NoMorePads()
	}
	return d.ElementBase.ChangeState(t)
}

var ptDemuxClass = &gst.ElementClass{
	Name:         "ptdemux",
	PadTemplates: []*gst.PadTemplate{ptSomeSrc},
	New:          func() gst.Element { return &ptDemux{} },
}

// ptCapsFilter stands in for the real capsfilter: pads whose caps follow
// the "caps" property.
type ptCapsFilter struct {
	gst.ElementBase
	mu   sync.Mutex
	caps *gst.Caps
}

func (c *ptCapsFilter) Constructed() error {
	for _, tmpl := range []*gst.PadTemplate{ptAnySink, ptAnySrc} {
		p := gst.NewPadFromTemplate(tmpl, tmpl.NameTemplate)
		p.SetQueryFunc(func(pad *gst.Pad, q gst.Query) bool {
			if cq, ok := q.(*gst.CapsQuery); ok {
				c.mu.Lock()
				caps := c.caps
				c.mu.Unlock()
				if caps == nil {
					caps = gst.NewCapsAny()
				}
				if cq.Filter != nil {
					caps = caps.Intersect(cq.Filter)
				}
				cq.Result = caps
				return true
			}
			return pad.QueryDefault(q)
		})
		if err := c.AddPad(p); err != nil {
			return err
		}
	}
	return nil
}

func (c *ptCapsFilter) SetProperty(name string, v any) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.caps, _ = v.(*gst.Caps)
	return nil
}

func (c *ptCapsFilter) Property(name string) any {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.caps
}

var ptCapsFilterClass = &gst.ElementClass{
	Name:         "capsfilter",
	PadTemplates: []*gst.PadTemplate{ptAnySink, ptAnySrc},
	Properties: []*gst.ParamSpec{
		gst.ParamCaps("caps", "Filter caps", "Restrict the possible allowed capabilities", gst.ParamReadWrite),
	},
	New: func() gst.Element { return &ptCapsFilter{} },
}

var registerOnce sync.Once

func registerTestElements(t testing.TB) {
	t.Helper()
	var err error
	registerOnce.Do(func() {
		err = gst.DefaultRegistry().Register(ptSrcClass, ptSinkClass, ptFilterClass, ptPresetClass,
			ptTeeClass, ptDemuxClass, ptCapsFilterClass)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// launch parses desc and fails the test on any error.
func launch(t *testing.T, desc string) gst.Element {
	t.Helper()
	el, err := gst.ParseLaunch(desc)
	if err != nil {
		t.Fatalf("ParseLaunch(%q): %v", desc, err)
	}
	if el == nil {
		t.Fatalf("ParseLaunch(%q): nil element", desc)
	}
	t.Cleanup(func() { el.SetState(gst.StateNull) })
	return el
}

func byName(t *testing.T, top gst.Element, name string) gst.Element {
	t.Helper()
	b := gst.AsBin(top)
	if b == nil {
		t.Fatalf("%s is not a bin", top.Name())
	}
	el := b.ByName(name)
	if el == nil {
		t.Fatalf("no element %q in %s", name, top.Name())
	}
	return el
}

// capsProp returns the "caps" property of el as a caps string.
func capsProp(el gst.Element) string {
	v, err := el.Get("caps")
	if err != nil {
		return err.Error()
	}
	c, _ := v.(*gst.Caps)
	return c.String()
}

// linked reports whether the src pad of a is linked (possibly through
// ghost pads) to the sink pad of b.
func linkedTo(t *testing.T, a gst.Element, srcPad string, b gst.Element, sinkPad string) bool {
	t.Helper()
	sp := a.StaticPad(srcPad)
	kp := b.StaticPad(sinkPad)
	if sp == nil || kp == nil {
		return false
	}
	return sp.Peer() == kp
}

func TestParseLaunchSingleElement(t *testing.T) {
	registerTestElements(t)
	el := launch(t, "ptsrc")
	if _, ok := el.(*ptSrc); !ok {
		t.Fatalf("got %T, want *ptSrc", el)
	}
	// PIPELINE2 of parse-launch.c: properties, spaces around '=', enums by
	// number and by name, escapes.
	el = launch(t, `ptsrc name=donald num-buffers= 27 silent =TruE sizetype = 3 data=   Subbuffer\ data flags=first+third`)
	if el.Name() != "donald" {
		t.Errorf("name = %q", el.Name())
	}
	want := map[string]any{"num-buffers": 27, "silent": true, "sizetype": 3, "data": 2, "flags": uint(5)}
	for k, v := range want {
		got, err := el.Get(k)
		if err != nil || fmt.Sprint(got) != fmt.Sprint(v) {
			t.Errorf("%s = %v (%v), want %v", k, got, err, v)
		}
	}
	el = launch(t, "ptsrc sizetype=random")
	if v, _ := el.Get("sizetype"); fmt.Sprint(v) != "3" {
		t.Errorf("sizetype by nick = %v", v)
	}
}

func TestParseLaunchPipeline(t *testing.T) {
	registerTestElements(t)
	top := launch(t, "ptsrc name=a ! ptfilter name=b silent=true ! ptsink name=c")
	p, ok := top.(*gst.Pipeline)
	if !ok {
		t.Fatalf("got %T, want *gst.Pipeline", top)
	}
	if !strings.HasPrefix(p.Name(), "pipeline") {
		t.Errorf("pipeline name %q", p.Name())
	}
	if n := p.NumChildren(); n != 3 {
		t.Errorf("%d children", n)
	}
	a, b, c := byName(t, top, "a"), byName(t, top, "b"), byName(t, top, "c")
	if !linkedTo(t, a, "src", b, "sink") || !linkedTo(t, b, "src", c, "sink") {
		t.Error("chain not linked")
	}
	if v, _ := b.Get("silent"); v != true {
		t.Errorf("silent = %v", v)
	}
	// Unlinked elements: PIPELINE3.
	top = launch(t, "ptsrc ptfilter silent=true ptsink silent=true")
	if n := gst.AsBin(top).NumChildren(); n != 3 {
		t.Errorf("PIPELINE3: %d children", n)
	}
	for _, el := range gst.AsBin(top).Children() {
		for _, pad := range el.Pads() {
			if pad.Peer() != nil {
				t.Errorf("PIPELINE3: %s.%s linked", el.Name(), pad.Name())
			}
		}
	}
}

func TestParseLaunchPadsAndReferences(t *testing.T) {
	registerTestElements(t)
	cases := []string{
		// PIPELINE4: pad names on both sides.
		"ptsrc name=a .src ! ptfilter name=b !.sink ptfilter name=c .src ! .sink ptsink name=d",
		// PIPELINE5: references, appended links.
		"ptsrc name=a ptfilter name=b ptfilter name = c ptsink name =d a. ! b. b.! c.sink c.src!d.sink",
		// forward reference (PIPELINE9) and references on both sides.
		"ptsrc name=a ! ptfilter name=b ! c. ptfilter name=c ! d. ptsink name=d",
		// PIPELINE11-like: reference into and out of a bin.
		"ptsink name = d ptfilter name=c ( ptsrc name=a ! ptfilter name=b ! c. ) c. ! d.",
	}
	for _, desc := range cases {
		top := launch(t, desc)
		a, b, c, d := byName(t, top, "a"), byName(t, top, "b"), byName(t, top, "c"), byName(t, top, "d")
		if a.StaticPad("src").Peer() == nil || b.StaticPad("src").Peer() == nil ||
			c.StaticPad("src").Peer() == nil || d.StaticPad("sink").Peer() == nil {
			t.Errorf("%q: not all linked", desc)
		}
	}
}

func TestParseLaunchRequestPads(t *testing.T) {
	registerTestElements(t)
	// PIPELINE7 and test_lines' "t.src_12".
	top := launch(t, "ptsrc ! pttee name=t .src_%u ! ptfilter name=q1 ! ptsink "+
		"t.src_%u ! ptfilter name=q2 ! ptsink  ptfilter name=foo ! ptsink t.src_%u ! foo. t.src_12 ! ptsink name=s12")
	tee := byName(t, top, "t")
	var names []string
	for _, p := range tee.SrcPads() {
		if p.Peer() == nil {
			t.Errorf("tee pad %s not linked", p.Name())
		}
		names = append(names, p.Name())
	}
	if got := strings.Join(names, ","); got != "src_0,src_1,src_2,src_12" {
		t.Errorf("tee src pads = %s", got)
	}
	if !linkedTo(t, tee, "src_12", byName(t, top, "s12"), "sink") {
		t.Error("src_12 not linked to s12")
	}
	for _, q := range []string{"q1", "q2", "foo"} {
		if byName(t, top, q).StaticPad("sink").Peer() == nil {
			t.Errorf("%s not linked", q)
		}
	}
	// A tee linked without pad names requests a pad.
	top = launch(t, "ptsrc ! pttee name=t ! ptsink name=k")
	if byName(t, top, "k").StaticPad("sink").Peer() == nil {
		t.Error("tee ! sink not linked")
	}
}

func TestParseLaunchCaps(t *testing.T) {
	registerTestElements(t)
	for _, c := range []struct{ desc, caps string }{
		{"ptsrc name=a ! video/x-raw ! ptsink name=b", "video/x-raw"},
		{"ptsrc name=a !   video/raw,  format=(string)YUY2; video/raw, format=(string)YV12 ! ptsink name=b",
			"video/raw, format=(string)YUY2; video/raw, format=(string)YV12"},
		{"ptsrc name=a ! audio/x-opus, channel-mapping=(int)<0,\\ 1> ! ptsink name=b",
			"audio/x-opus, channel-mapping=(int)< 0, 1 >"},
		{"ptsrc name=a : video/x-all : ptsink name=b", "video/x-all"},
	} {
		top := launch(t, c.desc)
		bin := gst.AsBin(top)
		if n := bin.NumChildren(); n != 3 {
			t.Errorf("%q: %d children, want 3", c.desc, n)
			continue
		}
		var cf gst.Element
		for _, el := range bin.Children() {
			if el.Class() == ptCapsFilterClass {
				cf = el
			}
		}
		if cf == nil {
			t.Errorf("%q: no capsfilter", c.desc)
			continue
		}
		if !strings.HasPrefix(cf.Name(), "capsfilter") {
			t.Errorf("%q: capsfilter named %q", c.desc, cf.Name())
		}
		got := capsProp(cf)
		if got != c.caps {
			t.Errorf("%q: caps %q, want %q", c.desc, got, c.caps)
		}
		a, b := byName(t, top, "a"), byName(t, top, "b")
		if !linkedTo(t, a, "src", cf, "sink") || !linkedTo(t, cf, "src", b, "sink") {
			t.Errorf("%q: not linked through the capsfilter", c.desc)
		}
	}
	// An explicit capsfilter takes its caps from the property string.
	top := launch(t, `ptsrc ! capsfilter name=cf caps="audio/x-opus, channel-mapping=(int)<0, 1>" ! ptsink`)
	if got := capsProp(byName(t, top, "cf")); got != "audio/x-opus, channel-mapping=(int)< 0, 1 >" {
		t.Errorf("explicit capsfilter caps = %q", got)
	}
}

func TestParseLaunchBins(t *testing.T) {
	registerTestElements(t)
	// PIPELINE6: typed bins with properties, links across bins.
	top := launch(t, `pipeline.(name="john" ptsrc name=a ! ( bin. (  ptfilter name=b ! ptfilter silent=true !( ptfilter ! ptsink name=z )) ))`)
	p, ok := top.(*gst.Pipeline)
	if !ok || p.Name() != "john" {
		t.Fatalf("got %T %q, want pipeline john", top, top.Name())
	}
	a, b := byName(t, top, "a"), byName(t, top, "b")
	if realPeerElement(a.StaticPad("src")) != b {
		t.Errorf("a not linked to b across bins")
	}
	if byName(t, top, "z").StaticPad("sink").Peer() == nil {
		t.Error("z not linked")
	}
	// "( ptsrc ) ! ptsink": ghost pad made on the fly.
	top = launch(t, "( ptsrc name=s ) ! ptsink name=k")
	k := byName(t, top, "k")
	gp := k.StaticPad("sink").Peer()
	if gp == nil {
		t.Fatal("sink not linked")
	}
	if bin, ok := gp.Parent().(gst.Element); !ok || gst.AsBin(bin) == nil || !strings.HasPrefix(gp.Name(), "ghost") {
		t.Errorf("sink linked to %s, want a ghost pad of the bin", gst.PathString(gp))
	}
	if realPeerElement(byName(t, top, "s").StaticPad("src")) != k {
		t.Error("ghost pad does not lead to the sink")
	}
	// Deep name resolution, multilevel ghost pads.
	top = launch(t, "deepsrc. ! ptsink name=k ptsrc ! ( ptfilter ! ( ptfilter ! (  ptfilter name=deepsrc ) ) )")
	if realPeerElement(byName(t, top, "deepsrc").StaticPad("src")) != byName(t, top, "k") {
		t.Error("deepsrc not linked to k")
	}
	// Bin with properties; place-in-bin flag.
	el, err := gst.ParseLaunchFull("bin.(name=b ptsrc ! ptsink) ptfilter", nil, gst.ParseFlagPlaceInBin)
	if err != nil {
		t.Fatal(err)
	}
	if _, isPipe := el.(*gst.Pipeline); isPipe || gst.AsBin(el) == nil {
		t.Errorf("PlaceInBin gave %T", el)
	}
	if byName(t, el, "b") == nil {
		t.Error("no bin b")
	}
}

// realPeerElement follows src's link downstream through ghost pads and
// returns the element whose sink pad receives the data.
func realPeerElement(src *gst.Pad) gst.Element {
	p := src.Peer()
	for i := 0; p != nil && i < 100; i++ {
		if g, ok := p.Parent().(*gst.GhostPad); ok {
			// The internal pad of a source ghost pad: go on from the ghost.
			p = g.Peer()
			continue
		}
		el := p.ParentElement()
		b := gst.AsBin(el)
		if b == nil {
			return el
		}
		// A sink ghost pad of bin b: its target is the pad inside whose
		// peer is the ghost's internal pad.
		var next *gst.Pad
		for _, child := range b.Children() {
			for _, kp := range child.SinkPads() {
				if peer := kp.Peer(); peer != nil {
					if g, ok := peer.Parent().(*gst.GhostPad); ok && &g.Pad == p {
						next = kp
					}
				}
			}
		}
		if next == nil {
			return el
		}
		if gst.AsBin(next.ParentElement()) == nil {
			return next.ParentElement()
		}
		p = next
	}
	return nil
}

func TestParseLaunchURI(t *testing.T) {
	registerTestElements(t)
	el := launch(t, "ptest:///tmp/test.file ! ptsink")
	var src *ptSrc
	for _, c := range gst.AsBin(el).Children() {
		if s, ok := c.(*ptSrc); ok {
			src = s
		}
	}
	if src == nil || src.uri != "ptest:///tmp/test.file" {
		t.Fatalf("URI source not made or URI not set: %+v", src)
	}
	el = launch(t, "ptsrc ! ptsink:///tmp/out")
	var sink *ptSink
	for _, c := range gst.AsBin(el).Children() {
		if s, ok := c.(*ptSink); ok {
			sink = s
		}
	}
	if sink == nil {
		t.Fatal("URI sink not made")
	}
	if loc, _ := sink.Get("location"); loc != "ptsink:///tmp/out" {
		t.Errorf("sink location = %v", loc)
	}
}

func TestParseLaunchDelayedLink(t *testing.T) {
	registerTestElements(t)
	for _, c := range []struct {
		desc    string
		direct  bool
		linkOK  bool
		warning bool
	}{
		{"ptdemux name=src ! ptsink name=sink", true, true, false},
		{"ptdemux name=src .src ! .sink ptsink name=sink", true, true, false},
		{"ptdemux name=src ! application/x-test-caps ! ptsink name=sink", false, true, false},
		{"ptdemux name=src ! application/x-other-caps ! ptsink name=sink", false, false, true},
		{"ptdemux name=src .foo ! ptsink name=sink", true, false, true},
	} {
		top := launch(t, c.desc)
		src, sink := byName(t, top, "src"), byName(t, top, "sink")
		if src.StaticPad("src") != nil {
			t.Fatalf("%q: source pad exists before PAUSED", c.desc)
		}
		if r := top.SetState(gst.StatePaused); r == gst.StateChangeFailure {
			t.Fatalf("%q: PAUSED failed", c.desc)
		}
		sp := src.StaticPad("src")
		if sp == nil {
			t.Fatalf("%q: no source pad", c.desc)
		}
		if (sp.Peer() != nil) != c.linkOK {
			t.Errorf("%q: linked = %v, want %v", c.desc, sp.Peer() != nil, c.linkOK)
		}
		if c.direct && c.linkOK && sp.Peer() != sink.StaticPad("sink") {
			t.Errorf("%q: linked to the wrong pad", c.desc)
		}
		bus := top.(*gst.Pipeline).Bus()
		m := bus.TimedPopFiltered(0, gst.MessageWarning)
		if (m != nil) != c.warning {
			t.Errorf("%q: warning = %v, want %v", c.desc, m, c.warning)
		}
		if m != nil {
			wm := m.(*gst.WarningMessage)
			if !errors.Is(wm.Err, gst.ParseErrorDelayedLink) || wm.Err.Error() != "Delayed linking failed." {
				t.Errorf("%q: warning %v", c.desc, wm.Err)
			}
			// debug is "origin:\n" (gst_element_message_full) then the text
			_, detail, _ := strings.Cut(wm.Debug, ":\n")
			if !strings.HasPrefix(wm.Debug, "gst/parse.go(") || !strings.HasPrefix(detail, "failed delayed linking ") || !strings.Contains(detail, " named sink") {
				t.Errorf("%q: warning debug %q", c.desc, wm.Debug)
			}
		}
		top.SetState(gst.StateNull)
	}
}

func TestParseLaunchErrors(t *testing.T) {
	registerTestElements(t)
	for _, c := range []struct {
		desc   string
		kind   gst.ParseErrorKind
		msg    string
		result bool // an element is returned with the error
	}{
		{"", gst.ParseErrorEmpty, "empty pipeline not allowed", false},
		{"ptsrc ! ptsink )", gst.ParseErrorSyntax, "syntax error", true},
		{"(", gst.ParseErrorSyntax, "syntax error", false},
		{"ptsrc ! coffeesink", gst.ParseErrorNoSuchElement, `no element "coffeesink"`, true},
		{"error-does-not-exist-src", gst.ParseErrorNoSuchElement, `no element "error-does-not-exist-src"`, false},
		{"ptsrc bar=1", gst.ParseErrorNoSuchProperty, `no property "bar" in element "ptsrc"`, false},
		{"ptsrc num-buffers=abc", gst.ParseErrorCouldNotSetProperty, `could not set property "num-buffers" in element "ptsrc" to "abc"`, false},
		{"ptsrc sizetype=bogus ! ptsink", gst.ParseErrorCouldNotSetProperty, `could not set property "sizetype" in element "ptsrc" to "bogus"`, true},
		{"ptsink name=a ! ptsink name=b", gst.ParseErrorLink, "could not link a to b", true},
		{"ptsrc name=a ! ptsrc name=b", gst.ParseErrorLink, "could not link a to b", true},
		{"ptsrc name=a .nope ! ptsink name=b", gst.ParseErrorLink, "could not link a to b", true},
		{"bin.( )", gst.ParseErrorEmptyBin, `specified empty bin "bin", not allowed`, true},
		{"ptsrc ! bin.( ) ! ptsink", gst.ParseErrorEmptyBin, `specified empty bin "bin", not allowed`, true},
		{"ptsrc ! bin.( )", gst.ParseErrorEmptyBin, `specified empty bin "bin", not allowed`, true},
		{"bin.( foo=1 ptsrc )", gst.ParseErrorNoSuchProperty, `no property "foo" in element "bin`, true},
		{"coffeebin.( ptsrc ! ptfilter ! ptsink )", gst.ParseErrorNoSuchElement, `no bin "coffeebin", unpacking elements`, true},
		{"ptsrc name=a ptsink name=b a. ! c.", gst.ParseErrorNoSuchElement, `No sink-element named "a" - omitting link`, true},
		{"ptsrc name=a ptsink name=b c. ! b.", gst.ParseErrorNoSuchElement, `No src-element named "c" - omitting link`, true},
		{"borky://fdaffd ! ptsink", gst.ParseErrorNoSuchElement, `no source element for URI "borky://fdaffd"`, true},
		{"ptsrc ! borky://fdaffd", gst.ParseErrorNoSuchElement, `no sink element for URI "borky://fdaffd"`, true},
		{"ptsrc ! video/raw,format=(antwerp)monkeys ! ptsink", gst.ParseErrorLink, `could not parse caps "video/raw,format=(antwerp)monkeys"`, true},
		{"ptsrc ! ptfilter @preset=\"Wrong preset\" ! ptsink", gst.ParseErrorCouldNotSetProperty, `Element "ptfilter`, true},
		{"ptsrc ! ptpreset @preset=bad ! ptsink", gst.ParseErrorCouldNotSetProperty, `could not set preset "bad" in element "ptpreset`, true},
		{"ptsrc ! .ch0 .ch1 ptsink", gst.ParseErrorSyntax, "syntax error", true},
		{"ptsrc name=s  s.ch1 ! ptsink", gst.ParseErrorLink, `could not link s to ptsink`, true},
		{"(ptsrc name=s  s.ch1) ! ptsink", gst.ParseErrorSyntax, `unexpected reference "s" - ignoring`, true},
		{"ptsrc .ch0 .ch1 ! ptsink", gst.ParseErrorSyntax, `unexpected pad-reference "ch0" - ignoring`, true},
		{"(ptsrc .ch1) ! ptsink", gst.ParseErrorSyntax, `unexpected pad-reference "ch1" - ignoring`, true},
		{"s.ch1 ptsrc ! ptsink", gst.ParseErrorSyntax, `unexpected reference "s" - ignoring`, true},
		{"ptsrc ! ptsink s.ch1", gst.ParseErrorSyntax, `unexpected reference "s" - ignoring`, true},
	} {
		el, err := gst.ParseLaunch(c.desc)
		if el != nil {
			el.SetState(gst.StateNull)
		}
		var pe *gst.ParseError
		if !errors.As(err, &pe) {
			t.Errorf("%q: error %v, want *ParseError", c.desc, err)
			continue
		}
		if pe.Kind != c.kind || !strings.HasPrefix(pe.Msg, c.msg) {
			t.Errorf("%q: error %v %q, want %v %q", c.desc, pe.Kind, pe.Msg, c.kind, c.msg)
		}
		if !errors.Is(err, c.kind) {
			t.Errorf("%q: errors.Is(err, %v) = false", c.desc, c.kind)
		}
		if pe.Pos < -1 || pe.Pos > len(c.desc) {
			t.Errorf("%q: position %d out of range", c.desc, pe.Pos)
		}
		if (el != nil) != c.result {
			t.Errorf("%q: element %v, want returned = %v", c.desc, el, c.result)
		}
		el, err = gst.ParseLaunchFull(c.desc, nil, gst.ParseFlagFatalErrors)
		if el != nil || err == nil {
			t.Errorf("%q with FATAL_ERRORS: element %v, error %v", c.desc, el, err)
		}
	}
}

func TestParseErrorIs(t *testing.T) {
	registerTestElements(t)
	_, err := gst.ParseLaunch("ptsrc ! nosuch")
	if !errors.Is(err, gst.ErrNoSuchElement) || !errors.Is(err, gst.ParseErrorNoSuchElement) || errors.Is(err, gst.ParseErrorLink) {
		t.Errorf("errors.Is mismatch for %v", err)
	}
	_, err = gst.ParseLaunch("ptsrc num-buffers=x")
	var pe *gst.ParamError
	if !errors.As(err, &pe) {
		t.Errorf("property error %v does not wrap the *ParamError", err)
	}
	if s := gst.ParseErrorEmptyBin.String(); s != "empty-bin" {
		t.Errorf("String() = %q", s)
	}
}

func TestParseLaunchPositions(t *testing.T) {
	registerTestElements(t)
	for _, c := range []struct {
		desc string
		pos  int
	}{
		{"ptsrc ! nosuch", 8},
		{"ptsrc ! ptsink foo=1", 15},
		{"ptsrc ! ptsink )", 15},
		{"ptsink name=a ! ptsink name=b", 14},
	} {
		_, err := gst.ParseLaunch(c.desc)
		var pe *gst.ParseError
		if !errors.As(err, &pe) || pe.Pos != c.pos {
			t.Errorf("%q: error %+v, want position %d", c.desc, err, c.pos)
		}
	}
	// The first error in the order GStreamer meets them wins.
	_, err := gst.ParseLaunch("nosuch1 ! ptsrc bar=1 ! bin.( ) nosuch2")
	if err == nil || err.Error() != `no element "nosuch1"` {
		t.Errorf("first error = %v", err)
	}
	_, err = gst.ParseLaunch("bin.( ) ! nosuch2")
	if !errors.Is(err, gst.ParseErrorEmptyBin) {
		t.Errorf("first error = %v, want empty bin", err)
	}
}

func TestParseLaunchMissingElements(t *testing.T) {
	registerTestElements(t)
	// test_missing_elements of parse-launch.c.
	for _, c := range []struct {
		desc    string
		missing []string
	}{
		{"ptsrc ! coffeesink", []string{"coffeesink"}},
		{"ptsrc ! bogusenc ! ptfilter ! goomux ! ptsink", []string{"bogusenc", "goomux"}},
		{"ptsrc ! bogusenc ! mux.sink blahsrc ! goomux name=mux ! ptsink   ptsrc ! goosink",
			[]string{"bogusenc", "blahsrc", "goomux", "goosink"}},
		{"ptsrc bar=1 ! coffeebin.( ptsink )", []string{"ptsrc", "coffeebin"}},
		{"ptsrc ! ptsink", nil},
	} {
		ctx := gst.NewParseContext()
		el, err := gst.ParseLaunchFull(c.desc, ctx, gst.ParseFlagFatalErrors)
		if c.missing != nil {
			if el != nil || !errors.Is(err, gst.ParseErrorNoSuchElement) && !errors.Is(err, gst.ParseErrorNoSuchProperty) {
				t.Errorf("%q: element %v error %v", c.desc, el, err)
			}
		} else if el == nil || err != nil {
			t.Errorf("%q: element %v error %v", c.desc, el, err)
		}
		if el != nil {
			el.SetState(gst.StateNull)
		}
		if got := ctx.MissingElements(); fmt.Sprint(got) != fmt.Sprint(c.missing) {
			t.Errorf("%q: missing %q, want %q", c.desc, got, c.missing)
		}
	}
}

func TestParseLaunchPresets(t *testing.T) {
	registerTestElements(t)
	top := launch(t, "ptsrc ! ptpreset name=p @preset=good ! ptsink")
	if p := byName(t, top, "p").(*ptPreset); fmt.Sprint(p.loaded) != "[good]" {
		t.Errorf("presets loaded %v", p.loaded)
	}
}

func TestParseLaunchv(t *testing.T) {
	registerTestElements(t)
	el, err := gst.ParseLaunchv([]string{"ptsrc", "name=a", "!", "video/x-raw, format=RGBA", "!", "ptsink", "name=b"})
	if err != nil {
		t.Fatal(err)
	}
	defer el.SetState(gst.StateNull)
	var cf gst.Element
	for _, c := range gst.AsBin(el).Children() {
		if c.Class() == ptCapsFilterClass {
			cf = c
		}
	}
	if cf == nil {
		t.Fatal("no capsfilter")
	}
	if s := capsProp(cf); s != "video/x-raw, format=(string)RGBA" {
		t.Errorf("caps %q", s)
	}
	el, err = gst.ParseLaunchvFull([]string{"ptsrc", "!", "nosuch"}, nil, gst.ParseFlagFatalErrors)
	var pe *gst.ParseError
	if el != nil || !errors.As(err, &pe) || pe.Pos != 8 {
		t.Errorf("argv error %v at %+v", el, err)
	}
}

func TestParseBinFromDescription(t *testing.T) {
	registerTestElements(t)
	bin, err := gst.ParseBinFromDescription("ptfilter name=x ! ptfilter name=y", true)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(bin.Name(), "bin") {
		t.Errorf("bin named %q", bin.Name())
	}
	src, sink := bin.StaticPad("src"), bin.StaticPad("sink")
	if src == nil || sink == nil || src.Direction() != gst.PadSrc || sink.Direction() != gst.PadSink {
		t.Fatalf("ghost pads: src %v sink %v", src, sink)
	}
	if n := bin.NumChildren(); n != 2 {
		t.Errorf("%d children", n)
	}
	// Usable as an element of another pipeline.
	p := gst.NewPipeline("")
	a, _ := gst.MakeElement("ptsrc", "")
	z, _ := gst.MakeElement("ptsink", "")
	if err := p.Add(a, bin, z); err != nil {
		t.Fatal(err)
	}
	if err := gst.LinkElements(a, bin, z); err != nil {
		t.Errorf("linking the bin: %v", err)
	}
	bin2, err := gst.ParseBinFromDescription("ptfilter ! ptfilter", false)
	if err != nil || len(bin2.Pads()) != 0 {
		t.Errorf("no ghosting: %v pads, err %v", bin2, err)
	}
	if _, err := gst.ParseBinFromDescription("nosuch", true); !errors.Is(err, gst.ParseErrorNoSuchElement) {
		t.Errorf("error %v", err)
	}
	el, err := gst.ParseBinFromDescriptionFull("ptfilter", true, nil, gst.ParseFlagNoSingleElementBins)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := el.(*ptFilter); !ok {
		t.Errorf("NO_SINGLE_ELEMENT_BINS gave %T", el)
	}
	el, err = gst.ParseBinFromDescriptionFull("ptfilter", true, nil, gst.ParseFlagNone)
	if err != nil || gst.AsBin(el) == nil {
		t.Errorf("single element not in a bin: %T %v", el, err)
	}
}

func TestParseLaunchConcurrent(t *testing.T) {
	registerTestElements(t)
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			el, err := gst.ParseLaunch("ptsrc ! pttee name=t t. ! ptsink t. ! video/x-raw ! ptsink")
			if err != nil || el == nil {
				t.Errorf("%v %v", el, err)
				return
			}
			el.SetState(gst.StateNull)
		}()
	}
	wg.Wait()
}

func FuzzParseLaunch(f *testing.F) {
	registerTestElements(f)
	for _, s := range []string{
		"ptsrc ! ptsink",
		"ptsrc name=a ! pttee name=t t.src_%u ! ptsink t. ! ( ptfilter ! ptsink )",
		"ptdemux ! video/x-raw ! ptsink",
		"bin.(name=b ptsrc ! ptfilter) ! ptsink",
		"ptest:///x ! ptsink:///y",
		"a. ! b. ptsrc name=b ptsink name=a",
		"ptsrc sizetype=random flags=first+second num-buffers=3 ! ptsink",
		"ptsrc ! ptpreset @preset=good ! ptsink",
		"deepsrc. ! ptsink ptsrc  ! ( ptfilter ! ( ptfilter ! (  ptfilter name=deepsrc ) ) )",
		"t. ! t.", "(", ")", "", "ptsrc : ptsink", "ptsrc ! .foo ptest:///x",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, desc string) {
		if len(desc) > 2048 {
			return
		}
		el, err := gst.ParseLaunch(desc)
		if err != nil {
			var pe *gst.ParseError
			if !errors.As(err, &pe) || pe.Msg == "" {
				t.Fatalf("%q: error %T %v", desc, err, err)
			}
		}
		if el == nil && err == nil {
			t.Fatalf("%q: no element and no error", desc)
		}
		if el != nil {
			el.SetState(gst.StateNull)
		}
	})
}

// Pipeline.Run returns the failed delayed link as an error naming the
// demuxer, where gst-launch-1.0 would only warn and wait forever for the
// branch that cannot get data.
func TestPipelineRunDelayedLinkFailure(t *testing.T) {
	registerTestElements(t)
	top := launch(t, "ptdemux name=src ! application/x-other-caps ! ptsink name=sink")
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	err := top.(*gst.Pipeline).Run(ctx)
	var pe *gst.PipelineError
	if !errors.As(err, &pe) || !errors.Is(err, gst.ParseErrorDelayedLink) {
		t.Fatalf("Run = %v, want a *PipelineError for the delayed link", err)
	}
	if !strings.HasSuffix(pe.Source, "/GstPtdemux:src") || !strings.Contains(err.Error(), "failed delayed linking some pad of GstPtdemux named src") {
		t.Errorf("error %q does not name the demuxer and the link", err)
	}
}
