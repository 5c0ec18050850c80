package coreelements

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/gstmini/gstmini/base"
	"github.com/gstmini/gstmini/gst"
	"github.com/gstmini/gstmini/gsttest"
)

// identityHarness wraps a new identity with props set (in NULL) in a
// playing harness with caps "mycaps".
func identityHarness(t *testing.T, props ...string) (*gsttest.Harness, *Identity) {
	t.Helper()
	id := fakesrcMake[*Identity](t, "identity", "")
	for i := 0; i+1 < len(props); i += 2 {
		if err := id.SetString(props[i], props[i+1]); err != nil {
			t.Fatal(err)
		}
	}
	h := gsttest.NewWithElement(t, id, "sink", "src")
	h.SetSrcCapsString("mycaps")
	return h, id
}

// Ported from tests/check/elements/identity.c: test_one_buffer.
func TestIdentityOneBuffer(t *testing.T) {
	h, _ := identityHarness(t)
	in := gst.NewBufferAllocate(4)
	in.Fill(0, []byte("data"))
	if err := h.Push(in); err != nil {
		t.Fatal(err)
	}
	if n := h.BuffersInQueue(); n != 1 {
		t.Fatalf("%d buffers in queue", n)
	}
	out := h.Pull()
	if out != in || out.RefCount() != 1 {
		t.Errorf("out %p (refcount %d), want the input %p with refcount 1", out, out.RefCount(), in)
	}
	out.Unref()
}

// Ported from tests/check/elements/identity.c: test_signal_handoffs.
func TestIdentitySignalHandoffs(t *testing.T) {
	h, id := identityHarness(t)
	var signaled *gst.Buffer
	id.ConnectHandoff(func(_ *Identity, b *gst.Buffer) { signaled = b })
	// GStreamer toggles the property in PLAYING (its mutability flags are
	// not enforced by g_object_set).
	if err := id.Set("signal-handoffs", false); err != nil {
		t.Fatal(err)
	}
	if err := h.Push(gst.NewBufferAllocate(4)); err != nil {
		t.Fatal(err)
	}
	if signaled != nil {
		t.Fatal("handoff with signal-handoffs=false")
	}
	if err := id.Set("signal-handoffs", true); err != nil {
		t.Fatal(err)
	}
	in := gst.NewBufferAllocate(4)
	if err := h.Push(in); err != nil {
		t.Fatal(err)
	}
	if signaled != in {
		t.Fatal("handoff did not get the pushed buffer")
	}
}

// identitySyncSetup is the setup of test_sync_on_timestamp: identity
// sync=true with a test clock; the push runs on a goroutine (the C test
// puts a queue in front).
func identitySyncSetup(t *testing.T) (*gsttest.Harness, *gsttest.TestClock, chan error) {
	t.Helper()
	fakesrcRegisterDefault(t)
	el, err := gst.MakeElement("identity", "")
	if err != nil {
		t.Fatal(err)
	}
	el.Set("sync", true)
	tc := gsttest.NewTestClock()
	el.SetClock(tc)
	h := gsttest.NewWithElement(t, el, "sink", "src")
	h.SetSrcCapsString("mycaps")
	buf := gst.NewBuffer()
	buf.PTS = 123456789
	done := make(chan error, 1)
	go func() { done <- h.Push(buf) }()
	if _, ok := tc.TimedWaitForMultiplePendingIDs(1, 5*time.Second); !ok {
		t.Fatal("identity did not wait on the clock")
	}
	if n := h.BuffersInQueue(); n != 0 {
		t.Fatalf("%d buffers went through before the clock time", n)
	}
	return h, tc, done
}

// Ported from tests/check/elements/identity.c: test_sync_on_timestamp.
func TestIdentitySyncOnTimestamp(t *testing.T) {
	h, tc, done := identitySyncSetup(t)
	if !tc.Crank() {
		t.Fatal("crank failed")
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	buf := h.Pull()
	if buf.PTS != 123456789 || tc.Time() != 123456789 {
		t.Errorf("pts %d clock %d, want 123456789", buf.PTS, tc.Time())
	}
	buf.Unref()
}

// Ported from tests/check/elements/identity.c:
// test_stopping_element_unschedules_sync.
func TestIdentityStoppingUnschedulesSync(t *testing.T) {
	h, tc, done := identitySyncSetup(t)
	h.Element().SetState(gst.StateReady)
	if err := <-done; !errors.Is(err, gst.ErrFlushing) {
		t.Errorf("push returned %v, want flushing", err)
	}
	if n := tc.PeekIDCount(); n != 0 {
		t.Errorf("%d clock ids still waiting", n)
	}
	if n := h.BuffersReceived(); n != 0 {
		t.Errorf("%d buffers received, want 0", n)
	}
}

func TestIdentityDropAndAfter(t *testing.T) {
	t.Run("drop-buffer-flags", func(t *testing.T) {
		h, _ := identityHarness(t, "drop-buffer-flags", "delta-unit")
		b := gst.NewBuffer()
		b.PTS, b.Duration = gst.Second, gst.Second
		b.SetFlags(gst.BufferFlagDeltaUnit)
		if err := h.Push(b); err != nil {
			t.Fatal(err)
		}
		if h.BuffersReceived() != 0 {
			t.Fatal("flagged buffer not dropped")
		}
		for {
			ev := h.PullEvent()
			if gap, ok := ev.(*gst.GapEvent); ok {
				if gap.Timestamp != gst.Second || gap.Duration != gst.Second {
					t.Errorf("gap %v %v", gap.Timestamp, gap.Duration)
				}
				break
			}
		}
		if err := h.Push(gst.NewBuffer()); err != nil || h.BuffersReceived() != 1 {
			t.Errorf("unflagged buffer: %v, received %d", err, h.BuffersReceived())
		}
	})
	t.Run("eos-after", func(t *testing.T) {
		fakesrcRegisterDefault(t)
		el, _ := gst.MakeElement("identity", "")
		el.Set("eos-after", 2)
		h := gsttest.NewWithElement(t, el, "sink", "src")
		h.SetSrcCapsString("mycaps")
		if err := h.Push(gst.NewBuffer()); err != nil {
			t.Fatal(err)
		}
		if err := h.Push(gst.NewBuffer()); !errors.Is(err, gst.ErrEOS) {
			t.Errorf("second push: %v, want EOS", err)
		}
	})
	t.Run("error-after", func(t *testing.T) {
		fakesrcRegisterDefault(t)
		el, _ := gst.MakeElement("identity", "")
		el.Set("error-after", 1)
		h := gsttest.NewWithElement(t, el, "sink", "src")
		h.SetSrcCapsString("mycaps")
		if err := h.Push(gst.NewBuffer()); gst.FlowFromError(err) != gst.FlowError {
			t.Errorf("push: %v, want a flow error", err)
		}
	})
	t.Run("both-afters", func(t *testing.T) {
		id := fakesrcMake[*Identity](t, "identity", "")
		id.Set("eos-after", 2)
		id.Set("error-after", 2)
		if r := id.SetState(gst.StatePaused); r != gst.StateChangeFailure {
			t.Errorf("PAUSED with both afters = %v, want FAILURE", r)
		}
		id.SetState(gst.StateNull)
	})
}

func TestIdentityDatarateSingleSegmentAndStats(t *testing.T) {
	h, id := identityHarness(t, "datarate", "100")
	if id.IsPassthrough() {
		t.Fatal("datarate should disable passthrough")
	}
	for i := 0; i < 3; i++ {
		if err := h.Push(gst.NewBufferAllocate(10)); err != nil {
			t.Fatal(err)
		}
	}
	for i := 0; i < 3; i++ {
		b := h.Pull()
		if want := gst.ClockTime(i) * 100 * gst.Millisecond; b.PTS != want || b.Duration != 100*gst.Millisecond {
			t.Errorf("buffer %d: pts %v dur %v", i, b.PTS, b.Duration)
		}
		b.Unref()
	}
	st, _ := id.Get("stats")
	s := st.(*gst.Structure)
	if n, _ := s.Uint64("num-buffers"); n != 3 {
		t.Errorf("stats %v", s)
	}
	if n, _ := s.Uint64("num-bytes"); n != 30 {
		t.Errorf("stats %v", s)
	}
	id.SetProperty("datarate", 0)
	if !id.IsPassthrough() {
		t.Error("passthrough not restored")
	}
}

func TestIdentitySingleSegment(t *testing.T) {
	fakesrcRegisterDefault(t)
	el, _ := gst.MakeElement("identity", "")
	el.Set("single-segment", true)
	h := gsttest.NewWithElement(t, el, "sink", "src")
	h.SetSrcCapsString("mycaps") // also sends a [0, -1] TIME segment
	seg := gst.NewSegment(gst.FormatTime)
	seg.Start, seg.Time = uint64(10*gst.Second), uint64(10*gst.Second)
	h.PushEvent(gst.NewSegmentEvent(seg))
	b := gst.NewBuffer()
	b.PTS = 11 * gst.Second
	if err := h.Push(b); err != nil {
		t.Fatal(err)
	}
	out := h.Pull()
	if out.PTS != gst.Second {
		t.Errorf("pts %v, want running time 1s", out.PTS)
	}
	out.Unref()
	var segs []gst.Segment
	for {
		ev, ok := h.TryPullEvent()
		if !ok {
			break
		}
		if se, ok := ev.(*gst.SegmentEvent); ok {
			segs = append(segs, se.Segment)
		}
	}
	if len(segs) != 1 || segs[0].Start != 0 || segs[0].Stop != ^uint64(0) {
		t.Errorf("segments downstream %+v, want one [0, -1]", segs)
	}
}

func TestIdentityLastMessage(t *testing.T) {
	h, id := identityHarness(t, "silent", "false")
	b := gst.NewBufferAllocate(4)
	b.PTS = gst.Second
	b.SetFlags(gst.BufferFlagDiscont)
	h.Push(b)
	msg := id.LastMessage()
	want := "chain   ******* (" + id.Name() + ":sink) (4 bytes, dts: none, pts: 0:00:01.000000000, duration: none, offset: -1, offset_end: -1, flags: 00000040 discont , meta: none) 0x"
	if !strings.HasPrefix(msg, want) {
		t.Errorf("last-message\n %q\nwant prefix\n %q", msg, want)
	}
}

// TestIdentitySilentNoAlloc checks that identity's TransformIP with the
// default settings does not allocate.
func TestIdentitySilentNoAlloc(t *testing.T) {
	if fakesrcRaceEnabled {
		t.Skip("allocation counts need a normal build")
	}
	id := fakesrcMake[*Identity](t, "identity", "")
	id.Start()
	buf := gst.NewBufferAllocate(16)
	buf.PTS = gst.Second
	if n := testing.AllocsPerRun(100, func() {
		if err := id.TransformIP(buf); err != nil && !errors.Is(err, base.ErrDropped) {
			t.Fatal(err)
		}
	}); n != 0 {
		t.Errorf("%v allocs per buffer", n)
	}
}
