package gst

import (
	"fmt"
	"strings"
)

// CapsFeaturesMemorySystemMemory is the feature of plain system memory, the
// default of every caps structure that has no explicit features.
//
// GStreamer: GST_CAPS_FEATURE_MEMORY_SYSTEM_MEMORY (gst/gstcapsfeatures.h).
const CapsFeaturesMemorySystemMemory = "memory:SystemMemory"

// CapsFeatures is the set of features ("memory:GLMemory",
// "meta:GstVideoOverlayComposition", ...) attached to one structure of a
// Caps. An empty set means system memory. The special ANY set matches any
// other set. Names look like "namespace:Name".
//
// CapsFeatures inside Caps must be treated as read-only.
//
// GStreamer: GstCapsFeatures (gst/gstcapsfeatures.h).
type CapsFeatures struct {
	features []string
	any      bool
}

// sysmemFeatures is GST_CAPS_FEATURES_MEMORY_SYSTEM_MEMORY; never modified.
var sysmemFeatures = &CapsFeatures{features: []string{CapsFeaturesMemorySystemMemory}}

// validFeatureName mirrors gst_caps_feature_name_is_valid: letters, ':',
// then a letter followed by letters and digits.
func validFeatureName(f string) bool {
	i := 0
	for i < len(f) && isAlpha(f[i]) {
		i++
	}
	if i >= len(f) || f[i] != ':' {
		return false
	}
	i++
	if i >= len(f) || !isAlpha(f[i]) {
		return false
	}
	for ; i < len(f); i++ {
		if !isAlnum(f[i]) {
			return false
		}
	}
	return true
}

// NewCapsFeatures returns the set of the given features. Invalid names are
// skipped and duplicates kept once, as in GStreamer.
//
// GStreamer: gst_caps_features_new (gst/gstcapsfeatures.c).
func NewCapsFeatures(features ...string) *CapsFeatures {
	f := &CapsFeatures{}
	for _, name := range features {
		f.Add(name)
	}
	return f
}

// NewCapsFeaturesEmpty returns an empty set, which stands for system memory.
//
// GStreamer: gst_caps_features_new_empty (gst/gstcapsfeatures.c).
func NewCapsFeaturesEmpty() *CapsFeatures { return &CapsFeatures{} }

// NewCapsFeaturesAny returns the ANY set, which is equal to every set.
//
// GStreamer: gst_caps_features_new_any (gst/gstcapsfeatures.c).
func NewCapsFeaturesAny() *CapsFeatures { return &CapsFeatures{any: true} }

// ParseCapsFeatures parses "memory:GLMemory, meta:Foo" or "ANY". An empty
// string gives the empty (system memory) set. Invalid feature names are an
// error.
//
// GStreamer: gst_caps_features_from_string (gst/gstcapsfeatures.c).
func ParseCapsFeatures(s string) (*CapsFeatures, error) {
	s = cString(s)
	ret := NewCapsFeaturesEmpty()
	if s == "" {
		return ret, nil
	}
	if s == "ANY" {
		ret.any = true
		return ret, nil
	}
	i := 0
	for i < len(s) && s[i] == ' ' {
		i++
	}
	start := i
	escape := false
	for {
		var c byte
		if i < len(s) {
			c = s[i]
		}
		if c == '\\' {
			escape = true
			i++
			continue
		}
		if (!escape && c == ',') || i >= len(s) {
			tok := strings.TrimRight(s[start:i], " ")
			if tok == "" || strings.Contains(tok, " ") {
				return nil, fmt.Errorf("gst: invalid caps features %q", s)
			}
			if !validFeatureName(tok) {
				return nil, fmt.Errorf("gst: invalid caps feature name %q in %q", tok, s)
			}
			ret.Add(tok)
			if i >= len(s) {
				break
			}
			i++
			for i < len(s) && s[i] == ' ' {
				i++
			}
			start = i
			continue
		}
		escape = false
		i++
	}
	return ret, nil
}

// String returns "ANY", or the features joined with ", " (the empty set
// gives "").
//
// GStreamer: gst_caps_features_to_string (gst/gstcapsfeatures.c).
func (f *CapsFeatures) String() string {
	if f.any && len(f.features) == 0 {
		return "ANY"
	}
	return strings.Join(f.features, ", ")
}

// IsAny reports whether this is the ANY set.
//
// GStreamer: gst_caps_features_is_any (gst/gstcapsfeatures.c).
func (f *CapsFeatures) IsAny() bool { return f.any }

// Size returns the number of features in the set.
//
// GStreamer: gst_caps_features_get_size (gst/gstcapsfeatures.c).
func (f *CapsFeatures) Size() int { return len(f.features) }

// Nth returns the i-th feature, or "" if i is out of range.
//
// GStreamer: gst_caps_features_get_nth (gst/gstcapsfeatures.c).
func (f *CapsFeatures) Nth(i int) string {
	if i < 0 || i >= len(f.features) {
		return ""
	}
	return f.features[i]
}

// Contains reports whether the set holds feature. ANY holds everything and
// the empty set holds "memory:SystemMemory".
//
// GStreamer: gst_caps_features_contains (gst/gstcapsfeatures.c).
func (f *CapsFeatures) Contains(feature string) bool {
	if f.any {
		return true
	}
	if len(f.features) == 0 {
		return feature == CapsFeaturesMemorySystemMemory
	}
	for _, x := range f.features {
		if x == feature {
			return true
		}
	}
	return false
}

// IsEqual reports whether both sets hold the same features in any order.
// ANY equals every set, and the empty set equals {memory:SystemMemory}.
//
// GStreamer: gst_caps_features_is_equal (gst/gstcapsfeatures.c).
func (f *CapsFeatures) IsEqual(o *CapsFeatures) bool {
	if f.any || o.any {
		return true
	}
	n1, n2 := len(f.features), len(o.features)
	if n1 == 0 && n2 == 0 {
		return true
	}
	if n1 == 0 && n2 == 1 && o.Contains(CapsFeaturesMemorySystemMemory) {
		return true
	}
	if n2 == 0 && n1 == 1 && f.Contains(CapsFeaturesMemorySystemMemory) {
		return true
	}
	if n1 != n2 {
		return false
	}
	for _, x := range f.features {
		if !o.Contains(x) {
			return false
		}
	}
	return true
}

// Add adds feature to the set unless it is already there. Invalid names are
// ignored.
//
// GStreamer: gst_caps_features_add (gst/gstcapsfeatures.c).
func (f *CapsFeatures) Add(feature string) {
	if !validFeatureName(feature) {
		return
	}
	if len(f.features) > 0 && f.Contains(feature) {
		return
	}
	f.features = append(f.features, feature)
}

// Remove removes feature from the set. Like GStreamer it moves the last
// feature into the freed slot.
//
// GStreamer: gst_caps_features_remove (gst/gstcapsfeatures.c).
func (f *CapsFeatures) Remove(feature string) {
	for i, x := range f.features {
		if x == feature {
			last := len(f.features) - 1
			f.features[i] = f.features[last]
			f.features = f.features[:last]
			return
		}
	}
}

// Copy returns an independent copy of the set.
//
// GStreamer: gst_caps_features_copy (gst/gstcapsfeatures.c).
func (f *CapsFeatures) Copy() *CapsFeatures {
	return &CapsFeatures{features: append([]string(nil), f.features...), any: f.any}
}
