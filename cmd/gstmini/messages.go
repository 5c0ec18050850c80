package main

import (
	"fmt"
	"strings"

	"github.com/gstmini/gstmini/gst"
)

// messageLine is the line gst-launch -m prints for msg (without newline):
// "Got message #N from element "x" (type): <structure>".
func messageLine(msg gst.Message) string {
	var b strings.Builder
	typ := msg.Type().String()
	switch src := msg.Src().(type) {
	case nil:
		fmt.Fprintf(&b, "Got message #%d (%s): ", msg.Seqnum(), typ)
	case gst.Element:
		fmt.Fprintf(&b, "Got message #%d from element \"%s\" (%s): ", msg.Seqnum(), src.Name(), typ)
	case *gst.Pad:
		fmt.Fprintf(&b, "Got message #%d from pad \"%s\" (%s): ", msg.Seqnum(), debugPadName(src), typ)
	default:
		fmt.Fprintf(&b, "Got message #%d from object \"%s\" (%s): ", msg.Seqnum(), src.Name(), typ)
	}
	if s, ok := messageStructure(msg); ok {
		b.WriteString(s)
	} else {
		b.WriteString("no message details")
	}
	return b.String()
}

// debugPadName is GST_DEBUG_PAD_NAME: "element:pad".
func debugPadName(p *gst.Pad) string { return p.String() }

// stateNick is the GstState enum nick.
func stateNick(s gst.State) string {
	return strings.ReplaceAll(strings.ToLower(s.String()), "_", "-")
}

// objectValue serializes an object field as gst_value_serialize does for a
// GstObject: "(GstFakeSrc) fakesrc0", quoted for the structure string.
func objectValue(typ string, o gst.Object) string {
	if o == nil {
		return "(" + typ + ")NULL"
	}
	return "(" + typ + ")" + wrapString("("+o.TypeName()+") "+o.Name())
}

// messageStructure returns the string form of the structure GStreamer
// attaches to msg (gst_structure_to_string), or false when the message
// type carries none.
func messageStructure(msg gst.Message) (string, bool) {
	var f []string
	name := ""
	switch m := msg.(type) {
	case *gst.EOSMessage, *gst.LatencyMessage, *gst.AsyncStartMessage, *gst.DurationChangedMessage:
		return "", false
	case *gst.StateChangedMessage:
		name = "GstMessageStateChanged"
		f = append(f, "old-state=(GstState)"+stateNick(m.Old), "new-state=(GstState)"+stateNick(m.New),
			"pending-state=(GstState)"+stateNick(m.Pending))
	case *gst.StreamStatusMessage:
		name = "GstMessageStreamStatus"
		f = append(f, "type=(GstStreamStatusType)"+m.StatusType.String(), "owner="+objectValue("GstElement", m.Owner))
		if m.Task != nil {
			f = append(f, "object=(GstTask)"+wrapString("(GstTask) "+m.TaskName))
		}
	case *gst.StreamStartMessage:
		name = "GstMessageStreamStart"
		if m.HasGroupID {
			f = append(f, fmt.Sprintf("group-id=(uint)%d", m.GroupID))
		}
	case *gst.AsyncDoneMessage:
		name = "GstMessageAsyncDone"
		f = append(f, fmt.Sprintf("running-time=(guint64)%d", uint64(m.RunningTime)))
	case *gst.NewClockMessage:
		name = "GstMessageNewClock"
		f = append(f, "clock="+objectValue("GstClock", clockObject(m.Clock)))
	case *gst.ClockLostMessage:
		name = "GstMessageClockLost"
		f = append(f, "clock="+objectValue("GstClock", clockObject(m.Clock)))
	case *gst.ClockProvideMessage:
		name = "GstMessageClockProvide"
		f = append(f, "clock="+objectValue("GstClock", clockObject(m.Clock)), "ready=(boolean)"+boolString(m.Ready))
	case *gst.ErrorMessage:
		name = "GstMessageError"
		f = append(f, "gerror=(GError)NULL", "debug=(string)"+nullableString(m.Debug))
		if m.Details != nil {
			f = append(f, "details=(structure)"+wrapString(m.Details.String()))
		}
	case *gst.WarningMessage:
		name = "GstMessageWarning"
		f = append(f, "gerror=(GError)NULL", "debug=(string)"+nullableString(m.Debug))
	case *gst.InfoMessage:
		name = "GstMessageInfo"
		f = append(f, "gerror=(GError)NULL", "debug=(string)"+nullableString(m.Debug))
	case *gst.TagMessage:
		name = "GstMessageTag"
		f = append(f, "taglist=(taglist)"+wrapString(m.Tags.String()))
	case *gst.BufferingMessage:
		name = "GstMessageBuffering"
		f = append(f, fmt.Sprintf("buffer-percent=(int)%d", m.Percent),
			"buffering-mode=(GstBufferingMode)"+m.Mode.String(),
			fmt.Sprintf("avg-in-rate=(int)%d", m.AvgIn), fmt.Sprintf("avg-out-rate=(int)%d", m.AvgOut),
			fmt.Sprintf("buffering-left=(gint64)%d", m.BufferingLeft))
	case *gst.RequestStateMessage:
		name = "GstMessageRequestState"
		f = append(f, "new-state=(GstState)"+stateNick(m.State))
	case *gst.ProgressMessage:
		name = "GstMessageProgress"
		f = append(f, "type=(GstProgressType)"+m.ProgressType.String(), "code=(string)"+wrapString(m.Code),
			"text=(string)"+wrapString(m.Text), fmt.Sprintf("percent=(int)%d", m.Percent),
			fmt.Sprintf("timeout=(int)%d", m.Timeout))
	case *gst.ResetTimeMessage:
		name = "GstMessageResetTime"
		f = append(f, fmt.Sprintf("running-time=(guint64)%d", uint64(m.RunningTime)))
	case *gst.QoSMessage:
		name = "GstMessageQOS"
		f = append(f, "live=(boolean)"+boolString(m.Live),
			fmt.Sprintf("running-time=(guint64)%d", uint64(m.RunningTime)),
			fmt.Sprintf("stream-time=(guint64)%d", uint64(m.StreamTime)),
			fmt.Sprintf("timestamp=(guint64)%d", uint64(m.Timestamp)),
			fmt.Sprintf("duration=(guint64)%d", uint64(m.Duration)),
			fmt.Sprintf("jitter=(gint64)%d", m.Jitter),
			"proportion=(double)"+fmt.Sprint(m.Proportion),
			fmt.Sprintf("quality=(int)%d", m.Quality))
	default:
		if s := msg.Structure(); s != nil {
			return s.String(), true
		}
		return "", false
	}
	var b strings.Builder
	b.WriteString(name)
	for _, x := range f {
		b.WriteString(", ")
		b.WriteString(x)
	}
	b.WriteString(";")
	return b.String(), true
}

// clockObject returns c as an Object, or nil.
func clockObject(c gst.Clock) gst.Object {
	if c == nil {
		return nil
	}
	if o, ok := c.(gst.Object); ok {
		return o
	}
	return nil
}

func boolString(v bool) string {
	if v {
		return "true"
	}
	return "false"
}

// nullableString serializes a string field, "NULL" for the empty (unset)
// string.
func nullableString(s string) string {
	if s == "" {
		return "NULL"
	}
	return wrapString(s)
}

// isStringChar is GST_ASCII_IS_STRING.
func isStringChar(c byte) bool {
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		c == '_' || c == '-' || c == '+' || c == '/' || c == ':' || c == '.' || c == '*'
}

// wrapString is gst_string_wrap: s unchanged when it only holds "string
// characters", else quoted with the others escaped by a backslash (octal
// for control and non-ASCII bytes).
func wrapString(s string) string {
	wrap := s == "" || s == "NULL"
	for i := 0; i < len(s) && !wrap; i++ {
		wrap = !isStringChar(s[i])
	}
	if !wrap {
		return s
	}
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case isStringChar(c):
			b.WriteByte(c)
		case c < 0x20 || c >= 0x7f:
			fmt.Fprintf(&b, "\\%03o", c)
		default:
			b.WriteByte('\\')
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// valueContents is g_strdup_value_contents / gst_value_serialize for the
// plain Go value types.
func valueContents(v any) string {
	switch x := v.(type) {
	case nil:
		return "NULL"
	case bool:
		return boolString(x)
	case *gst.Caps:
		return x.String()
	case *gst.Structure:
		return x.String()
	case fmt.Stringer:
		return x.String()
	}
	return fmt.Sprint(v)
}
