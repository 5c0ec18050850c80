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

// The stream lock is recursive (GST_PAD_STREAM_LOCK is a GRecMutex): its
// holder may take it again, other goroutines wait until every level is
// released.
func TestPadStreamLockRecursive(t *testing.T) {
	p := NewPad("sink", PadSink)
	p.StreamLock()
	p.StreamLock()
	got := make(chan struct{})
	go func() {
		p.StreamLock()
		close(got)
		p.StreamUnlock()
	}()
	p.StreamUnlock()
	select {
	case <-got:
		t.Fatal("another goroutine took the lock while it was still held once")
	case <-time.After(20 * time.Millisecond):
	}
	p.StreamUnlock()
	select {
	case <-got:
	case <-time.After(5 * time.Second):
		t.Fatal("lock not handed over after the last unlock")
	}
}

// Mutual exclusion under contention, with nested locking.
func TestRecMutexExclusion(t *testing.T) {
	var m recMutex
	var wg sync.WaitGroup
	n := 0
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 2000; i++ {
				m.Lock()
				m.Lock()
				n++
				m.Unlock()
				n++
				m.Unlock()
			}
		}()
	}
	wg.Wait()
	if n != 8*2000*2 {
		t.Fatalf("n = %d, want %d", n, 8*2000*2)
	}
}

// A chain function that sends a serialized event into its own pad (as an
// element re-entering its sink pad from the streaming thread does) takes
// the stream lock it already holds; this must not deadlock.
func TestChainReentersOwnStreamLock(t *testing.T) {
	src := NewPad("src", PadSrc)
	sink := NewPad("sink", PadSink)
	var events []EventType
	sink.SetEventFunc(func(_ *Pad, ev Event) bool {
		events = append(events, ev.Type())
		return true
	})
	sink.SetChainFunc(func(pad *Pad, buf *Buffer) error {
		seg := NewSegment(FormatTime)
		if !pad.SendEvent(NewSegmentEvent(seg)) {
			t.Error("re-entrant SendEvent failed")
		}
		return nil
	})
	if src.Link(sink) != PadLinkOK {
		t.Fatal("link")
	}
	sink.SetActive(true)
	src.SetActive(true)
	src.PushEvent(NewStreamStartEvent("s"))
	src.PushEvent(NewSegmentEvent(NewSegment(FormatTime)))
	done := make(chan error, 1)
	go func() { done <- src.Push(NewBuffer()) }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("deadlock: chain function could not re-take the stream lock")
	}
	want := []EventType{EventStreamStart, EventSegment, EventSegment}
	if len(events) != len(want) {
		t.Fatalf("events %v, want %v", events, want)
	}
}

// A task function may take its pad's stream lock again (the task holds
// it around each iteration), e.g. to handle a seek from its own thread.
func TestTaskReentersStreamLock(t *testing.T) {
	p := NewPad("src", PadSrc)
	done := make(chan struct{})
	var once sync.Once
	p.StartTask(func() {
		p.StreamLock()
		p.StreamUnlock()
		once.Do(func() { close(done) })
		p.PauseTask()
	})
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("task could not re-take its stream lock")
	}
	if !p.StopTask() {
		t.Fatal("StopTask")
	}
}
