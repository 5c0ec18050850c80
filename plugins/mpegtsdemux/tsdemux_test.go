package mpegtsdemux

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gstmini/gstmini/gst"
	"github.com/gstmini/gstmini/gsttest"
	"github.com/gstmini/gstmini/plugins/coreelements"
	"github.com/gstmini/gstmini/plugins/isomp4"
	"github.com/gstmini/gstmini/plugins/mpegtsmux"
)

const tsdTimeout = 60 * time.Second

var tsdRegisterOnce sync.Once

func tsdRegister(t testing.TB) {
	t.Helper()
	tsdRegisterOnce.Do(func() {
		r := gst.DefaultRegistry()
		for _, reg := range []func(*gst.Registry) error{coreelements.Register, isomp4.Register, mpegtsmux.Register, Register} {
			if err := reg(r); err != nil {
				t.Fatal(err)
			}
		}
	})
}

// tsdTrack records what one source pad of a demuxer pushed.
type tsdTrack struct {
	mu   sync.Mutex
	name string
	caps *gst.Caps
	pts  []gst.ClockTime
	flg  []gst.BufferFlags
	eos  chan struct{}
}

func (tr *tsdTrack) chain(_ *gst.Pad, b *gst.Buffer) error {
	tr.mu.Lock()
	tr.pts = append(tr.pts, b.PTS)
	tr.flg = append(tr.flg, b.Flags)
	tr.mu.Unlock()
	b.Unref()
	return nil
}

func (tr *tsdTrack) event(_ *gst.Pad, ev gst.Event) bool {
	switch e := ev.(type) {
	case *gst.CapsEvent:
		tr.mu.Lock()
		tr.caps = e.Caps
		tr.mu.Unlock()
	case *gst.EOSEvent:
		close(tr.eos)
	}
	return true
}

// tsdDemuxFile runs filesrc ! <demuxer> with a recorder on every pad
// and returns the tracks by pad name, once every pad got EOS.
func tsdDemuxFile(t *testing.T, file, demuxer string) map[string]*tsdTrack {
	t.Helper()
	tsdRegister(t)
	p := gst.NewPipeline("p")
	src, err := gst.DefaultRegistry().MakeElement("filesrc", "")
	if err != nil {
		t.Fatal(err)
	}
	if err := src.SetString("location", file); err != nil {
		t.Fatal(err)
	}
	dmx, err := gst.DefaultRegistry().MakeElement(demuxer, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Add(src, dmx); err != nil {
		t.Fatal(err)
	}
	if err := gst.Link(src, dmx); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	tracks := map[string]*tsdTrack{}
	nmp := make(chan struct{})
	type padSignals interface {
		ConnectPadAdded(fn func(el gst.Element, pad *gst.Pad))
		ConnectNoMorePads(fn func(el gst.Element))
	}
	dmx.(padSignals).ConnectPadAdded(func(_ gst.Element, pad *gst.Pad) {
		tr := &tsdTrack{name: pad.Name(), eos: make(chan struct{})}
		sink := gst.NewPad("sink", gst.PadSink)
		sink.SetChainFunc(tr.chain)
		sink.SetEventFunc(tr.event)
		sink.SetActive(true)
		if ret := pad.Link(sink); ret != gst.PadLinkOK {
			t.Errorf("link %s: %v", pad.Name(), ret)
		}
		mu.Lock()
		tracks[pad.Name()] = tr
		mu.Unlock()
	})
	dmx.(padSignals).ConnectNoMorePads(func(gst.Element) { close(nmp) })
	if p.SetState(gst.StatePlaying) == gst.StateChangeFailure {
		t.Fatal("PLAYING failed")
	}
	defer p.SetState(gst.StateNull)
	deadline := time.After(tsdTimeout)
	select {
	case <-nmp:
	case <-deadline:
		t.Fatal("no no-more-pads")
	}
	mu.Lock()
	defer mu.Unlock()
	for _, tr := range tracks {
		select {
		case <-tr.eos:
		case <-deadline:
			t.Fatalf("%s: no EOS", tr.name)
		}
	}
	if m := p.Bus().PopFiltered(gst.MessageError); m != nil {
		t.Fatalf("error: %v", m.(*gst.ErrorMessage).Err)
	}
	return tracks
}

// tsdMakeTS muxes testdata/movie.mp4 with mpegtsmux.
func tsdMakeTS(t *testing.T) string {
	t.Helper()
	tsdRegister(t)
	out := filepath.Join(t.TempDir(), "movie.ts")
	el, err := gst.ParseLaunch("filesrc location=../../testdata/movie.mp4 ! qtdemux name=d " +
		"d.video_0 ! queue ! mpegtsmux name=m ! filesink location=" + out + " d.audio_0 ! queue ! m.")
	if err != nil {
		t.Fatal(err)
	}
	p := el.(*gst.Pipeline)
	defer p.SetState(gst.StateNull)
	p.SetState(gst.StatePlaying)
	switch m := p.Bus().TimedPopFiltered(gst.ClockTimeFromDuration(tsdTimeout), gst.MessageEOS|gst.MessageError).(type) {
	case nil:
		t.Fatal("no EOS")
	case *gst.ErrorMessage:
		t.Fatalf("error: %v", m.Err)
	}
	return out
}

// TestTSDemuxRoundTrip: qtdemux → mpegtsmux → tsdemux gives the same
// access units with the same PTS, up to the 90 kHz rounding and one
// constant offset (the mux's clock base and the demuxer's start).
func TestTSDemuxRoundTrip(t *testing.T) {
	ts := tsdMakeTS(t)
	in := tsdDemuxFile(t, "../../testdata/movie.mp4", "qtdemux")
	out := tsdDemuxFile(t, ts, "tsdemux")
	pairs := map[string]string{"video_0": "video_0_0041", "audio_0": "audio_0_0042"}
	var offset int64
	haveOffset := false
	for _, inName := range []string{"video_0", "audio_0"} {
		a, b := in[inName], out[pairs[inName]]
		if a == nil || b == nil {
			t.Fatalf("missing track %s / %s (have %v)", inName, pairs[inName], keys(out))
		}
		if len(a.pts) != len(b.pts) {
			t.Fatalf("%s: %d buffers in, %d out", inName, len(a.pts), len(b.pts))
		}
		for i := range a.pts {
			d := int64(b.pts[i]) - int64(a.pts[i])
			if !haveOffset {
				offset, haveOffset = d, true
			}
			if diff := d - offset; diff < -11112 || diff > 11112 {
				t.Fatalf("%s buffer %d: pts %v, input %v (offset %d ns)", inName, i, b.pts[i], a.pts[i], offset)
			}
		}
	}
	if n := len(in["video_0"].pts); n != 166 {
		t.Errorf("%d video AUs, want 166", n)
	}
	if n := len(in["audio_0"].pts); n != 261 {
		t.Errorf("%d audio AUs, want 261", n)
	}
	v := out["video_0_0041"]
	if s := v.caps.String(); s != "video/x-h264, stream-format=(string)byte-stream" {
		t.Errorf("video caps %s", s)
	}
	if s := out["audio_0_0042"].caps.String(); s != "audio/mpeg, mpegversion=(int)4, stream-format=(string)adts" {
		t.Errorf("audio caps %s", s)
	}
	if v.flg[0]&gst.BufferFlagDeltaUnit != 0 {
		t.Error("first video buffer is DELTA_UNIT")
	}
}

func keys(m map[string]*tsdTrack) []string {
	var k []string
	for n := range m {
		k = append(k, n)
	}
	return k
}

// TestTSDemuxGStreamerTS demuxes a TS written by GStreamer's own mpegtsmux.
func TestTSDemuxGStreamerTS(t *testing.T) {
	if _, err := exec.LookPath("gst-launch-1.0"); err != nil {
		t.Skip("gst-launch-1.0 not installed")
	}
	out := filepath.Join(t.TempDir(), "gst.ts")
	cmd := exec.Command("gst-launch-1.0", "-q", "filesrc", "location=../../testdata/movie.mp4", "!", "qtdemux", "name=d",
		"d.video_0", "!", "queue", "!", "h264parse", "!", "mpegtsmux", "name=m", "!", "filesink", "location="+out,
		"d.audio_0", "!", "queue", "!", "m.")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("gst-launch-1.0: %v\n%s", err, b)
	}
	tracks := tsdDemuxFile(t, out, "tsdemux")
	var v, a int
	for name, tr := range tracks {
		switch {
		case strings.HasPrefix(name, "video_0_"):
			v = len(tr.pts)
		case strings.HasPrefix(name, "audio_0_"):
			a = len(tr.pts)
		}
	}
	if v != 166 || a != 261 {
		t.Errorf("%d video and %d audio buffers, want 166 and 261 (pads %v)", v, a, keys(tracks))
	}
}

// TestTSDemuxGarbage: input without a program is a bus ERROR from tsdemux.
func TestTSDemuxGarbage(t *testing.T) {
	tsdRegister(t)
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"zeros", make([]byte, 10000)},
		{"text", []byte(strings.Repeat("not a transport stream G", 500))},
		{"sync bytes", []byte(strings.Repeat("G", 188*20))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			file := filepath.Join(t.TempDir(), "x.ts")
			if err := os.WriteFile(file, tc.data, 0o644); err != nil {
				t.Fatal(err)
			}
			el, err := gst.ParseLaunch("filesrc location=" + file + " ! tsdemux name=d ! fakesink")
			if err != nil {
				t.Fatal(err)
			}
			p := el.(*gst.Pipeline)
			defer p.SetState(gst.StateNull)
			p.SetState(gst.StatePlaying)
			m := p.Bus().TimedPopFiltered(gst.ClockTimeFromDuration(tsdTimeout), gst.MessageEOS|gst.MessageError)
			em, ok := m.(*gst.ErrorMessage)
			if !ok {
				t.Fatalf("got %v, want an ERROR", m)
			}
			if src := em.Src(); src == nil || src.Name() != "d" {
				t.Errorf("error from %v, want tsdemux", src)
			}
			if !strings.Contains(em.Debug, "No program activated before EOS") {
				t.Errorf("debug %q", em.Debug)
			}
		})
	}
}

func TestTSDemuxCheckElement(t *testing.T) {
	tsdRegister(t)
	gsttest.CheckElement(t, "tsdemux")
}

// tsdFuzzSeed is a small TS made by mpegtsmux (PAT, PMT, one H.264 PES),
// built once for the fuzz corpus.
func tsdFuzzSeed(t testing.TB) []byte {
	tsdRegister(t)
	h := gsttest.NewWithPadNames(t, "mpegtsmux", "sink_65", "src")
	h.SetSrcCapsString("video/x-h264, stream-format=(string)byte-stream, alignment=(string)au")
	for i := 0; i < 3; i++ {
		b := gst.NewBufferMemdup(append([]byte{0, 0, 0, 1, 0x65}, make([]byte, 200)...))
		b.PTS, b.DTS = gst.ClockTime(i)*40*gst.Millisecond, gst.ClockTime(i)*40*gst.Millisecond
		if err := h.Push(b); err != nil {
			t.Fatal(err)
		}
	}
	h.PushEvent(gst.NewEOSEvent())
	bufs, _ := h.PullUntilEOS()
	var data []byte
	for _, b := range bufs {
		data = append(data, b.Bytes()...)
		b.Unref()
	}
	return data
}

// FuzzTSDemux feeds arbitrary bytes, in two chunks, to tsdemux through
// a harness: it must never panic or hang.
func FuzzTSDemux(f *testing.F) {
	seed := tsdFuzzSeed(f)
	f.Add(seed, 100)
	f.Add(seed[:188*3], 0)
	f.Add([]byte{0x47, 0x40, 0x00, 0x10}, 2)
	f.Fuzz(func(t *testing.T, data []byte, split int) {
		tsdRegister(t)
		h := gsttest.NewWithPadNames(t, "tsdemux", "sink", "")
		h.Element().(*TSDemux).ConnectPadAdded(func(_ gst.Element, pad *gst.Pad) {
			sink := gst.NewPad("sink", gst.PadSink)
			sink.SetChainFunc(func(_ *gst.Pad, b *gst.Buffer) error { b.Unref(); return nil })
			sink.SetEventFunc(func(*gst.Pad, gst.Event) bool { return true })
			sink.SetActive(true)
			pad.Link(sink)
		})
		h.SetSrcCapsString("video/mpegts, systemstream=(boolean)true")
		if split < 0 || split > len(data) {
			split = len(data) / 2
		}
		for _, part := range [][]byte{data[:split], data[split:]} {
			_ = h.Push(gst.NewBufferMemdup(part))
		}
		h.PushEvent(gst.NewEOSEvent())
	})
}
