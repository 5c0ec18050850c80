package coreelements

import (
	"sync"
	"sync/atomic"

	"github.com/gstmini/gstmini/gst"
)

// Valve lets data through or drops it, depending on its "drop" property,
// which can be flipped at any time. While dropping, drop-mode decides what
// happens to events: all dropped (drop-all), sticky events forwarded
// (forward-sticky-events), or sticky events forwarded and every dropped
// buffer replaced by a GAP event (transform-to-gap). Sticky events that
// were dropped are pushed again before the next data once the valve
// reopens, and the first buffer after dropping is marked DISCONT.
// Serialized queries fail while dropping.
//
// Example launch line:
//
//	gst-launch-1.0 videotestsrc ! valve drop=false ! autovideosink
//
// All methods are safe for concurrent use.
//
// GStreamer: GstValve (plugins/elements/gstvalve.c).
type Valve struct {
	gst.ElementBase

	srcpad  *gst.Pad
	sinkpad *gst.Pad

	drop atomic.Bool

	mu       sync.Mutex // guards dropMode
	dropMode int

	// streaming state, touched under the sink pad's stream lock
	discont          bool
	needRepushSticky atomic.Bool // also set by non-serialized events
}

// The drop modes of a Valve (values of the "drop-mode" property).
//
// GStreamer: GstValveDropMode (plugins/elements/gstvalve.h).
const (
	ValveDropAll             = 0 // drop all buffers and events
	ValveForwardStickyEvents = 1 // drop buffers, forward sticky events
	ValveTransformToGap      = 2 // turn buffers into GAP events, forward sticky events
)

// ValveDropModeEnum is the GstValveDropMode enumeration of "drop-mode".
//
// GStreamer: gst_valve_drop_mode_get_type (plugins/elements/gstvalve.c).
var ValveDropModeEnum = &gst.EnumClass{Name: "GstValveDropMode", Values: []gst.EnumValue{
	{Value: ValveDropAll, Name: "Drop all buffers and events", Nick: "drop-all"},
	{Value: ValveForwardStickyEvents, Name: "Drop all buffers but forward sticky events", Nick: "forward-sticky-events"},
	{Value: ValveTransformToGap, Name: "Convert all dropped buffers into gap events and forward sticky events", Nick: "transform-to-gap"},
}}

var (
	valveSrcTemplate  = gst.MustNewPadTemplate("src", gst.PadSrc, gst.PadAlways, gst.NewCapsAny())
	valveSinkTemplate = gst.MustNewPadTemplate("sink", gst.PadSink, gst.PadAlways, gst.NewCapsAny())
)

// ValveClass is the element class (factory) of "valve".
//
// GStreamer: gst_valve_class_init (plugins/elements/gstvalve.c).
var ValveClass = &gst.ElementClass{
	Name:     "valve",
	Plugin:   PluginInfo,
	TypeName: "GstValve",
	Rank:     gst.RankNone,
	Metadata: gst.ElementMetadata{
		LongName:    "Valve element",
		Klass:       "Filter",
		Description: "Drops buffers and events or lets them through",
		Author:      "Olivier Crete <olivier.crete@collabora.co.uk>",
		DocURI:      "https://gstreamer.freedesktop.org/documentation/coreelements/valve.html",
	},
	PadTemplates: []*gst.PadTemplate{valveSrcTemplate, valveSinkTemplate},
	Properties: []*gst.ParamSpec{
		gst.ParamBool("drop", "Drop buffers and events",
			"Whether to drop buffers and events or let them through", false,
			gst.ParamReadWrite|gst.ParamMutablePlaying),
		gst.ParamEnum("drop-mode", "Drop mode", "The drop mode to use", ValveDropModeEnum,
			ValveDropAll, gst.ParamReadWrite|gst.ParamMutableReady),
	},
	New: func() gst.Element { return &Valve{} },
}

var (
	_ gst.Constructor    = (*Valve)(nil)
	_ gst.PropertySetter = (*Valve)(nil)
	_ gst.PropertyGetter = (*Valve)(nil)
)

// Constructed creates the source and sink pads. Called once by the
// factory.
//
// GStreamer: gst_valve_init (plugins/elements/gstvalve.c).
func (v *Valve) Constructed() error {
	v.srcpad = gst.NewPadFromTemplate(valveSrcTemplate, "src")
	v.srcpad.SetQueryFunc(v.query)
	v.srcpad.SetFlags(gst.PadFlagProxyCaps)
	if err := v.AddPad(v.srcpad); err != nil {
		return err
	}
	v.sinkpad = gst.NewPadFromTemplate(valveSinkTemplate, "sink")
	v.sinkpad.SetChainFunc(v.chain)
	v.sinkpad.SetEventFunc(v.sinkEvent)
	v.sinkpad.SetQueryFunc(v.query)
	v.sinkpad.SetFlags(gst.PadFlagProxyCaps | gst.PadFlagProxyAllocation)
	return v.AddPad(v.sinkpad)
}

// SetProperty sets "drop" or "drop-mode". Opening or closing the valve
// sends a RECONFIGURE event upstream. Safe for concurrent use.
//
// GStreamer: gst_valve_set_property (plugins/elements/gstvalve.c).
func (v *Valve) SetProperty(name string, val any) error {
	switch name {
	case "drop":
		drop := val.(bool)
		if v.drop.CompareAndSwap(!drop, drop) {
			v.sinkpad.PushEvent(gst.NewReconfigureEvent())
		}
	case "drop-mode":
		v.mu.Lock()
		v.dropMode = val.(int)
		v.mu.Unlock()
	}
	return nil
}

// Property returns "drop" or "drop-mode". Safe for concurrent use.
//
// GStreamer: gst_valve_get_property (plugins/elements/gstvalve.c).
func (v *Valve) Property(name string) any {
	switch name {
	case "drop":
		return v.drop.Load()
	case "drop-mode":
		return v.mode()
	}
	return nil
}

func (v *Valve) mode() int {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.dropMode
}

func (v *Valve) repushSticky() {
	v.needRepushSticky.Store(false)
	v.sinkpad.StickyEventsForEach(func(ev gst.Event) bool {
		if !v.srcpad.PushEvent(ev) {
			v.needRepushSticky.Store(true)
		}
		return true
	})
}

func (v *Valve) chain(_ *gst.Pad, buf *gst.Buffer) error {
	var err error
	if v.drop.Load() {
		if v.mode() == ValveTransformToGap {
			v.srcpad.PushEvent(gst.NewGapEvent(buf.PTS, buf.Duration))
		}
		buf.Unref()
		v.discont = true
	} else {
		if v.discont {
			buf = buf.MakeWritable()
			buf.SetFlags(gst.BufferFlagDiscont)
			v.discont = false
		}
		if v.needRepushSticky.Load() {
			v.repushSticky()
		}
		err = v.srcpad.Push(buf)
	}
	// ignore errors if drop was set while blocked downstream
	if v.drop.Load() {
		err = nil
	}
	return err
}

func (v *Valve) eventNeedsDropping(ev gst.Event) bool {
	if !v.drop.Load() {
		return false
	}
	switch v.mode() {
	case ValveForwardStickyEvents:
		return !ev.Type().IsSticky()
	case ValveTransformToGap:
		return !ev.Type().IsSticky() && ev.Type() != gst.EventGap
	}
	return true
}

func (v *Valve) sinkEvent(pad *gst.Pad, ev gst.Event) bool {
	drop := v.eventNeedsDropping(ev)
	sticky := ev.Type().IsSticky()
	ret := true
	if drop {
		if sticky {
			v.needRepushSticky.Store(true)
		}
	} else {
		if v.needRepushSticky.Load() {
			v.repushSticky()
		}
		ret = pad.EventDefault(ev)
	}
	// ignore errors if drop was set while blocked downstream, or while
	// forwarding sticky events in a dropping mode
	if v.drop.Load() {
		if v.mode() == ValveDropAll {
			if sticky {
				v.needRepushSticky.Store(true)
			}
		}
		ret = true
	}
	return ret
}

func (v *Valve) query(pad *gst.Pad, q gst.Query) bool {
	if q.Type().IsSerialized() && v.drop.Load() {
		return false
	}
	return pad.QueryDefault(q)
}
