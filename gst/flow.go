package gst

import (
	"errors"
	"fmt"
)

// FlowReturn is the result of passing data (a buffer or buffer list) to a
// pad. Negative values are errors or "stop" conditions, 0 is OK and values
// ≥ 100 are element-specific successes. Data-path functions in GstMini return
// a Go error instead (nil for OK); FlowFromError and FlowReturn.Err convert
// between the two forms.
//
// GStreamer: GstFlowReturn (gst/gstpad.h).
type FlowReturn int

// The flow returns, with GStreamer's values.
//
// GStreamer: GST_FLOW_* (gst/gstpad.h).
const (
	FlowCustomSuccess2 FlowReturn = 102
	FlowCustomSuccess1 FlowReturn = 101
	FlowCustomSuccess  FlowReturn = 100
	FlowOK             FlowReturn = 0
	FlowNotLinked      FlowReturn = -1
	FlowFlushing       FlowReturn = -2
	FlowEOS            FlowReturn = -3
	FlowNotNegotiated  FlowReturn = -4
	FlowError          FlowReturn = -5
	FlowNotSupported   FlowReturn = -6
	FlowCustomError    FlowReturn = -100
	FlowCustomError1   FlowReturn = -101
	FlowCustomError2   FlowReturn = -102
)

// String returns the flow name as gst_flow_get_name: "ok", "not-linked",
// "flushing", "eos", "not-negotiated", "error", "not-supported",
// "custom-success" (any value ≥ 100), "custom-error" (any value ≤ -100),
// otherwise "unknown".
//
// GStreamer: gst_flow_get_name (gst/gstpad.c).
func (r FlowReturn) String() string {
	switch {
	case r >= FlowCustomSuccess:
		return "custom-success"
	case r <= FlowCustomError:
		return "custom-error"
	}
	switch r {
	case FlowOK:
		return "ok"
	case FlowNotLinked:
		return "not-linked"
	case FlowFlushing:
		return "flushing"
	case FlowEOS:
		return "eos"
	case FlowNotNegotiated:
		return "not-negotiated"
	case FlowError:
		return "error"
	case FlowNotSupported:
		return "not-supported"
	}
	return "unknown"
}

// flowErr is the error form of a FlowReturn that carries no other reason.
type flowErr struct{ flow FlowReturn }

func (e *flowErr) Error() string { return e.flow.String() }

// The sentinel errors for the non-OK flow returns. Compare with errors.Is.
//
// GStreamer: GST_FLOW_NOT_LINKED, GST_FLOW_FLUSHING, GST_FLOW_EOS,
// GST_FLOW_NOT_NEGOTIATED, GST_FLOW_ERROR, GST_FLOW_NOT_SUPPORTED (gst/gstpad.h).
var (
	ErrNotLinked     error = &flowErr{FlowNotLinked}
	ErrFlushing      error = &flowErr{FlowFlushing}
	ErrEOS           error = &flowErr{FlowEOS}
	ErrNotNegotiated error = &flowErr{FlowNotNegotiated}
	ErrFlowError     error = &flowErr{FlowError}
	ErrNotSupported  error = &flowErr{FlowNotSupported}
)

var (
	errCustomSuccess  error = &flowErr{FlowCustomSuccess}
	errCustomSuccess1 error = &flowErr{FlowCustomSuccess1}
	errCustomSuccess2 error = &flowErr{FlowCustomSuccess2}
	errCustomError    error = &flowErr{FlowCustomError}
	errCustomError1   error = &flowErr{FlowCustomError1}
	errCustomError2   error = &flowErr{FlowCustomError2}
)

// FlowErr is an error carrying both a FlowReturn and a reason, for elements
// that want to return, say, a not-negotiated flow with an explanation.
// errors.Is(err, ErrNotNegotiated) holds for such an error.
//
// GStreamer: none (Go-only helper; C elements post the reason on the bus).
type FlowErr struct {
	Flow FlowReturn
	Err  error
}

// NewFlowError returns an error for flow with the given reason.
//
// GStreamer: none (Go-only helper).
func NewFlowError(flow FlowReturn, format string, args ...any) error {
	return &FlowErr{Flow: flow, Err: fmt.Errorf(format, args...)}
}

func (e *FlowErr) Error() string {
	if e.Err == nil {
		return e.Flow.String()
	}
	return e.Flow.String() + ": " + e.Err.Error()
}

// Unwrap returns the reason.
func (e *FlowErr) Unwrap() error { return e.Err }

// Is makes errors.Is(e, ErrX) true for the sentinel of e.Flow.
func (e *FlowErr) Is(target error) bool {
	if fe, ok := target.(*flowErr); ok {
		return fe.flow == e.Flow
	}
	return false
}

// Err returns the error form of r: nil for FlowOK, else the sentinel.
//
// GStreamer: none (Go-only helper).
func (r FlowReturn) Err() error {
	switch r {
	case FlowOK:
		return nil
	case FlowNotLinked:
		return ErrNotLinked
	case FlowFlushing:
		return ErrFlushing
	case FlowEOS:
		return ErrEOS
	case FlowNotNegotiated:
		return ErrNotNegotiated
	case FlowNotSupported:
		return ErrNotSupported
	case FlowCustomSuccess:
		return errCustomSuccess
	case FlowCustomSuccess1:
		return errCustomSuccess1
	case FlowCustomSuccess2:
		return errCustomSuccess2
	case FlowCustomError:
		return errCustomError
	case FlowCustomError1:
		return errCustomError1
	case FlowCustomError2:
		return errCustomError2
	}
	if r > 0 {
		return &flowErr{r}
	}
	if r < FlowNotSupported {
		return &flowErr{r}
	}
	return ErrFlowError
}

// FlowFromError maps an error returned by a data-path function to its
// FlowReturn: nil is FlowOK, the sentinels and *FlowErr map to their flow,
// and any other error is FlowError.
//
// GStreamer: none (Go-only helper).
func FlowFromError(err error) FlowReturn {
	if err == nil {
		return FlowOK
	}
	switch e := err.(type) {
	case *flowErr:
		return e.flow
	case *FlowErr:
		return e.Flow
	}
	var fe *flowErr
	if errors.As(err, &fe) {
		return fe.flow
	}
	var fe2 *FlowErr
	if errors.As(err, &fe2) {
		return fe2.Flow
	}
	return FlowError
}

// IsFatalFlow reports whether err stops a streaming task with an error
// message: not-linked and anything worse than EOS (not-negotiated, error,
// not-supported, custom errors). nil, flushing, EOS and successes are not
// fatal.
//
// GStreamer: the GST_FLOW_NOT_LINKED || ret < GST_FLOW_EOS test in
// gst_base_src_loop (libs/gst/base/gstbasesrc.c).
func IsFatalFlow(err error) bool {
	r := FlowFromError(err)
	return r == FlowNotLinked || r < FlowEOS
}
