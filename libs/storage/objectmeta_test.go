package storage

import (
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
