package hls_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/gstmini/gstmini/gst"
	"github.com/gstmini/gstmini/gsttest"
	"github.com/gstmini/gstmini/libs/storage"
)

// aacFrame is 1024 samples at 48 kHz (ns).
const aacFrame = gst.ClockTime(1024 * 1_000_000_000 / 48000)

type object struct {
	meta storage.ObjectMeta
	pts  gst.ClockTime
	dur  gst.ClockTime
	data []byte
}

func drain(h *gsttest.Harness) []object {
	var out []object
	for {
		b, ok := h.TryPull()
		if !ok {
			return out
		}
		m := storage.ObjectMetaOf(b)
		if m == nil {
			panic("buffer without object meta")
		}
		out = append(out, object{meta: *m, pts: b.PTS, dur: b.Duration, data: append([]byte(nil), b.Bytes()...)})
		b.Unref()
	}
}

// pushLoop pushes n AAC frames with PTS 0.. in the current segment.
func pushLoop(t *testing.T, h *gsttest.Harness, n int) {
	t.Helper()
	for i := range n {
		b := gst.NewBufferWrapped(make([]byte, 8))
		b.PTS = gst.ClockTime(i) * aacFrame
		b.Duration = aacFrame
		if err := h.Push(b); err != nil {
			t.Fatalf("push %d: %v", i, err)
		}
	}
}

// TestSegmenterLoopedInput plays the same 2.13 s twice, the second time
// in a segment whose base is the first pass's duration (what a
// non-flushing SEGMENT seek back to 0 gives): timestamps, names and the
// playlist timeline keep increasing.
func TestSegmenterLoopedInput(t *testing.T) {
	h := newSegmenter(t, "target-duration", uint(1), "playlist-length", uint(0))
	h.SetSrcCapsString("audio/mpeg, mpegversion=(int)4, stream-format=(string)raw, codec_data=(buffer)1188")
	const n = 100
	pushLoop(t, h, n)
	seg := gst.NewSegment(gst.FormatTime)
	seg.Base = uint64(n * aacFrame)
	if !h.PushEvent(gst.NewSegmentEvent(seg)) {
		t.Fatal("segment refused")
	}
	pushLoop(t, h, n)
	if !h.PushEvent(gst.NewEOSEvent()) {
		t.Fatal("EOS refused")
	}
	objs := drain(h)
	dir := t.TempDir()
	var segs []object
	var last object
	for _, o := range objs {
		switch o.meta.Kind {
		case storage.ObjectSegment:
			segs = append(segs, o)
			if o.meta.ContentType != "video/mp2t" || o.dur != o.meta.Duration {
				t.Errorf("segment %+v", o.meta)
			}
			if err := os.WriteFile(filepath.Join(dir, o.meta.Name), o.data, 0o644); err != nil {
				t.Fatal(err)
			}
		case storage.ObjectPlaylist:
			last = o
		}
	}
	// 2×100 frames of 21.33 ms, cut after ≥1 s: 47 frames per segment
	if len(segs) != 5 {
		t.Fatalf("%d segments, want 5", len(segs))
	}
	var end gst.ClockTime
	for i, s := range segs {
		if want := "segment0000" + strconv.Itoa(i) + ".ts"; s.meta.Name != want {
			t.Errorf("segment %d named %q, want %q", i, s.meta.Name, want)
		}
		if s.pts <= end {
			t.Errorf("segment %d completes at %v, not after %v", i, s.pts, end)
		}
		end = s.pts
	}
	if end != 2*n*aacFrame {
		t.Errorf("last segment ends at %v, want %v", end, 2*n*aacFrame)
	}
	text := string(last.data)
	if !strings.Contains(text, "#EXT-X-ENDLIST") || strings.Count(text, "#EXTINF:") != 5 {
		t.Errorf("final playlist:\n%s", text)
	}
	// the TS PTS keep increasing across the loop (ffprobe reads them)
	if _, err := exec.LookPath("ffprobe"); err != nil {
		t.Skip("ffprobe not installed")
	}
	prev := -1.0
	for _, s := range segs {
		out, err := exec.Command("ffprobe", "-v", "error", "-show_entries", "packet=pts_time", "-of", "csv=p=0", filepath.Join(dir, s.meta.Name)).Output()
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Fields(string(out)) {
			v, err := strconv.ParseFloat(strings.TrimRight(line, ","), 64)
			if err != nil {
				t.Fatal(err)
			}
			if v <= prev {
				t.Fatalf("%s: PTS %.6f after %.6f", s.meta.Name, v, prev)
			}
			prev = v
		}
	}
	if want := 3600 + float64(2*n-1)*float64(aacFrame)/1e9; prev < want-0.001 || prev > want+0.001 {
		t.Errorf("last PTS %.6f, want %.6f (running time + 1 h clock base)", prev, want)
	}
}

// TestSegmenterLiveWindowOrder checks the order of objects in a sliding
// window: segment, playlist without the old segment, then its deletion.
func TestSegmenterLiveWindowOrder(t *testing.T) {
	h := newSegmenter(t, "target-duration", uint(1), "playlist-length", uint(2), "max-files", uint(2))
	h.SetSrcCapsString("audio/mpeg, mpegversion=(int)4, stream-format=(string)raw, codec_data=(buffer)1188")
	pushLoop(t, h, 48*5)
	h.PushEvent(gst.NewEOSEvent())
	var kinds []string
	for _, o := range drain(h) {
		k := o.meta.Kind.String() + ":" + o.meta.Name
		if o.meta.Delete {
			k = "delete:" + o.meta.Name
		}
		kinds = append(kinds, k)
		if o.meta.Kind == storage.ObjectPlaylist && o.meta.Delete {
			t.Error("playlist deleted")
		}
	}
	got := strings.Join(kinds, " ")
	want := "segment:segment00000.ts playlist:playlist.m3u8 " +
		"segment:segment00001.ts playlist:playlist.m3u8 " +
		"segment:segment00002.ts playlist:playlist.m3u8 delete:segment00000.ts " +
		"segment:segment00003.ts playlist:playlist.m3u8 delete:segment00001.ts " +
		"segment:segment00004.ts playlist:playlist.m3u8 delete:segment00002.ts " +
		"segment:segment00005.ts playlist:playlist.m3u8 delete:segment00003.ts"
	if got != want {
		t.Errorf("objects:\n%s\nwant:\n%s", got, want)
	}
}

// newSegmenter makes an hlssegmenter with properties (name, value pairs)
// and wraps its audio and src pads in a harness.
func newSegmenter(t *testing.T, kv ...any) *gsttest.Harness {
	t.Helper()
	el, err := gst.MakeElement("hlssegmenter", "")
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(kv); i += 2 {
		if err := el.Set(kv[i].(string), kv[i+1]); err != nil {
			t.Fatal(err)
		}
	}
	return gsttest.NewWithElement(t, el, "audio", "src")
}

// TestSegmenterParts cuts the same audio into segments with part-size
// 1 MiB (each segment one buffer) and 1000 bytes (many parts): the parts
// come in order, 1000 bytes each but the last, never interleaved with
// other objects, with non-decreasing PTS, and their concatenation is the
// single-buffer segment; the playlist listing a segment follows its final
// part.
func TestSegmenterParts(t *testing.T) {
	run := func(partSize uint) []object {
		h := newSegmenter(t, "target-duration", uint(1), "playlist-length", uint(0), "part-size", partSize)
		h.SetSrcCapsString("audio/mpeg, mpegversion=(int)4, stream-format=(string)raw, codec_data=(buffer)1188")
		pushLoop(t, h, 48*3+10)
		h.PushEvent(gst.NewEOSEvent())
		return drain(h)
	}
	whole := run(1 << 20)
	parts := run(1000)

	// whole: one buffer per object
	wholeData := map[string][]byte{}
	var wholeOrder []string
	for _, o := range whole {
		if o.meta.Part != 0 || o.meta.More {
			t.Fatalf("part-size 1 MiB: %s is part %d (more %v)", o.meta.Name, o.meta.Part, o.meta.More)
		}
		wholeOrder = append(wholeOrder, o.meta.Kind.String()+":"+o.meta.Name)
		if o.meta.Kind == storage.ObjectSegment {
			wholeData[o.meta.Name] = o.data
		}
	}
	if len(wholeData) != 4 {
		t.Fatalf("%d segments, want 4", len(wholeData))
	}

	var check storage.ObjectParts
	var order []string
	stored := map[string][]byte{}
	var cur []byte
	nParts := 0
	lastPTS := gst.ClockTime(0)
	for i, o := range parts {
		first, err := check.Accept(&o.meta)
		if err != nil {
			t.Fatalf("object %d: %v", i, err)
		}
		if first {
			order = append(order, o.meta.Kind.String()+":"+o.meta.Name)
			cur = nil
		}
		if o.meta.Kind == storage.ObjectSegment {
			if o.pts < lastPTS {
				t.Errorf("part %d of %s: PTS %v before %v", o.meta.Part, o.meta.Name, o.pts, lastPTS)
			}
			lastPTS = o.pts
			nParts++
			if o.meta.More && len(o.data) != 1000 {
				t.Errorf("part %d of %s has %d bytes, want 1000", o.meta.Part, o.meta.Name, len(o.data))
			}
			if o.meta.More && (o.dur != gst.ClockTimeNone || o.meta.Duration != gst.ClockTimeNone) {
				t.Errorf("part %d of %s has a duration", o.meta.Part, o.meta.Name)
			}
		}
		cur = append(cur, o.data...)
		if o.meta.Final() {
			if o.meta.Kind == storage.ObjectSegment {
				stored[o.meta.Name] = cur
			}
			if o.meta.Kind == storage.ObjectPlaylist {
				// every segment the playlist lists is complete
				for _, line := range strings.Split(string(o.data), "\n") {
					if strings.HasSuffix(line, ".ts") {
						if _, ok := stored[line]; !ok {
							t.Errorf("playlist lists %s before its final part", line)
						}
					}
				}
			}
		}
	}
	if _, ok := check.Pending(); ok {
		t.Error("an object is incomplete at EOS")
	}
	if nParts <= 2*len(wholeData) {
		t.Fatalf("%d segment buffers for %d segments: not cut into parts", nParts, len(wholeData))
	}
	if strings.Join(order, " ") != strings.Join(wholeOrder, " ") {
		t.Errorf("object order with parts:\n%v\nwithout:\n%v", order, wholeOrder)
	}
	for name, want := range wholeData {
		if got := stored[name]; string(got) != string(want) {
			t.Errorf("%s: parts concatenate to %d bytes, differing from the %d-byte single buffer", name, len(got), len(want))
		}
	}
}

// TestSegmenterPartsToFiles runs movie.mp4 through hlssegmenter with
// 4 KiB parts into multifilesink: the files hold every frame, and no
// temporary file is left.
func TestSegmenterPartsToFiles(t *testing.T) {
	dir := t.TempDir()
	runLaunch(t, fmt.Sprintf("filesrc location=%s ! qtdemux name=d d.video_0 ! queue ! s.video d.audio_0 ! queue ! s.audio "+
		"hlssegmenter name=s target-duration=2 playlist-type=vod part-size=4096 location=seg%%05d.ts ! queue ! multifilesink location=%s",
		movie, filepath.Join(dir, "%05d")))
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	if strings.Join(names, " ") != "playlist.m3u8 seg00000.ts" {
		t.Fatalf("files %v, want the playlist and one segment", names)
	}
	if st, _ := os.Stat(filepath.Join(dir, "seg00000.ts")); st == nil || st.Size() < 10*4096 {
		t.Fatalf("segment %v smaller than 10 parts", st)
	}
	v, a, codecs := countFrames(t, filepath.Join(dir, "seg00000.ts"))
	if v != 166 || a != 261 || codecs != "h264+aac" {
		t.Errorf("segment holds %d video / %d audio frames (%s), want 166 / 261 h264+aac", v, a, codecs)
	}
}
