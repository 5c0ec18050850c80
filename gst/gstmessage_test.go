package gst_test

// Ports of GStreamer 1.22 tests/check/gst/gstmessage.c.
//
// test_parsing is ported for the message types GstMini has; the blocks on
// GError domains/codes (Go errors carry no GQuark domain), writable
// structures of typed messages, stream-status objects (GValue holding a
// task), stream collections, streams-selected, redirect and
// instant-rate-request messages are not ported: those APIs have no Go
// counterpart.

import (
	"errors"
	"testing"

	"github.com/gstmini/gstmini/gst"
)

// C: test_parsing.
func TestGstMessageParsing(t *testing.T) {
	eos := gst.NewEOSMessage(nil)
	if eos.Type() != gst.MessageEOS || eos.Src() != nil {
		t.Errorf("eos %v %v", eos.Type(), eos.Src())
	}

	testErr := errors.New("test error")
	em := gst.NewErrorMessage(nil, testErr, "error string")
	if em.Type() != gst.MessageError || em.Src() != nil {
		t.Errorf("error %v %v", em.Type(), em.Src())
	}
	if !errors.Is(em.Err, testErr) || em.Err.Error() != "test error" || em.Debug != "error string" {
		t.Errorf("error message %v %q", em.Err, em.Debug)
	}

	d := gst.NewStructureSimple("title", "test-field", "test-contents")
	ed := gst.NewErrorMessageWithDetails(nil, testErr, "error string", d)
	if ed.Type() != gst.MessageError || ed.Err.Error() != "test error" || ed.Debug != "error string" {
		t.Errorf("error with details %v %q", ed.Err, ed.Debug)
	}
	if ed.Details == nil {
		t.Fatal("no details")
	}
	if s, ok := ed.Details.StringField("test-field"); !ok || s != "test-contents" {
		t.Errorf("details test-field = %q, %v", s, ok)
	}

	wm := gst.NewWarningMessage(nil, errors.New("test warning"), "warning string")
	if wm.Type() != gst.MessageWarning || wm.Src() != nil || wm.Err.Error() != "test warning" || wm.Debug != "warning string" {
		t.Errorf("warning %v %v %q", wm.Type(), wm.Err, wm.Debug)
	}

	im := gst.NewInfoMessage(nil, errors.New("test info"), "info string")
	if im.Type() != gst.MessageInfo || im.Src() != nil || im.Err.Error() != "test info" || im.Debug != "info string" {
		t.Errorf("info %v %v %q", im.Type(), im.Err, im.Debug)
	}

	tags := gst.NewTagList()
	tm := gst.NewTagMessage(nil, tags)
	if tm.Type() != gst.MessageTag || tm.Src() != nil || tm.Tags == nil {
		t.Errorf("tag %v %v", tm.Type(), tm.Tags)
	}

	sc := gst.NewStateChangedMessage(nil, gst.StatePaused, gst.StatePlaying, gst.StateVoidPending)
	if sc.Type() != gst.MessageStateChanged || sc.Src() != nil || sc.Old != gst.StatePaused || sc.New != gst.StatePlaying || sc.Pending != gst.StateVoidPending {
		t.Errorf("state-changed %+v", sc)
	}

	am := gst.NewApplicationMessage(nil, gst.NewStructureSimple("test_struct", "some_int", 10, "a_double", 1.8))
	s := am.Structure()
	if s == nil {
		t.Fatal("application message without structure")
	}
	if v, ok := s.Int("some_int"); !ok || v != 10 {
		t.Errorf("some_int = %v, %v", v, ok)
	}
	if v, ok := s.Double("a_double"); !ok || v != 1.8 {
		t.Errorf("a_double = %v, %v", v, ok)
	}

	ss := gst.NewStreamStatusMessage(nil, gst.StreamStatusTypeEnter, nil)
	if ss.Type() != gst.MessageStreamStatus || ss.Src() != nil || ss.StatusType != gst.StreamStatusTypeEnter {
		t.Errorf("stream-status %+v", ss)
	}

	rs := gst.NewRequestStateMessage(nil, gst.StatePaused)
	if rs.Type() != gst.MessageRequestState || rs.Src() != nil || rs.State != gst.StatePaused {
		t.Errorf("request-state %+v", rs)
	}

	qos := gst.NewQoSMessage(nil, true, 1*second, 2*second, 3*second, 4*second)
	if qos.Type() != gst.MessageQoS || qos.Src() != nil {
		t.Errorf("qos %v", qos.Type())
	}
	if qos.Jitter != 0 || qos.Proportion != 1.0 || qos.Quality != 1000000 {
		t.Errorf("qos values %v %v %v", qos.Jitter, qos.Proportion, qos.Quality)
	}
	if qos.Format != gst.FormatUndefined || qos.Processed != ^uint64(0) || qos.Dropped != ^uint64(0) {
		t.Errorf("qos stats %v %v %v", qos.Format, qos.Processed, qos.Dropped)
	}
	if !qos.Live || qos.RunningTime != 1*second || qos.StreamTime != 2*second || qos.Timestamp != 3*second || qos.Duration != 4*second {
		t.Errorf("qos %+v", qos)
	}

	pm := gst.NewProgressMessage(nil, gst.ProgressTypeStart, "connecting", "Connecting to youtbue.com")
	if pm.Type() != gst.MessageProgress || pm.Src() != nil || pm.ProgressType != gst.ProgressTypeStart || pm.Code != "connecting" || pm.Text != "Connecting to youtbue.com" {
		t.Errorf("progress %+v", pm)
	}
}
