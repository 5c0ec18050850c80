package isomp4

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/Eyevinn/mp4ff/mp4"

	"github.com/gstmini/gstmini/base"
	"github.com/gstmini/gstmini/gst"
)

// The pad templates of qtdemux, as gst-inspect-1.0 qtdemux shows them.
var (
	qtdemuxSinkTemplate = gst.MustNewPadTemplate("sink", gst.PadSink, gst.PadAlways,
		gst.MustParseCaps("video/quicktime; video/mj2; audio/x-m4a; application/x-3gp"))
	qtdemuxAudioTemplate    = gst.MustNewPadTemplate("audio_%u", gst.PadSrc, gst.PadSometimes, gst.NewCapsAny())
	qtdemuxSubtitleTemplate = gst.MustNewPadTemplate("subtitle_%u", gst.PadSrc, gst.PadSometimes, gst.NewCapsAny())
	qtdemuxVideoTemplate    = gst.MustNewPadTemplate("video_%u", gst.PadSrc, gst.PadSometimes, gst.NewCapsAny())
)

// QTDemuxClass is the class (factory) of the qtdemux element: it reads
// ISO base media files (MP4, MOV, 3GP, fragmented MP4) and exposes one
// source pad per audio and video track.
//
// GStreamer: GstQTDemuxClass (gst/isomp4/qtdemux.c, gst-plugins-good).
var QTDemuxClass = &gst.ElementClass{
	Name:     "qtdemux",
	TypeName: "GstQTDemux",
	Rank:     gst.RankPrimary,
	Metadata: gst.ElementMetadata{
		LongName:    "QuickTime demuxer",
		Klass:       "Codec/Demuxer",
		Description: "Demultiplex a QuickTime file into audio and video streams",
		Author:      "David Schleef <ds@schleef.org>, Wim Taymans <wim@fluendo.com>",
		DocURI:      "https://gstreamer.freedesktop.org/documentation/isomp4/qtdemux.html",
	},
	PadTemplates: []*gst.PadTemplate{qtdemuxAudioTemplate, qtdemuxSinkTemplate, qtdemuxSubtitleTemplate, qtdemuxVideoTemplate},
	New:          func() gst.Element { return &QTDemux{} },
	Plugin:       isomp4Plugin,
}

const (
	qtdemuxStateHeader = iota
	qtdemuxStateMovie
)

// QTDemux is the qtdemux element. The sink pad works in pull mode when
// upstream supports random access (the moov is then found wherever it is
// with range reads and a task drives the output, interleaving the tracks
// by time) and in push mode otherwise (an adapter collects the data; a
// moov after the mdat is reached by a BYTES seek upstream when upstream
// is seekable). Source pads video_%u and audio_%u are added once the moov
// is parsed, followed by no-more-pads. After each SEGMENT event a pad
// gets a TAG event with its stream tags: video-codec/audio-codec and, for
// video, the image-orientation of the tkhd (times mvhd) matrix
// (rotate-90/180/270, flip-rotate-0/90/180/270), which mp4mux, cmafmux,
// isofmp4mux and hlssegmenter (CMAF) write back as a tkhd matrix.
//
// Seeks in TIME (flushing, non-flushing, KEY_UNIT with SNAP flags,
// SEGMENT) are handled in pull mode. In push mode a TIME seek goes
// upstream first; when upstream refuses it (a source working in BYTES)
// and the file is not fragmented, it becomes a BYTES seek upstream to the
// keyframe before the requested time (same seqnum, forward rates only),
// and the BYTES segment that follows is sent on as the TIME segment of
// the seek. A seek whose seqnum is that of the last handled seek (the
// same seek reaching the demuxer from several sinks) is dropped and
// reported handled. Errors in the input are posted as
// *gst.StreamError ERROR messages (code StreamErrorDemux) with
// GStreamer's texts.
//
// GStreamer: GstQTDemux (gst/isomp4/qtdemux.c, gst-plugins-good).
type QTDemux struct {
	gst.ElementBase

	sinkpad *gst.Pad

	// mu guards segment, movie, streams (their pads) and duration for
	// queries and events that arrive outside the streaming thread.
	mu           sync.Mutex
	segment      gst.Segment
	segSeqnum    uint32
	movie        *qtdemuxMovie
	streams      []*qtdemuxStream
	pullBased    bool
	combiner     *base.FlowCombiner
	errorPosted  bool
	upstreamSize int64

	// streaming state, under the sink pad's stream lock
	state       int
	offset      uint64 // pull: next top-level atom; push: offset of the adapter's first byte
	exposed     bool
	nVideo      int
	nAudio      int
	groupID     uint32
	upstreamID  string
	haveGroupID bool

	// push mode
	adapter     *base.Adapter
	nextBox     uint64      // push: offset of the next top-level box header
	boxEnd      uint64      // push: end of the box whose samples are being read
	mdatOffset  uint64      // push: mdat found before the moov, to seek back to
	mdatCache   *gst.Buffer // push: mdat kept while looking for the moov (upstream not seekable)
	seekingMoov atomic.Bool // push: upstream seeks to the moov and back are under way
	dropUntil   atomic.Bool // push: drop data until the upstream segment at seekTarget
	seekTarget  uint64      // push: offset of the pending upstream seek (stream lock)
	seekBack    bool        // push: the pending seek returns to the mdat
	seekWG      sync.WaitGroup

	// push mode TIME seeks, converted to BYTES seeks upstream (under mu)
	pushSeekOffset int64  // byte offset of the last BYTES seek sent, -1 if none
	pushSeekStart  uint64 // TIME start for the segment of that seek
	pushSeekStop   uint64 // TIME stop for the segment of that seek
	needSegment    bool   // push: map d.segment to the streams before the next sample (stream lock)
}

// Constructed creates the sink pad.
//
// GStreamer: gst_qtdemux_init (gst/isomp4/qtdemux.c).
func (d *QTDemux) Constructed() error {
	d.sinkpad = gst.NewPadFromTemplate(qtdemuxSinkTemplate, "sink")
	d.sinkpad.SetActivateFunc(d.sinkActivate)
	d.sinkpad.SetActivateModeFunc(d.sinkActivateMode)
	d.sinkpad.SetChainFunc(d.chain)
	d.sinkpad.SetEventFunc(d.sinkEvent)
	d.combiner = base.NewFlowCombiner()
	d.adapter = base.NewAdapter()
	d.reset()
	return d.AddPad(d.sinkpad)
}

// reset returns the demuxer to its initial state (no streams).
func (d *QTDemux) reset() {
	d.mu.Lock()
	d.segment.Init(gst.FormatTime)
	d.segSeqnum = gst.SeqnumInvalid
	d.pushSeekOffset = -1
	d.movie = nil
	d.errorPosted = false
	d.upstreamSize = -1
	d.mu.Unlock()
	d.state = qtdemuxStateHeader
	d.offset = 0
	d.nextBox = 0
	d.boxEnd = 0
	d.seekingMoov.Store(false)
	d.dropUntil.Store(false)
	if d.mdatCache != nil {
		d.mdatCache.Unref()
		d.mdatCache = nil
	}
	d.upstreamID = ""
	d.haveGroupID = false
	d.needSegment = false
	d.adapter.Clear()
}

// removeStreams removes the source pads.
func (d *QTDemux) removeStreams() {
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
	d.nVideo, d.nAudio = 0, 0
}

// ChangeState resets the demuxer when going to READY.
//
// GStreamer: gst_qtdemux_change_state (gst/isomp4/qtdemux.c).
func (d *QTDemux) ChangeState(t gst.StateChange) gst.StateChangeReturn {
	ret := d.ElementBase.ChangeState(t)
	if ret == gst.StateChangeFailure {
		return ret
	}
	if t == gst.StateChangePausedToReady {
		d.seekWG.Wait()
		d.removeStreams()
		d.reset()
	}
	return ret
}

// ---------------------------------------------------------------------------
// Activation

func (d *QTDemux) sinkActivate(pad *gst.Pad) bool {
	q := gst.NewSchedulingQuery()
	if !pad.PeerQuery(q) {
		return pad.ActivateMode(gst.PadModePush, true)
	}
	if q.HasModeWithFlags(gst.PadModePull, gst.SchedulingFlagSeekable) {
		if pad.ActivateMode(gst.PadModePull, true) {
			return true
		}
	}
	return pad.ActivateMode(gst.PadModePush, true)
}

func (d *QTDemux) sinkActivateMode(pad *gst.Pad, mode gst.PadMode, active bool) bool {
	switch mode {
	case gst.PadModePush:
		d.mu.Lock()
		d.pullBased = false
		d.mu.Unlock()
		return true
	case gst.PadModePull:
		if active {
			d.mu.Lock()
			d.pullBased = true
			d.mu.Unlock()
			return pad.StartTask(d.loop)
		}
		return pad.StopTask()
	}
	return false
}

// ---------------------------------------------------------------------------
// Errors

// postStreamError posts a STREAM/DEMUX error once: msg is the message
// (GError text) and the detail of err the debug string, as
// GST_ELEMENT_ERROR (qtdemux, STREAM, DEMUX, (msg), (debug)) does; the
// error carries no cause, so its text is msg alone, as gst-launch-1.0
// prints it.
func (d *QTDemux) postStreamError(msg string, err error) {
	d.mu.Lock()
	posted := d.errorPosted
	d.errorPosted = true
	d.mu.Unlock()
	if posted {
		return
	}
	d.PostError(&gst.StreamError{Code: gst.StreamErrorDemux, Msg: msg}, qtdemuxDebug(err))
}

// qtdemuxDebug returns the debug text of a demuxer error: its detail
// without the sentinel's prefix ("atom has bogus size 669831708",
// "no known streams found"), as qtdemux's debug strings read.
func qtdemuxDebug(err error) string {
	s := err.Error()
	for _, sentinel := range []error{errQTDemuxNoStreams, errQTDemuxIncomplete, errQTDemuxInvalid, errQTDemuxCorrupt} {
		if !errors.Is(err, sentinel) {
			continue
		}
		if rest, ok := strings.CutPrefix(s, sentinel.Error()+": "); ok {
			return rest
		}
		if s == sentinel.Error() {
			return strings.TrimPrefix(s, "qtdemux: ")
		}
	}
	return s
}

// qtdemuxBogusSize is the error for a header atom too large to read
// whole (a size of 0, to the end of the file, counts as the largest).
//
// GStreamer: gst_qtdemux_pull_atom and gst_qtdemux_process_adapter's
// "bogus size" checks (gst/isomp4/qtdemux.c).
func qtdemuxBogusSize(typ string, size uint64, push bool) error {
	if size == 0 {
		size = math.MaxUint64
	}
	if push {
		// GST_FOURCC_FORMAT: unprintable bytes as '.'
		fourcc := []byte(typ)
		for i, c := range fourcc {
			if c < 0x20 || c > 0x7e {
				fourcc[i] = '.'
			}
		}
		return fmt.Errorf("%w: atom %s has bogus size %d", errQTDemuxInvalid, fourcc, size)
	}
	return fmt.Errorf("%w: atom has bogus size %d", errQTDemuxInvalid, size)
}

// qtdemuxSkipped lists the header atoms qtdemux skips without reading
// them in pull mode; any other atom (ftyp, uuid, unknown ones) is read
// whole and must not be larger than qtdemuxMaxAtomSize.
//
// GStreamer: gst_qtdemux_loop_state_header (gst/isomp4/qtdemux.c).
func qtdemuxSkipped(typ string) bool {
	switch typ {
	case "moov", "moof", "mdat", "free", "skip", "wide", "PICT", "pnot":
		return true
	}
	return false
}

// postErrorFor maps a parse error to GStreamer's message.
func (d *QTDemux) postErrorFor(err error) {
	switch {
	case errors.Is(err, errQTDemuxNoStreams):
		d.postStreamError("This file contains no playable streams.", err)
	case errors.Is(err, errQTDemuxIncomplete):
		d.postStreamError("This file is incomplete and cannot be played.", err)
	case errors.Is(err, errQTDemuxInvalid):
		d.postStreamError("This file is invalid and cannot be played.", err)
	default:
		d.postStreamError("This file is corrupt and cannot be played.", err)
	}
}

// ---------------------------------------------------------------------------
// Box headers

// qtdemuxHeader reads a top-level box header from data (8 or 16 bytes)
// with mp4ff. A size of 0 (box to the end of the file) gives size 0.
func qtdemuxHeader(data []byte) (typ string, size uint64, hdrLen int, err error) {
	if len(data) < 8 {
		return "", 0, 0, fmt.Errorf("%w: short atom header", errQTDemuxIncomplete)
	}
	if binary.BigEndian.Uint32(data) == 0 {
		return string(data[4:8]), 0, 8, nil
	}
	h, err := mp4.DecodeHeader(bytes.NewReader(data))
	if err != nil {
		return "", 0, 0, fmt.Errorf("%w: %v", errQTDemuxInvalid, err)
	}
	if h.Size < uint64(h.Hdrlen) {
		return "", 0, 0, fmt.Errorf("%w: atom %q has size %d", errQTDemuxInvalid, h.Name, h.Size)
	}
	return h.Name, h.Size, h.Hdrlen, nil
}

// parseMoov decodes a complete moov box.
func (d *QTDemux) parseMoov(data []byte, offset uint64) error {
	box, err := qtdemuxDecode(data, offset)
	if err != nil {
		return err
	}
	moov, ok := box.(*mp4.MoovBox)
	if !ok {
		return fmt.Errorf("%w: moov did not decode as moov", errQTDemuxCorrupt)
	}
	d.mu.Lock()
	pull := d.pullBased
	d.mu.Unlock()
	m, err := qtdemuxParseMoov(moov, qtdemuxMvhdMatrix(data), pull)
	if err != nil {
		return err
	}
	d.mu.Lock()
	d.movie = m
	if m.duration != 0 {
		d.segment.Duration = uint64(m.toGst(m.duration))
	}
	d.mu.Unlock()
	return nil
}

// parseMoof decodes a moof box and adds its samples.
func (d *QTDemux) parseMoof(data []byte, offset uint64) error {
	box, err := qtdemuxDecode(data, offset)
	if err != nil {
		return err
	}
	moof, ok := box.(*mp4.MoofBox)
	if !ok {
		return fmt.Errorf("%w: moof did not decode as moof", errQTDemuxCorrupt)
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.movie == nil {
		return nil
	}
	d.movie.fragmented = true
	return qtdemuxAddFragment(d.movie, moof, offset)
}

// ---------------------------------------------------------------------------
// Streams

// prepareStreams keeps the streams with samples (or all of a fragmented
// movie) and fails when there are none.
//
// GStreamer: qtdemux_prepare_streams (gst/isomp4/qtdemux.c).
func (d *QTDemux) prepareStreams() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.movie == nil {
		return errQTDemuxNoStreams
	}
	var keep []*qtdemuxStream
	for _, s := range d.movie.streams {
		if len(s.samples) == 0 && !d.movie.fragmented {
			continue
		}
		keep = append(keep, s)
	}
	if len(keep) == 0 {
		return errQTDemuxNoStreams
	}
	for _, s := range keep {
		// the movie duration covers all streams
		if sd := s.toGst(s.duration); d.segment.Duration == qtdemuxNone || (sd != gst.ClockTimeNone && uint64(sd) > d.segment.Duration && s.duration != 0) {
			d.segment.Duration = uint64(sd)
		}
		if seg := s.segments[len(s.segments)-1]; seg.stopTime != gst.ClockTimeNone && uint64(seg.stopTime) > d.segment.Duration {
			d.segment.Duration = uint64(seg.stopTime)
		}
	}
	d.streams = keep
	return nil
}

// upstreamStreamID returns the upstream part of the stream ids.
//
// GStreamer: gst_pad_create_stream_id_internal (gst/gstutils.c).
func (d *QTDemux) upstreamStreamID() string {
	if d.upstreamID != "" {
		return d.upstreamID
	}
	if id := d.sinkpad.StreamID(); id != "" {
		return id
	}
	q := gst.NewURIQuery()
	if d.sinkpad.PeerQuery(q) && q.URI != "" {
		sum := sha256.Sum256([]byte(q.URI))
		return hex.EncodeToString(sum[:])
	}
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// exposeStreams creates the source pads and sends stream-start and caps,
// then no-more-pads.
//
// GStreamer: qtdemux_expose_streams (gst/isomp4/qtdemux.c).
func (d *QTDemux) exposeStreams() {
	if d.exposed {
		return
	}
	d.exposed = true
	up := d.upstreamStreamID()
	if !d.haveGroupID {
		d.groupID = gst.GroupIDNext()
		d.haveGroupID = true
	}
	d.mu.Lock()
	streams := d.streams
	d.mu.Unlock()
	for _, s := range streams {
		var name string
		var tmpl *gst.PadTemplate
		if s.subtype == "vide" {
			name, tmpl = fmt.Sprintf("video_%d", d.nVideo), qtdemuxVideoTemplate
			d.nVideo++
		} else {
			name, tmpl = fmt.Sprintf("audio_%d", d.nAudio), qtdemuxAudioTemplate
			d.nAudio++
		}
		pad := gst.NewPadFromTemplate(tmpl, name)
		pad.SetEventFunc(d.srcEvent)
		pad.SetQueryFunc(d.srcQuery)
		pad.UseFixedCaps()
		pad.SetActive(true)
		ss := gst.NewStreamStartEvent(fmt.Sprintf("%s/%03d", up, s.trackID))
		ss.SetGroupID(d.groupID)
		pad.PushEvent(ss)
		pad.PushEvent(gst.NewCapsEvent(s.caps))
		s.pad = pad
		s.discont = true
		s.lastFlow = gst.FlowOK
		d.combiner.AddPad(pad)
		_ = d.AddPad(pad)
	}
	d.NoMorePads()
}

// pushEvent sends ev on every source pad.
//
// GStreamer: gst_qtdemux_push_event (gst/isomp4/qtdemux.c).
func (d *QTDemux) pushEvent(ev gst.Event) bool {
	d.mu.Lock()
	streams := d.streams
	d.mu.Unlock()
	ok := len(streams) > 0
	for _, s := range streams {
		if s.pad == nil {
			continue
		}
		if !s.pad.PushEvent(gst.CopyEvent(ev)) {
			ok = false
		}
	}
	return ok
}

// findSegment returns the index of the segment of s containing t.
//
// GStreamer: gst_qtdemux_find_segment (gst/isomp4/qtdemux.c).
func qtdemuxFindSegment(s *qtdemuxStream, t gst.ClockTime) int {
	for i := range s.segments {
		seg := &s.segments[i]
		if i == len(s.segments)-1 {
			return i
		}
		if seg.time <= t && t < seg.stopTime {
			return i
		}
	}
	return 0
}

// findIndexLinear returns the sample whose PTS is at or before mediaTime.
//
// GStreamer: gst_qtdemux_find_index_linear (gst/isomp4/qtdemux.c).
func qtdemuxFindIndexLinear(s *qtdemuxStream, mediaTime gst.ClockTime) int {
	if len(s.samples) == 0 {
		return 0
	}
	movTime := gst.Uint64ScaleCeil(uint64(mediaTime), uint64(s.timescale), uint64(gst.Second))
	first := &s.samples[0]
	if int64(movTime) == int64(first.timestamp)+first.ptsOffset {
		return 0
	}
	idx := 0
	for idx < len(s.samples)-1 {
		if movTime < s.samples[idx+1].timestamp {
			break
		}
		idx++
	}
	for idx > 0 && int64(s.samples[idx].timestamp)+s.samples[idx].ptsOffset > int64(movTime) {
		idx--
	}
	return idx
}

// findKeyframe returns the keyframe at or before (or after, with next)
// index, -1 if there is none after.
//
// GStreamer: gst_qtdemux_find_keyframe (gst/isomp4/qtdemux.c).
func qtdemuxFindKeyframe(s *qtdemuxStream, index int, next bool) int {
	n := len(s.samples)
	if index >= n {
		return n
	}
	i := index
	for i < n && i >= 0 {
		if s.samples[i].keyframe || i == 0 {
			if !s.samples[i].keyframe && next {
				i++
				continue
			}
			break
		}
		if next {
			i++
		} else {
			i--
		}
	}
	if i >= n {
		return -1
	}
	return i
}

// updateSegment computes and pushes the segment of s for segment index
// idx at global time offset.
//
// GStreamer: gst_qtdemux_stream_update_segment and
// gst_qtdemux_stream_segment_get_boundaries (gst/isomp4/qtdemux.c).
func (d *QTDemux) updateSegment(s *qtdemuxStream, idx int, offset gst.ClockTime) (start, stop gst.ClockTime, ok bool) {
	s.segmentIndex = idx
	seg := &s.segments[idx]
	d.mu.Lock()
	dseg := d.segment
	seqnum := d.segSeqnum
	d.mu.Unlock()
	if offset < seg.time {
		return 0, 0, false
	}
	if dseg.Duration != qtdemuxNone && uint64(seg.time) > dseg.Duration {
		return 0, 0, false
	}
	segTime := gst.ClockTime(float64(offset-seg.time) * seg.rate)
	if seg.duration != gst.ClockTimeNone && segTime > seg.duration {
		segTime = seg.duration
	}
	st := gst.ClockTime(dseg.Stop)
	if dseg.Stop == qtdemuxNone {
		st = gst.ClockTime(dseg.Duration)
	}
	if st == gst.ClockTimeNone {
		st = seg.mediaStop
	} else if seg.mediaStop == gst.ClockTimeNone {
		st = st - seg.time + seg.mediaStart
	} else {
		st = min(seg.mediaStop, st-seg.time+seg.mediaStart)
	}
	var t gst.ClockTime
	if seg.empty() {
		start = seg.time + segTime
		t = offset
		st = start - segTime + seg.duration
	} else if dseg.Rate >= 0 {
		start = min(seg.mediaStart+segTime, st)
		t = offset
	} else {
		if uint64(seg.mediaStart) >= dseg.Start {
			t = seg.time
		} else {
			t = seg.time + (gst.ClockTime(dseg.Start) - seg.mediaStart)
		}
		start = max(seg.mediaStart, gst.ClockTime(dseg.Start))
		st = min(seg.mediaStart+segTime, st)
	}
	shift := s.toGst(uint64(max(s.cslgShift, 0)))
	s.segment.Flags = dseg.Flags
	s.segment.Format = gst.FormatTime
	s.segment.Offset = dseg.Offset
	s.segment.Base = dseg.Base + s.accumulatedBase
	s.segment.AppliedRate = dseg.AppliedRate
	s.segment.Rate = seg.rate * dseg.Rate
	s.segment.Start = uint64(start + shift)
	if st != gst.ClockTimeNone {
		s.segment.Stop = uint64(st + shift)
	} else {
		s.segment.Stop = qtdemuxNone
	}
	s.segment.Time = uint64(t)
	s.segment.Position = s.segment.Start
	s.segment.Duration = qtdemuxNone
	if s.pad != nil {
		ev := gst.NewSegmentEvent(&s.segment)
		if seqnum != gst.SeqnumInvalid {
			ev.SetSeqnum(seqnum)
		}
		s.pad.PushEvent(ev)
		s.lastFlow = gst.FlowOK
		// clear to send tags on this pad now
		if s.tags != nil {
			s.pad.PushEvent(gst.NewTagEvent(s.tags.Copy()))
		}
	}
	return start, st, true
}

// activateSegment activates segment idx of s at global time offset and
// moves s to the keyframe before its start.
//
// GStreamer: gst_qtdemux_activate_segment (gst/isomp4/qtdemux.c).
func (d *QTDemux) activateSegment(s *qtdemuxStream, idx int, offset gst.ClockTime) bool {
	start, stop, ok := d.updateSegment(s, idx, offset)
	if !ok {
		return false
	}
	seg := &s.segments[idx]
	d.mu.Lock()
	fragmented := d.movie != nil && d.movie.fragmented
	rate := d.segment.Rate
	pull := d.pullBased
	d.mu.Unlock()
	_ = fragmented
	if !pull || seg.empty() || len(s.samples) == 0 {
		s.toSample = len(s.samples)
		return true
	}
	var index int
	if rate >= 0 {
		index = qtdemuxFindIndexLinear(s, start)
		s.toSample = len(s.samples)
	} else {
		index = qtdemuxFindIndexLinear(s, stop)
		s.toSample = index
	}
	if index == s.sampleIndex {
		return true
	}
	kf := qtdemuxFindKeyframe(s, index, false)
	if kf < 0 {
		kf = 0
	}
	if s.subtype == "soun" {
		// lead-in for audio decoders
		leadIn := 2
		if st := s.caps.Structure(0); st != nil && st.Name() == "audio/mpeg" {
			if v, ok := st.Int("mpegversion"); ok && v == 1 {
				leadIn = 30
			}
		}
		kf = max(kf, leadIn) - leadIn
	}
	d.moveStream(s, kf)
	return true
}

// moveStream moves s to sample index, marking a discontinuity.
//
// GStreamer: gst_qtdemux_move_stream (gst/isomp4/qtdemux.c).
func (d *QTDemux) moveStream(s *qtdemuxStream, index int) {
	if index == s.sampleIndex {
		return
	}
	s.sampleIndex = index
	s.discont = true
}

// advanceSample moves s to its next sample, to the next segment or to EOS.
//
// GStreamer: gst_qtdemux_advance_sample (gst/isomp4/qtdemux.c).
func (d *QTDemux) advanceSample(s *qtdemuxStream) {
	seg := &s.segments[s.segmentIndex]
	if !seg.empty() {
		if s.sampleIndex >= s.toSample {
			s.timePosition = gst.ClockTimeNone
			return
		}
		s.sampleIndex++
		if s.sampleIndex < len(s.samples) {
			dts := s.sampleDTS(s.sampleIndex)
			if seg.mediaStop == gst.ClockTimeNone || dts < seg.mediaStop {
				if dts >= seg.mediaStart {
					s.timePosition = dts - seg.mediaStart + seg.time
				} else {
					s.timePosition = seg.time
				}
				return
			}
		}
	}
	// next segment
	if s.segmentIndex == len(s.segments)-1 {
		s.timePosition = gst.ClockTimeNone
	} else {
		s.timePosition = seg.stopTime
	}
	if s.segment.Stop != qtdemuxNone && s.segment.Rate != 0 {
		r := s.segment.Rate
		if r < 0 {
			r = -r
		}
		s.accumulatedBase += uint64(float64(s.segment.Stop-s.segment.Start) / r)
	}
	s.segmentIndex = -1
}

// ---------------------------------------------------------------------------
// Pull mode

// loop is the sink pad task in pull mode.
//
// GStreamer: gst_qtdemux_loop (gst/isomp4/qtdemux.c).
func (d *QTDemux) loop() {
	var err error
	switch d.state {
	case qtdemuxStateHeader:
		err = d.loopStateHeader()
	default:
		err = d.loopStateMovie()
	}
	if err == nil {
		return
	}
	d.sinkpad.PauseTask()
	flow := gst.FlowFromError(err)
	switch {
	case flow == gst.FlowEOS:
		d.mu.Lock()
		n := len(d.streams)
		seg := d.segment
		seqnum := d.segSeqnum
		d.mu.Unlock()
		if n == 0 {
			d.postStreamError("This file contains no playable streams.", errQTDemuxNoStreams)
			return
		}
		if seg.Flags&gst.SegmentFlagSegment != 0 {
			pos := int64(seg.Stop)
			if seg.Stop == qtdemuxNone {
				pos = int64(seg.Duration)
			}
			if seg.Rate < 0 {
				pos = int64(seg.Start)
			}
			// the position is still the last timestamp: move it to the
			// end of the segment so that the base of a following
			// non-flushing segment seek includes the last packet's
			// duration (seamless looping).
			if pos >= 0 {
				d.mu.Lock()
				d.segment.Position = uint64(pos)
				d.mu.Unlock()
			}
			msg := gst.NewSegmentDoneMessage(d, gst.FormatTime, pos)
			ev := gst.NewSegmentDoneEvent(gst.FormatTime, pos)
			if seqnum != gst.SeqnumInvalid {
				msg.SetSeqnum(seqnum)
				ev.SetSeqnum(seqnum)
			}
			d.PostMessage(msg)
			d.pushEvent(ev)
			return
		}
		ev := gst.NewEOSEvent()
		if seqnum != gst.SeqnumInvalid {
			ev.SetSeqnum(seqnum)
		}
		d.pushEvent(ev)
	case flow == gst.FlowFlushing:
	case flow == gst.FlowNotLinked || flow < gst.FlowEOS:
		d.mu.Lock()
		posted := d.errorPosted
		d.errorPosted = true
		d.mu.Unlock()
		if !posted {
			d.PostFlowError(err)
		}
		d.pushEvent(gst.NewEOSEvent())
	}
}

// pull reads size bytes at offset from upstream.
func (d *QTDemux) pull(offset uint64, size uint) (*gst.Buffer, error) {
	return d.sinkpad.PullRange(offset, size)
}

// loopStateHeader reads the next top-level atom.
//
// GStreamer: gst_qtdemux_loop_state_header (gst/isomp4/qtdemux.c).
func (d *QTDemux) loopStateHeader() error {
	buf, err := d.pull(d.offset, 16)
	if err == nil && buf.Size() < 8 {
		buf.Unref()
		err = gst.ErrEOS
	}
	if err != nil {
		if errors.Is(err, gst.ErrEOS) {
			return d.finishHeader()
		}
		return err
	}
	// copy the header out: the buffer's memory may go back to a pool
	var hdr [16]byte
	data := hdr[:copy(hdr[:], buf.Bytes())]
	buf.Unref()
	typ, size, _, herr := qtdemuxHeader(data)
	if herr != nil {
		if len(data) < 16 && binary.BigEndian.Uint32(data) == 1 {
			// truncated large-size header at the end
			return d.finishHeader()
		}
		d.postErrorFor(herr)
		return gst.NewFlowError(gst.FlowError, "%v", herr)
	}
	if !qtdemuxSkipped(typ) && (size == 0 || size > qtdemuxMaxAtomSize) {
		d.mu.Lock()
		haveMoov := d.movie != nil
		d.mu.Unlock()
		if haveMoov {
			// the interesting bits are in: never mind the rest
			return d.finishHeader()
		}
		e := qtdemuxBogusSize(typ, size, false)
		d.postErrorFor(e)
		return gst.NewFlowError(gst.FlowError, "%v", e)
	}
	if size == 0 {
		// the atom extends to the end of the file
		if typ == "moov" || typ == "moof" {
			if total := d.upstreamBytes(); total > int64(d.offset) {
				size = uint64(total) - d.offset
			}
		}
		if size == 0 {
			return d.finishHeader()
		}
	}
	switch typ {
	case "moov", "moof":
		if size > qtdemuxMaxAtomSize {
			e := fmt.Errorf("%w: %s atom of %d bytes is too large", errQTDemuxInvalid, typ, size)
			d.postErrorFor(e)
			return gst.NewFlowError(gst.FlowError, "%v", e)
		}
		d.mu.Lock()
		haveMoov := d.movie != nil
		d.mu.Unlock()
		if typ == "moov" && haveMoov {
			break
		}
		if typ == "moof" && !haveMoov {
			break
		}
		b, err := d.pull(d.offset, uint(size))
		if err != nil && !errors.Is(err, gst.ErrEOS) {
			return err
		}
		var body []byte
		if b != nil {
			// the parsed movie keeps slices of body (codec data): copy
			// it, as the buffer's memory may go back to a pool on Unref
			body = bytes.Clone(b.Bytes())
			b.Unref()
		}
		if uint64(len(body)) != size {
			e := fmt.Errorf("%w: got %d of %d bytes of %s at offset %d", errQTDemuxIncomplete, len(body), size, typ, d.offset)
			if typ == "moof" {
				// a cut-off last fragment: play what came before
				return d.finishHeader()
			}
			d.postErrorFor(e)
			return gst.NewFlowError(gst.FlowError, "%v", e)
		}
		if typ == "moov" {
			err = d.parseMoov(body, d.offset)
		} else {
			err = d.parseMoof(body, d.offset)
		}
		if err != nil {
			d.postErrorFor(err)
			return gst.NewFlowError(gst.FlowError, "%v", err)
		}
	}
	if d.offset+size < d.offset {
		return d.finishHeader()
	}
	d.offset += size
	return nil
}

// upstreamBytes asks upstream for its size in bytes, -1 if unknown.
func (d *QTDemux) upstreamBytes() int64 {
	q := gst.NewDurationQuery(gst.FormatBytes)
	if d.sinkpad.PeerQuery(q) && q.Duration >= 0 {
		return q.Duration
	}
	return -1
}

// finishHeader ends the header scan: streams are prepared and exposed.
func (d *QTDemux) finishHeader() error {
	if err := d.prepareStreams(); err != nil {
		d.postErrorFor(err)
		return gst.NewFlowError(gst.FlowError, "%v", err)
	}
	d.mu.Lock()
	if d.segment.Stop == qtdemuxNone {
		// nothing
	}
	streams := d.streams
	for _, s := range streams {
		s.timePosition = gst.ClockTime(d.segment.Start)
		s.sampleIndex = -1
		s.segmentIndex = -1
		s.accumulatedBase = 0
	}
	d.mu.Unlock()
	d.exposeStreams()
	d.state = qtdemuxStateMovie
	return nil
}

// prepareCurrentSample activates the segment of s if needed and reports
// its current sample.
//
// GStreamer: gst_qtdemux_prepare_current_sample (gst/isomp4/qtdemux.c).
func (d *QTDemux) prepareCurrentSample(s *qtdemuxStream) (empty bool, ok bool) {
	if s.timePosition == gst.ClockTimeNone {
		return false, false
	}
	idx := s.segmentIndex
	if idx == -1 {
		idx = qtdemuxFindSegment(s, s.timePosition)
	}
	if s.segmentIndex != idx {
		if !d.activateSegment(s, idx, s.timePosition) {
			s.timePosition = gst.ClockTimeNone
			return false, false
		}
	}
	if s.segments[s.segmentIndex].empty() {
		return true, true
	}
	if s.sampleIndex == -1 {
		s.sampleIndex = 0
	}
	if s.sampleIndex >= len(s.samples) {
		s.timePosition = gst.ClockTimeNone
		return false, false
	}
	return false, true
}

// loopStateMovie pushes the next sample of the stream that is furthest
// behind.
//
// GStreamer: gst_qtdemux_loop_state_movie (gst/isomp4/qtdemux.c).
func (d *QTDemux) loopStateMovie() error {
	d.mu.Lock()
	streams := d.streams
	dseg := d.segment
	d.mu.Unlock()
	var target *qtdemuxStream
	minTime := gst.ClockTimeNone
	for _, s := range streams {
		pos := s.timePosition
		if pos == gst.ClockTimeNone {
			continue
		}
		if s.segmentIndex != -1 {
			pos += s.segments[s.segmentIndex].mediaStart
		}
		if pos < minTime {
			minTime, target = pos, s
		}
	}
	if target == nil {
		return gst.ErrEOS
	}
	if dseg.Stop != qtdemuxNone && dseg.Rate >= 0 && dseg.Stop <= uint64(minTime) && target.onKeyframe {
		target.timePosition = gst.ClockTimeNone
		return nil
	}
	empty, ok := d.prepareCurrentSample(target)
	if !ok {
		return nil
	}
	s := target
	if empty {
		seg := &s.segments[s.segmentIndex]
		pts := s.timePosition
		dur := seg.duration - (pts - seg.time)
		if pts+dur-gst.ClockTime(s.segment.Position) >= gst.Second && s.pad != nil {
			s.pad.PushEvent(gst.NewGapEvent(pts, dur))
		}
		s.segment.Position = uint64(pts + dur)
		d.advanceSample(s)
		return nil
	}
	smp := s.samples[s.sampleIndex]
	if smp.size == 0 || s.lastFlow == gst.FlowEOS {
		d.advanceSample(s)
		return nil
	}
	buf, err := d.pull(smp.offset, uint(smp.size))
	if err != nil {
		return err
	}
	if buf.Size() < int(smp.size) {
		buf.Unref()
		return gst.ErrEOS
	}
	err = d.decorateAndPush(s, buf, s.sampleIndex, minTime)
	d.mu.Lock()
	err = d.combineFlows(s, err)
	d.mu.Unlock()
	if errors.Is(err, gst.ErrEOS) {
		err = nil
	}
	d.advanceSample(s)
	return err
}

// combineFlows records the flow of s and combines all pads' flows.
//
// GStreamer: gst_qtdemux_combine_flows (gst/isomp4/qtdemux.c).
func (d *QTDemux) combineFlows(s *qtdemuxStream, err error) error {
	s.lastFlow = gst.FlowFromError(err)
	return d.combiner.UpdatePadFlow(s.pad, err)
}

// decorateAndPush timestamps buf as sample i of s and pushes it.
//
// GStreamer: gst_qtdemux_decorate_and_push_buffer and
// gst_qtdemux_push_buffer (gst/isomp4/qtdemux.c).
func (d *QTDemux) decorateAndPush(s *qtdemuxStream, buf *gst.Buffer, i int, position gst.ClockTime) error {
	d.mu.Lock()
	if d.segment.Rate >= 0 && position != gst.ClockTimeNone {
		d.segment.Position = uint64(position)
	}
	d.mu.Unlock()
	if s.pad == nil {
		buf.Unref()
		return nil
	}
	buf = buf.MakeWritable()
	buf.DTS = s.sampleDTS(i)
	buf.PTS = s.samplePTS(i)
	buf.Duration = s.sampleDuration(i)
	buf.Offset = gst.BufferOffsetNone
	buf.OffsetEnd = gst.BufferOffsetNone
	if !s.samples[i].keyframe {
		buf.SetFlags(gst.BufferFlagDeltaUnit)
		s.onKeyframe = false
	} else {
		buf.UnsetFlags(gst.BufferFlagDeltaUnit)
		s.onKeyframe = true
	}
	if s.discont {
		buf.SetFlags(gst.BufferFlagDiscont)
		s.discont = false
	} else {
		buf.UnsetFlags(gst.BufferFlagDiscont)
	}
	if buf.PTS != gst.ClockTimeNone {
		s.segment.Position = uint64(buf.PTS)
	}
	return s.pad.Push(buf)
}

// ---------------------------------------------------------------------------
// Seeking

// handleSeek handles a seek from downstream: a duplicate of the last
// seek is dropped, pull mode seeks itself, push mode lets upstream try
// and then converts a TIME seek into a BYTES seek upstream.
//
// GStreamer: gst_qtdemux_handle_src_event (GST_EVENT_SEEK) and
// gst_qtdemux_do_seek (gst/isomp4/qtdemux.c).
func (d *QTDemux) handleSeek(ev *gst.SeekEvent) bool {
	d.mu.Lock()
	pull := d.pullBased
	haveStreams := len(d.streams) > 0
	fragmented := d.movie != nil && d.movie.fragmented
	duplicate := ev.Seqnum() == d.segSeqnum
	d.mu.Unlock()
	if duplicate {
		return true // "Drop duplicated SEEK event"
	}
	if ev.Format == gst.FormatBytes {
		return false // BYTES seeks from downstream are refused
	}
	if !pull {
		if d.sinkpad.PushEvent(ev) {
			return true // upstream handled it (a TIME source)
		}
		if !haveStreams || fragmented {
			return false
		}
		return d.doPushSeek(ev)
	}
	if !haveStreams || ev.Format != gst.FormatTime || ev.Rate == 0 {
		return false
	}
	if ev.Flags&gst.SeekFlagInstantRateChange != 0 {
		return false
	}
	seqnum := ev.Seqnum()
	flush := ev.Flags&gst.SeekFlagFlush != 0
	if flush {
		fs := gst.NewFlushStartEvent()
		fs.SetSeqnum(seqnum)
		d.sinkpad.PushEvent(fs)
		fs2 := gst.NewFlushStartEvent()
		fs2.SetSeqnum(seqnum)
		d.pushEvent(fs2)
	}
	d.sinkpad.PauseTask()
	d.sinkpad.StreamLock()

	d.mu.Lock()
	seg := d.segment
	d.mu.Unlock()
	start, stop := uint64(ev.Start), uint64(ev.Stop)
	if ev.StartType == gst.SeekTypeNone || ev.Start < 0 {
		start = qtdemuxNone
	}
	if ev.StopType == gst.SeekTypeNone || ev.Stop < 0 {
		stop = qtdemuxNone
	}
	_, err := seg.DoSeek(ev.Rate, gst.FormatTime, ev.Flags, ev.StartType, start, ev.StopType, stop)
	ok := err == nil
	if ok {
		d.performSeek(&seg, seqnum, ev.Flags)
	}
	if flush {
		fs := gst.NewFlushStopEvent(true)
		fs.SetSeqnum(seqnum)
		d.sinkpad.PushEvent(fs)
		fs2 := gst.NewFlushStopEvent(true)
		fs2.SetSeqnum(seqnum)
		d.pushEvent(fs2)
	}
	if ok {
		d.mu.Lock()
		d.segment = seg
		d.mu.Unlock()
		if seg.Flags&gst.SegmentFlagSegment != 0 {
			m := gst.NewSegmentStartMessage(d, gst.FormatTime, int64(seg.Position))
			m.SetSeqnum(seqnum)
			d.PostMessage(m)
		}
	}
	d.sinkpad.StartTask(d.loop)
	d.sinkpad.StreamUnlock()
	return ok
}

// performSeek moves all streams to the position of seg.
//
// GStreamer: gst_qtdemux_perform_seek (gst/isomp4/qtdemux.c).
func (d *QTDemux) performSeek(seg *gst.Segment, seqnum uint32, flags gst.SeekFlags) {
	desired := gst.ClockTime(seg.Position)
	d.mu.Lock()
	fragmented := d.movie != nil && d.movie.fragmented
	streams := d.streams
	d.mu.Unlock()
	if flags&gst.SeekFlagKeyUnit != 0 && !fragmented {
		before := flags&gst.SeekFlagSnapBefore != 0
		after := flags&gst.SeekFlagSnapAfter != 0
		next := after && !before
		if seg.Rate < 0 {
			next = !next
		}
		desired, _ = d.adjustSeek(desired, next)
	}
	d.combiner.Reset()
	d.mu.Lock()
	d.segSeqnum = seqnum
	d.mu.Unlock()
	for _, s := range streams {
		s.timePosition = desired
		s.accumulatedBase = 0
		s.sampleIndex = -1
		s.segmentIndex = -1
		s.lastFlow = gst.FlowOK
		if flags&gst.SeekFlagFlush != 0 {
			s.segment.Init(gst.FormatTime)
		}
	}
	seg.Position = uint64(desired)
	if seg.Rate >= 0 {
		seg.Start = uint64(desired)
		seg.Time = uint64(desired)
		if seg.Stop == qtdemuxNone {
			seg.Stop = seg.Duration
		}
	} else {
		seg.Stop = uint64(desired)
	}
}

// adjustSeek returns the time of the keyframe before (or after, with
// next) desired over all streams.
//
// GStreamer: gst_qtdemux_adjust_seek (gst/isomp4/qtdemux.c).
//
// It also returns the lowest byte offset of the samples it settled on
// (the keyframes), -1 when there is none, for push-mode seeks.
func (d *QTDemux) adjustSeek(desired gst.ClockTime, next bool) (gst.ClockTime, int64) {
	minOffset := desired
	minByte := int64(-1)
	d.mu.Lock()
	streams := d.streams
	d.mu.Unlock()
	for _, s := range streams {
		if len(s.samples) == 0 {
			continue
		}
		idx := qtdemuxFindSegment(s, desired)
		seg := &s.segments[idx]
		segTime := gst.ClockTime(float64(desired-min(desired, seg.time)) * seg.rate)
		emptySeg := false
		for seg.empty() {
			segTime = 0
			emptySeg = true
			idx++
			if idx == len(s.segments) {
				break
			}
			seg = &s.segments[idx]
		}
		if idx == len(s.segments) {
			continue
		}
		mediaStart := seg.mediaStart + segTime
		index := qtdemuxFindIndexLinear(s, mediaStart)
		if next && s.samplePTSNoCslg(index) < mediaStart && index < len(s.samples)-1 {
			index++
		}
		if !emptySeg {
			k := qtdemuxFindKeyframe(s, index, next)
			if next && k == -1 {
				k = qtdemuxFindKeyframe(s, index, false)
			}
			if k >= 0 && k < len(s.samples) {
				index = k
				mt := s.samplePTSNoCslg(k)
				if mt >= seg.mediaStart {
					st := mt - seg.mediaStart + seg.time
					if (!next && st < minOffset) || (next && st > minOffset) {
						minOffset = st
					}
				}
			}
		}
		if index < len(s.samples) {
			if o := int64(s.samples[index].offset); minByte < 0 || o < minByte {
				minByte = o
			}
		}
	}
	return minOffset, minByte
}

// ---------------------------------------------------------------------------
// Source pad events and queries

func (d *QTDemux) srcEvent(pad *gst.Pad, ev gst.Event) bool {
	switch e := ev.(type) {
	case *gst.SeekEvent:
		return d.handleSeek(e)
	case *gst.QoSEvent, *gst.NavigationEvent, *gst.ReconfigureEvent:
		return false
	}
	return pad.EventDefault(ev)
}

func (d *QTDemux) srcQuery(pad *gst.Pad, q gst.Query) bool {
	switch q := q.(type) {
	case *gst.PositionQuery:
		d.mu.Lock()
		defer d.mu.Unlock()
		if q.Format != gst.FormatTime || d.segment.Position == qtdemuxNone {
			return false
		}
		q.Cur = int64(d.segment.Position)
		return true
	case *gst.DurationQuery:
		if q.Format != gst.FormatTime {
			return pad.QueryDefault(q)
		}
		d.mu.Lock()
		dur := d.segment.Duration
		d.mu.Unlock()
		if dur == qtdemuxNone {
			return pad.QueryDefault(q)
		}
		q.Duration = int64(dur)
		return true
	case *gst.SeekingQuery:
		if q.Format != gst.FormatTime {
			return false
		}
		d.mu.Lock()
		pull := d.pullBased
		dur := d.segment.Duration
		d.mu.Unlock()
		seekable := pull
		if !pull {
			sq := gst.NewSeekingQuery(gst.FormatBytes)
			// TIME seeks become BYTES seeks upstream
			seekable = d.sinkpad.PeerQuery(sq) && sq.Seekable
		}
		q.Seekable = seekable
		q.SegmentStart = 0
		q.SegmentEnd = -1
		if dur != qtdemuxNone {
			q.SegmentEnd = int64(dur)
		}
		return true
	}
	return pad.QueryDefault(q)
}

// SendEvent handles seeks sent to the element as if they came on a
// source pad, as gst_element_default_send_event does.
//
// GStreamer: gst_element_send_event (gst/gstelement.c), default handler.
func (d *QTDemux) SendEvent(ev gst.Event) bool {
	if ev.Type().IsUpstream() {
		if se, ok := ev.(*gst.SeekEvent); ok {
			return d.handleSeek(se)
		}
		d.mu.Lock()
		var pad *gst.Pad
		if len(d.streams) > 0 {
			pad = d.streams[0].pad
		}
		d.mu.Unlock()
		if pad == nil {
			return false
		}
		return d.srcEvent(pad, ev)
	}
	return d.ElementBase.SendEvent(ev)
}

// Query answers position, duration and seeking queries as a source pad
// would, as gst_element_default_query does.
//
// GStreamer: gst_element_query (gst/gstelement.c), default handler.
func (d *QTDemux) Query(q gst.Query) bool {
	d.mu.Lock()
	var pad *gst.Pad
	if len(d.streams) > 0 {
		pad = d.streams[0].pad
	}
	d.mu.Unlock()
	if pad == nil {
		return false
	}
	return d.srcQuery(pad, q)
}

// ---------------------------------------------------------------------------
// Push mode

func (d *QTDemux) sinkEvent(pad *gst.Pad, ev gst.Event) bool {
	switch e := ev.(type) {
	case *gst.StreamStartEvent:
		d.upstreamID = e.StreamID
		if e.HasGroupID && !d.exposed {
			d.groupID, d.haveGroupID = e.GroupID, true
		}
		return true
	case *gst.CapsEvent:
		return true
	case *gst.SegmentEvent:
		if e.Segment.Format == gst.FormatBytes {
			d.adapter.Clear()
			d.offset = e.Segment.Start
			own := false // the answer to our own seek to the moov or back
			if d.dropUntil.Load() && e.Segment.Start == d.seekTarget {
				own = true
				d.dropUntil.Store(false)
				if d.seekBack {
					d.seekingMoov.Store(false)
				}
			}
			fragmented := d.movieFragmentedLocked()
			if d.state == qtdemuxStateHeader || fragmented {
				d.nextBox = d.offset
			}
			if !own && d.state == qtdemuxStateMovie && !fragmented && !d.seekingMoov.Load() && !d.dropUntil.Load() {
				d.pushSegmentFromBytes(&e.Segment)
			}
		}
		return true
	case *gst.FlushStartEvent:
		if d.seekingMoov.Load() {
			return true
		}
		return d.pushEvent(ev) || true
	case *gst.FlushStopEvent:
		if d.seekingMoov.Load() {
			return true
		}
		d.adapter.Clear()
		d.combiner.Reset()
		if d.state == qtdemuxStateMovie && !d.movieFragmentedLocked() {
			d.flushStopReset()
		}
		return d.pushEvent(ev) || true
	case *gst.EOSEvent:
		if d.dropUntil.Load() {
			// the end came before the seek to the moov (or back) took effect
			return true
		}
		d.mu.Lock()
		n := len(d.streams)
		d.mu.Unlock()
		if !d.exposed || n == 0 {
			if d.state == qtdemuxStateHeader && d.movie != nil {
				if err := d.prepareStreams(); err == nil {
					d.exposeStreams()
					d.state = qtdemuxStateMovie
					return d.pushEvent(ev)
				}
			}
			d.postStreamError("This file contains no playable streams.", errQTDemuxNoStreams)
			return true
		}
		return d.pushEvent(ev)
	}
	return pad.EventDefault(ev)
}

func (d *QTDemux) movieFragmentedLocked() bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.movie != nil && d.movie.fragmented
}

// chain collects data in push mode.
//
// GStreamer: gst_qtdemux_chain and gst_qtdemux_process_adapter (gst/isomp4/qtdemux.c).
func (d *QTDemux) chain(pad *gst.Pad, buf *gst.Buffer) error {
	if d.dropUntil.Load() {
		buf.Unref()
		return nil
	}
	if buf.HasFlags(gst.BufferFlagDiscont) && buf.Offset != gst.BufferOffsetNone && buf.Offset != d.offset+uint64(d.adapter.Available()) && d.adapter.Available() == 0 {
		d.offset = buf.Offset
	}
	d.adapter.Push(buf)
	for {
		done, err := d.processAdapter()
		if err != nil {
			return err
		}
		if done {
			return nil
		}
	}
}

// skip drops up to n bytes from the adapter; it reports whether all n
// were dropped.
func (d *QTDemux) skip(n uint64) bool {
	avail := uint64(d.adapter.Available())
	k := min(n, avail)
	if k > 0 {
		d.adapter.Flush(int(k))
		d.offset += k
	}
	return k == n
}

// nextPushSample returns the stream whose next sample comes first in the
// file at or after the current offset (and before limit), or nil.
//
// GStreamer: next_entry_size (gst/isomp4/qtdemux.c).
func (d *QTDemux) nextPushSample(limit uint64) *qtdemuxStream {
	d.mu.Lock()
	streams := d.streams
	d.mu.Unlock()
	var best *qtdemuxStream
	for _, s := range streams {
		if s.sampleIndex < 0 {
			s.sampleIndex = 0
		}
		for s.sampleIndex < len(s.samples) && s.samples[s.sampleIndex].offset < d.offset {
			s.sampleIndex++ // already behind us
		}
		if s.sampleIndex >= len(s.samples) {
			continue
		}
		o := s.samples[s.sampleIndex].offset
		if o >= limit {
			continue
		}
		if best == nil || o < best.samples[best.sampleIndex].offset {
			best = s
		}
	}
	return best
}

// processAdapter handles what the adapter holds; done means more data is
// needed.
func (d *QTDemux) processAdapter() (done bool, err error) {
	if d.dropUntil.Load() {
		d.adapter.Clear()
		return true, nil
	}
	if d.state == qtdemuxStateMovie {
		limit := ^uint64(0)
		if d.movieFragmentedLocked() {
			limit = d.boxEnd
		}
		if d.needSegment {
			d.mapAndPushSegments()
		}
		if s := d.nextPushSample(limit); s != nil {
			smp := s.samples[s.sampleIndex]
			if !d.skip(smp.offset - d.offset) {
				return true, nil
			}
			if d.adapter.Available() < int(smp.size) {
				return true, nil
			}
			buf := d.adapter.TakeBuffer(int(smp.size))
			d.offset += uint64(smp.size)
			if s.segmentIndex == -1 {
				s.timePosition = 0
				d.updateSegment(s, 0, 0)
			}
			idx := s.sampleIndex
			s.sampleIndex++
			err := d.decorateAndPush(s, buf, idx, s.sampleDTS(idx))
			d.mu.Lock()
			err = d.combineFlows(s, err)
			d.mu.Unlock()
			if err != nil && !errors.Is(err, gst.ErrEOS) {
				return true, err
			}
			if errors.Is(err, gst.ErrEOS) {
				return true, err
			}
			return false, nil
		}
		if !d.movieFragmentedLocked() {
			// all samples are out: drop the rest
			d.offset += uint64(d.adapter.Available())
			d.adapter.Clear()
			if d.allPushed() {
				return true, gst.ErrEOS
			}
			return true, nil
		}
	}
	// box level
	if d.offset < d.nextBox {
		if !d.skip(d.nextBox - d.offset) {
			return true, nil
		}
	}
	avail := d.adapter.Available()
	if avail < 16 {
		if avail < 8 {
			return true, nil
		}
		if binary.BigEndian.Uint32(d.adapter.Copy(0, 8)) == 1 {
			return true, nil
		}
	}
	hdr := d.adapter.Copy(0, min(avail, 16))
	typ, size, hdrLen, herr := qtdemuxHeader(hdr)
	if herr != nil {
		d.postErrorFor(herr)
		return true, gst.NewFlowError(gst.FlowError, "%v", herr)
	}
	if typ != "mdat" && (size == 0 || size > qtdemuxMaxAtomSize) {
		e := qtdemuxBogusSize(typ, size, true)
		d.postErrorFor(e)
		return true, gst.NewFlowError(gst.FlowError, "%v", e)
	}
	switch typ {
	case "moov", "moof":
		if uint64(d.adapter.Available()) < size {
			return true, nil
		}
		body := d.adapter.Take(int(size))
		at := d.offset
		d.offset += size
		d.nextBox = d.offset
		if typ == "moov" {
			if d.movie != nil {
				return false, nil
			}
			if err := d.parseMoov(body, at); err != nil {
				d.postErrorFor(err)
				return true, gst.NewFlowError(gst.FlowError, "%v", err)
			}
			if d.mdatCache != nil {
				// replay the mdat kept in memory
				if err := d.prepareStreams(); err != nil {
					d.postErrorFor(err)
					return true, gst.NewFlowError(gst.FlowError, "%v", err)
				}
				d.exposeStreams()
				d.state = qtdemuxStateMovie
				var rest *gst.Buffer
				if n := d.adapter.Available(); n > 0 {
					rest = d.adapter.TakeBuffer(n)
				}
				d.adapter.Clear()
				d.adapter.Push(d.mdatCache)
				d.mdatCache = nil
				if rest != nil {
					d.adapter.Push(rest)
				}
				d.offset, d.nextBox = d.mdatOffset, d.mdatOffset
				return false, nil
			}
			if d.seekingMoov.Load() {
				// go back to the mdat we skipped
				if err := d.prepareStreams(); err != nil {
					d.postErrorFor(err)
					return true, gst.NewFlowError(gst.FlowError, "%v", err)
				}
				d.exposeStreams()
				d.state = qtdemuxStateMovie
				d.startUpstreamSeek(d.mdatOffset, false)
				return true, nil
			}
			return false, nil
		}
		if err := d.parseMoof(body, at); err != nil {
			d.postErrorFor(err)
			return true, gst.NewFlowError(gst.FlowError, "%v", err)
		}
		return false, nil
	case "mdat":
		d.mu.Lock()
		haveMovie := d.movie != nil
		d.mu.Unlock()
		if !haveMovie {
			if size != 0 && d.upstreamSeekable() {
				if total := d.upstreamBytes(); total >= 0 && d.offset+size >= uint64(total) {
					// nothing after the mdat: there is no moov to find
					d.postStreamError("This file contains no playable streams.", errQTDemuxNoStreams)
					return true, gst.NewFlowError(gst.FlowError, "%v", errQTDemuxNoStreams)
				}
				d.mdatOffset = d.offset
				d.startUpstreamSeek(d.offset+size, true)
				return true, nil
			}
			// cannot reach the moov: keep the mdat in memory, as C's
			// mdatbuffer, when it is not too large
			if size != 0 && size <= qtdemuxMaxMdatCache {
				if uint64(d.adapter.Available()) < size {
					return true, nil
				}
				d.mdatOffset = d.offset
				d.mdatCache = d.adapter.TakeBuffer(int(size))
				d.offset += size
				d.nextBox = d.offset
				return false, nil
			}
			if size == 0 {
				d.adapter.Clear()
				d.nextBox = ^uint64(0)
				return true, nil
			}
			d.nextBox = d.offset + size
			return false, nil
		}
		if d.state == qtdemuxStateHeader {
			if err := d.prepareStreams(); err != nil {
				d.postErrorFor(err)
				return true, gst.NewFlowError(gst.FlowError, "%v", err)
			}
			d.exposeStreams()
			d.state = qtdemuxStateMovie
		}
		d.adapter.Flush(hdrLen)
		start := d.offset
		d.offset += uint64(hdrLen)
		if size == 0 {
			d.boxEnd, d.nextBox = ^uint64(0), ^uint64(0)
		} else {
			d.boxEnd, d.nextBox = start+size, start+size
		}
		return false, nil
	}
	if size == 0 {
		d.adapter.Clear()
		d.nextBox = ^uint64(0)
		return true, nil
	}
	d.nextBox = d.offset + size
	return false, nil
}

// allPushed reports whether every stream has pushed all its samples.
func (d *QTDemux) allPushed() bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, s := range d.streams {
		if s.sampleIndex < len(s.samples) {
			return false
		}
	}
	return true
}

func (d *QTDemux) upstreamSeekable() bool {
	q := gst.NewSeekingQuery(gst.FormatBytes)
	return d.sinkpad.PeerQuery(q) && q.Seekable
}

// startUpstreamSeek asks upstream for the data at offset with a flushing
// BYTES seek. The seek is sent from a goroutine because a source handles
// it by taking the stream lock our streaming thread holds (C's stream
// lock is recursive; ours is not).
//
// GStreamer: qtdemux_seek_offset (gst/isomp4/qtdemux.c).
func (d *QTDemux) startUpstreamSeek(offset uint64, toMoov bool) {
	d.seekingMoov.Store(true)
	d.dropUntil.Store(true)
	d.seekTarget = offset
	d.seekBack = !toMoov
	d.adapter.Clear()
	if !toMoov {
		d.nextBox = offset
	}
	d.seekWG.Add(1)
	go func() {
		defer d.seekWG.Done()
		ev := gst.NewSeekEvent(1.0, gst.FormatBytes, gst.SeekFlagFlush|gst.SeekFlagAccurate,
			gst.SeekTypeSet, int64(offset), gst.SeekTypeNone, -1)
		if !d.sinkpad.PushEvent(ev) {
			d.postStreamError("This file is invalid and cannot be played.",
				fmt.Errorf("%w: upstream refused the seek to offset %d", errQTDemuxInvalid, offset))
		}
	}()
}
