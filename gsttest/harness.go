package gsttest

import (
	"bytes"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gstmini/gstmini/gst"
)

// DefaultTimeout is how long Pull, PullEvent and friends wait before they
// fail the test.
//
// GStreamer: none (Go-only helper; GstHarness waits 60 s).
const DefaultTimeout = 10 * time.Second

// queue is an unbounded FIFO with a wake-up channel for blocking pops.
type queue[T any] struct {
	mu     sync.Mutex
	items  []T
	total  atomic.Uint64
	notify chan struct{}
}

func newQueue[T any]() *queue[T] { return &queue[T]{notify: make(chan struct{}, 1)} }

func (q *queue[T]) push(v T, keep bool) {
	q.total.Add(1)
	if keep {
		q.mu.Lock()
		q.items = append(q.items, v)
		q.mu.Unlock()
	}
	q.wake()
}

func (q *queue[T]) wake() {
	select {
	case q.notify <- struct{}{}:
	default:
	}
}

func (q *queue[T]) tryPop() (T, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	var zero T
	if len(q.items) == 0 {
		return zero, false
	}
	v := q.items[0]
	q.items[0] = zero
	q.items = q.items[1:]
	return v, true
}

func (q *queue[T]) len() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.items)
}

// pop waits until an item is queued or the deadline passes.
func (q *queue[T]) pop(timeout time.Duration) (T, bool) {
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	for {
		if v, ok := q.tryPop(); ok {
			return v, true
		}
		select {
		case <-q.notify:
		case <-timer.C:
			return q.tryPop()
		}
	}
}

// Harness tests one element in isolation: it links a floating source pad
// to the element's sink pad and the element's source pad to a floating
// sink pad, so a test pushes buffers and events in and pulls what comes
// out, without a pipeline. The harness sink pad queues buffers and
// events and answers CAPS, ACCEPT_CAPS and ALLOCATION queries from the
// caps set with SetSinkCaps; the harness source pad answers CAPS and
// LATENCY queries and queues upstream events. Teardown happens through
// t.Cleanup: the element goes to NULL and the pads are deactivated.
//
// Methods are safe for concurrent use, but a test normally drives the
// harness from one goroutine.
//
// GStreamer: GstHarness (libs/gst/check/gstharness.c).
type Harness struct {
	t       testing.TB
	element gst.Element

	// Timeout bounds every blocking wait; default DefaultTimeout.
	Timeout time.Duration

	srcPad, sinkPad             *gst.Pad // harness pads
	elemSinkPad, elemSrcPad     *gst.Pad // element pads they link to
	requestedSink, requestedSrc bool
	buffers                     *queue[*gst.Buffer]
	events                      *queue[gst.Event]
	upstream                    *queue[gst.Event]
	eos                         atomic.Bool
	mu                          sync.Mutex
	srcCaps, sinkCaps           *gst.Caps
	streamStarted               bool
	live                        bool
	latency                     gst.ClockTime
	dropBuffers, forwarding     bool
	nextStreamID                uint64
}

var streamIDs atomic.Uint64

// New creates factory from gst.DefaultRegistry and wraps it in a harness
// using its "sink" and "src" pads (either may be missing, for sources and
// sinks). The test must register the factory first. An element with a
// sink pad is set to PLAYING; sources wait for Play.
//
// GStreamer: gst_harness_new (libs/gst/check/gstharness.c).
func New(t testing.TB, factory string) *Harness {
	t.Helper()
	return NewWithPadNames(t, factory, "sink", "src")
}

// NewWithPadNames is New with explicit element pad names; "" means no
// pad on that side. Pads that do not exist are requested from the
// element's request templates (and released at teardown).
//
// GStreamer: gst_harness_new_with_padnames (libs/gst/check/gstharness.c).
func NewWithPadNames(t testing.TB, factory, sinkPad, srcPad string) *Harness {
	t.Helper()
	el, err := gst.DefaultRegistry().MakeElement(factory, "")
	if err != nil {
		t.Fatalf("gsttest: creating %q: %v", factory, err)
		return nil
	}
	return NewWithElement(t, el, sinkPad, srcPad)
}

// NewEmpty returns a harness without an element; add one with
// AddElement.
//
// GStreamer: gst_harness_new_empty (libs/gst/check/gstharness.c).
func NewEmpty(t testing.TB) *Harness {
	t.Helper()
	h := &Harness{
		t: t, Timeout: DefaultTimeout,
		buffers: newQueue[*gst.Buffer](), events: newQueue[gst.Event](), upstream: newQueue[gst.Event](),
		live: true, forwarding: true,
	}
	t.Cleanup(h.teardown)
	return h
}

// NewWithElement wraps an existing element, linking the harness to its
// pads named sinkPad and srcPad ("" = none; missing pads are requested).
//
// GStreamer: gst_harness_new_with_element (libs/gst/check/gstharness.c).
func NewWithElement(t testing.TB, el gst.Element, sinkPad, srcPad string) *Harness {
	t.Helper()
	h := NewEmpty(t)
	h.AddElement(el, sinkPad, srcPad)
	return h
}

type padRequester interface {
	RequestPadSimple(name string) *gst.Pad
}

func (h *Harness) elementPad(name string) (*gst.Pad, bool) {
	if p := h.element.StaticPad(name); p != nil {
		return p, false
	}
	if r, ok := h.element.(padRequester); ok {
		if p := r.RequestPadSimple(name); p != nil {
			return p, true
		}
	}
	h.t.Fatalf("gsttest: element %s has no pad %q", h.element.Name(), name)
	return nil, false
}

// AddElement puts el in the (empty) harness, links it and, when it has a
// sink pad, sets it to PLAYING and sends stream-start.
//
// GStreamer: gst_harness_add_element_full (libs/gst/check/gstharness.c).
func (h *Harness) AddElement(el gst.Element, sinkPad, srcPad string) {
	h.t.Helper()
	if h.element != nil {
		h.t.Fatalf("gsttest: harness already has element %s", h.element.Name())
		return
	}
	h.element = el
	if sinkPad != "" {
		h.elemSinkPad, h.requestedSink = h.elementPad(sinkPad)
		h.srcPad = gst.NewPad("src", gst.PadSrc)
		h.srcPad.SetEventFunc(h.srcEvent)
		h.srcPad.SetQueryFunc(h.srcQuery)
		if r := h.srcPad.Link(h.elemSinkPad); r != gst.PadLinkOK {
			h.t.Fatalf("gsttest: linking harness src to %s: %s", h.elemSinkPad, r)
		}
		h.srcPad.SetActive(true)
	}
	if srcPad != "" {
		h.elemSrcPad, h.requestedSrc = h.elementPad(srcPad)
		h.sinkPad = gst.NewPad("sink", gst.PadSink)
		h.sinkPad.SetChainFunc(h.sinkChain)
		h.sinkPad.SetEventFunc(h.sinkEvent)
		h.sinkPad.SetQueryFunc(h.sinkQuery)
		if r := h.elemSrcPad.Link(h.sinkPad); r != gst.PadLinkOK {
			h.t.Fatalf("gsttest: linking %s to harness sink: %s", h.elemSrcPad, r)
		}
		h.sinkPad.SetActive(true)
	}
	if h.srcPad != nil {
		h.Play()
		h.ensureStreamStart()
	}
}

func (h *Harness) ensureStreamStart() {
	h.mu.Lock()
	started := h.streamStarted
	h.streamStarted = true
	h.mu.Unlock()
	if !started && h.srcPad != nil {
		id := fmt.Sprintf("%s-%d", h.element.Name(), streamIDs.Add(1))
		h.srcPad.PushEvent(gst.NewStreamStartEvent(id))
	}
}

func (h *Harness) teardown() {
	if h.element != nil {
		h.element.SetState(gst.StateNull)
	}
	if h.srcPad != nil {
		h.srcPad.SetActive(false)
		h.srcPad.Unlink(h.elemSinkPad)
	}
	if h.sinkPad != nil {
		h.sinkPad.SetActive(false)
		h.elemSrcPad.Unlink(h.sinkPad)
	}
	if rel, ok := h.element.(interface{ ReleaseRequestPad(*gst.Pad) }); ok {
		if h.requestedSink {
			rel.ReleaseRequestPad(h.elemSinkPad)
		}
		if h.requestedSrc {
			rel.ReleaseRequestPad(h.elemSrcPad)
		}
	}
	for {
		b, ok := h.buffers.tryPop()
		if !ok {
			break
		}
		b.Unref()
	}
}

// ---- pad functions ----

func (h *Harness) sinkChain(_ *gst.Pad, buf *gst.Buffer) error {
	h.mu.Lock()
	drop := h.dropBuffers
	h.mu.Unlock()
	if drop {
		buf.Unref()
	}
	h.buffers.push(buf, !drop)
	return nil
}

func (h *Harness) sinkEvent(_ *gst.Pad, ev gst.Event) bool {
	if _, ok := ev.(*gst.EOSEvent); ok {
		h.eos.Store(true)
		h.buffers.wake()
	}
	h.events.push(ev, true)
	return true
}

func answerCaps(q *gst.CapsQuery, caps *gst.Caps) {
	switch {
	case q.Filter == nil && caps == nil:
		q.Result = gst.NewCapsAny()
	case q.Filter == nil:
		q.Result = caps
	case caps == nil || caps.IsAny():
		q.Result = q.Filter
	default:
		q.Result = q.Filter.IntersectFull(caps, gst.CapsIntersectFirst)
	}
}

func (h *Harness) sinkQuery(p *gst.Pad, q gst.Query) bool {
	h.mu.Lock()
	caps := h.sinkCaps
	h.mu.Unlock()
	switch q := q.(type) {
	case *gst.CapsQuery:
		answerCaps(q, caps)
		return true
	case *gst.AcceptCapsQuery:
		q.Result = caps == nil || q.Caps.IsSubset(caps)
		return true
	case *gst.AllocationQuery:
		return true
	}
	return p.QueryDefault(q)
}

func (h *Harness) srcEvent(_ *gst.Pad, ev gst.Event) bool {
	h.upstream.push(ev, true)
	return true
}

func (h *Harness) srcQuery(p *gst.Pad, q gst.Query) bool {
	h.mu.Lock()
	caps, live, latency := h.srcCaps, h.live, h.latency
	h.mu.Unlock()
	switch q := q.(type) {
	case *gst.LatencyQuery:
		q.Live, q.Min, q.Max = live, latency, latency
		return true
	case *gst.CapsQuery:
		answerCaps(q, caps)
		return true
	}
	return p.QueryDefault(q)
}

// ---- configuration ----

// Element returns the element under test.
//
// GStreamer: GstHarness.element (libs/gst/check/gstharness.h).
func (h *Harness) Element() gst.Element { return h.element }

// Play sets the element to PLAYING and waits (up to Timeout) for the state
// change; it fails the test when the change fails. Sources must call it.
//
// GStreamer: gst_harness_play (libs/gst/check/gstharness.c).
func (h *Harness) Play() {
	h.t.Helper()
	if r := h.element.SetState(gst.StatePlaying); r == gst.StateChangeFailure {
		h.t.Fatalf("gsttest: setting %s to PLAYING failed", h.element.Name())
		return
	}
	if r, _, _ := h.element.State(gst.ClockTimeFromDuration(h.Timeout)); r == gst.StateChangeFailure {
		h.t.Fatalf("gsttest: %s failed to reach PLAYING", h.element.Name())
	}
}

// SetSrcCaps sets the caps the harness pushes: sends stream-start (first
// time), then a CAPS event and a TIME segment. Fails the test when the
// element refuses the caps.
//
// GStreamer: gst_harness_set_src_caps (libs/gst/check/gstharness.c).
func (h *Harness) SetSrcCaps(caps *gst.Caps) {
	h.t.Helper()
	h.ensureStreamStart()
	if !h.srcPad.PushEvent(gst.NewCapsEvent(caps)) || h.elemSinkPad.CurrentCaps() == nil {
		h.t.Fatalf("gsttest: %s refused caps %s", h.element.Name(), caps)
		return
	}
	h.mu.Lock()
	h.srcCaps = caps
	h.mu.Unlock()
	if !h.srcPad.PushEvent(gst.NewSegmentEvent(gst.NewSegment(gst.FormatTime))) {
		h.t.Fatalf("gsttest: %s refused the segment", h.element.Name())
	}
}

// SetSrcCapsString is SetSrcCaps with caps parsed from s.
//
// GStreamer: gst_harness_set_src_caps_str (libs/gst/check/gstharness.c).
func (h *Harness) SetSrcCapsString(s string) {
	h.t.Helper()
	caps, err := gst.ParseCaps(s)
	if err != nil {
		h.t.Fatalf("gsttest: parsing caps %q: %v", s, err)
		return
	}
	h.SetSrcCaps(caps)
}

// SetSinkCaps sets the caps the harness sink pad answers CAPS and
// ACCEPT_CAPS queries with (nil: anything).
//
// GStreamer: gst_harness_set_sink_caps (libs/gst/check/gstharness.c).
func (h *Harness) SetSinkCaps(caps *gst.Caps) {
	h.mu.Lock()
	h.sinkCaps = caps
	h.mu.Unlock()
	if h.sinkPad != nil {
		h.sinkPad.PushEvent(gst.NewReconfigureEvent())
	}
}

// SetSinkCapsString is SetSinkCaps with caps parsed from s.
//
// GStreamer: gst_harness_set_sink_caps_str (libs/gst/check/gstharness.c).
func (h *Harness) SetSinkCapsString(s string) {
	h.t.Helper()
	caps, err := gst.ParseCaps(s)
	if err != nil {
		h.t.Fatalf("gsttest: parsing caps %q: %v", s, err)
		return
	}
	h.SetSinkCaps(caps)
}

// SetCaps sets the sink caps, then the source caps.
//
// GStreamer: gst_harness_set_caps (libs/gst/check/gstharness.c).
func (h *Harness) SetCaps(in, out *gst.Caps) {
	h.t.Helper()
	h.SetSinkCaps(out)
	h.SetSrcCaps(in)
}

// SetDropBuffers makes the harness sink count buffers without keeping
// them (for long runs).
//
// GStreamer: gst_harness_set_drop_buffers (libs/gst/check/gstharness.c).
func (h *Harness) SetDropBuffers(drop bool) {
	h.mu.Lock()
	h.dropBuffers = drop
	h.mu.Unlock()
}

// SetForwarding records whether allocation queries and events would be
// forwarded to attached source/sink harnesses (default true). This
// harness has no attached harnesses yet, so the setting only is kept.
//
// GStreamer: gst_harness_set_forwarding (libs/gst/check/gstharness.c).
func (h *Harness) SetForwarding(forward bool) {
	h.mu.Lock()
	h.forwarding = forward
	h.mu.Unlock()
}

// SetLive sets whether the harness source answers LATENCY queries as live
// (default true).
//
// GStreamer: gst_harness_set_live (libs/gst/check/gstharness.c).
func (h *Harness) SetLive(live bool) {
	h.mu.Lock()
	h.live = live
	h.mu.Unlock()
}

// SetUpstreamLatency sets the latency (ns) the harness source reports
// as min and max in LATENCY queries.
//
// GStreamer: gst_harness_set_upstream_latency (libs/gst/check/gstharness.c).
func (h *Harness) SetUpstreamLatency(latency gst.ClockTime) {
	h.mu.Lock()
	h.latency = latency
	h.mu.Unlock()
}

// QueryLatency asks the element (from the harness sink) for its latency
// and returns the minimum (ns), or ClockTimeNone when the query fails.
//
// GStreamer: gst_harness_query_latency (libs/gst/check/gstharness.c).
func (h *Harness) QueryLatency() gst.ClockTime {
	q := gst.NewLatencyQuery()
	if h.sinkPad == nil || !h.sinkPad.PeerQuery(q) {
		return gst.ClockTimeNone
	}
	return q.Min
}

// Set sets a property of the element, failing the test on error.
//
// GStreamer: gst_harness_set (libs/gst/check/gstharness.c).
func (h *Harness) Set(name string, value any) {
	h.t.Helper()
	if err := h.element.Set(name, value); err != nil {
		h.t.Fatalf("gsttest: %v", err)
	}
}

// SetString sets a property from its string form, failing the test on
// error.
//
// GStreamer: gst_util_set_object_arg (gst/gstutils.c) on the harness element.
func (h *Harness) SetString(name, value string) {
	h.t.Helper()
	if err := h.element.SetString(name, value); err != nil {
		h.t.Fatalf("gsttest: %v", err)
	}
}

// ---- data ----

// NewBuffer returns a buffer of size zeroed bytes.
//
// GStreamer: gst_harness_create_buffer (libs/gst/check/gstharness.c).
func (h *Harness) NewBuffer(size int) *gst.Buffer { return gst.NewBufferAllocate(size) }

// Push pushes buf (ownership taken) into the element and returns the flow
// result.
//
// GStreamer: gst_harness_push (libs/gst/check/gstharness.c).
func (h *Harness) Push(buf *gst.Buffer) error {
	h.ensureStreamStart()
	return h.srcPad.Push(buf)
}

// PushEvent pushes ev into the element's sink pad.
//
// GStreamer: gst_harness_push_event (libs/gst/check/gstharness.c).
func (h *Harness) PushEvent(ev gst.Event) bool { return h.srcPad.PushEvent(ev) }

// PushUpstreamEvent sends ev upstream into the element's source pad.
//
// GStreamer: gst_harness_push_upstream_event (libs/gst/check/gstharness.c).
func (h *Harness) PushUpstreamEvent(ev gst.Event) bool { return h.sinkPad.PushEvent(ev) }

// Pull returns the next buffer the element pushed, waiting up to Timeout;
// it fails the test (FailNow) when none arrives.
//
// GStreamer: gst_harness_pull (libs/gst/check/gstharness.c).
func (h *Harness) Pull() *gst.Buffer {
	h.t.Helper()
	b, ok := h.buffers.pop(h.Timeout)
	if !ok {
		h.t.Fatalf("gsttest: no buffer from %s within %v", h.element.Name(), h.Timeout)
	}
	return b
}

// TryPull returns the next queued buffer without waiting.
//
// GStreamer: gst_harness_try_pull (libs/gst/check/gstharness.c).
func (h *Harness) TryPull() (*gst.Buffer, bool) { return h.buffers.tryPop() }

// PushAndPull pushes buf and pulls one buffer, failing the test when the
// push fails.
//
// GStreamer: gst_harness_push_and_pull (libs/gst/check/gstharness.c).
func (h *Harness) PushAndPull(buf *gst.Buffer) *gst.Buffer {
	h.t.Helper()
	if err := h.Push(buf); err != nil {
		h.t.Fatalf("gsttest: push: %v", err)
		return nil
	}
	return h.Pull()
}

// PullUntilEOS returns every buffer pushed until the element sent EOS;
// ok is false when EOS did not arrive within Timeout (the buffers seen so
// far are returned).
//
// GStreamer: gst_harness_pull_until_eos (libs/gst/check/gstharness.c).
func (h *Harness) PullUntilEOS() ([]*gst.Buffer, bool) {
	var out []*gst.Buffer
	timer := time.NewTimer(h.Timeout)
	defer timer.Stop()
	for {
		if b, ok := h.buffers.tryPop(); ok {
			out = append(out, b)
			continue
		}
		if h.eos.Load() {
			if b, ok := h.buffers.tryPop(); ok {
				out = append(out, b)
				continue
			}
			return out, true
		}
		select {
		case <-h.buffers.notify:
		case <-timer.C:
			return out, false
		}
	}
}

// PullEvent returns the next event that reached the harness sink, waiting
// up to Timeout; fails the test when none arrives.
//
// GStreamer: gst_harness_pull_event (libs/gst/check/gstharness.c).
func (h *Harness) PullEvent() gst.Event {
	h.t.Helper()
	ev, ok := h.events.pop(h.Timeout)
	if !ok {
		h.t.Fatalf("gsttest: no event from %s within %v", h.element.Name(), h.Timeout)
	}
	return ev
}

// TryPullEvent returns the next queued event without waiting.
//
// GStreamer: gst_harness_try_pull_event (libs/gst/check/gstharness.c).
func (h *Harness) TryPullEvent() (gst.Event, bool) { return h.events.tryPop() }

// PullUpstreamEvent returns the next event that reached the harness
// source from the element, waiting up to Timeout; fails the test when none
// arrives.
//
// GStreamer: gst_harness_pull_upstream_event (libs/gst/check/gstharness.c).
func (h *Harness) PullUpstreamEvent() gst.Event {
	h.t.Helper()
	ev, ok := h.upstream.pop(h.Timeout)
	if !ok {
		h.t.Fatalf("gsttest: no upstream event from %s within %v", h.element.Name(), h.Timeout)
	}
	return ev
}

// TryPullUpstreamEvent returns the next queued upstream event without
// waiting.
//
// GStreamer: gst_harness_try_pull_upstream_event (libs/gst/check/gstharness.c).
func (h *Harness) TryPullUpstreamEvent() (gst.Event, bool) { return h.upstream.tryPop() }

// PullEventOf returns the next event of type T that reached the harness
// sink, discarding events of other types; it fails the test after the
// harness Timeout.
//
// GStreamer: none (Go-only helper; loops of gst_harness_pull_event).
func PullEventOf[T gst.Event](h *Harness) T {
	h.t.Helper()
	deadline := time.Now().Add(h.Timeout)
	for {
		left := time.Until(deadline)
		ev, ok := h.events.pop(max(left, 0))
		if !ok {
			var zero T
			h.t.Fatalf("gsttest: no %T event from %s within %v", zero, h.element.Name(), h.Timeout)
			return zero
		}
		if e, ok := ev.(T); ok {
			return e
		}
	}
}

// BuffersInQueue returns the number of buffers waiting to be pulled.
//
// GStreamer: gst_harness_buffers_in_queue (libs/gst/check/gstharness.c).
func (h *Harness) BuffersInQueue() int { return h.buffers.len() }

// BuffersReceived returns the number of buffers the harness sink received
// in total (including dropped and pulled ones).
//
// GStreamer: gst_harness_buffers_received (libs/gst/check/gstharness.c).
func (h *Harness) BuffersReceived() int { return int(h.buffers.total.Load()) }

// EventsInQueue returns the number of events waiting to be pulled.
//
// GStreamer: gst_harness_events_in_queue (libs/gst/check/gstharness.c).
func (h *Harness) EventsInQueue() int { return h.events.len() }

// EventsReceived returns the number of events the harness sink received.
//
// GStreamer: gst_harness_events_received (libs/gst/check/gstharness.c).
func (h *Harness) EventsReceived() int { return int(h.events.total.Load()) }

// UpstreamEventsInQueue returns the number of upstream events waiting to
// be pulled.
//
// GStreamer: gst_harness_upstream_events_in_queue (libs/gst/check/gstharness.c).
func (h *Harness) UpstreamEventsInQueue() int { return h.upstream.len() }

// UpstreamEventsReceived returns the number of upstream events received.
//
// GStreamer: gst_harness_upstream_events_received (libs/gst/check/gstharness.c).
func (h *Harness) UpstreamEventsReceived() int { return int(h.upstream.total.Load()) }

// TakeAllData pulls every queued buffer and returns their bytes joined.
//
// GStreamer: gst_harness_take_all_data (libs/gst/check/gstharness.c).
func (h *Harness) TakeAllData() []byte {
	var out bytes.Buffer
	for {
		b, ok := h.buffers.tryPop()
		if !ok {
			return out.Bytes()
		}
		out.Write(b.Bytes())
		b.Unref()
	}
}

// CheckElement runs the conformance checks on factory from
// gst.DefaultRegistry; see CheckAllElements.
//
// GStreamer: tests/check/generic/states.c and the property checks of
// gst-validate.
func CheckElement(t *testing.T, factory string) {
	t.Helper()
	checkElement(t, gst.DefaultRegistry(), factory)
}

// CheckAllElements runs, for every factory of r, a subtest that creates
// the element, walks NULL→READY→PAUSED→PLAYING→PAUSED→READY→NULL (ASYNC
// changes are waited for briefly; sinks without data stay async), and
// round-trips every readable, writable, not construct-only property
// through GetString and SetString.
//
// GStreamer: tests/check/generic/states.c.
func CheckAllElements(t *testing.T, r *gst.Registry) {
	t.Helper()
	for _, c := range r.Factories() {
		t.Run(c.Name, func(t *testing.T) { checkElement(t, r, c.Name) })
	}
}

func checkElement(t *testing.T, r *gst.Registry, factory string) {
	t.Helper()
	el, err := r.MakeElement(factory, "")
	if err != nil {
		t.Fatalf("creating %q: %v", factory, err)
	}
	checkProperties(t, el)
	seq := []gst.State{gst.StateReady, gst.StatePaused, gst.StatePlaying, gst.StatePaused, gst.StateReady, gst.StateNull}
	wait := gst.ClockTimeFromDuration(100 * time.Millisecond)
	for _, s := range seq {
		if ret := el.SetState(s); ret == gst.StateChangeFailure {
			el.SetState(gst.StateNull)
			t.Fatalf("%s: set state %s failed", factory, s)
		}
		if ret, _, _ := el.State(wait); ret == gst.StateChangeFailure {
			el.SetState(gst.StateNull)
			t.Fatalf("%s: state %s failed asynchronously", factory, s)
		}
	}
	ret, cur, _ := el.State(gst.ClockTimeFromDuration(DefaultTimeout))
	if ret != gst.StateChangeSuccess || cur != gst.StateNull {
		t.Fatalf("%s: after going down: %s in %s, want success in NULL", factory, ret, cur)
	}
}

func checkProperties(t *testing.T, el gst.Element) {
	t.Helper()
	class := el.Class()
	if class == nil {
		return
	}
	for _, ps := range class.Properties {
		const need = gst.ParamReadable | gst.ParamWritable
		if ps.Flags&need != need || ps.Flags&gst.ParamConstructOnly != 0 || ps.Name == "name" || ps.Name == "parent" ||
			ps.Type == gst.ParamTypeObject || ps.Type == gst.ParamTypeBoxed {
			// object and boxed values have no string form (gst_util_set_object_arg cannot set them)
			continue
		}
		s, err := el.GetString(ps.Name)
		if err != nil {
			t.Errorf("%s: get %q: %v", el.Name(), ps.Name, err)
			continue
		}
		if err := el.SetString(ps.Name, s); err != nil {
			t.Errorf("%s: set %q to its own value %q: %v", el.Name(), ps.Name, s, err)
			continue
		}
		s2, err := el.GetString(ps.Name)
		if err != nil || s2 != s {
			t.Errorf("%s: %q round trip: %q became %q (%v)", el.Name(), ps.Name, s, s2, err)
		}
	}
}
