package coreelements

import (
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/gstmini/gstmini/gst"
)

// Funnel merges the streams arriving on any number of request sink pads
// (sink_%u) into its single source pad, in arrival order. When data
// starts coming from another sink pad, that pad's sticky events
// (stream-start, caps, segment...) are pushed first if
// forward-sticky-events is set; GAP events count as data for this. EOS
// goes out only once every sink pad got EOS (or the last pad that had not
// is released).
//
// Example launch line:
//
//	gst-launch-1.0 videotestsrc ! funnel name=f ! fakesink  audiotestsrc ! f.
//
// All methods are safe for concurrent use.
//
// GStreamer: GstFunnel (plugins/elements/gstfunnel.c).
type Funnel struct {
	gst.ElementBase

	srcpad *gst.Pad

	mu                  sync.Mutex // object lock: forwardStickyEvents, got-EOS flags
	forwardStickyEvents bool

	lastSinkpad *gst.Pad // guarded by srcpad's stream lock
}

// funnelPad is the per-pad state of a funnel sink pad (GstFunnelPad).
type funnelPad struct {
	gotEOS bool // guarded by Funnel.mu
}

var (
	funnelSinkTemplate = gst.MustNewPadTemplate("sink_%u", gst.PadSink, gst.PadRequest, gst.NewCapsAny())
	funnelSrcTemplate  = gst.MustNewPadTemplate("src", gst.PadSrc, gst.PadAlways, gst.NewCapsAny())
	// funnelPadCount names pads requested without a name "funnelpad0",
	// "funnelpad1"... as GObject's default naming of GstFunnelPad does.
	funnelPadCount atomic.Uint64
)

// FunnelClass is the element class (factory) of "funnel".
//
// GStreamer: gst_funnel_class_init (plugins/elements/gstfunnel.c).
var FunnelClass = &gst.ElementClass{
	Name:     "funnel",
	Plugin:   PluginInfo,
	TypeName: "GstFunnel",
	Rank:     gst.RankNone,
	Metadata: gst.ElementMetadata{
		LongName:    "Funnel pipe fitting",
		Klass:       "Generic",
		Description: "N-to-1 pipe fitting",
		Author:      "Olivier Crete <olivier.crete@collabora.co.uk>",
		DocURI:      "https://gstreamer.freedesktop.org/documentation/coreelements/funnel.html",
	},
	PadTemplates: []*gst.PadTemplate{funnelSinkTemplate, funnelSrcTemplate},
	Properties: []*gst.ParamSpec{
		gst.ParamBool("forward-sticky-events", "Forward sticky events",
			"Forward sticky events on stream changes", true, gst.ParamReadWrite|gst.ParamMutableReady),
	},
	New: func() gst.Element { return &Funnel{} },
}

var (
	_ gst.Constructor    = (*Funnel)(nil)
	_ gst.PropertySetter = (*Funnel)(nil)
	_ gst.PropertyGetter = (*Funnel)(nil)
	_ gst.PadRequester   = (*Funnel)(nil)
	_ gst.PadReleaser    = (*Funnel)(nil)
)

// Constructed creates the source pad. Called once by the factory.
//
// GStreamer: gst_funnel_init (plugins/elements/gstfunnel.c).
func (f *Funnel) Constructed() error {
	f.forwardStickyEvents = true
	f.srcpad = gst.NewPadFromTemplate(funnelSrcTemplate, "src")
	f.srcpad.UseFixedCaps()
	return f.AddPad(f.srcpad)
}

// SetProperty sets "forward-sticky-events". Safe for concurrent use.
//
// GStreamer: gst_funnel_set_property (plugins/elements/gstfunnel.c).
func (f *Funnel) SetProperty(name string, v any) error {
	if name == "forward-sticky-events" {
		f.mu.Lock()
		f.forwardStickyEvents = v.(bool)
		f.mu.Unlock()
	}
	return nil
}

// Property returns "forward-sticky-events". Safe for concurrent use.
//
// GStreamer: gst_funnel_get_property (plugins/elements/gstfunnel.c).
func (f *Funnel) Property(name string) any {
	if name == "forward-sticky-events" {
		f.mu.Lock()
		defer f.mu.Unlock()
		return f.forwardStickyEvents
	}
	return nil
}

// RequestNewPad creates and adds a sink pad; name "" gives
// "funnelpadN". Safe for concurrent use.
//
// GStreamer: gst_funnel_request_new_pad (plugins/elements/gstfunnel.c).
func (f *Funnel) RequestNewPad(tmpl *gst.PadTemplate, name string, _ *gst.Caps) *gst.Pad {
	if name == "" {
		name = "funnelpad" + strconv.FormatUint(funnelPadCount.Add(1)-1, 10)
	}
	pad := gst.NewPadFromTemplate(tmpl, name)
	pad.ElementPrivate = &funnelPad{}
	pad.SetChainFunc(f.chain)
	pad.SetChainListFunc(f.chainList)
	pad.SetEventFunc(f.sinkEvent)
	pad.SetFlags(gst.PadFlagProxyCaps | gst.PadFlagProxyAllocation)
	if err := f.AddPad(pad); err != nil {
		return nil
	}
	return pad
}

// ReleasePad deactivates and removes a sink pad. If it was the last one
// without EOS while all others are EOS, EOS is pushed downstream. Safe
// for concurrent use.
//
// GStreamer: gst_funnel_release_pad (plugins/elements/gstfunnel.c).
func (f *Funnel) ReleasePad(pad *gst.Pad) {
	fp, ok := pad.ElementPrivate.(*funnelPad)
	if !ok {
		return
	}
	pad.SetActive(false)
	f.mu.Lock()
	gotEOS := fp.gotEOS
	f.mu.Unlock()
	f.RemovePad(pad)
	f.mu.Lock()
	sendEOS := !gotEOS && f.allSinkpadsEOSLocked()
	f.mu.Unlock()
	if sendEOS {
		f.srcpad.PushEvent(gst.NewEOSEvent())
	}
}

// ChangeState chains up and clears the got-EOS state of every sink pad on
// PAUSED→READY.
//
// GStreamer: gst_funnel_change_state (plugins/elements/gstfunnel.c).
func (f *Funnel) ChangeState(t gst.StateChange) gst.StateChangeReturn {
	ret := f.ElementBase.ChangeState(t)
	if ret == gst.StateChangeFailure {
		return ret
	}
	if t == gst.StateChangePausedToReady {
		pads := f.SinkPads()
		f.mu.Lock()
		for _, p := range pads {
			if fp, ok := p.ElementPrivate.(*funnelPad); ok {
				fp.gotEOS = false
			}
		}
		f.mu.Unlock()
	}
	return ret
}

// allSinkpadsEOSLocked reports whether there are sink pads and all got
// EOS (f.mu held).
func (f *Funnel) allSinkpadsEOSLocked() bool {
	pads := f.SinkPads()
	if len(pads) == 0 {
		return false
	}
	for _, p := range pads {
		if fp, ok := p.ElementPrivate.(*funnelPad); ok && !fp.gotEOS {
			return false
		}
	}
	return true
}

func (f *Funnel) forwardSticky() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.forwardStickyEvents
}

// switchTo makes pad the active input, pushing its sticky events (but EOS)
// when it changes (srcpad's stream lock held).
func (f *Funnel) switchTo(pad *gst.Pad) {
	if f.lastSinkpad == nil || (f.lastSinkpad != pad && f.forwardSticky()) {
		f.lastSinkpad = pad
		pad.StickyEventsForEach(func(ev gst.Event) bool {
			if ev.Type() != gst.EventEOS {
				f.srcpad.PushEvent(ev)
			}
			return true
		})
	}
}

func (f *Funnel) chain(pad *gst.Pad, buf *gst.Buffer) error {
	f.srcpad.StreamLock()
	defer f.srcpad.StreamUnlock()
	f.switchTo(pad)
	return f.srcpad.Push(buf)
}

func (f *Funnel) chainList(pad *gst.Pad, list *gst.BufferList) error {
	f.srcpad.StreamLock()
	defer f.srcpad.StreamUnlock()
	f.switchTo(pad)
	return f.srcpad.PushList(list)
}

func (f *Funnel) sinkEvent(pad *gst.Pad, ev gst.Event) bool {
	fp, _ := pad.ElementPrivate.(*funnelPad)
	forward := true
	locked := false
	t := ev.Type()
	if t.IsSticky() {
		locked = true
		f.srcpad.StreamLock()
		if t == gst.EventEOS {
			f.mu.Lock()
			if fp != nil {
				fp.gotEOS = true
			}
			forward = f.allSinkpadsEOSLocked()
			f.mu.Unlock()
		} else if pad != f.lastSinkpad {
			forward = false
		}
	} else if t == gst.EventFlushStop {
		locked = true
		f.srcpad.StreamLock()
		f.mu.Lock()
		if fp != nil {
			fp.gotEOS = false
		}
		f.mu.Unlock()
	}
	if forward && t.IsSerialized() {
		// a serialized event without data before it: bring downstream's
		// sticky events up to date first
		if !locked {
			locked = true
			f.srcpad.StreamLock()
		}
		f.switchTo(pad)
	}
	res := true
	if forward {
		res = f.srcpad.PushEvent(ev)
	}
	if locked {
		f.srcpad.StreamUnlock()
	}
	return res
}
