package base

import (
	"github.com/gstmini/gstmini/gst"
)

// Adapter collects buffers pushed into it and hands the bytes back out in
// chunks of any size: parsers push what arrives from upstream and take
// exactly what they need (a header, a frame). It also tracks the timestamps
// of the data: PrevPTS returns the PTS of the last buffer that had one and
// how many bytes have been taken since it.
//
// The adapter takes ownership of pushed buffers. It is not safe for
// concurrent use: elements use it from their streaming thread or under
// their own lock.
//
// GStreamer: GstAdapter (libs/gst/base/gstadapter.c).
type Adapter struct {
	bufs []*gst.Buffer // queued buffers; bufs[0] is the head
	size int           // bytes available
	skip int           // bytes already consumed from bufs[0]

	pts, dts                   gst.ClockTime
	ptsDistance, dtsDistance   uint64
	offset                     uint64
	offsetDistance             uint64
	ptsAtDiscont, dtsAtDiscont gst.ClockTime
	offsetAtDiscont            uint64
	distanceFromDiscont        uint64
	scratch                    []byte // assembly area reused by Map
}

// NewAdapter returns an empty adapter.
//
// GStreamer: gst_adapter_new (libs/gst/base/gstadapter.c).
func NewAdapter() *Adapter {
	a := &Adapter{}
	a.Clear()
	return a
}

// Clear drops all queued data and resets the timestamp tracking.
//
// GStreamer: gst_adapter_clear (libs/gst/base/gstadapter.c).
func (a *Adapter) Clear() {
	for _, b := range a.bufs {
		b.Unref()
	}
	clear(a.bufs)
	a.bufs = a.bufs[:0]
	a.size, a.skip = 0, 0
	a.pts, a.dts = gst.ClockTimeNone, gst.ClockTimeNone
	a.ptsDistance, a.dtsDistance = 0, 0
	a.offset, a.offsetDistance = gst.BufferOffsetNone, 0
	a.ptsAtDiscont, a.dtsAtDiscont = gst.ClockTimeNone, gst.ClockTimeNone
	a.offsetAtDiscont, a.distanceFromDiscont = gst.BufferOffsetNone, 0
}

// updateTimestamps records the timestamps and offset of buf, which just
// became the head.
func (a *Adapter) updateTimestamps(buf *gst.Buffer) {
	if buf.PTS.IsValid() {
		a.pts, a.ptsDistance = buf.PTS, 0
	}
	if buf.DTS.IsValid() {
		a.dts, a.dtsDistance = buf.DTS, 0
	}
	if buf.Offset != gst.BufferOffsetNone {
		a.offset, a.offsetDistance = buf.Offset, 0
	}
	if buf.HasFlags(gst.BufferFlagDiscont) {
		a.ptsAtDiscont, a.dtsAtDiscont = buf.PTS, buf.DTS
		a.offsetAtDiscont = buf.Offset
		a.distanceFromDiscont = 0
	}
}

// Push appends buf to the adapter, taking ownership of it. A nil buffer is
// ignored.
//
// GStreamer: gst_adapter_push (libs/gst/base/gstadapter.c).
func (a *Adapter) Push(buf *gst.Buffer) {
	if buf == nil {
		return
	}
	a.size += buf.Size()
	a.bufs = append(a.bufs, buf)
	if len(a.bufs) == 1 {
		a.updateTimestamps(buf)
	}
}

// Available returns the number of bytes queued.
//
// GStreamer: gst_adapter_available (libs/gst/base/gstadapter.c).
func (a *Adapter) Available() int { return a.size }

// AvailableFast returns the number of bytes that can be read without
// copying: what is left of the first non-empty buffer.
//
// GStreamer: gst_adapter_available_fast (libs/gst/base/gstadapter.c).
func (a *Adapter) AvailableFast() int {
	if a.size == 0 {
		return 0
	}
	for _, b := range a.bufs {
		if s := b.Size(); s != 0 {
			return s - a.skip
		}
	}
	return 0
}

// Map returns the first size bytes without removing them, or nil when
// size is not positive or fewer bytes are available. When they lie in the
// head buffer the slice is that buffer's memory (no copy); otherwise they
// are assembled into a scratch area owned by the adapter. The slice must
// not be modified and is valid until the next call that changes the
// adapter (Unmap, Flush, Push, Take...).
//
// GStreamer: gst_adapter_map (libs/gst/base/gstadapter.c).
func (a *Adapter) Map(size int) []byte {
	if size <= 0 || size > a.size {
		return nil
	}
	head := a.bufs[0]
	if head.Size()-a.skip >= size {
		data := head.Bytes()
		return data[a.skip : a.skip+size : a.skip+size]
	}
	if cap(a.scratch) < size {
		a.scratch = make([]byte, size)
	}
	a.scratch = a.scratch[:size]
	a.copyInto(a.scratch, 0)
	return a.scratch
}

// Unmap ends a Map; the slice Map returned must not be used afterwards.
//
// GStreamer: gst_adapter_unmap (libs/gst/base/gstadapter.c).
func (a *Adapter) Unmap() {}

// copyInto fills dst with the bytes starting offset bytes into the
// adapter; the caller checked the range.
func (a *Adapter) copyInto(dst []byte, offset int) {
	offset += a.skip
	n := 0
	for _, b := range a.bufs {
		if n == len(dst) {
			return
		}
		bs := b.Size()
		if offset >= bs {
			offset -= bs
			continue
		}
		n += b.Extract(offset, dst[n:])
		offset = 0
	}
}

// Copy returns a copy of size bytes starting offset bytes into the
// adapter, without removing them; nil when the range is not available.
//
// GStreamer: gst_adapter_copy_bytes (libs/gst/base/gstadapter.c).
func (a *Adapter) Copy(offset, size int) []byte {
	if offset < 0 || size < 0 || offset+size > a.size {
		return nil
	}
	dst := make([]byte, size)
	a.copyInto(dst, offset)
	return dst
}

// Flush removes the first n bytes, updating the timestamp distances.
// Flushing more than Available or a negative count does nothing.
//
// GStreamer: gst_adapter_flush (libs/gst/base/gstadapter.c).
func (a *Adapter) Flush(n int) {
	if n <= 0 || n > a.size {
		return
	}
	a.flush(n)
}

func (a *Adapter) flush(n int) {
	a.size -= n
	n += a.skip
	sk := uint64(a.skip)
	a.ptsDistance -= sk
	a.dtsDistance -= sk
	a.offsetDistance -= sk
	a.distanceFromDiscont -= sk
	size := a.bufs[0].Size()
	for n >= size {
		n -= size
		u := uint64(size)
		a.ptsDistance += u
		a.dtsDistance += u
		a.offsetDistance += u
		a.distanceFromDiscont += u
		a.bufs[0].Unref()
		a.bufs[0] = nil
		a.bufs = a.bufs[1:]
		if len(a.bufs) == 0 {
			break
		}
		a.updateTimestamps(a.bufs[0])
		size = a.bufs[0].Size()
	}
	if len(a.bufs) == 0 {
		a.bufs = a.bufs[:0:0]
	}
	a.skip = n
	u := uint64(n)
	a.ptsDistance += u
	a.dtsDistance += u
	a.offsetDistance += u
	a.distanceFromDiscont += u
}

// Take removes the first n bytes and returns them in a new slice owned by
// the caller; nil when n is not positive or fewer bytes are available.
//
// GStreamer: gst_adapter_take (libs/gst/base/gstadapter.c).
func (a *Adapter) Take(n int) []byte {
	if n <= 0 || n > a.size {
		return nil
	}
	dst := make([]byte, n)
	a.copyInto(dst, 0)
	a.flush(n)
	return dst
}

// TakeBuffer removes the first n bytes and returns them as a buffer (the
// caller owns it); nil when n is not positive or fewer bytes are
// available. As in GStreamer: when the head buffer holds exactly the n
// bytes it is returned itself; when it holds more, the result is a region
// of it (sharing memory; PTS, DTS and offset are kept only when the region
// starts at the head buffer's first byte); when the bytes span several
// buffers they are copied into a new buffer without timestamps that carries
// the metas of the buffers it was made from.
//
// GStreamer: gst_adapter_take_buffer (libs/gst/base/gstadapter.c).
func (a *Adapter) TakeBuffer(n int) *gst.Buffer {
	if n <= 0 || n > a.size {
		return nil
	}
	head := a.bufs[0]
	hsize := head.Size()
	var out *gst.Buffer
	switch {
	case a.skip == 0 && hsize == n:
		out = head.Ref()
	case hsize >= n+a.skip:
		b, err := head.CopyRegion(gst.BufferCopyAll, a.skip, n)
		if err != nil {
			return nil
		}
		out = b
	default:
		data := make([]byte, n)
		a.copyInto(data, 0)
		out = gst.NewBufferWrapped(data)
		read := 0
		for _, b := range a.bufs {
			if read >= n+a.skip {
				break
			}
			b.ForeachMeta(func(m gst.Meta) (bool, bool) {
				_ = out.AddMeta(m)
				return false, true
			})
			read += b.Size()
		}
	}
	a.flush(n)
	return out
}

// PrevPTS returns the PTS of the most recent buffer (at or before the
// current read position) that had one, and the number of bytes between
// that buffer's start and the read position. The PTS is ClockTimeNone when
// no buffer had one.
//
// GStreamer: gst_adapter_prev_pts (libs/gst/base/gstadapter.c).
func (a *Adapter) PrevPTS() (pts gst.ClockTime, distance uint64) {
	return a.pts, a.ptsDistance
}

// PrevDTS is PrevPTS for the DTS.
//
// GStreamer: gst_adapter_prev_dts (libs/gst/base/gstadapter.c).
func (a *Adapter) PrevDTS() (dts gst.ClockTime, distance uint64) {
	return a.dts, a.dtsDistance
}

// PrevOffset is PrevPTS for the buffer offset (BufferOffsetNone when
// unknown).
//
// GStreamer: gst_adapter_prev_offset (libs/gst/base/gstadapter.c).
func (a *Adapter) PrevOffset() (offset uint64, distance uint64) {
	return a.offset, a.offsetDistance
}

// PTSAtDiscont returns the PTS of the last buffer with the DISCONT flag
// (ClockTimeNone when none or when it had no PTS).
//
// GStreamer: gst_adapter_pts_at_discont (libs/gst/base/gstadapter.c).
func (a *Adapter) PTSAtDiscont() gst.ClockTime { return a.ptsAtDiscont }

// DTSAtDiscont returns the DTS of the last buffer with the DISCONT flag.
//
// GStreamer: gst_adapter_dts_at_discont (libs/gst/base/gstadapter.c).
func (a *Adapter) DTSAtDiscont() gst.ClockTime { return a.dtsAtDiscont }

// OffsetAtDiscont returns the offset of the last buffer with the DISCONT
// flag (BufferOffsetNone when none).
//
// GStreamer: gst_adapter_offset_at_discont (libs/gst/base/gstadapter.c).
func (a *Adapter) OffsetAtDiscont() uint64 { return a.offsetAtDiscont }

// DistanceFromDiscont returns the number of bytes taken or flushed since
// the last buffer with the DISCONT flag.
//
// GStreamer: gst_adapter_distance_from_discont (libs/gst/base/gstadapter.c).
func (a *Adapter) DistanceFromDiscont() uint64 { return a.distanceFromDiscont }

// MaskedScanUint32 scans size bytes starting offset bytes into the
// adapter for four bytes b such that (big-endian b) & mask == pattern and
// returns the offset of the first byte of the match, or -1. All four bytes
// must lie inside [offset, offset+size). It returns -1 when the range is
// not available, size < 4 or pattern has bits outside mask.
//
// GStreamer: gst_adapter_masked_scan_uint32 (libs/gst/base/gstadapter.c).
func (a *Adapter) MaskedScanUint32(mask, pattern uint32, offset, size int) int {
	pos, _ := a.MaskedScanUint32Peek(mask, pattern, offset, size)
	return pos
}

// MaskedScanUint32Peek is MaskedScanUint32 that also returns the matched
// 32-bit value.
//
// GStreamer: gst_adapter_masked_scan_uint32_peek (libs/gst/base/gstadapter.c).
func (a *Adapter) MaskedScanUint32Peek(mask, pattern uint32, offset, size int) (int, uint32) {
	if size <= 0 || offset < 0 || offset+size > a.size || ^mask&pattern != 0 || size < 4 {
		return -1, 0
	}
	skip := offset + a.skip
	state := ^pattern
	n := 0 // bytes consumed into state
	for _, b := range a.bufs {
		data := b.Bytes()
		if skip >= len(data) {
			skip -= len(data)
			continue
		}
		data = data[skip:]
		skip = 0
		for _, c := range data {
			if n == size {
				return -1, 0
			}
			state = state<<8 | uint32(c)
			if state&mask == pattern && n >= 3 {
				return offset + n - 3, state
			}
			n++
		}
	}
	return -1, 0
}
