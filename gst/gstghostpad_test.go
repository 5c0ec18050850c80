package gst_test

// Ports of GStreamer 1.22 tests/check/gst/gstghostpad.c.

import (
	"testing"
	"time"

	"github.com/gstmini/gstmini/gst"
	"github.com/gstmini/gstmini/gsttest"
	"github.com/gstmini/gstmini/plugins/coreelements"
)

// coreMake creates an element of class (a coreelements class) named name
// ("" for the default name).
func coreMake(t *testing.T, class *gst.ElementClass, name string) gst.Element {
	t.Helper()
	el, err := class.Create(name)
	if err != nil {
		t.Fatalf("creating %s: %v", class.Name, err)
	}
	return el
}

func mustAdd(t *testing.T, b *gst.Bin, els ...gst.Element) {
	t.Helper()
	if err := b.Add(els...); err != nil {
		t.Fatalf("adding to %s: %v", b.Name(), err)
	}
}

func mustAddPad(t *testing.T, b *gst.Bin, p *gst.Pad) {
	t.Helper()
	if p == nil {
		t.Fatal("nil pad")
	}
	if err := b.AddPad(p); err != nil {
		t.Fatalf("adding pad %s to %s: %v", p.Name(), b.Name(), err)
	}
}

func mustGhost(t *testing.T, name string, target *gst.Pad) *gst.GhostPad {
	t.Helper()
	g := gst.NewGhostPad(name, target)
	if g == nil {
		t.Fatalf("NewGhostPad(%q, %s) = nil", name, gst.PathString(target))
	}
	return g
}

// setStateWait sets el to state and waits for the change to complete.
func setStateWait(t *testing.T, el gst.Element, state gst.State) {
	t.Helper()
	if ret := el.SetState(state); ret == gst.StateChangeFailure {
		t.Fatalf("%s: SetState(%v) failed", el.Name(), state)
	}
	if ret, cur, _ := el.State(gst.ClockTime(10 * time.Second)); ret != gst.StateChangeSuccess || cur != state {
		t.Fatalf("%s: State() = %v, %v; want SUCCESS, %v", el.Name(), ret, cur, state)
	}
}

// fakesrc ! ( fakesink ): b1 is the pipeline, b2 the bin with the sink,
// the ghost pad "sink" of b2 linked to the source.
func remoteSinkSetup(t *testing.T) (b1 *gst.Pipeline, b2 *gst.Bin, src, sink gst.Element, ghost *gst.Pad) {
	t.Helper()
	b1 = gst.NewPipeline("")
	b2 = gst.NewBin("")
	src = coreMake(t, coreelements.FakeSrcClass, "")
	sink = coreMake(t, coreelements.FakeSinkClass, "")
	mustAdd(t, b2, sink)
	mustAdd(t, &b1.Bin, src, b2)
	mustAddPad(t, b2, &mustGhost(t, "sink", sink.StaticPad("sink")).Pad)
	ghost = b2.StaticPad("sink")
	if ret := src.StaticPad("src").Link(ghost); ret != gst.PadLinkOK {
		t.Fatalf("link = %v", ret)
	}
	return
}

// C: test_remove1 — removing a bin unlinks its ghost pads.
func TestGstGhostPadRemove1(t *testing.T) {
	b1, b2, src, _, _ := remoteSinkSetup(t)
	if err := b1.Remove(b2); err != nil {
		t.Fatal(err)
	}
	if src.StaticPad("src").IsLinked() {
		t.Error("source pad still linked after removing the bin with the ghost pad")
	}
}

// C: test_remove2 — removing the target's element keeps the ghost pad
// linked outside.
func TestGstGhostPadRemove2(t *testing.T) {
	b1, b2, src, sink, ghost := remoteSinkSetup(t)
	if err := b2.Remove(sink); err != nil {
		t.Fatal(err)
	}
	srcpad := src.StaticPad("src")
	if !srcpad.IsLinked() {
		t.Error("source pad no longer linked to the ghost pad")
	}
	if !srcpad.Unlink(ghost) {
		t.Error("unlink failed")
	}
	if err := b1.Remove(b2); err != nil {
		t.Fatal(err)
	}
	setStateWait(t, b1, gst.StateReady)
	setStateWait(t, b1, gst.StateNull)
}

// C: test_ghost_pads_notarget — an untargeted ghost pad links, unlinks and
// answers caps queries with ANY.
func TestGstGhostPadGhostPadsNotarget(t *testing.T) {
	b1 := gst.NewPipeline("")
	b1.Bus().SetFlushing(true)
	b2 := gst.NewBin("")
	sink := coreMake(t, coreelements.FakeSinkClass, "")
	mustAdd(t, &b1.Bin, sink, b2)
	g := gst.NewGhostPadNoTarget("src", gst.PadSrc)
	if g == nil {
		t.Fatal("NewGhostPadNoTarget = nil")
	}
	srcpad := &g.Pad
	sinkpad := sink.StaticPad("sink")
	if ret := srcpad.Link(sinkpad); ret != gst.PadLinkOK {
		t.Fatalf("link = %v", ret)
	}
	if srcpad.Peer() != sinkpad || sinkpad.Peer() != srcpad {
		t.Error("peers not set")
	}
	if caps := srcpad.QueryCaps(nil); !caps.IsAny() {
		t.Errorf("caps of untargeted ghost pad = %v, want ANY", caps)
	}
	if !srcpad.Unlink(sinkpad) {
		t.Error("unlink failed")
	}
}

// C: test_remove_target — removing the target's element clears the target.
func TestGstGhostPadRemoveTarget(t *testing.T) {
	_, b2, _, sink, ghost := remoteSinkSetup(t)
	g := gst.AsGhostPad(ghost)
	if g == nil {
		t.Fatal("AsGhostPad(ghost) = nil")
	}
	if g.Target() != sink.StaticPad("sink") {
		t.Errorf("target = %v, want the sink pad", g.Target())
	}
	if err := b2.Remove(sink); err != nil {
		t.Fatal(err)
	}
	if tg := g.Target(); tg != nil {
		t.Errorf("target after removal = %s, want nil", gst.PathString(tg))
	}
}

// C: test_link — linking across bins needs a ghost pad; the ghost pad and
// its internal pad are each other's internal pad.
func TestGstGhostPadLink(t *testing.T) {
	b1 := gst.NewPipeline("")
	b2 := gst.NewBin("")
	src := coreMake(t, coreelements.FakeSrcClass, "")
	sink := coreMake(t, coreelements.FakeSinkClass, "")
	mustAdd(t, b2, sink)
	mustAdd(t, &b1.Bin, src, b2)
	srcpad, sinkpad := src.StaticPad("src"), sink.StaticPad("sink")
	if ret := srcpad.Link(sinkpad); ret != gst.PadLinkWrongHierarchy {
		t.Fatalf("link across bins = %v, want WRONG_HIERARCHY", ret)
	}
	g := mustGhost(t, "sink", sinkpad)
	ppad := g.Internal()
	if ppad == nil || &ppad.Pad != sinkpad.Peer() {
		t.Fatal("internal pad is not the target's peer")
	}
	if ppad.Internal() != &g.ProxyPad {
		t.Error("internal pad's internal pad is not the ghost pad")
	}
	if gst.AsProxyPad(&ppad.Pad) != ppad || gst.AsGhostPad(&ppad.Pad) != nil {
		t.Error("AsProxyPad/AsGhostPad wrong for the internal pad")
	}
	if gst.AsGhostPad(&g.Pad) != g || gst.AsGhostPad(sinkpad) != nil || gst.AsProxyPad(sinkpad) != nil || gst.AsGhostPad(nil) != nil {
		t.Error("AsGhostPad wrong")
	}
	mustAddPad(t, b2, &g.Pad)
	if ret := srcpad.Link(&g.Pad); ret != gst.PadLinkOK {
		t.Fatalf("link to ghost = %v", ret)
	}
	setStateWait(t, b1, gst.StateReady)
	setStateWait(t, b1, gst.StateNull)
}

// C: test_ghost_pads — LinkPads makes the ghost pads on the fly;
// the pipeline goes to PLAYING and back.
func TestGstGhostPadGhostPads(t *testing.T) {
	b1 := gst.NewPipeline("")
	b2 := gst.NewBin("")
	src := coreMake(t, coreelements.FakeSrcClass, "")
	if err := src.Set("num-buffers", 10); err != nil {
		t.Fatal(err)
	}
	i1 := coreMake(t, coreelements.IdentityClass, "")
	sink := coreMake(t, coreelements.FakeSinkClass, "")
	mustAdd(t, b2, i1)
	mustAdd(t, &b1.Bin, src, b2, sink)
	if err := gst.LinkPads(src, "", i1, ""); err != nil {
		t.Fatal(err)
	}
	if err := gst.LinkPads(i1, "", sink, ""); err != nil {
		t.Fatal(err)
	}
	sinks, srcs := b2.SinkPads(), b2.SrcPads()
	if len(sinks) != 1 || gst.AsGhostPad(sinks[0]) == nil {
		t.Fatalf("bin sink pads %v, want one ghost pad", sinks)
	}
	if len(srcs) != 1 || gst.AsGhostPad(srcs[0]) == nil {
		t.Fatalf("bin src pads %v, want one ghost pad", srcs)
	}
	if i1.StaticPad("sink").Peer() == nil || i1.StaticPad("src").Peer() == nil {
		t.Error("identity pads not linked to the internal pads")
	}
	setStateWait(t, b1, gst.StatePlaying)
	setStateWait(t, b1, gst.StateNull)
}

// C: test_ghost_pads_bin — Link between two bins links their ghost pads,
// and the targets are linked to the internal pads.
func TestGstGhostPadGhostPadsBin(t *testing.T) {
	pipeline := gst.NewPipeline("pipe")
	srcbin, sinkbin := gst.NewBin("srcbin"), gst.NewBin("sinkbin")
	mustAdd(t, &pipeline.Bin, srcbin, sinkbin)
	src := coreMake(t, coreelements.FakeSrcClass, "src")
	mustAdd(t, srcbin, src)
	srcghost := mustGhost(t, "src", src.StaticPad("src"))
	mustAddPad(t, srcbin, &srcghost.Pad)
	sink := coreMake(t, coreelements.FakeSinkClass, "sink")
	mustAdd(t, sinkbin, sink)
	sinkghost := mustGhost(t, "sink", sink.StaticPad("sink"))
	mustAddPad(t, sinkbin, &sinkghost.Pad)
	if err := gst.Link(srcbin, sinkbin); err != nil {
		t.Fatal(err)
	}
	if srcghost.Peer() == nil || sinkghost.Peer() == nil {
		t.Error("ghost pads not linked")
	}
	if srcghost.Target().Peer() == nil || sinkghost.Target().Peer() == nil {
		t.Error("targets not linked")
	}
}

// ghostBlockTest is test_ghost_pads_block and test_ghost_pads_probes: a
// blocking probe on a source ghost pad is reached once the pipeline plays.
func ghostBlockTest(t *testing.T) {
	pipeline := gst.NewPipeline("pipeline")
	srcbin := gst.NewBin("srcbin")
	mustAdd(t, &pipeline.Bin, srcbin)
	src := coreMake(t, coreelements.FakeSrcClass, "src")
	mustAdd(t, srcbin, src)
	srcghost := mustGhost(t, "src", src.StaticPad("src"))
	mustAddPad(t, srcbin, &srcghost.Pad)
	blocked := make(chan struct{}, 1)
	srcghost.AddProbe(gst.ProbeTypeBlock, func(*gst.Pad, *gst.PadProbeInfo) gst.PadProbeReturn {
		select {
		case blocked <- struct{}{}:
		default:
		}
		return gst.ProbeOK
	})
	pipeline.SetState(gst.StatePlaying)
	select {
	case <-blocked:
	case <-time.After(10 * time.Second):
		t.Fatal("blocking probe on the ghost pad never called")
	}
	pipeline.SetState(gst.StateNull)
}

// C: test_ghost_pads_block.
func TestGstGhostPadGhostPadsBlock(t *testing.T) { ghostBlockTest(t) }

// C: test_ghost_pads_probes.
func TestGstGhostPadGhostPadsProbes(t *testing.T) { ghostBlockTest(t) }

func ghostTemplates(t *testing.T) (padcaps, ghostcaps *gst.Caps, sinkpad *gst.Pad, ghosttempl *gst.PadTemplate) {
	padcaps = gst.MustParseCaps("some/caps")
	ghostcaps = gst.MustParseCaps("some/caps;some/other-caps")
	padtempl := gst.MustNewPadTemplate("padtempl", gst.PadSink, gst.PadAlways, padcaps)
	ghosttempl = gst.MustNewPadTemplate("ghosttempl", gst.PadSink, gst.PadAlways, ghostcaps)
	sinkpad = gst.NewPadFromTemplate(padtempl, "sinkpad")
	return
}

// C: test_ghost_pads_new_from_template.
func TestGstGhostPadGhostPadsNewFromTemplate(t *testing.T) {
	padcaps, _, sinkpad, ghosttempl := ghostTemplates(t)
	g := gst.NewGhostPadFromTemplate("ghostpad", sinkpad, ghosttempl)
	if g == nil {
		t.Fatal("NewGhostPadFromTemplate = nil")
	}
	if g.PadTemplate() != ghosttempl {
		t.Error("template not set")
	}
	if caps := g.QueryCaps(nil); !caps.IsEqual(padcaps) {
		t.Errorf("caps = %v, want %v", caps, padcaps)
	}
}

// C: test_ghost_pads_new_no_target_from_template.
func TestGstGhostPadGhostPadsNewNoTargetFromTemplate(t *testing.T) {
	padcaps, ghostcaps, sinkpad, ghosttempl := ghostTemplates(t)
	g := gst.NewGhostPadNoTargetFromTemplate("ghostpad", ghosttempl)
	if g == nil {
		t.Fatal("NewGhostPadNoTargetFromTemplate = nil")
	}
	if g.PadTemplate() != ghosttempl {
		t.Error("template not set")
	}
	if caps := g.QueryCaps(nil); !caps.IsEqual(ghostcaps) {
		t.Errorf("caps without target = %v, want %v", caps, ghostcaps)
	}
	if !g.SetTarget(sinkpad) {
		t.Fatal("SetTarget failed")
	}
	if caps := g.QueryCaps(nil); !caps.IsEqual(padcaps) {
		t.Errorf("caps with target = %v, want %v", caps, padcaps)
	}
}

// capsNotifyCounter counts notify::caps of pad, which must be a pad of an
// element (the Go notify goes through the parent element).
func capsNotifyCounter(t *testing.T, pad *gst.Pad) *int {
	t.Helper()
	holder := gst.NewBin("")
	mustAddPad(t, holder, pad)
	n := new(int)
	holder.ConnectNotify(func(_ gst.Element, obj gst.Object, prop string) {
		if obj == gst.Object(pad) && prop == "caps" {
			*n++
		}
	})
	return n
}

// C: test_ghost_pads_forward_setcaps — caps set on a source target show
// on the ghost pad; caps set on a sink ghost pad reach the target, not the
// other way round.
func TestGstGhostPadGhostPadsForwardSetcaps(t *testing.T) {
	srcTmpl := gst.MustNewPadTemplate("src", gst.PadSrc, gst.PadAlways, gst.MustParseCaps("meh; muh"))
	sinkTmpl := gst.MustNewPadTemplate("sink", gst.PadSink, gst.PadAlways, gst.MustParseCaps("muh; meh"))
	src := gst.NewPadFromTemplate(srcTmpl, "src")
	sink := gst.NewPadFromTemplate(sinkTmpl, "sink")
	sink.SetChainFunc(func(*gst.Pad, *gst.Buffer) error { return nil })
	startStream := func(p *gst.Pad) {
		t.Helper()
		if !p.PushEvent(gst.NewStreamStartEvent("test")) {
			t.Fatal("stream-start refused")
		}
	}

	// ghost source pad: caps set on the target show on the ghost pad
	ghost := mustGhost(t, "ghostsrc", src)
	n := capsNotifyCounter(t, &ghost.Pad)
	if ret := ghost.Link(sink); ret != gst.PadLinkOK {
		t.Fatalf("link = %v", ret)
	}
	src.SetActive(true)
	ghost.SetActive(true)
	startStream(src)
	caps1 := gst.MustParseCaps("meh")
	if !src.SetCaps(caps1) {
		t.Fatal("SetCaps on target failed")
	}
	if caps2 := ghost.CurrentCaps(); !caps1.IsEqual(caps2) {
		t.Errorf("ghost caps = %v, want %v", caps2, caps1)
	}
	if *n != 1 {
		t.Errorf("notify::caps on the ghost: %d, want 1", *n)
	}
	ghost.Unlink(sink)
	ghost.SetTarget(nil)

	// source 2: caps set on the ghost pad itself
	ghost = mustGhost(t, "ghostsrc", src)
	n = capsNotifyCounter(t, &ghost.Pad)
	if ret := ghost.Link(sink); ret != gst.PadLinkOK {
		t.Fatalf("link = %v", ret)
	}
	ghost.SetActive(true)
	sink.SetActive(true)
	startStream(&ghost.Pad)
	if !ghost.SetCaps(caps1) {
		t.Fatal("SetCaps on ghost failed")
	}
	if *n != 1 {
		t.Errorf("notify::caps on the ghost: %d, want 1", *n)
	}
	ghost.Unlink(sink)
	ghost.SetTarget(nil)
	src.SetActive(false)
	sink.SetActive(false)

	// ghost sink pad: caps set on the ghost pad reach the target
	ghost = mustGhost(t, "ghostsink", sink)
	n = capsNotifyCounter(t, &ghost.Pad)
	if ret := src.Link(&ghost.Pad); ret != gst.PadLinkOK {
		t.Fatalf("link = %v", ret)
	}
	src.SetActive(true)
	ghost.SetActive(true)
	sink.SetActive(true)
	startStream(src)
	caps1 = gst.MustParseCaps("muh")
	if !ghost.SetCaps(caps1) {
		t.Fatal("SetCaps on sink ghost failed")
	}
	if caps2 := sink.CurrentCaps(); !caps1.IsEqual(caps2) {
		t.Errorf("target caps = %v, want %v", caps2, caps1)
	}
	if *n != 1 {
		t.Errorf("notify::caps on the ghost: %d, want 1", *n)
	}
	src.SetActive(false)
	src.SetActive(true)
	sink.SetActive(false)
	sink.SetActive(true)
	src.Unlink(&ghost.Pad)
	ghost.SetTarget(nil)

	// sink pad 2: caps set on the target only do not show on the ghost
	ghost = mustGhost(t, "ghostsink", sink)
	if ghost.CurrentCaps() != nil {
		t.Error("fresh ghost pad has caps")
	}
	n = capsNotifyCounter(t, &ghost.Pad)
	if ret := src.Link(&ghost.Pad); ret != gst.PadLinkOK {
		t.Fatalf("link = %v", ret)
	}
	ghost.SetActive(true)
	if !sink.SetCaps(caps1) {
		t.Fatal("SetCaps on target failed")
	}
	if caps2 := ghost.CurrentCaps(); caps2 != nil {
		t.Errorf("ghost caps = %v, want none", caps2)
	}
	if *n != 0 {
		t.Errorf("notify::caps on the ghost: %d, want 0", *n)
	}
}

type linkCounter struct{ linked, unlinked int }

func (c *linkCounter) install(p *gst.Pad) {
	p.SetLinkFunc(func(*gst.Pad, *gst.Pad) gst.PadLinkReturn { c.linked++; return gst.PadLinkOK })
	p.SetUnlinkFunc(func(*gst.Pad) { c.unlinked++ })
}

func linkTestPads() (src, sink *gst.Pad) {
	srctempl := gst.MustNewPadTemplate("srctempl", gst.PadSrc, gst.PadAlways, gst.MustParseCaps("some/caps"))
	sinktempl := gst.MustNewPadTemplate("sinktempl", gst.PadSink, gst.PadAlways, gst.MustParseCaps("some/caps"))
	return gst.NewPadFromTemplate(srctempl, "src"), gst.NewPadFromTemplate(sinktempl, "sink")
}

func checkCounts(t *testing.T, step string, c1, c2 *linkCounter, want [4]int) {
	t.Helper()
	if got := [4]int{c1.linked, c1.unlinked, c2.linked, c2.unlinked}; got != want {
		t.Errorf("%s: link/unlink counts %v, want %v", step, got, want)
	}
}

// C: test_ghost_pads_sink_link_unlink — linking the ghost pad calls the
// link functions of the outside pads only.
func TestGstGhostPadGhostPadsSinkLinkUnlink(t *testing.T) {
	srcpad, sinkpad := linkTestPads()
	var c1, c2 linkCounter
	c1.install(sinkpad)
	c2.install(srcpad)
	g := mustGhost(t, "ghostpad", sinkpad)
	checkCounts(t, "new", &c1, &c2, [4]int{1, 0, 0, 0})
	if ret := srcpad.Link(&g.Pad); ret != gst.PadLinkOK {
		t.Fatalf("link = %v", ret)
	}
	checkCounts(t, "link", &c1, &c2, [4]int{1, 0, 1, 0})
	if !srcpad.Unlink(&g.Pad) {
		t.Fatal("unlink failed")
	}
	checkCounts(t, "unlink", &c1, &c2, [4]int{1, 0, 1, 1})
	if !g.SetTarget(nil) {
		t.Fatal("SetTarget(nil) failed")
	}
	checkCounts(t, "clear target", &c1, &c2, [4]int{1, 1, 1, 1})
}

// C: test_ghost_pads_src_link_unlink.
func TestGstGhostPadGhostPadsSrcLinkUnlink(t *testing.T) {
	srcpad, sinkpad := linkTestPads()
	var c1, c2 linkCounter
	c1.install(srcpad)
	c2.install(sinkpad)
	g := mustGhost(t, "ghostpad", srcpad)
	checkCounts(t, "new", &c1, &c2, [4]int{1, 0, 0, 0})
	if dummy := gst.NewGhostPad("ghostpad", srcpad); dummy != nil {
		t.Error("ghost pad for an already linked target")
	}
	checkCounts(t, "second ghost", &c1, &c2, [4]int{1, 0, 0, 0})
	if ret := g.Link(sinkpad); ret != gst.PadLinkOK {
		t.Fatalf("link = %v", ret)
	}
	checkCounts(t, "link", &c1, &c2, [4]int{1, 0, 1, 0})
	if ret := g.Link(sinkpad); ret != gst.PadLinkWasLinked {
		t.Fatalf("second link = %v, want WAS_LINKED", ret)
	}
	checkCounts(t, "relink", &c1, &c2, [4]int{1, 0, 1, 0})
	if !g.Unlink(sinkpad) {
		t.Fatal("unlink failed")
	}
	checkCounts(t, "unlink", &c1, &c2, [4]int{1, 0, 1, 1})
	if g.Unlink(sinkpad) {
		t.Fatal("second unlink succeeded")
	}
	checkCounts(t, "unlink again", &c1, &c2, [4]int{1, 0, 1, 1})
	if !g.SetTarget(nil) {
		t.Fatal("SetTarget(nil) failed")
	}
	checkCounts(t, "clear target", &c1, &c2, [4]int{1, 1, 1, 1})
	if !g.SetTarget(srcpad) {
		t.Fatal("SetTarget failed")
	}
	checkCounts(t, "set target", &c1, &c2, [4]int{2, 1, 1, 1})
}

// C: test_ghost_pads_change_when_linked — the target of a linked ghost pad
// can be changed.
func TestGstGhostPadGhostPadsChangeWhenLinked(t *testing.T) {
	b1 := gst.NewPipeline("")
	b2 := gst.NewBin("")
	src := coreMake(t, coreelements.FakeSrcClass, "")
	fmt := coreMake(t, coreelements.CapsFilterClass, "")
	sink1 := coreMake(t, coreelements.FakeSinkClass, "")
	sink2 := coreMake(t, coreelements.FakeSinkClass, "")
	mustAdd(t, b2, sink1, sink2)
	mustAdd(t, &b1.Bin, src, fmt, b2)
	if err := fmt.Set("caps", gst.MustParseCaps("audio/x-raw, format=S16LE, channels=1")); err != nil {
		t.Fatal(err)
	}
	g := gst.NewGhostPadNoTarget("sink", gst.PadSink)
	mustAddPad(t, b2, &g.Pad)
	if !g.SetTarget(sink1.StaticPad("sink")) {
		t.Fatal("SetTarget(sink1) failed")
	}
	if err := gst.LinkElements(src, fmt, b2); err != nil {
		t.Fatal(err)
	}
	if !g.SetTarget(sink2.StaticPad("sink")) {
		t.Fatal("SetTarget(sink2) failed")
	}
	if g.Target() != sink2.StaticPad("sink") || sink1.StaticPad("sink").IsLinked() {
		t.Error("target not changed")
	}
}

// C: test_ghost_pads_internal_link — a ghost pad whose target is the
// internal pad of another ghost pad of the same bin.
func TestGstGhostPadGhostPadsInternalLink(t *testing.T) {
	pipeline := gst.NewPipeline("")
	bin := gst.NewBin("")
	src := coreMake(t, coreelements.FakeSrcClass, "")
	sink := coreMake(t, coreelements.FakeSinkClass, "")
	mustAdd(t, &pipeline.Bin, src, bin, sink)
	sinkpad := gst.NewGhostPadNoTarget("sink", gst.PadSink)
	proxypad := sinkpad.Internal()
	mustAddPad(t, bin, &sinkpad.Pad)
	srcpad := mustGhost(t, "src", &proxypad.Pad)
	mustAddPad(t, bin, &srcpad.Pad)
	if err := gst.LinkElements(src, bin, sink); err != nil {
		t.Fatal(err)
	}
	if target := sinkpad.Target(); target == nil || target != &srcpad.Internal().Pad {
		t.Errorf("sink ghost target = %v, want the src ghost's internal pad", target)
	}
	if target := srcpad.Target(); target == nil || target != &sinkpad.Internal().Pad {
		t.Errorf("src ghost target = %v, want the sink ghost's internal pad", target)
	}
}

// C: test_ghost_pads_remove_while_playing — a probe on a ghost pad
// deactivates and removes the ghost pads the buffer is flowing through.
func TestGstGhostPadGhostPadsRemoveWhilePlaying(t *testing.T) {
	bin := gst.NewBin("")
	bin.SetState(gst.StatePlaying)
	ghostsrc := gst.NewGhostPadNoTarget("ghostsrc", gst.PadSrc)
	ghostsink := mustGhost(t, "ghostsink", &ghostsrc.Internal().Pad)
	ghostsrc.SetActive(true)
	ghostsink.SetActive(true)
	mustAddPad(t, bin, &ghostsrc.Pad)
	mustAddPad(t, bin, &ghostsink.Pad)
	srcpad := gst.NewPad("srcpad", gst.PadSrc)
	srcpad.SetActive(true)
	srcpad.Link(&ghostsink.Pad)
	if !srcpad.PushEvent(gst.NewStreamStartEvent("test")) {
		t.Fatal("stream-start refused")
	}
	seg := gst.NewSegment(gst.FormatBytes)
	if !srcpad.PushEvent(gst.NewSegmentEvent(seg)) {
		t.Fatal("segment refused")
	}
	ghostsrc.AddProbe(gst.ProbeTypeBuffer, func(*gst.Pad, *gst.PadProbeInfo) gst.PadProbeReturn {
		ghostsrc.SetActive(false)
		ghostsink.SetActive(false)
		bin.RemovePad(&ghostsrc.Pad)
		bin.RemovePad(&ghostsink.Pad)
		return gst.ProbeDrop
	})
	if err := srcpad.Push(gst.NewBuffer()); err != nil {
		t.Errorf("push = %v, want OK", err)
	}
	srcpad.SetActive(false)
	bin.SetState(gst.StateNull)
}

// C: test_activate_src — a bin with a ghosted fakesrc in a harness. The C
// test runs fakesrc with sync=true and cranks the harness' test clock; the
// Go harness has no test clock, so fakesrc runs unsynchronised.
func TestGstGhostPadActivateSrc(t *testing.T) {
	b := gst.NewBin("")
	src := coreMake(t, coreelements.FakeSrcClass, "")
	mustAdd(t, b, src)
	mustAddPad(t, b, &mustGhost(t, "src", src.StaticPad("src")).Pad)
	h := gsttest.NewWithElement(t, b, "", "src")
	h.Play()
	if buf := h.Pull(); buf == nil {
		t.Fatal("no buffer through the ghost pad")
	}
}

// C: test_activate_sink_and_src — identity in a bin, both pads ghosted.
func TestGstGhostPadActivateSinkAndSrc(t *testing.T) {
	b := gst.NewBin("")
	el := coreMake(t, coreelements.IdentityClass, "")
	mustAdd(t, b, el)
	mustAddPad(t, b, &mustGhost(t, "sink", el.StaticPad("sink")).Pad)
	mustAddPad(t, b, &mustGhost(t, "src", el.StaticPad("src")).Pad)
	h := gsttest.NewWithElement(t, b, "sink", "src")
	h.SetSrcCapsString("mycaps")
	if err := h.Push(gst.NewBuffer()); err != nil {
		t.Fatal(err)
	}
	if buf := h.Pull(); buf == nil {
		t.Fatal("no buffer through the ghost pads")
	}
}

// C: test_activate_src_pull_mode — activating a source ghost pad in pull
// mode activates its internal pad and its target.
func TestGstGhostPadActivateSrcPullMode(t *testing.T) {
	b := gst.NewBin("")
	src := coreMake(t, coreelements.FakeSrcClass, "")
	mustAdd(t, b, src)
	srcpad := src.StaticPad("src")
	ghost := mustGhost(t, "src", srcpad)
	mustAddPad(t, b, &ghost.Pad)
	internal := &ghost.Internal().Pad
	if ghost.IsActive() || internal.IsActive() || srcpad.IsActive() {
		t.Fatal("pads active before activation")
	}
	if !ghost.ActivateMode(gst.PadModePull, true) {
		t.Fatal("pull activation failed")
	}
	if !ghost.IsActive() || !internal.IsActive() || !srcpad.IsActive() {
		t.Errorf("active: ghost %v internal %v target %v, want all", ghost.IsActive(), internal.IsActive(), srcpad.IsActive())
	}
	ghost.ActivateMode(gst.PadModePull, false)
}

// C: test_activate_sink_switch_mode — a sink ghost pad follows its target
// from push to pull mode, and so does the upstream source.
func TestGstGhostPadActivateSinkSwitchMode(t *testing.T) {
	pipeline := gst.NewPipeline("")
	b := gst.NewBin("")
	mustAdd(t, &pipeline.Bin, b)
	src := coreMake(t, coreelements.FakeSrcClass, "")
	mustAdd(t, &pipeline.Bin, src)
	identity := coreMake(t, coreelements.IdentityClass, "")
	mustAdd(t, b, identity)
	sinkpad := identity.StaticPad("sink")
	ghost := mustGhost(t, "sink", sinkpad)
	mustAddPad(t, b, &ghost.Pad)
	srcpad := src.StaticPad("src")
	if ret := srcpad.Link(&ghost.Pad); ret != gst.PadLinkOK {
		t.Fatalf("link = %v", ret)
	}
	internal := &ghost.Internal().Pad
	for _, p := range []*gst.Pad{&ghost.Pad, internal, sinkpad, srcpad} {
		if p.IsActive() {
			t.Fatalf("%s active before activation", p.Name())
		}
	}
	for _, p := range []*gst.Pad{sinkpad, &ghost.Pad, srcpad} {
		if !p.ActivateMode(gst.PadModePush, true) {
			t.Fatalf("push activation of %s failed", p.Name())
		}
	}
	modes := func(want gst.PadMode) {
		t.Helper()
		for _, p := range []*gst.Pad{&ghost.Pad, internal, srcpad, sinkpad} {
			if p.Mode() != want {
				t.Errorf("%s mode %v, want %v", gst.PathString(p), p.Mode(), want)
			}
		}
	}
	modes(gst.PadModePush)
	if !sinkpad.ActivateMode(gst.PadModePull, true) {
		t.Fatal("switch to pull failed")
	}
	modes(gst.PadModePull)
	sinkpad.ActivateMode(gst.PadModePull, false)
}

// C: test_stress_upstream_queries_while_tearing_down — peer queries on a
// pad whose ghost pad is created, activated and untargeted concurrently.
func TestGstGhostPadStressUpstreamQueriesWhileTearingDown(t *testing.T) {
	pad := gst.NewPad("sink", gst.PadSink)
	pad.SetActive(true)
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		q := gst.NewLatencyQuery()
		for {
			select {
			case <-stop:
				return
			default:
			}
			pad.PeerQuery(q)
		}
	}()
	for range 1000 {
		g := gst.NewGhostPad("ghost-sink", pad)
		if g == nil {
			t.Fatal("NewGhostPad = nil")
		}
		g.SetActive(true)
		g.SetTarget(nil)
		pad.SetActive(false)
	}
	close(stop)
	<-done
}

// C: test_deactivate_already_deactive_with_no_parent — deactivating a
// removed, inactive ghost pad succeeds.
func TestGstGhostPadDeactivateAlreadyDeactiveWithNoParent(t *testing.T) {
	bin := gst.NewBin("testbin")
	g := gst.NewGhostPadNoTarget("src", gst.PadSrc)
	mustAddPad(t, bin, &g.Pad)
	if err := bin.RemovePad(&g.Pad); err != nil {
		t.Fatal(err)
	}
	if g.IsActive() {
		t.Error("removed pad active")
	}
	if !g.ActivateMode(gst.PadModePush, false) {
		t.Error("deactivating an inactive pad failed")
	}
}
