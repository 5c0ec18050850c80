package gst

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The property declarations of some core elements, transcribed from their
// class_init functions (plugins/elements/gstqueue.c, gstfakesrc.c,
// gstidentity.c, gstcapsfilter.c, gstfilesink.c, gstmultiqueue.c and the
// base classes). The golden files hold the "Element Properties" section of
// gst-inspect-1.0 1.22 for these elements.

var testQueueLeaky = &EnumClass{Name: "GstQueueLeaky", Values: []EnumValue{
	{0, "Not Leaky", "no"},
	{1, "Leaky on upstream (new buffers)", "upstream"},
	{2, "Leaky on downstream (old buffers)", "downstream"},
}}

var testBufferFlags = &FlagsClass{Name: "GstBufferFlags", Values: []FlagsValue{
	{0x10, "GST_BUFFER_FLAG_LIVE", "live"},
	{0x20, "GST_BUFFER_FLAG_DECODE_ONLY", "decode-only"},
	{0x40, "GST_BUFFER_FLAG_DISCONT", "discont"},
	{0x80, "GST_BUFFER_FLAG_RESYNC", "resync"},
	{0x100, "GST_BUFFER_FLAG_CORRUPTED", "corrupted"},
	{0x200, "GST_BUFFER_FLAG_MARKER", "marker"},
	{0x400, "GST_BUFFER_FLAG_HEADER", "header"},
	{0x800, "GST_BUFFER_FLAG_GAP", "gap"},
	{0x1000, "GST_BUFFER_FLAG_DROPPABLE", "droppable"},
	{0x2000, "GST_BUFFER_FLAG_DELTA_UNIT", "delta-unit"},
	{0x4000, "GST_BUFFER_FLAG_TAG_MEMORY", "tag-memory"},
	{0x8000, "GST_BUFFER_FLAG_SYNC_AFTER", "sync-after"},
	{0x10000, "GST_BUFFER_FLAG_NON_DROPPABLE", "non-droppable"},
	{0x100000, "GST_BUFFER_FLAG_LAST", "last"},
}}

var testFormatEnum = &EnumClass{Name: "GstFormat", Values: []EnumValue{
	{0, "GST_FORMAT_UNDEFINED", "undefined"},
	{1, "GST_FORMAT_DEFAULT", "default"},
	{2, "GST_FORMAT_BYTES", "bytes"},
	{3, "GST_FORMAT_TIME", "time"},
	{4, "GST_FORMAT_BUFFERS", "buffers"},
	{5, "GST_FORMAT_PERCENT", "percent"},
}}

const rwPlaying = ParamReadWrite | ParamMutablePlaying

func objectProps(name string) []*ParamSpec {
	return []*ParamSpec{
		ParamString("name", "Name", "The name of the object", name, ParamReadWrite|ParamConstruct),
		ParamObject("parent", "Parent", "The parent of the object", "GstObject", ParamReadWrite),
	}
}

func testQueueProps() []*ParamSpec {
	return append([]*ParamSpec{
		ParamUint("current-level-buffers", "Current level (buffers)", "Current number of buffers in the queue", 0, math.MaxUint32, 0, ParamReadable),
		ParamUint("current-level-bytes", "Current level (kB)", "Current amount of data in the queue (bytes)", 0, math.MaxUint32, 0, ParamReadable),
		ParamUint64("current-level-time", "Current level (ns)", "Current amount of data in the queue (in ns)", 0, math.MaxUint64, 0, ParamReadable),
		ParamBool("flush-on-eos", "Flush on EOS", "Discard all data in the queue when an EOS event is received", false, rwPlaying),
		ParamEnum("leaky", "Leaky", "Where the queue leaks, if at all", testQueueLeaky, 0, rwPlaying),
		ParamUint("max-size-buffers", "Max. size (buffers)", "Max. number of buffers in the queue (0=disable)", 0, math.MaxUint32, 200, rwPlaying),
		ParamUint("max-size-bytes", "Max. size (kB)", "Max. amount of data in the queue (bytes, 0=disable)", 0, math.MaxUint32, 10*1024*1024, rwPlaying),
		ParamClockTime("max-size-time", "Max. size (ns)", "Max. amount of data in the queue (in ns, 0=disable)", 0, ClockTimeNone, Second, rwPlaying),
		ParamUint("min-threshold-buffers", "Min. threshold (buffers)", "Min. number of buffers in the queue to allow reading (0=disable)", 0, math.MaxUint32, 0, rwPlaying),
		ParamUint("min-threshold-bytes", "Min. threshold (kB)", "Min. amount of data in the queue to allow reading (bytes, 0=disable)", 0, math.MaxUint32, 0, rwPlaying),
		ParamClockTime("min-threshold-time", "Min. threshold (ns)", "Min. amount of data in the queue to allow reading (in ns, 0=disable)", 0, ClockTimeNone, 0, rwPlaying),
		ParamBool("silent", "Silent", "Don't emit queue signals", false, rwPlaying),
	}, objectProps("queue0")...)
}

func testFakesrcProps() []*ParamSpec {
	rw := ParamReadWrite
	return append([]*ParamSpec{
		ParamUint("blocksize", "Block size", "Size in bytes to read per buffer (-1 = default)", 0, math.MaxUint32, 4096, rw),
		ParamBool("can-activate-pull", "Can activate pull", "Can activate in pull mode", true, rw),
		ParamBool("can-activate-push", "Can activate push", "Can activate in push mode", true, rw),
		ParamEnum("data", "data", "Data allocation method", &EnumClass{Name: "GstFakeSrcDataType", Values: []EnumValue{
			{1, "Allocate data", "allocate"}, {2, "Subbuffer data", "subbuffer"}}}, 1, rw),
		ParamInt("datarate", "Datarate", "Timestamps buffers with number of bytes per second (0 = none)", 0, math.MaxInt32, 0, rw),
		ParamBool("do-timestamp", "Do timestamp", "Apply current stream time to buffers", false, rw),
		ParamBool("dump", "Dump", "Dump buffer contents to stdout", false, rw),
		ParamEnum("filltype", "filltype", "How to fill the buffer, if at all", &EnumClass{Name: "GstFakeSrcFillType", Values: []EnumValue{
			{1, "Leave data as malloced", "nothing"},
			{2, "Fill buffers with zeros", "zero"},
			{3, "Fill buffers with random data", "random"},
			{4, "Fill buffers with pattern 0x00 -> 0xff", "pattern"},
			{5, "Fill buffers with pattern 0x00 -> 0xff that spans buffers", "pattern-span"}}}, 1, rw),
		ParamEnum("format", "Format", "The format of the segment events", testFormatEnum, 2, rw),
		ParamBool("is-live", "Is this a live source", "True if the element cannot produce data in PAUSED", false, rw|ParamConstruct),
		ParamString("last-message", "last-message", "The last status message", "", ParamReadable),
		ParamInt("num-buffers", "num-buffers", "Number of buffers to output before sending EOS (-1 = unlimited)", -1, math.MaxInt32, -1, rw),
		ParamInt("parentsize", "parentsize", "Size of parent buffer for sub-buffered allocation", 0, math.MaxInt32, 4096*10, rw),
		ParamString("pattern", "pattern", "Set the pattern (unused)", "", rw),
		ParamBool("signal-handoffs", "Signal handoffs", "Send a signal before pushing the buffer", false, rw),
		ParamBool("silent", "Silent", "Don't produce last_message events", true, rw),
		ParamInt("sizemax", "sizemax", "Maximum buffer size", 0, math.MaxInt32, 4096, rw),
		ParamInt("sizemin", "sizemin", "Minimum buffer size", 0, math.MaxInt32, 0, rw),
		ParamEnum("sizetype", "sizetype", "How to determine buffer sizes", &EnumClass{Name: "GstFakeSrcSizeType", Values: []EnumValue{
			{1, "Send empty buffers", "empty"},
			{2, "Fixed size buffers (sizemax sized)", "fixed"},
			{3, "Random sized buffers (sizemin <= size <= sizemax)", "random"}}}, 1, rw),
		ParamBool("sync", "Sync", "Sync to the clock to the datarate", false, rw),
		ParamBool("typefind", "Typefind", "Run typefind before negotiating (deprecated, non-functional)", false, rw|ParamDeprecated),
	}, objectProps("fakesrc0")...)
}

func testIdentityProps() []*ParamSpec {
	rw := ParamReadWrite
	return append([]*ParamSpec{
		ParamBool("check-imperfect-offset", "Check for discontiguous offset", "Send element messages if offset and offset_end do not match up", false, rw),
		ParamBool("check-imperfect-timestamp", "Check for discontiguous timestamps", "Send element messages if timestamps and durations do not match up", false, rw),
		ParamInt("datarate", "Datarate", "(Re)timestamps buffers with number of bytes per second (0 = inactive)", 0, math.MaxInt32, 0, rw),
		ParamBool("drop-allocation", "Drop allocation query", "Don't forward allocation queries", false, rw),
		ParamFlagsValue("drop-buffer-flags", "Check flags to drop buffers", "Drop buffers with the given flags", testBufferFlags, 0, rw),
		ParamFloat("drop-probability", "Drop Probability", "The Probability a buffer is dropped", 0, 1, 0, rw),
		ParamBool("dump", "Dump", "Dump buffer contents to stdout", false, rw),
		ParamInt("eos-after", "EOS After", "EOS after N buffers", -1, math.MaxInt32, -1, rw),
		ParamInt("error-after", "Error After", "Error after N buffers", -1, math.MaxInt32, -1, rw),
		ParamString("last-message", "last-message", "last-message", "", ParamReadable),
		ParamBool("qos", "QoS", "Handle Quality-of-Service events", false, rw),
		ParamBool("signal-handoffs", "Signal handoffs", "Send a signal before pushing the buffer", true, rw),
		ParamBool("silent", "silent", "silent", true, rw),
		ParamBool("single-segment", "Single Segment", "Timestamp buffers and eat segments so as to appear as one segment", false, rw),
		ParamUint("sleep-time", "Sleep time", "Microseconds to sleep between processing", 0, math.MaxUint32, 0, rw),
		ParamBool("sync", "Synchronize", "Synchronize to pipeline clock", false, rw),
		ParamInt64("ts-offset", "Timestamp offset for synchronisation", "Timestamp offset in nanoseconds for synchronisation, negative for earlier sync", math.MinInt64, math.MaxInt64, 0, rw),
	}, objectProps("identity0")...)
}

func testCapsfilterProps() []*ParamSpec {
	return append([]*ParamSpec{
		ParamCaps("caps", "Filter caps", "Restrict the possible allowed capabilities (NULL means ANY). Setting this property takes a reference to the supplied GstCaps object.", rwPlaying),
		ParamEnum("caps-change-mode", "Caps Change Mode", "Filter caps change behaviour", &EnumClass{Name: "GstCapsFilterCapsChangeMode", Values: []EnumValue{
			{0, "Only accept the current filter caps", "immediate"},
			{1, "Temporarily accept previous filter caps", "delayed"}}}, 0, rwPlaying),
		ParamBool("qos", "QoS", "Handle Quality-of-Service events", false, ParamReadWrite),
	}, objectProps("capsfilter0")...)
}

func testFilesinkProps() []*ParamSpec {
	rw := ParamReadWrite
	return append([]*ParamSpec{
		ParamBool("append", "Append", "Append to an already existing file", false, rw),
		ParamBool("async", "Async", "Go asynchronously to PAUSED", true, rw),
		ParamUint("blocksize", "Block size", "Size in bytes to pull per buffer (0 = default)", 0, math.MaxUint32, 4096, rw),
		ParamEnum("buffer-mode", "Buffering mode", "The buffering mode to use", &EnumClass{Name: "GstFileSinkBufferMode", Values: []EnumValue{
			{-1, "Default buffering", "default"},
			{0, "Fully buffered", "full"},
			{1, "Line buffered (deprecated, like full)", "line"},
			{2, "Unbuffered", "unbuffered"}}}, -1, rw),
		ParamUint("buffer-size", "Buffering size", "Size of buffer in number of bytes for line or full buffer-mode", 0, math.MaxUint32, 64*1024, rw),
		ParamBool("enable-last-sample", "Enable Last Buffer", "Enable the last-sample property", true, rw),
		ParamBoxed("last-sample", "Last Sample", "The last sample received in the sink", "GstSample", ParamReadable),
		ParamString("location", "File Location", "Location of the file to write", "", rw),
		ParamUint64("max-bitrate", "Max Bitrate", "The maximum bits per second to render (0 = disabled)", 0, math.MaxUint64, 0, rw),
		ParamInt64("max-lateness", "Max Lateness", "Maximum number of nanoseconds that a buffer can be late before it is dropped (-1 unlimited)", -1, math.MaxInt64, -1, rw),
		ParamInt("max-transient-error-timeout", "Max Transient Error Timeout", "Retry up to this many ms on transient errors (currently EACCES)", 0, math.MaxInt32, 0, rw),
		ParamBool("o-sync", "Synchronous IO", "Open the file with O_SYNC for enabling synchronous IO", false, rw),
		ParamClockTime("processing-deadline", "Processing deadline", "Maximum processing time for a buffer in nanoseconds", 0, ClockTimeNone, 20*Millisecond, rw),
		ParamBool("qos", "Qos", "Generate Quality-of-Service events upstream", false, rw),
		ParamClockTime("render-delay", "Render Delay", "Additional render delay of the sink in nanoseconds", 0, ClockTimeNone, 0, rw),
		ParamBool("sync", "Sync", "Sync on the clock", false, rw),
		ParamClockTime("throttle-time", "Throttle time", "The time to keep between rendered buffers (0 = disabled)", 0, ClockTimeNone, 0, rw),
		ParamInt64("ts-offset", "TS Offset", "Timestamp offset in nanoseconds", math.MinInt64, math.MaxInt64, 0, rw),
	}, objectProps("filesink0")...)
}

func testMultiqueueProps() []*ParamSpec {
	rw := ParamReadWrite
	return append([]*ParamSpec{
		ParamUint("extra-size-buffers", "Extra Size (buffers)", "Amount of buffers the queues can grow if one of them is empty (0=disable) (NOT IMPLEMENTED)", 0, math.MaxUint32, 5, rw),
		ParamUint("extra-size-bytes", "Extra Size (kB)", "Amount of data the queues can grow if one of them is empty (bytes, 0=disable) (NOT IMPLEMENTED)", 0, math.MaxUint32, 10*1024*1024, rw),
		ParamClockTime("extra-size-time", "Extra Size (ns)", "Amount of time the queues can grow if one of them is empty (in ns, 0=disable) (NOT IMPLEMENTED)", 0, ClockTimeNone, 3*Second, rw),
		ParamInt("high-percent", "High percent", "High threshold for buffering to finish. Only used if use-buffering is True (Deprecated: use high-watermark instead)", 0, 100, 99, rw),
		ParamDouble("high-watermark", "High watermark", "High threshold for buffering to finish. Only used if use-buffering is True", 0, 1, 0.99, rw),
		ParamInt("low-percent", "Low percent", "Low threshold for buffering to start. Only used if use-buffering is True (Deprecated: use low-watermark instead)", 0, 100, 1, rw),
		ParamDouble("low-watermark", "Low watermark", "Low threshold for buffering to start. Only used if use-buffering is True", 0, 1, 0.01, rw),
		ParamUint("max-size-buffers", "Max. size (buffers)", "Max. number of buffers in the queue (0=disable)", 0, math.MaxUint32, 5, rwPlaying),
		ParamUint("max-size-bytes", "Max. size (kB)", "Max. amount of data in the queue (bytes, 0=disable)", 0, math.MaxUint32, 10*1024*1024, rwPlaying),
		ParamClockTime("max-size-time", "Max. size (ns)", "Max. amount of data in the queue (in ns, 0=disable)", 0, ClockTimeNone, 2*Second, rwPlaying),
		ParamClockTime("min-interleave-time", "Minimum interleave time", "Minimum extra buffering for deinterleaving (size of the queues) when use-interleave=true", 0, ClockTimeNone, 250*Millisecond, rwPlaying),
		ParamStructure("stats", "Stats", "Multiqueue Statistics", ParamReadable),
		ParamBool("sync-by-running-time", "Sync By Running Time", "Synchronize deactivated or not-linked streams by running time", false, rw),
		ParamClockTime("unlinked-cache-time", "Unlinked cache time (ns)", "Extra buffering in time for unlinked streams (if 'sync-by-running-time')", 0, ClockTimeNone, 250*Millisecond, rwPlaying),
		ParamBool("use-buffering", "Use buffering", "Emit GST_MESSAGE_BUFFERING based on low-/high-percent thresholds (0% = low-watermark, 100% = high-watermark)", false, rwPlaying),
		ParamBool("use-interleave", "Use interleave", "Adjust time limits based on input interleave", false, rw),
	}, objectProps("multiqueue0")...)
}

// goldenBlocks splits a gst-inspect property section into blocks keyed by
// property name.
func goldenBlocks(t *testing.T, file string) map[string][]string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", file))
	if err != nil {
		t.Fatal(err)
	}
	blocks := map[string][]string{}
	var cur string
	for _, line := range strings.Split(strings.TrimRight(string(data), "\n"), "\n") {
		if strings.HasPrefix(line, "  ") && len(line) > 2 && line[2] != ' ' {
			cur = strings.TrimSpace(line[:strings.Index(line, ":")])
		}
		blocks[cur] = append(blocks[cur], line)
	}
	return blocks
}

func TestInspectLinesGolden(t *testing.T) {
	// Current values that differ from the spec default in a fresh element,
	// as gst-inspect shows instance values.
	current := map[string]any{}
	tests := []struct {
		file    string
		props   []*ParamSpec
		current map[string]any
		skip    map[string]bool
	}{
		{"paramspec_inspect_queue.golden", testQueueProps(), current, nil},
		{"paramspec_inspect_fakesrc.golden", testFakesrcProps(), current, nil},
		// stats holds a structure with fields; printing them needs the
		// real Structure (field iteration).
		{"paramspec_inspect_identity.golden", testIdentityProps(), current, map[string]bool{"stats": true}},
		{"paramspec_inspect_capsfilter.golden", testCapsfilterProps(), map[string]any{"caps": NewCapsAny()}, nil},
		{"paramspec_inspect_filesink.golden", testFilesinkProps(), current, map[string]bool{"stats": true}},
		{"paramspec_inspect_multiqueue.golden", testMultiqueueProps(), map[string]any{"stats": NewStructure("application/x-gst-multi-queue-stats")}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			blocks := goldenBlocks(t, tt.file)
			seen := map[string]bool{}
			for _, p := range tt.props {
				seen[p.Name] = true
				want, ok := blocks[p.Name]
				if !ok {
					t.Errorf("%s: not in golden file", p.Name)
					continue
				}
				v, ok := tt.current[p.Name]
				if !ok {
					v = p.Default
				}
				got := p.InspectLinesValue(v)
				if strings.Join(got, "\n") != strings.Join(want, "\n") {
					t.Errorf("%s:\n got: %q\nwant: %q", p.Name, got, want)
				}
			}
			for name := range blocks {
				if !seen[name] && !tt.skip[name] {
					t.Errorf("golden property %q not declared in the test", name)
				}
			}
		})
	}
}

func TestInspectLinesOtherTypes(t *testing.T) {
	tests := []struct {
		p    *ParamSpec
		v    any
		want []string
	}{
		{ParamFraction("framerate", "Framerate", "Frames per second", 0, 1, math.MaxInt32, 1, 30, 1, ParamReadWrite), Fraction{30, 1}, []string{
			"  framerate           : Frames per second",
			"                        flags: readable, writable",
			"                        Fraction. Range: 0/1 - 2147483647/1 Default: 30/1 ",
		}},
		{ParamCaps("caps", "Caps", "Caps", ParamReadWrite), nil, []string{
			"  caps                : Caps",
			"                        flags: readable, writable",
			"                        Caps (NULL)",
		}},
		{ParamCaps("caps", "Caps", "Caps", ParamReadWrite), NewCapsEmpty(), []string{
			"  caps                : Caps",
			"                        flags: readable, writable",
			"                                                   EMPTY",
			"",
		}},
		// Write-only: the default is shown and " Write only" is appended.
		{ParamUint("secret", "Secret", "Write-only value", 0, 10, 3, ParamWritable), uint(7), []string{
			"  secret              : Write-only value",
			"                        flags: writable",
			"                        Unsigned Integer. Range: 0 - 10 Default: 3  Write only",
		}},
		{ParamFlagsValue("drop-buffer-flags", "Flags", "Drop flags", &FlagsClass{Name: "GstTestFlags", Values: []FlagsValue{
			{1, "TEST_FLAG_ONE", "one"}, {2, "TEST_FLAG_TWO", "two"}, {8, "TEST_FLAG_EIGHT", "eight"}}}, 0,
			ParamReadWrite|ParamControllable|ParamMutablePaused), uint(9), []string{
			"  drop-buffer-flags   : Drop flags",
			"                        flags: readable, writable, controllable, changeable only in NULL, READY or PAUSED state",
			`                        Flags "GstTestFlags" Default: 0x00000009, "eight+one"`,
			"                           (0x00000001): one              - TEST_FLAG_ONE",
			"                           (0x00000002): two              - TEST_FLAG_TWO",
			"                           (0x00000008): eight            - TEST_FLAG_EIGHT",
		}},
		{ParamDouble("volume", "Volume", "volume factor, 1.0=100%", 0, 10, 1, ParamReadWrite|ParamControllable|ParamMutablePlaying), 1.0, []string{
			"  volume              : volume factor, 1.0=100%",
			"                        flags: readable, writable, controllable, changeable in NULL, READY, PAUSED or PLAYING state",
			"                        Double. Range:               0 -              10 Default:               1 ",
		}},
		{ParamDouble("rate", "Rate", "Rate", -math.MaxFloat64, math.MaxFloat64, 1e-7, ParamReadWrite|ParamConstructOnly), 1e-7, []string{
			"  rate                : Rate",
			"                        flags: readable, writable, can be set only at object construction time",
			"                        Double. Range:  -1.797693e+308 -   1.797693e+308 Default:           1e-07 ",
		}},
		{ParamString("location", "Location", "Where", "", ParamReadWrite|ParamMutableReady), "/tmp/x", []string{
			"  location            : Where",
			"                        flags: readable, writable, changeable only in NULL or READY state",
			`                        String. Default: "/tmp/x"`,
		}},
	}
	for _, tt := range tests {
		got := tt.p.InspectLinesValue(tt.v)
		if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
			t.Errorf("%s:\n got: %q\nwant: %q", tt.p.Name, got, tt.want)
		}
	}
	// InspectLines uses the default.
	p := ParamUint("n", "N", "Number", 0, 100, 42, ParamReadWrite)
	if got := p.InspectLines()[2]; got != "                        Unsigned Integer. Range: 0 - 100 Default: 42 " {
		t.Errorf("InspectLines default line = %q", got)
	}
}

func TestParamFlagsInspectString(t *testing.T) {
	tests := []struct {
		f    ParamFlags
		want string
	}{
		{ParamReadable, "readable"},
		{ParamReadWrite, "readable, writable"},
		{ParamReadWrite | ParamMutablePlaying, "readable, writable, changeable in NULL, READY, PAUSED or PLAYING state"},
		{ParamReadWrite | ParamMutablePaused, "readable, writable, changeable only in NULL, READY or PAUSED state"},
		{ParamReadWrite | ParamMutableReady, "readable, writable, changeable only in NULL or READY state"},
		{ParamReadWrite | ParamMutablePlaying | ParamMutableReady, "readable, writable, changeable in NULL, READY, PAUSED or PLAYING state"},
		{ParamReadWrite | ParamConstructOnly | ParamMutablePlaying, "readable, writable, can be set only at object construction time"},
		{ParamReadWrite | ParamDeprecated, "readable, writable, deprecated"},
		{ParamReadWrite | ParamControllable, "readable, writable, controllable"},
		{ParamReadWrite | ParamConditionallyAvailable, "readable, writable, conditionally available"},
		{ParamReadWrite | ParamConstruct | ParamStaticStrings | ParamDocShowDefault | ParamLaxValidation, "readable, writable"},
		{ParamWritable | ParamControllable, "writable, controllable"},
		// gst-inspect's quirks: controllable always gets ", ", unknown bits in hex.
		{ParamControllable, ", controllable"},
		{ParamReadWrite | 1<<16, "readable, writable, 0x10000"},
		{1 << 20, "0x100000"},
		{0, ""},
	}
	for _, tt := range tests {
		if got := tt.f.InspectString(); got != tt.want {
			t.Errorf("InspectString(%#x) = %q, want %q", uint32(tt.f), got, tt.want)
		}
		if got := tt.f.String(); got != tt.want {
			t.Errorf("String(%#x) = %q, want %q", uint32(tt.f), got, tt.want)
		}
	}
}
