package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// makeHLS returns a directory holding index.m3u8 and its segments for
// testdata/movie.mp4 (H.264 + AAC).
//
// TODO(hlssink): make this directory with the project's own hlssink
// (filesrc ! qtdemux ! ... ! hlssink) once it lands; ffmpeg only proves
// that Chromium and hls.js play HLS on this machine.
func makeHLS(t *testing.T) string {
	t.Helper()
	ffmpeg := LookTool(t, "ffmpeg")
	dir := t.TempDir()
	cmd := exec.Command(ffmpeg, "-v", "error", "-i", TestData(t, "movie.mp4"), "-c", "copy",
		"-f", "hls", "-hls_time", "2", "-hls_list_size", "0", "-hls_segment_filename", filepath.Join(dir, "segment%03d.ts"),
		filepath.Join(dir, "index.m3u8"))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("ffmpeg: %v\n%s", err, out)
	}
	return dir
}

func TestHLSPlaysInBrowser(t *testing.T) {
	dir := makeHLS(t)
	res := PlayHLS(t, dir, PlayOptions{Seconds: 2})
	t.Log(res)
	if !res.Reached {
		t.Errorf("playback did not pass 2 s: %v\nconsole: %q", res, res.Console)
	}
	if fatal := res.FatalErrors(); len(fatal) > 0 {
		t.Errorf("fatal hls.js errors: %v", fatal)
	}
	if !res.Video || !res.Audio {
		t.Errorf("tracks: audio=%v video=%v (codecs %v), want both", res.Audio, res.Video, res.Codecs)
	}
	if res.VideoWidth == 0 || res.VideoHeight == 0 {
		t.Errorf("video size %dx%d", res.VideoWidth, res.VideoHeight)
	}
}

// TestHLSBrowserReportsBrokenStream checks the harness itself: a playlist
// whose segments are missing must not count as played.
func TestHLSBrowserReportsBrokenStream(t *testing.T) {
	dir := makeHLS(t)
	matches, _ := filepath.Glob(filepath.Join(dir, "*.ts"))
	for _, m := range matches {
		if err := os.Remove(m); err != nil {
			t.Fatal(err)
		}
	}
	res := PlayHLS(t, dir, PlayOptions{Seconds: 1, Timeout: 10 * time.Second})
	if res.Reached || len(res.Errors) == 0 {
		t.Errorf("broken stream: %v", res)
	}
}
