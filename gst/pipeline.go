package gst

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
)

// Pipeline is the top-level bin: it owns a bus, selects a clock, sets the
// base time on PAUSED→PLAYING (so running time continues where it paused),
// resets running time on flushing seeks, and configures latency.
//
// GStreamer: GstPipeline (gst/gstpipeline.c).
type Pipeline struct {
	Bin

	pmu           sync.Mutex
	fixedClock    Clock
	delay         ClockTime
	latency       ClockTime
	autoFlushBus  bool
	lastStartTime ClockTime
	updateClock   bool
}

var pipelineClass = &ElementClass{
	Name:     "pipeline",
	TypeName: "GstPipeline",
	Rank:     RankNone,
	Metadata: ElementMetadata{LongName: "Pipeline object", Klass: "Generic/Bin",
		Description: "Complete pipeline object", Author: "Erik Walthinsen <omega@cse.ogi.edu>, Wim Taymans <wim.taymans@gmail.com>"},
	Properties: []*ParamSpec{
		ParamUint64("delay", "Delay", "Expected delay needed for elements to spin up to PLAYING in nanoseconds", 0, ^uint64(0), 0, ParamReadWrite),
		ParamBool("auto-flush-bus", "Auto Flush Bus", "Whether to automatically flush the pipeline's bus when going from READY into NULL state", true, ParamReadWrite),
		ParamUint64("latency", "Latency", "Latency to configure on the pipeline", 0, ^uint64(0), ^uint64(0), ParamReadWrite),
	},
	New: func() Element { return &Pipeline{} },
}

// PipelineClass returns the element class of "pipeline".
//
// GStreamer: GST_TYPE_PIPELINE (gst/gstpipeline.h).
func PipelineClass() *ElementClass { return pipelineClass }

// NewPipeline returns a new empty pipeline with its own bus ("" for a
// default name such as "pipeline0").
//
// GStreamer: gst_pipeline_new (gst/gstpipeline.c).
func NewPipeline(name string) *Pipeline {
	p := &Pipeline{}
	InitElement(p, pipelineClass, name)
	return p
}

// Constructed creates the pipeline's bus.
//
// GStreamer: gst_pipeline_init (gst/gstpipeline.c).
func (p *Pipeline) Constructed() error {
	p.autoFlushBus = true
	p.latency = ClockTimeNone
	p.SetBus(NewBus())
	return nil
}

// SetProperty sets delay, auto-flush-bus or latency.
//
// GStreamer: gst_pipeline_set_property (gst/gstpipeline.c).
func (p *Pipeline) SetProperty(name string, v any) error {
	p.pmu.Lock()
	defer p.pmu.Unlock()
	switch name {
	case "delay":
		p.delay = ClockTime(v.(uint64))
	case "auto-flush-bus":
		p.autoFlushBus = v.(bool)
	case "latency":
		p.latency = ClockTime(v.(uint64))
	default:
		return ErrUnknownProperty
	}
	return nil
}

// Property returns delay, auto-flush-bus or latency.
//
// GStreamer: gst_pipeline_get_property (gst/gstpipeline.c).
func (p *Pipeline) Property(name string) any {
	p.pmu.Lock()
	defer p.pmu.Unlock()
	switch name {
	case "delay":
		return uint64(p.delay)
	case "auto-flush-bus":
		return p.autoFlushBus
	case "latency":
		return uint64(p.latency)
	}
	return nil
}

// SetLatency sets the latency to configure (ClockTimeNone = use the
// latency query's minimum).
//
// GStreamer: gst_pipeline_set_latency (gst/gstpipeline.c).
func (p *Pipeline) SetLatency(l ClockTime) {
	p.pmu.Lock()
	p.latency = l
	p.pmu.Unlock()
}

// Latency returns the configured latency property.
//
// GStreamer: gst_pipeline_get_latency (gst/gstpipeline.c).
func (p *Pipeline) Latency() ClockTime {
	p.pmu.Lock()
	defer p.pmu.Unlock()
	return p.latency
}

// UseClock forces the pipeline to use c (nil to go back to automatic
// selection).
//
// GStreamer: gst_pipeline_use_clock (gst/gstpipeline.c).
func (p *Pipeline) UseClock(c Clock) {
	p.pmu.Lock()
	p.fixedClock = c
	p.pmu.Unlock()
}

// AutoClock returns to automatic clock selection.
//
// GStreamer: gst_pipeline_auto_clock (gst/gstpipeline.c).
func (p *Pipeline) AutoClock() { p.UseClock(nil) }

// PipelineClock returns the clock the pipeline uses or would select.
//
// GStreamer: gst_pipeline_get_pipeline_clock (gst/gstpipeline.c).
func (p *Pipeline) PipelineClock() Clock {
	if c := p.Clock(); c != nil {
		return c
	}
	return p.ProvideClock()
}

// ProvideClock returns the forced clock, else the clock of the most
// upstream provider among the children, else the system clock.
//
// GStreamer: gst_pipeline_provide_clock_func (gst/gstpipeline.c).
func (p *Pipeline) ProvideClock() Clock {
	p.pmu.Lock()
	fixed := p.fixedClock
	p.pmu.Unlock()
	if fixed != nil {
		return fixed
	}
	if c := p.Bin.ProvideClock(); c != nil {
		return c
	}
	return SystemClockObtain()
}

func (p *Pipeline) resetStartTime(rt ClockTime) {
	p.mu.Lock()
	if p.startTime != ClockTimeNone {
		p.startTime = rt
		p.pmu.Lock()
		p.lastStartTime = ClockTimeNone
		p.pmu.Unlock()
	}
	p.mu.Unlock()
}

// updateStartTime stores the running time reached as start time (so that
// PLAYING resumes from it) and asks for a clock selection on the next
// PAUSED→PLAYING (pipeline_update_start_time).
func (p *Pipeline) updateStartTime() {
	clock := p.Clock()
	if clock == nil || p.StartTime() == ClockTimeNone {
		return
	}
	now := clock.Time()
	base := p.BaseTime()
	if now != ClockTimeNone && now >= base {
		p.SetStartTime(now - base)
	}
	p.pmu.Lock()
	p.updateClock = true
	p.pmu.Unlock()
}

// playing selects the clock (when needed) and the base time on
// PAUSED→PLAYING of a top-level pipeline; it reports false when a child
// refused the clock.
func (p *Pipeline) playing() bool {
	cur := p.Clock()
	start := p.StartTime()
	p.pmu.Lock()
	last := p.lastStartTime
	p.lastStartTime = start
	update := p.updateClock
	p.updateClock = false
	delay := p.delay
	p.pmu.Unlock()
	// Only a top-level pipeline whose running time changed (PAUSED or a
	// flush) selects; a flush keeps the clock.
	if p.Parent() != nil || (!update && last == start) {
		return true
	}
	clock := cur
	if update {
		clock = p.ProvideClock()
	}
	now := ClockTimeNone
	if clock != nil {
		now = clock.Time()
	}
	if clock != cur {
		if !p.SetClock(clock) {
			p.PostError(&CoreError{Code: CoreErrorClock, Msg: "Selected clock cannot be used in pipeline."}, "Pipeline cannot operate with selected clock")
			return false
		}
		p.PostMessage(NewNewClockMessage(p, clock))
	}
	if start != ClockTimeNone && now != ClockTimeNone {
		p.SetBaseTime(now - start + delay)
	}
	return true
}

// ChangeState adds the pipeline's clock and time handling around the bin's
// state change: on PAUSED→PLAYING a top-level pipeline selects its clock
// (posting NEW_CLOCK when it changed) and sets base time = clock now −
// start time + delay; PLAYING→PAUSED keeps the running time as start time;
// running time restarts at 0 on READY→PAUSED and PAUSED→READY; the bus is
// flushed on READY→NULL (auto-flush-bus).
//
// GStreamer: gst_pipeline_change_state (gst/gstpipeline.c).
func (p *Pipeline) ChangeState(t StateChange) StateChangeReturn {
	switch t {
	case StateChangeNullToReady:
		if b := p.Bus(); b != nil {
			b.SetFlushing(false)
		}
	case StateChangeReadyToPaused:
		p.pmu.Lock()
		p.updateClock = true
		p.pmu.Unlock()
		p.resetStartTime(0)
	case StateChangePausedToPlaying:
		if !p.playing() {
			return StateChangeFailure
		}
	case StateChangePlayingToPaused:
		p.updateStartTime()
	case StateChangePausedToReady:
		// the children's running time starts from 0 again
		p.resetStartTime(0)
	}
	ret := p.Bin.ChangeState(t)
	switch t {
	case StateChangePlayingToPaused:
		p.updateStartTime()
	case StateChangeReadyToNull:
		p.pmu.Lock()
		flush := p.autoFlushBus
		p.pmu.Unlock()
		if b := p.Bus(); flush && b != nil {
			b.SetFlushing(true)
		}
	}
	return ret
}

// HandleMessage handles RESET_TIME (a flushing seek restarts running time
// at the given value) and CLOCK_LOST (reselect the clock on the next
// PAUSED→PLAYING), then lets the bin handle the message.
//
// GStreamer: gst_pipeline_handle_message (gst/gstpipeline.c).
func (p *Pipeline) HandleMessage(msg Message) {
	switch m := msg.(type) {
	case *ResetTimeMessage:
		p.resetStartTime(m.RunningTime)
	case *ClockLostMessage:
		if m.Clock == p.Clock() {
			p.pmu.Lock()
			p.updateClock = true
			p.pmu.Unlock()
		}
	}
	p.Bin.HandleMessage(msg)
}

func (p *Pipeline) doLatency() bool { return p.doLatencyDefault(p.Latency()) }

// Run plays the pipeline until EOS, an ERROR message (or a failed delayed
// link, see RunError) or ctx cancellation, then sets it to NULL. It
// answers LATENCY messages by recalculating latency. It returns nil at
// EOS, the error of an ERROR message (an *ErrorMessage wrapped as
// *PipelineError), a state-change failure, or ctx.Err().
//
// GStreamer: none (Go-only helper; the loop of gst-launch's event_loop).
func (p *Pipeline) Run(ctx context.Context) (err error) {
	bus := p.Bus()
	defer func() {
		p.SetState(StateNull)
	}()
	if p.SetState(StatePlaying) == StateChangeFailure {
		// an error message usually says why
		if m := bus.PopFiltered(MessageError); m != nil {
			return errorFromMessage(m)
		}
		return fmt.Errorf("%s: failed to set pipeline to PLAYING", p.Name())
	}
	msgs := bus.Messages(ctx)
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case m, ok := <-msgs:
			if !ok {
				return ctx.Err()
			}
			switch m.(type) {
			case *EOSMessage:
				if m.Src() == Object(p) {
					return nil
				}
			case *ErrorMessage, *WarningMessage:
				if err := RunError(m); err != nil {
					return err
				}
			case *LatencyMessage:
				p.RecalculateLatency()
			}
		}
	}
}

// PipelineError is the error Pipeline.Run returns for an ERROR message
// (or a failed delayed link, see RunError): the posting element's path,
// the error and its debug text (with its "file(line): function (): path"
// origin; Error shows only what follows it).
//
// GStreamer: none (Go-only helper around GST_MESSAGE_ERROR).
type PipelineError struct {
	Source string
	Err    error
	Debug  string
}

// Error returns "source: error (debug detail)".
//
// GStreamer: none (Go-only helper).
func (e *PipelineError) Error() string {
	s := fmt.Sprintf("%s: %v", e.Source, e.Err)
	if d := debugDetail(e.Debug); d != "" {
		s += " (" + d + ")"
	}
	return s
}

// debugDetail strips the origin line PostError puts in front of a debug
// text ("file(line): function (): path" and ":\n").
func debugDetail(debug string) string {
	origin, detail, found := strings.Cut(debug, ":\n")
	if found && strings.Contains(origin, "): ") {
		return detail
	}
	if !found && strings.Contains(debug, " (): ") {
		return ""
	}
	return debug
}

// Unwrap returns the element's error.
//
// GStreamer: none (Go-only helper).
func (e *PipelineError) Unwrap() error { return e.Err }

// RunError is the decision of Pipeline.Run (and libs/loop) about a bus
// message: a *PipelineError for an ERROR message, and also for the WARNING
// of a failed delayed link (ParseErrorDelayedLink): GStreamer only warns
// there, and gst-launch-1.0 then waits forever for the branch that never
// gets data (say an H.265 track offered to h264parse); a Go program
// gets an error naming the demuxer instead. nil for any other message.
//
// GStreamer: none (Go-only helper).
func RunError(m Message) error {
	switch mm := m.(type) {
	case *ErrorMessage:
		return &PipelineError{Source: PathString(m.Src()), Err: mm.Err, Debug: mm.Debug}
	case *WarningMessage:
		if errors.Is(mm.Err, ParseErrorDelayedLink) {
			return &PipelineError{Source: PathString(m.Src()), Err: mm.Err, Debug: mm.Debug}
		}
	}
	return nil
}

func errorFromMessage(m Message) error {
	if err := RunError(m); err != nil {
		return err
	}
	return errors.New("pipeline error")
}
