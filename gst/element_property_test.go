package gst

import (
	"errors"
	"testing"
)

type propElement struct {
	ElementBase
	vals map[string]any
}

func (e *propElement) SetProperty(name string, v any) error {
	e.vals[name] = v
	return nil
}

func (e *propElement) Property(name string) any { return e.vals[name] }

var propElementClass = &ElementClass{
	Name: "propelement",
	Properties: []*ParamSpec{
		ParamInt("ready-only", "Ready only", "changeable only in NULL or READY", 0, 100, 0, ParamReadWrite|ParamMutableReady),
		ParamInt("plain", "Plain", "no mutability flag", 0, 100, 0, ParamReadWrite),
		ParamInt("paused", "Paused", "changeable up to PAUSED", 0, 100, 0, ParamReadWrite|ParamMutablePaused),
		ParamInt("read-only", "Read only", "not writable", 0, 100, 0, ParamReadable),
		ParamInt("construct-only", "Construct only", "set at construction", 0, 100, 0, ParamReadWrite|ParamConstructOnly),
	},
	New: func() Element { return &propElement{vals: map[string]any{}} },
}

// g_object_set does not check GST_PARAM_MUTABLE_*: those flags only inform
// (gst-inspect prints them). Writable properties are set in any state;
// read-only and construct-only ones are refused.
func TestElementSetIgnoresMutability(t *testing.T) {
	el, err := propElementClass.Create("p")
	if err != nil {
		t.Fatal(err)
	}
	e := el.(*propElement)
	if r := e.SetState(StatePlaying); r == StateChangeFailure {
		t.Fatalf("PLAYING: %v", r)
	}
	defer e.SetState(StateNull)
	for _, name := range []string{"ready-only", "plain", "paused"} {
		if err := e.Set(name, 7); err != nil {
			t.Errorf("Set(%q) in PLAYING: %v", name, err)
		} else if e.vals[name] != 7 {
			t.Errorf("%s = %v, want 7", name, e.vals[name])
		}
		if err := e.SetString(name, "9"); err != nil {
			t.Errorf("SetString(%q) in PLAYING: %v", name, err)
		}
	}
	for _, name := range []string{"read-only", "construct-only"} {
		err := e.Set(name, 7)
		if !errors.Is(err, ErrNotWritable) {
			t.Errorf("Set(%q) = %v, want ErrNotWritable", name, err)
		}
		if _, ok := e.vals[name]; ok {
			t.Errorf("%s was set", name)
		}
	}
}
