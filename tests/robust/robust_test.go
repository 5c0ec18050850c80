// Package robust runs the MP4→HLS job (qtdemux ! h264parse/aacparse !
// hlssink) on generated clips that look like the real-world files the job
// meets: B-frames, multichannel and 44.1 kHz audio, moov at either end,
// fragmented input, odd sizes, variable frame rate, a phone recording with
// rotation and two audio tracks, single-stream files, edit lists, long GOPs
// and damaged files. Clips are made with ffmpeg and cached in a temp
// directory; outputs are validated with ffprobe.
//
// Without ffmpeg/ffprobe the tests skip, unless GSTMINI_E2E=1 makes that a
// failure.
package robust

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gstmini/gstmini/gst"
	"github.com/gstmini/gstmini/plugins/all"
)

func TestMain(m *testing.M) {
	if err := all.Register(gst.DefaultRegistry()); err != nil {
		panic(err)
	}
	os.Exit(m.Run())
}

// runTimeout bounds one pipeline run: a hang is a failure, not a stuck test.
const runTimeout = 60 * time.Second

func required() bool {
	v := os.Getenv("GSTMINI_E2E")
	return v != "" && v != "0"
}

func tool(t testing.TB, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if required() {
			t.Fatalf("%s is not installed (GSTMINI_E2E is set)", name)
		}
		t.Skipf("%s is not installed (set GSTMINI_E2E=1 to make this a failure)", name)
	}
	return p
}

// clipDir is the cache of generated clips, shared between runs: a clip's
// name is the hash of the ffmpeg arguments that make it.
func clipDir(t testing.TB) string {
	t.Helper()
	d := filepath.Join(os.TempDir(), "gstmini-robust-clips")
	if err := os.MkdirAll(d, 0o755); err != nil {
		t.Fatal(err)
	}
	return d
}

// ffmpegClip runs ffmpeg with args (inputs and options, no output) into a
// cached .mp4 and returns its path.
func ffmpegClip(t testing.TB, args ...string) string {
	t.Helper()
	ff := tool(t, "ffmpeg")
	h := sha256.Sum256([]byte(strings.Join(args, "\x00")))
	out := filepath.Join(clipDir(t), hex.EncodeToString(h[:8])+".mp4")
	if _, err := os.Stat(out); err == nil {
		return out
	}
	tmp := out + ".tmp.mp4"
	full := append([]string{"-hide_banner", "-loglevel", "error", "-y"}, args...)
	full = append(full, tmp)
	if b, err := exec.Command(ff, full...).CombinedOutput(); err != nil {
		t.Fatalf("ffmpeg %q: %v\n%s", full, err, b)
	}
	if err := os.Rename(tmp, out); err != nil {
		t.Fatal(err)
	}
	return out
}

// Sources: 25 fps test pattern and a 440 Hz tone, dur seconds each.
func videoIn(size string, rate, dur string) []string {
	return []string{"-f", "lavfi", "-i", "testsrc2=size=" + size + ":rate=" + rate + ":duration=" + dur}
}

func audioIn(rate, dur string) []string {
	return []string{"-f", "lavfi", "-i", "sine=frequency=440:sample_rate=" + rate + ":duration=" + dur}
}

func cat(parts ...[]string) []string {
	var out []string
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// x264 with a keyframe every second (25 frames) and no scene-cut keyframes.
var x264 = []string{"-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-g", "25", "-keyint_min", "25", "-sc_threshold", "0"}

var aac = []string{"-c:a", "aac", "-b:a", "96k"}

// probeStream is one stream of ffprobe -show_streams -count_packets.
type probeStream struct {
	Index         int               `json:"index"`
	CodecType     string            `json:"codec_type"`
	CodecName     string            `json:"codec_name"`
	Width         int               `json:"width"`
	Height        int               `json:"height"`
	SampleRate    string            `json:"sample_rate"`
	Channels      int               `json:"channels"`
	AvgFrameRate  string            `json:"avg_frame_rate"`
	StartTime     string            `json:"start_time"`
	Duration      string            `json:"duration"`
	NbReadPackets string            `json:"nb_read_packets"`
	NbReadFrames  string            `json:"nb_read_frames"`
	Tags          map[string]string `json:"tags"`
}

type probeResult struct {
	Streams []probeStream `json:"streams"`
	Format  struct {
		Duration string `json:"duration"`
	} `json:"format"`
}

func ffprobe(t testing.TB, path string, args ...string) []byte {
	t.Helper()
	bin := tool(t, "ffprobe")
	full := append([]string{"-v", "error", "-of", "json"}, args...)
	full = append(full, path)
	out, err := exec.Command(bin, full...).Output()
	if err != nil {
		msg := ""
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			msg = string(ee.Stderr)
		}
		t.Fatalf("ffprobe %q: %v %s", full, err, msg)
	}
	return out
}

func probe(t testing.TB, path string) probeResult {
	t.Helper()
	var r probeResult
	if err := json.Unmarshal(ffprobe(t, path, "-count_packets", "-show_streams", "-show_format"), &r); err != nil {
		t.Fatalf("ffprobe %s: %v", path, err)
	}
	return r
}

// first returns the first stream of a type, or nil.
func (r probeResult) first(typ string) *probeStream {
	for i := range r.Streams {
		if r.Streams[i].CodecType == typ {
			return &r.Streams[i]
		}
	}
	return nil
}

func (s *probeStream) packets() int {
	n, _ := strconv.Atoi(s.NbReadPackets)
	return n
}

func (s *probeStream) start() float64 {
	f, _ := strconv.ParseFloat(s.StartTime, 64)
	return f
}

// packetCounts returns the number of packets of stream index in path, and
// how many of them are not flagged D (discard: outside the edit list).
func packetCounts(t testing.TB, path string, index int) (total, kept int) {
	t.Helper()
	var r struct {
		Packets []struct {
			Flags string `json:"flags"`
		} `json:"packets"`
	}
	if err := json.Unmarshal(ffprobe(t, path, "-select_streams", strconv.Itoa(index), "-show_entries", "packet=flags"), &r); err != nil {
		t.Fatal(err)
	}
	for _, p := range r.Packets {
		total++
		if !strings.Contains(p.Flags, "D") {
			kept++
		}
	}
	return total, kept
}

func (s *probeStream) duration() float64 {
	f, _ := strconv.ParseFloat(s.Duration, 64)
	return f
}

// frameDur is one frame of s in seconds (a video frame at avg_frame_rate,
// an AAC frame of 1024 samples).
func (s *probeStream) frameDur() float64 {
	if s.CodecType == "audio" {
		r, _ := strconv.ParseFloat(s.SampleRate, 64)
		if r > 0 {
			return 1024 / r
		}
		return 0.025
	}
	num, den, ok := strings.Cut(s.AvgFrameRate, "/")
	n, _ := strconv.ParseFloat(num, 64)
	d, _ := strconv.ParseFloat(den, 64)
	if !ok || n == 0 || d == 0 {
		return 0.04
	}
	return d / n
}

// job is one run of the HLS launch line over a clip.
type job struct {
	video, audio bool
	cmaf         bool
	audioPad     string // qtdemux pad for the audio branch, default audio_0
}

func (j job) line(in, dir string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "filesrc location=%s ! qtdemux name=d ", in)
	if j.video {
		b.WriteString("d.video_0 ! queue ! h264parse ! hls.video ")
	}
	if j.audio {
		pad := j.audioPad
		if pad == "" {
			pad = "audio_0"
		}
		fmt.Fprintf(&b, "d.%s ! queue ! aacparse ! hls.audio ", pad)
	}
	if j.cmaf {
		fmt.Fprintf(&b, "hlssink name=hls segment-format=cmaf init-location=%s location=%s playlist-location=%s target-duration=2",
			filepath.Join(dir, "init.mp4"), filepath.Join(dir, "seg%05d.m4s"), filepath.Join(dir, "p.m3u8"))
	} else {
		fmt.Fprintf(&b, "hlssink name=hls location=%s playlist-location=%s target-duration=2",
			filepath.Join(dir, "seg%05d.ts"), filepath.Join(dir, "p.m3u8"))
	}
	return b.String()
}

// errDelayedLink ends a run whose launch line names a demuxer pad that
// never appeared (the WARNING "Delayed linking failed." from qtdemux).
// GStreamer 1.22's gst-launch-1.0 hangs there: the sink waits for the
// branch forever; an application must stop on this warning, and so does
// run.
var errDelayedLink = errors.New("delayed linking failed")

// run builds and plays the launch line to EOS, ERROR or the WARNING of a
// failed delayed link, within runTimeout. A hang fails the test.
func run(t *testing.T, line string) error {
	t.Helper()
	el, err := gst.ParseLaunch(line)
	if err != nil {
		t.Fatalf("parse %q: %v", line, err)
	}
	p, ok := el.(*gst.Pipeline)
	if !ok {
		t.Fatalf("%q is a %T, not a pipeline", line, el)
	}
	ctx, cancel := context.WithTimeout(context.Background(), runTimeout)
	defer cancel()
	defer p.SetState(gst.StateNull)
	// Pipeline.Run's loop, plus the delayed-link warning (one consumer of
	// the bus: Bus.PopContext would drop the other messages).
	msgs := p.Bus().Messages(ctx)
	if p.SetState(gst.StatePlaying) == gst.StateChangeFailure {
		if m := p.Bus().PopFiltered(gst.MessageError); m != nil {
			return &gst.PipelineError{Source: gst.PathString(m.Src()), Err: m.(*gst.ErrorMessage).Err}
		}
		return errors.New("failed to set the pipeline to PLAYING")
	}
	for {
		select {
		case <-ctx.Done():
			t.Fatalf("pipeline did not finish within %v: %q", runTimeout, line)
		case m, ok := <-msgs:
			if !ok {
				t.Fatalf("pipeline did not finish within %v: %q", runTimeout, line)
			}
			switch m := m.(type) {
			case *gst.EOSMessage:
				if m.Src() == gst.Object(p) {
					return nil
				}
			case *gst.ErrorMessage:
				return &gst.PipelineError{Source: gst.PathString(m.Src()), Err: m.Err, Debug: m.Debug}
			case *gst.WarningMessage:
				if errors.Is(m.Err, gst.ParseErrorDelayedLink) {
					return errDelayedLink
				}
			case *gst.LatencyMessage:
				p.RecalculateLatency()
			}
		}
	}
}

// playlist is the parsed media playlist.
type playlist struct {
	mapURI   string
	target   int // EXT-X-TARGETDURATION
	segments []string
	durs     []float64
	endList  bool
}

func readPlaylist(t *testing.T, path string) playlist {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("playlist: %v", err)
	}
	var pl playlist
	var pending = -1.0
	for _, ln := range strings.Split(string(b), "\n") {
		ln = strings.TrimSpace(ln)
		switch {
		case strings.HasPrefix(ln, "#EXTINF:"):
			v, _, _ := strings.Cut(strings.TrimPrefix(ln, "#EXTINF:"), ",")
			d, err := strconv.ParseFloat(v, 64)
			if err != nil {
				t.Fatalf("playlist %s: bad %q", path, ln)
			}
			pending = d
		case strings.HasPrefix(ln, "#EXT-X-TARGETDURATION:"):
			pl.target, _ = strconv.Atoi(strings.TrimPrefix(ln, "#EXT-X-TARGETDURATION:"))
		case strings.HasPrefix(ln, "#EXT-X-MAP:URI="):
			pl.mapURI = strings.Trim(strings.TrimPrefix(ln, "#EXT-X-MAP:URI="), `"`)
		case ln == "#EXT-X-ENDLIST":
			pl.endList = true
		case ln != "" && !strings.HasPrefix(ln, "#"):
			if pending < 0 {
				t.Fatalf("playlist %s: URI %q without #EXTINF", path, ln)
			}
			pl.segments = append(pl.segments, ln)
			pl.durs = append(pl.durs, pending)
			pending = -1
		}
	}
	return pl
}

// output is what a run wrote, checked for consistency: every segment on
// disk is listed, every listed one exists.
type output struct {
	dir     string
	pl      playlist
	editCut bool   // set by validate: the input has packets outside its edit list
	all     string // the segments concatenated (after the init segment for CMAF)
	segs    []string
}

func collect(t *testing.T, dir string, j job) output {
	t.Helper()
	o := output{dir: dir, pl: readPlaylist(t, filepath.Join(dir, "p.m3u8"))}
	if !o.pl.endList {
		t.Errorf("playlist has no #EXT-X-ENDLIST")
	}
	if len(o.pl.segments) == 0 {
		t.Fatalf("playlist lists no segment")
	}
	ext := ".ts"
	if j.cmaf {
		ext = ".m4s"
		if o.pl.mapURI != "init.mp4" {
			t.Errorf("#EXT-X-MAP URI = %q, want init.mp4", o.pl.mapURI)
		}
	}
	onDisk, _ := filepath.Glob(filepath.Join(dir, "seg*"+ext))
	sort.Strings(onDisk)
	var listed []string
	for _, s := range o.pl.segments {
		listed = append(listed, filepath.Join(dir, s))
	}
	if strings.Join(onDisk, "\n") != strings.Join(listed, "\n") {
		t.Errorf("segments on disk %v, playlist lists %v", onDisk, o.pl.segments)
	}
	var buf bytes.Buffer
	var init []byte
	if j.cmaf {
		var err error
		if init, err = os.ReadFile(filepath.Join(dir, "init.mp4")); err != nil {
			t.Fatalf("init segment: %v", err)
		}
		buf.Write(init)
	}
	for i, s := range listed {
		b, err := os.ReadFile(s)
		if err != nil {
			t.Fatalf("listed segment: %v", err)
		}
		buf.Write(b)
		// A segment alone (with the init segment for CMAF) must be playable:
		// write it to a probe file.
		one := filepath.Join(dir, fmt.Sprintf("one%05d%s", i, map[bool]string{true: ".mp4", false: ".ts"}[j.cmaf]))
		if err := os.WriteFile(one, append(append([]byte(nil), init...), b...), 0o644); err != nil {
			t.Fatal(err)
		}
		o.segs = append(o.segs, one)
	}
	o.all = filepath.Join(dir, "all"+map[bool]string{true: ".mp4", false: ".ts"}[j.cmaf])
	if err := os.WriteFile(o.all, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return o
}

// packetDTS returns the DTS (seconds) of the packets of stream sel.
func packetDTS(t *testing.T, path, sel string) []float64 {
	t.Helper()
	var r struct {
		Packets []struct {
			DTS string `json:"dts_time"`
		} `json:"packets"`
	}
	if err := json.Unmarshal(ffprobe(t, path, "-select_streams", sel, "-show_entries", "packet=dts_time"), &r); err != nil {
		t.Fatal(err)
	}
	var out []float64
	for i, p := range r.Packets {
		d, err := strconv.ParseFloat(p.DTS, 64)
		if err != nil {
			t.Fatalf("%s %s packet %d: no DTS (%q)", filepath.Base(path), sel, i, p.DTS)
		}
		out = append(out, d)
	}
	return out
}

// decodedFrames decodes stream sel of path with ffmpeg (errors fail the
// test) and returns the number of frames ffprobe -count_frames reports.
func decodedFrames(t *testing.T, path, sel string) int {
	t.Helper()
	if out, err := exec.Command(tool(t, "ffmpeg"), "-v", "error", "-i", path, "-map", "0:"+sel, "-f", "null", "-").CombinedOutput(); err != nil || len(out) > 0 {
		t.Errorf("ffmpeg decoding %s: %v %s", filepath.Base(path), err, out)
	}
	var r probeResult
	if err := json.Unmarshal(ffprobe(t, path, "-count_frames", "-select_streams", sel, "-show_entries", "stream=nb_read_frames"), &r); err != nil || len(r.Streams) != 1 {
		t.Fatalf("ffprobe -count_frames %s: %v", path, err)
	}
	n, _ := strconv.Atoi(r.Streams[0].NbReadFrames)
	return n
}

// firstVideoKey reports whether the first video packet of path is a
// keyframe.
func firstVideoKey(t *testing.T, path string) (bool, string, float64) {
	t.Helper()
	var r struct {
		Packets []struct {
			Flags string `json:"flags"`
			PTS   string `json:"pts_time"`
		} `json:"packets"`
	}
	if err := json.Unmarshal(ffprobe(t, path, "-select_streams", "v:0", "-read_intervals", "%+#1", "-show_entries", "packet=flags,pts_time"), &r); err != nil {
		t.Fatal(err)
	}
	if len(r.Packets) == 0 {
		return false, "no video packet", 0
	}
	pts, _ := strconv.ParseFloat(r.Packets[0].PTS, 64)
	return strings.HasPrefix(r.Packets[0].Flags, "K"), r.Packets[0].Flags + " at " + r.Packets[0].PTS, pts
}

// validate checks an output against its input: packet counts per stream
// type, codecs and their parameters, a keyframe at the start of every
// segment, the EXTINF sum within one frame of the input's duration.
func validate(t *testing.T, in string, j job, o *output) {
	t.Helper()
	want := probe(t, in)
	got := probe(t, o.all)
	inAudio := want.first("audio")
	if j.audioPad == "audio_1" {
		n := 0
		for i := range want.Streams {
			if want.Streams[i].CodecType == "audio" {
				if n == 1 {
					inAudio = &want.Streams[i]
				}
				n++
			}
		}
	}
	check := func(typ string, w *probeStream) {
		g := got.first(typ)
		if g == nil {
			t.Errorf("output has no %s stream", typ)
			return
		}
		if g.CodecName != w.CodecName {
			t.Errorf("%s codec = %s, want %s", typ, g.CodecName, w.CodecName)
		}
		total, kept := packetCounts(t, in, w.Index)
		if total != w.packets() {
			t.Fatalf("input %s: %d packets shown, %d counted", typ, total, w.packets())
		}
		// Packets outside the edit list (ffprobe flags them D) may be
		// left out; qtdemux, like GStreamer's, keeps the ones from the
		// keyframe before the edit (video) and a 2-sample decoder lead-in
		// (audio): see TestVariants/edit-list.
		if kept != total {
			o.editCut = true
		}
		if g.packets() < kept || g.packets() > total {
			if kept == total {
				t.Errorf("%s packets = %d, want %d (input)", typ, g.packets(), total)
			} else {
				t.Errorf("%s packets = %d, want %d (in the edit list) to %d (all)", typ, g.packets(), kept, total)
			}
		}
		if typ == "video" && (g.Width != w.Width || g.Height != w.Height) {
			t.Errorf("video size = %dx%d, want %dx%d", g.Width, g.Height, w.Width, w.Height)
		}
		if typ == "audio" && (g.Channels != w.Channels || g.SampleRate != w.SampleRate) {
			t.Errorf("audio = %d ch %s Hz, want %d ch %s Hz", g.Channels, g.SampleRate, w.Channels, w.SampleRate)
		}
	}
	var ref *probeStream
	if j.video {
		check("video", want.first("video"))
		ref = want.first("video")
	} else if got.first("video") != nil {
		t.Errorf("output has a video stream, input branch had none")
	}
	if j.audio {
		check("audio", inAudio)
		if ref == nil {
			ref = inAudio
		}
	} else if got.first("audio") != nil {
		t.Errorf("output has an audio stream, input branch had none")
	}
	if j.video {
		var starts []float64
		for i, s := range o.segs {
			ok, what, pts := firstVideoKey(t, s)
			if !ok {
				t.Errorf("segment %d (%s) starts with %s, want a keyframe", i, o.pl.segments[i], what)
			}
			starts = append(starts, pts)
		}
		// Each EXTINF is its segment's span: from its first keyframe to
		// the next segment's (closed GOPs: the keyframe has the lowest PTS);
		// the first segment starts where the input's presentation starts:
		// before its first keyframe by the input's lead of audio over video
		// (a fragmented input without edit list starts its video at the
		// B-frame delay, its audio at 0; AAC priming before 0 is not lead).
		if j.audio && len(starts) > 0 {
			if lead := want.first("video").start() - inAudio.start(); lead > 0 {
				starts[0] -= lead
			}
		}
		fd := want.first("video").frameDur()
		for i := 0; i+1 < len(starts); i++ {
			if d := starts[i+1] - starts[i]; math.Abs(d-o.pl.durs[i]) > fd+1e-3 {
				t.Errorf("segment %d: EXTINF %.4f s, keyframes %.4f s apart", i, o.pl.durs[i], d)
			}
		}
	}
	// Decode order: DTS strictly increasing over all segments; the audio
	// packets follow each other as in the input (one AAC frame apart, or
	// the input's own gaps).
	for _, typ := range []string{"video", "audio"} {
		if (typ == "video" && !j.video) || (typ == "audio" && !j.audio) {
			continue
		}
		gd := packetDTS(t, o.all, typ[:1]+":0")
		for i := 1; i < len(gd); i++ {
			if gd[i] <= gd[i-1] {
				t.Errorf("%s packet %d: DTS %.6f after %.6f", typ, i, gd[i], gd[i-1])
				break
			}
		}
		if typ == "audio" && !o.editCut {
			wd := packetDTS(t, in, strconv.Itoa(inAudio.Index))
			for i := 1; i < len(gd) && i < len(wd); i++ {
				if g, w := gd[i]-gd[i-1], wd[i]-wd[i-1]; math.Abs(g-w) > 0.0001 {
					t.Errorf("audio packet %d: DTS step %.6f s, input %.6f s", i, g, w)
					break
				}
			}
		}
	}
	// The output decodes without error, to as many frames as the input.
	if j.video {
		// (an edit list's leading frames are kept: more frames then)
		if g, w := decodedFrames(t, o.all, "v:0"), decodedFrames(t, in, "v:0"); g != w && !o.editCut {
			t.Errorf("decoded video frames = %d, input %d", g, w)
		}
	}
	// RFC 8216 4.3.3.1: every EXTINF rounded to an integer is at most
	// EXT-X-TARGETDURATION.
	for i, d := range o.pl.durs {
		if int(math.Round(d)) > o.pl.target {
			t.Errorf("segment %d: EXTINF %.4f s above EXT-X-TARGETDURATION %d", i, d, o.pl.target)
		}
	}
	// A/V sync: the output keeps the input's offset between the first
	// video and the first audio presentation time (when no packet is cut
	// by an edit list, which moves the starts).
	if j.video && j.audio && !o.editCut {
		wv, wa := want.first("video"), inAudio
		gv, ga := got.first("video"), got.first("audio")
		if gv != nil && ga != nil {
			if dw, dg := wv.start()-wa.start(), gv.start()-ga.start(); math.Abs(dw-dg) > 0.002 {
				t.Errorf("video starts %.4f s after audio, input %.4f s", dg, dw)
			}
		}
	}
	sum := 0.0
	for _, d := range o.pl.durs {
		sum += d
	}
	// The input's duration is the span of the streams the job reads:
	// from the earliest start to the latest end (a fragmented file without
	// edit list starts its video at the B-frame delay, its audio at 0).
	var streams []*probeStream
	if j.video {
		streams = append(streams, want.first("video"))
	}
	if j.audio {
		streams = append(streams, inAudio)
	}
	if ref != nil {
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, s := range streams {
			lo = math.Min(lo, s.start())
			hi = math.Max(hi, s.start()+s.duration())
		}
		wd := hi - lo
		if math.Abs(sum-wd) > ref.frameDur()+1e-3 {
			t.Errorf("EXTINF sum = %.4f s, input duration %.4f s (one frame %.4f s)", sum, wd, ref.frameDur())
		}
	}
}

// variant is one kind of input clip.
type variant struct {
	name  string
	clip  func(t *testing.T) string
	job   job
	cmaf  bool   // also run with segment-format=cmaf
	skip  string // non-empty: t.Skip with this reason
	check func(t *testing.T, in string)
}

func av(extra ...string) func(t *testing.T) string {
	return func(t *testing.T) string {
		return ffmpegClip(t, cat(videoIn("320x240", "25", "3"), audioIn("48000", "3"), x264, aac, []string{"-ac", "2"}, extra)...)
	}
}

var both = job{video: true, audio: true}

func variants() []variant {
	return []variant{
		{name: "baseline", clip: av("-bf", "0"), job: both, cmaf: true},
		{name: "bframes-high", clip: av("-bf", "3", "-profile:v", "high"), job: both, cmaf: true},
		{name: "bframes-main", clip: av("-bf", "3", "-profile:v", "main"), job: both},
		{name: "aac-5.1", clip: func(t *testing.T) string {
			return ffmpegClip(t, cat(videoIn("320x240", "25", "3"), audioIn("48000", "3"), x264, aac, []string{"-ac", "6"})...)
		}, job: both, cmaf: true},
		{name: "aac-7.1", clip: func(t *testing.T) string {
			return ffmpegClip(t, cat(videoIn("320x240", "25", "3"), audioIn("48000", "3"), x264, aac, []string{"-ac", "8"})...)
		}, job: both},
		{name: "aac-mono-22.05k", clip: func(t *testing.T) string {
			return ffmpegClip(t, cat(videoIn("320x240", "25", "3"), audioIn("22050", "3"), x264, aac, []string{"-ac", "1"})...)
		}, job: both},
		{name: "aac-44.1k-stereo", clip: func(t *testing.T) string {
			return ffmpegClip(t, cat(videoIn("320x240", "25", "3"), audioIn("44100", "3"), x264, aac, []string{"-ac", "2"})...)
		}, job: both},
		{name: "he-aac", clip: func(t *testing.T) string {
			// Debian's ffmpeg has no libfdk_aac, the only HE-AAC encoder.
			if err := exec.Command(tool(t, "ffmpeg"), "-hide_banner", "-h", "encoder=libfdk_aac").Run(); err != nil {
				t.Skip("no HE-AAC encoder (libfdk_aac) in this ffmpeg")
			}
			out, _ := exec.Command(tool(t, "ffmpeg"), "-hide_banner", "-h", "encoder=libfdk_aac").Output()
			if !bytes.Contains(out, []byte("libfdk_aac")) || bytes.Contains(out, []byte("not recognized")) {
				t.Skip("no HE-AAC encoder (libfdk_aac) in this ffmpeg")
			}
			return ffmpegClip(t, cat(videoIn("320x240", "25", "3"), audioIn("48000", "3"), x264, []string{"-c:a", "libfdk_aac", "-profile:a", "aac_he", "-ac", "2"})...)
		}, job: both},
		{name: "moov-start", clip: av("-movflags", "+faststart"), job: both},
		{name: "moov-end", clip: av(), job: both},
		{name: "fragmented", clip: av("-movflags", "frag_keyframe+empty_moov"), job: both, cmaf: true},
		{name: "fragmented-dbm", clip: av("-movflags", "frag_keyframe+empty_moov+default_base_moof"), job: both},
		{name: "odd-size", clip: func(t *testing.T) string {
			return ffmpegClip(t, cat(videoIn("322x178", "25", "3"), audioIn("48000", "3"), x264, aac, []string{"-ac", "2"})...)
		}, job: both},
		{name: "vfr", clip: func(t *testing.T) string {
			// Drop every 5th and 7th frame and keep the others' times: a
			// variable frame rate stream.
			return ffmpegClip(t, cat(videoIn("320x240", "25", "3"), audioIn("48000", "3"), x264, aac,
				[]string{"-ac", "2", "-vf", "select='not(eq(mod(n\\,5)\\,2))*not(eq(mod(n\\,7)\\,3))'", "-fps_mode", "vfr"})...)
		}, job: both},
		{name: "phone", clip: phoneClip, job: both, cmaf: true, check: checkPhoneDemux},
		{name: "phone-audio_1", clip: phoneClip, job: job{video: true, audio: true, audioPad: "audio_1"}},
		{name: "video-only", clip: func(t *testing.T) string {
			return ffmpegClip(t, cat(videoIn("320x240", "25", "3"), x264)...)
		}, job: job{video: true}, cmaf: true},
		{name: "audio-only", clip: func(t *testing.T) string {
			return ffmpegClip(t, cat(audioIn("48000", "3"), aac, []string{"-ac", "2"})...)
		}, job: job{audio: true}, cmaf: true},
		{name: "edit-list", clip: func(t *testing.T) string {
			// -ss on a copied input starts between keyframes: the muxer
			// writes an edit list with a non-zero media time.
			base := av("-bf", "3")(t)
			return ffmpegClip(t, "-ss", "0.5", "-i", base, "-c", "copy")
		}, job: both, cmaf: true},
		{name: "audio-delayed", clip: func(t *testing.T) string {
			// audio starts 0.5 s after video: an empty edit on the audio track
			return ffmpegClip(t, cat(videoIn("320x240", "25", "3"), []string{"-itsoffset", "0.5"}, audioIn("48000", "2.5"), x264, aac, []string{"-ac", "2"})...)
		}, job: both},
		{name: "video-delayed", clip: func(t *testing.T) string {
			return ffmpegClip(t, cat([]string{"-itsoffset", "0.5"}, videoIn("320x240", "25", "2.5"), audioIn("48000", "3"), x264, aac, []string{"-ac", "2", "-fps_mode", "passthrough"})...)
		}, job: both},
		{name: "open-gop", clip: av("-bf", "3", "-x264-params", "open_gop=1"), job: both},
		{name: "ts-offset", clip: av("-output_ts_offset", "1.5"), job: both},
		{name: "long-gop", clip: func(t *testing.T) string {
			return ffmpegClip(t, cat(videoIn("320x240", "25", "4"), audioIn("48000", "4"),
				[]string{"-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-g", "300", "-keyint_min", "300", "-sc_threshold", "0"},
				aac, []string{"-ac", "2"})...)
		}, job: both, cmaf: true},
		{name: "gop-3s", clip: func(t *testing.T) string {
			// keyframes at 0 and 3 s with target-duration 2: segments
			// follow the keyframes and are longer than the target.
			return ffmpegClip(t, cat(videoIn("320x240", "25", "4"), audioIn("48000", "4"),
				[]string{"-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-g", "75", "-keyint_min", "75", "-sc_threshold", "0"},
				aac, []string{"-ac", "2"})...)
		}, job: both},
	}
}

// phoneClip is a portrait 1080x1920 High@4.1 recording with rotate=90, two
// audio tracks and a timed text (mov_text, 'tx3g') track, moov at the end.
// (ffmpeg 5.1 cannot write a 'mett' timed-metadata track.)
func phoneClip(t *testing.T) string {
	srt := filepath.Join(clipDir(t), "phone.srt")
	if err := os.WriteFile(srt, []byte("1\n00:00:00,000 --> 00:00:01,500\nlocation 48.85,2.35\n\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	base := ffmpegClip(t, cat(videoIn("1080x1920", "30", "2"), audioIn("48000", "2"), audioIn("44100", "2"), []string{"-i", srt},
		[]string{"-map", "0:v", "-map", "1:a", "-map", "2:a", "-map", "3:s", "-c:s", "mov_text",
			"-c:v", "libx264", "-preset", "ultrafast", "-profile:v", "high", "-level", "4.1", "-pix_fmt", "yuv420p", "-g", "30",
		},
		aac, []string{"-ac:a:0", "2", "-ac:a:1", "1"})...)
	// ffmpeg 5.1 writes the rotate tag as a tkhd matrix only when copying
	// (ffprobe: rotation=90; GStreamer 1.22's qtdemux: image-orientation
	// rotate-270).
	return ffmpegClip(t, "-i", base, "-map", "0", "-c", "copy", "-metadata:s:v:0", "rotate=90")
}

// rotation returns the display-matrix rotation ffprobe reports for the
// first video stream of path (0 when none).
func rotation(t *testing.T, path string) int {
	t.Helper()
	var r struct {
		Streams []struct {
			SideData []struct {
				Rotation int `json:"rotation"`
			} `json:"side_data_list"`
		} `json:"streams"`
	}
	if err := json.Unmarshal(ffprobe(t, path, "-select_streams", "v:0", "-show_entries", "stream_side_data_list"), &r); err != nil {
		t.Fatal(err)
	}
	for _, s := range r.Streams {
		for _, sd := range s.SideData {
			if sd.Rotation != 0 {
				return sd.Rotation
			}
		}
	}
	return 0
}

// checkPhoneDemux: qtdemux exposes video_0, audio_0 and audio_1 (and the
// text track does not disturb it); the CMAF output keeps the rotation.
func checkPhoneDemux(t *testing.T, in string) {
	if got := rotation(t, in); got != 90 {
		t.Fatalf("input rotation %d, want 90", got)
	}
	t.Run("cmaf-rotation", func(t *testing.T) {
		j := job{video: true, audio: true, cmaf: true}
		dir := t.TempDir()
		if err := run(t, j.line(in, dir)); err != nil {
			t.Fatal(err)
		}
		o := collect(t, dir, j)
		if got := rotation(t, o.all); got != 90 {
			// GStreamer 1.22: qtdemux posts image-orientation=rotate-270
			// and gst-plugins-rs cmafmux writes it into the tkhd matrix;
			// hlssegmenter's CMAF init segment does the same.
			t.Errorf("CMAF output rotation %d, want 90", got)
		}
	})

	el, err := gst.ParseLaunch(fmt.Sprintf("filesrc location=%s ! qtdemux name=d d.video_0 ! queue ! fakesink d.audio_0 ! queue ! fakesink d.audio_1 ! queue ! fakesink", in))
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), runTimeout)
	defer cancel()
	if err := el.(*gst.Pipeline).Run(ctx); err != nil {
		t.Errorf("qtdemux with video_0, audio_0 and audio_1 linked: %v", err)
	}
}

func TestVariants(t *testing.T) {
	tool(t, "ffmpeg")
	tool(t, "ffprobe")
	for _, v := range variants() {
		t.Run(v.name, func(t *testing.T) {
			if v.skip != "" {
				t.Skip(v.skip)
			}
			in := v.clip(t)
			if v.check != nil {
				v.check(t, in)
			}
			formats := []bool{false, true}
			if testing.Short() && !v.cmaf {
				formats = formats[:1] // -short: CMAF for a subset
			}
			for _, cmaf := range formats {
				name := map[bool]string{false: "ts", true: "cmaf"}[cmaf]
				t.Run(name, func(t *testing.T) {
					j := v.job
					j.cmaf = cmaf
					dir := t.TempDir()
					line := j.line(in, dir)
					if err := run(t, line); err != nil {
						t.Fatalf("%q: %v", line, err)
					}
					o := collect(t, dir, j)
					validate(t, in, j, &o)
				})
			}
		})
	}
}

// damaged makes a copy of a clip with f applied to its bytes.
func damaged(t *testing.T, src, name string, f func(b []byte) []byte) string {
	t.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	// ROBUST_KEEP=dir keeps the damaged files there, to run them through
	// gst-launch-1.0 by hand.
	dir := os.Getenv("ROBUST_KEEP")
	if dir == "" {
		dir = t.TempDir()
	}
	out := filepath.Join(dir, name)
	if err := os.WriteFile(out, f(b), 0o644); err != nil {
		t.Fatal(err)
	}
	return out
}

// boxAt returns the offset and size of the first top-level box of type typ.
func boxAt(b []byte, typ string) (off, size int, ok bool) {
	for off+8 <= len(b) {
		sz := int(uint32(b[off])<<24 | uint32(b[off+1])<<16 | uint32(b[off+2])<<8 | uint32(b[off+3]))
		hdr := 8
		if sz == 1 && off+16 <= len(b) {
			sz64 := uint64(0)
			for _, c := range b[off+8 : off+16] {
				sz64 = sz64<<8 | uint64(c)
			}
			sz, hdr = int(sz64), 16
		} else if sz == 0 {
			sz = len(b) - off
		}
		if sz < hdr {
			return 0, 0, false
		}
		if string(b[off+4:off+8]) == typ {
			return off, sz, true
		}
		off += sz
	}
	return 0, 0, false
}

// packetsBefore returns, per stream type, the packets of path a demuxer
// reads from a copy truncated at byte cut when it reads the samples of all
// streams in media decode-time order and stops at the first one not
// entirely in the file: GStreamer 1.22's qtdemux loop picks the stream
// with the lowest DTS in track media time (before the edit list shift,
// which differs per track: 0.08 s video, 1024 samples audio here), and a
// short read ends every stream.
func packetsBefore(t testing.TB, path string, cut int) map[string]int {
	t.Helper()
	var r struct {
		Packets []struct {
			Type string `json:"codec_type"`
			DTS  string `json:"dts_time"`
			Pos  string `json:"pos"`
			Size string `json:"size"`
		} `json:"packets"`
	}
	if err := json.Unmarshal(ffprobe(t, path, "-show_entries", "packet=codec_type,dts_time,pos,size"), &r); err != nil {
		t.Fatal(err)
	}
	type pkt struct {
		typ      string
		dts      float64
		complete bool
	}
	var ps []pkt
	first := map[string]float64{} // ffprobe's DTS are shifted by the edit
	for _, p := range r.Packets {
		pos, _ := strconv.Atoi(p.Pos)
		size, _ := strconv.Atoi(p.Size)
		dts, _ := strconv.ParseFloat(p.DTS, 64)
		if _, ok := first[p.Type]; !ok {
			first[p.Type] = dts
		}
		ps = append(ps, pkt{p.Type, dts - first[p.Type], pos+size <= cut})
	}
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].dts < ps[j].dts })
	n := map[string]int{}
	for _, p := range ps {
		if !p.complete {
			break
		}
		n[p.typ]++
	}
	return n
}

// TestDamaged runs damaged copies of a clip through the job: it must end
// (EOS or a bus ERROR naming an element), never panic or hang, and do
// what GStreamer 1.22 does. Compared with (ROBUST_KEEP=dir keeps the
// files):
//
//	gst-launch-1.0 filesrc location=X ! qtdemux name=d \
//	  d.video_0 ! queue ! h264parse ! fakesink d.audio_0 ! queue ! aacparse ! fakesink
//
// and the buffers qtdemux pushes counted with multifilesink:
//   - 4 KiB of random bytes in the middle of mdat (moov at the end): EOS,
//     exit 0, no warning; qtdemux pushes all 75 video samples, h264parse
//     drops the access units whose NAL lengths are garbage.
//   - moov first, truncated at 50 % / 90 %: EOS, exit 0; qtdemux pushes the
//     samples that lie entirely in the file (35 video + 64 audio, 65 + 120;
//     one more audio here: GStreamer's basesink clips the priming sample
//     that ends at the edit start, we keep it as for intact files).
//   - moov last, truncated at 50 %: ERROR from qtdemux "This file contains
//     no playable streams.", exit 1.
//   - moov intact, mdat empty: EOS, exit 0, no buffer.
//   - 4 KiB of zeros a third into mdat (moov first): EOS, exit 0.
//   - 256 random bytes in the middle of moov: GStreamer warns "Delayed
//     linking failed" and hangs (gst-launch killed by timeout); we end with
//     ERROR "This file is corrupt and cannot be played." from qtdemux (a
//     box size past its parent). Either EOS or an ERROR is accepted.
//   - moov first, truncated in the middle of moov: ERROR from qtdemux
//     "This file is incomplete and cannot be played." in both.
func TestDamaged(t *testing.T) {
	tool(t, "ffmpeg")
	tool(t, "ffprobe")
	moovEnd := av()(t)
	moovStart := av("-movflags", "+faststart")(t)
	size := func(p string) int {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		return int(fi.Size())
	}
	truncated := func(name string, num, den int) func(t *testing.T) string {
		return func(t *testing.T) string {
			return damaged(t, moovStart, name, func(b []byte) []byte { return b[:len(b)*num/den] })
		}
	}
	// exact: packets in the output equal those before the cut
	cut := func(num, den int) func(t *testing.T, got probeResult) {
		return func(t *testing.T, got probeResult) {
			n := size(moovStart) * num / den
			wants := packetsBefore(t, moovStart, n)
			for _, typ := range []string{"video", "audio"} {
				want := wants[typ]
				g := got.first(typ)
				if g == nil {
					t.Errorf("no %s in the output", typ)
					continue
				}
				if g.packets() != want {
					t.Errorf("%s packets = %d, want %d (those in decode order before the first one past byte %d)", typ, g.packets(), want, n)
				}
			}
		}
	}
	cases := []struct {
		name    string
		in      func(t *testing.T) string
		wantErr string // "": EOS; else the element the ERROR names
		check   func(t *testing.T, got probeResult)
		noData  bool // EOS with no segment
		anyEnd  bool // EOS or an ERROR from any element
	}{
		{name: "random-4k-in-mdat", in: func(t *testing.T) string {
			return damaged(t, moovEnd, "random.mp4", func(b []byte) []byte {
				off, size, ok := boxAt(b, "mdat")
				if !ok || size < 8192 {
					t.Fatalf("no mdat big enough")
				}
				mid := off + size/2
				rand.New(rand.NewSource(1)).Read(b[mid : mid+4096])
				return b
			})
		}, check: func(t *testing.T, got probeResult) {
			in := probe(t, moovEnd)
			if v := got.first("video"); v == nil || v.packets() < in.first("video").packets()-4 {
				t.Errorf("video: %+v, want all but the damaged access units of %d", v, in.first("video").packets())
			}
			if a := got.first("audio"); a == nil || a.packets() != in.first("audio").packets() {
				t.Errorf("audio: %+v, want %d packets", a, in.first("audio").packets())
			}
		}},
		{name: "zeros-4k-in-mdat", in: func(t *testing.T) string {
			return damaged(t, moovStart, "zeros.mp4", func(b []byte) []byte {
				off, size, _ := boxAt(b, "mdat")
				clear(b[off+size/3 : off+size/3+4096])
				return b
			})
		}, check: func(t *testing.T, got probeResult) {
			in := probe(t, moovStart)
			if v := got.first("video"); v == nil || v.packets() < in.first("video").packets()-4 {
				t.Errorf("video: %+v, want all but the damaged access units of %d", v, in.first("video").packets())
			}
		}},
		{name: "random-in-moov", in: func(t *testing.T) string {
			return damaged(t, moovStart, "randmoov.mp4", func(b []byte) []byte {
				off, size, ok := boxAt(b, "moov")
				if !ok {
					t.Fatalf("no moov")
				}
				rand.New(rand.NewSource(2)).Read(b[off+size/2 : off+size/2+256])
				return b
			})
		}, anyEnd: true},
		{name: "truncated-in-moov", in: func(t *testing.T) string {
			return damaged(t, moovStart, "truncmoov.mp4", func(b []byte) []byte {
				off, size, _ := boxAt(b, "moov")
				return b[:off+size/2]
			})
		}, wantErr: "GstQTDemux:d"},
		{name: "truncated-50", in: truncated("trunc50.mp4", 1, 2), check: cut(1, 2)},
		{name: "truncated-90", in: truncated("trunc90.mp4", 9, 10), check: cut(9, 10)},
		{name: "truncated-50-moov-end", in: func(t *testing.T) string {
			return damaged(t, moovEnd, "trunc50e.mp4", func(b []byte) []byte { return b[:len(b)/2] })
		}, wantErr: "GstQTDemux:d"},
		{name: "empty-mdat", in: func(t *testing.T) string {
			return damaged(t, moovStart, "emptymdat.mp4", func(b []byte) []byte {
				off, _, ok := boxAt(b, "mdat")
				if !ok {
					t.Fatalf("no mdat")
				}
				out := append([]byte(nil), b[:off]...)
				return append(out, 0, 0, 0, 8, 'm', 'd', 'a', 't')
			})
		}, noData: true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := c.in(t)
			for _, cmaf := range []bool{false, true} {
				t.Run(map[bool]string{false: "ts", true: "cmaf"}[cmaf], func(t *testing.T) {
					j := both
					j.cmaf = cmaf
					dir := t.TempDir()
					err := run(t, j.line(in, dir))
					if err != nil {
						var pe *gst.PipelineError
						if !errors.As(err, &pe) || pe.Source == "" {
							t.Fatalf("error is %T %v, want a bus ERROR naming an element", err, err)
						}
						t.Logf("ERROR %v", err)
						if c.anyEnd {
							return
						}
						if c.wantErr == "" || !strings.HasSuffix(pe.Source, c.wantErr) {
							t.Fatalf("ERROR %v, want %s", err, map[bool]string{true: "EOS", false: "one from " + c.wantErr}[c.wantErr == ""])
						}
						return
					}
					if c.wantErr != "" {
						t.Fatalf("EOS, want an ERROR from %s", c.wantErr)
					}
					pl := filepath.Join(dir, "p.m3u8")
					if c.noData {
						if _, err := os.Stat(pl); err == nil && len(readPlaylist(t, pl).segments) > 0 {
							t.Errorf("segments written from an empty mdat")
						}
						return
					}
					if c.anyEnd {
						t.Logf("EOS")
						return
					}
					o := collect(t, dir, j)
					c.check(t, probe(t, o.all))
				})
			}
		})
	}
}

// TestDamagedSweep overwrites bytes at many places (seeded) in moov and
// mdat: every run must end with EOS or a bus ERROR naming an element,
// within the deadline and without panic.
func TestDamagedSweep(t *testing.T) {
	tool(t, "ffmpeg")
	tool(t, "ffprobe")
	moovStart := av("-movflags", "+faststart")(t)
	orig, err := os.ReadFile(moovStart)
	if err != nil {
		t.Fatal(err)
	}
	n := 40
	if testing.Short() {
		n = 8
	}
	for seed := int64(1); seed <= int64(n); seed++ {
		for _, box := range []string{"moov", "mdat"} {
			t.Run(fmt.Sprintf("%s-%d", box, seed), func(t *testing.T) {
				b := append([]byte(nil), orig...)
				off, size, ok := boxAt(b, box)
				if !ok {
					t.Fatalf("no %s", box)
				}
				r := rand.New(rand.NewSource(seed))
				n := 16
				if box == "mdat" {
					n = 4096
				}
				at := off + 8 + r.Intn(size-8-n)
				r.Read(b[at : at+n])
				in := filepath.Join(t.TempDir(), "in.mp4")
				if err := os.WriteFile(in, b, 0o644); err != nil {
					t.Fatal(err)
				}
				err := run(t, both.line(in, t.TempDir()))
				if errors.Is(err, errDelayedLink) {
					// a damaged trak fourcc hides the track: GStreamer
					// hangs the same way (see errDelayedLink)
					t.Logf("%v", err)
					return
				}
				var pe *gst.PipelineError
				if err != nil && (!errors.As(err, &pe) || pe.Source == "") {
					t.Fatalf("error is %T %v, want a bus ERROR naming an element", err, err)
				}
			})
		}
	}
}
