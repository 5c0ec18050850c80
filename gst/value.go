package gst

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// This file holds GStreamer's value system: the Go types that stand for the
// GValue types a Structure field can hold, and the set operations on them
// (compare, intersect, union, subtract, subset, fixate) plus their string
// forms. Values are plain Go values (int, string, Fraction, IntRange,
// ValueList, ...); the operations take and return `any`.

// ValueOrder is the result of ValueCompare.
//
// GStreamer: GST_VALUE_LESS_THAN, GST_VALUE_EQUAL, GST_VALUE_GREATER_THAN, GST_VALUE_UNORDERED (gst/gstvalue.h).
type ValueOrder int

// The possible results of ValueCompare. The numbers are GStreamer's.
//
// GStreamer: GST_VALUE_LESS_THAN, GST_VALUE_EQUAL, GST_VALUE_GREATER_THAN, GST_VALUE_UNORDERED (gst/gstvalue.h).
const (
	ValueLessThan    ValueOrder = -1
	ValueEqual       ValueOrder = 0
	ValueGreaterThan ValueOrder = 1
	ValueUnordered   ValueOrder = 2
)

// String returns "<", "=", ">" or "unordered".
//
// GStreamer: none (Go-only helper).
func (o ValueOrder) String() string {
	switch o {
	case ValueLessThan:
		return "<"
	case ValueEqual:
		return "="
	case ValueGreaterThan:
		return ">"
	}
	return "unordered"
}

// Fraction is a rational number Num/Den (GST_TYPE_FRACTION). GStreamer keeps
// fractions reduced with the sign on the numerator; NewFraction and
// Structure.Set do that for you. Num and Den are 32-bit in GStreamer.
//
// GStreamer: GST_TYPE_FRACTION (gst/gstvalue.h).
type Fraction struct {
	Num, Den int
}

// NewFraction returns num/den reduced to lowest terms with the sign moved to
// the numerator. A zero denominator is kept as is (an invalid fraction).
//
// GStreamer: gst_value_set_fraction (gst/gstvalue.c).
func NewFraction(num, den int) Fraction {
	return Fraction{num, den}.reduced()
}

func (f Fraction) reduced() Fraction {
	if f.Den == 0 {
		return f
	}
	if f.Den < 0 {
		f.Num, f.Den = -f.Num, -f.Den
	}
	if g := gcdInt(f.Num, f.Den); g != 0 {
		f.Num /= g
		f.Den /= g
	}
	return f
}

// String returns the fraction as GStreamer serializes it, e.g. "30/1" or
// "-1/2".
//
// GStreamer: gst_value_serialize_fraction (gst/gstvalue.c).
func (f Fraction) String() string {
	n, d := f.Num, f.Den
	neg := false
	if n < 0 {
		n = -n
		neg = !neg
	}
	if d < 0 {
		d = -d
		neg = !neg
	}
	if neg {
		return "-" + strconv.Itoa(n) + "/" + strconv.Itoa(d)
	}
	return strconv.Itoa(n) + "/" + strconv.Itoa(d)
}

// Float64 returns Num/Den as a float64.
//
// GStreamer: gst_util_fraction_to_double (gst/gstutils.c).
func (f Fraction) Float64() float64 {
	return float64(f.Num) / float64(f.Den)
}

// Compare compares two fractions exactly: -1 if f < o, 0 if equal, 1 if
// f > o. Both denominators must be non-zero.
//
// GStreamer: gst_util_fraction_compare (gst/gstutils.c).
func (f Fraction) Compare(o Fraction) int {
	f, o = f.reduced(), o.reduced()
	return fractionCompare(f.Num, f.Den, o.Num, o.Den)
}

// Mul returns f*o reduced; ok is false on 32-bit overflow.
//
// GStreamer: gst_util_fraction_multiply (gst/gstutils.c).
func (f Fraction) Mul(o Fraction) (Fraction, bool) {
	a, b := f.reduced(), o.reduced()
	if a.Den == 0 || b.Den == 0 {
		return Fraction{}, false
	}
	g := gcdInt(a.Num, b.Den)
	if g != 0 {
		a.Num /= g
		b.Den /= g
	}
	g = gcdInt(b.Num, a.Den)
	if g != 0 {
		b.Num /= g
		a.Den /= g
	}
	n, d := int64(a.Num)*int64(b.Num), int64(a.Den)*int64(b.Den)
	if n > math.MaxInt32 || n < -math.MaxInt32 || d > math.MaxInt32 {
		return Fraction{}, false
	}
	return NewFraction(int(n), int(d)), true
}

// gcdInt is gst_util_greatest_common_divisor.
func gcdInt(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	if a < 0 {
		return -a
	}
	return a
}

func gcdInt64(a, b int64) int64 {
	for b != 0 {
		a, b = b, a%b
	}
	if a < 0 {
		return -a
	}
	return a
}

// fractionCompare mirrors gst_util_fraction_compare: reduce both, compare
// the cross products in 64 bits.
func fractionCompare(an, ad, bn, bd int) int {
	if ad == 0 || bd == 0 {
		return 0
	}
	g := gcdInt(an, ad)
	an /= g
	ad /= g
	g = gcdInt(bn, bd)
	bn /= g
	bd /= g
	if an == bn && ad == bd {
		return 0
	}
	n1, n2 := int64(an)*int64(bd), int64(bn)*int64(ad)
	if n1 < n2 {
		return -1
	}
	if n1 > n2 {
		return 1
	}
	return 0
}

// compareFractionValues mirrors gst_value_compare_fraction.
func compareFractionValues(a, b Fraction) ValueOrder {
	a, b = a.reduced(), b.reduced()
	if a == b {
		return ValueEqual
	}
	switch {
	case a.Den == 0 && b.Den == 0:
		return ValueUnordered
	case a.Den == 0:
		return ValueGreaterThan
	case b.Den == 0:
		return ValueLessThan
	}
	switch fractionCompare(a.Num, a.Den, b.Num, b.Den) {
	case -1:
		return ValueLessThan
	case 1:
		return ValueGreaterThan
	}
	return ValueUnordered
}

// IntRange is a range of int values Min..Max inclusive (GST_TYPE_INT_RANGE).
// With Step > 1 only multiples of Step are in the range; Min and Max must then
// be multiples of Step. Step 0 and 1 both mean "every integer".
//
// GStreamer: GST_TYPE_INT_RANGE (gst/gstvalue.h).
type IntRange struct {
	Min, Max, Step int
}

func (r IntRange) step() int {
	if r.Step <= 0 {
		return 1
	}
	return r.Step
}

// Int64Range is a range of int64 values Min..Max inclusive
// (GST_TYPE_INT64_RANGE), with the same Step rules as IntRange.
//
// GStreamer: GST_TYPE_INT64_RANGE (gst/gstvalue.h).
type Int64Range struct {
	Min, Max, Step int64
}

func (r Int64Range) step() int64 {
	if r.Step <= 0 {
		return 1
	}
	return r.Step
}

// DoubleRange is a continuous range of float64 values Min..Max inclusive.
//
// GStreamer: GST_TYPE_DOUBLE_RANGE (gst/gstvalue.h).
type DoubleRange struct {
	Min, Max float64
}

// FractionRange is a continuous range of fractions Min..Max inclusive.
//
// GStreamer: GST_TYPE_FRACTION_RANGE (gst/gstvalue.h).
type FractionRange struct {
	Min, Max Fraction
}

// ValueList is an unordered set of alternatives, written "{ a, b }". A field
// holding a list can take any one of the values.
//
// GStreamer: GST_TYPE_LIST (gst/gstvalue.h).
type ValueList []any

// ValueArray is an ordered sequence of values, written "< a, b >". All of
// them apply at once (for instance channel positions).
//
// GStreamer: GST_TYPE_ARRAY (gst/gstvalue.h).
type ValueArray []any

// ValueUniqueList is a set of values without duplicates that is itself one
// fixed value, written "(/uniquelist){ a, b }".
//
// GStreamer: GST_TYPE_UNIQUE_LIST (gst/gstvalue.h).
type ValueUniqueList []any

// FlagSet is a set of flags with a mask saying which bits matter
// (GST_TYPE_FLAG_SET), written "flags:mask" in hex. Bits outside Mask are
// "don't care".
//
// GStreamer: GST_TYPE_FLAG_SET (gst/gstvalue.h).
type FlagSet struct {
	Flags, Mask uint32
}

// FlagSetMaskExact is the mask that makes a FlagSet fixed: every bit matters.
//
// GStreamer: GST_FLAG_SET_MASK_EXACT (gst/gstvalue.h).
const FlagSetMaskExact uint32 = 0xffffffff

// Bitmask is a 64-bit bit field (GST_TYPE_BITMASK), written "0x%016x".
//
// GStreamer: GST_TYPE_BITMASK (gst/gstvalue.h).
type Bitmask uint64

// vkind is the GType a Go value stands for.
type vkind int

const (
	kInvalid vkind = iota
	kInt
	kUint
	kInt64
	kUint64
	kDouble
	kFloat
	kBool
	kString
	kFraction
	kIntRange
	kInt64Range
	kDoubleRange
	kFractionRange
	kList
	kArray
	kUniqueList
	kFlagSet
	kBitmask
	kStructure
	kCaps
	kCapsFeatures
	kBuffer
	kStrv
)

func kindOf(v any) vkind {
	switch v.(type) {
	case int:
		return kInt
	case uint:
		return kUint
	case int64:
		return kInt64
	case uint64:
		return kUint64
	case float64:
		return kDouble
	case float32:
		return kFloat
	case bool:
		return kBool
	case string:
		return kString
	case Fraction:
		return kFraction
	case IntRange:
		return kIntRange
	case Int64Range:
		return kInt64Range
	case DoubleRange:
		return kDoubleRange
	case FractionRange:
		return kFractionRange
	case ValueList:
		return kList
	case ValueArray:
		return kArray
	case ValueUniqueList:
		return kUniqueList
	case FlagSet:
		return kFlagSet
	case Bitmask:
		return kBitmask
	case *Structure:
		return kStructure
	case *Caps:
		return kCaps
	case *CapsFeatures:
		return kCapsFeatures
	case *Buffer:
		return kBuffer
	case []string:
		return kStrv
	}
	return kInvalid
}

// kindAbbr is _priv_gst_value_gtype_to_abbr: the name written in "(type)".
var kindAbbr = map[vkind]string{
	kInt:           "int",
	kUint:          "uint",
	kFloat:         "float",
	kDouble:        "double",
	kBuffer:        "buffer",
	kFraction:      "fraction",
	kBool:          "boolean",
	kString:        "string",
	kStructure:     "structure",
	kBitmask:       "bitmask",
	kFlagSet:       "flagset",
	kArray:         "array",
	kList:          "list",
	kUniqueList:    "uniquelist",
	kCaps:          "caps",
	kInt64:         "gint64",
	kUint64:        "guint64",
	kIntRange:      "GstIntRange",
	kInt64Range:    "GstInt64Range",
	kDoubleRange:   "GstDoubleRange",
	kFractionRange: "GstFractionRange",
	kCapsFeatures:  "GstCapsFeatures",
	kStrv:          "GStrv",
}

// abbrKind is _priv_gst_value_gtype_from_abbr: abbreviations first, then
// the GType names GStreamer would find with g_type_from_name.
var abbrKind = map[string]vkind{
	"int": kInt, "i": kInt, "gint": kInt,
	"uint": kUint, "u": kUint, "guint": kUint,
	"float": kFloat, "f": kFloat, "gfloat": kFloat,
	"double": kDouble, "d": kDouble, "gdouble": kDouble,
	"buffer": kBuffer, "GstBuffer": kBuffer,
	"fraction": kFraction, "GstFraction": kFraction,
	"boolean": kBool, "bool": kBool, "b": kBool, "gboolean": kBool,
	"string": kString, "str": kString, "s": kString, "gchararray": kString,
	"structure": kStructure, "GstStructure": kStructure,
	"bitmask": kBitmask, "GstBitmask": kBitmask,
	"flagset": kFlagSet, "GstFlagSet": kFlagSet,
	"array": kArray, "GstValueArray": kArray,
	"list": kList, "GstValueList": kList,
	"uniquelist": kUniqueList, "GstValueUniqueList": kUniqueList,
	"caps": kCaps, "GstCaps": kCaps,
	"gint64": kInt64, "guint64": kUint64,
	"GstIntRange": kIntRange, "GstInt64Range": kInt64Range,
	"GstDoubleRange": kDoubleRange, "GstFractionRange": kFractionRange,
	"GstCapsFeatures": kCapsFeatures, "GStrv": kStrv,
}

// ValueTypeName returns the name GStreamer writes in a "(type)" prefix for
// v: "int", "uint", "gint64", "guint64", "double", "float", "boolean",
// "string", "fraction", "GstIntRange", "list", "array", "flagset",
// "bitmask", "structure", "caps", "buffer", ... It returns the Go type for
// values that are not part of the value system.
//
// GStreamer: _priv_gst_value_gtype_to_abbr (gst/gstvalue.c).
func ValueTypeName(v any) string {
	if n, ok := kindAbbr[kindOf(v)]; ok {
		return n
	}
	return fmt.Sprintf("%T", v)
}

// ------------------------------------------------------------------------
// Copy and normalization

// normalizeValue converts a value given by a caller to its canonical form:
// fractions reduced, ClockTime stored as uint64, int32/uint32 widened.
func normalizeValue(v any) any {
	switch x := v.(type) {
	case Fraction:
		return x.reduced()
	case FractionRange:
		return FractionRange{x.Min.reduced(), x.Max.reduced()}
	case ClockTime:
		return uint64(x)
	case int32:
		return int(x)
	case uint32:
		return uint(x)
	case ValueList:
		out := make(ValueList, len(x))
		for i, e := range x {
			out[i] = normalizeValue(e)
		}
		return out
	case ValueArray:
		out := make(ValueArray, len(x))
		for i, e := range x {
			out[i] = normalizeValue(e)
		}
		return out
	case ValueUniqueList:
		out := make(ValueUniqueList, len(x))
		for i, e := range x {
			out[i] = normalizeValue(e)
		}
		return out
	}
	return v
}

// copyValue deep-copies containers, structures and caps (gst_value_init_and_copy).
func copyValue(v any) any {
	switch x := v.(type) {
	case ValueList:
		out := make(ValueList, len(x))
		for i, e := range x {
			out[i] = copyValue(e)
		}
		return out
	case ValueArray:
		out := make(ValueArray, len(x))
		for i, e := range x {
			out[i] = copyValue(e)
		}
		return out
	case ValueUniqueList:
		out := make(ValueUniqueList, len(x))
		for i, e := range x {
			out[i] = copyValue(e)
		}
		return out
	case *Structure:
		if x == nil {
			return x
		}
		return x.Copy()
	case *Caps:
		if x == nil {
			return x
		}
		return x.Copy()
	case *CapsFeatures:
		if x == nil {
			return x
		}
		return x.Copy()
	case []string:
		return append([]string(nil), x...)
	}
	return v
}

// listElems returns the elements of a list-like value.
func listElems(v any) []any {
	switch x := v.(type) {
	case ValueList:
		return x
	case ValueArray:
		return x
	case ValueUniqueList:
		return x
	}
	return nil
}

func isListKind(k vkind) bool { return k == kList || k == kUniqueList }

// makeListOf builds a list-like value of kind k.
func makeListOf(k vkind, elems []any) any {
	switch k {
	case kArray:
		return ValueArray(elems)
	case kUniqueList:
		return ValueUniqueList(elems)
	}
	return ValueList(elems)
}

// ------------------------------------------------------------------------
// Fixedness

// typeIsFixed mirrors gst_type_is_fixed: false only for the kinds that can
// never be fixed.
func typeIsFixed(k vkind) bool {
	switch k {
	case kIntRange, kDoubleRange, kInt64Range, kList, kFractionRange, kStructure:
		return false
	}
	return true
}

// ValueIsFixed reports whether v is a single value: not a range or list, an
// array or unique list of fixed values, a flagset with an exact mask, a
// structure of fixed fields or fixed caps.
//
// GStreamer: gst_value_is_fixed (gst/gstvalue.c).
func ValueIsFixed(v any) bool {
	switch x := v.(type) {
	case ValueArray:
		for _, e := range x {
			if !ValueIsFixed(e) {
				return false
			}
		}
		return true
	case ValueUniqueList:
		for _, e := range x {
			if !ValueIsFixed(e) {
				return false
			}
		}
		return true
	case FlagSet:
		return x.Mask == FlagSetMaskExact
	case *Structure:
		if x == nil {
			return true
		}
		for _, f := range x.fields {
			if !ValueIsFixed(f.value) {
				return false
			}
		}
		return true
	case *Caps:
		return x == nil || x.IsFixed()
	}
	return typeIsFixed(kindOf(v))
}

// ValueFixate returns a fixed version of v: the minimum of a range, the
// first (fixated) element of a list, arrays and structures fixated element
// by element, a flagset with an exact mask. ok is false when v is already
// fixed (or an empty list) and there is nothing to do.
//
// GStreamer: gst_value_fixate (gst/gstvalue.c).
func ValueFixate(v any) (any, bool) {
	switch x := v.(type) {
	case IntRange:
		return x.Min, true
	case DoubleRange:
		return x.Min, true
	case FractionRange:
		return x.Min, true
	case ValueList:
		if len(x) == 0 {
			return nil, false
		}
		first := copyValue(x[0])
		if f, ok := ValueFixate(first); ok {
			return f, true
		}
		return first, true
	case ValueUniqueList:
		res := false
		out := make(ValueUniqueList, len(x))
		for i, e := range x {
			if f, ok := ValueFixate(e); ok {
				out[i] = f
				res = true
			} else {
				out[i] = copyValue(e)
			}
		}
		if !res {
			return nil, false
		}
		return out, true
	case ValueArray:
		res := false
		out := make(ValueArray, len(x))
		for i, e := range x {
			if f, ok := ValueFixate(e); ok {
				out[i] = f
				res = true
			} else {
				out[i] = copyValue(e)
			}
		}
		if !res {
			return nil, false
		}
		return out, true
	case FlagSet:
		if x.Mask == FlagSetMaskExact {
			return nil, false
		}
		return FlagSet{x.Flags, FlagSetMaskExact}, true
	case *Structure:
		if x == nil {
			return nil, false
		}
		c := x.Copy()
		c.Fixate()
		return c, true
	case *Caps:
		if x == nil {
			return x, true
		}
		return x.Fixate(), true
	}
	return nil, false
}

// ------------------------------------------------------------------------
// Compare

// compareNoList mirrors _gst_value_compare_nolist: values of different
// types are unordered; otherwise the type's own compare function decides.
func compareNoList(a, b any) ValueOrder {
	ka, kb := kindOf(a), kindOf(b)
	if ka != kb || ka == kInvalid {
		return ValueUnordered
	}
	switch x := a.(type) {
	case int:
		return cmpOrdered(x, b.(int))
	case uint:
		return cmpOrdered(x, b.(uint))
	case int64:
		return cmpOrdered(x, b.(int64))
	case uint64:
		return cmpOrdered(x, b.(uint64))
	case float64:
		y := b.(float64)
		if x > y {
			return ValueGreaterThan
		}
		if x < y {
			return ValueLessThan
		}
		if x == y {
			return ValueEqual
		}
		return ValueUnordered
	case float32:
		y := b.(float32)
		if x > y {
			return ValueGreaterThan
		}
		if x < y {
			return ValueLessThan
		}
		if x == y {
			return ValueEqual
		}
		return ValueUnordered
	case bool:
		if x == b.(bool) {
			return ValueEqual
		}
		return ValueUnordered
	case string:
		return cmpOrdered(x, b.(string))
	case Fraction:
		return compareFractionValues(x, b.(Fraction))
	case IntRange:
		y := b.(IntRange)
		if x.Min != y.Min || x.Max != y.Max {
			return ValueUnordered
		}
		if x.Min == x.Max || x.step() == y.step() {
			return ValueEqual
		}
		return ValueUnordered
	case Int64Range:
		y := b.(Int64Range)
		if x.Min != y.Min || x.Max != y.Max {
			return ValueUnordered
		}
		if x.Min == x.Max || x.step() == y.step() {
			return ValueEqual
		}
		return ValueUnordered
	case DoubleRange:
		y := b.(DoubleRange)
		if x.Min == y.Min && x.Max == y.Max {
			return ValueEqual
		}
		return ValueUnordered
	case FractionRange:
		y := b.(FractionRange)
		if compareFractionValues(x.Min, y.Min) == ValueEqual &&
			compareFractionValues(x.Max, y.Max) == ValueEqual {
			return ValueEqual
		}
		return ValueUnordered
	case ValueList:
		return compareUnorderedList(x, b.(ValueList))
	case ValueUniqueList:
		return compareUnorderedList(x, b.(ValueUniqueList))
	case ValueArray:
		y := b.(ValueArray)
		if len(x) != len(y) {
			return ValueUnordered
		}
		for i := range x {
			if ValueCompare(x[i], y[i]) != ValueEqual {
				return ValueUnordered
			}
		}
		return ValueEqual
	case FlagSet:
		if x == b.(FlagSet) {
			return ValueEqual
		}
		return ValueUnordered
	case Bitmask:
		if x == b.(Bitmask) {
			return ValueEqual
		}
		return ValueUnordered
	case *Structure:
		y := b.(*Structure)
		if x == y {
			return ValueEqual
		}
		if x == nil || y == nil {
			return ValueUnordered
		}
		if x.IsEqual(y) {
			return ValueEqual
		}
		return ValueUnordered
	case *Caps:
		y := b.(*Caps)
		if x == y {
			return ValueEqual
		}
		if x == nil || y == nil {
			return ValueUnordered
		}
		if x.IsEqual(y) {
			return ValueEqual
		}
		return ValueUnordered
	case *CapsFeatures:
		y := b.(*CapsFeatures)
		if x == y {
			return ValueEqual
		}
		if x == nil || y == nil {
			return ValueUnordered
		}
		if x.IsEqual(y) && x.IsAny() == y.IsAny() {
			return ValueEqual
		}
		return ValueUnordered
	case *Buffer:
		return compareBuffers(x, b.(*Buffer))
	case []string:
		y := b.([]string)
		if len(x) != len(y) {
			return ValueUnordered
		}
		for i := range x {
			if x[i] != y[i] {
				return ValueUnordered
			}
		}
		return ValueEqual
	}
	return ValueUnordered
}

func cmpOrdered[T int | uint | int64 | uint64 | string](a, b T) ValueOrder {
	if a > b {
		return ValueGreaterThan
	}
	if a < b {
		return ValueLessThan
	}
	return ValueEqual
}

func compareBuffers(a, b *Buffer) ValueOrder {
	if a == b {
		return ValueEqual
	}
	if a == nil || b == nil {
		return ValueUnordered
	}
	if a.Size() != b.Size() {
		return ValueUnordered
	}
	if a.Size() == 0 {
		return ValueEqual
	}
	switch bytes.Compare(a.Bytes(), b.Bytes()) {
	case 0:
		return ValueEqual
	case -1:
		return ValueLessThan
	}
	return ValueGreaterThan
}

// compareUnorderedList mirrors gst_value_compare_value_list: same length,
// and every element of a matches a distinct element of b.
func compareUnorderedList(a, b []any) ValueOrder {
	if len(a) != len(b) {
		return ValueUnordered
	}
	if len(a) == 0 {
		return ValueEqual
	}
	if kindOf(a[0]) != kindOf(b[0]) || kindOf(a[0]) == kInvalid {
		return ValueUnordered
	}
	removed := make([]bool, len(b))
	for _, v1 := range a {
		found := false
		for j, v2 := range b {
			if removed[j] {
				continue
			}
			if compareNoList(v1, v2) == ValueEqual {
				removed[j] = true
				found = true
				break
			}
		}
		if !found {
			return ValueUnordered
		}
	}
	return ValueEqual
}

// listEqualsRange mirrors gst_value_list_equals_range: { 1, 2, 3 } equals
// [ 1, 3 ].
func listEqualsRange(list []any, v any) bool {
	if len(list) == 0 {
		return false
	}
	switch r := v.(type) {
	case IntRange:
		if _, ok := list[0].(int); !ok {
			return false
		}
		st := r.step()
		if len(list) != r.Max/st-r.Min/st+1 {
			return false
		}
		for _, e := range list {
			x, ok := e.(int)
			if !ok || x < r.Min || x > r.Max || x%st != 0 {
				return false
			}
		}
		return true
	case Int64Range:
		if _, ok := list[0].(int64); !ok {
			return false
		}
		st := r.step()
		if int64(len(list)) != r.Max/st-r.Min/st+1 {
			return false
		}
		for _, e := range list {
			x, ok := e.(int64)
			if !ok || x < r.Min || x > r.Max || x%st != 0 {
				return false
			}
		}
		return true
	}
	return false
}

// ValueCompare compares a and b. Values of different types are unordered,
// except that a list equals a scalar when all its elements equal it, and a
// list of ints equals the range it enumerates. Lists compare equal in any
// order; arrays only in the same order.
//
// GStreamer: gst_value_compare (gst/gstvalue.c).
func ValueCompare(a, b any) ValueOrder {
	ka, kb := kindOf(a), kindOf(b)
	if (ka == kList) != (kb == kList) {
		if kb == kList {
			a, b = b, a
		}
		list := a.(ValueList)
		if listEqualsRange(list, b) {
			return ValueEqual
		}
		n := len(list)
		if n == 0 {
			return ValueUnordered
		}
		for _, e := range list {
			ret := ValueCompare(e, b)
			if ret != ValueEqual && n == 1 {
				return ret
			} else if ret != ValueEqual {
				return ValueUnordered
			}
		}
		return ValueEqual
	}
	if (ka == kUniqueList) != (kb == kUniqueList) {
		if kb == kUniqueList {
			a, b = b, a
		}
		set := a.(ValueUniqueList)
		if len(set) != 1 {
			return ValueUnordered
		}
		return ValueCompare(set[0], b)
	}
	return compareNoList(a, b)
}

// valueCanCompare mirrors gst_value_can_compare.
func valueCanCompare(a, b any) bool {
	ka := kindOf(a)
	return ka == kindOf(b) && ka != kInvalid
}

// ------------------------------------------------------------------------
// List helpers

// listConcat mirrors gst_value_list_concat: non-lists count as one element.
func listConcat(a, b any) ValueList {
	var out ValueList
	if l, ok := a.(ValueList); ok {
		for _, e := range l {
			out = append(out, copyValue(e))
		}
	} else {
		out = append(out, copyValue(a))
	}
	if l, ok := b.(ValueList); ok {
		for _, e := range l {
			out = append(out, copyValue(e))
		}
	} else {
		out = append(out, copyValue(b))
	}
	return out
}

// listMerge mirrors gst_value_list_merge: the concatenation without the
// elements of b that equal an element of a; a single value if only one is
// left.
func listMerge(a, b any) any {
	var out []any
	if l, ok := a.(ValueList); ok {
		for _, e := range l {
			out = append(out, copyValue(e))
		}
	} else {
		out = append(out, copyValue(a))
	}
	n1 := len(out)
	var src []any
	if l, ok := b.(ValueList); ok {
		src = l
	} else {
		src = []any{b}
	}
	skipped := 0
	for _, s := range src {
		skip := false
		for k := 0; k < n1; k++ {
			if ValueCompare(out[k], s) == ValueEqual {
				skip = true
				skipped++
				break
			}
		}
		if !skip {
			out = append(out, copyValue(s))
		}
	}
	if skipped > 0 && len(out) <= 1 {
		return out[0]
	}
	return ValueList(out)
}

// uniqueListConcat mirrors gst_value_unique_list_concat.
func uniqueListConcat(a, b any) ValueUniqueList {
	var out ValueUniqueList
	add := func(v any) {
		for _, e := range out {
			if ValueCompare(e, v) == ValueEqual {
				return
			}
		}
		out = append(out, copyValue(v))
	}
	if l, ok := a.(ValueUniqueList); ok {
		for _, e := range l {
			out = append(out, copyValue(e))
		}
	} else {
		add(a)
	}
	if l, ok := b.(ValueUniqueList); ok {
		for _, e := range l {
			add(e)
		}
	} else {
		add(b)
	}
	return out
}

// basicType mirrors gst_value_list_or_array_get_basic_type.
func basicType(v any) (vkind, bool) {
	switch kindOf(v) {
	case kList, kArray, kUniqueList:
		el := listElems(v)
		if len(el) == 0 {
			return kInvalid, false
		}
		return basicType(el[0])
	}
	return kindOf(v), true
}

// ------------------------------------------------------------------------
// Intersect

// ValueCanIntersect reports whether a and b are of types that can be
// intersected at all (not whether the intersection is non-empty).
//
// GStreamer: gst_value_can_intersect (gst/gstvalue.c).
func ValueCanIntersect(a, b any) bool {
	ka, kb := kindOf(a), kindOf(b)
	if ka == kb {
		return true
	}
	if isListKind(ka) || isListKind(kb) {
		return true
	}
	if _, ok := intersectPair(ka, kb); ok {
		return true
	}
	return false
}

// intersectPair reports the registered mixed-type intersect functions.
func intersectPair(ka, kb vkind) (swap bool, ok bool) {
	pairs := [][2]vkind{
		{kInt, kIntRange}, {kInt64, kInt64Range}, {kDouble, kDoubleRange}, {kFraction, kFractionRange},
	}
	for _, p := range pairs {
		if p[0] == ka && p[1] == kb {
			return false, true
		}
		if p[0] == kb && p[1] == ka {
			return true, true
		}
	}
	return false, false
}

// ValueIntersect returns the intersection of a and b: the set of values in
// both. ok is false if the intersection is empty. A missing value in a
// structure is handled by Structure.Intersect, not here.
//
// GStreamer: gst_value_intersect (gst/gstvalue.c).
func ValueIntersect(a, b any) (any, bool) {
	ka, kb := kindOf(a), kindOf(b)
	if isListKind(ka) {
		return intersectList(a, b)
	}
	if isListKind(kb) {
		return intersectList(b, a)
	}
	if compareNoList(a, b) == ValueEqual {
		return copyValue(a), true
	}
	if ka == kb {
		switch x := a.(type) {
		case IntRange:
			return intersectIntRanges(x, b.(IntRange))
		case Int64Range:
			return intersectInt64Ranges(x, b.(Int64Range))
		case DoubleRange:
			y := b.(DoubleRange)
			lo, hi := math.Max(x.Min, y.Min), math.Min(x.Max, y.Max)
			if lo < hi {
				return DoubleRange{lo, hi}, true
			}
			if lo == hi {
				return lo, true
			}
			return nil, false
		case ValueArray:
			y := b.(ValueArray)
			if len(x) != len(y) {
				return nil, false
			}
			out := make(ValueArray, len(x))
			for i := range x {
				r, ok := ValueIntersect(x[i], y[i])
				if !ok {
					return nil, false
				}
				out[i] = r
			}
			return out, true
		case FractionRange:
			y := b.(FractionRange)
			lo := x.Min
			if compareFractionValues(x.Min, y.Min) == ValueLessThan {
				lo = y.Min
			}
			hi := x.Max
			if compareFractionValues(x.Max, y.Max) == ValueGreaterThan {
				hi = y.Max
			}
			switch compareFractionValues(lo, hi) {
			case ValueLessThan:
				return FractionRange{lo, hi}, true
			case ValueEqual:
				return lo, true
			}
			return nil, false
		case FlagSet:
			y := b.(FlagSet)
			common := x.Mask & y.Mask
			if x.Flags&common != y.Flags&common {
				return nil, false
			}
			return FlagSet{(x.Flags & x.Mask) | (y.Flags & y.Mask), x.Mask | y.Mask}, true
		case *Structure:
			y := b.(*Structure)
			if x == nil || y == nil {
				return nil, false
			}
			r := x.Intersect(y)
			if r == nil {
				return nil, false
			}
			return r, true
		case *Caps:
			y := b.(*Caps)
			if x == nil || y == nil {
				return nil, false
			}
			r := x.Intersect(y)
			return r, !r.IsEmpty()
		}
		return nil, false
	}
	if swap, ok := intersectPair(ka, kb); ok {
		if swap {
			a, b = b, a
		}
		switch x := a.(type) {
		case int:
			r := b.(IntRange)
			if r.Min <= x && r.Max >= x && x%r.step() == 0 {
				return x, true
			}
		case int64:
			r := b.(Int64Range)
			if r.Min <= x && r.Max >= x && x%r.step() == 0 {
				return x, true
			}
		case float64:
			r := b.(DoubleRange)
			if r.Min <= x && r.Max >= x {
				return x, true
			}
		case Fraction:
			r := b.(FractionRange)
			r1 := compareFractionValues(r.Min, x)
			r2 := compareFractionValues(r.Max, x)
			if (r1 == ValueEqual || r1 == ValueLessThan) && (r2 == ValueEqual || r2 == ValueGreaterThan) {
				return x.reduced(), true
			}
		}
		return nil, false
	}
	return nil, false
}

func intersectIntRanges(a, b IntRange) (any, bool) {
	s1, s2 := a.step(), b.step()
	step := s1 / gcdInt(s1, s2)
	if math.MaxInt32/s2 < step {
		return nil, false
	}
	step *= s2
	// Go's integer division truncates toward zero like C's.
	lo := (max(a.Min, b.Min) + step - 1) / step * step
	hi := min(a.Max, b.Max) / step * step
	if lo < hi {
		return IntRange{lo, hi, canonStep(step)}, true
	}
	if lo == hi {
		return lo, true
	}
	return nil, false
}

func intersectInt64Ranges(a, b Int64Range) (any, bool) {
	s1, s2 := a.step(), b.step()
	step := s1 / gcdInt64(s1, s2)
	if math.MaxInt64/s2 < step {
		return nil, false
	}
	step *= s2
	lo := (max(a.Min, b.Min) + step - 1) / step * step
	hi := min(a.Max, b.Max) / step * step
	if lo < hi {
		return Int64Range{lo, hi, canonStep64(step)}, true
	}
	if lo == hi {
		return lo, true
	}
	return nil, false
}

func canonStep(s int) int {
	if s == 1 {
		return 0
	}
	return s
}

func canonStep64(s int64) int64 {
	if s == 1 {
		return 0
	}
	return s
}

// intersectList mirrors gst_value_intersect_list.
func intersectList(a, b any) (any, bool) {
	ka, kb := kindOf(a), kindOf(b)
	if ka == kb && isListKind(ka) {
		return intersectListList(a, b)
	}
	if ka == kUniqueList && kb == kList {
		return intersectList(b, a)
	}
	var dest any
	ret := false
	for _, cur := range listElems(a) {
		r, ok := ValueIntersect(cur, b)
		if !ok {
			continue
		}
		if !ret {
			dest = r
			ret = true
		} else if l, isList := dest.(ValueList); isList {
			dest = append(l, r)
		} else {
			dest = listMerge(dest, r)
		}
	}
	return dest, ret
}

// intersectListList mirrors gst_value_intersect_list_list: a greedy pairing
// of the elements of both lists, each element of b used at most once.
func intersectListList(a, b any) (any, bool) {
	t1, ok1 := basicType(a)
	t2, ok2 := basicType(b)
	if !ok1 || !ok2 || t1 != t2 {
		return nil, false
	}
	l1, l2 := listElems(a), listElems(b)
	visited := make([]bool, len(l2))
	var out []any
	start2 := 0
	for _, item1 := range l1 {
		for it2 := start2; it2 < len(l2); it2++ {
			if visited[it2] {
				continue
			}
			r, ok := ValueIntersect(item1, l2[it2])
			if ok {
				visited[it2] = true
				if it2 == start2 {
					start2++
				}
				out = append(out, r)
				break
			}
		}
	}
	if len(out) == 0 {
		return nil, false
	}
	if len(out) == 1 && kindOf(a) != kUniqueList {
		return out[0], true
	}
	return makeListOf(kindOf(a), out), true
}

// ------------------------------------------------------------------------
// Union

// ValueUnion returns the union of a and b. Where GStreamer has a dedicated
// union (int and int range, two ranges, flagsets, structures, fractions and
// fraction ranges, unique lists) that function decides and may fail;
// otherwise the result is the list { a, b } and ok is true.
//
// GStreamer: gst_value_union (gst/gstvalue.c).
func ValueUnion(a, b any) (any, bool) {
	ka, kb := kindOf(a), kindOf(b)
	type pair struct{ x, y vkind }
	regs := []pair{
		{kInt, kIntRange}, {kIntRange, kIntRange}, {kFlagSet, kFlagSet}, {kStructure, kStructure},
		{kFraction, kFractionRange}, {kFractionRange, kFractionRange}, {kUniqueList, kUniqueList},
	}
	for _, p := range regs {
		if p.x == ka && p.y == kb {
			return unionFunc(a, b)
		}
		if p.x == kb && p.y == ka {
			return unionFunc(b, a)
		}
	}
	return listConcat(a, b), true
}

func unionFunc(a, b any) (any, bool) {
	switch x := a.(type) {
	case int:
		r := b.(IntRange)
		st := r.step()
		if r.Min <= x && r.Max >= x && x%st == 0 {
			return r, true
		}
		if x == r.Min-st {
			return IntRange{x, r.Max, r.Step}, true
		}
		if x == r.Max+st {
			return IntRange{r.Min, x, r.Step}, true
		}
		return nil, false
	case IntRange:
		return unionIntRanges(x, b.(IntRange))
	case FlagSet:
		y := b.(FlagSet)
		common := x.Mask & y.Mask
		if x.Flags&common != y.Flags&common {
			return nil, false
		}
		f := x.Flags &^ y.Mask
		f |= y.Flags & y.Mask
		m := x.Mask | y.Mask
		return FlagSet{f & m, m}, true
	case *Structure:
		return unionStructures(x, b.(*Structure))
	case Fraction:
		r := b.(FractionRange)
		if fractionCompare(x.Num, x.Den, r.Min.Num, r.Min.Den) >= 0 &&
			fractionCompare(x.Num, x.Den, r.Max.Num, r.Max.Den) <= 0 {
			return r, true
		}
		return nil, false
	case FractionRange:
		y := b.(FractionRange)
		if fractionCompare(y.Max.Num, y.Max.Den, x.Min.Num, x.Min.Den) < 0 ||
			fractionCompare(x.Max.Num, x.Max.Den, y.Min.Num, y.Min.Den) < 0 {
			return nil, false
		}
		lo := y.Min
		if fractionCompare(x.Min.Num, x.Min.Den, y.Min.Num, y.Min.Den) < 0 {
			lo = x.Min
		}
		hi := y.Max
		if fractionCompare(x.Max.Num, x.Max.Den, y.Max.Num, y.Max.Den) > 0 {
			hi = x.Max
		}
		return FractionRange{lo.reduced(), hi.reduced()}, true
	case ValueUniqueList:
		return uniqueListConcat(x, b), true
	}
	return nil, false
}

// isSubsetIntRanges mirrors gst_value_is_subset_int_range_int_range.
func isSubsetIntRanges(a, b IntRange) bool {
	if a.Min < b.Min || a.Max > b.Max {
		return false
	}
	sa, sb := a.step(), b.step()
	if b.Min == b.Max {
		return b.Min%sa == 0
	}
	return gcdInt(sa, sb) == min(sa, sb)
}

func isSubsetInt64Ranges(a, b Int64Range) bool {
	if a.Min < b.Min || a.Max > b.Max {
		return false
	}
	sa, sb := a.step(), b.step()
	if b.Min == b.Max {
		return b.Min%sa == 0
	}
	return gcdInt64(sa, sb) == min(sa, sb)
}

func unionIntRanges(a, b IntRange) (any, bool) {
	if isSubsetIntRanges(a, b) {
		return b, true
	}
	if isSubsetIntRanges(b, a) {
		return a, true
	}
	sa, sb := a.step(), b.step()
	if sa == sb {
		st := sa
		min1, max1, min2, max2 := a.Min/st, a.Max/st, b.Min/st, b.Max/st
		if (min1 <= max2+1 && max1 >= min2-1) || (min2 <= max1+1 && max2 >= min1-1) {
			return IntRange{st * min(min1, min2), st * max(max1, max2), canonStep(st)}, true
		}
		return nil, false
	}
	n1 := a.Max/sa - a.Min/sa + 1
	n2 := b.Max/sb - b.Min/sb + 1
	if n1 == 1 || n2 == 1 {
		r, scalar := b, a.Min
		if n1 != 1 {
			r, scalar = a, b.Min
		}
		st := r.step()
		if scalar == r.Min-st {
			return IntRange{scalar, r.Max, r.Step}, true
		}
		if scalar == r.Max+st {
			return IntRange{r.Min, scalar, r.Step}, true
		}
	}
	return nil, false
}

// unionStructures mirrors gst_value_union_structure_structure.
func unionStructures(a, b *Structure) (any, bool) {
	if a == nil || b == nil {
		return listConcat(a, b), true
	}
	if a.name != b.name {
		return listConcat(a, b), true
	}
	res := a.Copy()
	for i := range res.fields {
		ov, ok := b.Value(res.fields[i].name)
		if !ok {
			continue
		}
		u, ok := ValueUnion(res.fields[i].value, ov)
		if !ok {
			return nil, false
		}
		res.fields[i].value = u
	}
	for _, f := range b.fields {
		if !res.HasField(f.name) {
			res.setField(f.name, copyValue(f.value))
		}
	}
	return res, true
}

// ------------------------------------------------------------------------
// Subtract

// ValueSubtract returns minuend minus subtrahend as sets. ok is false when
// the result is empty. Continuous ranges cannot have holes, so subtracting
// a single value from a double or fraction range returns the range.
//
// GStreamer: gst_value_subtract (gst/gstvalue.c).
func ValueSubtract(minuend, subtrahend any) (any, bool) {
	km, ks := kindOf(minuend), kindOf(subtrahend)
	if isListKind(km) {
		return subtractFromList(minuend, subtrahend)
	}
	if isListKind(ks) {
		return subtractList(minuend, subtrahend)
	}
	if km == kArray && ks != kArray && typeIsFixed(ks) {
		return subtractFromArray(minuend.(ValueArray), subtrahend)
	}
	if ks == kArray && km != kArray && typeIsFixed(km) {
		for _, c := range subtrahend.(ValueArray) {
			if kindOf(c) == km && ValueCompare(minuend, c) == ValueEqual {
				return nil, false
			}
		}
		return copyValue(minuend), true
	}
	switch m := minuend.(type) {
	case int:
		if s, ok := subtrahend.(IntRange); ok {
			if m < s.Min || m > s.Max || m%s.step() != 0 {
				return m, true
			}
			return nil, false
		}
	case IntRange:
		switch s := subtrahend.(type) {
		case int:
			return subtractIntRangeInt(m, s)
		case IntRange:
			return subtractIntRangeIntRange(m, s)
		}
	case int64:
		if s, ok := subtrahend.(Int64Range); ok {
			if m < s.Min || m > s.Max || m%s.step() != 0 {
				return m, true
			}
			return nil, false
		}
	case Int64Range:
		switch s := subtrahend.(type) {
		case int64:
			return subtractInt64RangeInt64(m, s)
		case Int64Range:
			return subtractInt64RangeInt64Range(m, s)
		}
	case float64:
		if s, ok := subtrahend.(DoubleRange); ok {
			if m < s.Min || m > s.Max {
				return m, true
			}
			return nil, false
		}
	case DoubleRange:
		switch s := subtrahend.(type) {
		case float64:
			return m, true
		case DoubleRange:
			min1, max2 := m.Min, m.Max
			max1 := math.Min(s.Min, max2)
			min2 := math.Max(s.Max, min1)
			var parts []any
			if min1 < max1 {
				parts = append(parts, DoubleRange{min1, max1})
			}
			if min2 < max2 {
				parts = append(parts, DoubleRange{min2, max2})
			}
			return partsResult(parts)
		}
	case Fraction:
		if s, ok := subtrahend.(FractionRange); ok {
			if compareFractionValues(m, s.Min) == ValueLessThan || compareFractionValues(m, s.Max) == ValueGreaterThan {
				return m.reduced(), true
			}
			return nil, false
		}
	case FractionRange:
		switch s := subtrahend.(type) {
		case Fraction:
			return m, true
		case FractionRange:
			min1, max2 := m.Min, m.Max
			max1, min2 := s.Min, s.Max
			if compareFractionValues(max2, max1) == ValueLessThan {
				max1 = max2
			}
			if compareFractionValues(min1, min2) == ValueGreaterThan {
				min2 = min1
			}
			var parts []any
			if compareFractionValues(min1, max1) == ValueLessThan {
				parts = append(parts, FractionRange{min1, max1})
			}
			if compareFractionValues(min2, max2) == ValueLessThan {
				parts = append(parts, FractionRange{min2, max2})
			}
			return partsResult(parts)
		}
	}
	if compareNoList(minuend, subtrahend) != ValueEqual {
		return copyValue(minuend), true
	}
	return nil, false
}

func partsResult(parts []any) (any, bool) {
	switch len(parts) {
	case 0:
		return nil, false
	case 1:
		return parts[0], true
	}
	return ValueList(parts), true
}

// newIntRangeParts mirrors gst_value_create_new_range.
func newIntRangeParts(min1, max1, min2, max2, step int) (any, bool) {
	var parts []any
	if min1 <= max1 {
		if min1 < max1 {
			parts = append(parts, IntRange{min1, max1, canonStep(step)})
		} else {
			parts = append(parts, min1)
		}
	}
	if min2 <= max2 {
		if min2 < max2 {
			parts = append(parts, IntRange{min2, max2, canonStep(step)})
		} else {
			parts = append(parts, min2)
		}
	}
	return partsResult(parts)
}

func subtractIntRangeInt(m IntRange, val int) (any, bool) {
	lo, hi, st := m.Min, m.Max, m.step()
	if val < lo || val > hi || val%st != 0 {
		return m, true
	}
	if val >= math.MaxInt32-st+1 {
		hi -= st
		val -= st
	}
	if val <= math.MinInt32+st-1 {
		lo += st
		val += st
	}
	r, ok := newIntRangeParts(lo, val-st, val+st, hi, st)
	if !ok {
		return nil, true
	}
	return r, true
}

func subtractIntRangeIntRange(m, s IntRange) (any, bool) {
	if m.step() != s.step() {
		return nil, false
	}
	st := m.step()
	min1, max1, min2, max2 := m.Min, m.Max, s.Min, s.Max
	switch {
	case max2 >= max1 && min2 <= min1:
		return nil, false
	case max2 >= max1:
		return newIntRangeParts(min1, min(min2-st, max1), st, 0, st)
	case min2 <= min1:
		return newIntRangeParts(max(max2+st, min1), max1, st, 0, st)
	}
	return newIntRangeParts(min1, min(min2-st, max1), max(max2+st, min1), max1, st)
}

func newInt64RangeParts(min1, max1, min2, max2, step int64) (any, bool) {
	var parts []any
	if min1 <= max1 {
		if min1 < max1 {
			parts = append(parts, Int64Range{min1, max1, canonStep64(step)})
		} else {
			parts = append(parts, min1)
		}
	}
	if min2 <= max2 {
		if min2 < max2 {
			parts = append(parts, Int64Range{min2, max2, canonStep64(step)})
		} else {
			parts = append(parts, min2)
		}
	}
	return partsResult(parts)
}

func subtractInt64RangeInt64(m Int64Range, val int64) (any, bool) {
	lo, hi, st := m.Min, m.Max, m.step()
	if val < lo || val > hi || val%st != 0 {
		return m, true
	}
	if val >= math.MaxInt64-st+1 {
		hi -= st
		val -= st
	}
	if val <= math.MinInt64+st-1 {
		lo += st
		val += st
	}
	r, ok := newInt64RangeParts(lo, val-st, val+st, hi, st)
	if !ok {
		return nil, true
	}
	return r, true
}

func subtractInt64RangeInt64Range(m, s Int64Range) (any, bool) {
	if m.step() != s.step() {
		return nil, false
	}
	st := m.step()
	min1, max1, min2, max2 := m.Min, m.Max, s.Min, s.Max
	switch {
	case max2 >= max1 && min2 <= min1:
		return nil, false
	case max2 >= max1:
		return newInt64RangeParts(min1, min(min2-st, max1), st, 0, st)
	case min2 <= min1:
		return newInt64RangeParts(max(max2+st, min1), max1, st, 0, st)
	}
	return newInt64RangeParts(min1, min(min2-st, max1), max(max2+st, min1), max1, st)
}

// subtractFromList mirrors gst_value_subtract_from_list.
func subtractFromList(m, s any) (any, bool) {
	var dest any
	ret := false
	for _, cur := range listElems(m) {
		r, ok := ValueSubtract(cur, s)
		if !ok {
			continue
		}
		if !ret {
			dest = r
			ret = true
			continue
		}
		dk, rk := kindOf(dest), kindOf(r)
		switch {
		case dk == kList && rk != kList:
			dest = append(dest.(ValueList), r)
		case dk == kUniqueList && rk != kUniqueList:
			dest = append(dest.(ValueUniqueList), r)
		default:
			dest = listConcat(dest, r)
		}
	}
	return dest, ret
}

// subtractList mirrors gst_value_subtract_list.
func subtractList(m, s any) (any, bool) {
	result := copyValue(m)
	for _, cur := range listElems(s) {
		r, ok := ValueSubtract(result, cur)
		if !ok {
			return nil, false
		}
		result = r
	}
	return result, true
}

// subtractFromArray mirrors gst_value_subtract_from_array.
func subtractFromArray(m ValueArray, s any) (any, bool) {
	sk := kindOf(s)
	consumed := false
	var rest ValueArray
	for _, c := range m {
		if kindOf(c) != sk {
			continue
		}
		if !consumed && ValueCompare(s, c) == ValueEqual {
			consumed = true
			continue
		}
		rest = append(rest, copyValue(c))
	}
	if consumed && len(m) == 1 {
		return nil, false
	}
	return rest, true
}

// ------------------------------------------------------------------------
// Subset

// ValueIsSubset reports whether a is a subset of b. For two fixed scalar
// values it is strict: a value is not a subset of an equal value. Int
// ranges, flagsets, structures, lists, caps and arrays have their own rules.
//
// GStreamer: gst_value_is_subset (gst/gstvalue.c).
func ValueIsSubset(a, b any) bool {
	ka, kb := kindOf(a), kindOf(b)
	switch {
	case ka == kIntRange && kb == kIntRange:
		return isSubsetIntRanges(a.(IntRange), b.(IntRange))
	case ka == kInt64Range && kb == kInt64Range:
		return isSubsetInt64Ranges(a.(Int64Range), b.(Int64Range))
	case ka == kFlagSet && kb == kFlagSet:
		x, y := a.(FlagSet), b.(FlagSet)
		return x.Flags&x.Mask == y.Flags&(x.Mask&y.Mask)
	case ka == kStructure && kb == kStructure:
		x, y := a.(*Structure), b.(*Structure)
		if x == nil || y == nil {
			return false
		}
		return x.IsSubset(y)
	case kb == kList || kb == kUniqueList:
		if ka == kb {
			return isSubsetListList(listElems(a), listElems(b))
		}
		for _, c := range listElems(b) {
			if ValueCompare(a, c) == ValueEqual {
				return true
			}
		}
		return false
	case kb == kCaps:
		x, _ := a.(*Caps)
		y := b.(*Caps)
		if x == nil || y == nil {
			return false
		}
		return x.IsSubset(y)
	case ka == kArray && kb == kArray:
		return isSubsetArrays(a.(ValueArray), b.(ValueArray))
	}
	if _, ok := ValueSubtract(a, b); !ok {
		if _, ok := ValueSubtract(b, a); ok {
			return true
		}
	}
	return false
}

func isSubsetListList(l1, l2 []any) bool {
	if len(l1) > len(l2) {
		return false
	}
	for _, c1 := range l1 {
		seen := false
		for _, c2 := range l2 {
			if seen {
				break
			}
			switch ValueCompare(c1, c2) {
			case ValueEqual:
				seen = true
			case ValueUnordered:
				if ValueIsSubset(c1, c2) {
					seen = true
				}
			}
		}
		if !seen {
			return false
		}
	}
	return true
}

// isSubsetArrays mirrors gst_value_is_subset_array_array.
func isSubsetArrays(sub, sup ValueArray) bool {
	len1, len2 := len(sub), len(sup)
	isSubset := len1 <= len2
	isEqual := false
	subsetCount, equalCount := 0, 0
	it2 := 0
	for it1 := 0; (isSubset || isEqual) && it1 < len1; it1, it2 = it1+1, it2+1 {
		if it2 >= len2 {
			isSubset, isEqual = false, false
			break
		}
		c1, c2 := sub[it1], sup[it2]
		isEqual = ValueCompare(c1, c2) == ValueEqual
		if isEqual {
			equalCount++
		} else if isSubset = ValueIsSubset(c1, c2); isSubset {
			subsetCount++
		} else if subsetCount == 0 && equalCount == 0 {
			for it2 = it2 + 1; it2 < len2 && it2+len1 <= len2; it2++ {
				c2 = sup[it2]
				if ValueCompare(c1, c2) == ValueEqual {
					isEqual = true
					equalCount++
					break
				} else if isSubset = ValueIsSubset(c1, c2); isSubset {
					subsetCount++
					break
				}
			}
		}
	}
	if isEqual || isSubset {
		if ValueIsFixed(sup) && ValueIsFixed(sub) {
			return subsetCount > 0
		}
		return true
	}
	return false
}

// ------------------------------------------------------------------------
// Serialization

// SerializeFlags select the string form of nested structures and caps.
//
// GStreamer: GstSerializeFlags (gst/gststructure.h).
type SerializeFlags int

// Serialization flags.
//
// GStreamer: GST_SERIALIZE_FLAG_NONE, GST_SERIALIZE_FLAG_BACKWARD_COMPAT, GST_SERIALIZE_FLAG_STRICT (gst/gststructure.h).
const (
	// SerializeFlagNone writes nested structures and caps in brackets: [name, f=v;].
	SerializeFlagNone SerializeFlags = 0
	// SerializeFlagBackwardCompat writes nested structures and caps as quoted strings.
	SerializeFlagBackwardCompat SerializeFlags = 1 << 0
	// SerializeFlagStrict makes serialization fail instead of writing "NULL" for
	// values that have no string form.
	SerializeFlagStrict SerializeFlags = 1 << 1
)

// ErrNotSerializable is wrapped by the errors of ValueSerialize,
// Structure.Serialize and Caps.Serialize for values that have no string form.
//
// GStreamer: none (Go-only helper).
var ErrNotSerializable = errors.New("value cannot be serialized")

// isStringChar is GST_ASCII_IS_STRING.
func isStringChar(c byte) bool {
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		c == '_' || c == '-' || c == '+' || c == '/' || c == ':' || c == '.' || c == '*'
}

// isCSpace is g_ascii_isspace.
func isCSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

func isAlpha(c byte) bool { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') }

func isAlnum(c byte) bool { return isAlpha(c) || (c >= '0' && c <= '9') }

// wrapString mirrors gst_string_wrap: strings made only of "string"
// characters are written as is, others are quoted with backslash escapes
// (octal for control and non-ASCII bytes).
func wrapString(s string) string {
	if s == "NULL" {
		return `"NULL"`
	}
	wrap := s == ""
	for i := 0; i < len(s); i++ {
		if !isStringChar(s[i]) {
			wrap = true
			break
		}
	}
	if !wrap {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case isStringChar(c):
			b.WriteByte(c)
		case c < 0x20 || c >= 0x7f:
			b.WriteByte('\\')
			b.WriteByte('0' + c>>6)
			b.WriteByte('0' + (c>>3)&7)
			b.WriteByte('0' + c&7)
		default:
			b.WriteByte('\\')
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// unwrapString mirrors gst_string_unwrap. s must start and end with '"'.
func unwrapString(s string) (string, bool) {
	if len(s) == 0 || s[0] != '"' {
		return "", false
	}
	var b strings.Builder
	i := 1
	for i < len(s) {
		c := s[i]
		switch {
		case isStringChar(c):
			b.WriteByte(c)
			i++
		case c == '"':
			if i != len(s)-1 {
				return "", false
			}
			return b.String(), true
		case c == '\\':
			i++
			if i >= len(s) {
				return "", false
			}
			if s[i] >= '0' && s[i] <= '3' {
				if i+2 >= len(s) || s[i+1] < '0' || s[i+1] > '7' || s[i+2] < '0' || s[i+2] > '7' {
					return "", false
				}
				b.WriteByte((s[i]-'0')<<6 + (s[i+1]-'0')<<3 + (s[i+2] - '0'))
				i += 3
			} else {
				b.WriteByte(s[i])
				i++
			}
		default:
			b.WriteByte(c)
			i++
		}
	}
	return "", false
}

// formatDouble mirrors g_ascii_dtostr ("%.17g").
func formatDouble(d float64) string {
	switch {
	case math.IsInf(d, 1):
		return "inf"
	case math.IsInf(d, -1):
		return "-inf"
	case math.IsNaN(d):
		return "nan"
	}
	return strconv.FormatFloat(d, 'g', 17, 64)
}

// ValueSerialize returns the string form of v that ValueDeserialize reads
// back, e.g. "5", "30/1", "[ 1, 10 ]", "{ (int)1, (int)2 }", "\"a b\"". It
// returns an error wrapping ErrNotSerializable for Go values outside the
// value system and for nil buffers.
//
// GStreamer: gst_value_serialize (gst/gstvalue.c).
func ValueSerialize(v any) (string, error) {
	s, ok := serializeValue(v, SerializeFlagBackwardCompat)
	if !ok {
		return "", fmt.Errorf("gst: %w: %T", ErrNotSerializable, v)
	}
	return s, nil
}

func serializeValue(v any, flags SerializeFlags) (string, bool) {
	switch x := v.(type) {
	case int:
		return strconv.Itoa(x), true
	case uint:
		return strconv.FormatUint(uint64(x), 10), true
	case int64:
		return strconv.FormatInt(x, 10), true
	case uint64:
		return strconv.FormatUint(x, 10), true
	case float64:
		return formatDouble(x), true
	case float32:
		return formatDouble(float64(x)), true
	case bool:
		if x {
			return "true", true
		}
		return "false", true
	case string:
		return wrapString(x), true
	case Fraction:
		return x.String(), true
	case IntRange:
		if x.step() == 1 {
			return fmt.Sprintf("[ %d, %d ]", x.Min, x.Max), true
		}
		return fmt.Sprintf("[ %d, %d, %d ]", x.Min, x.Max, x.Step), true
	case Int64Range:
		if x.step() == 1 {
			return fmt.Sprintf("[ %d, %d ]", x.Min, x.Max), true
		}
		return fmt.Sprintf("[ %d, %d, %d ]", x.Min, x.Max, x.Step), true
	case DoubleRange:
		return "[ " + formatDouble(x.Min) + ", " + formatDouble(x.Max) + " ]", true
	case FractionRange:
		return "[ " + x.Min.String() + ", " + x.Max.String() + " ]", true
	case ValueList:
		return serializeAnyList(x, "{ ", " }", true, SerializeFlagBackwardCompat)
	case ValueArray:
		return serializeAnyList(x, "< ", " >", true, SerializeFlagBackwardCompat)
	case ValueUniqueList:
		return serializeAnyList(x, "(/uniquelist){ ", " }", true, SerializeFlagBackwardCompat)
	case FlagSet:
		return fmt.Sprintf("%x:%x", x.Flags, x.Mask), true
	case Bitmask:
		return fmt.Sprintf("0x%016x", uint64(x)), true
	case *Structure:
		if x == nil {
			return "NULL", true
		}
		s, ok := x.serialize(SerializeFlagBackwardCompat)
		if !ok {
			return "", false
		}
		return wrapString(s), true
	case *Caps:
		if x == nil {
			return "NULL", true
		}
		s, ok := x.serialize(SerializeFlagBackwardCompat)
		if !ok {
			return "", false
		}
		return wrapString(s), true
	case *CapsFeatures:
		if x == nil {
			return "NULL", true
		}
		return wrapString(x.String()), true
	case *Buffer:
		if x == nil {
			return "", false
		}
		return fmt.Sprintf("%x", x.Bytes()), true
	case []string:
		var b strings.Builder
		b.WriteByte('<')
		for i, s := range x {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteByte('"')
			for j := 0; j < len(s); j++ {
				if s[j] == '"' || s[j] == '\\' {
					b.WriteByte('\\')
				}
				b.WriteByte(s[j])
			}
			b.WriteByte('"')
		}
		b.WriteByte('>')
		return b.String(), true
	}
	return "", false
}

// serializeAnyList mirrors _priv_gst_value_serialize_any_list.
func serializeAnyList(elems []any, begin, end string, printType bool, flags SerializeFlags) (string, bool) {
	var b strings.Builder
	b.WriteString(begin)
	for i, v := range elems {
		k := kindOf(v)
		brackets := flags&SerializeFlagBackwardCompat == 0 && (k == kStructure || k == kCaps)
		var s string
		var ok bool
		if !brackets {
			s, ok = serializeValue(v, flags)
		} else if k == kStructure {
			if st := v.(*Structure); st != nil {
				s, ok = st.serialize(flags)
			}
		} else if c := v.(*Caps); c != nil {
			s, ok = c.serialize(flags)
		}
		if !ok {
			return "", false
		}
		if printType {
			b.WriteByte('(')
			b.WriteString(kindAbbr[k])
			b.WriteByte(')')
		}
		if brackets {
			b.WriteByte('[')
		}
		b.WriteString(s)
		if brackets {
			b.WriteByte(']')
		}
		if i < len(elems)-1 {
			b.WriteString(", ")
		}
	}
	b.WriteString(end)
	return b.String(), true
}

// ------------------------------------------------------------------------
// Deserialization of single values

// cStrtoull mirrors g_ascii_strtoull: leading spaces, optional sign, base
// prefix for base 0/16; returns the value, the index after the number, and
// whether it overflowed. A '-' negates the result modulo 2^64.
func cStrtoull(s string, base int) (val uint64, end int, overflow bool) {
	i := 0
	for i < len(s) && isCSpace(s[i]) {
		i++
	}
	if i >= len(s) {
		return 0, 0, false
	}
	neg := false
	if s[i] == '-' {
		neg = true
		i++
	} else if s[i] == '+' {
		i++
	}
	if i < len(s) && s[i] == '0' {
		if (base == 0 || base == 16) && i+1 < len(s) && (s[i+1] == 'x' || s[i+1] == 'X') {
			i += 2
			base = 16
		} else if base == 0 {
			base = 8
		}
	} else if base == 0 {
		base = 10
	}
	save := i
	b := uint64(base)
	cutoff := math.MaxUint64 / b
	cutlim := math.MaxUint64 % b
	for ; i < len(s); i++ {
		c := s[i]
		var d uint64
		switch {
		case c >= '0' && c <= '9':
			d = uint64(c - '0')
		case isAlpha(c):
			d = uint64(c|0x20-'a') + 10
		default:
			d = 99
		}
		if d >= b {
			break
		}
		if val > cutoff || (val == cutoff && d > cutlim) {
			overflow = true
		} else {
			val = val*b + d
		}
	}
	if i == save {
		if save >= 2 && (s[save-1] == 'x' || s[save-1] == 'X') && s[save-2] == '0' {
			return 0, save - 1, false
		}
		return 0, 0, false
	}
	if overflow {
		return math.MaxUint64, i, true
	}
	if neg {
		val = -val
	}
	return val, i, false
}

// deserializeIntHelper mirrors gst_value_deserialize_int_helper.
func deserializeIntHelper(s string, lo, hi int64, size int) (int64, bool) {
	u, end, overflow := cStrtoull(s, 0)
	if overflow {
		return 0, false
	}
	to := int64(u)
	ok := false
	if end == len(s) && len(s) > 0 {
		ok = true
	} else {
		switch strings.ToLower(s) {
		case "little_endian":
			to, ok = 1234, true
		case "big_endian":
			to, ok = 4321, true
		case "byte_order":
			to, ok = 1234, true
		case "min":
			to, ok = lo, true
		case "max":
			to, ok = hi, true
		}
	}
	if ok && size != 8 {
		mask := ^uint64(0)
		if to >= 0 {
			mask <<= uint(size * 8)
			if mask&uint64(to) != 0 {
				ok = false
			}
		} else {
			mask <<= uint(size*8 - 1)
			if mask&uint64(to) != mask {
				ok = false
			}
		}
	}
	return to, ok
}

// deserializeUint mirrors CREATE_USERIALIZATION.
func deserializeUint(s string, hi uint64, bits int) (uint64, bool) {
	u, end, overflow := cStrtoull(s, 0)
	if overflow {
		return 0, false
	}
	if bits < 64 {
		u &= (1 << uint(bits)) - 1
	}
	ok := false
	if end == len(s) && len(s) > 0 {
		ok = true
	} else {
		switch strings.ToLower(s) {
		case "little_endian":
			u, ok = 1234, true
		case "big_endian":
			u, ok = 4321, true
		case "byte_order":
			u, ok = 1234, true
		case "min":
			u, ok = 0, true
		case "max":
			u, ok = hi, true
		}
	}
	if ok && u > hi {
		return 0, false
	}
	return u, ok
}

// cStrtod parses a whole string as g_ascii_strtod would, requiring that the
// entire string is consumed.
func cStrtod(s string) (float64, bool) {
	t := s
	for len(t) > 0 && isCSpace(t[0]) {
		t = t[1:]
	}
	if t == "" || strings.ContainsRune(t, '_') {
		return 0, false
	}
	body := strings.TrimLeft(t, "+-")
	if len(t)-len(body) > 1 {
		return 0, false
	}
	lb := strings.ToLower(body)
	if strings.HasPrefix(lb, "0x") && !strings.ContainsAny(lb, "p") {
		t += "p0"
	}
	f, err := strconv.ParseFloat(t, 64)
	if err != nil {
		var ne *strconv.NumError
		if errors.As(err, &ne) && ne.Err == strconv.ErrRange {
			return f, true
		}
		return 0, false
	}
	return f, true
}

// scanCInt mirrors sscanf("%d"): optional spaces, sign, decimal digits.
// Returns the value truncated to 32 bits and the index after it.
func scanCInt(s string, i int) (int, int, bool) {
	for i < len(s) && isCSpace(s[i]) {
		i++
	}
	start := i
	if i < len(s) && (s[i] == '-' || s[i] == '+') {
		i++
	}
	ds := i
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == ds {
		return 0, start, false
	}
	v, err := strconv.ParseInt(s[start:i], 10, 64)
	if err != nil {
		if strings.HasPrefix(s[start:i], "-") {
			v = math.MinInt64
		} else {
			v = math.MaxInt64
		}
	}
	return int(int32(v)), i, true
}

// deserializeFraction mirrors gst_value_deserialize_fraction.
func deserializeFraction(s string) (Fraction, bool) {
	if num, i, ok := scanCInt(s, 0); ok && i < len(s) && s[i] == '/' {
		if den, j, ok := scanCInt(s, i+1); ok {
			if j != len(s) || den == 0 {
				return Fraction{}, false
			}
			if den < -math.MaxInt32 || num < -math.MaxInt32 {
				return Fraction{}, false
			}
			return NewFraction(num, den), true
		}
	}
	if strings.EqualFold(s, "1/max") {
		return NewFraction(1, math.MaxInt32), true
	}
	if num, i, ok := scanCInt(s, 0); ok {
		if i != len(s) {
			return Fraction{}, false
		}
		if num < -math.MaxInt32 {
			return Fraction{}, false
		}
		return Fraction{num, 1}, true
	}
	if strings.EqualFold(s, "min") {
		return Fraction{-math.MaxInt32, 1}, true
	}
	if strings.EqualFold(s, "max") {
		return Fraction{math.MaxInt32, 1}, true
	}
	return Fraction{}, false
}

// cStrtoul32 mirrors strtoul(s, 16) as used by the flagset parser.
func cStrtoulHex(s string) (uint64, int) {
	v, end, overflow := cStrtoull(s, 16)
	if overflow {
		return math.MaxUint64, end
	}
	return v, end
}

// isValidFlagsString matches ^([\+\/][\w\d-]+)+$ case-insensitively.
func isValidFlagsString(s string) bool {
	if s == "" {
		return false
	}
	i := 0
	for i < len(s) {
		if s[i] != '+' && s[i] != '/' {
			return false
		}
		i++
		start := i
		for i < len(s) && (isAlnum(s[i]) || s[i] == '_' || s[i] == '-') {
			i++
		}
		if i == start {
			return false
		}
	}
	return true
}

// deserializeFlagSet mirrors gst_value_deserialize_flagset for the generic
// GstFlagSet type.
func deserializeFlagSet(s string) (FlagSet, bool) {
	flags, next := cStrtoulHex(s)
	if next == 0 {
		return FlagSet{}, false
	}
	if next < len(s) && s[next] == ':' {
		next++
	}
	cur := next
	mask, n := cStrtoulHex(s[cur:])
	if n == 0 {
		return FlagSet{}, false
	}
	next = cur + n
	if strings.HasPrefix(s[cur:], "0x") || strings.HasPrefix(s[cur:], "0X") {
		cur += 2
	}
	if next-cur > 8 {
		return FlagSet{}, false
	}
	fs := FlagSet{uint32(flags) & uint32(mask), uint32(mask)}
	if next == len(s) {
		return fs, true
	}
	if s[next] != ':' {
		return FlagSet{}, false
	}
	if isValidFlagsString(s[next+1:]) {
		return fs, true
	}
	return FlagSet{}, false
}

func deserializeBitmask(s string) (Bitmask, bool) {
	base := 16
	if strings.HasPrefix(s, "0b") || strings.HasPrefix(s, "0B") {
		s = s[2:]
		base = 2
	}
	v, end, overflow := cStrtoull(s, base)
	if overflow {
		return 0, false
	}
	if v == 0 && end == 0 {
		return 0, false
	}
	return Bitmask(v), true
}

func isHex(c byte) bool {
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
}

func deserializeBuffer(s string) (*Buffer, bool) {
	if len(s)%2 != 0 {
		return nil, false
	}
	data := make([]byte, len(s)/2)
	for i := 0; i < len(s)/2; i++ {
		a, b := s[2*i], s[2*i+1]
		if !isHex(a) || !isHex(b) {
			return nil, false
		}
		v, _ := strconv.ParseUint(s[2*i:2*i+2], 16, 8)
		data[i] = byte(v)
	}
	return NewBufferWrapped(data), true
}

func deserializeString(s string) (string, bool) {
	if s == "NULL" {
		// GStreamer stores a NULL string here; Go strings cannot be NULL.
		return "", true
	}
	if len(s) == 0 || s[0] != '"' || s[len(s)-1] != '"' {
		if !utf8.ValidString(s) {
			return "", false
		}
		return s, true
	}
	u, ok := unwrapString(s)
	if !ok || !utf8.ValidString(u) {
		return "", false
	}
	return u, true
}

func deserializeStrv(s string) ([]string, bool) {
	if len(s) == 0 || s[0] != '<' {
		return strings.Split(s, ","), true
	}
	v, end, ok := parseStrv(s, 0)
	if !ok || end != len(s) {
		// GStreamer ignores what follows the closing '>'.
		if ok {
			return v, true
		}
		return nil, false
	}
	return v, true
}

// deserializeKind mirrors gst_value_deserialize for a known type.
func deserializeKind(k vkind, s string) (any, bool) {
	switch k {
	case kInt:
		v, ok := deserializeIntHelper(s, math.MinInt32, math.MaxInt32, 4)
		return int(int32(v)), ok
	case kUint:
		v, ok := deserializeUint(s, math.MaxUint32, 32)
		return uint(v), ok
	case kInt64:
		v, ok := deserializeIntHelper(s, math.MinInt64, math.MaxInt64, 8)
		return v, ok
	case kUint64:
		v, ok := deserializeUint(s, math.MaxUint64, 64)
		return v, ok
	case kDouble:
		if x, ok := cStrtod(s); ok {
			return x, true
		}
		switch strings.ToLower(s) {
		case "min":
			return -math.MaxFloat64, true
		case "max":
			return math.MaxFloat64, true
		}
		return nil, false
	case kFloat:
		x, ok := cStrtod(s)
		if !ok {
			switch strings.ToLower(s) {
			case "min":
				x, ok = -math.MaxFloat32, true
			case "max":
				x, ok = math.MaxFloat32, true
			}
		}
		if !ok || x > math.MaxFloat32 || x < -math.MaxFloat32 {
			return nil, false
		}
		return float32(x), true
	case kBool:
		switch {
		case strings.EqualFold(s, "true"), strings.EqualFold(s, "yes"), strings.EqualFold(s, "t"), s == "1":
			return true, true
		case strings.EqualFold(s, "false"), strings.EqualFold(s, "no"), strings.EqualFold(s, "f"), s == "0":
			return false, true
		}
		return nil, false
	case kString:
		return deserializeString(s)
	case kFraction:
		return deserializeFraction(s)
	case kFlagSet:
		return deserializeFlagSet(s)
	case kBitmask:
		return deserializeBitmask(s)
	case kBuffer:
		return deserializeBuffer(s)
	case kList, kArray, kUniqueList:
		open := byte('{')
		if k == kArray {
			open = '<'
		}
		v, _, ok := parseAnyList(s, 0, k, kInvalid, open)
		return v, ok
	case kStructure:
		str := s
		if len(s) > 0 && s[0] == '"' {
			u, ok := unwrapString(s)
			if !ok {
				return nil, false
			}
			str = u
		}
		st, err := ParseStructure(str)
		if err != nil {
			return nil, false
		}
		return st, true
	case kCaps:
		str := s
		if len(s) > 0 && s[0] == '"' {
			u, ok := unwrapString(s)
			if !ok {
				return nil, false
			}
			str = u
		}
		c, err := ParseCaps(str)
		if err != nil {
			return nil, false
		}
		return c, true
	case kCapsFeatures:
		str := s
		if len(s) > 0 && s[0] == '"' {
			u, ok := unwrapString(s)
			if !ok {
				return nil, false
			}
			str = u
		}
		f, err := ParseCapsFeatures(str)
		if err != nil {
			return nil, false
		}
		return f, true
	case kStrv:
		return deserializeStrv(s)
	}
	return nil, false
}

// ValueDeserialize parses s as a value. typeHint is a type name as written
// in a "(type)" prefix ("int", "double", "fraction", "string", "list",
// "GstCaps", ...); with an empty typeHint the type is guessed the way
// structure fields without a type are (int, double, fraction, flagset,
// boolean, string; ranges, lists and arrays by their brackets).
//
// GStreamer: gst_value_deserialize (gst/gstvalue.c).
func ValueDeserialize(s string, typeHint string) (any, error) {
	if typeHint == "" {
		v, end, ok := parseValue(s, 0, kInvalid)
		if ok {
			for end < len(s) && isCSpace(s[end]) {
				end++
			}
			if end == len(s) {
				return v, nil
			}
		}
		return nil, fmt.Errorf("gst: cannot deserialize %q", s)
	}
	k, ok := abbrKind[typeHint]
	if !ok {
		return nil, fmt.Errorf("gst: unknown value type %q", typeHint)
	}
	v, ok := deserializeKind(k, s)
	if !ok {
		return nil, fmt.Errorf("gst: cannot deserialize %q as %s", s, typeHint)
	}
	return v, nil
}

// ------------------------------------------------------------------------
// Parsing of values inside structure strings

// parseSimpleString mirrors _priv_gst_value_parse_simple_string: the run of
// string characters starting at i, stopping at delim. ok is false for an
// empty run unless it stops at delim.
func parseSimpleString(s string, i int, delim byte) (end int, ok bool) {
	j := i
	for j < len(s) && isStringChar(s[j]) && s[j] != delim {
		j++
	}
	atDelim := (j < len(s) && s[j] == delim) || (j >= len(s) && delim == 0)
	return j, j != i || atDelim
}

// parseStringToken mirrors _priv_gst_value_parse_string with unescape
// false: the raw token (quotes included) and the index after it.
func parseStringToken(s string, i int) (end int, ok bool) {
	if i >= len(s) {
		return i, false
	}
	if s[i] != '"' {
		e, ok := parseSimpleString(s, i, 0)
		return e, ok
	}
	j := i + 1
	for {
		if j >= len(s) {
			return j, false
		}
		if s[j] == '"' {
			break
		}
		if s[j] == '\\' {
			j++
			if j >= len(s) {
				return j, false
			}
		}
		j++
	}
	return j + 1, true
}

// parseNameToken mirrors _priv_gst_value_parse_string with unescape true:
// the unescaped text and the index after it.
func parseNameToken(s string, i int) (string, int, bool) {
	if i >= len(s) {
		return "", i, false
	}
	if s[i] != '"' {
		e, ok := parseSimpleString(s, i, 0)
		return s[i:e], e, ok
	}
	var b strings.Builder
	j := i + 1
	for {
		if j >= len(s) {
			return "", j, false
		}
		if s[j] == '"' {
			break
		}
		if s[j] == '\\' {
			j++
			if j >= len(s) {
				return "", j, false
			}
		}
		b.WriteByte(s[j])
		j++
	}
	return b.String(), j + 1, true
}

func skipSpaces(s string, i int) int {
	for i < len(s) && isCSpace(s[i]) {
		i++
	}
	return i
}

// parseTypeCast mirrors _priv_gst_value_parse_type_cast: "(type)",
// "(type/container)" or "(/container)". found is false if there is no cast.
func parseTypeCast(s string, i int) (container, deflt vkind, after int, found bool, bad bool) {
	i = skipSpaces(s, i)
	if i >= len(s) || s[i] != '(' {
		return kInvalid, kInvalid, i, false, false
	}
	i = skipSpaces(s, i+1)
	lookup := func(name string) (vkind, bool) {
		k, ok := abbrKind[name]
		return k, ok
	}
	var typeEnd int
	if i < len(s) && s[i] == '/' {
		i = skipSpaces(s, i+1)
		e, ok := parseSimpleString(s, i, 0)
		if !ok {
			return 0, 0, i, false, true
		}
		k, ok := lookup(s[i:e])
		if !ok {
			return 0, 0, i, false, true
		}
		container = k
		typeEnd = e
	} else {
		e, ok := parseSimpleString(s, i, '/')
		if !ok {
			return 0, 0, i, false, true
		}
		name := s[i:e]
		j := skipSpaces(s, e)
		if j < len(s) && s[j] == ')' {
			k, ok := lookup(name)
			if !ok {
				return 0, 0, i, false, true
			}
			deflt = k
			typeEnd = e
		} else if j < len(s) && s[j] == '/' {
			k, ok := lookup(name)
			if !ok {
				return 0, 0, i, false, true
			}
			deflt = k
			j = skipSpaces(s, j+1)
			e2, ok := parseSimpleString(s, j, 0)
			if !ok {
				return 0, 0, i, false, true
			}
			c, ok := lookup(s[j:e2])
			if !ok {
				return 0, 0, i, false, true
			}
			container = c
			typeEnd = e2
		} else {
			return 0, 0, i, false, true
		}
	}
	i = skipSpaces(s, typeEnd)
	if i >= len(s) || s[i] != ')' {
		return 0, 0, i, false, true
	}
	i = skipSpaces(s, i+1)
	return container, deflt, i, true, false
}

// parseValue mirrors _priv_gst_value_parse_value: an optional type cast,
// then a range, list, array, nested structure/caps or a plain token.
func parseValue(s string, i int, typ vkind) (any, int, bool) {
	container := kInvalid
	c, d, after, found, bad := parseTypeCast(s, i)
	if bad {
		return nil, i, false
	}
	if found {
		container = c
		if d != kInvalid {
			typ = d
		}
		i = after
	}
	i = skipSpaces(s, i)
	if i >= len(s) {
		return nil, i, false
	}
	switch s[i] {
	case '[':
		return parseRangeStructCaps(s, i, typ)
	case '{':
		if container == kInvalid {
			container = kList
		}
		if container != kList && container != kUniqueList && container != kArray {
			return nil, i, false
		}
		return parseAnyList(s, i, container, typ, '{')
	case '<':
		if typ == kStrv {
			v, e, ok := parseStrv(s, i)
			return v, e, ok
		}
		return parseAnyList(s, i, kArray, typ, '<')
	}
	start := i
	end, ok := parseStringToken(s, i)
	if !ok {
		return nil, i, false
	}
	tok := s[start:end]
	if typ == kInvalid {
		wrapped := len(tok) >= 2 && tok[0] == '"' && tok[len(tok)-1] == '"'
		for _, k := range []vkind{kInt, kDouble, kFraction, kFlagSet, kBool, kString} {
			if k != kString && wrapped {
				if v, ok := deserializeKind(k, tok[1:len(tok)-1]); ok {
					return v, end, true
				}
				continue
			}
			if v, ok := deserializeKind(k, tok); ok {
				return v, end, true
			}
		}
		return nil, end, false
	}
	v, ok := deserializeKind(typ, tok)
	return v, end, ok
}

// parseRangeStructCaps mirrors _priv_gst_value_parse_range_struct_caps.
func parseRangeStructCaps(s string, i int, typ vkind) (any, int, bool) {
	if typ == kCaps || typ == kStructure {
		if v, e, ok := parseStructOrCaps(s, i, typ); ok {
			return v, e, true
		}
	}
	if v, e, ok := parseRange(s, i, typ); ok {
		return v, e, true
	}
	if typ != kInvalid {
		return nil, i, false
	}
	for _, k := range []vkind{kStructure, kCaps} {
		if v, e, ok := parseStructOrCaps(s, i, k); ok {
			return v, e, true
		}
	}
	return nil, i, false
}

// parseStructOrCaps mirrors _priv_gst_value_parse_struct_or_caps: a
// bracketed "[name, f=v; ...]".
func parseStructOrCaps(s string, i int, typ vkind) (any, int, bool) {
	if i >= len(s) || s[i] != '[' {
		return nil, i, false
	}
	// GStreamer counts brackets without looking at quotes; GstMini skips
	// quoted strings so that a ']' inside a string does not end the value.
	open := 1
	j := i + 1
	for ; j < len(s); j++ {
		switch s[j] {
		case ']':
			open--
		case '[':
			open++
		case '"':
			e, ok := parseStringToken(s, j)
			if !ok {
				return nil, i, false
			}
			j = e - 1
		}
		if open == 0 {
			break
		}
	}
	if open != 0 {
		return nil, i, false
	}
	inner := s[i+1 : j]
	if _, _, _, ok := parseStructureName(inner, 0, true); !ok {
		return nil, i, false
	}
	v, ok := deserializeKind(typ, inner)
	if !ok {
		return nil, i, false
	}
	return v, j + 1, true
}

// parseRange mirrors _priv_gst_value_parse_range.
func parseRange(s string, i int, typ vkind) (any, int, bool) {
	if i >= len(s) || s[i] != '[' {
		return nil, i, false
	}
	i++
	v1, i, ok := parseValue(s, i, typ)
	if !ok {
		return nil, i, false
	}
	i = skipSpaces(s, i)
	if i >= len(s) || s[i] != ',' {
		return nil, i, false
	}
	i = skipSpaces(s, i+1)
	v2, i, ok := parseValue(s, i, typ)
	if !ok {
		return nil, i, false
	}
	i = skipSpaces(s, i)
	var v3 any
	haveStep := false
	k1 := kindOf(v1)
	if (k1 == kInt || k1 == kInt64) && i < len(s) && s[i] == ',' {
		i = skipSpaces(s, i+1)
		v3, i, ok = parseValue(s, i, typ)
		if !ok {
			return nil, i, false
		}
		i = skipSpaces(s, i)
		haveStep = true
	}
	if i >= len(s) || s[i] != ']' {
		return nil, i, false
	}
	i++
	if kindOf(v2) != k1 || (haveStep && kindOf(v3) != k1) {
		return nil, i, false
	}
	switch k1 {
	case kDouble:
		lo, hi := v1.(float64), v2.(float64)
		if !(lo < hi) {
			return nil, i, false
		}
		return DoubleRange{lo, hi}, i, true
	case kInt:
		lo, hi, st := v1.(int), v2.(int), 1
		if haveStep {
			st = v3.(int)
		}
		if !(lo < hi) || st <= 0 || lo%st != 0 || hi%st != 0 {
			return nil, i, false
		}
		return IntRange{lo, hi, canonStep(st)}, i, true
	case kInt64:
		lo, hi, st := v1.(int64), v2.(int64), int64(1)
		if haveStep {
			st = v3.(int64)
		}
		if !(lo < hi) || st <= 0 || lo%st != 0 || hi%st != 0 {
			return nil, i, false
		}
		return Int64Range{lo, hi, canonStep64(st)}, i, true
	case kFraction:
		lo, hi := v1.(Fraction), v2.(Fraction)
		if compareFractionValues(lo, hi) != ValueLessThan {
			return nil, i, false
		}
		return FractionRange{lo, hi}, i, true
	}
	return nil, i, false
}

// parseAnyList mirrors _priv_gst_value_parse_any_list.
func parseAnyList(s string, i int, listKind, typ vkind, open byte) (any, int, bool) {
	c, d, after, found, bad := parseTypeCast(s, i)
	if bad {
		return nil, i, false
	}
	if found {
		if c == kInvalid {
			c = listKind
		}
		if c != listKind {
			return nil, i, false
		}
		if d != kInvalid {
			typ = d
		}
		i = after
	}
	closeCh := byte('}')
	if open == '<' {
		closeCh = '>'
	}
	if i >= len(s) || s[i] != open {
		return nil, i, false
	}
	i = skipSpaces(s, i+1)
	elems := []any{}
	for {
		if i >= len(s) {
			return nil, i, false
		}
		if s[i] == closeCh {
			break
		}
		if s[i] == ',' {
			i = skipSpaces(s, i+1)
			if i < len(s) && s[i] == ',' {
				return nil, i, false
			}
			continue
		}
		v, e, ok := parseValue(s, i, typ)
		if !ok {
			return nil, e, false
		}
		elems = append(elems, v)
		i = skipSpaces(s, e)
		if i >= len(s) || (s[i] != ',' && s[i] != closeCh) {
			return nil, i, false
		}
	}
	i++
	return makeListOf(listKind, elems), i, true
}

// parseStrv mirrors _priv_gst_value_parse_strv: <"a", "b">.
func parseStrv(s string, i int) ([]string, int, bool) {
	if i >= len(s) || s[i] != '<' {
		return nil, i, false
	}
	i = skipSpaces(s, i+1)
	out := []string{}
	for {
		if i >= len(s) {
			return nil, i, false
		}
		if s[i] == '>' {
			break
		}
		if s[i] != '"' {
			return nil, i, false
		}
		i++
		var b strings.Builder
		for {
			if i >= len(s) {
				return nil, i, false
			}
			if s[i] == '"' {
				break
			}
			if s[i] == '\\' {
				i++
				if i >= len(s) {
					return nil, i, false
				}
			}
			b.WriteByte(s[i])
			i++
		}
		i++
		out = append(out, b.String())
		i = skipSpaces(s, i)
		if i < len(s) && s[i] == ',' {
			i = skipSpaces(s, i+1)
		}
	}
	return out, i + 1, true
}
