package e2e

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/Eyevinn/hls-m3u8/m3u8"

	"github.com/gstmini/gstmini/gst"
)

// hlsLaunch is the MP4→HLS job's launch line (examples/mp4-to-hls): in is
// the MP4, dir the output directory, ext the segment extension and extra
// more hlssink properties.
func hlsLaunch(in, dir, ext, extra string) string {
	return fmt.Sprintf("filesrc location=%s ! qtdemux name=d "+
		"d.video_0 ! queue ! h264parse ! hls.video "+
		"d.audio_0 ! queue ! aacparse ! hls.audio "+
		"hlssink name=hls location=%s playlist-location=%s target-duration=2 %s",
		quoteLaunch(in), quoteLaunch(filepath.Join(dir, "segment%05d"+ext)), quoteLaunch(filepath.Join(dir, "playlist.m3u8")), extra)
}

// quoteLaunch makes s one launch-line value.
func quoteLaunch(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

// parsePipeline parses a launch line into a pipeline.
func parsePipeline(t *testing.T, line string) *gst.Pipeline {
	t.Helper()
	el, err := gst.ParseLaunch(line)
	if err != nil {
		t.Fatalf("parse %q: %v", line, err)
	}
	p, ok := el.(*gst.Pipeline)
	if !ok {
		t.Fatalf("launch line made a %T, not a pipeline", el)
	}
	return p
}

// runLine runs a launch line to EOS with a deadline and returns
// Pipeline.Run's error.
func runLine(t *testing.T, line string, timeout time.Duration) error {
	t.Helper()
	p := parsePipeline(t, line)
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	return p.Run(ctx)
}

// makeHLSDir runs the job on in into a new directory (VOD playlist) and
// returns the directory.
func makeHLSDir(t *testing.T, in, format string) string {
	t.Helper()
	dir := t.TempDir()
	ext, extra := ".ts", "playlist-type=vod"
	if format == "cmaf" {
		ext = ".m4s"
		extra += " segment-format=cmaf init-location=" + quoteLaunch(filepath.Join(dir, "init.mp4"))
	}
	if err := runLine(t, hlsLaunch(in, dir, ext, extra), 60*time.Second); err != nil {
		t.Fatalf("pipeline: %v", err)
	}
	return dir
}

// genClip makes a 6 s H.264 (a keyframe every second, B-frames) + AAC
// clip with ffmpeg in the test's temporary directory.
func genClip(t *testing.T) string {
	t.Helper()
	ffmpeg := LookTool(t, "ffmpeg")
	out := filepath.Join(t.TempDir(), "clip.mp4")
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, ffmpeg, "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30",
		"-f", "lavfi", "-i", "sine=frequency=440", "-t", "6", "-c:v", "libx264", "-g", "30", "-bf", "2",
		"-pix_fmt", "yuv420p", "-c:a", "aac", out)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("ffmpeg cannot make the test clip: %v %s", err, b)
	}
	return out
}

// readMediaPlaylist parses an m3u8 media playlist file.
func readMediaPlaylist(t *testing.T, path string) *m3u8.MediaPlaylist {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return parseMediaPlaylist(t, data)
}

func parseMediaPlaylist(t *testing.T, data []byte) *m3u8.MediaPlaylist {
	t.Helper()
	pl, typ, err := m3u8.DecodeFrom(bytes.NewReader(data), true)
	if err != nil || typ != m3u8.MEDIA {
		t.Fatalf("playlist does not parse (%v, type %v):\n%s", err, typ, data)
	}
	return pl.(*m3u8.MediaPlaylist)
}

// segmentFiles returns, in playlist order, files ffprobe can read on
// their own: the TS segments as they are, CMAF fragments joined to the
// init segment in a temporary file.
func segmentFiles(t *testing.T, dir string, pl *m3u8.MediaPlaylist) []string {
	t.Helper()
	var init []byte
	if pl.Map != nil {
		var err error
		if init, err = os.ReadFile(filepath.Join(dir, pl.Map.URI)); err != nil {
			t.Fatalf("init segment: %v", err)
		}
	}
	tmp := t.TempDir()
	var out []string
	for i, s := range pl.GetAllSegments() {
		path := filepath.Join(dir, s.URI)
		if init != nil {
			frag, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("segment %s: %v", s.URI, err)
			}
			path = filepath.Join(tmp, fmt.Sprintf("joined%05d.mp4", i))
			if err := os.WriteFile(path, append(append([]byte(nil), init...), frag...), 0o644); err != nil {
				t.Fatal(err)
			}
		} else if _, err := os.Stat(path); err != nil {
			t.Fatalf("segment named in the playlist: %v", err)
		}
		out = append(out, path)
	}
	return out
}

// streamCounts is what ffprobe -count_frames -count_packets says of a
// file: per codec type, codec name, packets and decoded frames.
type streamCounts struct {
	codec           map[string]string
	packets, frames map[string]int
}

func probeCounts(t *testing.T, path string) streamCounts {
	t.Helper()
	var r struct {
		Streams []ProbeStream `json:"streams"`
	}
	FFprobeJSON(t, path, &r, "-count_frames", "-count_packets", "-show_streams")
	c := streamCounts{codec: map[string]string{}, packets: map[string]int{}, frames: map[string]int{}}
	for _, s := range r.Streams {
		if _, dup := c.codec[s.CodecType]; dup {
			t.Errorf("%s: two %s streams", path, s.CodecType)
		}
		c.codec[s.CodecType] = s.CodecName
		c.packets[s.CodecType], _ = strconv.Atoi(s.NbReadPackets)
		c.frames[s.CodecType], _ = strconv.Atoi(s.NbReadFrames)
	}
	return c
}

// firstVideoFrameIsKey reports whether the first decoded video frame of a
// file is a keyframe.
func firstVideoFrameIsKey(t *testing.T, path string) bool {
	t.Helper()
	var r struct {
		Frames []struct {
			KeyFrame int `json:"key_frame"`
		} `json:"frames"`
	}
	FFprobeJSON(t, path, &r, "-select_streams", "v:0", "-show_entries", "frame=key_frame", "-read_intervals", "%+#1")
	return len(r.Frames) > 0 && r.Frames[0].KeyFrame == 1
}

// span returns the presentation interval [first PTS, last PTS + its
// duration] of packets, in seconds.
func span(pkts []ProbePacket) (start, end float64) {
	start, end = math.Inf(1), math.Inf(-1)
	for _, p := range pkts {
		if !p.HasPTS {
			continue
		}
		start = math.Min(start, p.PTS)
		end = math.Max(end, p.PTS+p.Duration)
	}
	return start, end
}

// sortedPTS returns the PTS of packets in presentation order.
func sortedPTS(pkts []ProbePacket) []float64 {
	var pts []float64
	for _, p := range pkts {
		if p.HasPTS {
			pts = append(pts, p.PTS)
		}
	}
	sort.Float64s(pts)
	return pts
}

// TestHLSOutputMatchesInput runs the MP4→HLS job (TS and CMAF) on
// testdata/movie.mp4 (one keyframe: one segment) and on a generated clip
// with a keyframe every second (several segments), and checks with
// ffprobe that every segment holds H.264 + AAC, starts with a keyframe,
// and that all segments together hold every packet of the input, decode,
// and last as long as the input (within one video frame).
func TestHLSOutputMatchesInput(t *testing.T) {
	LookTool(t, "ffprobe")
	clip := genClip(t)
	for _, tc := range []struct {
		name, input, format string
		minSegments         int
	}{
		{"movie/ts", "movie", "mpegts", 1},
		{"movie/cmaf", "movie", "cmaf", 1},
		{"clip/ts", "clip", "mpegts", 3},
		{"clip/cmaf", "clip", "cmaf", 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := TestData(t, "movie.mp4")
			if tc.input == "clip" {
				in = clip
			}
			want := probeCounts(t, in)
			inVideo := FFprobePackets(t, in, "v:0")
			inAudio := FFprobePackets(t, in, "a:0")
			vs, ve := span(inVideo)
			as, ae := span(inAudio)
			frameDur := (ve - vs) / float64(len(inVideo))
			inDur := math.Max(ve, ae) - math.Min(vs, as)

			dir := makeHLSDir(t, in, tc.format)
			pl := readMediaPlaylist(t, filepath.Join(dir, "playlist.m3u8"))
			if !pl.Closed {
				t.Error("playlist has no #EXT-X-ENDLIST")
			}
			files := segmentFiles(t, dir, pl)
			if len(files) < tc.minSegments {
				t.Fatalf("%d segments, want at least %d", len(files), tc.minSegments)
			}
			var total float64
			var video, audio []ProbePacket
			got := streamCounts{packets: map[string]int{}, frames: map[string]int{}}
			for i, f := range files {
				seg := pl.GetAllSegments()[i]
				total += seg.Duration
				c := probeCounts(t, f)
				if c.codec["video"] != "h264" || c.codec["audio"] != "aac" || len(c.codec) != 2 {
					t.Errorf("segment %s: streams %v, want video h264 + audio aac", seg.URI, c.codec)
				}
				if !firstVideoFrameIsKey(t, f) {
					t.Errorf("segment %s does not start with a keyframe", seg.URI)
				}
				for k := range c.packets {
					got.packets[k] += c.packets[k]
					got.frames[k] += c.frames[k]
				}
				video = append(video, FFprobePackets(t, f, "v:0")...)
				audio = append(audio, FFprobePackets(t, f, "a:0")...)
			}
			t.Logf("%d segments, EXTINF total %.3f s; packets %v frames %v (input %v / %v)",
				len(files), total, got.packets, got.frames, want.packets, want.frames)
			if got.packets["video"] != want.packets["video"] || got.frames["video"] != want.frames["video"] {
				t.Errorf("video: %d packets / %d frames, want %d / %d", got.packets["video"], got.frames["video"],
					want.packets["video"], want.frames["video"])
			}
			if got.packets["audio"] != want.packets["audio"] {
				t.Errorf("audio: %d packets, want %d", got.packets["audio"], want.packets["audio"])
			}
			// every audio packet decodes, except at most a priming packet
			// per segment (the MP4's edit list hides the input's)
			if f := got.frames["audio"]; f > want.packets["audio"] || f < want.packets["audio"]-len(files) {
				t.Errorf("audio: %d frames decode, want %d packets (at most one less per segment)", f, want.packets["audio"])
			}
			if math.Abs(total-inDur) > frameDur {
				t.Errorf("EXTINF durations sum to %.4f s, want %.4f within a frame (%.4f)", total, inDur, frameDur)
			}
			ovs, ove := span(video)
			oas, oae := span(audio)
			if d := ove - ovs; math.Abs(d-(ve-vs)) > frameDur {
				t.Errorf("video lasts %.4f s, want %.4f within a frame", d, ve-vs)
			}
			if d := oae - oas; math.Abs(d-(ae-as)) > frameDur {
				t.Errorf("audio lasts %.4f s, want %.4f within a frame", d, ae-as)
			}
			if d := (oas - ovs) - (as - vs); math.Abs(d) > frameDur {
				t.Errorf("audio/video start offset changed by %.4f s", d)
			}
		})
	}
}

// TestHLSBadInputs feeds broken files to the job: each must end with an
// ERROR from qtdemux, without a panic or a hang.
func TestHLSBadInputs(t *testing.T) {
	movie, err := os.ReadFile(TestData(t, "movie.mp4"))
	if err != nil {
		t.Fatal(err)
	}
	random := make([]byte, 64<<10)
	// a fixed pseudo-random pattern (xorshift) so failures reproduce
	x := uint32(2463534242)
	for i := range random {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		random[i] = byte(x)
	}
	// want: the error text gst-launch-1.0 1.22 prints for the same file
	// with filesrc ! qtdemux ! fakesink ("" where GstMini differs, see
	// the random case).
	const noStreams = "This file contains no playable streams."
	for _, tc := range []struct {
		name string
		data []byte
		want string
	}{
		{"truncated-1000", movie[:1000], noStreams},
		{"truncated-half", movie[:len(movie)/2], noStreams},
		{"empty", nil, noStreams},
		// its first atom is larger than qtdemux reads whole: GStreamer's
		// "atom has bogus size"
		{"random-64k", random, "This file is invalid and cannot be played."},
		{"no-tracks", mp4WithoutTracks(), noStreams},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			in := filepath.Join(dir, "in.mp4")
			if err := os.WriteFile(in, tc.data, 0o644); err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(dir, "out")
			if err := os.Mkdir(out, 0o755); err != nil {
				t.Fatal(err)
			}
			p := parsePipeline(t, hlsLaunch(in, out, ".ts", "playlist-type=vod"))
			demux := p.ByName("d")
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			err := p.Run(ctx)
			if errors.Is(err, context.DeadlineExceeded) {
				t.Fatal("pipeline hung: no EOS or ERROR within 30 s")
			}
			var pe *gst.PipelineError
			if !errors.As(err, &pe) {
				t.Fatalf("Run = %v, want an ERROR message", err)
			}
			t.Logf("ERROR: %v", pe)
			if want := gst.PathString(demux); pe.Source != want {
				t.Errorf("ERROR from %s, want qtdemux (%s): %v", pe.Source, want, pe)
			}
			if tc.want != "" && pe.Err.Error() != tc.want {
				t.Errorf("ERROR %q, want %q", pe.Err, tc.want)
			}
		})
	}
}

// mp4WithoutTracks returns an MP4 whose moov has an mvhd and no trak.
func mp4WithoutTracks() []byte {
	box := func(typ string, payload ...[]byte) []byte {
		body := bytes.Join(payload, nil)
		b := make([]byte, 8, 8+len(body))
		n := uint32(8 + len(body))
		b[0], b[1], b[2], b[3] = byte(n>>24), byte(n>>16), byte(n>>8), byte(n)
		copy(b[4:], typ)
		return append(b, body...)
	}
	ftyp := box("ftyp", []byte("isom"), []byte{0, 0, 2, 0}, []byte("isomiso2mp41"))
	mvhd := make([]byte, 100)       // version 0, 32-bit times
	mvhd[14], mvhd[15] = 0x03, 0xe8 // timescale 1000 (bytes 12..15)
	mvhd[21] = 1                    // rate 1.0 (16.16, bytes 20..23)
	mvhd[24] = 1                    // volume 1.0 (8.8, bytes 24..25)
	mvhd[37] = 1                    // matrix a = 1.0 (matrix at 36..71)
	mvhd[53] = 1                    // matrix d = 1.0
	mvhd[68] = 0x40                 // matrix w = 1.0 (2.30)
	mvhd[99] = 1                    // next track ID (bytes 96..99)
	return append(ftyp, box("moov", box("mvhd", mvhd))...)
}

// TestHLSUnsupportedVideoCodec feeds an H.265 phone-style clip to the
// H.264 job: qtdemux's video_0 cannot link to h264parse, and the job must
// end with an error naming qtdemux and the failed link — not wait forever
// for video as gst-launch-1.0 does.
func TestHLSUnsupportedVideoCodec(t *testing.T) {
	ffmpeg := LookTool(t, "ffmpeg")
	dir := t.TempDir()
	in := filepath.Join(dir, "hevc.mp4")
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, ffmpeg, "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30",
		"-f", "lavfi", "-i", "sine=frequency=440", "-t", "2", "-c:v", "libx265", "-x265-params", "log-level=error",
		"-tag:v", "hvc1", "-c:a", "aac", in)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("ffmpeg cannot make the H.265 clip: %v %s", err, b)
	}
	out := filepath.Join(dir, "out")
	if err := os.Mkdir(out, 0o755); err != nil {
		t.Fatal(err)
	}
	p := parsePipeline(t, hlsLaunch(in, out, ".ts", "playlist-type=vod"))
	demux := p.ByName("d")
	runCtx, runCancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer runCancel()
	err := p.Run(runCtx)
	if errors.Is(err, context.DeadlineExceeded) {
		t.Fatal("pipeline hung on an H.265 input")
	}
	var pe *gst.PipelineError
	if !errors.As(err, &pe) || pe.Source != gst.PathString(demux) {
		t.Fatalf("Run = %v, want an error from qtdemux (%s)", err, gst.PathString(demux))
	}
	if !errors.Is(err, gst.ParseErrorDelayedLink) || !strings.Contains(err.Error(), "video_0") {
		t.Errorf("error %q does not say that video_0 could not be linked", err)
	}
}
