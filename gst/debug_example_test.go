package gst_test

import (
	"log/slog"
	"os"

	"github.com/gstmini/gstmini/gst"
)

var exampleCat = gst.NewDebugCategory("mycat", gst.DebugFgCyan, "my element")

// Route GStreamer-style debug output through any slog handler.
func ExampleDebugCategory() {
	h := slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{
		Level: slog.Level(-20),
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey {
				return slog.Attr{}
			}
			return a
		},
	})
	gst.SetDebugHandler(h)
	defer gst.SetDebugHandler(nil)
	gst.SetDebugThresholdFromString("*:2,mycat:5", true)
	defer gst.SetDebugThresholdFromString("", true)

	el := &gst.ObjectBase{}
	el.SetName("queue0")
	el.SetTypeName("GstQueue")

	exampleCat.Debug(el, "queue filled", "buffers", 200)
	exampleCat.LogAt(el, "not shown: LOG is above the threshold")
	if exampleCat.Enabled(gst.LevelDebug) { // guard costly arguments on hot paths
		exampleCat.Warning(nil, "leaking", "bytes", 10)
	}
	// Output:
	// level=DEBUG msg="queue filled" category=mycat element=/GstQueue:queue0 buffers=200
	// level=WARN msg=leaking category=mycat bytes=10
}
