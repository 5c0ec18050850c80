package loop_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/gstmini/gstmini/base"
	"github.com/gstmini/gstmini/gst"
	"github.com/gstmini/gstmini/libs/loop"
)

// tickSrc is a base.PushSrc in TIME format producing ten 10 ms buffers
// (0..100 ms), seekable: base.Src performs the segment seeks and ends a
// segment seek's segment with SEGMENT_DONE.
type tickSrc struct {
	base.PushSrc
}

const (
	tickDur = 10 * gst.Millisecond
	tickEnd = 100 * gst.Millisecond
)

var tickSrcClass = &gst.ElementClass{
	Name:         "loop-ticksrc",
	PadTemplates: []*gst.PadTemplate{gst.MustNewPadTemplate("src", gst.PadSrc, gst.PadAlways, gst.NewCapsAny())},
	Properties:   base.SrcProperties(),
	New:          func() gst.Element { return &tickSrc{} },
}

func (s *tickSrc) Constructed() error {
	if err := s.PushSrc.Constructed(); err != nil {
		return err
	}
	s.SetFormat(gst.FormatTime)
	return nil
}

func (s *tickSrc) IsSeekable() bool { return true }

func (s *tickSrc) Create(context.Context) (*gst.Buffer, error) {
	seg := s.Segment()
	pos := gst.ClockTime(seg.Position)
	if seg.Position == ^uint64(0) {
		pos = 0
	}
	if pos >= tickEnd {
		return nil, gst.ErrEOS
	}
	b := gst.NewBuffer()
	b.PTS, b.Duration = pos, tickDur
	return b, nil
}

func tickPipeline(t *testing.T, src *gst.ElementClass) (*gst.Pipeline, *observer) {
	t.Helper()
	register(t)
	p := gst.NewPipeline("")
	s, err := src.Create("")
	if err != nil {
		t.Fatal(err)
	}
	sink, err := gst.MakeElement("fakesink", "")
	if err != nil {
		t.Fatal(err)
	}
	if err := sink.Set("sync", false); err != nil {
		t.Fatal(err)
	}
	if err := p.Add(s, sink); err != nil {
		t.Fatal(err)
	}
	if err := gst.Link(s, sink); err != nil {
		t.Fatal(err)
	}
	o := observe(t, sink.StaticPad("sink"))
	o.mu.Lock()
	o.flushes = -2
	o.mu.Unlock()
	return p, o
}

// A plain base.PushSrc looped four times: 4×10 buffers, running time
// increasing by exactly one buffer duration at each loop point.
func TestRunPushSrc(t *testing.T) {
	p, o := tickPipeline(t, tickSrcClass)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := loop.Run(ctx, p, loop.Options{Count: 4}); err != nil {
		t.Fatalf("Run: %v", err)
	}
	o.check(t, 4, 10, tickDur)
	o.mu.Lock()
	defer o.mu.Unlock()
	if last := o.rts[len(o.rts)-1]; last != 4*tickEnd-tickDur {
		t.Errorf("last running time %v, want %v", last, 4*tickEnd-tickDur)
	}
}

// Count 0 loops until ctx is cancelled; Run returns ctx's error and
// leaves the pipeline in NULL.
func TestRunForeverCancel(t *testing.T) {
	p, o := tickPipeline(t, tickSrcClass)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	err := loop.Run(ctx, p, loop.Options{OnLoop: func(n int) {
		if n == 5 {
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Run = %v, want context.Canceled", err)
	}
	if st := p.CurrentState(); st != gst.StateNull {
		t.Errorf("pipeline left in %v", st)
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if len(o.rts) < 50 {
		t.Errorf("%d buffers after 5 loops, want at least 50", len(o.rts))
	}
}

// A source that cannot seek in TIME makes Run fail with ErrSeekFailed.
func TestRunNotSeekable(t *testing.T) {
	register(t)
	el, err := gst.ParseLaunch("fakesrc num-buffers=5 ! fakesink sync=false")
	if err != nil {
		t.Fatal(err)
	}
	p := el.(*gst.Pipeline)
	err = loop.Run(context.Background(), p, loop.Options{Count: 2})
	if !errors.Is(err, loop.ErrSeekFailed) {
		t.Fatalf("Run = %v, want ErrSeekFailed", err)
	}
}

// The Looper API with the application's own bus loop, Count 1: one play
// ending in EOS, no SEGMENT_DONE.
func TestLooperOnePlay(t *testing.T) {
	p, o := tickPipeline(t, tickSrcClass)
	defer p.SetState(gst.StateNull)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	l := loop.Attach(p, loop.Options{Count: 1})
	if err := l.Start(ctx); err != nil {
		t.Fatal(err)
	}
	p.SetState(gst.StatePlaying)
	for m := range p.Bus().Messages(ctx) {
		if _, ok := m.(*gst.SegmentDoneMessage); ok {
			t.Error("SEGMENT_DONE with Count 1")
		}
		if done, err := l.HandleMessage(m); done {
			if err != nil {
				t.Fatal(err)
			}
			break
		}
	}
	if l.Plays() != 1 {
		t.Errorf("Plays = %d, want 1", l.Plays())
	}
	o.check(t, 1, 10, tickDur)
}
