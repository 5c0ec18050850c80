package gsttest

import (
	"testing"
	"time"

	"github.com/gstmini/gstmini/gst"
)

// CheckElement runs the conformance checks on factory from
// gst.DefaultRegistry; see CheckAllElements.
//
// GStreamer: tests/check/generic/states.c and the property checks of
// gst-validate.
func CheckElement(t *testing.T, factory string) {
	t.Helper()
	checkElement(t, gst.DefaultRegistry(), factory)
}

// CheckAllElements runs, for every factory of r, a subtest that creates
// the element, walks NULL→READY→PAUSED→PLAYING→PAUSED→READY→NULL (ASYNC
// changes are waited for briefly; sinks without data stay async), and
// round-trips every readable, writable, not construct-only property
// through GetString and SetString.
//
// GStreamer: tests/check/generic/states.c.
func CheckAllElements(t *testing.T, r *gst.Registry) {
	t.Helper()
	for _, c := range r.Factories() {
		t.Run(c.Name, func(t *testing.T) { checkElement(t, r, c.Name) })
	}
}

func checkElement(t *testing.T, r *gst.Registry, factory string) {
	t.Helper()
	el, err := r.MakeElement(factory, "")
	if err != nil {
		t.Fatalf("creating %q: %v", factory, err)
	}
	checkProperties(t, el)
	seq := []gst.State{gst.StateReady, gst.StatePaused, gst.StatePlaying, gst.StatePaused, gst.StateReady, gst.StateNull}
	wait := gst.ClockTimeFromDuration(100 * time.Millisecond)
	for _, s := range seq {
		if ret := el.SetState(s); ret == gst.StateChangeFailure {
			el.SetState(gst.StateNull)
			t.Fatalf("%s: set state %s failed", factory, s)
		}
		if ret, _, _ := el.State(wait); ret == gst.StateChangeFailure {
			el.SetState(gst.StateNull)
			t.Fatalf("%s: state %s failed asynchronously", factory, s)
		}
	}
	ret, cur, _ := el.State(gst.ClockTimeFromDuration(DefaultTimeout))
	if ret != gst.StateChangeSuccess || cur != gst.StateNull {
		t.Fatalf("%s: after going down: %s in %s, want success in NULL", factory, ret, cur)
	}
}

func checkProperties(t *testing.T, el gst.Element) {
	t.Helper()
	class := el.Class()
	if class == nil {
		return
	}
	for _, ps := range class.Properties {
		const need = gst.ParamReadable | gst.ParamWritable
		if ps.Flags&need != need || ps.Flags&gst.ParamConstructOnly != 0 || ps.Name == "name" || ps.Name == "parent" {
			continue
		}
		s, err := el.GetString(ps.Name)
		if err != nil {
			t.Errorf("%s: get %q: %v", el.Name(), ps.Name, err)
			continue
		}
		if err := el.SetString(ps.Name, s); err != nil {
			t.Errorf("%s: set %q to its own value %q: %v", el.Name(), ps.Name, s, err)
			continue
		}
		s2, err := el.GetString(ps.Name)
		if err != nil || s2 != s {
			t.Errorf("%s: %q round trip: %q became %q (%v)", el.Name(), ps.Name, s, s2, err)
		}
	}
}
