package gst

import (
	"errors"
	"fmt"
)

// QueryTypeFlags are the direction and scheduling flags encoded in the low
// bits of a QueryType.
//
// GStreamer: GstQueryTypeFlags (gst/gstquery.h).
type QueryTypeFlags uint32

// The query type flags.
//
// GStreamer: GST_QUERY_TYPE_* (gst/gstquery.h).
const (
	QueryTypeUpstream   QueryTypeFlags = 1 << 0 // the query can travel upstream
	QueryTypeDownstream QueryTypeFlags = 1 << 1 // the query can travel downstream
	QueryTypeSerialized QueryTypeFlags = 1 << 2 // the query is answered in order with the data

	// QueryTypeBoth is QueryTypeUpstream|QueryTypeDownstream.
	QueryTypeBoth = QueryTypeUpstream | QueryTypeDownstream
)

const queryNumShift = 8

// QueryType identifies a query. Its value is num<<8 | flags as
// GST_QUERY_MAKE_TYPE.
//
// GStreamer: GstQueryType (gst/gstquery.h).
type QueryType uint32

// MakeQueryType builds a query type from a number and flags.
//
// GStreamer: GST_QUERY_MAKE_TYPE (gst/gstquery.h).
func MakeQueryType(num uint32, flags QueryTypeFlags) QueryType {
	return QueryType(num<<queryNumShift | uint32(flags))
}

// The query types, with GStreamer's numbers and flags.
//
// GStreamer: GST_QUERY_* (gst/gstquery.h).
const (
	QueryUnknown    QueryType = 0
	QueryPosition   QueryType = 10<<queryNumShift | QueryType(QueryTypeBoth)
	QueryDuration   QueryType = 20<<queryNumShift | QueryType(QueryTypeBoth)
	QueryLatency    QueryType = 30<<queryNumShift | QueryType(QueryTypeBoth)
	QueryJitter     QueryType = 40<<queryNumShift | QueryType(QueryTypeBoth)
	QueryRate       QueryType = 50<<queryNumShift | QueryType(QueryTypeBoth)
	QuerySeeking    QueryType = 60<<queryNumShift | QueryType(QueryTypeBoth)
	QuerySegment    QueryType = 70<<queryNumShift | QueryType(QueryTypeBoth)
	QueryConvert    QueryType = 80<<queryNumShift | QueryType(QueryTypeBoth)
	QueryFormats    QueryType = 90<<queryNumShift | QueryType(QueryTypeBoth)
	QueryBuffering  QueryType = 110<<queryNumShift | QueryType(QueryTypeBoth)
	QueryCustom     QueryType = 120<<queryNumShift | QueryType(QueryTypeBoth)
	QueryURI        QueryType = 130<<queryNumShift | QueryType(QueryTypeBoth)
	QueryAllocation QueryType = 140<<queryNumShift | QueryType(QueryTypeDownstream|QueryTypeSerialized)
	QueryScheduling QueryType = 150<<queryNumShift | QueryType(QueryTypeUpstream)
	QueryAcceptCaps QueryType = 160<<queryNumShift | QueryType(QueryTypeBoth)
	QueryCaps       QueryType = 170<<queryNumShift | QueryType(QueryTypeBoth)
	QueryDrain      QueryType = 180<<queryNumShift | QueryType(QueryTypeDownstream|QueryTypeSerialized)
	QueryContext    QueryType = 190<<queryNumShift | QueryType(QueryTypeBoth)
	QueryBitrate    QueryType = 200<<queryNumShift | QueryType(QueryTypeDownstream)
	QuerySelectable QueryType = 210<<queryNumShift | QueryType(QueryTypeBoth)
)

var queryTypeNames = map[QueryType]string{
	QueryUnknown:    "unknown",
	QueryPosition:   "position",
	QueryDuration:   "duration",
	QueryLatency:    "latency",
	QueryJitter:     "jitter",
	QueryRate:       "rate",
	QuerySeeking:    "seeking",
	QuerySegment:    "segment",
	QueryConvert:    "convert",
	QueryFormats:    "formats",
	QueryBuffering:  "buffering",
	QueryCustom:     "custom",
	QueryURI:        "uri",
	QueryAllocation: "allocation",
	QueryScheduling: "scheduling",
	QueryAcceptCaps: "accept-caps",
	QueryCaps:       "caps",
	QueryDrain:      "drain",
	QueryContext:    "context",
	QueryBitrate:    "bitrate",
	QuerySelectable: "selectable",
}

// String returns the query type's name ("position", "accept-caps", ...), or
// "unknown".
//
// GStreamer: gst_query_type_get_name (gst/gstquery.c).
func (t QueryType) String() string {
	if n, ok := queryTypeNames[t]; ok {
		return n
	}
	return "unknown"
}

// Flags returns the flags encoded in t.
//
// GStreamer: gst_query_type_get_flags (gst/gstquery.c).
func (t QueryType) Flags() QueryTypeFlags { return QueryTypeFlags(t & (1<<queryNumShift - 1)) }

// IsUpstream reports whether queries of type t can travel upstream.
//
// GStreamer: GST_QUERY_IS_UPSTREAM (gst/gstquery.h).
func (t QueryType) IsUpstream() bool { return t.Flags()&QueryTypeUpstream != 0 }

// IsDownstream reports whether queries of type t can travel downstream.
//
// GStreamer: GST_QUERY_IS_DOWNSTREAM (gst/gstquery.h).
func (t QueryType) IsDownstream() bool { return t.Flags()&QueryTypeDownstream != 0 }

// IsSerialized reports whether queries of type t are answered in order with
// the data.
//
// GStreamer: GST_QUERY_IS_SERIALIZED (gst/gstquery.h).
func (t QueryType) IsSerialized() bool { return t.Flags()&QueryTypeSerialized != 0 }

// Query asks a pad or element a question; the answering side fills in the
// result fields of the concrete struct (*PositionQuery, *CapsQuery, ...).
// Read them with a type switch. A query belongs to one caller and one
// answering thread at a time. The interface is sealed.
//
// GStreamer: GstQuery (gst/gstquery.h).
type Query interface {
	// Type returns the query type.
	Type() QueryType
	// Structure returns the free-form structure of a custom query (nil for
	// the typed queries).
	Structure() *Structure
	query()
}

type queryBase struct{}

func (queryBase) query() {}

// Structure returns nil: typed queries keep their data in fields.
//
// GStreamer: gst_query_get_structure (gst/gstquery.c).
func (queryBase) Structure() *Structure { return nil }

// PositionQuery asks for the current position in Format.
//
// GStreamer: GST_QUERY_POSITION (gst/gstquery.h).
type PositionQuery struct {
	queryBase
	Format Format // requested format; the answer may change it
	Cur    int64  // answer: current position, -1 if unknown
}

// NewPositionQuery returns a position query for format with Cur = -1.
//
// GStreamer: gst_query_new_position (gst/gstquery.c).
func NewPositionQuery(format Format) *PositionQuery {
	return &PositionQuery{Format: format, Cur: -1}
}

// Type returns QueryPosition.
//
// GStreamer: GST_QUERY_TYPE (gst/gstquery.h).
func (*PositionQuery) Type() QueryType { return QueryPosition }

// DurationQuery asks for the total duration in Format.
//
// GStreamer: GST_QUERY_DURATION (gst/gstquery.h).
type DurationQuery struct {
	queryBase
	Format   Format // requested format
	Duration int64  // answer: duration, -1 if unknown
}

// NewDurationQuery returns a duration query for format with Duration = -1.
//
// GStreamer: gst_query_new_duration (gst/gstquery.c).
func NewDurationQuery(format Format) *DurationQuery {
	return &DurationQuery{Format: format, Duration: -1}
}

// Type returns QueryDuration.
//
// GStreamer: GST_QUERY_TYPE (gst/gstquery.h).
func (*DurationQuery) Type() QueryType { return QueryDuration }

// LatencyQuery asks for the latency of the pipeline upstream of a sink.
//
// GStreamer: GST_QUERY_LATENCY (gst/gstquery.h).
type LatencyQuery struct {
	queryBase
	Live bool      // answer: whether there is a live element upstream
	Min  ClockTime // answer: minimum latency (ns)
	Max  ClockTime // answer: maximum latency (ns); ClockTimeNone = unlimited
}

// NewLatencyQuery returns a latency query with Live false, Min 0 and Max
// ClockTimeNone.
//
// GStreamer: gst_query_new_latency (gst/gstquery.c).
func NewLatencyQuery() *LatencyQuery {
	return &LatencyQuery{Min: 0, Max: ClockTimeNone}
}

// Type returns QueryLatency.
//
// GStreamer: GST_QUERY_TYPE (gst/gstquery.h).
func (*LatencyQuery) Type() QueryType { return QueryLatency }

// SeekingQuery asks whether (and in what range) seeking in Format works.
//
// GStreamer: GST_QUERY_SEEKING (gst/gstquery.h).
type SeekingQuery struct {
	queryBase
	Format       Format // requested format
	Seekable     bool   // answer: whether seeking is possible
	SegmentStart int64  // answer: first seekable position, -1 if unknown
	SegmentEnd   int64  // answer: last seekable position, -1 if unknown
}

// NewSeekingQuery returns a seeking query with Seekable false and -1 bounds.
//
// GStreamer: gst_query_new_seeking (gst/gstquery.c).
func NewSeekingQuery(format Format) *SeekingQuery {
	return &SeekingQuery{Format: format, SegmentStart: -1, SegmentEnd: -1}
}

// Type returns QuerySeeking.
//
// GStreamer: GST_QUERY_TYPE (gst/gstquery.h).
func (*SeekingQuery) Type() QueryType { return QuerySeeking }

// SegmentQuery asks for the currently configured segment.
//
// GStreamer: GST_QUERY_SEGMENT (gst/gstquery.h).
type SegmentQuery struct {
	queryBase
	Rate   float64 // answer: segment rate (0 until answered)
	Format Format  // requested format
	Start  int64   // answer: segment start, -1 if unknown
	Stop   int64   // answer: segment stop, -1 if unknown
}

// NewSegmentQuery returns a segment query with Rate 0 and -1 bounds.
//
// GStreamer: gst_query_new_segment (gst/gstquery.c).
func NewSegmentQuery(format Format) *SegmentQuery {
	return &SegmentQuery{Format: format, Start: -1, Stop: -1}
}

// Type returns QuerySegment.
//
// GStreamer: GST_QUERY_TYPE (gst/gstquery.h).
func (*SegmentQuery) Type() QueryType { return QuerySegment }

// ConvertQuery asks to convert SrcValue in SrcFormat to DestFormat.
//
// GStreamer: GST_QUERY_CONVERT (gst/gstquery.h).
type ConvertQuery struct {
	queryBase
	SrcFormat  Format // format of SrcValue
	SrcValue   int64  // value to convert
	DestFormat Format // wanted format
	DestValue  int64  // answer: converted value, -1 until answered
}

// NewConvertQuery returns a convert query with DestValue -1.
//
// GStreamer: gst_query_new_convert (gst/gstquery.c).
func NewConvertQuery(srcFormat Format, value int64, destFormat Format) *ConvertQuery {
	return &ConvertQuery{SrcFormat: srcFormat, SrcValue: value, DestFormat: destFormat, DestValue: -1}
}

// Type returns QueryConvert.
//
// GStreamer: GST_QUERY_TYPE (gst/gstquery.h).
func (*ConvertQuery) Type() QueryType { return QueryConvert }

// FormatsQuery asks which formats an element supports for positions and
// conversions.
//
// GStreamer: GST_QUERY_FORMATS (gst/gstquery.h).
type FormatsQuery struct {
	queryBase
	Formats []Format // answer: the supported formats, in order
}

// NewFormatsQuery returns an empty formats query.
//
// GStreamer: gst_query_new_formats (gst/gstquery.c).
func NewFormatsQuery() *FormatsQuery { return &FormatsQuery{} }

// Type returns QueryFormats.
//
// GStreamer: GST_QUERY_TYPE (gst/gstquery.h).
func (*FormatsQuery) Type() QueryType { return QueryFormats }

// BufferingMode is how an element buffers.
//
// GStreamer: GstBufferingMode (gst/gstquery.h).
type BufferingMode int

// The buffering modes.
//
// GStreamer: GST_BUFFERING_* (gst/gstquery.h).
const (
	BufferingStream    BufferingMode = 0 // buffering a stream in memory
	BufferingDownload  BufferingMode = 1 // downloading a file to disk
	BufferingTimeshift BufferingMode = 2 // timeshift ring buffer
	BufferingLive      BufferingMode = 3 // live source buffering
)

// String returns the nick: "stream", "download", "timeshift" or "live".
//
// GStreamer: GstBufferingMode nicks (gst/gstenumtypes.c).
func (m BufferingMode) String() string {
	switch m {
	case BufferingStream:
		return "stream"
	case BufferingDownload:
		return "download"
	case BufferingTimeshift:
		return "timeshift"
	case BufferingLive:
		return "live"
	}
	return fmt.Sprintf("buffering-mode-%d", int(m))
}

// BufferingRange is one buffered range in a buffering query, in the query's
// format.
//
// GStreamer: GstQueryBufferingRange (gst/gstquery.c).
type BufferingRange struct {
	Start, Stop int64
}

// BufferingQuery asks about the buffering state.
//
// GStreamer: GST_QUERY_BUFFERING (gst/gstquery.h).
type BufferingQuery struct {
	queryBase
	Format         Format           // format of Start, Stop, EstimatedTotal and the ranges
	Busy           bool             // answer: currently buffering
	Percent        int              // answer: buffer fill level, 0..100
	Mode           BufferingMode    // answer: buffering mode
	AvgIn          int              // answer: average input rate (bytes/s), -1 if unknown
	AvgOut         int              // answer: average output rate (bytes/s), -1 if unknown
	BufferingLeft  int64            // answer: ms left to buffer
	Start, Stop    int64            // answer: buffered range, -1 if unknown
	EstimatedTotal int64            // answer: estimated total (ms), -1 if unknown
	Ranges         []BufferingRange // answer: buffered ranges, increasing
}

// NewBufferingQuery returns a buffering query with GStreamer's defaults
// (not busy, 100 percent, stream mode, unknown rates and ranges).
//
// GStreamer: gst_query_new_buffering (gst/gstquery.c).
func NewBufferingQuery(format Format) *BufferingQuery {
	return &BufferingQuery{Format: format, Percent: 100, Mode: BufferingStream, AvgIn: -1, AvgOut: -1,
		Start: -1, Stop: -1, EstimatedTotal: -1}
}

// AddRange appends a buffered range. It reports false (and adds nothing)
// when start >= stop or, once the query holds two or more ranges, when start
// does not come after the last range's start (GStreamer's exact check).
//
// GStreamer: gst_query_add_buffering_range (gst/gstquery.c).
func (q *BufferingQuery) AddRange(start, stop int64) bool {
	if start >= stop {
		return false
	}
	if n := len(q.Ranges); n > 1 && start <= q.Ranges[n-1].Start {
		return false
	}
	q.Ranges = append(q.Ranges, BufferingRange{Start: start, Stop: stop})
	return true
}

// Type returns QueryBuffering.
//
// GStreamer: GST_QUERY_TYPE (gst/gstquery.h).
func (*BufferingQuery) Type() QueryType { return QueryBuffering }

// CustomQuery is an application-defined query carrying a structure; the
// answering side modifies the structure.
//
// GStreamer: GST_QUERY_CUSTOM (gst/gstquery.h).
type CustomQuery struct {
	queryBase
	QType QueryType // the query type (QueryCustom or one made by MakeQueryType)
	s     *Structure
}

// NewCustomQuery returns a custom query of type typ carrying s (ownership is
// taken; may be nil).
//
// GStreamer: gst_query_new_custom (gst/gstquery.c).
func NewCustomQuery(typ QueryType, s *Structure) *CustomQuery {
	return &CustomQuery{QType: typ, s: s}
}

// Type returns QType.
//
// GStreamer: GST_QUERY_TYPE (gst/gstquery.h).
func (q *CustomQuery) Type() QueryType { return q.QType }

// Structure returns the query's structure.
//
// GStreamer: gst_query_get_structure (gst/gstquery.c).
func (q *CustomQuery) Structure() *Structure { return q.s }

// SetStructure replaces the query's structure.
//
// GStreamer: gst_query_writable_structure (gst/gstquery.c).
func (q *CustomQuery) SetStructure(s *Structure) { q.s = s }

// URIQuery asks for the URI a source or sink reads or writes.
//
// GStreamer: GST_QUERY_URI (gst/gstquery.h).
type URIQuery struct {
	queryBase
	URI                  string // answer: the URI
	Redirection          string // answer: URI the resource redirects to
	RedirectionPermanent bool   // answer: whether the redirection is permanent
}

// NewURIQuery returns an empty URI query.
//
// GStreamer: gst_query_new_uri (gst/gstquery.c).
func NewURIQuery() *URIQuery { return &URIQuery{} }

// Type returns QueryURI.
//
// GStreamer: GST_QUERY_TYPE (gst/gstquery.h).
func (*URIQuery) Type() QueryType { return QueryURI }

// AllocationPool is a buffer pool proposed in an allocation query, with its
// configuration.
//
// GStreamer: the pool entries of GST_QUERY_ALLOCATION (gst/gstquery.c).
type AllocationPool struct {
	Pool       *BufferPool // proposed pool; may be nil (only the sizes are proposed)
	Size       uint        // buffer size (bytes)
	MinBuffers uint        // minimum number of buffers
	MaxBuffers uint        // maximum number of buffers, 0 = unlimited
}

// AllocationMeta is a metadata API supported downstream, with parameters.
//
// GStreamer: the meta entries of GST_QUERY_ALLOCATION (gst/gstquery.c).
type AllocationMeta struct {
	API    string     // meta API name ("GstVideoMetaAPI")
	Params *Structure // optional parameters
}

// AllocationParams are the memory allocation parameters proposed in an
// allocation query.
//
// GStreamer: GstAllocationParams + allocator entry of GST_QUERY_ALLOCATION (gst/gstallocator.h, gst/gstquery.c).
type AllocationParams struct {
	Allocator string // allocator name, "" for the default allocator
	Flags     uint32 // GstMemoryFlags
	Align     uint   // alignment mask (alignment - 1)
	Prefix    uint   // bytes reserved before the data
	Padding   uint   // bytes reserved after the data
}

// AllocationQuery asks downstream how buffers for Caps should be
// allocated; downstream adds pools, metas and allocation params.
//
// GStreamer: GST_QUERY_ALLOCATION (gst/gstquery.h).
type AllocationQuery struct {
	queryBase
	Caps     *Caps              // caps of the buffers
	NeedPool bool               // whether the caller needs a pool proposal
	Pools    []AllocationPool   // answer: proposed pools
	Metas    []AllocationMeta   // answer: supported metas
	Params   []AllocationParams // answer: allocators and their parameters
}

// NewAllocationQuery returns an allocation query for caps.
//
// GStreamer: gst_query_new_allocation (gst/gstquery.c).
func NewAllocationQuery(caps *Caps, needPool bool) *AllocationQuery {
	return &AllocationQuery{Caps: caps, NeedPool: needPool}
}

// AddPool appends a pool proposal.
//
// GStreamer: gst_query_add_allocation_pool (gst/gstquery.c).
func (q *AllocationQuery) AddPool(pool *BufferPool, size, minBuffers, maxBuffers uint) {
	q.Pools = append(q.Pools, AllocationPool{Pool: pool, Size: size, MinBuffers: minBuffers, MaxBuffers: maxBuffers})
}

// AddMeta records that downstream supports the meta api, with optional
// params (copied).
//
// GStreamer: gst_query_add_allocation_meta (gst/gstquery.c).
func (q *AllocationQuery) AddMeta(api string, params *Structure) {
	if params != nil {
		params = params.Copy()
	}
	q.Metas = append(q.Metas, AllocationMeta{API: api, Params: params})
}

// FindMeta returns the index of the first meta entry for api.
//
// GStreamer: gst_query_find_allocation_meta (gst/gstquery.c).
func (q *AllocationQuery) FindMeta(api string) (int, bool) {
	for i, m := range q.Metas {
		if m.API == api {
			return i, true
		}
	}
	return 0, false
}

// RemoveNthMeta removes the meta entry at index i; out-of-range indexes are
// ignored.
//
// GStreamer: gst_query_remove_nth_allocation_meta (gst/gstquery.c).
func (q *AllocationQuery) RemoveNthMeta(i int) {
	if i >= 0 && i < len(q.Metas) {
		q.Metas = append(q.Metas[:i], q.Metas[i+1:]...)
	}
}

// AddParams appends an allocator proposal.
//
// GStreamer: gst_query_add_allocation_param (gst/gstquery.c).
func (q *AllocationQuery) AddParams(p AllocationParams) { q.Params = append(q.Params, p) }

// Type returns QueryAllocation.
//
// GStreamer: GST_QUERY_TYPE (gst/gstquery.h).
func (*AllocationQuery) Type() QueryType { return QueryAllocation }

// PadMode is how a pad is scheduled: not active, pushing or pulling.
//
// GStreamer: GstPadMode (gst/gstpad.h).
type PadMode int

// The pad modes.
//
// GStreamer: GST_PAD_MODE_* (gst/gstpad.h).
const (
	PadModeNone PadMode = 0 // pad is inactive
	PadModePush PadMode = 1 // pad pushes (src) or is pushed to (sink)
	PadModePull PadMode = 2 // pad pulls (sink) or is pulled from (src)
)

// String returns "none", "push" or "pull".
//
// GStreamer: gst_pad_mode_get_name (gst/gstpad.c).
func (m PadMode) String() string {
	switch m {
	case PadModeNone:
		return "none"
	case PadModePush:
		return "push"
	case PadModePull:
		return "pull"
	}
	return "unknown"
}

// SchedulingFlags describe how upstream data can be accessed.
//
// GStreamer: GstSchedulingFlags (gst/gstquery.h).
type SchedulingFlags uint32

// The scheduling flags.
//
// GStreamer: GST_SCHEDULING_FLAG_* (gst/gstquery.h).
const (
	SchedulingFlagSeekable         SchedulingFlags = 1 << 0 // random access is possible
	SchedulingFlagSequential       SchedulingFlags = 1 << 1 // sequential access is best
	SchedulingFlagBandwidthLimited SchedulingFlags = 1 << 2 // seeking is slow (network)
)

// SchedulingQuery asks upstream which scheduling modes it supports.
//
// GStreamer: GST_QUERY_SCHEDULING (gst/gstquery.h).
type SchedulingQuery struct {
	queryBase
	Flags   SchedulingFlags // answer: access flags
	MinSize int             // answer: suggested minimum pull size (bytes)
	MaxSize int             // answer: suggested maximum pull size (bytes), -1 = unlimited
	Align   int             // answer: suggested alignment
	Modes   []PadMode       // answer: supported modes, in order of preference
}

// NewSchedulingQuery returns a scheduling query with no flags, MinSize 1,
// MaxSize -1, Align 0 and no modes.
//
// GStreamer: gst_query_new_scheduling (gst/gstquery.c).
func NewSchedulingQuery() *SchedulingQuery {
	return &SchedulingQuery{MinSize: 1, MaxSize: -1}
}

// AddMode appends a supported scheduling mode.
//
// GStreamer: gst_query_add_scheduling_mode (gst/gstquery.c).
func (q *SchedulingQuery) AddMode(mode PadMode) { q.Modes = append(q.Modes, mode) }

// HasMode reports whether mode is among the answered modes.
//
// GStreamer: gst_query_has_scheduling_mode (gst/gstquery.c).
func (q *SchedulingQuery) HasMode(mode PadMode) bool {
	for _, m := range q.Modes {
		if m == mode {
			return true
		}
	}
	return false
}

// HasModeWithFlags reports whether mode is supported and all of flags are
// set.
//
// GStreamer: gst_query_has_scheduling_mode_with_flags (gst/gstquery.c).
func (q *SchedulingQuery) HasModeWithFlags(mode PadMode, flags SchedulingFlags) bool {
	return q.Flags&flags == flags && q.HasMode(mode)
}

// Type returns QueryScheduling.
//
// GStreamer: GST_QUERY_TYPE (gst/gstquery.h).
func (*SchedulingQuery) Type() QueryType { return QueryScheduling }

// AcceptCapsQuery asks whether a pad accepts Caps.
//
// GStreamer: GST_QUERY_ACCEPT_CAPS (gst/gstquery.h).
type AcceptCapsQuery struct {
	queryBase
	Caps   *Caps // caps to check (fixed)
	Result bool  // answer: whether the caps are accepted
}

// NewAcceptCapsQuery returns an accept-caps query with Result false.
//
// GStreamer: gst_query_new_accept_caps (gst/gstquery.c).
func NewAcceptCapsQuery(caps *Caps) *AcceptCapsQuery { return &AcceptCapsQuery{Caps: caps} }

// Type returns QueryAcceptCaps.
//
// GStreamer: GST_QUERY_TYPE (gst/gstquery.h).
func (*AcceptCapsQuery) Type() QueryType { return QueryAcceptCaps }

// CapsQuery asks which caps a pad can handle, optionally restricted to
// Filter.
//
// GStreamer: GST_QUERY_CAPS (gst/gstquery.h).
type CapsQuery struct {
	queryBase
	Filter *Caps // restrict the answer to these caps; nil = no filter
	Result *Caps // answer: the caps; nil until answered
}

// NewCapsQuery returns a caps query with the given filter (may be nil).
//
// GStreamer: gst_query_new_caps (gst/gstquery.c).
func NewCapsQuery(filter *Caps) *CapsQuery { return &CapsQuery{Filter: filter} }

// Type returns QueryCaps.
//
// GStreamer: GST_QUERY_TYPE (gst/gstquery.h).
func (*CapsQuery) Type() QueryType { return QueryCaps }

// DrainQuery asks downstream to finish using all buffers it received (drop
// references to pooled buffers) before answering.
//
// GStreamer: GST_QUERY_DRAIN (gst/gstquery.h).
type DrainQuery struct{ queryBase }

// NewDrainQuery returns a drain query.
//
// GStreamer: gst_query_new_drain (gst/gstquery.c).
func NewDrainQuery() *DrainQuery { return &DrainQuery{} }

// Type returns QueryDrain.
//
// GStreamer: GST_QUERY_TYPE (gst/gstquery.h).
func (*DrainQuery) Type() QueryType { return QueryDrain }

// ContextQuery asks neighbours for a shared context of ContextType (a GL
// display, an HTTP session...).
//
// GStreamer: GST_QUERY_CONTEXT (gst/gstquery.h).
type ContextQuery struct {
	queryBase
	ContextType string     // the wanted context type
	Context     *Structure // answer: the context's structure; nil until answered
}

// NewContextQuery returns a context query for contextType.
//
// GStreamer: gst_query_new_context (gst/gstquery.c).
func NewContextQuery(contextType string) *ContextQuery {
	return &ContextQuery{ContextType: contextType}
}

// Type returns QueryContext.
//
// GStreamer: GST_QUERY_TYPE (gst/gstquery.h).
func (*ContextQuery) Type() QueryType { return QueryContext }

// BitrateQuery asks downstream for the nominal bitrate.
//
// GStreamer: GST_QUERY_BITRATE (gst/gstquery.h).
type BitrateQuery struct {
	queryBase
	NominalBitrate uint32 // answer: bits per second, 0 if unknown
}

// NewBitrateQuery returns a bitrate query.
//
// GStreamer: gst_query_new_bitrate (gst/gstquery.c).
func NewBitrateQuery() *BitrateQuery { return &BitrateQuery{} }

// Type returns QueryBitrate.
//
// GStreamer: GST_QUERY_TYPE (gst/gstquery.h).
func (*BitrateQuery) Type() QueryType { return QueryBitrate }

// SelectableQuery asks whether an element handles stream selection.
//
// GStreamer: GST_QUERY_SELECTABLE (gst/gstquery.h).
type SelectableQuery struct {
	queryBase
	Selectable bool // answer: whether stream selection is handled
}

// NewSelectableQuery returns a selectable query.
//
// GStreamer: gst_query_new_selectable (gst/gstquery.c).
func NewSelectableQuery() *SelectableQuery { return &SelectableQuery{} }

// Type returns QuerySelectable.
//
// GStreamer: GST_QUERY_TYPE (gst/gstquery.h).
func (*SelectableQuery) Type() QueryType { return QuerySelectable }

// ErrInvalidLatency is wrapped by LatencyQuery.SetLatency when the minimum
// latency is ClockTimeNone.
//
// GStreamer: the g_return_if_fail check of gst_query_set_latency (gst/gstquery.c).
var ErrInvalidLatency = errors.New("gst: minimum latency must be a valid time")

// SetLatency sets the answer of a latency query. It refuses (with an error
// wrapping ErrInvalidLatency) a min of ClockTimeNone, as GStreamer does.
//
// GStreamer: gst_query_set_latency (gst/gstquery.c).
func (q *LatencyQuery) SetLatency(live bool, min, max ClockTime) error {
	if !min.IsValid() {
		return fmt.Errorf("%w (min=%s)", ErrInvalidLatency, min)
	}
	q.Live, q.Min, q.Max = live, min, max
	return nil
}
