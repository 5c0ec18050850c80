package gst

import (
	"context"
	"sync"
	"time"
)

// BusSyncReply is what a bus sync handler decides for a posted message.
//
// GStreamer: GstBusSyncReply (gst/gstbus.h).
type BusSyncReply int

// The sync handler replies.
//
// GStreamer: GST_BUS_DROP, GST_BUS_PASS, GST_BUS_ASYNC (gst/gstbus.h).
const (
	BusDrop  BusSyncReply = 0 // drop the message
	BusPass  BusSyncReply = 1 // queue the message for the application
	BusAsync BusSyncReply = 2 // queue the message and block the poster until it is popped
)

// String returns "drop", "pass" or "async".
//
// GStreamer: GstBusSyncReply nicks (gst/gstenumtypes.c).
func (r BusSyncReply) String() string {
	switch r {
	case BusDrop:
		return "drop"
	case BusPass:
		return "pass"
	case BusAsync:
		return "async"
	}
	return "unknown"
}

// BusSyncHandler is called for every message posted on a bus, in the
// posting thread, before the message is queued. It must not block for long
// and must not pop from the same bus.
//
// GStreamer: GstBusSyncHandler (gst/gstbus.h).
type BusSyncHandler func(bus *Bus, msg Message) BusSyncReply

type busItem struct {
	msg  Message
	done chan struct{} // closed when the message leaves the queue (BusAsync only)
}

func (it *busItem) release() {
	if it.done != nil {
		close(it.done)
		it.done = nil
	}
}

// Bus carries messages from the streaming threads to the application: a
// thread-safe FIFO with a sync handler run in the posting thread, blocking
// pops with timeouts, filtering and flushing. The zero value is not usable;
// create buses with NewBus. Safe for concurrent use.
//
// GStreamer: GstBus (gst/gstbus.c).
type Bus struct {
	ObjectBase

	mu          sync.Mutex
	queue       []busItem // pending messages; queue[head:] is live
	head        int
	flushing    bool
	syncHandler BusSyncHandler
	notify      chan struct{} // closed and cleared when a message is queued
}

// NewBus returns an empty bus, not flushing, without sync handler.
//
// GStreamer: gst_bus_new (gst/gstbus.c).
func NewBus() *Bus {
	b := &Bus{}
	b.SetTypeName("GstBus")
	return b
}

// SetSyncHandler installs (or, with nil, removes) the sync handler, replacing
// any previous one. Safe for concurrent use.
//
// GStreamer: gst_bus_set_sync_handler (gst/gstbus.c).
func (b *Bus) SetSyncHandler(h BusSyncHandler) {
	b.mu.Lock()
	b.syncHandler = h
	b.mu.Unlock()
}

// Post posts msg on the bus. The sync handler, if any, runs first in the
// calling goroutine and decides: BusDrop discards the message, BusPass
// queues it, BusAsync queues it and blocks until the message has been popped
// (or flushed). Post returns false, discarding msg, when the bus is flushing
// or msg is nil; otherwise true. Safe for concurrent use.
//
// GStreamer: gst_bus_post (gst/gstbus.c).
func (b *Bus) Post(msg Message) bool {
	if msg == nil {
		return false
	}
	b.mu.Lock()
	if b.flushing {
		b.mu.Unlock()
		return false
	}
	h := b.syncHandler
	b.mu.Unlock()

	reply := BusPass
	if h != nil {
		reply = h(b, msg)
	}
	switch reply {
	case BusPass:
		b.push(busItem{msg: msg})
	case BusAsync:
		done := make(chan struct{})
		b.push(busItem{msg: msg, done: done})
		<-done
	default:
		// BusDrop, or an invalid reply (GStreamer warns and drops).
	}
	return true
}

func (b *Bus) push(it busItem) {
	b.mu.Lock()
	if b.head > 0 && b.head == len(b.queue) {
		b.queue, b.head = b.queue[:0], 0
	}
	b.queue = append(b.queue, it)
	if b.notify != nil {
		close(b.notify)
		b.notify = nil
	}
	b.mu.Unlock()
}

// popLocked removes and returns the head item. b.mu must be held and the
// queue non-empty.
func (b *Bus) popLocked() busItem {
	it := b.queue[b.head]
	b.queue[b.head] = busItem{}
	b.head++
	if b.head == len(b.queue) {
		b.queue, b.head = b.queue[:0], 0
	} else if b.head > 64 && b.head*2 > len(b.queue) {
		n := copy(b.queue, b.queue[b.head:])
		clear(b.queue[n:])
		b.queue, b.head = b.queue[:n], 0
	}
	return it
}

// HavePending reports whether messages are queued. Safe for concurrent use.
//
// GStreamer: gst_bus_have_pending (gst/gstbus.c).
func (b *Bus) HavePending() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.head < len(b.queue)
}

// Peek returns the first queued message without removing it, or nil. Safe
// for concurrent use.
//
// GStreamer: gst_bus_peek (gst/gstbus.c).
func (b *Bus) Peek() Message {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.head < len(b.queue) {
		return b.queue[b.head].msg
	}
	return nil
}

// SetFlushing sets or clears the flushing state. While flushing, queued
// messages are dropped (posters blocked by BusAsync are released) and Post
// refuses new ones. Safe for concurrent use.
//
// GStreamer: gst_bus_set_flushing (gst/gstbus.c).
func (b *Bus) SetFlushing(flushing bool) {
	b.mu.Lock()
	b.flushing = flushing
	var dropped []busItem
	if flushing {
		for b.head < len(b.queue) {
			dropped = append(dropped, b.popLocked())
		}
	}
	b.mu.Unlock()
	for i := range dropped {
		dropped[i].release()
	}
}

// Pop removes and returns the first queued message, or nil if there is none.
// It does not wait. Safe for concurrent use.
//
// GStreamer: gst_bus_pop (gst/gstbus.c).
func (b *Bus) Pop() Message { return b.pop(nil, 0, MessageAny) }

// PopFiltered removes and returns the first queued message whose type
// matches types, or nil. Queued messages before it that do not match are
// removed and dropped. It does not wait. Safe for concurrent use.
//
// GStreamer: gst_bus_pop_filtered (gst/gstbus.c).
func (b *Bus) PopFiltered(types MessageType) Message { return b.pop(nil, 0, types) }

// TimedPop waits up to timeout (ns) for a message and returns it, or nil on
// timeout. A timeout of 0 does not wait; ClockTimeNone waits forever. Safe
// for concurrent use.
//
// GStreamer: gst_bus_timed_pop (gst/gstbus.c).
func (b *Bus) TimedPop(timeout ClockTime) Message { return b.pop(nil, timeout, MessageAny) }

// TimedPopFiltered waits up to timeout (ns) for a message whose type matches
// types and returns it, or nil on timeout. Messages that do not match are
// removed and DROPPED while waiting, as in GStreamer. Extended message types
// match only if types includes MessageExtended. A timeout of 0 does not
// wait; ClockTimeNone waits forever; types 0 matches nothing and returns nil
// at once. Safe for concurrent use.
//
// GStreamer: gst_bus_timed_pop_filtered (gst/gstbus.c).
func (b *Bus) TimedPopFiltered(timeout ClockTime, types MessageType) Message {
	return b.pop(nil, timeout, types)
}

// Poll waits up to timeout (ns; ClockTimeNone = forever) for a message of
// one of types and returns it, or nil on timeout. Like GStreamer's poll
// (which dispatches every message through a watch), the other messages
// popped meanwhile are gone. Safe for concurrent use.
//
// GStreamer: gst_bus_poll (gst/gstbus.c).
func (b *Bus) Poll(types MessageType, timeout ClockTime) Message { return b.pop(nil, timeout, types) }

// PopContext waits until a message of one of types arrives or ctx is done,
// and returns the message, or nil with ctx's error. Non-matching messages
// are dropped as in TimedPopFiltered. Safe for concurrent use.
//
// GStreamer: none (Go-only helper; gst_bus_timed_pop_filtered with a context).
func (b *Bus) PopContext(ctx context.Context, types MessageType) (Message, error) {
	if m := b.pop(ctx, ClockTimeNone, types); m != nil {
		return m, nil
	}
	return nil, ctx.Err()
}

// Messages returns a channel that delivers every message popped from the
// bus, in order, until ctx is cancelled; then the channel is closed and its
// goroutine ends. Use one consumer per bus: the goroutine pops messages, so
// other pops compete with it. A message popped just as ctx is cancelled is
// not delivered.
//
// GStreamer: none (Go-only helper; replaces gst_bus_add_watch).
func (b *Bus) Messages(ctx context.Context) <-chan Message {
	out := make(chan Message)
	go func() {
		defer close(out)
		for {
			m := b.pop(ctx, ClockTimeNone, MessageAny)
			if m == nil {
				return
			}
			select {
			case out <- m:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}

// pop implements all the pop variants: it returns the first message
// matching types, dropping the others, waiting up to timeout or until ctx
// (may be nil) is done.
func (b *Bus) pop(ctx context.Context, timeout ClockTime, types MessageType) Message {
	var ctxDone <-chan struct{}
	if ctx != nil {
		ctxDone = ctx.Done()
	}
	var timer *time.Timer
	var timerC <-chan time.Time
	defer func() {
		if timer != nil {
			timer.Stop()
		}
	}()
	for {
		b.mu.Lock()
		var dropped []busItem
		for b.head < len(b.queue) {
			it := b.popLocked()
			if it.msg.Type().matches(types) {
				b.mu.Unlock()
				for i := range dropped {
					dropped[i].release()
				}
				it.release()
				return it.msg
			}
			dropped = append(dropped, it)
		}
		if timeout == 0 || types == 0 {
			b.mu.Unlock()
			for i := range dropped {
				dropped[i].release()
			}
			return nil
		}
		if b.notify == nil {
			b.notify = make(chan struct{})
		}
		wait := b.notify
		b.mu.Unlock()
		for i := range dropped {
			dropped[i].release()
		}
		if ctxDone != nil {
			select {
			case <-ctxDone:
				return nil
			default:
			}
		}
		if timeout != ClockTimeNone && timer == nil {
			timer = time.NewTimer(timeout.Duration())
			timerC = timer.C
		}
		select {
		case <-wait:
		case <-timerC:
			return nil
		case <-ctxDone:
			return nil
		}
	}
}
