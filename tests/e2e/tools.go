package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// E2EEnv is the environment variable that makes missing tools failures
// instead of skips. .ci/run sets it to 1.
//
// GStreamer: none (Go-only helper).
const E2EEnv = "GSTMINI_E2E"

// Required reports whether end-to-end tools are required (GSTMINI_E2E is
// set and not "0").
//
// GStreamer: none (Go-only helper).
func Required() bool {
	v := os.Getenv(E2EEnv)
	return v != "" && v != "0"
}

// Unavailable ends the test because a tool is missing: t.Skip with the
// reason normally, t.Fatal when Required.
//
// GStreamer: none (Go-only helper).
func Unavailable(t testing.TB, reason string) {
	t.Helper()
	if Required() {
		t.Fatalf("%s (%s is set: end-to-end tools are required; run .ci/run to install them)", reason, E2EEnv)
	}
	t.Skipf("%s (install with .ci/run; set %s=1 to make this a failure)", reason, E2EEnv)
}

// RepoRoot returns the module root (the directory holding go.mod), found
// from the working directory upwards.
//
// GStreamer: none (Go-only helper).
func RepoRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d
		}
		if filepath.Dir(d) == d {
			t.Fatalf("no go.mod above %s", dir)
		}
	}
}

// LookTool returns the path of an executable: name in <repo>/.tools/bin,
// then in PATH. A missing tool ends the test through Unavailable.
//
// GStreamer: none (Go-only helper).
func LookTool(t testing.TB, name string) string {
	t.Helper()
	local := filepath.Join(RepoRoot(t), ".tools", "bin", name)
	if fi, err := os.Stat(local); err == nil && !fi.IsDir() && fi.Mode()&0o111 != 0 {
		return local
	}
	p, err := exec.LookPath(name)
	if err != nil {
		Unavailable(t, name+" is not installed")
	}
	return p
}

// TestData returns the path of a file in <repo>/testdata.
//
// GStreamer: none (Go-only helper).
func TestData(t testing.TB, name string) string {
	t.Helper()
	return filepath.Join(RepoRoot(t), "testdata", name)
}
