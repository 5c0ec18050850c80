package hls

import (
	"bytes"
	"testing"

	"github.com/Eyevinn/mp4ff/mp4"
)

// TestHLSSegMuxFragmentNegativeDTS: B-frames after an edit list give the
// first frames a DTS before running time 0 (qtdemux: DTS 0 and PTS 80 ms in
// a segment starting at 80 ms). The CMAF fragment must keep every frame's
// PTS and strictly increasing decode times, as the TS path does with its
// one-hour clock base; clamping the DTS to 0 gave the first two frames
// duration 0 and moved their PTS (found by tests/robust bframes-high/cmaf).
func TestHLSSegMuxFragmentNegativeDTS(t *testing.T) {
	const ms = int64(1000000)
	in := []struct{ pts, dts int64 }{{0, -80}, {160, -40}, {80, 0}, {40, 40}, {120, 80}}
	var frames []*hlssegFrame
	for i, f := range in {
		frames = append(frames, &hlssegFrame{video: true, pts: f.pts * ms, dts: f.dts * ms, dur: 40 * ms, key: i == 0, nalus: [][]byte{{0x41, 0x9a}}})
	}
	data, err := hlssegMuxFragment(frames, 1, hlssegCMAFTracks{videoID: 1, videoRate: 90000}, 200*ms)
	if err != nil {
		t.Fatal(err)
	}
	f, err := mp4.DecodeFile(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Segments) != 1 || len(f.Segments[0].Fragments) != 1 {
		t.Fatalf("want one fragment")
	}
	samples, err := f.Segments[0].Fragments[0].GetFullSamples(nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(samples) != len(in) {
		t.Fatalf("%d samples, want %d", len(samples), len(in))
	}
	base := uint64(hlssegScale(hlssegTSClockBase, 90000))
	for i, s := range samples {
		wantDTS := uint64(int64(base) + in[i].dts*90)
		if s.DecodeTime != wantDTS || s.Dur != 3600 {
			t.Errorf("sample %d: decode time %d duration %d, want %d and 3600", i, s.DecodeTime, s.Dur, wantDTS)
		}
		if got, want := int64(s.PresentationTime())-int64(base), in[i].pts*90; got != want {
			t.Errorf("sample %d: PTS %d (after the base), want %d", i, got, want)
		}
	}
}
