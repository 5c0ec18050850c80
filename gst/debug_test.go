package gst

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// resetDebug restores a quiet default configuration after a test.
func resetDebug(t *testing.T) {
	t.Cleanup(func() {
		SetDebugHandler(nil)
		DebugSetActive(true)
		SetDebugThresholdFromString("", true)
	})
}

func TestParseDebugLevel(t *testing.T) {
	cases := []struct {
		in   string
		want DebugLevel
		ok   bool
	}{
		{"0", LevelNone, true}, {"5", LevelDebug, true}, {" 9 ", LevelMemdump, true}, {"12", 12, true},
		{"NONE", LevelNone, true}, {"ERROR", LevelError, true}, {"WARN", LevelWarning, true},
		{"WARNING", LevelWarning, true}, {"warning", LevelWarning, true}, {"FIXME", LevelFixme, true},
		{"INFO", LevelInfo, true}, {"DEBUG", LevelDebug, true}, {"LOG", LevelLog, true},
		{"TRACE", LevelTrace, true}, {"MEMDUMP", LevelMemdump, true}, {"debug", LevelDebug, true},
		{"", 0, false}, {"5x", 0, false}, {"LOUD", 0, false}, {"-1", 0, false},
		{"99999999999999999999", 0, false}, {"4294967296", DebugLevel(1<<31 - 1), true},
	}
	for _, c := range cases {
		got, err := ParseDebugLevel(c.in)
		if (err == nil) != c.ok || (c.ok && got != c.want) {
			t.Errorf("ParseDebugLevel(%q) = %v, %v; want %v ok=%v", c.in, got, err, c.want, c.ok)
		}
	}
	for l := LevelNone; l <= LevelMemdump; l++ {
		if l == 8 {
			continue
		}
		if p, err := ParseDebugLevel(l.String()); err != nil || p != l {
			t.Errorf("round trip of %v: %v %v", l, p, err)
		}
		if DebugLevelFromSlog(l.SlogLevel()) != max(l, LevelError) {
			t.Errorf("slog round trip of %v", l)
		}
	}
	if DebugLevel(8).String() != "DebugLevel(8)" {
		t.Fatal(DebugLevel(8).String())
	}
}

func TestGlobMatch(t *testing.T) {
	cases := []struct {
		pat, name string
		want      bool
	}{
		{"*", "anything", true}, {"*", "", true}, {"GST_*", "GST_PADS", true}, {"GST_*", "queue", false},
		{"*src", "fakesrc", true}, {"*src", "fakesrcx", false}, {"*a*b", "dog-a1b", true},
		{"*b*0", "dog-b10", true}, {"d*", "dog-1", true}, {"q?eue", "queue", true},
		{"q?eue", "qeue", false}, {"queue", "queue", true}, {"queue", "queue2", false},
		{"a*b*c", "aXXbYYc", true}, {"a*b*c", "aXXbYY", false}, {"**", "x", true},
	}
	for _, c := range cases {
		if got := globMatch(c.pat, c.name); got != c.want {
			t.Errorf("globMatch(%q, %q) = %v", c.pat, c.name, got)
		}
	}
}

// Ported from tests/check/gst/gstinfo.c info_set_and_reset_string.
func TestDebugThresholdFromString(t *testing.T) {
	resetDebug(t)
	states, caps := LookupDebugCategory("GST_STATES"), LookupDebugCategory("GST_CAPS")
	if states != CatStates || caps != CatCaps {
		t.Fatal("core categories not registered")
	}
	steps := []struct {
		spec       string
		reset      bool
		wantStates DebugLevel
		wantCaps   DebugLevel
	}{
		{"WARNING,GST_CAPS:DEBUG", true, LevelWarning, LevelDebug},
		{"GST_STATES:TRACE", false, LevelTrace, LevelDebug},
		{"INFO,GST_CAPS:FIXME", false, LevelTrace, LevelFixme},
		{"INFO,GST_CAPS:FIXME", true, LevelInfo, LevelFixme},
		{"", true, LevelDefault, LevelDefault},
		{"GST_*:5,GST_CAPS:2", true, LevelDebug, LevelWarning},
		{"GST_CAPS:2,GST_*:5", true, LevelDebug, LevelDebug},
		{" GST_STATES : 6 , bogus, :4, GST_CAPS:LOUD ", true, LevelLog, LevelDefault},
		{"*:2,GST_STATES:6", true, LevelLog, LevelWarning},
	}
	for _, s := range steps {
		SetDebugThresholdFromString(s.spec, s.reset)
		if got := states.Threshold(); got != s.wantStates {
			t.Errorf("%q: GST_STATES = %v want %v", s.spec, got, s.wantStates)
		}
		if got := caps.Threshold(); got != s.wantCaps {
			t.Errorf("%q: GST_CAPS = %v want %v", s.spec, got, s.wantCaps)
		}
	}
	SetDebugThresholdFromString("foosrc:6,*src:3,*:2", true)
	foo := NewDebugCategory("foosrc", 0, "")
	if foo.Threshold() != LevelWarning {
		t.Fatalf("last pattern must win: %v", foo.Threshold())
	}
}

// Ported from info_set_and_unset_single and info_set_and_unset_multiple.
func TestDebugSetUnsetForName(t *testing.T) {
	resetDebug(t)
	SetDebugThresholdFromString("WARNING", true)
	SetDebugThresholdForName("GST_STATES", LevelDebug)
	SetDebugThresholdForName("GST_CAPS", LevelDebug)
	if CatStates.Threshold() != LevelDebug || CatCaps.Threshold() != LevelDebug {
		t.Fatal("set for name")
	}
	UnsetDebugThresholdForName("GST_STATES")
	if CatStates.Threshold() != LevelWarning || CatCaps.Threshold() != LevelDebug {
		t.Fatal("unset single")
	}
	UnsetDebugThresholdForName("GST_CAPS")
	if CatCaps.Threshold() != LevelWarning {
		t.Fatal("unset multiple")
	}
	SetDefaultThreshold(LevelNone)
	if DefaultThreshold() != LevelNone || CatCaps.Threshold() != LevelNone {
		t.Fatal("default")
	}
	CatCaps.SetThreshold(LevelLog)
	if !CatCaps.Enabled(LevelLog) || CatCaps.Enabled(LevelTrace) {
		t.Fatal("set threshold")
	}
	CatCaps.ResetThreshold()
	if CatCaps.Threshold() != LevelNone {
		t.Fatal("reset threshold")
	}
}

// Ported from info_post_gst_init_category_registration (with only the
// categories the test inspects).
func TestDebugLateRegistration(t *testing.T) {
	resetDebug(t)
	SetDebugThresholdFromString("*a*b:6,*b*0:6,*c:3,d*:2,xyz*:9,ax:1", true)
	if DefaultThreshold() != LevelDefault {
		t.Fatal("default threshold")
	}
	cases := []struct {
		i    int
		want DebugLevel
	}{
		{0, LevelDefault}, {1, LevelWarning}, {2, LevelDefault}, {3, LevelWarning},
		{0xc, LevelFixme}, {0x4c, LevelFixme}, {0xa1b, LevelWarning}, {0xb10, LevelLog},
	}
	for _, c := range cases {
		prefix := "cat"
		if c.i%2 == 1 {
			prefix = "dog"
		}
		name := fmt.Sprintf("%s-%x", prefix, c.i)
		cat := NewDebugCategory(name, 0, "none")
		if got := cat.Threshold(); got != c.want {
			t.Errorf("%s = %v want %v", name, got, c.want)
		}
	}
}

// Ported from info_register_same_debug_category_twice.
func TestDebugRegisterTwice(t *testing.T) {
	c1 := NewDebugCategory("dupli-cat", 0, "Going once")
	c2 := NewDebugCategory("dupli-cat", 0, "Going twice")
	if c1 != c2 || c1.Name() != "dupli-cat" || c1.Description() != "Going once" {
		t.Fatal("duplicate registration")
	}
	if NewDebugCategory("no-desc-cat", DebugFgRed, "").Description() != "no description" {
		t.Fatal("default description")
	}
	found := false
	for _, c := range DebugCategories() {
		found = found || c == c1
	}
	if !found {
		t.Fatal("DebugCategories")
	}
}

type captureHandler struct {
	mu   sync.Mutex
	recs []slog.Record
}

func (h *captureHandler) Enabled(context.Context, slog.Level) bool { return true }
func (h *captureHandler) Handle(_ context.Context, r slog.Record) error {
	h.mu.Lock()
	h.recs = append(h.recs, r)
	h.mu.Unlock()
	return nil
}
func (h *captureHandler) WithAttrs([]slog.Attr) slog.Handler { return h }
func (h *captureHandler) WithGroup(string) slog.Handler      { return h }

func recAttrs(r slog.Record) map[string]string {
	m := map[string]string{}
	r.Attrs(func(a slog.Attr) bool {
		m[a.Key] = a.Value.Resolve().String()
		return true
	})
	return m
}

func testObjects() (*ObjectBase, *Pad) {
	el := &ObjectBase{}
	el.SetName("queue0")
	el.SetTypeName("GstQueue")
	p := &Pad{}
	p.SetName("src")
	p.SetTypeName("GstPad")
	SetParent(p, el)
	return el, p
}

func TestDebugLogToHandler(t *testing.T) {
	resetDebug(t)
	h := &captureHandler{}
	SetDebugHandler(h)
	cat := NewDebugCategory("testcat", 0, "test")
	SetDebugThresholdFromString("testcat:5", true)
	el, pad := testObjects()

	cat.Debug(el, "hello", "n", 42)
	cat.LogAt(el, "too verbose")
	cat.Warning(pad, "careful", slog.String("why", "test"))
	cat.Log(LevelFixme, nil, "fix me")
	cat.Trace(nil, "hidden")
	cat.Memdump(nil, "hidden", []byte{1})
	if len(h.recs) != 3 {
		t.Fatalf("%d records", len(h.recs))
	}
	r := h.recs[0]
	if r.Message != "hello" || r.Level != slog.LevelDebug {
		t.Fatalf("record %v", r)
	}
	a := recAttrs(r)
	if a["category"] != "testcat" || a["element"] != "/GstQueue:queue0" || a["n"] != "42" {
		t.Fatalf("attrs %v", a)
	}
	if fr, _ := runtimeFrame(r.PC); !strings.HasSuffix(fr, "debug_test.go") {
		t.Fatalf("source %q", fr)
	}
	a = recAttrs(h.recs[1])
	if h.recs[1].Level != slog.LevelWarn || a["pad"] != "/GstQueue:queue0.GstPad:src" || a["why"] != "test" {
		t.Fatalf("pad record %v", a)
	}
	if h.recs[2].Level != slog.LevelInfo+2 {
		t.Fatal("fixme level")
	}

	DebugSetActive(false)
	if DebugIsActive() || cat.Enabled(LevelError) {
		t.Fatal("inactive")
	}
	cat.Error(nil, "dropped")
	if len(h.recs) != 3 || cat.Threshold() != LevelDebug {
		t.Fatal("inactive must drop messages and keep thresholds")
	}
	DebugSetActive(true)
	cat.Error(nil, "back")
	cat.Info(nil, "info")
	cat.Fixme(nil, "fixme")
	if len(h.recs) != 6 {
		t.Fatal("active again")
	}
}

func TestDebugTextHandler(t *testing.T) {
	resetDebug(t)
	var buf bytes.Buffer
	SetDebugHandler(NewDebugTextHandler(&buf, false))
	cat := NewDebugCategory("textcat", 0, "")
	cat.SetThreshold(LevelLog)
	el, pad := testObjects()
	cat.Info(pad, "linked", "caps", "video/x-raw, width=(int)320")
	cat.Debug(el, "plain")
	cat.Error(nil, "no object")
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if len(lines) != 3 {
		t.Fatalf("output %q", buf.String())
	}
	re := regexp.MustCompile(`^\d+:\d\d:\d\d\.\d{9} +\d+ INFO +textcat debug_test\.go:\d+:TestDebugTextHandler:<queue0:src> linked caps="video/x-raw, width=\(int\)320"$`)
	if !re.MatchString(lines[0]) {
		t.Errorf("line %q", lines[0])
	}
	if !strings.Contains(lines[1], " DEBUG ") || !strings.HasSuffix(lines[1], ":<queue0> plain") {
		t.Errorf("line %q", lines[1])
	}
	if !strings.Contains(lines[2], "ERROR") || !strings.HasSuffix(lines[2], "TestDebugTextHandler: no object") {
		t.Errorf("line %q", lines[2])
	}
	// the category column is 20 wide
	if !strings.Contains(lines[0], fmt.Sprintf(" %20s ", "textcat")[0:22]) {
		t.Errorf("category column %q", lines[0])
	}

	buf.Reset()
	h := NewDebugTextHandler(&buf, true).WithAttrs([]slog.Attr{slog.Int("a", 1)}).WithGroup("g")
	SetDebugHandler(h)
	cat.Warning(nil, "colored", "k", "v")
	out := buf.String()
	if !strings.Contains(out, "\033[33;01mWARN") || !strings.Contains(out, " a=1 g.k=v") {
		t.Errorf("colored output %q", out)
	}
	if got := (DebugBold | DebugFgRed | DebugBgBlue).TermColor(); got != "\033[00;01;31;44m" {
		t.Errorf("TermColor %q", got)
	}
}

func TestDebugEnvironment(t *testing.T) {
	resetDebug(t)
	ensureDebugInit()
	dir := t.TempDir()
	env := map[string]string{
		"GST_DEBUG":          "envcat:4,GST_BUS:6",
		"GST_DEBUG_FILE":     filepath.Join(dir, "log-%p.txt"),
		"GST_DEBUG_NO_COLOR": "1",
	}
	cat := NewDebugCategory("envcat", 0, "")
	debugInitFrom(func(k string) string { return env[k] })
	t.Cleanup(func() { debugInitFrom(os.Getenv) })
	if cat.Threshold() != LevelInfo || CatBus.Threshold() != LevelLog || CatPads.Threshold() != LevelDefault {
		t.Fatalf("thresholds %v %v %v", cat.Threshold(), CatBus.Threshold(), CatPads.Threshold())
	}
	SetDebugHandler(nil)
	cat.Info(nil, "to the file")
	data, err := os.ReadFile(filepath.Join(dir, fmt.Sprintf("log-%d.txt", os.Getpid())))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), "INFO ") || !strings.Contains(string(data), "to the file") || strings.Contains(string(data), "\033") {
		t.Fatalf("file content %q", data)
	}
	if f, ok := debugState.defHandler.(*debugTextHandler).w.(*os.File); ok {
		f.Close()
	}
}

func TestDebugDisabledNoAlloc(t *testing.T) {
	resetDebug(t)
	cat := NewDebugCategory("alloccat", 0, "")
	SetDebugThresholdFromString("alloccat:1", true)
	el, _ := testObjects()
	allocs := testing.AllocsPerRun(1000, func() {
		cat.Debug(el, "not logged")
		if cat.Enabled(LevelDebug) {
			cat.Debug(el, "not logged", "n", 12345)
		}
	})
	if allocs != 0 {
		t.Fatalf("disabled logging allocates %v", allocs)
	}
}

func runtimeFrame(pc uintptr) (string, int) {
	fr, _ := runtime.CallersFrames([]uintptr{pc}).Next()
	return fr.File, fr.Line
}

func BenchmarkDebugDisabled(b *testing.B) {
	cat := NewDebugCategory("benchcat", 0, "")
	cat.SetThreshold(LevelNone)
	b.ReportAllocs()
	for b.Loop() {
		cat.Debug(nil, "not logged")
	}
}

func BenchmarkDebugEnabledCheck(b *testing.B) {
	cat := NewDebugCategory("benchcat", 0, "")
	cat.SetThreshold(LevelWarning)
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		if cat.Enabled(LevelDebug) {
			n++
		}
	}
	if n != 0 {
		b.Fatal(n)
	}
}

func FuzzDebugThresholdFromString(f *testing.F) {
	for _, s := range []string{"", "*:2", "GST_PADS:5,queue:6", "WARNING,GST_CAPS:DEBUG", "a*b?:9,,:,x:", "*:99999999999", "::::", "ÿ*:LOG"} {
		f.Add(s)
	}
	cat := NewDebugCategory("fuzzcat", 0, "")
	f.Fuzz(func(t *testing.T, spec string) {
		SetDebugThresholdFromString(spec, true)
		if cat.Threshold() < 0 {
			t.Fatalf("negative threshold for %q", spec)
		}
		_ = globMatch(spec, "fuzzcat")
		_, _ = ParseDebugLevel(spec)
		SetDebugThresholdFromString("", true)
	})
}
