package coreelements

import (
	"bytes"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/gstmini/gstmini/gst"
	"github.com/gstmini/gstmini/gsttest"
)

// fakesrcRun creates a fakesrc in a harness, applies props (launch-line
// strings), plays it and returns every buffer up to EOS.
func fakesrcRun(t *testing.T, props map[string]string) (*FakeSrc, []*gst.Buffer) {
	t.Helper()
	fakesrcRegisterDefault(t)
	h := gsttest.NewWithPadNames(t, "fakesrc", "", "src")
	src := h.Element().(*FakeSrc)
	for k, v := range props {
		if err := src.SetString(k, v); err != nil {
			t.Fatal(err)
		}
	}
	h.Play()
	bufs, ok := h.PullUntilEOS()
	if !ok {
		t.Fatalf("no EOS (got %d buffers)", len(bufs))
	}
	t.Cleanup(func() {
		for _, b := range bufs {
			b.Unref()
		}
	})
	return src, bufs
}

// Ported from tests/check/elements/fakesrc.c: test_num_buffers,
// test_sizetype_empty, test_sizetype_fixed, test_sizetype_random.
func TestFakeSrcSizes(t *testing.T) {
	for _, c := range []struct {
		name     string
		props    map[string]string
		n        int
		min, max int
	}{
		{"num_buffers", map[string]string{"num-buffers": "3"}, 3, 0, 0},
		{"sizetype_empty", map[string]string{"sizetype": "1", "num-buffers": "100"}, 100, 0, 0},
		{"sizetype_fixed", map[string]string{"sizetype": "2", "sizemax": "8192", "num-buffers": "100"}, 100, 8192, 8192},
		{"sizetype_random", map[string]string{"sizetype": "random", "sizemin": "4096", "sizemax": "8192", "num-buffers": "100"}, 100, 4096, 8192},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, bufs := fakesrcRun(t, c.props)
			if len(bufs) != c.n {
				t.Fatalf("got %d buffers, want %d", len(bufs), c.n)
			}
			for i, b := range bufs {
				if s := b.Size(); s < c.min || s > c.max {
					t.Fatalf("buffer %d: size %d not in [%d, %d]", i, s, c.min, c.max)
				}
			}
		})
	}
}

// Ported from tests/check/elements/fakesrc.c: test_no_preroll.
func TestFakeSrcNoPreroll(t *testing.T) {
	src := fakesrcMake[*FakeSrc](t, "fakesrc", "")
	if err := src.Set("is-live", true); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ {
		if r := src.SetState(gst.StatePaused); r != gst.StateChangeNoPreroll {
			t.Fatalf("PAUSED (time %d) = %v, want NO_PREROLL", i+1, r)
		}
	}
	if r := src.SetState(gst.StateNull); r != gst.StateChangeSuccess {
		t.Fatalf("NULL = %v", r)
	}
}

// Ported from tests/check/elements/fakesrc.c: test_reuse_push (without the
// queue, which another file owns): three rounds of num-buffers=10 to EOS
// and back to READY, counting fakesink handoffs.
func TestFakeSrcReusePush(t *testing.T) {
	p := gst.NewPipeline("pipeline")
	src := fakesrcMake[*FakeSrc](t, "fakesrc", "fakesrc")
	sink := fakesrcMake[*FakeSink](t, "fakesink", "fakesink")
	var counter atomic.Int32
	sink.Set("signal-handoffs", true)
	sink.ConnectHandoff(func(*FakeSink, *gst.Buffer, *gst.Pad) { counter.Add(1) })
	p.Add(src, sink)
	if err := gst.Link(src, sink); err != nil {
		t.Fatal(err)
	}
	src.Set("num-buffers", 10)
	for round := 0; round < 3; round++ {
		counter.Store(0)
		if r := p.SetState(gst.StatePlaying); r == gst.StateChangeFailure {
			t.Fatal("PLAYING failed")
		}
		m := p.Bus().TimedPopFiltered(5*gst.Second, gst.MessageEOS|gst.MessageError)
		if m == nil || m.Type() != gst.MessageEOS {
			t.Fatalf("round %d: %v, want EOS", round, m)
		}
		if n := counter.Load(); n != 10 {
			t.Fatalf("round %d: %d handoffs, want 10", round, n)
		}
		if r := p.SetState(gst.StateReady); r != gst.StateChangeSuccess {
			t.Fatalf("READY = %v", r)
		}
	}
	p.SetState(gst.StateNull)
}

func TestFakeSrcFill(t *testing.T) {
	t.Run("pattern", func(t *testing.T) {
		_, bufs := fakesrcRun(t, map[string]string{"num-buffers": "2", "sizetype": "fixed", "sizemax": "300", "filltype": "pattern"})
		for _, b := range bufs {
			d := b.Bytes()
			if d[0] != 0 || d[255] != 255 || d[256] != 0 || d[299] != 43 {
				t.Errorf("pattern %v...", d[:4])
			}
		}
	})
	t.Run("pattern-span", func(t *testing.T) {
		_, bufs := fakesrcRun(t, map[string]string{"num-buffers": "2", "sizetype": "fixed", "sizemax": "300", "filltype": "pattern-span"})
		if d := bufs[1].Bytes(); d[0] != byte(300%256) {
			t.Errorf("second buffer starts with %d, want %d", d[0], 300%256)
		}
	})
	t.Run("zero-recycled", func(t *testing.T) {
		// a recycled buffer that was scribbled on comes back zeroed
		fakesrcRegisterDefault(t)
		h := gsttest.NewWithPadNames(t, "fakesrc", "", "src")
		src := h.Element().(*FakeSrc)
		src.SetString("sizetype", "fixed")
		src.SetString("sizemax", "16")
		src.SetString("filltype", "zero")
		h.Play()
		for i := 0; i < 4; i++ {
			b := h.Pull()
			if !bytes.Equal(b.Bytes(), make([]byte, 16)) {
				t.Fatalf("buffer %d not zero: %v", i, b.Bytes())
			}
			b.Memset(0, 0xaa, 16)
			b.Unref()
		}
	})
	t.Run("subbuffer", func(t *testing.T) {
		_, bufs := fakesrcRun(t, map[string]string{"num-buffers": "5", "data": "subbuffer", "parentsize": "100",
			"sizetype": "fixed", "sizemax": "40", "filltype": "pattern"})
		if len(bufs) != 5 {
			t.Fatalf("%d buffers", len(bufs))
		}
		for _, b := range bufs {
			if b.Size() != 40 || b.Bytes()[39] != 39 {
				t.Errorf("subbuffer size %d last %d", b.Size(), b.Bytes()[39])
			}
		}
	})
}

func TestFakeSrcDatarateAndOffsets(t *testing.T) {
	_, bufs := fakesrcRun(t, map[string]string{"num-buffers": "3", "sizetype": "fixed", "sizemax": "100", "datarate": "1000"})
	for i, b := range bufs {
		want := gst.ClockTime(i) * 100 * gst.Millisecond
		if b.PTS != want || b.DTS != want || b.Duration != 100*gst.Millisecond {
			t.Errorf("buffer %d: pts %v dts %v dur %v, want %v/100ms", i, b.PTS, b.DTS, b.Duration, want)
		}
		if b.Offset != uint64(i*100) {
			t.Errorf("buffer %d: offset %d, want %d", i, b.Offset, i*100)
		}
	}
	if !bufs[0].HasFlags(gst.BufferFlagDiscont) || bufs[1].HasFlags(gst.BufferFlagDiscont) {
		t.Error("only the first buffer should be DISCONT")
	}
}

func TestFakeSrcHandoffAndLastMessage(t *testing.T) {
	fakesrcRegisterDefault(t)
	h := gsttest.NewWithPadNames(t, "fakesrc", "", "src")
	src := h.Element().(*FakeSrc)
	var n atomic.Int32
	src.ConnectHandoff(func(s *FakeSrc, b *gst.Buffer, p *gst.Pad) {
		if s != src || p != src.SrcPad() {
			t.Error("handoff with the wrong element or pad")
		}
		n.Add(1)
	})
	for k, v := range map[string]string{"num-buffers": "2", "signal-handoffs": "true", "silent": "false"} {
		if err := src.SetString(k, v); err != nil {
			t.Fatal(err)
		}
	}
	h.Play()
	bufs, _ := h.PullUntilEOS()
	for _, b := range bufs {
		b.Unref()
	}
	if n.Load() != 2 {
		t.Errorf("%d handoffs, want 2", n.Load())
	}
	msg := src.LastMessage()
	if !strings.HasPrefix(msg, "create   ******* (fakesrc") || !strings.Contains(msg, "(0 bytes, dts: none, pts:none, duration: none, offset: 0, offset_end: -1, flags: 00000000 )") {
		t.Errorf("last-message %q", msg)
	}
}

func TestFakeSrcDump(t *testing.T) {
	var out bytes.Buffer
	fakesrcDumpMem(&out, []byte("0123456789abcdefXY\x00"))
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) != 2 {
		t.Fatalf("dump: %q", out.String())
	}
	if !strings.HasPrefix(lines[0], "00000000 (0x") || !strings.HasSuffix(lines[0], "): 30 31 32 33 34 35 36 37 38 39 61 62 63 64 65 66  0123456789abcdef") {
		t.Errorf("line 0 %q", lines[0])
	}
	if !strings.HasPrefix(lines[1], "00000010 (0x") || !strings.HasSuffix(lines[1], "): 58 59 00                                         XY.             ") {
		t.Errorf("line 1 %q", lines[1])
	}
}

func TestFakeSrcFlagsString(t *testing.T) {
	if s := fakesrcFlagsString(gst.BufferFlagDiscont | gst.BufferFlagDeltaUnit); s != "discont delta-unit " {
		t.Errorf("flags string %q", s)
	}
	if s := fakesrcFlagsString(0); s != "" {
		t.Errorf("no flags: %q", s)
	}
}

func TestFakeSrcPullMode(t *testing.T) {
	src := fakesrcMake[*FakeSrc](t, "fakesrc", "")
	src.Set("sizetype", int(FakeSrcSizeFixed))
	src.Set("sizemax", 10)
	peer := gst.NewPad("sink", gst.PadSink)
	if r := src.SrcPad().Link(peer); r != gst.PadLinkOK {
		t.Fatal(r)
	}
	if !src.IsSeekable() {
		t.Fatal("fakesrc with can-activate-pull should be seekable")
	}
	src.SetState(gst.StateReady)
	if !peer.ActivateMode(gst.PadModePull, true) {
		t.Fatal("pull activation refused")
	}
	b, err := peer.PullRange(50, 10)
	if err != nil {
		t.Fatal(err)
	}
	if b.Offset != 50 || b.Size() != 10 {
		t.Errorf("pulled offset %d size %d", b.Offset, b.Size())
	}
	b.Unref()
	peer.ActivateMode(gst.PadModePull, false)
	src.SetState(gst.StateNull)
}

// TestFakeSrcFakeSinkZeroAlloc checks the steady state of fakesrc !
// fakesink allocates nothing per buffer.
func TestFakeSrcFakeSinkZeroAlloc(t *testing.T) {
	if testing.Short() || fakesrcRaceEnabled {
		t.Skip("allocation counts need a normal build")
	}
	res := testing.Benchmark(BenchmarkFakesrcFakesink)
	if res.N > 1000 && res.AllocsPerOp() != 0 {
		t.Errorf("%d allocs per buffer (%d B)", res.AllocsPerOp(), res.AllocedBytesPerOp())
	}
}
