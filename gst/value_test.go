package gst

import (
	"errors"
	"math"
	"strings"
	"testing"
)

// Cases in this file are ported from GStreamer's tests/check/gst/gstvalue.c.

func mustValue(t *testing.T, s string) any {
	t.Helper()
	v, err := ValueDeserialize(s, "")
	if err != nil {
		t.Fatalf("ValueDeserialize(%q): %v", s, err)
	}
	return v
}

func mustValueTyped(t *testing.T, s, typ string) any {
	t.Helper()
	v, err := ValueDeserialize(s, typ)
	if err != nil {
		t.Fatalf("ValueDeserialize(%q, %q): %v", s, typ, err)
	}
	return v
}

func serial(t *testing.T, v any) string {
	t.Helper()
	s, err := ValueSerialize(v)
	if err != nil {
		t.Fatalf("ValueSerialize(%#v): %v", v, err)
	}
	return s
}

func TestDeserializeBuffer(t *testing.T) {
	v := mustValueTyped(t, "1234567890abcdef", "buffer").(*Buffer)
	want := []byte{0x12, 0x34, 0x56, 0x78, 0x90, 0xab, 0xcd, 0xef}
	if string(v.Bytes()) != string(want) {
		t.Fatalf("got %x", v.Bytes())
	}
	if got := serial(t, NewBufferWrapped(want)); got != "1234567890abcdef" {
		t.Fatalf("serialize: %q", got)
	}
	if _, err := ValueSerialize((*Buffer)(nil)); !errors.Is(err, ErrNotSerializable) {
		t.Fatalf("nil buffer: %v", err)
	}
	for _, bad := range []string{"123", "zz"} {
		if _, err := ValueDeserialize(bad, "buffer"); err == nil {
			t.Errorf("%q deserialized", bad)
		}
	}
}

func TestDeserializeInts(t *testing.T) {
	gint := []struct {
		in   string
		want int
	}{
		{"123456", 123456},
		{"-123456", -123456},
		{"0xFFFF", 0xFFFF},
		{"0x0000FFFF", 0xFFFF},
		{"0x7FFFFFFF", 0x7FFFFFFF},
		{"0x80000000", math.MinInt32},
		{"0xFFFFFFFF80000000", math.MinInt32},
		{"0xFF000000", int(int32(-16777216))},
		{"0xFFFFFFFF", -1},
		{"0xFFFFFFFFFFFFFFFF", -1},
		{"0xEFFFFFFF", int(int32(-268435457))},
		{"max", math.MaxInt32},
		{"MIN", math.MinInt32},
		{"010", 8},
	}
	for _, c := range gint {
		v, err := ValueDeserialize(c.in, "int")
		if err != nil || v != c.want {
			t.Errorf("int %q = %v, %v; want %d", c.in, v, err, c.want)
		}
	}
	for _, bad := range []string{"-", "- TEST", "0x0000000100000000", "0xF000000000000000",
		"0xFFFFFFF000000000", "0xFFFFFFFF00000000", "0x10000000000000000",
		"0x10000000000000000000000000000000000000000000", ""} {
		if v, err := ValueDeserialize(bad, "int"); err == nil {
			t.Errorf("int %q deserialized to %v", bad, v)
		}
	}
	guint := []struct {
		in   string
		want uint
	}{
		{"123456", 123456},
		{"-123456", uint(uint32(4294843840))},
		{"0xFFFF", 0xFFFF},
		{"0x80000000", 0x80000000},
		{"2147483648", 2147483648},
		{"0xFFFFFFFF80000000", 0x80000000},
		{"0xFFFFFFFF", 0xFFFFFFFF},
		{"0xFFFFFFFFFFFFFFFF", 0xFFFFFFFF},
		{"0xEFFFFFFF", 0xEFFFFFFF},
	}
	for _, c := range guint {
		v, err := ValueDeserialize(c.in, "uint")
		if err != nil || v != c.want {
			t.Errorf("uint %q = %v, %v; want %d", c.in, v, err, c.want)
		}
	}
	for _, bad := range []string{"-", "- TEST"} {
		if _, err := ValueDeserialize(bad, "uint"); err == nil {
			t.Errorf("uint %q deserialized", bad)
		}
	}
	i64 := map[string]int64{
		"12345678901": 12345678901, "-12345678901": -12345678901,
		"1152921504606846976": 1152921504606846976, "-1152921504606846976": -1152921504606846976,
	}
	for in, want := range i64 {
		if v, err := ValueDeserialize(in, "gint64"); err != nil || v != want {
			t.Errorf("gint64 %q = %v, %v", in, v, err)
		}
	}
	u64 := map[string]uint64{
		"0xffffffffffffffff": math.MaxUint64, "9223372036854775810": 9223372036854775810,
		"-9223372036854775810": 9223372036854775806, "-1": math.MaxUint64, "1": 1, "-0": 0,
	}
	for in, want := range u64 {
		if v, err := ValueDeserialize(in, "guint64"); err != nil || v != want {
			t.Errorf("guint64 %q = %v, %v", in, v, err)
		}
	}
}

func TestFractionValues(t *testing.T) {
	for in, want := range map[string]Fraction{"4/5": {4, 5}, "-8/9": {-8, 9}, "10/100": {1, 10},
		"2/-3": {-2, 3}, "5": {5, 1}, "1/max": {1, math.MaxInt32}, "MAX": {math.MaxInt32, 1}, "min": {-math.MaxInt32, 1}} {
		v, err := ValueDeserialize(in, "fraction")
		if err != nil || v != want {
			t.Errorf("fraction %q = %v, %v; want %v", in, v, err, want)
		}
	}
	for _, bad := range []string{"1/0", "1/2x", "abc", "1 /2"} {
		if _, err := ValueDeserialize(bad, "fraction"); err == nil {
			t.Errorf("fraction %q deserialized", bad)
		}
	}
	if s := NewFraction(30, 1).String(); s != "30/1" {
		t.Errorf("String = %q", s)
	}
	if s := NewFraction(2, -4).String(); s != "-1/2" {
		t.Errorf("String = %q", s)
	}
	if NewFraction(2, 3).Compare(NewFraction(3, 4)) != -1 || NewFraction(10, 100).Compare(NewFraction(200, 2000)) != 0 {
		t.Error("Fraction.Compare")
	}
	if p, ok := NewFraction(2, 3).Mul(NewFraction(3, 4)); !ok || p != (Fraction{1, 2}) {
		t.Errorf("Mul = %v %v", p, ok)
	}
}

func TestDeserializeBitmaskAndFlagSet(t *testing.T) {
	for in, want := range map[string]Bitmask{"0xffffffffffffffff": math.MaxUint64, "0x1234567890ABCDEF": 0x1234567890ABCDEF} {
		if v, err := ValueDeserialize(in, "bitmask"); err != nil || v != want {
			t.Errorf("bitmask %q = %v %v", in, v, err)
		}
	}
	if s := serial(t, Bitmask(0x123)); s != "0x0000000000000123" {
		t.Errorf("bitmask serialize %q", s)
	}
	fs := FlagSet{0xf1f1, 0xffff}
	s := serial(t, fs)
	if s != "f1f1:ffff" {
		t.Errorf("flagset serialize %q", s)
	}
	if v := mustValueTyped(t, s, "flagset"); v != fs {
		t.Errorf("flagset round trip %v", v)
	}
	if _, err := ValueDeserialize("AB24:0x0100000000000002", "flagset"); err == nil {
		t.Error("64-bit mask accepted")
	}
	// Untyped strings: hex flagsets, but not timecodes.
	if v := mustValue(t, "0010:ffff"); v != (FlagSet{0x10, 0xffff}) {
		t.Errorf("untyped flagset %#v", v)
	}
	if v := mustValue(t, "0010:ffff:+random+other/not-the-other"); v != (FlagSet{0x10, 0xffff}) {
		t.Errorf("untyped flagset with names %#v", v)
	}
	if v := mustValue(t, "00:01:00:00"); v != "00:01:00:00" {
		t.Errorf("timecode %#v", v)
	}
	// Fixate, intersect and subset of flagsets.
	if v, ok := ValueFixate(FlagSet{0x5, 0x7}); !ok || v != (FlagSet{0x5, FlagSetMaskExact}) {
		t.Errorf("fixate %v", v)
	}
	accurate, snapBefore, flush := uint32(1<<1), uint32(1<<5), uint32(1<<0)
	v1 := FlagSet{accurate, accurate | snapBefore}
	v2 := FlagSet{flush, flush}
	if r, ok := ValueIntersect(v1, v2); !ok || r != (FlagSet{accurate | flush, accurate | flush | snapBefore}) {
		t.Errorf("intersect %v %v", r, ok)
	}
	a := FlagSet{accurate, accurate}
	b := FlagSet{accurate | flush, accurate | snapBefore | flush}
	if !ValueIsSubset(a, b) || ValueIsSubset(b, a) {
		t.Error("flagset subset")
	}
}

func TestStringValues(t *testing.T) {
	for _, s := range []string{"Dude", "Hi, I'm a string", "tüüüt!", `""`, "", "NULL", "a\tb"} {
		ser := serial(t, s)
		v, err := ValueDeserialize(ser, "string")
		if err != nil || v != s {
			t.Errorf("round trip %q via %q: %q %v", s, ser, v, err)
		}
	}
	cases := []struct{ from, to string }{
		{`"foo"`, "foo"},
		{`"foo\%"`, "foo%"},
		{`"0123456789_-+/:."`, "0123456789_-+/:."},
		{`"Hello\ World"`, "Hello World"},
		{`"Hello\ World`, `"Hello\ World`},
		{`"\`, `"\`},
		{`"\0`, `"\0`},
		{`"t\303\274t"`, "tüt"},
		{"", ""},
		{`""`, ""},
		{`" "`, " "},
		{"tüüt", "tüüt"},
	}
	for _, c := range cases {
		v, err := ValueDeserialize(c.from, "string")
		if err != nil || v != c.to {
			t.Errorf("%q -> %q, %v; want %q", c.from, v, err, c.to)
		}
	}
	for _, bad := range []string{`"\0"`, `"`, `"\380"`, `"\344\204\062"`, `"\344\204"`} {
		if v, err := ValueDeserialize(bad, "string"); err == nil {
			t.Errorf("%q deserialized to %q", bad, v)
		}
	}
	if got := serial(t, "Something Like Face/Off"); got != `"Something\ Like\ Face/Off"` {
		t.Errorf("wrap = %s", got)
	}
	if got := serial(t, "tü"); got != `"t\303\274"` {
		t.Errorf("wrap = %s", got)
	}
}

func TestSerializeNumbers(t *testing.T) {
	cases := []struct {
		v    any
		want string
	}{
		{5, "5"}, {uint(7), "7"}, {int64(-3), "-3"}, {uint64(math.MaxUint64), "18446744073709551615"},
		{1.0, "1"}, {0.1, "0.10000000000000001"}, {math.MaxFloat64, "1.7976931348623157e+308"},
		{float32(1.1), "1.1000000238418579"}, {true, "true"}, {false, "false"},
		{IntRange{1, 5, 0}, "[ 1, 5 ]"}, {IntRange{16, 4096, 16}, "[ 16, 4096, 16 ]"},
		{Int64Range{0, math.MaxInt64, 1}, "[ 0, 9223372036854775807 ]"},
		{DoubleRange{0, 1.5}, "[ 0, 1.5 ]"},
		{FractionRange{Fraction{1, 4}, Fraction{1, 3}}, "[ 1/4, 1/3 ]"},
		{ValueList{1, 2}, "{ (int)1, (int)2 }"},
		{ValueArray{1, "a b"}, `< (int)1, (string)"a\ b" >`},
		{ValueUniqueList{1}, "(/uniquelist){ (int)1 }"},
		{ValueArray{}, "<  >"},
		{[]string{"foo", ` ,<>" `}, `<"foo"," ,<>\" ">`},
	}
	for _, c := range cases {
		if got := serial(t, c.v); got != c.want {
			t.Errorf("serialize %#v = %q, want %q", c.v, got, c.want)
		}
	}
	if _, err := ValueSerialize(struct{}{}); !errors.Is(err, ErrNotSerializable) {
		t.Errorf("unsupported type: %v", err)
	}
}

func TestRoundTripValues(t *testing.T) {
	vals := []any{
		ValueUniqueList{1},
		ValueArray{ValueArray{1.0, 0.0}},
		ValueList{"a", "b c"},
		[]string{"foo", ` ,<>" `},
		NewCapsFeatures("abc:val1", "xyz:val2"),
		NewCapsFeatures("feat:val"),
		NewCapsFeaturesAny(),
		NewCapsFeaturesEmpty(),
		NewStructureSimple("test/structure", "foo", 10, "bar", "test",
			"int-str", NewStructureSimple("structure/internal", "in-field", 20, "in-field2", "some in ternal field")),
		NewStructure("empty"),
		NewCapsSimple("test/caps", "foo", 10, "bar", "test",
			"int-caps", NewCapsSimple("caps/internal", "in-field", 20, "in-field2", "some in ternal field")),
		NewCapsAny(),
		NewCapsEmpty(),
	}
	for _, v := range vals {
		s := serial(t, v)
		back, err := ValueDeserialize(s, ValueTypeName(v))
		if err != nil {
			t.Errorf("deserialize %q: %v", s, err)
			continue
		}
		if ValueCompare(v, back) != ValueEqual {
			t.Errorf("round trip %q: got %#v", s, back)
		}
		if s2 := serial(t, back); s2 != s {
			t.Errorf("re-serialize %q = %q", s, s2)
		}
		// And inside a structure.
		st := NewStructureSimple("s", "v", v)
		st2, err := ParseStructure(st.String())
		if err != nil || !st.IsEqual(st2) {
			t.Errorf("in structure %q: %v %v", st.String(), st2, err)
		}
	}
}

func TestValueCompare(t *testing.T) {
	cases := []struct {
		a, b any
		want ValueOrder
	}{
		{10, 20, ValueLessThan},
		{20, 10, ValueGreaterThan},
		{10, 10, ValueEqual},
		{10.0, 20.0, ValueLessThan},
		{"a", "b", ValueLessThan},
		{"b", "a", ValueGreaterThan},
		{NewFraction(2, 3), NewFraction(3, 4), ValueLessThan},
		{NewFraction(-4, 5), NewFraction(2, -3), ValueLessThan},
		{NewFraction(2, -3), NewFraction(-4, 5), ValueGreaterThan},
		{NewFraction(10, 100), NewFraction(200, 2000), ValueEqual},
		{ValueList{1, 2, 3, 4}, ValueList{4, 3, 2, 1}, ValueEqual},
		{ValueList{1, 2, 3, 4}, ValueList{4, 3, 2, 1, 1}, ValueUnordered},
		{ValueList{1, 2, 3, 4, 5}, ValueList{4, 3, 2, 1, 1}, ValueUnordered},
		{ValueArray{1, 2, 3, 4}, ValueArray{4, 3, 2, 1}, ValueUnordered},
		{ValueArray{1, 2}, ValueArray{1, 2}, ValueEqual},
		{ValueArray{1, 2}, ValueArray{1, 2, 1}, ValueUnordered},
		{Bitmask(0x123), Bitmask(0x321), ValueUnordered},
		{Bitmask(0x123), Bitmask(0x123), ValueEqual},
		{1, 1.0, ValueUnordered},
		{ValueList{1}, 1, ValueEqual},
		{ValueList{1}, 2, ValueLessThan},
		{ValueList{1, 1}, 1, ValueEqual},
		{ValueList{1, 2}, IntRange{1, 2, 0}, ValueEqual},
		{IntRange{1, 2, 0}, ValueList{2, 1}, ValueEqual},
		{ValueList{1, 3}, IntRange{1, 3, 0}, ValueUnordered},
		{ValueUniqueList{2}, 2, ValueEqual},
		{ValueUniqueList{1, 2}, 2, ValueUnordered},
		{IntRange{1, 5, 0}, IntRange{1, 5, 1}, ValueEqual},
		{IntRange{2, 4, 2}, IntRange{2, 4, 1}, ValueUnordered},
		{NewStructure("test"), NewStructure("test"), ValueEqual},
		{NewStructureSimple("foo", "bar", IntRange{1, 2, 0}), NewStructureSimple("foo", "bar", 1), ValueUnordered},
		{NewBufferWrapped([]byte{1}), NewBufferWrapped([]byte{2}), ValueLessThan},
		{NewBufferWrapped([]byte{1}), NewBufferWrapped([]byte{1, 2}), ValueUnordered},
		{math.NaN(), math.NaN(), ValueUnordered},
	}
	for _, c := range cases {
		if got := ValueCompare(c.a, c.b); got != c.want {
			t.Errorf("ValueCompare(%#v, %#v) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}

func TestValueIntersect(t *testing.T) {
	cases := []struct {
		a, b string
		want string // "" = empty
	}{
		{"10", "20", ""},
		{"YUY2", "{ YUY2, I420, ABCD }", "YUY2"},
		{"2", "[ 1, 5 ]", "2"},
		{"[ 1, 5 ]", "[ 2, 3 ]", "[ 2, 3 ]"},
		{"[ 1, 5 ]", "[ 6, 7 ]", ""},
		{"[ 1, 5 ]", "[ 5, 7 ]", "5"},
		{"(gint64)2", "(gint64)[ 1, 5 ]", "(gint64)2"},
		{"(gint64)[ 1, 5 ]", "(gint64)[ 2, 3 ]", "(gint64)[ 2, 3 ]"},
		{"(gint64)[ 1, 5 ]", "(gint64)[ 6, 7 ]", ""},
		{"1/2", "[ 1/4, 2/3 ]", "1/2"},
		{"[ 1/4, 2/3 ]", "[ 1/3, 2/3 ]", "[ 1/3, 2/3 ]"},
		{"[ 1/4, 2/3 ]", "[ 4/2, 5/2 ]", ""},
		{"1.5", "[ 1.0, 2.0 ]", "1.5"},
		{"[ 1.0, 2.0 ]", "[ 1.5, 3.0 ]", "[ 1.5, 2.0 ]"},
		{"{ 1, 2, 3 }", "{ 3, 2, 5 }", "{ 2, 3 }"},
		{"{ 1, 2, 3 }", "{ 5, 6 }", ""},
		{"{ 1, 2 }", "{ [ 1, 5 ] }", ""},
		{"{ [ 1, 3 ], [ 5, 8 ] }", "2", "2"},
		{"{ 1, 2, 3, 4 }", "[ 2, 3 ]", "{ 2, 3 }"},
		{"< 1, 2 >", "< 1, [ 1, 4 ] >", "< 1, 2 >"},
		{"< 1, 2 >", "< 1, 2, 3 >", ""},
		{"< { 1, 2 }, { 3, 4 } >", "< 1, 3 >", "< 1, 3 >"},
		{"(/uniquelist){ 1, 2 }", "(/uniquelist){ 2 }", "(/uniquelist){ 2 }"},
		// Stepped ranges (test_stepped_int_range_ops).
		{"[ 16, 4096, 16 ]", "[ 100, 200, 10 ]", "160"},
		{"[ 16, 4096, 16 ]", "[ 100, 200, 100 ]", ""},
		{"[ 16, 4096, 16 ]", "[ 0, 512, 256 ]", "[ 256, 512, 256 ]"},
	}
	for _, c := range cases {
		a, b := mustValue(t, c.a), mustValue(t, c.b)
		r, ok := ValueIntersect(a, b)
		if c.want == "" {
			if ok {
				t.Errorf("%s ∩ %s = %#v, want empty", c.a, c.b, r)
			}
			continue
		}
		want := mustValue(t, c.want)
		if !ok || ValueCompare(r, want) != ValueEqual || kindOf(r) != kindOf(want) {
			t.Errorf("%s ∩ %s = %#v %v, want %s", c.a, c.b, r, ok, c.want)
		}
		if !ValueCanIntersect(a, b) {
			t.Errorf("ValueCanIntersect(%s, %s) false", c.a, c.b)
		}
	}
}

func TestValueUnion(t *testing.T) {
	cases := []struct {
		a, b string
		want string // "" = union fails
	}{
		{"[ 16, 32, 16 ]", "[ 32, 96, 16 ]", "[ 16, 96, 16 ]"},
		{"[ 16, 32, 16 ]", "[ 48, 96, 16 ]", "[ 16, 96, 16 ]"},
		{"[ 112, 192, 16 ]", "[ 48, 96, 16 ]", "[ 48, 192, 16 ]"},
		{"[ 16, 32, 16 ]", "[ 64, 96, 16 ]", ""},
		{"[ 112, 192, 16 ]", "[ 48, 96, 8 ]", ""},
		{"[ 10, 20, 5 ]", "10", "[ 10, 20, 5 ]"},
		{"[ 10, 20, 5 ]", "20", "[ 10, 20, 5 ]"},
		{"[ 10, 20, 5 ]", "15", "[ 10, 20, 5 ]"},
		{"[ 10, 20, 5 ]", "5", "[ 5, 20, 5 ]"},
		{"[ 10, 20, 5 ]", "12", ""},
		{"[ 10, 20, 5 ]", "30", ""},
		{"[ 10, 20, 5 ]", "25", "[ 10, 25, 5 ]"},
		{"1/2", "[ 1/4, 2/3 ]", "[ 1/4, 2/3 ]"},
		{"1/20", "[ 1/4, 2/3 ]", ""},
		{"[ 1/4, 2/3 ]", "[ 1/3, 2/3 ]", "[ 1/4, 2/3 ]"},
		{"[ 1/3, 2/3 ]", "[ 1/4, 2/3 ]", "[ 1/4, 2/3 ]"},
		{"[ 1/4, 2/3 ]", "[ 1/5, 1/2 ]", "[ 1/5, 2/3 ]"},
		{"[ 1/5, 1/2 ]", "[ 1/4, 2/3 ]", "[ 1/5, 2/3 ]"},
		{"[ 1/4, 2/3 ]", "[ 4/2, 5/2 ]", ""},
		{"1", "2", "{ 1, 2 }"},
		{"{ 1, 2 }", "3", "{ 1, 2, 3 }"},
		{"(int/uniquelist){1, 2, 3}", "(int/uniquelist){2, 4, 1}", "(int/uniquelist){1, 2, 3, 4}"},
		{"ffd81d:0ffff0", "0fd81f:0ffff0", "0fd810:0ffff0"},
		{"ff001d:0ffff0", "4fd81f:f00000", "4f001d:fffff0"},
	}
	for _, c := range cases {
		a, b := mustValue(t, c.a), mustValue(t, c.b)
		r, ok := ValueUnion(a, b)
		if c.want == "" {
			if ok {
				t.Errorf("%s ∪ %s = %#v, want failure", c.a, c.b, r)
			}
			continue
		}
		if want := mustValue(t, c.want); !ok || ValueCompare(r, want) != ValueEqual {
			t.Errorf("%s ∪ %s = %#v %v, want %s", c.a, c.b, r, ok, c.want)
		}
	}
}

func TestValueSubtract(t *testing.T) {
	cases := []struct {
		a, b string
		want string // "" = empty
	}{
		// int <-> int
		{"10", "20", "10"},
		{"10", "10", ""},
		// int <-> int range
		{"10", "[ 0, 20 ]", ""},
		{"[ 0, 20 ]", "10", "{ [ 0, 9 ], [ 11, 20 ] }"},
		{"10", "[ 10, 20 ]", ""},
		{"[ 10, 20 ]", "10", "[ 11, 20 ]"},
		{"20", "[ 10, 20 ]", ""},
		{"[ 10, 20 ]", "20", "[ 10, 19 ]"},
		{"0", "[ 10, 20 ]", "0"},
		{"[ 10, 20 ]", "0", "[ 10, 20 ]"},
		{"[ 10, 11 ]", "10", "11"},
		// int range <-> int range
		{"[ 10, 20 ]", "[ 10, 20 ]", ""},
		{"[ 10, 20 ]", "[ 30, 40 ]", "[ 10, 20 ]"},
		{"[ 30, 40 ]", "[ 10, 20 ]", "[ 30, 40 ]"},
		{"[ 10, 20 ]", "[ 10, 30 ]", ""},
		{"[ 10, 30 ]", "[ 10, 20 ]", "[ 21, 30 ]"},
		{"[ 10, 20 ]", "[ 15, 30 ]", "[ 10, 14 ]"},
		{"[ 15, 30 ]", "[ 10, 20 ]", "[ 21, 30 ]"},
		{"[ 10, 30 ]", "[ 15, 20 ]", "{ [ 10, 14 ], [ 21, 30 ] }"},
		{"[ 15, 20 ]", "[ 10, 30 ]", ""},
		{"[ 10, 20 ]", "[ 11, 19 ]", "{ 10, 20 }"},
		// Near G_MAXINT GStreamer's overflow guard also drops G_MAXINT-1;
		// this mirrors gst_value_subtract_int_range_int exactly.
		{"[ 0, 2147483647 ]", "2147483647", "[ 0, 2147483645 ]"},
		// double
		{"10.0", "20.0", "10.0"},
		{"10.0", "10.0", ""},
		{"10.0", "[ 0.0, 20.0 ]", ""},
		{"[ 0.0, 20.0 ]", "10.0", "[ 0.0, 20.0 ]"},
		{"0.0", "[ 10.0, 20.0 ]", "0.0"},
		{"[ 10.0, 20.0 ]", "[ 10.0, 30.0 ]", ""},
		{"[ 10.0, 30.0 ]", "[ 15.0, 20.0 ]", "{ [ 10.0, 15.0 ], [ 20.0, 30.0 ] }"},
		{"[ 10.0, 30.0 ]", "[ 10.0, 20.0 ]", "[ 20.0, 30.0 ]"},
		// fraction
		{"10/1", "20/1", "10/1"},
		{"10/1", "10/1", ""},
		{"1/2", "[ 1/4, 2/3 ]", ""},
		{"1/8", "[ 1/4, 2/3 ]", "1/8"},
		{"[ 1/4, 2/3 ]", "1/2", "[ 1/4, 2/3 ]"},
		{"[ 1/4, 1/2 ]", "[ 1/8, 1/2 ]", ""},
		{"[ 1/8, 1/2 ]", "[ 1/4, 1/3 ]", "{ [ 1/8, 1/4 ], [ 1/3, 1/2 ] }"},
		// lists
		{"{ 15/2, 5/1 }", "{ 15/1, 5/1 }", "15/2"},
		{"{ 15/1, 5/1 }", "{ 15/2, 5/1 }", "15/1"},
		{"{ 1, 2, 3 }", "2", "{ 1, 3 }"},
		{"3", "{ 1, 2 }", "3"},
		{"(/uniquelist){ 2 }", "(/uniquelist){ 2 }", ""},
		{"(/uniquelist){ 2 }", "(/uniquelist){ 1 }", "(/uniquelist){ 2 }"},
		{"(/uniquelist){ 1, 2 }", "(/uniquelist){ 2, 1 }", ""},
		{"(/uniquelist){ 1, 2 }", "(/uniquelist){ 1 }", "(/uniquelist){ 2 }"},
	}
	for _, c := range cases {
		a, b := mustValue(t, c.a), mustValue(t, c.b)
		r, ok := ValueSubtract(a, b)
		if c.want == "" {
			if ok {
				t.Errorf("%s - %s = %#v, want empty", c.a, c.b, r)
			}
			continue
		}
		if want := mustValue(t, c.want); !ok || ValueCompare(r, want) != ValueEqual {
			t.Errorf("%s - %s = %#v %v, want %s", c.a, c.b, r, ok, c.want)
		}
	}
	// Ordered list result as in test_value_subtract_int.
	r, _ := ValueSubtract(IntRange{0, 20, 0}, 10)
	l, ok := r.(ValueList)
	if !ok || len(l) != 2 || l[0] != (IntRange{0, 9, 0}) || l[1] != (IntRange{11, 20, 0}) {
		t.Errorf("[0,20]-10 = %#v", r)
	}
}

func TestValueIsSubset(t *testing.T) {
	cases := []struct {
		a, b string
		want bool
	}{
		{"1", "1", false},
		{"a", "a", false},
		{"1.0", "1.0", false},
		{"1", "1.0", false},
		{"1", "< 1, 2 >", true},
		{"< 1, 2 >", "1", false},
		{"1", "{ 1, 10, 100 }", true},
		{"2", "{ 1, 10, 100 }", false},
		{"< 1, 1000 >", "< 1, [ 1, 1000 ] >", true},
		{"< 1, 2000 >", "< 1, [ 1, 1000 ] >", false},
		{"< 0, 1000 >", "< 1, [ 1, 1000 ] >", false},
		{"< 1, 10, 100 >", "< 1, [ 8, 12 ], [ 20, 100 ] >", true},
		{"< 1, 13, 100 >", "< 1, [ 8, 12 ], [ 20, 100 ] >", false},
		{"< 1, 1 >", "< [ 0, 100 ], [ 0, 100 ] >", true},
		{"< [ 0, 100 ], [ 0, 100 ] >", "< 1, 1 >", false},
		{"< 1, [ 50, 70 ] >", "< [ 0, 100 ], [ 0, 100 ] >", true},
		{"< [ 0, 100 ], [ 0, 100 ] >", "< 1, [ 50, 70 ] >", false},
		{"1", "< 1, 10, 100 >", true},
		{"2", "< 1, 10, 100 >", false},
		{"< 1, 1 >", "< 1, 1 >", false},
		{"[ 1, 2 ]", "[ 1, 3 ]", true},
		{"[ 1, 3 ]", "[ 1, 3 ]", true},
		{"[ 2, 4, 2 ]", "[ 1, 4 ]", true},
		{"[ 1, 4 ]", "[ 2, 4, 2 ]", false},
		{"1", "[ 1, 2 ]", true},
		{"[ 1, 2 ]", "1", false},
		{"{ 1, 3 }", "{ 1, 2 }", false},
		{"{ 1, 2 }", "{ 1, 2, 3 }", true},
		{"(/uniquelist){ 1 }", "(/uniquelist){ 1, 2 }", true},
		{"1/2", "[ 1/4, 2/3 ]", true},
	}
	for _, c := range cases {
		if got := ValueIsSubset(mustValue(t, c.a), mustValue(t, c.b)); got != c.want {
			t.Errorf("ValueIsSubset(%s, %s) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}

func TestUniqueListConcat(t *testing.T) {
	set := mustValueTyped(t, "(int/uniquelist){1, 2, 3}", "uniquelist")
	if r := uniqueListConcat(set, 1); ValueCompare(r, set) != ValueEqual {
		t.Errorf("concat dup = %v", r)
	}
	if r := uniqueListConcat(1, set); ValueCompare(r, set) != ValueEqual {
		t.Errorf("concat dup = %v", r)
	}
	exp := mustValueTyped(t, "(int/uniquelist){1, 2, 3, 4}", "uniquelist")
	if r := uniqueListConcat(set, 4); len(r) != 4 || ValueCompare(r, exp) != ValueEqual {
		t.Errorf("concat 4 = %v", r)
	}
	if r := uniqueListConcat(set, mustValue(t, "(int/uniquelist){2, 4, 1}")); ValueCompare(r, exp) != ValueEqual {
		t.Errorf("concat sets = %v", r)
	}
}

func TestFixedAndFixate(t *testing.T) {
	cases := []struct {
		in       string
		fixed    bool
		fixated  string // "" = cannot fixate
		typeHint string
	}{
		{"1", true, "", ""},
		{"[ 1, 5 ]", false, "1", ""},
		{"[ 1.5, 5.0 ]", false, "1.5", ""},
		{"[ 1/4, 2/3 ]", false, "1/4", ""},
		{"{ [ 3, 6 ], 2 }", false, "3", ""},
		{"< 0, [ 5, 2147483647 ] >", false, "< 0, 5 >", ""},
		{"< 0, 5 >", true, "", ""},
		{"(/uniquelist){ 1, [ 2, 3 ] }", false, "(/uniquelist){ 1, 2 }", ""},
		{"f1f1:ffffffff", true, "", ""},
		{"f1f1:ffff", false, "f1f1:ffffffff", ""},
	}
	for _, c := range cases {
		v := mustValue(t, c.in)
		if ValueIsFixed(v) != c.fixed {
			t.Errorf("ValueIsFixed(%s) = %v", c.in, !c.fixed)
		}
		f, ok := ValueFixate(v)
		if c.fixated == "" {
			if ok {
				t.Errorf("ValueFixate(%s) = %#v", c.in, f)
			}
			continue
		}
		if want := mustValue(t, c.fixated); !ok || ValueCompare(f, want) != ValueEqual {
			t.Errorf("ValueFixate(%s) = %#v %v, want %s", c.in, f, ok, c.fixated)
		}
	}
	// test_structure_single_ops
	for in, fixed := range map[string]bool{"foo,bar=(int)1": true, "foo,bar=(int)[1,2]": false} {
		s, err := ParseStructure(in)
		if err != nil {
			t.Fatal(err)
		}
		if ValueIsFixed(s) != fixed {
			t.Errorf("structure %s fixed = %v", in, !fixed)
		}
		if f, ok := ValueFixate(s); !ok || !ValueIsFixed(f) {
			t.Errorf("structure %s fixate = %v %v", in, f, ok)
		}
	}
}

func TestStructureValueOps(t *testing.T) {
	cases := []struct {
		s1, s2, op string
		ret        any
	}{
		{"foo,bar=(int)1", "foo,bar=(int)1", "compare", ValueEqual},
		{"foo,bar=(int)1", "foo,bar=(int)1", "is_subset", true},
		{"foo,bar=(int)1", "foo,bar=(int)1", "intersect", true},
		{"foo,bar=(int)1", "foo,bar=(int)1", "union", true},
		{"foo,bar=(int)[1,2]", "foo,bar=(int)1", "compare", ValueUnordered},
		{"foo,bar=(int)[1,2]", "foo,bar=(int)1", "is_subset", false},
		{"foo,bar=(int)[1,2]", "foo,bar=(int)1", "intersect", true},
		{"foo,bar=(int)[1,2]", "foo,bar=(int)1", "union", true},
		{"foo,bar=(int)1", "foo,bar=(int)[1,2]", "compare", ValueUnordered},
		{"foo,bar=(int)1", "foo,bar=(int)[1,2]", "is_subset", true},
		{"foo,bar=(int)1", "foo,bar=(int)[1,2]", "intersect", true},
		{"foo,bar=(int)1", "foo,bar=(int)[1,2]", "union", true},
		{"foo,bar=(int)1", "foo,bar=(int)2", "compare", ValueUnordered},
		{"foo,bar=(int)1", "foo,bar=(int)2", "is_subset", false},
		{"foo,bar=(int)1", "foo,bar=(int)2", "intersect", false},
		{"foo,bar=(int)1", "foo,bar=(int)2", "union", true},
		{"foo,bar=(int)1", "baz,bar=(int)1", "compare", ValueUnordered},
		{"foo,bar=(int)1", "baz,bar=(int)1", "is_subset", false},
		{"foo,bar=(int)1", "baz,bar=(int)1", "intersect", false},
		{"foo,bar=(int)1", "baz,bar=(int)1", "union", true},
	}
	for _, c := range cases {
		s1, err1 := ParseStructure(c.s1)
		s2, err2 := ParseStructure(c.s2)
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		var got any
		var res any
		switch c.op {
		case "compare":
			got = ValueCompare(s1, s2)
		case "is_subset":
			got = ValueIsSubset(s1, s2)
		case "intersect":
			res, got = ValueIntersect(s1, s2)
		case "union":
			res, got = ValueUnion(s1, s2)
		}
		if got != c.ret {
			t.Errorf("%s %s %s = %v, want %v", c.s1, c.op, c.s2, got, c.ret)
		}
		if res != nil {
			str := serial(t, res)
			back, err := ValueDeserialize(str, ValueTypeName(res))
			if err != nil || ValueCompare(back, res) != ValueEqual {
				t.Errorf("%s %s %s: round trip of %q failed: %v", c.s1, c.op, c.s2, str, err)
			}
		}
	}
	if !ValueCanIntersect(NewStructure("foo"), NewStructure("foo")) {
		t.Error("structures cannot intersect")
	}
}

func TestDeserializeLists(t *testing.T) {
	sizes := map[string]int{"{ test, }": 1, "{ , }": 0, "{ test,, }": -1, "{ , , }": -1}
	for in, n := range sizes {
		v, err := ValueDeserialize(in, "list")
		if n < 0 {
			if err == nil {
				t.Errorf("%q deserialized to %#v", in, v)
			}
			continue
		}
		if err != nil || len(v.(ValueList)) != n {
			t.Errorf("%q = %#v %v", in, v, err)
		}
	}
	for _, in := range []string{"(/uniquelist){ test }", "(string/uniquelist){ test }",
		"(caps/uniquelist){ [s-name, sf-1=1] }", "(caps/uniquelist){ [s-name, sf-1=1;s-name, sf-1=2] }"} {
		if _, err := ValueDeserialize(in, "uniquelist"); err != nil {
			t.Errorf("%q: %v", in, err)
		}
	}
	if _, err := ValueDeserialize("{ test }", "list"); err != nil {
		t.Error(err)
	}
	v := mustValueTyped(t, serial(t, ValueArray{ValueArray{1.0, 0.0}}), "array")
	if ValueCompare(v, ValueArray{ValueArray{1.0, 0.0}}) != ValueEqual {
		t.Errorf("nested array = %#v", v)
	}
	strv := mustValueTyped(t, "a,b", "GStrv").([]string)
	if len(strv) != 2 || strv[0] != "a" || strv[1] != "b" {
		t.Errorf("strv %#v", strv)
	}
}

func TestValueTypeName(t *testing.T) {
	cases := map[string]any{"int": 1, "uint": uint(1), "gint64": int64(1), "guint64": uint64(1),
		"double": 1.0, "float": float32(1), "boolean": true, "string": "", "fraction": Fraction{1, 1},
		"GstIntRange": IntRange{}, "list": ValueList{}, "array": ValueArray{}, "flagset": FlagSet{},
		"bitmask": Bitmask(0), "structure": NewStructure("a"), "caps": NewCapsAny(), "buffer": NewBufferWrapped(nil)}
	for want, v := range cases {
		if got := ValueTypeName(v); got != want {
			t.Errorf("ValueTypeName(%#v) = %q, want %q", v, got, want)
		}
	}
	if !strings.Contains(ValueTypeName(struct{}{}), "struct") {
		t.Error("unknown type name")
	}
}
