package base_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"go.uber.org/goleak"

	"github.com/gstmini/gstmini/base"
	"github.com/gstmini/gstmini/gst"
)

var (
	srcTmpl  = gst.MustNewPadTemplate("src", gst.PadSrc, gst.PadAlways, gst.NewCapsAny())
	sinkTmpl = gst.MustNewPadTemplate("sink", gst.PadSink, gst.PadAlways, gst.NewCapsAny())
)

// testSrc produces buffers of 10 ms in TIME format, forever unless
// num-buffers is set.
type testSrc struct {
	base.PushSrc
	n    atomic.Int64
	pool *gst.BufferPool
}

var testSrcClass = &gst.ElementClass{
	Name:         "testsrc",
	PadTemplates: []*gst.PadTemplate{srcTmpl},
	Properties:   base.SrcProperties(),
	New:          func() gst.Element { return &testSrc{} },
}

func (s *testSrc) Constructed() error {
	if err := s.PushSrc.Constructed(); err != nil {
		return err
	}
	s.SetFormat(gst.FormatTime)
	return nil
}

func (s *testSrc) IsSeekable() bool { return true }

func (s *testSrc) Create(ctx context.Context) (*gst.Buffer, error) {
	var buf *gst.Buffer
	if s.pool != nil {
		b, err := s.pool.AcquireBuffer(nil)
		if err != nil {
			return nil, err
		}
		buf = b
	} else {
		buf = gst.NewBuffer()
	}
	seg := s.Segment()
	pos := seg.Position
	if pos == ^uint64(0) {
		pos = 0
	}
	buf.PTS = gst.ClockTime(pos)
	buf.Duration = 10 * gst.Millisecond
	s.n.Add(1)
	return buf, nil
}

// countSink counts rendered buffers and records their PTS.
type countSink struct {
	base.Sink
	mu       sync.Mutex
	pts      []gst.ClockTime
	count    atomic.Int64
	prerolls atomic.Int64
	record   bool
}

var countSinkClass = &gst.ElementClass{
	Name:         "countsink",
	PadTemplates: []*gst.PadTemplate{sinkTmpl},
	Properties:   base.SinkProperties(),
	New:          func() gst.Element { return &countSink{record: true} },
}

func (s *countSink) Render(buf *gst.Buffer) error {
	s.count.Add(1)
	if s.record {
		s.mu.Lock()
		s.pts = append(s.pts, buf.PTS)
		s.mu.Unlock()
	}
	return nil
}

func (s *countSink) Preroll(buf *gst.Buffer) error {
	s.prerolls.Add(1)
	return s.Sink.Preroll(buf)
}

func (s *countSink) rendered() []gst.ClockTime {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]gst.ClockTime(nil), s.pts...)
}

func newElement[T gst.Element](t testing.TB, class *gst.ElementClass, name string) T {
	t.Helper()
	el := class.New()
	if err := gst.InitElement(el, class, name); err != nil {
		t.Fatal(err)
	}
	return el.(T)
}

func newPipeline(t testing.TB, link bool) (*gst.Pipeline, *testSrc, *countSink) {
	t.Helper()
	p := gst.NewPipeline("p")
	src := newElement[*testSrc](t, testSrcClass, "src")
	sink := newElement[*countSink](t, countSinkClass, "sink")
	if err := p.Add(src, sink); err != nil {
		t.Fatal(err)
	}
	if link {
		if err := gst.Link(src, sink); err != nil {
			t.Fatal(err)
		}
	}
	return p, src, sink
}

func waitMsg(t *testing.T, p *gst.Pipeline, types gst.MessageType) gst.Message {
	t.Helper()
	m := p.Bus().TimedPopFiltered(5*gst.Second, types|gst.MessageError)
	if m == nil {
		t.Fatalf("timeout waiting for %v", types)
	}
	if em, ok := m.(*gst.ErrorMessage); ok && types&gst.MessageError == 0 {
		t.Fatalf("error: %v (%s)", em.Err, em.Debug)
	}
	return m
}

func stop(t *testing.T, p *gst.Pipeline) {
	t.Helper()
	if r := p.SetState(gst.StateNull); r != gst.StateChangeSuccess {
		t.Fatalf("NULL: %v", r)
	}
}

func TestPipelineEOS(t *testing.T) {
	defer goleak.VerifyNone(t)
	p, src, sink := newPipeline(t, true)
	if err := src.Set("num-buffers", 5); err != nil {
		t.Fatal(err)
	}
	p.SetState(gst.StatePlaying)
	waitMsg(t, p, gst.MessageEOS)
	if st := p.CurrentState(); st != gst.StatePlaying {
		t.Errorf("EOS posted in state %v, want PLAYING", st)
	}
	if n := sink.count.Load(); n != 5 {
		t.Errorf("rendered %d, want 5 (num-buffers)", n)
	}
	if n := sink.prerolls.Load(); n != 1 {
		t.Errorf("prerolled %d, want 1", n)
	}
	want := []gst.ClockTime{0, 10 * gst.Millisecond, 20 * gst.Millisecond, 30 * gst.Millisecond, 40 * gst.Millisecond}
	got := sink.rendered()
	for i := range want {
		if i >= len(got) || got[i] != want[i] {
			t.Fatalf("pts = %v, want %v", got, want)
		}
	}
	stop(t, p)
}

func TestStateReturns(t *testing.T) {
	defer goleak.VerifyNone(t)
	p, _, _ := newPipeline(t, true)
	steps := []struct {
		state gst.State
		want  gst.StateChangeReturn
	}{
		{gst.StateReady, gst.StateChangeSuccess},
		{gst.StatePaused, gst.StateChangeAsync},
		{gst.StatePlaying, gst.StateChangeSuccess},
		{gst.StatePaused, gst.StateChangeSuccess},
		{gst.StateReady, gst.StateChangeSuccess},
		{gst.StateNull, gst.StateChangeSuccess},
	}
	for _, st := range steps {
		r := p.SetState(st.state)
		if r == gst.StateChangeAsync && st.want == gst.StateChangeAsync {
			r2, cur, _ := p.State(5 * gst.Second)
			if r2 != gst.StateChangeSuccess || cur != st.state {
				t.Fatalf("State() after ASYNC %v = %v,%v", st.state, r2, cur)
			}
			continue
		}
		if r == gst.StateChangeAsync {
			r, _, _ = p.State(5 * gst.Second)
		}
		if r != st.want {
			t.Fatalf("SetState(%v) = %v, want %v", st.state, r, st.want)
		}
	}
}

func TestSinkAloneAsync(t *testing.T) {
	defer goleak.VerifyNone(t)
	sink := newElement[*countSink](t, countSinkClass, "")
	bus := gst.NewBus()
	sink.SetBus(bus)
	if r := sink.SetState(gst.StatePaused); r != gst.StateChangeAsync {
		t.Fatalf("PAUSED = %v, want ASYNC", r)
	}
	if r, _, _ := sink.State(0); r != gst.StateChangeAsync {
		t.Fatalf("State(0) = %v, want ASYNC", r)
	}
	if r := sink.SetState(gst.StateNull); r != gst.StateChangeSuccess {
		t.Fatalf("NULL = %v", r)
	}
	if err := sink.Set("async", false); err != nil {
		t.Fatal(err)
	}
	if r := sink.SetState(gst.StatePaused); r != gst.StateChangeSuccess {
		t.Fatalf("PAUSED with async=false = %v, want SUCCESS", r)
	}
	sink.SetState(gst.StateNull)
}

type liveSrc struct{ testSrc }

var liveSrcClass = &gst.ElementClass{
	Name:         "livesrc",
	PadTemplates: []*gst.PadTemplate{srcTmpl},
	Properties:   base.SrcProperties(),
	New:          func() gst.Element { return &liveSrc{} },
}

func (s *liveSrc) Constructed() error {
	if err := s.testSrc.Constructed(); err != nil {
		return err
	}
	s.SetLive(true)
	return nil
}

func TestLiveNoPreroll(t *testing.T) {
	defer goleak.VerifyNone(t)
	p := gst.NewPipeline("p")
	src := newElement[*liveSrc](t, liveSrcClass, "src")
	sink := newElement[*countSink](t, countSinkClass, "sink")
	p.Add(src, sink)
	if err := gst.Link(src, sink); err != nil {
		t.Fatal(err)
	}
	src.Set("num-buffers", 3)
	if r := p.SetState(gst.StatePaused); r != gst.StateChangeNoPreroll {
		t.Fatalf("PAUSED = %v, want NO_PREROLL", r)
	}
	if n := src.n.Load(); n != 0 {
		t.Fatalf("live source produced %d buffers in PAUSED", n)
	}
	p.SetState(gst.StatePlaying)
	waitMsg(t, p, gst.MessageEOS)
	if r := p.SetState(gst.StatePaused); r != gst.StateChangeNoPreroll {
		t.Fatalf("PLAYING→PAUSED = %v, want NO_PREROLL", r)
	}
	if n := sink.count.Load(); n != 3 {
		t.Errorf("rendered %d, want 3", n)
	}
	stop(t, p)
}

func TestNotLinkedError(t *testing.T) {
	defer goleak.VerifyNone(t)
	p := gst.NewPipeline("p")
	src := newElement[*testSrc](t, testSrcClass, "src")
	p.Add(src)
	p.SetState(gst.StatePlaying)
	m := waitMsg(t, p, gst.MessageError)
	em, ok := m.(*gst.ErrorMessage)
	if !ok {
		t.Fatalf("got %T, want error", m)
	}
	if !errors.Is(em.Err, gst.ErrNotLinked) || !strings.Contains(em.Debug, "not-linked") {
		t.Errorf("error = %v / %q, want not-linked", em.Err, em.Debug)
	}
	stop(t, p)
}

func TestSegmentSeekDone(t *testing.T) {
	defer goleak.VerifyNone(t)
	p, src, sink := newPipeline(t, true)
	p.SetState(gst.StatePaused)
	if r, _, _ := p.State(5 * gst.Second); r != gst.StateChangeSuccess {
		t.Fatalf("preroll: %v", r)
	}
	ok := src.Seek(1.0, gst.FormatTime, gst.SeekFlagFlush|gst.SeekFlagSegment,
		gst.SeekTypeSet, int64(100*gst.Millisecond), gst.SeekTypeSet, int64(150*gst.Millisecond))
	if !ok {
		t.Fatal("seek refused")
	}
	p.SetState(gst.StatePlaying)
	m := waitMsg(t, p, gst.MessageSegmentDone)
	sd := m.(*gst.SegmentDoneMessage)
	if sd.Format != gst.FormatTime || sd.Position != int64(150*gst.Millisecond) {
		t.Errorf("segment-done %v %d", sd.Format, sd.Position)
	}
	got := sink.rendered()
	if len(got) == 0 || got[len(got)-1] != 140*gst.Millisecond {
		t.Errorf("rendered %v, want last 140ms", got)
	}
	for _, pts := range got {
		if pts < 100*gst.Millisecond && pts != 0 {
			t.Errorf("buffer %v before the seek position rendered after flush", pts)
		}
	}
	stop(t, p)
}

func TestFlushSeekResetsPosition(t *testing.T) {
	defer goleak.VerifyNone(t)
	p, src, sink := newPipeline(t, true)
	src.Set("num-buffers", 1000000)
	p.SetState(gst.StatePaused)
	p.State(5 * gst.Second)
	if !src.SeekSimple(gst.FormatTime, gst.SeekFlagFlush, int64(2*gst.Second)) {
		t.Fatal("seek refused")
	}
	if r, _, _ := p.State(5 * gst.Second); r != gst.StateChangeSuccess {
		t.Fatalf("re-preroll after flush: %v", r)
	}
	seg := sink.Segment()
	if seg.Start != uint64(2*gst.Second) || seg.Base != 0 {
		t.Errorf("sink segment start %d base %d after flushing seek", seg.Start, seg.Base)
	}
	pos, ok := sink.QueryPosition(gst.FormatTime)
	if !ok || pos != int64(2*gst.Second) {
		t.Errorf("position %d %v, want 2s", pos, ok)
	}
	stop(t, p)
}

func TestSinkDropsOutOfSegment(t *testing.T) {
	defer goleak.VerifyNone(t)
	sink := newElement[*countSink](t, countSinkClass, "")
	sink.Set("async", false)
	bus := gst.NewBus()
	sink.SetBus(bus)
	sink.SetState(gst.StatePlaying)
	pad := sink.SinkPad()
	pad.SendEvent(gst.NewStreamStartEvent("s"))
	seg := gst.NewSegment(gst.FormatTime)
	seg.Start = uint64(gst.Second)
	seg.Stop = uint64(2 * gst.Second)
	pad.SendEvent(gst.NewSegmentEvent(seg))
	for _, ts := range []gst.ClockTime{0, 500 * gst.Millisecond, gst.Second, 1500 * gst.Millisecond, 2 * gst.Second, 3 * gst.Second} {
		b := gst.NewBuffer()
		b.PTS, b.Duration = ts, 100*gst.Millisecond
		if err := pad.Chain(b); err != nil {
			t.Fatal(err)
		}
	}
	want := []gst.ClockTime{gst.Second, 1500 * gst.Millisecond}
	got := sink.rendered()
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("rendered %v, want %v", got, want)
	}
	if !pad.SendEvent(gst.NewEOSEvent()) {
		t.Fatal("EOS refused")
	}
	if m := bus.TimedPopFiltered(gst.Second, gst.MessageEOS); m == nil {
		t.Error("no EOS message in PLAYING")
	}
	sink.SetState(gst.StateNull)
}

func TestOverrideHonoured(t *testing.T) {
	sink := newElement[*countSink](t, countSinkClass, "")
	bus := gst.NewBus()
	sink.SetBus(bus)
	sink.SetState(gst.StatePaused)
	pad := sink.SinkPad()
	done := make(chan struct{})
	go func() {
		defer close(done)
		pad.SendEvent(gst.NewStreamStartEvent("s"))
		pad.SendEvent(gst.NewSegmentEvent(gst.NewSegment(gst.FormatTime)))
		b := gst.NewBuffer()
		b.PTS = 0
		pad.Chain(b)
	}()
	if r, _, _ := sink.State(5 * gst.Second); r != gst.StateChangeSuccess {
		t.Fatalf("preroll: %v", r)
	}
	if sink.prerolls.Load() != 1 {
		t.Error("Preroll override not called")
	}
	if smp, _ := sink.Get("last-sample"); smp == nil {
		t.Error("no last-sample after preroll")
	} else {
		smp.(*gst.Sample).Buffer.Unref()
	}
	sink.SetState(gst.StatePlaying)
	<-done
	if sink.count.Load() != 1 {
		t.Error("buffer not rendered in PLAYING")
	}
	sink.SetState(gst.StateNull)
}

func TestProperties(t *testing.T) {
	sink := newElement[*countSink](t, countSinkClass, "")
	for _, c := range []struct{ name, want string }{
		{"sync", "true"}, {"max-lateness", "-1"}, {"qos", "false"}, {"async", "true"},
		{"ts-offset", "0"}, {"enable-last-sample", "true"}, {"blocksize", "4096"},
		{"render-delay", "0"}, {"throttle-time", "0"}, {"max-bitrate", "0"},
		{"processing-deadline", "20000000"},
	} {
		got, err := sink.GetString(c.name)
		if err != nil || got != c.want {
			t.Errorf("%s = %q %v, want %q", c.name, got, err, c.want)
		}
	}
	src := newElement[*testSrc](t, testSrcClass, "")
	for _, c := range []struct{ name, want string }{
		{"blocksize", "4096"}, {"num-buffers", "-1"}, {"typefind", "false"},
		{"do-timestamp", "false"}, {"automatic-eos", "true"},
	} {
		got, err := src.GetString(c.name)
		if err != nil || got != c.want {
			t.Errorf("%s = %q %v, want %q", c.name, got, err, c.want)
		}
	}
	if err := src.SetString("num-buffers", "7"); err != nil {
		t.Fatal(err)
	}
	if v, _ := src.Get("num-buffers"); v != 7 {
		t.Errorf("num-buffers = %v", v)
	}
}

func BenchmarkPushSrcToSink(b *testing.B) {
	pool := gst.NewBufferPool()
	cfg := pool.Config()
	cfg.Size, cfg.MinBuffers, cfg.MaxBuffers = 0, 4, 0
	if err := pool.SetConfig(cfg); err != nil {
		b.Fatal(err)
	}
	if err := pool.SetActive(true); err != nil {
		b.Fatal(err)
	}
	p := gst.NewPipeline("bench")
	src := newElement[*testSrc](b, testSrcClass, "src")
	src.pool = pool
	sink := newElement[*countSink](b, countSinkClass, "sink")
	sink.record = false
	sink.Set("enable-last-sample", false)
	sink.Set("sync", false)
	p.Add(src, sink)
	gst.Link(src, sink)
	src.Set("num-buffers", b.N)
	b.ReportAllocs()
	b.ResetTimer()
	p.SetState(gst.StatePlaying)
	if m := p.Bus().TimedPopFiltered(60*gst.Second, gst.MessageEOS|gst.MessageError); m == nil || m.Type() != gst.MessageEOS {
		b.Fatalf("no EOS: %v", m)
	}
	b.StopTimer()
	p.SetState(gst.StateNull)
	pool.SetActive(false)
	if got := sink.count.Load(); got != int64(b.N) {
		b.Fatalf("rendered %d, want %d", got, b.N)
	}
}
