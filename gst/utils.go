package gst

import (
	"math"
	"math/bits"
)

// uint64ScaleUnchecked returns (val*num + correct) / denom with a 128-bit
// intermediate, or math.MaxUint64 when the result does not fit. denom != 0.
func uint64ScaleUnchecked(val, num, denom, correct uint64) uint64 {
	hi, lo := bits.Mul64(val, num)
	var carry uint64
	lo, carry = bits.Add64(lo, correct, 0)
	if carry != 0 {
		if hi == math.MaxUint64 {
			return math.MaxUint64
		}
		hi++
	}
	if hi >= denom { // the quotient needs more than 64 bits
		return math.MaxUint64
	}
	q, _ := bits.Div64(hi, lo, denom)
	return q
}

func uint64Scale(val, num, denom, correct uint64) uint64 {
	if denom == 0 {
		return math.MaxUint64
	}
	if num == 0 {
		return 0
	}
	if num == denom {
		return val
	}
	return uint64ScaleUnchecked(val, num, denom, correct)
}

// Uint64Scale returns val * num / denom rounded down, computed without
// overflow in the intermediate product (128 bits). A result that does not
// fit in 64 bits, and denom 0, give math.MaxUint64. Use it to convert
// between units, e.g. samples to ClockTime. It does not allocate.
// Safe for concurrent use.
//
// GStreamer: gst_util_uint64_scale (gst/gstutils.c).
func Uint64Scale(val, num, denom uint64) uint64 { return uint64Scale(val, num, denom, 0) }

// Uint64ScaleRound is Uint64Scale rounded to the nearest integer (halves
// round up). Saturates at math.MaxUint64; denom 0 gives math.MaxUint64.
// Safe for concurrent use.
//
// GStreamer: gst_util_uint64_scale_round (gst/gstutils.c).
func Uint64ScaleRound(val, num, denom uint64) uint64 {
	return uint64Scale(val, num, denom, denom>>1)
}

// Uint64ScaleCeil is Uint64Scale rounded up. Saturates at math.MaxUint64;
// denom 0 gives math.MaxUint64. Safe for concurrent use.
//
// GStreamer: gst_util_uint64_scale_ceil (gst/gstutils.c).
func Uint64ScaleCeil(val, num, denom uint64) uint64 {
	return uint64Scale(val, num, denom, denom-1)
}

func uint64ScaleInt(val uint64, num, denom int, correct uint64) uint64 {
	if denom <= 0 || num < 0 {
		return math.MaxUint64
	}
	if num == 0 {
		return 0
	}
	if num == denom {
		return val
	}
	if val <= math.MaxUint32 && num <= math.MaxInt32 && denom <= math.MaxInt32 {
		// val*num + correct < 2^32 * 2^31 + 2^31 cannot overflow.
		return (val*uint64(num) + correct) / uint64(denom)
	}
	return uint64ScaleUnchecked(val, uint64(num), uint64(denom), correct)
}

// Uint64ScaleInt returns val * num / denom rounded down, for the common case
// of int numerators and denominators (frame rates, sample rates). num must
// be >= 0 and denom > 0, otherwise the result is math.MaxUint64, as is a
// result that does not fit in 64 bits. Safe for concurrent use.
//
// GStreamer: gst_util_uint64_scale_int (gst/gstutils.c).
func Uint64ScaleInt(val uint64, num, denom int) uint64 {
	return uint64ScaleInt(val, num, denom, 0)
}

// Uint64ScaleIntRound is Uint64ScaleInt rounded to the nearest integer
// (halves round up), with the same error and saturation rules.
// Safe for concurrent use.
//
// GStreamer: gst_util_uint64_scale_int_round (gst/gstutils.c).
func Uint64ScaleIntRound(val uint64, num, denom int) uint64 {
	if denom <= 0 {
		return math.MaxUint64
	}
	return uint64ScaleInt(val, num, denom, uint64(denom>>1))
}

// Uint64ScaleIntCeil is Uint64ScaleInt rounded up, with the same error and
// saturation rules. Safe for concurrent use.
//
// GStreamer: gst_util_uint64_scale_int_ceil (gst/gstutils.c).
func Uint64ScaleIntCeil(val uint64, num, denom int) uint64 {
	if denom <= 0 {
		return math.MaxUint64
	}
	return uint64ScaleInt(val, num, denom, uint64(denom-1))
}

// GreatestCommonDivisor returns the greatest common divisor of a and b,
// always non-negative (0 only when both are 0), using Euclid's algorithm.
// Safe for concurrent use.
//
// GStreamer: gst_util_greatest_common_divisor (gst/gstutils.c).
func GreatestCommonDivisor(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	if a < 0 {
		return -a
	}
	return a
}

// GreatestCommonDivisorInt64 is GreatestCommonDivisor for int64 values.
// Safe for concurrent use.
//
// GStreamer: gst_util_greatest_common_divisor_int64 (gst/gstutils.c).
func GreatestCommonDivisorInt64(a, b int64) int64 {
	for b != 0 {
		a, b = b, a%b
	}
	if a < 0 {
		return -a
	}
	return a
}

// gcd32 is gst_util_greatest_common_divisor on C gint (int32) values,
// with the same two's-complement wrap for math.MinInt32.
func gcd32(a, b int32) int32 {
	for b != 0 {
		a, b = b, a%b
	}
	if a < 0 {
		return -a
	}
	return a
}

func abs32(a int32) int32 {
	if a < 0 {
		return -a
	}
	return a
}

// toGint converts a Go int argument to C's gint, reporting false when it
// does not fit.
func toGint(v int) (int32, bool) {
	if v < math.MinInt32 || v > math.MaxInt32 {
		return 0, false
	}
	return int32(v), true
}

func toGint4(a, b, c, d int) (int32, int32, int32, int32, bool) {
	w, ok1 := toGint(a)
	x, ok2 := toGint(b)
	y, ok3 := toGint(c)
	z, ok4 := toGint(d)
	return w, x, y, z, ok1 && ok2 && ok3 && ok4
}

// FractionMultiply multiplies an/ad by bn/bd and returns the reduced result.
// All values are C gint (int32) values, as in caps and framerates; ok is
// false when a denominator is 0, an argument does not fit in int32, or the
// result would overflow int32. A zero numerator gives 0/1.
// Safe for concurrent use.
//
// GStreamer: gst_util_fraction_multiply (gst/gstutils.c).
func FractionMultiply(an, ad, bn, bd int) (n, d int, ok bool) {
	aN, aD, bN, bD, ok := toGint4(an, ad, bn, bd)
	if !ok || aD == 0 || bD == 0 {
		return 0, 0, false
	}
	if aN == 0 || bN == 0 {
		return 0, 1, true
	}
	g := gcd32(aN, aD)
	aN, aD = aN/g, aD/g
	g = gcd32(bN, bD)
	bN, bD = bN/g, bD/g
	g = gcd32(aN, bD)
	aN, bD = aN/g, bD/g
	g = gcd32(aD, bN)
	aD, bN = aD/g, bN/g

	if aN != 0 && math.MaxInt32/abs32(aN) < abs32(bN) {
		return 0, 0, false
	}
	if math.MaxInt32/abs32(aD) < abs32(bD) {
		return 0, 0, false
	}
	rN, rD := aN*bN, aD*bD
	if g = gcd32(rN, rD); g != 0 {
		rN, rD = rN/g, rD/g
	}
	return int(rN), int(rD), true
}

// FractionAdd adds an/ad and bn/bd and returns the reduced sum. All values
// are C gint (int32) values; ok is false when a denominator is 0, an
// argument does not fit in int32, or GStreamer's overflow check refuses
// the operands (it compares |an|·|bn| and |ad|·|bd| against the int32
// range). A zero sum gives 0/1. Safe for concurrent use.
//
// GStreamer: gst_util_fraction_add (gst/gstutils.c).
func FractionAdd(an, ad, bn, bd int) (n, d int, ok bool) {
	aN, aD, bN, bD, ok := toGint4(an, ad, bn, bd)
	if !ok || aD == 0 || bD == 0 {
		return 0, 0, false
	}
	g := gcd32(aN, aD)
	aN, aD = aN/g, aD/g
	g = gcd32(bN, bD)
	bN, bD = bN/g, bD/g
	if aN == 0 {
		return int(bN), int(bD), true
	}
	if bN == 0 {
		return int(aN), int(aD), true
	}
	if math.MaxInt32/abs32(aN) < abs32(bN) {
		return 0, 0, false
	}
	if math.MaxInt32/abs32(aD) < abs32(bD) {
		return 0, 0, false
	}
	rN := aN*bD + aD*bN
	rD := aD * bD
	if g = gcd32(rN, rD); g != 0 {
		rN, rD = rN/g, rD/g
	} else {
		rD = 1
	}
	return int(rN), int(rD), true
}

// mulCmp compares a*b with c*d exactly (128-bit), returning -1, 0 or 1.
func mulCmp(a, b, c, d int64) int {
	sign := func(x, y int64) int {
		if x == 0 || y == 0 {
			return 0
		}
		if (x < 0) != (y < 0) {
			return -1
		}
		return 1
	}
	mag := func(x int64) uint64 {
		if x < 0 {
			return uint64(-x) // -MinInt64 wraps to 2^63, the right magnitude
		}
		return uint64(x)
	}
	s1, s2 := sign(a, b), sign(c, d)
	if s1 != s2 {
		if s1 < s2 {
			return -1
		}
		return 1
	}
	if s1 == 0 {
		return 0
	}
	h1, l1 := bits.Mul64(mag(a), mag(b))
	h2, l2 := bits.Mul64(mag(c), mag(d))
	r := 0
	switch {
	case h1 < h2 || (h1 == h2 && l1 < l2):
		r = -1
	case h1 > h2 || l1 > l2:
		r = 1
	}
	return r * s1
}

// FractionCompare compares an/ad with bn/bd and returns -1, 0 or 1. Like
// GStreamer it reduces both fractions and then compares the cross products
// an·bd and bn·ad, so a negative denominator is not normalised first. A zero
// denominator gives 0. Safe for concurrent use.
//
// GStreamer: gst_util_fraction_compare (gst/gstutils.c).
func FractionCompare(an, ad, bn, bd int) int {
	if ad == 0 || bd == 0 {
		return 0
	}
	aN, aD, bN, bD := int64(an), int64(ad), int64(bn), int64(bd)
	g := GreatestCommonDivisorInt64(aN, aD)
	aN, aD = aN/g, aD/g
	g = GreatestCommonDivisorInt64(bN, bD)
	bN, bD = bN/g, bD/g
	if aN == bN && aD == bD {
		return 0
	}
	return mulCmp(aN, bD, bN, aD)
}

// FractionToDouble returns n/d as a float64; ok is false (and the value 0)
// when d is 0. Safe for concurrent use.
//
// GStreamer: gst_util_fraction_to_double (gst/gstutils.c).
func FractionToDouble(n, d int) (v float64, ok bool) {
	if d == 0 {
		return 0, false
	}
	return float64(n) / float64(d), true
}

// Limits of GStreamer's continued-fraction expansion in DoubleToFraction.
const (
	d2fMaxTerms   = 30
	d2fMinDivisor = 1.0e-10
	d2fMaxError   = 1.0e-20
)

// DoubleToFraction approximates src by a reduced fraction n/d whose terms
// fit in int32, by expanding src as a continued fraction (at most 30 terms,
// stopping when the remainder is below 1e-10, the error below 1e-20, or the
// next convergent would overflow int32). A negative src gives a negative n;
// d is always positive.
//
// Where C's behaviour is undefined (a term that does not fit in a gint) this
// keeps the last convergent, or saturates to ±math.MaxInt32/1 when src itself
// is out of range; NaN gives 0/1. Safe for concurrent use.
//
// GStreamer: gst_util_double_to_fraction (gst/gstutils.c).
func DoubleToFraction(src float64) (n, d int) {
	if math.IsNaN(src) {
		return 0, 1
	}
	f := src
	negative := false
	if f < 0 {
		f = -f
		negative = true
	}
	v := f
	var n1, d1, n2, d2 int64 = 1, 0, 0, 1
	var num, den int32 = 1, 1
	for i := 0; i < d2fMaxTerms; i++ {
		if f >= 1<<31 { // (gint) F is undefined in C
			if i == 0 {
				num, den = math.MaxInt32, 1
			}
			break
		}
		a := int32(f)
		f -= float64(a)
		n2 = n1*int64(a) + n2
		d2 = d1*int64(a) + d2
		if n2 > math.MaxInt32 || d2 > math.MaxInt32 {
			break
		}
		num, den = int32(n2), int32(d2)
		n2, d2 = n1, d1
		n1, d1 = int64(num), int64(den)
		if f < d2fMinDivisor || math.Abs(v-float64(num)/float64(den)) < d2fMaxError {
			break
		}
		f = 1 / f
	}
	if den == 0 {
		num, den = math.MaxInt32, 1
	}
	if negative {
		num = -num
	}
	if g := gcd32(num, den); g != 0 {
		num, den = num/g, den/g
	}
	return int(num), int(den)
}
