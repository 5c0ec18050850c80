package base

import (
	"sync"

	"github.com/gstmini/gstmini/gst"
)

// combinerPad is one pad of a FlowCombiner with the flow last given for it
// through UpdatePadFlow or Reset.
type combinerPad struct {
	pad *gst.Pad
	// own is the flow set by UpdatePadFlow/Reset; snap is the pad's own
	// last flow return at that moment. While the pad's value still equals
	// snap (no push since), own wins; after a push the pad's value wins.
	own, snap gst.FlowReturn
	hasOwn    bool
}

func (c *combinerPad) flow() gst.FlowReturn {
	cur := c.pad.LastFlowReturn()
	if c.hasOwn && cur == c.snap {
		return c.own
	}
	return cur
}

// FlowCombiner combines the flow returns of the source pads of a
// demuxer-like element into the one flow its sink pad returns upstream:
// a fatal flow (not-negotiated, error, custom errors) or flushing on any
// pad wins at once; not-linked only when every pad is not-linked; EOS only
// when every linked pad is EOS; otherwise OK.
//
// The combiner reads each pad's last flow return (Pad.LastFlowReturn, set
// by Pad.Push); UpdatePadFlow and Reset record a flow for a pad that
// overrides it until the pad pushes again. Safe for concurrent use.
//
// GStreamer: GstFlowCombiner (libs/gst/base/gstflowcombiner.c).
type FlowCombiner struct {
	mu      sync.Mutex
	pads    []*combinerPad
	lastRet gst.FlowReturn
}

// NewFlowCombiner returns a combiner without pads whose last result is OK.
//
// GStreamer: gst_flow_combiner_new (libs/gst/base/gstflowcombiner.c).
func NewFlowCombiner() *FlowCombiner { return &FlowCombiner{} }

// AddPad adds pad to the pads whose flows are combined. Adding a pad twice
// has no effect; nil is ignored. Safe for concurrent use.
//
// GStreamer: gst_flow_combiner_add_pad (libs/gst/base/gstflowcombiner.c).
func (c *FlowCombiner) AddPad(pad *gst.Pad) {
	if pad == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, p := range c.pads {
		if p.pad == pad {
			return
		}
	}
	c.pads = append(c.pads, &combinerPad{pad: pad})
}

// RemovePad removes pad from the combiner; unknown pads are ignored. Safe
// for concurrent use.
//
// GStreamer: gst_flow_combiner_remove_pad (libs/gst/base/gstflowcombiner.c).
func (c *FlowCombiner) RemovePad(pad *gst.Pad) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, p := range c.pads {
		if p.pad == pad {
			c.pads = append(c.pads[:i], c.pads[i+1:]...)
			return
		}
	}
}

// Reset sets the recorded flow of every pad and the last combined result
// to OK, as after a flush. Safe for concurrent use.
//
// GStreamer: gst_flow_combiner_reset (libs/gst/base/gstflowcombiner.c).
func (c *FlowCombiner) Reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, p := range c.pads {
		p.own, p.snap, p.hasOwn = gst.FlowOK, p.pad.LastFlowReturn(), true
	}
	c.lastRet = gst.FlowOK
}

// Clear removes every pad and sets the last combined result to OK. Safe
// for concurrent use.
//
// GStreamer: gst_flow_combiner_clear (libs/gst/base/gstflowcombiner.c).
func (c *FlowCombiner) Clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.pads = nil
	c.lastRet = gst.FlowOK
}

// combinedLocked combines the pads' flows. With no pads the result is
// not-linked, as in GStreamer.
func (c *FlowCombiner) combinedLocked() gst.FlowReturn {
	allEOS, allNotLinked := true, true
	for _, p := range c.pads {
		f := p.flow()
		if f <= gst.FlowNotNegotiated || f == gst.FlowFlushing {
			return f
		}
		if f != gst.FlowNotLinked {
			allNotLinked = false
			if f != gst.FlowEOS {
				allEOS = false
			}
		}
	}
	switch {
	case allNotLinked:
		return gst.FlowNotLinked
	case allEOS:
		return gst.FlowEOS
	}
	return gst.FlowOK
}

// UpdateFlow combines err (the result of the latest push on one of the
// pads) with the last flows of all pads and returns the flow the element
// should return upstream, as an error (nil for OK; sentinels for the
// others). A fatal flow or flushing is returned as is. Safe for
// concurrent use.
//
// GStreamer: gst_flow_combiner_update_flow (libs/gst/base/gstflowcombiner.c).
func (c *FlowCombiner) UpdateFlow(err error) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.updateLocked(gst.FlowFromError(err), err)
}

func (c *FlowCombiner) updateLocked(f gst.FlowReturn, err error) error {
	if c.lastRet == f {
		return flowToErr(f, err)
	}
	var ret gst.FlowReturn
	if f <= gst.FlowNotNegotiated || f == gst.FlowFlushing {
		ret = f
	} else {
		ret = c.combinedLocked()
	}
	c.lastRet = ret
	return flowToErr(ret, err)
}

// flowToErr returns err itself when it carries flow f (keeping its
// reason), else the sentinel of f.
func flowToErr(f gst.FlowReturn, err error) error {
	if err != nil && gst.FlowFromError(err) == f {
		return err
	}
	return f.Err()
}

// UpdatePadFlow records err as the last flow of pad (nil pad: none) and
// then combines as UpdateFlow does. Safe for concurrent use.
//
// GStreamer: gst_flow_combiner_update_pad_flow (libs/gst/base/gstflowcombiner.c).
func (c *FlowCombiner) UpdatePadFlow(pad *gst.Pad, err error) error {
	f := gst.FlowFromError(err)
	c.mu.Lock()
	defer c.mu.Unlock()
	if pad != nil {
		for _, p := range c.pads {
			if p.pad == pad {
				p.own, p.snap, p.hasOwn = f, pad.LastFlowReturn(), true
			}
		}
	}
	return c.updateLocked(f, err)
}
