package gst

import "testing"

// Cases ported from GStreamer's tests/check/gst/gstcapsfeatures.c.

func TestCapsFeaturesBasic(t *testing.T) {
	a := NewCapsFeatures("m:abc", "m:def", "m:ghi")
	b := a.Copy()
	if !a.IsEqual(b) || a.IsEqual(sysmemFeatures) {
		t.Error("equality")
	}
	if a.Size() != 3 || a.Nth(1) != "m:def" || a.Nth(7) != "" {
		t.Error("Size/Nth")
	}
	b.Add("m:jkl")
	if a.IsEqual(b) || b.Size() != 4 || b.Nth(3) != "m:jkl" {
		t.Error("Add")
	}
	b.Add("m:jkl")
	if b.Size() != 4 {
		t.Error("duplicate Add")
	}
	b.Remove("m:jkl")
	if !a.IsEqual(b) {
		t.Error("Remove")
	}
	b.Remove("m:abc")
	b.Add("m:abc")
	if !a.IsEqual(b) {
		t.Error("Remove/Add")
	}
	b.Remove("m:abc")
	b.Remove("m:def")
	b.Remove("m:ghi")
	if !b.IsEqual(sysmemFeatures) || !b.Contains(CapsFeaturesMemorySystemMemory) {
		t.Error("empty is sysmem")
	}
	b.Add(CapsFeaturesMemorySystemMemory)
	if b.Size() != 1 || !b.IsEqual(NewCapsFeaturesEmpty()) {
		t.Error("explicit sysmem")
	}
	b.Add("not valid")
	if b.Size() != 1 {
		t.Error("invalid name added")
	}
	// Remove moves the last feature into the freed slot, as GStreamer does.
	c := NewCapsFeatures("m:a", "m:b", "m:c")
	c.Remove("m:a")
	if c.Nth(0) != "m:c" || c.Nth(1) != "m:b" {
		t.Errorf("Remove order: %s", c)
	}
}

func TestCapsFeaturesString(t *testing.T) {
	a := NewCapsFeatures("m:abc", "m:def", "m:ghi")
	if a.String() != "m:abc, m:def, m:ghi" {
		t.Errorf("String = %q", a.String())
	}
	b, err := ParseCapsFeatures(a.String())
	if err != nil || !a.IsEqual(b) {
		t.Errorf("parse: %v %v", b, err)
	}
	any := NewCapsFeaturesAny()
	if !any.IsAny() || any.String() != "ANY" || !any.IsEqual(a) || !any.Contains("x:y") {
		t.Error("ANY")
	}
	b, err = ParseCapsFeatures("ANY")
	if err != nil || !b.IsAny() {
		t.Error("parse ANY")
	}
	b, err = ParseCapsFeatures("  memory:GLMemory ,meta:Foo  ")
	if err != nil || b.Size() != 2 || b.Nth(0) != "memory:GLMemory" || b.Nth(1) != "meta:Foo" {
		t.Errorf("parse spaces: %v %v", b, err)
	}
	if b, err := ParseCapsFeatures(""); err != nil || b.Size() != 0 || b.IsAny() {
		t.Error("parse empty")
	}
	for _, bad := range []string{"a b:c", "m:a,,m:b", "memory", "m:1a", ","} {
		if f, err := ParseCapsFeatures(bad); err == nil {
			t.Errorf("%q parsed to %v", bad, f)
		}
	}
}
