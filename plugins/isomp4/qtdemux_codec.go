package isomp4

import (
	"fmt"

	"github.com/gstmini/gstmini/gst"
)

// Codec helpers: the parts of gst-plugins-base's pbutils (codec-utils.c)
// and video library (video.c, video-color.c) that qtdemux uses to describe
// its caps. They work on bytes already extracted by mp4ff.

// qtdemuxAACSampleRates is the AAC sampling frequency index table.
var qtdemuxAACSampleRates = [...]uint32{96000, 88200, 64000, 48000, 44100,
	32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350}

// qtdemuxBitReader reads big-endian bit fields.
type qtdemuxBitReader struct {
	data []byte
	pos  int // in bits
}

func (r *qtdemuxBitReader) bits(n int) (uint32, bool) {
	if r.pos+n > len(r.data)*8 {
		return 0, false
	}
	var v uint32
	for i := 0; i < n; i++ {
		b := r.data[(r.pos+i)/8] >> (7 - uint((r.pos+i)%8)) & 1
		v = v<<1 | uint32(b)
	}
	r.pos += n
	return v, true
}

func qtdemuxAACObjectType(r *qtdemuxBitReader) (uint32, bool) {
	aot, ok := r.bits(5)
	if !ok {
		return 0, false
	}
	if aot == 31 {
		ext, ok := r.bits(6)
		if !ok {
			return 0, false
		}
		aot = 32 + ext
	}
	return aot, true
}

func qtdemuxAACRate(r *qtdemuxBitReader) (uint32, bool) {
	idx, ok := r.bits(4)
	if !ok {
		return 0, false
	}
	if idx == 0xf {
		return r.bits(24)
	}
	if int(idx) >= len(qtdemuxAACSampleRates) {
		return 0, false
	}
	return qtdemuxAACSampleRates[idx], true
}

// qtdemuxAACConfig parses the start of an AudioSpecificConfig.
//
// GStreamer: gst_codec_utils_aac_get_audio_object_type_full (gst-libs/gst/pbutils/codec-utils.c).
func qtdemuxAACConfig(cfg []byte) (aot, rate, channels uint32, ok bool) {
	r := &qtdemuxBitReader{data: cfg}
	if aot, ok = qtdemuxAACObjectType(r); !ok {
		return
	}
	if rate, ok = qtdemuxAACRate(r); !ok {
		return
	}
	if channels, ok = r.bits(4); !ok {
		return
	}
	if aot == 5 || aot == 29 {
		if rate, ok = qtdemuxAACRate(r); !ok {
			return
		}
		if aot, ok = qtdemuxAACObjectType(r); !ok {
			return
		}
	}
	return aot, rate, channels, true
}

// qtdemuxAACChannels is gst_codec_utils_aac_get_channels.
func qtdemuxAACChannels(cfg []byte) int {
	if len(cfg) < 2 {
		return 0
	}
	c := int(cfg[1]&0x7f) >> 3
	switch {
	case c > 0 && c < 7:
		return c
	case c == 7:
		return 8
	}
	return 0
}

// qtdemuxAACProfile is gst_codec_utils_aac_get_profile.
func qtdemuxAACProfile(cfg []byte) string {
	if len(cfg) < 1 {
		return ""
	}
	aot, _, _, ok := qtdemuxAACConfig(cfg)
	if !ok {
		return ""
	}
	switch aot {
	case 1:
		return "main"
	case 2:
		return "lc"
	case 3:
		return "ssr"
	case 4:
		return "ltp"
	}
	return ""
}

// qtdemuxAACLevel is gst_codec_utils_aac_get_level.
func qtdemuxAACLevel(cfg []byte) string {
	if len(cfg) < 2 {
		return ""
	}
	aot, rate, chcfg, ok := qtdemuxAACConfig(cfg)
	if !ok {
		return ""
	}
	var sce, cpe, lfe int
	switch chcfg {
	case 1:
		sce = 1
	case 2:
		cpe = 1
	case 3:
		sce, cpe = 1, 1
	case 4:
		sce, cpe = 2, 1
	case 5, 6:
		sce, cpe = 1, 2
	case 7, 12, 14:
		sce, cpe, lfe = 1, 3, 1
	case 11:
		sce, cpe, lfe = 2, 2, 1
	default:
		return ""
	}
	var pcuRef, rcuRef int
	switch aot {
	case 0:
		return ""
	case 2:
		pcuRef, rcuRef = 3, 3
	case 3:
		pcuRef, rcuRef = 4, 3
	case 4:
		pcuRef, rcuRef = 4, 4
	default:
		pcuRef, rcuRef = 5, 5
	}
	// Same float arithmetic and int truncation as the C code.
	pcu := int(float32(rate) / 48000 * float32(pcuRef) * float32(float64(2*cpe+sce+lfe)))
	rcuF := float64(rcuRef) * (float64(sce) + 0.5*float64(lfe))
	rcu := int(rcuF)
	if cpe < 2 {
		rcu += (rcuRef + (rcuRef - 1)) * cpe
	} else {
		rcu += rcuRef + (rcuRef-1)*(2*cpe-1)
	}
	nch := sce + 2*cpe
	ret := -1
	if aot == 2 {
		switch {
		case nch <= 2 && rate <= 24000 && pcu <= 3 && rcu <= 5:
			ret = 1
		case nch <= 2 && rate <= 48000 && pcu <= 6 && rcu <= 5:
			ret = 2
		case nch <= 5 && rate <= 48000 && pcu <= 19 && rcu <= 15:
			ret = 4
		case nch <= 5 && rate <= 96000 && pcu <= 38 && rcu <= 15:
			ret = 5
		case nch <= 7 && rate <= 48000 && pcu <= 25 && rcu <= 19:
			ret = 6
		case nch <= 7 && rate <= 96000 && pcu <= 50 && rcu <= 19:
			ret = 7
		}
	} else {
		switch {
		case pcu < 40 && rcu < 20:
			ret = 1
		case pcu < 80 && rcu < 64:
			ret = 2
		case pcu < 160 && rcu < 128:
			ret = 3
		case pcu < 320 && rcu < 256:
			ret = 4
		}
	}
	if ret < 0 {
		return ""
	}
	return fmt.Sprint(ret)
}

// qtdemuxH264Profile is gst_codec_utils_h264_get_profile on the 3 bytes
// profile_idc, constraint flags, level_idc.
func qtdemuxH264Profile(sps []byte) string {
	if len(sps) < 2 {
		return ""
	}
	csf1 := sps[1]&0x40 != 0
	csf3 := sps[1]&0x10 != 0
	csf4 := sps[1]&0x08 != 0
	csf5 := sps[1]&0x04 != 0
	switch sps[0] {
	case 66:
		if csf1 {
			return "constrained-baseline"
		}
		return "baseline"
	case 77:
		return "main"
	case 88:
		return "extended"
	case 100:
		if csf4 {
			if csf5 {
				return "constrained-high"
			}
			return "progressive-high"
		}
		return "high"
	case 110:
		switch {
		case csf3:
			return "high-10-intra"
		case csf4:
			return "progressive-high-10"
		}
		return "high-10"
	case 122:
		if csf3 {
			return "high-4:2:2-intra"
		}
		return "high-4:2:2"
	case 244:
		if csf3 {
			return "high-4:4:4-intra"
		}
		return "high-4:4:4"
	case 44:
		return "cavlc-4:4:4-intra"
	case 118:
		return "multiview-high"
	case 128:
		return "stereo-high"
	case 83:
		if csf5 {
			return "scalable-constrained-baseline"
		}
		return "scalable-baseline"
	case 86:
		switch {
		case csf3:
			return "scalable-high-intra"
		case csf5:
			return "scalable-constrained-high"
		}
		return "scalable-high"
	}
	return ""
}

// qtdemuxH264Level is gst_codec_utils_h264_get_level.
func qtdemuxH264Level(sps []byte) string {
	if len(sps) < 3 {
		return ""
	}
	csf3 := sps[1]&0x10 != 0
	l := sps[2]
	switch {
	case l == 0:
		return ""
	case (l == 11 && csf3) || l == 9:
		return "1b"
	case l%10 == 0:
		if l/10 < 10 {
			return fmt.Sprint(l / 10)
		}
		return ""
	}
	switch l {
	case 11, 12, 13, 21, 22, 31, 32, 41, 42, 51, 52, 61, 62:
		return fmt.Sprintf("%d.%d", l/10, l%10)
	}
	return ""
}

// qtdemuxH265Level is gst_codec_utils_h265_get_level on a
// profile_tier_level structure.
func qtdemuxH265Level(ptl []byte) string {
	if len(ptl) < 12 {
		return ""
	}
	l := int(ptl[11])
	switch {
	case l == 0:
		return ""
	case l%30 == 0:
		if l/30 < 10 {
			return fmt.Sprint(l / 30)
		}
		return ""
	}
	switch l {
	case 63:
		return "2.1"
	case 93:
		return "3.1"
	case 123:
		return "4.1"
	case 153:
		return "5.1"
	case 156:
		return "5.2"
	case 183:
		return "6.1"
	case 186:
		return "6.2"
	}
	return ""
}

// qtdemuxH265Tier is gst_codec_utils_h265_get_tier.
func qtdemuxH265Tier(ptl []byte) string {
	if len(ptl) < 1 {
		return ""
	}
	if ptl[0]&0x20 != 0 {
		return "high"
	}
	return "main"
}

// qtdemuxH265Profile is the general-profile part of
// gst_codec_utils_h265_get_profile (format range extension profiles are
// not told apart).
func qtdemuxH265Profile(ptl []byte) string {
	if len(ptl) < 2 {
		return ""
	}
	idc := ptl[0] & 0x1f
	if idc == 0 {
		// use the compatibility flags
		for i := 1; i < 32 && 1+i/8 < len(ptl); i++ {
			if ptl[1+i/8]>>(7-uint(i%8))&1 != 0 {
				idc = byte(i)
				break
			}
		}
	}
	switch idc {
	case 1:
		return "main"
	case 2:
		return "main-10"
	case 3:
		return "main-still-picture"
	}
	return ""
}

// qtdemuxGuessFramerate is gst_video_guess_framerate: the framerate of
// frames lasting duration ns, preferring common denominators.
func qtdemuxGuessFramerate(duration gst.ClockTime) (n, d int, ok bool) {
	if duration == 0 {
		return 0, 0, false
	}
	var bestN, bestD int
	bestErr := ^uint64(0)
	if duration > 100000 {
		bestN, bestD = int(gst.Second/10000), int(duration/10000)
	} else {
		bestN, bestD = int(gst.Second), int(duration)
	}
	for _, den := range []int{1, 2, 3, 4, 1001} {
		num := int(gst.Uint64ScaleRound(uint64(den), uint64(gst.Second), uint64(duration)))
		if den == 1001 {
			num += 500
			num -= num % 1000
		}
		if num <= 0 {
			continue
		}
		a := gst.Uint64ScaleInt(uint64(gst.Second), den, num)
		if a < uint64(duration) {
			a = uint64(duration) - a
		} else {
			a -= uint64(duration)
		}
		if a < 2 {
			return num, den, true
		}
		if a*1000 < uint64(duration) && a < bestErr {
			bestErr, bestN, bestD = a, num, den
		}
	}
	if g := gst.GreatestCommonDivisor(bestN, bestD); g != 0 {
		bestN /= g
		bestD /= g
	}
	return bestN, bestD, bestErr != ^uint64(0)
}

// Colorimetry values, as GstVideoColorRange, GstVideoColorMatrix,
// GstVideoTransferFunction and GstVideoColorPrimaries number them.
type qtdemuxColorimetry struct{ rng, matrix, transfer, primaries int }

// qtdemuxColorimetryFromISO converts the colr nclx/nclc values.
//
// GStreamer: gst_video_color_primaries_from_iso, gst_video_transfer_function_from_iso,
// gst_video_color_matrix_from_iso (gst-libs/gst/video/video-color.c).
func qtdemuxColorimetryFromISO(primaries, transfer, matrix uint16, fullRange bool) qtdemuxColorimetry {
	c := qtdemuxColorimetry{rng: 2}
	if fullRange {
		c.rng = 1
	}
	c.primaries = map[uint16]int{1: 1, 4: 2, 5: 3, 6: 4, 7: 5, 8: 6, 9: 7, 10: 9, 11: 10, 12: 11, 22: 12}[primaries]
	c.transfer = map[uint16]int{1: 5, 4: 4, 5: 8, 6: 16, 7: 6, 8: 1, 9: 9, 10: 10, 11: 5, 13: 7, 14: 13, 15: 11, 16: 14, 18: 15}[transfer]
	c.matrix = map[uint16]int{0: 1, 1: 3, 4: 2, 5: 4, 6: 4, 7: 5, 9: 6}[matrix]
	return c
}

// String is gst_video_colorimetry_to_string.
func (c qtdemuxColorimetry) String() string {
	named := []struct {
		name string
		c    qtdemuxColorimetry
	}{
		{"bt601", qtdemuxColorimetry{2, 4, 16, 4}},
		{"bt709", qtdemuxColorimetry{2, 3, 5, 1}},
		{"smpte240m", qtdemuxColorimetry{2, 5, 6, 5}},
		{"sRGB", qtdemuxColorimetry{1, 1, 7, 1}},
		{"bt2020", qtdemuxColorimetry{2, 6, 11, 7}},
		{"bt2020-10", qtdemuxColorimetry{2, 6, 13, 7}},
		{"bt2100-pq", qtdemuxColorimetry{2, 6, 14, 7}},
		{"bt2100-hlg", qtdemuxColorimetry{2, 6, 15, 7}},
	}
	for _, n := range named {
		if n.c == c {
			return n.name
		}
	}
	return fmt.Sprintf("%d:%d:%d:%d", c.rng, c.matrix, c.transfer, c.primaries)
}
