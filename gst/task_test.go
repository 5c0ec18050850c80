package gst

import (
	"runtime"
	"sync"
	"testing"
	"time"
)

// waitFor spins (yielding) until cond holds or the deadline passes.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		runtime.Gosched()
	}
}

// A task function that pauses its own task after StopTask has begun must
// not leave the task paused: the stop wins and StopTask (which joins)
// returns. gst_pad_stop_task clears GST_PAD_TASK under the object lock, so
// the later gst_pad_pause_task finds no task.
func TestPadPauseTaskAfterStopIsNoop(t *testing.T) {
	p := NewPad("src", PadSrc)
	release := make(chan struct{})
	entered := make(chan struct{})
	pauseRes := make(chan bool, 1)
	var once sync.Once
	p.StartTask(func() {
		once.Do(func() {
			close(entered)
			<-release
			pauseRes <- p.PauseTask()
		})
	})
	<-entered
	stopped := make(chan bool, 1)
	go func() { stopped <- p.StopTask() }()
	waitFor(t, "StopTask to clear the task", func() bool {
		p.mu.Lock()
		defer p.mu.Unlock()
		return p.task == nil
	})
	close(release)
	if <-pauseRes {
		t.Error("PauseTask after StopTask reported true")
	}
	select {
	case ok := <-stopped:
		if !ok {
			t.Error("StopTask reported false")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("StopTask hangs: the late pause left the task paused")
	}
	if s := p.TaskState(); s != TaskStopped {
		t.Errorf("task state %v, want stopped", s)
	}
}

// Stress the same race without ordering: the task pauses itself while
// another goroutine stops it. Every StopTask must return.
func TestPadTaskSelfPauseRacesStop(t *testing.T) {
	for i := 0; i < 300; i++ {
		p := NewPad("src", PadSrc)
		start := make(chan struct{})
		p.StartTask(func() {
			<-start
			p.PauseTask()
		})
		done := make(chan bool, 1)
		go func() {
			<-start
			done <- p.StopTask()
		}()
		close(start)
		select {
		case ok := <-done:
			if !ok {
				t.Fatalf("iteration %d: StopTask reported false", i)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("iteration %d: StopTask hangs", i)
		}
	}
}

// StopTask without a task is not an error and returns once streaming
// through the pad is done (it takes the stream lock).
func TestPadStopTaskWithoutTask(t *testing.T) {
	p := NewPad("src", PadSrc)
	if !p.StopTask() {
		t.Fatal("StopTask without task reported false")
	}
	if p.PauseTask() {
		t.Fatal("PauseTask without task reported true")
	}
	p.StreamLock()
	done := make(chan struct{})
	go func() { p.StopTask(); close(done) }()
	select {
	case <-done:
		t.Fatal("StopTask did not wait for the stream lock")
	case <-time.After(20 * time.Millisecond):
	}
	p.StreamUnlock()
	<-done
}
