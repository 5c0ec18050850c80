package mpegtsmux

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/Eyevinn/mp4ff/avc"
	"github.com/asticode/go-astits"
	"github.com/bluenviron/mediacommon/v2/pkg/codecs/h264"
	"github.com/bluenviron/mediacommon/v2/pkg/codecs/mpeg4audio"

	"github.com/gstmini/gstmini/base"
	"github.com/gstmini/gstmini/gst"
)

// Property defaults of mpegtsmux (90 kHz ticks for the intervals).
//
// GStreamer: TSMUX_DEFAULT_* and BASETSMUX_DEFAULT_* (gst/mpegtsmux/gstbasetsmux.c, gst-plugins-bad).
const (
	DefaultMpegTSMuxAlignment          = -1
	DefaultMpegTSMuxBitrate     uint64 = 0
	DefaultMpegTSMuxM2TSMode           = false
	DefaultMpegTSMuxPATInterval uint   = 9000
	DefaultMpegTSMuxPMTInterval uint   = 9000
	DefaultMpegTSMuxPCRInterval uint   = 3600
	DefaultMpegTSMuxSIInterval  uint   = 9000
	DefaultMpegTSMuxSCTE35PID   uint   = 0
	// DefaultMpegTSMuxSCTE35NullInterval is 5 minutes in 90 kHz ticks.
	DefaultMpegTSMuxSCTE35NullInterval uint = 27000000
)

const (
	mpegtsmuxPacketSize = 188
	// mpegtsmuxClockBase is added to every PTS, DTS and PCR (one hour in
	// 90 kHz ticks) so that slightly negative running times stay valid.
	mpegtsmuxClockBase int64 = 90000 * 10 * 360
	// mpegtsmuxPCROffset puts the PCR 125 ms before the DTS it goes with.
	mpegtsmuxPCROffset int64  = 90000 / 8
	mpegtsmuxPMTPID    uint16 = 0x20
	mpegtsmuxStartPID  int    = 0x40
	mpegtsmuxTSID      uint16 = 1
	mpegtsmuxMaxTS     int64  = 1 << 33
	mpegtsmuxSinkCaps         = "video/mpeg, parsed=(boolean)true, mpegversion=(int){ 1, 2, 4 }, systemstream=(boolean)false; " +
		"video/x-dirac; image/x-jpc, alignment=(string)frame; " +
		"video/x-h264, stream-format=(string)byte-stream, alignment=(string){ au, nal }; " +
		"video/x-h264, stream-format=(string)avc, alignment=(string)au; " +
		"video/x-h265, stream-format=(string)byte-stream, alignment=(string){ au, nal }; " +
		"audio/mpeg, parsed=(boolean)true, mpegversion=(int)1; " +
		"audio/mpeg, framed=(boolean)true, mpegversion=(int){ 2, 4 }, stream-format=(string){ adts, raw }; " +
		"audio/x-lpcm, width=(int){ 16, 20, 24 }, rate=(int){ 48000, 96000 }, channels=(int)[ 1, 8 ], dynamic_range=(int)[ 0, 255 ], emphasis=(boolean){ false, true }, mute=(boolean){ false, true }; " +
		"audio/x-ac3, framed=(boolean)true; audio/x-dts, framed=(boolean)true; " +
		"audio/x-opus, channels=(int)[ 1, 8 ], channel-mapping-family=(int){ 0, 1 }; " +
		"subpicture/x-dvb; application/x-teletext; meta/x-klv, parsed=(boolean)true; " +
		"image/x-jpc, alignment=(string)frame, profile=(int)[ 0, 49151 ]"
)

// The pad templates of mpegtsmux. The sink template is GStreamer 1.22's
// plus "video/x-h264, stream-format=avc, alignment=au": such input (with
// codec_data) is converted to byte-stream by the muxer itself.
var (
	mpegtsmuxSinkTemplate = gst.MustNewPadTemplate("sink_%d", gst.PadSink, gst.PadRequest, gst.MustParseCaps(mpegtsmuxSinkCaps))
	mpegtsmuxSrcTemplate  = gst.MustNewPadTemplate("src", gst.PadSrc, gst.PadAlways,
		gst.MustParseCaps("video/mpegts, systemstream=(boolean)true, packetsize=(int){ 188, 192 }"))
)

var mpegtsmuxPlugin = &gst.PluginInfo{
	Name:        "mpegtsmux",
	Description: "MPEG-TS muxer",
	Version:     "1.22.0",
	License:     "LGPL",
	Source:      "gst-plugins-bad",
	Package:     "GstMini",
	Origin:      "https://github.com/gstmini/gstmini",
}

func mpegtsmuxProperties() []*gst.ParamSpec {
	ps := gst.ObjectProperties()
	ps = append(ps, base.AggregatorProperties()...)
	rw := gst.ParamReadWrite
	return append(ps,
		gst.ParamStructure("prog-map", "Program map", "A GstStructure specifies the mapping from elementary streams to programs", rw),
		gst.ParamUint("pat-interval", "PAT interval", "Set the interval (in ticks of the 90kHz clock) for writing out the PAT table",
			1, math.MaxUint32, DefaultMpegTSMuxPATInterval, rw),
		gst.ParamUint("pmt-interval", "PMT interval", "Set the interval (in ticks of the 90kHz clock) for writing out the PMT table",
			1, math.MaxUint32, DefaultMpegTSMuxPMTInterval, rw),
		gst.ParamInt("alignment", "packet alignment",
			"Number of packets per buffer (padded with dummy packets on EOS) (-1 = auto, 0 = all available packets, 7 for UDP streaming)",
			-1, math.MaxInt32, DefaultMpegTSMuxAlignment, rw),
		gst.ParamUint("si-interval", "SI interval", "Set the interval (in ticks of the 90kHz clock) for writing out the ServiceInformation tables",
			1, math.MaxUint32, DefaultMpegTSMuxSIInterval, rw),
		gst.ParamUint64("bitrate", "Bitrate (in bits per second)",
			"Set the target bitrate, will insert null packets as padding  to achieve multiplex-wide constant bitrate (0 means no padding)",
			0, math.MaxUint64, DefaultMpegTSMuxBitrate, rw),
		gst.ParamUint("pcr-interval", "PCR interval", "Set the interval (in ticks of the 90kHz clock) for writing PCR",
			1, math.MaxUint32, DefaultMpegTSMuxPCRInterval, rw),
		gst.ParamUint("scte-35-pid", "SCTE-35 PID", "PID to use for inserting SCTE-35 packets (0: unused)",
			0, math.MaxUint32, DefaultMpegTSMuxSCTE35PID, rw),
		gst.ParamUint("scte-35-null-interval", "SCTE-35 NULL packet interval",
			"Set the interval (in ticks of the 90kHz clock) for writing SCTE-35 NULL (heartbeat) packets. (only valid if scte-35-pid is different from 0)",
			1, math.MaxUint32, DefaultMpegTSMuxSCTE35NullInterval, rw),
		gst.ParamBool("m2ts-mode", "M2TS(192 bytes) Mode",
			"Set to TRUE to output Blu-Ray disc format with 192 byte packets. FALSE for standard TS format with 188 byte packets.",
			DefaultMpegTSMuxM2TSMode, rw),
	)
}

// MpegTSMuxClass is the class (factory) of the mpegtsmux element.
//
// GStreamer: GstMpegTsMuxClass (gst/mpegtsmux/gstmpegtsmux.c, gst-plugins-bad).
var MpegTSMuxClass = &gst.ElementClass{
	Name:     "mpegtsmux",
	TypeName: "GstMpegTsMux",
	Rank:     gst.RankPrimary,
	Metadata: gst.ElementMetadata{
		LongName:    "MPEG Transport Stream Muxer",
		Klass:       "Codec/Muxer",
		Description: "Multiplexes media streams into an MPEG Transport Stream",
		Author:      "Fluendo <contact@fluendo.com>",
		DocURI:      "https://gstreamer.freedesktop.org/documentation/mpegtsmux/mpegtsmux.html",
	},
	PadTemplates: []*gst.PadTemplate{mpegtsmuxSinkTemplate, mpegtsmuxSrcTemplate},
	Properties:   mpegtsmuxProperties(),
	New:          func() gst.Element { return &MpegTSMux{} },
	Plugin:       mpegtsmuxPlugin,
}

// mpegtsmuxSettings holds the property values.
type mpegtsmuxSettings struct {
	alignment          int
	bitrate            uint64
	m2ts               bool
	patInterval        uint
	pmtInterval        uint
	pcrInterval        uint
	siInterval         uint
	scte35PID          uint
	scte35NullInterval uint
	progMap            *gst.Structure
}

// mpegtsmuxPacket is one 188-byte packet waiting to be pushed, with the
// timestamp and flags GStreamer gives each packet buffer.
type mpegtsmuxPacket struct {
	data  []byte
	pts   gst.ClockTime
	flags gst.BufferFlags
}

// MpegTSMux is the mpegtsmux element: it multiplexes H.264 video
// (byte-stream, or avc with codec_data, converted here) and AAC audio
// (ADTS, or raw with codec_data, converted to ADTS) from request pads
// sink_%d into an MPEG transport stream of 188-byte packets, with the
// TS layer written by github.com/asticode/go-astits.
//
// Buffers are muxed in running-time order across the pads (the
// Aggregator waits for data on every pad; the earliest DTS, or PTS, goes
// first). PES timestamps are the running times of the inputs plus one
// hour (GStreamer's CLOCK_BASE), so inputs looped with non-flushing
// segments keep increasing timestamps. The PCR is carried by the first
// video stream (by PID; the first stream when there is no video), PAT and
// PMT are written at the start, every pat-interval/pmt-interval and
// before every video keyframe. The first packet made for a keyframe is
// not DELTA_UNIT, all others are. With alignment -1 (auto) or 0 each
// input produces a buffer list of single packets; with alignment N the
// packets are pushed N per buffer (padded with null packets at EOS).
//
// Launch line:
//
//	filesrc location=in.mp4 ! qtdemux name=d  d.video_0 ! mpegtsmux name=m ! filesink location=out.ts  d.audio_0 ! m.
//
// GStreamer: GstMpegTsMux (gst/mpegtsmux/gstmpegtsmux.c and gstbasetsmux.c, gst-plugins-bad).
type MpegTSMux struct {
	base.Aggregator

	mu       sync.Mutex // settings and nextPID
	settings mpegtsmuxSettings
	nextPID  int

	// streaming state, used from the aggregate task only
	out           bytes.Buffer
	tsm           *astits.Muxer
	started       bool
	pcrPad        *mpegtsmuxPad
	lastTS        gst.ClockTime
	outOffset     int64
	haveOutOffset bool
	nextPCR       int64
	nextPATPCR    int64
	nextPMTPCR    int64
	pending       []mpegtsmuxPacket
}

// mpegtsmuxPad is the per-pad state of a sink_%d pad.
type mpegtsmuxPad struct {
	base.AggregatorPad

	pid uint16

	// under the muxer's streaming thread (caps are handled there too)
	configured bool
	streamType astits.StreamType
	isVideo    bool
	avc        bool
	nalLen     int
	sps, pps   [][]byte
	aacRaw     bool
	aacConf    mpeg4audio.AudioSpecificConfig
	added      bool
	dts        int64 // signed running time of the clipped buffer's DTS (ns)
	dtsValid   bool
}

var (
	_ gst.Element = (*MpegTSMux)(nil)
	_ interface {
		Aggregate(timeout bool) error
	} = (*MpegTSMux)(nil)
)

// Constructed sets the defaults and creates the src pad.
//
// GStreamer: gst_base_ts_mux_init and gst_mpeg_ts_mux_init (gst/mpegtsmux/gstbasetsmux.c, gstmpegtsmux.c).
func (m *MpegTSMux) Constructed() error {
	m.settings = mpegtsmuxSettings{
		alignment:          DefaultMpegTSMuxAlignment,
		bitrate:            DefaultMpegTSMuxBitrate,
		patInterval:        DefaultMpegTSMuxPATInterval,
		pmtInterval:        DefaultMpegTSMuxPMTInterval,
		pcrInterval:        DefaultMpegTSMuxPCRInterval,
		siInterval:         DefaultMpegTSMuxSIInterval,
		scte35PID:          DefaultMpegTSMuxSCTE35PID,
		scte35NullInterval: DefaultMpegTSMuxSCTE35NullInterval,
	}
	m.nextPID = mpegtsmuxStartPID
	m.reset()
	return m.Aggregator.Constructed()
}

// reset drops the streaming state.
//
// GStreamer: gst_base_ts_mux_reset (gst/mpegtsmux/gstbasetsmux.c).
func (m *MpegTSMux) reset() {
	m.out.Reset()
	m.tsm = nil
	m.started = false
	m.pcrPad = nil
	m.lastTS = gst.ClockTimeNone
	m.haveOutOffset = false
	m.nextPCR, m.nextPATPCR, m.nextPMTPCR = -1, -1, -1
	m.pending = nil
	for _, p := range m.AggregatorPads() {
		if tp, ok := p.ElementPrivate.(*mpegtsmuxPad); ok {
			tp.added = false
			tp.dtsValid = false
		}
	}
}

// Start resets the muxer (READY→PAUSED).
//
// GStreamer: gst_base_ts_mux_start (gst/mpegtsmux/gstbasetsmux.c).
func (m *MpegTSMux) Start() error {
	m.reset()
	return nil
}

// Stop resets the muxer (PAUSED→READY).
//
// GStreamer: gst_base_ts_mux_stop (gst/mpegtsmux/gstbasetsmux.c).
func (m *MpegTSMux) Stop() error {
	m.reset()
	return nil
}

// Flush resets the muxer after a flushing seek: the next output starts
// with PAT and PMT again.
//
// GStreamer: gst_base_ts_mux_flush (gst/mpegtsmux/gstbasetsmux.c).
func (m *MpegTSMux) Flush() error {
	m.reset()
	return nil
}

// SetProperty sets the mpegtsmux properties and chains up for the
// Aggregator ones. m2ts-mode=true is refused (192-byte packets are not
// implemented).
//
// GStreamer: gst_base_ts_mux_set_property and gst_mpeg_ts_mux_set_property (gst/mpegtsmux/gstbasetsmux.c, gstmpegtsmux.c).
func (m *MpegTSMux) SetProperty(name string, v any) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	s := &m.settings
	var u *uint
	switch name {
	case "alignment":
		i, ok := v.(int)
		if !ok {
			return fmt.Errorf("alignment: want int, got %T", v)
		}
		s.alignment = i
		return nil
	case "bitrate":
		b, ok := v.(uint64)
		if !ok {
			return fmt.Errorf("bitrate: want uint64, got %T", v)
		}
		s.bitrate = b
		return nil
	case "m2ts-mode":
		b, ok := v.(bool)
		if !ok {
			return fmt.Errorf("m2ts-mode: want bool, got %T", v)
		}
		if b {
			return fmt.Errorf("%s: m2ts-mode=true (192-byte packets) is not supported", m.Name())
		}
		s.m2ts = b
		return nil
	case "prog-map":
		st, ok := v.(*gst.Structure)
		if !ok && v != nil {
			return fmt.Errorf("prog-map: want *gst.Structure, got %T", v)
		}
		if st != nil {
			st = st.Copy()
		}
		s.progMap = st
		return nil
	case "pat-interval":
		u = &s.patInterval
	case "pmt-interval":
		u = &s.pmtInterval
	case "pcr-interval":
		u = &s.pcrInterval
	case "si-interval":
		u = &s.siInterval
	case "scte-35-pid":
		u = &s.scte35PID
	case "scte-35-null-interval":
		u = &s.scte35NullInterval
	default:
		return m.Aggregator.SetProperty(name, v)
	}
	x, ok := v.(uint)
	if !ok {
		return fmt.Errorf("%s: want uint, got %T", name, v)
	}
	*u = x
	return nil
}

// Property returns the value of a property.
//
// GStreamer: gst_base_ts_mux_get_property and gst_mpeg_ts_mux_get_property (gst/mpegtsmux/gstbasetsmux.c, gstmpegtsmux.c).
func (m *MpegTSMux) Property(name string) any {
	m.mu.Lock()
	defer m.mu.Unlock()
	s := &m.settings
	switch name {
	case "alignment":
		return s.alignment
	case "bitrate":
		return s.bitrate
	case "m2ts-mode":
		return s.m2ts
	case "prog-map":
		if s.progMap == nil {
			return (*gst.Structure)(nil)
		}
		return s.progMap.Copy()
	case "pat-interval":
		return s.patInterval
	case "pmt-interval":
		return s.pmtInterval
	case "pcr-interval":
		return s.pcrInterval
	case "si-interval":
		return s.siInterval
	case "scte-35-pid":
		return s.scte35PID
	case "scte-35-null-interval":
		return s.scte35NullInterval
	}
	return m.Aggregator.Property(name)
}

func (m *MpegTSMux) settingsCopy() mpegtsmuxSettings {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.settings
}

// CreateNewPad creates a sink_%d pad: the number in a requested name is
// the stream's PID (at least 0x40, not in use); without a name the next
// free PID from 0x41 is taken and the pad named after it ("sink_65").
//
// GStreamer: gst_base_ts_mux_request_new_pad (gst/mpegtsmux/gstbasetsmux.c).
func (m *MpegTSMux) CreateNewPad(tmpl *gst.PadTemplate, name string, _ *gst.Caps) *base.AggregatorPad {
	if tmpl.Direction != gst.PadSink || tmpl.Presence != gst.PadRequest {
		return nil
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	inUse := func(pid int) bool {
		for _, p := range m.AggregatorPads() {
			if tp, ok := p.ElementPrivate.(*mpegtsmuxPad); ok && int(tp.pid) == pid {
				return true
			}
		}
		return false
	}
	pid := -1
	if n, ok := strings.CutPrefix(name, "sink_"); ok && name != tmpl.NameTemplate {
		v, err := strconv.Atoi(n)
		if err == nil {
			pid = v
		}
	}
	if pid >= 0 {
		if inUse(pid) {
			m.PostError(&gst.StreamError{Code: gst.StreamErrorMux, Msg: "Duplicate PID requested"}, "")
			return nil
		}
		if pid < mpegtsmuxStartPID || pid > 0x1ffe {
			m.PostError(&gst.StreamError{Code: gst.StreamErrorMux,
				Msg: fmt.Sprintf("Invalid Elementary stream PID (0x%02d < 0x40)", pid)}, "")
			return nil
		}
	} else {
		for {
			m.nextPID++
			if !inUse(m.nextPID) {
				break
			}
		}
		pid = m.nextPID
	}
	tp := &mpegtsmuxPad{pid: uint16(pid)}
	tp.InitAggregatorPad(tmpl, fmt.Sprintf("sink_%d", pid))
	tp.ElementPrivate = tp
	return &tp.AggregatorPad
}

func mpegtsmuxPadOf(p *base.AggregatorPad) *mpegtsmuxPad {
	tp, _ := p.ElementPrivate.(*mpegtsmuxPad)
	return tp
}

// errMpegTSMuxMapping is the error for caps the muxer cannot map to a
// stream type.
var errMpegTSMuxMapping = errors.New("mpegtsmux: failed to determine stream type or mapping is not supported")

// SinkEvent configures a pad from its CAPS event and chains up.
//
// GStreamer: gst_base_ts_mux_sink_event (gst/mpegtsmux/gstbasetsmux.c).
func (m *MpegTSMux) SinkEvent(p *base.AggregatorPad, ev gst.Event) bool {
	if ce, ok := ev.(*gst.CapsEvent); ok {
		tp := mpegtsmuxPadOf(p)
		if tp == nil {
			return false
		}
		if err := tp.configure(ce.Caps); err != nil {
			m.PostError(&gst.StreamError{Code: gst.StreamErrorMux, Msg: "Failed to determine stream type or mapping is not supported", Err: err},
				"If you're using an experimental or non-standard mapping you may have to set the enable-custom-mappings property to TRUE.")
			return false
		}
		return true
	}
	return m.Aggregator.SinkEvent(p, ev)
}

// configure reads the stream type and codec data from caps.
//
// GStreamer: gst_base_ts_mux_create_or_update_stream (gst/mpegtsmux/gstbasetsmux.c).
func (tp *mpegtsmuxPad) configure(caps *gst.Caps) error {
	if caps == nil || caps.Size() == 0 {
		return errMpegTSMuxMapping
	}
	s := caps.Structure(0)
	var st astits.StreamType
	switch s.Name() {
	case "video/x-h264":
		st = astits.StreamTypeH264Video
		tp.isVideo = true
		format, _ := s.StringField("stream-format")
		tp.avc = format == "avc" || format == "avc3"
		tp.sps, tp.pps, tp.nalLen = nil, nil, 4
		if tp.avc {
			v, _ := s.Value("codec_data")
			cd, ok := v.(*gst.Buffer)
			if !ok {
				if format == "avc" {
					return fmt.Errorf("%w: avc caps without codec_data", errMpegTSMuxMapping)
				}
				break
			}
			data := cd.Bytes()
			if len(data) < 5 {
				return fmt.Errorf("%w: codec_data of %d bytes", errMpegTSMuxMapping, len(data))
			}
			tp.nalLen = int(data[4]&3) + 1
			rec, err := avc.DecodeAVCDecConfRec(data)
			if err != nil {
				return fmt.Errorf("%w: codec_data: %v", errMpegTSMuxMapping, err)
			}
			tp.sps, tp.pps = rec.SPSnalus, rec.PPSnalus
		}
	case "audio/mpeg":
		v, _ := s.Int("mpegversion")
		if v != 2 && v != 4 {
			return fmt.Errorf("%w: audio/mpeg mpegversion %d", errMpegTSMuxMapping, v)
		}
		st = astits.StreamTypeAACAudio
		tp.isVideo = false
		format, _ := s.StringField("stream-format")
		tp.aacRaw = format == "raw"
		if tp.aacRaw {
			val, _ := s.Value("codec_data")
			cd, ok := val.(*gst.Buffer)
			if !ok {
				return fmt.Errorf("%w: raw AAC without codec_data", errMpegTSMuxMapping)
			}
			if err := tp.aacConf.Unmarshal(cd.Bytes()); err != nil {
				return fmt.Errorf("%w: AAC codec_data: %v", errMpegTSMuxMapping, err)
			}
		}
	default:
		return fmt.Errorf("%w: %s", errMpegTSMuxMapping, s.Name())
	}
	if tp.configured && tp.added && st != tp.streamType {
		return fmt.Errorf("stream type change from %02x to %02x not supported", uint8(tp.streamType), uint8(st))
	}
	tp.streamType = st
	tp.configured = true
	return nil
}

// Clip converts the buffer's PTS and DTS to running time; buffers whose
// PTS is outside the segment are dropped. A DTS before the segment start
// (negative running time) is kept, signed, for the PES header.
//
// GStreamer: gst_base_ts_mux_clip (gst/mpegtsmux/gstbasetsmux.c).
func (m *MpegTSMux) Clip(p *base.AggregatorPad, buf *gst.Buffer) *gst.Buffer {
	tp := mpegtsmuxPadOf(p)
	seg := p.Segment()
	if buf.PTS.IsValid() {
		rt := seg.ToRunningTime(gst.FormatTime, uint64(buf.PTS))
		if rt == ^uint64(0) {
			buf.Unref()
			return nil
		}
		buf = buf.MakeWritable()
		buf.PTS = gst.ClockTime(rt)
	}
	if buf.DTS.IsValid() {
		sign, rt := seg.ToRunningTimeFull(gst.FormatTime, uint64(buf.DTS))
		dts := int64(rt)
		if sign < 0 {
			dts = -dts
		}
		if tp != nil && tp.dtsValid && dts < tp.dts {
			dts = tp.dts // ignore DTS going backward
		}
		buf = buf.MakeWritable()
		if sign > 0 {
			buf.DTS = gst.ClockTime(rt)
		} else {
			buf.DTS = gst.ClockTimeNone
		}
		if tp != nil {
			tp.dts, tp.dtsValid = dts, sign != 0
		}
	} else if tp != nil {
		tp.dtsValid = false
	}
	return buf
}

// findBestPad returns the pad whose next buffer has the lowest DTS (or
// PTS) running time.
//
// GStreamer: gst_base_ts_mux_find_best_pad (gst/mpegtsmux/gstbasetsmux.c).
func (m *MpegTSMux) findBestPad() *base.AggregatorPad {
	var best *base.AggregatorPad
	bestTS := gst.ClockTimeNone
	for _, p := range m.AggregatorPads() {
		buf := p.PeekBuffer()
		if buf == nil {
			continue
		}
		ts := buf.DTS
		if !ts.IsValid() {
			ts = buf.PTS
		}
		buf.Unref()
		if best == nil || (ts.IsValid() && (!bestTS.IsValid() || ts < bestTS)) {
			best, bestTS = p, ts
		}
	}
	return best
}

// UpdateSrcCaps returns the output caps, "video/mpegts,
// systemstream=true, packetsize=188", when downstream accepts them.
// (GStreamer's aggregate sets them with gst_aggregator_set_src_caps;
// here the base's negotiation does it, because SetSrcCaps takes the
// source pad's stream lock, which the aggregate task already holds and
// which is not recursive in Go.)
//
// GStreamer: the caps set in gst_base_ts_mux_aggregate (gst/mpegtsmux/gstbasetsmux.c).
func (m *MpegTSMux) UpdateSrcCaps(downstream *gst.Caps) (*gst.Caps, error) {
	caps := gst.MustParseCaps("video/mpegts, systemstream=(boolean)true, packetsize=(int)188")
	if downstream != nil && !downstream.CanIntersect(caps) {
		return nil, gst.ErrNotNegotiated
	}
	return caps, nil
}

// Aggregate muxes the earliest buffer and pushes the
// packets; when every pad is EOS it pushes what is left and returns
// gst.ErrEOS.
//
// GStreamer: gst_base_ts_mux_aggregate (gst/mpegtsmux/gstbasetsmux.c).
func (m *MpegTSMux) Aggregate(_ bool) error {
	set := m.settingsCopy()
	if best := m.findBestPad(); best != nil {
		if buf := best.PopBuffer(); buf != nil {
			if err := m.muxBuffer(mpegtsmuxPadOf(best), buf, &set); err != nil {
				return err
			}
			if err := m.pushPackets(&set, false); err != nil {
				return err
			}
		}
	}
	allEOS := true
	for _, p := range m.AggregatorPads() {
		if !p.IsEOS() {
			allEOS = false
			break
		}
	}
	if allEOS {
		if err := m.pushPackets(&set, true); err != nil {
			return err
		}
		return gst.ErrEOS
	}
	return nil
}

// createStreams adds every configured pad to the TS muxer, sorted by PID,
// and picks the PCR stream.
//
// GStreamer: gst_base_ts_mux_create_streams (gst/mpegtsmux/gstbasetsmux.c).
func (m *MpegTSMux) createStreams() error {
	m.tsm = astits.NewMuxer(context.Background(), &m.out,
		astits.MuxerOptTablesRetransmitPeriod(1<<30),
		astits.WithPMTPID(mpegtsmuxPMTPID),
		astits.WithTransportStreamID(mpegtsmuxTSID))
	pads := slices.Clone(m.AggregatorPads())
	slices.SortFunc(pads, func(a, b *base.AggregatorPad) int {
		return int(mpegtsmuxPadOf(a).pid) - int(mpegtsmuxPadOf(b).pid)
	})
	for _, p := range pads {
		tp := mpegtsmuxPadOf(p)
		if !tp.configured {
			continue
		}
		if err := m.addStream(tp); err != nil {
			return err
		}
	}
	return nil
}

func (m *MpegTSMux) addStream(tp *mpegtsmuxPad) error {
	if err := m.tsm.AddElementaryStream(astits.PMTElementaryStream{ElementaryPID: tp.pid, StreamType: tp.streamType}); err != nil {
		return err
	}
	tp.added = true
	if m.pcrPad == nil || (tp.isVideo && !m.pcrPad.isVideo) {
		m.pcrPad = tp
		m.tsm.SetPCRPID(tp.pid)
		m.nextPCR = -1
	}
	return nil
}

// mpegTime converts ns to 90 kHz ticks (signed).
func mpegtsmuxMpegTime(ns int64) int64 {
	if ns < 0 {
		return -int64(gst.Uint64Scale(uint64(-ns), 9, 100000))
	}
	return int64(gst.Uint64Scale(uint64(ns), 9, 100000))
}

func mpegtsmuxClockRef(ticks int64) *astits.ClockReference {
	return &astits.ClockReference{Base: ((ticks % mpegtsmuxMaxTS) + mpegtsmuxMaxTS) % mpegtsmuxMaxTS}
}

// muxBuffer writes the PES of buf (taking ownership) and collects the
// packets.
//
// GStreamer: gst_base_ts_mux_aggregate_buffer (gst/mpegtsmux/gstbasetsmux.c) and tsmux_write_stream_packet (gst/mpegtsmux/tsmux/tsmux.c).
func (m *MpegTSMux) muxBuffer(tp *mpegtsmuxPad, buf *gst.Buffer, set *mpegtsmuxSettings) error {
	defer buf.Unref()
	if buf.Size() == 0 && buf.HasFlags(gst.BufferFlagGap) {
		return nil
	}
	if tp == nil || !tp.configured {
		err := fmt.Errorf("mpegtsmux: buffer on a pad without caps")
		m.PostError(&gst.CoreError{Code: gst.CoreErrorNegotiation, Msg: "not negotiated", Err: err}, err.Error())
		return gst.ErrNotNegotiated
	}
	if !m.started {
		if err := m.createStreams(); err != nil {
			return m.muxError(tp, err)
		}
		m.started = true
	}
	if !tp.added {
		// a pad that got caps after the start: the PMT changes
		if err := m.addStream(tp); err != nil {
			return m.muxError(tp, err)
		}
		if _, err := m.tsm.WriteTables(); err != nil {
			return m.muxError(tp, err)
		}
	}

	payload, err := tp.prepare(buf)
	if err != nil {
		return m.muxError(tp, err)
	}

	var pts, dts int64
	havePTS, haveDTS := buf.PTS.IsValid(), tp.dtsValid && (buf.DTS.IsValid() || tp.dts < 0)
	if havePTS {
		pts = mpegtsmuxMpegTime(int64(buf.PTS))
	}
	if haveDTS {
		dts = mpegtsmuxMpegTime(tp.dts)
	}
	if !havePTS && haveDTS {
		pts, havePTS = dts, true
	}
	delta := true
	header := false
	if tp.isVideo {
		delta = buf.HasFlags(gst.BufferFlagDeltaUnit)
		header = buf.HasFlags(gst.BufferFlagHeader)
	}
	if tp == m.pcrPad {
		if buf.DTS.IsValid() {
			m.lastTS = buf.DTS
		} else {
			m.lastTS = buf.PTS
		}
	}

	oh := &astits.PESOptionalHeader{MarkerBits: 2, DataAlignmentIndicator: true}
	if havePTS {
		oh.PTSDTSIndicator = astits.PTSDTSIndicatorOnlyPTS
		oh.PTS = mpegtsmuxClockRef(mpegtsmuxClockBase + pts)
		if haveDTS && dts != pts {
			oh.PTSDTSIndicator = astits.PTSDTSIndicatorBothPresent
			oh.DTS = mpegtsmuxClockRef(mpegtsmuxClockBase + dts)
		}
	}
	md := &astits.MuxerData{PID: tp.pid, PES: &astits.PESData{Header: &astits.PESHeader{OptionalHeader: oh}, Data: payload}}
	var af *astits.PacketAdaptationField
	if tp.isVideo && !delta {
		af = &astits.PacketAdaptationField{RandomAccessIndicator: true}
	}
	if tp == m.pcrPad && (havePTS || haveDTS) {
		curTS := mpegtsmuxClockBase + pts
		if haveDTS {
			curTS = mpegtsmuxClockBase + dts
		}
		curPCR := (curTS - mpegtsmuxPCROffset) * 300
		// PAT/PMT on their intervals (astits writes them itself before a
		// keyframe of the PCR stream)
		forced := af != nil && af.RandomAccessIndicator
		due := false
		if m.nextPATPCR == -1 {
			m.nextPATPCR = curPCR + int64(set.patInterval)*300
		} else if curPCR > m.nextPATPCR {
			m.nextPATPCR += int64(set.patInterval) * 300
			due = true
		}
		if m.nextPMTPCR == -1 {
			m.nextPMTPCR = curPCR + int64(set.pmtInterval)*300
		} else if curPCR > m.nextPMTPCR {
			m.nextPMTPCR += int64(set.pmtInterval) * 300
			due = true
		}
		if due && !forced {
			if _, err := m.tsm.WriteTables(); err != nil {
				return m.muxError(tp, err)
			}
		}
		if m.nextPCR == -1 || curPCR > m.nextPCR {
			if af == nil {
				af = &astits.PacketAdaptationField{}
			}
			pcr := ((curPCR % (mpegtsmuxMaxTS * 300)) + mpegtsmuxMaxTS*300) % (mpegtsmuxMaxTS * 300)
			af.HasPCR = true
			af.PCR = &astits.ClockReference{Base: pcr / 300, Extension: pcr % 300}
			m.nextPCR = curPCR + int64(set.pcrInterval)*300
		}
	}
	md.AdaptationField = af
	if _, err := m.tsm.WriteData(md); err != nil {
		return m.muxError(tp, err)
	}
	m.collect(delta, header)
	return nil
}

func (m *MpegTSMux) muxError(tp *mpegtsmuxPad, err error) error {
	pid := uint16(0)
	if tp != nil {
		pid = tp.pid
	}
	m.PostError(&gst.StreamError{Code: gst.StreamErrorMux, Msg: fmt.Sprintf("Failed writing output data to stream %04x", pid), Err: err}, err.Error())
	return fmt.Errorf("mpegtsmux: %w", err)
}

// collect moves the packets written by astits to the pending list with
// their timestamps and flags.
//
// GStreamer: new_packet_cb and new_packet_common_init (gst/mpegtsmux/gstbasetsmux.c).
func (m *MpegTSMux) collect(delta, header bool) {
	data := m.out.Bytes()
	seg := m.SrcSegment()
	for off := 0; off+mpegtsmuxPacketSize <= len(data); off += mpegtsmuxPacketSize {
		pkt := mpegtsmuxPacket{data: slices.Clone(data[off : off+mpegtsmuxPacketSize]), pts: m.lastTS}
		if pkt.pts.IsValid() {
			if !m.haveOutOffset {
				start := seg.Position
				if start == ^uint64(0) || start < seg.Start {
					start = seg.Start
				}
				m.outOffset = int64(start) - int64(pkt.pts)
				m.haveOutOffset = true
			}
			pkt.pts = gst.ClockTime(int64(pkt.pts) + m.outOffset)
		} else {
			pkt.pts = gst.ClockTime(seg.Start)
		}
		if header {
			pkt.flags |= gst.BufferFlagHeader
		}
		if delta {
			pkt.flags |= gst.BufferFlagDeltaUnit
		} else {
			delta = true
		}
		m.pending = append(m.pending, pkt)
	}
	m.out.Reset()
}

// pushPackets pushes the pending packets: all of them as a list of
// single-packet buffers (alignment -1 or 0), or alignment packets per
// buffer; with force the rest is padded with null packets.
//
// GStreamer: gst_base_ts_mux_push_packets (gst/mpegtsmux/gstbasetsmux.c).
func (m *MpegTSMux) pushPackets(set *mpegtsmuxSettings, force bool) error {
	if len(m.pending) == 0 {
		return nil
	}
	align := set.alignment
	if align < 0 {
		align = 0 // the automatic alignment of mpegtsmux without m2ts-mode
	}
	if align == 0 {
		list := gst.NewBufferListSized(len(m.pending))
		for _, pkt := range m.pending {
			b := gst.NewBufferWrapped(pkt.data)
			b.PTS, b.Flags = pkt.pts, pkt.flags
			_ = list.Add(b)
		}
		m.pending = m.pending[:0]
		return m.FinishBufferList(list)
	}
	if !force && len(m.pending) < align {
		return nil
	}
	list := gst.NewBufferListSized(len(m.pending)/align + 1)
	for len(m.pending) >= align || (force && len(m.pending) > 0) {
		n := min(align, len(m.pending))
		data := make([]byte, 0, align*mpegtsmuxPacketSize)
		for _, pkt := range m.pending[:n] {
			data = append(data, pkt.data...)
		}
		for i := n; i < align; i++ {
			null := make([]byte, mpegtsmuxPacketSize)
			null[0], null[1], null[2], null[3] = 0x47, 0x1f, 0xff, 0x10
			data = append(data, null...)
		}
		b := gst.NewBufferWrapped(data)
		b.PTS, b.Flags = m.pending[0].pts, m.pending[0].flags
		_ = list.Add(b)
		m.pending = m.pending[n:]
	}
	if len(m.pending) == 0 {
		m.pending = nil
	}
	return m.FinishBufferList(list)
}

// prepare returns the PES payload of buf: Annex B H.264 (converted from
// avc, with SPS/PPS from codec_data before keyframes that lack them) or
// ADTS AAC (raw frames get an ADTS header).
//
// GStreamer: gst_base_ts_mux_prepare_aac (gst/mpegtsmux/gstbasetsmuxaac.c); avc input is a GstMini addition.
func (tp *mpegtsmuxPad) prepare(buf *gst.Buffer) ([]byte, error) {
	data := buf.Bytes()
	switch {
	case tp.isVideo && tp.avc:
		var nalus [][]byte
		for pos := 0; pos < len(data); {
			if len(data)-pos < tp.nalLen {
				return nil, fmt.Errorf("truncated NAL length at offset %d", pos)
			}
			n := 0
			for i := 0; i < tp.nalLen; i++ {
				n = n<<8 | int(data[pos+i])
			}
			pos += tp.nalLen
			if n > len(data)-pos {
				return nil, fmt.Errorf("NAL of %d bytes at offset %d overruns the %d-byte buffer", n, pos, len(data))
			}
			if n > 0 {
				nalus = append(nalus, data[pos:pos+n])
			}
			pos += n
		}
		if !buf.HasFlags(gst.BufferFlagDeltaUnit) && len(tp.sps) > 0 {
			hasSPS := false
			for _, n := range nalus {
				if h264.NALUType(n[0]&0x1f) == h264.NALUTypeSPS {
					hasSPS = true
				}
			}
			if !hasSPS {
				ps := make([][]byte, 0, len(tp.sps)+len(tp.pps)+len(nalus))
				ps = append(ps, tp.sps...)
				ps = append(ps, tp.pps...)
				nalus = append(ps, nalus...)
			}
		}
		if len(nalus) == 0 {
			return nil, nil
		}
		return h264.AnnexB(nalus).Marshal()
	case !tp.isVideo && tp.aacRaw:
		return mpeg4audio.ADTSPackets{{
			Type:          tp.aacConf.Type,
			SampleRate:    tp.aacConf.SampleRate,
			ChannelConfig: tp.aacConf.ChannelConfig,
			ChannelCount:  tp.aacConf.ChannelCount,
			AU:            data,
		}}.Marshal()
	}
	return slices.Clone(data), nil
}
