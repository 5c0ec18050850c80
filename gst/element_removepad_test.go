package gst

import "testing"

// gst_element_remove_pad unlinks the pad, emits pad-removed while the pad
// still has its parent, unparents it, and leaves its activation alone.
func TestElementRemovePadKeepsActivation(t *testing.T) {
	el := newTestElement(t, "el")
	src := NewPad("src", PadSrc)
	if err := el.AddPad(src); err != nil {
		t.Fatal(err)
	}
	peer := NewPad("peer", PadSink)
	if src.Link(peer) != PadLinkOK {
		t.Fatal("link")
	}
	src.SetActive(true)
	var parentInCallback Object
	called := 0
	el.ConnectPadRemoved(func(_ Element, p *Pad) {
		called++
		parentInCallback = p.Parent()
	})
	if err := el.RemovePad(src); err != nil {
		t.Fatal(err)
	}
	if called != 1 || parentInCallback != Object(el) {
		t.Errorf("pad-removed called %d times, pad parent %v in the callback; want once with the element", called, parentInCallback)
	}
	if src.Parent() != nil {
		t.Error("pad still parented after removal")
	}
	if src.IsLinked() || peer.IsLinked() {
		t.Error("pad still linked after removal")
	}
	if !src.IsActive() || src.Mode() != PadModePush {
		t.Errorf("removed pad mode %v, want still active in push mode", src.Mode())
	}
	if el.StaticPad("src") != nil || len(el.SrcPads()) != 0 {
		t.Error("pad still listed")
	}
	if err := el.RemovePad(src); err == nil {
		t.Error("removing a pad twice succeeded")
	}
}
