// Command gstmini is GstMini's command-line tool: one binary with the
// subcommands of GStreamer's tools.
//
//	gstmini launch [OPTION...] PIPELINE-DESCRIPTION   like gst-launch-1.0
//	gstmini inspect [ELEMENT]                         like gst-inspect-1.0
//	gstmini version                                   version information
//
// The output of launch and inspect follows gst-launch-1.0 and
// gst-inspect-1.0 (GStreamer 1.22) line by line, so scripts written for
// those tools keep working. GST_DEBUG and GST_DEBUG_DUMP_DOT_DIR are
// honoured as in GStreamer.
//
// GStreamer: tools/gst-launch.c, tools/gst-inspect.c.
package main

import (
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/gstmini/gstmini/gst"
	"github.com/gstmini/gstmini/plugins/all"
)

// version is the GstMini version printed by "gstmini version".
const version = "0.1.0"

// gstreamerVersion is the GStreamer release whose tool output gstmini
// reproduces.
const gstreamerVersion = "1.22"

func main() {
	tuneGC(os.Getenv)
	if err := all.Register(gst.DefaultRegistry()); err != nil {
		fmt.Fprintf(os.Stderr, "gstmini: %v\n", err)
		os.Exit(1)
	}
	intr, hup := make(chan struct{}, 1), make(chan struct{}, 1)
	env := &environment{
		stdout:    os.Stdout,
		stderr:    os.Stderr,
		getenv:    os.Getenv,
		registry:  gst.DefaultRegistry(),
		parse:     parseLaunchv,
		interrupt: intr,
		hup:       hup,
		stderrTTY: isTerminal(os.Stderr),
		stdoutTTY: isTerminal(os.Stdout),
	}
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, os.Interrupt, syscall.SIGHUP)
	go func() {
		for s := range sigs {
			ch := intr
			if s == syscall.SIGHUP {
				ch = hup
			}
			select {
			case ch <- struct{}{}:
			default:
			}
		}
	}()
	os.Exit(env.run(os.Args[1:]))
}

// environment is what a run of the tool sees of the outside world; tests
// build one with buffers, a private registry and injected interrupts.
type environment struct {
	stdout, stderr io.Writer
	getenv         func(string) string
	registry       *gst.Registry
	// parse builds the pipeline of a launch line.
	parse func(argv []string) (gst.Element, error)
	// interrupt delivers SIGINT, hup SIGHUP.
	interrupt <-chan struct{}
	hup       <-chan struct{}
	// stderrTTY and stdoutTTY say whether the streams are terminals.
	stderrTTY, stdoutTTY bool
	// tick, when set, replaces the position timer (tests).
	tick <-chan struct{}
}

// run runs the tool with args (without the program name) and returns the
// exit status.
func (env *environment) run(args []string) int {
	if len(args) == 0 {
		usage(env.stderr)
		return 1
	}
	switch args[0] {
	case "launch":
		return env.launch(args[1:])
	case "inspect":
		return env.inspect(args[1:])
	case "version", "--version", "-V":
		fmt.Fprintf(env.stdout, "gstmini version %s\nGstMini %s (GStreamer %s tools compatible)\n", version, version, gstreamerVersion)
		return 0
	case "help", "-h", "--help":
		usage(env.stdout)
		return 0
	}
	fmt.Fprintf(env.stderr, "gstmini: unknown command %q\n", args[0])
	usage(env.stderr)
	return 1
}

// run is the in-process entry point used by the tests: a fresh environment
// over the default registry with the given streams, no interrupts and no
// terminal.
func run(args []string, stdout, stderr io.Writer) int {
	env := &environment{
		stdout:   stdout,
		stderr:   stderr,
		getenv:   os.Getenv,
		registry: gst.DefaultRegistry(),
		parse:    parseLaunchv,
	}
	return env.run(args)
}

func usage(w io.Writer) {
	fmt.Fprint(w, `Usage:
  gstmini launch [OPTION...] PIPELINE-DESCRIPTION
  gstmini inspect [ELEMENT]
  gstmini version

launch options (as gst-launch-1.0):
  -t, --tags                Output tags (also known as metadata)
  -c, --toc                 Output TOC (chapters and editions)
  -v, --verbose             Output status information and property notifications
  -q, --quiet               Do not print any progress information
  -m, --messages            Output messages
  -X, --exclude=PROPERTY    Do not output status information for PROPERTY (repeatable)
  -f, --no-fault            Do not install a fault handler
  -e, --eos-on-shutdown     Force EOS on sources before shutting the pipeline down
  --no-position             Do not print the current position of the pipeline
  --force-position          Print the position even if stdout is not a TTY
  --gst-debug=LIST          Comma-separated category:level pairs (like GST_DEBUG)
  --gst-debug-level=LEVEL   Default debug level

launch options (GstMini only):
  --loop[=N]                Play the media N times in a row (--loop alone: until
                            interrupted) with segment seeks: no flush, no gap, running
                            time keeps increasing (see libs/loop); needs a source or
                            demuxer that can seek in TIME
`)
}
