package gst

import (
	"testing"
)

// refusedSetup returns a linked src→sink pair; the sink's chain function
// releases what it gets.
func refusedSetup(t *testing.T) (src, sink *Pad) {
	t.Helper()
	src, sink = NewPad("src", PadSrc), NewPad("sink", PadSink)
	sink.SetChainFunc(func(_ *Pad, b *Buffer) error { b.Unref(); return nil })
	sink.SetEventFunc(func(*Pad, Event) bool { return true })
	if src.Link(sink) != PadLinkOK {
		t.Fatal("link")
	}
	src.SetActive(true)
	sink.SetActive(true)
	src.PushEvent(NewStreamStartEvent("s"))
	src.PushEvent(NewSegmentEvent(NewSegment(FormatTime)))
	return src, sink
}

// A push refused by the pad drops the caller's reference (gst_pad_push
// takes ownership whatever the outcome), so buffers of a pool with
// max-buffers=2 go back to it and acquiring never starves.
func TestPadRefusedPushReleasesBuffer(t *testing.T) {
	cases := []struct {
		name  string
		setup func(t *testing.T) (push func(*Buffer) error, want error)
	}{
		{"flushing sink", func(t *testing.T) (func(*Buffer) error, error) {
			src, sink := refusedSetup(t)
			sink.SendEvent(NewFlushStartEvent())
			return src.Push, ErrFlushing
		}},
		{"flushing src", func(t *testing.T) (func(*Buffer) error, error) {
			src, _ := refusedSetup(t)
			src.SetActive(false)
			return src.Push, ErrFlushing
		}},
		{"not linked", func(t *testing.T) (func(*Buffer) error, error) {
			src := NewPad("src", PadSrc)
			src.SetActive(true)
			src.PushEvent(NewStreamStartEvent("s"))
			return src.Push, ErrNotLinked
		}},
		{"eos", func(t *testing.T) (func(*Buffer) error, error) {
			src, _ := refusedSetup(t)
			src.PushEvent(NewEOSEvent())
			return src.Push, ErrEOS
		}},
		{"probe drop on src", func(t *testing.T) (func(*Buffer) error, error) {
			src, _ := refusedSetup(t)
			src.AddProbe(ProbeTypeBuffer, func(*Pad, *PadProbeInfo) PadProbeReturn { return ProbeDrop })
			return src.Push, nil
		}},
		{"probe drop on sink", func(t *testing.T) (func(*Buffer) error, error) {
			src, sink := refusedSetup(t)
			sink.AddProbe(ProbeTypeBuffer, func(*Pad, *PadProbeInfo) PadProbeReturn { return ProbeDrop })
			return src.Push, nil
		}},
		{"chain on flushing pad", func(t *testing.T) (func(*Buffer) error, error) {
			_, sink := refusedSetup(t)
			sink.SendEvent(NewFlushStartEvent())
			return sink.Chain, ErrFlushing
		}},
		{"no chain function", func(t *testing.T) (func(*Buffer) error, error) {
			src, sink := refusedSetup(t)
			sink.SetChainFunc(nil)
			return src.Push, ErrNotSupported
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			pool := createPool(t, 16, 0, 2)
			if err := pool.SetActive(true); err != nil {
				t.Fatal(err)
			}
			defer pool.SetActive(false)
			push, want := c.setup(t)
			for i := 0; i < 5; i++ {
				b, err := pool.AcquireBuffer(&BufferPoolAcquireParams{Flags: BufferPoolAcquireFlagDontWait})
				if err != nil {
					t.Fatalf("acquire %d: %v (the pool starved: refused buffers were not released)", i, err)
				}
				if err := push(b); err != want {
					t.Fatalf("push %d: %v, want %v", i, err, want)
				}
			}
		})
	}
}

// A list refused by the pad is released with its buffers.
func TestPadRefusedPushListReleasesBuffers(t *testing.T) {
	pool := createPool(t, 16, 0, 2)
	if err := pool.SetActive(true); err != nil {
		t.Fatal(err)
	}
	defer pool.SetActive(false)
	src, sink := refusedSetup(t)
	sink.SendEvent(NewFlushStartEvent())
	for i := 0; i < 3; i++ {
		l := NewBufferList()
		for j := 0; j < 2; j++ {
			b, err := pool.AcquireBuffer(&BufferPoolAcquireParams{Flags: BufferPoolAcquireFlagDontWait})
			if err != nil {
				t.Fatalf("round %d: acquire: %v", i, err)
			}
			l.Add(b)
		}
		if err := src.PushList(l); err != ErrFlushing {
			t.Fatalf("PushList: %v, want flushing", err)
		}
	}
}
