package coreelements

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	"github.com/gstmini/gstmini/gst"
	"github.com/gstmini/gstmini/gsttest"
)

func queue2Make(t testing.TB) *Queue2 {
	t.Helper()
	return fakesrcMake[*Queue2](t, "queue2", "")
}

func queue2Set(t testing.TB, el gst.Element, kv ...any) {
	t.Helper()
	for i := 0; i < len(kv); i += 2 {
		if err := el.Set(kv[i].(string), kv[i+1]); err != nil {
			t.Fatal(err)
		}
	}
}

// queue2WaitBuffering pops the next BUFFERING (or ERROR) message and
// checks its percentage (CHECK_FOR_BUFFERING_MSG of the C tests).
func queue2WaitBuffering(t *testing.T, bus *gst.Bus, want int) {
	t.Helper()
	m := bus.TimedPopFiltered(10*gst.Second, gst.MessageBuffering|gst.MessageError)
	bm, ok := m.(*gst.BufferingMessage)
	if !ok {
		t.Fatalf("got %v, want a BUFFERING message", m)
	}
	if bm.Percent != want {
		t.Fatalf("buffering %d%%, want %d%%", bm.Percent, want)
	}
}

func queue2RunToEOS(t *testing.T, launch string) gst.Element {
	t.Helper()
	fakesrcRegisterDefault(t)
	p, err := gst.ParseLaunch(launch)
	if err != nil {
		t.Fatal(err)
	}
	if r := p.SetState(gst.StatePlaying); r == gst.StateChangeFailure {
		t.Fatal("PLAYING failed")
	}
	m := p.(*gst.Pipeline).Bus().TimedPopFiltered(20*gst.Second, gst.MessageEOS|gst.MessageError)
	if m == nil || m.Type() != gst.MessageEOS {
		t.Fatalf("%s: got %v, want EOS", launch, m)
	}
	return p
}

func TestQueue2CheckElement(t *testing.T) {
	fakesrcRegisterDefault(t)
	gsttest.CheckElement(t, "queue2")
}

// Ported from tests/check/elements/queue2.c: test_simple_create_destroy,
// plus the property defaults of gst-inspect-1.0 queue2.
func TestQueue2Defaults(t *testing.T) {
	q := queue2Make(t)
	want := map[string]any{
		"max-size-buffers": uint(100), "max-size-bytes": uint(2097152), "max-size-time": uint64(2000000000),
		"use-buffering": false, "use-tags-bitrate": false, "use-rate-estimate": true, "use-bitrate-query": true,
		"low-percent": 1, "high-percent": 99, "low-watermark": 0.01, "high-watermark": 0.99,
		"temp-template": "", "temp-location": "", "temp-remove": true, "ring-buffer-max-size": uint64(0),
		"avg-in-rate": int64(0), "bitrate": uint64(0), "current-level-buffers": uint(0),
	}
	for name, v := range want {
		got, err := q.Get(name)
		if err != nil || got != v {
			t.Errorf("%s = %v (%v), want %v", name, got, err, v)
		}
	}
}

// The low/high-percent and low/high-watermark coupling of
// test_watermark_and_fill_level.
func TestQueue2PercentWatermarkCoupling(t *testing.T) {
	q := queue2Make(t)
	queue2Set(t, q, "low-watermark", 0.01, "high-watermark", 0.10)
	if lp, _ := q.Get("low-percent"); lp != 1 {
		t.Errorf("low-percent = %v, want 1", lp)
	}
	if hp, _ := q.Get("high-percent"); hp != 10 {
		t.Errorf("high-percent = %v, want 10", hp)
	}
	queue2Set(t, q, "high-percent", 50)
	if hw, _ := q.Get("high-watermark"); hw != 0.5 {
		t.Errorf("high-watermark = %v, want 0.5", hw)
	}
}

// Ported from tests/check/elements/queue2.c: test_simple_pipeline,
// test_simple_pipeline_ringbuffer, test_small_ring_buffer (with sync=false:
// the C test's datarate=1000 makes it a 200 s stream) and a download.
func TestQueue2SimplePipeline(t *testing.T) {
	dir := t.TempDir()
	for _, launch := range []string{
		"fakesrc num-buffers=256 sizetype=3 ! queue2 ! fakesink",
		"fakesrc num-buffers=256 sizetype=3 ! queue2 ring-buffer-max-size=51200 ! fakesink",
		"fakesrc sizetype=2 sizemax=4096 num-buffers=100 datarate=1000 ! queue2 ring-buffer-max-size=1000 name=q2 ! fakesink",
		"fakesrc num-buffers=256 sizetype=3 ! queue2 temp-template=" + dir + "/q2-XXXXXX ! fakesink",
		"fakesrc num-buffers=256 sizetype=3 ! queue2 ring-buffer-max-size=8000 temp-template=" + dir + "/q2-XXXXXX ! fakesink",
	} {
		t.Run(launch, func(t *testing.T) {
			p := queue2RunToEOS(t, launch)
			p.SetState(gst.StateNull)
		})
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "q2-*")); len(left) != 0 {
		t.Errorf("temp files left behind: %v", left)
	}
}

// Ported from tests/check/elements/queue2.c:
// test_simple_shutdown_while_running(_ringbuffer).
func TestQueue2ShutdownWhileRunning(t *testing.T) {
	fakesrcRegisterDefault(t)
	for _, rb := range []uint64{0, 1024 * 1024} {
		for i := 0; i < 5; i++ {
			p, err := gst.ParseLaunch("fakesrc format=time sizetype=2 sizemax=10 ! queue2 name=q ! fakesink name=s")
			if err != nil {
				t.Fatal(err)
			}
			pl := p.(*gst.Pipeline)
			queue2Set(t, pl.ByName("q"), "ring-buffer-max-size", rb)
			pl.SetState(gst.StatePaused)
			m := pl.Bus().TimedPopFiltered(10*gst.Second, gst.MessageAsyncDone|gst.MessageError)
			if m == nil || m.Type() != gst.MessageAsyncDone {
				t.Fatalf("got %v, want ASYNC_DONE", m)
			}
			pl.SetState(gst.StatePlaying)
			// shut down only the sink: the queue gets a flushing return
			pl.ByName("s").SetState(gst.StateNull)
			if r := pl.SetState(gst.StateNull); r != gst.StateChangeSuccess {
				t.Fatalf("NULL = %v", r)
			}
		}
	}
}

// queue2BlockedPipeline is the setup of test_watermark_and_fill_level and
// test_bitrate_query: a floating source pad → queue2 → fakesink whose
// sink pad blocks data (queries pass), in PAUSED.
func queue2BlockedPipeline(t *testing.T, bitrate uint32, kv ...any) (*gst.Pipeline, *Queue2, *gst.Pad) {
	fakesrcRegisterDefault(t)
	p := gst.NewPipeline("pipeline")
	q := queue2Make(t)
	sink := fakesrcMake[*FakeSink](t, "fakesink", "")
	if err := p.Add(q, sink); err != nil {
		t.Fatal(err)
	}
	sink.SinkPad().AddProbe(gst.ProbeTypeBlock|gst.ProbeTypeAllBoth, func(_ *gst.Pad, info *gst.PadProbeInfo) gst.PadProbeReturn {
		if info.Type&gst.ProbeTypeQueryBoth != 0 {
			if bq, ok := info.Data.(*gst.BitrateQuery); ok && bitrate != 0 {
				bq.NominalBitrate = bitrate
				return gst.ProbeHandled
			}
			return gst.ProbePass
		}
		return gst.ProbeOK
	})
	queue2Set(t, q, kv...)
	in := gst.NewPad("dummysrc", gst.PadSrc)
	if r := in.Link(q.StaticPad("sink")); r != gst.PadLinkOK {
		t.Fatalf("link: %v", r)
	}
	in.SetActive(true)
	in.PushEvent(gst.NewStreamStartEvent("test"))
	in.PushEvent(gst.NewSegmentEvent(gst.NewSegment(gst.FormatTime)))
	if err := gst.Link(q, sink); err != nil {
		t.Fatal(err)
	}
	p.SetState(gst.StatePaused)
	t.Cleanup(func() { p.SetState(gst.StateNull) })
	return p, q, in
}

// Ported from tests/check/elements/queue2.c: test_watermark_and_fill_level.
func TestQueue2WatermarkAndFillLevel(t *testing.T) {
	p, q, in := queue2BlockedPipeline(t, 0, "use-buffering", true, "max-size-bytes", uint(1000*1000),
		"max-size-buffers", uint(0), "max-size-time", uint64(0), "low-watermark", 0.01, "high-watermark", 0.10)
	bus := p.Bus()
	queue2WaitBuffering(t, bus, 0)
	if err := in.Push(gst.NewBufferAllocate(80 * 1000)); err != nil {
		t.Fatal(err)
	}
	// 80000 of 1000000 bytes is 8%, normalized by the 10% high watermark
	queue2WaitBuffering(t, bus, 80)
	queue2Set(t, q, "max-size-bytes", uint(20*1000*1000), "low-watermark", 0.0001, "high-watermark", 0.005)
	// 80000/20000000 = 0.4% against 10%, then against 0.5%
	queue2WaitBuffering(t, bus, 4)
	queue2WaitBuffering(t, bus, 80)
	bq := gst.NewBufferingQuery(gst.FormatPercent)
	if !q.Query(bq) || bq.Percent != 80 || !bq.Busy || bq.Mode != gst.BufferingStream {
		t.Errorf("buffering query: ok percent %d busy %v mode %v", bq.Percent, bq.Busy, bq.Mode)
	}
}

// Ported from tests/check/elements/queue2.c: test_bitrate_query.
func TestQueue2BitrateQuery(t *testing.T) {
	p, q, in := queue2BlockedPipeline(t, 8*100*1000, "use-buffering", true, "use-bitrate-query", true,
		"max-size-bytes", uint(0), "max-size-buffers", uint(0), "max-size-time", uint64(gst.Second))
	bus := p.Bus()
	queue2WaitBuffering(t, bus, 0)
	if err := in.Push(gst.NewBufferAllocate(80 * 1000)); err != nil {
		t.Fatal(err)
	}
	// 80000 bytes at 100000 bytes/s is 80% of max-size-time
	queue2WaitBuffering(t, bus, 80)
	if br, _ := q.Get("bitrate"); br != uint64(800000) {
		t.Errorf("bitrate = %v, want 800000", br)
	}
}

// Ported from tests/check/elements/queue2.c:
// test_ready_paused_buffering_message.
func TestQueue2ReadyPausedBufferingMessage(t *testing.T) {
	fakesrcRegisterDefault(t)
	src := fakesrcMake[*FakeSrc](t, "fakesrc", "")
	queue2Set(t, src, "format", gst.FormatBytes, "filltype", 2, "sizetype", 2, "sizemax", 4096, "datarate", 4096)
	q := queue2Make(t)
	// posting fails before q is in a bin: the next post must still happen
	queue2Set(t, q, "use-buffering", true)
	sink := fakesrcMake[*FakeSink](t, "fakesink", "")
	p := gst.NewPipeline("pipeline")
	if err := p.Add(src, q, sink); err != nil {
		t.Fatal(err)
	}
	if err := gst.LinkElements(src, q, sink); err != nil {
		t.Fatal(err)
	}
	defer p.SetState(gst.StateNull)
	p.SetState(gst.StatePaused)
	queue2WaitBuffering(t, p.Bus(), 0)
}

// Ported from tests/check/elements/queue2.c: test_percent_overflow.
func TestQueue2PercentOverflow(t *testing.T) {
	q := queue2Make(t)
	sinkpad, srcpad := q.StaticPad("sink"), q.StaticPad("src")
	blocked := srcpad.AddProbe(gst.ProbeTypeBlock|gst.ProbeTypeBuffer, func(*gst.Pad, *gst.PadProbeInfo) gst.PadProbeReturn {
		return gst.ProbeOK
	})
	queue2Set(t, q, "use-buffering", true, "use-rate-estimate", false, "max-size-buffers", uint(0),
		"max-size-time", uint64(2*gst.Second), "max-size-bytes", uint(0))
	q.SetState(gst.StatePaused)
	sinkpad.SendEvent(gst.NewStreamStartEvent("test"))
	sinkpad.SendEvent(gst.NewSegmentEvent(gst.NewSegment(gst.FormatTime)))
	for i := 0; i < 20; i++ {
		b := gst.NewBufferAllocate(1024)
		ts := gst.ClockTime(18446744071709551616) + gst.ClockTime(i)*gst.Second/10
		b.PTS, b.DTS, b.Duration = ts, ts, gst.Second/10
		if err := sinkpad.Chain(b); err != nil {
			t.Fatalf("buffer %d: %v", i, err)
		}
	}
	if lvl, _ := q.Get("current-level-time"); lvl.(uint64) > uint64(2*gst.Second) {
		t.Errorf("current-level-time %v > 2s", lvl)
	}
	bq := gst.NewBufferingQuery(gst.FormatTime)
	if !q.Query(bq) || bq.Percent < 0 || bq.Percent > 100 {
		t.Errorf("percent %d out of range", bq.Percent)
	}
	srcpad.RemoveProbe(blocked)
	q.SetState(gst.StateNull)
}

// Ported from tests/check/elements/queue2.c: test_time_level_before_output.
func TestQueue2TimeLevelBeforeOutput(t *testing.T) {
	q := queue2Make(t)
	queue2Set(t, q, "max-size-time", uint64(5*gst.Second))
	sinkpad, srcpad := q.StaticPad("sink"), q.StaticPad("src")
	srcpad.AddProbe(gst.ProbeTypeBlockDownstream, nil)
	if r := q.SetState(gst.StatePlaying); r != gst.StateChangeSuccess {
		t.Fatalf("PLAYING = %v", r)
	}
	defer q.SetState(gst.StateNull)
	sinkpad.SendEvent(gst.NewStreamStartEvent("test"))
	sinkpad.SendEvent(gst.NewCapsEvent(gst.NewCapsEmptySimple("foo/x-bar")))
	sinkpad.SendEvent(gst.NewSegmentEvent(gst.NewSegment(gst.FormatBytes)))
	b1 := gst.NewBufferAllocate(4)
	b1.PTS, b1.Duration = 25*gst.Second, gst.Second
	sinkpad.Chain(b1)
	if lvl, _ := q.Get("current-level-time"); lvl != uint64(gst.Second) {
		t.Fatalf("level %v, want 1s", lvl)
	}
	sinkpad.Chain(gst.NewBufferAllocate(4))
	if lvl, _ := q.Get("current-level-time"); lvl != uint64(gst.Second) {
		t.Fatalf("level %v after a buffer without time, want 1s", lvl)
	}
}

// Ported from tests/check/elements/queue2.c: test_filled_read. A full
// ring buffer is read (pull mode) while upstream waits for room.
func TestQueue2FilledRead(t *testing.T) {
	q := queue2Make(t)
	sinkpad, srcpad := q.StaticPad("sink"), q.StaticPad("src")
	queue2Set(t, q, "ring-buffer-max-size", uint64(5*1024), "use-buffering", false,
		"max-size-buffers", uint(0), "max-size-time", uint64(0), "max-size-bytes", uint(4*1024))
	if !srcpad.ActivateMode(gst.PadModePull, true) {
		t.Fatal("pull activation refused")
	}
	q.SetState(gst.StatePlaying)
	sinkpad.SendEvent(gst.NewStreamStartEvent("test"))
	sinkpad.SendEvent(gst.NewSegmentEvent(gst.NewSegment(gst.FormatBytes)))
	if err := sinkpad.Chain(gst.NewBufferAllocate(4 * 1024)); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- sinkpad.Chain(gst.NewBufferAllocate(1024)) }()
	buf, err := srcpad.GetRange(1024, 4*1024)
	if err != nil {
		t.Fatal(err)
	}
	if buf.Size() != 4*1024 {
		t.Errorf("size %d, want 4096", buf.Size())
	}
	q.SetState(gst.StateNull)
	<-done
}

// queue2PullFixture is a queue2 in download mode with its source pad in
// pull mode, fed from a floating source pad that answers the BYTES
// duration query with size when it is not 0.
func queue2PullFixture(t *testing.T, size int64, kv ...any) (*Queue2, *gst.Pad) {
	q := queue2Make(t)
	queue2Set(t, q, kv...)
	in := gst.NewPad("dummysrc", gst.PadSrc)
	in.SetQueryFunc(func(p *gst.Pad, query gst.Query) bool {
		if dq, ok := query.(*gst.DurationQuery); ok && dq.Format == gst.FormatBytes && size > 0 {
			dq.Duration = size
			return true
		}
		return p.QueryDefault(query)
	})
	if r := in.Link(q.StaticPad("sink")); r != gst.PadLinkOK {
		t.Fatalf("link: %v", r)
	}
	if r := q.SetState(gst.StatePaused); r == gst.StateChangeFailure {
		t.Fatal("PAUSED failed")
	}
	if !q.StaticPad("src").ActivateMode(gst.PadModePull, true) {
		t.Fatal("pull activation refused")
	}
	in.SetActive(true)
	in.PushEvent(gst.NewStreamStartEvent("test"))
	in.PushEvent(gst.NewSegmentEvent(gst.NewSegment(gst.FormatBytes)))
	t.Cleanup(func() { q.SetState(gst.StateNull) })
	return q, in
}

// Download mode: GET_RANGE reads back what was written to the temporary
// file, waits for data still to come, and reports EOS past the end.
func TestQueue2DownloadPull(t *testing.T) {
	dir := t.TempDir()
	q, in := queue2PullFixture(t, 10000, "temp-template", filepath.Join(dir, "dl-XXXXXX"), "temp-remove", false)
	loc, _ := q.Get("temp-location")
	if filepath.Dir(loc.(string)) != dir || len(filepath.Base(loc.(string))) != len("dl-XXXXXX") {
		t.Fatalf("temp-location %q", loc)
	}
	data := make([]byte, 10000)
	for i := range data {
		data[i] = byte(i * 7)
	}
	if err := in.Push(gst.NewBufferMemdup(data[:6000])); err != nil {
		t.Fatal(err)
	}
	srcpad := q.StaticPad("src")
	buf, err := srcpad.GetRange(1000, 2000)
	if err != nil || !bytes.Equal(buf.Bytes(), data[1000:3000]) || buf.Offset != 1000 || buf.OffsetEnd != 3000 {
		t.Fatalf("getrange 1000+2000: %v", err)
	}
	// a read past the written data waits for it
	got := make(chan *gst.Buffer, 1)
	go func() {
		b, _ := srcpad.GetRange(5000, 3000)
		got <- b
	}()
	if err := in.Push(gst.NewBufferMemdup(data[6000:])); err != nil {
		t.Fatal(err)
	}
	if b := <-got; b == nil || !bytes.Equal(b.Bytes(), data[5000:8000]) {
		t.Fatal("waiting getrange returned wrong data")
	}
	bq := gst.NewBufferingQuery(gst.FormatBytes)
	if !q.Query(bq) || bq.Mode != gst.BufferingDownload || bq.Stop != 10000 ||
		len(bq.Ranges) != 1 || bq.Ranges[0] != (gst.BufferingRange{Start: 0, Stop: 10000}) {
		t.Errorf("buffering query: mode %v stop %d ranges %v", bq.Mode, bq.Stop, bq.Ranges)
	}
	in.PushEvent(gst.NewEOSEvent())
	// the read is cut to the upstream size
	if b, err := srcpad.GetRange(9000, 4096); err != nil || !bytes.Equal(b.Bytes(), data[9000:]) {
		t.Fatalf("last read: %v", err)
	}
	if _, err := srcpad.GetRange(10000, 10); !errors.Is(err, gst.ErrEOS) {
		t.Fatalf("read past the end: %v, want EOS", err)
	}
	q.SetState(gst.StateNull)
	if onDisk, err := os.ReadFile(loc.(string)); err != nil || !bytes.Equal(onDisk, data) {
		t.Fatalf("temp file (temp-remove=false): %v", err)
	}
}

// Download mode in push mode: the source task pushes the file back in
// 4096-byte blocks; the partial last block is lost, as with GStreamer
// 1.22 (gst-launch-1.0 filesrc of 10000 bytes ! queue2 temp-template=..
// ! filesink writes 8192 bytes).
func TestQueue2DownloadPush(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.bin")
	out := filepath.Join(dir, "out.bin")
	data := bytes.Repeat([]byte("0123456789"), 1000)
	if err := os.WriteFile(in, data, 0o644); err != nil {
		t.Fatal(err)
	}
	p := queue2RunToEOS(t, "filesrc location="+in+" ! queue2 temp-template="+dir+"/t-XXXXXX ! filesink location="+out)
	p.SetState(gst.StateNull)
	got, err := os.ReadFile(out)
	if err != nil || !bytes.Equal(got, data[:8192]) {
		t.Fatalf("output %d bytes (%v), want the first 8192", len(got), err)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "t-*")); len(left) != 0 {
		t.Errorf("temp-remove=true left %v", left)
	}
}

// A memory queue2 refuses pull mode; a bad temp-template fails
// READY→PAUSED with a resource error.
func TestQueue2ModeErrors(t *testing.T) {
	q := queue2Make(t)
	q.SetState(gst.StatePaused)
	if q.StaticPad("src").ActivateMode(gst.PadModePull, true) {
		t.Error("memory queue2 accepted pull mode")
	}
	q.SetState(gst.StateNull)

	q = queue2Make(t)
	queue2Set(t, q, "temp-template", filepath.Join(t.TempDir(), "no-x"))
	bus := gst.NewBus()
	q.SetBus(bus)
	if r := q.SetState(gst.StatePaused); r != gst.StateChangeFailure {
		t.Fatalf("PAUSED = %v, want FAILURE", r)
	}
	var re *gst.ResourceError
	m, ok := bus.PopFiltered(gst.MessageError).(*gst.ErrorMessage)
	if !ok || !errors.As(m.Err, &re) || re.Code != gst.ResourceErrorOpenRead {
		t.Errorf("message %v, want a resource open-read error", m)
	}
	q.SetState(gst.StateNull)
}

// Memory mode with use-buffering: 0% at start, rising levels, 100% on EOS;
// serialized queries are refused while posting buffering messages.
func TestQueue2BufferingMessagesToEOS(t *testing.T) {
	h := gsttest.NewWithElement(t, queue2Make(t), "sink", "src")
	q := h.Element().(*Queue2)
	bus := gst.NewBus()
	q.SetBus(bus)
	queue2Set(t, q, "use-buffering", true, "use-rate-estimate", false, "max-size-buffers", uint(10))
	h.Play()
	var mu sync.Mutex
	var percents []int
	for _, m := range func() []gst.Message {
		for i := 0; i < 3; i++ {
			if err := h.Push(gst.NewBufferAllocate(10)); err != nil {
				t.Fatal(err)
			}
		}
		h.PushEvent(gst.NewEOSEvent())
		gsttest.PullEventOf[*gst.EOSEvent](h)
		var ms []gst.Message
		for m := bus.Pop(); m != nil; m = bus.Pop() {
			ms = append(ms, m)
		}
		return ms
	}() {
		if bm, ok := m.(*gst.BufferingMessage); ok {
			mu.Lock()
			percents = append(percents, bm.Percent)
			mu.Unlock()
		}
	}
	if len(percents) < 2 || !slices.Contains(percents, 0) || percents[len(percents)-1] != 100 {
		t.Fatalf("percents %v, want 0 … 100", percents)
	}
	for i := 1; i < len(percents); i++ {
		if percents[i] == percents[i-1] {
			t.Errorf("percent %d posted twice in a row: %v", percents[i], percents)
		}
	}
	if q.StaticPad("sink").Query(gst.NewDrainQuery()) {
		t.Error("serialized query accepted while use-buffering")
	}
}
