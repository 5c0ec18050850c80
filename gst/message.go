package gst

import (
	"fmt"
	"math/bits"
	"strings"
)

// MessageType identifies a message. The basic types are single bits so that
// they can be or-ed into a filter (Bus.PopFiltered); the extended types are
// MessageExtended plus a small number and only match a filter that includes
// MessageExtended.
//
// GStreamer: GstMessageType (gst/gstmessage.h).
type MessageType uint32

// The message types, with GStreamer's values.
//
// GStreamer: GST_MESSAGE_* (gst/gstmessage.h).
const (
	MessageUnknown         MessageType = 0
	MessageEOS             MessageType = 1 << 0
	MessageError           MessageType = 1 << 1
	MessageWarning         MessageType = 1 << 2
	MessageInfo            MessageType = 1 << 3
	MessageTag             MessageType = 1 << 4
	MessageBuffering       MessageType = 1 << 5
	MessageStateChanged    MessageType = 1 << 6
	MessageStateDirty      MessageType = 1 << 7
	MessageStepDone        MessageType = 1 << 8
	MessageClockProvide    MessageType = 1 << 9
	MessageClockLost       MessageType = 1 << 10
	MessageNewClock        MessageType = 1 << 11
	MessageStructureChange MessageType = 1 << 12
	MessageStreamStatus    MessageType = 1 << 13
	MessageApplication     MessageType = 1 << 14
	MessageElement         MessageType = 1 << 15
	MessageSegmentStart    MessageType = 1 << 16
	MessageSegmentDone     MessageType = 1 << 17
	MessageDurationChanged MessageType = 1 << 18
	MessageLatency         MessageType = 1 << 19
	MessageAsyncStart      MessageType = 1 << 20
	MessageAsyncDone       MessageType = 1 << 21
	MessageRequestState    MessageType = 1 << 22
	MessageStepStart       MessageType = 1 << 23
	MessageQoS             MessageType = 1 << 24
	MessageProgress        MessageType = 1 << 25
	MessageTOC             MessageType = 1 << 26
	MessageResetTime       MessageType = 1 << 27
	MessageStreamStart     MessageType = 1 << 28
	MessageNeedContext     MessageType = 1 << 29
	MessageHaveContext     MessageType = 1 << 30
	MessageExtended        MessageType = 1 << 31

	MessageDeviceAdded          MessageType = MessageExtended + 1
	MessageDeviceRemoved        MessageType = MessageExtended + 2
	MessagePropertyNotify       MessageType = MessageExtended + 3
	MessageStreamCollection     MessageType = MessageExtended + 4
	MessageStreamsSelected      MessageType = MessageExtended + 5
	MessageRedirect             MessageType = MessageExtended + 6
	MessageDeviceChanged        MessageType = MessageExtended + 7
	MessageInstantRateRequest   MessageType = MessageExtended + 8
	MessageDeviceMonitorStarted MessageType = MessageExtended + 9
	MessageAny                  MessageType = 0xffffffff
)

var messageTypeNames = map[MessageType]string{
	MessageUnknown:              "unknown",
	MessageEOS:                  "eos",
	MessageError:                "error",
	MessageWarning:              "warning",
	MessageInfo:                 "info",
	MessageTag:                  "tag",
	MessageBuffering:            "buffering",
	MessageStateChanged:         "state-changed",
	MessageStateDirty:           "state-dirty",
	MessageStepDone:             "step-done",
	MessageClockProvide:         "clock-provide",
	MessageClockLost:            "clock-lost",
	MessageNewClock:             "new-clock",
	MessageStructureChange:      "structure-change",
	MessageStreamStatus:         "stream-status",
	MessageApplication:          "application",
	MessageElement:              "element",
	MessageSegmentStart:         "segment-start",
	MessageSegmentDone:          "segment-done",
	MessageDurationChanged:      "duration-changed",
	MessageLatency:              "latency",
	MessageAsyncStart:           "async-start",
	MessageAsyncDone:            "async-done",
	MessageRequestState:         "request-state",
	MessageStepStart:            "step-start",
	MessageQoS:                  "qos",
	MessageProgress:             "progress",
	MessageTOC:                  "toc",
	MessageResetTime:            "reset-time",
	MessageStreamStart:          "stream-start",
	MessageNeedContext:          "need-context",
	MessageHaveContext:          "have-context",
	MessageExtended:             "extended",
	MessageDeviceAdded:          "device-added",
	MessageDeviceRemoved:        "device-removed",
	MessageDeviceChanged:        "device-changed",
	MessagePropertyNotify:       "property-notify",
	MessageStreamCollection:     "stream-collection",
	MessageStreamsSelected:      "streams-selected",
	MessageRedirect:             "redirect",
	MessageInstantRateRequest:   "instant-rate-request",
	MessageDeviceMonitorStarted: "device-monitor-started",
	MessageAny:                  "any",
}

// String returns the message type's nick ("eos", "state-changed", ...). A
// combination of basic types (a filter) prints as the nicks of its bits
// joined by "+" in bit order, e.g. "eos+error".
//
// GStreamer: gst_message_type_get_name (gst/gstmessage.c); combinations as GstMessageType flags serialization.
func (t MessageType) String() string {
	if n, ok := messageTypeNames[t]; ok {
		return n
	}
	var b strings.Builder
	for v := uint32(t); v != 0; v &= v - 1 {
		bit := MessageType(1) << bits.TrailingZeros32(v)
		if b.Len() > 0 {
			b.WriteByte('+')
		}
		b.WriteString(messageTypeNames[bit])
	}
	return b.String()
}

// IsExtended reports whether t is one of the extended message types.
//
// GStreamer: GST_MESSAGE_TYPE_IS_EXTENDED (gst/gstmessage.h).
func (t MessageType) IsExtended() bool { return t&MessageExtended != 0 }

// matches reports whether a message of type t passes the filter types, with
// the extended-type rule of gst_bus_timed_pop_filtered.
func (t MessageType) matches(types MessageType) bool {
	return t&types != 0 && (!t.IsExtended() || types&MessageExtended != 0)
}

// Message is a notification posted by an object on a bus for the
// application (or a parent bin). Each message type has its own concrete
// struct (*EOSMessage, *ErrorMessage, *StateChangedMessage, ...); read them
// with a type switch. Build messages with their constructors, which assign a
// fresh seqnum. A message is immutable once posted. The interface is sealed.
//
// GStreamer: GstMessage (gst/gstmessage.h).
type Message interface {
	// Type returns the message type.
	Type() MessageType
	// Src returns the object that posted the message (may be nil).
	Src() Object
	// Seqnum returns the message's sequence number.
	Seqnum() uint32
	// SetSeqnum sets the sequence number, to tie the message to the event
	// that caused it. Only before posting.
	SetSeqnum(seqnum uint32)
	// Structure returns the free-form structure of element, application and
	// custom messages (nil for the typed messages).
	Structure() *Structure
	message() *messageBase
}

type messageBase struct {
	src    Object
	seqnum uint32
}

func newMessageBase(src Object) messageBase { return messageBase{src: src, seqnum: SeqnumNext()} }

func (m *messageBase) message() *messageBase { return m }

// Src returns the object that posted the message, or nil.
//
// GStreamer: GST_MESSAGE_SRC (gst/gstmessage.h).
func (m *messageBase) Src() Object { return m.src }

// Seqnum returns the message's sequence number.
//
// GStreamer: gst_message_get_seqnum (gst/gstmessage.c).
func (m *messageBase) Seqnum() uint32 { return m.seqnum }

// SetSeqnum sets the message's sequence number. Only before posting.
//
// GStreamer: gst_message_set_seqnum (gst/gstmessage.c).
func (m *messageBase) SetSeqnum(seqnum uint32) { m.seqnum = seqnum }

// Structure returns nil: typed messages keep their data in fields.
//
// GStreamer: gst_message_get_structure (gst/gstmessage.c).
func (m *messageBase) Structure() *Structure { return nil }

// MessageSrcName returns the name of m's source, or "(NULL)" when it has
// none, for logs.
//
// GStreamer: GST_MESSAGE_SRC_NAME (gst/gstmessage.h).
func MessageSrcName(m Message) string {
	if m == nil || m.Src() == nil {
		return "(NULL)"
	}
	return m.Src().Name()
}

// CustomMessage is a message of any type without a dedicated struct (the
// extended types, or a basic type posted with a structure), carrying a
// structure.
//
// GStreamer: gst_message_new_custom (gst/gstmessage.c).
type CustomMessage struct {
	messageBase
	typ MessageType
	s   *Structure
}

// NewCustomMessage returns a message of type typ from src carrying s
// (ownership taken; may be nil).
//
// GStreamer: gst_message_new_custom (gst/gstmessage.c).
func NewCustomMessage(typ MessageType, src Object, s *Structure) *CustomMessage {
	return &CustomMessage{messageBase: newMessageBase(src), typ: typ, s: s}
}

// Type returns the type given to NewCustomMessage.
//
// GStreamer: GST_MESSAGE_TYPE (gst/gstmessage.h).
func (m *CustomMessage) Type() MessageType { return m.typ }

// Structure returns the message's structure (may be nil).
//
// GStreamer: gst_message_get_structure (gst/gstmessage.c).
func (m *CustomMessage) Structure() *Structure { return m.s }

// EOSMessage is posted by sinks when they have processed EOS, and by a
// pipeline when all its sinks have.
//
// GStreamer: GST_MESSAGE_EOS (gst/gstmessage.h).
type EOSMessage struct{ messageBase }

// NewEOSMessage returns an EOS message from src.
//
// GStreamer: gst_message_new_eos (gst/gstmessage.c).
func NewEOSMessage(src Object) *EOSMessage { return &EOSMessage{newMessageBase(src)} }

// Type returns MessageEOS.
//
// GStreamer: GST_MESSAGE_TYPE (gst/gstmessage.h).
func (*EOSMessage) Type() MessageType { return MessageEOS }

// ErrorMessage reports a fatal error; the application usually stops the
// pipeline. Err is typically a *CoreError, *LibraryError, *ResourceError or
// *StreamError (use errors.As).
//
// GStreamer: GST_MESSAGE_ERROR (gst/gstmessage.h).
type ErrorMessage struct {
	messageBase
	Err     error      // the error; never nil
	Debug   string     // debugging details for developers
	Details *Structure // optional extra details
}

// NewErrorMessage returns an error message from src. A nil err is replaced
// by a *CoreError with CoreErrorFailed.
//
// GStreamer: gst_message_new_error (gst/gstmessage.c).
func NewErrorMessage(src Object, err error, debug string) *ErrorMessage {
	return NewErrorMessageWithDetails(src, err, debug, nil)
}

// NewErrorMessageWithDetails is NewErrorMessage with a details structure
// (ownership taken).
//
// GStreamer: gst_message_new_error_with_details (gst/gstmessage.c).
func NewErrorMessageWithDetails(src Object, err error, debug string, details *Structure) *ErrorMessage {
	return &ErrorMessage{messageBase: newMessageBase(src), Err: nonNilErr(err), Debug: debug, Details: details}
}

// Type returns MessageError.
//
// GStreamer: GST_MESSAGE_TYPE (gst/gstmessage.h).
func (*ErrorMessage) Type() MessageType { return MessageError }

// WarningMessage reports a non-fatal problem.
//
// GStreamer: GST_MESSAGE_WARNING (gst/gstmessage.h).
type WarningMessage struct {
	messageBase
	Err     error      // the warning; never nil
	Debug   string     // debugging details
	Details *Structure // optional extra details
}

// NewWarningMessage returns a warning message from src. A nil err is
// replaced by a *CoreError with CoreErrorFailed.
//
// GStreamer: gst_message_new_warning (gst/gstmessage.c).
func NewWarningMessage(src Object, err error, debug string) *WarningMessage {
	return NewWarningMessageWithDetails(src, err, debug, nil)
}

// NewWarningMessageWithDetails is NewWarningMessage with a details
// structure.
//
// GStreamer: gst_message_new_warning_with_details (gst/gstmessage.c).
func NewWarningMessageWithDetails(src Object, err error, debug string, details *Structure) *WarningMessage {
	return &WarningMessage{messageBase: newMessageBase(src), Err: nonNilErr(err), Debug: debug, Details: details}
}

// Type returns MessageWarning.
//
// GStreamer: GST_MESSAGE_TYPE (gst/gstmessage.h).
func (*WarningMessage) Type() MessageType { return MessageWarning }

// InfoMessage carries an informational note.
//
// GStreamer: GST_MESSAGE_INFO (gst/gstmessage.h).
type InfoMessage struct {
	messageBase
	Err     error      // the information, as an error value; never nil
	Debug   string     // debugging details
	Details *Structure // optional extra details
}

// NewInfoMessage returns an info message from src. A nil err is replaced
// by a *CoreError with CoreErrorFailed.
//
// GStreamer: gst_message_new_info (gst/gstmessage.c).
func NewInfoMessage(src Object, err error, debug string) *InfoMessage {
	return NewInfoMessageWithDetails(src, err, debug, nil)
}

// NewInfoMessageWithDetails is NewInfoMessage with a details structure.
//
// GStreamer: gst_message_new_info_with_details (gst/gstmessage.c).
func NewInfoMessageWithDetails(src Object, err error, debug string, details *Structure) *InfoMessage {
	return &InfoMessage{messageBase: newMessageBase(src), Err: nonNilErr(err), Debug: debug, Details: details}
}

// Type returns MessageInfo.
//
// GStreamer: GST_MESSAGE_TYPE (gst/gstmessage.h).
func (*InfoMessage) Type() MessageType { return MessageInfo }

func nonNilErr(err error) error {
	if err == nil {
		return &CoreError{Code: CoreErrorFailed}
	}
	return err
}

// TagMessage carries tags found in the stream.
//
// GStreamer: GST_MESSAGE_TAG (gst/gstmessage.h).
type TagMessage struct {
	messageBase
	Tags *TagList // the tags; owned by the message
}

// NewTagMessage returns a tag message (ownership of tags is taken; nil
// becomes an empty list).
//
// GStreamer: gst_message_new_tag (gst/gstmessage.c).
func NewTagMessage(src Object, tags *TagList) *TagMessage {
	if tags == nil {
		tags = NewTagList()
	}
	return &TagMessage{messageBase: newMessageBase(src), Tags: tags}
}

// Type returns MessageTag.
//
// GStreamer: GST_MESSAGE_TYPE (gst/gstmessage.h).
func (*TagMessage) Type() MessageType { return MessageTag }

// BufferingMessage reports the fill level of a buffering element; the
// application pauses the pipeline below 100%.
//
// GStreamer: GST_MESSAGE_BUFFERING (gst/gstmessage.h).
type BufferingMessage struct {
	messageBase
	Percent       int           // fill level 0..100
	Mode          BufferingMode // buffering mode
	AvgIn         int           // average input rate (bytes/s), -1 if unknown
	AvgOut        int           // average output rate (bytes/s), -1 if unknown
	BufferingLeft int64         // ms left until buffering completes, -1 if unknown
}

// NewBufferingMessage returns a buffering message at percent (clamped to
// 0..100; GStreamer refuses other values), in stream mode with unknown rates;
// BufferingLeft is 0 at 100% and -1 otherwise.
//
// GStreamer: gst_message_new_buffering (gst/gstmessage.c).
func NewBufferingMessage(src Object, percent int) *BufferingMessage {
	percent = max(0, min(100, percent))
	left := int64(-1)
	if percent == 100 {
		left = 0
	}
	return &BufferingMessage{messageBase: newMessageBase(src), Percent: percent, Mode: BufferingStream,
		AvgIn: -1, AvgOut: -1, BufferingLeft: left}
}

// Type returns MessageBuffering.
//
// GStreamer: GST_MESSAGE_TYPE (gst/gstmessage.h).
func (*BufferingMessage) Type() MessageType { return MessageBuffering }

// StateChangedMessage is posted by an element after each state change step.
//
// GStreamer: GST_MESSAGE_STATE_CHANGED (gst/gstmessage.h).
type StateChangedMessage struct {
	messageBase
	Old     State // previous state
	New     State // new state
	Pending State // final target state, StateVoidPending when reached
}

// NewStateChangedMessage returns a state-changed message.
//
// GStreamer: gst_message_new_state_changed (gst/gstmessage.c).
func NewStateChangedMessage(src Object, oldState, newState, pending State) *StateChangedMessage {
	return &StateChangedMessage{messageBase: newMessageBase(src), Old: oldState, New: newState, Pending: pending}
}

// Type returns MessageStateChanged.
//
// GStreamer: GST_MESSAGE_TYPE (gst/gstmessage.h).
func (*StateChangedMessage) Type() MessageType { return MessageStateChanged }

// StepDoneMessage is posted when a step operation finished.
//
// GStreamer: GST_MESSAGE_STEP_DONE (gst/gstmessage.h).
type StepDoneMessage struct {
	messageBase
	Format       Format  // format of Amount
	Amount       uint64  // amount stepped
	Rate         float64 // rate of the step
	Flush        bool    // whether the step flushed
	Intermediate bool    // part of a series of steps
	Duration     uint64  // duration of the step (ns)
	EOS          bool    // the step ended because of EOS
}

// NewStepDoneMessage returns a step-done message.
//
// GStreamer: gst_message_new_step_done (gst/gstmessage.c).
func NewStepDoneMessage(src Object, format Format, amount uint64, rate float64, flush, intermediate bool,
	duration uint64, eos bool) *StepDoneMessage {
	return &StepDoneMessage{messageBase: newMessageBase(src), Format: format, Amount: amount, Rate: rate,
		Flush: flush, Intermediate: intermediate, Duration: duration, EOS: eos}
}

// Type returns MessageStepDone.
//
// GStreamer: GST_MESSAGE_TYPE (gst/gstmessage.h).
func (*StepDoneMessage) Type() MessageType { return MessageStepDone }

// ClockProvideMessage is posted by an element that can provide a clock
// (Ready) or no longer can.
//
// GStreamer: GST_MESSAGE_CLOCK_PROVIDE (gst/gstmessage.h).
type ClockProvideMessage struct {
	messageBase
	Clock Clock // the clock
	Ready bool  // whether the clock can be used now
}

// NewClockProvideMessage returns a clock-provide message.
//
// GStreamer: gst_message_new_clock_provide (gst/gstmessage.c).
func NewClockProvideMessage(src Object, clock Clock, ready bool) *ClockProvideMessage {
	return &ClockProvideMessage{messageBase: newMessageBase(src), Clock: clock, Ready: ready}
}

// Type returns MessageClockProvide.
//
// GStreamer: GST_MESSAGE_TYPE (gst/gstmessage.h).
func (*ClockProvideMessage) Type() MessageType { return MessageClockProvide }

// ClockLostMessage is posted when the clock in use becomes unusable; the
// application sets the pipeline to PAUSED and back to PLAYING.
//
// GStreamer: GST_MESSAGE_CLOCK_LOST (gst/gstmessage.h).
type ClockLostMessage struct {
	messageBase
	Clock Clock // the lost clock
}

// NewClockLostMessage returns a clock-lost message.
//
// GStreamer: gst_message_new_clock_lost (gst/gstmessage.c).
func NewClockLostMessage(src Object, clock Clock) *ClockLostMessage {
	return &ClockLostMessage{messageBase: newMessageBase(src), Clock: clock}
}

// Type returns MessageClockLost.
//
// GStreamer: GST_MESSAGE_TYPE (gst/gstmessage.h).
func (*ClockLostMessage) Type() MessageType { return MessageClockLost }

// NewClockMessage is posted by a pipeline when it selected a new clock.
//
// GStreamer: GST_MESSAGE_NEW_CLOCK (gst/gstmessage.h).
type NewClockMessage struct {
	messageBase
	Clock Clock // the selected clock
}

// NewNewClockMessage returns a new-clock message.
//
// GStreamer: gst_message_new_new_clock (gst/gstmessage.c).
func NewNewClockMessage(src Object, clock Clock) *NewClockMessage {
	return &NewClockMessage{messageBase: newMessageBase(src), Clock: clock}
}

// Type returns MessageNewClock.
//
// GStreamer: GST_MESSAGE_TYPE (gst/gstmessage.h).
func (*NewClockMessage) Type() MessageType { return MessageNewClock }

// StructureChangeType says which change a structure-change message reports.
//
// GStreamer: GstStructureChangeType (gst/gstmessage.h).
type StructureChangeType int

// The structure change types.
//
// GStreamer: GST_STRUCTURE_CHANGE_TYPE_* (gst/gstmessage.h).
const (
	StructureChangeTypePadLink   StructureChangeType = 0 // a pad is being linked
	StructureChangeTypePadUnlink StructureChangeType = 1 // a pad is being unlinked
)

// String returns "link" or "unlink".
//
// GStreamer: GstStructureChangeType nicks (gst/gstenumtypes.c).
func (t StructureChangeType) String() string {
	switch t {
	case StructureChangeTypePadLink:
		return "link"
	case StructureChangeTypePadUnlink:
		return "unlink"
	}
	return fmt.Sprintf("structure-change-type-%d", int(t))
}

// StructureChangeMessage is posted by a pad (Src) while it is being linked
// or unlinked.
//
// GStreamer: GST_MESSAGE_STRUCTURE_CHANGE (gst/gstmessage.h).
type StructureChangeMessage struct {
	messageBase
	ChangeType StructureChangeType // link or unlink
	Owner      Object              // element owning the pad
	Busy       bool                // true when the change starts, false when it is done
}

// NewStructureChangeMessage returns a structure-change message.
//
// GStreamer: gst_message_new_structure_change (gst/gstmessage.c).
func NewStructureChangeMessage(src Object, typ StructureChangeType, owner Object, busy bool) *StructureChangeMessage {
	return &StructureChangeMessage{messageBase: newMessageBase(src), ChangeType: typ, Owner: owner, Busy: busy}
}

// Type returns MessageStructureChange.
//
// GStreamer: GST_MESSAGE_TYPE (gst/gstmessage.h).
func (*StructureChangeMessage) Type() MessageType { return MessageStructureChange }

// StreamStatusType says what happened to a streaming thread.
//
// GStreamer: GstStreamStatusType (gst/gstmessage.h).
type StreamStatusType int

// The stream status types.
//
// GStreamer: GST_STREAM_STATUS_TYPE_* (gst/gstmessage.h).
const (
	StreamStatusTypeCreate  StreamStatusType = 0  // a thread is being created
	StreamStatusTypeEnter   StreamStatusType = 1  // a thread entered its loop
	StreamStatusTypeLeave   StreamStatusType = 2  // a thread left its loop
	StreamStatusTypeDestroy StreamStatusType = 3  // a thread is being destroyed
	StreamStatusTypeStart   StreamStatusType = 8  // a thread was started
	StreamStatusTypePause   StreamStatusType = 9  // a thread was paused
	StreamStatusTypeStop    StreamStatusType = 10 // a thread was stopped
)

// String returns the nick: "create", "enter", "leave", "destroy", "start",
// "pause" or "stop".
//
// GStreamer: GstStreamStatusType nicks (gst/gstenumtypes.c).
func (t StreamStatusType) String() string {
	switch t {
	case StreamStatusTypeCreate:
		return "create"
	case StreamStatusTypeEnter:
		return "enter"
	case StreamStatusTypeLeave:
		return "leave"
	case StreamStatusTypeDestroy:
		return "destroy"
	case StreamStatusTypeStart:
		return "start"
	case StreamStatusTypePause:
		return "pause"
	case StreamStatusTypeStop:
		return "stop"
	}
	return fmt.Sprintf("stream-status-type-%d", int(t))
}

// StreamStatusMessage is posted by pads when their streaming task is
// created, enters or leaves its loop, and so on.
//
// GStreamer: GST_MESSAGE_STREAM_STATUS (gst/gstmessage.h).
type StreamStatusMessage struct {
	messageBase
	StatusType StreamStatusType // what happened
	Owner      Object           // element owning the task
	// Task is the task the status is about (nil when not set), and
	// TaskName its name when the message was made: a pad task is
	// renamed "element:pad" on ENTER, so CREATE still shows "taskN".
	Task     *Task
	TaskName string
}

// NewStreamStatusMessage returns a stream-status message.
//
// GStreamer: gst_message_new_stream_status (gst/gstmessage.c).
func NewStreamStatusMessage(src Object, typ StreamStatusType, owner Object) *StreamStatusMessage {
	return &StreamStatusMessage{messageBase: newMessageBase(src), StatusType: typ, Owner: owner}
}

// Type returns MessageStreamStatus.
//
// GStreamer: GST_MESSAGE_TYPE (gst/gstmessage.h).
func (*StreamStatusMessage) Type() MessageType { return MessageStreamStatus }

// SetStreamStatusObject sets the task the message is about (the "object"
// field) and records its current name. Only before posting.
//
// GStreamer: gst_message_set_stream_status_object (gst/gstmessage.c).
func (m *StreamStatusMessage) SetStreamStatusObject(t *Task) {
	m.Task = t
	if t != nil {
		m.TaskName = t.Name()
	}
}

// newTaskStreamStatus is do_stream_status's message: from src, owned by
// owner, about task t.
func newTaskStreamStatus(src Object, typ StreamStatusType, owner Object, t *Task) *StreamStatusMessage {
	m := NewStreamStatusMessage(src, typ, owner)
	m.SetStreamStatusObject(t)
	return m
}

// ApplicationMessage is a message posted by the application itself.
//
// GStreamer: GST_MESSAGE_APPLICATION (gst/gstmessage.h).
type ApplicationMessage struct {
	messageBase
	s *Structure
}

// NewApplicationMessage returns an application message carrying s
// (ownership taken).
//
// GStreamer: gst_message_new_application (gst/gstmessage.c).
func NewApplicationMessage(src Object, s *Structure) *ApplicationMessage {
	return &ApplicationMessage{messageBase: newMessageBase(src), s: s}
}

// Type returns MessageApplication.
//
// GStreamer: GST_MESSAGE_TYPE (gst/gstmessage.h).
func (*ApplicationMessage) Type() MessageType { return MessageApplication }

// Structure returns the message's structure.
//
// GStreamer: gst_message_get_structure (gst/gstmessage.c).
func (m *ApplicationMessage) Structure() *Structure { return m.s }

// ElementMessage is an element-specific message identified by its
// structure's name (e.g. "level", "GstMultiFileSink").
//
// GStreamer: GST_MESSAGE_ELEMENT (gst/gstmessage.h).
type ElementMessage struct {
	messageBase
	s *Structure
}

// NewElementMessage returns an element message carrying s (ownership
// taken).
//
// GStreamer: gst_message_new_element (gst/gstmessage.c).
func NewElementMessage(src Object, s *Structure) *ElementMessage {
	return &ElementMessage{messageBase: newMessageBase(src), s: s}
}

// Type returns MessageElement.
//
// GStreamer: GST_MESSAGE_TYPE (gst/gstmessage.h).
func (*ElementMessage) Type() MessageType { return MessageElement }

// Structure returns the message's structure.
//
// GStreamer: gst_message_get_structure (gst/gstmessage.c).
func (m *ElementMessage) Structure() *Structure { return m.s }

// SegmentStartMessage is posted by a source when it starts playing a
// segment.
//
// GStreamer: GST_MESSAGE_SEGMENT_START (gst/gstmessage.h).
type SegmentStartMessage struct {
	messageBase
	Format   Format // format of Position
	Position int64  // start position
}

// NewSegmentStartMessage returns a segment-start message.
//
// GStreamer: gst_message_new_segment_start (gst/gstmessage.c).
func NewSegmentStartMessage(src Object, format Format, position int64) *SegmentStartMessage {
	return &SegmentStartMessage{messageBase: newMessageBase(src), Format: format, Position: position}
}

// Type returns MessageSegmentStart.
//
// GStreamer: GST_MESSAGE_TYPE (gst/gstmessage.h).
func (*SegmentStartMessage) Type() MessageType { return MessageSegmentStart }

// SegmentDoneMessage is posted when a segment seek finished playing.
//
// GStreamer: GST_MESSAGE_SEGMENT_DONE (gst/gstmessage.h).
type SegmentDoneMessage struct {
	messageBase
	Format   Format // format of Position
	Position int64  // end position
}

// NewSegmentDoneMessage returns a segment-done message.
//
// GStreamer: gst_message_new_segment_done (gst/gstmessage.c).
func NewSegmentDoneMessage(src Object, format Format, position int64) *SegmentDoneMessage {
	return &SegmentDoneMessage{messageBase: newMessageBase(src), Format: format, Position: position}
}

// Type returns MessageSegmentDone.
//
// GStreamer: GST_MESSAGE_TYPE (gst/gstmessage.h).
func (*SegmentDoneMessage) Type() MessageType { return MessageSegmentDone }

// DurationChangedMessage says the duration changed; query it again.
//
// GStreamer: GST_MESSAGE_DURATION_CHANGED (gst/gstmessage.h).
type DurationChangedMessage struct{ messageBase }

// NewDurationChangedMessage returns a duration-changed message.
//
// GStreamer: gst_message_new_duration_changed (gst/gstmessage.c).
func NewDurationChangedMessage(src Object) *DurationChangedMessage {
	return &DurationChangedMessage{newMessageBase(src)}
}

// Type returns MessageDurationChanged.
//
// GStreamer: GST_MESSAGE_TYPE (gst/gstmessage.h).
func (*DurationChangedMessage) Type() MessageType { return MessageDurationChanged }

// LatencyMessage says an element's latency changed; the application should
// recalculate the pipeline latency.
//
// GStreamer: GST_MESSAGE_LATENCY (gst/gstmessage.h).
type LatencyMessage struct{ messageBase }

// NewLatencyMessage returns a latency message.
//
// GStreamer: gst_message_new_latency (gst/gstmessage.c).
func NewLatencyMessage(src Object) *LatencyMessage { return &LatencyMessage{newMessageBase(src)} }

// Type returns MessageLatency.
//
// GStreamer: GST_MESSAGE_TYPE (gst/gstmessage.h).
func (*LatencyMessage) Type() MessageType { return MessageLatency }

// AsyncStartMessage is posted by an element that starts an asynchronous
// state change (a sink waiting for preroll).
//
// GStreamer: GST_MESSAGE_ASYNC_START (gst/gstmessage.h).
type AsyncStartMessage struct{ messageBase }

// NewAsyncStartMessage returns an async-start message.
//
// GStreamer: gst_message_new_async_start (gst/gstmessage.c).
func NewAsyncStartMessage(src Object) *AsyncStartMessage {
	return &AsyncStartMessage{newMessageBase(src)}
}

// Type returns MessageAsyncStart.
//
// GStreamer: GST_MESSAGE_TYPE (gst/gstmessage.h).
func (*AsyncStartMessage) Type() MessageType { return MessageAsyncStart }

// AsyncDoneMessage is posted when an asynchronous state change completed.
//
// GStreamer: GST_MESSAGE_ASYNC_DONE (gst/gstmessage.h).
type AsyncDoneMessage struct {
	messageBase
	RunningTime ClockTime // running time to reset to (ns), ClockTimeNone to keep it
}

// NewAsyncDoneMessage returns an async-done message.
//
// GStreamer: gst_message_new_async_done (gst/gstmessage.c).
func NewAsyncDoneMessage(src Object, runningTime ClockTime) *AsyncDoneMessage {
	return &AsyncDoneMessage{messageBase: newMessageBase(src), RunningTime: runningTime}
}

// Type returns MessageAsyncDone.
//
// GStreamer: GST_MESSAGE_TYPE (gst/gstmessage.h).
func (*AsyncDoneMessage) Type() MessageType { return MessageAsyncDone }

// RequestStateMessage asks the application to set the pipeline to State.
//
// GStreamer: GST_MESSAGE_REQUEST_STATE (gst/gstmessage.h).
type RequestStateMessage struct {
	messageBase
	State State // the requested state
}

// NewRequestStateMessage returns a request-state message.
//
// GStreamer: gst_message_new_request_state (gst/gstmessage.c).
func NewRequestStateMessage(src Object, state State) *RequestStateMessage {
	return &RequestStateMessage{messageBase: newMessageBase(src), State: state}
}

// Type returns MessageRequestState.
//
// GStreamer: GST_MESSAGE_TYPE (gst/gstmessage.h).
func (*RequestStateMessage) Type() MessageType { return MessageRequestState }

// QoSMessage is posted when an element dropped or changed processing of
// data because of QoS.
//
// GStreamer: GST_MESSAGE_QOS (gst/gstmessage.h).
type QoSMessage struct {
	messageBase
	Live        bool      // whether the element is live
	RunningTime ClockTime // running time of the dropped data (ns)
	StreamTime  ClockTime // stream time of the dropped data (ns)
	Timestamp   ClockTime // timestamp of the dropped data (ns)
	Duration    ClockTime // duration of the dropped data (ns)
	Jitter      int64     // difference between running time and clock (ns); 0 by default
	Proportion  float64   // processing rate proportion; 1.0 by default
	Quality     int       // quality level, 1000000 = full (default)
	Format      Format    // format of Processed and Dropped; FormatUndefined by default
	Processed   uint64    // processed units, ^0 (-1) if unknown
	Dropped     uint64    // dropped units, ^0 (-1) if unknown
}

// NewQoSMessage returns a QoS message with GStreamer's default values
// (jitter 0, proportion 1.0, quality 1000000, undefined format, unknown
// counts).
//
// GStreamer: gst_message_new_qos (gst/gstmessage.c).
func NewQoSMessage(src Object, live bool, runningTime, streamTime, timestamp, duration ClockTime) *QoSMessage {
	return &QoSMessage{messageBase: newMessageBase(src), Live: live, RunningTime: runningTime,
		StreamTime: streamTime, Timestamp: timestamp, Duration: duration, Proportion: 1.0, Quality: 1000000,
		Format: FormatUndefined, Processed: ^uint64(0), Dropped: ^uint64(0)}
}

// Type returns MessageQoS.
//
// GStreamer: GST_MESSAGE_TYPE (gst/gstmessage.h).
func (*QoSMessage) Type() MessageType { return MessageQoS }

// ProgressType says what a progress message reports.
//
// GStreamer: GstProgressType (gst/gstmessage.h).
type ProgressType int

// The progress types.
//
// GStreamer: GST_PROGRESS_TYPE_* (gst/gstmessage.h).
const (
	ProgressTypeStart    ProgressType = 0 // an action started
	ProgressTypeContinue ProgressType = 1 // an action is progressing
	ProgressTypeComplete ProgressType = 2 // an action completed
	ProgressTypeCanceled ProgressType = 3 // an action was canceled
	ProgressTypeError    ProgressType = 4 // an action failed
)

// String returns the nick: "start", "continue", "complete", "canceled" or
// "error".
//
// GStreamer: GstProgressType nicks (gst/gstenumtypes.c).
func (t ProgressType) String() string {
	switch t {
	case ProgressTypeStart:
		return "start"
	case ProgressTypeContinue:
		return "continue"
	case ProgressTypeComplete:
		return "complete"
	case ProgressTypeCanceled:
		return "canceled"
	case ProgressTypeError:
		return "error"
	}
	return fmt.Sprintf("progress-type-%d", int(t))
}

// ProgressMessage reports progress of an asynchronous action (connecting,
// opening...).
//
// GStreamer: GST_MESSAGE_PROGRESS (gst/gstmessage.h).
type ProgressMessage struct {
	messageBase
	ProgressType ProgressType // what happened
	Code         string       // action identifier ("open", "connect"...)
	Text         string       // human-readable description
	Percent      int          // 0 for start/continue, 100 otherwise
	Timeout      int          // expected time to completion (ms), -1 = unknown
}

// NewProgressMessage returns a progress message.
//
// GStreamer: gst_message_new_progress (gst/gstmessage.c).
func NewProgressMessage(src Object, typ ProgressType, code, text string) *ProgressMessage {
	percent := 100
	if typ == ProgressTypeStart || typ == ProgressTypeContinue {
		percent = 0
	}
	return &ProgressMessage{messageBase: newMessageBase(src), ProgressType: typ, Code: code, Text: text,
		Percent: percent, Timeout: -1}
}

// Type returns MessageProgress.
//
// GStreamer: GST_MESSAGE_TYPE (gst/gstmessage.h).
func (*ProgressMessage) Type() MessageType { return MessageProgress }

// ResetTimeMessage asks the pipeline to reset its running time to
// RunningTime (a flushing seek).
//
// GStreamer: GST_MESSAGE_RESET_TIME (gst/gstmessage.h).
type ResetTimeMessage struct {
	messageBase
	RunningTime ClockTime // the new running time (ns)
}

// NewResetTimeMessage returns a reset-time message.
//
// GStreamer: gst_message_new_reset_time (gst/gstmessage.c).
func NewResetTimeMessage(src Object, runningTime ClockTime) *ResetTimeMessage {
	return &ResetTimeMessage{messageBase: newMessageBase(src), RunningTime: runningTime}
}

// Type returns MessageResetTime.
//
// GStreamer: GST_MESSAGE_TYPE (gst/gstmessage.h).
func (*ResetTimeMessage) Type() MessageType { return MessageResetTime }

// StreamStartMessage is posted by sinks when they received STREAM_START,
// and by a pipeline when all sinks have.
//
// GStreamer: GST_MESSAGE_STREAM_START (gst/gstmessage.h).
type StreamStartMessage struct {
	messageBase
	GroupID    uint32 // group id of the stream-start event, when HasGroupID
	HasGroupID bool   // whether GroupID is set
}

// NewStreamStartMessage returns a stream-start message without group id.
//
// GStreamer: gst_message_new_stream_start (gst/gstmessage.c).
func NewStreamStartMessage(src Object) *StreamStartMessage {
	return &StreamStartMessage{messageBase: newMessageBase(src)}
}

// SetGroupID sets the group id; GroupIDInvalid is ignored. Only before
// posting.
//
// GStreamer: gst_message_set_group_id (gst/gstmessage.c).
func (m *StreamStartMessage) SetGroupID(id uint32) {
	if id == GroupIDInvalid {
		return
	}
	m.GroupID, m.HasGroupID = id, true
}

// Type returns MessageStreamStart.
//
// GStreamer: GST_MESSAGE_TYPE (gst/gstmessage.h).
func (*StreamStartMessage) Type() MessageType { return MessageStreamStart }

// ---------------------------------------------------------------------------
// Error domains

const fileABug = "  Please file a bug at https://gitlab.freedesktop.org/gstreamer/gstreamer/issues/new."

// errorText returns the message for code from table, or GStreamer's
// "No standard error message" text.
func errorText(table []string, code int, quark string) string {
	if code > 0 && code < len(table) && table[code] != "" {
		return table[code]
	}
	return fmt.Sprintf("No standard error message for domain %s and code %d.", quark, code)
}

// ErrorText returns the GError message of err as GStreamer prints it: for
// the domain errors (*CoreError, *LibraryError, *ResourceError,
// *StreamError) their Msg or the code's default text, without the Go
// cause that Error appends; for any other error, err.Error(). "" for nil.
//
// GStreamer: GError.message (glib), as gst-launch prints it.
func ErrorText(err error) string {
	switch e := err.(type) {
	case nil:
		return ""
	case *CoreError:
		return errorString(e.Msg, e.Code.Message(), nil)
	case *LibraryError:
		return errorString(e.Msg, e.Code.Message(), nil)
	case *ResourceError:
		return errorString(e.Msg, e.Code.Message(), nil)
	case *StreamError:
		return errorString(e.Msg, e.Code.Message(), nil)
	}
	return err.Error()
}

func errorString(msg, def string, err error) string {
	if msg == "" {
		msg = def
	}
	if err != nil {
		return msg + ": " + err.Error()
	}
	return msg
}

// CoreErrorCode is an error code in the core domain.
//
// GStreamer: GstCoreError (gst/gsterror.h).
type CoreErrorCode int

// The core error codes.
//
// GStreamer: GST_CORE_ERROR_* (gst/gsterror.h).
const (
	CoreErrorFailed         CoreErrorCode = 1  // general error
	CoreErrorTooLazy        CoreErrorCode = 2  // no code assigned yet
	CoreErrorNotImplemented CoreErrorCode = 3  // functionality not implemented
	CoreErrorStateChange    CoreErrorCode = 4  // state change failed
	CoreErrorPad            CoreErrorCode = 5  // pad problem
	CoreErrorThread         CoreErrorCode = 6  // thread problem
	CoreErrorNegotiation    CoreErrorCode = 7  // negotiation problem
	CoreErrorEvent          CoreErrorCode = 8  // event problem
	CoreErrorSeek           CoreErrorCode = 9  // seek problem
	CoreErrorCaps           CoreErrorCode = 10 // caps problem
	CoreErrorTag            CoreErrorCode = 11 // tag problem
	CoreErrorMissingPlugin  CoreErrorCode = 12 // a plugin is missing
	CoreErrorClock          CoreErrorCode = 13 // clock problem
	CoreErrorDisabled       CoreErrorCode = 14 // feature disabled
)

var coreErrorTexts = []string{
	CoreErrorFailed:         "GStreamer encountered a general core library error.",
	CoreErrorTooLazy:        "GStreamer developers were too lazy to assign an error code to this error." + fileABug,
	CoreErrorNotImplemented: "Internal GStreamer error: code not implemented." + fileABug,
	CoreErrorStateChange:    "GStreamer error: state change failed and some element failed to post a proper error message with the reason for the failure.",
	CoreErrorPad:            "Internal GStreamer error: pad problem." + fileABug,
	CoreErrorThread:         "Internal GStreamer error: thread problem." + fileABug,
	CoreErrorNegotiation:    "GStreamer error: negotiation problem.",
	CoreErrorEvent:          "Internal GStreamer error: event problem." + fileABug,
	CoreErrorSeek:           "Internal GStreamer error: seek problem." + fileABug,
	CoreErrorCaps:           "Internal GStreamer error: caps problem." + fileABug,
	CoreErrorTag:            "Internal GStreamer error: tag problem." + fileABug,
	CoreErrorMissingPlugin:  "Your GStreamer installation is missing a plug-in.",
	CoreErrorClock:          "GStreamer error: clock problem.",
	CoreErrorDisabled:       "This application is trying to use GStreamer functionality that has been disabled.",
}

// Message returns GStreamer's default (untranslated) text for the code.
//
// GStreamer: gst_error_get_message (gst/gsterror.c).
func (c CoreErrorCode) Message() string {
	return errorText(coreErrorTexts, int(c), "gst-core-error-quark")
}

// CoreError is an error in the core domain. Msg overrides the default text
// of Code; Err is the underlying cause. Use errors.As to find it in a chain
// and errors.Is with a *CoreError of the same Code to test the code.
//
// GStreamer: GST_CORE_ERROR (gst/gsterror.h).
type CoreError struct {
	Code CoreErrorCode
	Msg  string
	Err  error
}

// Error returns Msg (or the code's default text), followed by ": " and the
// cause when there is one.
//
// GStreamer: GError.message (glib).
func (e *CoreError) Error() string { return errorString(e.Msg, e.Code.Message(), e.Err) }

// Unwrap returns the underlying cause.
//
// GStreamer: none (Go-only helper).
func (e *CoreError) Unwrap() error { return e.Err }

// Is reports whether target is a *CoreError with the same Code.
//
// GStreamer: g_error_matches (glib).
func (e *CoreError) Is(target error) bool {
	t, ok := target.(*CoreError)
	return ok && t.Code == e.Code
}

// LibraryErrorCode is an error code in the supporting-library domain.
//
// GStreamer: GstLibraryError (gst/gsterror.h).
type LibraryErrorCode int

// The library error codes.
//
// GStreamer: GST_LIBRARY_ERROR_* (gst/gsterror.h).
const (
	LibraryErrorFailed   LibraryErrorCode = 1 // general error
	LibraryErrorTooLazy  LibraryErrorCode = 2 // no code assigned yet
	LibraryErrorInit     LibraryErrorCode = 3 // could not initialise the library
	LibraryErrorShutdown LibraryErrorCode = 4 // could not close the library
	LibraryErrorSettings LibraryErrorCode = 5 // could not configure the library
	LibraryErrorEncode   LibraryErrorCode = 6 // encoding error
)

var libraryErrorTexts = []string{
	LibraryErrorFailed:   "GStreamer encountered a general supporting library error.",
	LibraryErrorTooLazy:  "GStreamer developers were too lazy to assign an error code to this error." + fileABug,
	LibraryErrorInit:     "Could not initialize supporting library.",
	LibraryErrorShutdown: "Could not close supporting library.",
	LibraryErrorSettings: "Could not configure supporting library.",
	LibraryErrorEncode:   "Encoding error.",
}

// Message returns GStreamer's default text for the code.
//
// GStreamer: gst_error_get_message (gst/gsterror.c).
func (c LibraryErrorCode) Message() string {
	return errorText(libraryErrorTexts, int(c), "gst-library-error-quark")
}

// LibraryError is an error in the supporting-library domain; see CoreError
// for the fields.
//
// GStreamer: GST_LIBRARY_ERROR (gst/gsterror.h).
type LibraryError struct {
	Code LibraryErrorCode
	Msg  string
	Err  error
}

// Error returns Msg (or the code's default text) and the cause.
//
// GStreamer: GError.message (glib).
func (e *LibraryError) Error() string { return errorString(e.Msg, e.Code.Message(), e.Err) }

// Unwrap returns the underlying cause.
//
// GStreamer: none (Go-only helper).
func (e *LibraryError) Unwrap() error { return e.Err }

// Is reports whether target is a *LibraryError with the same Code.
//
// GStreamer: g_error_matches (glib).
func (e *LibraryError) Is(target error) bool {
	t, ok := target.(*LibraryError)
	return ok && t.Code == e.Code
}

// ResourceErrorCode is an error code in the resource domain (files,
// devices, network).
//
// GStreamer: GstResourceError (gst/gsterror.h).
type ResourceErrorCode int

// The resource error codes.
//
// GStreamer: GST_RESOURCE_ERROR_* (gst/gsterror.h).
const (
	ResourceErrorFailed        ResourceErrorCode = 1  // general error
	ResourceErrorTooLazy       ResourceErrorCode = 2  // no code assigned yet
	ResourceErrorNotFound      ResourceErrorCode = 3  // resource not found
	ResourceErrorBusy          ResourceErrorCode = 4  // resource busy
	ResourceErrorOpenRead      ResourceErrorCode = 5  // cannot open for reading
	ResourceErrorOpenWrite     ResourceErrorCode = 6  // cannot open for writing
	ResourceErrorOpenReadWrite ResourceErrorCode = 7  // cannot open for reading and writing
	ResourceErrorClose         ResourceErrorCode = 8  // cannot close
	ResourceErrorRead          ResourceErrorCode = 9  // cannot read
	ResourceErrorWrite         ResourceErrorCode = 10 // cannot write
	ResourceErrorSeek          ResourceErrorCode = 11 // cannot seek
	ResourceErrorSync          ResourceErrorCode = 12 // cannot synchronize
	ResourceErrorSettings      ResourceErrorCode = 13 // cannot get or set settings
	ResourceErrorNoSpaceLeft   ResourceErrorCode = 14 // no space left
	ResourceErrorNotAuthorized ResourceErrorCode = 15 // not authorized
)

var resourceErrorTexts = []string{
	ResourceErrorFailed:        "GStreamer encountered a general resource error.",
	ResourceErrorTooLazy:       "GStreamer developers were too lazy to assign an error code to this error." + fileABug,
	ResourceErrorNotFound:      "Resource not found.",
	ResourceErrorBusy:          "Resource busy or not available.",
	ResourceErrorOpenRead:      "Could not open resource for reading.",
	ResourceErrorOpenWrite:     "Could not open resource for writing.",
	ResourceErrorOpenReadWrite: "Could not open resource for reading and writing.",
	ResourceErrorClose:         "Could not close resource.",
	ResourceErrorRead:          "Could not read from resource.",
	ResourceErrorWrite:         "Could not write to resource.",
	ResourceErrorSeek:          "Could not perform seek on resource.",
	ResourceErrorSync:          "Could not synchronize on resource.",
	ResourceErrorSettings:      "Could not get/set settings from/on resource.",
	ResourceErrorNoSpaceLeft:   "No space left on the resource.",
	ResourceErrorNotAuthorized: "Not authorized to access resource.",
}

// Message returns GStreamer's default text for the code.
//
// GStreamer: gst_error_get_message (gst/gsterror.c).
func (c ResourceErrorCode) Message() string {
	return errorText(resourceErrorTexts, int(c), "gst-resource-error-quark")
}

// ResourceError is an error in the resource domain; see CoreError for the
// fields.
//
// GStreamer: GST_RESOURCE_ERROR (gst/gsterror.h).
type ResourceError struct {
	Code ResourceErrorCode
	Msg  string
	Err  error
}

// Error returns Msg (or the code's default text) and the cause.
//
// GStreamer: GError.message (glib).
func (e *ResourceError) Error() string { return errorString(e.Msg, e.Code.Message(), e.Err) }

// Unwrap returns the underlying cause.
//
// GStreamer: none (Go-only helper).
func (e *ResourceError) Unwrap() error { return e.Err }

// Is reports whether target is a *ResourceError with the same Code.
//
// GStreamer: g_error_matches (glib).
func (e *ResourceError) Is(target error) bool {
	t, ok := target.(*ResourceError)
	return ok && t.Code == e.Code
}

// StreamErrorCode is an error code in the stream (data) domain.
//
// GStreamer: GstStreamError (gst/gsterror.h).
type StreamErrorCode int

// The stream error codes.
//
// GStreamer: GST_STREAM_ERROR_* (gst/gsterror.h).
const (
	StreamErrorFailed         StreamErrorCode = 1  // general error
	StreamErrorTooLazy        StreamErrorCode = 2  // no code assigned yet
	StreamErrorNotImplemented StreamErrorCode = 3  // stream handling not implemented
	StreamErrorTypeNotFound   StreamErrorCode = 4  // stream type not detected
	StreamErrorWrongType      StreamErrorCode = 5  // stream of the wrong type
	StreamErrorCodecNotFound  StreamErrorCode = 6  // no codec for the stream
	StreamErrorDecode         StreamErrorCode = 7  // decoding failed
	StreamErrorEncode         StreamErrorCode = 8  // encoding failed
	StreamErrorDemux          StreamErrorCode = 9  // demuxing failed
	StreamErrorMux            StreamErrorCode = 10 // muxing failed
	StreamErrorFormat         StreamErrorCode = 11 // wrong format
	StreamErrorDecrypt        StreamErrorCode = 12 // decryption not supported
	StreamErrorDecryptNokey   StreamErrorCode = 13 // no decryption key
)

var streamErrorTexts = []string{
	StreamErrorFailed:         "GStreamer encountered a general stream error.",
	StreamErrorTooLazy:        "GStreamer developers were too lazy to assign an error code to this error." + fileABug,
	StreamErrorNotImplemented: "Element doesn't implement handling of this stream. Please file a bug.",
	StreamErrorTypeNotFound:   "Could not determine type of stream.",
	StreamErrorWrongType:      "The stream is of a different type than handled by this element.",
	StreamErrorCodecNotFound:  "There is no codec present that can handle the stream's type.",
	StreamErrorDecode:         "Could not decode stream.",
	StreamErrorEncode:         "Could not encode stream.",
	StreamErrorDemux:          "Could not demultiplex stream.",
	StreamErrorMux:            "Could not multiplex stream.",
	StreamErrorFormat:         "The stream is in the wrong format.",
	StreamErrorDecrypt:        "The stream is encrypted and decryption is not supported.",
	StreamErrorDecryptNokey:   "The stream is encrypted and can't be decrypted because no suitable key has been supplied.",
}

// Message returns GStreamer's default text for the code.
//
// GStreamer: gst_error_get_message (gst/gsterror.c).
func (c StreamErrorCode) Message() string {
	return errorText(streamErrorTexts, int(c), "gst-stream-error-quark")
}

// StreamError is an error in the stream domain; see CoreError for the
// fields.
//
// GStreamer: GST_STREAM_ERROR (gst/gsterror.h).
type StreamError struct {
	Code StreamErrorCode
	Msg  string
	Err  error
}

// Error returns Msg (or the code's default text) and the cause.
//
// GStreamer: GError.message (glib).
func (e *StreamError) Error() string { return errorString(e.Msg, e.Code.Message(), e.Err) }

// Unwrap returns the underlying cause.
//
// GStreamer: none (Go-only helper).
func (e *StreamError) Unwrap() error { return e.Err }

// Is reports whether target is a *StreamError with the same Code.
//
// GStreamer: g_error_matches (glib).
func (e *StreamError) Is(target error) bool {
	t, ok := target.(*StreamError)
	return ok && t.Code == e.Code
}
