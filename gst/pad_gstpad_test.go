package gst

// Cases ported from GStreamer's tests/check/gst/gstpad.c (1.22); each test
// names the C test it follows. Reference counts are not asserted (Go has a
// garbage collector); what a push returns and what reaches the peer is.

import (
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// capsEventRecorder is gstpad.c's sticky_event: it accepts stream-start,
// caps and segment, and records the one caps event.
type capsEventRecorder struct {
	t      *testing.T
	caps   *Caps
	nCaps  int
	chains int
}

func (r *capsEventRecorder) event(_ *Pad, ev Event) bool {
	switch e := ev.(type) {
	case *CapsEvent:
		r.nCaps++
		if r.chains != 0 {
			r.t.Errorf("caps event after %d buffers", r.chains)
		}
		r.caps = e.Caps
	case *StreamStartEvent, *SegmentEvent:
	default:
		r.t.Errorf("unexpected event %v", ev.Type())
	}
	return true
}

func (r *capsEventRecorder) chain(_ *Pad, _ *Buffer) error {
	r.chains++
	return nil
}

func stickyCapsPads(t *testing.T, srcCaps, sinkCaps string) (*Pad, *Pad, *capsEventRecorder) {
	t.Helper()
	parse := func(s string) *Caps {
		if s == "ANY" {
			return NewCapsAny()
		}
		return MustParseCaps(s)
	}
	src := NewPadFromTemplate(MustNewPadTemplate("src", PadSrc, PadAlways, parse(srcCaps)), "src")
	sink := NewPadFromTemplate(MustNewPadTemplate("sink", PadSink, PadAlways, parse(sinkCaps)), "sink")
	rec := &capsEventRecorder{t: t}
	sink.SetEventFunc(rec.event)
	sink.SetChainFunc(rec.chain)
	return src, sink, rec
}

// test_get_allowed_caps.
func TestGstPadAllowedCaps(t *testing.T) {
	src := NewPad("src", PadSrc)
	if c := src.AllowedCaps(); c != nil {
		t.Fatalf("unlinked allowed caps = %v, want nil", c)
	}
	caps := MustParseCaps("foo/bar")
	sink := NewPad("sink", PadSink)
	src.SetActive(true)
	if !src.SetCaps(caps) {
		t.Fatal("active source pad refused caps")
	}
	if sink.SetCaps(caps) {
		t.Fatal("inactive sink pad accepted caps")
	}
	sink.SetActive(true)
	if !sink.SetCaps(caps) {
		t.Fatal("active sink pad refused caps")
	}
	if r := src.Link(sink); r != PadLinkOK {
		t.Fatalf("link = %v", r)
	}
	got := src.AllowedCaps()
	if got == nil || !got.IsEqual(caps) {
		t.Fatalf("allowed caps = %v, want %v", got, caps)
	}
	src.Unlink(sink)
}

// test_sticky_caps_unlinked.
func TestGstPadStickyCapsUnlinked(t *testing.T) {
	src, sink, rec := stickyCapsPads(t, "foo/bar, dummy=(int){1, 2}", "foo/bar, dummy=(int){1, 2}")
	src.SetActive(true)
	if !src.PushEvent(NewStreamStartEvent("test")) {
		t.Fatal("stream-start refused")
	}
	caps := MustParseCaps("foo/bar, dummy=(int)1")
	if !src.PushEvent(NewCapsEvent(caps)) {
		t.Fatal("caps refused on an unlinked pad")
	}
	if !src.PushEvent(NewSegmentEvent(NewSegment(FormatTime))) {
		t.Fatal("segment refused")
	}
	if r := src.Link(sink); r != PadLinkOK {
		t.Fatalf("link = %v", r)
	}
	sink.SetActive(true)
	if rec.nCaps != 0 {
		t.Fatal("linking forwarded the sticky caps before a buffer")
	}
	if err := src.Push(NewBuffer()); err != nil {
		t.Fatalf("push = %v", err)
	}
	if rec.nCaps != 1 || !rec.caps.IsEqual(caps) || rec.chains != 1 {
		t.Fatalf("got %d caps events (%v) and %d buffers", rec.nCaps, rec.caps, rec.chains)
	}
}

// test_sticky_caps_unlinked_incompatible.
func TestGstPadStickyCapsUnlinkedIncompatible(t *testing.T) {
	src, sink, rec := stickyCapsPads(t, "ANY", "foo/bar, dummy=(int){1, 2}")
	src.SetActive(true)
	src.PushEvent(NewStreamStartEvent("test"))
	if !src.PushEvent(NewCapsEvent(MustParseCaps("pony/express, failure=(boolean)true"))) {
		t.Fatal("an unlinked ANY pad refused caps")
	}
	src.PushEvent(NewSegmentEvent(NewSegment(FormatTime)))
	if r := src.Link(sink); r != PadLinkOK {
		t.Fatalf("link = %v", r)
	}
	sink.SetActive(true)
	if got := FlowFromError(src.Push(NewBuffer())); got != FlowNotNegotiated {
		t.Fatalf("push = %v, want not-negotiated", got)
	}
	if rec.nCaps != 0 || rec.chains != 0 {
		t.Fatalf("sink saw %d caps events and %d buffers, want none", rec.nCaps, rec.chains)
	}
}

// test_sticky_caps_flushing.
func TestGstPadStickyCapsFlushing(t *testing.T) {
	src, sink, rec := stickyCapsPads(t, "foo/bar, dummy=(int){1, 2}", "foo/bar, dummy=(int){1, 2}")
	if r := src.Link(sink); r != PadLinkOK {
		t.Fatalf("link = %v", r)
	}
	caps := MustParseCaps("foo/bar, dummy=(int)1")
	src.SetActive(true)
	src.PushEvent(NewStreamStartEvent("test"))
	if !src.PushEvent(NewCapsEvent(caps)) {
		t.Fatal("caps refused: the source pad must store it although the peer is flushing")
	}
	if rec.nCaps != 0 {
		t.Fatal("caps forwarded to a flushing sink pad")
	}
	src.PushEvent(NewSegmentEvent(NewSegment(FormatTime)))
	sink.SetActive(true)
	if rec.nCaps != 0 {
		t.Fatal("activation forwarded the sticky caps before a buffer")
	}
	if err := src.Push(NewBuffer()); err != nil {
		t.Fatalf("push = %v", err)
	}
	if rec.nCaps != 1 || !rec.caps.IsEqual(caps) || rec.chains != 1 {
		t.Fatalf("got %d caps events (%v) and %d buffers", rec.nCaps, rec.caps, rec.chains)
	}
}

// test_default_accept_caps: the four combinations of ACCEPT_INTERSECT and
// ACCEPT_TEMPLATE.
func TestGstPadDefaultAcceptCaps(t *testing.T) {
	sink := NewPadFromTemplate(MustNewPadTemplate("sink", PadSink, PadAlways, MustParseCaps("foo/bar, dummy=(int){1, 2}")), "sink")
	sink.SetQueryFunc(func(p *Pad, q Query) bool {
		if cq, ok := q.(*CapsQuery); ok {
			cq.Result = MustParseCaps("foo/bar, dummy=(int)1, query-only-field=(int)1")
			// Falls through to the default, as the C test does.
		}
		return p.QueryDefault(q)
	})
	sink.SetActive(true)
	accepted := func(s string) bool { return sink.QueryAcceptCaps(MustParseCaps(s)) }
	for _, tc := range []struct {
		flags      PadFlags
		extraField bool // "foo/bar, extra-field=(int)1" accepted
	}{
		{0, false},
		{PadFlagAcceptIntersect, true},
		{PadFlagAcceptTemplate, false},
		{PadFlagAcceptIntersect | PadFlagAcceptTemplate, true},
	} {
		sink.UnsetFlags(PadFlagAcceptIntersect | PadFlagAcceptTemplate)
		sink.SetFlags(tc.flags)
		if !accepted("foo/bar, dummy=(int)1") {
			t.Errorf("flags %#x: dummy=1 refused", tc.flags)
		}
		if accepted("foo/bar, dummy=(int)3") {
			t.Errorf("flags %#x: dummy=3 accepted", tc.flags)
		}
		if !accepted("foo/bar, dummy=(int)1, query-only-field=(int)1") {
			t.Errorf("flags %#x: query-only-field refused", tc.flags)
		}
		if got := accepted("foo/bar, extra-field=(int)1"); got != tc.extraField {
			t.Errorf("flags %#x: extra-field accepted = %v, want %v", tc.flags, got, tc.extraField)
		}
	}
}

// test_name_is_valid.
func TestGstPadTemplateNameIsValid(t *testing.T) {
	for _, tc := range []struct {
		name     string
		presence PadPresence
		valid    bool
	}{
		{"src", PadAlways, true},
		{"src%d", PadAlways, false},
		{"src", PadRequest, true},
		{"src%s%s", PadRequest, false},
		{"src%c", PadRequest, false},
		{"src%", PadRequest, false},
		{"src%dsrc", PadRequest, true},
		{"src", PadSometimes, true},
		{"src%c", PadSometimes, true},
	} {
		_, err := NewPadTemplate(tc.name, PadSrc, tc.presence, nil)
		if (err == nil) != tc.valid {
			t.Errorf("NewPadTemplate(%q, %v) error = %v, want valid=%v", tc.name, tc.presence, err, tc.valid)
		}
	}
}

// probeReturning is gstpad.c's _probe_handler: it returns ret.
func probeReturning(ret PadProbeReturn) PadProbeCallback {
	return func(*Pad, *PadProbeInfo) PadProbeReturn { return ret }
}

// handledWith is _handled_probe_handler (and, with clear, the
// _cleaning_handled_probe_handler variant): HANDLED with a custom flow.
func handledWith(flow FlowReturn, clear bool) PadProbeCallback {
	return func(_ *Pad, info *PadProbeInfo) PadProbeReturn {
		info.FlowRet = flow
		if clear {
			info.Data = nil
		}
		return ProbeHandled
	}
}

// test_events_query_unlinked.
func TestGstPadEventsQueryUnlinked(t *testing.T) {
	src := NewPad("src", PadSrc)
	if src.AllowedCaps() != nil {
		t.Fatal("allowed caps of an unlinked pad")
	}
	src.SetActive(true)
	if !src.PushEvent(NewStreamStartEvent("test")) {
		t.Fatal("stream-start refused")
	}
	src.SetCaps(MustParseCaps("foo/bar"))
	if !src.PushEvent(NewSegmentEvent(NewSegment(FormatTime))) {
		t.Fatal("sticky segment on an unlinked pad refused")
	}
	if src.PeerQuery(NewDurationQuery(FormatTime)) {
		t.Fatal("peer query on an unlinked pad succeeded")
	}
	mask := ProbeTypeEventBoth | ProbeTypeQueryBoth

	id := src.AddProbe(mask, probeReturning(ProbeDrop))
	if !src.PushEvent(NewSegmentEvent(NewSegment(FormatTime))) {
		t.Fatal("DROP probe: event push failed")
	}
	if src.PeerQuery(NewDurationQuery(FormatTime)) {
		t.Fatal("DROP probe: query succeeded")
	}
	src.RemoveProbe(id)

	id = src.AddProbe(mask, probeReturning(ProbeHandled))
	if !src.PushEvent(NewSegmentEvent(NewSegment(FormatTime))) {
		t.Fatal("HANDLED probe: event push failed")
	}
	if !src.PeerQuery(NewDurationQuery(FormatTime)) {
		t.Fatal("HANDLED probe: query failed")
	}
	src.RemoveProbe(id)
}

// test_push_unlinked.
func TestGstPadPushUnlinked(t *testing.T) {
	src := NewPad("src", PadSrc)
	if got := FlowFromError(src.Push(NewBuffer())); got != FlowFlushing {
		t.Fatalf("push on an inactive pad = %v, want flushing", got)
	}
	src.SetActive(true)
	src.PushEvent(NewStreamStartEvent("test"))
	src.SetCaps(MustParseCaps("foo/bar"))
	src.PushEvent(NewSegmentEvent(NewSegment(FormatTime)))
	if got := FlowFromError(src.Push(NewBuffer())); got != FlowNotLinked {
		t.Fatalf("push unlinked = %v, want not-linked", got)
	}
	for _, tc := range []struct {
		ret  PadProbeReturn
		want FlowReturn
	}{
		{ProbeDrop, FlowOK},
		{ProbeHandled, FlowOK},
		{ProbeOK, FlowNotLinked},
	} {
		id := src.AddProbe(ProbeTypeBuffer, probeReturning(tc.ret))
		if got := FlowFromError(src.Push(NewBuffer())); got != tc.want {
			t.Errorf("probe %v: push = %v, want %v", tc.ret, got, tc.want)
		}
		src.RemoveProbe(id)
	}
	for _, clear := range []bool{false, true} {
		for fl := FlowNotSupported; fl <= FlowOK; fl++ {
			id := src.AddProbe(ProbeTypeBuffer, handledWith(fl, clear))
			if got := FlowFromError(src.Push(NewBuffer())); got != fl {
				t.Errorf("HANDLED with %v (clear=%v): push = %v", fl, clear, got)
			}
			src.RemoveProbe(id)
		}
	}
}

// test_push_linked.
func TestGstPadPushLinked(t *testing.T) {
	sink := NewPad("sink", PadSink)
	var got []*Buffer
	sink.SetChainFunc(func(_ *Pad, b *Buffer) error { got = append(got, b); return nil })
	src := NewPad("src", PadSrc)
	src.SetActive(true)
	src.PushEvent(NewStreamStartEvent("test"))
	src.SetCaps(MustParseCaps("foo/bar"))
	src.PushEvent(NewSegmentEvent(NewSegment(FormatTime)))
	sink.SetActive(true)
	if r := src.Link(sink); r != PadLinkOK {
		t.Fatalf("link = %v", r)
	}
	buf := NewBuffer()
	if err := src.Push(buf); err != nil || len(got) != 1 || got[0] != buf {
		t.Fatalf("push = %v, chained %d", err, len(got))
	}
	for _, tc := range []struct {
		ret     PadProbeReturn
		chained int
	}{
		{ProbeDrop, 0},
		{ProbeOK, 1},
		{ProbeHandled, 0},
	} {
		got = nil
		id := src.AddProbe(ProbeTypeBuffer, probeReturning(tc.ret))
		if err := src.Push(NewBuffer()); err != nil {
			t.Errorf("probe %v: push = %v", tc.ret, err)
		}
		src.RemoveProbe(id)
		if len(got) != tc.chained {
			t.Errorf("probe %v: %d buffers chained, want %d", tc.ret, len(got), tc.chained)
		}
	}
	src.Unlink(sink)
}

// test_push_linked_flushing.
func TestGstPadPushLinkedFlushing(t *testing.T) {
	src := NewPad("src", PadSrc)
	sink := NewPad("sink", PadSink)
	chained := 0
	sink.SetChainFunc(func(*Pad, *Buffer) error { chained++; return nil })
	if src.AllowedCaps() != nil || sink.AllowedCaps() != nil {
		t.Fatal("allowed caps of unlinked pads")
	}
	caps := MustParseCaps("foo/bar")
	src.SetActive(true)
	src.PushEvent(NewStreamStartEvent("test"))
	src.SetCaps(caps)
	src.PushEvent(NewSegmentEvent(NewSegment(FormatTime)))
	sink.SetActive(true)
	if r := src.Link(sink); r != PadLinkOK {
		t.Fatalf("link = %v", r)
	}
	src.SetActive(false)
	sink.SetActive(false)
	if got := FlowFromError(src.Push(NewBuffer())); got != FlowFlushing || chained != 0 {
		t.Fatalf("push on flushing pads = %v (%d chained), want flushing", got, chained)
	}
	src.SetActive(true)
	src.PushEvent(NewStreamStartEvent("test"))
	src.SetCaps(caps)
	src.PushEvent(NewSegmentEvent(NewSegment(FormatTime)))
	for _, ret := range []PadProbeReturn{ProbeDrop, ProbeOK} {
		id := src.AddProbe(ProbeTypeBuffer, probeReturning(ret))
		if got := FlowFromError(src.Push(NewBuffer())); got != FlowFlushing || chained != 0 {
			t.Errorf("probe %v: push into a flushing peer = %v (%d chained), want flushing", ret, got, chained)
		}
		src.RemoveProbe(id)
	}
}

// waitUntil spins (yielding the processor) until cond holds, failing the
// test after 10 s. It replaces the C tests' g_usleep polling loops for
// states that have no notification (a thread blocked in a probe).
func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting until %s", what)
		}
		runtime.Gosched()
	}
}

// test_push_buffer_list_compat: a list pushed to a pad without a chain-list
// function arrives as its buffers, in order.
func TestGstPadPushBufferListCompat(t *testing.T) {
	sink := NewPad("sink", PadSink)
	var got []string
	sink.SetChainFunc(func(_ *Pad, b *Buffer) error { got = append(got, string(b.Bytes())); return nil })
	src := NewPad("src", PadSrc)
	src.SetActive(true)
	src.PushEvent(NewStreamStartEvent("test"))
	src.SetCaps(MustParseCaps("foo/bar"))
	src.PushEvent(NewSegmentEvent(NewSegment(FormatTime)))
	sink.SetActive(true)
	if r := src.Link(sink); r != PadLinkOK {
		t.Fatalf("link = %v", r)
	}
	list := NewBufferList()
	list.Add(NewBufferWrapped([]byte("ListGroup")))
	list.Add(NewBufferWrapped([]byte("AnotherListGroup")))
	if err := src.PushList(list); err != nil {
		t.Fatalf("push list = %v", err)
	}
	if len(got) != 2 || got[0] != "ListGroup" || got[1] != "AnotherListGroup" {
		t.Fatalf("chained %q", got)
	}
}

// test_flowreturn: names of flow returns, custom ones clamped.
func TestGstPadFlowReturnNames(t *testing.T) {
	for _, tc := range []struct {
		ret  FlowReturn
		name string
	}{
		{FlowEOS, "eos"},
		{FlowCustomSuccess, "custom-success"},
		{FlowCustomError, "custom-error"},
		{FlowCustomSuccess + 2, "custom-success"},
		{FlowCustomError - 2, "custom-error"},
		{FlowCustomError + 2, "unknown"},
	} {
		if got := tc.ret.String(); got != tc.name {
			t.Errorf("FlowReturn(%d).String() = %q, want %q", int(tc.ret), got, tc.name)
		}
	}
}

// test_push_negotiation: a sink pad refuses caps outside its template.
func TestGstPadPushNegotiation(t *testing.T) {
	src := NewPadFromTemplate(MustNewPadTemplate("src", PadSrc, PadAlways, MustParseCaps("audio/x-raw,width={16,32},depth={16,32}")), "src")
	sink := NewPadFromTemplate(MustNewPadTemplate("sink", PadSink, PadAlways, MustParseCaps("audio/x-raw,width=32,depth={16,32}")), "sink")
	sink.SetChainFunc(func(*Pad, *Buffer) error { return nil })
	if r := src.Link(sink); r != PadLinkOK {
		t.Fatalf("link = %v", r)
	}
	src.SetActive(true)
	sink.SetActive(true)
	caps := MustParseCaps("audio/x-raw,width=16,depth=16")
	src.SetCaps(caps)
	if sink.SetCaps(caps) {
		t.Fatal("sink pad accepted caps outside its template")
	}
}

// test_block_async: a BLOCK probe that removes itself sees the buffer once.
func TestGstPadBlockAsync(t *testing.T) {
	pad := NewPad("src", PadSrc)
	pad.SetActive(true)
	pad.PushEvent(NewStreamStartEvent("test"))
	pad.PushEvent(NewSegmentEvent(NewSegment(FormatTime)))
	calls := 0
	var id uint64
	id = pad.AddProbe(ProbeTypeBlock, func(p *Pad, info *PadProbeInfo) PadProbeReturn {
		if info.Type&ProbeTypeBlock == 0 {
			t.Errorf("probe type %#x lacks BLOCK", info.Type)
		}
		calls++
		p.RemoveProbe(id)
		return ProbeOK
	})
	if calls != 0 {
		t.Fatal("probe called before any data")
	}
	pad.Push(NewBuffer())
	if calls != 1 {
		t.Fatalf("probe called %d times, want 1", calls)
	}
}

// test_pad_blocking_with_probe_type_block / _blocking: a push blocked in a
// probe returns FLUSHING when the pad is flushed.
func TestGstPadBlockingFlushUnblocks(t *testing.T) {
	for _, typ := range []PadProbeType{ProbeTypeBlock, ProbeTypeBlocking} {
		pad := NewPad("src", PadSrc)
		pad.SetActive(true)
		pad.PushEvent(NewStreamStartEvent("test"))
		pad.PushEvent(NewSegmentEvent(NewSegment(FormatTime)))
		pad.AddProbe(typ, probeReturning(ProbeOK))
		ret := make(chan error, 1)
		go func() { ret <- pad.Push(NewBuffer()) }()
		waitUntil(t, "the push blocks", pad.IsBlocking)
		pad.PushEvent(NewFlushStartEvent())
		err := <-ret
		pad.PushEvent(NewFlushStopEvent(false))
		if got := FlowFromError(err); got != FlowFlushing {
			t.Errorf("probe type %#x: blocked push = %v, want flushing", typ, got)
		}
	}
}

// test_pad_blocking_with_probe_type_idle: while an IDLE probe callback
// runs, a push waits for it and only then reaches the peer.
func TestGstPadBlockingIdle(t *testing.T) {
	src := NewPad("src", PadSrc)
	sink := NewPad("sink", PadSink)
	var idleRunning atomic.Bool
	sink.SetChainFunc(func(*Pad, *Buffer) error {
		if idleRunning.Load() {
			t.Error("buffer chained while the idle probe runs")
		}
		return nil
	})
	if r := src.Link(sink); r != PadLinkOK {
		t.Fatalf("link = %v", r)
	}
	sink.SetActive(true)
	src.SetActive(true)
	src.PushEvent(NewStreamStartEvent("test"))
	src.PushEvent(NewSegmentEvent(NewSegment(FormatTime)))

	entered, release := make(chan struct{}), make(chan struct{})
	idleDone := make(chan struct{})
	go func() {
		defer close(idleDone)
		src.AddProbe(ProbeTypeIdle, func(*Pad, *PadProbeInfo) PadProbeReturn {
			idleRunning.Store(true)
			close(entered)
			<-release
			idleRunning.Store(false)
			return ProbeRemove
		})
	}()
	<-entered
	pushed := make(chan error, 1)
	go func() { pushed <- src.Push(NewBuffer()) }()
	waitUntil(t, "the push waits for the idle probe", src.IsBlocking)
	close(release)
	<-idleDone
	if err := <-pushed; err != nil {
		t.Fatalf("push after the idle probe = %v", err)
	}
}

// pullPads links a source pad with getrange to a sink pad that activates
// in pull mode, as the pull-probe tests of gstpad.c set them up.
func pullPads(t *testing.T, getrange GetRangeFunc) (*Pad, *Pad) {
	t.Helper()
	src := NewPad("src", PadSrc)
	sink := NewPad("sink", PadSink)
	src.SetGetRangeFunc(getrange)
	sink.SetActivateFunc(func(p *Pad) bool { return p.ActivateMode(PadModePull, true) })
	if r := src.Link(sink); r != PadLinkOK {
		t.Fatalf("link = %v", r)
	}
	if !sink.SetActive(true) || !src.SetActive(true) {
		t.Fatal("pull activation failed")
	}
	return src, sink
}

func newBufferRange(*Pad, uint64, uint) (*Buffer, error) { return NewBuffer(), nil }

// test_pad_probe_pull: a pull blocked in a BLOCK|PULL probe returns
// FLUSHING when flushed.
func TestGstPadProbePull(t *testing.T) {
	src, sink := pullPads(t, newBufferRange)
	sink.AddProbe(ProbeTypeBlock|ProbeTypePull, probeReturning(ProbeOK))
	ret := make(chan error, 1)
	go func() { _, err := sink.PullRange(0, 100); ret <- err }()
	waitUntil(t, "the pull blocks", sink.IsBlocking)
	src.PushEvent(NewFlushStartEvent())
	err := <-ret
	src.PushEvent(NewFlushStopEvent(false))
	if got := FlowFromError(err); got != FlowFlushing {
		t.Fatalf("blocked pull = %v, want flushing", got)
	}
}

// test_pad_probe_pull_idle: an IDLE probe added while a pull is in
// getrange runs only once the pull has finished.
func TestGstPadProbePullIdle(t *testing.T) {
	inGetRange, release := make(chan struct{}), make(chan struct{})
	var getrangeDone atomic.Bool
	src, sink := pullPads(t, func(*Pad, uint64, uint) (*Buffer, error) {
		close(inGetRange)
		<-release
		getrangeDone.Store(true)
		return NewBuffer(), nil
	})
	ret := make(chan error, 1)
	go func() { _, err := sink.PullRange(0, 100); ret <- err }()
	<-inGetRange
	idleCalled := make(chan bool, 1)
	added := make(chan struct{})
	go func() {
		sink.AddProbe(ProbeTypeIdle|ProbeTypePull, func(*Pad, *PadProbeInfo) PadProbeReturn {
			idleCalled <- getrangeDone.Load()
			return ProbeOK
		})
		close(added)
	}()
	select {
	case <-idleCalled:
		t.Fatal("idle probe ran while getrange was busy")
	default:
	}
	close(release)
	if afterGetRange := <-idleCalled; !afterGetRange {
		t.Fatal("idle probe ran before getrange finished")
	}
	<-added
	if err := <-ret; err != nil {
		t.Fatalf("pull = %v", err)
	}
	src.SetActive(false)
	sink.SetActive(false)
}

// test_pad_probe_pull_buffer: a BUFFER|PULL probe sees the pulled buffer.
func TestGstPadProbePullBuffer(t *testing.T) {
	src, sink := pullPads(t, newBufferRange)
	var sawBuffer, badType, badData bool
	sink.AddProbe(ProbeTypeBuffer|ProbeTypePull, func(_ *Pad, info *PadProbeInfo) PadProbeReturn {
		switch {
		case info.Type&ProbeTypeBuffer == 0:
			badType = true
		case info.Buffer() == nil:
			badData = true
		default:
			sawBuffer = true
		}
		return ProbeOK
	})
	if _, err := sink.PullRange(0, 100); err != nil {
		t.Fatalf("pull = %v", err)
	}
	if !sawBuffer || badType || badData {
		t.Fatalf("probe saw buffer=%v badType=%v badData=%v", sawBuffer, badType, badData)
	}
	sink.SetActive(false)
	src.SetActive(false)
}

// test_pad_probe_remove: a blocking probe removing itself (and returning
// REMOVE) leaves the pad unblocked.
func TestGstPadProbeRemoveSelf(t *testing.T) {
	pad := NewPad("src", PadSrc)
	pad.SetActive(true)
	removeSelf := func(p *Pad, info *PadProbeInfo) PadProbeReturn {
		p.RemoveProbe(info.ID)
		return ProbeRemove
	}
	pad.AddProbe(ProbeTypeBlock|ProbeTypeEventDownstream, removeSelf)
	if !pad.IsBlocked() {
		t.Fatal("pad with a blocking probe is not BLOCKED")
	}
	pad.PushEvent(NewStreamStartEvent("asda"))
	if pad.IsBlocked() {
		t.Fatal("pad still BLOCKED after its only probe removed itself")
	}
}

// test_pad_disjoint_blocks_probe_remove: removing the blocking event probe
// lets data flow until a buffer meets the blocking buffer probe.
func TestGstPadDisjointBlocksProbeRemove(t *testing.T) {
	pad := NewPad("src", PadSrc)
	pad.SetActive(true)
	removeSelf := func(p *Pad, info *PadProbeInfo) PadProbeReturn {
		p.RemoveProbe(info.ID)
		return ProbeRemove
	}
	pad.AddProbe(ProbeTypeBlock|ProbeTypeEventDownstream, removeSelf)
	pad.AddProbe(ProbeTypeBlock|ProbeTypeBuffer, removeSelf)
	pad.PushEvent(NewStreamStartEvent("asda"))
	if !pad.PushEvent(NewSegmentEvent(NewSegment(FormatTime))) {
		t.Fatal("segment refused")
	}
	if !pad.IsBlocked() {
		t.Fatal("the buffer probe should still block")
	}
	pad.Push(NewBuffer())
	if pad.IsBlocked() {
		t.Fatal("pad still BLOCKED after both probes removed themselves")
	}
}

// test_pad_probe_block_and_drop_buffer: a blocking probe that takes the
// buffer away (Data = nil) and is removed from another goroutine makes the
// push return OK with nothing reaching the peer.
func TestGstPadProbeBlockAndDropBuffer(t *testing.T) {
	src := NewPad("src", PadSrc)
	src.SetActive(true)
	sink := NewPad("sink", PadSink)
	chained := 0
	sink.SetChainFunc(func(*Pad, *Buffer) error { chained++; return nil })
	sink.SetActive(true)
	src.PushEvent(NewStreamStartEvent("test"))
	src.PushEvent(NewSegmentEvent(NewSegment(FormatTime)))
	if r := src.Link(sink); r != PadLinkOK {
		t.Fatalf("link = %v", r)
	}
	removed := make(chan struct{})
	var id uint64
	id = src.AddProbe(ProbeTypeBlock|ProbeTypeBuffer, func(p *Pad, info *PadProbeInfo) PadProbeReturn {
		info.Data = nil
		go func() { p.RemoveProbe(id); close(removed) }()
		return ProbeOK
	})
	err := src.Push(NewBuffer())
	<-removed
	if err != nil || chained != 0 {
		t.Fatalf("push = %v with %d buffers chained, want OK and none", err, chained)
	}
}

// test_pad_probe_block_add_remove: swapping blocking probes on a blocked
// pad calls each new probe, and a REMOVE probe finally releases the push.
func TestGstPadProbeBlockAddRemove(t *testing.T) {
	pad := NewPad("src", PadSrc)
	pad.SetActive(true)
	pad.PushEvent(NewStreamStartEvent("test"))
	pad.PushEvent(NewSegmentEvent(NewSegment(FormatTime)))
	mask := ProbeTypeBlock | ProbeTypeBuffer
	probeA := pad.AddProbe(mask, probeReturning(ProbeOK))
	pushed := make(chan error, 1)
	go func() { pushed <- pad.Push(NewBuffer()) }()
	waitUntil(t, "the push blocks", pad.IsBlocking)
	calledProbe := func(called chan struct{}, ret PadProbeReturn) PadProbeCallback {
		var once sync.Once
		return func(*Pad, *PadProbeInfo) PadProbeReturn {
			once.Do(func() { close(called) })
			return ret
		}
	}
	for r := 0; r < 100; r++ {
		called := make(chan struct{})
		probeB := pad.AddProbe(mask, calledProbe(called, ProbeOK))
		pad.RemoveProbe(probeA)
		<-called
		called = make(chan struct{})
		probeA = pad.AddProbe(mask, calledProbe(called, ProbeOK))
		pad.RemoveProbe(probeB)
		<-called
	}
	called := make(chan struct{})
	pad.AddProbe(mask, calledProbe(called, ProbeRemove))
	pad.RemoveProbe(probeA)
	<-called
	// The pad is unlinked, so the released push ends NOT_LINKED.
	if got := FlowFromError(<-pushed); got != FlowNotLinked {
		t.Fatalf("push = %v, want not-linked", got)
	}
	if pad.IsBlocking() {
		t.Fatal("pad still blocking")
	}
}

// test_pad_probe_flush_events: flush events pass EVENT_FLUSH probes on both
// the source and the sink pad.
func TestGstPadProbeFlushEvents(t *testing.T) {
	src, sink := NewPad("src", PadSrc), NewPad("sink", PadSink)
	sink.SetChainFunc(func(*Pad, *Buffer) error { return nil })
	src.SetActive(true)
	sink.SetActive(true)
	src.PushEvent(NewStreamStartEvent("test"))
	src.PushEvent(NewSegmentEvent(NewSegment(FormatTime)))
	if r := src.Link(sink); r != PadLinkOK {
		t.Fatalf("link = %v", r)
	}
	seen := map[string]bool{}
	flushProbe := func(p *Pad, info *PadProbeInfo) PadProbeReturn {
		if info.Type&ProbeTypeEventFlush == 0 {
			return ProbeOK
		}
		switch info.Event().(type) {
		case *FlushStartEvent:
			seen[p.Direction().String()+" flush-start"] = true
		case *FlushStopEvent:
			seen[p.Direction().String()+" flush-stop"] = true
		}
		return ProbeOK
	}
	mask := ProbeTypePush | ProbeTypeEventDownstream | ProbeTypeEventFlush
	src.AddProbe(mask, flushProbe)
	sink.AddProbe(mask, flushProbe)
	src.PushEvent(NewFlushStartEvent())
	src.PushEvent(NewFlushStopEvent(true))
	if !src.PushEvent(NewSegmentEvent(NewSegment(FormatTime))) {
		t.Fatal("segment after flush refused")
	}
	src.Push(NewBuffer())
	for _, k := range []string{"src flush-start", "src flush-stop", "sink flush-start", "sink flush-stop"} {
		if !seen[k] {
			t.Errorf("probe did not see %s", k)
		}
	}
}

// test_pad_probe_flush_events_only: an EVENT_FLUSH-only probe ignores other
// events and buffers.
func TestGstPadProbeFlushEventsOnly(t *testing.T) {
	src, sink := NewPad("src", PadSrc), NewPad("sink", PadSink)
	sink.SetChainFunc(func(*Pad, *Buffer) error { return nil })
	src.SetActive(true)
	sink.SetActive(true)
	if r := src.Link(sink); r != PadLinkOK {
		t.Fatalf("link = %v", r)
	}
	src.PushEvent(NewStreamStartEvent("test"))
	called := false
	src.AddProbe(ProbeTypeEventFlush, func(*Pad, *PadProbeInfo) PadProbeReturn { called = true; return ProbeOK })
	if !src.PushEvent(NewSegmentEvent(NewSegment(FormatTime))) || called {
		t.Fatalf("segment: probe called = %v", called)
	}
	if err := src.Push(NewBuffer()); err != nil || called {
		t.Fatalf("buffer: push = %v, probe called = %v", err, called)
	}
	src.PushEvent(NewFlushStartEvent())
	if !called {
		t.Fatal("probe missed flush-start")
	}
	called = false
	src.PushEvent(NewFlushStopEvent(true))
	if !called {
		t.Fatal("probe missed flush-stop")
	}
}

// test_pad_probe_call_order: probes run in the order they were added.
func TestGstPadProbeCallOrder(t *testing.T) {
	src, sink := NewPad("src", PadSrc), NewPad("sink", PadSink)
	src.SetActive(true)
	sink.SetChainFunc(func(*Pad, *Buffer) error { return nil })
	sink.SetActive(true)
	src.PushEvent(NewStreamStartEvent("test"))
	src.PushEvent(NewSegmentEvent(NewSegment(FormatTime)))
	if r := src.Link(sink); r != PadLinkOK {
		t.Fatalf("link = %v", r)
	}
	var counters [4]int
	count := 0
	for i := range counters {
		src.AddProbe(ProbeTypeBuffer, func(*Pad, *PadProbeInfo) PadProbeReturn {
			count++
			counters[i] = count
			return ProbeRemove
		})
	}
	if err := src.Push(NewBuffer()); err != nil {
		t.Fatalf("push = %v", err)
	}
	for i, c := range counters {
		if c != i+1 {
			t.Fatalf("probe %d ran as number %d", i, c)
		}
	}
}

// test_sticky_events: stream id, replacement of a stored caps event, and
// delivery of pending sticky events in sticky order on link. (The C test
// also stores a stream-collection event, which GstMini does not have yet.)
func TestGstPadStickyEvents(t *testing.T) {
	src := NewPad("src", PadSrc)
	src.SetActive(true)
	if id := src.StreamID(); id != "" {
		t.Fatalf("stream id before stream-start = %q", id)
	}
	if !src.PushEvent(NewStreamStartEvent("test")) {
		t.Fatal("stream-start refused")
	}
	if id := src.StreamID(); id != "test" {
		t.Fatalf("stream id = %q, want test", id)
	}
	src.PushEvent(NewCapsEvent(NewCapsEmptySimple("foo/bar")))
	src.PushEvent(NewSegmentEvent(NewSegment(FormatTime)))
	src.PushEvent(NewInstantRateChangeEvent(1.0, 0))

	sink := NewPad("sink", PadSink)
	count := 0
	sink.SetEventFunc(func(_ *Pad, ev Event) bool {
		want := []EventType{EventStreamStart, EventCaps, EventSegment, EventInstantRateChange}
		if count >= len(want) || ev.Type() != want[count] {
			t.Errorf("sticky event %d = %v", count, ev.Type())
		} else if ce, ok := ev.(*CapsEvent); ok && ce.Caps.Structure(0).Name() != "foo/baz" {
			t.Errorf("caps = %v, want the replacing foo/baz", ce.Caps)
		}
		count++
		return true
	})
	sink.SetChainFunc(func(*Pad, *Buffer) error { return nil })
	sink.SetActive(true)
	src.Link(sink)
	if count != 0 {
		t.Fatalf("%d events delivered on link", count)
	}
	// The new caps replace the old ones in place; pushing them sends the
	// pending events up to and including the caps.
	src.PushEvent(NewCapsEvent(NewCapsEmptySimple("foo/baz")))
	if count != 2 {
		t.Fatalf("after caps: %d events delivered, want 2", count)
	}
	if err := src.Push(NewBuffer()); err != nil {
		t.Fatalf("push = %v", err)
	}
	if count != 4 {
		t.Fatalf("after buffer: %d events delivered, want 4", count)
	}
}

// test_last_flow_return_pull.
func TestGstPadLastFlowReturnPull(t *testing.T) {
	next := FlowOK
	src, sink := NewPad("src", PadSrc), NewPad("sink", PadSink)
	src.SetGetRangeFunc(func(*Pad, uint64, uint) (*Buffer, error) {
		if next == FlowOK {
			return NewBuffer(), nil
		}
		return nil, next.Err()
	})
	sink.SetActivateFunc(func(p *Pad) bool { return p.ActivateMode(PadModePull, true) })
	src.Link(sink)
	if src.LastFlowReturn() != FlowFlushing || sink.LastFlowReturn() != FlowFlushing {
		t.Fatal("inactive pads should report flushing")
	}
	sink.SetActive(true)
	if sink.LastFlowReturn() != FlowOK {
		t.Fatalf("sink after activation = %v", sink.LastFlowReturn())
	}
	src.SetActive(true)
	if src.LastFlowReturn() != FlowOK {
		t.Fatalf("src after activation = %v", src.LastFlowReturn())
	}
	for _, fl := range []FlowReturn{FlowOK, FlowNotLinked, FlowError, FlowNotNegotiated, FlowOK} {
		next = fl
		_, err := sink.PullRange(0, 1)
		if got := FlowFromError(err); got != fl || sink.LastFlowReturn() != fl || src.LastFlowReturn() != fl {
			t.Fatalf("pull %v: got %v, sink %v, src %v", fl, got, sink.LastFlowReturn(), src.LastFlowReturn())
		}
	}
	src.Unlink(sink)
	_, err := sink.PullRange(0, 1)
	if FlowFromError(err) != FlowNotLinked || sink.LastFlowReturn() != FlowNotLinked || src.LastFlowReturn() != FlowOK {
		t.Fatalf("unlinked pull: %v, sink %v, src %v", err, sink.LastFlowReturn(), src.LastFlowReturn())
	}
	src.Link(sink)
	next = FlowEOS
	_, err = sink.PullRange(0, 1)
	if FlowFromError(err) != FlowEOS || sink.LastFlowReturn() != FlowEOS || src.LastFlowReturn() != FlowEOS {
		t.Fatalf("EOS pull: %v, sink %v, src %v", err, sink.LastFlowReturn(), src.LastFlowReturn())
	}
}

// proxyTestElement is gstpad.c's proxytestelement: one sink pad with
// PROXY_CAPS, template "test/proxy".
type proxyTestElement struct{ ElementBase }

var proxyTestClass = &ElementClass{
	Name: "proxytestelement",
	PadTemplates: []*PadTemplate{
		MustNewPadTemplate("sink", PadSink, PadAlways, MustParseCaps("test/proxy")),
	},
	New: func() Element { return &proxyTestElement{} },
}

func newProxyTestElement(t *testing.T, peerCaps string) (*proxyTestElement, *Pad, *Pad) {
	t.Helper()
	e := &proxyTestElement{}
	if err := InitElement(e, proxyTestClass, ""); err != nil {
		t.Fatal(err)
	}
	sink := NewPadFromTemplate(proxyTestClass.PadTemplates[0], "sink")
	sink.SetFlags(PadFlagProxyCaps)
	e.AddPad(sink)
	var peer *Pad
	if peerCaps != "" {
		src := NewPadFromTemplate(MustNewPadTemplate("src", PadSrc, PadAlways, NewCapsAny()), "src")
		e.AddPad(src)
		peer = NewPadFromTemplate(MustNewPadTemplate("sink", PadSink, PadAlways, MustParseCaps(peerCaps)), "sink")
		if r := src.Link(peer); r != PadLinkOK {
			t.Fatalf("link = %v", r)
		}
		peer.SetActive(true)
	}
	e.SetState(StatePlaying)
	t.Cleanup(func() {
		if peer != nil {
			peer.SetActive(false)
		}
		e.SetState(StateNull)
	})
	return e, sink, peer
}

// test_proxy_accept_caps_no_proxy / _with_proxy /
// _with_incompatible_proxy: a PROXY_CAPS sink pad accepts what both its
// template and the downstream peer accept.
func TestGstPadProxyAcceptCaps(t *testing.T) {
	for _, tc := range []struct {
		name     string
		peerCaps string
		accept   map[string]bool
	}{
		{"no proxy", "", map[string]bool{"test/proxy": true, "test/bad": false}},
		{"with proxy", "test/proxy, option=(int)1", map[string]bool{
			"test/bad": false, "test/proxy, option=(int)1": true, "test/proxy, option=(int)2": false}},
		{"incompatible proxy", "test/proxy-incompatible", map[string]bool{
			"test/bad": false, "test/proxy": false, "test/proxy-incompatible": false}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, sink, _ := newProxyTestElement(t, tc.peerCaps)
			for caps, want := range tc.accept {
				if got := sink.QueryAcceptCaps(MustParseCaps(caps)); got != want {
					t.Errorf("accept %q = %v, want %v", caps, got, want)
				}
			}
		})
	}
}

// test_pad_offset_src: a source pad offset shifts the running time of the
// segments sent downstream, never the buffer timestamps, and a changed
// offset resends the segment before the next buffer, sticky event or
// serialized query.
func TestGstPadOffsetSrc(t *testing.T) {
	src, sink := NewPad("src", PadSrc), NewPad("sink", PadSink)
	var seg *Segment
	segments := 0
	var bufs []*Buffer
	sink.SetChainFunc(func(_ *Pad, b *Buffer) error { bufs = append(bufs, b); return nil })
	sink.SetEventFunc(func(_ *Pad, ev Event) bool {
		if se, ok := ev.(*SegmentEvent); ok {
			s := se.Segment
			seg = &s
			segments++
		}
		return true
	})
	src.Link(sink)
	sink.SetActive(true)
	src.SetActive(true)
	rt := func(pos ClockTime) ClockTime {
		return ClockTime(seg.ToRunningTime(FormatTime, uint64(pos)))
	}
	st := func(pos ClockTime) ClockTime {
		return ClockTime(seg.ToStreamTime(FormatTime, uint64(pos)))
	}
	check := func(step string, pos, wantRT, wantST ClockTime, wantSegments int) {
		t.Helper()
		if seg == nil || seg.Start != 0 || rt(pos) != wantRT || st(pos) != wantST || segments != wantSegments {
			t.Fatalf("%s: segment %+v: rt(%v)=%v st=%v, %d segments; want rt %v st %v, %d segments",
				step, seg, pos, rt(pos), st(pos), segments, wantRT, wantST, wantSegments)
		}
	}
	pushBuf := func(step string, pts, wantRT, wantST ClockTime) {
		t.Helper()
		b := NewBuffer()
		b.PTS = pts
		if err := src.Push(b); err != nil || len(bufs) != 1 {
			t.Fatalf("%s: push = %v, %d buffers", step, err, len(bufs))
		}
		got := bufs[0]
		bufs = nil
		if got.PTS != pts || rt(got.PTS) != wantRT || st(got.PTS) != wantST {
			t.Fatalf("%s: buffer PTS %v rt %v st %v; want PTS %v rt %v st %v", step, got.PTS, rt(got.PTS), st(got.PTS), pts, wantRT, wantST)
		}
	}

	src.SetOffset(int64(5 * Second))
	src.PushEvent(NewStreamStartEvent("test"))
	if segments != 0 {
		t.Fatal("segment before one was pushed")
	}
	src.PushEvent(NewSegmentEvent(NewSegment(FormatTime)))
	check("offset 5s", 0, 5*Second, 0, 1)
	pushBuf("offset 5s", 0, 5*Second, 0)

	src.SetOffset(-int64(5 * Second))
	check("offset -5s before a new segment", 0, 5*Second, 0, 1)
	src.PushEvent(NewSegmentEvent(NewSegment(FormatTime)))
	check("offset -5s", 5*Second, 0, 5*Second, 2)
	pushBuf("offset -5s", 5*Second, 0, 5*Second)

	src.SetOffset(int64(5 * Second))
	check("offset 5s again, not yet sent", 5*Second, 0, 5*Second, 2)
	pushBuf("offset 5s again", 0, 5*Second, 0)
	check("offset 5s resent before the buffer", 0, 5*Second, 0, 3)

	src.SetOffset(int64(10 * Second))
	check("offset 10s, not yet sent", 0, 5*Second, 0, 3)
	if !src.PushEvent(NewTagEvent(NewTagList())) {
		t.Fatal("tag event refused")
	}
	check("offset 10s resent before a sticky event", 0, 10*Second, 0, 4)

	src.SetOffset(int64(15 * Second))
	check("offset 15s, not yet sent", 0, 10*Second, 0, 4)
	src.PeerQuery(NewDrainQuery())
	check("offset 15s resent before a serialized query", 0, 15*Second, 0, 5)
	sink.SetActive(false)
	src.SetActive(false)
}

// test_pad_chain_list_writable: buffers of a writable list arrive
// writable; those of a shared list arrive shared.
func TestGstPadChainListWritable(t *testing.T) {
	src, sink := NewPad("src", PadSrc), NewPad("sink", PadSink)
	writable := true
	sink.SetChainFunc(func(_ *Pad, b *Buffer) error {
		if b.IsWritable() != writable {
			t.Errorf("chained buffer writable = %v, want %v", b.IsWritable(), writable)
		}
		return nil
	})
	src.SetActive(true)
	src.PushEvent(NewStreamStartEvent("test"))
	sink.SetActive(true)
	src.SetCaps(MustParseCaps("foo/bar"))
	src.Link(sink)
	src.PushEvent(NewSegmentEvent(NewSegment(FormatTime)))
	list := NewBufferListSized(1)
	list.Add(NewBuffer())
	list.Add(NewBuffer())
	if !list.IsWritable() {
		t.Fatal("new list not writable")
	}
	src.PushList(list)

	writable = false
	list = NewBufferListSized(1)
	list.Add(NewBuffer())
	list.Ref()
	if list.IsWritable() {
		t.Fatal("shared list writable")
	}
	src.PushList(list)
	list.Unref()
}
