package gst

import (
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
)

// MetaFlags are the flags of a meta attached to a buffer.
//
// GStreamer: GstMetaFlags (gst/gstmeta.h).
type MetaFlags uint32

// Meta flags.
//
// GStreamer: GST_META_FLAG_* (gst/gstmeta.h).
const (
	MetaFlagNone MetaFlags = 0
	// MetaFlagReadonly: the meta must not be modified.
	MetaFlagReadonly MetaFlags = 1 << 0
	// MetaFlagPooled: the meta belongs to a pooled buffer and stays when
	// the buffer returns to its pool.
	MetaFlagPooled MetaFlags = 1 << 1
	// MetaFlagLocked: the meta cannot be removed.
	MetaFlagLocked MetaFlags = 1 << 2
)

// Well-known meta API tags.
//
// GStreamer: GST_META_TAG_MEMORY_STR, GST_META_TAG_MEMORY_REFERENCE_STR (gst/gstmeta.h).
const (
	// MetaTagMemory marks metas describing the memory layout; they are not
	// copied when the memory layout changes (region copies, merges).
	MetaTagMemory = "memory"
	// MetaTagMemoryReference marks metas that reference memory of another
	// buffer; they are not copied by deep copies.
	MetaTagMemoryReference = "memory-reference"
)

// MetaTransform describes a transformation of a buffer during which metas
// may be carried over to the new buffer. MetaTransformCopy is the one the
// core uses; other packages may define more (a video scale, ...).
//
// GStreamer: the transform type GQuark of GstMetaTransformFunction (gst/gstmeta.h).
type MetaTransform interface {
	// TransformType names the transformation, "gst-copy" for copies.
	TransformType() string
}

// MetaTransformCopy is the transformation of a buffer copy: Region is true
// when only Size bytes from Offset were copied.
//
// GStreamer: GstMetaTransformCopy (gst/gstmeta.h).
type MetaTransformCopy struct {
	Region bool
	Offset int
	Size   int
}

// TransformType returns "gst-copy".
//
// GStreamer: GST_META_TRANSFORM_IS_COPY (gst/gstmeta.h).
func (*MetaTransformCopy) TransformType() string { return "gst-copy" }

// MetaInfo describes an implementation of a meta API: the API name it
// implements (registered with RegisterMetaAPI), its own name and its
// optional hooks. Register it once with RegisterMeta.
//
// GStreamer: GstMetaInfo (gst/gstmeta.h).
type MetaInfo struct {
	// API is the meta API name, e.g. "GstReferenceTimestampMetaAPI".
	API string
	// Impl is the implementation name, e.g. "GstReferenceTimestampMeta".
	Impl string
	// Transform carries m from src over to dest during t (for a copy, t is
	// a *MetaTransformCopy), usually by adding a new meta to dest. It
	// reports false when the transformation is not supported. A nil
	// Transform means the meta is never carried over.
	Transform func(dest *Buffer, m Meta, src *Buffer, t MetaTransform) bool
	// Free, if set, is called when m is removed from b or b is freed.
	Free func(m Meta, b *Buffer)
	// Clear, if set, resets a pooled meta when its buffer returns to the
	// pool.
	Clear func(b *Buffer, m Meta)
}

// Meta is metadata attached to a buffer. Implement it by embedding MetaBase
// in a struct and adding a MetaInfo method returning the registered info:
//
//	type MyMeta struct {
//		gst.MetaBase
//		Rate int
//	}
//	func (*MyMeta) MetaInfo() *gst.MetaInfo { return myMetaInfo }
//
// A meta belongs to one buffer at a time.
//
// GStreamer: GstMeta (gst/gstmeta.h).
type Meta interface {
	// MetaInfo returns the registered info of the meta's implementation.
	MetaInfo() *MetaInfo
	metaBase() *MetaBase
}

// MetaBase holds the flags and the sequence number common to all metas.
// Embed it in a meta struct.
//
// GStreamer: GstMeta (gst/gstmeta.h).
type MetaBase struct {
	flags  MetaFlags
	seqnum uint64
}

func (m *MetaBase) metaBase() *MetaBase { return m }

// Flags returns the meta flags.
//
// GStreamer: GST_META_FLAGS (gst/gstmeta.h).
func (m *MetaBase) Flags() MetaFlags { return m.flags }

// HasFlags reports whether all of f are set.
//
// GStreamer: GST_META_FLAG_IS_SET (gst/gstmeta.h).
func (m *MetaBase) HasFlags(f MetaFlags) bool { return m.flags&f == f }

// SetFlags sets f.
//
// GStreamer: GST_META_FLAG_SET (gst/gstmeta.h).
func (m *MetaBase) SetFlags(f MetaFlags) { m.flags |= f }

// UnsetFlags clears f.
//
// GStreamer: GST_META_FLAG_UNSET (gst/gstmeta.h).
func (m *MetaBase) UnsetFlags(f MetaFlags) { m.flags &^= f }

// Seqnum returns the sequence number given when the meta was added to a
// buffer (increasing over the process), or 0 when not attached.
//
// GStreamer: gst_meta_get_seqnum (gst/gstmeta.c).
func (m *MetaBase) Seqnum() uint64 { return m.seqnum }

var metaSeq atomic.Uint64

// CompareMetaSeqnum orders two metas by the time they were added: negative
// when a was added before b, 0 when equal, positive otherwise.
//
// GStreamer: gst_meta_compare_seqnum (gst/gstmeta.c).
func CompareMetaSeqnum(a, b Meta) int {
	sa, sb := a.metaBase().seqnum, b.metaBase().seqnum
	switch {
	case sa < sb:
		return -1
	case sa > sb:
		return 1
	}
	return 0
}

// ---- registry ----

var metaRegistry struct {
	once  sync.Once
	mu    sync.RWMutex
	apis  map[string][]string
	infos map[string]*MetaInfo
}

func metaRegistryInit() {
	metaRegistry.once.Do(func() {
		metaRegistry.apis = map[string][]string{
			referenceTimestampMetaAPI: {},
			parentBufferMetaAPI:       {MetaTagMemoryReference},
		}
		metaRegistry.infos = map[string]*MetaInfo{
			"GstReferenceTimestampMeta": referenceTimestampMetaInfo,
			"GstParentBufferMeta":       parentBufferMetaInfo,
		}
	})
}

// RegisterMetaAPI registers a meta API name with its tags (MetaTagMemory,
// MetaTagMemoryReference or API-specific strings such as "video").
// Registering the same API again with the same tags is a no-op; different
// tags are an error. Safe for concurrent use.
//
// GStreamer: gst_meta_api_type_register (gst/gstmeta.c).
func RegisterMetaAPI(api string, tags ...string) error {
	if api == "" {
		return errors.New("gst: empty meta API name")
	}
	metaRegistryInit()
	metaRegistry.mu.Lock()
	defer metaRegistry.mu.Unlock()
	if old, ok := metaRegistry.apis[api]; ok {
		if !slices.Equal(old, tags) && !(len(old) == 0 && len(tags) == 0) {
			return fmt.Errorf("gst: meta API %q already registered with tags %q", api, old)
		}
		return nil
	}
	metaRegistry.apis[api] = slices.Clone(tags)
	return nil
}

// MetaAPITags returns the tags of a registered meta API (nil when unknown).
// Safe for concurrent use.
//
// GStreamer: gst_meta_api_type_get_tags (gst/gstmeta.c).
func MetaAPITags(api string) []string {
	metaRegistryInit()
	metaRegistry.mu.RLock()
	defer metaRegistry.mu.RUnlock()
	return slices.Clone(metaRegistry.apis[api])
}

// MetaAPIHasTag reports whether the meta API has tag. Safe for concurrent
// use.
//
// GStreamer: gst_meta_api_type_has_tag (gst/gstmeta.c).
func MetaAPIHasTag(api, tag string) bool {
	metaRegistryInit()
	metaRegistry.mu.RLock()
	defer metaRegistry.mu.RUnlock()
	return slices.Contains(metaRegistry.apis[api], tag)
}

// RegisterMeta registers a meta implementation. Its API must be registered
// and its Impl name unused (registering the same *MetaInfo twice is a
// no-op). It returns info for convenient package-level initialisation.
// Safe for concurrent use.
//
// GStreamer: gst_meta_register (gst/gstmeta.c).
func RegisterMeta(info *MetaInfo) (*MetaInfo, error) {
	if info == nil || info.Impl == "" {
		return nil, errors.New("gst: meta info needs an Impl name")
	}
	metaRegistryInit()
	metaRegistry.mu.Lock()
	defer metaRegistry.mu.Unlock()
	if _, ok := metaRegistry.apis[info.API]; !ok {
		return nil, fmt.Errorf("gst: meta API %q of %q is not registered", info.API, info.Impl)
	}
	if old, ok := metaRegistry.infos[info.Impl]; ok {
		if old == info {
			return info, nil
		}
		return nil, fmt.Errorf("gst: meta implementation %q already registered", info.Impl)
	}
	metaRegistry.infos[info.Impl] = info
	return info, nil
}

// LookupMetaInfo returns the registered implementation named impl, or nil.
// Safe for concurrent use.
//
// GStreamer: gst_meta_get_info (gst/gstmeta.c).
func LookupMetaInfo(impl string) *MetaInfo {
	metaRegistryInit()
	metaRegistry.mu.RLock()
	defer metaRegistry.mu.RUnlock()
	return metaRegistry.infos[impl]
}

// ---- GstReferenceTimestampMeta ----

const referenceTimestampMetaAPI = "GstReferenceTimestampMetaAPI"

// ReferenceTimestampMeta attaches a timestamp in another time domain to a
// buffer, e.g. the capture time from an NTP or PTP clock. Reference caps
// name the domain ("timestamp/x-ntp", "timestamp/x-unix"...). It is copied
// by every buffer copy, since it refers to the moment of capture.
//
// GStreamer: GstReferenceTimestampMeta (gst/gstbuffer.h).
type ReferenceTimestampMeta struct {
	MetaBase
	// Reference identifies the time domain.
	Reference *Caps
	// Timestamp is the timestamp (ns) in that domain.
	Timestamp ClockTime
	// Duration is the duration (ns), or ClockTimeNone.
	Duration ClockTime
	// Info holds optional extra information, or nil.
	Info *Structure
}

var referenceTimestampMetaInfo = &MetaInfo{
	API:       referenceTimestampMetaAPI,
	Impl:      "GstReferenceTimestampMeta",
	Transform: referenceTimestampMetaTransform,
}

// MetaInfo returns the ReferenceTimestampMeta info.
//
// GStreamer: gst_reference_timestamp_meta_get_info (gst/gstbuffer.c).
func (*ReferenceTimestampMeta) MetaInfo() *MetaInfo { return referenceTimestampMetaInfo }

// ReferenceTimestampMetaAPI is the API name of ReferenceTimestampMeta.
//
// GStreamer: GST_REFERENCE_TIMESTAMP_META_API_TYPE (gst/gstbuffer.h).
const ReferenceTimestampMetaAPI = referenceTimestampMetaAPI

func referenceTimestampMetaTransform(dest *Buffer, m Meta, _ *Buffer, _ MetaTransform) bool {
	s := m.(*ReferenceTimestampMeta)
	for o := range dest.IterateMetas(referenceTimestampMetaAPI) {
		o := o.(*ReferenceTimestampMeta)
		if o.Timestamp == s.Timestamp && o.Duration == s.Duration && o.Reference.IsEqual(s.Reference) &&
			o.Info == s.Info {
			return true
		}
	}
	d, err := dest.AddReferenceTimestampMeta(s.Reference, s.Timestamp, s.Duration)
	if err != nil {
		return false
	}
	d.Info = s.Info
	return true
}

// AddReferenceTimestampMeta attaches a ReferenceTimestampMeta with the
// reference caps, timestamp (ns, must be valid) and duration (ns, may be
// ClockTimeNone). The buffer must be writable.
//
// GStreamer: gst_buffer_add_reference_timestamp_meta (gst/gstbuffer.c).
func (b *Buffer) AddReferenceTimestampMeta(reference *Caps, timestamp, duration ClockTime) (*ReferenceTimestampMeta, error) {
	if reference == nil {
		return nil, errors.New("gst: reference timestamp meta needs reference caps")
	}
	if !timestamp.IsValid() {
		return nil, errors.New("gst: reference timestamp meta needs a valid timestamp")
	}
	m := &ReferenceTimestampMeta{Reference: reference, Timestamp: timestamp, Duration: duration}
	if err := b.AddMeta(m); err != nil {
		return nil, err
	}
	return m, nil
}

// ReferenceTimestampMeta returns the first ReferenceTimestampMeta whose
// reference caps are a subset of reference (any one when reference is
// nil), or nil.
//
// GStreamer: gst_buffer_get_reference_timestamp_meta (gst/gstbuffer.c).
func (b *Buffer) ReferenceTimestampMeta(reference *Caps) *ReferenceTimestampMeta {
	for m := range b.IterateMetas(referenceTimestampMetaAPI) {
		r := m.(*ReferenceTimestampMeta)
		if reference == nil || r.Reference.IsSubset(reference) {
			return r
		}
	}
	return nil
}

// ---- GstParentBufferMeta ----

const parentBufferMetaAPI = "GstParentBufferMetaAPI"

// ParentBufferMetaAPI is the API name of ParentBufferMeta.
//
// GStreamer: GST_PARENT_BUFFER_META_API_TYPE (gst/gstbuffer.h).
const ParentBufferMetaAPI = parentBufferMetaAPI

// ParentBufferMeta keeps a reference to another buffer for as long as the
// buffer carrying the meta lives, typically because it uses that buffer's
// memory (so a pooled parent does not go back to its pool too early).
//
// GStreamer: GstParentBufferMeta (gst/gstbuffer.h).
type ParentBufferMeta struct {
	MetaBase
	// Buffer is the referenced parent buffer.
	Buffer *Buffer
}

var parentBufferMetaInfo = &MetaInfo{
	API:       parentBufferMetaAPI,
	Impl:      "GstParentBufferMeta",
	Transform: parentBufferMetaTransform,
	Free:      parentBufferMetaFree,
}

// MetaInfo returns the ParentBufferMeta info.
//
// GStreamer: gst_parent_buffer_meta_get_info (gst/gstbuffer.c).
func (*ParentBufferMeta) MetaInfo() *MetaInfo { return parentBufferMetaInfo }

func parentBufferMetaTransform(dest *Buffer, m Meta, _ *Buffer, t MetaTransform) bool {
	if _, ok := t.(*MetaTransformCopy); !ok {
		return false
	}
	_, err := dest.AddParentBufferMeta(m.(*ParentBufferMeta).Buffer)
	return err == nil
}

func parentBufferMetaFree(m Meta, _ *Buffer) {
	p := m.(*ParentBufferMeta)
	if p.Buffer != nil {
		p.Buffer.Unref()
		p.Buffer = nil
	}
}

// AddParentBufferMeta attaches a ParentBufferMeta holding a new reference
// to parent (dropped when the meta goes). The buffer must be writable.
//
// GStreamer: gst_buffer_add_parent_buffer_meta (gst/gstbuffer.c).
func (b *Buffer) AddParentBufferMeta(parent *Buffer) (*ParentBufferMeta, error) {
	if parent == nil {
		return nil, errors.New("gst: nil parent buffer")
	}
	m := &ParentBufferMeta{Buffer: parent}
	if err := b.AddMeta(m); err != nil {
		return nil, err
	}
	parent.Ref()
	return m, nil
}

// ParentBufferMeta returns the first ParentBufferMeta, or nil.
//
// GStreamer: gst_buffer_get_parent_buffer_meta (gst/gstbuffer.h).
func (b *Buffer) ParentBufferMeta() *ParentBufferMeta {
	if m, ok := BufferMeta[*ParentBufferMeta](b); ok {
		return m
	}
	return nil
}
