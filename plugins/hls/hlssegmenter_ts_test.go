package hls

import (
	"bytes"
	"io"
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/bluenviron/mediacommon/v2/pkg/codecs/mpeg4audio"
	"github.com/bluenviron/mediacommon/v2/pkg/formats/mpegts"
	tscodecs "github.com/bluenviron/mediacommon/v2/pkg/formats/mpegts/codecs"
)

// TestHLSSegTSWriterMatchesMediacommon writes the same frames with
// hlssegTSWriter and with mediacommon's mpegts.Writer (which the
// segmenter used before, on go-astits): the bytes are identical, for
// video+audio, video-only and audio-only segments, whichever track comes
// first, for frames of every size that leaves 0 to 183 bytes in a last
// TS packet, with and without PCR and random access flags.
func TestHLSSegTSWriterMatchesMediacommon(t *testing.T) {
	cfg := mpeg4audio.AudioSpecificConfig{Type: mpeg4audio.ObjectTypeAACLC, SampleRate: 48000, ChannelConfig: 2, ChannelCount: 2} //nolint:staticcheck
	rng := rand.New(rand.NewPCG(1, 2))
	payload := func(first byte, n int) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(rng.IntN(256))
		}
		b[0] = first
		return b
	}
	type frame struct {
		video    bool
		pts, dts int64
		nalus    [][]byte
		au       []byte
	}
	var frames []frame
	t0 := int64(3600 * 90000)
	for i := range 40 {
		if i%3 != 1 { // some audio frames before the first video frame
			frames = append(frames, frame{pts: t0 + int64(i)*1920, au: payload(0x21, 50+rng.IntN(900))})
		}
		var nalus [][]byte
		switch {
		case i%10 == 0: // IDR with parameter sets
			nalus = [][]byte{payload(0x67, 20), payload(0x68, 4), payload(0x65, 20000+rng.IntN(30000))}
		case i%7 == 0: // starts with an access unit delimiter
			nalus = [][]byte{{0x09, 0xf0}, payload(0x41, 1000)}
		default:
			nalus = [][]byte{payload(0x41, 100+rng.IntN(5000)), payload(0x06, 30)}
		}
		dts := t0 + int64(i)*3000
		frames = append(frames, frame{video: true, pts: dts + int64(i%3)*3000, dts: dts, nalus: nalus})
	}
	// every size from 1 to 400 bytes: each stuffing length of a last
	// packet, with and without an adaptation field
	for i := range 400 {
		ts := t0 + int64(40+i)*3000
		frames = append(frames, frame{pts: ts, au: payload(0x21, 1+i)})
		frames = append(frames, frame{video: true, pts: ts + int64(i%2)*3000, dts: ts, nalus: [][]byte{payload(0x41, 1+i)}})
		if i%50 == 0 {
			frames = append(frames, frame{video: true, pts: ts, dts: ts, nalus: [][]byte{payload(0x65, 1+i)}})
		}
	}
	for _, tc := range []struct {
		name         string
		video, audio bool
	}{{"video+audio", true, true}, {"video", true, false}, {"audio", false, true}} {
		t.Run(tc.name, func(t *testing.T) {
			var want, got bytes.Buffer
			ref := &mpegts.Writer{W: &want}
			var vt, at *mpegts.Track
			if tc.video {
				vt = &mpegts.Track{Codec: &tscodecs.H264{}}
				ref.Tracks = append(ref.Tracks, vt)
			}
			var c *mpeg4audio.AudioSpecificConfig
			if tc.audio {
				at = &mpegts.Track{Codec: &tscodecs.MPEG4Audio{Config: cfg}}
				ref.Tracks = append(ref.Tracks, at)
				c = &cfg
			}
			if err := ref.Initialize(); err != nil {
				t.Fatal(err)
			}
			if _, err := ref.WriteTables(); err != nil {
				t.Fatal(err)
			}
			var w hlssegTSWriter
			for round := range 2 { // a second segment reuses the writer
				got.Reset()
				if err := w.init(&got, tc.video, c); err != nil {
					t.Fatal(err)
				}
				if err := w.writeTables(); err != nil {
					t.Fatal(err)
				}
				if round == 0 {
					continue
				}
				for _, f := range frames {
					switch {
					case f.video && tc.video:
						if err := ref.WriteH264(vt, f.pts, f.dts, f.nalus); err != nil {
							t.Fatal(err)
						}
						if err := w.writeH264(f.pts, f.dts, f.nalus); err != nil {
							t.Fatal(err)
						}
					case !f.video && tc.audio:
						if err := ref.WriteMPEG4Audio(at, f.pts, [][]byte{f.au}); err != nil {
							t.Fatal(err)
						}
						if err := w.writeAAC(f.pts, f.au); err != nil {
							t.Fatal(err)
						}
					}
				}
			}
			if want.Len() < 100*188 {
				t.Fatalf("reference output only %d bytes", want.Len())
			}
			if !bytes.Equal(got.Bytes(), want.Bytes()) {
				n := 0
				for n < min(got.Len(), want.Len()) && got.Bytes()[n] == want.Bytes()[n] {
					n++
				}
				t.Fatalf("output differs from mpegts.Writer's at byte %d (packet %d); %d vs %d bytes", n, n/188, got.Len(), want.Len())
			}
		})
	}
}

// TestHLSSegTSWriterBadAudioConfig checks that an AAC configuration ADTS
// cannot carry fails at init.
func TestHLSSegTSWriterBadAudioConfig(t *testing.T) {
	var w hlssegTSWriter
	cfg := mpeg4audio.AudioSpecificConfig{Type: 29, SampleRate: 48000, ChannelConfig: 2} // HE-AACv2 object type
	if err := w.init(&bytes.Buffer{}, true, &cfg); err == nil {
		t.Error("object type 29 accepted for ADTS")
	}
}

// TestHLSSegTSWriterAllocs checks that writing a frame does not allocate
// its size any more (only astits's few small structs remain), once the
// scratch space has grown.
func TestHLSSegTSWriterAllocs(t *testing.T) {
	var w hlssegTSWriter
	cfg := mpeg4audio.AudioSpecificConfig{Type: mpeg4audio.ObjectTypeAACLC, SampleRate: 44100, ChannelConfig: 2}
	if err := w.init(io.Discard, true, &cfg); err != nil {
		t.Fatal(err)
	}
	nalus := [][]byte{bytes.Repeat([]byte{0x41}, 40000)}
	au := bytes.Repeat([]byte{0x21}, 300)
	pts := int64(90000)
	write := func() {
		pts += 3000
		if err := w.writeH264(pts, pts, nalus); err != nil {
			t.Fatal(err)
		}
		if err := w.writeAAC(pts, au); err != nil {
			t.Fatal(err)
		}
	}
	write()
	const runs = 100
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for range runs {
		write()
	}
	runtime.ReadMemStats(&after)
	if per := (after.TotalAlloc - before.TotalAlloc) / runs; per > 1024 {
		t.Errorf("%d bytes allocated per 40 kB video + audio frame, want at most 1 KiB", per)
	}
}
