package fmp4

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/Eyevinn/mp4ff/mp4"

	"github.com/gstmini/gstmini/gst"
	"github.com/gstmini/gstmini/gsttest"
	"github.com/gstmini/gstmini/plugins/coreelements"
	"github.com/gstmini/gstmini/plugins/isomp4"
)

type fmp4Out struct {
	data          []byte
	pts, duration gst.ClockTime
	flags         gst.BufferFlags
}

func fmp4New[T gst.Element](t *testing.T, c *gst.ElementClass) T {
	t.Helper()
	el := c.New()
	if err := gst.InitElement(el, c, ""); err != nil {
		t.Fatal(err)
	}
	return el.(T)
}

// fmp4Run plays filesrc ! qtdemux ! queue ! mux (video only when
// videoOnly) and returns the mux output buffers and its caps.
func fmp4Run(t *testing.T, location string, class *gst.ElementClass, props map[string]any, videoOnly bool) ([]fmp4Out, *gst.Caps) {
	t.Helper()
	p := gst.NewPipeline("fmp4")
	src := fmp4New[*coreelements.FileSrc](t, coreelements.FileSrcClass)
	if err := src.Set("location", location); err != nil {
		t.Fatal(err)
	}
	demux := fmp4New[*isomp4.QTDemux](t, isomp4.QTDemuxClass)
	mux := class.New()
	if err := gst.InitElement(mux, class, ""); err != nil {
		t.Fatal(err)
	}
	for k, v := range props {
		if err := mux.Set(k, v); err != nil {
			t.Fatal(err)
		}
	}
	if err := p.Add(src, demux, mux); err != nil {
		t.Fatal(err)
	}
	if err := gst.Link(src, demux); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var outs []fmp4Out
	var caps *gst.Caps
	eos := make(chan struct{})
	sink := gst.NewPad("collect", gst.PadSink)
	sink.SetChainFunc(func(_ *gst.Pad, b *gst.Buffer) error {
		mu.Lock()
		outs = append(outs, fmp4Out{bytes.Clone(b.Bytes()), b.PTS, b.Duration, b.Flags})
		mu.Unlock()
		b.Unref()
		return nil
	})
	sink.SetEventFunc(func(_ *gst.Pad, ev gst.Event) bool {
		switch e := ev.(type) {
		case *gst.CapsEvent:
			mu.Lock()
			caps = e.Caps
			mu.Unlock()
		case *gst.EOSEvent:
			close(eos)
		}
		return true
	})
	sink.SetActive(true)
	if r := mux.StaticPad("src").Link(sink); r != gst.PadLinkOK {
		t.Fatal(r)
	}
	demux.ConnectPadAdded(func(_ gst.Element, pad *gst.Pad) {
		video := strings.HasPrefix(pad.Name(), "video")
		if videoOnly && !video {
			fs := fmp4New[*coreelements.FakeSink](t, coreelements.FakeSinkClass)
			_ = p.Add(fs)
			fs.SyncStateWithParent()
			pad.Link(fs.StaticPad("sink"))
			return
		}
		q := fmp4New[*coreelements.Queue](t, coreelements.QueueClass)
		if err := p.Add(q); err != nil {
			t.Error(err)
			return
		}
		q.SyncStateWithParent()
		var sinkPad *gst.Pad
		if class == CMAFMuxClass {
			sinkPad = mux.StaticPad("sink")
		} else {
			sinkPad = mux.(interface{ RequestPadSimple(string) *gst.Pad }).RequestPadSimple("sink_%u")
		}
		if r := q.StaticPad("src").Link(sinkPad); r != gst.PadLinkOK {
			t.Errorf("link: %v", r)
		}
		if r := pad.Link(q.StaticPad("sink")); r != gst.PadLinkOK {
			t.Errorf("link: %v", r)
		}
	})
	if r := p.SetState(gst.StatePlaying); r == gst.StateChangeFailure {
		t.Fatal("PLAYING failed")
	}
	defer p.SetState(gst.StateNull)
	select {
	case <-eos:
	case <-time.After(20 * time.Second):
		t.Fatalf("no EOS; bus: %v", p.Bus().PopFiltered(gst.MessageError))
	}
	p.SetState(gst.StateNull)
	mu.Lock()
	defer mu.Unlock()
	return outs, caps
}

func fmp4Probe(t *testing.T, data []byte) map[string]map[string]any {
	t.Helper()
	if _, err := exec.LookPath("ffprobe"); err != nil {
		t.Skip("ffprobe not installed")
	}
	f := filepath.Join(t.TempDir(), "out.mp4")
	if err := os.WriteFile(f, data, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("ffprobe", "-v", "error", "-show_streams", "-count_packets", "-of", "json", f)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil || stderr.Len() > 0 {
		t.Fatalf("ffprobe: %v %s", err, stderr.String())
	}
	var res struct {
		Streams []map[string]any `json:"streams"`
	}
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatal(err)
	}
	m := map[string]map[string]any{}
	for _, s := range res.Streams {
		m[s["codec_name"].(string)] = s
	}
	return m
}

// fmp4Check validates the buffers: a HEADER init segment equal to the
// caps' streamheader, then fragments starting with a video keyframe, with
// increasing PTS.
func fmp4Check(t *testing.T, outs []fmp4Out, caps *gst.Caps, variant string, wantVideo, wantAudio string, minFrags int) {
	t.Helper()
	if len(outs) < 2 {
		t.Fatalf("%d buffers", len(outs))
	}
	if caps == nil {
		t.Fatal("no caps")
	}
	st := caps.Structure(0)
	if v, _ := st.StringField("variant"); st.Name() != "video/quicktime" || v != variant {
		t.Errorf("caps %v", caps)
	}
	sh, _ := st.Value("streamheader")
	arr, _ := sh.(gst.ValueArray)
	if len(arr) != 1 || !bytes.Equal(arr[0].(*gst.Buffer).Bytes(), outs[0].data) {
		t.Errorf("streamheader is not the init segment")
	}
	if outs[0].flags&gst.BufferFlagHeader == 0 {
		t.Errorf("first buffer flags %v", outs[0].flags)
	}
	var all []byte
	for _, o := range outs {
		all = append(all, o.data...)
	}
	f, err := mp4.DecodeFile(bytes.NewReader(all))
	if err != nil {
		t.Fatal(err)
	}
	if f.Init == nil || f.Init.Moov.Mvex == nil {
		t.Fatal("no init segment with mvex")
	}
	if variant == "cmaf" && f.Init.Ftyp.MajorBrand() != "cmf2" {
		t.Errorf("major brand %q", f.Init.Ftyp.MajorBrand())
	}
	var videoID uint32
	for _, tr := range f.Init.Moov.Traks {
		if tr.Mdia.Hdlr.HandlerType == "vide" {
			videoID = tr.Tkhd.TrackID
		}
	}
	frags := 0
	prev := gst.ClockTime(0)
	for i, o := range outs[1:] {
		if o.flags&gst.BufferFlagHeader != 0 || !bytes.Equal(o.data[4:8], []byte("moof")) {
			continue
		}
		frags++
		if o.pts == gst.ClockTimeNone || o.pts < prev {
			t.Errorf("fragment %d pts %v after %v", i, o.pts, prev)
		}
		prev = o.pts
		fr, err := mp4.DecodeFile(bytes.NewReader(o.data))
		if err != nil || len(fr.Segments) == 0 || len(fr.Segments[0].Fragments) != 1 {
			t.Fatalf("fragment %d does not parse as one moof+mdat: %v", i, err)
		}
		for _, traf := range fr.Segments[0].Fragments[0].Moof.Trafs {
			if traf.Tfhd.TrackID == videoID {
				if s := traf.Trun.Samples[0]; !s.IsSync() {
					t.Errorf("fragment %d starts with a non-keyframe (flags %x)", i, s.Flags)
				}
			}
		}
	}
	if frags < minFrags {
		t.Errorf("%d fragments, want at least %d", frags, minFrags)
	}
	probe := fmp4Probe(t, all)
	if got := probe["h264"]["nb_read_packets"]; got != wantVideo {
		t.Errorf("h264 packets %v, want %s", got, wantVideo)
	}
	if wantAudio != "" {
		if got := probe["aac"]["nb_read_packets"]; got != wantAudio {
			t.Errorf("aac packets %v, want %s", got, wantAudio)
		}
	}
}

func TestISOFMP4Mux(t *testing.T) {
	// movie.mp4 has a single keyframe: one fragment.
	outs, caps := fmp4Run(t, "../../testdata/movie.mp4", ISOFMP4MuxClass, map[string]any{"fragment-duration": uint64(gst.Second), "write-mfra": true,
		"header-update-mode": 2, "write-mehd": true}, false)
	fmp4Check(t, outs, caps, "iso-fragmented", "166", "261", 1)
	last := outs[len(outs)-1]
	if last.flags&gst.BufferFlagHeader == 0 {
		t.Errorf("no updated header at the end")
	}
	if !bytes.Contains(outs[len(outs)-2].data[:8], []byte("mfra")) {
		t.Errorf("no mfra before the updated header")
	}
}

func TestCMAFMux(t *testing.T) {
	outs, caps := fmp4Run(t, "../../testdata/movie.mp4", CMAFMuxClass, map[string]any{"fragment-duration": uint64(gst.Second)}, true)
	fmp4Check(t, outs, caps, "cmaf", "166", "", 1)
}

// TestCMAFMuxFragments muxes 3 s of H.264 with B-frames and a keyframe
// every 30 frames: 500 ms fragments split on every keyframe.
func TestCMAFMuxFragments(t *testing.T) {
	if _, err := exec.LookPath("ffmpeg"); err != nil {
		t.Skip("ffmpeg not installed")
	}
	f := filepath.Join(t.TempDir(), "bframes.mp4")
	cmd := exec.Command("ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30", "-t", "3",
		"-c:v", "libx264", "-bf", "2", "-g", "30", "-pix_fmt", "yuv420p", f)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Skipf("ffmpeg could not encode: %v: %s", err, out)
	}
	for _, c := range []*gst.ElementClass{CMAFMuxClass, ISOFMP4MuxClass} {
		outs, caps := fmp4Run(t, f, c, map[string]any{"fragment-duration": uint64(500 * gst.Millisecond)}, true)
		variant := "cmaf"
		if c == ISOFMP4MuxClass {
			variant = "iso-fragmented"
		}
		fmp4Check(t, outs, caps, variant, "90", "", 3)
	}
}

func TestFMP4CheckElement(t *testing.T) {
	r := gst.DefaultRegistry()
	if r.Lookup("cmafmux") == nil {
		if err := Register(r); err != nil {
			t.Fatal(err)
		}
	}
	gsttest.CheckElement(t, "cmafmux")
	gsttest.CheckElement(t, "isofmp4mux")
}
