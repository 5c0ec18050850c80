package app_test

import (
	"context"
	"errors"
	"testing"

	"github.com/gstmini/gstmini/gst"
	"github.com/gstmini/gstmini/gsttest"
	"github.com/gstmini/gstmini/plugins/app"
)

// sinkSetup is setup_appsink of GStreamer's test: an appsink fed by a
// floating source pad, going to PLAYING (ASYNC until the first buffer).
func sinkSetup(t *testing.T, props map[string]any) (*app.AppSink, *gst.Pad) {
	t.Helper()
	sink, err := app.NewAppSink("")
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range props {
		if err := sink.Set(k, v); err != nil {
			t.Fatal(err)
		}
	}
	sink.SetBus(gst.NewBus())
	src := gst.NewPad("src", gst.PadSrc)
	if r := src.Link(sink.SinkPad()); r != gst.PadLinkOK {
		t.Fatal(r)
	}
	src.SetActive(true)
	if r := sink.SetState(gst.StatePlaying); r != gst.StateChangeAsync {
		t.Fatalf("PLAYING = %v, want ASYNC", r)
	}
	src.PushEvent(gst.NewStreamStartEvent("test"))
	src.PushEvent(gst.NewSegmentEvent(gst.NewSegment(gst.FormatTime)))
	t.Cleanup(func() {
		sink.SetState(gst.StateNull)
		src.SetActive(false)
	})
	return sink, src
}

func pushSize(t *testing.T, pad *gst.Pad, size int) {
	t.Helper()
	if err := pad.Push(gst.NewBufferAllocate(size)); err != nil {
		t.Fatalf("push: %v", err)
	}
}

func TestAppSinkCheckElement(t *testing.T) {
	register(t)
	gsttest.CheckElement(t, "appsink")
}

func TestAppSinkDefaults(t *testing.T) {
	sink, _ := app.NewAppSink("")
	for _, c := range []struct{ name, want string }{
		{"eos", "true"}, {"emit-signals", "false"}, {"max-buffers", "0"}, {"drop", "false"},
		{"wait-on-eos", "true"}, {"buffer-list", "false"}, {"max-time", "0"}, {"max-bytes", "0"},
		{"sync", "true"}, {"async", "true"},
	} {
		if got, err := sink.GetString(c.name); err != nil || got != c.want {
			t.Errorf("%s = %q (%v), want %q", c.name, got, err, c.want)
		}
	}
}

// test_pull_preroll and test_do_not_care_preroll.
func TestAppSinkPullPreroll(t *testing.T) {
	sink, src := sinkSetup(t, nil)
	pushSize(t, src, 4)
	p := sink.PullPreroll()
	if p == nil || p.Buffer.Size() != 4 {
		t.Fatalf("preroll %v", p)
	}
	p.Buffer.Unref()
	if p := sink.TryPullPreroll(0); p != nil {
		t.Error("second preroll pull returned a sample")
	}
	s := sink.PullSample()
	if s == nil || s.Buffer.Size() != 4 {
		t.Fatalf("sample %v", s)
	}
	s.Buffer.Unref()

	sink2, src2 := sinkSetup(t, nil)
	pushSize(t, src2, 4)
	if s := sink2.PullSample(); s == nil {
		t.Fatal("no sample")
	}
	if p := sink2.TryPullPreroll(0); p != nil {
		t.Error("preroll still available after pulling the sample")
	}
}

// test_segment: the preroll and the sample carry the segment.
func TestAppSinkSegment(t *testing.T) {
	sink, src := sinkSetup(t, nil)
	seg := gst.NewSegment(gst.FormatTime)
	seg.Start = uint64(2 * gst.Second)
	src.PushEvent(gst.NewSegmentEvent(seg))
	b := gst.NewBufferAllocate(4)
	b.PTS = 2 * gst.Second
	if err := src.Push(b); err != nil {
		t.Fatal(err)
	}
	p := sink.PullPreroll()
	if !p.Segment.IsEqual(seg) {
		t.Errorf("preroll segment %v, want %v", &p.Segment, seg)
	}
	s := sink.PullSample()
	if !s.Segment.IsEqual(seg) {
		t.Errorf("sample segment %v, want %v", &s.Segment, seg)
	}
}

// test_pull_with_timeout without the wall-clock measurements.
func TestAppSinkTryPull(t *testing.T) {
	sink, src := sinkSetup(t, nil)
	if s := sink.TryPullSample(0); s != nil {
		t.Fatal("sample from an empty queue")
	}
	if s := sink.TryPullPreroll(gst.Millisecond); s != nil {
		t.Fatal("preroll before any buffer")
	}
	pushSize(t, src, 5)
	if s := sink.TryPullSample(0); s == nil || s.Buffer.Size() != 5 {
		t.Fatalf("pending sample not returned without waiting: %v", s)
	}
	if s := sink.TryPullSample(gst.Millisecond); s != nil {
		t.Fatal("sample after the queue was emptied")
	}
	pushSize(t, src, 6)
	if s := sink.TryPullSample(gst.Second); s == nil || s.Buffer.Size() != 6 {
		t.Fatalf("pending sample with timeout: %v", s)
	}
}

// max-buffers with drop=true keeps only the newest samples.
func TestAppSinkDrop(t *testing.T) {
	sink, src := sinkSetup(t, map[string]any{"max-buffers": uint(1), "drop": true})
	for i := 1; i <= 3; i++ {
		pushSize(t, src, i)
	}
	s := sink.TryPullSample(0)
	if s == nil || s.Buffer.Size() != 3 {
		t.Fatalf("got %v, want the last buffer (size 3)", s)
	}
	if s := sink.TryPullSample(0); s != nil {
		t.Fatal("dropped samples still queued")
	}
}

// max-buffers with drop=false blocks rendering until a pull, and a flush
// unblocks it with FLUSHING and empties the queue.
func TestAppSinkBlockWhenFull(t *testing.T) {
	sink, src := sinkSetup(t, map[string]any{"max-buffers": uint(1)})
	pushSize(t, src, 1)
	done := make(chan error, 1)
	go func() { done <- src.Push(gst.NewBufferAllocate(2)) }()
	select {
	case err := <-done:
		t.Fatalf("push into a full appsink returned %v", err)
	default:
	}
	if s := sink.PullSample(); s == nil || s.Buffer.Size() != 1 {
		t.Fatalf("first sample %v", s)
	}
	if err := <-done; err != nil {
		t.Fatalf("blocked push = %v", err)
	}
	go func() { done <- src.Push(gst.NewBufferAllocate(3)) }()
	src.PushEvent(gst.NewFlushStartEvent())
	if err := <-done; !errors.Is(err, gst.ErrFlushing) {
		t.Fatalf("push during flush = %v, want flushing", err)
	}
	src.PushEvent(gst.NewFlushStopEvent(true))
	if s := sink.TryPullSample(0); s != nil {
		t.Errorf("flush left sample of size %d", s.Buffer.Size())
	}
}

// wait-on-eos: EOS is processed (eos callback, EOS message) only after
// the queue was pulled empty; IsEOS becomes true then and PullSample nil.
func TestAppSinkWaitOnEOS(t *testing.T) {
	sink, src := sinkSetup(t, nil)
	eos := make(chan struct{}, 1)
	sink.SetCallbacks(app.AppSinkCallbacks{EOS: func(*app.AppSink) { eos <- struct{}{} }})
	pushSize(t, src, 1)
	go src.PushEvent(gst.NewEOSEvent())
	if sink.IsEOS() {
		t.Error("IsEOS with a queued sample")
	}
	select {
	case <-eos:
		t.Fatal("eos callback before the queue was drained")
	default:
	}
	if s := sink.PullSample(); s == nil {
		t.Fatal("queued sample lost at EOS")
	}
	<-eos
	if !sink.IsEOS() {
		t.Error("IsEOS false after EOS with an empty queue")
	}
	if s := sink.PullSample(); s != nil {
		t.Error("PullSample returned a sample at EOS")
	}
	if err := src.Push(gst.NewBuffer()); !errors.Is(err, gst.ErrEOS) {
		t.Errorf("push after EOS = %v, want EOS", err)
	}

	// wait-on-eos=false: EOS goes through with samples still queued.
	sink2, src2 := sinkSetup(t, map[string]any{"wait-on-eos": false})
	pushSize(t, src2, 1)
	if !src2.PushEvent(gst.NewEOSEvent()) {
		t.Fatal("EOS refused")
	}
	if sink2.IsEOS() {
		t.Error("IsEOS while a sample is queued")
	}
	if s := sink2.PullSample(); s == nil {
		t.Fatal("sample lost")
	}
	if !sink2.IsEOS() {
		t.Error("not EOS after draining")
	}
}

// The new-sample and new-preroll callbacks (test_handoff_callback), and
// the signal-style handlers when emit-signals is true.
func TestAppSinkCallbacks(t *testing.T) {
	sink, src := sinkSetup(t, nil)
	var prerolls, samples int
	sink.SetCallbacks(app.AppSinkCallbacks{
		NewPreroll: func(*app.AppSink) error { prerolls++; return nil },
		NewSample: func(s *app.AppSink) error {
			samples++
			if smp := s.PullSample(); smp == nil {
				t.Error("no sample in new-sample")
			}
			return nil
		},
	})
	for i := 0; i < 3; i++ {
		pushSize(t, src, 1)
	}
	if prerolls != 1 || samples != 3 {
		t.Errorf("prerolls %d samples %d, want 1 3", prerolls, samples)
	}

	stop := errors.New("stop here")
	sink2, src2 := sinkSetup(t, map[string]any{"emit-signals": true})
	sink2.ConnectNewSample(func(*app.AppSink) error { return stop })
	// The pad carries the flow result, not the error value.
	if err := src2.Push(gst.NewBuffer()); gst.FlowFromError(err) != gst.FlowError {
		t.Errorf("push = %v, want the new-sample error as FLOW_ERROR", err)
	}
}

// test_buffer_list_fallback / test_buffer_list_support.
func TestAppSinkBufferList(t *testing.T) {
	for _, support := range []bool{false, true} {
		sink, src := sinkSetup(t, map[string]any{"buffer-list": support})
		l := gst.NewBufferList()
		l.Add(gst.NewBufferAllocate(1))
		l.Add(gst.NewBufferAllocate(2))
		if err := src.PushList(l); err != nil {
			t.Fatal(err)
		}
		s := sink.TryPullSample(0)
		if support {
			if s == nil || s.BufferList == nil || s.BufferList.Len() != 2 {
				t.Fatalf("buffer-list=true: sample %v, want a list of 2", s)
			}
			continue
		}
		if s == nil || s.Buffer == nil || s.Buffer.Size() != 1 {
			t.Fatalf("buffer-list=false: sample %v, want buffer 1", s)
		}
		if s := sink.TryPullSample(0); s == nil || s.Buffer.Size() != 2 {
			t.Fatalf("buffer-list=false: second sample %v", s)
		}
	}
}

// Caps travel with the samples, and the caps property filters the caps
// query.
func TestAppSinkCaps(t *testing.T) {
	sink, src := sinkSetup(t, map[string]any{"caps": gst.MustParseCaps("audio/x-raw; video/x-raw")})
	q := gst.NewCapsQuery(nil)
	if !sink.SinkPad().Query(q) || q.Result.Size() != 2 {
		t.Fatalf("caps query %v", q.Result)
	}
	c1 := gst.MustParseCaps("audio/x-raw, rate=(int)8000")
	c2 := gst.MustParseCaps("audio/x-raw, rate=(int)16000")
	src.PushEvent(gst.NewCapsEvent(c1))
	pushSize(t, src, 1)
	src.PushEvent(gst.NewCapsEvent(c2))
	pushSize(t, src, 1)
	if s := sink.PullSample(); !s.Caps.IsEqual(c1) {
		t.Errorf("first sample caps %v", s.Caps)
	}
	if s := sink.PullSample(); !s.Caps.IsEqual(c2) {
		t.Errorf("second sample caps %v", s.Caps)
	}
}

// test_query_drain: DRAIN waits until the application pulled everything.
func TestAppSinkQueryDrain(t *testing.T) {
	sink, src := sinkSetup(t, nil)
	pushSize(t, src, 1)
	pushSize(t, src, 2)
	done := make(chan bool, 1)
	go func() { done <- src.PeerQuery(gst.NewDrainQuery()) }()
	select {
	case <-done:
		t.Fatal("drain answered with samples queued")
	default:
	}
	sink.PullSample()
	sink.PullSample()
	if !<-done {
		t.Error("drain query failed")
	}
}

// The Samples channel is closed when the sink goes to NULL, and when the
// context is cancelled.
func TestAppSinkSamplesClose(t *testing.T) {
	sink, src := sinkSetup(t, nil)
	ch := sink.Samples(context.Background())
	pushSize(t, src, 1)
	if s := <-ch; s == nil || s.Buffer.Size() != 1 {
		t.Fatalf("got %v", s)
	}
	sink.SetState(gst.StateNull)
	if _, ok := <-ch; ok {
		t.Error("channel open after NULL")
	}

	sink2, _ := sinkSetup(t, nil)
	ctx, cancel := context.WithCancel(context.Background())
	ch2 := sink2.Samples(ctx)
	cancel()
	if _, ok := <-ch2; ok {
		t.Error("channel open after cancel")
	}
}
