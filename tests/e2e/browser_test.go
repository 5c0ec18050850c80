package e2e

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// makeHLS returns a directory holding playlist.m3u8 and its segments,
// written by the project's own job (filesrc ! qtdemux ! h264parse /
// aacparse ! hlssink) from in, in format "mpegts" or "cmaf".
func makeHLS(t *testing.T, in, format string) string {
	t.Helper()
	return makeHLSDir(t, in, format)
}

// TestHLSPlaysInBrowser plays hlssink's output (TS and CMAF, of
// testdata/movie.mp4 and of a generated 6 s clip with several segments)
// with hls.js in Chromium: playback passes 4 s, no fatal hls.js error,
// audio and video tracks are buffered and the picture has its size.
func TestHLSPlaysInBrowser(t *testing.T) {
	clip := genClip(t)
	for _, tc := range []struct {
		name, in, format string
		w, h             int
	}{
		{"movie/ts", TestData(t, "movie.mp4"), "mpegts", 560, 320},
		{"movie/cmaf", TestData(t, "movie.mp4"), "cmaf", 560, 320},
		{"clip/ts", clip, "mpegts", 320, 240},
		{"clip/cmaf", clip, "cmaf", 320, 240},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := makeHLS(t, tc.in, tc.format)
			res := PlayHLS(t, dir, PlayOptions{Playlist: "playlist.m3u8", Seconds: 4})
			t.Log(res)
			if !res.Reached {
				t.Errorf("playback did not pass 4 s: %v\nconsole: %q", res, res.Console)
			}
			if fatal := res.FatalErrors(); len(fatal) > 0 {
				t.Errorf("fatal hls.js errors: %v", fatal)
			}
			if !res.Video || !res.Audio {
				t.Errorf("tracks: audio=%v video=%v (codecs %v), want both", res.Audio, res.Video, res.Codecs)
			}
			if res.VideoWidth != tc.w || res.VideoHeight != tc.h {
				t.Errorf("video size %dx%d, want %dx%d", res.VideoWidth, res.VideoHeight, tc.w, tc.h)
			}
		})
	}
}

// TestHLSBrowserReportsBrokenStream checks the harness itself: a playlist
// whose segments are missing must not count as played.
func TestHLSBrowserReportsBrokenStream(t *testing.T) {
	dir := makeHLS(t, TestData(t, "movie.mp4"), "mpegts")
	matches, _ := filepath.Glob(filepath.Join(dir, "*.ts"))
	for _, m := range matches {
		if err := os.Remove(m); err != nil {
			t.Fatal(err)
		}
	}
	res := PlayHLS(t, dir, PlayOptions{Playlist: "playlist.m3u8", Seconds: 1, Timeout: 10 * time.Second})
	if res.Reached || len(res.Errors) == 0 {
		t.Errorf("broken stream: %v", res)
	}
}
