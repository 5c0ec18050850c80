package main

import (
	"regexp"
	"strings"
	"testing"

	"github.com/gstmini/gstmini/gst"
)

// --loop=2 plays testdata/movie.mp4 twice: one SEGMENT_DONE (the loop
// point), then EOS, exit 0.
func TestLaunchLoop(t *testing.T) {
	r := launchWith(t, &environment{parse: gst.ParseLaunchv}, "-m", "--loop=2",
		"filesrc", "location=../../testdata/movie.mp4", "!", "qtdemux", "!", "fakesink")
	if r.code != 0 {
		t.Fatalf("exit %d: %s\n%s", r.code, r.stderr, r.stdout)
	}
	segDone := regexp.MustCompile(`(?m)^Got message #\d+ from element "pipeline\d+" \(segment-done\)`)
	if n := len(segDone.FindAllString(r.stdout, -1)); n != 1 {
		t.Errorf("%d segment-done messages from the pipeline, want 1:\n%s", n, r.stdout)
	}
	if n := strings.Count(r.stdout, "Loop 1 done, seeking back to the start ...\n"); n != 1 {
		t.Errorf("loop line printed %d times, want 1", n)
	}
	if strings.Contains(r.stdout, "Loop 2 done") {
		t.Error("the last play ended with a loop instead of EOS")
	}
	// the pipeline's number depends on how many ran before (-count)
	if !regexp.MustCompile(`(?m)^Got EOS from element "pipeline\d+"\.$`).MatchString(r.stdout) {
		t.Errorf("no EOS:\n%s", r.stdout)
	}
}

func TestLaunchLoopErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--loop=x", "fakesrc", "!", "fakesink"}, "invalid loop count"},
		{[]string{"--loop=-1", "fakesrc", "!", "fakesink"}, "invalid loop count"},
		// fakesrc cannot seek in TIME
		{[]string{"--loop", "fakesrc", "!", "fakesink"}, "ERROR: cannot loop: loop: segment seek failed"},
	} {
		r := launchWith(t, &environment{parse: gst.ParseLaunchv}, tc.args...)
		if r.code != exitError || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", tc.args, r.code, r.stderr, exitError, tc.want)
		}
	}
}

func TestLoopFlag(t *testing.T) {
	for _, tc := range []struct {
		args  []string
		on    bool
		count int
	}{
		{[]string{"fakesrc"}, false, 0},
		{[]string{"--loop", "fakesrc"}, true, 0},
		{[]string{"--loop=3", "fakesrc"}, true, 3},
		{[]string{"-q", "--loop=0", "fakesrc"}, true, 0},
	} {
		o, rest, err := parseLaunchOptions(tc.args)
		if err != nil {
			t.Fatalf("%v: %v", tc.args, err)
		}
		if o.loop.on != tc.on || o.loop.count != tc.count || len(rest) != 1 || rest[0] != "fakesrc" {
			t.Errorf("%v: loop %+v rest %v", tc.args, o.loop, rest)
		}
	}
}
