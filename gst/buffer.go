package gst

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
)

// BufferFlags are the flags of a Buffer. The bit values are GStreamer's.
//
// GStreamer: GstBufferFlags (gst/gstbuffer.h).
type BufferFlags uint32

// Buffer flags.
//
// GStreamer: GST_BUFFER_FLAG_* (gst/gstbuffer.h).
const (
	// BufferFlagLive: the buffer is live data and should be discarded in
	// the PAUSED state.
	BufferFlagLive BufferFlags = 1 << 4
	// BufferFlagDecodeOnly: the buffer contains data that should be
	// dropped because it will be clipped against the segment boundaries.
	BufferFlagDecodeOnly BufferFlags = 1 << 5
	// BufferFlagDiscont: the buffer marks a data discontinuity in the
	// stream (after a seek, or after data loss).
	BufferFlagDiscont BufferFlags = 1 << 6
	// BufferFlagResync: the buffer timestamps might have a discontinuity.
	BufferFlagResync BufferFlags = 1 << 7
	// BufferFlagCorrupted: the buffer data is corrupted.
	BufferFlagCorrupted BufferFlags = 1 << 8
	// BufferFlagMarker: the buffer ends a unit (a frame, an RTP packet...).
	BufferFlagMarker BufferFlags = 1 << 9
	// BufferFlagHeader: the buffer holds stream headers.
	BufferFlagHeader BufferFlags = 1 << 10
	// BufferFlagGap: the buffer is a filler for a gap in the stream.
	BufferFlagGap BufferFlags = 1 << 11
	// BufferFlagDroppable: the buffer can be dropped without breaking
	// decoding.
	BufferFlagDroppable BufferFlags = 1 << 12
	// BufferFlagDeltaUnit: the buffer cannot be decoded on its own (not a
	// keyframe).
	BufferFlagDeltaUnit BufferFlags = 1 << 13
	// BufferFlagTagMemory: the memory blocks of the buffer were changed
	// since it was allocated; a pool will not reuse it.
	BufferFlagTagMemory BufferFlags = 1 << 14
	// BufferFlagSyncAfter: elements that sync should sync after rendering
	// this buffer.
	BufferFlagSyncAfter BufferFlags = 1 << 15
	// BufferFlagNonDroppable: the buffer must not be dropped (for QoS).
	BufferFlagNonDroppable BufferFlags = 1 << 16
)

var bufferFlagNames = []struct {
	f    BufferFlags
	name string
}{
	{BufferFlagLive, "live"},
	{BufferFlagDecodeOnly, "decode-only"},
	{BufferFlagDiscont, "discont"},
	{BufferFlagResync, "resync"},
	{BufferFlagCorrupted, "corrupted"},
	{BufferFlagMarker, "marker"},
	{BufferFlagHeader, "header"},
	{BufferFlagGap, "gap"},
	{BufferFlagDroppable, "droppable"},
	{BufferFlagDeltaUnit, "delta-unit"},
	{BufferFlagTagMemory, "tag-memory"},
	{BufferFlagSyncAfter, "sync-after"},
	{BufferFlagNonDroppable, "non-droppable"},
}

// String returns the flag nicks in bit order joined with "+", as GStreamer
// serializes flags ("discont+delta-unit"), or "0" when no flag is set.
// Unknown bits print in hex.
//
// GStreamer: GstBufferFlags nicks (gst/gstbuffer.h).
func (f BufferFlags) String() string {
	if f == 0 {
		return "0"
	}
	var parts []string
	rest := f
	for _, n := range bufferFlagNames {
		if f&n.f != 0 {
			parts = append(parts, n.name)
			rest &^= n.f
		}
	}
	if rest != 0 {
		parts = append(parts, fmt.Sprintf("0x%x", uint32(rest)))
	}
	return strings.Join(parts, "+")
}

// BufferOffsetNone is the invalid value of Buffer.Offset and OffsetEnd.
//
// GStreamer: GST_BUFFER_OFFSET_NONE (gst/gstbuffer.h).
const BufferOffsetNone uint64 = ^uint64(0)

// BufferCopyFlags select what CopyInto copies.
//
// GStreamer: GstBufferCopyFlags (gst/gstbuffer.h).
type BufferCopyFlags uint32

// Buffer copy flags.
//
// GStreamer: GST_BUFFER_COPY_* (gst/gstbuffer.h).
const (
	BufferCopyNone BufferCopyFlags = 0
	// BufferCopyBufferFlags copies the buffer flags (GST_BUFFER_COPY_FLAGS).
	BufferCopyBufferFlags BufferCopyFlags = 1 << 0
	// BufferCopyTimestamps copies PTS, DTS, duration and offsets.
	BufferCopyTimestamps BufferCopyFlags = 1 << 1
	// BufferCopyMeta copies the metas whose transform allows it.
	BufferCopyMeta BufferCopyFlags = 1 << 2
	// BufferCopyMemory shares (or copies) the memory blocks.
	BufferCopyMemory BufferCopyFlags = 1 << 3
	// BufferCopyMerge merges the copied memory into one block.
	BufferCopyMerge BufferCopyFlags = 1 << 4
	// BufferCopyDeep copies the bytes instead of sharing the memory.
	BufferCopyDeep BufferCopyFlags = 1 << 5
	// BufferCopyMetadata = flags, timestamps and metas.
	BufferCopyMetadata = BufferCopyBufferFlags | BufferCopyTimestamps | BufferCopyMeta
	// BufferCopyAll = metadata and memory.
	BufferCopyAll = BufferCopyMetadata | BufferCopyMemory
)

// bufferMemMax is the number of memory blocks a buffer holds before it
// merges them.
const bufferMemMax = 16

// BufferMemMax returns the maximum number of memory blocks of a buffer;
// adding more merges the existing ones.
//
// GStreamer: gst_buffer_get_max_memory (gst/gstbuffer.c).
func BufferMemMax() int { return bufferMemMax }

// Buffer is a unit of media data: up to 16 Memory blocks plus timing
// metadata, flags and metas.
//
// A buffer is reference counted: Ref adds a reference, Unref drops one,
// and a buffer is writable (IsWritable) only while exactly one reference
// exists and it is not held by a non-writable BufferList. Code that wants
// to change a buffer it received calls MakeWritable first; writing the
// bytes goes through Map(MapWrite), Fill or Memset, which copy memory that
// is shared with other buffers, so other holders never see the change.
// When the last reference of a buffer from a BufferPool is dropped the
// buffer goes back to its pool; otherwise the garbage collector frees it.
//
// The exported timing fields may be written only while the buffer is
// writable. The zero value is an empty buffer with one reference and zero
// timestamps; prefer NewBuffer, which sets them to ClockTimeNone.
//
// GStreamer: GstBuffer (gst/gstbuffer.c).
type Buffer struct {
	// PTS is the presentation timestamp (ns), ClockTimeNone when unknown.
	PTS ClockTime
	// DTS is the decoding timestamp (ns), ClockTimeNone when unknown.
	DTS ClockTime
	// Duration is the duration of the data (ns), ClockTimeNone when
	// unknown.
	Duration ClockTime
	// Offset is a media-specific offset (frame or sample number, byte
	// offset), BufferOffsetNone when unknown.
	Offset uint64
	// OffsetEnd is the media-specific offset of the end of the data,
	// BufferOffsetNone when unknown.
	OffsetEnd uint64
	// Flags are the buffer flags.
	Flags BufferFlags

	refs   atomic.Int32 // reference count minus one; -1 after the last Unref
	pool   atomic.Pointer[BufferPool]
	parent atomic.Pointer[BufferList]

	nmem  int
	mems  [bufferMemMax]*Memory
	metas []Meta

	freeNotify func() // test hook: called when the buffer is freed
}

// initBuffer sets the "unknown" defaults of a new buffer.
func (b *Buffer) init() {
	b.PTS, b.DTS, b.Duration = ClockTimeNone, ClockTimeNone, ClockTimeNone
	b.Offset, b.OffsetEnd = BufferOffsetNone, BufferOffsetNone
}

// NewBuffer returns an empty buffer (no memory) with one reference and all
// timestamps and offsets unset.
//
// GStreamer: gst_buffer_new (gst/gstbuffer.c).
func NewBuffer() *Buffer {
	b := &Buffer{}
	b.init()
	return b
}

// NewBufferAllocate returns a buffer holding one zero-filled memory of
// size bytes; size 0 (or negative) gives a buffer without memory.
//
// GStreamer: gst_buffer_new_allocate (gst/gstbuffer.c).
func NewBufferAllocate(size int) *Buffer {
	b := NewBuffer()
	if size > 0 {
		b.addMemory(-1, NewMemory(size))
	}
	b.Flags &^= BufferFlagTagMemory
	return b
}

// NewBufferWrapped returns a buffer whose single memory wraps data without
// copying. The buffer takes ownership of data: the caller must not modify
// it afterwards.
//
// GStreamer: gst_buffer_new_wrapped (gst/gstbuffer.c).
func NewBufferWrapped(data []byte) *Buffer {
	b := NewBuffer()
	if len(data) > 0 {
		b.addMemory(-1, newMemoryFromSlice(data))
	}
	b.Flags &^= BufferFlagTagMemory
	return b
}

// NewBufferMemdup returns a buffer holding a copy of data.
//
// GStreamer: gst_buffer_new_memdup (gst/gstbuffer.c).
func NewBufferMemdup(data []byte) *Buffer {
	return NewBufferWrapped(append([]byte(nil), data...))
}

// Ref adds a reference to b and returns b. Safe for concurrent use.
//
// GStreamer: gst_buffer_ref (gst/gstbuffer.h).
func (b *Buffer) Ref() *Buffer {
	b.refs.Add(1)
	return b
}

// Unref drops a reference. When the last reference goes, a buffer that
// came from a BufferPool returns to it (its metadata reset); any other
// buffer releases its memory locks and metas, and is left to the garbage
// collector. b must not be used after its last Unref. Extra Unref calls
// are ignored. Safe for concurrent use.
//
// GStreamer: gst_buffer_unref (gst/gstbuffer.h).
func (b *Buffer) Unref() {
	n := b.refs.Add(-1)
	if n >= 0 {
		return
	}
	if n < -1 {
		b.refs.Add(1)
		return
	}
	if p := b.pool.Load(); p != nil {
		// revive the buffer and hand it back to its pool
		b.refs.Store(0)
		p.ReleaseBuffer(b)
		return
	}
	b.free()
}

// free releases the memories and metas of a buffer whose last reference
// went.
func (b *Buffer) free() {
	for i := 0; i < b.nmem; i++ {
		b.mems[i].detach(b)
		b.mems[i] = nil
	}
	b.nmem = 0
	metas := b.metas
	b.metas = nil
	for _, m := range metas {
		if info := m.MetaInfo(); info != nil && info.Free != nil {
			info.Free(m, b)
		}
		m.metaBase().seqnum = 0
	}
	if b.freeNotify != nil {
		b.freeNotify()
	}
}

// RefCount returns the current number of references. Safe for concurrent
// use; the value may be stale immediately.
//
// GStreamer: GST_MINI_OBJECT_REFCOUNT_VALUE (gst/gstminiobject.h).
func (b *Buffer) RefCount() int { return int(b.refs.Load()) + 1 }

// IsWritable reports whether the caller holds the only reference (and no
// non-writable BufferList holds the buffer), so it may change the
// buffer's metadata and memory layout. Safe for concurrent use.
//
// GStreamer: gst_buffer_is_writable (gst/gstbuffer.h).
func (b *Buffer) IsWritable() bool {
	if b.refs.Load() != 0 {
		return false
	}
	if l := b.parent.Load(); l != nil && !l.IsWritable() {
		return false
	}
	return true
}

// MakeWritable returns b when it is writable; otherwise it returns a copy
// (Copy: metadata and metas copied, memory shared) with one reference and
// drops the caller's reference to b. Always use the result in place of b.
//
// GStreamer: gst_buffer_make_writable (gst/gstbuffer.h).
func (b *Buffer) MakeWritable() *Buffer {
	if b.IsWritable() {
		return b
	}
	c := b.Copy()
	b.Unref()
	return c
}

// Pool returns the pool the buffer came from, or nil.
//
// GStreamer: GstBuffer.pool (gst/gstbuffer.h).
func (b *Buffer) Pool() *BufferPool { return b.pool.Load() }

// HasFlags reports whether all of flags are set.
//
// GStreamer: gst_buffer_has_flags (gst/gstbuffer.c).
func (b *Buffer) HasFlags(flags BufferFlags) bool { return b.Flags&flags == flags }

// SetFlags sets flags. The buffer must be writable.
//
// GStreamer: gst_buffer_set_flags (gst/gstbuffer.c).
func (b *Buffer) SetFlags(flags BufferFlags) { b.Flags |= flags }

// UnsetFlags clears flags. The buffer must be writable.
//
// GStreamer: gst_buffer_unset_flags (gst/gstbuffer.c).
func (b *Buffer) UnsetFlags(flags BufferFlags) { b.Flags &^= flags }

// String describes the buffer for logs: PTS, DTS, duration, size and flags.
//
// GStreamer: none (Go-only helper; mirrors the GST_PTR_FORMAT output of a buffer).
func (b *Buffer) String() string {
	return fmt.Sprintf("buffer: pts %v, dts %v, dur %v, size %d, offset %s, offset_end %s, flags 0x%x",
		b.PTS, b.DTS, b.Duration, b.Size(), offsetString(b.Offset), offsetString(b.OffsetEnd), uint32(b.Flags))
}

func offsetString(o uint64) string {
	if o == BufferOffsetNone {
		return "none"
	}
	return fmt.Sprint(o)
}

// ---- memory blocks ----

var errNotWritable = errors.New("gst: buffer is not writable")

// addMemory inserts mem at idx (-1 = append), merging all blocks first when
// the buffer is full.
func (b *Buffer) addMemory(idx int, mem *Memory) {
	if b.nmem >= bufferMemMax {
		merged := b.mergedMemory(0, b.nmem)
		b.replaceMemory(0, b.nmem, merged)
	}
	if idx < 0 || idx > b.nmem {
		idx = b.nmem
	}
	copy(b.mems[idx+1:b.nmem+1], b.mems[idx:b.nmem])
	b.mems[idx] = mem
	b.nmem++
	mem.attach(b)
	b.Flags |= BufferFlagTagMemory
}

// replaceMemory replaces blocks [idx, idx+length) with mem (nil removes).
func (b *Buffer) replaceMemory(idx, length int, mem *Memory) {
	end := idx + length
	if length == 1 && mem != nil && b.mems[idx] == mem {
		b.Flags |= BufferFlagTagMemory
		return
	}
	if mem != nil {
		mem.attach(b)
	}
	for i := idx; i < end; i++ {
		b.mems[i].detach(b)
	}
	if mem != nil {
		b.mems[idx] = mem
		idx++
		length--
	}
	if length > 0 {
		copy(b.mems[idx:], b.mems[end:b.nmem])
		for i := b.nmem - length; i < b.nmem; i++ {
			b.mems[i] = nil
		}
	}
	b.nmem -= length
	b.Flags |= BufferFlagTagMemory
}

// mergedMemory returns one memory with the bytes of blocks
// [idx, idx+length): the block itself when length is 1, a share when the
// blocks span one parent, else a new copy.
func (b *Buffer) mergedMemory(idx, length int) *Memory {
	switch length {
	case 0:
		return nil
	case 1:
		return b.mems[idx]
	}
	size := 0
	span := true
	var poffset int
	for i := idx; i < idx+length; i++ {
		size += b.mems[i].size
		if i > idx && span {
			o, ok := b.mems[i-1].IsSpan(b.mems[i])
			if !ok {
				span = false
			} else if i == idx+1 {
				poffset = o
			}
		}
	}
	if span {
		if m, err := b.mems[idx].parent.Share(poffset, size); err == nil {
			return m
		}
	}
	data := make([]byte, 0, size)
	for i := idx; i < idx+length; i++ {
		m := b.mems[i]
		data = append(data, m.data[m.offset:m.offset+m.size]...)
	}
	return newMemoryFromSlice(data)
}

// validRange checks the (idx, length) arguments of the *Range methods.
func (b *Buffer) validRange(idx, length int) (int, bool) {
	n := b.nmem
	switch {
	case n == 0 && idx == 0 && length == -1:
		return 0, true
	case length == -1 && idx >= 0 && idx < n:
		return n - idx, true
	case length > 0 && idx >= 0 && idx+length <= n:
		return length, true
	}
	return 0, false
}

// NMemory returns the number of memory blocks.
//
// GStreamer: gst_buffer_n_memory (gst/gstbuffer.c).
func (b *Buffer) NMemory() int { return b.nmem }

// PeekMemory returns block i without changing anything, or nil when i is
// out of range. The memory stays owned by the buffer.
//
// GStreamer: gst_buffer_peek_memory (gst/gstbuffer.c).
func (b *Buffer) PeekMemory(i int) *Memory {
	if i < 0 || i >= b.nmem {
		return nil
	}
	return b.mems[i]
}

// Memory returns block i, or nil when i is out of range.
//
// GStreamer: gst_buffer_get_memory (gst/gstbuffer.c).
func (b *Buffer) Memory(i int) *Memory { return b.PeekMemory(i) }

// MemoryRange returns one memory with the bytes of blocks
// [idx, idx+length) (length -1 = to the end), merging them when needed;
// the buffer is unchanged. It returns nil for an invalid range or an empty
// buffer.
//
// GStreamer: gst_buffer_get_memory_range (gst/gstbuffer.c).
func (b *Buffer) MemoryRange(idx, length int) *Memory {
	length, ok := b.validRange(idx, length)
	if !ok {
		return nil
	}
	return b.mergedMemory(idx, length)
}

// AllMemory returns all bytes of the buffer as one memory (merged when
// there are several blocks), or nil for an empty buffer.
//
// GStreamer: gst_buffer_get_all_memory (gst/gstbuffer.c).
func (b *Buffer) AllMemory() *Memory { return b.MemoryRange(0, -1) }

// InsertMemory inserts mem at idx (-1 appends). When the buffer already has
// 16 blocks they are merged first. The buffer takes an exclusive lock on
// mem. It fails when the buffer is not writable or mem is nil.
//
// GStreamer: gst_buffer_insert_memory (gst/gstbuffer.c).
func (b *Buffer) InsertMemory(idx int, mem *Memory) error {
	if mem == nil {
		return errors.New("gst: nil memory")
	}
	if !b.IsWritable() {
		return errNotWritable
	}
	if idx < -1 || idx > b.nmem {
		return fmt.Errorf("gst: memory index %d out of range (%d blocks)", idx, b.nmem)
	}
	b.addMemory(idx, mem)
	return nil
}

// AppendMemory appends mem; see InsertMemory.
//
// GStreamer: gst_buffer_append_memory (gst/gstbuffer.h).
func (b *Buffer) AppendMemory(mem *Memory) error { return b.InsertMemory(-1, mem) }

// PrependMemory prepends mem; see InsertMemory.
//
// GStreamer: gst_buffer_prepend_memory (gst/gstbuffer.h).
func (b *Buffer) PrependMemory(mem *Memory) error { return b.InsertMemory(0, mem) }

// ReplaceMemoryRange replaces blocks [idx, idx+length) (length -1 = to the
// end) with mem; a nil mem removes them. The buffer must be writable.
//
// GStreamer: gst_buffer_replace_memory_range (gst/gstbuffer.c).
func (b *Buffer) ReplaceMemoryRange(idx, length int, mem *Memory) error {
	if !b.IsWritable() {
		return errNotWritable
	}
	length, ok := b.validRange(idx, length)
	if !ok {
		return fmt.Errorf("gst: memory range %d+%d out of range (%d blocks)", idx, length, b.nmem)
	}
	if length == 0 {
		if mem != nil {
			b.addMemory(-1, mem)
		}
		return nil
	}
	b.replaceMemory(idx, length, mem)
	return nil
}

// ReplaceMemory replaces block idx with mem.
//
// GStreamer: gst_buffer_replace_memory (gst/gstbuffer.h).
func (b *Buffer) ReplaceMemory(idx int, mem *Memory) error {
	if idx < 0 || idx >= b.nmem {
		return fmt.Errorf("gst: memory index %d out of range (%d blocks)", idx, b.nmem)
	}
	return b.ReplaceMemoryRange(idx, 1, mem)
}

// ReplaceAllMemory replaces all blocks with mem.
//
// GStreamer: gst_buffer_replace_all_memory (gst/gstbuffer.h).
func (b *Buffer) ReplaceAllMemory(mem *Memory) error { return b.ReplaceMemoryRange(0, -1, mem) }

// RemoveMemoryRange removes blocks [idx, idx+length) (length -1 = to the
// end). The buffer must be writable.
//
// GStreamer: gst_buffer_remove_memory_range (gst/gstbuffer.c).
func (b *Buffer) RemoveMemoryRange(idx, length int) error {
	return b.ReplaceMemoryRange(idx, length, nil)
}

// RemoveMemory removes block idx.
//
// GStreamer: gst_buffer_remove_memory (gst/gstbuffer.h).
func (b *Buffer) RemoveMemory(idx int) error {
	if idx < 0 || idx >= b.nmem {
		return fmt.Errorf("gst: memory index %d out of range (%d blocks)", idx, b.nmem)
	}
	return b.RemoveMemoryRange(idx, 1)
}

// RemoveAllMemory removes all blocks.
//
// GStreamer: gst_buffer_remove_all_memory (gst/gstbuffer.h).
func (b *Buffer) RemoveAllMemory() error { return b.RemoveMemoryRange(0, -1) }

// FindMemory finds the blocks holding size bytes from offset (size -1 =
// to the end): the first block idx, the number of blocks length and the
// offset skip inside the first block. ok is false when the buffer is too
// small.
//
// GStreamer: gst_buffer_find_memory (gst/gstbuffer.c).
func (b *Buffer) FindMemory(offset, size int) (idx, length, skip int, ok bool) {
	found := 0
	for i := 0; i < b.nmem; i++ {
		s := b.mems[i].size
		if s <= offset {
			offset -= s
			continue
		}
		if found == 0 {
			idx, skip = i, offset
			if size == -1 {
				return idx, b.nmem - i, skip, true
			}
			s -= offset
			offset = 0
		}
		found += s
		if found >= size {
			return idx, i - idx + 1, skip, true
		}
	}
	return 0, 0, 0, false
}

// IsMemoryRangeWritable reports whether blocks [idx, idx+length) (length
// -1 = to the end) are all writable.
//
// GStreamer: gst_buffer_is_memory_range_writable (gst/gstbuffer.c).
func (b *Buffer) IsMemoryRangeWritable(idx, length int) bool {
	length, ok := b.validRange(idx, length)
	if !ok {
		return false
	}
	for i := idx; i < idx+length; i++ {
		if !b.mems[i].IsWritable() {
			return false
		}
	}
	return true
}

// IsAllMemoryWritable reports whether every block is writable.
//
// GStreamer: gst_buffer_is_all_memory_writable (gst/gstbuffer.c).
func (b *Buffer) IsAllMemoryWritable() bool { return b.IsMemoryRangeWritable(0, -1) }

// ---- sizes ----

// Size returns the total number of bytes in the buffer.
//
// GStreamer: gst_buffer_get_size (gst/gstbuffer.c).
func (b *Buffer) Size() int {
	s := 0
	for i := 0; i < b.nmem; i++ {
		s += b.mems[i].size
	}
	return s
}

// Sizes returns the total size, the offset of the data in the first
// block's allocation (counting empty leading blocks' allocations) and the
// maximum size the data could grow to.
//
// GStreamer: gst_buffer_get_sizes (gst/gstbuffer.c).
func (b *Buffer) Sizes() (size, offset, maxsize int) {
	size, offset, maxsize, _ = b.SizesRange(0, -1)
	return
}

// SizesRange is Sizes for blocks [idx, idx+length) (length -1 = to the
// end); ok is false for an invalid range.
//
// GStreamer: gst_buffer_get_sizes_range (gst/gstbuffer.c).
func (b *Buffer) SizesRange(idx, length int) (size, offset, maxsize int, ok bool) {
	length, ok = b.validRange(idx, length)
	if !ok {
		return 0, 0, 0, false
	}
	if length == 1 {
		s, o, m := b.mems[idx].Sizes()
		return s, o, m, true
	}
	extra := 0
	for i := idx; i < idx+length; i++ {
		s, o, ms := b.mems[i].Sizes()
		if s != 0 {
			if size == 0 {
				offset = extra + o
			}
			size += s
			extra = ms - (o + s)
		} else {
			extra += ms
		}
	}
	return size, offset, offset + size + extra, true
}

// Resize changes the data region: offset is added to the current offset
// (negative moves back into the memory's prefix) and size (-1 = the rest)
// becomes the new size. The buffer must be writable; memory that is not
// writable is replaced by a share or copy. It fails when the region leaves
// the allocations.
//
// GStreamer: gst_buffer_resize (gst/gstbuffer.c).
func (b *Buffer) Resize(offset, size int) error { return b.ResizeRange(0, -1, offset, size) }

// SetSize sets the size (from the current offset).
//
// GStreamer: gst_buffer_set_size (gst/gstbuffer.c).
func (b *Buffer) SetSize(size int) error { return b.ResizeRange(0, -1, 0, size) }

// ResizeRange is Resize for blocks [idx, idx+length) (length -1 = to the
// end).
//
// GStreamer: gst_buffer_resize_range (gst/gstbuffer.c).
func (b *Buffer) ResizeRange(idx, length, offset, size int) error {
	if !b.IsWritable() {
		return errNotWritable
	}
	if size < -1 {
		return fmt.Errorf("gst: invalid size %d", size)
	}
	length, ok := b.validRange(idx, length)
	if !ok {
		return fmt.Errorf("gst: memory range %d+%d out of range (%d blocks)", idx, length, b.nmem)
	}
	bufsize, bufoffs, bufmax, _ := b.SizesRange(idx, length)
	if !((offset < 0 && bufoffs >= -offset) || (offset >= 0 && bufoffs+offset <= bufmax)) {
		return fmt.Errorf("gst: resize offset %d out of range (offset %d, maxsize %d)", offset, bufoffs, bufmax)
	}
	if size == -1 {
		if bufsize < offset {
			return fmt.Errorf("gst: resize offset %d beyond size %d", offset, bufsize)
		}
		size = bufsize - offset
	}
	if bufmax < bufoffs+offset+size {
		return fmt.Errorf("gst: resize to offset %d size %d exceeds maxsize %d (offset %d)", offset, size, bufmax, bufoffs)
	}
	if offset == 0 && size == bufsize {
		return nil
	}
	end := idx + length
	for i := idx; i < end; i++ {
		mem := b.mems[i]
		bsize := mem.size
		noffs := 0
		var left int
		switch {
		case i+1 == end:
			left = size
		case bsize <= offset:
			left = 0
			noffs = offset - bsize
			offset = 0
		default:
			left = min(bsize-offset, size)
		}
		if offset != 0 || left != bsize {
			if mem.IsWritable() {
				mem.resize(offset, left)
			} else {
				var nm *Memory
				var err error
				if !mem.HasFlags(MemoryFlagNoShare) {
					nm, err = mem.Share(offset, left)
				}
				if nm == nil {
					nm, err = mem.Copy(offset, left)
				}
				if err != nil {
					return err
				}
				nm.attach(b)
				b.mems[i] = nm
				mem.detach(b)
				b.Flags |= BufferFlagTagMemory
			}
		}
		offset = noffs
		size -= left
	}
	return nil
}

// ---- mapping and byte access ----

// Map maps all bytes of the buffer; see MapRange.
//
// GStreamer: gst_buffer_map (gst/gstbuffer.c).
func (b *Buffer) Map(flags MapFlags) (MapInfo, bool) { return b.MapRange(0, -1, flags) }

// MapRange maps blocks [idx, idx+length) (length -1 = to the end) as one
// contiguous region.
//
// Several blocks are merged into one: when the buffer is writable the
// merged block replaces them in the buffer, otherwise it is a temporary
// copy. A write map requires a writable buffer (ok is false otherwise);
// memory that is read-only or shared with another buffer is copied first
// and the copy replaces it, so the other buffers never see the write. An
// empty buffer maps to an empty MapInfo with ok true. Call Unmap when done.
//
// GStreamer: gst_buffer_map_range (gst/gstbuffer.c).
func (b *Buffer) MapRange(idx, length int, flags MapFlags) (MapInfo, bool) {
	length, ok := b.validRange(idx, length)
	if !ok {
		return MapInfo{}, false
	}
	writable := b.IsWritable()
	if flags&MapWrite != 0 && !writable {
		return MapInfo{}, false
	}
	mem := b.mergedMemory(idx, length)
	if mem == nil {
		return MapInfo{}, true
	}
	nmem, info, ok := mem.makeMapped(flags)
	if !ok {
		return MapInfo{}, false
	}
	if (length > 1 || nmem != mem) && writable {
		b.replaceMemory(idx, length, nmem)
	} else if length > 1 && nmem == mem && mem.parent != nil && mem.lock.Load() == 0 {
		// a temporary share spanning our blocks: the blocks keep the
		// parent locked while the buffer lives, so drop the share's lock
		mem.parent.detach(nil)
	}
	return info, true
}

// Unmap ends a mapping made with Map or MapRange and clears info.
//
// GStreamer: gst_buffer_unmap (gst/gstbuffer.c).
func (b *Buffer) Unmap(info *MapInfo) {
	if info != nil {
		*info = MapInfo{Size: info.Size, MaxSize: info.MaxSize}
	}
}

// Bytes returns the payload as one slice for reading. With a single memory
// block it is that block's bytes (no copy, no allocation); several blocks
// are merged as by Map(MapRead). The slice must not be modified: use
// Map(MapWrite), Fill or Memset to write.
//
// GStreamer: none (Go-only helper; gst_buffer_map with GST_MAP_READ).
func (b *Buffer) Bytes() []byte {
	switch b.nmem {
	case 0:
		return nil
	case 1:
		m := b.mems[0]
		end := m.offset + m.size
		return m.data[m.offset:end:end]
	}
	info, _ := b.Map(MapRead)
	return info.Data
}

// skipTo returns the first block containing offset and the offset inside it.
func (b *Buffer) skipTo(offset int) (int, int) {
	i := 0
	for ; i < b.nmem; i++ {
		s := b.mems[i].size
		if s > offset {
			break
		}
		offset -= s
	}
	return i, offset
}

// mappedBlock maps block i, replacing it with a copy when it cannot be
// mapped with flags (a shared block mapped for writing).
func (b *Buffer) mappedBlock(i int, flags MapFlags) (MapInfo, bool) {
	mem := b.mems[i]
	nm, info, ok := mem.makeMapped(flags)
	if !ok {
		return MapInfo{}, false
	}
	if nm != mem {
		nm.attach(b)
		b.mems[i] = nm
		mem.detach(b)
		b.Flags |= BufferFlagTagMemory
	}
	return info, true
}

// Fill copies src into the buffer at offset and returns the number of
// bytes copied (less than len(src) when the buffer is too small). Shared
// memory is copied before writing. It returns 0 when the buffer is not
// writable.
//
// GStreamer: gst_buffer_fill (gst/gstbuffer.c).
func (b *Buffer) Fill(offset int, src []byte) int {
	if !b.IsWritable() || offset < 0 {
		return 0
	}
	left := src
	i, offset := 0, offset
	if offset > 0 {
		i, offset = b.skipTo(offset)
	}
	for ; i < b.nmem && len(left) > 0; i++ {
		info, ok := b.mappedBlock(i, MapWrite)
		if !ok {
			break
		}
		n := copy(info.Data[offset:], left)
		left = left[n:]
		offset = 0
	}
	return len(src) - len(left)
}

// Extract copies bytes from offset into dst and returns the number of
// bytes copied.
//
// GStreamer: gst_buffer_extract (gst/gstbuffer.c).
func (b *Buffer) Extract(offset int, dst []byte) int {
	if offset < 0 {
		return 0
	}
	left := dst
	i := 0
	if offset > 0 {
		i, offset = b.skipTo(offset)
	}
	for ; i < b.nmem && len(left) > 0; i++ {
		m := b.mems[i]
		n := copy(left, m.data[m.offset+offset:m.offset+m.size])
		left = left[n:]
		offset = 0
	}
	return len(dst) - len(left)
}

// ExtractDup returns a copy of size bytes from offset (fewer when the
// buffer is shorter).
//
// GStreamer: gst_buffer_extract_dup (gst/gstbuffer.c).
func (b *Buffer) ExtractDup(offset, size int) []byte {
	if size < 0 || offset < 0 {
		return nil
	}
	total := b.Size()
	if offset >= total {
		return []byte{}
	}
	d := make([]byte, min(size, total-offset))
	n := b.Extract(offset, d)
	return d[:n]
}

// Memcmp compares len(mem) bytes of the buffer from offset with mem. It
// returns 0 when equal, a negative or positive value as bytes.Compare(mem,
// data) otherwise, and -1 when the buffer is too short.
//
// GStreamer: gst_buffer_memcmp (gst/gstbuffer.c).
func (b *Buffer) Memcmp(offset int, mem []byte) int {
	if offset < 0 || b.Size() < offset+len(mem) {
		return -1
	}
	i := 0
	if offset > 0 {
		i, offset = b.skipTo(offset)
	}
	res := 0
	for ; i < b.nmem && len(mem) > 0 && res == 0; i++ {
		m := b.mems[i]
		n := min(m.size-offset, len(mem))
		res = bytes.Compare(mem[:n], m.data[m.offset+offset:m.offset+offset+n])
		mem = mem[n:]
		offset = 0
	}
	return res
}

// Memset writes size bytes of val from offset and returns the number of
// bytes written. Shared memory is copied first. It returns 0 when the
// buffer is not writable.
//
// GStreamer: gst_buffer_memset (gst/gstbuffer.c).
func (b *Buffer) Memset(offset int, val byte, size int) int {
	if !b.IsWritable() || offset < 0 || size < 0 {
		return 0
	}
	left := size
	i := 0
	if offset > 0 {
		i, offset = b.skipTo(offset)
	}
	for ; i < b.nmem && left > 0; i++ {
		info, ok := b.mappedBlock(i, MapWrite)
		if !ok {
			break
		}
		n := min(info.Size-offset, left)
		d := info.Data[offset : offset+n]
		for j := range d {
			d[j] = val
		}
		left -= n
		offset = 0
	}
	return size - left
}

// ---- copies ----

// CopyInto copies what flags select from src into dest: the flags, the
// timestamps (all of them only when the whole buffer is copied; PTS, DTS
// and Offset when the region starts at 0; none otherwise), the memory of
// size bytes from offset (size -1 = to the end; shared unless
// BufferCopyDeep or the memory forbids sharing; appended to dest's
// memory) and the metas whose transform allows it. dest must be writable.
// When dest ends up sharing memory with a pooled src, a ParentBufferMeta
// keeps src out of its pool until dest goes.
//
// GStreamer: gst_buffer_copy_into (gst/gstbuffer.c).
func CopyInto(dest, src *Buffer, flags BufferCopyFlags, offset, size int) error {
	if dest == nil || src == nil {
		return errors.New("gst: nil buffer")
	}
	if dest == src {
		return nil
	}
	if !dest.IsWritable() {
		return errNotWritable
	}
	bufsize := src.Size()
	if offset < 0 || bufsize < offset {
		return fmt.Errorf("gst: copy offset %d out of range (size %d)", offset, bufsize)
	}
	region := offset > 0
	if size == -1 {
		size = bufsize - offset
	}
	if size < 0 || bufsize < offset+size {
		return fmt.Errorf("gst: copy offset %d size %d out of range (size %d)", offset, size, bufsize)
	}
	if size < bufsize {
		region = true
	}
	if flags&BufferCopyBufferFlags != 0 {
		dest.Flags = src.Flags&^BufferFlagTagMemory | dest.Flags&BufferFlagTagMemory
	}
	if flags&BufferCopyTimestamps != 0 {
		if offset == 0 {
			dest.PTS, dest.DTS, dest.Offset = src.PTS, src.DTS, src.Offset
			if size == bufsize {
				dest.Duration, dest.OffsetEnd = src.Duration, src.OffsetEnd
			}
		} else {
			dest.PTS, dest.DTS, dest.Duration = ClockTimeNone, ClockTimeNone, ClockTimeNone
			dest.Offset, dest.OffsetEnd = BufferOffsetNone, BufferOffsetNone
		}
	}
	sharing := false
	if flags&BufferCopyMemory != 0 {
		deep := flags&BufferCopyDeep != 0
		destLen := dest.nmem
		left, skip := size, offset
		for i := 0; i < src.nmem && left > 0; i++ {
			mem := src.mems[i]
			bsize := mem.size
			if bsize <= skip {
				skip -= bsize
				continue
			}
			tocopy := min(bsize-skip, left)
			noShare := mem.HasFlags(MemoryFlagNoShare)
			var nm *Memory
			var err error
			switch {
			case deep || noShare:
				nm, err = mem.Copy(skip, tocopy)
			case tocopy < bsize:
				nm, err = mem.Share(skip, tocopy)
			default:
				nm = mem
			}
			if err != nil {
				_ = dest.RemoveMemoryRange(destLen, -1)
				return err
			}
			skip = 0
			sharing = sharing || nm == mem
			dest.addMemory(-1, nm)
			left -= tocopy
		}
		if flags&BufferCopyMerge != 0 && dest.nmem > 0 {
			m := dest.mergedMemory(0, dest.nmem)
			sharing = sharing && m == dest.mems[0]
			dest.replaceMemory(0, dest.nmem, m)
		}
	}
	if flags&BufferCopyMeta != 0 {
		deep := flags&BufferCopyDeep != 0
		tr := &MetaTransformCopy{Region: region, Offset: offset, Size: size}
		for _, m := range src.metas {
			info := m.MetaInfo()
			if info == nil {
				continue
			}
			if (region || flags&BufferCopyMemory == 0 || flags&BufferCopyMerge != 0) &&
				MetaAPIHasTag(info.API, MetaTagMemory) {
				continue
			}
			if deep && MetaAPIHasTag(info.API, MetaTagMemoryReference) {
				continue
			}
			if info.Transform != nil {
				info.Transform(dest, m, src, tr)
			}
		}
	}
	if sharing && src.pool.Load() != nil {
		_, _ = dest.AddParentBufferMeta(src)
	}
	return nil
}

func (b *Buffer) copyWithFlags(flags BufferCopyFlags) *Buffer {
	c := NewBuffer()
	if err := CopyInto(c, b, flags, 0, -1); err != nil {
		return nil
	}
	c.Flags &^= BufferFlagTagMemory
	return c
}

// Copy returns a new buffer with b's flags, timestamps and metas, sharing
// b's memory (no bytes are copied; writing to either buffer through Map,
// Fill or Memset copies the shared memory first).
//
// GStreamer: gst_buffer_copy (gst/gstbuffer.h).
func (b *Buffer) Copy() *Buffer { return b.copyWithFlags(BufferCopyAll) }

// CopyDeep returns a new buffer like Copy but with its own copy of the
// bytes.
//
// GStreamer: gst_buffer_copy_deep (gst/gstbuffer.c).
func (b *Buffer) CopyDeep() *Buffer { return b.copyWithFlags(BufferCopyAll | BufferCopyDeep) }

// CopyRegion returns a new buffer with size bytes from offset (size -1 =
// to the end) and what flags select; see CopyInto.
//
// GStreamer: gst_buffer_copy_region (gst/gstbuffer.c).
func (b *Buffer) CopyRegion(flags BufferCopyFlags, offset, size int) (*Buffer, error) {
	c := NewBuffer()
	if err := CopyInto(c, b, flags, offset, size); err != nil {
		return nil, err
	}
	return c, nil
}

// AppendRegion appends size bytes from offset of b2 (size -1 = to the end)
// to b and returns the resulting buffer, which replaces b (both buffers
// are made writable first; b2's reference is consumed).
//
// GStreamer: gst_buffer_append_region (gst/gstbuffer.c).
func (b *Buffer) AppendRegion(b2 *Buffer, offset, size int) (*Buffer, error) {
	b1 := b.MakeWritable()
	b2 = b2.MakeWritable()
	if err := b2.Resize(offset, size); err != nil {
		return b1, err
	}
	for i := 0; i < b2.nmem; i++ {
		m := b2.mems[i]
		m.detach(b2)
		b2.mems[i] = nil
		b1.addMemory(-1, m)
	}
	b2.nmem = 0
	b2.Flags |= BufferFlagTagMemory
	b2.Unref()
	return b1, nil
}

// Append appends all of b2 to b; see AppendRegion.
//
// GStreamer: gst_buffer_append (gst/gstbuffer.h).
func (b *Buffer) Append(b2 *Buffer) *Buffer {
	r, _ := b.AppendRegion(b2, 0, -1)
	return r
}

// ---- metas ----

// AddMeta attaches m to the buffer (after the existing metas) and gives it
// a sequence number. The buffer must be writable, m must have a MetaInfo,
// and m must not already be attached to a buffer.
//
// GStreamer: gst_buffer_add_meta (gst/gstbuffer.c).
func (b *Buffer) AddMeta(m Meta) error {
	if m == nil {
		return errors.New("gst: nil meta")
	}
	if m.MetaInfo() == nil {
		return fmt.Errorf("gst: meta %T has no MetaInfo", m)
	}
	if !b.IsWritable() {
		return errNotWritable
	}
	mb := m.metaBase()
	if mb.seqnum != 0 {
		return fmt.Errorf("gst: meta %T is already attached to a buffer", m)
	}
	mb.seqnum = metaSeq.Add(1)
	b.metas = append(b.metas, m)
	return nil
}

// Meta returns the first meta of the API type api, or nil.
//
// GStreamer: gst_buffer_get_meta (gst/gstbuffer.c).
func (b *Buffer) Meta(api string) Meta {
	for _, m := range b.metas {
		if m.MetaInfo().API == api {
			return m
		}
	}
	return nil
}

// NMeta returns the number of metas of API type api ("" counts all).
//
// GStreamer: gst_buffer_get_n_meta (gst/gstbuffer.c).
func (b *Buffer) NMeta(api string) int {
	n := 0
	for _, m := range b.metas {
		if api == "" || m.MetaInfo().API == api {
			n++
		}
	}
	return n
}

// IterateMetas returns an iterator over the metas of API type api ("" for
// all), in the order they were added. The buffer must not change while
// iterating.
//
// GStreamer: gst_buffer_iterate_meta_filtered (gst/gstbuffer.c).
func (b *Buffer) IterateMetas(api string) func(yield func(Meta) bool) {
	return func(yield func(Meta) bool) {
		for _, m := range b.metas {
			if api != "" && m.MetaInfo().API != api {
				continue
			}
			if !yield(m) {
				return
			}
		}
	}
}

// RemoveMeta detaches m from the buffer, calling its Free function. It
// reports false when m is not on the buffer, is locked (MetaFlagLocked),
// or the buffer is not writable.
//
// GStreamer: gst_buffer_remove_meta (gst/gstbuffer.c).
func (b *Buffer) RemoveMeta(m Meta) bool {
	if m == nil || !b.IsWritable() || m.metaBase().HasFlags(MetaFlagLocked) {
		return false
	}
	for i, x := range b.metas {
		if x == m {
			b.dropMeta(i)
			return true
		}
	}
	return false
}

func (b *Buffer) dropMeta(i int) {
	m := b.metas[i]
	copy(b.metas[i:], b.metas[i+1:])
	b.metas[len(b.metas)-1] = nil
	b.metas = b.metas[:len(b.metas)-1]
	if info := m.MetaInfo(); info.Free != nil {
		info.Free(m, b)
	}
	m.metaBase().seqnum = 0
}

// ForeachMeta calls fn for every meta in order. fn returns remove to
// detach the meta (ignored, and the walk stops with false, when the meta is
// locked or the buffer is not writable) and cont false to stop. It returns
// false when fn stopped the walk or a removal was refused.
//
// GStreamer: gst_buffer_foreach_meta (gst/gstbuffer.c).
func (b *Buffer) ForeachMeta(fn func(m Meta) (remove, cont bool)) bool {
	for i := 0; i < len(b.metas); {
		m := b.metas[i]
		remove, cont := fn(m)
		if remove {
			if !b.IsWritable() || m.metaBase().HasFlags(MetaFlagLocked) {
				return false
			}
			b.dropMeta(i)
		} else {
			i++
		}
		if !cont {
			return false
		}
	}
	return true
}

// BufferMeta returns the first meta of b whose dynamic type is T, as
// gst_buffer_get_meta does for an API type.
//
//	if ts, ok := gst.BufferMeta[*gst.ReferenceTimestampMeta](buf); ok { ... }
//
// GStreamer: gst_buffer_get_meta (gst/gstbuffer.c).
func BufferMeta[T Meta](b *Buffer) (T, bool) {
	for _, m := range b.metas {
		if t, ok := m.(T); ok {
			return t, true
		}
	}
	var zero T
	return zero, false
}
