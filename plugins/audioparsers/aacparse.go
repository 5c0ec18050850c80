package audioparsers

import (
	"errors"
	"fmt"
	"sync"

	"github.com/bluenviron/mediacommon/v2/pkg/codecs/mpeg4audio"

	"github.com/gstmini/gstmini/base"
	"github.com/gstmini/gstmini/gst"
)

// Header types of an AAC stream (stream-format).
const (
	aacHeaderNotParsed = iota
	aacHeaderNone      // raw
	aacHeaderADTS
)

// aacADTSHeaderLen is the ADTS header size without CRC.
const aacADTSHeaderLen = 7

// The pad templates of aacparse, as gst-inspect-1.0 aacparse shows them.
var (
	aacSinkTemplate = gst.MustNewPadTemplate("sink", gst.PadSink, gst.PadAlways,
		gst.MustParseCaps("audio/mpeg, mpegversion=(int){ 2, 4 }"))
	aacSrcTemplate = gst.MustNewPadTemplate("src", gst.PadSrc, gst.PadAlways,
		gst.MustParseCaps("audio/mpeg, framed=(boolean)true, mpegversion=(int){ 2, 4 }, "+
			"stream-format=(string){ raw, adts, adif, loas }"))
)

// AACParseClass is the class (factory) of the aacparse element.
//
// GStreamer: GstAacParseClass (gst/audioparsers/gstaacparse.c, gst-plugins-good).
var AACParseClass = &gst.ElementClass{
	Name:     "aacparse",
	TypeName: "GstAacParse",
	Rank:     gst.RankPrimary + 1,
	Metadata: gst.ElementMetadata{
		LongName:    "AAC audio stream parser",
		Klass:       "Codec/Parser/Audio",
		Description: "Advanced Audio Coding parser",
		Author:      "Stefan Kost <stefan.kost@nokia.com>",
		DocURI:      "https://gstreamer.freedesktop.org/documentation/audioparsers/aacparse.html",
	},
	PadTemplates: []*gst.PadTemplate{aacSinkTemplate, aacSrcTemplate},
	Properties: append(gst.ObjectProperties(),
		gst.ParamBool("disable-passthrough", "Disable passthrough",
			"Force processing (disables passthrough)", false, gst.ParamReadWrite)),
	New:    func() gst.Element { return &AACParse{} },
	Plugin: audioparsersPlugin,
}

// AACParse is the aacparse element: it frames AAC (MPEG-2/4) audio, raw
// (one frame per buffer, AudioSpecificConfig in codec_data) or ADTS (a
// 7- or 9-byte header per frame, frames may be split across buffers or
// several per buffer), and outputs one frame per buffer in the stream
// format downstream accepts: the input format when possible, else raw ↔
// ADTS conversion (ADTS headers are added from the AudioSpecificConfig, or
// stripped and codec_data built), as gst_aac_parse_set_src_caps does.
//
// Output caps carry over the input caps and set framed, mpegversion,
// level, base-profile, profile, rate, channels and stream-format
// (codec_data for raw). Timestamps pass through; when missing they follow
// on from the previous frame, and durations are computed from 1024
// samples per frame.
//
// Launch: gst-launch-1.0 filesrc location=movie.mp4 ! qtdemux ! aacparse !
// audio/mpeg,stream-format=adts ! filesink location=out.aac
//
// GStreamer: GstAacParse (gst/audioparsers/gstaacparse.c, gst-plugins-good).
type AACParse struct {
	gst.ElementBase

	sinkpad, srcpad *gst.Pad
	mu              sync.Mutex

	st aacState
}

type aacState struct {
	sinkCaps     *gst.Caps
	headerType   int
	outHeader    int
	mpegVersion  int
	objectType   int
	sampleRate   int
	channels     int
	frameSamples int
	srcCaps      *gst.Caps
	adapter      *base.Adapter
	nextTS       gst.ClockTime
	discont      bool
	pending      []gst.Event
	offset       uint64
}

// Constructed creates the pads.
//
// GStreamer: gst_aac_parse_init (gst/audioparsers/gstaacparse.c).
func (p *AACParse) Constructed() error {
	p.sinkpad = gst.NewPadFromTemplate(aacSinkTemplate, "sink")
	p.sinkpad.SetChainFunc(p.chain)
	p.sinkpad.SetEventFunc(p.sinkEvent)
	p.srcpad = gst.NewPadFromTemplate(aacSrcTemplate, "src")
	p.srcpad.UseFixedCaps()
	p.reset()
	if err := p.AddPad(p.sinkpad); err != nil {
		return err
	}
	return p.AddPad(p.srcpad)
}

// SetProperty accepts disable-passthrough (no effect: the element always
// parses). Safe for concurrent use.
//
// GStreamer: gst_base_parse_set_property (libs/gst/base/gstbaseparse.c).
func (p *AACParse) SetProperty(name string, v any) error { return nil }

// Property returns the value of a property. Safe for concurrent use.
//
// GStreamer: gst_base_parse_get_property (libs/gst/base/gstbaseparse.c).
func (p *AACParse) Property(name string) any {
	if name == "disable-passthrough" {
		return false
	}
	return nil
}

// ChangeState resets the parser when going to READY.
//
// GStreamer: gst_aac_parse_stop (gst/audioparsers/gstaacparse.c).
func (p *AACParse) ChangeState(t gst.StateChange) gst.StateChangeReturn {
	ret := p.ElementBase.ChangeState(t)
	if t == gst.StateChangePausedToReady {
		p.sinkpad.StreamLock()
		p.reset()
		p.sinkpad.StreamUnlock()
	}
	return ret
}

func (p *AACParse) reset() {
	p.st = aacState{adapter: base.NewAdapter(), discont: true, frameSamples: 1024}
}

func (p *AACParse) sinkEvent(pad *gst.Pad, ev gst.Event) bool {
	switch e := ev.(type) {
	case *gst.CapsEvent:
		if err := p.setCaps(e.Caps); err != nil {
			p.PostError(&gst.StreamError{Code: gst.StreamErrorFormat, Msg: err.Error(), Err: err}, err.Error())
			return false
		}
		return true
	case *gst.FlushStopEvent:
		p.st.adapter.Clear()
		p.st.discont = true
		p.st.nextTS = 0
		return p.srcpad.PushEvent(ev)
	case *gst.EOSEvent:
		if p.st.headerType != aacHeaderNone {
			if err := p.parseADTS(true); err != nil && !errors.Is(err, gst.ErrFlushing) {
				p.PostError(&gst.StreamError{Code: gst.StreamErrorFormat, Msg: err.Error(), Err: err}, err.Error())
			}
		}
		p.st.adapter.Clear() // an incomplete frame is dropped
		p.pushPending()
		return p.srcpad.PushEvent(ev)
	case *gst.StreamStartEvent, *gst.FlushStartEvent:
		return p.srcpad.PushEvent(ev)
	}
	if ev.Type().IsSerialized() && p.st.srcCaps == nil {
		p.st.pending = append(p.st.pending, ev)
		return true
	}
	return pad.EventDefault(ev)
}

func (p *AACParse) pushPending() {
	ev := p.st.pending
	p.st.pending = nil
	for _, e := range ev {
		p.srcpad.PushEvent(e)
	}
}

// setCaps reads the stream format and, for raw streams, the
// AudioSpecificConfig in codec_data.
//
// GStreamer: gst_aac_parse_sink_setcaps (gst/audioparsers/gstaacparse.c).
func (p *AACParse) setCaps(caps *gst.Caps) error {
	s := &p.st
	if caps == nil || caps.Size() == 0 {
		return errors.New("aacparse: empty caps")
	}
	st := caps.Structure(0)
	s.sinkCaps = caps.Copy()
	s.srcCaps = nil
	s.headerType = aacHeaderNotParsed
	if v, ok := st.Int("mpegversion"); ok {
		s.mpegVersion = v
	} else {
		s.mpegVersion = 4
	}
	if v, ok := st.Value("codec_data"); ok {
		b, ok := v.(*gst.Buffer)
		if !ok {
			return errors.New("aacparse: codec_data is not a buffer")
		}
		var asc mpeg4audio.AudioSpecificConfig
		if err := asc.Unmarshal(b.Bytes()); err != nil {
			return fmt.Errorf("aacparse: invalid codec_data: %w", err)
		}
		s.objectType = int(asc.Type)
		s.sampleRate = asc.SampleRate
		s.channels = asc.ChannelCount
		if asc.ChannelConfig == 7 {
			s.channels = 8
		} else if asc.ChannelConfig > 0 {
			s.channels = int(asc.ChannelConfig)
		}
		if asc.FrameLengthFlag {
			s.frameSamples = 960
		} else {
			s.frameSamples = 1024
		}
		s.headerType = aacHeaderNone
		if f, ok := st.StringField("stream-format"); ok && f == "adts" {
			s.headerType = aacHeaderNotParsed
		}
	}
	return nil
}

// aacRates are the sampling frequencies indexed by sampling_frequency_index.
var aacRates = [...]int{96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350}

func aacRateIndex(rate int) int {
	for i, r := range aacRates {
		if r == rate {
			return i
		}
	}
	return -1
}

// setSrcCaps computes the output caps and the output header type.
//
// GStreamer: gst_aac_parse_set_src_caps (gst/audioparsers/gstaacparse.c).
func (p *AACParse) setSrcCaps() error {
	s := &p.st
	var caps *gst.Caps
	if s.sinkCaps != nil {
		caps = s.sinkCaps.Copy()
	} else {
		caps = gst.NewCapsEmptySimple("audio/mpeg")
	}
	st := caps.Structure(0)
	st.Set("framed", true)
	st.Set("mpegversion", s.mpegVersion)
	s.outHeader = s.headerType
	format := "raw"
	if s.headerType == aacHeaderADTS {
		format = "adts"
	}
	idx := aacRateIndex(s.sampleRate)
	if idx < 0 {
		return fmt.Errorf("aacparse: not a known sample rate: %d", s.sampleRate)
	}
	cd := []byte{byte(s.objectType<<3 | idx>>1), byte(idx<<7 | (s.channels&0xf)<<3)}
	aacSetLevelAndProfile(st, s.objectType, s.sampleRate, s.channels)
	if s.sampleRate > 0 {
		st.Set("rate", s.sampleRate)
	}
	if s.channels > 0 {
		st.Set("channels", s.channels)
	}
	st.Set("stream-format", format)

	peer := p.srcpad.PeerQueryCaps(nil)
	if peer != nil && !caps.CanIntersect(peer) {
		conv := caps.Copy()
		cs := conv.Structure(0)
		switch s.headerType {
		case aacHeaderADTS:
			cs.Set("stream-format", "raw")
			cs.Set("codec_data", gst.NewBufferMemdup(cd))
			if conv.CanIntersect(peer) {
				s.outHeader = aacHeaderNone
				caps = conv
			}
		case aacHeaderNone:
			cs.Set("stream-format", "adts")
			cs.Remove("codec_data")
			if conv.CanIntersect(peer) {
				s.outHeader = aacHeaderADTS
				caps = conv
			}
		}
	}
	if !p.srcpad.SetCaps(caps) {
		if p.srcpad.IsFlushing() {
			return gst.ErrFlushing
		}
		return gst.ErrNotNegotiated
	}
	s.srcCaps = caps
	p.pushPending()
	return nil
}

// aacSetLevelAndProfile sets level, base-profile and profile as
// gst_codec_utils_aac_caps_set_level_and_profile does.
//
// GStreamer: gst_codec_utils_aac_caps_set_level_and_profile (gst-libs/gst/pbutils/codec-utils.c).
func aacSetLevelAndProfile(st *gst.Structure, objectType, rate, channelConfig int) {
	if lvl := aacLevel(objectType, rate, channelConfig); lvl > 0 {
		st.Set("level", fmt.Sprint(lvl))
	}
	prof := ""
	switch objectType {
	case 1:
		prof = "main"
	case 2:
		prof = "lc"
	case 3:
		prof = "ssr"
	case 4:
		prof = "ltp"
	}
	if prof != "" {
		st.Set("base-profile", prof)
		st.Set("profile", prof)
	}
}

// aacLevel returns the AAC (or Main) profile level, 0 when unknown.
//
// GStreamer: gst_codec_utils_aac_get_level (gst-libs/gst/pbutils/codec-utils.c).
func aacLevel(objectType, rate, channelConfig int) int {
	var sce, cpe, lfe int
	switch channelConfig {
	case 1:
		sce = 1
	case 2:
		cpe = 1
	case 3:
		sce, cpe = 1, 1
	case 4:
		sce, cpe = 2, 1
	case 5, 6:
		sce, cpe = 1, 2
	case 7, 12, 14:
		sce, cpe, lfe = 1, 3, 1
	case 11:
		sce, cpe, lfe = 2, 2, 1
	default:
		return 0
	}
	var pcuRef, rcuRef int
	switch objectType {
	case 0:
		return 0
	case 2:
		pcuRef, rcuRef = 3, 3
	case 3:
		pcuRef, rcuRef = 4, 3
	case 4:
		pcuRef, rcuRef = 4, 4
	default:
		pcuRef, rcuRef = 5, 5
	}
	pcu := int(float32(rate) / 48000 * float32(pcuRef) * float32(2*cpe+sce+lfe))
	rcuF := float64(rcuRef) * (float64(sce) + 0.5*float64(lfe))
	if cpe < 2 {
		rcuF += float64((rcuRef + (rcuRef - 1)) * cpe)
	} else {
		rcuF += float64(rcuRef + (rcuRef-1)*(2*cpe-1))
	}
	rcu := int(rcuF)
	n := sce + 2*cpe
	if objectType == 2 {
		switch {
		case n <= 2 && rate <= 24000 && pcu <= 3 && rcu <= 5:
			return 1
		case n <= 2 && rate <= 48000 && pcu <= 6 && rcu <= 5:
			return 2
		case n <= 5 && rate <= 48000 && pcu <= 19 && rcu <= 15:
			return 4
		case n <= 5 && rate <= 96000 && pcu <= 38 && rcu <= 15:
			return 5
		case n <= 7 && rate <= 48000 && pcu <= 25 && rcu <= 19:
			return 6
		case n <= 7 && rate <= 96000 && pcu <= 50 && rcu <= 19:
			return 7
		}
		return 0
	}
	switch {
	case pcu < 40 && rcu < 20:
		return 1
	case pcu < 80 && rcu < 64:
		return 2
	case pcu < 160 && rcu < 128:
		return 3
	case pcu < 320 && rcu < 256:
		return 4
	}
	return 0
}

// aacADTSHeader describes one ADTS header.
type aacADTSHeader struct {
	mpegVersion, objectType, rate, channels int
	headerLen, frameLen                     int
}

// aacParseADTSHeader reads the fixed and variable ADTS header at b (at
// least 7 bytes), or reports why it is not one.
//
// GStreamer: gst_aac_parse_check_adts_frame + gst_aac_parse_parse_adts_header
// (gst/audioparsers/gstaacparse.c).
func aacParseADTSHeader(b []byte) (aacADTSHeader, error) {
	var h aacADTSHeader
	if b[0] != 0xff || b[1]&0xf6 != 0xf0 {
		return h, errors.New("no ADTS sync word")
	}
	h.mpegVersion = 4
	if b[1]&0x08 != 0 {
		h.mpegVersion = 2
	}
	h.headerLen = 7
	if b[1]&1 == 0 {
		h.headerLen = 9 // CRC
	}
	h.objectType = int(b[2]>>6) + 1
	idx := int(b[2]>>2) & 0xf
	if idx >= len(aacRates) {
		return h, fmt.Errorf("invalid ADTS sample rate index %d", idx)
	}
	h.rate = aacRates[idx]
	h.channels = int(b[2]&1)<<2 | int(b[3]>>6)
	if h.channels == 7 {
		h.channels = 8
	}
	h.frameLen = int(b[3]&3)<<11 | int(b[4])<<3 | int(b[5]>>5)
	if h.frameLen <= h.headerLen {
		return h, fmt.Errorf("invalid ADTS frame length %d", h.frameLen)
	}
	return h, nil
}

func (p *AACParse) chain(_ *gst.Pad, buf *gst.Buffer) error {
	s := &p.st
	if buf.HasFlags(gst.BufferFlagDiscont) {
		s.discont = true
		if s.headerType != aacHeaderNone {
			s.adapter.Clear()
		}
	}
	if s.headerType == aacHeaderNotParsed && s.adapter.Available() == 0 {
		d := buf.Bytes()
		if len(d) >= 2 && d[0] == 0xff && d[1]&0xf6 == 0xf0 {
			s.headerType = aacHeaderADTS
		} else if s.sinkCaps != nil && s.sampleRate > 0 {
			s.headerType = aacHeaderNone
		}
	}
	if s.headerType == aacHeaderNone {
		defer buf.Unref()
		if buf.Size() == 0 {
			return nil
		}
		return p.pushFrame(buf, buf.PTS, buf.DTS, buf.Duration)
	}
	s.adapter.Push(buf)
	return p.parseADTS(false)
}

// parseADTS outputs the complete ADTS frames of the adapter. A frame is
// accepted when the next frame's sync word follows it, or at EOS (drain).
//
// GStreamer: gst_aac_parse_handle_frame (gst/audioparsers/gstaacparse.c).
func (p *AACParse) parseADTS(drain bool) error {
	s := &p.st
	for {
		avail := s.adapter.Available()
		if avail < aacADTSHeaderLen {
			return nil
		}
		hdr := s.adapter.Map(aacADTSHeaderLen)
		h, err := aacParseADTSHeader(hdr)
		if err != nil {
			// resync: look for the next sync word
			pos := -1
			if avail >= 5 {
				pos = s.adapter.MaskedScanUint32(0xfff60000, 0xfff00000, 1, avail-1)
			}
			if pos < 0 {
				s.adapter.Flush(avail - 3)
				if s.headerType == aacHeaderNotParsed && avail > 64<<10 {
					err := errors.New("aacparse: no ADTS sync word in the first 64 KiB and no codec_data")
					p.PostError(&gst.StreamError{Code: gst.StreamErrorWrongType, Msg: "aacparse: not an AAC stream", Err: err}, err.Error())
					return err
				}
				return nil
			}
			s.adapter.Flush(pos)
			s.discont = true
			continue
		}
		if avail < h.frameLen {
			return nil
		}
		if !drain {
			if avail < h.frameLen+2 {
				return nil // wait for the next sync word
			}
			if nx := s.adapter.Copy(h.frameLen, 2); nx[0] != 0xff || nx[1]&0xf6 != 0xf0 {
				s.adapter.Flush(1) // no sync after this frame: not a header
				s.discont = true
				continue
			}
		}
		pts, dist := s.adapter.PrevPTS()
		dts, _ := s.adapter.PrevDTS()
		if dist != 0 {
			pts, dts = gst.ClockTimeNone, gst.ClockTimeNone
		}
		frame := s.adapter.Take(h.frameLen)
		if h.headerLen == aacADTSHeaderLen {
			// cross-check with mediacommon's ADTS reader
			var pk mpeg4audio.ADTSPackets
			if err := pk.Unmarshal(frame); err == nil && len(pk) == 1 {
				h.rate = pk[0].SampleRate
			}
		}
		if s.headerType == aacHeaderNotParsed {
			s.headerType = aacHeaderADTS
		}
		if s.srcCaps == nil || s.sampleRate != h.rate || s.channels != h.channels || s.objectType != h.objectType {
			s.mpegVersion = h.mpegVersion
			s.objectType, s.sampleRate, s.channels = h.objectType, h.rate, h.channels
			s.frameSamples = 1024
			s.srcCaps = nil
		}
		if err := p.pushADTSFrame(frame, h, pts, dts); err != nil {
			return err
		}
	}
}

// pushADTSFrame outputs one ADTS frame, with or without its header.
func (p *AACParse) pushADTSFrame(frame []byte, h aacADTSHeader, pts, dts gst.ClockTime) error {
	s := &p.st
	if s.srcCaps == nil {
		if err := p.setSrcCaps(); err != nil {
			return err
		}
	}
	payload := frame
	if s.outHeader == aacHeaderNone {
		payload = frame[h.headerLen:]
	}
	return p.output(gst.NewBufferWrapped(payload), pts, dts, gst.ClockTimeNone)
}

// pushFrame outputs the raw frame in in: raw output shares in's memory,
// adts output is the header and the frame in one new allocation.
func (p *AACParse) pushFrame(in *gst.Buffer, pts, dts, dur gst.ClockTime) error {
	s := &p.st
	if s.srcCaps == nil {
		if err := p.setSrcCaps(); err != nil {
			return err
		}
	}
	if s.outHeader == aacHeaderADTS {
		data := in.Bytes()
		payload, err := p.adtsHeader(make([]byte, 0, aacADTSHeaderLen+len(data)), len(data))
		if err != nil {
			p.PostError(&gst.StreamError{Code: gst.StreamErrorFormat, Msg: err.Error(), Err: err}, err.Error())
			return err
		}
		return p.output(gst.NewBufferWrapped(append(payload, data...)), pts, dts, dur)
	}
	out, err := in.CopyRegion(gst.BufferCopyMemory, 0, -1)
	if err != nil {
		return fmt.Errorf("aacparse: %w", err)
	}
	return p.output(out, pts, dts, dur)
}

// adtsHeader appends the 7-byte ADTS header for a raw frame of n bytes to
// dst.
//
// GStreamer: gst_aac_parse_prepend_adts_headers (gst/audioparsers/gstaacparse.c).
func (p *AACParse) adtsHeader(dst []byte, n int) ([]byte, error) {
	s := &p.st
	profile := s.objectType - 1
	if s.objectType == 5 || s.objectType == 29 { // SBR/PS: signal the LC core
		profile = 1
	}
	if profile < 0 || profile > 3 {
		return nil, fmt.Errorf("aacparse: object type %d cannot be carried in ADTS", s.objectType)
	}
	ch := s.channels
	if ch == 8 {
		ch = 7
	}
	if ch <= 0 || ch > 7 {
		return nil, fmt.Errorf("aacparse: unsupported number of channels %d", s.channels)
	}
	idx := aacRateIndex(s.sampleRate)
	if idx < 0 {
		return nil, fmt.Errorf("aacparse: unsupported sampling frequency %d", s.sampleRate)
	}
	size := n + aacADTSHeaderLen
	if size >= 0x2000 {
		return nil, fmt.Errorf("aacparse: frame of %d bytes is too large for ADTS", n)
	}
	id := byte(0)
	if s.mpegVersion == 2 {
		id = 1
	}
	return append(dst,
		0xff,
		0xf0|id<<3|1,                       // layer 0, protection absent
		byte(profile<<6|idx<<2|1<<1|ch>>2), // private_bit set as in GStreamer
		byte((ch&3)<<6|1<<5|1<<4|size>>11), // original_copy, home
		byte(size>>3),
		byte((size&7)<<5|0x1f),
		0xfc, // fullness 0x7ff, one raw data block
	), nil
}

// output pushes buf (a new buffer holding one frame) with timestamps,
// computing missing ones from the previous frame and 1024 (or 960)
// samples per frame.
func (p *AACParse) output(buf *gst.Buffer, pts, dts, dur gst.ClockTime) error {
	s := &p.st
	if !dur.IsValid() && s.sampleRate > 0 {
		dur = gst.ClockTime(uint64(s.frameSamples) * uint64(gst.Second) / uint64(s.sampleRate))
	}
	if !pts.IsValid() {
		pts = s.nextTS
	}
	if !dts.IsValid() {
		dts = pts
	}
	if pts.IsValid() && dur.IsValid() {
		s.nextTS = pts + dur
	}
	buf.PTS, buf.DTS, buf.Duration = pts, dts, dur
	buf.Offset = s.offset
	s.offset += uint64(buf.Size())
	if s.discont {
		buf.SetFlags(gst.BufferFlagDiscont)
		s.discont = false
	}
	return p.srcpad.Push(buf)
}
