package base

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/gstmini/gstmini/gst"
)

// ErrDropped is returned by TransformBuffer, TransformIP or PrepareOutputBuffer
// to drop the current buffer silently: nothing is pushed and the chain
// function returns nil.
//
// GStreamer: GST_BASE_TRANSFORM_FLOW_DROPPED (libs/gst/base/gstbasetransform.h).
var ErrDropped = errors.New("base: buffer dropped by transform")

// The optional virtual methods of a Transform subclass, found once by
// interface assertion on the outer element in Constructed.
type (
	xfTransform interface {
		TransformBuffer(in, out *gst.Buffer) error
	}
	xfTransformIP interface {
		TransformIP(buf *gst.Buffer) error
	}
	xfTransformCaps interface {
		TransformCaps(dir gst.PadDirection, caps, filter *gst.Caps) *gst.Caps
	}
	xfFixateCaps interface {
		FixateCaps(dir gst.PadDirection, caps, othercaps *gst.Caps) *gst.Caps
	}
	xfSetCaps interface {
		SetCaps(in, out *gst.Caps) error
	}
	xfTransformSize interface {
		TransformSize(dir gst.PadDirection, caps *gst.Caps, size uint, othercaps *gst.Caps) (uint, bool)
	}
	xfPrepareOutputBuffer interface {
		PrepareOutputBuffer(in *gst.Buffer) (*gst.Buffer, error)
	}
	xfSinkEvent interface{ SinkEvent(ev gst.Event) bool }
	xfSrcEvent  interface{ SrcEvent(ev gst.Event) bool }
	xfStart     interface{ Start() error }
	xfStop      interface{ Stop() error }
	xfAccept    interface {
		AcceptCaps(dir gst.PadDirection, caps *gst.Caps) bool
	}
	xfSinkQuery interface{ SinkQuery(q gst.Query) bool }
	xfSrcQuery  interface{ SrcQuery(q gst.Query) bool }
)

var qosParamSpec = gst.ParamBool("qos", "QoS", "Handle Quality-of-Service events", false, gst.ParamReadWrite)

// TransformProperties returns the properties of every Transform element:
// "qos" (bool, default false). Append them to the class's Properties.
//
// GStreamer: the GstBaseTransform "qos" property (libs/gst/base/gstbasetransform.c).
func TransformProperties() []*gst.ParamSpec { return []*gst.ParamSpec{qosParamSpec} }

// Transform is the base of filters with one sink pad and one source pad
// that turn each input buffer into at most one output buffer.
//
// The copy-mode method is TransformBuffer, not Transform: a struct that
// embeds Transform cannot also have a method named Transform.
//
// Embed it in the element struct; the class must have pad templates named
// "sink" and "src". The element implements the virtual methods it needs as
// ordinary methods; Constructed finds them on the outer element:
//
//	TransformBuffer(in, out *gst.Buffer) error // copy mode
//	TransformIP(buf *gst.Buffer) error         // in-place mode
//	TransformCaps(dir, caps, filter) *gst.Caps // default: identity
//	FixateCaps(dir, caps, othercaps) *gst.Caps // default: othercaps.Fixate()
//	SetCaps(in, out *gst.Caps) error
//	TransformSize(dir, caps, size, othercaps) (uint, bool) // default: same size
//	PrepareOutputBuffer(in) (*gst.Buffer, error)
//	SinkEvent(ev) bool, SrcEvent(ev) bool      // defaults: the methods below
//	SinkQuery(q) bool, SrcQuery(q) bool
//	AcceptCaps(dir, caps) bool
//	Start() error, Stop() error                 // READY→PAUSED, PAUSED→READY
//
// Modes: passthrough pushes the input unchanged (SetPassthrough, or
// automatically with SetPassthroughOnSameCaps when input and output caps
// are equal); in-place (an element with only TransformIP, or SetInPlace)
// makes the buffer writable and calls TransformIP; copy mode allocates an
// output buffer (from the negotiated pool or of TransformSize bytes),
// copies flags and timestamps and calls TransformBuffer. Returning ErrDropped
// drops the buffer. Events are forwarded by default; the CAPS event is
// replaced by the negotiated output caps.
//
// GStreamer: GstBaseTransform (libs/gst/base/gstbasetransform.c).
type Transform struct {
	gst.ElementBase

	sinkPad, srcPad *gst.Pad

	// vfuncs of the outer element
	vTransform   xfTransform
	vTransformIP xfTransformIP
	vCaps        xfTransformCaps
	vFixate      xfFixateCaps
	vSetCaps     xfSetCaps
	vSize        xfTransformSize
	vPrepare     xfPrepareOutputBuffer
	vSinkEvent   xfSinkEvent
	vSrcEvent    xfSrcEvent
	vStart       xfStart
	vStop        xfStop
	vAccept      xfAccept
	vSinkQuery   xfSinkQuery
	vSrcQuery    xfSrcQuery

	mu                    sync.Mutex // settings and QoS values
	passthrough           bool
	passthroughHint       atomic.Bool // mirrors passthrough for the lock-free fast path
	alwaysInPlace         bool
	passthroughOnSameCaps bool
	ipOnPassthrough       bool
	gapAware              bool
	preferPassthrough     bool
	qos                   bool
	proportion            float64
	earliestTime          gst.ClockTime

	// streaming state, under the sink pad's stream lock
	negotiated bool
	discont    bool
	segment    gst.Segment
	pool       *gst.BufferPool
	processed  uint64
	dropped    uint64
}

// Constructed creates the "sink" and "src" pads from the class templates,
// finds the subclass's virtual methods on the outer element and sets the
// defaults (in-place when only TransformIP exists; passthrough when
// neither TransformBuffer nor TransformIP exists). Elements that override it
// must call it first.
//
// GStreamer: gst_base_transform_init and gst_base_transform_class_init
// (libs/gst/base/gstbasetransform.c).
func (t *Transform) Constructed() error {
	outer := any(t.Impl())
	if outer == nil {
		outer = t
	}
	t.vTransform, _ = outer.(xfTransform)
	t.vTransformIP, _ = outer.(xfTransformIP)
	t.vCaps, _ = outer.(xfTransformCaps)
	t.vFixate, _ = outer.(xfFixateCaps)
	t.vSetCaps, _ = outer.(xfSetCaps)
	t.vSize, _ = outer.(xfTransformSize)
	t.vPrepare, _ = outer.(xfPrepareOutputBuffer)
	t.vSinkEvent, _ = outer.(xfSinkEvent)
	t.vSrcEvent, _ = outer.(xfSrcEvent)
	t.vStart, _ = outer.(xfStart)
	t.vStop, _ = outer.(xfStop)
	t.vAccept, _ = outer.(xfAccept)
	t.vSinkQuery, _ = outer.(xfSinkQuery)
	t.vSrcQuery, _ = outer.(xfSrcQuery)

	class := t.Class()
	var sinkT, srcT *gst.PadTemplate
	if class != nil {
		for _, pt := range class.PadTemplates {
			switch {
			case pt.NameTemplate == "sink" && pt.Direction == gst.PadSink:
				sinkT = pt
			case pt.NameTemplate == "src" && pt.Direction == gst.PadSrc:
				srcT = pt
			}
		}
	}
	if sinkT == nil || srcT == nil {
		return errors.New("base.Transform: the class needs pad templates \"sink\" and \"src\"")
	}
	t.sinkPad = gst.NewPadFromTemplate(sinkT, "sink")
	t.srcPad = gst.NewPadFromTemplate(srcT, "src")
	t.sinkPad.SetChainFunc(t.chain)
	t.sinkPad.SetEventFunc(func(_ *gst.Pad, ev gst.Event) bool { return t.vSinkEvent.SinkEvent(ev) })
	t.srcPad.SetEventFunc(func(_ *gst.Pad, ev gst.Event) bool { return t.vSrcEvent.SrcEvent(ev) })
	t.sinkPad.SetQueryFunc(func(_ *gst.Pad, q gst.Query) bool { return t.vSinkQuery.SinkQuery(q) })
	t.srcPad.SetQueryFunc(func(_ *gst.Pad, q gst.Query) bool { return t.vSrcQuery.SrcQuery(q) })
	if err := t.AddPad(t.sinkPad); err != nil {
		return err
	}
	if err := t.AddPad(t.srcPad); err != nil {
		return err
	}
	t.segment.Init(gst.FormatTime)
	t.earliestTime = gst.ClockTimeNone
	t.proportion = 1.0
	t.alwaysInPlace = t.vTransform == nil && t.vTransformIP != nil
	t.passthrough = t.vTransform == nil && t.vTransformIP == nil
	t.passthroughHint.Store(t.passthrough)
	return nil
}

// SinkPad returns the "sink" pad.
//
// GStreamer: GST_BASE_TRANSFORM_SINK_PAD (libs/gst/base/gstbasetransform.h).
func (t *Transform) SinkPad() *gst.Pad { return t.sinkPad }

// SrcPad returns the "src" pad.
//
// GStreamer: GST_BASE_TRANSFORM_SRC_PAD (libs/gst/base/gstbasetransform.h).
func (t *Transform) SrcPad() *gst.Pad { return t.srcPad }

// SetPassthrough sets passthrough mode: buffers are pushed unchanged
// (TransformIP is still called when SetTransformIPOnPassthrough is on).
// Safe for concurrent use.
//
// GStreamer: gst_base_transform_set_passthrough (libs/gst/base/gstbasetransform.c).
func (t *Transform) SetPassthrough(on bool) {
	t.mu.Lock()
	if !on && t.vTransform == nil && t.vTransformIP == nil {
		on = true // nothing else is possible
	}
	t.passthrough = on
	t.passthroughHint.Store(t.passthrough)
	t.mu.Unlock()
}

// IsPassthrough reports whether passthrough mode is on. Safe for
// concurrent use.
//
// GStreamer: gst_base_transform_is_passthrough (libs/gst/base/gstbasetransform.c).
func (t *Transform) IsPassthrough() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.passthrough
}

// SetInPlace chooses in-place mode (TransformIP on the input buffer) over
// copy mode when the element has TransformIP. Safe for concurrent use.
//
// GStreamer: gst_base_transform_set_in_place (libs/gst/base/gstbasetransform.c).
func (t *Transform) SetInPlace(on bool) {
	t.mu.Lock()
	if on && t.vTransformIP == nil {
		on = false
	} else if !on && t.vTransform == nil {
		on = t.vTransformIP != nil
	}
	t.alwaysInPlace = on
	t.mu.Unlock()
}

// IsInPlace reports whether in-place mode is on. Safe for concurrent use.
//
// GStreamer: gst_base_transform_is_in_place (libs/gst/base/gstbasetransform.c).
func (t *Transform) IsInPlace() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.alwaysInPlace
}

// SetPassthroughOnSameCaps makes the element switch to passthrough
// automatically whenever the negotiated input and output caps are equal
// (the class-level passthrough_on_same_caps of GStreamer). Call it in
// Constructed. Safe for concurrent use.
//
// GStreamer: GstBaseTransformClass.passthrough_on_same_caps (libs/gst/base/gstbasetransform.h).
func (t *Transform) SetPassthroughOnSameCaps(on bool) {
	t.mu.Lock()
	t.passthroughOnSameCaps = on
	t.mu.Unlock()
}

// PassthroughOnSameCaps reports the setting made by
// SetPassthroughOnSameCaps. Safe for concurrent use.
//
// GStreamer: GstBaseTransformClass.passthrough_on_same_caps (libs/gst/base/gstbasetransform.h).
func (t *Transform) PassthroughOnSameCaps() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.passthroughOnSameCaps
}

// SetTransformIPOnPassthrough makes passthrough mode still call
// TransformIP (on a buffer that may not be writable: the element may only
// read it or change metadata it owns). Safe for concurrent use.
//
// GStreamer: GstBaseTransformClass.transform_ip_on_passthrough (libs/gst/base/gstbasetransform.h).
func (t *Transform) SetTransformIPOnPassthrough(on bool) {
	t.mu.Lock()
	t.ipOnPassthrough = on
	t.mu.Unlock()
}

// SetGapAware says whether the element understands GAP buffers; when not
// (the default) the GAP flag is cleared on output buffers of copy mode.
// Safe for concurrent use.
//
// GStreamer: gst_base_transform_set_gap_aware (libs/gst/base/gstbasetransform.c).
func (t *Transform) SetGapAware(on bool) {
	t.mu.Lock()
	t.gapAware = on
	t.mu.Unlock()
}

// SetPreferPassthrough says whether caps that allow passthrough are
// preferred during negotiation (default true in GStreamer; recorded for
// subclasses, the identity default transform already prefers it). Safe for
// concurrent use.
//
// GStreamer: gst_base_transform_set_prefer_passthrough (libs/gst/base/gstbasetransform.c).
func (t *Transform) SetPreferPassthrough(on bool) {
	t.mu.Lock()
	t.preferPassthrough = on
	t.mu.Unlock()
}

// SetQoSEnabled turns QoS handling on or off (the "qos" property): when
// on, buffers whose running time is at or before the earliest time
// computed from the last QoS event are dropped and a QoS message is
// posted. Safe for concurrent use.
//
// GStreamer: gst_base_transform_set_qos_enabled (libs/gst/base/gstbasetransform.c).
func (t *Transform) SetQoSEnabled(on bool) {
	t.mu.Lock()
	t.qos = on
	t.mu.Unlock()
}

// IsQoSEnabled reports whether QoS handling is on. Safe for concurrent
// use.
//
// GStreamer: gst_base_transform_is_qos_enabled (libs/gst/base/gstbasetransform.c).
func (t *Transform) IsQoSEnabled() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.qos
}

// UpdateQoS records the values of a QoS event: buffers with a running time
// at or before timestamp+diff are late. Safe for concurrent use.
//
// GStreamer: gst_base_transform_update_qos (libs/gst/base/gstbasetransform.c).
func (t *Transform) UpdateQoS(proportion float64, diff gst.ClockTimeDiff, timestamp gst.ClockTime) {
	t.mu.Lock()
	t.proportion = proportion
	t.earliestTime = gst.ClockTime(int64(timestamp) + int64(diff))
	t.mu.Unlock()
}

// ReconfigureSrc marks the source pad for renegotiation: before the next
// buffer the output caps are searched again.
//
// GStreamer: gst_base_transform_reconfigure_src (libs/gst/base/gstbasetransform.c).
func (t *Transform) ReconfigureSrc() { t.srcPad.MarkReconfigure() }

// ReconfigureSink sends a RECONFIGURE event upstream so that upstream
// renegotiates.
//
// GStreamer: gst_base_transform_reconfigure_sink (libs/gst/base/gstbasetransform.c).
func (t *Transform) ReconfigureSink() { t.sinkPad.PushEvent(gst.NewReconfigureEvent()) }

// Segment returns a copy of the current input segment. Called from the
// streaming thread.
//
// GStreamer: GstBaseTransform.segment (libs/gst/base/gstbasetransform.h).
func (t *Transform) Segment() *gst.Segment { return t.segment.Copy() }

// SetProperty handles the "qos" property; elements with properties of
// their own chain up to it for names they do not know.
//
// GStreamer: gst_base_transform_set_property (libs/gst/base/gstbasetransform.c).
func (t *Transform) SetProperty(name string, value any) error {
	if name == "qos" {
		v, ok := value.(bool)
		if !ok {
			return fmt.Errorf("qos: want bool, got %T", value)
		}
		t.SetQoSEnabled(v)
		return nil
	}
	return gst.ErrUnknownProperty
}

// Property returns the value of the "qos" property, nil for other names.
//
// GStreamer: gst_base_transform_get_property (libs/gst/base/gstbasetransform.c).
func (t *Transform) Property(name string) any {
	if name == "qos" {
		return t.IsQoSEnabled()
	}
	return nil
}

// ChangeState calls Start before the pads are activated on READY→PAUSED
// and Stop after they are deactivated on PAUSED→READY, and resets the
// streaming state. Elements that override it chain up.
//
// GStreamer: gst_base_transform_activate (libs/gst/base/gstbasetransform.c).
func (t *Transform) ChangeState(tr gst.StateChange) gst.StateChangeReturn {
	if tr == gst.StateChangeReadyToPaused {
		t.resetStreaming()
		if t.vStart != nil {
			if err := t.vStart.Start(); err != nil {
				t.PostError(err, "start failed")
				return gst.StateChangeFailure
			}
		}
	}
	ret := t.ElementBase.ChangeState(tr)
	if ret == gst.StateChangeFailure {
		return ret
	}
	if tr == gst.StateChangePausedToReady {
		if t.vStop != nil {
			if err := t.vStop.Stop(); err != nil {
				t.PostError(err, "stop failed")
				return gst.StateChangeFailure
			}
		}
		t.sinkPad.StreamLock()
		t.negotiated = false
		t.setPool(nil)
		t.sinkPad.StreamUnlock()
	}
	return ret
}

func (t *Transform) resetStreaming() {
	t.sinkPad.StreamLock()
	t.segment.Init(gst.FormatTime)
	t.negotiated = false
	t.discont = false
	t.processed, t.dropped = 0, 0
	t.sinkPad.StreamUnlock()
	t.mu.Lock()
	t.proportion = 1.0
	t.earliestTime = gst.ClockTimeNone
	t.mu.Unlock()
}

func (t *Transform) setPool(p *gst.BufferPool) {
	if t.pool != nil && t.pool != p {
		_ = t.pool.SetActive(false)
	}
	t.pool = p
}

// ---- caps ----

// TransformCaps is the default caps transform: the identity, intersected
// with filter when one is given. dir is the direction of the pad caps
// belong to.
//
// GStreamer: gst_base_transform_default_transform_caps (libs/gst/base/gstbasetransform.c).
func (t *Transform) TransformCaps(dir gst.PadDirection, caps, filter *gst.Caps) *gst.Caps {
	if filter != nil {
		return intersectFirst(filter, caps)
	}
	return caps
}

// FixateCaps is the default fixation: othercaps.Fixate().
//
// GStreamer: gst_base_transform_default_fixate_caps (libs/gst/base/gstbasetransform.c).
func (t *Transform) FixateCaps(dir gst.PadDirection, caps, othercaps *gst.Caps) *gst.Caps {
	return othercaps.Fixate()
}

func (t *Transform) transformCaps(dir gst.PadDirection, caps, filter *gst.Caps) *gst.Caps {
	if caps == nil {
		return nil
	}
	if t.vCaps != nil {
		return t.vCaps.TransformCaps(dir, caps, filter)
	}
	return t.TransformCaps(dir, caps, filter)
}

func (t *Transform) otherPad(p *gst.Pad) *gst.Pad {
	if p == t.srcPad {
		return t.sinkPad
	}
	return t.srcPad
}

// queryCaps answers a CAPS query on pad from the peer of the other pad.
func (t *Transform) queryCaps(pad *gst.Pad, filter *gst.Caps) *gst.Caps {
	other := t.otherPad(pad)
	templ := pad.PadTemplateCaps()
	otempl := other.PadTemplateCaps()
	var peerFilter *gst.Caps
	if filter != nil {
		tmp := intersectFirst(filter, templ)
		peerFilter = t.transformCaps(pad.Direction(), tmp, nil)
		if peerFilter != nil {
			peerFilter = intersectFirst(peerFilter, otempl)
		}
	}
	peerCaps := other.PeerQueryCaps(peerFilter)
	if peerCaps == nil {
		if filter != nil {
			return intersectFirst(filter, templ)
		}
		return templ
	}
	tmp := intersectFirst(peerCaps, otempl)
	caps := t.transformCaps(other.Direction(), tmp, filter)
	if caps == nil {
		return gst.NewCapsEmpty()
	}
	caps = intersectFirst(caps, templ)
	if peerFilter != nil {
		first := intersectFirst(peerCaps, caps)
		if !first.IsEmpty() {
			caps = first.Merge(caps)
		}
	}
	return caps
}

// AcceptCaps is the default accept-caps check: caps must intersect the
// template of the pad of direction dir and transform into something the
// other pad's template allows.
//
// GStreamer: gst_base_transform_acceptcaps_default (libs/gst/base/gstbasetransform.c).
func (t *Transform) AcceptCaps(dir gst.PadDirection, caps *gst.Caps) bool {
	pad := t.sinkPad
	if dir == gst.PadSrc {
		pad = t.srcPad
	}
	if caps == nil || !caps.CanIntersect(pad.PadTemplateCaps()) {
		return false
	}
	other := t.otherPad(pad)
	ocaps := t.transformCaps(dir, caps, nil)
	if ocaps == nil {
		return false
	}
	return !intersectFirst(ocaps, other.PadTemplateCaps()).IsEmpty()
}

// findTransform finds the fixed caps on the source pad for input caps.
func (t *Transform) findTransform(caps *gst.Caps) (*gst.Caps, error) {
	other := t.srcPad
	peer := other.Peer()
	othercaps := t.transformCaps(gst.PadSink, caps, nil)
	if othercaps != nil && !othercaps.IsEmpty() {
		othercaps = intersectFirst(othercaps, other.PadTemplateCaps())
	}
	if othercaps == nil || othercaps.IsEmpty() {
		return nil, fmt.Errorf("%s: cannot transform %s", t.Name(), caps)
	}
	if !othercaps.IsFixed() && peer != nil {
		othercaps = peer.QueryCaps(othercaps)
	}
	if othercaps == nil || othercaps.IsEmpty() {
		return nil, fmt.Errorf("%s: downstream accepts none of the transforms of %s", t.Name(), caps)
	}
	if t.vFixate != nil {
		othercaps = t.vFixate.FixateCaps(gst.PadSink, caps, othercaps)
	} else {
		othercaps = t.FixateCaps(gst.PadSink, caps, othercaps)
	}
	if othercaps == nil || !othercaps.IsFixed() {
		return nil, fmt.Errorf("%s: could not fixate %s", t.Name(), othercaps)
	}
	if peer != nil && !peer.QueryAcceptCaps(othercaps) {
		return nil, fmt.Errorf("%s: downstream does not accept %s", t.Name(), othercaps)
	}
	return othercaps, nil
}

// setCaps negotiates for input caps incaps: finds the output caps, lets
// the subclass configure itself, pushes the output caps and sets up
// allocation. Called with the stream lock held.
func (t *Transform) setCaps(incaps *gst.Caps) error {
	prevOut := t.srcPad.CurrentCaps()
	outcaps, err := t.findTransform(incaps)
	if err != nil {
		return err
	}
	t.mu.Lock()
	if t.passthroughOnSameCaps {
		t.passthrough = incaps == outcaps || incaps.IsEqual(outcaps)
		t.passthroughHint.Store(t.passthrough)
	}
	if !t.passthroughOnSameCaps && t.vTransform == nil && t.vTransformIP == nil {
		t.passthrough = true
		t.passthroughHint.Store(t.passthrough)
	}
	t.mu.Unlock()
	if t.vSetCaps != nil {
		if err := t.vSetCaps.SetCaps(incaps, outcaps); err != nil {
			return err
		}
	}
	if prevOut == nil || !(prevOut == outcaps || outcaps.IsEqual(prevOut)) {
		if !t.srcPad.PushEvent(gst.NewCapsEvent(outcaps)) && t.srcPad.CurrentCaps() == nil {
			return fmt.Errorf("%s: could not set caps %s on the source pad", t.Name(), outcaps)
		}
	}
	t.decideAllocation(outcaps)
	return nil
}

// decideAllocation asks downstream for a buffer pool for copy mode.
func (t *Transform) decideAllocation(outcaps *gst.Caps) {
	t.mu.Lock()
	noPool := t.passthrough || (t.alwaysInPlace && t.vTransformIP != nil)
	t.mu.Unlock()
	if noPool {
		t.setPool(nil)
		return
	}
	q := gst.NewAllocationQuery(outcaps, true)
	var pool *gst.BufferPool
	if t.srcPad.PeerQuery(q) {
		for _, p := range q.Pools {
			if p.Pool != nil {
				cfg := p.Pool.Config()
				cfg.Caps = outcaps
				if p.Size > 0 {
					cfg.Size = p.Size
				}
				cfg.MinBuffers, cfg.MaxBuffers = p.MinBuffers, p.MaxBuffers
				if cfg.Size > 0 && p.Pool.SetConfig(cfg) == nil {
					pool = p.Pool
				}
				break
			}
		}
	}
	t.setPool(pool)
}

// ---- events ----

// SinkEvent is the default handler of events arriving on the sink pad:
// CAPS negotiates (and is replaced by the output caps), SEGMENT is
// recorded, FLUSH_STOP resets QoS; everything is forwarded downstream.
// Subclasses override it and chain up. Called from the streaming thread
// for serialized events.
//
// GStreamer: gst_base_transform_sink_eventfunc (libs/gst/base/gstbasetransform.c).
func (t *Transform) SinkEvent(ev gst.Event) bool {
	switch e := ev.(type) {
	case *gst.FlushStopEvent:
		t.mu.Lock()
		t.proportion = 1.0
		t.earliestTime = gst.ClockTimeNone
		t.mu.Unlock()
		t.discont = false
		t.segment.Init(gst.FormatTime)
	case *gst.CapsEvent:
		if err := t.setCaps(e.Caps); err != nil {
			t.negotiated = false
			return false
		}
		t.negotiated = true
		return true
	case *gst.SegmentEvent:
		e.Segment.CopyInto(&t.segment)
	}
	return t.srcPad.PushEvent(ev)
}

// SrcEvent is the default handler of events arriving on the source pad:
// QOS updates the QoS values; everything is forwarded upstream.
// Subclasses override it and chain up.
//
// GStreamer: gst_base_transform_src_eventfunc (libs/gst/base/gstbasetransform.c).
func (t *Transform) SrcEvent(ev gst.Event) bool {
	if q, ok := ev.(*gst.QoSEvent); ok {
		t.UpdateQoS(q.Proportion, q.Diff, q.Timestamp)
	}
	return t.sinkPad.PushEvent(ev)
}

// ---- queries ----

func (t *Transform) query(pad *gst.Pad, q gst.Query) bool {
	switch q := q.(type) {
	case *gst.CapsQuery:
		q.Result = t.queryCaps(pad, q.Filter)
		return true
	case *gst.AcceptCapsQuery:
		if t.vAccept != nil {
			q.Result = t.vAccept.AcceptCaps(pad.Direction(), q.Caps)
		} else {
			q.Result = t.AcceptCaps(pad.Direction(), q.Caps)
		}
		return true
	case *gst.AllocationQuery:
		if pad != t.sinkPad {
			return false
		}
		if t.IsPassthrough() {
			return t.srcPad.PeerQuery(q)
		}
		return true
	}
	return pad.QueryDefault(q)
}

// SinkQuery is the default handler of queries on the sink pad: CAPS and
// ACCEPT_CAPS through TransformCaps, ALLOCATION proxied downstream in
// passthrough; others go to the default pad handler (forwarded).
//
// GStreamer: gst_base_transform_default_query (libs/gst/base/gstbasetransform.c).
func (t *Transform) SinkQuery(q gst.Query) bool { return t.query(t.sinkPad, q) }

// SrcQuery is SinkQuery for the source pad.
//
// GStreamer: gst_base_transform_default_query (libs/gst/base/gstbasetransform.c).
func (t *Transform) SrcQuery(q gst.Query) bool { return t.query(t.srcPad, q) }

// ---- data ----

// TransformSize is the default size transform: the output has the size of
// the input.
//
// GStreamer: gst_base_transform_default_transform_size (libs/gst/base/gstbasetransform.c).
func (t *Transform) TransformSize(dir gst.PadDirection, caps *gst.Caps, size uint, othercaps *gst.Caps) (uint, bool) {
	return size, true
}

// PrepareOutputBuffer is the default output allocation: the input in
// passthrough; the input (made writable) in in-place mode; otherwise a
// buffer from the negotiated pool or of TransformSize bytes, with the
// input's flags and timestamps copied (the GAP flag cleared unless the
// element is gap-aware). Takes no ownership of in. Called from the
// streaming thread.
//
// GStreamer: default_prepare_output_buffer (libs/gst/base/gstbasetransform.c).
func (t *Transform) PrepareOutputBuffer(in *gst.Buffer) (*gst.Buffer, error) {
	if t.passthroughHint.Load() {
		return in, nil
	}
	t.mu.Lock()
	passthrough, inPlace, gapAware := t.passthrough, t.alwaysInPlace && t.vTransformIP != nil, t.gapAware
	t.mu.Unlock()
	if passthrough {
		return in, nil
	}
	var out *gst.Buffer
	if t.pool != nil {
		if !t.pool.IsActive() {
			if err := t.pool.SetActive(true); err != nil {
				return nil, gst.NewFlowError(gst.FlowError, "%s: failed to activate buffer pool: %v", t.Name(), err)
			}
		}
		b, err := t.pool.AcquireBuffer(nil)
		if err != nil {
			return nil, err
		}
		out = b
	} else {
		if inPlace {
			if in.IsWritable() {
				return in, nil
			}
			return in.Copy(), nil
		}
		incaps, outcaps := t.sinkPad.CurrentCaps(), t.srcPad.CurrentCaps()
		insize := uint(in.Size())
		outsize := insize
		if outcaps == nil {
			return nil, gst.NewFlowError(gst.FlowNotNegotiated, "%s: no output caps", t.Name())
		}
		if incaps != outcaps {
			var ok bool
			if t.vSize != nil {
				outsize, ok = t.vSize.TransformSize(gst.PadSink, incaps, insize, outcaps)
			} else {
				outsize, ok = t.TransformSize(gst.PadSink, incaps, insize, outcaps)
			}
			if !ok {
				return nil, gst.NewFlowError(gst.FlowError, "%s: could not compute the output size for %d bytes", t.Name(), insize)
			}
		}
		out = gst.NewBufferAllocate(int(outsize))
	}
	if err := gst.CopyInto(out, in, gst.BufferCopyBufferFlags|gst.BufferCopyTimestamps, 0, -1); err != nil {
		return nil, gst.NewFlowError(gst.FlowError, "%s: copying metadata: %v", t.Name(), err)
	}
	if !gapAware {
		out.UnsetFlags(gst.BufferFlagGap)
	}
	return out, nil
}

func (t *Transform) chain(_ *gst.Pad, in *gst.Buffer) error {
	if t.srcPad.CheckReconfigure() {
		if incaps := t.sinkPad.CurrentCaps(); incaps != nil {
			if err := t.setCaps(incaps); err != nil {
				t.srcPad.MarkReconfigure()
				in.Unref()
				if t.srcPad.IsFlushing() {
					return gst.ErrFlushing
				}
				return gst.NewFlowError(gst.FlowNotNegotiated, "%v", err)
			}
		}
	}
	if in.HasFlags(gst.BufferFlagDiscont) {
		t.discont = true
	}
	// One critical section per buffer for the settings (the push path
	// takes as few locks as possible).
	t.mu.Lock()
	passthrough, ipOnPass := t.passthrough, t.ipOnPassthrough
	inPlace := t.alwaysInPlace && t.vTransformIP != nil
	qos, earliest, proportion := t.qos, t.earliestTime, t.proportion
	t.mu.Unlock()
	if qos && t.qosDrop(in, earliest, proportion) {
		in.Unref()
		return nil
	}
	t.processed++

	if !t.negotiated && !passthrough && t.vSetCaps != nil {
		in.Unref()
		return gst.NewFlowError(gst.FlowNotNegotiated, "%s: not negotiated", t.Name())
	}
	var out *gst.Buffer
	var err error
	switch {
	case t.vPrepare != nil:
		out, err = t.vPrepare.PrepareOutputBuffer(in)
	case passthrough:
		out = in // what the default PrepareOutputBuffer does, without its lock
	default:
		out, err = t.PrepareOutputBuffer(in)
	}
	if err == nil && out == nil {
		err = gst.NewFlowError(gst.FlowError, "%s: no output buffer", t.Name())
	}
	if err != nil {
		in.Unref()
		return t.dropped0(err)
	}
	if out == in && !passthrough && inPlace {
		out = out.MakeWritable()
		in = out
	}
	switch {
	case passthrough:
		if ipOnPass && t.vTransformIP != nil {
			err = t.vTransformIP.TransformIP(out)
		}
	case inPlace:
		err = t.vTransformIP.TransformIP(out)
	case t.vTransform != nil:
		err = t.vTransform.TransformBuffer(in, out)
	default:
		err = gst.NewFlowError(gst.FlowNotSupported, "%s: no transform function", t.Name())
	}
	if out != in {
		in.Unref()
	}
	if err != nil {
		out.Unref()
		return t.dropped0(err)
	}
	if t.discont {
		if !out.HasFlags(gst.BufferFlagDiscont) {
			out = out.MakeWritable()
			out.SetFlags(gst.BufferFlagDiscont)
		}
		t.discont = false
	}
	return t.srcPad.Push(out)
}

// dropped0 turns ErrDropped into nil (and marks the next buffer discont
// as GStreamer does for dropped buffers).
func (t *Transform) dropped0(err error) error {
	if errors.Is(err, ErrDropped) {
		t.discont = true
		return nil
	}
	return err
}

// qosDrop reports whether in is late according to the last QoS event and
// posts the QoS message for it.
func (t *Transform) qosDrop(in *gst.Buffer, earliest gst.ClockTime, proportion float64) bool {
	if t.segment.Format != gst.FormatTime || !in.PTS.IsValid() {
		return false
	}
	rt := gst.ClockTime(t.segment.ToRunningTime(gst.FormatTime, uint64(in.PTS)))
	if !rt.IsValid() || !earliest.IsValid() || rt > earliest {
		return false
	}
	t.dropped++
	st := gst.ClockTime(t.segment.ToStreamTime(gst.FormatTime, uint64(in.PTS)))
	msg := gst.NewQoSMessage(t.Impl(), false, rt, st, in.PTS, in.Duration)
	msg.Jitter = int64(earliest) - int64(rt)
	msg.Proportion = proportion
	msg.Quality = 1000000
	msg.Format = gst.FormatBuffers
	msg.Processed, msg.Dropped = t.processed, t.dropped
	t.PostMessage(msg)
	t.discont = true
	return true
}

// intersectFirst intersects a and b keeping a's order; ANY on either side
// (or nil b) returns the other unchanged, without a copy.
func intersectFirst(a, b *gst.Caps) *gst.Caps {
	switch {
	case b == nil || b.IsAny():
		return a
	case a == nil:
		return b
	case a.IsAny():
		return b
	}
	return a.IntersectFull(b, gst.CapsIntersectFirst)
}
