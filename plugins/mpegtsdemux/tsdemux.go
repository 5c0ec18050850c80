package mpegtsdemux

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math"
	"sync"

	"github.com/asticode/go-astits"
	"github.com/bluenviron/mediacommon/v2/pkg/codecs/h264"

	"github.com/gstmini/gstmini/base"
	"github.com/gstmini/gstmini/gst"
)

// Property defaults of tsdemux.
//
// GStreamer: DEFAULT_* (gst/mpegtsdemux/tsdemux.c and mpegtsbase.c, gst-plugins-bad).
const (
	DefaultTSDemuxEmitStats            = false
	DefaultTSDemuxIgnorePCR            = false
	DefaultTSDemuxLatency              = 700
	DefaultTSDemuxParsePrivateSections = true
	DefaultTSDemuxProgramNumber        = -1
	DefaultTSDemuxSendSCTE35Events     = false
)

const (
	tsdemuxPacketSize = 188
	tsdemuxSync       = 0x47
	tsdemuxWrap       = int64(1) << 33
)

// The pad templates of tsdemux, as gst-inspect-1.0 tsdemux shows them.
var (
	tsdemuxSinkTemplate = gst.MustNewPadTemplate("sink", gst.PadSink, gst.PadAlways,
		gst.MustParseCaps("video/mpegts, systemstream=(boolean)true"))
	tsdemuxVideoTemplate = gst.MustNewPadTemplate("video_%01x_%05x", gst.PadSrc, gst.PadSometimes, gst.MustParseCaps(
		"video/mpeg, mpegversion=(int){ 1, 2, 4 }, systemstream=(boolean)false; "+
			"video/x-h264, stream-format=(string)byte-stream; video/x-h265, stream-format=(string)byte-stream; "+
			"video/x-dirac; video/x-cavs; video/x-wmv, wmvversion=(int)3, format=(string)WVC1; image/x-jpc"))
	tsdemuxAudioTemplate = gst.MustNewPadTemplate("audio_%01x_%05x", gst.PadSrc, gst.PadSometimes, gst.MustParseCaps(
		"audio/mpeg, mpegversion=(int)1; audio/mpeg, mpegversion=(int){ 2, 4 }, stream-format=(string)adts; "+
			"audio/mpeg, mpegversion=(int)4, stream-format=(string)loas; "+
			"audio/x-lpcm, width=(int){ 16, 20, 24 }, rate=(int){ 48000, 96000 }, channels=(int)[ 1, 8 ], dynamic_range=(int)[ 0, 255 ], emphasis=(boolean){ false, true }, mute=(boolean){ false, true }; "+
			"audio/x-ac3; audio/x-eac3; audio/x-ac4; audio/x-dts; audio/x-opus; audio/x-private-ts-lpcm"))
	tsdemuxPrivateTemplate    = gst.MustNewPadTemplate("private_%01x_%05x", gst.PadSrc, gst.PadSometimes, gst.NewCapsAny())
	tsdemuxSubpictureTemplate = gst.MustNewPadTemplate("subpicture_%01x_%05x", gst.PadSrc, gst.PadSometimes,
		gst.MustParseCaps("subpicture/x-pgs; subpicture/x-dvd; subpicture/x-dvb"))
)

var tsdemuxPlugin = &gst.PluginInfo{
	Name:        "mpegtsdemux",
	Description: "MPEG TS demuxer",
	Version:     "1.22.0",
	License:     "LGPL",
	Source:      "gst-plugins-bad",
	Package:     "GstMini",
	Origin:      "https://github.com/gstmini/gstmini",
}

func tsdemuxProperties() []*gst.ParamSpec {
	rw := gst.ParamReadWrite
	return append(gst.ObjectProperties(),
		gst.ParamBool("parse-private-sections", "Parse private sections", "Parse private sections", DefaultTSDemuxParsePrivateSections, rw),
		gst.ParamInt("program-number", "Program number", "Program Number to demux for (-1 to ignore)", -1, math.MaxInt32, DefaultTSDemuxProgramNumber, rw),
		gst.ParamBool("emit-stats", "Emit statistics", "Emit messages for every pcr/opcr/pts/dts", DefaultTSDemuxEmitStats, rw),
		gst.ParamInt("latency", "Latency", "Latency to add for smooth demuxing (in ms)", -1, math.MaxInt32, DefaultTSDemuxLatency, rw),
		gst.ParamBool("send-scte35-events", "Send SCTE 35 events", "Whether SCTE 35 sections should be forwarded as events", DefaultTSDemuxSendSCTE35Events, rw),
		gst.ParamBool("ignore-pcr", "Ignore PCR stream for timing", "Ignore PCR stream for timing", DefaultTSDemuxIgnorePCR, rw),
	)
}

// TSDemuxClass is the class (factory) of the tsdemux element.
//
// GStreamer: GstTSDemuxClass (gst/mpegtsdemux/tsdemux.c, gst-plugins-bad).
var TSDemuxClass = &gst.ElementClass{
	Name:     "tsdemux",
	TypeName: "GstTSDemux",
	Rank:     gst.RankPrimary,
	Metadata: gst.ElementMetadata{
		LongName:    "MPEG transport stream demuxer",
		Klass:       "Codec/Demuxer",
		Description: "Demuxes MPEG2 transport streams",
		Author:      "Zaheer Abbas Merali <zaheerabbas at merali dot org>\nEdward Hervey <edward.hervey@collabora.co.uk>",
		DocURI:      "https://gstreamer.freedesktop.org/documentation/mpegtsdemux/tsdemux.html",
	},
	PadTemplates: []*gst.PadTemplate{tsdemuxAudioTemplate, tsdemuxPrivateTemplate, tsdemuxSinkTemplate, tsdemuxSubpictureTemplate, tsdemuxVideoTemplate},
	Properties:   tsdemuxProperties(),
	New:          func() gst.Element { return &TSDemux{} },
	Plugin:       tsdemuxPlugin,
}

type tsdemuxSettings struct {
	parsePrivate  bool
	programNumber int
	emitStats     bool
	latency       int
	sendSCTE35    bool
	ignorePCR     bool
}

// tsdemuxStream is one elementary stream of the program.
type tsdemuxStream struct {
	pid         uint16
	streamType  astits.StreamType
	isVideo     bool
	caps        *gst.Caps
	pad         *gst.Pad
	needSegment bool
	discont     bool
}

// errTSDemuxNeedData ends a demuxing round: the feeder has less than a
// packet.
var errTSDemuxNeedData = errors.New("tsdemux: need more data")

// tsdemuxFeeder is the io.Reader astits reads packets from: the bytes
// pushed so far, resynchronised on the sync byte. It answers
// errTSDemuxNeedData (or io.EOF after EOS) when less than a packet is
// left, always on a packet boundary, so the demuxer can resume later.
type tsdemuxFeeder struct {
	buf     []byte
	off     int
	eos     bool
	skipped int
}

func (f *tsdemuxFeeder) push(data []byte) {
	if f.off > 0 && f.off >= len(f.buf)/2 {
		n := copy(f.buf, f.buf[f.off:])
		f.buf = f.buf[:n]
		f.off = 0
	}
	f.buf = append(f.buf, data...)
}

func (f *tsdemuxFeeder) reset() { f.buf, f.off, f.eos, f.skipped = f.buf[:0], 0, false, 0 }

// Read gives exactly one packet (astits asks for 188 bytes).
func (f *tsdemuxFeeder) Read(p []byte) (int, error) {
	for {
		data := f.buf[f.off:]
		if len(data) < tsdemuxPacketSize {
			if f.eos {
				return 0, io.EOF
			}
			return 0, errTSDemuxNeedData
		}
		// resync: a packet starts with 0x47 and is followed by another
		// one (when the next packet is there to look at)
		if data[0] == tsdemuxSync && (len(data) <= tsdemuxPacketSize || data[tsdemuxPacketSize] == tsdemuxSync) {
			break
		}
		f.off++
		f.skipped++
	}
	n := copy(p, f.buf[f.off:f.off+tsdemuxPacketSize])
	f.off += n
	return n, nil
}

// TSDemux is the tsdemux element: it demultiplexes an MPEG transport
// stream (push mode) with the PSI/PES parsing of
// github.com/asticode/go-astits. When the first PMT arrives it adds one
// source pad per supported elementary stream, named
// video_<generation>_<pid> / audio_<generation>_<pid> ("video_0_0041",
// as GStreamer), then signals no-more-pads. H.264 (byte-stream, one
// buffer per PES, DELTA_UNIT unless a random access point), H.265, AAC
// (ADTS) and MPEG audio are exposed; other stream types get no pad.
//
// Timestamps are the PES PTS/DTS, unwrapped across the 33-bit wrap,
// minus the first timestamp of the stream (PCR or PES), in a TIME
// segment starting at 0. Input that never yields a program posts a
// STREAM FAILED error ("No program activated before EOS"), as
// GStreamer does; corrupt packets are skipped.
//
// Launch line:
//
//	filesrc location=in.ts ! tsdemux name=d  d. ! queue ! fakesink  d. ! queue ! fakesink
//
// GStreamer: GstTSDemux (gst/mpegtsdemux/tsdemux.c and mpegtsbase.c, gst-plugins-bad).
type TSDemux struct {
	gst.ElementBase

	sinkpad  *gst.Pad
	combiner *base.FlowCombiner

	mu          sync.Mutex // settings, streams, errorPosted
	settings    tsdemuxSettings
	streams     map[uint16]*tsdemuxStream
	errorPosted bool

	// streaming state, under the sink pad's stream lock
	feed       tsdemuxFeeder
	dmx        *astits.Demuxer
	exposed    bool
	generation int
	groupID    uint32
	upstreamID string
	haveBase   bool
	baseTS     int64 // unwrapped 90 kHz time of output 0
	lastTS     int64 // last unwrapped 90 kHz time, the wrap reference
	haveLast   bool
	seqnum     uint32
}

var _ gst.Element = (*TSDemux)(nil)

// Constructed creates the sink pad.
//
// GStreamer: gst_ts_demux_init and mpegts_base_init (gst/mpegtsdemux/tsdemux.c, mpegtsbase.c).
func (d *TSDemux) Constructed() error {
	d.settings = tsdemuxSettings{
		parsePrivate:  DefaultTSDemuxParsePrivateSections,
		programNumber: DefaultTSDemuxProgramNumber,
		emitStats:     DefaultTSDemuxEmitStats,
		latency:       DefaultTSDemuxLatency,
		sendSCTE35:    DefaultTSDemuxSendSCTE35Events,
		ignorePCR:     DefaultTSDemuxIgnorePCR,
	}
	d.sinkpad = gst.NewPadFromTemplate(tsdemuxSinkTemplate, "sink")
	d.sinkpad.SetChainFunc(d.chain)
	d.sinkpad.SetEventFunc(d.sinkEvent)
	d.combiner = base.NewFlowCombiner()
	d.reset()
	return d.AddPad(d.sinkpad)
}

// SetProperty sets a tsdemux property.
//
// GStreamer: gst_ts_demux_set_property and mpegts_base_set_property (gst/mpegtsdemux/tsdemux.c, mpegtsbase.c).
func (d *TSDemux) SetProperty(name string, v any) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	s := &d.settings
	switch name {
	case "parse-private-sections", "emit-stats", "send-scte35-events", "ignore-pcr":
		b, ok := v.(bool)
		if !ok {
			return fmt.Errorf("%s: want bool, got %T", name, v)
		}
		switch name {
		case "parse-private-sections":
			s.parsePrivate = b
		case "emit-stats":
			s.emitStats = b
		case "send-scte35-events":
			s.sendSCTE35 = b
		default:
			s.ignorePCR = b
		}
	case "program-number", "latency":
		i, ok := v.(int)
		if !ok {
			return fmt.Errorf("%s: want int, got %T", name, v)
		}
		if name == "latency" {
			s.latency = i
		} else {
			s.programNumber = i
		}
	default:
		return gst.ErrUnknownProperty
	}
	return nil
}

// Property returns the value of a tsdemux property, nil for other names.
//
// GStreamer: gst_ts_demux_get_property and mpegts_base_get_property (gst/mpegtsdemux/tsdemux.c, mpegtsbase.c).
func (d *TSDemux) Property(name string) any {
	d.mu.Lock()
	defer d.mu.Unlock()
	s := &d.settings
	switch name {
	case "parse-private-sections":
		return s.parsePrivate
	case "emit-stats":
		return s.emitStats
	case "send-scte35-events":
		return s.sendSCTE35
	case "ignore-pcr":
		return s.ignorePCR
	case "program-number":
		return s.programNumber
	case "latency":
		return s.latency
	}
	return nil
}

// reset returns the demuxer to its initial state (no program).
func (d *TSDemux) reset() {
	d.feed.reset()
	d.dmx = astits.NewDemuxer(context.Background(), &d.feed, astits.DemuxerOptPacketSize(tsdemuxPacketSize))
	d.haveBase, d.haveLast = false, false
	d.seqnum = gst.SeqnumInvalid
	d.mu.Lock()
	d.errorPosted = false
	d.mu.Unlock()
}

// removeStreams removes the source pads.
func (d *TSDemux) removeStreams() {
	d.mu.Lock()
	streams := d.streams
	d.streams = nil
	d.mu.Unlock()
	d.combiner.Clear()
	for _, s := range streams {
		if s.pad != nil {
			s.pad.SetActive(false)
			_ = d.RemovePad(s.pad)
		}
	}
	d.exposed = false
}

// ChangeState resets the demuxer when going to READY.
//
// GStreamer: gst_ts_demux_change_state (gst/mpegtsdemux/tsdemux.c).
func (d *TSDemux) ChangeState(t gst.StateChange) gst.StateChangeReturn {
	ret := d.ElementBase.ChangeState(t)
	if ret == gst.StateChangeFailure {
		return ret
	}
	if t == gst.StateChangePausedToReady {
		d.sinkpad.StreamLock()
		d.removeStreams()
		d.reset()
		d.sinkpad.StreamUnlock()
	}
	return ret
}

func (d *TSDemux) postError(err error, msg, debug string) {
	d.mu.Lock()
	posted := d.errorPosted
	d.errorPosted = true
	d.mu.Unlock()
	if !posted {
		d.PostError(&gst.StreamError{Code: gst.StreamErrorFailed, Msg: msg, Err: err}, debug)
	}
}

func (d *TSDemux) chain(_ *gst.Pad, buf *gst.Buffer) error {
	d.feed.push(buf.Bytes())
	buf.Unref()
	return d.demux()
}

// demux parses every complete packet fed so far.
//
// GStreamer: mpegts_base_chain (gst/mpegtsdemux/mpegtsbase.c).
func (d *TSDemux) demux() (ret error) {
	defer func() {
		if r := recover(); r != nil {
			err := fmt.Errorf("tsdemux: parser failure: %v", r)
			d.postError(err, "Internal data stream error.", err.Error())
			ret = err
		}
	}()
	for {
		before := d.feed.off
		data, err := d.dmx.NextData()
		if err != nil {
			if errors.Is(err, errTSDemuxNeedData) || errors.Is(err, astits.ErrNoMorePackets) {
				return nil
			}
			if d.feed.off == before {
				return nil // no progress: wait for more data
			}
			continue // a corrupt unit: skipped, as the packetizer does
		}
		if data == nil {
			continue
		}
		if err := d.handle(data); err != nil {
			return err
		}
	}
}

func (d *TSDemux) handle(data *astits.DemuxerData) error {
	switch {
	case data.PMT != nil:
		d.exposeProgram(data.PMT)
	case data.PES != nil:
		return d.pushPES(data)
	}
	if data.FirstPacket != nil && data.FirstPacket.AdaptationField != nil &&
		data.FirstPacket.AdaptationField.HasPCR && data.FirstPacket.AdaptationField.PCR != nil {
		d.unwrap(data.FirstPacket.AdaptationField.PCR.Base)
	}
	return nil
}

// unwrap returns the 33-bit time ts (90 kHz) extended to 64 bits
// relative to the previous timestamp (a jump of less than 2^32 ticks,
// about 13 hours, forward or back).
func (d *TSDemux) unwrap(ts int64) int64 {
	ts &= tsdemuxWrap - 1
	if !d.haveLast {
		d.lastTS, d.haveLast = ts, true
		return ts
	}
	diff := (ts - d.lastTS) % tsdemuxWrap
	if diff < 0 {
		diff += tsdemuxWrap
	}
	if diff >= tsdemuxWrap/2 {
		diff -= tsdemuxWrap
	}
	out := d.lastTS + diff
	d.lastTS = out
	return out
}

// tsdemuxCaps returns the caps of a stream type, or nil for types without
// a pad.
//
// GStreamer: create_pad_for_stream (gst/mpegtsdemux/tsdemux.c).
func tsdemuxCaps(st astits.StreamType) (caps *gst.Caps, video bool) {
	switch st {
	case astits.StreamTypeH264Video:
		return gst.MustParseCaps("video/x-h264, stream-format=(string)byte-stream"), true
	case astits.StreamTypeH265Video:
		return gst.MustParseCaps("video/x-h265, stream-format=(string)byte-stream"), true
	case astits.StreamTypeAACAudio:
		return gst.MustParseCaps("audio/mpeg, mpegversion=(int)4, stream-format=(string)adts"), false
	case astits.StreamTypeAACLATMAudio:
		return gst.MustParseCaps("audio/mpeg, mpegversion=(int)4, stream-format=(string)loas"), false
	case astits.StreamTypeMPEG1Audio, astits.StreamTypeMPEG2HalvedSampleRateAudio:
		return gst.MustParseCaps("audio/mpeg, mpegversion=(int)1"), false
	}
	return nil, false
}

func (d *TSDemux) upstreamStreamID() string {
	if ev, ok := d.sinkpad.StickyEvent(gst.EventStreamStart, 0).(*gst.StreamStartEvent); ok && ev.StreamID != "" {
		return ev.StreamID
	}
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// exposeProgram adds the pads of the first PMT's streams and signals
// no-more-pads.
//
// GStreamer: gst_ts_demux_program_started and activate_pad_for_stream (gst/mpegtsdemux/tsdemux.c).
func (d *TSDemux) exposeProgram(pmt *astits.PMTData) {
	if d.exposed {
		return
	}
	d.mu.Lock()
	want := d.settings.programNumber
	d.mu.Unlock()
	if want >= 0 && int(pmt.ProgramNumber) != want {
		return
	}
	d.exposed = true
	up := d.upstreamStreamID()
	d.groupID = gst.GroupIDNext()
	streams := map[uint16]*tsdemuxStream{}
	for _, es := range pmt.ElementaryStreams {
		caps, video := tsdemuxCaps(es.StreamType)
		if caps == nil {
			continue
		}
		s := &tsdemuxStream{pid: es.ElementaryPID, streamType: es.StreamType, isVideo: video, caps: caps, needSegment: true, discont: true}
		name, tmpl := fmt.Sprintf("audio_%01x_%04x", d.generation, s.pid), tsdemuxAudioTemplate
		if video {
			name, tmpl = fmt.Sprintf("video_%01x_%04x", d.generation, s.pid), tsdemuxVideoTemplate
		}
		pad := gst.NewPadFromTemplate(tmpl, name)
		pad.UseFixedCaps()
		pad.SetActive(true)
		ss := gst.NewStreamStartEvent(fmt.Sprintf("%s/%08x", up, s.pid))
		ss.SetGroupID(d.groupID)
		pad.PushEvent(ss)
		pad.PushEvent(gst.NewCapsEvent(caps))
		s.pad = pad
		streams[s.pid] = s
		d.combiner.AddPad(pad)
		_ = d.AddPad(pad)
	}
	d.mu.Lock()
	d.streams = streams
	d.mu.Unlock()
	d.generation++
	d.NoMorePads()
}

// pushPES pushes one PES as a buffer on its stream's pad.
//
// GStreamer: gst_ts_demux_push_pending_data (gst/mpegtsdemux/tsdemux.c).
func (d *TSDemux) pushPES(data *astits.DemuxerData) error {
	d.mu.Lock()
	s := d.streams[data.PID]
	d.mu.Unlock()
	if s == nil || s.pad == nil || len(data.PES.Data) == 0 {
		return nil
	}
	pts, dts := int64(-1), int64(-1)
	if oh := data.PES.Header.OptionalHeader; oh != nil {
		if oh.PTS != nil && (oh.PTSDTSIndicator == astits.PTSDTSIndicatorOnlyPTS || oh.PTSDTSIndicator == astits.PTSDTSIndicatorBothPresent) {
			pts = oh.PTS.Base
		}
		if oh.DTS != nil && oh.PTSDTSIndicator == astits.PTSDTSIndicatorBothPresent {
			dts = oh.DTS.Base
		}
	}
	// unwrap the DTS first: it is the monotonic one
	if dts >= 0 {
		dts = d.unwrap(dts)
	}
	if pts >= 0 {
		pts = d.unwrap(pts)
		if dts >= 0 {
			d.lastTS = dts
		}
	}
	if !d.haveBase {
		switch {
		case dts >= 0:
			d.baseTS, d.haveBase = dts, true
		case pts >= 0:
			d.baseTS, d.haveBase = pts, true
		}
	}
	buf := gst.NewBufferMemdup(data.PES.Data)
	buf.PTS, buf.DTS = d.toTime(pts), d.toTime(dts)
	if s.isVideo && s.streamType == astits.StreamTypeH264Video {
		var au h264.AnnexB
		rai := data.FirstPacket != nil && data.FirstPacket.AdaptationField != nil && data.FirstPacket.AdaptationField.RandomAccessIndicator
		if !rai && (au.Unmarshal(data.PES.Data) != nil || !h264.IsRandomAccess(au)) {
			buf.SetFlags(gst.BufferFlagDeltaUnit)
		}
	}
	if s.discont {
		buf.SetFlags(gst.BufferFlagDiscont)
		s.discont = false
	}
	if s.needSegment {
		seg := gst.NewSegment(gst.FormatTime)
		ev := gst.NewSegmentEvent(seg)
		if d.seqnum != gst.SeqnumInvalid {
			ev.SetSeqnum(d.seqnum)
		}
		s.pad.PushEvent(ev)
		s.needSegment = false
	}
	err := s.pad.Push(buf)
	return d.combiner.UpdatePadFlow(s.pad, err)
}

// toTime converts an unwrapped 90 kHz time to output ns (NONE for -1;
// times before the base clamp to 0).
func (d *TSDemux) toTime(ts int64) gst.ClockTime {
	if ts < 0 {
		return gst.ClockTimeNone
	}
	rel := ts - d.baseTS
	if rel < 0 {
		rel = 0
	}
	return gst.ClockTime(gst.Uint64Scale(uint64(rel), 100000, 9))
}

// pushEvent sends ev on every source pad; false without pads.
func (d *TSDemux) pushEvent(ev gst.Event) bool {
	d.mu.Lock()
	streams := d.streams
	d.mu.Unlock()
	if len(streams) == 0 {
		return false
	}
	ok := true
	for _, s := range streams {
		if !s.pad.PushEvent(gst.CopyEvent(ev)) {
			ok = false
		}
	}
	return ok
}

// sinkEvent handles the events of the sink pad.
//
// GStreamer: mpegts_base_sink_event and push_event (gst/mpegtsdemux/mpegtsbase.c, tsdemux.c).
func (d *TSDemux) sinkEvent(pad *gst.Pad, ev gst.Event) bool {
	switch e := ev.(type) {
	case *gst.SegmentEvent:
		d.seqnum = e.Seqnum()
		return true // recreated in TIME for the source pads
	case *gst.StreamStartEvent, *gst.CapsEvent:
		return true
	case *gst.FlushStopEvent:
		d.pushEvent(ev)
		d.reset()
		d.mu.Lock()
		for _, s := range d.streams {
			s.needSegment, s.discont = true, true
		}
		d.mu.Unlock()
		d.combiner.Reset()
		return true
	case *gst.EOSEvent:
		d.feed.eos = true
		_ = d.demux()
		if !d.pushEvent(ev) {
			d.postError(errors.New("no program activated before EOS"), "Internal data stream error.", "No program activated before EOS")
		}
		return true
	}
	if !d.pushEvent(ev) {
		return ev.Type().IsSticky()
	}
	return true
}
