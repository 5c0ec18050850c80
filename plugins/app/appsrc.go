package app

import (
	"context"
	"fmt"
	"sync"

	"github.com/gstmini/gstmini/base"
	"github.com/gstmini/gstmini/gst"
)

// AppStreamType says how an AppSrc's data can be accessed: as a stream
// (no seeking), seekable (the application handles seek-data with the new
// position) or random-access (seek-data may come for every buffer and the
// source can work in pull mode).
//
// GStreamer: GstAppStreamType (gst-libs/gst/app/gstappsrc.h, gst-plugins-base).
type AppStreamType int

// The stream types.
//
// GStreamer: GST_APP_STREAM_TYPE_STREAM, GST_APP_STREAM_TYPE_SEEKABLE,
// GST_APP_STREAM_TYPE_RANDOM_ACCESS (gst-libs/gst/app/gstappsrc.h, gst-plugins-base).
const (
	AppStreamTypeStream AppStreamType = iota
	AppStreamTypeSeekable
	AppStreamTypeRandomAccess
)

// String returns the nick: "stream", "seekable" or "random-access".
//
// GStreamer: GstAppStreamType value nicks (gst-libs/gst/app/gstappsrc.c, gst-plugins-base).
func (t AppStreamType) String() string {
	if v := appStreamTypeEnum.Value(int(t)); v != nil {
		return v.Nick
	}
	return fmt.Sprintf("AppStreamType(%d)", int(t))
}

// AppLeakyType says what a full AppSrc does with a new buffer: block or
// grow (none), drop the new one (upstream) or drop the oldest queued one
// (downstream).
//
// GStreamer: GstAppLeakyType (gst-libs/gst/app/gstapputils.h, gst-plugins-base).
type AppLeakyType int

// The leaky types.
//
// GStreamer: GST_APP_LEAKY_TYPE_NONE, GST_APP_LEAKY_TYPE_UPSTREAM,
// GST_APP_LEAKY_TYPE_DOWNSTREAM (gst-libs/gst/app/gstapputils.h, gst-plugins-base).
const (
	AppLeakyTypeNone AppLeakyType = iota
	AppLeakyTypeUpstream
	AppLeakyTypeDownstream
)

// String returns the nick: "none", "upstream" or "downstream".
//
// GStreamer: GstAppLeakyType value nicks (gst-libs/gst/app/gstapputils.c, gst-plugins-base).
func (t AppLeakyType) String() string {
	if v := appLeakyTypeEnum.Value(int(t)); v != nil {
		return v.Nick
	}
	return fmt.Sprintf("AppLeakyType(%d)", int(t))
}

var appStreamTypeEnum = &gst.EnumClass{Name: "GstAppStreamType", Values: []gst.EnumValue{
	{Value: 0, Name: "GST_APP_STREAM_TYPE_STREAM", Nick: "stream"},
	{Value: 1, Name: "GST_APP_STREAM_TYPE_SEEKABLE", Nick: "seekable"},
	{Value: 2, Name: "GST_APP_STREAM_TYPE_RANDOM_ACCESS", Nick: "random-access"},
}}

var appLeakyTypeEnum = &gst.EnumClass{Name: "GstAppLeakyType", Values: []gst.EnumValue{
	{Value: 0, Name: "GST_APP_LEAKY_TYPE_NONE", Nick: "none"},
	{Value: 1, Name: "GST_APP_LEAKY_TYPE_UPSTREAM", Nick: "upstream"},
	{Value: 2, Name: "GST_APP_LEAKY_TYPE_DOWNSTREAM", Nick: "downstream"},
}}

var appSrcFormatEnum = &gst.EnumClass{Name: "GstFormat", Values: []gst.EnumValue{
	{Value: 0, Name: "GST_FORMAT_UNDEFINED", Nick: "undefined"},
	{Value: 1, Name: "GST_FORMAT_DEFAULT", Nick: "default"},
	{Value: 2, Name: "GST_FORMAT_BYTES", Nick: "bytes"},
	{Value: 3, Name: "GST_FORMAT_TIME", Nick: "time"},
	{Value: 4, Name: "GST_FORMAT_BUFFERS", Nick: "buffers"},
	{Value: 5, Name: "GST_FORMAT_PERCENT", Nick: "percent"},
}}

// Default values of the AppSrc properties.
//
// GStreamer: DEFAULT_PROP_* (gst-libs/gst/app/gstappsrc.c, gst-plugins-base).
const (
	DefaultAppSrcSize                = int64(-1)
	DefaultAppSrcStreamType          = AppStreamTypeStream
	DefaultAppSrcMaxBytes            = uint64(200000)
	DefaultAppSrcMaxBuffers          = uint64(0)
	DefaultAppSrcMaxTime             = uint64(0)
	DefaultAppSrcFormat              = gst.FormatBytes
	DefaultAppSrcBlock               = false
	DefaultAppSrcIsLive              = false
	DefaultAppSrcMinLatency          = int64(-1)
	DefaultAppSrcMaxLatency          = int64(-1)
	DefaultAppSrcEmitSignals         = true
	DefaultAppSrcMinPercent          = uint(0)
	DefaultAppSrcDuration            = gst.ClockTimeNone
	DefaultAppSrcHandleSegmentChange = false
	DefaultAppSrcLeakyType           = AppLeakyTypeNone
)

const appSrcNone = ^uint64(0)

// AppSrcClass is the "appsrc" element class.
//
// GStreamer: GstAppSrcClass (gst-libs/gst/app/gstappsrc.c, gst-plugins-base).
var AppSrcClass = &gst.ElementClass{
	Name:     "appsrc",
	TypeName: "GstAppSrc",
	Rank:     gst.RankNone,
	Metadata: gst.ElementMetadata{
		LongName:    "AppSrc",
		Klass:       "Generic/Source",
		Description: "Allow the application to feed buffers to a pipeline",
		Author:      "David Schleef <ds@schleef.org>, Wim Taymans <wim.taymans@gmail.com>",
		DocURI:      "https://gstreamer.freedesktop.org/documentation/app/appsrc.html",
	},
	PadTemplates: []*gst.PadTemplate{
		gst.MustNewPadTemplate("src", gst.PadSrc, gst.PadAlways, gst.NewCapsAny()),
	},
	Properties:   appSrcProperties(),
	New:          func() gst.Element { return &AppSrc{} },
	Plugin:       PluginInfo,
	URIProtocols: []string{"appsrc"},
	URIType:      gst.URISource,
}

func appSrcProperties() []*gst.ParamSpec {
	const maxI64 = int64(^uint64(0) >> 1)
	rw := gst.ParamReadWrite
	props := []*gst.ParamSpec{
		gst.ParamCaps("caps", "Caps", "The allowed caps for the src pad", rw),
		gst.ParamInt64("size", "Size", "The size of the data stream in bytes (-1 if unknown)",
			-1, maxI64, DefaultAppSrcSize, rw),
		gst.ParamEnum("stream-type", "Stream Type", "the type of the stream",
			appStreamTypeEnum, int(DefaultAppSrcStreamType), rw),
		gst.ParamUint64("max-bytes", "Max bytes", "The maximum number of bytes to queue internally (0 = unlimited)",
			0, ^uint64(0), DefaultAppSrcMaxBytes, rw),
		gst.ParamUint64("max-buffers", "Max buffers", "The maximum number of buffers to queue internally (0 = unlimited)",
			0, ^uint64(0), DefaultAppSrcMaxBuffers, rw),
		gst.ParamUint64("max-time", "Max time", "The maximum amount of time to queue internally (0 = unlimited)",
			0, ^uint64(0), DefaultAppSrcMaxTime, rw),
		gst.ParamEnum("format", "Format", "The format of the segment events and seek",
			appSrcFormatEnum, int(DefaultAppSrcFormat), rw),
		gst.ParamBool("block", "Block", "Block push-buffer when max-bytes are queued", DefaultAppSrcBlock, rw),
		gst.ParamBool("is-live", "Is Live", "Whether to act as a live source", DefaultAppSrcIsLive, rw),
		gst.ParamInt64("min-latency", "Min Latency", "The minimum latency (-1 = default)",
			-1, maxI64, DefaultAppSrcMinLatency, rw),
		gst.ParamInt64("max-latency", "Max Latency", "The maximum latency (-1 = unlimited)",
			-1, maxI64, DefaultAppSrcMaxLatency, rw),
		gst.ParamBool("emit-signals", "Emit signals", "Emit need-data, enough-data and seek-data signals",
			DefaultAppSrcEmitSignals, rw),
		gst.ParamUint("min-percent", "Min Percent", "Emit need-data when queued bytes drops below this percent of max-bytes",
			0, 100, DefaultAppSrcMinPercent, rw),
		gst.ParamUint64("current-level-bytes", "Current Level Bytes", "The number of currently queued bytes",
			0, ^uint64(0), 0, gst.ParamReadable),
		gst.ParamUint64("current-level-buffers", "Current Level Buffers", "The number of currently queued buffers",
			0, ^uint64(0), 0, gst.ParamReadable),
		gst.ParamUint64("current-level-time", "Current Level Time", "The amount of currently queued time",
			0, ^uint64(0), 0, gst.ParamReadable),
		gst.ParamUint64("duration", "Duration", "The duration of the data stream in nanoseconds (GST_CLOCK_TIME_NONE if unknown)",
			0, ^uint64(0), uint64(DefaultAppSrcDuration), rw),
		gst.ParamBool("handle-segment-change", "Handle Segment Change",
			"Whether to detect and handle changed time format GstSegment in GstSample. User should set valid GstSegment in GstSample. Must set format property as \"time\" to enable this property",
			DefaultAppSrcHandleSegmentChange, rw|gst.ParamMutableReady),
		gst.ParamEnum("leaky-type", "Leaky Type", "Whether to drop buffers once the internal queue is full",
			appLeakyTypeEnum, int(DefaultAppSrcLeakyType), rw|gst.ParamMutableReady),
	}
	return append(props, base.SrcProperties()...)
}

// AppSrcCallbacks are called by AppSrc instead of the need-data,
// enough-data and seek-data handlers when set with SetCallbacks. Any field
// may be nil. They are called without internal locks held, from the
// streaming thread (NeedData, SeekData) or the pushing goroutine
// (EnoughData), and may call back into the AppSrc (PushBuffer from
// NeedData is the usual pattern).
//
// GStreamer: GstAppSrcCallbacks (gst-libs/gst/app/gstappsrc.h, gst-plugins-base).
type AppSrcCallbacks struct {
	// NeedData is called when the queue is empty or drops below
	// min-percent; length is a size hint in bytes.
	NeedData func(src *AppSrc, length uint)
	// EnoughData is called when a push finds the queue full.
	EnoughData func(src *AppSrc)
	// SeekData is called with the new offset (bytes, or ns in TIME
	// format) for seekable and random-access streams; it reports whether
	// the application could seek.
	SeekData func(src *AppSrc, offset uint64) bool
}

// appSrcCaps is a caps change queued in order with the buffers (caps may
// be nil).
type appSrcCaps struct{ caps *gst.Caps }

// AppSrc is the "appsrc" element: the application pushes buffers (or
// buffer lists, samples, serialized events) with PushBuffer and ends the
// stream with EndOfStream; the streaming thread takes them from an
// internal queue bounded by max-bytes, max-buffers and max-time. Caps and
// segment changes travel through the queue in order with the data.
//
//	gst-launch-1.0 appsrc caps=video/x-raw,format=GRAY8,width=4,height=4 ! fakesink
//
// The typed methods replace GStreamer's action signals; AppSrcCallbacks or
// the Connect* handlers replace need-data, enough-data and seek-data.
//
// GStreamer: GstAppSrc (gst-libs/gst/app/gstappsrc.c, gst-plugins-base).
type AppSrc struct {
	base.Src

	mu   sync.Mutex
	cond sync.Cond // signalled when the queue or flushing/EOS changes

	queue          []any // *gst.Buffer, *gst.BufferList, appSrcCaps, gst.Event
	streamWaiting  bool
	appWaiting     bool
	lastCaps       *gst.Caps
	currentCaps    *gst.Caps
	lastSegment    gst.Segment
	currentSegment gst.Segment
	pendingSegment bool
	discontUp      bool
	discontDown    bool

	sizeVal             int64
	duration            gst.ClockTime
	streamType          AppStreamType
	maxBytes, maxBufs   uint64
	maxTime             uint64
	format              gst.Format
	block               bool
	flushing            bool
	started             bool
	isEOS               bool
	queuedBytes         uint64
	queuedBuffers       uint64
	lastInRT, lastOutRT uint64
	queuedTime          uint64
	offset              uint64
	minLatency          int64
	maxLatency          int64
	postedLatency       bool
	emitSignals         bool
	minPercent          uint
	handleSegChange     bool
	leaky               AppLeakyType
	callbacks           *AppSrcCallbacks
	onNeedData          []func(src *AppSrc, length uint)
	onEnoughData        []func(src *AppSrc)
	onSeekData          []func(src *AppSrc, offset uint64) bool
	announcedSize       int64
	announcedDuration   gst.ClockTime
}

var (
	_ base.Creator = (*AppSrc)(nil)
	_ base.Starter = (*AppSrc)(nil)
	_ base.Stopper = (*AppSrc)(nil)
	_ base.SrcImpl = (*AppSrc)(nil)
)

// NewAppSrc creates an "appsrc" element named name ("" picks a unique
// name), for applications that build pipelines in Go.
//
// GStreamer: gst_element_factory_make ("appsrc", name) (gst/gstelementfactory.c).
func NewAppSrc(name string) (*AppSrc, error) {
	el := AppSrcClass.New()
	if err := gst.InitElement(el, AppSrcClass, name); err != nil {
		return nil, err
	}
	return el.(*AppSrc), nil
}

// Constructed sets the defaults and chains up to base.Src.
//
// GStreamer: gst_app_src_init (gst-libs/gst/app/gstappsrc.c, gst-plugins-base).
func (s *AppSrc) Constructed() error {
	if err := s.Src.Constructed(); err != nil {
		return err
	}
	s.cond.L = &s.mu
	s.sizeVal = DefaultAppSrcSize
	s.duration = DefaultAppSrcDuration
	s.streamType = DefaultAppSrcStreamType
	s.maxBytes = DefaultAppSrcMaxBytes
	s.maxBufs = DefaultAppSrcMaxBuffers
	s.maxTime = DefaultAppSrcMaxTime
	s.format = DefaultAppSrcFormat
	s.block = DefaultAppSrcBlock
	s.minLatency = DefaultAppSrcMinLatency
	s.maxLatency = DefaultAppSrcMaxLatency
	s.emitSignals = DefaultAppSrcEmitSignals
	s.minPercent = DefaultAppSrcMinPercent
	s.handleSegChange = DefaultAppSrcHandleSegmentChange
	s.leaky = DefaultAppSrcLeakyType
	s.lastInRT, s.lastOutRT = appSrcNone, appSrcNone
	s.announcedSize = DefaultAppSrcSize
	s.announcedDuration = DefaultAppSrcDuration
	s.SetLive(DefaultAppSrcIsLive)
	return nil
}

// ---------------------------------------------------------------------------
// Properties

// SetProperty sets the appsrc properties and chains up for the base.Src
// ones.
//
// GStreamer: gst_app_src_set_property (gst-libs/gst/app/gstappsrc.c, gst-plugins-base).
func (s *AppSrc) SetProperty(name string, v any) error {
	switch name {
	case "caps":
		s.SetCaps(v.(*gst.Caps))
	case "size":
		s.SetSize(v.(int64))
	case "stream-type":
		s.SetStreamType(AppStreamType(v.(int)))
	case "max-bytes":
		s.SetMaxBytes(v.(uint64))
	case "max-buffers":
		s.SetMaxBuffers(v.(uint64))
	case "max-time":
		s.SetMaxTime(gst.ClockTime(v.(uint64)))
	case "format":
		s.mu.Lock()
		s.format = gst.Format(v.(int))
		s.mu.Unlock()
	case "block":
		s.mu.Lock()
		s.block = v.(bool)
		s.mu.Unlock()
	case "is-live":
		s.SetLive(v.(bool))
	case "min-latency":
		s.setLatencies(true, v.(int64), false, -1)
	case "max-latency":
		s.setLatencies(false, -1, true, v.(int64))
	case "emit-signals":
		s.SetEmitSignals(v.(bool))
	case "min-percent":
		s.mu.Lock()
		s.minPercent = v.(uint)
		s.mu.Unlock()
	case "duration":
		s.SetDuration(gst.ClockTime(v.(uint64)))
	case "handle-segment-change":
		s.mu.Lock()
		s.handleSegChange = v.(bool)
		s.mu.Unlock()
	case "leaky-type":
		s.SetLeakyType(AppLeakyType(v.(int)))
	default:
		return s.Src.SetProperty(name, v)
	}
	return nil
}

// Property returns an appsrc property value, chaining up for the base.Src
// ones.
//
// GStreamer: gst_app_src_get_property (gst-libs/gst/app/gstappsrc.c, gst-plugins-base).
func (s *AppSrc) Property(name string) any {
	switch name {
	case "caps":
		return s.AllowedCaps()
	case "size":
		return s.Size64()
	case "stream-type":
		return int(s.StreamType())
	case "max-bytes":
		return s.MaxBytes()
	case "max-buffers":
		return s.MaxBuffers()
	case "max-time":
		return uint64(s.MaxTime())
	case "format":
		s.mu.Lock()
		defer s.mu.Unlock()
		return int(s.format)
	case "block":
		s.mu.Lock()
		defer s.mu.Unlock()
		return s.block
	case "is-live":
		return s.IsLive()
	case "min-latency":
		min, _ := s.Latency()
		return min
	case "max-latency":
		_, max := s.Latency()
		return max
	case "emit-signals":
		return s.EmitSignals()
	case "min-percent":
		s.mu.Lock()
		defer s.mu.Unlock()
		return s.minPercent
	case "current-level-bytes":
		return s.CurrentLevelBytes()
	case "current-level-buffers":
		return s.CurrentLevelBuffers()
	case "current-level-time":
		return uint64(s.CurrentLevelTime())
	case "duration":
		return uint64(s.Duration())
	case "handle-segment-change":
		s.mu.Lock()
		defer s.mu.Unlock()
		return s.handleSegChange
	case "leaky-type":
		return int(s.LeakyType())
	}
	return s.Src.Property(name)
}

// SetCaps sets the caps of the data the application will push (nil
// clears them). The change is queued after the data already pushed, so
// buffers keep the caps they were pushed with; setting caps twice before
// any data replaces the first. It always reports true (its signature is
// that of base.Src's set_caps vfunc, which base.Src never calls for an
// appsrc since Caps(nil) is nil until caps are configured). Safe for
// concurrent use.
//
// GStreamer: gst_app_src_set_caps (gst-libs/gst/app/gstappsrc.c, gst-plugins-base).
func (s *AppSrc) SetCaps(caps *gst.Caps) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	var changed bool
	if caps != nil && s.lastCaps != nil {
		changed = !caps.IsEqual(s.lastCaps)
	} else {
		changed = caps != s.lastCaps
	}
	if !changed {
		return true
	}
	var nc *gst.Caps
	if caps != nil {
		nc = caps.Copy()
	}
	for len(s.queue) > 0 {
		if _, ok := s.queue[len(s.queue)-1].(appSrcCaps); !ok {
			break
		}
		s.queue = s.queue[:len(s.queue)-1]
	}
	s.queue = append(s.queue, appSrcCaps{nc})
	s.lastCaps = nc
	if s.streamWaiting {
		s.cond.Broadcast()
	}
	return true
}

// SetAllowedCaps is SetCaps without a result, named like AppSink's
// setter. Safe for concurrent use.
//
// GStreamer: gst_app_src_set_caps (gst-libs/gst/app/gstappsrc.c, gst-plugins-base).
func (s *AppSrc) SetAllowedCaps(caps *gst.Caps) { s.SetCaps(caps) }

// AllowedCaps returns the caps last set with SetCaps (or a pushed
// sample), or nil; the "caps" property. (Caps is base.Src's get_caps
// vfunc.) Safe for concurrent use.
//
// GStreamer: gst_app_src_get_caps (gst-libs/gst/app/gstappsrc.c, gst-plugins-base).
func (s *AppSrc) AllowedCaps() *gst.Caps {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.lastCaps
}

// SetSize sets the size of the stream in bytes (-1 = unknown), used for
// duration queries in BYTES format. Safe for concurrent use.
//
// GStreamer: gst_app_src_set_size (gst-libs/gst/app/gstappsrc.c, gst-plugins-base).
func (s *AppSrc) SetSize(size int64) {
	s.mu.Lock()
	s.sizeVal = size
	s.mu.Unlock()
}

// Size64 returns the size set with SetSize (-1 = unknown). Safe for
// concurrent use. (Size is base.Src's get_size vfunc.)
//
// GStreamer: gst_app_src_get_size (gst-libs/gst/app/gstappsrc.c, gst-plugins-base).
func (s *AppSrc) Size64() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sizeVal
}

// SetDuration sets the duration of the stream in ns (ClockTimeNone =
// unknown), used for duration queries in TIME format. Safe for concurrent
// use.
//
// GStreamer: gst_app_src_set_duration (gst-libs/gst/app/gstappsrc.c, gst-plugins-base).
func (s *AppSrc) SetDuration(d gst.ClockTime) {
	s.mu.Lock()
	s.duration = d
	s.mu.Unlock()
}

// Duration returns the duration set with SetDuration. Safe for concurrent
// use.
//
// GStreamer: gst_app_src_get_duration (gst-libs/gst/app/gstappsrc.c, gst-plugins-base).
func (s *AppSrc) Duration() gst.ClockTime {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.duration
}

// SetStreamType sets the stream type; set it before going to PAUSED.
// Safe for concurrent use.
//
// GStreamer: gst_app_src_set_stream_type (gst-libs/gst/app/gstappsrc.c, gst-plugins-base).
func (s *AppSrc) SetStreamType(t AppStreamType) {
	s.mu.Lock()
	s.streamType = t
	s.mu.Unlock()
}

// StreamType returns the stream type. Safe for concurrent use.
//
// GStreamer: gst_app_src_get_stream_type (gst-libs/gst/app/gstappsrc.c, gst-plugins-base).
func (s *AppSrc) StreamType() AppStreamType {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.streamType
}

// SetMaxBytes sets the byte limit of the queue (0 = unlimited); a
// blocked PushBuffer re-checks the limit. Safe for concurrent use.
//
// GStreamer: gst_app_src_set_max_bytes (gst-libs/gst/app/gstappsrc.c, gst-plugins-base).
func (s *AppSrc) SetMaxBytes(max uint64) {
	s.mu.Lock()
	if max != s.maxBytes {
		s.maxBytes = max
		s.cond.Broadcast()
	}
	s.mu.Unlock()
}

// MaxBytes returns the byte limit of the queue. Safe for concurrent use.
//
// GStreamer: gst_app_src_get_max_bytes (gst-libs/gst/app/gstappsrc.c, gst-plugins-base).
func (s *AppSrc) MaxBytes() uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.maxBytes
}

// SetMaxBuffers sets the buffer-count limit of the queue (0 =
// unlimited). Safe for concurrent use.
//
// GStreamer: gst_app_src_set_max_buffers (gst-libs/gst/app/gstappsrc.c, gst-plugins-base).
func (s *AppSrc) SetMaxBuffers(max uint64) {
	s.mu.Lock()
	if max != s.maxBufs {
		s.maxBufs = max
		s.cond.Broadcast()
	}
	s.mu.Unlock()
}

// MaxBuffers returns the buffer-count limit. Safe for concurrent use.
//
// GStreamer: gst_app_src_get_max_buffers (gst-libs/gst/app/gstappsrc.c, gst-plugins-base).
func (s *AppSrc) MaxBuffers() uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.maxBufs
}

// SetMaxTime sets the time limit of the queue in ns (0 = unlimited).
// Safe for concurrent use.
//
// GStreamer: gst_app_src_set_max_time (gst-libs/gst/app/gstappsrc.c, gst-plugins-base).
func (s *AppSrc) SetMaxTime(max gst.ClockTime) {
	s.mu.Lock()
	if uint64(max) != s.maxTime {
		s.maxTime = uint64(max)
		s.cond.Broadcast()
	}
	s.mu.Unlock()
}

// MaxTime returns the time limit of the queue (ns). Safe for concurrent
// use.
//
// GStreamer: gst_app_src_get_max_time (gst-libs/gst/app/gstappsrc.c, gst-plugins-base).
func (s *AppSrc) MaxTime() gst.ClockTime {
	s.mu.Lock()
	defer s.mu.Unlock()
	return gst.ClockTime(s.maxTime)
}

// CurrentLevelBytes returns the number of bytes queued. Safe for
// concurrent use.
//
// GStreamer: gst_app_src_get_current_level_bytes (gst-libs/gst/app/gstappsrc.c, gst-plugins-base).
func (s *AppSrc) CurrentLevelBytes() uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.queuedBytes
}

// CurrentLevelBuffers returns the number of buffers queued. Safe for
// concurrent use.
//
// GStreamer: gst_app_src_get_current_level_buffers (gst-libs/gst/app/gstappsrc.c, gst-plugins-base).
func (s *AppSrc) CurrentLevelBuffers() uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.queuedBuffers
}

// CurrentLevelTime returns the running time queued (ns), known when the
// segment is in TIME format and buffers are timestamped. Safe for
// concurrent use.
//
// GStreamer: gst_app_src_get_current_level_time (gst-libs/gst/app/gstappsrc.c, gst-plugins-base).
func (s *AppSrc) CurrentLevelTime() gst.ClockTime {
	s.mu.Lock()
	defer s.mu.Unlock()
	return gst.ClockTime(s.queuedTime)
}

// SetLatency sets the min and max latency (ns) answered to latency
// queries; min -1 keeps base.Src's answer. It posts a LATENCY message.
// Safe for concurrent use.
//
// GStreamer: gst_app_src_set_latency (gst-libs/gst/app/gstappsrc.c, gst-plugins-base).
func (s *AppSrc) SetLatency(min, max int64) { s.setLatencies(true, min, true, max) }

// Latency returns the configured min and max latency (-1 = unset). Safe
// for concurrent use.
//
// GStreamer: gst_app_src_get_latency (gst-libs/gst/app/gstappsrc.c, gst-plugins-base).
func (s *AppSrc) Latency() (min, max int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.minLatency, s.maxLatency
}

func (s *AppSrc) setLatencies(doMin bool, min int64, doMax bool, max int64) {
	s.mu.Lock()
	changed := false
	if doMin && s.minLatency != min {
		s.minLatency = min
		changed = true
	}
	if doMax && s.maxLatency != max {
		s.maxLatency = max
		changed = true
	}
	if !s.postedLatency {
		s.postedLatency = true
		changed = true
	}
	s.mu.Unlock()
	if changed {
		s.PostMessage(gst.NewLatencyMessage(s))
	}
}

// SetLeakyType sets what a full queue does with new buffers. Safe for
// concurrent use.
//
// GStreamer: gst_app_src_set_leaky_type (gst-libs/gst/app/gstappsrc.c, gst-plugins-base).
func (s *AppSrc) SetLeakyType(t AppLeakyType) {
	s.mu.Lock()
	s.leaky = t
	s.mu.Unlock()
}

// LeakyType returns the leaky type. Safe for concurrent use.
//
// GStreamer: gst_app_src_get_leaky_type (gst-libs/gst/app/gstappsrc.c, gst-plugins-base).
func (s *AppSrc) LeakyType() AppLeakyType {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.leaky
}

// SetEmitSignals enables the Connect* handlers (need-data, enough-data,
// seek-data); callbacks set with SetCallbacks take precedence. Safe for
// concurrent use.
//
// GStreamer: gst_app_src_set_emit_signals (gst-libs/gst/app/gstappsrc.c, gst-plugins-base).
func (s *AppSrc) SetEmitSignals(emit bool) {
	s.mu.Lock()
	s.emitSignals = emit
	s.mu.Unlock()
}

// EmitSignals reports whether the Connect* handlers are called. Safe for
// concurrent use.
//
// GStreamer: gst_app_src_get_emit_signals (gst-libs/gst/app/gstappsrc.c, gst-plugins-base).
func (s *AppSrc) EmitSignals() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.emitSignals
}

// SetCallbacks installs cb (copied); while callbacks are set the Connect*
// handlers are not called. Safe for concurrent use.
//
// GStreamer: gst_app_src_set_callbacks (gst-libs/gst/app/gstappsrc.c, gst-plugins-base).
func (s *AppSrc) SetCallbacks(cb AppSrcCallbacks) {
	s.mu.Lock()
	s.callbacks = &cb
	s.mu.Unlock()
}

// ConnectNeedData adds a need-data handler, called (when emit-signals is
// true and no callbacks are set) from the streaming thread with a size
// hint in bytes. Safe for concurrent use.
//
// GStreamer: GstAppSrc::need-data (gst-libs/gst/app/gstappsrc.c, gst-plugins-base).
func (s *AppSrc) ConnectNeedData(fn func(src *AppSrc, length uint)) {
	s.mu.Lock()
	s.onNeedData = append(s.onNeedData, fn)
	s.mu.Unlock()
}

// ConnectEnoughData adds an enough-data handler, called when a push finds
// the queue full. Safe for concurrent use.
//
// GStreamer: GstAppSrc::enough-data (gst-libs/gst/app/gstappsrc.c, gst-plugins-base).
func (s *AppSrc) ConnectEnoughData(fn func(src *AppSrc)) {
	s.mu.Lock()
	s.onEnoughData = append(s.onEnoughData, fn)
	s.mu.Unlock()
}

// ConnectSeekData adds a seek-data handler (seekable and random-access
// streams); the first handler's result is used. Safe for concurrent use.
//
// GStreamer: GstAppSrc::seek-data (gst-libs/gst/app/gstappsrc.c, gst-plugins-base).
func (s *AppSrc) ConnectSeekData(fn func(src *AppSrc, offset uint64) bool) {
	s.mu.Lock()
	s.onSeekData = append(s.onSeekData, fn)
	s.mu.Unlock()
}

// ---------------------------------------------------------------------------
// Pushing (application side)

// PushBuffer queues buf, taking ownership of it. With block=true it waits
// while the queue is full (until space, a flush or a state change). It
// returns gst.ErrFlushing when the element is flushing or was stopped,
// gst.ErrEOS after EndOfStream, and gst.ErrEOS also when leaky-type
// upstream dropped buf. Safe for concurrent use.
//
// GStreamer: gst_app_src_push_buffer (gst-libs/gst/app/gstappsrc.c, gst-plugins-base).
func (s *AppSrc) PushBuffer(buf *gst.Buffer) error {
	if buf == nil {
		return gst.NewFlowError(gst.FlowError, "appsrc: PushBuffer of a nil buffer")
	}
	return s.pushInternal(buf, nil)
}

// PushBufferList queues list, taking ownership of it; it is pushed
// downstream as a list. Returns as PushBuffer; an empty list is accepted
// and dropped. Safe for concurrent use.
//
// GStreamer: gst_app_src_push_buffer_list (gst-libs/gst/app/gstappsrc.c, gst-plugins-base).
func (s *AppSrc) PushBufferList(list *gst.BufferList) error {
	if list == nil {
		return gst.NewFlowError(gst.FlowError, "appsrc: PushBufferList of a nil list")
	}
	return s.pushInternal(nil, list)
}

// PushSample sets the caps from sample (when it has caps), with
// handle-segment-change and format=time queues its segment when it
// changed, then queues its buffer or buffer list (a new reference: the
// caller keeps its own). Returns as PushBuffer. Safe for concurrent use.
//
// GStreamer: gst_app_src_push_sample (gst-libs/gst/app/gstappsrc.c, gst-plugins-base).
func (s *AppSrc) PushSample(sample *gst.Sample) error {
	if sample == nil {
		return gst.NewFlowError(gst.FlowError, "appsrc: PushSample of a nil sample")
	}
	if sample.Caps != nil {
		s.SetCaps(sample.Caps)
	}
	s.mu.Lock()
	if s.handleSegChange && s.format == gst.FormatTime && sample.Segment.Format == gst.FormatTime &&
		!s.lastSegment.IsEqual(&sample.Segment) {
		s.lastSegment = sample.Segment
		s.pendingSegment = true
	}
	s.mu.Unlock()
	if sample.Buffer != nil {
		return s.pushInternal(sample.Buffer.Ref(), nil)
	}
	if sample.BufferList != nil {
		return s.pushInternal(nil, sample.BufferList.Ref())
	}
	return nil
}

// EndOfStream marks the end of the data: the streaming thread pushes EOS
// once the queue is drained, and later pushes return gst.ErrEOS. It
// returns gst.ErrFlushing when the element is flushing. Safe for
// concurrent use.
//
// GStreamer: gst_app_src_end_of_stream (gst-libs/gst/app/gstappsrc.c, gst-plugins-base).
func (s *AppSrc) EndOfStream() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.flushing {
		return gst.ErrFlushing
	}
	s.isEOS = true
	s.cond.Broadcast()
	return nil
}

func (s *AppSrc) pushInternal(buf *gst.Buffer, list *gst.BufferList) error {
	if list != nil {
		if list.Len() == 0 {
			list.Unref()
			return nil
		}
		buf = list.Get(0)
	}
	if buf.DTS == gst.ClockTimeNone && buf.PTS == gst.ClockTimeNone {
		if ts, _ := s.Src.Property("do-timestamp").(bool); ts {
			if clock := s.Clock(); clock != nil {
				now := clock.Time()
				bt := s.BaseTime()
				if now > bt {
					now -= bt
				} else {
					now = 0
				}
				if list == nil {
					buf = buf.MakeWritable()
				} else {
					list = list.MakeWritable()
					buf = list.GetWritable(0)
				}
				buf.PTS, buf.DTS = now, now
			}
		}
	}
	drop := func() {
		if list != nil {
			list.Unref()
		} else {
			buf.Unref()
		}
	}
	s.mu.Lock()
	first := true
	for {
		if s.flushing {
			s.mu.Unlock()
			drop()
			return gst.ErrFlushing
		}
		if s.isEOS {
			s.mu.Unlock()
			drop()
			return gst.ErrEOS
		}
		if !s.fullLocked() {
			break
		}
		if first {
			cb, emit := s.callbacks, s.emitSignals
			handlers := s.onEnoughData
			s.mu.Unlock()
			if cb != nil {
				if cb.EnoughData != nil {
					cb.EnoughData(s)
				}
			} else if emit {
				for _, h := range handlers {
					h(s)
				}
			}
			s.mu.Lock()
		}
		if s.leaky == AppLeakyTypeUpstream {
			s.discontUp = true
			s.mu.Unlock()
			drop()
			return gst.ErrEOS
		}
		if s.leaky == AppLeakyTypeDownstream {
			dropped := false
			for i, item := range s.queue {
				switch item.(type) {
				case *gst.Buffer, *gst.BufferList:
					s.queue = append(s.queue[:i], s.queue[i+1:]...)
					s.updateQueuedPop(item, false)
					appSrcUnrefItem(item)
					dropped = true
				}
				if dropped {
					break
				}
			}
			if !dropped {
				// full without data (only events queued): accept
				break
			}
			s.discontDown = true
			continue
		}
		if first {
			first = false
			continue
		}
		if !s.block {
			break
		}
		s.appWaiting = true
		s.cond.Wait()
		s.appWaiting = false
	}
	if s.pendingSegment {
		seg := s.lastSegment
		s.queue = append(s.queue, gst.NewSegmentEvent(&seg))
		s.pendingSegment = false
	}
	var item any
	if list != nil {
		if s.discontUp {
			list = list.MakeWritable()
			list.GetWritable(0).SetFlags(gst.BufferFlagDiscont)
			s.discontUp = false
		}
		item = list
	} else {
		if s.discontUp {
			buf = buf.MakeWritable()
			buf.SetFlags(gst.BufferFlagDiscont)
			s.discontUp = false
		}
		item = buf
	}
	s.queue = append(s.queue, item)
	s.updateQueuedPush(item)
	if s.streamWaiting {
		s.cond.Broadcast()
	}
	s.mu.Unlock()
	return nil
}

func (s *AppSrc) fullLocked() bool {
	return (s.maxBytes != 0 && s.queuedBytes >= s.maxBytes) ||
		(s.maxBufs != 0 && s.queuedBuffers >= s.maxBufs) ||
		(s.maxTime != 0 && s.queuedTime >= s.maxTime)
}

func appSrcUnrefItem(item any) {
	switch it := item.(type) {
	case *gst.Buffer:
		it.Unref()
	case *gst.BufferList:
		it.Unref()
	}
}

func appSrcDTSOrPTS(b *gst.Buffer) gst.ClockTime {
	if b.DTS != gst.ClockTimeNone {
		return b.DTS
	}
	return b.PTS
}

// appSrcItemInfo returns the size, buffer count and first/last timestamps
// (start of the first timed buffer, end of the last) of a queue item.
func appSrcItemInfo(item any) (size, n uint64, start, end gst.ClockTime) {
	start, end = gst.ClockTimeNone, gst.ClockTimeNone
	add := func(b *gst.Buffer) {
		size += uint64(b.Size())
		n++
		if ts := appSrcDTSOrPTS(b); ts != gst.ClockTimeNone {
			if start == gst.ClockTimeNone {
				start = ts
			}
			end = ts
			if b.Duration != gst.ClockTimeNone {
				end += b.Duration
			}
		}
	}
	switch it := item.(type) {
	case *gst.Buffer:
		add(it)
	case *gst.BufferList:
		for i := 0; i < it.Len(); i++ {
			add(it.Get(i))
		}
	}
	return
}

func appSrcClip(seg *gst.Segment, ts gst.ClockTime) uint64 {
	t := uint64(ts)
	if seg.Stop != appSrcNone && t > seg.Stop {
		t = seg.Stop
	} else if seg.Start > t {
		t = seg.Start
	}
	return t
}

func (s *AppSrc) updateQueuedTimeLocked() {
	if s.lastOutRT != appSrcNone && s.lastInRT != appSrcNone {
		if s.lastOutRT > s.lastInRT {
			s.queuedTime = 0
		} else {
			s.queuedTime = s.lastInRT - s.lastOutRT
		}
	}
}

// updateQueuedPop is gst_app_src_update_queued_pop.
func (s *AppSrc) updateQueuedPop(item any, updateOffset bool) {
	size, n, _, end := appSrcItemInfo(item)
	s.queuedBytes -= size
	s.queuedBuffers -= n
	var seg *gst.Segment
	switch {
	case s.currentSegment.Format == gst.FormatTime:
		seg = &s.currentSegment
	case s.currentSegment.Format == gst.FormatUndefined && s.lastSegment.Format == gst.FormatTime:
		seg = &s.lastSegment
	}
	if seg != nil && end != gst.ClockTimeNone {
		s.lastOutRT = seg.ToRunningTime(gst.FormatTime, appSrcClip(seg, end))
		s.updateQueuedTimeLocked()
	}
	if updateOffset && s.streamType == AppStreamTypeRandomAccess {
		s.offset += size
	}
}

// updateQueuedPush is gst_app_src_update_queued_push.
func (s *AppSrc) updateQueuedPush(item any) {
	size, n, start, end := appSrcItemInfo(item)
	s.queuedBytes += size
	s.queuedBuffers += n
	seg := &s.lastSegment
	if seg.Format == gst.FormatTime && end != gst.ClockTimeNone {
		s.lastInRT = seg.ToRunningTime(gst.FormatTime, appSrcClip(seg, end))
		if s.queuedBuffers == 1 {
			s.lastOutRT = seg.ToRunningTime(gst.FormatTime, appSrcClip(seg, start))
		}
		s.updateQueuedTimeLocked()
	}
}

// flushQueued is gst_app_src_flush_queued; called with s.mu held.
func (s *AppSrc) flushQueued(retainLastCaps bool) {
	var requeue *appSrcCaps
	for _, item := range s.queue {
		if c, ok := item.(appSrcCaps); ok && retainLastCaps {
			c := c
			requeue = &c
		}
		appSrcUnrefItem(item)
	}
	s.queue = s.queue[:0]
	if requeue != nil {
		s.queue = append(s.queue, *requeue)
	}
	s.queuedBytes, s.queuedBuffers, s.queuedTime = 0, 0, 0
	s.lastInRT, s.lastOutRT = appSrcNone, appSrcNone
	s.discontUp, s.discontDown = false, false
}

// ---------------------------------------------------------------------------
// base.Src vfuncs (streaming side)

// Start prepares the queue for streaming and configures the base segment
// format from the format property.
//
// GStreamer: gst_app_src_start (gst-libs/gst/app/gstappsrc.c, gst-plugins-base).
func (s *AppSrc) Start() error {
	s.mu.Lock()
	s.started = true
	s.offset = appSrcNone
	s.flushing = false
	f := s.format
	s.lastSegment.Init(f)
	s.currentSegment.Init(f)
	s.pendingSegment = false
	s.mu.Unlock()
	s.SetFormat(f)
	return nil
}

// Stop flushes the queue (keeping the last caps), refuses further pushes
// with gst.ErrFlushing and wakes a blocked PushBuffer.
//
// GStreamer: gst_app_src_stop (gst-libs/gst/app/gstappsrc.c, gst-plugins-base).
func (s *AppSrc) Stop() error {
	s.mu.Lock()
	s.isEOS = false
	s.flushing = true
	s.started = false
	s.postedLatency = false
	s.flushQueued(true)
	s.cond.Broadcast()
	s.mu.Unlock()
	return nil
}

// IsSeekable reports true for the seekable and random-access stream
// types.
//
// GStreamer: gst_app_src_is_seekable (gst-libs/gst/app/gstappsrc.c, gst-plugins-base).
func (s *AppSrc) IsSeekable() bool {
	t := s.StreamType()
	return t == AppStreamTypeSeekable || t == AppStreamTypeRandomAccess
}

// Size returns the size property as base.Src's get_size (unknown when -1).
//
// GStreamer: gst_app_src_do_get_size (gst-libs/gst/app/gstappsrc.c, gst-plugins-base).
func (s *AppSrc) Size() (uint64, bool) {
	size := s.Size64()
	return uint64(size), size >= 0
}

// Caps returns the current output caps filtered by filter, or filter when
// no caps are set (nil when both are nil).
//
// GStreamer: gst_app_src_internal_get_caps (gst-libs/gst/app/gstappsrc.c, gst-plugins-base).
func (s *AppSrc) Caps(filter *gst.Caps) *gst.Caps {
	s.mu.Lock()
	caps := s.currentCaps
	s.mu.Unlock()
	if filter != nil {
		if caps != nil {
			return filter.IntersectFull(caps, gst.CapsIntersectFirst)
		}
		return filter
	}
	return caps
}

// Negotiate pushes the current caps when the application set some, and
// otherwise negotiates like base.Src.
//
// GStreamer: gst_app_src_negotiate (gst-libs/gst/app/gstappsrc.c, gst-plugins-base).
func (s *AppSrc) Negotiate() bool {
	s.mu.Lock()
	caps := s.currentCaps
	s.mu.Unlock()
	if caps != nil {
		return s.pushCaps(caps)
	}
	return s.Src.Negotiate()
}

// pushCaps is gst_base_src_set_caps for our caps (stream-start has been
// sent by the loop before Negotiate/Create run).
func (s *AppSrc) pushCaps(caps *gst.Caps) bool {
	pad := s.SrcPad()
	if cur := pad.CurrentCaps(); cur != nil && cur.IsEqual(caps) {
		return true
	}
	return pad.PushEvent(gst.NewCapsEvent(caps))
}

// Query answers LATENCY (min/max-latency when set), SCHEDULING (pull
// mode for random-access) and DURATION (size or duration property) and
// chains up for the rest.
//
// GStreamer: gst_app_src_query (gst-libs/gst/app/gstappsrc.c, gst-plugins-base).
func (s *AppSrc) Query(q gst.Query) bool {
	switch q := q.(type) {
	case *gst.LatencyQuery:
		res := s.Src.Query(q)
		s.mu.Lock()
		if s.minLatency != -1 {
			q.Min = gst.ClockTime(s.minLatency)
			q.Max = gst.ClockTime(s.maxLatency)
		}
		s.mu.Unlock()
		return res
	case *gst.SchedulingQuery:
		q.Flags = gst.SchedulingFlagSeekable
		q.MinSize, q.MaxSize, q.Align = 1, -1, 0
		q.Modes = append(q.Modes, gst.PadModePush)
		if s.StreamType() == AppStreamTypeRandomAccess {
			q.Modes = append(q.Modes, gst.PadModePull)
		}
		return true
	case *gst.DurationQuery:
		s.mu.Lock()
		defer s.mu.Unlock()
		switch q.Format {
		case gst.FormatBytes:
			q.Duration = s.sizeVal
			return true
		case gst.FormatTime:
			if s.duration != gst.ClockTimeNone {
				q.Duration = int64(s.duration)
				return true
			}
		}
		return false
	case *gst.CapsQuery:
		caps := s.Caps(q.Filter)
		if caps == nil {
			caps = s.SrcPad().PadTemplateCaps()
		}
		q.Result = caps
		return true
	}
	return s.Src.Query(q)
}

// Event clears the EOS mark on FLUSH_STOP, refuses pushes while a flush
// is in progress, and chains up.
//
// GStreamer: gst_app_src_event (gst-libs/gst/app/gstappsrc.c, gst-plugins-base).
func (s *AppSrc) Event(ev gst.Event) bool {
	switch ev.(type) {
	case *gst.FlushStartEvent:
		s.mu.Lock()
		s.flushing = true
		s.cond.Broadcast()
		s.mu.Unlock()
	case *gst.FlushStopEvent:
		s.mu.Lock()
		s.isEOS = false
		s.flushing = false
		s.cond.Broadcast()
		s.mu.Unlock()
	}
	return s.Src.Event(ev)
}

// SendEvent queues serialized events (including EOS) so they go out in
// order with the buffers; FLUSH_STOP also empties the queue (keeping the
// last caps). Other events go to base.Src.
//
// GStreamer: gst_app_src_send_event (gst-libs/gst/app/gstappsrc.c, gst-plugins-base).
func (s *AppSrc) SendEvent(ev gst.Event) bool {
	switch ev.(type) {
	case *gst.FlushStopEvent:
		s.mu.Lock()
		s.flushQueued(true)
		s.mu.Unlock()
	default:
		if ev.Type().IsSerialized() {
			s.mu.Lock()
			s.queue = append(s.queue, ev)
			if s.streamWaiting {
				s.cond.Broadcast()
			}
			s.mu.Unlock()
			return true
		}
	}
	return s.Src.SendEvent(ev)
}

// DoSeek asks the application to seek (seek-data) for seekable and
// random-access streams and on success empties the queue and takes seg as
// the new segment. Stream types accept every seek.
//
// GStreamer: gst_app_src_do_seek (gst-libs/gst/app/gstappsrc.c, gst-plugins-base).
func (s *AppSrc) DoSeek(seg *gst.Segment) bool {
	if s.StreamType() == AppStreamTypeStream {
		return true
	}
	s.mu.Lock()
	res := s.emitSeekLocked(seg.Position)
	if res {
		s.flushQueued(true)
		s.lastSegment = *seg
		s.currentSegment = *seg
		s.pendingSegment = false
		s.isEOS = false
	}
	s.mu.Unlock()
	return res
}

// emitSeekLocked calls seek-data with s.mu released.
func (s *AppSrc) emitSeekLocked(offset uint64) bool {
	cb, emit, handlers := s.callbacks, s.emitSignals, s.onSeekData
	s.mu.Unlock()
	defer s.mu.Lock()
	if cb != nil {
		if cb.SeekData != nil {
			return cb.SeekData(s, offset)
		}
		return false
	}
	if emit && len(handlers) > 0 {
		return handlers[0](s, offset)
	}
	return false
}

// emitNeedDataLocked calls need-data with s.mu released.
func (s *AppSrc) emitNeedDataLocked(size uint) {
	cb, emit, handlers := s.callbacks, s.emitSignals, s.onNeedData
	s.mu.Unlock()
	defer s.mu.Lock()
	if cb != nil {
		if cb.NeedData != nil {
			cb.NeedData(s, size)
		}
		return
	}
	if emit {
		for _, h := range handlers {
			h(s, size)
		}
	}
}

// Create hands the next queued buffer to base.Src, pushing queued caps,
// segments and events first; on an empty queue it calls need-data and
// waits for data, EOS or a flush (ctx cancelled). Called from the
// streaming thread.
//
// GStreamer: gst_app_src_create (gst-libs/gst/app/gstappsrc.c, gst-plugins-base).
func (s *AppSrc) Create(ctx context.Context, offset uint64, size uint) (*gst.Buffer, error) {
	s.mu.Lock()
	postDuration := false
	if s.format == gst.FormatBytes && s.sizeVal != s.announcedSize {
		s.announcedSize = s.sizeVal
		postDuration = true
	} else if s.format == gst.FormatTime && s.duration != s.announcedDuration {
		s.announcedDuration = s.duration
		postDuration = true
	}
	s.mu.Unlock()
	if postDuration {
		s.PostMessage(gst.NewDurationChangedMessage(s))
	}

	stopWake := context.AfterFunc(ctx, func() {
		s.mu.Lock()
		s.cond.Broadcast()
		s.mu.Unlock()
	})
	defer stopWake()

	s.mu.Lock()
	defer s.mu.Unlock()
	if s.flushing || ctx.Err() != nil {
		return nil, gst.ErrFlushing
	}
	if s.streamType == AppStreamTypeRandomAccess && s.offset != offset {
		if !s.emitSeekLocked(offset) {
			// failing to seek is fatal; base.Src posts the error
			return nil, gst.NewFlowError(gst.FlowError, "appsrc: failed to seek: seek-data to offset %d refused", offset)
		}
		s.offset = offset
		s.isEOS = false
	}
	for {
		if s.flushing || ctx.Err() != nil {
			return nil, gst.ErrFlushing
		}
		if len(s.queue) > 0 {
			item := s.queue[0]
			s.queue[0] = nil
			s.queue = s.queue[1:]
			switch it := item.(type) {
			case appSrcCaps:
				var changed bool
				if it.caps != nil && s.currentCaps != nil {
					changed = !it.caps.IsEqual(s.currentCaps)
				} else {
					changed = it.caps != s.currentCaps
				}
				s.currentCaps = it.caps
				if changed {
					s.mu.Unlock()
					s.Negotiate()
					s.mu.Lock()
				}
				continue
			case gst.Event:
				if se, ok := it.(*gst.SegmentEvent); ok {
					if !s.currentSegment.IsEqual(&se.Segment) {
						seg := se.Segment
						if !s.NewSegment(&seg) {
							return nil, gst.NewFlowError(gst.FlowError,
								"appsrc: failed to configure the provided input segment (format %s)", seg.Format)
						}
						s.currentSegment = seg
					}
					continue
				}
				last := s.lastSegment
				s.mu.Unlock()
				pad := s.SrcPad()
				if pad.StickyEvent(gst.EventSegment, 0) == nil {
					pad.PushEvent(gst.NewSegmentEvent(&last))
				}
				pad.PushEvent(it)
				s.mu.Lock()
				continue
			case *gst.Buffer:
				buf := it
				if s.discontDown {
					buf = buf.MakeWritable()
					buf.SetFlags(gst.BufferFlagDiscont)
					s.discontDown = false
				}
				s.afterPopLocked(item, size)
				return buf, nil
			case *gst.BufferList:
				list := it
				if s.discontDown {
					list = list.MakeWritable()
					list.GetWritable(0).SetFlags(gst.BufferFlagDiscont)
					s.discontDown = false
				}
				s.SubmitBufferList(list)
				s.afterPopLocked(item, size)
				return nil, nil
			}
			continue
		}
		s.emitNeedDataLocked(size)
		if s.flushing || ctx.Err() != nil {
			return nil, gst.ErrFlushing
		}
		if len(s.queue) > 0 {
			continue
		}
		if s.isEOS {
			return nil, gst.ErrEOS
		}
		s.streamWaiting = true
		s.cond.Wait()
		s.streamWaiting = false
	}
}

// afterPopLocked updates the levels, wakes a blocked pusher and emits
// need-data below min-percent.
func (s *AppSrc) afterPopLocked(item any, size uint) {
	s.updateQueuedPop(item, true)
	if s.appWaiting {
		s.cond.Broadcast()
	}
	if p := uint64(s.minPercent); p != 0 {
		if (s.maxBytes != 0 && s.queuedBytes*100/s.maxBytes <= p) ||
			(s.maxBufs != 0 && s.queuedBuffers*100/s.maxBufs <= p) ||
			(s.maxTime != 0 && s.queuedTime*100/s.maxTime <= p) {
			s.emitNeedDataLocked(size)
		}
	}
}
