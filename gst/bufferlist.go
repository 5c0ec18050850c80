package gst

import (
	"errors"
	"fmt"
	"sync/atomic"
)

// BufferList is an ordered group of buffers pushed together through a pad
// (one call instead of one per buffer).
//
// It is reference counted like Buffer: Ref, Unref, IsWritable,
// MakeWritable. The list owns one reference of each buffer in it, and a
// buffer in a list that is not writable is not writable either.
//
// GStreamer: GstBufferList (gst/gstbufferlist.c).
type BufferList struct {
	refs    atomic.Int32 // reference count minus one
	buffers []*Buffer
}

// NewBufferList returns an empty list with one reference.
//
// GStreamer: gst_buffer_list_new (gst/gstbufferlist.c).
func NewBufferList() *BufferList { return &BufferList{} }

// NewBufferListSized returns an empty list with room for size buffers.
//
// GStreamer: gst_buffer_list_new_sized (gst/gstbufferlist.c).
func NewBufferListSized(size int) *BufferList {
	return &BufferList{buffers: make([]*Buffer, 0, max(size, 0))}
}

// Ref adds a reference and returns l. Safe for concurrent use.
//
// GStreamer: gst_buffer_list_ref (gst/gstbufferlist.h).
func (l *BufferList) Ref() *BufferList {
	l.refs.Add(1)
	return l
}

// Unref drops a reference; the last one drops the list's references to
// its buffers. Safe for concurrent use.
//
// GStreamer: gst_buffer_list_unref (gst/gstbufferlist.h).
func (l *BufferList) Unref() {
	n := l.refs.Add(-1)
	if n >= 0 {
		return
	}
	if n < -1 {
		l.refs.Add(1)
		return
	}
	bufs := l.buffers
	l.buffers = nil
	for _, b := range bufs {
		b.parent.CompareAndSwap(l, nil)
		b.Unref()
	}
}

// RefCount returns the number of references.
//
// GStreamer: GST_MINI_OBJECT_REFCOUNT_VALUE (gst/gstminiobject.h).
func (l *BufferList) RefCount() int { return int(l.refs.Load()) + 1 }

// IsWritable reports whether the caller holds the only reference.
//
// GStreamer: gst_buffer_list_is_writable (gst/gstbufferlist.h).
func (l *BufferList) IsWritable() bool { return l.refs.Load() == 0 }

// MakeWritable returns l when writable, else a copy (sharing the buffers)
// and drops the caller's reference to l.
//
// GStreamer: gst_buffer_list_make_writable (gst/gstbufferlist.h).
func (l *BufferList) MakeWritable() *BufferList {
	if l.IsWritable() {
		return l
	}
	c := l.Copy()
	l.Unref()
	return c
}

// Len returns the number of buffers.
//
// GStreamer: gst_buffer_list_length (gst/gstbufferlist.c).
func (l *BufferList) Len() int { return len(l.buffers) }

// Get returns buffer i without adding a reference, or nil when i is out of
// range.
//
// GStreamer: gst_buffer_list_get (gst/gstbufferlist.c).
func (l *BufferList) Get(i int) *Buffer {
	if i < 0 || i >= len(l.buffers) {
		return nil
	}
	return l.buffers[i]
}

// GetWritable makes buffer i writable (copying it when shared) and returns
// it; the list must be writable. It returns nil when i is out of range or
// the list is not writable.
//
// GStreamer: gst_buffer_list_get_writable (gst/gstbufferlist.c).
func (l *BufferList) GetWritable(i int) *Buffer {
	if !l.IsWritable() || i < 0 || i >= len(l.buffers) {
		return nil
	}
	b := l.buffers[i]
	if b.IsWritable() {
		return b
	}
	b.parent.CompareAndSwap(l, nil)
	nb := b.MakeWritable()
	nb.parent.Store(l)
	l.buffers[i] = nb
	return nb
}

// Insert inserts buf at idx (-1 or beyond the end appends). The list takes
// over the caller's reference to buf. It fails when buf is nil or the list
// is not writable.
//
// GStreamer: gst_buffer_list_insert (gst/gstbufferlist.c).
func (l *BufferList) Insert(idx int, buf *Buffer) error {
	if buf == nil {
		return errors.New("gst: nil buffer")
	}
	if !l.IsWritable() {
		return errors.New("gst: buffer list is not writable")
	}
	if idx < 0 || idx > len(l.buffers) {
		idx = len(l.buffers)
	}
	l.buffers = append(l.buffers, nil)
	copy(l.buffers[idx+1:], l.buffers[idx:])
	l.buffers[idx] = buf
	buf.parent.CompareAndSwap(nil, l)
	return nil
}

// Add appends buf; see Insert.
//
// GStreamer: gst_buffer_list_add (gst/gstbufferlist.h).
func (l *BufferList) Add(buf *Buffer) error { return l.Insert(-1, buf) }

// Remove removes length buffers from idx, dropping the list's references.
// The list must be writable.
//
// GStreamer: gst_buffer_list_remove (gst/gstbufferlist.c).
func (l *BufferList) Remove(idx, length int) error {
	if !l.IsWritable() {
		return errors.New("gst: buffer list is not writable")
	}
	if idx < 0 || length < 0 || idx+length > len(l.buffers) {
		return fmt.Errorf("gst: remove %d+%d out of range (%d buffers)", idx, length, len(l.buffers))
	}
	for _, b := range l.buffers[idx : idx+length] {
		b.parent.CompareAndSwap(l, nil)
		b.Unref()
	}
	n := copy(l.buffers[idx:], l.buffers[idx+length:])
	clear(l.buffers[idx+n:])
	l.buffers = l.buffers[:idx+n]
	return nil
}

// ForEach calls fn for every buffer with its index. fn may return a
// different buffer to put in its place (it then owns the old one), or nil
// to remove it; replacing or removing requires a writable list (otherwise
// ForEach stops and returns false). fn returns cont false to stop; ForEach
// then returns false.
//
// GStreamer: gst_buffer_list_foreach (gst/gstbufferlist.c).
func (l *BufferList) ForEach(fn func(buf *Buffer, idx int) (next *Buffer, cont bool)) bool {
	for i := 0; i < len(l.buffers); {
		b := l.buffers[i]
		nb, cont := fn(b, i)
		if nb != b {
			if !l.IsWritable() {
				return false
			}
			b.parent.CompareAndSwap(l, nil)
			if nb == nil {
				copy(l.buffers[i:], l.buffers[i+1:])
				l.buffers[len(l.buffers)-1] = nil
				l.buffers = l.buffers[:len(l.buffers)-1]
			} else {
				nb.parent.CompareAndSwap(nil, l)
				l.buffers[i] = nb
				i++
			}
		} else {
			i++
		}
		if !cont {
			return false
		}
	}
	return true
}

// Copy returns a new list holding new references to the same buffers.
//
// GStreamer: gst_buffer_list_copy (gst/gstbufferlist.h).
func (l *BufferList) Copy() *BufferList {
	c := NewBufferListSized(len(l.buffers))
	for _, b := range l.buffers {
		c.buffers = append(c.buffers, b.Ref())
	}
	return c
}

// CopyDeep returns a new list holding deep copies (CopyDeep) of the
// buffers.
//
// GStreamer: gst_buffer_list_copy_deep (gst/gstbufferlist.c).
func (l *BufferList) CopyDeep() *BufferList {
	c := NewBufferListSized(len(l.buffers))
	for _, b := range l.buffers {
		nb := b.CopyDeep()
		nb.parent.Store(c)
		c.buffers = append(c.buffers, nb)
	}
	return c
}

// CalculateSize returns the sum of the sizes of all buffers in bytes.
//
// GStreamer: gst_buffer_list_calculate_size (gst/gstbufferlist.c).
func (l *BufferList) CalculateSize() int {
	s := 0
	for _, b := range l.buffers {
		s += b.Size()
	}
	return s
}
