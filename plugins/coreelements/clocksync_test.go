package coreelements

import (
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gstmini/gstmini/gst"
	"github.com/gstmini/gstmini/gsttest"
)

// clocksyncSetup wraps a clocksync with props set and a test clock in a
// harness with caps "mycaps"; the push of a buffer with PTS 123456789
// runs on a goroutine (the C tests put a queue in front).
func clocksyncSetup(t *testing.T, props ...any) (*gsttest.Harness, *ClockSync, *gsttest.TestClock, chan error) {
	t.Helper()
	c := fakesrcMake[*ClockSync](t, "clocksync", "")
	for i := 0; i+1 < len(props); i += 2 {
		if err := c.Set(props[i].(string), props[i+1]); err != nil {
			t.Fatal(err)
		}
	}
	tc := gsttest.NewTestClock()
	c.SetClock(tc)
	h := gsttest.NewWithElement(t, c, "sink", "src")
	h.SetSrcCapsString("mycaps")
	buf := gst.NewBuffer()
	buf.PTS = 123456789
	done := make(chan error, 1)
	go func() { done <- h.Push(buf) }()
	return h, c, tc, done
}

// Ported from tests/check/elements/clocksync.c: test_one_buffer.
func TestClockSyncOneBuffer(t *testing.T) {
	c := fakesrcMake[*ClockSync](t, "clocksync", "")
	c.Set("sync", false)
	h := gsttest.NewWithElement(t, c, "sink", "src")
	h.SetSrcCapsString("mycaps")
	in := gst.NewBufferAllocate(4)
	if err := h.Push(in); err != nil {
		t.Fatal(err)
	}
	out := h.Pull()
	if out != in || out.RefCount() != 1 {
		t.Errorf("got %p refcount %d, want the input with refcount 1", out, out.RefCount())
	}
	out.Unref()
}

// Ported from tests/check/elements/clocksync.c: test_sync_on_timestamp.
func TestClockSyncSyncOnTimestamp(t *testing.T) {
	h, _, tc, done := clocksyncSetup(t)
	if _, ok := tc.TimedWaitForMultiplePendingIDs(1, 5*time.Second); !ok {
		t.Fatal("no clock wait")
	}
	if h.BuffersInQueue() != 0 {
		t.Fatal("buffer went through before its time")
	}
	tc.Crank()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	b := h.Pull()
	if b.PTS != 123456789 || tc.Time() != 123456789 {
		t.Errorf("pts %d clock %d", b.PTS, tc.Time())
	}
	b.Unref()
}

// Ported from tests/check/elements/clocksync.c: test_no_sync_on_timestamp.
func TestClockSyncNoSyncOnTimestamp(t *testing.T) {
	h, _, tc, done := clocksyncSetup(t, "sync", false)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	b := h.Pull()
	if b.PTS != 123456789 || tc.Time() != 0 {
		t.Errorf("pts %d clock %d, want no wait", b.PTS, tc.Time())
	}
	b.Unref()
}

// Ported from tests/check/elements/clocksync.c:
// test_stopping_element_unschedules_sync.
func TestClockSyncStoppingUnschedulesSync(t *testing.T) {
	h, c, tc, done := clocksyncSetup(t)
	if _, ok := tc.TimedWaitForMultiplePendingIDs(1, 5*time.Second); !ok {
		t.Fatal("no clock wait")
	}
	c.SetState(gst.StateReady)
	if err := <-done; !errors.Is(err, gst.ErrFlushing) {
		t.Errorf("push: %v, want flushing", err)
	}
	if n := tc.PeekIDCount(); n != 0 {
		t.Errorf("%d clock ids waiting", n)
	}
	if n := h.BuffersReceived(); n != 0 {
		t.Errorf("%d buffers received", n)
	}
}

// Ported from tests/check/elements/clocksync.c: test_sync_to_first.
func TestClockSyncSyncToFirst(t *testing.T) {
	c := fakesrcMake[*ClockSync](t, "clocksync", "")
	var notifies atomic.Int32
	c.ConnectNotify(func(_ gst.Element, _ gst.Object, prop string) {
		if prop == "ts-offset" {
			notifies.Add(1)
		}
	})
	c.Set("sync-to-first", true)
	tc := gsttest.NewTestClock()
	c.SetClock(tc)
	h := gsttest.NewWithElement(t, c, "sink", "src")
	h.SetSrcCapsString("mycaps")
	buf := gst.NewBuffer()
	buf.PTS = 123456789
	done := make(chan error, 1)
	go func() { done <- h.Push(buf) }()
	if _, ok := tc.TimedWaitForMultiplePendingIDs(1, 5*time.Second); !ok {
		t.Fatal("no clock wait")
	}
	tc.Crank()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	b := h.Pull()
	defer b.Unref()
	if b.PTS != 123456789 || tc.Time() != 0 {
		t.Errorf("pts %d clock %d, want the buffer without waiting", b.PTS, tc.Time())
	}
	if notifies.Load() != 1 {
		t.Errorf("%d ts-offset notifications, want 1", notifies.Load())
	}
	if v, _ := c.Get("ts-offset"); v != int64(-123456789) {
		t.Errorf("ts-offset %v, want -123456789", v)
	}
}

func TestClockSyncNoPrerollAndClock(t *testing.T) {
	c := fakesrcMake[*ClockSync](t, "clocksync", "")
	if c.Flags()&gst.ElementFlagProvideClock == 0 || c.Flags()&gst.ElementFlagRequireClock == 0 {
		t.Error("clock flags missing")
	}
	c.SetState(gst.StateReady)
	if r := c.SetState(gst.StatePaused); r != gst.StateChangeNoPreroll {
		t.Errorf("PAUSED with sync = %v, want NO_PREROLL", r)
	}
	c.SetState(gst.StateNull)
}
