package main

import (
	"strings"
	"testing"

	"github.com/gstmini/gstmini/gst"
)

// A queue2 with use-buffering posts BUFFERING messages the launcher
// prints and acts on (gst-launch-1.0 prints the same lines for this
// pipeline): 0% while prerolling, rising levels, 100% at EOS, then
// PLAYING and a normal exit.
func TestLaunchQueue2Buffering(t *testing.T) {
	if gst.DefaultRegistry().Lookup("queue2") == nil {
		t.Skip("queue2 is not registered in this branch")
	}
	r := launchWith(t, &environment{}, "fakesrc", "num-buffers=5", "!", "queue2", "use-buffering=true", "!", "fakesink")
	for _, want := range []string{
		"Pipeline is PREROLLING ...\n",
		"buffering... 0%  ",
		"buffering... 100%  ",
		"Setting pipeline to PLAYING ...\n",
		"Got EOS from element \"pipeline0\".\n",
		"Freeing pipeline ...\n",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, r.stdout)
		}
	}
	// 100% comes last: nothing is buffering after EOS
	if i, j := strings.LastIndex(r.stdout, "buffering... "), strings.Index(r.stdout, "buffering... 100%"); i != j {
		t.Errorf("a buffering line follows 100%%:\n%s", r.stdout)
	}
	if r.code != 0 || r.stderr != "" {
		t.Errorf("exit %d, stderr %q; want 0 and nothing", r.code, r.stderr)
	}
}
