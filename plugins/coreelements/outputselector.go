package coreelements

import (
	"fmt"
	"sync"

	"github.com/gstmini/gstmini/gst"
)

// OutputSelector is a 1-to-N selector: everything arriving on "sink" goes
// to one of its request "src_%u" pads, the active one ("active-pad", by
// default the first pad requested). Setting "active-pad" switches on the
// next buffer: the new pad first gets the sink pad's sticky events and the
// current segment (its position set to the end of the last buffer, or
// with resend-latest to that buffer's timestamp, which is then pushed
// again). Buffers arriving while no pad is active are dropped. EOS goes
// to the pads chosen by "pad-negotiation-mode" (all of them by default),
// other events go to the active pad; caps queries are answered by all
// pads' peers (intersected), the active one's, or none (ANY).
//
//	gst-launch-1.0 videotestsrc ! output-selector name=s s. ! queue ! autovideosink s. ! queue ! fakesink
//
// GStreamer: GstOutputSelector (plugins/elements/gstoutputselector.c).
type OutputSelector struct {
	gst.ElementBase

	sinkpad *gst.Pad

	mu            sync.Mutex // GST_OBJECT_LOCK
	nbSrcpads     uint
	active        *gst.Pad
	pending       *gst.Pad
	resendLatest  bool
	negotiation   int
	latest        *gst.Buffer
	segment       gst.Segment
	segmentSeqnum uint32
	segmentSeqSet bool
}

// The values of output-selector's "pad-negotiation-mode" property.
//
// GStreamer: GstOutputSelectorPadNegotiationMode (plugins/elements/gstoutputselector.h).
const (
	OutputSelectorPadNegotiationModeNone   = 0
	OutputSelectorPadNegotiationModeAll    = 1
	OutputSelectorPadNegotiationModeActive = 2
)

// OutputSelectorPadNegotiationModeEnum is the "pad-negotiation-mode"
// enumeration.
//
// GStreamer: gst_output_selector_pad_negotiation_mode_get_type (plugins/elements/gstoutputselector.c).
var OutputSelectorPadNegotiationModeEnum = &gst.EnumClass{
	Name: "GstOutputSelectorPadNegotiationMode",
	Values: []gst.EnumValue{
		{Value: OutputSelectorPadNegotiationModeNone, Name: "None", Nick: "none"},
		{Value: OutputSelectorPadNegotiationModeAll, Name: "All", Nick: "all"},
		{Value: OutputSelectorPadNegotiationModeActive, Name: "Active", Nick: "active"},
	},
}

var (
	outputselectorSinkTemplate = gst.MustNewPadTemplate("sink", gst.PadSink, gst.PadAlways, gst.NewCapsAny())
	outputselectorSrcTemplate  = gst.MustNewPadTemplate("src_%u", gst.PadSrc, gst.PadRequest, gst.NewCapsAny())
)

// OutputSelectorClass is the element class (factory "output-selector").
//
// GStreamer: gst_output_selector_class_init (plugins/elements/gstoutputselector.c).
var OutputSelectorClass = &gst.ElementClass{
	Name:     "output-selector",
	Plugin:   PluginInfo,
	TypeName: "GstOutputSelector",
	Rank:     gst.RankNone,
	Metadata: gst.ElementMetadata{
		LongName:    "Output selector",
		Klass:       "Generic",
		Description: "1-to-N output stream selector",
		Author:      "Stefan Kost <stefan.kost@nokia.com>",
	},
	PadTemplates: []*gst.PadTemplate{outputselectorSinkTemplate, outputselectorSrcTemplate},
	Properties: []*gst.ParamSpec{
		gst.ParamObject("active-pad", "Active pad", "Currently active src pad", "GstPad",
			gst.ParamReadWrite|gst.ParamMutablePlaying),
		gst.ParamBool("resend-latest", "Resend latest buffer",
			"Resend latest buffer after a switch to a new pad", false, gst.ParamReadWrite),
		gst.ParamEnum("pad-negotiation-mode", "Pad negotiation mode", "The mode to be used for pad negotiation",
			OutputSelectorPadNegotiationModeEnum, OutputSelectorPadNegotiationModeAll, gst.ParamReadWrite),
	},
	New: func() gst.Element { return &OutputSelector{} },
}

var (
	_ gst.PadRequester = (*OutputSelector)(nil)
	_ gst.PadReleaser  = (*OutputSelector)(nil)
)

// Constructed creates the "sink" pad and sets the defaults.
//
// GStreamer: gst_output_selector_init (plugins/elements/gstoutputselector.c).
func (s *OutputSelector) Constructed() error {
	s.negotiation = OutputSelectorPadNegotiationModeAll
	s.segment.Init(gst.FormatUndefined)
	s.sinkpad = gst.NewPadFromTemplate(outputselectorSinkTemplate, "sink")
	s.sinkpad.SetChainFunc(s.chain)
	s.sinkpad.SetEventFunc(s.sinkEvent)
	s.sinkpad.SetQueryFunc(s.sinkQuery)
	return s.AddPad(s.sinkpad)
}

// SetProperty sets the element properties; "active-pad" takes a *gst.Pad
// that is a src pad of this element (nil cancels a pending switch). The
// switch happens on the next buffer, and only when the pad is linked.
//
// GStreamer: gst_output_selector_set_property (plugins/elements/gstoutputselector.c).
func (s *OutputSelector) SetProperty(name string, v any) error {
	switch name {
	case "active-pad":
		var pad *gst.Pad
		if v != nil {
			p, ok := v.(*gst.Pad)
			if !ok {
				return fmt.Errorf("output-selector: active-pad must be a *gst.Pad, not %T", v)
			}
			pad = p
		}
		if pad != nil && (pad.Direction() != gst.PadSrc || pad.ParentElement() != gst.Element(s)) {
			return fmt.Errorf("output-selector: %v is not a src pad of %s", pad, s.Name())
		}
		s.mu.Lock()
		if pad != s.active {
			s.pending = pad // nil: no switch pending
		} else {
			s.pending = nil
		}
		s.mu.Unlock()
	case "resend-latest":
		s.mu.Lock()
		s.resendLatest = v.(bool)
		s.mu.Unlock()
	case "pad-negotiation-mode":
		s.mu.Lock()
		s.negotiation = v.(int)
		s.mu.Unlock()
	default:
		return fmt.Errorf("%w: %q", gst.ErrUnknownProperty, name)
	}
	return nil
}

// Property returns a property value ("active-pad" is the pending or the
// active *gst.Pad, or nil).
//
// GStreamer: gst_output_selector_get_property (plugins/elements/gstoutputselector.c).
func (s *OutputSelector) Property(name string) any {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch name {
	case "active-pad":
		if p := s.activeLocked(); p != nil {
			return p
		}
		return nil
	case "resend-latest":
		return s.resendLatest
	case "pad-negotiation-mode":
		return s.negotiation
	}
	return nil
}

// ActivePad returns the pending or active src pad, or nil. Safe for
// concurrent use.
//
// GStreamer: gst_output_selector_get_active (plugins/elements/gstoutputselector.c).
func (s *OutputSelector) ActivePad() *gst.Pad {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.activeLocked()
}

func (s *OutputSelector) activeLocked() *gst.Pad {
	if s.pending != nil {
		return s.pending
	}
	return s.active
}

// RequestNewPad creates "src_%u" (numbered by the selector, ignoring
// name), activates it, gives it the sink pad's sticky events and makes it
// the active pad when there is none.
//
// GStreamer: gst_output_selector_request_new_pad (plugins/elements/gstoutputselector.c).
func (s *OutputSelector) RequestNewPad(tmpl *gst.PadTemplate, name string, caps *gst.Caps) *gst.Pad {
	if tmpl == nil || tmpl.Direction != gst.PadSrc {
		return nil
	}
	s.mu.Lock()
	pad := gst.NewPadFromTemplate(tmpl, fmt.Sprintf("src_%d", s.nbSrcpads))
	s.nbSrcpads++
	s.mu.Unlock()
	pad.SetEventFunc(s.srcEvent)
	pad.SetActive(true)
	outputselectorForwardSticky(s.sinkpad, pad)
	if err := s.AddPad(pad); err != nil {
		pad.SetActive(false)
		return nil
	}
	s.mu.Lock()
	first := s.active == nil
	if first {
		s.active = pad
	}
	s.mu.Unlock()
	if first {
		s.Notify(s, "active-pad")
	}
	return pad
}

// ReleasePad removes a src pad; when it was the active one no pad is
// active afterwards.
//
// GStreamer: gst_output_selector_release_pad (plugins/elements/gstoutputselector.c).
func (s *OutputSelector) ReleasePad(pad *gst.Pad) {
	s.mu.Lock()
	wasActive := s.active == pad
	if wasActive {
		s.active = nil
	}
	if s.pending == pad {
		s.pending = nil
	}
	s.mu.Unlock()
	if wasActive {
		s.Notify(s, "active-pad")
	}
	pad.SetActive(false)
	s.RemovePad(pad)
}

// outputselectorForwardSticky pushes the sticky events of from on to.
func outputselectorForwardSticky(from, to *gst.Pad) {
	var evs []gst.Event
	from.StickyEventsForEach(func(ev gst.Event) bool {
		evs = append(evs, ev)
		return true
	})
	for _, ev := range evs {
		to.PushEvent(ev)
	}
}

// srcEvent is gst_output_selector_srcpad_event_func: a seek seen on one
// src pad is sent upstream once (duplicates by seqnum are dropped).
func (s *OutputSelector) srcEvent(pad *gst.Pad, ev gst.Event) bool {
	if _, ok := ev.(*gst.SeekEvent); ok {
		s.mu.Lock()
		if s.segmentSeqSet && ev.Seqnum() == s.segmentSeqnum {
			s.mu.Unlock()
			return true
		}
		s.segmentSeqnum, s.segmentSeqSet = ev.Seqnum(), true
		s.mu.Unlock()
	}
	return pad.EventDefault(ev)
}

// switchPad is gst_output_selector_switch: the pending pad becomes active
// when it is linked, and gets the sticky events, the segment and, with
// resend-latest, the latest buffer.
func (s *OutputSelector) switchPad() {
	s.mu.Lock()
	next := s.pending
	if next == nil {
		s.mu.Unlock()
		return
	}
	s.pending = nil
	if !next.IsLinked() {
		// an unlinked pending pad fails the switch: the previous pad
		// stays active.
		s.mu.Unlock()
		return
	}
	s.active = next
	latest := s.latest
	if latest != nil {
		latest = latest.Ref()
	}
	resend := s.resendLatest
	s.mu.Unlock()
	s.Notify(s, "active-pad")
	outputselectorForwardSticky(s.sinkpad, next)
	s.mu.Lock()
	var segEv gst.Event
	if s.segment.Format != gst.FormatUndefined {
		if resend && latest != nil && latest.PTS != gst.ClockTimeNone {
			s.segment.Position = uint64(latest.PTS)
		}
		seg := s.segment
		segEv = gst.NewSegmentEvent(&seg)
	}
	s.mu.Unlock()
	if segEv != nil {
		next.PushEvent(segEv)
	}
	if latest != nil {
		if resend {
			next.Push(latest)
		} else {
			latest.Unref()
		}
	}
}

// chain is gst_output_selector_chain.
func (s *OutputSelector) chain(_ *gst.Pad, buf *gst.Buffer) error {
	for {
		s.mu.Lock()
		pending := s.pending != nil
		s.mu.Unlock()
		if !pending {
			break
		}
		s.switchPad()
	}
	s.mu.Lock()
	active := s.activeLocked()
	if active == nil {
		s.mu.Unlock()
		buf.Unref()
		return nil
	}
	if s.latest != nil {
		s.latest.Unref()
		s.latest = nil
	}
	if s.resendLatest {
		s.latest = buf.Ref()
	}
	if pos := buf.PTS; pos != gst.ClockTimeNone {
		if buf.Duration != gst.ClockTimeNone {
			pos += buf.Duration
		}
		s.segment.Position = uint64(pos)
	}
	s.mu.Unlock()
	return active.Push(buf)
}

// forwardEvent is gst_output_selector_forward_event (used for EOS).
func (s *OutputSelector) forwardEvent(ev gst.Event) bool {
	s.mu.Lock()
	mode := s.negotiation
	active := s.activeLocked()
	s.mu.Unlock()
	switch mode {
	case OutputSelectorPadNegotiationModeAll:
		return s.sinkpad.EventDefault(ev)
	case OutputSelectorPadNegotiationModeNone:
		return true
	default:
		if active != nil {
			return active.PushEvent(ev)
		}
		return true
	}
}

// sinkEvent is gst_output_selector_event.
func (s *OutputSelector) sinkEvent(_ *gst.Pad, ev gst.Event) bool {
	switch e := ev.(type) {
	case *gst.EOSEvent:
		return s.forwardEvent(ev)
	case *gst.SegmentEvent:
		s.mu.Lock()
		s.segment = e.Segment
		s.mu.Unlock()
	}
	if active := s.ActivePad(); active != nil {
		return active.PushEvent(ev)
	}
	return true
}

// sinkQuery is gst_output_selector_query.
func (s *OutputSelector) sinkQuery(pad *gst.Pad, q gst.Query) bool {
	switch cq := q.(type) {
	case *gst.CapsQuery:
		s.mu.Lock()
		mode := s.negotiation
		active := s.activeLocked()
		s.mu.Unlock()
		switch mode {
		case OutputSelectorPadNegotiationModeAll:
			return pad.ProxyQueryCaps(cq)
		case OutputSelectorPadNegotiationModeNone:
			return false
		default:
			if active != nil {
				return active.PeerQuery(q)
			}
			return false
		}
	case *gst.DrainQuery:
		s.mu.Lock()
		if s.latest != nil {
			s.latest.Unref()
			s.latest = nil
		}
		s.mu.Unlock()
	}
	return pad.QueryDefault(q)
}

// reset is gst_output_selector_reset.
func (s *OutputSelector) reset() {
	s.mu.Lock()
	s.pending = nil
	if s.latest != nil {
		s.latest.Unref()
		s.latest = nil
	}
	s.segmentSeqSet = false
	s.segment.Init(gst.FormatUndefined)
	s.mu.Unlock()
}

// ChangeState resets the pending switch, the latest buffer and the
// segment in PAUSED→READY.
//
// GStreamer: gst_output_selector_change_state (plugins/elements/gstoutputselector.c).
func (s *OutputSelector) ChangeState(t gst.StateChange) gst.StateChangeReturn {
	ret := s.ElementBase.ChangeState(t)
	if t == gst.StateChangePausedToReady {
		s.reset()
	}
	return ret
}
