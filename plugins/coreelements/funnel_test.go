package coreelements

import (
	"errors"
	"sync/atomic"
	"testing"

	"github.com/gstmini/gstmini/gst"
)

// funnelTestData is struct TestData of tests/check/elements/funnel.c: a
// funnel with sink_11 and sink_22 fed by two floating source pads, its
// source pad linked to a counting sink pad.
type funnelTestData struct {
	f                *Funnel
	sink11, sink22   *gst.Pad
	mysink           *gst.Pad
	mysrc1, mysrc2   *gst.Pad
	bufcount, numEOS atomic.Int32
}

func funnelSetup(t *testing.T) *funnelTestData {
	t.Helper()
	el, err := FunnelClass.Create("")
	if err != nil {
		t.Fatal(err)
	}
	td := &funnelTestData{f: el.(*Funnel)}
	td.sink11 = td.f.RequestPadSimple("sink_11")
	td.sink22 = td.f.RequestPadSimple("sink_22")
	if td.sink11 == nil || td.sink11.Name() != "sink_11" || td.sink22 == nil || td.sink22.Name() != "sink_22" {
		t.Fatal("request pads sink_11/sink_22 failed")
	}
	if r := td.f.SetState(gst.StatePlaying); r != gst.StateChangeSuccess {
		t.Fatalf("PLAYING: %v", r)
	}
	td.mysink = gst.NewPad("sink", gst.PadSink)
	td.mysink.SetChainFunc(func(_ *gst.Pad, buf *gst.Buffer) error {
		td.bufcount.Add(1)
		buf.Unref()
		return nil
	})
	td.mysink.SetEventFunc(func(p *gst.Pad, ev gst.Event) bool {
		if ev.Type() == gst.EventEOS {
			td.numEOS.Add(1)
		}
		return p.EventDefault(ev)
	})
	td.mysink.SetActive(true)
	caps := gst.MustParseCaps("test/test")
	td.mysrc1 = funnelSetupSrc(t, "src1", "test1", caps)
	td.mysrc2 = funnelSetupSrc(t, "src2", "test2", caps)
	if r := td.f.StaticPad("src").Link(td.mysink); r != gst.PadLinkOK {
		t.Fatal(r)
	}
	if r := td.mysrc1.Link(td.sink11); r != gst.PadLinkOK {
		t.Fatal(r)
	}
	if r := td.mysrc2.Link(td.sink22); r != gst.PadLinkOK {
		t.Fatal(r)
	}
	t.Cleanup(func() {
		td.mysink.SetActive(false)
		td.mysrc1.SetActive(false)
		td.mysrc2.SetActive(false)
		td.f.SetState(gst.StateNull)
	})
	return td
}

// funnelSetupSrc is gst_check_setup_events_with_stream_id: stream-start,
// caps and a BYTES segment stored on an active, unlinked source pad.
func funnelSetupSrc(t *testing.T, name, streamID string, caps *gst.Caps) *gst.Pad {
	p := gst.NewPad(name, gst.PadSrc)
	p.SetActive(true)
	p.PushEvent(gst.NewStreamStartEvent(streamID))
	p.PushEvent(gst.NewCapsEvent(caps))
	p.PushEvent(gst.NewSegmentEvent(gst.NewSegment(gst.FormatBytes)))
	return p
}

func funnelPush(t *testing.T, p *gst.Pad, want error) {
	t.Helper()
	err := p.Push(gst.NewBuffer())
	if (want == nil && err != nil) || (want != nil && !errors.Is(err, want)) {
		t.Fatalf("push on %s = %v, want %v", p.Name(), err, want)
	}
}

// GStreamer: test_funnel_simple (tests/check/elements/funnel.c).
func TestFunnelSimple(t *testing.T) {
	td := funnelSetup(t)
	funnelPush(t, td.mysrc1, nil)
	funnelPush(t, td.mysrc2, nil)
	if n := td.bufcount.Load(); n != 2 {
		t.Fatalf("bufcount %d, want 2", n)
	}
}

// GStreamer: test_funnel_eos (tests/check/elements/funnel.c).
func TestFunnelEOS(t *testing.T) {
	td := funnelSetup(t)
	check := func(bufs, eos int32) {
		t.Helper()
		if b, e := td.bufcount.Load(), td.numEOS.Load(); b != bufs || e != eos {
			t.Fatalf("bufcount %d, EOS %d; want %d, %d", b, e, bufs, eos)
		}
	}
	funnelPush(t, td.mysrc1, nil)
	funnelPush(t, td.mysrc2, nil)
	check(2, 0)
	if !td.mysrc1.PushEvent(gst.NewEOSEvent()) {
		t.Fatal("EOS 1 refused")
	}
	check(2, 0)
	funnelPush(t, td.mysrc1, gst.ErrEOS)
	funnelPush(t, td.mysrc2, nil)
	check(3, 0)
	if !td.mysrc2.PushEvent(gst.NewEOSEvent()) {
		t.Fatal("EOS 2 refused")
	}
	check(3, 1)
	funnelPush(t, td.mysrc1, gst.ErrEOS)
	funnelPush(t, td.mysrc2, gst.ErrEOS)
	check(3, 1)

	if !td.mysrc1.PushEvent(gst.NewFlushStartEvent()) || !td.mysrc1.PushEvent(gst.NewFlushStopEvent(true)) {
		t.Fatal("flush refused")
	}
	seg := gst.NewSegment(gst.FormatBytes)
	td.mysrc1.PushEvent(gst.NewSegmentEvent(seg))
	td.mysrc2.PushEvent(gst.NewSegmentEvent(seg))
	funnelPush(t, td.mysrc1, nil)
	funnelPush(t, td.mysrc2, gst.ErrEOS)
	check(4, 1)

	// releasing the only pad without EOS sends EOS
	if !td.mysrc1.Unlink(td.sink11) {
		t.Fatal("unlink")
	}
	td.f.ReleaseRequestPad(td.sink11)
	check(4, 2)

	td.sink11 = td.f.RequestPadSimple("sink_11")
	if td.sink11 == nil || td.sink11.Name() != "sink_11" {
		t.Fatal("re-request sink_11")
	}
	if r := td.mysrc1.Link(td.sink11); r != gst.PadLinkOK {
		t.Fatal(r)
	}
	// everything is EOS already: this EOS fails
	if td.mysrc1.PushEvent(gst.NewEOSEvent()) {
		t.Fatal("EOS accepted although downstream is EOS")
	}
	check(4, 2)
	td.mysrc1.Unlink(td.sink11)
	td.f.ReleaseRequestPad(td.sink11)
	check(4, 2)

	// only EOS: empty streams are handled
	td.sink11 = td.f.RequestPadSimple("sink_11")
	if r := td.mysrc1.Link(td.sink11); r != gst.PadLinkOK {
		t.Fatal(r)
	}
	for _, p := range []*gst.Pad{td.mysrc1, td.mysrc2} {
		if !p.PushEvent(gst.NewFlushStartEvent()) || !p.PushEvent(gst.NewFlushStopEvent(true)) {
			t.Fatal("flush refused")
		}
	}
	if !td.mysrc1.PushEvent(gst.NewEOSEvent()) || !td.mysrc2.PushEvent(gst.NewEOSEvent()) {
		t.Fatal("EOS refused")
	}
	check(4, 3)
	td.mysrc1.Unlink(td.sink11)
	td.f.ReleaseRequestPad(td.sink11)
	check(4, 3)
	if p := td.f.RequestPadSimple("sink_11"); p == nil || p.Name() != "sink_11" {
		t.Fatal("re-request sink_11")
	}
}

// GStreamer: test_funnel_gap_event (tests/check/elements/funnel.c).
func TestFunnelGapEvent(t *testing.T) {
	td := funnelSetup(t)
	var counts [4]atomic.Int32 // stream-start, caps, segment, gap
	td.mysink.AddProbe(gst.ProbeTypeEventDownstream, func(_ *gst.Pad, info *gst.PadProbeInfo) gst.PadProbeReturn {
		switch info.Event().Type() {
		case gst.EventStreamStart:
			counts[0].Add(1)
		case gst.EventCaps:
			counts[1].Add(1)
		case gst.EventSegment:
			counts[2].Add(1)
		case gst.EventGap:
			counts[3].Add(1)
		}
		return gst.ProbeOK
	})
	check := func(step string, sticky, gaps int32) {
		t.Helper()
		for i, want := range []int32{sticky, sticky, sticky, gaps} {
			if got := counts[i].Load(); got != want {
				t.Fatalf("%s: counts %d/%d/%d/%d, want %d sticky and %d gaps", step,
					counts[0].Load(), counts[1].Load(), counts[2].Load(), counts[3].Load(), sticky, gaps)
			}
		}
	}
	gap := func(p *gst.Pad) {
		t.Helper()
		if !p.PushEvent(gst.NewGapEvent(0, gst.Second)) {
			t.Fatal("gap refused")
		}
	}
	gap(td.mysrc1)
	check("gap on 1", 1, 1)
	gap(td.mysrc2)
	check("gap on 2", 2, 2)
	gap(td.mysrc2)
	check("gap on 2 again", 2, 3)
	gap(td.mysrc1)
	check("gap on 1 again", 3, 4)
	funnelPush(t, td.mysrc1, nil)
	funnelPush(t, td.mysrc2, nil)
	check("buffers", 4, 4)
	if n := td.bufcount.Load(); n != 2 {
		t.Fatalf("bufcount %d, want 2", n)
	}
}

func TestFunnelPadNames(t *testing.T) {
	el, err := FunnelClass.Create("")
	if err != nil {
		t.Fatal(err)
	}
	f := el.(*Funnel)
	p := f.RequestPadSimple("sink_%u")
	if p == nil || len(p.Name()) < len("funnelpad0") || p.Name()[:9] != "funnelpad" {
		t.Fatalf("unnamed request pad called %v, want funnelpadN as in GStreamer", p)
	}
}
