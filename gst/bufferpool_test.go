package gst

import (
	"errors"
	"testing"
	"time"
)

func createPool(t testing.TB, size, minBuf, maxBuf uint) *BufferPool {
	t.Helper()
	p := NewBufferPool()
	cfg := p.Config()
	cfg.Caps = NewCapsEmpty()
	cfg.Size, cfg.MinBuffers, cfg.MaxBuffers = size, minBuf, maxBuf
	if err := p.SetConfig(cfg); err != nil {
		t.Fatal(err)
	}
	return p
}

func mustAcquire(t testing.TB, p *BufferPool) *Buffer {
	t.Helper()
	b, err := p.AcquireBuffer(nil)
	if err != nil || b == nil {
		t.Fatalf("acquire: %v", err)
	}
	return b
}

func trackFree(b *Buffer, n *int) { b.freeNotify = func() { *n++ } }

// Ported from tests/check/gst/gstbufferpool.c test_new_buffer_from_empty_pool
// and test_pool_config_buffer_size.
func TestBufferPoolNewBufferFromEmptyPool(t *testing.T) {
	p := createPool(t, 10, 0, 0)
	if err := p.SetActive(true); err != nil {
		t.Fatal(err)
	}
	b := mustAcquire(t, p)
	if b.Size() != 10 || b.Pool() != p {
		t.Fatalf("size %d pool %v", b.Size(), b.Pool())
	}
	b.Unref()
	if err := p.SetActive(false); err != nil {
		t.Fatal(err)
	}
}

// Ported from test_buffer_is_recycled.
func TestBufferPoolRecycle(t *testing.T) {
	p := createPool(t, 10, 0, 0)
	_ = p.SetActive(true)
	b := mustAcquire(t, p)
	prev := b
	d := 0
	trackFree(b, &d)
	b.PTS, b.DTS, b.Duration, b.Offset, b.OffsetEnd = 1, 2, 3, 4, 5
	b.SetFlags(BufferFlagDiscont)
	_ = b.Resize(2, 5)
	b.Unref()
	if d != 0 {
		t.Fatal("buffer freed instead of recycled")
	}
	b = mustAcquire(t, p)
	if b != prev {
		t.Fatal("got a fresh buffer instead of the previous one")
	}
	if b.PTS != ClockTimeNone || b.DTS != ClockTimeNone || b.Duration != ClockTimeNone ||
		b.Offset != BufferOffsetNone || b.OffsetEnd != BufferOffsetNone || b.Flags != 0 || b.Size() != 10 {
		t.Fatalf("buffer not reset: %v", b)
	}
	if b.RefCount() != 1 || !b.IsWritable() {
		t.Fatal("recycled buffer must have one reference")
	}
	b.Unref()
	_ = p.SetActive(false)
	if d != 1 {
		t.Fatalf("buffer freed %d times after deactivation", d)
	}
}

// Ported from test_buffer_out_of_order_reuse.
func TestBufferPoolOutOfOrderReuse(t *testing.T) {
	p := createPool(t, 10, 0, 0)
	_ = p.SetActive(true)
	var d1, d2 int
	b1 := mustAcquire(t, p)
	trackFree(b1, &d1)
	b2 := mustAcquire(t, p)
	trackFree(b2, &d2)
	prev := b2
	b2.Unref()
	if d2 != 0 {
		t.Fatal("freed")
	}
	b2 = mustAcquire(t, p)
	if b2 != prev {
		t.Fatal("fresh buffer instead of previous")
	}
	b1.Unref()
	b2.Unref()
	_ = p.SetActive(false)
	if d1 != 1 || d2 != 1 {
		t.Fatalf("d1=%d d2=%d", d1, d2)
	}
}

// Ported from test_inactive_pool_returns_flushing and
// test_flushing_pool_returns_flushing.
func TestBufferPoolFlushing(t *testing.T) {
	p := createPool(t, 10, 0, 0)
	if _, err := p.AcquireBuffer(nil); !errors.Is(err, errPoolFlushing) {
		t.Fatalf("inactive pool: %v", err)
	}
	_ = p.SetActive(true)
	p.SetFlushing(true)
	if _, err := p.AcquireBuffer(nil); !errors.Is(err, errPoolFlushing) {
		t.Fatalf("flushing pool: %v", err)
	}
	p.SetFlushing(false)
	b := mustAcquire(t, p)
	b.Unref()
}

// Ported from test_buffer_modify_discard.
func TestBufferPoolModifyDiscard(t *testing.T) {
	p := createPool(t, 10, 0, 0)
	_ = p.SetActive(true)
	d := 0
	b := mustAcquire(t, p)
	trackFree(b, &d)
	_ = b.RemoveAllMemory()
	b.Unref()
	if d != 1 {
		t.Fatal("buffer without memory must be discarded")
	}

	b = mustAcquire(t, p)
	trackFree(b, &d)
	_ = b.Resize(8, 2)
	b.Unref()
	if d != 1 {
		t.Fatal("resized buffer must go back to the pool")
	}

	b = mustAcquire(t, p)
	prev := b
	mem := b.Memory(0) // a plain reference, not an exclusive lock
	b.Unref()
	_ = mem
	if d != 1 {
		t.Fatal("buffer must be reused")
	}

	b = mustAcquire(t, p)
	if b != prev {
		t.Fatal("fresh buffer instead of previous")
	}
	mem = b.Memory(0)
	mem.Lock(LockFlagExclusive)
	b.Unref()
	mem.Unlock(LockFlagExclusive)
	if d != 2 {
		t.Fatal("buffer with exclusively locked memory must be discarded")
	}
	_ = p.SetActive(false)
}

// Ported from test_pool_activation_and_config.
func TestBufferPoolActivationAndConfig(t *testing.T) {
	p := NewBufferPool()
	if err := p.SetActive(true); err == nil {
		t.Fatal("unconfigured pool must not activate")
	}
	cfg := p.Config()
	cfg.Caps, cfg.Size, cfg.MinBuffers = NewCapsEmpty(), 10, 10
	if err := p.SetConfig(cfg); err != nil {
		t.Fatal(err)
	}
	if err := p.SetActive(true); err != nil {
		t.Fatal(err)
	}
	if err := p.SetConfig(p.Config()); err != nil {
		t.Fatalf("same config on active pool: %v", err)
	}
	cfg = p.Config()
	cfg.Size = 12
	if err := p.SetConfig(cfg); !errors.Is(err, errPoolActive) {
		t.Fatalf("different config on active pool: %v", err)
	}
	if !p.IsActive() {
		t.Fatal("pool must still be active")
	}
	if p.curBuffers.Load() != 10 || p.queue.n != 10 {
		t.Fatalf("preallocated %d queued %d", p.curBuffers.Load(), p.queue.n)
	}
	_ = p.SetActive(false)
	if p.curBuffers.Load() != 0 {
		t.Fatal("buffers not freed on deactivation")
	}
	cfg.MinBuffers, cfg.MaxBuffers = 5, 2
	if err := p.SetConfig(cfg); err == nil {
		t.Fatal("min > max must fail")
	}
}

// Ported from test_pool_config_validate.
func TestBufferPoolConfigValidate(t *testing.T) {
	caps := NewCapsEmpty()
	cfg := BufferPoolConfig{Caps: caps, Size: 5, MinBuffers: 4, MaxBuffers: 30}
	for _, c := range []struct {
		size, min uint
		ok        bool
	}{{5, 4, true}, {5, 2, true}, {4, 4, true}, {5, 6, false}} {
		if got := cfg.ValidateParams(caps, c.size, c.min, 0); got != c.ok {
			t.Errorf("validate(%d,%d) = %v", c.size, c.min, got)
		}
	}
	if cfg.ValidateParams(nil, 5, 4, 0) {
		t.Fatal("different caps must not validate")
	}
	cfg.AddOption("GstBufferPoolOptionVideoMeta")
	cfg.AddOption("GstBufferPoolOptionVideoMeta")
	if len(cfg.Options) != 1 || !cfg.HasOption("GstBufferPoolOptionVideoMeta") {
		t.Fatal("options")
	}
}

// Ported from test_no_deadlock_for_buffer_discard: max-buffers 1, the
// acquire blocks until the other goroutine drops the first buffer.
func TestBufferPoolBlocksAtMax(t *testing.T) {
	p := createPool(t, 1, 1, 1)
	_ = p.SetActive(true)
	b1 := mustAcquire(t, p)
	if _, err := p.AcquireBuffer(&BufferPoolAcquireParams{Flags: BufferPoolAcquireFlagDontWait}); !errors.Is(err, errPoolEmpty) {
		t.Fatalf("DONTWAIT at max: %v", err)
	}
	got := make(chan *Buffer)
	go func() {
		b, err := p.AcquireBuffer(nil)
		if err != nil {
			t.Error(err)
		}
		got <- b
	}()
	_ = b1.RemoveAllMemory() // discarded, so a new one is allocated
	b1.Unref()
	select {
	case b2 := <-got:
		if b2 == nil || b2.Size() != 1 {
			t.Fatal("bad buffer")
		}
		b2.Unref()
	case <-time.After(10 * time.Second):
		t.Fatal("acquire did not wake up")
	}
	_ = p.SetActive(false)
}

func TestBufferPoolDeactivateWakesWaiter(t *testing.T) {
	p := createPool(t, 1, 0, 1)
	_ = p.SetActive(true)
	b1 := mustAcquire(t, p)
	errc := make(chan error)
	go func() {
		_, err := p.AcquireBuffer(nil)
		errc <- err
	}()
	_ = p.SetActive(false)
	select {
	case err := <-errc:
		if !errors.Is(err, errPoolFlushing) {
			t.Fatalf("waiter got %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("waiter not woken")
	}
	d := 0
	trackFree(b1, &d)
	b1.Unref() // outstanding buffer freed once it comes back
	if d != 1 || p.curBuffers.Load() != 0 {
		t.Fatalf("d=%d cur=%d", d, p.curBuffers.Load())
	}
}

// Ported from test_parent_meta.
func TestBufferPoolParentMeta(t *testing.T) {
	p := createPool(t, 1, 0, 0)
	_ = p.SetActive(true)
	var d1, d2 int
	b1 := mustAcquire(t, p)
	trackFree(b1, &d1)
	mem := b1.Memory(0)
	b2 := NewBuffer()
	_ = b2.AppendMemory(mem)
	_, _ = b2.AddParentBufferMeta(b1)
	trackFree(b2, &d2)
	b1.Unref()
	if d1 != 0 || d2 != 0 {
		t.Fatal("freed too early")
	}
	b2.Unref()
	if d1 != 0 || d2 != 1 {
		t.Fatalf("d1=%d d2=%d", d1, d2)
	}
	b3 := mustAcquire(t, p)
	if b3 != b1 || b3.PeekMemory(0) != mem {
		t.Fatal("buffer not recycled with its memory")
	}
	b3.Unref()
	_ = p.SetActive(false)
	if d1 != 1 {
		t.Fatal("not freed at deactivation")
	}
}

// Ported from test_make_writable_parent_meta.
func TestBufferPoolMakeWritableParentMeta(t *testing.T) {
	p := createPool(t, 1, 0, 0)
	_ = p.SetActive(true)
	var d1, d2 int
	b1 := mustAcquire(t, p)
	trackFree(b1, &d1)
	b1.Ref()
	b2 := b1.MakeWritable()
	trackFree(b2, &d2)
	if b1 == b2 || !b2.IsWritable() {
		t.Fatal("MakeWritable")
	}
	mem1 := b1.PeekMemory(0)
	if mem1 != b2.PeekMemory(0) {
		t.Fatal("copy must share memory")
	}
	b1.Unref()
	if d1 != 0 || d2 != 0 {
		t.Fatal("freed too early")
	}
	b2.Unref()
	if d1 != 0 || d2 != 1 {
		t.Fatalf("d1=%d d2=%d", d1, d2)
	}
	b3 := mustAcquire(t, p)
	if b3 != b1 || b3.PeekMemory(0) != mem1 {
		t.Fatal("not recycled")
	}
	b3.Unref()
	_ = p.SetActive(false)
	if d1 != 1 {
		t.Fatal("not freed")
	}
}

func TestBufferPoolRemovesUnpooledMetas(t *testing.T) {
	p := createPool(t, 4, 0, 0)
	_ = p.SetActive(true)
	b := mustAcquire(t, p)
	if _, err := b.AddReferenceTimestampMeta(NewCapsEmpty(), 5, ClockTimeNone); err != nil {
		t.Fatal(err)
	}
	b.Unref()
	b = mustAcquire(t, p)
	if b.NMeta("") != 0 {
		t.Fatal("unpooled meta kept")
	}
	b.Unref()
}

// Steady state: acquire, set timestamps, ref/unref, release, acquire must
// not allocate.
func TestBufferPoolSteadyStateNoAlloc(t *testing.T) {
	p := createPool(t, 1024, 2, 4)
	if err := p.SetActive(true); err != nil {
		t.Fatal(err)
	}
	defer p.SetActive(false)
	ts := ClockTime(0)
	allocs := testing.AllocsPerRun(1000, func() {
		b, err := p.AcquireBuffer(nil)
		if err != nil {
			t.Fatal(err)
		}
		b.PTS, b.DTS, b.Duration = ts, ts, Millisecond
		b.Offset = uint64(ts)
		b.SetFlags(BufferFlagDeltaUnit)
		ts += Millisecond
		b.Ref()
		b.Unref()
		info, _ := b.Map(MapWrite)
		info.Data[0] = 1
		b.Unmap(&info)
		b.Unref()
	})
	if allocs != 0 {
		t.Fatalf("steady state allocates %v per op", allocs)
	}
}

func BenchmarkBufferPoolAcquireRelease(b *testing.B) {
	p := createPool(b, 1500, 4, 8)
	_ = p.SetActive(true)
	defer p.SetActive(false)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		buf, err := p.AcquireBuffer(nil)
		if err != nil {
			b.Fatal(err)
		}
		buf.PTS = ClockTime(i)
		buf.Ref()
		buf.Unref()
		buf.Unref()
	}
}

func BenchmarkBufferPoolParallel(b *testing.B) {
	p := createPool(b, 1500, 8, 0)
	_ = p.SetActive(true)
	defer p.SetActive(false)
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			buf, err := p.AcquireBuffer(nil)
			if err != nil {
				b.Fatal(err)
			}
			buf.PTS = 1
			buf.Unref()
		}
	})
}
