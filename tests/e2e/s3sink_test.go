package e2e

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"

	"github.com/gstmini/gstmini/gst"
	"github.com/gstmini/gstmini/libs/storage"
	"github.com/gstmini/gstmini/plugins/app"
)

// s3Pipeline is appsrc ! s3sink in a pipeline, PLAYING.
type s3Pipeline struct {
	p   *gst.Pipeline
	src *app.AppSrc
	bus *gst.Bus
}

func newS3Pipeline(t *testing.T, gw *VersityGW, caps string, props map[string]any) *s3Pipeline {
	t.Helper()
	srcEl, err := gst.DefaultRegistry().MakeElement("appsrc", "src")
	if err != nil {
		t.Fatal(err)
	}
	sink, err := gst.DefaultRegistry().MakeElement("s3sink", "sink")
	if err != nil {
		t.Fatal(err)
	}
	all := gw.SinkProperties()
	for k, v := range props {
		all[k] = v
	}
	for k, v := range all {
		if err := sink.Set(k, v); err != nil {
			t.Fatal(err)
		}
	}
	src := srcEl.(*app.AppSrc)
	if caps != "" {
		c, err := gst.ParseCaps(caps)
		if err != nil {
			t.Fatal(err)
		}
		src.SetCaps(c)
	}
	p := gst.NewPipeline("s3")
	if err := p.Add(src, sink); err != nil {
		t.Fatal(err)
	}
	if err := gst.Link(src, sink); err != nil {
		t.Fatal(err)
	}
	if p.SetState(gst.StatePlaying) == gst.StateChangeFailure {
		t.Fatal("PLAYING failed")
	}
	t.Cleanup(func() { p.SetState(gst.StateNull) })
	return &s3Pipeline{p: p, src: src, bus: p.Bus()}
}

func (sp *s3Pipeline) pushObject(t *testing.T, name, ctype string, data []byte, del bool) {
	t.Helper()
	buf := gst.NewBufferWrapped(data)
	if _, err := storage.AddObjectMeta(buf, storage.ObjectMeta{Name: name, ContentType: ctype, Duration: gst.ClockTimeNone, Delete: del}); err != nil {
		t.Fatal(err)
	}
	if err := sp.src.PushBuffer(buf); err != nil {
		t.Fatal(err)
	}
}

// waitEnd waits for EOS or ERROR and returns the ERROR (nil at EOS).
func (sp *s3Pipeline) waitEnd(t *testing.T, timeout time.Duration) *gst.ErrorMessage {
	t.Helper()
	m := sp.bus.TimedPopFiltered(gst.ClockTimeFromDuration(timeout), gst.MessageEOS|gst.MessageError)
	switch m := m.(type) {
	case *gst.EOSMessage:
		return nil
	case *gst.ErrorMessage:
		return m
	}
	t.Fatalf("no EOS or ERROR within %v", timeout)
	return nil
}

func randomBytes(t *testing.T, n int) []byte {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return b
}

func TestS3SinkObjectsOnVersityGW(t *testing.T) {
	gw := StartVersityGW(t)
	sp := newS3Pipeline(t, gw, storage.Caps, map[string]any{"key": "live"})
	seg0, seg1 := randomBytes(t, 188*1000), randomBytes(t, 188*777)
	playlist := []byte("#EXTM3U\n#EXT-X-VERSION:3\n#EXTINF:2.0,\nseg0.ts\n#EXTINF:2.0,\nseg1.ts\n")
	sp.pushObject(t, "seg0.ts", "video/mp2t", seg0, false)
	sp.pushObject(t, "seg1.ts", "video/mp2t", seg1, false)
	sp.pushObject(t, "index.m3u8", "application/vnd.apple.mpegurl", playlist, false)
	sp.pushObject(t, "old/seg-1.ts", "video/mp2t", []byte("old"), false)
	sp.pushObject(t, "old/seg-1.ts", "", nil, true)
	sp.src.EndOfStream()
	if e := sp.waitEnd(t, 30*time.Second); e != nil {
		t.Fatalf("ERROR: %v (%s)", e.Err, e.Debug)
	}
	for key, want := range map[string][]byte{"live/seg0.ts": seg0, "live/seg1.ts": seg1, "live/index.m3u8": playlist} {
		got, err := gw.ReadObject(key)
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s: %d bytes (%v), want %d identical", key, len(got), err, len(want))
		}
	}
	if _, err := gw.ReadObject("live/old/seg-1.ts"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("deleted object: %v", err)
	}
	info, err := gw.Client().StatObject(context.Background(), gw.Bucket, "live/index.m3u8", minio.StatObjectOptions{})
	if err != nil || info.ContentType != "application/vnd.apple.mpegurl" {
		t.Errorf("playlist content type %q (%v)", info.ContentType, err)
	}
}

func TestS3SinkMultipartStreamOnVersityGW(t *testing.T) {
	gw := StartVersityGW(t)
	sp := newS3Pipeline(t, gw, "", map[string]any{"key": "rec/movie.bin", "content-type": "video/mp4"})
	data := randomBytes(t, 12<<20+4321) // three parts of 5 MiB, the last short
	for off := 0; off < len(data); off += 256 << 10 {
		end := min(off+256<<10, len(data))
		if err := sp.src.PushBuffer(gst.NewBufferWrapped(append([]byte(nil), data[off:end]...))); err != nil {
			t.Fatal(err)
		}
	}
	sp.src.EndOfStream()
	if e := sp.waitEnd(t, 60*time.Second); e != nil {
		t.Fatalf("ERROR: %v (%s)", e.Err, e.Debug)
	}
	got, err := gw.ReadObject("rec/movie.bin")
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("object: %d bytes (%v), want %d identical", len(got), err, len(data))
	}
	info, err := gw.Client().StatObject(context.Background(), gw.Bucket, "rec/movie.bin", minio.StatObjectOptions{})
	if err != nil || info.ContentType != "video/mp4" || !strings.HasSuffix(info.ETag, "-3") {
		t.Errorf("stat: type %q etag %q (%v), want video/mp4 and a 3-part etag", info.ContentType, info.ETag, err)
	}
}

func TestS3SinkMultipartAbortedOnStopWithoutEOS(t *testing.T) {
	gw := StartVersityGW(t)
	sp := newS3Pipeline(t, gw, "", map[string]any{"key": "partial.bin", "on-error": "abort"})
	if err := sp.src.PushBuffer(gst.NewBufferWrapped(randomBytes(t, 6<<20))); err != nil {
		t.Fatal(err)
	}
	// wait until part 1 is on the server, then stop without EOS
	client := gw.Client()
	deadline := time.Now().Add(30 * time.Second)
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		res, err := minio.Core{Client: client}.ListObjectParts(context.Background(), gw.Bucket, "partial.bin", uploadID(t, client, gw.Bucket, "partial.bin"), 0, 10)
		if err == nil && len(res.ObjectParts) == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("part 1 never uploaded: %v", err)
		}
		<-tick.C
	}
	sp.p.SetState(gst.StateNull)
	if id := uploadID(t, client, gw.Bucket, "partial.bin"); id != "" {
		t.Errorf("multipart upload %q still open after a stop with on-error=abort", id)
	}
	if _, err := gw.ReadObject("partial.bin"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("aborted object exists: %v", err)
	}
}

// uploadID returns the open multipart upload of key, or "".
func uploadID(t *testing.T, c *minio.Client, bucket, key string) string {
	res, err := minio.Core{Client: c}.ListMultipartUploads(context.Background(), bucket, key, "", "", "", 10)
	if err != nil {
		return ""
	}
	for _, u := range res.Uploads {
		if u.Key == key {
			return u.UploadID
		}
	}
	return ""
}

// TestS3SinkOutageWithinRetryWindow stops the server, pushes objects,
// restarts it when the sink reports its first failed attempt, and expects
// every object stored, in order.
func TestS3SinkOutageWithinRetryWindow(t *testing.T) {
	gw := StartVersityGW(t)
	sp := newS3Pipeline(t, gw, storage.Caps, map[string]any{"retry-attempts": uint(6), "request-timeout": int64(2000)})
	gw.Stop()
	var want [][]byte
	for i := 0; i < 5; i++ {
		data := randomBytes(t, 1000+i)
		want = append(want, data)
		sp.pushObject(t, fmt.Sprintf("seg%d.ts", i), "video/mp2t", data, false)
	}
	sp.pushObject(t, "index.m3u8", "application/vnd.apple.mpegurl", []byte("#EXTM3U\n"), false)
	sp.src.EndOfStream()
	w, ok := sp.bus.TimedPopFiltered(gst.ClockTimeFromDuration(30*time.Second), gst.MessageWarning).(*gst.WarningMessage)
	if !ok {
		t.Fatal("no WARNING for the failed attempt")
	}
	if !strings.Contains(w.Err.Error(), "seg0.ts") {
		t.Errorf("warning does not name seg0.ts: %v", w.Err)
	}
	gw.Start()
	if e := sp.waitEnd(t, 60*time.Second); e != nil {
		t.Fatalf("ERROR after the outage: %v (%s)", e.Err, e.Debug)
	}
	var prev time.Time
	for i, data := range want {
		key := fmt.Sprintf("seg%d.ts", i)
		got, err := gw.ReadObject(key)
		if err != nil || !bytes.Equal(got, data) {
			t.Errorf("%s: %d bytes (%v)", key, len(got), err)
			continue
		}
		fi, err := os.Stat(gw.ObjectPath(key))
		if err != nil {
			t.Fatal(err)
		}
		if fi.ModTime().Before(prev) {
			t.Errorf("%s stored before the previous segment", key)
		}
		prev = fi.ModTime()
	}
	fi, err := os.Stat(gw.ObjectPath("index.m3u8"))
	if err != nil || fi.ModTime().Before(prev) {
		t.Errorf("playlist not stored after the segments: %v", err)
	}
}

// TestS3SinkOutageExhaustsRetries keeps the server down: the sink posts
// an ERROR naming the first object's key, and nothing after it is stored.
func TestS3SinkOutageExhaustsRetries(t *testing.T) {
	gw := StartVersityGW(t)
	sp := newS3Pipeline(t, gw, storage.Caps, map[string]any{"key": "out", "retry-attempts": uint(2), "request-timeout": int64(1000)})
	gw.Stop()
	sp.pushObject(t, "seg7.ts", "video/mp2t", []byte("seven"), false)
	sp.pushObject(t, "index.m3u8", "application/vnd.apple.mpegurl", []byte("#EXTM3U\n"), false)
	sp.src.EndOfStream()
	e := sp.waitEnd(t, 60*time.Second)
	if e == nil {
		t.Fatal("EOS although the server is down")
	}
	if !strings.Contains(e.Err.Error(), `"out/seg7.ts"`) {
		t.Errorf("ERROR does not name the key: %v (%s)", e.Err, e.Debug)
	}
	text := e.Err.Error() + e.Debug
	if strings.Contains(text, gw.SecretKey) {
		t.Errorf("ERROR leaks the secret key: %s", text)
	}
	gw.Start()
	for _, key := range []string{"out/seg7.ts", "out/index.m3u8"} {
		if _, err := gw.ReadObject(key); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s stored: %v", key, err)
		}
	}
}

// TestS3SinkWrongCredentials: a refused signature is not retried and the
// error shows neither key.
func TestS3SinkWrongCredentials(t *testing.T) {
	gw := StartVersityGW(t)
	sp := newS3Pipeline(t, gw, storage.Caps, map[string]any{"access-key": "WRONGKEY", "secret-access-key": "wrong-secret-9876"})
	sp.pushObject(t, "a.ts", "video/mp2t", []byte("a"), false)
	sp.src.EndOfStream()
	e := sp.waitEnd(t, 30*time.Second)
	if e == nil {
		t.Fatal("EOS with wrong credentials")
	}
	text := e.Err.Error() + e.Debug
	if strings.Contains(text, "wrong-secret-9876") {
		t.Errorf("ERROR leaks the secret: %s", text)
	}
	if strings.Contains(e.Debug, "after") {
		t.Errorf("an authentication failure was retried: %s", e.Debug)
	}
}
