package isomp4

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/Eyevinn/mp4ff/mp4"

	"github.com/gstmini/gstmini/gst"
	"github.com/gstmini/gstmini/libs/isobmff"
)

// qtdemuxMaxSamples bounds the sample index of one track as
// QTDEMUX_MAX_SAMPLE_INDEX_SIZE (50 MB of 32-byte samples) does in C.
const qtdemuxMaxSamples = 50 * 1024 * 1024 / 32

// qtdemuxMaxAtomSize bounds the header atoms (moov, moof) that are read
// whole, as QTDEMUX_MAX_ATOM_SIZE.
const qtdemuxMaxAtomSize = 32 * 1024 * 1024

// qtdemuxMaxMdatCache bounds the mdat kept in memory in push mode when the
// moov comes after it and upstream cannot seek.
const qtdemuxMaxMdatCache = 64 * 1024 * 1024

// Errors of the demuxer, wrapped in the *gst.StreamError it posts.
var (
	errQTDemuxCorrupt    = errors.New("qtdemux: corrupt file")
	errQTDemuxNoStreams  = errors.New("qtdemux: no known streams found")
	errQTDemuxIncomplete = errors.New("qtdemux: file is incomplete")
	errQTDemuxInvalid    = errors.New("qtdemux: invalid atom")
)

// qtdemuxSample is one sample of a track: where it is, its size and its
// times in the track's timescale.
type qtdemuxSample struct {
	offset    uint64
	size      uint32
	duration  uint32
	timestamp uint64 // DTS
	ptsOffset int64  // composition offset (ctts)
	keyframe  bool
}

// qtdemuxSegment is one edit of the edit list: times in ns.
type qtdemuxSegment struct {
	time, stopTime, duration gst.ClockTime // global (movie) time
	mediaStart, mediaStop    gst.ClockTime // track media time; None for empty edits
	rate                     float64
}

func (s *qtdemuxSegment) empty() bool { return s.mediaStart == gst.ClockTimeNone }

// qtdemuxStream is one track being demuxed.
type qtdemuxStream struct {
	trackID   uint32
	subtype   string // hdlr handler type: vide, soun, ...
	fourcc    string // sample entry type
	timescale uint32
	duration  uint64 // mdhd duration in timescale units
	samples   []qtdemuxSample
	segments  []qtdemuxSegment
	cslgShift int64
	allKey    bool
	caps      *gst.Caps
	codecName string
	tags      *gst.TagList // stream tags (codec, image-orientation), nil if none
	trex      *mp4.TrexBox
	// fragments: decode time where the next moof continues
	fragEnd uint64

	pad *gst.Pad

	// streaming state (under the sink pad's stream lock)
	sampleIndex     int
	segmentIndex    int
	toSample        int
	timePosition    gst.ClockTime
	accumulatedBase uint64
	segment         gst.Segment
	discont         bool
	onKeyframe      bool
	lastFlow        gst.FlowReturn
}

// toGst converts track timescale units to ns.
func (s *qtdemuxStream) toGst(v uint64) gst.ClockTime {
	if s.timescale == 0 {
		return 0
	}
	return gst.ClockTime(gst.Uint64Scale(v, uint64(gst.Second), uint64(s.timescale)))
}

// sampleDTS is QTSAMPLE_DTS.
func (s *qtdemuxStream) sampleDTS(i int) gst.ClockTime { return s.toGst(s.samples[i].timestamp) }

// samplePTS is QTSAMPLE_PTS: DTS plus the composition offset and the
// cslg shift that keeps PTS non-negative.
func (s *qtdemuxStream) samplePTS(i int) gst.ClockTime {
	v := int64(s.samples[i].timestamp) + s.cslgShift + s.samples[i].ptsOffset
	if v < 0 {
		v = 0
	}
	return s.toGst(uint64(v))
}

// samplePTSNoCslg is QTSAMPLE_PTS_NO_CSLG.
func (s *qtdemuxStream) samplePTSNoCslg(i int) gst.ClockTime {
	v := int64(s.samples[i].timestamp) + s.samples[i].ptsOffset
	if v < 0 {
		v = 0
	}
	return s.toGst(uint64(v))
}

// sampleDuration is QTSAMPLE_DUR_DTS: end time minus DTS, both rounded
// to ns, so durations add up without drift.
func (s *qtdemuxStream) sampleDuration(i int) gst.ClockTime {
	smp := &s.samples[i]
	return s.toGst(smp.timestamp+uint64(smp.duration)) - s.toGst(smp.timestamp)
}

// qtdemuxDecode decodes one box with mp4ff, turning a panic of the
// library on hostile input into an error.
func qtdemuxDecode(data []byte, startPos uint64) (box mp4.Box, err error) {
	defer func() {
		if r := recover(); r != nil {
			box, err = nil, fmt.Errorf("%w: box decoder failed: %v", errQTDemuxCorrupt, r)
		}
	}()
	box, err = mp4.DecodeBox(startPos, bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", errQTDemuxCorrupt, err)
	}
	return box, nil
}

// qtdemuxBoxPayload encodes box with mp4ff and returns it without its
// 8-byte header (the codec_data qtdemux copies out of stsd).
func qtdemuxBoxPayload(b mp4.Box) []byte {
	var w bytes.Buffer
	if err := b.Encode(&w); err != nil || w.Len() < 8 {
		return nil
	}
	return w.Bytes()[8:]
}

// qtdemuxMovie is the parsed moov: the global timescale and duration and
// the playable streams in trak order.
type qtdemuxMovie struct {
	timescale  uint32
	duration   uint64
	fragmented bool
	matrix     [9]int32 // mvhd transformation matrix
	streams    []*qtdemuxStream
}

func (m *qtdemuxMovie) toGst(v uint64) gst.ClockTime {
	if m.timescale == 0 {
		return 0
	}
	return gst.ClockTime(gst.Uint64Scale(v, uint64(gst.Second), uint64(m.timescale)))
}

// qtdemuxParseMoov builds the streams of a moov box. pullBased tells
// whether edit lists with more than one media segment may be kept.
//
// GStreamer: qtdemux_parse_tree and qtdemux_parse_trak (gst/isomp4/qtdemux.c).
//
// mvhdMatrix is the mvhd transformation matrix (mp4ff does not keep it;
// qtdemuxMvhdMatrix reads it from the raw moov).
func qtdemuxParseMoov(moov *mp4.MoovBox, mvhdMatrix [9]int32, pullBased bool) (*qtdemuxMovie, error) {
	if moov.Mvhd == nil {
		return nil, fmt.Errorf("%w: no mvhd", errQTDemuxCorrupt)
	}
	m := &qtdemuxMovie{timescale: moov.Mvhd.Timescale, duration: moov.Mvhd.Duration, matrix: mvhdMatrix}
	if m.timescale == 0 {
		m.timescale = 1
	}
	if moov.Mvex != nil {
		m.fragmented = true
		if moov.Mvex.Mehd != nil && m.duration == 0 {
			m.duration = uint64(moov.Mvex.Mehd.FragmentDuration)
		}
	}
	for _, trak := range moov.Traks {
		s, err := qtdemuxParseTrak(m, trak, pullBased)
		if err != nil {
			return nil, err
		}
		if s == nil {
			continue
		}
		if moov.Mvex != nil {
			for _, t := range moov.Mvex.Trexs {
				if t.TrackID == s.trackID {
					s.trex = t
				}
			}
		}
		m.streams = append(m.streams, s)
	}
	return m, nil
}

func qtdemuxParseTrak(m *qtdemuxMovie, trak *mp4.TrakBox, pullBased bool) (*qtdemuxStream, error) {
	if trak.Tkhd == nil || trak.Mdia == nil || trak.Mdia.Mdhd == nil || trak.Mdia.Hdlr == nil ||
		trak.Mdia.Minf == nil || trak.Mdia.Minf.Stbl == nil || trak.Mdia.Minf.Stbl.Stsd == nil {
		// C: goto corrupt_file, an ERROR "This file is corrupt and cannot
		// be played." (skipping the track made a launch line naming its
		// pad wait forever)
		return nil, fmt.Errorf("%w: a trak lacks one of tkhd, mdia, mdhd, hdlr, minf, stbl, stsd", errQTDemuxCorrupt)
	}
	s := &qtdemuxStream{
		trackID:      trak.Tkhd.TrackID,
		subtype:      trak.Mdia.Hdlr.HandlerType,
		timescale:    trak.Mdia.Mdhd.Timescale,
		duration:     trak.Mdia.Mdhd.Duration,
		sampleIndex:  -1,
		segmentIndex: -1,
	}
	if s.timescale == 0 {
		return nil, fmt.Errorf("%w: track %d has timescale 0", errQTDemuxCorrupt, s.trackID)
	}
	if s.subtype != "vide" && s.subtype != "soun" {
		return nil, nil // subtitles, metadata, hint tracks: not exposed
	}
	stbl := trak.Mdia.Minf.Stbl
	if len(stbl.Stsd.Children) == 0 {
		return nil, nil
	}
	if err := qtdemuxBuildSamples(s, stbl); err != nil {
		return nil, err
	}
	if err := qtdemuxStreamCaps(s, trak, stbl.Stsd.Children[0]); err != nil {
		return nil, err
	}
	qtdemuxStreamTags(m, s, trak)
	qtdemuxParseSegments(m, s, trak, pullBased)
	return s, nil
}

// qtdemuxBuildSamples fills s.samples from the stbl tables.
//
// GStreamer: qtdemux_stbl_init and qtdemux_parse_samples (gst/isomp4/qtdemux.c).
func qtdemuxBuildSamples(s *qtdemuxStream, stbl *mp4.StblBox) error {
	if stbl.Stsz == nil || stbl.Stsc == nil || stbl.Stts == nil || (stbl.Stco == nil && stbl.Co64 == nil) {
		// a fragmented file's moov may carry empty or no tables
		s.allKey = true
		return nil
	}
	n := int(stbl.Stsz.SampleNumber)
	if n == 0 {
		s.allKey = true
		return nil
	}
	if n > qtdemuxMaxSamples {
		return fmt.Errorf("%w: track %d has too many samples (%d)", errQTDemuxCorrupt, s.trackID, n)
	}
	if stbl.Stsz.SampleUniformSize == 0 && len(stbl.Stsz.SampleSize) < n {
		return fmt.Errorf("%w: stsz is short", errQTDemuxCorrupt)
	}
	var chunks []uint64
	if stbl.Co64 != nil {
		chunks = stbl.Co64.ChunkOffset
	} else {
		chunks = make([]uint64, len(stbl.Stco.ChunkOffset))
		for i, o := range stbl.Stco.ChunkOffset {
			chunks[i] = uint64(o)
		}
	}
	samples := make([]qtdemuxSample, 0, n)
	entries := stbl.Stsc.Entries
	ei := 0
	for c := 0; c < len(chunks) && len(samples) < n; c++ {
		for ei+1 < len(entries) && uint64(entries[ei+1].FirstChunk) <= uint64(c+1) {
			ei++
		}
		if len(entries) == 0 {
			break
		}
		per := int(entries[ei].SamplesPerChunk)
		off := chunks[c]
		for k := 0; k < per && len(samples) < n; k++ {
			size := stbl.Stsz.SampleUniformSize
			if size == 0 {
				size = stbl.Stsz.SampleSize[len(samples)]
			}
			samples = append(samples, qtdemuxSample{offset: off, size: size})
			off += uint64(size)
		}
	}
	if len(samples) < n {
		return fmt.Errorf("%w: track %d: chunk tables describe %d of %d samples", errQTDemuxCorrupt, s.trackID, len(samples), n)
	}
	// decoding times
	var t uint64
	i := 0
	for e := range stbl.Stts.SampleCount {
		if e >= len(stbl.Stts.SampleTimeDelta) {
			break
		}
		for k := uint32(0); k < stbl.Stts.SampleCount[e] && i < n; k++ {
			samples[i].timestamp = t
			samples[i].duration = stbl.Stts.SampleTimeDelta[e]
			t += uint64(stbl.Stts.SampleTimeDelta[e])
			i++
		}
	}
	for ; i < n; i++ { // stts too short: C repeats the last delta
		samples[i].timestamp = t
		if i > 0 {
			samples[i].duration = samples[i-1].duration
		}
		t += uint64(samples[i].duration)
	}
	// composition offsets
	if stbl.Ctts != nil {
		var minOff int64
		for e, off := range stbl.Ctts.SampleOffset {
			if e+1 >= len(stbl.Ctts.EndSampleNr) {
				break
			}
			from, to := int(stbl.Ctts.EndSampleNr[e]), int(stbl.Ctts.EndSampleNr[e+1])
			for j := from; j < to && j < n; j++ {
				samples[j].ptsOffset = int64(off)
			}
			if int64(off) < minOff {
				minOff = int64(off)
			}
		}
		s.cslgShift = -minOff
	}
	// sync samples
	if stbl.Stss == nil {
		s.allKey = true
		for j := range samples {
			samples[j].keyframe = true
		}
	} else {
		for _, nr := range stbl.Stss.SampleNumber {
			if nr >= 1 && int(nr) <= n {
				samples[nr-1].keyframe = true
			}
		}
	}
	s.samples = samples
	return nil
}

// qtdemuxParseSegments builds the segments of s from its edit list, or one
// segment covering the track.
//
// GStreamer: qtdemux_parse_segments (gst/isomp4/qtdemux.c).
func qtdemuxParseSegments(m *qtdemuxMovie, s *qtdemuxStream, trak *mp4.TrakBox, pullBased bool) {
	s.segments = nil
	mediaSegments := 0
	if trak.Edts != nil && len(trak.Edts.Elst) > 0 && len(trak.Edts.Elst[0].Entries) <= 100000 {
		var tm uint64
		var stime gst.ClockTime
		for _, e := range trak.Edts.Elst[0].Entries {
			seg := qtdemuxSegment{time: stime, mediaStart: gst.ClockTimeNone, mediaStop: gst.ClockTimeNone}
			empty := e.MediaTime < 0
			if !empty {
				seg.mediaStart = s.toGst(uint64(e.MediaTime))
			}
			last := false
			if e.SegmentDuration != 0 || empty {
				tm += e.SegmentDuration
				stime = m.toGst(tm)
				seg.duration = stime - seg.time
			} else {
				stime, seg.duration = gst.ClockTimeNone, gst.ClockTimeNone
				last = true
			}
			seg.stopTime = stime
			if !empty {
				if seg.duration != gst.ClockTimeNone {
					seg.mediaStop = seg.mediaStart + seg.duration
				}
				mediaSegments++
			}
			rate := e.MediaRateFixed32()
			if rate <= 1 {
				seg.rate = 1
			} else {
				seg.rate = float64(rate) / 65536.0
			}
			s.segments = append(s.segments, seg)
			if last {
				break
			}
		}
		if !pullBased && mediaSegments != 1 {
			s.segments = nil
		}
	}
	if len(s.segments) == 0 {
		d := s.toGst(s.duration)
		if d == 0 {
			d = gst.ClockTimeNone
		}
		s.segments = []qtdemuxSegment{{time: 0, stopTime: d, duration: d, mediaStart: 0, mediaStop: d, rate: 1}}
	}
}

// qtdemuxStreamCaps sets s.caps and s.codecName from the first sample
// entry, as qtdemux_video_caps/qtdemux_audio_caps, the stsd parsing and
// gst_qtdemux_configure_stream do.
func qtdemuxStreamCaps(s *qtdemuxStream, trak *mp4.TrakBox, entry mp4.Box) error {
	s.fourcc = entry.Type()
	switch e := entry.(type) {
	case *mp4.VisualSampleEntryBox:
		if s.subtype != "vide" {
			break
		}
		st := qtdemuxVideoStructure(s, e)
		// configure_stream: size, framerate, PAR, colorimetry
		if e.Width != 0 && e.Height != 0 {
			st.Set("width", int(e.Width))
			st.Set("height", int(e.Height))
		}
		if n, d, ok := qtdemuxStreamFramerate(s); ok {
			st.Set("framerate", gst.NewFraction(n, d))
		}
		dw, dh := int(trak.Tkhd.Width>>16), int(trak.Tkhd.Height>>16)
		if e.Pasp != nil && e.Pasp.HSpacing > 0 && e.Pasp.VSpacing > 0 {
			st.Set("pixel-aspect-ratio", gst.NewFraction(int(e.Pasp.HSpacing), int(e.Pasp.VSpacing)))
		} else if dw > 0 && dh > 0 && e.Width > 0 && e.Height > 0 {
			n, d := dw*int(e.Height), dh*int(e.Width)
			if n == d {
				n, d = 1, 1
			}
			st.Set("pixel-aspect-ratio", gst.NewFraction(n, d))
		}
		for _, c := range e.Children {
			if colr, ok := c.(*mp4.ColrBox); ok && (colr.ColorType == "nclx" || colr.ColorType == "nclc") &&
				(colr.Size() == 18 || colr.Size() == 19) {
				full := colr.ColorType == "nclx" && colr.FullRangeFlag
				st.Set("colorimetry", qtdemuxColorimetryFromISO(colr.ColorPrimaries,
					colr.TransferCharacteristics, colr.MatrixCoefficients, full).String())
				break
			}
		}
		s.caps = gst.NewCaps(st)
		return nil
	case *mp4.AudioSampleEntryBox:
		if s.subtype != "soun" {
			break
		}
		st := qtdemuxAudioStructure(s, e)
		s.caps = gst.NewCaps(st)
		return nil
	}
	prefix := "video"
	if s.subtype == "soun" {
		prefix = "audio"
	}
	s.caps = gst.NewCapsEmptySimple(prefix + "/x-gst-fourcc-" + qtdemuxFourccName(s.fourcc))
	return nil
}

func qtdemuxFourccName(f string) string {
	b := []byte(f)
	for i, c := range b {
		if c < 0x20 || c > 0x7e || c == ' ' || c == ',' || c == ';' || c == '=' || c == '"' || c == '\\' {
			b[i] = '_'
		}
	}
	return string(b)
}

func qtdemuxStreamFramerate(s *qtdemuxStream) (n, d int, ok bool) {
	ns := len(s.samples)
	var first uint32
	if ns > 0 {
		first = s.samples[0].duration
	}
	if ns == 1 && first == 0 {
		return 0, 1, true
	}
	if s.duration == 0 || ns < 2 || s.duration < uint64(first) {
		return 0, 0, false
	}
	avg := gst.Uint64ScaleRound(s.duration-uint64(first), uint64(gst.Second), uint64(s.timescale)*uint64(ns-1))
	return qtdemuxGuessFramerate(gst.ClockTime(avg))
}

func qtdemuxVideoStructure(s *qtdemuxStream, e *mp4.VisualSampleEntryBox) *gst.Structure {
	switch s.fourcc {
	case "avc1", "avc3":
		format := "avc"
		if s.fourcc == "avc3" {
			format = "avc3"
		}
		st := gst.NewStructureSimple("video/x-h264", "stream-format", format, "alignment", "au")
		s.codecName = "H.264 / AVC"
		if e.AvcC != nil {
			if data := qtdemuxBoxPayload(e.AvcC); len(data) > 1 {
				if l := qtdemuxH264Level(data[1:]); l != "" {
					st.Set("level", l)
				}
				if p := qtdemuxH264Profile(data[1:]); p != "" {
					st.Set("profile", p)
				}
				st.Set("codec_data", gst.NewBufferMemdup(data))
			}
		}
		return st
	case "hvc1", "hev1":
		st := gst.NewStructureSimple("video/x-h265", "stream-format", s.fourcc, "alignment", "au")
		s.codecName = "H.265 / HEVC"
		if e.HvcC != nil {
			if data := qtdemuxBoxPayload(e.HvcC); len(data) > 1 {
				ptl := data[1:]
				if l := qtdemuxH265Level(ptl); l != "" {
					st.Set("level", l)
				}
				st.Set("tier", qtdemuxH265Tier(ptl))
				if p := qtdemuxH265Profile(ptl); p != "" {
					st.Set("profile", p)
				}
				st.Set("codec_data", gst.NewBufferMemdup(data))
			}
		}
		return st
	case "mp4v":
		s.codecName = "MPEG-4 video"
		return gst.NewStructureSimple("video/mpeg", "mpegversion", 4, "systemstream", false)
	case "vp09":
		s.codecName = "VP9"
		return gst.NewStructure("video/x-vp9")
	case "vp08":
		s.codecName = "VP8"
		return gst.NewStructure("video/x-vp8")
	case "av01":
		s.codecName = "AV1"
		st := gst.NewStructureSimple("video/x-av1", "stream-format", "obu-stream", "alignment", "tu")
		if e.Av1C != nil {
			if data := qtdemuxBoxPayload(e.Av1C); len(data) > 0 {
				st.Set("codec_data", gst.NewBufferMemdup(data))
			}
		}
		return st
	case "jpeg", "mjpg":
		s.codecName = "JPEG still images"
		return gst.NewStructureSimple("image/jpeg", "parsed", true)
	}
	return gst.NewStructure("video/x-gst-fourcc-" + qtdemuxFourccName(s.fourcc))
}

func qtdemuxAudioStructure(s *qtdemuxStream, e *mp4.AudioSampleEntryBox) *gst.Structure {
	rate := int(e.SampleRate)
	channels := int(e.ChannelCount)
	var st *gst.Structure
	switch s.fourcc {
	case "mp4a":
		objType := byte(0x40)
		var cfg []byte
		if e.Esds != nil && e.Esds.DecConfigDescriptor != nil {
			objType = e.Esds.DecConfigDescriptor.ObjectType
			if e.Esds.DecConfigDescriptor.DecSpecificInfo != nil {
				cfg = e.Esds.DecConfigDescriptor.DecSpecificInfo.DecConfig
			}
		}
		switch objType {
		case 0x69, 0x6B:
			s.codecName = "MPEG-1 audio"
			st = gst.NewStructureSimple("audio/mpeg", "mpegversion", 1)
		case 0xA5:
			s.codecName = "AC-3 audio"
			st = gst.NewStructureSimple("audio/x-ac3", "framed", true)
		default:
			s.codecName = "MPEG-4 AAC audio"
			st = gst.NewStructureSimple("audio/mpeg", "mpegversion", 4, "framed", true, "stream-format", "raw")
			if len(cfg) == 2 {
				if c := qtdemuxAACChannels(cfg); c > 0 {
					channels = c
				}
				if _, r, _, ok := qtdemuxAACConfig(cfg); ok && r > 0 {
					rate = int(r)
				}
			}
			if len(cfg) >= 2 {
				if l := qtdemuxAACLevel(cfg); l != "" {
					st.Set("level", l)
				}
				if p := qtdemuxAACProfile(cfg); p != "" {
					st.Set("base-profile", p)
					st.Set("profile", p)
				}
			}
		}
		if len(cfg) > 0 {
			st.Set("codec_data", gst.NewBufferMemdup(cfg))
		}
	case ".mp3":
		s.codecName = "MPEG-1 layer 3"
		st = gst.NewStructureSimple("audio/mpeg", "layer", 3, "mpegversion", 1)
	case "ac-3":
		s.codecName = "AC-3 audio"
		st = gst.NewStructureSimple("audio/x-ac3", "framed", true)
	case "ec-3":
		s.codecName = "EAC-3 audio"
		st = gst.NewStructureSimple("audio/x-eac3", "framed", true)
	case "Opus":
		s.codecName = "Opus"
		st = gst.NewStructureSimple("audio/x-opus", "channel-mapping-family", 0)
	case "fLaC":
		s.codecName = "Free Lossless Audio Codec"
		st = gst.NewStructureSimple("audio/x-flac", "framed", true)
	default:
		st = gst.NewStructure("audio/x-gst-fourcc-" + qtdemuxFourccName(s.fourcc))
	}
	if rate > 0 {
		st.Set("rate", rate)
	}
	if channels > 0 {
		st.Set("channels", channels)
	}
	return st
}

// qtdemuxAddFragment appends the samples of a moof (at file offset
// moofOffset) to the streams.
//
// GStreamer: qtdemux_parse_moof and qtdemux_parse_trun (gst/isomp4/qtdemux.c).
func qtdemuxAddFragment(m *qtdemuxMovie, moof *mp4.MoofBox, moofOffset uint64) error {
	for _, traf := range moof.Trafs {
		if traf.Tfhd == nil {
			return fmt.Errorf("%w: traf without tfhd", errQTDemuxCorrupt)
		}
		var s *qtdemuxStream
		for _, st := range m.streams {
			if st.trackID == traf.Tfhd.TrackID {
				s = st
			}
		}
		if s == nil {
			continue
		}
		base := moofOffset
		if traf.Tfhd.HasBaseDataOffset() {
			base = traf.Tfhd.BaseDataOffset
		}
		dt := s.fragEnd
		if traf.Tfdt != nil {
			dt = traf.Tfdt.BaseMediaDecodeTime()
		}
		pos := base
		for _, trun := range traf.Truns {
			trun.AddSampleDefaultValues(traf.Tfhd, s.trex)
			if trun.HasDataOffset() {
				pos = uint64(int64(base) + int64(trun.DataOffset))
			}
			if len(s.samples)+len(trun.Samples) > qtdemuxMaxSamples {
				return fmt.Errorf("%w: track %d has too many samples", errQTDemuxCorrupt, s.trackID)
			}
			for _, smp := range trun.Samples {
				key := s.subtype != "vide" || smp.Flags&0x10000 == 0
				s.samples = append(s.samples, qtdemuxSample{offset: pos, size: smp.Size, duration: smp.Dur,
					timestamp: dt, ptsOffset: int64(smp.CompositionTimeOffset), keyframe: key})
				if off := -int64(smp.CompositionTimeOffset); off > s.cslgShift && s.subtype == "vide" {
					// keep PTS non-negative as qtdemux's cslg handling does
					s.cslgShift = off
				}
				pos += uint64(smp.Size)
				dt += uint64(smp.Dur)
			}
		}
		s.fragEnd = dt
		s.allKey = false
		if s.toGst(dt) > s.toGst(s.duration) {
			s.duration = dt
		}
	}
	return nil
}

// qtdemuxStreamTags fills s.tags: the codec name (video-codec or
// audio-codec) and, for video, the image-orientation of the combined mvhd
// and tkhd matrices.
//
// GStreamer: the stream_tags setup of qtdemux_parse_trak (gst/isomp4/qtdemux.c).
func qtdemuxStreamTags(m *qtdemuxMovie, s *qtdemuxStream, trak *mp4.TrakBox) {
	tags := gst.NewTagList()
	if s.codecName != "" {
		tag := gst.TagAudioCodec
		if s.subtype == "vide" {
			tag = gst.TagVideoCodec
		}
		tags.Add(gst.TagMergeReplace, tag, s.codecName)
	}
	if s.subtype == "vide" {
		tkhd := trak.Tkhd.Matrix
		if tkhd == ([9]int32{}) {
			tkhd = mp4.UnityMatrix()
		}
		if o := isobmff.OrientationFromMatrix(qtdemuxMulMatrix(m.matrix, tkhd)); o != "" {
			tags.Add(gst.TagMergeReplace, isobmff.TagImageOrientation, o)
		}
	}
	if !tags.IsEmpty() {
		s.tags = tags
	}
}

// qtdemuxMatrixIsSimple reports whether every entry of m that qtdemux
// looks at is 0, 1 or -1 (u, v, x, y are ignored).
//
// GStreamer: qtdemux_transformation_matrix_is_simple (gst/isomp4/qtdemux.c).
func qtdemuxMatrixIsSimple(m [9]int32) bool {
	for i, v := range m {
		switch i {
		case 2, 5, 6, 7:
		case 8:
			if v != 0 && v != 1<<30 && v != -1<<30 {
				return false
			}
		default:
			if v != 0 && v != 1<<16 && v != -1<<16 {
				return false
			}
		}
	}
	return true
}

// qtdemuxMulMatrix returns a×b for matrices of 0, 1 and -1 (the mvhd and
// tkhd matrices); any other entry gives the identity.
//
// GStreamer: qtdemux_mul_transformation_matrix (gst/isomp4/qtdemux.c).
func qtdemuxMulMatrix(a, b [9]int32) [9]int32 {
	if !qtdemuxMatrixIsSimple(a) || !qtdemuxMatrixIsSimple(b) {
		return mp4.UnityMatrix()
	}
	mul := func(x, y int32) int32 {
		switch {
		case x == 0 || y == 0:
			return 0
		case x == y:
			return 1
		}
		return -1
	}
	add := func(x, y int32) int32 {
		switch {
		case x+y > 0:
			return 1 << 16
		case x+y < 0:
			return -1 << 16
		}
		return 0
	}
	var c [9]int32
	c[0] = add(mul(a[0], b[0]), mul(a[1], b[3]))
	c[1] = add(mul(a[0], b[1]), mul(a[1], b[4]))
	c[3] = add(mul(a[3], b[0]), mul(a[4], b[3]))
	c[4] = add(mul(a[3], b[1]), mul(a[4], b[4]))
	c[8] = a[8]
	return c
}

// qtdemuxMvhdMatrix reads the transformation matrix of the mvhd in a raw
// moov box (header included); the identity when there is none or it is
// short.
//
// GStreamer: qtdemux_parse_mvhd's qtdemux_parse_transformation_matrix (gst/isomp4/qtdemux.c).
func qtdemuxMvhdMatrix(moov []byte) [9]int32 {
	id := mp4.UnityMatrix()
	pos := 8
	if len(moov) >= 8 && binary.BigEndian.Uint32(moov) == 1 {
		pos = 16
	}
	for pos+8 <= len(moov) {
		size := int(binary.BigEndian.Uint32(moov[pos:]))
		typ := string(moov[pos+4 : pos+8])
		if size < 8 || size > len(moov)-pos {
			return id
		}
		if typ != "mvhd" {
			pos += size
			continue
		}
		body := moov[pos+8 : pos+size]
		if len(body) < 4 {
			return id
		}
		// version and flags, times/timescale/duration, rate, volume, reserved
		skip := 4 + 16 + 16
		if body[0] == 1 {
			skip = 4 + 28 + 16
		}
		if len(body) < skip+36 {
			return id
		}
		var m [9]int32
		for i := range m {
			m[i] = int32(binary.BigEndian.Uint32(body[skip+4*i:]))
		}
		return m
	}
	return id
}
