package storage

import (
	"fmt"
	"strings"
)

// FormatLocation expands a printf-style file or object name pattern
// holding exactly one integer conversion (%d, %05d, %i, %u, %x...) with
// index, as g_strdup_printf does for multifilesink's and hlssink2's
// "location". "%%" is a literal percent sign. Other conversions, none, or
// more than one are an error (C would read garbage from the stack).
// Field widths are capped so a hostile pattern cannot build a huge name.
//
// GStreamer: g_strdup_printf (location, index) in gst_multi_file_sink_write_buffer
// (gst-plugins-good gst/multifile/gstmultifilesink.c).
func FormatLocation(pattern string, index int) (string, error) {
	var b strings.Builder
	convs := 0
	for i := 0; i < len(pattern); i++ {
		c := pattern[i]
		if c != '%' {
			b.WriteByte(c)
			continue
		}
		j := i + 1
		if j < len(pattern) && pattern[j] == '%' {
			b.WriteByte('%')
			i = j
			continue
		}
		for j < len(pattern) && strings.IndexByte("0-+ #", pattern[j]) >= 0 {
			j++
		}
		width := 0
		for j < len(pattern) && pattern[j] >= '0' && pattern[j] <= '9' {
			width = min(width*10+int(pattern[j]-'0'), 1000)
			j++
		}
		if width > 32 {
			return "", fmt.Errorf("location %q: conversion width %d too large (at most 32)", pattern, width)
		}
		for j < len(pattern) && (pattern[j] == 'l' || pattern[j] == 'h') {
			j++
		}
		if j >= len(pattern) {
			return "", fmt.Errorf("location %q: incomplete conversion at the end", pattern)
		}
		spec := strings.TrimRight(pattern[i+1:j], "lh")
		switch pattern[j] {
		case 'd', 'i', 'u':
			fmt.Fprintf(&b, "%"+spec+"d", index)
		case 'x':
			fmt.Fprintf(&b, "%"+spec+"x", index)
		case 'X':
			fmt.Fprintf(&b, "%"+spec+"X", index)
		default:
			return "", fmt.Errorf("location %q: unsupported conversion %%%c (one integer conversion expected)", pattern, pattern[j])
		}
		convs++
		i = j
	}
	if convs != 1 {
		return "", fmt.Errorf("location %q: want exactly one integer conversion such as %%05d, found %d", pattern, convs)
	}
	return b.String(), nil
}
