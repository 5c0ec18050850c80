package app_test

import (
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/gstmini/gstmini/gst"
	"github.com/gstmini/gstmini/gsttest"
	"github.com/gstmini/gstmini/plugins/app"
)

var registerOnce sync.Once

func register(t *testing.T) {
	t.Helper()
	var err error
	registerOnce.Do(func() { err = app.Register(gst.DefaultRegistry()) })
	if err != nil {
		t.Fatal(err)
	}
}

// srcHarness wraps an appsrc (no sink pad) and sets it to PLAYING.
func srcHarness(t *testing.T, props map[string]any) (*gsttest.Harness, *app.AppSrc) {
	t.Helper()
	register(t)
	src, err := app.NewAppSrc("")
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range props {
		if err := src.Set(k, v); err != nil {
			t.Fatal(err)
		}
	}
	h := gsttest.NewWithElement(t, src, "", "src")
	h.Play()
	return h, src
}

func TestAppSrcCheckElement(t *testing.T) {
	register(t)
	gsttest.CheckElement(t, "appsrc")
}

func TestAppSrcDefaults(t *testing.T) {
	src, _ := app.NewAppSrc("")
	for _, c := range []struct{ name, want string }{
		{"size", "-1"}, {"stream-type", "stream"}, {"max-bytes", "200000"}, {"max-buffers", "0"},
		{"max-time", "0"}, {"format", "bytes"}, {"block", "false"}, {"is-live", "false"},
		{"min-latency", "-1"}, {"max-latency", "-1"}, {"emit-signals", "true"}, {"min-percent", "0"},
		{"current-level-bytes", "0"}, {"current-level-buffers", "0"}, {"current-level-time", "0"},
		{"duration", "18446744073709551615"}, {"handle-segment-change", "false"}, {"leaky-type", "none"},
		{"blocksize", "4096"}, {"num-buffers", "-1"}, {"do-timestamp", "false"},
	} {
		if got, err := src.GetString(c.name); err != nil || got != c.want {
			t.Errorf("%s = %q (%v), want %q", c.name, got, err, c.want)
		}
	}
}

// test_appsrc_non_null_caps: buffers pushed after caps= carry those caps.
func TestAppSrcNonNullCaps(t *testing.T) {
	caps := gst.MustParseCaps("application/x-gst-check-test")
	h, src := srcHarness(t, map[string]any{"caps": caps})
	for i := 0; i < 4; i++ {
		if err := src.PushBuffer(gst.NewBufferAllocate(4)); err != nil {
			t.Fatalf("push %d: %v", i, err)
		}
	}
	if err := src.EndOfStream(); err != nil {
		t.Fatal(err)
	}
	bufs, ok := h.PullUntilEOS()
	if !ok || len(bufs) != 4 {
		t.Fatalf("got %d buffers (eos %v), want 4", len(bufs), ok)
	}
	if cur := src.SrcPad().CurrentCaps(); cur == nil || !cur.IsEqual(caps) {
		t.Errorf("src caps %v, want %v", cur, caps)
	}
}

// test_appsrc_set_caps_twice, case 1: the second caps replace the first
// before any data, so only caps2 is negotiated.
func TestAppSrcSetCapsTwice(t *testing.T) {
	register(t)
	caps1 := gst.MustParseCaps("foo/bar, bleh=(int)2")
	caps2 := gst.MustParseCaps("bar/foo, xyz=(int)3")
	src, _ := app.NewAppSrc("")
	src.SetCaps(caps1)
	if !src.AllowedCaps().IsEqual(caps1) {
		t.Fatal("caps1 not set")
	}
	src.SetCaps(caps2)
	if !src.AllowedCaps().IsEqual(caps2) {
		t.Fatal("caps2 not set")
	}
	var seen []*gst.Caps
	var mu sync.Mutex
	src.SrcPad().AddProbe(gst.ProbeTypeEventDownstream, func(_ *gst.Pad, info *gst.PadProbeInfo) gst.PadProbeReturn {
		if ce, ok := info.Data.(*gst.CapsEvent); ok {
			mu.Lock()
			seen = append(seen, ce.Caps)
			mu.Unlock()
		}
		return gst.ProbeOK
	})
	src.EndOfStream()
	h := gsttest.NewWithElement(t, src, "", "src")
	h.Play()
	if _, ok := h.PullUntilEOS(); !ok {
		t.Fatal("no EOS")
	}
	mu.Lock()
	defer mu.Unlock()
	if len(seen) != 1 || !seen[0].IsEqual(caps2) {
		t.Errorf("caps events %v, want only %v", seen, caps2)
	}
}

// Caps set after a buffer apply only to later buffers (set_caps_twice
// case 2: caps1, buffer, caps2).
func TestAppSrcCapsInOrder(t *testing.T) {
	caps1 := gst.MustParseCaps("foo/bar, bleh=(int)2")
	caps2 := gst.MustParseCaps("bar/foo, xyz=(int)3")
	h, src := srcHarness(t, nil)
	var mu sync.Mutex
	var order []string
	src.SrcPad().AddProbe(gst.ProbeTypeDataDownstream, func(_ *gst.Pad, info *gst.PadProbeInfo) gst.PadProbeReturn {
		mu.Lock()
		defer mu.Unlock()
		switch d := info.Data.(type) {
		case *gst.CapsEvent:
			order = append(order, d.Caps.String())
		case *gst.Buffer:
			order = append(order, "buffer")
		}
		return gst.ProbeOK
	})
	src.SetCaps(caps1)
	src.PushBuffer(gst.NewBuffer())
	src.SetCaps(caps2)
	src.PushBuffer(gst.NewBuffer())
	src.EndOfStream()
	if _, ok := h.PullUntilEOS(); !ok {
		t.Fatal("no EOS")
	}
	want := []string{caps1.String(), "buffer", caps2.String(), "buffer"}
	mu.Lock()
	defer mu.Unlock()
	if len(order) != len(want) {
		t.Fatalf("order %q, want %q", order, want)
	}
	for i := range want {
		if order[i] != want[i] {
			t.Fatalf("order %q, want %q", order, want)
		}
	}
}

func TestAppSrcPushResults(t *testing.T) {
	register(t)
	src, _ := app.NewAppSrc("")
	// Before it ever started, appsrc accepts data (GStreamer: flushing
	// starts FALSE).
	if err := src.PushBuffer(gst.NewBuffer()); err != nil {
		t.Fatalf("push in NULL: %v", err)
	}
	if err := src.EndOfStream(); err != nil {
		t.Fatal(err)
	}
	if err := src.PushBuffer(gst.NewBuffer()); !errors.Is(err, gst.ErrEOS) {
		t.Errorf("push after EOS = %v, want EOS", err)
	}
	h := gsttest.NewWithElement(t, src, "", "src")
	h.Play()
	if _, ok := h.PullUntilEOS(); !ok {
		t.Fatal("no EOS")
	}
	src.SetState(gst.StateNull)
	if err := src.PushBuffer(gst.NewBuffer()); !errors.Is(err, gst.ErrFlushing) {
		t.Errorf("push after stop = %v, want flushing", err)
	}
	if err := src.EndOfStream(); !errors.Is(err, gst.ErrFlushing) {
		t.Errorf("EndOfStream after stop = %v, want flushing", err)
	}
}

// A full queue with block=true blocks PushBuffer until the streaming
// thread takes a buffer; a flush unblocks it with FLUSHING.
func TestAppSrcBlock(t *testing.T) {
	register(t)
	src, _ := app.NewAppSrc("")
	src.Set("block", true)
	src.Set("max-buffers", uint64(1))
	enough := make(chan struct{}, 4)
	src.SetCallbacks(app.AppSrcCallbacks{EnoughData: func(*app.AppSrc) { enough <- struct{}{} }})
	if err := src.PushBuffer(gst.NewBufferAllocate(1)); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- src.PushBuffer(gst.NewBufferAllocate(2)) }()
	<-enough
	select {
	case err := <-done:
		t.Fatalf("push into a full queue returned %v without blocking", err)
	default:
	}
	// Unblock with a flush.
	if !src.SendEvent(gst.NewFlushStartEvent()) {
		t.Fatal("flush-start refused")
	}
	if err := <-done; !errors.Is(err, gst.ErrFlushing) {
		t.Fatalf("blocked push = %v, want flushing", err)
	}
	src.SendEvent(gst.NewFlushStopEvent(true))
	if n := src.CurrentLevelBuffers(); n != 0 {
		t.Errorf("flush-stop left %d buffers queued", n)
	}

	// Unblock by consuming.
	if err := src.PushBuffer(gst.NewBufferAllocate(1)); err != nil {
		t.Fatal(err)
	}
	go func() { done <- src.PushBuffer(gst.NewBufferAllocate(2)) }()
	<-enough
	h := gsttest.NewWithElement(t, src, "", "src")
	h.Play()
	if b := h.Pull(); b.Size() != 1 {
		t.Errorf("first buffer size %d", b.Size())
	}
	if err := <-done; err != nil {
		t.Fatalf("blocked push = %v", err)
	}
	if b := h.Pull(); b.Size() != 2 {
		t.Errorf("second buffer size %d", b.Size())
	}
}

// need-data fires when the queue is empty, enough-data when it is full.
func TestAppSrcNeedEnoughData(t *testing.T) {
	register(t)
	src, _ := app.NewAppSrc("")
	src.Set("max-bytes", uint64(10))
	need := make(chan uint, 16)
	var enough int
	src.SetCallbacks(app.AppSrcCallbacks{
		NeedData:   func(_ *app.AppSrc, n uint) { need <- n },
		EnoughData: func(*app.AppSrc) { enough++ },
	})
	src.PushBuffer(gst.NewBufferAllocate(6))
	src.PushBuffer(gst.NewBufferAllocate(6)) // 12 ≥ 10 after this one
	if enough != 0 {
		t.Fatalf("enough-data before the queue was full")
	}
	// Full: not blocking (block=false), the buffer is still queued.
	if err := src.PushBuffer(gst.NewBufferAllocate(6)); err != nil {
		t.Fatal(err)
	}
	if enough != 1 {
		t.Errorf("enough-data called %d times, want 1", enough)
	}
	if got := src.CurrentLevelBytes(); got != 18 {
		t.Errorf("current-level-bytes %d, want 18", got)
	}
	h := gsttest.NewWithElement(t, src, "", "src")
	h.Play()
	for i := 0; i < 3; i++ {
		h.Pull()
	}
	if n := <-need; n != 4096 {
		t.Errorf("need-data length %d, want the blocksize 4096", n)
	}
}

// test_appsrc_limits: leaky-type upstream drops new buffers, downstream
// drops the oldest, for each of the bytes, buffers and time limits.
func TestAppSrcLimits(t *testing.T) {
	for _, tc := range []struct {
		name     string
		props    map[string]any
		duration gst.ClockTime
		time1    gst.ClockTime
	}{
		{"bytes", map[string]any{"max-bytes": uint64(200), "max-buffers": uint64(0), "max-time": uint64(0)}, gst.ClockTimeNone, gst.Second},
		{"buffers", map[string]any{"max-bytes": uint64(0), "max-buffers": uint64(2), "max-time": uint64(0)}, gst.ClockTimeNone, gst.Second},
		{"time", map[string]any{"max-bytes": uint64(0), "max-buffers": uint64(0), "max-time": uint64(2 * gst.Second)}, gst.Second, 2 * gst.Second},
	} {
		t.Run(tc.name, func(t *testing.T) {
			props := map[string]any{"format": int(gst.FormatTime), "leaky-type": int(app.AppLeakyTypeUpstream)}
			for k, v := range tc.props {
				props[k] = v
			}
			h, src := srcHarness(t, props)
			entered := make(chan struct{}, 1)
			release := make(chan struct{})
			var once sync.Once
			id := src.SrcPad().AddProbe(gst.ProbeTypeBuffer, func(*gst.Pad, *gst.PadProbeInfo) gst.PadProbeReturn {
				once.Do(func() {
					entered <- struct{}{}
					<-release
				})
				return gst.ProbeOK
			})
			push := func(pts gst.ClockTime) {
				b := gst.NewBufferAllocate(100)
				b.PTS, b.Duration = pts, tc.duration
				src.PushBuffer(b)
			}
			levels := func(bytes, bufs uint64, tm gst.ClockTime) {
				t.Helper()
				if got := src.CurrentLevelBytes(); got != bytes {
					t.Errorf("current-level-bytes %d, want %d", got, bytes)
				}
				if got := src.CurrentLevelBuffers(); got != bufs {
					t.Errorf("current-level-buffers %d, want %d", got, bufs)
				}
				if got := src.CurrentLevelTime(); got != tm {
					t.Errorf("current-level-time %v, want %v", got, tm)
				}
			}
			push(0)
			<-entered // the first buffer is held in the probe
			push(gst.Second)
			push(2 * gst.Second)
			levels(200, 2, tc.time1)
			push(4 * gst.Second) // dropped (upstream)
			levels(200, 2, tc.time1)
			// leaky-type is flagged "changeable only in NULL or READY
			// state", which (as g_object_set in the C test) is not enforced.
			if err := src.Set("leaky-type", int(app.AppLeakyTypeDownstream)); err != nil {
				t.Errorf("leaky-type set in PLAYING: %v", err)
			}
			push(4 * gst.Second) // drops the 1 s buffer
			levels(200, 2, 3*gst.Second)
			close(release)
			src.SrcPad().RemoveProbe(id)
			for _, want := range []struct {
				pts     gst.ClockTime
				discont bool
			}{{0, true}, {2 * gst.Second, true}, {4 * gst.Second, true}} {
				b := h.Pull()
				if b.PTS != want.pts {
					t.Errorf("pts %v, want %v", b.PTS, want.pts)
				}
				if want.pts != 0 && !b.HasFlags(gst.BufferFlagDiscont) {
					t.Errorf("buffer %v not DISCONT after a drop", b.PTS)
				}
			}
		})
	}
}

// test_appsrc_push_buffer_list: lists go out as lists, in order with
// single buffers.
func TestAppSrcPushBufferList(t *testing.T) {
	h, src := srcHarness(t, nil)
	var mu sync.Mutex
	lists := 0
	var offsets []uint64
	src.SrcPad().AddProbe(gst.ProbeTypeBuffer|gst.ProbeTypeBufferList, func(_ *gst.Pad, info *gst.PadProbeInfo) gst.PadProbeReturn {
		mu.Lock()
		defer mu.Unlock()
		switch d := info.Data.(type) {
		case *gst.BufferList:
			lists++
			for i := 0; i < d.Len(); i++ {
				offsets = append(offsets, d.Get(i).Offset)
			}
		case *gst.Buffer:
			offsets = append(offsets, d.Offset)
		}
		return gst.ProbeOK
	})
	const n = 20
	for i := uint64(0); i < n; i++ {
		b := gst.NewBuffer()
		b.Offset = i
		if i%3 == 0 {
			l := gst.NewBufferList()
			l.Add(b)
			i++
			b2 := gst.NewBuffer()
			b2.Offset = i
			l.Add(b2)
			if err := src.PushBufferList(l); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := src.PushBuffer(b); err != nil {
			t.Fatal(err)
		}
	}
	src.EndOfStream()
	if _, ok := h.PullUntilEOS(); !ok {
		t.Fatal("no EOS")
	}
	mu.Lock()
	defer mu.Unlock()
	if lists == 0 {
		t.Error("no buffer list was pushed as a list")
	}
	if len(offsets) != n {
		t.Fatalf("got %d buffers, want %d", len(offsets), n)
	}
	for i, o := range offsets {
		if o != uint64(i) {
			t.Fatalf("offsets %v out of order", offsets)
		}
	}
}

// test_appsrc_send_custom_event: a serialized event sent to the element
// goes out between the buffers it was sent between.
func TestAppSrcSendCustomEvent(t *testing.T) {
	h, src := srcHarness(t, nil)
	var mu sync.Mutex
	var order []string
	src.SrcPad().AddProbe(gst.ProbeTypeDataDownstream, func(_ *gst.Pad, info *gst.PadProbeInfo) gst.PadProbeReturn {
		mu.Lock()
		defer mu.Unlock()
		switch d := info.Data.(type) {
		case *gst.CustomEvent:
			order = append(order, "custom")
		case *gst.Buffer:
			order = append(order, "buffer")
		case *gst.EOSEvent:
			order = append(order, "eos")
		default:
			_ = d
		}
		return gst.ProbeOK
	})
	src.PushBuffer(gst.NewBufferAllocate(1))
	ev, err := gst.NewCustomEvent(gst.EventCustomDownstream, gst.NewStructure("custom"))
	if err != nil {
		t.Fatal(err)
	}
	if !src.SendEvent(ev) {
		t.Fatal("custom event refused")
	}
	src.PushBuffer(gst.NewBufferAllocate(2))
	// EOS sent to the element is serialized too.
	src.SendEvent(gst.NewEOSEvent())
	if _, ok := h.PullUntilEOS(); !ok {
		t.Fatal("no EOS")
	}
	mu.Lock()
	defer mu.Unlock()
	want := []string{"buffer", "custom", "buffer", "eos"}
	if len(order) != len(want) {
		t.Fatalf("order %q, want %q", order, want)
	}
	for i := range want {
		if order[i] != want[i] {
			t.Fatalf("order %q, want %q", order, want)
		}
	}
}

// test_appsrc_custom_segment_twice: with handle-segment-change a sample's
// segment is pushed before its buffer, once per change.
func TestAppSrcCustomSegment(t *testing.T) {
	for _, tc := range []struct {
		name        string
		firstBuffer bool
		sameSegment bool
		want        []string
	}{
		{"segment1 without buffer, segment1 with buffer", false, true, []string{"segment 1s", "buffer 2s"}},
		{"segment1 with buffer, segment1 with buffer", true, true, []string{"segment 1s", "buffer 1s", "buffer 2s"}},
		{"segment1 without buffer, segment2 with buffer", false, false, []string{"segment 2s", "buffer 2s"}},
		{"segment1 with buffer, segment2 with buffer", true, false, []string{"segment 1s", "buffer 1s", "segment 2s", "buffer 2s"}},
	} {
		for _, st := range []app.AppStreamType{app.AppStreamTypeStream, app.AppStreamTypeSeekable} {
			t.Run(tc.name+"/"+st.String(), func(t *testing.T) {
				h, src := srcHarness(t, map[string]any{"format": int(gst.FormatTime),
					"handle-segment-change": true, "stream-type": int(st)})
				src.SetCallbacks(app.AppSrcCallbacks{SeekData: func(*app.AppSrc, uint64) bool { return true }})
				var mu sync.Mutex
				var got []string
				src.SrcPad().AddProbe(gst.ProbeTypeDataDownstream, func(_ *gst.Pad, info *gst.PadProbeInfo) gst.PadProbeReturn {
					mu.Lock()
					defer mu.Unlock()
					switch d := info.Data.(type) {
					case *gst.SegmentEvent:
						got = append(got, "segment "+time.Duration(d.Segment.Start).String())
					case *gst.Buffer:
						got = append(got, "buffer "+time.Duration(d.PTS).String())
					}
					return gst.ProbeOK
				})
				seg := gst.NewSegment(gst.FormatTime)
				seg.Start, seg.Position, seg.Time = uint64(gst.Second), uint64(gst.Second), uint64(gst.Second)
				b := gst.NewBufferAllocate(4)
				b.PTS, b.DTS, b.Duration = gst.Second, gst.Second, gst.Second
				smp := gst.NewSample(nil, nil, seg, nil)
				if tc.firstBuffer {
					smp.Buffer = b
				}
				if err := src.PushSample(smp); err != nil {
					t.Fatal(err)
				}
				b.Unref()
				seg2 := gst.NewSegment(gst.FormatTime)
				v := uint64(2 * gst.Second)
				if tc.sameSegment {
					v = uint64(gst.Second)
				}
				seg2.Start, seg2.Position, seg2.Time = v, v, v
				b2 := gst.NewBufferAllocate(4)
				b2.PTS, b2.DTS, b2.Duration = 2*gst.Second, 2*gst.Second, gst.Second
				if err := src.PushSample(gst.NewSample(b2, nil, seg2, nil)); err != nil {
					t.Fatal(err)
				}
				b2.Unref()
				src.EndOfStream()
				if _, ok := h.PullUntilEOS(); !ok {
					t.Fatal("no EOS")
				}
				mu.Lock()
				defer mu.Unlock()
				if len(got) != len(tc.want) {
					t.Fatalf("got %q, want %q", got, tc.want)
				}
				for i := range got {
					if got[i] != tc.want[i] {
						t.Fatalf("got %q, want %q", got, tc.want)
					}
				}
			})
		}
	}
}

// A flushing seek on a seekable stream calls seek-data with the new
// position and empties the queue.
func TestAppSrcSeekData(t *testing.T) {
	h, src := srcHarness(t, map[string]any{"format": int(gst.FormatTime), "stream-type": int(app.AppStreamTypeSeekable)})
	seeks := make(chan uint64, 1)
	src.SetCallbacks(app.AppSrcCallbacks{SeekData: func(_ *app.AppSrc, off uint64) bool { seeks <- off; return true }})
	b := gst.NewBuffer()
	b.PTS = 0
	src.PushBuffer(b)
	h.Pull()
	// queued but not yet consumed when the seek comes
	ok := h.PushUpstreamEvent(gst.NewSeekEvent(1.0, gst.FormatTime, gst.SeekFlagFlush,
		gst.SeekTypeSet, int64(7*gst.Second), gst.SeekTypeNone, -1))
	if !ok {
		t.Fatal("seek refused")
	}
	if off := <-seeks; off != uint64(7*gst.Second) {
		t.Errorf("seek-data offset %v, want 7s", gst.ClockTime(off))
	}
	b = gst.NewBuffer()
	b.PTS = 7 * gst.Second
	src.PushBuffer(b)
	if got := h.Pull(); got.PTS != 7*gst.Second {
		t.Errorf("after seek got %v", got.PTS)
	}
	// a stream cannot be seeked
	h2, src2 := srcHarness(t, map[string]any{"format": int(gst.FormatTime)})
	_ = src2
	if h2.PushUpstreamEvent(gst.NewSeekEvent(1.0, gst.FormatTime, gst.SeekFlagFlush,
		gst.SeekTypeSet, 0, gst.SeekTypeNone, -1)) {
		t.Error("stream-type stream accepted a seek")
	}
}

// random-access streams work in pull mode, calling seek-data when the
// requested offset differs from the current one.
func TestAppSrcRandomAccessPull(t *testing.T) {
	register(t)
	src, _ := app.NewAppSrc("")
	src.Set("stream-type", int(app.AppStreamTypeRandomAccess))
	src.Set("size", int64(100))
	var offsets []uint64
	src.SetCallbacks(app.AppSrcCallbacks{
		SeekData: func(s *app.AppSrc, off uint64) bool { offsets = append(offsets, off); return true },
		NeedData: func(s *app.AppSrc, n uint) { s.PushBuffer(gst.NewBufferAllocate(int(n))) },
	})
	q := gst.NewSchedulingQuery()
	if !src.SrcPad().Query(q) || !q.HasMode(gst.PadModePull) {
		t.Fatalf("scheduling modes %v, want pull", q.Modes)
	}
	pad := src.SrcPad()
	if !pad.ActivateMode(gst.PadModePull, true) {
		t.Fatal("pull activation failed")
	}
	defer pad.ActivateMode(gst.PadModePull, false)
	for _, r := range []struct{ off, size uint64 }{{0, 10}, {10, 10}, {50, 5}} {
		b, err := pad.GetRange(r.off, uint(r.size))
		if err != nil {
			t.Fatalf("getrange %d: %v", r.off, err)
		}
		if b.Size() != int(r.size) {
			t.Errorf("size %d, want %d", b.Size(), r.size)
		}
		b.Unref()
	}
	if len(offsets) != 2 || offsets[0] != 0 || offsets[1] != 50 {
		t.Errorf("seek-data offsets %v, want [0 50]", offsets)
	}
}

// The latency query answers min/max-latency when live.
func TestAppSrcLatency(t *testing.T) {
	register(t)
	src, _ := app.NewAppSrc("")
	bus := gst.NewBus()
	src.SetBus(bus)
	src.Set("is-live", true)
	src.SetLatency(int64(10*gst.Millisecond), int64(50*gst.Millisecond))
	if m := bus.Pop(); m == nil || m.Type() != gst.MessageLatency {
		t.Errorf("no latency message: %v", m)
	}
	q := gst.NewLatencyQuery()
	if !src.Query(q) {
		t.Fatal("latency query failed")
	}
	if !q.Live || q.Min != 10*gst.Millisecond || q.Max != 50*gst.Millisecond {
		t.Errorf("latency live=%v min=%v max=%v", q.Live, q.Min, q.Max)
	}
	dq := gst.NewDurationQuery(gst.FormatBytes)
	if !src.Query(dq) || dq.Duration != -1 {
		t.Errorf("bytes duration %d", dq.Duration)
	}
}
