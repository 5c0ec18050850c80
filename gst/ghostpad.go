package gst

import (
	"runtime"
	"sync"
	"weak"
)

// ProxyPad is a pad that forwards everything it receives to its internal
// pad, a pad of the opposite direction: the ghost pad and the internal pad
// of a ghost pad are each other's internal pad. Caps, scheduling and
// allocation queries are proxied (PadFlagProxyCaps, PadFlagProxyScheduling,
// PadFlagProxyAllocation) and the internal links of a proxy pad are its
// internal pad, so the default event and query handlers forward through it.
//
// All methods are safe for concurrent use.
//
// GStreamer: GstProxyPad (gst/gstghostpad.c).
type ProxyPad struct {
	Pad
	internal *ProxyPad // set once at construction
}

// Internal returns the proxy pad's internal pad: for a ghost pad the proxy
// pad inside it, for that proxy pad the ghost pad itself. It returns nil
// for a nil receiver.
//
// GStreamer: gst_proxy_pad_get_internal (gst/gstghostpad.c).
func (p *ProxyPad) Internal() *ProxyPad {
	if p == nil {
		return nil
	}
	return p.internal
}

// GhostPad is a pad of a bin that stands for a pad (its target) of an
// element inside the bin. Data, events and queries cross through an
// internal proxy pad of the opposite direction that is linked to the
// target. A source ghost pad forwards what its target pushes; a sink ghost
// pad forwards what it receives to its target. The target is whatever is
// linked to the internal pad, so unlinking or removing the target clears
// it.
//
// All methods are safe for concurrent use.
//
// GStreamer: GstGhostPad (gst/gstghostpad.c).
type GhostPad struct {
	ProxyPad
}

// proxyRef is what the registry of proxy pads knows about one pad.
type proxyRef struct {
	proxy weak.Pointer[ProxyPad]
	ghost weak.Pointer[GhostPad] // zero for the internal pad
}

// proxyPads maps every live proxy and ghost pad (by its embedded Pad) to
// its ProxyPad and GhostPad, weakly on both sides: an entry does not keep
// the pad alive and is deleted when the pad is collected.
var proxyPads sync.Map // weak.Pointer[Pad] -> proxyRef

func registerProxyPad(p *ProxyPad, g *GhostPad) {
	key := weak.Make(&p.Pad)
	ref := proxyRef{proxy: weak.Make(p)}
	if g != nil {
		ref.ghost = weak.Make(g)
	}
	proxyPads.Store(key, ref)
	runtime.AddCleanup(p, func(k weak.Pointer[Pad]) { proxyPads.Delete(k) }, key)
}

func lookupProxyPad(p *Pad) (proxyRef, bool) {
	if p == nil {
		return proxyRef{}, false
	}
	v, ok := proxyPads.Load(weak.Make(p))
	if !ok {
		return proxyRef{}, false
	}
	return v.(proxyRef), true
}

// AsProxyPad returns p as a *ProxyPad when p is a proxy pad (a ghost pad or
// the internal pad of one), else nil.
//
// GStreamer: GST_IS_PROXY_PAD (gst/gstghostpad.h).
func AsProxyPad(p *Pad) *ProxyPad {
	ref, ok := lookupProxyPad(p)
	if !ok {
		return nil
	}
	return ref.proxy.Value()
}

// AsGhostPad returns p as a *GhostPad when p is a ghost pad, else nil (also
// for the internal proxy pad of a ghost pad).
//
// GStreamer: GST_IS_GHOST_PAD (gst/gstghostpad.h).
func AsGhostPad(p *Pad) *GhostPad {
	ref, ok := lookupProxyPad(p)
	if !ok {
		return nil
	}
	return ref.ghost.Value()
}

// NewGhostPad returns a ghost pad named name (the target's name when "")
// for target, in the target's direction. It returns nil when target is nil
// or already linked, or the internal pad cannot be linked to it.
//
// GStreamer: gst_ghost_pad_new (gst/gstghostpad.c).
func NewGhostPad(name string, target *Pad) *GhostPad {
	if target == nil || target.IsLinked() {
		return nil
	}
	if name == "" {
		name = target.Name()
	}
	g := NewGhostPadNoTarget(name, target.Direction())
	if g == nil || !g.SetTarget(target) {
		return nil
	}
	return g
}

// NewGhostPadFromTemplate returns a ghost pad using tmpl for its direction
// and caps, with target as its target. It returns nil when target or tmpl
// is nil, target is linked, the directions differ or linking fails.
//
// GStreamer: gst_ghost_pad_new_from_template (gst/gstghostpad.c).
func NewGhostPadFromTemplate(name string, target *Pad, tmpl *PadTemplate) *GhostPad {
	if target == nil || tmpl == nil || target.IsLinked() || tmpl.Direction != target.Direction() {
		return nil
	}
	g := newGhost(name, tmpl.Direction, tmpl)
	if g == nil || !g.SetTarget(target) {
		return nil
	}
	return g
}

// NewGhostPadNoTargetFromTemplate returns a ghost pad without a target
// using tmpl for its direction and caps (an untargeted ghost pad answers
// caps queries with the template caps). It returns nil when tmpl is nil.
//
// GStreamer: gst_ghost_pad_new_no_target_from_template (gst/gstghostpad.c).
func NewGhostPadNoTargetFromTemplate(name string, tmpl *PadTemplate) *GhostPad {
	if tmpl == nil {
		return nil
	}
	return newGhost(name, tmpl.Direction, tmpl)
}

// NewGhostPadNoTarget returns a ghost pad without a target (it answers caps
// queries with ANY). It returns nil for PadUnknown.
//
// GStreamer: gst_ghost_pad_new_no_target (gst/gstghostpad.c).
func NewGhostPadNoTarget(name string, dir PadDirection) *GhostPad {
	return newGhost(name, dir, nil)
}

// newGhost builds the ghost pad and its internal proxy pad, as
// gst_ghost_pad_constructed does.
func newGhost(name string, dir PadDirection, tmpl *PadTemplate) *GhostPad {
	if dir != PadSrc && dir != PadSink {
		return nil
	}
	g := &GhostPad{}
	g.initPad(name, dir, tmpl)
	g.typeName = "GstGhostPad"
	idir := PadSink
	if dir == PadSink {
		idir = PadSrc
	}
	in := &ProxyPad{}
	in.initPad("proxypad", idir, tmpl)
	in.typeName = "GstProxyPad"
	// the internal pad does not start flushing (GST_PAD_UNSET_FLUSHING)
	in.flags &^= PadFlagFlushing
	g.internal = in
	in.internal = &g.ProxyPad
	for _, pair := range [][2]*ProxyPad{{&g.ProxyPad, in}, {in, &g.ProxyPad}} {
		p, other := pair[0], pair[1]
		p.flags |= PadFlagProxyCaps | PadFlagProxyScheduling | PadFlagProxyAllocation
		// gst_proxy_pad_iterate_internal_links_default
		p.iterIntLinkFunc = func(*Pad) []*Pad { return []*Pad{&other.Pad} }
	}
	// Data goes in through the sink-direction pad of the pair and out
	// through its source-direction pad; pulls go the other way
	// (gst_proxy_pad_chain_default, _chain_list_default, _getrange_default).
	inSink, inSrc := &g.ProxyPad.Pad, &in.Pad
	if dir == PadSrc {
		inSink, inSrc = inSrc, inSink
	}
	inSink.chainFunc = func(_ *Pad, buf *Buffer) error { return inSrc.Push(buf) }
	inSink.chainListFunc = func(_ *Pad, l *BufferList) error { return inSrc.PushList(l) }
	inSrc.getRangeFunc = func(_ *Pad, off uint64, size uint) (*Buffer, error) { return inSink.PullRange(off, size) }
	// gst_ghost_pad_activate_mode_default and
	// gst_ghost_pad_internal_activate_mode_default: push mode (de)activates
	// the other pad of the pair; pull mode propagates upstream.
	g.activateModeFunc = func(p *Pad, mode PadMode, active bool) bool {
		return ghostPadActivateMode(p, &in.Pad, mode, active)
	}
	in.activateModeFunc = func(p *Pad, mode PadMode, active bool) bool {
		return ghostPadActivateMode(p, &g.Pad, mode, active)
	}
	SetParent(in, g)
	registerProxyPad(&g.ProxyPad, g)
	registerProxyPad(in, nil)
	return g
}

// ghostPadActivateMode (de)activates p, a ghost pad or its internal pad
// whose other pad of the pair is other. Push mode (de)activates other. In
// pull mode a source-direction pad hands the activation to other (towards
// the upstream data), a sink-direction pad to its peer.
//
// GStreamer: gst_ghost_pad_activate_mode_default and
// gst_ghost_pad_internal_activate_mode_default (gst/gstghostpad.c).
func ghostPadActivateMode(p, other *Pad, mode PadMode, active bool) bool {
	switch mode {
	case PadModePush:
		return other.ActivateMode(PadModePush, active)
	case PadModePull:
		if p.Direction() == PadSrc {
			return other.ActivateMode(PadModePull, active)
		}
		if peer := p.Peer(); peer != nil {
			return peer.ActivateMode(PadModePull, active)
		}
		return !active
	}
	return false
}

// Target returns the target pad (the peer of the internal pad), or nil.
//
// GStreamer: gst_ghost_pad_get_target (gst/gstghostpad.c).
func (g *GhostPad) Target() *Pad { return g.internal.Peer() }

// SetTarget unlinks the internal pad from the old target, if any, and
// links it to target (nil only clears) without any checks. It reports
// false when target is the ghost pad itself, has the wrong direction or
// the link fails.
//
// GStreamer: gst_ghost_pad_set_target (gst/gstghostpad.c).
func (g *GhostPad) SetTarget(target *Pad) bool {
	in := &g.internal.Pad
	if target == &g.Pad {
		return false
	}
	if target == in {
		return true
	}
	if old := in.Peer(); old != nil {
		if in.Direction() == PadSrc {
			in.Unlink(old)
		} else {
			old.Unlink(in)
		}
	}
	if target == nil {
		return true
	}
	var r PadLinkReturn
	if in.Direction() == PadSrc {
		r = in.LinkFull(target, PadLinkCheckNothing)
	} else {
		r = target.LinkFull(in, PadLinkCheckNothing)
	}
	return r == PadLinkOK
}
