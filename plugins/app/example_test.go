package app_test

import (
	"context"
	"fmt"

	"github.com/gstmini/gstmini/gst"
	"github.com/gstmini/gstmini/plugins/app"
)

// Push three timestamped buffers from Go through appsrc ! appsink and
// read them back.
func ExampleAppSrc() {
	p := gst.NewPipeline("p")
	src, _ := app.NewAppSrc("src")
	sink, _ := app.NewAppSink("sink")
	src.Set("format", int(gst.FormatTime))
	sink.Set("sync", false)
	p.Add(src, sink)
	if err := gst.Link(src, sink); err != nil {
		fmt.Println(err)
		return
	}
	p.SetState(gst.StatePlaying)

	for i := 0; i < 3; i++ {
		buf := gst.NewBufferAllocate(4)
		buf.PTS = gst.ClockTime(i) * 40 * gst.Millisecond
		buf.Duration = 40 * gst.Millisecond
		if err := src.PushBuffer(buf); err != nil {
			fmt.Println("push:", err)
		}
	}
	src.EndOfStream()

	for smp := sink.PullSample(); smp != nil; smp = sink.PullSample() {
		fmt.Println(smp.Buffer.PTS)
		smp.Buffer.Unref()
	}
	fmt.Println("eos:", sink.IsEOS())
	p.SetState(gst.StateNull)
	// Output:
	// 0:00:00.000000000
	// 0:00:00.040000000
	// 0:00:00.080000000
	// eos: true
}

// Receive samples over a channel until EOS closes it.
func ExampleAppSink_Samples() {
	p := gst.NewPipeline("p")
	src, _ := app.NewAppSrc("src")
	sink, _ := app.NewAppSink("sink")
	src.Set("caps", gst.MustParseCaps("text/x-raw, format=(string)utf8"))
	p.Add(src, sink)
	gst.Link(src, sink)

	samples := sink.Samples(context.Background())
	p.SetState(gst.StatePlaying)
	for _, word := range []string{"hello", "appsink"} {
		src.PushBuffer(gst.NewBufferWrapped([]byte(word)))
	}
	src.EndOfStream()

	for smp := range samples {
		fmt.Printf("%s %s\n", smp.Buffer.Bytes(), smp.Caps)
		smp.Buffer.Unref()
	}
	p.SetState(gst.StateNull)
	// Output:
	// hello text/x-raw, format=(string)utf8
	// appsink text/x-raw, format=(string)utf8
}
