package gst

import (
	"fmt"
	"strings"
)

// Structure is a named, ordered collection of fields, each a name and a
// value (see value.go for the Go types a value can have). Caps, events,
// queries and messages carry their data in structures.
//
// A Structure is not safe for concurrent mutation; structures inside Caps
// must be treated as read-only (Copy them to change them).
//
// GStreamer: GstStructure (gst/gststructure.h).
type Structure struct {
	name   string
	fields []structField
}

type structField struct {
	name  string
	value any
}

// NewStructure returns an empty structure called name. A valid name starts
// with a letter followed by letters, digits and any of "/-_.:+*"; a
// structure with an invalid name cannot be parsed back from its string form
// (see ValidateStructureName).
//
// GStreamer: gst_structure_new_empty (gst/gststructure.c).
func NewStructure(name string) *Structure {
	return &Structure{name: name}
}

// NewStructureSimple returns a structure called name with the given field,
// value pairs ("width", 320, "format", "I420"). Pairs whose key is not a
// string are skipped.
//
// GStreamer: gst_structure_new (gst/gststructure.c).
func NewStructureSimple(name string, kv ...any) *Structure {
	s := NewStructure(name)
	s.SetSimple(kv...)
	return s
}

// ValidateStructureName returns an error if name is not a valid structure
// name: a letter followed by letters, digits and "/-_.:+*".
//
// GStreamer: gst_structure_validate_name (gst/gststructure.c).
func ValidateStructureName(name string) error {
	if name == "" || !isAlpha(name[0]) {
		return fmt.Errorf("gst: invalid structure name %q: must start with a letter", name)
	}
	for i := 1; i < len(name); i++ {
		c := name[i]
		if !isAlnum(c) && !strings.ContainsRune("/-_.:+*", rune(c)) {
			return fmt.Errorf("gst: invalid character %q at offset %d in structure name %q", c, i, name)
		}
	}
	return nil
}

// Name returns the structure's name (the media type in caps).
//
// GStreamer: gst_structure_get_name (gst/gststructure.c).
func (s *Structure) Name() string { return s.name }

// SetName renames the structure.
//
// GStreamer: gst_structure_set_name (gst/gststructure.c).
func (s *Structure) SetName(name string) { s.name = name }

// HasName reports whether the structure is called name.
//
// GStreamer: gst_structure_has_name (gst/gststructure.c).
func (s *Structure) HasName(name string) bool { return s.name == name }

// Set sets field to v, replacing an existing value in place or appending a
// new field. Fractions are reduced, ClockTime is stored as uint64 and
// int32/uint32 as int/uint. Values of types outside the value system are
// stored too, but Serialize then fails and String writes "NULL" for them.
//
// GStreamer: gst_structure_set_value (gst/gststructure.c).
func (s *Structure) Set(field string, v any) {
	s.setField(field, normalizeValue(v))
}

// SetSimple sets several fields from field, value pairs. Pairs whose key is
// not a string are skipped.
//
// GStreamer: gst_structure_set (gst/gststructure.c).
func (s *Structure) SetSimple(kv ...any) {
	for i := 0; i+1 < len(kv); i += 2 {
		if name, ok := kv[i].(string); ok {
			s.Set(name, kv[i+1])
		}
	}
}

func (s *Structure) setField(field string, v any) {
	for i := range s.fields {
		if s.fields[i].name == field {
			s.fields[i].value = v
			return
		}
	}
	s.fields = append(s.fields, structField{field, v})
}

// Value returns the value of field. The returned value must not be
// modified (lists and nested structures are shared with the structure).
//
// GStreamer: gst_structure_get_value (gst/gststructure.c).
func (s *Structure) Value(field string) (any, bool) {
	for i := range s.fields {
		if s.fields[i].name == field {
			return s.fields[i].value, true
		}
	}
	return nil, false
}

// Remove deletes field if present, keeping the order of the others.
//
// GStreamer: gst_structure_remove_field (gst/gststructure.c).
func (s *Structure) Remove(field string) {
	for i := range s.fields {
		if s.fields[i].name == field {
			s.fields = append(s.fields[:i], s.fields[i+1:]...)
			return
		}
	}
}

// RemoveAll deletes every field.
//
// GStreamer: gst_structure_remove_all_fields (gst/gststructure.c).
func (s *Structure) RemoveAll() { s.fields = nil }

// HasField reports whether field is present.
//
// GStreamer: gst_structure_has_field (gst/gststructure.c).
func (s *Structure) HasField(field string) bool {
	_, ok := s.Value(field)
	return ok
}

// NFields returns the number of fields.
//
// GStreamer: gst_structure_n_fields (gst/gststructure.c).
func (s *Structure) NFields() int { return len(s.fields) }

// NthFieldName returns the name of the i-th field, or "" if i is out of
// range.
//
// GStreamer: gst_structure_nth_field_name (gst/gststructure.c).
func (s *Structure) NthFieldName(i int) string {
	if i < 0 || i >= len(s.fields) {
		return ""
	}
	return s.fields[i].name
}

// ForEach calls f for each field in order until f returns false. It
// reports whether every call returned true. f must not modify the
// structure.
//
// GStreamer: gst_structure_foreach (gst/gststructure.c).
func (s *Structure) ForEach(f func(field string, v any) bool) bool {
	for _, fl := range s.fields {
		if !f(fl.name, fl.value) {
			return false
		}
	}
	return true
}

// MapInPlace calls f for each field and stores the value it returns; it
// stops when f returns false and reports whether all calls returned true.
//
// GStreamer: gst_structure_map_in_place (gst/gststructure.c).
func (s *Structure) MapInPlace(f func(field string, v any) (any, bool)) bool {
	for i := range s.fields {
		nv, ok := f(s.fields[i].name, s.fields[i].value)
		if !ok {
			return false
		}
		s.fields[i].value = nv
	}
	return true
}

// FilterAndMapInPlace calls f for each field, keeps the fields for which
// it returns true with the value it returns, and removes the others.
//
// GStreamer: gst_structure_filter_and_map_in_place (gst/gststructure.c).
func (s *Structure) FilterAndMapInPlace(f func(field string, v any) (any, bool)) {
	out := s.fields[:0]
	for _, fl := range s.fields {
		if nv, keep := f(fl.name, fl.value); keep {
			out = append(out, structField{fl.name, nv})
		}
	}
	for i := len(out); i < len(s.fields); i++ {
		s.fields[i] = structField{}
	}
	s.fields = out
}

// Copy returns a deep copy: lists, arrays, nested structures and caps are
// copied, buffers are shared.
//
// GStreamer: gst_structure_copy (gst/gststructure.c).
func (s *Structure) Copy() *Structure {
	c := &Structure{name: s.name, fields: make([]structField, len(s.fields))}
	for i, f := range s.fields {
		c.fields[i] = structField{f.name, copyValue(f.value)}
	}
	return c
}

// Int returns the value of field if it holds an int.
//
// GStreamer: gst_structure_get_int (gst/gststructure.c).
func (s *Structure) Int(field string) (int, bool) {
	v, _ := s.Value(field)
	x, ok := v.(int)
	return x, ok
}

// Uint returns the value of field if it holds a uint.
//
// GStreamer: gst_structure_get_uint (gst/gststructure.c).
func (s *Structure) Uint(field string) (uint, bool) {
	v, _ := s.Value(field)
	x, ok := v.(uint)
	return x, ok
}

// Int64 returns the value of field if it holds an int64.
//
// GStreamer: gst_structure_get_int64 (gst/gststructure.c).
func (s *Structure) Int64(field string) (int64, bool) {
	v, _ := s.Value(field)
	x, ok := v.(int64)
	return x, ok
}

// Uint64 returns the value of field if it holds a uint64.
//
// GStreamer: gst_structure_get_uint64 (gst/gststructure.c).
func (s *Structure) Uint64(field string) (uint64, bool) {
	v, _ := s.Value(field)
	x, ok := v.(uint64)
	return x, ok
}

// ClockTime returns the value of field (a uint64, in nanoseconds) as a
// ClockTime.
//
// GStreamer: gst_structure_get_clock_time (gst/gststructure.c).
func (s *Structure) ClockTime(field string) (ClockTime, bool) {
	x, ok := s.Uint64(field)
	return ClockTime(x), ok
}

// Double returns the value of field if it holds a float64.
//
// GStreamer: gst_structure_get_double (gst/gststructure.c).
func (s *Structure) Double(field string) (float64, bool) {
	v, _ := s.Value(field)
	x, ok := v.(float64)
	return x, ok
}

// Bool returns the value of field if it holds a bool.
//
// GStreamer: gst_structure_get_boolean (gst/gststructure.c).
func (s *Structure) Bool(field string) (bool, bool) {
	v, _ := s.Value(field)
	x, ok := v.(bool)
	return x, ok
}

// StringField returns the value of field if it holds a string.
//
// GStreamer: gst_structure_get_string (gst/gststructure.c).
func (s *Structure) StringField(field string) (string, bool) {
	v, _ := s.Value(field)
	x, ok := v.(string)
	return x, ok
}

// Fraction returns the value of field if it holds a Fraction.
//
// GStreamer: gst_structure_get_fraction (gst/gststructure.c).
func (s *Structure) Fraction(field string) (Fraction, bool) {
	v, _ := s.Value(field)
	x, ok := v.(Fraction)
	return x, ok
}

// FlagSet returns the value of field if it holds a FlagSet.
//
// GStreamer: gst_structure_get_flagset (gst/gststructure.c).
func (s *Structure) FlagSet(field string) (FlagSet, bool) {
	v, _ := s.Value(field)
	x, ok := v.(FlagSet)
	return x, ok
}

// StructureField returns the value of field if it holds a nested structure.
//
// GStreamer: gst_value_get_structure (gst/gstvalue.c).
func (s *Structure) StructureField(field string) (*Structure, bool) {
	v, _ := s.Value(field)
	x, ok := v.(*Structure)
	return x, ok && x != nil
}

// Caps returns the value of field if it holds caps.
//
// GStreamer: gst_structure_get_caps (gst/gststructure.c).
func (s *Structure) Caps(field string) (*Caps, bool) {
	v, _ := s.Value(field)
	x, ok := v.(*Caps)
	return x, ok && x != nil
}

// ------------------------------------------------------------------------
// Comparison and set operations

// IsEqual reports whether both structures have the same name and the same
// fields with equal values (in any order).
//
// GStreamer: gst_structure_is_equal (gst/gststructure.c).
func (s *Structure) IsEqual(o *Structure) bool {
	if s == o {
		return true
	}
	if s == nil || o == nil {
		return false
	}
	if s.name != o.name || len(s.fields) != len(o.fields) {
		return false
	}
	for _, f := range s.fields {
		v, ok := o.Value(f.name)
		if !ok || ValueCompare(v, f.value) != ValueEqual {
			return false
		}
	}
	return true
}

// IsSubset reports whether s is a subset of superset: same name, and every
// field of superset exists in s with an equal value or a value that is a
// subset. Fields missing from superset mean "any value".
//
// GStreamer: gst_structure_is_subset (gst/gststructure.c).
func (s *Structure) IsSubset(superset *Structure) bool {
	if s.name != superset.name {
		return false
	}
	if len(superset.fields) > len(s.fields) {
		return false
	}
	for _, sup := range superset.fields {
		sub, ok := s.Value(sup.name)
		if !ok {
			return false
		}
		cmp := ValueCompare(sub, sup.value)
		if cmp == ValueEqual {
			continue
		}
		if cmp != ValueUnordered {
			return false
		}
		if !ValueIsSubset(sub, sup.value) {
			return false
		}
	}
	return true
}

// Intersect returns the intersection of s and o: fields present in both
// are intersected, fields present in only one are copied. It returns nil
// if the names differ or a common field has an empty intersection.
//
// GStreamer: gst_structure_intersect (gst/gststructure.c).
func (s *Structure) Intersect(o *Structure) *Structure {
	if s.name != o.name {
		return nil
	}
	dest := &Structure{name: s.name, fields: make([]structField, 0, len(s.fields)+len(o.fields))}
	for _, f1 := range s.fields {
		if v2, ok := o.Value(f1.name); ok {
			r, ok := ValueIntersect(f1.value, v2)
			if !ok {
				return nil
			}
			dest.setField(f1.name, r)
		} else {
			dest.setField(f1.name, copyValue(f1.value))
		}
	}
	for _, f2 := range o.fields {
		if !s.HasField(f2.name) {
			dest.setField(f2.name, copyValue(f2.value))
		}
	}
	return dest
}

// CanIntersect reports whether Intersect would return a structure, without
// building it.
//
// GStreamer: gst_structure_can_intersect (gst/gststructure.c).
func (s *Structure) CanIntersect(o *Structure) bool {
	if s.name != o.name {
		return false
	}
	for _, f1 := range s.fields {
		v2, ok := o.Value(f1.name)
		if !ok {
			continue
		}
		if !ValueCanIntersect(f1.value, v2) {
			return false
		}
		switch ValueCompare(f1.value, v2) {
		case ValueEqual:
		case ValueUnordered:
			if _, ok := ValueIntersect(f1.value, v2); !ok {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// IsFixed reports whether every field holds a fixed value.
//
// GStreamer: none (Go-only helper; see gst_value_is_fixed in gst/gstvalue.c).
func (s *Structure) IsFixed() bool {
	for _, f := range s.fields {
		if !ValueIsFixed(f.value) {
			return false
		}
	}
	return true
}

// Fixate replaces every unfixed field by a fixed value in place: the
// minimum of a range, the first element of a list, and so on.
//
// GStreamer: gst_structure_fixate (gst/gststructure.c).
func (s *Structure) Fixate() {
	for i := range s.fields {
		if v, ok := ValueFixate(s.fields[i].value); ok {
			s.fields[i].value = v
		}
	}
}

// FixateField fixates one field in place. It returns false if the field is
// missing or already fixed.
//
// GStreamer: gst_structure_fixate_field (gst/gststructure.c).
func (s *Structure) FixateField(field string) bool {
	for i := range s.fields {
		if s.fields[i].name == field {
			v, ok := ValueFixate(s.fields[i].value)
			if ok {
				s.fields[i].value = v
			}
			return ok
		}
	}
	return false
}

// FixateFieldNearestInt sets an int range or int list field to the allowed
// int nearest to target (stepped ranges round to the nearest step, ties go
// down). It returns false if the field is missing, already an int, or has
// no int candidates.
//
// GStreamer: gst_structure_fixate_field_nearest_int (gst/gststructure.c).
func (s *Structure) FixateFieldNearestInt(field string, target int) bool {
	v, ok := s.Value(field)
	if !ok {
		return false
	}
	switch x := v.(type) {
	case IntRange:
		target = max(x.Min, min(target, x.Max))
		if st := x.step(); st != 1 {
			rem := target % st
			target -= rem
			if rem > st/2 {
				target += st
			}
		}
		s.setField(field, target)
		return true
	case ValueList:
		best, found := 0, false
		for _, e := range x {
			if n, ok := e.(int); ok {
				if !found || absInt(target-n) < absInt(target-best) {
					best, found = n, true
				}
			}
		}
		if found {
			s.setField(field, best)
		}
		return found
	}
	return false
}

func absInt(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// FixateFieldNearestDouble sets a double range or double list field to the
// allowed value nearest to target. It returns false if the field is
// missing, already a double, or has no double candidates.
//
// GStreamer: gst_structure_fixate_field_nearest_double (gst/gststructure.c).
func (s *Structure) FixateFieldNearestDouble(field string, target float64) bool {
	v, ok := s.Value(field)
	if !ok {
		return false
	}
	switch x := v.(type) {
	case DoubleRange:
		if target < x.Min {
			target = x.Min
		}
		if target > x.Max {
			target = x.Max
		}
		s.setField(field, target)
		return true
	case ValueList:
		best, found := 0.0, false
		for _, e := range x {
			if d, ok := e.(float64); ok {
				if !found || absF(target-d) < absF(target-best) {
					best, found = d, true
				}
			}
		}
		if found {
			s.setField(field, best)
		}
		return found
	}
	return false
}

func absF(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

// FixateFieldBool sets a boolean list field to target if the list holds it,
// else to its first boolean. It returns false if the field is missing,
// already a bool, or has no boolean candidates.
//
// GStreamer: gst_structure_fixate_field_boolean (gst/gststructure.c).
func (s *Structure) FixateFieldBool(field string, target bool) bool {
	v, ok := s.Value(field)
	if !ok {
		return false
	}
	if x, ok := v.(ValueList); ok {
		best, found := false, false
		for _, e := range x {
			if b, ok := e.(bool); ok {
				if !found || b == target {
					best, found = b, true
				}
			}
		}
		if found {
			s.setField(field, best)
		}
		return found
	}
	return false
}

// FixateFieldString sets a string list field to target if the list holds
// it, else to its first string. It returns false if the field is missing,
// already a string, or has no string candidates.
//
// GStreamer: gst_structure_fixate_field_string (gst/gststructure.c).
func (s *Structure) FixateFieldString(field string, target string) bool {
	v, ok := s.Value(field)
	if !ok {
		return false
	}
	if x, ok := v.(ValueList); ok {
		best, found := "", false
		for _, e := range x {
			if str, ok := e.(string); ok {
				if !found || str == target {
					best, found = str, true
				}
			}
		}
		if found {
			s.setField(field, best)
		}
		return found
	}
	return false
}

// FixateFieldNearestFraction sets a fraction range or fraction list field
// to the allowed fraction nearest to target. It returns false if the field
// is missing, already a fraction, has no fraction candidates, or target has
// a zero denominator.
//
// GStreamer: gst_structure_fixate_field_nearest_fraction (gst/gststructure.c).
func (s *Structure) FixateFieldNearestFraction(field string, target Fraction) bool {
	if target.Den == 0 {
		return false
	}
	v, ok := s.Value(field)
	if !ok {
		return false
	}
	switch x := v.(type) {
	case FractionRange:
		t := target.reduced()
		nv := t
		if ValueCompare(t, x.Min) == ValueLessThan {
			nv = x.Min
		}
		if ValueCompare(t, x.Max) == ValueGreaterThan {
			nv = x.Max
		}
		s.setField(field, nv)
		return true
	case ValueList:
		t := float64(target.Num) / float64(target.Den)
		var best Fraction
		found := false
		bestDiff := 0.0
		for _, e := range x {
			if f, ok := e.(Fraction); ok {
				diff := absF(t - float64(f.Num)/float64(f.Den))
				if !found || diff < bestDiff {
					best, bestDiff, found = f, diff, true
				}
			}
		}
		if found {
			s.setField(field, best)
		}
		return found
	}
	return false
}

// ------------------------------------------------------------------------
// String forms

// String returns the structure in GStreamer's classic string form, e.g.
// "video/x-raw, width=(int)320, framerate=(fraction)30/1;" (with the
// trailing ';', like gst_structure_to_string). Nested structures and caps
// are written as quoted strings. Values without a string form are written
// as NULL.
//
// GStreamer: gst_structure_to_string (gst/gststructure.c).
func (s *Structure) String() string {
	if s == nil {
		return "NULL"
	}
	var b strings.Builder
	b.WriteString(s.name)
	s.appendFields(&b, SerializeFlagBackwardCompat)
	return b.String()
}

// Serialize returns the structure's string form. With SerializeFlagNone,
// nested structures and caps are written in brackets ("f=(structure)[name,
// a=(int)1;]"); with SerializeFlagBackwardCompat it equals String. It fails
// with an error wrapping ErrNotSerializable if a value has no string form.
//
// GStreamer: gst_structure_serialize_full (gst/gststructure.c).
func (s *Structure) Serialize(flags SerializeFlags) (string, error) {
	str, ok := s.serialize(flags | SerializeFlagStrict)
	if !ok {
		return "", fmt.Errorf("gst: structure %q: %w", s.name, ErrNotSerializable)
	}
	return str, nil
}

func (s *Structure) serialize(flags SerializeFlags) (string, bool) {
	var b strings.Builder
	b.WriteString(s.name)
	if !s.appendFields(&b, flags) {
		return "", false
	}
	return b.String(), true
}

// genericKind mirrors gst_structure_value_get_generic_type.
func genericKind(v any) vkind {
	switch x := v.(type) {
	case ValueList:
		if len(x) > 0 {
			return genericKind(x[0])
		}
		return kInt
	case ValueArray:
		if len(x) > 0 {
			return genericKind(x[0])
		}
		return kInt
	case IntRange:
		return kInt
	case Int64Range:
		return kInt64
	case DoubleRange:
		return kDouble
	case FractionRange:
		return kFraction
	}
	return kindOf(v)
}

// mixedKinds reports whether the elements of a list or array have
// different generic types. GStreamer writes one type for the whole list,
// which cannot be read back for such lists; GstMini then writes each
// element's type, which GStreamer's parser also accepts.
func mixedKinds(el []any) bool {
	if len(el) == 0 {
		return false
	}
	k := genericKind(el[0])
	for _, e := range el[1:] {
		if genericKind(e) != k {
			return true
		}
	}
	return false
}

// appendFields mirrors priv_gst_structure_append_to_gstring.
func (s *Structure) appendFields(b *strings.Builder, flags SerializeFlags) bool {
	brackets := flags&SerializeFlagBackwardCompat == 0
	strict := flags&SerializeFlagStrict != 0
	for _, f := range s.fields {
		k := kindOf(f.value)
		var t string
		haveT := false
		switch {
		case k == kArray:
			el := f.value.(ValueArray)
			t, haveT = serializeAnyList(el, "< ", " >", mixedKinds(el), flags)
		case k == kList:
			el := f.value.(ValueList)
			t, haveT = serializeAnyList(el, "{ ", " }", mixedKinds(el), flags)
		case !brackets || (k != kStructure && k != kCaps):
			t, haveT = serializeValue(f.value, SerializeFlagBackwardCompat)
		}
		b.WriteString(", ")
		b.WriteString(f.name)
		if haveT && len(t) > 0 && t[0] == '(' {
			b.WriteByte('=')
		} else {
			b.WriteString("=(")
			gk := genericKind(f.value)
			if name, ok := kindAbbr[gk]; ok {
				b.WriteString(name)
			} else {
				b.WriteString(ValueTypeName(f.value))
			}
			b.WriteByte(')')
		}
		switch {
		case brackets && k == kStructure && f.value.(*Structure) != nil:
			sub := f.value.(*Structure)
			b.WriteByte('[')
			b.WriteString(sub.name)
			if !sub.appendFields(b, flags) {
				return false
			}
			b.WriteByte(']')
		case brackets && k == kCaps && f.value.(*Caps) != nil:
			cs, ok := f.value.(*Caps).serialize(flags)
			if !ok {
				return false
			}
			b.WriteByte('[')
			b.WriteString(cs)
			b.WriteByte(']')
		case haveT:
			b.WriteString(t)
		default:
			if strict {
				return false
			}
			b.WriteString("NULL")
		}
	}
	b.WriteByte(';')
	return true
}

// ------------------------------------------------------------------------
// Parsing

// cString cuts s at the first NUL byte, as C sees the string.
func cString(s string) string {
	if i := strings.IndexByte(s, 0); i >= 0 {
		return s[:i]
	}
	return s
}

// skipStructSpaces skips spaces and backslash-escaped spaces.
func skipStructSpaces(s string, i int) int {
	for i < len(s) && (isCSpace(s[i]) || (s[i] == '\\' && i+1 < len(s) && isCSpace(s[i+1]))) {
		i++
	}
	return i
}

// parseStructureName mirrors priv_gst_structure_parse_name: the (possibly
// quoted) name and the index after it.
func parseStructureName(s string, i int, checkValid bool) (name string, start, next int, ok bool) {
	i = skipStructSpaces(s, i)
	name, next, ok = parseNameToken(s, i)
	if !ok {
		return "", i, i, false
	}
	if checkValid && ValidateStructureName(name) != nil {
		return "", i, i, false
	}
	return name, i, next, true
}

// parseStructureFields mirrors priv_gst_structure_parse_fields: ", f=v"
// pairs until ';' or the end of the string.
func parseStructureFields(s string, i int, st *Structure) (int, error) {
	for {
		i = skipStructSpaces(s, i)
		if i >= len(s) {
			return i, nil
		}
		if s[i] == ';' {
			return i + 1, nil
		}
		if s[i] != ',' {
			return i, fmt.Errorf("gst: expected ',' or ';' at offset %d in %q", i, s)
		}
		i = skipStructSpaces(s, i+1)
		if i >= len(s) {
			return i, nil
		}
		if s[i] == ';' {
			return i + 1, nil
		}
		name, v, next, err := parseStructureField(s, i)
		if err != nil {
			return next, err
		}
		st.setField(name, v)
		i = next
	}
}

func parseStructureField(s string, i int) (string, any, int, error) {
	i = skipStructSpaces(s, i)
	nameEnd, ok := parseSimpleString(s, i, 0)
	if !ok {
		return "", nil, i, fmt.Errorf("gst: invalid field name at offset %d in %q", i, s)
	}
	name := s[i:nameEnd]
	j := skipStructSpaces(s, nameEnd)
	if j >= len(s) || s[j] != '=' {
		return "", nil, j, fmt.Errorf("gst: missing '=' after field %q in %q", name, s)
	}
	v, next, ok := parseValue(s, j+1, kInvalid)
	if !ok {
		return "", nil, next, fmt.Errorf("gst: cannot parse value of field %q in %q", name, s)
	}
	return name, v, next, nil
}

// ParseStructure parses the string form of a structure, e.g.
// "video/x-raw, width=(int)320, height=240, format=I420". Values without a
// type are guessed (int, double, fraction, flagset, boolean, string).
// Parsing stops after the first ';'; anything after it is ignored, as
// GStreamer does.
//
// GStreamer: gst_structure_from_string (gst/gststructure.c).
func ParseStructure(s string) (*Structure, error) {
	st, _, err := parseStructureAt(cString(s), 0)
	return st, err
}

func parseStructureAt(s string, i int) (*Structure, int, error) {
	name, _, next, ok := parseStructureName(s, i, false)
	if !ok {
		return nil, i, fmt.Errorf("gst: cannot parse structure name in %q", s)
	}
	if err := ValidateStructureName(name); err != nil {
		return nil, i, err
	}
	st := NewStructure(name)
	end, err := parseStructureFields(s, next, st)
	if err != nil {
		return nil, end, err
	}
	return st, end, nil
}
