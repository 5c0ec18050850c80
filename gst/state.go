package gst

import "fmt"

// State is an element state: VoidPending, Null, Ready, Paused or Playing.
//
// GStreamer: GstState (gst/gstelement.h).
type State int

// The element states.
//
// GStreamer: GST_STATE_* (gst/gstelement.h).
const (
	StateVoidPending State = 0 // no pending state
	StateNull        State = 1 // initial state; no resources allocated
	StateReady       State = 2 // resources allocated, no data flowing
	StatePaused      State = 3 // data flows up to the sinks, which preroll and block
	StatePlaying     State = 4 // the clock runs and sinks render
)

var stateNames = [...]string{"VOID_PENDING", "NULL", "READY", "PAUSED", "PLAYING"}

// String returns the state name as gst_element_state_get_name: "NULL",
// "READY", "PAUSED", "PLAYING" or "VOID_PENDING".
//
// GStreamer: gst_element_state_get_name (gst/gstelement.c).
func (s State) String() string {
	if s >= 0 && int(s) < len(stateNames) {
		return stateNames[s]
	}
	return fmt.Sprintf("UNKNOWN!(%d)", int(s))
}

// StateChangeReturn is the result of a state change.
//
// GStreamer: GstStateChangeReturn (gst/gstelement.h).
type StateChangeReturn int

// The state change results.
//
// GStreamer: GST_STATE_CHANGE_* (gst/gstelement.h).
const (
	StateChangeFailure   StateChangeReturn = 0 // the change failed
	StateChangeSuccess   StateChangeReturn = 1 // the change succeeded
	StateChangeAsync     StateChangeReturn = 2 // the change will complete later (preroll)
	StateChangeNoPreroll StateChangeReturn = 3 // success, but the element cannot produce data in PAUSED (live)
)

var stateChangeReturnNames = [...]string{"FAILURE", "SUCCESS", "ASYNC", "NO_PREROLL"}

// String returns the result name as gst_element_state_change_return_get_name.
//
// GStreamer: gst_element_state_change_return_get_name (gst/gstelement.c).
func (r StateChangeReturn) String() string {
	if r >= 0 && int(r) < len(stateChangeReturnNames) {
		return stateChangeReturnNames[r]
	}
	return fmt.Sprintf("UNKNOWN!(%d)", int(r))
}

// StateChange is one transition between adjacent states, encoded as in C:
// (current << 3) | next.
//
// GStreamer: GstStateChange (gst/gstelement.h).
type StateChange int

// The single-step transitions (and the same-state ones GStreamer defines).
//
// GStreamer: GST_STATE_CHANGE_* (gst/gstelement.h).
const (
	StateChangeNullToReady      StateChange = StateChange(StateNull)<<3 | StateChange(StateReady)
	StateChangeReadyToPaused    StateChange = StateChange(StateReady)<<3 | StateChange(StatePaused)
	StateChangePausedToPlaying  StateChange = StateChange(StatePaused)<<3 | StateChange(StatePlaying)
	StateChangePlayingToPaused  StateChange = StateChange(StatePlaying)<<3 | StateChange(StatePaused)
	StateChangePausedToReady    StateChange = StateChange(StatePaused)<<3 | StateChange(StateReady)
	StateChangeReadyToNull      StateChange = StateChange(StateReady)<<3 | StateChange(StateNull)
	StateChangeNullToNull       StateChange = StateChange(StateNull)<<3 | StateChange(StateNull)
	StateChangeReadyToReady     StateChange = StateChange(StateReady)<<3 | StateChange(StateReady)
	StateChangePausedToPaused   StateChange = StateChange(StatePaused)<<3 | StateChange(StatePaused)
	StateChangePlayingToPlaying StateChange = StateChange(StatePlaying)<<3 | StateChange(StatePlaying)
)

// MakeStateChange returns the transition from cur to next.
//
// GStreamer: GST_STATE_TRANSITION (gst/gstelement.h).
func MakeStateChange(cur, next State) StateChange { return StateChange(cur)<<3 | StateChange(next) }

// Current returns the state the transition starts from.
//
// GStreamer: GST_STATE_TRANSITION_CURRENT (gst/gstelement.h).
func (t StateChange) Current() State { return State(t >> 3) }

// Next returns the state the transition goes to.
//
// GStreamer: GST_STATE_TRANSITION_NEXT (gst/gstelement.h).
func (t StateChange) Next() State { return State(t & 7) }

// String returns "NULL->READY" style names.
//
// GStreamer: gst_state_change_get_name (gst/gstelement.c).
func (t StateChange) String() string { return t.Current().String() + "->" + t.Next().String() }
