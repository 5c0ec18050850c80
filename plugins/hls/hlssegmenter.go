package hls

import (
	"errors"
	"fmt"
	"path"
	"strings"
	"sync"

	"github.com/bluenviron/mediacommon/v2/pkg/codecs/mpeg4audio"

	"github.com/gstmini/gstmini/gst"
	"github.com/gstmini/gstmini/libs/isobmff"
	"github.com/gstmini/gstmini/libs/storage"
)

// SegmentFormat is the value of hlssegmenter's "segment-format" property.
//
// GStreamer: none (Go-only; hlssink2 writes MPEG-TS, hlscmafsink CMAF).
type SegmentFormat int

// The segment formats.
//
// GStreamer: none (Go-only).
const (
	// SegmentFormatMPEGTS writes MPEG-TS segments (video/mp2t).
	SegmentFormatMPEGTS SegmentFormat = 0
	// SegmentFormatCMAF writes an init segment and one moof+mdat fragment
	// per segment (video/mp4).
	SegmentFormatCMAF SegmentFormat = 1
)

// SegmentFormatEnum is the "segment-format" enumeration.
//
// GStreamer: none (Go-only).
var SegmentFormatEnum = &gst.EnumClass{
	Name: "GstMiniHlsSegmentFormat",
	Values: []gst.EnumValue{
		{Value: int(SegmentFormatMPEGTS), Name: "MPEG-TS segments", Nick: "mpegts"},
		{Value: int(SegmentFormatCMAF), Name: "CMAF (fragmented MP4) segments", Nick: "cmaf"},
	},
}

// Content types of the objects hlssegmenter pushes.
//
// GStreamer: none (Go-only).
const (
	ContentTypeTS       = "video/mp2t"
	ContentTypeMP4      = "video/mp4"
	ContentTypePlaylist = "application/vnd.apple.mpegurl"
)

// Default property values shared by hlssegmenter and hlssink.
//
// GStreamer: DEFAULT_LOCATION and friends (ext/hls/gsthlssink2.c).
const (
	DefaultLocation         = "segment%05d.ts"
	DefaultPlaylistLocation = "playlist.m3u8"
	DefaultInitLocation     = "init.mp4"
	DefaultTargetDuration   = 15
	DefaultPlaylistLength   = 5
	DefaultMaxFiles         = 10
)

// DefaultPartSize is the default of hlssegmenter's "part-size": an
// MPEG-TS segment leaves the segmenter in buffers of 64 KiB, so neither
// the segmenter nor a file sink holds a whole segment (several MB at
// 1080p). Measured on bench/hls.sh (60 s 1080p30, 6 s segments of about
// 4.3 MB, means of 12 runs, GOGC=50): 64 KiB parts peak 1 MiB of RSS
// below 256 KiB parts and 14 MiB below whole segments, at the same CPU
// time; a part costs one queue hand-over and one write(2).
//
// GStreamer: none (Go-only; hlssink2's splitmuxsink streams mpegtsmux's
// output buffers into a filesink).
const DefaultPartSize = 64 << 10

// hlssegMinPartSize is the smallest "part-size": one TS packet.
const hlssegMinPartSize = 188

var (
	hlssegVideoTemplate = gst.MustNewPadTemplate("video", gst.PadSink, gst.PadRequest,
		hlssegMustCaps("video/x-h264, stream-format=(string){ avc, avc3, byte-stream }, alignment=(string)au"))
	hlssegAudioTemplate = gst.MustNewPadTemplate("audio", gst.PadSink, gst.PadRequest,
		hlssegMustCaps("audio/mpeg, mpegversion=(int)4, stream-format=(string){ raw, adts }"))
	hlssegSrcTemplate = gst.MustNewPadTemplate("src", gst.PadSrc, gst.PadAlways, hlssegMustCaps(storage.Caps))
)

func hlssegMustCaps(s string) *gst.Caps {
	c, err := gst.ParseCaps(s)
	if err != nil {
		panic(err) // static strings: a programming error
	}
	return c
}

// hlssegProperties are the properties shared (by name) between
// hlssegmenter and hlssink.
func hlssegProperties() []*gst.ParamSpec {
	return []*gst.ParamSpec{
		gst.ParamString("location", "File Location", "Location of the file to write", DefaultLocation, gst.ParamReadWrite),
		gst.ParamString("playlist-location", "Playlist Location", "Location of the playlist to write", DefaultPlaylistLocation, gst.ParamReadWrite),
		gst.ParamString("playlist-root", "Playlist Root", "Location of the playlist to write", "", gst.ParamReadWrite),
		gst.ParamUint("max-files", "Max files", "Maximum number of files to keep on disk. Once the maximum is reached,old files start to be deleted to make room for new ones.",
			0, 1<<32-1, DefaultMaxFiles, gst.ParamReadWrite),
		gst.ParamUint("target-duration", "Target duration", "The target duration in seconds of a segment/file. (0 - disabled, useful for management of segment duration by the streaming server)",
			0, 1<<32-1, DefaultTargetDuration, gst.ParamReadWrite),
		gst.ParamUint("playlist-length", "Playlist length", "Length of HLS playlist. To allow players to conform to section 6.3.3 of the HLS specification, this should be at least 3. If set to 0, the playlist will be infinite.",
			0, 1<<32-1, DefaultPlaylistLength, gst.ParamReadWrite),
		gst.ParamBool("send-keyframe-requests", "Send Keyframe Requests", "Send keyframe requests to ensure correct fragmentation. If this is disabled then the input must have keyframes in regular intervals",
			true, gst.ParamReadWrite),
		gst.ParamEnum("playlist-type", "Playlist Type", "The type of the playlist to use. When VOD type is set, the playlist will be live until the pipeline ends execution.",
			PlaylistTypeEnum, int(PlaylistTypeUnspecified), gst.ParamReadWrite),
		gst.ParamEnum("segment-format", "Segment format", "Container of the media segments (MPEG-TS or CMAF fragments)",
			SegmentFormatEnum, int(SegmentFormatMPEGTS), gst.ParamReadWrite),
		gst.ParamString("init-location", "Init Location", "Name of the CMAF initialization segment", DefaultInitLocation, gst.ParamReadWrite),
	}
}

// HLSSegmenterClass is the element class of "hlssegmenter".
//
// GStreamer: none (Go-only; the splitmuxsink + mpegtsmux pair inside
// hlssink2, ext/hls/gsthlssink2.c).
var HLSSegmenterClass = &gst.ElementClass{
	Name:     "hlssegmenter",
	Plugin:   PluginInfo,
	TypeName: "GstHlsSegmenter",
	Rank:     gst.RankNone,
	Metadata: gst.ElementMetadata{
		LongName:    "HTTP Live Streaming segmenter",
		Klass:       "Codec/Muxer",
		Description: "Cuts H.264/AAC into HLS segments and playlists pushed as storage objects",
		Author:      "GstMini",
	},
	PadTemplates: []*gst.PadTemplate{hlssegVideoTemplate, hlssegAudioTemplate, hlssegSrcTemplate},
	Properties: append(hlssegProperties(),
		gst.ParamUint("part-size", "Part size", "Bytes of MPEG-TS output per buffer pushed downstream: a segment leaves in parts of this size, the last one smaller",
			hlssegMinPartSize, 1<<30, DefaultPartSize, gst.ParamReadWrite)),
	New: func() gst.Element { return &HLSSegmenter{} },
}

// hlssegSettings are the property values.
type hlssegSettings struct {
	location, playlistLocation, playlistRoot, initLocation string
	maxFiles, targetDuration, playlistLength               uint
	sendKeyframeRequests                                   bool
	playlistType                                           PlaylistType
	format                                                 SegmentFormat
	partSize                                               uint
}

// hlssegPad is the per-sink-pad state (guarded by the src stream lock).
type hlssegPad struct {
	video   bool
	segment gst.Segment
	eos     bool
	vc      hlssegVideoConfig
	ac      hlssegAudioConfig
	lastEnd int64
}

// hlssegEntry is a segment in the playlist (or kept in storage).
type hlssegEntry struct {
	name, uri string
	dur       int64
}

// HLSSegmenter cuts H.264 video (request pad "video") and AAC audio
// (request pad "audio") into HLS media segments and pushes each one
// downstream as buffers carrying a storage.ObjectMeta, followed by the
// updated playlist, on its "src" pad (caps storage.Caps). A storage sink
// (multifilesink, s3sink) stores them; see package storage.
//
// An MPEG-TS segment leaves in parts (see "Objects in parts" in package
// storage) while it is muxed: each time part-size bytes (DefaultPartSize,
// 64 KiB) of output are ready they are pushed, with PTS the running
// time of the data muxed last; the final, smaller part goes out at the
// cut with the segment's duration, and the playlist listing the segment
// only after it. So memory stays at a few parts whatever the bitrate. A
// CMAF fragment, written whole at the cut, and playlists are one buffer.
//
// Segments are cut at a video keyframe once target-duration seconds of
// running time have passed since the segment start (audio-only: at any
// frame), and muxed as MPEG-TS (PAT/PMT first, SPS/PPS before each IDR)
// or as CMAF fragments after one init segment. Timing uses running time,
// so looped input (non-flushing SEGMENT seeks) keeps increasing
// timestamps and numbering. The video pad's image-orientation tag (a
// phone recording's rotation, from qtdemux) becomes the video tkhd
// matrix of the CMAF init segment; MPEG-TS has no field for it, so TS
// output drops it (as mpegtsmux does). Each object buffer's PTS is the running time
// at which it became complete and a segment's DURATION its duration, so
// a storage sink with sync=true publishes in real time.
//
// With playlist-type unspecified the playlist keeps the last
// playlist-length segments; a segment that left the window is deleted
// (a buffer whose meta has Delete set, pushed after the playlist that no
// longer lists it) once more than max-files segments exist.
//
// Properties are safe to set concurrently; the data path runs on the
// streaming threads of the sink pads, serialized by the src pad's stream
// lock.
//
// GStreamer: none (Go-only; hlssink2's splitmuxsink + mpegtsmux, ext/hls/gsthlssink2.c).
type HLSSegmenter struct {
	gst.ElementBase

	srcpad *gst.Pad

	mu       sync.Mutex // settings
	settings hlssegSettings

	// streaming state, guarded by srcpad's stream lock
	videoPad, audioPad *gst.Pad
	started            bool
	pendV, pendA       []*hlssegFrame // parsed, waiting to be interleaved by DTS
	cur                hlssegCur      // the segment being built
	segStart           int64
	gotKeyframe        bool
	prerolled          bool // a GAP went downstream so the storage sink could preroll
	index              int
	mediaSeq           uint64
	window             []hlssegEntry
	kept               []hlssegEntry
	initDone           bool
	tracks             hlssegCMAFTracks
	ended              bool
	pool               *gst.BufferPool // TS part buffers, see partPool
	poolSize           int
	parsed             []*hlssegFrame // parseLocked's scratch slice
	tsw                hlssegTSWriter // the MPEG-TS writer of every segment
}

var (
	_ gst.Constructor    = (*HLSSegmenter)(nil)
	_ gst.PropertySetter = (*HLSSegmenter)(nil)
	_ gst.PropertyGetter = (*HLSSegmenter)(nil)
	_ gst.PadRequester   = (*HLSSegmenter)(nil)
	_ gst.PadReleaser    = (*HLSSegmenter)(nil)
)

// Constructed creates the src pad and sets the defaults.
//
// GStreamer: none (Go-only; compare gst_hls_sink2_init, ext/hls/gsthlssink2.c).
func (s *HLSSegmenter) Constructed() error {
	s.settings = hlssegSettings{
		location: DefaultLocation, playlistLocation: DefaultPlaylistLocation, initLocation: DefaultInitLocation,
		maxFiles: DefaultMaxFiles, targetDuration: DefaultTargetDuration, playlistLength: DefaultPlaylistLength,
		sendKeyframeRequests: true, partSize: DefaultPartSize,
	}
	s.srcpad = gst.NewPadFromTemplate(hlssegSrcTemplate, "src")
	s.srcpad.UseFixedCaps()
	return s.AddPad(s.srcpad)
}

// SetProperty sets a property. Safe for concurrent use; values take
// effect at the next segment.
//
// GStreamer: gst_hls_sink2_set_property (ext/hls/gsthlssink2.c).
func (s *HLSSegmenter) SetProperty(name string, v any) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := &s.settings
	switch name {
	case "location":
		if _, err := storage.FormatLocation(v.(string), 0); err != nil {
			return err
		}
		st.location = v.(string)
	case "playlist-location":
		st.playlistLocation = v.(string)
	case "playlist-root":
		st.playlistRoot = v.(string)
	case "init-location":
		st.initLocation = v.(string)
	case "max-files":
		st.maxFiles = v.(uint)
	case "target-duration":
		st.targetDuration = v.(uint)
	case "playlist-length":
		st.playlistLength = v.(uint)
	case "send-keyframe-requests":
		st.sendKeyframeRequests = v.(bool)
	case "playlist-type":
		st.playlistType = PlaylistType(v.(int))
	case "segment-format":
		st.format = SegmentFormat(v.(int))
	case "part-size":
		st.partSize = v.(uint)
	}
	return nil
}

// Property returns a property value. Safe for concurrent use.
//
// GStreamer: gst_hls_sink2_get_property (ext/hls/gsthlssink2.c).
func (s *HLSSegmenter) Property(name string) any {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := &s.settings
	switch name {
	case "location":
		return st.location
	case "playlist-location":
		return st.playlistLocation
	case "playlist-root":
		return st.playlistRoot
	case "init-location":
		return st.initLocation
	case "max-files":
		return st.maxFiles
	case "target-duration":
		return st.targetDuration
	case "playlist-length":
		return st.playlistLength
	case "send-keyframe-requests":
		return st.sendKeyframeRequests
	case "playlist-type":
		return int(st.playlistType)
	case "segment-format":
		return int(st.format)
	case "part-size":
		return st.partSize
	}
	return nil
}

func (s *HLSSegmenter) settingsCopy() hlssegSettings {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.settings
}

// RequestNewPad creates the "video" or "audio" sink pad (one of each).
// Safe for concurrent use.
//
// GStreamer: gst_hls_sink2_request_new_pad (ext/hls/gsthlssink2.c).
func (s *HLSSegmenter) RequestNewPad(tmpl *gst.PadTemplate, name string, _ *gst.Caps) *gst.Pad {
	video := tmpl.NameTemplate == "video"
	if tmpl.NameTemplate != "video" && tmpl.NameTemplate != "audio" {
		return nil
	}
	s.srcpad.StreamLock()
	defer s.srcpad.StreamUnlock()
	if (video && s.videoPad != nil) || (!video && s.audioPad != nil) {
		return nil
	}
	pad := gst.NewPadFromTemplate(tmpl, tmpl.NameTemplate)
	pp := &hlssegPad{video: video}
	pp.segment.Init(gst.FormatTime)
	pad.ElementPrivate = pp
	pad.SetChainFunc(s.chain)
	pad.SetEventFunc(s.sinkEvent)
	if err := s.AddPad(pad); err != nil {
		return nil
	}
	if video {
		s.videoPad = pad
	} else {
		s.audioPad = pad
	}
	return pad
}

// ReleasePad removes a sink pad. Safe for concurrent use.
//
// GStreamer: gst_hls_sink2_release_pad (ext/hls/gsthlssink2.c).
func (s *HLSSegmenter) ReleasePad(pad *gst.Pad) {
	pad.SetActive(false)
	s.srcpad.StreamLock()
	if pad == s.videoPad {
		s.videoPad = nil
	} else if pad == s.audioPad {
		s.audioPad = nil
	}
	s.srcpad.StreamUnlock()
	s.RemovePad(pad)
}

// ChangeState chains up and resets the segmenter on PAUSED→READY.
//
// GStreamer: gst_hls_sink2_change_state (ext/hls/gsthlssink2.c).
func (s *HLSSegmenter) ChangeState(t gst.StateChange) gst.StateChangeReturn {
	if t == gst.StateChangeReadyToPaused {
		st := s.settingsCopy()
		if err := hlssegValidate(&st); err != nil {
			s.PostError(&gst.ResourceError{Code: gst.ResourceErrorSettings, Msg: err.Error()}, "")
			return gst.StateChangeFailure
		}
	}
	ret := s.ElementBase.ChangeState(t)
	if ret == gst.StateChangeFailure {
		return ret
	}
	if t == gst.StateChangePausedToReady {
		s.srcpad.StreamLock()
		s.resetLocked()
		for _, p := range []*gst.Pad{s.videoPad, s.audioPad} {
			if p != nil {
				pp := p.ElementPrivate.(*hlssegPad)
				pp.eos = false
				pp.segment.Init(gst.FormatTime)
			}
		}
		s.srcpad.StreamUnlock()
	}
	return ret
}

func (s *HLSSegmenter) resetLocked() {
	s.started = false
	s.dropFramesLocked()
	s.dropPoolLocked()
	s.gotKeyframe = false
	s.prerolled = false
	s.index = 0
	s.mediaSeq = 0
	s.window, s.kept = nil, nil
	s.initDone = false
	s.ended = false
}

// hlssegValidName checks an object name: relative, '/'-separated, no "..".
func hlssegValidName(what, name string) error {
	if name == "" || strings.HasPrefix(name, "/") || strings.Contains(name, "\\") || path.Clean(name) != name ||
		name == ".." || strings.HasPrefix(name, "../") {
		return fmt.Errorf("%s %q is not a relative object name ('/'-separated, without '..')", what, name)
	}
	return nil
}

func hlssegValidate(st *hlssegSettings) error {
	name, err := storage.FormatLocation(st.location, 0)
	if err != nil {
		return err
	}
	if err := hlssegValidName("location", name); err != nil {
		return err
	}
	if err := hlssegValidName("playlist-location", st.playlistLocation); err != nil {
		return err
	}
	if st.format == SegmentFormatCMAF {
		if err := hlssegValidName("init-location", st.initLocation); err != nil {
			return err
		}
	}
	return nil
}

// runningTime returns the signed running time (ns) of ts in seg.
func hlssegRunningTime(seg *gst.Segment, ts gst.ClockTime) (int64, bool) {
	if ts == gst.ClockTimeNone {
		return 0, false
	}
	sign, rt := seg.ToRunningTimeFull(gst.FormatTime, uint64(ts))
	switch {
	case sign > 0:
		return int64(rt), true
	case sign < 0:
		return -int64(rt), true
	}
	return 0, false
}

func (s *HLSSegmenter) chain(pad *gst.Pad, buf *gst.Buffer) error {
	defer buf.Unref()
	pp, _ := pad.ElementPrivate.(*hlssegPad)
	if pp == nil {
		return gst.ErrNotLinked
	}
	s.srcpad.StreamLock()
	defer s.srcpad.StreamUnlock()
	if s.ended {
		return gst.ErrEOS
	}
	st := s.settingsCopy()
	frames, err := s.parseLocked(pp, buf)
	defer clear(frames) // the scratch slice must not keep frames alive
	if err != nil {
		s.PostError(&gst.StreamError{Code: gst.StreamErrorFormat, Msg: err.Error()}, "")
		return gst.NewFlowError(gst.FlowError, "hlssegmenter: %v", err)
	}
	target := int64(st.targetDuration) * int64(gst.Second)
	for _, f := range frames {
		if f.video {
			if !s.gotKeyframe {
				if !f.key {
					f.release()
					continue // segments start with a keyframe
				}
				s.gotKeyframe = true
				s.requestKeyframe(&st, f.pts+target)
			}
			if f.key && target > 0 && s.cur.hasVideo && s.cur.minVideoPTS < f.pts && f.pts-s.segStart >= target {
				if err := s.cutLocked(&st, f.pts, false); err != nil {
					f.release()
					return err
				}
				s.requestKeyframe(&st, f.pts+target)
			}
		} else if s.videoPad == nil && target > 0 && s.cur.count > 0 && f.pts-s.segStart >= target {
			if err := s.cutLocked(&st, f.pts, false); err != nil {
				f.release()
				return err
			}
		}
		// the first segment starts with its earliest frame (not before
		// running time 0: audio priming may lie before the segment start)
		if s.index == 0 && (s.cur.count == 0 || f.pts < s.segStart) {
			s.segStart = max(f.pts, 0)
		}
		s.cur.add(f)
		if f.video {
			s.pendV = append(s.pendV, f)
		} else {
			s.pendA = append(s.pendA, f)
		}
		if !s.prerolled {
			// The first object exists only once a segment is complete.
			// A GAP lets the storage sink preroll now, so the pipeline
			// reaches PAUSED (and accepts seeks) with data flowing, as
			// elements with sparse output do in GStreamer.
			s.prerolled = true
			if err := s.ensureStarted(); err != nil {
				return err
			}
			s.srcpad.PushEvent(gst.NewGapEvent(gst.ClockTime(max(f.pts, 0)), 0))
		}
		if err := s.drainLocked(&st, false); err != nil {
			return err
		}
	}
	return nil
}

// moreFrames reports whether the video (or audio) pad may still deliver
// frames: it exists and has not seen EOS.
func (s *HLSSegmenter) moreFrames(video bool) bool {
	p := s.audioPad
	if video {
		p = s.videoPad
	}
	return p != nil && !p.ElementPrivate.(*hlssegPad).eos
}

// drainLocked muxes pending frames into the current segment in DTS order
// (video first on ties), as far as that order is known: a frame goes out
// once the other stream has a later frame pending or cannot deliver more.
// all muxes everything pending (at a cut). Muxed frames are released (TS)
// or kept by the segment (CMAF).
func (s *HLSSegmenter) drainLocked(st *hlssegSettings, all bool) error {
	for {
		var f *hlssegFrame
		v, a := len(s.pendV) > 0, len(s.pendA) > 0
		switch {
		case v && a:
			v = s.pendV[0].dts <= s.pendA[0].dts
		case v:
			if !all && s.moreFrames(false) {
				return nil
			}
		case a:
			if !all && s.moreFrames(true) {
				return nil
			}
		default:
			return nil
		}
		if v {
			f = s.pendV[0]
			s.pendV[0] = nil
			s.pendV = s.pendV[1:]
		} else {
			f = s.pendA[0]
			s.pendA[0] = nil
			s.pendA = s.pendA[1:]
		}
		if err := s.muxFrameLocked(st, f); err != nil {
			return err
		}
	}
}

// muxFrameLocked adds f to the current segment: written into the
// segment's MPEG-TS output right away (and released), or kept for the
// CMAF fragment written at the cut.
func (s *HLSSegmenter) muxFrameLocked(st *hlssegSettings, f *hlssegFrame) error {
	c := &s.cur
	if c.muxed == 0 {
		c.format = st.format
	}
	c.muxed++
	if c.format == SegmentFormatCMAF {
		c.cmaf = append(c.cmaf, f)
		return nil
	}
	defer f.release()
	if c.ts == nil {
		var ac *hlssegAudioConfig
		if s.audioPad != nil {
			if pac := &s.audioPad.ElementPrivate.(*hlssegPad).ac; pac.set {
				ac = pac
			}
		}
		name, err := storage.FormatLocation(st.location, s.index)
		if err != nil {
			return s.fail(err)
		}
		c.name = name
		size := int(max(st.partSize, hlssegMinPartSize))
		if err := c.startTS(&s.tsw, s.videoPad != nil, ac, s.partPool(size), size); err != nil {
			return s.fail(err)
		}
	}
	if err := c.writeTS(f); err != nil {
		return s.fail(err)
	}
	return s.pushPartsLocked(f.dts)
}

// pushPartsLocked pushes the filled parts of the current MPEG-TS segment,
// with PTS at (the running time of the data muxed last) and no duration.
// Their meta says more parts follow: the final one goes out at the cut.
func (s *HLSSegmenter) pushPartsLocked(at int64) error {
	c := &s.cur
	if len(c.out.full) == 0 {
		return nil
	}
	if err := s.ensureStarted(); err != nil {
		return err
	}
	full := c.out.takeFull()
	for i, b := range full {
		hlssegSetObject(b, storage.ObjectMeta{Name: c.name, ContentType: ContentTypeTS, Kind: storage.ObjectSegment,
			Duration: gst.ClockTimeNone, Part: c.parts, More: true}, max(at, s.segStart), gst.ClockTimeNone)
		c.parts++
		if err := s.srcpad.Push(b); err != nil {
			for _, rest := range full[i+1:] {
				rest.Unref()
			}
			return err
		}
	}
	return nil
}

// partPool returns the pool of TS part buffers of size bytes, made anew
// when part-size changed. The pool is unbounded (a slow storage sink
// never blocks the muxer; the queue in front of it bounds what waits);
// buffers still held downstream when it is replaced are left to the
// garbage collector.
func (s *HLSSegmenter) partPool(size int) *gst.BufferPool {
	if s.pool != nil && s.poolSize == size {
		return s.pool
	}
	s.dropPoolLocked()
	p := gst.NewBufferPool()
	if p.SetConfig(gst.BufferPoolConfig{Size: uint(size)}) != nil || p.SetActive(true) != nil {
		return nil
	}
	s.pool, s.poolSize = p, size
	return p
}

// dropPoolLocked deactivates the segment buffer pool.
func (s *HLSSegmenter) dropPoolLocked() {
	if s.pool != nil {
		s.pool.SetActive(false) //nolint:errcheck // buffers still out are freed on return
		s.pool, s.poolSize = nil, 0
	}
}

// dropFramesLocked releases every pending frame and the current segment.
func (s *HLSSegmenter) dropFramesLocked() {
	for _, f := range s.pendV {
		f.release()
	}
	for _, f := range s.pendA {
		f.release()
	}
	s.pendV, s.pendA = nil, nil
	s.cur.reset()
}

// requestKeyframe asks upstream for a keyframe at running time rt.
func (s *HLSSegmenter) requestKeyframe(st *hlssegSettings, rt int64) {
	if !st.sendKeyframeRequests || st.targetDuration == 0 || s.videoPad == nil || rt < 0 {
		return
	}
	ev, err := gst.NewCustomEvent(gst.EventCustomUpstream, gst.NewStructureSimple("GstForceKeyUnit",
		"running-time", gst.ClockTime(rt), "all-headers", true, "count", uint(s.index)))
	if err == nil {
		s.videoPad.PushEvent(ev)
	}
}

// parseLocked turns one input buffer into frames (in a scratch slice
// reused by the next call). The frames point into buf's data and each
// holds a reference to buf.
func (s *HLSSegmenter) parseLocked(pp *hlssegPad, buf *gst.Buffer) ([]*hlssegFrame, error) {
	pts, okP := hlssegRunningTime(&pp.segment, buf.PTS)
	dts, okD := hlssegRunningTime(&pp.segment, buf.DTS)
	switch {
	case !okP && okD:
		pts = dts
	case okP && !okD:
		dts = pts
	case !okP && !okD:
		pts, dts = pp.lastEnd, pp.lastEnd
	}
	var dur int64
	if buf.Duration != gst.ClockTimeNone {
		dur = int64(buf.Duration)
	}
	data := buf.Bytes()
	if pp.video {
		if !pp.vc.set {
			return nil, errors.New("video data before caps")
		}
		nalus, err := hlssegSplitVideo(&pp.vc, data)
		if err != nil {
			return nil, err
		}
		nalus, idr := hlssegPrepareAU(&pp.vc, nalus)
		key := idr || (!buf.HasFlags(gst.BufferFlagDeltaUnit) && !pp.vc.byteStream)
		pp.lastEnd = pts + dur
		s.parsed = append(s.parsed[:0], &hlssegFrame{video: true, pts: pts, dts: dts, dur: dur, key: key, nalus: nalus, buf: buf.Ref()})
		return s.parsed, nil
	}
	if !pp.ac.adts {
		if !pp.ac.set {
			return nil, errors.New("audio data before caps")
		}
		pp.lastEnd = pts + dur
		s.parsed = append(s.parsed[:0], &hlssegFrame{pts: pts, dts: pts, dur: dur, key: true, au: data, buf: buf.Ref()})
		return s.parsed, nil
	}
	var pkts mpeg4audio.ADTSPackets
	if err := pkts.Unmarshal(data); err != nil {
		return nil, fmt.Errorf("invalid ADTS data: %w", err)
	}
	out := s.parsed[:0]
	t := pts
	for _, p := range pkts {
		if !pp.ac.set {
			pp.ac.cfg = mpeg4audio.AudioSpecificConfig{Type: p.Type, SampleRate: p.SampleRate, ChannelConfig: p.ChannelConfig, ChannelCount: p.ChannelCount} //nolint:staticcheck
			asc, err := pp.ac.cfg.Marshal()
			if err != nil {
				return nil, err
			}
			pp.ac.asc = asc
			pp.ac.set = true
		}
		if p.SampleRate <= 0 {
			return nil, errors.New("ADTS packet without a sample rate")
		}
		d := 1024 * int64(gst.Second) / int64(p.SampleRate)
		out = append(out, &hlssegFrame{pts: t, dts: t, dur: d, key: true, au: p.AU, buf: buf.Ref()})
		t += d
	}
	pp.lastEnd = t
	s.parsed = out
	return out, nil
}

// cutLocked ends the current segment at running time end and pushes it,
// the init segment (first CMAF segment) and the playlist; atEOS ends the
// playlist.
func (s *HLSSegmenter) cutLocked(st *hlssegSettings, end int64, atEOS bool) error {
	// every pending frame belongs to this segment, except audio starting
	// at or after its end (when not at EOS), which starts the next one
	var next []*hlssegFrame
	keepA := s.pendA[:0]
	for _, f := range s.pendA {
		if !atEOS && f.pts >= end {
			next = append(next, f)
		} else {
			keepA = append(keepA, f)
		}
	}
	clear(s.pendA[len(keepA):])
	s.pendA = keepA
	err := s.drainLocked(st, true)
	s.pendA = next
	cur := s.cur
	s.cur = hlssegCur{}
	s.cur.reset()
	for _, f := range next {
		s.cur.add(f)
	}
	defer cur.reset()
	if err != nil {
		return err
	}
	start := s.segStart
	s.segStart = end
	if cur.muxed == 0 {
		return nil
	}
	if err := s.ensureStarted(); err != nil {
		return err
	}
	hasVideo, hasAudio := s.videoPad != nil, s.audioPad != nil
	var vc *hlssegVideoConfig
	var ac = &hlssegAudioConfig{}
	if hasVideo {
		vc = &s.videoPad.ElementPrivate.(*hlssegPad).vc
	}
	if hasAudio {
		ac = &s.audioPad.ElementPrivate.(*hlssegPad).ac
		if !ac.set {
			hasAudio = false
		}
	}
	name := cur.name
	if name == "" {
		if name, err = storage.FormatLocation(st.location, s.index); err != nil {
			return s.fail(err)
		}
	}
	var data []byte
	contentType := ContentTypeTS
	var initBuf *gst.Buffer
	var segBuf *gst.Buffer
	if cur.format == SegmentFormatCMAF {
		contentType = ContentTypeMP4
		if !s.initDone {
			init, tr, err := hlssegMuxInit(hasVideo, hasAudio, vc, ac)
			if err != nil {
				return s.fail(err)
			}
			s.tracks = tr
			s.initDone = true
			initBuf = hlssegObject(init, storage.ObjectMeta{Name: st.initLocation, ContentType: ContentTypeMP4, Kind: storage.ObjectInit, Duration: gst.ClockTimeNone}, start, gst.ClockTimeNone)
		}
		data, err = hlssegMuxFragment(cur.cmaf, uint32(s.index+1), s.tracks, end)
		segBuf = gst.NewBufferWrapped(data)
	} else {
		segBuf = cur.out.takeLast()
	}
	if err != nil {
		return s.fail(err)
	}
	dur := end - start
	s.index++
	if initBuf != nil {
		if err := s.srcpad.Push(initBuf); err != nil {
			return err
		}
	}
	hlssegSetObject(segBuf, storage.ObjectMeta{Name: name, ContentType: contentType, Kind: storage.ObjectSegment, Duration: gst.ClockTime(dur), Part: cur.parts}, end, gst.ClockTime(dur))
	if err := s.srcpad.Push(segBuf); err != nil {
		return err
	}
	uri := hlsRelativeURI(st.playlistLocation, name)
	if st.playlistRoot != "" {
		uri = strings.TrimSuffix(st.playlistRoot, "/") + "/" + path.Base(name)
	}
	e := hlssegEntry{name: name, uri: uri, dur: dur}
	s.window = append(s.window, e)
	s.kept = append(s.kept, e)
	if st.playlistType == PlaylistTypeUnspecified && st.playlistLength > 0 {
		for len(s.window) > int(st.playlistLength) {
			s.window = s.window[1:]
			s.mediaSeq++
		}
	}
	if err := s.pushPlaylist(st, end, atEOS); err != nil {
		return err
	}
	// delete segments that left the window once more than max-files exist
	if st.playlistType == PlaylistTypeUnspecified && st.maxFiles > 0 {
		for len(s.kept) > int(st.maxFiles) && !s.inWindow(s.kept[0].name) {
			old := s.kept[0]
			s.kept = s.kept[1:]
			del := hlssegObject(nil, storage.ObjectMeta{Name: old.name, ContentType: contentType, Kind: storage.ObjectSegment, Duration: gst.ClockTime(old.dur), Delete: true}, end, gst.ClockTimeNone)
			if err := s.srcpad.Push(del); err != nil {
				return err
			}
		}
	}
	return nil
}

func (s *HLSSegmenter) inWindow(name string) bool {
	for _, e := range s.window {
		if e.name == name {
			return true
		}
	}
	return false
}

func (s *HLSSegmenter) pushPlaylist(st *hlssegSettings, at int64, ended bool) error {
	p := Playlist{MediaSequence: s.mediaSeq, Type: st.playlistType, Ended: ended}
	for _, e := range s.window {
		p.Entries = append(p.Entries, PlaylistEntry{URI: e.uri, Duration: gst.ClockTime(e.dur)})
	}
	if st.format == SegmentFormatCMAF {
		p.MapURI = hlsRelativeURI(st.playlistLocation, st.initLocation)
	}
	text, err := p.Render()
	if err != nil {
		return s.fail(err)
	}
	buf := hlssegObject(text, storage.ObjectMeta{Name: st.playlistLocation, ContentType: ContentTypePlaylist, Kind: storage.ObjectPlaylist, Duration: gst.ClockTimeNone}, at, gst.ClockTimeNone)
	return s.srcpad.Push(buf)
}

func (s *HLSSegmenter) fail(err error) error {
	s.PostError(&gst.StreamError{Code: gst.StreamErrorMux, Msg: "Could not write HLS segment: " + err.Error()}, "")
	return gst.NewFlowError(gst.FlowError, "hlssegmenter: %v", err)
}

// hlssegObject wraps data in a buffer carrying meta, with PTS at (ns,
// clamped to 0) and the given duration.
func hlssegObject(data []byte, meta storage.ObjectMeta, at int64, dur gst.ClockTime) *gst.Buffer {
	buf := gst.NewBufferWrapped(data)
	hlssegSetObject(buf, meta, at, dur)
	return buf
}

// hlssegSetObject sets the PTS (at, ns, clamped to 0), duration and
// object meta of a new (writable) buffer.
func hlssegSetObject(buf *gst.Buffer, meta storage.ObjectMeta, at int64, dur gst.ClockTime) {
	buf.PTS = gst.ClockTime(max(at, 0))
	buf.Duration = dur
	storage.AddObjectMeta(buf, meta) //nolint:errcheck // a new buffer is writable
}

// ensureStarted pushes stream-start, caps and a TIME segment once.
func (s *HLSSegmenter) ensureStarted() error {
	if s.started {
		return nil
	}
	s.started = true
	s.srcpad.PushEvent(gst.NewStreamStartEvent(fmt.Sprintf("%s/objects", s.Name())))
	if !s.srcpad.PushEvent(gst.NewCapsEvent(gst.NewCapsSimple(storage.Caps))) {
		return gst.ErrNotNegotiated
	}
	s.srcpad.PushEvent(gst.NewSegmentEvent(gst.NewSegment(gst.FormatTime)))
	return nil
}

// finishLocked ends the last segment and the playlist at EOS.
func (s *HLSSegmenter) finishLocked() error {
	if s.ended {
		return nil
	}
	s.ended = true
	st := s.settingsCopy()
	if s.cur.count > 0 {
		return s.cutLocked(&st, max(s.segStart, s.cur.maxEnd), true)
	}
	if len(s.window) > 0 {
		if err := s.ensureStarted(); err != nil {
			return err
		}
		last := int64(0)
		return s.pushPlaylist(&st, max(last, s.segStart), true)
	}
	return nil
}

func (s *HLSSegmenter) sinkEvent(pad *gst.Pad, ev gst.Event) bool {
	pp, _ := pad.ElementPrivate.(*hlssegPad)
	if pp == nil {
		return false
	}
	switch e := ev.(type) {
	case *gst.CapsEvent:
		s.srcpad.StreamLock()
		defer s.srcpad.StreamUnlock()
		var err error
		if pp.video {
			var vc hlssegVideoConfig
			vc, err = hlssegParseVideoCaps(e.Caps)
			if err == nil {
				if len(vc.sps) == 0 {
					vc.sps, vc.pps = pp.vc.sps, pp.vc.pps
				}
				vc.orientation = pp.vc.orientation
				pp.vc = vc
			}
		} else {
			var ac hlssegAudioConfig
			ac, err = hlssegParseAudioCaps(e.Caps)
			if err == nil {
				pp.ac = ac
			}
		}
		if err != nil {
			s.PostError(&gst.StreamError{Code: gst.StreamErrorFormat, Msg: err.Error()}, "")
			return false
		}
		return true
	case *gst.SegmentEvent:
		s.srcpad.StreamLock()
		defer s.srcpad.StreamUnlock()
		if e.Segment.Format != gst.FormatTime {
			s.PostError(&gst.StreamError{Code: gst.StreamErrorFormat, Msg: "hlssegmenter needs TIME segments"}, "")
			return false
		}
		pp.segment = e.Segment
		return true
	case *gst.EOSEvent:
		s.srcpad.StreamLock()
		defer s.srcpad.StreamUnlock()
		pp.eos = true
		for _, p := range []*gst.Pad{s.videoPad, s.audioPad} {
			if p != nil && !p.ElementPrivate.(*hlssegPad).eos {
				return true
			}
		}
		if err := s.finishLocked(); err != nil && !errors.Is(err, gst.ErrFlushing) {
			return false
		}
		if !s.started {
			s.ensureStarted() //nolint:errcheck // EOS goes out anyway
		}
		return s.srcpad.PushEvent(ev)
	case *gst.FlushStartEvent:
		return s.srcpad.PushEvent(ev)
	case *gst.FlushStopEvent:
		s.srcpad.StreamLock()
		defer s.srcpad.StreamUnlock()
		pp.eos = false
		pp.segment.Init(gst.FormatTime)
		s.dropFramesLocked()
		s.gotKeyframe = false
		s.prerolled = false
		s.ended = false
		return s.srcpad.PushEvent(ev)
	case *gst.TagEvent:
		// the video's image-orientation goes into the CMAF init segment
		// (a stream tag wins over a global one)
		if o := isobmff.OrientationFromTags(e.Tags); o != "" && pp.video {
			s.srcpad.StreamLock()
			if e.Tags.Scope() == gst.TagScopeStream || pp.vc.orientation == "" {
				pp.vc.orientation = o
			}
			s.srcpad.StreamUnlock()
		}
		return true
	case *gst.StreamStartEvent, *gst.GapEvent, *gst.StreamGroupDoneEvent:
		return true
	}
	return pad.EventDefault(ev)
}
