// Package coreelements holds GStreamer's core elements: the generic
// sources, sinks and filters every pipeline can use without any media
// library.
//
//   - fakesrc (FakeSrc) pushes empty or generated buffers, for tests and
//     benchmarks;
//   - fakesink (FakeSink) swallows buffers, optionally telling a callback
//     about each one;
//   - identity (Identity) passes buffers unchanged and can check, drop,
//     retime, synchronise or fail on them;
//   - capsfilter (CapsFilter) restricts the caps negotiated across it;
//   - clocksync (ClockSync) releases buffers at their running time on the
//     pipeline clock;
//   - queue (Queue) decouples upstream and downstream with its own
//     streaming goroutine and bounded levels;
//   - tee (Tee) sends every buffer to each of its src_%u request pads;
//   - valve (Valve) drops or passes data on command;
//   - funnel (Funnel) merges its sink_%u request pads into one stream;
//   - input-selector (InputSelector) passes one of its sink pads;
//   - filesrc / filesink (FileSrc, FileSink) read and write files, in
//     push or pull mode;
//   - fdsrc / fdsink (FdSrc, FdSink) read and write file descriptors.
//
// Register the elements with Register(r); the factory names, property
// names, defaults and pad templates are those of GStreamer 1.22, so launch
// lines written for gst-launch-1.0 work unchanged:
//
//	fakesrc num-buffers=1000 sizetype=fixed sizemax=188 ! identity silent=false ! fakesink
//
// The signals of the C elements ("handoff", "preroll-handoff") are Go
// callbacks registered with ConnectHandoff and ConnectPrerollHandoff; they
// run on the streaming thread and only when "signal-handoffs" is true.
//
// GStreamer: the coreelements plugin (plugins/elements/gstelements.c).
package coreelements
