package loop

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/gstmini/gstmini/gst"
)

// Options configure a loop.
//
// GStreamer: none (Go-only helper).
type Options struct {
	// Count is how many times the media is played in total; 0 (or a
	// negative value) plays forever. The last play is started with a
	// seek without the SEGMENT flag, so it ends with a normal EOS.
	Count int
	// Start is where every play starts, in nanoseconds of stream time
	// (0: the beginning).
	Start gst.ClockTime
	// Stop is where every play ends, in nanoseconds of stream time; 0 or
	// gst.ClockTimeNone plays to the end of the media.
	Stop gst.ClockTime
	// OnLoop, if set, is called with the number of plays finished so
	// far (1, 2, ...) each time a play ends at a loop point, before the
	// seek that starts the next one. It is called from the goroutine
	// that handles the bus messages (the one running Run).
	OnLoop func(done int)
}

// ErrSeekFailed is returned (wrapped) when the pipeline refuses one of the
// segment seeks, usually because no element upstream of the sinks can seek
// in TIME.
//
// GStreamer: none (Go-only helper).
var ErrSeekFailed = errors.New("loop: segment seek failed")

// Looper drives the segment seeks of one pipeline. Create it with Attach,
// call Start, set the pipeline PLAYING and pass every bus message to
// HandleMessage. Safe for concurrent use.
//
// GStreamer: none (Go-only helper).
type Looper struct {
	p    *gst.Pipeline
	opts Options

	mu    sync.Mutex
	plays int // plays finished (SEGMENT_DONE or EOS seen)
}

// Attach returns a Looper for p with opts. It does not touch the
// pipeline.
//
// GStreamer: none (Go-only helper).
func Attach(p *gst.Pipeline, opts Options) *Looper {
	return &Looper{p: p, opts: opts}
}

// Plays returns how many plays have finished so far. Safe for concurrent
// use.
//
// GStreamer: none (Go-only helper).
func (l *Looper) Plays() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.plays
}

// lastPlay reports whether play number n (1-based) is the last one.
func (l *Looper) lastPlay(n int) bool { return l.opts.Count > 0 && n >= l.opts.Count }

// seek sends the seek that starts play number n (1-based): flushing for
// the first, without the SEGMENT flag for the last.
func (l *Looper) seek(n int) error {
	var flags gst.SeekFlags
	if n == 1 {
		flags |= gst.SeekFlagFlush
	}
	if !l.lastPlay(n) {
		flags |= gst.SeekFlagSegment
	}
	stopType, stop := gst.SeekTypeNone, int64(-1)
	if l.opts.Stop != 0 && l.opts.Stop != gst.ClockTimeNone {
		stopType, stop = gst.SeekTypeSet, int64(l.opts.Stop)
	}
	if !l.p.Seek(1.0, gst.FormatTime, flags, gst.SeekTypeSet, int64(l.opts.Start), stopType, stop) {
		return fmt.Errorf("%w: %s did not accept the seek to %v for play %d", ErrSeekFailed, l.p.Name(), l.opts.Start, n)
	}
	return nil
}

// Start brings the pipeline to PAUSED, waits for the preroll (or ctx), and
// sends the first, flushing, segment seek. It returns the error of an
// ERROR message or state-change failure, ErrSeekFailed, or ctx.Err().
// Call it from the application's goroutine, not from a streaming thread.
//
// GStreamer: none (Go-only helper; gst_element_set_state and
// gst_element_seek with GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_SEGMENT).
func (l *Looper) Start(ctx context.Context) error {
	if err := l.waitState(ctx, gst.StatePaused); err != nil {
		return err
	}
	return l.seek(1)
}

// waitState sets state and waits until it is reached, failed, or ctx is
// done; a failure returns the bus's ERROR message when there is one.
func (l *Looper) waitState(ctx context.Context, state gst.State) error {
	ret := l.p.SetState(state)
	for ret == gst.StateChangeAsync {
		if err := ctx.Err(); err != nil {
			return err
		}
		ret, _, _ = l.p.State(50 * gst.Millisecond)
	}
	if ret == gst.StateChangeFailure {
		if m := l.p.Bus().PopFiltered(gst.MessageError); m != nil {
			return gst.RunError(m)
		}
		return fmt.Errorf("loop: %s failed to go to %s", l.p.Name(), state)
	}
	return nil
}

// HandleMessage handles one bus message of the pipeline. On the
// pipeline's SEGMENT_DONE it counts a play, calls Options.OnLoop and sends
// the non-flushing seek that starts the next play. It returns done=true
// with a nil error at the pipeline's EOS (the last play ended), and
// done=true with the error for an ERROR message or a refused seek. Other
// messages (LATENCY is answered by recalculating latency) return false,
// nil. Call it from the goroutine that reads the bus.
//
// GStreamer: none (Go-only helper; the bus handling of a looping
// application).
func (l *Looper) HandleMessage(m gst.Message) (done bool, err error) {
	switch m.(type) {
	case *gst.SegmentDoneMessage:
		if m.Src() != gst.Object(l.p) {
			return false, nil
		}
		l.mu.Lock()
		l.plays++
		n := l.plays
		l.mu.Unlock()
		if l.opts.OnLoop != nil {
			l.opts.OnLoop(n)
		}
		if err := l.seek(n + 1); err != nil {
			return true, err
		}
	case *gst.EOSMessage:
		if m.Src() == gst.Object(l.p) {
			l.mu.Lock()
			l.plays++
			l.mu.Unlock()
			return true, nil
		}
	case *gst.ErrorMessage, *gst.WarningMessage:
		if err := gst.RunError(m); err != nil {
			return true, err
		}
	case *gst.LatencyMessage:
		l.p.RecalculateLatency()
	}
	return false, nil
}

// Run plays p in a loop as described in the package documentation: it
// brings p to PAUSED, sends a flushing SEGMENT seek to Options.Start (to
// Options.Stop or the end), sets PLAYING and, on every SEGMENT_DONE of the
// pipeline, sends a non-flushing SEGMENT seek back to the start, so
// running time keeps increasing across loop points. With Options.Count > 0
// the last play ends with EOS and Run returns nil; otherwise it runs until
// an ERROR message (returned as *gst.PipelineError), a refused seek
// (ErrSeekFailed) or ctx is cancelled (ctx.Err()). It always leaves p in
// NULL.
//
// GStreamer: none (Go-only helper).
func Run(ctx context.Context, p *gst.Pipeline, opts Options) (err error) {
	defer p.SetState(gst.StateNull)
	l := Attach(p, opts)
	mctx, cancel := context.WithCancel(ctx)
	defer cancel()
	// Start reading the bus only once the first seek is done: messages
	// of the preroll stay queued and are handled below.
	if err := l.Start(ctx); err != nil {
		return err
	}
	if err := l.waitState(ctx, gst.StatePlaying); err != nil {
		return err
	}
	msgs := p.Bus().Messages(mctx)
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case m, ok := <-msgs:
			if !ok {
				return ctx.Err()
			}
			if done, err := l.HandleMessage(m); done {
				return err
			}
		}
	}
}
