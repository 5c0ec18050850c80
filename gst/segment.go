package gst

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// segNone is the "unknown" value of every uint64 field of a Segment (-1 in C).
const segNone = ^uint64(0)

// SeekType says how the start or stop value of a seek is to be interpreted.
//
// GStreamer: GstSeekType (gst/gstsegment.h).
type SeekType int

// The seek types.
//
// GStreamer: GST_SEEK_TYPE_* (gst/gstsegment.h).
const (
	SeekTypeNone SeekType = 0 // keep the current value
	SeekTypeSet  SeekType = 1 // absolute position
	SeekTypeEnd  SeekType = 2 // position relative to the duration
)

// String returns the seek type's nick: "none", "set" or "end". Unknown values
// print as "seek-type-<n>".
// Safe for concurrent use.
//
// GStreamer: GstSeekType nicks (gst/gstenumtypes.c, generated).
func (t SeekType) String() string {
	switch t {
	case SeekTypeNone:
		return "none"
	case SeekTypeSet:
		return "set"
	case SeekTypeEnd:
		return "end"
	}
	return "seek-type-" + strconv.Itoa(int(t))
}

// SeekFlags modify a seek: flushing, accuracy, key-unit snapping, segment
// seeks, trick modes and instant rate changes. The bit values are GStreamer's.
//
// GStreamer: GstSeekFlags (gst/gstsegment.h).
type SeekFlags uint32

// The seek flags.
//
// GStreamer: GST_SEEK_FLAG_* (gst/gstsegment.h).
const (
	SeekFlagNone                      SeekFlags = 0
	SeekFlagFlush                     SeekFlags = 1 << 0 // flush the pipeline
	SeekFlagAccurate                  SeekFlags = 1 << 1 // accurate position is requested
	SeekFlagKeyUnit                   SeekFlags = 1 << 2 // seek to the nearest key unit
	SeekFlagSegment                   SeekFlags = 1 << 3 // segment seek: SEGMENT_DONE instead of EOS
	SeekFlagTrickMode                 SeekFlags = 1 << 4 // trick-mode playback
	SeekFlagSkip                      SeekFlags = 1 << 4 // deprecated alias of SeekFlagTrickMode
	SeekFlagSnapBefore                SeekFlags = 1 << 5 // snap to the key unit before the position
	SeekFlagSnapAfter                 SeekFlags = 1 << 6 // snap to the key unit after the position
	SeekFlagSnapNearest               SeekFlags = SeekFlagSnapBefore | SeekFlagSnapAfter
	SeekFlagTrickModeKeyUnits         SeekFlags = 1 << 7  // decode key units only
	SeekFlagTrickModeNoAudio          SeekFlags = 1 << 8  // decode no audio
	SeekFlagTrickModeForwardPredicted SeekFlags = 1 << 9  // decode key and forward-predicted units only
	SeekFlagInstantRateChange         SeekFlags = 1 << 10 // change the rate without flushing
)

// flagNick is one member of a GFlags class, in declaration order.
type flagNick struct {
	value uint32
	nick  string
}

var seekFlagNicks = []flagNick{
	{0, "none"},
	{uint32(SeekFlagFlush), "flush"},
	{uint32(SeekFlagAccurate), "accurate"},
	{uint32(SeekFlagKeyUnit), "key-unit"},
	{uint32(SeekFlagSegment), "segment"},
	{uint32(SeekFlagTrickMode), "trickmode"},
	{uint32(SeekFlagSkip), "skip"},
	{uint32(SeekFlagSnapBefore), "snap-before"},
	{uint32(SeekFlagSnapAfter), "snap-after"},
	{uint32(SeekFlagSnapNearest), "snap-nearest"},
	{uint32(SeekFlagTrickModeKeyUnits), "trickmode-key-units"},
	{uint32(SeekFlagTrickModeNoAudio), "trickmode-no-audio"},
	{uint32(SeekFlagTrickModeForwardPredicted), "trickmode-forward-predicted"},
	{uint32(SeekFlagInstantRateChange), "instant-rate-change"},
}

// flagsString joins the nicks of the set flags with "+" the way GStreamer
// serializes GFlags: repeatedly take the first declared member whose bits are
// all set, then clear them. Zero prints as the zero member's nick. Bits that
// match no member are appended in hex (GStreamer would print "0").
func flagsString(v uint32, members []flagNick) string {
	if v == 0 {
		return members[0].nick
	}
	var b strings.Builder
	for v != 0 {
		found := false
		for _, m := range members {
			if m.value != 0 && v&m.value == m.value {
				if b.Len() > 0 {
					b.WriteByte('+')
				}
				b.WriteString(m.nick)
				v &^= m.value
				found = true
				break
			}
		}
		if !found {
			if b.Len() > 0 {
				b.WriteByte('+')
			}
			fmt.Fprintf(&b, "0x%x", v)
			break
		}
	}
	return b.String()
}

// String returns the set flags' nicks joined by "+" in GStreamer's
// declaration order ("flush+key-unit"); no flags print as "none".
// Safe for concurrent use.
//
// GStreamer: gst_value_serialize_gflags (gst/gstvalue.c) with GstSeekFlags nicks.
func (f SeekFlags) String() string { return flagsString(uint32(f), seekFlagNicks) }

// SegmentFlags describe how a segment was configured. They share their bit
// values with the SeekFlags they come from (see Segment.DoSeek).
//
// GStreamer: GstSegmentFlags (gst/gstsegment.h).
type SegmentFlags uint32

// The segment flags.
//
// GStreamer: GST_SEGMENT_FLAG_* (gst/gstsegment.h).
const (
	SegmentFlagNone                      SegmentFlags = SegmentFlags(SeekFlagNone)
	SegmentFlagReset                     SegmentFlags = SegmentFlags(SeekFlagFlush)     // reset the pipeline running time
	SegmentFlagTrickMode                 SegmentFlags = SegmentFlags(SeekFlagTrickMode) // trick-mode playback
	SegmentFlagSkip                      SegmentFlags = SegmentFlags(SeekFlagTrickMode) // deprecated alias of SegmentFlagTrickMode
	SegmentFlagSegment                   SegmentFlags = SegmentFlags(SeekFlagSegment)   // send SEGMENT_DONE instead of EOS
	SegmentFlagTrickModeKeyUnits         SegmentFlags = SegmentFlags(SeekFlagTrickModeKeyUnits)
	SegmentFlagTrickModeForwardPredicted SegmentFlags = SegmentFlags(SeekFlagTrickModeForwardPredicted)
	SegmentFlagTrickModeNoAudio          SegmentFlags = SegmentFlags(SeekFlagTrickModeNoAudio)
)

var segmentFlagNicks = []flagNick{
	{0, "none"},
	{uint32(SegmentFlagReset), "reset"},
	{uint32(SegmentFlagTrickMode), "trickmode"},
	{uint32(SegmentFlagSkip), "skip"},
	{uint32(SegmentFlagSegment), "segment"},
	{uint32(SegmentFlagTrickModeKeyUnits), "trickmode-key-units"},
	{uint32(SegmentFlagTrickModeForwardPredicted), "trickmode-forward-predicted"},
	{uint32(SegmentFlagTrickModeNoAudio), "trickmode-no-audio"},
}

// String returns the set flags' nicks joined by "+" in GStreamer's
// declaration order ("reset+segment"); no flags print as "none".
// Safe for concurrent use.
//
// GStreamer: gst_value_serialize_gflags (gst/gstvalue.c) with GstSegmentFlags nicks.
func (f SegmentFlags) String() string { return flagsString(uint32(f), segmentFlagNicks) }

// Segment describes the part of a stream that is to be played and how its
// positions map to running time (for synchronisation) and stream time (for
// position reporting). All uint64 values are in the segment's Format;
// ^uint64(0) (-1 in C, ClockTimeNone in time format) means unknown.
//
//   - Start, Stop: the playable range; Stop may be unknown.
//   - Rate: playback rate (negative plays backwards); AppliedRate: the rate
//     already applied upstream.
//   - Base: running time accumulated by earlier segments.
//   - Offset: amount of the segment already consumed (added to Start for
//     positive rates, subtracted from Stop for negative ones).
//   - Time: stream time of Start.
//   - Position: the last known position; Duration: the stream length.
//
// A Segment is a plain value: copy it with assignment or Copy. It is not safe
// for concurrent mutation; guard it with the owner's lock.
//
// GStreamer: GstSegment (gst/gstsegment.h).
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

// NewSegment returns a segment in format f initialised as by Init: rate 1,
// start 0, unknown stop and duration.
// Safe for concurrent use.
//
// GStreamer: gst_segment_new + gst_segment_init (gst/gstsegment.c).
func NewSegment(f Format) *Segment {
	s := new(Segment)
	s.Init(f)
	return s
}

// Init resets s to the default segment of format f: no flags, rate and
// applied rate 1, base, offset, start, time and position 0, stop and duration
// unknown. A nil s is ignored.
// It modifies s: the caller serialises access (e.g. under the owner's lock).
//
// GStreamer: gst_segment_init (gst/gstsegment.c).
func (s *Segment) Init(f Format) {
	if s == nil {
		return
	}
	*s = Segment{
		Flags:       SegmentFlagNone,
		Rate:        1.0,
		AppliedRate: 1.0,
		Format:      f,
		Stop:        segNone,
		Duration:    segNone,
	}
}

// Copy returns a new segment equal to s, or nil when s is nil.
// It only reads s: safe for concurrent use with other readers.
//
// GStreamer: gst_segment_copy (gst/gstsegment.c).
func (s *Segment) Copy() *Segment {
	if s == nil {
		return nil
	}
	c := *s
	return &c
}

// CopyInto copies every field of s into dest. Nothing happens when either is
// nil.
// It only reads s: safe for concurrent use with other readers.
//
// GStreamer: gst_segment_copy_into (gst/gstsegment.c).
func (s *Segment) CopyInto(dest *Segment) {
	if s == nil || dest == nil {
		return
	}
	*dest = *s
}

// IsEqual reports whether s and o have identical fields (rates compared with
// ==, so a NaN rate is never equal). Two nil segments are equal; a nil and a
// non-nil one are not.
// It only reads s: safe for concurrent use with other readers.
//
// GStreamer: gst_segment_is_equal (gst/gstsegment.c).
func (s *Segment) IsEqual(o *Segment) bool {
	if s == nil || o == nil {
		return s == o
	}
	return s.Flags == o.Flags &&
		s.Rate == o.Rate &&
		s.AppliedRate == o.AppliedRate &&
		s.Format == o.Format &&
		s.Base == o.Base &&
		s.Offset == o.Offset &&
		s.Start == o.Start &&
		s.Stop == o.Stop &&
		s.Time == o.Time &&
		s.Position == o.Position &&
		s.Duration == o.Duration
}

// Errors returned by Segment.DoSeek.
var (
	// ErrSegmentFormat reports a seek or conversion in a format other than the
	// segment's.
	//
	// GStreamer: g_return_val_if_fail (segment->format == format) (gst/gstsegment.c).
	ErrSegmentFormat = errors.New("segment: format mismatch")

	// ErrSeekRate reports a seek with rate 0.
	//
	// GStreamer: g_return_val_if_fail (rate != 0.0) in gst_segment_do_seek (gst/gstsegment.c).
	ErrSeekRate = errors.New("segment: seek rate is 0")

	// ErrSeekInstantRate reports a seek with SeekFlagInstantRateChange, which
	// elements must handle themselves rather than through DoSeek.
	//
	// GStreamer: gst_segment_do_seek (gst/gstsegment.c).
	ErrSeekInstantRate = errors.New("segment: instant-rate-change seeks cannot be applied with DoSeek")

	// ErrSeekRange reports a seek whose start lies after its stop.
	//
	// GStreamer: gst_segment_do_seek (gst/gstsegment.c).
	ErrSeekRange = errors.New("segment: seek start after stop")
)

// f2u converts a non-negative float64 to uint64 with truncation, as C's
// (guint64) cast does. Values C leaves undefined (NaN, negative, ≥ 2^64)
// give 0, 0 and ^uint64(0) here.
func f2u(f float64) uint64 {
	switch {
	case f != f || f <= 0:
		return 0
	case f >= 18446744073709551616.0:
		return segNone
	}
	return uint64(f)
}

// DoSeek updates s for a seek to [start, stop] at rate, as a source or demuxer
// does when it handles a SEEK event. startType and stopType say how start and
// stop are read (SeekTypeNone keeps the current value, SeekTypeEnd is
// relative to Duration and is ignored while Duration is unknown; pass
// negative relative values as uint64(int64(v))). The start is clamped to the
// duration. Without SeekFlagFlush the running time accumulates into Base;
// with it Base restarts at 0. Seek flags map to segment flags, AppliedRate
// becomes 1 and Time becomes the new start.
//
// update reports whether Position changed (a real seek, not only a stop
// update). An error leaves s untouched: ErrSeekRate for rate 0,
// ErrSegmentFormat when format is not s.Format, ErrSeekInstantRate for
// instant-rate-change seeks and ErrSeekRange when start > stop.
// It modifies s: the caller serialises access (e.g. under the owner's lock).
//
// GStreamer: gst_segment_do_seek (gst/gstsegment.c).
func (s *Segment) DoSeek(rate float64, format Format, flags SeekFlags,
	startType SeekType, start uint64, stopType SeekType, stop uint64) (update bool, err error) {
	if rate == 0 {
		return false, ErrSeekRate
	}
	if s.Format != format {
		return false, fmt.Errorf("%w: seek in %s on a %s segment", ErrSegmentFormat, format, s.Format)
	}
	if flags&SeekFlagInstantRateChange != 0 {
		return false, ErrSeekInstantRate
	}

	updateStart, updateStop := true, true
	position := s.Position

	switch startType {
	case SeekTypeNone:
		start = s.Start
		updateStart = false
	case SeekTypeSet:
		if start == segNone {
			start = 0
		}
	case SeekTypeEnd:
		if s.Duration != segNone {
			start = s.Duration + start
		} else {
			start = s.Start
			updateStart = false
		}
	}
	if s.Duration != segNone {
		start = min(start, s.Duration)
	} else if int64(start) < 0 {
		start = 0
	}

	switch stopType {
	case SeekTypeNone:
		stop = s.Stop
		updateStop = false
	case SeekTypeSet:
	case SeekTypeEnd:
		if s.Duration != segNone {
			stop = s.Duration + stop
		} else {
			stop = s.Stop
			updateStop = false
		}
	}
	if stop != segNone {
		if s.Duration != segNone {
			v, d := int64(stop), int64(s.Duration)
			if v > d {
				v = d
			} else if v < 0 {
				v = 0
			}
			stop = uint64(v)
		} else if int64(stop) < 0 {
			stop = 0
		}
		if start > stop {
			return false, fmt.Errorf("%w: start %d > stop %d", ErrSeekRange, start, stop)
		}
	}

	var base uint64
	if flags&SeekFlagFlush == 0 {
		if position > s.Stop {
			position = s.Stop
		} else if position < s.Start {
			position = s.Start
		}
		base = s.ToRunningTime(format, position)
	}

	if updateStart && rate > 0 {
		position = start
	}
	if updateStop && rate < 0 {
		switch {
		case stop != segNone:
			position = stop
		case s.Duration != segNone:
			position = s.Duration
		default:
			position = 0
		}
	}
	update = position != s.Position

	var sf SegmentFlags
	if flags&SeekFlagFlush != 0 {
		sf |= SegmentFlagReset
	}
	if flags&SeekFlagTrickMode != 0 {
		sf |= SegmentFlagTrickMode
	}
	if flags&SeekFlagSegment != 0 {
		sf |= SegmentFlagSegment
	}
	if flags&SeekFlagTrickModeKeyUnits != 0 {
		sf |= SegmentFlagTrickModeKeyUnits
	}
	if flags&SeekFlagTrickModeNoAudio != 0 {
		sf |= SegmentFlagTrickModeNoAudio
	}
	if flags&SeekFlagTrickModeForwardPredicted != 0 {
		sf |= SegmentFlagTrickModeForwardPredicted
	}
	s.Flags = sf
	s.Rate = rate
	s.AppliedRate = 1.0
	s.Base = base
	if rate > 0 {
		s.Offset = position - start
	} else {
		switch {
		case stop != segNone:
			s.Offset = stop - position
		case s.Duration != segNone:
			s.Offset = s.Duration - position
		default:
			s.Offset = 0
		}
	}
	s.Start = start
	s.Stop = stop
	s.Time = start
	s.Position = position
	return update, nil
}

// ToStreamTimeFull converts position to stream time without clipping to the
// segment. sign is 1 for a positive stream time rt, -1 when the stream time
// is negative and rt holds its absolute value, and 0 when it cannot be
// computed (position unknown, Time unknown, a negative AppliedRate with an
// unknown Stop, or format not the segment's format); rt is then ^uint64(0).
// It only reads s: safe for concurrent use with other readers.
//
// GStreamer: gst_segment_to_stream_time_full (gst/gstsegment.c).
func (s *Segment) ToStreamTimeFull(format Format, position uint64) (sign int, st uint64) {
	if position == segNone || s.Format != format {
		return 0, segNone
	}
	start, stop, tm := s.Start, s.Stop, s.Time
	if tm == segNone {
		return 0, segNone
	}
	absRate := math.Abs(s.AppliedRate)
	scale := func(v uint64) uint64 {
		if absRate != 1.0 {
			return f2u(float64(v) * absRate)
		}
		return v
	}
	// negOrPos turns "time - d" into a signed result.
	negOrPos := func(d uint64) (int, uint64) {
		if d > tm {
			return -1, d - tm
		}
		return 1, tm - d
	}
	if s.AppliedRate > 0 {
		if position > start {
			return 1, scale(position-start) + tm
		}
		return negOrPos(scale(start - position))
	}
	if stop == segNone {
		return 0, segNone
	}
	if position > stop {
		return negOrPos(scale(position - stop))
	}
	return 1, scale(stop-position) + tm
}

// ToStreamTime converts position to stream time, the time shown to the user
// as the playback position. It returns ^uint64(0) when position is outside
// [Start, Stop], the stream time would be negative, it cannot be computed,
// or format is not the segment's format.
// It only reads s: safe for concurrent use with other readers.
//
// GStreamer: gst_segment_to_stream_time (gst/gstsegment.c).
func (s *Segment) ToStreamTime(format Format, position uint64) uint64 {
	if s.Format != format {
		return segNone
	}
	if position < s.Start || (s.Stop != segNone && position > s.Stop) {
		return segNone
	}
	if sign, st := s.ToStreamTimeFull(format, position); sign == 1 {
		return st
	}
	return segNone
}

// PositionFromStreamTimeFull converts streamTime back to a position without
// clipping to the segment. sign is 1 for a positive position, -1 for a
// negative one (position holds its absolute value) and 0 when it cannot be
// computed (unknown stream time or Time, or a negative AppliedRate with an
// unknown Stop); position is then ^uint64(0). As in GStreamer, a format
// other than the segment's gives sign -1 (with position ^uint64(0)).
// It only reads s: safe for concurrent use with other readers.
//
// GStreamer: gst_segment_position_from_stream_time_full (gst/gstsegment.c).
func (s *Segment) PositionFromStreamTimeFull(format Format, streamTime uint64) (sign int, position uint64) {
	if streamTime == segNone {
		return 0, segNone
	}
	if s.Format != format {
		return -1, segNone
	}
	start, tm := s.Start, s.Time
	if tm == segNone {
		return 0, segNone
	}
	absRate := math.Abs(s.AppliedRate)
	unscale := func(v uint64) uint64 {
		if absRate != 1.0 {
			return f2u(float64(v) / absRate)
		}
		return v
	}
	if s.AppliedRate > 0 {
		res := 1
		if streamTime > tm {
			position = streamTime - tm
		} else {
			res = -1
			position = tm - streamTime
		}
		position = unscale(position)
		if res == -1 {
			if position > start {
				return -1, position - start
			}
			return 1, start - position
		}
		return 1, position + start
	}
	stop := s.Stop
	if stop == segNone {
		return 0, segNone
	}
	res := 1
	if tm > streamTime {
		res = -1
		position = tm - streamTime
	} else {
		position = streamTime - tm
	}
	position = unscale(position)
	if stop < position {
		if res == 1 {
			return -1, position - stop
		}
		return 1, position + stop
	}
	if res == 1 {
		return 1, stop - position
	}
	return 1, position + stop
}

// PositionFromStreamTime converts streamTime back to a position in the
// segment. It returns ^uint64(0) when the position falls outside [Start,
// Stop], is negative, cannot be computed, or format is not the segment's.
// It only reads s: safe for concurrent use with other readers.
//
// GStreamer: gst_segment_position_from_stream_time (gst/gstsegment.c).
func (s *Segment) PositionFromStreamTime(format Format, streamTime uint64) uint64 {
	if s.Format != format {
		return segNone
	}
	sign, pos := s.PositionFromStreamTimeFull(format, streamTime)
	if pos < s.Start || (s.Stop != segNone && pos > s.Stop) {
		return segNone
	}
	if sign == 1 {
		return pos
	}
	return segNone
}

// ToRunningTimeFull converts position to running time without clipping to
// the segment. sign is 1 for a positive running time rt, -1 when it is
// negative (rt holds the absolute value) and 0 when it cannot be computed:
// position unknown, format not the segment's, or a negative rate with no
// usable stop (Stop, else Start+Duration) or an Offset past it; rt is then
// ^uint64(0). A negative intermediate value is absorbed by Base first. The
// division by |Rate| is a float64 division truncated to an integer, skipped
// when |Rate| is 1.
// It only reads s: safe for concurrent use with other readers.
//
// GStreamer: gst_segment_to_running_time_full (gst/gstsegment.c).
func (s *Segment) ToRunningTimeFull(format Format, position uint64) (sign int, rt uint64) {
	if position == segNone || s.Format != format {
		return 0, segNone
	}
	var result uint64
	offset := s.Offset
	if s.Rate > 0 {
		start := s.Start + offset
		if position < start {
			result, sign = start-position, -1
		} else {
			result, sign = position-start, 1
		}
	} else {
		stop := s.Stop
		if stop == segNone && s.Duration != segNone {
			stop = s.Start + s.Duration
		}
		if stop == segNone || stop < offset {
			return 0, segNone
		}
		stop -= offset
		if position > stop {
			result, sign = position-stop, -1
		} else {
			result, sign = stop-position, 1
		}
	}
	if absRate := math.Abs(s.Rate); absRate != 1.0 {
		result = f2u(float64(result) / absRate)
	}
	switch {
	case sign == 1:
		return 1, result + s.Base
	case s.Base >= result:
		return 1, s.Base - result
	default:
		return -1, result - s.Base
	}
}

// ToRunningTime converts position to running time, the time used to
// synchronise against the clock (ns in time format). It returns ^uint64(0)
// for positions outside [Start, Stop] (an unknown Stop has no upper bound),
// negative running times, unknown positions and a format other than the
// segment's.
// It only reads s: safe for concurrent use with other readers.
//
// GStreamer: gst_segment_to_running_time (gst/gstsegment.c).
func (s *Segment) ToRunningTime(format Format, position uint64) uint64 {
	if s.Format != format {
		return segNone
	}
	if position < s.Start || (s.Stop != segNone && position > s.Stop) {
		return segNone
	}
	if sign, rt := s.ToRunningTimeFull(format, position); sign == 1 {
		return rt
	}
	return segNone
}

// Clip clips the interval [start, stop] to the segment. inside is false when
// the interval lies completely outside the segment: start at or after a
// known segment stop (start == Stop is inside only when Start == Stop), or a
// known stop before Start, or equal to Start for a non-empty interval. So a
// zero-length interval at Start is inside and an interval ending at Start is
// not. Otherwise cstart is max(start, Start) (unknown stays unknown) and
// cstop is min(stop, Stop) with an unknown side taking the other's value.
// A format other than the segment's gives inside false.
// It only reads s: safe for concurrent use with other readers.
//
// GStreamer: gst_segment_clip (gst/gstsegment.c).
func (s *Segment) Clip(format Format, start, stop uint64) (inside bool, cstart, cstop uint64) {
	if s.Format != format {
		return false, segNone, segNone
	}
	if s.Stop != segNone && start != segNone &&
		(start > s.Stop || (s.Start != s.Stop && start == s.Stop)) {
		return false, segNone, segNone
	}
	if stop != segNone && (stop < s.Start || (start != stop && stop == s.Start)) {
		return false, segNone, segNone
	}
	if start == segNone {
		cstart = segNone
	} else {
		cstart = max(start, s.Start)
	}
	switch {
	case stop == segNone:
		cstop = s.Stop
	case s.Stop == segNone:
		cstop = stop
	default:
		cstop = min(stop, s.Stop)
	}
	return true, cstart, cstop
}

// PositionFromRunningTimeFull converts runningTime back to a position
// without clipping to the segment. sign is 1 for a positive position, -1 for
// a negative one (position holds its absolute value) and 0 when runningTime
// is unknown or format is not the segment's (position is then ^uint64(0)).
// The multiplication by |Rate| rounds up (ceil), skipped when |Rate| is 1.
// It only reads s: safe for concurrent use with other readers.
//
// GStreamer: gst_segment_position_from_running_time_full (gst/gstsegment.c).
func (s *Segment) PositionFromRunningTimeFull(format Format, runningTime uint64) (sign int, position uint64) {
	if runningTime == segNone || s.Format != format {
		return 0, segNone
	}
	base := s.Base
	absRate := math.Abs(s.Rate)
	scale := func(v uint64) uint64 {
		if absRate != 1.0 {
			return f2u(math.Ceil(float64(v) * absRate))
		}
		return v
	}
	start, stop, offset := s.Start, s.Stop, s.Offset
	if s.Rate > 0 {
		if runningTime >= base {
			return 1, scale(runningTime-base) + start + offset
		}
		position = scale(base - runningTime)
		if start+offset >= position {
			return 1, start + offset - position
		}
		return -1, position - (start + offset)
	}
	if runningTime >= base {
		position = scale(runningTime - base)
		if stop < position+offset {
			return -1, position + offset - stop
		}
		return 1, stop - position - offset
	}
	position = scale(base - runningTime)
	if stop+position >= offset {
		return 1, stop + position - offset
	}
	return -1, offset - position - stop
}

// PositionFromRunningTime converts runningTime back to a position in the
// segment, the inverse of ToRunningTime. It returns ^uint64(0) when the
// position is negative, outside [Start, Stop], cannot be computed, or format
// is not the segment's.
// It only reads s: safe for concurrent use with other readers.
//
// GStreamer: gst_segment_position_from_running_time (gst/gstsegment.c).
func (s *Segment) PositionFromRunningTime(format Format, runningTime uint64) uint64 {
	if s.Format != format {
		return segNone
	}
	sign, pos := s.PositionFromRunningTimeFull(format, runningTime)
	if sign != 1 {
		return segNone
	}
	if pos < s.Start || (s.Stop != segNone && pos > s.Stop) {
		return segNone
	}
	return pos
}

// ToPosition is the deprecated name of PositionFromRunningTime.
// It only reads s: safe for concurrent use with other readers.
//
// Deprecated: use PositionFromRunningTime.
//
// GStreamer: gst_segment_to_position (gst/gstsegment.c).
func (s *Segment) ToPosition(format Format, runningTime uint64) uint64 {
	return s.PositionFromRunningTime(format, runningTime)
}

// SetRunningTime adjusts s so that runningTime maps to the position it maps
// to now, which becomes the new Start (or Stop for negative rates); Time is
// updated to that position's stream time and Base becomes runningTime. It
// reports false, leaving s untouched, when runningTime maps to no position
// inside the segment or format is not the segment's.
// It modifies s: the caller serialises access (e.g. under the owner's lock).
//
// GStreamer: gst_segment_set_running_time (gst/gstsegment.c).
func (s *Segment) SetRunningTime(format Format, runningTime uint64) bool {
	position := s.PositionFromRunningTime(format, runningTime)
	if position == segNone {
		return false
	}
	start, stop := s.Start, s.Stop
	if s.Rate > 0 {
		start = position
	} else {
		stop = position
	}
	s.Time = s.ToStreamTime(format, start)
	s.Start = start
	s.Stop = stop
	s.Base = runningTime
	return true
}

// OffsetRunningTime shifts the running times of s by offset (in format
// units). A positive offset is added to Base. A negative one is taken from
// Base first; what Base cannot absorb becomes Offset, the position that the
// remainder maps to, minus Start. It reports false when that position is
// not inside the segment (s is then partly updated, as in GStreamer: Base
// is already 0) or format is not the segment's.
// It modifies s: the caller serialises access (e.g. under the owner's lock).
//
// GStreamer: gst_segment_offset_running_time (gst/gstsegment.c).
func (s *Segment) OffsetRunningTime(format Format, offset int64) bool {
	if s.Format != format {
		return false
	}
	if offset == 0 {
		return true
	}
	if offset > 0 {
		s.Base += uint64(offset)
		return true
	}
	off := uint64(-offset) // -MinInt64 wraps to 2^63, the right magnitude
	if s.Base > off {
		s.Base -= off
		return true
	}
	off -= s.Base
	s.Base = 0
	position := s.PositionFromRunningTime(format, off)
	if position == segNone {
		return false
	}
	s.Offset = position - s.Start
	return true
}

// cDouble formats f like C's printf("%f").
func cDouble(f float64) string {
	switch {
	case math.IsNaN(f):
		if math.Signbit(f) {
			return "-nan"
		}
		return "nan"
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	}
	return strconv.FormatFloat(f, 'f', 6, 64)
}

// String returns the debug form of the segment that GStreamer logs, e.g.
// "time segment start=0:00:00.000000000, offset=0:00:00.000000000,
// stop=99:99:99.999999999, rate=1.000000, applied_rate=1.000000, flags=0x00,
// time=0:00:00.000000000, base=0:00:00.000000000, position 0:00:00.000000000,
// duration 99:99:99.999999999". Other formats print values as signed
// integers (-1 for unknown); an undefined format prints "UNDEFINED segment";
// a nil segment prints "(NULL)".
// It only reads s: safe for concurrent use with other readers.
//
// GStreamer: gst_debug_print_segment (gst/gstinfo.c), the GST_SEGMENT_FORMAT form.
func (s *Segment) String() string {
	if s == nil {
		return "(NULL)"
	}
	switch s.Format {
	case FormatUndefined:
		return "UNDEFINED segment"
	case FormatTime:
		t := func(v uint64) string { return ClockTime(v).String() }
		return "time segment start=" + t(s.Start) +
			", offset=" + t(s.Offset) +
			", stop=" + t(s.Stop) +
			", rate=" + cDouble(s.Rate) +
			", applied_rate=" + cDouble(s.AppliedRate) +
			fmt.Sprintf(", flags=0x%02x", uint32(s.Flags)) +
			", time=" + t(s.Time) +
			", base=" + t(s.Base) +
			", position " + t(s.Position) +
			", duration " + t(s.Duration)
	}
	name := "(UNKNOWN FORMAT)"
	if s.Format > FormatUndefined && s.Format <= FormatPercent {
		name = s.Format.String()
	}
	i := func(v uint64) string { return strconv.FormatInt(int64(v), 10) }
	return name + " segment start=" + i(s.Start) +
		", offset=" + i(s.Offset) +
		", stop=" + i(s.Stop) +
		", rate=" + cDouble(s.Rate) +
		", applied_rate=" + cDouble(s.AppliedRate) +
		fmt.Sprintf(", flags=0x%02x", uint32(s.Flags)) +
		", time=" + i(s.Time) +
		", base=" + i(s.Base) +
		", position " + i(s.Position) +
		", duration " + i(s.Duration)
}
