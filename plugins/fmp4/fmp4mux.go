package fmp4

import (
	"bytes"
	"fmt"
	"math"
	"math/bits"
	"sync"

	"github.com/Eyevinn/mp4ff/mp4"

	"github.com/gstmini/gstmini/base"
	"github.com/gstmini/gstmini/gst"
	"github.com/gstmini/gstmini/libs/isobmff"
)

// Property defaults of the fragmented MP4 muxers.
//
// GStreamer: DEFAULT_* (mux/fmp4/src/fmp4mux/imp.rs, gst-plugins-rs).
const (
	DefaultFMP4MuxFragmentDuration = uint64(10 * gst.Second)
	DefaultFMP4MuxChunkDuration    = math.MaxUint64
	DefaultFMP4MuxWriteMfra        = false
	DefaultFMP4MuxWriteMehd        = false
	DefaultFMP4MuxInterleaveBytes  = uint64(0)
	DefaultFMP4MuxInterleaveTime   = uint64(250 * gst.Millisecond)
	DefaultFMP4MuxOffsetToZero     = false
)

// FMP4MuxHeaderUpdateMode says how the initialization segment is updated
// at the end of the stream (nicks "none", "rewrite", "update").
//
// GStreamer: GstFMP4MuxHeaderUpdateMode (mux/fmp4/src/fmp4mux/mod.rs, gst-plugins-rs).
type FMP4MuxHeaderUpdateMode int

// The header update modes.
//
// GStreamer: GstFMP4MuxHeaderUpdateMode values (mux/fmp4/src/fmp4mux/mod.rs, gst-plugins-rs).
const (
	FMP4MuxHeaderUpdateNone FMP4MuxHeaderUpdateMode = iota
	FMP4MuxHeaderUpdateRewrite
	FMP4MuxHeaderUpdateUpdate
)

var fmp4HeaderUpdateModeEnum = &gst.EnumClass{
	Name: "GstFMP4MuxHeaderUpdateMode",
	Values: []gst.EnumValue{
		{Value: 0, Name: "None", Nick: "none"},
		{Value: 1, Name: "Rewrite", Nick: "rewrite"},
		{Value: 2, Name: "Update", Nick: "update"},
	},
}

// fmp4Properties are the properties of both muxers (without
// offset-to-zero, isofmp4mux only).
func fmp4Properties() []*gst.ParamSpec {
	rw := gst.ParamReadWrite | gst.ParamMutableReady
	return append(append(gst.ObjectProperties(), base.AggregatorProperties()...),
		gst.ParamUint64("fragment-duration", "Fragment Duration", "Duration for each FMP4 fragment in nanoseconds",
			0, math.MaxUint64, DefaultFMP4MuxFragmentDuration, rw),
		gst.ParamUint64("chunk-duration", "Chunk Duration", "Duration for each FMP4 chunk (default = no chunks)",
			0, math.MaxUint64, DefaultFMP4MuxChunkDuration, rw),
		gst.ParamEnum("header-update-mode", "Header update mode", "Mode for updating the header at the end of the stream",
			fmp4HeaderUpdateModeEnum, int(FMP4MuxHeaderUpdateNone), rw),
		gst.ParamBool("write-mfra", "Write mfra box", "Write fragment random access box at the end of the stream",
			DefaultFMP4MuxWriteMfra, rw),
		gst.ParamBool("write-mehd", "Write mehd box",
			"Write movie extends header box with the duration at the end of the stream (needs a header-update-mode enabled)",
			DefaultFMP4MuxWriteMehd, rw),
		gst.ParamUint64("interleave-bytes", "Interleave Bytes", "Interleave between streams in bytes",
			0, math.MaxUint64, DefaultFMP4MuxInterleaveBytes, rw),
		gst.ParamUint64("interleave-time", "Interleave Time", "Interleave between streams in nanoseconds",
			0, math.MaxUint64, DefaultFMP4MuxInterleaveTime, rw),
	)
}

// fmp4Settings holds the property values.
type fmp4Settings struct {
	fragmentDuration uint64
	chunkDuration    uint64
	headerUpdate     FMP4MuxHeaderUpdateMode
	writeMfra        bool
	writeMehd        bool
	interleaveBytes  uint64
	interleaveTime   uint64
	offsetToZero     bool
}

// fmp4Sample is a queued sample; times are signed running times in ns.
type fmp4Sample struct {
	dts, pts, dur int64
	sync          bool
	data          []byte
}

// fmp4Track is the state of one sink pad.
type fmp4Track struct {
	pad     *base.AggregatorPad
	codec   *isobmff.Codec
	id      uint32
	ts      uint32
	pending []fmp4Sample
	lastDur int64 // ns, duration of the last written sample
	mfra    []mp4.TfraEntry
	endTime int64 // running time after the last sample
}

// FMP4Mux is the fragmented MP4 muxer behind isofmp4mux and cmafmux.
//
// Samples are taken in DTS running-time order. A fragment is closed when
// the next sample of the first video track (or of the first track when
// there is no video) is a keyframe (no DELTA_UNIT) and at least
// fragment-duration has passed since the fragment started; the whole
// fragment (one traf per track) is pushed as one buffer. Decode times
// count from the earliest first DTS of all tracks (offset-to-zero has no
// further effect), composition offsets are signed (trun version 1).
//
// GStreamer: GstFMP4Mux (mux/fmp4/src/fmp4mux/imp.rs, gst-plugins-rs).
type FMP4Mux struct {
	base.Aggregator

	cmaf bool

	settingsMu sync.Mutex
	settings   fmp4Settings

	mu         sync.Mutex
	caps       map[*base.AggregatorPad]*gst.Caps
	tracks     []*fmp4Track
	init       []byte
	started    bool
	origin     int64 // running time of decode time 0
	fragStart  int64 // PTS running time of the current fragment's start
	haveFrag   bool
	seq        uint32
	written    uint64 // bytes pushed (for mfra)
	outCaps    *gst.Caps
	headerSent bool
	// image-orientation of stream TAG events per pad, and of global ones
	padOrient    map[*base.AggregatorPad]string
	globalOrient string
}

func (m *FMP4Mux) constructed(cmaf bool) error {
	m.cmaf = cmaf
	m.settings = fmp4Settings{
		fragmentDuration: DefaultFMP4MuxFragmentDuration,
		chunkDuration:    DefaultFMP4MuxChunkDuration,
		interleaveTime:   DefaultFMP4MuxInterleaveTime,
		interleaveBytes:  DefaultFMP4MuxInterleaveBytes,
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

// SetProperty sets a property; Aggregator properties are chained up.
// Safe for concurrent use.
//
// GStreamer: FMP4Mux::set_property (mux/fmp4/src/fmp4mux/imp.rs, gst-plugins-rs).
func (m *FMP4Mux) SetProperty(name string, v any) error {
	m.settingsMu.Lock()
	defer m.settingsMu.Unlock()
	s := &m.settings
	switch name {
	case "fragment-duration":
		s.fragmentDuration = v.(uint64)
	case "chunk-duration":
		s.chunkDuration = v.(uint64)
	case "header-update-mode":
		s.headerUpdate = FMP4MuxHeaderUpdateMode(v.(int))
	case "write-mfra":
		s.writeMfra = v.(bool)
	case "write-mehd":
		s.writeMehd = v.(bool)
	case "interleave-bytes":
		s.interleaveBytes = v.(uint64)
	case "interleave-time":
		s.interleaveTime = v.(uint64)
	case "offset-to-zero":
		if m.cmaf {
			return gst.ErrUnknownProperty
		}
		s.offsetToZero = v.(bool)
	default:
		return m.Aggregator.SetProperty(name, v)
	}
	return nil
}

// Property returns a property value. Safe for concurrent use.
//
// GStreamer: FMP4Mux::property (mux/fmp4/src/fmp4mux/imp.rs, gst-plugins-rs).
func (m *FMP4Mux) Property(name string) any {
	m.settingsMu.Lock()
	defer m.settingsMu.Unlock()
	s := &m.settings
	switch name {
	case "fragment-duration":
		return s.fragmentDuration
	case "chunk-duration":
		return s.chunkDuration
	case "header-update-mode":
		return int(s.headerUpdate)
	case "write-mfra":
		return s.writeMfra
	case "write-mehd":
		return s.writeMehd
	case "interleave-bytes":
		return s.interleaveBytes
	case "interleave-time":
		return s.interleaveTime
	case "offset-to-zero":
		if !m.cmaf {
			return s.offsetToZero
		}
	}
	return m.Aggregator.Property(name)
}

// SinkEvent records each pad's caps and the image-orientation of TAG
// events (a video track's tkhd matrix in the init segment: the pad's
// stream tag, else a global tag; tags after the init segment was built
// are not applied), and chains up. Called from the aggregator task.
//
// GStreamer: FMP4Mux::sink_event (mux/fmp4/src/fmp4mux/imp.rs, gst-plugins-rs).
func (m *FMP4Mux) SinkEvent(pad *base.AggregatorPad, ev gst.Event) bool {
	if te, ok := ev.(*gst.TagEvent); ok {
		if o := isobmff.OrientationFromTags(te.Tags); o != "" {
			m.mu.Lock()
			if te.Tags.Scope() == gst.TagScopeGlobal {
				m.globalOrient = o
			} else {
				m.padOrient[pad] = o
			}
			m.mu.Unlock()
		}
	}
	if ce, ok := ev.(*gst.CapsEvent); ok {
		m.mu.Lock()
		started := m.started
		if !started {
			m.caps[pad] = ce.Caps
		}
		m.mu.Unlock()
		if started {
			m.PostError(&gst.StreamError{Code: gst.StreamErrorFormat, Msg: "caps changes are not supported"}, fmt.Sprint(ce.Caps))
			return false
		}
	}
	return m.Aggregator.SinkEvent(pad, ev)
}

// Stop forgets the stream. Called on PAUSED→READY.
//
// GStreamer: FMP4Mux::stop (mux/fmp4/src/fmp4mux/imp.rs, gst-plugins-rs).
func (m *FMP4Mux) Stop() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.caps = map[*base.AggregatorPad]*gst.Caps{}
	m.padOrient, m.globalOrient = map[*base.AggregatorPad]string{}, ""
	m.tracks, m.init, m.started, m.haveFrag, m.headerSent = nil, nil, false, false, false
	m.seq, m.written, m.outCaps = 0, 0, nil
	m.SrcPad().MarkReconfigure()
	return nil
}

// setupLocked creates the tracks from the pads' caps and the init segment.
func (m *FMP4Mux) setupLocked() error {
	if m.init != nil {
		return nil
	}
	for _, p := range m.AggregatorPads() {
		caps := m.caps[p]
		if caps == nil {
			if p.IsEOS() && !p.HasBuffer() {
				continue
			}
			return fmt.Errorf("pad %s has no caps", p.Name())
		}
		c, err := isobmff.CodecFromCaps(caps)
		if err != nil {
			return fmt.Errorf("pad %s: %w", p.Name(), err)
		}
		m.tracks = append(m.tracks, &fmp4Track{pad: p, codec: c, id: uint32(len(m.tracks) + 1), ts: c.Timescale})
	}
	if len(m.tracks) == 0 {
		return fmt.Errorf("no streams")
	}
	b, err := m.buildInit(0)
	if err != nil {
		return err
	}
	m.init = b
	variant := "iso-fragmented"
	if m.cmaf {
		variant = "cmaf"
	}
	caps := gst.MustParseCaps("video/quicktime, variant=(string)" + variant)
	hdr := gst.NewBufferMemdup(b)
	hdr.SetFlags(gst.BufferFlagHeader)
	caps.Structure(0).Set("streamheader", gst.ValueArray{hdr})
	m.outCaps = caps
	return nil
}

// buildInit encodes ftyp + moov with mvex, and an mehd when duration > 0
// (in the movie timescale, the first track's timescale).
func (m *FMP4Mux) buildInit(duration uint64) ([]byte, error) {
	init := mp4.CreateEmptyInit()
	if m.cmaf {
		init.Ftyp = mp4.NewFtyp("cmf2", 0, []string{"iso6", "cmfc", "cmf2"})
	} else {
		init.Ftyp = mp4.NewFtyp("iso6", 0, []string{"iso6", "iso5", "dash", "mp41"})
	}
	init.Children[0] = init.Ftyp
	init.Moov.Mvhd.Timescale = m.tracks[0].ts
	for _, t := range m.tracks {
		trak := init.AddEmptyTrack(t.ts, t.codec.Kind, "und")
		trak.Mdia.Minf.Stbl.Stsd.AddChild(t.codec.Entry)
		if t.codec.Kind == "video" {
			trak.Tkhd.Width = mp4.Fixed32(uint32(t.codec.Width) << 16)
			trak.Tkhd.Height = mp4.Fixed32(uint32(t.codec.Height) << 16)
			o := m.padOrient[t.pad]
			if o == "" {
				o = m.globalOrient
			}
			if matrix, ok := isobmff.OrientationMatrix(o); ok {
				trak.Tkhd.Matrix = matrix
			}
		}
	}
	if duration > 0 {
		init.Moov.Mvhd.Duration = duration
		init.Moov.Mvex.AddChild(&mp4.MehdBox{FragmentDuration: int64(duration)})
		// mehd goes first in mvex
		ch := init.Moov.Mvex.Children
		init.Moov.Mvex.Children = append([]mp4.Box{ch[len(ch)-1]}, ch[:len(ch)-1]...)
	}
	var b bytes.Buffer
	if err := init.Encode(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// UpdateSrcCaps returns video/quicktime with the variant and the init
// segment as streamheader, once every pad has caps. Called from the
// aggregator task. (Set through negotiation rather than SetSrcCaps, which
// takes the source pad's stream lock that the task already holds.)
//
// GStreamer: FMP4Mux::negotiate / set_src_caps (mux/fmp4/src/fmp4mux/imp.rs, gst-plugins-rs).
func (m *FMP4Mux) UpdateSrcCaps(downstream *gst.Caps) (*gst.Caps, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.setupLocked(); err != nil {
		m.PostError(&gst.StreamError{Code: gst.StreamErrorFormat, Msg: "Could not multiplex stream."}, err.Error())
		return nil, err
	}
	return m.outCaps, nil
}

func fmp4RunningTime(seg *gst.Segment, ts gst.ClockTime) int64 {
	sign, rt := seg.ToRunningTimeFull(gst.FormatTime, uint64(ts))
	switch {
	case sign > 0:
		return int64(rt)
	case sign < 0:
		return -int64(rt)
	}
	return 0
}

func fmp4Scale(ns int64, timescale uint32) int64 {
	neg := ns < 0
	if neg {
		ns = -ns
	}
	hi, lo := bits.Mul64(uint64(ns), uint64(timescale))
	lo, c := bits.Add64(lo, uint64(gst.Second)/2, 0)
	hi += c
	if hi >= uint64(gst.Second) {
		return math.MaxInt64
	}
	q, _ := bits.Div64(hi, lo, uint64(gst.Second))
	if neg {
		return -int64(q)
	}
	return int64(q)
}

// bufTimes returns the DTS (PTS when unset) and PTS running times.
func fmp4BufTimes(p *base.AggregatorPad, buf *gst.Buffer) (dts, pts int64) {
	seg := p.Segment()
	pt, dt := buf.PTS, buf.DTS
	if pt == gst.ClockTimeNone {
		pt = dt
	}
	if dt == gst.ClockTimeNone {
		dt = pt
	}
	return fmp4RunningTime(&seg, dt), fmp4RunningTime(&seg, pt)
}

// Aggregate queues the next sample and pushes fragments. Called from the
// aggregator task.
//
// GStreamer: FMP4Mux::aggregate (mux/fmp4/src/fmp4mux/imp.rs, gst-plugins-rs).
func (m *FMP4Mux) Aggregate(timeout bool) error {
	m.settingsMu.Lock()
	s := m.settings
	m.settingsMu.Unlock()
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.setupLocked(); err != nil {
		m.PostError(&gst.StreamError{Code: gst.StreamErrorFormat, Msg: "Could not multiplex stream."}, err.Error())
		return gst.ErrNotNegotiated
	}
	if !m.started {
		m.started = true
		m.origin = math.MaxInt64
		for _, t := range m.tracks {
			if buf := t.pad.PeekBuffer(); buf != nil {
				dts, _ := fmp4BufTimes(t.pad, buf)
				m.origin = min(m.origin, dts)
				buf.Unref()
			}
		}
	}
	var best *fmp4Track
	var bestDTS int64
	for _, t := range m.tracks {
		buf := t.pad.PeekBuffer()
		if buf == nil {
			continue
		}
		dts, _ := fmp4BufTimes(t.pad, buf)
		buf.Unref()
		if best == nil || dts < bestDTS {
			best, bestDTS = t, dts
		}
	}
	if best == nil {
		for _, p := range m.AggregatorPads() {
			if !p.IsEOS() {
				return base.ErrNeedData
			}
		}
		if err := m.drainLocked(s); err != nil {
			return err
		}
		return gst.ErrEOS
	}
	buf := best.pad.PopBuffer()
	if buf == nil {
		return nil
	}
	dts, pts := fmp4BufTimes(best.pad, buf)
	smp := fmp4Sample{dts: dts, pts: pts, dur: -1, sync: !buf.HasFlags(gst.BufferFlagDeltaUnit), data: bytes.Clone(buf.Bytes())}
	if buf.Duration != gst.ClockTimeNone {
		smp.dur = int64(buf.Duration)
	}
	buf.Unref()
	if best == m.splitTrack() && smp.sync && m.haveFrag && pts-m.fragStart >= int64(s.fragmentDuration) {
		if err := m.flushLocked(s); err != nil {
			return err
		}
	}
	if !m.haveFrag {
		m.haveFrag = true
		m.fragStart = pts
	}
	m.fragStart = min(m.fragStart, pts)
	best.pending = append(best.pending, smp)
	return nil
}

// splitTrack is the track whose keyframes start fragments.
func (m *FMP4Mux) splitTrack() *fmp4Track {
	for _, t := range m.tracks {
		if t.codec.Kind == "video" {
			return t
		}
	}
	return m.tracks[0]
}

func (m *FMP4Mux) pushLocked(data []byte, flags gst.BufferFlags, pts, dur gst.ClockTime) error {
	b := gst.NewBufferWrapped(data)
	b.SetFlags(flags)
	b.PTS, b.DTS, b.Duration = pts, pts, dur
	b.Offset = m.written
	m.written += uint64(len(data))
	b.OffsetEnd = m.written
	return m.FinishBuffer(b)
}

// flushLocked pushes the pending samples as one fragment (and the init
// segment before the first one).
func (m *FMP4Mux) flushLocked(s fmp4Settings) error {
	if !m.headerSent {
		m.headerSent = true
		if err := m.pushLocked(bytes.Clone(m.init), gst.BufferFlagHeader, gst.ClockTimeNone, gst.ClockTimeNone); err != nil {
			return err
		}
	}
	if !m.haveFrag {
		return nil
	}
	m.seq++
	var ids []uint32
	for _, t := range m.tracks {
		if len(t.pending) > 0 {
			ids = append(ids, t.id)
		}
	}
	frag, err := mp4.CreateMultiTrackFragment(m.seq, ids)
	if err != nil {
		return err
	}
	end := m.fragStart
	for _, t := range m.tracks {
		n := len(t.pending)
		for i, smp := range t.pending {
			dur := smp.dur
			if i+1 < n {
				dur = t.pending[i+1].dts - smp.dts
			} else if dur < 0 {
				dur = t.lastDur
			}
			t.lastDur = dur
			dt := fmp4Scale(smp.dts-m.origin, t.ts)
			d := fmp4Scale(smp.dts-m.origin+dur, t.ts) - dt
			flags := mp4.NonSyncSampleFlags
			if smp.sync {
				flags = mp4.SyncSampleFlags
			}
			fs := mp4.FullSample{
				Sample: mp4.NewSample(flags, uint32(max(d, 0)), uint32(len(smp.data)),
					int32(fmp4Scale(smp.pts-m.origin, t.ts)-dt)),
				DecodeTime: uint64(max(dt, 0)),
				Data:       smp.data,
			}
			if i == 0 && s.writeMfra {
				t.mfra = append(t.mfra, mp4.TfraEntry{Time: uint64(max(dt, 0)), MoofOffset: m.written, TrafNumber: 1, TrunNumber: 1, SampleNumber: 1})
			}
			if err := frag.AddFullSampleToTrack(fs, t.id); err != nil {
				return err
			}
			end = max(end, smp.pts+dur)
			t.endTime = max(t.endTime, smp.pts+dur)
		}
		t.pending = nil
	}
	for _, traf := range frag.Moof.Trafs {
		for _, trun := range traf.Truns {
			trun.Version = 1
		}
	}
	var b bytes.Buffer
	if err := frag.Encode(&b); err != nil {
		return err
	}
	start := m.fragStart
	m.haveFrag = false
	return m.pushLocked(b.Bytes(), 0, gst.ClockTime(max(start, 0)), gst.ClockTime(max(end-start, 0)))
}

// drainLocked pushes the last fragment, then the mfra and the updated
// header as configured.
func (m *FMP4Mux) drainLocked(s fmp4Settings) error {
	if err := m.flushLocked(s); err != nil {
		return err
	}
	if s.writeMfra {
		mfra := &mp4.MfraBox{}
		for _, t := range m.tracks {
			if err := mfra.AddChild(&mp4.TfraBox{Version: 1, TrackID: t.id, LengthSizeOfTrafNum: 0,
				LengthSizeOfTrunNum: 0, LengthSizeOfSampleNum: 0, Entries: t.mfra}); err != nil {
				return err
			}
		}
		mfro := &mp4.MfroBox{}
		if err := mfra.AddChild(mfro); err != nil {
			return err
		}
		mfro.ParentSize = uint32(mfra.Size())
		var b bytes.Buffer
		if err := mfra.Encode(&b); err != nil {
			return err
		}
		if err := m.pushLocked(b.Bytes(), 0, gst.ClockTimeNone, gst.ClockTimeNone); err != nil {
			return err
		}
	}
	if s.headerUpdate != FMP4MuxHeaderUpdateNone {
		var dur uint64
		if s.writeMehd {
			var end int64
			for _, t := range m.tracks {
				end = max(end, t.endTime)
			}
			dur = uint64(max(fmp4Scale(end-m.origin, m.tracks[0].ts), 0))
		}
		b, err := m.buildInit(dur)
		if err != nil {
			return err
		}
		return m.pushLocked(b, gst.BufferFlagHeader, gst.ClockTimeNone, gst.ClockTimeNone)
	}
	return nil
}
