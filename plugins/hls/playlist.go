package hls

import (
	"errors"
	"path"
	"strings"

	"github.com/Eyevinn/hls-m3u8/m3u8"

	"github.com/gstmini/gstmini/gst"
)

// PlaylistType is the value of the "playlist-type" property: whether and
// how the playlist announces #EXT-X-PLAYLIST-TYPE.
//
// GStreamer: HlsSink3PlaylistType (gst-plugins-rs net/hlssink3/src/lib.rs).
type PlaylistType int

// The playlist types.
//
// GStreamer: GstHlsSink3PlaylistType values (gst-plugins-rs net/hlssink3/src/lib.rs).
const (
	// PlaylistTypeUnspecified writes no #EXT-X-PLAYLIST-TYPE and keeps a
	// sliding window of playlist-length segments (hlssink2's behaviour).
	PlaylistTypeUnspecified PlaylistType = 0
	// PlaylistTypeEvent writes #EXT-X-PLAYLIST-TYPE:EVENT and never
	// removes segments from the playlist.
	PlaylistTypeEvent PlaylistType = 1
	// PlaylistTypeVOD behaves like PlaylistTypeEvent while streaming and
	// writes #EXT-X-PLAYLIST-TYPE:VOD with #EXT-X-ENDLIST at the end.
	PlaylistTypeVOD PlaylistType = 2
)

// PlaylistTypeEnum is the "playlist-type" enumeration.
//
// GStreamer: GstHlsSink3PlaylistType (gst-plugins-rs net/hlssink3/src/lib.rs).
var PlaylistTypeEnum = &gst.EnumClass{
	Name: "GstHlsSink3PlaylistType",
	Values: []gst.EnumValue{
		{Value: int(PlaylistTypeUnspecified), Name: "Unspecified: The tag `#EXT-X-PLAYLIST-TYPE` won't be present in the playlist during the pipeline processing.", Nick: "unspecified"},
		{Value: int(PlaylistTypeEvent), Name: "Event: No segments will be removed from the playlist. At the end of the processing, the tag `#EXT-X-ENDLIST` is added to the playlist. The tag `#EXT-X-PLAYLIST-TYPE:EVENT` will be present in the playlist.", Nick: "event"},
		{Value: int(PlaylistTypeVOD), Name: "Vod: The playlist behaves like the `event` option (a live event), but at the end of the processing, the playlist will be set to `#EXT-X-PLAYLIST-TYPE:VOD`.", Nick: "vod"},
	},
}

// PlaylistEntry is one media segment of a media playlist.
//
// GStreamer: GstM3U8Entry (ext/hls/gstm3u8playlist.c).
type PlaylistEntry struct {
	URI      string        // as written after #EXTINF, relative to the playlist
	Duration gst.ClockTime // ns
}

// Playlist describes an HLS media playlist to render.
//
// GStreamer: GstM3U8Playlist (ext/hls/gstm3u8playlist.c).
type Playlist struct {
	// Entries are the segments listed, oldest first.
	Entries []PlaylistEntry
	// MediaSequence is the sequence number of Entries[0].
	MediaSequence uint64
	// Type selects #EXT-X-PLAYLIST-TYPE (none, EVENT or VOD).
	Type PlaylistType
	// MapURI, when set, is written as #EXT-X-MAP:URI="..." (CMAF init
	// segment).
	MapURI string
	// Ended adds #EXT-X-ENDLIST.
	Ended bool
}

// Render writes p as an m3u8 text: #EXT-X-VERSION, #EXT-X-TARGETDURATION
// (the longest segment rounded up to whole seconds, at least 1),
// #EXT-X-MEDIA-SEQUENCE, #EXTINF durations with three decimals, and
// #EXT-X-ENDLIST when Ended. The text is produced by
// github.com/Eyevinn/hls-m3u8. Safe for concurrent use.
//
// GStreamer: gst_m3u8_playlist_render (ext/hls/gstm3u8playlist.c).
func (p *Playlist) Render() ([]byte, error) {
	n := uint(len(p.Entries))
	pl, err := m3u8.NewMediaPlaylist(0, max(n, 1))
	if err != nil {
		return nil, err
	}
	defer pl.ReleasePlaylist()
	pl.SeqNo = p.MediaSequence
	pl.SetWritePrecision(3)
	var longest gst.ClockTime
	for _, e := range p.Entries {
		if e.URI == "" || strings.HasPrefix(strings.TrimSpace(e.URI), "#") || strings.TrimSpace(e.URI) == "" || strings.ContainsAny(e.URI, "\r\n") {
			return nil, errors.New("hls: playlist entry with an empty URI, a URI starting with # or a line break")
		}
		if err := pl.Append(e.URI, float64(e.Duration)/float64(gst.Second), ""); err != nil {
			return nil, err
		}
		longest = max(longest, e.Duration)
	}
	td := uint((uint64(longest) + uint64(gst.Second) - 1) / uint64(gst.Second))
	pl.SetTargetDuration(max(td, 1))
	switch p.Type {
	case PlaylistTypeEvent:
		pl.MediaType = m3u8.EVENT
	case PlaylistTypeVOD:
		if p.Ended {
			pl.MediaType = m3u8.VOD
		} else {
			pl.MediaType = m3u8.EVENT
		}
	}
	if p.MapURI != "" {
		if strings.ContainsAny(p.MapURI, "\"\r\n") {
			return nil, errors.New("hls: map URI with a quote or a line break")
		}
		pl.SetDefaultMap(p.MapURI, 0, 0)
		// RFC 8216 4.3.2.5: EXT-X-MAP outside I-frame playlists needs version 6
		pl.SetVersion(6)
	}
	if p.Ended {
		pl.Close()
	}
	return append([]byte(nil), pl.Encode().Bytes()...), nil
}

// hlsRelativeURI returns the URI of object name as seen from the
// playlist object named playlist (both '/'-separated, relative to the same
// root).
func hlsRelativeURI(playlist, name string) string {
	dir := path.Dir(playlist)
	if dir == "." {
		return name
	}
	if strings.HasPrefix(name, dir+"/") {
		return strings.TrimPrefix(name, dir+"/")
	}
	up := strings.Repeat("../", strings.Count(dir, "/")+1)
	return up + name
}
