package isobmff

import (
	"bytes"
	"encoding/binary"
	"fmt"

	"github.com/Eyevinn/mp4ff/mp4"

	"github.com/gstmini/gstmini/gst"
)

// Codec is what an ISO BMFF muxer (mp4mux, cmafmux, isofmp4mux) needs
// from a sink pad's caps: the kind of track, its sample entry
// (avc1/avc3/hvc1/hev1/mp4a with its configuration box), the picture size
// and the default track timescale. Read-only once built.
//
// GStreamer: the sample-entry setup of gst_qt_mux_video_sink_set_caps /
// gst_qt_mux_audio_sink_set_caps (gst/isomp4/gstqtmux.c).
type Codec struct {
	Kind      string // "video" or "audio"
	Entry     mp4.Box
	Width     uint16
	Height    uint16
	Timescale uint32 // automatic trak timescale (qtmux's choice)
}

// DecodeConfigBox decodes a configuration record (codec_data) as the
// body of a box of type typ, with mp4ff's decoder.
//
// GStreamer: none (Go-only helper over mp4ff).
func DecodeConfigBox(typ string, body []byte) (mp4.Box, error) {
	raw := make([]byte, 8+len(body))
	binary.BigEndian.PutUint32(raw, uint32(len(raw)))
	copy(raw[4:8], typ)
	copy(raw[8:], body)
	return mp4.DecodeBox(0, bytes.NewReader(raw))
}

// FramerateToTimescale is qtmux's atom_framerate_to_timescale:
// 100 units per frame, or the numerator for NTSC rates, 10000 without a
// framerate.
//
// GStreamer: atom_framerate_to_timescale (gst/isomp4/atoms.c).
func FramerateToTimescale(n, d int) uint32 {
	switch {
	case n <= 0 || d <= 0:
		return 10000
	case d == 1001:
		return uint32(n)
	default:
		return uint32(uint64(n) * 100 / uint64(d))
	}
}

// CodecFromCaps builds the sample entry for caps. It fails, naming
// the field, when codec_data is missing or does not parse.
//
// GStreamer: gst_qt_mux_video_sink_set_caps / gst_qt_mux_audio_sink_set_caps
// (gst/isomp4/gstqtmux.c).
func CodecFromCaps(caps *gst.Caps) (*Codec, error) {
	if caps == nil || caps.Size() == 0 {
		return nil, fmt.Errorf("no caps")
	}
	st := caps.Structure(0)
	var codecData []byte
	if v, ok := st.Value("codec_data"); ok {
		if b, ok := v.(*gst.Buffer); ok {
			codecData = b.Bytes()
		}
	}
	w, _ := st.Int("width")
	h, _ := st.Int("height")
	c := &Codec{Width: uint16(w), Height: uint16(h)}
	switch st.Name() {
	case "video/x-h264", "video/x-h265":
		c.Kind = "video"
		if len(codecData) == 0 {
			return nil, fmt.Errorf("%s caps without codec_data", st.Name())
		}
		format, _ := st.StringField("stream-format")
		cfgType, name := "avcC", "avc1"
		if st.Name() == "video/x-h265" {
			cfgType, name = "hvcC", "hvc1"
			if format == "hev1" {
				name = "hev1"
			}
		} else if format == "avc3" {
			name = "avc3"
		}
		cfg, err := DecodeConfigBox(cfgType, codecData)
		if err != nil {
			return nil, fmt.Errorf("bad %s codec_data: %w", st.Name(), err)
		}
		c.Entry = mp4.CreateVisualSampleEntryBox(name, c.Width, c.Height, cfg)
		n, d := 0, 1
		if fr, ok := st.Fraction("framerate"); ok {
			n, d = fr.Num, fr.Den
		}
		c.Timescale = FramerateToTimescale(n, d)
	case "audio/mpeg":
		c.Kind = "audio"
		if v, _ := st.Int("mpegversion"); v != 4 {
			return nil, fmt.Errorf("audio/mpeg mpegversion %d not supported", v)
		}
		if len(codecData) == 0 {
			return nil, fmt.Errorf("audio/mpeg caps without codec_data")
		}
		rate, _ := st.Int("rate")
		channels, _ := st.Int("channels")
		if rate <= 0 || channels <= 0 {
			return nil, fmt.Errorf("audio/mpeg caps without rate or channels")
		}
		esds := mp4.CreateEsdsBox(codecData)
		c.Entry = mp4.CreateAudioSampleEntryBox("mp4a", uint16(channels), 16, uint16(min(rate, 65535)), esds)
		c.Timescale = uint32(rate)
	default:
		return nil, fmt.Errorf("caps %s not supported", st.Name())
	}
	return c, nil
}
