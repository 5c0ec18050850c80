package coreelements

import (
	"fmt"
	"math"
	"sync"
	"sync/atomic"

	"github.com/gstmini/gstmini/gst"
)

var (
	clocksyncSinkTemplate = gst.MustNewPadTemplate("sink", gst.PadSink, gst.PadAlways, gst.NewCapsAny())
	clocksyncSrcTemplate  = gst.MustNewPadTemplate("src", gst.PadSrc, gst.PadAlways, gst.NewCapsAny())
)

// ClockSyncClass is the "clocksync" element factory. Its properties are
// those of GStreamer 1.22: sync, sync-to-first and ts-offset (the later
// "qos" and "rate" do not exist in 1.22).
//
// GStreamer: GstClockSyncClass (plugins/elements/gstclocksync.c).
var ClockSyncClass = &gst.ElementClass{
	Name:     "clocksync",
	TypeName: "GstClockSync",
	Rank:     gst.RankNone,
	Metadata: gst.ElementMetadata{
		LongName:    "ClockSync",
		Klass:       "Generic",
		Description: "Synchronise buffers to the clock",
		Author:      "Jan Schmidt <jan@centricular.com>",
		DocURI:      "https://gstreamer.freedesktop.org/documentation/coreelements/clocksync.html",
	},
	PadTemplates: []*gst.PadTemplate{clocksyncSrcTemplate, clocksyncSinkTemplate},
	Properties: []*gst.ParamSpec{
		gst.ParamBool("sync", "Synchronize", "Synchronize to pipeline clock", true, gst.ParamReadWrite),
		gst.ParamInt64("ts-offset", "Timestamp offset for synchronisation",
			"Timestamp offset in nanoseconds for synchronisation, negative for earlier sync",
			math.MinInt64, math.MaxInt64, 0, gst.ParamReadWrite),
		gst.ParamBool("sync-to-first", "Sync to first",
			"Automatically set ts-offset based on running time of the first buffer and pipeline's running time "+
				"(i.e., ts-offset = \"pipeline running time\" - \"buffer running time\"). When enabled, clocksync "+
				"element will update ts-offset on the first buffer per flush event or READY to PAUSED state change. "+
				"This property can be useful in case that buffer timestamp does not necessarily have to be "+
				"synchronized with pipeline's running time, but duration of the buffer through clocksync element "+
				"needs to be synchronized with the amount of clock time go. Note that mixed use of ts-offset and "+
				"this property would be racy if clocksync element is running already.",
			false, gst.ParamReadWrite),
	},
	New:    func() gst.Element { return &ClockSync{} },
	Plugin: PluginInfo,
}

// ClockSync forwards buffers, buffer lists and events unchanged but holds
// each buffer until its running time on the pipeline clock (when "sync"
// is true, the default), like a sink would, so a pipeline without a
// synchronising sink runs in real time. Caps and allocation queries are
// proxied. With "sync" it provides the system clock and returns
// NO_PREROLL for READY→PAUSED and PLAYING→PAUSED, like a live source.
//
// GStreamer: GstClockSync (plugins/elements/gstclocksync.c).
type ClockSync struct {
	gst.ElementBase

	sinkpad, srcpad *gst.Pad

	smu         sync.Mutex // the object lock
	cond        sync.Cond  // on smu: blocked / flushing changes
	sync        bool
	syncToFirst bool
	syncWaiter  // ts-offset, flushing, blocked, pending clock ID, latency (under smu)

	isFirst atomic.Bool

	// streaming state (sink pad stream lock)
	segment gst.Segment
}

// Constructed creates the pads (proxying caps and allocation), sets the
// provide-clock and require-clock flags and the defaults.
//
// GStreamer: gst_clock_sync_init (plugins/elements/gstclocksync.c).
func (c *ClockSync) Constructed() error {
	c.cond.L = &c.smu
	c.sync = true
	c.segment.Init(gst.FormatUndefined)
	c.sinkpad = gst.NewPadFromTemplate(clocksyncSinkTemplate, "sink")
	c.sinkpad.SetEventFunc(c.sinkEvent)
	c.sinkpad.SetChainFunc(c.chain)
	c.sinkpad.SetChainListFunc(c.chainList)
	c.sinkpad.SetFlags(gst.PadFlagProxyCaps | gst.PadFlagProxyAllocation)
	if err := c.AddPad(c.sinkpad); err != nil {
		return err
	}
	c.srcpad = gst.NewPadFromTemplate(clocksyncSrcTemplate, "src")
	c.srcpad.SetQueryFunc(c.srcQuery)
	c.srcpad.SetEventFunc(func(p *gst.Pad, ev gst.Event) bool { return p.EventDefault(ev) })
	c.srcpad.SetFlags(gst.PadFlagProxyCaps | gst.PadFlagProxyAllocation)
	if err := c.AddPad(c.srcpad); err != nil {
		return err
	}
	c.SetElementFlags(gst.ElementFlagProvideClock | gst.ElementFlagRequireClock)
	return nil
}

// SetProperty sets "sync" (toggling the provide-clock flag and posting
// CLOCK_PROVIDE / CLOCK_LOST), "ts-offset" and "sync-to-first".
//
// GStreamer: gst_clock_sync_set_property (plugins/elements/gstclocksync.c).
func (c *ClockSync) SetProperty(name string, v any) error {
	switch name {
	case "sync":
		// As in GStreamer, the field is written before the comparison, so
		// no clock message is ever posted.
		c.smu.Lock()
		c.sync = v.(bool)
		c.smu.Unlock()
	case "ts-offset":
		c.smu.Lock()
		c.tsOffset = v.(int64)
		c.smu.Unlock()
	case "sync-to-first":
		c.smu.Lock()
		c.syncToFirst = v.(bool)
		c.smu.Unlock()
	default:
		return fmt.Errorf("%w: %q", gst.ErrUnknownProperty, name)
	}
	return nil
}

// Property returns "sync", "ts-offset" or "sync-to-first".
//
// GStreamer: gst_clock_sync_get_property (plugins/elements/gstclocksync.c).
func (c *ClockSync) Property(name string) any {
	c.smu.Lock()
	defer c.smu.Unlock()
	switch name {
	case "sync":
		return c.sync
	case "ts-offset":
		return c.tsOffset
	case "sync-to-first":
		return c.syncToFirst
	}
	return nil
}

// ProvideClock returns the system clock while "sync" is true.
//
// GStreamer: gst_clocksync_provide_clock (plugins/elements/gstclocksync.c).
func (c *ClockSync) ProvideClock() gst.Clock {
	c.smu.Lock()
	s := c.sync
	c.smu.Unlock()
	if !s {
		return nil
	}
	return gst.SystemClockObtain()
}

// doSync is gst_clocksync_do_sync.
func (c *ClockSync) doSync(runningTime gst.ClockTime) error {
	c.smu.Lock()
	defer c.smu.Unlock()
	if !c.sync || !runningTime.IsValid() || c.segment.Format != gst.FormatTime {
		return nil
	}
	return c.waitLocked(&c.smu, &c.cond, c, runningTime)
}

func (c *ClockSync) sinkEvent(pad *gst.Pad, ev gst.Event) bool {
	switch e := ev.(type) {
	case *gst.SegmentEvent:
		c.segment = e.Segment
	case *gst.GapEvent:
		if c.segment.Format == gst.FormatTime && e.Timestamp.IsValid() {
			_ = c.doSync(gst.ClockTime(c.segment.ToRunningTime(gst.FormatTime, uint64(e.Timestamp))))
		}
	case *gst.FlushStartEvent:
		c.smu.Lock()
		c.flushing = true
		c.cond.Broadcast()
		if c.clockID != nil {
			c.clockID.Unschedule()
		}
		c.smu.Unlock()
	case *gst.FlushStopEvent:
		c.smu.Lock()
		c.flushing = false
		c.segment.Init(gst.FormatUndefined)
		c.smu.Unlock()
		c.isFirst.Store(true)
	}
	return pad.EventDefault(ev)
}

// updateTSOffset is gst_clock_sync_update_ts_offset: with sync-to-first,
// the first buffer sets ts-offset to the clock's running time minus the
// buffer's.
func (c *ClockSync) updateTSOffset(rt gst.ClockTime) {
	c.smu.Lock()
	if !c.syncToFirst || !c.isFirst.Load() || !c.sync {
		c.smu.Unlock()
		return
	}
	clock := c.Clock()
	if clock == nil {
		c.smu.Unlock()
		return
	}
	now := clock.Time() - c.BaseTime()
	off := int64(gst.ClockDiff(rt, now))
	c.isFirst.Store(false)
	changed := off != c.tsOffset
	c.tsOffset = off
	c.smu.Unlock()
	if changed {
		c.Notify(c, "ts-offset")
	}
}

func (c *ClockSync) runningTime(buf *gst.Buffer, reverse bool) gst.ClockTime {
	pts, dts := buf.PTS, buf.DTS
	if reverse && buf.Duration.IsValid() {
		if pts.IsValid() {
			pts += buf.Duration
		}
		if dts.IsValid() {
			dts += buf.Duration
		}
	}
	if rt := gst.ClockTime(c.segment.ToRunningTime(gst.FormatTime, uint64(dts))); rt.IsValid() {
		return rt
	}
	if rt := gst.ClockTime(c.segment.ToRunningTime(gst.FormatTime, uint64(pts))); rt.IsValid() {
		return rt
	}
	return 0
}

func (c *ClockSync) chain(_ *gst.Pad, buf *gst.Buffer) error {
	if c.segment.Format == gst.FormatTime {
		rt := c.runningTime(buf, c.segment.Rate <= 0)
		c.updateTSOffset(rt)
		if err := c.doSync(rt); err != nil {
			buf.Unref()
			return err
		}
	}
	return c.srcpad.Push(buf)
}

func (c *ClockSync) chainList(_ *gst.Pad, list *gst.BufferList) error {
	if list.Len() > 0 && c.segment.Format == gst.FormatTime {
		rt := c.runningTime(list.Get(0), false)
		c.updateTSOffset(rt)
		if err := c.doSync(rt); err != nil {
			list.Unref()
			return err
		}
	}
	return c.srcpad.PushList(list)
}

func (c *ClockSync) srcQuery(pad *gst.Pad, q gst.Query) bool {
	res := pad.QueryDefault(q)
	lq, ok := q.(*gst.LatencyQuery)
	if !ok {
		return res
	}
	c.smu.Lock()
	doSync := c.sync
	c.smu.Unlock()
	live, min, max := false, gst.ClockTime(0), gst.ClockTime(0)
	if res {
		live, min, max = lq.Live, lq.Min, lq.Max
		if doSync && max < min {
			c.PostWarning(&gst.CoreError{Code: gst.CoreErrorClock},
				fmt.Sprintf("Impossible to configure latency upstream of clocksync sync=true: max %v < min %v. Add queues or other buffering elements.", max, min))
		}
	}
	c.smu.Lock()
	if live {
		c.upstreamLatency = min
	} else {
		c.upstreamLatency = 0
		max = gst.ClockTimeNone
	}
	c.smu.Unlock()
	lq.Live, lq.Min, lq.Max = live || doSync, min, max
	return res
}

// ChangeState blocks buffers while PAUSED, releases them in PLAYING,
// flushes on PAUSED→READY and returns NO_PREROLL for READY→PAUSED and
// PLAYING→PAUSED while "sync" is true.
//
// GStreamer: gst_clocksync_change_state (plugins/elements/gstclocksync.c).
func (c *ClockSync) ChangeState(t gst.StateChange) gst.StateChangeReturn {
	noPreroll := false
	switch t {
	case gst.StateChangeReadyToPaused:
		c.smu.Lock()
		c.flushing, c.blocked = false, true
		noPreroll = c.sync
		c.smu.Unlock()
		c.isFirst.Store(true)
	case gst.StateChangePausedToPlaying:
		c.smu.Lock()
		c.blocked = false
		c.cond.Broadcast()
		c.smu.Unlock()
	case gst.StateChangePausedToReady:
		c.smu.Lock()
		c.flushing = true
		if c.clockID != nil {
			c.clockID.Unschedule()
		}
		c.blocked = false
		c.cond.Broadcast()
		c.smu.Unlock()
	}
	ret := c.ElementBase.ChangeState(t)
	switch t {
	case gst.StateChangePlayingToPaused:
		c.smu.Lock()
		c.upstreamLatency = 0
		c.blocked = true
		noPreroll = c.sync
		c.smu.Unlock()
	case gst.StateChangePausedToReady:
		c.sinkpad.StreamLock()
		c.segment.Init(gst.FormatUndefined)
		c.sinkpad.StreamUnlock()
	}
	if noPreroll && ret == gst.StateChangeSuccess {
		ret = gst.StateChangeNoPreroll
	}
	return ret
}
