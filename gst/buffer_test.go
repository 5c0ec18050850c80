package gst

import (
	"bytes"
	"testing"
)

func mustMap(t *testing.T, b *Buffer, f MapFlags) MapInfo {
	t.Helper()
	info, ok := b.Map(f)
	if !ok {
		t.Fatalf("Map(%d) failed", f)
	}
	return info
}

func wantRefs(t *testing.T, b *Buffer, name string, n int) {
	t.Helper()
	if got := b.RefCount(); got != n {
		t.Fatalf("%s refcount = %d, want %d", name, got, n)
	}
}

// Ported from tests/check/gst/gstbuffer.c test_subbuffer.
func TestBufferSubbuffer(t *testing.T) {
	buf := NewBufferAllocate(4)
	info := mustMap(t, buf, MapWrite)
	if info.Size != 4 || info.MaxSize < 4 {
		t.Fatalf("size %d maxsize %d", info.Size, info.MaxSize)
	}
	copy(info.Data, []byte{1, 2, 3, 4})
	buf.Unmap(&info)

	buf.PTS, buf.Duration, buf.Offset, buf.OffsetEnd = 1, 2, 3, 4

	sub, err := buf.CopyRegion(BufferCopyAll, 1, 2)
	if err != nil {
		t.Fatal(err)
	}
	si := mustMap(t, sub, MapRead)
	if si.Size != 2 || !bytes.Equal(si.Data, []byte{2, 3}) {
		t.Fatalf("sub data %v", si.Data)
	}
	wantRefs(t, sub, "sub", 1)
	if sub.PTS != ClockTimeNone || sub.Duration != ClockTimeNone || sub.Offset != BufferOffsetNone || sub.OffsetEnd != BufferOffsetNone {
		t.Fatalf("sub metadata %v", sub)
	}

	sub, err = buf.CopyRegion(BufferCopyAll, 1, 0)
	if err != nil || sub.Size() != 0 {
		t.Fatalf("zero sub: %v %v", sub, err)
	}

	sub, _ = buf.CopyRegion(BufferCopyAll, 0, 1)
	if sub.Size() != 1 || sub.PTS != 1 || sub.Offset != 3 || sub.Duration != ClockTimeNone || sub.OffsetEnd != BufferOffsetNone {
		t.Fatalf("prefix sub metadata %v", sub)
	}
	sub, _ = buf.CopyRegion(BufferCopyAll, 0, 4)
	if sub.Size() != 4 || sub.PTS != 1 || sub.Duration != 2 || sub.Offset != 3 || sub.OffsetEnd != 4 {
		t.Fatalf("full sub metadata %v", sub)
	}
	if _, err := buf.CopyRegion(BufferCopyAll, 3, 2); err == nil {
		t.Fatal("out-of-range region must fail")
	}
}

// Ported from test_span: appending buffers, contiguous and not.
func TestBufferSpan(t *testing.T) {
	buf := NewBufferWrapped([]byte("data"))
	sub1, _ := buf.CopyRegion(BufferCopyAll, 0, 2)
	sub2, _ := buf.CopyRegion(BufferCopyAll, 2, 2)
	span := sub1.Ref().Append(sub2.Ref())
	if got := string(span.Bytes()); got != "data" {
		t.Fatalf("span = %q", got)
	}
	wantRefs(t, sub1, "sub1", 1)
	wantRefs(t, sub2, "sub2", 1)
	span2 := sub2.Ref().Append(sub1.Ref())
	if got := string(span2.Bytes()); got != "tada" {
		t.Fatalf("span2 = %q", got)
	}
	wantRefs(t, buf, "parent", 1)
}

func readOnlyBuffer() *Buffer {
	b := NewBuffer()
	m, _ := NewMemoryWrapped(MemoryFlagReadonly, []byte("abcdefghijklmnopqrstuvwxyz\x00"), 0, 27)
	_ = b.InsertMemory(-1, m)
	return b
}

// Ported from test_make_writable and test_subbuffer_make_writable.
func TestBufferMakeWritable(t *testing.T) {
	buf := readOnlyBuffer()
	orig := buf.PeekMemory(0)
	info := mustMap(t, buf, MapWrite)
	info.Data[4] = 'a'
	buf.Unmap(&info)
	if string(orig.data[:5]) != "abcde" {
		t.Fatal("read-only memory was written")
	}
	if string(buf.Bytes()[:5]) != "abcda" {
		t.Fatalf("write lost: %q", buf.Bytes()[:5])
	}

	buf = NewBufferAllocate(32)
	if buf.MakeWritable() != buf {
		t.Fatal("MakeWritable of writable buffer must return it")
	}
	buf.Ref()
	buf2 := buf.MakeWritable()
	if buf2 == buf {
		t.Fatal("MakeWritable of shared buffer must copy")
	}
	wantRefs(t, buf, "buf", 1)
	wantRefs(t, buf2, "buf2", 1)

	ro := readOnlyBuffer()
	sub, _ := ro.CopyRegion(BufferCopyAll, 0, 8)
	si := mustMap(t, sub, MapWrite)
	si.Data[4] = 'a'
	sub.Unmap(&si)
	if string(ro.Bytes()[:8]) != "abcdefgh" {
		t.Fatal("parent changed through sub-buffer write")
	}
}

// Ported from test_metadata_writable.
func TestBufferMetadataWritable(t *testing.T) {
	buf := NewBufferAllocate(4)
	buf.SetFlags(BufferFlagDiscont | BufferFlagDeltaUnit)
	if !buf.IsWritable() {
		t.Fatal("refcount 1 must be writable")
	}
	buf.Ref()
	wantRefs(t, buf, "buf", 2)
	if buf.IsWritable() {
		t.Fatal("refcount 2 must not be writable")
	}
	sub := buf.MakeWritable()
	if sub == buf || !sub.IsWritable() {
		t.Fatal("MakeWritable must return a writable copy")
	}
	if !sub.HasFlags(BufferFlagDiscont) || !sub.HasFlags(BufferFlagDeltaUnit) {
		t.Fatal("flags not copied")
	}
	sub.UnsetFlags(BufferFlagDiscont | BufferFlagDeltaUnit)
	if !buf.HasFlags(BufferFlagDiscont | BufferFlagDeltaUnit) {
		t.Fatal("flags of original changed")
	}
	wantRefs(t, sub, "sub", 1)
	sub.Unref()
	if !buf.IsWritable() {
		t.Fatal("original must be writable again")
	}
}

// Ported from test_memcmp.
func TestBufferMemcmp(t *testing.T) {
	buf := NewBufferAllocate(2)
	zero := []byte{0, 0, 0}
	buf.Memset(0, 0, 2)
	for _, c := range []struct {
		off, n int
		eq     bool
	}{{0, 2, true}, {0, 1, true}, {1, 1, true}, {0, 3, false}, {2, 1, false}, {4, 1, false}} {
		if got := buf.Memcmp(c.off, zero[:c.n]) == 0; got != c.eq {
			t.Errorf("memcmp(%d,%d) equal=%v want %v", c.off, c.n, got, c.eq)
		}
	}
	buf.Memset(0, 0x20, 2)
	for _, c := range []struct{ off, n int }{{0, 2}, {0, 1}, {1, 1}, {0, 3}, {2, 1}} {
		if buf.Memcmp(c.off, zero[:c.n]) == 0 {
			t.Errorf("memcmp(%d,%d) equal after memset", c.off, c.n)
		}
	}
}

// Ported from test_copy.
func TestBufferCopy(t *testing.T) {
	buf := NewBufferAllocate(4)
	c := buf.Copy()
	wantRefs(t, buf, "buffer", 1)
	wantRefs(t, c, "copy", 1)
	if c == buf {
		t.Fatal("copy is the same buffer")
	}
	a, b := mustMap(t, buf, MapRead), mustMap(t, c, MapRead)
	if a.Size != b.Size || &a.Data[0] != &b.Data[0] {
		t.Fatal("shallow copy must share memory")
	}

	buf = NewBufferAllocate(0)
	if info := mustMap(t, buf, MapRead); info.Data != nil {
		t.Fatal("0-sized buffer must map to nil data")
	}
	if info := mustMap(t, buf.Copy(), MapRead); info.Data != nil {
		t.Fatal("copy of 0-sized buffer must map to nil data")
	}

	// independent when written to
	buf = NewBufferAllocate(4)
	buf.Memset(0, 0, 4)
	c = buf.Copy()
	if !c.IsWritable() {
		t.Fatal("copy must be writable")
	}
	c.Memset(0, 0x80, 4)
	if c.Memcmp(0, buf.Bytes()) == 0 {
		t.Fatal("writing the copy changed the original")
	}

	// independent when copied while mapped
	buf = NewBufferAllocate(4)
	buf.Memset(0, 0, 4)
	wi := mustMap(t, buf, MapWrite)
	c = buf.Copy()
	c.Memset(0, 0x80, 4)
	buf.Unmap(&wi)
	if c.Memcmp(0, buf.Bytes()) == 0 {
		t.Fatal("copy made while mapped is not independent")
	}

	// writable clone via MakeWritable
	buf = NewBufferAllocate(4)
	buf.Memset(0, 0, 4)
	c = buf.Ref().MakeWritable()
	c.Memset(0, 0x80, 4)
	if c.Memcmp(0, buf.Bytes()) == 0 || !bytes.Equal(buf.Bytes(), []byte{0, 0, 0, 0}) {
		t.Fatal("MakeWritable clone is not independent")
	}
}

// The tee case: one buffer pushed to two branches that both modify it.
func TestBufferCopyOnWriteBothSides(t *testing.T) {
	buf := NewBufferWrapped([]byte("abcd"))
	buf.Ref() // second branch
	a := buf.MakeWritable()
	b := buf.MakeWritable() // now the only reference
	if a == b {
		t.Fatal("branches got the same buffer")
	}
	ai := mustMap(t, a, MapWrite)
	ai.Data[0] = 'X'
	a.Unmap(&ai)
	bi := mustMap(t, b, MapWrite)
	bi.Data[1] = 'Y'
	b.Unmap(&bi)
	if string(a.Bytes()) != "Xbcd" || string(b.Bytes()) != "aYcd" {
		t.Fatalf("a=%q b=%q", a.Bytes(), b.Bytes())
	}
	// after a copy is dropped, the memory is writable in place again
	c := NewBufferWrapped([]byte("1234"))
	d := c.Copy()
	if c.PeekMemory(0).IsWritable() {
		t.Fatal("shared memory must not be writable")
	}
	d.Unref()
	if !c.PeekMemory(0).IsWritable() {
		t.Fatal("memory must be writable once the copy is gone")
	}
	mem := c.PeekMemory(0)
	ci := mustMap(t, c, MapWrite)
	ci.Data[0] = '9'
	c.Unmap(&ci)
	if c.PeekMemory(0) != mem {
		t.Fatal("write map copied unshared memory")
	}
}

// Ported from test_copy_deep.
func TestBufferCopyDeep(t *testing.T) {
	buf := NewBufferAllocate(4)
	c := buf.CopyDeep()
	wantRefs(t, buf, "buffer", 1)
	a, b := mustMap(t, buf, MapRead), mustMap(t, c, MapRead)
	if a.Size != b.Size || &a.Data[0] == &b.Data[0] {
		t.Fatal("deep copy must not share memory")
	}
}

// Ported from test_try_new_and_alloc.
func TestBufferNewAllocate(t *testing.T) {
	buf := NewBufferAllocate(0)
	if info := mustMap(t, buf, MapRead); info.Data != nil {
		t.Fatal("alloc 0 must map nil")
	}
	buf = NewBufferAllocate(640 * 480 * 4)
	info := mustMap(t, buf, MapWrite)
	if info.Size != 640*480*4 {
		t.Fatal("bad size")
	}
	info.Data[640*479*4+479] = 0xff
	buf.Unmap(&info)
}

func checkSizes(t *testing.T, b *Buffer, size, offset, maxsize int) {
	t.Helper()
	s, o, m := b.Sizes()
	if s != size || o != offset || m != maxsize {
		t.Fatalf("sizes = (%d,%d,%d), want (%d,%d,%d)", s, o, m, size, offset, maxsize)
	}
}

// Ported from test_size.
func TestBufferSize(t *testing.T) {
	buf := NewBufferAllocate(100)
	checkSizes(t, buf, 100, 0, 100)
	if err := buf.PeekMemory(0).Resize(10, 70); err != nil {
		t.Fatal(err)
	}
	checkSizes(t, buf, 70, 10, 100)

	mem := NewMemory(100)
	if err := mem.Resize(20, 60); err != nil {
		t.Fatal(err)
	}
	if s, o, m := mem.Sizes(); s != 60 || o != 20 || m != 100 {
		t.Fatalf("mem sizes %d %d %d", s, o, m)
	}
	_ = buf.InsertMemory(-1, mem)
	checkSizes(t, buf, 130, 10, 80+(100-20))

	// appending an empty block
	mem = NewMemory(100)
	_ = mem.Resize(0, 0)
	_ = buf.InsertMemory(-1, mem)
	_, _, m := buf.Sizes()
	checkSizes(t, buf, 130, 10, m)
	if m != 10+130+(100-20-60)+100 {
		t.Fatalf("maxsize %d", m)
	}
	// prepending an empty block: its maxsize counts as offset
	mem = NewMemory(100)
	_ = mem.Resize(0, 0)
	_ = buf.InsertMemory(0, mem)
	s, o, m2 := buf.Sizes()
	if s != 130 || o != 10+100 || m2 != m+100 {
		t.Fatalf("after prepend sizes %d %d %d", s, o, m2)
	}
}

// Ported from test_resize.
func TestBufferResize(t *testing.T) {
	buf := NewBufferAllocate(100)
	const maxalloc = 100
	checkSizes(t, buf, 100, 0, maxalloc)
	for _, bad := range [][2]int{{200, 50}, {0, 150}, {1, maxalloc}, {maxalloc, 1}} {
		if err := buf.Resize(bad[0], bad[1]); err == nil {
			t.Errorf("Resize(%d,%d) should fail", bad[0], bad[1])
		}
	}
	steps := []struct {
		off, size    int
		wSize, wOffs int
		fail         bool
	}{
		{0, 100, 100, 0, false},
		{0, 50, 50, 0, false},
		{0, 100, 100, 0, false},
		{1, 99, 99, 1, false},
		{1, maxalloc - 1, 99, 1, true},
		{0, 99, 99, 1, false},
		{-1, 100, 100, 0, false},
		{-1, 100, 100, 0, true},
		{50, 40, 40, 50, false},
		{-50, 100, 100, 0, false},
		{0, 0, 0, 0, false},
		{0, 100, 100, 0, false},
		{0, 100, 100, 0, false},
	}
	for i, s := range steps {
		err := buf.Resize(s.off, s.size)
		if (err != nil) != s.fail {
			t.Fatalf("step %d: Resize(%d,%d) err=%v", i, s.off, s.size, err)
		}
		checkSizes(t, buf, s.wSize, s.wOffs, maxalloc)
	}
	buf.Ref()
	if err := buf.Resize(0, 10); err == nil {
		t.Fatal("resize of non-writable buffer must fail")
	}
}

// Ported from test_map.
func TestBufferMapMerge(t *testing.T) {
	buf := NewBuffer()
	_ = buf.InsertMemory(-1, NewMemory(50))
	_ = buf.InsertMemory(-1, NewMemory(50))
	checkSizes(t, buf, 100, 0, 100)
	if buf.NMemory() != 2 {
		t.Fatal("want 2 blocks")
	}
	buf.Ref()
	info := mustMap(t, buf, MapRead)
	if info.Size != 100 || buf.NMemory() != 2 {
		t.Fatal("read map of shared buffer must merge temporarily")
	}
	buf.Unmap(&info)
	if _, ok := buf.Map(MapWrite); ok {
		t.Fatal("write map of non-writable buffer must fail")
	}
	buf.Unref()
	info = mustMap(t, buf, MapRead)
	if buf.NMemory() != 1 {
		t.Fatal("read map of writable buffer must store the merge")
	}
	buf.Unmap(&info)
	a := mustMap(t, buf, MapWrite)
	b := mustMap(t, buf, MapWrite)
	if a.Memory != b.Memory {
		t.Fatal("same kind of map must use the same memory")
	}
}

// Ported from test_map_range.
func TestBufferMapRange(t *testing.T) {
	buf := NewBuffer()
	for range 3 {
		_ = buf.AppendMemory(NewMemory(50))
	}
	buf.Ref()
	info, ok := buf.MapRange(1, 2, MapRead)
	if !ok || info.Size != 100 || buf.NMemory() != 3 {
		t.Fatalf("shared map range: ok=%v size=%d n=%d", ok, info.Size, buf.NMemory())
	}
	buf.Unref()
	info, ok = buf.MapRange(1, 2, MapRead)
	if !ok || info.Size != 100 || buf.NMemory() != 2 {
		t.Fatalf("writable map range: ok=%v size=%d n=%d", ok, info.Size, buf.NMemory())
	}
	mustMap(t, buf, MapRead)
	if buf.NMemory() != 1 {
		t.Fatal("full map must merge")
	}
	if _, ok := buf.MapRange(1, 1, MapRead); ok {
		t.Fatal("out of range map must fail")
	}
}

// Ported from test_find.
func TestBufferFindMemory(t *testing.T) {
	buf := NewBuffer()
	for _, n := range []int{0, 10, 15, 0} {
		_ = buf.AppendMemory(NewMemory(n))
	}
	if buf.Size() != 25 || buf.NMemory() != 4 {
		t.Fatal("setup")
	}
	cases := []struct {
		off, size         int
		idx, length, skip int
		ok                bool
	}{
		{0, 5, 1, 1, 0, true},
		{0, 10, 1, 1, 0, true},
		{5, 4, 1, 1, 5, true},
		{5, 5, 1, 1, 5, true},
		{5, 6, 1, 2, 5, true},
		{10, 6, 2, 1, 0, true},
		{10, 15, 2, 1, 0, true},
		{11, 14, 2, 1, 1, true},
		{0, 25, 1, 2, 0, true},
		{24, 0, 2, 1, 14, true},
		{11, 15, 0, 0, 0, false},
		{0, 26, 0, 0, 0, false},
		{25, 0, 0, 0, 0, false},
		{1, -1, 1, 3, 1, true},
	}
	for _, c := range cases {
		idx, length, skip, ok := buf.FindMemory(c.off, c.size)
		if ok != c.ok || (ok && (idx != c.idx || length != c.length || skip != c.skip)) {
			t.Errorf("FindMemory(%d,%d) = %d,%d,%d,%v want %d,%d,%d,%v", c.off, c.size,
				idx, length, skip, ok, c.idx, c.length, c.skip, c.ok)
		}
	}
}

// Ported from test_fill.
func TestBufferFill(t *testing.T) {
	buf := NewBuffer()
	for _, n := range []int{0, 10, 15, 0} {
		_ = buf.AppendMemory(NewMemory(n))
	}
	data := make([]byte, 1024)
	for i := range data {
		data[i] = byte(i)
	}
	cases := []struct{ off, n, want int }{
		{0, 0, 0}, {20, 0, 0}, {0, 1, 1}, {0, 11, 11}, {0, 15, 15}, {0, 25, 25},
		{0, 26, 25}, {1, 26, 24}, {10, 100, 15}, {11, 100, 14}, {25, 100, 0},
	}
	for _, c := range cases {
		if got := buf.Fill(c.off, data[:c.n]); got != c.want {
			t.Errorf("Fill(%d, %d bytes) = %d want %d", c.off, c.n, got, c.want)
		}
	}
	if got := buf.Fill(0, data[10:35]); got != 25 {
		t.Fatal(got)
	}
	out := make([]byte, 25)
	if got := buf.Extract(0, out); got != 25 || !bytes.Equal(out, data[10:35]) {
		t.Fatalf("extract %d %v", got, out)
	}
	if got := buf.ExtractDup(20, 100); !bytes.Equal(got, data[30:35]) {
		t.Fatalf("ExtractDup = %v", got)
	}
}

// Ported from test_set_and_cmp (without the sha1: the layout is checked
// directly).
func TestBufferSetAndCmp(t *testing.T) {
	base := make([]byte, 1024)
	m1, _ := NewMemoryWrapped(0, base[0:256], 0, 256)
	m2, _ := NewMemoryWrapped(0, base[256:768], 128, 256)
	m3, _ := NewMemoryWrapped(0, base[768:1024], 0, 128)
	buf := NewBuffer()
	for _, m := range []*Memory{m1, m2, m3} {
		if err := buf.AppendMemory(m); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []struct {
		off  int
		val  byte
		n    int
		want int
	}{{256, 0x77, 256, 256}, {0, 0x11, 64, 64}, {256 - 32, 0x22, 64, 64}, {512 - 32, 0x33, 64, 64}, {640 - 32, 0x44, 64, 32}} {
		if got := buf.Memset(c.off, c.val, c.n); got != c.want {
			t.Fatalf("Memset(%d) = %d want %d", c.off, got, c.want)
		}
	}
	// memory is written in place (wrapped, unshared)
	if base[0] != 0x11 || base[256+128] != 0x22 || base[768] != 0x33 || base[768+127] != 0x44 {
		t.Fatal("memset did not write the wrapped memory in place")
	}
	tmp := append(bytes.Repeat([]byte{0x11}, 64), make([]byte, 32)...)
	if buf.Memcmp(0, tmp) != 0 {
		t.Fatal("cmp 1")
	}
	tmp = append(append(make([]byte, 32), bytes.Repeat([]byte{0x22}, 64)...), bytes.Repeat([]byte{0x77}, 32)...)
	if buf.Memcmp(256-64, tmp) != 0 {
		t.Fatal("cmp 2")
	}
	tmp = append(append(bytes.Repeat([]byte{0x77}, 32), bytes.Repeat([]byte{0x33}, 64)...), make([]byte, 32)...)
	if buf.Memcmp(512-64, tmp) != 0 {
		t.Fatal("cmp 3")
	}
	tmp = append(make([]byte, 32), bytes.Repeat([]byte{0x44}, 32)...)
	if buf.Memcmp(640-64, tmp) != 0 {
		t.Fatal("cmp 4")
	}
}

// Ported from test_parent_buffer_meta and test_writable_memory,
// test_wrapped_bytes, test_new_memdup.
func TestBufferMisc(t *testing.T) {
	buf, parent := NewBuffer(), NewBuffer()
	if _, err := buf.AddParentBufferMeta(parent); err != nil {
		t.Fatal(err)
	}
	if m := buf.ParentBufferMeta(); m == nil || m.Buffer != parent {
		t.Fatal("parent buffer meta")
	}
	wantRefs(t, parent, "parent", 2)
	buf.Unref()
	wantRefs(t, parent, "parent", 1)

	buf = NewBufferAllocate(10)
	buf.Ref()
	if buf.PeekMemory(0).IsWritable() {
		t.Fatal("memory of shared buffer must not be writable")
	}
	buf.Unref()

	ro := readOnlyBuffer()
	if !ro.PeekMemory(0).HasFlags(MemoryFlagReadonly) {
		t.Fatal("readonly flag")
	}

	src := []byte("abcdefghijklmnopqrstuvwxyz")
	buf = NewBufferMemdup(src)
	if buf.Memcmp(0, src) != 0 || buf.Size() != len(src) {
		t.Fatal("memdup content")
	}
	if !buf.PeekMemory(0).IsWritable() || !buf.IsWritable() {
		t.Fatal("memdup must be writable")
	}
	buf.Memset(0, 0xaa, len(src))
	if src[0] != 'a' {
		t.Fatal("memdup must copy")
	}
}

func TestBufferMemoryLimitMerges(t *testing.T) {
	buf := NewBuffer()
	for i := range 20 {
		_ = buf.AppendMemory(newMemoryFromSlice([]byte{byte(i)}))
	}
	if buf.NMemory() > BufferMemMax() {
		t.Fatalf("%d blocks", buf.NMemory())
	}
	want := make([]byte, 20)
	for i := range want {
		want[i] = byte(i)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Fatalf("bytes %v", buf.Bytes())
	}
}

func TestBufferMemoryOps(t *testing.T) {
	buf := NewBuffer()
	a, b, c := newMemoryFromSlice([]byte("a")), newMemoryFromSlice([]byte("b")), newMemoryFromSlice([]byte("c"))
	_ = buf.AppendMemory(b)
	_ = buf.PrependMemory(a)
	_ = buf.AppendMemory(c)
	if string(buf.ExtractDup(0, 3)) != "abc" {
		t.Fatal(string(buf.ExtractDup(0, 3)))
	}
	if err := buf.RemoveMemory(1); err != nil || string(buf.ExtractDup(0, 3)) != "ac" {
		t.Fatal("remove")
	}
	if b.lock.Load() != 0 {
		t.Fatal("removed memory still locked")
	}
	if err := buf.ReplaceMemory(0, b); err != nil || string(buf.ExtractDup(0, 3)) != "bc" {
		t.Fatal("replace")
	}
	if err := buf.ReplaceAllMemory(a); err != nil || buf.NMemory() != 1 || string(buf.Bytes()) != "a" {
		t.Fatal("replace all")
	}
	if err := buf.RemoveAllMemory(); err != nil || buf.NMemory() != 0 || buf.Bytes() != nil {
		t.Fatal("remove all")
	}
	if err := buf.InsertMemory(5, a); err == nil {
		t.Fatal("bad index must fail")
	}
	if err := buf.AppendMemory(nil); err == nil {
		t.Fatal("nil memory must fail")
	}
	buf.Ref()
	if err := buf.AppendMemory(a); err == nil {
		t.Fatal("append to non-writable must fail")
	}
	if buf.Fill(0, []byte("x")) != 0 || buf.Memset(0, 1, 1) != 0 {
		t.Fatal("fill/memset of non-writable must do nothing")
	}
}

func TestBufferFlagsString(t *testing.T) {
	cases := []struct {
		f    BufferFlags
		want string
	}{
		{0, "0"},
		{BufferFlagDiscont, "discont"},
		{BufferFlagDiscont | BufferFlagDeltaUnit, "discont+delta-unit"},
		{BufferFlagLive | BufferFlagNonDroppable, "live+non-droppable"},
		{1 << 20, "0x100000"},
	}
	for _, c := range cases {
		if got := c.f.String(); got != c.want {
			t.Errorf("%d: %q want %q", uint32(c.f), got, c.want)
		}
	}
	if BufferFlagLive != 16 || BufferFlagDiscont != 64 || BufferFlagNonDroppable != 1<<16 {
		t.Fatal("flag values")
	}
}

func TestBufferUnrefFreesOnce(t *testing.T) {
	n := 0
	buf := NewBufferAllocate(4)
	buf.freeNotify = func() { n++ }
	buf.Ref()
	buf.Unref()
	if n != 0 {
		t.Fatal("freed too early")
	}
	buf.Unref()
	buf.Unref() // extra unref ignored
	if n != 1 {
		t.Fatalf("freed %d times", n)
	}
}

func TestBufferBytesNoAlloc(t *testing.T) {
	buf := NewBufferWrapped(make([]byte, 100))
	allocs := testing.AllocsPerRun(100, func() {
		_ = buf.Bytes()
		buf.Ref()
		buf.Unref()
		_ = buf.IsWritable()
		_ = buf.Size()
	})
	if allocs != 0 {
		t.Fatalf("allocs = %v", allocs)
	}
}

// Two goroutines receive the same buffer (as from a tee) and both write:
// each must see only its own write, and the race detector must stay quiet.
func TestBufferConcurrentCopyOnWrite(t *testing.T) {
	for range 200 {
		buf := NewBufferWrapped([]byte("....")).Ref()
		res := make(chan string, 2)
		for i := range 2 {
			go func() {
				b := buf.MakeWritable()
				info, ok := b.Map(MapWrite)
				if !ok {
					res <- "map failed"
					return
				}
				info.Data[i] = 'X'
				b.Unmap(&info)
				res <- string(b.Bytes())
				b.Unref()
			}()
		}
		got := []string{<-res, <-res}
		for _, g := range got {
			if g != "X..." && g != ".X.." {
				t.Fatalf("got %q", g)
			}
		}
		if got[0] == got[1] {
			t.Fatalf("both saw %q", got[0])
		}
	}
}

// A temporary merge of spanning shares must not leave the parent locked.
func TestBufferSpanMapReleasesParent(t *testing.T) {
	src := NewBufferWrapped([]byte("abcd"))
	a, _ := src.CopyRegion(BufferCopyAll, 0, 2)
	b, _ := src.CopyRegion(BufferCopyAll, 2, 2)
	s := a.Append(b)
	if s.NMemory() != 2 || src.PeekMemory(0).IsWritable() {
		t.Fatal("setup")
	}
	s.Ref()
	info := mustMap(t, s, MapRead)
	if string(info.Data) != "abcd" || s.NMemory() != 2 {
		t.Fatalf("temporary span map %q", info.Data)
	}
	s.Unmap(&info)
	s.Unref()
	s.Unref()
	if !src.PeekMemory(0).IsWritable() {
		t.Fatalf("parent still locked: %d", src.PeekMemory(0).lock.Load())
	}
}
