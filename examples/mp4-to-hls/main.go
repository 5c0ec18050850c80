// Command mp4-to-hls is GstMini's main job: it turns an MP4 file (H.264 +
// AAC) into HLS — MPEG-TS or CMAF segments and a playlist — in a directory
// or in an S3-compatible bucket, as fast as the disk allows, or paced in
// real time and looping forever as a live origin.
//
// It builds this gst-launch pipeline and runs it:
//
//	filesrc location=IN ! qtdemux name=d
//	  d.video_0 ! queue ! h264parse ! hls.video
//	  d.audio_0 ! queue ! aacparse ! hls.audio
//	  hlssink name=hls location=OUT/segment%05d.ts playlist-location=OUT/playlist.m3u8
//
// Usage:
//
//	go run ./examples/mp4-to-hls [flags] [IN.mp4]      (default testdata/movie.mp4)
//	  -out DIR           output directory (default ./out), or s3://bucket/prefix
//	  -format mpegts|cmaf
//	  -target-duration N seconds per segment (default 2)
//	  -live              pace in real time, sliding-window playlist
//	  -loop N            play the input N times (0 = forever; implies a live window)
//
// For s3:// outputs set AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and
// AWS_ENDPOINT_URL (for example a local versitygw), as for gst-plugins-rs's
// s3sink.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path"
	"path/filepath"
	"strings"

	"github.com/gstmini/gstmini/gst"
	"github.com/gstmini/gstmini/libs/loop"
	"github.com/gstmini/gstmini/plugins/all"
)

func main() {
	out := flag.String("out", "out", "output directory, or s3://bucket/prefix")
	format := flag.String("format", "mpegts", "segment format: mpegts or cmaf")
	target := flag.Int("target-duration", 2, "target segment duration in seconds")
	live := flag.Bool("live", false, "pace output in real time with a sliding-window playlist")
	loops := flag.Int("loop", -1, "play the input N times (0 = forever); -1 plays it once without looping")
	flag.Parse()
	in := "testdata/movie.mp4"
	if flag.NArg() > 0 {
		in = flag.Arg(0)
	}
	if err := run(in, *out, *format, *target, *live, *loops); err != nil {
		fmt.Fprintln(os.Stderr, "mp4-to-hls:", err)
		if errors.Is(err, gst.ParseErrorDelayedLink) {
			fmt.Fprintln(os.Stderr, "mp4-to-hls: a track could not be linked: this job remuxes H.264 video and AAC audio (H.265, for one, is not handled yet)")
		}
		os.Exit(1)
	}
}

func run(in, out, format string, target int, live bool, loops int) error {
	if _, err := os.Stat(in); err != nil {
		return err
	}
	if err := all.Register(gst.DefaultRegistry()); err != nil {
		return err
	}
	s3 := strings.HasPrefix(out, "s3://")
	if !s3 {
		if err := os.MkdirAll(out, 0o755); err != nil {
			return err
		}
	}
	ext := ".ts"
	if format == "cmaf" {
		ext = ".m4s"
	}
	join := func(name string) string {
		if s3 {
			return strings.TrimSuffix(out, "/") + "/" + name
		}
		return filepath.Join(out, name)
	}
	sink := fmt.Sprintf("hlssink name=hls location=%s playlist-location=%s target-duration=%d segment-format=%s",
		quote(join("segment%05d"+ext)), quote(join("playlist.m3u8")), target, format)
	if format == "cmaf" {
		sink += " init-location=" + quote(join("init.mp4"))
	}
	if live || loops >= 0 {
		// A live origin: sliding window of 5 segments, old ones deleted.
		sink += " playlist-type=unspecified playlist-length=5 max-files=10"
	} else {
		sink += " playlist-type=vod"
	}
	if live {
		sink += " sync=true"
	}
	desc := fmt.Sprintf("filesrc location=%s ! qtdemux name=d "+
		"d.video_0 ! queue ! h264parse ! hls.video "+
		"d.audio_0 ! queue ! aacparse ! hls.audio %s", quote(in), sink)
	el, err := gst.ParseLaunch(desc)
	if err != nil {
		return err
	}
	p, ok := el.(*gst.Pipeline)
	if !ok {
		return errors.New("launch line did not make a pipeline")
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if loops >= 0 {
		fmt.Printf("Looping %s into %s (%s) — Ctrl+C to stop\n", in, out, playCount(loops))
		err = loop.Run(ctx, p, loop.Options{Count: loops})
	} else {
		err = p.Run(ctx)
	}
	if err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	playlist := join("playlist.m3u8")
	fmt.Printf("HLS written: %s\n", playlist)
	if s3 {
		fmt.Printf("Serve the bucket over HTTP and open %s in any HLS player.\n", path.Base(playlist))
	} else {
		fmt.Printf("Play it with:  ffplay %s\n", playlist)
		fmt.Printf("or in a browser (hls.js / Safari) after serving the directory, e.g.:  python3 -m http.server -d %s 8000\n", out)
	}
	return nil
}

func playCount(n int) string {
	if n == 0 {
		return "forever"
	}
	return fmt.Sprintf("%d times", n)
}

// quote makes s one launch-line value (GStreamer's quoting rules).
func quote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}
