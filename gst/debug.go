package gst

import (
	"context"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"math"
	"math/rand/v2"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// DebugLevel is the importance of a debug message; a category prints the
// messages whose level is at or below its threshold.
//
// GStreamer: GstDebugLevel (gst/gstinfo.h).
type DebugLevel int32

// Debug levels, with GStreamer's numbers (as used in GST_DEBUG="*:5").
//
// GStreamer: GST_LEVEL_* (gst/gstinfo.h).
const (
	LevelNone    DebugLevel = 0
	LevelError   DebugLevel = 1
	LevelWarning DebugLevel = 2
	LevelFixme   DebugLevel = 3
	LevelInfo    DebugLevel = 4
	LevelDebug   DebugLevel = 5
	LevelLog     DebugLevel = 6
	LevelTrace   DebugLevel = 7
	LevelMemdump DebugLevel = 9
	// LevelDefault is the threshold when nothing is configured.
	LevelDefault = LevelNone
)

// String returns GStreamer's level name without its padding: "ERROR",
// "WARN", "FIXME", "INFO", "DEBUG", "LOG", "TRACE", "MEMDUMP"; LevelNone is
// "NONE" (GStreamer prints an empty string) and other values
// "DebugLevel(n)".
//
// GStreamer: gst_debug_level_get_name (gst/gstinfo.c).
func (l DebugLevel) String() string {
	switch l {
	case LevelNone:
		return "NONE"
	case LevelError:
		return "ERROR"
	case LevelWarning:
		return "WARN"
	case LevelFixme:
		return "FIXME"
	case LevelInfo:
		return "INFO"
	case LevelDebug:
		return "DEBUG"
	case LevelLog:
		return "LOG"
	case LevelTrace:
		return "TRACE"
	case LevelMemdump:
		return "MEMDUMP"
	}
	return "DebugLevel(" + strconv.Itoa(int(l)) + ")"
}

// ParseDebugLevel parses a level as written in GST_DEBUG: a number, or one
// of NONE, ERROR, WARN (any word starting with WARN, e.g. WARNING), FIXME,
// INFO, DEBUG, LOG, TRACE, MEMDUMP. Surrounding spaces are ignored.
// Names are accepted in any case (GStreamer wants upper case).
//
// GStreamer: parse_debug_level (gst/gstinfo.c).
func ParseDebugLevel(s string) (DebugLevel, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, fmt.Errorf("gst: empty debug level")
	}
	if s[0] >= '0' && s[0] <= '9' {
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			return 0, fmt.Errorf("gst: invalid debug level %q", s)
		}
		return DebugLevel(min(n, math.MaxInt32)), nil
	}
	u := strings.ToUpper(s)
	switch {
	case u == "NONE":
		return LevelNone, nil
	case u == "ERROR":
		return LevelError, nil
	case strings.HasPrefix(u, "WARN"):
		return LevelWarning, nil
	case u == "FIXME":
		return LevelFixme, nil
	case u == "INFO":
		return LevelInfo, nil
	case u == "DEBUG":
		return LevelDebug, nil
	case u == "LOG":
		return LevelLog, nil
	case u == "TRACE":
		return LevelTrace, nil
	case u == "MEMDUMP":
		return LevelMemdump, nil
	}
	return 0, fmt.Errorf("gst: invalid debug level %q", s)
}

// SlogLevel maps the level onto log/slog: ERROR → slog.LevelError, WARN →
// slog.LevelWarn, FIXME → slog.LevelInfo+2, INFO → slog.LevelInfo, DEBUG →
// slog.LevelDebug, LOG → slog.LevelDebug-4, TRACE → slog.LevelDebug-8,
// MEMDUMP (and above) → slog.LevelDebug-12.
//
// GStreamer: none (Go-only helper).
func (l DebugLevel) SlogLevel() slog.Level {
	switch {
	case l <= LevelError:
		return slog.LevelError
	case l == LevelWarning:
		return slog.LevelWarn
	case l == LevelFixme:
		return slog.LevelInfo + 2
	case l == LevelInfo:
		return slog.LevelInfo
	case l == LevelDebug:
		return slog.LevelDebug
	case l == LevelLog:
		return slog.LevelDebug - 4
	case l == LevelTrace:
		return slog.LevelDebug - 8
	}
	return slog.LevelDebug - 12
}

// DebugLevelFromSlog is the inverse of DebugLevel.SlogLevel; levels between
// two steps round towards the more important one.
//
// GStreamer: none (Go-only helper).
func DebugLevelFromSlog(l slog.Level) DebugLevel {
	switch {
	case l >= slog.LevelError:
		return LevelError
	case l >= slog.LevelWarn:
		return LevelWarning
	case l >= slog.LevelInfo+2:
		return LevelFixme
	case l >= slog.LevelInfo:
		return LevelInfo
	case l >= slog.LevelDebug:
		return LevelDebug
	case l >= slog.LevelDebug-4:
		return LevelLog
	case l >= slog.LevelDebug-8:
		return LevelTrace
	}
	return LevelMemdump
}

// DebugColorFlags choose how a category's name is printed on a colour
// terminal: one foreground colour, one background colour, bold, underline.
//
// GStreamer: GstDebugColorFlags (gst/gstinfo.h).
type DebugColorFlags uint32

// Debug colours.
//
// GStreamer: GST_DEBUG_FG_*, GST_DEBUG_BG_*, GST_DEBUG_BOLD, GST_DEBUG_UNDERLINE (gst/gstinfo.h).
const (
	DebugFgBlack   DebugColorFlags = 0x0000
	DebugFgRed     DebugColorFlags = 0x0001
	DebugFgGreen   DebugColorFlags = 0x0002
	DebugFgYellow  DebugColorFlags = 0x0003
	DebugFgBlue    DebugColorFlags = 0x0004
	DebugFgMagenta DebugColorFlags = 0x0005
	DebugFgCyan    DebugColorFlags = 0x0006
	DebugFgWhite   DebugColorFlags = 0x0007
	DebugBgBlack   DebugColorFlags = 0x0000
	DebugBgRed     DebugColorFlags = 0x0010
	DebugBgGreen   DebugColorFlags = 0x0020
	DebugBgYellow  DebugColorFlags = 0x0030
	DebugBgBlue    DebugColorFlags = 0x0040
	DebugBgMagenta DebugColorFlags = 0x0050
	DebugBgCyan    DebugColorFlags = 0x0060
	DebugBgWhite   DebugColorFlags = 0x0070
	DebugBold      DebugColorFlags = 0x0100
	DebugUnderline DebugColorFlags = 0x0200
)

// TermColor returns the ANSI escape sequence selecting the colours, e.g.
// "\033[00;01;31m".
//
// GStreamer: gst_debug_construct_term_color (gst/gstinfo.c).
func (c DebugColorFlags) TermColor() string {
	var b strings.Builder
	b.WriteString("\033[00")
	if c&DebugBold != 0 {
		b.WriteString(";01")
	}
	if c&DebugUnderline != 0 {
		b.WriteString(";04")
	}
	if fg := c & 0x0f; fg != 0 {
		b.WriteString(";3")
		b.WriteByte(byte('0' + fg))
	}
	if bg := (c & 0xf0) >> 4; bg != 0 {
		b.WriteString(";4")
		b.WriteByte(byte('0' + bg))
	}
	b.WriteByte('m')
	return b.String()
}

// debugUninit is the effective threshold of every category until the
// GST_DEBUG environment has been read: Enabled then says yes and the log
// call reads the environment and checks again.
const debugUninit = math.MaxInt32

// DebugCategory is a named stream of debug messages with its own
// threshold, e.g. "GST_PADS" or "queue". Categories are registered once in
// a global table (NewDebugCategory) and configured by name with GST_DEBUG
// style specs (SetDebugThresholdFromString).
//
// Messages go to the handler set with SetDebugHandler (by default a text
// handler writing GStreamer-like lines to stderr or GST_DEBUG_FILE).
// Logging with key/value arguments allocates; on hot paths guard the call:
//
//	if cat.Enabled(gst.LevelDebug) {
//		cat.Debug(pad, "pushing buffer", "pts", buf.PTS)
//	}
//
// Safe for concurrent use.
//
// GStreamer: GstDebugCategory (gst/gstinfo.c).
type DebugCategory struct {
	name        string
	description string
	color       DebugColorFlags
	threshold   atomic.Int32 // configured threshold
	enabled     atomic.Int32 // effective: threshold when active, 0 when inactive
}

type levelEntry struct {
	pattern string
	level   DebugLevel
}

var debugState struct {
	once        sync.Once
	mu          sync.Mutex
	initialized bool
	cats        map[string]*DebugCategory
	entries     []levelEntry // newest first
	defaultLvl  DebugLevel
	inactive    bool
	handler     atomic.Pointer[handlerBox]
	defHandler  slog.Handler
	defHandlerE error
}

type handlerBox struct{ h slog.Handler }

var debugStart = time.Now()

// Core categories, registered when the package loads (their thresholds
// come from GST_DEBUG when logging starts).
//
// GStreamer: GST_CAT_DEFAULT, GST_CAT_PADS, ... (gst/gstinfo.c _priv_gst_debug_init).
var (
	CatDefault       = newCoreCategory("default", DebugUnderline, "")
	CatDebug         = newCoreCategory("GST_DEBUG", DebugBold|DebugFgYellow, "debugging subsystem")
	CatInit          = newCoreCategory("GST_INIT", DebugBold|DebugFgRed, "")
	CatMemory        = newCoreCategory("GST_MEMORY", DebugBold|DebugFgBlue, "memory")
	CatParentage     = newCoreCategory("GST_PARENTAGE", DebugBold|DebugFgWhite|DebugBgRed, "")
	CatStates        = newCoreCategory("GST_STATES", DebugBold|DebugFgRed, "")
	CatScheduling    = newCoreCategory("GST_SCHEDULING", DebugBold|DebugFgMagenta, "")
	CatBuffer        = newCoreCategory("GST_BUFFER", DebugBold|DebugBgGreen, "")
	CatBufferList    = newCoreCategory("GST_BUFFER_LIST", DebugBold|DebugBgGreen, "")
	CatBus           = newCoreCategory("GST_BUS", DebugBgYellow, "")
	CatCaps          = newCoreCategory("GST_CAPS", DebugBold|DebugFgBlue, "")
	CatClock         = newCoreCategory("GST_CLOCK", DebugBold|DebugFgYellow, "")
	CatElementPads   = newCoreCategory("GST_ELEMENT_PADS", DebugBold|DebugFgWhite|DebugBgRed, "")
	CatPads          = newCoreCategory("GST_PADS", DebugBold|DebugFgRed|DebugBgBlue, "")
	CatPerformance   = newCoreCategory("GST_PERFORMANCE", DebugBold|DebugFgWhite|DebugBgRed, "")
	CatPipeline      = newCoreCategory("GST_PIPELINE", DebugBold|DebugFgWhite|DebugBgRed, "")
	CatPluginLoading = newCoreCategory("GST_PLUGIN_LOADING", DebugBold|DebugFgCyan, "")
	CatProperties    = newCoreCategory("GST_PROPERTIES", DebugBold|DebugFgWhite|DebugBgBlue, "")
	CatNegotiation   = newCoreCategory("GST_NEGOTIATION", DebugBold|DebugFgBlue, "")
	CatErrorSystem   = newCoreCategory("GST_ERROR_SYSTEM", DebugBold|DebugFgRed|DebugBgWhite, "")
	CatEvent         = newCoreCategory("GST_EVENT", DebugBold|DebugFgBlue, "")
	CatMessage       = newCoreCategory("GST_MESSAGE", DebugBold|DebugFgWhite|DebugBgRed, "")
	CatSegment       = newCoreCategory("GST_SEGMENT", 0, "segment")
	CatProbe         = newCoreCategory("GST_PROBE", DebugBold|DebugFgGreen, "pad probes")
	CatRegistry      = newCoreCategory("GST_REGISTRY", 0, "registry")
	CatQoS           = newCoreCategory("GST_QOS", 0, "QoS")
	CatMeta          = newCoreCategory("GST_META", 0, "meta")
	CatContext       = newCoreCategory("GST_CONTEXT", 0, "")
)

func newCoreCategory(name string, color DebugColorFlags, desc string) *DebugCategory {
	return NewDebugCategory(name, color, desc)
}

// NewDebugCategory registers a category and returns it; registering a name
// again returns the existing category (with its first description). An
// empty description becomes "no description". The threshold comes from
// the patterns set so far (GST_DEBUG, SetDebugThresholdFromString...).
// Safe for concurrent use.
//
// GStreamer: GST_DEBUG_CATEGORY_INIT / _gst_debug_category_new (gst/gstinfo.c).
func NewDebugCategory(name string, color DebugColorFlags, description string) *DebugCategory {
	if description == "" {
		description = "no description"
	}
	st := &debugState
	st.mu.Lock()
	defer st.mu.Unlock()
	if c, ok := st.cats[name]; ok {
		return c
	}
	if st.cats == nil {
		st.cats = make(map[string]*DebugCategory)
	}
	c := &DebugCategory{name: name, description: description, color: color}
	if st.initialized {
		resetThresholdLocked(c)
	} else {
		c.enabled.Store(debugUninit)
	}
	st.cats[name] = c
	return c
}

// LookupDebugCategory returns the registered category called name, or nil.
// Safe for concurrent use.
//
// GStreamer: GST_DEBUG_CATEGORY_GET / _gst_debug_get_category (gst/gstinfo.c).
func LookupDebugCategory(name string) *DebugCategory {
	debugState.mu.Lock()
	defer debugState.mu.Unlock()
	return debugState.cats[name]
}

// DebugCategories returns all registered categories sorted by name.
// Safe for concurrent use.
//
// GStreamer: gst_debug_get_all_categories (gst/gstinfo.c).
func DebugCategories() []*DebugCategory {
	debugState.mu.Lock()
	defer debugState.mu.Unlock()
	out := make([]*DebugCategory, 0, len(debugState.cats))
	for _, c := range debugState.cats {
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b *DebugCategory) int { return strings.Compare(a.name, b.name) })
	return out
}

// ensureDebugInit reads GST_DEBUG, GST_DEBUG_NO_COLOR and GST_DEBUG_FILE
// once.
func ensureDebugInit() {
	debugState.once.Do(func() { debugInitFrom(os.Getenv) })
}

func debugInitFrom(getenv func(string) string) {
	st := &debugState
	st.mu.Lock()
	defer st.mu.Unlock()
	st.defHandler, st.defHandlerE = defaultDebugHandler(getenv)
	st.initialized = true
	resetAllLocked()
	if spec := getenv("GST_DEBUG"); spec != "" {
		setThresholdFromStringLocked(spec, false)
	}
}

func defaultDebugHandler(getenv func(string) string) (slog.Handler, error) {
	var w io.Writer = os.Stderr
	var err error
	if name := getenv("GST_DEBUG_FILE"); name != "" {
		if name == "-" {
			w = os.Stdout
		} else {
			name = strings.ReplaceAll(name, "%p", strconv.Itoa(os.Getpid()))
			name = strings.ReplaceAll(name, "%r", strconv.FormatUint(uint64(rand.Uint32()), 10))
			f, ferr := os.Create(name)
			if ferr != nil {
				err = fmt.Errorf("gst: could not open log file %q for writing: %w", name, ferr)
				fmt.Fprintln(os.Stderr, err)
			} else {
				w = f
			}
		}
	}
	color := getenv("GST_DEBUG_NO_COLOR") == "" && isTerminal(w)
	return NewDebugTextHandler(w, color), err
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// globMatch matches name against a GLib-style pattern where '*' matches
// any run of characters and '?' any single character.
func globMatch(pattern, name string) bool {
	p, n := 0, 0
	starP, starN := -1, 0
	for n < len(name) {
		switch {
		case p < len(pattern) && (pattern[p] == '?' || pattern[p] == name[n]):
			p++
			n++
		case p < len(pattern) && pattern[p] == '*':
			starP, starN = p, n
			p++
		case starP >= 0:
			starN++
			p, n = starP+1, starN
		default:
			return false
		}
	}
	for p < len(pattern) && pattern[p] == '*' {
		p++
	}
	return p == len(pattern)
}

func (c *DebugCategory) setThresholdLocked(l DebugLevel) {
	c.threshold.Store(int32(l))
	if debugState.inactive {
		c.enabled.Store(0)
	} else {
		c.enabled.Store(int32(l))
	}
}

func resetThresholdLocked(c *DebugCategory) {
	for _, e := range debugState.entries {
		if globMatch(e.pattern, c.name) {
			c.setThresholdLocked(e.level)
			return
		}
	}
	c.setThresholdLocked(debugState.defaultLvl)
}

func resetAllLocked() {
	for _, c := range debugState.cats {
		resetThresholdLocked(c)
	}
}

func setThresholdForNameLocked(pattern string, l DebugLevel) {
	debugState.entries = slices.Insert(debugState.entries, 0, levelEntry{pattern, l})
	for _, c := range debugState.cats {
		if globMatch(pattern, c.name) {
			c.setThresholdLocked(l)
		}
	}
}

func setThresholdFromStringLocked(spec string, reset bool) {
	if reset {
		debugState.entries = nil
		debugState.defaultLvl = LevelDefault
		resetAllLocked()
	}
	for _, part := range strings.Split(spec, ",") {
		if name, lvl, ok := strings.Cut(part, ":"); ok {
			name = strings.TrimSpace(name)
			l, err := ParseDebugLevel(lvl)
			if name != "" && err == nil {
				setThresholdForNameLocked(name, l)
			}
			continue
		}
		if l, err := ParseDebugLevel(part); err == nil {
			debugState.defaultLvl = l
			resetAllLocked()
		}
	}
}

// SetDebugThresholdFromString configures thresholds from a GST_DEBUG
// style list: comma-separated "pattern:level" entries and bare levels. A
// bare level sets the default threshold; patterns use '*' and '?'
// wildcards and later entries win ("foosrc:6,*src:3,*:2" sets everything
// to 2). Invalid entries are skipped. With reset, all earlier patterns are
// forgotten and the default threshold returns to LevelDefault first.
// Safe for concurrent use.
//
// GStreamer: gst_debug_set_threshold_from_string (gst/gstinfo.c).
func SetDebugThresholdFromString(spec string, reset bool) {
	ensureDebugInit()
	debugState.mu.Lock()
	defer debugState.mu.Unlock()
	setThresholdFromStringLocked(spec, reset)
}

// SetDebugThresholdForName sets the threshold of all categories whose
// name matches pattern, now and when registered later.
// Safe for concurrent use.
//
// GStreamer: gst_debug_set_threshold_for_name (gst/gstinfo.c).
func SetDebugThresholdForName(pattern string, level DebugLevel) {
	ensureDebugInit()
	debugState.mu.Lock()
	defer debugState.mu.Unlock()
	setThresholdForNameLocked(pattern, level)
}

// UnsetDebugThresholdForName forgets the patterns equal to pattern and
// recomputes every category's threshold. Safe for concurrent use.
//
// GStreamer: gst_debug_unset_threshold_for_name (gst/gstinfo.c).
func UnsetDebugThresholdForName(pattern string) {
	ensureDebugInit()
	debugState.mu.Lock()
	defer debugState.mu.Unlock()
	debugState.entries = slices.DeleteFunc(debugState.entries, func(e levelEntry) bool { return e.pattern == pattern })
	resetAllLocked()
}

// SetDefaultThreshold sets the threshold of categories no pattern matches.
// Safe for concurrent use.
//
// GStreamer: gst_debug_set_default_threshold (gst/gstinfo.c).
func SetDefaultThreshold(level DebugLevel) {
	ensureDebugInit()
	debugState.mu.Lock()
	defer debugState.mu.Unlock()
	debugState.defaultLvl = level
	resetAllLocked()
}

// DefaultThreshold returns the default threshold. Safe for concurrent use.
//
// GStreamer: gst_debug_get_default_threshold (gst/gstinfo.c).
func DefaultThreshold() DebugLevel {
	ensureDebugInit()
	debugState.mu.Lock()
	defer debugState.mu.Unlock()
	return debugState.defaultLvl
}

// DebugSetActive turns all debug output on or off (thresholds are kept).
// Safe for concurrent use.
//
// GStreamer: gst_debug_set_active (gst/gstinfo.c).
func DebugSetActive(active bool) {
	ensureDebugInit()
	debugState.mu.Lock()
	defer debugState.mu.Unlock()
	debugState.inactive = !active
	for _, c := range debugState.cats {
		c.setThresholdLocked(DebugLevel(c.threshold.Load()))
	}
}

// DebugIsActive reports whether debug output is on. Safe for concurrent
// use.
//
// GStreamer: gst_debug_is_active (gst/gstinfo.c).
func DebugIsActive() bool {
	debugState.mu.Lock()
	defer debugState.mu.Unlock()
	return !debugState.inactive
}

// SetDebugHandler sends all debug messages to h; nil restores the default
// handler (GStreamer-like text lines on stderr or GST_DEBUG_FILE). Records
// carry the slog level of DebugLevel.SlogLevel, the attribute "category"
// and, when an object is given, "element", "pad" or "object" holding its
// path (PathString). Safe for concurrent use.
//
// GStreamer: gst_debug_add_log_function / gst_debug_remove_log_function (gst/gstinfo.c).
func SetDebugHandler(h slog.Handler) {
	if h == nil {
		debugState.handler.Store(nil)
		return
	}
	debugState.handler.Store(&handlerBox{h})
}

func debugHandler() slog.Handler {
	if b := debugState.handler.Load(); b != nil {
		return b.h
	}
	ensureDebugInit()
	return debugState.defHandler
}

// Name returns the category name.
//
// GStreamer: gst_debug_category_get_name (gst/gstinfo.c).
func (c *DebugCategory) Name() string { return c.name }

// Description returns the category description.
//
// GStreamer: gst_debug_category_get_description (gst/gstinfo.c).
func (c *DebugCategory) Description() string { return c.description }

// Color returns the category colours.
//
// GStreamer: gst_debug_category_get_color (gst/gstinfo.c).
func (c *DebugCategory) Color() DebugColorFlags { return c.color }

// Threshold returns the category threshold. Safe for concurrent use.
//
// GStreamer: gst_debug_category_get_threshold (gst/gstinfo.c).
func (c *DebugCategory) Threshold() DebugLevel {
	ensureDebugInit()
	return DebugLevel(c.threshold.Load())
}

// SetThreshold sets the category threshold until the next change of the
// patterns or of the default threshold. Safe for concurrent use.
//
// GStreamer: gst_debug_category_set_threshold (gst/gstinfo.c).
func (c *DebugCategory) SetThreshold(level DebugLevel) {
	ensureDebugInit()
	debugState.mu.Lock()
	defer debugState.mu.Unlock()
	c.setThresholdLocked(level)
}

// ResetThreshold recomputes the threshold from the patterns and the
// default threshold. Safe for concurrent use.
//
// GStreamer: gst_debug_category_reset_threshold (gst/gstinfo.c).
func (c *DebugCategory) ResetThreshold() {
	ensureDebugInit()
	debugState.mu.Lock()
	defer debugState.mu.Unlock()
	resetThresholdLocked(c)
}

// Enabled reports whether messages of level would be logged: a single
// atomic load and compare, so it costs about a nanosecond. Before the
// first message it may report true once; the logging call then reads
// GST_DEBUG and checks again.
//
// GStreamer: GST_LEVEL_MAX / the level check of GST_CAT_LEVEL_LOG (gst/gstinfo.h).
func (c *DebugCategory) Enabled(level DebugLevel) bool {
	return level <= DebugLevel(c.enabled.Load()) && level > LevelNone
}

// Log logs msg at level, with obj (may be nil) as the source object and
// args as slog key/value pairs or slog.Attr values.
//
// GStreamer: GST_CAT_LEVEL_LOG / gst_debug_log (gst/gstinfo.c).
func (c *DebugCategory) Log(level DebugLevel, obj Object, msg string, args ...any) {
	if c.Enabled(level) {
		c.log(level, obj, msg, args)
	}
}

// Error logs at LevelError; see Log.
//
// GStreamer: GST_CAT_ERROR_OBJECT (gst/gstinfo.h).
func (c *DebugCategory) Error(obj Object, msg string, args ...any) {
	if c.Enabled(LevelError) {
		c.log(LevelError, obj, msg, args)
	}
}

// Warning logs at LevelWarning; see Log.
//
// GStreamer: GST_CAT_WARNING_OBJECT (gst/gstinfo.h).
func (c *DebugCategory) Warning(obj Object, msg string, args ...any) {
	if c.Enabled(LevelWarning) {
		c.log(LevelWarning, obj, msg, args)
	}
}

// Fixme logs at LevelFixme; see Log.
//
// GStreamer: GST_CAT_FIXME_OBJECT (gst/gstinfo.h).
func (c *DebugCategory) Fixme(obj Object, msg string, args ...any) {
	if c.Enabled(LevelFixme) {
		c.log(LevelFixme, obj, msg, args)
	}
}

// Info logs at LevelInfo; see Log.
//
// GStreamer: GST_CAT_INFO_OBJECT (gst/gstinfo.h).
func (c *DebugCategory) Info(obj Object, msg string, args ...any) {
	if c.Enabled(LevelInfo) {
		c.log(LevelInfo, obj, msg, args)
	}
}

// Debug logs at LevelDebug; see Log.
//
// GStreamer: GST_CAT_DEBUG_OBJECT (gst/gstinfo.h).
func (c *DebugCategory) Debug(obj Object, msg string, args ...any) {
	if c.Enabled(LevelDebug) {
		c.log(LevelDebug, obj, msg, args)
	}
}

// LogAt logs at LevelLog (the level named LOG; the method is not called
// Log because Log takes the level); see Log.
//
// GStreamer: GST_CAT_LOG_OBJECT (gst/gstinfo.h).
func (c *DebugCategory) LogAt(obj Object, msg string, args ...any) {
	if c.Enabled(LevelLog) {
		c.log(LevelLog, obj, msg, args)
	}
}

// Trace logs at LevelTrace; see Log.
//
// GStreamer: GST_CAT_TRACE_OBJECT (gst/gstinfo.h).
func (c *DebugCategory) Trace(obj Object, msg string, args ...any) {
	if c.Enabled(LevelTrace) {
		c.log(LevelTrace, obj, msg, args)
	}
}

// Memdump logs msg at LevelMemdump followed by a hex dump of data (as
// attribute "data").
//
// GStreamer: GST_CAT_MEMDUMP_OBJECT (gst/gstinfo.h).
func (c *DebugCategory) Memdump(obj Object, msg string, data []byte) {
	if c.Enabled(LevelMemdump) {
		c.log(LevelMemdump, obj, msg, []any{slog.String("data", hex.Dump(data))})
	}
}

// objectValue defers computing an object's path until a handler needs it
// and lets the default handler print GStreamer's short "<name>" form.
type objectValue struct{ obj Object }

func (v objectValue) LogValue() slog.Value { return slog.StringValue(PathString(v.obj)) }

func objectKey(obj Object) string {
	if _, isPad := obj.(interface{ pad() *Pad }); isPad {
		return "pad"
	}
	switch tn := obj.TypeName(); {
	case tn == "GstObject", tn == "GstBus", tn == "GstBufferPool", strings.HasSuffix(tn, "Clock"):
		return "object"
	}
	return "element"
}

func (c *DebugCategory) log(level DebugLevel, obj Object, msg string, args []any) {
	if c.enabled.Load() == debugUninit {
		ensureDebugInit()
		if !c.Enabled(level) {
			return
		}
	}
	h := debugHandler()
	sl := level.SlogLevel()
	ctx := context.Background()
	if h == nil || !h.Enabled(ctx, sl) {
		return
	}
	var pcs [1]uintptr
	runtime.Callers(3, pcs[:]) // Callers, log, the exported method
	r := slog.NewRecord(time.Now(), sl, msg, pcs[0])
	r.AddAttrs(slog.String("category", c.name))
	if obj != nil {
		r.AddAttrs(slog.Any(objectKey(obj), objectValue{obj}))
	}
	r.Add(args...)
	_ = h.Handle(ctx, r)
}

// ---- default handler ----

// levelColors are the ANSI colours of the level names, indexed by level.
var levelColors = [...]string{
	"\033[37m", "\033[31;01m", "\033[33;01m", "\033[32;01m", "\033[36m",
	"\033[37m", "\033[33;01m", "\033[37m", "\033[37m", "\033[37m",
}

type debugTextHandler struct {
	mu     *sync.Mutex
	w      io.Writer
	color  bool
	pid    int
	attrs  string // preformatted attributes from WithAttrs
	prefix string // group prefix from WithGroup
}

// NewDebugTextHandler returns a slog handler writing one GStreamer-style
// line per record to w:
//
//	0:00:00.001234567 12345 WARN              GST_PADS pad.go:123:(*Pad).Push:<queue0:src> message key=value
//
// that is elapsed time, process id, level, category (right-aligned in 20
// columns), source file:line:function, the object and the message, then
// the remaining attributes. With color, ANSI colours are used as GStreamer
// does on a terminal. Safe for concurrent use.
//
// GStreamer: gst_debug_log_default (gst/gstinfo.c).
func NewDebugTextHandler(w io.Writer, color bool) slog.Handler {
	return &debugTextHandler{mu: new(sync.Mutex), w: w, color: color, pid: os.Getpid()}
}

func (h *debugTextHandler) Enabled(context.Context, slog.Level) bool { return true }

func (h *debugTextHandler) WithAttrs(as []slog.Attr) slog.Handler {
	n := *h
	var b strings.Builder
	b.WriteString(h.attrs)
	for _, a := range as {
		appendAttr(&b, h.prefix, a)
	}
	n.attrs = b.String()
	return &n
}

func (h *debugTextHandler) WithGroup(name string) slog.Handler {
	if name == "" {
		return h
	}
	n := *h
	n.prefix = h.prefix + name + "."
	return &n
}

func appendAttr(b *strings.Builder, prefix string, a slog.Attr) {
	a.Value = a.Value.Resolve()
	if a.Equal(slog.Attr{}) {
		return
	}
	if a.Value.Kind() == slog.KindGroup {
		p := prefix
		if a.Key != "" {
			p += a.Key + "."
		}
		for _, g := range a.Value.Group() {
			appendAttr(b, p, g)
		}
		return
	}
	b.WriteByte(' ')
	b.WriteString(prefix)
	b.WriteString(a.Key)
	b.WriteByte('=')
	s := a.Value.String()
	if s == "" || strings.ContainsAny(s, " \t\n\"=") {
		s = strconv.Quote(s)
	}
	b.WriteString(s)
}

// shortObjectName renders GStreamer's "<name>" or "<parent:pad>".
func shortObjectName(obj Object) string {
	if _, isPad := obj.(interface{ pad() *Pad }); isPad {
		parent := "''"
		if p := obj.Parent(); p != nil {
			parent = p.Name()
		}
		return "<" + parent + ":" + obj.Name() + ">"
	}
	return "<" + obj.Name() + ">"
}

func (h *debugTextHandler) Handle(_ context.Context, r slog.Record) error {
	var cat, objStr string
	var rest strings.Builder
	rest.WriteString(h.attrs)
	r.Attrs(func(a slog.Attr) bool {
		switch {
		case a.Key == "category" && cat == "":
			cat = a.Value.String()
		case (a.Key == "element" || a.Key == "pad" || a.Key == "object") && objStr == "":
			if ov, ok := a.Value.Any().(objectValue); ok {
				objStr = shortObjectName(ov.obj)
			} else {
				objStr = "<" + a.Value.Resolve().String() + ">"
			}
		default:
			appendAttr(&rest, h.prefix, a)
		}
		return true
	})
	file, line, fn := "", 0, ""
	if r.PC != 0 {
		fr, _ := runtime.CallersFrames([]uintptr{r.PC}).Next()
		file, line, fn = fr.File, fr.Line, fr.Function
		if i := strings.LastIndexByte(file, '/'); i >= 0 {
			file = file[i+1:]
		}
		if i := strings.LastIndexByte(fn, '/'); i >= 0 {
			fn = fn[i+1:]
		}
		if i := strings.IndexByte(fn, '.'); i >= 0 {
			fn = fn[i+1:]
		}
	}
	level := DebugLevelFromSlog(r.Level)
	elapsed := ClockTimeFromDuration(r.Time.Sub(debugStart))
	if r.Time.IsZero() {
		elapsed = 0
	}
	var b strings.Builder
	b.WriteString(elapsed.String())
	if h.color {
		catColor := DebugColorFlags(0)
		if c := LookupDebugCategory(cat); c != nil {
			catColor = c.color
		}
		lc := levelColors[min(int(level), len(levelColors)-1)]
		fmt.Fprintf(&b, " \033[%02dm%10d\033[00m %s%-7s\033[00m %s%20s %s:%d:%s:%s\033[00m %s",
			h.pid%6+31, h.pid, lc, level.String(), catColor.TermColor(), cat, file, line, fn, objStr, r.Message)
	} else {
		fmt.Fprintf(&b, " %10d %-7s %20s %s:%d:%s:%s %s", h.pid, level.String(), cat, file, line, fn, objStr, r.Message)
	}
	b.WriteString(rest.String())
	b.WriteByte('\n')
	h.mu.Lock()
	defer h.mu.Unlock()
	_, err := io.WriteString(h.w, b.String())
	return err
}
