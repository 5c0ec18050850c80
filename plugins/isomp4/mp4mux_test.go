package isomp4

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/gstmini/gstmini/gst"
	"github.com/gstmini/gstmini/gsttest"
	"github.com/gstmini/gstmini/libs/isobmff"
	"github.com/gstmini/gstmini/plugins/coreelements"
)

// mp4muxRemux plays qtmemsrc(data) ! qtdemux ! mp4mux ! filesink and
// returns the written file. props are set on mp4mux.
func mp4muxRemux(t *testing.T, data []byte, props map[string]any) []byte {
	t.Helper()
	out := filepath.Join(t.TempDir(), "out.mp4")
	p := gst.NewPipeline("remux")
	src := newQTElement[*qtMemSrc](t, qtMemSrcClass)
	src.data, src.pull, src.seekable = data, true, true
	demux := newQTElement[*QTDemux](t, QTDemuxClass)
	mux := newQTElement[*MP4Mux](t, MP4MuxClass)
	for k, v := range props {
		if err := mux.Set(k, v); err != nil {
			t.Fatal(err)
		}
	}
	sink := newQTElement[*coreelements.FileSink](t, coreelements.FileSinkClass)
	if err := sink.Set("location", out); err != nil {
		t.Fatal(err)
	}
	if err := p.Add(src, demux, mux, sink); err != nil {
		t.Fatal(err)
	}
	if err := gst.Link(src, demux); err != nil {
		t.Fatal(err)
	}
	if err := gst.Link(mux, sink); err != nil {
		t.Fatal(err)
	}
	demux.ConnectPadAdded(func(_ gst.Element, pad *gst.Pad) {
		tmpl := "video_%u"
		if strings.HasPrefix(pad.Name(), "audio") {
			tmpl = "audio_%u"
		}
		// A queue per stream, as in gst-launch lines: the demuxer pushes
		// every stream from one thread and the muxer needs data on all
		// pads at once.
		q := newQTElement[*coreelements.Queue](t, coreelements.QueueClass)
		if err := p.Add(q); err != nil {
			t.Error(err)
			return
		}
		q.SyncStateWithParent()
		sinkPad := mux.RequestPadSimple(tmpl)
		if sinkPad == nil {
			t.Errorf("no %s pad", tmpl)
			return
		}
		if r := q.StaticPad("src").Link(sinkPad); r != gst.PadLinkOK {
			t.Errorf("link queue: %v", r)
		}
		if r := pad.Link(q.StaticPad("sink")); r != gst.PadLinkOK {
			t.Errorf("link %s: %v", pad.Name(), r)
		}
	})
	if r := p.SetState(gst.StatePlaying); r == gst.StateChangeFailure {
		t.Fatal("PLAYING failed")
	}
	defer p.SetState(gst.StateNull)
	msg := p.Bus().TimedPopFiltered(gst.ClockTimeFromDuration(qtTimeout), gst.MessageEOS|gst.MessageError)
	if msg == nil {
		t.Fatal("no EOS")
	}
	if em, ok := msg.(*gst.ErrorMessage); ok {
		t.Fatalf("error: %v", em)
	}
	p.SetState(gst.StateNull)
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// mp4muxTopBoxes lists the top-level box types of an ISO BMFF file.
func mp4muxTopBoxes(t *testing.T, b []byte) []string {
	t.Helper()
	var types []string
	for off := uint64(0); off+8 <= uint64(len(b)); {
		size := uint64(b[off])<<24 | uint64(b[off+1])<<16 | uint64(b[off+2])<<8 | uint64(b[off+3])
		typ := string(b[off+4 : off+8])
		if size == 1 && off+16 <= uint64(len(b)) {
			size = 0
			for _, c := range b[off+8 : off+16] {
				size = size<<8 | uint64(c)
			}
		}
		if size < 8 {
			t.Fatalf("bad box %q size %d at %d", typ, size, off)
		}
		types = append(types, typ)
		off += size
	}
	return types
}

type mp4muxProbeStream struct {
	CodecType   string `json:"codec_type"`
	CodecName   string `json:"codec_name"`
	ReadFrames  string `json:"nb_read_frames"`
	ReadPackets string `json:"nb_read_packets"`
	Duration    string `json:"duration"`
	RFrameRate  string `json:"r_frame_rate"`
	SampleRate  string `json:"sample_rate"`
	Width       int    `json:"width"`
	Height      int    `json:"height"`
	StartTime   string `json:"start_time"`
	DurationTS  int64  `json:"duration_ts"`
	TimeBase    string `json:"time_base"`
	NbFrames    string `json:"nb_frames"`
	HasBFrames  int    `json:"has_b_frames"`
	ProfileName string `json:"profile"`
}

// mp4muxProbe runs ffprobe -show_streams -count_frames on b.
func mp4muxProbe(t *testing.T, b []byte) map[string]mp4muxProbeStream {
	t.Helper()
	if _, err := exec.LookPath("ffprobe"); err != nil {
		t.Skip("ffprobe not installed")
	}
	f := filepath.Join(t.TempDir(), "probe.mp4")
	if err := os.WriteFile(f, b, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("ffprobe", "-v", "error", "-show_streams", "-count_frames", "-count_packets", "-of", "json", f)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil || stderr.Len() > 0 {
		t.Fatalf("ffprobe: %v: %s", err, stderr.String())
	}
	var res struct {
		Streams []mp4muxProbeStream `json:"streams"`
	}
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatal(err)
	}
	m := map[string]mp4muxProbeStream{}
	for _, s := range res.Streams {
		m[s.CodecName] = s
	}
	return m
}

// mp4muxDemux reads b back through qtdemux and returns the buffers per pad.
func mp4muxDemux(t *testing.T, b []byte) map[string][]qtOutBuf {
	t.Helper()
	r := startQT(t, b, true, true)
	r.wait()
	res := map[string][]qtOutBuf{}
	r.mu.Lock()
	defer r.mu.Unlock()
	for name, tr := range r.tracks {
		bufs, _ := tr.snapshot()
		res[name] = bufs
	}
	r.p.SetState(gst.StateNull)
	return res
}

func mp4muxCompareDemux(t *testing.T, want, got map[string][]qtOutBuf) {
	t.Helper()
	if len(want) != len(got) {
		t.Fatalf("pads %d, want %d", len(got), len(want))
	}
	for name, w := range want {
		g := got[name]
		if len(g) != len(w) {
			t.Errorf("%s: %d buffers, want %d", name, len(g), len(w))
			continue
		}
		bad := 0
		for i := range w {
			if g[i].pts != w[i].pts || g[i].dts != w[i].dts || g[i].size != w[i].size ||
				g[i].flags&gst.BufferFlagDeltaUnit != w[i].flags&gst.BufferFlagDeltaUnit {
				if bad < 5 {
					t.Errorf("%s[%d]: pts %v dts %v size %d flags %v, want pts %v dts %v size %d flags %v",
						name, i, g[i].pts, g[i].dts, g[i].size, g[i].flags, w[i].pts, w[i].dts, w[i].size, w[i].flags)
				}
				bad++
			}
		}
	}
}

func mp4muxCheckProbe(t *testing.T, got map[string]mp4muxProbeStream, video, audio int, in map[string]mp4muxProbeStream) {
	t.Helper()
	// Packets are samples; decoded frames are compared with the input's
	// (ffmpeg's AAC decoder outputs 260 frames for the 261 packets of
	// testdata/movie.mp4, GStreamer's own mp4mux output included).
	for codec, n := range map[string]int{"h264": video, "aac": audio} {
		if n == 0 {
			continue
		}
		if p := got[codec].ReadPackets; p != strconv.Itoa(n) {
			t.Errorf("%s packets %q, want %d", codec, p, n)
		}
		if f := got[codec].ReadFrames; f != in[codec].ReadFrames {
			t.Errorf("%s decoded frames %q, want %q as for the input", codec, f, in[codec].ReadFrames)
		}
	}
	for codec, frame := range map[string]float64{"h264": 1.0 / 30, "aac": 1024.0 / 48000} {
		w, ok := in[codec]
		if !ok || (codec == "aac" && audio == 0) {
			continue
		}
		gd, _ := strconv.ParseFloat(got[codec].Duration, 64)
		wd, _ := strconv.ParseFloat(w.Duration, 64)
		if d := gd - wd; d > frame || d < -frame {
			t.Errorf("%s duration %v, want %v ± one frame", codec, gd, wd)
		}
	}
}

func TestMP4MuxRemux(t *testing.T) {
	data := readMovie(t)
	in := mp4muxProbe(t, data)
	want := mp4muxDemux(t, data)
	for _, tc := range []struct {
		name  string
		props map[string]any
		boxes string
	}{
		{"moov-at-end", nil, "ftyp mdat moov"},
		{"faststart", map[string]any{"faststart": true}, "ftyp moov mdat"},
		{"interleave-bytes", map[string]any{"interleave-bytes": uint64(10000), "interleave-time": uint64(0)}, "ftyp mdat moov"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := mp4muxRemux(t, data, tc.props)
			if got := strings.Join(mp4muxTopBoxes(t, out), " "); got != tc.boxes {
				t.Errorf("boxes %q, want %q", got, tc.boxes)
			}
			mp4muxCheckProbe(t, mp4muxProbe(t, out), 166, 261, in)
			mp4muxCompareDemux(t, want, mp4muxDemux(t, out))
		})
	}
}

func TestMP4MuxBFrames(t *testing.T) {
	if _, err := exec.LookPath("ffmpeg"); err != nil {
		t.Skip("ffmpeg not installed")
	}
	f := filepath.Join(t.TempDir(), "bframes.mp4")
	cmd := exec.Command("ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30", "-t", "2",
		"-c:v", "libx264", "-bf", "2", "-g", "30", "-pix_fmt", "yuv420p", f)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Skipf("ffmpeg could not encode: %v: %s", err, out)
	}
	data, err := os.ReadFile(f)
	if err != nil {
		t.Fatal(err)
	}
	in := mp4muxProbe(t, data)
	want := mp4muxDemux(t, data)
	reordered := false
	for _, b := range want["video_0"] {
		reordered = reordered || b.pts != b.dts
	}
	if !reordered {
		t.Fatal("test input has no B-frames")
	}
	for _, fast := range []bool{false, true} {
		out := mp4muxRemux(t, data, map[string]any{"faststart": fast})
		mp4muxCheckProbe(t, mp4muxProbe(t, out), 60, 0, in)
		mp4muxCompareDemux(t, want, mp4muxDemux(t, out))
	}
}

func TestMP4MuxCheckElement(t *testing.T) {
	r := gst.DefaultRegistry()
	if r.Lookup("mp4mux") == nil {
		if err := Register(r); err != nil {
			t.Fatal(err)
		}
	}
	gsttest.CheckElement(t, "mp4mux")
}

func TestMP4MuxTimescale(t *testing.T) {
	for _, c := range []struct {
		n, d int
		want uint32
	}{{30, 1, 3000}, {30000, 1001, 30000}, {25, 1, 2500}, {0, 1, 10000}} {
		if got := isobmff.FramerateToTimescale(c.n, c.d); got != c.want {
			t.Errorf("%d/%d: %d, want %d", c.n, c.d, got, c.want)
		}
	}
	if got := mp4muxScale(33333333, 3000); got != 100 {
		t.Errorf("scale %d", got)
	}
	if got := mp4muxScale(-66666666, 3000); got != -200 {
		t.Errorf("scale %d", got)
	}
}

func TestMP4MuxBadCaps(t *testing.T) {
	for _, c := range []string{
		"video/x-h264, stream-format=(string)avc, alignment=(string)au, width=(int)320, height=(int)240",
		"video/x-h264, stream-format=(string)avc, codec_data=(buffer)00, width=(int)320, height=(int)240",
		"audio/mpeg, mpegversion=(int)4, rate=(int)48000, channels=(int)1",
		"audio/mpeg, mpegversion=(int)1, rate=(int)48000, channels=(int)1, codec_data=(buffer)1188",
		"audio/x-raw",
	} {
		if _, err := isobmff.CodecFromCaps(gst.MustParseCaps(c)); err == nil {
			t.Errorf("%s: no error", c)
		}
	}
	if _, err := isobmff.CodecFromCaps(gst.MustParseCaps(qtVideoCaps)); err != nil {
		t.Error(err)
	}
	if _, err := isobmff.CodecFromCaps(gst.MustParseCaps(qtAudioCaps)); err != nil {
		t.Error(err)
	}
}
