package coreelements

import (
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/gstmini/gstmini/gst"
)

// Queue2 is a data queue that can also buffer to disk. It works in one of
// three modes:
//
//   - memory (no temp-template, ring-buffer-max-size 0): like queue, it
//     stores buffers, serialized events and queries and pushes them from a
//     task on its source pad, bounded by max-size-buffers, -bytes and -time
//     (and, with use-rate-estimate, by the input rate times max-size-time);
//   - download (temp-template set, e.g. /tmp/q2-XXXXXX): buffers are
//     written to a temporary file and read back; the source pad can work in
//     pull mode (random access within what was downloaded, waiting for data
//     still to come, seeking upstream for data far ahead);
//   - ring buffer (ring-buffer-max-size > 0): the same, in a ring of that
//     many bytes, in memory or (with temp-template) in the temporary file.
//
// With use-buffering it posts BUFFERING messages: the fill level is taken
// from the fullest of bytes, time, buffers (and the rate estimate)
// relative to its maximum, scaled so that high-watermark is 100%;
// buffering starts below low-watermark and ends at 100%; EOS is 100%. It
// answers the BUFFERING query with the same percentage.
//
// In download mode only STREAM_START, SEGMENT (the first one), CAPS and
// EOS are accepted; others are dropped (with a debug-log warning), as in
// GStreamer.
// As in GStreamer 1.22, when pushing from the temporary file the source
// task reads blocks of 4096 bytes, and a last partial block after EOS is
// not pushed (pulling with the exact size gets it).
//
// Example launch line:
//
//	gst-launch-1.0 souphttpsrc location=http://example.com/a.ogg ! queue2 use-buffering=true ! decodebin ! autoaudiosink
//
// All methods are safe for concurrent use.
//
// GStreamer: GstQueue2 (plugins/elements/gstqueue2.c).
type Queue2 struct {
	gst.ElementBase

	sinkpad *gst.Pad
	srcpad  *gst.Pad

	// mu is GST_QUEUE2_MUTEX: it guards everything below except the
	// fields documented otherwise.
	mu sync.Mutex
	queueWaits

	ring queueRing

	curLevel queue2Size
	maxLevel queue2Size
	tl       queueTimeLevel

	srcresult, sinkresult gst.FlowReturn
	isEOS                 bool
	unexpected            bool
	seeking               bool
	downstreamMayBlock    atomic.Bool

	useBuffering      bool
	useTagsBitrate    bool
	useRateEstimate   bool
	useBitrateQuery   bool
	lowWatermark      int // in queue2MaxBufferingLevel units
	highWatermark     int
	isBuffering       bool
	bufferingPercent  int
	bufMode           gst.BufferingMode
	avgIn, avgOut     int
	bufferingLeft     int64
	sinkTagsBitrate   uint
	srcTagsBitrate    uint
	downstreamBitrate uint

	// rate estimation (update_in_rates / update_out_rates)
	bytesIn, bytesOut      uint64
	byteInRate             float64
	byteOutRate            float64
	byteInPeriod           float64
	lastInElapsed          float64
	lastOutElapsed         float64
	lastUpdateInRatesElaps float64
	inTimer, outTimer      queue2Timer

	// download / ring buffer
	tempTemplate         string
	tempLocation         string
	tempRemove           bool
	tempFile             *os.File
	ringBufferMaxSize    uint64
	ringBuffer           []byte
	ranges               *queue2Range
	current              *queue2Range
	upstreamSize         uint64
	startingSegment      gst.Event
	segmentEventReceived bool
	streamStartEvent     gst.Event

	// postMu is buffering_post_lock; lastPosted is guarded by it.
	postMu     sync.Mutex
	lastPosted int
}

// queue2Size is GstQueue2Size: a level or a limit.
type queue2Size struct {
	queueSize
	rateTime gst.ClockTime // bytes at the estimated input rate (ns)
}

// queue2Range is GstQueue2Range: a downloaded byte range of the upstream
// resource, stored in the temp file or ring buffer.
type queue2Range struct {
	next          *queue2Range
	offset        uint64 // upstream offset of the first byte
	rbOffset      uint64 // ring buffer offset of the first byte
	writingPos    uint64 // upstream offset of the next byte to write
	rbWritingPos  uint64
	readingPos    uint64 // upstream offset of the next byte to read
	maxReadingPos uint64
}

// queue2Timer is a GTimer: elapsed seconds, with stop and continue.
type queue2Timer struct {
	start   time.Time
	acc     time.Duration
	running bool
}

func (t *queue2Timer) reset() { t.start, t.acc, t.running = time.Now(), 0, true }
func (t *queue2Timer) stop() {
	if t.running {
		t.acc += time.Since(t.start)
		t.running = false
	}
}
func (t *queue2Timer) cont() {
	if !t.running {
		t.start, t.running = time.Now(), true
	}
}
func (t *queue2Timer) elapsed() float64 {
	d := t.acc
	if t.running {
		d += time.Since(t.start)
	}
	return d.Seconds()
}

var queue2Cat = gst.NewDebugCategory("queue2", 0, "queue element")

// The defaults of the queue2 properties.
//
// GStreamer: DEFAULT_* (plugins/elements/gstqueue2.c).
const (
	Queue2DefaultMaxSizeBuffers = 100
	Queue2DefaultMaxSizeBytes   = 2 * 1024 * 1024
	Queue2DefaultMaxSizeTime    = 2 * gst.Second
	Queue2DefaultLowWatermark   = 0.01
	Queue2DefaultHighWatermark  = 0.99
)

const (
	queue2MaxBufferingLevel = 1000000
	queue2PercentFactor     = queue2MaxBufferingLevel / 100
	queue2DefaultBufferSize = 4096
	queue2RateInterval      = 0.2
	queue2SeekThreshold     = 1024 * 512
)

// Queue2Class is the element class (factory) of "queue2".
//
// GStreamer: gst_queue2_class_init (plugins/elements/gstqueue2.c).
var Queue2Class = &gst.ElementClass{
	Name:     "queue2",
	Plugin:   PluginInfo,
	TypeName: "GstQueue2",
	Rank:     gst.RankNone,
	Metadata: gst.ElementMetadata{
		LongName:    "Queue 2",
		Klass:       "Generic",
		Description: "Simple data queue",
		Author:      "Erik Walthinsen <omega@cse.ogi.edu>, Wim Taymans <wim.taymans@gmail.com>",
		DocURI:      "https://gstreamer.freedesktop.org/documentation/coreelements/queue2.html",
	},
	PadTemplates: []*gst.PadTemplate{queueSrcTemplate, queueSinkTemplate},
	Properties: append(queueSizeParams(Queue2DefaultMaxSizeBuffers, Queue2DefaultMaxSizeBytes,
		Queue2DefaultMaxSizeTime),
		gst.ParamBool("use-buffering", "Use buffering",
			"Emit GST_MESSAGE_BUFFERING based on low-/high-percent thresholds "+
				"(0% = low-watermark, 100% = high-watermark)", false, queueRWPlaying),
		gst.ParamBool("use-tags-bitrate", "Use bitrate from tags",
			"Use a bitrate from upstream tags to estimate buffer duration if not provided",
			false, queueRWPlaying),
		gst.ParamBool("use-rate-estimate", "Use Rate Estimate",
			"Estimate the bitrate of the stream to calculate time level", true, gst.ParamReadWrite),
		gst.ParamInt("low-percent", "Low percent",
			"Low threshold for buffering to start. Only used if use-buffering is True "+
				"(Deprecated: use low-watermark instead)", 0, 100, 1, gst.ParamReadWrite),
		gst.ParamInt("high-percent", "High percent",
			"High threshold for buffering to finish. Only used if use-buffering is True "+
				"(Deprecated: use high-watermark instead)", 0, 100, 99, gst.ParamReadWrite),
		gst.ParamDouble("low-watermark", "Low watermark",
			"Low threshold for buffering to start. Only used if use-buffering is True",
			0, 1, Queue2DefaultLowWatermark, gst.ParamReadWrite),
		gst.ParamDouble("high-watermark", "High watermark",
			"High threshold for buffering to finish. Only used if use-buffering is True",
			0, 1, Queue2DefaultHighWatermark, gst.ParamReadWrite),
		gst.ParamString("temp-template", "Temporary File Template",
			"File template to store temporary files in, should contain directory "+
				"and XXXXXX. (NULL == disabled)", "", gst.ParamReadWrite),
		gst.ParamString("temp-location", "Temporary File Location",
			"Location to store temporary files in (Only read this property, "+
				"use temp-template to configure the name template)", "", gst.ParamReadable),
		gst.ParamBool("use-bitrate-query", "Use bitrate from downstream query",
			"Use a bitrate from a downstream query to estimate buffer duration if not provided",
			true, queueRWPlaying),
		gst.ParamBool("temp-remove", "Remove the Temporary File",
			"Remove the temp-location after use", true, gst.ParamReadWrite),
		gst.ParamUint64("ring-buffer-max-size", "Max. ring buffer size (bytes)",
			"Max. amount of data in the ring buffer (bytes, 0 = disabled)", 0, math.MaxUint64, 0,
			gst.ParamReadWrite),
		gst.ParamInt64("avg-in-rate", "Input data rate (bytes/s)", "Average input data rate (bytes/s)",
			0, math.MaxInt64, 0, gst.ParamReadable),
		gst.ParamUint64("bitrate", "Bitrate (bits/s)", "Conversion value between data size and time",
			0, math.MaxUint64, 0, gst.ParamReadable),
	),
	New: func() gst.Element { return &Queue2{} },
}

var (
	_ gst.Constructor    = (*Queue2)(nil)
	_ gst.PropertySetter = (*Queue2)(nil)
	_ gst.PropertyGetter = (*Queue2)(nil)
)

// Constructed creates the pads and sets the defaults. Called once by the
// factory.
//
// GStreamer: gst_queue2_init (plugins/elements/gstqueue2.c).
func (q *Queue2) Constructed() error {
	q.queueWaits.init(&q.mu)
	q.ring.init(Queue2DefaultMaxSizeBuffers * 3 / 2)

	var err error
	if q.sinkpad, q.srcpad, err = queueAddPads(q, q.getRange); err != nil {
		return err
	}

	q.maxLevel = queue2Size{queueSize{Queue2DefaultMaxSizeBuffers, Queue2DefaultMaxSizeBytes,
		Queue2DefaultMaxSizeTime}, Queue2DefaultMaxSizeTime}
	q.tl.init(&q.curLevel.time, true)
	q.useRateEstimate = true
	q.useBitrateQuery = true
	q.lowWatermark = int(Queue2DefaultLowWatermark * queue2MaxBufferingLevel)
	q.highWatermark = int(Queue2DefaultHighWatermark * queue2MaxBufferingLevel)
	q.srcresult, q.sinkresult = gst.FlowFlushing, gst.FlowFlushing
	q.bufferingPercent = 100
	q.lastPosted = -1
	q.tempRemove = true
	return nil
}

func (q *Queue2) usingTempFile() bool   { return q.tempTemplate != "" }
func (q *Queue2) usingRingBuffer() bool { return q.ringBufferMaxSize != 0 }
func (q *Queue2) usingQueue() bool      { return !q.usingTempFile() && !q.usingRingBuffer() }

// maxBytes is QUEUE_MAX_BYTES.
func (q *Queue2) maxBytes() uint64 { return min(uint64(q.maxLevel.bytes), q.ringBufferMaxSize) }

// waitDel waits for room; false when the sink side is flushing.
func (q *Queue2) waitDel() bool {
	q.waitForDel()
	return q.sinkresult == gst.FlowOK
}

// waitAdd waits for data; false when the source side is flushing.
func (q *Queue2) waitAdd() bool {
	q.waitForAdd()
	return q.srcresult == gst.FlowOK
}

// ---------------------------------------------------------------------------
// Properties

// SetProperty sets a queue2 property (called by Set and SetString with a
// validated value). temp-template can only change in NULL or READY; in
// other states the change is ignored, as in GStreamer. Safe for concurrent
// use.
//
// GStreamer: gst_queue2_set_property (plugins/elements/gstqueue2.c).
func (q *Queue2) SetProperty(name string, v any) error {
	q.mu.Lock()
	switch {
	case q.maxLevel.set(name, v):
		// the rate estimate has the same limit as the time level
		q.maxLevel.rateTime = q.maxLevel.time
		q.capacityChange()
	case name == "use-buffering":
		q.useBuffering = v.(bool)
		if !q.useBuffering && q.isBuffering {
			q.setPercent(100)
			q.isBuffering = false
		}
		if q.useBuffering {
			q.isBuffering = true
			q.updateBuffering()
		}
	case name == "use-tags-bitrate":
		q.useTagsBitrate = v.(bool)
	case name == "use-rate-estimate":
		q.useRateEstimate = v.(bool)
	case name == "low-percent":
		q.lowWatermark = v.(int) * queue2PercentFactor
		q.updateIfBuffering()
	case name == "high-percent":
		q.highWatermark = v.(int) * queue2PercentFactor
		q.updateIfBuffering()
	case name == "low-watermark":
		q.lowWatermark = int(v.(float64) * queue2MaxBufferingLevel)
		q.updateIfBuffering()
	case name == "high-watermark":
		q.highWatermark = int(v.(float64) * queue2MaxBufferingLevel)
		q.updateIfBuffering()
	case name == "temp-template":
		if s := q.CurrentState(); s == gst.StateNull || s == gst.StateReady {
			q.tempTemplate = v.(string)
		}
	case name == "temp-remove":
		q.tempRemove = v.(bool)
	case name == "ring-buffer-max-size":
		q.ringBufferMaxSize = v.(uint64)
	case name == "use-bitrate-query":
		q.useBitrateQuery = v.(bool)
	}
	q.mu.Unlock()
	q.postBuffering()
	return nil
}

func (q *Queue2) updateIfBuffering() {
	if q.isBuffering {
		q.updateBuffering()
	}
}

// capacityChange is QUEUE_CAPACITY_CHANGE.
func (q *Queue2) capacityChange() {
	q.signalDel()
	if q.useBuffering {
		q.updateBuffering()
	}
}

// Property returns a queue2 property's value. Safe for concurrent use.
//
// GStreamer: gst_queue2_get_property (plugins/elements/gstqueue2.c).
func (q *Queue2) Property(name string) any {
	q.mu.Lock()
	defer q.mu.Unlock()
	if v, ok := queueSizeProperty(name, &q.curLevel.queueSize, &q.maxLevel.queueSize); ok {
		return v
	}
	switch name {
	case "use-buffering":
		return q.useBuffering
	case "use-tags-bitrate":
		return q.useTagsBitrate
	case "use-rate-estimate":
		return q.useRateEstimate
	case "low-percent":
		return q.lowWatermark / queue2PercentFactor
	case "high-percent":
		return q.highWatermark / queue2PercentFactor
	case "low-watermark":
		return float64(q.lowWatermark) / queue2MaxBufferingLevel
	case "high-watermark":
		return float64(q.highWatermark) / queue2MaxBufferingLevel
	case "temp-template":
		return q.tempTemplate
	case "temp-location":
		return q.tempLocation
	case "temp-remove":
		return q.tempRemove
	case "ring-buffer-max-size":
		return q.ringBufferMaxSize
	case "avg-in-rate":
		rate := q.byteInRate
		// during the first interval the rate is not computed yet
		if rate == 0 && q.bytesIn != 0 && q.lastUpdateInRatesElaps > 0 {
			rate = float64(q.bytesIn) / q.lastUpdateInRatesElaps
		}
		return int64(rate)
	case "use-bitrate-query":
		return q.useBitrateQuery
	case "bitrate":
		return q.bitrate()
	}
	return nil
}

func (q *Queue2) bitrate() uint64 {
	if q.useTagsBitrate {
		if q.sinkTagsBitrate > 0 {
			return uint64(q.sinkTagsBitrate)
		}
		if q.srcTagsBitrate > 0 {
			return uint64(q.srcTagsBitrate)
		}
	}
	if q.useBitrateQuery {
		return uint64(q.downstreamBitrate)
	}
	return 0
}

// CurrentLevel returns the current fill level: buffers, bytes and time
// (ns). In download and ring-buffer modes, bytes is the data written but
// not read yet and buffers is 0. Safe for concurrent use.
//
// GStreamer: the current-level-* properties of GstQueue2 (plugins/elements/gstqueue2.c).
func (q *Queue2) CurrentLevel() (buffers, bytes uint, time gst.ClockTime) {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.curLevel.buffers, q.curLevel.bytes, q.curLevel.time
}

// ---------------------------------------------------------------------------
// Ranges

func (q *Queue2) findRange(offset uint64) *queue2Range {
	for r := q.ranges; r != nil; r = r.next {
		if offset >= r.offset && offset <= r.writingPos {
			return r
		}
	}
	return nil
}

func (q *Queue2) updateCurLevel(r *queue2Range) {
	if r.writingPos > r.maxReadingPos {
		q.curLevel.bytes = uint(r.writingPos - r.maxReadingPos)
	} else {
		q.curLevel.bytes = 0
	}
}

// addRange makes a range for offset or reuses the one holding it.
func (q *Queue2) addRange(offset uint64, updateExisting bool) *queue2Range {
	r := q.findRange(offset)
	if r != nil {
		if updateExisting && r.writingPos != offset {
			r.writingPos = offset
		}
	} else {
		r = &queue2Range{offset: offset, writingPos: offset, readingPos: offset, maxReadingPos: offset}
		// write to the next location in the ring buffer
		if q.current != nil {
			r.rbOffset = q.current.rbWritingPos
		}
		r.rbWritingPos = r.rbOffset
		var prev *queue2Range
		next := q.ranges
		for next != nil && next.offset <= offset {
			prev, next = next, next.next
		}
		r.next = next
		if prev != nil {
			prev.next = r
		} else {
			q.ranges = r
		}
	}
	q.updateCurLevel(r)
	return r
}

func (q *Queue2) initRanges() {
	q.ranges, q.current = nil, nil
	q.current = q.addRange(0, true)
}

func (q *Queue2) cleanRanges() { q.ranges, q.current = nil, nil }

func (q *Queue2) updateCurPos(r *queue2Range, pos uint64) {
	r.maxReadingPos = max(r.maxReadingPos, pos)
	q.updateCurLevel(r)
}

// ---------------------------------------------------------------------------
// Buffering level and rates (q.mu held)

func queue2Normalize(cur, maxLevel, altMax uint64) int {
	if maxLevel == 0 {
		return 0
	}
	if altMax > 0 {
		maxLevel = min(maxLevel, altMax)
	}
	return int(min(gst.Uint64Scale(cur, queue2MaxBufferingLevel, maxLevel), queue2MaxBufferingLevel))
}

// bufferingLevel is get_buffering_level: the fill level in
// queue2MaxBufferingLevel units; false when buffering is disabled by a
// zero high watermark.
func (q *Queue2) bufferingLevel() (int, bool) {
	if q.highWatermark <= 0 {
		return queue2MaxBufferingLevel, false
	}
	if q.isEOS || q.srcresult == gst.FlowNotLinked {
		return queue2MaxBufferingLevel, true
	}
	var level int
	if !q.usingRingBuffer() {
		level = queue2Normalize(uint64(q.curLevel.bytes), uint64(q.maxLevel.bytes), 0)
	} else {
		level = queue2Normalize(uint64(q.curLevel.bytes), uint64(q.maxLevel.bytes), q.ringBufferMaxSize)
	}
	level = max(level, queue2Normalize(uint64(q.curLevel.time), uint64(q.maxLevel.time), 0))
	level = max(level, queue2Normalize(uint64(q.curLevel.buffers), uint64(q.maxLevel.buffers), 0))
	if q.useRateEstimate {
		level = max(level, queue2Normalize(uint64(q.curLevel.rateTime), uint64(q.maxLevel.rateTime), 0))
	}
	// do not get to 0% unless really empty
	if q.curLevel.bytes > 0 {
		level = max(1, level)
	}
	return level, true
}

// bufferingPercentOf is convert_to_buffering_percent: level scaled so
// that the high watermark is 100%.
func (q *Queue2) bufferingPercentOf(level int) int {
	return min(level*100/q.highWatermark, 100)
}

// bufferingStats is get_buffering_stats.
func (q *Queue2) bufferingStats(percent int) (mode gst.BufferingMode, avgIn, avgOut int, left int64) {
	switch {
	case q.usingQueue():
		mode = gst.BufferingStream
	case q.usingRingBuffer():
		mode = gst.BufferingTimeshift
	default:
		mode = gst.BufferingDownload
	}
	avgIn, avgOut = int(q.byteInRate), int(q.byteOutRate)
	left = -1
	if percent == 100 {
		left = 0
	}
	if q.useRateEstimate {
		maxT, cur := q.maxLevel.rateTime, q.curLevel.rateTime
		if percent != 100 && maxT > cur {
			left = int64((maxT - cur) / 1000000)
		}
	}
	return
}

// setPercent is SET_PERCENT.
func (q *Queue2) setPercent(percent int) {
	if percent != q.bufferingPercent {
		q.bufferingPercent = percent
		q.bufMode, q.avgIn, q.avgOut, q.bufferingLeft = q.bufferingStats(percent)
	}
}

// updateBuffering is update_buffering: hysteresis between the watermarks.
func (q *Queue2) updateBuffering() {
	if q.current != nil {
		q.updateCurLevel(q.current)
	}
	q.updateInRates(false)
	level, ok := q.bufferingLevel()
	if !ok {
		return
	}
	percent := q.bufferingPercentOf(level)
	if q.isBuffering {
		if percent >= 100 {
			q.isBuffering = false
		}
		q.setPercent(percent)
	} else if level < q.lowWatermark {
		q.isBuffering = true
		q.setPercent(percent)
	}
}

// postBuffering is gst_queue2_post_buffering; called without q.mu.
func (q *Queue2) postBuffering() {
	q.postMu.Lock()
	defer q.postMu.Unlock()
	q.mu.Lock()
	// do not report a drop while upstream waits for room (it would add
	// its buffer right away)
	if (q.waitingDel && q.bufferingPercent != 100) || q.lastPosted == q.bufferingPercent {
		q.mu.Unlock()
		return
	}
	percent := q.bufferingPercent
	mode, avgIn, avgOut, left := q.bufMode, q.avgIn, q.avgOut, q.bufferingLeft
	q.mu.Unlock()
	// without a bus the post fails (and is retried next time): skip the
	// message allocation
	if q.Bus() == nil {
		return
	}
	msg := gst.NewBufferingMessage(q, percent)
	msg.Mode, msg.AvgIn, msg.AvgOut, msg.BufferingLeft = mode, avgIn, avgOut, left
	if q.PostMessage(msg) {
		q.lastPosted = percent
	}
}

func (q *Queue2) resetRateTimer() {
	q.bytesIn, q.bytesOut = 0, 0
	q.byteInRate, q.byteOutRate, q.byteInPeriod = 0, 0, 0
	q.lastUpdateInRatesElaps, q.lastInElapsed, q.lastOutElapsed = 0, 0, 0
	q.inTimer, q.outTimer = queue2Timer{}, queue2Timer{}
}

func (q *Queue2) rateTimeFromInRate() {
	if q.byteInRate > 0 {
		q.curLevel.rateTime = gst.ClockTime(float64(q.curLevel.bytes) / q.byteInRate * float64(gst.Second))
	}
}

func (q *Queue2) updateInRates(force bool) {
	if q.inTimer.start.IsZero() {
		q.inTimer.reset()
		return
	}
	elapsed := q.inTimer.elapsed()
	q.lastUpdateInRatesElaps = elapsed
	if force || q.lastInElapsed+queue2RateInterval < elapsed {
		period := elapsed - q.lastInElapsed
		rate := float64(q.bytesIn) / period
		if q.byteInRate == 0 {
			q.byteInRate = rate
		} else {
			q.byteInRate = (q.byteInRate*q.byteInPeriod + rate*period) / (q.byteInPeriod + period)
		}
		// another data point, capped for a long running average
		if q.byteInPeriod < 16*queue2RateInterval {
			q.byteInPeriod += period
		}
		q.lastInElapsed = elapsed
		q.bytesIn = 0
	}
	if q.useBitrateQuery && q.downstreamBitrate > 0 {
		q.curLevel.rateTime = gst.ClockTime(gst.Uint64Scale(8*uint64(q.curLevel.bytes), uint64(gst.Second),
			uint64(q.downstreamBitrate)))
	} else {
		q.rateTimeFromInRate()
	}
}

func (q *Queue2) updateOutRates() {
	if q.outTimer.start.IsZero() {
		q.outTimer.reset()
		return
	}
	elapsed := q.outTimer.elapsed()
	if q.lastOutElapsed+queue2RateInterval < elapsed {
		period := elapsed - q.lastOutElapsed
		rate := float64(q.bytesOut) / period
		if q.byteOutRate == 0 {
			q.byteOutRate = rate
		} else {
			q.byteOutRate = (q.byteOutRate*3 + rate) / 4
		}
		q.lastOutElapsed = elapsed
		q.bytesOut = 0
	}
	q.rateTimeFromInRate()
}

// sideBitrate is the bitrate apply_buffer uses to estimate durations.
func (q *Queue2) sideBitrate(isSink bool) uint {
	var b uint
	if q.useTagsBitrate {
		if isSink {
			b = q.sinkTagsBitrate
		} else {
			b = q.srcTagsBitrate
		}
	}
	if b == 0 && !isSink && q.useBitrateQuery {
		b = q.downstreamBitrate
	}
	return b
}

// queryDownstreamBitrate asks downstream for its bitrate; called without
// q.mu.
func (q *Queue2) queryDownstreamBitrate() {
	query := gst.NewBitrateQuery()
	var br uint
	if q.srcpad.PeerQuery(query) {
		br = uint(query.NominalBitrate)
	}
	q.mu.Lock()
	changed := q.downstreamBitrate != br
	if changed {
		q.downstreamBitrate = br
		if q.useBuffering {
			q.updateBuffering()
		}
	}
	q.mu.Unlock()
	if changed {
		q.postBuffering()
		q.Notify(q, "bitrate")
	}
}

// ---------------------------------------------------------------------------
// Enqueue / dequeue (q.mu held)

// isEmpty is gst_queue2_is_empty.
func (q *Queue2) isEmpty() bool {
	if q.isEOS {
		return false
	}
	if !q.usingQueue() && q.current != nil {
		return q.current.writingPos <= q.current.maxReadingPos
	}
	return q.ring.n == 0
}

// isFilled is gst_queue2_is_filled.
func (q *Queue2) isFilled() bool {
	if q.isEOS {
		return true
	}
	if q.usingRingBuffer() {
		lim := uint64(q.maxLevel.bytes)
		if q.ringBufferMaxSize != 0 {
			lim = min(lim, q.ringBufferMaxSize)
		}
		return q.maxLevel.bytes > 0 && uint64(q.curLevel.bytes) >= lim
	}
	// a download is never full before EOS
	if q.usingTempFile() {
		return false
	}
	if q.curLevel.buffers == 0 {
		return false
	}
	filled := func(cur, maxLevel uint64) bool { return maxLevel > 0 && cur >= maxLevel }
	res := filled(uint64(q.curLevel.buffers), uint64(q.maxLevel.buffers)) ||
		filled(uint64(q.curLevel.bytes), uint64(q.maxLevel.bytes)) ||
		filled(uint64(q.curLevel.time), uint64(q.maxLevel.time))
	if q.useRateEstimate {
		res = res || filled(uint64(q.curLevel.rateTime), uint64(q.maxLevel.rateTime))
	}
	return res
}

// lockedFlush is gst_queue2_locked_flush.
func (q *Queue2) lockedFlush(full, clearTemp bool) {
	if !q.usingQueue() {
		if q.usingTempFile() && clearTemp && q.tempFile != nil {
			_ = q.tempFile.Truncate(0)
		}
		q.initRanges()
	} else {
		q.ring.drain(q.srcpad, full)
	}
	q.failQuery()
	q.curLevel = queue2Size{}
	q.tl.reset()
	q.startingSegment = nil
	q.segmentEventReceived = false
	q.streamStartEvent = nil
	q.signalDel()
}

// waitFreeSpace is gst_queue2_wait_free_space; false when flushing.
func (q *Queue2) waitFreeSpace() bool {
	if !q.isFilled() {
		return true
	}
	// waiting does not lower the input rate
	q.inTimer.stop()
	for q.isFilled() {
		if !q.waitDel() {
			return false
		}
	}
	q.inTimer.cont()
	return true
}

func (q *Queue2) enqueueData(buf *gst.Buffer, list *gst.BufferList) {
	it := queueItem{buf: buf, list: list}
	size, n := it.dataSize()
	it.size = size
	if q.usingQueue() {
		q.curLevel.buffers += n
		q.curLevel.bytes += size
	}
	q.bytesIn += uint64(size)
	q.tl.applyItem(&it, true, q.sideBitrate(true))
	q.updateInRates(false)
	if !q.usingQueue() {
		if buf != nil {
			q.createWrite(buf)
		} else {
			for i := 0; i < list.Len() && q.createWrite(list.Get(i)); i++ {
			}
		}
	}
	if q.useBuffering {
		q.updateBuffering()
	}
	if q.usingQueue() {
		q.ring.push(it)
	} else {
		it.unrefData()
	}
	q.signalAdd()
}

// enqueueEvent is the event part of gst_queue2_locked_enqueue.
func (q *Queue2) enqueueEvent(ev gst.Event) {
	keep := true
	switch e := ev.(type) {
	case *gst.EOSEvent:
		q.isEOS = true
		q.updateInRates(true)
	case *gst.SegmentEvent:
		q.tl.applySegment(e, true)
		if e.Segment.Format == gst.FormatBytes && !q.usingQueue() {
			// start is where upstream will be writing next
			q.current = q.addRange(e.Segment.Start, true)
		}
		if !q.usingQueue() {
			// the first segment is held: it cannot go into the file
			if q.segmentEventReceived {
				q.warnUnexpectedEvent(ev)
				return
			}
			q.segmentEventReceived = true
			q.startingSegment = ev
			keep = false
		}
		// a new segment accepts buffers again after EOS from downstream
		q.unexpected = false
	case *gst.GapEvent:
		q.tl.applyGap(e, true)
	case *gst.StreamStartEvent:
		if !q.usingQueue() {
			q.streamStartEvent = ev
			keep = false
		}
	case *gst.CapsEvent:
		keep = q.usingQueue()
	default:
		if !q.usingQueue() {
			q.warnUnexpectedEvent(ev)
			return
		}
	}
	if !keep {
		return
	}
	if q.useBuffering {
		q.updateBuffering()
	}
	if q.usingQueue() {
		q.ring.push(queueItem{ev: ev})
	}
	q.signalAdd()
}

// warnUnexpectedEvent logs (at WARNING level, no bus message, as
// GStreamer) that ev cannot be stored in the temporary file and is dropped.
func (q *Queue2) warnUnexpectedEvent(ev gst.Event) {
	queue2Cat.Warning(q, "%s event can't be added to temp file", ev.Type())
}

// lockedDequeue is gst_queue2_locked_dequeue; ok false when nothing
// could be taken out (empty, flushing or a read error).
func (q *Queue2) lockedDequeue() (queueItem, bool) {
	var it queueItem
	if !q.usingQueue() {
		var ok bool
		if it, ok = q.readItemFromFile(); !ok {
			return it, false
		}
	} else {
		var ok bool
		if it, ok = q.ring.pop(); !ok {
			return it, false
		}
	}
	switch {
	case it.buf != nil || it.list != nil:
		size, n := it.dataSize()
		if q.usingQueue() {
			q.curLevel.buffers -= n
			q.curLevel.bytes -= size
		}
		q.bytesOut += uint64(size)
		q.tl.applyItem(&it, false, q.sideBitrate(false))
		q.updateOutRates()
		if q.useBuffering {
			q.updateBuffering()
		}
	case it.ev != nil:
		switch e := it.ev.(type) {
		case *gst.EOSEvent:
			q.curLevel = queue2Size{}
		case *gst.SegmentEvent:
			q.tl.applySegment(e, false)
		case *gst.GapEvent:
			q.tl.applyGap(e, false)
		}
	}
	q.signalDel()
	return it, true
}

// ---------------------------------------------------------------------------
// Temporary file and ring buffer (q.mu held)

// queue2Mkstemp is g_mkstemp: it replaces the last XXXXXX of template
// with random characters and creates that file exclusively.
func queue2Mkstemp(template string) (*os.File, string, error) {
	i := strings.LastIndex(template, "XXXXXX")
	if i < 0 {
		return nil, "", fmt.Errorf("template %q has no XXXXXX: %w", template, syscall.EINVAL)
	}
	const letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	for try := 0; try < 100; try++ {
		var b [6]byte
		for j := range b {
			b[j] = letters[rand.IntN(len(letters))]
		}
		name := template[:i] + string(b[:]) + template[i+6:]
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(err, os.ErrExist) {
			continue
		}
		if err != nil {
			return nil, "", err
		}
		return f, name, nil
	}
	return nil, "", fmt.Errorf("template %q: %w", template, os.ErrExist)
}

// openTempFile is gst_queue2_open_temp_location_file; it briefly
// releases q.mu to notify temp-location.
func (q *Queue2) openTempFile() bool {
	if q.tempFile != nil {
		return true
	}
	if q.tempTemplate == "" {
		q.PostError(&gst.ResourceError{Code: gst.ResourceErrorNotFound, Msg: "No Temp directory specified."}, "")
		return false
	}
	f, name, err := queue2Mkstemp(q.tempTemplate)
	if err != nil {
		q.PostError(&gst.ResourceError{Code: gst.ResourceErrorOpenRead,
			Msg: fmt.Sprintf("Could not create temp file \"%s\".", q.tempTemplate)}, err.Error())
		return false
	}
	q.tempFile, q.tempLocation = f, name
	q.mu.Unlock()
	q.Notify(q, "temp-location")
	q.mu.Lock()
	return true
}

// closeTempFile is gst_queue2_close_temp_location_file.
func (q *Queue2) closeTempFile() {
	if q.tempFile == nil {
		return
	}
	_ = q.tempFile.Close()
	if q.tempRemove {
		_ = os.Remove(q.tempLocation)
	}
	q.tempFile = nil
	q.cleanRanges()
}

// readAt is gst_queue2_read_data_at_offset: io.EOF (FlowEOS) when the
// temporary file holds less than len(dst) bytes at off, as GStreamer.
func (q *Queue2) readAt(dst []byte, off uint64) (int, gst.FlowReturn) {
	if !q.usingTempFile() {
		if off+uint64(len(dst)) > uint64(len(q.ringBuffer)) {
			q.PostError(&gst.ResourceError{Code: gst.ResourceErrorRead}, "read outside the ring buffer")
			return 0, gst.FlowError
		}
		return copy(dst, q.ringBuffer[off:]), gst.FlowOK
	}
	n, err := q.tempFile.ReadAt(dst, int64(off))
	if n < len(dst) {
		if errors.Is(err, io.EOF) {
			return n, gst.FlowEOS
		}
		q.PostError(&gst.ResourceError{Code: gst.ResourceErrorRead}, fmt.Sprint(err))
		return n, gst.FlowError
	}
	return n, gst.FlowOK
}

func (q *Queue2) writeAt(data []byte, off uint64) bool {
	if !q.usingTempFile() {
		copy(q.ringBuffer[off:], data)
		return true
	}
	if _, err := q.tempFile.WriteAt(data, int64(off)); err != nil {
		if errors.Is(err, syscall.ENOSPC) {
			q.PostError(&gst.ResourceError{Code: gst.ResourceErrorNoSpaceLeft}, err.Error())
		} else {
			q.PostError(&gst.ResourceError{Code: gst.ResourceErrorWrite,
				Msg: "Error while writing to download file."}, err.Error())
		}
		return false
	}
	return true
}

// seekThreshold is get_seek_threshold: how far ahead to wait for data
// rather than seek upstream.
func (q *Queue2) seekThreshold() uint64 {
	t := uint64(queue2SeekThreshold)
	if q.usingRingBuffer() {
		t = min(t, q.maxBytes()-uint64(q.curLevel.bytes))
	}
	return t
}

// performSeek is perform_seek_to_offset: a flushing BYTES seek upstream;
// q.mu is released while it is sent.
func (q *Queue2) performSeek(offset uint64) bool {
	q.seeking = true
	q.mu.Unlock()
	res := q.sinkpad.PushEvent(gst.NewSeekEvent(1, gst.FormatBytes, gst.SeekFlagFlush|gst.SeekFlagAccurate,
		gst.SeekTypeSet, int64(offset), gst.SeekTypeNone, -1))
	q.mu.Lock()
	if res {
		q.current = q.addRange(offset, false)
	}
	return res
}

// haveData is gst_queue2_have_data.
func (q *Queue2) haveData(offset, length uint64) bool {
	if r := q.findRange(offset); r != nil {
		if q.current != r {
			q.performSeek(r.writingPos)
		}
		if !q.usingRingBuffer() && q.isEOS {
			return true
		}
		return offset+length <= r.writingPos
	}
	if !q.isEOS && q.current != nil {
		if offset >= q.current.offset && offset <= q.current.writingPos+q.seekThreshold() {
			return false // within reach: wait
		}
	}
	q.performSeek(offset)
	return false
}

// createRead is gst_queue2_create_read: it reads length bytes at offset,
// waiting for them to be written.
func (q *Queue2) createRead(offset uint64, length uint) (*gst.Buffer, gst.FlowReturn) {
	data := make([]byte, length)
	pos := 0
	rpos := offset
	rbSize := q.ringBufferMaxSize
	maxSize := q.maxBytes()
	remaining := uint64(length)
	for remaining > 0 {
		var readLength uint64
		if !q.haveData(rpos, remaining) {
			if q.usingRingBuffer() {
				var level uint64
				if q.current.writingPos > rpos {
					level = q.current.writingPos - rpos
				}
				if level >= maxSize {
					// the ring buffer is full: read what it holds
					readLength = min(maxSize, remaining)
				} else if q.isEOS {
					if level == 0 {
						return nil, gst.FlowEOS
					}
					// no more data will come: read what we have
					readLength, remaining = level, level
					data = data[:uint64(pos)+level]
				}
			}
			if readLength == 0 {
				if q.usingRingBuffer() {
					q.updateCurPos(q.current, rpos)
					q.signalDel()
				}
				if q.useBuffering {
					q.updateBuffering()
				}
				if !q.waitAdd() {
					return nil, gst.FlowFlushing
				}
				continue
			}
		} else {
			readLength = remaining
		}
		q.current.readingPos = rpos
		var fileOffset, blockLength uint64
		if q.usingRingBuffer() {
			fileOffset = (q.current.rbOffset + (rpos - q.current.offset)) % rbSize
			blockLength = min(readLength, rbSize-fileOffset)
		} else {
			fileOffset, blockLength = rpos, readLength
		}
		for readLength > 0 {
			n, ret := q.readAt(data[pos:pos+int(blockLength)], fileOffset)
			if ret != gst.FlowOK {
				return nil, ret
			}
			fileOffset += uint64(n)
			if q.usingRingBuffer() {
				fileOffset %= rbSize
			}
			pos += n
			readLength -= uint64(n)
			blockLength = readLength
			remaining -= uint64(n)
			q.current.readingPos += uint64(n)
			rpos = q.current.readingPos
			q.updateCurPos(q.current, rpos)
		}
		q.signalDel()
	}
	buf := gst.NewBufferWrapped(data[:pos])
	buf.Offset = offset
	buf.OffsetEnd = offset + uint64(pos)
	return buf, gst.FlowOK
}

// readItemFromFile is gst_queue2_read_item_from_file: the held
// STREAM_START and SEGMENT first, then blocks of data, then EOS.
func (q *Queue2) readItemFromFile() (queueItem, bool) {
	if q.streamStartEvent != nil {
		ev := q.streamStartEvent
		q.streamStartEvent = nil
		return queueItem{ev: ev}, true
	}
	if q.startingSegment != nil {
		ev := q.startingSegment
		q.startingSegment = nil
		return queueItem{ev: ev}, true
	}
	buf, ret := q.createRead(q.current.readingPos, queue2DefaultBufferSize)
	switch ret {
	case gst.FlowOK:
		return queueItem{buf: buf}, true
	case gst.FlowEOS:
		return queueItem{ev: gst.NewEOSEvent()}, true
	}
	return queueItem{}, false
}

// createWrite is gst_queue2_create_write: it writes buf at the current
// writing position, waiting for room in a ring buffer.
func (q *Queue2) createWrite(buf *gst.Buffer) bool {
	var writingPos uint64
	if q.usingRingBuffer() {
		writingPos = q.current.rbWritingPos
	} else {
		writingPos = q.current.writingPos
	}
	rbSize := q.ringBufferMaxSize
	data := buf.Bytes()
	for len(data) > 0 {
		var toWrite, newWritingPos uint64
		doSeek := false
		if q.usingRingBuffer() {
			for q.maxBytes() <= uint64(q.curLevel.bytes) {
				if !q.waitDel() {
					return false
				}
			}
			space := q.maxBytes() - uint64(q.curLevel.bytes)
			toWrite = min(uint64(len(data)), space)
			newWritingPos = (writingPos + toWrite) % rbSize
			q.ringDropOverwritten(writingPos, toWrite, newWritingPos)
		} else {
			toWrite = uint64(len(data))
			newWritingPos = writingPos + toWrite
		}
		if newWritingPos > writingPos {
			if !q.writeAt(data[:toWrite], writingPos) {
				return false
			}
			if !q.usingRingBuffer() {
				// merge with the next ranges we reach
				for next := q.current.next; next != nil && newWritingPos >= next.offset; next = q.current.next {
					q.current.next = next.next
					// keep the data of a large range and seek past it
					if next.writingPos > newWritingPos+q.seekThreshold() {
						newWritingPos = next.writingPos
						doSeek = true
					}
				}
			}
		} else {
			// wrapping around the end of the ring
			blockOne := rbSize - writingPos
			if blockOne > 0 && !q.writeAt(data[:blockOne], writingPos) {
				return false
			}
			if blockTwo := toWrite - blockOne; blockTwo > 0 && !q.writeAt(data[blockOne:toWrite], 0) {
				return false
			}
		}
		data = data[toWrite:]
		if q.usingRingBuffer() {
			q.current.writingPos += toWrite
			q.current.rbWritingPos = newWritingPos
		} else {
			q.current.writingPos = newWritingPos
		}
		writingPos = newWritingPos
		if doSeek {
			q.performSeek(newWritingPos)
		}
		q.updateCurLevel(q.current)
		if q.useBuffering {
			q.updateBuffering()
		}
		q.mu.Unlock()
		q.postBuffering()
		q.mu.Lock()
		q.signalAdd()
	}
	return true
}

// ringDropOverwritten updates the ranges (other than the current one)
// whose ring buffer data the write of toWrite bytes at writingPos
// overwrites: shrunk from the front or removed.
func (q *Queue2) ringDropOverwritten(writingPos, toWrite, newWritingPos uint64) {
	rbSize := q.ringBufferMaxSize
	var prev *queue2Range
	for r := q.ranges; r != nil; r = r.next {
		remove := false
		switch {
		case r == q.current:
		case r.writingPos == r.offset:
			remove = true // no data
		case r.rbWritingPos > r.rbOffset:
			start, end := r.rbOffset, r.rbWritingPos
			if writingPos >= end && newWritingPos >= writingPos {
				break
			}
			if newWritingPos > start {
				if newWritingPos >= end {
					remove = true
				} else {
					r.offset += newWritingPos - start
					r.rbOffset = newWritingPos
				}
			}
		default:
			start, end := r.rbOffset, r.rbWritingPos
			virt := writingPos + toWrite
			if virt <= start {
				break
			}
			if virt > rbSize && newWritingPos >= end {
				remove = true
			} else {
				r.offset += virt - start
				r.rbOffset = newWritingPos
			}
		}
		if remove {
			if prev != nil {
				prev.next = r.next
			} else {
				q.ranges = r.next
			}
			continue
		}
		prev = r
	}
}

// ---------------------------------------------------------------------------
// Sink pad

func (q *Queue2) chain(_ *gst.Pad, buf *gst.Buffer) error {
	return q.chainBufferOrList(buf, nil)
}

func (q *Queue2) chainList(_ *gst.Pad, list *gst.BufferList) error {
	return q.chainBufferOrList(nil, list)
}

func (q *Queue2) chainBufferOrList(buf *gst.Buffer, list *gst.BufferList) error {
	q.mu.Lock()
	var ret gst.FlowReturn
	switch {
	case q.sinkresult != gst.FlowOK:
		ret = q.sinkresult
	case q.isEOS || q.unexpected:
		ret = gst.FlowEOS
	case q.seeking:
		// data before the FLUSH_STOP of our seek is skipped
		ret = gst.FlowOK
	case !q.waitFreeSpace():
		ret = q.sinkresult
	default:
		q.enqueueData(buf, list)
		q.mu.Unlock()
		q.postBuffering()
		return nil
	}
	q.mu.Unlock()
	queueDrop(buf, list)
	return ret.Err()
}

func (q *Queue2) sinkEvent(_ *gst.Pad, ev gst.Event) error {
	switch ev.Type() {
	case gst.EventFlushStart:
		if q.srcpad.Mode() == gst.PadModePush {
			ok := q.srcpad.PushEvent(ev)
			q.mu.Lock()
			q.srcresult, q.sinkresult = gst.FlowFlushing, gst.FlowFlushing
			q.signalAdd()
			q.signalDel()
			q.mu.Unlock()
			q.srcpad.PauseTask()
			q.mu.Lock()
			q.failQuery()
			q.mu.Unlock()
			if !ok {
				return gst.ErrFlowError
			}
			return nil
		}
		q.mu.Lock()
		q.sinkresult = gst.FlowFlushing
		q.signalDel()
		q.failQuery()
		q.mu.Unlock()
		return nil
	case gst.EventFlushStop:
		ok := true
		if q.srcpad.Mode() == gst.PadModePush {
			ok = q.srcpad.PushEvent(ev)
			q.mu.Lock()
			q.lockedFlush(false, true)
			q.srcresult, q.sinkresult = gst.FlowOK, gst.FlowOK
			q.resetEOSState()
			q.resetRateTimer()
			q.srcpad.StartTask(q.loop)
			q.mu.Unlock()
		} else {
			q.mu.Lock()
			q.segmentEventReceived = false
			q.sinkresult = gst.FlowOK
			q.resetEOSState()
			q.mu.Unlock()
		}
		q.Notify(q, "bitrate")
		if !ok {
			return gst.ErrFlowError
		}
		return nil
	case gst.EventTag:
		if te, ok := ev.(*gst.TagEvent); ok {
			q.tagBitrate(te, true)
		}
	}
	t := ev.Type()
	if !t.IsSerialized() {
		if !q.srcpad.PushEvent(ev) {
			return gst.ErrFlowError
		}
		return nil
	}
	q.mu.Lock()
	if q.sinkresult == gst.FlowEOS && (t == gst.EventStreamStart || t == gst.EventSegment) {
		q.sinkresult = gst.FlowOK
	} else if q.sinkresult != gst.FlowOK {
		ret := q.sinkresult
		q.mu.Unlock()
		return ret.Err()
	}
	if refuse, post := queueRefusesEvent(t, q.srcresult); refuse {
		ret := q.srcresult
		q.mu.Unlock()
		if post {
			q.PostFlowError(ret.Err())
		}
		return ret.Err()
	}
	if q.isEOS {
		switch t {
		case gst.EventStreamStart, gst.EventSegment:
			if q.srcpad.Mode() == gst.PadModePush {
				q.srcresult = gst.FlowOK
				q.resetEOSState()
				q.resetRateTimer()
				q.srcpad.StartTask(q.loop)
			} else {
				q.resetEOSState()
			}
		default:
			q.mu.Unlock()
			return gst.ErrEOS
		}
	}
	q.enqueueEvent(ev)
	q.mu.Unlock()
	q.postBuffering()
	q.Notify(q, "bitrate")
	return nil
}

func (q *Queue2) resetEOSState() {
	q.isEOS, q.unexpected, q.seeking = false, false, false
	q.srcTagsBitrate, q.sinkTagsBitrate = 0, 0
}

// tagBitrate takes the bitrate (or nominal bitrate) of a tag event when
// use-tags-bitrate is set.
func (q *Queue2) tagBitrate(ev *gst.TagEvent, isSink bool) {
	q.mu.Lock()
	use := q.useTagsBitrate
	q.mu.Unlock()
	if !use || ev.Tags == nil {
		return
	}
	v, ok := ev.Tags.Value(gst.TagBitrate)
	if !ok {
		v, ok = ev.Tags.Value(gst.TagNominalBitrate)
	}
	br, isUint := v.(uint)
	if !ok || !isUint {
		return
	}
	q.mu.Lock()
	if isSink {
		q.sinkTagsBitrate = br
	} else {
		q.srcTagsBitrate = br
	}
	q.mu.Unlock()
	q.Notify(q, "bitrate")
}

func (q *Queue2) sinkQuery(pad *gst.Pad, query gst.Query) bool {
	if !query.Type().IsSerialized() {
		return pad.QueryDefault(query)
	}
	q.mu.Lock()
	if q.sinkresult != gst.FlowOK {
		q.mu.Unlock()
		return false
	}
	// a serialized query could deadlock while buffering or while
	// downstream may block: refuse it then
	res := false
	if q.usingQueue() && !q.useBuffering && !q.downstreamMayBlock.Load() {
		q.ring.push(queueItem{query: query})
		q.signalAdd()
		for q.sinkresult == gst.FlowOK && q.lastHandledQuery != query {
			q.queryHandled.Wait()
		}
		q.lastHandledQuery = nil
		if q.sinkresult != gst.FlowOK {
			q.mu.Unlock()
			return false
		}
		res = q.lastQuery
	}
	q.mu.Unlock()
	q.postBuffering()
	return res
}

func (q *Queue2) sinkActivateMode(pad *gst.Pad, mode gst.PadMode, active bool) bool {
	if mode != gst.PadModePush {
		return false
	}
	if active {
		q.mu.Lock()
		q.srcresult, q.sinkresult = gst.FlowOK, gst.FlowOK
		q.isEOS, q.unexpected = false, false
		q.resetRateTimer()
		q.mu.Unlock()
		return true
	}
	q.mu.Lock()
	q.srcresult, q.sinkresult = gst.FlowFlushing, gst.FlowFlushing
	q.signalDel()
	q.mu.Unlock()
	pad.StreamLock()
	q.mu.Lock()
	q.lockedFlush(true, false)
	q.mu.Unlock()
	pad.StreamUnlock()
	return true
}

// ---------------------------------------------------------------------------
// Source pad

// pushOne is gst_queue2_push_one; q.mu held on entry and return.
func (q *Queue2) pushOne() gst.FlowReturn {
	it, ok := q.lockedDequeue()
	if !ok {
		return gst.FlowError
	}
	for {
		result := q.srcresult
		q.downstreamMayBlock.Store(it.buf != nil || it.list != nil)
		q.mu.Unlock()
		q.postBuffering()
		if q.srcpad.CheckReconfigure() {
			q.queryDownstreamBitrate()
		}
		switch {
		case it.buf != nil || it.list != nil:
			if it.buf != nil {
				result = gst.FlowFromError(q.srcpad.Push(it.buf))
			} else {
				result = gst.FlowFromError(q.srcpad.PushList(it.list))
			}
			q.downstreamMayBlock.Store(false)
			q.mu.Lock()
			if q.srcresult != gst.FlowOK {
				return q.srcresult
			}
			if result == gst.FlowEOS {
				if it, ok = queueDropUntilPushable(q.lockedDequeue, &q.queueWaits); ok {
					continue
				}
				// refuse buffers upstream with EOS, keep the task running
				// for EOS and SEGMENT events
				q.unexpected = true
				result = gst.FlowOK
			}
		case it.ev != nil:
			if te, isTag := it.ev.(*gst.TagEvent); isTag {
				q.tagBitrate(te, false)
			}
			isEOS := it.ev.Type() == gst.EventEOS
			q.srcpad.PushEvent(it.ev)
			if isEOS {
				result = gst.FlowEOS
			}
			q.mu.Lock()
			if q.srcresult != gst.FlowOK {
				return q.srcresult
			}
		case it.query != nil:
			res := q.srcpad.PeerQuery(it.query)
			q.mu.Lock()
			q.lastHandledQuery = it.query
			q.lastQuery = res
			q.queryHandled.Signal()
			if q.srcresult != gst.FlowOK {
				return q.srcresult
			}
			result = gst.FlowOK
		}
		return result
	}
}

// loop is the source pad task (gst_queue2_loop).
func (q *Queue2) loop() {
	q.mu.Lock()
	if q.srcresult != gst.FlowOK {
		q.loopPause()
		return
	}
	if q.isEmpty() {
		// waiting does not lower the output rate
		q.outTimer.stop()
		for q.isEmpty() {
			if !q.waitAdd() {
				q.loopPause()
				return
			}
		}
		q.outTimer.cont()
	}
	ret := q.pushOne()
	q.srcresult, q.sinkresult = ret, ret
	if ret != gst.FlowOK {
		q.loopPause()
		return
	}
	q.mu.Unlock()
	q.postBuffering()
}

// loopPause pauses the task after a flow problem; q.mu held, released.
func (q *Queue2) loopPause() {
	eos := q.isEOS
	ret := q.srcresult
	q.srcpad.PauseTask()
	// keep the data on not-linked (a RECONFIGURE restarts the task) and on
	// EOS (a STREAM_START can clear it)
	if ret != gst.FlowNotLinked && ret != gst.FlowEOS {
		q.lockedFlush(false, false)
	} else {
		q.signalDel()
		q.failQuery()
	}
	// NOT_LINKED counts as full
	if q.useBuffering {
		q.updateBuffering()
	}
	q.mu.Unlock()
	q.postBuffering()
	if eos && (ret == gst.FlowNotLinked || ret < gst.FlowEOS) {
		q.PostFlowError(ret.Err())
		q.srcpad.PushEvent(gst.NewEOSEvent())
	}
}

func (q *Queue2) srcEvent(pad *gst.Pad, ev gst.Event) bool {
	switch ev.Type() {
	case gst.EventFlushStart:
		q.mu.Lock()
		usingQueue := q.usingQueue()
		if !usingQueue {
			// unblock getrange; a download eats the event
			q.srcresult = gst.FlowFlushing
			q.signalAdd()
		}
		q.mu.Unlock()
		if usingQueue {
			return q.sinkpad.PushEvent(ev)
		}
		return true
	case gst.EventFlushStop:
		q.mu.Lock()
		usingQueue := q.usingQueue()
		if !usingQueue {
			q.srcresult = gst.FlowOK
		}
		q.mu.Unlock()
		if usingQueue {
			return q.sinkpad.PushEvent(ev)
		}
		return true
	case gst.EventReconfigure:
		q.mu.Lock()
		if q.srcresult == gst.FlowNotLinked {
			// downstream may be linked now: query its bitrate and push
			pad.MarkReconfigure()
			q.srcresult, q.sinkresult = gst.FlowOK, gst.FlowOK
			if pad.Mode() == gst.PadModePush {
				pad.StartTask(q.loop)
			}
		}
		q.mu.Unlock()
	}
	return q.sinkpad.PushEvent(ev)
}

func (q *Queue2) srcQuery(pad *gst.Pad, query gst.Query) bool {
	switch qq := query.(type) {
	case *gst.PositionQuery:
		if !q.sinkpad.PeerQuery(qq) {
			return false
		}
		q.mu.Lock()
		defer q.mu.Unlock()
		return queueAdjustPosition(qq, q.curLevel.bytes, q.curLevel.time)
	case *gst.DurationQuery:
		return q.sinkpad.PeerQuery(qq)
	case *gst.BufferingQuery:
		return q.bufferingQuery(qq)
	case *gst.SchedulingQuery:
		upstream := gst.NewSchedulingQuery()
		if !q.sinkpad.PeerQuery(upstream) {
			return false
		}
		q.mu.Lock()
		pull := !q.usingQueue()
		q.mu.Unlock()
		qq.Flags, qq.MinSize, qq.MaxSize, qq.Align = upstream.Flags, 0, -1, 0
		if pull {
			qq.Flags |= gst.SchedulingFlagSeekable
			qq.AddMode(gst.PadModePull)
		}
		qq.AddMode(gst.PadModePush)
		return true
	}
	return pad.QueryDefault(query)
}

// bufferingQuery answers the BUFFERING query: percent, mode and rates,
// and in download and ring-buffer modes the downloaded ranges and the
// estimated time (ms) to download the rest.
func (q *Queue2) bufferingQuery(qq *gst.BufferingQuery) bool {
	q.mu.Lock()
	level, _ := q.bufferingLevel()
	percent := q.bufferingPercentOf(level)
	qq.Busy, qq.Percent = q.isBuffering, percent
	qq.Mode, qq.AvgIn, qq.AvgOut, qq.BufferingLeft = q.bufferingStats(percent)
	if q.usingQueue() {
		q.mu.Unlock()
		return true
	}
	if q.current == nil {
		q.mu.Unlock()
		return false
	}
	writingPos := int64(q.current.writingPos)
	isEOS := q.isEOS
	avgIn := qq.AvgIn
	q.mu.Unlock()

	var duration int64
	peerRes := true
	if isEOS {
		duration = writingPos // the size is known now
	} else {
		dq := gst.NewDurationQuery(gst.FormatBytes)
		peerRes = q.sinkpad.PeerQuery(dq)
		duration = dq.Duration
	}
	estimatedTotal := int64(-1)
	if peerRes && avgIn > 0 {
		estimatedTotal = (duration - writingPos) * 1000 / int64(avgIn)
	}
	pct := func(v int64) int64 {
		return int64(gst.Uint64Scale(gst.FormatPercentMax, uint64(v), uint64(duration)))
	}
	var start, stop int64
	switch qq.Format {
	case gst.FormatPercent:
		if !peerRes {
			return false
		}
		start, stop = 0, -1
		if duration != -1 {
			stop = pct(writingPos)
		}
	case gst.FormatBytes:
		start, stop = 0, writingPos
	default:
		start, stop = -1, -1
	}
	q.mu.Lock()
	for r := q.ranges; r != nil; r = r.next {
		var rs, re int64
		switch qq.Format {
		case gst.FormatPercent:
			if duration != -1 {
				rs, re = pct(int64(r.offset)), pct(int64(r.writingPos))
			}
		case gst.FormatBytes:
			rs, re = int64(r.offset), int64(r.writingPos)
		default:
			rs, re = -1, -1
		}
		if rs != re {
			qq.AddRange(rs, re)
		}
	}
	q.mu.Unlock()
	qq.Start, qq.Stop, qq.EstimatedTotal = start, stop, estimatedTotal
	return true
}

// updateUpstreamSize asks upstream for its size in bytes; q.mu held.
func (q *Queue2) updateUpstreamSize() {
	dq := gst.NewDurationQuery(gst.FormatBytes)
	if q.sinkpad.PeerQuery(dq) {
		q.upstreamSize = uint64(max(dq.Duration, 0))
	}
}

// getRange is gst_queue2_get_range: it reads length bytes at offset from
// the temporary file or ring buffer, waiting for them to be downloaded.
// A size of MaxUint32 (-1 in C) reads 4096 bytes; an offset of
// MaxUint64 reads at the current reading position.
func (q *Queue2) getRange(_ *gst.Pad, offset uint64, length uint) (*gst.Buffer, error) {
	if length == math.MaxUint32 || length == math.MaxUint {
		length = queue2DefaultBufferSize
	}
	q.mu.Lock()
	if q.srcresult != gst.FlowOK {
		ret := q.srcresult
		q.mu.Unlock()
		return nil, ret.Err()
	}
	if q.current == nil {
		q.mu.Unlock()
		return nil, gst.ErrFlowError
	}
	if offset == math.MaxUint64 {
		offset = q.current.readingPos
	}
	// reads beyond the end of the resource are EOS without a seek
	if offset >= q.upstreamSize {
		q.updateUpstreamSize()
		if q.upstreamSize > 0 && offset >= q.upstreamSize {
			q.mu.Unlock()
			return nil, gst.ErrEOS
		}
	}
	if offset+uint64(length) > q.upstreamSize {
		q.updateUpstreamSize()
		if q.upstreamSize > 0 && offset+uint64(length) >= q.upstreamSize {
			length = uint(q.upstreamSize - offset)
		}
	}
	buf, ret := q.createRead(offset, length)
	q.mu.Unlock()
	q.postBuffering()
	return buf, ret.Err()
}

func (q *Queue2) srcActivateMode(pad *gst.Pad, mode gst.PadMode, active bool) bool {
	switch mode {
	case gst.PadModePush:
		if active {
			q.mu.Lock()
			q.srcresult, q.sinkresult = gst.FlowOK, gst.FlowOK
			q.isEOS, q.unexpected = false, false
			ok := pad.StartTask(q.loop)
			q.mu.Unlock()
			return ok
		}
		q.mu.Lock()
		q.srcresult, q.sinkresult = gst.FlowFlushing, gst.FlowFlushing
		q.signalAdd()
		q.mu.Unlock()
		ok := pad.StopTask()
		q.mu.Lock()
		q.lockedFlush(false, false)
		q.mu.Unlock()
		return ok
	case gst.PadModePull:
		q.mu.Lock()
		defer q.mu.Unlock()
		if !active {
			q.srcresult, q.sinkresult = gst.FlowFlushing, gst.FlowFlushing
			q.signalAdd()
			return true
		}
		if q.usingQueue() {
			// pull mode needs a temporary file or a ring buffer
			q.srcresult, q.sinkresult = gst.FlowFlushing, gst.FlowFlushing
			return false
		}
		ok := true
		if q.usingTempFile() {
			ok = q.openTempFile()
		} else if q.ringBuffer == nil {
			q.ringBuffer = make([]byte, q.ringBufferMaxSize)
		}
		q.initRanges()
		q.srcresult, q.sinkresult = gst.FlowOK, gst.FlowOK
		q.isEOS, q.unexpected = false, false
		q.upstreamSize = 0
		return ok
	}
	return false
}

// ChangeState opens the temporary file (or allocates the ring buffer) on
// READY→PAUSED and closes (and with temp-remove deletes) it on
// PAUSED→READY.
//
// GStreamer: gst_queue2_change_state (plugins/elements/gstqueue2.c).
func (q *Queue2) ChangeState(t gst.StateChange) gst.StateChangeReturn {
	if t == gst.StateChangeReadyToPaused {
		q.mu.Lock()
		ok := true
		if !q.usingQueue() {
			if q.usingTempFile() {
				ok = q.openTempFile()
			} else {
				q.ringBuffer = make([]byte, q.ringBufferMaxSize)
			}
			q.initRanges()
		}
		q.segmentEventReceived = false
		q.startingSegment = nil
		q.streamStartEvent = nil
		q.mu.Unlock()
		if !ok {
			return gst.StateChangeFailure
		}
		// query the downstream bitrate before the next push
		q.srcpad.MarkReconfigure()
	}
	ret := q.ElementBase.ChangeState(t)
	if ret == gst.StateChangeFailure {
		return ret
	}
	if t == gst.StateChangePausedToReady {
		q.mu.Lock()
		if !q.usingQueue() {
			if q.usingTempFile() {
				q.closeTempFile()
			} else {
				q.ringBuffer = nil
			}
			q.cleanRanges()
		}
		q.startingSegment = nil
		q.streamStartEvent = nil
		q.mu.Unlock()
	}
	return ret
}
