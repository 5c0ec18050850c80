// Package storage is the contract between elements that produce named
// objects and the sinks that store them. An HLS segmenter cuts a stream
// into media segments and playlists; instead of writing files itself it
// pushes each one downstream as one buffer carrying an ObjectMeta (its
// object name, content type, duration and kind). A storage sink (s3sink,
// or multifilesink writing into a directory) stores every such buffer as
// one object, or deletes the named object for a buffer whose meta says
// Delete.
//
// The split is the seed's (../shared/seeds): the segmenter knows media,
// the sink knows storage, and the queue between them decouples a slow
// upload from the streaming thread. Sinks store objects in the order they
// arrive and return an error for an object they could not store, so a
// playlist pushed after its segments is never stored when one of them
// failed.
//
// GStreamer has no such meta; it is the Go-side counterpart of hlssink2's
// "get-playlist-stream"/"get-fragment-stream" signals, where the
// application supplies the output for each file.
//
// GStreamer: none (Go-only library, in the spirit of gst-libs).
package storage
