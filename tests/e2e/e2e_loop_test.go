package e2e

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/gstmini/gstmini/gst"
	"github.com/gstmini/gstmini/libs/loop"
)

// movieVideoEnd is the end of testdata/movie.mp4's video (166 frames at
// 30 fps), in nanoseconds: looping stops there so that the audio tail
// does not leave a video gap at each loop point.
const movieVideoEnd = gst.ClockTime(5533333333)

// TestHLSLoopedMovieLivePlaylist loops movie.mp4 three times into a live
// sliding-window playlist on disk and reads the segments, in playlist
// order, with ffprobe: video and audio PTS strictly increase across every
// loop point, the step at a loop point is one frame (within ±1 frame:
// no gap, no overlap), all 3×166 video packets are there, and every
// segment the playlist names exists.
func TestHLSLoopedMovieLivePlaylist(t *testing.T) {
	LookTool(t, "ffprobe")
	const plays = 3
	dir := t.TempDir()
	p := parsePipeline(t, hlsLaunch(TestData(t, "movie.mp4"), dir, ".ts", "playlist-type=unspecified playlist-length=5"))
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	var loops []int
	err := loop.Run(ctx, p, loop.Options{Count: plays, Stop: movieVideoEnd, OnLoop: func(n int) { loops = append(loops, n) }})
	if err != nil {
		t.Fatalf("loop.Run: %v", err)
	}
	if len(loops) != plays-1 {
		t.Errorf("loop points %v, want %d", loops, plays-1)
	}
	pl := readMediaPlaylist(t, filepath.Join(dir, "playlist.m3u8"))
	segs := pl.GetAllSegments()
	for _, s := range segs {
		if _, err := os.Stat(filepath.Join(dir, s.URI)); err != nil {
			t.Errorf("playlist names a missing segment: %v", err)
		}
	}
	// movie.mp4 has one keyframe: one segment per play, all in the window
	if len(segs) != plays || pl.SeqNo != 0 {
		t.Fatalf("playlist holds %d segments from sequence %d, want %d from 0 (one per play)", len(segs), pl.SeqNo, plays)
	}
	files := segmentFiles(t, dir, pl)
	const videoFrame = 1.0 / 30
	const audioFrame = 1024.0 / 48000
	// A play lasts movieVideoEnd; play k starts at origin + k×that,
	// origin being the first video PTS (the TS clock base).
	playDur := float64(movieVideoEnd) / 1e9
	origin := -1.0
	for _, st := range []struct {
		sel   string
		frame float64
		per   int // packets per play (0: not checked)
	}{
		{"v:0", videoFrame, 166},
		// 261 AAC frames, the last one starting after the video end
		{"a:0", audioFrame, 260},
	} {
		var all []float64
		for _, f := range files {
			all = append(all, sortedPTS(FFprobePackets(t, f, st.sel))...)
		}
		if len(all) == 0 {
			t.Fatalf("%s: no packets", st.sel)
		}
		if origin < 0 {
			origin = all[0]
		}
		t.Logf("%s: %d packets, PTS %.6f … %.6f", st.sel, len(all), all[0], all[len(all)-1])
		if st.per != 0 && len(all) != plays*st.per {
			t.Errorf("%s: %d packets, want %d×%d", st.sel, len(all), plays, st.per)
		}
		for i := 1; i < len(all); i++ {
			if all[i] <= all[i-1] {
				t.Errorf("%s: PTS %.6f after %.6f (packet %d): not strictly increasing", st.sel, all[i], all[i-1], i)
				break
			}
		}
		// the loop points: the first packet at or after each play's start
		for k := 1; k < plays; k++ {
			start := origin + float64(k)*playDur
			i := 0
			for i < len(all) && all[i] < start-1e-4 {
				i++
			}
			if i == 0 || i == len(all) {
				t.Errorf("%s: no packets on both sides of loop point %d (%.6f)", st.sel, k, start)
				continue
			}
			step := all[i] - all[i-1]
			t.Logf("%s: loop point %d at %.6f: PTS %.6f → %.6f (step %.6f s, frame %.6f s)", st.sel, k, start, all[i-1], all[i], step, st.frame)
			if math.Abs(step-st.frame) > st.frame+1e-6 {
				t.Errorf("%s: loop point %d: step %.6f s, want one frame (%.6f) ±1 frame", st.sel, k, step, st.frame)
			}
			if d := all[i] - start; math.Abs(d) > st.frame {
				t.Errorf("%s: play %d starts %.6f s after its loop point, want within a frame", st.sel, k+1, d)
			}
		}
	}
}
