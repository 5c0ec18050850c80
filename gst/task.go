package gst

import (
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
)

// TaskState is the state of a Task.
//
// GStreamer: GstTaskState (gst/gsttask.h).
type TaskState int

// The task states.
//
// GStreamer: GST_TASK_STARTED, GST_TASK_STOPPED, GST_TASK_PAUSED (gst/gsttask.h).
const (
	TaskStarted TaskState = 0
	TaskStopped TaskState = 1
	TaskPaused  TaskState = 2
)

// String returns "started", "stopped" or "paused".
//
// GStreamer: none (the GEnum nicks of GstTaskState).
func (s TaskState) String() string {
	switch s {
	case TaskStarted:
		return "started"
	case TaskPaused:
		return "paused"
	}
	return "stopped"
}

// Task runs a function over and over in its own goroutine, each call under
// a lock (a pad's stream lock), until paused or stopped. Pads own tasks to
// drive sources, queues and demuxers. Safe for concurrent use, but Join
// must not be called from the task's own function.
//
// GStreamer: GstTask (gst/gsttask.c).
type Task struct {
	mu      sync.Mutex
	cond    sync.Cond
	state   TaskState
	fn      func()
	lock    sync.Locker
	running bool
	done    chan struct{}
	owner   *Pad
	goid    atomic.Int64 // goroutine running the task, 0 when none
}

// curGoroutineID returns the current goroutine's id. Only used on the rare
// stop/pause paths, to detect calls made from the task itself (GStreamer
// compares the task's GThread with g_thread_self()).
func curGoroutineID() int64 {
	var buf [64]byte
	n := runtime.Stack(buf[:], false)
	s := string(buf[:n])
	const p = "goroutine "
	if len(s) < len(p) {
		return 0
	}
	s = s[len(p):]
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	id, _ := strconv.ParseInt(s[:i], 10, 64)
	return id
}

// IsCurrent reports whether the caller runs inside the task's goroutine.
//
// GStreamer: the task->thread == g_thread_self() check of gst_task_join (gst/gsttask.c).
func (t *Task) IsCurrent() bool {
	id := t.goid.Load()
	return id != 0 && id == curGoroutineID()
}

// NewTask returns a stopped task that will call fn under lock (nil for no
// lock).
//
// GStreamer: gst_task_new (gst/gsttask.c).
func NewTask(fn func(), lock sync.Locker) *Task {
	t := &Task{fn: fn, lock: lock, state: TaskStopped}
	t.cond.L = &t.mu
	return t
}

// State returns the task state.
//
// GStreamer: gst_task_get_state (gst/gsttask.c).
func (t *Task) State() TaskState {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.state
}

// Start starts or resumes the task, creating its goroutine if needed.
//
// GStreamer: gst_task_start (gst/gsttask.c).
func (t *Task) Start() bool { return t.setState(TaskStarted) }

// Pause pauses the task after the current iteration; its goroutine stays.
//
// GStreamer: gst_task_pause (gst/gsttask.c).
func (t *Task) Pause() bool { return t.setState(TaskPaused) }

// Stop makes the task's goroutine exit after the current iteration. Use
// Join to wait for it.
//
// GStreamer: gst_task_stop (gst/gsttask.c).
func (t *Task) Stop() bool { return t.setState(TaskStopped) }

func (t *Task) setState(s TaskState) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.state = s
	if s != TaskStopped && !t.running {
		t.running = true
		t.done = make(chan struct{})
		go t.run(t.done)
	}
	t.cond.Broadcast()
	return true
}

// Join waits until the task's goroutine has exited; the task must have been
// stopped. It reports false if the task was not stopped.
//
// GStreamer: gst_task_join (gst/gsttask.c).
func (t *Task) Join() bool {
	t.mu.Lock()
	if t.state != TaskStopped {
		t.mu.Unlock()
		return false
	}
	done := t.done
	t.mu.Unlock()
	if t.IsCurrent() {
		return false
	}
	if done != nil {
		<-done
	}
	return true
}

func (t *Task) run(done chan struct{}) {
	t.goid.Store(curGoroutineID())
	defer func() {
		t.goid.Store(0)
		close(done)
	}()
	var el Element
	if t.owner != nil {
		el = t.owner.ParentElement()
	}
	if el != nil {
		el.PostMessage(NewStreamStatusMessage(t.owner, StreamStatusTypeEnter, el))
	}
	for {
		t.mu.Lock()
		for t.state == TaskPaused {
			t.cond.Wait()
		}
		if t.state == TaskStopped {
			t.running = false
			t.mu.Unlock()
			break
		}
		t.mu.Unlock()
		if t.lock != nil {
			t.lock.Lock()
		}
		t.fn()
		if t.lock != nil {
			t.lock.Unlock()
		}
	}
	if el != nil {
		el.PostMessage(NewStreamStatusMessage(t.owner, StreamStatusTypeLeave, el))
	}
}
