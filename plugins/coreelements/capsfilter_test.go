package coreelements

import (
	"testing"

	"github.com/gstmini/gstmini/gst"
	"github.com/gstmini/gstmini/gsttest"
)

func capsfilterCaps(t *testing.T, s string) *gst.Caps {
	t.Helper()
	c, err := gst.ParseCaps(s)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// Ported from tests/check/elements/capsfilter.c: test_caps_property.
func TestCapsFilterCapsProperty(t *testing.T) {
	f := fakesrcMake[*CapsFilter](t, "capsfilter", "")
	for _, s := range []string{"audio/x-raw, rate=(int)44100, channels=(int)1", "video/x-raw, width=(int)320, height=(int)240"} {
		c := capsfilterCaps(t, s)
		if err := f.Set("caps", c); err != nil {
			t.Fatal(err)
		}
		got, _ := f.Get("caps")
		if !got.(*gst.Caps).IsEqual(c) {
			t.Errorf("caps = %v, want %v", got, c)
		}
	}
	if err := f.Set("caps", (*gst.Caps)(nil)); err != nil {
		t.Fatal(err)
	}
	if got, _ := f.Get("caps"); !got.(*gst.Caps).IsAny() {
		t.Errorf("nil caps read back as %v, want ANY", got)
	}
	if err := f.SetString("caps", "audio/x-raw"); err != nil {
		t.Fatal(err)
	}
	if s, _ := f.GetString("caps"); s != "audio/x-raw" {
		t.Errorf("caps string %q", s)
	}
}

// Ported from tests/check/elements/capsfilter.c: test_caps_query.
func TestCapsFilterCapsQuery(t *testing.T) {
	f := fakesrcMake[*CapsFilter](t, "capsfilter", "")
	f.Set("caps", capsfilterCaps(t, "audio/x-raw, rate=(int)44100, channels=(int)1"))
	q := gst.NewCapsQuery(capsfilterCaps(t, "video/x-raw, width=(int)320, height=(int)240"))
	if !f.SinkPad().Query(q) {
		t.Fatal("caps query failed")
	}
	if !q.Result.IsEmpty() {
		t.Errorf("result %v, want EMPTY", q.Result)
	}
	q = gst.NewCapsQuery(nil)
	f.SrcPad().Query(q)
	if want := capsfilterCaps(t, "audio/x-raw, rate=(int)44100, channels=(int)1"); !q.Result.IsEqual(want) {
		t.Errorf("unfiltered result %v, want %v", q.Result, want)
	}
}

// Ported from tests/check/elements/capsfilter.c: test_accept_caps_query.
func TestCapsFilterAcceptCapsQuery(t *testing.T) {
	f := fakesrcMake[*CapsFilter](t, "capsfilter", "")
	f.Set("caps", capsfilterCaps(t, "audio/x-raw, rate=(int)44100, channels=(int)1"))
	for _, pad := range []*gst.Pad{f.SinkPad(), f.SrcPad()} {
		for _, c := range []struct {
			caps string
			want bool
		}{
			{"audio/x-raw, rate=(int)44100, channels=(int)1", true},
			{"video/x-raw, width=(int)320, height=(int)240", false},
		} {
			q := gst.NewAcceptCapsQuery(capsfilterCaps(t, c.caps))
			if !pad.Query(q) {
				t.Fatalf("%s: accept-caps query failed", pad)
			}
			if q.Result != c.want {
				t.Errorf("%s: accept %s = %v, want %v", pad, c.caps, q.Result, c.want)
			}
		}
	}
}

// Ported from tests/check/elements/capsfilter.c:
// test_unfixed_downstream_caps: unfixed filter caps (rate only) with a
// downstream accepting channels 1 to 2 and no upstream caps: the buffer
// fails with an error message and nothing comes out.
func TestCapsFilterUnfixedDownstreamCaps(t *testing.T) {
	f := fakesrcMake[*CapsFilter](t, "capsfilter", "")
	f.Set("caps", capsfilterCaps(t, "audio/x-raw, rate=(int)44100"))
	bus := gst.NewBus()
	f.SetBus(bus)
	h := gsttest.NewWithElement(t, f, "sink", "src")
	h.SetSinkCapsString("audio/x-raw, channels = (int) [ 1, 2], rate = (int) [ 1,  MAX ]")
	h.PushEvent(gst.NewSegmentEvent(gst.NewSegment(gst.FormatBytes)))
	b := gst.NewBufferAllocate(1024)
	if err := h.Push(b); gst.FlowFromError(err) != gst.FlowError {
		t.Errorf("push: %v, want a flow error", err)
	}
	m := bus.TimedPopFiltered(gst.Second, gst.MessageError)
	em, ok := m.(*gst.ErrorMessage)
	if !ok {
		t.Fatalf("got %v, want ERROR", m)
	}
	if em.Err.Error() != "Filter caps do not completely specify the output format" {
		t.Errorf("error %q (%s)", em.Err, em.Debug)
	}
	if n := h.BuffersReceived(); n != 0 {
		t.Errorf("%d buffers out, want 0", n)
	}
}

// Modelled on tests/check/elements/capsfilter.c: test_push_pending_events:
// without upstream caps, fixed filter caps are pushed before the first
// buffer and the held-back SEGMENT follows them.
func TestCapsFilterPushPendingEvents(t *testing.T) {
	f := fakesrcMake[*CapsFilter](t, "capsfilter", "")
	f.Set("caps", capsfilterCaps(t, "audio/x-raw, rate=(int)44100, channels=(int)1"))
	h := gsttest.NewWithElement(t, f, "sink", "src")
	h.PushEvent(gst.NewSegmentEvent(gst.NewSegment(gst.FormatTime)))
	for {
		ev, ok := h.TryPullEvent()
		if !ok {
			break
		}
		if ev.Type() == gst.EventSegment {
			t.Fatal("segment forwarded before caps")
		}
	}
	if err := h.Push(gst.NewBuffer()); err != nil {
		t.Fatal(err)
	}
	h.Pull().Unref()
	var order []gst.EventType
	for {
		ev, ok := h.TryPullEvent()
		if !ok {
			break
		}
		order = append(order, ev.Type())
		if ce, ok := ev.(*gst.CapsEvent); ok && ce.Caps.String() != "audio/x-raw, rate=(int)44100, channels=(int)1" {
			t.Errorf("caps %v", ce.Caps)
		}
	}
	if len(order) != 2 || order[0] != gst.EventCaps || order[1] != gst.EventSegment {
		t.Errorf("events %v, want caps then segment", order)
	}
}

// Ported in part from tests/check/elements/capsfilter.c:
// test_caps_change_mode_delayed: after a caps change in delayed mode the
// previous caps are still accepted, in immediate mode they are not.
func TestCapsFilterCapsChangeMode(t *testing.T) {
	for _, c := range []struct {
		mode string
		want bool
	}{{"immediate", false}, {"delayed", true}} {
		t.Run(c.mode, func(t *testing.T) {
			f := fakesrcMake[*CapsFilter](t, "capsfilter", "")
			f.SetString("caps-change-mode", c.mode)
			f.Set("caps", capsfilterCaps(t, "audio/x-raw, rate=(int)44100"))
			h := gsttest.NewWithElement(t, f, "sink", "src")
			h.SetSrcCapsString("audio/x-raw, rate=(int)44100")
			if err := h.Push(gst.NewBuffer()); err != nil {
				t.Fatal(err)
			}
			h.Pull().Unref()
			if err := f.Set("caps", capsfilterCaps(t, "audio/x-raw, rate=(int)48000")); err != nil {
				t.Fatal(err)
			}
			q := gst.NewAcceptCapsQuery(capsfilterCaps(t, "audio/x-raw, rate=(int)44100"))
			f.SinkPad().Query(q)
			if q.Result != c.want {
				t.Errorf("old caps accepted = %v, want %v", q.Result, c.want)
			}
		})
	}
}
