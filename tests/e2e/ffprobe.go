package e2e

import (
	"encoding/json"
	"os/exec"
	"strconv"
	"testing"
)

// ProbeStream is one stream as ffprobe -show_streams reports it.
//
// GStreamer: none (Go-only test helper).
type ProbeStream struct {
	Index         int    `json:"index"`
	CodecType     string `json:"codec_type"` // "video", "audio", ...
	CodecName     string `json:"codec_name"` // "h264", "aac", ...
	Profile       string `json:"profile"`
	Width         int    `json:"width"`
	Height        int    `json:"height"`
	PixFmt        string `json:"pix_fmt"`
	SampleRate    string `json:"sample_rate"`
	Channels      int    `json:"channels"`
	AvgFrameRate  string `json:"avg_frame_rate"`
	TimeBase      string `json:"time_base"`
	Duration      string `json:"duration"`
	NbFrames      string `json:"nb_frames"`
	NbReadFrames  string `json:"nb_read_frames"`
	NbReadPackets string `json:"nb_read_packets"`
}

// ProbePacket is one packet as ffprobe -show_packets reports it; times
// are in seconds (PTS/DTS are NaN-free: HasPTS/HasDTS say whether set).
//
// GStreamer: none (Go-only test helper).
type ProbePacket struct {
	StreamIndex int
	PTS, DTS    float64
	HasPTS      bool
	HasDTS      bool
	Duration    float64
	Size        int
	Keyframe    bool
}

// FFprobeJSON runs `ffprobe -v error -of json <args> <path>` and decodes
// its output into v. A missing ffprobe ends the test through Unavailable;
// an ffprobe error fails it.
//
// GStreamer: none (Go-only test helper).
func FFprobeJSON(t testing.TB, path string, v any, args ...string) {
	t.Helper()
	bin := LookTool(t, "ffprobe")
	full := append([]string{"-v", "error", "-of", "json"}, args...)
	full = append(full, path)
	out, err := exec.Command(bin, full...).Output()
	if err != nil {
		msg := ""
		if ee, ok := err.(*exec.ExitError); ok {
			msg = string(ee.Stderr)
		}
		t.Fatalf("ffprobe %v: %v %s", full, err, msg)
	}
	if err := json.Unmarshal(out, v); err != nil {
		t.Fatalf("ffprobe output: %v", err)
	}
}

// FFprobeStreams returns the streams of a media file or URL.
//
// GStreamer: none (Go-only test helper; compare gst-discoverer-1.0).
func FFprobeStreams(t testing.TB, path string) []ProbeStream {
	t.Helper()
	var r struct {
		Streams []ProbeStream `json:"streams"`
	}
	FFprobeJSON(t, path, &r, "-show_streams")
	return r.Streams
}

// FFprobeFrameCount decodes the stream selected by sel (an ffprobe stream
// specifier: "v:0", "a:0") and returns its number of frames.
//
// GStreamer: none (Go-only test helper).
func FFprobeFrameCount(t testing.TB, path, sel string) int {
	t.Helper()
	var r struct {
		Streams []ProbeStream `json:"streams"`
	}
	FFprobeJSON(t, path, &r, "-count_frames", "-select_streams", sel, "-show_entries", "stream=nb_read_frames")
	if len(r.Streams) != 1 {
		t.Fatalf("ffprobe %s: %d streams match %q", path, len(r.Streams), sel)
	}
	n, err := strconv.Atoi(r.Streams[0].NbReadFrames)
	if err != nil {
		t.Fatalf("ffprobe %s: frame count %q", path, r.Streams[0].NbReadFrames)
	}
	return n
}

// FFprobePackets returns the packets of the stream selected by sel, in
// file order.
//
// GStreamer: none (Go-only test helper).
func FFprobePackets(t testing.TB, path, sel string) []ProbePacket {
	t.Helper()
	var r struct {
		Packets []struct {
			StreamIndex int    `json:"stream_index"`
			PTSTime     string `json:"pts_time"`
			DTSTime     string `json:"dts_time"`
			Duration    string `json:"duration_time"`
			Size        string `json:"size"`
			Flags       string `json:"flags"`
		} `json:"packets"`
	}
	FFprobeJSON(t, path, &r, "-select_streams", sel, "-show_entries",
		"packet=stream_index,pts_time,dts_time,duration_time,size,flags")
	out := make([]ProbePacket, 0, len(r.Packets))
	for _, p := range r.Packets {
		var pk ProbePacket
		pk.StreamIndex = p.StreamIndex
		pk.PTS, pk.HasPTS = parseSeconds(p.PTSTime)
		pk.DTS, pk.HasDTS = parseSeconds(p.DTSTime)
		pk.Duration, _ = parseSeconds(p.Duration)
		pk.Size, _ = strconv.Atoi(p.Size)
		pk.Keyframe = len(p.Flags) > 0 && p.Flags[0] == 'K'
		out = append(out, pk)
	}
	return out
}

// FFprobePTS returns the presentation times (seconds) of the packets of
// the stream selected by sel, in file (decode) order; packets without PTS
// are left out.
//
// GStreamer: none (Go-only test helper).
func FFprobePTS(t testing.TB, path, sel string) []float64 {
	t.Helper()
	var pts []float64
	for _, p := range FFprobePackets(t, path, sel) {
		if p.HasPTS {
			pts = append(pts, p.PTS)
		}
	}
	return pts
}

func parseSeconds(s string) (float64, bool) {
	if s == "" || s == "N/A" {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	return f, err == nil
}
