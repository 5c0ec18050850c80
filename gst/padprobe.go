package gst

// PadProbeType selects what a probe sees (buffers, events, queries, in
// push or pull mode) and whether it blocks.
//
// GStreamer: GstPadProbeType (gst/gstpad.h).
type PadProbeType uint32

// The probe types, with GStreamer's bit values.
//
// GStreamer: GST_PAD_PROBE_TYPE_* (gst/gstpad.h).
const (
	ProbeTypeInvalid         PadProbeType = 0
	ProbeTypeIdle            PadProbeType = 1 << 0
	ProbeTypeBlock           PadProbeType = 1 << 1
	ProbeTypeBuffer          PadProbeType = 1 << 4
	ProbeTypeBufferList      PadProbeType = 1 << 5
	ProbeTypeEventDownstream PadProbeType = 1 << 6
	ProbeTypeEventUpstream   PadProbeType = 1 << 7
	ProbeTypeEventFlush      PadProbeType = 1 << 8
	ProbeTypeQueryDownstream PadProbeType = 1 << 9
	ProbeTypeQueryUpstream   PadProbeType = 1 << 10
	ProbeTypePush            PadProbeType = 1 << 12
	ProbeTypePull            PadProbeType = 1 << 13

	ProbeTypeBlocking        = ProbeTypeIdle | ProbeTypeBlock
	ProbeTypeDataDownstream  = ProbeTypeBuffer | ProbeTypeBufferList | ProbeTypeEventDownstream
	ProbeTypeDataUpstream    = ProbeTypeEventUpstream
	ProbeTypeDataBoth        = ProbeTypeDataDownstream | ProbeTypeDataUpstream
	ProbeTypeBlockDownstream = ProbeTypeBlock | ProbeTypeDataDownstream
	ProbeTypeBlockUpstream   = ProbeTypeBlock | ProbeTypeDataUpstream
	ProbeTypeEventBoth       = ProbeTypeEventDownstream | ProbeTypeEventUpstream
	ProbeTypeQueryBoth       = ProbeTypeQueryDownstream | ProbeTypeQueryUpstream
	ProbeTypeAllBoth         = ProbeTypeDataBoth | ProbeTypeQueryBoth
	ProbeTypeScheduling      = ProbeTypePush | ProbeTypePull

	probeTypeAllBothAndFlush = ProbeTypeAllBoth | ProbeTypeEventFlush
)

// PadProbeReturn is what a probe callback decides about the data it saw.
//
// GStreamer: GstPadProbeReturn (gst/gstpad.h).
type PadProbeReturn int

// The probe returns.
//
// GStreamer: GST_PAD_PROBE_* (gst/gstpad.h).
const (
	// ProbeDrop drops the data: a buffer push returns OK, an event push
	// reports true, a query reports false.
	ProbeDrop PadProbeReturn = 0
	// ProbeOK passes the data on (and keeps a blocking probe blocking).
	ProbeOK PadProbeReturn = 1
	// ProbeRemove removes the probe and passes the data on.
	ProbeRemove PadProbeReturn = 2
	// ProbePass lets the data through a blocking probe without unblocking.
	ProbePass PadProbeReturn = 3
	// ProbeHandled means the probe consumed the data; the push returns
	// PadProbeInfo.FlowRet and a query counts as answered.
	ProbeHandled PadProbeReturn = 4
)

// Internal flow values used while running probes (outside the element
// custom range so they never collide with an element's custom success).
const (
	flowProbeDropped     FlowReturn = 1000
	flowProbeHandled     FlowReturn = 1001
	flowProbeUnsent      FlowReturn = 1002
	flowProbeInterrupted FlowReturn = 1003
)

// PadProbeInfo describes what a probe sees. Data is a *Buffer,
// *BufferList, Event or Query (nil for idle probes); a callback may replace
// it, or set it to nil to drop it. FlowRet is returned by a push when the
// callback returns ProbeHandled.
//
// GStreamer: GstPadProbeInfo (gst/gstpad.h).
type PadProbeInfo struct {
	Type    PadProbeType
	ID      uint64
	Data    any
	Offset  uint64
	Size    uint
	FlowRet FlowReturn
}

// Buffer returns Data as a buffer, or nil.
//
// GStreamer: gst_pad_probe_info_get_buffer (gst/gstpad.c).
func (i *PadProbeInfo) Buffer() *Buffer { b, _ := i.Data.(*Buffer); return b }

// BufferList returns Data as a buffer list, or nil.
//
// GStreamer: gst_pad_probe_info_get_buffer_list (gst/gstpad.c).
func (i *PadProbeInfo) BufferList() *BufferList { b, _ := i.Data.(*BufferList); return b }

// Event returns Data as an event, or nil.
//
// GStreamer: gst_pad_probe_info_get_event (gst/gstpad.c).
func (i *PadProbeInfo) Event() Event { e, _ := i.Data.(Event); return e }

// Query returns Data as a query, or nil.
//
// GStreamer: gst_pad_probe_info_get_query (gst/gstpad.c).
func (i *PadProbeInfo) Query() Query { q, _ := i.Data.(Query); return q }

// PadProbeCallback is called, without pad locks held, for data matching the
// probe's mask.
//
// GStreamer: GstPadProbeCallback (gst/gstpad.h).
type PadProbeCallback func(pad *Pad, info *PadProbeInfo) PadProbeReturn

type padProbe struct {
	id      uint64
	mask    PadProbeType
	cb      PadProbeCallback
	removed bool
}

// AddProbe installs a probe for the data types in mask and returns its id
// (for RemoveProbe). Without data types in mask it sees all data; without
// PUSH/PULL it sees both. A BLOCK probe blocks the streaming thread on
// matching data until removed (or until it returns ProbePass/ProbeRemove
// or the pad flushes). An IDLE probe runs at once in the calling goroutine
// if the pad is idle, else when the current push ends; if it then returns
// ProbeRemove AddProbe returns 0. Probes run in the order they were added.
// Safe for concurrent use.
//
// GStreamer: gst_pad_add_probe (gst/gstpad.c).
func (p *Pad) AddProbe(mask PadProbeType, cb PadProbeCallback) uint64 {
	if mask == 0 {
		return 0
	}
	if mask&probeTypeAllBothAndFlush == 0 {
		mask |= ProbeTypeAllBoth
	}
	if mask&ProbeTypeScheduling == 0 {
		mask |= ProbeTypeScheduling
	}
	pr := &padProbe{id: probeIDs.Add(1), mask: mask, cb: cb}
	p.mu.Lock()
	probes := make([]*padProbe, len(p.probes), len(p.probes)+1)
	copy(probes, p.probes)
	p.probes = append(probes, pr)
	p.probeCookie++
	id := pr.id
	if mask&ProbeTypeBlocking != 0 {
		p.numBlocked++
		p.flags |= PadFlagBlocked
		p.blockCond.Broadcast()
	}
	if mask&ProbeTypeIdle != 0 && cb != nil && p.using == 0 {
		p.idleRunning++
		p.mu.Unlock()
		info := &PadProbeInfo{Type: ProbeTypeIdle, ID: id}
		ret := cb(p, info)
		p.mu.Lock()
		if ret == ProbeRemove {
			p.removeProbeLocked(pr)
			id = 0
		}
		p.idleRunning--
		if p.idleRunning == 0 {
			p.blockCond.Broadcast()
		}
	}
	p.mu.Unlock()
	return id
}

// RemoveProbe removes the probe with the given id, unblocking the pad when
// it was the last blocking probe. Unknown ids are ignored.
//
// GStreamer: gst_pad_remove_probe (gst/gstpad.c).
func (p *Pad) RemoveProbe(id uint64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, pr := range p.probes {
		if pr.id == id {
			p.removeProbeLocked(pr)
			return
		}
	}
}

func (p *Pad) removeProbeLocked(pr *padProbe) {
	if pr.removed {
		return
	}
	pr.removed = true
	probes := make([]*padProbe, 0, len(p.probes))
	for _, x := range p.probes {
		if x != pr {
			probes = append(probes, x)
		}
	}
	p.probes = probes
	if pr.mask&ProbeTypeBlocking != 0 {
		p.numBlocked--
		p.blockCond.Broadcast()
		if p.numBlocked == 0 {
			p.flags &^= PadFlagBlocked
		}
	}
}

// probeData runs probes on a data item (p locked). It returns FlowOK with
// the possibly replaced data, flowProbeDropped, flowProbeHandled with the
// flow set by the handler, or FlowFlushing.
func (p *Pad) probeData(typ PadProbeType, data any) (FlowReturn, any, FlowReturn) {
	return p.probeFull(typ, data, ^uint64(0), ^uint(0))
}

func (p *Pad) probeFull(typ PadProbeType, data any, offset uint64, size uint) (FlowReturn, any, FlowReturn) {
	if len(p.probes) == 0 {
		return FlowOK, data, FlowOK
	}
	info := &PadProbeInfo{Type: typ, Data: data, Offset: offset, Size: size, FlowRet: FlowOK}
	ret := p.doProbeCallbacks(info, FlowOK)
	if ret == flowProbeHandled {
		return ret, info.Data, info.FlowRet
	}
	return ret, info.Data, FlowOK
}

// probeNoData runs idle probes (p locked).
func (p *Pad) probeNoData(typ PadProbeType, def FlowReturn) FlowReturn {
	if len(p.probes) == 0 {
		return def
	}
	info := &PadProbeInfo{Type: typ, FlowRet: def}
	return p.doProbeCallbacks(info, def)
}

func probeIsSerialized(info *PadProbeInfo) bool {
	if info.Type&(ProbeTypeEventDownstream|ProbeTypeEventFlush) != 0 {
		if ev, ok := info.Data.(Event); ok && ev.Type().IsSerialized() {
			return true
		}
	}
	if info.Type&ProbeTypeQueryDownstream != 0 {
		if q, ok := info.Data.(Query); ok && q.Type().IsSerialized() {
			return true
		}
	}
	return info.Type&(ProbeTypeBuffer|ProbeTypeBufferList) != 0
}

// doProbeCallbacks mirrors do_probe_callbacks (p locked; unlocks around
// callbacks).
func (p *Pad) doProbeCallbacks(info *PadProbeInfo, def FlowReturn) FlowReturn {
	isBlock := info.Type&ProbeTypeBlock == ProbeTypeBlock
	if isBlock && probeIsSerialized(info) {
		for p.idleRunning > 0 {
			p.flags |= PadFlagBlocking
			p.blockCond.Wait()
			p.flags &^= PadFlagBlocking
			if p.flags&PadFlagFlushing != 0 {
				return FlowFlushing
			}
		}
	}
	var calledBuf [8]uint64
	called := calledBuf[:0]
	var pass, handled, dropped, marshalled bool
again:
	for {
		cookie := p.probeCookie
		marshalled = false
		for _, pr := range p.probes {
			if pr.removed {
				continue
			}
			if !p.probeMatches(pr.mask, info.Type) || handled || dropped {
				continue
			}
			already := false
			for _, id := range called {
				if id == pr.id {
					already = true
					break
				}
			}
			if already {
				marshalled = true
				continue
			}
			called = append(called, pr.id)
			if pr.cb == nil {
				marshalled = true
				continue
			}
			info.ID = pr.id
			orig := info.Data
			if pr.mask&ProbeTypeIdle != 0 {
				p.idleRunning++
			}
			p.mu.Unlock()
			ret := pr.cb(p, info)
			p.mu.Lock()
			if ret != ProbeRemove {
				marshalled = true
			}
			if pr.mask&ProbeTypeIdle != 0 {
				p.idleRunning--
			}
			if ret != ProbeHandled && orig != nil && info.Data == nil {
				info.Type = ProbeTypeInvalid
				dropped = true
			}
			switch ret {
			case ProbeRemove:
				p.removeProbeLocked(pr)
			case ProbeDrop:
				info.Type = ProbeTypeInvalid
				dropped = true
			case ProbeHandled:
				handled = true
			case ProbePass:
				pass = true
			}
			if cookie != p.probeCookie {
				break
			}
		}
		if cookie != p.probeCookie {
			continue
		}
		break
	}
	if dropped {
		return flowProbeDropped
	}
	if handled {
		return flowProbeHandled
	}
	if !marshalled && isBlock {
		return FlowOK
	}
	if pass {
		return FlowOK
	}
	if isBlock {
		for p.flags&PadFlagBlocked != 0 {
			if p.flags&PadFlagFlushing != 0 {
				return FlowFlushing
			}
			cookie := p.probeCookie
			p.flags |= PadFlagBlocking
			p.blockCond.Wait()
			p.flags &^= PadFlagBlocking
			if cookie != p.probeCookie {
				goto again
			}
			if p.flags&PadFlagFlushing != 0 {
				return FlowFlushing
			}
		}
	}
	return def
}

func (p *Pad) probeMatches(flags, typ PadProbeType) bool {
	if flags&ProbeTypeScheduling&typ == 0 {
		return false
	}
	if typ&ProbeTypePush != 0 {
		if typ&ProbeTypeIdle == 0 && flags&probeTypeAllBothAndFlush&typ == 0 {
			return false
		}
	} else if typ&ProbeTypePull != 0 {
		if typ&ProbeTypeBlocking == 0 && flags&probeTypeAllBothAndFlush&typ == 0 {
			return false
		}
	} else {
		return false
	}
	if typ&ProbeTypeBlocking != 0 && flags&ProbeTypeBlocking&typ == 0 {
		return false
	}
	if typ&ProbeTypeBlocking == 0 && flags&ProbeTypeBlocking != 0 {
		return false
	}
	if typ&ProbeTypeEventFlush != 0 && flags&ProbeTypeEventFlush&typ == 0 {
		return false
	}
	return true
}
