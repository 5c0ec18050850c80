package isomp4

import (
	"strings"
	"testing"

	"github.com/Eyevinn/mp4ff/mp4"
	"go.uber.org/goleak"

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

// The ERROR of bad input carries GStreamer 1.22's domain, code, message
// and debug text (what gst-launch-1.0 prints for filesrc ! qtdemux !
// fakesink, pull mode, and fdsrc ! qtdemux ! fakesink, push mode, on the
// same bytes); the error's text is the message alone.
func TestQTDemuxErrorText(t *testing.T) {
	defer goleak.VerifyNone(t)
	// the first 8 bytes of a random file GStreamer was run on, padded
	random := append([]byte{0x27, 0xec, 0xd2, 0x1c, 0x73, 0xb4, 0x14, 0x3e}, make([]byte, 4000)...)
	noTracks := append([]byte{0, 0, 0, 16, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm', 0, 0, 2, 0}, mvhdOnlyMoov()...)
	// an ftyp "to the end of the file" (size 0)
	ftypToEnd := []byte{0, 0, 0, 0, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm', 0, 0, 2, 0}
	const invalid, noStreams = "This file is invalid and cannot be played.", "This file contains no playable streams."
	for _, c := range []struct {
		name             string
		data             []byte
		pull             bool
		wantMsg, wantDbg string
	}{
		{"random/pull", random, true, invalid, "atom has bogus size 669831708"},
		{"random/push", random, false, invalid, "atom s..> has bogus size 669831708"},
		{"empty/pull", nil, true, noStreams, "no known streams found"},
		{"empty/push", nil, false, noStreams, "no known streams found"},
		{"no-tracks/pull", noTracks, true, noStreams, "no known streams found"},
		{"no-tracks/push", noTracks, false, noStreams, "no known streams found"},
		{"ftyp-to-end/pull", ftypToEnd, true, invalid, "atom has bogus size 18446744073709551615"},
		{"ftyp-to-end/push", ftypToEnd, false, invalid, "atom ftyp has bogus size 18446744073709551615"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := startQT(t, c.data, c.pull, c.pull)
			em := waitQTError(t, r.p)
			se, ok := em.Err.(*gst.StreamError)
			// debug is "origin:\n" (gst_element_message_full) then the text
			origin, detail, _ := strings.Cut(em.Debug, ":\n")
			if !strings.HasPrefix(origin, "plugins/isomp4/") {
				t.Errorf("debug %q does not start with its origin in plugins/isomp4", em.Debug)
			}
			if !ok || se.Code != gst.StreamErrorDemux || se.Msg != c.wantMsg || em.Err.Error() != c.wantMsg || detail != c.wantDbg {
				t.Errorf("error %#v (%q), debug %q; want STREAM DEMUX %q, debug %q", em.Err, em.Err.Error(), em.Debug, c.wantMsg, c.wantDbg)
			}
			r.p.SetState(gst.StateNull)
		})
	}
}
