package gsttest_test

import (
	"bytes"
	"errors"
	"os"
	"sync/atomic"
	"testing"

	"go.uber.org/goleak"

	"github.com/gstmini/gstmini/base"
	"github.com/gstmini/gstmini/gst"
	"github.com/gstmini/gstmini/gsttest"
)

func TestMain(m *testing.M) {
	if err := gst.DefaultRegistry().Register(&ipClass, &copyClass, &passClass); err != nil {
		panic(err)
	}
	code := m.Run()
	if code == 0 {
		if err := goleak.Find(); err != nil {
			os.Stderr.WriteString("goleak: " + err.Error() + "\n")
			code = 1
		}
	}
	os.Exit(code)
}

func templates() []*gst.PadTemplate {
	return []*gst.PadTemplate{
		gst.MustNewPadTemplate("sink", gst.PadSink, gst.PadAlways, gst.NewCapsAny()),
		gst.MustNewPadTemplate("src", gst.PadSrc, gst.PadAlways, gst.NewCapsAny()),
	}
}

// ipXF adds one to every byte in place; drops buffers with PTS dropPTS.
type ipXF struct {
	base.Transform
	dropPTS gst.ClockTime
	calls   atomic.Int32
}

func (e *ipXF) TransformIP(buf *gst.Buffer) error {
	e.calls.Add(1)
	if e.dropPTS.IsValid() && buf.PTS == e.dropPTS {
		return base.ErrDropped
	}
	info, ok := buf.Map(gst.MapWrite)
	if !ok {
		return errors.New("map failed")
	}
	for i := range info.Data {
		info.Data[i]++
	}
	buf.Unmap(&info)
	return nil
}

var ipClass = gst.ElementClass{
	Name: "testipxf", PadTemplates: templates(), Properties: base.TransformProperties(),
	Metadata: gst.ElementMetadata{LongName: "In-place test transform", Klass: "Filter", Description: "adds one", Author: "test"},
	New:      func() gst.Element { return &ipXF{dropPTS: gst.ClockTimeNone} },
}

// copyXF writes the input bytes reversed into a new buffer of twice the
// size (the second half zero) and records the caps it was asked about.
type copyXF struct {
	base.Transform
	capsCalls atomic.Int32
	setIn     atomic.Pointer[gst.Caps]
	setOut    atomic.Pointer[gst.Caps]
	outCaps   *gst.Caps
}

func (e *copyXF) TransformBuffer(in, out *gst.Buffer) error {
	src := in.Bytes()
	info, ok := out.Map(gst.MapWrite)
	if !ok {
		return errors.New("map failed")
	}
	for i, c := range src {
		info.Data[len(src)-1-i] = c
	}
	out.Unmap(&info)
	return nil
}

func (e *copyXF) TransformCaps(dir gst.PadDirection, caps, filter *gst.Caps) *gst.Caps {
	e.capsCalls.Add(1)
	if dir == gst.PadSink && e.outCaps != nil {
		return e.outCaps
	}
	return e.Transform.TransformCaps(dir, caps, filter)
}

func (e *copyXF) SetCaps(in, out *gst.Caps) error {
	e.setIn.Store(in)
	e.setOut.Store(out)
	return nil
}

func (e *copyXF) TransformSize(dir gst.PadDirection, caps *gst.Caps, size uint, othercaps *gst.Caps) (uint, bool) {
	return 2 * size, true
}

var copyClass = gst.ElementClass{
	Name: "testcopyxf", PadTemplates: templates(), Properties: base.TransformProperties(),
	New: func() gst.Element { return &copyXF{} },
}

// passXF has no transform function: always passthrough.
type passXF struct{ base.Transform }

var passClass = gst.ElementClass{
	Name: "testpassxf", PadTemplates: templates(), Properties: base.TransformProperties(),
	New: func() gst.Element { return &passXF{} },
}

func TestHarnessInPlace(t *testing.T) {
	h := gsttest.New(t, "testipxf")
	h.SetSrcCaps(fixedCaps())
	in := gst.NewBufferMemdup([]byte{1, 2, 3})
	in.PTS = 10
	out := h.PushAndPull(in)
	if !bytes.Equal(out.Bytes(), []byte{2, 3, 4}) || out.PTS != 10 {
		t.Fatalf("got %v pts %v", out.Bytes(), out.PTS)
	}
	if out != in {
		t.Error("a writable input buffer should be transformed in place")
	}
	// a shared input is copied before the in-place transform
	shared := gst.NewBufferMemdup([]byte{7})
	shared.Ref()
	out = h.PushAndPull(shared)
	if out == shared || !bytes.Equal(shared.Bytes(), []byte{7}) || !bytes.Equal(out.Bytes(), []byte{8}) {
		t.Errorf("shared buffer modified or not copied: in %v out %v", shared.Bytes(), out.Bytes())
	}
	if h.BuffersReceived() != 2 || h.BuffersInQueue() != 0 {
		t.Errorf("received %d in queue %d", h.BuffersReceived(), h.BuffersInQueue())
	}
}

func TestHarnessDropped(t *testing.T) {
	el := &ipXF{dropPTS: 20}
	if err := gst.InitElement(el, &ipClass, "drop"); err != nil {
		t.Fatal(err)
	}
	h := gsttest.NewWithElement(t, el, "sink", "src")
	h.SetSrcCaps(fixedCaps())
	for _, pts := range []gst.ClockTime{10, 20, 30} {
		b := h.NewBuffer(1)
		b.PTS = pts
		if err := h.Push(b); err != nil {
			t.Fatalf("push %v: %v", pts, err)
		}
	}
	if el.calls.Load() != 3 || h.BuffersInQueue() != 2 {
		t.Fatalf("calls %d, queued %d", el.calls.Load(), h.BuffersInQueue())
	}
	if b := h.Pull(); b.PTS != 10 || b.HasFlags(gst.BufferFlagDiscont) {
		t.Errorf("first: %v discont=%v", b.PTS, b.HasFlags(gst.BufferFlagDiscont))
	}
	if b := h.Pull(); b.PTS != 30 || !b.HasFlags(gst.BufferFlagDiscont) {
		t.Errorf("after a drop the next buffer is DISCONT: %v %v", b.PTS, b.Flags)
	}
}

func TestHarnessCopyModeAndCaps(t *testing.T) {
	h := gsttest.New(t, "testcopyxf")
	el := h.Element().(*copyXF)
	outCaps := gst.NewCaps(gst.NewStructure("test/out"))
	el.outCaps = outCaps
	inCaps := gst.NewCaps(gst.NewStructure("test/in"))
	h.SetSrcCaps(inCaps)
	if el.capsCalls.Load() == 0 {
		t.Error("TransformCaps was not used for negotiation")
	}
	if si, so := el.setIn.Load(), el.setOut.Load(); si == nil || so == nil || !si.IsEqual(inCaps) || !so.IsEqual(outCaps) {
		t.Errorf("SetCaps got %p %p", el.setIn.Load(), el.setOut.Load())
	}
	ev := gsttest.PullEventOf[*gst.CapsEvent](h)
	if !ev.Caps.IsEqual(outCaps) {
		t.Errorf("downstream caps event carries %v, want the transformed caps", ev.Caps)
	}
	in := gst.NewBufferMemdup([]byte{1, 2, 3})
	in.PTS, in.Duration = 5, 6
	in.SetFlags(gst.BufferFlagGap)
	out := h.PushAndPull(in)
	if out == in {
		t.Fatal("copy mode returned the input buffer")
	}
	if !bytes.Equal(out.Bytes(), []byte{3, 2, 1, 0, 0, 0}) {
		t.Errorf("output %v (size from TransformSize)", out.Bytes())
	}
	if out.PTS != 5 || out.Duration != 6 || out.HasFlags(gst.BufferFlagGap) {
		t.Errorf("metadata: pts %v dur %v flags %v", out.PTS, out.Duration, out.Flags)
	}
}

func TestHarnessPassthroughAndEvents(t *testing.T) {
	h := gsttest.New(t, "testpassxf")
	h.SetSrcCaps(fixedCaps())
	in := h.NewBuffer(4)
	if out := h.PushAndPull(in); out != in {
		t.Error("passthrough must push the input buffer")
	}
	if _, ok := gsttest.PullEventOf[*gst.StreamStartEvent](h), true; !ok {
		t.Fatal("no stream-start")
	}
	gsttest.PullEventOf[*gst.SegmentEvent](h)
	if !h.PushEvent(gst.NewEOSEvent()) {
		t.Fatal("EOS refused")
	}
	bufs, ok := h.PullUntilEOS()
	if !ok || len(bufs) != 0 {
		t.Errorf("PullUntilEOS: %d buffers, eos %v", len(bufs), ok)
	}
	if !h.PushUpstreamEvent(gst.NewQoSEvent(gst.QoSTypeOverflow, 1.0, 0, 0)) {
		t.Fatal("upstream event refused")
	}
	if _, ok := h.PullUpstreamEvent().(*gst.QoSEvent); !ok || h.UpstreamEventsInQueue() != 0 {
		t.Error("QoS event not forwarded upstream")
	}
	if h.EventsReceived() < 4 {
		t.Errorf("events received %d", h.EventsReceived())
	}
}

func TestHarnessQoSDrop(t *testing.T) {
	h := gsttest.New(t, "testipxf")
	h.SetString("qos", "true")
	h.SetSrcCaps(fixedCaps())
	h.PushUpstreamEvent(gst.NewQoSEvent(gst.QoSTypeUnderflow, 1.0, 100, 1000)) // earliest 1100
	for _, pts := range []gst.ClockTime{1000, 1100, 1200} {
		b := h.NewBuffer(1)
		b.PTS = pts
		if err := h.Push(b); err != nil {
			t.Fatal(err)
		}
	}
	if b := h.Pull(); b.PTS != 1200 || !b.HasFlags(gst.BufferFlagDiscont) || h.BuffersInQueue() != 0 {
		t.Errorf("late buffers not dropped: got %v, %d left", b.PTS, h.BuffersInQueue())
	}
}

func TestHarnessLatencyAndDrop(t *testing.T) {
	h := gsttest.New(t, "testipxf")
	h.SetUpstreamLatency(40 * gst.Millisecond)
	if got := h.QueryLatency(); got != 40*gst.Millisecond {
		t.Errorf("latency %v", got)
	}
	h.SetDropBuffers(true)
	h.SetSrcCaps(fixedCaps())
	for range 3 {
		if err := h.Push(h.NewBuffer(2)); err != nil {
			t.Fatal(err)
		}
	}
	if h.BuffersReceived() != 3 || h.BuffersInQueue() != 0 {
		t.Errorf("received %d queued %d", h.BuffersReceived(), h.BuffersInQueue())
	}
	if _, ok := h.TryPull(); ok {
		t.Error("TryPull returned a dropped buffer")
	}
}

func TestHarnessTakeAllData(t *testing.T) {
	h := gsttest.New(t, "testpassxf")
	h.SetSrcCaps(fixedCaps())
	h.Push(gst.NewBufferMemdup([]byte("ab")))
	h.Push(gst.NewBufferMemdup([]byte("cd")))
	if got := string(h.TakeAllData()); got != "abcd" {
		t.Errorf("got %q", got)
	}
}

func TestHarnessPullTimeout(t *testing.T) {
	ft := &fakeTB{TB: t}
	h := gsttest.New(ft, "testpassxf")
	h.Timeout = 1 // ns: expires at once
	func() {
		defer func() { recover() }()
		h.Pull()
	}()
	if !ft.failed {
		t.Error("Pull without a buffer did not fail the test")
	}
}

// fakeTB records Fatalf instead of stopping the real test.
type fakeTB struct {
	testing.TB
	failed bool
}

func (f *fakeTB) Fatalf(string, ...any) { f.failed = true; panic("fatal") }
func (f *fakeTB) Helper()               {}

func TestCheckElements(t *testing.T) {
	r := gst.NewRegistry()
	if err := r.Register(&ipClass, &copyClass, &passClass); err != nil {
		t.Fatal(err)
	}
	gsttest.CheckAllElements(t, r)
	gsttest.CheckElement(t, "testipxf")
}

func fixedCaps() *gst.Caps { return gst.NewCaps(gst.NewStructure("test/x")) }

func TestHarnessRefusedCaps(t *testing.T) {
	ft := &fakeTB{TB: t}
	h := gsttest.New(ft, "testpassxf")
	func() {
		defer func() { recover() }()
		h.SetSrcCaps(gst.NewCapsAny()) // ANY cannot be fixated
	}()
	if !ft.failed {
		t.Error("SetSrcCaps with unfixable caps did not fail the test")
	}
}
