package videoparsers

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bluenviron/mediacommon/v2/pkg/codecs/h264"

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

// h264Out is what an appsink received.
type h264Out struct {
	caps *gst.Caps
	bufs []*gst.Buffer
}

func (o *h264Out) data() [][]byte {
	var d [][]byte
	for _, b := range o.bufs {
		d = append(d, b.Bytes())
	}
	return d
}

// runLaunch runs a launch line ending in "appsink name=sink" until EOS and
// returns the samples; it fails the test on an ERROR message.
func runLaunch(t *testing.T, desc string) *h264Out {
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
	out := &h264Out{}
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
//	gst-launch-1.0 -v filesrc location=testdata/movie.mp4 ! qtdemux name=d d.video_0 ! queue ! h264parse name=parse !
//	  video/x-h264,stream-format=byte-stream,alignment=au ! fakesink
//
// (and stream-format=avc / avc3 for the others).
const (
	gstCapsByteStream = "video/x-h264, stream-format=(string)byte-stream, alignment=(string)au, level=(string)3, profile=(string)constrained-baseline, width=(int)560, height=(int)320, framerate=(fraction)30/1, pixel-aspect-ratio=(fraction)1/1, colorimetry=(string)bt709, coded-picture-structure=(string)frame, chroma-format=(string)4:2:0, bit-depth-luma=(uint)8, bit-depth-chroma=(uint)8, parsed=(boolean)true"
	gstCapsAVC        = "video/x-h264, stream-format=(string)avc, alignment=(string)au, level=(string)3, profile=(string)constrained-baseline, codec_data=(buffer)0142c01effe1001b6742c01e9e218118534d40404050000003001000000303c8f162ee01000568ce06cb20, width=(int)560, height=(int)320, framerate=(fraction)30/1, pixel-aspect-ratio=(fraction)1/1, colorimetry=(string)bt709, coded-picture-structure=(string)frame, chroma-format=(string)4:2:0, bit-depth-luma=(uint)8, bit-depth-chroma=(uint)8, parsed=(boolean)true"
	gstCapsAVC3       = "video/x-h264, stream-format=(string)avc3, alignment=(string)au, level=(string)3, profile=(string)constrained-baseline, codec_data=(buffer)0142c01effe000, width=(int)560, height=(int)320, framerate=(fraction)30/1, pixel-aspect-ratio=(fraction)1/1, colorimetry=(string)bt709, coded-picture-structure=(string)frame, chroma-format=(string)4:2:0, bit-depth-luma=(uint)8, bit-depth-chroma=(uint)8, parsed=(boolean)true"
)

// GStreamer 1.22's first three output buffers for movie.mp4 (sizes and
// flags from fakesink silent=false): byte-stream adds an AUD (6 bytes)
// to every AU and SPS+PPS (40 bytes) to the first IDR; avc is unchanged.
var gstFirstSizes = map[string][]int{
	"byte-stream": {22101, 2854, 1474},
	"avc":         {22055, 2848, 1468},
}

func movieLaunch(filter string) string {
	return "filesrc location=" + moviePath + " ! qtdemux name=d d.video_0 ! h264parse name=parse ! " + filter + " ! appsink name=sink"
}

func TestH264ParseMovieCaps(t *testing.T) {
	for _, tc := range []struct {
		format, want string
	}{
		{"byte-stream", gstCapsByteStream},
		{"avc", gstCapsAVC},
		{"avc3", gstCapsAVC3},
	} {
		t.Run(tc.format, func(t *testing.T) {
			out := runLaunch(t, movieLaunch("video/x-h264,stream-format="+tc.format+",alignment=au"))
			if got := out.caps.String(); got != tc.want {
				t.Errorf("caps\n got %s\nwant %s", got, tc.want)
			}
			if len(out.bufs) != 166 {
				t.Errorf("%d buffers, want 166", len(out.bufs))
			}
			if sizes, ok := gstFirstSizes[tc.format]; ok {
				for i, sz := range sizes {
					if out.bufs[i].Size() != sz {
						t.Errorf("buffer %d: %d bytes, want %d", i, out.bufs[i].Size(), sz)
					}
				}
			}
			b0 := out.bufs[0]
			if b0.HasFlags(gst.BufferFlagDeltaUnit) || !b0.HasFlags(gst.BufferFlagHeader|gst.BufferFlagDiscont|gst.BufferFlagMarker) {
				t.Errorf("first buffer flags %v", b0.Flags)
			}
			if b := out.bufs[1]; !b.HasFlags(gst.BufferFlagDeltaUnit|gst.BufferFlagMarker) || b.HasFlags(gst.BufferFlagHeader) {
				t.Errorf("second buffer flags %v", b.Flags)
			}
			if out.bufs[1].PTS != 33333333 || out.bufs[1].DTS != 33333333 {
				t.Errorf("second buffer pts %v dts %v", out.bufs[1].PTS, out.bufs[1].DTS)
			}
		})
	}
}

// TestH264ParseDefaultFormat: without a capsfilter the upstream format
// (avc) is kept, as gst_h264_parse_negotiate does.
func TestH264ParseDefaultFormat(t *testing.T) {
	out := runLaunch(t, "filesrc location="+moviePath+" ! qtdemux ! h264parse name=parse ! appsink name=sink")
	if got := out.caps.String(); got != gstCapsAVC {
		t.Errorf("caps\n got %s\nwant %s", got, gstCapsAVC)
	}
	// byte-stream without alignment and a downstream accepting anything:
	// GStreamer picks the first template format, avc. From
	// gst-launch-1.0 -v filesrc location=movie.h264 ! h264parse name=parse ! fakesink
	path := writeTemp(t, "movie.h264", runLaunch(t, movieLaunch("video/x-h264,stream-format=byte-stream")).bufs)
	out = runLaunch(t, "filesrc location="+path+" ! h264parse name=parse ! appsink name=sink")
	want := "video/x-h264, width=(int)560, height=(int)320, framerate=(fraction)30/1, coded-picture-structure=(string)frame, chroma-format=(string)4:2:0, bit-depth-luma=(uint)8, bit-depth-chroma=(uint)8, colorimetry=(string)bt709, parsed=(boolean)true, stream-format=(string)avc, alignment=(string)au, profile=(string)constrained-baseline, level=(string)3, codec_data=(buffer)0142c01effe1001b6742c01e9e218118534d40404050000003001000000303c8f162ee01000568ce06cb20"
	if got := out.caps.String(); got != want {
		t.Errorf("caps\n got %s\nwant %s", got, want)
	}
	if len(out.bufs) != 166 {
		t.Errorf("%d access units, want 166", len(out.bufs))
	}
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

// ffprobeFrames counts the decoded frames of a file with ffprobe.
func ffprobeCount(t *testing.T, path, entry string, args ...string) int {
	t.Helper()
	ff, err := exec.LookPath("ffprobe")
	if err != nil {
		t.Skip("ffprobe not installed")
	}
	cmd := append([]string{"-v", "error"}, args...)
	cmd = append(cmd, "-show_entries", entry, "-of", "default=nw=1:nk=1", path)
	o, err := exec.Command(ff, cmd...).Output()
	if err != nil {
		t.Fatalf("ffprobe %s: %v", path, err)
	}
	n, err := strconv.Atoi(strings.TrimSpace(strings.Split(string(o), "\n")[0]))
	if err != nil {
		t.Fatalf("ffprobe output %q: %v", o, err)
	}
	return n
}

func TestH264ParseByteStreamDecodes(t *testing.T) {
	out := runLaunch(t, movieLaunch("video/x-h264,stream-format=byte-stream,alignment=au"))
	// byte for byte GStreamer's output: sha256 of
	// gst-launch-1.0 filesrc location=testdata/movie.mp4 ! qtdemux ! h264parse !
	//   video/x-h264,stream-format=byte-stream ! filesink location=movie.h264
	h := sha256.New()
	for _, b := range out.bufs {
		h.Write(b.Bytes())
	}
	if sum := fmt.Sprintf("%x", h.Sum(nil)); sum != "f7e96d6fda6647b6dd09f09a29ddb266843a2e8c0cf3226659345e9ae8185f33" {
		t.Errorf("byte-stream differs from GStreamer's (sha256 %s)", sum)
	}
	path := writeTemp(t, "movie.h264", out.bufs)
	if n := ffprobeCount(t, path, "stream=nb_read_frames", "-count_frames", "-select_streams", "v:0"); n != 166 {
		t.Errorf("ffprobe decoded %d frames, want 166", n)
	}
}

// TestH264ParseRoundTrip: avc → byte-stream → avc gives back the original
// NAL units (the in-band SPS/PPS and AUDs the byte-stream carries are
// dropped again, because they come out of the avc codec_data... except the
// SPS/PPS, which h264parse keeps in band like the C element).
func TestH264ParseRoundTrip(t *testing.T) {
	orig := runLaunch(t, "filesrc location="+moviePath+" ! qtdemux ! appsink name=sink")
	bs := runLaunch(t, movieLaunch("video/x-h264,stream-format=byte-stream,alignment=au"))
	path := writeTemp(t, "movie.h264", bs.bufs)
	back := runLaunch(t, "filesrc location="+path+" ! video/x-h264,stream-format=byte-stream ! h264parse name=parse ! video/x-h264,stream-format=avc,alignment=au ! appsink name=sink")
	if len(back.bufs) != len(orig.bufs) {
		t.Fatalf("%d access units back, want %d", len(back.bufs), len(orig.bufs))
	}
	for i := range orig.bufs {
		var a, b h264.AVCC
		if err := a.Unmarshal(orig.bufs[i].Bytes()); err != nil {
			t.Fatal(err)
		}
		if err := b.Unmarshal(back.bufs[i].Bytes()); err != nil {
			t.Fatal(err)
		}
		var got [][]byte
		for _, n := range b {
			switch h264.NALUType(n[0] & 0x1f) {
			case h264.NALUTypeAccessUnitDelimiter, h264.NALUTypeSPS, h264.NALUTypePPS:
				continue // added by the byte-stream conversion
			}
			got = append(got, n)
		}
		if len(got) != len(a) {
			t.Fatalf("AU %d: %d NALs, want %d", i, len(got), len(a))
		}
		for j := range a {
			if !bytes.Equal(got[j], a[j]) {
				t.Fatalf("AU %d NAL %d differs", i, j)
			}
		}
		if orig.bufs[i].HasFlags(gst.BufferFlagDeltaUnit) != back.bufs[i].HasFlags(gst.BufferFlagDeltaUnit) {
			t.Errorf("AU %d: delta-unit %v, want %v", i, back.bufs[i].Flags, orig.bufs[i].Flags)
		}
	}
	if !strings.Contains(back.caps.String(), "codec_data=(buffer)0142c01effe1001b6742c01e9e218118534d40404050000003001000000303c8f162ee01000568ce06cb20") {
		t.Errorf("caps without the original codec_data: %s", back.caps)
	}
}

// countParamSets counts the access units holding an SPS.
func countParamSets(t *testing.T, bufs []*gst.Buffer) (withSPS, idrs int) {
	t.Helper()
	for _, b := range bufs {
		var au h264.AnnexB
		if err := au.Unmarshal(b.Bytes()); err != nil {
			t.Fatal(err)
		}
		sps := false
		for _, n := range au {
			if h264.NALUType(n[0]&0x1f) == h264.NALUTypeSPS {
				sps = true
			}
		}
		if sps {
			withSPS++
		}
		if h264.IsRandomAccess(au) {
			idrs++
		}
	}
	return
}

// TestH264ParseConfigInterval feeds the movie's IDR access unit (avc,
// SPS/PPS only in codec_data) every 500 ms, with a P frame between, and
// counts the output access units carrying SPS/PPS in band.
func TestH264ParseConfigInterval(t *testing.T) {
	orig := runLaunch(t, "filesrc location="+moviePath+" ! qtdemux ! appsink name=sink")
	idr, p := orig.bufs[0].Bytes(), orig.bufs[1].Bytes()
	for _, tc := range []struct {
		format   string
		interval int
		want     []int // indexes of the IDRs (0..9) with SPS/PPS
	}{
		{"byte-stream", 0, []int{0}}, // codec_data pushed once, at the first IDR
		{"byte-stream", -1, []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}},
		{"byte-stream", 1, []int{0, 2, 4, 6, 8}},
		{"byte-stream", 2, []int{0, 4, 8}},
		{"byte-stream", 3600, []int{0}},
		{"avc3", 2, []int{0, 4, 8}},
		{"avc", 0, nil}, // avc keeps SPS/PPS in codec_data
	} {
		el, err := gst.MakeElement("h264parse", "")
		if err != nil {
			t.Fatal(err)
		}
		if err := el.Set("config-interval", tc.interval); err != nil {
			t.Fatal(err)
		}
		h := gsttest.NewWithElement(t, el, "sink", "src")
		h.SetSinkCapsString("video/x-h264, stream-format=(string)" + tc.format + ", alignment=(string)au")
		h.SetSrcCaps(orig.caps)
		for i := 0; i < 10; i++ {
			for j, d := range [][]byte{idr, p} {
				b := gst.NewBufferMemdup(d)
				b.PTS = gst.ClockTime(i)*500*gst.Millisecond + gst.ClockTime(j)*33*gst.Millisecond
				b.DTS = b.PTS
				if err := h.Push(b); err != nil {
					t.Fatal(err)
				}
			}
		}
		var got []int
		for i := 0; i < 20; i++ {
			b := h.Pull()
			var au [][]byte
			var err error
			if tc.format == "byte-stream" {
				var a h264.AnnexB
				err = a.Unmarshal(b.Bytes())
				au = a
			} else {
				var a h264.AVCC
				err = a.Unmarshal(b.Bytes())
				au = a
			}
			if err != nil {
				t.Fatal(err)
			}
			for _, n := range au {
				if h264.NALUType(n[0]&0x1f) == h264.NALUTypeSPS {
					got = append(got, i/2)
					if i%2 != 0 {
						t.Errorf("%s config-interval=%d: SPS in a P frame", tc.format, tc.interval)
					}
				}
			}
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s config-interval=%d: SPS/PPS with IDRs %v, want %v", tc.format, tc.interval, got, tc.want)
		}
	}
}

// byteStreamOf returns the movie as one Annex B byte-stream (AUD, SPS,
// PPS on the first IDR).
func byteStreamOf(t *testing.T) []byte {
	t.Helper()
	out := runLaunch(t, movieLaunch("video/x-h264,stream-format=byte-stream"))
	var all []byte
	for _, b := range out.bufs {
		all = append(all, b.Bytes()...)
	}
	return all
}

// TestH264ParseAssembleAU pushes the byte-stream in arbitrary chunks
// without alignment and checks the access units come out again.
func TestH264ParseAssembleAU(t *testing.T) {
	registerAll(t)
	data := byteStreamOf(t)
	for _, chunk := range []int{1000, 7, 65536} {
		h := gsttest.New(t, "h264parse")
		h.SetSinkCapsString("video/x-h264, stream-format=(string)byte-stream, alignment=(string)au")
		h.SetSrcCapsString("video/x-h264")
		for off := 0; off < len(data); off += chunk {
			b := gst.NewBufferMemdup(data[off:min(off+chunk, len(data))])
			if err := h.Push(b); err != nil {
				t.Fatal(err)
			}
		}
		h.PushEvent(gst.NewEOSEvent())
		bufs, _ := h.PullUntilEOS()
		if len(bufs) != 166 {
			t.Fatalf("chunk %d: %d access units, want 166", chunk, len(bufs))
		}
		var got []byte
		for _, b := range bufs {
			got = append(got, b.Bytes()...)
		}
		if !bytes.Equal(got, data) {
			t.Errorf("chunk %d: re-assembled stream differs (%d vs %d bytes)", chunk, len(got), len(data))
		}
		if bufs[0].HasFlags(gst.BufferFlagDeltaUnit) || !bufs[1].HasFlags(gst.BufferFlagDeltaUnit) {
			t.Errorf("chunk %d: keyframe flags wrong", chunk)
		}
		caps := h.Element().StaticPad("src").CurrentCaps().String()
		// GStreamer 1.22: gst-launch-1.0 -v filesrc location=movie.h264 ! h264parse name=parse !
		//   video/x-h264,stream-format=byte-stream ! fakesink
		want := "video/x-h264, width=(int)560, height=(int)320, framerate=(fraction)30/1, coded-picture-structure=(string)frame, chroma-format=(string)4:2:0, bit-depth-luma=(uint)8, bit-depth-chroma=(uint)8, colorimetry=(string)bt709, parsed=(boolean)true, stream-format=(string)byte-stream, alignment=(string)au, profile=(string)constrained-baseline, level=(string)3"
		if caps != want {
			t.Errorf("caps\n got %s\nwant %s", caps, want)
		}
	}
}

func TestH264ParseCheckElement(t *testing.T) {
	registerAll(t)
	gsttest.CheckElement(t, "h264parse")
	c := gst.DefaultRegistry().Lookup("h264parse")
	var names []string
	for _, tp := range c.PadTemplates {
		names = append(names, tp.NameTemplate+":"+tp.Caps.String())
	}
	want := "sink:video/x-h264 src:video/x-h264, parsed=(boolean)true, stream-format=(string){ avc, avc3, byte-stream }, alignment=(string){ au, nal }"
	if got := strings.Join(names, " "); got != want {
		t.Errorf("templates %q, want %q", got, want)
	}
}

func FuzzH264Parse(f *testing.F) {
	f.Add([]byte{0, 0, 0, 1, 0x67, 0x42, 0xc0, 0x1e, 0x9e, 0x21, 0x81, 0x18, 0x53, 0x4d, 0x40, 0x40, 0x50, 0, 0, 1, 0x68, 0xce, 6, 0xcb, 0x20, 0, 0, 1, 0x65, 0x88, 0x84})
	f.Add([]byte{0, 0, 1, 9, 0xf0, 0, 0, 1, 0x41, 0x9a, 0, 0, 1})
	f.Add([]byte{0, 0, 1, 0x67, 0x64, 0, 0x28, 0xff, 0xff, 0xff, 0, 0, 1, 0x68})
	f.Fuzz(func(t *testing.T, data []byte) {
		registerAll(t)
		for _, caps := range []string{"video/x-h264, stream-format=(string)byte-stream", "video/x-h264, stream-format=(string)avc3, alignment=(string)au"} {
			h := gsttest.New(t, "h264parse")
			h.SetSrcCapsString(caps)
			half := len(data) / 2
			err := h.Push(gst.NewBufferMemdup(data[:half]))
			if err == nil {
				err = h.Push(gst.NewBufferMemdup(data[half:]))
			}
			_ = err // broken avc3 input is a flow error (ERROR message posted by h264parse)
			h.PushEvent(gst.NewEOSEvent())
		}
	})
}

// TestH264ParseAVCPassThrough: avc in, avc out shares the input's memory
// (no copy) and keeps the bytes; a P frame and an IDR both pass through.
func TestH264ParseAVCPassThrough(t *testing.T) {
	orig := runLaunch(t, "filesrc location="+moviePath+" ! qtdemux ! appsink name=sink")
	h := gsttest.NewWithElement(t, mustMake(t, "h264parse"), "sink", "src")
	h.SetSinkCapsString("video/x-h264, stream-format=(string)avc, alignment=(string)au")
	h.SetSrcCaps(orig.caps)
	for i, d := range [][]byte{orig.bufs[0].Bytes(), orig.bufs[1].Bytes()} {
		in := gst.NewBufferMemdup(d)
		in.PTS, in.DTS = gst.ClockTime(i)*33*gst.Millisecond, gst.ClockTime(i)*33*gst.Millisecond
		mem := in.PeekMemory(0)
		in.Ref() // keep it to compare after the push
		if err := h.Push(in); err != nil {
			t.Fatal(err)
		}
		out := h.Pull()
		if !bytes.Equal(out.Bytes(), d) {
			t.Fatalf("buffer %d: payload changed", i)
		}
		if out.NMemory() != 1 || (out.PeekMemory(0) != mem && out.PeekMemory(0).Parent() != mem) {
			t.Errorf("buffer %d: output does not share the input memory", i)
		}
		if out.PTS != in.PTS || out.HasFlags(gst.BufferFlagDeltaUnit) != (i == 1) {
			t.Errorf("buffer %d: PTS %v delta %v", i, out.PTS, out.HasFlags(gst.BufferFlagDeltaUnit))
		}
		in.Unref()
		out.Unref()
	}
}

func mustMake(t *testing.T, factory string) gst.Element {
	t.Helper()
	el, err := gst.MakeElement(factory, "")
	if err != nil {
		t.Fatal(err)
	}
	return el
}

// TestH264ParseDamagedAVC: an avc access unit whose NAL length runs past
// the buffer (a damaged mdat) keeps the NAL units before the damage and
// drops the rest, with no error: GStreamer 1.22's
// gst_h264_parse_handle_frame_packetized ("skipping leftover AVC data").
// Compared with: a movie.mp4 copy with 4 KiB of random bytes in the middle
// of mdat through gst-launch-1.0 filesrc ! qtdemux ! h264parse ! fakesink
// ends with EOS and no warning or error.
func TestH264ParseDamagedAVC(t *testing.T) {
	registerAll(t)
	h := gsttest.New(t, "h264parse")
	h.SetSrcCapsString(gstCapsAVC)
	h.SetSinkCapsString("video/x-h264, stream-format=(string)avc, alignment=(string)au")
	slice := []byte{0x41, 0x9a, 0x00, 0x01} // non-IDR slice
	for i, tc := range []struct {
		in   []byte
		want []byte // output payload, nil: nothing
	}{
		{append([]byte{0, 0, 0, 4}, slice...), append([]byte{0, 0, 0, 4}, slice...)},
		// a good NAL then a length past the end: the good NAL goes out
		{append(append([]byte{0, 0, 0, 4}, slice...), 0x8b, 0x93, 0x11, 0x45, 1, 2, 3), append([]byte{0, 0, 0, 4}, slice...)},
		// nothing parsable: the AU is dropped
		{[]byte{0xff, 0xff, 0xff, 0xff, 1, 2}, nil},
		{[]byte{0, 0}, nil},
		{append([]byte{0, 0, 0, 4}, slice...), append([]byte{0, 0, 0, 4}, slice...)},
	} {
		b := gst.NewBufferMemdup(tc.in)
		b.PTS, b.DTS = gst.ClockTime(i)*gst.Second, gst.ClockTime(i)*gst.Second
		if err := h.Push(b); err != nil {
			t.Fatalf("buffer %d: push: %v", i, err)
		}
		if tc.want == nil {
			if n := h.BuffersInQueue(); n != 0 {
				t.Errorf("buffer %d: %d buffers out, want none", i, n)
			}
			continue
		}
		out := h.Pull()
		if out == nil {
			t.Fatalf("buffer %d: no output", i)
		}
		if !bytes.Equal(out.Bytes(), tc.want) {
			t.Errorf("buffer %d: output % x, want % x", i, out.Bytes(), tc.want)
		}
		if out.PTS != b.PTS {
			t.Errorf("buffer %d: pts %v, want %v", i, out.PTS, b.PTS)
		}
	}
}
