// Command wakeup measures how late a GstMini sink wakes up for a buffer: a
// live source produces buffers at a fixed rate, a sink with sync=true waits
// on the pipeline clock for each one, and its render records
// clock time − (base time + running time + latency). It prints p50, p99 and
// max in µs. bench/wakeup.sh runs it beside the same measurement for
// GStreamer (bench/wakeup-gst/gst_wakeup.c).
//
// Usage: go run ./bench/wakeup -rate 1000 -n 2000
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"slices"
	"sync"

	"github.com/gstmini/gstmini/base"
	"github.com/gstmini/gstmini/gst"
)

var (
	srcTmpl  = gst.MustNewPadTemplate("src", gst.PadSrc, gst.PadAlways, gst.NewCapsAny())
	sinkTmpl = gst.MustNewPadTemplate("sink", gst.PadSink, gst.PadAlways, gst.NewCapsAny())
)

// liveSrc timestamps buffer n at n × period and lets base.Src wait on the
// clock until that running time, as a live capture source does.
type liveSrc struct {
	base.PushSrc
	period gst.ClockTime
	n      uint64
}

var liveSrcClass = &gst.ElementClass{
	Name:         "wakeupsrc",
	PadTemplates: []*gst.PadTemplate{srcTmpl},
	Properties:   base.SrcProperties(),
	New:          func() gst.Element { return &liveSrc{} },
}

func (s *liveSrc) Constructed() error {
	if err := s.PushSrc.Constructed(); err != nil {
		return err
	}
	s.SetFormat(gst.FormatTime)
	s.SetLive(true)
	return nil
}

func (s *liveSrc) Create(ctx context.Context) (*gst.Buffer, error) {
	buf := gst.NewBuffer()
	buf.PTS = gst.ClockTime(s.n) * s.period
	buf.Duration = s.period
	s.n++
	return buf, nil
}

func (s *liveSrc) Times(buf *gst.Buffer) (start, end gst.ClockTime) {
	return buf.PTS, buf.PTS + buf.Duration
}

// lateSink records how late each render happens after the buffer's
// clock time.
type lateSink struct {
	base.Sink
	mu   sync.Mutex
	late []float64 // µs
}

var lateSinkClass = &gst.ElementClass{
	Name:         "wakeupsink",
	PadTemplates: []*gst.PadTemplate{sinkTmpl},
	Properties:   base.SinkProperties(),
	New:          func() gst.Element { return &lateSink{} },
}

func (s *lateSink) Render(buf *gst.Buffer) error {
	clock := s.Clock()
	if clock == nil {
		return nil
	}
	now := clock.Time()
	seg := s.Segment()
	rt := seg.ToRunningTime(gst.FormatTime, uint64(buf.PTS))
	target := s.BaseTime() + gst.ClockTime(rt) + s.Latency()
	s.mu.Lock()
	s.late = append(s.late, float64(int64(now)-int64(target))/1e3)
	s.mu.Unlock()
	return nil
}

func main() {
	rate := flag.Int("rate", 1000, "buffers per second")
	n := flag.Int("n", 2000, "buffers to measure")
	flag.Parse()
	if err := run(*rate, *n); err != nil {
		fmt.Fprintln(os.Stderr, "wakeup:", err)
		os.Exit(1)
	}
}

func run(rate, n int) error {
	p := gst.NewPipeline("wakeup")
	srcEl, err := liveSrcClass.Create("src")
	if err != nil {
		return err
	}
	sinkEl, err := lateSinkClass.Create("sink")
	if err != nil {
		return err
	}
	src, sink := srcEl.(*liveSrc), sinkEl.(*lateSink)
	src.period = gst.Second / gst.ClockTime(rate)
	// Skip the first buffers: they prerolled before PLAYING.
	warmup := 10
	if err := src.Set("num-buffers", n+warmup); err != nil {
		return err
	}
	if err := sink.Set("sync", true); err != nil {
		return err
	}
	if err := p.Add(src, sink); err != nil {
		return err
	}
	if err := gst.Link(src, sink); err != nil {
		return err
	}
	if err := p.Run(context.Background()); err != nil {
		return err
	}
	late := sink.late
	if len(late) > warmup {
		late = late[warmup:]
	}
	if len(late) == 0 {
		return fmt.Errorf("no buffers rendered")
	}
	slices.Sort(late)
	q := func(f float64) float64 { return late[min(len(late)-1, int(f*float64(len(late))))] }
	fmt.Printf("gstmini   rate=%d/s n=%d p50=%.1f p99=%.1f max=%.1f µs\n", rate, len(late), q(0.50), q(0.99), late[len(late)-1])
	return nil
}
