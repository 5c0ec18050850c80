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

// hlssegTSWriter writes one H.264 and one AAC track into MPEG-TS exactly
// as mediacommon's mpegts.Writer on go-astits does (same PIDs, stream
// IDs, AUD before each access unit, ADTS framing, PCR on the first
// written track at random access points and every third frame, PAT/PMT
// repeated every 40 PES packets and at each random access point of the
// PCR track), but faster and without garbage: each frame's PES payload is
// built in a scratch slice reused for the whole segment (mpegts.Writer's
// Annex-B and ADTS marshalling allocated as many bytes as the video
// itself), and the 188-byte packets of a PES packet are laid out here
// byte by byte instead of through astits's bit writer (which took a third
// of the pipeline's CPU time). PAT and PMT still come from astits.
type hlssegTSWriter struct {
	mux        *astits.Muxer // writes PAT and PMT (versions, continuity)
	out        io.Writer
	vpid, apid uint16  // 0: no such track
	vcc, acc   uint8   // continuity counters of the tracks' last packets
	pcrPID     uint16  // the track carrying the PCR (the first written), 0 until chosen
	pcrCounter int     // frames of the PCR track until the next PCR
	tables     int     // PES packets since PAT/PMT were last repeated
	adts       [7]byte // ADTS header with the frame length to fill in
	scratch    []byte  // the PES payload being written
	pkt        [hlssegTSPacketSize]byte
}

// hlssegTSPacketSize is the size of an MPEG-TS packet; PAT and PMT are
// repeated every hlssegTSTablesPeriod PES packets (astits's default).
const (
	hlssegTSPacketSize   = 188
	hlssegTSTablesPeriod = 40
)

// hlssegTSAF is the adaptation field of the first TS packet of a PES
// packet, when it has one.
type hlssegTSAF struct {
	randomAccess bool
	hasPCR       bool
	pcr          int64 // 90 kHz
}

// init sets up the tracks (video when hasVideo, AAC with cfg when not
// nil) writing to out; it fails when cfg cannot be put in ADTS headers.
func (w *hlssegTSWriter) init(out io.Writer, hasVideo bool, cfg *mpeg4audio.AudioSpecificConfig) error {
	*w = hlssegTSWriter{scratch: w.scratch[:0], out: out, vcc: 15, acc: 15, tables: hlssegTSTablesPeriod}
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

	var af hlssegTSAF
	hasAF := randomAccess
	af.randomAccess = randomAccess
	if w.leading(w.vpid) {
		if randomAccess || w.pcrCounter == 0 {
			hasAF = true
			af.hasPCR, af.pcr = true, dts-hlssegTSPCRDelay
			w.pcrCounter = 3
		}
		w.pcrCounter--
	}
	return w.writePES(w.vpid, &w.vcc, hasAF, af, hlssegTSStreamVideo, pts, dts, b)
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

	af := hlssegTSAF{randomAccess: true}
	if w.leading(w.apid) {
		if w.pcrCounter == 0 {
			af.hasPCR, af.pcr = true, pts-hlssegTSPCRDelay
			w.pcrCounter = 3
		}
		w.pcrCounter--
	}
	return w.writePES(w.apid, &w.acc, true, af, hlssegTSStreamAudio, pts, pts, b)
}

// writePES writes payload as one PES packet on pid (stream streamID, a
// DTS only when it differs from the PTS) in TS packets, the first with
// the adaptation field af when hasAF, after repeating PAT and PMT when
// due, as astits.Muxer.WriteData does.
func (w *hlssegTSWriter) writePES(pid uint16, cc *uint8, hasAF bool, af hlssegTSAF, streamID uint8, pts, dts int64, payload []byte) error {
	w.tables++
	if w.tables >= hlssegTSTablesPeriod || (hasAF && af.randomAccess && pid == w.pcrPID) {
		if _, err := w.mux.WriteTables(); err != nil {
			return err
		}
		w.tables = 0
	}
	optLen := 5 // PES optional header data: PTS
	if dts != pts {
		optLen = 10 // PTS and DTS
	}
	for first := true; len(payload) > 0; first = false {
		p := w.pkt[:]
		*cc = (*cc + 1) & 0x0f
		p[0] = 0x47
		p[1] = byte(pid>>8) & 0x1f
		if first {
			p[1] |= 0x40 // payload_unit_start_indicator
		}
		p[2] = byte(pid)
		n := 4
		afLen := 0 // bytes of the adaptation field before stuffing
		if first && hasAF {
			afLen = 2
			if af.hasPCR {
				afLen += 6
			}
		}
		hdr := 0
		if first {
			hdr = 6 + 3 + optLen
		}
		room := hlssegTSPacketSize - n - afLen - hdr
		chunk := min(room, len(payload))
		stuff := room - chunk
		if afLen > 0 || stuff > 0 {
			p[3] = 0x30 | *cc // adaptation field and payload
			switch {
			case afLen > 0:
				p[4] = byte(afLen - 1 + stuff)
				p[5] = 0
				if af.randomAccess {
					p[5] |= 0x40
				}
				n = 6
				if af.hasPCR {
					p[5] |= 0x10
					base := uint64(af.pcr) & (1<<33 - 1)
					v := base<<15 | 0x3f<<9 // reserved bits set, extension 0
					for i := range 6 {
						p[n+i] = byte(v >> (40 - 8*i))
					}
					n += 6
				}
			case stuff == 1:
				p[4] = 0 // a one-byte adaptation field
				n, stuff = 5, 0
			default:
				p[4] = byte(stuff - 1)
				p[5] = 0
				n, stuff = 6, stuff-2
			}
			for i := range stuff {
				p[n+i] = 0xff
			}
			n += stuff
		} else {
			p[3] = 0x10 | *cc // payload only
		}
		if first {
			p[n], p[n+1], p[n+2], p[n+3] = 0, 0, 1, streamID
			length := 0
			if streamID != hlssegTSStreamVideo {
				if length = len(payload) + 3 + optLen; length > 0xffff {
					length = 0
				}
			}
			p[n+4], p[n+5] = byte(length>>8), byte(length)
			p[n+6] = 0x80 // marker bits '10', no flags
			if optLen == 5 {
				p[n+7] = 0x80 // PTS only
				hlssegTSTimestamp(p[n+9:], 0b0010, pts)
			} else {
				p[n+7] = 0xc0 // PTS and DTS
				hlssegTSTimestamp(p[n+9:], 0b0011, pts)
				hlssegTSTimestamp(p[n+14:], 0b0001, dts)
			}
			p[n+8] = byte(optLen)
			n += hdr
		}
		copy(p[n:], payload[:chunk])
		payload = payload[chunk:]
		if _, err := w.out.Write(p); err != nil {
			return err
		}
	}
	return nil
}

// hlssegTSTimestamp writes a 33-bit PES timestamp (90 kHz) with its
// 4-bit prefix and marker bits into the 5 bytes of b.
func hlssegTSTimestamp(b []byte, prefix byte, ts int64) {
	v := uint64(ts)
	b[0] = prefix<<4 | byte(v>>30)&0x07<<1 | 1
	b[1] = byte(v >> 22)
	b[2] = byte(v>>14) | 1
	b[3] = byte(v >> 7)
	b[4] = byte(v<<1) | 1
}
