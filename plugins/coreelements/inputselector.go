package coreelements

import (
	"fmt"
	"sync"

	"github.com/gstmini/gstmini/gst"
)

// InputSelector is an N-to-1 selector: of its request "sink_%u" pads only
// the active one ("active-pad", by default the first pad that gets data)
// passes buffers and events to "src"; buffers of the other pads are
// dropped (returning OK, the pads' always-ok default). When the active pad
// changes, the new pad's sticky events (its segment, with the position
// reached) are sent downstream before its next buffer, which is marked
// DISCONT. With sync-streams (the default) inactive pads wait until the
// active pad's running time has passed theirs, so a switch continues
// without a jump. EOS goes downstream when the active pad is EOS (or all
// pads are).
//
//	gst-launch-1.0 input-selector name=s ! autovideosink videotestsrc ! s. videotestsrc pattern=ball ! s.
//
// GStreamer: GstInputSelector (plugins/elements/gstinputselector.c).
type InputSelector struct {
	gst.ElementBase

	srcpad *gst.Pad

	mu   sync.Mutex // GST_INPUT_SELECTOR_LOCK
	cond sync.Cond  // GST_INPUT_SELECTOR_WAIT / BROADCAST

	pads           map[*gst.Pad]*inputselectorPad
	order          []*gst.Pad
	padcount       uint
	active         *gst.Pad
	pending        *gst.Pad
	activeFromUser bool
	syncStreams    bool
	syncMode       int
	cacheBuffers   bool
	dropBackwards  bool
	haveGroupID    bool
	eos            bool
	flushing       bool
	lastOutputTS   gst.ClockTime
}

// inputselectorPad is the per-pad state of a GstSelectorPad.
type inputselectorPad struct {
	pad           *gst.Pad
	pushed        bool
	groupID       uint32
	groupDone     bool
	eos           bool
	eosSent       bool
	discont       bool
	flushing      bool
	releasing     bool
	alwaysOK      bool
	segment       gst.Segment
	segSeqnum     uint32
	eventsPending bool
}

// The values of input-selector's "sync-mode" property.
//
// GStreamer: GstInputSelectorSyncMode (plugins/elements/gstinputselector.h).
const (
	InputSelectorSyncModeActiveSegment = 0
	InputSelectorSyncModeClock         = 1
)

// InputSelectorSyncModeEnum is the "sync-mode" enumeration.
//
// GStreamer: gst_input_selector_sync_mode_get_type (plugins/elements/gstinputselector.c).
var InputSelectorSyncModeEnum = &gst.EnumClass{
	Name: "GstInputSelectorSyncMode",
	Values: []gst.EnumValue{
		{Value: InputSelectorSyncModeActiveSegment, Name: "Sync using the current active segment", Nick: "active-segment"},
		{Value: InputSelectorSyncModeClock, Name: "Sync using the clock", Nick: "clock"},
	},
}

var (
	inputselectorSinkTemplate = gst.MustNewPadTemplate("sink_%u", gst.PadSink, gst.PadRequest, gst.NewCapsAny())
	inputselectorSrcTemplate  = gst.MustNewPadTemplate("src", gst.PadSrc, gst.PadAlways, gst.NewCapsAny())
)

// InputSelectorClass is the element class (factory "input-selector").
//
// GStreamer: gst_input_selector_class_init (plugins/elements/gstinputselector.c).
var InputSelectorClass = &gst.ElementClass{
	Name:     "input-selector",
	Plugin:   PluginInfo,
	TypeName: "GstInputSelector",
	Rank:     gst.RankNone,
	Metadata: gst.ElementMetadata{
		LongName:    "Input selector",
		Klass:       "Generic",
		Description: "N-to-1 input stream selector",
		Author:      "Julien Moutte <julien@moutte.net>, Jan Schmidt <thaytan@mad.scientist.com>, Wim Taymans <wim.taymans@gmail.com>",
	},
	PadTemplates: []*gst.PadTemplate{inputselectorSinkTemplate, inputselectorSrcTemplate},
	Properties: []*gst.ParamSpec{
		gst.ParamUint("n-pads", "Number of Pads", "The number of sink pads", 0, 1<<32-1, 0, gst.ParamReadable),
		gst.ParamObject("active-pad", "Active pad", "The currently active sink pad", "GstPad",
			gst.ParamReadWrite|gst.ParamMutablePlaying),
		gst.ParamBool("sync-streams", "Sync Streams",
			"Synchronize inactive streams to the running time of the active stream or to the current clock",
			true, gst.ParamReadWrite|gst.ParamMutableReady),
		gst.ParamEnum("sync-mode", "Sync mode", "Behavior in sync-streams mode", InputSelectorSyncModeEnum,
			InputSelectorSyncModeActiveSegment, gst.ParamReadWrite|gst.ParamMutableReady),
		gst.ParamBool("cache-buffers", "Cache Buffers", "Cache buffers for active-pad", false,
			gst.ParamReadWrite|gst.ParamMutableReady),
		gst.ParamBool("drop-backwards", "Drop Backwards Buffers", "Drop backwards buffers on pad switch", false,
			gst.ParamReadWrite|gst.ParamMutableReady),
	},
	New: func() gst.Element { return &InputSelector{} },
}

var (
	_ gst.PadRequester = (*InputSelector)(nil)
	_ gst.PadReleaser  = (*InputSelector)(nil)
)

// Constructed creates the "src" pad and sets the defaults.
//
// GStreamer: gst_input_selector_init (plugins/elements/gstinputselector.c).
func (s *InputSelector) Constructed() error {
	s.cond.L = &s.mu
	s.pads = map[*gst.Pad]*inputselectorPad{}
	s.syncStreams = true
	s.haveGroupID = true
	s.lastOutputTS = gst.ClockTimeNone
	s.srcpad = gst.NewPadFromTemplate(inputselectorSrcTemplate, "src")
	s.srcpad.SetEventFunc(s.srcEvent)
	s.srcpad.SetIterIntLinkFunc(s.internalLinks)
	s.srcpad.SetFlags(gst.PadFlagProxyCaps)
	return s.AddPad(s.srcpad)
}

// SetProperty sets the element properties; "active-pad" takes a *gst.Pad
// of this element (nil lets the selector pick the first pad).
//
// GStreamer: gst_input_selector_set_property (plugins/elements/gstinputselector.c).
func (s *InputSelector) SetProperty(name string, v any) error {
	if name == "active-pad" {
		var pad *gst.Pad
		if v != nil {
			p, ok := v.(*gst.Pad)
			if !ok {
				return fmt.Errorf("input-selector: active-pad must be a *gst.Pad, not %T", v)
			}
			pad = p
		}
		return s.setActivePad(pad)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	switch name {
	case "sync-streams":
		s.syncStreams = v.(bool)
	case "sync-mode":
		s.syncMode = v.(int)
	case "cache-buffers":
		s.cacheBuffers = v.(bool)
	case "drop-backwards":
		s.dropBackwards = v.(bool)
	default:
		return fmt.Errorf("%w: %q", gst.ErrUnknownProperty, name)
	}
	return nil
}

// Property returns a property value ("active-pad" is a *gst.Pad or nil).
//
// GStreamer: gst_input_selector_get_property (plugins/elements/gstinputselector.c).
func (s *InputSelector) Property(name string) any {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch name {
	case "n-pads":
		return uint(len(s.pads))
	case "active-pad":
		p := s.active
		if s.pending != nil {
			p = s.pending
		}
		if p == nil {
			return nil
		}
		return p
	case "sync-streams":
		return s.syncStreams
	case "sync-mode":
		return s.syncMode
	case "cache-buffers":
		return s.cacheBuffers
	case "drop-backwards":
		return s.dropBackwards
	}
	return nil
}

// ActivePad returns the active (or pending active) sink pad, or nil.
// Safe for concurrent use.
//
// GStreamer: the "active-pad" property (plugins/elements/gstinputselector.c).
func (s *InputSelector) ActivePad() *gst.Pad {
	p, _ := s.Property("active-pad").(*gst.Pad)
	return p
}

// setActivePad is gst_input_selector_set_active_pad: the pad becomes
// pending and is committed by the next data or event.
func (s *InputSelector) setActivePad(pad *gst.Pad) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if pad != nil {
		if _, ok := s.pads[pad]; !ok {
			return fmt.Errorf("input-selector: %v is not a sink pad of %s", pad, s.Name())
		}
	}
	if pad == s.pending {
		return nil
	}
	s.activeFromUser = pad != nil
	s.pending = pad
	s.cond.Broadcast()
	return nil
}

// commitLocked is gst_input_selector_maybe_commit_active_pad. It returns
// the pads to send RECONFIGURE upstream on (done by the caller without
// the lock).
func (s *InputSelector) commitLocked() []*gst.Pad {
	if s.pending == nil {
		if s.active != nil {
			return nil
		}
		for _, p := range s.order {
			if !s.pads[p].releasing {
				s.pending = p
				break
			}
		}
		if s.pending == nil {
			return nil
		}
	} else if s.pending == s.active {
		s.pending = nil
		return nil
	}
	var reconf []*gst.Pad
	if old := s.pads[s.active]; old != nil {
		old.pushed = false
		reconf = append(reconf, s.active)
	}
	nw := s.pads[s.pending]
	nw.pushed = false
	nw.eventsPending = true
	reconf = append(reconf, s.pending)
	s.active = s.pending
	s.pending = nil
	if nw.eos {
		nw.eosSent = false
		s.cond.Broadcast()
	}
	return reconf
}

func inputselectorReconfigure(pads []*gst.Pad) {
	for _, p := range pads {
		p.PushEvent(gst.NewReconfigureEvent())
	}
}

// RequestNewPad creates "sink_%u" (numbered by the selector, ignoring
// name).
//
// GStreamer: gst_input_selector_request_new_pad (plugins/elements/gstinputselector.c).
func (s *InputSelector) RequestNewPad(tmpl *gst.PadTemplate, name string, caps *gst.Caps) *gst.Pad {
	if tmpl == nil || tmpl.Direction != gst.PadSink {
		return nil
	}
	s.mu.Lock()
	pad := gst.NewPadFromTemplate(tmpl, fmt.Sprintf("sink_%d", s.padcount))
	s.padcount++
	sp := &inputselectorPad{pad: pad, alwaysOK: true}
	sp.segment.Init(gst.FormatUndefined)
	s.pads[pad] = sp
	s.order = append(s.order, pad)
	s.mu.Unlock()
	pad.SetChainFunc(s.chain)
	pad.SetEventFunc(s.sinkEvent)
	pad.SetQueryFunc(s.sinkQuery)
	pad.SetIterIntLinkFunc(s.internalLinks)
	pad.SetFlags(gst.PadFlagProxyCaps | gst.PadFlagProxyAllocation)
	if err := s.AddPad(pad); err != nil {
		s.mu.Lock()
		delete(s.pads, pad)
		s.order = s.order[:len(s.order)-1]
		s.mu.Unlock()
		return nil
	}
	return pad
}

// ReleasePad removes a sink pad; when it was active another pad is picked
// on the next data.
//
// GStreamer: gst_input_selector_release_pad (plugins/elements/gstinputselector.c).
func (s *InputSelector) ReleasePad(pad *gst.Pad) {
	s.mu.Lock()
	sp := s.pads[pad]
	if sp == nil {
		s.mu.Unlock()
		return
	}
	if s.pending == pad {
		s.pending = nil
	}
	if s.active == pad {
		s.active = nil
		s.activeFromUser = false
	}
	sp.releasing = true
	s.cond.Broadcast()
	s.mu.Unlock()
	pad.SetActive(false)
	s.RemovePad(pad)
	s.mu.Lock()
	delete(s.pads, pad)
	for i, p := range s.order {
		if p == pad {
			s.order = append(s.order[:i], s.order[i+1:]...)
			break
		}
	}
	s.mu.Unlock()
}

func (s *InputSelector) internalLinks(pad *gst.Pad) []*gst.Pad {
	s.mu.Lock()
	defer s.mu.Unlock()
	if pad == s.srcpad {
		if s.active != nil {
			return []*gst.Pad{s.active}
		}
		return nil
	}
	if pad == s.active {
		return []*gst.Pad{s.srcpad}
	}
	return nil
}

// forwardStickyLocked is store_sticky_events over the pad: store its
// sticky events on the src pad, the segment from the pad's state.
func (s *InputSelector) forwardStickyLocked(sp *inputselectorPad) {
	sp.pad.StickyEventsForEach(func(ev gst.Event) bool {
		switch ev.(type) {
		case *gst.SegmentEvent:
			seg := sp.segment
			e := gst.NewSegmentEvent(&seg)
			e.SetSeqnum(sp.segSeqnum)
			s.srcpad.StoreStickyEvent(e)
		case *gst.StreamStartEvent:
			if s.haveGroupID || s.srcpad.StickyEvent(gst.EventStreamStart, 0) == nil {
				s.srcpad.StoreStickyEvent(ev)
			}
		default:
			s.srcpad.StoreStickyEvent(ev)
		}
		return true
	})
	sp.eventsPending = false
}

func (s *InputSelector) allEOSLocked() bool {
	for _, sp := range s.pads {
		if !sp.eos && !sp.releasing {
			return false
		}
	}
	return true
}

// eosWaitLocked is gst_input_selector_eos_wait: an EOS pad waits until it
// is active (then sends EOS) or the selector is EOS/flushing.
func (s *InputSelector) eosWaitLocked(sp *inputselectorPad, ev gst.Event) {
	for !s.eos && !s.flushing && !sp.flushing && !sp.releasing {
		if s.active == sp.pad && sp.eos && !sp.eosSent {
			if sp.eventsPending {
				s.forwardStickyLocked(sp)
			}
			s.mu.Unlock()
			s.srcpad.PushEvent(ev)
			s.mu.Lock()
			s.cond.Broadcast()
			sp.eosSent = true
			continue
		}
		s.cond.Wait()
		if r := s.commitLocked(); r != nil {
			s.mu.Unlock()
			inputselectorReconfigure(r)
			s.mu.Lock()
		}
	}
}

// sinkEvent is gst_selector_pad_event.
func (s *InputSelector) sinkEvent(pad *gst.Pad, ev gst.Event) bool {
	s.mu.Lock()
	sp := s.pads[pad]
	if sp == nil {
		s.mu.Unlock()
		return false
	}
	if r := s.commitLocked(); r != nil {
		s.mu.Unlock()
		inputselectorReconfigure(r)
		s.mu.Lock()
	}
	forward := pad == s.active
	switch e := ev.(type) {
	case *gst.StreamStartEvent:
		if e.HasGroupID {
			sp.groupID = e.GroupID
		} else {
			s.haveGroupID = false
			sp.groupID = 0
		}
	case *gst.FlushStartEvent:
		sp.flushing = true
		s.eos = false
		sp.groupDone = false
		s.cond.Broadcast()
	case *gst.FlushStopEvent:
		inputselectorResetPad(sp)
		s.lastOutputTS = gst.ClockTimeNone
	case *gst.SegmentEvent:
		sp.segment = e.Segment
		sp.segSeqnum = e.Seqnum()
	case *gst.EOSEvent:
		sp.eos = true
		if s.allEOSLocked() {
			s.eos = true
			s.cond.Broadcast()
		} else {
			s.eosWaitLocked(sp, ev)
			forward = false
		}
	case *gst.GapEvent:
		if e.Timestamp != gst.ClockTimeNone {
			ts := e.Timestamp
			if e.Duration != gst.ClockTimeNone {
				ts += e.Duration
			}
			sp.segment.Position = uint64(ts)
			if s.syncStreams && s.active == pad {
				s.cond.Broadcast()
			}
		}
	case *gst.StreamGroupDoneEvent:
		sp.groupID = e.GroupID
		sp.groupDone = true
		if s.syncStreams && s.active == pad {
			s.cond.Broadcast()
		}
	}
	if forward && sp.eventsPending {
		s.forwardStickyLocked(sp)
	}
	if !forward && ev.Type().IsSticky() {
		sp.eventsPending = true
	}
	s.mu.Unlock()
	if forward {
		return s.srcpad.PushEvent(ev)
	}
	return true
}

func inputselectorResetPad(sp *inputselectorPad) {
	sp.pushed = false
	sp.groupDone = false
	sp.eos = false
	sp.eosSent = false
	sp.eventsPending = false
	sp.discont = false
	sp.flushing = false
	sp.releasing = false
	sp.segment.Init(gst.FormatUndefined)
}

// sinkQuery is gst_selector_pad_query: caps, position, duration and
// context always go downstream; allocation only for the active pad.
func (s *InputSelector) sinkQuery(pad *gst.Pad, q gst.Query) bool {
	switch q.(type) {
	case *gst.CapsQuery, *gst.PositionQuery, *gst.DurationQuery, *gst.ContextQuery:
		return s.srcpad.PeerQuery(q)
	case *gst.AllocationQuery:
		s.mu.Lock()
		active := s.active == pad
		s.mu.Unlock()
		if !active {
			return false
		}
	}
	return pad.QueryDefault(q)
}

// srcEvent is gst_input_selector_event: upstream events go to the active
// pad first, then to every other sink pad.
func (s *InputSelector) srcEvent(_ *gst.Pad, ev gst.Event) bool {
	s.mu.Lock()
	var reconf []*gst.Pad
	if ev.Type().IsSerialized() && ev.Type().IsDownstream() {
		reconf = s.commitLocked()
	}
	active := s.active
	pads := append([]*gst.Pad(nil), s.order...)
	s.mu.Unlock()
	inputselectorReconfigure(reconf)
	result := false
	if active != nil {
		result = active.PushEvent(ev) || result
	}
	for _, p := range pads {
		if p != active {
			result = p.PushEvent(ev) || result
		}
	}
	return result
}

// clippedRunningTime is gst_input_selector_get_clipped_running_time.
func inputselectorClippedRunningTime(seg *gst.Segment, buf *gst.Buffer) uint64 {
	rt := uint64(buf.PTS)
	if buf.Duration != gst.ClockTimeNone {
		rt += uint64(buf.Duration)
	}
	if seg.Stop != ^uint64(0) && rt > seg.Stop {
		rt = seg.Stop
	}
	return seg.ToRunningTime(gst.FormatTime, rt)
}

// waitRunningTimeLocked is gst_input_selector_wait_running_time in
// active-segment mode (clock mode falls back to it): it reports whether
// the pad is flushing.
func (s *InputSelector) waitRunningTimeLocked(sp *inputselectorPad, buf *gst.Buffer) bool {
	if buf.PTS == gst.ClockTimeNone {
		return false
	}
	for {
		if s.active == nil {
			break
		}
		asp := s.pads[s.active]
		seg := &sp.segment
		if seg.Format != gst.FormatTime {
			return false
		}
		rt := inputselectorClippedRunningTime(seg, buf)
		if rt == ^uint64(0) {
			return false
		}
		aseg := &asp.segment
		if aseg.Format != gst.FormatTime && aseg.Format != gst.FormatUndefined {
			return false
		}
		cur := ^uint64(0)
		if aseg.Format == gst.FormatTime {
			cur = aseg.ToRunningTime(gst.FormatTime, aseg.Position)
		}
		if sp != asp && asp.groupDone && sp.groupID == asp.groupID {
			break
		}
		if sp == asp || s.eos || s.flushing || sp.flushing || sp.releasing {
			break
		}
		if !asp.eos && (cur == ^uint64(0) || rt >= cur) {
			s.cond.Wait()
			if r := s.commitLocked(); r != nil {
				s.mu.Unlock()
				inputselectorReconfigure(r)
				s.mu.Lock()
			}
			continue
		}
		break
	}
	return s.flushing || sp.flushing || sp.releasing
}

// chain is gst_selector_pad_chain (without the buffer cache).
func (s *InputSelector) chain(pad *gst.Pad, buf *gst.Buffer) error {
	s.mu.Lock()
	sp := s.pads[pad]
	if sp == nil {
		s.mu.Unlock()
		buf.Unref()
		return gst.ErrFlushing
	}
	if r := s.commitLocked(); r != nil {
		s.mu.Unlock()
		inputselectorReconfigure(r)
		s.mu.Lock()
	}
	if s.flushing || sp.releasing {
		s.mu.Unlock()
		buf.Unref()
		return gst.ErrFlushing
	}
	if s.syncStreams && s.active != pad {
		if s.waitRunningTimeLocked(sp, buf) {
			s.mu.Unlock()
			buf.Unref()
			return gst.ErrFlushing
		}
	}
	if buf.PTS != gst.ClockTimeNone {
		sp.segment.Position = uint64(buf.PTS)
	}
	if pad != s.active {
		activePushed := s.active != nil && s.pads[s.active].pushed
		sp.discont = true
		alwaysOK := sp.alwaysOK
		s.mu.Unlock()
		buf.Unref()
		if alwaysOK || !activePushed {
			return nil
		}
		return gst.ErrNotLinked
	}
	if s.syncStreams {
		s.cond.Broadcast()
	}
	if sp.eventsPending {
		s.forwardStickyLocked(sp)
	}
	rt := gst.ClockTimeNone
	if sp.segment.Format == gst.FormatTime {
		ts := buf.DTS
		if ts == gst.ClockTimeNone {
			ts = buf.PTS
		}
		if r := sp.segment.ToRunningTime(gst.FormatTime, uint64(ts)); r != ^uint64(0) {
			rt = gst.ClockTime(r)
		}
	}
	if sp.discont {
		if s.syncStreams && s.dropBackwards && rt != gst.ClockTimeNone &&
			s.lastOutputTS != gst.ClockTimeNone && rt < s.lastOutputTS {
			sp.discont = true
			s.mu.Unlock()
			buf.Unref()
			return nil
		}
		buf = buf.MakeWritable()
		buf.SetFlags(gst.BufferFlagDiscont)
		sp.discont = false
	}
	s.lastOutputTS = rt
	s.mu.Unlock()
	err := s.srcpad.Push(buf)
	s.mu.Lock()
	sp.pushed = true
	r := s.commitLocked()
	s.mu.Unlock()
	inputselectorReconfigure(r)
	return err
}

// ChangeState unblocks waiting pads when going down and resets the pads
// (and a non-user active pad) in PAUSED→READY.
//
// GStreamer: gst_input_selector_change_state (plugins/elements/gstinputselector.c).
func (s *InputSelector) ChangeState(t gst.StateChange) gst.StateChangeReturn {
	switch t {
	case gst.StateChangeReadyToPaused:
		s.mu.Lock()
		s.eos, s.flushing = false, false
		s.mu.Unlock()
	case gst.StateChangePausedToReady:
		s.mu.Lock()
		s.eos, s.flushing = true, true
		s.cond.Broadcast()
		s.mu.Unlock()
	}
	ret := s.ElementBase.ChangeState(t)
	if t == gst.StateChangePausedToReady {
		s.mu.Lock()
		s.pending = nil
		if !s.activeFromUser {
			s.active = nil
		}
		for _, sp := range s.pads {
			inputselectorResetPad(sp)
		}
		s.haveGroupID = true
		s.lastOutputTS = gst.ClockTimeNone
		s.mu.Unlock()
	}
	return ret
}
