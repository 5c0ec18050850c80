package hls

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"

	"github.com/gstmini/gstmini/gst"
	"github.com/gstmini/gstmini/libs/storage"
	"github.com/gstmini/gstmini/plugins/coreelements"
	"github.com/gstmini/gstmini/plugins/multifile"
)

var (
	hlssinkVideoTemplate = gst.MustNewPadTemplate("video", gst.PadSink, gst.PadRequest, gst.NewCapsAny())
	hlssinkAudioTemplate = gst.MustNewPadTemplate("audio", gst.PadSink, gst.PadRequest, gst.NewCapsAny())
)

func hlssinkProperties() []*gst.ParamSpec {
	return append(hlssegProperties(),
		gst.ParamBool("sync", "Sync", "Publish each object when its running time is reached (storage sink sync)", false, gst.ParamReadWrite))
}

// HLSSinkClass is the element class of "hlssink".
//
// GStreamer: gst_hls_sink2_class_init (ext/hls/gsthlssink2.c).
var HLSSinkClass = hlssinkClass("hlssink", "GstHlsSink")

// HLSSink2Class registers the same bin under GStreamer's own name,
// "hlssink2", so launch lines written for GStreamer (`... ! hlssink2
// location=...`) run unchanged. Its elements are HLSSink values named
// "hlssink2-0"... as in GStreamer.
//
// GStreamer: gst_hls_sink2_class_init (ext/hls/gsthlssink2.c).
var HLSSink2Class = hlssinkClass("hlssink2", "GstHlsSink2")

func hlssinkClass(name, typeName string) *gst.ElementClass {
	return &gst.ElementClass{
		Name:     name,
		Plugin:   PluginInfo,
		TypeName: typeName,
		Rank:     gst.RankNone,
		Metadata: gst.ElementMetadata{
			LongName:    "HTTP Live Streaming sink",
			Klass:       "Sink",
			Description: "HTTP Live Streaming sink",
			Author:      "GstMini (after hlssink2 by Alessandro Decina and Sebastian Dröge)",
		},
		PadTemplates: []*gst.PadTemplate{hlssinkVideoTemplate, hlssinkAudioTemplate},
		Properties:   hlssinkProperties(),
		New:          func() gst.Element { return &HLSSink{} },
	}
}

// HLSSink is a bin writing HTTP Live Streaming output, like GStreamer's
// hlssink2: request pads "video" (H.264) and "audio" (AAC) ghost those of
// an inner hlssegmenter, whose objects go through a queue to a storage
// sink. location is the segment pattern ("segment%05d.ts"): its
// directory is where everything is stored (by a multifilesink), and its
// base name the segment name pattern. A location
// "s3://bucket/prefix/seg%05d.ts" stores into an "s3sink" element made
// through the registry (bucket "bucket", key "prefix"); the state change
// to READY fails with an error message when no s3sink is registered.
//
// playlist-location and init-location are object names: a bare name is
// stored next to the segments; a path must lie inside the segment
// directory (GstMini deviation: hlssink2 writes a bare playlist name into
// the current directory).
//
// The other properties are forwarded to the segmenter; "sync" to the
// storage sink (sync=true publishes objects in real time).
//
// GStreamer: GstHlsSink2 (ext/hls/gsthlssink2.c).
type HLSSink struct {
	gst.Bin

	segmenter *HLSSegmenter
	queue     gst.Element

	mu       sync.Mutex
	location string
	playlist string
	initLoc  string
	sync     bool
	sink     gst.Element
}

var (
	_ gst.Constructor    = (*HLSSink)(nil)
	_ gst.PropertySetter = (*HLSSink)(nil)
	_ gst.PropertyGetter = (*HLSSink)(nil)
	_ gst.PadRequester   = (*HLSSink)(nil)
	_ gst.PadReleaser    = (*HLSSink)(nil)
)

// Constructed creates and links the segmenter and the queue.
//
// GStreamer: gst_hls_sink2_init (ext/hls/gsthlssink2.c).
func (h *HLSSink) Constructed() error {
	h.location = DefaultLocation
	h.playlist = DefaultPlaylistLocation
	h.initLoc = DefaultInitLocation
	seg := &HLSSegmenter{}
	if err := gst.InitElement(seg, HLSSegmenterClass, "hlssegmenter"); err != nil {
		return err
	}
	q := coreelements.QueueClass.New()
	if err := gst.InitElement(q, coreelements.QueueClass, "queue"); err != nil {
		return err
	}
	if err := h.Add(seg, q); err != nil {
		return err
	}
	if err := gst.Link(seg, q); err != nil {
		return err
	}
	h.segmenter, h.queue = seg, q
	return nil
}

// SetProperty stores location/playlist-location/init-location/sync and
// forwards the rest to the segmenter. Safe for concurrent use.
//
// GStreamer: gst_hls_sink2_set_property (ext/hls/gsthlssink2.c).
func (h *HLSSink) SetProperty(name string, v any) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	switch name {
	case "location":
		if _, err := storage.FormatLocation(v.(string), 0); err != nil {
			return err
		}
		h.location = v.(string)
		return nil
	case "playlist-location":
		h.playlist = v.(string)
		return nil
	case "init-location":
		h.initLoc = v.(string)
		return nil
	case "sync":
		h.sync = v.(bool)
		if h.sink != nil {
			return h.sink.Set("sync", h.sync)
		}
		return nil
	}
	return h.segmenter.SetProperty(name, v)
}

// Property returns a property value. Safe for concurrent use.
//
// GStreamer: gst_hls_sink2_get_property (ext/hls/gsthlssink2.c).
func (h *HLSSink) Property(name string) any {
	h.mu.Lock()
	defer h.mu.Unlock()
	switch name {
	case "location":
		return h.location
	case "playlist-location":
		return h.playlist
	case "init-location":
		return h.initLoc
	case "sync":
		return h.sync
	}
	return h.segmenter.Property(name)
}

// Segmenter returns the inner hlssegmenter. Safe for concurrent use.
//
// GStreamer: none (Go-only).
func (h *HLSSink) Segmenter() *HLSSegmenter { return h.segmenter }

// RequestNewPad requests the segmenter's pad and ghosts it. Safe for
// concurrent use.
//
// GStreamer: gst_hls_sink2_request_new_pad (ext/hls/gsthlssink2.c).
func (h *HLSSink) RequestNewPad(tmpl *gst.PadTemplate, name string, caps *gst.Caps) *gst.Pad {
	inner := h.segmenter.RequestPad(h.segmenter.PadTemplate(tmpl.NameTemplate), "", caps)
	if inner == nil {
		return nil
	}
	g := gst.NewGhostPadFromTemplate(tmpl.NameTemplate, inner, tmpl)
	if g == nil {
		h.segmenter.ReleaseRequestPad(inner)
		return nil
	}
	if h.CurrentState() > gst.StateReady {
		g.SetActive(true)
	}
	if err := h.AddPad(&g.Pad); err != nil {
		h.segmenter.ReleaseRequestPad(inner)
		return nil
	}
	return &g.Pad
}

// ReleasePad removes the ghost pad and releases the segmenter's pad.
// Safe for concurrent use.
//
// GStreamer: gst_hls_sink2_release_pad (ext/hls/gsthlssink2.c).
func (h *HLSSink) ReleasePad(pad *gst.Pad) {
	g := gst.AsGhostPad(pad)
	if g == nil {
		return
	}
	target := g.Target()
	pad.SetActive(false)
	h.RemovePad(pad)
	if target != nil {
		h.segmenter.ReleaseRequestPad(target)
	}
}

// hlssinkTarget is where hlssink stores: a directory or an S3 bucket.
type hlssinkTarget struct {
	s3                  bool
	bucket, key, dir    string
	pattern             string // segment name pattern for the segmenter
	playlist, initName  string
	multifilesinkTarget string
}

// hlssinkResolve splits location into storage and names.
func hlssinkResolve(location, playlist, initLoc string) (hlssinkTarget, error) {
	var t hlssinkTarget
	if rest, ok := strings.CutPrefix(location, "s3://"); ok {
		parts := strings.Split(rest, "/")
		if len(parts) < 2 || parts[0] == "" {
			return t, fmt.Errorf("location %q: want s3://bucket/[prefix/]pattern", location)
		}
		t.s3 = true
		t.bucket = parts[0]
		t.key = strings.Join(parts[1:len(parts)-1], "/")
		t.pattern = parts[len(parts)-1]
		// playlist-location and init-location are names under the same
		// prefix, given bare or as s3:// URLs of the same bucket/prefix.
		prefix := "s3://" + t.bucket + "/"
		if t.key != "" {
			prefix += t.key + "/"
		}
		name := func(what, p string) (string, error) {
			if rest, ok := strings.CutPrefix(p, prefix); ok {
				return rest, nil
			}
			if strings.HasPrefix(p, "s3://") {
				return "", fmt.Errorf("%s %q is not under the segments' %q", what, p, prefix)
			}
			return strings.TrimPrefix(p, "/"), nil
		}
		var err error
		if t.playlist, err = name("playlist-location", playlist); err != nil {
			return t, err
		}
		if t.initName, err = name("init-location", initLoc); err != nil {
			return t, err
		}
		return t, nil
	}
	t.dir = filepath.Dir(location)
	t.pattern = filepath.Base(location)
	t.multifilesinkTarget = location
	rel := func(what, p string) (string, error) {
		if !strings.ContainsRune(p, filepath.Separator) {
			return p, nil
		}
		absDir, err := filepath.Abs(t.dir)
		if err != nil {
			return "", err
		}
		absP, err := filepath.Abs(p)
		if err != nil {
			return "", err
		}
		r, err := filepath.Rel(absDir, absP)
		if err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
			return "", fmt.Errorf("%s %q is outside the segment directory %q", what, p, t.dir)
		}
		return filepath.ToSlash(r), nil
	}
	var err error
	if t.playlist, err = rel("playlist-location", playlist); err != nil {
		return t, err
	}
	if t.initName, err = rel("init-location", initLoc); err != nil {
		return t, err
	}
	return t, nil
}

// ChangeState sets up the storage sink on NULL→READY, then chains up.
//
// GStreamer: gst_hls_sink2_change_state (ext/hls/gsthlssink2.c).
func (h *HLSSink) ChangeState(t gst.StateChange) gst.StateChangeReturn {
	if t == gst.StateChangeNullToReady {
		if err := h.setupSink(); err != nil {
			h.PostError(&gst.ResourceError{Code: gst.ResourceErrorSettings, Msg: err.Error()}, "")
			return gst.StateChangeFailure
		}
	}
	return h.Bin.ChangeState(t)
}

func (h *HLSSink) setupSink() error {
	h.mu.Lock()
	location, playlist, initLoc, sync, old := h.location, h.playlist, h.initLoc, h.sync, h.sink
	h.mu.Unlock()
	t, err := hlssinkResolve(location, playlist, initLoc)
	if err != nil {
		return fmt.Errorf("hlssink: %w", err)
	}
	for name, v := range map[string]string{"location": t.pattern, "playlist-location": t.playlist, "init-location": t.initName} {
		if err := h.segmenter.Set(name, v); err != nil {
			return fmt.Errorf("hlssink: %w", err)
		}
	}
	if old != nil {
		old.SetState(gst.StateNull)
		h.Remove(old) //nolint:errcheck
	}
	var sink gst.Element
	if t.s3 {
		sink, err = gst.MakeElement("s3sink", "storagesink")
		if err != nil || sink == nil {
			return errors.New("hlssink: location " + location + " needs the s3sink element, which is not registered")
		}
		if err := sink.Set("bucket", t.bucket); err != nil {
			return fmt.Errorf("hlssink: s3sink: %w", err)
		}
		if err := sink.Set("key", t.key); err != nil {
			return fmt.Errorf("hlssink: s3sink: %w", err)
		}
	} else {
		mf := multifile.MultiFileSinkClass.New()
		if err := gst.InitElement(mf, multifile.MultiFileSinkClass, "storagesink"); err != nil {
			return err
		}
		if err := mf.Set("location", t.multifilesinkTarget); err != nil {
			return fmt.Errorf("hlssink: multifilesink: %w", err)
		}
		sink = mf
	}
	if hlssinkHasProperty(sink, "sync") {
		if err := sink.Set("sync", sync); err != nil {
			return err
		}
	}
	if err := h.Add(sink); err != nil {
		return err
	}
	if err := gst.Link(h.queue, sink); err != nil {
		h.Remove(sink) //nolint:errcheck
		return err
	}
	h.mu.Lock()
	h.sink = sink
	h.mu.Unlock()
	return nil
}

func hlssinkHasProperty(el gst.Element, name string) bool {
	for _, p := range el.Class().Properties {
		if p.Name == name {
			return true
		}
	}
	return false
}
