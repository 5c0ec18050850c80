package hls

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"slices"

	"github.com/Eyevinn/mp4ff/mp4"
	"github.com/bluenviron/mediacommon/v2/pkg/codecs/h264"
	"github.com/bluenviron/mediacommon/v2/pkg/codecs/mpeg4audio"

	"github.com/gstmini/gstmini/gst"
	"github.com/gstmini/gstmini/libs/isobmff"
)

// hlssegFrame is one access unit of the current segment, not muxed yet.
// Times are running times in ns (signed: a DTS may precede the segment
// start). Its data points into buf, of which it holds a reference.
type hlssegFrame struct {
	video    bool
	pts, dts int64
	dur      int64 // 0 when unknown
	key      bool
	nalus    [][]byte // video: NAL units without start codes or lengths
	au       []byte   // audio: one raw AAC access unit
	buf      *gst.Buffer
}

func (f *hlssegFrame) end() int64 { return f.pts + f.dur }

// release drops the frame's reference to its input buffer.
func (f *hlssegFrame) release() {
	if f.buf != nil {
		f.buf.Unref()
		f.buf = nil
	}
	f.nalus, f.au = nil, nil
}

// hlssegCur is the segment being built: MPEG-TS frames are muxed into out
// as soon as their DTS order is known; CMAF frames are kept until the cut.
type hlssegCur struct {
	count       int   // frames of the segment, muxed or pending
	hasVideo    bool  // a video frame is among them
	minVideoPTS int64 // earliest video PTS among them
	maxEnd      int64 // latest frame end among them
	muxed       int   // frames muxed so far
	format      SegmentFormat
	ts          *hlssegTSWriter // the segmenter's writer, once the TS output started
	out         hlssegOut
	name        string // object name of the segment (set when muxing starts)
	parts       int    // parts pushed so far
	cmaf        []*hlssegFrame
}

// add counts f as a frame of the segment.
func (c *hlssegCur) add(f *hlssegFrame) {
	if c.count == 0 || f.end() > c.maxEnd {
		c.maxEnd = f.end()
	}
	c.count++
	if f.video && (!c.hasVideo || f.pts < c.minVideoPTS) {
		c.hasVideo, c.minVideoPTS = true, f.pts
	}
}

// reset releases the kept frames and the output buffers, and empties c.
func (c *hlssegCur) reset() {
	for _, f := range c.cmaf {
		f.release()
	}
	c.out.release()
	*c = hlssegCur{}
}

// startTS starts the segment's MPEG-TS output with PAT and PMT: an H.264
// track when hasVideo, an AAC track when ac is set, written by w (reset
// here; it keeps its scratch space across segments). The output is cut
// into buffers of partSize bytes taken from pool (when not nil; reused
// once the storage sink releases them).
func (c *hlssegCur) startTS(w *hlssegTSWriter, hasVideo bool, ac *hlssegAudioConfig, pool *gst.BufferPool, partSize int) error {
	c.out = hlssegOut{pool: pool, size: partSize}
	var cfg *mpeg4audio.AudioSpecificConfig
	if ac != nil {
		cfg = &ac.cfg
	}
	if err := w.init(&c.out, hasVideo, cfg); err != nil {
		return err
	}
	if err := w.writeTables(); err != nil {
		return err
	}
	c.ts = w
	return nil
}

// writeTS muxes f into the segment's MPEG-TS output (frames of a stream
// the segment has no track for are skipped).
func (c *hlssegCur) writeTS(f *hlssegFrame) error {
	const mask = 1<<33 - 1
	pts := hlssegScale(f.pts+hlssegTSClockBase, 90000) & mask
	dts := hlssegScale(f.dts+hlssegTSClockBase, 90000) & mask
	if f.video {
		if c.ts.vpid == 0 || len(f.nalus) == 0 {
			return nil
		}
		return c.ts.writeH264(pts, dts, f.nalus)
	}
	if c.ts.apid == 0 {
		return nil
	}
	return c.ts.writeAAC(pts, f.au)
}

// hlssegVideoConfig is what the video caps tell about the H.264 stream.
type hlssegVideoConfig struct {
	byteStream bool
	lengthSize int
	sps, pps   [][]byte
	set        bool
	// orientation is the image-orientation tag of the stream (CMAF: the
	// tkhd matrix of the init segment; MPEG-TS has no place for it)
	orientation string
}

// hlssegAudioConfig is what the audio caps (or the first ADTS header)
// tell about the AAC stream.
type hlssegAudioConfig struct {
	adts bool
	cfg  mpeg4audio.AudioSpecificConfig
	asc  []byte
	set  bool
}

// hlssegParseVideoCaps reads stream-format and codec_data of video/x-h264
// caps.
func hlssegParseVideoCaps(caps *gst.Caps) (hlssegVideoConfig, error) {
	var vc hlssegVideoConfig
	if caps == nil || caps.Size() == 0 {
		return vc, errors.New("no video caps")
	}
	st := caps.Structure(0)
	if st.Name() != "video/x-h264" {
		return vc, fmt.Errorf("unsupported video caps %s", caps)
	}
	format, _ := st.StringField("stream-format")
	if format == "" || format == "byte-stream" {
		vc.byteStream = true
		vc.set = true
		return vc, nil
	}
	if format != "avc" && format != "avc3" {
		return vc, fmt.Errorf("unsupported H.264 stream-format %q", format)
	}
	v, ok := st.Value("codec_data")
	cd, _ := v.(*gst.Buffer)
	if !ok || cd == nil {
		if format == "avc" {
			return vc, errors.New("H.264 stream-format avc without codec_data")
		}
		vc.lengthSize = 4
		vc.set = true
		return vc, nil
	}
	data := cd.Bytes()
	if len(data) < 7 || data[0] != 1 {
		return vc, errors.New("invalid H.264 codec_data (avcC)")
	}
	vc.lengthSize = int(data[4]&3) + 1
	// avcC: SPS count and list, then PPS count and list
	pos := 5
	nSPS := int(data[pos] & 0x1f)
	pos++
	read := func() ([]byte, error) {
		if pos+2 > len(data) {
			return nil, errors.New("truncated H.264 codec_data")
		}
		n := int(data[pos])<<8 | int(data[pos+1])
		pos += 2
		if pos+n > len(data) {
			return nil, errors.New("truncated H.264 codec_data")
		}
		b := bytes.Clone(data[pos : pos+n])
		pos += n
		return b, nil
	}
	for range nSPS {
		b, err := read()
		if err != nil {
			return vc, err
		}
		vc.sps = append(vc.sps, b)
	}
	if pos >= len(data) {
		return vc, errors.New("truncated H.264 codec_data")
	}
	nPPS := int(data[pos])
	pos++
	for range nPPS {
		b, err := read()
		if err != nil {
			return vc, err
		}
		vc.pps = append(vc.pps, b)
	}
	vc.set = true
	return vc, nil
}

// hlssegParseAudioCaps reads audio/mpeg mpegversion=4 caps.
func hlssegParseAudioCaps(caps *gst.Caps) (hlssegAudioConfig, error) {
	var ac hlssegAudioConfig
	if caps == nil || caps.Size() == 0 {
		return ac, errors.New("no audio caps")
	}
	st := caps.Structure(0)
	if v, _ := st.Int("mpegversion"); st.Name() != "audio/mpeg" || v != 4 {
		return ac, fmt.Errorf("unsupported audio caps %s", caps)
	}
	format, _ := st.StringField("stream-format")
	switch format {
	case "adts":
		ac.adts = true
		return ac, nil // configured from the first ADTS header
	case "raw", "":
	default:
		return ac, fmt.Errorf("unsupported AAC stream-format %q", format)
	}
	v, _ := st.Value("codec_data")
	cd, _ := v.(*gst.Buffer)
	if cd == nil {
		return ac, errors.New("raw AAC caps without codec_data")
	}
	if err := ac.cfg.Unmarshal(cd.Bytes()); err != nil {
		return ac, fmt.Errorf("invalid AAC codec_data: %w", err)
	}
	ac.asc = bytes.Clone(cd.Bytes())
	ac.set = true
	return ac, nil
}

// hlssegSplitVideo splits one access unit into NAL units.
func hlssegSplitVideo(vc *hlssegVideoConfig, data []byte) ([][]byte, error) {
	if vc.byteStream {
		var au h264.AnnexB
		if err := au.Unmarshal(data); err != nil {
			return nil, fmt.Errorf("invalid H.264 byte-stream access unit: %w", err)
		}
		return au, nil
	}
	var nalus [][]byte
	for pos := 0; pos < len(data); {
		if pos+vc.lengthSize > len(data) {
			return nil, errors.New("truncated H.264 NAL unit length")
		}
		n := 0
		for i := range vc.lengthSize {
			n = n<<8 | int(data[pos+i])
		}
		pos += vc.lengthSize
		if n == 0 || n > len(data)-pos {
			return nil, fmt.Errorf("invalid H.264 NAL unit length %d", n)
		}
		nalus = append(nalus, data[pos:pos+n])
		pos += n
	}
	if len(nalus) == 0 {
		return nil, errors.New("empty H.264 access unit")
	}
	return nalus, nil
}

// hlssegPrepareAU records in-band parameter sets, reports whether the
// access unit holds an IDR slice and, for IDR units without parameter
// sets, prepends the known SPS/PPS so that every segment is decodable on
// its own. Access unit delimiters are dropped (the TS writer adds its own).
func hlssegPrepareAU(vc *hlssegVideoConfig, nalus [][]byte) ([][]byte, bool) {
	idr, hasSPS := false, false
	out := nalus[:0:0]
	var sps, pps [][]byte
	for _, n := range nalus {
		if len(n) == 0 {
			continue
		}
		switch h264.NALUType(n[0] & 0x1f) {
		case h264.NALUTypeIDR:
			idr = true
		case h264.NALUTypeSPS:
			hasSPS = true
			sps = append(sps, bytes.Clone(n))
		case h264.NALUTypePPS:
			pps = append(pps, bytes.Clone(n))
		case h264.NALUTypeAccessUnitDelimiter:
			continue
		}
		out = append(out, n)
	}
	if len(sps) > 0 {
		vc.sps = sps
	}
	if len(pps) > 0 {
		vc.pps = pps
	}
	if idr && !hasSPS && len(vc.sps) > 0 {
		ps := make([][]byte, 0, len(vc.sps)+len(vc.pps)+len(out))
		ps = append(ps, vc.sps...)
		ps = append(ps, vc.pps...)
		out = append(ps, out...)
	}
	return out, idr
}

// hlssegTSClockBase is added to running times in TS timestamps, as
// mpegtsmux's TSMUX_CLOCK_BASE (one hour), so DTS before PTS never goes
// negative; CMAF decode times use the same base.
const hlssegTSClockBase = 3600 * int64(gst.Second)

// hlssegScale converts ns (non-negative) to units of rate Hz.
func hlssegScale(ns int64, rate int64) int64 {
	if ns < 0 {
		return -hlssegScale(-ns, rate)
	}
	s := int64(gst.Second)
	return ns/s*rate + ns%s*rate/s
}

// hlssegOrder sorts frames by DTS, video first on ties.
func hlssegOrder(frames []*hlssegFrame) []*hlssegFrame {
	out := slices.Clone(frames)
	slices.SortStableFunc(out, func(a, b *hlssegFrame) int {
		if c := cmp.Compare(a.dts, b.dts); c != 0 {
			return c
		}
		if a.video != b.video {
			if a.video {
				return -1
			}
			return 1
		}
		return 0
	})
	return out
}

// hlssegOut is the MPEG-TS output of one segment, an io.Writer cutting
// it into buffers of exactly size bytes (the parts the segment leaves the
// segmenter in): a buffer that fills up moves to full, to be pushed by
// the segmenter; the last one, partly filled, is taken at the cut. So the
// segmenter never holds more than one part plus the parts one frame
// filled, whatever the segment's size.
type hlssegOut struct {
	pool *gst.BufferPool // where part buffers come from, or nil
	size int             // bytes per part
	buf  *gst.Buffer     // the part being filled, mapped into data
	info gst.MapInfo
	data []byte
	n    int           // bytes of data filled
	full []*gst.Buffer // filled parts not pushed yet
}

func (o *hlssegOut) Write(p []byte) (int, error) {
	total := len(p)
	for len(p) > 0 {
		if o.buf == nil {
			o.next()
		}
		c := copy(o.data[o.n:], p)
		o.n += c
		p = p[c:]
		if o.n == len(o.data) {
			o.full = append(o.full, o.seal())
		}
	}
	return total, nil
}

// next starts a new part buffer: from the pool, or allocated.
func (o *hlssegOut) next() {
	if o.pool != nil {
		if b, err := o.pool.AcquireBuffer(nil); err == nil {
			if info, ok := b.Map(gst.MapWrite); ok && len(info.Data) >= o.size {
				o.buf, o.info, o.data, o.n = b, info, info.Data[:o.size], 0
				return
			} else if ok {
				b.Unmap(&info)
			}
			b.Unref()
		}
	}
	b := gst.NewBufferAllocate(o.size)
	info, _ := b.Map(gst.MapWrite) // a new buffer is writable
	o.buf, o.info, o.data, o.n = b, info, info.Data[:o.size], 0
}

// seal unmaps the part being filled and returns it, sized to its bytes.
func (o *hlssegOut) seal() *gst.Buffer {
	b := o.buf
	b.Unmap(&o.info)
	if o.n < b.Size() {
		b.SetSize(o.n) //nolint:errcheck // shrinking within the buffer cannot fail
	}
	o.buf, o.info, o.data, o.n = nil, gst.MapInfo{}, nil, 0
	return b
}

// takeFull returns the filled parts (the caller owns them).
func (o *hlssegOut) takeFull() []*gst.Buffer {
	full := o.full
	o.full = o.full[:0:0]
	return full
}

// takeLast returns the partly filled last part (an empty buffer when the
// output ended on a part boundary).
func (o *hlssegOut) takeLast() *gst.Buffer {
	if o.buf == nil {
		return gst.NewBufferWrapped(nil)
	}
	return o.seal()
}

// release drops every buffer of o.
func (o *hlssegOut) release() {
	for _, b := range o.full {
		b.Unref()
	}
	o.full = nil
	if o.buf != nil {
		o.seal().Unref()
	}
}

// hlssegCMAFTracks lists the track IDs and time scales of a CMAF
// presentation (video 90 kHz first, then audio at its sample rate).
type hlssegCMAFTracks struct {
	videoID, audioID     uint32
	videoRate, audioRate int64
}

// hlssegMuxInit writes the CMAF initialization segment.
func hlssegMuxInit(hasVideo, hasAudio bool, vc *hlssegVideoConfig, ac *hlssegAudioConfig) ([]byte, hlssegCMAFTracks, error) {
	var tr hlssegCMAFTracks
	init := mp4.CreateEmptyInit()
	if hasVideo {
		if len(vc.sps) == 0 || len(vc.pps) == 0 {
			return nil, tr, errors.New("no H.264 SPS/PPS for the CMAF init segment")
		}
		t := init.AddEmptyTrack(90000, "video", "und")
		if err := t.SetAVCDescriptor("avc1", vc.sps, vc.pps, true); err != nil {
			return nil, tr, err
		}
		if matrix, ok := isobmff.OrientationMatrix(vc.orientation); ok {
			t.Tkhd.Matrix = matrix
		}
		tr.videoID, tr.videoRate = t.Tkhd.TrackID, 90000
	}
	if hasAudio {
		if !ac.set {
			return nil, tr, errors.New("audio configuration unknown")
		}
		rate := ac.cfg.SampleRate
		t := init.AddEmptyTrack(uint32(rate), "audio", "und")
		channels := int(ac.cfg.ChannelConfig)
		if channels == 7 {
			channels = 8
		} else if channels == 0 {
			channels = 2
		}
		esds := mp4.CreateEsdsBox(ac.asc)
		t.Mdia.Minf.Stbl.Stsd.AddChild(mp4.CreateAudioSampleEntryBox("mp4a", uint16(channels), 16, uint16(min(rate, 65535)), esds))
		tr.audioID, tr.audioRate = t.Tkhd.TrackID, int64(rate)
	}
	var buf bytes.Buffer
	if err := init.Encode(&buf); err != nil {
		return nil, tr, err
	}
	return buf.Bytes(), tr, nil
}

// hlssegMuxFragment writes frames as one CMAF fragment (moof+mdat) with
// sequence number seq. end is the running time at which the segment ends,
// used for the duration of the last sample of each track.
func hlssegMuxFragment(frames []*hlssegFrame, seq uint32, tr hlssegCMAFTracks, end int64) ([]byte, error) {
	var ids []uint32
	if tr.videoID != 0 {
		ids = append(ids, tr.videoID)
	}
	if tr.audioID != 0 {
		ids = append(ids, tr.audioID)
	}
	frag, err := mp4.CreateMultiTrackFragment(seq, ids)
	if err != nil {
		return nil, err
	}
	for _, video := range []bool{true, false} {
		id, rate := tr.videoID, tr.videoRate
		if !video {
			id, rate = tr.audioID, tr.audioRate
		}
		if id == 0 {
			continue
		}
		var track []*hlssegFrame
		for _, f := range hlssegOrder(frames) {
			if f.video == video {
				track = append(track, f)
			}
		}
		for i, f := range track {
			// Decode times start at the same one-hour base as the TS
			// timestamps: a DTS before running time 0 (B-frames after an
			// edit list) stays in order and keeps its PTS.
			dts := max(hlssegScale(f.dts+hlssegTSClockBase, rate), 0)
			var next int64
			switch {
			case i+1 < len(track):
				next = hlssegScale(track[i+1].dts+hlssegTSClockBase, rate)
			case f.dur > 0:
				next = hlssegScale(f.dts+f.dur+hlssegTSClockBase, rate)
			default:
				next = hlssegScale(max(end, f.dts)+hlssegTSClockBase, rate)
			}
			flags := mp4.NonSyncSampleFlags
			var data []byte
			if video {
				if f.key {
					flags = mp4.SyncSampleFlags
				}
				data, err = h264.AVCC(f.nalus).Marshal()
				if err != nil {
					return nil, err
				}
			} else {
				flags = mp4.SyncSampleFlags
				data = f.au
			}
			cto := hlssegScale(f.pts, rate) - hlssegScale(f.dts, rate)
			s := mp4.FullSample{
				Sample: mp4.Sample{
					Flags:                 flags,
					Dur:                   uint32(max(next-dts, 0)),
					Size:                  uint32(len(data)),
					CompositionTimeOffset: int32(cto),
				},
				DecodeTime: uint64(dts),
				Data:       data,
			}
			if err := frag.AddFullSampleToTrack(s, id); err != nil {
				return nil, err
			}
		}
	}
	var buf bytes.Buffer
	if err := frag.Encode(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
