package base

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/gstmini/gstmini/gst"
)

// ErrNeedData is returned by Aggregate or UpdateSrcCaps when the subclass
// needs more data before it can produce output: the aggregator waits for
// data again without treating it as an error.
//
// GStreamer: GST_AGGREGATOR_FLOW_NEED_DATA (libs/gst/base/gstaggregator.h).
var ErrNeedData = errors.New("base: aggregator needs more data")

// AggregatorStartTimeSelection says how an Aggregator chooses the running
// time of its first output buffer.
//
// GStreamer: GstAggregatorStartTimeSelection (libs/gst/base/gstaggregator.h).
type AggregatorStartTimeSelection int

// The start time selections (nicks "zero", "first", "set").
//
// GStreamer: GST_AGGREGATOR_START_TIME_SELECTION_* (libs/gst/base/gstaggregator.h).
const (
	// AggregatorStartTimeSelectionZero starts at running time 0.
	AggregatorStartTimeSelectionZero AggregatorStartTimeSelection = 0
	// AggregatorStartTimeSelectionFirst starts at the running time of the
	// first buffer received.
	AggregatorStartTimeSelectionFirst AggregatorStartTimeSelection = 1
	// AggregatorStartTimeSelectionSet starts at the "start-time" property.
	AggregatorStartTimeSelectionSet AggregatorStartTimeSelection = 2
)

// String returns the nick: "zero", "first" or "set".
//
// GStreamer: the GEnumValue nicks of GstAggregatorStartTimeSelection (libs/gst/base/gstaggregator.c).
func (s AggregatorStartTimeSelection) String() string {
	if v := aggStartTimeSelectionEnum.Value(int(s)); v != nil {
		return v.Nick
	}
	return strconv.Itoa(int(s))
}

var aggStartTimeSelectionEnum = &gst.EnumClass{Name: "GstAggregatorStartTimeSelection", Values: []gst.EnumValue{
	{Value: 0, Name: "GST_AGGREGATOR_START_TIME_SELECTION_ZERO", Nick: "zero"},
	{Value: 1, Name: "GST_AGGREGATOR_START_TIME_SELECTION_FIRST", Nick: "first"},
	{Value: 2, Name: "GST_AGGREGATOR_START_TIME_SELECTION_SET", Nick: "set"},
}}

// Property defaults of Aggregator.
//
// GStreamer: DEFAULT_* (libs/gst/base/gstaggregator.c).
const (
	DefaultAggregatorLatency            gst.ClockTime = 0
	DefaultAggregatorMinUpstreamLatency gst.ClockTime = 0
	DefaultAggregatorStartTimeSelection               = AggregatorStartTimeSelectionZero
	DefaultAggregatorStartTime          uint64        = ^uint64(0)
	DefaultAggregatorEmitSignals                      = false
)

// AggregatorProperties returns the properties of every Aggregator element
// (latency, min-upstream-latency, start-time-selection, start-time,
// emit-signals) for the class's Properties. Each call returns new specs.
//
// GStreamer: gst_aggregator_class_init (libs/gst/base/gstaggregator.c).
func AggregatorProperties() []*gst.ParamSpec {
	return []*gst.ParamSpec{
		gst.ParamUint64("latency", "Buffer latency",
			"Additional latency in live mode to allow upstream to take longer to produce buffers for the current position (in nanoseconds)",
			0, ^uint64(0), uint64(DefaultAggregatorLatency), gst.ParamReadWrite),
		gst.ParamUint64("min-upstream-latency", "Buffer latency",
			"When sources with a higher latency are expected to be plugged in dynamically after the aggregator has started playing, this allows overriding the minimum latency reported by the initial source(s). This is only taken into account when larger than the actually reported minimum latency. (nanoseconds)",
			0, ^uint64(0), uint64(DefaultAggregatorMinUpstreamLatency), gst.ParamReadWrite),
		gst.ParamEnum("start-time-selection", "Start Time Selection", "Decides which start time is output",
			aggStartTimeSelectionEnum, int(DefaultAggregatorStartTimeSelection), gst.ParamReadWrite),
		gst.ParamUint64("start-time", "Start Time", "Start time to use if start-time-selection=set",
			0, ^uint64(0), DefaultAggregatorStartTime, gst.ParamReadWrite),
		gst.ParamBool("emit-signals", "Emit signals", "Send signals", DefaultAggregatorEmitSignals, gst.ParamReadWrite),
	}
}

// aggAggregator is the required virtual method of an Aggregator subclass:
// called from the source pad task when every non-EOS sink pad has a buffer
// (or, live, when the deadline passed: timeout is true). It reads the pads
// with PeekBuffer/PopBuffer and pushes output with FinishBuffer. Returning
// gst.ErrEOS ends the stream (the base pushes EOS), ErrNeedData waits for
// more data, other errors stop the task.
//
// GStreamer: GstAggregatorClass.aggregate (libs/gst/base/gstaggregator.h).
type aggAggregator interface {
	Aggregate(timeout bool) error
}

// The optional virtual methods of an Aggregator subclass, found once by
// interface assertion on the outer element in Constructed.
type (
	aggClipper interface {
		Clip(pad *AggregatorPad, buf *gst.Buffer) *gst.Buffer
	}
	aggSinkEvent interface {
		SinkEvent(pad *AggregatorPad, ev gst.Event) bool
	}
	aggSinkEventPreQueue interface {
		SinkEventPreQueue(pad *AggregatorPad, ev gst.Event) error
	}
	aggSinkQuery interface {
		SinkQuery(pad *AggregatorPad, q gst.Query) bool
	}
	aggSinkQueryPreQueue interface {
		SinkQueryPreQueue(pad *AggregatorPad, q gst.Query) bool
	}
	aggSrcEvent    interface{ SrcEvent(ev gst.Event) bool }
	aggSrcQuery    interface{ SrcQuery(q gst.Query) bool }
	aggSrcActivate interface {
		SrcActivate(mode gst.PadMode, active bool) bool
	}
	aggFlush    interface{ Flush() error }
	aggPadFlush interface {
		PadFlush(pad *AggregatorPad) error
	}
	aggSkipBuffer interface {
		SkipBuffer(pad *AggregatorPad, buf *gst.Buffer) bool
	}
	aggNextTime     interface{ NextTime() gst.ClockTime }
	aggCreateNewPad interface {
		CreateNewPad(tmpl *gst.PadTemplate, name string, caps *gst.Caps) *AggregatorPad
	}
	aggUpdateSrcCaps interface {
		UpdateSrcCaps(caps *gst.Caps) (*gst.Caps, error)
	}
	aggFixateSrcCaps interface {
		FixateSrcCaps(caps *gst.Caps) *gst.Caps
	}
	aggNegotiatedSrcCaps interface{ NegotiatedSrcCaps(caps *gst.Caps) bool }
	aggDecideAllocation  interface {
		DecideAllocation(q *gst.AllocationQuery) bool
	}
	aggProposeAllocation interface {
		ProposeAllocation(pad *AggregatorPad, decide, q *gst.AllocationQuery) bool
	}
	aggNegotiate interface{ Negotiate() bool }
)

// Aggregator is the base of elements with N sink pads and one source
// pad whose output combines their inputs (muxers, mixers, HLS/CMAF
// segmenters).
//
// Embed it in the element struct. The class needs a source pad template
// named "src" and sink templates (request "sink_%u"-style, or always).
// The element implements Aggregate(timeout bool) error and, optionally:
//
//	Clip(pad, buf) *gst.Buffer                 // before a buffer is seen
//	SinkEvent(pad, ev) bool, SinkQuery(pad, q) bool // from the task, in order
//	SinkEventPreQueue(pad, ev) error, SinkQueryPreQueue(pad, q) bool
//	SrcEvent(ev) bool, SrcQuery(q) bool         // defaults below; chain up
//	SrcActivate(mode, active) bool
//	Flush() error, PadFlush(pad) error          // after a flushing seek
//	SkipBuffer(pad, buf) bool                   // live: drop late input
//	NextTime() gst.ClockTime                    // live deadline; default NONE
//	CreateNewPad(tmpl, name, caps) *AggregatorPad
//	UpdateSrcCaps(caps) (*gst.Caps, error), FixateSrcCaps(caps) *gst.Caps
//	NegotiatedSrcCaps(caps) bool, Negotiate() bool
//	DecideAllocation(q) bool, ProposeAllocation(pad, decide, q) bool
//	Start() error, Stop() error                 // READY↔PAUSED
//
// Threading: each sink pad's streaming thread queues its data and blocks
// while the pad's queue is full; the source pad task (a gst.Task) waits
// until every non-EOS pad has a buffer, processes queued serialized events
// and queries first, then calls Aggregate. In live mode (a live upstream,
// or SetForceLive) the task instead waits on the clock until
// base time + NextTime() + latency, then calls Aggregate(true). Flushing
// seeks send FLUSH_START downstream once, forward the seek to every sink
// pad and send FLUSH_STOP once every pad got its FLUSH_STOP (matched by
// seqnum). Locks are taken in the order source lock, object lock, pad
// lock, pad object lock; none is held while pushing downstream.
//
// GStreamer: GstAggregator (libs/gst/base/gstaggregator.c).
type Aggregator struct {
	gst.ElementBase

	srcPad *gst.Pad

	// vfuncs of the outer element
	vAggregate      aggAggregator
	vClip           aggClipper
	vSinkEvent      aggSinkEvent
	vSinkEventPre   aggSinkEventPreQueue
	vSinkQuery      aggSinkQuery
	vSinkQueryPre   aggSinkQueryPreQueue
	vSrcEvent       aggSrcEvent
	vSrcQuery       aggSrcQuery
	vSrcActivate    aggSrcActivate
	vFlush          aggFlush
	vPadFlush       aggPadFlush
	vSkipBuffer     aggSkipBuffer
	vNextTime       aggNextTime
	vCreateNewPad   aggCreateNewPad
	vUpdateSrcCaps  aggUpdateSrcCaps
	vFixateSrcCaps  aggFixateSrcCaps
	vNegotiatedCaps aggNegotiatedSrcCaps
	vDecideAlloc    aggDecideAllocation
	vProposeAlloc   aggProposeAllocation
	vNegotiate      aggNegotiate
	vStart          xfStart
	vStop           xfStop

	// SRC_LOCK / SRC_COND
	srcMu              sync.Mutex
	srcCond            sync.Cond
	aggregateID        *gst.ClockID
	running            bool
	sendEOS            bool
	gotEOSEvent        bool
	blocked            bool
	peerLatencyLive    bool
	peerLatencyMin     gst.ClockTime
	peerLatencyMax     gst.ClockTime
	hasPeerLatency     bool
	subLatencyMin      gst.ClockTime
	subLatencyMax      gst.ClockTime
	upstreamLatencyMin gst.ClockTime
	latency            gst.ClockTime
	postedLatencyMsg   bool
	forceLive          bool
	ignoreInactivePads bool
	emitSignals        bool
	srccaps            *gst.Caps

	// the object lock
	mu                 sync.Mutex
	pads               []*AggregatorPad // copy on write
	maxPadSerial       int
	srcSegment         gst.Segment
	sendStreamStart    bool
	sendSegment        bool
	flushing           bool
	firstBuffer        bool
	seqnum             uint32
	nextSeqnum         uint32
	startTimeSelection AggregatorStartTimeSelection
	startTime          uint64
	pool               *gst.BufferPool
	allocQuery         *gst.AllocationQuery

	taskMu sync.Mutex
	task   *gst.Task

	samplesSelected []func(seg *gst.Segment, pts, dts, duration gst.ClockTime, info *gst.Structure)
}

// Constructed creates the "src" pad and the always sink pads from the
// class templates and finds the subclass's virtual methods on the outer
// element. It fails when Aggregate is missing or there is no "src"
// template. Elements that override it must call it first.
//
// GStreamer: gst_aggregator_init and gst_aggregator_class_init (libs/gst/base/gstaggregator.c).
func (a *Aggregator) Constructed() error {
	outer := any(a.Impl())
	if outer == nil {
		outer = a
	}
	var ok bool
	if a.vAggregate, ok = outer.(aggAggregator); !ok {
		return fmt.Errorf("%s: base.Aggregator needs an Aggregate(timeout bool) error method", a.Name())
	}
	a.vClip, _ = outer.(aggClipper)
	a.vSinkEvent, _ = outer.(aggSinkEvent)
	a.vSinkEventPre, _ = outer.(aggSinkEventPreQueue)
	a.vSinkQuery, _ = outer.(aggSinkQuery)
	a.vSinkQueryPre, _ = outer.(aggSinkQueryPreQueue)
	a.vSrcEvent, _ = outer.(aggSrcEvent)
	a.vSrcQuery, _ = outer.(aggSrcQuery)
	a.vSrcActivate, _ = outer.(aggSrcActivate)
	a.vFlush, _ = outer.(aggFlush)
	a.vPadFlush, _ = outer.(aggPadFlush)
	a.vSkipBuffer, _ = outer.(aggSkipBuffer)
	a.vNextTime, _ = outer.(aggNextTime)
	a.vCreateNewPad, _ = outer.(aggCreateNewPad)
	a.vUpdateSrcCaps, _ = outer.(aggUpdateSrcCaps)
	a.vFixateSrcCaps, _ = outer.(aggFixateSrcCaps)
	a.vNegotiatedCaps, _ = outer.(aggNegotiatedSrcCaps)
	a.vDecideAlloc, _ = outer.(aggDecideAllocation)
	a.vProposeAlloc, _ = outer.(aggProposeAllocation)
	a.vNegotiate, _ = outer.(aggNegotiate)
	a.vStart, _ = outer.(xfStart)
	a.vStop, _ = outer.(xfStop)

	var srcT *gst.PadTemplate
	var always []*gst.PadTemplate
	if class := a.Class(); class != nil {
		for _, pt := range class.PadTemplates {
			switch {
			case pt.NameTemplate == "src" && pt.Direction == gst.PadSrc:
				srcT = pt
			case pt.Direction == gst.PadSink && pt.Presence == gst.PadAlways:
				always = append(always, pt)
			}
		}
	}
	if srcT == nil {
		return fmt.Errorf("%s: base.Aggregator needs a \"src\" pad template", a.Name())
	}
	a.srcCond.L = &a.srcMu
	a.maxPadSerial = -1
	a.latency = DefaultAggregatorLatency
	a.upstreamLatencyMin = DefaultAggregatorMinUpstreamLatency
	a.startTimeSelection = DefaultAggregatorStartTimeSelection
	a.startTime = DefaultAggregatorStartTime
	a.emitSignals = DefaultAggregatorEmitSignals
	a.seqnum = gst.SeqnumInvalid
	a.resetFlowValues()

	a.srcPad = gst.NewPadFromTemplate(srcT, "src")
	a.srcPad.SetEventFunc(func(_ *gst.Pad, ev gst.Event) bool { return a.vSrcEvent.SrcEvent(ev) })
	a.srcPad.SetQueryFunc(func(_ *gst.Pad, q gst.Query) bool { return a.vSrcQuery.SrcQuery(q) })
	a.srcPad.SetActivateModeFunc(a.srcActivateMode)
	if err := a.AddPad(a.srcPad); err != nil {
		return err
	}
	for _, pt := range always {
		p := NewAggregatorPad(pt, pt.NameTemplate)
		if err := a.addSinkPad(p); err != nil {
			return err
		}
	}
	return nil
}

// SrcPad returns the "src" pad.
//
// GStreamer: GST_AGGREGATOR_SRC_PAD (libs/gst/base/gstaggregator.h).
func (a *Aggregator) SrcPad() *gst.Pad { return a.srcPad }

// AggregatorPads returns the sink pads, in the order they were added. The
// slice must not be modified. Safe for concurrent use.
//
// GStreamer: GstElement.sinkpads of a GstAggregator (gst/gstelement.h).
func (a *Aggregator) AggregatorPads() []*AggregatorPad {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.pads
}

// AggregatorPadOf returns the AggregatorPad whose gst.Pad is pad, or nil.
//
// GStreamer: GST_AGGREGATOR_PAD cast (libs/gst/base/gstaggregator.h).
func (a *Aggregator) AggregatorPadOf(pad *gst.Pad) *AggregatorPad {
	for _, p := range a.AggregatorPads() {
		if &p.Pad == pad {
			return p
		}
	}
	return nil
}

func (a *Aggregator) addSinkPad(p *AggregatorPad) error {
	p.agg = a
	p.SetChainFunc(p.chain)
	p.SetEventFullFunc(func(_ *gst.Pad, ev gst.Event) error { return a.vSinkEventPre.SinkEventPreQueue(p, ev) })
	p.SetQueryFunc(func(_ *gst.Pad, q gst.Query) bool { return a.vSinkQueryPre.SinkQueryPreQueue(p, q) })
	p.SetActivateModeFunc(p.activateMode)
	a.mu.Lock()
	a.pads = append(a.pads[:len(a.pads):len(a.pads)], p)
	a.mu.Unlock()
	if err := a.AddPad(&p.Pad); err != nil {
		a.removeFromList(p)
		return err
	}
	return nil
}

func (a *Aggregator) removeFromList(p *AggregatorPad) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for i, q := range a.pads {
		if q == p {
			n := make([]*AggregatorPad, 0, len(a.pads)-1)
			n = append(n, a.pads[:i]...)
			a.pads = append(n, a.pads[i+1:]...)
			return
		}
	}
}

// ---- locking helpers ----

// srcBroadcastLocked is SRC_BROADCAST; srcMu held.
func (a *Aggregator) srcBroadcastLocked() {
	if a.aggregateID != nil {
		a.aggregateID.Unschedule()
	}
	a.srcCond.Broadcast()
}

// isLiveLocked is is_live_unlocked; srcMu held.
func (a *Aggregator) isLiveLocked() bool { return a.peerLatencyLive || a.forceLive }

// resetFlowValues is gst_aggregator_reset_flow_values.
func (a *Aggregator) resetFlowValues() {
	a.mu.Lock()
	a.sendStreamStart = true
	a.sendSegment = true
	a.srcSegment.Init(gst.FormatTime)
	a.srcSegment.Position = ^uint64(0)
	a.firstBuffer = true
	a.mu.Unlock()
}

// ---- settings ----

// SetForceLive makes the aggregator always run in live mode: it
// aggregates on timeout whether or not a live source is upstream. Call it
// before the element goes to PAUSED.
//
// GStreamer: gst_aggregator_set_force_live (libs/gst/base/gstaggregator.c).
func (a *Aggregator) SetForceLive(on bool) {
	a.srcMu.Lock()
	a.forceLive = on
	a.srcMu.Unlock()
}

// ForceLive reports the setting of SetForceLive.
//
// GStreamer: gst_aggregator_get_force_live (libs/gst/base/gstaggregator.c).
func (a *Aggregator) ForceLive() bool {
	a.srcMu.Lock()
	defer a.srcMu.Unlock()
	return a.forceLive
}

// SetIgnoreInactivePads makes a live aggregator stop waiting for pads
// that have not received a buffer yet once it timed out for them.
//
// GStreamer: gst_aggregator_set_ignore_inactive_pads (libs/gst/base/gstaggregator.c).
func (a *Aggregator) SetIgnoreInactivePads(on bool) {
	a.srcMu.Lock()
	a.ignoreInactivePads = on
	a.srcMu.Unlock()
}

// IgnoreInactivePads reports the setting of SetIgnoreInactivePads.
//
// GStreamer: gst_aggregator_get_ignore_inactive_pads (libs/gst/base/gstaggregator.c).
func (a *Aggregator) IgnoreInactivePads() bool {
	a.srcMu.Lock()
	defer a.srcMu.Unlock()
	return a.ignoreInactivePads
}

// SetLatency sets the latency the subclass adds itself (min and max in
// ns, max ClockTimeNone for unlimited) and posts a LATENCY message when it
// changed or was never posted.
//
// GStreamer: gst_aggregator_set_latency (libs/gst/base/gstaggregator.c).
func (a *Aggregator) SetLatency(min, max gst.ClockTime) {
	if !min.IsValid() || max < min {
		return
	}
	a.srcMu.Lock()
	changed := false
	if a.subLatencyMin != min {
		a.subLatencyMin = min
		changed = true
	}
	if a.subLatencyMax != max {
		a.subLatencyMax = max
		changed = true
	}
	if !a.postedLatencyMsg {
		a.postedLatencyMsg = true
		changed = true
	}
	if changed {
		a.srcBroadcastLocked()
	}
	a.srcMu.Unlock()
	if changed {
		a.PostMessage(gst.NewLatencyMessage(a.Impl()))
	}
}

// Latency returns the latency the aggregator waits for in live mode
// (upstream min + latency property + subclass min), or ClockTimeNone when
// it is not live. It may query upstream.
//
// GStreamer: gst_aggregator_get_latency (libs/gst/base/gstaggregator.c).
func (a *Aggregator) Latency() gst.ClockTime {
	a.srcMu.Lock()
	defer a.srcMu.Unlock()
	return a.latencyLocked()
}

// latencyLocked is gst_aggregator_get_latency_unlocked; srcMu held,
// released during the upstream query.
func (a *Aggregator) latencyLocked() gst.ClockTime {
	if !a.hasPeerLatency {
		q := gst.NewLatencyQuery()
		ok := a.queryLatencyLocked(q)
		if !ok && !a.forceLive {
			return gst.ClockTimeNone
		}
	}
	if !a.forceLive && (!a.hasPeerLatency || !a.peerLatencyLive) {
		return gst.ClockTimeNone
	}
	return a.peerLatencyMin + a.latency + a.subLatencyMin
}

// upstreamLatency asks the peers of all sink pads for their latency and
// folds the answers: live if any is live, min the largest live min, max
// the smallest live max. It fails if a linked peer fails.
//
// GStreamer: query_latency_default (gst/gstpad.c).
func (a *Aggregator) upstreamLatency(q *gst.LatencyQuery) bool {
	live, minL, maxL, ok := false, gst.ClockTime(0), gst.ClockTimeNone, true
	for _, p := range a.AggregatorPads() {
		peer := p.Peer()
		if peer == nil {
			continue
		}
		pq := gst.NewLatencyQuery()
		if !peer.Query(pq) {
			ok = false
			continue
		}
		if pq.Live {
			if pq.Min > minL {
				minL = pq.Min
			}
			if !maxL.IsValid() || (pq.Max.IsValid() && pq.Max < maxL) {
				maxL = pq.Max
			}
			live = true
		}
	}
	q.Live, q.Min, q.Max = live, minL, maxL
	return ok
}

// queryLatencyLocked is gst_aggregator_query_latency_unlocked; srcMu held
// and released during the upstream query.
func (a *Aggregator) queryLatencyLocked(q *gst.LatencyQuery) bool {
	a.srcMu.Unlock()
	ok := a.upstreamLatency(q)
	a.srcMu.Lock()
	if !ok {
		return false
	}
	live, min, max := q.Live, q.Min, q.Max
	if !min.IsValid() {
		return false
	}
	if a.upstreamLatencyMin > min {
		diff := a.upstreamLatencyMin - min
		min += diff
		if max.IsValid() {
			max += diff
		}
	}
	if max.IsValid() && min > max {
		a.srcMu.Unlock()
		a.PostWarning(&gst.CoreError{Code: gst.CoreErrorClock,
			Msg: fmt.Sprintf("Impossible to configure latency: max %v < min %v. Add queues or other buffering elements.", max, min)}, "")
		a.srcMu.Lock()
		return false
	}
	a.peerLatencyLive = live
	a.peerLatencyMin = min
	a.peerLatencyMax = max
	a.hasPeerLatency = true
	min += a.latency + a.subLatencyMin
	if a.subLatencyMax.IsValid() && max.IsValid() {
		max += a.subLatencyMax + a.latency
	} else {
		max = gst.ClockTimeNone
	}
	a.srcBroadcastLocked()
	q.Live, q.Min, q.Max = a.isLiveLocked(), min, max
	return true
}

func (a *Aggregator) setLatencyProperty(l gst.ClockTime) {
	a.srcMu.Lock()
	changed := a.latency != l
	if changed {
		a.latency = l
		a.srcBroadcastLocked()
		for _, p := range a.AggregatorPads() {
			p.mu.Lock()
			p.cond.Broadcast()
			p.mu.Unlock()
		}
	}
	a.srcMu.Unlock()
	if changed {
		a.PostMessage(gst.NewLatencyMessage(a.Impl()))
	}
}

// SetProperty handles the Aggregator properties; elements with properties
// of their own chain up to it for names they do not know.
//
// GStreamer: gst_aggregator_set_property (libs/gst/base/gstaggregator.c).
func (a *Aggregator) SetProperty(name string, v any) error {
	switch name {
	case "latency":
		u, ok := v.(uint64)
		if !ok {
			return fmt.Errorf("latency: want uint64, got %T", v)
		}
		a.setLatencyProperty(gst.ClockTime(u))
	case "min-upstream-latency":
		u, ok := v.(uint64)
		if !ok {
			return fmt.Errorf("min-upstream-latency: want uint64, got %T", v)
		}
		a.srcMu.Lock()
		a.upstreamLatencyMin = gst.ClockTime(u)
		a.srcMu.Unlock()
	case "start-time-selection":
		i, ok := v.(int)
		if !ok {
			return fmt.Errorf("start-time-selection: want int, got %T", v)
		}
		a.mu.Lock()
		a.startTimeSelection = AggregatorStartTimeSelection(i)
		a.mu.Unlock()
	case "start-time":
		u, ok := v.(uint64)
		if !ok {
			return fmt.Errorf("start-time: want uint64, got %T", v)
		}
		a.mu.Lock()
		a.startTime = u
		a.mu.Unlock()
	case "emit-signals":
		b, ok := v.(bool)
		if !ok {
			return fmt.Errorf("emit-signals: want bool, got %T", v)
		}
		a.srcMu.Lock()
		a.emitSignals = b
		a.srcMu.Unlock()
	default:
		return gst.ErrUnknownProperty
	}
	return nil
}

// Property returns the value of an Aggregator property, nil for other
// names.
//
// GStreamer: gst_aggregator_get_property (libs/gst/base/gstaggregator.c).
func (a *Aggregator) Property(name string) any {
	switch name {
	case "latency":
		a.srcMu.Lock()
		defer a.srcMu.Unlock()
		return uint64(a.latency)
	case "min-upstream-latency":
		a.srcMu.Lock()
		defer a.srcMu.Unlock()
		return uint64(a.upstreamLatencyMin)
	case "start-time-selection":
		a.mu.Lock()
		defer a.mu.Unlock()
		return int(a.startTimeSelection)
	case "start-time":
		a.mu.Lock()
		defer a.mu.Unlock()
		return a.startTime
	case "emit-signals":
		a.srcMu.Lock()
		defer a.srcMu.Unlock()
		return a.emitSignals
	}
	return nil
}

// ConnectSamplesSelected registers fn, called by SelectedSamples while
// emit-signals is on.
//
// GStreamer: the GstAggregator "samples-selected" signal (libs/gst/base/gstaggregator.c).
func (a *Aggregator) ConnectSamplesSelected(fn func(seg *gst.Segment, pts, dts, duration gst.ClockTime, info *gst.Structure)) {
	a.srcMu.Lock()
	a.samplesSelected = append(a.samplesSelected, fn)
	a.srcMu.Unlock()
}

// SelectedSamples tells listeners which output the subclass is about to
// produce; subclasses call it from Aggregate. Called from the streaming
// thread.
//
// GStreamer: gst_aggregator_selected_samples (libs/gst/base/gstaggregator.c).
func (a *Aggregator) SelectedSamples(pts, dts, duration gst.ClockTime, info *gst.Structure) {
	a.srcMu.Lock()
	emit, fns := a.emitSignals, a.samplesSelected
	a.srcMu.Unlock()
	if !emit || len(fns) == 0 {
		return
	}
	seg := a.SrcSegment()
	for _, fn := range fns {
		fn(&seg, pts, dts, duration, info)
	}
}

// SrcSegment returns a copy of the output segment.
//
// GStreamer: GST_AGGREGATOR_PAD (agg->srcpad)->segment (libs/gst/base/gstaggregator.h).
func (a *Aggregator) SrcSegment() gst.Segment {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.srcSegment
}

// UpdateSegment replaces the output segment; a SEGMENT event is pushed
// before the next buffer. The start time selection no longer applies.
//
// GStreamer: gst_aggregator_update_segment (libs/gst/base/gstaggregator.c).
func (a *Aggregator) UpdateSegment(seg *gst.Segment) {
	a.mu.Lock()
	a.srcSegment = *seg
	a.sendSegment = true
	a.firstBuffer = false
	a.mu.Unlock()
}

// SimpleNextTime is a NextTime for subclasses whose output position is the
// src segment's position: its running time, clamped to the segment, or
// ClockTimeNone when the segment is not in TIME.
//
// GStreamer: gst_aggregator_simple_get_next_time (libs/gst/base/gstaggregator.c).
func (a *Aggregator) SimpleNextTime() gst.ClockTime {
	a.mu.Lock()
	defer a.mu.Unlock()
	seg := &a.srcSegment
	if seg.Format != gst.FormatTime {
		return gst.ClockTimeNone
	}
	next := seg.Position
	if next == ^uint64(0) || next < seg.Start {
		next = seg.Start
	}
	if seg.Stop != ^uint64(0) && next > seg.Stop {
		next = seg.Stop
	}
	return gst.ClockTime(seg.ToRunningTime(gst.FormatTime, next))
}

// ---- output ----

// pushMandatoryEvents is gst_aggregator_push_mandatory_events.
func (a *Aggregator) pushMandatoryEvents(upToCaps bool) {
	a.mu.Lock()
	sendSS := a.sendStreamStart
	a.sendStreamStart = false
	a.mu.Unlock()
	if sendSS {
		id := fmt.Sprintf("agg-%08x", gst.SeqnumNext())
		a.srcPad.PushEvent(gst.NewStreamStartEvent(id))
	}
	a.srcMu.Lock()
	caps := a.srccaps
	a.srccaps = nil
	a.srcMu.Unlock()
	if caps != nil {
		a.srcPad.PushEvent(gst.NewCapsEvent(caps))
	}
	if upToCaps {
		return
	}
	var seg *gst.SegmentEvent
	a.mu.Lock()
	if a.sendSegment && !a.flushing {
		seg = gst.NewSegmentEvent(&a.srcSegment)
		if a.seqnum == gst.SeqnumInvalid {
			a.seqnum = seg.Seqnum()
		} else {
			seg.SetSeqnum(a.seqnum)
		}
		a.sendSegment = false
	}
	a.mu.Unlock()
	if seg != nil {
		a.srcPad.PushEvent(seg)
	}
}

// SetSrcCaps sets the caps of the source pad; the CAPS event (after
// STREAM_START) is pushed now, unless caps equal the current caps.
//
// GStreamer: gst_aggregator_set_src_caps (libs/gst/base/gstaggregator.c).
func (a *Aggregator) SetSrcCaps(caps *gst.Caps) {
	a.srcPad.StreamLock()
	defer a.srcPad.StreamUnlock()
	a.setSrcCapsLocked(caps)
}

func (a *Aggregator) setSrcCapsLocked(caps *gst.Caps) {
	if caps != nil {
		if old := a.srcPad.CurrentCaps(); old != nil && caps.IsEqual(old) {
			return
		}
	}
	a.srcMu.Lock()
	a.srccaps = caps
	a.srcMu.Unlock()
	a.pushMandatoryEvents(true)
}

// FinishBuffer pushes buf downstream (taking ownership), after the
// STREAM_START, CAPS and SEGMENT events if they are pending. While
// flushing, or with an inactive source pad, buf is dropped and nil
// returned. Subclasses may override it and chain up. Called from the
// streaming thread (Aggregate).
//
// GStreamer: gst_aggregator_finish_buffer (libs/gst/base/gstaggregator.c).
func (a *Aggregator) FinishBuffer(buf *gst.Buffer) error {
	a.pushMandatoryEvents(false)
	a.mu.Lock()
	push := !a.flushing && a.srcPad.IsActive()
	a.mu.Unlock()
	if !push {
		buf.Unref()
		return nil
	}
	return a.srcPad.Push(buf)
}

// FinishBufferList is FinishBuffer for a buffer list.
//
// GStreamer: gst_aggregator_finish_buffer_list (libs/gst/base/gstaggregator.c).
func (a *Aggregator) FinishBufferList(list *gst.BufferList) error {
	a.pushMandatoryEvents(false)
	a.mu.Lock()
	push := !a.flushing && a.srcPad.IsActive()
	a.mu.Unlock()
	if !push {
		return nil
	}
	return a.srcPad.PushList(list)
}

// PushSrcEvent pushes a downstream event other than STREAM_START, CAPS,
// SEGMENT and EOS (which the base sends itself), after the pending
// mandatory events when it is serialized.
//
// GStreamer: gst_aggregator_push_src_event (libs/gst/base/gstaggregator.c).
func (a *Aggregator) PushSrcEvent(ev gst.Event) bool {
	switch t := ev.Type(); {
	case !t.IsDownstream(), t == gst.EventStreamStart, t == gst.EventCaps, t == gst.EventSegment, t == gst.EventEOS:
		return false
	case t.IsSerialized():
		a.pushMandatoryEvents(false)
	}
	return a.srcPad.PushEvent(ev)
}

func (a *Aggregator) pushEOS() {
	a.pushMandatoryEvents(false)
	ev := gst.NewEOSEvent()
	a.srcMu.Lock()
	a.mu.Lock()
	a.sendEOS = false
	if a.seqnum != gst.SeqnumInvalid {
		ev.SetSeqnum(a.seqnum)
	}
	a.mu.Unlock()
	a.srcMu.Unlock()
	a.srcPad.PushEvent(ev)
}

// ---- the aggregate loop ----

// checkPadsReady is gst_aggregator_check_pads_ready; srcMu held.
func (a *Aggregator) checkPadsReady() (ready, haveEventOrQuery bool) {
	live := a.isLiveLocked()
	ignore := a.ignoreInactivePads
	a.mu.Lock()
	defer a.mu.Unlock()
	if len(a.pads) == 0 {
		return false, false
	}
	haveBuffer := true
	nReady := 0
	for _, p := range a.pads {
		p.mu.Lock()
		top := p.data.oldest()
		if p.clipped == nil && top != nil && top.buf == nil {
			p.mu.Unlock()
			haveEventOrQuery = true
			break
		}
		if ignore && live && p.waitedOnce && p.firstBuffer && !p.eos {
			p.mu.Unlock()
			continue
		}
		if p.clipped == nil && top == nil {
			if !p.eos {
				haveBuffer = false
			} else {
				nReady++
			}
		} else if live {
			a.firstBuffer = false
			nReady++
		}
		p.mu.Unlock()
	}
	if ignore && live && nReady == 0 {
		return false, haveEventOrQuery
	}
	if haveEventOrQuery || !haveBuffer {
		return false, haveEventOrQuery
	}
	a.firstBuffer = false
	return true, false
}

func (a *Aggregator) nextTime() gst.ClockTime {
	if a.vNextTime != nil {
		return a.vNextTime.NextTime()
	}
	return gst.ClockTimeNone
}

// waitAndCheck is gst_aggregator_wait_and_check.
func (a *Aggregator) waitAndCheck() (ready, timeout bool) {
	a.srcMu.Lock()
	latency := a.latencyLocked()
	ready, evq := a.checkPadsReady()
	if ready {
		a.srcMu.Unlock()
		return true, false
	}
	if evq || !a.running || !a.sendEOS {
		a.srcMu.Unlock()
		return false, false
	}
	// The NOW start time selection of GStreamer 1.24 does not exist in 1.22.
	start := a.nextTime()
	clock := a.Clock()
	a.mu.Lock()
	waitCond := !latency.IsValid() || a.blocked || clock == nil || !start.IsValid() ||
		(a.firstBuffer && a.startTimeSelection == AggregatorStartTimeSelectionFirst)
	a.mu.Unlock()
	if waitCond {
		a.srcCond.Wait()
		if !a.running || !a.sendEOS {
			a.srcMu.Unlock()
			return false, false
		}
	} else {
		t := a.BaseTime() + start + latency
		id := clock.NewSingleShotID(t)
		a.aggregateID = id
		a.srcMu.Unlock()
		status, _ := id.Wait()
		a.srcMu.Lock()
		a.aggregateID = nil
		if !a.running || !a.sendEOS || a.blocked {
			a.srcMu.Unlock()
			return false, false
		}
		if status == gst.ClockOK || status == gst.ClockEarly {
			for _, p := range a.AggregatorPads() {
				p.mu.Lock()
				p.waitedOnce = true
				p.mu.Unlock()
			}
			a.srcMu.Unlock()
			return true, true
		}
	}
	ready, _ = a.checkPadsReady()
	a.srcMu.Unlock()
	return ready, false
}

// doEventsAndQueries is gst_aggregator_do_events_and_queries for one pad.
func (a *Aggregator) doEventsAndQueries(p *AggregatorPad) {
	for {
		var ev gst.Event
		var q gst.Query
		p.mu.Lock()
		if top := p.data.oldest(); p.clipped == nil && top != nil && top.buf == nil {
			if top.ev != nil {
				ev = top.ev
			} else {
				q = top.q
				p.queryInProcess = true
			}
		}
		p.mu.Unlock()
		if ev == nil && q == nil {
			return
		}
		if ev != nil {
			ret := a.vSinkEvent.SinkEvent(p, ev)
			p.mu.Lock()
			if ev.Type() == gst.EventCaps {
				p.negotiated = ret
			}
			if top := p.data.oldest(); top != nil && top.ev == ev {
				p.data.popOldest()
			}
		} else {
			ret := a.vSinkQuery.SinkQuery(p, q)
			p.mu.Lock()
			if top := p.data.oldest(); top != nil && top.q == q {
				p.answered, p.answeredRet = q, ret
				p.data.popOldest()
			}
			p.queryInProcess = false
		}
		p.cond.Broadcast()
		p.mu.Unlock()
	}
}

func (a *Aggregator) skipBuffers(p *AggregatorPad) {
	if a.vSkipBuffer == nil {
		return
	}
	p.mu.Lock()
	for {
		top := p.data.oldest()
		if top == nil || top.buf == nil || !a.vSkipBuffer.SkipBuffer(p, top.buf) {
			break
		}
		buf := p.data.popOldest().buf
		p.consumedLocked(buf, true)
		p.bufferConsumedPending = false
		buf.Unref()
	}
	p.mu.Unlock()
}

func (a *Aggregator) resetPeeked() {
	for _, p := range a.AggregatorPads() {
		p.mu.Lock()
		if p.peeked != nil {
			p.peeked.Unref()
			p.peeked = nil
		}
		p.mu.Unlock()
	}
}

// loop is gst_aggregator_loop.
func (a *Aggregator) loop() gst.FlowReturn {
	a.srcMu.Lock()
	if !a.running {
		a.srcMu.Unlock()
		return gst.FlowOK
	}
	flow := gst.FlowOK
	for a.sendEOS && a.running {
		a.srcMu.Unlock()
		flow = gst.FlowOK
		pads := a.AggregatorPads()
		for _, p := range pads {
			a.doEventsAndQueries(p)
		}
		a.srcMu.Lock()
		if a.isLiveLocked() {
			a.srcMu.Unlock()
			for _, p := range pads {
				a.skipBuffers(p)
			}
			a.srcMu.Lock()
		}
		if a.gotEOSEvent {
			a.gotEOSEvent = false
			a.srcMu.Unlock()
			a.pushEOS()
			a.srcMu.Lock()
			continue
		}
		a.srcMu.Unlock()

		ready, timeout := a.waitAndCheck()
		if !ready {
			a.resetPeeked()
			a.srcMu.Lock()
			continue
		}
		if a.srcPad.CheckReconfigure() {
			if !a.negotiateLocked() {
				a.srcPad.MarkReconfigure()
				if a.srcPad.IsFlushing() {
					flow = gst.FlowFlushing
				} else {
					flow = gst.FlowNotNegotiated
				}
			}
		}
		needData := false
		if timeout || flow >= gst.FlowOK {
			err := a.vAggregate.Aggregate(timeout)
			if errors.Is(err, ErrNeedData) {
				needData = true
			} else {
				flow = gst.FlowFromError(err)
				if gst.IsFatalFlow(err) && flow != gst.FlowNotNegotiated {
					a.PostFlowError(err)
				}
			}
		}
		a.resetPeeked()
		if needData {
			a.srcMu.Lock()
			continue
		}
		a.mu.Lock()
		if flow == gst.FlowFlushing && a.flushing {
			a.mu.Unlock()
			return gst.FlowFlushing
		}
		a.mu.Unlock()
		if flow == gst.FlowEOS || flow == gst.FlowError {
			a.pushEOS()
		}
		if flow == gst.FlowEOS {
			return gst.FlowEOS
		}
		if flow != gst.FlowOK {
			for _, p := range a.AggregatorPads() {
				p.setFlushing(flow, true)
			}
			a.srcMu.Lock()
			break
		}
		a.srcMu.Lock()
	}
	a.srcMu.Unlock()
	return flow
}

// aggregateFunc is gst_aggregator_aggregate_func: the task function, run
// under the source pad's stream lock.
func (a *Aggregator) aggregateFunc() {
	a.srcPad.StreamLock()
	defer a.srcPad.StreamUnlock()
	for {
		ret := a.loop()
		a.srcMu.Lock()
		if ret != gst.FlowEOS {
			break
		}
		pending := false
		for _, p := range a.AggregatorPads() {
			p.mu.Lock()
			pending = pending || p.streamStartPending
			p.mu.Unlock()
		}
		if !pending {
			break
		}
		a.resetFlowValues()
		a.sendEOS = true
		a.srcMu.Unlock()
	}
	a.taskMu.Lock()
	if a.task != nil {
		a.task.Pause()
	}
	a.taskMu.Unlock()
	a.srcMu.Unlock()
}

// startSrcPadTask is gst_aggregator_start_srcpad_task; srcMu held.
func (a *Aggregator) startSrcPadTask() {
	a.running = true
	a.taskMu.Lock()
	if a.task == nil {
		a.task = gst.NewTask(a.aggregateFunc, nil)
	}
	a.task.Start()
	a.taskMu.Unlock()
}

func (a *Aggregator) taskState() gst.TaskState {
	a.taskMu.Lock()
	defer a.taskMu.Unlock()
	if a.task == nil {
		return gst.TaskStopped
	}
	return a.task.State()
}

// stopSrcPadTask is gst_aggregator_stop_srcpad_task.
func (a *Aggregator) stopSrcPadTask(flushStart gst.Event) bool {
	a.srcMu.Lock()
	a.running = false
	a.srcBroadcastLocked()
	a.srcMu.Unlock()
	res := true
	if flushStart != nil {
		res = a.srcPad.PushEvent(flushStart)
	}
	a.taskMu.Lock()
	t := a.task
	a.task = nil
	if t != nil {
		t.Stop()
	}
	a.taskMu.Unlock()
	if t != nil && !t.IsCurrent() {
		a.srcPad.StreamLock()
		a.srcPad.StreamUnlock()
		t.Join()
	}
	return res
}

func (a *Aggregator) srcActivateMode(_ *gst.Pad, mode gst.PadMode, active bool) bool {
	if a.vSrcActivate != nil && !a.vSrcActivate.SrcActivate(mode, active) {
		return false
	}
	if active {
		if mode != gst.PadModePush {
			return false
		}
		a.srcMu.Lock()
		a.startSrcPadTask()
		a.srcMu.Unlock()
		return true
	}
	a.stopSrcPadTask(nil)
	return true
}

// ---- negotiation ----

// UpdateSrcCaps is the default caps update: caps (the downstream caps
// filtered by the src template) unchanged. Subclasses override it to
// return the caps they can output, or ErrNeedData to decide later.
//
// GStreamer: gst_aggregator_default_update_src_caps (libs/gst/base/gstaggregator.c).
func (a *Aggregator) UpdateSrcCaps(caps *gst.Caps) (*gst.Caps, error) { return caps, nil }

// FixateSrcCaps is the default fixation: caps.Fixate().
//
// GStreamer: gst_aggregator_default_fixate_src_caps (libs/gst/base/gstaggregator.c).
func (a *Aggregator) FixateSrcCaps(caps *gst.Caps) *gst.Caps { return caps.Fixate() }

// NegotiatedSrcCaps is called with the final output caps; the default
// accepts them.
//
// GStreamer: gst_aggregator_default_negotiated_src_caps (libs/gst/base/gstaggregator.c).
func (a *Aggregator) NegotiatedSrcCaps(caps *gst.Caps) bool { return true }

// Negotiate is the default negotiation: ask downstream for caps, let the
// subclass update and fixate them, set them on the source pad and run the
// allocation query. It reports false when negotiation failed.
//
// GStreamer: gst_aggregator_default_negotiate (libs/gst/base/gstaggregator.c).
func (a *Aggregator) Negotiate() bool {
	templ := a.srcPad.PadTemplateCaps()
	down := a.srcPad.PeerQueryCaps(templ)
	if down == nil || down.IsEmpty() {
		return false
	}
	var caps *gst.Caps
	var err error
	if a.vUpdateSrcCaps != nil {
		caps, err = a.vUpdateSrcCaps.UpdateSrcCaps(down)
	} else {
		caps, err = a.UpdateSrcCaps(down)
	}
	if errors.Is(err, ErrNeedData) {
		return true
	}
	if err != nil || caps == nil || caps.IsEmpty() {
		return false
	}
	if caps.IsAny() {
		return true
	}
	if !caps.IsFixed() {
		if a.vFixateSrcCaps != nil {
			caps = a.vFixateSrcCaps.FixateSrcCaps(caps)
		} else {
			caps = a.FixateSrcCaps(caps)
		}
		if caps == nil {
			return false
		}
	}
	if a.vNegotiatedCaps != nil && !a.vNegotiatedCaps.NegotiatedSrcCaps(caps) {
		return false
	}
	a.setSrcCapsLocked(caps)
	return a.prepareAllocator(caps)
}

// negotiateLocked is gst_aggregator_negotiate_unlocked; srcpad stream
// lock held.
func (a *Aggregator) negotiateLocked() bool {
	if a.vNegotiate != nil {
		return a.vNegotiate.Negotiate()
	}
	return a.Negotiate()
}

// prepareAllocator is gst_aggregator_default_prepare_allocator.
func (a *Aggregator) prepareAllocator(caps *gst.Caps) bool {
	q := gst.NewAllocationQuery(caps, true)
	a.srcPad.PeerQuery(q)
	if a.vDecideAlloc != nil && !a.vDecideAlloc.DecideAllocation(q) {
		return false
	}
	var pool *gst.BufferPool
	if len(q.Pools) > 0 {
		pool = q.Pools[0].Pool
	}
	a.setAllocator(pool, q)
	return true
}

func (a *Aggregator) setAllocator(pool *gst.BufferPool, q *gst.AllocationQuery) {
	a.mu.Lock()
	old := a.pool
	a.pool, a.allocQuery = pool, q
	a.mu.Unlock()
	if old != nil && old != pool {
		_ = old.SetActive(false)
	}
}

// BufferPool returns the pool negotiated with downstream, or nil.
//
// GStreamer: gst_aggregator_get_buffer_pool (libs/gst/base/gstaggregator.c).
func (a *Aggregator) BufferPool() *gst.BufferPool {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.pool
}

// ---- events ----

func (a *Aggregator) allFlushStopReceived(seqnum uint32) bool {
	for _, p := range a.pads {
		p.segMu.Lock()
		s := p.lastFlushStopSeqnum
		p.segMu.Unlock()
		if s != seqnum {
			return false
		}
	}
	return true
}

// flushStart is gst_aggregator_flush_start.
func (a *Aggregator) flushStart(p *AggregatorPad, ev gst.Event) {
	seqnum := ev.Seqnum()
	p.setFlushing(gst.FlowFlushing, false)
	p.flushMu.Lock()
	p.mu.Lock()
	p.lastFlushStartSeqnum = seqnum
	p.mu.Unlock()
	a.mu.Lock()
	all := true
	for _, q := range a.pads {
		q.mu.Lock()
		if q.lastFlushStartSeqnum != seqnum {
			all = false
		}
		q.mu.Unlock()
	}
	if !a.flushing && all {
		a.flushing = true
		a.nextSeqnum = seqnum
		a.mu.Unlock()
		a.stopSrcPadTask(ev)
	} else {
		a.mu.Unlock()
	}
	p.flushMu.Unlock()
}

// flush is gst_aggregator_flush.
func (a *Aggregator) flush() error {
	a.mu.Lock()
	a.sendSegment = true
	a.flushing = false
	a.mu.Unlock()
	if a.vFlush != nil {
		return a.vFlush.Flush()
	}
	return nil
}

// SinkEvent is the default handler of the events of a sink pad, called
// from the source pad task for serialized events (in order with the
// buffers) and from the pad's thread for the others: FLUSH_START starts
// flushing (FLUSH_START goes downstream once all pads got it), FLUSH_STOP
// is forwarded, EOS and STREAM_START update the pad's state, SEGMENT sets
// the pad segment, GAP becomes a GAP|DROPPABLE buffer, TAG is eaten and
// others are forwarded downstream. Subclasses override it and chain up.
//
// GStreamer: gst_aggregator_default_sink_event (libs/gst/base/gstaggregator.c).
func (a *Aggregator) SinkEvent(p *AggregatorPad, ev gst.Event) bool {
	switch e := ev.(type) {
	case *gst.FlushStartEvent:
		a.flushStart(p, ev)
		return true
	case *gst.FlushStopEvent:
		_ = a.flush()
		a.srcPad.PushEvent(ev)
		return true
	case *gst.EOSEvent:
		a.srcMu.Lock()
		p.mu.Lock()
		p.eos = true
		p.mu.Unlock()
		a.srcBroadcastLocked()
		a.srcMu.Unlock()
		return true
	case *gst.SegmentEvent:
		p.mu.Lock()
		p.segMu.Lock()
		p.segment = e.Segment
		p.tailPosition = gst.ClockTimeNone
		p.updateTimeLevel(false)
		p.segMu.Unlock()
		p.mu.Unlock()
		a.mu.Lock()
		a.seqnum = ev.Seqnum()
		a.mu.Unlock()
		return true
	case *gst.StreamStartEvent:
		a.srcMu.Lock()
		p.mu.Lock()
		p.eos = false
		p.streamStartPending = false
		p.mu.Unlock()
		a.srcBroadcastLocked()
		a.srcMu.Unlock()
		return true
	case *gst.GapEvent:
		return a.gapEvent(p, e)
	case *gst.ReconfigureEvent:
		a.srcMu.Lock()
		a.hasPeerLatency = false
		a.srcBroadcastLocked()
		a.srcMu.Unlock()
	case *gst.TagEvent:
		return true
	}
	return p.EventDefault(ev)
}

func (a *Aggregator) gapEvent(p *AggregatorPad, e *gst.GapEvent) bool {
	pts, dur := e.Timestamp, e.Duration
	end := gst.ClockTimeNone
	if dur.IsValid() {
		end = pts + dur
	}
	seg := p.Segment()
	if seg.Format != gst.FormatTime {
		return false
	}
	inside, cstart, cstop := seg.Clip(gst.FormatTime, uint64(pts), uint64(end))
	if !inside {
		return true
	}
	pts, end = gst.ClockTime(cstart), gst.ClockTime(cstop)
	if end.IsValid() && pts.IsValid() {
		dur = end - pts
	} else {
		dur = gst.ClockTimeNone
	}
	buf := gst.NewBuffer()
	buf.PTS = pts
	buf.Duration = dur
	buf.SetFlags(gst.BufferFlagGap | gst.BufferFlagDroppable)
	if e.Flags&gst.GapFlagMissingData != 0 {
		_ = buf.AddMeta(&AggregatorMissingDataMeta{})
	}
	p.mu.Lock()
	if top := p.data.oldest(); top != nil && top.ev == gst.Event(e) {
		p.data.popOldest()
	}
	p.mu.Unlock()
	return a.chainInternal(p, buf, false) == gst.FlowOK
}

// SinkEventPreQueue is the default first handler of sink pad events, in
// the pad's streaming thread: serialized events (but FLUSH_STOP) are
// queued for the source pad task, FLUSH_STOP completes a flush once all
// pads got it, other events go to SinkEvent at once.
//
// GStreamer: gst_aggregator_default_sink_event_pre_queue (libs/gst/base/gstaggregator.c).
func (a *Aggregator) SinkEventPreQueue(p *AggregatorPad, ev gst.Event) error {
	t := ev.Type()
	switch {
	case t.IsSerialized() && t != gst.EventFlushStop:
		a.srcMu.Lock()
		p.mu.Lock()
		if t == gst.EventStreamStart && a.running {
			p.flow = gst.FlowOK
			p.streamStartPending = true
			if a.taskState() == gst.TaskPaused {
				a.sendEOS = true
				a.resetFlowValues()
				a.startSrcPadTask()
			}
		}
		if p.flow != gst.FlowOK {
			flow := p.flow
			p.mu.Unlock()
			a.srcMu.Unlock()
			if t.IsSticky() {
				_ = p.StoreStickyEvent(ev)
			}
			return flow.Err()
		}
		if se, ok := ev.(*gst.SegmentEvent); ok {
			p.segMu.Lock()
			p.headSegment = se.Segment
			p.headPosition = gst.ClockTime(p.headSegment.Position)
			p.updateTimeLevel(true)
			p.segMu.Unlock()
		}
		p.data.pushNewest(aggItem{ev: ev})
		a.srcBroadcastLocked()
		p.mu.Unlock()
		a.srcMu.Unlock()
	case t == gst.EventFlushStop:
		seqnum := ev.Seqnum()
		p.flushMu.Lock()
		p.segMu.Lock()
		p.lastFlushStopSeqnum = seqnum
		p.segMu.Unlock()
		p.flush(a)
		a.mu.Lock()
		if a.flushing && a.allFlushStopReceived(seqnum) {
			a.flushing = false
			a.mu.Unlock()
			a.srcPad.StreamLock()
			a.srcMu.Lock()
			p.mu.Lock()
			p.data.pushNewest(aggItem{ev: ev})
			p.mu.Unlock()
			a.startSrcPadTask()
			a.sendEOS = true
			a.gotEOSEvent = false
			a.srcBroadcastLocked()
			a.srcMu.Unlock()
			a.srcPad.StreamUnlock()
		} else {
			a.mu.Unlock()
		}
		p.flushMu.Unlock()
	default:
		if !a.vSinkEvent.SinkEvent(p, ev) {
			return gst.ErrFlowError
		}
	}
	return nil
}

// SinkQuery is the default handler of sink pad queries: ALLOCATION goes
// to ProposeAllocation (once the pad is negotiated), others to the pad's
// default handler. Called from the source pad task for serialized queries.
//
// GStreamer: gst_aggregator_default_sink_query (libs/gst/base/gstaggregator.c).
func (a *Aggregator) SinkQuery(p *AggregatorPad, q gst.Query) bool {
	if aq, ok := q.(*gst.AllocationQuery); ok {
		a.mu.Lock()
		p.mu.Lock()
		negotiated := p.negotiated
		decide := a.allocQuery
		p.mu.Unlock()
		a.mu.Unlock()
		if !negotiated {
			return false
		}
		if a.vProposeAlloc != nil {
			return a.vProposeAlloc.ProposeAllocation(p, decide, aq)
		}
		return false
	}
	return p.QueryDefault(q)
}

// SinkQueryPreQueue is the default first handler of sink pad queries, in
// the pad's streaming thread: serialized queries are queued and answered
// by the source pad task (the caller blocks until then or until the pad
// flushes); others go to SinkQuery at once.
//
// GStreamer: gst_aggregator_default_sink_query_pre_queue (libs/gst/base/gstaggregator.c).
func (a *Aggregator) SinkQueryPreQueue(p *AggregatorPad, q gst.Query) bool {
	if !q.Type().IsSerialized() {
		return a.vSinkQuery.SinkQuery(p, q)
	}
	a.srcMu.Lock()
	p.mu.Lock()
	if p.flow != gst.FlowOK {
		p.mu.Unlock()
		a.srcMu.Unlock()
		return false
	}
	p.data.pushNewest(aggItem{q: q})
	a.srcBroadcastLocked()
	a.srcMu.Unlock()
	for (!p.isQueueEmpty() && p.flow == gst.FlowOK) || p.queryInProcess {
		p.cond.Wait()
	}
	ret := false
	if p.answered == q {
		ret = p.answeredRet
		p.answered = nil
	} else {
		p.data.filter(func(it *aggItem) bool { return it.q != q })
	}
	if p.flow != gst.FlowOK {
		ret = false
	}
	p.mu.Unlock()
	return ret
}

// forwardToSinkPads sends ev to the peers of all sink pads (only pads
// that had a buffer when onlyActive); a failed seek counts as success when
// the peer is not seekable. It reports the combined result and whether
// any peer took the event.
//
// GStreamer: gst_aggregator_forward_event_to_all_sinkpads (libs/gst/base/gstaggregator.c).
func (a *Aggregator) forwardToSinkPads(ev gst.Event, onlyActive bool) (result, oneSeeked bool) {
	result = true
	for _, p := range a.AggregatorPads() {
		peer := p.Peer()
		ok := true
		if peer != nil {
			p.mu.Lock()
			first := p.firstBuffer
			p.mu.Unlock()
			if !(onlyActive && first) {
				ok = peer.SendEvent(ev)
			}
		}
		if !ok {
			if _, isSeek := ev.(*gst.SeekEvent); isSeek {
				sq := gst.NewSeekingQuery(gst.FormatTime)
				if peer.Query(sq) && !sq.Seekable {
					ok = true
				}
			}
		} else {
			oneSeeked = true
		}
		result = result && ok
	}
	return result, oneSeeked
}

// doSeek is gst_aggregator_do_seek.
func (a *Aggregator) doSeek(ev *gst.SeekEvent) bool {
	flush := ev.Flags&gst.SeekFlagFlush != 0
	a.mu.Lock()
	if ev.Seqnum() == a.nextSeqnum {
		a.mu.Unlock()
		return true
	}
	a.nextSeqnum = ev.Seqnum()
	start, stop := uint64(ev.Start), uint64(ev.Stop)
	_, _ = a.srcSegment.DoSeek(ev.Rate, ev.Format, ev.Flags, ev.StartType, start, ev.StopType, stop)
	a.firstBuffer = false
	if flush {
		a.flushing = true
	}
	seqnum := a.nextSeqnum
	a.mu.Unlock()
	if flush {
		fs := gst.NewFlushStartEvent()
		fs.SetSeqnum(seqnum)
		a.stopSrcPadTask(fs)
	}
	result, one := a.forwardToSinkPads(ev, false)
	if !result || !one {
		a.mu.Lock()
		a.flushing = false
		a.mu.Unlock()
		if flush {
			fs := gst.NewFlushStopEvent(true)
			fs.SetSeqnum(seqnum)
			a.srcPad.PushEvent(fs)
		}
	}
	return result
}

// SrcEvent is the default handler of events on the source pad: SEEK is
// forwarded to every sink pad (a flushing seek sends FLUSH_START
// downstream once and stops the task), NAVIGATION is refused, RECONFIGURE
// is eaten, QOS goes only to pads that had data, others to all pads.
//
// GStreamer: gst_aggregator_default_src_event (libs/gst/base/gstaggregator.c).
func (a *Aggregator) SrcEvent(ev gst.Event) bool {
	switch e := ev.(type) {
	case *gst.SeekEvent:
		return a.doSeek(e)
	case *gst.NavigationEvent:
		return false
	case *gst.ReconfigureEvent:
		return true
	}
	_, isQoS := ev.(*gst.QoSEvent)
	res, _ := a.forwardToSinkPads(ev, isQoS)
	return res
}

// SrcQuery is the default handler of queries on the source pad: SEEKING
// answers not seekable, LATENCY combines upstream latency with the
// latency property and SetLatency, others use the pad default.
//
// GStreamer: gst_aggregator_default_src_query (libs/gst/base/gstaggregator.c).
func (a *Aggregator) SrcQuery(q gst.Query) bool {
	switch q := q.(type) {
	case *gst.SeekingQuery:
		q.Seekable, q.SegmentStart, q.SegmentEnd = false, 0, -1
		return true
	case *gst.LatencyQuery:
		a.srcMu.Lock()
		defer a.srcMu.Unlock()
		return a.queryLatencyLocked(q)
	}
	return a.srcPad.QueryDefault(q)
}

// SendEvent handles events sent to the element: a SEEK before PAUSED
// only configures the output segment, an EOS makes the task push EOS;
// then the default element handling applies.
//
// GStreamer: gst_aggregator_send_event (libs/gst/base/gstaggregator.c).
func (a *Aggregator) SendEvent(ev gst.Event) bool {
	if s, ok := ev.(*gst.SeekEvent); ok && a.CurrentState() < gst.StatePaused {
		a.mu.Lock()
		_, _ = a.srcSegment.DoSeek(s.Rate, s.Format, s.Flags, s.StartType, uint64(s.Start), s.StopType, uint64(s.Stop))
		a.nextSeqnum = s.Seqnum()
		a.firstBuffer = false
		a.mu.Unlock()
	}
	if _, ok := ev.(*gst.EOSEvent); ok {
		a.srcMu.Lock()
		a.gotEOSEvent = true
		a.srcBroadcastLocked()
		a.srcMu.Unlock()
	}
	return a.ElementBase.SendEvent(ev)
}

// ---- data ----

// hasSpace is gst_aggregator_pad_has_space; srcMu, mu and p.mu held.
func (a *Aggregator) hasSpace(p *AggregatorPad) bool {
	if p.numBuffers == 0 && p.clipped == nil {
		return true
	}
	if a.isLiveLocked() && p.numBuffers < 2 {
		return true
	}
	maxLevel := a.latency + a.subLatencyMin + a.peerLatencyMin
	if maxLevel == 0 {
		return false
	}
	return p.timeLevel <= maxLevel
}

// chainInternal is gst_aggregator_pad_chain_internal.
func (a *Aggregator) chainInternal(p *AggregatorPad, buf *gst.Buffer, head bool) gst.FlowReturn {
	p.mu.Lock()
	if flow := p.flow; flow != gst.FlowOK {
		p.mu.Unlock()
		buf.Unref()
		return flow
	}
	p.mu.Unlock()
	pts, dur := buf.PTS, buf.Duration
	for {
		a.srcMu.Lock()
		a.mu.Lock()
		p.mu.Lock()
		if p.firstBuffer {
			a.hasPeerLatency = false
			p.firstBuffer = false
		}
		if (!head || a.hasSpace(p)) && p.flow == gst.FlowOK {
			if head {
				p.data.pushNewest(aggItem{buf: buf})
			} else {
				p.data.pushOldest(aggItem{buf: buf})
			}
			p.applyBuffer(buf, head)
			p.numBuffers++
			p.numBytes += uint64(buf.Size())
			a.srcBroadcastLocked()
			break
		}
		if flow := p.flow; flow != gst.FlowOK {
			a.mu.Unlock()
			a.srcMu.Unlock()
			p.mu.Unlock()
			buf.Unref()
			return flow
		}
		a.mu.Unlock()
		a.srcMu.Unlock()
		p.cond.Wait()
		p.mu.Unlock()
	}
	if a.firstBuffer {
		start := gst.ClockTimeNone
		switch a.startTimeSelection {
		case AggregatorStartTimeSelectionFirst:
			p.segMu.Lock()
			hs := &p.headSegment
			if hs.Format == gst.FormatTime {
				start = pts
				if start.IsValid() {
					if hs.Rate < 0 && dur.IsValid() {
						start += dur
					}
					start = max(start, gst.ClockTime(hs.Start))
					start = gst.ClockTime(hs.ToRunningTime(gst.FormatTime, uint64(start)))
				}
			} else {
				start = 0
			}
			p.segMu.Unlock()
		case AggregatorStartTimeSelectionSet:
			start = gst.ClockTime(a.startTime)
			if !start.IsValid() {
				start = 0
			}
		default:
			start = 0
		}
		if start.IsValid() {
			if a.srcSegment.Position == ^uint64(0) {
				a.srcSegment.Position = uint64(start)
			} else {
				a.srcSegment.Position = min(uint64(start), a.srcSegment.Position)
			}
		}
	}
	p.mu.Unlock()
	a.mu.Unlock()
	a.srcMu.Unlock()
	return gst.FlowOK
}

// ---- pads ----

// CreateNewPad is the default pad creation for request templates: a new
// AggregatorPad named after tmpl ("sink_%u" → "sink_0", "sink_1"...),
// or the requested name when it matches. It returns nil for other
// templates or names. Subclasses override it to return their own pads.
//
// GStreamer: gst_aggregator_default_create_new_pad (libs/gst/base/gstaggregator.c).
func (a *Aggregator) CreateNewPad(tmpl *gst.PadTemplate, name string, caps *gst.Caps) *AggregatorPad {
	if tmpl.Direction != gst.PadSink || tmpl.Presence != gst.PadRequest {
		return nil
	}
	nt := tmpl.NameTemplate
	pct := strings.LastIndexByte(nt, '%')
	if pct < 0 {
		if name == "" {
			name = nt
		}
		return NewAggregatorPad(tmpl, name)
	}
	if suffix := nt[pct:]; suffix != "%u" && suffix != "%d" {
		return nil
	}
	prefix := nt[:pct]
	a.mu.Lock()
	defer a.mu.Unlock()
	var serial int
	switch {
	case name == "" || name == nt:
		a.maxPadSerial++
		serial = a.maxPadSerial
	case strings.HasPrefix(name, prefix):
		n, err := strconv.ParseUint(name[pct:], 10, 32)
		if err != nil {
			return nil
		}
		serial = int(n)
		if serial > a.maxPadSerial {
			a.maxPadSerial = serial
		}
	default:
		return nil
	}
	return NewAggregatorPad(tmpl, prefix+strconv.Itoa(serial))
}

// RequestNewPad creates a sink pad through CreateNewPad and adds it.
//
// GStreamer: gst_aggregator_request_new_pad (libs/gst/base/gstaggregator.c).
func (a *Aggregator) RequestNewPad(tmpl *gst.PadTemplate, name string, caps *gst.Caps) *gst.Pad {
	var p *AggregatorPad
	if a.vCreateNewPad != nil {
		p = a.vCreateNewPad.CreateNewPad(tmpl, name, caps)
	} else {
		p = a.CreateNewPad(tmpl, name, caps)
	}
	if p == nil {
		return nil
	}
	if err := a.addSinkPad(p); err != nil {
		return nil
	}
	return &p.Pad
}

// ReleasePad flushes and removes a requested sink pad.
//
// GStreamer: gst_aggregator_release_pad (libs/gst/base/gstaggregator.c).
func (a *Aggregator) ReleasePad(pad *gst.Pad) {
	p := a.AggregatorPadOf(pad)
	if p == nil {
		_ = a.RemovePad(pad)
		return
	}
	a.srcMu.Lock()
	p.setFlushing(gst.FlowFlushing, true)
	p.mu.Lock()
	if p.peeked != nil {
		p.peeked.Unref()
		p.peeked = nil
	}
	if p.clipped != nil {
		p.clipped.Unref()
		p.clipped = nil
	}
	p.mu.Unlock()
	a.removeFromList(p)
	a.hasPeerLatency = false
	a.srcBroadcastLocked()
	a.srcMu.Unlock()
	_ = a.RemovePad(pad)
}

// ---- state ----

func (a *Aggregator) start() error {
	a.srcMu.Lock()
	a.sendEOS = true
	a.gotEOSEvent = false
	a.srccaps = nil
	a.hasPeerLatency = false
	a.peerLatencyLive = false
	a.peerLatencyMin, a.peerLatencyMax = 0, 0
	a.blocked = true
	a.srcMu.Unlock()
	a.mu.Lock()
	a.sendStreamStart = true
	a.sendSegment = true
	a.mu.Unlock()
	a.setAllocator(nil, nil)
	if a.vStart != nil {
		return a.vStart.Start()
	}
	return nil
}

func (a *Aggregator) stop() error {
	a.resetFlowValues()
	for _, p := range a.AggregatorPads() {
		p.flush(a)
		p.mu.Lock()
		p.flow = gst.FlowFlushing
		p.negotiated = false
		p.cond.Broadcast()
		p.mu.Unlock()
	}
	var err error
	if a.vStop != nil {
		err = a.vStop.Stop()
	}
	a.srcMu.Lock()
	a.hasPeerLatency = false
	a.peerLatencyLive = false
	a.peerLatencyMin, a.peerLatencyMax = 0, 0
	a.postedLatencyMsg = false
	a.blocked = false
	running := a.running
	a.srcMu.Unlock()
	a.setAllocator(nil, nil)
	if running {
		a.stopSrcPadTask(nil)
	}
	return err
}

// ChangeState calls Start on READY→PAUSED, wakes the task on
// PAUSED↔PLAYING (clock waits start or stop) and flushes every pad and
// calls Stop on PAUSED→READY. With SetForceLive, READY→PAUSED and
// PLAYING→PAUSED return NO_PREROLL. Elements that override it chain up.
//
// GStreamer: gst_aggregator_change_state (libs/gst/base/gstaggregator.c).
func (a *Aggregator) ChangeState(tr gst.StateChange) gst.StateChangeReturn {
	switch tr {
	case gst.StateChangeReadyToPaused:
		if err := a.start(); err != nil {
			a.PostError(err, "start failed")
			return gst.StateChangeFailure
		}
	case gst.StateChangePausedToPlaying:
		a.srcMu.Lock()
		a.blocked = false
		a.srcBroadcastLocked()
		a.srcMu.Unlock()
	}
	ret := a.ElementBase.ChangeState(tr)
	if ret == gst.StateChangeFailure {
		return ret
	}
	switch tr {
	case gst.StateChangePausedToReady:
		_ = a.stop()
	case gst.StateChangePlayingToPaused, gst.StateChangeReadyToPaused:
		if tr == gst.StateChangePlayingToPaused {
			a.srcMu.Lock()
			a.blocked = true
			a.srcBroadcastLocked()
			a.srcMu.Unlock()
		}
		if a.ForceLive() {
			ret = gst.StateChangeNoPreroll
		}
	}
	return ret
}

// ---- missing-data meta ----

var aggMissingDataMetaInfo = sync.OnceValue(func() *gst.MetaInfo {
	_ = gst.RegisterMetaAPI("GstAggregatorMissingDataMetaAPI")
	info, err := gst.RegisterMeta(&gst.MetaInfo{API: "GstAggregatorMissingDataMetaAPI", Impl: "GstAggregatorMissingDataMeta"})
	if err != nil {
		return &gst.MetaInfo{API: "GstAggregatorMissingDataMetaAPI", Impl: "GstAggregatorMissingDataMeta"}
	}
	return info
})

// AggregatorMissingDataMeta marks a GAP buffer made from a GAP event with
// the MISSING_DATA flag: the data was lost rather than absent.
//
// GStreamer: the "GstAggregatorMissingDataMeta" custom meta (libs/gst/base/gstaggregator.c).
type AggregatorMissingDataMeta struct {
	gst.MetaBase
}

// MetaInfo returns the registered info of the meta.
//
// GStreamer: gst_meta_get_info ("GstAggregatorMissingDataMeta") (gst/gstmeta.c).
func (*AggregatorMissingDataMeta) MetaInfo() *gst.MetaInfo { return aggMissingDataMetaInfo() }
