package base_test

import (
	"testing"

	"go.uber.org/goleak"

	"github.com/gstmini/gstmini/gst"
)

// gst_base_sink_send_event: LATENCY sent to the sink element sets the
// latency it adds before syncing; SEEK goes upstream out of its sink pad
// (to the source, which performs it); downstream events are dropped.
func TestSinkSendEvent(t *testing.T) {
	defer goleak.VerifyNone(t)
	p, _, sink := newPipeline(t, true)
	p.SetState(gst.StatePaused)
	if r, _, _ := p.State(5 * gst.Second); r != gst.StateChangeSuccess {
		t.Fatalf("preroll: %v", r)
	}
	if !sink.SendEvent(gst.NewLatencyEvent(5 * gst.Millisecond)) {
		t.Error("LATENCY refused")
	}
	if l := sink.Latency(); l != 5*gst.Millisecond {
		t.Errorf("latency %v, want 5ms", l)
	}
	if !sink.SeekSimple(gst.FormatTime, gst.SeekFlagFlush, int64(gst.Second)) {
		t.Fatal("seek sent to the sink refused")
	}
	if r, _, _ := p.State(5 * gst.Second); r != gst.StateChangeSuccess {
		t.Fatalf("re-preroll after seek: %v", r)
	}
	if seg := sink.Segment(); seg.Start != uint64(gst.Second) {
		t.Errorf("sink segment start %d after seek, want 1s", seg.Start)
	}
	if !sink.SendEvent(gst.NewEOSEvent()) {
		t.Error("EOS sent to the sink element: want true (dropped)")
	}
	stop(t, p)
}
