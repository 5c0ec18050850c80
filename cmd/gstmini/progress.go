package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/gstmini/gstmini/gst"
)

// progressDelay is how long the pipeline must have been PLAYING before the
// position line appears on a terminal.
const progressDelay = time.Second

// progressInterval is the refresh period of the position line (gst-launch
// queries every 100 ms).
const progressInterval = 200 * time.Millisecond

// progressLine is the one updating "position / duration" line shown on a
// terminal. Guarded by launcher.outMu.
type progressLine struct {
	w     io.Writer
	shown bool
}

// show replaces the line with s.
func (p *progressLine) show(s string) {
	io.WriteString(p.w, "\r\x1b[K"+s)
	p.shown = true
}

// clear erases the line so that other output starts on a clean line.
func (p *progressLine) clear() {
	if p.shown {
		io.WriteString(p.w, "\r\x1b[K")
		p.shown = false
	}
}

// positionMode says where the position goes: nowhere, an updating line on
// the stderr terminal, or full lines on stdout (--force-position when
// stdout is not a terminal, as gst-launch).
type positionMode int

const (
	positionOff positionMode = iota
	positionTerminal
	positionLines
)

func (l *launcher) positionMode() positionMode {
	switch {
	case l.opts.noPosition:
		return positionOff
	case l.env.stderrTTY:
		return positionTerminal
	case l.opts.forcePosition && !l.env.stdoutTTY:
		return positionLines
	}
	return positionOff
}

// positionTicker returns the channel that triggers position queries (nil
// when the position is not shown) and a function stopping it.
func (l *launcher) positionTicker() (<-chan struct{}, func()) {
	mode := l.positionMode()
	if mode == positionOff {
		return nil, func() {}
	}
	if mode == positionTerminal {
		l.outMu.Lock()
		l.progress = &progressLine{w: l.env.stderr}
		l.outMu.Unlock()
	}
	if l.env.tick != nil {
		return l.env.tick, func() {}
	}
	interval := progressInterval
	if mode == positionLines {
		interval = 100 * time.Millisecond
	}
	t := time.NewTicker(interval)
	ch := make(chan struct{})
	done := make(chan struct{})
	go func() {
		for {
			select {
			case <-t.C:
				select {
				case ch <- struct{}{}:
				case <-done:
					return
				}
			case <-done:
				return
			}
		}
	}()
	stopped := false
	return ch, func() {
		if !stopped {
			stopped = true
			t.Stop()
			close(done)
		}
	}
}

// queryPosition shows the pipeline position and duration, as gst-launch's
// query_pipeline_position.
func (l *launcher) queryPosition() {
	l.mu.Lock()
	buffering, since := l.buffering, l.playingSince
	l.mu.Unlock()
	if buffering {
		return
	}
	mode := l.positionMode()
	if mode == positionTerminal && (since.IsZero() || time.Since(since) < progressDelay) && l.env.tick == nil {
		return
	}
	pos, ok := l.pipeline.QueryPosition(gst.FormatTime)
	if !ok || pos < 0 {
		return
	}
	dur, ok := l.pipeline.QueryDuration(gst.FormatTime)
	if !ok {
		dur = -1
	}
	s := formatPosition(pos, dur)
	if mode == positionLines {
		l.printAlways("%s\n", s)
		return
	}
	l.outMu.Lock()
	if l.progress != nil {
		l.progress.show(s)
	}
	l.outMu.Unlock()
}

// formatPosition is "0:00:03.2 / 0:00:10.0 (32.0 %)": both times cut to
// tenths of a second, the percentage only when the duration is known and
// not below the position.
func formatPosition(pos, dur int64) string {
	p := gst.ClockTime(pos).String()[:9]
	d := gst.ClockTime(uint64(dur)).String()
	if len(d) > 9 {
		d = d[:9]
	}
	if dur > 0 && dur >= pos {
		return fmt.Sprintf("%s / %s (%.1f %%)", p, d, 100*float64(pos)/float64(dur))
	}
	return fmt.Sprintf("%s / %s", p, d)
}

// isTerminal reports whether f is a terminal.
func isTerminal(f *os.File) bool {
	return isatty(f.Fd())
}
