package coreelements

import (
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gstmini/gstmini/gst"
	"github.com/gstmini/gstmini/gsttest"
)

// queueTimeout bounds every wait of the queue tests.
const queueTimeout = 10 * time.Second

// queueCollector is a floating sink pad collecting what it receives
// (gst_check_chain_func + event_func of the C tests).
type queueCollector struct {
	pad     *gst.Pad
	mu      sync.Mutex
	cond    sync.Cond
	buffers []*gst.Buffer
	events  []gst.Event
}

func newQueueCollector() *queueCollector {
	c := &queueCollector{pad: gst.NewPad("sink", gst.PadSink)}
	c.cond.L = &c.mu
	c.pad.SetChainFunc(func(_ *gst.Pad, buf *gst.Buffer) error {
		c.mu.Lock()
		c.buffers = append(c.buffers, buf)
		c.cond.Broadcast()
		c.mu.Unlock()
		return nil
	})
	c.pad.SetEventFunc(func(_ *gst.Pad, ev gst.Event) bool {
		c.mu.Lock()
		c.events = append(c.events, ev)
		c.cond.Broadcast()
		c.mu.Unlock()
		return true
	})
	return c
}

// waitFor waits until cond (called with c.mu held) holds.
func (c *queueCollector) waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	timer := time.AfterFunc(queueTimeout, func() {
		c.mu.Lock()
		c.cond.Broadcast()
		c.mu.Unlock()
	})
	defer timer.Stop()
	deadline := time.Now().Add(queueTimeout)
	c.mu.Lock()
	defer c.mu.Unlock()
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timeout waiting for %s", what)
		}
		c.cond.Wait()
	}
}

// queueFixture is the setup() of tests/check/elements/queue.c: a queue
// fed by a floating source pad, counting underrun and overrun signals.
type queueFixture struct {
	t        *testing.T
	q        *Queue
	src      *gst.Pad
	sink     *queueCollector
	probeID  uint64
	mu       sync.Mutex
	cond     sync.Cond
	underrun int
	overrun  atomic.Int32
}

func newQueueFixture(t *testing.T) *queueFixture {
	t.Helper()
	el, err := QueueClass.Create("")
	if err != nil {
		t.Fatal(err)
	}
	f := &queueFixture{t: t, q: el.(*Queue)}
	f.cond.L = &f.mu
	f.q.ConnectUnderrun(func(*Queue) {
		f.mu.Lock()
		f.underrun++
		f.cond.Broadcast()
		f.mu.Unlock()
	})
	f.src = gst.NewPad("src", gst.PadSrc)
	f.src.SetActive(true)
	if r := f.src.Link(f.q.StaticPad("sink")); r != gst.PadLinkOK {
		t.Fatalf("link: %v", r)
	}
	t.Cleanup(func() {
		f.q.SetState(gst.StateNull)
		f.src.SetActive(false)
	})
	return f
}

func (f *queueFixture) underruns() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.underrun
}

func (f *queueFixture) waitUnderruns(n int) {
	f.t.Helper()
	timer := time.AfterFunc(queueTimeout, func() {
		f.mu.Lock()
		f.cond.Broadcast()
		f.mu.Unlock()
	})
	defer timer.Stop()
	deadline := time.Now().Add(queueTimeout)
	f.mu.Lock()
	defer f.mu.Unlock()
	for f.underrun < n {
		if time.Now().After(deadline) {
			f.t.Fatalf("timeout waiting for %d underruns (have %d)", n, f.underrun)
		}
		f.cond.Wait()
	}
}

// linkSink is setup_sink_pad: activate a collecting sink pad and link the
// queue's source pad to it.
func (f *queueFixture) linkSink() *queueCollector {
	c := newQueueCollector()
	c.pad.SetActive(true)
	if r := f.q.StaticPad("src").Link(c.pad); r != gst.PadLinkOK {
		f.t.Errorf("link sink: %v", r)
	}
	f.sink = c
	return c
}

func (f *queueFixture) blockSrc() {
	f.probeID = f.q.StaticPad("src").AddProbe(gst.ProbeTypeBlockDownstream, nil)
}

func (f *queueFixture) unblockSrc() { f.q.StaticPad("src").RemoveProbe(f.probeID) }

func (f *queueFixture) play() {
	f.t.Helper()
	if r := f.q.SetState(gst.StatePlaying); r != gst.StateChangeSuccess {
		f.t.Fatalf("PLAYING: %v", r)
	}
}

func (f *queueFixture) null() {
	f.t.Helper()
	if r := f.q.SetState(gst.StateNull); r != gst.StateChangeSuccess {
		f.t.Fatalf("NULL: %v", r)
	}
}

func (f *queueFixture) set(name string, v any) {
	f.t.Helper()
	if err := f.q.Set(name, v); err != nil {
		f.t.Fatal(err)
	}
}

func (f *queueFixture) startStream(format gst.Format) {
	f.src.PushEvent(gst.NewStreamStartEvent("test"))
	f.src.PushEvent(gst.NewSegmentEvent(gst.NewSegment(format)))
}

func (f *queueFixture) levelTime() gst.ClockTime {
	v, err := f.q.Get("current-level-time")
	if err != nil {
		f.t.Fatal(err)
	}
	return gst.ClockTime(v.(uint64))
}

func (f *queueFixture) levelBuffers() uint {
	v, err := f.q.Get("current-level-buffers")
	if err != nil {
		f.t.Fatal(err)
	}
	return v.(uint)
}

func (f *queueFixture) counts(wantOver, wantUnder int) {
	f.t.Helper()
	if o, u := int(f.overrun.Load()), f.underruns(); o != wantOver || u != wantUnder {
		f.t.Fatalf("overruns %d, underruns %d; want %d, %d", o, u, wantOver, wantUnder)
	}
}

func queueTimedBuffer(pts, dur gst.ClockTime) *gst.Buffer {
	b := gst.NewBufferAllocate(4)
	b.PTS, b.Duration = pts, dur
	return b
}

// GStreamer: test_non_leaky_underrun (tests/check/elements/queue.c).
func TestQueueNonLeakyUnderrun(t *testing.T) {
	f := newQueueFixture(t)
	f.q.ConnectOverrun(func(*Queue) { f.overrun.Add(1) })
	f.set("max-size-buffers", uint(2))
	f.linkSink()
	f.play()
	f.waitUnderruns(1)
	f.counts(0, 1)
	f.null()
}

// GStreamer: test_non_leaky_overrun (tests/check/elements/queue.c).
func TestQueueNonLeakyOverrun(t *testing.T) {
	f := newQueueFixture(t)
	f.q.ConnectOverrun(func(*Queue) {
		f.overrun.Add(1)
		f.linkSink()
		f.unblockSrc()
	})
	f.set("max-size-buffers", uint(2))
	f.blockSrc()
	f.play()
	f.waitUnderruns(1)
	f.startStream(gst.FormatBytes)
	f.counts(0, 1)
	b1, b2, b3 := gst.NewBufferAllocate(4), gst.NewBufferAllocate(4), gst.NewBufferAllocate(4)
	f.src.Push(b1)
	f.counts(0, 1)
	f.src.Push(b2)
	f.counts(0, 1)
	// the overrun handler links and unblocks; the task makes room
	f.src.Push(b3)
	if n := f.overrun.Load(); n != 1 {
		t.Fatalf("overruns = %d, want 1", n)
	}
	c := f.sink
	c.waitFor(t, "3 buffers", func() bool { return len(c.buffers) >= 3 })
	f.waitUnderruns(2)
	c.mu.Lock()
	got := append([]*gst.Buffer(nil), c.buffers...)
	c.mu.Unlock()
	if got[0] != b1 || got[1] != b2 || got[2] != b3 {
		t.Fatalf("buffers out of order")
	}
	f.null()
}

// GStreamer: test_leaky_upstream and test_leaky_downstream (tests/check/elements/queue.c).
func TestQueueLeaky(t *testing.T) {
	for _, tc := range []struct {
		name   string
		leaky  int
		leaked int   // index of the buffer that must be dropped
		want   []int // indices of the buffers that come out
	}{
		{"upstream", QueueLeakUpstream, 2, []int{0, 1}},
		{"downstream", QueueLeakDownstream, 0, []int{1, 2}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newQueueFixture(t)
			f.q.ConnectOverrun(func(*Queue) { f.overrun.Add(1) })
			f.set("max-size-buffers", uint(2))
			f.set("leaky", tc.leaky)
			f.blockSrc()
			f.play()
			f.waitUnderruns(1)
			f.startStream(gst.FormatBytes)
			f.counts(0, 1)
			bufs := []*gst.Buffer{gst.NewBufferAllocate(4), gst.NewBufferAllocate(4), gst.NewBufferAllocate(4)}
			bufs[tc.leaked].Ref() // keep it to check its refcount
			f.src.Push(bufs[0])
			f.counts(0, 1)
			f.src.Push(bufs[1])
			f.counts(0, 1)
			f.src.Push(bufs[2])
			// leaking still emits overrun
			f.counts(1, 1)
			c := f.linkSink()
			f.unblockSrc()
			f.waitUnderruns(2)
			f.counts(1, 2)
			c.mu.Lock()
			got := append([]*gst.Buffer(nil), c.buffers...)
			c.mu.Unlock()
			if len(got) != 2 || got[0] != bufs[tc.want[0]] || got[1] != bufs[tc.want[1]] {
				t.Fatalf("got %d buffers, not the expected ones", len(got))
			}
			if rc := bufs[tc.leaked].RefCount(); rc != 1 {
				t.Fatalf("leaked buffer refcount %d, want 1", rc)
			}
			// the buffer after the leak is marked DISCONT
			discont := got[1]
			if tc.leaky == QueueLeakDownstream {
				discont = got[0]
			}
			if tc.leaky == QueueLeakDownstream && !discont.HasFlags(gst.BufferFlagDiscont) {
				t.Errorf("first buffer after a downstream leak is not DISCONT")
			}
			f.null()
		})
	}
}

// GStreamer: test_time_level (tests/check/elements/queue.c).
func TestQueueTimeLevel(t *testing.T) {
	f := newQueueFixture(t)
	f.q.ConnectOverrun(func(*Queue) {
		f.overrun.Add(1)
		f.linkSink()
		f.unblockSrc()
	})
	f.set("max-size-buffers", uint(6))
	f.set("max-size-time", uint64(7*gst.Second))
	f.blockSrc()
	f.play()
	f.waitUnderruns(1)
	f.startStream(gst.FormatBytes)
	steps := []struct {
		pts, dur gst.ClockTime
		want     gst.ClockTime
	}{
		{gst.Second, gst.ClockTimeNone, 0},
		{2 * gst.Second, gst.ClockTimeNone, gst.Second},
		{3 * gst.Second, gst.Second, 3 * gst.Second},
		{5 * gst.Second, gst.Second, 5 * gst.Second},
		{5 * gst.Second, gst.Second, 5 * gst.Second},
		{7 * gst.Second, gst.ClockTimeNone, 6 * gst.Second},
	}
	for i, s := range steps {
		f.src.Push(queueTimedBuffer(s.pts, s.dur))
		if got := f.levelTime(); got != s.want {
			t.Fatalf("push %d: current-level-time %v, want %v", i+1, got, s.want)
		}
	}
	if f.overrun.Load() != 0 {
		t.Fatal("overrun too early")
	}
	f.src.Push(queueTimedBuffer(8*gst.Second, gst.ClockTimeNone))
	if n := f.overrun.Load(); n != 1 {
		t.Fatalf("overruns %d, want 1", n)
	}
	f.null()
}

// GStreamer: test_time_level_task_not_started (tests/check/elements/queue.c).
func TestQueueTimeLevelTaskNotStarted(t *testing.T) {
	f := newQueueFixture(t)
	f.blockSrc()
	f.play()
	f.waitUnderruns(1)
	f.src.PushEvent(gst.NewStreamStartEvent("test"))
	seg := gst.NewSegment(gst.FormatTime)
	seg.Start, seg.Stop, seg.Time, seg.Position = uint64(gst.Second), uint64(5*gst.Second), 0, uint64(gst.Second)
	f.src.PushEvent(gst.NewSegmentEvent(seg))
	if lt := f.levelTime(); lt != 0 {
		t.Fatalf("level %v, want 0", lt)
	}
	seg.Base = uint64(4 * gst.Second)
	f.src.PushEvent(gst.NewSegmentEvent(seg))
	if lt := f.levelTime(); lt != 0 {
		t.Fatalf("level %v, want 0", lt)
	}
	f.unblockSrc()
	f.null()
}

// GStreamer: test_sticky_not_linked (tests/check/elements/queue.c).
func TestQueueStickyNotLinked(t *testing.T) {
	f := newQueueFixture(t)
	f.set("max-size-buffers", uint(1))
	f.play()
	f.waitUnderruns(1)
	f.src.PushEvent(gst.NewStreamStartEvent("test"))
	seg := gst.NewSegment(gst.FormatTime)
	seg.Start, seg.Stop, seg.Position = uint64(gst.Second), uint64(5*gst.Second), uint64(gst.Second)
	if !f.src.PushEvent(gst.NewSegmentEvent(seg)) {
		t.Fatal("segment refused")
	}
	// the first buffers may be accepted until the task sees NOT_LINKED
	deadline := time.Now().Add(queueTimeout)
	for {
		err := f.src.Push(gst.NewBuffer())
		if errors.Is(err, gst.ErrNotLinked) {
			break
		}
		if err != nil {
			t.Fatalf("push: %v", err)
		}
		if time.Now().After(deadline) {
			t.Fatal("never got not-linked")
		}
	}
	if !f.src.PushEvent(gst.NewSegmentEvent(seg)) {
		t.Fatal("sticky segment refused while not linked")
	}
	// the pending sticky event must not turn the push into an ERROR
	if err := f.src.Push(gst.NewBuffer()); !errors.Is(err, gst.ErrNotLinked) {
		t.Fatalf("push = %v, want not-linked", err)
	}
	f.null()
}

// GStreamer: test_serialized_query_with_threshold (tests/check/elements/queue.c).
func TestQueueSerializedQueryWithThreshold(t *testing.T) {
	f := newQueueFixture(t)
	f.linkSink()
	f.set("min-threshold-buffers", uint(10))
	f.play()
	f.startStream(gst.FormatBytes)
	f.src.Push(gst.NewBuffer())
	// the query sits behind data below the threshold: it must not block
	done := make(chan bool, 1)
	go func() { done <- f.src.PeerQuery(gst.NewDrainQuery()) }()
	select {
	case ok := <-done:
		if !ok {
			t.Error("drain query failed")
		}
	case <-time.After(queueTimeout):
		t.Fatal("drain query blocked")
	}
	f.null()
}

// GStreamer: test_state_change_when_flushing (tests/check/elements/queue.c).
func TestQueueStateChangeWhenFlushing(t *testing.T) {
	f := newQueueFixture(t)
	f.linkSink()
	if r := f.q.SetState(gst.StatePaused); r != gst.StateChangeSuccess {
		t.Fatalf("PAUSED: %v", r)
	}
	f.src.PushEvent(gst.NewFlushStartEvent())
	done := make(chan struct{})
	go func() {
		f.src.PushEvent(gst.NewFlushStopEvent(true))
		close(done)
	}()
	if r := f.q.SetState(gst.StateReady); r != gst.StateChangeSuccess {
		t.Fatalf("READY: %v", r)
	}
	<-done
	f.null()
}

// GStreamer: test_time_level_buffer_list (tests/check/elements/queue.c).
func TestQueueTimeLevelBufferList(t *testing.T) {
	f := newQueueFixture(t)
	f.q.ConnectOverrun(func(*Queue) {
		f.overrun.Add(1)
		f.linkSink()
		f.unblockSrc()
	})
	f.set("max-size-buffers", uint(11))
	f.set("max-size-time", uint64(7000*gst.Millisecond))
	f.blockSrc()
	f.play()
	f.waitUnderruns(1)
	f.startStream(gst.FormatBytes)
	ms := gst.Millisecond
	none := gst.ClockTimeNone
	type tb struct{ pts, dur gst.ClockTime }
	steps := []struct {
		list    bool
		bufs    []tb
		time    gst.ClockTime
		buffers uint
	}{
		{false, []tb{{1000 * ms, none}}, 0, 1},
		{true, []tb{{1500 * ms, none}, {2000 * ms, none}}, 1000 * ms, 3},
		{true, []tb{{3000 * ms, 500 * ms}, {3500 * ms, 500 * ms}}, 3000 * ms, 5},
		{true, []tb{{5000 * ms, 1000 * ms}}, 5000 * ms, 6},
		{true, []tb{{5000 * ms, 250 * ms}, {5250 * ms, 250 * ms}, {5500 * ms, 250 * ms}, {5750 * ms, 250 * ms}}, 5000 * ms, 10},
		{false, []tb{{7000 * ms, none}}, 6000 * ms, 11},
	}
	for i, s := range steps {
		if s.list {
			l := gst.NewBufferList()
			for _, b := range s.bufs {
				l.Add(queueTimedBuffer(b.pts, b.dur))
			}
			f.src.PushList(l)
		} else {
			f.src.Push(queueTimedBuffer(s.bufs[0].pts, s.bufs[0].dur))
		}
		if got := f.levelTime(); got != s.time {
			t.Fatalf("push %d: level time %v, want %v", i+1, got, s.time)
		}
		if got := f.levelBuffers(); got != s.buffers {
			t.Fatalf("push %d: level buffers %d, want %d", i+1, got, s.buffers)
		}
	}
	if f.overrun.Load() != 0 {
		t.Fatal("overrun too early")
	}
	l := gst.NewBufferList()
	l.Add(queueTimedBuffer(8000*ms, none))
	f.src.PushList(l)
	if n := f.overrun.Load(); n != 1 {
		t.Fatalf("overruns %d, want 1", n)
	}
	f.null()
}

// GStreamer: test_initial_events_nodelay (tests/check/elements/queue.c).
func TestQueueInitialEventsNoDelay(t *testing.T) {
	f := newQueueFixture(t)
	c := f.linkSink()
	f.play()
	f.src.PushEvent(gst.NewStreamStartEvent("test"))
	if !f.src.PushEvent(gst.NewCapsEvent(gst.MustParseCaps("foo/x-bar"))) {
		t.Fatal("caps refused")
	}
	if !f.src.PushEvent(gst.NewSegmentEvent(gst.NewSegment(gst.FormatTime))) {
		t.Fatal("segment refused")
	}
	c.waitFor(t, "3 events", func() bool { return len(c.events) >= 3 })
	c.mu.Lock()
	evs := append([]gst.Event(nil), c.events...)
	c.mu.Unlock()
	want := []gst.EventType{gst.EventStreamStart, gst.EventCaps, gst.EventSegment}
	if len(evs) != 3 {
		t.Fatalf("%d events, want 3", len(evs))
	}
	for i, w := range want {
		if evs[i].Type() != w {
			t.Errorf("event %d: %v, want %v", i, evs[i].Type(), w)
		}
	}
	f.null()
}

// GStreamer: test_time_level_before_output (tests/check/elements/queue.c).
func TestQueueTimeLevelBeforeOutput(t *testing.T) {
	f := newQueueFixture(t)
	f.q.ConnectOverrun(func(*Queue) { f.overrun.Add(1) })
	f.set("max-size-time", uint64(5*gst.Second))
	f.set("leaky", QueueLeakDownstream)
	f.blockSrc()
	f.play()
	f.waitUnderruns(1)
	f.startStream(gst.FormatBytes)
	f.counts(0, 1)
	f.src.Push(queueTimedBuffer(25*gst.Second, gst.Second))
	if lt := f.levelTime(); lt != gst.Second {
		t.Fatalf("level %v, want 1s", lt)
	}
	f.counts(0, 1)
	f.src.Push(gst.NewBufferAllocate(4))
	// no timestamp: the level does not change and nothing overruns
	if lt := f.levelTime(); lt != gst.Second {
		t.Fatalf("level %v, want 1s", lt)
	}
	f.counts(0, 1)
	f.unblockSrc()
	f.null()
}

// The latency query adds max-size-time to the maximum (no leak), takes the
// larger of both when leaky, and adds min-threshold-time to the minimum.
//
// GStreamer: gst_queue_handle_src_query (plugins/elements/gstqueue.c).
func TestQueueLatencyQuery(t *testing.T) {
	for _, tc := range []struct {
		name             string
		maxTime, minThr  gst.ClockTime
		leaky            int
		upMin, upMax     gst.ClockTime
		wantMin, wantMax gst.ClockTime
	}{
		{"no-leak", gst.Second, 0, QueueNoLeak, 10, 100, 10, gst.Second + 100},
		{"no-leak-unbounded", gst.Second, 0, QueueNoLeak, 10, gst.ClockTimeNone, 10, gst.ClockTimeNone},
		{"leaky", gst.Second, 0, QueueLeakDownstream, 10, 100, 10, gst.Second},
		{"no-time-limit", 0, 0, QueueNoLeak, 10, 100, 10, gst.ClockTimeNone},
		{"min-threshold", gst.Second, 5, QueueNoLeak, 10, 100, 15, gst.Second + 100},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newQueueFixture(t)
			f.src.SetQueryFunc(func(_ *gst.Pad, q gst.Query) bool {
				if lq, ok := q.(*gst.LatencyQuery); ok {
					lq.Live, lq.Min, lq.Max = true, tc.upMin, tc.upMax
					return true
				}
				return false
			})
			f.set("max-size-time", uint64(tc.maxTime))
			f.set("min-threshold-time", uint64(tc.minThr))
			f.set("leaky", tc.leaky)
			q := gst.NewLatencyQuery()
			if !f.q.StaticPad("src").Query(q) {
				t.Fatal("latency query failed")
			}
			if !q.Live || q.Min != tc.wantMin || q.Max != tc.wantMax {
				t.Fatalf("latency live=%v min=%v max=%v, want min=%v max=%v", q.Live, q.Min, q.Max, tc.wantMin, tc.wantMax)
			}
		})
	}
}

// A serialized query travels behind the queued data, in order.
func TestQueueSerializedQueryOrder(t *testing.T) {
	f := newQueueFixture(t)
	c := f.linkSink()
	var seen atomic.Int32
	c.pad.SetQueryFunc(func(_ *gst.Pad, q gst.Query) bool {
		if _, ok := q.(*gst.AllocationQuery); ok {
			c.mu.Lock()
			seen.Store(int32(len(c.buffers)))
			c.mu.Unlock()
			return true
		}
		return false
	})
	f.play()
	f.startStream(gst.FormatTime)
	for i := 0; i < 5; i++ {
		f.src.Push(gst.NewBuffer())
	}
	if !f.src.PeerQuery(gst.NewAllocationQuery(nil, false)) {
		t.Fatal("allocation query failed")
	}
	if n := seen.Load(); n != 5 {
		t.Fatalf("query overtook data: %d buffers before it, want 5", n)
	}
	f.null()
}

// EOS is forwarded after the data; more data is then refused with EOS.
func TestQueueEOS(t *testing.T) {
	f := newQueueFixture(t)
	c := f.linkSink()
	f.play()
	f.startStream(gst.FormatTime)
	f.src.Push(gst.NewBuffer())
	if !f.src.PushEvent(gst.NewEOSEvent()) {
		t.Fatal("EOS refused")
	}
	c.waitFor(t, "EOS", func() bool {
		return len(c.events) > 0 && c.events[len(c.events)-1].Type() == gst.EventEOS
	})
	c.mu.Lock()
	nb := len(c.buffers)
	c.mu.Unlock()
	if nb != 1 {
		t.Fatalf("%d buffers before EOS, want 1", nb)
	}
	f.null()
}

// Flushing drops the queued data and restarts the task.
func TestQueueFlush(t *testing.T) {
	f := newQueueFixture(t)
	f.blockSrc()
	c := f.linkSink()
	f.play()
	f.startStream(gst.FormatTime)
	for i := 0; i < 3; i++ {
		f.src.Push(gst.NewBuffer())
	}
	f.src.PushEvent(gst.NewFlushStartEvent())
	if err := f.src.Push(gst.NewBuffer()); err == nil {
		// the source pad itself is flushing after flush-start
		t.Fatal("push accepted while flushing")
	}
	f.unblockSrc()
	f.src.PushEvent(gst.NewFlushStopEvent(true))
	if n := f.levelBuffers(); n != 0 {
		t.Fatalf("%d buffers left after flush", n)
	}
	f.src.PushEvent(gst.NewSegmentEvent(gst.NewSegment(gst.FormatTime)))
	b := gst.NewBuffer()
	f.src.Push(b)
	c.waitFor(t, "buffer after flush", func() bool { return len(c.buffers) > 0 })
	c.mu.Lock()
	got := c.buffers
	c.mu.Unlock()
	// at most the buffer blocked in the probe at flush time got through
	if got[len(got)-1] != b {
		t.Fatal("last buffer is not the one pushed after the flush")
	}
	f.null()
}

func TestQueueProperties(t *testing.T) {
	f := newQueueFixture(t)
	for _, tc := range []struct{ name, val string }{
		{"max-size-buffers", "200"}, {"max-size-bytes", "10485760"}, {"max-size-time", "1000000000"},
		{"min-threshold-buffers", "0"}, {"leaky", "no"}, {"silent", "false"}, {"flush-on-eos", "false"},
		{"current-level-buffers", "0"},
	} {
		if s, err := f.q.GetString(tc.name); err != nil || s != tc.val {
			t.Errorf("%s = %q, %v; want %q", tc.name, s, err, tc.val)
		}
	}
	if err := f.q.SetString("leaky", "downstream"); err != nil {
		t.Fatal(err)
	}
	if s, _ := f.q.GetString("leaky"); s != "downstream" {
		t.Errorf("leaky = %q", s)
	}
	if err := f.q.Set("current-level-buffers", uint(3)); err == nil {
		t.Error("read-only current-level-buffers accepted a value")
	}
}

// queueRegisterOnce registers this file set's classes (queue, tee, valve,
// funnel) in the default registry for gsttest.CheckElement and harnesses;
// classes already registered (by another test of the package) are kept.
var queueRegisterOnce sync.Once

func queueRegisterDefault(t *testing.T) {
	t.Helper()
	queueRegisterOnce.Do(func() {
		r := gst.DefaultRegistry()
		for _, c := range []*gst.ElementClass{QueueClass, TeeClass, ValveClass, FunnelClass} {
			if r.Lookup(c.Name) == nil {
				if err := r.Register(c); err != nil {
					t.Errorf("register %s: %v", c.Name, err)
				}
			}
		}
	})
}

func TestQueueCheckElement(t *testing.T) {
	queueRegisterDefault(t)
	for _, name := range []string{"queue", "tee", "valve", "funnel"} {
		t.Run(name, func(t *testing.T) { gsttest.CheckElement(t, name) })
	}
}
