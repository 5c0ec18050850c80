package isomp4

import (
	"context"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/gstmini/gstmini/base"
	"github.com/gstmini/gstmini/gst"
	"github.com/gstmini/gstmini/gsttest"
)

// ---------------------------------------------------------------------------
// A source serving a byte slice, in pull mode (random access) or in push
// mode only (optionally seekable in BYTES).

type qtMemSrc struct {
	base.Src
	data     []byte
	pull     bool
	seekable bool
}

var qtMemSrcClass = &gst.ElementClass{
	Name:         "qtmemsrc",
	PadTemplates: []*gst.PadTemplate{gst.MustNewPadTemplate("src", gst.PadSrc, gst.PadAlways, gst.NewCapsAny())},
	Properties:   base.SrcProperties(),
	New:          func() gst.Element { return &qtMemSrc{} },
}

func (s *qtMemSrc) Create(_ context.Context, offset uint64, size uint) (*gst.Buffer, error) {
	if offset >= uint64(len(s.data)) {
		return nil, gst.ErrEOS
	}
	end := min(offset+uint64(size), uint64(len(s.data)))
	b := gst.NewBufferMemdup(s.data[offset:end])
	b.Offset = offset
	b.OffsetEnd = end
	return b, nil
}

func (s *qtMemSrc) Size() (uint64, bool) { return uint64(len(s.data)), true }
func (s *qtMemSrc) IsSeekable() bool     { return s.seekable }

func (s *qtMemSrc) Query(q gst.Query) bool {
	// Answered here: base.Src only reports pull mode once started, while
	// GStreamer's basesrc starts itself to answer (gst_base_src_is_random_access).
	if sq, ok := q.(*gst.SchedulingQuery); ok {
		if s.seekable {
			sq.Flags |= gst.SchedulingFlagSeekable
		}
		sq.Modes = append(sq.Modes, gst.PadModePush)
		if s.pull {
			sq.Modes = append(sq.Modes, gst.PadModePull)
		}
		return true
	}
	return s.Src.Query(q)
}

// ---------------------------------------------------------------------------
// Collecting the output of one pad.

type qtOutBuf struct {
	pts, dts, dur gst.ClockTime
	size          int
	flags         gst.BufferFlags
}

type qtTrack struct {
	name   string
	mu     sync.Mutex
	bufs   []qtOutBuf
	events []gst.Event
	caps   *gst.Caps
	done   chan struct{} // closed on EOS or SEGMENT_DONE
	closed bool
	order  *[]byte
	omu    *sync.Mutex
}

func (tr *qtTrack) chain(_ *gst.Pad, buf *gst.Buffer) error {
	tr.mu.Lock()
	tr.bufs = append(tr.bufs, qtOutBuf{buf.PTS, buf.DTS, buf.Duration, buf.Size(), buf.Flags})
	tr.mu.Unlock()
	tr.omu.Lock()
	*tr.order = append(*tr.order, tr.name[0])
	tr.omu.Unlock()
	buf.Unref()
	return nil
}

func (tr *qtTrack) event(_ *gst.Pad, ev gst.Event) bool {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	tr.events = append(tr.events, ev)
	switch e := ev.(type) {
	case *gst.CapsEvent:
		tr.caps = e.Caps
	case *gst.EOSEvent, *gst.SegmentDoneEvent:
		if !tr.closed {
			tr.closed = true
			close(tr.done)
		}
	}
	return true
}

// rearm prepares the track for the next EOS/SEGMENT_DONE and forgets what
// was received.
func (tr *qtTrack) rearm() {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	tr.bufs, tr.events = nil, nil
	tr.done = make(chan struct{})
	tr.closed = false
}

func (tr *qtTrack) snapshot() ([]qtOutBuf, []gst.Event) {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	return append([]qtOutBuf(nil), tr.bufs...), append([]gst.Event(nil), tr.events...)
}

type qtRun struct {
	t      *testing.T
	p      *gst.Pipeline
	src    *qtMemSrc
	demux  *QTDemux
	mu     sync.Mutex
	tracks map[string]*qtTrack
	pads   chan struct{}
	order  []byte
	omu    sync.Mutex
}

func newQTElement[T gst.Element](t testing.TB, class *gst.ElementClass) T {
	t.Helper()
	el := class.New()
	if err := gst.InitElement(el, class, ""); err != nil {
		t.Fatal(err)
	}
	return el.(T)
}

// startQT plays data through qtmemsrc ! qtdemux with a collector on every
// pad the demuxer adds.
func startQT(t *testing.T, data []byte, pull, seekable bool) *qtRun {
	t.Helper()
	r := &qtRun{t: t, tracks: map[string]*qtTrack{}, pads: make(chan struct{})}
	r.p = gst.NewPipeline("p")
	r.src = newQTElement[*qtMemSrc](t, qtMemSrcClass)
	r.src.data, r.src.pull, r.src.seekable = data, pull, seekable
	r.demux = newQTElement[*QTDemux](t, QTDemuxClass)
	if err := r.p.Add(r.src, r.demux); err != nil {
		t.Fatal(err)
	}
	if err := gst.Link(r.src, r.demux); err != nil {
		t.Fatal(err)
	}
	r.demux.ConnectPadAdded(func(_ gst.Element, pad *gst.Pad) {
		tr := &qtTrack{name: pad.Name(), done: make(chan struct{}), order: &r.order, omu: &r.omu}
		sink := gst.NewPad("sink_"+pad.Name(), gst.PadSink)
		sink.SetChainFunc(tr.chain)
		sink.SetEventFunc(tr.event)
		sink.SetActive(true)
		if ret := pad.Link(sink); ret != gst.PadLinkOK {
			t.Errorf("link %s: %v", pad.Name(), ret)
		}
		r.mu.Lock()
		r.tracks[pad.Name()] = tr
		r.mu.Unlock()
	})
	r.demux.ConnectNoMorePads(func(gst.Element) { close(r.pads) })
	if ret := r.p.SetState(gst.StatePlaying); ret == gst.StateChangeFailure {
		t.Fatal("PLAYING failed")
	}
	t.Cleanup(func() { r.p.SetState(gst.StateNull) })
	return r
}

const qtTimeout = 10 * time.Second

func (r *qtRun) track(name string) *qtTrack {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.tracks[name]
}

// wait waits for no-more-pads and then for EOS/SEGMENT_DONE on all pads.
func (r *qtRun) wait() {
	r.t.Helper()
	deadline := time.After(qtTimeout)
	select {
	case <-r.pads:
	case <-deadline:
		r.t.Fatalf("no no-more-pads; bus: %v", r.busError())
	}
	r.mu.Lock()
	tracks := make([]*qtTrack, 0, len(r.tracks))
	for _, tr := range r.tracks {
		tracks = append(tracks, tr)
	}
	r.mu.Unlock()
	for _, tr := range tracks {
		tr.mu.Lock()
		done := tr.done
		tr.mu.Unlock()
		select {
		case <-done:
		case <-deadline:
			r.t.Fatalf("%s: no EOS; bus: %v", tr.name, r.busError())
		}
	}
}

func (r *qtRun) busError() gst.Message {
	return r.p.Bus().PopFiltered(gst.MessageError)
}

// waitError waits for an ERROR message.
func waitQTError(t *testing.T, p *gst.Pipeline) *gst.ErrorMessage {
	t.Helper()
	m := p.Bus().TimedPopFiltered(gst.ClockTimeFromDuration(qtTimeout), gst.MessageError)
	if m == nil {
		t.Fatal("no ERROR message")
	}
	return m.(*gst.ErrorMessage)
}

func readMovie(t testing.TB) []byte {
	t.Helper()
	data, err := os.ReadFile("../../testdata/movie.mp4")
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// ---------------------------------------------------------------------------
// Expected values for testdata/movie.mp4, from GStreamer 1.22.0 with
//
//	gst-launch-1.0 -v filesrc location=testdata/movie.mp4 ! qtdemux name=d \
//	    d.video_0 ! fakesink silent=false        (and d.audio_0 likewise)
//
// (first/last buffers, counts, caps and segment events as printed by
// fakesink's last-message), and the interleaving with
//
//	... d.video_0 ! fakesink name=v silent=false async=false \
//	    d.audio_0 ! fakesink name=a silent=false async=false
const (
	qtVideoCaps = "video/x-h264, stream-format=(string)avc, alignment=(string)au, level=(string)3, profile=(string)constrained-baseline, codec_data=(buffer)0142c01effe1001b6742c01e9e218118534d40404050000003001000000303c8f162ee01000568ce06cb20, width=(int)560, height=(int)320, framerate=(fraction)30/1, pixel-aspect-ratio=(fraction)1/1, colorimetry=(string)bt709"
	qtAudioCaps = "audio/mpeg, mpegversion=(int)4, framed=(boolean)true, stream-format=(string)raw, level=(string)2, base-profile=(string)lc, profile=(string)lc, codec_data=(buffer)1188, rate=(int)48000, channels=(int)1"
	qtOrder     = "vaavaavavaavavaavavaavaavavaavavaavavaavavaavaavavaavavaavavaavaavavaavavaavavaavavaavaavavaavavaava" +
		"vaavaavavaavavaavavaavavaavaavavaavavaavavaavaavavaavavaavavaavavaavaavavaavavaavavaavaavavaavavaava" +
		"vaavavaavaavavaavavaavavaavaavavaavavaavavaavavaavaavavaavavaavavaavaavavaavavaavavaavavaavaavavaava" +
		"vaavavaavaavavaavavaavavaavavaavaavavaavavaavavaavaavavaavavaavavaavavaavaavavaavavaavavaavaavavaava" +
		"vaavavaavavaavaavavaavavaaa"
)

type qtTrackWant struct {
	pad                 string
	caps                string
	n                   int
	segStop             uint64
	first, second, last qtOutBuf
}

var qtWant = []qtTrackWant{
	{
		pad: "video_0", caps: qtVideoCaps, n: 166, segStop: 5533333333,
		first:  qtOutBuf{pts: 0, dts: 0, dur: 33333333, size: 22055, flags: gst.BufferFlagDiscont},
		second: qtOutBuf{pts: 33333333, dts: 33333333, dur: 33333333, size: 2848, flags: gst.BufferFlagDeltaUnit},
		last:   qtOutBuf{pts: 5500000000, dts: 5500000000, dur: 33333333, size: 629, flags: gst.BufferFlagDeltaUnit},
	},
	{
		pad: "audio_0", caps: qtAudioCaps, n: 261, segStop: 5568000000,
		first:  qtOutBuf{pts: 0, dts: 0, dur: 21333333, size: 247, flags: gst.BufferFlagDiscont},
		second: qtOutBuf{pts: 21333333, dts: 21333333, dur: 21333333, size: 219},
		last:   qtOutBuf{pts: 5546666666, dts: 5546666666, dur: 21333334, size: 109},
	},
}

func checkQTBuf(t *testing.T, what string, got, want qtOutBuf) {
	t.Helper()
	const mask = gst.BufferFlagDiscont | gst.BufferFlagDeltaUnit
	if got.pts != want.pts || got.dts != want.dts || got.dur != want.dur || got.size != want.size || got.flags&mask != want.flags {
		t.Errorf("%s: got pts %d dts %d dur %d size %d flags %v, want pts %d dts %d dur %d size %d flags %v",
			what, got.pts, got.dts, got.dur, got.size, got.flags&mask, want.pts, want.dts, want.dur, want.size, want.flags)
	}
}

func checkQTMovie(t *testing.T, r *qtRun, checkOrder bool) {
	t.Helper()
	var groupID uint32
	var upstream string
	for i, w := range qtWant {
		tr := r.track(w.pad)
		if tr == nil {
			t.Fatalf("no pad %s", w.pad)
		}
		bufs, events := tr.snapshot()
		if len(bufs) != w.n {
			t.Fatalf("%s: %d buffers, want %d", w.pad, len(bufs), w.n)
		}
		checkQTBuf(t, w.pad+" first", bufs[0], w.first)
		checkQTBuf(t, w.pad+" second", bufs[1], w.second)
		checkQTBuf(t, w.pad+" last", bufs[len(bufs)-1], w.last)
		var total gst.ClockTime
		for j, b := range bufs {
			total += b.dur
			if j > 0 && b.flags&gst.BufferFlagDiscont != 0 {
				t.Errorf("%s: buffer %d has DISCONT", w.pad, j)
			}
		}
		if total != gst.ClockTime(w.segStop) {
			t.Errorf("%s: durations add up to %d, want %d", w.pad, total, w.segStop)
		}
		if got := tr.caps.String(); got != w.caps {
			t.Errorf("%s caps:\n got %s\nwant %s", w.pad, got, w.caps)
		}
		// event order: stream-start, caps, segment, ..., EOS
		if len(events) < 4 {
			t.Fatalf("%s: events %v", w.pad, events)
		}
		ss, ok := events[0].(*gst.StreamStartEvent)
		if !ok {
			t.Fatalf("%s: first event %T", w.pad, events[0])
		}
		slash := strings.LastIndex(ss.StreamID, "/")
		up, suffix := ss.StreamID[:max(slash, 0)], ss.StreamID[slash+1:]
		if want := []string{"001", "002"}[i]; suffix != want || !ss.HasGroupID {
			t.Errorf("%s: stream-id %q group %v, want suffix %s and a group id", w.pad, ss.StreamID, ss.HasGroupID, want)
		}
		if i == 0 {
			groupID, upstream = ss.GroupID, up
		} else if ss.GroupID != groupID || up != upstream {
			t.Errorf("%s: stream-id %q group %d differ from the video's (%s, %d)", w.pad, ss.StreamID, ss.GroupID, upstream, groupID)
		}
		if _, ok := events[1].(*gst.CapsEvent); !ok {
			t.Errorf("%s: second event %T", w.pad, events[1])
		}
		se, ok := events[2].(*gst.SegmentEvent)
		if !ok {
			t.Fatalf("%s: third event %T", w.pad, events[2])
		}
		if se.Segment.Start != 0 || se.Segment.Stop != w.segStop || se.Segment.Time != 0 || se.Segment.Rate != 1 || se.Segment.Base != 0 {
			t.Errorf("%s: segment %s", w.pad, se.Segment.String())
		}
		if _, ok := events[len(events)-1].(*gst.EOSEvent); !ok {
			t.Errorf("%s: last event %T, want EOS", w.pad, events[len(events)-1])
		}
	}
	if checkOrder {
		r.omu.Lock()
		order := string(r.order)
		r.omu.Unlock()
		if order != qtOrder {
			t.Errorf("interleaving differs from GStreamer's:\n got %s\nwant %s", order, qtOrder)
		}
	}
}

func TestQTDemuxPullMovie(t *testing.T) {
	defer goleak.VerifyNone(t)
	r := startQT(t, readMovie(t), true, true)
	r.wait()
	checkQTMovie(t, r, true)
	// queries
	if d, ok := r.demux.QueryDuration(gst.FormatTime); !ok || d != 5568000000 {
		t.Errorf("duration = %d, %v; want 5568000000", d, ok)
	}
	if pos, ok := r.demux.QueryPosition(gst.FormatTime); !ok || pos <= 5500000000 {
		t.Errorf("position at EOS = %d, %v", pos, ok)
	}
	q := gst.NewSeekingQuery(gst.FormatTime)
	if !r.demux.Query(q) || !q.Seekable || q.SegmentStart != 0 || q.SegmentEnd != 5568000000 {
		t.Errorf("seeking query: %+v", q)
	}
	r.p.SetState(gst.StateNull)
}

func TestQTDemuxPushMovieSeekable(t *testing.T) {
	// movie.mp4 has its moov at the end: push mode seeks upstream to it
	// and back.
	defer goleak.VerifyNone(t)
	r := startQT(t, readMovie(t), false, true)
	r.wait()
	checkQTMovie(t, r, false)
	r.p.SetState(gst.StateNull)
}

func TestQTDemuxPushMoovFirst(t *testing.T) {
	defer goleak.VerifyNone(t)
	data := moovFirst(t, readMovie(t))
	for _, pull := range []bool{false, true} {
		r := startQT(t, data, pull, pull)
		r.wait()
		// push mode goes in file order, pull mode by time
		checkQTMovie(t, r, pull)
		r.p.SetState(gst.StateNull)
	}
}

func TestQTDemuxPushNotSeekableMoovAtEnd(t *testing.T) {
	// the mdat is kept in memory until the moov comes
	defer goleak.VerifyNone(t)
	r := startQT(t, readMovie(t), false, false)
	r.wait()
	checkQTMovie(t, r, false)
	r.p.SetState(gst.StateNull)
}

func TestQTDemuxFlushingSeek(t *testing.T) {
	defer goleak.VerifyNone(t)
	r := startQT(t, readMovie(t), true, true)
	r.wait()
	for _, name := range []string{"video_0", "audio_0"} {
		r.track(name).rearm()
	}
	// KEY_UNIT seek to 2.5 s: the keyframe before it decides the position
	if !r.demux.SeekSimple(gst.FormatTime, gst.SeekFlagFlush|gst.SeekFlagKeyUnit, 2500000000) {
		t.Fatal("seek failed")
	}
	r.wait()
	vb, vev := r.track("video_0").snapshot()
	ab, _ := r.track("audio_0").snapshot()
	if len(vb) == 0 || len(ab) == 0 {
		t.Fatal("no buffers after seek")
	}
	if vb[0].flags&gst.BufferFlagDiscont == 0 || vb[0].flags&gst.BufferFlagDeltaUnit != 0 {
		t.Errorf("first video buffer after seek: flags %v, want DISCONT keyframe", vb[0].flags)
	}
	var seg *gst.SegmentEvent
	sawFlush := false
	for _, ev := range vev {
		switch e := ev.(type) {
		case *gst.FlushStopEvent:
			sawFlush = true
		case *gst.SegmentEvent:
			if seg == nil {
				seg = e
			}
		}
	}
	if !sawFlush || seg == nil {
		t.Fatalf("events after seek: %v", vev)
	}
	if gst.ClockTime(seg.Segment.Start) != vb[0].pts || seg.Segment.Time != seg.Segment.Start {
		t.Errorf("segment %s, first pts %d", seg.Segment.String(), vb[0].pts)
	}
	if vb[0].pts > 2500000000 {
		t.Errorf("key-unit seek went to %d, after the target", vb[0].pts)
	}
	if want := 166 - int(vb[0].pts/33333333); len(vb) != want && len(vb) != want+1 {
		t.Errorf("video buffers after seek %d, want about %d", len(vb), want)
	}
	// audio restarts two samples before the keyframe position (lead-in)
	if ab[0].pts > vb[0].pts || vb[0].pts-ab[0].pts > 3*21333334 {
		t.Errorf("audio starts at %d, video at %d", ab[0].pts, vb[0].pts)
	}
	r.p.SetState(gst.StateNull)
}

func TestQTDemuxAccurateSeek(t *testing.T) {
	defer goleak.VerifyNone(t)
	r := startQT(t, readMovie(t), true, true)
	r.wait()
	r.track("video_0").rearm()
	r.track("audio_0").rearm()
	if !r.demux.Seek(1.0, gst.FormatTime, gst.SeekFlagFlush|gst.SeekFlagAccurate, gst.SeekTypeSet, 3000000000, gst.SeekTypeSet, 4000000000) {
		t.Fatal("seek failed")
	}
	r.wait()
	vb, vev := r.track("video_0").snapshot()
	var seg *gst.SegmentEvent
	for _, ev := range vev {
		if e, ok := ev.(*gst.SegmentEvent); ok {
			seg = e
			break
		}
	}
	if seg == nil || seg.Segment.Start != 3000000000 || seg.Segment.Stop != 4000000000 || seg.Segment.Time != 3000000000 {
		t.Fatalf("segment after accurate seek: %v", seg)
	}
	// decoding starts at the previous keyframe; audio stops at the stop,
	// video (as in C) only stops on a keyframe at or after it
	if vb[0].pts > 3000000000 || vb[0].flags&gst.BufferFlagDeltaUnit != 0 {
		t.Errorf("first buffer pts %d flags %v", vb[0].pts, vb[0].flags)
	}
	if last := vb[len(vb)-1]; last.pts < 3966666666 {
		t.Errorf("last video pts %d, before the stop", last.pts)
	}
	ab, _ := r.track("audio_0").snapshot()
	if last := ab[len(ab)-1]; last.pts < 3978666666 || last.pts >= 4000000000 {
		t.Errorf("last audio pts %d, want the last sample before 4 s", last.pts)
	}
	r.p.SetState(gst.StateNull)
}

func TestQTDemuxSegmentSeek(t *testing.T) {
	defer goleak.VerifyNone(t)
	r := startQT(t, readMovie(t), true, true)
	r.wait()
	r.track("video_0").rearm()
	r.track("audio_0").rearm()
	// drain messages so far
	for r.p.Bus().Pop() != nil {
	}
	flags := gst.SeekFlagFlush | gst.SeekFlagSegment | gst.SeekFlagAccurate
	if !r.demux.Seek(1.0, gst.FormatTime, flags, gst.SeekTypeSet, 1000000000, gst.SeekTypeSet, 2000000000) {
		t.Fatal("seek failed")
	}
	r.wait()
	m := r.p.Bus().TimedPopFiltered(gst.ClockTimeFromDuration(qtTimeout), gst.MessageSegmentDone)
	sd, ok := m.(*gst.SegmentDoneMessage)
	if !ok || sd.Format != gst.FormatTime || sd.Position != 2000000000 {
		t.Fatalf("segment-done message: %#v", m)
	}
	for _, name := range []string{"video_0", "audio_0"} {
		_, evs := r.track(name).snapshot()
		last := evs[len(evs)-1]
		e, ok := last.(*gst.SegmentDoneEvent)
		if !ok || e.Position != 2000000000 {
			t.Errorf("%s: last event %#v, want segment-done at 2s", name, last)
		}
		for _, ev := range evs {
			if _, ok := ev.(*gst.EOSEvent); ok {
				t.Errorf("%s: EOS after a segment seek", name)
			}
		}
	}
	// loop: a non-flushing segment seek from segment-done continues
	r.track("video_0").rearm()
	r.track("audio_0").rearm()
	if !r.demux.Seek(1.0, gst.FormatTime, gst.SeekFlagSegment|gst.SeekFlagAccurate, gst.SeekTypeSet, 1000000000, gst.SeekTypeSet, 2000000000) {
		t.Fatal("second seek failed")
	}
	r.wait()
	vb, vev := r.track("video_0").snapshot()
	if len(vb) < 30 {
		t.Errorf("second loop: %d video buffers", len(vb))
	}
	for _, ev := range vev {
		if _, ok := ev.(*gst.FlushStartEvent); ok {
			t.Error("non-flushing segment seek sent flush-start")
		}
	}
	r.p.SetState(gst.StateNull)
}

func TestQTDemuxErrors(t *testing.T) {
	defer goleak.VerifyNone(t)
	movie := readMovie(t)
	random := make([]byte, 5000)
	for i := range random {
		random[i] = byte(i*7919 + i>>3)
	}
	// a file with an ftyp and a moov without traks
	noTracks := []byte{0, 0, 0, 16, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm', 0, 0, 2, 0}
	noTracks = append(noTracks, mvhdOnlyMoov()...)
	tests := []struct {
		name string
		data []byte
		msgs []string
	}{
		{"empty", nil, []string{"This file contains no playable streams."}},
		{"random", random, []string{"This file is invalid and cannot be played.", "This file contains no playable streams."}},
		{"no-tracks", noTracks, []string{"This file contains no playable streams."}},
		// push mode sees the stream end inside the moov: no playable streams
		{"truncated-moov", movie[:len(movie)-1000], []string{"This file is incomplete and cannot be played.", "This file contains no playable streams."}},
		{"mdat-only", movie[:300000], []string{"This file contains no playable streams."}},
		{"corrupt-moov", corruptMoov(movie), []string{"This file is corrupt and cannot be played.", "This file is invalid and cannot be played."}},
	}
	for _, tc := range tests {
		for _, pull := range []bool{true, false} {
			t.Run(tc.name, func(t *testing.T) {
				r := startQT(t, tc.data, pull, true)
				em := waitQTError(t, r.p)
				se, ok := em.Err.(*gst.StreamError)
				if !ok || se.Code != gst.StreamErrorDemux {
					t.Fatalf("pull=%v: error %#v, want a STREAM DEMUX error", pull, em.Err)
				}
				found := false
				for _, m := range tc.msgs {
					found = found || se.Msg == m
				}
				if !found {
					t.Errorf("pull=%v: message %q, want one of %q", pull, se.Msg, tc.msgs)
				}
				if em.Src() != gst.Object(r.demux) {
					t.Errorf("error from %v", em.Src())
				}
				r.p.SetState(gst.StateNull)
			})
		}
	}
}

func TestQTDemuxCheckElement(t *testing.T) {
	r := gst.DefaultRegistry()
	if r.Lookup("qtdemux") == nil {
		if err := Register(r); err != nil {
			t.Fatal(err)
		}
	}
	gsttest.CheckElement(t, "qtdemux")
	c := r.Lookup("qtdemux")
	var names []string
	for _, tp := range c.PadTemplates {
		names = append(names, tp.NameTemplate+":"+tp.Caps.String())
	}
	want := "audio_%u:ANY sink:video/quicktime; video/mj2; audio/x-m4a; application/x-3gp subtitle_%u:ANY video_%u:ANY"
	if got := strings.Join(names, " "); got != want {
		t.Errorf("templates %q, want %q", got, want)
	}
}

func TestQTDemuxCodecUtils(t *testing.T) {
	// values from gst-plugins-base tests/check/libs/pbutils.c (test_pb_utils_h264_profiles/levels, aac)
	h264 := []struct {
		sps            []byte
		profile, level string
	}{
		{[]byte{66, 0x40, 30}, "constrained-baseline", "3"},
		{[]byte{66, 0, 11}, "baseline", "1.1"},
		{[]byte{66, 0x10, 11}, "baseline", "1b"},
		{[]byte{77, 0, 40}, "main", "4"},
		{[]byte{100, 0, 41}, "high", "4.1"},
		{[]byte{100, 0x08, 51}, "progressive-high", "5.1"},
		{[]byte{100, 0x0c, 52}, "constrained-high", "5.2"},
		{[]byte{110, 0x10, 9}, "high-10-intra", "1b"},
		{[]byte{244, 0, 62}, "high-4:4:4", "6.2"},
	}
	for _, c := range h264 {
		if p, l := qtdemuxH264Profile(c.sps), qtdemuxH264Level(c.sps); p != c.profile || l != c.level {
			t.Errorf("h264 %v: %s %s, want %s %s", c.sps, p, l, c.profile, c.level)
		}
	}
	aac := []struct {
		cfg            []byte
		profile, level string
		rate, channels int
	}{
		{[]byte{0x11, 0x88}, "lc", "2", 48000, 1},
		{[]byte{0x12, 0x10}, "lc", "2", 44100, 2},
		{[]byte{0x13, 0x08}, "lc", "1", 24000, 1},
		{[]byte{0x0a, 0x10}, "main", "1", 44100, 2},
	}
	for _, c := range aac {
		_, rate, _, _ := qtdemuxAACConfig(c.cfg)
		if p, l := qtdemuxAACProfile(c.cfg), qtdemuxAACLevel(c.cfg); p != c.profile || l != c.level ||
			int(rate) != c.rate || qtdemuxAACChannels(c.cfg) != c.channels {
			t.Errorf("aac %x: %s %s %d %d", c.cfg, p, l, rate, qtdemuxAACChannels(c.cfg))
		}
	}
	fr := []struct {
		dur  gst.ClockTime
		n, d int
	}{
		{33333333, 30, 1}, {33366667, 30000, 1001}, {40000000, 25, 1}, {41708333, 24000, 1001}, {16666667, 60, 1},
	}
	for _, c := range fr {
		if n, d, ok := qtdemuxGuessFramerate(c.dur); !ok || n != c.n || d != c.d {
			t.Errorf("framerate(%d) = %d/%d %v, want %d/%d", c.dur, n, d, ok, c.n, c.d)
		}
	}
	if s := qtdemuxColorimetryFromISO(1, 1, 1, false).String(); s != "bt709" {
		t.Errorf("colorimetry %s", s)
	}
	if s := qtdemuxColorimetryFromISO(6, 6, 6, false).String(); s != "bt601" {
		t.Errorf("colorimetry %s", s)
	}
	if s := qtdemuxColorimetryFromISO(2, 2, 2, true).String(); s != "1:0:0:0" {
		t.Errorf("colorimetry %s", s)
	}
}
