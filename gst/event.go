package gst

import (
	"errors"
	"fmt"
)

// EventTypeFlags are the direction and scheduling flags encoded in the low
// bits of an EventType.
//
// GStreamer: GstEventTypeFlags (gst/gstevent.h).
type EventTypeFlags uint32

// The event type flags.
//
// GStreamer: GST_EVENT_TYPE_* (gst/gstevent.h).
const (
	EventTypeUpstream    EventTypeFlags = 1 << 0 // the event can travel upstream
	EventTypeDownstream  EventTypeFlags = 1 << 1 // the event can travel downstream
	EventTypeSerialized  EventTypeFlags = 1 << 2 // the event travels in order with the data
	EventTypeSticky      EventTypeFlags = 1 << 3 // the event is stored on pads and resent
	EventTypeStickyMulti EventTypeFlags = 1 << 4 // several such events (by structure name) can be stored at once

	// EventTypeBoth is EventTypeUpstream|EventTypeDownstream.
	EventTypeBoth = EventTypeUpstream | EventTypeDownstream
)

// eventNumShift is the number of low bits of an EventType used for flags.
const eventNumShift = 8

// EventType identifies an event. Its value is num<<8 | flags, exactly as
// GST_EVENT_MAKE_TYPE, so the flags and the sticky order match GStreamer.
//
// GStreamer: GstEventType (gst/gstevent.h).
type EventType uint32

// MakeEventType builds an event type from a number and flags, for custom
// event types.
//
// GStreamer: GST_EVENT_MAKE_TYPE (gst/gstevent.h).
func MakeEventType(num uint32, flags EventTypeFlags) EventType {
	return EventType(num<<eventNumShift | uint32(flags))
}

// The event types, with GStreamer's numbers and flags.
//
// GStreamer: GST_EVENT_* (gst/gstevent.h).
const (
	EventUnknown    EventType = 0
	EventFlushStart EventType = 10<<eventNumShift | EventType(EventTypeBoth)
	EventFlushStop  EventType = 20<<eventNumShift | EventType(EventTypeBoth|EventTypeSerialized)

	EventStreamStart      EventType = 40<<eventNumShift | EventType(EventTypeDownstream|EventTypeSerialized|EventTypeSticky)
	EventCaps             EventType = 50<<eventNumShift | EventType(EventTypeDownstream|EventTypeSerialized|EventTypeSticky)
	EventSegment          EventType = 70<<eventNumShift | EventType(EventTypeDownstream|EventTypeSerialized|EventTypeSticky)
	EventStreamCollection EventType = 75<<eventNumShift | EventType(EventTypeDownstream|EventTypeSerialized|EventTypeSticky|EventTypeStickyMulti)
	EventTag              EventType = 80<<eventNumShift | EventType(EventTypeDownstream|EventTypeSerialized|EventTypeSticky|EventTypeStickyMulti)
	EventBuffersize       EventType = 90<<eventNumShift | EventType(EventTypeDownstream|EventTypeSerialized|EventTypeSticky)
	EventSinkMessage      EventType = 100<<eventNumShift | EventType(EventTypeDownstream|EventTypeSerialized|EventTypeSticky|EventTypeStickyMulti)
	EventStreamGroupDone  EventType = 105<<eventNumShift | EventType(EventTypeDownstream|EventTypeSerialized|EventTypeSticky)
	EventEOS              EventType = 110<<eventNumShift | EventType(EventTypeDownstream|EventTypeSerialized|EventTypeSticky)
	EventTOC              EventType = 120<<eventNumShift | EventType(EventTypeDownstream|EventTypeSerialized|EventTypeSticky|EventTypeStickyMulti)
	EventProtection       EventType = 130<<eventNumShift | EventType(EventTypeDownstream|EventTypeSerialized|EventTypeSticky|EventTypeStickyMulti)

	EventSegmentDone       EventType = 150<<eventNumShift | EventType(EventTypeDownstream|EventTypeSerialized)
	EventGap               EventType = 160<<eventNumShift | EventType(EventTypeDownstream|EventTypeSerialized)
	EventInstantRateChange EventType = 180<<eventNumShift | EventType(EventTypeDownstream|EventTypeSticky)

	EventQoS                 EventType = 190<<eventNumShift | EventType(EventTypeUpstream)
	EventSeek                EventType = 200<<eventNumShift | EventType(EventTypeUpstream)
	EventNavigation          EventType = 210<<eventNumShift | EventType(EventTypeUpstream)
	EventLatency             EventType = 220<<eventNumShift | EventType(EventTypeUpstream)
	EventStep                EventType = 230<<eventNumShift | EventType(EventTypeUpstream)
	EventReconfigure         EventType = 240<<eventNumShift | EventType(EventTypeUpstream)
	EventTOCSelect           EventType = 250<<eventNumShift | EventType(EventTypeUpstream)
	EventSelectStreams       EventType = 260<<eventNumShift | EventType(EventTypeUpstream)
	EventInstantRateSyncTime EventType = 261<<eventNumShift | EventType(EventTypeUpstream)

	EventCustomUpstream         EventType = 270<<eventNumShift | EventType(EventTypeUpstream)
	EventCustomDownstream       EventType = 280<<eventNumShift | EventType(EventTypeDownstream|EventTypeSerialized)
	EventCustomDownstreamOOB    EventType = 290<<eventNumShift | EventType(EventTypeDownstream)
	EventCustomDownstreamSticky EventType = 300<<eventNumShift | EventType(EventTypeDownstream|EventTypeSerialized|EventTypeSticky|EventTypeStickyMulti)
	EventCustomBoth             EventType = 310<<eventNumShift | EventType(EventTypeBoth|EventTypeSerialized)
	EventCustomBothOOB          EventType = 320<<eventNumShift | EventType(EventTypeBoth)
)

var eventTypeNames = map[EventType]string{
	EventUnknown:                "unknown",
	EventFlushStart:             "flush-start",
	EventFlushStop:              "flush-stop",
	EventSelectStreams:          "select-streams",
	EventStreamStart:            "stream-start",
	EventStreamCollection:       "stream-collection",
	EventCaps:                   "caps",
	EventSegment:                "segment",
	EventTag:                    "tag",
	EventTOC:                    "toc",
	EventProtection:             "protection",
	EventBuffersize:             "buffersize",
	EventSinkMessage:            "sink-message",
	EventEOS:                    "eos",
	EventSegmentDone:            "segment-done",
	EventGap:                    "gap",
	EventQoS:                    "qos",
	EventSeek:                   "seek",
	EventNavigation:             "navigation",
	EventLatency:                "latency",
	EventStep:                   "step",
	EventReconfigure:            "reconfigure",
	EventTOCSelect:              "toc-select",
	EventCustomUpstream:         "custom-upstream",
	EventCustomDownstream:       "custom-downstream",
	EventCustomDownstreamOOB:    "custom-downstream-oob",
	EventCustomDownstreamSticky: "custom-downstream-sticky",
	EventCustomBoth:             "custom-both",
	EventCustomBothOOB:          "custom-both-oob",
	EventStreamGroupDone:        "stream-group-done",
	EventInstantRateChange:      "instant-rate-change",
	EventInstantRateSyncTime:    "instant-rate-sync-time",
}

// String returns the event type's name ("flush-start", "eos", ...), or
// "unknown" for a type GStreamer does not name.
//
// GStreamer: gst_event_type_get_name (gst/gstevent.c).
func (t EventType) String() string {
	if n, ok := eventTypeNames[t]; ok {
		return n
	}
	return "unknown"
}

// Flags returns the flags encoded in t.
//
// GStreamer: gst_event_type_get_flags (gst/gstevent.c).
func (t EventType) Flags() EventTypeFlags {
	return EventTypeFlags(t & (1<<eventNumShift - 1))
}

// IsUpstream reports whether events of type t can travel upstream.
//
// GStreamer: GST_EVENT_IS_UPSTREAM (gst/gstevent.h).
func (t EventType) IsUpstream() bool { return t.Flags()&EventTypeUpstream != 0 }

// IsDownstream reports whether events of type t can travel downstream.
//
// GStreamer: GST_EVENT_IS_DOWNSTREAM (gst/gstevent.h).
func (t EventType) IsDownstream() bool { return t.Flags()&EventTypeDownstream != 0 }

// IsSerialized reports whether events of type t travel in order with the data.
//
// GStreamer: GST_EVENT_IS_SERIALIZED (gst/gstevent.h).
func (t EventType) IsSerialized() bool { return t.Flags()&EventTypeSerialized != 0 }

// IsSticky reports whether events of type t are stored on pads and resent
// before the next data.
//
// GStreamer: GST_EVENT_IS_STICKY (gst/gstevent.h).
func (t EventType) IsSticky() bool { return t.Flags()&EventTypeSticky != 0 }

// IsStickyMulti reports whether a pad can store several events of type t at
// once, told apart by EventName.
//
// GStreamer: GST_EVENT_TYPE_STICKY_MULTI (gst/gstevent.h).
func (t EventType) IsStickyMulti() bool { return t.Flags()&EventTypeStickyMulti != 0 }

// StickyOrdering returns the rank used to order sticky events on a pad; a
// lower value is sent first. It is the type value itself, except that
// INSTANT_RATE_CHANGE sorts right after SEGMENT.
//
// GStreamer: gst_event_type_to_sticky_ordering (gst/gstevent.c).
func (t EventType) StickyOrdering() uint32 {
	if t == EventInstantRateChange {
		return uint32(EventSegment) + 1
	}
	return uint32(t)
}

func (t EventType) isCustom() bool {
	switch t {
	case EventCustomUpstream, EventCustomDownstream, EventCustomDownstreamOOB,
		EventCustomDownstreamSticky, EventCustomBoth, EventCustomBothOOB:
		return true
	}
	return false
}

// Event is an event travelling through pads. Each event type has its own
// concrete struct (*EOSEvent, *SegmentEvent, *CapsEvent, ...); read them with
// a type switch. Build events with their constructors (NewXxxEvent), which
// assign a fresh seqnum. An event must be treated as immutable once it has
// been sent: to change the seqnum or running-time offset of an event you did
// not create, use CopyEvent first. The interface is sealed: only the types of
// this package implement it.
//
// GStreamer: GstEvent (gst/gstevent.h).
type Event interface {
	// Type returns the event type.
	Type() EventType
	// Seqnum returns the event's sequence number.
	Seqnum() uint32
	// SetSeqnum sets the event's sequence number. Only for events not yet sent.
	SetSeqnum(seqnum uint32)
	// RunningTimeOffset returns the running-time offset (ns) added to the
	// event by pad offsets.
	RunningTimeOffset() int64
	// SetRunningTimeOffset sets the running-time offset (ns). Only for
	// events not yet sent.
	SetRunningTimeOffset(offset int64)
	// Structure returns the event's free-form structure: the navigation or
	// custom structure. Typed events carry their data in fields and return
	// nil.
	Structure() *Structure
	event() *eventBase
	clone() Event
}

// eventBase holds what every event shares: the seqnum and running-time
// offset. It is embedded by every concrete event type.
type eventBase struct {
	seqnum            uint32
	runningTimeOffset int64
}

func newEventBase() eventBase { return eventBase{seqnum: SeqnumNext()} }

func (e *eventBase) event() *eventBase { return e }

// Seqnum returns the event's sequence number (never SeqnumInvalid for events
// made by a constructor).
//
// GStreamer: gst_event_get_seqnum (gst/gstevent.c).
func (e *eventBase) Seqnum() uint32 { return e.seqnum }

// SetSeqnum sets the event's sequence number, to mark it as belonging to
// the same operation as another event or message. Not safe once the event
// is sent.
//
// GStreamer: gst_event_set_seqnum (gst/gstevent.c).
func (e *eventBase) SetSeqnum(seqnum uint32) { e.seqnum = seqnum }

// RunningTimeOffset returns the running-time offset in nanoseconds that pad
// offsets added to this event (0 by default).
//
// GStreamer: gst_event_get_running_time_offset (gst/gstevent.c).
func (e *eventBase) RunningTimeOffset() int64 { return e.runningTimeOffset }

// SetRunningTimeOffset sets the running-time offset in nanoseconds. Not safe
// once the event is sent; copy it with CopyEvent first.
//
// GStreamer: gst_event_set_running_time_offset (gst/gstevent.c).
func (e *eventBase) SetRunningTimeOffset(offset int64) { e.runningTimeOffset = offset }

// Structure returns nil: typed events keep their data in fields.
//
// GStreamer: gst_event_get_structure (gst/gstevent.c).
func (e *eventBase) Structure() *Structure { return nil }

// CopyEvent returns a shallow copy of e with the same type, fields, seqnum
// and running-time offset. Pointer fields (caps, tag lists, structures) are
// shared, as they are immutable once sent. Pads use it to store a sticky
// event with a different running-time offset. CopyEvent(nil) is nil.
//
// GStreamer: gst_event_copy (gst/gstevent.h).
func CopyEvent(e Event) Event {
	if e == nil {
		return nil
	}
	return e.clone()
}

// EventName returns the name GStreamer gives the event's structure
// ("GstEventSegment", "GstTagList-global", the sink-message name, the custom
// structure's name...). Sticky-multi events are told apart by this name on a
// pad. Events without a structure in GStreamer (flush-start, eos,
// reconfigure) give "".
//
// GStreamer: gst_structure_get_name (gst_event_get_structure (event)) (gst/gstevent.c).
func EventName(e Event) string {
	switch ev := e.(type) {
	case nil:
		return ""
	case *FlushStartEvent, *EOSEvent, *ReconfigureEvent:
		return ""
	case *FlushStopEvent:
		return "GstEventFlushStop"
	case *SelectStreamsEvent:
		return "GstEventSelectStreams"
	case *StreamStartEvent:
		return "GstEventStreamStart"
	case *CapsEvent:
		return "GstEventCaps"
	case *SegmentEvent:
		return "GstEventSegment"
	case *TagEvent:
		if ev.Tags != nil && ev.Tags.Scope() == TagScopeGlobal {
			return "GstTagList-global"
		}
		return "GstTagList-stream"
	case *BuffersizeEvent:
		return "GstEventBufferSize"
	case *SinkMessageEvent:
		return ev.Name
	case *StreamGroupDoneEvent:
		return "GstEventStreamGroupDone"
	case *ProtectionEvent:
		return ev.structName()
	case *SegmentDoneEvent:
		return "GstEventSegmentDone"
	case *GapEvent:
		return "GstEventGap"
	case *InstantRateChangeEvent:
		return "GstEventInstantRateChange"
	case *QoSEvent:
		return "GstEventQOS"
	case *SeekEvent:
		return "GstEventSeek"
	case *LatencyEvent:
		return "GstEventLatency"
	case *StepEvent:
		return "GstEventStep"
	case *TOCSelectEvent:
		return "GstEventTocSelect"
	case *InstantRateSyncTimeEvent:
		return "GstEventInstantRateSyncTime"
	}
	if s := e.Structure(); s != nil {
		return s.Name()
	}
	return ""
}

// EventHasName reports whether EventName(e) is name (and name is not
// empty).
//
// GStreamer: gst_event_has_name (gst/gstevent.c).
func EventHasName(e Event, name string) bool {
	return e != nil && EventName(e) == name && name != ""
}

// FlushStartEvent asks elements to drop all data and unblock streaming
// threads; pads refuse data until FLUSH_STOP. Travels up or downstream, not
// serialized.
//
// GStreamer: GST_EVENT_FLUSH_START (gst/gstevent.h).
type FlushStartEvent struct{ eventBase }

// NewFlushStartEvent returns a new flush-start event.
//
// GStreamer: gst_event_new_flush_start (gst/gstevent.c).
func NewFlushStartEvent() *FlushStartEvent { return &FlushStartEvent{newEventBase()} }

// Type returns EventFlushStart.
//
// GStreamer: GST_EVENT_TYPE (gst/gstevent.h).
func (*FlushStartEvent) Type() EventType { return EventFlushStart }
func (e *FlushStartEvent) clone() Event  { c := *e; return &c }

// FlushStopEvent ends a flush. ResetTime asks sinks to reset the running
// time to 0 (as after a flushing seek).
//
// GStreamer: GST_EVENT_FLUSH_STOP (gst/gstevent.h).
type FlushStopEvent struct {
	eventBase
	ResetTime bool // reset the running time to 0
}

// NewFlushStopEvent returns a new flush-stop event.
//
// GStreamer: gst_event_new_flush_stop (gst/gstevent.c).
func NewFlushStopEvent(resetTime bool) *FlushStopEvent {
	return &FlushStopEvent{eventBase: newEventBase(), ResetTime: resetTime}
}

// Type returns EventFlushStop.
//
// GStreamer: GST_EVENT_TYPE (gst/gstevent.h).
func (*FlushStopEvent) Type() EventType { return EventFlushStop }
func (e *FlushStopEvent) clone() Event  { c := *e; return &c }

// SelectStreamsEvent asks upstream to select the streams with the given ids.
//
// GStreamer: GST_EVENT_SELECT_STREAMS (gst/gstevent.h).
type SelectStreamsEvent struct {
	eventBase
	Streams []string // stream ids to select
}

// NewSelectStreamsEvent returns a select-streams event for the given stream
// ids (the slice is copied).
//
// GStreamer: gst_event_new_select_streams (gst/gstevent.c).
func NewSelectStreamsEvent(streams []string) *SelectStreamsEvent {
	return &SelectStreamsEvent{eventBase: newEventBase(), Streams: append([]string(nil), streams...)}
}

// Type returns EventSelectStreams.
//
// GStreamer: GST_EVENT_TYPE (gst/gstevent.h).
func (*SelectStreamsEvent) Type() EventType { return EventSelectStreams }
func (e *SelectStreamsEvent) clone() Event  { c := *e; return &c }

// StreamFlags describe a stream in a STREAM_START event.
//
// GStreamer: GstStreamFlags (gst/gstevent.h).
type StreamFlags uint32

// The stream flags.
//
// GStreamer: GST_STREAM_FLAG_* (gst/gstevent.h).
const (
	StreamFlagNone     StreamFlags = 0      // no flags
	StreamFlagSparse   StreamFlags = 1 << 0 // data arrives with gaps (subtitles)
	StreamFlagSelect   StreamFlags = 1 << 1 // selected by default
	StreamFlagUnselect StreamFlags = 1 << 2 // not selected by default
)

// StreamStartEvent marks the start of a new stream; it is the first
// serialized event of a stream.
//
// GStreamer: GST_EVENT_STREAM_START (gst/gstevent.h).
type StreamStartEvent struct {
	eventBase
	StreamID   string      // unique stream id
	Flags      StreamFlags // stream flags (gst_event_set_stream_flags)
	GroupID    uint32      // group of streams that belong together; valid when HasGroupID
	HasGroupID bool        // whether GroupID was set (gst_event_parse_group_id's result)
}

// NewStreamStartEvent returns a stream-start event with no flags and no
// group id.
//
// GStreamer: gst_event_new_stream_start (gst/gstevent.c).
func NewStreamStartEvent(streamID string) *StreamStartEvent {
	return &StreamStartEvent{eventBase: newEventBase(), StreamID: streamID}
}

// SetGroupID sets GroupID and HasGroupID. GroupIDInvalid is ignored, as
// GStreamer refuses it. Only before the event is sent.
//
// GStreamer: gst_event_set_group_id (gst/gstevent.c).
func (e *StreamStartEvent) SetGroupID(id uint32) {
	if id == GroupIDInvalid {
		return
	}
	e.GroupID, e.HasGroupID = id, true
}

// Type returns EventStreamStart.
//
// GStreamer: GST_EVENT_TYPE (gst/gstevent.h).
func (*StreamStartEvent) Type() EventType { return EventStreamStart }
func (e *StreamStartEvent) clone() Event  { c := *e; return &c }

// CapsEvent announces the media type of the data that follows. The caps
// should be fixed.
//
// GStreamer: GST_EVENT_CAPS (gst/gstevent.h).
type CapsEvent struct {
	eventBase
	Caps *Caps // the new caps; shared, do not modify
}

// NewCapsEvent returns a caps event carrying caps (not copied: the caps must
// not be modified afterwards).
//
// GStreamer: gst_event_new_caps (gst/gstevent.c).
func NewCapsEvent(caps *Caps) *CapsEvent {
	return &CapsEvent{eventBase: newEventBase(), Caps: caps}
}

// Type returns EventCaps.
//
// GStreamer: GST_EVENT_TYPE (gst/gstevent.h).
func (*CapsEvent) Type() EventType { return EventCaps }
func (e *CapsEvent) clone() Event  { c := *e; return &c }

// SegmentEvent announces the segment of the data that follows: how buffer
// timestamps map to running time and stream time.
//
// GStreamer: GST_EVENT_SEGMENT (gst/gstevent.h).
type SegmentEvent struct {
	eventBase
	Segment Segment // a copy of the segment
}

// NewSegmentEvent returns a segment event holding a copy of *seg. A nil seg
// gives a TIME segment as NewSegment(FormatTime).
//
// GStreamer: gst_event_new_segment (gst/gstevent.c).
func NewSegmentEvent(seg *Segment) *SegmentEvent {
	e := &SegmentEvent{eventBase: newEventBase()}
	if seg == nil {
		seg = NewSegment(FormatTime)
	}
	e.Segment = *seg
	return e
}

// Type returns EventSegment.
//
// GStreamer: GST_EVENT_TYPE (gst/gstevent.h).
func (*SegmentEvent) Type() EventType { return EventSegment }
func (e *SegmentEvent) clone() Event  { c := *e; return &c }

// TagEvent carries metadata found in the stream. Stream and global tag lists
// are stored separately on pads (see EventName).
//
// GStreamer: GST_EVENT_TAG (gst/gstevent.h).
type TagEvent struct {
	eventBase
	Tags *TagList // the tags; owned by the event, do not modify
}

// NewTagEvent returns a tag event; it takes ownership of tags. A nil list is
// replaced by an empty one.
//
// GStreamer: gst_event_new_tag (gst/gstevent.c).
func NewTagEvent(tags *TagList) *TagEvent {
	if tags == nil {
		tags = NewTagList()
	}
	return &TagEvent{eventBase: newEventBase(), Tags: tags}
}

// Type returns EventTag.
//
// GStreamer: GST_EVENT_TYPE (gst/gstevent.h).
func (*TagEvent) Type() EventType { return EventTag }
func (e *TagEvent) clone() Event  { c := *e; return &c }

// BuffersizeEvent notifies buffering requirements.
//
// GStreamer: GST_EVENT_BUFFERSIZE (gst/gstevent.h).
type BuffersizeEvent struct {
	eventBase
	Format  Format // format of MinSize and MaxSize
	MinSize int64  // minimum buffer size
	MaxSize int64  // maximum buffer size
	Async   bool   // whether buffering is asynchronous
}

// NewBuffersizeEvent returns a buffersize event.
//
// GStreamer: gst_event_new_buffer_size (gst/gstevent.c).
func NewBuffersizeEvent(format Format, minsize, maxsize int64, async bool) *BuffersizeEvent {
	return &BuffersizeEvent{eventBase: newEventBase(), Format: format, MinSize: minsize, MaxSize: maxsize, Async: async}
}

// Type returns EventBuffersize.
//
// GStreamer: GST_EVENT_TYPE (gst/gstevent.h).
func (*BuffersizeEvent) Type() EventType { return EventBuffersize }
func (e *BuffersizeEvent) clone() Event  { c := *e; return &c }

// SinkMessageEvent carries a message that a sink posts when it renders the
// event, in sync with the data.
//
// GStreamer: GST_EVENT_SINK_MESSAGE (gst/gstevent.h).
type SinkMessageEvent struct {
	eventBase
	Name    string  // name telling apart sink-message events stored on a pad
	Message Message // the message to post
}

// NewSinkMessageEvent returns a sink-message event.
//
// GStreamer: gst_event_new_sink_message (gst/gstevent.c).
func NewSinkMessageEvent(name string, msg Message) *SinkMessageEvent {
	return &SinkMessageEvent{eventBase: newEventBase(), Name: name, Message: msg}
}

// Type returns EventSinkMessage.
//
// GStreamer: GST_EVENT_TYPE (gst/gstevent.h).
func (*SinkMessageEvent) Type() EventType { return EventSinkMessage }
func (e *SinkMessageEvent) clone() Event  { c := *e; return &c }

// StreamGroupDoneEvent says that no more data follows for the stream group.
//
// GStreamer: GST_EVENT_STREAM_GROUP_DONE (gst/gstevent.h).
type StreamGroupDoneEvent struct {
	eventBase
	GroupID uint32 // the finished group
}

// NewStreamGroupDoneEvent returns a stream-group-done event.
//
// GStreamer: gst_event_new_stream_group_done (gst/gstevent.c).
func NewStreamGroupDoneEvent(groupID uint32) *StreamGroupDoneEvent {
	return &StreamGroupDoneEvent{eventBase: newEventBase(), GroupID: groupID}
}

// Type returns EventStreamGroupDone.
//
// GStreamer: GST_EVENT_TYPE (gst/gstevent.h).
func (*StreamGroupDoneEvent) Type() EventType { return EventStreamGroupDone }
func (e *StreamGroupDoneEvent) clone() Event  { c := *e; return &c }

// EOSEvent marks the end of the stream: no data follows until a
// STREAM_START or a FLUSH_STOP.
//
// GStreamer: GST_EVENT_EOS (gst/gstevent.h).
type EOSEvent struct{ eventBase }

// NewEOSEvent returns a new EOS event.
//
// GStreamer: gst_event_new_eos (gst/gstevent.c).
func NewEOSEvent() *EOSEvent { return &EOSEvent{newEventBase()} }

// Type returns EventEOS.
//
// GStreamer: GST_EVENT_TYPE (gst/gstevent.h).
func (*EOSEvent) Type() EventType { return EventEOS }
func (e *EOSEvent) clone() Event  { c := *e; return &c }

// ProtectionEvent carries encryption information for a protection system.
//
// GStreamer: GST_EVENT_PROTECTION (gst/gstevent.h).
type ProtectionEvent struct {
	eventBase
	SystemID string  // UUID of the protection system
	Data     *Buffer // system-specific data
	Origin   string  // where the data came from ("dash/mpd", "isobmff/pssh"...); may be empty
}

// NewProtectionEvent returns a protection event.
//
// GStreamer: gst_event_new_protection (gst/gstevent.c).
func NewProtectionEvent(systemID string, data *Buffer, origin string) *ProtectionEvent {
	return &ProtectionEvent{eventBase: newEventBase(), SystemID: systemID, Data: data, Origin: origin}
}

func (e *ProtectionEvent) structName() string {
	if e.Origin != "" {
		return "GstProtectionEvent-" + e.Origin + "-" + e.SystemID
	}
	return "GstProtectionEvent-" + e.SystemID
}

// Type returns EventProtection.
//
// GStreamer: GST_EVENT_TYPE (gst/gstevent.h).
func (*ProtectionEvent) Type() EventType { return EventProtection }
func (e *ProtectionEvent) clone() Event  { c := *e; return &c }

// SegmentDoneEvent marks the end of a segment seek's playback; it is sent
// instead of EOS.
//
// GStreamer: GST_EVENT_SEGMENT_DONE (gst/gstevent.h).
type SegmentDoneEvent struct {
	eventBase
	Format   Format // format of Position
	Position int64  // position where the segment ended
}

// NewSegmentDoneEvent returns a segment-done event.
//
// GStreamer: gst_event_new_segment_done (gst/gstevent.c).
func NewSegmentDoneEvent(format Format, position int64) *SegmentDoneEvent {
	return &SegmentDoneEvent{eventBase: newEventBase(), Format: format, Position: position}
}

// Type returns EventSegmentDone.
//
// GStreamer: GST_EVENT_TYPE (gst/gstevent.h).
func (*SegmentDoneEvent) Type() EventType { return EventSegmentDone }
func (e *SegmentDoneEvent) clone() Event  { c := *e; return &c }

// GapFlags qualify a GAP event.
//
// GStreamer: GstGapFlags (gst/gstevent.h).
type GapFlags uint32

// GapFlagMissingData says the gap is data that was lost, not a real gap in
// the stream.
//
// GStreamer: GST_GAP_FLAG_MISSING_DATA (gst/gstevent.h).
const GapFlagMissingData GapFlags = 1 << 0

// GapEvent stands in for missing data between Timestamp and
// Timestamp+Duration; sinks treat it like a buffer for preroll and sync.
//
// GStreamer: GST_EVENT_GAP (gst/gstevent.h).
type GapEvent struct {
	eventBase
	Timestamp ClockTime // start of the gap (ns); should be valid
	Duration  ClockTime // length of the gap (ns), or ClockTimeNone
	Flags     GapFlags  // gap flags (gst_event_set_gap_flags)
}

// NewGapEvent returns a gap event. GStreamer refuses an invalid timestamp;
// callers must pass a valid one.
//
// GStreamer: gst_event_new_gap (gst/gstevent.c).
func NewGapEvent(timestamp, duration ClockTime) *GapEvent {
	return &GapEvent{eventBase: newEventBase(), Timestamp: timestamp, Duration: duration}
}

// Type returns EventGap.
//
// GStreamer: GST_EVENT_TYPE (gst/gstevent.h).
func (*GapEvent) Type() EventType { return EventGap }
func (e *GapEvent) clone() Event  { c := *e; return &c }

// segmentInstantFlags are the segment flags an instant rate change can set:
// TRICKMODE, TRICKMODE_KEY_UNITS, TRICKMODE_NO_AUDIO and
// TRICKMODE_FORWARD_PREDICTED (same bits as the seek flags).
const segmentInstantFlags = SegmentFlags(1<<4 | 1<<7 | 1<<8 | 1<<9)

// InstantRateChangeEvent asks downstream to apply a rate multiplier as soon
// as possible, without a flush.
//
// GStreamer: GST_EVENT_INSTANT_RATE_CHANGE (gst/gstevent.h).
type InstantRateChangeEvent struct {
	eventBase
	RateMultiplier float64      // multiplier applied to the segment rate
	NewFlags       SegmentFlags // new trick-mode flags (only the instant flags)
}

// NewInstantRateChangeEvent returns an instant-rate-change event; flags
// other than the trick-mode ones (GST_SEGMENT_INSTANT_FLAGS) are cleared.
//
// GStreamer: gst_event_new_instant_rate_change (gst/gstevent.c).
func NewInstantRateChangeEvent(rateMultiplier float64, newFlags SegmentFlags) *InstantRateChangeEvent {
	return &InstantRateChangeEvent{eventBase: newEventBase(), RateMultiplier: rateMultiplier,
		NewFlags: newFlags & segmentInstantFlags}
}

// Type returns EventInstantRateChange.
//
// GStreamer: GST_EVENT_TYPE (gst/gstevent.h).
func (*InstantRateChangeEvent) Type() EventType { return EventInstantRateChange }
func (e *InstantRateChangeEvent) clone() Event  { c := *e; return &c }

// QoSType says why a QoS event was sent.
//
// GStreamer: GstQOSType (gst/gstevent.h).
type QoSType int

// The QoS types.
//
// GStreamer: GST_QOS_TYPE_* (gst/gstevent.h).
const (
	QoSTypeOverflow  QoSType = 0 // downstream is faster than upstream produces
	QoSTypeUnderflow QoSType = 1 // downstream is slower than upstream produces
	QoSTypeThrottle  QoSType = 2 // upstream should throttle to the proportion
)

// String returns the nick: "overflow", "underflow" or "throttle".
//
// GStreamer: GstQOSType nicks (gst/gstenumtypes.c).
func (t QoSType) String() string {
	switch t {
	case QoSTypeOverflow:
		return "overflow"
	case QoSTypeUnderflow:
		return "underflow"
	case QoSTypeThrottle:
		return "throttle"
	}
	return fmt.Sprintf("qos-type-%d", int(t))
}

// QoSEvent is sent upstream by sinks to report how late or early data
// arrives.
//
// GStreamer: GST_EVENT_QOS (gst/gstevent.h).
type QoSEvent struct {
	eventBase
	QoSType    QoSType       // why the event was sent
	Proportion float64       // ratio of processing rate to real time
	Diff       ClockTimeDiff // how late (positive, ns) or early (negative) the buffer was
	Timestamp  ClockTime     // running time of the buffer (ns), without the running-time offset
}

// NewQoSEvent returns a QoS event. GStreamer refuses a negative diff larger
// than the timestamp; callers must not pass one.
//
// GStreamer: gst_event_new_qos (gst/gstevent.c).
func NewQoSEvent(typ QoSType, proportion float64, diff ClockTimeDiff, timestamp ClockTime) *QoSEvent {
	return &QoSEvent{eventBase: newEventBase(), QoSType: typ, Proportion: proportion, Diff: diff, Timestamp: timestamp}
}

// AdjustedTimestamp returns Timestamp plus the running-time offset, clamped
// at 0 and so that the timestamp plus Diff is never negative, as
// gst_event_parse_qos reports it.
//
// GStreamer: gst_event_parse_qos (gst/gstevent.c).
func (e *QoSEvent) AdjustedTimestamp() ClockTime {
	ts := e.Timestamp
	off := e.runningTimeOffset
	if off >= 0 || ts > ClockTime(-off) {
		ts += ClockTime(off)
	} else {
		ts = 0
	}
	if e.Diff < 0 && ts < ClockTime(-e.Diff) {
		ts = ClockTime(-e.Diff)
	}
	return ts
}

// Type returns EventQoS.
//
// GStreamer: GST_EVENT_TYPE (gst/gstevent.h).
func (*QoSEvent) Type() EventType { return EventQoS }
func (e *QoSEvent) clone() Event  { c := *e; return &c }

// SeekEvent asks upstream for a new playback position and rate.
//
// GStreamer: GST_EVENT_SEEK (gst/gstevent.h).
type SeekEvent struct {
	eventBase
	Rate              float64   // new playback rate; not 0
	Format            Format    // format of Start and Stop
	Flags             SeekFlags // seek flags
	StartType         SeekType  // how to use Start
	Start             int64     // new start position
	StopType          SeekType  // how to use Stop
	Stop              int64     // new stop position
	TrickmodeInterval ClockTime // minimum interval between frames in trick modes (ns); 0 by default
}

// NewSeekEvent returns a seek event. As in GStreamer, the SNAP flags are
// dropped when KEY_UNIT is not set. GStreamer refuses a zero rate and an
// INSTANT_RATE_CHANGE seek with start/stop types or FLUSH; use
// ValidateSeekEvent to check for those.
//
// GStreamer: gst_event_new_seek (gst/gstevent.c).
func NewSeekEvent(rate float64, format Format, flags SeekFlags, startType SeekType, start int64,
	stopType SeekType, stop int64) *SeekEvent {
	const snap = SeekFlagSnapBefore | SeekFlagSnapAfter
	if flags&SeekFlagKeyUnit == 0 && flags&snap != 0 {
		flags &^= snap
	}
	return &SeekEvent{eventBase: newEventBase(), Rate: rate, Format: format, Flags: flags,
		StartType: startType, Start: start, StopType: stopType, Stop: stop}
}

// Errors returned by ValidateSeekEvent.
//
// GStreamer: the g_return_val_if_fail checks of gst_event_new_seek_full (gst/gstevent.c).
var (
	// ErrSeekZeroRate: the seek's rate is 0.
	ErrSeekZeroRate = errors.New("gst: seek rate must not be 0")
	// ErrSeekInstantRateChange: an instant-rate-change seek has a start or
	// stop type, or the FLUSH flag.
	ErrSeekInstantRateChange = errors.New("gst: instant-rate-change seek must have no start/stop types and no flush flag")
)

// ValidateSeekEvent reports whether e satisfies GStreamer's preconditions
// for seek events: a non-zero rate, and for INSTANT_RATE_CHANGE seeks no
// start/stop types and no FLUSH flag.
//
// GStreamer: gst_event_new_seek (gst/gstevent.c) preconditions.
func ValidateSeekEvent(e *SeekEvent) error {
	if e.Rate == 0 {
		return ErrSeekZeroRate
	}
	if e.Flags&SeekFlagInstantRateChange != 0 &&
		(e.StartType != SeekTypeNone || e.StopType != SeekTypeNone || e.Flags&SeekFlagFlush != 0) {
		return ErrSeekInstantRateChange
	}
	return nil
}

// Type returns EventSeek.
//
// GStreamer: GST_EVENT_TYPE (gst/gstevent.h).
func (*SeekEvent) Type() EventType { return EventSeek }
func (e *SeekEvent) clone() Event  { c := *e; return &c }

// NavigationEvent carries a user interaction (key press, mouse move) as a
// structure, upstream from video sinks.
//
// GStreamer: GST_EVENT_NAVIGATION (gst/gstevent.h).
type NavigationEvent struct {
	eventBase
	s *Structure
}

// NewNavigationEvent returns a navigation event; it takes ownership of s.
//
// GStreamer: gst_event_new_navigation (gst/gstevent.c).
func NewNavigationEvent(s *Structure) *NavigationEvent {
	return &NavigationEvent{eventBase: newEventBase(), s: s}
}

// Type returns EventNavigation.
//
// GStreamer: GST_EVENT_TYPE (gst/gstevent.h).
func (*NavigationEvent) Type() EventType { return EventNavigation }

// Structure returns the navigation structure.
//
// GStreamer: gst_event_get_structure (gst/gstevent.c).
func (e *NavigationEvent) Structure() *Structure { return e.s }
func (e *NavigationEvent) clone() Event          { c := *e; return &c }

// LatencyEvent tells sinks the latency to add to their synchronisation.
//
// GStreamer: GST_EVENT_LATENCY (gst/gstevent.h).
type LatencyEvent struct {
	eventBase
	Latency ClockTime // the pipeline latency (ns)
}

// NewLatencyEvent returns a latency event. GStreamer refuses ClockTimeNone.
//
// GStreamer: gst_event_new_latency (gst/gstevent.c).
func NewLatencyEvent(latency ClockTime) *LatencyEvent {
	return &LatencyEvent{eventBase: newEventBase(), Latency: latency}
}

// Type returns EventLatency.
//
// GStreamer: GST_EVENT_TYPE (gst/gstevent.h).
func (*LatencyEvent) Type() EventType { return EventLatency }
func (e *LatencyEvent) clone() Event  { c := *e; return &c }

// StepEvent asks to skip an amount of data (frame stepping).
//
// GStreamer: GST_EVENT_STEP (gst/gstevent.h).
type StepEvent struct {
	eventBase
	Format       Format  // format of Amount
	Amount       uint64  // amount to skip
	Rate         float64 // rate of the step; > 0
	Flush        bool    // flush data
	Intermediate bool    // part of a series of steps
}

// NewStepEvent returns a step event.
//
// GStreamer: gst_event_new_step (gst/gstevent.c).
func NewStepEvent(format Format, amount uint64, rate float64, flush, intermediate bool) *StepEvent {
	return &StepEvent{eventBase: newEventBase(), Format: format, Amount: amount, Rate: rate,
		Flush: flush, Intermediate: intermediate}
}

// Type returns EventStep.
//
// GStreamer: GST_EVENT_TYPE (gst/gstevent.h).
func (*StepEvent) Type() EventType { return EventStep }
func (e *StepEvent) clone() Event  { c := *e; return &c }

// ReconfigureEvent asks upstream to renegotiate caps and reconfigure.
//
// GStreamer: GST_EVENT_RECONFIGURE (gst/gstevent.h).
type ReconfigureEvent struct{ eventBase }

// NewReconfigureEvent returns a reconfigure event.
//
// GStreamer: gst_event_new_reconfigure (gst/gstevent.c).
func NewReconfigureEvent() *ReconfigureEvent { return &ReconfigureEvent{newEventBase()} }

// Type returns EventReconfigure.
//
// GStreamer: GST_EVENT_TYPE (gst/gstevent.h).
func (*ReconfigureEvent) Type() EventType { return EventReconfigure }
func (e *ReconfigureEvent) clone() Event  { c := *e; return &c }

// TOCSelectEvent asks to play the table-of-contents entry with UID.
//
// GStreamer: GST_EVENT_TOC_SELECT (gst/gstevent.h).
type TOCSelectEvent struct {
	eventBase
	UID string // the TOC entry
}

// NewTOCSelectEvent returns a toc-select event.
//
// GStreamer: gst_event_new_toc_select (gst/gstevent.c).
func NewTOCSelectEvent(uid string) *TOCSelectEvent {
	return &TOCSelectEvent{eventBase: newEventBase(), UID: uid}
}

// Type returns EventTOCSelect.
//
// GStreamer: GST_EVENT_TYPE (gst/gstevent.h).
func (*TOCSelectEvent) Type() EventType { return EventTOCSelect }
func (e *TOCSelectEvent) clone() Event  { c := *e; return &c }

// InstantRateSyncTimeEvent is sent by the pipeline to tell elements the
// running time at which an instant rate change applies.
//
// GStreamer: GST_EVENT_INSTANT_RATE_SYNC_TIME (gst/gstevent.h).
type InstantRateSyncTimeEvent struct {
	eventBase
	RateMultiplier      float64   // the rate multiplier
	RunningTime         ClockTime // running time when the rate applies (ns)
	UpstreamRunningTime ClockTime // the same point in upstream running time (ns)
}

// NewInstantRateSyncTimeEvent returns an instant-rate-sync-time event.
// GStreamer refuses a zero multiplier and invalid times.
//
// GStreamer: gst_event_new_instant_rate_sync_time (gst/gstevent.c).
func NewInstantRateSyncTimeEvent(rateMultiplier float64, runningTime, upstreamRunningTime ClockTime) *InstantRateSyncTimeEvent {
	return &InstantRateSyncTimeEvent{eventBase: newEventBase(), RateMultiplier: rateMultiplier,
		RunningTime: runningTime, UpstreamRunningTime: upstreamRunningTime}
}

// Type returns EventInstantRateSyncTime.
//
// GStreamer: GST_EVENT_TYPE (gst/gstevent.h).
func (*InstantRateSyncTimeEvent) Type() EventType { return EventInstantRateSyncTime }
func (e *InstantRateSyncTimeEvent) clone() Event  { c := *e; return &c }

// CustomEvent is an application- or element-defined event of one of the
// custom types, carrying a structure whose name identifies it.
//
// GStreamer: GST_EVENT_CUSTOM_* (gst/gstevent.h).
type CustomEvent struct {
	eventBase
	typ EventType
	s   *Structure
}

// ErrNotCustomEventType is returned by NewCustomEvent for a type that is
// not one of the EventCustom* types.
//
// GStreamer: the g_return_val_if_fail check of gst_event_new_custom (gst/gstevent.c).
var ErrNotCustomEventType = errors.New("gst: not a custom event type")

// NewCustomEvent returns a custom event of type typ carrying s (ownership is
// taken). typ must be one of EventCustomUpstream, EventCustomDownstream,
// EventCustomDownstreamOOB, EventCustomDownstreamSticky, EventCustomBoth or
// EventCustomBothOOB; other types have their own constructors and give an
// error wrapping ErrNotCustomEventType.
//
// GStreamer: gst_event_new_custom (gst/gstevent.c).
func NewCustomEvent(typ EventType, s *Structure) (*CustomEvent, error) {
	if !typ.isCustom() {
		return nil, fmt.Errorf("%w: %s (0x%x)", ErrNotCustomEventType, typ, uint32(typ))
	}
	return &CustomEvent{eventBase: newEventBase(), typ: typ, s: s}, nil
}

// Type returns the custom event type given to NewCustomEvent.
//
// GStreamer: GST_EVENT_TYPE (gst/gstevent.h).
func (e *CustomEvent) Type() EventType { return e.typ }

// Structure returns the event's structure (may be nil).
//
// GStreamer: gst_event_get_structure (gst/gstevent.c).
func (e *CustomEvent) Structure() *Structure { return e.s }
func (e *CustomEvent) clone() Event          { c := *e; return &c }
