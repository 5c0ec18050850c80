package multifile_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gstmini/gstmini/gst"
	"github.com/gstmini/gstmini/gsttest"
	"github.com/gstmini/gstmini/libs/storage"
	"github.com/gstmini/gstmini/plugins/multifile"
)

func TestMain(m *testing.M) {
	if err := multifile.Register(gst.DefaultRegistry()); err != nil {
		panic(err)
	}
	os.Exit(m.Run())
}

func TestCheckElement(t *testing.T) { gsttest.CheckElement(t, "multifilesink") }

func newSink(t *testing.T, kv ...any) *gsttest.Harness {
	t.Helper()
	el, err := gst.MakeElement("multifilesink", "")
	if err != nil {
		t.Fatal(err)
	}
	// not async: the harness waits for PLAYING before any data
	kv = append([]any{"async", false}, kv...)
	for i := 0; i+1 < len(kv); i += 2 {
		if err := el.Set(kv[i].(string), kv[i+1]); err != nil {
			t.Fatal(err)
		}
	}
	h := gsttest.NewWithElement(t, el, "sink", "")
	h.SetSrcCapsString("application/x-test")
	return h
}

func buf(data string, pts gst.ClockTime, flags gst.BufferFlags) *gst.Buffer {
	b := gst.NewBufferWrapped([]byte(data))
	b.PTS = pts
	b.Duration = gst.Second
	b.Flags = flags
	return b
}

func files(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = string(b)
	}
	return out
}

func TestNextFileModes(t *testing.T) {
	d := gst.BufferFlagDeltaUnit
	cases := []struct {
		name  string
		props []any
		bufs  []*gst.Buffer
		want  map[string]string
	}{
		{"buffer", nil, []*gst.Buffer{buf("a", 0, 0), buf("b", gst.Second, 0)}, map[string]string{"f00000": "a", "f00001": "b"}},
		{"discont", []any{"next-file", 1}, []*gst.Buffer{buf("a", 0, 0), buf("b", 1, 0), buf("c", 2, gst.BufferFlagDiscont)},
			map[string]string{"f00000": "ab", "f00001": "c"}},
		{"key-frame", []any{"next-file", 2, "min-keyframe-distance", uint64(2 * gst.Second)},
			[]*gst.Buffer{buf("K", 0, 0), buf("d", gst.Second, d), buf("K", 2*gst.Second, 0), buf("d", 3*gst.Second, d), buf("K", 3500*gst.Millisecond, 0), buf("K", 4*gst.Second, 0)},
			map[string]string{"f00000": "Kd", "f00001": "KdK", "f00002": "K"}},
		{"max-size", []any{"next-file", 4, "max-file-size", uint64(3)},
			[]*gst.Buffer{buf("ab", 0, 0), buf("c", 1, 0), buf("de", 2, 0)}, map[string]string{"f00000": "abc", "f00001": "de"}},
		{"max-duration", []any{"next-file", 5, "max-file-duration", uint64(2 * gst.Second)},
			[]*gst.Buffer{buf("a", 0, 0), buf("b", gst.Second, 0), buf("c", 2*gst.Second, 0)}, map[string]string{"f00000": "ab", "f00001": "c"}},
		{"max-files", []any{"max-files", uint(2)},
			[]*gst.Buffer{buf("a", 0, 0), buf("b", 1, 0), buf("c", 2, 0)}, map[string]string{"f00001": "b", "f00002": "c"}},
		{"index", []any{"index", 5, "location", "%d.bin"}, []*gst.Buffer{buf("a", 0, 0)}, map[string]string{"5.bin": "a"}},
		{"aggregate-gops", []any{"next-file", 4, "max-file-size", uint64(2), "aggregate-gops", true},
			[]*gst.Buffer{buf("K", 0, 0), buf("d", 1, d), buf("d", 2, d), buf("K", 3, 0)}, map[string]string{"f00000": "Kdd", "f00001": "K"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			props := append([]any{"location", filepath.Join(dir, "f%05d")}, c.props...)
			for i := 0; i < len(props); i += 2 {
				if props[i] == "location" {
					props[i+1] = filepath.Join(dir, filepath.Base(props[i+1].(string)))
				}
			}
			h := newSink(t, props...)
			for _, b := range c.bufs {
				if err := h.Push(b); err != nil {
					t.Fatal(err)
				}
			}
			h.PushEvent(gst.NewEOSEvent())
			got := files(t, dir)
			if len(got) != len(c.want) {
				t.Fatalf("files %v, want %v", got, c.want)
			}
			for k, v := range c.want {
				if got[k] != v {
					t.Errorf("files %v, want %v", got, c.want)
					break
				}
			}
		})
	}
}

func TestKeyUnitEvent(t *testing.T) {
	dir := t.TempDir()
	h := newSink(t, "location", filepath.Join(dir, "f%d"), "next-file", 3)
	h.Push(buf("a", 0, 0))
	ev, _ := gst.NewCustomEvent(gst.EventCustomDownstream, gst.NewStructure("GstForceKeyUnit"))
	h.PushEvent(ev)
	h.Push(buf("b", 1, 0))
	h.PushEvent(gst.NewEOSEvent())
	if got := files(t, dir); got["f0"] != "a" || got["f1"] != "b" {
		t.Errorf("files %v", got)
	}
}

func TestPostMessages(t *testing.T) {
	dir := t.TempDir()
	el, _ := gst.MakeElement("multifilesink", "")
	el.Set("location", filepath.Join(dir, "f%d"))
	el.Set("post-messages", true)
	el.Set("async", false)
	bus := gst.NewBus()
	el.(*multifile.MultiFileSink).SetBus(bus)
	h := gsttest.NewWithElement(t, el, "sink", "")
	h.SetSrcCapsString("application/x-test")
	b := buf("a", 3*gst.Second, 0)
	b.Offset, b.OffsetEnd = 10, 11
	h.Push(b)
	for {
		m := bus.TimedPopFiltered(gst.Second, gst.MessageElement)
		if m == nil {
			t.Fatal("no GstMultiFileSink message")
		}
		s := m.(*gst.ElementMessage).Structure()
		if s.Name() != "GstMultiFileSink" {
			continue
		}
		fn, _ := s.StringField("filename")
		idx, _ := s.Int("index")
		ts, _ := s.Value("timestamp")
		rt, _ := s.Value("running-time")
		off, _ := s.Value("offset")
		if fn != filepath.Join(dir, "f0") || idx != 0 || ts != uint64(3*gst.Second) || rt != uint64(3*gst.Second) || off != uint64(10) {
			t.Errorf("message %s", s)
		}
		return
	}
}

func TestStorageObjects(t *testing.T) {
	dir := t.TempDir()
	h := newSink(t, "location", filepath.Join(dir, "seg%05d.ts"))
	obj := func(name, data string, del bool) *gst.Buffer {
		b := gst.NewBufferWrapped([]byte(data))
		storage.AddObjectMeta(b, storage.ObjectMeta{Name: name, Kind: storage.ObjectSegment, Delete: del})
		return b
	}
	for _, b := range []*gst.Buffer{obj("seg00000.ts", "one", false), obj("live/playlist.m3u8", "#EXTM3U\n", false), obj("seg00000.ts", "", true), obj("gone.ts", "", true)} {
		if err := h.Push(b); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "seg00000.ts")); !os.IsNotExist(err) {
		t.Errorf("deleted object still there: %v", err)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "live", "playlist.m3u8")); err != nil || string(b) != "#EXTM3U\n" {
		t.Errorf("playlist %q %v", b, err)
	}
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if strings.Contains(e.Name(), ".tmp") {
			t.Errorf("temporary file left: %s", e.Name())
		}
	}
	// bad names are refused
	if err := h.Push(obj("../escape.ts", "x", false)); err == nil {
		t.Error("object name with .. accepted")
	}
}

func TestStorageObjectWriteError(t *testing.T) {
	dir := t.TempDir()
	// a file where the subdirectory should be
	os.WriteFile(filepath.Join(dir, "live"), nil, 0o644)
	el, _ := gst.MakeElement("multifilesink", "")
	el.Set("location", filepath.Join(dir, "%d"))
	el.Set("async", false)
	bus := gst.NewBus()
	el.(*multifile.MultiFileSink).SetBus(bus)
	h := gsttest.NewWithElement(t, el, "sink", "")
	h.SetSrcCapsString("application/x-test")
	b := gst.NewBufferWrapped([]byte("x"))
	storage.AddObjectMeta(b, storage.ObjectMeta{Name: "live/p.m3u8"})
	if err := h.Push(b); err == nil {
		t.Fatal("write into a file path succeeded")
	}
	m := bus.TimedPopFiltered(gst.Second, gst.MessageError)
	em, ok := m.(*gst.ErrorMessage)
	if !ok {
		t.Fatal("no error message")
	}
	var re *gst.ResourceError
	if !asResource(em.Err, &re) || !strings.Contains(em.Err.Error(), "p.m3u8") {
		t.Errorf("error %v, want a RESOURCE error naming the file", em.Err)
	}
}

func asResource(err error, re **gst.ResourceError) bool {
	r, ok := err.(*gst.ResourceError)
	*re = r
	return ok
}

// part returns a buffer holding part n of object name.
func part(name, data string, n int, more bool) *gst.Buffer {
	b := gst.NewBufferWrapped([]byte(data))
	storage.AddObjectMeta(b, storage.ObjectMeta{Name: name, Kind: storage.ObjectSegment, Part: n, More: more})
	return b
}

// tempFiles lists the temporary files in dir.
func tempFiles(dir string) []string {
	var out []string
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if strings.Contains(e.Name(), ".tmp") {
			out = append(out, e.Name())
		}
	}
	return out
}

// TestStorageObjectParts stores an object arriving in three parts: the
// parts are appended to one temporary file, and the object appears under
// its name only at the final part.
func TestStorageObjectParts(t *testing.T) {
	dir := t.TempDir()
	h := newSink(t, "location", filepath.Join(dir, "seg%05d.ts"))
	target := filepath.Join(dir, "seg00000.ts")
	for i, p := range []string{"first-", "second-", "third"} {
		if err := h.Push(part("seg00000.ts", p, i, i < 2)); err != nil {
			t.Fatal(err)
		}
		_, err := os.Stat(target)
		if i < 2 {
			if !os.IsNotExist(err) {
				t.Fatalf("object visible after part %d: %v", i, err)
			}
			if tmp := tempFiles(dir); len(tmp) != 1 {
				t.Fatalf("temporary files after part %d: %v", i, tmp)
			}
		} else if err != nil {
			t.Fatalf("object missing after the final part: %v", err)
		}
	}
	if err := h.Push(part("playlist.m3u8", "#EXTM3U\n", 0, false)); err != nil {
		t.Fatal(err)
	}
	got := files(t, dir)
	if got["seg00000.ts"] != "first-second-third" || got["playlist.m3u8"] != "#EXTM3U\n" || len(got) != 2 {
		t.Errorf("files %q", got)
	}
}

// TestStorageObjectPartsDiscarded checks that an incomplete object never
// appears: a part of another object in between fails the stream, and a
// flush or EOS before the final part removes the temporary file.
func TestStorageObjectPartsDiscarded(t *testing.T) {
	for _, end := range []string{"interleaved", "skipped", "flush", "eos"} {
		t.Run(end, func(t *testing.T) {
			dir := t.TempDir()
			h := newSink(t, "location", filepath.Join(dir, "seg%05d.ts"))
			if err := h.Push(part("a.ts", "aaa", 0, true)); err != nil {
				t.Fatal(err)
			}
			switch end {
			case "interleaved":
				if err := h.Push(part("b.ts", "bbb", 0, false)); err == nil {
					t.Fatal("another object inside an incomplete one accepted")
				}
			case "skipped":
				if err := h.Push(part("a.ts", "ccc", 2, false)); err == nil {
					t.Fatal("part 2 after part 0 accepted")
				}
			case "flush":
				h.PushEvent(gst.NewFlushStartEvent())
				h.PushEvent(gst.NewFlushStopEvent(true))
			case "eos":
				h.PushEvent(gst.NewEOSEvent())
			}
			if got := files(t, dir); len(got) != 0 {
				t.Errorf("files left: %q", got)
			}
		})
	}
}
