package gst

import (
	"errors"
	"sync"
	"testing"
	"time"
)

// sinkRecorder is a sink pad's chain/event functions recording what
// arrives, returning a configurable flow.
type sinkRecorder struct {
	mu     sync.Mutex
	bufs   []*Buffer
	events []Event
	flow   error
}

func (r *sinkRecorder) chain(_ *Pad, b *Buffer) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.bufs = append(r.bufs, b)
	return r.flow
}

func (r *sinkRecorder) event(_ *Pad, ev Event) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, ev)
	return true
}

func (r *sinkRecorder) eventTypes() []EventType {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []EventType
	for _, e := range r.events {
		out = append(out, e.Type())
	}
	return out
}

func newLinkedPads(t *testing.T) (*Pad, *Pad, *sinkRecorder) {
	t.Helper()
	src := NewPad("src", PadSrc)
	sink := NewPad("sink", PadSink)
	rec := &sinkRecorder{}
	sink.SetChainFunc(rec.chain)
	sink.SetEventFunc(rec.event)
	if r := src.Link(sink); r != PadLinkOK {
		t.Fatalf("link: %v", r)
	}
	if !src.SetActive(true) || !sink.SetActive(true) {
		t.Fatal("activation failed")
	}
	return src, sink, rec
}

func pushStreamStartCapsSegment(t *testing.T, src *Pad) {
	t.Helper()
	if !src.PushEvent(NewStreamStartEvent("test")) {
		t.Fatal("stream-start refused")
	}
	if !src.PushEvent(NewCapsEvent(NewCapsAny())) {
		t.Fatal("caps refused")
	}
	if !src.PushEvent(NewSegmentEvent(NewSegment(FormatTime))) {
		t.Fatal("segment refused")
	}
}

func TestPadLinkResults(t *testing.T) {
	src := NewPad("src", PadSrc)
	sink := NewPad("sink", PadSink)
	if r := sink.Link(src); r != PadLinkWrongDirection {
		t.Errorf("sink→src link = %v, want wrong direction", r)
	}
	if r := src.Link(sink); r != PadLinkOK {
		t.Fatalf("link = %v", r)
	}
	sink2 := NewPad("sink2", PadSink)
	if r := src.Link(sink2); r != PadLinkWasLinked {
		t.Errorf("second link = %v, want was linked", r)
	}
	if !src.Unlink(sink) {
		t.Error("unlink failed")
	}
	if src.Unlink(sink) {
		t.Error("second unlink succeeded")
	}
	if src.Peer() != nil || sink.Peer() != nil {
		t.Error("peers not cleared")
	}
}

func TestPadLinkHierarchy(t *testing.T) {
	e := newTestElement(t, "e")
	src := NewPad("src", PadSrc)
	sink := NewPad("sink", PadSink)
	e.AddPad(src)
	e.AddPad(sink)
	if r := src.Link(sink); r != PadLinkWrongHierarchy {
		t.Errorf("linking pads of the same element = %v, want wrong hierarchy", r)
	}
}

// GStreamer's test_sticky_caps_unlinked: a caps event pushed on an unlinked
// pad is stored and delivered before the first buffer after linking.
func TestStickyCapsUnlinked(t *testing.T) {
	src := NewPad("src", PadSrc)
	sink := NewPad("sink", PadSink)
	rec := &sinkRecorder{}
	sink.SetChainFunc(rec.chain)
	sink.SetEventFunc(rec.event)
	src.SetActive(true)
	sink.SetActive(true)
	if !src.PushEvent(NewStreamStartEvent("s")) {
		t.Fatal("stream-start on unlinked pad must report true")
	}
	if !src.PushEvent(NewCapsEvent(NewCapsAny())) {
		t.Fatal("caps on unlinked pad must report true")
	}
	if !src.PushEvent(NewSegmentEvent(NewSegment(FormatTime))) {
		t.Fatal("segment on unlinked pad must report true")
	}
	if src.Link(sink) != PadLinkOK {
		t.Fatal("link")
	}
	if got := rec.eventTypes(); len(got) != 0 {
		t.Fatalf("linking sent events %v; sticky events must wait for data", got)
	}
	if err := src.Push(NewBufferWrapped([]byte{1})); err != nil {
		t.Fatalf("push: %v", err)
	}
	want := []EventType{EventStreamStart, EventCaps, EventSegment}
	got := rec.eventTypes()
	if len(got) != len(want) {
		t.Fatalf("events %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("events %v, want %v", got, want)
		}
	}
	if len(rec.bufs) != 1 {
		t.Fatalf("got %d buffers", len(rec.bufs))
	}
	if sink.CurrentCaps() == nil {
		t.Error("sink pad has no current caps after the caps event")
	}
}

// test_last_flow_return_push.
func TestLastFlowReturnPush(t *testing.T) {
	src := NewPad("src", PadSrc)
	sink := NewPad("sink", PadSink)
	rec := &sinkRecorder{}
	sink.SetChainFunc(rec.chain)
	if src.LastFlowReturn() != FlowFlushing || sink.LastFlowReturn() != FlowFlushing {
		t.Fatal("new pads must report flushing")
	}
	src.SetActive(true)
	sink.SetActive(true)
	if src.LastFlowReturn() != FlowOK {
		t.Fatal("activation must reset to OK")
	}
	pushStreamStartCapsSegment(t, src)
	if err := src.Push(NewBufferWrapped(nil)); !errors.Is(err, ErrNotLinked) {
		t.Fatalf("unlinked push = %v", err)
	}
	if src.LastFlowReturn() != FlowNotLinked || sink.LastFlowReturn() != FlowOK {
		t.Fatalf("after unlinked push: src %v sink %v", src.LastFlowReturn(), sink.LastFlowReturn())
	}
	src.Link(sink)
	if err := src.Push(NewBufferWrapped(nil)); err != nil {
		t.Fatal(err)
	}
	if src.LastFlowReturn() != FlowOK || sink.LastFlowReturn() != FlowOK {
		t.Fatal("after push: not OK")
	}
	rec.flow = FlowCustomError.Err()
	if err := src.Push(NewBufferWrapped(nil)); FlowFromError(err) != FlowCustomError {
		t.Fatalf("push = %v", err)
	}
	if src.LastFlowReturn() != FlowCustomError || sink.LastFlowReturn() != FlowCustomError {
		t.Fatal("custom error not recorded on both pads")
	}
	rec.flow = nil
	src.PushEvent(NewEOSEvent())
	if src.LastFlowReturn() != FlowEOS || sink.LastFlowReturn() != FlowEOS {
		t.Fatalf("after EOS: src %v sink %v", src.LastFlowReturn(), sink.LastFlowReturn())
	}
	if err := src.Push(NewBufferWrapped(nil)); !errors.Is(err, ErrEOS) {
		t.Fatalf("push after EOS = %v", err)
	}
	src.PushEvent(NewFlushStartEvent())
	src.PushEvent(NewFlushStopEvent(true))
	if src.LastFlowReturn() != FlowOK || sink.LastFlowReturn() != FlowOK {
		t.Fatal("flush-stop must reset to OK")
	}
}

// test_pad_probe_handled_and_drop: after HANDLED or DROP later probes are
// not called; a dropped buffer push returns OK.
func TestProbeHandledAndDrop(t *testing.T) {
	src, _, rec := newLinkedPads(t)
	pushStreamStartCapsSegment(t, src)
	calls := 0
	src.AddProbe(ProbeTypeBuffer, func(*Pad, *PadProbeInfo) PadProbeReturn { return ProbeDrop })
	src.AddProbe(ProbeTypeBuffer, func(*Pad, *PadProbeInfo) PadProbeReturn { calls++; return ProbeOK })
	if err := src.Push(NewBufferWrapped(nil)); err != nil {
		t.Fatalf("dropped push = %v, want OK", err)
	}
	if calls != 0 || len(rec.bufs) != 0 {
		t.Fatalf("after drop: later probe calls %d, buffers %d", calls, len(rec.bufs))
	}
}

func TestProbeHandledCustomFlow(t *testing.T) {
	src := NewPad("src", PadSrc)
	src.SetActive(true)
	pushStreamStartCapsSegment(t, src)
	src.AddProbe(ProbeTypeBuffer, func(_ *Pad, info *PadProbeInfo) PadProbeReturn {
		info.FlowRet = FlowCustomSuccess
		return ProbeHandled
	})
	if r := FlowFromError(src.Push(NewBufferWrapped(nil))); r != FlowCustomSuccess {
		t.Fatalf("handled push = %v, want custom-success", r)
	}
}

func TestProbeOrderAndRemove(t *testing.T) {
	src, _, rec := newLinkedPads(t)
	pushStreamStartCapsSegment(t, src)
	var order []int
	src.AddProbe(ProbeTypeBuffer, func(*Pad, *PadProbeInfo) PadProbeReturn { order = append(order, 1); return ProbeRemove })
	src.AddProbe(ProbeTypeBuffer, func(*Pad, *PadProbeInfo) PadProbeReturn { order = append(order, 2); return ProbeOK })
	src.Push(NewBufferWrapped(nil))
	src.Push(NewBufferWrapped(nil))
	want := []int{1, 2, 2}
	if len(order) != len(want) {
		t.Fatalf("order %v, want %v", order, want)
	}
	for i := range want {
		if order[i] != want[i] {
			t.Fatalf("order %v, want %v", order, want)
		}
	}
	if len(rec.bufs) != 2 {
		t.Fatalf("got %d buffers", len(rec.bufs))
	}
}

func TestBlockingProbeUnblocksOnRemove(t *testing.T) {
	src, _, rec := newLinkedPads(t)
	pushStreamStartCapsSegment(t, src)
	blocked := make(chan struct{})
	var once sync.Once
	id := src.AddProbe(ProbeTypeBlockDownstream, func(*Pad, *PadProbeInfo) PadProbeReturn {
		once.Do(func() { close(blocked) })
		return ProbeOK
	})
	done := make(chan error, 1)
	go func() { done <- src.Push(NewBufferWrapped(nil)) }()
	select {
	case <-blocked:
	case <-time.After(5 * time.Second):
		t.Fatal("probe not called")
	}
	select {
	case <-done:
		t.Fatal("push returned while blocked")
	default:
	}
	src.RemoveProbe(id)
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("push did not resume after removing the probe")
	}
	if len(rec.bufs) != 1 {
		t.Fatal("buffer lost")
	}
}

func TestFlushStopOnInactivePad(t *testing.T) {
	p := NewPad("src", PadSrc)
	if p.PushEvent(NewFlushStopEvent(true)) {
		t.Error("flush-stop on an inactive unlinked pad must fail")
	}
	if !p.IsFlushing() {
		t.Error("inactive pad must stay flushing")
	}
}

func TestFlushStartUnlinkedStillFlushes(t *testing.T) {
	p := NewPad("src", PadSrc)
	p.SetActive(true)
	if p.PushEvent(NewFlushStartEvent()) {
		t.Error("flush-start on an unlinked pad must report false")
	}
	if !p.IsFlushing() {
		t.Error("pad must be flushing")
	}
}

func TestStickyOrderAndFlushRemoval(t *testing.T) {
	p := NewPad("src", PadSrc)
	p.SetActive(true)
	p.PushEvent(NewSegmentEvent(NewSegment(FormatTime)))
	p.PushEvent(NewStreamStartEvent("a"))
	var got []EventType
	p.StickyEventsForEach(func(ev Event) bool { got = append(got, ev.Type()); return true })
	if len(got) != 2 || got[0] != EventStreamStart || got[1] != EventSegment {
		t.Fatalf("sticky order %v", got)
	}
	p.PushEvent(NewEOSEvent())
	if !p.IsEOS() {
		t.Fatal("not EOS")
	}
	p.PushEvent(NewFlushStartEvent())
	p.PushEvent(NewFlushStopEvent(true))
	if p.StickyEvent(EventSegment, 0) != nil || p.StickyEvent(EventEOS, 0) != nil {
		t.Error("flush-stop must remove segment and EOS")
	}
	if p.StickyEvent(EventStreamStart, 0) == nil {
		t.Error("flush-stop must keep stream-start")
	}
	p.SetActive(false)
	if p.StickyEvent(EventStreamStart, 0) != nil {
		t.Error("deactivation must drop sticky events")
	}
}

func TestPadTemplateNames(t *testing.T) {
	cases := []struct {
		name     string
		presence PadPresence
		ok       bool
	}{
		{"src", PadAlways, true},
		{"src_%u", PadRequest, true},
		{"src_%u", PadAlways, false},
		{"src_%u", PadSometimes, true}, // demuxers: qtdemux video_%u (name_is_valid only rejects ALWAYS)
		{"src_%d_%u", PadRequest, true},
		{"src_%s", PadRequest, true},
		{"video_%c", PadSometimes, true},
	}
	for _, c := range cases {
		_, err := NewPadTemplate(c.name, PadSrc, c.presence, nil)
		if (err == nil) != c.ok {
			t.Errorf("NewPadTemplate(%q, %v) err = %v, want ok=%v", c.name, c.presence, err, c.ok)
		}
	}
	tmpl := MustNewPadTemplate("src_%u", PadSrc, PadRequest, nil)
	for name, want := range map[string]bool{"src_0": true, "src_12": true, "src_": false, "src_x": false, "sink_0": false} {
		if got := tmpl.MatchesName(name); got != want {
			t.Errorf("MatchesName(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestFlowNames(t *testing.T) {
	cases := map[FlowReturn]string{
		FlowOK: "ok", FlowNotLinked: "not-linked", FlowFlushing: "flushing", FlowEOS: "eos",
		FlowNotNegotiated: "not-negotiated", FlowError: "error", FlowNotSupported: "not-supported",
		FlowCustomSuccess: "custom-success", 150: "custom-success", FlowCustomError: "custom-error",
		-150: "custom-error", -50: "unknown", 50: "unknown",
	}
	for f, want := range cases {
		if got := f.String(); got != want {
			t.Errorf("FlowReturn(%d) = %q, want %q", int(f), got, want)
		}
	}
	for _, f := range []FlowReturn{FlowOK, FlowNotLinked, FlowFlushing, FlowEOS, FlowNotNegotiated, FlowError, FlowNotSupported, FlowCustomError1} {
		if got := FlowFromError(f.Err()); got != f {
			t.Errorf("round trip %v → %v", f, got)
		}
	}
	wrapped := NewFlowError(FlowNotNegotiated, "no common format")
	if !errors.Is(wrapped, ErrNotNegotiated) || FlowFromError(wrapped) != FlowNotNegotiated {
		t.Error("FlowErr must match its sentinel")
	}
	if !IsFatalFlow(ErrNotLinked) || IsFatalFlow(ErrEOS) || IsFatalFlow(ErrFlushing) || !IsFatalFlow(errors.New("x")) {
		t.Error("IsFatalFlow")
	}
}

func BenchmarkPadPush(b *testing.B) {
	src := NewPad("src", PadSrc)
	sink := NewPad("sink", PadSink)
	sink.SetChainFunc(func(_ *Pad, buf *Buffer) error { return nil })
	sink.SetEventFunc(func(*Pad, Event) bool { return true })
	src.Link(sink)
	src.SetActive(true)
	sink.SetActive(true)
	src.PushEvent(NewStreamStartEvent("b"))
	src.PushEvent(NewSegmentEvent(NewSegment(FormatTime)))
	buf := NewBufferWrapped(nil)
	src.Push(buf)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := src.Push(buf); err != nil {
			b.Fatal(err)
		}
	}
}
