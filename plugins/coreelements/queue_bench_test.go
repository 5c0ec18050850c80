package coreelements

import (
	"sync/atomic"
	"testing"

	"github.com/gstmini/gstmini/gst"
)

// queueBenchChain is src pad → n queues → counting sink pad.
type queueBenchChain struct {
	src    *gst.Pad
	sink   *gst.Pad
	queues []gst.Element
	count  atomic.Int64
	target atomic.Int64
	done   chan struct{}
}

func newQueueBenchChain(tb testing.TB, n int, class *gst.ElementClass, props ...any) *queueBenchChain {
	c := &queueBenchChain{done: make(chan struct{}, 1)}
	c.target.Store(-1)
	c.src = gst.NewPad("src", gst.PadSrc)
	c.sink = gst.NewPad("sink", gst.PadSink)
	c.sink.SetChainFunc(func(_ *gst.Pad, buf *gst.Buffer) error {
		buf.Unref()
		if c.count.Add(1) == c.target.Load() {
			c.done <- struct{}{}
		}
		return nil
	})
	prev := c.src
	for i := 0; i < n; i++ {
		q, err := class.Create("")
		if err != nil {
			tb.Fatal(err)
		}
		for j := 0; j < len(props); j += 2 {
			if err := q.Set(props[j].(string), props[j+1]); err != nil {
				tb.Fatal(err)
			}
		}
		if r := prev.Link(q.StaticPad("sink")); r != gst.PadLinkOK {
			tb.Fatalf("link: %v", r)
		}
		prev = q.StaticPad("src")
		c.queues = append(c.queues, q)
	}
	if r := prev.Link(c.sink); r != gst.PadLinkOK {
		tb.Fatalf("link: %v", r)
	}
	c.sink.SetActive(true)
	for i := len(c.queues) - 1; i >= 0; i-- {
		if r := c.queues[i].SetState(gst.StatePlaying); r != gst.StateChangeSuccess {
			tb.Fatalf("PLAYING: %v", r)
		}
	}
	c.src.SetActive(true)
	c.src.PushEvent(gst.NewStreamStartEvent("bench"))
	c.src.PushEvent(gst.NewSegmentEvent(gst.NewSegment(gst.FormatTime)))
	return c
}

func (c *queueBenchChain) stop() {
	for _, q := range c.queues {
		q.SetState(gst.StateNull)
	}
	c.src.SetActive(false)
	c.sink.SetActive(false)
}

func benchmarkQueues(b *testing.B, n int, class *gst.ElementClass, props ...any) {
	c := newQueueBenchChain(b, n, class, props...)
	defer c.stop()
	buf := gst.NewBuffer()
	// warm up the goroutines and the ring
	c.target.Store(1000)
	for i := 0; i < 1000; i++ {
		c.src.Push(buf.Ref())
	}
	<-c.done
	c.count.Store(0)
	c.target.Store(int64(b.N))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := c.src.Push(buf.Ref()); err != nil {
			b.Fatal(err)
		}
	}
	<-c.done
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds()/1e6, "Mbuf/s")
}

// BenchmarkQueue1 pushes buffers through one queue (GStreamer:
// fakesrc ! queue ! fakesink, ~1.8 M buffers/s).
func BenchmarkQueue1(b *testing.B) { benchmarkQueues(b, 1, QueueClass, "silent", true) }

// BenchmarkQueue4 pushes buffers through four queues in a row (GStreamer
// ~0.61 M buffers/s).
func BenchmarkQueue4(b *testing.B) { benchmarkQueues(b, 4, QueueClass, "silent", true) }

// BenchmarkQueue2Memory pushes buffers through one queue2 in memory mode
// (GStreamer: fakesrc ! queue2 ! fakesink).
func BenchmarkQueue2Memory(b *testing.B) { benchmarkQueues(b, 1, Queue2Class) }

// BenchmarkQueue2Buffering is BenchmarkQueue2Memory with use-buffering.
func BenchmarkQueue2Buffering(b *testing.B) {
	benchmarkQueues(b, 1, Queue2Class, "use-buffering", true)
}
