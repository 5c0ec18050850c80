package coreelements

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/gstmini/gstmini/gst"
	"github.com/gstmini/gstmini/gsttest"
)

var corecRegisterOnce sync.Once

// corecTestRegister registers this helper's classes in the default
// registry (skipping names another test already registered).
func corecTestRegister(t testing.TB) {
	t.Helper()
	corecRegisterOnce.Do(func() {
		r := gst.DefaultRegistry()
		for _, c := range Classes() {
			if r.Lookup(c.Name) == nil {
				if err := r.Register(c); err != nil {
					t.Fatal(err)
				}
			}
		}
	})
}

// filesrcTestFile writes n bytes of a counting pattern to a temp file.
func filesrcTestFile(t testing.TB, n int) (string, []byte) {
	t.Helper()
	data := make([]byte, n)
	for i := range data {
		data[i] = byte(i * 7)
	}
	p := filepath.Join(t.TempDir(), "data.bin")
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p, data
}

func newFileSrc(t testing.TB, location string) *FileSrc {
	t.Helper()
	el, err := FileSrcClass.Create("")
	if err != nil {
		t.Fatal(err)
	}
	s := el.(*FileSrc)
	if location != "" {
		if err := s.Set("location", location); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() { s.SetState(gst.StateNull) })
	return s
}

func TestFileSrcCheckElement(t *testing.T) {
	corecTestRegister(t)
	p, _ := filesrcTestFile(t, 10000)
	// filesrc cannot reach PAUSED without a file: give the conformance
	// walk one through a class whose constructor presets the location.
	c := *FileSrcClass
	c.New = func() gst.Element { return &FileSrc{location: p, uri: filesrcFilenameToURI(p)} }
	r := gst.NewRegistry()
	if err := r.Register(&c); err != nil {
		t.Fatal(err)
	}
	gsttest.CheckAllElements(t, r)
}

func TestFileSrcPushAll(t *testing.T) {
	corecTestRegister(t)
	p, data := filesrcTestFile(t, 10000)
	h := gsttest.NewWithPadNames(t, "filesrc", "", "src")
	h.Set("location", p)
	h.Play()
	bufs, ok := h.PullUntilEOS()
	if !ok {
		t.Fatal("no EOS")
	}
	var got []byte
	for i, b := range bufs {
		if i < 2 && b.Size() != 4096 {
			t.Errorf("buffer %d size %d, want blocksize 4096", i, b.Size())
		}
		if b.Offset != uint64(len(got)) {
			t.Errorf("buffer %d offset %d, want %d", i, b.Offset, len(got))
		}
		got = append(got, b.Bytes()...)
		b.Unref()
	}
	if len(bufs) != 3 || !bytes.Equal(got, data) {
		t.Fatalf("got %d buffers, %d bytes; want 3 buffers and the file", len(bufs), len(got))
	}
	if d, ok := h.Element().(*FileSrc).QueryDuration(gst.FormatBytes); !ok || d != 10000 {
		t.Errorf("duration = %d,%v, want 10000 bytes", d, ok)
	}
}

// Ported from tests/check/elements/filesrc.c test_seeking.
func TestFileSrcSeeking(t *testing.T) {
	p, _ := filesrcTestFile(t, 5000)
	s := newFileSrc(t, p)
	sink := gst.NewPad("sink", gst.PadSink)
	sink.SetChainFunc(func(_ *gst.Pad, b *gst.Buffer) error { b.Unref(); return nil })
	sink.SetEventFunc(func(*gst.Pad, gst.Event) bool { return true })
	s.SrcPad().Link(sink)
	sink.SetActive(true)
	if r := s.SetState(gst.StatePaused); r != gst.StateChangeSuccess {
		t.Fatalf("PAUSED: %v", r)
	}
	q := gst.NewSeekingQuery(gst.FormatBytes)
	if !s.Query(q) || !q.Seekable {
		t.Fatalf("seeking query: seekable=%v", q.Seekable)
	}
	if r := s.SetState(gst.StateNull); r != gst.StateChangeSuccess {
		t.Fatalf("NULL: %v", r)
	}
	sink.SetActive(false)
}

// Ported from tests/check/elements/filesrc.c test_reverse.
func TestFileSrcReverse(t *testing.T) {
	p, _ := filesrcTestFile(t, 5000)
	s := newFileSrc(t, p)
	eos := make(chan struct{})
	var once sync.Once
	sink := gst.NewPad("sink", gst.PadSink)
	sink.SetChainFunc(func(_ *gst.Pad, b *gst.Buffer) error { b.Unref(); return nil })
	sink.SetEventFunc(func(_ *gst.Pad, ev gst.Event) bool {
		if _, ok := ev.(*gst.EOSEvent); ok {
			once.Do(func() { close(eos) })
		}
		return true
	})
	s.SrcPad().Link(sink)
	sink.SetActive(true)
	if r := s.SetState(gst.StateReady); r != gst.StateChangeSuccess {
		t.Fatalf("READY: %v", r)
	}
	s.Seek(-1.0, gst.FormatBytes, 0, gst.SeekTypeSet, 100, gst.SeekTypeSet, -1)
	if r := s.SetState(gst.StatePaused); r != gst.StateChangeSuccess {
		t.Fatalf("PAUSED: %v", r)
	}
	<-eos
	if r := s.SetState(gst.StateNull); r != gst.StateChangeSuccess {
		t.Fatalf("NULL: %v", r)
	}
	sink.SetActive(false)
}

// Ported from tests/check/elements/filesrc.c test_pull.
func TestFileSrcPull(t *testing.T) {
	p, data := filesrcTestFile(t, 5000)
	s := newFileSrc(t, p)
	sink := gst.NewPad("sink", gst.PadSink)
	s.SrcPad().Link(sink)
	if r := s.SetState(gst.StateReady); r != gst.StateChangeSuccess {
		t.Fatalf("READY: %v", r)
	}
	pad := s.StaticPad("src")
	if !pad.ActivateMode(gst.PadModePull, true) {
		t.Fatal("pull activation failed")
	}
	if r := s.SetState(gst.StatePlaying); r != gst.StateChangeSuccess {
		t.Fatalf("PLAYING: %v", r)
	}
	q := gst.NewSeekingQuery(gst.FormatBytes)
	if !s.Query(q) || !q.Seekable || q.SegmentStart != 0 {
		t.Fatalf("seeking query = %+v", q)
	}
	stop := uint64(q.SegmentEnd)
	if stop != uint64(len(data)) {
		t.Fatalf("segment end %d, want %d", stop, len(data))
	}
	get := func(off uint64, size uint) (*gst.Buffer, error) { return pad.GetRange(off, size) }
	b1, err := get(0, 100)
	if err != nil || b1.Size() != 100 {
		t.Fatalf("0+100: %v", err)
	}
	b2, err := get(0, 50)
	if err != nil || b2.Size() != 50 || !bytes.Equal(b1.Bytes()[:50], b2.Bytes()) {
		t.Fatalf("0+50: %v", err)
	}
	b2, err = get(50, 50)
	if err != nil || b2.Size() != 50 || !bytes.Equal(b1.Bytes()[50:], b2.Bytes()) {
		t.Fatalf("50+50: %v", err)
	}
	cases := []struct {
		off  uint64
		size uint
		want int // -1 = EOS
	}{
		{stop - 10, 10, 10},
		{stop - 10, 20, 10},
		{stop - 1, 0, 0},
		{stop - 1, 10, 1},
		{stop, 0, -1},
		{stop, 10, -1},
		{stop + 10, 0, -1},
		{stop + 10, 10, -1},
	}
	for _, c := range cases {
		b, err := get(c.off, c.size)
		if c.want < 0 {
			if !errors.Is(err, gst.ErrEOS) {
				t.Errorf("getrange(%d,%d) = %v, want EOS", c.off, c.size, err)
			}
			continue
		}
		if err != nil || b.Size() != c.want {
			t.Errorf("getrange(%d,%d) = %v, want %d bytes", c.off, c.size, err, c.want)
			continue
		}
		if !bytes.Equal(b.Bytes(), data[c.off:int(c.off)+c.want]) {
			t.Errorf("getrange(%d,%d): wrong data", c.off, c.size)
		}
	}
	if r := s.SetState(gst.StateNull); r != gst.StateChangeSuccess {
		t.Fatalf("NULL: %v", r)
	}
}

// Ported from tests/check/elements/filesrc.c test_coverage, plus the
// directory case.
func TestFileSrcErrors(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		name, location string
		code           gst.ResourceErrorCode
		text, debug    string
	}{
		{"missing", "/i/do/not/exist", gst.ResourceErrorNotFound, "Resource not found.", `No such file "/i/do/not/exist"`},
		{"directory", dir, gst.ResourceErrorOpenRead, `"` + dir + `" is a directory.`, ""},
		{"none", "", gst.ResourceErrorNotFound, "No file name specified for reading.", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := newFileSrc(t, c.location)
			bus := gst.NewBus()
			s.SetBus(bus)
			if got, _ := s.Get("location"); got != c.location {
				t.Fatalf("location = %q", got)
			}
			if r := s.SetState(gst.StatePlaying); r != gst.StateChangeFailure {
				t.Fatalf("PLAYING with bad location = %v, want FAILURE", r)
			}
			if m := bus.Pop(); m == nil || m.Type() != gst.MessageStateChanged {
				t.Fatalf("first message %v, want state-changed", m)
			}
			m := bus.Pop()
			em, ok := m.(*gst.ErrorMessage)
			if !ok {
				t.Fatalf("second message %v, want error", m)
			}
			if em.Src() != gst.Object(s) {
				t.Errorf("error from %v, want filesrc", gst.MessageSrcName(em))
			}
			if !errors.Is(em.Err, &gst.ResourceError{Code: c.code}) {
				t.Errorf("error %v, want resource code %d", em.Err, c.code)
			}
			if d := debugDetail(t, em.Debug, "plugins/coreelements/filesrc.go"); em.Err.Error() != c.text || d != c.debug {
				t.Errorf("error %q (%q), want %q (%q)", em.Err.Error(), d, c.text, c.debug)
			}
			s.SetState(gst.StateNull)
		})
	}
}

func TestFileSrcUnreadable(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root can read anything")
	}
	p, _ := filesrcTestFile(t, 10)
	if err := os.Chmod(p, 0); err != nil {
		t.Fatal(err)
	}
	s := newFileSrc(t, p)
	bus := gst.NewBus()
	s.SetBus(bus)
	if r := s.SetState(gst.StatePaused); r != gst.StateChangeFailure {
		t.Fatalf("PAUSED = %v", r)
	}
	m := bus.PopFiltered(gst.MessageError)
	em, _ := m.(*gst.ErrorMessage)
	want := `Could not open file "` + p + `" for reading.`
	if em == nil || em.Err.Error() != want || !errors.Is(em.Err, &gst.ResourceError{Code: gst.ResourceErrorOpenRead}) {
		t.Fatalf("error %v, want %q", m, want)
	}
	if d := debugDetail(t, em.Debug, "plugins/coreelements/filesrc.go"); d != "system error: Permission denied" {
		t.Errorf("debug %q", em.Debug)
	}
}

// debugDetail checks that an ERROR's debug text starts where
// gst_element_message_full puts the origin, "file(line): function ():
// path", with file the element's source, and returns what follows ":\n"
// ("" when nothing does).
func debugDetail(t *testing.T, debug, file string) string {
	t.Helper()
	if !strings.HasPrefix(debug, file+"(") {
		t.Errorf("debug %q does not start with the origin in %s", debug, file)
	}
	_, detail, _ := strings.Cut(debug, ":\n")
	return detail
}

// Ported from tests/check/elements/filesrc.c test_uri_interface.
func TestFileSrcURIInterface(t *testing.T) {
	s := newFileSrc(t, "")
	if err := s.Set("location", "/i/do/not/exist"); err != nil {
		t.Fatal(err)
	}
	if u := s.URI(); u != "file:///i/do/not/exist" {
		t.Errorf("URI = %q", u)
	}
	steps := []struct{ uri, wantURI, wantLoc string }{
		{"file:///foo/bar", "file:///foo/bar", "/foo/bar"},
		{"file://localhost/foo/baz", "file:///foo/baz", "/foo/baz"},
	}
	for _, st := range steps {
		if err := s.SetURI(st.uri); err != nil {
			t.Fatalf("SetURI(%q): %v", st.uri, err)
		}
		if u := s.URI(); u != st.wantURI {
			t.Errorf("URI after %q = %q, want %q", st.uri, u, st.wantURI)
		}
		if l, _ := s.Get("location"); l != st.wantLoc {
			t.Errorf("location after %q = %q, want %q", st.uri, l, st.wantLoc)
		}
	}
	s.Set("location", "/foo/b?r")
	if l, _ := s.Get("location"); l != "/foo/b?r" {
		t.Errorf("location = %q", l)
	}
	if u := s.URI(); u != "file:///foo/b%3Fr" {
		t.Errorf("URI = %q, want file:///foo/b%%3Fr", u)
	}
	if err := s.SetURI("file://hostname/foo/foo"); err == nil {
		t.Error("SetURI with a foreign host succeeded")
	}
	if err := s.SetURI("http://example.com/x"); err == nil {
		t.Error("SetURI with http succeeded")
	}
	if err := s.SetURI("file://"); err != nil {
		t.Fatal(err)
	}
	if l, _ := s.Get("location"); l != "" {
		t.Errorf("location after file:// = %q", l)
	}
	p, _ := filesrcTestFile(t, 100)
	s.Set("location", p)
	if !s.StaticPad("src").ActivateMode(gst.PadModePull, true) {
		t.Fatal("pull activation")
	}
	if r := s.SetState(gst.StatePlaying); r != gst.StateChangeSuccess {
		t.Fatalf("PLAYING: %v", r)
	}
	if err := s.Set("location", "/wrong"); err == nil {
		t.Error("setting location in PLAYING succeeded")
	}
	if err := s.SetURI("file:///wrong"); err == nil {
		t.Error("SetURI in PLAYING succeeded")
	}
	if l, _ := s.Get("location"); l != p {
		t.Errorf("location = %q, want %q", l, p)
	}
	s.SetState(gst.StateNull)
}

// Ported from tests/check/elements/filesrc.c test_uri_query.
func TestFileSrcURIQuery(t *testing.T) {
	s := newFileSrc(t, "")
	query := func() string {
		q := gst.NewURIQuery()
		if !s.Query(q) {
			t.Fatal("URI query failed")
		}
		return q.URI
	}
	cases := []struct{ loc, uri string }{
		{"/i/do/not/exist", "file:///i/do/not/exist"},
		{"/i/do/not/../exist", "file:///i/do/exist"},
		{"/i/do/not/.././exist", "file:///i/do/exist"},
		{"/i/./do/not/../exist", "file:///i/do/exist"},
		{"/i/do/./not/../exist", "file:///i/do/exist"},
		{"/i/do/not/./../exist", "file:///i/do/exist"},
		{"/i/./do/./././././exist", "file:///i/do/exist"},
		{"/i/do/not/../../exist", "file:///i/exist"},
		{"/i/../not/../exist", "file:///exist"},
		{"/i/./d\303\266/not/../exist", "file:///i/d%C3%B6/exist"},
	}
	for _, c := range cases {
		if err := s.Set("location", c.loc); err != nil {
			t.Fatal(err)
		}
		if u := query(); u != c.uri {
			t.Errorf("location %q: URI %q, want %q", c.loc, u, c.uri)
		}
	}
	for _, rel := range []string{"foo", "foo/../bar", "./foo", "../foo", "foo/./bar"} {
		s.Set("location", rel)
		u := query()
		fn, err := filesrcFilenameFromURI(u)
		if err != nil || !filepath.IsAbs(fn) {
			t.Errorf("relative %q: URI %q -> %q, %v", rel, u, fn, err)
		}
	}
	// a malformed URI with raw ISO-8859-1 bytes comes back escaped
	if err := s.SetURI("file:///M\366t\366r"); err != nil {
		t.Fatal(err)
	}
	if u := query(); u != "file:///M%F6t%F6r" {
		t.Errorf("URI %q, want file:///M%%F6t%%F6r", u)
	}
}

func TestFileSrcURIHandlerLookup(t *testing.T) {
	corecTestRegister(t)
	if c := gst.DefaultRegistry().URIHandler(gst.URISource, "file"); c != FileSrcClass {
		t.Fatalf("URI handler for file source = %v", c)
	}
}

func FuzzFileSrcFilenameFromURI(f *testing.F) {
	for _, s := range []string{"file:///foo/bar", "file://localhost/a%20b", "file:///%2F", "file:", "file://x", "%", "file:///%zz"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, uri string) {
		loc, err := filesrcFilenameFromURI(uri)
		if err != nil {
			return
		}
		if !filepath.IsAbs(loc) {
			t.Fatalf("%q gave relative %q", uri, loc)
		}
	})
}
