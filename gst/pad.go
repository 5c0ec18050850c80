package gst

import (
	"fmt"
	"sync"
	"sync/atomic"
)

// PadDirection is the direction of a pad: data leaves a source pad and enters
// a sink pad.
//
// GStreamer: GstPadDirection (gst/gstpad.h).
type PadDirection int

// The pad directions.
//
// GStreamer: GST_PAD_UNKNOWN, GST_PAD_SRC, GST_PAD_SINK (gst/gstpad.h).
const (
	PadUnknown PadDirection = 0
	PadSrc     PadDirection = 1
	PadSink    PadDirection = 2
)

// String returns "unknown", "src" or "sink".
//
// GStreamer: none (the GEnum nicks of GstPadDirection).
func (d PadDirection) String() string {
	switch d {
	case PadSrc:
		return "src"
	case PadSink:
		return "sink"
	}
	return "unknown"
}

// PadFlags are the state flags of a pad.
//
// GStreamer: GstPadFlags (gst/gstpad.h).
type PadFlags uint32

// The pad flags, with GStreamer's bit values.
//
// GStreamer: GST_PAD_FLAG_* (gst/gstpad.h).
const (
	PadFlagBlocked         PadFlags = 1 << 4  // has blocking probes
	PadFlagFlushing        PadFlags = 1 << 5  // refuses data
	PadFlagEOS             PadFlags = 1 << 6  // received or sent EOS
	PadFlagBlocking        PadFlags = 1 << 7  // a thread is blocked in a probe
	PadFlagNeedParent      PadFlags = 1 << 8  // functions need a parent
	PadFlagNeedReconfigure PadFlags = 1 << 9  // renegotiate before the next buffer
	PadFlagPendingEvents   PadFlags = 1 << 10 // sticky events must be pushed
	PadFlagFixedCaps       PadFlags = 1 << 11 // caps query answers the current caps
	PadFlagProxyCaps       PadFlags = 1 << 12 // caps queries are proxied to internal links
	PadFlagProxyAllocation PadFlags = 1 << 13 // allocation queries are proxied
	PadFlagProxyScheduling PadFlags = 1 << 14 // scheduling queries are proxied
	PadFlagAcceptIntersect PadFlags = 1 << 15 // accept-caps uses can-intersect instead of is-subset
	PadFlagAcceptTemplate  PadFlags = 1 << 16 // accept-caps checks the template instead of a caps query
)

// PadLinkReturn is the result of linking two pads.
//
// GStreamer: GstPadLinkReturn (gst/gstpad.h).
type PadLinkReturn int

// The link results.
//
// GStreamer: GST_PAD_LINK_* (gst/gstpad.h).
const (
	PadLinkOK             PadLinkReturn = 0
	PadLinkWrongHierarchy PadLinkReturn = -1
	PadLinkWasLinked      PadLinkReturn = -2
	PadLinkWrongDirection PadLinkReturn = -3
	PadLinkNoFormat       PadLinkReturn = -4
	PadLinkNoSched        PadLinkReturn = -5
	PadLinkRefused        PadLinkReturn = -6
)

// String returns the name as gst_pad_link_get_name ("ok", "was linked", ...).
//
// GStreamer: gst_pad_link_get_name (gst/gstpad.c).
func (r PadLinkReturn) String() string {
	switch r {
	case PadLinkOK:
		return "ok"
	case PadLinkWrongHierarchy:
		return "wrong hierarchy"
	case PadLinkWasLinked:
		return "was linked"
	case PadLinkWrongDirection:
		return "wrong direction"
	case PadLinkNoFormat:
		return "no common format"
	case PadLinkNoSched:
		return "incompatible scheduling"
	case PadLinkRefused:
		return "refused"
	}
	return "unknown"
}

// PadLinkCheck selects the checks done when linking.
//
// GStreamer: GstPadLinkCheck (gst/gstpad.h).
type PadLinkCheck uint32

// The link checks.
//
// GStreamer: GST_PAD_LINK_CHECK_* (gst/gstpad.h).
const (
	PadLinkCheckNothing       PadLinkCheck = 0
	PadLinkCheckHierarchy     PadLinkCheck = 1 << 0
	PadLinkCheckTemplateCaps  PadLinkCheck = 1 << 1
	PadLinkCheckCaps          PadLinkCheck = 1 << 2
	PadLinkCheckNoReconfigure PadLinkCheck = 1 << 3
	PadLinkCheckDefault                    = PadLinkCheckHierarchy | PadLinkCheckCaps
)

// Pad function types. Functions are set once, before the pad is used, and
// are called without any pad lock held.

// ChainFunc receives a buffer on a sink pad in push mode. It is called with
// the pad's stream lock held and takes ownership of buf. It returns nil
// (GST_FLOW_OK) or a flow error.
//
// GStreamer: GstPadChainFunction (gst/gstpad.h).
type ChainFunc func(pad *Pad, buf *Buffer) error

// ChainListFunc receives a buffer list on a sink pad. Without one, lists are
// pushed buffer by buffer through the ChainFunc.
//
// GStreamer: GstPadChainListFunction (gst/gstpad.h).
type ChainListFunc func(pad *Pad, list *BufferList) error

// GetRangeFunc produces size bytes at offset on a source pad in pull mode.
//
// GStreamer: GstPadGetRangeFunction (gst/gstpad.h).
type GetRangeFunc func(pad *Pad, offset uint64, size uint) (*Buffer, error)

// EventFunc handles an event arriving on the pad and reports whether it was
// handled.
//
// GStreamer: GstPadEventFunction (gst/gstpad.h).
type EventFunc func(pad *Pad, ev Event) bool

// EventFullFunc is like EventFunc but returns a flow error.
//
// GStreamer: GstPadEventFullFunction (gst/gstpad.h).
type EventFullFunc func(pad *Pad, ev Event) error

// QueryFunc answers a query on the pad, filling in its result, and reports
// whether it answered.
//
// GStreamer: GstPadQueryFunction (gst/gstpad.h).
type QueryFunc func(pad *Pad, q Query) bool

// ActivateFunc chooses the scheduling mode when the pad is activated; it
// usually calls ActivateMode.
//
// GStreamer: GstPadActivateFunction (gst/gstpad.h).
type ActivateFunc func(pad *Pad) bool

// ActivateModeFunc is told that the pad is (de)activated in a mode, e.g. to
// start or stop a task.
//
// GStreamer: GstPadActivateModeFunction (gst/gstpad.h).
type ActivateModeFunc func(pad *Pad, mode PadMode, active bool) bool

// LinkFunc is called when the pad is linked to peer.
//
// GStreamer: GstPadLinkFunction (gst/gstpad.h).
type LinkFunc func(pad, peer *Pad) PadLinkReturn

// UnlinkFunc is called when the pad is unlinked.
//
// GStreamer: GstPadUnlinkFunction (gst/gstpad.h).
type UnlinkFunc func(pad *Pad)

// IterIntLinkFunc returns the pads internally linked to pad (where its data
// goes inside the element).
//
// GStreamer: GstPadIterIntLinkFunction (gst/gstpad.h).
type IterIntLinkFunc func(pad *Pad) []*Pad

// padEvent is one stored sticky event.
type padEvent struct {
	ev       Event
	order    uint32
	received bool
}

// Pad is a connection point of an element: a source pad pushes buffers and
// downstream events to its linked peer sink pad, which hands them to its
// element through the chain and event functions. Pads are created from a
// PadTemplate (or with NewPad), added to an element with
// ElementBase.AddPad, linked with Link and activated by the element's state
// change.
//
// All methods are safe for concurrent use unless stated otherwise.
//
// GStreamer: GstPad (gst/gstpad.c).
type Pad struct {
	ObjectBase

	mu         sync.Mutex // the object lock
	blockCond  sync.Cond  // GST_PAD_BLOCK_WAIT, on mu
	actCond    sync.Cond  // activation_cond, on mu
	streamLock recMutex   // GST_PAD_STREAM_LOCK, recursive

	direction  PadDirection
	template   *PadTemplate
	flags      PadFlags
	reconfHint atomic.Bool // NEED_RECONFIGURE may be set (see CheckReconfigure)
	mode       PadMode
	peer       *Pad

	peerCookie   uint32
	inActivation bool
	events       []padEvent
	probes       []*padProbe // copied on write
	probeCookie  uint32
	numBlocked   int
	idleRunning  int
	using        int
	lastFlow     FlowReturn
	offset       int64

	chainFunc        ChainFunc
	chainListFunc    ChainListFunc
	getRangeFunc     GetRangeFunc
	eventFunc        EventFunc
	eventFullFunc    EventFullFunc
	queryFunc        QueryFunc
	activateFunc     ActivateFunc
	activateModeFunc ActivateModeFunc
	linkFunc         LinkFunc
	unlinkFunc       UnlinkFunc
	iterIntLinkFunc  IterIntLinkFunc

	task *Task

	// ElementPrivate is free for the owning element (e.g. per-pad state of
	// a muxer or tee). The pad never touches it.
	//
	// GStreamer: GstPad.element_private (gst/gstpad.h).
	ElementPrivate any
}

func (p *Pad) pad() *Pad { return p }

// NewPad returns a new inactive, flushing pad with the given name and
// direction and no template.
//
// GStreamer: gst_pad_new (gst/gstpad.c).
func NewPad(name string, dir PadDirection) *Pad {
	p := &Pad{}
	p.initPad(name, dir, nil)
	return p
}

// NewPadFromTemplate returns a new pad whose name, direction and template
// caps come from tmpl. An empty name uses the template's name template.
//
// GStreamer: gst_pad_new_from_template (gst/gstpad.c).
func NewPadFromTemplate(tmpl *PadTemplate, name string) *Pad {
	if name == "" {
		name = tmpl.NameTemplate
	}
	p := &Pad{}
	p.initPad(name, tmpl.Direction, tmpl)
	return p
}

// InitPad initialises a Pad embedded in another struct (such as a GhostPad).
// Call it once before using the pad.
//
// GStreamer: gst_pad_init (gst/gstpad.c).
func (p *Pad) InitPad(name string, dir PadDirection, tmpl *PadTemplate) {
	p.initPad(name, dir, tmpl)
}

func (p *Pad) initPad(name string, dir PadDirection, tmpl *PadTemplate) {
	p.name = name
	p.typeName = "GstPad"
	p.direction = dir
	p.template = tmpl
	p.flags = PadFlagFlushing
	p.lastFlow = FlowFlushing
	p.blockCond.L = &p.mu
	p.actCond.L = &p.mu
	p.eventFunc = (*Pad).EventDefault
	p.queryFunc = (*Pad).QueryDefault
}

// Direction returns the pad's direction.
//
// GStreamer: gst_pad_get_direction (gst/gstpad.c).
func (p *Pad) Direction() PadDirection { return p.direction }

// PadTemplate returns the template the pad was created from, or nil.
//
// GStreamer: gst_pad_get_pad_template (gst/gstpad.c).
func (p *Pad) PadTemplate() *PadTemplate { return p.template }

// PadTemplateCaps returns the caps of the pad's template, or ANY without a
// template.
//
// GStreamer: gst_pad_get_pad_template_caps (gst/gstpad.c).
func (p *Pad) PadTemplateCaps() *Caps {
	if p.template != nil && p.template.Caps != nil {
		return p.template.Caps
	}
	return NewCapsAny()
}

// ParentElement returns the element the pad belongs to, or nil.
//
// GStreamer: gst_pad_get_parent_element (gst/gstpad.c).
func (p *Pad) ParentElement() Element {
	e, _ := p.Parent().(Element)
	return e
}

// Flags returns the current pad flags.
//
// GStreamer: GST_OBJECT_FLAGS (gst/gstobject.h).
func (p *Pad) Flags() PadFlags {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.flags
}

// SetFlags sets the given flags (typically FixedCaps, ProxyCaps,
// AcceptIntersect...).
//
// GStreamer: GST_OBJECT_FLAG_SET (gst/gstobject.h).
func (p *Pad) SetFlags(f PadFlags) {
	p.mu.Lock()
	p.flags |= f
	if f&PadFlagNeedReconfigure != 0 {
		p.reconfHint.Store(true)
	}
	p.mu.Unlock()
}

// UnsetFlags clears the given flags.
//
// GStreamer: GST_OBJECT_FLAG_UNSET (gst/gstobject.h).
func (p *Pad) UnsetFlags(f PadFlags) {
	p.mu.Lock()
	p.flags &^= f
	p.mu.Unlock()
}

// UseFixedCaps makes caps queries answer the negotiated caps once set.
//
// GStreamer: gst_pad_use_fixed_caps (gst/gstpad.c).
func (p *Pad) UseFixedCaps() { p.SetFlags(PadFlagFixedCaps) }

// Setters for the pad functions. Call them before the pad is active.

// SetChainFunc sets the chain function of a sink pad.
//
// GStreamer: gst_pad_set_chain_function (gst/gstpad.h).
func (p *Pad) SetChainFunc(f ChainFunc) { p.chainFunc = f }

// SetChainListFunc sets the chain-list function of a sink pad.
//
// GStreamer: gst_pad_set_chain_list_function (gst/gstpad.h).
func (p *Pad) SetChainListFunc(f ChainListFunc) { p.chainListFunc = f }

// SetGetRangeFunc sets the getrange function of a source pad.
//
// GStreamer: gst_pad_set_getrange_function (gst/gstpad.h).
func (p *Pad) SetGetRangeFunc(f GetRangeFunc) { p.getRangeFunc = f }

// SetEventFunc sets the event function (default: EventDefault).
//
// GStreamer: gst_pad_set_event_function (gst/gstpad.h).
func (p *Pad) SetEventFunc(f EventFunc) { p.eventFunc = f }

// SetEventFullFunc sets an event function returning a flow error; it takes
// precedence over the EventFunc.
//
// GStreamer: gst_pad_set_event_full_function (gst/gstpad.h).
func (p *Pad) SetEventFullFunc(f EventFullFunc) { p.eventFullFunc = f }

// SetQueryFunc sets the query function (default: QueryDefault).
//
// GStreamer: gst_pad_set_query_function (gst/gstpad.h).
func (p *Pad) SetQueryFunc(f QueryFunc) { p.queryFunc = f }

// SetActivateFunc sets the activate function (default: push mode).
//
// GStreamer: gst_pad_set_activate_function (gst/gstpad.h).
func (p *Pad) SetActivateFunc(f ActivateFunc) { p.activateFunc = f }

// SetActivateModeFunc sets the activate-mode function.
//
// GStreamer: gst_pad_set_activatemode_function (gst/gstpad.h).
func (p *Pad) SetActivateModeFunc(f ActivateModeFunc) { p.activateModeFunc = f }

// SetLinkFunc sets the link function.
//
// GStreamer: gst_pad_set_link_function (gst/gstpad.h).
func (p *Pad) SetLinkFunc(f LinkFunc) { p.linkFunc = f }

// SetUnlinkFunc sets the unlink function.
//
// GStreamer: gst_pad_set_unlink_function (gst/gstpad.h).
func (p *Pad) SetUnlinkFunc(f UnlinkFunc) { p.unlinkFunc = f }

// SetIterIntLinkFunc sets the internal-links function.
//
// GStreamer: gst_pad_set_iterate_internal_links_function (gst/gstpad.h).
func (p *Pad) SetIterIntLinkFunc(f IterIntLinkFunc) { p.iterIntLinkFunc = f }

// StreamLock takes the pad's stream lock, which serialises data and
// serialized events through the pad. The lock is recursive: the goroutine
// holding it may take it again (a source handling a seek from its own
// streaming task, a demuxer sending a seek upstream from its chain
// function), and must release it as many times. It must be released by the
// goroutine that took it.
//
// GStreamer: GST_PAD_STREAM_LOCK (gst/gstpad.h).
func (p *Pad) StreamLock() { p.streamLock.Lock() }

// StreamUnlock releases one level of the stream lock taken by the calling
// goroutine.
//
// GStreamer: GST_PAD_STREAM_UNLOCK (gst/gstpad.h).
func (p *Pad) StreamUnlock() { p.streamLock.Unlock() }

// Peer returns the linked pad, or nil.
//
// GStreamer: gst_pad_get_peer (gst/gstpad.c).
func (p *Pad) Peer() *Pad {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.peer
}

// IsLinked reports whether the pad has a peer.
//
// GStreamer: gst_pad_is_linked (gst/gstpad.c).
func (p *Pad) IsLinked() bool { return p.Peer() != nil }

// Mode returns the scheduling mode (none when inactive).
//
// GStreamer: GST_PAD_MODE (gst/gstpad.h).
func (p *Pad) Mode() PadMode {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.mode
}

// IsActive reports whether the pad is active in push or pull mode.
//
// GStreamer: gst_pad_is_active (gst/gstpad.c).
func (p *Pad) IsActive() bool { return p.Mode() != PadModeNone }

// IsFlushing reports whether the pad refuses data.
//
// GStreamer: GST_PAD_IS_FLUSHING (gst/gstpad.h).
func (p *Pad) IsFlushing() bool { return p.Flags()&PadFlagFlushing != 0 }

// IsEOS reports whether the pad is EOS.
//
// GStreamer: GST_PAD_IS_EOS (gst/gstpad.h).
func (p *Pad) IsEOS() bool { return p.Flags()&PadFlagEOS != 0 }

// IsBlocked reports whether the pad has blocking probes.
//
// GStreamer: gst_pad_is_blocked (gst/gstpad.c).
func (p *Pad) IsBlocked() bool { return p.Flags()&PadFlagBlocked != 0 }

// IsBlocking reports whether a thread is currently blocked on the pad.
//
// GStreamer: gst_pad_is_blocking (gst/gstpad.c).
func (p *Pad) IsBlocking() bool { return p.Flags()&PadFlagBlocking != 0 }

// LastFlowReturn returns the result of the last push, pull or chain through
// the pad. A new pad reports FLUSHING; activation resets it to OK.
//
// GStreamer: gst_pad_get_last_flow_return (gst/gstpad.c).
func (p *Pad) LastFlowReturn() FlowReturn {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.lastFlow
}

// Offset returns the running-time offset of the pad in nanoseconds.
//
// GStreamer: gst_pad_get_offset (gst/gstpad.c).
func (p *Pad) Offset() int64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.offset
}

// SetOffset sets the running-time offset (ns) applied to events and data
// leaving (or entering) the pad. All sticky events are pushed again, with
// the new offset, before the next buffer. Only reliable on source pads.
//
// GStreamer: gst_pad_set_offset (gst/gstpad.c).
func (p *Pad) SetOffset(offset int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.offset == offset {
		return
	}
	p.offset = offset
	for i := range p.events {
		p.events[i].received = false
	}
	p.flags |= PadFlagPendingEvents
}

// MarkReconfigure flags the pad as needing renegotiation.
//
// GStreamer: gst_pad_mark_reconfigure (gst/gstpad.c).
func (p *Pad) MarkReconfigure() { p.SetFlags(PadFlagNeedReconfigure) }

// NeedsReconfigure reports the need-reconfigure flag without clearing it.
//
// GStreamer: gst_pad_needs_reconfigure (gst/gstpad.c).
func (p *Pad) NeedsReconfigure() bool { return p.Flags()&PadFlagNeedReconfigure != 0 }

// CheckReconfigure reports and clears the need-reconfigure flag.
//
// GStreamer: gst_pad_check_reconfigure (gst/gstpad.c).
func (p *Pad) CheckReconfigure() bool {
	// Fast path for every buffer: the hint is set (under the lock)
	// whenever NEED_RECONFIGURE is, so a false hint means no flag.
	if !p.reconfHint.Load() {
		return false
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	r := p.flags&PadFlagNeedReconfigure != 0
	p.flags &^= PadFlagNeedReconfigure
	p.reconfHint.Store(false)
	return r
}

// String returns "element:pad" for logs.
//
// GStreamer: GST_DEBUG_PAD_NAME (gst/gstinfo.h).
func (p *Pad) String() string {
	parent := "''"
	if par := p.Parent(); par != nil {
		parent = par.Name()
	}
	return parent + ":" + p.Name()
}

// ---------------------------------------------------------------------------
// Activation

// SetActive activates the pad (calling its ActivateFunc, by default push
// mode) or deactivates it in its current mode. Deactivation sets FLUSHING,
// waits for the streaming thread to leave the pad and drops sticky events.
//
// GStreamer: gst_pad_set_active (gst/gstpad.c).
func (p *Pad) SetActive(active bool) bool {
	p.mu.Lock()
	old := p.mode
	p.mu.Unlock()
	if active {
		if old != PadModeNone {
			return true
		}
		if p.activateFunc != nil {
			return p.activateFunc(p)
		}
		return p.ActivateMode(PadModePush, true)
	}
	if old == PadModeNone {
		return true
	}
	return p.ActivateMode(old, false)
}

// ActivateMode (de)activates the pad in mode. Activating a sink pad in
// pull mode also activates its peer source pad in pull mode.
//
// GStreamer: gst_pad_activate_mode (gst/gstpad.c).
func (p *Pad) ActivateMode(mode PadMode, active bool) bool {
	p.mu.Lock()
	old := p.mode
	newMode := PadModeNone
	if active {
		newMode = mode
	}
	if old == newMode {
		p.mu.Unlock()
		return true
	}
	p.mu.Unlock()
	return p.activateModeInternal(mode, active)
}

func (p *Pad) activateModeInternal(mode PadMode, active bool) bool {
	newMode := PadModeNone
	if active {
		newMode = mode
	}
	p.mu.Lock()
	old := p.mode
	p.mu.Unlock()
	if old == newMode {
		return true
	}
	if active && old != PadModeNone && old != newMode {
		// switching mode: deactivate first
		if !p.activateModeInternal(old, false) {
			return false
		}
	}
	// pull mode on a sink pad activates the peer source pad first
	if p.direction == PadSink && mode == PadModePull {
		peer := p.Peer()
		if peer != nil {
			if !peer.ActivateMode(PadModePull, active) && active {
				return false
			}
		} else if active {
			return false
		}
	} else if p.direction == PadSrc && mode == PadModePull && active && p.getRangeFunc == nil {
		return false
	}
	if active {
		// a newly activated pad negotiates before its first data
		p.SetFlags(PadFlagNeedReconfigure)
	}
	if !p.preActivate(newMode) {
		return true
	}
	ok := true
	if p.activateModeFunc != nil {
		ok = p.activateModeFunc(p, mode, active)
	}
	if !ok {
		p.mu.Lock()
		p.inActivation = false
		p.actCond.Broadcast()
		p.mu.Unlock()
		if active {
			p.mu.Lock()
			p.flags |= PadFlagFlushing
			p.mode = PadModeNone
			p.mu.Unlock()
		}
		return false
	}
	p.postActivate(newMode)
	if !active {
		// sticky flags are cleared on deactivation
		p.UnsetFlags(PadFlagNeedReconfigure | PadFlagEOS)
	}
	return true
}

func (p *Pad) preActivate(newMode PadMode) bool {
	p.mu.Lock()
	for p.inActivation {
		p.actCond.Wait()
	}
	if p.mode == newMode {
		p.mu.Unlock()
		return false
	}
	p.inActivation = true
	if newMode == PadModeNone {
		p.flags |= PadFlagFlushing
		p.lastFlow = FlowFlushing
		p.mode = newMode
		p.blockCond.Broadcast()
		p.mu.Unlock()
		return true
	}
	p.flags &^= PadFlagFlushing
	p.lastFlow = FlowOK
	p.mode = newMode
	peer := p.peer
	p.mu.Unlock()
	if p.direction == PadSink && peer != nil {
		peer.mu.Lock()
		peer.scheduleEventsLocked(nil)
		peer.mu.Unlock()
	}
	return true
}

func (p *Pad) postActivate(newMode PadMode) {
	p.mu.Lock()
	p.inActivation = false
	p.actCond.Broadcast()
	p.mu.Unlock()
	if newMode == PadModeNone {
		// ensure streaming has stopped
		p.streamLock.Lock()
		p.mu.Lock()
		p.events = p.events[:0]
		p.mu.Unlock()
		p.streamLock.Unlock()
	}
}

// ---------------------------------------------------------------------------
// Linking

// Link links the source pad p to sink with the default checks.
//
// GStreamer: gst_pad_link (gst/gstpad.c).
func (p *Pad) Link(sink *Pad) PadLinkReturn { return p.LinkFull(sink, PadLinkCheckDefault) }

// LinkFull links the source pad p to the sink pad sink with the given
// checks: directions, that neither is linked, hierarchy (same grandparent)
// and caps compatibility, then the link functions of both pads. On success
// sticky events of p are scheduled to be sent before the next data, and a
// RECONFIGURE event is sent to p unless PadLinkCheckNoReconfigure is set.
//
// GStreamer: gst_pad_link_full (gst/gstpad.c).
func (p *Pad) LinkFull(sink *Pad, flags PadLinkCheck) PadLinkReturn {
	if ret := linkPrepare(p, sink, flags); ret != PadLinkOK {
		return ret
	}
	if p.linkFunc != nil {
		if ret := p.linkFunc(p, sink); ret != PadLinkOK {
			return ret
		}
	}
	if sink.linkFunc != nil {
		if ret := sink.linkFunc(sink, p); ret != PadLinkOK {
			return ret
		}
	}
	p.mu.Lock()
	sink.mu.Lock()
	if p.peer != nil || sink.peer != nil {
		sink.mu.Unlock()
		p.mu.Unlock()
		return PadLinkWasLinked
	}
	p.peer = sink
	sink.peer = p
	p.peerCookie++
	sink.peerCookie++
	p.scheduleEventsLocked(sink)
	sink.mu.Unlock()
	p.mu.Unlock()
	if flags&PadLinkCheckNoReconfigure == 0 {
		p.SendEvent(NewReconfigureEvent())
	}
	return PadLinkOK
}

func linkPrepare(src, sink *Pad, flags PadLinkCheck) PadLinkReturn {
	if src.direction != PadSrc || sink.direction != PadSink {
		return PadLinkWrongDirection
	}
	if src.Peer() != nil || sink.Peer() != nil {
		return PadLinkWasLinked
	}
	if flags&PadLinkCheckHierarchy != 0 && !linkCheckHierarchy(src, sink) {
		return PadLinkWrongHierarchy
	}
	if !linkCheckCompatible(src, sink, flags) {
		return PadLinkNoFormat
	}
	return PadLinkOK
}

func linkCheckHierarchy(src, sink *Pad) bool {
	p1, p2 := src.Parent(), sink.Parent()
	if p1 == nil || p2 == nil {
		return true
	}
	_, e1 := p1.(Element)
	_, e2 := p2.(Element)
	if !e1 || !e2 {
		return true
	}
	if p1 == p2 {
		return false
	}
	return p1.Parent() == p2.Parent()
}

func linkCheckCompatible(src, sink *Pad, flags PadLinkCheck) bool {
	if flags&(PadLinkCheckCaps|PadLinkCheckTemplateCaps) == 0 {
		return true
	}
	var srcCaps, sinkCaps *Caps
	if flags&PadLinkCheckCaps != 0 {
		srcCaps = src.QueryCaps(nil)
		sinkCaps = sink.QueryCaps(nil)
	} else {
		if src.template == nil || sink.template == nil {
			return true
		}
		srcCaps, sinkCaps = src.template.Caps, sink.template.Caps
	}
	if srcCaps == nil || sinkCaps == nil {
		return true
	}
	return srcCaps.CanIntersect(sinkCaps)
}

// CanLink reports whether p (source) and sink could be linked: directions,
// not already linked, hierarchy and caps.
//
// GStreamer: gst_pad_can_link (gst/gstpad.c).
func (p *Pad) CanLink(sink *Pad) bool {
	return linkPrepare(p, sink, PadLinkCheckDefault) == PadLinkOK
}

// Unlink unlinks the source pad p from sink; it reports false if they were
// not linked together.
//
// GStreamer: gst_pad_unlink (gst/gstpad.c).
func (p *Pad) Unlink(sink *Pad) bool {
	p.mu.Lock()
	sink.mu.Lock()
	if p.peer != sink || sink.peer != p {
		sink.mu.Unlock()
		p.mu.Unlock()
		return false
	}
	p.peer = nil
	sink.peer = nil
	p.peerCookie++
	sink.peerCookie++
	sink.mu.Unlock()
	p.mu.Unlock()
	if p.unlinkFunc != nil {
		p.unlinkFunc(p)
	}
	if sink.unlinkFunc != nil {
		sink.unlinkFunc(sink)
	}
	return true
}

// ---------------------------------------------------------------------------
// Sticky events

func (p *Pad) findEventLocked(t EventType) int {
	for i := range p.events {
		if p.events[i].ev.Type() == t {
			return i
		}
	}
	return -1
}

func (p *Pad) removeEventByTypeLocked(t EventType) {
	out := p.events[:0]
	for _, e := range p.events {
		if e.ev.Type() != t {
			out = append(out, e)
		}
	}
	for i := len(out); i < len(p.events); i++ {
		p.events[i] = padEvent{}
	}
	p.events = out
}

// scheduleEventsLocked marks p's sticky events that sink does not hold as
// not received (p locked).
func (p *Pad) scheduleEventsLocked(sink *Pad) {
	pending := false
	for i := range p.events {
		if sink == nil || !sink.hasEventLocked(p.events[i].ev) {
			p.events[i].received = false
			pending = true
		}
	}
	if pending {
		p.flags |= PadFlagPendingEvents
	}
}

// hasEventLocked reports whether p stores exactly ev. Called with another
// pad's lock held; reads p.events without p's lock only for identity, as
// GStreamer's find_event does.
func (p *Pad) hasEventLocked(ev Event) bool {
	for _, e := range p.events {
		if e.ev == ev {
			return true
		}
	}
	return false
}

// storeStickyLocked stores a sticky event (p locked).
func (p *Pad) storeStickyLocked(ev Event) FlowReturn {
	t := ev.Type()
	order := t.StickyOrdering()
	if p.mode == PadModeNone || (p.flags&PadFlagFlushing != 0 && (t == EventSegment || t == EventEOS)) {
		return FlowFlushing
	}
	if t == EventStreamStart {
		p.removeEventByTypeLocked(EventEOS)
		p.removeEventByTypeLocked(EventStreamGroupDone)
		p.flags &^= PadFlagEOS
	}
	if p.flags&PadFlagEOS != 0 {
		return FlowEOS
	}
	name := ""
	multi := t.IsStickyMulti()
	if multi {
		name = EventName(ev)
	}
	insert := true
	changedStreamID := false
	res := false
	i := 0
	for ; i < len(p.events); i++ {
		cur := &p.events[i]
		ct := cur.ev.Type()
		if ct == t {
			if multi && EventName(cur.ev) != name {
				continue
			}
			if t == EventStreamStart && cur.ev != ev {
				o, _ := cur.ev.(*StreamStartEvent)
				n, _ := ev.(*StreamStartEvent)
				changedStreamID = o == nil || n == nil || o.StreamID != n.StreamID
			}
			if cur.ev != ev {
				cur.ev = ev
				cur.received = false
				res = true
			}
			insert = false
			break
		}
		if order < cur.order || ct == EventEOS {
			break
		}
	}
	if insert {
		p.events = append(p.events, padEvent{})
		copy(p.events[i+1:], p.events[i:])
		p.events[i] = padEvent{ev: ev, order: order}
		res = true
		changedStreamID = t == EventStreamStart
	}
	if changedStreamID {
		p.removeEventByTypeLocked(EventTag)
	}
	if res {
		p.flags |= PadFlagPendingEvents
		if t == EventCaps {
			// notify::caps is emitted without the pad lock, as in
			// GStreamer; the caller's state stays valid across it.
			p.mu.Unlock()
			p.notifyCaps()
			p.mu.Lock()
		}
	}
	if t == EventEOS {
		p.flags |= PadFlagEOS
		p.lastFlow = FlowEOS
	}
	if p.flags&PadFlagFlushing != 0 {
		return FlowFlushing
	}
	return FlowOK
}

// notifyCaps tells the notify listeners of the pad's element (and of its
// parent bins: deep-notify) that the pad's "caps" property changed.
func (p *Pad) notifyCaps() {
	if el := p.ParentElement(); el != nil {
		el.element().Notify(p, "caps")
	}
}

// StoreStickyEvent stores a sticky event on the pad without sending it. It
// returns nil, ErrFlushing when the pad is flushing (or inactive) or ErrEOS
// when it is EOS.
//
// GStreamer: gst_pad_store_sticky_event (gst/gstpad.c).
func (p *Pad) StoreStickyEvent(ev Event) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.storeStickyLocked(ev).Err()
}

// StickyEvent returns the stored sticky event of type t (the idx-th one for
// sticky-multi types), or nil.
//
// GStreamer: gst_pad_get_sticky_event (gst/gstpad.c).
func (p *Pad) StickyEvent(t EventType, idx int) Event {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, e := range p.events {
		if e.ev.Type() == t {
			if idx == 0 {
				return e.ev
			}
			idx--
		}
	}
	return nil
}

// StickyEventsForEach calls fn for each stored sticky event in sticky order
// until fn returns false. The pad lock is not held during fn.
//
// GStreamer: gst_pad_sticky_events_foreach (gst/gstpad.c).
func (p *Pad) StickyEventsForEach(fn func(ev Event) bool) {
	p.mu.Lock()
	evs := make([]Event, len(p.events))
	for i, e := range p.events {
		evs[i] = e.ev
	}
	p.mu.Unlock()
	for _, ev := range evs {
		if !fn(ev) {
			return
		}
	}
}

// CurrentCaps returns the caps of the stored sticky CAPS event, or nil.
//
// GStreamer: gst_pad_get_current_caps (gst/gstpad.c).
func (p *Pad) CurrentCaps() *Caps {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.currentCapsLocked()
}

func (p *Pad) currentCapsLocked() *Caps {
	if i := p.findEventLocked(EventCaps); i >= 0 {
		if ce, ok := p.events[i].ev.(*CapsEvent); ok {
			return ce.Caps
		}
	}
	return nil
}

// HasCurrentCaps reports whether the pad has negotiated caps.
//
// GStreamer: gst_pad_has_current_caps (gst/gstpad.c).
func (p *Pad) HasCurrentCaps() bool { return p.CurrentCaps() != nil }

// SetCaps sets caps as the pad's current caps by sending a CAPS event: a
// source pad pushes it (stored as sticky even when unlinked), a sink pad
// receives it. It reports false when the event was refused, for example
// because the pad is inactive (flushing).
//
// GStreamer: gst_pad_set_caps (gst/gstpad.c).
func (p *Pad) SetCaps(caps *Caps) bool {
	if caps == nil || !caps.IsFixed() {
		return false
	}
	ev := NewCapsEvent(caps)
	if p.Direction() == PadSrc {
		return p.PushEvent(ev)
	}
	return p.SendEvent(ev)
}

// StreamID returns the stream-id of the stored STREAM_START event, or "".
//
// GStreamer: gst_pad_get_stream_id (gst/gstpad.c).
func (p *Pad) StreamID() string {
	if ev, ok := p.StickyEvent(EventStreamStart, 0).(*StreamStartEvent); ok {
		return ev.StreamID
	}
	return ""
}

// pushStickyLocked pushes pending sticky events; data is the serialized
// event about to be pushed (or nil for a buffer). p locked.
func (p *Pad) checkStickyLocked(data Event) FlowReturn {
	for {
		if p.flags&PadFlagPendingEvents == 0 {
			return FlowOK
		}
		p.flags &^= PadFlagPendingEvents
		ret, wasEOS, interrupted := p.pushStickyEventsLocked(data, false)
		if ret != FlowOK && !wasEOS {
			if i := p.findEventLocked(EventEOS); i >= 0 && !p.events[i].received {
				ev := p.events[i].ev
				ret = p.pushEventUncheckedLocked(ev, ProbeTypeEventDownstream)
				if ret == flowProbeDropped {
					ret = FlowOK
				}
			}
		}
		if interrupted {
			if peer := p.peer; peer != nil {
				p.scheduleEventsLocked(peer)
			}
			continue
		}
		return ret
	}
}

// pushStickyEventsLocked walks the stored events; before != nil restricts
// to events ordered before it (push_changed_sticky_events_before).
func (p *Pad) pushStickyEventsLocked(data Event, onlyBefore bool) (ret FlowReturn, wasEOS, interrupted bool) {
	cookie := p.peerCookie
	var dataOrder uint32
	if data != nil {
		dataOrder = data.Type().StickyOrdering()
	}
	segOrder := EventSegment.StickyOrdering()
	for i := 0; i < len(p.events); i++ {
		e := p.events[i]
		if onlyBefore && (e.ev == data || e.order >= dataOrder) {
			continue
		}
		if e.received {
			continue
		}
		var r FlowReturn
		if data != nil && data.Type().IsSticky() && dataOrder <= segOrder && dataOrder < e.order {
			r = flowProbeUnsent
		} else {
			r = p.pushEventUncheckedLocked(e.ev, ProbeTypeEventDownstream)
			if r == flowProbeHandled {
				r = FlowOK
			}
		}
		// the list may have changed while unlocked; find the event again
		idx := i
		if idx >= len(p.events) || p.events[idx].ev != e.ev {
			idx = -1
			for j := range p.events {
				if p.events[j].ev == e.ev {
					idx = j
					break
				}
			}
		}
		switch r {
		case FlowOK:
			if idx >= 0 {
				p.events[idx].received = true
			}
		case flowProbeDropped, flowProbeUnsent:
			p.flags |= PadFlagPendingEvents
			r = FlowOK
		case FlowNotLinked:
			if e.ev.Type() != EventEOS {
				r = FlowOK
				if idx >= 0 {
					p.events[idx].received = true
				}
			}
		default:
			p.flags |= PadFlagPendingEvents
		}
		if r != FlowOK && e.ev.Type() == EventEOS {
			wasEOS = true
		}
		if cookie != p.peerCookie && p.flags&PadFlagPendingEvents != 0 {
			return r, wasEOS, true
		}
		if r != FlowOK {
			return r, wasEOS, false
		}
	}
	return FlowOK, wasEOS, false
}

// ---------------------------------------------------------------------------
// Pad offsets

func (p *Pad) applyOffsetLocked(ev Event, upstream bool, offset int64) Event {
	if offset == 0 {
		return ev
	}
	if se, ok := ev.(*SegmentEvent); ok && !upstream {
		seg := se.Segment
		seg.OffsetRunningTime(seg.Format, offset)
		ne := NewSegmentEvent(&seg)
		ne.SetSeqnum(se.Seqnum())
		ne.SetRunningTimeOffset(se.RunningTimeOffset() + offset)
		return ne
	}
	ne := CopyEvent(ev)
	ne.SetRunningTimeOffset(ev.RunningTimeOffset() + offset)
	return ne
}

// ---------------------------------------------------------------------------
// Pushing data

// Push pushes buf out of the source pad p to its peer's chain function. It
// first sends pending sticky events, then runs probes, and returns the
// peer's flow: nil (OK), ErrNotLinked without a peer, ErrFlushing,
// ErrEOS, ErrNotNegotiated or another flow error. Push takes ownership of
// buf whatever the outcome: a refused buffer (flushing, EOS, not linked,
// dropped by a probe) is released, so pooled buffers return to their
// pool. Called from the streaming thread; allocates nothing.
//
// GStreamer: gst_pad_push (gst/gstpad.c).
func (p *Pad) Push(buf *Buffer) error {
	return p.pushData(ProbeTypeBuffer|ProbeTypePush, buf, nil).Err()
}

// PushList pushes a buffer list; a peer without a chain-list function
// receives the buffers one by one.
//
// GStreamer: gst_pad_push_list (gst/gstpad.c).
func (p *Pad) PushList(list *BufferList) error {
	return p.pushData(ProbeTypeBufferList|ProbeTypePush, nil, list).Err()
}

func (p *Pad) pushData(typ PadProbeType, buf *Buffer, list *BufferList) FlowReturn {
	p.mu.Lock()
	if p.flags&(PadFlagFlushing|PadFlagEOS|PadFlagPendingEvents|PadFlagBlocked) != 0 || len(p.probes) != 0 || p.mode != PadModePush {
		var ret FlowReturn
		switch {
		case p.flags&PadFlagFlushing != 0:
			ret = FlowFlushing
		case p.flags&PadFlagEOS != 0:
			ret = FlowEOS
		case p.mode != PadModePush:
			ret = FlowError
		default:
			ret = p.checkStickyLocked(nil)
		}
		if ret != FlowOK {
			p.lastFlow = ret
			p.mu.Unlock()
			dropData(buf, list)
			return ret
		}
		if len(p.probes) != 0 {
			var data any = buf
			if list != nil {
				data = list
			}
			ret, d, handled := p.probeData(typ|ProbeTypeBlock, data)
			if ret != FlowOK {
				return p.pushProbeStopped(ret, handled, d)
			}
			if ret := p.checkStickyLocked(nil); ret != FlowOK {
				p.lastFlow = ret
				p.mu.Unlock()
				dropAny(d)
				return ret
			}
			ret, d, handled = p.probeData(typ, d)
			if ret != FlowOK {
				return p.pushProbeStopped(ret, handled, d)
			}
			if ret := p.checkStickyLocked(nil); ret != FlowOK {
				p.lastFlow = ret
				p.mu.Unlock()
				dropAny(d)
				return ret
			}
			buf, list = nil, nil
			switch v := d.(type) {
			case *Buffer:
				buf = v
			case *BufferList:
				list = v
			}
		}
	}
	peer := p.peer
	if peer == nil {
		p.lastFlow = FlowNotLinked
		p.mu.Unlock()
		dropData(buf, list)
		return FlowNotLinked
	}
	p.using++
	p.mu.Unlock()

	ret := peer.chainData(typ, buf, list)

	p.mu.Lock()
	p.lastFlow = ret
	p.using--
	if p.using == 0 && len(p.probes) != 0 {
		if r := p.probeNoData(ProbeTypePush|ProbeTypeIdle, ret); r != ret && r != FlowOK {
			p.mu.Unlock()
			return r
		}
	}
	p.mu.Unlock()
	return ret
}

// dropData releases the caller's reference to data the pad refused: a
// push or chain takes ownership whatever its outcome, so pooled buffers
// go back to their pool.
func dropData(buf *Buffer, list *BufferList) {
	if buf != nil {
		buf.Unref()
	}
	if list != nil {
		list.Unref()
	}
}

func dropAny(d any) {
	switch v := d.(type) {
	case *Buffer:
		v.Unref()
	case *BufferList:
		v.Unref()
	}
}

// pushProbeStopped finishes a push stopped by a probe (p locked; unlocks).
// The data is released unless a probe handled it (then it owns it).
func (p *Pad) pushProbeStopped(ret FlowReturn, handled FlowReturn, d any) FlowReturn {
	owned := ret == flowProbeHandled
	switch ret {
	case flowProbeDropped:
		ret = FlowOK
	case flowProbeHandled:
		ret = handled
	}
	p.lastFlow = ret
	p.mu.Unlock()
	if !owned {
		dropAny(d)
	}
	return ret
}

func (p *Pad) chainData(typ PadProbeType, buf *Buffer, list *BufferList) FlowReturn {
	p.streamLock.Lock()
	p.mu.Lock()
	var refused FlowReturn
	switch {
	case p.flags&PadFlagFlushing != 0:
		refused = FlowFlushing
	case p.flags&PadFlagEOS != 0:
		refused = FlowEOS
	case p.mode != PadModePush:
		refused = FlowError
	}
	if refused != FlowOK {
		p.lastFlow = refused
		p.mu.Unlock()
		p.streamLock.Unlock()
		dropData(buf, list)
		return refused
	}
	if len(p.probes) != 0 {
		var data any = buf
		if list != nil {
			data = list
		}
		ret, d, handled := p.probeData(typ|ProbeTypeBlock, data)
		if ret == FlowOK {
			ret, d, handled = p.probeData(typ, d)
		}
		if ret != FlowOK {
			owned := ret == flowProbeHandled
			switch ret {
			case flowProbeDropped:
				ret = FlowOK
			case flowProbeHandled:
				ret = handled
			}
			p.lastFlow = ret
			p.mu.Unlock()
			p.streamLock.Unlock()
			if !owned {
				dropAny(d)
			}
			return ret
		}
		buf, list = nil, nil
		switch v := d.(type) {
		case *Buffer:
			buf = v
		case *BufferList:
			list = v
		}
	}
	p.mu.Unlock()

	var ret FlowReturn
	if buf != nil || list == nil {
		if p.chainFunc == nil {
			ret = FlowNotSupported
			dropData(buf, nil)
		} else {
			ret = FlowFromError(p.callChain(buf))
		}
	} else if p.chainListFunc != nil {
		ret = FlowFromError(p.chainListFunc(p, list))
	} else if p.chainFunc == nil {
		ret = FlowNotSupported
		list.Unref()
	} else {
		ret = p.chainListDefault(list)
	}
	p.mu.Lock()
	p.lastFlow = ret
	p.mu.Unlock()
	p.streamLock.Unlock()
	return ret
}

// chainListDefault chains the buffers of list one at a time, then releases
// the list. The buffers of a writable list are taken out of it (so they
// arrive writable); those of a shared list are passed with a new
// reference.
func (p *Pad) chainListDefault(list *BufferList) FlowReturn {
	ret := FlowOK
	if list.IsWritable() {
		i := 0
		for i < len(list.buffers) {
			b := list.buffers[i]
			list.buffers[i] = nil
			i++
			b.parent.CompareAndSwap(list, nil)
			if ret = FlowFromError(p.callChain(b)); ret != FlowOK {
				break
			}
		}
		list.buffers = list.buffers[i:]
	} else {
		for i := 0; i < list.Len(); i++ {
			if ret = FlowFromError(p.callChain(list.Get(i).Ref())); ret != FlowOK {
				break
			}
		}
	}
	list.Unref()
	return ret
}

func (p *Pad) callChain(buf *Buffer) error { return p.chainFunc(p, buf) }

// Chain hands buf to this sink pad's chain function as if pushed by a peer
// (used by ghost pads, harnesses and elements that feed themselves). It
// takes ownership of buf, releasing it when the pad refuses it.
//
// GStreamer: gst_pad_chain (gst/gstpad.c).
func (p *Pad) Chain(buf *Buffer) error {
	return p.chainData(ProbeTypeBuffer|ProbeTypePush, buf, nil).Err()
}

// ChainList hands a list to this sink pad.
//
// GStreamer: gst_pad_chain_list (gst/gstpad.c).
func (p *Pad) ChainList(list *BufferList) error {
	return p.chainData(ProbeTypeBufferList|ProbeTypePush, nil, list).Err()
}

// PullRange pulls size bytes at offset from the peer of the sink pad p,
// which must be active in pull mode.
//
// GStreamer: gst_pad_pull_range (gst/gstpad.c).
func (p *Pad) PullRange(offset uint64, size uint) (*Buffer, error) {
	p.mu.Lock()
	if p.flags&PadFlagFlushing != 0 {
		p.lastFlow = FlowFlushing
		p.mu.Unlock()
		return nil, ErrFlushing
	}
	if p.mode != PadModePull {
		p.lastFlow = FlowError
		p.mu.Unlock()
		return nil, ErrFlowError
	}
	if len(p.probes) != 0 {
		ret, _, handled := p.probeFull(ProbeTypePull|ProbeTypeBlock, nil, offset, size)
		if ret != FlowOK {
			if ret == flowProbeHandled {
				ret = handled
			}
			p.lastFlow = ret
			p.mu.Unlock()
			return nil, ret.Err()
		}
	}
	peer := p.peer
	if peer == nil {
		p.lastFlow = FlowNotLinked
		p.mu.Unlock()
		return nil, ErrNotLinked
	}
	p.using++
	p.mu.Unlock()

	buf, err := peer.getRange(offset, size)

	p.mu.Lock()
	p.using--
	ret := FlowFromError(err)
	if ret == FlowOK && p.using == 0 && len(p.probes) != 0 {
		// The pad went idle: IDLE probes added during the pull run now.
		if r := p.probeNoData(ProbeTypePull|ProbeTypeIdle, ret); r != FlowOK {
			p.lastFlow = r
			p.mu.Unlock()
			return nil, r.Err()
		}
	}
	if ret == FlowOK && len(p.probes) != 0 {
		r, d, _ := p.probeFull(ProbeTypePull|ProbeTypeBuffer, buf, offset, size)
		if r != FlowOK {
			if r == flowProbeDropped {
				p.mu.Unlock()
				return p.PullRange(offset, size)
			}
			ret = r
			buf = nil
		} else if b, ok := d.(*Buffer); ok {
			buf = b
		}
	}
	p.lastFlow = ret
	p.mu.Unlock()
	return buf, ret.Err()
}

// GetRange calls the getrange function of the source pad p directly (under
// its stream lock), as the peer of a pulling sink pad would.
//
// GStreamer: gst_pad_get_range (gst/gstpad.c).
func (p *Pad) GetRange(offset uint64, size uint) (*Buffer, error) {
	return p.getRange(offset, size)
}

func (p *Pad) getRange(offset uint64, size uint) (*Buffer, error) {
	p.streamLock.Lock()
	defer p.streamLock.Unlock()
	p.mu.Lock()
	if p.flags&PadFlagFlushing != 0 {
		p.lastFlow = FlowFlushing
		p.mu.Unlock()
		return nil, ErrFlushing
	}
	if p.mode != PadModePull {
		p.lastFlow = FlowError
		p.mu.Unlock()
		return nil, ErrFlowError
	}
	if ret := p.checkStickyLocked(nil); ret != FlowOK {
		p.lastFlow = ret
		p.mu.Unlock()
		return nil, ret.Err()
	}
	f := p.getRangeFunc
	p.mu.Unlock()
	if f == nil {
		return nil, ErrNotSupported
	}
	buf, err := f(p, offset, size)
	p.mu.Lock()
	p.lastFlow = FlowFromError(err)
	p.mu.Unlock()
	return buf, err
}

// ---------------------------------------------------------------------------
// Events

// probeTypeFor checks that data can travel through p in the direction it
// goes (outward: pushed from p to its peer; otherwise received by p
// itself) and returns the probe type for that direction: on a source pad
// outward data goes downstream and received data upstream, on a sink pad
// the reverse. ok is false when the data does not travel that way.
func (p *Pad) probeTypeFor(outward, isUpstream, isDownstream bool, upType, downType PadProbeType) (PadProbeType, bool) {
	if p.direction != PadSrc && p.direction != PadSink {
		return 0, false
	}
	if (p.direction == PadSrc) == outward {
		return downType, isDownstream
	}
	return upType, isUpstream
}

// PushEvent sends ev out of the pad: downstream events from a source pad,
// upstream events from a sink pad. Sticky events are stored first (and
// stay pending when the pad is unlinked; the call then still reports
// true, except for EOS). Serialized events first flush out pending sticky
// events. It reports whether the event was handled. Takes ownership of ev.
//
// GStreamer: gst_pad_push_event (gst/gstpad.c).
func (p *Pad) PushEvent(ev Event) bool {
	t := ev.Type()
	typ, ok := p.probeTypeFor(true, t.IsUpstream(), t.IsDownstream(), ProbeTypeEventUpstream, ProbeTypeEventDownstream)
	if !ok {
		return false
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	sticky := t.IsSticky() && p.direction == PadSrc
	serialized := t.IsSerialized()
	res := false
	if sticky {
		switch p.storeStickyLocked(ev) {
		case FlowFlushing, FlowEOS:
			return false
		}
	}
	if p.direction == PadSrc && serialized && t != EventFlushStop {
		res = p.checkStickyLocked(ev) == FlowOK
	}
	if !serialized || !sticky {
		ret := p.pushEventUncheckedLocked(ev, typ)
		res = ret == FlowOK || ret == flowProbeDropped || ret == flowProbeHandled
	} else if t != EventEOS {
		res = true
	}
	return res
}

// pushEventUncheckedLocked sends ev to the peer (p locked; unlocks while
// calling the peer).
func (p *Pad) pushEventUncheckedLocked(ev Event, typ PadProbeType) FlowReturn {
	oldOffset := p.offset
	ev = p.applyOffsetLocked(ev, p.direction == PadSink, p.offset)
	t := ev.Type()
	switch t {
	case EventFlushStart:
		p.flags |= PadFlagFlushing
		p.blockCond.Broadcast()
		typ |= ProbeTypeEventFlush
	case EventFlushStop:
		if p.mode == PadModeNone {
			return FlowFlushing
		}
		p.flags &^= PadFlagFlushing
		p.removeEventByTypeLocked(EventEOS)
		p.removeEventByTypeLocked(EventStreamGroupDone)
		p.removeEventByTypeLocked(EventSegment)
		p.flags &^= PadFlagEOS
		p.lastFlow = FlowOK
		typ |= ProbeTypeEventFlush
	default:
		if p.flags&PadFlagFlushing != 0 {
			return FlowFlushing
		}
		if t == EventReconfigure {
			if p.direction == PadSink {
				p.flags |= PadFlagNeedReconfigure
				p.reconfHint.Store(true)
			}
			if p.lastFlow == FlowNotLinked {
				p.lastFlow = FlowOK
			}
		}
		if len(p.probes) != 0 {
			ret, d, _ := p.probeData(typ|ProbeTypePush|ProbeTypeBlock, ev)
			if ret != FlowOK {
				p.flags |= PadFlagPendingEvents
				return ret
			}
			ev = d.(Event)
			if p.flags&PadFlagPendingEvents != 0 && p.direction == PadSrc && t.IsSerialized() {
				p.pushStickyEventsLocked(ev, true)
			}
		}
	}
	if len(p.probes) != 0 {
		ret, d, _ := p.probeData(typ|ProbeTypePush, ev)
		if ret != FlowOK {
			p.flags |= PadFlagPendingEvents
			return ret
		}
		ev = d.(Event)
	}
	if p.flags&PadFlagPendingEvents != 0 && p.direction == PadSrc && t.IsSerialized() && t != EventFlushStop {
		p.pushStickyEventsLocked(ev, true)
	}
	if oldOffset != p.offset {
		ev = p.applyOffsetLocked(ev, p.direction == PadSink, p.offset-oldOffset)
	}
	peer := p.peer
	if peer == nil {
		p.flags |= PadFlagPendingEvents
		if t == EventLatency {
			return FlowOK
		}
		return FlowNotLinked
	}
	p.using++
	p.mu.Unlock()
	ret := peer.sendEventUnchecked(ev, typ)
	p.mu.Lock()
	p.using--
	if p.using == 0 && len(p.probes) != 0 {
		if r := p.probeNoData(ProbeTypePush|ProbeTypeIdle, ret); r != ret && r != FlowOK {
			return r
		}
	}
	return ret
}

// SendEvent sends ev to the pad itself (as if it came from the peer): an
// upstream event on a source pad or a downstream event on a sink pad.
// Serialized events on sink pads take the stream lock. A CAPS event is
// first checked with an accept-caps query. Sticky events are stored once
// the event function accepted them. Takes ownership of ev.
//
// GStreamer: gst_pad_send_event (gst/gstpad.c).
func (p *Pad) SendEvent(ev Event) bool {
	t := ev.Type()
	typ, ok := p.probeTypeFor(false, t.IsUpstream(), t.IsDownstream(), ProbeTypeEventUpstream, ProbeTypeEventDownstream)
	if !ok {
		return false
	}
	ret := p.sendEventUnchecked(ev, typ)
	return ret == FlowOK || ret == flowProbeDropped || ret == flowProbeHandled
}

// SendEventFull is SendEvent returning the flow result (nil when handled).
//
// GStreamer: gst_pad_send_event (gst/gstpad.c), with the GstFlowReturn of
// gst_pad_send_event_unchecked.
func (p *Pad) SendEventFull(ev Event) error {
	typ := ProbeTypeEventDownstream
	if p.direction == PadSrc {
		typ = ProbeTypeEventUpstream
	}
	ret := p.sendEventUnchecked(ev, typ)
	if ret == flowProbeDropped || ret == flowProbeHandled {
		ret = FlowOK
	}
	return ret.Err()
}

func (p *Pad) sendEventUnchecked(ev Event, typ PadProbeType) FlowReturn {
	needUnlock := false
	unlockStream := func() {
		if needUnlock {
			p.streamLock.Unlock()
			needUnlock = false
		}
	}
	p.mu.Lock()
	oldOffset := p.offset
	ev = p.applyOffsetLocked(ev, p.direction == PadSrc, p.offset)
	serialized := p.direction == PadSink && ev.Type().IsSerialized()
	sticky := ev.Type().IsSticky()
	t := ev.Type()
	switch t {
	case EventFlushStart:
		if p.flags&PadFlagFlushing != 0 {
			p.mu.Unlock()
			return FlowFlushing
		}
		p.flags |= PadFlagFlushing
		p.blockCond.Broadcast()
		typ |= ProbeTypeEventFlush
	case EventFlushStop:
		if p.mode == PadModeNone {
			p.mu.Unlock()
			return FlowFlushing
		}
		p.flags &^= PadFlagFlushing
		p.removeEventByTypeLocked(EventEOS)
		p.removeEventByTypeLocked(EventStreamGroupDone)
		p.removeEventByTypeLocked(EventSegment)
		p.flags &^= PadFlagEOS
		p.lastFlow = FlowOK
		p.mu.Unlock()
		p.streamLock.Lock()
		needUnlock = true
		p.mu.Lock()
		if p.flags&PadFlagFlushing != 0 {
			p.mu.Unlock()
			unlockStream()
			return FlowFlushing
		}
		typ |= ProbeTypeEventFlush
	default:
		if p.flags&PadFlagFlushing != 0 {
			p.mu.Unlock()
			return FlowFlushing
		}
		switch t {
		case EventStreamStart:
			p.mu.Unlock()
			p.streamLock.Lock()
			needUnlock = true
			p.mu.Lock()
			if p.flags&PadFlagFlushing != 0 {
				p.mu.Unlock()
				unlockStream()
				return FlowFlushing
			}
			changed := true
			if i := p.findEventLocked(EventStreamStart); i >= 0 {
				old := p.events[i].ev
				if old == ev {
					changed = false
				} else {
					o, _ := old.(*StreamStartEvent)
					n, _ := ev.(*StreamStartEvent)
					changed = o == nil || n == nil || o.StreamID != n.StreamID
				}
			}
			p.removeEventByTypeLocked(EventEOS)
			p.removeEventByTypeLocked(EventStreamGroupDone)
			p.flags &^= PadFlagEOS
			if changed {
				p.removeEventByTypeLocked(EventTag)
			}
		case EventReconfigure:
			if p.direction == PadSrc {
				p.flags |= PadFlagNeedReconfigure
				p.reconfHint.Store(true)
			}
			if p.lastFlow == FlowNotLinked {
				p.lastFlow = FlowOK
			}
		default:
			if serialized {
				p.mu.Unlock()
				p.streamLock.Lock()
				needUnlock = true
				p.mu.Lock()
				if p.flags&PadFlagFlushing != 0 {
					p.mu.Unlock()
					unlockStream()
					return FlowFlushing
				}
				if p.flags&PadFlagEOS != 0 {
					p.mu.Unlock()
					unlockStream()
					return FlowEOS
				}
			}
		}
	}
	if len(p.probes) != 0 {
		ret, d, _ := p.probeData(typ|ProbeTypePush|ProbeTypeBlock, ev)
		if ret == FlowOK {
			ret, d, _ = p.probeData(typ|ProbeTypePush, d)
		}
		if ret != FlowOK {
			p.mu.Unlock()
			unlockStream()
			return ret
		}
		ev = d.(Event)
	}
	if oldOffset != p.offset {
		ev = p.applyOffsetLocked(ev, p.direction == PadSrc, p.offset-oldOffset)
	}
	evFull, evFunc := p.eventFullFunc, p.eventFunc
	p.mu.Unlock()
	if evFull == nil && evFunc == nil {
		unlockStream()
		return FlowNotSupported
	}
	if ce, ok := ev.(*CapsEvent); ok {
		if !p.QueryAcceptCaps(ce.Caps) {
			unlockStream()
			return FlowNotNegotiated
		}
	}
	var ret FlowReturn
	if evFull != nil {
		ret = FlowFromError(evFull(p, ev))
	} else if evFunc(p, ev) {
		ret = FlowOK
	} else if t == EventCaps {
		ret = FlowNotNegotiated
	} else {
		ret = FlowError
	}
	if sticky && ret == FlowOK {
		p.mu.Lock()
		switch r := p.storeStickyLocked(ev); r {
		case FlowFlushing, FlowEOS:
			ret = r
		}
		p.mu.Unlock()
	}
	unlockStream()
	return ret
}

// EventDefault is the default event handler: CAPS is not forwarded (unless
// the pad proxies caps) and reported handled; every other event is pushed
// out of all internally linked pads. It reports true when any push
// succeeded or when there was nowhere to forward to.
//
// GStreamer: gst_pad_event_default (gst/gstpad.c).
func (p *Pad) EventDefault(ev Event) bool {
	forward := true
	result := false
	if ev.Type() == EventCaps {
		forward = p.Flags()&PadFlagProxyCaps != 0
		result = true
	}
	if !forward {
		return result
	}
	dispatched := false
	for _, out := range p.InternalLinks() {
		if out.PushEvent(ev) {
			result = true
		}
		dispatched = true
	}
	if !dispatched {
		return true
	}
	return result
}

// InternalLinks returns the pads that data entering p leaves through: the
// IterIntLinkFunc's answer, or by default all pads of the parent element in
// the other direction.
//
// GStreamer: gst_pad_iterate_internal_links (gst/gstpad.c).
func (p *Pad) InternalLinks() []*Pad {
	if p.iterIntLinkFunc != nil {
		return p.iterIntLinkFunc(p)
	}
	return p.InternalLinksDefault()
}

// InternalLinksDefault returns the parent element's pads of the opposite
// direction.
//
// GStreamer: gst_pad_iterate_internal_links_default (gst/gstpad.c).
func (p *Pad) InternalLinksDefault() []*Pad {
	el := p.ParentElement()
	if el == nil {
		return nil
	}
	if p.direction == PadSink {
		return el.SrcPads()
	}
	return el.SinkPads()
}

// Forward calls fn on every internally linked pad until fn returns true;
// it reports whether fn returned true.
//
// GStreamer: gst_pad_forward (gst/gstpad.c).
func (p *Pad) Forward(fn func(*Pad) bool) bool {
	for _, out := range p.InternalLinks() {
		if fn(out) {
			return true
		}
	}
	return false
}

// ---------------------------------------------------------------------------
// Queries

// Query runs q on the pad itself through its query function (upstream
// queries on source pads, downstream queries on sink pads). Serialized
// queries take the stream lock. It reports whether q was answered.
//
// GStreamer: gst_pad_query (gst/gstpad.c).
func (p *Pad) Query(q Query) bool {
	qt := q.Type()
	typ, ok := p.probeTypeFor(false, qt.IsUpstream(), qt.IsDownstream(), ProbeTypeQueryUpstream, ProbeTypeQueryDownstream)
	if !ok {
		return false
	}
	serialized := qt.IsSerialized()
	if serialized {
		p.streamLock.Lock()
		defer p.streamLock.Unlock()
	}
	p.mu.Lock()
	if len(p.probes) != 0 {
		ret, _, _ := p.probeData(typ|ProbeTypePush|ProbeTypeBlock, q)
		if ret == FlowOK {
			ret, _, _ = p.probeData(typ|ProbeTypePush, q)
		}
		if ret != FlowOK {
			p.mu.Unlock()
			return ret == flowProbeHandled
		}
	}
	f := p.queryFunc
	p.mu.Unlock()
	if f == nil || !f(p, q) {
		return false
	}
	p.mu.Lock()
	if len(p.probes) != 0 {
		ret, _, _ := p.probeData(typ|ProbeTypePull, q)
		if ret != FlowOK {
			p.mu.Unlock()
			return ret == flowProbeHandled
		}
	}
	p.mu.Unlock()
	return true
}

// PeerQuery runs q on the peer of p. It reports false when p is unlinked.
//
// GStreamer: gst_pad_peer_query (gst/gstpad.c).
func (p *Pad) PeerQuery(q Query) bool {
	qt := q.Type()
	typ, ok := p.probeTypeFor(true, qt.IsUpstream(), qt.IsDownstream(), ProbeTypeQueryUpstream, ProbeTypeQueryDownstream)
	if !ok {
		return false
	}
	p.mu.Lock()
	if p.direction == PadSrc && qt.IsSerialized() {
		// A serialized query travels with the data: sticky events pending
		// on the source pad (a changed offset's segment, say) go first.
		if ret := p.checkStickyLocked(nil); ret != FlowOK {
			p.mu.Unlock()
			return false
		}
	}
	if len(p.probes) != 0 {
		ret, _, _ := p.probeData(typ|ProbeTypePush|ProbeTypeBlock, q)
		if ret == FlowOK {
			ret, _, _ = p.probeData(typ|ProbeTypePush, q)
		}
		if ret != FlowOK {
			p.mu.Unlock()
			return ret == flowProbeHandled
		}
	}
	peer := p.peer
	if peer == nil {
		p.mu.Unlock()
		return false
	}
	p.using++
	p.mu.Unlock()
	res := peer.Query(q)
	p.mu.Lock()
	p.using--
	if res && len(p.probes) != 0 {
		ret, _, _ := p.probeData(typ|ProbeTypePull, q)
		if ret != FlowOK {
			res = ret == flowProbeHandled
		}
	}
	if p.using == 0 && len(p.probes) != 0 {
		p.probeNoData(ProbeTypePush|ProbeTypeIdle, FlowOK)
	}
	p.mu.Unlock()
	return res
}

// QueryDefault is the default query handler: CAPS and ACCEPT_CAPS get
// their default answers, LATENCY combines the answers of the peers of all
// internally linked pads, SCHEDULING and ALLOCATION are forwarded only by
// proxying pads, and everything else (POSITION, DURATION, SEEKING,
// CONVERT...) is forwarded to the peers of the internally linked pads until
// one answers.
//
// GStreamer: gst_pad_query_default (gst/gstpad.c).
func (p *Pad) QueryDefault(q Query) bool {
	forward := true
	switch q.(type) {
	case *SchedulingQuery:
		forward = p.Flags()&PadFlagProxyScheduling != 0
	case *AllocationQuery:
		forward = p.Flags()&PadFlagProxyAllocation != 0
	case *AcceptCapsQuery:
		return p.QueryAcceptCapsDefault(q.(*AcceptCapsQuery))
	case *CapsQuery:
		return p.QueryCapsDefault(q.(*CapsQuery))
	case *LatencyQuery:
		return p.queryLatencyDefault(q.(*LatencyQuery))
	}
	if !forward {
		return false
	}
	dispatched := false
	result := false
	p.Forward(func(out *Pad) bool {
		dispatched = true
		result = out.PeerQuery(q)
		return result
	})
	if !dispatched {
		return q.Type() == QueryDrain
	}
	return result
}

// queryLatencyDefault asks the peer of every internally linked pad and
// combines the live answers: live if any is, the largest minimum and the
// smallest maximum (ClockTimeNone counting as infinite). Unlinked pads are
// skipped; a linked peer that fails the query fails it. Without internal
// links the answer is not live, min 0, max none.
func (p *Pad) queryLatencyDefault(q *LatencyQuery) bool {
	if p.iterIntLinkFunc == nil && p.ParentElement() == nil {
		return false // no iterator: gst_pad_iterate_internal_links gave NULL
	}
	live, min, max := false, ClockTime(0), ClockTimeNone
	ok := true
	for _, out := range p.InternalLinks() {
		if out.Peer() == nil {
			continue
		}
		sub := NewLatencyQuery()
		if !out.PeerQuery(sub) {
			ok = false
			continue
		}
		if !sub.Live {
			continue
		}
		if sub.Min > min {
			min = sub.Min
		}
		if max == ClockTimeNone || sub.Max < max {
			max = sub.Max
		}
		live = true
	}
	if ok {
		q.Live, q.Min, q.Max = live, min, max
	}
	return ok
}

// QueryCapsDefault answers a caps query: the negotiated caps for fixed-caps
// pads, else the template caps, else the current caps, else ANY,
// intersected (FIRST mode) with the query's filter. Proxying pads ask their
// internal links first.
//
// GStreamer: gst_pad_query_caps_default (gst/gstpad.c).
func (p *Pad) QueryCapsDefault(q *CapsQuery) bool {
	if p.Flags()&PadFlagProxyCaps != 0 && p.ProxyQueryCaps(q) {
		return true
	}
	p.mu.Lock()
	fixed := p.flags&PadFlagFixedCaps != 0
	var result *Caps
	if fixed {
		result = p.currentCapsLocked()
	}
	if result == nil && p.template != nil && p.template.Caps != nil {
		result = p.template.Caps
	}
	if result == nil && !fixed {
		result = p.currentCapsLocked()
	}
	p.mu.Unlock()
	if result == nil {
		result = NewCapsAny()
	}
	if q.Filter != nil {
		result = q.Filter.IntersectFull(result, CapsIntersectFirst)
	}
	q.Result = result
	return true
}

// ProxyQueryCaps answers q with the intersection of the peers' caps of all
// internally linked pads and p's template caps.
//
// GStreamer: gst_pad_proxy_query_caps (gst/gstutils.c).
func (p *Pad) ProxyQueryCaps(q *CapsQuery) bool {
	result := NewCapsAny()
	p.Forward(func(out *Pad) bool {
		peerCaps := out.PeerQueryCaps(q.Filter)
		result = result.Intersect(peerCaps)
		return false
	})
	result = result.Intersect(p.PadTemplateCaps())
	q.Result = result
	return true
}

// QueryAcceptCapsDefault answers an accept-caps query: the caps must be a
// subset of (or, with AcceptIntersect, intersect) the template caps
// (AcceptTemplate) or the caps-query result.
//
// GStreamer: gst_pad_query_accept_caps_default (gst/gstpad.c).
func (p *Pad) QueryAcceptCapsDefault(q *AcceptCapsQuery) bool {
	flags := p.Flags()
	var allowed *Caps
	if flags&PadFlagProxyCaps != 0 {
		// gst_pad_proxy_query_accept_caps: TRUE unless a peer that
		// answers refuses; every internal link is asked
		res := true
		p.Forward(func(out *Pad) bool {
			sub := NewAcceptCapsQuery(q.Caps)
			if out.PeerQuery(sub) {
				res = res && sub.Result
			}
			return false
		})
		if !res {
			q.Result = false
			return true
		}
		allowed = p.PadTemplateCaps()
	}
	if allowed == nil {
		if flags&PadFlagAcceptTemplate != 0 {
			allowed = p.PadTemplateCaps()
		} else {
			allowed = p.QueryCaps(q.Caps)
		}
	}
	if allowed == nil {
		q.Result = false
	} else if flags&PadFlagAcceptIntersect != 0 {
		q.Result = q.Caps.CanIntersect(allowed)
	} else {
		q.Result = q.Caps.IsSubset(allowed)
	}
	return true
}

// QueryCaps returns the caps p can handle, optionally filtered. If the
// query fails it returns filter, or ANY.
//
// GStreamer: gst_pad_query_caps (gst/gstutils.c).
func (p *Pad) QueryCaps(filter *Caps) *Caps {
	q := NewCapsQuery(filter)
	if p.Query(q) && q.Result != nil {
		return q.Result
	}
	if filter != nil {
		return filter
	}
	return NewCapsAny()
}

// PeerQueryCaps returns the caps the peer can handle, optionally filtered;
// without a peer (or if the query fails) it returns filter, or ANY.
//
// GStreamer: gst_pad_peer_query_caps (gst/gstutils.c).
func (p *Pad) PeerQueryCaps(filter *Caps) *Caps {
	q := NewCapsQuery(filter)
	if p.PeerQuery(q) && q.Result != nil {
		return q.Result
	}
	if filter != nil {
		return filter
	}
	return NewCapsAny()
}

// QueryAcceptCaps asks p whether it accepts caps.
//
// GStreamer: gst_pad_query_accept_caps (gst/gstutils.c).
func (p *Pad) QueryAcceptCaps(caps *Caps) bool {
	q := NewAcceptCapsQuery(caps)
	if !p.Query(q) {
		return false
	}
	return q.Result
}

// PeerQueryAcceptCaps asks the peer of p whether it accepts caps; true
// without a peer.
//
// GStreamer: gst_pad_peer_query_accept_caps (gst/gstutils.c).
func (p *Pad) PeerQueryAcceptCaps(caps *Caps) bool {
	q := NewAcceptCapsQuery(caps)
	if !p.PeerQuery(q) {
		return true
	}
	return q.Result
}

// AllowedCaps returns the intersection of p's caps with its peer's caps, or
// nil when p is unlinked.
//
// GStreamer: gst_pad_get_allowed_caps (gst/gstutils.c).
func (p *Pad) AllowedCaps() *Caps {
	if p.Peer() == nil {
		return nil
	}
	mine := p.QueryCaps(nil)
	return p.PeerQueryCaps(mine)
}

// ---------------------------------------------------------------------------
// Tasks

// StartTask starts (or resumes) a task that calls fn in a loop, each call
// under the pad's stream lock. The state change happens under the pad's
// object lock, so it is ordered with PauseTask and StopTask.
//
// GStreamer: gst_pad_start_task (gst/gstpad.c).
func (p *Pad) StartTask(fn func()) bool {
	p.mu.Lock()
	t := p.task
	if t == nil {
		t = NewTask(fn, &p.streamLock)
		t.owner = p
		p.task = t
		// the lock is released to post the message, as in C
		p.mu.Unlock()
		p.postStreamStatus(StreamStatusTypeCreate, t)
		p.mu.Lock()
		if p.task != t {
			// stopped concurrently
			p.mu.Unlock()
			return false
		}
	}
	res := t.Start()
	p.mu.Unlock()
	return res
}

// postStreamStatus posts a STREAM_STATUS message of typ for the pad's task
// from its parent element (do_stream_status).
func (p *Pad) postStreamStatus(typ StreamStatusType, t *Task) {
	if el := p.ParentElement(); el != nil {
		el.PostMessage(newTaskStreamStatus(p, typ, el, t))
	}
}

// PauseTask pauses the task; called from outside the task it returns once
// the current iteration is done (it waits for the stream lock). It reports
// false when the pad has no task: a pause that comes after StopTask (say,
// from the task function racing with a state change) is a no-op, so a stop
// always wins.
//
// GStreamer: gst_pad_pause_task (gst/gstpad.c).
func (p *Pad) PauseTask() bool {
	p.mu.Lock()
	t := p.task
	if t == nil {
		p.mu.Unlock()
		return false
	}
	// The task state changes under the object lock, as in GStreamer: a
	// concurrent StopTask either ran before (no task: nothing to pause) or
	// runs after (its stop overrides the pause).
	res := t.Pause()
	p.inActivation = false
	p.actCond.Broadcast()
	p.mu.Unlock()
	// wait for the task function to finish; the lock is recursive, so
	// this does nothing when called from the task itself
	p.streamLock.Lock()
	p.streamLock.Unlock()
	return res
}

// StopTask stops the task and waits for its goroutine to exit. Called from
// the task itself it only stops it (the goroutine exits after the current
// iteration). Without a task it still waits for the stream lock, so that
// streaming through the pad has finished when it returns.
//
// GStreamer: gst_pad_stop_task (gst/gstpad.c).
func (p *Pad) StopTask() bool {
	p.mu.Lock()
	t := p.task
	if t == nil {
		p.mu.Unlock()
		p.streamLock.Lock()
		p.streamLock.Unlock()
		return true
	}
	p.task = nil
	t.Stop()
	p.inActivation = false
	p.actCond.Broadcast()
	p.mu.Unlock()
	if t.IsCurrent() {
		// stopping from the task itself: it exits after this iteration
		return true
	}
	p.streamLock.Lock()
	p.streamLock.Unlock()
	if !t.Join() {
		p.mu.Lock()
		if p.task == nil {
			p.task = t
		}
		p.mu.Unlock()
		return false
	}
	p.postStreamStatus(StreamStatusTypeDestroy, t)
	return true
}

// TaskState returns the state of the pad's task (stopped without one).
//
// GStreamer: gst_pad_get_task_state (gst/gstpad.c).
func (p *Pad) TaskState() TaskState {
	p.mu.Lock()
	t := p.task
	p.mu.Unlock()
	if t == nil {
		return TaskStopped
	}
	return t.State()
}

var probeIDs atomic.Uint64

func (p *Pad) errorf(format string, args ...any) error {
	return fmt.Errorf("%s: %s", p.String(), fmt.Sprintf(format, args...))
}
