package all

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/gstmini/gstmini/gst"
	"github.com/gstmini/gstmini/gsttest"
)

// conformanceSetup lists the elements that cannot reach PAUSED with their
// default properties, and how to prepare one (as each element's own
// conformance test does). Every other registered factory runs
// gsttest.CheckElement unchanged, so elements added to a plugin later are
// checked without touching this file.
var conformanceSetup = map[string]func(t *testing.T, el gst.Element){
	// filesrc opens "location" in READY→PAUSED: give it a small file.
	"filesrc": func(t *testing.T, el gst.Element) {
		p := filepath.Join(t.TempDir(), "in.bin")
		if err := os.WriteFile(p, make([]byte, 4096), 0o644); err != nil {
			t.Fatal(err)
		}
		conformanceSet(t, el, "location", p)
	},
	// filesink opens "location" in NULL→READY.
	"filesink": func(t *testing.T, el gst.Element) {
		conformanceSet(t, el, "location", filepath.Join(t.TempDir(), "out.bin"))
	},
	// s3sink needs a bucket to start; it connects only when data comes,
	// so an endpoint nobody listens on is fine for the state walk.
	"s3sink": func(t *testing.T, el gst.Element) {
		conformanceSet(t, el, "bucket", "conformance")
		conformanceSet(t, el, "endpoint-uri", "http://127.0.0.1:9")
		conformanceSet(t, el, "force-path-style", "true")
	},
}

func conformanceSet(t *testing.T, el gst.Element, prop, value string) {
	t.Helper()
	if err := el.SetString(prop, value); err != nil {
		t.Fatalf("%s: setup: set %s=%q: %v", el.Class().Name, prop, value, err)
	}
}

// TestConformance is GStreamer's generic element check (tests/check/
// generic/states.c) over every factory that Register provides: create the
// element, round-trip its properties through their string form, and walk
// NULL→READY→PAUSED→PLAYING→PAUSED→READY→NULL. Subtests are named after
// the factory.
func TestConformance(t *testing.T) {
	r := gst.DefaultRegistry()
	if err := Register(r); err != nil {
		t.Fatal(err)
	}
	own := gst.NewRegistry()
	if err := Register(own); err != nil {
		t.Fatal(err)
	}
	factories := own.Factories()
	if len(factories) == 0 {
		t.Fatal("Register registered no factories")
	}
	for _, c := range factories {
		name := c.Name
		t.Run(name, func(t *testing.T) {
			setup, ok := conformanceSetup[name]
			if !ok {
				gsttest.CheckElement(t, name)
				return
			}
			el, err := r.MakeElement(name, "")
			if err != nil {
				t.Fatalf("factory %q: create: %v", name, err)
			}
			setup(t, el)
			conformanceProperties(t, name, el)
			conformanceStates(t, name, el)
		})
	}
}

// TestConformanceSetupNames keeps the setup table honest: every entry
// names a registered factory.
func TestConformanceSetupNames(t *testing.T) {
	r := gst.NewRegistry()
	if err := Register(r); err != nil {
		t.Fatal(err)
	}
	for name := range conformanceSetup {
		if r.Lookup(name) == nil {
			t.Errorf("conformanceSetup has %q, which Register does not provide", name)
		}
	}
}

// conformanceProperties is gsttest.CheckElement's property check for an
// element prepared by a setup function: every readable, writable property
// with a string form survives GetString → SetString → GetString.
func conformanceProperties(t *testing.T, factory string, el gst.Element) {
	t.Helper()
	for _, ps := range el.Class().Properties {
		const need = gst.ParamReadable | gst.ParamWritable
		if ps.Flags&need != need || ps.Flags&gst.ParamConstructOnly != 0 || ps.Name == "name" || ps.Name == "parent" ||
			ps.Type == gst.ParamTypeObject || ps.Type == gst.ParamTypeBoxed {
			continue
		}
		s, err := el.GetString(ps.Name)
		if err != nil {
			t.Errorf("factory %q: get %q: %v", factory, ps.Name, err)
			continue
		}
		if err := el.SetString(ps.Name, s); err != nil {
			t.Errorf("factory %q: set %q to its own value %q: %v", factory, ps.Name, s, err)
			continue
		}
		if s2, err := el.GetString(ps.Name); err != nil || s2 != s {
			t.Errorf("factory %q: %q round trip: %q became %q (%v)", factory, ps.Name, s, s2, err)
		}
	}
}

// conformanceStates is gsttest.CheckElement's state walk.
func conformanceStates(t *testing.T, factory string, el gst.Element) {
	t.Helper()
	wait := gst.ClockTimeFromDuration(100 * time.Millisecond)
	for _, s := range []gst.State{gst.StateReady, gst.StatePaused, gst.StatePlaying, gst.StatePaused, gst.StateReady, gst.StateNull} {
		if el.SetState(s) == gst.StateChangeFailure {
			el.SetState(gst.StateNull)
			t.Fatalf("factory %q: set state %s failed", factory, s)
		}
		if ret, _, _ := el.State(wait); ret == gst.StateChangeFailure {
			el.SetState(gst.StateNull)
			t.Fatalf("factory %q: state %s failed asynchronously", factory, s)
		}
	}
	ret, cur, _ := el.State(gst.ClockTimeFromDuration(gsttest.DefaultTimeout))
	if ret != gst.StateChangeSuccess || cur != gst.StateNull {
		t.Fatalf("factory %q: after going down: %s in %s, want success in NULL", factory, ret, cur)
	}
}
