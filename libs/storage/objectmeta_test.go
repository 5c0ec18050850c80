package storage

import (
	"strings"
	"testing"

	"github.com/gstmini/gstmini/gst"
)

func TestObjectMetaRoundTripAndCopy(t *testing.T) {
	buf := gst.NewBufferWrapped([]byte("#EXTM3U\n"))
	if ObjectMetaOf(buf) != nil {
		t.Fatal("new buffer has an object meta")
	}
	if _, err := AddObjectMeta(buf, ObjectMeta{Name: "live/playlist.m3u8", ContentType: "application/vnd.apple.mpegurl", Kind: ObjectPlaylist, Duration: gst.ClockTimeNone}); err != nil {
		t.Fatal(err)
	}
	m := ObjectMetaOf(buf)
	if m == nil || m.Name != "live/playlist.m3u8" || m.Kind != ObjectPlaylist || m.Kind.String() != "playlist" {
		t.Fatalf("meta = %+v", m)
	}
	cp := buf.Copy()
	if c := ObjectMetaOf(cp); c == nil || c == m || c.Name != m.Name || c.ContentType != m.ContentType {
		t.Fatalf("copied meta = %+v", c)
	}
}

func TestObjectPartsRules(t *testing.T) {
	seg := func(name string, part int, more bool) *ObjectMeta {
		return &ObjectMeta{Name: name, Part: part, More: more}
	}
	del := func(name string) *ObjectMeta { return &ObjectMeta{Name: name, Delete: true} }
	type step struct {
		m       *ObjectMeta
		first   bool
		wantErr string // substring; "" = accepted
		pending string // name pending after the step ("" = none)
	}
	tests := []struct {
		name  string
		steps []step
	}{
		{"whole objects", []step{
			{seg("a", 0, false), true, "", ""},
			{del("a"), true, "", ""},
			{seg("b", 0, false), true, "", ""},
		}},
		{"parts in order", []step{
			{seg("a", 0, true), true, "", "a"},
			{seg("a", 1, true), false, "", "a"},
			{seg("a", 2, false), false, "", ""},
			{seg("p", 0, false), true, "", ""},
		}},
		{"part skipped", []step{
			{seg("a", 0, true), true, "", "a"},
			{seg("a", 2, false), false, `object "a" is incomplete (part 1 expected) but part 2 of "a" arrived`, "a"},
		}},
		{"other object in between", []step{
			{seg("a", 0, true), true, "", "a"},
			{seg("p", 0, false), false, `object "a" is incomplete (part 1 expected) but part 0 of "p" arrived`, "a"},
		}},
		{"delete in between", []step{
			{seg("a", 0, true), true, "", "a"},
			{del("x"), false, `but a delete request for "x" arrived`, "a"},
		}},
		{"part without start", []step{
			{seg("a", 1, false), false, `part 1 of "a" arrived without its earlier parts`, ""},
		}},
		{"delete in parts", []step{
			{&ObjectMeta{Name: "a", Delete: true, More: true}, false, `delete request for "a" sent in parts`, ""},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var p ObjectParts
			for i, s := range tc.steps {
				first, err := p.Accept(s.m)
				switch {
				case s.wantErr == "" && err != nil:
					t.Fatalf("step %d: %v", i, err)
				case s.wantErr != "" && (err == nil || !strings.Contains(err.Error(), s.wantErr)):
					t.Fatalf("step %d: err %v, want %q", i, err, s.wantErr)
				case err == nil && first != s.first:
					t.Fatalf("step %d: first = %v, want %v", i, first, s.first)
				}
				name, ok := p.Pending()
				if ok != (s.pending != "") || (ok && name != s.pending) {
					t.Fatalf("step %d: pending = %q %v, want %q", i, name, ok, s.pending)
				}
			}
			p.Reset()
			if _, ok := p.Pending(); ok {
				t.Fatal("pending after Reset")
			}
		})
	}
	if !(&ObjectMeta{}).Final() || (&ObjectMeta{More: true}).Final() {
		t.Error("Final is not !More")
	}
}
