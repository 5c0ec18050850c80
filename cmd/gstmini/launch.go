package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gstmini/gstmini/gst"
	"github.com/gstmini/gstmini/libs/loop"
)

// launch exit codes, as gst-launch's LaunchExitCode; a state change
// failure (-1 in C) exits with status 255.
const (
	exitOK                 = 0
	exitError              = 1
	exitStateChangeFailure = 255
)

// launchOptions are gst-launch-1.0's options.
type launchOptions struct {
	tags, toc, verbose, quiet, messages, noFault, eos bool
	noPosition, forcePosition                         bool
	exclude                                           []string
	progName, gstDebug, gstDebugLevel                 string
	loop                                              loopFlag
}

// loopFlag is the GstMini-only --loop[=N] option: play the media N times
// (--loop alone: forever) with segment seeks (libs/loop).
type loopFlag struct {
	on    bool
	count int
}

func (f *loopFlag) String() string {
	if !f.on {
		return "false"
	}
	return fmt.Sprint(f.count)
}

// IsBoolFlag lets "--loop" stand alone.
func (f *loopFlag) IsBoolFlag() bool { return true }

func (f *loopFlag) Set(s string) error {
	switch s {
	case "true":
		f.on, f.count = true, 0
		return nil
	case "false":
		f.on, f.count = false, 0
		return nil
	}
	var n int
	if _, err := fmt.Sscanf(s, "%d", &n); err != nil || n < 0 || fmt.Sprint(n) != s {
		return fmt.Errorf("invalid loop count %q", s)
	}
	f.on, f.count = true, n
	return nil
}

// multiFlag collects a repeatable string option (-X).
type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(s string) error { *m = append(*m, s); return nil }

// shortBool lists the single-letter boolean options that may be grouped
// ("-ev"), as GOption allows.
const shortBool = "tcvqmfe"

func parseLaunchOptions(args []string) (*launchOptions, []string, error) {
	o := &launchOptions{}
	fs := flag.NewFlagSet("launch", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	boolFlag := func(p *bool, short, long string) {
		if short != "" {
			fs.BoolVar(p, short, false, "")
		}
		fs.BoolVar(p, long, false, "")
	}
	boolFlag(&o.tags, "t", "tags")
	boolFlag(&o.toc, "c", "toc")
	boolFlag(&o.verbose, "v", "verbose")
	boolFlag(&o.quiet, "q", "quiet")
	boolFlag(&o.messages, "m", "messages")
	boolFlag(&o.noFault, "f", "no-fault")
	boolFlag(&o.eos, "e", "eos-on-shutdown")
	boolFlag(&o.noPosition, "", "no-position")
	boolFlag(&o.forcePosition, "", "force-position")
	var ex multiFlag
	fs.Var(&ex, "X", "")
	fs.Var(&ex, "exclude", "")
	fs.StringVar(&o.progName, "p", "", "")
	fs.StringVar(&o.progName, "prog-name", "", "")
	fs.StringVar(&o.gstDebug, "gst-debug", "", "")
	fs.StringVar(&o.gstDebugLevel, "gst-debug-level", "", "")
	fs.Var(&o.loop, "loop", "")

	// Options may appear anywhere (GOption); "--" ends them. Grouped short
	// booleans are expanded.
	var rest []string
	for i := 0; i < len(args); {
		a := args[i]
		if a == "--" {
			rest = append(rest, args[i+1:]...)
			break
		}
		if len(a) < 2 || a[0] != '-' {
			rest = append(rest, a)
			i++
			continue
		}
		if len(a) > 2 && a[1] != '-' && !strings.Contains(a, "=") && strings.Trim(a[1:], shortBool) == "" {
			var exp []string
			for _, c := range a[1:] {
				exp = append(exp, "-"+string(c))
			}
			args = append(append(append([]string{}, args[:i]...), exp...), args[i+1:]...)
			continue
		}
		// parse exactly this option (and its value, if separate)
		j := i + 1
		if !strings.Contains(a, "=") {
			name := strings.TrimLeft(a, "-")
			if f := fs.Lookup(name); f != nil {
				if _, isBool := f.Value.(interface{ IsBoolFlag() bool }); !isBool && j < len(args) {
					j++
				}
			}
		}
		if err := fs.Parse(args[i:j]); err != nil {
			return nil, nil, optionError(err, a)
		}
		i = j
	}
	o.exclude = ex
	return o, rest, nil
}

// optionError turns a flag package error into GOption's wording.
func optionError(err error, arg string) error {
	msg := err.Error()
	switch {
	case strings.HasPrefix(msg, "flag provided but not defined"):
		return fmt.Errorf("Unknown option %s", arg)
	case strings.HasPrefix(msg, "flag needs an argument"):
		return fmt.Errorf("Missing argument for %s", arg)
	}
	return err
}

// launch implements "gstmini launch".
func (env *environment) launch(args []string) int {
	opts, words, err := parseLaunchOptions(args)
	if err != nil {
		fmt.Fprintf(env.stderr, "Error initializing: %v\n", err)
		return exitError
	}
	if opts.gstDebugLevel != "" {
		if l, err := gst.ParseDebugLevel(opts.gstDebugLevel); err == nil {
			gst.SetDefaultThreshold(l)
		}
	}
	if spec := env.getenv("GST_DEBUG"); spec != "" {
		gst.SetDebugThresholdFromString(spec, false)
	}
	if opts.gstDebug != "" {
		gst.SetDebugThresholdFromString(opts.gstDebug, false)
	}

	el, perr := env.parse(words)
	if el == nil {
		if perr != nil {
			fmt.Fprintf(env.stderr, "ERROR: pipeline could not be constructed: %s.\n", perr.Error())
		} else {
			fmt.Fprintf(env.stderr, "ERROR: pipeline could not be constructed.\n")
		}
		return exitError
	}
	if perr != nil {
		fmt.Fprintf(env.stderr, "WARNING: erroneous pipeline: %s\n", perr.Error())
		return exitError
	}
	l := newLauncher(env, opts)
	return l.runElement(el)
}

// launcher is one gst-launch run: the pipeline, its options and the state
// gst-launch keeps in globals.
type launcher struct {
	env  *environment
	opts *launchOptions

	pipeline *gst.Pipeline

	outMu    sync.Mutex // serialises output; guards progress
	progress *progressLine

	mu           sync.Mutex // guards the fields below (sync handler vs loop)
	isLive       bool
	buffering    bool
	lastCode     int
	targetState  gst.State
	prerolled    bool
	inProgress   bool
	tfthen       time.Time
	playingSince time.Time
	interrupting bool
	waitingEOS   bool

	looper *loop.Looper // --loop: drives the segment seeks

	quitOnce sync.Once
	quit     chan struct{}
	notifyOn atomic.Bool // -v: property notifications are printed
}

func newLauncher(env *environment, opts *launchOptions) *launcher {
	return &launcher{env: env, opts: opts, targetState: gst.StatePaused, quit: make(chan struct{})}
}

func (l *launcher) stop() { l.quitOnce.Do(func() { close(l.quit) }) }

func (l *launcher) stopped() bool {
	select {
	case <-l.quit:
		return true
	default:
		return false
	}
}

// print writes to stdout unless -q (gst-launch's PRINT).
func (l *launcher) print(format string, args ...any) {
	if l.opts.quiet {
		return
	}
	l.write(l.env.stdout, fmt.Sprintf(format, args...))
}

// printAlways writes to stdout even with -q (gst_print).
func (l *launcher) printAlways(format string, args ...any) {
	l.write(l.env.stdout, fmt.Sprintf(format, args...))
}

// printErr writes to stderr (gst_printerr).
func (l *launcher) printErr(format string, args ...any) {
	l.write(l.env.stderr, fmt.Sprintf(format, args...))
}

func (l *launcher) write(w io.Writer, s string) {
	l.outMu.Lock()
	defer l.outMu.Unlock()
	if l.progress != nil {
		l.progress.clear()
	}
	io.WriteString(w, s)
}

// runElement runs el as gst-launch runs the result of gst_parse_launchv and
// returns the exit status.
func (l *launcher) runElement(el gst.Element) int {
	p, ok := el.(*gst.Pipeline)
	if !ok {
		p = gst.NewPipeline("")
		if err := p.Add(el); err != nil {
			l.printErr("ERROR: the 'pipeline' element wasn't found.\n")
			return exitError
		}
	}
	l.pipeline = p
	if l.opts.verbose {
		l.notifyOn.Store(true)
		p.ConnectNotify(l.onNotify)
	}
	bus := p.Bus()
	bus.SetSyncHandler(l.syncHandler)
	defer bus.SetSyncHandler(nil)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	l.print("Setting pipeline to PAUSED ...\n")
	switch p.SetState(gst.StatePaused) {
	case gst.StateChangeFailure:
		l.printErr("Failed to set pipeline to PAUSED.\n")
		l.setCode(-1)
		return l.end()
	case gst.StateChangeNoPreroll:
		l.print("Pipeline is live and does not need PREROLL ...\n")
		l.mu.Lock()
		l.isLive = true
		l.mu.Unlock()
	case gst.StateChangeAsync:
		l.print("Pipeline is PREROLLING ...\n")
	}

	msgs := bus.Messages(ctx)
	tick, stopTick := l.positionTicker()
	defer stopTick()
	for !l.stopped() {
		select {
		case <-l.quit:
		case m, ok := <-msgs:
			if !ok {
				l.stop()
				break
			}
			l.busHandler(m)
		case <-l.env.interrupt:
			l.intrHandler()
		case <-l.env.hup:
			l.hupHandler()
		case <-tick:
			l.queryPosition()
		}
	}
	stopTick()
	l.outMu.Lock()
	if l.progress != nil {
		l.progress.clear()
		l.progress = nil
	}
	l.outMu.Unlock()

	l.mu.Lock()
	then := l.tfthen
	l.mu.Unlock()
	if !then.IsZero() {
		l.print("Execution ended after %s\n", gst.ClockTime(time.Since(then)))
	}
	// "No need to see all those pad caps going to NULL etc., it's just noise"
	l.notifyOn.Store(false)
	return l.end()
}

// end sets the pipeline to NULL and returns the exit status.
func (l *launcher) end() int {
	l.print("Setting pipeline to NULL ...\n")
	l.pipeline.SetState(gst.StateNull)
	l.print("Freeing pipeline ...\n")
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.lastCode < 0 {
		return exitStateChangeFailure
	}
	return l.lastCode
}

func (l *launcher) setCode(c int) {
	l.mu.Lock()
	l.lastCode = c
	l.mu.Unlock()
}

// dumpDot writes a dot snapshot of the pipeline when GST_DEBUG_DUMP_DOT_DIR
// is set.
func (l *launcher) dumpDot(name string) {
	gst.DebugBinToDotFileWithTS(&l.pipeline.Bin, gst.DebugGraphShowAll, name)
}

// intrHandler is called on SIGINT: it posts the GstLaunchInterrupt
// application message that the bus handler acts on.
func (l *launcher) intrHandler() {
	l.print("handling interrupt.\n")
	s := gst.NewStructure("GstLaunchInterrupt")
	s.Set("message", "Pipeline interrupted")
	l.pipeline.PostMessage(gst.NewApplicationMessage(l.pipeline, s))
}

// hupHandler dumps a dot snapshot on SIGHUP.
func (l *launcher) hupHandler() {
	if l.env.getenv("GST_DEBUG_DUMP_DOT_DIR") != "" {
		l.print("SIGHUP: dumping dot file snapshot ...\n")
	} else {
		l.print("SIGHUP: not dumping dot file snapshot, GST_DEBUG_DUMP_DOT_DIR environment variable not set.\n")
	}
	l.dumpDot("gst-launch.snapshot")
}

// doInitialPlay sets the pipeline to PLAYING once it prerolled; with
// --loop it first sends the flushing segment seek that starts the loop.
func (l *launcher) doInitialPlay() {
	if l.opts.loop.on && l.looper == nil {
		l.looper = loop.Attach(l.pipeline, loop.Options{
			Count:  l.opts.loop.count,
			OnLoop: func(n int) { l.print("Loop %d done, seeking back to the start ...\n", n) },
		})
		if err := l.looper.Start(context.Background()); err != nil {
			l.printErr("ERROR: cannot loop: %v\n", err)
			l.setCode(exitError)
			l.stop()
			return
		}
	}
	l.print("Setting pipeline to PLAYING ...\n")
	l.mu.Lock()
	l.tfthen = time.Now()
	l.mu.Unlock()
	if l.pipeline.SetState(gst.StatePlaying) == gst.StateChangeFailure {
		l.printErr("ERROR: pipeline doesn't want to play.\n")
		l.setCode(-1)
		return
	}
	l.mu.Lock()
	l.targetState = gst.StatePlaying
	l.playingSince = time.Now()
	l.mu.Unlock()
}

// syncHandler runs in the posting goroutine: it dumps graphs on pipeline
// state changes and reports errors at once, as gst-launch's
// bus_sync_handler.
func (l *launcher) syncHandler(_ *gst.Bus, msg gst.Message) gst.BusSyncReply {
	switch m := msg.(type) {
	case *gst.StateChangedMessage:
		if m.Src() == gst.Object(l.pipeline) {
			l.dumpDot("gst-launch." + m.Old.String() + "_" + m.New.String())
		}
	case *gst.ErrorMessage:
		l.dumpDot("gst-launch.error")
		l.printErrorMessage(m)
		l.mu.Lock()
		target, interrupting := l.targetState, l.interrupting
		l.lastCode = exitError
		l.mu.Unlock()
		if target == gst.StatePaused {
			l.printErr("ERROR: pipeline doesn't want to preroll.\n")
		} else if interrupting {
			l.print("An error happened while waiting for EOS\n")
		}
		l.stop()
	}
	return gst.BusPass
}

func (l *launcher) printErrorMessage(m *gst.ErrorMessage) {
	var b strings.Builder
	if m.Src() != nil {
		fmt.Fprintf(&b, "ERROR: from element %s: %s\n", gst.PathString(m.Src()), gst.ErrorText(m.Err))
	} else {
		fmt.Fprintf(&b, "ERROR: %s\n", gst.ErrorText(m.Err))
	}
	if m.Debug != "" {
		fmt.Fprintf(&b, "Additional debug info:\n%s\n", m.Debug)
	}
	if m.Details != nil {
		fmt.Fprintf(&b, "Details:\n%s\n", m.Details.String())
	}
	l.printErr("%s", b.String())
}

// busHandler handles one message in the main loop, as gst-launch's
// bus_handler.
func (l *launcher) busHandler(msg gst.Message) {
	if l.opts.messages {
		l.print("%s\n", messageLine(msg))
	}
	switch m := msg.(type) {
	case *gst.NewClockMessage:
		name := "NULL"
		if m.Clock != nil {
			name = m.Clock.Name()
		}
		l.print("New clock: %s\n", name)
	case *gst.ClockLostMessage:
		l.print("Clock lost, selecting a new one\n")
		l.pipeline.SetState(gst.StatePaused)
		l.pipeline.SetState(gst.StatePlaying)
	case *gst.SegmentDoneMessage:
		if l.looper != nil {
			if done, err := l.looper.HandleMessage(m); done && err != nil {
				l.printErr("ERROR: cannot loop: %v\n", err)
				l.setCode(exitError)
				l.stop()
			}
		}
	case *gst.EOSMessage:
		l.print("Got EOS from element \"%s\".\n", gst.MessageSrcName(m))
		if l.opts.eos {
			l.print("EOS received - stopping pipeline...\n")
		}
		l.stop()
	case *gst.TagMessage:
		if l.opts.tags {
			l.printTags(m)
		}
	case *gst.InfoMessage:
		if m.Debug != "" {
			l.print("INFO:\n%s\n", m.Debug)
		}
	case *gst.WarningMessage:
		l.dumpDot("gst-launch.warning")
		var b strings.Builder
		fmt.Fprintf(&b, "WARNING: from element %s: %s\n", gst.PathString(m.Src()), gst.ErrorText(m.Err))
		if m.Debug != "" {
			fmt.Fprintf(&b, "Additional debug info:\n%s\n", m.Debug)
		}
		l.print("%s", b.String())
		if errors.Is(m.Err, gst.ParseErrorDelayedLink) {
			// GstMini deviation: gst-launch-1.0 goes on and waits forever
			// for the branch that cannot get data (an H.265 track offered
			// to h264parse, say); stop with an error instead
			l.printErr("ERROR: a delayed link failed, so a branch of the pipeline would never get data; stopping.\n")
			l.setCode(exitError)
			l.stop()
		}
	case *gst.StateChangedMessage:
		if m.Src() != gst.Object(l.pipeline) {
			break
		}
		l.mu.Lock()
		target, buffering, inProgress := l.targetState, l.buffering, l.inProgress
		if target == gst.StatePaused && m.New == target {
			l.prerolled = true
		}
		l.mu.Unlock()
		if target == gst.StatePaused && m.New == target {
			l.print("Pipeline is PREROLLED ...\n")
			if buffering {
				l.print("Prerolled, waiting for buffering to finish...\n")
				break
			}
			if inProgress {
				l.print("Prerolled, waiting for progress to finish...\n")
				break
			}
			l.doInitialPlay()
		}
	case *gst.BufferingMessage:
		l.print("buffering... %d%%  \r", m.Percent)
		l.mu.Lock()
		live, target, buffering := l.isLive, l.targetState, l.buffering
		prerolled, inProgress := l.prerolled, l.inProgress
		l.mu.Unlock()
		if live {
			break
		}
		if m.Percent == 100 {
			l.mu.Lock()
			l.buffering = false
			l.mu.Unlock()
			if target == gst.StatePaused {
				// before preroll, the PAUSED state change starts playing
				if prerolled && !inProgress {
					l.doInitialPlay()
				}
				break
			}
			if target == gst.StatePlaying {
				l.print("Done buffering, setting pipeline to PLAYING ...\n")
				l.pipeline.SetState(gst.StatePlaying)
			}
		} else {
			if !buffering && target == gst.StatePlaying {
				l.print("Buffering, setting pipeline to PAUSED ...\n")
				l.pipeline.SetState(gst.StatePaused)
			}
			l.mu.Lock()
			l.buffering = true
			l.mu.Unlock()
		}
	case *gst.LatencyMessage:
		l.print("Redistribute latency...\n")
		l.pipeline.RecalculateLatency()
	case *gst.RequestStateMessage:
		l.print("Setting state to %s as requested by %s...\n", m.State, gst.PathString(m.Src()))
		l.pipeline.SetState(m.State)
	case *gst.ApplicationMessage:
		if s := m.Structure(); s != nil && s.HasName("GstLaunchInterrupt") {
			l.onInterruptMessage()
		}
	case *gst.ProgressMessage:
		l.mu.Lock()
		switch m.ProgressType {
		case gst.ProgressTypeStart, gst.ProgressTypeContinue:
			l.inProgress = true
		case gst.ProgressTypeComplete, gst.ProgressTypeCanceled, gst.ProgressTypeError:
			l.inProgress = false
		}
		inProgress, prerolled, target := l.inProgress, l.prerolled, l.targetState
		l.mu.Unlock()
		l.print("Progress: (%s) %s\n", m.Code, m.Text)
		if !inProgress && prerolled && target == gst.StatePaused {
			l.doInitialPlay()
		}
	case *gst.ElementMessage:
		if s := m.Structure(); s != nil && s.HasName("missing-plugin") {
			desc, ok := s.StringField("name")
			if !ok {
				desc = "(no description)"
			}
			l.print("Missing element: %s\n", desc)
		}
	case *gst.CustomMessage:
		if m.Type() == gst.MessagePropertyNotify {
			l.printPropertyNotify(m)
		}
	}
}

// onInterruptMessage reacts to the GstLaunchInterrupt message.
func (l *launcher) onInterruptMessage() {
	l.print("Interrupt: Stopping pipeline ...\n")
	l.mu.Lock()
	l.interrupting = true
	waiting := l.waitingEOS
	l.mu.Unlock()
	if !l.opts.eos {
		l.stop()
		return
	}
	if waiting {
		l.print("Interrupt while waiting for EOS - stopping pipeline...\n")
		l.stop()
		return
	}
	l.print("EOS on shutdown enabled -- Forcing EOS on the pipeline\n")
	l.pipeline.SendEvent(gst.NewEOSEvent())
	l.print("Waiting for EOS...\n")
	l.mu.Lock()
	l.waitingEOS = true
	l.mu.Unlock()
}

// printTags prints a tag message as gst-launch -t.
func (l *launcher) printTags(m *gst.TagMessage) {
	var b strings.Builder
	switch src := m.Src().(type) {
	case gst.Element:
		fmt.Fprintf(&b, "FOUND TAG      : found by element \"%s\".\n", src.Name())
	case *gst.Pad:
		fmt.Fprintf(&b, "FOUND TAG      : found by pad \"%s\".\n", debugPadName(src))
	case nil:
		b.WriteString("FOUND TAG\n")
	default:
		fmt.Fprintf(&b, "FOUND TAG      : found by object \"%s\".\n", src.Name())
	}
	tags := m.Tags
	for i := 0; i < tags.NTags(); i++ {
		name := tags.NthTagName(i)
		for j, v := range tags.Values(name) {
			nick := ""
			if j == 0 {
				nick = name
			}
			fmt.Fprintf(&b, "%16s: %s\n", nick, tagValueString(v))
		}
	}
	l.print("%s", b.String())
}

// tagValueString formats a tag value as gst-launch's print_tag.
func tagValueString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case *gst.Sample:
		return fmt.Sprintf("%v", x)
	}
	return valueContents(v)
}

// onNotify is the deep-notify callback installed with -v: it posts a
// property-notify message carrying the new value, as
// gst_element_add_property_deep_notify_watch does.
func (l *launcher) onNotify(_ gst.Element, obj gst.Object, prop string) {
	if !l.notifyOn.Load() {
		return
	}
	for _, ex := range l.opts.exclude {
		if ex == prop {
			return
		}
	}
	s := gst.NewStructure("GstMessagePropertyNotify")
	s.Set("property-name", prop)
	var val any
	switch o := obj.(type) {
	case *gst.Pad:
		if prop == "caps" {
			if c := o.CurrentCaps(); c != nil {
				val = c
			}
		}
	case gst.Element:
		if ps := o.Class().FindProperty(prop); ps != nil && ps.Flags&gst.ParamSecret != 0 {
			// secrets (s3sink's keys) are never printed
			val = ps.Redact("")
			break
		}
		if v, err := o.Get(prop); err == nil {
			if str, ok := v.(string); ok {
				val = str
			} else if c, ok := v.(*gst.Caps); ok {
				val = c
			} else if str, err := o.GetString(prop); err == nil {
				val = str
			}
		}
	}
	if val != nil {
		s.Set("property-value", val)
	}
	l.pipeline.PostMessage(gst.NewCustomMessage(gst.MessagePropertyNotify, obj, s))
}

// printPropertyNotify prints "<path>: <property> = <value>".
func (l *launcher) printPropertyNotify(m *gst.CustomMessage) {
	if l.opts.quiet {
		return
	}
	s := m.Structure()
	name, _ := s.StringField("property-name")
	for _, ex := range l.opts.exclude {
		if ex == name {
			return
		}
	}
	val := "(no value)"
	if v, ok := s.Value("property-value"); ok {
		switch x := v.(type) {
		case string:
			val = x
		case *gst.Caps:
			val = x.String()
		case *gst.Structure:
			val = x.String()
		case *gst.TagList:
			val = x.String()
		default:
			val = valueContents(x)
		}
	}
	l.printAlways("%s: %s = %s\n", gst.PathString(m.Src()), name, val)
}
