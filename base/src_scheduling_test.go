package base_test

import (
	"context"
	"sync/atomic"
	"testing"

	"go.uber.org/goleak"

	"github.com/gstmini/gstmini/base"
	"github.com/gstmini/gstmini/gst"
)

// bytesSrc is a random-access source (like filesrc): BYTES format, a
// known size, seekable, with a getrange-capable Create.
type bytesSrc struct {
	base.Src
	data          []byte
	starts, stops atomic.Int32
}

var bytesSrcClass = &gst.ElementClass{
	Name:         "bytessrc",
	PadTemplates: []*gst.PadTemplate{srcTmpl},
	Properties:   base.SrcProperties(),
	New:          func() gst.Element { return &bytesSrc{data: []byte("0123456789abcdef")} },
}

func (s *bytesSrc) Start() error         { s.starts.Add(1); return nil }
func (s *bytesSrc) Stop() error          { s.stops.Add(1); return nil }
func (s *bytesSrc) IsSeekable() bool     { return true }
func (s *bytesSrc) Size() (uint64, bool) { return uint64(len(s.data)), true }

func (s *bytesSrc) Create(_ context.Context, offset uint64, size uint) (*gst.Buffer, error) {
	if offset >= uint64(len(s.data)) {
		return nil, gst.ErrEOS
	}
	end := min(offset+uint64(size), uint64(len(s.data)))
	buf := gst.NewBufferWrapped(append([]byte(nil), s.data[offset:end]...))
	buf.Offset = offset
	return buf, nil
}

// pullSink activates its sink pad in pull mode when upstream answers the
// SCHEDULING query with seekable pull mode, as qtdemux does
// (gst_qtdemux_sink_activate).
type pullSink struct {
	gst.ElementBase
	sinkpad *gst.Pad
}

var pullSinkClass = &gst.ElementClass{
	Name:         "pullsink",
	PadTemplates: []*gst.PadTemplate{sinkTmpl},
	New:          func() gst.Element { return &pullSink{} },
}

func (s *pullSink) Constructed() error {
	pad := gst.NewPadFromTemplate(sinkTmpl, "sink")
	pad.SetActivateFunc(func(pad *gst.Pad) bool {
		q := gst.NewSchedulingQuery()
		if pad.PeerQuery(q) && q.HasModeWithFlags(gst.PadModePull, gst.SchedulingFlagSeekable) {
			if pad.ActivateMode(gst.PadModePull, true) {
				return true
			}
		}
		return pad.ActivateMode(gst.PadModePush, true)
	})
	pad.SetChainFunc(func(_ *gst.Pad, buf *gst.Buffer) error { buf.Unref(); return nil })
	s.sinkpad = pad
	return s.AddPad(pad)
}

// GstBaseSrc answers SCHEDULING with PULL (before PUSH) and SEEKABLE when
// it is random access, starting (and stopping again) a source that has not
// started yet to find out (gst_base_src_default_query →
// gst_base_src_is_random_access).
func TestSrcSchedulingBeforeStart(t *testing.T) {
	src := newElement[*bytesSrc](t, bytesSrcClass, "src")
	q := gst.NewSchedulingQuery()
	if !src.SrcPad().Query(q) {
		t.Fatal("SCHEDULING query refused")
	}
	if q.Flags != gst.SchedulingFlagSeekable || q.MinSize != 1 || q.MaxSize != -1 || q.Align != 0 {
		t.Errorf("flags %v min %d max %d align %d, want seekable 1 -1 0", q.Flags, q.MinSize, q.MaxSize, q.Align)
	}
	if len(q.Modes) != 2 || q.Modes[0] != gst.PadModePull || q.Modes[1] != gst.PadModePush {
		t.Errorf("modes %v, want [pull push]", q.Modes)
	}
	if a, o := src.starts.Load(), src.stops.Load(); a != 1 || o != 1 {
		t.Errorf("start/stop called %d/%d times, want 1/1", a, o)
	}

	// a non-seekable source (a PushSrc) only offers push mode
	ps := newElement[*testSrc](t, testSrcClass, "ps")
	q = gst.NewSchedulingQuery()
	if !ps.SrcPad().Query(q) {
		t.Fatal("SCHEDULING query refused by PushSrc")
	}
	if len(q.Modes) != 1 || q.Modes[0] != gst.PadModePush || q.Flags != gst.SchedulingFlagSequential {
		t.Errorf("PushSrc modes %v flags %v, want [push] sequential", q.Modes, q.Flags)
	}
}

// `bytessrc ! pullsink`: the downstream element activates in pull mode and
// pulls from the source (as `filesrc ! qtdemux` does).
func TestSrcPullModeActivation(t *testing.T) {
	defer goleak.VerifyNone(t)
	p := gst.NewPipeline("p")
	src := newElement[*bytesSrc](t, bytesSrcClass, "src")
	sink := newElement[*pullSink](t, pullSinkClass, "sink")
	if err := p.Add(src, sink); err != nil {
		t.Fatal(err)
	}
	if err := gst.Link(src, sink); err != nil {
		t.Fatal(err)
	}
	if r := p.SetState(gst.StatePaused); r == gst.StateChangeFailure {
		t.Fatalf("PAUSED: %v", r)
	}
	if m := sink.sinkpad.Mode(); m != gst.PadModePull {
		t.Fatalf("sink pad activated in %v, want pull", m)
	}
	buf, err := sink.sinkpad.PullRange(4, 6)
	if err != nil {
		t.Fatal(err)
	}
	m, _ := buf.Map(gst.MapRead)
	if got := string(m.Data); got != "456789" {
		t.Errorf("pulled %q, want %q", got, "456789")
	}
	buf.Unmap(&m)
	buf.Unref()
	if _, err := sink.sinkpad.PullRange(16, 4); err != gst.ErrEOS {
		t.Errorf("pull past the end: %v, want EOS", err)
	}
	stop(t, p)
}
