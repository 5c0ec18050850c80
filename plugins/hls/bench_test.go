package hls_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/gstmini/gstmini/gst"
	"github.com/gstmini/gstmini/plugins/all"
)

// benchInput is the MP4 that BenchmarkRemuxHLS remuxes: $GSTMINI_BENCH_MP4,
// else bench/hls.sh's cached 60 s 1080p30 file, else testdata/movie.mp4.
func benchInput(b *testing.B) string {
	if p := os.Getenv("GSTMINI_BENCH_MP4"); p != "" {
		return p
	}
	if home, err := os.UserHomeDir(); err == nil {
		p := filepath.Join(home, ".cache", "gstmini-bench", "bench.mp4")
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	return movie
}

// BenchmarkRemuxHLS runs bench/hls.sh's gstmini pipeline (MP4 → qtdemux →
// h264parse/aacparse → hlssink, 6 s segments) once per iteration. Profile
// it with -cpuprofile / -memprofile.
func BenchmarkRemuxHLS(b *testing.B) {
	if err := all.Register(gst.DefaultRegistry()); err != nil {
		b.Fatal(err)
	}
	in := benchInput(b)
	st, err := os.Stat(in)
	if err != nil {
		b.Skip(err)
	}
	b.SetBytes(st.Size())
	b.ReportAllocs()
	for b.Loop() {
		dir := b.TempDir()
		line := "filesrc location=" + in + " ! qtdemux name=d d.video_0 ! queue ! h264parse ! hls.video d.audio_0 ! queue ! aacparse ! hls.audio " +
			"hlssink name=hls location=" + filepath.Join(dir, "seg%05d.ts") + " playlist-location=" + filepath.Join(dir, "playlist.m3u8") + " target-duration=6"
		el, err := gst.ParseLaunch(line)
		if err != nil {
			b.Fatal(err)
		}
		p := el.(*gst.Pipeline)
		if p.SetState(gst.StatePlaying) == gst.StateChangeFailure {
			b.Fatal("PLAYING failed")
		}
		m := p.Bus().TimedPopFiltered(60*gst.Second, gst.MessageEOS|gst.MessageError)
		p.SetState(gst.StateNull)
		if m == nil {
			b.Fatal("timeout waiting for EOS")
		}
		if em, ok := m.(*gst.ErrorMessage); ok {
			b.Fatalf("error: %v (%s)", em.Err, em.Debug)
		}
	}
}
