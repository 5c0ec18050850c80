package hls

import (
	"fmt"
	"strings"
)

// hlsFormatLocation expands a printf-style name pattern holding exactly
// one integer conversion (%d, %05d, %i, %u, %x...) with index, as
// g_strdup_printf does in hlssink2. "%%" is a literal percent sign. Any
// other conversion, or none, or more than one, is an error.
func hlsFormatLocation(pattern string, index int) (string, error) {
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
			j++ // length modifiers of C
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
