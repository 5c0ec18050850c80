package gst

// PLACEHOLDER: the buffer implementation replaces this file.

// Buffer placeholder.
type Buffer struct {
	PTS, DTS, Duration ClockTime
	Offset, OffsetEnd  uint64
	data               []byte
}

func NewBufferWrapped(data []byte) *Buffer {
	return &Buffer{data: data, PTS: ClockTimeNone, DTS: ClockTimeNone, Duration: ClockTimeNone}
}
func (b *Buffer) Bytes() []byte { return b.data }
func (b *Buffer) Size() int     { return len(b.data) }
