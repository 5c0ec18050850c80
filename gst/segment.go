package gst

// PLACEHOLDER: the segment implementation replaces this file.

// Segment placeholder.
type Segment struct {
	Flags       SegmentFlags
	Rate        float64
	AppliedRate float64
	Format      Format
	Base        uint64
	Offset      uint64
	Start       uint64
	Stop        uint64
	Time        uint64
	Position    uint64
	Duration    uint64
}

// SegmentFlags placeholder.
type SegmentFlags uint32

func NewSegment(f Format) *Segment {
	return &Segment{Rate: 1, AppliedRate: 1, Format: f, Stop: ^uint64(0), Duration: ^uint64(0), Position: 0}
}
func (s *Segment) ToRunningTime(f Format, pos uint64) uint64                { return pos }
func (s *Segment) ToStreamTime(f Format, pos uint64) uint64                 { return pos }
func (s *Segment) Clip(f Format, start, stop uint64) (bool, uint64, uint64) { return true, start, stop }
