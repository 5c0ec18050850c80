package gst

import (
	"fmt"
	"sync/atomic"
)

// Bin is an element that contains other elements. It changes their states
// sinks first, aggregates their state-change results (NO_PREROLL beats
// ASYNC beats SUCCESS; FAILURE stops), collects their ASYNC_START/DONE,
// EOS and SEGMENT_START/DONE messages, selects and distributes the clock,
// and dispatches events (upstream events to sinks, downstream events to
// sources) and queries (to sinks).
//
// GStreamer: GstBin (gst/gstbin.c).
type Bin struct {
	ElementBase

	children         []Element // most recently added first, as bin->children
	childrenCookie   uint32
	messages         []Message
	polling          bool
	pendingAsyncDone bool
	postedEOS        atomic.Bool
	postedPlaying    bool
	clockDirty       bool
	providedClock    Clock
	clockProvider    Element
}

// MessageHandler is implemented by bins (and pipelines) to handle messages
// posted by their children. Overrides should chain up to Bin.HandleMessage.
//
// GStreamer: GstBinClass.handle_message (gst/gstbin.h).
type MessageHandler interface {
	HandleMessage(msg Message)
}

var binClass = &ElementClass{
	Name:     "bin",
	TypeName: "GstBin",
	Rank:     RankNone,
	Metadata: ElementMetadata{LongName: "Generic bin", Klass: "Generic/Bin",
		Description: "Simple container object", Author: "Erik Walthinsen <omega@cse.ogi.edu>, Wim Taymans <wim.taymans@gmail.com>"},
	New: func() Element { return &Bin{} },
}

// BinClass returns the element class of "bin" (registered by the core
// plugin).
//
// GStreamer: GST_TYPE_BIN (gst/gstbin.h).
func BinClass() *ElementClass { return binClass }

// NewBin returns a new empty bin ("" for a default name such as "bin0").
//
// GStreamer: gst_bin_new (gst/gstbin.c).
func NewBin(name string) *Bin {
	b := &Bin{}
	InitElement(b, binClass, name)
	return b
}

func (b *Bin) bin() *Bin { return b }

type binHolder interface {
	Element
	bin() *Bin
}

// AsBin returns the Bin inside el (a *Bin, *Pipeline or a type embedding
// them), or nil.
//
// GStreamer: GST_IS_BIN / GST_BIN (gst/gstbin.h).
func AsBin(el Element) *Bin {
	if h, ok := el.(binHolder); ok {
		return h.bin()
	}
	return nil
}

func (b *Bin) handleChildMessage(msg Message) {
	if h, ok := b.impl.(MessageHandler); ok {
		h.HandleMessage(msg)
		return
	}
	b.HandleMessage(msg)
}

// Add adds el to the bin: it takes the bin as parent (the name must be
// unique in the bin), posts its messages through the bin and shares the
// bin's clock and times.
//
// GStreamer: gst_bin_add (gst/gstbin.c).
func (b *Bin) Add(elements ...Element) error {
	for _, el := range elements {
		if err := b.add(el); err != nil {
			return err
		}
	}
	return nil
}

func (b *Bin) add(el Element) error {
	if Object(el) == Object(b.impl) {
		return fmt.Errorf("%s: cannot add bin to itself", b.Name())
	}
	name := el.Name()
	b.mu.Lock()
	for _, c := range b.children {
		if c.Name() == name {
			b.mu.Unlock()
			return fmt.Errorf("%s: name %q is not unique in bin, not adding", b.Name(), name)
		}
	}
	if !SetParent(el, b.impl) {
		b.mu.Unlock()
		return fmt.Errorf("%s: element %q already has a parent", b.Name(), name)
	}
	eb := el.element()
	if eb.IsSink() {
		b.flags |= ElementFlagSink
	}
	if eb.IsSource() {
		b.flags |= ElementFlagSource
	}
	b.children = append([]Element{el}, b.children...)
	b.childrenCookie++
	b.clockDirty = true
	clock, base, start := b.clock, b.baseTime, b.startTime
	b.mu.Unlock()

	// unlink all linked pads (unlink_pads in gst_bin_add_func)
	for _, p := range eb.Pads() {
		if peer := p.Peer(); peer != nil {
			if p.Direction() == PadSrc {
				p.Unlink(peer)
			} else {
				peer.Unlink(p)
			}
		}
	}

	eb.mu.Lock()
	eb.parentBin = b.impl.(binLike)
	eb.mu.Unlock()
	if clock != nil {
		el.SetClock(clock)
	}
	eb.SetBaseTime(base)
	eb.SetStartTime(start)
	return nil
}

// Remove removes el from the bin, unlinking its pads. The element keeps
// its state; set it to NULL yourself.
//
// GStreamer: gst_bin_remove (gst/gstbin.c).
func (b *Bin) Remove(elements ...Element) error {
	for _, el := range elements {
		if err := b.remove(el); err != nil {
			return err
		}
	}
	return nil
}

func (b *Bin) remove(el Element) error {
	b.mu.Lock()
	idx := -1
	for i, c := range b.children {
		if c == el {
			idx = i
			break
		}
	}
	if idx < 0 {
		b.mu.Unlock()
		return fmt.Errorf("%s: element %q is not in bin", b.Name(), el.Name())
	}
	b.mu.Unlock()
	for _, p := range el.Pads() {
		if peer := p.Peer(); peer != nil {
			if p.Direction() == PadSrc {
				p.Unlink(peer)
			} else {
				peer.Unlink(p)
			}
		}
	}
	b.mu.Lock()
	b.children = append(b.children[:idx:idx], b.children[idx+1:]...)
	b.childrenCookie++
	b.clockDirty = true
	isSink, isSrc := false, false
	for _, c := range b.children {
		isSink = isSink || c.element().IsSink()
		isSrc = isSrc || c.element().IsSource()
	}
	if !isSink {
		b.flags &^= ElementFlagSink
	}
	if !isSrc {
		b.flags &^= ElementFlagSource
	}
	hadAsync := b.findMessageLocked(el, MessageAsyncStart) >= 0
	b.removeMessagesLocked(el, MessageAny)
	doneAsync := hadAsync && b.findMessageLocked(nil, MessageAsyncStart) < 0
	if doneAsync {
		b.removeMessagesLocked(nil, MessageAsyncDone)
		b.handleAsyncDoneLocked(StateChangeSuccess, false, ClockTimeNone)
	}
	b.mu.Unlock()
	eb := el.element()
	eb.mu.Lock()
	eb.parentBin = nil
	eb.mu.Unlock()
	Unparent(el)
	b.doEOS()
	return nil
}

// Children returns the bin's direct children, most recently added first.
//
// GStreamer: gst_bin_iterate_elements (gst/gstbin.c).
func (b *Bin) Children() []Element {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]Element(nil), b.children...)
}

// NumChildren returns the number of direct children.
//
// GStreamer: GST_BIN_NUMCHILDREN (gst/gstbin.h).
func (b *Bin) NumChildren() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.children)
}

// ByName returns the element with the given name in the bin or, recursively,
// in its child bins, or nil.
//
// GStreamer: gst_bin_get_by_name (gst/gstbin.c).
func (b *Bin) ByName(name string) Element {
	for _, c := range b.Children() {
		if c.Name() == name {
			return c
		}
		if cb := AsBin(c); cb != nil {
			if f := cb.ByName(name); f != nil {
				return f
			}
		}
	}
	return nil
}

// Recurse returns all elements in the bin and its child bins.
//
// GStreamer: gst_bin_iterate_recurse (gst/gstbin.c).
func (b *Bin) Recurse() []Element {
	var out []Element
	for _, c := range b.Children() {
		out = append(out, c)
		if cb := AsBin(c); cb != nil {
			out = append(out, cb.Recurse()...)
		}
	}
	return out
}

// Sinks returns the children flagged as sinks.
//
// GStreamer: gst_bin_iterate_sinks (gst/gstbin.c).
func (b *Bin) Sinks() []Element {
	var out []Element
	for _, c := range b.Children() {
		if c.element().IsSink() {
			out = append(out, c)
		}
	}
	return out
}

// Sources returns the children flagged as sources.
//
// GStreamer: gst_bin_iterate_sources (gst/gstbin.c).
func (b *Bin) Sources() []Element {
	var out []Element
	for _, c := range b.Children() {
		if c.element().IsSource() {
			out = append(out, c)
		}
	}
	return out
}

// owningChild returns the direct child of b that contains pad's element.
func (b *Bin) owningChild(p *Pad) Element {
	var o Object = p
	for o != nil {
		par := o.Parent()
		if par == Object(b.impl) {
			if el, ok := o.(Element); ok {
				return el
			}
			return nil
		}
		o = par
	}
	return nil
}

// SortedChildren returns the children in state-change order: sinks first,
// then elements whose downstream elements are all listed, in the order
// they become ready; when none is ready (unlinked elements, loops) the
// element with the fewest unlisted downstream links goes next, non-sources
// before sources.
//
// GStreamer: gst_bin_iterate_sorted (gst/gstbin.c).
func (b *Bin) SortedChildren() []Element {
	children := b.Children()
	const handled = -1 // queued or returned
	degree := make(map[Element]int, len(children))
	var queue []Element
	enqueue := func(el Element) { queue = append(queue, el); degree[el] = handled }
	// reset_degree: sinks are queued right away
	for _, c := range children {
		if c.element().IsSink() {
			enqueue(c)
		} else {
			degree[c] = 0
		}
	}
	// update_degree: adjust the degree of the upstream peers of el
	update := func(el Element, mode int) {
		for _, p := range el.SinkPads() {
			peer := p.Peer()
			if peer == nil {
				continue
			}
			u := b.owningChild(peer)
			if u == nil {
				continue
			}
			old := degree[u]
			if old == handled {
				// a queued "sink" linked downstream is no sink
				for i, q := range queue {
					if q == u {
						queue = append(queue[:i:i], queue[i+1:]...)
						break
					}
				}
				old = 0
			}
			if nd := old + mode; nd == 0 {
				enqueue(u)
			} else {
				degree[u] = nd
			}
		}
	}
	for _, c := range children {
		update(c, 1)
	}
	out := make([]Element, 0, len(children))
	for {
		var best Element
		if len(queue) == 0 {
			// find_element
			bestDeg := 0
			for _, c := range children {
				d := degree[c]
				if d < 0 {
					continue
				}
				if best == nil || bestDeg > d {
					best, bestDeg = c, d
				} else if bestDeg == d && best.element().IsSource() && !c.element().IsSource() {
					best = c
				}
			}
			if best == nil {
				return out
			}
			degree[best] = handled
		} else {
			best, queue = queue[0], queue[1:]
		}
		out = append(out, best)
		update(best, -1)
	}
}

// ---------------------------------------------------------------------------
// Messages

func (b *Bin) findMessageLocked(src Object, types MessageType) int {
	for i, m := range b.messages {
		if m.Type()&types == 0 {
			continue
		}
		if src == nil || m.Src() == src {
			return i
		}
	}
	return -1
}

func (b *Bin) removeMessagesLocked(src Object, types MessageType) {
	out := b.messages[:0]
	for _, m := range b.messages {
		if m.Type()&types != 0 && (src == nil || m.Src() == src) {
			continue
		}
		out = append(out, m)
	}
	for i := len(out); i < len(b.messages); i++ {
		b.messages[i] = nil
	}
	b.messages = out
}

func (b *Bin) replaceMessageLocked(msg Message, types MessageType) {
	b.removeMessagesLocked(msg.Src(), types)
	b.messages = append(b.messages, msg)
}

// HandleMessage handles a message posted by a child: it collects EOS,
// ASYNC_START/DONE and SEGMENT_START/DONE to post the bin's own when every
// child is done, tracks errors and clocks, and forwards everything else to
// the parent (or the bus). Overridable.
//
// GStreamer: gst_bin_handle_message_func (gst/gstbin.c).
func (b *Bin) HandleMessage(msg Message) {
	switch m := msg.(type) {
	case *ErrorMessage:
		b.mu.Lock()
		b.lastReturn = StateChangeFailure
		b.stateCond.Broadcast()
		b.mu.Unlock()
		b.impl.PostMessage(msg)
	case *EOSMessage:
		b.mu.Lock()
		b.replaceMessageLocked(msg, MessageEOS)
		b.mu.Unlock()
		b.doEOS()
	case *StreamStartMessage:
		b.mu.Lock()
		b.replaceMessageLocked(msg, MessageStreamStart)
		b.mu.Unlock()
		b.doStreamStart()
	case *SegmentStartMessage:
		b.mu.Lock()
		post := b.findMessageLocked(nil, MessageSegmentStart) < 0 && b.Parent() != nil
		b.replaceMessageLocked(msg, MessageSegmentStart)
		b.mu.Unlock()
		if post {
			t := NewSegmentStartMessage(b.impl, m.Format, m.Position)
			t.SetSeqnum(msg.Seqnum())
			b.impl.PostMessage(t)
		}
	case *SegmentDoneMessage:
		b.mu.Lock()
		b.replaceMessageLocked(msg, MessageSegmentStart)
		post := false
		if b.findMessageLocked(nil, MessageSegmentStart) < 0 {
			post = true
			b.removeMessagesLocked(nil, MessageSegmentDone)
		}
		b.mu.Unlock()
		if post {
			t := NewSegmentDoneMessage(b.impl, m.Format, m.Position)
			t.SetSeqnum(msg.Seqnum())
			b.impl.PostMessage(t)
		}
	case *ClockLostMessage:
		b.mu.Lock()
		b.clockDirty = true
		provided := m.Clock == b.providedClock
		playing := b.current == StatePlaying
		toplevel := b.Parent() == nil
		forward := provided && (playing || !toplevel)
		if provided {
			b.providedClock = nil
			b.clockProvider = nil
		}
		b.mu.Unlock()
		if forward {
			b.impl.PostMessage(msg)
		}
	case *ClockProvideMessage:
		b.mu.Lock()
		b.clockDirty = true
		forward := b.Parent() != nil
		b.mu.Unlock()
		if forward {
			b.impl.PostMessage(msg)
		}
	case *AsyncStartMessage:
		b.mu.Lock()
		if b.target <= StateReady {
			b.mu.Unlock()
			return
		}
		b.replaceMessageLocked(msg, MessageAsyncStart)
		b.handleAsyncStartLocked()
		b.mu.Unlock()
	case *AsyncDoneMessage:
		b.mu.Lock()
		if b.target <= StateReady {
			b.mu.Unlock()
			return
		}
		b.replaceMessageLocked(msg, MessageAsyncStart)
		if b.findMessageLocked(nil, MessageAsyncStart) < 0 {
			b.removeMessagesLocked(nil, MessageAsyncDone)
			b.handleAsyncDoneLocked(StateChangeSuccess, true, m.RunningTime)
		}
		b.mu.Unlock()
	default:
		b.impl.PostMessage(msg)
	}
}

// PostMessage posts msg upward and tracks when the bin itself reached
// PLAYING (for EOS aggregation).
//
// The flag is cleared before a non-PLAYING state-changed message is posted
// and set after the PLAYING one, not both after as in C: a bus reader can
// act on a PAUSED message (set PLAYING, which posts PLAYING) before the
// posting goroutine returns, and a late clear would then hide the EOS of
// every sink for good (seen as a rare hang in gstmini launch).
//
// GStreamer: gst_bin_post_message (gst/gstbin.c).
func (b *Bin) PostMessage(msg Message) bool {
	sc, ok := msg.(*StateChangedMessage)
	own := ok && msg.Src() == Object(b.impl)
	playing := own && sc.New == StatePlaying && sc.Pending == StateVoidPending
	if own && !playing {
		b.mu.Lock()
		b.postedPlaying = false
		b.mu.Unlock()
	}
	ret := b.ElementBase.PostMessage(msg)
	if playing {
		b.mu.Lock()
		b.postedPlaying = true
		b.mu.Unlock()
		b.doEOS()
	}
	return ret
}

func (b *Bin) isEOSLocked() (bool, uint32) {
	n := 0
	var seq uint32
	for _, c := range b.children {
		if !c.element().IsSink() {
			continue
		}
		i := b.findMessageLocked(c, MessageEOS)
		if i < 0 {
			return false, 0
		}
		seq = b.messages[i].Seqnum()
		n++
	}
	return n > 0, seq
}

func (b *Bin) doEOS() {
	b.mu.Lock()
	eos := false
	var seq uint32
	if b.current == StatePlaying && (b.pending == StateVoidPending || b.pending == StatePlaying) && b.postedPlaying {
		eos, seq = b.isEOSLocked()
	}
	b.mu.Unlock()
	if eos && b.postedEOS.CompareAndSwap(false, true) {
		b.mu.Lock()
		b.removeMessagesLocked(nil, MessageEOS)
		b.postedEOS.Store(false)
		b.mu.Unlock()
		m := NewEOSMessage(b.impl)
		if seq != 0 {
			m.SetSeqnum(seq)
		}
		b.impl.PostMessage(m)
	}
}

func (b *Bin) doStreamStart() {
	b.mu.Lock()
	started, seq, haveGroup, group := b.isStreamStartLocked()
	if started {
		b.removeMessagesLocked(nil, MessageStreamStart)
	}
	b.mu.Unlock()
	if started {
		m := NewStreamStartMessage(b.impl)
		m.SetSeqnum(seq)
		if haveGroup {
			m.SetGroupID(group)
		}
		b.impl.PostMessage(m)
	}
}

// isStreamStartLocked mirrors is_stream_start: every sink child posted
// STREAM_START; when all of those carry a group id it must be the same
// one, and it is reported (b.mu held).
func (b *Bin) isStreamStartLocked() (started bool, seq uint32, haveGroup bool, group uint32) {
	n := 0
	haveGroup = true
	firstGroup, sameGroup := true, true
	for _, c := range b.children {
		if !c.element().IsSink() {
			continue
		}
		i := b.findMessageLocked(c, MessageStreamStart)
		if i < 0 {
			return false, 0, false, 0
		}
		n++
		seq = b.messages[i].Seqnum()
		ss, _ := b.messages[i].(*StreamStartMessage)
		switch {
		case ss == nil || !ss.HasGroupID:
			haveGroup = false
		case firstGroup:
			firstGroup, group = false, ss.GroupID
		case ss.GroupID != group:
			sameGroup = false
		}
	}
	if n == 0 || (haveGroup && !sameGroup) {
		return false, 0, false, 0
	}
	return true, seq, haveGroup, group
}

// handleAsyncStartLocked mirrors bin_handle_async_start (b.mu held; may
// unlock).
func (b *Bin) handleAsyncStartLocked() {
	if b.lastReturn == StateChangeFailure {
		return
	}
	toplevel := b.Parent() == nil
	var amsg Message
	if !toplevel {
		amsg = NewAsyncStartMessage(b.impl)
	}
	if b.polling || b.pending != StateVoidPending || b.lastReturn == StateChangeNoPreroll {
		if amsg != nil {
			b.mu.Unlock()
			b.impl.PostMessage(amsg)
			b.mu.Lock()
		}
		return
	}
	old := b.current
	newState := old
	if old > StatePaused {
		newState = StatePaused
	}
	b.current, b.next, b.pending = newState, newState, newState
	b.lastReturn = StateChangeAsync
	b.mu.Unlock()
	b.stateChanged(newState, newState, newState)
	if amsg != nil {
		b.impl.PostMessage(amsg)
	}
	b.mu.Lock()
}

// handleAsyncDoneLocked mirrors bin_handle_async_done (b.mu held; may
// unlock).
func (b *Bin) handleAsyncDoneLocked(ret StateChangeReturn, flagPending bool, runningTime ClockTime) {
	if b.lastReturn == StateChangeFailure {
		return
	}
	pending := b.pending
	if b.polling {
		if flagPending {
			b.pendingAsyncDone = true
		}
		return
	}
	if pending == StateVoidPending {
		amsg := NewAsyncDoneMessage(b.impl, runningTime)
		b.mu.Unlock()
		b.impl.PostMessage(amsg)
		b.mu.Lock()
		return
	}
	oldRet := b.lastReturn
	b.lastReturn = ret
	target := b.target
	b.pending = target
	pending = target
	amsg := NewAsyncDoneMessage(b.impl, runningTime)
	oldState := b.current
	oldNext := b.next
	current := oldState
	if oldNext != StatePlaying {
		b.current = oldNext
		current = oldNext
	}
	toplevel := b.Parent() == nil
	cont := false
	var cookie uint32
	if pending == current || !toplevel {
		pending = StateVoidPending
		b.pending = StateVoidPending
		b.next = StateVoidPending
	} else {
		cont = true
		cookie = b.stateCookie
		b.lastReturn = StateChangeAsync
		b.next = stateGetNext(oldState, pending)
	}
	stateChanged := oldNext != StatePlaying && (oldState != oldNext || oldRet == StateChangeAsync)
	b.mu.Unlock()
	if stateChanged {
		b.stateChanged(oldState, oldNext, pending)
	}
	b.impl.PostMessage(amsg)
	b.mu.Lock()
	if cont {
		go b.continueFunc(cookie, pending)
	} else {
		b.stateCond.Broadcast()
	}
}

// continueFunc continues an async state change of a top-level bin from a
// separate goroutine (gst_object_call_async in C).
func (b *Bin) continueFunc(cookie uint32, pending State) {
	b.stateLock.Lock()
	defer b.stateLock.Unlock()
	b.mu.Lock()
	if cookie != b.stateCookie {
		b.mu.Unlock()
		return
	}
	current := b.current
	next := stateGetNext(current, pending)
	b.next = next
	b.pending = pending
	b.lastReturn = StateChangeAsync
	b.mu.Unlock()
	b.changeState(MakeStateChange(current, next))
}

// ---------------------------------------------------------------------------
// State changes

func (b *Bin) srcPadsActivate(active bool) bool {
	for _, p := range b.SrcPads() {
		if !p.SetActive(active) {
			return false
		}
	}
	return true
}

// ChangeState changes the children's states in sorted order (sinks
// first), then the bin's own pads, and aggregates the results.
//
// GStreamer: gst_bin_change_state_func (gst/gstbin.c).
func (b *Bin) ChangeState(t StateChange) StateChangeReturn {
	current, next := t.Current(), t.Next()
	switch next {
	case StatePlaying:
		if b.Parent() == nil {
			b.RecalculateLatency()
		}
	case StatePaused:
		b.mu.Lock()
		b.removeMessagesLocked(nil, MessageEOS)
		b.postedEOS.Store(false)
		if current == StateReady {
			b.removeMessagesLocked(nil, MessageStreamStart)
		}
		b.mu.Unlock()
		if current == StateReady && !b.srcPadsActivate(true) {
			return StateChangeFailure
		}
	case StateReady:
		b.mu.Lock()
		b.removeMessagesLocked(nil, MessageAny)
		b.mu.Unlock()
		if current != StateNull && !b.srcPadsActivate(false) {
			return StateChangeFailure
		}
	case StateNull:
		b.mu.Lock()
		b.removeMessagesLocked(nil, MessageAny)
		b.mu.Unlock()
		if current == StateReady && !b.srcPadsActivate(false) {
			return StateChangeFailure
		}
	}
	b.mu.Lock()
	b.polling = true
	b.mu.Unlock()

	haveAsync, haveNoPreroll := false, false
	base, start := b.BaseTime(), b.StartTime()
	var ret StateChangeReturn
	failed := false
	for _, child := range b.SortedChildren() {
		r := b.elementSetState(child, base, start, current, next)
		switch r {
		case StateChangeAsync:
			haveAsync = true
		case StateChangeNoPreroll:
			haveNoPreroll = true
		case StateChangeFailure:
			if child.Parent() == Object(b.impl) {
				failed = true
			}
		}
		if failed {
			break
		}
	}
	if failed {
		if current < next {
			for _, child := range b.SortedChildren() {
				child.SetState(current)
			}
		}
		ret = StateChangeFailure
	} else {
		ret = b.ElementBase.ChangeState(t)
		if ret != StateChangeFailure {
			if haveNoPreroll {
				ret = StateChangeNoPreroll
			} else if haveAsync {
				ret = StateChangeAsync
			}
		}
	}
	b.mu.Lock()
	b.polling = false
	if ret == StateChangeAsync || b.pendingAsyncDone {
		if b.target > StateReady && b.findMessageLocked(nil, MessageAsyncStart) < 0 {
			b.removeMessagesLocked(nil, MessageAsyncDone)
			b.handleAsyncDoneLocked(StateChangeSuccess, false, ClockTimeNone)
		}
	}
	b.pendingAsyncDone = false
	b.mu.Unlock()
	return ret
}

// elementSetState mirrors gst_bin_element_set_state.
func (b *Bin) elementSetState(el Element, base, start ClockTime, current, next State) StateChangeReturn {
	eb := el.element()
	eb.stateLock.Lock()
	eb.mu.Lock()
	eb.startTime = start
	eb.baseTime = base
	locked := eb.flags&ElementFlagLockedState != 0
	ret := eb.lastReturn
	childCurrent := eb.current
	childPending := eb.pending
	eb.mu.Unlock()
	eb.stateLock.Unlock()
	if locked {
		if ret == StateChangeFailure {
			ret = StateChangeSuccess
		}
		return ret
	}
	if ret != StateChangeNoPreroll && AsBin(el) == nil {
		if childCurrent == next && childPending == StateVoidPending {
			return ret
		}
		if next > current {
			if childPending == StateVoidPending {
				if childCurrent > next {
					return StateChangeSuccess
				}
			} else if childPending > childCurrent {
				if childCurrent >= next {
					return StateChangeSuccess
				}
			} else if childCurrent > next {
				return StateChangeSuccess
			}
		} else if next < current {
			if childPending == StateVoidPending {
				if childCurrent < next {
					return StateChangeSuccess
				}
			} else if childPending < childCurrent {
				if childCurrent <= next {
					return StateChangeSuccess
				}
			} else if childCurrent < next {
				return StateChangeSuccess
			}
		}
	}
	if ret != StateChangeNoPreroll {
		b.mu.Lock()
		busy := b.findMessageLocked(el, MessageAsyncStart) >= 0 && next > current
		b.mu.Unlock()
		if busy {
			return StateChangeAsync
		}
	}
	return el.SetState(next)
}

// ---------------------------------------------------------------------------
// Clock

// ProvideClock returns the clock of the most upstream clock provider among
// the children (sources win), or nil.
//
// GStreamer: gst_bin_provide_clock_func (gst/gstbin.c).
func (b *Bin) ProvideClock() Clock {
	b.mu.Lock()
	if !b.clockDirty && b.providedClock != nil {
		c := b.providedClock
		b.mu.Unlock()
		return c
	}
	b.mu.Unlock()
	var clock Clock
	var provider Element
	for _, c := range b.SortedChildren() {
		if cl := c.ProvideClock(); cl != nil {
			clock, provider = cl, c
		}
	}
	b.mu.Lock()
	b.providedClock, b.clockProvider = clock, provider
	b.clockDirty = false
	b.mu.Unlock()
	return clock
}

// SetClock sets the clock on the bin and all its children.
//
// GStreamer: gst_bin_set_clock_func (gst/gstbin.c).
func (b *Bin) SetClock(c Clock) bool {
	ok := true
	for _, child := range b.Children() {
		if !child.SetClock(c) {
			ok = false
		}
	}
	b.ElementBase.SetClock(c)
	return ok
}

// ---------------------------------------------------------------------------
// Events and queries

// SendEvent sends ev to the children: upstream events (seek, latency...)
// to every sink, downstream events (EOS...) to every source. It reports
// true only if every child handled it.
//
// GStreamer: gst_bin_send_event (gst/gstbin.c).
func (b *Bin) SendEvent(ev Event) bool {
	var targets []Element
	if ev.Type().IsDownstream() {
		targets = b.Sources()
	} else {
		targets = b.Sinks()
	}
	res := true
	for _, c := range targets {
		if !c.SendEvent(ev) {
			res = false
		}
	}
	return res
}

// Query answers POSITION and DURATION with the maximum over the sinks,
// LATENCY by folding the sinks' answers (live if any is live, min = max
// of the live mins, max = min of the live maxes), and other queries with
// the first sink that answers.
//
// GStreamer: gst_bin_query (gst/gstbin.c).
func (b *Bin) Query(q Query) bool {
	sinks := b.Sinks()
	switch qq := q.(type) {
	case *PositionQuery:
		var best int64 = -1
		found := false
		for _, s := range sinks {
			sq := NewPositionQuery(qq.Format)
			if s.Query(sq) {
				found = true
				if sq.Cur > best {
					best = sq.Cur
				}
			}
		}
		qq.Cur = best
		return found
	case *DurationQuery:
		var best int64 = -1
		found := false
		for _, s := range sinks {
			sq := NewDurationQuery(qq.Format)
			if s.Query(sq) {
				found = true
				if sq.Duration == -1 {
					// an unknown duration makes the bin's unknown
					best = -1
					break
				}
				if sq.Duration > best {
					best = sq.Duration
				}
			}
		}
		qq.Duration = best
		return found
	case *LatencyQuery:
		live := false
		var min ClockTime
		max := ClockTimeNone
		res := true
		for _, s := range sinks {
			sq := NewLatencyQuery()
			if !s.Query(sq) {
				res = false
				continue
			}
			if sq.Live {
				if sq.Min > min || !live {
					if sq.Min > min {
						min = sq.Min
					}
				}
				if sq.Max != ClockTimeNone && (max == ClockTimeNone || sq.Max < max) {
					max = sq.Max
				}
				live = true
			}
		}
		qq.Live, qq.Min, qq.Max = live, min, max
		return res
	}
	for _, s := range sinks {
		if s.Query(q) {
			return true
		}
	}
	return false
}

// RecalculateLatency queries the latency of the bin's sinks and sends the
// resulting LATENCY event to them; a pipeline uses its latency property
// when set. It reports false when the query failed.
//
// GStreamer: gst_bin_recalculate_latency (gst/gstbin.c), gst_bin_do_latency_func.
func (b *Bin) RecalculateLatency() bool {
	if l, ok := b.impl.(latencyDoer); ok {
		return l.doLatency()
	}
	return b.doLatencyDefault(ClockTimeNone)
}

type latencyDoer interface{ doLatency() bool }

func (b *Bin) doLatencyDefault(configured ClockTime) bool {
	q := NewLatencyQuery()
	if !b.impl.Query(q) {
		return false
	}
	if !q.Live {
		return true
	}
	latency := q.Min
	if configured != ClockTimeNone {
		latency = configured
	}
	if q.Max != ClockTimeNone && q.Max < q.Min {
		b.PostWarning(&CoreError{Code: CoreErrorClock, Msg: fmt.Sprintf("Impossible to configure latency: max %v < min %v. Add queues or other buffering elements.", q.Max, q.Min)}, "")
		return false
	}
	return b.impl.SendEvent(NewLatencyEvent(latency))
}
