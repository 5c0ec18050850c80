// Command count-bytes shows how a GstMini pipeline is built from the core
// alone: a source element whose pad task reads a file in blocks, a sink
// element counting what it receives, a pipeline running until EOS.
//
// This example shows how to:
//  1. declare element classes with pad templates,
//  2. drive a source pad with a task (gst.Pad.StartTask) and push the
//     stream-start, segment and EOS events around the data,
//  3. run a pipeline with Pipeline.Run and read the bus.
//
// Usage: go run ./examples/count-bytes [FILE]   (default testdata/movie.mp4)
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"sync/atomic"

	"github.com/gstmini/gstmini/gst"
)

var srcTemplate = gst.MustNewPadTemplate("src", gst.PadSrc, gst.PadAlways, gst.NewCapsAny())
var sinkTemplate = gst.MustNewPadTemplate("sink", gst.PadSink, gst.PadAlways, gst.NewCapsAny())

// reader is a minimal file source: READY→PAUSED opens the file and starts
// a task that pushes 4096-byte buffers, then EOS.
type reader struct {
	gst.ElementBase
	path string
	f    *os.File
	src  *gst.Pad
	off  uint64
}

var readerClass = &gst.ElementClass{
	Name: "examplereader", New: func() gst.Element { return &reader{} },
	PadTemplates: []*gst.PadTemplate{srcTemplate},
}

func (r *reader) Constructed() error {
	r.src = gst.NewPadFromTemplate(srcTemplate, "src")
	r.SetElementFlags(gst.ElementFlagSource)
	return r.AddPad(r.src)
}

func (r *reader) ChangeState(t gst.StateChange) gst.StateChangeReturn {
	if t == gst.StateChangeReadyToPaused {
		f, err := os.Open(r.path)
		if err != nil {
			r.PostError(&gst.ResourceError{Code: gst.ResourceErrorOpenRead, Err: err}, err.Error())
			return gst.StateChangeFailure
		}
		r.f = f
	}
	ret := r.ElementBase.ChangeState(t)
	switch t {
	case gst.StateChangeReadyToPaused:
		r.src.PushEvent(gst.NewStreamStartEvent("example"))
		r.src.PushEvent(gst.NewSegmentEvent(gst.NewSegment(gst.FormatBytes)))
		r.src.StartTask(r.loop)
	case gst.StateChangePausedToReady:
		r.src.StopTask()
		r.f.Close()
	}
	return ret
}

func (r *reader) loop() {
	data := make([]byte, 4096)
	n, err := r.f.Read(data)
	if err == io.EOF {
		r.src.PushEvent(gst.NewEOSEvent())
		r.src.PauseTask()
		return
	}
	buf := gst.NewBufferWrapped(data[:n])
	buf.Offset = r.off
	r.off += uint64(n)
	if err := r.src.Push(buf); err != nil {
		r.src.PauseTask()
	}
}

// counter is a minimal sink: it counts bytes and posts EOS when the
// stream ends.
type counter struct {
	gst.ElementBase
	bytes, buffers atomic.Int64
}

var counterClass = &gst.ElementClass{
	Name: "examplecounter", New: func() gst.Element { return &counter{} },
	PadTemplates: []*gst.PadTemplate{sinkTemplate},
}

func (c *counter) Constructed() error {
	sink := gst.NewPadFromTemplate(sinkTemplate, "sink")
	sink.SetChainFunc(func(_ *gst.Pad, b *gst.Buffer) error {
		c.bytes.Add(int64(b.Size()))
		c.buffers.Add(1)
		return nil
	})
	sink.SetEventFunc(func(_ *gst.Pad, ev gst.Event) bool {
		if ev.Type() == gst.EventEOS {
			c.PostMessage(gst.NewEOSMessage(c))
		}
		return true
	})
	c.SetElementFlags(gst.ElementFlagSink)
	return c.AddPad(sink)
}

func main() {
	path := "testdata/movie.mp4"
	if len(os.Args) > 1 {
		path = os.Args[1]
	}
	p := gst.NewPipeline("")
	src, _ := readerClass.Create("")
	src.(*reader).path = path
	sink, _ := counterClass.Create("")
	p.Add(src, sink)
	if err := gst.Link(src, sink); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := p.Run(context.Background()); err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(1)
	}
	c := sink.(*counter)
	fmt.Printf("%s: %d bytes in %d buffers through %s\n", path, c.bytes.Load(), c.buffers.Load(), gst.PathString(sink))
}
