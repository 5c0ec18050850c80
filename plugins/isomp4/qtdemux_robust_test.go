package isomp4

import (
	"testing"

	"github.com/Eyevinn/mp4ff/mp4"

	"github.com/gstmini/gstmini/gst"
)

// TestQTDemuxTrakWithoutMandatoryBox: a trak missing stsd (or mdia, hdlr,
// ...) is a corrupt file, as in GStreamer 1.22's qtdemux_parse_trak
// (goto corrupt_file: "This file is corrupt and cannot be played."). The
// track used to be skipped silently, so a launch line naming its pad
// (d.audio_0 ! ...) waited forever. Found by tests/robust
// TestDamagedSweep (16 random bytes in moov); gst-launch-1.0 1.22 on the
// same files posts this ERROR.
func TestQTDemuxTrakWithoutMandatoryBox(t *testing.T) {
	movie := readMovie(t)
	for _, tc := range []struct {
		name string
		edit func(trak *mp4.TrakBox)
	}{
		{"no-stsd", func(trak *mp4.TrakBox) {
			stbl := trak.Mdia.Minf.Stbl
			stbl.Stsd = nil
			var kept []mp4.Box
			for _, c := range stbl.Children {
				if c.Type() != "stsd" {
					kept = append(kept, c)
				}
			}
			stbl.Children = kept
		}},
		{"no-hdlr", func(trak *mp4.TrakBox) {
			mdia := trak.Mdia
			mdia.Hdlr = nil
			var kept []mp4.Box
			for _, c := range mdia.Children {
				if c.Type() != "hdlr" {
					kept = append(kept, c)
				}
			}
			mdia.Children = kept
		}},
	} {
		data := rebuild(t, movie, func(moov *mp4.MoovBox) { tc.edit(moov.Traks[1]) })
		for _, pull := range []bool{true, false} {
			t.Run(tc.name, func(t *testing.T) {
				r := startQT(t, data, pull, true)
				em := waitQTError(t, r.p)
				se, ok := em.Err.(*gst.StreamError)
				if !ok || se.Code != gst.StreamErrorDemux || se.Msg != "This file is corrupt and cannot be played." {
					t.Fatalf("pull=%v: error %#v, want STREAM DEMUX \"This file is corrupt and cannot be played.\"", pull, em.Err)
				}
				if em.Src() != gst.Object(r.demux) {
					t.Errorf("error from %v", em.Src())
				}
				r.p.SetState(gst.StateNull)
			})
		}
	}
}
