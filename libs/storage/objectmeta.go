package storage

import (
	"fmt"
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

// ObjectMeta names the object a buffer's payload is (or is a part of).
// Name is relative to the storage sink's location (a directory, or a
// bucket and key prefix), uses '/' as separator and never starts with '/'
// or contains "..". ContentType is the MIME type to store it with.
// Duration is the media duration of a segment in nanoseconds
// (ClockTimeNone otherwise). When Delete is true the buffer carries no
// payload and asks the sink to delete the named object (a segment leaving
// a live playlist window).
//
// Part and More let an object arrive in several buffers (see the package
// doc): Part is the index of this buffer's payload among the object's
// parts, from 0, and More says that further parts follow. The zero values
// (Part 0, More false) are a whole object in one buffer. Name,
// ContentType and Kind are the same on every part; Duration counts on the
// final part. Delete buffers are never parts.
//
// GStreamer: none (Go-only meta; see the package doc).
type ObjectMeta struct {
	gst.MetaBase
	Name        string
	ContentType string
	Kind        ObjectKind
	Duration    gst.ClockTime
	Delete      bool
	Part        int
	More        bool
}

// Final reports whether the buffer completes its object: a whole object,
// the last of its parts, or a delete request.
//
// GStreamer: none (Go-only).
func (m *ObjectMeta) Final() bool { return !m.More }

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

// ObjectParts follows the parts of the object a storage sink is
// receiving, so that every sink applies the same rules (see the package
// doc): an object's parts come in order and are not interleaved with
// other buffers. The zero value expects a new object. Not safe for
// concurrent use; a sink calls it from its streaming thread.
//
// GStreamer: none (Go-only).
type ObjectParts struct {
	name string
	next int
	open bool
}

// Accept checks that m may follow the buffers accepted so far and records
// it. first reports that m starts an object (a whole object, its part 0,
// or a delete request); the object is complete when m.Final(). On error
// (a part out of order, a part of another object, a delete request or new
// object while one is incomplete) nothing is recorded: the sink discards
// the incomplete object and calls Reset.
//
// GStreamer: none (Go-only).
func (p *ObjectParts) Accept(m *ObjectMeta) (first bool, err error) {
	if m.Delete && (m.More || m.Part != 0) {
		return false, fmt.Errorf("delete request for %q sent in parts", m.Name)
	}
	if p.open {
		if m.Delete || m.Name != p.name || m.Part != p.next {
			what := fmt.Sprintf("part %d of %q", m.Part, m.Name)
			if m.Delete {
				what = fmt.Sprintf("a delete request for %q", m.Name)
			}
			return false, fmt.Errorf("object %q is incomplete (part %d expected) but %s arrived", p.name, p.next, what)
		}
		p.next++
		p.open = m.More
		return false, nil
	}
	if m.Part != 0 {
		return false, fmt.Errorf("part %d of %q arrived without its earlier parts", m.Part, m.Name)
	}
	if m.More {
		p.name, p.next, p.open = m.Name, 1, true
	}
	return true, nil
}

// Pending returns the name of the incomplete object, if there is one.
//
// GStreamer: none (Go-only).
func (p *ObjectParts) Pending() (name string, ok bool) { return p.name, p.open }

// Reset forgets the incomplete object (after a flush, a stop or an
// error).
//
// GStreamer: none (Go-only).
func (p *ObjectParts) Reset() { *p = ObjectParts{} }
