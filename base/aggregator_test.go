package base_test

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gstmini/gstmini/base"
	"github.com/gstmini/gstmini/gst"
	"github.com/gstmini/gstmini/gsttest"
)

// testAgg is the "testaggregator" of tests/check/libs/aggregator.c: N
// request sink pads, one output buffer of 100 ms per aggregate.
type testAgg struct {
	base.Aggregator
	timestamp          gst.ClockTime
	gapExpected        atomic.Bool
	gapErr             chan error
	flushOnAggregate   bool
	removeOnAggregate  bool
	passthroughOnePad  bool // benchmark: push the popped buffer of pad 0
	aggregated         atomic.Int64
	flushPopMismatches atomic.Int64
}

const testAggBufferDuration = 100 * gst.Millisecond

var (
	aggSrcTmpl  = gst.MustNewPadTemplate("src", gst.PadSrc, gst.PadAlways, gst.NewCapsAny())
	aggSinkTmpl = gst.MustNewPadTemplate("sink_%u", gst.PadSink, gst.PadRequest, gst.NewCapsAny())

	testAggClass = &gst.ElementClass{
		Name:         "testaggregator",
		Metadata:     gst.ElementMetadata{LongName: "Aggregator", Klass: "Testing", Description: "Combine N buffers", Author: "Stefan Sauer <ensonic@users.sf.net>"},
		PadTemplates: []*gst.PadTemplate{aggSrcTmpl, aggSinkTmpl},
		Properties:   base.AggregatorProperties(),
		New:          func() gst.Element { return &testAgg{} },
	}
)

func (a *testAgg) NextTime() gst.ClockTime { return a.SimpleNextTime() }

func (a *testAgg) Aggregate(timeout bool) error {
	allEOS := true
	var first *gst.Buffer
	for i, pad := range a.AggregatorPads() {
		if !pad.IsEOS() {
			allEOS = false
		}
		if a.gapExpected.Load() {
			buf := pad.PeekBuffer()
			var err error
			switch {
			case buf == nil:
				err = fmt.Errorf("no GAP buffer")
			case buf.PTS != 0 || buf.Duration != 5*gst.Second:
				err = fmt.Errorf("GAP buffer pts %v duration %v", buf.PTS, buf.Duration)
			case !buf.HasFlags(gst.BufferFlagGap | gst.BufferFlagDroppable):
				err = fmt.Errorf("GAP buffer flags %v", buf.Flags)
			}
			if buf != nil {
				buf.Unref()
			}
			a.gapExpected.Store(false)
			a.gapErr <- err
		}
		switch {
		case a.flushOnAggregate:
			buf := pad.PeekBuffer()
			pad.SendEvent(gst.NewFlushStartEvent())
			pad.SendEvent(gst.NewFlushStopEvent(false))
			popped := pad.PopBuffer()
			if buf != popped {
				a.flushPopMismatches.Add(1)
			}
			if buf != nil {
				buf.Unref()
			}
			if popped != nil {
				popped.Unref()
			}
		case a.removeOnAggregate:
			if buf := pad.PeekBuffer(); buf != nil {
				buf.Unref()
			}
			a.ReleaseRequestPad(&pad.Pad)
		case a.passthroughOnePad && i == 0:
			first = pad.PopBuffer()
		default:
			pad.DropBuffer()
		}
	}
	if !a.ForceLive() && allEOS {
		return gst.ErrEOS
	}
	a.aggregated.Add(1)
	if first != nil {
		return a.FinishBuffer(first)
	}
	buf := gst.NewBuffer()
	buf.PTS = a.timestamp
	buf.Duration = testAggBufferDuration
	a.timestamp += testAggBufferDuration
	_ = a.FinishBuffer(buf)
	return nil
}

// aggFixture is TestData + ChainData of aggregator.c: an aggregator in
// PLAYING whose src pad is linked to a sink pad recording what comes out.
type aggFixture struct {
	t    testing.TB
	agg  *testAgg
	out  *gst.Pad
	bufs chan *gst.Buffer

	mu         sync.Mutex
	events     []gst.Event
	eos        chan struct{}
	flushStart atomic.Int32
	flushStop  atomic.Int32
}

func newAggFixture(t testing.TB, setup func(a *testAgg)) *aggFixture {
	t.Helper()
	f := &aggFixture{t: t, bufs: make(chan *gst.Buffer, 1024), eos: make(chan struct{}, 16)}
	f.agg = newElement[*testAgg](t, testAggClass, "")
	f.agg.gapErr = make(chan error, 1)
	if setup != nil {
		setup(f.agg)
	}
	f.out = gst.NewPad("sink", gst.PadSink)
	f.out.SetChainFunc(func(_ *gst.Pad, b *gst.Buffer) error {
		select {
		case f.bufs <- b:
		default:
			b.Unref()
		}
		return nil
	})
	f.out.SetEventFunc(func(_ *gst.Pad, ev gst.Event) bool {
		f.mu.Lock()
		f.events = append(f.events, ev)
		f.mu.Unlock()
		switch ev.(type) {
		case *gst.FlushStartEvent:
			f.flushStart.Add(1)
		case *gst.FlushStopEvent:
			f.flushStop.Add(1)
		case *gst.EOSEvent:
			f.eos <- struct{}{}
		}
		return true
	})
	if r := f.agg.SrcPad().Link(f.out); r != gst.PadLinkOK {
		t.Fatalf("link: %v", r)
	}
	f.out.SetActive(true)
	t.Cleanup(func() {
		f.agg.SetState(gst.StateNull)
		for {
			select {
			case b := <-f.bufs:
				b.Unref()
			default:
				return
			}
		}
	})
	return f
}

func (f *aggFixture) play() {
	f.t.Helper()
	if r := f.agg.SetState(gst.StatePlaying); r == gst.StateChangeFailure {
		f.t.Fatal("PLAYING failed")
	}
}

// input is a ChainData: a src pad linked to a requested sink pad.
func (f *aggFixture) input(name string) (*gst.Pad, *gst.Pad) {
	f.t.Helper()
	sink := f.agg.RequestPadSimple("sink_%u")
	if sink == nil {
		f.t.Fatal("no sink pad")
	}
	src := gst.NewPad(name, gst.PadSrc)
	src.SetActive(true)
	if r := src.Link(sink); r != gst.PadLinkOK {
		f.t.Fatalf("link: %v", r)
	}
	return src, sink
}

// startFlow is start_flow: stream-start, caps foo/x-bar, TIME segment.
func startFlow(src *gst.Pad) {
	src.PushEvent(gst.NewStreamStartEvent("test"))
	src.PushEvent(gst.NewCapsEvent(gst.MustParseCaps("foo/x-bar")))
	src.PushEvent(gst.NewSegmentEvent(gst.NewSegment(gst.FormatTime)))
}

func (f *aggFixture) pull() *gst.Buffer {
	f.t.Helper()
	select {
	case b := <-f.bufs:
		return b
	case <-time.After(10 * time.Second):
		f.t.Fatal("no buffer found on aggregator src pad: timeout")
		return nil
	}
}

func (f *aggFixture) waitEOS() {
	f.t.Helper()
	select {
	case <-f.eos:
	case <-time.After(10 * time.Second):
		f.t.Fatal("no EOS on aggregator src pad: timeout")
	}
}

// pushAsync runs fn in a goroutine; the returned channel gets its result.
func pushAsync(fn func() error) chan error {
	ch := make(chan error, 1)
	go func() { ch <- fn() }()
	return ch
}

func wantFlow(t *testing.T, ch chan error, want error) {
	t.Helper()
	select {
	case err := <-ch:
		if err != want {
			t.Errorf("push returned %v, want %v", err, want)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("push did not return")
	}
}

// test_aggregate, test_aggregate_eos, test_aggregate_handle_events,
// test_aggregate_handle_queries, test_flush_on_aggregate,
// test_remove_pad_on_aggregate: two inputs produce one output buffer.
func TestAggregatorTwoInputs(t *testing.T) {
	cases := []struct {
		name   string
		setup  func(a *testAgg)
		first  func(src *gst.Pad) error
		second func(src *gst.Pad) error
	}{
		{"aggregate", nil, pushBuf, pushBuf},
		{"eos", nil, pushBuf, func(src *gst.Pad) error { src.PushEvent(gst.NewEOSEvent()); return nil }},
		{"handle_events", nil, func(src *gst.Pad) error {
			if !src.PushEvent(gst.NewTagEvent(gst.NewTagList())) {
				return fmt.Errorf("tag event refused")
			}
			return pushBuf(src)
		}, pushBuf},
		{"handle_queries", nil, func(src *gst.Pad) error {
			src.PeerQuery(gst.NewAllocationQuery(gst.MustParseCaps("foo/x-bar"), false))
			return pushBuf(src)
		}, pushBuf},
		{"flush_on_aggregate", func(a *testAgg) { a.flushOnAggregate = true }, pushBuf, pushBuf},
		{"remove_pad_on_aggregate", func(a *testAgg) { a.removeOnAggregate = true }, pushBuf, pushBuf},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newAggFixture(t, c.setup)
			f.play()
			src1, _ := f.input("src0")
			src2, _ := f.input("src1")
			r1 := pushAsync(func() error { startFlow(src1); return c.first(src1) })
			r2 := pushAsync(func() error { startFlow(src2); return c.second(src2) })
			b := f.pull()
			if b.PTS != 0 || b.Duration != testAggBufferDuration {
				t.Errorf("output pts %v duration %v", b.PTS, b.Duration)
			}
			b.Unref()
			// unblock pushers that wait for room
			f.agg.SetState(gst.StateNull)
			<-r1
			<-r2
			if n := f.agg.flushPopMismatches.Load(); n != 0 {
				t.Errorf("peeked and popped buffers differ %d times after a flush", n)
			}
		})
	}
}

func pushBuf(src *gst.Pad) error { return src.Push(gst.NewBuffer()) }

// test_aggregate_gap: a GAP event becomes a GAP|DROPPABLE buffer.
func TestAggregatorGap(t *testing.T) {
	f := newAggFixture(t, nil)
	f.play()
	src, _ := f.input("src0")
	startFlow(src)
	f.agg.gapExpected.Store(true)
	if !src.PushEvent(gst.NewGapEvent(0, 5*gst.Second)) {
		t.Fatal("GAP event refused")
	}
	f.pull().Unref()
	if err := <-f.agg.gapErr; err != nil {
		t.Error(err)
	}
}

// Single pad, several buffers then EOS: one output per input, then EOS
// (test_linear_pipeline with num-buffers=3), with data still queued when
// EOS arrives.
func TestAggregatorSinglePadEOSWithPendingData(t *testing.T) {
	f := newAggFixture(t, nil)
	f.play()
	src, _ := f.input("src0")
	res := pushAsync(func() error {
		startFlow(src)
		for i := 0; i < 3; i++ {
			b := gst.NewBuffer()
			b.PTS = gst.ClockTime(i) * testAggBufferDuration
			if err := src.Push(b); err != nil {
				return err
			}
		}
		src.PushEvent(gst.NewEOSEvent())
		return nil
	})
	for i := 0; i < 3; i++ {
		b := f.pull()
		if want := gst.ClockTime(i) * testAggBufferDuration; b.PTS != want {
			t.Errorf("buffer %d pts %v, want %v", i, b.PTS, want)
		}
		b.Unref()
	}
	f.waitEOS()
	wantFlow(t, res, nil)
	if n := len(f.bufs); n != 0 {
		t.Errorf("%d extra buffers", n)
	}
	// sticky events order: stream-start, caps? (ANY downstream: none), segment, then EOS
	f.mu.Lock()
	var types []gst.EventType
	for _, ev := range f.events {
		types = append(types, ev.Type())
	}
	f.mu.Unlock()
	want := []gst.EventType{gst.EventStreamStart, gst.EventSegment, gst.EventEOS}
	if fmt.Sprint(types) != fmt.Sprint(want) {
		t.Errorf("events %v, want %v", types, want)
	}
}

// test_two_src_pipeline: 3 and 4 buffers → 4 outputs, then EOS.
func TestAggregatorTwoSourcesToEOS(t *testing.T) {
	f := newAggFixture(t, nil)
	f.play()
	src1, _ := f.input("src0")
	src2, _ := f.input("src1")
	feed := func(src *gst.Pad, n int) func() error {
		return func() error {
			startFlow(src)
			for i := 0; i < n; i++ {
				if err := src.Push(gst.NewBuffer()); err != nil {
					return err
				}
			}
			src.PushEvent(gst.NewEOSEvent())
			return nil
		}
	}
	r1 := pushAsync(feed(src1, 3))
	r2 := pushAsync(feed(src2, 4))
	for i := 0; i < 4; i++ {
		f.pull().Unref()
	}
	f.waitEOS()
	wantFlow(t, r1, nil)
	wantFlow(t, r2, nil)
	if n := len(f.bufs); n != 0 {
		t.Errorf("%d extra buffers", n)
	}
}

// test_flushing_seek: FLUSH_START is sent downstream once at the seek,
// FLUSH_STOP once every pad got its FLUSH_STOP with the seek's seqnum.
func TestAggregatorFlushingSeek(t *testing.T) {
	f := newAggFixture(t, nil)
	f.play()
	src1, _ := f.input("src0")
	src2, _ := f.input("src1")
	startFlow(src1)
	startFlow(src2)

	seek := gst.NewSeekEvent(1, gst.FormatTime, gst.SeekFlagFlush, gst.SeekTypeSet, 0, gst.SeekTypeSet, int64(10*gst.Second))
	seqnum := seek.Seqnum()
	if !f.agg.SrcPad().SendEvent(seek) {
		t.Fatal("seek failed")
	}
	check := func(start, stop int32) {
		t.Helper()
		if a, b := f.flushStart.Load(), f.flushStop.Load(); a != start || b != stop {
			t.Fatalf("flush start/stop = %d/%d, want %d/%d", a, b, start, stop)
		}
	}
	check(1, 0)

	fs := gst.NewFlushStartEvent()
	fs.SetSeqnum(seqnum)
	if !src2.PushEvent(fs) {
		t.Fatal("flush-start refused")
	}
	check(1, 0)
	// this buffer is flushed
	r2 := pushAsync(func() error {
		b := gst.NewBuffer()
		b.PTS = 0
		return src2.Push(b)
	})
	fs = gst.NewFlushStartEvent()
	fs.SetSeqnum(seqnum)
	if !src1.PushEvent(fs) {
		t.Fatal("flush-start refused")
	}
	check(1, 0)
	stop := gst.NewFlushStopEvent(true)
	stop.SetSeqnum(seqnum)
	if !src1.PushEvent(stop) {
		t.Fatal("flush-stop refused")
	}
	check(1, 0)
	wantFlow(t, r2, gst.ErrFlushing)

	r1 := pushAsync(func() error {
		src1.PushEvent(gst.NewSegmentEvent(gst.NewSegment(gst.FormatTime)))
		return pushBuf(src1)
	})
	stop = gst.NewFlushStopEvent(true)
	stop.SetSeqnum(seqnum)
	src2.PushEvent(stop)
	r2 = pushAsync(func() error {
		src2.PushEvent(gst.NewSegmentEvent(gst.NewSegment(gst.FormatTime)))
		src2.PushEvent(gst.NewEOSEvent())
		return nil
	})
	f.pull().Unref()
	check(1, 1)
	// the FLUSH_STOP downstream carries the seek's seqnum
	f.mu.Lock()
	for _, ev := range f.events {
		if _, ok := ev.(*gst.FlushStopEvent); ok && ev.Seqnum() != seqnum {
			t.Errorf("flush-stop seqnum %d, want %d", ev.Seqnum(), seqnum)
		}
	}
	f.mu.Unlock()
	f.agg.SetState(gst.StateNull)
	<-r1
	<-r2
}

// Request pads are named sink_0, sink_1..., and a released pad no longer
// blocks aggregation.
func TestAggregatorRequestPadRelease(t *testing.T) {
	f := newAggFixture(t, nil)
	f.play()
	src1, sink1 := f.input("src0")
	_, sink2 := f.input("src1")
	if sink1.Name() != "sink_0" || sink2.Name() != "sink_1" {
		t.Fatalf("pad names %s %s", sink1.Name(), sink2.Name())
	}
	if p := f.agg.RequestPadSimple("sink_7"); p == nil || p.Name() != "sink_7" {
		t.Fatalf("sink_7: %v", p)
	} else {
		f.agg.ReleaseRequestPad(p)
	}
	if p := f.agg.RequestPadSimple("sink_%u"); p == nil || p.Name() != "sink_8" {
		t.Fatalf("next pad: %v", p)
	} else {
		f.agg.ReleaseRequestPad(p)
	}
	r := pushAsync(func() error { startFlow(src1); return pushBuf(src1) })
	select {
	case b := <-f.bufs:
		b.Unref()
		t.Fatal("aggregated while sink_1 has no data")
	case <-time.After(50 * time.Millisecond):
	}
	f.agg.ReleaseRequestPad(sink2)
	if got := len(f.agg.AggregatorPads()); got != 1 {
		t.Errorf("%d pads after release", got)
	}
	f.pull().Unref()
	wantFlow(t, r, nil)
}

// latencySrc is an upstream pad answering latency queries.
func latencySrc(name string, live bool, min, max gst.ClockTime) *gst.Pad {
	p := gst.NewPad(name, gst.PadSrc)
	p.SetQueryFunc(func(pad *gst.Pad, q gst.Query) bool {
		if lq, ok := q.(*gst.LatencyQuery); ok {
			lq.Live, lq.Min, lq.Max = live, min, max
			return true
		}
		return pad.QueryDefault(q)
	})
	p.SetActive(true)
	return p
}

// The LATENCY query adds the latency property and SetLatency to the
// upstream latency (live min = max of mins, max = min of maxs), and
// min-upstream-latency raises the upstream minimum.
func TestAggregatorLatencyQuery(t *testing.T) {
	cases := []struct {
		name                 string
		latency, minUpstream gst.ClockTime
		subMin, subMax       gst.ClockTime
		wantLive             bool
		wantMin, wantMax     gst.ClockTime
	}{
		{"upstream only", 0, 0, 0, 0, true, 20 * gst.Millisecond, 40 * gst.Millisecond},
		{"latency property", 5 * gst.Millisecond, 0, 0, 0, true, 25 * gst.Millisecond, 45 * gst.Millisecond},
		{"subclass latency", 5 * gst.Millisecond, 0, 1 * gst.Millisecond, 2 * gst.Millisecond, true, 26 * gst.Millisecond, 47 * gst.Millisecond},
		{"subclass unlimited max", 0, 0, 1 * gst.Millisecond, gst.ClockTimeNone, true, 21 * gst.Millisecond, gst.ClockTimeNone},
		{"min-upstream-latency", 0, 30 * gst.Millisecond, 0, 0, true, 30 * gst.Millisecond, 50 * gst.Millisecond},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newAggFixture(t, nil)
			f.agg.Set("latency", uint64(c.latency))
			f.agg.Set("min-upstream-latency", uint64(c.minUpstream))
			f.agg.SetLatency(c.subMin, c.subMax)
			for i, l := range []struct{ min, max gst.ClockTime }{{10 * gst.Millisecond, 40 * gst.Millisecond}, {20 * gst.Millisecond, 60 * gst.Millisecond}} {
				src := latencySrc(fmt.Sprint("src", i), true, l.min, l.max)
				sink := f.agg.RequestPadSimple("sink_%u")
				src.Link(sink)
			}
			q := gst.NewLatencyQuery()
			if !f.agg.SrcPad().Query(q) {
				t.Fatal("latency query failed")
			}
			if q.Live != c.wantLive || q.Min != c.wantMin || q.Max != c.wantMax {
				t.Errorf("latency live=%v min=%v max=%v, want %v %v %v", q.Live, q.Min, q.Max, c.wantLive, c.wantMin, c.wantMax)
			}
		})
	}
}

// test_force_live: no sink pad, force-live, latency 1 µs: the task waits
// on the clock until 1 µs and then aggregates on timeout.
func TestAggregatorForceLiveTimeout(t *testing.T) {
	f := newAggFixture(t, func(a *testAgg) { a.SetForceLive(true) })
	f.agg.Set("latency", uint64(gst.Microsecond))
	clock := gsttest.NewTestClock()
	f.agg.SetClock(clock)
	if r := f.agg.SetState(gst.StatePlaying); r != gst.StateChangeNoPreroll && r != gst.StateChangeSuccess {
		t.Fatalf("PLAYING: %v", r)
	}
	id := clock.WaitForNextPendingID()
	if id.Time() != gst.Microsecond {
		t.Errorf("waits until %v, want 1µs", id.Time())
	}
	clock.SetTime(id.Time())
	clock.ProcessID(id)
	b := f.pull()
	if b.PTS != 0 {
		t.Errorf("pts %v", b.PTS)
	}
	b.Unref()
}

// A live pad without data at start: the aggregator times out at
// start + latency and aggregates the pad that has data, deterministically
// with the test clock.
func TestAggregatorLiveTimeoutPadWithoutData(t *testing.T) {
	f := newAggFixture(t, nil)
	f.agg.Set("latency", uint64(10*gst.Millisecond))
	clock := gsttest.NewTestClock()
	f.agg.SetClock(clock)
	live1 := latencySrc("src0", true, 0, gst.ClockTimeNone)
	live2 := latencySrc("src1", true, 0, gst.ClockTimeNone)
	live1.Link(f.agg.RequestPadSimple("sink_%u"))
	live2.Link(f.agg.RequestPadSimple("sink_%u"))
	f.play()
	r := pushAsync(func() error {
		startFlow(live1)
		b := gst.NewBuffer()
		b.PTS = 0
		b.Duration = testAggBufferDuration
		return live1.Push(b)
	})
	wantFlow(t, r, nil)
	id := clock.WaitForNextPendingID()
	if id.Time() != 10*gst.Millisecond {
		t.Errorf("waits until %v, want 10ms (start 0 + latency)", id.Time())
	}
	select {
	case b := <-f.bufs:
		b.Unref()
		t.Fatal("aggregated before the timeout")
	default:
	}
	clock.SetTime(id.Time())
	clock.ProcessID(id)
	f.pull().Unref()
	if n := f.agg.AggregatorPads()[0].CurrentLevelBuffers(); n != 0 {
		t.Errorf("%d buffers left on the pad with data", n)
	}
}

// Pad queue: with latency a pad queues up to latency worth of data;
// CurrentLevelTime reports the queued running time.
func TestAggregatorPadTimeLevel(t *testing.T) {
	f := newAggFixture(t, nil)
	f.agg.Set("latency", uint64(250*gst.Millisecond))
	// two pads: the second never gets data, so nothing is aggregated
	src, sink := f.input("src0")
	f.input("src1")
	f.play()
	startFlow(src)
	// a serialized query returns once the task handled the events before it
	src.PeerQuery(gst.NewAllocationQuery(gst.MustParseCaps("foo/x-bar"), false))
	for i := 0; i < 3; i++ {
		b := gst.NewBuffer()
		b.PTS = gst.ClockTime(i) * testAggBufferDuration
		b.Duration = testAggBufferDuration
		if err := src.Push(b); err != nil {
			t.Fatal(err)
		}
	}
	p := f.agg.AggregatorPadOf(sink)
	if got := p.CurrentLevelTime(); got != 300*gst.Millisecond {
		t.Errorf("level %v, want 300ms", got)
	}
	if got := p.CurrentLevelBuffers(); got != 3 {
		t.Errorf("level %d buffers, want 3", got)
	}
	// a fourth buffer does not fit (300ms > 250ms): the push blocks until
	// the state change flushes the pad
	r := pushAsync(func() error { return src.Push(gst.NewBuffer()) })
	select {
	case err := <-r:
		t.Fatalf("push returned %v while the queue is full", err)
	case <-time.After(50 * time.Millisecond):
	}
	f.agg.SetState(gst.StateNull)
	wantFlow(t, r, gst.ErrFlushing)
}

func TestAggregatorProperties(t *testing.T) {
	a := newElement[*testAgg](t, testAggClass, "")
	for _, c := range []struct{ name, in, out string }{
		{"latency", "5000", "5000"},
		{"min-upstream-latency", "7", "7"},
		{"start-time-selection", "first", "first"},
		{"start-time-selection", "set", "set"},
		{"start-time", "100", "100"},
		{"emit-signals", "true", "true"},
	} {
		if err := a.SetString(c.name, c.in); err != nil {
			t.Fatalf("%s=%s: %v", c.name, c.in, err)
		}
		if got, err := a.GetString(c.name); err != nil || got != c.out {
			t.Errorf("%s = %q (%v), want %q", c.name, got, err, c.out)
		}
	}
	if v, _ := newElement[*testAgg](t, testAggClass, "").Get("start-time"); v != ^uint64(0) {
		t.Errorf("default start-time %v", v)
	}
}

func TestAggregatorCheckElement(t *testing.T) {
	r := gst.NewRegistry()
	if err := r.Register(testAggClass); err != nil {
		t.Fatal(err)
	}
	gsttest.CheckAllElements(t, r)
}

// Two pads → aggregator → sink: one output per pair of inputs.
func BenchmarkAggregatorTwoPads(b *testing.B) {
	f := newAggFixture(b, func(a *testAgg) { a.passthroughOnePad = true })
	src1 := latencySrc("src0", false, 0, gst.ClockTimeNone)
	src2 := latencySrc("src1", false, 0, gst.ClockTimeNone)
	src1.Link(f.agg.RequestPadSimple("sink_%u"))
	src2.Link(f.agg.RequestPadSimple("sink_%u"))
	done := make(chan struct{}, 1)
	var n atomic.Int64
	f.out.SetChainFunc(func(_ *gst.Pad, buf *gst.Buffer) error {
		buf.Unref()
		if n.Add(1) == int64(b.N) {
			done <- struct{}{}
		}
		return nil
	})
	f.play()
	startFlow(src1)
	startFlow(src2)
	bufs1 := make([]*gst.Buffer, b.N)
	bufs2 := make([]*gst.Buffer, b.N)
	for i := range bufs1 {
		bufs1[i], bufs2[i] = gst.NewBuffer(), gst.NewBuffer()
	}
	b.ReportAllocs()
	b.ResetTimer()
	var wg sync.WaitGroup
	wg.Add(2)
	for _, in := range []struct {
		p    *gst.Pad
		bufs []*gst.Buffer
	}{{src1, bufs1}, {src2, bufs2}} {
		go func() {
			defer wg.Done()
			for _, buf := range in.bufs {
				if err := in.p.Push(buf); err != nil {
					return
				}
			}
		}()
	}
	select {
	case <-done:
	case <-time.After(60 * time.Second):
		b.Fatalf("only %d of %d buffers", n.Load(), b.N)
	}
	b.StopTimer()
	f.agg.SetState(gst.StateNull)
	wg.Wait()
}
