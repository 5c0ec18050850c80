// Package storage is the contract between elements that produce named
// objects and the sinks that store them. An HLS segmenter cuts a stream
// into media segments and playlists; instead of writing files itself it
// pushes each one downstream as a buffer (or a run of buffers, see
// "Objects in parts") carrying an ObjectMeta (its object name, content
// type, duration and kind). A storage sink (s3sink, or multifilesink
// writing into a directory) stores every such object, or deletes the
// named object for a buffer whose meta says Delete.
//
// # Objects in parts
//
// A large object (an MPEG-TS media segment is several MB at 1080p) may
// leave its producer in parts, so that neither the producer nor the sink
// has to hold it whole: the buffers of one object carry ObjectMetas with
// the same Name, Part 0, 1, 2... in order, and More set on all but the
// last. The object is the concatenation of the parts' payloads. The rules:
//
//   - The parts of an object are consecutive: no buffer of another object
//     comes between them. A sink that sees a part out of order, or another
//     object while one is incomplete, posts an error, discards the
//     incomplete object and refuses the buffer (ObjectParts checks this).
//   - An object appears in storage only once its final part is stored,
//     never partially under its name: multifilesink appends the parts to
//     a temporary file and renames it at the final part; s3sink collects
//     them and stores the object at the final part.
//   - A flush, a stop or EOS with an object incomplete discards it.
//   - A producer pushes whatever refers to an object (a playlist listing a
//     segment) only after the object's final part.
//
// The zero values (Part 0, More false) are a whole object in one buffer,
// so producers that never split need not know about parts. hlssegmenter
// pushes an MPEG-TS segment in parts of 64 KiB (hlssegmenter's
// documentation says more).
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
