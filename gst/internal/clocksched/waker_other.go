//go:build !linux

package clocksched

import "time"

const monoOffset = int64(time.Second)

func lowerTimerSlack() {}

func newWaker() waker { return newTimerWaker() }
