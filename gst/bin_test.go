package gst

import (
	"testing"
	"time"
)

// asyncElement returns ASYNC on READY→PAUSED like a sink waiting for
// preroll, posting ASYNC_START; commit completes it like a prerolled sink.
type asyncElement struct {
	ElementBase
}

var asyncElementClass = &ElementClass{Name: "asyncelement", New: func() Element { return &asyncElement{} }}

func (a *asyncElement) Constructed() error {
	a.SetElementFlags(ElementFlagSink)
	return nil
}

func (a *asyncElement) ChangeState(t StateChange) StateChangeReturn {
	ret := a.ElementBase.ChangeState(t)
	if ret == StateChangeFailure {
		return ret
	}
	if t == StateChangeReadyToPaused {
		a.PostMessage(NewAsyncStartMessage(a))
		return StateChangeAsync
	}
	return ret
}

func (a *asyncElement) commit() {
	a.ContinueState(StateChangeSuccess)
	a.PostMessage(NewAsyncDoneMessage(a, ClockTimeNone))
}

func collectStateChanges(b *Bus, src Object) [][3]State {
	var out [][3]State
	for {
		m := b.Pop()
		if m == nil {
			return out
		}
		if sc, ok := m.(*StateChangedMessage); ok && m.Src() == src {
			out = append(out, [3]State{sc.Old, sc.New, sc.Pending})
		}
	}
}

func TestPipelineSyncStateWalk(t *testing.T) {
	p := NewPipeline("p")
	a, b := newTestElement(t, "a"), newTestElement(t, "b")
	if err := p.Add(a, b); err != nil {
		t.Fatal(err)
	}
	if r := p.SetState(StatePlaying); r != StateChangeSuccess {
		t.Fatalf("NULL→PLAYING = %v", r)
	}
	if a.CurrentState() != StatePlaying || b.CurrentState() != StatePlaying {
		t.Fatal("children not PLAYING")
	}
	got := collectStateChanges(p.Bus(), p)
	want := [][3]State{
		{StateNull, StateReady, StatePlaying},
		{StateReady, StatePaused, StatePlaying},
		{StatePaused, StatePlaying, StateVoidPending},
	}
	if len(got) != len(want) {
		t.Fatalf("state changes %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("state changes %v, want %v", got, want)
		}
	}
	if r := p.SetState(StateNull); r != StateChangeSuccess {
		t.Fatalf("→NULL = %v", r)
	}
	if a.CurrentState() != StateNull {
		t.Fatal("child not NULL")
	}
}

// The return sequence of [S9]: READY SUCCESS, PAUSED ASYNC then SUCCESS,
// PLAYING SUCCESS, READY SUCCESS, NULL SUCCESS.
func TestPipelineAsyncPreroll(t *testing.T) {
	p := NewPipeline("p")
	src := newTestElement(t, "src")
	el, err := asyncElementClass.Create("sink")
	if err != nil {
		t.Fatal(err)
	}
	sink := el.(*asyncElement)
	p.Add(src, sink)
	if r := p.SetState(StateReady); r != StateChangeSuccess {
		t.Fatalf("READY = %v", r)
	}
	if r := p.SetState(StatePaused); r != StateChangeAsync {
		t.Fatalf("PAUSED = %v, want ASYNC", r)
	}
	if r, cur, pend := p.State(0); r != StateChangeAsync || cur != StateReady || pend != StatePaused {
		t.Fatalf("State(0) = %v %v %v", r, cur, pend)
	}
	sink.commit()
	if r, cur, _ := p.State(ClockTimeNone); r != StateChangeSuccess || cur != StatePaused {
		t.Fatalf("after preroll State = %v %v", r, cur)
	}
	if r := p.SetState(StatePlaying); r != StateChangeSuccess {
		t.Fatalf("PLAYING = %v", r)
	}
	if r := p.SetState(StateReady); r != StateChangeSuccess {
		t.Fatalf("READY = %v", r)
	}
	if r := p.SetState(StateNull); r != StateChangeSuccess {
		t.Fatalf("NULL = %v", r)
	}
}

func TestBinSortedChildrenSinksFirst(t *testing.T) {
	b := NewBin("b")
	src, mid, sink := newTestElement(t, "src"), newTestElement(t, "mid"), newTestElement(t, "sink")
	s1 := NewPad("src", PadSrc)
	src.AddPad(s1)
	m1, m2 := NewPad("sink", PadSink), NewPad("src", PadSrc)
	mid.AddPad(m1)
	mid.AddPad(m2)
	k1 := NewPad("sink", PadSink)
	sink.AddPad(k1)
	b.Add(src, mid, sink)
	if s1.Link(m1) != PadLinkOK || m2.Link(k1) != PadLinkOK {
		t.Fatal("link")
	}
	order := b.SortedChildren()
	if len(order) != 3 || order[0] != Element(sink) || order[1] != Element(mid) || order[2] != Element(src) {
		names := []string{}
		for _, e := range order {
			names = append(names, e.Name())
		}
		t.Fatalf("sorted order %v, want sink mid src", names)
	}
}

func TestBinAddErrors(t *testing.T) {
	b := NewBin("b")
	a := newTestElement(t, "a")
	if err := b.Add(a); err != nil {
		t.Fatal(err)
	}
	if err := b.Add(newTestElement(t, "a")); err == nil {
		t.Error("duplicate name accepted")
	}
	b2 := NewBin("b2")
	if err := b2.Add(a); err == nil {
		t.Error("element with a parent accepted")
	}
	if err := b.Remove(a); err != nil {
		t.Fatal(err)
	}
	if a.Parent() != nil {
		t.Error("parent not cleared")
	}
	if PathString(newTestElement(t, "x")) != "/GstTestelement:x" {
		t.Errorf("path %q", PathString(newTestElement(t, "x")))
	}
}

// An application that sets PLAYING as soon as it sees the pipeline's
// PAUSED state-changed message can do so before the goroutine that posted
// PAUSED has returned from posting. The bin must still post EOS once its
// sink is EOS: the PAUSED post must not clear the "posted PLAYING" mark
// that the later PLAYING post set (the rare gstmini launch hang). The sync
// handler holds the committing goroutine inside the PAUSED post until
// another goroutine has set PLAYING.
func TestBinEOSAfterPlayingSetFromPausedMessage(t *testing.T) {
	p := NewPipeline("p")
	el, err := asyncElementClass.Create("sink")
	if err != nil {
		t.Fatal(err)
	}
	sink := el.(*asyncElement)
	if err := p.Add(sink); err != nil {
		t.Fatal(err)
	}
	bus := p.Bus()
	playingPosted := make(chan struct{})
	played := make(chan StateChangeReturn, 1)
	bus.SetSyncHandler(func(_ *Bus, msg Message) BusSyncReply {
		sc, ok := msg.(*StateChangedMessage)
		if !ok || msg.Src() != Object(p) || sc.Pending != StateVoidPending {
			return BusPass
		}
		switch sc.New {
		case StatePlaying:
			close(playingPosted)
		case StatePaused:
			go func() { played <- p.SetState(StatePlaying) }()
			select {
			case <-playingPosted:
			case <-time.After(10 * time.Second):
				t.Error("PLAYING not posted while the PAUSED post was in progress")
			}
		}
		return BusPass
	})
	defer bus.SetSyncHandler(nil)
	if r := p.SetState(StatePaused); r != StateChangeAsync {
		t.Fatalf("PAUSED = %v, want ASYNC", r)
	}
	sink.commit()
	if r := <-played; r != StateChangeSuccess {
		t.Fatalf("PLAYING = %v", r)
	}
	sink.PostMessage(NewEOSMessage(sink))
	if msg := bus.Poll(MessageEOS|MessageError, ClockTime(10*time.Second)); msg == nil || msg.Type() != MessageEOS || msg.Src() != Object(p) {
		t.Errorf("got %v, want EOS from the pipeline", msg)
	}
	p.SetState(StateNull)
}
