//go:build !linux

package main

import "os"

// isatty reports whether fd is a character device, the portable
// approximation of a terminal check.
func isatty(fd uintptr) bool {
	fi, err := os.NewFile(fd, "").Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
