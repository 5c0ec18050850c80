package gst_test

// Ports of GStreamer 1.22 tests/check/gst/gstbus.c.
//
// Not ported (GLib main loop, GSource and signal watches have no Go
// counterpart; Bus.Messages replaces them): test_watch,
// test_watch_with_custom_context, test_add_watch_with_custom_context,
// test_remove_watch, test_watch_with_poll, test_watch_twice,
// test_custom_main_context, test_single_gsource.

import (
	"sync"
	"sync/atomic"
	"testing"

	"github.com/gstmini/gstmini/gst"
)

func appMessage(threadID, msgID int) gst.Message {
	return gst.NewApplicationMessage(nil, gst.NewStructureSimple("test_message", "thread_id", threadID, "msg_id", msgID))
}

// C: test_hammer_bus — 10 goroutines post 1000 messages each; every
// poster's messages come out in order.
func TestGstBusHammerBus(t *testing.T) {
	const numThreads, numMessages = 10, 1000
	bus := gst.NewBus()
	var wg sync.WaitGroup
	for th := range numThreads {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range numMessages {
				bus.Post(appMessage(th, i))
			}
		}()
	}
	wg.Wait()
	var ids [numThreads]int
	for {
		m := bus.Pop()
		if m == nil {
			break
		}
		if m.Type() != gst.MessageApplication {
			t.Fatalf("got %v", m.Type())
		}
		th, ok1 := m.Structure().Int("thread_id")
		id, ok2 := m.Structure().Int("msg_id")
		if !ok1 || !ok2 || th >= numThreads {
			t.Fatalf("invalid message %v", m.Structure())
		}
		if id != ids[th] {
			t.Fatalf("thread %d: message %d, want %d", th, id, ids[th])
		}
		ids[th]++
	}
	for th, n := range ids {
		if n != numMessages {
			t.Errorf("thread %d: %d messages, want %d", th, n, numMessages)
		}
	}
}

func send10AppMessages(bus *gst.Bus) {
	for i := range 10 {
		bus.Post(gst.NewApplicationMessage(nil, gst.NewStructureSimple("test_message", "msg_id", i)))
	}
}

// send5App1El1Err2App1EOS is send_5app_1el_1err_2app_1eos_messages; wait,
// when not nil, is called between posts (the C test's g_usleep).
func send5App1El1Err2App1EOS(bus *gst.Bus, wait func()) {
	post := func(m gst.Message) {
		bus.Post(m)
		if wait != nil {
			wait()
		}
	}
	for i := range 5 {
		post(gst.NewApplicationMessage(nil, gst.NewStructureSimple("test_message", "msg_id", i)))
	}
	post(gst.NewElementMessage(nil, gst.NewStructureSimple("test_message", "msg_id", 0)))
	post(gst.NewErrorMessage(nil, nil, "debug string"))
	for i := range 2 {
		post(gst.NewApplicationMessage(nil, gst.NewStructureSimple("test_message", "msg_id", i)))
	}
	post(gst.NewEOSMessage(nil))
}

// sendExtendedMessages posts DEVICE_ADDED and DEVICE_REMOVED (custom
// messages of those types: there are no devices in Go).
func sendExtendedMessages(bus *gst.Bus) {
	bus.Post(gst.NewCustomMessage(gst.MessageDeviceAdded, nil, nil))
	bus.Post(gst.NewCustomMessage(gst.MessageDeviceRemoved, nil, nil))
}

// C: test_timed_pop.
func TestGstBusTimedPop(t *testing.T) {
	bus := gst.NewBus()
	send10AppMessages(bus)
	for range 10 {
		if bus.TimedPop(gst.ClockTimeNone) == nil {
			t.Fatal("TimedPop = nil")
		}
	}
	if bus.HavePending() {
		t.Fatal("unexpected messages on bus")
	}
}

func wantType(t *testing.T, msg gst.Message, want gst.MessageType) {
	t.Helper()
	if msg == nil {
		t.Fatalf("no message, want %v", want)
	}
	if msg.Type() != want {
		t.Fatalf("got %v, want %v", msg.Type(), want)
	}
}

// C: test_timed_pop_filtered — non-matching messages are dropped; extended
// types only match when MessageExtended is asked for.
func TestGstBusTimedPopFiltered(t *testing.T) {
	bus := gst.NewBus()
	send10AppMessages(bus)
	for range 10 {
		if bus.TimedPopFiltered(gst.ClockTimeNone, gst.MessageAny) == nil {
			t.Fatal("TimedPopFiltered = nil")
		}
	}
	// should flush all messages on the bus with types not matching
	send10AppMessages(bus)
	if msg := bus.TimedPopFiltered(0, gst.MessageAny^gst.MessageApplication); msg != nil {
		t.Fatalf("got %v", msg.Type())
	}
	if msg := bus.TimedPopFiltered(second/2, gst.MessageAny^gst.MessageApplication); msg != nil {
		t.Fatalf("got %v", msg.Type())
	}
	if bus.HavePending() {
		t.Fatal("unexpected messages on bus")
	}
	if msg := bus.TimedPopFiltered(0, gst.MessageAny); msg != nil {
		t.Fatalf("got %v", msg.Type())
	}
	send5App1El1Err2App1EOS(bus, nil)
	wantType(t, bus.TimedPopFiltered(0, gst.MessageAny^gst.MessageApplication), gst.MessageElement)
	if !bus.HavePending() {
		t.Fatal("expected messages on bus")
	}
	wantType(t, bus.TimedPopFiltered(0, gst.MessageApplication), gst.MessageApplication)
	if msg := bus.TimedPopFiltered(0, gst.MessageError); msg != nil {
		t.Fatalf("got %v", msg.Type())
	}

	// extended messages received
	bus = gst.NewBus()
	send5App1El1Err2App1EOS(bus, nil)
	sendExtendedMessages(bus)
	send5App1El1Err2App1EOS(bus, nil)
	wantType(t, bus.TimedPopFiltered(0, gst.MessageExtended), gst.MessageDeviceAdded)
	wantType(t, bus.TimedPopFiltered(0, gst.MessageExtended), gst.MessageDeviceRemoved)

	// extended messages not received when not asked for
	bus = gst.NewBus()
	sendExtendedMessages(bus)
	send5App1El1Err2App1EOS(bus, nil)
	wantType(t, bus.TimedPopFiltered(0, gst.MessageError), gst.MessageError)
	wantType(t, bus.TimedPopFiltered(0, gst.MessageEOS), gst.MessageEOS)
}

// C: test_timed_pop_filtered_with_timeout — messages posted by another
// goroutine are waited for. The C poster sleeps 1 s between messages; here
// it waits for the test to allow each post, so the timeouts can be short.
func TestGstBusTimedPopFilteredWithTimeout(t *testing.T) {
	bus := gst.NewBus()
	step := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		send5App1El1Err2App1EOS(bus, func() { <-step })
	}()
	// the five application messages (each post is followed by a wait
	// for a step): no ERROR among them
	for range 4 {
		step <- struct{}{}
	}
	if msg := bus.TimedPopFiltered(second/4, gst.MessageError); msg != nil {
		t.Fatalf("got unexpected %v", msg.Type())
	}
	go func() {
		for range 6 {
			step <- struct{}{}
		}
	}()
	wantType(t, bus.TimedPopFiltered(forever, gst.MessageError|gst.MessageElement), gst.MessageElement)
	wantType(t, bus.TimedPopFiltered(gst.ClockTimeNone, gst.MessageApplication), gst.MessageApplication)
	wantType(t, bus.TimedPopFiltered(gst.ClockTimeNone, gst.MessageApplication), gst.MessageApplication)
	<-done
	if msg := bus.TimedPopFiltered(second/4, gst.MessageTag|gst.MessageError); msg != nil {
		t.Fatalf("got unexpected %v", msg.Type())
	}
}

// C: test_timed_pop_thread — a goroutine pops what the test posts.
func TestGstBusTimedPopThread(t *testing.T) {
	bus := gst.NewBus()
	done := make(chan struct{})
	go func() {
		defer close(done)
		for range 10 {
			bus.TimedPop(gst.ClockTimeNone)
		}
	}()
	send10AppMessages(bus)
	<-done
	if bus.HavePending() {
		t.Fatal("unexpected messages on bus")
	}
	if bus.TimedPop(0) != nil || bus.TimedPop(1000) != nil {
		t.Fatal("message left on the bus")
	}
}

// C: test_async_message — with BusAsync the poster is blocked until its
// message has been taken off the bus. (The C test measures the poster's
// pauses with timestamps; here the number of posts is checked at every
// pop.)
func TestGstBusAsyncMessage(t *testing.T) {
	bus := gst.NewBus()
	var posted atomic.Int32
	bus.SetSyncHandler(func(*gst.Bus, gst.Message) gst.BusSyncReply {
		posted.Add(1)
		return gst.BusAsync
	})
	done := make(chan struct{})
	go func() {
		defer close(done)
		send10AppMessages(bus)
	}()
	for i := range 10 {
		msg := bus.TimedPop(forever)
		if msg == nil {
			t.Fatalf("message %d not posted", i)
		}
		// the pop released the poster, which may have posted one more
		if n := int(posted.Load()); n > i+2 {
			t.Fatalf("after %d pops %d messages were posted: the poster was not blocked", i, n)
		}
	}
	<-done
}
