package gst_test

// Ports of GStreamer 1.22 tests/check/gst/gstevent.c.
//
// Not ported: send_custom_events (measures with the wall clock that
// in-band events take about a second through a queue fed by a 100 B/s
// fakesrc, and polls with sleeps).

import (
	"errors"
	"math"
	"slices"
	"testing"

	"github.com/gstmini/gstmini/gst"
)

// C: create_events — every event type's direction and serialization
// flags, and its fields round trip.
func TestGstEventCreateEvents(t *testing.T) {
	type dirs struct{ up, down, serialized bool }
	check := func(name string, ev gst.Event, want gst.EventType, d dirs) {
		t.Helper()
		if ev == nil {
			t.Fatalf("%s: nil event", name)
		}
		typ := ev.Type()
		if typ != want {
			t.Errorf("%s: type %v, want %v", name, typ, want)
		}
		if got := (dirs{typ.IsUpstream(), typ.IsDownstream(), typ.IsSerialized()}); got != d {
			t.Errorf("%s: upstream/downstream/serialized %v, want %v", name, got, d)
		}
	}

	check("flush-start", gst.NewFlushStartEvent(), gst.EventFlushStart, dirs{true, true, false})

	fs := gst.NewFlushStopEvent(true)
	check("flush-stop", fs, gst.EventFlushStop, dirs{true, true, true})
	if !fs.ResetTime {
		t.Error("flush-stop reset_time lost")
	}

	ss := gst.NewSelectStreamsEvent([]string{"stream1", "stream2"})
	check("select-streams", ss, gst.EventSelectStreams, dirs{true, false, false})
	if !slices.Equal(ss.Streams, []string{"stream1", "stream2"}) {
		t.Errorf("select-streams streams %v", ss.Streams)
	}

	gd := gst.NewStreamGroupDoneEvent(0x42)
	check("stream-group-done", gd, gst.EventStreamGroupDone, dirs{false, true, true})
	if gd.GroupID != 0x42 {
		t.Errorf("group id %#x", gd.GroupID)
	}

	check("eos", gst.NewEOSEvent(), gst.EventEOS, dirs{false, true, true})

	gap := gst.NewGapEvent(90*second, second)
	check("gap", gap, gst.EventGap, dirs{false, true, true})
	if gap.Timestamp != 90*second || gap.Duration != second {
		t.Errorf("gap %v %v", gap.Timestamp, gap.Duration)
	}

	seg := gst.NewSegment(gst.FormatTime)
	seg.Rate = 0.5
	seg.AppliedRate = 1.0
	seg.Start = 1
	seg.Stop = math.MaxInt64
	seg.Time = 0xdeadbeef
	se := gst.NewSegmentEvent(seg)
	check("segment", se, gst.EventSegment, dirs{false, true, true})
	p := se.Segment
	if p.Rate != 0.5 || p.AppliedRate != 1.0 || p.Format != gst.FormatTime || p.Start != 1 || p.Stop != math.MaxInt64 || p.Time != 0xdeadbeef {
		t.Errorf("segment copy %+v", p)
	}

	tags := gst.NewTagList()
	te := gst.NewTagEvent(tags)
	check("tag", te, gst.EventTag, dirs{false, true, true})
	if te.Tags != tags {
		t.Error("tag event lost its tag list")
	}

	for _, diff := range []gst.ClockTimeDiff{10, -10} {
		qos := gst.NewQoSEvent(gst.QoSTypeThrottle, 1.0, diff, 20)
		check("qos", qos, gst.EventQoS, dirs{true, false, false})
		if qos.QoSType != gst.QoSTypeThrottle || qos.Proportion != 1.0 || qos.Diff != diff || qos.Timestamp != 20 {
			t.Errorf("qos %+v", qos)
		}
	}

	seek := gst.NewSeekEvent(0.5, gst.FormatBytes, gst.SeekFlagFlush|gst.SeekFlagAccurate, gst.SeekTypeSet, 1, gst.SeekTypeNone, 0xdeadbeef)
	check("seek", seek, gst.EventSeek, dirs{true, false, false})
	if seek.Rate != 0.5 || seek.Format != gst.FormatBytes || seek.Flags != gst.SeekFlagFlush|gst.SeekFlagAccurate ||
		seek.StartType != gst.SeekTypeSet || seek.Start != 1 || seek.StopType != gst.SeekTypeNone || seek.Stop != 0xdeadbeef {
		t.Errorf("seek %+v", seek)
	}
	if seek.TrickmodeInterval != 0 {
		t.Errorf("trickmode interval %v, want 0", seek.TrickmodeInterval)
	}
	seek.TrickmodeInterval = second
	if seek.TrickmodeInterval != second {
		t.Error("trickmode interval not set")
	}

	st := gst.NewStreamStartEvent("7f4b2f0/audio_02")
	check("stream-start", st, gst.EventStreamStart, dirs{false, true, true})
	if st.Flags != gst.StreamFlagNone {
		t.Errorf("stream flags %v, want none", st.Flags)
	}
	st.Flags = gst.StreamFlagSparse
	if st.Flags != gst.StreamFlagSparse {
		t.Error("stream flags not set")
	}

	nav := gst.NewStructureSimple("application/x-gst-navigation", "event", "key-press", "key", "mon")
	ne := gst.NewNavigationEvent(nav)
	check("navigation", ne, gst.EventNavigation, dirs{true, false, false})
	if ne.Structure() != nav {
		t.Error("navigation event lost its structure")
	}

	const clearkey = "78f32170-d883-11e0-9572-0800200c9a66"
	data := gst.NewBufferAllocate(40)
	pe := gst.NewProtectionEvent(clearkey, data, "test")
	check("protection", pe, gst.EventProtection, dirs{false, true, true})
	if pe.SystemID != clearkey || pe.Data != data || pe.Origin != "test" {
		t.Errorf("protection %+v", pe)
	}

	custom := gst.NewStructure("application/x-custom")
	ce, err := gst.NewCustomEvent(gst.EventCustomUpstream, custom)
	if err != nil {
		t.Fatal(err)
	}
	check("custom-upstream", ce, gst.EventCustomUpstream, dirs{true, false, false})
	if ce.Structure() != custom || !gst.EventHasName(ce, "application/x-custom") {
		t.Error("custom event lost its structure")
	}
	if _, err := gst.NewCustomEvent(gst.EventEOS, custom); !errors.Is(err, gst.ErrNotCustomEventType) {
		t.Errorf("NewCustomEvent(EOS) error %v", err)
	}

	// Copies keep type and name. (gst_event_copy also copies the
	// structure; Go events share theirs, immutable once sent.)
	both, _ := gst.NewCustomEvent(gst.EventCustomBoth, gst.NewStructure("application/x-custom"))
	cp := gst.CopyEvent(both)
	if cp == nil || cp.Type() != both.Type() || !gst.EventHasName(cp, "application/x-custom") {
		t.Error("copy lost type or name")
	}

	irc := gst.NewInstantRateChangeEvent(1.5, gst.SegmentFlags(gst.SeekFlagInstantRateChange))
	if irc.Type() != gst.EventInstantRateChange || !irc.Type().IsDownstream() || !irc.Type().IsSticky() {
		t.Errorf("instant-rate-change type %v", irc.Type())
	}
	// instant-rate-change is not one of GST_SEGMENT_INSTANT_FLAGS
	// (the trick-mode flags): it is cleared
	if irc.RateMultiplier != 1.5 || irc.NewFlags != 0 {
		t.Errorf("rate multiplier %v, flags %v", irc.RateMultiplier, irc.NewFlags)
	}

	irs := gst.NewInstantRateSyncTimeEvent(1.5, 1*second, 2*second)
	if irs.Type() != gst.EventInstantRateSyncTime || !irs.Type().IsUpstream() {
		t.Errorf("instant-rate-sync-time type %v", irs.Type())
	}
	if irs.RateMultiplier != 1.5 || irs.RunningTime != 1*second || irs.UpstreamRunningTime != 2*second {
		t.Errorf("instant-rate-sync-time %+v", irs)
	}
}
