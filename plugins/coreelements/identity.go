package coreelements

import (
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gstmini/gstmini/base"
	"github.com/gstmini/gstmini/gst"
)

var identityBufferFlags = &gst.FlagsClass{Name: "GstBufferFlags", Values: []gst.FlagsValue{
	{Value: 0x10, Name: "GST_BUFFER_FLAG_LIVE", Nick: "live"},
	{Value: 0x20, Name: "GST_BUFFER_FLAG_DECODE_ONLY", Nick: "decode-only"},
	{Value: 0x40, Name: "GST_BUFFER_FLAG_DISCONT", Nick: "discont"},
	{Value: 0x80, Name: "GST_BUFFER_FLAG_RESYNC", Nick: "resync"},
	{Value: 0x100, Name: "GST_BUFFER_FLAG_CORRUPTED", Nick: "corrupted"},
	{Value: 0x200, Name: "GST_BUFFER_FLAG_MARKER", Nick: "marker"},
	{Value: 0x400, Name: "GST_BUFFER_FLAG_HEADER", Nick: "header"},
	{Value: 0x800, Name: "GST_BUFFER_FLAG_GAP", Nick: "gap"},
	{Value: 0x1000, Name: "GST_BUFFER_FLAG_DROPPABLE", Nick: "droppable"},
	{Value: 0x2000, Name: "GST_BUFFER_FLAG_DELTA_UNIT", Nick: "delta-unit"},
	{Value: 0x4000, Name: "GST_BUFFER_FLAG_TAG_MEMORY", Nick: "tag-memory"},
	{Value: 0x8000, Name: "GST_BUFFER_FLAG_SYNC_AFTER", Nick: "sync-after"},
	{Value: 0x10000, Name: "GST_BUFFER_FLAG_NON_DROPPABLE", Nick: "non-droppable"},
	{Value: 0x100000, Name: "GST_BUFFER_FLAG_LAST", Nick: "last"},
}}

func identityProperties() []*gst.ParamSpec {
	const rw = gst.ParamReadWrite
	return append(base.TransformProperties(),
		gst.ParamUint("sleep-time", "Sleep time", "Microseconds to sleep between processing", 0, math.MaxUint32, 0, rw),
		gst.ParamInt("error-after", "Error After", "Error after N buffers", -1, math.MaxInt32, -1, rw),
		gst.ParamFloat("drop-probability", "Drop Probability", "The Probability a buffer is dropped", 0, 1, 0, rw),
		gst.ParamFlagsValue("drop-buffer-flags", "Check flags to drop buffers", "Drop buffers with the given flags", identityBufferFlags, 0, rw),
		gst.ParamInt("datarate", "Datarate", "(Re)timestamps buffers with number of bytes per second (0 = inactive)", 0, math.MaxInt32, 0, rw),
		gst.ParamBool("silent", "silent", "silent", true, rw),
		gst.ParamBool("single-segment", "Single Segment", "Timestamp buffers and eat segments so as to appear as one segment", false, rw),
		gst.ParamString("last-message", "last-message", "last-message", "", gst.ParamReadable),
		gst.ParamBool("dump", "Dump", "Dump buffer contents to stdout", false, rw),
		gst.ParamBool("sync", "Synchronize", "Synchronize to pipeline clock", false, rw),
		gst.ParamInt64("ts-offset", "Timestamp offset for synchronisation",
			"Timestamp offset in nanoseconds for synchronisation, negative for earlier sync", math.MinInt64, math.MaxInt64, 0, rw),
		gst.ParamBool("check-imperfect-timestamp", "Check for discontiguous timestamps",
			"Send element messages if timestamps and durations do not match up", false, rw),
		gst.ParamBool("check-imperfect-offset", "Check for discontiguous offset",
			"Send element messages if offset and offset_end do not match up", false, rw),
		gst.ParamBool("signal-handoffs", "Signal handoffs", "Send a signal before pushing the buffer", true, rw),
		gst.ParamBool("drop-allocation", "Drop allocation query", "Don't forward allocation queries", false, rw),
		gst.ParamInt("eos-after", "EOS After", "EOS after N buffers", -1, math.MaxInt32, -1, rw),
		gst.ParamBoxed("stats", "Statistics", "Statistics", "GstStructure", gst.ParamReadable),
	)
}

var (
	identitySinkTemplate = gst.MustNewPadTemplate("sink", gst.PadSink, gst.PadAlways, gst.NewCapsAny())
	identitySrcTemplate  = gst.MustNewPadTemplate("src", gst.PadSrc, gst.PadAlways, gst.NewCapsAny())
)

// IdentityClass is the "identity" element factory.
//
// GStreamer: GstIdentityClass (plugins/elements/gstidentity.c).
var IdentityClass = &gst.ElementClass{
	Name:     "identity",
	TypeName: "GstIdentity",
	Rank:     gst.RankNone,
	Metadata: gst.ElementMetadata{
		LongName:    "Identity",
		Klass:       "Generic",
		Description: "Pass data without modification",
		Author:      "Erik Walthinsen <omega@cse.ogi.edu>",
		DocURI:      "https://gstreamer.freedesktop.org/documentation/coreelements/identity.html",
	},
	PadTemplates: []*gst.PadTemplate{identitySrcTemplate, identitySinkTemplate},
	Properties:   identityProperties(),
	New:          func() gst.Element { return &Identity{} },
	Plugin:       PluginInfo,
}

// IdentityHandoffFunc is called by identity with each buffer before it is
// pushed, when "signal-handoffs" is true. The buffer may not be writable
// (identity works in passthrough); Ref it to keep it. Called from the
// streaming thread.
//
// GStreamer: the GstIdentity::handoff signal (plugins/elements/gstidentity.c).
type IdentityHandoffFunc func(id *Identity, buf *gst.Buffer)

// Identity passes buffers through unchanged (a passthrough base.Transform
// calling TransformIP on every buffer) and optionally checks, drops,
// retimes ("datarate", "single-segment"), synchronises ("sync"), delays,
// errors or ends ("error-after", "eos-after") the stream. With
// "silent=true" (the default) the buffer path does not allocate.
//
// GStreamer: GstIdentity (plugins/elements/gstidentity.c).
type Identity struct {
	base.Transform

	smu             sync.Mutex // settings (the object lock)
	cond            sync.Cond  // on smu: blocked / flushing changes
	sleepTime       uint
	errorAfter      int
	dropProbability float32
	dropFlags       gst.BufferFlags
	datarate        int
	silent          bool
	singleSegment   bool
	dump            bool
	sync            bool
	checkTimestamp  bool
	checkOffset     bool
	signalHandoffs  bool
	dropAllocation  bool
	eosAfter        int
	lastMessage     string
	handoffs        []IdentityHandoffFunc
	dumpOut         io.Writer

	// clock state and ts-offset, under smu
	syncWaiter

	// statistics
	numBytes, numBuffers atomic.Uint64

	// streaming state (sink pad stream lock)
	segment           gst.Segment
	haveSegment       bool
	seekSegment       gst.Segment
	prevTimestamp     gst.ClockTime
	prevDuration      gst.ClockTime
	prevOffset        uint64
	prevOffsetEnd     uint64
	errorAfterCounter int
	eosAfterCounter   int
	offset            uint64

	// plain is true while the settings ask for nothing but counting
	// (silent, no checks, drops, dumps, datarate, sleeps, sync or
	// handoffs): TransformIP then takes no lock. Written under smu.
	plain atomic.Bool
}

// updatePlainLocked recomputes plain; call with smu held after a change.
func (id *Identity) updatePlainLocked() {
	id.plain.Store(!id.checkTimestamp && !id.checkOffset && id.dropProbability == 0 && id.dropFlags == 0 &&
		!id.dump && id.silent && id.datarate == 0 && !(id.signalHandoffs && len(id.handoffs) > 0) &&
		id.sleepTime == 0 && !id.singleSegment && !id.sync)
}

// Constructed chains up to base.Transform and configures passthrough with
// TransformIP on passthrough, gap awareness, the require-clock flag and
// the property defaults.
//
// GStreamer: gst_identity_init (plugins/elements/gstidentity.c).
func (id *Identity) Constructed() error {
	if err := id.Transform.Constructed(); err != nil {
		return err
	}
	id.cond.L = &id.smu
	id.errorAfter, id.errorAfterCounter = -1, -1
	id.eosAfter, id.eosAfterCounter = -1, -1
	id.silent = true
	id.signalHandoffs = true
	id.dumpOut = os.Stdout
	id.updatePlainLocked()
	id.segment.Init(gst.FormatUndefined)
	id.seekSegment.Init(gst.FormatUndefined)
	id.SetGapAware(true)
	id.SetTransformIPOnPassthrough(true)
	id.SetPassthrough(true)
	id.SetElementFlags(gst.ElementFlagRequireClock)
	return nil
}

// ConnectHandoff registers fn to be called with every buffer before it is
// pushed while "signal-handoffs" is true (the default). Safe for
// concurrent use.
//
// GStreamer: g_signal_connect (identity, "handoff", ...) (plugins/elements/gstidentity.c).
func (id *Identity) ConnectHandoff(fn IdentityHandoffFunc) {
	id.smu.Lock()
	id.handoffs = append(id.handoffs, fn)
	id.updatePlainLocked()
	id.smu.Unlock()
}

// SetProperty sets the identity properties ("qos" goes to base.Transform).
// Setting "sync" toggles the provide-clock flag and posts CLOCK_PROVIDE or
// CLOCK_LOST; "datarate" or "single-segment" turn passthrough off.
//
// GStreamer: gst_identity_set_property (plugins/elements/gstidentity.c).
func (id *Identity) SetProperty(name string, v any) error {
	if name == "qos" {
		return id.Transform.SetProperty(name, v)
	}
	var clockMsg gst.Message
	id.smu.Lock()
	switch name {
	case "sleep-time":
		id.sleepTime = v.(uint)
	case "error-after":
		id.errorAfter = v.(int)
	case "drop-probability":
		id.dropProbability = v.(float32)
	case "drop-buffer-flags":
		id.dropFlags = gst.BufferFlags(v.(uint))
	case "datarate":
		id.datarate = v.(int)
	case "silent":
		id.silent = v.(bool)
	case "single-segment":
		id.singleSegment = v.(bool)
	case "dump":
		id.dump = v.(bool)
	case "sync":
		s := v.(bool)
		if s != id.sync {
			id.sync = s
			if s {
				id.SetElementFlags(gst.ElementFlagProvideClock)
				if c := gst.SystemClockObtain(); c != nil {
					clockMsg = gst.NewClockProvideMessage(id, c, true)
				}
			} else {
				id.UnsetElementFlags(gst.ElementFlagProvideClock)
				if c := gst.SystemClockObtain(); c != nil {
					clockMsg = gst.NewClockLostMessage(id, c)
				}
			}
		}
	case "ts-offset":
		id.tsOffset = v.(int64)
	case "check-imperfect-timestamp":
		id.checkTimestamp = v.(bool)
	case "check-imperfect-offset":
		id.checkOffset = v.(bool)
	case "signal-handoffs":
		id.signalHandoffs = v.(bool)
	case "drop-allocation":
		id.dropAllocation = v.(bool)
	case "eos-after":
		id.eosAfter = v.(int)
	default:
		id.smu.Unlock()
		return fmt.Errorf("%w: %q", gst.ErrUnknownProperty, name)
	}
	passthrough := !(id.datarate > 0 || id.singleSegment)
	id.updatePlainLocked()
	id.smu.Unlock()
	id.SetPassthrough(passthrough)
	if clockMsg != nil {
		id.PostMessage(clockMsg)
	}
	return nil
}

// Property returns an identity property value. "stats" is a
// *gst.Structure "application/x-identity-stats" with the uint64 fields
// num-bytes and num-buffers.
//
// GStreamer: gst_identity_get_property (plugins/elements/gstidentity.c).
func (id *Identity) Property(name string) any {
	switch name {
	case "qos":
		return id.Transform.Property(name)
	case "stats":
		return gst.NewStructureSimple("application/x-identity-stats",
			"num-bytes", id.numBytes.Load(), "num-buffers", id.numBuffers.Load())
	}
	id.smu.Lock()
	defer id.smu.Unlock()
	switch name {
	case "sleep-time":
		return id.sleepTime
	case "error-after":
		return id.errorAfter
	case "drop-probability":
		return id.dropProbability
	case "drop-buffer-flags":
		return uint(id.dropFlags)
	case "datarate":
		return id.datarate
	case "silent":
		return id.silent
	case "single-segment":
		return id.singleSegment
	case "last-message":
		return id.lastMessage
	case "dump":
		return id.dump
	case "sync":
		return id.sync
	case "ts-offset":
		return id.tsOffset
	case "check-imperfect-timestamp":
		return id.checkTimestamp
	case "check-imperfect-offset":
		return id.checkOffset
	case "signal-handoffs":
		return id.signalHandoffs
	case "drop-allocation":
		return id.dropAllocation
	case "eos-after":
		return id.eosAfter
	}
	return nil
}

// LastMessage returns the "last-message" property, kept only while
// "silent" is false. Safe for concurrent use.
//
// GStreamer: the "last-message" property (plugins/elements/gstidentity.c).
func (id *Identity) LastMessage() string {
	id.smu.Lock()
	defer id.smu.Unlock()
	return id.lastMessage
}

func (id *Identity) setLastMessage(msg string) {
	id.smu.Lock()
	id.lastMessage = msg
	id.smu.Unlock()
	id.Notify(id, "last-message")
}

func (id *Identity) bufferMessage(action string, buf *gst.Buffer) {
	id.setLastMessage(fmt.Sprintf("%s   ******* (%s) (%d bytes, dts: %s, pts: %s, duration: %s, offset: %d, offset_end: %d, flags: %08x %s, meta: %s) %p",
		action, id.SinkPad(), buf.Size(), fakesrcTimeString(buf.DTS), fakesrcTimeString(buf.PTS), fakesrcTimeString(buf.Duration),
		int64(buf.Offset), int64(buf.OffsetEnd), uint32(buf.Flags), fakesrcFlagsString(buf.Flags), fakesrcMetaString(buf), buf))
}

// ProvideClock returns the system clock while "sync" is true, nil
// otherwise.
//
// GStreamer: gst_identity_provide_clock (plugins/elements/gstidentity.c).
func (id *Identity) ProvideClock() gst.Clock {
	id.smu.Lock()
	s := id.sync
	id.smu.Unlock()
	if !s {
		return nil
	}
	return gst.SystemClockObtain()
}

// Start resets the counters and the imperfection checks. It fails when
// both "eos-after" and "error-after" are set.
//
// GStreamer: gst_identity_start (plugins/elements/gstidentity.c).
func (id *Identity) Start() error {
	id.smu.Lock()
	ea, ra := id.eosAfter, id.errorAfter
	id.smu.Unlock()
	if ea != -1 && ra != -1 {
		return &gst.CoreError{Code: gst.CoreErrorFailed, Msg: "eos-after and error-after can't both be defined."}
	}
	id.offset = 0
	id.prevTimestamp, id.prevDuration = gst.ClockTimeNone, gst.ClockTimeNone
	id.prevOffset, id.prevOffsetEnd = gst.BufferOffsetNone, gst.BufferOffsetNone
	id.errorAfterCounter, id.eosAfterCounter = ra, ea
	id.segment.Init(gst.FormatUndefined)
	id.haveSegment = false
	return nil
}

// Stop clears the last message.
//
// GStreamer: gst_identity_stop (plugins/elements/gstidentity.c).
func (id *Identity) Stop() error {
	id.smu.Lock()
	id.lastMessage = ""
	id.smu.Unlock()
	return nil
}

// doSync waits on the clock until runningTime (plus base time, upstream
// latency and ts-offset) when "sync" is on and the segment is in TIME. It
// blocks while PAUSED and returns gst.ErrFlushing when flushed.
func (id *Identity) doSync(runningTime gst.ClockTime) error {
	id.smu.Lock()
	defer id.smu.Unlock()
	if !id.sync || id.segment.Format != gst.FormatTime {
		return nil
	}
	return id.waitLocked(&id.smu, &id.cond, id, runningTime)
}

// SinkEvent records events in last-message, implements single-segment
// (the first SEGMENT becomes a [0, -1] segment, later ones are eaten, GAP
// timestamps become running times), syncs GAP events and handles
// flushing, then chains up to base.Transform.SinkEvent.
//
// GStreamer: gst_identity_sink_event (plugins/elements/gstidentity.c).
func (id *Identity) SinkEvent(ev gst.Event) bool {
	id.smu.Lock()
	silent, single := id.silent, id.singleSegment
	id.smu.Unlock()
	if !silent {
		id.setLastMessage(fakesrcEventMessage(id.SinkPad(), ev))
	}
	segEv, isSeg := ev.(*gst.SegmentEvent)
	if isSeg {
		if single && !id.haveSegment {
			id.segment = segEv.Segment
			id.haveSegment = true
			news := gst.NewSegment(segEv.Segment.Format)
			id.smu.Lock()
			if id.seekSegment.Format != gst.FormatUndefined {
				news.Time, news.Base = id.seekSegment.Time, id.seekSegment.Base
				id.seekSegment.Init(gst.FormatUndefined)
			}
			id.smu.Unlock()
			nev := gst.NewSegmentEvent(news)
			nev.SetSeqnum(ev.Seqnum())
			id.SrcPad().PushEvent(nev)
		} else {
			id.segment = segEv.Segment
			id.haveSegment = true
		}
	}
	if gap, ok := ev.(*gst.GapEvent); ok && id.haveSegment && id.segment.Format == gst.FormatTime {
		start := gst.ClockTime(id.segment.ToRunningTime(gst.FormatTime, uint64(gap.Timestamp)))
		if start.IsValid() {
			_ = id.doSync(start)
		} else {
			_ = id.doSync(0)
		}
		if single {
			switch {
			case start.IsValid():
				ev = gst.NewGapEvent(start, gap.Duration)
			case gap.Duration.IsValid():
				if in, cs, ce := id.segment.Clip(gst.FormatTime, uint64(gap.Timestamp), uint64(gap.Timestamp+gap.Duration)); in {
					ev = gst.NewGapEvent(gst.ClockTime(cs), gst.ClockTime(ce-cs))
				} else {
					return true
				}
			default:
				return true
			}
		}
	}
	if isSeg {
		id.prevTimestamp, id.prevDuration = gst.ClockTimeNone, gst.ClockTimeNone
		id.prevOffset, id.prevOffsetEnd = gst.BufferOffsetNone, gst.BufferOffsetNone
		if single {
			return true
		}
	}
	switch ev.(type) {
	case *gst.FlushStartEvent:
		id.smu.Lock()
		id.flushing = true
		id.cond.Broadcast()
		if id.clockID != nil {
			id.clockID.Unschedule()
		}
		id.smu.Unlock()
	case *gst.FlushStopEvent:
		id.smu.Lock()
		id.flushing = false
		id.smu.Unlock()
		id.haveSegment = false
	}
	return id.Transform.SinkEvent(ev)
}

// SrcEvent remembers a SEEK's segment for single-segment mode and chains
// up to base.Transform.SrcEvent.
//
// GStreamer: gst_identity_src_event (plugins/elements/gstidentity.c).
func (id *Identity) SrcEvent(ev gst.Event) bool {
	if se, ok := ev.(*gst.SeekEvent); ok {
		id.smu.Lock()
		if id.singleSegment {
			id.seekSegment.Init(se.Format)
			start, stop := uint64(se.Start), uint64(se.Stop)
			if _, err := id.seekSegment.DoSeek(se.Rate, se.Format, se.Flags, se.StartType, start, se.StopType, stop); err != nil {
				id.smu.Unlock()
				return false
			}
		}
		id.smu.Unlock()
	}
	return id.Transform.SrcEvent(ev)
}

func (id *Identity) postImperfect(name string, buf *gst.Buffer, delta *int64) {
	s := gst.NewStructure(name)
	if delta != nil {
		s.Set("delta", *delta)
	}
	s.SetSimple(
		"prev-timestamp", uint64(id.prevTimestamp), "prev-duration", uint64(id.prevDuration),
		"prev-offset", id.prevOffset, "prev-offset-end", id.prevOffsetEnd,
		"cur-timestamp", uint64(buf.PTS), "cur-duration", uint64(buf.Duration),
		"cur-offset", buf.Offset, "cur-offset-end", buf.OffsetEnd)
	id.PostMessage(gst.NewElementMessage(id, s))
}

// TransformIP does identity's work on each buffer: imperfection checks,
// error-after / eos-after, dropping (by probability or flags, pushing a GAP
// instead), dump, last message, datarate timestamps, handoff callbacks,
// clock sync, sleep and single-segment retiming. It allocates nothing
// while "silent" is true and no check or handoff needs to. Called from
// the streaming thread.
//
// GStreamer: gst_identity_transform_ip (plugins/elements/gstidentity.c).
func (id *Identity) TransformIP(buf *gst.Buffer) error {
	if id.plain.Load() && id.errorAfterCounter < 0 && id.eosAfterCounter < 0 {
		// nothing to check, drop, wait for or report: count and go
		id.prevTimestamp, id.prevDuration = buf.PTS, buf.Duration
		id.prevOffsetEnd, id.prevOffset = buf.OffsetEnd, buf.Offset
		size := uint64(buf.Size())
		id.offset += size
		id.numBytes.Add(size)
		id.numBuffers.Add(1)
		return nil
	}
	id.smu.Lock()
	checkTS, checkOff := id.checkTimestamp, id.checkOffset
	dropP, dropFlags := id.dropProbability, id.dropFlags
	dump, silent, datarate := id.dump, id.silent, id.datarate
	handoffs := id.signalHandoffs && len(id.handoffs) > 0
	sleep, single := id.sleepTime, id.singleSegment
	syncOn := id.sync
	id.smu.Unlock()

	size := buf.Size()
	ts := buf.PTS // GST_BUFFER_TIMESTAMP
	if checkTS && ts.IsValid() && id.prevTimestamp.IsValid() && id.prevDuration.IsValid() {
		if dt := int64(gst.ClockDiff(id.prevTimestamp+id.prevDuration, ts)); dt != 0 {
			id.postImperfect("imperfect-timestamp", buf, &dt)
		}
	}
	if checkOff && id.prevOffsetEnd != buf.Offset && id.prevOffsetEnd != gst.BufferOffsetNone && buf.Offset != gst.BufferOffsetNone {
		id.postImperfect("imperfect-offset", buf, nil)
	}
	id.prevTimestamp, id.prevDuration = buf.PTS, buf.Duration
	id.prevOffsetEnd, id.prevOffset = buf.OffsetEnd, buf.Offset

	if id.errorAfterCounter >= 0 {
		id.errorAfterCounter--
		if id.errorAfterCounter == 0 {
			err := &gst.CoreError{Code: gst.CoreErrorFailed, Msg: "Failed after iterations as requested."}
			id.PostError(err, "")
			return gst.NewFlowError(gst.FlowError, "%s: %v", id.Name(), err)
		}
	}
	if id.eosAfterCounter >= 0 {
		id.eosAfterCounter--
		if id.eosAfterCounter == 0 {
			return gst.ErrEOS
		}
	}
	if (dropP > 0 && rand.Float32() < dropP) || (dropFlags != 0 && buf.HasFlags(dropFlags)) {
		if !silent {
			id.bufferMessage("dropping", buf)
		}
		if ts.IsValid() {
			id.SrcPad().PushEvent(gst.NewGapEvent(ts, buf.Duration))
		}
		return base.ErrDropped
	}
	if dump {
		id.smu.Lock()
		w := id.dumpOut
		id.smu.Unlock()
		fakesrcDumpMem(w, buf.Bytes())
	}
	if !silent {
		id.bufferMessage("chain", buf)
	}
	if datarate > 0 {
		t := gst.ClockTime(gst.Uint64ScaleInt(id.offset, int(gst.Second), datarate))
		buf.PTS, buf.DTS = t, t
		buf.Duration = gst.ClockTime(uint64(size) * uint64(gst.Second) / uint64(datarate))
	}
	if handoffs {
		id.smu.Lock()
		fns := id.handoffs
		id.smu.Unlock()
		for _, fn := range fns {
			fn(id, buf)
		}
	}
	runPTS, runDTS := gst.ClockTimeNone, gst.ClockTimeNone
	if id.segment.Format == gst.FormatTime {
		pts, dts := buf.PTS, buf.DTS
		if id.segment.Rate <= 0 && buf.Duration.IsValid() {
			if pts.IsValid() {
				pts += buf.Duration
			}
			if dts.IsValid() {
				dts += buf.Duration
			}
		}
		runPTS = gst.ClockTime(id.segment.ToRunningTime(gst.FormatTime, uint64(pts)))
		runDTS = gst.ClockTime(id.segment.ToRunningTime(gst.FormatTime, uint64(dts)))
	}
	rt := gst.ClockTime(0)
	if runDTS.IsValid() {
		rt = runDTS
	} else if runPTS.IsValid() {
		rt = runPTS
	}
	var err error
	if syncOn { // doSync checks again under its lock; this skips the lock when off
		err = id.doSync(rt)
	}
	id.offset += uint64(size)
	if sleep != 0 && err == nil {
		time.Sleep(time.Duration(sleep) * time.Microsecond)
	}
	if single && id.segment.Format == gst.FormatTime && err == nil {
		buf.DTS, buf.PTS = runDTS, runPTS
		buf.Offset, buf.OffsetEnd = gst.BufferOffsetNone, gst.BufferOffsetNone
	}
	id.numBytes.Add(uint64(buf.Size()))
	id.numBuffers.Add(1)
	return err
}

// AcceptCaps proxies the accept-caps query to the peer of the other pad.
//
// GStreamer: gst_identity_accept_caps (plugins/elements/gstidentity.c).
func (id *Identity) AcceptCaps(dir gst.PadDirection, caps *gst.Caps) bool {
	if dir == gst.PadSrc {
		return id.SinkPad().PeerQueryAcceptCaps(caps)
	}
	return id.SrcPad().PeerQueryAcceptCaps(caps)
}

// SinkQuery is identity's query handler for the sink pad (see SrcQuery).
//
// GStreamer: gst_identity_query (plugins/elements/gstidentity.c).
func (id *Identity) SinkQuery(q gst.Query) bool { return id.query(q, id.Transform.SinkQuery) }

// SrcQuery refuses ALLOCATION with "drop-allocation", and for LATENCY
// records the upstream latency of a live upstream (used by sync) and
// reports live when upstream is live or "sync" is on.
//
// GStreamer: gst_identity_query (plugins/elements/gstidentity.c).
func (id *Identity) SrcQuery(q gst.Query) bool { return id.query(q, id.Transform.SrcQuery) }

func (id *Identity) query(q gst.Query, parent func(gst.Query) bool) bool {
	id.smu.Lock()
	dropAlloc, doSync := id.dropAllocation, id.sync
	id.smu.Unlock()
	if _, ok := q.(*gst.AllocationQuery); ok && dropAlloc {
		return false
	}
	ret := parent(q)
	lq, ok := q.(*gst.LatencyQuery)
	if !ok {
		return ret
	}
	live, min, max := false, gst.ClockTime(0), gst.ClockTime(0)
	if ret {
		live, min, max = lq.Live, lq.Min, lq.Max
		if doSync && max < min {
			id.PostWarning(&gst.CoreError{Code: gst.CoreErrorClock},
				fmt.Sprintf("Impossible to configure latency before identity sync=true: max %v < min %v. Add queues or other buffering elements.", max, min))
		}
	}
	id.smu.Lock()
	if live {
		id.upstreamLatency = min
	} else {
		id.upstreamLatency = 0
		max = gst.ClockTimeNone
	}
	id.smu.Unlock()
	lq.Live, lq.Min, lq.Max = live || doSync, min, max
	return true
}

// ChangeState blocks sync waits while PAUSED, unblocks them in PLAYING,
// flushes them on PAUSED→READY, resets the statistics and returns
// NO_PREROLL for READY→PAUSED and PLAYING→PAUSED when "sync" is on.
//
// GStreamer: gst_identity_change_state (plugins/elements/gstidentity.c).
func (id *Identity) ChangeState(t gst.StateChange) gst.StateChangeReturn {
	noPreroll := false
	switch t {
	case gst.StateChangeReadyToPaused:
		id.smu.Lock()
		id.flushing, id.blocked = false, true
		noPreroll = id.sync
		id.smu.Unlock()
		id.numBytes.Store(0)
		id.numBuffers.Store(0)
	case gst.StateChangePausedToPlaying:
		id.smu.Lock()
		id.blocked = false
		id.cond.Broadcast()
		id.smu.Unlock()
	case gst.StateChangePausedToReady:
		id.smu.Lock()
		id.flushing = true
		if id.clockID != nil {
			id.clockID.Unschedule()
		}
		id.blocked = false
		id.cond.Broadcast()
		id.smu.Unlock()
	}
	ret := id.Transform.ChangeState(t)
	if t == gst.StateChangePlayingToPaused {
		id.smu.Lock()
		id.upstreamLatency = 0
		id.blocked = true
		noPreroll = id.sync
		id.smu.Unlock()
	}
	if noPreroll && ret == gst.StateChangeSuccess {
		ret = gst.StateChangeNoPreroll
	}
	return ret
}
