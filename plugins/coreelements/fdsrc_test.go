package coreelements

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/gstmini/gstmini/gst"
	"github.com/gstmini/gstmini/gsttest"
)

func fdsrcPipe(t *testing.T) (r, w *os.File) {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close(); w.Close() })
	return r, w
}

func TestFdSrcCheckElement(t *testing.T) {
	r, _ := fdsrcPipe(t)
	c := *FdSrcClass
	c.New = func() gst.Element { return &FdSrc{newFD: int(r.Fd()), fd: -1, size: -1, uri: "fd://0"} }
	reg := gst.NewRegistry()
	if err := reg.Register(&c); err != nil {
		t.Fatal(err)
	}
	gsttest.CheckAllElements(t, reg)
}

// Ported from tests/check/elements/fdsrc.c test_num_buffers.
func TestFdSrcNumBuffers(t *testing.T) {
	corecTestRegister(t)
	r, w := fdsrcPipe(t)
	h := gsttest.NewWithPadNames(t, "fdsrc", "", "src")
	h.Set("num-buffers", 3)
	h.Set("fd", int(r.Fd()))
	data := make([]byte, 3*4096)
	for i := range data {
		data[i] = byte(i)
	}
	if _, err := w.Write(data); err != nil {
		t.Fatal(err)
	}
	h.Play()
	bufs, ok := h.PullUntilEOS()
	if !ok || len(bufs) != 3 {
		t.Fatalf("got %d buffers (eos %v), want 3", len(bufs), ok)
	}
	var got []byte
	for _, b := range bufs {
		got = append(got, b.Bytes()...)
	}
	if !bytes.Equal(got, data[:len(got)]) {
		t.Fatal("wrong data")
	}
}

func TestFdSrcEOSAndURI(t *testing.T) {
	corecTestRegister(t)
	r, w := fdsrcPipe(t)
	h := gsttest.NewWithPadNames(t, "fdsrc", "", "src")
	s := h.Element().(*FdSrc)
	if err := s.SetURI("http://x"); err == nil {
		t.Error("http URI accepted")
	}
	if err := s.SetURI("fd://-3"); err == nil {
		t.Error("negative fd accepted")
	}
	if err := s.SetURI("fd://" + strconv.Itoa(int(r.Fd())) + "?size=5"); err != nil {
		t.Fatal(err)
	}
	if s.URI() != "fd://"+strconv.Itoa(int(r.Fd())) {
		t.Errorf("URI %q", s.URI())
	}
	w.Write([]byte("hello"))
	w.Close()
	h.Play()
	bufs, ok := h.PullUntilEOS()
	if !ok {
		t.Fatal("no EOS at end of pipe")
	}
	var got []byte
	for _, b := range bufs {
		got = append(got, b.Bytes()...)
	}
	if string(got) != "hello" {
		t.Fatalf("got %q", got)
	}
	if d, ok := s.QueryDuration(gst.FormatBytes); !ok || d != 5 {
		t.Errorf("duration %d %v, want 5 from the URI", d, ok)
	}
}

// Ported from tests/check/elements/fdsrc.c test_nonseeking.
func TestFdSrcNonSeeking(t *testing.T) {
	r, w := fdsrcPipe(t)
	el, _ := FdSrcClass.Create("")
	s := el.(*FdSrc)
	s.Set("num-buffers", 3)
	s.Set("fd", int(r.Fd()))
	sink := gst.NewPad("sink", gst.PadSink)
	sink.SetChainFunc(func(_ *gst.Pad, b *gst.Buffer) error { b.Unref(); return nil })
	sink.SetEventFunc(func(*gst.Pad, gst.Event) bool { return true })
	s.SrcPad().Link(sink)
	sink.SetActive(true)
	if ret := s.SetState(gst.StatePaused); ret != gst.StateChangeSuccess {
		t.Fatalf("PAUSED %v", ret)
	}
	w.Write(make([]byte, 4096))
	q := gst.NewSeekingQuery(gst.FormatBytes)
	if !s.Query(q) || q.Seekable {
		t.Fatalf("pipe seekable=%v", q.Seekable)
	}
	if ret := s.SetState(gst.StateNull); ret != gst.StateChangeSuccess {
		t.Fatalf("NULL %v", ret)
	}
	sink.SetActive(false)
}

// Ported from tests/check/elements/fdsrc.c test_seeking.
func TestFdSrcSeeking(t *testing.T) {
	p, _ := filesrcTestFile(t, 1000)
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	el, _ := FdSrcClass.Create("")
	s := el.(*FdSrc)
	s.Set("fd", int(f.Fd()))
	sink := gst.NewPad("sink", gst.PadSink)
	sink.SetChainFunc(func(_ *gst.Pad, b *gst.Buffer) error { b.Unref(); return nil })
	sink.SetEventFunc(func(*gst.Pad, gst.Event) bool { return true })
	s.SrcPad().Link(sink)
	sink.SetActive(true)
	if ret := s.SetState(gst.StatePaused); ret != gst.StateChangeSuccess {
		t.Fatalf("PAUSED %v", ret)
	}
	q := gst.NewSeekingQuery(gst.FormatBytes)
	if !s.Query(q) || !q.Seekable {
		t.Fatalf("file seekable=%v", q.Seekable)
	}
	s.SetState(gst.StateNull)
	sink.SetActive(false)
}

// A read blocked on an empty pipe is interrupted by going to NULL, and the
// timeout posts GstFdSrcTimeout element messages while waiting.
func TestFdSrcTimeoutAndFlush(t *testing.T) {
	r, _ := fdsrcPipe(t)
	el, _ := FdSrcClass.Create("")
	s := el.(*FdSrc)
	bus := gst.NewBus()
	s.SetBus(bus)
	s.Set("fd", int(r.Fd()))
	s.Set("timeout", uint64(1000)) // 1 ms
	sink := gst.NewPad("sink", gst.PadSink)
	sink.SetChainFunc(func(_ *gst.Pad, b *gst.Buffer) error { b.Unref(); return nil })
	sink.SetEventFunc(func(*gst.Pad, gst.Event) bool { return true })
	s.SrcPad().Link(sink)
	sink.SetActive(true)
	s.SetState(gst.StatePlaying)
	m := bus.TimedPopFiltered(10*gst.Second, gst.MessageElement)
	em, ok := m.(*gst.ElementMessage)
	if !ok || !em.Structure().HasName("GstFdSrcTimeout") {
		t.Fatalf("message %v, want GstFdSrcTimeout", m)
	}
	if v, _ := em.Structure().Uint64("timeout"); v != 1000 {
		t.Errorf("timeout field %d", v)
	}
	if ret := s.SetState(gst.StateNull); ret != gst.StateChangeSuccess {
		t.Fatalf("NULL %v", ret)
	}
	sink.SetActive(false)
}

func TestFdSinkCheckElement(t *testing.T) {
	_, w := fdsrcPipe(t)
	c := *FdSinkClass
	c.New = func() gst.Element { return &FdSink{fd: int(w.Fd()), uri: "fd://1"} }
	reg := gst.NewRegistry()
	if err := reg.Register(&c); err != nil {
		t.Fatal(err)
	}
	gsttest.CheckAllElements(t, reg)
}

func TestFdSinkWriteAndSeek(t *testing.T) {
	p := filepath.Join(t.TempDir(), "o")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	el, _ := FdSinkClass.Create("")
	s := el.(*FdSink)
	src := gst.NewPad("src", gst.PadSrc)
	src.Link(s.SinkPad())
	src.SetActive(true)
	defer src.SetActive(false)
	if err := s.SetURI("fd://" + strconv.Itoa(int(f.Fd()))); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Get("fd"); got != int(f.Fd()) {
		t.Fatalf("fd = %v", got)
	}
	s.Set("async", false)
	if r := s.SetState(gst.StatePlaying); r != gst.StateChangeSuccess {
		t.Fatalf("PLAYING %v", r)
	}
	src.PushEvent(gst.NewStreamStartEvent("s"))
	var seg gst.Segment
	seg.Init(gst.FormatBytes)
	src.PushEvent(gst.NewSegmentEvent(&seg))
	src.Push(gst.NewBufferMemdup([]byte("hello world")))
	seg.Start = 6
	src.PushEvent(gst.NewSegmentEvent(&seg))
	src.Push(gst.NewBufferMemdup([]byte("WORLD")))
	q := gst.NewPositionQuery(gst.FormatBytes)
	if !s.SinkPad().Query(q) || q.Cur != 11 {
		t.Errorf("position %d", q.Cur)
	}
	src.PushEvent(gst.NewEOSEvent())
	s.SetState(gst.StateNull)
	if got, _ := os.ReadFile(p); string(got) != "hello WORLD" {
		t.Fatalf("file %q", got)
	}
	if got, _ := s.GetString("sync"); got != "false" {
		t.Errorf("sync default %q", got)
	}
}
