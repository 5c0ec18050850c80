package fmp4

import (
	"github.com/gstmini/gstmini/gst"
)

var (
	isofmp4muxSrcTemplate  = gst.MustNewPadTemplate("src", gst.PadSrc, gst.PadAlways, gst.MustParseCaps("video/quicktime, variant=(string)iso-fragmented"))
	isofmp4muxSinkTemplate = gst.MustNewPadTemplate("sink_%u", gst.PadSink, gst.PadRequest, gst.MustParseCaps(fmp4SinkCaps))
)

// fmp4SinkCaps are the supported inputs: H.264, H.265 and raw AAC.
const fmp4SinkCaps = "video/x-h264, stream-format=(string){ avc, avc3 }, alignment=(string)au, width=(int)[ 1, 65535 ], height=(int)[ 1, 65535 ]; " +
	"video/x-h265, stream-format=(string){ hvc1, hev1 }, alignment=(string)au, width=(int)[ 1, 65535 ], height=(int)[ 1, 65535 ]; " +
	"audio/mpeg, mpegversion=(int)4, stream-format=(string)raw, channels=(int)[ 1, 65535 ], rate=(int)[ 1, 2147483647 ]"

// ISOFMP4MuxClass is the class of "isofmp4mux": an ISO fragmented MP4
// muxer with request pads sink_%u.
//
// GStreamer: GstISOFMP4Mux (mux/fmp4/src/fmp4mux/imp.rs, gst-plugins-rs).
var ISOFMP4MuxClass = &gst.ElementClass{
	Name: "isofmp4mux",
	Rank: gst.RankPrimary,
	Metadata: gst.ElementMetadata{
		LongName:    "ISOFMP4Mux",
		Klass:       "Codec/Muxer",
		Description: "ISO fragmented MP4 muxer",
		Author:      "Sebastian Dröge <sebastian@centricular.com>",
	},
	Plugin:       fmp4Plugin,
	PadTemplates: []*gst.PadTemplate{isofmp4muxSinkTemplate, isofmp4muxSrcTemplate},
	Properties: append(fmp4Properties(),
		gst.ParamBool("offset-to-zero", "Offset to Zero", "Offsets all streams so that the earliest stream starts at 0",
			DefaultFMP4MuxOffsetToZero, gst.ParamReadWrite|gst.ParamMutableReady)),
	New: func() gst.Element { return &ISOFMP4Mux{} },
}

// ISOFMP4Mux is the isofmp4mux element; see FMP4Mux.
//
// GStreamer: GstISOFMP4Mux (mux/fmp4/src/fmp4mux/imp.rs, gst-plugins-rs).
type ISOFMP4Mux struct {
	FMP4Mux
}

// Constructed sets the defaults and creates the pads.
//
// GStreamer: FMP4Mux::constructed (mux/fmp4/src/fmp4mux/imp.rs, gst-plugins-rs).
func (m *ISOFMP4Mux) Constructed() error { return m.constructed(false) }
