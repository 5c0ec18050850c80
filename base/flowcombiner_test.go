package base_test

import (
	"testing"

	"github.com/gstmini/gstmini/base"
	"github.com/gstmini/gstmini/gst"
)

// linkedPad returns an active source pad linked to a sink pad whose chain
// function returns *ret.
func linkedPad(t *testing.T, name string, ret *gst.FlowReturn) *gst.Pad {
	t.Helper()
	src := gst.NewPad("src_"+name, gst.PadSrc)
	sink := gst.NewPad("sink_"+name, gst.PadSink)
	sink.SetChainFunc(func(_ *gst.Pad, b *gst.Buffer) error { b.Unref(); return ret.Err() })
	if r := src.Link(sink); r != gst.PadLinkOK {
		t.Fatalf("link: %s", r)
	}
	sink.SetActive(true)
	src.SetActive(true)
	src.PushEvent(gst.NewStreamStartEvent(name))
	src.PushEvent(gst.NewSegmentEvent(gst.NewSegment(gst.FormatBytes)))
	return src
}

// Ported from tests/check/libs/flowcombiner.c test_combined_flows.
func TestFlowCombinerCombinedFlows(t *testing.T) {
	const (
		ok  = gst.FlowOK
		nl  = gst.FlowNotLinked
		eos = gst.FlowEOS
		er  = gst.FlowError
		ce  = gst.FlowCustomError
		nn  = gst.FlowNotNegotiated
		fl  = gst.FlowFlushing
	)
	var sinkRet gst.FlowReturn
	pads := []*gst.Pad{linkedPad(t, "1", &sinkRet), linkedPad(t, "2", &sinkRet), linkedPad(t, "3", &sinkRet)}
	cases := []struct {
		f    [3]gst.FlowReturn
		want gst.FlowReturn
	}{
		{[3]gst.FlowReturn{ok, ok, ok}, ok},
		{[3]gst.FlowReturn{ok, nl, ok}, ok},
		{[3]gst.FlowReturn{ok, eos, ok}, ok},
		{[3]gst.FlowReturn{ok, nl, nl}, ok},
		{[3]gst.FlowReturn{nl, nl, nl}, nl},
		{[3]gst.FlowReturn{ok, er, ok}, er},
		{[3]gst.FlowReturn{ok, ce, ok}, ce},
		{[3]gst.FlowReturn{ok, nn, ok}, nn},
		{[3]gst.FlowReturn{ok, ok, nn}, nn},
		{[3]gst.FlowReturn{nl, er, ok}, er},
		{[3]gst.FlowReturn{ok, ok, er}, er},
		{[3]gst.FlowReturn{ok, ok, ce}, ce},
		{[3]gst.FlowReturn{ok, ok, fl}, fl},
		{[3]gst.FlowReturn{ok, fl, ok}, fl},
		{[3]gst.FlowReturn{fl, fl, fl}, fl},
		{[3]gst.FlowReturn{ok, nl, eos}, ok},
		{[3]gst.FlowReturn{eos, ok, eos}, ok},
		{[3]gst.FlowReturn{eos, eos, eos}, eos},
		{[3]gst.FlowReturn{nl, eos, eos}, eos},
		{[3]gst.FlowReturn{nl, nl, eos}, eos},
	}
	for _, c := range cases {
		fc := base.NewFlowCombiner()
		for _, p := range pads {
			fc.AddPad(p)
		}
		var got error
		for i, p := range pads {
			sinkRet = c.f[i]
			p.Push(gst.NewBuffer())
			got = fc.UpdateFlow(c.f[i].Err())
		}
		if gst.FlowFromError(got) != c.want {
			t.Errorf("%v: got %v, want %v", c.f, gst.FlowFromError(got), c.want)
		}
	}
}

// Ported from tests/check/libs/flowcombiner.c test_clear.
func TestFlowCombinerClear(t *testing.T) {
	var r1, r2 gst.FlowReturn
	fc := base.NewFlowCombiner()
	p1 := linkedPad(t, "1", &r1)
	fc.AddPad(p1)
	r1 = gst.FlowFlushing
	if err := p1.Push(gst.NewBuffer()); gst.FlowFromError(err) != gst.FlowFlushing {
		t.Fatalf("push: %v", err)
	}
	if got := fc.UpdateFlow(gst.ErrFlushing); got != gst.ErrFlushing {
		t.Fatalf("combined: %v, want flushing", got)
	}
	p2 := linkedPad(t, "2", &r2)
	fc.AddPad(p2)
	r2 = gst.FlowOK
	if err := p2.Push(gst.NewBuffer()); err != nil {
		t.Fatal(err)
	}
	// still flushing because of pad 1
	if got := fc.UpdateFlow(nil); got != gst.ErrFlushing {
		t.Fatalf("combined: %v, want flushing", got)
	}
	fc.Clear()
	fc.AddPad(p2)
	if got := fc.UpdateFlow(nil); got != nil {
		t.Fatalf("after clear: %v, want nil", got)
	}
}

func TestFlowCombinerUpdatePadFlowAndReset(t *testing.T) {
	fc := base.NewFlowCombiner()
	if got := fc.UpdateFlow(gst.ErrEOS); got != gst.ErrNotLinked {
		t.Fatalf("no pads: %v, want not-linked", got)
	}
	a, b := gst.NewPad("a", gst.PadSrc), gst.NewPad("b", gst.PadSrc)
	fc.AddPad(a)
	fc.AddPad(b)
	fc.Reset()
	if got := fc.UpdatePadFlow(a, gst.ErrEOS); got != nil {
		t.Fatalf("a eos, b ok: %v", got)
	}
	if got := fc.UpdatePadFlow(b, gst.ErrEOS); got != gst.ErrEOS {
		t.Fatalf("all eos: %v", got)
	}
	fc.RemovePad(b)
	fc.Reset()
	if got := fc.UpdatePadFlow(a, gst.ErrNotLinked); got != gst.ErrNotLinked {
		t.Fatalf("only a not-linked: %v", got)
	}
}
