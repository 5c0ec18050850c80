package gst

import (
	"errors"
	"fmt"
	"path"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Element is the interface of every pipeline element. It is sealed: a type
// is an Element by embedding ElementBase (directly or through a base class
// such as base.Sink or through Bin). The element struct is the element: use
// a type assertion to reach its typed API.
//
// Methods that are virtual in GStreamer (ChangeState, SendEvent, Query,
// PostMessage, ProvideClock, SetClock) may be overridden by the embedding
// type; the framework always calls them on the outermost value. An
// override extends the default by calling the embedded method (chain-up).
//
// GStreamer: GstElement (gst/gstelement.h).
type Element interface {
	Object
	element() *ElementBase

	// Class returns the element's class (its factory).
	Class() *ElementClass
	// SetState changes the state, walking one step at a time.
	SetState(state State) StateChangeReturn
	// State waits up to timeout for an async change; see ElementBase.State.
	State(timeout ClockTime) (StateChangeReturn, State, State)
	// ChangeState performs one transition (the change_state vfunc).
	ChangeState(transition StateChange) StateChangeReturn
	// SendEvent sends an event to the element (the send_event vfunc).
	SendEvent(ev Event) bool
	// Query runs a query on the element (the query vfunc).
	Query(q Query) bool
	// PostMessage posts a message from the element (the post_message vfunc).
	PostMessage(msg Message) bool
	// ProvideClock returns a clock the element provides, or nil.
	ProvideClock() Clock
	// SetClock sets the clock used for synchronisation.
	SetClock(c Clock) bool

	StaticPad(name string) *Pad
	Pads() []*Pad
	SrcPads() []*Pad
	SinkPads() []*Pad
	Set(name string, value any) error
	Get(name string) (any, error)
	SetString(name, value string) error
	GetString(name string) (string, error)
}

// PadRequester is implemented by elements with request pad templates.
// RequestNewPad creates (and adds) a pad for tmpl; name is "" to let the
// element choose (e.g. "src_3"); caps may be nil.
//
// GStreamer: GstElementClass.request_new_pad (gst/gstelement.h).
type PadRequester interface {
	RequestNewPad(tmpl *PadTemplate, name string, caps *Caps) *Pad
}

// PadReleaser is implemented by elements that release request pads.
//
// GStreamer: GstElementClass.release_pad (gst/gstelement.h).
type PadReleaser interface {
	ReleasePad(pad *Pad)
}

// PropertySetter is implemented by elements with properties. It receives a
// value already validated against the ParamSpec (its Go type matches the
// spec's type) and is called with no framework lock held.
//
// GStreamer: GObjectClass.set_property (gobject/gobject.h).
type PropertySetter interface {
	SetProperty(name string, value any) error
}

// PropertyGetter returns the current value of a property.
//
// GStreamer: GObjectClass.get_property (gobject/gobject.h).
type PropertyGetter interface {
	Property(name string) any
}

// Constructor is implemented by elements (and base classes) that finish
// their construction after the ElementBase is initialised: create pads,
// set defaults. Overrides must chain up to the embedded base's Constructed.
//
// GStreamer: GObjectClass.constructed (gobject/gobject.h).
type Constructor interface {
	Constructed() error
}

// ElementFlags are flags of an element.
//
// GStreamer: GstElementFlags (gst/gstelement.h).
type ElementFlags uint32

// The element flags.
//
// GStreamer: GST_ELEMENT_FLAG_* (gst/gstelement.h).
const (
	ElementFlagLockedState  ElementFlags = 1 << 4
	ElementFlagSink         ElementFlags = 1 << 5
	ElementFlagSource       ElementFlags = 1 << 6
	ElementFlagProvideClock ElementFlags = 1 << 7
	ElementFlagRequireClock ElementFlags = 1 << 8
	ElementFlagIndexable    ElementFlags = 1 << 9
)

// ElementBase implements Element; embed it in every element.
//
// GStreamer: GstElement (gst/gstelement.c).
type ElementBase struct {
	ObjectBase

	impl  Element
	class *ElementClass

	mu        sync.Mutex // object lock for the fields below
	stateCond sync.Cond  // GST_STATE_BROADCAST, on mu
	stateLock sync.Mutex // GST_STATE_LOCK

	current, next, pending, target State
	lastReturn                     StateChangeReturn
	stateCookie                    uint32
	flags                          ElementFlags

	pads       []*Pad
	padsCookie uint32
	bus        *Bus
	clock      Clock
	baseTime   ClockTime
	startTime  ClockTime
	parentBin  binLike

	padAdded   []func(el Element, pad *Pad)
	padRemoved []func(el Element, pad *Pad)
	noMorePads []func(el Element)
	notify     []func(el Element, obj Object, prop string)
}

func (e *ElementBase) element() *ElementBase { return e }

// binLike is implemented by Bin: the parent that receives children's
// messages.
type binLike interface {
	Element
	handleChildMessage(msg Message)
}

// InitElement initialises the ElementBase of impl for class: name, state
// NULL, no pads. Factories call it; call it yourself only when building an
// element without a registry. It then calls Constructed if impl has it.
//
// GStreamer: gst_element_init (gst/gstelement.c) and g_object_new.
func InitElement(impl Element, class *ElementClass, name string) error {
	e := impl.element()
	e.impl = impl
	e.class = class
	e.stateCond.L = &e.mu
	e.current, e.next, e.pending, e.target = StateNull, StateVoidPending, StateVoidPending, StateNull
	e.lastReturn = StateChangeSuccess
	e.startTime = 0
	e.baseTime = 0
	if class != nil && class.TypeName != "" {
		e.typeName = class.TypeName
	} else if class != nil {
		e.typeName = "Gst" + camel(class.Name)
	}
	if name == "" {
		name = defaultName(e.typeName)
	}
	e.name = name
	if c, ok := impl.(Constructor); ok {
		if err := c.Constructed(); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	return nil
}

var nameCounters = struct {
	sync.Mutex
	m map[string]int
}{m: map[string]int{}}

// defaultName returns "queue0", "fakesink1"... from a type name, as
// gst_object_set_name_default does.
func defaultName(typeName string) string {
	base := strings.TrimPrefix(typeName, "Gst")
	base = strings.ToLower(base)
	nameCounters.Lock()
	n := nameCounters.m[base]
	nameCounters.m[base] = n + 1
	nameCounters.Unlock()
	if base != "" && base[len(base)-1] >= '0' && base[len(base)-1] <= '9' {
		return fmt.Sprintf("%s-%d", base, n)
	}
	return fmt.Sprintf("%s%d", base, n)
}

func camel(s string) string {
	var b strings.Builder
	up := true
	for _, r := range s {
		if r == '-' || r == '_' {
			up = true
			continue
		}
		if up && r >= 'a' && r <= 'z' {
			r -= 32
		}
		up = false
		b.WriteRune(r)
	}
	return b.String()
}

// Impl returns the outermost element value (the one embedding this base).
//
// GStreamer: none (Go-only helper: the instance pointer in C).
func (e *ElementBase) Impl() Element { return e.impl }

// Class returns the element's class.
//
// GStreamer: GST_ELEMENT_GET_CLASS (gst/gstelement.h).
func (e *ElementBase) Class() *ElementClass { return e.class }

// Factory returns the element's class (GstMini's classes are factories).
//
// GStreamer: gst_element_get_factory (gst/gstelement.c).
func (e *ElementBase) Factory() *ElementClass { return e.class }

// Flags returns the element flags.
//
// GStreamer: GST_OBJECT_FLAGS (gst/gstobject.h).
func (e *ElementBase) Flags() ElementFlags {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.flags
}

// SetElementFlags sets element flags (e.g. ElementFlagSink from a sink
// base class).
//
// GStreamer: GST_OBJECT_FLAG_SET (gst/gstobject.h).
func (e *ElementBase) SetElementFlags(f ElementFlags) {
	e.mu.Lock()
	e.flags |= f
	e.mu.Unlock()
}

// UnsetElementFlags clears element flags.
//
// GStreamer: GST_OBJECT_FLAG_UNSET (gst/gstobject.h).
func (e *ElementBase) UnsetElementFlags(f ElementFlags) {
	e.mu.Lock()
	e.flags &^= f
	e.mu.Unlock()
}

// ---------------------------------------------------------------------------
// Pads

// AddPad adds pad to the element, activating it if the element is PAUSED
// or higher, and calls the pad-added callbacks. It fails if the name is
// taken or the pad already has a parent.
//
// GStreamer: gst_element_add_pad (gst/gstelement.c).
func (e *ElementBase) AddPad(pad *Pad) error {
	e.mu.Lock()
	for _, p := range e.pads {
		if p.Name() == pad.Name() {
			e.mu.Unlock()
			return fmt.Errorf("%s: padname %q is not unique", e.Name(), pad.Name())
		}
	}
	if !SetParent(pad, e.impl) {
		e.mu.Unlock()
		return fmt.Errorf("%s: pad %q already has parent", e.Name(), pad.Name())
	}
	active := e.current > StateReady || e.next == StatePaused
	e.pads = append(e.pads, pad)
	e.padsCookie++
	cbs := append([]func(Element, *Pad){}, e.padAdded...)
	e.mu.Unlock()
	if active && !pad.IsActive() {
		pad.SetActive(true)
	}
	for _, cb := range cbs {
		cb(e.impl, pad)
	}
	return nil
}

// RemovePad removes pad: it unlinks it (and clears a ghost pad's target),
// takes it out of the element's pad lists, calls the pad-removed callbacks
// (the pad still has its parent then) and unparents it. It does not
// deactivate the pad: an element removing an active pad deactivates it
// first, as in GStreamer.
//
// GStreamer: gst_element_remove_pad (gst/gstelement.c).
func (e *ElementBase) RemovePad(pad *Pad) error {
	if pad.Parent() != Object(e.impl) {
		return fmt.Errorf("%s: pad %q is not a pad of this element", e.Name(), pad.Name())
	}
	if peer := pad.Peer(); peer != nil {
		if pad.Direction() == PadSrc {
			pad.Unlink(peer)
		} else {
			peer.Unlink(pad)
		}
	}
	if g := AsGhostPad(pad); g != nil {
		g.SetTarget(nil)
	}
	e.mu.Lock()
	for i, p := range e.pads {
		if p == pad {
			e.pads = append(e.pads[:i:i], e.pads[i+1:]...)
			break
		}
	}
	e.padsCookie++
	cbs := append([]func(Element, *Pad){}, e.padRemoved...)
	e.mu.Unlock()
	for _, cb := range cbs {
		cb(e.impl, pad)
	}
	Unparent(pad)
	return nil
}

// NoMorePads tells listeners that the element will add no more sometimes
// pads.
//
// GStreamer: gst_element_no_more_pads (gst/gstelement.c).
func (e *ElementBase) NoMorePads() {
	e.mu.Lock()
	cbs := append([]func(Element){}, e.noMorePads...)
	e.mu.Unlock()
	for _, cb := range cbs {
		cb(e.impl)
	}
}

// ConnectPadAdded registers fn for the "pad-added" signal. fn runs in the
// thread that adds the pad (often a streaming thread).
//
// GStreamer: the GstElement::pad-added signal (gst/gstelement.c).
func (e *ElementBase) ConnectPadAdded(fn func(el Element, pad *Pad)) {
	e.mu.Lock()
	e.padAdded = append(e.padAdded, fn)
	e.mu.Unlock()
}

// ConnectPadRemoved registers fn for the "pad-removed" signal.
//
// GStreamer: the GstElement::pad-removed signal (gst/gstelement.c).
func (e *ElementBase) ConnectPadRemoved(fn func(el Element, pad *Pad)) {
	e.mu.Lock()
	e.padRemoved = append(e.padRemoved, fn)
	e.mu.Unlock()
}

// ConnectNoMorePads registers fn for the "no-more-pads" signal.
//
// GStreamer: the GstElement::no-more-pads signal (gst/gstelement.c).
func (e *ElementBase) ConnectNoMorePads(fn func(el Element)) {
	e.mu.Lock()
	e.noMorePads = append(e.noMorePads, fn)
	e.mu.Unlock()
}

// ConnectNotify registers fn to be told of property changes of the element
// (obj is the element or one of its pads, prop the property name); the
// CLI's -v uses it.
//
// GStreamer: the GObject::notify / GstObject::deep-notify signals.
func (e *ElementBase) ConnectNotify(fn func(el Element, obj Object, prop string)) {
	e.mu.Lock()
	e.notify = append(e.notify, fn)
	e.mu.Unlock()
}

// Notify tells notify listeners (and those of the parent bins) that a
// property of obj changed.
//
// GStreamer: g_object_notify (gobject/gobject.c) with deep-notify.
func (e *ElementBase) Notify(obj Object, prop string) {
	var cur Element = e.impl
	for cur != nil {
		b := cur.element()
		b.mu.Lock()
		cbs := append([]func(Element, Object, string){}, b.notify...)
		b.mu.Unlock()
		for _, cb := range cbs {
			cb(e.impl, obj, prop)
		}
		p, _ := cur.Parent().(Element)
		cur = p
	}
}

// Pads returns a copy of the element's pads, in the order they were added.
//
// GStreamer: gst_element_iterate_pads (gst/gstelement.c).
func (e *ElementBase) Pads() []*Pad {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]*Pad(nil), e.pads...)
}

// SrcPads returns the element's source pads.
//
// GStreamer: gst_element_iterate_src_pads (gst/gstelement.c).
func (e *ElementBase) SrcPads() []*Pad { return e.padsOf(PadSrc) }

// SinkPads returns the element's sink pads.
//
// GStreamer: gst_element_iterate_sink_pads (gst/gstelement.c).
func (e *ElementBase) SinkPads() []*Pad { return e.padsOf(PadSink) }

func (e *ElementBase) padsOf(dir PadDirection) []*Pad {
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []*Pad
	for _, p := range e.pads {
		if p.direction == dir {
			out = append(out, p)
		}
	}
	return out
}

// StaticPad returns the element's pad with the given name, or nil.
//
// GStreamer: gst_element_get_static_pad (gst/gstelement.c).
func (e *ElementBase) StaticPad(name string) *Pad {
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, p := range e.pads {
		if p.Name() == name {
			return p
		}
	}
	return nil
}

// PadTemplate returns the element class's template with this name
// template, or nil.
//
// GStreamer: gst_element_get_pad_template (gst/gstelement.c).
func (e *ElementBase) PadTemplate(name string) *PadTemplate {
	if e.class == nil {
		return nil
	}
	return e.class.PadTemplate(name)
}

// RequestPadSimple requests a pad by name or template name ("src_%u" or
// "src_2"); it returns nil when no request template matches or the element
// refuses.
//
// GStreamer: gst_element_request_pad_simple (gst/gstelement.c).
func (e *ElementBase) RequestPadSimple(name string) *Pad {
	if e.class == nil {
		return nil
	}
	// a request template of that name first, then the first request
	// template the name is valid for
	tmpl := e.class.PadTemplate(name)
	reqName := name
	if tmpl != nil && tmpl.Presence == PadRequest {
		if strings.Contains(name, "%") {
			reqName = ""
		}
	} else {
		tmpl = nil
		for _, t := range e.class.PadTemplates {
			if t.Presence == PadRequest && t.MatchesName(name) {
				tmpl = t
				break
			}
		}
	}
	if tmpl == nil {
		return nil
	}
	return e.RequestPad(tmpl, reqName, nil)
}

// RequestPad asks the element for a new pad from tmpl (a request
// template). name may be "" or a concrete name matching the template.
//
// GStreamer: gst_element_request_pad (gst/gstelement.c).
func (e *ElementBase) RequestPad(tmpl *PadTemplate, name string, caps *Caps) *Pad {
	if tmpl == nil || tmpl.Presence != PadRequest {
		return nil
	}
	if name != "" {
		if p := e.StaticPad(name); p != nil {
			return nil
		}
	}
	r, ok := e.impl.(PadRequester)
	if !ok {
		return nil
	}
	return r.RequestNewPad(tmpl, name, caps)
}

// ReleaseRequestPad gives back a request pad; the element removes it.
//
// GStreamer: gst_element_release_request_pad (gst/gstelement.c).
func (e *ElementBase) ReleaseRequestPad(pad *Pad) {
	if r, ok := e.impl.(PadReleaser); ok {
		r.ReleasePad(pad)
		return
	}
	e.RemovePad(pad)
}

// CompatiblePad returns a pad of the element that can link to pad (an
// unlinked pad of the opposite direction whose caps intersect pad's caps,
// restricted to caps when not nil, requesting one from a template if
// needed), or nil. As in GStreamer the pads may be in different bins: the
// hierarchy is not checked here (linking ghosts across bins).
//
// GStreamer: gst_element_get_compatible_pad (gst/gstutils.c).
func (e *ElementBase) CompatiblePad(pad *Pad, caps *Caps) *Pad {
	want := PadSink
	if pad.Direction() == PadSink {
		want = PadSrc
	}
	for _, p := range e.padsOf(want) {
		if p.Peer() != nil {
			continue
		}
		src, sink := pad, p
		if want == PadSrc {
			src, sink = p, pad
		}
		if !padCheckLink(src, sink) {
			continue
		}
		padCaps := pad.QueryCaps(nil)
		if caps != nil {
			padCaps = padCaps.Intersect(caps)
		}
		if p.QueryCaps(nil).CanIntersect(padCaps) {
			return p
		}
	}
	if e.class == nil {
		return nil
	}
	padCaps := pad.QueryCaps(nil)
	if caps != nil {
		padCaps = padCaps.Intersect(caps)
	}
	for _, t := range e.class.PadTemplates {
		if t.Direction != want || t.Presence != PadRequest {
			continue
		}
		if padCaps != nil && t.Caps != nil && !t.Caps.CanIntersect(padCaps) {
			continue
		}
		if np := e.RequestPad(t, "", caps); np != nil {
			return np
		}
	}
	return nil
}

// padCheckLink reports whether src and sink could be linked, without the
// hierarchy and caps checks: both unlinked, right directions, both with a
// parent.
//
// GStreamer: gst_pad_check_link (gst/gstutils.c).
func padCheckLink(src, sink *Pad) bool {
	return src.Peer() == nil && sink.Peer() == nil &&
		src.Direction() == PadSrc && sink.Direction() == PadSink &&
		src.Parent() != nil && sink.Parent() != nil
}

// ghostPadIndex numbers the ghost pads made by LinkMaybeGhosting
// ("ghost0", "ghost1"...), process-wide as in GStreamer.
var ghostPadIndex atomic.Int64

// objectHasAncestor reports whether anc is a (strict) ancestor of obj, and
// returns the direct child of anc on the way up from obj.
//
// GStreamer: object_has_ancestor (gst/gstutils.c).
func objectHasAncestor(obj, anc Object) (bool, Object) {
	child := obj
	for parent := obj.Parent(); parent != nil; parent = parent.Parent() {
		if parent == anc {
			return true, child
		}
		child = parent
	}
	return false, nil
}

// findCommonRoot returns the closest common ancestor of o1 and o2, or nil.
//
// GStreamer: find_common_root (gst/gstutils.c).
func findCommonRoot(o1, o2 Object) Object {
	top := o1
	for top.Parent() != nil {
		top = top.Parent()
	}
	ok, kid2 := objectHasAncestor(o2, top)
	if !ok {
		return nil
	}
	root := top
	for {
		ok, kid1 := objectHasAncestor(o1, kid2)
		if !ok {
			return root
		}
		root = kid2
		if ok, kid2 = objectHasAncestor(o2, kid1); !ok {
			return root
		}
		root = kid1
	}
}

// ghostUp adds to e's parent bin a ghost pad "ghostN" for pad (a pad of e)
// and returns it, or nil.
//
// GStreamer: ghost_up (gst/gstutils.c).
func ghostUp(e Element, pad *Pad) *Pad {
	parent, ok := e.Parent().(Element)
	if !ok {
		return nil
	}
	name := fmt.Sprintf("ghost%d", ghostPadIndex.Add(1)-1)
	g := NewGhostPad(name, pad)
	if g == nil {
		return nil
	}
	if err := parent.element().AddPad(&g.Pad); err != nil {
		return nil
	}
	return &g.Pad
}

// prepareLinkMaybeGhosting walks src and sink up to their common bin,
// making ghost pads on every bin in between; it returns the pads to link
// and the ghost pads created.
//
// GStreamer: prepare_link_maybe_ghosting (gst/gstutils.c).
func prepareLinkMaybeGhosting(src, sink *Pad) (*Pad, *Pad, []*Pad, bool) {
	e1, ok1 := src.Parent().(Element)
	e2, ok2 := sink.Parent().(Element)
	if !ok1 || !ok2 {
		return src, sink, nil, false
	}
	if e1.Parent() == e2.Parent() {
		return src, sink, nil, true
	}
	root := findCommonRoot(e1, e2)
	if root == nil {
		return src, sink, nil, false
	}
	var created []*Pad
	fail := func() (*Pad, *Pad, []*Pad, bool) {
		for _, p := range created {
			if el, ok := p.Parent().(Element); ok {
				el.element().RemovePad(p)
			}
		}
		return src, sink, nil, false
	}
	for e1.Parent() != root {
		if src = ghostUp(e1, src); src == nil {
			return fail()
		}
		e1 = src.Parent().(Element)
		created = append(created, src)
	}
	for e2.Parent() != root {
		if sink = ghostUp(e2, sink); sink == nil {
			return fail()
		}
		e2 = sink.Parent().(Element)
		created = append(created, sink)
	}
	return src, sink, created, true
}

// LinkMaybeGhosting links the source pad p to sink like LinkFull, first
// creating the ghost pads needed when the two pads' elements are in
// different bins (up to their closest common bin). It reports whether the
// link succeeded; on failure the ghost pads it made are removed. The pads
// must have parent elements that share an ancestor.
//
// GStreamer: gst_pad_link_maybe_ghosting_full (gst/gstutils.c).
func (p *Pad) LinkMaybeGhosting(sink *Pad, flags PadLinkCheck) bool {
	src, dst, created, ok := prepareLinkMaybeGhosting(p, sink)
	if ok {
		ok = src.LinkFull(dst, flags) == PadLinkOK
	}
	if !ok {
		for _, gp := range created {
			if el, isEl := gp.Parent().(Element); isEl {
				el.element().RemovePad(gp)
			}
		}
	}
	return ok
}

// ---------------------------------------------------------------------------
// Linking elements

// LinkElements links src to each following element in turn (src ! a ! b).
//
// GStreamer: gst_element_link_many (gst/gstutils.c).
func LinkElements(elements ...Element) error {
	for i := 0; i+1 < len(elements); i++ {
		if err := Link(elements[i], elements[i+1]); err != nil {
			return err
		}
	}
	return nil
}

// Link links any free source pad of src to a compatible sink pad of sink,
// requesting pads when needed.
//
// GStreamer: gst_element_link (gst/gstutils.c).
func Link(src, sink Element) error { return LinkPadsFiltered(src, "", sink, "", nil) }

// LinkPads links src's pad named srcPad to sink's pad named sinkPad; an
// empty name picks any compatible pad. Request pads are requested by name
// or template ("src_%u").
//
// GStreamer: gst_element_link_pads (gst/gstutils.c).
func LinkPads(src Element, srcPad string, sink Element, sinkPad string) error {
	return LinkPadsFiltered(src, srcPad, sink, sinkPad, nil)
}

// LinkFiltered links src to sink through a capsfilter-like restriction:
// the chosen pads must intersect filter. (The launch syntax inserts a real
// capsfilter element instead.)
//
// GStreamer: gst_element_link_filtered (gst/gstutils.c).
func LinkFiltered(src, sink Element, filter *Caps) error {
	return LinkPadsFiltered(src, "", sink, "", filter)
}

// LinkPadsFiltered is LinkPads with a caps filter on the pad choice.
//
// GStreamer: gst_element_link_pads_filtered (gst/gstutils.c).
func LinkPadsFiltered(src Element, srcPadName string, sink Element, sinkPadName string, filter *Caps) error {
	fail := func(reason string) error {
		return &LinkError{Src: src.Name(), SrcPad: srcPadName, Sink: sink.Name(), SinkPad: sinkPadName, Reason: reason}
	}
	resolve := func(el Element, name string) *Pad {
		if name == "" {
			return nil
		}
		if p := el.StaticPad(name); p != nil {
			return p
		}
		return el.element().RequestPadSimple(name)
	}
	var sp, kp *Pad
	if srcPadName != "" {
		if sp = resolve(src, srcPadName); sp == nil {
			return fail("no pad " + srcPadName)
		}
	}
	if sinkPadName != "" {
		if kp = resolve(sink, sinkPadName); kp == nil {
			return fail("no pad " + sinkPadName)
		}
	}
	tryLink := func(a, b *Pad) bool {
		if filter != nil {
			ca, cb := a.QueryCaps(nil), b.QueryCaps(nil)
			if !ca.Intersect(filter).CanIntersect(cb) {
				return false
			}
		}
		return a.LinkMaybeGhosting(b, PadLinkCheckDefault)
	}
	switch {
	case sp != nil && kp != nil:
		if sp.Direction() != PadSrc || kp.Direction() != PadSink {
			return fail(PadLinkWrongDirection.String())
		}
		if sp.Peer() != nil || kp.Peer() != nil {
			return fail(PadLinkWasLinked.String())
		}
		if !sp.LinkMaybeGhosting(kp, PadLinkCheckDefault) {
			return fail("pads cannot be linked")
		}
		return nil
	case sp != nil:
		if kp = sink.element().CompatiblePad(sp, filter); kp != nil && tryLink(sp, kp) {
			return nil
		}
		return fail("no compatible sink pad")
	case kp != nil:
		if sp = src.element().CompatiblePad(kp, filter); sp != nil && tryLink(sp, kp) {
			return nil
		}
		return fail("no compatible source pad")
	}
	for _, s := range src.SrcPads() {
		if s.Peer() != nil {
			continue
		}
		if k := sink.element().CompatiblePad(s, filter); k != nil && tryLink(s, k) {
			return nil
		}
	}
	// request a source pad if the source has request templates
	if cls := src.Class(); cls != nil {
		for _, t := range cls.PadTemplates {
			if t.Direction != PadSrc || t.Presence != PadRequest {
				continue
			}
			if s := src.element().RequestPad(t, "", nil); s != nil {
				if k := sink.element().CompatiblePad(s, filter); k != nil && tryLink(s, k) {
					return nil
				}
				src.element().ReleaseRequestPad(s)
			}
		}
	}
	return fail("no compatible pads")
}

// LinkError tells why two elements could not be linked.
//
// GStreamer: none (C returns FALSE and logs; gst_parse reports
// GST_PARSE_ERROR_LINK).
type LinkError struct {
	Src, SrcPad, Sink, SinkPad string
	Reason                     string
}

func (e *LinkError) Error() string {
	s := e.Src
	if e.SrcPad != "" {
		s += "." + e.SrcPad
	}
	k := e.Sink
	if e.SinkPad != "" {
		k += "." + e.SinkPad
	}
	return fmt.Sprintf("could not link %s to %s: %s", s, k, e.Reason)
}

// ---------------------------------------------------------------------------
// Messages, bus, clock

// Bus returns the bus the element posts on (the pipeline's bus once added
// to a pipeline), or nil.
//
// GStreamer: gst_element_get_bus (gst/gstelement.c).
func (e *ElementBase) Bus() *Bus {
	e.mu.Lock()
	b := e.bus
	p := e.parentBin
	e.mu.Unlock()
	if b == nil && p != nil {
		return p.element().Bus()
	}
	return b
}

// SetBus sets the bus messages are posted on (pipelines set their own).
//
// GStreamer: gst_element_set_bus (gst/gstelement.c).
func (e *ElementBase) SetBus(b *Bus) {
	e.mu.Lock()
	e.bus = b
	e.mu.Unlock()
}

// PostMessage posts msg: to the parent bin, which handles it, or to the
// element's bus. It reports false when nobody could take it.
//
// GStreamer: gst_element_post_message (gst/gstelement.c).
func (e *ElementBase) PostMessage(msg Message) bool {
	e.mu.Lock()
	p := e.parentBin
	b := e.bus
	e.mu.Unlock()
	if p != nil {
		p.handleChildMessage(msg)
		return true
	}
	if b != nil {
		return b.Post(msg)
	}
	return false
}

// PostError posts an ERROR message for err (use a *ResourceError,
// *StreamError, ... so applications can tell the domain) with debug
// details. It is the Go form of GST_ELEMENT_ERROR: as there, the message's
// Debug starts with where it was raised, "file(line): function (): path"
// (file relative to the module root), followed by ":\n" and debug when
// debug is not empty.
//
// GStreamer: gst_element_message_full (gst/gstelement.c), GST_ELEMENT_ERROR.
func (e *ElementBase) PostError(err error, debug string) {
	e.impl.PostMessage(NewErrorMessage(e.impl, err, e.debugOrigin(2, debug)))
}

// PostWarning posts a WARNING message (GST_ELEMENT_WARNING); Debug is
// built as for PostError.
//
// GStreamer: gst_element_message_full (gst/gstelement.c), GST_ELEMENT_WARNING.
func (e *ElementBase) PostWarning(err error, debug string) {
	e.impl.PostMessage(NewWarningMessage(e.impl, err, e.debugOrigin(2, debug)))
}

// debugOrigin is gst_element_message_full's debug text: the source
// position of the caller skip frames up, the function, the element's path
// and then debug.
func (e *ElementBase) debugOrigin(skip int, debug string) string {
	pc, file, line, ok := runtime.Caller(skip)
	if !ok {
		return debug
	}
	fn := "?"
	if f := runtime.FuncForPC(pc); f != nil {
		fn = f.Name()
		if i := strings.LastIndexByte(fn, '/'); i >= 0 {
			fn = fn[i+1:]
		}
	}
	origin := fmt.Sprintf("%s(%d): %s (): %s", moduleRelative(file), line, fn, PathString(e.impl))
	if debug == "" {
		return origin
	}
	return origin + ":\n" + debug
}

// moduleRoot is the directory holding the module's go.mod, as compiled in
// (empty when built with -trimpath, where paths are already relative).
var moduleRoot = func() string {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		return ""
	}
	// file is <root>/gst/element.go
	return path.Dir(path.Dir(file)) + "/"
}()

// moduleRelative shortens an absolute source path inside the module to a
// path relative to its root ("plugins/coreelements/identity.go").
func moduleRelative(file string) string {
	if moduleRoot != "" && strings.HasPrefix(file, moduleRoot) {
		return file[len(moduleRoot):]
	}
	if i := strings.Index(file, "github.com/gstmini/gstmini/"); i >= 0 {
		return file[i+len("github.com/gstmini/gstmini/"):]
	}
	return file
}

// PostFlowError posts the ERROR message for a fatal flow return from a
// streaming task ("Internal data stream error." with the reason), as
// GST_ELEMENT_FLOW_ERROR does.
//
// GStreamer: GST_ELEMENT_FLOW_ERROR (gst/gstelement.h).
func (e *ElementBase) PostFlowError(err error) {
	flow := FlowFromError(err)
	serr := &StreamError{Code: StreamErrorFailed, Msg: "Internal data stream error.", Err: err}
	if flow == FlowNotNegotiated {
		serr = &StreamError{Code: StreamErrorFormat, Msg: "Internal data stream error.", Err: err}
	}
	e.impl.PostMessage(NewErrorMessage(e.impl, serr, e.debugOrigin(2, fmt.Sprintf("streaming stopped, reason %s (%d)", flow, int(flow)))))
}

// Clock returns the element's clock, or nil.
//
// GStreamer: gst_element_get_clock (gst/gstelement.c).
func (e *ElementBase) Clock() Clock {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.clock
}

// SetClock sets the clock for synchronisation. Overridable (bins
// distribute the clock to their children).
//
// GStreamer: gst_element_set_clock (gst/gstelement.c).
func (e *ElementBase) SetClock(c Clock) bool {
	e.mu.Lock()
	e.clock = c
	e.mu.Unlock()
	return true
}

// ProvideClock returns the clock the element provides, or nil (the
// default). Overridable.
//
// GStreamer: gst_element_provide_clock (gst/gstelement.c).
func (e *ElementBase) ProvideClock() Clock { return nil }

// BaseTime returns the clock time that corresponds to running time 0.
//
// GStreamer: gst_element_get_base_time (gst/gstelement.c).
func (e *ElementBase) BaseTime() ClockTime {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.baseTime
}

// SetBaseTime sets the base time.
//
// GStreamer: gst_element_set_base_time (gst/gstelement.c).
func (e *ElementBase) SetBaseTime(t ClockTime) {
	e.mu.Lock()
	e.baseTime = t
	e.mu.Unlock()
}

// StartTime returns the running time the element reached when it last
// paused (pipelines use it to resume), or ClockTimeNone when disabled.
//
// GStreamer: gst_element_get_start_time (gst/gstelement.c).
func (e *ElementBase) StartTime() ClockTime {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.startTime
}

// SetStartTime sets the start time; ClockTimeNone disables the pipeline's
// automatic base-time handling.
//
// GStreamer: gst_element_set_start_time (gst/gstelement.c).
func (e *ElementBase) SetStartTime(t ClockTime) {
	e.mu.Lock()
	e.startTime = t
	e.mu.Unlock()
}

// CurrentRunningTime returns clock time − base time, or ClockTimeNone
// without a clock.
//
// GStreamer: gst_element_get_current_running_time (gst/gstelement.c).
func (e *ElementBase) CurrentRunningTime() ClockTime {
	c := e.Clock()
	if c == nil {
		return ClockTimeNone
	}
	now := c.Time()
	base := e.BaseTime()
	if now < base {
		return ClockTimeNone
	}
	return now - base
}

// ---------------------------------------------------------------------------
// Events and queries

// SendEvent sends ev to the element. The default sends it into the element
// through its first linked pad that receives that kind of event: a
// downstream event (EOS, FLUSH...) into a sink pad, an upstream event
// (SEEK, QOS...) into a source pad, as if it came from the peer (that
// pad's event function handles it). It reports false when there is no such
// pad. Overridable (sources handle seeks, sinks store latency, bins
// dispatch to their sinks or sources). Takes ownership of ev.
//
// GStreamer: gst_element_send_event (gst/gstelement.c), gst_element_default_send_event.
func (e *ElementBase) SendEvent(ev Event) bool {
	var pads []*Pad
	if ev.Type().IsDownstream() {
		pads = e.SinkPads()
	} else {
		pads = e.SrcPads()
	}
	for _, p := range pads {
		if p.IsLinked() {
			return p.SendEvent(ev)
		}
	}
	return false
}

// Query runs q on the element. The default runs it on the element's first
// source pad (its query function answers, usually by asking upstream), or,
// for an element without source pads, on the peer of its first linked
// sink pad. Overridable (bins ask their sinks).
//
// GStreamer: gst_element_query (gst/gstelement.c), gst_element_default_query.
func (e *ElementBase) Query(q Query) bool {
	if srcs := e.SrcPads(); len(srcs) > 0 {
		return srcs[0].Query(q)
	}
	for _, p := range e.SinkPads() {
		if peer := p.Peer(); peer != nil {
			return peer.Query(q)
		}
	}
	return false
}

// QueryPosition asks the element for the current position in format.
//
// GStreamer: gst_element_query_position (gst/gstutils.c).
func (e *ElementBase) QueryPosition(format Format) (int64, bool) {
	q := NewPositionQuery(format)
	if !e.impl.Query(q) {
		return -1, false
	}
	return q.Cur, true
}

// QueryDuration asks the element for the stream duration in format.
//
// GStreamer: gst_element_query_duration (gst/gstutils.c).
func (e *ElementBase) QueryDuration(format Format) (int64, bool) {
	q := NewDurationQuery(format)
	if !e.impl.Query(q) {
		return -1, false
	}
	return q.Duration, true
}

// Seek sends a seek event with the given parameters (positions in format
// units, -1 for none).
//
// GStreamer: gst_element_seek (gst/gstelement.c).
func (e *ElementBase) Seek(rate float64, format Format, flags SeekFlags, startType SeekType, start int64, stopType SeekType, stop int64) bool {
	return e.impl.SendEvent(NewSeekEvent(rate, format, flags, startType, start, stopType, stop))
}

// SeekSimple seeks to pos (in format) with flags and rate 1.
//
// GStreamer: gst_element_seek_simple (gst/gstutils.c).
func (e *ElementBase) SeekSimple(format Format, flags SeekFlags, pos int64) bool {
	return e.Seek(1.0, format, flags, SeekTypeSet, pos, SeekTypeNone, -1)
}

// ---------------------------------------------------------------------------
// Properties

// FindProperty returns the ParamSpec of a property of the element, or nil.
//
// GStreamer: g_object_class_find_property (gobject/gobject.c).
func (e *ElementBase) FindProperty(name string) *ParamSpec {
	if e.class == nil {
		if name == "name" {
			return nameParamSpec
		}
		return nil
	}
	return e.class.FindProperty(name)
}

// Set sets a property from a Go value (g_object_set). The value is
// validated against the property's ParamSpec; errors name the element,
// property and value (unknown property, read-only or construct-only, bad
// type or range, or the element's own refusal). The mutability flags
// (ParamMutableReady/Paused/Playing) are not enforced, as in GStreamer.
// Safe for concurrent use.
//
// GStreamer: g_object_set (gobject/gobject.c).
func (e *ElementBase) Set(name string, value any) error {
	ps := e.FindProperty(name)
	if ps == nil {
		return &ParamError{Element: e.Name(), Property: name, Value: ps.Redact(fmt.Sprint(value)), Reason: ErrUnknownProperty}
	}
	if ps.Flags&ParamWritable == 0 {
		return &ParamError{Element: e.Name(), Property: name, Value: ps.Redact(fmt.Sprint(value)), Reason: ErrNotWritable}
	}
	if ps.Flags&ParamConstructOnly != 0 {
		// only g_object_new may set these; elements here are constructed
		// before any Set
		return &ParamError{Element: e.Name(), Property: name, Value: ps.Redact(fmt.Sprint(value)), Reason: ErrNotWritable}
	}
	// The ParamMutable* flags are informational (shown by inspect), as in
	// GStreamer, where g_object_set does not check them: an element that
	// cannot apply a change in its current state refuses it in its
	// SetProperty (see ParamSpec.WrongStateError).
	v, err := ps.Validate(value)
	if err != nil && ps.Flags&ParamSecret != 0 {
		err = fmt.Errorf("%w: not a valid %s value", ErrBadValue, ps.Type)
	}
	if err != nil {
		return &ParamError{Element: e.Name(), Property: name, Value: ps.Redact(fmt.Sprint(value)), Reason: err}
	}
	if name == "name" {
		s, _ := v.(string)
		if !e.SetName(s) {
			return &ParamError{Element: e.Name(), Property: name, Value: s, Reason: errors.New("cannot rename an element that has a parent")}
		}
		return nil
	}
	setter, ok := e.impl.(PropertySetter)
	if !ok {
		return &ParamError{Element: e.Name(), Property: name, Value: ps.Redact(fmt.Sprint(value)), Reason: ErrUnknownProperty}
	}
	if err := setter.SetProperty(name, v); err != nil {
		var pe *ParamError
		if errors.As(err, &pe) {
			return err
		}
		return &ParamError{Element: e.Name(), Property: name, Value: ps.Redact(fmt.Sprint(value)), Reason: err}
	}
	e.Notify(e.impl, name)
	return nil
}

// Get returns a property's value (g_object_get).
//
// GStreamer: g_object_get (gobject/gobject.c).
func (e *ElementBase) Get(name string) (any, error) {
	ps := e.FindProperty(name)
	if ps == nil {
		return nil, &ParamError{Element: e.Name(), Property: name, Reason: ErrUnknownProperty}
	}
	if ps.Flags&ParamReadable == 0 {
		return nil, &ParamError{Element: e.Name(), Property: name, Reason: errors.New("property is not readable")}
	}
	if name == "name" {
		return e.Name(), nil
	}
	getter, ok := e.impl.(PropertyGetter)
	if !ok {
		return ps.Default, nil
	}
	v := getter.Property(name)
	if v == nil {
		return ps.Default, nil
	}
	return v, nil
}

// SetString sets a property from its string form, as in launch lines
// (gst_util_set_object_arg): enums by nick, name or number, flags "a+b",
// booleans, numbers, caps strings...
//
// GStreamer: gst_util_set_object_arg (gst/gstutils.c).
func (e *ElementBase) SetString(name, value string) error {
	ps := e.FindProperty(name)
	if ps == nil {
		return &ParamError{Element: e.Name(), Property: name, Value: value, Reason: ErrUnknownProperty}
	}
	v, err := ps.Parse(value)
	if err != nil {
		if ps.Flags&ParamSecret != 0 {
			err = fmt.Errorf("%w: not a valid %s value", ErrBadValue, ps.Type)
		}
		return &ParamError{Element: e.Name(), Property: name, Value: ps.Redact(value), Reason: err}
	}
	return e.Set(name, v)
}

// GetString returns a property's value in its string form.
//
// GStreamer: gst_value_serialize (gst/gstvalue.c) of g_object_get.
func (e *ElementBase) GetString(name string) (string, error) {
	v, err := e.Get(name)
	if err != nil {
		return "", err
	}
	ps := e.FindProperty(name)
	return ps.Format(v)
}

// ---------------------------------------------------------------------------
// States

// CurrentState returns the current state without waiting.
//
// GStreamer: GST_STATE (gst/gstelement.h).
func (e *ElementBase) CurrentState() State {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.current
}

// TargetState returns the last state set on the element.
//
// GStreamer: GST_STATE_TARGET (gst/gstelement.h).
func (e *ElementBase) TargetState() State {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.target
}

// PendingState returns the pending state (VoidPending when none).
//
// GStreamer: GST_STATE_PENDING (gst/gstelement.h).
func (e *ElementBase) PendingState() State {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.pending
}

// StateReturn returns the last state-change result.
//
// GStreamer: GST_STATE_RETURN (gst/gstelement.h).
func (e *ElementBase) StateReturn() StateChangeReturn {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.lastReturn
}

// IsLockedState reports whether the element ignores its parent's state
// changes.
//
// GStreamer: gst_element_is_locked_state (gst/gstelement.c).
func (e *ElementBase) IsLockedState() bool { return e.Flags()&ElementFlagLockedState != 0 }

// SetLockedState makes the element keep its state when its parent changes
// state; it reports whether the flag changed.
//
// GStreamer: gst_element_set_locked_state (gst/gstelement.c).
func (e *ElementBase) SetLockedState(locked bool) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	old := e.flags&ElementFlagLockedState != 0
	if old == locked {
		return false
	}
	if locked {
		e.flags |= ElementFlagLockedState
	} else {
		e.flags &^= ElementFlagLockedState
	}
	return true
}

// SyncStateWithParent brings the element to its parent's (target) state;
// used for elements added to a running pipeline.
//
// GStreamer: gst_element_sync_state_with_parent (gst/gstelement.c).
func (e *ElementBase) SyncStateWithParent() bool {
	p, ok := e.Parent().(Element)
	if !ok {
		return false
	}
	pb := p.element()
	pb.mu.Lock()
	target := pb.target
	cur := pb.current
	pb.mu.Unlock()
	if target == StateVoidPending {
		target = cur
	}
	return e.impl.SetState(target) != StateChangeFailure
}

// SetState sets the element's state, walking NULL→READY→PAUSED→PLAYING one
// step at a time. It returns SUCCESS, ASYNC (the change completes later;
// wait with State), NO_PREROLL (live: success but no data in PAUSED) or
// FAILURE (the element stays in its last good state). Safe for concurrent
// use; must not be called from a streaming thread of the element.
//
// GStreamer: gst_element_set_state_func (gst/gstelement.c).
func (e *ElementBase) SetState(state State) StateChangeReturn {
	e.stateLock.Lock()
	defer e.stateLock.Unlock()
	e.mu.Lock()
	if e.lastReturn == StateChangeFailure {
		e.next = StateVoidPending
		e.pending = StateVoidPending
		e.lastReturn = StateChangeSuccess
	}
	current := e.current
	next := e.next
	oldPending := e.pending
	if state != e.target {
		e.target = state
		e.stateCookie++
	}
	e.pending = state
	if oldPending != StateVoidPending {
		if oldPending <= state || next == state {
			e.lastReturn = StateChangeAsync
			e.mu.Unlock()
			return StateChangeAsync
		}
		if next > state && e.lastReturn == StateChangeAsync {
			current = next
		}
	}
	next = stateGetNext(current, state)
	e.next = next
	if current != next {
		e.lastReturn = StateChangeAsync
	}
	e.stateCond.Broadcast()
	e.mu.Unlock()
	return e.changeState(MakeStateChange(current, next))
}

func stateGetNext(cur, pending State) State {
	if cur < pending {
		return cur + 1
	}
	if cur > pending {
		return cur - 1
	}
	return cur
}

// changeState calls the ChangeState vfunc and continues or aborts.
func (e *ElementBase) changeState(t StateChange) StateChangeReturn {
	ret := e.impl.ChangeState(t)
	switch ret {
	case StateChangeFailure:
		e.AbortState()
	case StateChangeAsync:
		e.mu.Lock()
		target := e.target
		e.mu.Unlock()
		if target > StateReady {
			return ret
		}
		ret = e.ContinueState(StateChangeSuccess)
	case StateChangeSuccess, StateChangeNoPreroll:
		ret = e.ContinueState(ret)
	default:
		e.mu.Lock()
		e.lastReturn = StateChangeFailure
		e.mu.Unlock()
		return StateChangeFailure
	}
	return ret
}

// ChangeState is the default transition handler: it activates the pads on
// READY→PAUSED and deactivates them on PAUSED→READY and READY→NULL.
// Elements override it and chain up.
//
// GStreamer: gst_element_change_state_func (gst/gstelement.c).
func (e *ElementBase) ChangeState(t StateChange) StateChangeReturn {
	cur, next := t.Current(), t.Next()
	if next == StateVoidPending || cur == next {
		return e.StateReturn()
	}
	switch t {
	case StateChangeReadyToPaused:
		if !e.padsActivate(true) {
			return StateChangeFailure
		}
	case StateChangePausedToReady, StateChangeReadyToNull:
		if !e.padsActivate(false) {
			return StateChangeFailure
		}
	}
	return StateChangeSuccess
}

func (e *ElementBase) padsActivate(active bool) bool {
	for _, p := range e.SrcPads() {
		if !p.SetActive(active) && p.Parent() != nil {
			return false
		}
	}
	for _, p := range e.SinkPads() {
		if !p.SetActive(active) && p.Parent() != nil {
			return false
		}
	}
	return true
}

// ContinueState commits the current step with result ret and starts the
// next step towards the pending state, posting STATE_CHANGED messages.
// Base classes call it when an ASYNC change completes (sinks after
// preroll).
//
// GStreamer: gst_element_continue_state (gst/gstelement.c).
func (e *ElementBase) ContinueState(ret StateChangeReturn) StateChangeReturn {
	r, _ := e.continueState(ret, false)
	return r
}

// CommitAsyncState is ContinueState for a streaming goroutine that
// completes an ASYNC change (a sink after preroll). Under the lock that
// reads the pending state it refuses to commit when that state is READY or
// NULL: another goroutine is already taking the element down, and a commit
// now would post a state change that never happened. It then returns
// false and changes nothing; otherwise it continues as ContinueState and
// returns true. C's base sink reads and writes the state fields in one
// object-lock section instead; Go elements cannot, so the check lives here.
//
// GStreamer: gst_base_sink_commit_state (libs/gst/base/gstbasesink.c), its "stopping" check.
func (e *ElementBase) CommitAsyncState(ret StateChangeReturn) (StateChangeReturn, bool) {
	return e.continueState(ret, true)
}

func (e *ElementBase) continueState(ret StateChangeReturn, refuseDown bool) (StateChangeReturn, bool) {
	e.mu.Lock()
	if refuseDown && (e.pending == StateReady || e.pending == StateNull) {
		e.mu.Unlock()
		return ret, false
	}
	oldRet := e.lastReturn
	e.lastReturn = ret
	pending := e.pending
	if pending == StateVoidPending {
		e.mu.Unlock()
		return ret, true
	}
	oldState := e.current
	oldNext := e.next
	e.current = oldNext
	current := oldNext
	if pending == current {
		e.pending = StateVoidPending
		e.next = StateVoidPending
		e.mu.Unlock()
		if oldState != oldNext || oldRet == StateChangeAsync {
			e.stateChanged(oldState, oldNext, StateVoidPending)
		}
		e.mu.Lock()
		e.stateCond.Broadcast()
		e.mu.Unlock()
		return ret, true
	}
	next := stateGetNext(current, pending)
	e.next = next
	e.lastReturn = StateChangeAsync
	e.mu.Unlock()
	e.stateChanged(oldState, oldNext, pending)
	return e.changeState(MakeStateChange(current, next)), true
}

func (e *ElementBase) stateChanged(old, newState, pending State) {
	e.impl.PostMessage(NewStateChangedMessage(e.impl, old, newState, pending))
}

// AbortState marks the pending state change as failed and wakes waiters.
//
// GStreamer: gst_element_abort_state (gst/gstelement.c).
func (e *ElementBase) AbortState() {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.pending == StateVoidPending || e.lastReturn == StateChangeFailure {
		return
	}
	e.lastReturn = StateChangeFailure
	e.stateCond.Broadcast()
}

// LostState makes the element lose its state (e.g. a sink after a flush):
// PLAYING becomes PAUSED with an ASYNC pending change, and ASYNC_START is
// posted so the parent waits for the new preroll.
//
// GStreamer: gst_element_lost_state (gst/gstelement.c).
func (e *ElementBase) LostState() {
	e.mu.Lock()
	if e.lastReturn == StateChangeFailure {
		e.mu.Unlock()
		return
	}
	if e.pending != StateVoidPending {
		e.mu.Unlock()
		e.impl.PostMessage(NewAsyncStartMessage(e.impl))
		return
	}
	old := e.current
	newState := old
	if old > StatePaused {
		newState = StatePaused
	}
	e.current, e.next, e.pending = newState, newState, newState
	e.lastReturn = StateChangeAsync
	e.mu.Unlock()
	e.stateChanged(newState, newState, newState)
	e.impl.PostMessage(NewAsyncStartMessage(e.impl))
}

// State returns the result of the last state change, the current state and
// the pending state, waiting up to timeout (ClockTimeNone = forever, 0 =
// no wait) while the change is ASYNC. It returns ASYNC on timeout.
//
// GStreamer: gst_element_get_state (gst/gstelement.c), gst_element_get_state_func.
func (e *ElementBase) State(timeout ClockTime) (StateChangeReturn, State, State) {
	e.mu.Lock()
	defer e.mu.Unlock()
	var deadline time.Time
	if timeout != ClockTimeNone {
		deadline = time.Now().Add(timeout.Duration())
	}
	ret := StateChangeFailure
	for {
		ret = e.lastReturn
		if ret != StateChangeAsync {
			break
		}
		oldPending := e.pending
		if oldPending != StateVoidPending {
			cookie := e.stateCookie
			if timeout != ClockTimeNone {
				if !e.waitStateUntil(deadline) {
					ret = StateChangeAsync
					break
				}
			} else {
				e.stateCond.Wait()
			}
			if cookie != e.stateCookie {
				ret = StateChangeFailure
				break
			}
			if oldPending == e.current {
				ret = StateChangeSuccess
			} else {
				ret = StateChangeFailure
			}
			if e.pending == StateVoidPending {
				ret = StateChangeSuccess
			}
		}
		if oldPending == e.current {
			break
		}
	}
	return ret, e.current, e.pending
}

// waitStateUntil waits on stateCond until broadcast or deadline (mu held);
// it reports false on timeout.
func (e *ElementBase) waitStateUntil(deadline time.Time) bool {
	d := time.Until(deadline)
	if d <= 0 {
		return false
	}
	woke := make(chan struct{})
	timedOut := false
	t := time.AfterFunc(d, func() {
		e.mu.Lock()
		select {
		case <-woke:
		default:
			timedOut = true
			e.stateCond.Broadcast()
		}
		e.mu.Unlock()
	})
	e.stateCond.Wait()
	close(woke)
	t.Stop()
	return !timedOut
}

// IsSink reports whether the element is a sink (ElementFlagSink).
//
// GStreamer: GST_OBJECT_FLAG_IS_SET (element, GST_ELEMENT_FLAG_SINK).
func (e *ElementBase) IsSink() bool { return e.Flags()&ElementFlagSink != 0 }

// IsSource reports whether the element is a source (ElementFlagSource).
//
// GStreamer: GST_OBJECT_FLAG_IS_SET (element, GST_ELEMENT_FLAG_SOURCE).
func (e *ElementBase) IsSource() bool { return e.Flags()&ElementFlagSource != 0 }
