package gst

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
)

const maxU32 = math.MaxUint32

// Ported from GStreamer's tests/check/gst/gstutils.c test_math_scale,
// test_math_scale_round, test_math_scale_ceil and test_math_scale_uint64.
func TestUint64Scale(t *testing.T) {
	type fn func(val, num, denom uint64) uint64
	cases := []struct {
		name            string
		f               fn
		val, num, denom uint64
		want            uint64
	}{
		{"scale", Uint64Scale, 1, 1, 1, 1},
		{"scale", Uint64Scale, 10, 10, 1, 100},
		{"scale", Uint64Scale, 10, 10, 2, 50},
		{"scale", Uint64Scale, 0, 10, 2, 0},
		{"scale", Uint64Scale, 0, 0, 2, 0},
		{"scale", Uint64Scale, maxU32, 5, 1, maxU32 * 5},
		{"scale", Uint64Scale, maxU32, 10, 2, maxU32 * 5},
		{"scale", Uint64Scale, maxU32, 1, 5, maxU32 / 5},
		{"scale", Uint64Scale, maxU32, 2, 10, maxU32 / 5},
		// not quite overflow
		{"scale", Uint64Scale, math.MaxUint64 - 1, 10, 10, math.MaxUint64 - 1},
		{"scale", Uint64Scale, math.MaxUint64 - 1, maxU32, maxU32, math.MaxUint64 - 1},
		{"scale", Uint64Scale, math.MaxUint64 - 100, maxU32, maxU32, math.MaxUint64 - 100},
		{"scale", Uint64Scale, math.MaxUint64 - 1, math.MaxUint64, math.MaxUint64, math.MaxUint64 - 1},
		{"scale", Uint64Scale, math.MaxUint64 - 100, math.MaxUint64, math.MaxUint64, math.MaxUint64 - 100},
		// overflow
		{"scale", Uint64Scale, math.MaxUint64 - 1, 10, 1, math.MaxUint64},
		{"scale", Uint64Scale, math.MaxUint64 - 1, math.MaxUint64, 1, math.MaxUint64},
		// Go-side edges: denom 0 saturates; the largest representable quotient
		{"scale", Uint64Scale, 5, 3, 0, math.MaxUint64},
		{"scale", Uint64Scale, math.MaxUint64, math.MaxUint64 - 1, math.MaxUint64, math.MaxUint64 - 1},
		{"scale", Uint64Scale, 1 << 63, 3, 2, 3 << 62},
		{"scale", Uint64Scale, 1 << 63, 2, 1, math.MaxUint64},
		{"scale", Uint64Scale, 1<<63 - 1, 2, 1, math.MaxUint64 - 1},
		{"round", Uint64ScaleRound, 2, 1, 2, 1},
		{"round", Uint64ScaleRound, 3, 1, 2, 2},
		{"round", Uint64ScaleRound, 5, 1, 0, math.MaxUint64},
		{"round", Uint64ScaleRound, 299, 100, 20000, 1},
		{"round", Uint64ScaleRound, 300, 100, 20000, 2},
		// the rounding correction itself overflows 128 bits
		{"round", Uint64ScaleRound, math.MaxUint64, math.MaxUint64, math.MaxUint64 - 2, math.MaxUint64},
		{"ceil", Uint64ScaleCeil, 2, 1, 2, 1},
		{"ceil", Uint64ScaleCeil, 3, 1, 2, 2},
		{"ceil", Uint64ScaleCeil, 299, 100, 20000, 2},
		{"ceil", Uint64ScaleCeil, 5, 1, 0, math.MaxUint64},
		{"ceil", Uint64ScaleCeil, math.MaxUint64, 1, 1, math.MaxUint64},
		{"ceil", Uint64ScaleCeil, math.MaxUint64 - 1, 3, 3, math.MaxUint64 - 1},
	}
	for _, c := range cases {
		if got := c.f(c.val, c.num, c.denom); got != c.want {
			t.Errorf("%s(%d, %d, %d) = %d, want %d", c.name, c.val, c.num, c.denom, got, c.want)
		}
	}
}

func TestUint64ScaleInt(t *testing.T) {
	type fn func(val uint64, num, denom int) uint64
	cases := []struct {
		name       string
		f          fn
		val        uint64
		num, denom int
		want       uint64
	}{
		{"int", Uint64ScaleInt, 1, 1, 1, 1},
		{"int", Uint64ScaleInt, 10, 10, 1, 100},
		{"int", Uint64ScaleInt, 10, 10, 2, 50},
		{"int", Uint64ScaleInt, 0, 10, 2, 0},
		{"int", Uint64ScaleInt, 0, 0, 2, 0},
		{"int", Uint64ScaleInt, maxU32, 5, 1, maxU32 * 5},
		{"int", Uint64ScaleInt, maxU32, 10, 2, maxU32 * 5},
		{"int", Uint64ScaleInt, maxU32, 1, 5, maxU32 / 5},
		{"int", Uint64ScaleInt, maxU32, 2, 10, maxU32 / 5},
		// not quite overflow
		{"int", Uint64ScaleInt, math.MaxUint64 - 1, 10, 10, math.MaxUint64 - 1},
		{"int", Uint64ScaleInt, math.MaxUint64 - 1, math.MaxInt32, math.MaxInt32, math.MaxUint64 - 1},
		{"int", Uint64ScaleInt, math.MaxUint64 - 100, math.MaxInt32, math.MaxInt32, math.MaxUint64 - 100},
		// overflow
		{"int", Uint64ScaleInt, math.MaxUint64 - 1, 10, 1, math.MaxUint64},
		{"int", Uint64ScaleInt, math.MaxUint64 - 1, math.MaxInt32, 1, math.MaxUint64},
		// invalid arguments (g_return_val_if_fail in C)
		{"int", Uint64ScaleInt, 10, 1, 0, math.MaxUint64},
		{"int", Uint64ScaleInt, 10, 1, -2, math.MaxUint64},
		{"int", Uint64ScaleInt, 10, -1, 2, math.MaxUint64},
		// ints wider than gint still compute exactly
		{"int", Uint64ScaleInt, maxU32, 1 << 40, 1 << 39, maxU32 * 2},
		{"round", Uint64ScaleIntRound, 2, 1, 2, 1},
		{"round", Uint64ScaleIntRound, 3, 1, 2, 2},
		{"round", Uint64ScaleIntRound, 4, 1, 2, 2},
		{"round", Uint64ScaleIntRound, 200, 100, 20000, 1},
		{"round", Uint64ScaleIntRound, 299, 100, 20000, 1},
		{"round", Uint64ScaleIntRound, 300, 100, 20000, 2},
		{"round", Uint64ScaleIntRound, 301, 100, 20000, 2},
		{"round", Uint64ScaleIntRound, 400, 100, 20000, 2},
		{"round", Uint64ScaleIntRound, 10, 1, 0, math.MaxUint64},
		{"round", Uint64ScaleIntRound, 10, 1, -1, math.MaxUint64},
		{"ceil", Uint64ScaleIntCeil, 2, 1, 2, 1},
		{"ceil", Uint64ScaleIntCeil, 3, 1, 2, 2},
		{"ceil", Uint64ScaleIntCeil, 4, 1, 2, 2},
		{"ceil", Uint64ScaleIntCeil, 200, 100, 20000, 1},
		{"ceil", Uint64ScaleIntCeil, 299, 100, 20000, 2},
		{"ceil", Uint64ScaleIntCeil, 300, 100, 20000, 2},
		{"ceil", Uint64ScaleIntCeil, 301, 100, 20000, 2},
		{"ceil", Uint64ScaleIntCeil, 400, 100, 20000, 2},
		{"ceil", Uint64ScaleIntCeil, 10, 1, 0, math.MaxUint64},
		{"ceil", Uint64ScaleIntCeil, math.MaxUint64 - 1, 7, 3, math.MaxUint64},
	}
	for _, c := range cases {
		if got := c.f(c.val, c.num, c.denom); got != c.want {
			t.Errorf("%s(%d, %d, %d) = %d, want %d", c.name, c.val, c.num, c.denom, got, c.want)
		}
	}
}

// bigScale is the exact reference, like the GMP-based test_math_scale_gmp:
// (val*num + correction) / denom, saturated at MaxUint64.
func bigScale(val, num, denom uint64, mode int) uint64 {
	x := new(big.Int).Mul(new(big.Int).SetUint64(val), new(big.Int).SetUint64(num))
	d := new(big.Int).SetUint64(denom)
	switch mode {
	case 1:
		x.Add(x, new(big.Int).SetUint64(denom/2))
	case 2:
		x.Add(x, new(big.Int).SetUint64(denom-1))
	}
	x.Quo(x, d)
	if !x.IsUint64() {
		return math.MaxUint64
	}
	return x.Uint64()
}

// Port of test_math_scale_gmp and test_math_scale_gmp_int with math/big as
// the oracle; values are drawn over the full range and near 32-bit limits.
func TestUint64ScaleExact(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	draw := func() uint64 {
		switch r.IntN(3) {
		case 0:
			return r.Uint64()
		case 1:
			return r.Uint64N(maxU32 + 1)
		}
		return r.Uint64() >> r.UintN(64)
	}
	fns := []func(a, b, c uint64) uint64{Uint64Scale, Uint64ScaleRound, Uint64ScaleCeil}
	ifns := []func(a uint64, b, c int) uint64{Uint64ScaleInt, Uint64ScaleIntRound, Uint64ScaleIntCeil}
	for i := 0; i < 100000; i++ {
		val, num, denom := draw(), draw(), draw()|1
		mode := r.IntN(3)
		want := bigScale(val, num, denom, mode)
		if got := fns[mode](val, num, denom); got != want {
			t.Fatalf("mode %d: scale(%d, %d, %d) = %d, want %d", mode, val, num, denom, got, want)
		}
		n, d := int(r.Int32N(math.MaxInt32)), int(r.Int32N(math.MaxInt32-1))+1
		want = bigScale(val, uint64(n), uint64(d), mode)
		if got := ifns[mode](val, n, d); got != want {
			t.Fatalf("mode %d: scale_int(%d, %d, %d) = %d, want %d", mode, val, n, d, got, want)
		}
	}
}

func TestUint64ScaleNoAllocs(t *testing.T) {
	var sink uint64
	if n := testing.AllocsPerRun(100, func() {
		sink += Uint64Scale(math.MaxUint64/3, 48000, 1000000000)
		sink += Uint64ScaleIntRound(sink, 30000, 1001)
	}); n != 0 {
		t.Fatalf("%v allocs", n)
	}
}

func BenchmarkUint64Scale(b *testing.B) {
	b.ReportAllocs()
	var sink uint64
	val := uint64(1) << 50
	for b.Loop() {
		sink += Uint64Scale(val, 1000000000, 48000)
		val++
	}
	_ = sink
}

func BenchmarkUint64ScaleInt(b *testing.B) {
	b.ReportAllocs()
	var sink uint64
	val := uint64(1234567)
	for b.Loop() {
		sink += Uint64ScaleInt(val, 1001, 30000)
		val++
	}
	_ = sink
}

// Ported from test_greatest_common_divisor.
func TestGreatestCommonDivisor(t *testing.T) {
	cases := []struct{ a, b, want int }{
		{1, 1, 1}, {2, 3, 1}, {3, 5, 1},
		{-1, 1, 1}, {-2, 3, 1}, {-3, 5, 1},
		{-1, -1, 1}, {-2, -3, 1}, {-3, -5, 1},
		{1, -1, 1}, {2, -3, 1}, {3, -5, 1},
		{2, 2, 2}, {2, 4, 2}, {1001, 11, 11},
		// Go-side edges
		{0, 0, 0}, {0, 7, 7}, {-12, 0, 12}, {48000, 44100, 300},
	}
	for _, c := range cases {
		if got := GreatestCommonDivisor(c.a, c.b); got != c.want {
			t.Errorf("GreatestCommonDivisor(%d, %d) = %d, want %d", c.a, c.b, got, c.want)
		}
		if got := GreatestCommonDivisorInt64(int64(c.a), int64(c.b)); got != int64(c.want) {
			t.Errorf("GreatestCommonDivisorInt64(%d, %d) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
	if got := GreatestCommonDivisorInt64(1<<62, 3<<61); got != 1<<61 {
		t.Errorf("int64 gcd = %d", got)
	}
}

// The expected values below were produced by GStreamer's own
// gst_util_fraction_* and gst_util_double_to_fraction (gst/gstutils.c), whose
// check suite has no direct test of them.
func TestFractionMultiply(t *testing.T) {
	cases := []struct {
		an, ad, bn, bd int
		ok             bool
		n, d           int
	}{
		{1, 2, 2, 3, true, 1, 3},
		{0, 5, 3, 4, true, 0, 1},
		{3, 4, 0, 5, true, 0, 1},
		{-1, 2, 2, 3, true, -1, 3},
		{1, -2, 2, 3, true, 1, -3},
		{2, 4, 6, 8, true, 3, 8},
		{30000, 1001, 1001, 30000, true, 1, 1},
		{65536, 1, 65536, 1, false, 0, 0},
		{46341, 1, 46341, 1, false, 0, 0},
		{46340, 1, 46340, 1, true, 2147395600, 1},
		{1, 65536, 1, 65536, false, 0, 0},
		{math.MaxInt32, 1, 1, math.MaxInt32, true, 1, 1},
		{math.MaxInt32, 1, 2, 1, false, 0, 0},
		{-math.MaxInt32, 3, 3, 7, true, -math.MaxInt32, 7},
		{1, 2, -1, 2, true, -1, 4},
		{1, 3, 1, 6, true, 1, 18},
		{25, 1, 1, 25, true, 1, 1},
		{0, 1, 0, 1, true, 0, 1},
		{7, -3, 5, -9, true, 35, 27},
		{math.MaxInt32, 2, math.MaxInt32, 3, false, 0, 0},
		{100000, 1, 100000, 3, false, 0, 0},
		// Go-side: zero denominators and values outside int32
		{1, 0, 1, 2, false, 0, 0},
		{1, 2, 1, 0, false, 0, 0},
		{1 << 40, 1, 1, 1, false, 0, 0},
	}
	for _, c := range cases {
		n, d, ok := FractionMultiply(c.an, c.ad, c.bn, c.bd)
		if ok != c.ok || (ok && (n != c.n || d != c.d)) {
			t.Errorf("FractionMultiply(%d/%d, %d/%d) = %d/%d %v, want %d/%d %v",
				c.an, c.ad, c.bn, c.bd, n, d, ok, c.n, c.d, c.ok)
		}
	}
}

func TestFractionAdd(t *testing.T) {
	cases := []struct {
		an, ad, bn, bd int
		ok             bool
		n, d           int
	}{
		{1, 2, 2, 3, true, 7, 6},
		{0, 5, 3, 4, true, 3, 4},
		{3, 4, 0, 5, true, 3, 4},
		{-1, 2, 2, 3, true, 1, 6},
		{1, -2, 2, 3, true, -1, -6},
		{2, 4, 6, 8, true, 5, 4},
		{30000, 1001, 1001, 30000, true, 901002001, 30030000},
		{65536, 1, 65536, 1, false, 0, 0},
		{46341, 1, 46341, 1, false, 0, 0},
		{46340, 1, 46340, 1, true, 92680, 1},
		{1, 65536, 1, 65536, false, 0, 0},
		{math.MaxInt32, 1, 1, math.MaxInt32, true, 2, math.MaxInt32},
		{math.MaxInt32, 1, 2, 1, false, 0, 0},
		{-math.MaxInt32, 3, 3, 7, false, 0, 0},
		{1, 2, -1, 2, true, 0, 1},
		{1, 3, 1, 6, true, 1, 2},
		{25, 1, 1, 25, true, 626, 25},
		{0, 1, 0, 1, true, 0, 1},
		{7, -3, 5, -9, true, -26, 9},
		{math.MaxInt32, 2, math.MaxInt32, 3, false, 0, 0},
		{100000, 1, 100000, 3, false, 0, 0},
		{1, 0, 1, 2, false, 0, 0},
		{1, 2, 1, 0, false, 0, 0},
		{1, 1 << 40, 1, 1, false, 0, 0},
	}
	for _, c := range cases {
		n, d, ok := FractionAdd(c.an, c.ad, c.bn, c.bd)
		if ok != c.ok || (ok && (n != c.n || d != c.d)) {
			t.Errorf("FractionAdd(%d/%d, %d/%d) = %d/%d %v, want %d/%d %v",
				c.an, c.ad, c.bn, c.bd, n, d, ok, c.n, c.d, c.ok)
		}
	}
}

func TestFractionCompare(t *testing.T) {
	cases := []struct{ an, ad, bn, bd, want int }{
		{1, 2, 2, 3, -1},
		{0, 5, 3, 4, -1},
		{3, 4, 0, 5, 1},
		{-1, 2, 2, 3, -1},
		{1, -2, 2, 3, 1},
		{2, 4, 6, 8, -1},
		{30000, 1001, 1001, 30000, 1},
		{65536, 1, 65536, 1, 0},
		{46341, 1, 46341, 1, 0},
		{46340, 1, 46340, 1, 0},
		{1, 65536, 1, 65536, 0},
		{math.MaxInt32, 1, 1, math.MaxInt32, 1},
		{math.MaxInt32, 1, 2, 1, 1},
		{-math.MaxInt32, 3, 3, 7, -1},
		{1, 2, -1, 2, 1},
		{1, 3, 1, 6, 1},
		{25, 1, 1, 25, 1},
		{0, 1, 0, 1, 0},
		{7, -3, 5, -9, -1},
		{math.MaxInt32, 2, math.MaxInt32, 3, 1},
		{100000, 1, 100000, 3, 1},
		{1, 0, 1, 2, 0},
		{30000, 1001, 24000, 1001, 1},
		{24000, 1001, 30000, 1001, -1},
		// beyond int32 the comparison stays exact
		{math.MaxInt64, 1, math.MaxInt64 - 1, 1, 1},
		{math.MinInt64, 3, math.MaxInt64, 3, -1},
		{math.MaxInt64, math.MaxInt64 - 1, math.MaxInt64 - 1, math.MaxInt64 - 2, -1},
	}
	for _, c := range cases {
		if got := FractionCompare(c.an, c.ad, c.bn, c.bd); got != c.want {
			t.Errorf("FractionCompare(%d/%d, %d/%d) = %d, want %d", c.an, c.ad, c.bn, c.bd, got, c.want)
		}
	}
}

func TestFractionToDouble(t *testing.T) {
	if v, ok := FractionToDouble(30000, 1001); !ok || v != 30000.0/1001 {
		t.Errorf("30000/1001 = %v %v", v, ok)
	}
	if v, ok := FractionToDouble(-1, 4); !ok || v != -0.25 {
		t.Errorf("-1/4 = %v %v", v, ok)
	}
	if _, ok := FractionToDouble(1, 0); ok {
		t.Error("x/0 must fail")
	}
}

func TestDoubleToFraction(t *testing.T) {
	cases := []struct {
		src  float64
		n, d int
	}{
		{0, 0, 1},
		{1, 1, 1},
		{-1, -1, 1},
		{0.5, 1, 2},
		{0.25, 1, 4},
		{-0.75, -3, 4},
		{2.5, 5, 2},
		{1.0 / 3, 1, 3},
		{29.97, 2997, 100},
		{23.976, 2997, 125},
		{30000.0 / 1001, 30000, 1001},
		{24000.0 / 1001, 24000, 1001},
		{math.Pi, 245850922, 78256779},
		{1e-11, 0, 1},
		{1e-5, 1, 100000},
		{0.1, 1, 10},
		{1.5e-10, 0, 1},
		{2147483647.0, 2147483647, 1},
		{2147483646.5, 2147483646, 1},
		{1234567.891, 1234567891, 1000},
		{0.333333333, 333333355, 1000000066},
		{59.94, 2997, 50},
		{1.0e-9, 1, 1000000000},
		{12345.6789e-3, 123456789, 10000000},
		{100.0 / 3, 100, 3},
		// Go-side: inputs where C's (gint) conversion is undefined
		{math.NaN(), 0, 1},
		{math.Inf(1), math.MaxInt32, 1},
		{math.Inf(-1), -math.MaxInt32, 1},
		{1e12, math.MaxInt32, 1},
		{-3e9, -math.MaxInt32, 1},
	}
	for _, c := range cases {
		if n, d := DoubleToFraction(c.src); n != c.n || d != c.d {
			t.Errorf("DoubleToFraction(%v) = %d/%d, want %d/%d", c.src, n, d, c.n, c.d)
		}
	}
}
