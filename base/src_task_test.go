package base_test

import (
	"context"
	"errors"

	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/gstmini/gstmini/base"
	"github.com/gstmini/gstmini/gst"
)

// The source's loop pauses its own task after EOS (num-buffers reached)
// while the application takes the pipeline to NULL, which stops the task.
// Whatever the interleaving, the stop must win and SetState(NULL) must
// return (a pause landing after the stop used to leave the task paused and
// the join hanging).
func TestSrcSelfPauseRacesStop(t *testing.T) {
	defer goleak.VerifyNone(t)
	for i := 0; i < 50; i++ {
		p, src, _ := newPipeline(t, true)
		if err := src.Set("num-buffers", 1); err != nil {
			t.Fatal(err)
		}
		p.SetState(gst.StatePlaying)
		done := make(chan gst.StateChangeReturn, 1)
		go func() { done <- p.SetState(gst.StateNull) }()
		select {
		case r := <-done:
			if r != gst.StateChangeSuccess {
				t.Fatalf("iteration %d: NULL = %v", i, r)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("iteration %d: SetState(NULL) hangs", i)
		}
	}
}

// selfSeekSrc seeks itself (flushing, to 1 s) from its own streaming
// thread while producing its fourth buffer.
type selfSeekSrc struct {
	testSrc
	seeked bool
}

var selfSeekSrcClass = &gst.ElementClass{
	Name:         "selfseeksrc",
	PadTemplates: []*gst.PadTemplate{srcTmpl},
	Properties:   base.SrcProperties(),
	New:          func() gst.Element { return &selfSeekSrc{} },
}

func (s *selfSeekSrc) Create(ctx context.Context) (*gst.Buffer, error) {
	if s.n.Load() == 3 && !s.seeked {
		s.seeked = true
		if !s.SeekSimple(gst.FormatTime, gst.SeekFlagFlush, int64(gst.Second)) {
			return nil, errors.New("seek from the streaming thread refused")
		}
	}
	return s.testSrc.Create(ctx)
}

// A source handling a flushing seek from its own streaming thread takes
// its src pad's stream lock (held by its task) and the sink pad's stream
// lock downstream (held by the same thread through the push) again:
// GST_PAD_STREAM_LOCK is recursive, so this must not deadlock.
func TestSrcSeekFromStreamingThread(t *testing.T) {
	defer goleak.VerifyNone(t)
	p := gst.NewPipeline("p")
	src := newElement[*selfSeekSrc](t, selfSeekSrcClass, "src")
	sink := newElement[*countSink](t, countSinkClass, "sink")
	if err := p.Add(src, sink); err != nil {
		t.Fatal(err)
	}
	if err := gst.Link(src, sink); err != nil {
		t.Fatal(err)
	}
	if err := src.Set("num-buffers", 5); err != nil {
		t.Fatal(err)
	}
	p.SetState(gst.StatePlaying)
	waitMsg(t, p, gst.MessageEOS)
	got := sink.rendered()
	if len(got) == 0 || got[len(got)-1] < gst.Second {
		t.Errorf("rendered %v, want the last buffer after the 1 s seek", got)
	}
	stop(t, p)
}
