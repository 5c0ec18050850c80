package e2e

import (
	"math"
	"sort"
	"testing"
)

func TestFFprobeMovie(t *testing.T) {
	path := TestData(t, "movie.mp4")
	streams := FFprobeStreams(t, path)
	var video, audio *ProbeStream
	for i := range streams {
		switch streams[i].CodecType {
		case "video":
			video = &streams[i]
		case "audio":
			audio = &streams[i]
		}
	}
	if video == nil || audio == nil {
		t.Fatalf("streams %+v, want video and audio", streams)
	}
	if video.CodecName != "h264" || video.Width == 0 || video.Height == 0 {
		t.Errorf("video stream %+v", *video)
	}
	if audio.CodecName != "aac" || audio.Channels == 0 {
		t.Errorf("audio stream %+v", *audio)
	}
	frames := FFprobeFrameCount(t, path, "v:0")
	packets := FFprobePackets(t, path, "v:0")
	if frames == 0 || frames != len(packets) {
		t.Errorf("%d decoded frames, %d packets", frames, len(packets))
	}
	if !packets[0].Keyframe {
		t.Error("first video packet is not a keyframe")
	}
	pts := FFprobePTS(t, path, "v:0")
	if len(pts) != len(packets) {
		t.Fatalf("%d PTS for %d packets", len(pts), len(packets))
	}
	// Presentation order: sorted PTS are distinct and evenly spaced by
	// about one frame duration.
	sorted := append([]float64(nil), pts...)
	sort.Float64s(sorted)
	for i := 1; i < len(sorted); i++ {
		if d := sorted[i] - sorted[i-1]; d <= 0 || d > 0.1 {
			t.Fatalf("PTS step %d: %v -> %v", i, sorted[i-1], sorted[i])
		}
	}
	apts := FFprobePTS(t, path, "a:0")
	if len(apts) == 0 || math.Abs(apts[len(apts)-1]-sorted[len(sorted)-1]) > 1 {
		t.Errorf("audio PTS end %v vs video %v", apts, sorted[len(sorted)-1])
	}
}
