package gst

import (
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/gstmini/gstmini/gst/internal/goid"
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
	name    string         // guarded by mu: "task%d", then "element:pad" once entered
	goid    atomic.Uintptr // goid.Token of the goroutine running the task, 0 when none
}

// taskCounter numbers default task names, as GObject numbers "task%d".
var taskCounter atomic.Uint64

// recMutex is a recursive mutex: the goroutine holding it may take it
// again (each Lock needs its Unlock). Its state word is the goid.Token of
// the holder (0 when free), so the uncontended Lock/Unlock pair costs one
// compare-and-swap, one store and a token read (a couple of nanoseconds,
// no allocation); contended callers wait on a condition variable. Unlock
// must be called by the goroutine that locked.
//
// GStreamer: GRecMutex (GLib), the type of GST_PAD_STREAM_LOCK.
type recMutex struct {
	owner   atomic.Uintptr // goid.Token of the holder, 0 when free
	depth   int            // touched only by the holder
	waiters atomic.Int32   // goroutines in the slow path of Lock
	mu      sync.Mutex     // guards cond
	cond    sync.Cond
}

// Lock takes m, or re-enters it when the caller already holds it.
func (m *recMutex) Lock() {
	g := goid.Token()
	if m.owner.CompareAndSwap(0, g) {
		m.depth = 1
		return
	}
	if m.owner.Load() == g {
		m.depth++
		return
	}
	m.lockSlow(g)
}

func (m *recMutex) lockSlow(g uintptr) {
	m.mu.Lock()
	if m.cond.L == nil {
		m.cond.L = &m.mu
	}
	m.waiters.Add(1)
	for !m.owner.CompareAndSwap(0, g) {
		m.cond.Wait()
	}
	m.waiters.Add(-1)
	m.mu.Unlock()
	m.depth = 1
}

// Unlock releases one level of m.
func (m *recMutex) Unlock() {
	m.depth--
	if m.depth > 0 {
		return
	}
	m.owner.Store(0)
	// A waiter registers before trying the swap, so either it sees the
	// store above or this load sees it.
	if m.waiters.Load() != 0 {
		m.mu.Lock()
		if m.cond.L == nil {
			m.cond.L = &m.mu
		}
		m.cond.Signal()
		m.mu.Unlock()
	}
}

// IsCurrent reports whether the caller runs inside the task's goroutine.
//
// GStreamer: the task->thread == g_thread_self() check of gst_task_join (gst/gsttask.c).
func (t *Task) IsCurrent() bool {
	id := t.goid.Load()
	return id != 0 && id == goid.Token()
}

// NewTask returns a stopped task that will call fn under lock (nil for no
// lock).
//
// GStreamer: gst_task_new (gst/gsttask.c).
func NewTask(fn func(), lock sync.Locker) *Task {
	t := &Task{fn: fn, lock: lock, state: TaskStopped}
	t.name = "task" + strconv.FormatUint(taskCounter.Add(1)-1, 10)
	t.cond.L = &t.mu
	return t
}

// Name returns the task's object name: "task0", "task1"... when created;
// a pad task is renamed "element:pad" when its goroutine enters. Safe for
// concurrent use.
//
// GStreamer: gst_object_get_name (gst/gstobject.c) on a GstTask.
func (t *Task) Name() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.name
}

func (t *Task) setName(name string) {
	t.mu.Lock()
	t.name = name
	t.mu.Unlock()
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
	t.goid.Store(goid.Token())
	defer func() {
		t.goid.Store(0)
		close(done)
	}()
	var el Element
	if t.owner != nil {
		el = t.owner.ParentElement()
	}
	if el != nil {
		// do_stream_status names the task after its pad on ENTER
		t.setName(el.Name() + ":" + t.owner.Name())
		el.PostMessage(newTaskStreamStatus(t.owner, StreamStatusTypeEnter, el, t))
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
		el.PostMessage(newTaskStreamStatus(t.owner, StreamStatusTypeLeave, el, t))
	}
}
