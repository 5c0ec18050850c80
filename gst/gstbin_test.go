package gst_test

// Ports of GStreamer 1.22 tests/check/gst/gstbin.c.
//
// Not ported: test_deep_added_removed (no deep-element-added/-removed
// signals in Go), test_suppressed_flags and
// test_suppressed_flags_when_removing (no gst_bin_set_suppressed_flags),
// test_many_bins (disabled in the C suite with "if (0)").

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gstmini/gstmini/gst"
	"github.com/gstmini/gstmini/plugins/coreelements"
)

// forever stands for the C tests' -1 (GST_CLOCK_TIME_NONE) poll timeouts:
// long enough never to fire in a passing test, short enough to fail a
// hanging one.
const forever = gst.ClockTime(20 * time.Second)

// second is GST_SECOND.
const second = gst.ClockTime(time.Second)

// busPopper is the pop_state_changed / pop_async_done / pop_latency trio of
// gstbin.c: a LATENCY message may come at most once, anywhere in between.
type busPopper struct {
	t          *testing.T
	bus        *gst.Bus
	hadLatency bool
}

func (b *busPopper) pop(want gst.MessageType) gst.Message {
	b.t.Helper()
	types := want
	if !b.hadLatency {
		types |= gst.MessageLatency
	}
	for {
		msg := b.bus.Poll(types, forever)
		if msg == nil {
			b.t.Fatalf("no %v message on the bus", want)
		}
		if msg.Type() == gst.MessageLatency && want != gst.MessageLatency {
			if b.hadLatency {
				b.t.Fatal("second LATENCY message")
			}
			b.hadLatency = true
			types &^= gst.MessageLatency
			continue
		}
		if msg.Type() != want {
			b.t.Fatalf("got %v message, want %v", msg.Type(), want)
		}
		return msg
	}
}

// stateChanged is pop_state_changed.
func (b *busPopper) stateChanged(count int) {
	b.t.Helper()
	for range count {
		b.pop(gst.MessageStateChanged)
	}
}

// asyncDone is pop_async_done.
func (b *busPopper) asyncDone() {
	b.t.Helper()
	b.pop(gst.MessageAsyncDone)
}

// latency is pop_latency.
func (b *busPopper) latency() {
	b.t.Helper()
	if b.hadLatency {
		return
	}
	b.pop(gst.MessageLatency)
	b.hadLatency = true
}

// setupSrcPadByName is gst_check_setup_src_pad_by_name: a free source pad
// with ANY caps linked to el's pad named name.
func setupSrcPadByName(t *testing.T, el gst.Element, name string) *gst.Pad {
	t.Helper()
	tmpl := gst.MustNewPadTemplate("src", gst.PadSrc, gst.PadAlways, gst.NewCapsAny())
	src := gst.NewPadFromTemplate(tmpl, "src")
	if ret := src.Link(el.StaticPad(name)); ret != gst.PadLinkOK {
		t.Fatalf("linking test pad to %s: %v", gst.PathString(el.StaticPad(name)), ret)
	}
	return src
}

// uriHandler is what the C test finds with GST_TYPE_URI_HANDLER.
type uriHandler interface {
	URI() string
	SetURI(uri string) error
}

// recurseFilter is gst_bin_iterate_all_by_interface /
// gst_bin_iterate_all_by_element_factory_name: Recurse filtered.
func recurseFilter(b *gst.Bin, keep func(gst.Element) bool) []gst.Element {
	var out []gst.Element
	for _, el := range b.Recurse() {
		if keep(el) {
			out = append(out, el)
		}
	}
	return out
}

func binInterfaceTest(t *testing.T, keep func(gst.Element) bool, wantAbsent func(*gst.Bin) bool) {
	bin := gst.NewBin("")
	filesrc := coreMake(t, coreelements.FileSrcClass, "")
	mustAdd(t, bin, filesrc)
	if got := recurseFilter(bin, keep); len(got) != 1 || got[0] != filesrc {
		t.Fatalf("found %v, want only the filesrc", got)
	}
	if wantAbsent != nil && !wantAbsent(bin) {
		t.Error("found an element that is not in the bin")
	}
	mustAdd(t, bin, coreMake(t, coreelements.IdentityClass, ""), coreMake(t, coreelements.IdentityClass, ""), coreMake(t, coreelements.IdentityClass, ""))
	if got := recurseFilter(bin, keep); len(got) != 1 || got[0] != filesrc {
		t.Fatalf("found %v, want only the filesrc", got)
	}
	bin2 := bin
	bin = gst.NewBin("")
	mustAdd(t, bin, coreMake(t, coreelements.IdentityClass, ""), coreMake(t, coreelements.IdentityClass, ""), bin2, coreMake(t, coreelements.IdentityClass, ""))
	if got := recurseFilter(bin, keep); len(got) != 1 || got[0] != filesrc {
		t.Fatalf("found %v in the nested bin, want only the filesrc", got)
	}
	mustAdd(t, bin, coreMake(t, coreelements.FileSrcClass, ""))
	mustAdd(t, bin2, coreMake(t, coreelements.FileSrcClass, ""))
	if got := recurseFilter(bin, keep); len(got) != 3 {
		t.Fatalf("found %d, want 3", len(got))
	}
}

// C: test_interface (by a Go interface instead of GST_TYPE_URI_HANDLER).
func TestGstBinInterface(t *testing.T) {
	binInterfaceTest(t, func(el gst.Element) bool { _, ok := el.(uriHandler); return ok }, nil)
}

// C: test_iterate_all_by_element_factory_name.
func TestGstBinIterateAllByElementFactoryName(t *testing.T) {
	binInterfaceTest(t, func(el gst.Element) bool { return el.Class().Name == "filesrc" },
		func(b *gst.Bin) bool {
			return len(recurseFilter(b, func(el gst.Element) bool { return el.Class().Name == "filesink" })) == 0
		})
}

// twoSinkPipeline is the setup of test_eos and test_stream_start: two
// fakesinks fed from test pads.
func twoSinkPipeline(t *testing.T, name string) (p *gst.Pipeline, sink1, sink2 gst.Element, pad1, pad2 *gst.Pad) {
	p = gst.NewPipeline(name)
	sink1 = coreMake(t, coreelements.FakeSinkClass, "sink1")
	sink2 = coreMake(t, coreelements.FakeSinkClass, "sink2")
	mustAdd(t, &p.Bin, sink1, sink2)
	pad1 = setupSrcPadByName(t, sink1, "sink")
	pad2 = setupSrcPadByName(t, sink2, "sink")
	pad1.SetActive(true)
	pad2.SetActive(true)
	return
}

// pushEventAsync pushes ev on pad from another goroutine (the C test's
// thread) and returns a channel closed when the push returned.
func pushEventAsync(pad *gst.Pad, ev gst.Event) <-chan struct{} {
	done := make(chan struct{})
	go func() {
		defer close(done)
		pad.PushEvent(ev)
	}()
	return done
}

// C: test_eos — the bin posts EOS once all its sinks are EOS.
func TestGstBinEOS(t *testing.T) {
	p, _, _, pad1, pad2 := twoSinkPipeline(t, "test_eos")
	bus := p.Bus()
	if p.SetState(gst.StatePlaying) == gst.StateChangeFailure {
		t.Fatal("PLAYING failed")
	}
	d1 := pushEventAsync(pad1, gst.NewEOSEvent())
	if msg := bus.Poll(gst.MessageError|gst.MessageEOS, 2*second); msg != nil {
		t.Fatalf("got %v with one sink EOS", msg.Type())
	}
	d2 := pushEventAsync(pad2, gst.NewEOSEvent())
	msg := bus.Poll(gst.MessageError|gst.MessageEOS, forever)
	if msg == nil || msg.Type() != gst.MessageEOS {
		t.Fatalf("got %v, want EOS", msg)
	}
	<-d1
	<-d2
	p.SetState(gst.StateNull)
	pad1.SetActive(false)
	pad2.SetActive(false)
}

// C: test_eos_recheck — removing the sink that is not EOS makes the bin
// EOS.
func TestGstBinEOSRecheck(t *testing.T) {
	p := gst.NewPipeline("test_eos_recheck")
	bus := p.Bus()
	sink1 := coreMake(t, coreelements.FakeSinkClass, "sink1")
	sink2 := coreMake(t, coreelements.FakeSinkClass, "sink2")
	mustAdd(t, &p.Bin, sink1, sink2)
	for _, s := range []gst.Element{sink1, sink2} {
		if err := s.Set("async", false); err != nil {
			t.Fatal(err)
		}
	}
	pad1 := setupSrcPadByName(t, sink1, "sink")
	pad1.SetActive(true)
	if p.SetState(gst.StatePlaying) == gst.StateChangeFailure {
		t.Fatal("PLAYING failed")
	}
	if ret, _, _ := p.State(gst.ClockTimeNone); ret != gst.StateChangeSuccess {
		t.Fatalf("State() = %v", ret)
	}
	d1 := pushEventAsync(pad1, gst.NewEOSEvent())
	if msg := bus.Poll(gst.MessageError|gst.MessageEOS, 2*second); msg != nil {
		t.Fatalf("got %v with one sink EOS", msg.Type())
	}
	if err := p.Remove(sink2); err != nil {
		t.Fatal(err)
	}
	sink2.SetState(gst.StateNull)
	msg := bus.Poll(gst.MessageError|gst.MessageEOS, forever)
	if msg == nil || msg.Type() != gst.MessageEOS {
		t.Fatalf("got %v, want EOS", msg)
	}
	<-d1
	p.SetState(gst.StateNull)
	pad1.SetActive(false)
}

// C: test_stream_start — the bin posts STREAM_START once all its sinks
// got stream-start.
func TestGstBinStreamStart(t *testing.T) {
	p, _, _, pad1, pad2 := twoSinkPipeline(t, "test_stream_start")
	bus := p.Bus()
	if p.SetState(gst.StatePlaying) == gst.StateChangeFailure {
		t.Fatal("PLAYING failed")
	}
	d1 := pushEventAsync(pad1, gst.NewStreamStartEvent("test"))
	if msg := bus.Poll(gst.MessageError|gst.MessageStreamStart, 2*second); msg != nil {
		t.Fatalf("got %v with one sink started", msg.Type())
	}
	d2 := pushEventAsync(pad2, gst.NewStreamStartEvent("test"))
	msg := bus.Poll(gst.MessageError|gst.MessageStreamStart, forever)
	if msg == nil || msg.Type() != gst.MessageStreamStart {
		t.Fatalf("got %v, want STREAM_START", msg)
	}
	<-d1
	<-d2
	p.SetState(gst.StateNull)
	pad1.SetActive(false)
	pad2.SetActive(false)
}

// C: test_message_state_changed.
func TestGstBinMessageStateChanged(t *testing.T) {
	bin := gst.NewBin("")
	bus := gst.NewBus()
	bin.SetBus(bus)
	if ret := bin.SetState(gst.StateReady); ret != gst.StateChangeSuccess {
		t.Fatalf("READY = %v", ret)
	}
	if msg := bus.Poll(gst.MessageStateChanged, forever); msg == nil || msg.Src() != gst.Object(bin) {
		t.Fatalf("got %v, want STATE_CHANGED from the bin", msg)
	}
	bus.SetFlushing(true)
	if ret := bin.SetState(gst.StateNull); ret != gst.StateChangeSuccess {
		t.Fatalf("NULL = %v", ret)
	}
}

// C: test_message_state_changed_child — the child's message comes first.
func TestGstBinMessageStateChangedChild(t *testing.T) {
	bin := gst.NewBin("")
	bus := gst.NewBus()
	bin.SetBus(bus)
	src := coreMake(t, coreelements.FakeSrcClass, "")
	mustAdd(t, bin, src)
	if ret := bin.SetState(gst.StateReady); ret != gst.StateChangeSuccess {
		t.Fatalf("READY = %v", ret)
	}
	for _, want := range []gst.Object{src, bin} {
		msg := bus.Poll(gst.MessageStateChanged, forever)
		if msg == nil || msg.Src() != want {
			t.Fatalf("got %v, want STATE_CHANGED from %s", msg, want.Name())
		}
	}
	bus.SetFlushing(true)
	if ret := bin.SetState(gst.StateNull); ret != gst.StateChangeSuccess {
		t.Fatalf("NULL = %v", ret)
	}
}

// C: test_message_state_changed_children — counts the STATE_CHANGED,
// ASYNC_DONE and LATENCY messages of fakesrc ! fakesink.
func TestGstBinMessageStateChangedChildren(t *testing.T) {
	pipeline := gst.NewPipeline("")
	src := coreMake(t, coreelements.FakeSrcClass, "")
	src.Set("silent", true)
	sink := coreMake(t, coreelements.FakeSinkClass, "")
	sink.Set("silent", true)
	mustAdd(t, &pipeline.Bin, src, sink)
	if err := gst.Link(src, sink); err != nil {
		t.Fatal(err)
	}
	bus := pipeline.Bus()
	// STREAM_STATUS and NEW_CLOCK messages are not counted in the C test
	// (its pipeline's bus drops what pop does not ask for): filter.
	bp := &busPopper{t: t, bus: bus}
	if ret := pipeline.SetState(gst.StateReady); ret != gst.StateChangeSuccess {
		t.Fatalf("READY = %v", ret)
	}
	bp.stateChanged(3)
	if bus.HavePending() {
		t.Fatalf("unexpected pending message %v", bus.Peek())
	}
	if ret := pipeline.SetState(gst.StatePaused); ret != gst.StateChangeAsync {
		t.Fatalf("PAUSED = %v, want ASYNC", ret)
	}
	if ret, cur, pending := pipeline.State(gst.ClockTimeNone); ret != gst.StateChangeSuccess || cur != gst.StatePaused || pending != gst.StateVoidPending {
		t.Fatalf("State() = %v %v %v", ret, cur, pending)
	}
	bp.stateChanged(3)
	bp.asyncDone()
	bp.latency()
	// the C test's pop drops STREAM_START / STREAM_STATUS on the way
	if msg := bus.PopFiltered(gst.MessageStateChanged | gst.MessageAsyncDone | gst.MessageLatency); msg != nil {
		t.Fatalf("unexpected %v", msg.Type())
	}
	if ret := pipeline.SetState(gst.StatePlaying); ret != gst.StateChangeSuccess {
		t.Fatalf("PLAYING = %v", ret)
	}
	if ret, cur, pending := pipeline.State(gst.ClockTimeNone); ret != gst.StateChangeSuccess || cur != gst.StatePlaying || pending != gst.StateVoidPending {
		t.Fatalf("State() = %v %v %v", ret, cur, pending)
	}
	bp.stateChanged(3)
	if msg := bus.PopFiltered(gst.MessageStateChanged | gst.MessageAsyncDone | gst.MessageLatency); msg != nil {
		t.Fatalf("unexpected %v", msg.Type())
	}
	if ret := pipeline.SetState(gst.StateReady); ret != gst.StateChangeSuccess {
		t.Fatalf("READY = %v", ret)
	}
	bp.stateChanged(6)
	if msg := bus.PopFiltered(gst.MessageStateChanged | gst.MessageAsyncDone | gst.MessageLatency); msg != nil {
		t.Fatalf("unexpected %v", msg.Type())
	}
	if ret := pipeline.SetState(gst.StateNull); ret != gst.StateChangeSuccess {
		t.Fatalf("NULL = %v", ret)
	}
}

// C: test_watch_for_state_change.
func TestGstBinWatchForStateChange(t *testing.T) {
	bin := gst.NewBin("")
	bus := gst.NewBus()
	bin.SetBus(bus)
	src := coreMake(t, coreelements.FakeSrcClass, "")
	sink := coreMake(t, coreelements.FakeSinkClass, "")
	mustAdd(t, bin, sink, src)
	if err := gst.Link(src, sink); err != nil {
		t.Fatal(err)
	}
	bp := &busPopper{t: t, bus: bus}
	if ret := bin.SetState(gst.StatePaused); ret != gst.StateChangeAsync {
		t.Fatalf("PAUSED = %v, want ASYNC", ret)
	}
	if ret, _, _ := bin.State(gst.ClockTimeNone); ret != gst.StateChangeSuccess {
		t.Fatalf("State() = %v", ret)
	}
	bp.stateChanged(6)
	bp.asyncDone()
	bp.latency()
	if msg := bus.PopFiltered(gst.MessageStateChanged | gst.MessageAsyncDone | gst.MessageLatency); msg != nil {
		t.Fatalf("unexpected %v", msg.Type())
	}
	if ret := bin.SetState(gst.StatePlaying); ret != gst.StateChangeSuccess {
		t.Fatalf("PLAYING = %v", ret)
	}
	bp.stateChanged(3)
	bp.hadLatency = false
	ret := bin.SetState(gst.StatePaused)
	bin.State(gst.ClockTimeNone)
	bp.stateChanged(3)
	if ret == gst.StateChangeAsync {
		bp.asyncDone()
		bp.latency()
	}
	if msg := bus.PopFiltered(gst.MessageStateChanged | gst.MessageAsyncDone | gst.MessageLatency); msg != nil {
		t.Fatalf("unexpected %v", msg.Type())
	}
	bus.SetFlushing(true)
	if ret := bin.SetState(gst.StateNull); ret != gst.StateChangeSuccess {
		t.Fatalf("NULL = %v", ret)
	}
}

// C: test_state_change_error_message — an unlinked fakesrc errors out and
// the async state change fails.
func TestGstBinStateChangeErrorMessage(t *testing.T) {
	bin := gst.NewBin("")
	bus := gst.NewBus()
	bin.SetBus(bus)
	src := coreMake(t, coreelements.FakeSrcClass, "")
	sink := coreMake(t, coreelements.FakeSinkClass, "")
	mustAdd(t, bin, sink, src)
	if ret := bin.SetState(gst.StatePaused); ret != gst.StateChangeAsync {
		t.Fatalf("PAUSED = %v, want ASYNC", ret)
	}
	if ret, _, _ := bin.State(gst.ClockTimeNone); ret != gst.StateChangeFailure {
		t.Fatalf("State() = %v, want FAILURE", ret)
	}
	bus.SetFlushing(true)
	if ret := bin.SetState(gst.StateNull); ret != gst.StateChangeSuccess {
		t.Fatalf("NULL = %v", ret)
	}
}

// C: test_add_linked — adding an element with linked pads to a bin unlinks
// them.
func TestGstBinAddLinked(t *testing.T) {
	pipeline := gst.NewPipeline("")
	src := coreMake(t, coreelements.FakeSrcClass, "")
	sink := coreMake(t, coreelements.FakeSinkClass, "")
	srcpad, sinkpad := src.StaticPad("src"), sink.StaticPad("sink")
	if ret := srcpad.Link(sinkpad); ret != gst.PadLinkOK {
		t.Fatalf("link = %v", ret)
	}
	mustAdd(t, &pipeline.Bin, src)
	if srcpad.IsLinked() || sinkpad.IsLinked() {
		t.Fatal("pads still linked after adding the source to a bin")
	}
	if ret := srcpad.Link(sinkpad); ret != gst.PadLinkWrongHierarchy {
		t.Fatalf("link = %v, want WRONG_HIERARCHY", ret)
	}
	mustAdd(t, &pipeline.Bin, sink)
	if ret := srcpad.Link(sinkpad); ret != gst.PadLinkOK {
		t.Fatalf("link = %v", ret)
	}
}

// C: test_add_self.
func TestGstBinAddSelf(t *testing.T) {
	bin := gst.NewBin("")
	if err := bin.Add(bin); err == nil {
		t.Fatal("adding a bin to itself succeeded")
	}
}

// assertStateChangeMsg is ASSERT_STATE_CHANGE_MSG.
func assertStateChangeMsg(t *testing.T, bus *gst.Bus, el gst.Object, old, new gst.State, num int) {
	t.Helper()
	msg := bus.Poll(gst.MessageStateChanged, second)
	if msg == nil {
		t.Fatalf("no state change message within 1 second (#%d)", num)
	}
	sc := msg.(*gst.StateChangedMessage)
	if msg.Src() != el {
		t.Fatalf("#%d: %s changed state, want %s", num, msg.Src().Name(), el.Name())
	}
	if sc.Old != old || sc.New != new {
		t.Fatalf("#%d: state change %v => %v, want %v => %v", num, sc.Old, sc.New, old, new)
	}
}

func childrenStateChangeOrder(t *testing.T, semiSink bool) {
	pipeline := gst.NewPipeline("")
	bus := pipeline.Bus()
	src := coreMake(t, coreelements.FakeSrcClass, "")
	if !semiSink {
		src.Set("num-buffers", 5)
	}
	identity := coreMake(t, coreelements.IdentityClass, "")
	sink := coreMake(t, coreelements.FakeSinkClass, "")
	mustAdd(t, &pipeline.Bin, src, identity, sink)
	if err := gst.LinkElements(src, identity, sink); err != nil {
		t.Fatal(err)
	}
	base := 100
	if semiSink {
		base = 200
		sink.(interface{ UnsetElementFlags(gst.ElementFlags) }).UnsetElementFlags(gst.ElementFlagSink)
	}
	if ret := pipeline.SetState(gst.StatePlaying); ret != gst.StateChangeAsync {
		t.Fatalf("PLAYING = %v, want ASYNC", ret)
	}
	if ret, cur, pending := pipeline.State(gst.ClockTimeNone); ret != gst.StateChangeSuccess || cur != gst.StatePlaying || pending != gst.StateVoidPending {
		t.Fatalf("State() = %v %v %v", ret, cur, pending)
	}
	N, R, Pa, Pl := gst.StateNull, gst.StateReady, gst.StatePaused, gst.StatePlaying
	assertStateChangeMsg(t, bus, sink, N, R, base+1)
	assertStateChangeMsg(t, bus, identity, N, R, base+2)
	assertStateChangeMsg(t, bus, src, N, R, base+3)
	assertStateChangeMsg(t, bus, pipeline, N, R, base+4)
	assertStateChangeMsg(t, bus, identity, R, Pa, base+5)
	bp := &busPopper{t: t, bus: bus}
	bp.stateChanged(2)
	assertStateChangeMsg(t, bus, pipeline, R, Pa, base+8)
	bp.asyncDone()
	bp.latency()
	assertStateChangeMsg(t, bus, sink, Pa, Pl, base+9)
	assertStateChangeMsg(t, bus, identity, Pa, Pl, base+10)
	assertStateChangeMsg(t, bus, src, Pa, Pl, base+11)
	assertStateChangeMsg(t, bus, pipeline, Pa, Pl, base+12)
	if ret := pipeline.SetState(gst.StateReady); ret != gst.StateChangeSuccess {
		t.Fatalf("READY = %v", ret)
	}
	if !semiSink {
		if ret, _, _ := pipeline.State(gst.ClockTimeNone); ret != gst.StateChangeSuccess {
			t.Fatalf("State() = %v", ret)
		}
	}
	bp.stateChanged(4)
	bp.stateChanged(4)
	if ret := pipeline.SetState(gst.StateNull); ret != gst.StateChangeSuccess {
		t.Fatalf("NULL = %v", ret)
	}
}

// C: test_children_state_change_order_flagged_sink — sinks change state
// first, sources last, the pipeline after its children.
func TestGstBinChildrenStateChangeOrderFlaggedSink(t *testing.T) {
	childrenStateChangeOrder(t, false)
}

// C: test_children_state_change_order_semi_sink — same with the sink not
// flagged as a sink.
func TestGstBinChildrenStateChangeOrderSemiSink(t *testing.T) {
	childrenStateChangeOrder(t, true)
}

// C: test_children_state_change_order_two_sink.
func TestGstBinChildrenStateChangeOrderTwoSink(t *testing.T) {
	pipeline := gst.NewPipeline("")
	bus := pipeline.Bus()
	src := coreMake(t, coreelements.FakeSrcClass, "")
	tee := coreMake(t, coreelements.TeeClass, "")
	identity := coreMake(t, coreelements.IdentityClass, "")
	sink1 := coreMake(t, coreelements.FakeSinkClass, "")
	sink2 := coreMake(t, coreelements.FakeSinkClass, "")
	mustAdd(t, &pipeline.Bin, src, tee, identity, sink1, sink2)
	for _, l := range [][2]gst.Element{{src, tee}, {tee, identity}, {identity, sink1}, {tee, sink2}} {
		if err := gst.Link(l[0], l[1]); err != nil {
			t.Fatal(err)
		}
	}
	if ret := pipeline.SetState(gst.StateReady); ret != gst.StateChangeSuccess {
		t.Fatalf("READY = %v", ret)
	}
	var first, next gst.Object
	for i, p := range []*gst.Object{&first, &next} {
		msg := bus.Poll(gst.MessageStateChanged, second)
		if msg == nil {
			t.Fatalf("no state change message within 1 second (#%d)", 201+i)
		}
		*p = msg.Src()
		if *p != gst.Object(sink1) && *p != gst.Object(sink2) {
			t.Fatalf("%s changed state, want sink1 or sink2 (#202)", (*p).Name())
		}
	}
	if first == next {
		t.Fatal("got state change from same object")
	}
	N, R := gst.StateNull, gst.StateReady
	assertStateChangeMsg(t, bus, identity, N, R, 203)
	assertStateChangeMsg(t, bus, tee, N, R, 204)
	assertStateChangeMsg(t, bus, src, N, R, 205)
	assertStateChangeMsg(t, bus, pipeline, N, R, 206)
	if ret := pipeline.SetState(gst.StateNull); ret != gst.StateChangeSuccess {
		t.Fatalf("NULL = %v", ret)
	}
}

func checkOrder(t *testing.T, got []gst.Element, want ...gst.Element) {
	t.Helper()
	if len(got) < len(want) {
		t.Fatalf("sorted %d elements, want at least %d", len(got), len(want))
	}
	for i, w := range want {
		if got[i] != w {
			t.Errorf("sorted[%d] = %s, want %s", i, got[i].Name(), w.Name())
		}
	}
}

// C: test_iterate_sorted — links through a child bin count.
func TestGstBinIterateSorted(t *testing.T) {
	pipeline := gst.NewPipeline("")
	bin := gst.NewBin("")
	src := coreMake(t, coreelements.FakeSrcClass, "")
	tee := coreMake(t, coreelements.TeeClass, "")
	sink1 := coreMake(t, coreelements.FakeSinkClass, "")
	mustAdd(t, bin, src, tee, sink1)
	if err := gst.LinkElements(src, tee, sink1); err != nil {
		t.Fatal(err)
	}
	identity := coreMake(t, coreelements.IdentityClass, "")
	sink2 := coreMake(t, coreelements.FakeSinkClass, "")
	mustAdd(t, &pipeline.Bin, bin, identity, sink2)
	if err := gst.LinkElements(tee, identity, sink2); err != nil {
		t.Fatal(err)
	}
	checkOrder(t, pipeline.SortedChildren(), sink2, identity, bin)
}

// C: test_iterate_sorted_unlinked — sinks first, sources last.
func TestGstBinIterateSortedUnlinked(t *testing.T) {
	pipeline := gst.NewPipeline("")
	src := coreMake(t, coreelements.FakeSrcClass, "")
	sink := coreMake(t, coreelements.FakeSinkClass, "")
	identity := coreMake(t, coreelements.IdentityClass, "")
	mustAdd(t, &pipeline.Bin, sink, identity, src)
	checkOrder(t, pipeline.SortedChildren(), sink, identity, src)
}

// C: test_link_structure_change — linking src to identity from a sync
// handler while the pipeline changes state makes the bin resync, so src
// still reaches READY.
func TestGstBinLinkStructureChange(t *testing.T) {
	pipeline := gst.NewPipeline("")
	bus := pipeline.Bus()
	src := coreMake(t, coreelements.FakeSrcClass, "src")
	identity := coreMake(t, coreelements.IdentityClass, "identity")
	sink := coreMake(t, coreelements.FakeSinkClass, "sink")
	bus.SetSyncHandler(func(_ *gst.Bus, msg gst.Message) gst.BusSyncReply {
		sc, ok := msg.(*gst.StateChangedMessage)
		if !ok || msg.Src() != pipeline.ByName("sink") || sc.New != gst.StateReady {
			return gst.BusPass
		}
		if err := gst.Link(pipeline.ByName("src"), pipeline.ByName("identity")); err != nil {
			t.Error(err)
		}
		return gst.BusPass
	})
	mustAdd(t, &pipeline.Bin, src, identity, sink)
	pipeline.SetState(gst.StateReady)
	pipeline.State(gst.ClockTimeNone)
	if _, state, _ := src.State(0); state != gst.StateReady {
		t.Errorf("src state %v, want READY", state)
	}
	pipeline.SetState(gst.StateNull)
}

// C: test_state_failure_remove — removing the failing sink from a sync
// handler on its ERROR lets the state change succeed.
func TestGstBinStateFailureRemove(t *testing.T) {
	pipeline := gst.NewPipeline("")
	src := coreMake(t, coreelements.FakeSrcClass, "fakesrc")
	sink := coreMake(t, coreelements.FakeSinkClass, "fakesink")
	if err := sink.Set("state-error", 1); err != nil {
		t.Fatal(err)
	}
	mustAdd(t, &pipeline.Bin, src, sink)
	gst.Link(src, sink)
	pipeline.Bus().SetSyncHandler(func(_ *gst.Bus, msg gst.Message) gst.BusSyncReply {
		if msg.Type() == gst.MessageError {
			if child := pipeline.ByName("fakesink"); child != nil {
				pipeline.Remove(child)
			}
		}
		return gst.BusPass
	})
	if ret := pipeline.SetState(gst.StateReady); ret != gst.StateChangeSuccess {
		t.Fatalf("READY = %v, want SUCCESS", ret)
	}
	pipeline.SetState(gst.StateNull)
}

// C: test_state_failure_unref — a sink that fails its state change,
// added from a blocking probe, errors; the pipeline still goes to NULL.
func TestGstBinStateFailureUnref(t *testing.T) {
	pipeline := gst.NewPipeline("")
	src := coreMake(t, coreelements.FakeSrcClass, "fakesrc")
	srcpad := src.StaticPad("src")
	srcpad.AddProbe(gst.ProbeTypeBlockDownstream, func(*gst.Pad, *gst.PadProbeInfo) gst.PadProbeReturn {
		src := pipeline.ByName("fakesrc")
		sink, err := coreelements.FakeSinkClass.Create("fakesink")
		if err != nil {
			t.Error(err)
			return gst.ProbeRemove
		}
		sink.Set("state-error", 1)
		pipeline.Add(sink)
		gst.Link(src, sink)
		sink.(interface{ SyncStateWithParent() bool }).SyncStateWithParent()
		return gst.ProbeRemove
	})
	mustAdd(t, &pipeline.Bin, src)
	bus := pipeline.Bus()
	pipeline.SetState(gst.StatePlaying)
	if msg := bus.Poll(gst.MessageError, second); msg == nil {
		t.Error("no ERROR from the failing sink")
	}
	if ret := pipeline.SetState(gst.StateNull); ret != gst.StateChangeSuccess {
		t.Fatalf("NULL = %v, downward state change failed", ret)
	}
}

// C: test_state_change_skip — a child already in PAUSED whose next
// upward change would fail is skipped without an ERROR.
func TestGstBinStateChangeSkip(t *testing.T) {
	pipeline := gst.NewPipeline("")
	var mu sync.Mutex
	var errs []gst.Message
	pipeline.Bus().SetSyncHandler(func(_ *gst.Bus, msg gst.Message) gst.BusSyncReply {
		if msg.Type() == gst.MessageError {
			mu.Lock()
			errs = append(errs, msg)
			mu.Unlock()
		}
		return gst.BusPass
	})
	sink := coreMake(t, coreelements.FakeSinkClass, "fakesink")
	sink.SetState(gst.StatePaused)
	if err := sink.Set("state-error", 5); err != nil {
		t.Fatal(err)
	}
	mustAdd(t, &pipeline.Bin, sink)
	pipeline.SetState(gst.StatePlaying)
	sink.Set("state-error", 0)
	if ret := pipeline.SetState(gst.StateNull); ret != gst.StateChangeSuccess {
		t.Fatalf("NULL = %v, downward state change failed", ret)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(errs) != 0 {
		t.Errorf("got ERROR %v", errs[0])
	}
}

// durationSrc is a source whose pad answers DURATION queries with a fixed
// value, standing in for the C tests' GST_BASE_SRC (src)->segment.duration.
type durationSrc struct {
	gst.ElementBase
	duration int64
}

var durationSrcClass = &gst.ElementClass{Name: "gstbintestdurationsrc", New: func() gst.Element { return &durationSrc{} }}

func newDurationSrc(t *testing.T, d int64) gst.Element {
	t.Helper()
	el, err := durationSrcClass.Create("")
	if err != nil {
		t.Fatal(err)
	}
	s := el.(*durationSrc)
	s.duration = d
	pad := gst.NewPad("src", gst.PadSrc)
	pad.SetQueryFunc(func(p *gst.Pad, q gst.Query) bool {
		if dq, ok := q.(*gst.DurationQuery); ok && dq.Format == gst.FormatBytes {
			dq.Duration = s.duration
			return true
		}
		return p.QueryDefault(q)
	})
	s.AddPad(pad)
	return s
}

func durationTest(t *testing.T, durations [3]int64, want int64) {
	bin := gst.NewPipeline("pipeline")
	for _, d := range durations {
		src := newDurationSrc(t, d)
		sink := coreMake(t, coreelements.FakeSinkClass, "")
		mustAdd(t, &bin.Bin, src, sink)
		if err := gst.Link(src, sink); err != nil {
			t.Fatal(err)
		}
	}
	got, ok := bin.QueryDuration(gst.FormatBytes)
	if !ok {
		t.Fatal("duration query failed")
	}
	if got != want {
		t.Errorf("duration = %d, want %d", got, want)
	}
}

// C: test_duration_is_max — the bin's duration is the largest of its
// sinks' (the C test pokes basesrc segments of fakesrc in PLAYING; here
// the sources answer the query directly and the pipeline stays in NULL).
func TestGstBinDurationIsMax(t *testing.T) {
	durationTest(t, [3]int64{1000, 3000, 2000}, 3000)
}

// C: test_duration_unknown_overrides — one unknown duration makes the
// bin's duration unknown.
func TestGstBinDurationUnknownOverrides(t *testing.T) {
	durationTest(t, [3]int64{-1, 3000, 2000}, -1)
}

// The pipeline's STREAM_START carries the sinks' common group id
// (is_stream_start), and a pad task announces itself with STREAM_STATUS
// CREATE (named "taskN"), ENTER (renamed "element:pad"), LEAVE and
// DESTROY, the task attached as the message's object (do_stream_status).
func TestGstBinStreamStartGroupIDAndTaskStatus(t *testing.T) {
	p := gst.NewPipeline("")
	src := coreMake(t, coreelements.FakeSrcClass, "src")
	if err := src.Set("num-buffers", 1); err != nil {
		t.Fatal(err)
	}
	sink := coreMake(t, coreelements.FakeSinkClass, "sink")
	mustAdd(t, &p.Bin, src, sink)
	if err := gst.Link(src, sink); err != nil {
		t.Fatal(err)
	}
	bus := p.Bus()
	// the bus flushes on NULL: see LEAVE and DESTROY in the sync handler
	var mu sync.Mutex
	var statuses []string
	var task *gst.Task
	bus.SetSyncHandler(func(_ *gst.Bus, m gst.Message) gst.BusSyncReply {
		if m, ok := m.(*gst.StreamStatusMessage); ok {
			mu.Lock()
			defer mu.Unlock()
			if task == nil {
				task = m.Task
			} else if m.Task != task {
				t.Errorf("stream-status about another task")
			}
			statuses = append(statuses, m.StatusType.String()+" "+m.TaskName)
		}
		return gst.BusPass
	})
	defer bus.SetSyncHandler(nil)
	p.SetState(gst.StatePlaying)
	sawStart := false
	for done := false; !done; {
		m := bus.Poll(gst.MessageAny, forever)
		switch m := m.(type) {
		case nil:
			t.Fatal("no EOS")
		case *gst.EOSMessage:
			done = true
		case *gst.StreamStartMessage:
			if m.Src() != gst.Object(p) {
				t.Errorf("stream-start from %s, want only the pipeline's", m.Src().Name())
			}
			if !m.HasGroupID || m.GroupID == gst.GroupIDInvalid {
				t.Errorf("pipeline stream-start without group id")
			}
			sawStart = true
		}
	}
	p.SetState(gst.StateNull)
	mu.Lock()
	defer mu.Unlock()
	if !sawStart {
		t.Error("no stream-start from the pipeline")
	}
	if len(statuses) != 4 || !strings.HasPrefix(statuses[0], "create task") ||
		statuses[1] != "enter src:src" || statuses[2] != "leave src:src" || statuses[3] != "destroy src:src" {
		t.Errorf("stream-status messages %q, want create taskN, enter/leave/destroy src:src", statuses)
	}
}
