package gst_test

// Ports of GStreamer 1.22 tests/check/gst/gstelement.c.
//
// Not ported: test_add_pad_unref_element (refcounts only),
// test_pad_templates (gst_element_class_add_pad_template replacing and
// inheriting class templates: a Go ElementClass lists its templates
// statically), test_property_notify_message (no
// gst_element_add_property_notify_watch), test_call_async (no
// gst_element_call_async).

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"

	"github.com/gstmini/gstmini/gst"
	"github.com/gstmini/gstmini/plugins/coreelements"
)

// C: test_add_remove_pad.
func TestGstElementAddRemovePad(t *testing.T) {
	e := coreMake(t, coreelements.FakeSrcClass, "source")
	p := gst.NewPad("source", gst.PadSrc)
	eb := e.(interface {
		AddPad(*gst.Pad) error
		RemovePad(*gst.Pad) error
	})
	if err := eb.AddPad(p); err != nil {
		t.Fatal(err)
	}
	if p.Parent() != gst.Object(e) || e.StaticPad("source") != p {
		t.Fatal("pad not added")
	}
	if err := eb.RemovePad(p); err != nil {
		t.Fatal(err)
	}
	if p.Parent() != nil || e.StaticPad("source") != nil {
		t.Fatal("pad not removed")
	}
}

// C: test_add_pad_while_paused — a pad added to a PAUSED element is
// activated, and deactivated when the element goes to NULL.
func TestGstElementAddPadWhilePaused(t *testing.T) {
	e := coreMake(t, coreelements.FakeSrcClass, "source")
	eb := e.(interface {
		AddPad(*gst.Pad) error
		RemovePad(*gst.Pad) error
	})
	e.SetState(gst.StatePaused)
	old := e.StaticPad("src")
	old.SetActive(false)
	if err := eb.RemovePad(old); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	active := false
	p := gst.NewPad("dynamic", gst.PadSrc)
	p.SetActivateModeFunc(func(pad *gst.Pad, mode gst.PadMode, act bool) bool {
		mu.Lock()
		active = act
		mu.Unlock()
		if mode != gst.PadModePush {
			t.Errorf("activated in %v, want push", mode)
		}
		if act {
			pad.StartTask(func() { pad.PauseTask() })
		} else {
			pad.StopTask()
		}
		return true
	})
	isActive := func() bool { mu.Lock(); defer mu.Unlock(); return active }
	if isActive() {
		t.Fatal("active before adding")
	}
	if err := eb.AddPad(p); err != nil {
		t.Fatal(err)
	}
	if !isActive() {
		t.Fatal("pad added to a PAUSED element not activated")
	}
	e.SetState(gst.StateNull)
	if isActive() {
		t.Fatal("pad still active in NULL")
	}
}

// C: test_error_no_bus — posting an error without a bus is harmless.
func TestGstElementErrorNoBus(t *testing.T) {
	e := coreMake(t, coreelements.FakeSrcClass, "source")
	if e.(interface{ Bus() *gst.Bus }).Bus() != nil {
		t.Fatal("fresh element has a bus")
	}
	e.(interface{ PostError(error, string) }).PostError(&gst.ResourceError{Code: gst.ResourceErrorOpenRead, Msg: "I could not read"}, "debug")
}

// C: test_link — two elements outside any bin, linked and walked through
// the states by hand (the C test's sleeps are not needed: the Go test only
// checks that the changes complete).
func TestGstElementLink(t *testing.T) {
	src := coreMake(t, coreelements.FakeSrcClass, "source")
	sink := coreMake(t, coreelements.FakeSinkClass, "sink")
	if err := gst.LinkPads(src, "src", sink, "sink"); err != nil {
		t.Fatal(err)
	}
	sink.SetState(gst.StatePaused)
	src.SetState(gst.StatePaused)
	if ret, _, _ := sink.State(forever); ret != gst.StateChangeSuccess {
		t.Fatalf("sink PAUSED: %v", ret)
	}
	sink.SetState(gst.StatePlaying)
	src.SetState(gst.StatePlaying)
	sink.SetState(gst.StatePaused)
	src.SetState(gst.StatePaused)
	if ret, _, _ := sink.State(forever); ret != gst.StateChangeSuccess {
		t.Fatalf("sink PAUSED: %v", ret)
	}
	sink.SetState(gst.StateNull)
	src.SetState(gst.StateNull)
	if ret, _, _ := sink.State(forever); ret != gst.StateChangeSuccess {
		t.Fatalf("sink NULL: %v", ret)
	}
	if !src.StaticPad("src").Unlink(sink.StaticPad("sink")) {
		t.Fatal("unlink failed")
	}
}

// C: test_link_no_pads.
func TestGstElementLinkNoPads(t *testing.T) {
	if err := gst.Link(gst.NewBin("src"), gst.NewBin("sink")); err == nil {
		t.Fatal("linking two elements without pads succeeded")
	}
}

// testElement3 is GstTestElement3 of gstelement.c: a sink pad and request
// source templates with one, two and three conversions.
type testElement3 struct {
	gst.ElementBase
	mu sync.Mutex
	i  int
}

var testElement3Class = &gst.ElementClass{
	Name:     "test3",
	Metadata: gst.ElementMetadata{LongName: "Test element 3", Klass: "Element", Description: "For testing request pad template", Author: "Foo Bar <foo@bar.com>"},
	PadTemplates: []*gst.PadTemplate{
		gst.MustNewPadTemplate("src_%u", gst.PadSrc, gst.PadRequest, gst.NewCapsAny()),
		gst.MustNewPadTemplate("src_%u_%u", gst.PadSrc, gst.PadRequest, gst.NewCapsAny()),
		gst.MustNewPadTemplate("src_%u_%u_%u", gst.PadSrc, gst.PadRequest, gst.NewCapsAny()),
		gst.MustNewPadTemplate("src_%ublah_blah%ublah", gst.PadSrc, gst.PadRequest, gst.NewCapsAny()),
		gst.MustNewPadTemplate("src_%d", gst.PadSrc, gst.PadRequest, gst.NewCapsAny()),
		gst.MustNewPadTemplate("src_%d_%d", gst.PadSrc, gst.PadRequest, gst.NewCapsAny()),
		gst.MustNewPadTemplate("src_%d_%d_%d", gst.PadSrc, gst.PadRequest, gst.NewCapsAny()),
		gst.MustNewPadTemplate("src_%s", gst.PadSrc, gst.PadRequest, gst.NewCapsAny()),
		gst.MustNewPadTemplate("src_%u_%s", gst.PadSrc, gst.PadRequest, gst.NewCapsAny()),
		gst.MustNewPadTemplate("sink", gst.PadSink, gst.PadAlways, gst.NewCapsAny()),
	},
	New: func() gst.Element { return &testElement3{} },
}

func (e *testElement3) Constructed() error {
	return e.AddPad(gst.NewPadFromTemplate(e.Class().PadTemplate("sink"), "sink"))
}

// RequestNewPad is gst_test_element3_request_new_pad.
func (e *testElement3) RequestNewPad(tmpl *gst.PadTemplate, name string, _ *gst.Caps) *gst.Pad {
	e.mu.Lock()
	i := e.i
	e.i++
	e.mu.Unlock()
	var padName string
	switch n := strings.Count(tmpl.NameTemplate, "%"); {
	case tmpl.NameTemplate == "src_%ublah_blah%ublah":
		padName = fmt.Sprintf("src_%dblah_blah_%dblah", i, i+1)
	case n == 1:
		padName = fmt.Sprintf("src_%d", i)
	case n == 2:
		padName = fmt.Sprintf("src_%d_%d", i, i+1)
	case n == 3:
		padName = fmt.Sprintf("src_%d_%d_%d", i, i+1, i+2)
	default:
		padName = name
	}
	pad := gst.NewPadFromTemplate(tmpl, padName)
	if err := e.AddPad(pad); err != nil {
		return nil
	}
	return pad
}

// ReleasePad is gst_test_element3_release_pad.
func (e *testElement3) ReleasePad(pad *gst.Pad) { e.RemovePad(pad) }

var registerTest3Once sync.Once

// C: test_request_pad_templates — requested names select the right
// template, by name or by template name.
func TestGstElementRequestPadTemplates(t *testing.T) {
	padnames := map[string]string{
		"src_0": "src_%u", "src_%u": "src_%u",
		"src_%u_%u": "src_%u_%u", "src_0_%u": "src_%u_%u", "src_%u_0": "src_%u_%u", "src_0_1": "src_%u_%u",
		"src_%u_%u_%u": "src_%u_%u_%u", "src_0_%u_%u": "src_%u_%u_%u", "src_0_1_%u": "src_%u_%u_%u",
		"src_0_1_2": "src_%u_%u_%u", "src_%u_0_%u": "src_%u_%u_%u", "src_%u_0_1": "src_%u_%u_%u",
		"src_%u_%u_0":           "src_%u_%u_%u",
		"src_%ublah_blah%ublah": "src_%ublah_blah%ublah",
		"src_%d":                "src_%d", "src_%d_%d": "src_%d_%d", "src_1_%d": "src_%d_%d",
		"src_%d_%d_%d": "src_%d_%d_%d", "src_1_2_%d": "src_%d_%d_%d", "src_1_%d_2": "src_%d_%d_%d",
		"src_%d_2_1": "src_%d_%d_%d", "src_%d_%d_1": "src_%d_%d_%d", "src_%d_1_%d": "src_%d_%d_%d",
		"src_1_%d_%d": "src_%d_%d_%d",
		"src_%s":      "src_%s", "src_%u_%s": "src_%u_%s", "src_foo_bar": "src_%s",
	}
	el, err := testElement3Class.Create("")
	if err != nil {
		t.Fatal(err)
	}
	test := el.(*testElement3)
	for padName, templName := range padnames {
		pad := test.RequestPadSimple(padName)
		if pad == nil {
			t.Errorf("RequestPadSimple(%q) = nil", padName)
		} else {
			if pad.PadTemplate().NameTemplate != templName {
				t.Errorf("RequestPadSimple(%q) used template %q, want %q", padName, pad.PadTemplate().NameTemplate, templName)
			}
			test.ReleaseRequestPad(pad)
		}
		pad = test.RequestPad(testElement3Class.PadTemplate(templName), padName, nil)
		if pad == nil {
			t.Errorf("RequestPad(%q, %q) = nil", templName, padName)
			continue
		}
		test.ReleaseRequestPad(pad)
	}
	sink := coreMake(t, coreelements.FakeSinkClass, "sink")
	if err := gst.Link(test, sink); err != nil {
		t.Fatalf("Link: %v", err)
	}
	unlinkAll(test)
	if err := gst.LinkPads(test, "src_%u_%u", sink, "sink"); err != nil {
		t.Fatalf("LinkPads(src_%%u_%%u): %v", err)
	}
	unlinkAll(test)

	registerTestElements(t)
	registerTest3Once.Do(func() { err = gst.DefaultRegistry().Register(testElement3Class) })
	if err != nil {
		t.Fatal(err)
	}
	if _, err := gst.ParseLaunch("ptsrc ! test3 name=t ! ptsink t. ! ptsink"); err != nil {
		t.Fatalf("ParseLaunch: %v", err)
	}
}

// unlinkAll is gst_element_unlink for an element's source pads.
func unlinkAll(el gst.Element) {
	for _, p := range el.SrcPads() {
		if peer := p.Peer(); peer != nil {
			p.Unlink(peer)
		}
	}
}

// C: test_forbidden_pad_template_names.
func TestGstElementForbiddenPadTemplateNames(t *testing.T) {
	for _, name := range []string{"src_%u%u", "src_%u_%s_%s", "src_%s_%u", "src_%s_%s", "src_%s_%s_%s", "src_%s_blah"} {
		if _, err := gst.NewPadTemplate(name, gst.PadSrc, gst.PadRequest, gst.NewCapsAny()); err == nil {
			t.Errorf("NewPadTemplate(%q) accepted", name)
		}
	}
}

// C: test_foreach_pad — pad lists stay consistent while another goroutine
// adds and removes pads (Pads/SrcPads/SinkPads stand for
// gst_element_foreach_pad/_src_pad/_sink_pad).
func TestGstElementForeachPad(t *testing.T) {
	e := gst.NewBin("testbin")
	if len(e.Pads()) != 0 {
		t.Fatal("new bin has pads")
	}
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		var pads []*gst.Pad
		for c := 0; ; c++ {
			select {
			case <-stop:
				return
			default:
			}
			dir := gst.PadSink
			if rand.IntN(2) == 0 {
				dir = gst.PadSrc
			}
			p := gst.NewPad(fmt.Sprintf("pad_%d", c), dir)
			pads = append(pads, p)
			e.AddPad(p)
			if rand.IntN(2) == 0 || len(pads) > 100 {
				n := rand.IntN(len(pads))
				e.RemovePad(pads[n])
				pads = append(pads[:n], pads[n+1:]...)
			}
		}
	}()
	for range 1000 {
		var pads []*gst.Pad
		want := gst.PadUnknown
		switch rand.IntN(3) {
		case 0:
			pads = e.Pads()
		case 1:
			pads, want = e.SrcPads(), gst.PadSrc
		default:
			pads, want = e.SinkPads(), gst.PadSink
		}
		seen := map[*gst.Pad]bool{}
		for _, p := range pads {
			if seen[p] {
				t.Fatalf("pad %s listed twice", p.Name())
			}
			seen[p] = true
			if want != gst.PadUnknown && p.Direction() != want {
				t.Fatalf("pad %s has direction %v, want %v", p.Name(), p.Direction(), want)
			}
		}
	}
	close(stop)
	<-done
	for _, p := range e.Pads() {
		if p.Parent() != gst.Object(e) {
			t.Errorf("pad %s listed but not a child", p.Name())
		}
	}
}
