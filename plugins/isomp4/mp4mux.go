package isomp4

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"math/bits"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync"

	"github.com/Eyevinn/mp4ff/mp4"

	"github.com/gstmini/gstmini/base"
	"github.com/gstmini/gstmini/gst"
	"github.com/gstmini/gstmini/libs/isobmff"
)

// Property defaults of mp4mux.
//
// GStreamer: DEFAULT_* (gst/isomp4/gstqtmux.c).
const (
	DefaultMP4MuxInterleaveTime    = uint64(250 * gst.Millisecond)
	DefaultMP4MuxInterleaveBytes   = uint64(0)
	DefaultMP4MuxPresentationTime  = true
	DefaultMP4MuxFastStart         = false
	DefaultMP4MuxStartGapThreshold = uint64(0)
)

// mp4muxFastStartFileDefault is the "faststart-file" default: like qtmux,
// a name in the temporary directory picked once per process. Elements
// left at the default create a fresh temporary file instead, so that two
// muxers never share it.
var mp4muxFastStartFileDefault = filepath.Join(os.TempDir(), fmt.Sprintf("qtmux%d", rand.Uint32()>>1))

var (
	mp4muxSrcTemplate   = gst.MustNewPadTemplate("src", gst.PadSrc, gst.PadAlways, gst.MustParseCaps("video/quicktime, variant=(string)iso"))
	mp4muxVideoTemplate = gst.MustNewPadTemplate("video_%u", gst.PadSink, gst.PadRequest, gst.MustParseCaps(
		"video/x-h264, stream-format=(string){ avc, avc3 }, alignment=(string)au, width=(int)[ 16, 2147483647 ], height=(int)[ 16, 2147483647 ]; "+
			"video/x-h265, stream-format=(string){ hvc1, hev1 }, alignment=(string)au, width=(int)[ 16, 2147483647 ], height=(int)[ 16, 2147483647 ]"))
	mp4muxAudioTemplate = gst.MustNewPadTemplate("audio_%u", gst.PadSink, gst.PadRequest, gst.MustParseCaps(
		"audio/mpeg, mpegversion=(int)4, stream-format=(string)raw, channels=(int)[ 1, 8 ], rate=(int)[ 1, 2147483647 ]"))
)

// MP4MuxClass is the class of the "mp4mux" element: a progressive MP4
// muxer with request pads video_%u (H.264 avc/avc3, H.265 hvc1/hev1) and
// audio_%u (raw AAC), writing ftyp, mdat and moov on its "src" pad.
//
// GStreamer: GstMP4Mux (gst/isomp4/gstqtmux.c).
var MP4MuxClass = &gst.ElementClass{
	Name: "mp4mux",
	Rank: gst.RankPrimary,
	Metadata: gst.ElementMetadata{
		LongName:    "MP4 Muxer",
		Klass:       "Codec/Muxer",
		Description: "Multiplex audio and video into a MP4 file",
		Author:      "Thiago Sousa Santos <thiagoss@embedded.ufcg.edu.br>",
	},
	Plugin:       isomp4Plugin,
	PadTemplates: []*gst.PadTemplate{mp4muxAudioTemplate, mp4muxSrcTemplate, mp4muxVideoTemplate},
	Properties: append(append(gst.ObjectProperties(), base.AggregatorProperties()...),
		gst.ParamBool("faststart", "Format file to faststart",
			"If the file should be formatted for faststart (headers first)", DefaultMP4MuxFastStart, gst.ParamReadWrite),
		gst.ParamString("faststart-file", "File to use for storing buffers",
			"File that will be used temporarily to store data from the stream when creating a faststart file. If null a filepath will be created automatically",
			mp4muxFastStartFileDefault, gst.ParamReadWrite|gst.ParamDocShowDefault),
		gst.ParamUint("fragment-duration", "Fragment duration",
			"Fragment durations in ms (produce a fragmented file if > 0)", 0, math.MaxUint32, 0, gst.ParamReadWrite),
		gst.ParamUint64("interleave-bytes", "Interleave (bytes)",
			"Interleave between streams in bytes", 0, math.MaxUint64, DefaultMP4MuxInterleaveBytes, gst.ParamReadWrite),
		gst.ParamUint64("interleave-time", "Interleave (time)",
			"Interleave between streams in nanoseconds", 0, math.MaxUint64, DefaultMP4MuxInterleaveTime, gst.ParamReadWrite),
		gst.ParamUint("movie-timescale", "Movie timescale",
			"Timescale to use in the movie (units per second, 0 == default)", 0, math.MaxUint32, 0, gst.ParamReadWrite),
		gst.ParamBool("presentation-time", "Include presentation-time info",
			"Calculate and include presentation/composition time (in addition to decoding time)", DefaultMP4MuxPresentationTime, gst.ParamReadWrite),
		gst.ParamUint64("start-gap-threshold", "Start Gap Threshold",
			"Threshold for creating an edit list for gaps at the start in nanoseconds", 0, math.MaxUint64, DefaultMP4MuxStartGapThreshold, gst.ParamReadWrite),
		gst.ParamUint("trak-timescale", "Track timescale",
			"Timescale to use for the tracks (units per second, 0 is automatic)", 0, math.MaxUint32, 0, gst.ParamReadWrite),
	),
	New: func() gst.Element { return &MP4Mux{} },
}

// mp4muxSettings holds the property values.
type mp4muxSettings struct {
	fastStart        bool
	fastStartFile    string
	fragmentDuration uint
	interleaveBytes  uint64
	interleaveTime   uint64
	movieTimescale   uint
	presentationTime bool
	startGap         uint64
	trakTimescale    uint
}

// mp4muxSample is one sample of a track; times are signed running times
// in nanoseconds.
type mp4muxSample struct {
	dts, pts int64
	dur      int64 // buffer duration, -1 when unknown
	size     uint32
	sync     bool
}

// mp4muxChunk is a run of samples of one track stored contiguously.
type mp4muxChunk struct {
	offset  uint64 // relative to the first byte of mdat data
	samples uint32
}

// mp4muxTrack is the state of one sink pad.
type mp4muxTrack struct {
	pad     *base.AggregatorPad
	codec   *isobmff.Codec
	id      uint32
	ts      uint32 // media timescale
	samples []mp4muxSample
	chunks  []mp4muxChunk
}

// MP4Mux is the mp4mux element. Samples are taken from the sink pads in
// order of their DTS running time, keeping to one pad while its current
// chunk is shorter than interleave-time (and interleave-bytes, when set).
//
// Output: when faststart is false and downstream answers the BYTES
// SEEKING query with seekable (filesink), the muxer pushes a BYTES
// SEGMENT, then ftyp, an mdat header with a 64-bit size placeholder and
// every sample as it arrives; at EOS it pushes the moov, then a SEGMENT
// starting at the mdat header and the header again with the final size
// (qtmux's seek-back). With faststart, or when downstream cannot seek,
// the sample data is written to a temporary file (faststart-file) and the
// whole file is pushed at EOS: ftyp, moov, mdat for faststart, ftyp,
// mdat, moov otherwise.
//
// Timestamps are running times of each pad's segment. Each track has an
// edit list: an empty edit when it starts later than the earliest track
// (by more than start-gap-threshold) and a media edit starting at its
// first presentation time, so PTS-DTS composition offsets (B-frames) come
// out unchanged; ctts is version 1 when an offset is negative.
//
// GStreamer: GstQTMux as mp4mux (gst/isomp4/gstqtmux.c).
type MP4Mux struct {
	base.Aggregator

	settingsMu sync.Mutex
	settings   mp4muxSettings

	mu       sync.Mutex // streaming state, used from the aggregate task
	caps     map[*base.AggregatorPad]*gst.Caps
	tracks   []*mp4muxTrack
	started  bool
	buffered bool     // sample data goes to tmp, output at EOS
	tmp      *os.File // buffered mode
	tmpOwned bool     // tmp was created by the muxer and is removed
	ftypSize uint64
	written  uint64 // bytes of mdat data so far
	current  *mp4muxTrack
	chunkDur int64
	chunkLen uint64
	// image-orientation tags: per pad that received a stream TAG event
	// ("" when its tags had none) and from global TAG events
	padOrient    map[*base.AggregatorPad]string
	globalOrient string
}

// Constructed sets the property defaults and chains up.
//
// GStreamer: gst_qt_mux_init (gst/isomp4/gstqtmux.c).
func (m *MP4Mux) Constructed() error {
	m.settings = mp4muxSettings{
		fastStartFile:    mp4muxFastStartFileDefault,
		interleaveTime:   DefaultMP4MuxInterleaveTime,
		interleaveBytes:  DefaultMP4MuxInterleaveBytes,
		presentationTime: DefaultMP4MuxPresentationTime,
		startGap:         DefaultMP4MuxStartGapThreshold,
	}
	m.caps = map[*base.AggregatorPad]*gst.Caps{}
	m.padOrient = map[*base.AggregatorPad]string{}
	if err := m.Aggregator.Constructed(); err != nil {
		return err
	}
	// New pads do not start with NEED_RECONFIGURE in gst/pad.go, so the
	// aggregator would never negotiate (and call UpdateSrcCaps).
	m.SrcPad().MarkReconfigure()
	return nil
}

// SetProperty sets an mp4mux property; Aggregator properties are
// chained up. Safe for concurrent use.
//
// GStreamer: gst_qt_mux_set_property (gst/isomp4/gstqtmux.c).
func (m *MP4Mux) SetProperty(name string, v any) error {
	m.settingsMu.Lock()
	defer m.settingsMu.Unlock()
	s := &m.settings
	switch name {
	case "faststart":
		s.fastStart = v.(bool)
	case "faststart-file":
		s.fastStartFile = v.(string)
	case "fragment-duration":
		s.fragmentDuration = v.(uint)
	case "interleave-bytes":
		s.interleaveBytes = v.(uint64)
	case "interleave-time":
		s.interleaveTime = v.(uint64)
	case "movie-timescale":
		s.movieTimescale = v.(uint)
	case "presentation-time":
		s.presentationTime = v.(bool)
	case "start-gap-threshold":
		s.startGap = v.(uint64)
	case "trak-timescale":
		s.trakTimescale = v.(uint)
	default:
		return m.Aggregator.SetProperty(name, v)
	}
	return nil
}

// Property returns an mp4mux property value. Safe for concurrent use.
//
// GStreamer: gst_qt_mux_get_property (gst/isomp4/gstqtmux.c).
func (m *MP4Mux) Property(name string) any {
	m.settingsMu.Lock()
	defer m.settingsMu.Unlock()
	s := &m.settings
	switch name {
	case "faststart":
		return s.fastStart
	case "faststart-file":
		return s.fastStartFile
	case "fragment-duration":
		return s.fragmentDuration
	case "interleave-bytes":
		return s.interleaveBytes
	case "interleave-time":
		return s.interleaveTime
	case "movie-timescale":
		return s.movieTimescale
	case "presentation-time":
		return s.presentationTime
	case "start-gap-threshold":
		return s.startGap
	case "trak-timescale":
		return s.trakTimescale
	}
	return m.Aggregator.Property(name)
}

// SinkEvent records the caps of each pad and the image-orientation of
// TAG events (written as the tkhd matrix of the pad's track: a stream
// tag's, else a global tag's), and chains up. Called from the aggregator
// task.
//
// GStreamer: gst_qt_mux_sink_event (gst/isomp4/gstqtmux.c).
func (m *MP4Mux) SinkEvent(pad *base.AggregatorPad, ev gst.Event) bool {
	if te, ok := ev.(*gst.TagEvent); ok {
		o := isobmff.OrientationFromTags(te.Tags)
		m.mu.Lock()
		if te.Tags.Scope() == gst.TagScopeGlobal {
			if o != "" {
				m.globalOrient = o
			}
			if _, seen := m.padOrient[pad]; !seen {
				m.padOrient[pad] = ""
			}
		} else if o != "" || m.padOrient[pad] == "" {
			m.padOrient[pad] = o
		}
		m.mu.Unlock()
	}
	if ce, ok := ev.(*gst.CapsEvent); ok {
		m.mu.Lock()
		started := m.started
		var tr *mp4muxTrack
		for _, t := range m.tracks {
			if t.pad == pad {
				tr = t
			}
		}
		m.caps[pad] = ce.Caps
		m.mu.Unlock()
		if started && tr != nil {
			if old := tr.codec; old != nil {
				if c, err := isobmff.CodecFromCaps(ce.Caps); err != nil || c.Kind != old.Kind {
					m.PostError(&gst.StreamError{Code: gst.StreamErrorFormat, Msg: "caps changes are not supported by mp4mux"}, fmt.Sprint(ce.Caps))
					return false
				}
			}
		}
	}
	return m.Aggregator.SinkEvent(pad, ev)
}

// UpdateSrcCaps returns the output caps, video/quicktime, variant=iso
// (intersected with what downstream accepts). Called from the aggregator
// task. (The caps are set through negotiation rather than SetSrcCaps,
// which takes the source pad's stream lock that the task already holds.)
//
// GStreamer: gst_qt_mux_aggregate's gst_aggregator_set_src_caps (gst/isomp4/gstqtmux.c).
func (m *MP4Mux) UpdateSrcCaps(downstream *gst.Caps) (*gst.Caps, error) {
	caps := gst.MustParseCaps("video/quicktime, variant=(string)iso")
	if downstream != nil {
		caps = caps.Intersect(downstream)
	}
	return caps, nil
}

// Stop releases the temporary file and forgets the stream. Called on
// PAUSED→READY.
//
// GStreamer: gst_qt_mux_stop (gst/isomp4/gstqtmux.c).
func (m *MP4Mux) Stop() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.closeTmpLocked()
	m.tracks, m.started, m.buffered, m.current = nil, false, false, nil
	m.written, m.chunkDur, m.chunkLen = 0, 0, 0
	m.caps = map[*base.AggregatorPad]*gst.Caps{}
	m.padOrient, m.globalOrient = map[*base.AggregatorPad]string{}, ""
	m.SrcPad().MarkReconfigure()
	return nil
}

func (m *MP4Mux) closeTmpLocked() {
	if m.tmp != nil {
		name := m.tmp.Name()
		m.tmp.Close()
		os.Remove(name) // qtmux deletes its faststart file too
		m.tmp = nil
	}
}

// mp4muxRunningTime is the signed running time of ts in seg.
func mp4muxRunningTime(seg *gst.Segment, ts gst.ClockTime) int64 {
	sign, rt := seg.ToRunningTimeFull(gst.FormatTime, uint64(ts))
	switch {
	case sign > 0:
		return int64(rt)
	case sign < 0:
		return -int64(rt)
	}
	return 0
}

// start decides the output mode and pushes the file start. Called with
// m.mu held from the first Aggregate.
func (m *MP4Mux) startLocked(s mp4muxSettings) error {
	if s.fragmentDuration > 0 {
		return fmt.Errorf("mp4mux: fragment-duration > 0 is not supported; use isofmp4mux")
	}
	m.started = true
	seekable := false
	if !s.fastStart {
		q := gst.NewSeekingQuery(gst.FormatBytes)
		if m.SrcPad().PeerQuery(q) {
			seekable = q.Seekable
		}
	}
	m.buffered = s.fastStart || !seekable
	m.UpdateSegment(gst.NewSegment(gst.FormatBytes))
	if m.buffered {
		var err error
		if s.fastStartFile == "" || s.fastStartFile == mp4muxFastStartFileDefault {
			m.tmp, err = os.CreateTemp("", "qtmux")
			m.tmpOwned = true
		} else {
			m.tmp, err = os.OpenFile(s.fastStartFile, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o600)
		}
		if err != nil {
			return fmt.Errorf("mp4mux: could not open temporary file: %w", err)
		}
		return nil
	}
	var hdr bytes.Buffer
	ftyp := mp4muxFtyp()
	if err := ftyp.Encode(&hdr); err != nil {
		return err
	}
	m.ftypSize = uint64(hdr.Len())
	if err := mp4muxMdatHeader(0).Encode(&hdr); err != nil {
		return err
	}
	return m.push(hdr.Bytes())
}

func mp4muxFtyp() *mp4.FtypBox {
	return mp4.NewFtyp("mp42", 0, []string{"mp42", "mp41", "isom", "iso2"})
}

// mp4muxMdatHeader is an mdat with a 64-bit size for size bytes of data
// written separately (16-byte header).
func mp4muxMdatHeader(size uint64) *mp4.MdatBox {
	mdat := &mp4.MdatBox{LargeSize: true}
	mdat.SetLazyDataSize(size)
	return mdat
}

func (m *MP4Mux) push(data []byte) error {
	return m.FinishBuffer(gst.NewBufferWrapped(data))
}

// track returns the track of pad, creating it from the pad's caps.
func (m *MP4Mux) trackLocked(pad *base.AggregatorPad, s mp4muxSettings) (*mp4muxTrack, error) {
	for _, t := range m.tracks {
		if t.pad == pad {
			return t, nil
		}
	}
	codec, err := isobmff.CodecFromCaps(m.caps[pad])
	if err != nil {
		return nil, fmt.Errorf("mp4mux: pad %s: %w", pad.Name(), err)
	}
	t := &mp4muxTrack{pad: pad, codec: codec, id: uint32(len(m.tracks) + 1), ts: codec.Timescale}
	if s.trakTimescale > 0 {
		t.ts = uint32(s.trakTimescale)
	}
	m.tracks = append(m.tracks, t)
	return t, nil
}

// Aggregate writes the next sample, or the index at the end. Called from
// the aggregator task.
//
// GStreamer: gst_qt_mux_aggregate (gst/isomp4/gstqtmux.c).
func (m *MP4Mux) Aggregate(timeout bool) error {
	m.settingsMu.Lock()
	s := m.settings
	m.settingsMu.Unlock()
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.started {
		if err := m.startLocked(s); err != nil {
			m.PostError(&gst.StreamError{Code: gst.StreamErrorMux, Msg: "Could not multiplex stream."}, err.Error())
			return err
		}
	}
	var best *base.AggregatorPad
	var bestTS int64
	keep := false
	for _, p := range m.AggregatorPads() {
		buf := p.PeekBuffer()
		if buf == nil {
			continue
		}
		seg := p.Segment()
		ts := buf.DTS
		if ts == gst.ClockTimeNone {
			ts = buf.PTS
		}
		rt := mp4muxRunningTime(&seg, ts)
		buf.Unref()
		if m.current != nil && m.current.pad == p && m.chunkDur < int64(s.interleaveTime) &&
			(s.interleaveBytes == 0 || m.chunkLen < s.interleaveBytes) {
			best, bestTS, keep = p, rt, true
		}
		if !keep && (best == nil || rt < bestTS) {
			best, bestTS = p, rt
		}
	}
	if best == nil {
		for _, p := range m.AggregatorPads() {
			if !p.IsEOS() {
				return base.ErrNeedData
			}
		}
		if err := m.finishLocked(s); err != nil {
			m.PostError(&gst.StreamError{Code: gst.StreamErrorMux, Msg: "Could not multiplex stream."}, err.Error())
			return err
		}
		return gst.ErrEOS
	}
	tr, err := m.trackLocked(best, s)
	if err != nil {
		m.PostError(&gst.StreamError{Code: gst.StreamErrorFormat, Msg: "Could not multiplex stream."}, err.Error())
		return gst.ErrNotNegotiated
	}
	buf := best.PopBuffer()
	if buf == nil {
		return nil
	}
	seg := best.Segment()
	smp := mp4muxSample{dur: -1, size: uint32(buf.Size()), sync: !buf.HasFlags(gst.BufferFlagDeltaUnit)}
	pts := buf.PTS
	if pts == gst.ClockTimeNone {
		pts = buf.DTS
	}
	if pts == gst.ClockTimeNone {
		buf.Unref()
		m.PostError(&gst.StreamError{Code: gst.StreamErrorFormat, Msg: "Could not multiplex stream."}, "buffer without timestamp on "+best.Name())
		return gst.ErrNotNegotiated
	}
	smp.pts = mp4muxRunningTime(&seg, pts)
	smp.dts = bestTS
	if buf.DTS == gst.ClockTimeNone {
		smp.dts = smp.pts
	}
	if buf.Duration != gst.ClockTimeNone {
		smp.dur = int64(buf.Duration)
	}
	if m.current != tr {
		m.current, m.chunkDur, m.chunkLen = tr, 0, 0
		tr.chunks = append(tr.chunks, mp4muxChunk{offset: m.written})
	}
	if n := len(tr.samples); n > 0 && m.chunkDur >= 0 {
		m.chunkDur += smp.dts - tr.samples[n-1].dts
	}
	tr.chunks[len(tr.chunks)-1].samples++
	tr.samples = append(tr.samples, smp)
	m.chunkLen += uint64(smp.size)
	m.written += uint64(smp.size)
	if m.buffered {
		_, err := m.tmp.Write(buf.Bytes())
		buf.Unref()
		if err != nil {
			m.PostError(&gst.ResourceError{Code: gst.ResourceErrorWrite, Msg: "Could not write to temporary file."}, err.Error())
			return err
		}
		return nil
	}
	out := buf.MakeWritable()
	out.Offset = m.ftypSize + 16 + m.written - uint64(smp.size)
	out.OffsetEnd = out.Offset + uint64(smp.size)
	return m.FinishBuffer(out)
}

// finishLocked writes the moov (and the buffered data) at EOS.
func (m *MP4Mux) finishLocked(s mp4muxSettings) error {
	if !m.started {
		return nil
	}
	ftyp := mp4muxFtyp()
	if !m.buffered {
		moov, err := m.buildMoov(s, m.ftypSize+16)
		if err != nil {
			return err
		}
		var b bytes.Buffer
		if err := moov.Encode(&b); err != nil {
			return err
		}
		if err := m.push(b.Bytes()); err != nil {
			return err
		}
		// Seek back and rewrite the mdat header with the real size.
		seg := gst.NewSegment(gst.FormatBytes)
		seg.Start = m.ftypSize
		seg.Time = m.ftypSize
		m.UpdateSegment(seg)
		var hdr bytes.Buffer
		if err := mp4muxMdatHeader(m.written).Encode(&hdr); err != nil {
			return err
		}
		return m.push(hdr.Bytes())
	}
	var head bytes.Buffer
	if err := ftyp.Encode(&head); err != nil {
		return err
	}
	mdatHdr := mp4muxMdatHeader(m.written)
	var moovBytes []byte
	if s.fastStart {
		// The moov size depends on stco versus co64 only: encode twice.
		var moovSize uint64
		for range 2 {
			moov, err := m.buildMoov(s, uint64(head.Len())+moovSize+mdatHdr.HeaderSize())
			if err != nil {
				return err
			}
			var b bytes.Buffer
			if err := moov.Encode(&b); err != nil {
				return err
			}
			moovBytes, moovSize = b.Bytes(), uint64(b.Len())
		}
		head.Write(moovBytes)
	}
	dataStart := uint64(head.Len()) + mdatHdr.HeaderSize()
	if err := mdatHdr.Encode(&head); err != nil {
		return err
	}
	if !s.fastStart {
		moov, err := m.buildMoov(s, dataStart)
		if err != nil {
			return err
		}
		var b bytes.Buffer
		if err := moov.Encode(&b); err != nil {
			return err
		}
		moovBytes = b.Bytes()
	}
	if err := m.push(head.Bytes()); err != nil {
		return err
	}
	if _, err := m.tmp.Seek(0, io.SeekStart); err != nil {
		return err
	}
	for {
		chunk := make([]byte, 64*1024)
		n, err := io.ReadFull(m.tmp, chunk)
		if n > 0 {
			if perr := m.push(chunk[:n]); perr != nil {
				return perr
			}
		}
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			break
		}
		if err != nil {
			return err
		}
	}
	m.closeTmpLocked()
	if !s.fastStart {
		return m.push(moovBytes)
	}
	return nil
}

// mp4muxScaleRound is val*num/den rounded to nearest, without overflow
// (gst_util_uint64_scale_round), saturating at MaxUint64.
func mp4muxScaleRound(val, num, den uint64) uint64 {
	hi, lo := bits.Mul64(val, num)
	lo, carry := bits.Add64(lo, den/2, 0)
	hi += carry
	if hi >= den {
		return math.MaxUint64
	}
	q, _ := bits.Div64(hi, lo, den)
	return q
}

// mp4muxScale converts ns to units of timescale, rounding to nearest.
func mp4muxScale(ns int64, timescale uint32) int64 {
	if ns < 0 {
		return -int64(mp4muxScaleRound(uint64(-ns), uint64(timescale), uint64(gst.Second)))
	}
	return int64(mp4muxScaleRound(uint64(ns), uint64(timescale), uint64(gst.Second)))
}

// buildMoov builds the moov; dataStart is the file offset of the first
// byte of mdat data.
func (m *MP4Mux) buildMoov(s mp4muxSettings, dataStart uint64) (*mp4.MoovBox, error) {
	movieTS := uint32(s.movieTimescale)
	if movieTS == 0 {
		movieTS = 1000
		for _, t := range m.tracks {
			if t.codec.Kind == "video" {
				movieTS = t.ts
				break
			}
		}
	}
	// The presentation start of the movie: the earliest PTS of all tracks.
	first := int64(math.MaxInt64)
	for _, t := range m.tracks {
		if len(t.samples) > 0 {
			first = min(first, t.minPTS())
		}
	}
	moov := mp4.NewMoovBox()
	mvhd := mp4.CreateMvhd()
	mvhd.Timescale = movieTS
	mvhd.NextTrackID = uint32(len(m.tracks) + 1)
	moov.AddChild(mvhd)
	for _, t := range m.tracks {
		if len(t.samples) == 0 {
			continue
		}
		trak, dur, err := t.buildTrak(s, movieTS, first, dataStart)
		if err != nil {
			return nil, err
		}
		if o, tagged := m.padOrient[t.pad]; tagged {
			// gst_qt_mux_setup_metadata: the global orientation, then the
			// stream's, for pads that received tags
			matrix, _ := isobmff.OrientationMatrix("rotate-0")
			if gm, ok := isobmff.OrientationMatrix(m.globalOrient); ok {
				matrix = gm
			}
			if pm, ok := isobmff.OrientationMatrix(o); ok {
				matrix = pm
			}
			trak.Tkhd.Matrix = matrix
		}
		mvhd.Duration = max(mvhd.Duration, dur)
		moov.AddChild(trak)
	}
	return moov, nil
}

func (t *mp4muxTrack) minPTS() int64 {
	v := int64(math.MaxInt64)
	for _, smp := range t.samples {
		v = min(v, smp.pts)
	}
	return v
}

// buildTrak builds the trak of t and returns it with its duration in the
// movie timescale (edit list included).
func (t *mp4muxTrack) buildTrak(s mp4muxSettings, movieTS uint32, first int64, dataStart uint64) (*mp4.TrakBox, uint64, error) {
	trak := mp4.CreateEmptyTrak(t.id, t.ts, t.codec.Kind, "und")
	trak.Tkhd.Flags = 7
	if t.codec.Kind == "video" {
		trak.Tkhd.Width = mp4.Fixed32(uint32(t.codec.Width) << 16)
		trak.Tkhd.Height = mp4.Fixed32(uint32(t.codec.Height) << 16)
	}
	minf := trak.Mdia.Minf
	stbl := mp4.NewStblBox()
	stsd := mp4.NewStsdBox()
	stsd.AddChild(t.codec.Entry)
	stbl.AddChild(stsd)

	n := len(t.samples)
	dts0 := t.samples[0].dts
	dtsTicks := make([]int64, n)
	for i, smp := range t.samples {
		dtsTicks[i] = mp4muxScale(smp.dts-dts0, t.ts)
	}
	// stts: durations from DTS differences, the last from its buffer.
	stts := &mp4.SttsBox{}
	var mediaDur uint64
	for i := range n {
		var d int64
		switch {
		case i+1 < n:
			d = dtsTicks[i+1] - dtsTicks[i]
		case t.samples[i].dur >= 0:
			d = mp4muxScale(t.samples[i].dur, t.ts)
		case i > 0:
			d = dtsTicks[i] - dtsTicks[i-1]
		}
		if d < 0 {
			return nil, 0, fmt.Errorf("mp4mux: decreasing DTS on track %d", t.id)
		}
		mediaDur += uint64(d)
		if k := len(stts.SampleCount); k > 0 && stts.SampleTimeDelta[k-1] == uint32(d) {
			stts.SampleCount[k-1]++
		} else {
			stts.SampleCount = append(stts.SampleCount, 1)
			stts.SampleTimeDelta = append(stts.SampleTimeDelta, uint32(d))
		}
	}
	stbl.AddChild(stts)
	// ctts from PTS-DTS.
	mediaStart := int64(0)
	if s.presentationTime {
		offsets := make([]int32, n)
		any, neg := false, false
		for i, smp := range t.samples {
			o := mp4muxScale(smp.pts-dts0, t.ts) - dtsTicks[i]
			offsets[i] = int32(o)
			any = any || o != 0
			neg = neg || o < 0
		}
		if any {
			ctts := &mp4.CttsBox{}
			if neg {
				ctts.Version = 1
			}
			var counts []uint32
			var vals []int32
			for _, o := range offsets {
				if k := len(vals); k > 0 && vals[k-1] == o {
					counts[k-1]++
				} else {
					counts = append(counts, 1)
					vals = append(vals, o)
				}
			}
			if err := ctts.AddSampleCountsAndOffset(counts, vals); err != nil {
				return nil, 0, err
			}
			stbl.AddChild(ctts)
		}
		mediaStart = mp4muxScale(t.minPTS()-dts0, t.ts)
	}
	// stsc, stsz, stss, stco/co64
	stsc := &mp4.StscBox{}
	var prev uint32
	for i, c := range t.chunks {
		if c.samples != prev {
			if err := stsc.AddEntry(uint32(i+1), c.samples, 1); err != nil {
				return nil, 0, err
			}
			prev = c.samples
		}
	}
	stbl.AddChild(stsc)
	stsz := &mp4.StszBox{SampleNumber: uint32(n)}
	allSync := true
	stss := &mp4.StssBox{}
	for i, smp := range t.samples {
		stsz.SampleSize = append(stsz.SampleSize, smp.size)
		if smp.sync {
			stss.SampleNumber = append(stss.SampleNumber, uint32(i+1))
		} else {
			allSync = false
		}
	}
	stbl.AddChild(stsz)
	if !allSync {
		stbl.AddChild(stss)
	}
	last := t.chunks[len(t.chunks)-1].offset + dataStart
	if last > math.MaxUint32 {
		co64 := &mp4.Co64Box{}
		for _, c := range t.chunks {
			co64.ChunkOffset = append(co64.ChunkOffset, c.offset+dataStart)
		}
		stbl.AddChild(co64)
	} else {
		stco := &mp4.StcoBox{}
		for _, c := range t.chunks {
			stco.ChunkOffset = append(stco.ChunkOffset, uint32(c.offset+dataStart))
		}
		stbl.AddChild(stco)
	}
	for i, c := range minf.Children {
		if _, ok := c.(*mp4.StblBox); ok {
			minf.Children[i] = stbl
		}
	}
	minf.Stbl = stbl

	trak.Mdia.Mdhd.Duration = mediaDur
	// Edit list: an empty edit for a late start, then the media.
	elst := &mp4.ElstBox{}
	var emptyDur uint64
	if s.presentationTime {
		late := t.minPTS() - first
		if late > 0 && uint64(late) > s.startGap && mp4muxScale(late, t.ts) > 0 {
			emptyDur = uint64(mp4muxScale(late, movieTS))
			elst.Entries = append(elst.Entries, mp4.ElstEntry{SegmentDuration: emptyDur, MediaTime: -1, MediaRateInteger: 1})
		}
	}
	presDur := mediaDur
	movieDur := mp4muxScaleRound(presDur, uint64(movieTS), uint64(t.ts))
	elst.Entries = append(elst.Entries, mp4.ElstEntry{SegmentDuration: movieDur, MediaTime: mediaStart, MediaRateInteger: 1})
	edts := &mp4.EdtsBox{}
	edts.AddChild(elst)
	trak.Tkhd.Duration = emptyDur + movieDur
	trak.Edts = edts
	trak.Children = []mp4.Box{trak.Tkhd, edts, trak.Mdia}
	return trak, emptyDur + movieDur, nil
}
