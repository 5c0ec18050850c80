package gst_test

// Ports of GStreamer 1.22 tests/check/gst/gstquery.c.

import (
	"slices"
	"testing"

	"github.com/gstmini/gstmini/gst"
	"github.com/gstmini/gstmini/plugins/coreelements"
)

// C: create_queries — query types and their fields.
func TestGstQueryCreateQueries(t *testing.T) {
	pos := gst.NewPositionQuery(gst.FormatTime)
	if pos.Type() != gst.QueryPosition || pos.Format != gst.FormatTime {
		t.Errorf("position query %v %v", pos.Type(), pos.Format)
	}
	pos.Format, pos.Cur = gst.FormatTime, 0xdeadbeaf
	if pos.Format != gst.FormatTime || pos.Cur != 0xdeadbeaf {
		t.Error("position not set")
	}

	dur := gst.NewDurationQuery(gst.FormatTime)
	if dur.Type() != gst.QueryDuration || dur.Format != gst.FormatTime {
		t.Errorf("duration query %v %v", dur.Type(), dur.Format)
	}

	buf := gst.NewBufferingQuery(gst.FormatPercent)
	if buf.Type() != gst.QueryBuffering {
		t.Errorf("buffering query type %v", buf.Type())
	}
	for _, r := range []struct {
		start, stop int64
		ok          bool
	}{{0, 20, true}, {25, 30, true}, {10, 15, false}, {50, 40, false}} {
		if got := buf.AddRange(r.start, r.stop); got != r.ok {
			t.Errorf("AddRange(%d, %d) = %v, want %v", r.start, r.stop, got, r.ok)
		}
	}
	if len(buf.Ranges) != 2 || buf.Ranges[0].Start != 0 || buf.Ranges[0].Stop != 20 || buf.Ranges[1].Start != 25 || buf.Ranges[1].Stop != 30 {
		t.Errorf("buffering ranges %v", buf.Ranges)
	}

	seg := gst.NewSegmentQuery(gst.FormatBytes)
	if seg.Type() != gst.QuerySegment || seg.Rate != 0 || seg.Format != gst.FormatBytes || seg.Start != -1 || seg.Stop != -1 {
		t.Errorf("segment query %+v", seg)
	}

	f := gst.NewFormatsQuery()
	if f.Type() != gst.QueryFormats || len(f.Formats) != 0 {
		t.Errorf("formats query %v %v", f.Type(), f.Formats)
	}
	f.Formats = []gst.Format{gst.FormatTime, gst.FormatBytes, gst.FormatPercent}
	if !slices.Equal(f.Formats, []gst.Format{gst.FormatTime, gst.FormatBytes, gst.FormatPercent}) {
		t.Error("formats not set")
	}
}

// C: test_queries — position and duration queries on a playing pipeline,
// its elements and the source pad.
func TestGstQueryQueries(t *testing.T) {
	bin := gst.NewPipeline("")
	src := coreMake(t, coreelements.FakeSrcClass, "")
	mustSet(t, src, "datarate", 200, "sizetype", "fixed")
	sink := coreMake(t, coreelements.FakeSinkClass, "")
	mustSet(t, sink, "sync", true)
	dur := gst.NewDurationQuery(gst.FormatBytes)
	pos := gst.NewPositionQuery(gst.FormatBytes)
	mustAdd(t, &bin.Bin, src, sink)
	if err := gst.Link(src, sink); err != nil {
		t.Fatal(err)
	}
	ret := bin.SetState(gst.StatePlaying)
	if ret == gst.StateChangeFailure {
		t.Fatal("PLAYING failed")
	}
	if ret == gst.StateChangeAsync {
		bin.State(gst.ClockTimeNone)
	}
	for _, c := range []struct {
		what string
		ok   bool
	}{
		{"pipeline position", bin.Query(pos)},
		{"pipeline duration", bin.Query(dur)},
		{"fakesrc position", src.Query(pos)},
		{"fakesrc position (again)", src.Query(pos)},
		{"fakesink position", sink.Query(pos)},
		{"fakesink position (again)", sink.Query(pos)},
		{"fakesrc src pad position", src.StaticPad("src").Query(pos)},
		{"fakesrc src pad duration", src.StaticPad("src").Query(dur)},
	} {
		if !c.ok {
			t.Errorf("could not query %s", c.what)
		}
	}
	if ret := bin.SetState(gst.StateNull); ret == gst.StateChangeFailure {
		t.Fatal("NULL failed")
	}
}
