package app

import (
	"context"
	"sync"
	"time"

	"github.com/gstmini/gstmini/base"
	"github.com/gstmini/gstmini/gst"
)

// Default values of the AppSink properties.
//
// GStreamer: DEFAULT_PROP_* (gst-libs/gst/app/gstappsink.c, gst-plugins-base).
const (
	DefaultAppSinkEOS         = true
	DefaultAppSinkEmitSignals = false
	DefaultAppSinkMaxBuffers  = uint(0)
	DefaultAppSinkDrop        = false
	DefaultAppSinkWaitOnEOS   = true
	DefaultAppSinkBufferList  = false
	DefaultAppSinkMaxTime     = uint64(0)
	DefaultAppSinkMaxBytes    = uint64(0)
)

// AppSinkClass is the "appsink" element class.
//
// GStreamer: GstAppSinkClass (gst-libs/gst/app/gstappsink.c, gst-plugins-base).
var AppSinkClass = &gst.ElementClass{
	Name:     "appsink",
	TypeName: "GstAppSink",
	Rank:     gst.RankNone,
	Metadata: gst.ElementMetadata{
		LongName:    "AppSink",
		Klass:       "Generic/Sink",
		Description: "Allow the application to get access to raw buffer",
		Author:      "David Schleef <ds@schleef.org>, Wim Taymans <wim.taymans@gmail.com>",
		DocURI:      "https://gstreamer.freedesktop.org/documentation/app/appsink.html",
	},
	PadTemplates: []*gst.PadTemplate{
		gst.MustNewPadTemplate("sink", gst.PadSink, gst.PadAlways, gst.NewCapsAny()),
	},
	Properties:   appSinkProperties(),
	New:          func() gst.Element { return &AppSink{} },
	Plugin:       PluginInfo,
	URIProtocols: []string{"appsink"},
	URIType:      gst.URISink,
}

func appSinkProperties() []*gst.ParamSpec {
	rw := gst.ParamReadWrite
	props := []*gst.ParamSpec{
		gst.ParamCaps("caps", "Caps", "The allowed caps for the sink pad", rw),
		gst.ParamBool("eos", "EOS", "Check if the sink is EOS or not started", DefaultAppSinkEOS, gst.ParamReadable),
		gst.ParamBool("emit-signals", "Emit signals", "Emit new-preroll and new-sample signals",
			DefaultAppSinkEmitSignals, rw),
		gst.ParamUint("max-buffers", "Max Buffers", "The maximum number of buffers to queue internally (0 = unlimited)",
			0, 1<<32-1, DefaultAppSinkMaxBuffers, rw),
		gst.ParamBool("drop", "Drop", "Drop old buffers when the buffer queue is filled", DefaultAppSinkDrop, rw),
		gst.ParamBool("wait-on-eos", "Wait on EOS", "Wait for all buffers to be processed after receiving an EOS",
			DefaultAppSinkWaitOnEOS, rw),
		gst.ParamBool("buffer-list", "Buffer List", "Use buffer lists", DefaultAppSinkBufferList, rw),
		gst.ParamUint64("max-time", "Max time", "The maximum total duration to queue internally (in ns, 0 = unlimited)",
			0, ^uint64(0), DefaultAppSinkMaxTime, rw),
		gst.ParamUint64("max-bytes", "Max bytes", "The maximum amount of bytes to queue internally (0 = unlimited)",
			0, ^uint64(0), DefaultAppSinkMaxBytes, rw),
	}
	return append(props, base.SinkProperties()...)
}

// AppSinkCallbacks are called by AppSink instead of the eos, new-preroll,
// new-sample and new-serialized-event handlers when set with
// SetCallbacks. Any field may be nil. They run on the streaming thread
// without internal locks held and may pull from the sink (the usual
// NewSample body is `smp := sink.PullSample()`). A non-nil error from
// NewPreroll or NewSample is returned upstream as the flow result.
//
// GStreamer: GstAppSinkCallbacks (gst-libs/gst/app/gstappsink.h, gst-plugins-base).
type AppSinkCallbacks struct {
	// EOS is called when EOS reached the sink (after the queue drained
	// when wait-on-eos is true).
	EOS func(sink *AppSink)
	// NewPreroll is called when a preroll sample is available.
	NewPreroll func(sink *AppSink) error
	// NewSample is called when a sample was queued.
	NewSample func(sink *AppSink) error
	// NewEvent is called when a serialized event was queued; returning
	// true means the application handled it (it is not processed further
	// by the sink).
	NewEvent func(sink *AppSink) bool
}

// AppSink is the "appsink" element: it queues every rendered buffer as a
// gst.Sample (buffer + caps + segment) for the application to take with
// PullSample, TryPullSample or the Samples channel. max-buffers bounds the
// queue (0 = unlimited): when it is full, rendering blocks until the
// application pulls (drop=false) or the oldest sample is dropped
// (drop=true). The preroll buffer is also available with PullPreroll.
//
//	gst-launch-1.0 fakesrc num-buffers=3 ! appsink max-buffers=1 drop=true
//
// GStreamer: GstAppSink (gst-libs/gst/app/gstappsink.c, gst-plugins-base).
type AppSink struct {
	base.Sink

	mu   sync.Mutex
	cond sync.Cond

	caps        *gst.Caps
	emitSignals bool
	maxBuffers  uint
	drop        bool
	waitOnEOS   bool
	bufferList  bool
	maxTime     uint64
	maxBytes    uint64

	queue          []any // *gst.Buffer, *gst.BufferList, gst.Event
	numBuffers     uint
	numEvents      uint
	queuedBytes    uint64
	queuedTime     uint64
	lastInRT       uint64
	lastOutRT      uint64
	prerollBuffer  *gst.Buffer
	prerollCaps    *gst.Caps
	prerollSegment gst.Segment
	lastCaps       *gst.Caps
	lastSegment    gst.Segment
	flushing       bool
	started        bool
	isEOS          bool
	gen            uint64 // bumped when the sink leaves PAUSED or stops

	callbacks    *AppSinkCallbacks
	onEOS        []func(sink *AppSink)
	onNewPreroll []func(sink *AppSink) error
	onNewSample  []func(sink *AppSink) error
}

var (
	_ base.Renderer = (*AppSink)(nil)
	_ base.SinkImpl = (*AppSink)(nil)
	_ base.Starter  = (*AppSink)(nil)
	_ base.Stopper  = (*AppSink)(nil)
)

// NewAppSink creates an "appsink" element named name ("" picks a unique
// name), for applications that build pipelines in Go.
//
// GStreamer: gst_element_factory_make ("appsink", name) (gst/gstelementfactory.c).
func NewAppSink(name string) (*AppSink, error) {
	el := AppSinkClass.New()
	if err := gst.InitElement(el, AppSinkClass, name); err != nil {
		return nil, err
	}
	return el.(*AppSink), nil
}

// Constructed sets the defaults and chains up to base.Sink.
//
// GStreamer: gst_app_sink_init (gst-libs/gst/app/gstappsink.c, gst-plugins-base).
func (s *AppSink) Constructed() error {
	if err := s.Sink.Constructed(); err != nil {
		return err
	}
	s.cond.L = &s.mu
	s.emitSignals = DefaultAppSinkEmitSignals
	s.maxBuffers = DefaultAppSinkMaxBuffers
	s.drop = DefaultAppSinkDrop
	s.waitOnEOS = DefaultAppSinkWaitOnEOS
	s.bufferList = DefaultAppSinkBufferList
	s.lastInRT, s.lastOutRT = appSrcNone, appSrcNone
	return nil
}

// ---------------------------------------------------------------------------
// Properties and settings

// SetProperty sets the appsink properties and chains up for the base.Sink
// ones.
//
// GStreamer: gst_app_sink_set_property (gst-libs/gst/app/gstappsink.c, gst-plugins-base).
func (s *AppSink) SetProperty(name string, v any) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch name {
	case "caps":
		s.caps = v.(*gst.Caps)
	case "emit-signals":
		s.emitSignals = v.(bool)
	case "max-buffers":
		s.maxBuffers = v.(uint)
		s.cond.Broadcast()
	case "drop":
		s.drop = v.(bool)
		s.cond.Broadcast()
	case "wait-on-eos":
		s.waitOnEOS = v.(bool)
		s.cond.Broadcast()
	case "buffer-list":
		s.bufferList = v.(bool)
	case "max-time":
		s.maxTime = v.(uint64)
		s.cond.Broadcast()
	case "max-bytes":
		s.maxBytes = v.(uint64)
		s.cond.Broadcast()
	default:
		s.mu.Unlock()
		err := s.Sink.SetProperty(name, v)
		s.mu.Lock()
		return err
	}
	return nil
}

// Property returns an appsink property value, chaining up for the
// base.Sink ones.
//
// GStreamer: gst_app_sink_get_property (gst-libs/gst/app/gstappsink.c, gst-plugins-base).
func (s *AppSink) Property(name string) any {
	if name == "eos" {
		return s.IsEOS()
	}
	if v := s.ownProperty(name); v != nil {
		return v
	}
	return s.Sink.Property(name)
}

func (s *AppSink) ownProperty(name string) any {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch name {
	case "caps":
		return s.caps
	case "emit-signals":
		return s.emitSignals
	case "max-buffers":
		return s.maxBuffers
	case "drop":
		return s.drop
	case "wait-on-eos":
		return s.waitOnEOS
	case "buffer-list":
		return s.bufferList
	case "max-time":
		return s.maxTime
	case "max-bytes":
		return s.maxBytes
	}
	return nil
}

// SetAllowedCaps sets the caps the sink accepts (nil = any); the "caps"
// property. (SetCaps is base.Sink's set_caps vfunc.) Safe for concurrent
// use.
//
// GStreamer: gst_app_sink_set_caps (gst-libs/gst/app/gstappsink.c, gst-plugins-base).
func (s *AppSink) SetAllowedCaps(caps *gst.Caps) {
	s.mu.Lock()
	s.caps = caps
	s.mu.Unlock()
}

// AllowedCaps returns the caps set with SetAllowedCaps, or nil. Safe for
// concurrent use.
//
// GStreamer: gst_app_sink_get_caps (gst-libs/gst/app/gstappsink.c, gst-plugins-base).
func (s *AppSink) AllowedCaps() *gst.Caps {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.caps
}

// IsEOS reports whether no more samples can be pulled because EOS was
// received and the queue is empty; it is also true when the sink is not
// started (NULL state). Safe for concurrent use.
//
// GStreamer: gst_app_sink_is_eos (gst-libs/gst/app/gstappsink.c, gst-plugins-base).
func (s *AppSink) IsEOS() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.started {
		return true
	}
	return s.isEOS && s.numBuffers == 0
}

// SetEmitSignals enables the ConnectNewSample/ConnectNewPreroll handlers;
// callbacks set with SetCallbacks take precedence. Safe for concurrent
// use.
//
// GStreamer: gst_app_sink_set_emit_signals (gst-libs/gst/app/gstappsink.c, gst-plugins-base).
func (s *AppSink) SetEmitSignals(emit bool) {
	s.mu.Lock()
	s.emitSignals = emit
	s.mu.Unlock()
}

// SetMaxBuffers sets the queue limit in buffers (0 = unlimited). Safe for
// concurrent use.
//
// GStreamer: gst_app_sink_set_max_buffers (gst-libs/gst/app/gstappsink.c, gst-plugins-base).
func (s *AppSink) SetMaxBuffers(max uint) {
	s.mu.Lock()
	s.maxBuffers = max
	s.cond.Broadcast()
	s.mu.Unlock()
}

// SetDrop sets whether a full queue drops its oldest sample instead of
// blocking the streaming thread. Safe for concurrent use.
//
// GStreamer: gst_app_sink_set_drop (gst-libs/gst/app/gstappsink.c, gst-plugins-base).
func (s *AppSink) SetDrop(drop bool) {
	s.mu.Lock()
	s.drop = drop
	s.cond.Broadcast()
	s.mu.Unlock()
}

// SetWaitOnEOS sets whether EOS handling waits until the queue is pulled
// empty. Safe for concurrent use.
//
// GStreamer: gst_app_sink_set_wait_on_eos (gst-libs/gst/app/gstappsink.c, gst-plugins-base).
func (s *AppSink) SetWaitOnEOS(wait bool) {
	s.mu.Lock()
	s.waitOnEOS = wait
	s.cond.Broadcast()
	s.mu.Unlock()
}

// SetBufferListSupport sets whether buffer lists are queued as lists
// (samples with BufferList) rather than split into buffers. Safe for
// concurrent use.
//
// GStreamer: gst_app_sink_set_buffer_list_support (gst-libs/gst/app/gstappsink.c, gst-plugins-base).
func (s *AppSink) SetBufferListSupport(enable bool) {
	s.mu.Lock()
	s.bufferList = enable
	s.mu.Unlock()
}

// SetCallbacks installs cb (copied); while callbacks are set the
// Connect* handlers are not called. Safe for concurrent use.
//
// GStreamer: gst_app_sink_set_callbacks (gst-libs/gst/app/gstappsink.c, gst-plugins-base).
func (s *AppSink) SetCallbacks(cb AppSinkCallbacks) {
	s.mu.Lock()
	s.callbacks = &cb
	s.mu.Unlock()
}

// ConnectEOS adds an eos handler (called even when emit-signals is false,
// as in GStreamer). Safe for concurrent use.
//
// GStreamer: GstAppSink::eos (gst-libs/gst/app/gstappsink.c, gst-plugins-base).
func (s *AppSink) ConnectEOS(fn func(sink *AppSink)) {
	s.mu.Lock()
	s.onEOS = append(s.onEOS, fn)
	s.mu.Unlock()
}

// ConnectNewPreroll adds a new-preroll handler, called when emit-signals
// is true. Safe for concurrent use.
//
// GStreamer: GstAppSink::new-preroll (gst-libs/gst/app/gstappsink.c, gst-plugins-base).
func (s *AppSink) ConnectNewPreroll(fn func(sink *AppSink) error) {
	s.mu.Lock()
	s.onNewPreroll = append(s.onNewPreroll, fn)
	s.mu.Unlock()
}

// ConnectNewSample adds a new-sample handler, called when emit-signals is
// true. Safe for concurrent use.
//
// GStreamer: GstAppSink::new-sample (gst-libs/gst/app/gstappsink.c, gst-plugins-base).
func (s *AppSink) ConnectNewSample(fn func(sink *AppSink) error) {
	s.mu.Lock()
	s.onNewSample = append(s.onNewSample, fn)
	s.mu.Unlock()
}

// ---------------------------------------------------------------------------
// Pulling (application side)

// PullPreroll returns the preroll sample, blocking until one is
// available; nil when the sink is EOS or stopped. The caller owns the
// sample's buffer reference. Safe for concurrent use.
//
// GStreamer: gst_app_sink_pull_preroll (gst-libs/gst/app/gstappsink.c, gst-plugins-base).
func (s *AppSink) PullPreroll() *gst.Sample { return s.TryPullPreroll(gst.ClockTimeNone) }

// TryPullPreroll is PullPreroll waiting at most timeout ns
// (gst.ClockTimeNone = forever, 0 = no wait); nil on timeout.
//
// GStreamer: gst_app_sink_try_pull_preroll (gst-libs/gst/app/gstappsink.c, gst-plugins-base).
func (s *AppSink) TryPullPreroll(timeout gst.ClockTime) *gst.Sample {
	expired, stop := s.waitTimer(timeout)
	defer stop()
	s.mu.Lock()
	defer s.mu.Unlock()
	gen := s.gen
	for {
		if !s.started || s.gen != gen {
			return nil
		}
		if s.prerollBuffer != nil {
			break
		}
		if s.isEOS || expired() {
			return nil
		}
		s.cond.Wait()
	}
	smp := gst.NewSample(s.prerollBuffer, s.prerollCaps, &s.prerollSegment, nil)
	s.prerollBuffer = nil
	return smp
}

// PullSample returns the next sample, blocking until one is queued; nil
// when the sink is EOS (and the queue is empty), or when it is stopped or
// leaves PAUSED while waiting. The caller owns the sample's buffer (or
// list) reference. Safe for concurrent use.
//
// GStreamer: gst_app_sink_pull_sample (gst-libs/gst/app/gstappsink.c, gst-plugins-base).
func (s *AppSink) PullSample() *gst.Sample { return s.TryPullSample(gst.ClockTimeNone) }

// TryPullSample is PullSample waiting at most timeout ns
// (gst.ClockTimeNone = forever, 0 = no wait); nil on timeout.
//
// GStreamer: gst_app_sink_try_pull_sample (gst-libs/gst/app/gstappsink.c, gst-plugins-base).
func (s *AppSink) TryPullSample(timeout gst.ClockTime) *gst.Sample {
	expired, stop := s.waitTimer(timeout)
	defer stop()
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.pullLocked(nil, s.gen, expired, false)
}

// Samples returns a channel delivering the samples as PullSample would. A
// goroutine pulls one sample at a time and waits until it is received, so
// at most one sample is held outside the queue (the queue limits still
// apply to the rest). The channel is closed at EOS, when ctx is done, or
// when the sink goes to READY or NULL after the call (it may be called
// before the pipeline starts). The receiver owns each sample's buffer
// reference; a sample pulled but not delivered because ctx ended is
// released. Safe for concurrent use.
//
// GStreamer: none (Go-only helper over gst_app_sink_pull_sample).
func (s *AppSink) Samples(ctx context.Context) <-chan *gst.Sample {
	ch := make(chan *gst.Sample)
	s.mu.Lock()
	gen := s.gen
	s.mu.Unlock()
	go func() {
		defer close(ch)
		stop := context.AfterFunc(ctx, func() {
			s.mu.Lock()
			s.cond.Broadcast()
			s.mu.Unlock()
		})
		defer stop()
		for {
			s.mu.Lock()
			smp := s.pullLocked(ctx, gen, func() bool { return false }, true)
			s.mu.Unlock()
			if smp == nil {
				return
			}
			select {
			case ch <- smp:
			case <-ctx.Done():
				appSinkReleaseSample(smp)
				return
			}
		}
	}()
	return ch
}

func appSinkReleaseSample(smp *gst.Sample) {
	if smp.Buffer != nil {
		smp.Buffer.Unref()
	}
	if smp.BufferList != nil {
		smp.BufferList.Unref()
	}
}

// waitTimer returns, for a wait of at most timeout ns (ClockTimeNone =
// forever, 0 = no wait), a check that the time is up and a stop function;
// a timer wakes the cond at the deadline.
func (s *AppSink) waitTimer(timeout gst.ClockTime) (expired func() bool, stop func()) {
	switch timeout {
	case gst.ClockTimeNone:
		return func() bool { return false }, func() {}
	case 0:
		return func() bool { return true }, func() {}
	}
	end := time.Now().Add(time.Duration(timeout))
	t := time.AfterFunc(time.Duration(timeout), func() {
		s.mu.Lock()
		s.cond.Broadcast()
		s.mu.Unlock()
	})
	return func() bool { return !time.Now().Before(end) }, func() { t.Stop() }
}

// pullLocked is gst_app_sink_try_pull_object restricted to samples; called
// with s.mu held. For the channel (lenient), an unstarted sink is waited
// for instead of ending the pull.
func (s *AppSink) pullLocked(ctx context.Context, gen uint64, expired func() bool, lenient bool) *gst.Sample {
	if s.prerollBuffer != nil {
		s.prerollBuffer.Unref()
		s.prerollBuffer = nil
	}
	for {
		if s.gen != gen || (ctx != nil && ctx.Err() != nil) {
			return nil
		}
		if !s.started && !lenient {
			return nil
		}
		if s.numBuffers > 0 {
			for {
				item := s.dequeueLocked()
				switch it := item.(type) {
				case *gst.Buffer:
					s.cond.Broadcast()
					seg := s.lastSegment
					return &gst.Sample{Buffer: it, Caps: s.lastCaps, Segment: seg}
				case *gst.BufferList:
					s.cond.Broadcast()
					seg := s.lastSegment
					return &gst.Sample{BufferList: it, Caps: s.lastCaps, Segment: seg}
				}
			}
		}
		if s.started && s.isEOS {
			return nil
		}
		if expired() {
			return nil
		}
		s.cond.Wait()
	}
}

// dequeueLocked is dequeue_object: pop one item, activating caps and
// segment events on the way.
func (s *AppSink) dequeueLocked() any {
	item := s.queue[0]
	s.queue[0] = nil
	s.queue = s.queue[1:]
	switch it := item.(type) {
	case *gst.Buffer, *gst.BufferList:
		s.numBuffers--
		size, _, _, end := appSrcItemInfo(item)
		s.queuedBytes -= size
		if s.lastSegment.Format == gst.FormatTime && end != gst.ClockTimeNone {
			s.lastOutRT = s.lastSegment.ToRunningTime(gst.FormatTime, appSrcClip(&s.lastSegment, end))
			s.updateQueuedTimeLocked()
		}
	case *gst.CapsEvent:
		s.numEvents--
		s.lastCaps = it.Caps
	case *gst.SegmentEvent:
		s.numEvents--
		s.lastSegment = it.Segment
	case gst.Event:
		s.numEvents--
	}
	return item
}

func (s *AppSink) updateQueuedTimeLocked() {
	if s.lastOutRT != appSrcNone && s.lastInRT != appSrcNone {
		if s.lastOutRT > s.lastInRT {
			s.queuedTime = 0
		} else {
			s.queuedTime = s.lastInRT - s.lastOutRT
		}
	}
}

// flushLocked is gst_app_sink_flush_unlocked.
func (s *AppSink) flushLocked() {
	s.isEOS = false
	if s.prerollBuffer != nil {
		s.prerollBuffer.Unref()
		s.prerollBuffer = nil
	}
	for _, item := range s.queue {
		appSrcUnrefItem(item)
	}
	s.queue = s.queue[:0]
	s.numBuffers, s.numEvents = 0, 0
	s.queuedBytes, s.queuedTime = 0, 0
	s.lastInRT, s.lastOutRT = appSrcNone, appSrcNone
	s.lastCaps = nil
	s.cond.Broadcast()
}

// ---------------------------------------------------------------------------
// base.Sink vfuncs (streaming side)

// Start prepares the sink (NULL→READY): pulls block from now on.
//
// GStreamer: gst_app_sink_start (gst-libs/gst/app/gstappsink.c, gst-plugins-base).
func (s *AppSink) Start() error {
	s.mu.Lock()
	s.flushing = false
	s.started = true
	s.prerollSegment.Init(gst.FormatTime)
	s.lastSegment.Init(gst.FormatTime)
	s.mu.Unlock()
	return nil
}

// Stop (READY→NULL) empties the queue and makes pulls return nil.
//
// GStreamer: gst_app_sink_stop (gst-libs/gst/app/gstappsink.c, gst-plugins-base).
func (s *AppSink) Stop() error {
	s.mu.Lock()
	s.flushing = true
	s.started = false
	s.gen++
	s.flushLocked()
	s.prerollCaps = nil
	s.prerollSegment.Init(gst.FormatUndefined)
	s.lastSegment.Init(gst.FormatUndefined)
	s.mu.Unlock()
	return nil
}

// ChangeState chains up to base.Sink and, when the sink leaves PAUSED
// for READY, wakes the application's pulls (they return nil) and closes
// Samples channels.
//
// GStreamer: gst_base_sink_change_state with appsink's unlock (gst-libs/gst/app/gstappsink.c, gst-plugins-base).
func (s *AppSink) ChangeState(t gst.StateChange) gst.StateChangeReturn {
	ret := s.Sink.ChangeState(t)
	if t == gst.StateChangePausedToReady {
		s.mu.Lock()
		s.gen++
		s.cond.Broadcast()
		s.mu.Unlock()
	}
	return ret
}

// SetCaps queues the new caps in order with the samples (and remembers
// them for the preroll sample).
//
// GStreamer: gst_app_sink_setcaps (gst-libs/gst/app/gstappsink.c, gst-plugins-base).
func (s *AppSink) SetCaps(caps *gst.Caps) error {
	s.mu.Lock()
	s.queue = append(s.queue, gst.NewCapsEvent(caps))
	s.numEvents++
	if s.prerollBuffer == nil {
		s.prerollCaps = caps
	}
	s.mu.Unlock()
	return nil
}

// Caps returns the allowed caps intersected with filter, or the template
// caps when none are set.
//
// GStreamer: gst_app_sink_getcaps (gst-libs/gst/app/gstappsink.c, gst-plugins-base).
func (s *AppSink) Caps(filter *gst.Caps) *gst.Caps {
	s.mu.Lock()
	caps := s.caps
	s.mu.Unlock()
	if caps == nil {
		return s.Sink.Caps(filter)
	}
	if filter != nil {
		return filter.IntersectFull(caps, gst.CapsIntersectFirst)
	}
	return caps
}

// Event queues serialized events in order with the samples, records the
// preroll segment, empties the queue on FLUSH_STOP and, for EOS, waits
// (wait-on-eos) until the application pulled every sample before calling
// the eos callback. Called from the streaming thread.
//
// GStreamer: gst_app_sink_event (gst-libs/gst/app/gstappsink.c, gst-plugins-base).
func (s *AppSink) Event(ev gst.Event) bool {
	switch e := ev.(type) {
	case *gst.SegmentEvent:
		s.mu.Lock()
		if s.prerollBuffer == nil {
			s.prerollSegment = e.Segment
		}
		s.mu.Unlock()
	case *gst.EOSEvent:
		ctx := s.Context()
		stop := context.AfterFunc(ctx, func() {
			s.mu.Lock()
			s.cond.Broadcast()
			s.mu.Unlock()
		})
		s.mu.Lock()
		s.isEOS = true
		s.cond.Broadcast()
		for s.numBuffers > 0 && !s.flushing && s.waitOnEOS {
			if ctx.Err() != nil {
				s.mu.Unlock()
				stop()
				return false
			}
			s.cond.Wait()
		}
		emit := !s.flushing
		cb, handlers := s.callbacks, s.onEOS
		s.mu.Unlock()
		stop()
		if emit {
			if cb != nil {
				if cb.EOS != nil {
					cb.EOS(s)
				}
			} else {
				for _, h := range handlers {
					h(s)
				}
			}
		}
	case *gst.FlushStopEvent:
		s.mu.Lock()
		s.flushLocked()
		s.mu.Unlock()
	}
	t := ev.Type()
	if t != gst.EventEOS && t != gst.EventCaps && t.IsSerialized() {
		s.mu.Lock()
		s.queue = append(s.queue, ev)
		s.numEvents++
		cb := s.callbacks
		s.mu.Unlock()
		if cb != nil && cb.NewEvent != nil && cb.NewEvent(s) {
			return true
		}
	}
	return s.Sink.Event(ev)
}

// Preroll stores buf as the preroll sample and calls new-preroll.
// Called from the streaming thread.
//
// GStreamer: gst_app_sink_preroll (gst-libs/gst/app/gstappsink.c, gst-plugins-base).
func (s *AppSink) Preroll(buf *gst.Buffer) error {
	s.mu.Lock()
	if s.flushing {
		s.mu.Unlock()
		return gst.ErrFlushing
	}
	if s.prerollBuffer != nil {
		s.prerollBuffer.Unref()
	}
	s.prerollBuffer = buf.Ref()
	s.cond.Broadcast()
	cb, emit, handlers := s.callbacks, s.emitSignals, s.onNewPreroll
	s.mu.Unlock()
	if cb != nil {
		if cb.NewPreroll != nil {
			return cb.NewPreroll(s)
		}
		return nil
	}
	if emit {
		for _, h := range handlers {
			if err := h(s); err != nil {
				return err
			}
		}
	}
	return nil
}

// Render queues buf as a sample (blocking while the queue is full and
// drop is false) and calls new-sample. Called from the streaming thread.
//
// GStreamer: gst_app_sink_render (gst-libs/gst/app/gstappsink.c, gst-plugins-base).
func (s *AppSink) Render(buf *gst.Buffer) error { return s.renderCommon(buf) }

// RenderList queues list as one sample when buffer-list is true, and
// otherwise renders its buffers one by one. Called from the streaming
// thread.
//
// GStreamer: gst_app_sink_render_list (gst-libs/gst/app/gstappsink.c, gst-plugins-base).
func (s *AppSink) RenderList(list *gst.BufferList) error {
	s.mu.Lock()
	asList := s.bufferList
	s.mu.Unlock()
	if asList {
		return s.renderCommon(list)
	}
	for i := 0; i < list.Len(); i++ {
		if err := s.renderCommon(list.Get(i)); err != nil {
			return err
		}
	}
	return nil
}

func (s *AppSink) fullLocked() bool {
	return (s.maxBuffers > 0 && s.numBuffers >= s.maxBuffers) ||
		(s.maxBytes > 0 && s.queuedBytes >= s.maxBytes) ||
		(s.maxTime > 0 && s.queuedTime >= s.maxTime)
}

// renderCommon is gst_app_sink_render_common; item is a *gst.Buffer or
// *gst.BufferList borrowed from the base (a reference is taken).
func (s *AppSink) renderCommon(item any) error {
	ctx := s.Context()
	stop := context.AfterFunc(ctx, func() {
		s.mu.Lock()
		s.cond.Broadcast()
		s.mu.Unlock()
	})
	defer stop()
	s.mu.Lock()
	if s.flushing || ctx.Err() != nil {
		s.mu.Unlock()
		return gst.ErrFlushing
	}
	if s.lastCaps == nil {
		if c := s.SinkPad().CurrentCaps(); c != nil {
			s.lastCaps = c
		}
	}
	for s.numBuffers > 0 && s.fullLocked() {
		if s.drop {
			for {
				old := s.dequeueLocked()
				if _, ok := old.(gst.Event); !ok {
					appSrcUnrefItem(old)
					break
				}
			}
			continue
		}
		s.cond.Wait()
		if s.flushing || ctx.Err() != nil {
			s.mu.Unlock()
			return gst.ErrFlushing
		}
	}
	switch it := item.(type) {
	case *gst.Buffer:
		s.queue = append(s.queue, it.Ref())
	case *gst.BufferList:
		s.queue = append(s.queue, it.Ref())
	}
	s.numBuffers++
	size, _, start, end := appSrcItemInfo(item)
	s.queuedBytes += size
	if seg := s.Segment(); seg.Format == gst.FormatTime && end != gst.ClockTimeNone {
		s.lastInRT = seg.ToRunningTime(gst.FormatTime, appSrcClip(&seg, end))
		if s.numBuffers == 1 {
			s.lastOutRT = seg.ToRunningTime(gst.FormatTime, appSrcClip(&seg, start))
		}
		s.updateQueuedTimeLocked()
	}
	s.cond.Broadcast()
	cb, emit, handlers := s.callbacks, s.emitSignals, s.onNewSample
	s.mu.Unlock()
	if cb != nil {
		if cb.NewSample != nil {
			return cb.NewSample(s)
		}
		return nil
	}
	if emit {
		for _, h := range handlers {
			if err := h(s); err != nil {
				return err
			}
		}
	}
	return nil
}

// Query waits on DRAIN until the application pulled every sample and
// the preroll, answers SEEKING with not seekable, and chains up.
//
// GStreamer: gst_app_sink_query (gst-libs/gst/app/gstappsink.c, gst-plugins-base).
func (s *AppSink) Query(q gst.Query) bool {
	switch q := q.(type) {
	case *gst.DrainQuery:
		ctx := s.Context()
		stop := context.AfterFunc(ctx, func() {
			s.mu.Lock()
			s.cond.Broadcast()
			s.mu.Unlock()
		})
		s.mu.Lock()
		for (s.numBuffers > 0 || s.prerollBuffer != nil) && !s.flushing && ctx.Err() == nil {
			s.cond.Wait()
		}
		fail := ctx.Err() != nil
		s.mu.Unlock()
		stop()
		if fail {
			return false
		}
		return s.Sink.Query(q)
	case *gst.SeekingQuery:
		q.Seekable = false
		q.SegmentStart, q.SegmentEnd = 0, -1
		return true
	}
	return s.Sink.Query(q)
}
