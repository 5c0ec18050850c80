package gst

import (
	"fmt"
	"strings"
	"sync/atomic"
)

// MemoryFlags describe a Memory. The bit values are GStreamer's.
//
// GStreamer: GstMemoryFlags (gst/gstmemory.h).
type MemoryFlags uint32

// Memory flags.
//
// GStreamer: GST_MEMORY_FLAG_* (gst/gstmemory.h).
const (
	// MemoryFlagReadonly: the memory can never be mapped for writing; a
	// write map of a buffer holding it copies it first.
	MemoryFlagReadonly MemoryFlags = 1 << 1
	// MemoryFlagNoShare: the memory must be copied, never shared, when a
	// buffer holding it is copied.
	MemoryFlagNoShare MemoryFlags = 1 << 4
	// MemoryFlagZeroPrefixed: the bytes before offset are zero.
	MemoryFlagZeroPrefixed MemoryFlags = 1 << 5
	// MemoryFlagZeroPadded: the bytes after offset+size are zero.
	MemoryFlagZeroPadded MemoryFlags = 1 << 6
	// MemoryFlagPhysicallyContiguous: the memory is physically contiguous.
	MemoryFlagPhysicallyContiguous MemoryFlags = 1 << 7
	// MemoryFlagNotMappable: the memory cannot be mapped.
	MemoryFlagNotMappable MemoryFlags = 1 << 8
)

var memoryFlagNames = []struct {
	f    MemoryFlags
	name string
}{
	{MemoryFlagReadonly, "readonly"},
	{MemoryFlagNoShare, "no-share"},
	{MemoryFlagZeroPrefixed, "zero-prefixed"},
	{MemoryFlagZeroPadded, "zero-padded"},
	{MemoryFlagPhysicallyContiguous, "physically-contiguous"},
	{MemoryFlagNotMappable, "not-mappable"},
}

// String returns the flag nicks joined with "+", e.g. "readonly+no-share",
// or "0" when no flag is set.
//
// GStreamer: GstMemoryFlags nicks (gst/gstmemory.h).
func (f MemoryFlags) String() string {
	var parts []string
	rest := f
	for _, n := range memoryFlagNames {
		if f&n.f != 0 {
			parts = append(parts, n.name)
			rest &^= n.f
		}
	}
	if rest != 0 {
		parts = append(parts, fmt.Sprintf("0x%x", uint32(rest)))
	}
	if len(parts) == 0 {
		return "0"
	}
	return strings.Join(parts, "+")
}

// MapFlags select the access wanted when mapping memory.
//
// GStreamer: GstMapFlags (gst/gstmemory.h).
type MapFlags uint32

// Map flags.
//
// GStreamer: GST_MAP_READ, GST_MAP_WRITE, GST_MAP_READWRITE (gst/gstmemory.h).
const (
	MapRead      MapFlags = 1 << 0
	MapWrite     MapFlags = 1 << 1
	MapReadWrite          = MapRead | MapWrite
)

// LockFlags select the kind of lock taken on a Memory.
//
// GStreamer: GstLockFlags (gst/gstminiobject.h).
type LockFlags uint32

// Lock flags.
//
// GStreamer: GST_LOCK_FLAG_READ, GST_LOCK_FLAG_WRITE, GST_LOCK_FLAG_EXCLUSIVE (gst/gstminiobject.h).
const (
	LockFlagRead      LockFlags = 1 << 0
	LockFlagWrite     LockFlags = 1 << 1
	LockFlagExclusive LockFlags = 1 << 2
)

// MapInfo describes a mapping of a Memory or Buffer. Data holds the mapped
// bytes (len(Data) == Size). For a write mapping cap(Data) reaches MaxSize so
// a writer can grow into the padding; read mappings are capped at Size.
//
// GStreamer: GstMapInfo (gst/gstmemory.h).
type MapInfo struct {
	// Memory is the mapped memory (nil for an empty buffer).
	Memory *Memory
	// Flags are the flags used when mapping.
	Flags MapFlags
	// Data is the mapped region.
	Data []byte
	// Size is len(Data).
	Size int
	// MaxSize is the number of bytes that may be used from the start of
	// Data (size plus padding).
	MaxSize int
}

// Memory is a region of bytes with an offset and size inside a larger
// allocation of MaxSize bytes. Buffers hold one or more Memory blocks.
//
// A Memory carries an exclusive-lock count: every buffer holding it takes
// one. A Memory held by more than one buffer (after Buffer.Copy, or by
// Share) is not writable, and mapping such a buffer for writing copies the
// memory first, so the other holders never see the write (copy-on-write).
// The bytes themselves are freed by the garbage collector; there is no
// explicit Ref/Unref. A sub-memory made by Share keeps its parent locked
// until it is removed from the last buffer that holds it.
//
// The size and offset of a Memory may only change while it is writable.
// Mapping is not tracked: Map/Unmap do not count nested maps (Go-only
// simplification).
//
// GStreamer: GstMemory (gst/gstmemory.c).
type Memory struct {
	data   []byte // the whole allocation, len(data) == maxsize
	offset int
	size   int
	flags  atomic.Uint32
	parent *Memory

	lock  atomic.Int32           // number of exclusive locks
	owner atomic.Pointer[Buffer] // the buffer holding the first exclusive lock
}

// NewMemory allocates a zero-filled Memory of size bytes (negative sizes
// count as 0).
//
// GStreamer: gst_allocator_alloc (gst/gstallocator.c).
func NewMemory(size int) *Memory {
	if size < 0 {
		size = 0
	}
	return &Memory{data: make([]byte, size), size: size}
}

// NewMemoryWrapped wraps data without copying: the memory covers
// data[offset:offset+size] and MaxSize is len(data). The caller must not
// modify data afterwards unless flags contain nothing that forbids it and
// it owns the memory exclusively. It returns an error when offset or size do
// not fit in data.
//
// GStreamer: gst_memory_new_wrapped (gst/gstallocator.c).
func NewMemoryWrapped(flags MemoryFlags, data []byte, offset, size int) (*Memory, error) {
	if offset < 0 || size < 0 || offset+size > len(data) || offset+size < 0 {
		return nil, fmt.Errorf("gst: wrapped memory offset %d size %d does not fit in %d bytes", offset, size, len(data))
	}
	m := &Memory{data: data, offset: offset, size: size}
	m.flags.Store(uint32(flags))
	return m, nil
}

// newMemoryFromSlice wraps data fully (offset 0, size = MaxSize = len).
func newMemoryFromSlice(data []byte) *Memory {
	return &Memory{data: data[:len(data):len(data)], size: len(data)}
}

// Flags returns the memory flags.
//
// GStreamer: GST_MEMORY_FLAGS (gst/gstmemory.h).
func (m *Memory) Flags() MemoryFlags { return MemoryFlags(m.flags.Load()) }

// HasFlags reports whether all flags in f are set.
//
// GStreamer: GST_MEMORY_FLAG_IS_SET (gst/gstmemory.h).
func (m *Memory) HasFlags(f MemoryFlags) bool { return MemoryFlags(m.flags.Load())&f == f }

// SetFlags sets flags f.
//
// GStreamer: GST_MEMORY_FLAG_SET (gst/gstmemory.h).
func (m *Memory) SetFlags(f MemoryFlags) { m.flags.Or(uint32(f)) }

// UnsetFlags clears flags f.
//
// GStreamer: GST_MEMORY_FLAG_UNSET (gst/gstmemory.h).
func (m *Memory) UnsetFlags(f MemoryFlags) { m.flags.And(^uint32(f)) }

// Size returns the number of bytes of the memory.
//
// GStreamer: gst_memory_get_sizes (gst/gstmemory.c).
func (m *Memory) Size() int { return m.size }

// Sizes returns the size, the offset of the region inside the allocation,
// and the allocation size (MaxSize).
//
// GStreamer: gst_memory_get_sizes (gst/gstmemory.c).
func (m *Memory) Sizes() (size, offset, maxsize int) { return m.size, m.offset, len(m.data) }

// Parent returns the memory this one was shared from, or nil.
//
// GStreamer: GstMemory.parent (gst/gstmemory.h).
func (m *Memory) Parent() *Memory { return m.parent }

// Lock takes a lock. Only LockFlagExclusive is counted: it marks the memory
// as held by one more owner, making it unwritable while more than one owner
// holds it. LockFlagWrite (alone or with exclusive) fails when the memory is
// read-only or already shared. It reports whether the lock was taken.
// Safe for concurrent use.
//
// GStreamer: gst_memory_lock (gst/gstmemory.h).
func (m *Memory) Lock(flags LockFlags) bool {
	if flags&LockFlagWrite != 0 && (m.HasFlags(MemoryFlagReadonly) || m.lock.Load() > 1) {
		return false
	}
	if flags&LockFlagExclusive != 0 {
		m.lock.Add(1)
	}
	return true
}

// Unlock releases a lock taken with Lock. Safe for concurrent use.
//
// GStreamer: gst_memory_unlock (gst/gstmemory.h).
func (m *Memory) Unlock(flags LockFlags) {
	if flags&LockFlagExclusive != 0 {
		if m.lock.Add(-1) < 0 {
			m.lock.Add(1)
		}
	}
}

// attach takes the exclusive lock a buffer holds on its memories.
func (m *Memory) attach(b *Buffer) {
	if m.lock.Add(1) == 1 {
		m.owner.Store(b)
	}
}

// detach drops the lock taken by attach. When the last lock goes, a shared
// sub-memory releases the lock it holds on its parent.
func (m *Memory) detach(b *Buffer) {
	m.owner.CompareAndSwap(b, nil)
	n := m.lock.Add(-1)
	if n < 0 {
		m.lock.Add(1)
		return
	}
	if n == 0 && m.parent != nil {
		m.parent.detach(nil)
	}
}

// IsWritable reports whether the memory may be modified: it is not
// read-only, at most one owner holds it, and the buffer holding it (if
// any) is writable. Safe for concurrent use.
//
// GStreamer: gst_memory_is_writable (gst/gstmemory.c).
func (m *Memory) IsWritable() bool {
	if m.HasFlags(MemoryFlagReadonly) || m.lock.Load() > 1 {
		return false
	}
	if b := m.owner.Load(); b != nil && !b.IsWritable() {
		return false
	}
	return true
}

// canWriteMap reports whether a write map may touch the memory in place.
func (m *Memory) canWriteMap() bool {
	return m.Flags()&(MemoryFlagReadonly|MemoryFlagNotMappable) == 0 && m.lock.Load() <= 1
}

// Resize changes the region: offset is added to the current offset (it
// may be negative to grow at the front) and size becomes the new size. It
// fails when the memory is not writable or the region leaves the allocation.
//
// GStreamer: gst_memory_resize (gst/gstmemory.c).
func (m *Memory) Resize(offset, size int) error {
	if !m.IsWritable() {
		return fmt.Errorf("gst: resize of a memory that is not writable")
	}
	if size < 0 || m.offset+offset < 0 || m.offset+offset+size > len(m.data) {
		return fmt.Errorf("gst: memory resize offset %d size %d out of range (offset %d, maxsize %d)",
			offset, size, m.offset, len(m.data))
	}
	m.resize(offset, size)
	return nil
}

func (m *Memory) resize(offset, size int) {
	if offset > 0 {
		m.UnsetFlags(MemoryFlagZeroPrefixed)
	}
	if offset+size < m.size {
		m.UnsetFlags(MemoryFlagZeroPadded)
	}
	m.offset += offset
	m.size = size
}

// region validates offset/size (size -1 = to the end) against the memory and
// returns the absolute offset in data and the size.
func (m *Memory) region(offset, size int) (int, int, error) {
	if size == -1 {
		size = m.size - offset
	}
	abs := m.offset + offset
	if size < 0 || abs < 0 || abs+size > len(m.data) {
		return 0, 0, fmt.Errorf("gst: memory region offset %d size %d out of range (size %d, offset %d, maxsize %d)",
			offset, size, m.size, m.offset, len(m.data))
	}
	return abs, size, nil
}

// Share returns a read-only memory covering size bytes from offset (relative
// to the current region; size -1 means to the end) without copying. The new
// memory keeps the original (or its parent) locked so that the shared bytes
// are never written in place.
//
// GStreamer: gst_memory_share (gst/gstmemory.c).
func (m *Memory) Share(offset, size int) (*Memory, error) {
	if m.HasFlags(MemoryFlagNoShare) {
		return nil, fmt.Errorf("gst: memory has the no-share flag")
	}
	abs, size, err := m.region(offset, size)
	if err != nil {
		return nil, err
	}
	parent := m
	if m.parent != nil {
		parent = m.parent
	}
	parent.lock.Add(1)
	sub := &Memory{data: parent.data, offset: abs, size: size, parent: parent}
	sub.flags.Store(uint32(parent.Flags() | MemoryFlagReadonly))
	return sub, nil
}

// Copy returns a new memory holding a copy of size bytes from offset (size
// -1 means to the end). The copy is writable and has no padding.
//
// GStreamer: gst_memory_copy (gst/gstmemory.c).
func (m *Memory) Copy(offset, size int) (*Memory, error) {
	abs, size, err := m.region(offset, size)
	if err != nil {
		return nil, err
	}
	d := make([]byte, size)
	copy(d, m.data[abs:abs+size])
	return &Memory{data: d, size: size}, nil
}

// IsSpan reports whether m and other are shares of the same parent lying
// next to each other, and if so the offset of m in the parent. Such
// memories can be merged without copying.
//
// GStreamer: gst_memory_is_span (gst/gstmemory.c).
func (m *Memory) IsSpan(other *Memory) (offset int, ok bool) {
	if m.parent == nil || m.parent != other.parent {
		return 0, false
	}
	if m.offset+m.size != other.offset {
		return 0, false
	}
	return m.offset - m.parent.offset, true
}

// Map gives access to the bytes of the memory. A write map fails when the
// memory is read-only or shared by several owners (copy it, or map through
// Buffer.Map which copies for you). Unmap the result when done.
//
// GStreamer: gst_memory_map (gst/gstmemory.c).
func (m *Memory) Map(flags MapFlags) (MapInfo, bool) {
	if m.HasFlags(MemoryFlagNotMappable) {
		return MapInfo{}, false
	}
	if flags&MapWrite != 0 && !m.canWriteMap() {
		return MapInfo{}, false
	}
	return m.mapInfo(flags), true
}

func (m *Memory) mapInfo(flags MapFlags) MapInfo {
	end := m.offset + m.size
	var d []byte
	if flags&MapWrite != 0 {
		d = m.data[m.offset:end]
	} else {
		d = m.data[m.offset:end:end]
	}
	if m.size == 0 {
		d = nil
	}
	return MapInfo{Memory: m, Flags: flags, Data: d, Size: m.size, MaxSize: len(m.data) - m.offset}
}

// Unmap ends a mapping made with Map and clears info.
//
// GStreamer: gst_memory_unmap (gst/gstmemory.c).
func (m *Memory) Unmap(info *MapInfo) {
	if info != nil {
		*info = MapInfo{Size: info.Size, MaxSize: info.MaxSize}
	}
}

// makeMapped maps m, or a writable copy of m when m cannot be mapped with
// flags.
func (m *Memory) makeMapped(flags MapFlags) (*Memory, MapInfo, bool) {
	if info, ok := m.Map(flags); ok {
		return m, info, true
	}
	c, err := m.Copy(0, -1)
	if err != nil {
		return nil, MapInfo{}, false
	}
	info, ok := c.Map(flags)
	return c, info, ok
}
