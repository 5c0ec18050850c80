package gst

import (
	"fmt"
	"sort"
	"strings"
)

// Caps describes the media types a pad can handle: ANY, EMPTY, or an
// ordered list of structures, each with optional CapsFeatures (none means
// system memory).
//
// Caps are values by convention: operations (Intersect, Merge, Fixate,
// Simplify, ...) return new Caps and leave their inputs alone, and caps
// that have been shared (put in an event, a pad, a template) must not be
// modified; Copy them first. The few mutating methods (Append,
// AppendStructure, SetValue, ...) are for caps you just built. Reading
// shared caps is safe for concurrent use.
//
// GStreamer: GstCaps (gst/gstcaps.h).
type Caps struct {
	any     bool
	entries []capsEntry
}

type capsEntry struct {
	s *Structure
	f *CapsFeatures // nil means system memory
}

// CapsIntersectMode selects the order of the result of IntersectFull.
//
// GStreamer: GstCapsIntersectMode (gst/gstcaps.h).
type CapsIntersectMode int

// Intersect modes.
//
// GStreamer: GST_CAPS_INTERSECT_ZIG_ZAG, GST_CAPS_INTERSECT_FIRST (gst/gstcaps.h).
const (
	// CapsIntersectZigZag walks the structure pairs by the sum of their
	// indexes, keeping the preferences of both caps.
	CapsIntersectZigZag CapsIntersectMode = iota
	// CapsIntersectFirst keeps the order of the first caps.
	CapsIntersectFirst
)

// NewCapsAny returns caps that match everything.
//
// GStreamer: gst_caps_new_any (gst/gstcaps.c).
func NewCapsAny() *Caps { return &Caps{any: true} }

// NewCapsEmpty returns caps that match nothing.
//
// GStreamer: gst_caps_new_empty (gst/gstcaps.c).
func NewCapsEmpty() *Caps { return &Caps{} }

// NewCaps returns caps holding the given structures (with system memory
// features). The caps take ownership of the structures.
//
// GStreamer: gst_caps_new_full (gst/gstcaps.c).
func NewCaps(s ...*Structure) *Caps {
	c := &Caps{entries: make([]capsEntry, 0, len(s))}
	for _, st := range s {
		if st != nil {
			c.entries = append(c.entries, capsEntry{s: st})
		}
	}
	return c
}

// NewCapsEmptySimple returns caps with one empty structure called
// mediaType.
//
// GStreamer: gst_caps_new_empty_simple (gst/gstcaps.c).
func NewCapsEmptySimple(mediaType string) *Caps {
	return NewCaps(NewStructure(mediaType))
}

// NewCapsSimple returns caps with one structure called mediaType and the
// given field, value pairs, e.g. NewCapsSimple("video/x-raw", "width", 320).
// Pairs whose key is not a string are skipped.
//
// GStreamer: gst_caps_new_simple (gst/gstcaps.c).
func NewCapsSimple(mediaType string, kv ...any) *Caps {
	return NewCaps(NewStructureSimple(mediaType, kv...))
}

// ParseCaps parses the string form of caps: "ANY", "EMPTY" (or "NONE"), or
// structures separated by ';', each optionally followed by features in
// parentheses: "video/x-raw(memory:GLMemory), width=320; video/x-raw".
//
// GStreamer: gst_caps_from_string (gst/gstcaps.c).
func ParseCaps(s string) (*Caps, error) {
	s = cString(s)
	switch s {
	case "ANY":
		return NewCapsAny(), nil
	case "EMPTY", "NONE":
		return NewCapsEmpty(), nil
	}
	c := NewCapsEmpty()
	i := 0
	for {
		i = skipSpaces(s, i)
		if i >= len(s) {
			break
		}
		name, _, next, ok := parseStructureName(s, i, false)
		if !ok {
			return nil, fmt.Errorf("gst: cannot parse caps %q: bad structure name at offset %d", s, i)
		}
		if err := ValidateStructureName(name); err != nil {
			return nil, fmt.Errorf("gst: cannot parse caps %q: %w", s, err)
		}
		st := NewStructure(name)
		var feats *CapsFeatures
		i = next
		if i < len(s) && s[i] == '(' {
			end := strings.IndexByte(s[i+1:], ')')
			var fs string
			if end < 0 {
				fs = s[i+1:]
				i = len(s)
			} else {
				fs = s[i+1 : i+1+end]
				i = i + 1 + end + 1
			}
			f, err := ParseCapsFeatures(fs)
			if err != nil {
				return nil, fmt.Errorf("gst: cannot parse caps %q: %w", s, err)
			}
			feats = f
		}
		if i < len(s) {
			end, err := parseStructureFields(s, i, st)
			if err != nil {
				return nil, fmt.Errorf("gst: cannot parse caps: %w", err)
			}
			i = end
		}
		c.entries = append(c.entries, capsEntry{st, feats})
		if i >= len(s) {
			break
		}
	}
	return c, nil
}

// MustParseCaps is ParseCaps that panics on error. Use it only for
// package-level constants written in the source.
//
// GStreamer: GST_STATIC_CAPS (gst/gstcaps.h).
func MustParseCaps(s string) *Caps {
	c, err := ParseCaps(s)
	if err != nil {
		panic(err)
	}
	return c
}

// String returns "ANY", "EMPTY", or the structures joined by "; " with
// non-default features in parentheses, e.g.
// "video/x-raw(memory:GLMemory), width=(int)320; audio/x-raw".
//
// GStreamer: gst_caps_to_string (gst/gstcaps.c).
func (c *Caps) String() string {
	s, _ := c.serialize(SerializeFlagBackwardCompat)
	return s
}

// Serialize returns the string form of the caps with the given flags (see
// Structure.Serialize). It fails with an error wrapping ErrNotSerializable
// if a value has no string form.
//
// GStreamer: gst_caps_serialize (gst/gstcaps.c).
func (c *Caps) Serialize(flags SerializeFlags) (string, error) {
	s, ok := c.serializeStrict(flags)
	if !ok {
		return "", fmt.Errorf("gst: caps: %w", ErrNotSerializable)
	}
	return s, nil
}

func (c *Caps) serializeStrict(flags SerializeFlags) (string, bool) {
	return c.serializeWith(flags, true)
}

func (c *Caps) serialize(flags SerializeFlags) (string, bool) {
	return c.serializeWith(flags, false)
}

// serializeWith mirrors caps_serialize. Like GStreamer, it hands the
// structures the inverse of the BACKWARD_COMPAT flag, so gst_caps_to_string
// writes nested structures in brackets.
func (c *Caps) serializeWith(flags SerializeFlags, strict bool) (string, bool) {
	if c == nil {
		return "NULL", true
	}
	if c.any {
		return "ANY", true
	}
	if len(c.entries) == 0 {
		return "EMPTY", true
	}
	inner := SerializeFlagNone
	if flags&SerializeFlagBackwardCompat == 0 {
		inner = SerializeFlagBackwardCompat
	}
	if strict {
		inner |= SerializeFlagStrict
	}
	var b strings.Builder
	for i, e := range c.entries {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(e.s.name)
		if e.f != nil && (e.f.IsAny() || !e.f.IsEqual(sysmemFeatures)) {
			b.WriteByte('(')
			b.WriteString(e.f.String())
			b.WriteByte(')')
		}
		if !e.s.appendFields(&b, inner) {
			return "", false
		}
	}
	out := b.String()
	return strings.TrimSuffix(out, ";"), true
}

// IsAny reports whether the caps are ANY.
//
// GStreamer: gst_caps_is_any (gst/gstcaps.c).
func (c *Caps) IsAny() bool { return c != nil && c.any }

// IsEmpty reports whether the caps are EMPTY (no structures and not ANY).
//
// GStreamer: gst_caps_is_empty (gst/gstcaps.c).
func (c *Caps) IsEmpty() bool { return c == nil || (!c.any && len(c.entries) == 0) }

// IsFixed reports whether the caps have exactly one structure, no ANY
// features, and only fixed values.
//
// GStreamer: gst_caps_is_fixed (gst/gstcaps.c).
func (c *Caps) IsFixed() bool {
	if c == nil || len(c.entries) != 1 || c.any {
		return false
	}
	e := c.entries[0]
	if e.f != nil && e.f.IsAny() {
		return false
	}
	return e.s.IsFixed()
}

// Size returns the number of structures (0 for ANY and EMPTY).
//
// GStreamer: gst_caps_get_size (gst/gstcaps.c).
func (c *Caps) Size() int {
	if c == nil {
		return 0
	}
	return len(c.entries)
}

// Structure returns the i-th structure, or nil if i is out of range. The
// structure belongs to the caps and must not be modified on shared caps.
//
// GStreamer: gst_caps_get_structure (gst/gstcaps.c).
func (c *Caps) Structure(i int) *Structure {
	if c == nil || i < 0 || i >= len(c.entries) {
		return nil
	}
	return c.entries[i].s
}

// Features returns the features of the i-th structure, or nil if i is out
// of range. Structures without explicit features report a new
// {memory:SystemMemory} set that is not stored in the caps (use
// SetFeatures to change features).
//
// GStreamer: gst_caps_get_features (gst/gstcaps.c).
func (c *Caps) Features(i int) *CapsFeatures {
	if c == nil || i < 0 || i >= len(c.entries) {
		return nil
	}
	if f := c.entries[i].f; f != nil {
		return f
	}
	return sysmemFeatures.Copy()
}

// SetFeatures sets the features of the i-th structure; nil means system
// memory. The caps take ownership of f.
//
// GStreamer: gst_caps_set_features (gst/gstcaps.c).
func (c *Caps) SetFeatures(i int, f *CapsFeatures) {
	if i < 0 || i >= len(c.entries) {
		return
	}
	c.entries[i].f = f
}

// SetFeaturesSimple sets the features of every structure to copies of f.
//
// GStreamer: gst_caps_set_features_simple (gst/gstcaps.c).
func (c *Caps) SetFeaturesSimple(f *CapsFeatures) {
	for i := range c.entries {
		if f == nil {
			c.entries[i].f = nil
		} else {
			c.entries[i].f = f.Copy()
		}
	}
}

func (e capsEntry) features() *CapsFeatures {
	if e.f == nil {
		return sysmemFeatures
	}
	return e.f
}

func copyFeatures(f *CapsFeatures) *CapsFeatures {
	if f == nil {
		return nil
	}
	return f.Copy()
}

// Copy returns a deep copy of the caps.
//
// GStreamer: gst_caps_copy (gst/gstcaps.c).
func (c *Caps) Copy() *Caps {
	if c == nil {
		return nil
	}
	n := &Caps{any: c.any, entries: make([]capsEntry, len(c.entries))}
	for i, e := range c.entries {
		n.entries[i] = capsEntry{e.s.Copy(), copyFeatures(e.f)}
	}
	return n
}

// CopyNth returns new caps holding a copy of the i-th structure (EMPTY if i
// is out of range; ANY stays ANY).
//
// GStreamer: gst_caps_copy_nth (gst/gstcaps.c).
func (c *Caps) CopyNth(i int) *Caps {
	n := &Caps{any: c.any}
	if i >= 0 && i < len(c.entries) {
		e := c.entries[i]
		n.entries = append(n.entries, capsEntry{e.s.Copy(), copyFeatures(e.f)})
	}
	return n
}

// Append adds copies of o's structures to c in place. If either is ANY, c
// becomes ANY.
//
// GStreamer: gst_caps_append (gst/gstcaps.c).
func (c *Caps) Append(o *Caps) {
	if c.any || o.IsAny() {
		c.any = true
		c.entries = nil
		return
	}
	if o == nil {
		return
	}
	for _, e := range o.entries {
		c.entries = append(c.entries, capsEntry{e.s.Copy(), copyFeatures(e.f)})
	}
}

// AppendStructure appends s (system memory features) in place; the caps
// take ownership of s. ANY caps stay ANY.
//
// GStreamer: gst_caps_append_structure (gst/gstcaps.c).
func (c *Caps) AppendStructure(s *Structure) {
	c.AppendStructureFull(s, nil)
}

// AppendStructureFull appends s with features f (nil means system memory)
// in place; the caps take ownership of both. ANY caps stay ANY.
//
// GStreamer: gst_caps_append_structure_full (gst/gstcaps.c).
func (c *Caps) AppendStructureFull(s *Structure, f *CapsFeatures) {
	if c.any || s == nil {
		return
	}
	c.entries = append(c.entries, capsEntry{s, f})
}

// RemoveStructure removes the i-th structure in place.
//
// GStreamer: gst_caps_remove_structure (gst/gstcaps.c).
func (c *Caps) RemoveStructure(i int) {
	if i < 0 || i >= len(c.entries) {
		return
	}
	c.entries = append(c.entries[:i], c.entries[i+1:]...)
}

// SetValue sets field to v in every structure, in place.
//
// GStreamer: gst_caps_set_value (gst/gstcaps.c).
func (c *Caps) SetValue(field string, v any) {
	for _, e := range c.entries {
		e.s.Set(field, copyValue(normalizeValue(v)))
	}
}

// SetSimple sets field, value pairs in every structure, in place.
//
// GStreamer: gst_caps_set_simple (gst/gstcaps.c).
func (c *Caps) SetSimple(kv ...any) {
	for i := 0; i+1 < len(kv); i += 2 {
		if name, ok := kv[i].(string); ok {
			c.SetValue(name, kv[i+1])
		}
	}
}

// ------------------------------------------------------------------------
// Merge

// mergeStructureFull mirrors gst_caps_merge_structure_full, in place.
func (c *Caps) mergeStructureFull(s *Structure, f *CapsFeatures) {
	if c.any {
		return
	}
	ftmp := f
	if ftmp == nil {
		ftmp = sysmemFeatures
	}
	for i := len(c.entries) - 1; i >= 0; i-- {
		f1 := c.entries[i].features()
		if (!ftmp.IsAny() || f1.IsAny()) && ftmp.IsEqual(f1) && s.IsSubset(c.entries[i].s) {
			return
		}
	}
	c.entries = append(c.entries, capsEntry{s, f})
}

// MergeStructure returns c plus s (system memory) unless c already
// expresses s.
//
// GStreamer: gst_caps_merge_structure (gst/gstcaps.c).
func (c *Caps) MergeStructure(s *Structure) *Caps {
	if c.any {
		return c
	}
	for i := len(c.entries) - 1; i >= 0; i-- {
		if c.entries[i].features().IsEqual(sysmemFeatures) && s.IsSubset(c.entries[i].s) {
			return c.Copy()
		}
	}
	n := c.Copy()
	n.entries = append(n.entries, capsEntry{s.Copy(), nil})
	return n
}

// MergeStructureFull returns c plus s with features f unless c already
// expresses them.
//
// GStreamer: gst_caps_merge_structure_full (gst/gstcaps.c).
func (c *Caps) MergeStructureFull(s *Structure, f *CapsFeatures) *Caps {
	if c.any {
		return c
	}
	n := c.Copy()
	n.mergeStructureFull(s.Copy(), copyFeatures(f))
	return n
}

// Merge returns c followed by the structures of o that c does not already
// express. If either is ANY the result is ANY.
//
// GStreamer: gst_caps_merge (gst/gstcaps.c).
func (c *Caps) Merge(o *Caps) *Caps {
	if c.IsAny() {
		return c
	}
	if o.IsAny() {
		return o
	}
	n := c.Copy()
	if n == nil {
		n = NewCapsEmpty()
	}
	if o == nil {
		return n
	}
	for _, e := range o.entries {
		n.mergeStructureFull(e.s.Copy(), copyFeatures(e.f))
	}
	return n
}

// ------------------------------------------------------------------------
// Comparisons

// IsSubset reports whether every structure of c is a subset of some
// structure of superset with equal features. EMPTY is a subset of
// everything and everything is a subset of ANY.
//
// GStreamer: gst_caps_is_subset (gst/gstcaps.c).
func (c *Caps) IsSubset(superset *Caps) bool {
	if c.IsEmpty() || superset.IsAny() {
		return true
	}
	if c.IsAny() || superset.IsEmpty() {
		return false
	}
	for i := len(c.entries) - 1; i >= 0; i-- {
		s1, f1 := c.entries[i].s, c.entries[i].features()
		found := false
		for j := len(superset.entries) - 1; j >= 0; j-- {
			s2, f2 := superset.entries[j].s, superset.entries[j].features()
			if (!f1.IsAny() || f2.IsAny()) && f1.IsEqual(f2) && s1.IsSubset(s2) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// IsSubsetStructure reports whether s is a subset of one of the caps'
// structures (features are not checked).
//
// GStreamer: gst_caps_is_subset_structure (gst/gstcaps.c).
func (c *Caps) IsSubsetStructure(s *Structure) bool {
	if c.IsAny() {
		return true
	}
	if c.IsEmpty() {
		return false
	}
	for i := len(c.entries) - 1; i >= 0; i-- {
		if s.IsSubset(c.entries[i].s) {
			return true
		}
	}
	return false
}

// IsSubsetStructureFull reports whether s with features f (nil: system
// memory) is a subset of one of the caps' structures with equal features.
//
// GStreamer: gst_caps_is_subset_structure_full (gst/gstcaps.c).
func (c *Caps) IsSubsetStructureFull(s *Structure, f *CapsFeatures) bool {
	if c.IsAny() {
		return true
	}
	if c.IsEmpty() {
		return false
	}
	if f == nil {
		f = sysmemFeatures
	}
	for i := len(c.entries) - 1; i >= 0; i-- {
		f2 := c.entries[i].features()
		if (!f.IsAny() || f2.IsAny()) && f.IsEqual(f2) && s.IsSubset(c.entries[i].s) {
			return true
		}
	}
	return false
}

// IsAlwaysCompatible reports whether every media type of c is accepted by
// o (c is a subset of o).
//
// GStreamer: gst_caps_is_always_compatible (gst/gstcaps.c).
func (c *Caps) IsAlwaysCompatible(o *Caps) bool { return c.IsSubset(o) }

// IsEqualFixed compares two fixed caps (faster than IsEqual).
//
// GStreamer: gst_caps_is_equal_fixed (gst/gstcaps.c).
func (c *Caps) IsEqualFixed(o *Caps) bool {
	if !c.IsFixed() || !o.IsFixed() {
		return false
	}
	return c.entries[0].s.IsEqual(o.entries[0].s) && c.entries[0].features().IsEqual(o.entries[0].features())
}

// IsEqual reports whether c and o describe the same set of media types
// (each a subset of the other); order and duplicates do not matter.
//
// GStreamer: gst_caps_is_equal (gst/gstcaps.c).
func (c *Caps) IsEqual(o *Caps) bool {
	if c == o {
		return true
	}
	if c.IsFixed() && o.IsFixed() {
		return c.IsEqualFixed(o)
	}
	return c.IsSubset(o) && o.IsSubset(c)
}

// IsStrictlyEqual reports whether c and o hold equal structures with equal
// features in the same order.
//
// GStreamer: gst_caps_is_strictly_equal (gst/gstcaps.c).
func (c *Caps) IsStrictlyEqual(o *Caps) bool {
	if c == o {
		return true
	}
	if c.IsAny() {
		return o.IsAny()
	}
	if o.IsAny() {
		return false
	}
	if c.Size() != o.Size() {
		return false
	}
	for i := range c.entries {
		f1, f2 := c.entries[i].features(), o.entries[i].features()
		if f1.IsAny() != f2.IsAny() || !f1.IsEqual(f2) || !c.entries[i].s.IsEqual(o.entries[i].s) {
			return false
		}
	}
	return true
}

// ------------------------------------------------------------------------
// Intersection

// zigzag calls f(j, k) for caps1 index j and caps2 index k in the order of
// gst_caps_intersect_zig_zag; f returns false to stop.
func zigzag(len1, len2 int, f func(j, k int) bool) {
	for i := 0; i < len1+len2-1; i++ {
		j := min(i, len1-1)
		k := 0
		if i > j {
			k = i - j
		}
		for k < len2 {
			if !f(j, k) {
				return
			}
			k++
			if j == 0 {
				break
			}
			j--
		}
	}
}

// CanIntersect reports whether the intersection of c and o is non-empty,
// without computing it.
//
// GStreamer: gst_caps_can_intersect (gst/gstcaps.c).
func (c *Caps) CanIntersect(o *Caps) bool {
	if c == o {
		return true
	}
	if c.IsEmpty() || o.IsEmpty() {
		return false
	}
	if c.any || o.any {
		return true
	}
	found := false
	zigzag(len(c.entries), len(o.entries), func(j, k int) bool {
		e1, e2 := c.entries[j], o.entries[k]
		if e1.features().IsEqual(e2.features()) && e1.s.CanIntersect(e2.s) {
			found = true
			return false
		}
		return true
	})
	return found
}

// Intersect returns the caps both c and o accept, in zig-zag order.
//
// GStreamer: gst_caps_intersect (gst/gstcaps.c).
func (c *Caps) Intersect(o *Caps) *Caps {
	return c.IntersectFull(o, CapsIntersectZigZag)
}

// IntersectFull returns the caps both c and o accept. With
// CapsIntersectZigZag the structure pairs are visited by increasing sum of
// indexes; with CapsIntersectFirst the order of c is kept. Structures
// already expressed by the result are not added again. When one side is
// ANY the other is returned as is.
//
// GStreamer: gst_caps_intersect_full (gst/gstcaps.c).
func (c *Caps) IntersectFull(o *Caps, mode CapsIntersectMode) *Caps {
	if c == o {
		return c
	}
	if c.IsEmpty() || o.IsEmpty() {
		return NewCapsEmpty()
	}
	if c.any {
		return o
	}
	if o.any {
		return c
	}
	dest := NewCapsEmpty()
	visit := func(j, k int) bool {
		e1, e2 := c.entries[j], o.entries[k]
		f1, f2 := e1.features(), e2.features()
		if f1.IsEqual(f2) {
			if is := e1.s.Intersect(e2.s); is != nil {
				if f1.IsAny() {
					dest.mergeStructureFull(is, copyFeatures(e2.f))
				} else {
					dest.mergeStructureFull(is, copyFeatures(e1.f))
				}
			}
		}
		return true
	}
	if mode == CapsIntersectFirst {
		for j := range c.entries {
			for k := range o.entries {
				visit(j, k)
			}
		}
	} else {
		zigzag(len(c.entries), len(o.entries), visit)
	}
	return dest
}

// ------------------------------------------------------------------------
// Subtraction

// structureSubtract mirrors gst_caps_structure_subtract: the structures
// that make up minuend minus subtrahend, or ok=false if subtrahend does not
// cut minuend.
func structureSubtract(minuend, subtrahend *Structure) ([]*Structure, bool) {
	var list []*Structure
	for _, f := range subtrahend.fields {
		other, ok := minuend.Value(f.name)
		if !ok {
			return nil, false
		}
		sub, ok := ValueSubtract(other, f.value)
		if !ok {
			continue
		}
		if ValueCompare(sub, other) == ValueEqual {
			return nil, false
		}
		st := minuend.Copy()
		st.setField(f.name, sub)
		list = append([]*Structure{st}, list...)
	}
	return list, true
}

// Subtract returns the media types of c that are not in o, simplified.
// Subtracting from ANY is not defined and returns ANY unless o is ANY.
//
// GStreamer: gst_caps_subtract (gst/gstcaps.c).
func (c *Caps) Subtract(o *Caps) *Caps {
	if c.IsEmpty() || o.IsAny() {
		return NewCapsEmpty()
	}
	if o.IsEmpty() {
		return c
	}
	if c.any {
		return c
	}
	src := c.Copy()
	var dest *Caps
	for _, sub := range o.entries {
		subF := sub.features()
		if dest != nil {
			src = dest
		}
		dest = NewCapsEmpty()
		for _, m := range src.entries {
			mf := m.features()
			if m.s.name == sub.s.name && mf.IsEqual(subF) && !mf.IsAny() {
				if list, ok := structureSubtract(m.s, sub.s); ok {
					for _, st := range list {
						dest.entries = append(dest.entries, capsEntry{st, copyFeatures(m.f)})
					}
					continue
				}
			}
			dest.entries = append(dest.entries, capsEntry{m.s.Copy(), copyFeatures(m.f)})
		}
		if len(dest.entries) == 0 {
			return dest
		}
	}
	return dest.Simplify()
}

// ------------------------------------------------------------------------
// Normalize, simplify, fixate

// Normalize returns caps where no field holds a list: each list is
// expanded into one structure per element, in GStreamer's order.
//
// GStreamer: gst_caps_normalize (gst/gstcaps.c).
func (c *Caps) Normalize() *Caps {
	n := c.Copy()
	if n == nil {
		return NewCapsEmpty()
	}
	for i := 0; i < len(n.entries); i++ {
		st, f := n.entries[i].s, n.entries[i].f
		for {
			done := true
			for fi := range st.fields {
				list, ok := st.fields[fi].value.(ValueList)
				if !ok || len(list) == 0 {
					// GStreamer loops forever on an empty list; keep it.
					continue
				}
				name := st.fields[fi].name
				for idx := 1; idx < len(list); idx++ {
					cp := st.Copy()
					cp.setField(name, copyValue(list[idx]))
					n.entries = append(n.entries, capsEntry{cp, copyFeatures(f)})
				}
				st.fields[fi].value = copyValue(list[0])
				done = false
				break
			}
			if done {
				break
			}
		}
	}
	return n
}

// structureSimplify mirrors gst_caps_structure_simplify. It may modify
// compare in place (taking the union of the one differing field).
func structureSimplify(simplify, compare *Structure) (result *Structure, ok bool) {
	if list, ok := structureSubtract(simplify, compare); ok {
		switch len(list) {
		case 0:
			return nil, true
		case 1:
			return list[0], true
		}
	}
	var unionName string
	var unionValue any
	haveUnion := false
	all := true
	for _, f := range simplify.fields {
		val, ok := compare.Value(f.name)
		if !ok {
			haveUnion = false
			all = false
			break
		}
		if ValueCompare(val, f.value) == ValueEqual {
			continue
		}
		if haveUnion {
			haveUnion = false
			all = false
			break
		}
		unionName = f.name
		if u, ok := ValueUnion(val, f.value); ok {
			unionValue = u
			haveUnion = true
		}
	}
	if !all {
		return nil, false
	}
	if haveUnion {
		if simplify.NFields() == compare.NFields() {
			compare.setField(unionName, unionValue)
			return nil, true
		}
	}
	return nil, false
}

// Simplify returns equivalent caps with fewer structures where possible:
// structures that are subsets of others are dropped and structures that
// differ in one field are merged into one with the union of that field.
// The structures are sorted by name first, like GStreamer does.
//
// GStreamer: gst_caps_simplify (gst/gstcaps.c).
func (c *Caps) Simplify() *Caps {
	if c.Size() <= 1 {
		return c
	}
	n := c.Copy()
	start := len(n.entries) - 1
	sort.SliceStable(n.entries, func(a, b int) bool {
		sa, sb := n.entries[a].s, n.entries[b].s
		if sa.name != sb.name {
			return sa.name < sb.name
		}
		return len(sb.fields) < len(sa.fields)
	})
	for i := start; i >= 0; i-- {
		simplify, simplifyF := n.entries[i].s, n.entries[i].features()
		compare, compareF := n.entries[start].s, n.entries[start].features()
		if simplify.name != compare.name || !simplifyF.IsEqual(compareF) {
			start = i
		}
		for j := start; j >= 0; j-- {
			if j == i {
				continue
			}
			compare, compareF = n.entries[j].s, n.entries[j].features()
			if simplify.name != compare.name || !simplifyF.IsEqual(compareF) {
				break
			}
			if result, ok := structureSimplify(simplify, compare); ok {
				if result != nil {
					n.entries[i].s = result
					simplify = result
				} else {
					n.RemoveStructure(i)
					start--
					break
				}
			}
		}
	}
	return n
}

// Truncate returns caps holding only the first structure (ANY and EMPTY are
// returned as is).
//
// GStreamer: gst_caps_truncate (gst/gstcaps.c).
func (c *Caps) Truncate() *Caps {
	if c.Size() <= 1 {
		return c
	}
	return c.CopyNth(0)
}

// Fixate returns caps with only the first structure, every field fixed
// (ranges to their minimum, lists to their first element) and ANY features
// replaced by system memory. EMPTY stays EMPTY; ANY cannot be fixated and
// is returned as is.
//
// GStreamer: gst_caps_fixate (gst/gstcaps.c).
func (c *Caps) Fixate() *Caps {
	if c.IsAny() {
		return c
	}
	if c.IsEmpty() {
		return NewCapsEmpty()
	}
	n := c.CopyNth(0)
	n.entries[0].s.Fixate()
	if f := n.entries[0].f; f != nil && f.IsAny() {
		n.entries[0].f = NewCapsFeaturesEmpty()
	}
	return n
}
