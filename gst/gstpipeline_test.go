package gst_test

// Ports of GStreamer 1.22 tests/check/gst/gstpipeline.c.
//
// Not ported: test_get_bus (floating references only).

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/gstmini/gstmini/gst"
	"github.com/gstmini/gstmini/gsttest"
	"github.com/gstmini/gstmini/plugins/coreelements"
)

const msecond = gst.ClockTime(time.Millisecond)

// srcSinkPipeline is fakesrc ! fakesink in a new pipeline.
func srcSinkPipeline(t *testing.T, name string) (p *gst.Pipeline, src, sink gst.Element) {
	t.Helper()
	p = gst.NewPipeline(name)
	src = coreMake(t, coreelements.FakeSrcClass, "fakesrc")
	sink = coreMake(t, coreelements.FakeSinkClass, "fakesink")
	mustAdd(t, &p.Bin, src, sink)
	if err := gst.Link(src, sink); err != nil {
		t.Fatal(err)
	}
	return
}

func mustSet(t *testing.T, el gst.Element, props ...any) {
	t.Helper()
	for i := 0; i+1 < len(props); i += 2 {
		name := props[i].(string)
		var err error
		if s, ok := props[i+1].(string); ok {
			err = el.SetString(name, s)
		} else {
			err = el.Set(name, props[i+1])
		}
		if err != nil {
			t.Fatalf("%s: setting %s: %v", el.Name(), name, err)
		}
	}
}

// C: test_async_state_change_empty.
func TestGstPipelineAsyncStateChangeEmpty(t *testing.T) {
	p := gst.NewPipeline("")
	if ret := p.SetState(gst.StatePlaying); ret != gst.StateChangeSuccess {
		t.Fatalf("PLAYING = %v, want SUCCESS", ret)
	}
	p.SetState(gst.StateNull)
}

// C: test_async_state_change_fake_ready.
func TestGstPipelineAsyncStateChangeFakeReady(t *testing.T) {
	p, _, _ := srcSinkPipeline(t, "")
	if ret := p.SetState(gst.StateReady); ret != gst.StateChangeSuccess {
		t.Fatalf("READY = %v, want SUCCESS", ret)
	}
	p.SetState(gst.StateNull)
}

// C: test_async_state_change_fake.
func TestGstPipelineAsyncStateChangeFake(t *testing.T) {
	p, _, _ := srcSinkPipeline(t, "")
	bus := p.Bus()
	if ret := p.SetState(gst.StatePlaying); ret != gst.StateChangeAsync {
		t.Fatalf("PLAYING = %v, want ASYNC", ret)
	}
	for {
		msg := bus.Poll(gst.MessageStateChanged, forever)
		if msg == nil {
			t.Fatal("pipeline never reached PLAYING")
		}
		if msg.Src() == gst.Object(p) && msg.(*gst.StateChangedMessage).New == gst.StatePlaying {
			break
		}
	}
	if ret := p.SetState(gst.StateNull); ret != gst.StateChangeSuccess {
		t.Fatalf("NULL = %v, want SUCCESS", ret)
	}
}

// C: test_bus — a bus watch (here Bus.Messages) sees the pipeline reach
// PLAYING.
func TestGstPipelineBus(t *testing.T) {
	p, _, _ := srcSinkPipeline(t, "")
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	msgs := p.Bus().Messages(ctx)
	if ret := p.SetState(gst.StatePlaying); ret != gst.StateChangeAsync {
		t.Fatalf("PLAYING = %v, want ASYNC", ret)
	}
loop:
	for {
		select {
		case msg, ok := <-msgs:
			if !ok {
				t.Fatal("pipeline never reached PLAYING")
			}
			if sc, ok := msg.(*gst.StateChangedMessage); ok && msg.Src() == gst.Object(p) && sc.New == gst.StatePlaying {
				break loop
			}
		case <-ctx.Done():
			t.Fatal("pipeline never reached PLAYING")
		}
	}
	cancel()
	if ret := p.SetState(gst.StateNull); ret != gst.StateChangeSuccess {
		t.Fatalf("NULL = %v, want SUCCESS", ret)
	}
	if ret, cur, _ := p.State(gst.ClockTimeNone); ret != gst.StateChangeSuccess || cur != gst.StateNull {
		t.Fatalf("State() = %v %v, want SUCCESS NULL", ret, cur)
	}
}

// crankUntil cranks clock until its next pending entry is later than t.
func crankUntil(clock *gsttest.TestClock, t gst.ClockTime) {
	for {
		clock.WaitForNextPendingID()
		if clock.NextEntryTime() > t {
			return
		}
		clock.Crank()
	}
}

func position(t *testing.T, el gst.Element) int64 {
	t.Helper()
	pos, ok := el.(interface {
		QueryPosition(gst.Format) (int64, bool)
	}).QueryPosition(gst.FormatTime)
	if !ok {
		t.Fatalf("%s: position query failed", el.Name())
	}
	return pos
}

type timed interface {
	BaseTime() gst.ClockTime
	StartTime() gst.ClockTime
	SetStartTime(gst.ClockTime)
}

// C: test_base_time — base time and start time of a live pipeline on a
// test clock across PLAYING/PAUSED cycles.
func TestGstPipelineBaseTime(t *testing.T) {
	clock := gsttest.NewTestClock()
	clock.SetTime(100 * second)
	pipeline, fakesrc, fakesink := srcSinkPipeline(t, "pipeline")
	pipeline.UseClock(clock)
	mustSet(t, fakesrc, "is-live", true, "do-timestamp", true, "format", "time", "sizetype", "fixed", "sizemax", 4096, "datarate", 4096*100)
	mustSet(t, fakesink, "sync", true)
	if ret := pipeline.SetState(gst.StatePaused); ret != gst.StateChangeNoPreroll {
		t.Fatalf("PAUSED = %v, expected no-preroll from live pipeline", ret)
	}
	if st := pipeline.StartTime(); st != 0 {
		t.Fatalf("start time %v, want 0", st)
	}
	play := func() {
		t.Helper()
		pipeline.SetState(gst.StatePlaying)
		if ret, _, _ := pipeline.State(gst.ClockTimeNone); ret != gst.StateChangeSuccess {
			t.Fatalf("PLAYING: %v", ret)
		}
	}
	pause := func() {
		t.Helper()
		pipeline.SetState(gst.StatePaused)
		if ret, _, _ := pipeline.State(gst.ClockTimeNone); ret != gst.StateChangeNoPreroll {
			t.Fatalf("PAUSED: %v, want NO_PREROLL", ret)
		}
	}
	// the first: base time distributed, positions relative to it
	play()
	crankUntil(clock, 101*second)
	if base := pipeline.BaseTime(); base != 100*second {
		t.Errorf("base time %v, want 100s", base)
	}
	if pos := position(t, fakesink); pos != int64(1*second) {
		t.Errorf("position %v, want 1s", gst.ClockTime(pos))
	}
	crankUntil(clock, 102*second)
	pause()
	if st := pipeline.StartTime(); st != 2*second {
		t.Errorf("start time %v, want 2s", st)
	}
	if pos := position(t, fakesink); pos != int64(2*second) {
		t.Errorf("position %v, want 2s", gst.ClockTime(pos))
	}
	// the second: base time redistributed when going to PLAYING again
	clock.SetTime(200 * second)
	play()
	crankUntil(clock, 201*second)
	if base := pipeline.BaseTime(); base != 198*second {
		t.Errorf("base time %v, want 198s", base)
	}
	crankUntil(clock, 202*second)
	pause()
	if st := pipeline.StartTime(); st != 4*second {
		t.Errorf("start time %v, want 4s", st)
	}
	if pos := position(t, fakesink); pos != int64(4*second) {
		t.Errorf("position %v, want 4s", gst.ClockTime(pos))
	}
	// the third: start time NONE keeps the base time
	oldbase := pipeline.BaseTime()
	pipeline.SetStartTime(gst.ClockTimeNone)
	play()
	crankUntil(clock, 203*second)
	base := pipeline.BaseTime()
	crankUntil(clock, 204*second)
	pause()
	if st := pipeline.StartTime(); st != gst.ClockTimeNone {
		t.Errorf("stream time was reset to %v", st)
	}
	if base != oldbase {
		t.Errorf("base time was reset: %v, was %v", base, oldbase)
	}
	pipeline.SetState(gst.StateNull)
}

// C: test_concurrent_create — 30 pipelines built and played at once.
func TestGstPipelineConcurrentCreate(t *testing.T) {
	var wg sync.WaitGroup
	errs := make(chan error, 30)
	for range 30 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			src, err := coreelements.FakeSrcClass.Create("")
			if err != nil {
				errs <- err
				return
			}
			src.Set("num-buffers", 20)
			sink, err := coreelements.FakeSinkClass.Create("")
			if err != nil {
				errs <- err
				return
			}
			sink.Set("sync", true)
			p := gst.NewPipeline("")
			if err := p.Add(src, sink); err != nil {
				errs <- err
				return
			}
			if err := gst.Link(src, sink); err != nil {
				errs <- err
				return
			}
			p.SetState(gst.StatePlaying)
			// the C test sleeps 100 ms here; wait for the end of stream
			if msg := p.Bus().TimedPopFiltered(forever, gst.MessageEOS|gst.MessageError); msg == nil || msg.Type() != gst.MessageEOS {
				errs <- errors.New("no EOS")
			}
			if ret := p.SetState(gst.StateNull); ret != gst.StateChangeSuccess {
				errs <- errors.New("NULL failed")
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// C: test_pipeline_in_pipeline — a pipeline used as a bin inside a
// pipeline runs to EOS.
func TestGstPipelinePipelineInPipeline(t *testing.T) {
	pipeline := gst.NewPipeline("pipeline")
	bin := gst.NewPipeline("pipeline-as-bin")
	fakesrc := coreMake(t, coreelements.FakeSrcClass, "fakesrc")
	fakesink := coreMake(t, coreelements.FakeSinkClass, "fakesink")
	mustSet(t, fakesrc, "num-buffers", 100)
	mustAdd(t, &pipeline.Bin, bin)
	mustAdd(t, &bin.Bin, fakesrc, fakesink)
	if err := gst.Link(fakesrc, fakesink); err != nil {
		t.Fatal(err)
	}
	if ret := pipeline.SetState(gst.StatePlaying); ret != gst.StateChangeAsync {
		t.Fatalf("PLAYING = %v, want ASYNC", ret)
	}
	if msg := pipeline.Bus().TimedPopFiltered(forever, gst.MessageEOS); msg == nil {
		t.Fatal("no EOS")
	}
	pipeline.SetState(gst.StateNull)
}

// C: test_pipeline_reset_start_time — the start time follows the running
// time on PAUSED and is reset on READY.
func TestGstPipelinePipelineResetStartTime(t *testing.T) {
	clock := gsttest.NewTestClock()
	pipeline, fakesrc, fakesink := srcSinkPipeline(t, "pipeline")
	pipeline.UseClock(clock)
	mustSet(t, fakesrc, "do-timestamp", true, "format", "time", "sizetype", "fixed", "sizemax", 4096, "datarate", 4096*100)
	mustSet(t, fakesink, "sync", true)
	sinkTimes := fakesink.(timed)
	if sinkTimes.StartTime() != 0 {
		t.Fatal("start time not 0")
	}
	if ret := pipeline.SetState(gst.StatePlaying); ret != gst.StateChangeAsync {
		t.Fatalf("PLAYING = %v, want ASYNC", ret)
	}
	if ret, state, _ := pipeline.State(gst.ClockTimeNone); ret != gst.StateChangeSuccess || state != gst.StatePlaying {
		t.Fatalf("State() = %v %v", ret, state)
	}
	if sinkTimes.StartTime() != 0 {
		t.Fatal("start time not 0 in PLAYING")
	}
	crankUntil(clock, 50*msecond)
	if pos := position(t, fakesink); pos != int64(50*msecond) {
		t.Errorf("position %v, want 50ms", gst.ClockTime(pos))
	}
	if ret := pipeline.SetState(gst.StatePaused); ret != gst.StateChangeAsync {
		t.Fatalf("PAUSED = %v, want ASYNC", ret)
	}
	if ret, state, _ := pipeline.State(gst.ClockTimeNone); ret != gst.StateChangeSuccess || state != gst.StatePaused {
		t.Fatalf("State() = %v %v", ret, state)
	}
	if st := sinkTimes.StartTime(); st != 50*msecond {
		t.Errorf("start time %v, want 50ms", st)
	}
	if pos := position(t, fakesink); pos != int64(50*msecond) {
		t.Errorf("position %v, want 50ms", gst.ClockTime(pos))
	}
	if ret := pipeline.SetState(gst.StateReady); ret != gst.StateChangeSuccess {
		t.Fatalf("READY = %v", ret)
	}
	if st := sinkTimes.StartTime(); st != 0 {
		t.Errorf("start time after READY %v, want 0", st)
	}
	if ret := pipeline.SetState(gst.StatePaused); ret != gst.StateChangeAsync {
		t.Fatalf("PAUSED = %v, want ASYNC", ret)
	}
	if ret, state, _ := pipeline.State(gst.ClockTimeNone); ret != gst.StateChangeSuccess || state != gst.StatePaused {
		t.Fatalf("State() = %v %v", ret, state)
	}
	if pos := position(t, fakesink); pos != 0 {
		t.Errorf("position %v, want 0", gst.ClockTime(pos))
	}
	if st := sinkTimes.StartTime(); st != 0 {
		t.Errorf("start time %v, want 0", st)
	}
	pipeline.SetState(gst.StateNull)
}

// C: test_pipeline_processing_deadline — a live source through a queue:
// latency 20 ms (the default processing deadline), position lags the
// clock by it.
func TestGstPipelinePipelineProcessingDeadline(t *testing.T) {
	clock := gsttest.NewTestClock()
	pipeline := gst.NewPipeline("pipeline")
	fakesrc := coreMake(t, coreelements.FakeSrcClass, "fakesrc")
	queue := coreMake(t, coreelements.QueueClass, "queue")
	fakesink := coreMake(t, coreelements.FakeSinkClass, "fakesink")
	pipeline.UseClock(clock)
	mustSet(t, fakesrc, "do-timestamp", true, "format", "time", "sizetype", "fixed", "sizemax", 4096, "datarate", 4096*100, "is-live", true)
	mustSet(t, fakesink, "sync", true)
	mustAdd(t, &pipeline.Bin, fakesrc, queue, fakesink)
	if err := gst.LinkElements(fakesrc, queue, fakesink); err != nil {
		t.Fatal(err)
	}
	pipeline.SetState(gst.StatePlaying)
	if ret, state, _ := pipeline.State(gst.ClockTimeNone); ret != gst.StateChangeSuccess || state != gst.StatePlaying {
		t.Fatalf("State() = %v %v", ret, state)
	}
	q := gst.NewLatencyQuery()
	if !pipeline.Query(q) {
		t.Fatal("latency query failed")
	}
	if !q.Live || q.Min != 20*msecond || q.Max < q.Min {
		t.Errorf("latency live=%v min=%v max=%v, want live, 20ms, max >= min", q.Live, q.Min, q.Max)
	}
	crankUntil(clock, 50*msecond)
	if pos := position(t, fakesink); pos != int64(30*msecond) {
		t.Errorf("position %v, want 30ms", gst.ClockTime(pos))
	}
	if ret := pipeline.SetState(gst.StatePaused); ret != gst.StateChangeNoPreroll {
		t.Fatalf("PAUSED = %v, want NO_PREROLL", ret)
	}
	if ret, state, _ := pipeline.State(gst.ClockTimeNone); ret != gst.StateChangeNoPreroll || state != gst.StatePaused {
		t.Fatalf("State() = %v %v", ret, state)
	}
	if st := fakesink.(timed).StartTime(); st != 50*msecond {
		t.Errorf("start time %v, want 50ms", st)
	}
	if pos := position(t, fakesink); pos != int64(30*msecond) {
		t.Errorf("position %v, want 30ms", gst.ClockTime(pos))
	}
	if ret := pipeline.SetState(gst.StateReady); ret != gst.StateChangeSuccess {
		t.Fatalf("READY = %v", ret)
	}
	if ret := pipeline.SetState(gst.StatePaused); ret != gst.StateChangeNoPreroll {
		t.Fatalf("PAUSED = %v, want NO_PREROLL", ret)
	}
	if ret, state, _ := pipeline.State(gst.ClockTimeNone); ret != gst.StateChangeNoPreroll || state != gst.StatePaused {
		t.Fatalf("State() = %v %v", ret, state)
	}
	if msg := pipeline.Bus().PopFiltered(gst.MessageWarning); msg != nil {
		t.Errorf("unexpected warning %v", msg)
	}
	pipeline.SetState(gst.StateNull)
}

// C: test_pipeline_processing_deadline_no_queue — a processing deadline
// larger than what the live source allows posts a CLOCK core warning.
func TestGstPipelinePipelineProcessingDeadlineNoQueue(t *testing.T) {
	pipeline := gst.NewPipeline("pipeline")
	fakesrc := coreMake(t, coreelements.FakeSrcClass, "fakesrc")
	fakesink := coreMake(t, coreelements.FakeSinkClass, "fakesink")
	mustSet(t, fakesrc, "do-timestamp", true, "format", "time", "sizetype", "fixed", "sizemax", 4096, "datarate", 4096*100, "is-live", true)
	mustSet(t, fakesink, "sync", true, "processing-deadline", uint64(60*msecond))
	mustAdd(t, &pipeline.Bin, fakesrc, fakesink)
	if err := gst.Link(fakesrc, fakesink); err != nil {
		t.Fatal(err)
	}
	if ret := pipeline.SetState(gst.StatePlaying); ret != gst.StateChangeAsync {
		t.Fatalf("PLAYING = %v, want ASYNC", ret)
	}
	if ret, _, _ := pipeline.State(gst.ClockTimeNone); ret != gst.StateChangeSuccess {
		t.Fatalf("State() = %v", ret)
	}
	msg := pipeline.Bus().TimedPopFiltered(forever, gst.MessageWarning)
	if msg == nil {
		t.Fatal("no WARNING")
	}
	w := msg.(*gst.WarningMessage)
	var ce *gst.CoreError
	if !errors.As(w.Err, &ce) || ce.Code != gst.CoreErrorClock {
		t.Errorf("warning %v, want a CLOCK core error", w.Err)
	}
	pipeline.SetState(gst.StateNull)
}
