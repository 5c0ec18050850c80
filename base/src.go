package base

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/gstmini/gstmini/gst"
)

// Default values of the Src properties.
//
// GStreamer: DEFAULT_BLOCKSIZE, DEFAULT_NUM_BUFFERS, DEFAULT_TYPEFIND,
// DEFAULT_DO_TIMESTAMP, DEFAULT_AUTOMATIC_EOS (libs/gst/base/gstbasesrc.c).
const (
	DefaultSrcBlocksize    = 4096
	DefaultSrcNumBuffers   = -1
	DefaultSrcTypefind     = false
	DefaultSrcDoTimestamp  = false
	DefaultSrcAutomaticEOS = true
)

// SrcProperties returns the properties of Src (blocksize, num-buffers,
// typefind, do-timestamp, automatic-eos) for an element class to include in
// its Properties. Each call returns new specs.
//
// GStreamer: gst_base_src_class_init (libs/gst/base/gstbasesrc.c).
func SrcProperties() []*gst.ParamSpec {
	return []*gst.ParamSpec{
		gst.ParamUint("blocksize", "Block size", "Size in bytes to read per buffer (-1 = default)",
			0, 1<<32-1, DefaultSrcBlocksize, gst.ParamReadWrite),
		gst.ParamInt("num-buffers", "num-buffers", "Number of buffers to output before sending EOS (-1 = unlimited)",
			-1, 1<<31-1, DefaultSrcNumBuffers, gst.ParamReadWrite),
		gst.ParamBool("typefind", "Typefind", "Run typefind before negotiating (deprecated, non-functional)",
			DefaultSrcTypefind, gst.ParamReadWrite),
		gst.ParamBool("do-timestamp", "Do timestamp", "Apply current stream time to buffers",
			DefaultSrcDoTimestamp, gst.ParamReadWrite),
		gst.ParamBool("automatic-eos", "Automatic EOS", "Automatically EOS when the segment is done",
			DefaultSrcAutomaticEOS, gst.ParamReadWrite),
	}
}

// Starter is implemented by elements that open resources when going to
// PAUSED (Src, Sink). A returned error fails the state change.
//
// GStreamer: GstBaseSrcClass.start / GstBaseSinkClass.start (libs/gst/base).
type Starter interface{ Start() error }

// Stopper is implemented by elements that release resources when going
// back to READY (Src) or NULL (Sink).
//
// GStreamer: GstBaseSrcClass.stop / GstBaseSinkClass.stop (libs/gst/base).
type Stopper interface{ Stop() error }

// Creator is the required data vfunc of a Src (not a PushSrc): it returns
// a new buffer of up to size bytes at offset (in the src's format), or
// gst.ErrEOS at the end. ctx is cancelled on flush and PAUSED→READY; the
// returned buffer is owned by the caller. Called from the streaming thread.
//
// GStreamer: GstBaseSrcClass.create (libs/gst/base/gstbasesrc.h).
type Creator interface {
	Create(ctx context.Context, offset uint64, size uint) (*gst.Buffer, error)
}

// SrcImpl lists the optional vfuncs of Src; Src implements all of them with
// GStreamer's defaults, so an element only defines the ones it overrides.
//
// GStreamer: GstBaseSrcClass (libs/gst/base/gstbasesrc.h).
type SrcImpl interface {
	IsSeekable() bool
	DoSeek(seg *gst.Segment) bool
	Negotiate() bool
	Caps(filter *gst.Caps) *gst.Caps
	Fixate(caps *gst.Caps) *gst.Caps
	SetCaps(caps *gst.Caps) bool
	Times(buf *gst.Buffer) (start, end gst.ClockTime)
	Size() (uint64, bool)
	Event(ev gst.Event) bool
	Query(q gst.Query) bool
}

// Src is the base of source elements (GstBaseSrc). Embed it (or PushSrc)
// and implement Create. The element class needs a "src" pad template and
// should include SrcProperties(). Src creates the "src" pad in Constructed,
// runs the streaming task in push mode, handles seeks, queries, live
// sources, num-buffers and EOS.
//
// GStreamer: GstBaseSrc (libs/gst/base/gstbasesrc.c).
type Src struct {
	gst.ElementBase

	srcpad   *gst.Pad
	impl     SrcImpl
	creator  func(ctx context.Context, offset uint64, size uint) (*gst.Buffer, error)
	starter  Starter
	stopper  Stopper
	liveLock sync.Mutex
	liveCond sync.Cond // signalled on live running and flushing changes

	mu          sync.Mutex // object lock: settings and segment
	blocksize   uint
	numBuffers  int
	typefind    bool
	doTimestamp bool
	autoEOS     bool
	segment     gst.Segment
	live        bool
	liveRunning bool
	flushing    bool
	started     bool
	randomAcc   bool

	// streaming state, guarded by mu as well
	numLeft          int
	streamStartPend  bool
	segmentPending   bool
	segSeqnum        uint32
	discont          bool
	pendingEOS       gst.Event
	pendingList      *gst.BufferList
	ctx              context.Context
	cancel           context.CancelFunc
	groupID          uint32
	startTimeApplied bool
}

// Constructed creates the always "src" pad from the class template, sets
// ElementFlagSource, resolves the vfuncs on the outer element and sets the
// property defaults. An element overriding Constructed must chain up. It
// returns an error when the class has no "src" template or the element
// has no Create.
//
// GStreamer: gst_base_src_init (libs/gst/base/gstbasesrc.c).
func (s *Src) Constructed() error {
	impl := s.Impl()
	if impl == nil {
		return errors.New("base.Src: element not initialised with gst.InitElement")
	}
	if si, ok := impl.(SrcImpl); ok {
		s.impl = si
	} else {
		s.impl = s
	}
	if s.creator == nil {
		c, ok := impl.(Creator)
		if !ok {
			return fmt.Errorf("base.Src: %T does not implement Create (base.Creator)", impl)
		}
		s.creator = c.Create
	}
	s.starter, _ = impl.(Starter)
	s.stopper, _ = impl.(Stopper)
	tmpl := s.PadTemplate("src")
	if tmpl == nil {
		return errors.New("base.Src: class has no \"src\" pad template")
	}
	s.liveCond.L = &s.liveLock
	s.blocksize = DefaultSrcBlocksize
	s.numBuffers = DefaultSrcNumBuffers
	s.autoEOS = DefaultSrcAutomaticEOS
	s.segment.Init(gst.FormatBytes)
	pad := gst.NewPadFromTemplate(tmpl, "src")
	pad.SetActivateModeFunc(s.activateMode)
	pad.SetEventFunc(func(_ *gst.Pad, ev gst.Event) bool { return s.impl.Event(ev) })
	pad.SetQueryFunc(func(_ *gst.Pad, q gst.Query) bool { return s.impl.Query(q) })
	pad.SetGetRangeFunc(s.getRangePull)
	pad.UseFixedCaps()
	s.srcpad = pad
	if err := s.AddPad(pad); err != nil {
		return err
	}
	s.SetElementFlags(gst.ElementFlagSource)
	return nil
}

// SrcPad returns the source pad. Safe for concurrent use.
//
// GStreamer: GST_BASE_SRC_PAD (libs/gst/base/gstbasesrc.h).
func (s *Src) SrcPad() *gst.Pad { return s.srcpad }

// SetLive marks the source live: it returns NO_PREROLL from READY→PAUSED
// and PLAYING→PAUSED and only produces data in PLAYING. Call it before
// going to PAUSED. Safe for concurrent use.
//
// GStreamer: gst_base_src_set_live (libs/gst/base/gstbasesrc.c).
func (s *Src) SetLive(live bool) {
	s.mu.Lock()
	s.live = live
	s.mu.Unlock()
}

// IsLive reports whether the source is live. Safe for concurrent use.
//
// GStreamer: gst_base_src_is_live (libs/gst/base/gstbasesrc.c).
func (s *Src) IsLive() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.live
}

// SetFormat sets the format of the segment the source produces
// (gst.FormatBytes by default, gst.FormatTime for timed sources). Call it
// before going to PAUSED. Safe for concurrent use.
//
// GStreamer: gst_base_src_set_format (libs/gst/base/gstbasesrc.c).
func (s *Src) SetFormat(f gst.Format) {
	s.mu.Lock()
	s.segment.Init(f)
	s.mu.Unlock()
}

// SetAutomaticEOS sets whether the source sends EOS when the segment is
// done in BYTES format. Safe for concurrent use.
//
// GStreamer: gst_base_src_set_automatic_eos (libs/gst/base/gstbasesrc.c).
func (s *Src) SetAutomaticEOS(auto bool) {
	s.mu.Lock()
	s.autoEOS = auto
	s.mu.Unlock()
}

// SetDoTimestamp makes the source timestamp buffers without PTS with the
// running time of the clock. Safe for concurrent use.
//
// GStreamer: gst_base_src_set_do_timestamp (libs/gst/base/gstbasesrc.c).
func (s *Src) SetDoTimestamp(ts bool) {
	s.mu.Lock()
	s.doTimestamp = ts
	s.mu.Unlock()
}

// SetBlocksize sets the size requested from Create. Safe for concurrent
// use.
//
// GStreamer: gst_base_src_set_blocksize (libs/gst/base/gstbasesrc.c).
func (s *Src) SetBlocksize(size uint) {
	s.mu.Lock()
	s.blocksize = size
	s.mu.Unlock()
}

// Segment returns a copy of the current segment. Safe for concurrent use.
//
// GStreamer: GstBaseSrc.segment (libs/gst/base/gstbasesrc.h).
func (s *Src) Segment() gst.Segment {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.segment
}

// SetProperty sets the Src properties; elements chain up unknown names to
// it. It returns an error for names that are not Src properties.
//
// GStreamer: gst_base_src_set_property (libs/gst/base/gstbasesrc.c).
func (s *Src) SetProperty(name string, v any) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch name {
	case "blocksize":
		s.blocksize = v.(uint)
	case "num-buffers":
		s.numBuffers = v.(int)
	case "typefind":
		s.typefind = v.(bool)
	case "do-timestamp":
		s.doTimestamp = v.(bool)
	case "automatic-eos":
		s.autoEOS = v.(bool)
	default:
		return fmt.Errorf("%w: %q", gst.ErrUnknownProperty, name)
	}
	return nil
}

// Property returns a Src property value, or nil for unknown names.
//
// GStreamer: gst_base_src_get_property (libs/gst/base/gstbasesrc.c).
func (s *Src) Property(name string) any {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch name {
	case "blocksize":
		return s.blocksize
	case "num-buffers":
		return s.numBuffers
	case "typefind":
		return s.typefind
	case "do-timestamp":
		return s.doTimestamp
	case "automatic-eos":
		return s.autoEOS
	}
	return nil
}

// ---------------------------------------------------------------------------
// Default vfuncs

// IsSeekable is the default: not seekable (GStreamer's default when the
// class leaves is_seekable unset). Seekable sources override it.
//
// GStreamer: gst_base_src_seekable (libs/gst/base/gstbasesrc.c).
func (s *Src) IsSeekable() bool { return false }

// DoSeek is the default seek handler: it accepts the segment and sets its
// time to its start.
//
// GStreamer: gst_base_src_default_do_seek (libs/gst/base/gstbasesrc.c).
func (s *Src) DoSeek(seg *gst.Segment) bool {
	seg.Time = seg.Start
	return true
}

// Caps is the default caps handler: the pad template caps intersected with
// filter.
//
// GStreamer: gst_base_src_default_get_caps (libs/gst/base/gstbasesrc.c).
func (s *Src) Caps(filter *gst.Caps) *gst.Caps {
	c := s.srcpad.PadTemplateCaps()
	if c == nil {
		c = gst.NewCapsAny()
	}
	if filter != nil {
		c = filter.IntersectFull(c, gst.CapsIntersectFirst)
	}
	return c
}

// Fixate is the default: caps.Fixate.
//
// GStreamer: gst_base_src_default_fixate (libs/gst/base/gstbasesrc.c).
func (s *Src) Fixate(caps *gst.Caps) *gst.Caps { return caps.Fixate() }

// SetCaps is the default: accept any caps.
//
// GStreamer: GstBaseSrcClass.set_caps (libs/gst/base/gstbasesrc.h).
func (s *Src) SetCaps(caps *gst.Caps) bool { return true }

// Times is the default: sources do not sync, so it returns ClockTimeNone
// for both.
//
// GStreamer: GstBaseSrcClass.get_times (libs/gst/base/gstbasesrc.h).
func (s *Src) Times(buf *gst.Buffer) (start, end gst.ClockTime) {
	return gst.ClockTimeNone, gst.ClockTimeNone
}

// Size is the default: the size is unknown.
//
// GStreamer: GstBaseSrcClass.get_size (libs/gst/base/gstbasesrc.h).
func (s *Src) Size() (uint64, bool) { return 0, false }

// Negotiate is the default negotiation: query the peer's caps filtered by
// our caps, intersect, fixate, SetCaps and push a CAPS event. ANY peer caps
// with ANY own caps need no caps. It reports false on failure.
//
// GStreamer: gst_base_src_default_negotiate (libs/gst/base/gstbasesrc.c).
func (s *Src) Negotiate() bool {
	thiscaps := s.impl.Caps(nil)
	if thiscaps == nil || thiscaps.IsAny() {
		return true
	}
	peercaps := s.srcpad.PeerQueryCaps(thiscaps)
	var caps *gst.Caps
	if peercaps != nil {
		caps = peercaps
	} else {
		caps = thiscaps
	}
	if caps == nil || caps.IsEmpty() {
		return false
	}
	if caps.IsAny() {
		return true
	}
	caps = s.impl.Fixate(caps)
	if caps == nil || !caps.IsFixed() {
		return false
	}
	return s.setCaps(caps)
}

func (s *Src) setCaps(caps *gst.Caps) bool {
	if cur := s.srcpad.CurrentCaps(); cur != nil && cur.IsEqual(caps) {
		return true
	}
	if !s.impl.SetCaps(caps) {
		return false
	}
	s.pushStreamStartIfPending()
	return s.srcpad.PushEvent(gst.NewCapsEvent(caps))
}

// Event is the default src pad event handler: it handles SEEK (when
// seekable), FLUSH_START/STOP and RECONFIGURE, and refuses the others.
//
// GStreamer: gst_base_src_default_event (libs/gst/base/gstbasesrc.c).
func (s *Src) Event(ev gst.Event) bool {
	switch e := ev.(type) {
	case *gst.SeekEvent:
		if !s.seekable() {
			return false
		}
		return s.performSeek(e, true)
	case *gst.FlushStartEvent:
		s.setFlushing(true)
		return true
	case *gst.FlushStopEvent:
		s.setFlushing(false)
		return true
	case *gst.ReconfigureEvent:
		return true
	case *gst.QoSEvent, *gst.LatencyEvent, *gst.NavigationEvent:
		return true
	}
	return false
}

// Query is the default src pad query handler: POSITION, DURATION, SEEKING,
// SEGMENT, FORMATS, CONVERT (identity), LATENCY (live: min=max=0),
// SCHEDULING, CAPS and the pad defaults. It is also the element query.
//
// GStreamer: gst_base_src_default_query (libs/gst/base/gstbasesrc.c).
func (s *Src) Query(q gst.Query) bool {
	switch q := q.(type) {
	case *gst.PositionQuery:
		s.mu.Lock()
		seg := s.segment
		s.mu.Unlock()
		switch {
		case q.Format == gst.FormatPercent:
			size, ok := s.impl.Size()
			if !ok || size == 0 || seg.Format != gst.FormatBytes {
				return false
			}
			q.Cur = int64(gst.Uint64Scale(seg.Position, uint64(gst.FormatPercentMax), size))
			return true
		case q.Format == seg.Format:
			pos := seg.Position
			if seg.Format == gst.FormatTime && pos != none {
				pos = seg.ToStreamTime(seg.Format, pos)
			}
			q.Cur = int64(pos)
			return true
		}
		return false
	case *gst.DurationQuery:
		s.mu.Lock()
		seg := s.segment
		s.mu.Unlock()
		switch q.Format {
		case gst.FormatPercent:
			q.Duration = int64(gst.FormatPercentMax)
			return true
		case seg.Format:
			if seg.Format == gst.FormatBytes {
				if size, ok := s.impl.Size(); ok {
					q.Duration = int64(size)
					return true
				}
			}
			q.Duration = int64(seg.Duration)
			return true
		}
		return false
	case *gst.SeekingQuery:
		s.mu.Lock()
		seg := s.segment
		s.mu.Unlock()
		if q.Format == seg.Format {
			q.Seekable = s.seekable()
			q.SegmentStart = 0
			q.SegmentEnd = int64(seg.Duration)
			if seg.Format == gst.FormatBytes {
				if size, ok := s.impl.Size(); ok {
					q.SegmentEnd = int64(size)
				}
			}
		} else {
			q.Seekable = false
			q.SegmentStart, q.SegmentEnd = -1, -1
		}
		return true
	case *gst.SegmentQuery:
		s.mu.Lock()
		seg := s.segment
		s.mu.Unlock()
		start := seg.ToStreamTime(seg.Format, seg.Start)
		stop := seg.Stop
		if stop == none {
			stop = seg.Duration
		}
		stop = seg.ToStreamTime(seg.Format, stop)
		q.Rate, q.Format, q.Start, q.Stop = seg.Rate, seg.Format, int64(start), int64(stop)
		return true
	case *gst.FormatsQuery:
		s.mu.Lock()
		f := s.segment.Format
		s.mu.Unlock()
		q.Formats = []gst.Format{gst.FormatDefault, f, gst.FormatPercent}
		return true
	case *gst.ConvertQuery:
		if q.SrcFormat == q.DestFormat {
			q.DestValue = q.SrcValue
			return true
		}
		return false
	case *gst.LatencyQuery:
		// gst_base_src_query_latency: no startup latency known, so 0
		// for both bounds; subclasses override with something useful.
		q.Live = s.IsLive()
		q.Min, q.Max = 0, 0
		return true
	case *gst.CapsQuery:
		q.Result = s.impl.Caps(q.Filter)
		return true
	case *gst.SchedulingQuery:
		random := s.isRandomAccess()
		q.Flags, q.MinSize, q.MaxSize, q.Align = gst.SchedulingFlagSeekable, 1, -1, 0
		if random {
			q.AddMode(gst.PadModePull)
		}
		q.AddMode(gst.PadModePush)
		return true
	}
	return s.srcpad.QueryDefault(q)
}

// ---------------------------------------------------------------------------
// Element overrides

// ChangeState adds to the element default: live sources return NO_PREROLL
// for READY→PAUSED and PLAYING→PAUSED and only run in PLAYING. Elements
// overriding it must chain up.
//
// GStreamer: gst_base_src_change_state (libs/gst/base/gstbasesrc.c).
func (s *Src) ChangeState(t gst.StateChange) gst.StateChangeReturn {
	noPreroll := false
	switch t {
	case gst.StateChangeReadyToPaused:
		noPreroll = s.IsLive()
	case gst.StateChangePausedToPlaying:
		s.setPlaying(true)
	}
	ret := s.ElementBase.ChangeState(t)
	if ret == gst.StateChangeFailure {
		return ret
	}
	switch t {
	case gst.StateChangePlayingToPaused:
		if s.IsLive() {
			noPreroll = true
			s.setPlaying(false)
		}
	case gst.StateChangePausedToReady:
		s.mu.Lock()
		s.pendingEOS = nil
		s.mu.Unlock()
	}
	if noPreroll && ret == gst.StateChangeSuccess {
		ret = gst.StateChangeNoPreroll
	}
	return ret
}

// SendEvent handles events sent to the element: EOS is queued and pushed
// by the streaming thread (how pipelines stop sources), SEEK is performed
// (also before the task runs), other events go through the pad handlers.
//
// GStreamer: gst_base_src_send_event (libs/gst/base/gstbasesrc.c).
func (s *Src) SendEvent(ev gst.Event) bool {
	switch e := ev.(type) {
	case *gst.EOSEvent:
		s.mu.Lock()
		s.pendingEOS = e
		s.mu.Unlock()
		// wake a live source waiting for PLAYING and unblock Create
		s.unlock()
		return true
	case *gst.SeekEvent:
		s.mu.Lock()
		started := s.started
		s.mu.Unlock()
		if !started {
			// remember for the start: apply it to the segment now
			return s.performSeek(e, false)
		}
		if !s.seekable() {
			return false
		}
		return s.performSeek(e, true)
	case *gst.FlushStartEvent, *gst.FlushStopEvent:
		ok := s.impl.Event(ev)
		if ok {
			s.srcpad.PushEvent(ev)
		}
		return ok
	}
	if ev.Type().IsUpstream() {
		return s.impl.Event(ev)
	}
	if ev.Type().IsSerialized() {
		return s.srcpad.PushEvent(ev)
	}
	return s.srcpad.PushEvent(ev)
}

func (s *Src) seekable() bool {
	s.mu.Lock()
	f := s.segment.Format
	s.mu.Unlock()
	if f == gst.FormatBytes {
		if _, ok := s.impl.Size(); !ok {
			return s.impl.IsSeekable()
		}
	}
	return s.impl.IsSeekable()
}

// ---------------------------------------------------------------------------
// Activation and flushing

func (s *Src) activateMode(pad *gst.Pad, mode gst.PadMode, active bool) bool {
	if active {
		if err := s.start(); err != nil {
			// the subclass should have posted its own error; this is C's
			// fallback (CORE STATE_CHANGE, default text), with the cause
			s.PostError(&gst.CoreError{Code: gst.CoreErrorStateChange, Err: err}, "Failed to start: "+err.Error())
			return false
		}
		s.mu.Lock()
		s.flushing = false
		s.mu.Unlock()
		if mode == gst.PadModePush {
			s.startTask()
		}
		return true
	}
	s.setFlushingInternal(true, false)
	s.stopTask()
	s.stop()
	return true
}

func (s *Src) start() error {
	s.mu.Lock()
	if s.started {
		s.mu.Unlock()
		return nil
	}
	s.mu.Unlock()
	if s.starter != nil {
		if err := s.starter.Start(); err != nil {
			return err
		}
	}
	size, haveSize := s.impl.Size()
	seekable := s.impl.IsSeekable()
	s.mu.Lock()
	s.started = true
	s.numLeft = s.numBuffers
	s.streamStartPend = true
	s.segmentPending = true
	s.segSeqnum = gst.SeqnumNext()
	s.discont = true
	s.randomAcc = seekable && s.segment.Format == gst.FormatBytes
	if haveSize && s.segment.Format == gst.FormatBytes {
		s.segment.Duration = size
	}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	s.mu.Unlock()
	return nil
}

// isRandomAccess reports whether the source can work in pull mode (it is
// seekable in BYTES format). That is known once started, so a source that
// is not started yet is started and stopped again to find out (how a
// demuxer downstream learns it can pull before the source runs).
func (s *Src) isRandomAccess() bool {
	s.mu.Lock()
	started := s.started
	seg := s.segment // a seek sent before the start lives here: keep it
	s.mu.Unlock()
	if !started {
		if err := s.start(); err != nil {
			return false
		}
		s.stop()
		s.mu.Lock()
		s.segment = seg
		s.mu.Unlock()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.randomAcc
}

func (s *Src) stop() {
	s.mu.Lock()
	if !s.started {
		s.mu.Unlock()
		return
	}
	s.started = false
	if s.cancel != nil {
		s.cancel()
	}
	f := s.segment.Format
	s.segment.Init(f)
	s.mu.Unlock()
	if s.stopper != nil {
		if err := s.stopper.Stop(); err != nil {
			s.PostError(&gst.ResourceError{Code: gst.ResourceErrorClose, Msg: "Failed to stop.", Err: err}, err.Error())
		}
	}
}

// unlock cancels the current context (the unlock vfunc) and wakes a live
// wait; a new context is made for the next Create.
func (s *Src) unlock() {
	s.mu.Lock()
	if s.cancel != nil {
		s.cancel()
	}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	s.mu.Unlock()
	s.liveLock.Lock()
	s.liveCond.Broadcast()
	s.liveLock.Unlock()
}

func (s *Src) setFlushing(flushing bool) { s.setFlushingInternal(flushing, true) }

func (s *Src) setFlushingInternal(flushing, restart bool) {
	s.mu.Lock()
	s.flushing = flushing
	if flushing && s.cancel != nil {
		s.cancel()
	}
	if !flushing {
		s.ctx, s.cancel = context.WithCancel(context.Background())
	}
	s.mu.Unlock()
	s.liveLock.Lock()
	s.liveCond.Broadcast()
	s.liveLock.Unlock()
	if !flushing && restart && s.srcpad.Mode() == gst.PadModePush {
		s.mu.Lock()
		s.segmentPending = true
		s.discont = true
		s.mu.Unlock()
		s.startTask()
	}
}

func (s *Src) setPlaying(live bool) {
	s.liveLock.Lock()
	s.mu.Lock()
	s.liveRunning = live
	s.mu.Unlock()
	s.liveCond.Broadcast()
	s.liveLock.Unlock()
	if !live {
		// interrupt a blocking Create of a live source
		s.mu.Lock()
		isLive := s.live
		s.mu.Unlock()
		if isLive {
			s.unlock()
		}
	}
}

// The streaming task is the src pad's task (gst_pad_start_task): each
// iteration of loop runs under the pad's stream lock, which is recursive,
// so the loop may pause its own task and handle a seek from its own
// thread. Task state changes go through the pad, which orders them: a
// pause that lands after a stop is a no-op.
func (s *Src) startTask() { s.srcpad.StartTask(s.loop) }

func (s *Src) pauseTask() { s.srcpad.PauseTask() }

func (s *Src) stopTask() { s.srcpad.StopTask() }

// ---------------------------------------------------------------------------
// Seeking

func (s *Src) performSeek(ev *gst.SeekEvent, running bool) bool {
	flush := ev.Flags&gst.SeekFlagFlush != 0
	seqnum := ev.Seqnum()
	// A seek in another format than the segment's cannot be converted:
	// refuse it before flushing anything, as basesrc's failed
	// prepare_seek_segment does (a demuxer in push mode sends a TIME seek
	// upstream first and falls back to BYTES when it is refused).
	s.mu.Lock()
	format := s.segment.Format
	s.mu.Unlock()
	if ev.Format != format {
		return false
	}
	if running {
		if flush {
			fs := gst.NewFlushStartEvent()
			fs.SetSeqnum(seqnum)
			s.srcpad.PushEvent(fs)
			s.mu.Lock()
			s.flushing = true
			s.mu.Unlock()
		} else {
			s.pauseTask()
		}
		s.unlock()
		s.srcpad.StreamLock()
		s.pauseTask()
	}
	s.mu.Lock()
	seg := s.segment
	s.mu.Unlock()
	ok := ev.Format == seg.Format
	if ok {
		start, stop := uint64(ev.Start), uint64(ev.Stop)
		if ev.StartType == gst.SeekTypeNone || ev.Start < 0 {
			start = none
		}
		if ev.StopType == gst.SeekTypeNone || ev.Stop < 0 {
			stop = none
		}
		if _, err := seg.DoSeek(ev.Rate, ev.Format, ev.Flags, ev.StartType, start, ev.StopType, stop); err != nil {
			ok = false
		}
	}
	if ok {
		ok = s.impl.DoSeek(&seg)
	}
	if running && flush {
		fs := gst.NewFlushStopEvent(true)
		fs.SetSeqnum(seqnum)
		s.srcpad.PushEvent(fs)
		s.mu.Lock()
		s.flushing = false
		s.mu.Unlock()
	}
	if ok {
		s.mu.Lock()
		s.segment = seg
		s.segmentPending = true
		s.segSeqnum = seqnum
		s.discont = true
		if s.numBuffers >= 0 && flush {
			s.numLeft = s.numBuffers
		}
		s.mu.Unlock()
		if seg.Flags&gst.SegmentFlagSegment != 0 {
			m := gst.NewSegmentStartMessage(s.Impl(), seg.Format, int64(seg.Position))
			m.SetSeqnum(seqnum)
			s.Impl().PostMessage(m)
		}
	}
	if running {
		if s.srcpad.Mode() == gst.PadModePush {
			s.startTask()
		}
		s.srcpad.StreamUnlock()
	}
	return ok
}

// ---------------------------------------------------------------------------
// Streaming

func (s *Src) pushStreamStartIfPending() {
	s.mu.Lock()
	pending := s.streamStartPend
	s.streamStartPend = false
	s.mu.Unlock()
	if !pending {
		return
	}
	id := fmt.Sprintf("%s/%s", s.Name(), s.srcpad.Name())
	if old := s.srcpad.StreamID(); old != "" {
		id = old
	}
	ev := gst.NewStreamStartEvent(id)
	s.mu.Lock()
	if s.groupID == 0 {
		s.groupID = gst.GroupIDNext()
	}
	g := s.groupID
	s.mu.Unlock()
	ev.SetGroupID(g)
	s.srcpad.PushEvent(ev)
}

func (s *Src) waitPlaying() error {
	s.liveLock.Lock()
	defer s.liveLock.Unlock()
	for {
		s.mu.Lock()
		live, running, flushing, eos := s.live, s.liveRunning, s.flushing, s.pendingEOS != nil
		s.mu.Unlock()
		if flushing {
			return gst.ErrFlushing
		}
		if !live || running || eos {
			return nil
		}
		s.liveCond.Wait()
	}
}

// getRange produces one buffer at offset in the src's format (the loop's
// and the pull-mode path): num-buffers, size limits, Create, timestamps.
func (s *Src) getRange(offset uint64, length uint, fromLoop bool) (*gst.Buffer, error) {
	if fromLoop {
		if err := s.waitPlaying(); err != nil {
			return nil, err
		}
	}
	s.mu.Lock()
	if s.flushing {
		s.mu.Unlock()
		return nil, gst.ErrFlushing
	}
	if s.numLeft >= 0 {
		if s.numLeft == 0 {
			s.mu.Unlock()
			return nil, gst.ErrEOS
		}
		s.numLeft--
	}
	seg := s.segment
	ctx := s.ctx
	doTS := s.doTimestamp
	autoEOS := s.autoEOS
	s.mu.Unlock()
	if seg.Format == gst.FormatBytes {
		maxsize := seg.Stop
		if size, ok := s.impl.Size(); ok && (maxsize == none || size < maxsize) {
			maxsize = size
		}
		if maxsize != none && autoEOS {
			if offset >= maxsize {
				return nil, gst.ErrEOS
			}
			if offset+uint64(length) > maxsize {
				length = uint(maxsize - offset)
			}
		}
	}
	buf, err := s.creator(ctx, offset, length)
	if err != nil {
		if buf != nil {
			buf.Unref()
		}
		if ctx.Err() != nil && !errors.Is(err, gst.ErrEOS) {
			s.mu.Lock()
			fl := s.flushing
			s.mu.Unlock()
			if fl {
				return nil, gst.ErrFlushing
			}
		}
		return nil, err
	}
	if buf == nil {
		s.mu.Lock()
		list := s.pendingList
		if !fromLoop {
			s.pendingList = nil
		}
		s.mu.Unlock()
		if list != nil && fromLoop {
			// SubmitBufferList: the loop pushes the list
			return nil, nil
		}
		if list != nil {
			list.Unref()
			return nil, gst.NewFlowError(gst.FlowError, "buffer lists are not supported in pull mode")
		}
		return nil, gst.NewFlowError(gst.FlowError, "create returned no buffer")
	}
	if doTS && buf.PTS == gst.ClockTimeNone {
		if rt := s.CurrentRunningTime(); rt != gst.ClockTimeNone {
			buf.PTS = rt
		}
	}
	if offset == 0 && seg.Format == gst.FormatTime && buf.PTS == gst.ClockTimeNone && buf.DTS == gst.ClockTimeNone {
		buf.DTS = 0
	}
	return buf, nil
}

func (s *Src) getRangePull(_ *gst.Pad, offset uint64, length uint) (*gst.Buffer, error) {
	return s.getRange(offset, length, false)
}

// loop is gst_base_src_loop: one buffer per call.
func (s *Src) loop() {
	// One critical section for the per-buffer state (the loop runs once
	// per buffer).
	s.mu.Lock()
	if s.flushing {
		s.mu.Unlock()
		s.pauseTask()
		return
	}
	eos := s.pendingEOS
	s.pendingEOS = nil
	offset := s.segment.Position
	if offset == none {
		offset = 0
	}
	length := s.blocksize
	format := s.segment.Format
	s.mu.Unlock()
	if eos != nil {
		s.pushStreamStartIfPending()
		s.pushSegmentIfPending()
		s.srcpad.PushEvent(eos)
		s.pauseTask()
		return
	}
	s.pushStreamStartIfPending()
	// Activation marks the pad NEED_RECONFIGURE, so the first buffer
	// negotiates; afterwards only a RECONFIGURE event does (as
	// gst_base_src_loop checks gst_pad_check_reconfigure only).
	if s.srcpad.CheckReconfigure() {
		if !s.impl.Negotiate() {
			s.srcpad.MarkReconfigure()
			s.pause(gst.ErrNotNegotiated)
			return
		}
	}
	buf, err := s.getRange(offset, length, true)
	if err != nil {
		s.mu.Lock()
		eos = s.pendingEOS
		s.mu.Unlock()
		if eos != nil && errors.Is(err, gst.ErrFlushing) == false {
			// an EOS sent to the element interrupted Create
			return
		}
		if eos != nil {
			return
		}
		s.pause(err)
		return
	}
	s.pushSegmentIfPending()
	var list *gst.BufferList
	s.mu.Lock()
	if buf == nil {
		// a list submitted with SubmitBufferList
		list = s.pendingList
		s.pendingList = nil
		if s.discont && list.Len() > 0 {
			list = list.MakeWritable()
			list.GetWritable(0).SetFlags(gst.BufferFlagDiscont)
			s.discont = false
		}
		size := 0
		for i := 0; i < list.Len(); i++ {
			b := list.Get(i)
			size += b.Size()
			if format == gst.FormatTime && b.PTS != gst.ClockTimeNone {
				pos := b.PTS
				if b.Duration != gst.ClockTimeNone && s.segment.Rate >= 0 {
					pos += b.Duration
				}
				s.segment.Position = uint64(pos)
			}
		}
		if format == gst.FormatBytes {
			s.segment.Position = offset + uint64(size)
		}
	} else {
		if s.discont {
			buf.SetFlags(gst.BufferFlagDiscont)
			s.discont = false
		}
		switch format {
		case gst.FormatBytes:
			s.segment.Position = offset + uint64(buf.Size())
		case gst.FormatTime:
			if buf.PTS != gst.ClockTimeNone {
				pos := buf.PTS
				if buf.Duration != gst.ClockTimeNone && s.segment.Rate >= 0 {
					pos += buf.Duration
				}
				s.segment.Position = uint64(pos)
			}
		}
	}
	stop := s.segment.Stop
	pos := s.segment.Position
	rate := s.segment.Rate
	s.mu.Unlock()
	if list != nil {
		err = s.srcpad.PushList(list)
	} else {
		err = s.srcpad.Push(buf)
	}
	if err != nil {
		s.pause(err)
		return
	}
	if format == gst.FormatTime && stop != none && rate > 0 && pos >= stop {
		s.pause(gst.ErrEOS)
	}
}

func (s *Src) pushSegmentIfPending() {
	s.mu.Lock()
	if !s.segmentPending {
		s.mu.Unlock()
		return
	}
	s.segmentPending = false
	seg := s.segment
	seqnum := s.segSeqnum
	s.mu.Unlock()
	ev := gst.NewSegmentEvent(&seg)
	ev.SetSeqnum(seqnum)
	s.srcpad.PushEvent(ev)
}

// pause handles a flow error from the loop as gst_base_src_loop's pause
// label: FLUSHING pauses quietly, EOS pushes EOS (or SEGMENT_DONE for a
// segment seek), NOT_LINKED and fatal flows post an error and push EOS.
func (s *Src) pause(err error) {
	s.pauseTask()
	if errors.Is(err, gst.ErrFlushing) {
		return
	}
	s.mu.Lock()
	seg := s.segment
	seqnum := s.segSeqnum
	s.mu.Unlock()
	flow := gst.FlowFromError(err)
	if flow == gst.FlowEOS {
		if seg.Flags&gst.SegmentFlagSegment != 0 {
			pos := seg.Stop
			if seg.Rate < 0 {
				pos = seg.Start
			} else if pos == none {
				pos = seg.Position
			}
			m := gst.NewSegmentDoneMessage(s.Impl(), seg.Format, int64(pos))
			m.SetSeqnum(seqnum)
			s.Impl().PostMessage(m)
			ev := gst.NewSegmentDoneEvent(seg.Format, int64(pos))
			ev.SetSeqnum(seqnum)
			s.srcpad.PushEvent(ev)
			return
		}
		ev := gst.NewEOSEvent()
		ev.SetSeqnum(seqnum)
		s.srcpad.PushEvent(ev)
		return
	}
	if gst.IsFatalFlow(err) {
		s.PostFlowError(err)
		ev := gst.NewEOSEvent()
		ev.SetSeqnum(seqnum)
		s.srcpad.PushEvent(ev)
	}
}

// NewSegment replaces the source's segment with seg (same format as the
// source's, which must be configured) and sends it before the next data.
// Call it from Create, where the stream lock is held. It reports false
// when the formats differ or the source has no format yet.
//
// GStreamer: gst_base_src_new_segment (libs/gst/base/gstbasesrc.c).
func (s *Src) NewSegment(seg *gst.Segment) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.segment.Format == gst.FormatUndefined || s.segment.Format != seg.Format {
		return false
	}
	s.segment = *seg
	s.segmentPending = true
	s.segSeqnum = gst.SeqnumNext()
	return true
}

// SubmitBufferList makes the streaming loop push list (taking ownership)
// instead of a buffer: Create calls it and returns a nil buffer and a nil
// error. Only valid in push mode, from Create.
//
// GStreamer: gst_base_src_submit_buffer_list (libs/gst/base/gstbasesrc.c).
func (s *Src) SubmitBufferList(list *gst.BufferList) {
	s.mu.Lock()
	if s.pendingList != nil {
		s.pendingList.Unref()
	}
	s.pendingList = list
	s.mu.Unlock()
}

// none is GST_CLOCK_TIME_NONE / -1 as the uint64 of segment fields.
const none = ^uint64(0)
