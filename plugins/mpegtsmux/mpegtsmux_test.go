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
