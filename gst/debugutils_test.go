package gst

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// dotTestElement has optional static pads and settable properties,
// including a secret one.
type dotTestElement struct {
	ElementBase
	mu    sync.Mutex
	props map[string]any
}

var dotTestProps = []*ParamSpec{
	ParamInt("num-buffers", "Num", "Number of buffers", -1, 1<<30, -1, ParamReadWrite),
	ParamString("location", "Location", "Where", "", ParamReadWrite),
	ParamString("password", "Password", "A secret", "", ParamReadWrite),
	ParamString("api-key", "Key", "Another secret", "", ParamReadWrite),
}

func dotTestClass(name string, tmpls ...*PadTemplate) *ElementClass {
	return &ElementClass{Name: name, TypeName: "GstDot" + name, PadTemplates: tmpls, Properties: dotTestProps,
		New: func() Element { return &dotTestElement{props: map[string]any{}} }}
}

func (e *dotTestElement) Constructed() error {
	for _, t := range e.Class().PadTemplates {
		if err := e.AddPad(NewPadFromTemplate(t, t.NameTemplate)); err != nil {
			return err
		}
	}
	return nil
}

func (e *dotTestElement) SetProperty(name string, v any) error {
	e.mu.Lock()
	e.props[name] = v
	e.mu.Unlock()
	return nil
}

func (e *dotTestElement) Property(name string) any {
	e.mu.Lock()
	defer e.mu.Unlock()
	if v, ok := e.props[name]; ok {
		return v
	}
	return e.Class().FindProperty(name).Default
}

func newDotPipeline(t *testing.T) (*Pipeline, Element, Element) {
	t.Helper()
	srcT := MustNewPadTemplate("src", PadSrc, PadAlways, NewCapsAny())
	sinkT := MustNewPadTemplate("sink", PadSink, PadAlways, NewCapsAny())
	src, err := dotTestClass("src", srcT).Create("mysrc")
	if err != nil {
		t.Fatal(err)
	}
	sink, err := dotTestClass("sink", sinkT).Create("mysink")
	if err != nil {
		t.Fatal(err)
	}
	p := NewPipeline("dotpipe")
	if err := p.Add(src, sink); err != nil {
		t.Fatal(err)
	}
	if err := Link(src, sink); err != nil {
		t.Fatal(err)
	}
	return p, src, sink
}

func TestDebugBinToDotData(t *testing.T) {
	p, src, _ := newDotPipeline(t)
	for k, v := range map[string]any{"num-buffers": 3, "location": `/tmp/a "b"`, "password": "hunter2", "api-key": "s3cr3t"} {
		if err := src.Set(k, v); err != nil {
			t.Fatal(err)
		}
	}
	dot := DebugBinToDotData(&p.Bin, DebugGraphShowAll)
	mustContain := []string{
		"digraph pipeline {\n",
		`label="<GstPipeline>\ndotpipe\n[0]";`,
		`label="GstDotsrc\nmysrc\n[0]\nnum-buffers=3\nlocation=\"/tmp/a \\\"b\\\"\"";`,
		`label="GstDotsink\nmysink\n[0]";`,
		"  fillcolor=\"#ffaaaa\";\n",
		"  fillcolor=\"#aaaaff\";\n",
		`fillcolor="#ffaaaa", label="src\n[-][bFb]", height="0.2", style="filled,solid"];`,
		`tooltip="num-buffers=3&#10;location=`,
		"[label=\"ANY\"]\n",
		"}\n",
	}
	for _, want := range mustContain {
		if !strings.Contains(dot, want) {
			t.Errorf("dot lacks %q:\n%s", want, dot)
		}
	}
	for _, secret := range []string{"hunter2", "s3cr3t", "password", "api-key"} {
		if strings.Contains(dot, secret) {
			t.Errorf("dot leaks %q:\n%s", secret, dot)
		}
	}
	link := regexp.MustCompile(`(?m)^  node_mysrc_0x[0-9a-f]+_node_src_0x[0-9a-f]+ -> node_mysink_0x[0-9a-f]+_node_sink_0x[0-9a-f]+ \[label="ANY"\]$`)
	if !link.MatchString(dot) {
		t.Errorf("no src->sink link:\n%s", dot)
	}
	if !strings.HasSuffix(dot, "\n}\n") {
		t.Errorf("graph not closed")
	}
	// Without details: no states, no params, plain link.
	plain := DebugBinToDotData(&p.Bin, 0)
	if strings.Contains(plain, `\n[0]"`) || strings.Contains(plain, "num-buffers") || strings.Contains(plain, "label=\"ANY\"") {
		t.Errorf("details shown with 0:\n%s", plain)
	}
}

func TestDebugBinToDotDataCapsDetails(t *testing.T) {
	caps, err := ParseCaps("video/x-raw, width=(int)320, format=(string)I420")
	if err != nil {
		t.Fatal(err)
	}
	got := dotDescribeCaps(caps, DebugGraphShowCapsDetails)
	want := `video/x-raw\l               width: 320\l              format: I420\l`
	if got != want {
		t.Errorf("caps details = %q, want %q", got, want)
	}
	if got := dotDescribeCaps(caps, DebugGraphShowMediaType); got != "video/x-raw" {
		t.Errorf("media type = %q", got)
	}
}

func TestDebugBinToDotFile(t *testing.T) {
	p, _, _ := newDotPipeline(t)
	t.Setenv("GST_DEBUG_DUMP_DOT_DIR", "")
	DebugBinToDotFile(&p.Bin, DebugGraphShowAll, "nothing")
	dir := t.TempDir()
	t.Setenv("GST_DEBUG_DUMP_DOT_DIR", dir)
	DebugBinToDotFile(&p.Bin, DebugGraphShowAll, "graph")
	data, err := os.ReadFile(filepath.Join(dir, "graph.dot"))
	if err != nil {
		t.Fatal(err)
	}
	if string(data) != DebugBinToDotData(&p.Bin, DebugGraphShowAll) {
		t.Errorf("file content differs from DebugBinToDotData")
	}
	DebugBinToDotFileWithTS(&p.Bin, DebugGraphShowAll, "snap")
	m, _ := filepath.Glob(filepath.Join(dir, "*-snap.dot"))
	if len(m) != 1 || !regexp.MustCompile(`^\d+\.\d\d\.\d\d\.\d{9}-snap\.dot$`).MatchString(filepath.Base(m[0])) {
		t.Errorf("timestamped dump = %v", m)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Errorf("%d files in dump dir, want 2", len(entries))
	}
}

func TestDotTimestamp(t *testing.T) {
	if got := dotTimestamp(3*time.Hour + 4*time.Minute + 5*time.Second + 6); got != "3.04.05.000000006" {
		t.Errorf("dotTimestamp = %q", got)
	}
}

func TestIsSecretProperty(t *testing.T) {
	for name, want := range map[string]bool{"password": true, "user-pw": false, "proxy-passwd": true, "secret-key": true,
		"access-token": true, "location": false, "num-buffers": false} {
		if got := isSecretProperty(name); got != want {
			t.Errorf("isSecretProperty(%q) = %v", name, got)
		}
	}
}
