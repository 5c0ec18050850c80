package gst

import (
	"errors"
	"strings"
	"testing"
)

// secretTestProps has a ParamSecret property whose name does not look
// secret, so only the flag hides it.
var secretTestProps = []*ParamSpec{
	ParamString("opaque", "Opaque", "A secret by flag only", "", ParamReadWrite|ParamMutableReady|ParamSecret),
	ParamInt("level", "Level", "A secret number", 0, 10, 0, ParamReadWrite|ParamSecret),
}

func newSecretTestElement(t *testing.T) Element {
	t.Helper()
	c := &ElementClass{Name: "secrettest", TypeName: "GstSecretTest", Properties: secretTestProps,
		New: func() Element { return &dotTestElement{props: map[string]any{}} }}
	el, err := c.Create("sec0")
	if err != nil {
		t.Fatal(err)
	}
	return el
}

func TestParamSecretHiddenInDotDump(t *testing.T) {
	el := newSecretTestElement(t)
	if err := el.Set("opaque", "hunter2-by-flag"); err != nil {
		t.Fatal(err)
	}
	if err := el.Set("level", 7); err != nil {
		t.Fatal(err)
	}
	p := NewPipeline("p")
	if err := p.Add(el); err != nil {
		t.Fatal(err)
	}
	dot := DebugBinToDotData(&p.Bin, DebugGraphShowAll)
	for _, leak := range []string{"hunter2-by-flag", "opaque", "level=7"} {
		if strings.Contains(dot, leak) {
			t.Errorf("dot leaks %q:\n%s", leak, dot)
		}
	}
}

func TestParamSecretHiddenInErrors(t *testing.T) {
	el := newSecretTestElement(t)
	for _, tc := range []struct {
		name string
		set  func() error
	}{
		{"wrong type", func() error { return el.Set("opaque", 12345678) }},
		{"out of range", func() error { return el.Set("level", 99) }},
		{"bad string", func() error { return el.SetString("level", "hunter2-by-flag") }},
	} {
		err := tc.set()
		if err == nil {
			t.Fatalf("%s: no error", tc.name)
		}
		if !errors.Is(err, ErrBadValue) {
			t.Errorf("%s: %v is not ErrBadValue", tc.name, err)
		}
		for _, leak := range []string{"12345678", "99", "hunter2-by-flag"} {
			if strings.Contains(err.Error(), leak) {
				t.Errorf("%s: error leaks %q: %v", tc.name, leak, err)
			}
		}
		if !strings.Contains(err.Error(), "<hidden>") {
			t.Errorf("%s: error %q does not say the value is hidden", tc.name, err)
		}
	}
	if got := secretTestProps[0].Redact("x"); got != "<hidden>" {
		t.Errorf("Redact = %q", got)
	}
	if got := ParamInt("n", "N", "", 0, 1, 0, ParamReadWrite).Redact("x"); got != "x" {
		t.Errorf("Redact of a plain property = %q", got)
	}
	if s := (ParamReadWrite | ParamSecret).InspectString(); s != "readable, writable" {
		t.Errorf("inspect flags = %q", s)
	}
}
