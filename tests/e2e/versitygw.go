package e2e

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

// VersityGW is a versitygw S3 server on loopback with a posix backend:
// each object is the plain file Root/Bucket/<key>, so tests can compare
// bytes on disk. Stop and Start stop and restart the server on the same
// address and directory (an outage).
//
// GStreamer: none (Go-only test helper).
type VersityGW struct {
	Endpoint  string // "http://127.0.0.1:<port>"
	Addr      string // "127.0.0.1:<port>"
	Root      string // posix backend directory
	Bucket    string // created by StartVersityGW
	Region    string // "us-east-1"
	AccessKey string
	SecretKey string

	t    testing.TB
	bin  string
	mu   sync.Mutex
	cmd  *exec.Cmd
	done chan struct{}
	logs *lockedWriter
}

// StartVersityGW starts versitygw (from .tools/bin or PATH) on a free
// loopback port with a new temporary root, waits until it answers,
// creates the bucket "gstmini-e2e" and stops the server at the end of the
// test. A missing versitygw ends the test through Unavailable.
//
// GStreamer: none (Go-only test helper).
func StartVersityGW(t testing.TB) *VersityGW {
	t.Helper()
	bin := LookTool(t, "versitygw")
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	g := &VersityGW{
		Endpoint: "http://" + addr, Addr: addr, Root: t.TempDir(), Bucket: "gstmini-e2e", Region: "us-east-1",
		AccessKey: "gstminikey", SecretKey: "gstminisecret123", t: t, bin: bin,
	}
	t.Cleanup(g.Stop)
	g.Start()
	if err := g.Client().MakeBucket(context.Background(), g.Bucket, minio.MakeBucketOptions{Region: g.Region}); err != nil {
		t.Fatalf("versitygw: creating bucket: %v", err)
	}
	return g
}

// Start starts the server (again) and waits up to 10 s until it answers
// HTTP. It fails the test if it does not.
//
// GStreamer: none (Go-only test helper).
func (g *VersityGW) Start() {
	g.t.Helper()
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.cmd != nil {
		return
	}
	cmd := exec.Command(g.bin, "--port", g.Addr, "--quiet", "posix", g.Root)
	cmd.Env = append(os.Environ(), "ROOT_ACCESS_KEY="+g.AccessKey, "ROOT_SECRET_KEY="+g.SecretKey)
	logs := &lockedWriter{w: &strings.Builder{}}
	cmd.Stdout, cmd.Stderr = logs, logs
	if err := cmd.Start(); err != nil {
		g.t.Fatalf("versitygw: %v", err)
	}
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	g.cmd, g.done, g.logs = cmd, done, logs
	deadline := time.Now().Add(10 * time.Second)
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	client := &http.Client{Timeout: time.Second}
	for {
		resp, err := client.Get(g.Endpoint + "/")
		if err == nil {
			resp.Body.Close()
			return
		}
		select {
		case <-done:
			g.cmd = nil
			logs.mu.Lock()
			out := logs.w.String()
			logs.mu.Unlock()
			g.t.Fatalf("versitygw exited at start: %s", out)
		case <-tick.C:
		}
		if time.Now().After(deadline) {
			g.t.Fatalf("versitygw did not answer on %s within 10 s: %v", g.Addr, err)
		}
	}
}

// Stop stops the server (SIGTERM, then SIGKILL after 5 s) and waits for it
// to exit. Stopping a stopped server does nothing.
//
// GStreamer: none (Go-only test helper).
func (g *VersityGW) Stop() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.cmd == nil {
		return
	}
	g.cmd.Process.Signal(os.Interrupt)
	select {
	case <-g.done:
	case <-time.After(5 * time.Second):
		g.cmd.Process.Kill()
		<-g.done
	}
	g.cmd = nil
}

// Client returns a path-style minio client with the root credentials.
//
// GStreamer: none (Go-only test helper).
func (g *VersityGW) Client() *minio.Client {
	c, err := minio.New(g.Addr, &minio.Options{
		Creds: credentials.NewStaticV4(g.AccessKey, g.SecretKey, ""), Region: g.Region,
		BucketLookup: minio.BucketLookupPath, MaxRetries: 1,
	})
	if err != nil {
		g.t.Fatal(err)
	}
	return c
}

// ObjectPath returns the file that holds object key of the bucket.
//
// GStreamer: none (Go-only test helper).
func (g *VersityGW) ObjectPath(key string) string {
	return filepath.Join(g.Root, g.Bucket, filepath.FromSlash(key))
}

// ReadObject returns the bytes of object key as stored on disk, or an
// error wrapping os.ErrNotExist when there is none.
//
// GStreamer: none (Go-only test helper).
func (g *VersityGW) ReadObject(key string) ([]byte, error) {
	b, err := os.ReadFile(g.ObjectPath(key))
	if err != nil && errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("object %q: %w", key, err)
	}
	return b, err
}

// SinkProperties returns the s3sink properties that point it at this
// server and bucket.
//
// GStreamer: none (Go-only test helper).
func (g *VersityGW) SinkProperties() map[string]any {
	return map[string]any{
		"bucket": g.Bucket, "endpoint-uri": g.Endpoint, "force-path-style": true, "region": g.Region,
		"access-key": g.AccessKey, "secret-access-key": g.SecretKey,
	}
}

// Logs returns what the current server printed.
//
// GStreamer: none (Go-only test helper).
func (g *VersityGW) Logs() string {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.logs == nil {
		return ""
	}
	g.logs.mu.Lock()
	defer g.logs.mu.Unlock()
	return g.logs.w.String()
}

// lockedWriter serialises writes from the process's two output pipes.
type lockedWriter struct {
	mu sync.Mutex
	w  *strings.Builder
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
