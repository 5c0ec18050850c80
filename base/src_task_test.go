package base_test

import (
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/gstmini/gstmini/gst"
)

// The source's loop pauses its own task after EOS (num-buffers reached)
// while the application takes the pipeline to NULL, which stops the task.
// Whatever the interleaving, the stop must win and SetState(NULL) must
// return (a pause landing after the stop used to leave the task paused and
// the join hanging).
func TestSrcSelfPauseRacesStop(t *testing.T) {
	defer goleak.VerifyNone(t)
	for i := 0; i < 50; i++ {
		p, src, _ := newPipeline(t, true)
		if err := src.Set("num-buffers", 1); err != nil {
			t.Fatal(err)
		}
		p.SetState(gst.StatePlaying)
		done := make(chan gst.StateChangeReturn, 1)
		go func() { done <- p.SetState(gst.StateNull) }()
		select {
		case r := <-done:
			if r != gst.StateChangeSuccess {
				t.Fatalf("iteration %d: NULL = %v", i, r)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("iteration %d: SetState(NULL) hangs", i)
		}
	}
}
