package coreelements

import (
	"fmt"
	"io"
	"math"
	"os"
	"sync"

	"github.com/gstmini/gstmini/base"
	"github.com/gstmini/gstmini/gst"
)

// FakeSinkStateError selects a state change that fakesink fails on
// purpose (the "state-error" property), for testing error paths.
//
// GStreamer: GstFakeSinkStateError (plugins/elements/gstfakesink.h).
type FakeSinkStateError int

// The state errors.
//
// GStreamer: FAKE_SINK_STATE_ERROR_* (plugins/elements/gstfakesink.h).
const (
	FakeSinkStateErrorNone          FakeSinkStateError = 0
	FakeSinkStateErrorNullReady     FakeSinkStateError = 1
	FakeSinkStateErrorReadyPaused   FakeSinkStateError = 2
	FakeSinkStateErrorPausedPlaying FakeSinkStateError = 3
	FakeSinkStateErrorPlayingPaused FakeSinkStateError = 4
	FakeSinkStateErrorPausedReady   FakeSinkStateError = 5
	FakeSinkStateErrorReadyNull     FakeSinkStateError = 6
)

var fakesinkStateErrorEnum = &gst.EnumClass{Name: "GstFakeSinkStateError", Values: []gst.EnumValue{
	{Value: 0, Name: "No state change errors", Nick: "none"},
	{Value: 1, Name: "Fail state change from NULL to READY", Nick: "null-to-ready"},
	{Value: 2, Name: "Fail state change from READY to PAUSED", Nick: "ready-to-paused"},
	{Value: 3, Name: "Fail state change from PAUSED to PLAYING", Nick: "paused-to-playing"},
	{Value: 4, Name: "Fail state change from PLAYING to PAUSED", Nick: "playing-to-paused"},
	{Value: 5, Name: "Fail state change from PAUSED to READY", Nick: "paused-to-ready"},
	{Value: 6, Name: "Fail state change from READY to NULL", Nick: "ready-to-null"},
}}

func fakesinkProperties() []*gst.ParamSpec {
	const rw = gst.ParamReadWrite
	props := base.SinkProperties()
	for _, p := range props {
		if p.Name == "sync" {
			p.Default = false // gst_base_sink_set_sync (sink, DEFAULT_SYNC) in gst_fake_sink_init
		}
	}
	return append(props,
		gst.ParamBoxed("stats", "Statistics", "Sink Statistics", "GstStructure", gst.ParamReadable),
		gst.ParamEnum("state-error", "State Error", "Generate a state change error", fakesinkStateErrorEnum, 0, rw),
		gst.ParamString("last-message", "Last Message", "The message describing current status", "", gst.ParamReadable),
		gst.ParamBool("signal-handoffs", "Signal handoffs", "Send a signal before unreffing the buffer", false, rw),
		gst.ParamBool("drop-out-of-segment", "Drop out-of-segment buffers",
			"Drop and don't render / hand off out-of-segment buffers", true, rw),
		gst.ParamBool("silent", "Silent", "Don't produce last_message events", true, rw|gst.ParamMutablePlaying),
		gst.ParamBool("dump", "Dump", "Dump buffer contents to stdout", false, rw|gst.ParamMutablePlaying),
		gst.ParamBool("can-activate-push", "Can activate push", "Can activate in push mode", true, rw),
		gst.ParamBool("can-activate-pull", "Can activate pull", "Can activate in pull mode", false, rw),
		gst.ParamInt("num-buffers", "num-buffers", "Number of buffers to accept going EOS", -1, math.MaxInt32, -1, rw),
	)
}

var fakesinkSinkTemplate = gst.MustNewPadTemplate("sink", gst.PadSink, gst.PadAlways, gst.NewCapsAny())

// FakeSinkClass is the "fakesink" element factory.
//
// GStreamer: GstFakeSinkClass (plugins/elements/gstfakesink.c).
var FakeSinkClass = &gst.ElementClass{
	Name:     "fakesink",
	TypeName: "GstFakeSink",
	Rank:     gst.RankNone,
	Metadata: gst.ElementMetadata{
		LongName:    "Fake Sink",
		Klass:       "Sink",
		Description: "Black hole for data",
		Author:      "Erik Walthinsen <omega@cse.ogi.edu>, Wim Taymans <wim@fluendo.com>, Mr. 'frag-me-more' Vanderwingo <wingo@fluendo.com>",
		DocURI:      "https://gstreamer.freedesktop.org/documentation/coreelements/fakesink.html",
	},
	PadTemplates: []*gst.PadTemplate{fakesinkSinkTemplate},
	Properties:   fakesinkProperties(),
	New:          func() gst.Element { return &FakeSink{} },
	Plugin:       PluginInfo,
}

// FakeSinkHandoffFunc is called by fakesink with a buffer it renders (or
// prerolls), when "signal-handoffs" is true. The buffer belongs to the
// sink: Ref it to keep it. Called from the streaming thread.
//
// GStreamer: the GstFakeSink::handoff and ::preroll-handoff signals (plugins/elements/gstfakesink.c).
type FakeSinkHandoffFunc func(sink *FakeSink, buf *gst.Buffer, pad *gst.Pad)

// FakeSink is a sink that drops every buffer: a test and benchmark tool.
// It is a base.Sink (with all its properties; "sync" defaults to false)
// adding "num-buffers" (EOS after that many buffers), handoff callbacks,
// "last-message", "dump" and "state-error". Render does not allocate
// while "silent" is true.
//
// GStreamer: GstFakeSink (plugins/elements/gstfakesink.c).
type FakeSink struct {
	base.Sink

	smu              sync.Mutex // settings
	stateError       FakeSinkStateError
	silent           bool
	dump             bool
	signalHandoffs   bool
	dropOutOfSegment bool
	canActivatePush  bool
	canActivatePull  bool
	numBuffers       int
	lastMessage      string
	handoffs         []FakeSinkHandoffFunc
	prerollHandoffs  []FakeSinkHandoffFunc
	dumpOut          io.Writer

	// streaming state
	numBuffersLeft int
	rendered       uint64
}

// Constructed chains up to base.Sink, turns "sync" off and sets the
// property defaults.
//
// GStreamer: gst_fake_sink_init (plugins/elements/gstfakesink.c).
func (s *FakeSink) Constructed() error {
	if err := s.Sink.Constructed(); err != nil {
		return err
	}
	s.SetSync(false)
	s.silent = true
	s.dropOutOfSegment = true
	s.canActivatePush = true
	s.numBuffers = -1
	s.numBuffersLeft = -1
	s.dumpOut = os.Stdout
	return nil
}

// ConnectHandoff registers fn to be called with every rendered buffer
// while "signal-handoffs" is true. Safe for concurrent use.
//
// GStreamer: g_signal_connect (fakesink, "handoff", ...) (plugins/elements/gstfakesink.c).
func (s *FakeSink) ConnectHandoff(fn FakeSinkHandoffFunc) {
	s.smu.Lock()
	s.handoffs = append(s.handoffs, fn)
	s.smu.Unlock()
}

// ConnectPrerollHandoff registers fn to be called with the preroll buffer
// while "signal-handoffs" is true. Safe for concurrent use.
//
// GStreamer: g_signal_connect (fakesink, "preroll-handoff", ...) (plugins/elements/gstfakesink.c).
func (s *FakeSink) ConnectPrerollHandoff(fn FakeSinkHandoffFunc) {
	s.smu.Lock()
	s.prerollHandoffs = append(s.prerollHandoffs, fn)
	s.smu.Unlock()
}

// SetProperty sets the fakesink properties and chains up to base.Sink for
// the others.
//
// GStreamer: gst_fake_sink_set_property (plugins/elements/gstfakesink.c).
func (s *FakeSink) SetProperty(name string, v any) error {
	s.smu.Lock()
	defer s.smu.Unlock()
	switch name {
	case "state-error":
		s.stateError = FakeSinkStateError(v.(int))
	case "silent":
		s.silent = v.(bool)
	case "dump":
		s.dump = v.(bool)
	case "signal-handoffs":
		s.signalHandoffs = v.(bool)
	case "drop-out-of-segment":
		s.dropOutOfSegment = v.(bool)
	case "can-activate-push":
		s.canActivatePush = v.(bool)
	case "can-activate-pull":
		s.canActivatePull = v.(bool)
	case "num-buffers":
		s.numBuffers = v.(int)
	default:
		return s.Sink.SetProperty(name, v)
	}
	return nil
}

// Property returns a fakesink property value (base.Sink's for its own
// names). "stats" is a *gst.Structure named
// "application/x-gst-base-sink-stats".
//
// GStreamer: gst_fake_sink_get_property (plugins/elements/gstfakesink.c).
func (s *FakeSink) Property(name string) any {
	s.smu.Lock()
	defer s.smu.Unlock()
	switch name {
	case "state-error":
		return int(s.stateError)
	case "silent":
		return s.silent
	case "dump":
		return s.dump
	case "signal-handoffs":
		return s.signalHandoffs
	case "drop-out-of-segment":
		return s.dropOutOfSegment
	case "can-activate-push":
		return s.canActivatePush
	case "can-activate-pull":
		return s.canActivatePull
	case "num-buffers":
		return s.numBuffers
	case "last-message":
		return s.lastMessage
	case "stats":
		return gst.NewStructureSimple("application/x-gst-base-sink-stats",
			"average-rate", 0.0, "dropped", uint64(0), "rendered", s.rendered)
	}
	return s.Sink.Property(name)
}

// LastMessage returns the "last-message" property: a description of the
// last event or buffer, kept only while "silent" is false. Safe for
// concurrent use.
//
// GStreamer: the "last-message" property (plugins/elements/gstfakesink.c).
func (s *FakeSink) LastMessage() string {
	s.smu.Lock()
	defer s.smu.Unlock()
	return s.lastMessage
}

func (s *FakeSink) setLastMessage(msg string) {
	s.smu.Lock()
	s.lastMessage = msg
	s.smu.Unlock()
	s.Notify(s, "last-message")
}

// Event records the event in "last-message" when not silent and chains up
// to base.Sink.Event.
//
// GStreamer: gst_fake_sink_event (plugins/elements/gstfakesink.c).
func (s *FakeSink) Event(ev gst.Event) bool {
	s.smu.Lock()
	silent := s.silent
	s.smu.Unlock()
	if !silent {
		if sm, ok := ev.(*gst.SinkMessageEvent); ok && sm.Message != nil {
			sstr := ""
			if st := sm.Message.Structure(); st != nil {
				sstr = st.String()
			}
			s.setLastMessage(fmt.Sprintf("message ******* (%s) M (type: %d, %s) %p",
				s.SinkPad(), uint32(sm.Message.Type()), sstr, sm.Message))
		} else {
			s.setLastMessage(fakesrcEventMessage(s.SinkPad(), ev))
		}
	}
	return s.Sink.Event(ev)
}

// Preroll returns gst.ErrEOS when "num-buffers" are done, records
// "preroll   ******* " in last-message and calls the preroll handoff
// callbacks. Called from the streaming thread.
//
// GStreamer: gst_fake_sink_preroll (plugins/elements/gstfakesink.c).
func (s *FakeSink) Preroll(buf *gst.Buffer) error {
	if s.numBuffersLeft == 0 {
		return gst.ErrEOS
	}
	s.smu.Lock()
	silent, handoffs := s.silent, s.signalHandoffs
	fns := s.prerollHandoffs
	s.smu.Unlock()
	if !silent {
		s.setLastMessage("preroll   ******* ")
	}
	if handoffs {
		for _, fn := range fns {
			fn(s, buf, s.SinkPad())
		}
	}
	return nil
}

// Render counts the buffer against "num-buffers" (returning gst.ErrEOS
// after the last one), records it in last-message when not silent, calls
// the handoff callbacks and dumps it when asked. Called from the streaming
// thread.
//
// GStreamer: gst_fake_sink_render (plugins/elements/gstfakesink.c).
func (s *FakeSink) Render(buf *gst.Buffer) error {
	if s.numBuffersLeft == 0 {
		return gst.ErrEOS
	}
	if s.numBuffersLeft != -1 {
		s.numBuffersLeft--
	}
	s.smu.Lock()
	silent, handoffs, dump := s.silent, s.signalHandoffs, s.dump
	s.rendered++
	s.smu.Unlock()
	if !silent {
		s.setLastMessage(fmt.Sprintf("chain   ******* (%s) (%d bytes, dts: %s, pts: %s, duration: %s, offset: %d, offset_end: %d, flags: %08x %s, meta: %s) %p",
			s.SinkPad(), buf.Size(), fakesrcTimeString(buf.DTS), fakesrcTimeString(buf.PTS), fakesrcTimeString(buf.Duration),
			int64(buf.Offset), int64(buf.OffsetEnd), uint32(buf.Flags), fakesrcFlagsString(buf.Flags), fakesrcMetaString(buf), buf))
	}
	if handoffs {
		s.smu.Lock()
		fns := s.handoffs
		s.smu.Unlock()
		for _, fn := range fns {
			fn(s, buf, s.SinkPad())
		}
	}
	if dump {
		s.smu.Lock()
		w := s.dumpOut
		s.smu.Unlock()
		fakesrcDumpMem(w, buf.Bytes())
	}
	if s.numBuffersLeft == 0 {
		return gst.ErrEOS
	}
	return nil
}

// Query answers SEEKING with "not seekable" and chains up to base.Sink for
// the rest.
//
// GStreamer: gst_fake_sink_query (plugins/elements/gstfakesink.c).
func (s *FakeSink) Query(q gst.Query) bool {
	if sq, ok := q.(*gst.SeekingQuery); ok {
		sq.Seekable, sq.SegmentStart, sq.SegmentEnd = false, 0, -1
		return true
	}
	return s.Sink.Query(q)
}

// ChangeState fails the transition named by "state-error" (posting a
// CORE STATE_CHANGE error), resets the num-buffers count on READY→PAUSED
// and chains up to base.Sink.
//
// GStreamer: gst_fake_sink_change_state (plugins/elements/gstfakesink.c).
func (s *FakeSink) ChangeState(t gst.StateChange) gst.StateChangeReturn {
	s.smu.Lock()
	se, nb := s.stateError, s.numBuffers
	s.smu.Unlock()
	fail := func() gst.StateChangeReturn {
		s.PostError(&gst.CoreError{Code: gst.CoreErrorStateChange}, "Erroring out on state change as requested")
		return gst.StateChangeFailure
	}
	switch t {
	case gst.StateChangeNullToReady:
		if se == FakeSinkStateErrorNullReady {
			return fail()
		}
	case gst.StateChangeReadyToPaused:
		if se == FakeSinkStateErrorReadyPaused {
			return fail()
		}
		s.SinkPad().StreamLock()
		s.numBuffersLeft = nb
		s.SinkPad().StreamUnlock()
		s.smu.Lock()
		s.rendered = 0
		s.smu.Unlock()
	case gst.StateChangePausedToPlaying:
		if se == FakeSinkStateErrorPausedPlaying {
			return fail()
		}
	}
	ret := s.Sink.ChangeState(t)
	switch t {
	case gst.StateChangePlayingToPaused:
		if se == FakeSinkStateErrorPlayingPaused {
			return fail()
		}
	case gst.StateChangePausedToReady:
		if se == FakeSinkStateErrorPausedReady {
			return fail()
		}
	case gst.StateChangeReadyToNull:
		if se == FakeSinkStateErrorReadyNull {
			return fail()
		}
		s.smu.Lock()
		s.lastMessage = ""
		s.smu.Unlock()
	}
	return ret
}
