package coreelements

import (
	"math"
	"sync"
	"sync/atomic"

	"github.com/gstmini/gstmini/gst"
)

// Queue is a simple data queue: it stores buffers, serialized events and
// serialized queries arriving on its sink pad and pushes them out of its
// source pad from a task of its own, so the upstream and downstream parts
// of a pipeline run in different goroutines (threads in GStreamer).
//
// The queue is bounded by max-size-buffers, max-size-bytes and
// max-size-time (whichever is reached first; 0 disables a limit). When it
// is full the chain function blocks (leaky=no), drops the new buffer
// (leaky=upstream) or drops the oldest items (leaky=downstream). The time
// level is the difference between the running times of the last buffer
// (or GAP) entering and leaving the queue. Until one of the
// min-threshold-* levels is reached the source task does not take data out.
// Non-serialized events and queries pass straight through.
//
// Example launch line:
//
//	gst-launch-1.0 audiotestsrc ! queue max-size-time=500000000 ! autoaudiosink
//
// All methods are safe for concurrent use.
//
// GStreamer: GstQueue (plugins/elements/gstqueue.c).
type Queue struct {
	gst.ElementBase

	sinkpad *gst.Pad
	srcpad  *gst.Pad

	// mu is GST_QUEUE_MUTEX: it guards everything below.
	mu sync.Mutex
	queueWaits

	ring queueRing

	curLevel         queueSize
	maxSize          queueSize
	minThreshold     queueSize
	origMinThreshold queueSize
	leaky            int
	silent           bool
	flushOnEOS       bool
	srcresult        gst.FlowReturn
	eos              bool
	unexpected       bool
	headNeedsDiscont bool
	tailNeedsDiscont bool
	newsegAppliedSrc bool
	tl               queueTimeLevel // segments and running times; writes curLevel.time

	handlers [queueNumSignals]atomic.Pointer[[]func(*Queue)]
}

// queueSize is GstQueueSize: a level or a limit in the three units.
type queueSize struct {
	buffers uint
	bytes   uint
	time    gst.ClockTime
}

// set sets the limit named by a max-size-* property; false for other
// names.
func (s *queueSize) set(name string, v any) bool {
	switch name {
	case "max-size-bytes":
		s.bytes = v.(uint)
	case "max-size-buffers":
		s.buffers = v.(uint)
	case "max-size-time":
		s.time = gst.ClockTime(v.(uint64))
	default:
		return false
	}
	return true
}

// queueSizeProperty reads the current-level-* and max-size-* properties;
// false for other names.
func queueSizeProperty(name string, cur, maxSize *queueSize) (any, bool) {
	switch name {
	case "current-level-bytes":
		return cur.bytes, true
	case "current-level-buffers":
		return cur.buffers, true
	case "current-level-time":
		return uint64(cur.time), true
	case "max-size-bytes":
		return maxSize.bytes, true
	case "max-size-buffers":
		return maxSize.buffers, true
	case "max-size-time":
		return uint64(maxSize.time), true
	}
	return nil, false
}

// The leaky modes of a Queue (values of the "leaky" property).
//
// GStreamer: GstQueueLeaky (plugins/elements/gstqueue.h).
const (
	QueueNoLeak         = 0 // GST_QUEUE_NO_LEAK: never drop, block upstream
	QueueLeakUpstream   = 1 // GST_QUEUE_LEAK_UPSTREAM: drop new buffers when full
	QueueLeakDownstream = 2 // GST_QUEUE_LEAK_DOWNSTREAM: drop the oldest items when full
)

// The defaults of the queue properties.
//
// GStreamer: DEFAULT_MAX_SIZE_* (plugins/elements/gstqueue.c).
const (
	QueueDefaultMaxSizeBuffers = 200
	QueueDefaultMaxSizeBytes   = 10 * 1024 * 1024
	QueueDefaultMaxSizeTime    = gst.Second
)

// QueueLeakyEnum is the GstQueueLeaky enumeration of the "leaky" property.
//
// GStreamer: queue_leaky_get_type (plugins/elements/gstqueue.c).
var QueueLeakyEnum = &gst.EnumClass{Name: "GstQueueLeaky", Values: []gst.EnumValue{
	{Value: QueueNoLeak, Name: "Not Leaky", Nick: "no"},
	{Value: QueueLeakUpstream, Name: "Leaky on upstream (new buffers)", Nick: "upstream"},
	{Value: QueueLeakDownstream, Name: "Leaky on downstream (old buffers)", Nick: "downstream"},
}}

var (
	queueSinkTemplate = gst.MustNewPadTemplate("sink", gst.PadSink, gst.PadAlways, gst.NewCapsAny())
	queueSrcTemplate  = gst.MustNewPadTemplate("src", gst.PadSrc, gst.PadAlways, gst.NewCapsAny())
)

const queueRWPlaying = gst.ParamReadWrite | gst.ParamMutablePlaying

// queueSizeParams declares the current-level-* and max-size-* properties
// queue and queue2 share, with the given max-size defaults.
func queueSizeParams(maxBuffers, maxBytes uint, maxTime gst.ClockTime) []*gst.ParamSpec {
	return []*gst.ParamSpec{
		gst.ParamUint("current-level-bytes", "Current level (kB)",
			"Current amount of data in the queue (bytes)", 0, math.MaxUint32, 0, gst.ParamReadable),
		gst.ParamUint("current-level-buffers", "Current level (buffers)",
			"Current number of buffers in the queue", 0, math.MaxUint32, 0, gst.ParamReadable),
		gst.ParamUint64("current-level-time", "Current level (ns)",
			"Current amount of data in the queue (in ns)", 0, math.MaxUint64, 0, gst.ParamReadable),
		gst.ParamUint("max-size-bytes", "Max. size (kB)",
			"Max. amount of data in the queue (bytes, 0=disable)", 0, math.MaxUint32,
			maxBytes, queueRWPlaying),
		gst.ParamUint("max-size-buffers", "Max. size (buffers)",
			"Max. number of buffers in the queue (0=disable)", 0, math.MaxUint32,
			maxBuffers, queueRWPlaying),
		gst.ParamUint64("max-size-time", "Max. size (ns)",
			"Max. amount of data in the queue (in ns, 0=disable)", 0, math.MaxUint64,
			uint64(maxTime), queueRWPlaying),
	}
}

// QueueClass is the element class (factory) of "queue".
//
// GStreamer: gst_queue_class_init (plugins/elements/gstqueue.c).
var QueueClass = &gst.ElementClass{
	Name:     "queue",
	Plugin:   PluginInfo,
	TypeName: "GstQueue",
	Rank:     gst.RankNone,
	Metadata: gst.ElementMetadata{
		LongName:    "Queue",
		Klass:       "Generic",
		Description: "Simple data queue",
		Author:      "Erik Walthinsen <omega@cse.ogi.edu>",
		DocURI:      "https://gstreamer.freedesktop.org/documentation/coreelements/queue.html",
	},
	PadTemplates: []*gst.PadTemplate{queueSinkTemplate, queueSrcTemplate},
	Properties: append(queueSizeParams(QueueDefaultMaxSizeBuffers, QueueDefaultMaxSizeBytes, QueueDefaultMaxSizeTime),
		gst.ParamUint("min-threshold-bytes", "Min. threshold (kB)",
			"Min. amount of data in the queue to allow reading (bytes, 0=disable)", 0, math.MaxUint32,
			0, queueRWPlaying),
		gst.ParamUint("min-threshold-buffers", "Min. threshold (buffers)",
			"Min. number of buffers in the queue to allow reading (0=disable)", 0, math.MaxUint32,
			0, queueRWPlaying),
		gst.ParamUint64("min-threshold-time", "Min. threshold (ns)",
			"Min. amount of data in the queue to allow reading (in ns, 0=disable)", 0, math.MaxUint64,
			0, queueRWPlaying),
		gst.ParamEnum("leaky", "Leaky", "Where the queue leaks, if at all", QueueLeakyEnum,
			QueueNoLeak, queueRWPlaying),
		gst.ParamBool("silent", "Silent", "Don't emit queue signals", false, queueRWPlaying),
		gst.ParamBool("flush-on-eos", "Flush on EOS",
			"Discard all data in the queue when an EOS event is received", false, queueRWPlaying),
	),
	New: func() gst.Element { return &Queue{} },
}

// queue signal ids
const (
	queueSigUnderrun = iota
	queueSigRunning
	queueSigOverrun
	queueSigPushing
	queueNumSignals
)

// queueLoopBatch bounds the items one task iteration pushes before the
// task loop regains control (GStreamer pushes one per iteration; batching
// saves the task's per-iteration locking and changes nothing observable,
// since every item still re-checks the flow state under the queue lock).
const queueLoopBatch = 64

var (
	_ gst.Constructor    = (*Queue)(nil)
	_ gst.PropertySetter = (*Queue)(nil)
	_ gst.PropertyGetter = (*Queue)(nil)
)

// Constructed creates the sink and source pads. Called once by the
// factory.
//
// GStreamer: gst_queue_init (plugins/elements/gstqueue.c).
func (q *Queue) Constructed() error {
	q.queueWaits.init(&q.mu)
	q.ring.init(QueueDefaultMaxSizeBuffers * 3 / 2)

	var err error
	if q.sinkpad, q.srcpad, err = queueAddPads(q, nil); err != nil {
		return err
	}

	q.maxSize = queueSize{QueueDefaultMaxSizeBuffers, QueueDefaultMaxSizeBytes, QueueDefaultMaxSizeTime}
	q.tl.init(&q.curLevel.time, false)
	q.leaky = QueueNoLeak
	q.srcresult = gst.FlowFlushing
	return nil
}

// queuePadFuncs are the pad functions queue and queue2 both implement.
type queuePadFuncs interface {
	AddPad(pad *gst.Pad) error
	chain(pad *gst.Pad, buf *gst.Buffer) error
	chainList(pad *gst.Pad, list *gst.BufferList) error
	sinkActivateMode(pad *gst.Pad, mode gst.PadMode, active bool) bool
	sinkEvent(pad *gst.Pad, ev gst.Event) error
	sinkQuery(pad *gst.Pad, query gst.Query) bool
	srcActivateMode(pad *gst.Pad, mode gst.PadMode, active bool) bool
	srcEvent(pad *gst.Pad, ev gst.Event) bool
	srcQuery(pad *gst.Pad, query gst.Query) bool
}

// queueAddPads creates and adds the sink and src pads of a queue or
// queue2 (getRange, when not nil, serves pull mode on src).
func queueAddPads(q queuePadFuncs, getRange gst.GetRangeFunc) (sink, src *gst.Pad, err error) {
	sink = gst.NewPadFromTemplate(queueSinkTemplate, "sink")
	sink.SetChainFunc(q.chain)
	sink.SetChainListFunc(q.chainList)
	sink.SetActivateModeFunc(q.sinkActivateMode)
	sink.SetEventFullFunc(q.sinkEvent)
	sink.SetQueryFunc(q.sinkQuery)
	sink.SetFlags(gst.PadFlagProxyCaps)
	if err := q.AddPad(sink); err != nil {
		return nil, nil, err
	}
	src = gst.NewPadFromTemplate(queueSrcTemplate, "src")
	src.SetActivateModeFunc(q.srcActivateMode)
	if getRange != nil {
		src.SetGetRangeFunc(getRange)
	}
	src.SetEventFunc(q.srcEvent)
	src.SetQueryFunc(q.srcQuery)
	src.SetFlags(gst.PadFlagProxyCaps)
	if err := q.AddPad(src); err != nil {
		return nil, nil, err
	}
	return sink, src, nil
}

// ---------------------------------------------------------------------------
// Signals

func (q *Queue) connect(sig int, fn func(*Queue)) {
	for {
		old := q.handlers[sig].Load()
		var hs []func(*Queue)
		if old != nil {
			hs = append(hs, *old...)
		}
		hs = append(hs, fn)
		if q.handlers[sig].CompareAndSwap(old, &hs) {
			return
		}
	}
}

// ConnectUnderrun calls fn (from the streaming thread, without the queue
// lock) each time the queue becomes empty, unless silent is set. fn may
// change properties. Safe for concurrent use.
//
// GStreamer: the GstQueue::underrun signal (plugins/elements/gstqueue.c).
func (q *Queue) ConnectUnderrun(fn func(*Queue)) { q.connect(queueSigUnderrun, fn) }

// ConnectRunning calls fn each time the queue has data again after an
// underrun, or room again after an overrun, unless silent is set. Safe
// for concurrent use.
//
// GStreamer: the GstQueue::running signal (plugins/elements/gstqueue.c).
func (q *Queue) ConnectRunning(fn func(*Queue)) { q.connect(queueSigRunning, fn) }

// ConnectOverrun calls fn (from the upstream streaming thread, without
// the queue lock) each time the queue is full, unless silent is set; fn
// may raise the limits, which the queue re-checks. Safe for concurrent
// use.
//
// GStreamer: the GstQueue::overrun signal (plugins/elements/gstqueue.c).
func (q *Queue) ConnectOverrun(fn func(*Queue)) { q.connect(queueSigOverrun, fn) }

// ConnectPushing calls fn each time the queue starts pushing data again
// after an underrun, unless silent is set. Safe for concurrent use.
//
// GStreamer: the GstQueue::pushing signal (plugins/elements/gstqueue.c).
func (q *Queue) ConnectPushing(fn func(*Queue)) { q.connect(queueSigPushing, fn) }

// emitLocked emits a signal with q.mu held: it unlocks around the handlers
// and reports false when the flow state is no longer OK after re-locking
// (GST_QUEUE_MUTEX_LOCK_CHECK). Without handlers there is nothing to
// unlock for, and the state cannot have changed.
func (q *Queue) emitLocked(sig int) bool {
	hs := q.handlers[sig].Load()
	if hs == nil {
		return true
	}
	q.mu.Unlock()
	for _, fn := range *hs {
		fn(q)
	}
	q.mu.Lock()
	return q.srcresult == gst.FlowOK
}

// waitDel waits for an item to be removed; false when flushing.
func (q *Queue) waitDel() bool {
	q.waitForDel()
	return q.srcresult == gst.FlowOK
}

// waitAdd waits for an item to be added; false when flushing.
func (q *Queue) waitAdd() bool {
	q.waitForAdd()
	return q.srcresult == gst.FlowOK
}

// queueWaits are the item_add, item_del and query_handled conditions of
// queue and queue2 (GST_QUEUE_WAIT_ADD_CHECK, GST_QUEUE_SIGNAL_ADD...) and
// the result of the last serialized query, used with the queue's mutex
// held.
type queueWaits struct {
	itemAdd          sync.Cond // signalled when an item was added (consumer waits)
	itemDel          sync.Cond // signalled when an item was removed (producer waits)
	queryHandled     sync.Cond // signalled when a serialized query was answered or dropped
	waitingAdd       bool
	waitingDel       bool
	lastQuery        bool      // the answer to the last serialized query
	lastHandledQuery gst.Query // the query lastQuery answers
}

func (w *queueWaits) init(mu *sync.Mutex) { w.itemAdd.L, w.itemDel.L, w.queryHandled.L = mu, mu, mu }

// failQuery wakes the waiting serialized query with a false answer.
func (w *queueWaits) failQuery() {
	w.lastQuery = false
	w.queryHandled.Signal()
}

func (w *queueWaits) signalAdd() {
	if w.waitingAdd {
		w.itemAdd.Signal()
	}
}

func (w *queueWaits) signalDel() {
	if w.waitingDel {
		w.itemDel.Signal()
	}
}

func (w *queueWaits) waitForAdd() {
	w.waitingAdd = true
	w.itemAdd.Wait()
	w.waitingAdd = false
}

func (w *queueWaits) waitForDel() {
	w.waitingDel = true
	w.itemDel.Wait()
	w.waitingDel = false
}

// ---------------------------------------------------------------------------
// Properties

// SetProperty sets a queue property (called by Set and SetString with a
// validated value). Changing a limit wakes the blocked chain function;
// changing a threshold wakes the source task. Safe for concurrent use.
//
// GStreamer: gst_queue_set_property (plugins/elements/gstqueue.c).
func (q *Queue) SetProperty(name string, v any) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.maxSize.set(name, v) {
		q.capacityChange()
		return nil
	}
	switch name {
	case "min-threshold-bytes":
		q.minThreshold.bytes = v.(uint)
		q.origMinThreshold.bytes = q.minThreshold.bytes
		q.signalAdd()
	case "min-threshold-buffers":
		q.minThreshold.buffers = v.(uint)
		q.origMinThreshold.buffers = q.minThreshold.buffers
		q.signalAdd()
	case "min-threshold-time":
		q.minThreshold.time = gst.ClockTime(v.(uint64))
		q.origMinThreshold.time = q.minThreshold.time
		q.signalAdd()
	case "leaky":
		q.leaky = v.(int)
	case "silent":
		q.silent = v.(bool)
	case "flush-on-eos":
		q.flushOnEOS = v.(bool)
	}
	return nil
}

// Property returns a queue property's value. Safe for concurrent use.
//
// GStreamer: gst_queue_get_property (plugins/elements/gstqueue.c).
func (q *Queue) Property(name string) any {
	q.mu.Lock()
	defer q.mu.Unlock()
	if v, ok := queueSizeProperty(name, &q.curLevel, &q.maxSize); ok {
		return v
	}
	switch name {
	case "min-threshold-bytes":
		return q.minThreshold.bytes
	case "min-threshold-buffers":
		return q.minThreshold.buffers
	case "min-threshold-time":
		return uint64(q.minThreshold.time)
	case "leaky":
		return q.leaky
	case "silent":
		return q.silent
	case "flush-on-eos":
		return q.flushOnEOS
	}
	return nil
}

// CurrentLevel returns the current fill level: buffers, bytes and time
// (ns). Safe for concurrent use.
//
// GStreamer: the current-level-* properties of GstQueue (plugins/elements/gstqueue.c).
func (q *Queue) CurrentLevel() (buffers, bytes uint, time gst.ClockTime) {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.curLevel.buffers, q.curLevel.bytes, q.curLevel.time
}

func (q *Queue) capacityChange() {
	if q.leaky == QueueLeakDownstream {
		q.leakDownstream()
	}
	q.signalDel()
}

// ---------------------------------------------------------------------------
// Levels

// queueSegmentToRunningTime is my_segment_to_running_time: a signed running
// time, ClockStimeNone for an invalid value.
func queueSegmentToRunningTime(seg *gst.Segment, val gst.ClockTime) gst.ClockTimeDiff {
	if !val.IsValid() {
		return gst.ClockStimeNone
	}
	sign, rt := seg.ToRunningTimeFull(gst.FormatTime, uint64(val))
	switch {
	case sign > 0:
		return gst.ClockTimeDiff(rt)
	case sign < 0:
		return -gst.ClockTimeDiff(rt)
	}
	return gst.ClockStimeNone
}

// queueTimeLevel tracks the segments and running times at the input and
// output of a queue and from them the time level (the difference between
// the running times of the last data entering and leaving). queue and
// queue2 share it; it writes the level to the *level it was given.
type queueTimeLevel struct {
	level                    *gst.ClockTime
	unsigned                 bool // queue2: clip to the segment, no negative running times
	sinkSegment, srcSegment  gst.Segment
	sinktime, srctime, start gst.ClockTimeDiff
	sinkTainted, srcTainted  bool
}

func (l *queueTimeLevel) init(level *gst.ClockTime, unsigned bool) {
	l.level, l.unsigned = level, unsigned
	l.reset()
}

// reset forgets the segments and running times (a flush).
func (l *queueTimeLevel) reset() {
	l.sinkSegment.Init(gst.FormatTime)
	l.srcSegment.Init(gst.FormatTime)
	l.sinktime, l.srctime, l.start = gst.ClockStimeNone, gst.ClockStimeNone, gst.ClockStimeNone
	l.sinkTainted, l.srcTainted = false, false
}

func (l *queueTimeLevel) segment(isSink bool) *gst.Segment {
	if isSink {
		return &l.sinkSegment
	}
	return &l.srcSegment
}

// runningTime is my_segment_to_running_time in queue (signed) and
// gst_segment_to_running_time in queue2 (clipped).
func (l *queueTimeLevel) runningTime(seg *gst.Segment, val gst.ClockTime) gst.ClockTimeDiff {
	if !l.unsigned {
		return queueSegmentToRunningTime(seg, val)
	}
	rt := gst.ClockTime(seg.ToRunningTime(gst.FormatTime, uint64(val)))
	if !rt.IsValid() {
		return gst.ClockStimeNone
	}
	return gst.ClockTimeDiff(rt)
}

// update is update_time_level.
func (l *queueTimeLevel) update() {
	if l.sinkTainted {
		l.sinktime = l.runningTime(&l.sinkSegment, gst.ClockTime(l.sinkSegment.Position))
		l.sinkTainted = false
	}
	if l.srcTainted {
		l.srctime = l.runningTime(&l.srcSegment, gst.ClockTime(l.srcSegment.Position))
		l.srcTainted = false
	}
	sink, src, start := l.sinktime, l.srctime, l.start
	switch {
	case !sink.IsValid():
		*l.level = 0
	case !src.IsValid() && start.IsValid() && sink >= start:
		// input arrived but nothing was pushed out yet
		*l.level = gst.ClockTime(sink - start)
	case src.IsValid() && sink >= src:
		*l.level = gst.ClockTime(sink - src)
	default:
		*l.level = 0
	}
}

// applySegment is apply_segment: a non-TIME segment counts as a closed
// TIME segment starting at 0.
func (l *queueTimeLevel) applySegment(ev *gst.SegmentEvent, isSink bool) {
	seg := l.segment(isSink)
	*seg = ev.Segment
	if seg.Format != gst.FormatTime {
		seg.Format = gst.FormatTime
		seg.Start = 0
		seg.Stop = math.MaxUint64
		seg.Time = 0
	}
	if isSink {
		l.sinkTainted = false
	} else {
		l.srcTainted = false
	}
}

func (l *queueTimeLevel) applyGap(ev *gst.GapEvent, isSink bool) {
	ts := ev.Timestamp
	if !ts.IsValid() {
		return
	}
	end := ts
	if ev.Duration.IsValid() {
		end += ev.Duration
	}
	l.applyTimes(ts, end, isSink)
}

// applyTimes records data from first to end (ns, stream time) passing.
func (l *queueTimeLevel) applyTimes(first, end gst.ClockTime, isSink bool) {
	seg := l.segment(isSink)
	if isSink && !l.start.IsValid() && first.IsValid() {
		l.start = l.runningTime(seg, first)
	}
	seg.Position = uint64(end)
	if isSink {
		l.sinkTainted = true
	} else {
		l.srcTainted = true
	}
	l.update()
}

func queueBufferTime(buf *gst.Buffer) gst.ClockTime {
	if buf.DTS.IsValid() {
		return buf.DTS
	}
	return buf.PTS
}

// applyBuffer is apply_buffer; a buffer without duration lasts its size
// at bitrate (bits/s) when bitrate is not 0.
func (l *queueTimeLevel) applyBuffer(buf *gst.Buffer, isSink bool, bitrate uint) {
	ts := queueBufferTime(buf)
	if !ts.IsValid() {
		return
	}
	end := ts
	if buf.Duration.IsValid() {
		end += buf.Duration
	} else if bitrate > 0 {
		end += gst.ClockTime(gst.Uint64Scale(uint64(buf.Size()), 8*uint64(gst.Second), uint64(bitrate)))
	}
	l.applyTimes(ts, end, isSink)
}

// applyItem applies the buffer or buffer list of it.
func (l *queueTimeLevel) applyItem(it *queueItem, isSink bool, bitrate uint) {
	if it.buf != nil {
		l.applyBuffer(it.buf, isSink, bitrate)
	} else {
		l.applyBufferList(it.list, isSink, bitrate)
	}
}

// applyBufferList is apply_buffer_list. For buffers without duration it
// adds bitrate*8s/size, as GStreamer 1.22's buffer_list_apply_time does.
func (l *queueTimeLevel) applyBufferList(list *gst.BufferList, isSink bool, bitrate uint) {
	first, ts := gst.ClockTimeNone, gst.ClockTimeNone
	for i := 0; i < list.Len(); i++ {
		b := list.Get(i)
		if bt := queueBufferTime(b); bt.IsValid() {
			if !first.IsValid() {
				first = bt
			}
			ts = bt
		}
		if !ts.IsValid() {
			continue
		}
		if b.Duration.IsValid() {
			ts += b.Duration
		} else if size := b.Size(); bitrate != 0 && size > 0 {
			ts += gst.ClockTime(gst.Uint64Scale(uint64(bitrate), 8*uint64(gst.Second), uint64(size)))
		}
	}
	if !ts.IsValid() {
		return
	}
	l.applyTimes(first, ts, isSink)
}

func (q *Queue) isFilled() bool {
	return (q.maxSize.buffers > 0 && q.curLevel.buffers >= q.maxSize.buffers) ||
		(q.maxSize.bytes > 0 && q.curLevel.bytes >= q.maxSize.bytes) ||
		(q.maxSize.time > 0 && q.curLevel.time >= q.maxSize.time)
}

func (q *Queue) isEmpty() bool {
	tail, ok := q.ring.peekTail()
	if !ok {
		return true
	}
	// only data at the tail can keep the queue "empty", else serialized
	// queries would block forever
	if tail.buf == nil && tail.list == nil {
		return false
	}
	return ((q.minThreshold.buffers > 0 && q.curLevel.buffers < q.minThreshold.buffers) ||
		(q.minThreshold.bytes > 0 && q.curLevel.bytes < q.minThreshold.bytes) ||
		(q.minThreshold.time > 0 && q.curLevel.time < q.minThreshold.time)) &&
		!q.isFilled()
}

// ---------------------------------------------------------------------------
// Enqueue / dequeue (q.mu held)

func (q *Queue) lockedFlush(full bool) {
	q.ring.drain(q.srcpad, full)
	q.failQuery()
	q.curLevel = queueSize{}
	q.minThreshold = q.origMinThreshold
	q.tl.reset()
	q.headNeedsDiscont, q.tailNeedsDiscont = false, false
	q.signalDel()
}

func (q *Queue) enqueueBuffer(buf *gst.Buffer) {
	size := uint(buf.Size())
	q.curLevel.buffers++
	q.curLevel.bytes += size
	q.tl.applyBuffer(buf, true, 0)
	q.ring.push(queueItem{buf: buf, size: size})
	q.signalAdd()
}

func (q *Queue) enqueueBufferList(list *gst.BufferList) {
	size := uint(list.CalculateSize())
	q.curLevel.buffers += uint(list.Len())
	q.curLevel.bytes += size
	q.tl.applyBufferList(list, true, 0)
	q.ring.push(queueItem{list: list, size: size})
	q.signalAdd()
}

func (q *Queue) enqueueEvent(ev gst.Event) {
	switch e := ev.(type) {
	case *gst.EOSEvent:
		// zero the thresholds so that all data can be read out
		if q.flushOnEOS {
			q.lockedFlush(false)
		} else {
			q.minThreshold = queueSize{}
		}
		q.eos = true
	case *gst.SegmentEvent:
		q.tl.applySegment(e, true)
		if q.ring.n == 0 {
			q.tl.applySegment(e, false)
			q.newsegAppliedSrc = true
		}
		q.unexpected = false
	case *gst.GapEvent:
		q.tl.applyGap(e, true)
	}
	q.ring.push(queueItem{ev: ev})
	q.signalAdd()
}

func (q *Queue) lockedDequeue() (queueItem, bool) {
	it, ok := q.ring.pop()
	if !ok {
		return it, false
	}
	switch {
	case it.buf != nil:
		q.curLevel.buffers--
		q.curLevel.bytes -= it.size
		q.tl.applyBuffer(it.buf, false, 0)
		if q.curLevel.buffers == 0 {
			q.curLevel.time = 0
		}
	case it.list != nil:
		q.curLevel.buffers -= uint(it.list.Len())
		q.curLevel.bytes -= it.size
		q.tl.applyBufferList(it.list, false, 0)
		if q.curLevel.buffers == 0 {
			q.curLevel.time = 0
		}
	case it.ev != nil:
		switch e := it.ev.(type) {
		case *gst.EOSEvent:
			q.curLevel = queueSize{}
		case *gst.SegmentEvent:
			if !q.newsegAppliedSrc {
				q.tl.applySegment(e, false)
			} else {
				q.newsegAppliedSrc = false
			}
		case *gst.GapEvent:
			q.tl.applyGap(e, false)
		}
	}
	q.signalDel()
	return it, true
}

func (q *Queue) leakDownstream() {
	for q.isFilled() {
		it, ok := q.lockedDequeue()
		if !ok {
			return // cannot happen: filled but empty
		}
		switch {
		case it.unrefData():
		case it.ev != nil:
			if it.ev.Type().IsSticky() {
				_ = q.srcpad.StoreStickyEvent(it.ev)
			}
		}
		q.headNeedsDiscont = true
	}
}

// ---------------------------------------------------------------------------
// Sink pad

func (q *Queue) chain(_ *gst.Pad, buf *gst.Buffer) error {
	return q.chainBufferOrList(buf, nil)
}

func (q *Queue) chainList(_ *gst.Pad, list *gst.BufferList) error {
	return q.chainBufferOrList(nil, list)
}

func queueDrop(buf *gst.Buffer, list *gst.BufferList) {
	if buf != nil {
		buf.Unref()
	} else if list != nil {
		list.Unref()
	}
}

func (q *Queue) chainFlushing(buf *gst.Buffer, list *gst.BufferList) error {
	ret := q.srcresult
	q.mu.Unlock()
	queueDrop(buf, list)
	return ret.Err()
}

func (q *Queue) chainBufferOrList(buf *gst.Buffer, list *gst.BufferList) error {
	q.mu.Lock()
	if q.srcresult != gst.FlowOK {
		return q.chainFlushing(buf, list)
	}
	if q.eos || q.unexpected {
		q.mu.Unlock()
		queueDrop(buf, list)
		return gst.ErrEOS
	}
	for q.isFilled() {
		if !q.silent {
			if !q.emitLocked(queueSigOverrun) {
				return q.chainFlushing(buf, list)
			}
			// the handler may have changed the limits
			if !q.isFilled() {
				break
			}
		}
		switch q.leaky {
		case QueueLeakUpstream:
			q.tailNeedsDiscont = true
			q.mu.Unlock()
			queueDrop(buf, list)
			return nil
		case QueueLeakDownstream:
			q.leakDownstream()
		default:
			for q.isFilled() {
				if !q.waitDel() {
					return q.chainFlushing(buf, list)
				}
			}
			if !q.silent && !q.emitLocked(queueSigRunning) {
				return q.chainFlushing(buf, list)
			}
		}
	}
	if q.tailNeedsDiscont {
		if buf != nil {
			buf = buf.MakeWritable()
			buf.SetFlags(gst.BufferFlagDiscont)
		} else {
			list = queueListDiscont(list)
		}
		q.tailNeedsDiscont = false
	}
	if buf != nil {
		q.enqueueBuffer(buf)
	} else {
		q.enqueueBufferList(list)
	}
	q.mu.Unlock()
	return nil
}

// queueListDiscont marks the first buffer of list DISCONT.
func queueListDiscont(list *gst.BufferList) *gst.BufferList {
	list = list.MakeWritable()
	if list.Len() > 0 {
		list.GetWritable(0).SetFlags(gst.BufferFlagDiscont)
	}
	return list
}

func (q *Queue) sinkEvent(_ *gst.Pad, ev gst.Event) error {
	switch ev.Type() {
	case gst.EventFlushStart:
		ok := q.srcpad.PushEvent(ev)
		q.mu.Lock()
		q.srcresult = gst.FlowFlushing
		q.signalAdd()
		q.signalDel()
		q.mu.Unlock()
		// the task pauses: flush-start went downstream
		q.srcpad.PauseTask()
		// unblock the query handler only now that streaming stopped
		q.mu.Lock()
		q.failQuery()
		q.mu.Unlock()
		if !ok {
			return gst.ErrFlowError
		}
		return nil
	case gst.EventFlushStop:
		ok := q.srcpad.PushEvent(ev)
		q.mu.Lock()
		q.lockedFlush(false)
		q.srcresult = gst.FlowOK
		q.eos = false
		q.unexpected = false
		if q.srcpad.IsActive() {
			q.srcpad.StartTask(q.loop)
		}
		q.mu.Unlock()
		if !ok {
			return gst.ErrFlowError
		}
		return nil
	}
	t := ev.Type()
	if !t.IsSerialized() {
		if !q.srcpad.PushEvent(ev) {
			return gst.ErrFlowError
		}
		return nil
	}
	q.mu.Lock()
	// STREAM_START and SEGMENT reset the EOS state of a pad
	if q.srcresult == gst.FlowEOS && (t == gst.EventStreamStart || t == gst.EventSegment) {
		q.srcresult = gst.FlowOK
	}
	if refuse, post := queueRefusesEvent(t, q.srcresult); refuse {
		ret := q.srcresult
		q.mu.Unlock()
		if post {
			q.PostFlowError(ret.Err())
		}
		return ret.Err()
	}
	if q.eos {
		switch t {
		case gst.EventStreamStart, gst.EventSegment:
			if q.srcpad.Mode() == gst.PadModePush {
				q.srcresult = gst.FlowOK
				q.eos = false
				q.unexpected = false
				q.srcpad.StartTask(q.loop)
			} else {
				q.eos = false
				q.unexpected = false
			}
		default:
			q.mu.Unlock()
			return gst.ErrEOS
		}
	}
	q.enqueueEvent(ev)
	q.mu.Unlock()
	return nil
}

// queueRefusesEvent is the check queue and queue2 make before storing a
// serialized event of type t after downstream failed with srcresult:
// errors pushing sticky events are ignored (the data flow reports them),
// other events are refused, and so is an EOS, whose flow error the caller
// must then post (postError) as nothing else would.
func queueRefusesEvent(t gst.EventType, srcresult gst.FlowReturn) (refuse, postError bool) {
	switch {
	case srcresult == gst.FlowOK:
		return false, false
	case !t.IsSticky():
		return true, false
	case t == gst.EventEOS:
		return true, srcresult == gst.FlowNotLinked || srcresult < gst.FlowEOS
	}
	return false, false
}

func (q *Queue) sinkQuery(pad *gst.Pad, query gst.Query) bool {
	if !query.Type().IsSerialized() {
		return pad.QueryDefault(query)
	}
	q.mu.Lock()
	if q.srcresult != gst.FlowOK {
		q.mu.Unlock()
		return false
	}
	q.ring.push(queueItem{query: query})
	q.signalAdd()
	for q.srcresult == gst.FlowOK && q.lastHandledQuery != query {
		q.queryHandled.Wait()
	}
	q.lastHandledQuery = nil
	if q.srcresult != gst.FlowOK {
		q.mu.Unlock()
		return false
	}
	res := q.lastQuery
	q.mu.Unlock()
	return res
}

func (q *Queue) sinkActivateMode(pad *gst.Pad, mode gst.PadMode, active bool) bool {
	if mode != gst.PadModePush {
		return false
	}
	if active {
		q.mu.Lock()
		q.srcresult = gst.FlowOK
		q.eos = false
		q.unexpected = false
		q.mu.Unlock()
		return true
	}
	// unblock the chain function, wait for it to leave, then flush
	q.mu.Lock()
	q.srcresult = gst.FlowFlushing
	q.signalDel()
	q.mu.Unlock()
	pad.StreamLock()
	q.mu.Lock()
	q.lockedFlush(true)
	q.mu.Unlock()
	pad.StreamUnlock()
	return true
}

// ---------------------------------------------------------------------------
// Source pad

// pushOne dequeues one item and pushes it; q.mu is held on entry and on
// return.
func (q *Queue) pushOne() gst.FlowReturn {
	result := q.srcresult
	it, ok := q.lockedDequeue()
	if !ok {
		return gst.FlowError
	}
	for {
		switch {
		case it.buf != nil || it.list != nil:
			if it.buf != nil {
				buf := it.buf
				if q.headNeedsDiscont {
					buf = buf.MakeWritable()
					buf.SetFlags(gst.BufferFlagDiscont)
					q.headNeedsDiscont = false
				}
				q.mu.Unlock()
				result = gst.FlowFromError(q.srcpad.Push(buf))
			} else {
				list := it.list
				if q.headNeedsDiscont {
					list = queueListDiscont(list)
					q.headNeedsDiscont = false
				}
				q.mu.Unlock()
				result = gst.FlowFromError(q.srcpad.PushList(list))
			}
			q.mu.Lock()
			if q.srcresult != gst.FlowOK {
				return q.srcresult
			}
			if result == gst.FlowEOS {
				// downstream is EOS: drop everything up to something we
				// can push again (EOS, SEGMENT, STREAM_START)
				if it, ok = queueDropUntilPushable(q.lockedDequeue, &q.queueWaits); ok {
					continue
				}
				// nothing pushable: refuse more buffers upstream with EOS,
				// but keep the task running for EOS and SEGMENT events
				q.unexpected = true
				result = gst.FlowOK
			}
		case it.ev != nil:
			ev := it.ev
			q.mu.Unlock()
			q.srcpad.PushEvent(ev)
			q.mu.Lock()
			if q.srcresult != gst.FlowOK {
				return q.srcresult
			}
			if ev.Type() == gst.EventEOS {
				result = gst.FlowEOS
			}
		case it.query != nil:
			query := it.query
			q.mu.Unlock()
			ret := q.srcpad.PeerQuery(query)
			q.mu.Lock()
			if q.srcresult != gst.FlowOK {
				q.failQuery()
				return q.srcresult
			}
			q.lastQuery = ret
			q.lastHandledQuery = query
			q.queryHandled.Signal()
		}
		return result
	}
}

// loop is the source pad task.
func (q *Queue) loop() {
	q.mu.Lock()
	for n := 0; n < queueLoopBatch; n++ {
		if q.srcresult != gst.FlowOK {
			q.loopPause()
			return
		}
		for q.isEmpty() {
			if !q.silent && !q.emitLocked(queueSigUnderrun) {
				q.loopPause()
				return
			}
			// the handler may have changed the thresholds
			for q.isEmpty() {
				if !q.waitAdd() {
					q.loopPause()
					return
				}
			}
			if !q.silent {
				if !q.emitLocked(queueSigRunning) || !q.emitLocked(queueSigPushing) {
					q.loopPause()
					return
				}
			}
		}
		ret := q.pushOne()
		q.srcresult = ret
		if ret != gst.FlowOK {
			q.loopPause()
			return
		}
	}
	q.mu.Unlock()
}

// loopPause pauses the task after a flow problem; q.mu held, released.
func (q *Queue) loopPause() {
	eos := q.eos
	ret := q.srcresult
	q.srcpad.PauseTask()
	// keep the data on not-linked (a RECONFIGURE restarts the task) and on
	// EOS (a STREAM_START can clear it)
	if ret != gst.FlowNotLinked && ret != gst.FlowEOS {
		q.lockedFlush(false)
	} else {
		q.signalDel()
		q.failQuery()
	}
	q.mu.Unlock()
	// tell the application if upstream will not (it already sent EOS)
	if eos && (ret == gst.FlowNotLinked || ret < gst.FlowEOS) {
		q.PostFlowError(ret.Err())
		q.srcpad.PushEvent(gst.NewEOSEvent())
	}
}

func (q *Queue) srcEvent(pad *gst.Pad, ev gst.Event) bool {
	if ev.Type() == gst.EventReconfigure {
		q.mu.Lock()
		if q.srcresult == gst.FlowNotLinked {
			// downstream may be linked again: try pushing
			q.srcresult = gst.FlowOK
			pad.StartTask(q.loop)
		}
		q.mu.Unlock()
		return q.sinkpad.PushEvent(ev)
	}
	return pad.EventDefault(ev)
}

func (q *Queue) srcQuery(pad *gst.Pad, query gst.Query) bool {
	if sq, ok := query.(*gst.SchedulingQuery); ok {
		sq.AddMode(gst.PadModePush)
		return true
	}
	if !pad.QueryDefault(query) {
		return false
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	switch qq := query.(type) {
	case *gst.PositionQuery:
		queueAdjustPosition(qq, q.curLevel.bytes, q.curLevel.time)
	case *gst.LatencyQuery:
		// the queue can delay up to its time limit; without one the
		// delay is unbounded
		switch {
		case q.maxSize.time > 0 && qq.Max != gst.ClockTimeNone && q.leaky == QueueNoLeak:
			qq.Max += q.maxSize.time
		case q.maxSize.time > 0 && q.leaky != QueueNoLeak:
			qq.Max = max(q.maxSize.time, qq.Max)
		default:
			qq.Max = gst.ClockTimeNone
		}
		if q.minThreshold.time > 0 {
			qq.Min += q.minThreshold.time
		}
	}
	return true
}

// queueAdjustPosition subtracts what is queued from upstream's position
// answer (assuming no discontinuity inside the queue, as GStreamer does);
// false for formats other than BYTES and TIME.
func queueAdjustPosition(qq *gst.PositionQuery, bytes uint, t gst.ClockTime) bool {
	switch qq.Format {
	case gst.FormatBytes:
		qq.Cur = max(qq.Cur-int64(bytes), 0)
	case gst.FormatTime:
		qq.Cur = max(qq.Cur-int64(t), 0)
	default:
		return false
	}
	return true
}

func (q *Queue) srcActivateMode(pad *gst.Pad, mode gst.PadMode, active bool) bool {
	if mode != gst.PadModePush {
		return false
	}
	if active {
		q.mu.Lock()
		q.srcresult = gst.FlowOK
		q.eos = false
		q.unexpected = false
		ok := pad.StartTask(q.loop)
		q.mu.Unlock()
		return ok
	}
	// unblock the loop, wait for the task to finish, then flush
	q.mu.Lock()
	q.srcresult = gst.FlowFlushing
	q.itemAdd.Signal()
	q.mu.Unlock()
	ok := pad.StopTask()
	q.mu.Lock()
	q.lockedFlush(false)
	q.mu.Unlock()
	return ok
}

// ---------------------------------------------------------------------------
// Ring buffer

// queueItem is one queued buffer, buffer list, event or query.
type queueItem struct {
	buf   *gst.Buffer
	list  *gst.BufferList
	ev    gst.Event
	query gst.Query
	size  uint
}

// dataSize returns the bytes and buffers of a buffer or buffer list item.
func (it *queueItem) dataSize() (bytes, buffers uint) {
	if it.buf != nil {
		return uint(it.buf.Size()), 1
	}
	return uint(it.list.CalculateSize()), uint(it.list.Len())
}

// unrefData drops the buffer or buffer list of the item; false when it
// holds neither.
func (it *queueItem) unrefData() bool {
	switch {
	case it.buf != nil:
		it.buf.Unref()
	case it.list != nil:
		it.list.Unref()
	default:
		return false
	}
	return true
}

// queueDropUntilPushable is what queue and queue2 do after downstream
// returned EOS: drop the items dequeue takes out (failing dropped queries)
// up to one that can be pushed again (EOS, SEGMENT or STREAM_START),
// which it returns; false when nothing pushable is left.
func queueDropUntilPushable(dequeue func() (queueItem, bool), w *queueWaits) (queueItem, bool) {
	for {
		it, ok := dequeue()
		if !ok {
			return it, false
		}
		switch {
		case it.unrefData():
		case it.ev != nil:
			switch it.ev.Type() {
			case gst.EventEOS, gst.EventSegment, gst.EventStreamStart:
				return it, true
			}
		case it.query != nil:
			w.failQuery()
		}
	}
}

// queueRing is a growable FIFO of items (GstVecDeque): a power-of-two
// array used circularly, so steady-state traffic allocates nothing.
type queueRing struct {
	items []queueItem
	head  int
	n     int
}

func (r *queueRing) init(capacity int) {
	c := 16
	for c < capacity {
		c <<= 1
	}
	r.items = make([]queueItem, c)
	r.head, r.n = 0, 0
}

func (r *queueRing) push(it queueItem) {
	if r.n == len(r.items) {
		r.grow()
	}
	r.items[(r.head+r.n)&(len(r.items)-1)] = it
	r.n++
}

func (r *queueRing) grow() {
	items := make([]queueItem, 2*len(r.items))
	for i := 0; i < r.n; i++ {
		items[i] = r.items[(r.head+i)&(len(r.items)-1)]
	}
	r.items, r.head = items, 0
}

func (r *queueRing) pop() (queueItem, bool) {
	if r.n == 0 {
		return queueItem{}, false
	}
	it := r.items[r.head]
	r.items[r.head] = queueItem{}
	r.head = (r.head + 1) & (len(r.items) - 1)
	r.n--
	return it, true
}

// drain empties the ring, dropping the data; unless full, sticky events
// other than SEGMENT and EOS are stored on srcpad (they stay in effect).
func (r *queueRing) drain(srcpad *gst.Pad, full bool) {
	for {
		it, ok := r.pop()
		if !ok {
			return
		}
		switch {
		case it.unrefData():
		case it.ev != nil:
			t := it.ev.Type()
			if !full && t.IsSticky() && t != gst.EventSegment && t != gst.EventEOS {
				_ = srcpad.StoreStickyEvent(it.ev)
			}
		}
	}
}

func (r *queueRing) peekTail() (*queueItem, bool) {
	if r.n == 0 {
		return nil, false
	}
	return &r.items[(r.head+r.n-1)&(len(r.items)-1)], true
}
