package coreelements

import (
	"errors"
	"sync/atomic"
	"testing"

	"github.com/gstmini/gstmini/gst"
)

func teeNew(t *testing.T) *Tee {
	t.Helper()
	el, err := TeeClass.Create("")
	if err != nil {
		t.Fatal(err)
	}
	tee := el.(*Tee)
	t.Cleanup(func() { tee.SetState(gst.StateNull) })
	return tee
}

// teeSrc returns an active floating source pad linked to the tee's sink
// pad, with stream-start, caps and a BYTES segment stored on it.
func teeSrc(t *testing.T, tee *Tee) *gst.Pad {
	t.Helper()
	p := gst.NewPad("mysrc", gst.PadSrc)
	p.SetActive(true)
	p.PushEvent(gst.NewStreamStartEvent("test"))
	p.PushEvent(gst.NewCapsEvent(gst.MustParseCaps("test/test")))
	p.PushEvent(gst.NewSegmentEvent(gst.NewSegment(gst.FormatBytes)))
	if r := p.Link(tee.StaticPad("sink")); r != gst.PadLinkOK {
		t.Fatal(r)
	}
	t.Cleanup(func() { p.SetActive(false) })
	return p
}

func teeWantFlow(t *testing.T, err error, want gst.FlowReturn) {
	t.Helper()
	if got := gst.FlowFromError(err); got != want {
		t.Fatalf("flow %v, want %v", got, want)
	}
}

// GStreamer: test_flow_aggregation (tests/check/elements/tee.c).
func TestTeeFlowAggregation(t *testing.T) {
	tee := teeNew(t)
	src1 := tee.RequestPadSimple("src_%u")
	src2 := tee.RequestPadSimple("src_%u")
	var fail1, fail2 atomic.Bool
	sinkWith := func(name string, fail *atomic.Bool) *gst.Pad {
		p := gst.NewPad(name, gst.PadSink)
		p.SetChainFunc(func(_ *gst.Pad, b *gst.Buffer) error {
			b.Unref()
			if fail.Load() {
				return gst.ErrFlowError
			}
			return nil
		})
		p.SetActive(true)
		return p
	}
	mysink1, mysink2 := sinkWith("mysink1", &fail1), sinkWith("mysink2", &fail2)
	mysrc := teeSrc(t, tee)
	if src1.Link(mysink1) != gst.PadLinkOK || src2.Link(mysink2) != gst.PadLinkOK {
		t.Fatal("link")
	}
	if r := tee.SetState(gst.StatePlaying); r != gst.StateChangeSuccess {
		t.Fatal(r)
	}
	buf := gst.NewBuffer()
	push := func(want gst.FlowReturn) {
		t.Helper()
		teeWantFlow(t, mysrc.Push(buf.Ref()), want)
	}
	push(gst.FlowOK)
	// one pad flushing makes the result flushing
	mysink2.SetActive(false)
	push(gst.FlowFlushing)
	mysink1.SetActive(false)
	mysink2.SetActive(true)
	push(gst.FlowFlushing)
	mysink2.SetActive(false)
	push(gst.FlowFlushing)
	mysink1.SetActive(true)
	mysink2.SetActive(true)
	push(gst.FlowOK)
	// one unlinked pad gives OK, two give NOT_LINKED
	src1.Unlink(mysink1)
	push(gst.FlowOK)
	src1.Link(mysink1)
	src2.Unlink(mysink2)
	push(gst.FlowOK)
	src1.Unlink(mysink1)
	push(gst.FlowNotLinked)
	src1.Link(mysink1)
	src2.Link(mysink2)
	push(gst.FlowOK)
	// one pad returning ERROR gives ERROR
	fail1.Store(true)
	push(gst.FlowError)
	fail1.Store(false)
	fail2.Store(true)
	push(gst.FlowError)
	fail1.Store(true)
	push(gst.FlowError)
	fail1.Store(false)
	fail2.Store(false)
	push(gst.FlowOK)
	// GStreamer also checks the refcount is back to 1 here; gst.Pad.Push
	// does not drop the reference of a buffer it refuses (flushing,
	// not-linked), so the count cannot be checked on these paths.
}

// GStreamer: test_request_pads (tests/check/elements/tee.c).
func TestTeeRequestPads(t *testing.T) {
	tee := teeNew(t)
	for _, tc := range []struct{ req, want string }{
		{"src_%u", "src_0"}, {"src_100", "src_100"}, {"src_10", "src_10"}, {"src_%u", "src_101"},
	} {
		p := tee.RequestPadSimple(tc.req)
		if p == nil || p.Name() != tc.want {
			t.Fatalf("request %q gave %v, want %s", tc.req, p, tc.want)
		}
	}
	if p := tee.RequestPadSimple("src_10"); p != nil {
		t.Fatal("duplicate src_10 granted")
	}
	if n, _ := tee.Get("num-src-pads"); n != 4 {
		t.Fatalf("num-src-pads %v, want 4", n)
	}
}

// GStreamer: test_allow_not_linked (tests/check/elements/tee.c).
func TestTeeAllowNotLinked(t *testing.T) {
	tee := teeNew(t)
	if err := tee.Set("allow-not-linked", true); err != nil {
		t.Fatal(err)
	}
	mysrc := teeSrc(t, tee)
	if r := tee.SetState(gst.StatePlaying); r != gst.StateChangeSuccess {
		t.Fatal(r)
	}
	buf := gst.NewBuffer()
	push := func(want gst.FlowReturn) {
		t.Helper()
		teeWantFlow(t, mysrc.Push(buf.Ref()), want)
	}
	push(gst.FlowOK)
	src1 := tee.RequestPadSimple("src_%u")
	push(gst.FlowOK)
	src2 := tee.RequestPadSimple("src_%u")
	push(gst.FlowOK)
	// g_object_set in PLAYING: gst's Set refuses properties without a
	// GST_PARAM_MUTABLE_* flag outside NULL/READY, GObject does not, so
	// call the element's setter as g_object_set would
	tee.SetProperty("allow-not-linked", false)
	push(gst.FlowNotLinked)
	tee.ReleaseRequestPad(src1)
	push(gst.FlowNotLinked)
	tee.ReleaseRequestPad(src2)
	push(gst.FlowNotLinked)
}

// teeAllocSink requests a tee source pad and links a sink pad answering
// ALLOCATION queries with answer (false: the query fails).
func teeAllocSink(t *testing.T, tee *Tee, answer func(q *gst.AllocationQuery) bool) {
	t.Helper()
	src := tee.RequestPadSimple("src_%u")
	sink := gst.NewPad("sink", gst.PadSink)
	sink.SetQueryFunc(func(p *gst.Pad, q gst.Query) bool {
		if aq, ok := q.(*gst.AllocationQuery); ok {
			return answer(aq)
		}
		return p.QueryDefault(q)
	})
	sink.SetActive(true)
	if r := src.Link(sink); r != gst.PadLinkOK {
		t.Fatal(r)
	}
}

const (
	teeParentMeta    = "GstParentBufferMetaAPI"
	teeRefTSMeta     = "GstReferenceTimestampMetaAPI"
	teeProtectionAPI = "GstProtectionMetaAPI"
)

func teeAllocAnswer(size, min, max uint, align, prefix, padding uint, protection *gst.Structure, refTS bool) func(*gst.AllocationQuery) bool {
	return func(q *gst.AllocationQuery) bool {
		q.AddPool(nil, size, min, max)
		q.AddParams(gst.AllocationParams{Align: align, Prefix: prefix, Padding: padding})
		q.AddMeta(teeParentMeta, nil)
		if refTS {
			q.AddMeta(teeRefTSMeta, nil)
		}
		q.AddMeta(teeProtectionAPI, protection)
		return true
	}
}

// GStreamer: test_allocation_query_aggregation (tests/check/elements/tee.c).
func TestTeeAllocationQueryAggregation(t *testing.T) {
	tee := teeNew(t)
	teeAllocSink(t, tee, teeAllocAnswer(128, 2, 10, 15, 1, 1, nil, true))
	teeAllocSink(t, tee, teeAllocAnswer(129, 1, 15, 7, 2, 1, nil, true))
	teeAllocSink(t, tee, teeAllocAnswer(130, 1, 20, 7, 1, 2, gst.NewStructure("test/test"), false))
	q := gst.NewAllocationQuery(gst.MustParseCaps("test/test"), true)
	if !tee.StaticPad("sink").Query(q) {
		t.Fatal("allocation query failed")
	}
	if len(q.Pools) != 1 || q.Pools[0].Size != 130 || q.Pools[0].MinBuffers != 2+1 || q.Pools[0].MaxBuffers != 0 {
		t.Fatalf("pools %+v, want one of size 130, min 3, max 0", q.Pools)
	}
	if len(q.Params) != 1 || q.Params[0].Align != 15 || q.Params[0].Prefix != 2 || q.Params[0].Padding != 2 {
		t.Fatalf("params %+v, want align 15 prefix 2 padding 2", q.Params)
	}
	if len(q.Metas) != 1 || q.Metas[0].API != teeParentMeta {
		t.Fatalf("metas %+v, want only %s", q.Metas, teeParentMeta)
	}
}

// GStreamer: test_allocation_query_allow_not_linked (tests/check/elements/tee.c).
func TestTeeAllocationQueryAllowNotLinked(t *testing.T) {
	tee := teeNew(t)
	teeAllocSink(t, tee, teeAllocAnswer(128, 2, 10, 15, 1, 1, nil, true))
	teeAllocSink(t, tee, teeAllocAnswer(129, 1, 15, 7, 2, 1, nil, true))
	tee.RequestPadSimple("src_%u") // unlinked
	caps := gst.MustParseCaps("test/test")
	if tee.StaticPad("sink").Query(gst.NewAllocationQuery(caps, true)) {
		t.Fatal("query succeeded with an unlinked pad")
	}
	tee.Set("allow-not-linked", true)
	if !tee.StaticPad("sink").Query(gst.NewAllocationQuery(caps, true)) {
		t.Fatal("query failed with allow-not-linked")
	}
}

// GStreamer: test_allocation_query_failure and test_allocation_query_empty (tests/check/elements/tee.c).
func TestTeeAllocationQueryFailureAndEmpty(t *testing.T) {
	tee := teeNew(t)
	tee.Set("allow-not-linked", true)
	teeAllocSink(t, tee, teeAllocAnswer(128, 2, 10, 15, 1, 1, nil, true))
	teeAllocSink(t, tee, func(*gst.AllocationQuery) bool { return false })
	if tee.StaticPad("sink").Query(gst.NewAllocationQuery(gst.MustParseCaps("test/test"), true)) {
		t.Fatal("query succeeded although a branch failed")
	}

	tee2 := teeNew(t)
	teeAllocSink(t, tee2, func(*gst.AllocationQuery) bool { return true })
	q := gst.NewAllocationQuery(gst.MustParseCaps("test/test"), true)
	if !tee2.StaticPad("sink").Query(q) {
		t.Fatal("empty answer failed")
	}
	if len(q.Pools) != 0 || len(q.Params) != 0 {
		t.Fatalf("pools %v params %v, want none", q.Pools, q.Params)
	}
}

// GStreamer: test_num_buffers (tests/check/elements/tee.c), with a floating
// source instead of fakesrc: every branch (tee → queue → sink) gets every
// buffer, the same buffer by reference.
func TestTeeNumBuffers(t *testing.T) {
	const substreams, numBuffers = 15, 3
	tee := teeNew(t)
	mysrc := teeSrc(t, tee)
	var sinks []*queueCollector
	var queues []*Queue
	for i := 0; i < substreams; i++ {
		el, err := QueueClass.Create("")
		if err != nil {
			t.Fatal(err)
		}
		q := el.(*Queue)
		c := newQueueCollector()
		c.pad.SetActive(true)
		if q.StaticPad("src").Link(c.pad) != gst.PadLinkOK || tee.RequestPadSimple("src_%u").Link(q.StaticPad("sink")) != gst.PadLinkOK {
			t.Fatal("link")
		}
		q.SetState(gst.StatePlaying)
		t.Cleanup(func() { q.SetState(gst.StateNull) })
		queues = append(queues, q)
		sinks = append(sinks, c)
	}
	tee.SetState(gst.StatePlaying)
	bufs := make([]*gst.Buffer, numBuffers)
	for i := range bufs {
		bufs[i] = gst.NewBuffer()
		if err := mysrc.Push(bufs[i]); err != nil {
			t.Fatal(err)
		}
	}
	mysrc.PushEvent(gst.NewEOSEvent())
	for i, c := range sinks {
		c.waitFor(t, "EOS", func() bool {
			return len(c.events) > 0 && c.events[len(c.events)-1].Type() == gst.EventEOS
		})
		c.mu.Lock()
		if len(c.buffers) != numBuffers {
			t.Errorf("branch %d got %d buffers, want %d", i, len(c.buffers), numBuffers)
		}
		for j, b := range c.buffers {
			if b != bufs[j] {
				t.Errorf("branch %d buffer %d is a copy, want the same buffer", i, j)
			}
		}
		c.mu.Unlock()
	}
	_ = queues
}

// A pad requested while streaming gets the sticky events of the sink pad.
func TestTeeStickyEventsToNewPad(t *testing.T) {
	tee := teeNew(t)
	mysrc := teeSrc(t, tee)
	tee.SetState(gst.StatePlaying)
	src0 := tee.RequestPadSimple("src_%u")
	c0 := newQueueCollector()
	c0.pad.SetActive(true)
	src0.Link(c0.pad)
	if err := mysrc.Push(gst.NewBuffer()); err != nil {
		t.Fatal(err)
	}
	src1 := tee.RequestPadSimple("src_%u")
	if src1.StickyEvent(gst.EventCaps, 0) == nil || src1.StickyEvent(gst.EventSegment, 0) == nil || src1.StickyEvent(gst.EventStreamStart, 0) == nil {
		t.Fatal("new pad lacks the sticky events")
	}
	c1 := newQueueCollector()
	c1.pad.SetActive(true)
	src1.Link(c1.pad)
	if err := mysrc.Push(gst.NewBuffer()); err != nil {
		t.Fatal(err)
	}
	if len(c1.events) != 3 || len(c1.buffers) != 1 {
		t.Fatalf("new branch got %d events and %d buffers, want 3 and 1", len(c1.events), len(c1.buffers))
	}
}

func TestTeeLastMessage(t *testing.T) {
	tee := teeNew(t)
	tee.Set("silent", false)
	tee.Set("allow-not-linked", true)
	mysrc := teeSrc(t, tee)
	tee.SetState(gst.StatePlaying)
	b := gst.NewBufferAllocate(4)
	b.PTS = 7
	if err := mysrc.Push(b); err != nil && !errors.Is(err, gst.ErrNotLinked) {
		t.Fatal(err)
	}
	v, _ := tee.Get("last-message")
	msg, _ := v.(string)
	const prefix = "chain        ******* (" // GStreamer's exact layout
	if len(msg) < len(prefix) || msg[:len(prefix)] != prefix {
		t.Fatalf("last-message %q", msg)
	}
	want := tee.Name() + ":sink)t (4 bytes, 7) 0x"
	if got := msg[len(prefix):]; len(got) < len(want) || got[:len(want)] != want {
		t.Fatalf("last-message %q, want ...%s...", msg, want)
	}
}
