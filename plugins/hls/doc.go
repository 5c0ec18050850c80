// Package hls holds the HTTP Live Streaming plugin: hlssegmenter, which
// cuts H.264/AAC into MPEG-TS or CMAF segments and an m3u8 playlist and
// pushes them as named objects (package libs/storage), and hlssink, a
// bin in the manner of GStreamer's hlssink2 that puts hlssegmenter, a
// queue and a storage sink (multifilesink for a directory, s3sink for an
// s3:// location) together.
//
//	gstmini launch filesrc location=movie.mp4 ! qtdemux name=d \
//	    d.video_0 ! queue ! hls.video  d.audio_0 ! queue ! hls.audio \
//	    hlssink name=hls location=/srv/hls/seg%05d.ts target-duration=2
//
// Segments start with a keyframe (SPS/PPS included) and are cut once
// target-duration seconds of running time have passed; the playlist is
// rewritten after each segment (a sliding window of playlist-length
// entries for live playlists, all segments for event/vod) and ended with
// #EXT-X-ENDLIST at EOS. An MPEG-TS segment is pushed in parts of
// part-size bytes as it is muxed (see HLSSegmenter), so memory use does
// not grow with the segment. A video rotation (image-orientation tag) is
// kept in the CMAF init segment's tkhd matrix; MPEG-TS cannot carry it.
// TS is written with github.com/asticode/go-astits (the framing of
// github.com/bluenviron/mediacommon's writer), CMAF with
// github.com/Eyevinn/mp4ff and playlists with github.com/Eyevinn/hls-m3u8.
//
// GStreamer: ext/hls (gst-plugins-bad) hlssink2, and gst-plugins-rs hlssink3.
package hls
