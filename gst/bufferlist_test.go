package gst

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// Ported from tests/check/gst/gstbufferlist.c test_add_and_iterate and
// test_remove.
func TestBufferListAddRemove(t *testing.T) {
	l := NewBufferList()
	if l.Len() != 0 {
		t.Fatal("not empty")
	}
	if err := l.Insert(0, nil); err == nil {
		t.Fatal("nil insert must fail")
	}
	b1 := NewBuffer()
	_ = l.Add(b1)
	wantRefs(t, b1, "buf1", 1)
	b2 := NewBuffer().Ref()
	_ = l.Add(b2)
	if l.Len() != 2 || l.Get(0) != b1 || l.Get(1) != b2 || l.Get(2) != nil {
		t.Fatal("contents")
	}
	if err := l.Remove(1, 1); err != nil {
		t.Fatal(err)
	}
	wantRefs(t, b2, "buf2", 1)
	if err := l.Remove(1, 1); err == nil {
		t.Fatal("out of range remove must fail")
	}
}

// Ported from test_make_writable and test_copy.
func TestBufferListMakeWritableAndCopy(t *testing.T) {
	l := NewBufferList()
	b1 := NewBufferAllocate(1)
	_ = l.Add(b1)
	b2 := NewBufferAllocate(2).Append(NewBufferAllocate(3))
	_ = l.Add(b2)
	if l.MakeWritable() != l {
		t.Fatal("writable list must be returned")
	}
	wantRefs(t, b1, "buf1", 1)
	if b2.NMemory() != 2 {
		t.Fatal("append")
	}
	l.Ref()
	w := l.MakeWritable()
	if w == l || l.RefCount() != 1 || w.RefCount() != 1 {
		t.Fatal("copy on make writable")
	}
	for _, x := range []*BufferList{l, w} {
		if x.Len() != 2 || x.Get(0) != b1 || x.Get(1) != b2 {
			t.Fatal("contents")
		}
	}
	wantRefs(t, b1, "buf1", 2)
	wantRefs(t, b2, "buf2", 2)
	w.Unref()
	wantRefs(t, b1, "buf1", 1)

	c := l.Copy()
	if c.Get(1) != b2 || b2.RefCount() != 2 || b2.Size() != 5 {
		t.Fatal("copy")
	}
	c.Unref()
}

// Ported from test_copy_deep.
func TestBufferListCopyDeep(t *testing.T) {
	l := NewBufferList()
	b1, b2 := NewBufferAllocate(1), NewBufferAllocate(2)
	_ = l.Add(b1)
	_ = l.Add(b2)
	c := l.CopyDeep()
	if c.Len() != 2 || c.Get(0) == b1 || c.Get(1) == b2 {
		t.Fatal("deep copy shares buffers")
	}
	wantRefs(t, b1, "buf1", 1)
	if &c.Get(1).Bytes()[0] == &b2.Bytes()[0] {
		t.Fatal("deep copy shares memory")
	}
	if !c.Get(0).IsWritable() {
		t.Fatal("copied buffer must be writable")
	}
}

// Ported from test_foreach.
func TestBufferListForEach(t *testing.T) {
	l := NewBufferList()
	bufs := []*Buffer{NewBufferAllocate(1), NewBufferAllocate(2).Append(NewBufferAllocate(3))}
	for _, b := range bufs {
		_ = l.Add(b)
	}
	n := 0
	l.ForEach(func(b *Buffer, i int) (*Buffer, bool) {
		if b != bufs[i] {
			t.Fatal("wrong buffer")
		}
		n++
		return b, true
	})
	if n != 2 {
		t.Fatal(n)
	}
	n = 0
	if l.ForEach(func(b *Buffer, i int) (*Buffer, bool) { n++; return b, false }) || n != 1 {
		t.Fatal("stop")
	}
	n = 0
	l.ForEach(func(b *Buffer, i int) (*Buffer, bool) {
		if i != 0 || b != bufs[n] {
			t.Fatal("index after removal")
		}
		n++
		if b == bufs[0] {
			b.Unref()
			return nil, true
		}
		return b, true
	})
	if n != 2 || l.Len() != 1 || l.Get(0) != bufs[1] {
		t.Fatal("removal")
	}
}

// Ported from test_expand_and_remove.
func TestBufferListExpandAndRemove(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	l := NewBufferListSized(1)
	var arr []int
	counter := 0
	check := func() {
		t.Helper()
		if len(arr) != l.Len() {
			t.Fatalf("len %d want %d", l.Len(), len(arr))
		}
		for i, n := range arr {
			if l.Get(i).Size() != n {
				t.Fatalf("at %d size %d want %d", i, l.Get(i).Size(), n)
			}
		}
	}
	add := func(times int, insert bool) {
		for range times {
			counter++
			b := NewBufferAllocate(counter)
			if insert {
				idx := rng.IntN(l.Len())
				_ = l.Insert(idx, b)
				arr = slices.Insert(arr, idx, counter)
			} else {
				_ = l.Add(b)
				arr = append(arr, counter)
			}
		}
	}
	add(250, false)
	add(250, true)
	check()
	for range 44 {
		num := 1 + rng.IntN(4)
		idx := rng.IntN(l.Len() - num)
		if err := l.Remove(idx, num); err != nil {
			t.Fatal(err)
		}
		arr = slices.Delete(arr, idx, idx+num)
	}
	check()
	add(500, false)
	add(500, true)
	check()
}

// Ported from test_get_writable, test_calc_size,
// test_multiple_mutable_buffer_references and the foreach_modify cases.
func TestBufferListWritability(t *testing.T) {
	l := NewBufferList()
	b := NewBuffer()
	_ = l.Add(b)
	if l.GetWritable(0) != b {
		t.Fatal("writable buffer must be returned")
	}
	b.Ref()
	w := l.GetWritable(0)
	if w == b || b.RefCount() != 1 || w.RefCount() != 1 || l.Get(0) != w {
		t.Fatal("get writable must copy")
	}

	c := NewBufferList()
	_ = c.Add(NewBufferWrapped([]byte("Hello")))
	_ = c.Add(NewBufferWrapped([]byte(", ")))
	_ = c.Add(NewBufferWrapped([]byte("world!")))
	if c.CalculateSize() != 13 {
		t.Fatal("size")
	}

	m := NewBufferListSized(0)
	_ = m.Add(NewBuffer())
	m.Ref()
	if m.IsWritable() || m.Get(0).IsWritable() {
		t.Fatal("buffer in a shared list must not be writable")
	}
	if m.ForEach(func(b *Buffer, _ int) (*Buffer, bool) { return NewBuffer(), true }) {
		t.Fatal("replacing in a non-writable list must fail")
	}
	if err := m.Add(NewBuffer()); err == nil {
		t.Fatal("add to non-writable list must fail")
	}
	m.Unref()
	if !m.Get(0).IsWritable() {
		t.Fatal("buffer writable again")
	}
	old := m.Get(0)
	if !m.ForEach(func(b *Buffer, _ int) (*Buffer, bool) { b.Unref(); return NewBuffer(), true }) || m.Get(0) == old {
		t.Fatal("replace in writable list")
	}
}
