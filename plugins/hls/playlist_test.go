package hls

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/Eyevinn/hls-m3u8/m3u8"

	"github.com/gstmini/gstmini/gst"
	"github.com/gstmini/gstmini/libs/storage"
)

var update = flag.Bool("update", false, "rewrite golden files")

func TestPlaylistGolden(t *testing.T) {
	entries := []PlaylistEntry{
		{URI: "segment00003.ts", Duration: 2 * gst.Second},
		{URI: "segment00004.ts", Duration: 2002 * gst.Millisecond},
		{URI: "segment00005.ts", Duration: 1_566_666_667},
	}
	cases := []struct {
		name string
		p    Playlist
	}{
		{"live", Playlist{Entries: entries, MediaSequence: 3}},
		{"live_ended", Playlist{Entries: entries, MediaSequence: 3, Ended: true}},
		{"event", Playlist{Entries: entries, Type: PlaylistTypeEvent}},
		{"vod", Playlist{Entries: entries, Type: PlaylistTypeVOD, Ended: true}},
		{"cmaf", Playlist{Entries: entries, Type: PlaylistTypeVOD, Ended: true, MapURI: "init.mp4"}},
		{"empty", Playlist{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := c.p.Render()
			if err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", "playlist_"+c.name+".m3u8")
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("got:\n%s\nwant:\n%s", got, want)
			}
			pl, typ, err := m3u8.DecodeFrom(bytes.NewReader(got), true)
			if err != nil || typ != m3u8.MEDIA {
				t.Fatalf("does not parse: %v", err)
			}
			mp := pl.(*m3u8.MediaPlaylist)
			if mp.SeqNo != c.p.MediaSequence || mp.Closed != c.p.Ended || int(mp.Count()) != len(c.p.Entries) {
				t.Errorf("parsed seq %d closed %v count %d", mp.SeqNo, mp.Closed, mp.Count())
			}
		})
	}
}

func TestPlaylistTargetDurationRoundsUp(t *testing.T) {
	for _, c := range []struct {
		d    gst.ClockTime
		want string
	}{
		{2 * gst.Second, "#EXT-X-TARGETDURATION:2\n"},
		{2*gst.Second + 1, "#EXT-X-TARGETDURATION:3\n"},
		{0, "#EXT-X-TARGETDURATION:1\n"},
	} {
		p := Playlist{Entries: []PlaylistEntry{{URI: "a.ts", Duration: c.d}}}
		got, err := p.Render()
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(got), c.want) {
			t.Errorf("%v: %s", c.d, got)
		}
	}
}

func TestPlaylistRejectsBadURIs(t *testing.T) {
	for _, p := range []Playlist{
		{Entries: []PlaylistEntry{{URI: ""}}},
		{Entries: []PlaylistEntry{{URI: "a\n#EXT-X-ENDLIST"}}},
		{MapURI: "x\"y"},
	} {
		if _, err := p.Render(); err == nil {
			t.Errorf("%+v rendered", p)
		}
	}
}

func TestRelativeURI(t *testing.T) {
	for _, c := range []struct{ pl, name, want string }{
		{"playlist.m3u8", "seg1.ts", "seg1.ts"},
		{"playlist.m3u8", "v/seg1.ts", "v/seg1.ts"},
		{"v/playlist.m3u8", "v/seg1.ts", "seg1.ts"},
		{"v/playlist.m3u8", "seg1.ts", "../seg1.ts"},
		{"a/b/playlist.m3u8", "c/seg1.ts", "../../c/seg1.ts"},
	} {
		if got := hlsRelativeURI(c.pl, c.name); got != c.want {
			t.Errorf("hlsRelativeURI(%q, %q) = %q, want %q", c.pl, c.name, got, c.want)
		}
	}
}

func TestFormatLocation(t *testing.T) {
	for _, c := range []struct {
		pattern string
		index   int
		want    string
		ok      bool
	}{
		{"segment%05d.ts", 7, "segment00007.ts", true},
		{"seg%d.ts", 12, "seg12.ts", true},
		{"seg%u-%%.ts", 3, "seg3-%.ts", true},
		{"seg%lu.ts", 3, "seg3.ts", true},
		{"seg%x.ts", 255, "segff.ts", true},
		{"seg.ts", 0, "", false},
		{"seg%d%d.ts", 0, "", false},
		{"seg%s.ts", 0, "", false},
		{"seg%", 0, "", false},
		{"seg%0999999999d", 0, "", false},
	} {
		got, err := storage.FormatLocation(c.pattern, c.index)
		if (err == nil) != c.ok || got != c.want {
			t.Errorf("storage.FormatLocation(%q, %d) = %q, %v", c.pattern, c.index, got, err)
		}
	}
}

func FuzzFormatLocation(f *testing.F) {
	for _, s := range []string{"segment%05d.ts", "%%%d", "%", "%-8x", "a%lld%"} {
		f.Add(s, 3)
	}
	f.Fuzz(func(t *testing.T, pattern string, index int) {
		out, err := storage.FormatLocation(pattern, index)
		if err == nil && len(out) > len(pattern)+64 {
			t.Fatalf("%q expanded to %d bytes", pattern, len(out))
		}
	})
}

func FuzzPlaylist(f *testing.F) {
	f.Add("seg0.ts", int64(2_000_000_000), uint64(0), 0, false, "")
	f.Add("a b/c.ts", int64(1), uint64(5), 2, true, "init.mp4")
	f.Fuzz(func(t *testing.T, uri string, dur int64, seq uint64, typ int, ended bool, mapURI string) {
		if dur < 0 || dur > int64(1000*gst.Second) {
			return
		}
		p := Playlist{Entries: []PlaylistEntry{{URI: uri, Duration: gst.ClockTime(dur)}}, MediaSequence: seq % (1 << 62),
			Type: PlaylistType(typ % 3), Ended: ended, MapURI: mapURI}
		out, err := p.Render()
		if err != nil {
			return
		}
		// what we write must read back with the same entries
		pl, _, err := m3u8.DecodeFrom(bytes.NewReader(out), true)
		if err != nil {
			t.Fatalf("rendered playlist does not parse: %v\n%s", err, out)
		}
		mp, ok := pl.(*m3u8.MediaPlaylist)
		if !ok || mp.Count() != 1 || mp.SeqNo != p.MediaSequence {
			t.Fatalf("round trip lost data:\n%s", out)
		}
	})
}
