package hls

import "testing"

// An s3:// location takes playlist and init locations given bare or as
// s3:// URLs under the same bucket and prefix, and refuses others.
func TestHLSSinkResolveS3Names(t *testing.T) {
	for _, tc := range []struct {
		playlist, want string
		ok             bool
	}{
		{"playlist.m3u8", "playlist.m3u8", true},
		{"s3://b/live/playlist.m3u8", "playlist.m3u8", true},
		{"s3://b/live/sub/p.m3u8", "sub/p.m3u8", true},
		{"s3://other/live/playlist.m3u8", "", false},
		{"s3://b/elsewhere/playlist.m3u8", "", false},
	} {
		tg, err := hlssinkResolve("s3://b/live/seg%05d.ts", tc.playlist, "init.mp4")
		if (err == nil) != tc.ok || (tc.ok && (tg.playlist != tc.want || tg.bucket != "b" || tg.key != "live" || tg.pattern != "seg%05d.ts")) {
			t.Errorf("resolve(%q) = %+v, %v; want %q ok=%v", tc.playlist, tg, err, tc.want, tc.ok)
		}
	}
}
