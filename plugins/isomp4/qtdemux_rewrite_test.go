package isomp4

import (
	"bytes"
	"os"
	"testing"
	"time"

	"github.com/Eyevinn/mp4ff/mp4"
	"go.uber.org/goleak"

	"github.com/gstmini/gstmini/gst"
)

// Variants of movie.mp4 built with mp4ff: moov first, B-frame style
// composition offsets, an audio edit list; plus broken files.

// movieParts returns the decoded moov of movie.mp4 and the byte range of
// its mdat.
func movieParts(t testing.TB, data []byte) (*mp4.MoovBox, []byte, []byte) {
	t.Helper()
	f, err := mp4.DecodeFile(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	var pos uint64
	var ftyp, mdat []byte
	for _, b := range f.Children {
		switch b.Type() {
		case "ftyp":
			ftyp = data[pos : pos+b.Size()]
		case "mdat":
			mdat = data[pos : pos+b.Size()]
		}
		pos += b.Size()
	}
	return f.Moov, ftyp, mdat
}

// rebuild writes ftyp, moov, mdat with the chunk offsets moved to the new
// mdat position. edit may change the moov first.
func rebuild(t testing.TB, data []byte, edit func(*mp4.MoovBox)) []byte {
	t.Helper()
	moov, ftyp, mdat := movieParts(t, data)
	oldStart := uint64(bytes.Index(data, mdat))
	if edit != nil {
		edit(moov)
	}
	newStart := uint64(len(ftyp)) + moov.Size()
	for _, trak := range moov.Traks {
		stco := trak.Mdia.Minf.Stbl.Stco
		for i := range stco.ChunkOffset {
			stco.ChunkOffset[i] = uint32(uint64(stco.ChunkOffset[i]) - oldStart + newStart)
		}
	}
	var w bytes.Buffer
	w.Write(ftyp)
	if err := moov.Encode(&w); err != nil {
		t.Fatal(err)
	}
	w.Write(mdat)
	return w.Bytes()
}

func moovFirst(t testing.TB, data []byte) []byte { return rebuild(t, data, nil) }

// mvhdOnlyMoov is a moov holding only an mvhd.
func mvhdOnlyMoov() []byte {
	moov := mp4.NewMoovBox()
	moov.AddChild(mp4.CreateMvhd())
	var w bytes.Buffer
	_ = moov.Encode(&w)
	return w.Bytes()
}

// corruptMoov overwrites the inside of movie.mp4's moov with garbage.
func corruptMoov(data []byte) []byte {
	out := append([]byte(nil), data...)
	i := bytes.Index(out, []byte("moov"))
	for j := i + 4; j < i+400 && j < len(out); j++ {
		out[j] = 0xff
	}
	return out
}

func TestQTDemuxCompositionOffsets(t *testing.T) {
	defer goleak.VerifyNone(t)
	// every odd video sample is shown two frames later
	data := rebuild(t, readMovie(t), func(moov *mp4.MoovBox) {
		stbl := moov.Traks[0].Mdia.Minf.Stbl
		ctts := &mp4.CttsBox{EndSampleNr: []uint32{0}}
		for i := 0; i < 166; i++ {
			ctts.EndSampleNr = append(ctts.EndSampleNr, uint32(i+1))
			ctts.SampleOffset = append(ctts.SampleOffset, int32(6000*(i%2)))
		}
		stbl.Ctts = ctts
		stbl.Children = append(stbl.Children, ctts)
	})
	r := startQT(t, data, true, true)
	r.wait()
	vb, _ := r.track("video_0").snapshot()
	if len(vb) != 166 {
		t.Fatalf("%d video buffers", len(vb))
	}
	for i, b := range vb {
		want := b.dts
		if i%2 == 1 {
			want += 66666666 // 6000/90000 s, rounded per sample
		}
		if b.pts != want && b.pts != want+1 {
			t.Fatalf("buffer %d: pts %d dts %d, want pts %d", i, b.pts, b.dts, want)
		}
	}
	r.p.SetState(gst.StateNull)
}

func TestQTDemuxEditList(t *testing.T) {
	defer goleak.VerifyNone(t)
	// the audio track skips its first 1024 samples (one AAC frame) with
	// an edit list, as encoders do for priming samples
	data := rebuild(t, readMovie(t), func(moov *mp4.MoovBox) {
		trak := moov.Traks[1]
		elst := &mp4.ElstBox{Entries: []mp4.ElstEntry{{SegmentDuration: 90000 * 266240 / 48000, MediaTime: 1024, MediaRateInteger: 1}}}
		edts := &mp4.EdtsBox{}
		edts.AddChild(elst)
		trak.AddChild(edts)
	})
	r := startQT(t, data, true, true)
	r.wait()
	ab, aev := r.track("audio_0").snapshot()
	var seg *gst.SegmentEvent
	for _, ev := range aev {
		if e, ok := ev.(*gst.SegmentEvent); ok {
			seg = e
			break
		}
	}
	if seg == nil {
		t.Fatal("no segment")
	}
	// segment start is the media time of the edit, time 0: the first
	// frame (decoder lead-in) is before the segment start
	if seg.Segment.Start != 21333333 || seg.Segment.Time != 0 || seg.Segment.Stop != 21333333+5546666666 {
		t.Errorf("segment %s", seg.Segment.String())
	}
	if ab[0].pts != 0 || ab[1].pts != 21333333 {
		t.Errorf("first audio pts %d, %d", ab[0].pts, ab[1].pts)
	}
	r.p.SetState(gst.StateNull)
}

// FuzzQTDemux feeds random bytes through qtdemux in pull or push mode:
// it must end with EOS or an ERROR, never panic or hang.
func FuzzQTDemux(f *testing.F) {
	movie, err := readMovieFile()
	if err != nil {
		f.Fatal(err)
	}
	first := moovFirst(f, movie)
	for _, n := range []int{0, 7, 8, 16, 100, 160, 170, 5000, 379000, 380040, 380050, 381000, len(movie) - 10, len(movie)} {
		f.Add(movie[:n], true)
	}
	for _, n := range []int{20, 28, 36, 500, 3400, 3500, 4000, 100000, len(first)} {
		f.Add(first[:n], false)
		f.Add(first[:n], true)
	}
	f.Add(mvhdOnlyMoov(), true)
	f.Add(corruptMoov(movie), false)
	rot := [9]int32{0, 1 << 16, 0, -1 << 16, 0, 0, 0, 0, 1 << 30}
	f.Add(qtSetMatrices(f, movie, rot, &rot)[:381000], true)
	f.Add(append([]byte{0x27, 0xec, 0xd2, 0x1c, 0x73, 0xb4, 0x14, 0x3e}, make([]byte, 64)...), false)
	f.Fuzz(func(t *testing.T, data []byte, pull bool) {
		r := startQT(t, data, pull, true)
		deadline := time.After(qtTimeout)
		for {
			select {
			case <-r.pads:
				r.wait()
				r.p.SetState(gst.StateNull)
				return
			case <-deadline:
				t.Fatal("qtdemux hangs")
			default:
			}
			if m := r.p.Bus().TimedPopFiltered(gst.ClockTimeFromDuration(10*time.Millisecond), gst.MessageError); m != nil {
				r.p.SetState(gst.StateNull)
				return
			}
		}
	})
}

func readMovieFile() ([]byte, error) { return os.ReadFile("../../testdata/movie.mp4") }
