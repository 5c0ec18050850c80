package e2e

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gstmini/gstmini/gst"
	"github.com/gstmini/gstmini/libs/loop"
	"github.com/gstmini/gstmini/libs/storage"
)

// s3Object is one object the pipeline handed to s3sink.
type s3Object struct {
	name   string
	data   []byte
	delete bool
}

// s3Capture records, with a pad probe on s3sink's sink pad, every object
// the pipeline produced, in order (the parts of an object arriving in
// parts concatenated). onObject (optional) runs in the
// streaming thread before the object reaches the sink, with the number of
// objects seen so far (1, 2, ...).
type s3Capture struct {
	mu       sync.Mutex
	objects  []s3Object
	onObject func(n int)
}

func (c *s3Capture) attach(t *testing.T, sink gst.Element) {
	t.Helper()
	pad := sink.StaticPad("sink")
	if pad == nil {
		t.Fatal("s3sink has no sink pad")
	}
	pad.AddProbe(gst.ProbeTypeBuffer, func(_ *gst.Pad, info *gst.PadProbeInfo) gst.PadProbeReturn {
		buf := info.Buffer()
		if buf == nil {
			return gst.ProbeOK
		}
		m := storage.ObjectMetaOf(buf)
		if m == nil {
			t.Errorf("buffer without ObjectMeta reached s3sink")
			return gst.ProbeOK
		}
		c.mu.Lock()
		if m.Part > 0 && len(c.objects) > 0 {
			// a later part of the object arriving in parts
			last := &c.objects[len(c.objects)-1]
			last.data = append(last.data, buf.Bytes()...)
			c.mu.Unlock()
			return gst.ProbeOK
		}
		c.objects = append(c.objects, s3Object{name: m.Name, data: append([]byte(nil), buf.Bytes()...), delete: m.Delete})
		n := len(c.objects)
		c.mu.Unlock()
		if c.onObject != nil {
			c.onObject(n)
		}
		return gst.ProbeOK
	})
}

// final returns the objects that should exist once everything is stored:
// the last payload of each name, deleted names left out.
func (c *s3Capture) final() map[string][]byte {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := map[string][]byte{}
	for _, o := range c.objects {
		if o.delete {
			delete(out, o.name)
		} else {
			out[o.name] = o.data
		}
	}
	return out
}

// s3LiveLine is the seed's live pipeline: the MP4 demuxed and parsed into
// hlssegmenter (sliding window of 3, 5 segments kept), whose objects go
// through a queue to s3sink under key "live".
func s3LiveLine(in string, gw *VersityGW, extra string) string {
	return fmt.Sprintf("filesrc location=%s ! qtdemux name=d "+
		"d.video_0 ! queue ! h264parse ! seg.video "+
		"d.audio_0 ! queue ! aacparse ! seg.audio "+
		"hlssegmenter name=seg target-duration=2 playlist-type=unspecified playlist-length=3 max-files=5 ! queue ! "+
		"s3sink name=s3 bucket=%s key=live endpoint-uri=%s force-path-style=true access-key=%s secret-access-key=%s region=%s %s",
		quoteLaunch(in), gw.Bucket, quoteLaunch(gw.Endpoint), gw.AccessKey, gw.SecretKey, gw.Region, extra)
}

// checkBucket compares the bucket's files under prefix "live/" with what
// the pipeline produced (byte for byte, nothing more, nothing less) and
// checks that the final playlist names only stored segments.
func checkBucket(t *testing.T, gw *VersityGW, c *s3Capture) {
	t.Helper()
	want := c.final()
	got := map[string]bool{}
	root := filepath.Join(gw.Root, gw.Bucket, "live")
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return err
		}
		got[filepath.ToSlash(rel)] = true
		return nil
	})
	if err != nil {
		t.Fatalf("listing the bucket: %v", err)
	}
	var names []string
	for name := range got {
		names = append(names, name)
	}
	sort.Strings(names)
	t.Logf("%d objects produced (%d after deletions); bucket holds %v", len(c.objects), len(want), names)
	for name, data := range want {
		stored, err := gw.ReadObject("live/" + name)
		if err != nil {
			t.Errorf("%s: not stored: %v", name, err)
			continue
		}
		if !bytes.Equal(stored, data) {
			t.Errorf("%s: stored %d bytes differ from the %d the pipeline produced", name, len(stored), len(data))
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			t.Errorf("%s: in the bucket but not produced (or deleted)", name)
		}
	}
	data, ok := want["playlist.m3u8"]
	if !ok {
		t.Fatal("no playlist produced")
	}
	pl := parseMediaPlaylist(t, data)
	segs := pl.GetAllSegments()
	if len(segs) == 0 {
		t.Fatal("final playlist lists no segment")
	}
	for _, s := range segs {
		if !got[s.URI] {
			t.Errorf("final playlist names %s, which is not stored", s.URI)
		}
	}
	// every segment produced was stored once (before its deletion)
	var produced []string
	seen := map[string]bool{}
	for _, o := range c.objects {
		if strings.HasSuffix(o.name, ".ts") && !o.delete && !seen[o.name] {
			seen[o.name] = true
			produced = append(produced, o.name)
		}
	}
	for i, name := range produced {
		if want := fmt.Sprintf("segment%05d.ts", i); name != want {
			t.Errorf("segment %d named %s, want %s (a lost boundary?)", i, name, want)
		}
	}
	if last := segs[len(segs)-1].URI; len(produced) == 0 || last != produced[len(produced)-1] {
		t.Errorf("final playlist ends with %s, want the last segment %v", last, produced[len(produced)-1:])
	}
}

// clipVideoEnd returns the end of a file's video, in nanoseconds.
func clipVideoEnd(t *testing.T, in string) gst.ClockTime {
	t.Helper()
	s, e := span(FFprobePackets(t, in, "v:0"))
	return gst.ClockTime((e - s) * 1e9)
}

// TestHLSLiveLoopToVersityGW is the seed's pipeline against a real S3
// server: the generated clip (a keyframe per second) looped 3 times
// through hlssegmenter (2 s segments, a window of 3, 5 kept) into s3sink.
// Every object left in the bucket equals, byte for byte, the last one the
// pipeline produced under that name; deleted segments are gone; the
// final playlist names only stored segments.
func TestHLSLiveLoopToVersityGW(t *testing.T) {
	clip := genClip(t)
	gw := StartVersityGW(t)
	p := parsePipeline(t, s3LiveLine(clip, gw, ""))
	c := &s3Capture{}
	c.attach(t, p.ByName("s3"))
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	if err := loop.Run(ctx, p, loop.Options{Count: 3, Stop: clipVideoEnd(t, clip)}); err != nil {
		t.Fatalf("loop.Run: %v", err)
	}
	checkBucket(t, gw, c)
	var deletes int
	for _, o := range c.objects {
		if o.delete {
			deletes++
		}
	}
	if deletes == 0 {
		t.Error("no segment was deleted: the test does not cover max-files")
	}
}

// TestHLSLiveLoopSurvivesS3Outage stops versitygw before the 4th object
// reaches s3sink and restarts it once s3sink warns about a failed
// attempt, within its retry window (5 attempts, 2 s each): the run ends
// without ERROR and the bucket holds every object, as in
// TestHLSLiveLoopToVersityGW.
func TestHLSLiveLoopSurvivesS3Outage(t *testing.T) {
	clip := genClip(t)
	gw := StartVersityGW(t)
	p := parsePipeline(t, s3LiveLine(clip, gw, "retry-attempts=5 request-timeout=2000"))
	stopReq, stopped := make(chan struct{}), make(chan struct{})
	warned := make(chan string, 1)
	c := &s3Capture{onObject: func(n int) {
		if n != 4 {
			return
		}
		close(stopReq)
		select {
		case <-stopped:
		case <-time.After(30 * time.Second):
		}
	}}
	c.attach(t, p.ByName("s3"))
	s3 := p.ByName("s3")
	p.Bus().SetSyncHandler(func(_ *gst.Bus, m gst.Message) gst.BusSyncReply {
		if w, ok := m.(*gst.WarningMessage); ok && m.Src() == gst.Object(s3) {
			select {
			case warned <- w.Err.Error():
			default:
			}
		}
		return gst.BusPass
	})
	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	defer cancel()
	stop := clipVideoEnd(t, clip)
	result := make(chan error, 1)
	go func() { result <- loop.Run(ctx, p, loop.Options{Count: 3, Stop: stop}) }()
	select {
	case <-stopReq:
	case err := <-result:
		t.Fatalf("run ended before the 4th object: %v", err)
	}
	gw.Stop()
	close(stopped)
	select {
	case w := <-warned:
		t.Logf("s3sink warned: %s", w)
	case err := <-result:
		t.Fatalf("run ended without a failed attempt: %v", err)
	case <-ctx.Done():
		t.Fatal("no WARNING from s3sink while the server is down")
	}
	gw.Start()
	if err := <-result; err != nil {
		t.Fatalf("loop.Run after the outage: %v", err)
	}
	checkBucket(t, gw, c)
}
