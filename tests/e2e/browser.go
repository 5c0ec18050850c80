package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// HLSError is an hls.js ERROR event.
//
// GStreamer: none (Go-only test helper).
type HLSError struct {
	Type    string `json:"type"`
	Details string `json:"details"`
	Fatal   bool   `json:"fatal"`
	Reason  string `json:"reason"`
}

// PlayResult is what PlayHLS saw: whether playback passed Target seconds,
// the errors hls.js reported, and which tracks it buffered.
//
// GStreamer: none (Go-only test helper).
type PlayResult struct {
	Reached     bool       `json:"reached"`     // currentTime passed Target
	CurrentTime float64    `json:"currentTime"` // seconds, when PlayHLS stopped
	Target      float64    `json:"target"`
	Errors      []HLSError `json:"errors"`
	Audio       bool       `json:"audio"` // hls.js created an audio (or audiovideo) buffer
	Video       bool       `json:"video"` // hls.js created a video (or audiovideo) buffer
	Codecs      []string   `json:"codecs"`
	VideoWidth  int        `json:"videoWidth"`
	VideoHeight int        `json:"videoHeight"`
	TimedOut    bool       `json:"timedOut"`
	Console     []string   `json:"console"` // last console lines of the page
}

// FatalErrors returns the fatal hls.js errors.
//
// GStreamer: none (Go-only test helper).
func (r *PlayResult) FatalErrors() []HLSError {
	var out []HLSError
	for _, e := range r.Errors {
		if e.Fatal {
			out = append(out, e)
		}
	}
	return out
}

// PlayOptions tunes PlayHLS. Zero values mean: playlist "index.m3u8",
// 2 seconds, a 60 s timeout.
//
// GStreamer: none (Go-only test helper).
type PlayOptions struct {
	Playlist string        // playlist path relative to the directory
	Seconds  float64       // currentTime to reach
	Timeout  time.Duration // whole run, browser start included
}

// hlsPage plays /media/<playlist> with hls.js, muted, and keeps
// window.__state up to date for play.mjs.
const hlsPage = `<!doctype html>
<html><head><meta charset="utf-8"><title>gstmini hls</title></head>
<body>
<video id="v" muted autoplay playsinline></video>
<script src="/hls.js"></script>
<script>
const params = new URLSearchParams(location.search);
const target = Number(params.get('target') || '2');
const st = window.__state = {done: false, reached: false, currentTime: 0, target, errors: [],
  audio: false, video: false, codecs: [], videoWidth: 0, videoHeight: 0};
const v = document.getElementById('v');
v.muted = true;
if (!Hls.isSupported()) {
  st.errors.push({type: 'setup', details: 'hls.js is not supported (no MediaSource)', fatal: true});
  st.done = true;
} else {
  const hls = new Hls({enableWorker: true});
  hls.on(Hls.Events.ERROR, (e, d) => {
    st.errors.push({type: String(d.type), details: String(d.details), fatal: !!d.fatal,
      reason: d.reason ? String(d.reason) : (d.error ? String(d.error) : '')});
    if (d.fatal) st.done = true;
  });
  hls.on(Hls.Events.BUFFER_CREATED, (e, d) => {
    for (const [kind, track] of Object.entries(d.tracks || {})) {
      if (kind === 'audio' || kind === 'audiovideo') st.audio = true;
      if (kind === 'video' || kind === 'audiovideo') st.video = true;
      if (track && track.codec) st.codecs.push(kind + ':' + track.codec);
    }
  });
  hls.on(Hls.Events.MANIFEST_PARSED, () => { v.play().catch((err) => st.errors.push({type: 'play', details: String(err), fatal: false})); });
  hls.loadSource('/media/' + ` + "`${PLAYLIST}`" + `);
  hls.attachMedia(v);
  v.addEventListener('timeupdate', () => {
    st.currentTime = v.currentTime;
    st.videoWidth = v.videoWidth;
    st.videoHeight = v.videoHeight;
    if (v.currentTime >= target) { st.reached = true; st.done = true; }
  });
  v.addEventListener('ended', () => { st.done = true; });
}
</script>
</body></html>
`

// PlayHLS serves dir over loopback HTTP and plays its playlist with
// hls.js 1.7.4 in /usr/bin/chromium (headless, muted, driven by
// playwright-core from tests/e2e/browser/node_modules) until currentTime
// passes opts.Seconds, a fatal hls.js error, the end of the stream or the
// timeout. A missing node, chromium or npm install ends the test through
// Unavailable; a browser that cannot start fails it.
//
// GStreamer: none (Go-only test helper).
func PlayHLS(t testing.TB, dir string, opts PlayOptions) PlayResult {
	t.Helper()
	if opts.Playlist == "" {
		opts.Playlist = "index.m3u8"
	}
	if opts.Seconds == 0 {
		opts.Seconds = 2
	}
	if opts.Timeout == 0 {
		opts.Timeout = 60 * time.Second
	}
	node := LookTool(t, "node")
	chromium := os.Getenv("CHROMIUM")
	if chromium == "" {
		chromium = "/usr/bin/chromium"
	}
	if _, err := os.Stat(chromium); err != nil {
		Unavailable(t, "chromium is not installed at "+chromium)
	}
	browserDir := filepath.Join(RepoRoot(t), "tests", "e2e", "browser")
	hlsJS := filepath.Join(browserDir, "node_modules", "hls.js", "dist", "hls.js")
	if _, err := os.Stat(hlsJS); err != nil {
		Unavailable(t, "hls.js is not installed (npm ci in tests/e2e/browser)")
	}
	if _, err := os.Stat(filepath.Join(browserDir, "node_modules", "playwright-core")); err != nil {
		Unavailable(t, "playwright-core is not installed (npm ci in tests/e2e/browser)")
	}
	page := bytes.ReplaceAll([]byte(hlsPage), []byte("`${PLAYLIST}`"), []byte(strconv.Quote(opts.Playlist)))
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(page)
	})
	mux.HandleFunc("/hls.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript")
		http.ServeFile(w, r, hlsJS)
	})
	media := http.StripPrefix("/media/", http.FileServer(http.Dir(dir)))
	mux.Handle("/media/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch filepath.Ext(r.URL.Path) {
		case ".m3u8":
			w.Header().Set("Content-Type", "application/vnd.apple.mpegurl")
		case ".ts":
			w.Header().Set("Content-Type", "video/mp2t")
		case ".m4s", ".mp4":
			w.Header().Set("Content-Type", "video/mp4")
		}
		w.Header().Set("Cache-Control", "no-cache")
		media.ServeHTTP(w, r)
	}))
	srv := httptest.NewServer(mux)
	defer srv.Close()

	ctx, cancel := context.WithTimeout(context.Background(), opts.Timeout+30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, filepath.Join(browserDir, "play.mjs"), srv.URL+"/",
		strconv.FormatFloat(opts.Seconds, 'f', -1, 64), strconv.FormatInt(opts.Timeout.Milliseconds(), 10))
	cmd.Dir = browserDir
	cmd.Env = append(os.Environ(), "CHROMIUM="+chromium)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("browser run failed: %v\n%s", err, stderr.String())
	}
	var res PlayResult
	if err := json.Unmarshal(bytes.TrimSpace(out), &res); err != nil {
		t.Fatalf("browser output %q: %v", out, err)
	}
	return res
}

// String summarises the result for test logs.
//
// GStreamer: none (Go-only test helper).
func (r PlayResult) String() string {
	return fmt.Sprintf("reached=%v currentTime=%.2f/%.2f audio=%v video=%v codecs=%v size=%dx%d errors=%v timedOut=%v",
		r.Reached, r.CurrentTime, r.Target, r.Audio, r.Video, r.Codecs, r.VideoWidth, r.VideoHeight, r.Errors, r.TimedOut)
}
