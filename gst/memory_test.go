package gst

import (
	"bytes"
	"testing"
)

// Ported from tests/check/gst/gstmemory.c test_submemory.
func TestMemoryShare(t *testing.T) {
	mem := NewMemory(4)
	info, ok := mem.Map(MapWrite)
	if !ok || info.Size != 4 || info.MaxSize < 4 {
		t.Fatal("map")
	}
	copy(info.Data, []byte{1, 2, 3, 4})
	mem.Unmap(&info)

	sub, err := mem.Share(1, 2)
	if err != nil {
		t.Fatal(err)
	}
	si, ok := sub.Map(MapRead)
	if !ok || si.Size != 2 || !bytes.Equal(si.Data, []byte{2, 3}) {
		t.Fatalf("sub %v", si.Data)
	}
	if sub, err = mem.Share(1, 0); err != nil || sub.Size() != 0 {
		t.Fatal("zero share")
	}
	if sub, _ = mem.Share(0, -1); sub.Size() != 4 {
		t.Fatal("share to end")
	}
	if _, err := mem.Share(2, 3); err == nil {
		t.Fatal("share out of range must fail")
	}
	// a share of a share points at the root parent
	s2, _ := sub.Share(1, 2)
	if s2.Parent() != mem || !bytes.Equal(s2.mapInfo(MapRead).Data, []byte{2, 3}) {
		t.Fatal("nested share")
	}
	mem.SetFlags(MemoryFlagNoShare)
	if _, err := mem.Share(0, 1); err == nil {
		t.Fatal("no-share memory must not share")
	}
}

// Ported from test_is_span.
func TestMemoryIsSpan(t *testing.T) {
	mem := NewMemory(4)
	s1, _ := mem.Share(0, 2)
	s2, _ := mem.Share(2, 2)
	if _, ok := mem.IsSpan(s2); ok {
		t.Fatal("a parent can't span")
	}
	if _, ok := s1.IsSpan(mem); ok {
		t.Fatal("a parent can't span")
	}
	if off, ok := s1.IsSpan(s2); !ok || off != 0 {
		t.Fatal("adjacent shares span")
	}
	if _, ok := s2.IsSpan(s1); ok {
		t.Fatal("reversed shares don't span")
	}
}

// Ported from test_writable and test_submemory_writable.
func TestMemoryWritable(t *testing.T) {
	ro, _ := NewMemoryWrapped(MemoryFlagReadonly, []byte("abcdefghijklmnopqrstuvwxyz"), 0, 26)
	if _, ok := ro.Map(MapWrite); ok {
		t.Fatal("read-only write map")
	}
	if _, ok := ro.Map(MapRead); !ok {
		t.Fatal("read map")
	}
	c, _ := ro.Copy(0, -1)
	if !ro.HasFlags(MemoryFlagReadonly) || c.HasFlags(MemoryFlagReadonly) {
		t.Fatal("copy flags")
	}
	info, ok := c.Map(MapWrite)
	if !ok {
		t.Fatal("copy write map")
	}
	info.Data[4] = 'a'
	if ro.data[4] != 'e' {
		t.Fatal("copy shares bytes")
	}
	sub, _ := ro.Share(0, 8)
	if !sub.HasFlags(MemoryFlagReadonly) {
		t.Fatal("share of read-only is read-only")
	}
	if _, ok := sub.Map(MapWrite); ok {
		t.Fatal("share write map")
	}
	// exclusive locks
	m := NewMemory(4)
	if !m.IsWritable() || !m.Lock(LockFlagExclusive) || !m.IsWritable() {
		t.Fatal("one lock keeps it writable")
	}
	m.Lock(LockFlagExclusive)
	if m.IsWritable() || m.Lock(LockFlagWrite) {
		t.Fatal("two locks make it shared")
	}
	if _, ok := m.Map(MapWrite); ok {
		t.Fatal("shared write map")
	}
	m.Unlock(LockFlagExclusive)
	if !m.IsWritable() {
		t.Fatal("unlock")
	}
}

// Ported from test_copy and test_try_new_and_alloc.
func TestMemoryCopyAlloc(t *testing.T) {
	m := NewMemory(4)
	c, err := m.Copy(0, -1)
	if err != nil || c == m || c.Size() != 4 {
		t.Fatal("copy")
	}
	m = NewMemory(0)
	if info, ok := m.Map(MapRead); !ok || info.Size != 0 {
		t.Fatal("empty map")
	}
	if c, err := m.Copy(0, -1); err != nil || c.Size() != 0 {
		t.Fatal("empty copy")
	}
	if _, err := m.Copy(1, 1); err == nil {
		t.Fatal("out of range copy must fail")
	}
	m = NewMemory(640 * 480 * 4)
	info, ok := m.Map(MapWrite)
	if !ok || info.Size != 640*480*4 {
		t.Fatal("big alloc")
	}
	info.Data[640*479*4+479] = 0xff
	if NewMemory(-1).Size() != 0 {
		t.Fatal("negative size")
	}
	if _, err := NewMemoryWrapped(0, make([]byte, 4), 2, 3); err == nil {
		t.Fatal("bad wrap must fail")
	}
}

// Ported from test_resize.
func TestMemoryResize(t *testing.T) {
	m := NewMemory(100)
	const maxalloc = 100
	for _, bad := range [][2]int{{200, 50}, {0, 150}, {1, maxalloc}, {maxalloc, 1}} {
		if err := m.Resize(bad[0], bad[1]); err == nil {
			t.Errorf("Resize(%d,%d) should fail", bad[0], bad[1])
		}
	}
	steps := []struct{ off, size, wSize, wOff int }{
		{0, 100, 100, 0}, {0, 50, 50, 0}, {0, 100, 100, 0}, {1, 99, 99, 1},
		{-1, 100, 100, 0}, {50, 40, 40, 50}, {-50, 100, 100, 0}, {0, 0, 0, 0}, {0, 100, 100, 0},
	}
	for i, s := range steps {
		if err := m.Resize(s.off, s.size); err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		if sz, off, mx := m.Sizes(); sz != s.wSize || off != s.wOff || mx != maxalloc {
			t.Fatalf("step %d: sizes %d %d %d", i, sz, off, mx)
		}
	}
	m.SetFlags(MemoryFlagZeroPrefixed | MemoryFlagZeroPadded)
	_ = m.Resize(1, 50)
	if m.HasFlags(MemoryFlagZeroPrefixed) || m.HasFlags(MemoryFlagZeroPadded) {
		t.Fatal("resize must clear the zero flags")
	}
}

func TestMemoryFlagsString(t *testing.T) {
	if got := (MemoryFlagReadonly | MemoryFlagNoShare).String(); got != "readonly+no-share" {
		t.Fatal(got)
	}
	if got := MemoryFlags(0).String(); got != "0" {
		t.Fatal(got)
	}
}
