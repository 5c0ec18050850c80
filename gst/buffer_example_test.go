package gst_test

import (
	"fmt"

	"github.com/gstmini/gstmini/gst"
)

// Two holders of one buffer (as after a tee) each make it writable and
// change it; neither sees the other's change.
func ExampleBuffer_MakeWritable() {
	buf := gst.NewBufferWrapped([]byte("abcd"))
	other := buf.Ref() // a second holder

	mine := buf.MakeWritable() // a copy sharing the bytes
	info, _ := mine.Map(gst.MapWrite)
	info.Data[0] = 'X' // copies the shared memory first
	mine.Unmap(&info)

	fmt.Println(string(mine.Bytes()), string(other.Bytes()))
	// Output: Xbcd abcd
}

// Buffers from a pool go back to it on their last Unref, reset.
func ExampleBufferPool() {
	pool := gst.NewBufferPool()
	cfg := pool.Config()
	cfg.Size, cfg.MinBuffers, cfg.MaxBuffers = 1024, 2, 4
	if err := pool.SetConfig(cfg); err != nil {
		panic(err)
	}
	if err := pool.SetActive(true); err != nil {
		panic(err)
	}
	buf, _ := pool.AcquireBuffer(nil)
	buf.PTS = 40 * gst.Millisecond
	first := buf
	buf.Unref() // back to the pool

	buf, _ = pool.AcquireBuffer(nil)
	fmt.Println(buf == first || buf.Size() == 1024, buf.PTS == gst.ClockTimeNone)
	buf.Unref()
	_ = pool.SetActive(false)
	// Output: true true
}
