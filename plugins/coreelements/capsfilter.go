package coreelements

import (
	"fmt"
	"sync"

	"github.com/gstmini/gstmini/base"
	"github.com/gstmini/gstmini/gst"
)

// CapsFilterCapsChangeMode says how capsfilter treats buffers still
// negotiated with the previous filter caps after "caps" changed.
//
// GStreamer: GstCapsFilterCapsChangeMode (plugins/elements/gstcapsfilter.h).
type CapsFilterCapsChangeMode int

// The caps change modes.
//
// GStreamer: GST_CAPS_FILTER_CAPS_CHANGE_MODE_* (plugins/elements/gstcapsfilter.h).
const (
	// CapsFilterCapsChangeImmediate accepts only the current filter caps.
	CapsFilterCapsChangeImmediate CapsFilterCapsChangeMode = 0
	// CapsFilterCapsChangeDelayed also accepts the previous filter caps
	// until upstream renegotiated.
	CapsFilterCapsChangeDelayed CapsFilterCapsChangeMode = 1
)

var capsfilterChangeModeEnum = &gst.EnumClass{Name: "GstCapsFilterCapsChangeMode", Values: []gst.EnumValue{
	{Value: 0, Name: "Only accept the current filter caps", Nick: "immediate"},
	{Value: 1, Name: "Temporarily accept previous filter caps", Nick: "delayed"},
}}

var (
	capsfilterSinkTemplate = gst.MustNewPadTemplate("sink", gst.PadSink, gst.PadAlways, gst.NewCapsAny())
	capsfilterSrcTemplate  = gst.MustNewPadTemplate("src", gst.PadSrc, gst.PadAlways, gst.NewCapsAny())
)

// CapsFilterClass is the "capsfilter" element factory.
//
// GStreamer: GstCapsFilterClass (plugins/elements/gstcapsfilter.c).
var CapsFilterClass = &gst.ElementClass{
	Name:     "capsfilter",
	TypeName: "GstCapsFilter",
	Rank:     gst.RankNone,
	Metadata: gst.ElementMetadata{
		LongName:    "CapsFilter",
		Klass:       "Generic",
		Description: "Pass data without modification, limiting formats",
		Author:      "David Schleef <ds@schleef.org>",
		DocURI:      "https://gstreamer.freedesktop.org/documentation/coreelements/capsfilter.html",
	},
	PadTemplates: []*gst.PadTemplate{capsfilterSrcTemplate, capsfilterSinkTemplate},
	Properties: append(base.TransformProperties(),
		gst.ParamCaps("caps", "Filter caps",
			"Restrict the possible allowed capabilities (NULL means ANY). Setting this property takes a reference to the supplied GstCaps object.",
			gst.ParamReadWrite|gst.ParamMutablePlaying),
		gst.ParamEnum("caps-change-mode", "Caps Change Mode", "Filter caps change behaviour",
			capsfilterChangeModeEnum, 0, gst.ParamReadWrite|gst.ParamMutablePlaying),
	),
	New:    func() gst.Element { return &CapsFilter{} },
	Plugin: PluginInfo,
}

// CapsFilter passes buffers unchanged while restricting the caps that can
// be negotiated through it to "caps" (nil means ANY): caps queries are
// intersected with the filter, incompatible caps are refused (so upstream
// fails with not-negotiated), and when upstream sends no caps but the
// filter allows exactly one fixed caps, that caps is pushed before the
// first buffer. "caps" may change in PLAYING; upstream is then asked to
// reconfigure.
//
// GStreamer: GstCapsFilter (plugins/elements/gstcapsfilter.c).
type CapsFilter struct {
	base.Transform

	smu          sync.Mutex // the object lock
	filterCaps   *gst.Caps
	filterUsed   bool
	changeMode   CapsFilterCapsChangeMode
	previousCaps []*gst.Caps // newest first

	// streaming state (sink pad stream lock)
	gotSinkCaps   bool
	pendingEvents []gst.Event // oldest first
}

// Constructed chains up to base.Transform, makes the element passthrough
// and gap aware and sets the filter to ANY.
//
// GStreamer: gst_capsfilter_init (plugins/elements/gstcapsfilter.c).
func (c *CapsFilter) Constructed() error {
	if err := c.Transform.Constructed(); err != nil {
		return err
	}
	c.SetGapAware(true)
	c.SetPreferPassthrough(false)
	c.SetPassthrough(true)
	c.filterCaps = gst.NewCapsAny()
	return nil
}

// SetProperty sets "caps" (nil = ANY; the sink is asked to reconfigure)
// and "caps-change-mode", and passes "qos" to base.Transform.
//
// GStreamer: gst_capsfilter_set_property (plugins/elements/gstcapsfilter.c).
func (c *CapsFilter) SetProperty(name string, v any) error {
	switch name {
	case "caps":
		caps, _ := v.(*gst.Caps)
		if caps == nil {
			caps = gst.NewCapsAny()
		}
		c.smu.Lock()
		old := c.filterCaps
		c.filterCaps = caps
		if old != nil && c.filterUsed && c.changeMode == CapsFilterCapsChangeDelayed {
			c.previousCaps = append([]*gst.Caps{old}, c.previousCaps...)
		} else if c.changeMode != CapsFilterCapsChangeDelayed {
			c.previousCaps = nil
		}
		c.filterUsed = false
		c.smu.Unlock()
		c.ReconfigureSink()
		return nil
	case "caps-change-mode":
		c.smu.Lock()
		m := CapsFilterCapsChangeMode(v.(int))
		if m != c.changeMode {
			c.previousCaps = nil
		}
		c.changeMode = m
		c.smu.Unlock()
		return nil
	}
	return c.Transform.SetProperty(name, v)
}

// Property returns "caps" (a *gst.Caps, ANY when unset) and
// "caps-change-mode".
//
// GStreamer: gst_capsfilter_get_property (plugins/elements/gstcapsfilter.c).
func (c *CapsFilter) Property(name string) any {
	switch name {
	case "caps":
		c.smu.Lock()
		defer c.smu.Unlock()
		return c.filterCaps
	case "caps-change-mode":
		c.smu.Lock()
		defer c.smu.Unlock()
		return int(c.changeMode)
	}
	return c.Transform.Property(name)
}

// TransformCaps intersects caps with the filter caps (and filter), filter
// caps first. In delayed mode, when the result is empty, it retries with
// the merged previous filter caps.
//
// GStreamer: gst_capsfilter_transform_caps (plugins/elements/gstcapsfilter.c).
func (c *CapsFilter) TransformCaps(dir gst.PadDirection, caps, filter *gst.Caps) *gst.Caps {
	c.smu.Lock()
	fcaps := c.filterCaps
	c.filterUsed = true
	mode := c.changeMode
	c.smu.Unlock()
	retried := false
	for {
		if filter != nil {
			fcaps = filter.IntersectFull(fcaps, gst.CapsIntersectFirst)
		}
		ret := fcaps.IntersectFull(caps, gst.CapsIntersectFirst)
		if !ret.IsEmpty() || mode != CapsFilterCapsChangeDelayed || retried {
			return ret
		}
		c.smu.Lock()
		if len(c.previousCaps) == 0 {
			c.smu.Unlock()
			return ret
		}
		fcaps = gst.NewCapsEmpty()
		for _, p := range c.previousCaps {
			fcaps = fcaps.Merge(p)
		}
		c.smu.Unlock()
		retried = true
	}
}

// AcceptCaps accepts caps that intersect the filter caps (or, in delayed
// mode, one of the previous filter caps, asking upstream to reconfigure).
//
// GStreamer: gst_capsfilter_accept_caps (plugins/elements/gstcapsfilter.c).
func (c *CapsFilter) AcceptCaps(dir gst.PadDirection, caps *gst.Caps) bool {
	c.smu.Lock()
	fcaps := c.filterCaps
	c.filterUsed = true
	mode := c.changeMode
	c.smu.Unlock()
	ok := caps.CanIntersect(fcaps)
	if !ok && mode == CapsFilterCapsChangeDelayed {
		c.smu.Lock()
		for _, p := range c.previousCaps {
			if caps.CanIntersect(p) {
				ok = true
				break
			}
		}
		c.smu.Unlock()
		if ok {
			c.ReconfigureSink()
		}
	}
	return ok
}

// PrepareOutputBuffer returns the input buffer. When upstream sent no caps
// it takes the allowed caps of the source pad: if they are fixed it pushes
// them as CAPS, followed by the sticky events held back, otherwise it
// fails with a STREAM FORMAT error ("Filter caps do not completely specify
// the output format"). Called from the streaming thread.
//
// GStreamer: gst_capsfilter_prepare_buf (plugins/elements/gstcapsfilter.c).
func (c *CapsFilter) PrepareOutputBuffer(in *gst.Buffer) (*gst.Buffer, error) {
	src := c.SrcPad()
	if src.Mode() == gst.PadModePush && !c.gotSinkCaps {
		pending := c.pendingEvents
		c.pendingEvents = nil
		out := src.CurrentCaps()
		if out == nil {
			out = src.AllowedCaps()
			if out == nil {
				return nil, gst.NewFlowError(gst.FlowError, "%s: no allowed caps on the source pad", c.Name())
			}
		}
		out = out.Simplify()
		if !out.IsFixed() || out.IsEmpty() {
			err := &gst.StreamError{Code: gst.StreamErrorFormat, Msg: "Filter caps do not completely specify the output format"}
			c.PostError(err, fmt.Sprintf("Output caps are unfixed: %s", out))
			return nil, gst.NewFlowError(gst.FlowError, "%s: %v", c.Name(), err)
		}
		if !src.HasCurrentCaps() {
			if !src.PushEvent(gst.NewCapsEvent(out)) && !src.HasCurrentCaps() {
				return nil, gst.NewFlowError(gst.FlowNotNegotiated, "%s: could not set caps %s", c.Name(), out)
			}
		}
		c.pushPending(pending)
		return in, nil
	}
	if len(c.pendingEvents) > 0 {
		pending := c.pendingEvents
		c.pendingEvents = nil
		c.pushPending(pending)
	}
	return in, nil
}

func (c *CapsFilter) pushPending(events []gst.Event) {
	for _, ev := range events {
		c.Transform.SinkEvent(ev)
	}
}

// SinkEvent holds back sticky events that come after CAPS (SEGMENT, TAG,
// ...) while upstream has sent no caps, so that the caps capsfilter may
// push before the first buffer precede them; EOS releases them. After a
// CAPS event in delayed mode it forgets the previous filter caps that no
// longer apply. Everything else chains up to base.Transform.SinkEvent.
//
// GStreamer: gst_capsfilter_sink_event (plugins/elements/gstcapsfilter.c).
func (c *CapsFilter) SinkEvent(ev gst.Event) bool {
	t := ev.Type()
	if t == gst.EventFlushStop {
		for i, p := range c.pendingEvents {
			if pt := p.Type(); pt == gst.EventSegment || pt == gst.EventEOS {
				c.pendingEvents = append(c.pendingEvents[:i], c.pendingEvents[i+1:]...)
				break
			}
		}
	}
	if t.IsSticky() && t > gst.EventCaps {
		if t == gst.EventEOS {
			pending := c.pendingEvents
			c.pendingEvents = nil
			c.pushPending(pending)
		} else if !c.gotSinkCaps {
			c.pendingEvents = append(c.pendingEvents, ev)
			return true
		}
	}
	ret := c.Transform.SinkEvent(ev)
	if ce, ok := ev.(*gst.CapsEvent); ok {
		c.gotSinkCaps = true
		c.smu.Lock()
		if c.changeMode == CapsFilterCapsChangeDelayed {
			// keep the previous caps up to (and including) the oldest
			// compatible one, from the newest
			found := -1
			for i := len(c.previousCaps) - 1; i >= 0; i-- {
				if ce.Caps.CanIntersect(c.previousCaps[i]) {
					found = i
					break
				}
			}
			if found >= 0 {
				c.previousCaps = c.previousCaps[:found+1]
			} else if ce.Caps.CanIntersect(c.filterCaps) {
				c.previousCaps = nil
				c.filterUsed = true
			}
		}
		c.smu.Unlock()
	}
	return ret
}

// Stop drops held-back events and previous filter caps and forgets the
// sink caps.
//
// GStreamer: gst_capsfilter_stop (plugins/elements/gstcapsfilter.c).
func (c *CapsFilter) Stop() error {
	c.pendingEvents = nil
	c.smu.Lock()
	c.previousCaps = nil
	c.smu.Unlock()
	c.gotSinkCaps = false
	return nil
}
