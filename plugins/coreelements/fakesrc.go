package coreelements

import (
	"context"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"strings"
	"sync"

	"github.com/gstmini/gstmini/base"
	"github.com/gstmini/gstmini/gst"
)

// FakeSrcDataType is how fakesrc allocates buffer data (the "data"
// property).
//
// GStreamer: GstFakeSrcDataType (plugins/elements/gstfakesrc.h).
type FakeSrcDataType int

// The data allocation methods.
//
// GStreamer: FAKE_SRC_DATA_ALLOCATE, FAKE_SRC_DATA_SUBBUFFER (plugins/elements/gstfakesrc.h).
const (
	FakeSrcDataAllocate  FakeSrcDataType = 1 // a new buffer (recycled from a pool when the size is fixed)
	FakeSrcDataSubbuffer FakeSrcDataType = 2 // a region of a parent buffer of "parentsize" bytes
)

// FakeSrcSizeType is how fakesrc chooses buffer sizes (the "sizetype"
// property).
//
// GStreamer: GstFakeSrcSizeType (plugins/elements/gstfakesrc.h).
type FakeSrcSizeType int

// The size types.
//
// GStreamer: FAKE_SRC_SIZETYPE_* (plugins/elements/gstfakesrc.h).
const (
	FakeSrcSizeEmpty  FakeSrcSizeType = 1 // buffers without data
	FakeSrcSizeFixed  FakeSrcSizeType = 2 // buffers of "sizemax" bytes
	FakeSrcSizeRandom FakeSrcSizeType = 3 // sizemin <= size < sizemax
)

// FakeSrcFillType is how fakesrc fills buffer data (the "filltype"
// property).
//
// GStreamer: GstFakeSrcFillType (plugins/elements/gstfakesrc.h).
type FakeSrcFillType int

// The fill types.
//
// GStreamer: FAKE_SRC_FILLTYPE_* (plugins/elements/gstfakesrc.h).
const (
	FakeSrcFillNothing     FakeSrcFillType = 1 // leave the data as allocated (or as last used, for recycled buffers)
	FakeSrcFillZero        FakeSrcFillType = 2 // zeros
	FakeSrcFillRandom      FakeSrcFillType = 3 // random bytes
	FakeSrcFillPattern     FakeSrcFillType = 4 // 0x00, 0x01, ... 0xff, 0x00 ... restarting in every buffer
	FakeSrcFillPatternSpan FakeSrcFillType = 5 // the same pattern continued across buffers
)

var fakesrcDataEnum = &gst.EnumClass{Name: "GstFakeSrcDataType", Values: []gst.EnumValue{
	{Value: 1, Name: "Allocate data", Nick: "allocate"},
	{Value: 2, Name: "Subbuffer data", Nick: "subbuffer"},
}}

var fakesrcSizeTypeEnum = &gst.EnumClass{Name: "GstFakeSrcSizeType", Values: []gst.EnumValue{
	{Value: 1, Name: "Send empty buffers", Nick: "empty"},
	{Value: 2, Name: "Fixed size buffers (sizemax sized)", Nick: "fixed"},
	{Value: 3, Name: "Random sized buffers (sizemin <= size <= sizemax)", Nick: "random"},
}}

var fakesrcFillTypeEnum = &gst.EnumClass{Name: "GstFakeSrcFillType", Values: []gst.EnumValue{
	{Value: 1, Name: "Leave data as malloced", Nick: "nothing"},
	{Value: 2, Name: "Fill buffers with zeros", Nick: "zero"},
	{Value: 3, Name: "Fill buffers with random data", Nick: "random"},
	{Value: 4, Name: "Fill buffers with pattern 0x00 -> 0xff", Nick: "pattern"},
	{Value: 5, Name: "Fill buffers with pattern 0x00 -> 0xff that spans buffers", Nick: "pattern-span"},
}}

var fakesrcFormatEnum = &gst.EnumClass{Name: "GstFormat", Values: []gst.EnumValue{
	{Value: 0, Name: "GST_FORMAT_UNDEFINED", Nick: "undefined"},
	{Value: 1, Name: "GST_FORMAT_DEFAULT", Nick: "default"},
	{Value: 2, Name: "GST_FORMAT_BYTES", Nick: "bytes"},
	{Value: 3, Name: "GST_FORMAT_TIME", Nick: "time"},
	{Value: 4, Name: "GST_FORMAT_BUFFERS", Nick: "buffers"},
	{Value: 5, Name: "GST_FORMAT_PERCENT", Nick: "percent"},
}}

// Defaults of the fakesrc properties.
//
// GStreamer: DEFAULT_* (plugins/elements/gstfakesrc.c).
const (
	fakesrcDefaultSizeMin    = 0
	fakesrcDefaultSizeMax    = 4096
	fakesrcDefaultParentSize = 4096 * 10
)

func fakesrcProperties() []*gst.ParamSpec {
	const rw = gst.ParamReadWrite
	props := base.SrcProperties()
	return append(props,
		gst.ParamEnum("data", "data", "Data allocation method", fakesrcDataEnum, int(FakeSrcDataAllocate), rw),
		gst.ParamEnum("sizetype", "sizetype", "How to determine buffer sizes", fakesrcSizeTypeEnum, int(FakeSrcSizeEmpty), rw),
		gst.ParamInt("sizemin", "sizemin", "Minimum buffer size", 0, math.MaxInt32, fakesrcDefaultSizeMin, rw),
		gst.ParamInt("sizemax", "sizemax", "Maximum buffer size", 0, math.MaxInt32, fakesrcDefaultSizeMax, rw),
		gst.ParamInt("parentsize", "parentsize", "Size of parent buffer for sub-buffered allocation", 0, math.MaxInt32, fakesrcDefaultParentSize, rw),
		gst.ParamEnum("filltype", "filltype", "How to fill the buffer, if at all", fakesrcFillTypeEnum, int(FakeSrcFillNothing), rw),
		gst.ParamInt("datarate", "Datarate", "Timestamps buffers with number of bytes per second (0 = none)", 0, math.MaxInt32, 0, rw),
		gst.ParamBool("sync", "Sync", "Sync to the clock to the datarate", false, rw),
		gst.ParamString("pattern", "pattern", "Set the pattern (unused)", "", rw),
		gst.ParamString("last-message", "last-message", "The last status message", "", gst.ParamReadable),
		gst.ParamBool("silent", "Silent", "Don't produce last_message events", true, rw),
		gst.ParamBool("signal-handoffs", "Signal handoffs", "Send a signal before pushing the buffer", false, rw),
		gst.ParamBool("dump", "Dump", "Dump buffer contents to stdout", false, rw),
		gst.ParamBool("can-activate-push", "Can activate push", "Can activate in push mode", true, rw|gst.ParamConstruct),
		gst.ParamBool("can-activate-pull", "Can activate pull", "Can activate in pull mode", true, rw|gst.ParamConstruct),
		gst.ParamBool("is-live", "Is this a live source", "True if the element cannot produce data in PAUSED", false, rw|gst.ParamConstruct),
		gst.ParamEnum("format", "Format", "The format of the segment events", fakesrcFormatEnum, int(gst.FormatBytes), rw),
	)
}

var fakesrcSrcTemplate = gst.MustNewPadTemplate("src", gst.PadSrc, gst.PadAlways, gst.NewCapsAny())

// FakeSrcClass is the "fakesrc" element factory.
//
// GStreamer: GstFakeSrcClass (plugins/elements/gstfakesrc.c).
var FakeSrcClass = &gst.ElementClass{
	Name:     "fakesrc",
	TypeName: "GstFakeSrc",
	Rank:     gst.RankNone,
	Metadata: gst.ElementMetadata{
		LongName:    "Fake Source",
		Klass:       "Source",
		Description: "Push empty (no data) buffers around",
		Author:      "Erik Walthinsen <omega@cse.ogi.edu>, Wim Taymans <wim@fluendo.com>",
		DocURI:      "https://gstreamer.freedesktop.org/documentation/coreelements/fakesrc.html",
	},
	PadTemplates: []*gst.PadTemplate{fakesrcSrcTemplate},
	Properties:   fakesrcProperties(),
	New:          func() gst.Element { return &FakeSrc{} },
	Plugin:       PluginInfo,
}

// FakeSrcHandoffFunc is called by fakesrc with each buffer before it is
// pushed, when "signal-handoffs" is true. The buffer belongs to fakesrc:
// the callback may read or change it but must Ref it to keep it. Called
// from the streaming thread.
//
// GStreamer: the GstFakeSrc::handoff signal (plugins/elements/gstfakesrc.c).
type FakeSrcHandoffFunc func(src *FakeSrc, buf *gst.Buffer, pad *gst.Pad)

// FakeSrc is a source that pushes empty or generated buffers: a test and
// benchmark tool. It is a base.Src in BYTES format by default; with the
// default "data=allocate" and a fixed size ("sizetype" empty or fixed)
// buffers come from a pool and are recycled, so the steady state does not
// allocate. Properties are those of GStreamer's fakesrc (see
// gst-inspect-1.0 fakesrc); "output" is not implemented in GStreamer 1.22
// either and does not exist.
//
// GStreamer: GstFakeSrc (plugins/elements/gstfakesrc.c).
type FakeSrc struct {
	base.Src

	smu             sync.Mutex // settings
	data            FakeSrcDataType
	sizeType        FakeSrcSizeType
	sizeMin         int
	sizeMax         int
	parentSize      int
	fillType        FakeSrcFillType
	datarate        int
	sync            bool
	pattern         string
	silent          bool
	signalHandoffs  bool
	dump            bool
	canActivatePush bool
	canActivatePull bool
	format          gst.Format
	lastMessage     string
	handoffs        []FakeSrcHandoffFunc
	dumpOut         io.Writer

	// streaming state, used by Create on the streaming thread only
	pool        *gst.BufferPool
	poolSize    int
	parent      *gst.Buffer
	parentOff   int
	patternByte byte
	bytesSent   uint64
}

// Constructed chains up to base.Src and sets the property defaults.
//
// GStreamer: gst_fake_src_init (plugins/elements/gstfakesrc.c).
func (s *FakeSrc) Constructed() error {
	if err := s.Src.Constructed(); err != nil {
		return err
	}
	s.data = FakeSrcDataAllocate
	s.sizeType = FakeSrcSizeEmpty
	s.sizeMin = fakesrcDefaultSizeMin
	s.sizeMax = fakesrcDefaultSizeMax
	s.parentSize = fakesrcDefaultParentSize
	s.fillType = FakeSrcFillNothing
	s.silent = true
	s.canActivatePush = true
	s.canActivatePull = true
	s.format = gst.FormatBytes
	s.dumpOut = os.Stdout
	return nil
}

// ConnectHandoff registers fn to be called with every buffer before it is
// pushed while "signal-handoffs" is true. Safe for concurrent use.
//
// GStreamer: g_signal_connect (fakesrc, "handoff", ...) (plugins/elements/gstfakesrc.c).
func (s *FakeSrc) ConnectHandoff(fn FakeSrcHandoffFunc) {
	s.smu.Lock()
	s.handoffs = append(s.handoffs, fn)
	s.smu.Unlock()
}

// SetProperty sets the fakesrc properties and chains up to base.Src for
// the others. Values have been validated against the ParamSpecs.
//
// GStreamer: gst_fake_src_set_property (plugins/elements/gstfakesrc.c).
func (s *FakeSrc) SetProperty(name string, v any) error {
	switch name {
	case "is-live":
		s.SetLive(v.(bool))
		return nil
	case "blocksize", "num-buffers", "typefind", "do-timestamp", "automatic-eos":
		return s.Src.SetProperty(name, v)
	}
	s.smu.Lock()
	defer s.smu.Unlock()
	switch name {
	case "data":
		s.data = FakeSrcDataType(v.(int))
	case "sizetype":
		s.sizeType = FakeSrcSizeType(v.(int))
	case "sizemin":
		s.sizeMin = v.(int)
	case "sizemax":
		s.sizeMax = v.(int)
	case "parentsize":
		s.parentSize = v.(int)
	case "filltype":
		s.fillType = FakeSrcFillType(v.(int))
	case "datarate":
		s.datarate = v.(int)
	case "sync":
		s.sync = v.(bool)
	case "pattern":
		s.pattern = v.(string)
	case "silent":
		s.silent = v.(bool)
	case "signal-handoffs":
		s.signalHandoffs = v.(bool)
	case "dump":
		s.dump = v.(bool)
	case "can-activate-push":
		s.canActivatePush = v.(bool)
	case "can-activate-pull":
		s.canActivatePull = v.(bool)
	case "format":
		s.format = gst.Format(v.(int))
	default:
		return fmt.Errorf("%w: %q", gst.ErrUnknownProperty, name)
	}
	return nil
}

// Property returns a fakesrc property value (base.Src's for its own
// names).
//
// GStreamer: gst_fake_src_get_property (plugins/elements/gstfakesrc.c).
func (s *FakeSrc) Property(name string) any {
	switch name {
	case "is-live":
		return s.IsLive()
	case "blocksize", "num-buffers", "typefind", "do-timestamp", "automatic-eos":
		return s.Src.Property(name)
	}
	s.smu.Lock()
	defer s.smu.Unlock()
	switch name {
	case "data":
		return int(s.data)
	case "sizetype":
		return int(s.sizeType)
	case "sizemin":
		return s.sizeMin
	case "sizemax":
		return s.sizeMax
	case "parentsize":
		return s.parentSize
	case "filltype":
		return int(s.fillType)
	case "datarate":
		return s.datarate
	case "sync":
		return s.sync
	case "pattern":
		return s.pattern
	case "last-message":
		return s.lastMessage
	case "silent":
		return s.silent
	case "signal-handoffs":
		return s.signalHandoffs
	case "dump":
		return s.dump
	case "can-activate-push":
		return s.canActivatePush
	case "can-activate-pull":
		return s.canActivatePull
	case "format":
		return int(s.format)
	}
	return nil
}

// LastMessage returns the "last-message" property: a description of the
// last event or buffer, kept only while "silent" is false. Safe for
// concurrent use.
//
// GStreamer: the "last-message" property (plugins/elements/gstfakesrc.c).
func (s *FakeSrc) LastMessage() string {
	s.smu.Lock()
	defer s.smu.Unlock()
	return s.lastMessage
}

func (s *FakeSrc) setLastMessage(msg string) {
	s.smu.Lock()
	s.lastMessage = msg
	s.smu.Unlock()
	s.Notify(s, "last-message")
}

// IsSeekable reports "can-activate-pull": fakesrc can be seeked (and
// pulled from) exactly when pull mode is allowed.
//
// GStreamer: gst_fake_src_is_seekable (plugins/elements/gstfakesrc.c).
func (s *FakeSrc) IsSeekable() bool {
	s.smu.Lock()
	defer s.smu.Unlock()
	return s.canActivatePull
}

// Start resets the fill pattern and byte count and applies "format" to the
// segment. Called on READY→PAUSED.
//
// GStreamer: gst_fake_src_start (plugins/elements/gstfakesrc.c).
func (s *FakeSrc) Start() error {
	s.patternByte = 0
	s.bytesSent = 0
	s.smu.Lock()
	f := s.format
	s.smu.Unlock()
	s.SetFormat(f)
	return nil
}

// Stop drops the parent buffer, the buffer pool and the last message.
// Called on PAUSED→READY.
//
// GStreamer: gst_fake_src_stop (plugins/elements/gstfakesrc.c).
func (s *FakeSrc) Stop() error {
	s.smu.Lock()
	if s.parent != nil {
		s.parent.Unref()
		s.parent = nil
	}
	s.lastMessage = ""
	s.smu.Unlock()
	if s.pool != nil {
		_ = s.pool.SetActive(false)
		s.pool = nil
	}
	return nil
}

// Event records the event in "last-message" when not silent and chains up
// to base.Src.Event.
//
// GStreamer: gst_fake_src_event_handler (plugins/elements/gstfakesrc.c).
func (s *FakeSrc) Event(ev gst.Event) bool {
	s.smu.Lock()
	silent := s.silent
	s.smu.Unlock()
	if !silent {
		s.setLastMessage(fakesrcEventMessage(s.SrcPad(), ev))
	}
	return s.Src.Event(ev)
}

// Times returns the buffer's DTS (or PTS) and end time when "sync" is true,
// ClockTimeNone otherwise.
//
// GStreamer: gst_fake_src_get_times (plugins/elements/gstfakesrc.c).
func (s *FakeSrc) Times(buf *gst.Buffer) (start, end gst.ClockTime) {
	s.smu.Lock()
	doSync := s.sync
	s.smu.Unlock()
	start, end = gst.ClockTimeNone, gst.ClockTimeNone
	if !doSync {
		return start, end
	}
	ts := buf.DTS
	if !ts.IsValid() {
		ts = buf.PTS
	}
	if ts.IsValid() {
		if buf.Duration.IsValid() {
			end = ts + buf.Duration
		}
		start = ts
	}
	return start, end
}

// fakesrcSettings is the copy of the settings Create works with.
type fakesrcSettings struct {
	data                   FakeSrcDataType
	sizeType               FakeSrcSizeType
	sizeMin, sizeMax       int
	parentSize             int
	fillType               FakeSrcFillType
	datarate               int
	silent, handoffs, dump bool
	sync                   bool
}

// Create makes the next buffer: its size from "sizetype", data as
// "data" and "filltype" say, offset set to offset, timestamps from
// "datarate" (or the clock for a live source), then the last message,
// dump and handoff callbacks. Called from the streaming thread.
//
// GStreamer: gst_fake_src_create (plugins/elements/gstfakesrc.c).
func (s *FakeSrc) Create(ctx context.Context, offset uint64, length uint) (*gst.Buffer, error) {
	s.smu.Lock()
	st := fakesrcSettings{
		data: s.data, sizeType: s.sizeType, sizeMin: s.sizeMin, sizeMax: s.sizeMax,
		parentSize: s.parentSize, fillType: s.fillType, datarate: s.datarate,
		silent: s.silent, handoffs: s.signalHandoffs, dump: s.dump, sync: s.sync,
	}
	s.smu.Unlock()

	size := s.size(&st)
	buf, err := s.createBuffer(&st, size)
	if err != nil {
		return nil, err
	}
	buf.Offset = offset
	ts := gst.ClockTimeNone
	switch {
	case st.datarate > 0:
		ts = gst.ClockTime(gst.Uint64ScaleInt(s.bytesSent, int(gst.Second), st.datarate))
		buf.Duration = gst.ClockTime(gst.Uint64ScaleInt(uint64(size), int(gst.Second), st.datarate))
	case s.IsLive():
		if clock := s.Clock(); clock != nil {
			ts = clock.Time() - s.BaseTime()
		}
	}
	buf.DTS, buf.PTS = ts, ts
	if st.dump {
		s.smu.Lock()
		w := s.dumpOut
		s.smu.Unlock()
		fakesrcDumpMem(w, buf.Bytes())
	}
	if !st.silent {
		s.setLastMessage(fmt.Sprintf("create   ******* (%s) (%d bytes, dts: %s, pts:%s, duration: %s, offset: %d, offset_end: %d, flags: %08x %s) %p",
			s.SrcPad(), size, fakesrcTimeString(buf.DTS), fakesrcTimeString(buf.PTS), fakesrcTimeString(buf.Duration),
			int64(buf.Offset), int64(buf.OffsetEnd), uint32(buf.Flags), fakesrcFlagsString(buf.Flags), buf))
	}
	if st.handoffs {
		s.smu.Lock()
		fns := s.handoffs
		s.smu.Unlock()
		for _, fn := range fns {
			fn(s, buf, s.SrcPad())
		}
	}
	s.bytesSent += uint64(size)
	if st.sync {
		if err := s.waitClock(ctx, buf); err != nil {
			buf.Unref()
			return nil, err
		}
	}
	return buf, nil
}

// waitClock waits until the running time of the buffer's start (see Times)
// on the element's clock; it returns gst.ErrFlushing when ctx is cancelled
// first. Without a clock it returns at once.
func (s *FakeSrc) waitClock(ctx context.Context, buf *gst.Buffer) error {
	start, _ := s.Times(buf)
	clock := s.Clock()
	if !start.IsValid() || clock == nil {
		return nil
	}
	seg := s.Segment()
	rt := uint64(start)
	if seg.Format == gst.FormatTime {
		rt = seg.ToRunningTime(gst.FormatTime, uint64(start))
		if rt == ^uint64(0) {
			return nil
		}
	}
	id := clock.NewSingleShotID(gst.ClockTime(rt) + s.BaseTime())
	stop := context.AfterFunc(ctx, id.Unschedule)
	ret, _ := id.Wait()
	stop()
	if ret == gst.ClockUnscheduled || ctx.Err() != nil {
		return gst.ErrFlushing
	}
	return nil
}

// size is gst_fake_src_get_size.
func (s *FakeSrc) size(st *fakesrcSettings) int {
	switch st.sizeType {
	case FakeSrcSizeFixed:
		return st.sizeMax
	case FakeSrcSizeRandom:
		// g_random_int_range: [min, max)
		if st.sizeMax <= st.sizeMin {
			return st.sizeMin
		}
		return st.sizeMin + rand.IntN(st.sizeMax-st.sizeMin)
	}
	return 0
}

// createBuffer is gst_fake_src_create_buffer.
func (s *FakeSrc) createBuffer(st *fakesrcSettings, size int) (*gst.Buffer, error) {
	if st.data == FakeSrcDataSubbuffer {
		return s.subBuffer(st, size)
	}
	if st.sizeType != FakeSrcSizeRandom {
		buf, err := s.pooledBuffer(size)
		if err != nil {
			return nil, err
		}
		if size > 0 && st.fillType != FakeSrcFillNothing {
			s.fillBuffer(st, buf)
		}
		return buf, nil
	}
	buf := gst.NewBufferAllocate(size)
	if size > 0 && st.fillType != FakeSrcFillNothing && st.fillType != FakeSrcFillZero {
		s.fillBuffer(st, buf)
	}
	return buf, nil
}

// pooledBuffer takes a buffer of size bytes from the element's pool,
// (re)creating the pool when the size changed.
func (s *FakeSrc) pooledBuffer(size int) (*gst.Buffer, error) {
	if s.pool == nil || s.poolSize != size {
		if s.pool != nil {
			_ = s.pool.SetActive(false)
		}
		p := gst.NewBufferPool()
		cfg := p.Config()
		cfg.Size, cfg.MinBuffers, cfg.MaxBuffers = uint(size), 0, 0
		if err := p.SetConfig(cfg); err != nil {
			return nil, gst.NewFlowError(gst.FlowError, "%s: configuring buffer pool: %v", s.Name(), err)
		}
		if err := p.SetActive(true); err != nil {
			return nil, gst.NewFlowError(gst.FlowError, "%s: activating buffer pool: %v", s.Name(), err)
		}
		s.pool, s.poolSize = p, size
	}
	return s.pool.AcquireBuffer(nil)
}

// subBuffer returns a copy of the next size bytes of the parent buffer,
// allocating a new parent when the current one is used up.
func (s *FakeSrc) subBuffer(st *fakesrcSettings, size int) (*gst.Buffer, error) {
	s.smu.Lock()
	defer s.smu.Unlock()
	if s.parent == nil || st.parentSize-s.parentOff < size {
		if s.parent != nil {
			s.parent.Unref()
		}
		s.parent = gst.NewBufferAllocate(max(st.parentSize, size))
		s.parentOff = 0
	}
	buf, err := s.parent.CopyRegion(gst.BufferCopyAll, s.parentOff, size)
	if err != nil {
		return nil, &gst.ResourceError{Code: gst.ResourceErrorBusy, Msg: "Failed to create a buffer", Err: err}
	}
	s.parentOff += size
	if size > 0 {
		s.fillBuffer(st, buf)
	}
	return buf, nil
}

// fillBuffer is gst_fake_src_prepare_buffer.
func (s *FakeSrc) fillBuffer(st *fakesrcSettings, buf *gst.Buffer) {
	switch st.fillType {
	case FakeSrcFillNothing:
		return
	case FakeSrcFillZero:
		buf.Memset(0, 0, buf.Size())
		return
	}
	info, ok := buf.Map(gst.MapWrite)
	if !ok {
		return
	}
	data := info.Data
	switch st.fillType {
	case FakeSrcFillRandom:
		for i := range data {
			data[i] = byte(rand.Uint32())
		}
	case FakeSrcFillPattern, FakeSrcFillPatternSpan:
		if st.fillType == FakeSrcFillPattern {
			s.patternByte = 0
		}
		p := s.patternByte
		for i := range data {
			data[i] = p
			p++
		}
		s.patternByte = p
	}
	buf.Unmap(&info)
}

// ---------------------------------------------------------------------------
// Helpers shared by the elements of this file set (fakesrc, fakesink,
// identity): last-message formatting and memory dumps.

// fakesrcTimeString prints a time as GST_TIME_FORMAT, or "none".
func fakesrcTimeString(t gst.ClockTime) string {
	if !t.IsValid() {
		return "none"
	}
	return t.String()
}

// fakesrcFlagNames are the names gst_buffer_get_flags_string prints, by
// bit, starting at bit 4 (GST_MINI_OBJECT_FLAG_LAST).
var fakesrcFlagNames = [...]string{"live", "decode-only", "discont", "resync", "corrupted",
	"marker", "header", "gap", "droppable", "delta-unit", "tag-memory", "sync-after", "non-droppable", "FIXME"}

// fakesrcFlagsString is gst_buffer_get_flags_string: the names of the set
// flags, each followed by a space.
func fakesrcFlagsString(f gst.BufferFlags) string {
	var b strings.Builder
	for i, n := range fakesrcFlagNames {
		if f&(1<<(i+4)) != 0 {
			b.WriteString(n)
			b.WriteByte(' ')
		}
	}
	return b.String()
}

// fakesrcMetaString is gst_buffer_get_meta_string: the meta
// implementation names joined with ", ", or "none".
func fakesrcMetaString(buf *gst.Buffer) string {
	var names []string
	buf.ForeachMeta(func(m gst.Meta) (bool, bool) {
		if info := m.MetaInfo(); info != nil {
			names = append(names, info.Impl)
		}
		return false, true
	})
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
}

// fakesrcEventMessage is the last-message text of an event.
func fakesrcEventMessage(pad *gst.Pad, ev gst.Event) string {
	sstr := ""
	if st := ev.Structure(); st != nil {
		sstr = st.String()
	}
	return fmt.Sprintf("event   ******* (%s) E (type: %s (%d), %s) %p", pad, ev.Type(), uint32(ev.Type()), sstr, ev)
}

// fakesrcDumpMem is gst_util_dump_mem: a hex dump of data, 16 bytes a line.
func fakesrcDumpMem(w io.Writer, data []byte) {
	if w == nil {
		return
	}
	var hex, chars strings.Builder
	j := 0
	for i := 0; i < len(data); {
		c := data[i]
		if c >= 0x20 && c < 0x7f {
			chars.WriteByte(c)
		} else {
			chars.WriteByte('.')
		}
		fmt.Fprintf(&hex, "%02x ", c)
		j++
		i++
		if j == 16 || i == len(data) {
			fmt.Fprintf(w, "%08x (%p): %-48.48s %-16.16s\n", i-j, &data[i-j], hex.String(), chars.String())
			hex.Reset()
			chars.Reset()
			j = 0
		}
	}
}
