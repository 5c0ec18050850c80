package hls

import (
	"context"
	"io"

	"github.com/asticode/go-astits"
	"github.com/bluenviron/mediacommon/v2/pkg/codecs/h264"
	"github.com/bluenviron/mediacommon/v2/pkg/codecs/mpeg4audio"
)

// MPEG-TS constants of mediacommon's mpegts.Writer, whose output
// hlssegTSWriter reproduces byte for byte.
const (
	hlssegTSFirstPID    = 256
	hlssegTSStreamVideo = 224
	hlssegTSStreamAudio = 192
	hlssegTSPCRDelay    = 90000 / 10 // PCR = DTS - 100 ms
)

// hlssegTSWriter writes one H.264 and one AAC track into MPEG-TS with
// go-astits, exactly as mediacommon's mpegts.Writer does (same PIDs,
// stream IDs, AUD before each access unit, ADTS framing, PCR on the first
// written track at random access points and every third frame), but
// builds each frame's PES payload in a scratch slice reused for the
// whole segment instead of a new slice per frame (mpegts.Writer's Annex-B
// and ADTS marshalling allocated as many bytes as the video itself).
type hlssegTSWriter struct {
	mux        *astits.Muxer
	vpid, apid uint16  // 0: no such track
	pcrPID     uint16  // the track carrying the PCR (the first written), 0 until chosen
	pcrCounter int     // frames of the PCR track until the next PCR
	adts       [7]byte // ADTS header with the frame length to fill in
	scratch    []byte  // the PES payload being written

	// reused arguments of astits.Muxer.WriteData (it keeps none of them)
	af       astits.PacketAdaptationField
	pcr      astits.ClockReference
	pts, dts astits.ClockReference
	oh       astits.PESOptionalHeader
	header   astits.PESHeader
	pes      astits.PESData
	data     astits.MuxerData
}

// init sets up the tracks (video when hasVideo, AAC with cfg when not
// nil) writing to out; it fails when cfg cannot be put in ADTS headers.
func (w *hlssegTSWriter) init(out io.Writer, hasVideo bool, cfg *mpeg4audio.AudioSpecificConfig) error {
	*w = hlssegTSWriter{scratch: w.scratch[:0]}
	w.mux = astits.NewMuxer(context.Background(), out)
	pid := uint16(hlssegTSFirstPID)
	if hasVideo {
		w.vpid = pid
		pid++
		if err := w.mux.AddElementaryStream(astits.PMTElementaryStream{ElementaryPID: w.vpid, StreamType: astits.StreamTypeH264Video}); err != nil {
			return err
		}
	}
	if cfg != nil {
		hdr, err := mpeg4audio.ADTSPackets{{Type: cfg.Type, SampleRate: cfg.SampleRate, ChannelConfig: cfg.ChannelConfig,
			ChannelCount: cfg.ChannelCount}}.Marshal() //nolint:staticcheck // ChannelCount as mpegts.Writer passes it
		if err != nil {
			return err
		}
		copy(w.adts[:], hdr)
		w.apid = pid
		if err := w.mux.AddElementaryStream(astits.PMTElementaryStream{ElementaryPID: w.apid, StreamType: astits.StreamTypeAACAudio}); err != nil {
			return err
		}
	}
	return nil
}

// writeTables writes PAT and PMT, the PCR PID being the first track's.
func (w *hlssegTSWriter) writeTables() error {
	first := w.vpid
	if first == 0 {
		first = w.apid
	}
	if w.pcrPID == 0 && first != 0 {
		w.mux.SetPCRPID(first)
	}
	_, err := w.mux.WriteTables()
	return err
}

// leading reports whether pid carries the PCR, choosing it when no track
// was written yet.
func (w *hlssegTSWriter) leading(pid uint16) bool {
	if w.pcrPID == 0 {
		w.pcrPID = pid
		w.mux.SetPCRPID(pid)
	}
	return w.pcrPID == pid
}

// writeH264 writes one access unit (NAL units without start codes) with
// 90 kHz timestamps.
func (w *hlssegTSWriter) writeH264(pts, dts int64, au [][]byte) error {
	b := w.scratch[:0]
	if au[0][0] != byte(h264.NALUTypeAccessUnitDelimiter) {
		b = append(b, 0, 0, 0, 1, byte(h264.NALUTypeAccessUnitDelimiter), 240)
	}
	for _, nalu := range au {
		b = append(b, 0, 0, 0, 1)
		b = append(b, nalu...)
	}
	w.scratch = b
	randomAccess := h264.IsRandomAccess(au)

	var af *astits.PacketAdaptationField
	w.af = astits.PacketAdaptationField{}
	if randomAccess {
		af = &w.af
		af.RandomAccessIndicator = true
	}
	if w.leading(w.vpid) {
		if randomAccess || w.pcrCounter == 0 {
			af = &w.af
			af.HasPCR = true
			w.pcr = astits.ClockReference{Base: dts - hlssegTSPCRDelay}
			af.PCR = &w.pcr
			w.pcrCounter = 3
		}
		w.pcrCounter--
	}
	w.oh = astits.PESOptionalHeader{MarkerBits: 2}
	w.pts = astits.ClockReference{Base: pts}
	w.oh.PTS = &w.pts
	if dts == pts {
		w.oh.PTSDTSIndicator = astits.PTSDTSIndicatorOnlyPTS
	} else {
		w.oh.PTSDTSIndicator = astits.PTSDTSIndicatorBothPresent
		w.dts = astits.ClockReference{Base: dts}
		w.oh.DTS = &w.dts
	}
	return w.write(w.vpid, af, hlssegTSStreamVideo, b)
}

// writeAAC writes one raw AAC access unit as an ADTS frame with a 90 kHz
// timestamp.
func (w *hlssegTSWriter) writeAAC(pts int64, au []byte) error {
	n := len(au) + 7
	b := append(w.scratch[:0], w.adts[:]...)
	b[3] = w.adts[3]&0xC0 | byte(n>>11)
	b[4] = byte(n >> 3)
	b[5] = byte(n&0x07)<<5 | w.adts[5]&0x1F
	b = append(b, au...)
	w.scratch = b

	w.af = astits.PacketAdaptationField{RandomAccessIndicator: true}
	if w.leading(w.apid) {
		if w.pcrCounter == 0 {
			w.af.HasPCR = true
			w.pcr = astits.ClockReference{Base: pts - hlssegTSPCRDelay}
			w.af.PCR = &w.pcr
			w.pcrCounter = 3
		}
		w.pcrCounter--
	}
	w.pts = astits.ClockReference{Base: pts}
	w.oh = astits.PESOptionalHeader{MarkerBits: 2, PTSDTSIndicator: astits.PTSDTSIndicatorOnlyPTS, PTS: &w.pts}
	return w.write(w.apid, &w.af, hlssegTSStreamAudio, b)
}

// write muxes one PES packet.
func (w *hlssegTSWriter) write(pid uint16, af *astits.PacketAdaptationField, streamID uint8, payload []byte) error {
	w.header = astits.PESHeader{OptionalHeader: &w.oh, StreamID: streamID}
	w.pes = astits.PESData{Header: &w.header, Data: payload}
	w.data = astits.MuxerData{PID: pid, AdaptationField: af, PES: &w.pes}
	_, err := w.mux.WriteData(&w.data)
	return err
}
