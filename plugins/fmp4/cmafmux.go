package fmp4

import (
	"github.com/gstmini/gstmini/gst"
)

var (
	cmafmuxSrcTemplate  = gst.MustNewPadTemplate("src", gst.PadSrc, gst.PadAlways, gst.MustParseCaps("video/quicktime, variant=(string)cmaf"))
	cmafmuxSinkTemplate = gst.MustNewPadTemplate("sink", gst.PadSink, gst.PadAlways, gst.MustParseCaps(fmp4SinkCaps))
)

// CMAFMuxClass is the class of "cmafmux": a CMAF muxer with one always
// pad "sink" (CMAF tracks hold one stream), brands cmf2/cmfc.
//
// GStreamer: GstCMAFMux (mux/fmp4/src/fmp4mux/imp.rs, gst-plugins-rs).
var CMAFMuxClass = &gst.ElementClass{
	Name: "cmafmux",
	Rank: gst.RankPrimary,
	Metadata: gst.ElementMetadata{
		LongName:    "CMAFMux",
		Klass:       "Codec/Muxer",
		Description: "CMAF fragmented MP4 muxer",
		Author:      "Sebastian Dröge <sebastian@centricular.com>",
	},
	Plugin:       fmp4Plugin,
	PadTemplates: []*gst.PadTemplate{cmafmuxSinkTemplate, cmafmuxSrcTemplate},
	Properties:   fmp4Properties(),
	New:          func() gst.Element { return &CMAFMux{} },
}

// CMAFMux is the cmafmux element; see FMP4Mux.
//
// GStreamer: GstCMAFMux (mux/fmp4/src/fmp4mux/imp.rs, gst-plugins-rs).
type CMAFMux struct {
	FMP4Mux
}

// Constructed sets the defaults and creates the pads.
//
// GStreamer: FMP4Mux::constructed (mux/fmp4/src/fmp4mux/imp.rs, gst-plugins-rs).
func (m *CMAFMux) Constructed() error { return m.constructed(true) }
