// Package parselaunch_test is a port of GStreamer's
// tests/check/pipelines/parse-launch.c: gst.ParseLaunch with the real core
// elements (fakesrc, fakesink, identity, capsfilter, queue, tee).
//
// Descriptions that need elements GstMini does not have yet (filesrc, a
// source for http:// URIs) are skipped while those factories are missing.
// The expected error kinds and messages of the invalid descriptions were
// taken from GStreamer 1.22 itself (gst_parse_launch on this machine).
package parselaunch_test

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/gstmini/gstmini/gst"
	"github.com/gstmini/gstmini/plugins/coreelements"
)

var registerOnce sync.Once

// register adds the core elements, "1__dentity" (identity under another
// name, as test_launch_lines does) and "parsetestelement".
func register(t testing.TB) {
	t.Helper()
	var err error
	registerOnce.Do(func() {
		r := gst.DefaultRegistry()
		if err = coreelements.Register(r); err != nil {
			return
		}
		dentity := *coreelements.IdentityClass
		dentity.Name = "1__dentity"
		if err = r.Register(&dentity); err != nil {
			return
		}
		err = r.Register(parseTestElementClass)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// needs skips the test unless every factory is registered.
func needs(t *testing.T, factories ...string) bool {
	t.Helper()
	for _, f := range factories {
		if gst.DefaultRegistry().Lookup(f) == nil {
			t.Logf("skipping: no %q element yet", f)
			return false
		}
	}
	return true
}

func setupPipeline(t *testing.T, desc string) gst.Element {
	t.Helper()
	el, err := gst.ParseLaunch(desc)
	if err != nil {
		t.Fatalf("Error parsing pipeline %s: %v", desc, err)
	}
	if el == nil {
		t.Fatalf("Failed to create pipeline %s", desc)
	}
	t.Cleanup(func() { el.SetState(gst.StateNull) })
	return el
}

// checkPipelineRuns takes p to PAUSED and back to NULL.
//
// GStreamer: check_pipeline_runs (parse-launch.c).
func checkPipelineRuns(t *testing.T, p gst.Element) {
	t.Helper()
	ret := p.SetState(gst.StatePaused)
	if ret == gst.StateChangeAsync {
		ret, _, _ = p.State(10 * gst.Second)
	}
	if ret == gst.StateChangeFailure || ret == gst.StateChangeAsync {
		t.Fatalf("%s: could not set pipeline to paused (%v)", p.Name(), ret)
	}
	if ret = p.SetState(gst.StateNull); ret == gst.StateChangeFailure {
		t.Fatalf("%s: could not set pipeline to null", p.Name())
	}
}

// allElements returns el and, for a bin, everything inside it.
func allElements(el gst.Element) []gst.Element {
	out := []gst.Element{el}
	if b := gst.AsBin(el); b != nil {
		out = append(out, b.Recurse()...)
	}
	return out
}

// checkAllLinked fails if a pad of any element (bins' ghost pads included)
// is unlinked: every description of test_lines links everything.
func checkAllLinked(t *testing.T, desc string, top gst.Element) {
	t.Helper()
	for _, el := range allElements(top)[1:] {
		for _, p := range el.Pads() {
			if p.Peer() == nil {
				t.Errorf("%s: pad %s is not linked", desc, gst.PathString(p))
			}
		}
	}
}

var testLines = []string{
	"filesrc location=music.mp3 ! identity silent=true ! fakesink silent=true",
	"filesrc location=music.ogg ! tee ! identity silent=true ! identity silent=true ! fakesink silent=true",
	"filesrc location=http://domain.com/music.mp3 ! identity silent=true ! fakesink silent=true",
	"filesrc location=movie.avi ! tee name=demuxer ! ( queue ! identity silent=true ! fakesink silent=true ) ( demuxer. ! queue ! identity silent=true ! fakesink silent=true )",
	"fakesrc ! video/x-raw ! fakesink silent=true",
	"fakesrc !   video/raw,  format=(string)YUY2; video/raw, format=(string)YV12 ! fakesink silent=true",
	"fakesrc ! audio/x-raw, width=[16,  32], depth={16, 24, 32}, signed=TRUE ! fakesink silent=true",
	"fakesrc ! identity silent=true ! identity silent=true ! identity silent=true ! fakesink silent=true",
	"fakesrc name=100 fakesink name=101 silent=true 100. ! 101.",
	"fakesrc ! 1__dentity ! fakesink silent=true",
	"fakesrc ! tee name=t  t.src_12 ! queue ! fakesink  t.src_3 ! queue ! fakesink",
	"( fakesrc ) ! fakesink",
	"( fakesrc name=dasrc ) dasrc. ! fakesink",
	"deepsrc. ! fakesink fakesrc  ! ( identity ! ( identity ! (  identity name=deepsrc ) ) )",
	"fakesrc : fakesink",
	"fakesrc : video/x-all : fakesink",
	"fakesrc ! video/x-all : fakesink",
	"fakesrc : video/x-all ! fakesink",
	"fakesrc ! audio/x-opus, channel-mapping=(int)<0, 1> ! fakesink silent=true",
	"fakesrc ! audio/x-opus, channel-mapping=(int)<0,\\ 1> ! fakesink silent=true",
	"fakesrc ! capsfilter caps=\"audio/x-opus, channel-mapping=(int)<0, 1>\" ! fakesink silent=true",
	"fakesrc ! capsfilter caps=\"audio/x-opus, channel-mapping=(int)<0,\\ 1>\" ! fakesink silent=true",
}

// TestLaunchLines ports test_launch_lines: every line builds without
// error, and here also: every pad ends up linked and the link caps became
// capsfilter elements.
func TestLaunchLines(t *testing.T) {
	register(t)
	for _, desc := range testLines {
		if strings.HasPrefix(desc, "filesrc") && !needs(t, "filesrc") {
			continue
		}
		top := setupPipeline(t, desc)
		checkAllLinked(t, desc, top)
		nCaps := 0
		for _, el := range allElements(top) {
			if el.Class() != nil && el.Class().Name == "capsfilter" {
				nCaps++
			}
		}
		want := 0
		if strings.Contains(desc, "/x-") || strings.Contains(desc, "video/raw") {
			want = 1
		}
		if nCaps != want {
			t.Errorf("%s: %d capsfilters, want %d", desc, nCaps, want)
		}
	}
}

func TestLaunchLinesGraph(t *testing.T) {
	register(t)
	// Request pads named in the description.
	top := setupPipeline(t, "fakesrc ! tee name=t  t.src_12 ! queue name=q12 ! fakesink  t.src_3 ! queue name=q3 ! fakesink")
	tee := gst.AsBin(top).ByName("t")
	for pad, q := range map[string]string{"src_12": "q12", "src_3": "q3"} {
		p := tee.StaticPad(pad)
		if p == nil || p.Peer() != gst.AsBin(top).ByName(q).StaticPad("sink") {
			t.Errorf("tee.%s not linked to %s", pad, q)
		}
	}
	// The named-reference line links 100 to 101.
	top = setupPipeline(t, "fakesrc name=100 fakesink name=101 silent=true 100. ! 101.")
	if gst.AsBin(top).ByName("100").StaticPad("src").Peer() != gst.AsBin(top).ByName("101").StaticPad("sink") {
		t.Error("100. ! 101. not linked")
	}
	// The caps string reaches the capsfilter.
	top = setupPipeline(t, "fakesrc ! audio/x-opus, channel-mapping=(int)<0,\\ 1> ! fakesink silent=true")
	for _, el := range allElements(top) {
		if el.Class().Name == "capsfilter" {
			v, _ := el.Get("caps")
			if c, _ := v.(*gst.Caps); c.String() != "audio/x-opus, channel-mapping=(int)< 0, 1 >" {
				t.Errorf("capsfilter caps %v", v)
			}
		}
	}
}

const (
	pipeline1  = "fakesrc"
	pipeline2  = "fakesrc name=donald num-buffers= 27 silent =TruE sizetype = 3 data=   Subbuffer\\ data"
	pipeline3  = "fakesrc identity silent=true fakesink silent=true"
	pipeline4  = "fakesrc num-buffers=4 .src ! identity silent=true !.sink identity silent=true .src ! .sink fakesink silent=true"
	pipeline5  = "fakesrc num-buffers=4 name=src identity silent=true name=id1 identity silent=true name = id2 fakesink silent=true name =sink src. ! id1. id1.! id2.sink id2.src!sink.sink"
	pipeline6  = "pipeline.(name=\"john\" fakesrc num-buffers=4 ! ( bin. (  queue ! identity silent=true !( queue ! fakesink silent=true )) ))"
	pipeline7  = "fakesrc num-buffers=4 ! tee name=tee .src_%u ! queue ! fakesink silent=true tee.src_%u ! queue ! fakesink silent=true queue name =\"foo\" ! fakesink silent=true tee.src_%u ! foo."
	pipeline8  = "fakesrc num-buffers=4 ! fakesink silent=true"
	pipeline9  = "fakesrc num-buffers=4 ! test. fakesink silent=true name=test"
	pipeline10 = "( fakesrc num-buffers=\"4\"  ) ! identity silent=true ! fakesink silent=true"
	pipeline11 = "fakesink silent=true name = sink identity silent=true name=id ( fakesrc num-buffers=\"4\" ! id. ) id. ! sink."
	pipeline12 = "file:///tmp/test.file ! fakesink silent=true"
	pipeline13 = "fakesrc ! file:///tmp/test.file"
	pipeline14 = "capsfilter caps=application/x-rtp,sprop-parameter-sets=(string)\"x\\,x\""
	pipeline15 = "capsfilter caps=application/x-rtp,sprop-parameter-sets=(string)\"x\\\"x\\,x\""
)

// TestLaunchLines2 ports test_launch_lines2.
func TestLaunchLines2(t *testing.T) {
	register(t)
	// A single element is returned as is.
	cur := setupPipeline(t, pipeline1)
	if _, ok := cur.(*coreelements.FakeSrc); !ok {
		t.Fatalf("parse_launch did not produce a fakesrc: %T", cur)
	}

	// Properties: string, int, boolean and enums; escapes.
	cur = setupPipeline(t, pipeline2)
	if cur.Name() != "donald" {
		t.Errorf("fakesrc name was not 'donald': %q", cur.Name())
	}
	for prop, want := range map[string]string{"num-buffers": "27", "silent": "true", "sizetype": "3", "data": "2"} {
		v, err := cur.Get(prop)
		if err != nil || fmt.Sprint(v) != want {
			t.Errorf("%s was %v (%v), want %s", prop, v, err, want)
		}
	}

	// Several top-level elements make a pipeline.
	cur = setupPipeline(t, pipeline3)
	if p, ok := cur.(*gst.Pipeline); !ok || p.NumChildren() != 3 {
		t.Fatalf("Pipeline does not contain 3 children: %T", cur)
	}

	for _, desc := range []string{pipeline4, pipeline5, pipeline7, pipeline8, pipeline9, pipeline10, pipeline11} {
		cur = setupPipeline(t, desc)
		checkAllLinked(t, desc, cur)
		checkPipelineRuns(t, cur)
	}

	// Bins of various types, links across bins.
	cur = setupPipeline(t, pipeline6)
	if p, ok := cur.(*gst.Pipeline); !ok || p.Name() != "john" {
		t.Fatalf("Parse did not produce a pipeline named john: %T %q", cur, cur.Name())
	}
	checkAllLinked(t, pipeline6, cur)
	checkPipelineRuns(t, cur)

	// Request pads: three requested from the tee.
	cur = setupPipeline(t, pipeline7)
	if n := len(gst.AsBin(cur).ByName("tee").SrcPads()); n != 3 {
		t.Errorf("tee has %d source pads, want 3", n)
	}

	if needs(t, "filesrc") {
		setupPipeline(t, pipeline12)
	}
	if needs(t, "filesink") {
		setupPipeline(t, pipeline13)
	}

	// Characters inside quotes are not unescaped; escaped quotes do not
	// end the string.
	for desc, want := range map[string]string{
		pipeline14: `application/x-rtp, sprop-parameter-sets=(string)"x\,x"`,
		pipeline15: `application/x-rtp, sprop-parameter-sets=(string)"x\"x\,x"`,
	} {
		cur = setupPipeline(t, desc)
		v, _ := cur.Get("caps")
		if c, _ := v.(*gst.Caps); c == nil || c.String() != want {
			t.Errorf("%s: caps %v, want %s", desc, v, want)
		}
	}
}

// failure is an invalid description with GStreamer 1.22's error and
// whether it returns an element anyway.
type failure struct {
	desc     string
	kind     gst.ParseErrorKind
	msg      string
	returned bool
	needs    []string
}

// expectedFailures are expected_failures and leaking_failures of
// parse-launch.c. Where GStreamer's parser recovers from a syntax error and
// returns what it built after the error token, GstMini's parser does not;
// returned is GStreamer's answer for the others.
var expectedFailures = []failure{
	{"fakesrc num-buffers=4 name=\"a=b\"  a=b. ! fakesink silent=true", gst.ParseErrorNoSuchProperty, `no property "a" in element "fakesrc"`, true, nil},
	{"filesrc blocksize=absdff", gst.ParseErrorCouldNotSetProperty, `could not set property "blocksize" in element "filesrc" to "absdff"`, false, []string{"filesrc"}},
	{"fakesrc ! video/raw,format=(antwerp)monkeys ! fakesink silent=true", gst.ParseErrorLink, `could not parse caps "video/raw,format=(antwerp)monkeys"`, true, nil},
	{"", gst.ParseErrorEmpty, "empty pipeline not allowed", false, nil},
	{"fakesrc ! ", gst.ParseErrorSyntax, "syntax error", true, nil},               // GStreamer: no element (recovery drops the chain)
	{" ! fakesink silent=true", gst.ParseErrorSyntax, "syntax error", false, nil}, // GStreamer: fakesink (recovery)
	{"borky://fdaffd ! fakesink silent=true", gst.ParseErrorNoSuchElement, `no source element for URI "borky://fdaffd"`, true, nil},
	{"fakesrc ! borky://fdaffd", gst.ParseErrorNoSuchElement, `no sink element for URI "borky://fdaffd"`, true, nil},
	{"fakesrc name=src fakesink silent=true name=sink noexiste. ! sink.", gst.ParseErrorNoSuchElement, `No src-element named "noexiste" - omitting link`, true, nil},
	{"fakesrc name=src fakesink silent=true name=sink src. ! noexiste.", gst.ParseErrorNoSuchElement, `No sink-element named "src" - omitting link`, true, nil},
	{"fakesink silent=true ! fakesink silent=true", gst.ParseErrorLink, "could not link fakesink", true, nil},
	{"! identity silent=true ! identity silent=true ! fakesink silent=true", gst.ParseErrorSyntax, "syntax error", false, nil}, // GStreamer: pipeline (recovery)
	{"bin.( )", gst.ParseErrorEmptyBin, `specified empty bin "bin", not allowed`, true, nil},
	{"bin.( non_existent_element )", gst.ParseErrorNoSuchElement, `no element "non_existent_element"`, true, nil},
	{"( filesrc blocksize=4 location=/dev/null @ )", gst.ParseErrorSyntax, "syntax error", true, []string{"filesrc"}},
	{"( fakesrc num-buffers=\"4\" ! ) identity silent=true ! fakesink silent=true", gst.ParseErrorSyntax, "syntax error", true, nil},
	{"pipeline.(name=\"john\" fakesrc num-buffers=4 ( bin. ( ! queue ! identity silent=true !( queue ! fakesink silent=true )) ))", gst.ParseErrorSyntax, "syntax error", true, nil},
	{"coffeebin.( fakesrc ! identity ! fakesink )", gst.ParseErrorNoSuchElement, `no bin "coffeebin", unpacking elements`, true, nil},
	{"fakesrc ! coffeebin.( identity ) ! fakesink", gst.ParseErrorNoSuchElement, `no bin "coffeebin", unpacking elements`, true, nil},
	{"fakesrc ! .ch0 .ch1 fakesink", gst.ParseErrorSyntax, "syntax error", true, nil},
	{"fakesrc .ch0 .ch1 !  fakesink", gst.ParseErrorSyntax, `unexpected pad-reference "ch0" - ignoring`, true, nil},
	{"(fakesrc .ch1) !  fakesink", gst.ParseErrorSyntax, `unexpected pad-reference "ch1" - ignoring`, true, nil},
	{"(fakesrc name=s  s.ch1) !  fakesink", gst.ParseErrorSyntax, `unexpected reference "s" - ignoring`, true, nil},
	{"s.ch1 fakesrc ! fakesink", gst.ParseErrorSyntax, `unexpected reference "s" - ignoring`, true, nil},
	{"fakesrc ! fakesink s.ch1", gst.ParseErrorSyntax, `unexpected reference "s" - ignoring`, true, nil},
	{"(", gst.ParseErrorSyntax, "syntax error", false, nil},
	{")", gst.ParseErrorSyntax, "syntax error", false, nil},
	{")  (", gst.ParseErrorSyntax, "syntax error", false, nil},
	// leaking_failures
	{"fakesrc ! identity silent=true ! sgsdfagfd @ gfdgfdsgfsgSF", gst.ParseErrorNoSuchElement, `no element "sgsdfagfd"`, true, nil},
	{"fakesrc ! .foo file:///dev/null", gst.ParseErrorSyntax, "syntax error", true, nil},
	{"error-does-not-exist-src", gst.ParseErrorNoSuchElement, `no element "error-does-not-exist-src"`, false, nil},
}

// TestExpectedToFailPipes ports expected_to_fail_pipes and
// leaking_fail_pipes, checking GStreamer's error kind and message.
func TestExpectedToFailPipes(t *testing.T) {
	register(t)
	for _, c := range expectedFailures {
		if !needs(t, c.needs...) {
			continue
		}
		el, err := gst.ParseLaunch(c.desc)
		if el != nil {
			el.SetState(gst.StateNull)
		}
		if err == nil {
			t.Errorf("Expected failure pipeline %s: succeeded!", c.desc)
			continue
		}
		var pe *gst.ParseError
		if !errors.As(err, &pe) || pe.Kind != c.kind || !strings.HasPrefix(pe.Msg, c.msg) {
			t.Errorf("%q: error %v, want %v %q", c.desc, err, c.kind, c.msg)
		}
		if (el != nil) != c.returned {
			t.Errorf("%q: returned element = %v, want %v", c.desc, el != nil, c.returned)
		}
	}
}

// parseTestElement is a bin holding a fakesrc; on READY→PAUSED it adds a
// ghost pad "src" for the fakesrc's pad from its sometimes template.
//
// GStreamer: GstParseTestElement (parse-launch.c).
type parseTestElement struct {
	gst.Bin
	fakesrc gst.Element
}

var parseTestSrcTemplate = gst.MustNewPadTemplate("src", gst.PadSrc, gst.PadSometimes,
	gst.MustParseCaps("application/x-test-caps"))

var parseTestElementClass = &gst.ElementClass{
	Name:         "parsetestelement",
	PadTemplates: []*gst.PadTemplate{parseTestSrcTemplate},
	Metadata: gst.ElementMetadata{LongName: "Test element for parse launch tests", Klass: "Source",
		Description: "Test element for parse launch tests in core", Author: "GStreamer Devel <gstreamer-devel@lists.sf.net>"},
	New: func() gst.Element { return &parseTestElement{} },
}

func (e *parseTestElement) Constructed() error {
	src, err := gst.MakeElement("fakesrc", "")
	if err != nil {
		return nil
	}
	e.fakesrc = src
	return e.Add(src)
}

func (e *parseTestElement) ChangeState(t gst.StateChange) gst.StateChangeReturn {
	if t == gst.StateChangeReadyToPaused {
		if e.fakesrc == nil {
			return gst.StateChangeFailure
		}
		pad := e.fakesrc.StaticPad("src")
		if pad == nil {
			return gst.StateChangeFailure
		}
		ghost := gst.NewGhostPadFromTemplate("src", pad, parseTestSrcTemplate)
		ghost.SetActive(true)
		e.AddPad(&ghost.Pad)
	}
	return e.Bin.ChangeState(t)
}

// runDelayedTest ports run_delayed_test.
func runDelayedTest(t *testing.T, desc, peer string, expectLink bool) {
	t.Helper()
	pipe := setupPipeline(t, desc)
	bin := gst.AsBin(pipe)
	src, sink := bin.ByName("src"), bin.ByName("sink")
	if src == nil || sink == nil {
		t.Fatalf("%s: test elements were not created", desc)
	}
	if src.StaticPad("src") != nil {
		t.Fatalf("%s: source element already has a source pad", desc)
	}
	ret := pipe.SetState(gst.StatePaused)
	if expectLink && ret == gst.StateChangeFailure {
		t.Fatalf("%s: PAUSED failed", desc)
	}
	if ret == gst.StateChangeAsync {
		ret, _, _ = pipe.State(10 * gst.Second)
	}
	if expectLink && ret == gst.StateChangeFailure {
		t.Fatalf("%s: state change failed", desc)
	}
	if !expectLink && ret != gst.StateChangeFailure {
		t.Errorf("%s: state change %v, want FAILURE", desc, ret)
	}
	srcpad := src.StaticPad("src")
	if srcpad == nil {
		t.Fatalf("%s: source element did not create source pad", desc)
	}
	peerpad := srcpad.Peer()
	if expectLink && peerpad == nil {
		t.Errorf("%s: source element pad did not get linked", desc)
	}
	if !expectLink && peerpad != nil {
		t.Errorf("%s: source element pad got linked but should not have", desc)
	}
	if peer != "" {
		pe := bin.ByName(peer)
		if pe == nil || peerpad != pe.StaticPad("sink") {
			t.Errorf("%s: source src pad got connected to the wrong peer", desc)
		}
	}
	pipe.SetState(gst.StateNull)
}

// TestDelayedLink ports delayed_link.
func TestDelayedLink(t *testing.T) {
	register(t)
	runDelayedTest(t, "parsetestelement name=src ! fakesink silent=true name=sink", "sink", true)
	runDelayedTest(t, "parsetestelement name=src .src ! .sink fakesink silent=true name=sink", "sink", true)
	runDelayedTest(t, "parsetestelement name=src ! application/x-test-caps ! fakesink silent=true name=sink", "", true)
	runDelayedTest(t, "parsetestelement name=src ! application/x-test-caps ! "+
		"identity silent=true ! application/x-other-caps ! fakesink silent=true name=sink silent=true", "", false)
}

// TestMissingElements ports test_missing_elements.
func TestMissingElements(t *testing.T) {
	register(t)
	for _, c := range []struct {
		desc    string
		missing []string
	}{
		{"fakesrc ! coffeesink", []string{"coffeesink"}},
		{"fakesrc ! bogusenc ! identity ! goomux ! fakesink", []string{"bogusenc", "goomux"}},
		{"fakesrc ! bogusenc ! mux.sink blahsrc ! goomux name=mux ! fakesink   fakesrc ! goosink",
			[]string{"bogusenc", "blahsrc", "goomux", "goosink"}},
	} {
		ctx := gst.NewParseContext()
		el, err := gst.ParseLaunchFull(c.desc, ctx, gst.ParseFlagFatalErrors)
		if !errors.Is(err, gst.ParseErrorNoSuchElement) {
			t.Errorf("%s: error %v, want no-such-element", c.desc, err)
		}
		if el != nil {
			t.Errorf("%s: expected nil return with FATAL_ERRORS", c.desc)
		}
		if got := ctx.MissingElements(); fmt.Sprint(got) != fmt.Sprint(c.missing) {
			t.Errorf("%s: missing elements %q, want %q", c.desc, got, c.missing)
		}
	}
}

// TestPreset ports test_preset: identity is not a preset.
func TestPreset(t *testing.T) {
	register(t)
	el, err := gst.ParseLaunch("fakesrc ! identity @preset=\"Wrong preset\" ! fakesink")
	if !errors.Is(err, gst.ParseErrorCouldNotSetProperty) {
		t.Errorf("error %v, want could-not-set-property", err)
	}
	if el == nil {
		t.Fatal("Doesn't NULL return without FATAL_ERRORS")
	}
	el.SetState(gst.StateNull)
}

// TestFlags ports test_flags.
func TestFlags(t *testing.T) {
	register(t)
	el, err := gst.ParseLaunchFull("fakesrc ! coffeesink", nil, gst.ParseFlagNone)
	if !errors.Is(err, gst.ParseErrorNoSuchElement) || el == nil {
		t.Errorf("expected partial pipeline/element and no-such-element: %v %v", el, err)
	}
	if _, ok := el.(*coreelements.FakeSrc); !ok {
		t.Errorf("partial result %T, want the fakesrc", el)
	}
	el, err = gst.ParseLaunchFull("fakesrc ! coffeesink", nil, gst.ParseFlagFatalErrors)
	if !errors.Is(err, gst.ParseErrorNoSuchElement) || el != nil {
		t.Errorf("expected nil return with FATAL_ERRORS: %v %v", el, err)
	}
}

// TestParsing ports test_parsing: no reading beyond the end of the string.
func TestParsing(t *testing.T) {
	register(t)
	for _, desc := range []string{"filesrc location=x\\", "fakesrc name=x\\", "fakesrc name=\"x\\"} {
		if strings.HasPrefix(desc, "filesrc") && !needs(t, "filesrc") {
			continue
		}
		el, _ := gst.ParseLaunchFull(desc, nil, gst.ParseFlagNone)
		if el == nil {
			t.Errorf("%q: no element", desc)
			continue
		}
		el.SetState(gst.StateNull)
	}
}

func FuzzParseLaunchCore(f *testing.F) {
	register(f)
	for _, s := range testLines {
		f.Add(s)
	}
	for _, c := range expectedFailures {
		f.Add(c.desc)
	}
	f.Fuzz(func(t *testing.T, desc string) {
		if len(desc) > 2048 {
			return
		}
		el, err := gst.ParseLaunch(desc)
		if el == nil && err == nil {
			t.Fatalf("%q: no element and no error", desc)
		}
		if el != nil {
			el.SetState(gst.StateNull)
		}
	})
}
