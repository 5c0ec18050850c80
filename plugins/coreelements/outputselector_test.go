package coreelements

import (
	"fmt"
	"sync"
	"testing"

	"github.com/gstmini/gstmini/gst"
	"github.com/gstmini/gstmini/gsttest"
)

func TestOutputSelectorCheckElement(t *testing.T) {
	corecTestRegister(t)
	gsttest.CheckElement(t, "output-selector")
}

// outputselectorPeer is a sink pad linked to one src_%u pad that counts
// (and keeps) what it receives, like selector.c's probe_cb.
type outputselectorPeer struct {
	pad    *gst.Pad
	mu     sync.Mutex
	bufs   []*gst.Buffer
	events []gst.Event
}

func (o *outputselectorPeer) counts() (bufs int, events []gst.EventType) {
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, e := range o.events {
		events = append(events, e.Type())
	}
	return len(o.bufs), events
}

// outputselectorSetup makes an output-selector with an input pad linked to
// its sink and one peer per template (nil: ANY) linked to requested
// src_%u pads (selector.c setup_output_pad).
func outputselectorSetup(t *testing.T, templates ...*gst.Caps) (*OutputSelector, *gst.Pad, []*outputselectorPeer) {
	t.Helper()
	el, err := OutputSelectorClass.Create("")
	if err != nil {
		t.Fatal(err)
	}
	s := el.(*OutputSelector)
	in := gst.NewPad("src", gst.PadSrc)
	if r := in.Link(s.StaticPad("sink")); r != gst.PadLinkOK {
		t.Fatalf("link input: %v", r)
	}
	in.SetActive(true)
	var peers []*outputselectorPeer
	for i, caps := range templates {
		sp := s.RequestPadSimple("src_%u")
		if sp == nil || sp.Name() != fmt.Sprintf("src_%d", i) {
			t.Fatalf("request %d gave %v", i, sp)
		}
		if caps == nil {
			caps = gst.NewCapsAny()
		}
		tmpl := gst.MustNewPadTemplate("sink", gst.PadSink, gst.PadAlways, caps)
		o := &outputselectorPeer{pad: gst.NewPadFromTemplate(tmpl, "sink")}
		o.pad.SetChainFunc(func(_ *gst.Pad, b *gst.Buffer) error {
			o.mu.Lock()
			o.bufs = append(o.bufs, b)
			o.mu.Unlock()
			return nil
		})
		o.pad.SetEventFunc(func(_ *gst.Pad, ev gst.Event) bool {
			o.mu.Lock()
			o.events = append(o.events, ev)
			o.mu.Unlock()
			return true
		})
		if r := sp.Link(o.pad); r != gst.PadLinkOK {
			t.Fatalf("link output %d: %v", i, r)
		}
		o.pad.SetActive(true)
		peers = append(peers, o)
	}
	t.Cleanup(func() {
		s.SetState(gst.StateNull)
		in.SetActive(false)
		for _, o := range peers {
			o.pad.SetActive(false)
		}
	})
	return s, in, peers
}

func outputselectorPlay(t *testing.T, s *OutputSelector) {
	t.Helper()
	if r := s.SetState(gst.StatePlaying); r != gst.StateChangeSuccess {
		t.Fatalf("PLAYING: %v", r)
	}
}

// Ported from tests/check/elements/selector.c
// test_output_selector_buffer_count: for 0..3 src pads and 0..3 buffers,
// switching to each pad in turn and pushing the buffers delivers exactly
// that many buffers to every pad.
func TestOutputSelectorBufferCount(t *testing.T) {
	const numSelectorPads, numInputBuffers = 4, 4
	for npads := 0; npads < numSelectorPads; npads++ {
		for nbufs := 0; nbufs < numInputBuffers; nbufs++ {
			t.Run(fmt.Sprintf("pads=%d/buffers=%d", npads, nbufs), func(t *testing.T) {
				s, in, peers := outputselectorSetup(t, make([]*gst.Caps, npads)...)
				outputselectorPlay(t, s)
				var seg gst.Segment
				seg.Init(gst.FormatBytes)
				in.PushEvent(gst.NewStreamStartEvent("test"))
				in.PushEvent(gst.NewSegmentEvent(&seg))
				for _, o := range peers {
					if err := s.Set("active-pad", o.pad.Peer()); err != nil {
						t.Fatal(err)
					}
					for i := 0; i < nbufs; i++ {
						if err := in.Push(gst.NewBufferAllocate(1)); err != nil {
							t.Fatalf("push: %v", err)
						}
					}
				}
				for i, o := range peers {
					if n, _ := o.counts(); n != nbufs {
						t.Errorf("src_%d got %d buffers, want %d", i, n, nbufs)
					}
				}
				if r := s.SetState(gst.StateNull); r != gst.StateChangeSuccess {
					t.Fatalf("NULL: %v", r)
				}
			})
		}
	}
}

// Ported from selector.c test_output_selector_no_srcpad_negotiation:
// without src pads the sink pad's caps are ANY and any caps are accepted,
// whatever the mode.
func TestOutputSelectorNoSrcpadNegotiation(t *testing.T) {
	el, err := OutputSelectorClass.Create("")
	if err != nil {
		t.Fatal(err)
	}
	s := el.(*OutputSelector)
	pad := s.StaticPad("sink")
	defer s.SetState(gst.StateNull)
	for mode := 0; mode <= 2; mode++ {
		// selector.c sets the mode in PLAYING; GstMini enforces the
		// mutability flags GObject ignores, and the property has none,
		// so it is set in NULL here.
		s.SetState(gst.StateNull)
		if err := s.Set("pad-negotiation-mode", mode); err != nil {
			t.Fatal(err)
		}
		outputselectorPlay(t, s)
		if caps := pad.QueryCaps(nil); !caps.IsAny() {
			t.Errorf("mode %d: caps %v, want ANY", mode, caps)
		}
		if !pad.SetCaps(gst.NewCapsEmptySimple("mymedia/mycaps")) {
			t.Errorf("mode %d: setcaps refused", mode)
		}
	}
}

// Ported from selector.c test_output_selector_getcaps_{none,all,active}:
// two outputs accepting "format/abc; format/xyz" and "format/abc".
func TestOutputSelectorGetCaps(t *testing.T) {
	a := gst.MustParseCaps("format/abc; format/xyz")
	b := gst.MustParseCaps("format/abc")
	for _, tc := range []struct {
		name string
		mode int
		want func(peer int) *gst.Caps
	}{
		// none: the sink template, ANY
		{"none", OutputSelectorPadNegotiationModeNone, func(int) *gst.Caps { return gst.NewCapsAny() }},
		// all: the intersection of every src pad's peer caps
		{"all", OutputSelectorPadNegotiationModeAll, func(int) *gst.Caps { return gst.MustParseCaps("format/abc") }},
		// active: the active pad's peer caps
		{"active", OutputSelectorPadNegotiationModeActive, func(i int) *gst.Caps { return []*gst.Caps{a, b}[i] }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, in, peers := outputselectorSetup(t, a, b)
			if err := s.Set("pad-negotiation-mode", tc.mode); err != nil {
				t.Fatal(err)
			}
			outputselectorPlay(t, s)
			for i, o := range peers {
				if err := s.Set("active-pad", o.pad.Peer()); err != nil {
					t.Fatal(err)
				}
				if got, want := in.PeerQueryCaps(nil), tc.want(i); !got.IsEqual(want) {
					t.Errorf("active src_%d: caps %v, want %v", i, got, want)
				}
			}
		})
	}
}

// The first requested pad is active; a switch sends the sticky events and
// the segment (position = end of the last buffer) before the next buffer;
// with resend-latest the last buffer is pushed again on the new pad, with
// the segment position at its timestamp.
func TestOutputSelectorSwitchSegment(t *testing.T) {
	for _, resend := range []bool{false, true} {
		t.Run(fmt.Sprintf("resend-latest=%v", resend), func(t *testing.T) {
			s, in, peers := outputselectorSetup(t, nil, nil)
			if p := s.ActivePad(); p == nil || p.Name() != "src_0" {
				t.Fatalf("default active pad %v, want src_0", p)
			}
			s.Set("resend-latest", resend)
			outputselectorPlay(t, s)
			var seg gst.Segment
			seg.Init(gst.FormatTime)
			in.PushEvent(gst.NewStreamStartEvent("test"))
			in.PushEvent(gst.NewSegmentEvent(&seg))
			b := gst.NewBufferAllocate(1)
			b.PTS, b.Duration = 40*gst.Millisecond, 10*gst.Millisecond
			if err := in.Push(b); err != nil {
				t.Fatal(err)
			}
			if err := s.Set("active-pad", peers[1].pad.Peer()); err != nil {
				t.Fatal(err)
			}
			if got, _ := s.Get("active-pad"); got != peers[1].pad.Peer() {
				t.Fatalf("active-pad after set = %v", got)
			}
			b = gst.NewBufferAllocate(1)
			b.PTS, b.Duration = 50*gst.Millisecond, 10*gst.Millisecond
			if err := in.Push(b); err != nil {
				t.Fatal(err)
			}
			n0, _ := peers[0].counts()
			n1, evs := peers[1].counts()
			want1 := 1
			wantPos := uint64(50 * gst.Millisecond)
			if resend {
				want1, wantPos = 2, uint64(40*gst.Millisecond)
			}
			if n0 != 1 || n1 != want1 {
				t.Fatalf("buffers %d/%d, want 1/%d", n0, n1, want1)
			}
			peers[1].mu.Lock()
			defer peers[1].mu.Unlock()
			var last *gst.SegmentEvent
			for _, ev := range peers[1].events {
				if se, ok := ev.(*gst.SegmentEvent); ok {
					last = se
				}
			}
			if last == nil {
				t.Fatalf("no segment on src_1: %v", evs)
			}
			if last.Segment.Position != wantPos {
				t.Errorf("switch segment position %v, want %v", last.Segment.Position, wantPos)
			}
			if resend && peers[1].bufs[0].PTS != 40*gst.Millisecond {
				t.Errorf("resent buffer PTS %v", peers[1].bufs[0].PTS)
			}
		})
	}
}

// EOS follows pad-negotiation-mode: all pads, the active pad, or none.
func TestOutputSelectorEOSMode(t *testing.T) {
	for _, tc := range []struct {
		mode int
		want [2]bool
	}{
		{OutputSelectorPadNegotiationModeNone, [2]bool{false, false}},
		{OutputSelectorPadNegotiationModeAll, [2]bool{true, true}},
		{OutputSelectorPadNegotiationModeActive, [2]bool{false, true}},
	} {
		t.Run(fmt.Sprint(tc.mode), func(t *testing.T) {
			s, in, peers := outputselectorSetup(t, nil, nil)
			s.Set("pad-negotiation-mode", tc.mode)
			outputselectorPlay(t, s)
			var seg gst.Segment
			seg.Init(gst.FormatTime)
			in.PushEvent(gst.NewStreamStartEvent("test"))
			in.PushEvent(gst.NewSegmentEvent(&seg))
			s.Set("active-pad", peers[1].pad.Peer())
			in.Push(gst.NewBufferAllocate(1))
			in.PushEvent(gst.NewEOSEvent())
			for i, o := range peers {
				_, evs := o.counts()
				got := false
				for _, e := range evs {
					got = got || e == gst.EventEOS
				}
				if got != tc.want[i] {
					t.Errorf("src_%d EOS %v, want %v (events %v)", i, got, tc.want[i], evs)
				}
			}
		})
	}
}

// Setting a pad of another element, or a sink pad, as active-pad fails.
func TestOutputSelectorActivePadForeign(t *testing.T) {
	s, _, _ := outputselectorSetup(t, nil)
	if err := s.Set("active-pad", s.StaticPad("sink")); err == nil {
		t.Error("sink pad accepted as active-pad")
	}
	if err := s.Set("active-pad", gst.NewPad("x", gst.PadSrc)); err == nil {
		t.Error("foreign pad accepted as active-pad")
	}
}
