package coreelements

import (
	"sync"
	"testing"

	"github.com/gstmini/gstmini/gst"
	"github.com/gstmini/gstmini/gsttest"
)

func TestInputSelectorCheckElement(t *testing.T) {
	corecTestRegister(t)
	gsttest.CheckElement(t, "input-selector")
}

// inputselectorOut collects what reaches the selector's src pad.
type inputselectorOut struct {
	mu     sync.Mutex
	bufs   []*gst.Buffer
	events []gst.Event
}

func inputselectorSetup(t *testing.T, n int) (*InputSelector, []*gst.Pad, *inputselectorOut) {
	t.Helper()
	el, err := InputSelectorClass.Create("")
	if err != nil {
		t.Fatal(err)
	}
	s := el.(*InputSelector)
	out := &inputselectorOut{}
	sink := gst.NewPad("sink", gst.PadSink)
	sink.SetChainFunc(func(_ *gst.Pad, b *gst.Buffer) error {
		out.mu.Lock()
		out.bufs = append(out.bufs, b)
		out.mu.Unlock()
		return nil
	})
	sink.SetEventFunc(func(_ *gst.Pad, ev gst.Event) bool {
		out.mu.Lock()
		out.events = append(out.events, ev)
		out.mu.Unlock()
		return true
	})
	s.StaticPad("src").Link(sink)
	sink.SetActive(true)
	var srcs []*gst.Pad
	for i := 0; i < n; i++ {
		sp := s.RequestPadSimple("sink_%u")
		if sp == nil || sp.Name() != "sink_"+string(rune('0'+i)) {
			t.Fatalf("request %d gave %v", i, sp)
		}
		src := gst.NewPad("src", gst.PadSrc)
		src.Link(sp)
		src.SetActive(true)
		srcs = append(srcs, src)
	}
	if r := s.SetState(gst.StatePlaying); r != gst.StateChangeSuccess {
		t.Fatalf("PLAYING %v", r)
	}
	t.Cleanup(func() {
		s.SetState(gst.StateNull)
		for _, p := range srcs {
			p.SetActive(false)
		}
		sink.SetActive(false)
	})
	for i, p := range srcs {
		p.PushEvent(gst.NewStreamStartEvent("s" + string(rune('0'+i))))
		var seg gst.Segment
		seg.Init(gst.FormatTime)
		p.PushEvent(gst.NewSegmentEvent(&seg))
	}
	return s, srcs, out
}

func inputselectorBuf(pts gst.ClockTime) *gst.Buffer {
	b := gst.NewBufferAllocate(1)
	b.PTS, b.Duration = pts, 10*gst.Millisecond
	return b
}

// Ported from tests/check/elements/selector.c
// test_input_selector_buffer_count: only the active pad's buffers pass,
// and switching makes the other pad's buffers pass.
func TestInputSelectorBufferCount(t *testing.T) {
	s, srcs, out := inputselectorSetup(t, 2)
	if n, _ := s.Get("n-pads"); n != uint(2) {
		t.Fatalf("n-pads = %v", n)
	}
	s.Set("active-pad", s.StaticPad("sink_0"))
	// sink_0 active: its buffers go out, sink_1's are dropped with OK
	for i := 0; i < 3; i++ {
		if err := srcs[0].Push(inputselectorBuf(gst.ClockTime(i) * 10 * gst.Millisecond)); err != nil {
			t.Fatal(err)
		}
	}
	if err := srcs[1].Push(inputselectorBuf(0)); err != nil {
		t.Fatalf("inactive push = %v, want OK (always-ok)", err)
	}
	out.mu.Lock()
	if len(out.bufs) != 3 {
		t.Fatalf("%d buffers out, want 3", len(out.bufs))
	}
	out.mu.Unlock()
	if p := s.ActivePad(); p == nil || p.Name() != "sink_0" {
		t.Fatalf("active pad %v", p)
	}
	// switch to sink_1: its next buffer comes out, marked DISCONT, after a
	// segment with the position it reached
	if err := s.Set("active-pad", s.StaticPad("sink_1")); err != nil {
		t.Fatal(err)
	}
	if err := srcs[1].Push(inputselectorBuf(30 * gst.Millisecond)); err != nil {
		t.Fatal(err)
	}
	out.mu.Lock()
	defer out.mu.Unlock()
	if len(out.bufs) != 4 {
		t.Fatalf("%d buffers out after switch, want 4", len(out.bufs))
	}
	if !out.bufs[3].HasFlags(gst.BufferFlagDiscont) || out.bufs[3].PTS != 30*gst.Millisecond {
		t.Errorf("switched buffer %v, want DISCONT at 30ms", out.bufs[3])
	}
	segs := 0
	for _, ev := range out.events {
		if _, ok := ev.(*gst.SegmentEvent); ok {
			segs++
		}
	}
	if segs < 2 {
		t.Errorf("%d segments downstream, want a new one after the switch", segs)
	}
}

// With sync-streams (the default) an inactive pad whose buffer is behind
// the active pad's running time is not blocked.
func TestInputSelectorSyncStreamsBehind(t *testing.T) {
	s, srcs, out := inputselectorSetup(t, 2)
	s.Set("active-pad", s.StaticPad("sink_0"))
	srcs[0].Push(inputselectorBuf(100 * gst.Millisecond))
	if err := srcs[1].Push(inputselectorBuf(0)); err != nil {
		t.Fatal(err)
	}
	out.mu.Lock()
	defer out.mu.Unlock()
	if len(out.bufs) != 1 {
		t.Fatalf("%d buffers, want 1", len(out.bufs))
	}
}

// Ported from tests/check/elements/selector.c
// test_input_selector_shorter_stream: EOS of the inactive pad waits; EOS
// of the active pad goes downstream.
func TestInputSelectorEOS(t *testing.T) {
	s, srcs, out := inputselectorSetup(t, 2)
	s.Set("sync-streams", false)
	s.Set("active-pad", s.StaticPad("sink_0"))
	srcs[0].Push(inputselectorBuf(0))
	done := make(chan bool)
	go func() { done <- srcs[1].PushEvent(gst.NewEOSEvent()) }()
	// the inactive pad's EOS blocks until the selector is EOS: send EOS on
	// the active pad, which makes every pad EOS
	if !srcs[0].PushEvent(gst.NewEOSEvent()) {
		t.Fatal("EOS on the active pad refused")
	}
	<-done
	out.mu.Lock()
	defer out.mu.Unlock()
	n := 0
	for _, ev := range out.events {
		if _, ok := ev.(*gst.EOSEvent); ok {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("%d EOS downstream, want 1", n)
	}
}

func TestInputSelectorActivePadErrors(t *testing.T) {
	s, _, _ := inputselectorSetup(t, 1)
	if err := s.Set("active-pad", gst.NewPad("x", gst.PadSink)); err == nil {
		t.Error("foreign pad accepted as active-pad")
	}
	// mutability flags are informational (g_object_set does not check them)
	if err := s.Set("sync-streams", false); err != nil {
		t.Errorf("sync-streams in PLAYING: %v", err)
	}
	p := s.StaticPad("sink_0")
	s.ReleaseRequestPad(p)
	if n, _ := s.Get("n-pads"); n != uint(0) {
		t.Errorf("n-pads after release = %v", n)
	}
}
