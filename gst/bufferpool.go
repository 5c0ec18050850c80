package gst

import (
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
)

// Errors of BufferPool. The flow-like ones are the shared flow sentinels
// (GST_FLOW_FLUSHING and GST_FLOW_EOS).
var (
	// errPoolFlushing: the pool is inactive or flushing (GST_FLOW_FLUSHING).
	errPoolFlushing = ErrFlushing
	// errPoolEmpty: max-buffers are out and DONTWAIT was given
	// (GST_FLOW_EOS).
	errPoolEmpty = ErrEOS
	// errPoolNotConfigured: SetActive(true) before SetConfig.
	errPoolNotConfigured = errors.New("gst: buffer pool is not configured")
	// errPoolActive: SetConfig with a different config on an active pool.
	errPoolActive = errors.New("gst: cannot change the config of an active buffer pool")
	// errPoolOutstanding: SetConfig while buffers are still out.
	errPoolOutstanding = errors.New("gst: cannot change the config of a buffer pool with outstanding buffers")
)

// BufferPoolConfig is the configuration of a BufferPool.
//
// GStreamer: the GstStructure config of GstBufferPool (gst/gstbufferpool.c).
type BufferPoolConfig struct {
	// Caps are the caps of the buffers, or nil.
	Caps *Caps
	// Size is the size in bytes of each buffer.
	Size uint
	// MinBuffers buffers are allocated when the pool is activated.
	MinBuffers uint
	// MaxBuffers is the maximum number of buffers (0 = unlimited).
	MaxBuffers uint
	// Options are the enabled pool options, e.g. "GstBufferPoolOptionVideoMeta".
	Options []string
}

// AddOption enables option (once).
//
// GStreamer: gst_buffer_pool_config_add_option (gst/gstbufferpool.c).
func (c *BufferPoolConfig) AddOption(option string) {
	if !slices.Contains(c.Options, option) {
		c.Options = append(c.Options, option)
	}
}

// HasOption reports whether option is enabled.
//
// GStreamer: gst_buffer_pool_config_has_option (gst/gstbufferpool.c).
func (c *BufferPoolConfig) HasOption(option string) bool { return slices.Contains(c.Options, option) }

// ValidateParams reports whether the config is acceptable for a request of
// caps, size and minBuffers: equal caps, at least size bytes and at least
// minBuffers buffers. maxBuffers is not checked, as in GStreamer.
//
// GStreamer: gst_buffer_pool_config_validate_params (gst/gstbufferpool.c).
func (c *BufferPoolConfig) ValidateParams(caps *Caps, size, minBuffers, maxBuffers uint) bool {
	return capsEqual(c.Caps, caps) && c.Size >= size && c.MinBuffers >= minBuffers
}

func capsEqual(a, b *Caps) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a == b || a.IsEqual(b)
}

func (c *BufferPoolConfig) equal(o *BufferPoolConfig) bool {
	return capsEqual(c.Caps, o.Caps) && c.Size == o.Size && c.MinBuffers == o.MinBuffers &&
		c.MaxBuffers == o.MaxBuffers && slices.Equal(c.Options, o.Options)
}

func (c BufferPoolConfig) clone() BufferPoolConfig {
	c.Options = slices.Clone(c.Options)
	return c
}

// BufferPoolAcquireFlags modify AcquireBuffer.
//
// GStreamer: GstBufferPoolAcquireFlags (gst/gstbufferpool.h).
type BufferPoolAcquireFlags uint32

// Acquire flags.
//
// GStreamer: GST_BUFFER_POOL_ACQUIRE_FLAG_* (gst/gstbufferpool.h).
const (
	BufferPoolAcquireFlagNone    BufferPoolAcquireFlags = 0
	BufferPoolAcquireFlagKeyUnit BufferPoolAcquireFlags = 1 << 0
	// BufferPoolAcquireFlagDontWait: fail instead of waiting when all
	// MaxBuffers buffers are out.
	BufferPoolAcquireFlagDontWait BufferPoolAcquireFlags = 1 << 1
	BufferPoolAcquireFlagDiscont  BufferPoolAcquireFlags = 1 << 2
)

// BufferPoolAcquireParams are the optional parameters of AcquireBuffer.
//
// GStreamer: GstBufferPoolAcquireParams (gst/gstbufferpool.h).
type BufferPoolAcquireParams struct {
	Format Format
	Start  int64
	Stop   int64
	Flags  BufferPoolAcquireFlags
}

// bufferQueue is a FIFO ring of free buffers; it allocates only to grow.
type bufferQueue struct {
	buf     []*Buffer
	head, n int
}

func (q *bufferQueue) push(b *Buffer) {
	if q.n == len(q.buf) {
		nb := make([]*Buffer, max(16, 2*len(q.buf)))
		for i := 0; i < q.n; i++ {
			nb[i] = q.buf[(q.head+i)%len(q.buf)]
		}
		q.buf, q.head = nb, 0
	}
	q.buf[(q.head+q.n)%len(q.buf)] = b
	q.n++
}

func (q *bufferQueue) pop() *Buffer {
	if q.n == 0 {
		return nil
	}
	b := q.buf[q.head]
	q.buf[q.head] = nil
	q.head = (q.head + 1) % len(q.buf)
	q.n--
	return b
}

// BufferPool recycles buffers of a fixed size so the streaming path does
// not allocate. Configure it with SetConfig, activate it with SetActive,
// take buffers with AcquireBuffer; a buffer returns to the pool by itself
// when its last reference is dropped (Buffer.Unref), with its timestamps,
// offsets and flags reset and its size restored. Buffers whose memory was
// replaced or is still shared are dropped instead of reused.
//
// In the steady state (acquire, use, Unref, acquire...) no allocation
// happens. Safe for concurrent use.
//
// GStreamer: GstBufferPool (gst/gstbufferpool.c).
type BufferPool struct {
	ObjectBase

	mu         sync.Mutex // GST_BUFFER_POOL_LOCK: config and activation
	config     BufferPoolConfig
	configured bool
	active     bool
	started    bool

	size, minBuffers, maxBuffers int

	flushing    atomic.Bool
	outstanding atomic.Int32
	curBuffers  atomic.Int32

	qmu   sync.Mutex
	qcond sync.Cond
	queue bufferQueue
}

// NewBufferPool returns an unconfigured, inactive pool.
//
// GStreamer: gst_buffer_pool_new (gst/gstbufferpool.c).
func NewBufferPool() *BufferPool {
	p := &BufferPool{}
	p.qcond.L = &p.qmu
	p.flushing.Store(true)
	p.SetTypeName("GstBufferPool")
	return p
}

// Config returns a copy of the current configuration.
//
// GStreamer: gst_buffer_pool_get_config (gst/gstbufferpool.c).
func (p *BufferPool) Config() BufferPoolConfig {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.config.clone()
}

// SetConfig sets the configuration. Setting the same configuration again is
// always accepted; otherwise it fails while the pool is active or buffers
// are still out, and when MinBuffers exceeds a non-zero MaxBuffers.
//
// GStreamer: gst_buffer_pool_set_config (gst/gstbufferpool.c).
func (p *BufferPool) SetConfig(cfg BufferPoolConfig) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.configured && cfg.equal(&p.config) {
		return nil
	}
	if p.active {
		return errPoolActive
	}
	if p.outstanding.Load() != 0 {
		return errPoolOutstanding
	}
	if cfg.MaxBuffers != 0 && cfg.MinBuffers > cfg.MaxBuffers {
		return fmt.Errorf("gst: buffer pool min-buffers %d > max-buffers %d", cfg.MinBuffers, cfg.MaxBuffers)
	}
	const maxInt = int(^uint(0) >> 1)
	if cfg.Size > uint(maxInt) || cfg.MaxBuffers > 1<<30 || cfg.MinBuffers > 1<<30 {
		return fmt.Errorf("gst: buffer pool config out of range (size %d, min %d, max %d)", cfg.Size, cfg.MinBuffers, cfg.MaxBuffers)
	}
	p.config = cfg.clone()
	p.size, p.minBuffers, p.maxBuffers = int(cfg.Size), int(cfg.MinBuffers), int(cfg.MaxBuffers)
	p.curBuffers.Store(0)
	p.configured = true
	return nil
}

// Options returns the options the pool supports (none for the default
// pool).
//
// GStreamer: gst_buffer_pool_get_options (gst/gstbufferpool.c).
func (p *BufferPool) Options() []string { return nil }

// HasOption reports whether the pool supports option.
//
// GStreamer: gst_buffer_pool_has_option (gst/gstbufferpool.c).
func (p *BufferPool) HasOption(option string) bool { return slices.Contains(p.Options(), option) }

// IsActive reports whether the pool is active.
//
// GStreamer: gst_buffer_pool_is_active (gst/gstbufferpool.c).
func (p *BufferPool) IsActive() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.active
}

// SetActive activates the pool (allocating MinBuffers buffers) or
// deactivates it: acquiring then fails with a flushing error, waiters wake
// up, and the free buffers are dropped (buffers still out are dropped
// when they come back). It fails when the pool is not configured.
//
// GStreamer: gst_buffer_pool_set_active (gst/gstbufferpool.c).
func (p *BufferPool) SetActive(active bool) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.active == active {
		return nil
	}
	if !p.configured {
		return errPoolNotConfigured
	}
	if active {
		if err := p.start(); err != nil {
			return err
		}
		p.active = true
		p.setFlushing(false)
		return nil
	}
	p.setFlushing(true)
	if p.outstanding.Load() == 0 {
		if !p.stop() {
			return errors.New("gst: buffer pool stop failed")
		}
	}
	p.active = false
	return nil
}

// SetFlushing makes AcquireBuffer fail with a flushing error (and wakes
// waiters) until called with false. Only an active pool changes state.
//
// GStreamer: gst_buffer_pool_set_flushing (gst/gstbufferpool.c).
func (p *BufferPool) SetFlushing(flushing bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.active {
		return
	}
	p.setFlushing(flushing)
}

func (p *BufferPool) setFlushing(flushing bool) {
	if flushing {
		p.qmu.Lock()
		p.flushing.Store(true)
		p.qcond.Broadcast()
		p.qmu.Unlock()
		return
	}
	p.flushing.Store(false)
}

// start preallocates MinBuffers buffers (called with mu held).
func (p *BufferPool) start() error {
	if p.started {
		return nil
	}
	bufs := make([]*Buffer, 0, p.minBuffers)
	for range p.minBuffers {
		b, err := p.alloc()
		if err != nil {
			for _, b := range bufs {
				p.freeBuffer(b)
			}
			return fmt.Errorf("gst: buffer pool start: %w", err)
		}
		bufs = append(bufs, b)
	}
	for _, b := range bufs {
		p.release(b)
	}
	p.started = true
	return nil
}

// stop drops the free buffers (called with mu held); it reports whether no
// buffer is left.
func (p *BufferPool) stop() bool {
	if !p.started {
		return true
	}
	p.qmu.Lock()
	for b := p.queue.pop(); b != nil; b = p.queue.pop() {
		p.qmu.Unlock()
		p.freeBuffer(b)
		p.qmu.Lock()
	}
	cleared := p.curBuffers.Load() == 0
	p.qmu.Unlock()
	if cleared {
		p.started = false
	}
	return cleared
}

// alloc allocates a new buffer unless MaxBuffers are out.
func (p *BufferPool) alloc() (*Buffer, error) {
	cur := p.curBuffers.Add(1) - 1
	if p.maxBuffers != 0 && int(cur) >= p.maxBuffers {
		p.curBuffers.Add(-1)
		return nil, errPoolEmpty
	}
	b := NewBufferAllocate(p.size)
	for _, m := range b.metas {
		m.metaBase().SetFlags(MetaFlagPooled | MetaFlagLocked)
	}
	b.Flags &^= BufferFlagTagMemory
	return b, nil
}

func (p *BufferPool) freeBuffer(b *Buffer) {
	p.curBuffers.Add(-1)
	b.free()
	p.qmu.Lock()
	p.qcond.Signal()
	p.qmu.Unlock()
}

// AcquireBuffer takes a buffer from the pool, allocating one when none is
// free and fewer than MaxBuffers exist. When MaxBuffers are all out it
// waits for one to come back, or fails with an EOS-like "no free buffer"
// error when params has BufferPoolAcquireFlagDontWait. It fails with a
// flushing error when the pool is inactive or flushing. The caller owns
// the single reference of the returned buffer.
//
// GStreamer: gst_buffer_pool_acquire_buffer (gst/gstbufferpool.c).
func (p *BufferPool) AcquireBuffer(params *BufferPoolAcquireParams) (*Buffer, error) {
	p.outstanding.Add(1)
	b, err := p.acquire(params)
	if err != nil {
		p.decOutstanding()
		return nil, err
	}
	b.pool.Store(p)
	return b, nil
}

func (p *BufferPool) acquire(params *BufferPoolAcquireParams) (*Buffer, error) {
	p.qmu.Lock()
	for {
		if p.flushing.Load() {
			p.qmu.Unlock()
			return nil, errPoolFlushing
		}
		b := p.queue.pop()
		p.qmu.Unlock()
		if b != nil {
			return b, nil
		}
		b, err := p.alloc()
		if err == nil {
			return b, nil
		}
		if !errors.Is(err, errPoolEmpty) {
			return nil, err
		}
		if params != nil && params.Flags&BufferPoolAcquireFlagDontWait != 0 {
			return nil, errPoolEmpty
		}
		p.qmu.Lock()
		for p.queue.n == 0 && !p.flushing.Load() && int(p.curBuffers.Load()) >= p.maxBuffers {
			p.qcond.Wait()
		}
	}
}

func (p *BufferPool) decOutstanding() {
	if p.outstanding.Add(-1) == 0 && p.flushing.Load() {
		p.mu.Lock()
		if !p.active {
			p.stop()
		}
		p.mu.Unlock()
	}
}

// ReleaseBuffer hands b back to its pool. Buffer.Unref calls it when the
// last reference goes, so it is rarely called directly; it does nothing
// when b does not belong to p. b's metadata is reset (timestamps and
// offsets unset, flags cleared, size restored to the configured size,
// metas without MetaFlagPooled removed); a buffer whose memory was changed
// or is still shared is dropped instead of reused.
//
// GStreamer: gst_buffer_pool_release_buffer (gst/gstbufferpool.c).
func (p *BufferPool) ReleaseBuffer(b *Buffer) {
	if b == nil || !b.pool.CompareAndSwap(p, nil) {
		return
	}
	p.reset(b)
	p.release(b)
	p.decOutstanding()
}

// reset restores a returned buffer to its allocated state.
func (p *BufferPool) reset(b *Buffer) {
	b.Flags &= BufferFlagTagMemory
	b.PTS, b.DTS, b.Duration = ClockTimeNone, ClockTimeNone, ClockTimeNone
	b.Offset, b.OffsetEnd = BufferOffsetNone, BufferOffsetNone
	if b.Flags&BufferFlagTagMemory == 0 {
		_, offset, maxsize := b.Sizes()
		if maxsize >= p.size {
			_ = b.Resize(-offset, p.size)
		}
	}
	for i := 0; i < len(b.metas); {
		m := b.metas[i]
		mb := m.metaBase()
		if !mb.HasFlags(MetaFlagPooled) {
			mb.UnsetFlags(MetaFlagLocked)
			b.dropMeta(i)
			continue
		}
		if info := m.MetaInfo(); info.Clear != nil {
			info.Clear(b, m)
		}
		i++
	}
}

// release queues a reset buffer, or drops it when it cannot be reused.
func (p *BufferPool) release(b *Buffer) {
	if b.Flags&BufferFlagTagMemory != 0 || b.Size() != p.size || !b.IsAllMemoryWritable() {
		p.freeBuffer(b)
		return
	}
	p.qmu.Lock()
	p.queue.push(b)
	p.qcond.Signal()
	p.qmu.Unlock()
}
