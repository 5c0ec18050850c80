package gst

import "testing"

// recPads builds el with a sink pad and a src pad, both linked to outside
// pads, recording which pad's event/query function got called.
func recPads(t *testing.T) (el *testElement, sink, src, up, down *Pad, log *[]string) {
	t.Helper()
	el = newTestElement(t, "el")
	log = new([]string)
	rec := func(name string) EventFunc {
		return func(p *Pad, ev Event) bool {
			*log = append(*log, name+":"+ev.Type().String())
			return true
		}
	}
	sink = NewPad("sink", PadSink)
	src = NewPad("src", PadSrc)
	sink.SetEventFunc(rec("sink"))
	src.SetEventFunc(rec("src"))
	src.SetQueryFunc(func(p *Pad, q Query) bool {
		pq, ok := q.(*PositionQuery)
		if !ok {
			return p.QueryDefault(q)
		}
		*log = append(*log, "src-query")
		pq.Cur = 42
		return true
	})
	if err := el.AddPad(sink); err != nil {
		t.Fatal(err)
	}
	if err := el.AddPad(src); err != nil {
		t.Fatal(err)
	}
	up = NewPad("up", PadSrc)
	down = NewPad("down", PadSink)
	up.SetEventFunc(rec("up"))
	down.SetEventFunc(rec("down"))
	down.SetQueryFunc(func(p *Pad, q Query) bool {
		if _, ok := q.(*PositionQuery); ok {
			*log = append(*log, "down-query")
			return false
		}
		return p.QueryDefault(q)
	})
	if up.Link(sink) != PadLinkOK || src.Link(down) != PadLinkOK {
		t.Fatal("link")
	}
	for _, p := range []*Pad{up, sink, src, down} {
		p.SetActive(true)
	}
	return
}

// gst_element_default_send_event: an upstream event enters the element
// through a linked src pad (gst_pad_send_event), a downstream event
// through a linked sink pad; gst_element_default_query queries the
// element's own src pad.
func TestElementDefaultSendEventAndQuery(t *testing.T) {
	cases := []struct {
		name string
		ev   func() Event
		want string
	}{
		{"seek goes into the src pad", func() Event {
			return NewSeekEvent(1, FormatTime, SeekFlagFlush, SeekTypeSet, 0, SeekTypeNone, -1)
		}, "src:seek"},
		{"flush-start goes into the sink pad", func() Event { return NewFlushStartEvent() }, "sink:flush-start"},
		{"eos goes into the sink pad", func() Event { return NewEOSEvent() }, "sink:eos"},
		{"reconfigure goes into the src pad", func() Event { return NewReconfigureEvent() }, "src:reconfigure"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			el, _, _, _, _, log := recPads(t)
			if !el.SendEvent(c.ev()) {
				t.Fatal("SendEvent reported false")
			}
			if len(*log) != 1 || (*log)[0] != c.want {
				t.Errorf("handled by %v, want [%s]", *log, c.want)
			}
		})
	}

	el, _, _, _, _, log := recPads(t)
	pos, ok := el.QueryPosition(FormatTime)
	if !ok || pos != 42 {
		t.Errorf("position %d %v, want 42 from the element's src pad", pos, ok)
	}
	if len(*log) != 1 || (*log)[0] != "src-query" {
		t.Errorf("query went to %v, want [src-query]", *log)
	}
}

// Unlinked pads are skipped for events (gst_element_get_random_pad with
// need_linked); an element with no suitable pad refuses the event. The
// query uses the first src pad even when unlinked; without src pads it
// asks the peer of a linked sink pad.
func TestElementDefaultSendEventNeedsLinkedPad(t *testing.T) {
	el := newTestElement(t, "lonely")
	src := NewPad("src", PadSrc)
	var got []string
	src.SetEventFunc(func(p *Pad, ev Event) bool { got = append(got, ev.Type().String()); return true })
	src.SetQueryFunc(func(p *Pad, q Query) bool {
		if _, ok := q.(*DurationQuery); ok {
			got = append(got, "query")
			return true
		}
		return p.QueryDefault(q)
	})
	el.AddPad(src)
	src.SetActive(true)
	if el.SendEvent(NewReconfigureEvent()) {
		t.Error("SendEvent to an element without linked src pad reported true")
	}
	if el.SendEvent(NewEOSEvent()) {
		t.Error("SendEvent(EOS) to an element without sink pad reported true")
	}
	if !el.Query(NewDurationQuery(FormatTime)) || len(got) != 1 || got[0] != "query" {
		t.Errorf("query on unlinked src pad: %v", got)
	}

	sinkOnly := newTestElement(t, "sinkonly")
	sp := NewPad("sink", PadSink)
	sinkOnly.AddPad(sp)
	up := NewPad("up", PadSrc)
	up.SetQueryFunc(func(p *Pad, q Query) bool {
		if dq, ok := q.(*DurationQuery); ok {
			dq.Duration = 7
			return true
		}
		return p.QueryDefault(q)
	})
	if sinkOnly.Query(NewDurationQuery(FormatTime)) {
		t.Error("query without src pads and unlinked sink pad reported true")
	}
	up.Link(sp)
	if d, ok := sinkOnly.QueryDuration(FormatTime); !ok || d != 7 {
		t.Errorf("duration %d %v, want 7 from the sink pad's peer", d, ok)
	}
}
