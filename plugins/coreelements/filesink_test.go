package coreelements

import (
	"bytes"
	"errors"
	"math/rand"
	"os"
	"path/filepath"
	"testing"

	"github.com/gstmini/gstmini/gst"
	"github.com/gstmini/gstmini/gsttest"
)

// filesinkSetup links a floating src pad to a new filesink writing to a
// temp file.
func filesinkSetup(t *testing.T) (*FileSink, *gst.Pad, string) {
	t.Helper()
	el, err := FileSinkClass.Create("")
	if err != nil {
		t.Fatal(err)
	}
	s := el.(*FileSink)
	src := gst.NewPad("src", gst.PadSrc)
	if r := src.Link(s.SinkPad()); r != gst.PadLinkOK {
		t.Fatal(r)
	}
	src.SetActive(true)
	p := filepath.Join(t.TempDir(), "out.bin")
	t.Cleanup(func() {
		s.SetState(gst.StateNull)
		src.SetActive(false)
	})
	return s, src, p
}

// filesinkBytes returns n deterministic bytes seeded by n (PUSH_BYTES).
func filesinkBytes(n int) []byte {
	r := rand.New(rand.NewSource(int64(n)))
	b := make([]byte, n)
	r.Read(b)
	return b
}

func filesinkPosition(t *testing.T, s *FileSink, want int64) {
	t.Helper()
	q := gst.NewPositionQuery(gst.FormatBytes)
	if !s.SinkPad().Query(q) {
		t.Fatal("position query failed")
	}
	if q.Cur != want {
		t.Fatalf("position = %d, want %d", q.Cur, want)
	}
}

func filesinkCheckWritten(t *testing.T, path string, offset int, data []byte, size int) {
	t.Helper()
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != size {
		t.Fatalf("file size %d, want %d", len(got), size)
	}
	if !bytes.Equal(got[offset:offset+len(data)], data) {
		t.Fatalf("wrong bytes at %d..%d", offset, offset+len(data))
	}
}

func TestFileSinkCheckElement(t *testing.T) {
	// filesink cannot reach READY without a location: give the
	// conformance walk a class whose constructor presets one.
	p := filepath.Join(t.TempDir(), "check.bin")
	c := *FileSinkClass
	c.New = func() gst.Element { return &FileSink{location: p} }
	r := gst.NewRegistry()
	if err := r.Register(&c); err != nil {
		t.Fatal(err)
	}
	gsttest.CheckAllElements(t, r)
}

// Ported from tests/check/elements/filesink.c test_seeking.
func TestFileSinkSeeking(t *testing.T) {
	s, src, path := filesinkSetup(t)
	s.Set("location", path)
	if r := s.SetState(gst.StatePlaying); r != gst.StateChangeAsync {
		t.Fatalf("PLAYING = %v, want ASYNC", r)
	}
	src.PushEvent(gst.NewStreamStartEvent("test"))
	var seg gst.Segment
	seg.Init(gst.FormatBytes)
	if !src.PushEvent(gst.NewSegmentEvent(&seg)) {
		t.Fatal("segment refused")
	}
	filesinkPosition(t, s, 0)
	push := func(data []byte, sync bool) {
		t.Helper()
		b := gst.NewBufferMemdup(data)
		if len(data) == 0 {
			b = gst.NewBuffer()
		}
		if sync {
			b.SetFlags(gst.BufferFlagSyncAfter)
		}
		if err := src.Push(b); err != nil {
			t.Fatal(err)
		}
	}
	push(nil, true)
	filesinkPosition(t, s, 0)
	push(filesinkBytes(1), true)
	filesinkPosition(t, s, 1)
	push(filesinkBytes(99), true)
	filesinkPosition(t, s, 100)
	push(filesinkBytes(8800), true)
	filesinkPosition(t, s, 8900)
	pushList := func(n, size int) {
		t.Helper()
		l := gst.NewBufferList()
		for i := 0; i < n; i++ {
			b := gst.NewBufferMemdup(filesinkBytes(size))
			b.SetFlags(gst.BufferFlagSyncAfter)
			l.Add(b)
		}
		if err := src.PushList(l); err != nil {
			t.Fatal(err)
		}
	}
	pushList(2, 50)
	filesinkPosition(t, s, 9000)
	pushList(3, 10)
	filesinkPosition(t, s, 9030)
	filesinkCheckWritten(t, path, 8900, filesinkBytes(50), 9030)
	filesinkCheckWritten(t, path, 8950, filesinkBytes(50), 9030)
	filesinkCheckWritten(t, path, 9000, filesinkBytes(10), 9030)
	filesinkCheckWritten(t, path, 9020, filesinkBytes(10), 9030)
	// a buffer made of two memory blocks
	b := gst.NewBuffer()
	b.AppendMemory(gst.NewBufferMemdup(filesinkBytes(20)).PeekMemory(0))
	b.AppendMemory(gst.NewBufferMemdup(filesinkBytes(20)).PeekMemory(0))
	b.SetFlags(gst.BufferFlagSyncAfter)
	if err := src.Push(b); err != nil {
		t.Fatal(err)
	}
	filesinkCheckWritten(t, path, 9030, filesinkBytes(20), 9070)
	filesinkCheckWritten(t, path, 9050, filesinkBytes(20), 9070)

	seg.Start = 8800
	if !src.PushEvent(gst.NewSegmentEvent(&seg)) {
		t.Fatal("seek segment refused")
	}
	filesinkPosition(t, s, 8800)
	push(filesinkBytes(1), true)
	filesinkPosition(t, s, 8801)
	push(filesinkBytes(9256), true)
	filesinkPosition(t, s, 18057)
	if !src.PushEvent(gst.NewEOSEvent()) {
		t.Fatal("EOS refused")
	}
	if r := s.SetState(gst.StateNull); r != gst.StateChangeSuccess {
		t.Fatalf("NULL = %v", r)
	}
	filesinkCheckWritten(t, path, 8801, filesinkBytes(9256), 18057)
}

// Ported from tests/check/elements/filesink.c test_flush.
func TestFileSinkFlush(t *testing.T) {
	s, src, path := filesinkSetup(t)
	s.Set("location", path)
	if r := s.SetState(gst.StatePlaying); r != gst.StateChangeAsync {
		t.Fatalf("PLAYING = %v, want ASYNC", r)
	}
	src.PushEvent(gst.NewStreamStartEvent("test"))
	var seg gst.Segment
	seg.Init(gst.FormatTime)
	src.PushEvent(gst.NewSegmentEvent(&seg))
	filesinkPosition(t, s, 0)
	if err := src.Push(gst.NewBufferMemdup(filesinkBytes(8))); err != nil {
		t.Fatal(err)
	}
	filesinkPosition(t, s, 8)
	if !src.PushEvent(gst.NewFlushStartEvent()) || !src.PushEvent(gst.NewFlushStopEvent(true)) {
		t.Fatal("flush refused")
	}
	src.PushEvent(gst.NewSegmentEvent(&seg))
	if r := s.SetState(gst.StatePlaying); r != gst.StateChangeAsync {
		t.Fatalf("PLAYING after flush = %v, want ASYNC", r)
	}
	filesinkPosition(t, s, 0)
	if err := src.Push(gst.NewBufferMemdup(filesinkBytes(4))); err != nil {
		t.Fatal(err)
	}
	filesinkPosition(t, s, 4)
	s.SetState(gst.StateNull)
	filesinkCheckWritten(t, path, 0, filesinkBytes(4), 4)
}

// Ported from tests/check/elements/filesink.c test_coverage.
func TestFileSinkCoverage(t *testing.T) {
	s, _, _ := filesinkSetup(t)
	bus := gst.NewBus()
	s.SetBus(bus)
	s.Set("location", "/i/do/not/exist")
	if l, _ := s.Get("location"); l != "/i/do/not/exist" {
		t.Fatalf("location = %q", l)
	}
	if r := s.SetState(gst.StatePlaying); r != gst.StateChangeFailure {
		t.Fatalf("PLAYING = %v, want FAILURE", r)
	}
	em, ok := bus.Pop().(*gst.ErrorMessage)
	if !ok || !errors.Is(em.Err, &gst.ResourceError{Code: gst.ResourceErrorOpenWrite}) {
		t.Fatalf("first message %v, want RESOURCE OPEN_WRITE error", em)
	}
	if want := `Could not open file "/i/do/not/exist" for writing.`; em.Err.Error() != want {
		t.Errorf("error %q, want %q", em.Err.Error(), want)
	}
	if debugDetail(t, em.Debug, "plugins/coreelements/filesink.go") != "system error: No such file or directory" {
		t.Errorf("debug %q", em.Debug)
	}
	s.Set("location", "")
	if l, _ := s.Get("location"); l != "" {
		t.Fatalf("location = %q", l)
	}
}

// Ported from tests/check/elements/filesink.c test_uri_interface.
func TestFileSinkURIInterface(t *testing.T) {
	s, _, _ := filesinkSetup(t)
	s.Set("location", "/i/do/not/exist")
	if u := s.URI(); u != "file:///i/do/not/exist" {
		t.Errorf("URI %q", u)
	}
	for _, c := range []struct{ uri, wantURI, wantLoc string }{
		{"file:///foo/bar", "file:///foo/bar", "/foo/bar"},
		{"file://localhost/foo/baz", "file:///foo/baz", "/foo/baz"},
	} {
		if err := s.SetURI(c.uri); err != nil {
			t.Fatal(err)
		}
		if u := s.URI(); u != c.wantURI {
			t.Errorf("URI %q, want %q", u, c.wantURI)
		}
		if l, _ := s.Get("location"); l != c.wantLoc {
			t.Errorf("location %q, want %q", l, c.wantLoc)
		}
	}
	s.Set("location", "/foo/b?r")
	if u := s.URI(); u != "file:///foo/b%3Fr" {
		t.Errorf("URI %q", u)
	}
	s.Set("location", "\".donotexist")
	if l, _ := s.Get("location"); l != "\".donotexist" {
		t.Errorf("location %q", l)
	}
	if err := s.SetURI("file://hostname/foo/foo"); err == nil {
		t.Error("foreign host accepted")
	}
	q := gst.NewURIQuery()
	s.Set("location", "/a/b")
	if !s.Query(q) || q.URI != "file:///a/b" {
		t.Errorf("URI query %q", q.URI)
	}
	if c := gst.NewRegistry(); c.Register(FileSinkClass) != nil || c.URIHandler(gst.URISink, "file") != FileSinkClass {
		t.Error("filesink is not the file:// sink handler")
	}
}

// Ported from tests/check/elements/filesink.c test_buffered_write_*,
// over every buffer mode.
func TestFileSinkBufferedWrite(t *testing.T) {
	for _, mode := range []string{"default", "full", "line", "unbuffered"} {
		for _, c := range []struct{ nbuf, nmem int }{{17, 1}, {9, 2}, {6, 3}} {
			s, src, path := filesinkSetup(t)
			s.Set("location", path)
			if err := s.SetString("buffer-mode", mode); err != nil {
				t.Fatal(err)
			}
			s.Set("buffer-size", uint(10)) // force flushes in the middle
			if r := s.SetState(gst.StatePlaying); r != gst.StateChangeAsync {
				t.Fatalf("PLAYING = %v", r)
			}
			src.PushEvent(gst.NewStreamStartEvent("test"))
			var seg gst.Segment
			seg.Init(gst.FormatBytes)
			src.PushEvent(gst.NewSegmentEvent(&seg))
			var want []byte
			for i := 0; i < c.nbuf; i++ {
				b := gst.NewBuffer()
				for j := 0; j < c.nmem; j++ {
					d := []byte{byte(i), byte(j), byte(i + j), 0xff}
					want = append(want, d...)
					b.AppendMemory(gst.NewBufferMemdup(d).PeekMemory(0))
				}
				if err := src.Push(b); err != nil {
					t.Fatal(err)
				}
			}
			src.PushEvent(gst.NewEOSEvent())
			if r := s.SetState(gst.StateNull); r != gst.StateChangeSuccess {
				t.Fatalf("NULL = %v", r)
			}
			got, _ := os.ReadFile(path)
			if !bytes.Equal(got, want) {
				t.Errorf("%s %dx%d: wrote %d bytes, want %d", mode, c.nbuf, c.nmem, len(got), len(want))
			}
		}
	}
}

func TestFileSinkAppend(t *testing.T) {
	s, src, path := filesinkSetup(t)
	os.WriteFile(path, []byte("abc"), 0o644)
	s.Set("location", path)
	s.Set("append", true)
	s.Set("async", false)
	if r := s.SetState(gst.StatePlaying); r != gst.StateChangeSuccess {
		t.Fatalf("PLAYING = %v", r)
	}
	src.PushEvent(gst.NewStreamStartEvent("test"))
	var seg gst.Segment
	seg.Init(gst.FormatTime)
	src.PushEvent(gst.NewSegmentEvent(&seg))
	src.Push(gst.NewBufferMemdup([]byte("def")))
	src.PushEvent(gst.NewEOSEvent())
	s.SetState(gst.StateNull)
	if got, _ := os.ReadFile(path); string(got) != "abcdef" {
		t.Fatalf("file %q, want abcdef", got)
	}
}

func TestFileSinkDefaults(t *testing.T) {
	s, _, _ := filesinkSetup(t)
	for name, want := range map[string]string{
		"sync": "false", "async": "true", "buffer-mode": "default", "buffer-size": "65536",
		"append": "false", "o-sync": "false", "max-transient-error-timeout": "0",
	} {
		if got, err := s.GetString(name); err != nil || got != want {
			t.Errorf("%s = %q (%v), want %q", name, got, err, want)
		}
	}
}
