package coreelements

import (
	"strings"
	"sync/atomic"
	"testing"

	"github.com/gstmini/gstmini/gst"
)

// Ported from tests/check/elements/fakesink.c: test_eos.
func TestFakeSinkEOS(t *testing.T) {
	p := gst.NewPipeline("pipeline")
	sink := fakesrcMake[*FakeSink](t, "fakesink", "sink")
	sink.Set("sync", true)
	p.Add(sink)
	pad := sink.SinkPad()
	if r := p.SetState(gst.StatePlaying); r != gst.StateChangeAsync {
		t.Fatalf("PLAYING = %v, want ASYNC", r)
	}
	pad.SendEvent(gst.NewStreamStartEvent("s"))
	if !pad.SendEvent(gst.NewEOSEvent()) {
		t.Fatal("first EOS refused")
	}
	if r, _, _ := p.State(5 * gst.Second); r != gst.StateChangeSuccess {
		t.Fatalf("preroll on EOS: %v", r)
	}
	if m := p.Bus().TimedPopFiltered(5*gst.Second, gst.MessageEOS); m == nil {
		t.Fatal("no EOS message")
	}
	if pad.SendEvent(gst.NewEOSEvent()) {
		t.Error("second EOS accepted")
	}
	if pad.SendEvent(gst.NewSegmentEvent(gst.NewSegment(gst.FormatTime))) {
		t.Error("segment after EOS accepted")
	}
	p.SetState(gst.StateNull)
}

// Ported from tests/check/elements/fakesink.c: test_last_message_notify
// (one branch, without tee and queue): every rendered buffer notifies
// last-message with a "chain" message.
func TestFakeSinkLastMessageNotify(t *testing.T) {
	const numBuffers = 100
	p := gst.NewPipeline("pipeline")
	src := fakesrcMake[*FakeSrc](t, "fakesrc", "")
	src.SetString("sizetype", "fixed")
	src.Set("num-buffers", numBuffers)
	src.Set("sizemax", 1)
	sink := fakesrcMake[*FakeSink](t, "fakesink", "")
	sink.Set("silent", false)
	var chains atomic.Int32
	sink.ConnectNotify(func(el gst.Element, obj gst.Object, prop string) {
		if prop != "last-message" {
			return
		}
		msg := el.(*FakeSink).LastMessage()
		if strings.HasPrefix(msg, "chain   ******* ") {
			if !strings.Contains(msg, "(1 bytes, dts: none, pts: none, duration: none, offset: ") ||
				!strings.Contains(msg, "meta: none)") {
				t.Errorf("last-message %q", msg)
			}
			chains.Add(1)
		}
	})
	p.Add(src, sink)
	gst.Link(src, sink)
	if r := p.SetState(gst.StatePlaying); r != gst.StateChangeAsync {
		t.Fatalf("PLAYING = %v, want ASYNC", r)
	}
	if m := p.Bus().TimedPopFiltered(5*gst.Second, gst.MessageEOS|gst.MessageError); m == nil || m.Type() != gst.MessageEOS {
		t.Fatalf("got %v, want EOS", m)
	}
	if r := p.SetState(gst.StateNull); r != gst.StateChangeSuccess {
		t.Fatalf("NULL = %v", r)
	}
	if n := chains.Load(); n != numBuffers {
		t.Errorf("%d chain notifications, want %d", n, numBuffers)
	}
	if m := sink.LastMessage(); m != "" {
		t.Errorf("last-message after NULL = %q, want empty", m)
	}
}

func TestFakeSinkNumBuffersAndHandoffs(t *testing.T) {
	p := gst.NewPipeline("pipeline")
	src := fakesrcMake[*FakeSrc](t, "fakesrc", "")
	sink := fakesrcMake[*FakeSink](t, "fakesink", "")
	sink.Set("num-buffers", 5)
	sink.Set("signal-handoffs", true)
	var rendered, prerolled atomic.Int32
	sink.ConnectHandoff(func(*FakeSink, *gst.Buffer, *gst.Pad) { rendered.Add(1) })
	sink.ConnectPrerollHandoff(func(*FakeSink, *gst.Buffer, *gst.Pad) { prerolled.Add(1) })
	p.Add(src, sink)
	gst.Link(src, sink)
	p.SetState(gst.StatePlaying)
	if m := p.Bus().TimedPopFiltered(5*gst.Second, gst.MessageEOS|gst.MessageError); m == nil || m.Type() != gst.MessageEOS {
		t.Fatalf("got %v, want EOS", m)
	}
	if rendered.Load() != 5 || prerolled.Load() != 1 {
		t.Errorf("rendered %d prerolled %d, want 5 and 1", rendered.Load(), prerolled.Load())
	}
	st, _ := sink.Get("stats")
	if r, _ := st.(*gst.Structure).Uint64("rendered"); r != 5 {
		t.Errorf("stats %v", st)
	}
	p.SetState(gst.StateNull)
}

func TestFakeSinkStateError(t *testing.T) {
	for _, c := range []struct {
		mode   string
		target gst.State
	}{
		{"null-to-ready", gst.StateReady},
		{"ready-to-paused", gst.StatePaused},
	} {
		t.Run(c.mode, func(t *testing.T) {
			sink := fakesrcMake[*FakeSink](t, "fakesink", "")
			bus := gst.NewBus()
			sink.SetBus(bus)
			if err := sink.SetString("state-error", c.mode); err != nil {
				t.Fatal(err)
			}
			if r := sink.SetState(c.target); r != gst.StateChangeFailure {
				t.Fatalf("SetState(%v) = %v, want FAILURE", c.target, r)
			}
			m := bus.TimedPopFiltered(gst.Second, gst.MessageError)
			em, ok := m.(*gst.ErrorMessage)
			if !ok || !strings.Contains(em.Debug, "Erroring out on state change as requested") {
				t.Errorf("error message %v", m)
			}
			sink.SetState(gst.StateNull)
		})
	}
}

func TestFakeSinkDefaultsAndSeeking(t *testing.T) {
	sink := fakesrcMake[*FakeSink](t, "fakesink", "")
	for _, c := range []struct{ name, want string }{
		{"sync", "false"}, {"silent", "true"}, {"num-buffers", "-1"}, {"state-error", "none"},
		{"can-activate-pull", "false"}, {"can-activate-push", "true"}, {"drop-out-of-segment", "true"},
		{"async", "true"}, {"qos", "false"},
	} {
		if got, err := sink.GetString(c.name); err != nil || got != c.want {
			t.Errorf("%s = %q %v, want %q", c.name, got, err, c.want)
		}
	}
	if ps := FakeSinkClass.FindProperty("sync"); ps.Default != false {
		t.Errorf("sync spec default %v", ps.Default)
	}
	q := gst.NewSeekingQuery(gst.FormatTime)
	if !sink.SinkPad().Query(q) || q.Seekable || q.SegmentEnd != -1 {
		t.Errorf("seeking query: %+v", q)
	}
}
