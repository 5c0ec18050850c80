package gst

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// This file holds property specifications: the one declaration of a property
// that drives Go access (ElementBase.Set/Get), launch-line strings
// (ParamSpec.Parse, the gst_util_set_object_arg path) and gst-inspect output
// (ParamSpec.InspectLines).

// ParamFlags describes how a property may be accessed. The values are
// GLib's GParamFlags and GStreamer's GST_PARAM_* bits, so numbers printed by
// GStreamer tools mean the same here.
//
// GStreamer: GParamFlags (GLib gobject/gparam.h) and GST_PARAM_* (gst/gstparamspecs.h).
type ParamFlags uint32

// The property flags.
//
// GStreamer: G_PARAM_* (GLib gobject/gparam.h) and GST_PARAM_* (gst/gstparamspecs.h).
const (
	// ParamReadable: the property can be read with Get.
	ParamReadable ParamFlags = 1 << 0
	// ParamWritable: the property can be written with Set and SetString.
	ParamWritable ParamFlags = 1 << 1
	// ParamReadWrite is ParamReadable|ParamWritable.
	ParamReadWrite = ParamReadable | ParamWritable
	// ParamConstruct: the property is set when the object is constructed.
	ParamConstruct ParamFlags = 1 << 2
	// ParamConstructOnly: the property can only be set at construction.
	ParamConstructOnly ParamFlags = 1 << 3
	// ParamLaxValidation: GLib's G_PARAM_LAX_VALIDATION; kept for the
	// inspect flag arithmetic, it changes nothing in GstMini.
	ParamLaxValidation ParamFlags = 1 << 4
	// ParamStaticStrings: GLib's G_PARAM_STATIC_STRINGS; kept for the
	// inspect flag arithmetic, it changes nothing in GstMini.
	ParamStaticStrings ParamFlags = 1<<5 | 1<<6 | 1<<7
	// ParamControllable: the property makes sense to control over time.
	ParamControllable ParamFlags = 1 << 9
	// ParamMutableReady: the property can be changed in READY or lower.
	ParamMutableReady ParamFlags = 1 << 10
	// ParamMutablePaused: the property can be changed in PAUSED or lower.
	ParamMutablePaused ParamFlags = 1 << 11
	// ParamMutablePlaying: the property can be changed in any state.
	ParamMutablePlaying ParamFlags = 1 << 12
	// ParamDocShowDefault: documentation tools show the default value
	// rather than the value of a freshly created element.
	ParamDocShowDefault ParamFlags = 1 << 13
	// ParamConditionallyAvailable: the property exists only on some
	// systems or devices.
	ParamConditionallyAvailable ParamFlags = 1 << 14
	// ParamSecret: the property holds a secret (a password, a secret
	// access key, a session token). Its value never appears in errors,
	// launch-line error messages or DOT dumps. It is GstMini's own bit,
	// high in GStreamer's user range (from 1<<16) so element-private bits
	// do not collide with it; gst-inspect prints no word for it.
	ParamSecret ParamFlags = 1 << 30
	// ParamDeprecated: the property should no longer be used.
	ParamDeprecated ParamFlags = 1 << 31
)

// knownParamFlags is gst-inspect's KNOWN_PARAM_FLAGS: bits it has words for
// or deliberately ignores; any other bit is printed in hex.
const knownParamFlags = ParamConstruct | ParamConstructOnly | ParamLaxValidation |
	ParamStaticStrings | ParamReadable | ParamWritable | ParamDeprecated |
	ParamControllable | ParamMutablePlaying | ParamMutablePaused | ParamMutableReady |
	ParamConditionallyAvailable | ParamDocShowDefault | ParamSecret

// InspectString returns the flags as gst-inspect-1.0 prints them after
// "flags: ", e.g. "readable, writable, changeable in NULL, READY, PAUSED or
// PLAYING state". The wording and its quirks (a leading ", " before
// "controllable" when nothing precedes it) follow gst-inspect exactly.
//
// GStreamer: print_object_properties_info (tools/gst-inspect.c).
func (f ParamFlags) InspectString() string {
	var b strings.Builder
	first := true
	word := func(s string) {
		if !first {
			b.WriteString(", ")
		}
		b.WriteString(s)
		first = false
	}
	if f&ParamReadable != 0 {
		word("readable")
	}
	if f&ParamWritable != 0 {
		word("writable")
	}
	if f&ParamDeprecated != 0 {
		word("deprecated")
	}
	if f&ParamControllable != 0 {
		b.WriteString(", controllable")
		first = false
	}
	if f&ParamConditionallyAvailable != 0 {
		b.WriteString(", conditionally available")
		first = false
	}
	switch {
	case f&ParamConstructOnly != 0:
		b.WriteString(", can be set only at object construction time")
	case f&ParamMutablePlaying != 0:
		b.WriteString(", changeable in NULL, READY, PAUSED or PLAYING state")
	case f&ParamMutablePaused != 0:
		b.WriteString(", changeable only in NULL, READY or PAUSED state")
	case f&ParamMutableReady != 0:
		b.WriteString(", changeable only in NULL or READY state")
	}
	if unknown := f &^ knownParamFlags; unknown != 0 {
		if !first {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "0x%x", uint32(unknown))
	}
	return b.String()
}

// String returns the same text as InspectString.
//
// GStreamer: none (Go-only helper).
func (f ParamFlags) String() string { return f.InspectString() }

// ParamType is the value type of a property. Each type fixes the Go type of
// the property's values (see the constants).
//
// GStreamer: GParamSpec subtypes and their value GType (GLib gobject/gparamspecs.h).
type ParamType int

// The property value types and the Go type of their values.
//
// GStreamer: G_TYPE_PARAM_* (GLib gobject/gparamspecs.h), GST_TYPE_PARAM_FRACTION (gst/gstparamspecs.h).
const (
	ParamTypeInvalid   ParamType = iota // no type; a zero ParamSpec
	ParamTypeBool                       // bool (G_TYPE_BOOLEAN)
	ParamTypeInt                        // int within int32 (G_TYPE_INT)
	ParamTypeUint                       // uint within uint32 (G_TYPE_UINT)
	ParamTypeInt64                      // int64 (G_TYPE_INT64)
	ParamTypeUint64                     // uint64 (G_TYPE_UINT64)
	ParamTypeDouble                     // float64 (G_TYPE_DOUBLE)
	ParamTypeFloat                      // float32 (G_TYPE_FLOAT)
	ParamTypeString                     // string (G_TYPE_STRING); "" stands for NULL
	ParamTypeEnum                       // int, one of Enum's values (G_TYPE_ENUM)
	ParamTypeFlags                      // uint, a combination of FlagsClass's values (G_TYPE_FLAGS)
	ParamTypeCaps                       // *Caps, nil allowed (GST_TYPE_CAPS)
	ParamTypeStructure                  // *Structure, nil allowed (GST_TYPE_STRUCTURE)
	ParamTypeFraction                   // Fraction (GST_TYPE_FRACTION)
	ParamTypeClockTime                  // ClockTime; a G_TYPE_UINT64 spec holding nanoseconds
	ParamTypeObject                     // any object value, not settable from strings (G_TYPE_OBJECT)
	ParamTypeBoxed                      // any boxed value, not settable from strings (G_TYPE_BOXED)
)

var paramTypeNames = [...]string{"invalid", "gboolean", "gint", "guint", "gint64", "guint64",
	"gdouble", "gfloat", "gchararray", "enum", "flags", "GstCaps", "GstStructure",
	"GstFraction", "guint64", "object", "boxed"}

// String returns the GType name GStreamer uses for the type ("guint",
// "gchararray", "GstCaps", ...); enums and flags give "enum" and "flags"
// (the spec's class carries the real name).
//
// GStreamer: g_type_name (GLib gobject/gtype.c).
func (t ParamType) String() string {
	if t >= 0 && int(t) < len(paramTypeNames) {
		return paramTypeNames[t]
	}
	return fmt.Sprintf("ParamType(%d)", int(t))
}

// EnumValue is one value of an enumeration: its number, its long name and
// its short nick (the form used in launch lines and by Format).
//
// GStreamer: GEnumValue (GLib gobject/genums.h).
type EnumValue struct {
	Value int
	Name  string // e.g. "Leaky on upstream (new buffers)"
	Nick  string // e.g. "upstream"
}

// EnumClass describes an enumeration type: its GType name (e.g.
// "GstQueueLeaky") and its values in declaration order. Declare it once as a
// package-level variable and treat it as read-only; it is then safe for
// concurrent use.
//
// GStreamer: GEnumClass (GLib gobject/genums.h).
type EnumClass struct {
	Name   string
	Values []EnumValue
}

// Value returns the first value whose number is v, or nil.
//
// GStreamer: g_enum_get_value (GLib gobject/genums.c).
func (c *EnumClass) Value(v int) *EnumValue {
	for i := range c.Values {
		if c.Values[i].Value == v {
			return &c.Values[i]
		}
	}
	return nil
}

// ValueByName returns the value whose Name is exactly name, or nil.
//
// GStreamer: g_enum_get_value_by_name (GLib gobject/genums.c).
func (c *EnumClass) ValueByName(name string) *EnumValue {
	for i := range c.Values {
		if c.Values[i].Name == name {
			return &c.Values[i]
		}
	}
	return nil
}

// ValueByNick returns the value whose Nick is exactly nick, or nil.
//
// GStreamer: g_enum_get_value_by_nick (GLib gobject/genums.c).
func (c *EnumClass) ValueByNick(nick string) *EnumValue {
	for i := range c.Values {
		if c.Values[i].Nick == nick {
			return &c.Values[i]
		}
	}
	return nil
}

// Lookup finds a value the way GStreamer deserializes an enum: by exact
// name, then by exact nick, then as a C integer (decimal, 0x hex or 0
// octal) that must be one of the values.
//
// GStreamer: gst_value_deserialize_enum (gst/gstvalue.c).
func (c *EnumClass) Lookup(s string) *EnumValue {
	if v := c.ValueByName(s); v != nil {
		return v
	}
	if v := c.ValueByNick(s); v != nil {
		return v
	}
	if n, ok := cStrtol(s); ok {
		return c.Value(n)
	}
	return nil
}

// FlagsValue is one bit (or bit group) of a flags type.
//
// GStreamer: GFlagsValue (GLib gobject/genums.h).
type FlagsValue struct {
	Value uint
	Name  string // e.g. "GST_BUFFER_FLAG_LIVE"
	Nick  string // e.g. "live"
}

// FlagsClass describes a flags type: its GType name and its values, listed
// from the lowest to the highest bit as GLib's generated classes are.
// Declare it once as a package-level variable and treat it as read-only; it
// is then safe for concurrent use.
//
// GStreamer: GFlagsClass (GLib gobject/genums.h).
type FlagsClass struct {
	Name   string
	Values []FlagsValue
}

// Mask returns the OR of all values: the bits a property of this type may
// hold.
//
// GStreamer: GFlagsClass.mask (GLib gobject/genums.h).
func (c *FlagsClass) Mask() uint {
	var m uint
	for _, v := range c.Values {
		m |= v.Value
	}
	return m
}

// FirstValue returns the first value whose bits are all set in v (for v ==
// 0, the value equal to 0), or nil.
//
// GStreamer: g_flags_get_first_value (GLib gobject/genums.c).
func (c *FlagsClass) FirstValue(v uint) *FlagsValue {
	for i := range c.Values {
		fv := c.Values[i].Value
		if (v == 0 && fv == 0) || (v != 0 && fv != 0 && fv&v == fv) {
			return &c.Values[i]
		}
	}
	return nil
}

// ValueByName returns the value whose Name is exactly name, or nil.
//
// GStreamer: g_flags_get_value_by_name (GLib gobject/genums.c).
func (c *FlagsClass) ValueByName(name string) *FlagsValue {
	for i := range c.Values {
		if c.Values[i].Name == name {
			return &c.Values[i]
		}
	}
	return nil
}

// ValueByNick returns the value whose Nick is exactly nick, or nil.
//
// GStreamer: g_flags_get_value_by_nick (GLib gobject/genums.c).
func (c *FlagsClass) ValueByNick(nick string) *FlagsValue {
	for i := range c.Values {
		if c.Values[i].Nick == nick {
			return &c.Values[i]
		}
	}
	return nil
}

// Lookup parses a flags string as GStreamer does: parts separated by '+'
// are names, nicks or C integers that are ORed together ("live+discont",
// "GST_BUFFER_FLAG_LIVE+0x40", "0x50"); the empty string and empty parts
// mean 0. Parts after a '/' only belong to the mask of a GstFlagSet and do
// not set bits. '|' is not a separator. Bits outside Mask are an error.
//
// GStreamer: gst_value_deserialize_gflags, gst_value_gflags_str_to_flags (gst/gstvalue.c).
func (c *FlagsClass) Lookup(s string) (uint, error) {
	var flags uint32
	if s == "" {
		return 0, nil
	}
	pos := 0
	delim := byte('+')
	if s[0] == '/' || s[0] == '+' {
		delim = s[0]
		pos = 1
	}
	for {
		next := pos
		for next < len(s) && s[next] != '+' && s[next] != '/' {
			next++
		}
		part := s[pos:next]
		var val uint32
		if fv := c.ValueByName(part); fv != nil {
			val = uint32(fv.Value)
		} else if fv := c.ValueByNick(part); fv != nil {
			val = uint32(fv.Value)
		} else {
			x, ok, overflow := psCStrtoull(part)
			if !ok {
				return 0, fmt.Errorf("unknown flag %q of %s", part, c.Name)
			}
			if overflow {
				x = math.MaxUint64 // strtoul clamps to ULONG_MAX
			}
			val = uint32(x)
		}
		if delim == '+' {
			flags |= val
		}
		if next >= len(s) {
			break
		}
		delim = s[next]
		pos = next + 1
	}
	if extra := uint(flags) &^ c.Mask(); extra != 0 {
		return 0, fmt.Errorf("bits 0x%x are not flags of %s", extra, c.Name)
	}
	return uint(flags), nil
}

// serialize writes v as gst_value_serialize does: the Names of the set
// values joined with '+', lowest first; 0 gives the name of the zero value
// or "0". Bits that no value covers are an error.
func (c *FlagsClass) serialize(v uint) (string, error) {
	if v == 0 {
		if fv := c.FirstValue(0); fv != nil {
			return fv.Name, nil
		}
		return "0", nil
	}
	var b strings.Builder
	left := v
	for left != 0 {
		fv := c.FirstValue(left)
		if fv == nil {
			return "", fmt.Errorf("invalid flags 0x%x of %s", v, c.Name)
		}
		if b.Len() > 0 {
			b.WriteByte('+')
		}
		b.WriteString(fv.Name)
		left &^= fv.Value
	}
	return b.String(), nil
}

// nickString is gst-inspect's flags_to_string: the nick of an exact match,
// else the nicks of the contained values from the highest down, joined with
// '+', or "(none)".
func (c *FlagsClass) nickString(v uint) string {
	for _, fv := range c.Values {
		if fv.Value == v {
			return fv.Nick
		}
	}
	var b strings.Builder
	left := v
	for i := len(c.Values) - 1; i >= 0; i-- {
		fv := c.Values[i].Value
		if fv != 0 && left&fv == fv {
			if b.Len() > 0 {
				b.WriteByte('+')
			}
			b.WriteString(c.Values[i].Nick)
			left -= fv
			if left == 0 {
				break
			}
		}
	}
	if b.Len() == 0 {
		return "(none)"
	}
	return b.String()
}

// ParamSpec declares one property: its name, documentation, value type,
// range, default and flags. Build it with the Param* constructors (which
// check the declaration) at package level, list it in the element class, and
// treat it as read-only afterwards; it is then safe for concurrent use.
//
// Min, Max and Default hold values of the type's Go type (see ParamType):
// int for Int, uint for Uint, int64, uint64, float64, float32, bool, string
// (Default only; "" prints as null), int for Enum, uint for Flags, *Caps,
// *Structure, Fraction and ClockTime. Min and Max are nil for types without
// a range.
//
// GStreamer: GParamSpec (GLib gobject/gparam.h).
type ParamSpec struct {
	Name       string // property name, kebab-case ("max-size-buffers")
	Nick       string // short human-readable name
	Blurb      string // one-line description shown by inspect
	Type       ParamType
	Flags      ParamFlags
	Min        any
	Max        any
	Default    any
	Enum       *EnumClass  // for ParamTypeEnum
	FlagsClass *FlagsClass // for ParamTypeFlags
	TypeName   string      // GType name for ParamTypeObject and ParamTypeBoxed ("GstObject", "GstSample")
}

// redactedValue stands for the value of a ParamSecret property in errors
// and dumps.
const redactedValue = "<hidden>"

// Redact returns s, or "<hidden>" when p is a ParamSecret property, for
// messages that would otherwise show a property value. Safe for
// concurrent use.
//
// GStreamer: none (Go-only helper).
func (p *ParamSpec) Redact(s string) string {
	if p != nil && p.Flags&ParamSecret != 0 {
		return redactedValue
	}
	return s
}

func newSpec(t ParamType, name, nick, blurb string, min, max, def any, flags ParamFlags) *ParamSpec {
	p := &ParamSpec{Name: name, Nick: nick, Blurb: blurb, Type: t, Flags: flags, Min: min, Max: max, Default: def}
	return p
}

func mustCheck(p *ParamSpec) *ParamSpec {
	if err := p.Check(); err != nil {
		panic("gst: " + err.Error())
	}
	return p
}

// Check verifies a declaration: a valid property name, min <= default <=
// max, an enum or flags class present and containing the default. The Param*
// constructors call it and panic on failure (a declaration error is a
// programming error, as with regexp.MustCompile); Check lets code that builds
// specs at run time test them first.
//
// GStreamer: g_param_spec_internal and the g_param_spec_* default checks (GLib gobject/gparam.c).
func (p *ParamSpec) Check() error {
	if !validPropertyName(p.Name) {
		return fmt.Errorf("invalid property name %q", p.Name)
	}
	switch p.Type {
	case ParamTypeEnum:
		if p.Enum == nil {
			return fmt.Errorf("property %q: nil EnumClass", p.Name)
		}
		d, _ := p.Default.(int)
		if p.Enum.Value(d) == nil {
			return fmt.Errorf("property %q: default %d is not a value of %s", p.Name, d, p.Enum.Name)
		}
		return nil
	case ParamTypeFlags:
		if p.FlagsClass == nil {
			return fmt.Errorf("property %q: nil FlagsClass", p.Name)
		}
		d, _ := p.Default.(uint)
		if d&^p.FlagsClass.Mask() != 0 {
			return fmt.Errorf("property %q: default 0x%x has bits outside %s", p.Name, d, p.FlagsClass.Name)
		}
		return nil
	case ParamTypeInvalid:
		return fmt.Errorf("property %q: no type", p.Name)
	}
	if p.Min != nil && p.Max != nil {
		if p.cmp(p.Min, p.Max) > 0 {
			return fmt.Errorf("property %q: min %v > max %v", p.Name, p.Min, p.Max)
		}
		if p.Default != nil && (p.cmp(p.Default, p.Min) < 0 || p.cmp(p.Default, p.Max) > 0) {
			return fmt.Errorf("property %q: default %v outside [%v, %v]", p.Name, p.Default, p.Min, p.Max)
		}
	}
	return nil
}

// validPropertyName follows g_param_spec_is_valid_name: a letter first, then
// letters, digits, '-' or '_'.
func validPropertyName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		isAlpha := (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
		if i == 0 && !isAlpha {
			return false
		}
		if !isAlpha && !(c >= '0' && c <= '9') && c != '-' && c != '_' {
			return false
		}
	}
	return true
}

// ParamBool declares a boolean property.
// It panics if the declaration is invalid (see Check).
//
// GStreamer: g_param_spec_boolean (GLib gobject/gparamspecs.c).
func ParamBool(name, nick, blurb string, def bool, flags ParamFlags) *ParamSpec {
	return mustCheck(newSpec(ParamTypeBool, name, nick, blurb, nil, nil, def, flags))
}

// ParamInt declares a 32-bit signed integer property; values are Go ints.
// It panics if the declaration is invalid (see Check) or the bounds exceed
// the int32 range.
//
// GStreamer: g_param_spec_int (GLib gobject/gparamspecs.c).
func ParamInt(name, nick, blurb string, min, max, def int, flags ParamFlags) *ParamSpec {
	if min < math.MinInt32 || max > math.MaxInt32 {
		panic(fmt.Sprintf("gst: property %q: range [%d, %d] exceeds int32", name, min, max))
	}
	return mustCheck(newSpec(ParamTypeInt, name, nick, blurb, min, max, def, flags))
}

// ParamUint declares a 32-bit unsigned integer property; values are Go uints.
// It panics if the declaration is invalid (see Check) or max exceeds uint32.
//
// GStreamer: g_param_spec_uint (GLib gobject/gparamspecs.c).
func ParamUint(name, nick, blurb string, min, max, def uint, flags ParamFlags) *ParamSpec {
	if max > math.MaxUint32 {
		panic(fmt.Sprintf("gst: property %q: max %d exceeds uint32", name, max))
	}
	return mustCheck(newSpec(ParamTypeUint, name, nick, blurb, min, max, def, flags))
}

// ParamInt64 declares a 64-bit signed integer property.
// It panics if the declaration is invalid (see Check).
//
// GStreamer: g_param_spec_int64 (GLib gobject/gparamspecs.c).
func ParamInt64(name, nick, blurb string, min, max, def int64, flags ParamFlags) *ParamSpec {
	return mustCheck(newSpec(ParamTypeInt64, name, nick, blurb, min, max, def, flags))
}

// ParamUint64 declares a 64-bit unsigned integer property.
// It panics if the declaration is invalid (see Check).
//
// GStreamer: g_param_spec_uint64 (GLib gobject/gparamspecs.c).
func ParamUint64(name, nick, blurb string, min, max, def uint64, flags ParamFlags) *ParamSpec {
	return mustCheck(newSpec(ParamTypeUint64, name, nick, blurb, min, max, def, flags))
}

// ParamClockTime declares a time property in nanoseconds. GStreamer has no
// clock-time spec: such properties are uint64 specs (usually 0 -
// G_MAXUINT64 with GST_CLOCK_TIME_NONE meaning "none"), and this spec
// behaves and inspects exactly like one ("Unsigned Integer64", default
// 18446744073709551615 for ClockTimeNone); only the Go value type is
// ClockTime. It panics if the declaration is invalid (see Check).
//
// GStreamer: g_param_spec_uint64 (GLib gobject/gparamspecs.c) used for a GstClockTime.
func ParamClockTime(name, nick, blurb string, min, max, def ClockTime, flags ParamFlags) *ParamSpec {
	return mustCheck(newSpec(ParamTypeClockTime, name, nick, blurb, min, max, def, flags))
}

// ParamDouble declares a float64 property.
// It panics if the declaration is invalid (see Check).
//
// GStreamer: g_param_spec_double (GLib gobject/gparamspecs.c).
func ParamDouble(name, nick, blurb string, min, max, def float64, flags ParamFlags) *ParamSpec {
	return mustCheck(newSpec(ParamTypeDouble, name, nick, blurb, min, max, def, flags))
}

// ParamFloat declares a float32 property.
// It panics if the declaration is invalid (see Check).
//
// GStreamer: g_param_spec_float (GLib gobject/gparamspecs.c).
func ParamFloat(name, nick, blurb string, min, max, def float32, flags ParamFlags) *ParamSpec {
	return mustCheck(newSpec(ParamTypeFloat, name, nick, blurb, min, max, def, flags))
}

// ParamString declares a string property. The default "" stands for C's
// NULL (inspect prints "Default: null"), since Go strings cannot be NULL.
// It panics if the declaration is invalid (see Check).
//
// GStreamer: g_param_spec_string (GLib gobject/gparamspecs.c).
func ParamString(name, nick, blurb string, def string, flags ParamFlags) *ParamSpec {
	return mustCheck(newSpec(ParamTypeString, name, nick, blurb, nil, nil, def, flags))
}

// ParamEnum declares an enumeration property whose values are ints from
// enum; def must be one of them. It panics if the declaration is invalid
// (see Check).
//
// GStreamer: g_param_spec_enum (GLib gobject/gparamspecs.c).
func ParamEnum(name, nick, blurb string, enum *EnumClass, def int, flags ParamFlags) *ParamSpec {
	p := newSpec(ParamTypeEnum, name, nick, blurb, nil, nil, def, flags)
	p.Enum = enum
	return mustCheck(p)
}

// ParamFlagsValue declares a flags property whose values are uints built
// from flagsClass (named so to avoid clashing with the ParamFlags type). It
// panics if the declaration is invalid (see Check).
//
// GStreamer: g_param_spec_flags (GLib gobject/gparamspecs.c).
func ParamFlagsValue(name, nick, blurb string, flagsClass *FlagsClass, def uint, flags ParamFlags) *ParamSpec {
	p := newSpec(ParamTypeFlags, name, nick, blurb, nil, nil, def, flags)
	p.FlagsClass = flagsClass
	return mustCheck(p)
}

// ParamCaps declares a caps property; values are *Caps, nil (the default)
// meaning NULL. It panics if the declaration is invalid (see Check).
//
// GStreamer: g_param_spec_boxed with GST_TYPE_CAPS (GLib gobject/gparamspecs.c).
func ParamCaps(name, nick, blurb string, flags ParamFlags) *ParamSpec {
	return mustCheck(newSpec(ParamTypeCaps, name, nick, blurb, nil, nil, (*Caps)(nil), flags))
}

// ParamStructure declares a structure property; values are *Structure, nil
// (the default) meaning NULL. It panics if the declaration is invalid (see
// Check).
//
// GStreamer: g_param_spec_boxed with GST_TYPE_STRUCTURE (GLib gobject/gparamspecs.c).
func ParamStructure(name, nick, blurb string, flags ParamFlags) *ParamSpec {
	return mustCheck(newSpec(ParamTypeStructure, name, nick, blurb, nil, nil, (*Structure)(nil), flags))
}

// ParamFraction declares a fraction property with an inclusive range. It
// panics if the declaration is invalid (see Check) or a denominator is 0.
//
// GStreamer: gst_param_spec_fraction (gst/gstparamspecs.c).
func ParamFraction(name, nick, blurb string, minNum, minDen, maxNum, maxDen, defNum, defDen int, flags ParamFlags) *ParamSpec {
	if minDen == 0 || maxDen == 0 || defDen == 0 {
		panic(fmt.Sprintf("gst: property %q: fraction with denominator 0", name))
	}
	return mustCheck(newSpec(ParamTypeFraction, name, nick, blurb,
		Fraction{minNum, minDen}, Fraction{maxNum, maxDen}, Fraction{defNum, defDen}, flags))
}

// ParamObject declares an object-valued property (such as GstObject's
// "parent") whose GType name is typeName. Its values are not checked by
// Validate and cannot come from strings. It panics if the name is invalid.
//
// GStreamer: g_param_spec_object (GLib gobject/gparamspecs.c).
func ParamObject(name, nick, blurb, typeName string, flags ParamFlags) *ParamSpec {
	p := newSpec(ParamTypeObject, name, nick, blurb, nil, nil, nil, flags)
	p.TypeName = typeName
	return mustCheck(p)
}

// ParamBoxed declares a property holding some other boxed type (such as
// "last-sample", a GstSample) whose GType name is typeName. Its values are
// not checked by Validate and cannot come from strings. It panics if the
// name is invalid.
//
// GStreamer: g_param_spec_boxed (GLib gobject/gparamspecs.c).
func ParamBoxed(name, nick, blurb, typeName string, flags ParamFlags) *ParamSpec {
	p := newSpec(ParamTypeBoxed, name, nick, blurb, nil, nil, nil, flags)
	p.TypeName = typeName
	return mustCheck(p)
}

// IsMutableIn reports whether the property may be set while the element is
// in state s. GStreamer only documents mutability (GST_PARAM_MUTABLE_*);
// GstMini enforces it: a property that is not writable, or is
// construct-only, is never mutable (construction-time setting does not go
// through this check); ParamMutablePlaying allows any state,
// ParamMutablePaused NULL to PAUSED, ParamMutableReady NULL and READY; a
// writable property with none of these flags is treated as
// ParamMutableReady (settable in NULL and READY), the state in which
// GStreamer elements apply configuration. StateVoidPending counts as NULL.
//
// The flags are informational: ElementBase.Set does not check them (nor
// does g_object_set); elements may use this in their own SetProperty.
//
// GStreamer: GST_PARAM_MUTABLE_READY/PAUSED/PLAYING (gst/gstparamspecs.h).
func (p *ParamSpec) IsMutableIn(s State) bool {
	if p.Flags&ParamWritable == 0 || p.Flags&ParamConstructOnly != 0 {
		return false
	}
	switch {
	case p.Flags&ParamMutablePlaying != 0:
		return true
	case p.Flags&ParamMutablePaused != 0:
		return s <= StatePaused
	default:
		return s <= StateReady
	}
}

// mutabilityText names the states a property may be changed in, for
// ErrWrongState messages.
func (p *ParamSpec) mutabilityText() string {
	switch {
	case p.Flags&ParamMutablePlaying != 0:
		return "changeable in NULL, READY, PAUSED or PLAYING state"
	case p.Flags&ParamMutablePaused != 0:
		return "changeable only in NULL, READY or PAUSED state"
	default:
		return "changeable only in NULL or READY state"
	}
}

// Sentinel errors carried by *ParamError; test with errors.Is.
//
// GStreamer: GST_PARSE_ERROR_NO_SUCH_PROPERTY, GST_PARSE_ERROR_COULD_NOT_SET_PROPERTY (gst/gsterror.h).
var (
	ErrUnknownProperty = errors.New("no such property")
	ErrBadValue        = errors.New("invalid value")
	ErrNotWritable     = errors.New("property is not writable")
	ErrNotReadable     = errors.New("property is not readable")
	ErrWrongState      = errors.New("property cannot be changed in the current state")
)

// ParamError reports a failed property access: which element and property,
// the offending value as text (for bad values), and the reason. The reason
// wraps one of the sentinels (ErrUnknownProperty, ErrBadValue,
// ErrNotWritable, ErrNotReadable, ErrWrongState), so errors.Is(err,
// gst.ErrBadValue) works on a *ParamError. Parse and Validate leave Element
// empty; the element's Set/SetString fill it in.
//
// GStreamer: none (Go-only helper; C logs a g_warning or returns GST_PARSE_ERROR_*).
type ParamError struct {
	Element  string // element name, "" when not known
	Property string
	Value    string // offending value, as given in a string or formatted with %v
	Reason   error
}

// Error formats the error as `queue0: invalid value "abc" for property
// "max-size-buffers": expected unsigned integer in [0, 4294967295]`, or
// `queue0: property "foo": no such property` when no value is involved.
//
// GStreamer: none (Go-only helper).
func (e *ParamError) Error() string {
	var b strings.Builder
	if e.Element != "" {
		b.WriteString(e.Element)
		b.WriteString(": ")
	}
	if errors.Is(e.Reason, ErrBadValue) {
		fmt.Fprintf(&b, "invalid value %q for property %q", e.Value, e.Property)
	} else {
		fmt.Fprintf(&b, "property %q", e.Property)
	}
	if e.Reason != nil {
		b.WriteString(": ")
		b.WriteString(e.Reason.Error())
	}
	return b.String()
}

// Unwrap returns the reason, which wraps the sentinel.
//
// GStreamer: none (Go-only helper).
func (e *ParamError) Unwrap() error { return e.Reason }

// reason is a message that unwraps to a sentinel without repeating its text.
type reason struct {
	sentinel error
	msg      string
}

// Error returns the message without the sentinel's text.
//
// GStreamer: none (Go-only helper).
func (r *reason) Error() string { return r.msg }

// Unwrap returns the sentinel.
//
// GStreamer: none (Go-only helper).
func (r *reason) Unwrap() error { return r.sentinel }

// NewParamError builds a *ParamError whose reason has the text msg and
// wraps sentinel (ErrBadValue, ErrWrongState, ...). Element code and
// ElementBase use it to report property failures in the common form.
//
// GStreamer: none (Go-only helper).
func NewParamError(element, property, value string, sentinel error, msg string) *ParamError {
	if msg == "" && sentinel != nil {
		msg = sentinel.Error()
	}
	return &ParamError{Element: element, Property: property, Value: value, Reason: &reason{sentinel, msg}}
}

// WrongStateError returns the ErrWrongState error for setting p in state s,
// e.g. `property "location": cannot be changed in PLAYING state (changeable
// only in NULL or READY state)`.
//
// GStreamer: none (Go-only helper).
func (p *ParamSpec) WrongStateError(element string, s State) *ParamError {
	return NewParamError(element, p.Name, "", ErrWrongState,
		fmt.Sprintf("cannot be changed in %s state (%s)", s, p.mutabilityText()))
}

func (p *ParamSpec) badValue(value, msg string) *ParamError {
	return NewParamError("", p.Name, value, ErrBadValue, msg)
}

// expected describes the accepted values of p, for error messages.
func (p *ParamSpec) expected() string {
	switch p.Type {
	case ParamTypeBool:
		return "expected boolean (true/false, yes/no, t/f, 1/0)"
	case ParamTypeInt:
		return fmt.Sprintf("expected integer in [%d, %d]", p.Min, p.Max)
	case ParamTypeUint:
		return fmt.Sprintf("expected unsigned integer in [%d, %d]", p.Min, p.Max)
	case ParamTypeInt64:
		return fmt.Sprintf("expected 64-bit integer in [%d, %d]", p.Min, p.Max)
	case ParamTypeUint64, ParamTypeClockTime:
		return fmt.Sprintf("expected unsigned 64-bit integer in [%d, %d]", toUint64(p.Min), toUint64(p.Max))
	case ParamTypeDouble:
		return fmt.Sprintf("expected number in [%s, %s]", formatCDouble(p.Min.(float64), 17), formatCDouble(p.Max.(float64), 17))
	case ParamTypeFloat:
		return fmt.Sprintf("expected number in [%s, %s]", formatCDouble(float64(p.Min.(float32)), 17), formatCDouble(float64(p.Max.(float32)), 17))
	case ParamTypeString:
		return "expected UTF-8 string"
	case ParamTypeEnum:
		var b strings.Builder
		fmt.Fprintf(&b, "expected one of %s:", p.Enum.Name)
		for i, v := range p.Enum.Values {
			if i > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, " %s (%d)", v.Nick, v.Value)
		}
		return b.String()
	case ParamTypeFlags:
		var b strings.Builder
		fmt.Fprintf(&b, "expected flags of %s joined by '+':", p.FlagsClass.Name)
		for i, v := range p.FlagsClass.Values {
			if i > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, " %s (0x%x)", v.Nick, v.Value)
		}
		return b.String()
	case ParamTypeCaps:
		return "expected caps"
	case ParamTypeStructure:
		return "expected structure"
	case ParamTypeFraction:
		mn, mx := p.Min.(Fraction), p.Max.(Fraction)
		return fmt.Sprintf("expected fraction in [%d/%d, %d/%d]", mn.Num, mn.Den, mx.Num, mx.Den)
	}
	return fmt.Sprintf("%s values cannot be set from a string", p.typeName())
}

func (p *ParamSpec) typeName() string {
	switch p.Type {
	case ParamTypeEnum:
		return p.Enum.Name
	case ParamTypeFlags:
		return p.FlagsClass.Name
	case ParamTypeObject, ParamTypeBoxed:
		if p.TypeName != "" {
			return p.TypeName
		}
	}
	return p.Type.String()
}

func toUint64(v any) uint64 {
	switch x := v.(type) {
	case uint64:
		return x
	case ClockTime:
		return uint64(x)
	}
	return 0
}

// cmp compares two values of p's Go type: -1, 0 or +1. NaN compares equal
// to everything, as GLib's range checks let it through.
func (p *ParamSpec) cmp(a, b any) int {
	switch x := a.(type) {
	case int:
		return psCmpOrdered(x, b.(int))
	case uint:
		return psCmpOrdered(x, b.(uint))
	case int64:
		return psCmpOrdered(x, b.(int64))
	case uint64:
		return psCmpOrdered(x, b.(uint64))
	case ClockTime:
		return psCmpOrdered(x, b.(ClockTime))
	case float64:
		return psCmpOrdered(x, b.(float64))
	case float32:
		return psCmpOrdered(x, b.(float32))
	case Fraction:
		return cmpFraction(x, b.(Fraction))
	}
	return 0
}

func psCmpOrdered[T int | uint | int64 | uint64 | ClockTime | float64 | float32](a, b T) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// cmpFraction compares a/b with c/d by cross-multiplying in 64 bits after
// moving signs to the numerators.
//
// GStreamer: gst_util_fraction_compare (gst/gstutils.c).
func cmpFraction(a, b Fraction) int {
	an, ad := int64(a.Num), int64(a.Den)
	bn, bd := int64(b.Num), int64(b.Den)
	if ad < 0 {
		an, ad = -an, -ad
	}
	if bd < 0 {
		bn, bd = -bn, -bd
	}
	return psCmpOrdered(an*bd, bn*ad)
}

// inRange reports whether v (already of p's Go type) lies in [Min, Max].
func (p *ParamSpec) inRange(v any) bool {
	if p.Min == nil || p.Max == nil {
		return true
	}
	return p.cmp(v, p.Min) >= 0 && p.cmp(v, p.Max) <= 0
}

// Parse converts a launch-line or SetString value to the property's Go
// type, exactly as GStreamer deserializes it for the spec's type and then
// checks the spec's range:
//   - bool: true/yes/t/1 and false/no/f/0, case-insensitive except the
//     digits;
//   - integers: C strtoull syntax with base prefix (decimal, 0x hex, 0
//     octal, optional sign and leading blanks; "" is 0), the words min, max,
//     little_endian, big_endian and byte_order; a negative number given to
//     an unsigned type wraps as in C ("-1" is 4294967295 for a uint and
//     18446744073709551615, ClockTimeNone, for a uint64/ClockTime). Unlike
//     GStreamer, 32-bit values that do not fit in 32 bits are rejected
//     rather than truncated;
//   - double/float: C strtod syntax (decimal, exponent, hex, inf, nan), min
//     and max;
//   - string: taken as is, except that "NULL" is the NULL string (returned
//     as "") and a value wholly in double quotes is unescaped
//     (gst_string_unwrap);
//   - enum: name, nick or number; flags: '+'-joined names, nicks or numbers;
//   - caps and structure: ParseCaps / ParseStructure, optionally quoted;
//     "NULL" gives nil;
//   - fraction: "n/d", "n", "1/max", "min", "max".
//
// Errors are *ParamError wrapping ErrBadValue, e.g. `invalid value "abc" for
// property "max-size-buffers": expected unsigned integer in [0, 4294967295]`.
// Safe for concurrent use.
//
// GStreamer: gst_util_set_object_arg (gst/gstutils.c), gst_value_deserialize_with_pspec (gst/gstvalue.c).
func (p *ParamSpec) Parse(s string) (any, error) {
	v, msg := p.parse(s)
	if msg != "" {
		return nil, p.badValue(s, msg)
	}
	return v, nil
}

func (p *ParamSpec) parse(s string) (any, string) {
	var v any
	switch p.Type {
	case ParamTypeBool:
		switch {
		case strings.EqualFold(s, "true") || strings.EqualFold(s, "yes") || strings.EqualFold(s, "t") || s == "1":
			return true, ""
		case strings.EqualFold(s, "false") || strings.EqualFold(s, "no") || strings.EqualFold(s, "f") || s == "0":
			return false, ""
		}
		return nil, p.expected()
	case ParamTypeInt, ParamTypeUint:
		x, ok := parseCInt(s, p.Type)
		if !ok {
			return nil, p.expected()
		}
		if p.Type == ParamTypeInt {
			v = int(int32(uint32(x)))
		} else {
			v = uint(uint32(x))
		}
	case ParamTypeInt64:
		x, ok := parseCInt(s, p.Type)
		if !ok {
			return nil, p.expected()
		}
		v = int64(x)
	case ParamTypeUint64, ParamTypeClockTime:
		x, ok := parseCInt(s, p.Type)
		if !ok {
			return nil, p.expected()
		}
		if p.Type == ParamTypeClockTime {
			v = ClockTime(x)
		} else {
			v = x
		}
	case ParamTypeDouble:
		x, ok := parseCDouble(s, math.MaxFloat64)
		if !ok {
			return nil, p.expected()
		}
		v = x
	case ParamTypeFloat:
		x, ok := parseCDouble(s, math.MaxFloat32)
		if !ok || x > math.MaxFloat32 || x < -math.MaxFloat32 {
			return nil, p.expected()
		}
		v = float32(x)
	case ParamTypeString:
		if s == "NULL" {
			return "", ""
		}
		if len(s) > 0 && s[0] == '"' && s[len(s)-1] == '"' {
			u, ok := unwrapString(s)
			if !ok {
				return nil, "invalid quoted string"
			}
			s = u
		}
		if !utf8.ValidString(s) {
			return nil, "invalid UTF-8"
		}
		return s, ""
	case ParamTypeEnum:
		ev := p.Enum.Lookup(s)
		if ev == nil {
			return nil, p.expected()
		}
		return ev.Value, ""
	case ParamTypeFlags:
		x, err := p.FlagsClass.Lookup(s)
		if err != nil {
			return nil, err.Error()
		}
		return x, ""
	case ParamTypeCaps:
		if s == "NULL" {
			return (*Caps)(nil), ""
		}
		str, ok := maybeUnwrap(s)
		if !ok {
			return nil, "invalid quoted caps string"
		}
		c, err := ParseCaps(str)
		if err != nil {
			return nil, err.Error()
		}
		if c == nil {
			return nil, p.expected()
		}
		return c, ""
	case ParamTypeStructure:
		if s == "NULL" {
			return (*Structure)(nil), ""
		}
		str, ok := maybeUnwrap(s)
		if !ok {
			return nil, "invalid quoted structure string"
		}
		st, err := ParseStructure(str)
		if err != nil {
			return nil, err.Error()
		}
		if st == nil {
			return nil, p.expected()
		}
		return st, ""
	case ParamTypeFraction:
		f, ok := parseFraction(s)
		if !ok {
			return nil, p.expected()
		}
		v = f
	default:
		return nil, p.expected()
	}
	if !p.inRange(v) {
		return nil, p.expected()
	}
	return v, ""
}

// cSpace is C's isspace in the C locale (g_ascii_isspace).
func cSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}

// psCStrtoull mirrors g_ascii_strtoull(s, &end, 0) followed by a check that
// the whole string was consumed: leading blanks, an optional sign (a '-'
// negates modulo 2^64), base 0 (0x hex, 0 octal, decimal). ok reports full
// consumption ("" counts, as C reports no conversion with end == s);
// overflow reports ERANGE.
func psCStrtoull(s string) (x uint64, ok, overflow bool) {
	if s == "" {
		return 0, true, false
	}
	x, end, overflow := cStrtoull(s, 0)
	if end == 0 || end != len(s) {
		// No digits (C points end at the start or at the 'x' of "0x"),
		// or trailing garbage.
		return 0, false, false
	}
	return x, true, overflow
}

// cStrtol mirrors strtol(s, &end, 0) with a full-consumption check, as used
// by the enum deserializer; values outside int32 are reported as not found.
func cStrtol(s string) (int, bool) {
	t := s
	for len(t) > 0 && cSpace(t[0]) {
		t = t[1:]
	}
	neg := false
	if len(t) > 0 && (t[0] == '+' || t[0] == '-') {
		neg = t[0] == '-'
		t = t[1:]
	}
	if len(t) > 0 && (t[0] == '+' || t[0] == '-' || cSpace(t[0])) {
		return 0, false
	}
	if t == "" && s != "" {
		return 0, false
	}
	x, ok, overflow := psCStrtoull(t)
	if !ok || overflow || x > math.MaxInt32+1 {
		return 0, false
	}
	n := int64(x)
	if neg {
		n = -n
	}
	if n > math.MaxInt32 {
		return 0, false
	}
	return int(n), true
}

// parseCInt is the CREATE_(U)SERIALIZATION deserializers of gstvalue.c for
// the integer types of t, returning the bits as a uint64: int64(x) for
// signed types. 32-bit types accept anything that fits in 32 bits as a
// signed or unsigned number (GStreamer truncates larger unsigned values, a
// FIXME in its tests; we reject them).
func parseCInt(s string, t ParamType) (uint64, bool) {
	x, ok, overflow := psCStrtoull(s)
	if overflow {
		return 0, false
	}
	if !ok {
		var min, max uint64
		switch t {
		case ParamTypeInt:
			min, max = 0xFFFFFFFF80000000, math.MaxInt32 // G_MININT as 64-bit two's complement
		case ParamTypeUint:
			min, max = 0, math.MaxUint32
		case ParamTypeInt64:
			min, max = 1<<63, math.MaxInt64
		default:
			min, max = 0, math.MaxUint64
		}
		switch {
		case strings.EqualFold(s, "little_endian"):
			x = 1234
		case strings.EqualFold(s, "big_endian"):
			x = 4321
		case strings.EqualFold(s, "byte_order"):
			x = 1234 // G_BYTE_ORDER on the little-endian hosts GStreamer is built for
		case strings.EqualFold(s, "min"):
			x = min
		case strings.EqualFold(s, "max"):
			x = max
		default:
			return 0, false
		}
	}
	if t == ParamTypeInt || t == ParamTypeUint {
		if n := int64(x); n < math.MinInt32 || n > math.MaxUint32 {
			return 0, false
		}
	}
	return x, true
}

// parseCDouble mirrors g_ascii_strtod with a full-consumption check plus
// gstvalue.c's "min"/"max" words (±limit). Overflow gives ±Inf as C does.
func parseCDouble(s string, limit float64) (float64, bool) {
	if s == "" {
		return 0, true // C: no conversion, end == s
	}
	if strings.EqualFold(s, "min") {
		return -limit, true
	}
	if strings.EqualFold(s, "max") {
		return limit, true
	}
	t := s
	for len(t) > 0 && cSpace(t[0]) {
		t = t[1:]
	}
	if t == "" || strings.ContainsRune(t, '_') {
		return 0, false
	}
	body := strings.TrimLeft(t, "+-")
	if len(t)-len(body) > 1 {
		return 0, false
	}
	if len(body) > 1 && body[0] == '0' && (body[1] == 'x' || body[1] == 'X') && !strings.ContainsAny(body, "pP") {
		t += "p0" // C allows hex floats without a binary exponent
	}
	x, err := strconv.ParseFloat(t, 64)
	if err != nil {
		var ne *strconv.NumError
		if errors.As(err, &ne) && ne.Err == strconv.ErrRange {
			return x, true
		}
		return 0, false
	}
	return x, true
}

// psScanCInt mirrors sscanf's %d: leading blanks, optional sign, decimal
// digits; it returns the value and the number of bytes consumed (0 when no
// number). Values outside int32 fail.
func psScanCInt(s string) (int, int, bool) {
	i := 0
	for i < len(s) && cSpace(s[i]) {
		i++
	}
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	start := i
	var n int64
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		n = n*10 + int64(s[i]-'0')
		if n > math.MaxInt32+1 {
			return 0, 0, false
		}
		i++
	}
	if i == start {
		return 0, 0, false
	}
	if neg {
		n = -n
	}
	if n > math.MaxInt32 || n < math.MinInt32 {
		return 0, 0, false
	}
	return int(n), i, true
}

// parseFraction is gst_value_deserialize_fraction followed by
// gst_value_set_fraction's normalisation (positive denominator, reduced).
func parseFraction(s string) (Fraction, bool) {
	if num, n, ok := psScanCInt(s); ok && n < len(s) && s[n] == '/' {
		if den, m, ok := psScanCInt(s[n+1:]); ok {
			if n+1+m != len(s) || den == 0 {
				return Fraction{}, false
			}
			return normalizeFraction(num, den)
		}
	}
	if strings.EqualFold(s, "1/max") {
		return Fraction{1, math.MaxInt32}, true
	}
	if num, n, ok := psScanCInt(s); ok {
		if n != len(s) {
			return Fraction{}, false
		}
		return normalizeFraction(num, 1)
	}
	if strings.EqualFold(s, "min") {
		return Fraction{-math.MaxInt32, 1}, true
	}
	if strings.EqualFold(s, "max") {
		return Fraction{math.MaxInt32, 1}, true
	}
	return Fraction{}, false
}

// normalizeFraction mirrors gst_value_set_fraction: both parts must be >=
// -G_MAXINT and the denominator non-zero; the sign moves to the numerator
// and the fraction is reduced by the greatest common divisor.
func normalizeFraction(num, den int) (Fraction, bool) {
	if den == 0 || num < -math.MaxInt32 || den < -math.MaxInt32 || num > math.MaxInt32 || den > math.MaxInt32 {
		return Fraction{}, false
	}
	if den < 0 {
		num, den = -num, -den
	}
	a, b := num, den
	if a < 0 {
		a = -a
	}
	for b != 0 {
		a, b = b, a%b
	}
	if a != 0 {
		num /= a
		den /= a
	}
	return Fraction{num, den}, true
}

// maybeUnwrap unwraps s if it starts with '"', as the caps and structure
// deserializers do.
func maybeUnwrap(s string) (string, bool) {
	if len(s) > 0 && s[0] == '"' {
		return unwrapString(s)
	}
	return s, true
}

// formatCDouble formats x like C's "%.<prec>g" in the C locale (g_ascii_formatd):
// Go's 'g' verb with an explicit precision already drops trailing zeros and
// uses two-digit exponents; only the non-finite spellings differ.
func formatCDouble(x float64, prec int) string {
	switch {
	case math.IsNaN(x):
		return "nan"
	case math.IsInf(x, 1):
		return "inf"
	case math.IsInf(x, -1):
		return "-inf"
	}
	return strconv.FormatFloat(x, 'g', prec, 64)
}

// Format converts a value of the property's Go type to the string form
// GStreamer's serializer produces, such that Parse(Format(v)) gives v back:
// "true"/"false"; decimal integers (ClockTime as nanoseconds); doubles and
// floats as C "%.17g" (g_ascii_dtostr: 0.1 is "0.10000000000000001", 1.5e-07
// is "1.4999999999999999e-07"); strings as is unless they need quoting
// (gst_string_wrap: `"a\ b"`); enums as their nick; flags as their value
// names joined with '+'; caps and structures as their quoted string, nil as
// "NULL"; fractions as "n/d". The value is first passed through Validate, so
// convertible Go values are accepted too. Errors are *ParamError wrapping
// ErrBadValue. Safe for concurrent use.
//
// GStreamer: gst_value_serialize (gst/gstvalue.c).
func (p *ParamSpec) Format(v any) (string, error) {
	nv, err := p.Validate(v)
	if err != nil {
		return "", err
	}
	switch x := nv.(type) {
	case bool:
		if x {
			return "true", nil
		}
		return "false", nil
	case int:
		if p.Type == ParamTypeEnum {
			return p.Enum.Value(x).Nick, nil
		}
		return strconv.Itoa(x), nil
	case uint:
		if p.Type == ParamTypeFlags {
			s, err := p.FlagsClass.serialize(x)
			if err != nil {
				return "", p.badValue(fmt.Sprint(v), err.Error())
			}
			return s, nil
		}
		return strconv.FormatUint(uint64(x), 10), nil
	case int64:
		return strconv.FormatInt(x, 10), nil
	case uint64:
		return strconv.FormatUint(x, 10), nil
	case ClockTime:
		return strconv.FormatUint(uint64(x), 10), nil
	case float64:
		return formatCDouble(x, 17), nil
	case float32:
		return formatCDouble(float64(x), 17), nil
	case string:
		return wrapString(x), nil
	case *Caps:
		if x == nil {
			return "NULL", nil
		}
		return wrapString(x.String()), nil
	case *Structure:
		if x == nil {
			return "NULL", nil
		}
		return wrapString(x.String()), nil
	case Fraction:
		n, d := x.Num, x.Den
		neg := false
		if n < 0 {
			n, neg = -n, !neg
		}
		if d < 0 {
			d, neg = -d, !neg
		}
		sign := ""
		if neg {
			sign = "-"
		}
		return fmt.Sprintf("%s%d/%d", sign, n, d), nil
	}
	return "", p.badValue(fmt.Sprint(v), p.expected())
}

// Validate checks a Go value given to Set and returns it converted to the
// property's Go type (see ParamSpec). Besides the exact type it accepts:
// for integer types any Go integer (including named types such as
// ClockTime) whose value is in range; for Double and Float any Go float or
// any integer that converts exactly (a float64 becomes a float32 only within
// ±math.MaxFloat32); for ClockTime also uint64, non-negative
// integers and a non-negative time.Duration; for Enum any integer that is
// one of the values, or a string (name, nick or number); for Flags any
// non-negative integer without unknown bits, or a string; for Caps and
// Structure nil or a string to parse; for Object and Boxed anything. The
// range check is the spec's [Min, Max]. Errors are *ParamError wrapping
// ErrBadValue. Safe for concurrent use.
//
// GStreamer: g_value_transform and g_param_value_validate as used by g_object_set_property (GLib gobject/gobject.c).
func (p *ParamSpec) Validate(v any) (any, error) {
	nv, msg := p.validate(v)
	if msg != "" {
		return nil, p.badValue(valueText(v), msg)
	}
	return nv, nil
}

func valueText(v any) string {
	if v == nil {
		return "<nil>"
	}
	return fmt.Sprintf("%v (%T)", v, v)
}

func (p *ParamSpec) validate(v any) (any, string) {
	switch p.Type {
	case ParamTypeObject, ParamTypeBoxed:
		return v, ""
	case ParamTypeString:
		if s, ok := v.(string); ok {
			if !utf8.ValidString(s) {
				return nil, "invalid UTF-8"
			}
			return s, ""
		}
		if rv := reflect.ValueOf(v); v != nil && rv.Kind() == reflect.String {
			return p.validate(rv.String())
		}
		return nil, "expected string"
	}
	if s, ok := v.(string); ok {
		switch p.Type {
		case ParamTypeEnum, ParamTypeFlags, ParamTypeCaps, ParamTypeStructure:
			return p.parse(s)
		}
	}
	var out any
	switch p.Type {
	case ParamTypeBool:
		if b, ok := v.(bool); ok {
			return b, ""
		}
		if rv := reflect.ValueOf(v); v != nil && rv.Kind() == reflect.Bool {
			return rv.Bool(), ""
		}
		return nil, "expected bool"
	case ParamTypeInt, ParamTypeInt64, ParamTypeEnum:
		n, ok := intValue(v)
		if !ok {
			return nil, p.expected()
		}
		switch p.Type {
		case ParamTypeInt:
			if n < math.MinInt32 || n > math.MaxInt32 {
				return nil, p.expected()
			}
			out = int(n)
		case ParamTypeInt64:
			out = n
		default:
			if n < math.MinInt32 || n > math.MaxInt32 || p.Enum.Value(int(n)) == nil {
				return nil, p.expected()
			}
			return int(n), ""
		}
	case ParamTypeUint, ParamTypeUint64, ParamTypeClockTime, ParamTypeFlags:
		if d, ok := v.(time.Duration); ok && p.Type == ParamTypeClockTime {
			if d < 0 {
				return nil, "negative duration"
			}
			out = ClockTime(d)
			break
		}
		n, ok := uintValue(v)
		if !ok {
			return nil, p.expected()
		}
		switch p.Type {
		case ParamTypeUint:
			if n > math.MaxUint32 {
				return nil, p.expected()
			}
			out = uint(n)
		case ParamTypeUint64:
			out = n
		case ParamTypeClockTime:
			out = ClockTime(n)
		default:
			if n > math.MaxUint32 || uint(n)&^p.FlagsClass.Mask() != 0 {
				return nil, p.expected()
			}
			return uint(n), ""
		}
	case ParamTypeDouble, ParamTypeFloat:
		f, ok := floatValue(v)
		if !ok {
			return nil, p.expected()
		}
		if p.Type == ParamTypeDouble {
			out = f
		} else {
			if f > math.MaxFloat32 || f < -math.MaxFloat32 {
				return nil, p.expected()
			}
			out = float32(f)
		}
	case ParamTypeCaps:
		if v == nil {
			return (*Caps)(nil), ""
		}
		if c, ok := v.(*Caps); ok {
			return c, ""
		}
		return nil, p.expected()
	case ParamTypeStructure:
		if v == nil {
			return (*Structure)(nil), ""
		}
		if s, ok := v.(*Structure); ok {
			return s, ""
		}
		return nil, p.expected()
	case ParamTypeFraction:
		f, ok := v.(Fraction)
		if !ok {
			return nil, p.expected()
		}
		nf, ok := normalizeFraction(f.Num, f.Den)
		if !ok {
			return nil, p.expected()
		}
		out = nf
	default:
		return nil, p.expected()
	}
	if !p.inRange(out) {
		return nil, p.expected()
	}
	return out, ""
}

// intValue converts any Go integer to int64, failing for unsigned values
// above math.MaxInt64.
func intValue(v any) (int64, bool) {
	switch x := v.(type) {
	case int:
		return int64(x), true
	case int64:
		return x, true
	case uint:
		return int64(x), x <= math.MaxInt64
	}
	if v == nil {
		return 0, false
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return rv.Int(), true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		u := rv.Uint()
		return int64(u), u <= math.MaxInt64
	}
	return 0, false
}

// uintValue converts any non-negative Go integer to uint64.
func uintValue(v any) (uint64, bool) {
	switch x := v.(type) {
	case uint:
		return uint64(x), true
	case uint64:
		return x, true
	case int:
		return uint64(x), x >= 0
	}
	if v == nil {
		return 0, false
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n := rv.Int()
		return uint64(n), n >= 0
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return rv.Uint(), true
	}
	return 0, false
}

// floatValue converts any Go float or integer to float64; integers must be
// exactly representable.
func floatValue(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case float32:
		return float64(x), true
	}
	if v == nil {
		return 0, false
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Float32, reflect.Float64:
		return rv.Float(), true
	}
	if n, ok := intValue(v); ok {
		f := float64(n)
		return f, f >= -(1<<63) && f < 1<<63 && int64(f) == n
	}
	if u, ok := uintValue(v); ok {
		f := float64(u)
		return f, f < 1<<64 && uint64(f) == u
	}
	return 0, false
}

// inspectNameIndent and inspectIndent are gst-inspect's indentation of a
// property block inside "Element Properties": one level (2 spaces) for the
// name line, twelve levels (24 spaces) for the flags and type lines.
const (
	inspectNameIndent = "  "
	inspectIndent     = "                        "
	inspectCapsPrefix = "                           " // print_caps prefix for property values
)

// RangeString returns the range as gst-inspect prints it after "Range: ":
// "0 - 4294967295" for integers, "%15.7g - %15.7g" for doubles and floats,
// "0/1 - 2147483647/1" for fractions, "" for types without a range.
//
// GStreamer: print_object_properties_info (tools/gst-inspect.c).
func (p *ParamSpec) RangeString() string {
	switch p.Type {
	case ParamTypeInt, ParamTypeUint, ParamTypeInt64, ParamTypeUint64:
		return fmt.Sprintf("%d - %d", p.Min, p.Max)
	case ParamTypeClockTime:
		return fmt.Sprintf("%d - %d", toUint64(p.Min), toUint64(p.Max))
	case ParamTypeDouble:
		return inspectG(p.Min.(float64)) + " - " + inspectG(p.Max.(float64))
	case ParamTypeFloat:
		return inspectG(float64(p.Min.(float32))) + " - " + inspectG(float64(p.Max.(float32)))
	case ParamTypeFraction:
		mn, mx := p.Min.(Fraction), p.Max.(Fraction)
		return fmt.Sprintf("%d/%d - %d/%d", mn.Num, mn.Den, mx.Num, mx.Den)
	}
	return ""
}

// inspectG is C's "%15.7g".
func inspectG(x float64) string { return fmt.Sprintf("%15s", formatCDouble(x, 7)) }

// DefaultString returns the default as gst-inspect prints it after
// "Default: ": `200`, `true`, `"queue0"` or `null` for strings, `0, "no"`
// for enums, `0x00000000, "(none)"` for flags, `%15.7g` for doubles, `30/1`
// for fractions; "" for types whose default inspect does not print (caps,
// structures, objects, boxed).
//
// GStreamer: print_object_properties_info (tools/gst-inspect.c).
func (p *ParamSpec) DefaultString() string { return p.valueString(p.Default) }

func (p *ParamSpec) valueString(v any) string {
	switch p.Type {
	case ParamTypeBool:
		if b, _ := v.(bool); b {
			return "true"
		}
		return "false"
	case ParamTypeInt, ParamTypeUint, ParamTypeInt64, ParamTypeUint64:
		return fmt.Sprintf("%d", v)
	case ParamTypeClockTime:
		return strconv.FormatUint(toUint64(v), 10)
	case ParamTypeDouble:
		f, _ := v.(float64)
		return inspectG(f)
	case ParamTypeFloat:
		f, _ := v.(float32)
		return inspectG(float64(f))
	case ParamTypeString:
		if s, _ := v.(string); s != "" {
			return `"` + s + `"`
		}
		return "null"
	case ParamTypeEnum:
		n, _ := v.(int)
		nick := ""
		if ev := p.Enum.Value(n); ev != nil {
			nick = ev.Nick
		}
		return fmt.Sprintf("%d, %q", n, nick)
	case ParamTypeFlags:
		n, _ := v.(uint)
		return fmt.Sprintf("0x%08x, \"%s\"", n, p.FlagsClass.nickString(n))
	case ParamTypeFraction:
		f, _ := v.(Fraction)
		return fmt.Sprintf("%d/%d", f.Num, f.Den)
	}
	return ""
}

// InspectLines returns the property's block exactly as gst-inspect-1.0
// prints it under "Element Properties" with the default value: the name
// line ("  max-size-buffers    : <blurb>"), the "flags:" line and the type
// line(s) ("Unsigned Integer. Range: 0 - 4294967295 Default: 200 ", with
// gst-inspect's trailing space; enum and flags value lists; caps and
// structure contents, including the empty line gst-inspect leaves after
// them). Lines carry gst-inspect's indentation and no newline. gst-inspect
// 1.24 and later print an extra empty line after every block; that separator
// is the caller's, not part of the block.
//
// GStreamer: print_object_properties_info (tools/gst-inspect.c).
func (p *ParamSpec) InspectLines() []string { return p.InspectLinesValue(p.Default) }

// InspectLinesValue is InspectLines showing v (an element's current value,
// of the property's Go type) as the default, as gst-inspect does for
// readable properties of an instantiated element. For write-only properties
// the spec default is shown whatever v is, and " Write only" ends the type
// line.
//
// GStreamer: print_object_properties_info (tools/gst-inspect.c).
func (p *ParamSpec) InspectLinesValue(v any) []string {
	readable := p.Flags&ParamReadable != 0
	if !readable {
		v = p.Default
	} else if nv, err := p.Validate(v); err == nil {
		v = nv
	} else {
		v = p.Default
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s%-20s: %s\n", inspectNameIndent, p.Name, p.Blurb)
	fmt.Fprintf(&b, "%sflags: %s\n", inspectIndent, p.Flags.InspectString())
	b.WriteString(inspectIndent)
	switch p.Type {
	case ParamTypeString:
		b.WriteString("String. Default: " + p.valueString(v))
	case ParamTypeBool:
		b.WriteString("Boolean. Default: " + p.valueString(v))
	case ParamTypeUint:
		fmt.Fprintf(&b, "Unsigned Integer. Range: %s Default: %s ", p.RangeString(), p.valueString(v))
	case ParamTypeInt:
		fmt.Fprintf(&b, "Integer. Range: %s Default: %s ", p.RangeString(), p.valueString(v))
	case ParamTypeUint64, ParamTypeClockTime:
		fmt.Fprintf(&b, "Unsigned Integer64. Range: %s Default: %s ", p.RangeString(), p.valueString(v))
	case ParamTypeInt64:
		fmt.Fprintf(&b, "Integer64. Range: %s Default: %s ", p.RangeString(), p.valueString(v))
	case ParamTypeFloat:
		fmt.Fprintf(&b, "Float. Range: %s Default: %s ", p.RangeString(), p.valueString(v))
	case ParamTypeDouble:
		fmt.Fprintf(&b, "Double. Range: %s Default: %s ", p.RangeString(), p.valueString(v))
	case ParamTypeCaps:
		c, _ := v.(*Caps)
		if c == nil {
			b.WriteString("Caps (NULL)")
		} else {
			// print_caps starts with n_print: the indentation is already
			// written, so the prefix follows it.
			writeInspectCaps(&b, c, inspectCapsPrefix, "", true)
		}
	case ParamTypeEnum:
		fmt.Fprintf(&b, "Enum %q Default: %s", p.Enum.Name, p.valueString(v))
		for _, ev := range p.Enum.Values {
			fmt.Fprintf(&b, "\n%s   (%d): %-16s - %s", inspectIndent, ev.Value, ev.Nick, ev.Name)
		}
	case ParamTypeFlags:
		fmt.Fprintf(&b, "Flags %q Default: %s", p.FlagsClass.Name, p.valueString(v))
		for _, fv := range p.FlagsClass.Values {
			fmt.Fprintf(&b, "\n%s   (0x%08x): %-16s - %s", inspectIndent, fv.Value, fv.Nick, fv.Name)
		}
	case ParamTypeObject:
		fmt.Fprintf(&b, "Object of type %q", p.TypeName)
	case ParamTypeBoxed, ParamTypeStructure:
		name := p.TypeName
		if p.Type == ParamTypeStructure {
			name = "GstStructure"
		}
		fmt.Fprintf(&b, "Boxed pointer of type %q", name)
		if s, _ := v.(*Structure); s != nil {
			b.WriteString("\n")
			writeInspectFields(&b, s, inspectCapsPrefix)
		}
	case ParamTypeFraction:
		fmt.Fprintf(&b, "Fraction. Range: %s Default: %s ", p.RangeString(), p.valueString(v))
	default:
		fmt.Fprintf(&b, "Unknown type %d %q", int(p.Type), p.typeName())
	}
	if !readable {
		b.WriteString(" Write only\n")
	} else {
		b.WriteString("\n")
	}
	return strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
}

// structureFields is the field iteration the real Structure provides
// (gst_structure_n_fields / gst_structure_nth_field_name); the inspect code
// prints fields only when it is available.
type structureFields interface {
	NFields() int
	NthFieldName(i int) string
}

// writeInspectCaps is gst-inspect's print_caps. indented tells whether the
// n_print indentation for the first line is already written.
func writeInspectCaps(b *strings.Builder, c *Caps, pfx, fieldname string, indented bool) {
	line := func(s string) {
		if !indented {
			b.WriteString(inspectIndent)
		}
		indented = false
		b.WriteString(s)
		b.WriteString("\n")
	}
	switch {
	case c.IsAny():
		line(pfx + "ANY")
		return
	case c.IsEmpty():
		line(pfx + "EMPTY")
		return
	}
	sep := ""
	if fieldname != "" {
		sep = ": "
	}
	for i := 0; i < c.Size(); i++ {
		s := c.Structure(i)
		line(pfx + fieldname + sep + s.Name())
		writeInspectFields(b, s, pfx)
	}
}

// writeInspectFields is gst-inspect's print_field over every field of s.
func writeInspectFields(b *strings.Builder, s *Structure, pfx string) {
	it, ok := any(s).(structureFields)
	if !ok {
		return
	}
	for i := 0; i < it.NFields(); i++ {
		name := it.NthFieldName(i)
		v, _ := s.Value(name)
		switch x := v.(type) {
		case *Caps:
			if x != nil {
				writeInspectCaps(b, x, pfx+"  ", name, false)
			}
		case *Structure:
			if x != nil {
				fmt.Fprintf(b, "%s%s  %s: %s (GstStructure)\n", inspectIndent, pfx, name, x.Name())
				writeInspectFields(b, x, pfx+"    ")
			}
		default:
			// gst-inspect 1.22 prints the bare value (later versions add
			// the type in parentheses).
			fmt.Fprintf(b, "%s%s  %15s: %s\n", inspectIndent, pfx, name, serializeField(v))
		}
	}
}

// serializeField is gst_value_serialize for the plain field types.
func serializeField(v any) string {
	switch x := v.(type) {
	case bool:
		if x {
			return "true"
		}
		return "false"
	case float64:
		return formatCDouble(x, 17)
	case float32:
		return formatCDouble(float64(x), 17)
	case string:
		return wrapString(x)
	case Fraction:
		f := ParamSpec{Type: ParamTypeFraction}
		s, _ := f.Format(x)
		return s
	case fmt.Stringer:
		return x.String()
	}
	return fmt.Sprint(v)
}

// gTypeName gives the GType name gst-inspect prints for a field value
// ("string" for strings, as gst-inspect special-cases gchararray).
func gTypeName(v any) string {
	switch v.(type) {
	case bool:
		return "gboolean"
	case int:
		return "gint"
	case uint:
		return "guint"
	case int64:
		return "gint64"
	case uint64, ClockTime:
		return "guint64"
	case float64:
		return "gdouble"
	case float32:
		return "gfloat"
	case string:
		return "string"
	case Fraction:
		return "GstFraction"
	}
	return fmt.Sprintf("%T", v)
}
