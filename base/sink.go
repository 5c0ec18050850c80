package base

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/gstmini/gstmini/gst"
)

// Default values of the Sink properties.
//
// GStreamer: DEFAULT_SYNC, DEFAULT_MAX_LATENESS and the other DEFAULT_* (libs/gst/base/gstbasesink.c).
const (
	DefaultSinkSync               = true
	DefaultSinkMaxLateness        = int64(-1)
	DefaultSinkQoS                = false
	DefaultSinkAsync              = true
	DefaultSinkTSOffset           = int64(0)
	DefaultSinkEnableLastSample   = true
	DefaultSinkBlocksize          = 4096
	DefaultSinkRenderDelay        = uint64(0)
	DefaultSinkThrottleTime       = uint64(0)
	DefaultSinkMaxBitrate         = uint64(0)
	DefaultSinkProcessingDeadline = uint64(20 * gst.Millisecond)
)

// SinkProperties returns the properties of Sink for an element class to
// include in its Properties. Each call returns new specs.
//
// GStreamer: gst_base_sink_class_init (libs/gst/base/gstbasesink.c).
func SinkProperties() []*gst.ParamSpec {
	const maxI64 = int64(^uint64(0) >> 1)
	return []*gst.ParamSpec{
		gst.ParamBool("sync", "Sync", "Sync on the clock", DefaultSinkSync, gst.ParamReadWrite),
		gst.ParamInt64("max-lateness", "Max Lateness",
			"Maximum number of nanoseconds that a buffer can be late before it is dropped (-1 unlimited)",
			-1, maxI64, DefaultSinkMaxLateness, gst.ParamReadWrite),
		gst.ParamBool("qos", "Qos", "Generate Quality-of-Service events upstream", DefaultSinkQoS, gst.ParamReadWrite),
		gst.ParamBool("async", "Async", "Go asynchronously to PAUSED", DefaultSinkAsync, gst.ParamReadWrite),
		gst.ParamInt64("ts-offset", "TS Offset", "Timestamp offset in nanoseconds",
			-maxI64-1, maxI64, DefaultSinkTSOffset, gst.ParamReadWrite),
		gst.ParamBool("enable-last-sample", "Enable Last Buffer",
			"Enable the last-sample property", DefaultSinkEnableLastSample, gst.ParamReadWrite),
		gst.ParamBoxed("last-sample", "Last Sample",
			"The last sample received in the sink", "GstSample", gst.ParamReadable),
		gst.ParamUint("blocksize", "Block size", "Size in bytes to pull per buffer (0 = default)",
			0, 1<<32-1, DefaultSinkBlocksize, gst.ParamReadWrite),
		gst.ParamUint64("render-delay", "Render Delay",
			"Additional render delay of the sink in nanoseconds", 0, ^uint64(0), DefaultSinkRenderDelay, gst.ParamReadWrite),
		gst.ParamUint64("throttle-time", "Throttle time",
			"The time to keep between rendered buffers (0 = disabled)", 0, ^uint64(0), DefaultSinkThrottleTime, gst.ParamReadWrite),
		gst.ParamUint64("max-bitrate", "Max Bitrate",
			"The maximum bits per second to render (0 = disabled)", 0, ^uint64(0), DefaultSinkMaxBitrate, gst.ParamReadWrite),
		gst.ParamUint64("processing-deadline", "Processing deadline",
			"Maximum processing time for a buffer in nanoseconds", 0, ^uint64(0), DefaultSinkProcessingDeadline, gst.ParamReadWrite),
	}
}

// Renderer is the required vfunc of a Sink: render buf (which the base
// unrefs after Render returns; take a Ref to keep it). Called from the
// streaming thread, after preroll and clock sync.
//
// GStreamer: GstBaseSinkClass.render (libs/gst/base/gstbasesink.h).
type Renderer interface {
	Render(buf *gst.Buffer) error
}

// SinkImpl lists the optional vfuncs of Sink; Sink implements all of them
// with GStreamer's defaults, so an element defines only its overrides.
//
// GStreamer: GstBaseSinkClass (libs/gst/base/gstbasesink.h).
type SinkImpl interface {
	RenderList(list *gst.BufferList) error
	Preroll(buf *gst.Buffer) error
	SetCaps(caps *gst.Caps) error
	Caps(filter *gst.Caps) *gst.Caps
	Event(ev gst.Event) bool
	Query(q gst.Query) bool
	Times(buf *gst.Buffer) (start, end gst.ClockTime)
	Unlock()
}

// Sink is the base of sink elements (GstBaseSink). Embed it and implement
// Render; the class needs a "sink" pad template and should include
// SinkProperties(). Sink handles preroll and the ASYNC state change, clock
// synchronisation, segments, EOS, flushing, latency and position queries.
//
// GStreamer: GstBaseSink (libs/gst/base/gstbasesink.c).
type Sink struct {
	gst.ElementBase

	sinkpad  *gst.Pad
	impl     SinkImpl
	renderer Renderer
	starter  Starter
	stopper  Stopper

	mu   sync.Mutex // preroll lock: settings and streaming state
	cond sync.Cond  // preroll cond

	// settings
	sync         bool
	maxLateness  int64
	qos          bool
	async        bool
	tsOffset     int64
	enableLast   bool
	blocksize    uint
	renderDelay  uint64
	throttle     uint64
	maxBitrate   uint64
	procDeadline uint64

	// state
	flushing     bool
	eos          bool
	receivedEOS  bool
	needPreroll  bool
	havePreroll  bool
	playingAsync bool
	callPreroll  bool
	commited     bool
	haveLatency  bool
	// asyncDonePending: commitState owes an ASYNC_DONE (posted between
	// the STATE_CHANGED messages of PAUSED and PLAYING)
	asyncDonePending bool
	// committing: a streaming goroutine is inside commitState, posting its
	// messages (C holds the preroll lock there, so PAUSED→PLAYING waits
	// for the commit's LATENCY); continuing: that commit is itself running
	// the PAUSED→PLAYING step through ContinueState
	committing bool
	continuing bool
	// asyncStarting: a state change decided ASYNC and has not yet posted
	// its ASYNC_START; a commit waits for it (see postAsyncStart)
	asyncStarting bool
	latency       gst.ClockTime
	segment       gst.Segment
	caps          *gst.Caps
	lastBuf       *gst.Buffer
	clockID       *gst.ClockID
	ctx           context.Context
	cancel        context.CancelFunc
	eosSeqnum     uint32
}

// Constructed creates the always "sink" pad from the class template, sets
// ElementFlagSink, resolves the vfuncs on the outer element and sets the
// defaults. Overrides must chain up. It returns an error when the class has
// no "sink" template or the element has no Render.
//
// GStreamer: gst_base_sink_init (libs/gst/base/gstbasesink.c).
func (s *Sink) Constructed() error {
	impl := s.Impl()
	if impl == nil {
		return errors.New("base.Sink: element not initialised with gst.InitElement")
	}
	r, ok := impl.(Renderer)
	if !ok {
		return fmt.Errorf("base.Sink: %T does not implement Render (base.Renderer)", impl)
	}
	s.renderer = r
	if si, ok := impl.(SinkImpl); ok {
		s.impl = si
	} else {
		s.impl = s
	}
	s.starter, _ = impl.(Starter)
	s.stopper, _ = impl.(Stopper)
	tmpl := s.PadTemplate("sink")
	if tmpl == nil {
		return errors.New("base.Sink: class has no \"sink\" pad template")
	}
	s.cond.L = &s.mu
	s.sync = DefaultSinkSync
	s.maxLateness = DefaultSinkMaxLateness
	s.qos = DefaultSinkQoS
	s.async = DefaultSinkAsync
	s.enableLast = DefaultSinkEnableLastSample
	s.blocksize = DefaultSinkBlocksize
	s.procDeadline = DefaultSinkProcessingDeadline
	s.segment.Init(gst.FormatUndefined)
	s.ctx, s.cancel = context.WithCancel(context.Background())
	pad := gst.NewPadFromTemplate(tmpl, "sink")
	pad.SetChainFunc(s.chain)
	pad.SetChainListFunc(s.chainList)
	pad.SetEventFullFunc(s.padEvent)
	pad.SetQueryFunc(func(_ *gst.Pad, q gst.Query) bool { return s.impl.Query(q) })
	pad.SetActivateModeFunc(s.activateMode)
	s.sinkpad = pad
	if err := s.AddPad(pad); err != nil {
		return err
	}
	s.SetElementFlags(gst.ElementFlagSink)
	return nil
}

// SinkPad returns the sink pad. Safe for concurrent use.
//
// GStreamer: GST_BASE_SINK_PAD (libs/gst/base/gstbasesink.h).
func (s *Sink) SinkPad() *gst.Pad { return s.sinkpad }

// Context returns the context that is cancelled when the sink flushes or
// goes to READY (where GStreamer calls unlock); blocking Render and
// Preroll implementations select on it. Called from the streaming thread.
//
// GStreamer: GstBaseSinkClass.unlock (libs/gst/base/gstbasesink.h).
func (s *Sink) Context() context.Context {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.ctx
}

// SetSync sets whether the sink synchronises on the clock. Safe for
// concurrent use.
//
// GStreamer: gst_base_sink_set_sync (libs/gst/base/gstbasesink.c).
func (s *Sink) SetSync(sync bool) {
	s.mu.Lock()
	s.sync = sync
	s.mu.Unlock()
}

// SetAsyncEnabled sets the async property. Safe for concurrent use.
//
// GStreamer: gst_base_sink_set_async_enabled (libs/gst/base/gstbasesink.c).
func (s *Sink) SetAsyncEnabled(async bool) {
	s.mu.Lock()
	s.async = async
	s.mu.Unlock()
}

// Latency returns the latency set by the last LATENCY event (ns). Safe for
// concurrent use.
//
// GStreamer: gst_base_sink_get_latency (libs/gst/base/gstbasesink.c).
func (s *Sink) Latency() gst.ClockTime {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.latency
}

// Segment returns a copy of the current segment. Safe for concurrent use.
//
// GStreamer: GstBaseSink.segment (libs/gst/base/gstbasesink.h).
func (s *Sink) Segment() gst.Segment {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.segment
}

// LastSample returns the last buffer received with its caps and segment,
// or nil (also when enable-last-sample is false). The buffer is a new
// reference the caller must Unref. Safe for concurrent use.
//
// GStreamer: gst_base_sink_get_last_sample (libs/gst/base/gstbasesink.c).
func (s *Sink) LastSample() *gst.Sample {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.lastBuf == nil {
		return nil
	}
	return &gst.Sample{Buffer: s.lastBuf.Ref(), Caps: s.caps, Segment: s.segment}
}

// SetProperty sets the Sink properties; elements chain up unknown names to
// it. It returns an error for names that are not Sink properties.
//
// GStreamer: gst_base_sink_set_property (libs/gst/base/gstbasesink.c).
func (s *Sink) SetProperty(name string, v any) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch name {
	case "sync":
		s.sync = v.(bool)
	case "max-lateness":
		s.maxLateness = v.(int64)
	case "qos":
		s.qos = v.(bool)
	case "async":
		s.async = v.(bool)
	case "ts-offset":
		s.tsOffset = v.(int64)
	case "enable-last-sample":
		s.enableLast = v.(bool)
		if !s.enableLast && s.lastBuf != nil {
			s.lastBuf.Unref()
			s.lastBuf = nil
		}
	case "blocksize":
		s.blocksize = v.(uint)
	case "render-delay":
		s.renderDelay = v.(uint64)
	case "throttle-time":
		s.throttle = v.(uint64)
	case "max-bitrate":
		s.maxBitrate = v.(uint64)
	case "processing-deadline":
		s.procDeadline = v.(uint64)
	default:
		return fmt.Errorf("%w: %q", gst.ErrUnknownProperty, name)
	}
	return nil
}

// Property returns a Sink property value ("last-sample" is a *gst.Sample or
// nil), or nil for unknown names.
//
// GStreamer: gst_base_sink_get_property (libs/gst/base/gstbasesink.c).
func (s *Sink) Property(name string) any {
	if name == "last-sample" {
		if smp := s.LastSample(); smp != nil {
			return smp
		}
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	switch name {
	case "sync":
		return s.sync
	case "max-lateness":
		return s.maxLateness
	case "qos":
		return s.qos
	case "async":
		return s.async
	case "ts-offset":
		return s.tsOffset
	case "enable-last-sample":
		return s.enableLast
	case "blocksize":
		return s.blocksize
	case "render-delay":
		return s.renderDelay
	case "throttle-time":
		return s.throttle
	case "max-bitrate":
		return s.maxBitrate
	case "processing-deadline":
		return s.procDeadline
	}
	return nil
}

// ---------------------------------------------------------------------------
// Default vfuncs

// RenderList is the default: Render each buffer of list in order.
//
// GStreamer: gst_base_sink_render_object (libs/gst/base/gstbasesink.c).
func (s *Sink) RenderList(list *gst.BufferList) error {
	for i := 0; i < list.Len(); i++ {
		if err := s.renderer.Render(list.Get(i)); err != nil {
			return err
		}
	}
	return nil
}

// Preroll is the default: nothing to do.
//
// GStreamer: GstBaseSinkClass.preroll (libs/gst/base/gstbasesink.h).
func (s *Sink) Preroll(buf *gst.Buffer) error { return nil }

// SetCaps is the default: accept any caps.
//
// GStreamer: GstBaseSinkClass.set_caps (libs/gst/base/gstbasesink.h).
func (s *Sink) SetCaps(caps *gst.Caps) error { return nil }

// Caps is the default: the template caps intersected with filter.
//
// GStreamer: gst_base_sink_query_caps (libs/gst/base/gstbasesink.c).
func (s *Sink) Caps(filter *gst.Caps) *gst.Caps {
	c := s.sinkpad.PadTemplateCaps()
	if c == nil {
		c = gst.NewCapsAny()
	}
	if filter != nil {
		c = filter.IntersectFull(c, gst.CapsIntersectFirst)
	}
	return c
}

// Times is the default: start is the buffer's PTS (DTS when PTS is
// unknown) and end is start+duration when both are known.
//
// GStreamer: gst_base_sink_default_get_times (libs/gst/base/gstbasesink.c).
func (s *Sink) Times(buf *gst.Buffer) (start, end gst.ClockTime) {
	start = buf.PTS
	if start == gst.ClockTimeNone {
		start = buf.DTS
	}
	end = gst.ClockTimeNone
	if start != gst.ClockTimeNone && buf.Duration != gst.ClockTimeNone {
		end = start + buf.Duration
	}
	return start, end
}

// Unlock is the default: nothing (the Context is cancelled anyway).
//
// GStreamer: GstBaseSinkClass.unlock (libs/gst/base/gstbasesink.h).
func (s *Sink) Unlock() {}

// Event is the default event handler, called after the base's own
// serialized handling (preroll and sync for EOS and GAP). It stores CAPS
// (calling SetCaps), SEGMENT and LATENCY, posts EOS and STREAM_START
// messages, and handles FLUSH_START/STOP. Overrides chain up.
//
// GStreamer: gst_base_sink_default_event (libs/gst/base/gstbasesink.c).
func (s *Sink) Event(ev gst.Event) bool {
	switch e := ev.(type) {
	case *gst.FlushStartEvent:
		s.flushStart()
	case *gst.FlushStopEvent:
		s.flushStop(e.ResetTime)
	case *gst.EOSEvent:
		s.mu.Lock()
		s.eos = true
		s.mu.Unlock()
		m := gst.NewEOSMessage(s.Impl())
		m.SetSeqnum(e.Seqnum())
		s.Impl().PostMessage(m)
	case *gst.StreamStartEvent:
		m := gst.NewStreamStartMessage(s.Impl())
		if e.HasGroupID {
			m.SetGroupID(e.GroupID)
		}
		m.SetSeqnum(e.Seqnum())
		s.Impl().PostMessage(m)
	case *gst.CapsEvent:
		if err := s.impl.SetCaps(e.Caps); err != nil {
			return false
		}
		s.mu.Lock()
		s.caps = e.Caps
		s.mu.Unlock()
	case *gst.SegmentEvent:
		s.mu.Lock()
		s.segment = e.Segment
		s.mu.Unlock()
	case *gst.LatencyEvent:
		s.mu.Lock()
		s.latency = e.Latency
		s.mu.Unlock()
	case *gst.SinkMessageEvent:
		if e.Message != nil {
			s.Impl().PostMessage(e.Message)
		}
	}
	return true
}

// SendEvent handles events sent to the sink element: LATENCY sets the
// latency added to running times before syncing (the pipeline sends it
// after the latency query) and is forwarded upstream only once the sink has
// answered a latency query; other upstream events (SEEK, QOS...) are pushed
// upstream out of the sink pad. Downstream events are dropped (and
// reported handled, as in GStreamer).
//
// GStreamer: gst_base_sink_send_event (libs/gst/base/gstbasesink.c).
func (s *Sink) SendEvent(ev gst.Event) bool {
	forward := ev.Type().IsUpstream()
	if e, ok := ev.(*gst.LatencyEvent); ok {
		s.mu.Lock()
		s.latency = e.Latency
		if !s.haveLatency {
			forward = false
		}
		s.mu.Unlock()
	}
	if !forward {
		return true // handled here (or ignored, for downstream events)
	}
	return s.sinkpad.PushEvent(ev)
}

// Query is the default query handler, for the sink pad and the element:
// POSITION, DURATION, LATENCY, SEGMENT, CAPS, ACCEPT_CAPS; DURATION,
// SEEKING, CONVERT and FORMATS go upstream.
//
// GStreamer: default_element_query and default_sink_query (libs/gst/base/gstbasesink.c).
func (s *Sink) Query(q gst.Query) bool {
	switch q := q.(type) {
	case *gst.PositionQuery:
		if s.position(q) {
			return true
		}
		return s.sinkpad.PeerQuery(q)
	case *gst.LatencyQuery:
		return s.queryLatency(q)
	case *gst.SegmentQuery:
		s.mu.Lock()
		seg := s.segment
		s.mu.Unlock()
		if seg.Format == gst.FormatUndefined {
			return s.sinkpad.PeerQuery(q)
		}
		q.Rate, q.Format = seg.Rate, seg.Format
		q.Start = int64(seg.ToStreamTime(seg.Format, seg.Start))
		stop := seg.Stop
		if stop == none {
			stop = seg.Duration
		}
		q.Stop = int64(seg.ToStreamTime(seg.Format, stop))
		return true
	case *gst.CapsQuery:
		q.Result = s.impl.Caps(q.Filter)
		return true
	case *gst.DurationQuery, *gst.SeekingQuery, *gst.ConvertQuery, *gst.FormatsQuery:
		return s.sinkpad.PeerQuery(q)
	}
	return s.sinkpad.QueryDefault(q)
}

func (s *Sink) position(q *gst.PositionQuery) bool {
	if q.Format != gst.FormatTime {
		return false
	}
	s.mu.Lock()
	seg := s.segment
	latency := s.latency
	s.mu.Unlock()
	if seg.Format != gst.FormatTime {
		return false
	}
	clock := s.Clock()
	if clock != nil && s.CurrentState() == gst.StatePlaying {
		now := clock.Time()
		base := s.BaseTime() + latency
		if now < base {
			q.Cur = int64(seg.Time)
			return true
		}
		rt := uint64(now - base)
		pos := seg.PositionFromRunningTime(gst.FormatTime, rt)
		if pos == none {
			return false
		}
		if seg.Stop != none && pos > seg.Stop {
			pos = seg.Stop
		}
		q.Cur = int64(seg.ToStreamTime(gst.FormatTime, pos))
		return true
	}
	pos := seg.Position
	if start := s.StartTime(); s.sync && clock != nil && !s.eos && start != gst.ClockTimeNone {
		// in paused the running time is the start time (the running time
		// the pipeline paused at), never beyond the last position seen
		// (gst_base_sink_get_position)
		base := gst.ClockTime(seg.Base) + latency
		if start < base {
			start = base
		}
		cur := seg.Time + uint64(float64(start-base)*seg.Rate*seg.AppliedRate)
		if pos == none || cur < pos {
			pos = cur
		}
		q.Cur = int64(pos)
		return true
	}
	if pos == none || pos < seg.Start {
		pos = seg.Start
	}
	st := seg.ToStreamTime(gst.FormatTime, pos)
	if st == none {
		return false
	}
	q.Cur = int64(st)
	return true
}

// queryLatency is gst_base_sink_query_latency with the LATENCY case of
// gst_base_sink_default_query: the sink is live when it syncs; with a live
// upstream it adds the processing deadline to the minimum (or, when
// upstream cannot buffer that much, warns and shortens it to the maximum)
// and the render delay to both bounds.
func (s *Sink) queryLatency(q *gst.LatencyQuery) bool {
	s.mu.Lock()
	sync, have := s.sync, s.haveLatency
	renderDelay, deadline := gst.ClockTime(s.renderDelay), gst.ClockTime(s.procDeadline)
	s.mu.Unlock()
	usLive, res := false, false
	min, max := gst.ClockTime(0), gst.ClockTimeNone
	if have {
		uq := gst.NewLatencyQuery()
		if res = s.sinkpad.PeerQuery(uq); res {
			usLive = uq.Live
			if usLive {
				min, max = uq.Min, uq.Max
				if sync {
					if max == gst.ClockTimeNone || min+deadline <= max {
						min += deadline
					} else {
						s.PostWarning(&gst.CoreError{Code: gst.CoreErrorClock, Msg: "Pipeline construction is invalid, please add queues."},
							fmt.Sprintf("Not enough buffering available for  the processing deadline of %v, add enough queues to buffer  %v additional data. Shortening processing latency to %v.",
								deadline, min+deadline-max, max-min))
						min = max
					}
				}
			}
			if sync {
				min += renderDelay
				if max != gst.ClockTimeNone {
					max += renderDelay
				}
			}
		}
	}
	if !res {
		if sync {
			return false
		}
		res = true
	}
	// If we or upstream are not live, the latency does not matter.
	q.Live, q.Min, q.Max = sync && usLive, min, max
	return true
}

// ---------------------------------------------------------------------------
// State changes

// ChangeState implements the sink state machine: READY→PAUSED returns
// ASYNC (async=true) until the first buffer, GAP or EOS prerolls;
// PLAYING→PAUSED loses the state unless prerolled; PAUSED→READY commits
// a pending state. Overrides must chain up.
//
// GStreamer: gst_base_sink_change_state (libs/gst/base/gstbasesink.c).
func (s *Sink) ChangeState(t gst.StateChange) gst.StateChangeReturn {
	ret := gst.StateChangeSuccess
	postAsyncStart := false
	postEOS := uint32(0)
	switch t {
	case gst.StateChangeNullToReady:
		if s.starter != nil {
			if err := s.starter.Start(); err != nil {
				// the subclass should have posted its own error; this is C's
				// fallback (CORE STATE_CHANGE, default text), with the cause
				s.PostError(&gst.CoreError{Code: gst.CoreErrorStateChange, Err: err}, "Failed to start: "+err.Error())
				return gst.StateChangeFailure
			}
		}
	case gst.StateChangeReadyToPaused:
		s.mu.Lock()
		s.needPreroll = true
		s.havePreroll = false
		s.flushing = false
		s.eos = false
		s.receivedEOS = false
		s.callPreroll = true
		s.haveLatency = false
		s.segment.Init(gst.FormatUndefined)
		s.ctx, s.cancel = context.WithCancel(context.Background())
		if s.async {
			s.playingAsync = true
			s.commited = false
			ret = gst.StateChangeAsync
			postAsyncStart = true
			s.asyncStarting = true
		} else {
			s.playingAsync = false
			s.commited = true
			s.haveLatency = true
		}
		s.mu.Unlock()
	case gst.StateChangePausedToPlaying:
		// C takes the preroll lock here: wait until a commit in progress
		// on the streaming goroutine has posted all its messages
		s.mu.Lock()
		for s.committing && !s.continuing && !s.flushing {
			s.cond.Wait()
		}
		s.mu.Unlock()
		// continuing a commit to PLAYING (gst_base_sink_commit_state)
		s.postPendingAsyncDone()
		s.mu.Lock()
		if !s.needsPrerollLocked() {
			s.playingAsync = false
			s.needPreroll = false
			if s.eos {
				postEOS = s.eosSeqnum
				if postEOS == 0 {
					postEOS = gst.SeqnumNext()
				}
			} else {
				s.cond.Broadcast()
			}
		} else {
			s.needPreroll = true
			s.playingAsync = true
			s.callPreroll = true
			s.commited = false
			if s.async {
				ret = gst.StateChangeAsync
				postAsyncStart = true
				s.asyncStarting = true
			} else {
				// no async: render without waiting for a preroll
				s.needPreroll = false
				s.playingAsync = false
				s.cond.Broadcast()
			}
		}
		s.mu.Unlock()
	}
	if postAsyncStart {
		s.postAsyncStart()
	}
	if postEOS != 0 {
		m := gst.NewEOSMessage(s.Impl())
		m.SetSeqnum(postEOS)
		s.Impl().PostMessage(m)
	}
	bret := s.ElementBase.ChangeState(t)
	if bret == gst.StateChangeFailure {
		return bret
	}
	switch t {
	case gst.StateChangePlayingToPaused:
		s.mu.Lock()
		if s.clockID != nil {
			s.clockID.Unschedule()
		}
		s.needPreroll = true
		if s.needsPrerollLocked() {
			s.playingAsync = true
			s.callPreroll = true
			s.commited = false
			if s.async {
				ret = gst.StateChangeAsync
				postAsyncStart = true
				s.asyncStarting = true
			}
		}
		s.mu.Unlock()
		if postAsyncStart {
			s.postAsyncStart()
		}
	case gst.StateChangePausedToReady:
		s.mu.Lock()
		s.playingAsync = false
		post := !s.commited && s.async
		s.commited = true
		if s.lastBuf != nil {
			s.lastBuf.Unref()
			s.lastBuf = nil
		}
		s.caps = nil
		s.mu.Unlock()
		if post {
			s.Impl().PostMessage(gst.NewStateChangedMessage(s.Impl(), gst.StatePlaying, gst.StatePaused, gst.StateReady))
			s.Impl().PostMessage(gst.NewAsyncDoneMessage(s.Impl(), gst.ClockTimeNone))
		}
	case gst.StateChangeReadyToNull:
		if s.stopper != nil {
			if err := s.stopper.Stop(); err != nil {
				s.PostError(&gst.ResourceError{Code: gst.ResourceErrorClose, Msg: "Failed to stop.", Err: err}, err.Error())
				return gst.StateChangeFailure
			}
		}
	}
	return ret
}

func (s *Sink) needsPrerollLocked() bool {
	return !(s.havePreroll || s.receivedEOS)
}

func (s *Sink) activateMode(_ *gst.Pad, mode gst.PadMode, active bool) bool {
	if mode != gst.PadModePush {
		return false
	}
	if !active {
		s.setFlushing(true)
	} else {
		s.mu.Lock()
		s.flushing = false
		s.mu.Unlock()
	}
	return true
}

// setFlushing is gst_base_sink_set_flushing: unblock preroll waits, clock
// waits and blocking vfuncs (cancel the context, Unlock).
func (s *Sink) setFlushing(flushing bool) {
	if flushing {
		s.impl.Unlock()
	}
	s.mu.Lock()
	s.flushing = flushing
	if flushing {
		if s.cancel != nil {
			s.cancel()
		}
		if s.clockID != nil {
			s.clockID.Unschedule()
		}
		s.havePreroll = false
		s.needPreroll = true
		s.callPreroll = true
		s.eos = false
		s.receivedEOS = false
		s.cond.Broadcast()
	} else {
		s.ctx, s.cancel = context.WithCancel(context.Background())
	}
	s.mu.Unlock()
}

func (s *Sink) flushStart() {
	s.setFlushing(true)
	s.sinkpad.StreamLock()
	s.mu.Lock()
	s.playingAsync = true
	async := s.async
	if s.lastBuf != nil {
		s.lastBuf.Unref()
		s.lastBuf = nil
	}
	s.mu.Unlock()
	if async {
		s.mu.Lock()
		s.commited = false
		s.mu.Unlock()
		s.LostState()
	} else {
		s.SetStartTime(0)
		s.mu.Lock()
		s.haveLatency = true
		s.mu.Unlock()
	}
	s.sinkpad.StreamUnlock()
}

func (s *Sink) flushStop(resetTime bool) {
	s.setFlushing(false)
	s.mu.Lock()
	s.callPreroll = true
	s.receivedEOS = false
	if resetTime {
		s.segment.Init(gst.FormatUndefined)
	}
	s.mu.Unlock()
	if resetTime {
		s.Impl().PostMessage(gst.NewResetTimeMessage(s.Impl(), 0))
	}
}

// commitState is gst_base_sink_commit_state: complete the ASYNC change
// with STATE_CHANGED, ASYNC_DONE (before the STATE_CHANGED of PLAYING when
// the change continues to PLAYING) and LATENCY. Called without s.mu. It reports
// false when the element is going down (READY/NULL pending).
func (s *Sink) commitState() bool {
	s.mu.Lock()
	for s.asyncStarting && !s.flushing {
		s.cond.Wait()
	}
	s.mu.Unlock()
	pending := s.PendingState()
	current := s.CurrentState()
	switch pending {
	case gst.StateReady, gst.StateNull:
		return false
	case gst.StateVoidPending:
		// nothing to commit (the state change function got there first,
		// or a flush without async): need a preroll only when PAUSED
		s.mu.Lock()
		s.playingAsync = false
		s.commited = true
		s.haveLatency = true
		switch current {
		case gst.StatePlaying:
			s.needPreroll = false
		case gst.StatePaused:
			s.needPreroll = true
		default:
			s.needPreroll = false
			s.flushing = true
		}
		s.mu.Unlock()
		s.Impl().PostMessage(gst.NewLatencyMessage(s.Impl()))
		return true
	}
	s.mu.Lock()
	s.playingAsync = false
	s.commited = true
	s.haveLatency = true
	if pending == gst.StatePlaying {
		s.needPreroll = false
	} else {
		s.needPreroll = true
	}
	// ASYNC_DONE follows the STATE_CHANGED of the committed state and, when
	// the state change continues to PLAYING, precedes that of PLAYING:
	// ChangeState posts it when ContinueState calls it for PAUSED→PLAYING.
	s.asyncDonePending = true
	s.committing = true
	s.mu.Unlock()
	if current == gst.StatePaused && pending == gst.StatePlaying {
		// an ASYNC PAUSED→PLAYING: ASYNC_DONE before PLAYING's message
		s.postPendingAsyncDone()
	}
	s.mu.Lock()
	s.continuing = true
	s.mu.Unlock()
	_, ok := s.CommitAsyncState(gst.StateChangeSuccess)
	s.mu.Lock()
	s.continuing = false
	if !ok {
		// taken down to READY/NULL since pending was read: nothing was
		// committed (C's "stopping")
		s.playingAsync = true
		s.commited = false
		s.asyncDonePending = false
		s.committing = false
		s.cond.Broadcast()
		s.mu.Unlock()
		return false
	}
	s.mu.Unlock()
	s.postPendingAsyncDone()
	s.Impl().PostMessage(gst.NewLatencyMessage(s.Impl()))
	s.mu.Lock()
	s.committing = false
	s.cond.Broadcast()
	s.mu.Unlock()
	return true
}

// postAsyncStart posts the ASYNC_START of a state change that returns
// ASYNC, then lets a commit waiting for it proceed. C posts it with the
// preroll lock held, so the streaming thread cannot commit (and post
// ASYNC_DONE) before it; a bin seeing ASYNC_DONE first would keep the
// late ASYNC_START and refuse every later upward change as busy.
func (s *Sink) postAsyncStart() {
	s.Impl().PostMessage(gst.NewAsyncStartMessage(s.Impl()))
	s.mu.Lock()
	s.asyncStarting = false
	s.cond.Broadcast()
	s.mu.Unlock()
}

// postPendingAsyncDone posts the ASYNC_DONE of a commit once.
func (s *Sink) postPendingAsyncDone() {
	s.mu.Lock()
	post := s.asyncDonePending
	s.asyncDonePending = false
	s.mu.Unlock()
	if post {
		s.Impl().PostMessage(gst.NewAsyncDoneMessage(s.Impl(), gst.ClockTimeNone))
	}
}

// doPreroll is gst_base_sink_do_preroll: call Preroll once, commit the
// ASYNC state, then wait while a preroll is needed (PAUSED). buf is nil for
// EOS and GAP. Called with s.mu held; returns with it held.
func (s *Sink) doPreroll(buf *gst.Buffer) error {
	for s.needPreroll {
		if s.flushing {
			return gst.ErrFlushing
		}
		if s.callPreroll {
			s.callPreroll = false
			if buf != nil {
				s.setLastBufferLocked(buf)
				s.mu.Unlock()
				err := s.impl.Preroll(buf)
				s.mu.Lock()
				if err != nil {
					return err
				}
			}
		}
		if s.playingAsync {
			// GStreamer commits with the preroll lock held, so a state
			// change cannot see the sink between commit and wait: mark
			// the preroll before releasing the lock.
			s.havePreroll = true
			s.mu.Unlock()
			ok := s.commitState()
			s.mu.Lock()
			if !ok {
				s.havePreroll = false
				return gst.ErrFlushing
			}
		}
		if s.flushing {
			s.havePreroll = false
			return gst.ErrFlushing
		}
		if s.needPreroll {
			s.havePreroll = true
			s.cond.Wait()
		}
		s.havePreroll = false
		if s.flushing {
			return gst.ErrFlushing
		}
	}
	return nil
}

func (s *Sink) setLastBufferLocked(buf *gst.Buffer) {
	if !s.enableLast || s.lastBuf == buf {
		return
	}
	if s.lastBuf != nil {
		s.lastBuf.Unref()
	}
	s.lastBuf = buf.Ref()
}

// doSync is gst_base_sink_do_sync: preroll, then wait on the clock until
// the running time of start. It returns the jitter (ns, negative = early)
// and whether a clock wait happened. Called with s.mu held.
func (s *Sink) doSync(buf *gst.Buffer, start gst.ClockTime) (jitter gst.ClockTimeDiff, synced bool, err error) {
	for {
		if err := s.doPreroll(buf); err != nil {
			return 0, false, err
		}
		if !s.sync || start == gst.ClockTimeNone || s.segment.Format != gst.FormatTime {
			return 0, false, nil
		}
		clock := s.Clock()
		if clock == nil {
			return 0, false, nil
		}
		rt := s.segment.ToRunningTime(gst.FormatTime, uint64(start))
		if rt == none {
			return 0, false, nil
		}
		t := int64(rt) + int64(s.BaseTime()) + int64(s.latency) + s.tsOffset - int64(s.renderDelay)
		if t < 0 {
			t = 0
		}
		id := clock.NewSingleShotID(gst.ClockTime(t))
		s.clockID = id
		s.mu.Unlock()
		_, jitter = id.Wait()
		s.mu.Lock()
		s.clockID = nil
		if s.flushing {
			return 0, false, gst.ErrFlushing
		}
		if s.needPreroll {
			// unscheduled by PLAYING→PAUSED: preroll again, then resync
			continue
		}
		return jitter, true, nil
	}
}

// ---------------------------------------------------------------------------
// Data flow

func (s *Sink) chain(_ *gst.Pad, buf *gst.Buffer) error {
	err := s.renderObject(buf, nil)
	buf.Unref()
	return err
}

func (s *Sink) chainList(_ *gst.Pad, list *gst.BufferList) error {
	if list.Len() == 0 {
		list.Unref()
		return nil
	}
	err := s.renderObject(list.Get(0), list)
	list.Unref()
	return err
}

// renderObject is gst_base_sink_chain_unlocked for a buffer (list == nil)
// or a list (buf is its first buffer, used for timing).
func (s *Sink) renderObject(buf *gst.Buffer, list *gst.BufferList) error {
	start, end := s.impl.Times(buf)
	s.mu.Lock()
	if s.flushing {
		s.mu.Unlock()
		return gst.ErrFlushing
	}
	if s.eos || s.receivedEOS {
		s.mu.Unlock()
		return gst.ErrEOS
	}
	if s.segment.Format == gst.FormatUndefined {
		s.segment.Init(gst.FormatTime)
	}
	// clip to the segment: drop buffers outside it
	if list == nil && s.segment.Format == gst.FormatTime && start != gst.ClockTimeNone {
		stop := uint64(end)
		if end == gst.ClockTimeNone {
			stop = none
		}
		inside, _, _ := s.segment.Clip(gst.FormatTime, uint64(start), stop)
		if !inside {
			s.mu.Unlock()
			return nil
		}
	}
	jitter, synced, err := s.doSync(buf, start)
	if err != nil {
		s.mu.Unlock()
		return err
	}
	if start != gst.ClockTimeNone {
		pos := start
		if end != gst.ClockTimeNone {
			pos = end
		}
		s.segment.Position = uint64(pos)
	}
	late := false
	if synced && s.maxLateness != -1 && end != gst.ClockTimeNone {
		dur := int64(end - start)
		if int64(jitter) > s.maxLateness+dur {
			late = true
		}
	}
	qos := s.qos && synced
	if list == nil {
		s.setLastBufferLocked(buf)
	}
	s.mu.Unlock()
	if late {
		if qos {
			s.sinkpad.PushEvent(gst.NewQoSEvent(gst.QoSTypeThrottle, 1.0, jitter, start))
		}
		return nil
	}
	if list != nil {
		err = s.impl.RenderList(list)
	} else {
		err = s.renderer.Render(buf)
	}
	if qos {
		s.sinkpad.PushEvent(gst.NewQoSEvent(gst.QoSTypeUnderflow, 1.0, jitter, start))
	}
	return err
}

// padEvent is gst_base_sink_event: serialized EOS and GAP preroll and sync
// first, then the Event vfunc.
func (s *Sink) padEvent(_ *gst.Pad, ev gst.Event) error {
	switch e := ev.(type) {
	case *gst.EOSEvent:
		s.mu.Lock()
		if s.flushing {
			s.mu.Unlock()
			return gst.ErrFlushing
		}
		s.receivedEOS = true
		s.eosSeqnum = e.Seqnum()
		pos := gst.ClockTimeNone
		if s.segment.Format == gst.FormatTime && s.segment.Position != none {
			pos = gst.ClockTime(s.segment.Position)
		}
		_, _, err := s.doSync(nil, pos)
		s.mu.Unlock()
		if err != nil {
			return err
		}
	case *gst.GapEvent:
		s.mu.Lock()
		if s.flushing {
			s.mu.Unlock()
			return gst.ErrFlushing
		}
		_, _, err := s.doSync(nil, e.Timestamp)
		s.mu.Unlock()
		if err != nil {
			return err
		}
		return nil
	case *gst.StreamStartEvent:
		s.mu.Lock()
		s.eos = false
		s.receivedEOS = false
		s.mu.Unlock()
	case *gst.SegmentEvent:
		s.mu.Lock()
		eos := s.eos
		s.mu.Unlock()
		if eos {
			return gst.ErrEOS
		}
	}
	if !s.impl.Event(ev) {
		if ev.Type() == gst.EventCaps {
			return gst.ErrNotNegotiated
		}
		return gst.ErrFlowError
	}
	return nil
}
