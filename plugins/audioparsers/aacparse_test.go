package audioparsers

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gstmini/gstmini/gst"
	"github.com/gstmini/gstmini/gsttest"
	"github.com/gstmini/gstmini/plugins/app"
	"github.com/gstmini/gstmini/plugins/coreelements"
	"github.com/gstmini/gstmini/plugins/isomp4"
)

var registerOnce sync.Once

func registerAll(t testing.TB) {
	t.Helper()
	registerOnce.Do(func() {
		r := gst.DefaultRegistry()
		for _, reg := range []func(*gst.Registry) error{coreelements.Register, app.Register, isomp4.Register, Register} {
			if err := reg(r); err != nil {
				t.Fatal(err)
			}
		}
	})
}

const moviePath = "../../testdata/movie.mp4"

type aacOut struct {
	caps *gst.Caps
	bufs []*gst.Buffer
}

// runLaunch runs a launch line ending in "appsink name=sink" until EOS.
func runLaunch(t *testing.T, desc string) *aacOut {
	t.Helper()
	registerAll(t)
	el, err := gst.ParseLaunch(desc)
	if err != nil {
		t.Fatalf("parse %q: %v", desc, err)
	}
	p := el.(*gst.Pipeline)
	sink := p.ByName("sink").(*app.AppSink)
	sink.Set("sync", false)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	samples := sink.Samples(ctx)
	p.SetState(gst.StatePlaying)
	errc := make(chan error, 1)
	go func() {
		msg, err := p.Bus().PopContext(ctx, gst.MessageError|gst.MessageEOS)
		if err == nil {
			if em, ok := msg.(*gst.ErrorMessage); ok {
				err = em.Err
			}
		}
		errc <- err
	}()
	out := &aacOut{}
	for smp := range samples {
		out.caps = smp.Caps
		out.bufs = append(out.bufs, smp.Buffer)
	}
	if err := <-errc; err != nil {
		t.Fatalf("pipeline: %v", err)
	}
	// the parser's own caps: our capsfilter (base.Transform) reorders
	// fields when intersecting, GStreamer's passes them through unchanged
	if parse := p.ByName("parse"); parse != nil {
		out.caps = parse.StaticPad("src").CurrentCaps()
	}
	p.SetState(gst.StateNull)
	return out
}

// Caps copied from GStreamer 1.22:
//
//	gst-launch-1.0 -v filesrc location=testdata/movie.mp4 ! qtdemux name=d d.audio_0 ! queue ! aacparse name=parse !
//	  audio/mpeg,stream-format=adts ! fakesink
//
// (and without the capsfilter for raw; from an ADTS file for the last two).
const (
	gstCapsADTS    = "audio/mpeg, mpegversion=(int)4, framed=(boolean)true, stream-format=(string)adts, level=(string)2, base-profile=(string)lc, profile=(string)lc, rate=(int)48000, channels=(int)1"
	gstCapsRaw     = "audio/mpeg, mpegversion=(int)4, framed=(boolean)true, stream-format=(string)raw, level=(string)2, base-profile=(string)lc, profile=(string)lc, codec_data=(buffer)1188, rate=(int)48000, channels=(int)1"
	gstCapsFileRaw = "audio/mpeg, framed=(boolean)true, mpegversion=(int)4, level=(string)2, base-profile=(string)lc, profile=(string)lc, rate=(int)48000, channels=(int)1, stream-format=(string)raw, codec_data=(buffer)1188"
	gstCapsFileADT = "audio/mpeg, framed=(boolean)true, mpegversion=(int)4, level=(string)2, base-profile=(string)lc, profile=(string)lc, rate=(int)48000, channels=(int)1, stream-format=(string)adts"
)

func movieLaunch(filter string) string {
	return "filesrc location=" + moviePath + " ! qtdemux name=d d.audio_0 ! aacparse name=parse ! " + filter + " appsink name=sink"
}

func writeTemp(t *testing.T, name string, bufs []*gst.Buffer) string {
	t.Helper()
	var all []byte
	for _, b := range bufs {
		all = append(all, b.Bytes()...)
	}
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, all, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestAACParseMovie(t *testing.T) {
	raw := runLaunch(t, movieLaunch(""))
	if got := raw.caps.String(); got != gstCapsRaw {
		t.Errorf("raw caps\n got %s\nwant %s", got, gstCapsRaw)
	}
	adts := runLaunch(t, movieLaunch("audio/mpeg,stream-format=adts !"))
	if got := adts.caps.String(); got != gstCapsADTS {
		t.Errorf("adts caps\n got %s\nwant %s", got, gstCapsADTS)
	}
	if len(raw.bufs) != 261 || len(adts.bufs) != 261 {
		t.Fatalf("%d raw and %d adts frames, want 261", len(raw.bufs), len(adts.bufs))
	}
	for i := range raw.bufs {
		r, a := raw.bufs[i].Bytes(), adts.bufs[i].Bytes()
		if len(a) != len(r)+7 || !bytes.Equal(a[7:], r) {
			t.Fatalf("frame %d: ADTS frame is not header + raw frame", i)
		}
		if raw.bufs[i].PTS != adts.bufs[i].PTS || raw.bufs[i].Duration != adts.bufs[i].Duration {
			t.Errorf("frame %d: timestamps differ", i)
		}
	}
	// the first ADTS header GStreamer writes for this stream
	if got := adts.bufs[0].Bytes()[:7]; !bytes.Equal(got, []byte{0xff, 0xf1, 0x4e, 0x70, 0x1f, 0xdf, 0xfc}) {
		t.Errorf("first ADTS header % x", got)
	}

	// byte for byte GStreamer's output: sha256 of
	// gst-launch-1.0 filesrc location=testdata/movie.mp4 ! qtdemux ! aacparse !
	//   audio/mpeg,stream-format=adts ! filesink location=movie.aac
	var all []byte
	for _, b := range adts.bufs {
		all = append(all, b.Bytes()...)
	}
	if sum := fmt.Sprintf("%x", sha256.Sum256(all)); sum != "24bb443c50602df8f9c4c550203f85d82c2f11e659b33343fe6b76b8be34b30c" {
		t.Errorf("ADTS output differs from GStreamer's (sha256 %s)", sum)
	}

	// ffprobe reads the ADTS stream as AAC with all samples
	if ff, err := exec.LookPath("ffprobe"); err == nil {
		path := writeTemp(t, "movie.aac", adts.bufs)
		o, err := exec.Command(ff, "-v", "error", "-count_frames", "-show_entries",
			"stream=codec_name,nb_read_frames,sample_rate,channels", "-of", "default=nw=1", path).Output()
		if err != nil {
			t.Fatal(err)
		}
		// ffprobe 5.1 reports 260 frames for GStreamer 1.22's ADTS output
		// of this stream too (the decoder's priming frame)
		want := "codec_name=aac\nsample_rate=48000\nchannels=1\nnb_read_frames=260\n"
		if string(o) != want {
			t.Errorf("ffprobe:\n%s\nwant\n%s", o, want)
		}
	}

	// adts → raw through a file: frames split across filesrc's 4 KiB buffers
	path := writeTemp(t, "movie.aac", adts.bufs)
	back := runLaunch(t, "filesrc location="+path+" ! aacparse name=parse ! audio/mpeg,stream-format=raw ! appsink name=sink")
	if got := back.caps.String(); got != gstCapsFileRaw {
		t.Errorf("adts→raw caps\n got %s\nwant %s", got, gstCapsFileRaw)
	}
	if len(back.bufs) != 261 {
		t.Fatalf("%d frames back, want 261", len(back.bufs))
	}
	for i := range raw.bufs {
		if !bytes.Equal(back.bufs[i].Bytes(), raw.bufs[i].Bytes()) {
			t.Fatalf("frame %d differs after adts→raw", i)
		}
	}
	// timestamps computed from 1024 samples per frame (filesrc has none);
	// GStreamer: pts 0, 0.021333333, 0.042666666 ...
	for i, want := range []gst.ClockTime{0, 21333333, 42666666} {
		if b := back.bufs[i]; b.PTS != want || b.Duration != 21333333 {
			t.Errorf("frame %d: pts %d dur %d, want %d 21333333", i, b.PTS, b.Duration, want)
		}
	}
	same := runLaunch(t, "filesrc location="+path+" ! aacparse name=parse ! appsink name=sink")
	if got := same.caps.String(); got != gstCapsFileADT {
		t.Errorf("adts caps\n got %s\nwant %s", got, gstCapsFileADT)
	}
	if len(same.bufs) != 261 || !bytes.Equal(same.bufs[5].Bytes(), adts.bufs[5].Bytes()) {
		t.Errorf("adts passthrough: %d frames", len(same.bufs))
	}
}

// TestAACParseResync: garbage before and between frames is skipped.
func TestAACParseResync(t *testing.T) {
	registerAll(t)
	adts := runLaunch(t, movieLaunch("audio/mpeg,stream-format=adts !"))
	var data []byte
	data = append(data, 1, 2, 3, 0xff, 0x00)
	for i := 0; i < 10; i++ {
		data = append(data, adts.bufs[i].Bytes()...)
		if i == 4 {
			// a header claiming an 8-byte frame not followed by a sync word
			data = append(data, 0xff, 0xf1, 0x50, 0x80, 0x01, 0x00, 0x00)
		}
	}
	h := gsttest.New(t, "aacparse")
	h.SetSrcCapsString("audio/mpeg, mpegversion=(int)4, stream-format=(string)adts")
	for off := 0; off < len(data); off += 100 {
		if err := h.Push(gst.NewBufferMemdup(data[off:min(off+100, len(data))])); err != nil {
			t.Fatal(err)
		}
	}
	h.PushEvent(gst.NewEOSEvent())
	bufs, _ := h.PullUntilEOS()
	if len(bufs) != 10 {
		t.Fatalf("%d frames, want 10", len(bufs))
	}
	for i, b := range bufs {
		if !bytes.Equal(b.Bytes(), adts.bufs[i].Bytes()) {
			t.Errorf("frame %d differs", i)
		}
	}
}

func TestAACParseLevel(t *testing.T) {
	// values from gst-plugins-base tests/check/libs/pbutils.c (test_pb_utils_aac_get_profile_level)
	for _, tc := range []struct{ ot, rate, ch, want int }{
		{2, 48000, 1, 2}, {2, 48000, 2, 2}, {2, 24000, 2, 1}, {2, 48000, 6, 4}, {2, 96000, 6, 5},
		{1, 48000, 2, 1}, {2, 48000, 0, 0},
	} {
		if got := aacLevel(tc.ot, tc.rate, tc.ch); got != tc.want {
			t.Errorf("aacLevel(%d, %d, %d) = %d, want %d", tc.ot, tc.rate, tc.ch, got, tc.want)
		}
	}
}

func TestAACParseCheckElement(t *testing.T) {
	registerAll(t)
	gsttest.CheckElement(t, "aacparse")
	c := gst.DefaultRegistry().Lookup("aacparse")
	var names []string
	for _, tp := range c.PadTemplates {
		names = append(names, tp.NameTemplate+":"+tp.Caps.String())
	}
	want := "sink:audio/mpeg, mpegversion=(int){ 2, 4 } src:audio/mpeg, framed=(boolean)true, mpegversion=(int){ 2, 4 }, stream-format=(string){ raw, adts, adif, loas }"
	if got := strings.Join(names, " "); got != want {
		t.Errorf("templates %q, want %q", got, want)
	}
}

func FuzzAACParse(f *testing.F) {
	f.Add([]byte{0xff, 0xf1, 0x4c, 0x40, 0x1f, 0xdf, 0xfc, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, 96, 97, 98, 99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 123, 124, 125, 126, 127, 128, 129, 130, 131, 132, 133, 134, 135, 136, 137, 138, 139, 140, 141, 142, 143, 144, 145, 146, 147, 148, 149, 150, 151, 152, 153, 154, 155, 156, 157, 158, 159, 160, 161, 162, 163, 164, 165, 166, 167, 168, 169, 170, 171, 172, 173, 174, 175, 176, 177, 178, 179, 180, 181, 182, 183, 184, 185, 186, 187, 188, 189, 190, 191, 192, 193, 194, 195, 196, 197, 198, 199, 200, 201, 202, 203, 204, 205, 206, 207, 208, 209, 210, 211, 212, 213, 214, 215, 216, 217, 218, 219, 220, 221, 222, 223, 224, 225, 226, 227, 228, 229, 230, 231, 232, 233, 234, 235, 236, 237, 238, 239, 240, 241, 242, 243, 244, 245, 246, 247, 248, 249, 250, 251, 252, 253, 254})
	f.Add([]byte{0xff, 0xf9, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff})
	f.Add([]byte{0xff, 0xf0, 0x3c, 0x80, 0x01, 0x3f, 0xfc, 0xff, 0xf1})
	f.Fuzz(func(t *testing.T, data []byte) {
		registerAll(t)
		for _, caps := range []string{"audio/mpeg, mpegversion=(int)4, stream-format=(string)adts", "audio/mpeg, mpegversion=(int)4"} {
			h := gsttest.New(t, "aacparse")
			h.SetSinkCapsString("audio/mpeg, stream-format=(string)raw")
			h.SetSrcCapsString(caps)
			half := len(data) / 2
			if err := h.Push(gst.NewBufferMemdup(data[:half])); err == nil {
				_ = h.Push(gst.NewBufferMemdup(data[half:]))
			}
			h.PushEvent(gst.NewEOSEvent())
		}
	})
}

// TestAACParseRawPassThrough: raw in, raw out shares the input's memory
// (no copy); raw in, adts out is the header followed by the frame.
func TestAACParseRawPassThrough(t *testing.T) {
	registerAll(t)
	frame := []byte{0x21, 0x10, 0x04, 0x60, 0x8c, 0x1c}
	for _, format := range []string{"raw", "adts"} {
		h := gsttest.New(t, "aacparse")
		h.SetSinkCapsString("audio/mpeg, mpegversion=(int)4, stream-format=(string)" + format)
		h.SetSrcCapsString(gstCapsRaw)
		in := gst.NewBufferMemdup(frame)
		in.PTS = 0
		mem := in.PeekMemory(0)
		if err := h.Push(in); err != nil {
			t.Fatal(err)
		}
		out := h.Pull()
		got := out.Bytes()
		if format == "raw" {
			if !bytes.Equal(got, frame) {
				t.Errorf("raw: payload %x, want %x", got, frame)
			}
			if out.NMemory() != 1 || (out.PeekMemory(0) != mem && out.PeekMemory(0).Parent() != mem) {
				t.Error("raw: output does not share the input memory")
			}
		} else if len(got) != 7+len(frame) || got[0] != 0xff || !bytes.Equal(got[7:], frame) {
			t.Errorf("adts: payload %x, want a 7-byte header and %x", got, frame)
		}
		if out.PTS != 0 {
			t.Errorf("%s: PTS %v, want 0", format, out.PTS)
		}
		out.Unref()
	}
}
