package gst

import (
	"strings"
	"testing"
)

// Cases in this file are ported from GStreamer's tests/check/gst/gstcaps.c
// and tests/check/gst/capslist.h.

func mustCaps(t *testing.T, s string) *Caps {
	t.Helper()
	c, err := ParseCaps(s)
	if err != nil {
		t.Fatalf("ParseCaps(%q): %v", s, err)
	}
	return c
}

var capsList = []string{
	"audio/x-adpcm, layout=(string)quicktime; audio/x-adpcm, layout=(string)quicktime; audio/x-adpcm, layout=(string)wav; audio/x-adpcm, layout=(string)wav; audio/x-adpcm, layout=(string)dk3; audio/x-adpcm, layout=(string)dk3; audio/x-adpcm, layout=(string)dk4; audio/x-adpcm, layout=(string)dk4; audio/x-adpcm, layout=(string)westwood; audio/x-adpcm, layout=(string)westwood; audio/x-adpcm, layout=(string)smjpeg; audio/x-adpcm, layout=(string)smjpeg; audio/x-adpcm, layout=(string)microsoft; audio/x-adpcm, layout=(string)microsoft; audio/x-adpcm, layout=(string)4xm; audio/x-adpcm, layout=(string)4xm; audio/x-adpcm, layout=(string)xa; audio/x-adpcm, layout=(string)xa; audio/x-adpcm, layout=(string)adx; audio/x-adpcm, layout=(string)adx; audio/x-adpcm, layout=(string)ea; audio/x-adpcm, layout=(string)ea; audio/x-adpcm, layout=(string)g726; audio/x-adpcm, layout=(string)g726",
	"video/x-raw, width=(int)[ 16, 4096 ], height=(int)[ 16, 4096 ], framerate=(double)[ 0, 1.7976931348623157e+308 ], format=(string)I420; video/x-raw, width=(int)[ 16, 4096 ], height=(int)[ 16, 4096 ], framerate=(double)[ 0, 1.7976931348623157e+308 ], format=(string)YUY2; video/x-raw, format=(string)RGB, width=(int)[ 16, 4096 ], height=(int)[ 16, 4096 ], framerate=(double)[ 0, 1.7976931348623157e+308 ]; video/x-raw, format=(string)RGB16 ,width=(int)[ 16, 4096 ], height=(int)[ 16, 4096 ], framerate=(double)[ 0, 1.7976931348623157e+308 ]",
	"video/x-raw, format=(string){ YUY2, I420 }, width=(int)[ 1, 2147483647 ], height=(int)[ 1, 2147483647 ], framerate=(double)[ 0, 1.7976931348623157e+308 ]; video/x-jpeg, width=(int)[ 1, 2147483647 ], height=(int)[ 1, 2147483647 ]; video/x-divx, divxversion=(int)[ 3, 5 ], width=(int)[ 1, 2147483647 ], height=(int)[ 1, 2147483647 ]; video/mpeg, mpegversion=(int)1, systemstream=(boolean)false, width=(int)[ 1, 2147483647 ], height=(int)[ 1, 2147483647 ]; video/x-dv, systemstream=(boolean)false, width=(int)720, height=(int){ 576, 480 }",
	"video/x-raw, format=(string)BGRx, width=(int)[ 16, 4096 ], height=(int)[ 16, 4096 ], framerate=(double)[ 0, 1.7976931348623157e+308 ]",
	"video/x-raw, format=(string){ I420 }, width=(int)[ 16, 4096 ], height=(int)[ 16, 4096 ], framerate=(double)[ 0, 1.7976931348623157e+308 ]",
	"video/x-raw, format=(string) xBGR, framerate = (double) [ 0, max ]",
	"video/x-raw, format=(string) RGBx, framerate = (double) [ 0, max ]",
	"video/x-raw,\\ format=(string) { RGBA, RGBx, BGRx, BGRA, xRGB, xBGR, ARGB, ABGR }",
	"test/gst-fraction, fraction = (fraction) 1/8",
	"test/gst-fraction, fraction = (fraction) MIN",
	"test/gst-fraction, fraction = (fraction) MAX",
	"test/gst-fraction-range, fraction = (fraction) [ 1/4, 1/3 ]",
	"test/gst-fraction-range, fraction = (fraction) [ MIN, MAX ]",
	"test/gst-fraction-range, fraction = (fraction) [ 1/MAX, MAX ]",
	"test/gst-fraction-range, fraction = (fraction) { [ 1/4, 1/3 ], 1/8 }",
	"test/gst-fraction-range, fraction = (fraction) { [ 1/4, 1/3 ], [ 1/8, 2/8 ] }",
	"test/gst-flags,thingy=1f394:00ff8ff",
	"test/gst-flags,thingy=101ffff1f394:fff00ff00ff8ff",
	"video/x-raw, format = (string) { I420, Y42B, Y444 }, framerate = (fraction) [1/MAX, MAX], width = (int) [ 1, MAX ], height = (int) [ 1, MAX ]",
	"caps, nested=(GstCaps)[c1;c2;c3,deeply-nested-field=[deep-structure, test=true]]",
	"ANY",
	"EMPTY",
}

func TestCapsFromString(t *testing.T) {
	for _, s := range capsList {
		c := mustCaps(t, s)
		if !c.IsEqual(c) {
			t.Errorf("%q not equal to itself", s)
		}
		c2 := mustCaps(t, c.String())
		if !c.IsEqual(c2) {
			t.Errorf("%q: String round trip %q differs", s, c.String())
		}
		ser, err := c.Serialize(SerializeFlagNone)
		if err != nil {
			t.Fatal(err)
		}
		if c3 := mustCaps(t, ser); !c.IsEqual(c3) {
			t.Errorf("%q: Serialize round trip %q differs", s, ser)
		}
	}
	for _, bad := range []string{"video/x-raw, width=", "1abc", "video/x-raw(bad feature), a=1", "video/x-raw; ,"} {
		if c, err := ParseCaps(bad); err == nil {
			t.Errorf("%q parsed to %v", bad, c)
		}
	}
	if !mustCaps(t, "NONE").IsEmpty() || !mustCaps(t, "").IsEmpty() {
		t.Error("NONE/empty string")
	}
}

func TestCapsString(t *testing.T) {
	cases := []struct{ in, want string }{
		{"ANY", "ANY"},
		{"EMPTY", "EMPTY"},
		{"video/x-raw, width=320, framerate=30/1", "video/x-raw, width=(int)320, framerate=(fraction)30/1"},
		{"video/x-raw(memory:GLMemory), format=RGBA; video/x-raw", "video/x-raw(memory:GLMemory), format=(string)RGBA; video/x-raw"},
		{"video/x-raw(memory:SystemMemory)", "video/x-raw"},
		{"video/x-raw(ANY)", "video/x-raw(ANY)"},
		{"video/x-raw(memory:VASurface, meta:VAMeta), width=320", "video/x-raw(memory:VASurface, meta:VAMeta), width=(int)320"},
		{"a/b, s=[x, y=1]", "a/b, s=(structure)[x, y=(int)1;]"},
		{"audio/x-raw,channels={1,2};audio/x-raw,channels={1,2,3,4}", "audio/x-raw, channels=(int){ 1, 2 }; audio/x-raw, channels=(int){ 1, 2, 3, 4 }"},
	}
	for _, c := range cases {
		if got := mustCaps(t, c.in).String(); got != c.want {
			t.Errorf("%q: String = %q, want %q", c.in, got, c.want)
		}
	}
	if got := NewCapsSimple("video/x-raw", "width", 320, "height", 240).String(); got != "video/x-raw, width=(int)320, height=(int)240" {
		t.Errorf("NewCapsSimple = %s", got)
	}
	if got, _ := mustCaps(t, "a/b, s=[x, y=1]").Serialize(SerializeFlagNone); got != `a/b, s=(structure)"x\,\ y\=\(int\)1\;"` {
		t.Errorf("Serialize = %s", got)
	}
	var nilCaps *Caps
	if nilCaps.String() != "NULL" {
		t.Error("nil caps String")
	}
}

const nonSimpleCaps = "video/x-raw, format=(string)I420, framerate=(fraction)[ 1/100, 100 ], " +
	"width=(int)[ 16, 4096 ], height=(int)[ 16, 4096 ]; video/x-raw, " +
	"format=(string)YUY2, framerate=(fraction)[ 1/100, 100 ], width=(int)[ 16, 4096 ], " +
	"height=(int)[ 16, 4096 ]; video/x-raw, format=(string)RGB8_PALETTED, " +
	"framerate=(fraction)[ 1/100, 100 ], width=(int)[ 16, 4096 ], " +
	"height=(int)[ 16, 4096 ]; video/x-raw, " +
	"format=(string){ I420, YUY2, YV12 }, width=(int)[ 16, 4096 ], " +
	"height=(int)[ 16, 4096 ], framerate=(fraction)[ 1/100, 100 ]"

func TestCapsSimplify(t *testing.T) {
	c := mustCaps(t, nonSimpleCaps).Simplify()
	if c.Size() != 1 {
		t.Fatalf("Simplify = %s", c)
	}
	s := c.Structure(0)
	f, _ := s.Value("format")
	l, ok := f.(ValueList)
	if !ok || len(l) != 4 {
		t.Fatalf("format = %#v", f)
	}
	for _, want := range []string{"RGB8_PALETTED", "I420", "YUY2", "YV12"} {
		if ValueCompare(l, want) == ValueEqual || !ValueIsSubset(want, l) {
			t.Errorf("format list %v lacks %s", l, want)
		}
	}
	fr, _ := s.Value("framerate")
	if fr != (FractionRange{Fraction{1, 100}, Fraction{100, 1}}) {
		t.Errorf("framerate %#v", fr)
	}
	if w, _ := s.Value("width"); ValueCompare(w, IntRange{16, 4096, 0}) != ValueEqual {
		t.Errorf("width %#v", w)
	}
	// GStreamer keeps the field order of the RGB8_PALETTED structure, which
	// absorbs the others (the order in the upstream test's comment differs).
	if got, want := c.String(), "video/x-raw, format=(string){ RGB8_PALETTED, YV12, YUY2, I420 }, "+
		"framerate=(fraction)[ 1/100, 100/1 ], width=(int)[ 16, 4096 ], height=(int)[ 16, 4096 ]"; got != want {
		t.Errorf("Simplify:\n got %s\nwant %s", got, want)
	}
	if !NewCapsEmpty().Simplify().IsEmpty() || !NewCapsAny().Simplify().IsAny() {
		t.Error("simplify EMPTY/ANY")
	}
	// The input is not modified.
	in := mustCaps(t, nonSimpleCaps)
	in.Simplify()
	if in.Size() != 4 {
		t.Error("Simplify modified its input")
	}
}

func TestCapsTruncateAndFixate(t *testing.T) {
	c := mustCaps(t, nonSimpleCaps)
	if c.Size() != 4 || c.Truncate().Size() != 1 || c.Size() != 4 {
		t.Error("Truncate")
	}
	if !NewCapsEmpty().Truncate().IsEmpty() || !NewCapsAny().Truncate().IsAny() {
		t.Error("Truncate EMPTY/ANY")
	}
	f := c.Fixate()
	if f.Size() != 1 || !f.IsEqual(mustCaps(t, "video/x-raw, format=(string)I420, framerate=(fraction)1/100, width=(int)16, height=(int)16")) {
		t.Errorf("Fixate = %s", f)
	}
	if !f.IsFixed() {
		t.Error("fixated caps not fixed")
	}
	if !NewCapsEmpty().Fixate().IsEmpty() {
		t.Error("Fixate EMPTY")
	}
	f = mustCaps(t, "video/x-raw, tensor = (GstCaps)[tensor/strided, dims=<0, [5, MAX]>]").Fixate()
	if !f.IsEqual(mustCaps(t, "video/x-raw, tensor = (GstCaps)[tensor/strided, dims=<0, 5>]")) {
		t.Errorf("nested Fixate = %s", f)
	}
	f = mustCaps(t, "video/x-raw(ANY), width=[1,2]").Fixate()
	if f.String() != "video/x-raw, width=(int)1" || f.Features(0).IsAny() {
		t.Errorf("Fixate ANY features = %s", f)
	}
}

func TestCapsSubset(t *testing.T) {
	cases := []struct {
		sub, sup string
		want     bool
	}{
		{"video/x-raw, format=(string)YUY2", "video/x-raw; video/x-raw", true},
		{"video/x-raw; video/x-raw", "video/x-raw, format=(string)YUY2", false},
		{"audio/x-raw, channels=(int)1, rate=(int)44100", "audio/x-raw, channels=(int)[ 1, 2 ], rate=(int)44100", true},
		{"audio/x-raw, channels=(int)[ 1, 2 ], rate=(int)44100", "audio/x-raw, channels=(int)1, rate=(int)44100", false},
		{"audio/x-raw, channels=(int)1", "audio/x-raw, channels=(int) {1}", true},
		{"audio/x-raw, channels=(int) {1}", "audio/x-raw, channels=(int)1", true},
		{"audio/x-raw, rate=(int)44100, channels=(int)3, format=(string)U16_LE",
			"audio/x-raw, rate=(int)[ 1, 2147483647 ], channels=(int)[ 1, 2147483647 ], format=(string){ S16_LE, U16_LE }", true},
		{"audio/x-raw, rate=(int)[ 1, 2147483647 ], channels=(int)[ 1, 2147483647 ], format=(string){ S16_LE, U16_LE }",
			"audio/x-raw, rate=(int)44100, channels=(int)3, format=(string)U16_LE", false},
		{"video/x-h264, stream-format=(string)byte-stream, alignment=(string)nal", "video/x-h264, parsed=(boolean)true", false},
		{"video/x-h264, parsed=(boolean)true", "video/x-h264, stream-format=(string)byte-stream, alignment=(string)nal", false},
		{"EMPTY", "video/x-h264, parsed=(boolean)true", true},
		{"video/x-h264, parsed=(boolean)true", "EMPTY", false},
		{"ANY", "video/x-h264, parsed=(boolean)true", false},
		{"video/x-h264, parsed=(boolean)true", "ANY", true},
		{"tensor/strided, dims=<(int)1, (int)11>", "tensor/strided, dims=<(int)[0,1], (int)[10,15]>", true},
		{"tensor/strided, dims=<(int)[0,1], (int)[10,15]>", "tensor/strided, dims=<(int)1, (int)11>", false},
		{"tensor/strided, dims=<(int)1, (int)11>", "tensor/strided, dims=<(int)1, (int)[10,15]>", true},
		{"tensor/strided, dims=<(int)1, (int)[10,15]>", "tensor/strided, dims=<(int)1, (int)11>", false},
		{"tensor/strided, dims=<1, 1000>", "tensor/strided, dims=<(int)[0,1], (int)[1,9999]>", true},
		{"tensor/strided, dims=<1, 1000>", "tensor/strided, dims=<(int)1, (int)[1,9999]>", true},
		// test_subset_duplication
		{"audio/x-raw, format=(string)F32LE", "audio/x-raw, format=(string)F32LE", true},
		{"audio/x-raw, format=(string)F32LE", "audio/x-raw, format=(string){ F32LE }", true},
		{"audio/x-raw, format=(string){ F32LE }", "audio/x-raw, format=(string)F32LE", true},
		{"audio/x-raw, format=(string)F32LE", "audio/x-raw, format=(string){ F32LE, F32LE }", true},
		{"audio/x-raw, format=(string){ F32LE, F32LE }", "audio/x-raw, format=(string)F32LE", true},
		{"audio/x-raw, format=(string){ F32LE, F32LE, F32LE }", "audio/x-raw, format=(string)F32LE", true},
	}
	for _, c := range cases {
		if got := mustCaps(t, c.sub).IsSubset(mustCaps(t, c.sup)); got != c.want {
			t.Errorf("IsSubset(%s, %s) = %v, want %v", c.sub, c.sup, got, c.want)
		}
	}
}

const tensorCapsTmpl = "video/x-raw, width = 10, tensors = (caps/uniquelist) { %s }"

func tensorCaps(t *testing.T, elems ...string) *Caps {
	t.Helper()
	return mustCaps(t, strings.Replace(tensorCapsTmpl, "%s", strings.Join(elems, ", "), 1))
}

func tensor(id, dims string) string {
	return "tensor/strided, tensor-id = " + id + ", dims = <" + dims + ">, dims-order = (string)row-major, type = (string)float32"
}

func TestCapsInSetInCaps(t *testing.T) {
	cases := []struct {
		sub, sup []string
		want     bool
	}{
		{[]string{"[" + tensor("tensor-a", "(int)3") + "]"}, []string{"[" + tensor("tensor-a", "(int)[1, 5]") + "]"}, true},
		{[]string{"[" + tensor("tensor-a", "(int)10") + "]"}, []string{"[" + tensor("tensor-a", "(int)[1, 5]") + "]"}, false},
		{[]string{"[" + tensor("tensor-a", "(int)10") + "]"},
			[]string{"[" + tensor("tensor-a", "(int)[1, 5]") + "; " + tensor("tensor-a", "(int)[5, 15]") + "]"}, true},
		{[]string{"[" + tensor("tensor-a", "(int)10") + "]"}, []string{"[" + tensor("tensor-b", "(int)[1, 15]") + "]"}, false},
		{[]string{"[tensor/strided, dims = <(int)10>, tensor-id = tensor-a, dims-order = (string)row-major, type = (string)float32]"},
			[]string{"[" + tensor("tensor-a", "(int)[1, 15]") + "]"}, true},
		{[]string{"[" + tensor("tensor-a", "(int)10") + "]"},
			[]string{"[" + tensor("tensor-a", "(int)[1, 15]") + "]", "[" + tensor("tensor-b", "(int)[1, 15]") + "]"}, true},
		{[]string{"[" + tensor("tensor-a", "(int)3") + "]", "[" + tensor("tensor-b", "(int)7") + "]"},
			[]string{"[" + tensor("tensor-a", "(int)[1, 5]") + "]", "[" + tensor("tensor-b", "(int)[1, 15]") + "]"}, true},
		{[]string{"[" + tensor("tensor-a", "(int)3") + "]", "[" + tensor("tensor-b", "(int)7") + "]"},
			[]string{"[" + tensor("tensor-a", "(int)[1, 5]") + "]"}, false},
	}
	for i, c := range cases {
		sub, sup := tensorCaps(t, c.sub...), tensorCaps(t, c.sup...)
		if got := sub.IsSubset(sup); got != c.want {
			t.Errorf("case %d: IsSubset = %v, want %v\nsub %s\nsup %s", i, got, c.want, sub, sup)
		}
	}

	// test_intersect_caps_set_in_caps and test_intersect_set
	sub := tensorCaps(t, "["+tensor("tensor-a", "(int)3")+"]")
	for _, sup := range []*Caps{
		tensorCaps(t, "["+tensor("tensor-a", "(int)[1, 5]")+"]"),
		tensorCaps(t, "["+tensor("tensor-a", "(int)[5, 10]")+"; "+tensor("tensor-a", "(int)[1, 5]")+"]"),
		tensorCaps(t, "["+tensor("tensor-a", "(int)[5, 10]")+"]", "["+tensor("tensor-a", "(int)[1, 5]")+"]"),
	} {
		if !sub.CanIntersect(sup) {
			t.Errorf("CanIntersect(%s, %s) false", sub, sup)
		}
		if got := sup.Intersect(sub); !got.IsEqual(sub) {
			t.Errorf("Intersect(%s, %s) = %s", sup, sub, got)
		}
	}

	// test_fixed with a set of caps
	if tensorCaps(t, "["+tensor("tensor-a", "(int)[1, 5]")+"]").IsFixed() {
		t.Error("unfixed set fixed")
	}
	if !tensorCaps(t, "["+tensor("tensor-a", "(int)1")+"]").IsFixed() {
		t.Error("fixed set not fixed")
	}
}

func TestCapsMerge(t *testing.T) {
	cases := []struct {
		c2, c1 string // Merge(c2, c1) like gst_caps_merge (c2, c1)
		size   int
		want   string
	}{
		{"ANY", "audio/x-raw,rate=44100", 0, "ANY"},
		{"audio/x-raw,rate=44100", "ANY", 0, "ANY"},
		{"EMPTY", "audio/x-raw,rate=44100", 1, "audio/x-raw,rate=44100"},
		{"audio/x-raw,rate=44100", "EMPTY", 1, "audio/x-raw,rate=44100"},
		{"audio/x-raw,rate=44100,channels=1", "audio/x-raw,rate=44100,channels=1", 1, "audio/x-raw,rate=44100,channels=1"},
		{"audio/x-raw,channels=1,rate=44100", "audio/x-raw,rate=44100,channels=1", 1, ""},
		{"video/x-foo, data=(buffer)AABB", "video/x-foo, data=(buffer)AA", 2, ""},
		{"video/x-foo, data=(buffer)AA", "video/x-foo, data=(buffer)AABB", 2, ""},
		{"video/x-foo, data=(buffer)AA", "video/x-foo, data=(buffer)AA", 1, ""},
		{"video/x-bar, data=(buffer)AA", "video/x-foo, data=(buffer)AA", 2, ""},
		{"audio/x-raw,channels=[1,2]", "audio/x-raw,channels=1", 1, "audio/x-raw,channels=[1,2]"},
		{"audio/x-raw,channels=1,rate=44100", "audio/x-raw,channels=[1,2],rate=44100", 2, "audio/x-raw,channels=[1,2],rate=44100"},
		{"audio/x-raw,channels=[1,3]", "audio/x-raw,channels=[1,2]", 1, "audio/x-raw,channels=[1,3]"},
		{"audio/x-raw,channels=[1,4]", "audio/x-raw,channels=[1,2]", 1, "audio/x-raw,channels=[1,4]"},
		{"audio/x-raw,channels=[1,4]", "audio/x-raw,channels=[2,4]", 1, "audio/x-raw,channels=[1,4]"},
		{"audio/x-raw,channels=[1,4]", "audio/x-raw,channels=[2,3]", 1, "audio/x-raw,channels=[1,4]"},
		{"audio/x-raw,channels=[2,3]", "audio/x-raw,channels=[1,4]", 2, "audio/x-raw,channels=[2,3];audio/x-raw,channels=[1,4]"},
		{"audio/x-raw,channels=[1,2]", "audio/x-raw,channels=[1,3]", 2, "audio/x-raw,channels=[1,2];audio/x-raw,channels=[1,3]"},
		{"audio/x-raw,channels={1,2}", "audio/x-raw,channels={1,2,3,4}", 2, "audio/x-raw,channels={1,2};audio/x-raw,channels={1,2,3,4}"},
		{"audio/x-raw,channels={1,2}", "audio/x-raw,channels={1,3}", 2, "audio/x-raw,channels={1,2};audio/x-raw,channels={1,3}"},
		{"audio/x-raw", "audio/x-raw,channels=1", 1, "audio/x-raw"},
		{"audio/x-raw,channels=1", "audio/x-raw", 2, "audio/x-raw,channels=1; audio/x-raw"},
	}
	for _, c := range cases {
		got := mustCaps(t, c.c2).Merge(mustCaps(t, c.c1))
		if got.Size() != c.size {
			t.Errorf("Merge(%s, %s) = %s, size %d want %d", c.c2, c.c1, got, got.Size(), c.size)
		}
		if c.want != "" && !got.IsEqual(mustCaps(t, c.want)) {
			t.Errorf("Merge(%s, %s) = %s, want %s", c.c2, c.c1, got, c.want)
		}
	}
	c1 := mustCaps(t, "video/x-raw, framerate=(fraction){ 15/1, 5/1 }")
	got := mustCaps(t, "video/x-raw, framerate=(fraction){ 15/2, 5/1 }").Merge(c1)
	if !c1.IsSubset(got) {
		t.Errorf("fraction list merge = %s", got)
	}
	if got := mustCaps(t, "a/b, x=1").MergeStructure(mustStructure(t, "a/b, x=[1,2]")); got.Size() != 2 {
		t.Errorf("MergeStructure = %s", got)
	}
	if got := mustCaps(t, "a/b, x=[1,2]").MergeStructure(mustStructure(t, "a/b, x=1")); got.Size() != 1 {
		t.Errorf("MergeStructure subset = %s", got)
	}
}

func TestCapsIntersect(t *testing.T) {
	c2 := mustCaps(t, "video/x-raw,format=(string)I420,width=20")
	c1 := mustCaps(t, "video/x-raw,format=(string)I420")
	ci1, ci2 := c2.Intersect(c1), c1.Intersect(c2)
	for _, ci := range []*Caps{ci1, ci2} {
		s := ci.Structure(0)
		if ci.Size() != 1 || !s.HasName("video/x-raw") || !s.HasField("format") || !s.HasField("width") {
			t.Errorf("intersect = %s", ci)
		}
	}
	if !ci1.IsEqual(ci2) {
		t.Error("intersections differ")
	}
	empties := [][2]string{
		{"video/x-raw,format=(string)I420,width=20", "video/x-raw,format=(string)I420,width=30"},
		{"video/x-raw,format=(string)I420,width=20", "video/x-raw2,format=(string)I420,width=20"},
		{"video/x-raw,format=(string)I420,width=20", "EMPTY"},
	}
	for _, e := range empties {
		a, b := mustCaps(t, e[0]), mustCaps(t, e[1])
		if !a.Intersect(b).IsEmpty() || !b.Intersect(a).IsEmpty() || a.CanIntersect(b) {
			t.Errorf("%s ∩ %s not empty", e[0], e[1])
		}
	}
	a := mustCaps(t, "video/x-raw,format=(string)I420,width=20")
	b := mustCaps(t, "video/x-raw,format=(string)I420,height=30")
	if got := a.Intersect(b); got.String() != "video/x-raw, format=(string)I420, width=(int)20, height=(int)30" {
		t.Errorf("intersect = %s", got)
	}
	if got := b.Intersect(a); got.String() != "video/x-raw, format=(string)I420, height=(int)30, width=(int)20" {
		t.Errorf("intersect = %s", got)
	}
	any := NewCapsAny()
	if !a.Intersect(any).IsEqual(a) || !any.Intersect(a).IsEqual(a) {
		t.Error("intersect with ANY")
	}

	// test_intersect2: array intersection
	c1 = mustCaps(t, "audio/x-raw, channel-positions=(int)< { 1, 2, 3, 4, 5, 6 }, { 1, 2, 3, 4, 5, 6 }, "+
		"{ 1, 2, 3, 4, 5, 6 }, { 1, 2, 3, 4, 5, 6 }, { 1, 2, 3, 4, 5, 6 }, { 1, 2, 3, 4, 5, 6 }>")
	c2 = mustCaps(t, "audio/x-raw, channel-positions=(int)< 1, 2, 3, 4, 5, 6 >")
	if got := c1.Intersect(c2); got.IsEmpty() || !got.IsEqual(c2) {
		t.Errorf("array intersect = %s", got)
	}
	c1 = mustCaps(t, "some/type, foo=(int)< { 1, 2 }, { 3, 4} >")
	c2 = mustCaps(t, "some/type, foo=(int)< 1, 3 >")
	if got := c1.Intersect(c2); got.IsEmpty() || !got.IsEqual(c2) {
		t.Errorf("array intersect = %s", got)
	}

	// test_intersect_duplication
	c1 = mustCaps(t, "audio/x-raw, format=(string)S16_LE, rate=(int)[ 1, 2147483647 ], channels=(int)[ 1, 2 ]")
	c2 = mustCaps(t, "audio/x-raw, format=(string) { S16_LE, S16_BE, U16_LE, U16_BE }, rate=(int)[ 1, 2147483647 ], channels=(int)[ 1, 2 ]; "+
		"audio/x-raw, format=(string) { S16_LE, S16_BE, U16_LE, U16_BE }, rate=(int)[ 1, 2147483647 ], channels=(int)[ 1, 11 ]; "+
		"audio/x-raw, format=(string) { S16_LE, S16_BE, U16_LE, U16_BE }, rate=(int)[ 1, 2147483647 ], channels=(int)[ 1, 11 ]")
	if got := c1.IntersectFull(c2, CapsIntersectFirst); got.Size() != 1 || !got.IsEqual(c1) {
		t.Errorf("duplication = %s", got)
	}
}

func TestCapsIntersectOrder(t *testing.T) {
	cases := []struct {
		a, b string
		mode CapsIntersectMode
		want string
	}{
		// The upstream test expects "format/B; format/A; format/D; format/C" but
		// compares with gst_caps_is_equal, which ignores order; this is the
		// order gst_caps_intersect_zig_zag really produces.
		{"format/A; format/B; format/C; format/D", "format/D; format/A; format/B; format/C", CapsIntersectZigZag,
			"format/A; format/D; format/B; format/C"},
		{"format/D; format/A; format/B; format/C", "format/A; format/B; format/C; format/D", CapsIntersectFirst,
			"format/D; format/A; format/B; format/C"},
		{"format/A; format/B; format/C; format/D", "format/C; format/D; format/A", CapsIntersectFirst,
			"format/A; format/C; format/D"},
		{"format/A; format/B; format/C; format/D", "format/D; format/A; format/B; format/C", CapsIntersectFirst,
			"format/A; format/B; format/C; format/D"},
	}
	for _, c := range cases {
		got := mustCaps(t, c.a).IntersectFull(mustCaps(t, c.b), c.mode)
		if got.String() != c.want || !got.IsStrictlyEqual(mustCaps(t, c.want)) {
			t.Errorf("IntersectFull(%s, %s, %d) = %s, want %s", c.a, c.b, c.mode, got, c.want)
		}
	}
}

func TestCapsIntersectListDuplicate(t *testing.T) {
	nest := "{ RGBA, RGBA, { RGBA, RGBA }, { RGBA, RGBA, { RGBA, RGBA } }, { RGBA, RGBA, { RGBA, RGBA }, { RGBA, RGBA, { RGBA, RGBA } } } }"
	for i := 0; i < 3; i++ {
		nest = "{ RGBA, RGBA, " + nest + ", " + nest + " }"
	}
	s := "video/x-raw, format=(string)YV12; video/x-raw, format=(string)I420; video/x-raw, format=(string)YUY2; " +
		"video/x-raw, format=(string)UYVY; video/x-raw, format=(string){ I420, YV12, YUY2, UYVY, AYUV, RGBx, BGRx, xRGB, xBGR, " +
		nest + ", BGRA, ARGB, RGB, BGR, Y41B, Y42B, YVYU, Y444, NV12, NV21 }"
	c1 := mustCaps(t, s)
	got := c1.Intersect(c1.Copy())
	if got.IsEmpty() {
		t.Error("empty intersection")
	}
}

func TestCapsIntersectFlagSet(t *testing.T) {
	c1 := mustCaps(t, "test/x-caps,field=ffd81d:fffff0")
	c2 := mustCaps(t, "test/x-caps,field=0fd81f:0ffff0")
	if got := c1.IntersectFull(c2, CapsIntersectFirst); got.Size() != 1 || !got.IsEqual(c1) {
		t.Errorf("flagset intersect = %s", got)
	}
	c1 = mustCaps(t, "test/x-caps,field=ff001d:0ffff0")
	if got := c1.IntersectFull(c2, CapsIntersectFirst); !got.IsEmpty() {
		t.Errorf("flagset intersect = %s", got)
	}
	c1 = NewCapsSimple("test/x-caps", "field", FlagSet{0x1 | 0x100 | 0x200, 0x1 | 0x100 | 0x400})
	if c2 := mustCaps(t, c1.String()); !c1.IsEqual(c2) {
		t.Errorf("flagset round trip %s", c1)
	}
}

func TestCapsUnion(t *testing.T) {
	c1 := mustCaps(t, "test/x-caps,field=ffd81d:0ffff0")
	c2 := mustCaps(t, "test/x-caps,field=0fd81f:0ffff0")
	if got := c1.Merge(c2).Simplify(); got.Size() != 1 {
		t.Errorf("union = %s", got)
	}
	for _, c := range [][3]string{
		{"test/x-caps,field=ff001d:0ffff0", "test/x-caps,field=4fd81f:f00000", "test/x-caps,field=4f001d:fffff0"},
		{"test/x-caps,field=ff001d:0ffff0", "test/x-caps,field=4fd81f:ff0000", "test/x-caps,field=4f001d:fffff0"},
	} {
		got := mustCaps(t, c[0]).Merge(mustCaps(t, c[1])).Simplify()
		if !got.IsEqual(mustCaps(t, c[2])) {
			t.Errorf("union %s + %s = %s, want %s", c[0], c[1], got, c[2])
		}
	}
}

func TestCapsNormalize(t *testing.T) {
	cases := []struct{ in, out string }{
		{"some/type, foo=(int){ 1 , 2 }", "some/type, foo=(int) 1; some/type, foo=(int) 2"},
		{"some/type, foo=(int){ 1 , 2 }, bar=(int){ 3, 4 }",
			"some/type, foo=(int) 1, bar=(int) 3; some/type, foo=(int) 2, bar=(int) 3;" +
				"some/type, foo=(int) 1, bar=(int) 4; some/type, foo=(int) 2, bar=(int) 4;"},
		{"some/type, foo=(string){ 1 , 2 }, bar=(string) { 3 }",
			"some/type, foo=(string) 1, bar=(string) 3; some/type, foo=(string) 2, bar=(string) 3"},
	}
	for _, c := range cases {
		norm := mustCaps(t, c.in).Normalize()
		want := mustCaps(t, c.out)
		if norm.IsEmpty() || !norm.IsStrictlyEqual(want) {
			t.Errorf("Normalize(%s) = %s, want %s", c.in, norm, want)
		}
		for i := 0; i < norm.Size(); i++ {
			if !norm.Structure(i).IsFixed() {
				t.Errorf("Normalize(%s): structure %d not fixed", c.in, i)
			}
		}
	}
}

func TestCapsSubtract(t *testing.T) {
	cases := []struct{ a, b, want string }{
		{"audio/x-raw, channels=[1,4]", "audio/x-raw, channels=2", "audio/x-raw, channels=(int){ 1, [ 3, 4 ] }"},
		{"audio/x-raw, channels=[1,4]", "audio/x-raw, channels=[1,4]", "EMPTY"},
		{"audio/x-raw, channels=[1,4]", "ANY", "EMPTY"},
		{"audio/x-raw, channels=[1,4]", "EMPTY", "audio/x-raw, channels=(int)[ 1, 4 ]"},
		{"audio/x-raw, channels=[1,4]", "video/x-raw", "audio/x-raw, channels=(int)[ 1, 4 ]"},
		{"audio/x-raw, format={ A, B }, rate=[1,10]", "audio/x-raw, format=A", "audio/x-raw, format=(string)B, rate=(int)[ 1, 10 ]"},
		{"EMPTY", "audio/x-raw", "EMPTY"},
	}
	for _, c := range cases {
		got := mustCaps(t, c.a).Subtract(mustCaps(t, c.b))
		if got.String() != c.want {
			t.Errorf("%s - %s = %s, want %s", c.a, c.b, got, c.want)
		}
	}
}

func TestCapsFeaturesInCaps(t *testing.T) {
	c1 := NewCapsEmpty()
	s1 := NewStructureSimple("video/x-raw", "width", 320, "height", IntRange{240, 260, 0})
	f1 := NewCapsFeatures("memory:EGLImage")
	c1.AppendStructureFull(s1, f1)
	if c1.Structure(0) != s1 || c1.Features(0) != f1 {
		t.Error("AppendStructureFull")
	}
	c2 := mustCaps(t, c1.String())
	if !c1.IsEqual(c2) || !c1.IsSubset(c2) || !c2.IsSubset(c1) || !c1.CanIntersect(c2) {
		t.Errorf("round trip %s", c1)
	}
	c2 = NewCapsEmpty()
	c2.AppendStructureFull(NewStructureSimple("video/x-raw", "width", 320, "height", IntRange{240, 260, 0}),
		NewCapsFeatures("memory:VASurface", "meta:VAMeta"))
	if c1.IsEqual(c2) || c1.IsSubset(c2) || c2.IsSubset(c1) || c1.CanIntersect(c2) {
		t.Error("different features compatible")
	}
	c3 := mustCaps(t, c2.String())
	if !c2.IsEqual(c3) || !c2.IsSubset(c3) || !c3.IsSubset(c2) || !c2.CanIntersect(c3) {
		t.Errorf("round trip %s", c2)
	}
	c3.Features(0).Remove("memory:VASurface")
	if c2.IsEqual(c3) || c2.IsSubset(c3) || c3.IsSubset(c2) || c2.CanIntersect(c3) {
		t.Error("removed feature still compatible")
	}
	if static := mustCaps(t, "video/x-raw(memory:EGLImage), width=320, height=[ 240, 260 ]"); !c1.IsEqual(static) {
		t.Error("static caps")
	}
	anyF := mustCaps(t, "video/x-raw(ANY), width=320, height=[ 240, 260 ]")
	if c1.IsEqual(anyF) || !c1.IsSubset(anyF) || anyF.IsSubset(c1) || !c1.CanIntersect(anyF) {
		t.Error("ANY features")
	}
	if got := c1.Intersect(anyF); !got.IsEqual(c1) {
		t.Errorf("intersect ANY features = %s", got)
	}

	a := mustCaps(t, "video/x-raw")
	b := mustCaps(t, "video/x-raw")
	a.SetFeatures(0, NewCapsFeatures("memory:VASurface"))
	if a.CanIntersect(b) {
		t.Error("VASurface intersects sysmem")
	}
	if !b.Features(0).IsEqual(NewCapsFeatures(CapsFeaturesMemorySystemMemory)) {
		t.Error("default features")
	}

	c := mustCaps(t, "video/x-raw, format=NV12; video/x-raw, format=NV16")
	f := NewCapsFeatures("memory:EGLImage")
	c.SetFeaturesSimple(f)
	if !c.Features(0).IsEqual(f) || !c.Features(1).IsEqual(f) {
		t.Error("SetFeaturesSimple")
	}
	anyCaps := NewCapsAny()
	anyCaps.SetFeaturesSimple(f)
	if anyCaps.Size() != 0 || !anyCaps.IsAny() {
		t.Error("SetFeaturesSimple on ANY")
	}
}

func TestCapsEquality(t *testing.T) {
	empty1, empty2, any1 := NewCapsEmpty(), NewCapsEmpty(), NewCapsAny()
	any2 := NewCapsAny()
	any2.AppendStructure(NewStructureSimple("structure", "int", 4, "float", float32(5.7)))
	mk := func(name string, kv ...any) *Caps { return NewCapsSimple(name, kv...) }
	caps1 := mk("structure", "int", 4, "float", float32(5.7))
	caps2 := mk("structure", "int", 4, "float", float32(5.7))
	caps2.AppendStructure(NewStructureSimple("structure", "int", 4, "float", float32(5.7)))
	caps3 := mk("structure", "intX", 4, "float", float32(5.7))
	caps4 := mk("structure", "int", uint(4), "float", float32(5.7))
	caps5 := mk("structureX", "int", 4, "float", float32(5.7))
	caps6 := mk("structure", "int", 3, "float", float32(5.7))
	caps7 := mk("structure", "int", 4, "float", float32(5.7))
	caps7.SetFeatures(0, NewCapsFeaturesAny())
	caps8 := mk("structure", "int", 4, "float", float32(5.7))
	caps8.AppendStructure(NewStructureSimple("structure2", "string", "val"))
	caps9 := mk("structure2", "string", "val")
	caps9.AppendStructure(NewStructureSimple("structure", "int", 4, "float", float32(5.7)))

	all := []*Caps{empty1, empty2, any1, any2, caps1, caps2, caps3, caps4, caps5, caps6, caps7, caps8, caps9}
	equal := map[[2]int]bool{{0, 1}: true, {2, 3}: true, {4, 5}: true, {11, 12}: true}
	strict := map[[2]int]bool{{0, 1}: true, {2, 3}: true}
	for i := range all {
		for j := i + 1; j < len(all); j++ {
			if got := all[i].IsEqual(all[j]); got != equal[[2]int{i, j}] {
				t.Errorf("IsEqual(%s, %s) = %v", all[i], all[j], got)
			}
			if got := all[i].IsStrictlyEqual(all[j]); got != strict[[2]int{i, j}] {
				t.Errorf("IsStrictlyEqual(%s, %s) = %v", all[i], all[j], got)
			}
		}
	}
}

func TestCapsRemainsAny(t *testing.T) {
	any := NewCapsAny()
	any.AppendStructure(NewStructureSimple("structure", "int", 4))
	any.AppendStructureFull(NewStructureSimple("structure", "int", 4), NewCapsFeaturesAny())
	any = any.MergeStructure(NewStructureSimple("structure", "int", 4))
	any = any.MergeStructureFull(NewStructureSimple("structure", "int", 4), NewCapsFeaturesAny())
	any.Append(NewCapsSimple("structure", "int", 4))
	any = any.Merge(NewCapsSimple("structure", "int", 4))
	any = NewCapsSimple("structure", "int", 4).Merge(any)
	if !any.IsAny() || any.Size() != 0 || any.Structure(0) != nil {
		t.Errorf("ANY = %s", any)
	}
	c := NewCapsSimple("structure", "int", 4)
	c.Append(NewCapsAny())
	if !c.IsAny() || c.Size() != 0 {
		t.Errorf("append ANY = %s", c)
	}
}

func TestCapsFixed(t *testing.T) {
	cases := map[string]bool{
		"video/x-raw, format=I420; video/x-raw(foo:bar); video/x-h264": false,
		"ANY":                          false,
		"video/x-raw, format=I420":     true,
		"video/x-raw, f=<0, [5, MAX]>": false,
		"video/x-raw, tensor=(GstCaps)[tensor/strided, dims=<0, [5, MAX]>]": false,
		"video/x-raw, tensor = (GstCaps)[tensor/strided, dims=<0, 5>]":      true,
		"video/x-raw(ANY), format=I420":                                     false,
	}
	for in, want := range cases {
		if got := mustCaps(t, in).IsFixed(); got != want {
			t.Errorf("IsFixed(%s) = %v", in, got)
		}
	}
}

func TestCapsNested(t *testing.T) {
	caps1 := mustCaps(t, "data/tensors, model-name=ssd,"+
		"data=(GstStructure)[tensors,tensor-a=(GstStructure)[tensor/raw,dims=<1>,type=uint32],"+
		"tensor-b=(GstStructure)[tensor/raw,dims=<1>,type=uint32]]")
	if !caps1.IsFixed() {
		t.Error("nested caps not fixed")
	}
	caps2 := mustCaps(t, "data/tensors, model-name=ssd,data=(GstStructure)[tensors,tensor-b=(GstStructure)[tensor/raw,type=uint32]]")
	i1, i2 := caps1.Intersect(caps2), caps2.Intersect(caps1)
	if !i1.IsEqual(caps1) || !i2.IsEqual(caps1) || !i1.IsEqual(i2) {
		t.Errorf("nested intersect = %s / %s", i1, i2)
	}
	caps3 := mustCaps(t, "video/x-raw, tensors=(GstCaps)data/tensors,model-name=(string)ssd,"+
		"data=(structure)[tensors,num-detections=(structure)[tensor/raw,dims=(int)<1>,type=(string)uint32;],"+
		"scores=(structure)[tensor/raw,dims=(int)<0,1>,type=(string)float32;],"+
		"boundingboxes=(structure)[tensor/raw,dims=(int)<0,4>,type=(string)float32;],"+
		"classes=(structure)[tensor/raw,dims=(int)< 0, 1 >, type=(string)uint32;];]")
	caps4 := mustCaps(t, "video/x-raw, tensors=(GstCaps)data/tensors,model-name=(string)ssd,"+
		"data=(structure)[tensors,num-detections=(structure)[tensor/raw,type=(string)uint32;],"+
		"scores=(structure)[tensor/raw,dims=(int)<0,1>,type=(string)float32;],"+
		"boundingboxes=(structure)[tensor/raw,dims=(int)<0,4>,type=(string)float32;],"+
		"classes=(structure)[tensor/raw,dims=(int)< 0, 1 >, type=(string)uint32;];]")
	if i3 := caps3.Intersect(caps4); i3.IsEmpty() || !i3.IsEqual(caps3) {
		t.Errorf("nested intersect = %s", i3)
	}
}

func TestCapsMisc(t *testing.T) {
	c := mustCaps(t, "video/x-raw, format=I420; video/x-raw(foo:bar); video/x-h264")
	if c.CopyNth(1).String() != "video/x-raw(foo:bar)" || !c.CopyNth(5).IsEmpty() {
		t.Error("CopyNth")
	}
	d := c.Copy()
	d.RemoveStructure(0)
	if d.Size() != 2 || c.Size() != 3 {
		t.Error("RemoveStructure/Copy")
	}
	d.SetValue("foo", 123)
	d.SetSimple("bar", "x")
	if d.String() != "video/x-raw(foo:bar), foo=(int)123, bar=(string)x; video/x-h264, foo=(int)123, bar=(string)x" {
		t.Errorf("SetValue = %s", d)
	}
	if !mustCaps(t, "a/b, x=1").IsAlwaysCompatible(mustCaps(t, "a/b")) {
		t.Error("IsAlwaysCompatible")
	}
	if !c.IsSubsetStructure(mustStructure(t, "video/x-h264, a=1")) || c.IsSubsetStructure(mustStructure(t, "audio/x-raw")) {
		t.Error("IsSubsetStructure")
	}
	if !c.IsSubsetStructureFull(mustStructure(t, "video/x-raw"), NewCapsFeatures("foo:bar")) {
		t.Error("IsSubsetStructureFull")
	}
	if NewCapsEmptySimple("video/x-raw").String() != "video/x-raw" {
		t.Error("NewCapsEmptySimple")
	}
	defer func() {
		if recover() == nil {
			t.Error("MustParseCaps did not panic")
		}
	}()
	MustParseCaps("1bad")
}

// FuzzParseCaps checks that ParseCaps never panics and that the string form
// of whatever it accepts parses back to equal caps with the same string.
func FuzzParseCaps(f *testing.F) {
	for _, s := range capsList {
		f.Add(s)
	}
	for _, s := range []string{
		nonSimpleCaps,
		"video/x-raw(memory:GLMemory, meta:Foo), format={ I420, YV12 }, width=[ 1, 100, 2 ]",
		"a/b, s=[x, y=1], l=(caps/uniquelist){ [c/d, e=(gint64)[ 1, 4 ]] }, strv=(GStrv)<\"a\",\"b\">",
		"a/b, f=(float)1.5, u=(uint)7, b=(buffer)00ff, bm=(bitmask)0x1, fs=(GstFlagSet)1:f",
		"a/b, s=\"with \\\"quotes\\\" and \\303\\274\"",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseCaps(s)
		if err != nil {
			return
		}
		str := c.String()
		c2, err := ParseCaps(str)
		if err != nil {
			t.Fatalf("ParseCaps(%q) ok, but its String %q does not parse: %v", s, str, err)
		}
		if str2 := c2.String(); str2 != str {
			t.Fatalf("unstable string form for %q:\n%q\n%q", s, str, str2)
		}
		if !c.IsEqual(c2) && !strings.Contains(str, "nan") {
			t.Fatalf("round trip of %q via %q not equal", s, str)
		}
		_ = c.Simplify()
		if normalizeSize(c) <= 1024 {
			_ = c.Normalize()
		}
		_ = c.Fixate()
		_ = c.Intersect(c2)
		_ = c.Subtract(c2)
		_, _ = c.Serialize(SerializeFlagNone)
	})
}

// normalizeSize returns how many structures Normalize would produce, capped,
// so the fuzzer does not build exponentially large caps.
func normalizeSize(c *Caps) int {
	n := 0
	for i := 0; i < c.Size(); i++ {
		p := 1
		c.Structure(i).ForEach(func(_ string, v any) bool {
			if l, ok := v.(ValueList); ok && len(l) > 0 {
				p *= len(l)
			}
			return p <= 1024
		})
		n += p
		if n > 1024 {
			return n
		}
	}
	return n
}
