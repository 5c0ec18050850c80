package base_test

import (
	"bytes"
	"testing"

	"github.com/gstmini/gstmini/base"
	"github.com/gstmini/gstmini/gst"
)

func patternBuffer(n int, start byte) *gst.Buffer {
	d := make([]byte, n)
	for i := range d {
		d[i] = start + byte(i)
	}
	return gst.NewBufferWrapped(d)
}

// Ported from tests/check/libs/adapter.c test_timestamp.
func TestAdapterTimestamp(t *testing.T) {
	a := base.NewAdapter()
	none := gst.ClockTimeNone
	check := func(step string, avail int, pts gst.ClockTime, dist uint64, fromDiscont int64) {
		t.Helper()
		if got := a.Available(); got != avail {
			t.Errorf("%s: available %d, want %d", step, got, avail)
		}
		p, d := a.PrevPTS()
		if p != pts || d != dist {
			t.Errorf("%s: prev pts %v/%d, want %v/%d", step, p, d, pts, dist)
		}
		if got := a.PTSAtDiscont(); got != none {
			t.Errorf("%s: pts at discont %v", step, got)
		}
		if fromDiscont >= 0 && a.DistanceFromDiscont() != uint64(fromDiscont) {
			t.Errorf("%s: distance from discont %d, want %d", step, a.DistanceFromDiscont(), fromDiscont)
		}
	}
	a.Push(gst.NewBufferAllocate(100))
	check("push1", 100, none, 0, 0)
	if o, d := a.PrevOffset(); o != gst.BufferOffsetNone || d != 0 {
		t.Errorf("prev offset %d/%d", o, d)
	}
	a.Flush(50)
	check("flush50", 50, none, 50, 50)
	b := gst.NewBufferAllocate(100)
	b.PTS = gst.Second
	a.Push(b)
	check("push2", 150, none, 50, 50)
	a.Flush(50)
	check("into buffer 2", 100, gst.Second, 0, 100)
	a.Flush(50)
	check("further", 50, gst.Second, 50, -1)
	a.Push(gst.NewBufferAllocate(100))
	b = gst.NewBufferAllocate(100)
	b.PTS = 2 * gst.Second
	a.Push(b)
	check("push3,4", 250, gst.Second, 50, -1)
	a.Flush(50)
	check("buffer 3", 200, gst.Second, 100, -1)
	a.Flush(50)
	check("in buffer 3", 150, gst.Second, 150, -1)
	a.Flush(50)
	check("buffer 4", 100, 2*gst.Second, 0, -1)
	a.Flush(100)
	check("empty", 0, 2*gst.Second, 100, -1)
	a.Clear()
	check("clear", 0, none, 0, 0)
}

// Ported from tests/check/libs/adapter.c test_scan.
func TestAdapterMaskedScan(t *testing.T) {
	a := base.NewAdapter()
	a.Push(patternBuffer(100, 0))
	one := []struct {
		pattern      uint32
		offset, size int
		want         int
	}{
		{0x00010203, 0, 100, 0},
		{0x01020304, 0, 100, 1},
		{0x01020304, 1, 99, 1},
		{0x01020304, 2, 98, -1},
		{0x02030405, 2, 3, -1},
		{0x02030405, 2, 4, 2},
		{0x40414243, 0, 0x41, -1},
		{0x40414243, 0, 0x43, -1},
		{0x40414243, 0, 0x44, 0x40},
		{0x40414243, 65, 10, -1},
		{0x40414243, 64, 5, 64},
		{0x60616263, 65, 35, 0x60},
		{0x60616263, 0x60, 4, 0x60},
		{0x60616263, 0x61, 3, -1},
		{0x60616263, 99, 1, -1},
	}
	for _, c := range one {
		if got := a.MaskedScanUint32(0xffffffff, c.pattern, c.offset, c.size); got != c.want {
			t.Errorf("one buffer: scan %08x at %d+%d = %d, want %d", c.pattern, c.offset, c.size, got, c.want)
		}
	}
	a.Push(patternBuffer(100, 100))
	two := []struct {
		pattern      uint32
		offset, size int
		want         int
	}{
		{0x60616263, 0x61, 6, -1},
		{0x61626364, 0x61, 4, 0x61},
		{0x62636465, 0x61, 4, -1},
		{0x62636465, 0x61, 5, 0x62},
		{0x62636465, 0, 120, 0x62},
		{0x62636465, 0, 200, 0x62},
		{0x63646566, 0, 200, 0x63},
		{0x64656667, 0, 200, 0x64},
		{0x64656667, 0x64, 100, 0x64},
		{0x62636465, 0x62, 100, 0x62},
		{0x00000000, 0, 200, -1}, // pattern absent
	}
	for _, c := range two {
		if got := a.MaskedScanUint32(0xffffffff, c.pattern, c.offset, c.size); got != c.want {
			t.Errorf("two buffers: scan %08x at %d+%d = %d, want %d", c.pattern, c.offset, c.size, got, c.want)
		}
	}
	if got, v := a.MaskedScanUint32Peek(0xffff0000, 0x63640000, 0, 200); got != 0x63 || v != 0x63646566 {
		t.Errorf("peek: %d %08x", got, v)
	}
	if got := a.MaskedScanUint32(0xffff0000, 0x00000001, 0, 200); got != -1 {
		t.Errorf("pattern outside mask: %d", got)
	}
}

func TestAdapterMapTakeCopy(t *testing.T) {
	a := base.NewAdapter()
	b1 := patternBuffer(10, 0)
	b1.PTS, b1.DTS = 5, 4
	a.Push(b1)
	a.Push(patternBuffer(10, 10))
	if a.AvailableFast() != 10 || a.Available() != 20 {
		t.Fatalf("available %d fast %d", a.Available(), a.AvailableFast())
	}
	if m := a.Map(4); !bytes.Equal(m, []byte{0, 1, 2, 3}) || &m[0] != &b1.Bytes()[0] {
		t.Errorf("contiguous map copied or wrong: %v", m)
	}
	a.Unmap()
	if m := a.Map(12); !bytes.Equal(m, patternBuffer(12, 0).Bytes()) {
		t.Errorf("assembled map %v", m)
	}
	if a.Map(21) != nil || a.Map(0) != nil {
		t.Error("map beyond available or of 0 bytes must be nil")
	}
	if c := a.Copy(8, 4); !bytes.Equal(c, []byte{8, 9, 10, 11}) {
		t.Errorf("copy %v", c)
	}
	head := a.TakeBuffer(3)
	if head.PTS != 5 || head.DTS != 4 || !bytes.Equal(head.Bytes(), []byte{0, 1, 2}) {
		t.Errorf("region take: pts %v dts %v data %v", head.PTS, head.DTS, head.Bytes())
	}
	mid := a.TakeBuffer(3) // region not at the start: no timestamps
	if mid.PTS.IsValid() || !bytes.Equal(mid.Bytes(), []byte{3, 4, 5}) {
		t.Errorf("mid take: pts %v data %v", mid.PTS, mid.Bytes())
	}
	if a.AvailableFast() != 4 {
		t.Errorf("fast %d", a.AvailableFast())
	}
	span := a.TakeBuffer(6) // spans two buffers: copied, no timestamps
	if span.PTS.IsValid() || !bytes.Equal(span.Bytes(), []byte{6, 7, 8, 9, 10, 11}) {
		t.Errorf("span take: pts %v data %v", span.PTS, span.Bytes())
	}
	if got := a.Take(8); !bytes.Equal(got, patternBuffer(8, 12).Bytes()) || a.Available() != 0 {
		t.Errorf("take %v, left %d", got, a.Available())
	}
	if a.Take(1) != nil || a.TakeBuffer(1) != nil {
		t.Error("take from empty adapter must be nil")
	}
	whole := patternBuffer(5, 0)
	a.Push(whole)
	if got := a.TakeBuffer(5); got != whole {
		t.Error("taking exactly the head buffer must return it")
	}
}

func TestAdapterDiscont(t *testing.T) {
	a := base.NewAdapter()
	b := gst.NewBufferAllocate(10)
	b.PTS, b.Offset = 7, 70
	b.SetFlags(gst.BufferFlagDiscont)
	a.Push(b)
	if a.PTSAtDiscont() != 7 || a.OffsetAtDiscont() != 70 || a.DistanceFromDiscont() != 0 {
		t.Fatalf("at discont: %v %v %v", a.PTSAtDiscont(), a.OffsetAtDiscont(), a.DistanceFromDiscont())
	}
	a.Flush(4)
	if a.DistanceFromDiscont() != 4 {
		t.Errorf("distance %d", a.DistanceFromDiscont())
	}
	if o, d := a.PrevOffset(); o != 70 || d != 4 {
		t.Errorf("prev offset %d/%d", o, d)
	}
}

func BenchmarkAdapterPushTake(b *testing.B) {
	a := base.NewAdapter()
	data := make([]byte, 188)
	b.ReportAllocs()
	for b.Loop() {
		a.Push(gst.NewBufferWrapped(data))
		a.Flush(188)
	}
}
