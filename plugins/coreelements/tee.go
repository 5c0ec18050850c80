package coreelements

import (
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/gstmini/gstmini/gst"
)

// Tee splits one stream to any number of request source pads (src_%u):
// every buffer is pushed to every source pad, each getting a new
// reference to the same buffer (never a copy; an element downstream that
// wants to write calls MakeWritable, which copies because the buffer is
// shared). Events are forwarded to all source pads, and a new pad gets the
// current sticky events. The flow results are combined as GStreamer does:
// NOT_LINKED only when every pad is not linked (OK with allow-not-linked),
// the first fatal error stops the push, otherwise the last non-NOT_LINKED
// result wins. Allocation queries are answered by aggregating every
// branch's answer so that upstream allocates.
//
// Example launch line:
//
//	gst-launch-1.0 videotestsrc ! tee name=t ! queue ! autovideosink  t. ! queue ! fakesink
//
// All methods are safe for concurrent use.
//
// GStreamer: GstTee (plugins/elements/gsttee.c).
type Tee struct {
	gst.ElementBase

	sinkpad *gst.Pad

	mu             sync.Mutex // object lock: everything below
	srcpads        []*gst.Pad // copied on write
	cookie         uint32
	padIndexes     map[uint]bool
	nextPadIndex   uint
	hasChain       bool
	silent         bool
	allowNotLinked bool
	pullMode       int
	pullPad        *gst.Pad
	sinkMode       gst.PadMode
	allocPad       *gst.Pad
	lastMessage    string
}

// teePad is the per-pad state of a tee source pad (GstTeePad).
type teePad struct {
	index   uint
	pushed  bool
	result  gst.FlowReturn
	removed bool
}

// The pull modes of a Tee (values of "pull-mode").
//
// GStreamer: GstTeePullMode (plugins/elements/gsttee.h).
const (
	TeePullModeNever  = 0 // never activate in pull mode
	TeePullModeSingle = 1 // only one source pad may be active in pull mode
)

// TeePullModeEnum is the GstTeePullMode enumeration of "pull-mode".
//
// GStreamer: gst_tee_pull_mode_get_type (plugins/elements/gsttee.c).
var TeePullModeEnum = &gst.EnumClass{Name: "GstTeePullMode", Values: []gst.EnumValue{
	{Value: TeePullModeNever, Name: "Never activate in pull mode", Nick: "never"},
	{Value: TeePullModeSingle, Name: "Only one src pad can be active in pull mode", Nick: "single"},
}}

var (
	teeSinkTemplate = gst.MustNewPadTemplate("sink", gst.PadSink, gst.PadAlways, gst.NewCapsAny())
	teeSrcTemplate  = gst.MustNewPadTemplate("src_%u", gst.PadSrc, gst.PadRequest, gst.NewCapsAny())
)

const teeRWConstruct = gst.ParamReadWrite | gst.ParamConstruct

// TeeClass is the element class (factory) of "tee".
//
// GStreamer: gst_tee_class_init (plugins/elements/gsttee.c).
var TeeClass = &gst.ElementClass{
	Name:     "tee",
	Plugin:   PluginInfo,
	TypeName: "GstTee",
	Rank:     gst.RankNone,
	Metadata: gst.ElementMetadata{
		LongName:    "Tee pipe fitting",
		Klass:       "Generic",
		Description: "1-to-N pipe fitting",
		Author:      "Erik Walthinsen <omega@cse.ogi.edu>, Wim Taymans <wim@fluendo.com>",
		DocURI:      "https://gstreamer.freedesktop.org/documentation/coreelements/tee.html",
	},
	PadTemplates: []*gst.PadTemplate{teeSinkTemplate, teeSrcTemplate},
	Properties: []*gst.ParamSpec{
		gst.ParamInt("num-src-pads", "Num Src Pads", "The number of source pads", 0, 2147483647, 0, gst.ParamReadable),
		gst.ParamBool("has-chain", "Has Chain", "If the element can operate in push mode", true, teeRWConstruct),
		gst.ParamBool("silent", "Silent", "Don't produce last_message events", true, teeRWConstruct),
		gst.ParamString("last-message", "Last Message", "The message describing current status", "", gst.ParamReadable),
		gst.ParamEnum("pull-mode", "Pull mode", "Behavior of tee in pull mode", TeePullModeEnum,
			TeePullModeNever, teeRWConstruct),
		gst.ParamObject("alloc-pad", "Allocation Src Pad",
			"The pad ALLOCATION queries will be proxied to (DEPRECATED, has no effect)", "GstPad",
			gst.ParamReadWrite|gst.ParamDeprecated),
		gst.ParamBool("allow-not-linked", "Allow not linked",
			"Return GST_FLOW_OK even if there are no source pads or they are all unlinked", false, teeRWConstruct),
	},
	New: func() gst.Element { return &Tee{} },
}

var (
	_ gst.Constructor    = (*Tee)(nil)
	_ gst.PropertySetter = (*Tee)(nil)
	_ gst.PropertyGetter = (*Tee)(nil)
	_ gst.PadRequester   = (*Tee)(nil)
	_ gst.PadReleaser    = (*Tee)(nil)
)

// Constructed creates the sink pad. Called once by the factory.
//
// GStreamer: gst_tee_init (plugins/elements/gsttee.c).
func (t *Tee) Constructed() error {
	t.hasChain, t.silent = true, true
	t.padIndexes = map[uint]bool{}
	t.sinkpad = gst.NewPadFromTemplate(teeSinkTemplate, "sink")
	t.sinkpad.SetEventFunc(func(pad *gst.Pad, ev gst.Event) bool { return pad.EventDefault(ev) })
	t.sinkpad.SetQueryFunc(t.sinkQuery)
	t.sinkpad.SetActivateModeFunc(t.sinkActivateMode)
	t.sinkpad.SetChainFunc(t.chain)
	t.sinkpad.SetChainListFunc(t.chainList)
	t.sinkpad.SetFlags(gst.PadFlagProxyCaps)
	return t.AddPad(t.sinkpad)
}

// SetProperty sets a tee property. Safe for concurrent use.
//
// GStreamer: gst_tee_set_property (plugins/elements/gsttee.c).
func (t *Tee) SetProperty(name string, v any) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	switch name {
	case "has-chain":
		t.hasChain = v.(bool)
	case "silent":
		t.silent = v.(bool)
	case "pull-mode":
		t.pullMode = v.(int)
	case "allow-not-linked":
		t.allowNotLinked = v.(bool)
	case "alloc-pad":
		pad, _ := v.(*gst.Pad)
		if pad == nil || pad.ParentElement() != gst.Element(t) {
			return fmt.Errorf("pad is not a pad of %s", t.Name())
		}
		t.allocPad = pad
	}
	return nil
}

// Property returns a tee property. Safe for concurrent use.
//
// GStreamer: gst_tee_get_property (plugins/elements/gsttee.c).
func (t *Tee) Property(name string) any {
	t.mu.Lock()
	defer t.mu.Unlock()
	switch name {
	case "num-src-pads":
		return len(t.srcpads)
	case "has-chain":
		return t.hasChain
	case "silent":
		return t.silent
	case "last-message":
		return t.lastMessage
	case "pull-mode":
		return t.pullMode
	case "allow-not-linked":
		return t.allowNotLinked
	case "alloc-pad":
		if t.allocPad == nil {
			return nil
		}
		return t.allocPad
	}
	return nil
}

// RequestNewPad creates a source pad named src_N ("" picks the next free
// index), activates it if the tee is streaming and gives it the sink pad's
// sticky events. It returns nil if the name is taken. Safe for concurrent
// use.
//
// GStreamer: gst_tee_request_new_pad (plugins/elements/gsttee.c).
func (t *Tee) RequestNewPad(tmpl *gst.PadTemplate, name string, _ *gst.Caps) *gst.Pad {
	t.mu.Lock()
	var index uint
	if n, ok := strings.CutPrefix(name, "src_"); ok && n != "" {
		i, err := strconv.ParseUint(n, 10, 32)
		if err != nil {
			t.mu.Unlock()
			return nil
		}
		index = uint(i)
		if t.padIndexes[index] {
			t.mu.Unlock()
			return nil
		}
		if index >= t.nextPadIndex {
			t.nextPadIndex = index + 1
		}
	} else {
		index = t.nextPadIndex
		for t.padIndexes[index] {
			index++
		}
		t.nextPadIndex = index + 1
	}
	t.padIndexes[index] = true
	pad := gst.NewPadFromTemplate(tmpl, "src_"+strconv.FormatUint(uint64(index), 10))
	pad.ElementPrivate = &teePad{index: index, result: gst.FlowNotLinked}
	mode := t.sinkMode
	t.mu.Unlock()

	if mode == gst.PadModePull || mode == gst.PadModePush {
		// a pull-mode tee has its single pull pad: others push
		if !pad.ActivateMode(gst.PadModePush, true) {
			t.mu.Lock()
			delete(t.padIndexes, index)
			t.mu.Unlock()
			return nil
		}
	}
	pad.SetActivateModeFunc(t.srcActivateMode)
	pad.SetQueryFunc(t.srcQuery)
	pad.SetGetRangeFunc(t.srcGetRange)
	pad.SetFlags(gst.PadFlagProxyCaps)
	t.sinkpad.StickyEventsForEach(func(ev gst.Event) bool {
		_ = pad.StoreStickyEvent(ev)
		return true
	})
	if err := t.AddPad(pad); err != nil {
		t.mu.Lock()
		delete(t.padIndexes, index)
		t.mu.Unlock()
		return nil
	}
	t.mu.Lock()
	t.srcpads = append(append([]*gst.Pad(nil), t.srcpads...), pad)
	t.cookie++
	t.mu.Unlock()
	return pad
}

// ReleasePad deactivates and removes a source pad; a push in progress on
// it then counts as NOT_LINKED. Safe for concurrent use.
//
// GStreamer: gst_tee_release_pad (plugins/elements/gsttee.c).
func (t *Tee) ReleasePad(pad *gst.Pad) {
	tp, ok := pad.ElementPrivate.(*teePad)
	if !ok {
		return
	}
	t.mu.Lock()
	tp.removed = true
	if t.allocPad == pad {
		t.allocPad = nil
	}
	pads := make([]*gst.Pad, 0, len(t.srcpads))
	for _, p := range t.srcpads {
		if p != pad {
			pads = append(pads, p)
		}
	}
	t.srcpads = pads
	t.cookie++
	t.mu.Unlock()
	pad.SetActive(false)
	t.RemovePad(pad)
	t.mu.Lock()
	delete(t.padIndexes, tp.index)
	t.mu.Unlock()
}

func (t *Tee) doMessage(data any) {
	var msg string
	name := t.Name() + ":" + t.sinkpad.Name()
	if buf, ok := data.(*gst.Buffer); ok {
		msg = fmt.Sprintf("chain        ******* (%s)t (%d bytes, %d) %p", name, buf.Size(), uint64(buf.PTS), buf)
	} else {
		msg = fmt.Sprintf("chain-list   ******* (%s)t %p", name, data)
	}
	t.mu.Lock()
	t.lastMessage = msg
	t.mu.Unlock()
	t.Notify(t, "last-message")
}

func (t *Tee) chain(_ *gst.Pad, buf *gst.Buffer) error {
	return t.handleData(buf, nil).Err()
}

func (t *Tee) chainList(_ *gst.Pad, list *gst.BufferList) error {
	return t.handleData(nil, list).Err()
}

func (t *Tee) doPush(pad *gst.Pad, buf *gst.Buffer, list *gst.BufferList, ref bool) gst.FlowReturn {
	if pad == t.pullPad {
		// do not push on the pad we are pulling from
		if !ref {
			teeDrop(buf, list)
		}
		return gst.FlowOK
	}
	if buf != nil {
		if ref {
			buf = buf.Ref()
		}
		return gst.FlowFromError(pad.Push(buf))
	}
	if ref {
		list = list.Ref()
	}
	return gst.FlowFromError(pad.PushList(list))
}

func teeDrop(buf *gst.Buffer, list *gst.BufferList) {
	if buf != nil {
		buf.Unref()
	} else if list != nil {
		list.Unref()
	}
}

func (t *Tee) handleData(buf *gst.Buffer, list *gst.BufferList) gst.FlowReturn {
	t.mu.Lock()
	silent := t.silent
	t.mu.Unlock()
	if !silent {
		if buf != nil {
			t.doMessage(buf)
		} else {
			t.doMessage(list)
		}
	}
	t.mu.Lock()
	pads := t.srcpads
	if len(pads) == 0 {
		ret := gst.FlowNotLinked
		if t.allowNotLinked {
			ret = gst.FlowOK
		}
		t.mu.Unlock()
		teeDrop(buf, list)
		return ret
	}
	if len(pads) == 1 {
		// one pad: hand over our reference
		pad := pads[0]
		t.mu.Unlock()
		ret := t.doPush(pad, buf, list, false)
		t.mu.Lock()
		if pad.ElementPrivate.(*teePad).removed {
			ret = gst.FlowNotLinked
		}
		if ret == gst.FlowNotLinked && t.allowNotLinked {
			ret = gst.FlowOK
		}
		t.mu.Unlock()
		return ret
	}
	for _, p := range pads {
		tp := p.ElementPrivate.(*teePad)
		tp.pushed = false
		tp.result = gst.FlowNotLinked
	}
	var cret gst.FlowReturn
restart:
	cret = gst.FlowNotLinked
	if t.allowNotLinked {
		cret = gst.FlowOK
	}
	pads = t.srcpads
	cookie := t.cookie
	for _, pad := range pads {
		tp := pad.ElementPrivate.(*teePad)
		var ret gst.FlowReturn
		if !tp.pushed {
			t.mu.Unlock()
			ret = t.doPush(pad, buf, list, true)
			t.mu.Lock()
			if tp.removed {
				ret = gst.FlowNotLinked
			}
			tp.pushed = true
			tp.result = ret
		} else {
			ret = tp.result
		}
		if t.cookie != cookie {
			// pads changed: pads already pushed to are not pushed again
			goto restart
		}
		if ret != gst.FlowOK && ret != gst.FlowNotLinked {
			t.mu.Unlock()
			teeDrop(buf, list)
			return ret
		}
		if ret != gst.FlowNotLinked {
			cret = ret
		}
	}
	t.mu.Unlock()
	teeDrop(buf, list)
	return cret
}

func (t *Tee) sinkActivateMode(_ *gst.Pad, mode gst.PadMode, active bool) bool {
	if mode != gst.PadModePush {
		return false
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if active {
		t.sinkMode = mode
	} else {
		t.sinkMode = gst.PadModeNone
	}
	// a tee without chain cannot run in push mode
	return !active || t.hasChain
}

func (t *Tee) srcActivateMode(pad *gst.Pad, mode gst.PadMode, active bool) bool {
	if mode != gst.PadModePull {
		return true
	}
	t.mu.Lock()
	if t.pullMode == TeePullModeNever || (t.pullMode == TeePullModeSingle && active && t.pullPad != nil) {
		t.mu.Unlock()
		return false
	}
	t.mu.Unlock()
	if !t.sinkpad.ActivateMode(gst.PadModePull, active) {
		return false
	}
	t.mu.Lock()
	if active {
		if t.pullMode == TeePullModeSingle {
			t.pullPad = pad
		}
		t.sinkMode = gst.PadModePull
	} else {
		if pad == t.pullPad {
			t.pullPad = nil
		}
		t.sinkMode = gst.PadModeNone
	}
	t.mu.Unlock()
	return true
}

func (t *Tee) srcQuery(pad *gst.Pad, q gst.Query) bool {
	if _, ok := q.(*gst.SchedulingQuery); ok {
		t.mu.Lock()
		pull := !(t.pullMode == TeePullModeNever || (t.pullMode == TeePullModeSingle && t.pullPad != nil))
		t.mu.Unlock()
		if pull {
			return t.sinkpad.PeerQuery(q)
		}
		return true
	}
	return pad.QueryDefault(q)
}

func (t *Tee) srcGetRange(_ *gst.Pad, offset uint64, size uint) (*gst.Buffer, error) {
	buf, err := t.sinkpad.PullRange(offset, size)
	switch {
	case err == nil:
		t.handleData(buf.Ref(), nil)
	case gst.FlowFromError(err) == gst.FlowEOS:
		t.mu.Lock()
		pads, pullPad := t.srcpads, t.pullPad
		t.mu.Unlock()
		for _, p := range pads {
			if p != pullPad {
				p.PushEvent(gst.NewEOSEvent())
			}
		}
	}
	return buf, err
}

// sinkQuery answers ALLOCATION by asking every branch and aggregating
// the answers, so that upstream allocates buffers fit for all of them.
func (t *Tee) sinkQuery(pad *gst.Pad, q gst.Query) bool {
	aq, ok := q.(*gst.AllocationQuery)
	if !ok {
		return pad.QueryDefault(q)
	}
	t.mu.Lock()
	pads, allowNotLinked := t.srcpads, t.allowNotLinked
	t.mu.Unlock()
	var params gst.AllocationParams
	var size, minBuffers uint
	first := true
	numPads := 0
	res := true
	for _, src := range pads {
		peer := src.Peer()
		if peer == nil {
			if allowNotLinked {
				continue
			}
			res = false
			break
		}
		sub := gst.NewAllocationQuery(aq.Caps, false)
		if !peer.Query(sub) {
			res = false
			break
		}
		// keep the largest alignment, prefix and padding
		for _, p := range sub.Params {
			params.Align = max(params.Align, p.Align)
			params.Prefix = max(params.Prefix, p.Prefix)
			params.Padding = max(params.Padding, p.Padding)
		}
		// keep the largest size and minimum of the first pool
		if len(sub.Pools) > 0 {
			size = max(size, sub.Pools[0].Size)
			minBuffers = max(minBuffers, sub.Pools[0].MinBuffers)
		}
		for _, m := range sub.Metas {
			if first {
				aq.AddMeta(m.API, m.Params)
				continue
			}
			if i, ok := aq.FindMeta(m.API); ok {
				if aq.Metas[i].Params == nil && m.Params == nil {
					continue
				}
				// no parameter aggregation for metas: drop the entry
				aq.RemoveNthMeta(i)
			}
		}
		// drop metas this branch does not support
		for i := 0; i < len(aq.Metas); {
			if _, ok := sub.FindMeta(aq.Metas[i].API); !ok {
				aq.RemoveNthMeta(i)
				continue
			}
			i++
		}
		first = false
		numPads++
	}
	if !res {
		aq.Metas = aq.Metas[:0]
		return false
	}
	// one more buffer when multiplexing, so no branch starves the others
	if numPads > 1 {
		minBuffers++
	}
	if params.Align != 0 || params.Prefix != 0 || params.Padding != 0 {
		aq.AddParams(params)
	}
	if size != 0 {
		aq.AddPool(nil, size, minBuffers, 0)
	}
	return true
}
