package gst

// PLACEHOLDER: the clock implementation replaces this file.

// Clock placeholder.
type Clock interface {
	Object
	Time() ClockTime
	NewSingleShotID(t ClockTime) *ClockID
}

// ClockID placeholder.
type ClockID struct{}

// ClockReturn placeholder.
type ClockReturn int

func (id *ClockID) Wait() (ClockReturn, ClockTimeDiff) { return 0, 0 }
func (id *ClockID) Unschedule()                        {}
