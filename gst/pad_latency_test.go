package gst

import "testing"

// upstreamLatency returns a src pad answering LATENCY with the given
// values (or failing when fail is set).
func upstreamLatency(name string, live bool, min, max ClockTime, fail bool) *Pad {
	p := NewPad(name, PadSrc)
	p.SetQueryFunc(func(pad *Pad, q Query) bool {
		lq, ok := q.(*LatencyQuery)
		if !ok {
			return pad.QueryDefault(q)
		}
		if fail {
			return false
		}
		lq.Live, lq.Min, lq.Max = live, min, max
		return true
	})
	return p
}

// gst_pad_query_latency_default (query_latency_default_fold): the default
// LATENCY handler asks the peers of all internally linked pads; live =
// OR, min = MAX and max = MIN over the live answers (NONE is infinite);
// unlinked pads are skipped; a failing peer fails the query.
func TestPadQueryLatencyDefaultFolds(t *testing.T) {
	type up struct {
		live     bool
		min, max ClockTime
		fail     bool
		unlinked bool
	}
	none := ClockTimeNone
	cases := []struct {
		name             string
		ups              []up
		ok               bool
		live             bool
		wantMin, wantMax ClockTime
	}{
		{"no sink pads", nil, true, false, 0, none},
		{"one live", []up{{live: true, min: 10, max: 100}}, true, true, 10, 100},
		{"max of mins, min of maxes", []up{{live: true, min: 10, max: 100}, {live: true, min: 20, max: none}, {live: true, min: 5, max: 50}}, true, true, 20, 50},
		{"none is infinite", []up{{live: true, min: 10, max: none}, {live: true, min: 30, max: none}}, true, true, 30, none},
		{"non-live answers ignored", []up{{live: false, min: 99, max: 1}, {live: true, min: 10, max: 100}}, true, true, 10, 100},
		{"all non-live", []up{{live: false, min: 99, max: 1}}, true, false, 0, none},
		{"unlinked pad skipped", []up{{unlinked: true}, {live: true, min: 7, max: 8}}, true, true, 7, 8},
		{"failing peer fails", []up{{live: true, min: 10, max: 100}, {fail: true}}, false, false, 0, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			el := newTestElement(t, "mux")
			src := NewPad("src", PadSrc)
			if err := el.AddPad(src); err != nil {
				t.Fatal(err)
			}
			for i, u := range c.ups {
				sink := NewPad("sink_"+string(rune('0'+i)), PadSink)
				if err := el.AddPad(sink); err != nil {
					t.Fatal(err)
				}
				if u.unlinked {
					continue
				}
				if upstreamLatency("up", u.live, u.min, u.max, u.fail).Link(sink) != PadLinkOK {
					t.Fatal("link")
				}
			}
			q := NewLatencyQuery()
			q.Min, q.Max = 1234, 5678 // must be overwritten on success
			ok := src.Query(q)
			if ok != c.ok {
				t.Fatalf("query = %v, want %v", ok, c.ok)
			}
			if !ok {
				return
			}
			if q.Live != c.live || q.Min != c.wantMin || q.Max != c.wantMax {
				t.Errorf("live %v min %v max %v, want %v %v %v", q.Live, q.Min, q.Max, c.live, c.wantMin, c.wantMax)
			}
		})
	}
	if NewPad("orphan", PadSrc).Query(NewLatencyQuery()) {
		t.Error("a pad without parent answered LATENCY (no internal links iterator)")
	}
}
