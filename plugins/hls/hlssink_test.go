package hls_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/Eyevinn/hls-m3u8/m3u8"
	"go.uber.org/goleak"

	"github.com/gstmini/gstmini/gst"
	"github.com/gstmini/gstmini/gsttest"
	"github.com/gstmini/gstmini/plugins/hls"
)

const movie = "../../testdata/movie.mp4"

// runLaunch runs a launch line to EOS and fails on errors.
func runLaunch(t *testing.T, line string) {
	t.Helper()
	el, err := gst.ParseLaunch(line)
	if err != nil {
		t.Fatalf("parse %q: %v", line, err)
	}
	p := el.(*gst.Pipeline)
	defer p.SetState(gst.StateNull)
	if p.SetState(gst.StatePlaying) == gst.StateChangeFailure {
		m := p.Bus().TimedPopFiltered(0, gst.MessageError)
		t.Fatalf("PLAYING failed: %v", m)
	}
	m := p.Bus().TimedPopFiltered(30*gst.Second, gst.MessageEOS|gst.MessageError)
	if m == nil {
		t.Fatal("timeout waiting for EOS")
	}
	if em, ok := m.(*gst.ErrorMessage); ok {
		t.Fatalf("error: %v (%s)", em.Err, em.Debug)
	}
}

func hlsLine(dir string, extra string) string {
	return hlsLineFor(movie, dir, extra)
}

func hlsLineFor(input, dir string, extra string) string {
	return fmt.Sprintf("filesrc location=%s ! qtdemux name=d d.video_0 ! queue ! h.video d.audio_0 ! queue ! h.audio hlssink name=h location=%s target-duration=2 %s",
		input, filepath.Join(dir, "seg%05d.ts"), extra)
}

// genClip makes a 6 s H.264 (keyframe every second, B-frames) + AAC clip
// with ffmpeg.
func genClip(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("ffmpeg"); err != nil {
		t.Skip("ffmpeg not installed")
	}
	out := filepath.Join(t.TempDir(), "clip.mp4")
	cmd := exec.Command("ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30", "-f", "lavfi", "-i", "sine=frequency=440",
		"-t", "6", "-c:v", "libx264", "-g", "30", "-bf", "2", "-pix_fmt", "yuv420p", "-c:a", "aac", out)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Skipf("ffmpeg cannot make a test clip: %v %s", err, b)
	}
	return out
}

// packets returns ffprobe's packet count per stream type of a file.
func packets(t *testing.T, path string) (video, audio int) {
	t.Helper()
	out, err := exec.Command("ffprobe", "-v", "error", "-count_packets", "-show_entries", "stream=codec_type,nb_read_packets", "-of", "json", path).Output()
	if err != nil {
		t.Fatal(err)
	}
	var res struct {
		Streams []probeStream `json:"streams"`
	}
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatal(err)
	}
	for _, s := range res.Streams {
		var n int
		fmt.Sscan(s.NbReadPackets, &n)
		if s.CodecType == "video" {
			video += n
		} else if s.CodecType == "audio" {
			audio += n
		}
	}
	return video, audio
}

func readPlaylist(t *testing.T, path string) *m3u8.MediaPlaylist {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	pl, typ, err := m3u8.DecodeFrom(bytes.NewReader(data), true)
	if err != nil || typ != m3u8.MEDIA {
		t.Fatalf("playlist does not parse (%v, type %v):\n%s", err, typ, data)
	}
	return pl.(*m3u8.MediaPlaylist)
}

type probeStream struct {
	CodecName     string `json:"codec_name"`
	CodecType     string `json:"codec_type"`
	NbReadFrames  string `json:"nb_read_frames"`
	NbReadPackets string `json:"nb_read_packets"`
}

type probeFrame struct {
	MediaType string `json:"media_type"`
	KeyFrame  int    `json:"key_frame"`
	PictType  string `json:"pict_type"`
}

// ffprobe returns stream info and, for video, the first frame.
func ffprobe(t *testing.T, args ...string) ([]probeStream, []probeFrame) {
	t.Helper()
	if _, err := exec.LookPath("ffprobe"); err != nil {
		t.Skip("ffprobe not installed")
	}
	cmd := exec.Command("ffprobe", append([]string{"-v", "error", "-count_frames", "-show_entries",
		"stream=codec_name,codec_type,nb_read_frames:frame=media_type,key_frame,pict_type", "-read_intervals", "%+#1", "-of", "json"}, args...)...)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("ffprobe %v: %v", args, err)
	}
	var res struct {
		Streams []probeStream `json:"streams"`
		Frames  []probeFrame  `json:"frames"`
	}
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatal(err)
	}
	return res.Streams, res.Frames
}

// countFrames returns the video and audio access unit (packet) counts of
// a file, as read by ffprobe -count_frames -count_packets; every packet
// must also decode (AAC's first, priming, packet gives no frame).
func countFrames(t *testing.T, path string) (video, audio int, codecs string) {
	t.Helper()
	cmd := exec.Command("ffprobe", "-v", "error", "-count_frames", "-count_packets", "-show_entries", "stream=codec_name,codec_type,nb_read_frames,nb_read_packets", "-of", "json", path)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("ffprobe %s: %v", path, err)
	}
	var res struct {
		Streams []probeStream `json:"streams"`
	}
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, s := range res.Streams {
		var n, frames int
		fmt.Sscan(s.NbReadPackets, &n)
		fmt.Sscan(s.NbReadFrames, &frames)
		if frames < n-1 || frames == 0 {
			t.Errorf("%s: %s stream: %d of %d packets decode", path, s.CodecType, frames, n)
		}
		switch s.CodecType {
		case "video":
			video += n
		case "audio":
			audio += n
		}
		names = append(names, s.CodecName)
	}
	return video, audio, strings.Join(names, "+")
}

func TestHLSSinkMPEGTS(t *testing.T) {
	defer goleak.VerifyNone(t)
	dir := t.TempDir()
	runLaunch(t, hlsLine(dir, "playlist-type=vod"))
	pl := readPlaylist(t, filepath.Join(dir, "playlist.m3u8"))
	if !pl.Closed {
		t.Error("playlist has no #EXT-X-ENDLIST")
	}
	if pl.MediaType != m3u8.VOD {
		t.Errorf("playlist type = %v, want VOD", pl.MediaType)
	}
	segs := pl.GetAllSegments()
	// movie.mp4 has a single keyframe (the first frame): one segment
	if len(segs) != 1 {
		t.Fatalf("%d segments, want 1 (one keyframe in the input)", len(segs))
	}
	var total float64
	var videoFrames, audioFrames int
	for i, s := range segs {
		if want := fmt.Sprintf("seg%05d.ts", i); s.URI != want {
			t.Errorf("segment %d URI %q, want %q", i, s.URI, want)
		}
		total += s.Duration
		path := filepath.Join(dir, s.URI)
		if _, err := os.Stat(path); err != nil {
			t.Fatalf("segment file: %v", err)
		}
		// each segment starts with a keyframe
		_, frames := ffprobe(t, "-select_streams", "v", path)
		if len(frames) == 0 || frames[0].KeyFrame != 1 {
			t.Errorf("segment %s does not start with a keyframe: %+v", s.URI, frames)
		}
		v, a, codecs := countFrames(t, path)
		if codecs != "h264+aac" {
			t.Errorf("segment %s streams %q, want h264+aac", s.URI, codecs)
		}
		videoFrames += v
		audioFrames += a
	}
	if videoFrames != 166 || audioFrames != 261 {
		t.Errorf("segments hold %d video / %d audio frames, want 166 / 261", videoFrames, audioFrames)
	}
	// the input lasts 5.568 s (audio end); within one video frame
	if math.Abs(total-5.568) > 1.0/30 {
		t.Errorf("durations sum to %.3f s, want 5.568 within a frame", total)
	}
	if td := pl.TargetDuration; td != 6 {
		t.Errorf("TARGETDURATION %d, want 6 (ceil of 5.568)", td)
	}
}

func TestHLSSinkCMAF(t *testing.T) {
	defer goleak.VerifyNone(t)
	dir := t.TempDir()
	runLaunch(t, hlsLine(dir, "segment-format=cmaf location="+filepath.Join(dir, "seg%05d.m4s")))
	pl := readPlaylist(t, filepath.Join(dir, "playlist.m3u8"))
	if pl.Map == nil || pl.Map.URI != "init.mp4" {
		t.Fatalf("playlist map = %+v, want init.mp4", pl.Map)
	}
	init, err := os.ReadFile(filepath.Join(dir, "init.mp4"))
	if err != nil {
		t.Fatal(err)
	}
	var videoFrames, audioFrames int
	var total float64
	for i, s := range pl.GetAllSegments() {
		total += s.Duration
		frag, err := os.ReadFile(filepath.Join(dir, s.URI))
		if err != nil {
			t.Fatal(err)
		}
		joined := filepath.Join(t.TempDir(), fmt.Sprintf("joined%d.mp4", i))
		if err := os.WriteFile(joined, append(append([]byte(nil), init...), frag...), 0o644); err != nil {
			t.Fatal(err)
		}
		_, frames := ffprobe(t, "-select_streams", "v", joined)
		if len(frames) == 0 || frames[0].KeyFrame != 1 {
			t.Errorf("segment %s does not start with a keyframe: %+v", s.URI, frames)
		}
		v, a, codecs := countFrames(t, joined)
		if codecs != "h264+aac" {
			t.Errorf("segment %s streams %q, want h264+aac", s.URI, codecs)
		}
		videoFrames += v
		audioFrames += a
	}
	if videoFrames != 166 || audioFrames != 261 {
		t.Errorf("segments hold %d video / %d audio frames, want 166 / 261", videoFrames, audioFrames)
	}
	if math.Abs(total-5.568) > 1.0/30 {
		t.Errorf("durations sum to %.3f s, want 5.568 within a frame", total)
	}
}

func TestHLSSinkLiveWindow(t *testing.T) {
	defer goleak.VerifyNone(t)
	dir := t.TempDir()
	// 1 s segments: 6 segments, a window of 3, 3 files kept
	line := strings.Replace(hlsLineFor(genClip(t), dir, "playlist-length=3 max-files=3"), "target-duration=2", "target-duration=1", 1)
	runLaunch(t, line)
	pl := readPlaylist(t, filepath.Join(dir, "playlist.m3u8"))
	segs := pl.GetAllSegments()
	if len(segs) != 3 {
		t.Fatalf("window holds %d segments, want 3", len(segs))
	}
	if pl.SeqNo < 2 {
		t.Errorf("MEDIA-SEQUENCE %d, want advanced", pl.SeqNo)
	}
	for i, s := range segs {
		if want := fmt.Sprintf("seg%05d.ts", int(pl.SeqNo)+i); s.URI != want {
			t.Errorf("entry %d = %q, want %q", i, s.URI, want)
		}
	}
	files, _ := filepath.Glob(filepath.Join(dir, "seg*.ts"))
	if len(files) != 3 {
		t.Errorf("files on disk %v, want the 3 of the window", files)
	}
	for i := 0; i < int(pl.SeqNo); i++ {
		if _, err := os.Stat(filepath.Join(dir, fmt.Sprintf("seg%05d.ts", i))); err == nil {
			t.Errorf("seg%05d.ts left the window but was not deleted", i)
		}
	}
}

func TestHLSSinkS3WithoutS3Sink(t *testing.T) {
	defer goleak.VerifyNone(t)
	el, err := gst.MakeElement("hlssink", "")
	if err != nil {
		t.Fatal(err)
	}
	bus := gst.NewBus()
	el.(*hls.HLSSink).SetBus(bus)
	if err := el.Set("location", "s3://bucket/live/seg%05d.ts"); err != nil {
		t.Fatal(err)
	}
	if r := el.SetState(gst.StateReady); r != gst.StateChangeFailure {
		t.Fatalf("READY = %v, want failure without s3sink", r)
	}
	m := bus.TimedPopFiltered(0, gst.MessageError)
	em, ok := m.(*gst.ErrorMessage)
	if !ok || !strings.Contains(em.Err.Error(), "s3sink") {
		t.Fatalf("error message %v, want one naming s3sink", m)
	}
	el.SetState(gst.StateNull)
}

func TestCheckElements(t *testing.T) {
	for _, f := range []string{"hlssegmenter", "hlssink", "multifilesink"} {
		t.Run(f, func(t *testing.T) { gsttest.CheckElement(t, f) })
	}
}

func TestHLSSinkSegmentsAtKeyframes(t *testing.T) {
	defer goleak.VerifyNone(t)
	clip := genClip(t)
	wantV, wantA := packets(t, clip)
	for _, format := range []string{"mpegts", "cmaf"} {
		t.Run(format, func(t *testing.T) {
			dir := t.TempDir()
			runLaunch(t, hlsLineFor(clip, dir, "playlist-type=event segment-format="+format))
			pl := readPlaylist(t, filepath.Join(dir, "playlist.m3u8"))
			if pl.MediaType != m3u8.EVENT || !pl.Closed {
				t.Errorf("type %v closed %v, want EVENT with ENDLIST", pl.MediaType, pl.Closed)
			}
			segs := pl.GetAllSegments()
			if len(segs) != 3 {
				t.Fatalf("%d segments, want 3 of 2 s", len(segs))
			}
			var init []byte
			if format == "cmaf" {
				var err error
				if init, err = os.ReadFile(filepath.Join(dir, "init.mp4")); err != nil {
					t.Fatal(err)
				}
			}
			var v, a int
			var total float64
			for i, s := range segs {
				total += s.Duration
				if i < len(segs)-1 && math.Abs(s.Duration-2) > 0.001 {
					t.Errorf("segment %d lasts %.3f s, want 2", i, s.Duration)
				}
				path := filepath.Join(dir, s.URI)
				if init != nil {
					frag, err := os.ReadFile(path)
					if err != nil {
						t.Fatal(err)
					}
					path = filepath.Join(t.TempDir(), "joined.mp4")
					os.WriteFile(path, append(append([]byte(nil), init...), frag...), 0o644)
				}
				_, frames := ffprobe(t, "-select_streams", "v", path)
				if len(frames) == 0 || frames[0].KeyFrame != 1 {
					t.Errorf("segment %s does not start with a keyframe: %+v", s.URI, frames)
				}
				sv, sa, codecs := countFrames(t, path)
				if codecs != "h264+aac" {
					t.Errorf("segment %s: %s", s.URI, codecs)
				}
				v += sv
				a += sa
			}
			if v != wantV || a != wantA {
				t.Errorf("segments hold %d/%d packets, input %d/%d", v, a, wantV, wantA)
			}
			if math.Abs(total-6) > 1.0/30 {
				t.Errorf("durations sum to %.3f, want 6", total)
			}
		})
	}
}

// A launch line written for GStreamer, with its element name hlssink2,
// writes the same playlist and segments as hlssink.
func TestHLSSink2Name(t *testing.T) {
	defer goleak.VerifyNone(t)
	dirs := [2]string{t.TempDir(), t.TempDir()}
	for i, name := range []string{"hlssink", "hlssink2"} {
		line := strings.Replace(hlsLine(dirs[i], "playlist-type=vod"), " hlssink name=h ", " "+name+" name=h ", 1)
		if !strings.Contains(line, " "+name+" name=h ") {
			t.Fatalf("line %q does not use %s", line, name)
		}
		runLaunch(t, line)
	}
	for _, f := range []string{"playlist.m3u8", "seg00000.ts"} {
		a, errA := os.ReadFile(filepath.Join(dirs[0], f))
		b, errB := os.ReadFile(filepath.Join(dirs[1], f))
		if errA != nil || errB != nil {
			t.Fatalf("%s: %v / %v", f, errA, errB)
		}
		if f == "playlist.m3u8" && !bytes.Equal(a, b) {
			t.Errorf("%s differs:\n%s\n---\n%s", f, a, b)
		}
		if len(b) == 0 {
			t.Errorf("hlssink2 wrote an empty %s", f)
		}
	}
}
