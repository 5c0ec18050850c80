package s3

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gstmini/gstmini/gst"
	"github.com/gstmini/gstmini/gsttest"
	"github.com/gstmini/gstmini/libs/storage"
)

// fakeS3 is a minimal path-style S3 endpoint for unit tests: PutObject,
// DeleteObject and the multipart calls, with failure injection. The real
// server (versitygw) is exercised in tests/e2e.
type fakeS3 struct {
	mu      sync.Mutex
	objects map[string][]byte
	types   map[string]string
	log     []string // "PUT key", "DELETE key", ...
	failFor map[string]int
	parts   map[string]map[int][]byte
	auth    []string // Authorization headers seen
}

func newFakeS3(t *testing.T) (*fakeS3, *httptest.Server) {
	f := &fakeS3{objects: map[string][]byte{}, types: map[string]string{}, failFor: map[string]int{}, parts: map[string]map[int][]byte{}}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return f, srv
}

func (f *fakeS3) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	if strings.HasPrefix(r.Header.Get("X-Amz-Content-Sha256"), "STREAMING-") {
		body = decodeAWSChunked(body)
	}
	key := strings.TrimPrefix(r.URL.Path, "/bkt/")
	q := r.URL.Query()
	f.mu.Lock()
	defer f.mu.Unlock()
	f.auth = append(f.auth, r.Header.Get("Authorization"))
	if n := f.failFor[key]; n > 0 {
		f.failFor[key] = n - 1
		f.log = append(f.log, "FAIL "+key)
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprint(w, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>SlowDown</Code><Message>injected</Message></Error>`)
		return
	}
	switch {
	case r.Method == http.MethodPost && q.Has("uploads"):
		f.parts[key] = map[int][]byte{}
		f.log = append(f.log, "CREATE "+key)
		fmt.Fprintf(w, `<InitiateMultipartUploadResult><Bucket>b</Bucket><Key>%s</Key><UploadId>u1</UploadId></InitiateMultipartUploadResult>`, key)
	case r.Method == http.MethodPut && q.Has("partNumber"):
		var n int
		fmt.Sscan(q.Get("partNumber"), &n)
		f.parts[key][n] = body
		f.log = append(f.log, fmt.Sprintf("PART %s %d", key, n))
		w.Header().Set("ETag", fmt.Sprintf(`"etag%d"`, n))
	case r.Method == http.MethodPost && q.Has("uploadId"):
		var all []byte
		for i := 1; i <= len(f.parts[key]); i++ {
			all = append(all, f.parts[key][i]...)
		}
		f.objects[key] = all
		f.log = append(f.log, "COMPLETE "+key)
		fmt.Fprintf(w, `<CompleteMultipartUploadResult><Bucket>bkt</Bucket><Key>%s</Key><ETag>"x"</ETag></CompleteMultipartUploadResult>`, key)
	case r.Method == http.MethodDelete && q.Has("uploadId"):
		delete(f.parts, key)
		f.log = append(f.log, "ABORT "+key)
		w.WriteHeader(http.StatusNoContent)
	case r.Method == http.MethodPut:
		f.objects[key] = body
		f.types[key] = r.Header.Get("Content-Type")
		f.log = append(f.log, "PUT "+key)
		w.Header().Set("ETag", `"x"`)
	case r.Method == http.MethodDelete:
		delete(f.objects, key)
		f.log = append(f.log, "DELETE "+key)
		w.WriteHeader(http.StatusNoContent)
	default:
		w.WriteHeader(http.StatusNotImplemented)
	}
}

func (f *fakeS3) snapshot() ([]string, map[string][]byte) {
	f.mu.Lock()
	defer f.mu.Unlock()
	objs := map[string][]byte{}
	for k, v := range f.objects {
		objs[k] = v
	}
	return append([]string(nil), f.log...), objs
}

const (
	testAccess = "AKIDTESTACCESS1234"
	testSecret = "super-secret-value-xyz"
	testToken  = "session-token-value-abc"
)

// newTestSink creates an s3sink pointed at srv with test credentials and
// a bus, wrapped in a harness (PLAYING).
func newTestSink(t *testing.T, srv *httptest.Server, props map[string]any) (*gsttest.Harness, *gst.Bus) {
	t.Helper()
	el, err := S3SinkClass.Create("")
	if err != nil {
		t.Fatal(err)
	}
	set := map[string]any{"bucket": "bkt", "endpoint-uri": srv.URL, "force-path-style": true, "region": "us-east-1",
		"access-key": testAccess, "secret-access-key": testSecret, "session-token": testToken,
		"async": false} // the harness would wait for a preroll before the first push
	for k, v := range props {
		set[k] = v
	}
	for k, v := range set {
		if err := el.Set(k, v); err != nil {
			t.Fatal(err)
		}
	}
	bus := gst.NewBus()
	el.(*S3Sink).SetBus(bus)
	h := gsttest.NewWithElement(t, el, "sink", "")
	return h, bus
}

func objectBuffer(t *testing.T, name, ctype string, data []byte, del bool) *gst.Buffer {
	t.Helper()
	buf := gst.NewBufferWrapped(data)
	if _, err := storage.AddObjectMeta(buf, storage.ObjectMeta{Name: name, ContentType: ctype, Duration: gst.ClockTimeNone, Delete: del}); err != nil {
		t.Fatal(err)
	}
	return buf
}

func shortBackoff(t *testing.T) {
	old := s3sinkBackoff
	s3sinkBackoff = time.Millisecond
	t.Cleanup(func() { s3sinkBackoff = old })
}

func TestS3SinkCheckElement(t *testing.T) {
	// s3sink cannot reach READY without a bucket: give the conformance
	// walk a class whose constructor presets one (Start sends no request).
	c := *S3SinkClass
	c.New = func() gst.Element { return &s3sinkWithBucket{S3Sink: &S3Sink{}} }
	r := gst.NewRegistry()
	if err := r.Register(&c); err != nil {
		t.Fatal(err)
	}
	gsttest.CheckAllElements(t, r)
}

// s3sinkWithBucket presets the bucket so the conformance walk can start.
type s3sinkWithBucket struct{ *S3Sink }

func (s *s3sinkWithBucket) Constructed() error {
	if err := s.S3Sink.Constructed(); err != nil {
		return err
	}
	s.settings.bucket = "check"
	return nil
}

func TestS3SinkDefaults(t *testing.T) {
	el, err := S3SinkClass.Create("s")
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]any{
		"sync": false, "async": true, "region": "us-west-2", "part-size": uint64(5 << 20), "retry-attempts": uint(5),
		"request-timeout": int64(15000), "force-path-style": false, "on-error": S3SinkOnErrorNothing, "bucket": "", "key": "",
	} {
		got, err := el.Get(name)
		if err != nil || got != want {
			t.Errorf("%s = %v (%v), want %v", name, got, err, want)
		}
	}
	for _, name := range []string{"access-key", "secret-access-key", "session-token"} {
		if ps := S3SinkClass.FindProperty(name); ps == nil || ps.Flags&gst.ParamSecret == 0 {
			t.Errorf("%s is not ParamSecret", name)
		}
	}
	if err := el.SetString("on-error", "abort"); err != nil {
		t.Fatal(err)
	}
	if v, _ := el.Get("on-error"); v != S3SinkOnErrorAbort {
		t.Errorf("on-error = %v", v)
	}
	if err := el.Set("part-size", uint64(1024)); err == nil {
		t.Error("part-size below 5 MiB accepted")
	}
}

func TestS3SinkEnvironmentDefaults(t *testing.T) {
	t.Setenv("AWS_ACCESS_KEY_ID", "envkey")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "envsecret")
	t.Setenv("AWS_SESSION_TOKEN", "envtoken")
	t.Setenv("AWS_REGION", "eu-west-3")
	t.Setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:1")
	t.Setenv("AWS_ENDPOINT_URL_S3", "")
	got := resolveSettings(s3sinkSettings{region: DefaultS3SinkRegion})
	if got.accessKey != "envkey" || got.secretKey != "envsecret" || got.sessionToken != "envtoken" ||
		got.region != "eu-west-3" || got.endpoint != "http://127.0.0.1:1" {
		t.Errorf("from env: %+v", got)
	}
	props := s3sinkSettings{accessKey: "p", secretKey: "q", sessionToken: "r", region: "us-east-2", regionSet: true, endpoint: "http://h:2"}
	if got := resolveSettings(props); got != props {
		t.Errorf("properties overridden by env: %+v", got)
	}
}

func TestS3SinkEndpoint(t *testing.T) {
	for _, tt := range []struct {
		in     string
		host   string
		secure bool
		bad    bool
	}{
		{"", "s3.amazonaws.com", true, false},
		{"http://127.0.0.1:7070", "127.0.0.1:7070", false, false},
		{"https://s3.example.com/", "s3.example.com", true, false},
		{"minio.local:9000", "minio.local:9000", true, false},
		{"ftp://x", "", false, true},
		{"http://x/bucket", "", false, true},
		{"http://", "", false, true},
		{"http://[::1", "", false, true},
	} {
		host, secure, err := s3sinkEndpoint(tt.in)
		if (err != nil) != tt.bad || host != tt.host || secure != tt.secure {
			t.Errorf("%q: %q %v %v", tt.in, host, secure, err)
		}
	}
}

func TestS3SinkStartWithoutBucketFails(t *testing.T) {
	el, err := S3SinkClass.Create("nob")
	if err != nil {
		t.Fatal(err)
	}
	bus := gst.NewBus()
	el.(*S3Sink).SetBus(bus)
	if ret := el.SetState(gst.StateReady); ret != gst.StateChangeFailure {
		t.Fatalf("READY without bucket = %v", ret)
	}
	m, ok := bus.TimedPopFiltered(gst.Second, gst.MessageError).(*gst.ErrorMessage)
	if !ok || !strings.Contains(m.Err.Error(), "No bucket set") {
		t.Fatalf("error message = %v", m)
	}
}

func TestS3SinkObjectsInOrderWithContentTypes(t *testing.T) {
	fake, srv := newFakeS3(t)
	h, _ := newTestSink(t, srv, map[string]any{"key": "live/"})
	h.SetSrcCapsString(storage.Caps)
	push := func(buf *gst.Buffer) {
		if err := h.Push(buf); err != nil {
			t.Fatal(err)
		}
	}
	push(objectBuffer(t, "seg0.ts", "video/mp2t", []byte("segment zero"), false))
	push(objectBuffer(t, "seg1.ts", "video/mp2t", []byte("segment one"), false))
	push(objectBuffer(t, "index.m3u8", "application/vnd.apple.mpegurl", []byte("#EXTM3U\n"), false))
	push(objectBuffer(t, "seg0.ts", "", nil, true))
	if !h.PushEvent(gst.NewEOSEvent()) {
		t.Fatal("EOS refused")
	}
	log, objs := fake.snapshot()
	want := []string{"PUT live/seg0.ts", "PUT live/seg1.ts", "PUT live/index.m3u8", "DELETE live/seg0.ts"}
	if fmt.Sprint(log) != fmt.Sprint(want) {
		t.Errorf("requests %q, want %q", log, want)
	}
	if string(objs["live/seg1.ts"]) != "segment one" || string(objs["live/index.m3u8"]) != "#EXTM3U\n" {
		t.Errorf("objects %q", objs)
	}
	if _, ok := objs["live/seg0.ts"]; ok {
		t.Error("deleted object still present")
	}
	fake.mu.Lock()
	if fake.types["live/index.m3u8"] != "application/vnd.apple.mpegurl" || fake.types["live/seg1.ts"] != "video/mp2t" {
		t.Errorf("content types %q", fake.types)
	}
	fake.mu.Unlock()
}

func TestS3SinkRetriesThenStores(t *testing.T) {
	shortBackoff(t)
	fake, srv := newFakeS3(t)
	fake.failFor["a.ts"] = 2
	h, bus := newTestSink(t, srv, map[string]any{"retry-attempts": uint(3)})
	if err := h.Push(objectBuffer(t, "a.ts", "video/mp2t", []byte("A"), false)); err != nil {
		t.Fatal(err)
	}
	if err := h.Push(objectBuffer(t, "b.m3u8", "", []byte("B"), false)); err != nil {
		t.Fatal(err)
	}
	log, _ := fake.snapshot()
	if want := "[FAIL a.ts FAIL a.ts PUT a.ts PUT b.m3u8]"; fmt.Sprint(log) != want {
		t.Errorf("requests %v, want %s", log, want)
	}
	for i := 0; i < 2; i++ {
		w, ok := bus.TimedPopFiltered(gst.Second, gst.MessageWarning).(*gst.WarningMessage)
		if !ok || !strings.Contains(w.Err.Error(), "a.ts") {
			t.Fatalf("warning %d = %v", i, w)
		}
	}
}

func TestS3SinkFailureStopsLaterObjects(t *testing.T) {
	shortBackoff(t)
	fake, srv := newFakeS3(t)
	fake.failFor["live/seg3.ts"] = 100
	h, bus := newTestSink(t, srv, map[string]any{"retry-attempts": uint(2), "key": "live"})
	if err := h.Push(objectBuffer(t, "seg2.ts", "", []byte("2"), false)); err != nil {
		t.Fatal(err)
	}
	if err := h.Push(objectBuffer(t, "seg3.ts", "", []byte("3"), false)); err == nil {
		t.Fatal("failed object returned no error")
	}
	if err := h.Push(objectBuffer(t, "index.m3u8", "", []byte("P"), false)); err == nil {
		t.Fatal("object after a failure returned no error")
	}
	log, objs := fake.snapshot()
	if want := "[PUT live/seg2.ts FAIL live/seg3.ts FAIL live/seg3.ts]"; fmt.Sprint(log) != want {
		t.Errorf("requests %v, want %s", log, want)
	}
	if _, ok := objs["live/index.m3u8"]; ok {
		t.Error("playlist stored after a failed segment")
	}
	m, ok := bus.TimedPopFiltered(gst.Second, gst.MessageError).(*gst.ErrorMessage)
	if !ok {
		t.Fatal("no ERROR on the bus")
	}
	text := m.Err.Error() + " " + m.Debug
	if !strings.Contains(m.Err.Error(), `"live/seg3.ts"`) {
		t.Errorf("error does not name the key: %s", text)
	}
	for _, secret := range []string{testSecret, testToken} {
		if strings.Contains(text, secret) {
			t.Errorf("error leaks a secret: %s", text)
		}
	}
}

func TestS3SinkStreamMultipart(t *testing.T) {
	fake, srv := newFakeS3(t)
	h, bus := newTestSink(t, srv, map[string]any{"key": "movie.bin", "part-size": uint64(5 << 20)})
	const total = 11<<20 + 123
	data := make([]byte, total)
	for i := range data {
		data[i] = byte(i * 7)
	}
	for off := 0; off < total; off += 1 << 20 {
		end := min(off+1<<20, total)
		if err := h.Push(gst.NewBufferWrapped(append([]byte(nil), data[off:end]...))); err != nil {
			t.Fatal(err)
		}
	}
	if !h.PushEvent(gst.NewEOSEvent()) {
		t.Fatalf("EOS refused: %v", bus.TimedPopFiltered(0, gst.MessageError))
	}
	log, objs := fake.snapshot()
	want := "[CREATE movie.bin PART movie.bin 1 PART movie.bin 2 PART movie.bin 3 COMPLETE movie.bin]"
	if fmt.Sprint(log) != want {
		t.Errorf("requests %v, want %s", log, want)
	}
	if got := objs["movie.bin"]; string(got) != string(data) {
		t.Errorf("object has %d bytes, want %d identical", len(got), total)
	}
	if _, ok := bus.TimedPopFiltered(gst.Second, gst.MessageEOS).(*gst.EOSMessage); !ok {
		t.Error("no EOS message after the upload completed")
	}
}

func TestS3SinkStreamAbortOnError(t *testing.T) {
	shortBackoff(t)
	fake, srv := newFakeS3(t)
	h, bus := newTestSink(t, srv, map[string]any{"key": "x.bin", "on-error": S3SinkOnErrorAbort, "retry-attempts": uint(1)})
	part := make([]byte, 5<<20)
	if err := h.Push(gst.NewBufferWrapped(part)); err != nil {
		t.Fatal(err)
	}
	fake.mu.Lock()
	fake.failFor["x.bin"] = 1 // the second part fails once; the abort then succeeds
	fake.mu.Unlock()
	if err := h.Push(gst.NewBufferWrapped(make([]byte, 5<<20))); err == nil {
		t.Fatal("failed part returned no error")
	}
	log, objs := fake.snapshot()
	if want := "[CREATE x.bin PART x.bin 1 FAIL x.bin ABORT x.bin]"; fmt.Sprint(log) != want {
		t.Errorf("requests %v, want %s", log, want)
	}
	if _, ok := objs["x.bin"]; ok {
		t.Error("aborted object exists")
	}
	if m, ok := bus.TimedPopFiltered(gst.Second, gst.MessageError).(*gst.ErrorMessage); !ok || !strings.Contains(m.Err.Error(), "x.bin") {
		t.Errorf("error = %v", m)
	}
}

func TestS3SinkEmptyStreamStoresEmptyObject(t *testing.T) {
	fake, srv := newFakeS3(t)
	h, _ := newTestSink(t, srv, map[string]any{"key": "empty"})
	if !h.PushEvent(gst.NewEOSEvent()) {
		t.Fatal("EOS refused")
	}
	_, objs := fake.snapshot()
	if got, ok := objs["empty"]; !ok || len(got) != 0 {
		t.Errorf("objects %q", objs)
	}
}

func TestS3SinkSecretsNeverShown(t *testing.T) {
	fake, srv := newFakeS3(t)
	var logs syncBuilder
	gst.SetDebugHandler(gst.NewDebugTextHandler(&logs, false))
	t.Cleanup(func() { gst.SetDebugHandler(nil) })
	old := s3sinkCat.Threshold()
	s3sinkCat.SetThreshold(gst.LevelMemdump)
	t.Cleanup(func() { s3sinkCat.SetThreshold(old) })
	h, _ := newTestSink(t, srv, map[string]any{"key": "k"})
	if err := h.Push(objectBuffer(t, "o", "", []byte("x"), false)); err != nil {
		t.Fatal(err)
	}
	el := h.Element()
	// a DOT dump of an element holding the secrets
	other, err := S3SinkClass.Create("other")
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range map[string]any{"access-key": testAccess, "secret-access-key": testSecret, "session-token": testToken, "bucket": "shown"} {
		if err := other.Set(k, v); err != nil {
			t.Fatal(err)
		}
	}
	p := gst.NewPipeline("p")
	if err := p.Add(other); err != nil {
		t.Fatal(err)
	}
	dot := gst.DebugBinToDotData(&p.Bin, gst.DebugGraphShowAll)
	if !strings.Contains(dot, "bucket=") {
		t.Errorf("dot lacks the non-secret bucket:\n%s", dot)
	}
	all := logs.String() + dot
	if !strings.Contains(logs.String(), "Setting property") {
		t.Error("no debug log captured")
	}
	for _, secret := range []string{testSecret, testToken, testAccess} {
		if strings.Contains(all, secret) {
			t.Errorf("secret %q leaked:\n%s", secret, all)
		}
	}
	// the request was signed with the access key (so it was really used)
	fake.mu.Lock()
	defer fake.mu.Unlock()
	if len(fake.auth) == 0 || !strings.Contains(fake.auth[0], testAccess) {
		t.Errorf("authorization %q", fake.auth)
	}
	if err := el.Set("secret-access-key", 42); err == nil || strings.Contains(err.Error(), "42") {
		t.Errorf("bad secret value error: %v", err)
	}
}

// syncBuilder is a strings.Builder safe for concurrent writers.
type syncBuilder struct {
	mu sync.Mutex
	b  strings.Builder
}

func (w *syncBuilder) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

func (w *syncBuilder) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.String()
}

// decodeAWSChunked strips the aws-chunked framing ("<hex size>;chunk-
// signature=...\r\n<data>\r\n", ending with a zero-size chunk and
// optional trailers) of streaming SigV4 uploads.
func decodeAWSChunked(b []byte) []byte {
	var out []byte
	for len(b) > 0 {
		i := strings.Index(string(b), "\r\n")
		if i < 0 {
			break
		}
		head := string(b[:i])
		if j := strings.IndexByte(head, ';'); j >= 0 {
			head = head[:j]
		}
		var n int
		if _, err := fmt.Sscanf(head, "%x", &n); err != nil || n == 0 || i+2+n > len(b) {
			break
		}
		out = append(out, b[i+2:i+2+n]...)
		b = b[i+2+n:]
		b = []byte(strings.TrimPrefix(string(b), "\r\n"))
	}
	if out == nil {
		out = []byte{}
	}
	return out
}

// partBuffer returns part n of object name.
func partBuffer(t *testing.T, name string, data string, n int, more bool) *gst.Buffer {
	t.Helper()
	buf := gst.NewBufferWrapped([]byte(data))
	if _, err := storage.AddObjectMeta(buf, storage.ObjectMeta{Name: name, ContentType: "video/mp2t", Duration: gst.ClockTimeNone, Part: n, More: more}); err != nil {
		t.Fatal(err)
	}
	return buf
}

// TestS3SinkObjectParts stores an object that arrives in three parts with
// one PUT at the final part (retried like any object), before the
// playlist that follows it.
func TestS3SinkObjectParts(t *testing.T) {
	shortBackoff(t)
	fake, srv := newFakeS3(t)
	fake.failFor["seg0.ts"] = 1
	h, _ := newTestSink(t, srv, map[string]any{"retry-attempts": uint(2)})
	h.SetSrcCapsString(storage.Caps)
	for i, p := range []string{"one-", "two-", "three"} {
		if err := h.Push(partBuffer(t, "seg0.ts", p, i, i < 2)); err != nil {
			t.Fatal(err)
		}
		if log, _ := fake.snapshot(); i < 2 && len(log) != 0 {
			t.Fatalf("requests after part %d: %v", i, log)
		}
	}
	if err := h.Push(objectBuffer(t, "index.m3u8", "", []byte("#EXTM3U\n"), false)); err != nil {
		t.Fatal(err)
	}
	// a second parted object reuses the collection buffer
	for i, p := range []string{"x", "y"} {
		if err := h.Push(partBuffer(t, "seg1.ts", p, i, i < 1)); err != nil {
			t.Fatal(err)
		}
	}
	log, objs := fake.snapshot()
	if want := "[FAIL seg0.ts PUT seg0.ts PUT index.m3u8 PUT seg1.ts]"; fmt.Sprint(log) != want {
		t.Errorf("requests %v, want %s", log, want)
	}
	if string(objs["seg0.ts"]) != "one-two-three" || string(objs["seg1.ts"]) != "xy" {
		t.Errorf("objects %q", objs)
	}
	fake.mu.Lock()
	if fake.types["seg0.ts"] != "video/mp2t" {
		t.Errorf("content type %q", fake.types["seg0.ts"])
	}
	fake.mu.Unlock()
}

// startParts starts an s3sink in objects mode and pushes part 0 (of more)
// of "seg0.ts".
func startParts(t *testing.T) (*fakeS3, *gsttest.Harness, *gst.Bus) {
	t.Helper()
	fake, srv := newFakeS3(t)
	h, bus := newTestSink(t, srv, nil)
	h.SetSrcCapsString(storage.Caps)
	if err := h.Push(partBuffer(t, "seg0.ts", "a", 0, true)); err != nil {
		t.Fatal(err)
	}
	return fake, h, bus
}

// TestS3SinkObjectPartsIncomplete checks that an incomplete object is
// never stored: another object in between fails the stream (and the
// playlist is not stored), and EOS discards it with a warning.
func TestS3SinkObjectPartsIncomplete(t *testing.T) {
	t.Run("interleaved", func(t *testing.T) {
		fake, h, bus := startParts(t)
		if err := h.Push(objectBuffer(t, "index.m3u8", "", []byte("P"), false)); err == nil {
			t.Fatal("an object inside an incomplete one was accepted")
		}
		if err := h.Push(partBuffer(t, "seg0.ts", "b", 1, false)); err == nil {
			t.Fatal("buffer accepted after the failure")
		}
		if log, _ := fake.snapshot(); len(log) != 0 {
			t.Errorf("requests %v, want none", log)
		}
		m, ok := bus.TimedPopFiltered(gst.Second, gst.MessageError).(*gst.ErrorMessage)
		if !ok || !strings.Contains(m.Debug, `object "seg0.ts" is incomplete`) {
			t.Errorf("error %v, want one naming the incomplete object", m)
		}
	})
	t.Run("eos", func(t *testing.T) {
		fake, h, bus := startParts(t)
		if !h.PushEvent(gst.NewEOSEvent()) {
			t.Fatal("EOS refused")
		}
		if log, _ := fake.snapshot(); len(log) != 0 {
			t.Errorf("requests %v, want none", log)
		}
		w, ok := bus.TimedPopFiltered(gst.Second, gst.MessageWarning).(*gst.WarningMessage)
		if !ok || !strings.Contains(w.Err.Error(), "seg0.ts") {
			t.Errorf("warning %v, want one naming the discarded object", w)
		}
	})
}
