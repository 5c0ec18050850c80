package videoparsers

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"sync"

	"github.com/bluenviron/mediacommon/v2/pkg/bits"
	"github.com/bluenviron/mediacommon/v2/pkg/codecs/h264"

	"github.com/gstmini/gstmini/gst"
)

// Stream formats and alignments of H.264 caps.
const (
	h264FormatNone = iota
	h264FormatAVC
	h264FormatAVC3
	h264FormatByte
)

const (
	h264AlignNone = iota
	h264AlignNAL
	h264AlignAU
)

// Defaults of the h264parse properties.
const (
	h264DefaultConfigInterval = 0
)

// h264MaxPending bounds the bytes kept while looking for the end of a NAL
// unit in byte-stream input (a broken stream without start codes).
const h264MaxPending = 64 << 20

// The pad templates of h264parse, as gst-inspect-1.0 h264parse shows them.
var (
	h264SinkTemplate = gst.MustNewPadTemplate("sink", gst.PadSink, gst.PadAlways,
		gst.MustParseCaps("video/x-h264"))
	h264SrcTemplate = gst.MustNewPadTemplate("src", gst.PadSrc, gst.PadAlways,
		gst.MustParseCaps("video/x-h264, parsed=(boolean)true, "+
			"stream-format=(string){ avc, avc3, byte-stream }, alignment=(string){ au, nal }"))
)

// H264ParseClass is the class (factory) of the h264parse element.
//
// GStreamer: GstH264ParseClass (gst/videoparsers/gsth264parse.c, gst-plugins-bad).
var H264ParseClass = &gst.ElementClass{
	Name:     "h264parse",
	TypeName: "GstH264Parse",
	Rank:     gst.RankPrimary + 1,
	Metadata: gst.ElementMetadata{
		LongName:    "H.264 parser",
		Klass:       "Codec/Parser/Converter/Video",
		Description: "Parses H.264 streams",
		Author:      "Mark Nauwelaerts <mark.nauwelaerts@collabora.co.uk>",
		DocURI:      "https://gstreamer.freedesktop.org/documentation/videoparsersbad/h264parse.html",
	},
	PadTemplates: []*gst.PadTemplate{h264SinkTemplate, h264SrcTemplate},
	Properties: append(gst.ObjectProperties(),
		gst.ParamInt("config-interval", "SPS PPS Send Interval",
			"Send SPS and PPS Insertion Interval in seconds (sprop parameter sets "+
				"will be multiplexed in the data stream when detected.) "+
				"(0 = disabled, -1 = send with every IDR frame)",
			-1, 3600, h264DefaultConfigInterval, gst.ParamReadWrite),
		gst.ParamBool("disable-passthrough", "Disable passthrough",
			"Force processing (disables passthrough)", false, gst.ParamReadWrite),
		gst.ParamBool("update-timecode", "Update Timecode",
			"Update time code values in Picture Timing SEI if GstVideoTimeCodeMeta "+
				"is attached to incoming buffer and also Picture Timing SEI exists "+
				"in the bitstream. To make this property work, SPS must contain "+
				"VUI and pic_struct_present_flag of VUI must be non-zero",
			false, gst.ParamReadWrite),
	),
	New:    func() gst.Element { return &H264Parse{} },
	Plugin: videoparsersPlugin,
}

// H264Parse is the h264parse element: it reads H.264 in any stream format
// (byte-stream with start codes, avc/avc3 with length prefixes) and
// alignment, and outputs parsed access units (or NAL units) in the stream
// format and alignment downstream accepts, preferring the input format
// (gst_h264_parse_negotiate).
//
// Conversions: avc → byte-stream writes the codec_data SPS/PPS in band
// before the first IDR; byte-stream → avc builds codec_data from the
// in-band SPS/PPS; byte-stream input in any alignment is assembled into
// access units with the AU-boundary rules of the C element (AUD, SPS, PPS,
// SEI after a picture, or a slice with first_mb_in_slice == 0). An access
// unit delimiter is inserted in byte-stream AU output when the stream has
// none. config-interval (-1 = before every IDR, N = every N seconds)
// repeats SPS/PPS in byte-stream and avc3 output.
//
// Output caps carry over the input caps and add width, height, framerate
// (upstream first, else the SPS VUI), pixel-aspect-ratio, colorimetry,
// coded-picture-structure, chroma-format, bit depths, profile, level and,
// for avc/avc3, codec_data. PTS/DTS/duration pass through; DELTA_UNIT is
// cleared on IDR and I-slice pictures, HEADER is set on access units
// holding SPS, PPS or SEI, MARKER on each complete access unit.
//
// Launch: gst-launch-1.0 filesrc location=movie.mp4 ! qtdemux ! h264parse
// ! video/x-h264,stream-format=byte-stream ! filesink location=out.h264
//
// GStreamer: GstH264Parse (gst/videoparsers/gsth264parse.c, gst-plugins-bad).
type H264Parse struct {
	gst.ElementBase

	sinkpad, srcpad *gst.Pad

	mu       sync.Mutex // guards settings
	interval int

	// streaming state (sink pad stream lock)
	st h264State
}

// h264State is the streaming state of h264parse, reset on READY and
// flushes (partly).
type h264State struct {
	inFormat, inAlign int
	format, align     int
	nalLength         int // length prefix size of avc input
	sinkCaps          *gst.Caps
	codecDataIn       []byte
	sps               map[uint32][]byte
	pps               map[uint32][]byte
	spsOrder          []uint32
	ppsOrder          []uint32
	lastSPS           *h264.SPS
	lastSPSRaw        []byte
	updateCaps        bool
	pushCodec         bool
	lastReport        gst.ClockTime
	discont           bool
	offset            uint64
	pending           []gst.Event // serialized events held until src caps
	srcCaps           *gst.Caps

	// byte-stream input
	bs      []byte
	bsStart uint64 // absolute offset of bs[0]
	bsTotal uint64
	marks   []h264Mark
	au      [][]byte
	auTS    h264Mark
	auPic   bool
}

// h264Mark remembers where an input buffer starts in the byte-stream
// input and its timestamps.
type h264Mark struct {
	off           uint64
	pts, dts, dur gst.ClockTime
	flags         gst.BufferFlags
}

// Constructed creates the pads.
//
// GStreamer: gst_h264_parse_init (gst/videoparsers/gsth264parse.c).
func (p *H264Parse) Constructed() error {
	p.interval = h264DefaultConfigInterval
	p.sinkpad = gst.NewPadFromTemplate(h264SinkTemplate, "sink")
	p.sinkpad.SetChainFunc(p.chain)
	p.sinkpad.SetEventFunc(p.sinkEvent)
	p.sinkpad.SetQueryFunc(p.sinkQuery)
	p.srcpad = gst.NewPadFromTemplate(h264SrcTemplate, "src")
	p.srcpad.UseFixedCaps()
	p.reset()
	if err := p.AddPad(p.sinkpad); err != nil {
		return err
	}
	return p.AddPad(p.srcpad)
}

// SetProperty sets config-interval, disable-passthrough or
// update-timecode (the last two are accepted and have no effect: this
// element never works in passthrough and does not rewrite timecodes).
// Safe for concurrent use.
//
// GStreamer: gst_h264_parse_set_property (gst/videoparsers/gsth264parse.c).
func (p *H264Parse) SetProperty(name string, v any) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch name {
	case "config-interval":
		p.interval = v.(int)
	}
	return nil
}

// Property returns the value of a property. Safe for concurrent use.
//
// GStreamer: gst_h264_parse_get_property (gst/videoparsers/gsth264parse.c).
func (p *H264Parse) Property(name string) any {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch name {
	case "config-interval":
		return p.interval
	case "disable-passthrough", "update-timecode":
		return false
	}
	return nil
}

// ChangeState resets the parser when going to READY.
//
// GStreamer: gst_h264_parse_stop (gst/videoparsers/gsth264parse.c).
func (p *H264Parse) ChangeState(t gst.StateChange) gst.StateChangeReturn {
	ret := p.ElementBase.ChangeState(t)
	if t == gst.StateChangePausedToReady {
		p.sinkpad.StreamLock()
		p.reset()
		p.sinkpad.StreamUnlock()
	}
	return ret
}

func (p *H264Parse) reset() {
	p.st = h264State{
		sps:        map[uint32][]byte{},
		pps:        map[uint32][]byte{},
		lastReport: gst.ClockTimeNone,
		discont:    true,
	}
}

func (p *H264Parse) flushInput() {
	s := &p.st
	s.bs, s.marks, s.au, s.auPic = nil, nil, nil, false
	s.bsStart, s.bsTotal = 0, 0
	s.discont = true
}

// ---------------------------------------------------------------------------
// Events and queries

func (p *H264Parse) sinkEvent(pad *gst.Pad, ev gst.Event) bool {
	switch e := ev.(type) {
	case *gst.CapsEvent:
		return p.setCaps(e.Caps) == nil
	case *gst.FlushStopEvent:
		p.flushInput()
		return p.srcpad.PushEvent(ev)
	case *gst.EOSEvent:
		err := p.drain()
		p.pushPending()
		if err != nil && !errors.Is(err, gst.ErrFlushing) {
			p.PostError(&gst.StreamError{Code: gst.StreamErrorFormat, Msg: "h264parse: " + err.Error(), Err: err}, err.Error())
		}
		return p.srcpad.PushEvent(ev)
	case *gst.StreamStartEvent, *gst.FlushStartEvent:
		return p.srcpad.PushEvent(ev)
	}
	if ev.Type().IsSerialized() && p.st.srcCaps == nil && ev.Type() != gst.EventEOS {
		p.st.pending = append(p.st.pending, ev)
		return true
	}
	return pad.EventDefault(ev)
}

func (p *H264Parse) pushPending() {
	ev := p.st.pending
	p.st.pending = nil
	for _, e := range ev {
		p.srcpad.PushEvent(e)
	}
}

// sinkQuery answers caps queries with what downstream accepts, without the
// fields this element converts (stream-format, alignment, parsed).
//
// GStreamer: gst_h264_parse_get_caps (gst/videoparsers/gsth264parse.c).
func (p *H264Parse) sinkQuery(pad *gst.Pad, q gst.Query) bool {
	if cq, ok := q.(*gst.CapsQuery); ok {
		tmpl := h264SinkTemplate.Caps
		peer := p.srcpad.PeerQueryCaps(nil)
		var res *gst.Caps
		if peer == nil || peer.IsAny() {
			res = tmpl.Copy()
		} else {
			peer = peer.Copy()
			for i := 0; i < peer.Size(); i++ {
				s := peer.Structure(i)
				s.Remove("stream-format")
				s.Remove("alignment")
				s.Remove("parsed")
			}
			res = peer.Intersect(tmpl)
		}
		if cq.Filter != nil {
			res = cq.Filter.IntersectFull(res, gst.CapsIntersectFirst)
		}
		cq.Result = res
		return true
	}
	return pad.QueryDefault(q)
}

func h264FormatFromCaps(c *gst.Caps) (format, align int) {
	if c == nil || c.Size() == 0 {
		return
	}
	s := c.Structure(0)
	if v, ok := s.StringField("stream-format"); ok {
		switch v {
		case "avc":
			format = h264FormatAVC
		case "avc3":
			format = h264FormatAVC3
		case "byte-stream":
			format = h264FormatByte
		}
	}
	if v, ok := s.StringField("alignment"); ok {
		switch v {
		case "au":
			align = h264AlignAU
		case "nal":
			align = h264AlignNAL
		}
	}
	return
}

func h264FormatString(f int) string {
	switch f {
	case h264FormatAVC:
		return "avc"
	case h264FormatAVC3:
		return "avc3"
	}
	return "byte-stream"
}

func h264AlignString(a int) string {
	if a == h264AlignNAL {
		return "nal"
	}
	return "au"
}

// setCaps reads the input format and codec_data and negotiates the output
// format.
//
// GStreamer: gst_h264_parse_set_caps (gst/videoparsers/gsth264parse.c).
func (p *H264Parse) setCaps(caps *gst.Caps) error {
	s := &p.st
	if caps == nil || caps.Size() == 0 {
		return errors.New("h264parse: empty caps")
	}
	st := caps.Structure(0)
	format, align := h264FormatFromCaps(caps)
	var codecData []byte
	if v, ok := st.Value("codec_data"); ok {
		if b, ok := v.(*gst.Buffer); ok {
			codecData = b.Bytes()
		}
	}
	if format == h264FormatNone {
		// codec_data without a stream-format means avc
		if codecData != nil {
			format = h264FormatAVC
		} else {
			format = h264FormatByte
		}
	}
	if align == h264AlignNone {
		if format == h264FormatAVC || format == h264FormatAVC3 {
			align = h264AlignAU
		}
	}
	if format == h264FormatAVC && codecData == nil {
		return errors.New("h264parse: avc stream-format without codec_data")
	}
	s.inFormat, s.inAlign = format, align
	s.nalLength = 4
	s.codecDataIn = nil
	if codecData != nil && (format == h264FormatAVC || format == h264FormatAVC3) {
		if err := p.parseCodecData(codecData); err != nil {
			return err
		}
		s.codecDataIn = append([]byte(nil), codecData...)
	}
	s.sinkCaps = caps.Copy()
	p.negotiate(format, align)
	if format == h264FormatAVC || format == h264FormatAVC3 {
		// codec NALs are inserted in band if the output needs them
		s.pushCodec = true
	}
	s.updateCaps = true
	s.srcCaps = nil
	return nil
}

// negotiate picks the output format: the input format when downstream
// accepts the input caps, else the first structure downstream allows,
// fixated; byte-stream/au by default.
//
// GStreamer: gst_h264_parse_negotiate (gst/videoparsers/gsth264parse.c).
func (p *H264Parse) negotiate(inFormat, inAlign int) {
	s := &p.st
	format, align := s.format, s.align
	caps := p.srcpad.AllowedCaps()
	if caps != nil {
		caps = caps.Truncate()
	}
	// the C element builds the input caps with a NULL alignment string
	// when the input alignment is unknown: they never intersect then
	if caps != nil && inAlign != h264AlignNone {
		in := gst.NewCapsSimple("video/x-h264", "parsed", true,
			"stream-format", h264FormatString(inFormat), "alignment", h264AlignString(inAlign))
		if in.CanIntersect(caps) {
			format, align = inFormat, inAlign
			caps = nil
		}
	}
	if caps != nil && !caps.IsEmpty() {
		caps = caps.Fixate()
		format, align = h264FormatFromCaps(caps)
	}
	if format == h264FormatNone {
		format = h264FormatByte
	}
	if align == h264AlignNone {
		align = h264AlignAU
	}
	s.format, s.align = format, align
}

// ---------------------------------------------------------------------------
// NAL parsing

// parseCodecData reads an AVCDecoderConfigurationRecord.
func (p *H264Parse) parseCodecData(cd []byte) error {
	if len(cd) < 7 {
		return fmt.Errorf("h264parse: codec_data too short (%d bytes)", len(cd))
	}
	if cd[0] != 1 {
		return fmt.Errorf("h264parse: codec_data version %d, want 1", cd[0])
	}
	p.st.nalLength = int(cd[4]&3) + 1
	pos := 5
	for pass := 0; pass < 2; pass++ {
		if pos >= len(cd) {
			return errors.New("h264parse: truncated codec_data")
		}
		n := int(cd[pos])
		if pass == 0 {
			n &= 0x1f
		}
		pos++
		for i := 0; i < n; i++ {
			if pos+2 > len(cd) {
				return errors.New("h264parse: truncated codec_data")
			}
			l := int(binary.BigEndian.Uint16(cd[pos:]))
			pos += 2
			if pos+l > len(cd) || l == 0 {
				return errors.New("h264parse: truncated codec_data")
			}
			p.processNAL(cd[pos:pos+l], nil)
			pos += l
		}
	}
	return nil
}

// h264AUInfo collects what the NALs of one access unit held.
type h264AUInfo struct {
	keyframe, header, idr bool
	haveSPS, havePPS      bool
	haveAUD               bool
	idrPos, seiPos        int
}

// processNAL looks at one NAL unit (without start code or length prefix):
// stores SPS/PPS and notes keyframes and headers in info (may be nil).
//
// GStreamer: gst_h264_parse_process_nal (gst/videoparsers/gsth264parse.c).
func (p *H264Parse) processNAL(nal []byte, info *h264AUInfo) {
	if len(nal) == 0 {
		return
	}
	s := &p.st
	if info == nil {
		info = &h264AUInfo{}
	}
	typ := h264.NALUType(nal[0] & 0x1f)
	switch typ {
	case h264.NALUTypeSPS:
		var sps h264.SPS
		if err := sps.Unmarshal(nal); err != nil {
			info.header = true
			return
		}
		if s.lastSPS == nil || !bytes.Equal(s.lastSPSRaw, nal) {
			s.updateCaps = true
		}
		s.lastSPS = &sps
		s.lastSPSRaw = append([]byte(nil), nal...)
		if _, ok := s.sps[sps.ID]; !ok {
			s.spsOrder = append(s.spsOrder, sps.ID)
		}
		s.sps[sps.ID] = append([]byte(nil), nal...)
		info.haveSPS, info.header = true, true
	case h264.NALUTypePPS:
		rbsp := h264.EmulationPreventionRemove(nal[1:])
		pos := 0
		id, err := bits.ReadGolombUnsigned(rbsp, &pos)
		if err != nil || id > 255 {
			return
		}
		if _, ok := s.pps[id]; !ok {
			s.ppsOrder = append(s.ppsOrder, id)
			s.updateCaps = true
		}
		s.pps[id] = append([]byte(nil), nal...)
		info.havePPS, info.header = true, true
	case h264.NALUTypeSEI:
		info.header = true
	case h264.NALUTypeAccessUnitDelimiter:
		info.haveAUD = true
	case h264.NALUTypeNonIDR, h264.NALUTypeDataPartitionA, h264.NALUTypeIDR:
		if typ == h264.NALUTypeIDR {
			info.idr, info.keyframe = true, true
		}
		if len(nal) > 1 {
			hdr := nal[1:min(len(nal), 32)]
			rbsp := h264.EmulationPreventionRemove(hdr)
			pos := 0
			if _, err := bits.ReadGolombUnsigned(rbsp, &pos); err == nil {
				if st, err := bits.ReadGolombUnsigned(rbsp, &pos); err == nil {
					if st%5 == 2 || st%5 == 4 { // I or SI slice
						info.keyframe = true
					}
				}
			}
		}
	}
}

// h264SplitAVC splits a length-prefixed buffer into NAL units.
func h264SplitAVC(data []byte, nl int) ([][]byte, error) {
	var nals [][]byte
	for len(data) > 0 {
		if len(data) < nl {
			return nals, fmt.Errorf("h264parse: truncated NAL length (%d bytes left)", len(data))
		}
		var l int
		for i := 0; i < nl; i++ {
			l = l<<8 | int(data[i])
		}
		data = data[nl:]
		if l > len(data) {
			return nals, fmt.Errorf("h264parse: NAL length %d exceeds the %d bytes left", l, len(data))
		}
		if l > 0 {
			nals = append(nals, data[:l])
		}
		data = data[l:]
	}
	return nals, nil
}

// ---------------------------------------------------------------------------
// Data flow

func (p *H264Parse) chain(_ *gst.Pad, buf *gst.Buffer) error {
	defer buf.Unref()
	s := &p.st
	if s.sinkCaps == nil {
		// no caps event: assume byte-stream like the C element's default
		if err := p.setCaps(gst.MustParseCaps("video/x-h264")); err != nil {
			return err
		}
	}
	data := buf.Bytes()
	mark := h264Mark{off: s.bsTotal, pts: buf.PTS, dts: buf.DTS, dur: buf.Duration, flags: buf.Flags}
	if buf.HasFlags(gst.BufferFlagDiscont) {
		s.discont = true
	}
	if s.inFormat == h264FormatAVC || s.inFormat == h264FormatAVC3 {
		nals, err := h264SplitAVC(data, s.nalLength)
		if err != nil && s.inAlign == h264AlignNAL {
			p.PostError(&gst.StreamError{Code: gst.StreamErrorFormat, Msg: "Failed to parse stream", Err: err}, err.Error())
			return err
		}
		// A damaged access unit (a NAL length running past the buffer) is
		// not an error: like GStreamer's handle_frame_packetized when not
		// splitting, keep the NAL units parsed before the damage and drop
		// the rest (the whole AU when none parsed).
		mark.off = s.offset
		s.offset += uint64(len(data))
		if len(nals) == 0 {
			return nil
		}
		if s.inAlign == h264AlignNAL {
			// packetized NAL input: assemble like byte-stream NALs
			for _, n := range nals {
				if err := p.collectNAL(append([]byte(nil), n...), mark); err != nil {
					return err
				}
			}
			return nil
		}
		in := buf
		if s.nalLength != 4 {
			in = nil // a different length size: the payload is rewritten
		}
		return p.outputAU(nals, mark, in)
	}
	// byte-stream
	s.bs = append(s.bs, data...)
	s.marks = append(s.marks, mark)
	s.bsTotal += uint64(len(data))
	if err := p.scanByteStream(false); err != nil {
		return err
	}
	if s.inAlign == h264AlignAU {
		// each input buffer is a complete access unit
		if err := p.scanByteStream(true); err != nil {
			return err
		}
		return p.finishAU()
	}
	if len(s.bs) > h264MaxPending {
		err := fmt.Errorf("h264parse: no NAL boundary in %d bytes", len(s.bs))
		p.PostError(&gst.StreamError{Code: gst.StreamErrorFormat, Msg: "Failed to parse stream", Err: err}, err.Error())
		return err
	}
	return nil
}

// h264FindStartCode returns the index of the next 00 00 01 in b at or after
// from, and the start code length (3 or 4 when preceded by 00), or -1.
func h264FindStartCode(b []byte, from int) (int, int) {
	for {
		i := bytes.Index(b[from:], []byte{0, 0, 1})
		if i < 0 {
			return -1, 0
		}
		i += from
		if i > 0 && b[i-1] == 0 {
			return i - 1, 4
		}
		return i, 3
	}
}

// scanByteStream extracts the complete NAL units of the byte-stream
// buffer; at end (EOS or AU-aligned input) the remainder is a NAL too.
func (p *H264Parse) scanByteStream(end bool) error {
	s := &p.st
	pos := 0
	start, scl := h264FindStartCode(s.bs, 0)
	if start < 0 {
		if end || len(s.bs) > 3 {
			// garbage without a start code: drop all but a possible
			// partial start code
			keep := 0
			if !end {
				keep = 3
			}
			p.consume(len(s.bs) - keep)
		}
		return nil
	}
	if start > 0 {
		p.consume(start) // skip garbage before the first start code
	}
	pos = 0
	_, scl = h264FindStartCode(s.bs, 0)
	for {
		next, nscl := h264FindStartCode(s.bs, pos+scl)
		if next < 0 {
			if !end {
				break
			}
			next = len(s.bs)
		}
		nal := s.bs[pos+scl : next]
		// trailing zero bytes belong to the next start code
		nal = bytes.TrimRight(nal, "\x00")
		if len(nal) > 0 {
			mark := p.markAt(s.bsStart + uint64(pos))
			if err := p.collectNAL(append([]byte(nil), nal...), mark); err != nil {
				return err
			}
		}
		pos = next
		scl = nscl
		if pos >= len(s.bs) {
			break
		}
	}
	p.consume(pos)
	return nil
}

// consume drops n bytes from the byte-stream buffer.
func (p *H264Parse) consume(n int) {
	s := &p.st
	if n <= 0 {
		return
	}
	s.bs = append(s.bs[:0:0], s.bs[n:]...)
	s.bsStart += uint64(n)
	// drop marks wholly before the new start, keeping the one covering it
	i := 0
	for i+1 < len(s.marks) && s.marks[i+1].off <= s.bsStart {
		i++
	}
	s.marks = s.marks[i:]
}

// markAt returns the timestamps of the input buffer holding absolute
// offset off.
func (p *H264Parse) markAt(off uint64) h264Mark {
	m := h264Mark{pts: gst.ClockTimeNone, dts: gst.ClockTimeNone, dur: gst.ClockTimeNone, off: off}
	for _, mk := range p.st.marks {
		if mk.off > off {
			break
		}
		m = mk
	}
	m.off = off
	return m
}

// collectNAL adds a NAL to the access unit being assembled, completing
// the previous one when this NAL starts a new access unit.
//
// GStreamer: gst_h264_parse_collect_nal (gst/videoparsers/gsth264parse.c).
func (p *H264Parse) collectNAL(nal []byte, mark h264Mark) error {
	s := &p.st
	typ := h264.NALUType(nal[0] & 0x1f)
	complete := false
	switch {
	case typ == h264.NALUTypeAccessUnitDelimiter || (typ >= h264.NALUTypeSEI && typ <= h264.NALUTypeAccessUnitDelimiter) ||
		(typ >= 14 && typ <= 18):
		complete = s.auPic
	case typ >= h264.NALUTypeNonIDR && typ <= h264.NALUTypeIDR:
		complete = s.auPic && len(nal) > 1 && nal[1]&0x80 != 0
	}
	if complete {
		if err := p.finishAU(); err != nil {
			return err
		}
	}
	if len(s.au) == 0 {
		s.auTS = mark
	} else if !s.auTS.pts.IsValid() && mark.pts.IsValid() {
		s.auTS = mark
	}
	s.au = append(s.au, nal)
	if typ >= h264.NALUTypeNonIDR && typ <= h264.NALUTypeIDR {
		s.auPic = true
	}
	if s.align == h264AlignNAL && s.inAlign != h264AlignAU {
		// NAL output: push each NAL as it comes
		return p.finishAU()
	}
	return nil
}

// finishAU outputs the access unit being assembled.
func (p *H264Parse) finishAU() error {
	s := &p.st
	if len(s.au) == 0 {
		return nil
	}
	au, ts := s.au, s.auTS
	s.au, s.auPic = nil, false
	return p.outputAU(au, ts, nil)
}

// drain outputs what is left at EOS.
func (p *H264Parse) drain() error {
	s := &p.st
	if s.inFormat == h264FormatByte && len(s.bs) > 0 {
		if err := p.scanByteStream(true); err != nil {
			return err
		}
	}
	return p.finishAU()
}

// outputAU converts one access unit (or NAL unit, for nal alignment) to
// the output format and pushes it.
//
// GStreamer: gst_h264_parse_parse_frame + gst_h264_parse_pre_push_frame
// (gst/videoparsers/gsth264parse.c).
//
// in, when not nil, is the input buffer the NAL units were split from
// (4-byte lengths): when the access unit goes out unchanged as avc/avc3,
// the output buffer shares its memory instead of copying the bytes.
func (p *H264Parse) outputAU(nals [][]byte, ts h264Mark, in *gst.Buffer) error {
	s := &p.st
	info := h264AUInfo{idrPos: -1, seiPos: -1}
	for i, n := range nals {
		typ := h264.NALUType(n[0] & 0x1f)
		if typ == h264.NALUTypeSEI && info.seiPos < 0 {
			info.seiPos = i
		}
		if typ == h264.NALUTypeIDR && info.idrPos < 0 {
			info.idrPos = i
		}
		p.processNAL(n, &info)
	}
	if info.haveSPS && info.havePPS && s.pushCodec {
		// SPS and PPS in the stream: no need to push them at the start
		s.pushCodec = false
	}
	if info.idrPos >= 0 && info.seiPos >= 0 && info.seiPos < info.idrPos {
		info.idrPos = info.seiPos
	}

	if err := p.updateSrcCaps(); err != nil {
		return err
	}
	if s.srcCaps == nil {
		// avc output needs SPS/PPS for codec_data: drop until then
		return nil
	}
	p.pushPending()

	// in-band SPS/PPS
	p.mu.Lock()
	interval := p.interval
	p.mu.Unlock()
	out := nals
	insert := false
	if s.format == h264FormatByte || s.format == h264FormatAVC3 || s.pushCodec {
		if interval > 0 || s.pushCodec {
			initial := false
			if !s.lastReport.IsValid() {
				s.lastReport = ts.pts
				initial = true
			}
			if info.idrPos >= 0 {
				var diff gst.ClockTime
				if ts.pts.IsValid() && s.lastReport.IsValid() && ts.pts > s.lastReport {
					diff = ts.pts - s.lastReport
				}
				if int(diff/gst.Second) >= interval || initial || s.pushCodec {
					insert = true
					if ts.pts.IsValid() {
						s.lastReport = ts.pts
					}
				}
				s.pushCodec = false
			}
		} else if interval == -1 && info.idrPos >= 0 {
			insert = true
			s.pushCodec = false
		}
	}
	if insert && s.format == h264FormatAVC && interval == 0 {
		// avc keeps its parameter sets in codec_data
		insert = false
	}
	if insert && !(info.haveSPS && info.havePPS) && (len(s.sps) > 0 || len(s.pps) > 0) {
		out = make([][]byte, 0, len(nals)+len(s.sps)+len(s.pps))
		out = append(out, nals[:info.idrPos]...)
		for _, id := range s.spsOrder {
			out = append(out, s.sps[id])
		}
		for _, id := range s.ppsOrder {
			out = append(out, s.pps[id])
		}
		out = append(out, nals[info.idrPos:]...)
		info.header = true
	}
	if s.format == h264FormatByte && s.align == h264AlignAU && !info.haveAUD {
		out = append([][]byte{{0x09, 0xf0}}, out...)
	}

	buf, err := h264PassThrough(in, nals, out, s.format)
	if err != nil {
		return err
	}
	if buf == nil {
		var payload []byte
		if s.format == h264FormatByte {
			payload, err = h264.AnnexB(out).Marshal()
		} else {
			payload, err = h264.AVCC(out).Marshal()
		}
		if err != nil {
			return fmt.Errorf("h264parse: %w", err)
		}
		buf = gst.NewBufferWrapped(payload)
	}
	buf.PTS, buf.DTS, buf.Duration = ts.pts, ts.dts, ts.dur
	buf.Offset = ts.off
	if info.keyframe {
		buf.UnsetFlags(gst.BufferFlagDeltaUnit)
	} else {
		buf.SetFlags(gst.BufferFlagDeltaUnit)
	}
	if info.header {
		buf.SetFlags(gst.BufferFlagHeader)
	}
	if s.align == h264AlignAU {
		buf.SetFlags(gst.BufferFlagMarker)
	}
	if s.discont {
		buf.SetFlags(gst.BufferFlagDiscont)
		s.discont = false
	}
	return p.srcpad.Push(buf)
}

// h264PassThrough returns a new buffer sharing in's memory when the
// access unit out is nals unchanged, the output is avc/avc3 and in holds
// exactly nals with 4-byte lengths (what AVCC marshalling would write);
// nil otherwise.
func h264PassThrough(in *gst.Buffer, nals, out [][]byte, format int) (*gst.Buffer, error) {
	if in == nil || (format != h264FormatAVC && format != h264FormatAVC3) ||
		len(out) != len(nals) || len(out) == 0 || &out[0] != &nals[0] {
		return nil, nil
	}
	size := 0
	for _, n := range nals {
		size += 4 + len(n)
	}
	if size != in.Size() {
		return nil, nil // zero-length NAL units were dropped
	}
	buf, err := in.CopyRegion(gst.BufferCopyMemory, 0, -1)
	if err != nil {
		return nil, fmt.Errorf("h264parse: %w", err)
	}
	return buf, nil
}

// makeCodecData builds the AVCDecoderConfigurationRecord for avc (all
// SPS/PPS) or avc3 (none) output, or nil without an SPS.
//
// GStreamer: gst_h264_parse_make_codec_data (gst/videoparsers/gsth264parse.c).
func (p *H264Parse) makeCodecData() []byte {
	s := &p.st
	if len(s.spsOrder) == 0 || len(s.ppsOrder) == 0 {
		return nil
	}
	first := s.sps[s.spsOrder[0]]
	if len(first) < 4 {
		return nil
	}
	cd := []byte{1, first[1], first[2], first[3], 0xfc | 3}
	if s.format == h264FormatAVC3 {
		return append(cd, 0xe0, 0)
	}
	cd = append(cd, 0xe0|byte(len(s.spsOrder)))
	for _, id := range s.spsOrder {
		cd = binary.BigEndian.AppendUint16(cd, uint16(len(s.sps[id])))
		cd = append(cd, s.sps[id]...)
	}
	cd = append(cd, byte(len(s.ppsOrder)))
	for _, id := range s.ppsOrder {
		cd = binary.BigEndian.AppendUint16(cd, uint16(len(s.pps[id])))
		cd = append(cd, s.pps[id]...)
	}
	return cd
}

// updateSrcCaps computes the output caps from the sink caps and the last
// SPS and sets them on the source pad when they changed.
//
// GStreamer: gst_h264_parse_update_src_caps (gst/videoparsers/gsth264parse.c).
func (p *H264Parse) updateSrcCaps() error {
	s := &p.st
	if s.srcCaps != nil && !s.updateCaps {
		return nil
	}
	var cd []byte
	if (s.format == h264FormatAVC || s.format == h264FormatAVC3) && s.align == h264AlignAU {
		cd = p.makeCodecData()
		if cd == nil && s.codecDataIn != nil {
			cd = s.codecDataIn
		}
		if cd == nil {
			return nil // not ready for avc output yet
		}
	}
	caps := s.sinkCaps.Copy()
	st := caps.Structure(0)
	if sps := s.lastSPS; sps != nil {
		h264CapsFromSPS(st, s.sinkCaps.Structure(0), sps)
	}
	st.Set("parsed", true)
	st.Set("stream-format", h264FormatString(s.format))
	st.Set("alignment", h264AlignString(s.align))
	if sps := s.lastSPS; sps != nil {
		if prof := h264ProfileString(sps); prof != "" {
			st.Set("profile", prof)
		}
		if lvl := h264LevelString(sps); lvl != "" {
			st.Set("level", lvl)
		}
	}
	if cd != nil {
		st.Set("codec_data", gst.NewBufferMemdup(cd))
	} else {
		st.Remove("codec_data")
	}
	s.updateCaps = false
	if s.srcCaps != nil && s.srcCaps.IsStrictlyEqual(caps) {
		return nil
	}
	if !p.srcpad.SetCaps(caps) {
		if p.srcpad.IsFlushing() {
			return gst.ErrFlushing
		}
		return gst.ErrNotNegotiated
	}
	s.srcCaps = caps
	return nil
}

// h264CapsFromSPS sets the fields derived from sps on st, keeping upstream
// values (in) for framerate, pixel-aspect-ratio and colorimetry.
func h264CapsFromSPS(st, in *gst.Structure, sps *h264.SPS) {
	width, height := sps.Width(), sps.Height()
	fpsN, fpsD := 0, 1
	if vui := sps.VUI; vui != nil && vui.TimingInfo != nil && vui.TimingInfo.NumUnitsInTick > 0 {
		fpsN = int(vui.TimingInfo.TimeScale)
		fpsD = int(vui.TimingInfo.NumUnitsInTick) * 2
	}
	if _, ok := in.Fraction("pixel-aspect-ratio"); !ok {
		if parN, parD := h264PAR(sps); parN != 0 && parD != 0 {
			st.Set("pixel-aspect-ratio", gst.NewFraction(parN, parD))
		}
	}
	st.Set("width", width)
	st.Set("height", height)
	if f, ok := in.Fraction("framerate"); ok && f.Num > 0 && f.Den > 0 {
		fpsN, fpsD = f.Num, f.Den
	}
	if fpsD > 0 {
		st.Set("framerate", gst.NewFraction(fpsN, fpsD))
	}
	if sps.FrameMbsOnlyFlag {
		st.Set("coded-picture-structure", "frame")
	} else {
		st.Set("coded-picture-structure", "field")
	}
	chroma := ""
	depthChroma := uint(sps.BitDepthChromaMinus8 + 8)
	cfi := sps.ChromaFormatIdc
	switch sps.ProfileIdc {
	case 100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135:
	default:
		cfi = 1 // not coded: 4:2:0
	}
	switch cfi {
	case 0:
		chroma, depthChroma = "4:0:0", 0
	case 1:
		chroma = "4:2:0"
	case 2:
		chroma = "4:2:2"
	case 3:
		chroma = "4:4:4"
	}
	if chroma != "" {
		st.Set("chroma-format", chroma)
		st.Set("bit-depth-luma", uint(sps.BitDepthLumaMinus8+8))
		st.Set("bit-depth-chroma", depthChroma)
	}
	if c := h264Colorimetry(sps); c != "" && !in.HasField("colorimetry") {
		st.Set("colorimetry", c)
	}
}

// h264PARTable is Table E-1 of H.264 (aspect_ratio_idc 1..16).
var h264PARTable = [...][2]int{
	{0, 0}, {1, 1}, {12, 11}, {10, 11}, {16, 11}, {40, 33}, {24, 11}, {20, 11}, {32, 11},
	{80, 33}, {18, 11}, {15, 11}, {64, 33}, {160, 99}, {4, 3}, {3, 2}, {2, 1},
}

// h264PAR returns the pixel aspect ratio of the VUI, 0/0 when absent.
//
// GStreamer: gst_h264_parse_get_par (gst/videoparsers/gsth264parse.c).
func h264PAR(sps *h264.SPS) (int, int) {
	vui := sps.VUI
	if vui == nil || !vui.AspectRatioInfoPresentFlag {
		return 0, 0
	}
	if vui.AspectRatioIdc == 255 {
		return int(vui.SarWidth), int(vui.SarHeight)
	}
	if int(vui.AspectRatioIdc) < len(h264PARTable) {
		r := h264PARTable[vui.AspectRatioIdc]
		return r[0], r[1]
	}
	return 0, 0
}

// h264NamedColorimetry maps (range, matrix, transfer, primaries), as
// GstVideoColorRange/Matrix/TransferFunction/Primaries values, to the
// named colorimetries of GStreamer.
var h264NamedColorimetry = map[[4]int]string{
	{2, 4, 16, 4}: "bt601",
	{2, 3, 5, 1}:  "bt709",
	{2, 5, 6, 5}:  "smpte240m",
	{1, 1, 7, 1}:  "sRGB",
	{2, 6, 11, 7}: "bt2020",
	{2, 6, 13, 7}: "bt2020-10",
	{2, 6, 14, 7}: "bt2100-pq",
	{2, 6, 15, 7}: "bt2100-hlg",
}

// h264Colorimetry returns GStreamer's colorimetry string for the VUI
// colour description, "" when absent.
//
// GStreamer: gst_video_colorimetry_to_string (gst-libs/gst/video/video-color.c).
func h264Colorimetry(sps *h264.SPS) string {
	vui := sps.VUI
	if vui == nil || !vui.VideoSignalTypePresentFlag || !vui.ColourDescriptionPresentFlag {
		return ""
	}
	// ISO code points → GstVideoColorMatrix / TransferFunction / Primaries
	matrix := map[uint8]int{0: 1, 1: 3, 4: 2, 5: 4, 6: 4, 7: 5, 9: 6}[vui.MatrixCoefficients]
	transfer := map[uint8]int{1: 5, 4: 4, 5: 8, 6: 16, 7: 6, 8: 1, 9: 9, 10: 10, 13: 7, 14: 13, 15: 11, 16: 14, 18: 15}[vui.TransferCharacteristics]
	primaries := map[uint8]int{1: 1, 4: 2, 5: 3, 6: 4, 7: 5, 8: 6, 9: 7, 10: 9, 11: 10, 12: 11, 22: 12}[vui.ColourPrimaries]
	rng := 0
	if matrix != 0 && transfer != 0 && primaries != 0 {
		rng = 2
		if vui.VideoFullRangeFlag {
			rng = 1
		}
	}
	key := [4]int{rng, matrix, transfer, primaries}
	if n, ok := h264NamedColorimetry[key]; ok {
		return n
	}
	if key == ([4]int{}) {
		return ""
	}
	return fmt.Sprintf("%d:%d:%d:%d", rng, matrix, transfer, primaries)
}

// h264ProfileString returns the caps profile name of sps.
//
// GStreamer: get_profile_string (gst/videoparsers/gsth264parse.c).
func h264ProfileString(sps *h264.SPS) string {
	switch sps.ProfileIdc {
	case 66:
		if sps.ConstraintSet1Flag {
			return "constrained-baseline"
		}
		return "baseline"
	case 77:
		return "main"
	case 88:
		return "extended"
	case 100:
		if sps.ConstraintSet4Flag {
			if sps.ConstraintSet5Flag {
				return "constrained-high"
			}
			return "progressive-high"
		}
		return "high"
	case 110:
		if sps.ConstraintSet3Flag {
			return "high-10-intra"
		} else if sps.ConstraintSet4Flag {
			return "progressive-high-10"
		}
		return "high-10"
	case 122:
		if sps.ConstraintSet3Flag {
			return "high-4:2:2-intra"
		}
		return "high-4:2:2"
	case 244:
		if sps.ConstraintSet3Flag {
			return "high-4:4:4-intra"
		}
		return "high-4:4:4"
	case 44:
		return "cavlc-4:4:4-intra"
	case 118:
		return "multiview-high"
	case 128:
		return "stereo-high"
	case 83:
		if sps.ConstraintSet5Flag {
			return "scalable-constrained-baseline"
		}
		return "scalable-baseline"
	case 86:
		if sps.ConstraintSet3Flag {
			return "scalable-high-intra"
		} else if sps.ConstraintSet5Flag {
			return "scalable-constrained-high"
		}
		return "scalable-high"
	}
	return ""
}

// h264LevelString returns the caps level of sps.
//
// GStreamer: get_level_string (gst/videoparsers/gsth264parse.c).
func h264LevelString(sps *h264.SPS) string {
	l := sps.LevelIdc
	switch {
	case l == 0:
		return ""
	case (l == 11 && sps.ConstraintSet3Flag) || l == 9:
		return "1b"
	case l%10 == 0:
		return fmt.Sprint(l / 10)
	}
	switch l {
	case 11, 12, 13, 21, 22, 31, 32, 41, 42, 51, 52, 61, 62:
		return fmt.Sprintf("%d.%d", l/10, l%10)
	}
	return ""
}
