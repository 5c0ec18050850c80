package gst

import (
	"errors"
	"math"
	"strings"
	"testing"
)

// Cases in this file are ported from GStreamer's tests/check/gst/gststructure.c
// (and the structure parts of gstvalue.c).

func mustStructure(t *testing.T, s string) *Structure {
	t.Helper()
	st, err := ParseStructure(s)
	if err != nil {
		t.Fatalf("ParseStructure(%q): %v", s, err)
	}
	return st
}

func TestStructureFromStringInt(t *testing.T) {
	cases := []struct {
		in   string
		want int
	}{
		{"video/x-raw, width = (int) 123456", 123456},
		{"video/x-raw, stride = (int) -123456", -123456},
		{"video/x-raw, red_mask = (int) 0xFFFF", 0xFFFF},
		{"video/x-raw, red_mask = (int) 0x0000FFFF", 0xFFFF},
		{"video/x-raw, red_mask = (int) 0x7FFFFFFF", 0x7FFFFFFF},
		{"video/x-raw, red_mask = (int) 0x80000000", math.MinInt32},
		{"video/x-raw, red_mask = (int) 0xFF000000", -16777216},
		{"video/x-raw,\\ red_mask=(int)0xFF000000", -16777216},
	}
	for _, c := range cases {
		s := mustStructure(t, c.in)
		v, ok := s.Int(s.NthFieldName(0))
		if !ok || v != c.want {
			t.Errorf("%q: %d %v, want %d", c.in, v, ok, c.want)
		}
	}
	ucases := []struct {
		in   string
		want uint
	}{
		{"taglist, bar = (uint) 123456", 123456},
		{"taglist, bar = (uint) 0xFFFF", 0xFFFF},
		{"taglist, bar = (uint) 0x0000FFFF", 0xFFFF},
		{"taglist, bar = (uint) 0x7FFFFFFF", 0x7FFFFFFF},
		{"taglist, bar = (uint) 0x80000000", 0x80000000},
		{"taglist, bar = (uint) 0xFF000000", 0xFF000000},
	}
	for _, c := range ucases {
		s := mustStructure(t, c.in)
		v, ok := s.Uint("bar")
		if !ok || v != c.want {
			t.Errorf("%q: %d %v, want %d", c.in, v, ok, c.want)
		}
	}
}

func TestStructureFromString(t *testing.T) {
	typed := []struct {
		in, field, typ string
	}{
		{"test-string,value=1", "value", "int"},
		{"test-string,value=1.0", "value", "double"},
		{"test-string,value=1/1", "value", "fraction"},
		{"test-string,value=bar", "value", "string"},
		{"test-string,value=true", "value", "boolean"},
		{"test-string,value=true,", "value", "boolean"},
		{"test-string,value=true,;", "value", "boolean"},
		{"foobar,value=0010:ffff", "value", "flagset"},
		{"foobar,value=0010:ffff:+random+other/not-the-other", "value", "flagset"},
		{"foobar,timecode=00:01:00:00", "timecode", "string"},
		{`foo/bar, value="raven \"nevermore\""`, "value", "string"},
		{`foo/bar, value=(string)"raven \"nevermore\""`, "value", "string"},
		{"foo*bar, value=*:6", "value", "string"},
		{`test, v="2"`, "v", "int"},
		{"test, r=[ 1, 2147483647 ]", "r", "GstIntRange"},
		{"test, r=(gint64)[ 1, 2147483647 ]", "r", "GstInt64Range"},
		{"test, l={ a, b }", "l", "list"},
		{"test, l=< 1, 2 >", "l", "array"},
	}
	for _, c := range typed {
		s := mustStructure(t, c.in)
		v, ok := s.Value(c.field)
		if !ok || ValueTypeName(v) != c.typ {
			t.Errorf("%q: %s = %#v, want type %s", c.in, c.field, v, c.typ)
		}
	}
	if b, ok := mustStructure(t, "test-string,value=true").Bool("value"); !ok || !b {
		t.Error("bool value")
	}
	if v, _ := mustStructure(t, `foo/bar, value="raven \"nevermore\""`).StringField("value"); v != `raven "nevermore"` {
		t.Errorf("escaped string %q", v)
	}
	for _, ok := range []string{"test-string,", "test-string,;", "foo/bar; other random data", "name"} {
		if _, err := ParseStructure(ok); err != nil {
			t.Errorf("%q: %v", ok, err)
		}
	}
	for _, bad := range []string{
		"test-string,value=true,,",
		"0.10:decoder-video/mpeg, abc=(boolean)false",
		"foo!bar, abc=(boolean)false",
		"foo,test=\"foobar\\",
		"\\",
		"foobar,test\\",
		"foobar,test=(string)foo\\",
		"",
		"1st",
		"test, range=[ 1, 2147483648 ]",
		"test, range=[ 2147483647, 9223372036854775808 ]",
		"test, range=[0, 1, -1]", "test, range=[1, 2, 2]", "test, range=[2, 3, 2]",
		"test, range=[0, 0, 0]", "test, range=[0, 0, 1]", "test, range=[1, 2, 0]", "test, range=[1, 1, 1]",
		"test, v=(nosuchtype)1",
		"test, v=(int)abc",
		"test, ptr=(gpointer)NULL",
	} {
		if s, err := ParseStructure(bad); err == nil {
			t.Errorf("%q parsed to %v", bad, s)
		}
	}
	for _, good := range []string{"[0, 1, 1]", "[-2, 2, 2]", "[16, 4096, 16]"} {
		if _, err := ParseStructure("foo/bar, range=" + good); err != nil {
			t.Errorf("range %s: %v", good, err)
		}
	}
}

func TestStructureToString(t *testing.T) {
	st := NewStructureSimple("FooBar-123/0_1", "num", 9173, "string", "Something Like Face/Off")
	if got, want := st.String(), `FooBar-123/0_1, num=(int)9173, string=(string)"Something\ Like\ Face/Off";`; got != want {
		t.Errorf("String = %q, want %q", got, want)
	}
	st2 := mustStructure(t, st.String())
	if !st.IsEqual(st2) {
		t.Errorf("round trip %v", st2)
	}
	// Empty and "NULL" strings survive a round trip.
	st = NewStructureSimple("RandomStructure", "prop1", "foo", "prop2", "", "prop4", "NULL")
	if !st.IsEqual(mustStructure(t, st.String())) {
		t.Errorf("string properties: %s", st)
	}
	if got := mustStructure(t, "test, mynullstr=(string)NULL;").String(); got != `test, mynullstr=(string)"";` {
		t.Errorf("NULL string: %s", got)
	}
	for _, name := range []string{"Foo\nwith-newline", "Foo with whitespace", "1st", ""} {
		if ValidateStructureName(name) == nil {
			t.Errorf("name %q accepted", name)
		}
	}
	// Unsupported values: String writes NULL, Serialize fails.
	st = NewStructureSimple("test", "ptr", struct{}{})
	if got := st.String(); got != "test, ptr=(struct {})NULL;" {
		t.Errorf("unsupported String = %q", got)
	}
	if _, err := st.Serialize(SerializeFlagNone); !errors.Is(err, ErrNotSerializable) {
		t.Errorf("unsupported Serialize err = %v", err)
	}
	if _, err := ParseStructure(st.String()); err == nil {
		t.Error("unsupported value parsed back")
	}
}

func TestStructureNew(t *testing.T) {
	s := NewStructureSimple("name", "key", "value", "bool", true, "fraction", NewFraction(1, 5),
		"clocktime", ClockTimeNone, "uint64", uint64(1234))
	if _, ok := s.Value("unknown"); ok {
		t.Error("unknown field")
	}
	s.SetName("newname")
	if !s.HasName("newname") || s.Name() != "newname" {
		t.Error("SetName")
	}
	if v, _ := s.StringField("key"); v != "value" || !s.HasField("key") || s.NFields() != 5 {
		t.Error("key")
	}
	s.Remove("key")
	if _, ok := s.StringField("key"); ok || s.HasField("key") || s.NFields() != 4 {
		t.Error("Remove")
	}
	if b, ok := s.Bool("bool"); !ok || !b {
		t.Error("bool")
	}
	if f, ok := s.Fraction("fraction"); !ok || f != (Fraction{1, 5}) {
		t.Error("fraction")
	}
	if ct, ok := s.ClockTime("clocktime"); !ok || ct != ClockTimeNone {
		t.Error("clocktime")
	}
	if u, ok := s.Uint64("uint64"); !ok || u != 1234 {
		t.Error("uint64")
	}
	if _, ok := s.Int("bool"); ok {
		t.Error("typed getter accepted wrong type")
	}
	s.Set("fraction", Fraction{60, 2})
	if f, _ := s.Fraction("fraction"); f != (Fraction{30, 1}) {
		t.Errorf("fraction not reduced: %v", f)
	}
	if s.NthFieldName(1) != "fraction" || s.NthFieldName(9) != "" {
		t.Error("field order")
	}
}

func TestStructureFixate(t *testing.T) {
	s := NewStructureSimple("name", "int", 5, "intrange", IntRange{10, 20, 0},
		"intrange2", IntRange{10, 20, 0}, "intrange3", IntRange{10, 20, 0})
	if s.FixateFieldNearestInt("int", 5) {
		t.Error("fixed int fixated")
	}
	if !s.FixateFieldNearestInt("intrange", 15) || s.FixateFieldNearestInt("intrange", 15) {
		t.Error("intrange")
	}
	check := func(field string, want int) {
		t.Helper()
		if v, ok := s.Int(field); !ok || v != want {
			t.Errorf("%s = %d %v, want %d", field, v, ok, want)
		}
	}
	check("intrange", 15)
	s.FixateFieldNearestInt("intrange2", 5)
	check("intrange2", 10)
	s.FixateFieldNearestInt("intrange3", 25)
	check("intrange3", 20)

	s = NewStructureSimple("name", "r1", IntRange{10, 20, 5}, "r2", IntRange{10, 20, 5}, "r3", IntRange{10, 20, 5})
	for f, target := range map[string]int{"r1": 15, "r2": 12, "r3": 13} {
		if !s.FixateFieldNearestInt(f, target) {
			t.Errorf("%s not fixated", f)
		}
	}
	check("r1", 15)
	check("r2", 10)
	check("r3", 15)
	if s.FixateFieldNearestInt("missing", 1) {
		t.Error("missing field fixated")
	}

	s = NewStructureSimple("name", "frac", ValueList{Fraction{30, 1}, Fraction{15, 1}, Fraction{10, 1}})
	s2 := s.Copy()
	if !s.FixateFieldNearestFraction("frac", Fraction{14, 1}) {
		t.Error("frac list")
	}
	if f, _ := s.Fraction("frac"); f != (Fraction{15, 1}) {
		t.Errorf("frac = %v", f)
	}
	s2.FixateFieldNearestFraction("frac", Fraction{math.MaxInt32, 1})
	if f, _ := s2.Fraction("frac"); f != (Fraction{30, 1}) {
		t.Errorf("frac = %v", f)
	}
	s = NewStructureSimple("n", "fr", FractionRange{Fraction{1, 100}, Fraction{100, 1}})
	s.FixateFieldNearestFraction("fr", Fraction{30, 1})
	if f, _ := s.Fraction("fr"); f != (Fraction{30, 1}) {
		t.Errorf("fraction range fixate = %v", f)
	}
	s = NewStructureSimple("n", "fr", FractionRange{Fraction{1, 100}, Fraction{100, 1}})
	s.FixateFieldNearestFraction("fr", Fraction{1000, 1})
	if f, _ := s.Fraction("fr"); f != (Fraction{100, 1}) {
		t.Errorf("fraction range fixate max = %v", f)
	}

	s = NewStructureSimple("n", "b", ValueList{false, true}, "s", ValueList{"a", "b"}, "d", DoubleRange{1, 2})
	if !s.FixateFieldBool("b", true) || !s.FixateFieldString("s", "b") || !s.FixateFieldNearestDouble("d", 5) {
		t.Error("fixate bool/string/double")
	}
	if v, _ := s.Bool("b"); !v {
		t.Error("bool")
	}
	if v, _ := s.StringField("s"); v != "b" {
		t.Error("string")
	}
	if v, _ := s.Double("d"); v != 2 {
		t.Error("double")
	}

	s = mustStructure(t, "video/x-raw, format={ I420, YV12 }, width=[ 16, 4096 ], framerate=(fraction)[ 1/100, 100 ], a=< 0, [ 5, 9 ] >")
	if s.IsFixed() {
		t.Error("IsFixed")
	}
	s.Fixate()
	if got := s.String(); got != "video/x-raw, format=(string)I420, width=(int)16, framerate=(fraction)1/100, a=(int)< 0, 5 >;" {
		t.Errorf("Fixate = %s", got)
	}
}

func TestStructureSubset(t *testing.T) {
	cases := []struct {
		a, b string
		want bool
	}{
		{"test/test, channels=(int){ 1, 2 }", "test/test, channels=(int)[ 1, 2 ]", true},
		{"test/test, channels=(int)1", "test/baz, channels=(int)1", false},
		{"test/test, channels=(int)1, rate=(int)1", "test/test, channels=(int)1", true},
		{"test/test, channels=(int)1", "test/test, channels=(int)1, rate=(int)1", false},
		{"test/test, channels=(int)1", "test/test, channels=(int)[ 1, 2 ]", true},
	}
	for _, c := range cases {
		if got := mustStructure(t, c.a).IsSubset(mustStructure(t, c.b)); got != c.want {
			t.Errorf("%s ⊂ %s = %v", c.a, c.b, got)
		}
	}
}

func TestStructureIntersect(t *testing.T) {
	a := mustStructure(t, "video/x-raw, format=(string){ I420, YV12 }, width=[ 1, 100 ]")
	b := mustStructure(t, "video/x-raw, height=5, width=[ 50, 200 ], format=YV12")
	got := a.Intersect(b)
	if got == nil || got.String() != "video/x-raw, format=(string)YV12, width=(int)[ 50, 100 ], height=(int)5;" {
		t.Errorf("Intersect = %v", got)
	}
	if !a.CanIntersect(b) {
		t.Error("CanIntersect")
	}
	c := mustStructure(t, "video/x-raw, width=300")
	if a.Intersect(c) != nil || a.CanIntersect(c) {
		t.Error("disjoint intersect")
	}
	if a.Intersect(mustStructure(t, "audio/x-raw")) != nil {
		t.Error("different names intersect")
	}
}

func TestStructureNested(t *testing.T) {
	sc1 := NewStructureSimple("Camera", "XResolution", 72, "YResolution", 73)
	sc2 := NewStructureSimple("Image-Data", "Orientation", "top-left", "Comment", "super photo")
	sp := NewStructureSimple("Exif", "Camera", sc1, "Image Data", sc2)
	want := `Exif, Camera=(structure)"Camera\,\ XResolution\=\(int\)72\,\ YResolution\=\(int\)73\;", ` +
		`Image Data=(structure)"Image-Data\,\ Orientation\=\(string\)top-left\,\ Comment\=\(string\)\"super\\\ photo\"\;";`
	if got := sp.String(); got != want {
		t.Errorf("nested String:\n got %s\nwant %s", got, want)
	}

	str1 := `main, main-sub1=(structure)"type-b\,\ machine-type\=\(int\)0\;", ` +
		`main-sub2=(structure)"type-a\,\ plugin-filename\=\(string\)\"/home/user/lib/lib\\\ with\\\ spaces.dll\"\,\ machine-type\=\(int\)1\;", ` +
		`main-sub3=(structure)"type-b\,\ plugin-filename\=\(string\)/home/user/lib/lib_no_spaces.so\,\ machine-type\=\(int\)1\;";`
	s := mustStructure(t, str1)
	if s.NFields() != 3 {
		t.Fatalf("fields %d", s.NFields())
	}
	if _, ok := s.StructureField("main-sub1"); !ok {
		t.Error("main-sub1 not a structure")
	}
	if got := s.String(); got != str1 {
		t.Errorf("nested round trip:\n got %s\nwant %s", got, str1)
	}

	str2 := "main, main-sub1=(structure)[type-b, machine-type=(int)0;], " +
		`main-sub2=(structure)[type-a, plugin-filename=(string)"/home/user/lib/lib\ with\ spaces.dll", machine-type=(int)1;], ` +
		"main-sub3=(structure)[type-b, plugin-filename=(string)/home/user/lib/lib_no_spaces.so, machine-type=(int)1;], " +
		"main-sub4=(structure){ [s1, a=(int)1;], [s2, b=(int)2;] };"
	s = mustStructure(t, str2)
	if s.NFields() != 4 {
		t.Fatalf("fields %d", s.NFields())
	}
	if got, err := s.Serialize(SerializeFlagNone); err != nil || got != str2 {
		t.Errorf("Serialize:\n got %s\nwant %s (%v)", got, str2, err)
	}
}

func TestStructureNestedRoundTrip(t *testing.T) {
	cases := []struct {
		in         string
		fail       bool
		pathToBool []string
		subcaps    string
	}{
		{in: "s, substruct=[sub, is-deepest=true]", pathToBool: []string{"substruct"}},
		{in: "s, substruct=(structure) [sub, is-deepest=true]", pathToBool: []string{"substruct"}},
		{in: "s, substruct=[sub, is-substruct=true, subsubstruct=[subsub, is-deepest=true]]", pathToBool: []string{"substruct", "subsubstruct"}},
		{in: "s, substruct=[sub, is-substruct=true, subsubstruct=[subsub, subsubsubstruct=[subsubsub, is-deepest=true]]]",
			pathToBool: []string{"substruct", "subsubstruct", "subsubsubstruct"}},
		{in: `s, substruct=[sub, an-array={a, b}, subsubstruct=[subsub, a-range=[1,2], a-string="this is a \"string\""]]`},
		{in: "s, sub-caps=[nested-caps(some:Feature), is-caps=true; second, caps-structure=true]",
			subcaps: "nested-caps(some:Feature), is-caps=true; second, caps-structure=true"},
		{in: "s, sub-caps=[nested-caps(some:Feature)]", subcaps: "nested-caps(some:Feature)"},
		{in: "s, array=(structure){[struct, n=1], [struct, n=2]}"},
		{in: "s, substruct=[sub, is-substruct=true", fail: true},
		{in: `s, substruct=[sub, is-substruct=true, sub="yes]`, fail: true},
		{in: "s, substruct=[sub, a-broken-string=$broken]", fail: true},
		{in: "s, sub-caps=(int)[nested-caps(some:Feature)]", fail: true},
	}
	for _, c := range cases {
		s, err := ParseStructure(c.in)
		if c.fail {
			if err == nil {
				t.Errorf("%q parsed to %v", c.in, s)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", c.in, err)
			continue
		}
		s2 := mustStructure(t, s.String())
		if !s.IsEqual(s2) {
			t.Errorf("%q: round trip via %q differs", c.in, s.String())
		}
		if c.pathToBool != nil {
			cur := s
			for _, p := range c.pathToBool {
				next, ok := cur.StructureField(p)
				if !ok {
					t.Fatalf("%q: no structure %q in %s", c.in, p, cur)
				}
				cur = next
			}
			if b, ok := cur.Bool("is-deepest"); !ok || !b {
				t.Errorf("%q: is-deepest missing", c.in)
			}
		}
		if c.subcaps != "" {
			sub, ok := s.Caps("sub-caps")
			if !ok || !sub.IsEqual(mustCaps(t, c.subcaps)) {
				t.Errorf("%q: sub-caps = %v", c.in, sub)
			}
		}
		s3 := mustStructure(t, s2.String())
		if !s.IsEqual(s3) {
			t.Errorf("%q: second round trip differs", c.in)
		}
	}
}

func TestStructureForEachAndMap(t *testing.T) {
	s := NewStructureSimple("foo/bar", "baz", 1, "bla", 3)
	sum := 0
	if !s.ForEach(func(_ string, v any) bool {
		if i, ok := v.(int); ok {
			sum += i
		}
		return true
	}) || sum != 4 {
		t.Errorf("ForEach sum %d", sum)
	}
	s.MapInPlace(func(_ string, v any) (any, bool) {
		if _, ok := v.(int); ok {
			return 123, true
		}
		return v, true
	})
	if !s.IsEqual(NewStructureSimple("foo/bar", "baz", 123, "bla", 123)) {
		t.Errorf("MapInPlace: %s", s)
	}
	s = NewStructureSimple("foo/bar", "baz", 1, "bla", 3)
	s.FilterAndMapInPlace(func(name string, v any) (any, bool) {
		if name == "bla" {
			return nil, false
		}
		return 2, true
	})
	if !s.IsEqual(NewStructureSimple("foo/bar", "baz", 2)) {
		t.Errorf("FilterAndMapInPlace: %s", s)
	}
}

func TestStructureContainerMarkerAndStrv(t *testing.T) {
	s := NewStructureSimple("root", "f-set", ValueUniqueList{1, 2})
	if got, _ := s.Serialize(SerializeFlagNone); got != "root, f-set=(/uniquelist){ (int)1, (int)2 };" {
		t.Errorf("uniquelist = %s", got)
	}
	strv := []string{"foo", ` ,<>" `}
	s = NewStructureSimple("test-struct", "strv", strv)
	ser, err := s.Serialize(SerializeFlagNone)
	if err != nil {
		t.Fatal(err)
	}
	back := mustStructure(t, ser)
	v, _ := back.Value("strv")
	got, ok := v.([]string)
	if !ok || len(got) != 2 || got[0] != strv[0] || got[1] != strv[1] {
		t.Errorf("strv via %q = %#v", ser, v)
	}
}

func TestStructureInt64RangeString(t *testing.T) {
	in := "foo/bar, range=(gint64)[ 1, 2147483647 ];"
	s := mustStructure(t, in)
	if s.String() != in {
		t.Errorf("String = %s", s)
	}
	v, _ := s.Value("range")
	if v != (Int64Range{1, math.MaxInt32, 0}) {
		t.Errorf("value %#v", v)
	}
}

// FuzzParseStructure checks that ParseStructure never panics and that the
// string form of whatever it accepts parses back to an equal structure
// with the same string.
func FuzzParseStructure(f *testing.F) {
	for _, s := range []string{
		"video/x-raw, width=(int)320, height=240, framerate=30/1, format=I420",
		"test-string,value=true,;",
		"foobar,value=0010:ffff:+random+other/not-the-other",
		`foo/bar, value=(string)"raven \"nevermore\""`,
		"s, substruct=[sub, is-substruct=true, subsubstruct=[subsub, is-deepest=true]]",
		"s, sub-caps=[nested-caps(some:Feature), is-caps=true; second, caps-structure=true]",
		"main, main-sub4=(structure){ [s1, a=(int)1;], [s2, b=(int)2;] };",
		"root, f-set=(/uniquelist){ (int)1, (int)2 };",
		"foo/bar, range=(gint64)[ 1, 2147483647 ], r2=[ 16, 4096, 16 ], d=[ 0.5, 1e10 ]",
		"a, b=(buffer)abcd, c=(bitmask)0x00ff, d=(guint64)18446744073709551615, e=(double)-inf",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		st, err := ParseStructure(s)
		if err != nil {
			return
		}
		str := st.String()
		st2, err := ParseStructure(str)
		if err != nil {
			t.Fatalf("ParseStructure(%q) ok, but its String %q does not parse: %v", s, str, err)
		}
		if str2 := st2.String(); str2 != str {
			t.Fatalf("unstable string form for %q:\n%q\n%q", s, str, str2)
		}
		if !st.IsEqual(st2) && !strings.Contains(str, "nan") {
			t.Fatalf("round trip of %q via %q not equal", s, str)
		}
		if ser, err := st.Serialize(SerializeFlagNone); err == nil {
			if _, err := ParseStructure(ser); err != nil {
				t.Fatalf("Serialize form %q of %q does not parse: %v", ser, s, err)
			}
		}
		c := st.Copy()
		c.Fixate()
		_ = st.Intersect(st2)
		_ = st.IsSubset(st2)
	})
}
