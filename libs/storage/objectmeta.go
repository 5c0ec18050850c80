package storage

import (
	"sync"

	"github.com/gstmini/gstmini/gst"
)

// Caps is the media type of a stream of object buffers.
//
// GStreamer: none (Go-only).
const Caps = "application/x-gstmini-object"

// ObjectKind tells what an object is, so sinks can pick defaults (for
// example a cache-control header) and tests can find segments.
//
// GStreamer: none (Go-only).
type ObjectKind int

// The object kinds.
//
// GStreamer: none (Go-only).
const (
	// ObjectSegment is a media segment (a .ts file or a CMAF fragment).
	ObjectSegment ObjectKind = iota
	// ObjectPlaylist is a playlist (.m3u8), rewritten on every update.
	ObjectPlaylist
	// ObjectInit is an initialization segment (CMAF init.mp4).
	ObjectInit
)

// String returns "segment", "playlist" or "init".
//
// GStreamer: none (Go-only).
func (k ObjectKind) String() string {
	switch k {
	case ObjectSegment:
		return "segment"
	case ObjectPlaylist:
		return "playlist"
	case ObjectInit:
		return "init"
	}
	return "unknown"
}

// ObjectMeta names the object a buffer's payload is. Name is relative to
// the storage sink's location (a directory, or a bucket and key prefix),
// uses '/' as separator and never starts with '/' or contains "..".
// ContentType is the MIME type to store it with. Duration is the media
// duration of a segment in nanoseconds (ClockTimeNone otherwise). When
// Delete is true the buffer carries no payload and asks the sink to
// delete the named object (a segment leaving a live playlist window).
//
// GStreamer: none (Go-only meta; see the package doc).
type ObjectMeta struct {
	gst.MetaBase
	Name        string
	ContentType string
	Kind        ObjectKind
	Duration    gst.ClockTime
	Delete      bool
}

// ObjectMetaAPI is the meta API name of ObjectMeta.
//
// GStreamer: none (Go-only).
const ObjectMetaAPI = "GstMiniObjectMetaAPI"

// objectMetaInfo registers the meta on first use, as GStreamer's
// *_meta_get_info functions do.
var objectMetaInfo = sync.OnceValue(func() *gst.MetaInfo {
	if err := gst.RegisterMetaAPI(ObjectMetaAPI); err != nil {
		panic(err) // only on a duplicate registration: a programming error
	}
	info, err := gst.RegisterMeta(&gst.MetaInfo{
		API:  ObjectMetaAPI,
		Impl: "GstMiniObjectMeta",
		Transform: func(dest *gst.Buffer, m gst.Meta, _ *gst.Buffer, _ gst.MetaTransform) bool {
			o := *m.(*ObjectMeta)
			o.MetaBase = gst.MetaBase{}
			return dest.AddMeta(&o) == nil
		},
	})
	if err != nil {
		panic(err)
	}
	return info
})

// MetaInfo returns the registered info of ObjectMeta.
//
// GStreamer: none (Go-only).
func (*ObjectMeta) MetaInfo() *gst.MetaInfo { return objectMetaInfo() }

// AddObjectMeta attaches m to buf (which must be writable) and returns
// the attached meta.
//
// GStreamer: none (Go-only; compare gst_buffer_add_meta, gst/gstbuffer.c).
func AddObjectMeta(buf *gst.Buffer, m ObjectMeta) (*ObjectMeta, error) {
	meta := m
	meta.MetaBase = gst.MetaBase{}
	if err := buf.AddMeta(&meta); err != nil {
		return nil, err
	}
	return &meta, nil
}

// ObjectMetaOf returns buf's ObjectMeta, or nil.
//
// GStreamer: none (Go-only; compare gst_buffer_get_meta, gst/gstbuffer.c).
func ObjectMetaOf(buf *gst.Buffer) *ObjectMeta {
	if m, ok := buf.Meta(ObjectMetaAPI).(*ObjectMeta); ok {
		return m
	}
	return nil
}
