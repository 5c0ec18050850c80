package gst_test

import (
	"fmt"

	"github.com/gstmini/gstmini/gst"
)

func ExampleSegment_ToRunningTime() {
	s := gst.NewSegment(gst.FormatTime)
	// Play [2s, 10s] after 5s of running time spent in earlier segments.
	s.Start, s.Stop, s.Base = uint64(2*gst.Second), uint64(10*gst.Second), uint64(5*gst.Second)
	rt := s.ToRunningTime(gst.FormatTime, uint64(3*gst.Second))
	fmt.Println(gst.ClockTime(rt))
	// Output: 0:00:06.000000000
}

func ExampleSegment_DoSeek() {
	s := gst.NewSegment(gst.FormatBytes)
	s.Duration = 200
	// Seek to [duration-100, duration]; negative values are passed as their
	// two's-complement bit pattern, as in C.
	back := int64(-100)
	update, err := s.DoSeek(1.0, gst.FormatBytes, gst.SeekFlagFlush,
		gst.SeekTypeEnd, uint64(back), gst.SeekTypeEnd, 0)
	fmt.Println(update, err, s.Start, s.Stop, s.Flags)
	// Output: true <nil> 100 200 reset
}
