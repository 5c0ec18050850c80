package base

import (
	"sync"

	"github.com/gstmini/gstmini/gst"
)

// aggItem is one entry of a pad queue: exactly one of buf, ev and q is set.
type aggItem struct {
	buf *gst.Buffer
	ev  gst.Event
	q   gst.Query
}

// aggQueue is the FIFO of buffers, serialized events and serialized queries
// of an AggregatorPad: a ring that keeps its storage, so steady-state
// queueing does not allocate. "Newest" is GStreamer's queue head, "oldest"
// its tail.
type aggQueue struct {
	items   []aggItem
	head, n int // head = index of the oldest item
}

func (q *aggQueue) len() int { return q.n }

func (q *aggQueue) grow() {
	c := 2 * len(q.items)
	if c == 0 {
		c = 4
	}
	items := make([]aggItem, c)
	for i := 0; i < q.n; i++ {
		items[i] = q.items[(q.head+i)%len(q.items)]
	}
	q.items, q.head = items, 0
}

// pushNewest appends it after the newest item (g_queue_push_head).
func (q *aggQueue) pushNewest(it aggItem) {
	if q.n == len(q.items) {
		q.grow()
	}
	q.items[(q.head+q.n)%len(q.items)] = it
	q.n++
}

// pushOldest puts it before the oldest item (g_queue_push_tail).
func (q *aggQueue) pushOldest(it aggItem) {
	if q.n == len(q.items) {
		q.grow()
	}
	q.head = (q.head - 1 + len(q.items)) % len(q.items)
	q.items[q.head] = it
	q.n++
}

// oldest returns the oldest item, or nil (g_queue_peek_tail).
func (q *aggQueue) oldest() *aggItem {
	if q.n == 0 {
		return nil
	}
	return &q.items[q.head]
}

// popOldest removes the oldest item (g_queue_pop_tail).
func (q *aggQueue) popOldest() aggItem {
	it := q.items[q.head]
	q.items[q.head] = aggItem{}
	q.head = (q.head + 1) % len(q.items)
	q.n--
	return it
}

// filter keeps the items for which keep returns true, in order.
func (q *aggQueue) filter(keep func(*aggItem) bool) {
	w := 0
	for i := 0; i < q.n; i++ {
		it := q.items[(q.head+i)%len(q.items)]
		if keep(&it) {
			q.items[(q.head+w)%len(q.items)] = it
			w++
		}
	}
	for i := w; i < q.n; i++ {
		q.items[(q.head+i)%len(q.items)] = aggItem{}
	}
	q.n = w
}

// AggregatorPad is a sink pad of an Aggregator. Data arriving on it is
// queued (buffers, serialized events and serialized queries in order)
// until the aggregator's source pad task consumes it: the subclass reads
// buffers with PeekBuffer, PopBuffer, DropBuffer and HasBuffer from its
// Aggregate method. The streaming thread of the pad blocks in the chain
// function while the queue is full: a pad holds one buffer, two in live
// mode, or up to the configured latency worth of data.
//
// Subclasses that need per-pad state embed AggregatorPad in their own
// struct, initialise it with InitAggregatorPad in CreateNewPad and find
// their struct again through gst.Pad's ElementPrivate field, which the
// aggregator does not use.
//
// All methods are safe for concurrent use.
//
// GStreamer: GstAggregatorPad (libs/gst/base/gstaggregator.c).
type AggregatorPad struct {
	gst.Pad

	agg *Aggregator

	flushMu sync.Mutex // PAD_FLUSH_LOCK
	mu      sync.Mutex // PAD_LOCK
	cond    sync.Cond  // event_cond, on mu
	segMu   sync.Mutex // the pad's object lock: segment, headSegment, lastFlushStopSeqnum

	// under segMu
	segment             gst.Segment
	headSegment         gst.Segment
	lastFlushStopSeqnum uint32

	// under mu
	flow                  gst.FlowReturn
	lastFlushStartSeqnum  uint32
	firstBuffer           bool
	waitedOnce            bool
	data                  aggQueue
	clipped               *gst.Buffer
	numBuffers            int
	numBytes              uint64
	peeked                *gst.Buffer
	queryInProcess        bool
	answered              gst.Query // last serialized query answered by the task
	answeredRet           bool
	headPosition          gst.ClockTime
	tailPosition          gst.ClockTime
	headTime, tailTime    gst.ClockTime
	timeLevel             gst.ClockTime
	negotiated            bool
	eos                   bool
	streamStartPending    bool
	emitSignals           bool
	bufferConsumed        []func(pad *AggregatorPad, buf *gst.Buffer)
	bufferConsumedPending bool
}

// NewAggregatorPad returns a sink pad for an Aggregator, from tmpl, named
// name (the template's name when ""). It must be returned by CreateNewPad
// or added by the Aggregator itself.
//
// GStreamer: g_object_new (GST_TYPE_AGGREGATOR_PAD, ...) (libs/gst/base/gstaggregator.c).
func NewAggregatorPad(tmpl *gst.PadTemplate, name string) *AggregatorPad {
	p := &AggregatorPad{}
	p.InitAggregatorPad(tmpl, name)
	return p
}

// InitAggregatorPad initialises an AggregatorPad embedded in a
// subclass's pad struct. Call it once, before the pad is used.
//
// GStreamer: gst_aggregator_pad_init (libs/gst/base/gstaggregator.c).
func (p *AggregatorPad) InitAggregatorPad(tmpl *gst.PadTemplate, name string) {
	if name == "" {
		name = tmpl.NameTemplate
	}
	p.InitPad(name, gst.PadSink, tmpl)
	p.cond.L = &p.mu
	p.resetLocked()
}

// resetLocked is gst_aggregator_pad_reset_unlocked; called with mu held
// (or before the pad is shared).
func (p *AggregatorPad) resetLocked() {
	p.eos = false
	p.flow = gst.FlowOK
	p.segMu.Lock()
	p.segment.Init(gst.FormatUndefined)
	p.headSegment.Init(gst.FormatUndefined)
	p.segMu.Unlock()
	p.headPosition = gst.ClockTimeNone
	p.tailPosition = gst.ClockTimeNone
	p.headTime = gst.ClockTimeNone
	p.tailTime = gst.ClockTimeNone
	p.timeLevel = 0
	p.firstBuffer = true
	p.waitedOnce = false
	p.streamStartPending = false
}

// Segment returns a copy of the segment of the data at the output of the
// pad's queue (the segment of the next buffer PopBuffer returns).
//
// GStreamer: GstAggregatorPad.segment (libs/gst/base/gstaggregator.h).
func (p *AggregatorPad) Segment() gst.Segment {
	p.segMu.Lock()
	defer p.segMu.Unlock()
	return p.segment
}

// isQueueEmpty is gst_aggregator_pad_queue_is_empty; mu held.
func (p *AggregatorPad) isQueueEmpty() bool { return p.data.len() == 0 && p.clipped == nil }

// PeekBuffer returns the next buffer without removing it, or nil when the
// pad has none (or is flushing). The returned buffer is a new reference
// the caller must Unref; a later PopBuffer in the same Aggregate call
// returns the same buffer even if the pad was flushed in between.
//
// GStreamer: gst_aggregator_pad_peek_buffer (libs/gst/base/gstaggregator.c).
func (p *AggregatorPad) PeekBuffer() *gst.Buffer {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.peeked != nil {
		return p.peeked.Ref()
	}
	if p.flow != gst.FlowOK {
		return nil
	}
	p.clipLocked()
	if p.clipped == nil {
		return nil
	}
	p.peeked = p.clipped.Ref()
	return p.clipped.Ref()
}

// PopBuffer removes and returns the next buffer (transfer full), or nil.
// It wakes the pad's streaming thread if it waits for room in the queue.
//
// GStreamer: gst_aggregator_pad_pop_buffer (libs/gst/base/gstaggregator.c).
func (p *AggregatorPad) PopBuffer() *gst.Buffer {
	p.mu.Lock()
	var buf *gst.Buffer
	if p.peeked != nil {
		buf = p.peeked
	} else if p.flow == gst.FlowOK {
		p.clipLocked()
		buf = p.clipped
	}
	if buf != nil {
		if p.clipped != nil {
			// transfer the clipped buffer, release the peeked reference
			p.consumedLocked(buf, true)
			p.clipped = nil
			if p.peeked != nil {
				p.peeked.Unref()
				p.peeked = nil
			}
		} else {
			// flushed after peek: hand over the peeked reference
			p.consumedLocked(buf, false)
			p.peeked = nil
		}
	}
	p.mu.Unlock()
	p.emitBufferConsumed(buf)
	return buf
}

// DropBuffer removes the next buffer and unrefs it. It reports whether
// there was one.
//
// GStreamer: gst_aggregator_pad_drop_buffer (libs/gst/base/gstaggregator.c).
func (p *AggregatorPad) DropBuffer() bool {
	buf := p.PopBuffer()
	if buf == nil {
		return false
	}
	buf.Unref()
	return true
}

// HasBuffer reports whether the pad has a buffer ready (after clipping).
//
// GStreamer: gst_aggregator_pad_has_buffer (libs/gst/base/gstaggregator.c).
func (p *AggregatorPad) HasBuffer() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.peeked != nil {
		return true
	}
	p.clipLocked()
	if p.clipped != nil {
		p.peeked = p.clipped.Ref()
		return true
	}
	return false
}

// IsEOS reports whether the pad received EOS (its queue may still hold
// data).
//
// GStreamer: gst_aggregator_pad_is_eos (libs/gst/base/gstaggregator.c).
func (p *AggregatorPad) IsEOS() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.eos
}

// IsInactive reports whether the pad is ignored because it never had a
// buffer while the aggregator is live and ignores inactive pads.
//
// GStreamer: gst_aggregator_pad_is_inactive (libs/gst/base/gstaggregator.c).
func (p *AggregatorPad) IsInactive() bool {
	a := p.agg
	if a == nil {
		return false
	}
	a.srcMu.Lock()
	ignore, live := a.ignoreInactivePads, a.isLiveLocked()
	a.srcMu.Unlock()
	p.mu.Lock()
	defer p.mu.Unlock()
	return ignore && live && p.firstBuffer
}

// CurrentLevelTime returns the running time span of the queued data, in
// ns ("current-level-time").
//
// GStreamer: the GstAggregatorPad "current-level-time" property (libs/gst/base/gstaggregator.c).
func (p *AggregatorPad) CurrentLevelTime() gst.ClockTime {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.timeLevel
}

// CurrentLevelBuffers returns the number of queued buffers
// ("current-level-buffers").
//
// GStreamer: the GstAggregatorPad "current-level-buffers" property (libs/gst/base/gstaggregator.c).
func (p *AggregatorPad) CurrentLevelBuffers() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.numBuffers
}

// CurrentLevelBytes returns the number of queued bytes
// ("current-level-bytes").
//
// GStreamer: the GstAggregatorPad "current-level-bytes" property (libs/gst/base/gstaggregator.c).
func (p *AggregatorPad) CurrentLevelBytes() uint64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.numBytes
}

// SetEmitSignals turns the buffer-consumed callbacks on or off (the pad's
// "emit-signals" property, default false).
//
// GStreamer: the GstAggregatorPad "emit-signals" property (libs/gst/base/gstaggregator.c).
func (p *AggregatorPad) SetEmitSignals(on bool) {
	p.mu.Lock()
	p.emitSignals = on
	p.mu.Unlock()
}

// ConnectBufferConsumed registers fn, called (with no pad lock held) each
// time a buffer leaves the pad's queue while emit-signals is on.
//
// GStreamer: the GstAggregatorPad "buffer-consumed" signal (libs/gst/base/gstaggregator.c).
func (p *AggregatorPad) ConnectBufferConsumed(fn func(pad *AggregatorPad, buf *gst.Buffer)) {
	p.mu.Lock()
	p.bufferConsumed = append(p.bufferConsumed, fn)
	p.mu.Unlock()
}

// consumedLocked is gst_aggregator_pad_buffer_consumed; mu held. The
// signal itself is emitted by emitBufferConsumed after unlocking.
func (p *AggregatorPad) consumedLocked(buf *gst.Buffer, dequeued bool) {
	if dequeued {
		p.numBuffers--
		p.numBytes -= uint64(buf.Size())
	}
	if buf != nil && p.emitSignals && len(p.bufferConsumed) > 0 {
		p.bufferConsumedPending = true
	}
	p.cond.Broadcast()
}

func (p *AggregatorPad) emitBufferConsumed(buf *gst.Buffer) {
	if buf == nil {
		return
	}
	p.mu.Lock()
	if !p.bufferConsumedPending {
		p.mu.Unlock()
		return
	}
	p.bufferConsumedPending = false
	fns := p.bufferConsumed
	p.mu.Unlock()
	for _, fn := range fns {
		fn(p, buf)
	}
}

// clipLocked is gst_aggregator_pad_clip_buffer_unlocked; mu held.
func (p *AggregatorPad) clipLocked() {
	for p.clipped == nil {
		it := p.data.oldest()
		if it == nil || it.buf == nil {
			return
		}
		buf := p.data.popOldest().buf
		p.applyBuffer(buf, false)
		a := p.agg
		if a == nil {
			buf.Unref()
			return
		}
		if a.vClip != nil {
			orig := buf.Ref()
			origSize := orig.Size()
			buf = a.vClip.Clip(p, buf)
			if buf == nil {
				p.consumedLocked(orig, true)
			} else {
				p.numBytes -= uint64(origSize - buf.Size())
			}
			orig.Unref()
		}
		p.clipped = buf
	}
}

// applyBuffer is apply_buffer; mu held.
func (p *AggregatorPad) applyBuffer(buf *gst.Buffer, head bool) {
	ts := buf.DTS
	if !ts.IsValid() {
		ts = buf.PTS
	}
	if !ts.IsValid() {
		if head {
			ts = p.headPosition
		} else {
			ts = p.tailPosition
		}
	}
	if buf.Duration.IsValid() && ts.IsValid() {
		ts += buf.Duration
	}
	if head {
		p.headPosition = ts
	} else {
		p.tailPosition = ts
	}
	p.segMu.Lock()
	p.updateTimeLevel(head)
	p.segMu.Unlock()
}

// updateTimeLevel is update_time_level; mu and segMu held.
func (p *AggregatorPad) updateTimeLevel(head bool) {
	if head {
		if p.headPosition.IsValid() && p.headSegment.Format == gst.FormatTime {
			p.headTime = gst.ClockTime(p.headSegment.ToRunningTime(gst.FormatTime, uint64(p.headPosition)))
		} else {
			p.headTime = gst.ClockTimeNone
		}
		if !p.tailTime.IsValid() {
			p.tailTime = p.headTime
		}
	} else {
		if p.tailPosition.IsValid() && p.segment.Format == gst.FormatTime {
			p.tailTime = gst.ClockTime(p.segment.ToRunningTime(gst.FormatTime, uint64(p.tailPosition)))
		} else {
			p.tailTime = p.headTime
		}
	}
	if !p.headTime.IsValid() || !p.tailTime.IsValid() {
		p.timeLevel = 0
		return
	}
	if p.tailTime > p.headTime {
		p.timeLevel = 0
	} else {
		p.timeLevel = p.headTime - p.tailTime
	}
}

// setFlushing is gst_aggregator_pad_set_flushing: it records flow and
// drops the queue (everything when full, else buffers, EOS, SEGMENT and
// non-sticky events), waking a blocked streaming thread.
func (p *AggregatorPad) setFlushing(flow gst.FlowReturn, full bool) {
	p.mu.Lock()
	if flow == gst.FlowNotLinked {
		p.flow = min(flow, p.flow)
	} else {
		p.flow = flow
	}
	p.data.filter(func(it *aggItem) bool {
		switch {
		case it.q != nil:
			return !full
		case it.buf != nil:
			it.buf.Unref()
			return false
		}
		t := it.ev.Type()
		if full || t == gst.EventEOS || t == gst.EventSegment || !t.IsSticky() {
			return false
		}
		return true
	})
	p.numBuffers = 0
	p.numBytes = 0
	p.streamStartPending = false
	if p.clipped != nil {
		p.clipped.Unref()
		p.clipped = nil
	}
	p.cond.Broadcast()
	p.mu.Unlock()
}

// flush is gst_aggregator_pad_flush.
func (p *AggregatorPad) flush(a *Aggregator) bool {
	p.mu.Lock()
	p.resetLocked()
	p.mu.Unlock()
	if a.vPadFlush != nil {
		return a.vPadFlush.PadFlush(p) == nil
	}
	return true
}

func (p *AggregatorPad) chain(_ *gst.Pad, buf *gst.Buffer) error {
	p.flushMu.Lock()
	ret := p.agg.chainInternal(p, buf, true)
	p.flushMu.Unlock()
	return ret.Err()
}

func (p *AggregatorPad) activateMode(_ *gst.Pad, _ gst.PadMode, active bool) bool {
	a := p.agg
	if !active {
		a.srcMu.Lock()
		p.setFlushing(gst.FlowFlushing, true)
		a.srcBroadcastLocked()
		a.srcMu.Unlock()
	} else {
		p.mu.Lock()
		p.flow = gst.FlowOK
		p.cond.Broadcast()
		p.mu.Unlock()
	}
	return true
}
