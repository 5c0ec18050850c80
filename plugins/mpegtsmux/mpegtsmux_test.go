package mpegtsmux

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/asticode/go-astits"

	"github.com/gstmini/gstmini/gst"
	"github.com/gstmini/gstmini/gsttest"
	"github.com/gstmini/gstmini/plugins/coreelements"
	"github.com/gstmini/gstmini/plugins/isomp4"
)

const tsmuxTimeout = 60 * time.Second

var tsmuxRegisterOnce sync.Once

func tsmuxRegister(t testing.TB) {
	t.Helper()
	tsmuxRegisterOnce.Do(func() {
		r := gst.DefaultRegistry()
		for _, reg := range []func(*gst.Registry) error{coreelements.Register, isomp4.Register, Register} {
			if err := reg(r); err != nil {
				t.Fatal(err)
			}
		}
	})
}

// tsmuxRunPipeline runs desc to EOS and fails on an ERROR message.
func tsmuxRunPipeline(t *testing.T, desc string) {
	t.Helper()
	el, err := gst.ParseLaunch(desc)
	if err != nil {
		t.Fatalf("parse %q: %v", desc, err)
	}
	p := el.(*gst.Pipeline)
	defer p.SetState(gst.StateNull)
	if p.SetState(gst.StatePlaying) == gst.StateChangeFailure {
		t.Fatal("PLAYING failed")
	}
	m := p.Bus().TimedPopFiltered(gst.ClockTimeFromDuration(tsmuxTimeout), gst.MessageEOS|gst.MessageError)
	switch m := m.(type) {
	case nil:
		t.Fatal("no EOS")
	case *gst.ErrorMessage:
		t.Fatalf("error: %v (%s)", m.Err, m.Debug)
	}
}

// tsmuxMovieTS muxes testdata/movie.mp4 into a TS file and returns its path.
func tsmuxMovieTS(t *testing.T, extra string) string {
	t.Helper()
	tsmuxRegister(t)
	out := filepath.Join(t.TempDir(), "movie.ts")
	tsmuxRunPipeline(t, "filesrc location=../../testdata/movie.mp4 ! qtdemux name=d "+
		"d.video_0 ! queue ! mpegtsmux name=m "+extra+" ! filesink location="+out+" d.audio_0 ! queue ! m.")
	return out
}

type tsmuxProbe struct {
	Streams []struct {
		CodecName   string `json:"codec_name"`
		CodecType   string `json:"codec_type"`
		NbReadFrame string `json:"nb_read_frames"`
		NbReadPkts  string `json:"nb_read_packets"`
		Duration    string `json:"duration"`
		StartTime   string `json:"start_time"`
	} `json:"streams"`
}

func TestMpegTSMuxMovieFFprobe(t *testing.T) {
	if _, err := exec.LookPath("ffprobe"); err != nil {
		t.Skip("ffprobe not installed")
	}
	ts := tsmuxMovieTS(t, "")
	out, err := exec.Command("ffprobe", "-v", "error", "-show_streams", "-count_frames", "-count_packets", "-of", "json", ts).Output()
	if err != nil {
		t.Fatalf("ffprobe: %v", err)
	}
	var pr tsmuxProbe
	if err := json.Unmarshal(out, &pr); err != nil {
		t.Fatal(err)
	}
	want := map[string]struct {
		codec  string
		frames int
		dur    float64
	}{"video": {"h264", 166, 0}, "audio": {"aac", 261, 0}}
	ref := tsmuxInputDurations(t)
	if len(pr.Streams) != 2 {
		t.Fatalf("%d streams: %s", len(pr.Streams), out)
	}
	for _, s := range pr.Streams {
		w, ok := want[s.CodecType]
		if !ok || s.CodecName != w.codec {
			t.Errorf("stream %s/%s unexpected", s.CodecType, s.CodecName)
			continue
		}
		// The access units: 166 video, 261 audio. ffprobe decodes one AAC
		// frame less than it reads (260) for movie.mp4 itself and for
		// GStreamer's mpegtsmux output alike, so frames are compared with
		// the input's decoded count.
		if n, _ := strconv.Atoi(s.NbReadPkts); n != w.frames {
			t.Errorf("%s: %d packets, want %d", s.CodecType, n, w.frames)
		}
		if n, _ := strconv.Atoi(s.NbReadFrame); n != ref[s.CodecType].frames {
			t.Errorf("%s: %d decoded frames, input has %d", s.CodecType, n, ref[s.CodecType].frames)
		}
		d, _ := strconv.ParseFloat(s.Duration, 64)
		if r := ref[s.CodecType]; r.dur > 0 && (d < r.dur-r.frame || d > r.dur+r.frame) {
			t.Errorf("%s: duration %.4f, input %.4f (frame %.4f)", s.CodecType, d, r.dur, r.frame)
		}
		st, _ := strconv.ParseFloat(s.StartTime, 64)
		if st < 3600 || st > 3601 {
			t.Errorf("%s: start time %v, want 3600 s + running time (GStreamer's clock base)", s.CodecType, st)
		}
	}
}

type tsmuxRef struct {
	dur, frame float64
	frames     int
}

// tsmuxInputDurations asks ffprobe for the durations of movie.mp4's streams.
func tsmuxInputDurations(t *testing.T) map[string]tsmuxRef {
	t.Helper()
	out, err := exec.Command("ffprobe", "-v", "error", "-show_streams", "-count_frames", "-of", "json", "../../testdata/movie.mp4").Output()
	if err != nil {
		t.Fatalf("ffprobe input: %v", err)
	}
	var pr struct {
		Streams []struct {
			CodecType string `json:"codec_type"`
			Duration  string `json:"duration"`
			NbFrames  string `json:"nb_frames"`
			NbRead    string `json:"nb_read_frames"`
		} `json:"streams"`
	}
	if err := json.Unmarshal(out, &pr); err != nil {
		t.Fatal(err)
	}
	ref := map[string]tsmuxRef{}
	for _, s := range pr.Streams {
		d, _ := strconv.ParseFloat(s.Duration, 64)
		n, _ := strconv.ParseFloat(s.NbFrames, 64)
		if n > 0 {
			r, _ := strconv.Atoi(s.NbRead)
			ref[s.CodecType] = tsmuxRef{d, d / n, r}
		}
	}
	return ref
}

func TestMpegTSMuxMovieGstLaunch(t *testing.T) {
	if _, err := exec.LookPath("gst-launch-1.0"); err != nil {
		t.Skip("gst-launch-1.0 not installed")
	}
	ts := tsmuxMovieTS(t, "")
	cmd := exec.Command("gst-launch-1.0", "-q", "filesrc", "location="+ts, "!", "tsdemux", "name=d",
		"d.", "!", "queue", "!", "fakesink", "d.", "!", "queue", "!", "fakesink")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("gst-launch-1.0: %v\n%s", err, out)
	}
}

// TestMpegTSMuxPacketsAndFlags checks the TS structure with go-astits:
// PAT/PMT before every keyframe, PCR on the video PID, DTS/PTS monotonic.
func TestMpegTSMuxPacketsAndFlags(t *testing.T) {
	ts := tsmuxMovieTS(t, "")
	data, err := os.ReadFile(ts)
	if err != nil {
		t.Fatal(err)
	}
	if len(data)%188 != 0 {
		t.Fatalf("size %d not a multiple of 188", len(data))
	}
	dmx := astits.NewDemuxer(t.Context(), bytes.NewReader(data), astits.DemuxerOptPacketSize(188))
	var lastPCR int64 = -1
	var pcrPID uint16
	sawPMT := false
	for {
		p, err := dmx.NextPacket()
		if err != nil {
			break
		}
		if p.Header.PID == 0 {
			sawPMT = false
		}
		if p.Header.PID == 0x20 {
			sawPMT = true
		}
		if p.AdaptationField != nil && p.AdaptationField.HasPCR {
			pcr := p.AdaptationField.PCR.Base*300 + p.AdaptationField.PCR.Extension
			if pcr <= lastPCR {
				t.Fatalf("PCR %d after %d", pcr, lastPCR)
			}
			lastPCR = pcr
			if pcrPID == 0 {
				pcrPID = p.Header.PID
			} else if p.Header.PID != pcrPID {
				t.Fatalf("PCR on PID %#x and %#x", pcrPID, p.Header.PID)
			}
		}
		if p.AdaptationField != nil && p.AdaptationField.RandomAccessIndicator && !sawPMT {
			t.Fatalf("keyframe on PID %#x without PAT/PMT before it", p.Header.PID)
		}
		if p.AdaptationField != nil && p.AdaptationField.RandomAccessIndicator {
			sawPMT = false
		}
	}
	if pcrPID != 65 {
		t.Errorf("PCR PID %#x, want the video PID 0x41", pcrPID)
	}
}

func TestMpegTSMuxCheckElement(t *testing.T) {
	tsmuxRegister(t)
	gsttest.CheckElement(t, "mpegtsmux")
}

// tsmuxAU returns a fake H.264 access unit: an IDR slice when key, else a
// non-IDR slice.
func tsmuxAU(key bool, i int) *gst.Buffer {
	nal := byte(0x41)
	if key {
		nal = 0x65
	}
	b := gst.NewBufferMemdup(append([]byte{0, 0, 0, 1, nal}, bytes.Repeat([]byte{byte(i)}, 300)...))
	if !key {
		b.SetFlags(gst.BufferFlagDeltaUnit)
	}
	return b
}

type tsmuxPES struct {
	pts, dts int64
	key      bool
}

// tsmuxParse returns the PES timestamps and the PCRs of a TS.
func tsmuxParse(t *testing.T, data []byte) (pes []tsmuxPES, pcrs []int64) {
	t.Helper()
	dmx := astits.NewDemuxer(t.Context(), bytes.NewReader(data), astits.DemuxerOptPacketSize(188))
	for {
		d, err := dmx.NextData()
		if err != nil {
			break
		}
		if d.FirstPacket != nil && d.FirstPacket.AdaptationField != nil && d.FirstPacket.AdaptationField.HasPCR {
			pcrs = append(pcrs, d.FirstPacket.AdaptationField.PCR.Base)
		}
		if d.PES != nil && d.PES.Header.OptionalHeader != nil && d.PES.Header.OptionalHeader.PTS != nil {
			p := tsmuxPES{pts: d.PES.Header.OptionalHeader.PTS.Base, dts: d.PES.Header.OptionalHeader.PTS.Base}
			if d.PES.Header.OptionalHeader.DTS != nil {
				p.dts = d.PES.Header.OptionalHeader.DTS.Base
			}
			p.key = d.FirstPacket != nil && d.FirstPacket.AdaptationField != nil && d.FirstPacket.AdaptationField.RandomAccessIndicator
			pes = append(pes, p)
		}
	}
	return pes, pcrs
}

// TestMpegTSMuxLoopedSegments pushes the same timestamps twice, the second
// time in a non-flushing SEGMENT whose base is the first loop's duration
// (what a SEGMENT seek loop produces): the TS timestamps must keep
// increasing, because the muxer works on running time.
func TestMpegTSMuxLoopedSegments(t *testing.T) {
	tsmuxRegister(t)
	h := gsttest.NewWithPadNames(t, "mpegtsmux", "sink_65", "src")
	h.SetSrcCapsString("video/x-h264, stream-format=(string)byte-stream, alignment=(string)au")
	const n, frame = 30, 40 * gst.Millisecond
	push := func() {
		for i := 0; i < n; i++ {
			b := tsmuxAU(i%10 == 0, i)
			b.PTS, b.DTS, b.Duration = gst.ClockTime(i)*frame, gst.ClockTime(i)*frame, frame
			if err := h.Push(b); err != nil {
				t.Fatal(err)
			}
		}
	}
	push()
	seg := gst.NewSegment(gst.FormatTime)
	seg.Base = uint64(n * frame)
	if !h.PushEvent(gst.NewSegmentEvent(seg)) {
		t.Fatal("segment refused")
	}
	push()
	h.PushEvent(gst.NewEOSEvent())
	bufs, ok := h.PullUntilEOS()
	if !ok {
		t.Fatal("no EOS")
	}
	var data []byte
	keys, nonDelta := 0, 0
	lastPTS := gst.ClockTimeNone
	for _, b := range bufs {
		if b.Size() != 188 {
			t.Fatalf("buffer of %d bytes, want single packets (alignment -1)", b.Size())
		}
		if !b.HasFlags(gst.BufferFlagDeltaUnit) {
			nonDelta++
			if d := b.Bytes(); d[1]&0x1f != 0 || d[2] != 0 { // a keyframe's buffers start with the PAT
				t.Errorf("non-delta packet on PID %#x, want the PAT before a keyframe", int(d[1]&0x1f)<<8|int(d[2]))
			}
		}
		if lastPTS.IsValid() && b.PTS < lastPTS {
			t.Fatalf("output PTS %v after %v", b.PTS, lastPTS)
		}
		lastPTS = b.PTS
		data = append(data, b.Bytes()...)
		b.Unref()
	}
	pes, pcrs := tsmuxParse(t, data)
	if len(pes) != 2*n {
		t.Fatalf("%d PES, want %d", len(pes), 2*n)
	}
	for i, p := range pes {
		want := int64(3600*90000) + int64(i)*int64(frame)*9/100000
		if p.pts != want || p.dts != want {
			t.Errorf("PES %d: pts %d dts %d, want %d (clock base + running time)", i, p.pts, p.dts, want)
		}
		if p.key {
			keys++
		}
	}
	if keys != 6 || nonDelta != 6 {
		t.Errorf("%d keyframe PES, %d non-delta buffers; want 6 each", keys, nonDelta)
	}
	for i := 1; i < len(pcrs); i++ {
		if pcrs[i] <= pcrs[i-1] {
			t.Fatalf("PCR %d after %d", pcrs[i], pcrs[i-1])
		}
	}
	if len(pcrs) < n {
		t.Errorf("%d PCRs for %d frames of 40 ms, want one per pcr-interval (40 ms)", len(pcrs), 2*n)
	}
}

// TestMpegTSMuxAlignment checks alignment=7: every buffer holds 7 packets,
// the last one padded with null packets.
func TestMpegTSMuxAlignment(t *testing.T) {
	tsmuxRegister(t)
	el, err := gst.DefaultRegistry().MakeElement("mpegtsmux", "")
	if err != nil {
		t.Fatal(err)
	}
	if err := el.SetString("alignment", "7"); err != nil {
		t.Fatal(err)
	}
	h := gsttest.NewWithElement(t, el, "sink_65", "src")
	h.SetSrcCapsString("video/x-h264, stream-format=(string)byte-stream, alignment=(string)au")
	for i := 0; i < 6; i++ {
		b := tsmuxAU(i == 0, i)
		b.PTS, b.DTS = gst.ClockTime(i)*40*gst.Millisecond, gst.ClockTime(i)*40*gst.Millisecond
		if err := h.Push(b); err != nil {
			t.Fatal(err)
		}
	}
	h.PushEvent(gst.NewEOSEvent())
	bufs, _ := h.PullUntilEOS()
	if len(bufs) == 0 {
		t.Fatal("no output")
	}
	for i, b := range bufs {
		if b.Size() != 7*188 {
			t.Errorf("buffer %d: %d bytes, want %d", i, b.Size(), 7*188)
		}
		if i == 0 && b.HasFlags(gst.BufferFlagDeltaUnit) {
			t.Error("first buffer (PAT of the keyframe) is DELTA_UNIT")
		}
		if i > 0 && !b.HasFlags(gst.BufferFlagDeltaUnit) {
			t.Errorf("buffer %d not DELTA_UNIT", i)
		}
	}
	// 6 frames of 40 ms: PAT+PMT at 0 and after 100 ms, 2 packets per
	// frame: 16 packets, so the third buffer ends with 5 null packets.
	if len(bufs) != 3 {
		t.Fatalf("%d buffers, want 3", len(bufs))
	}
	last := bufs[2].Bytes()
	for i := 0; i < 7; i++ {
		pid := int(last[i*188+1]&0x1f)<<8 | int(last[i*188+2])
		if null := pid == 0x1fff; null != (i >= 2) {
			t.Errorf("last buffer, packet %d: PID %#x", i, pid)
		}
	}
}
