//go:build !race

package coreelements

const fakesrcRaceEnabled = false
