package multifile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/gstmini/gstmini/base"
	"github.com/gstmini/gstmini/gst"
	"github.com/gstmini/gstmini/libs/storage"
)

// MultiFileSinkNext is the value of the "next-file" property: when to
// start a new file.
//
// GStreamer: GstMultiFileSinkNext (gst/multifile/gstmultifilesink.h).
type MultiFileSinkNext int

// The next-file modes.
//
// GStreamer: GST_MULTI_FILE_SINK_NEXT_* (gst/multifile/gstmultifilesink.h).
const (
	MultiFileSinkNextBuffer       MultiFileSinkNext = 0
	MultiFileSinkNextDiscont      MultiFileSinkNext = 1
	MultiFileSinkNextKeyFrame     MultiFileSinkNext = 2
	MultiFileSinkNextKeyUnitEvent MultiFileSinkNext = 3
	MultiFileSinkNextMaxSize      MultiFileSinkNext = 4
	MultiFileSinkNextMaxDuration  MultiFileSinkNext = 5
)

// MultiFileSinkNextEnum is the "next-file" enumeration.
//
// GStreamer: gst_multi_file_sink_next_get_type (gst/multifile/gstmultifilesink.c).
var MultiFileSinkNextEnum = &gst.EnumClass{
	Name: "GstMultiFileSinkNext",
	Values: []gst.EnumValue{
		{Value: 0, Name: "New file for each buffer", Nick: "buffer"},
		{Value: 1, Name: "New file after each discontinuity", Nick: "discont"},
		{Value: 2, Name: "New file at each key frame (Useful for MPEG-TS segmenting)", Nick: "key-frame"},
		{Value: 3, Name: "New file after a force key unit event", Nick: "key-unit-event"},
		{Value: 4, Name: "New file when the configured maximum file size would be exceeded with the next buffer or buffer list", Nick: "max-size"},
		{Value: 5, Name: "New file when the configured maximum file duration would be exceeded with the next buffer or buffer list", Nick: "max-duration"},
	},
}

// Default property values of multifilesink.
//
// GStreamer: DEFAULT_LOCATION and friends (gst/multifile/gstmultifilesink.c).
const (
	DefaultMultiFileSinkLocation            = "%05d"
	DefaultMultiFileSinkMaxFileSize         = uint64(2 * 1024 * 1024 * 1024)
	DefaultMultiFileSinkMaxFileDuration     = ^uint64(0)
	DefaultMultiFileSinkMinKeyframeDistance = uint64(10 * gst.Second)
)

var multifilesinkSinkTemplate = gst.MustNewPadTemplate("sink", gst.PadSink, gst.PadAlways, gst.NewCapsAny())

func multifilesinkProperties() []*gst.ParamSpec {
	ps := base.SinkProperties()
	for _, p := range ps {
		if p.Name == "sync" {
			p.Default = false
		}
	}
	return append(ps,
		gst.ParamString("location", "File Location", "Location of the file to write", DefaultMultiFileSinkLocation, gst.ParamReadWrite),
		gst.ParamInt("index", "Index", "Index to use with location property to create file names.  The index is incremented by one for each buffer written.",
			0, 1<<31-1, 0, gst.ParamReadWrite),
		gst.ParamEnum("next-file", "Next File", "When to start a new file", MultiFileSinkNextEnum, 0, gst.ParamReadWrite),
		gst.ParamBool("post-messages", "Post Messages", "Post a message for each file with information of the buffer", false, gst.ParamReadWrite),
		gst.ParamUint("max-files", "Max files", "Maximum number of files to keep on disk. Once the maximum is reached,old files start to be deleted to make room for new ones.",
			0, 1<<32-1, 0, gst.ParamReadWrite),
		gst.ParamUint64("max-file-size", "Maximum File Size", "Maximum file size before starting a new file in max-size mode",
			0, ^uint64(0), DefaultMultiFileSinkMaxFileSize, gst.ParamReadWrite),
		gst.ParamUint64("max-file-duration", "Maximum File Duration", "Maximum file duration before starting a new file in max-duration mode (in nanoseconds)",
			0, ^uint64(0), DefaultMultiFileSinkMaxFileDuration, gst.ParamReadWrite),
		gst.ParamBool("aggregate-gops", "Aggregate GOPs", "Whether to aggregate GOPs and process them as a whole without splitting", false, gst.ParamReadWrite),
		gst.ParamUint64("min-keyframe-distance", "Minimum keyframe distance", "Minimum distance between keyframes to start a new file",
			0, ^uint64(0), DefaultMultiFileSinkMinKeyframeDistance, gst.ParamReadWrite),
	)
}

// MultiFileSinkClass is the element class of "multifilesink".
//
// GStreamer: gst_multi_file_sink_class_init (gst/multifile/gstmultifilesink.c).
var MultiFileSinkClass = &gst.ElementClass{
	Name:     "multifilesink",
	Plugin:   PluginInfo,
	TypeName: "GstMultiFileSink",
	Rank:     gst.RankNone,
	Metadata: gst.ElementMetadata{
		LongName:    "Multi-File Sink",
		Klass:       "Sink/File",
		Description: "Write buffers to a sequentially named set of files",
		Author:      "David Schleef <ds@schleef.org>",
		DocURI:      "https://gstreamer.freedesktop.org/documentation/multifile/multifilesink.html",
	},
	PadTemplates: []*gst.PadTemplate{multifilesinkSinkTemplate},
	Properties:   multifilesinkProperties(),
	New:          func() gst.Element { return &MultiFileSink{} },
}

// MultiFileSink writes incoming buffers to a sequence of files named by
// the printf-style "location" pattern and a running "index"
// ("%05d" → 00000, 00001...). "next-file" selects when a new file starts:
// for every buffer, after a DISCONT buffer, at key frames (at least
// min-keyframe-distance apart), after a downstream force-key-unit event,
// or before max-file-size bytes or max-file-duration would be exceeded.
// With max-files set, the oldest files are deleted to keep at most that
// many. With post-messages, a "GstMultiFileSink" element message
// (filename, index, timestamp, stream-time, running-time, duration,
// offset, offset-end) is posted for each finished file.
//
// GstMini addition: a buffer carrying a storage.ObjectMeta (from a
// segmenter such as hlssegmenter) is stored as one object instead, at
// filepath.Join(dir(location), Name) — written to a temporary file and
// renamed, so readers never see partial files; subdirectories are
// created — or that file is deleted when the meta says Delete. An object
// arriving in parts (More set on all but the last) is appended part by
// part to its open temporary file, which is renamed at the final part; a
// flush, a stop or EOS before the final part removes it, and a part out
// of order posts a STREAM error. Such buffers do not use or advance the
// index. A file that cannot be written posts a RESOURCE error naming it.
//
// Like GStreamer's multifilesink, sync is false by default.
//
// GStreamer: GstMultiFileSink (gst/multifile/gstmultifilesink.c).
type MultiFileSink struct {
	base.Sink

	mu sync.Mutex // settings and streaming state

	location        string
	index           int
	next            MultiFileSinkNext
	postMessages    bool
	maxFiles        uint
	maxFileSize     uint64
	maxFileDuration uint64
	aggregateGOPs   bool
	minKeyDistance  uint64

	f            *os.File
	fileName     string
	curSize      uint64
	filePTS      gst.ClockTime
	firstBuf     *gst.Buffer // first buffer of the open file (for the message)
	lastEnd      gst.ClockTime
	files        []string
	nextSegment  gst.ClockTime
	gop          []*gst.Buffer
	forceKeyUnit bool

	parts      storage.ObjectParts // the object arriving in parts
	partFile   *os.File            // its temporary file, nil when none is open
	partTarget string              // where the current object is stored
}

var (
	_ base.Renderer = (*MultiFileSink)(nil)
	_ base.Starter  = (*MultiFileSink)(nil)
	_ base.Stopper  = (*MultiFileSink)(nil)
)

// Constructed chains up and applies the defaults (sync=false).
//
// GStreamer: gst_multi_file_sink_init (gst/multifile/gstmultifilesink.c).
func (s *MultiFileSink) Constructed() error {
	if err := s.Sink.Constructed(); err != nil {
		return err
	}
	s.SetSync(false)
	s.location = DefaultMultiFileSinkLocation
	s.maxFileSize = DefaultMultiFileSinkMaxFileSize
	s.maxFileDuration = DefaultMultiFileSinkMaxFileDuration
	s.minKeyDistance = DefaultMultiFileSinkMinKeyframeDistance
	s.nextSegment = gst.ClockTimeNone
	return nil
}

// SetProperty sets multifilesink's properties and chains up for the
// base sink's. Safe for concurrent use.
//
// GStreamer: gst_multi_file_sink_set_property (gst/multifile/gstmultifilesink.c).
func (s *MultiFileSink) SetProperty(name string, v any) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch name {
	case "location":
		if _, err := storage.FormatLocation(v.(string), 0); err != nil {
			return err
		}
		s.location = v.(string)
	case "index":
		s.index = v.(int)
	case "next-file":
		s.next = MultiFileSinkNext(v.(int))
	case "post-messages":
		s.postMessages = v.(bool)
	case "max-files":
		s.maxFiles = v.(uint)
	case "max-file-size":
		s.maxFileSize = v.(uint64)
	case "max-file-duration":
		s.maxFileDuration = v.(uint64)
	case "aggregate-gops":
		s.aggregateGOPs = v.(bool)
	case "min-keyframe-distance":
		s.minKeyDistance = v.(uint64)
	default:
		s.mu.Unlock()
		defer s.mu.Lock()
		return s.Sink.SetProperty(name, v)
	}
	return nil
}

// Property returns a property value. Safe for concurrent use.
//
// GStreamer: gst_multi_file_sink_get_property (gst/multifile/gstmultifilesink.c).
func (s *MultiFileSink) Property(name string) any {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch name {
	case "location":
		return s.location
	case "index":
		return s.index
	case "next-file":
		return int(s.next)
	case "post-messages":
		return s.postMessages
	case "max-files":
		return s.maxFiles
	case "max-file-size":
		return s.maxFileSize
	case "max-file-duration":
		return s.maxFileDuration
	case "aggregate-gops":
		return s.aggregateGOPs
	case "min-keyframe-distance":
		return s.minKeyDistance
	}
	s.mu.Unlock()
	defer s.mu.Lock()
	return s.Sink.Property(name)
}

// Start resets the streaming state.
//
// GStreamer: gst_multi_file_sink_start... (gst/multifile/gstmultifilesink.c).
func (s *MultiFileSink) Start() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.files = nil
	s.nextSegment = gst.ClockTimeNone
	s.forceKeyUnit = false
	return nil
}

// Stop writes a pending GOP and closes the open file.
//
// GStreamer: gst_multi_file_sink_stop (gst/multifile/gstmultifilesink.c).
func (s *MultiFileSink) Stop() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	err := s.flushGOPLocked()
	if cerr := s.closeFileLocked(); err == nil {
		err = cerr
	}
	s.discardPartLocked()
	for _, b := range s.gop {
		b.Unref()
	}
	s.gop = nil
	return err
}

// Render writes buf (an object, or the next piece of the file sequence).
// Called from the streaming thread.
//
// GStreamer: gst_multi_file_sink_render (gst/multifile/gstmultifilesink.c).
func (s *MultiFileSink) Render(buf *gst.Buffer) error {
	if m := storage.ObjectMetaOf(buf); m != nil {
		return s.storeObject(buf, m)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.aggregateGOPs {
		if !buf.HasFlags(gst.BufferFlagDeltaUnit) {
			if err := s.flushGOPLocked(); err != nil {
				return err
			}
		}
		s.gop = append(s.gop, buf.Ref())
		return nil
	}
	return s.renderLocked([]*gst.Buffer{buf})
}

// flushGOPLocked writes the collected GOP as one unit.
func (s *MultiFileSink) flushGOPLocked() error {
	if len(s.gop) == 0 {
		return nil
	}
	gop := s.gop
	s.gop = nil
	err := s.renderLocked(gop)
	for _, b := range gop {
		b.Unref()
	}
	return err
}

// renderLocked decides on a new file from bufs[0] and writes all of bufs.
func (s *MultiFileSink) renderLocked(bufs []*gst.Buffer) error {
	first := bufs[0]
	size := uint64(0)
	for _, b := range bufs {
		size += uint64(b.Size())
	}
	ts := first.PTS
	if ts == gst.ClockTimeNone {
		ts = first.DTS
	}
	switch s.next {
	case MultiFileSinkNextBuffer:
		if err := s.closeFileLocked(); err != nil {
			return err
		}
	case MultiFileSinkNextDiscont:
		if first.HasFlags(gst.BufferFlagDiscont) {
			if err := s.closeFileLocked(); err != nil {
				return err
			}
		}
	case MultiFileSinkNextKeyFrame:
		if s.nextSegment == gst.ClockTimeNone && ts != gst.ClockTimeNone {
			s.nextSegment = ts + gst.ClockTime(s.minKeyDistance)
		}
		if ts != gst.ClockTimeNone && ts >= s.nextSegment && !first.HasFlags(gst.BufferFlagDeltaUnit) {
			if err := s.closeFileLocked(); err != nil {
				return err
			}
			s.nextSegment = ts + gst.ClockTime(s.minKeyDistance)
		}
	case MultiFileSinkNextKeyUnitEvent:
		if s.forceKeyUnit {
			s.forceKeyUnit = false
			if err := s.closeFileLocked(); err != nil {
				return err
			}
		}
	case MultiFileSinkNextMaxSize:
		if s.f != nil && s.curSize+size > s.maxFileSize {
			if err := s.closeFileLocked(); err != nil {
				return err
			}
		}
	case MultiFileSinkNextMaxDuration:
		if s.f != nil && ts != gst.ClockTimeNone && s.filePTS != gst.ClockTimeNone {
			end := ts
			if first.Duration != gst.ClockTimeNone {
				end += first.Duration
			}
			if end > s.filePTS && uint64(end-s.filePTS) > s.maxFileDuration {
				if err := s.closeFileLocked(); err != nil {
					return err
				}
			}
		}
	}
	if s.f == nil {
		if err := s.openNextLocked(first, ts); err != nil {
			return err
		}
	}
	for _, b := range bufs {
		if _, err := s.f.Write(b.Bytes()); err != nil {
			s.PostError(&gst.ResourceError{Code: gst.ResourceErrorWrite, Msg: fmt.Sprintf("Error while writing to file %q.", s.fileName), Err: err}, err.Error())
			return gst.NewFlowError(gst.FlowError, "multifilesink: write %s: %v", s.fileName, err)
		}
		s.curSize += uint64(b.Size())
		if b.PTS != gst.ClockTimeNone {
			end := b.PTS
			if b.Duration != gst.ClockTimeNone {
				end += b.Duration
			}
			s.lastEnd = end
		}
	}
	if s.next == MultiFileSinkNextBuffer {
		return s.closeFileLocked()
	}
	return nil
}

// openNextLocked deletes old files beyond max-files and opens the file
// for the current index.
//
// GStreamer: gst_multi_file_sink_open_next_file (gst/multifile/gstmultifilesink.c).
func (s *MultiFileSink) openNextLocked(first *gst.Buffer, ts gst.ClockTime) error {
	if s.maxFiles > 0 {
		for uint(len(s.files)) >= s.maxFiles {
			os.Remove(s.files[0]) //nolint:errcheck // already gone is fine, as g_remove's result is ignored in C
			s.files = s.files[1:]
		}
	}
	name, err := storage.FormatLocation(s.location, s.index)
	if err != nil {
		s.PostError(&gst.ResourceError{Code: gst.ResourceErrorSettings, Msg: err.Error()}, "")
		return gst.NewFlowError(gst.FlowError, "multifilesink: %v", err)
	}
	f, err := os.Create(name)
	if err != nil {
		s.PostError(&gst.ResourceError{Code: gst.ResourceErrorOpenWrite, Msg: fmt.Sprintf("Could not open file %q for writing.", name), Err: err}, err.Error())
		return gst.NewFlowError(gst.FlowError, "multifilesink: open %s: %v", name, err)
	}
	s.f, s.fileName, s.curSize, s.filePTS = f, name, 0, ts
	if s.firstBuf != nil {
		s.firstBuf.Unref()
	}
	s.firstBuf = first.Ref()
	s.files = append(s.files, name)
	return nil
}

// closeFileLocked closes the open file, posts its message and advances
// the index.
//
// GStreamer: gst_multi_file_sink_close_file (gst/multifile/gstmultifilesink.c).
func (s *MultiFileSink) closeFileLocked() error {
	if s.f == nil {
		return nil
	}
	err := s.f.Close()
	s.f = nil
	if err != nil {
		s.PostError(&gst.ResourceError{Code: gst.ResourceErrorClose, Msg: fmt.Sprintf("Error closing file %q.", s.fileName), Err: err}, err.Error())
		return gst.NewFlowError(gst.FlowError, "multifilesink: close %s: %v", s.fileName, err)
	}
	if s.postMessages && s.firstBuf != nil {
		s.postMessageLocked(s.firstBuf, s.fileName, s.index)
	}
	if s.firstBuf != nil {
		s.firstBuf.Unref()
		s.firstBuf = nil
	}
	s.index++
	return nil
}

// postMessageLocked posts the "GstMultiFileSink" element message for a
// file that starts with buf.
//
// GStreamer: gst_multi_file_sink_post_message (gst/multifile/gstmultifilesink.c).
func (s *MultiFileSink) postMessageLocked(buf *gst.Buffer, filename string, index int) {
	seg := s.Segment()
	ts := buf.PTS
	streamTime, runningTime := uint64(gst.ClockTimeNone), uint64(gst.ClockTimeNone)
	if ts != gst.ClockTimeNone && seg.Format == gst.FormatTime {
		streamTime = seg.ToStreamTime(gst.FormatTime, uint64(ts))
		runningTime = seg.ToRunningTime(gst.FormatTime, uint64(ts))
	}
	dur := buf.Duration
	if s.next != MultiFileSinkNextBuffer && ts != gst.ClockTimeNone && s.lastEnd != gst.ClockTimeNone && s.lastEnd >= ts {
		dur = s.lastEnd - ts
	}
	st := gst.NewStructureSimple("GstMultiFileSink",
		"filename", filename,
		"index", index,
		"timestamp", uint64(ts),
		"stream-time", streamTime,
		"running-time", runningTime,
		"duration", uint64(dur),
		"offset", buf.Offset,
		"offset-end", buf.OffsetEnd)
	s.PostMessage(gst.NewElementMessage(s.Impl(), st))
}

// objectPathLocked returns where object name is stored.
func (s *MultiFileSink) objectPathLocked(name string) (string, error) {
	if name == "" || strings.HasPrefix(name, "/") || strings.Contains(name, "\\") {
		return "", fmt.Errorf("invalid object name %q", name)
	}
	for _, part := range strings.Split(name, "/") {
		if part == ".." || part == "" || part == "." {
			return "", fmt.Errorf("invalid object name %q", name)
		}
	}
	return filepath.Join(filepath.Dir(s.location), filepath.FromSlash(name)), nil
}

// storeObject writes (or deletes) one named object, or stores one part
// of an object arriving in parts (see package storage).
func (s *MultiFileSink) storeObject(buf *gst.Buffer, m *storage.ObjectMeta) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	first, err := s.parts.Accept(m)
	if err != nil {
		s.discardPartLocked()
		s.PostError(&gst.StreamError{Code: gst.StreamErrorFailed, Msg: "Object parts out of order: " + err.Error()}, "")
		return gst.NewFlowError(gst.FlowError, "multifilesink: %v", err)
	}
	if first {
		target, err := s.objectPathLocked(m.Name)
		if err != nil {
			s.parts.Reset()
			s.PostError(&gst.ResourceError{Code: gst.ResourceErrorWrite, Msg: err.Error()}, "")
			return gst.NewFlowError(gst.FlowError, "multifilesink: %v", err)
		}
		s.partTarget = target
	}
	target := s.partTarget
	if m.Delete {
		if err := os.Remove(target); err != nil && !errors.Is(err, fs.ErrNotExist) {
			s.PostError(&gst.ResourceError{Code: gst.ResourceErrorWrite, Msg: fmt.Sprintf("Could not delete file %q.", target), Err: err}, err.Error())
			return gst.NewFlowError(gst.FlowError, "multifilesink: delete %s: %v", target, err)
		}
		return nil
	}
	if first {
		if s.partFile, err = multifilesinkCreateTemp(target); err != nil {
			s.parts.Reset()
			s.PostError(&gst.ResourceError{Code: gst.ResourceErrorOpenWrite, Msg: fmt.Sprintf("Could not open file %q for writing.", target), Err: err}, err.Error())
			return gst.NewFlowError(gst.FlowError, "multifilesink: write %s: %v", target, err)
		}
	}
	_, err = s.partFile.Write(buf.Bytes())
	if err == nil && m.Final() {
		err = multifilesinkCommit(s.partFile, target)
		s.partFile = nil
	}
	if err != nil {
		s.discardPartLocked()
		s.PostError(&gst.ResourceError{Code: gst.ResourceErrorWrite, Msg: fmt.Sprintf("Error while writing to file %q.", target), Err: err}, err.Error())
		return gst.NewFlowError(gst.FlowError, "multifilesink: write %s: %v", target, err)
	}
	if m.Final() && s.postMessages {
		s.lastEnd = gst.ClockTimeNone
		s.postMessageLocked(buf, target, -1)
	}
	return nil
}

// discardPartLocked removes the temporary file of an incomplete object
// and forgets it.
func (s *MultiFileSink) discardPartLocked() {
	if s.partFile != nil {
		s.partFile.Close()           //nolint:errcheck // the file is removed
		os.Remove(s.partFile.Name()) //nolint:errcheck
		s.partFile = nil
	}
	s.parts.Reset()
}

// multifilesinkCreateTemp creates the temporary file that becomes path
// (creating its directory).
func multifilesinkCreateTemp(path string) (*os.File, error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o777); err != nil {
		return nil, err
	}
	return os.CreateTemp(dir, "."+filepath.Base(path)+".tmp*")
}

// multifilesinkCommit closes the temporary file tmp and renames it over
// path; on failure tmp is removed.
func multifilesinkCommit(tmp *os.File, path string) error {
	err := tmp.Close()
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o666&^multifilesinkUmask())
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name()) //nolint:errcheck
	}
	return err
}

// multifilesinkUmask is the usual umask (022): files are 0644 like
// os.Create under a default umask.
func multifilesinkUmask() os.FileMode { return 0o022 }

// Event handles the downstream force-key-unit event (next-file
// key-unit-event) and EOS (writes a pending GOP), then chains up.
//
// GStreamer: gst_multi_file_sink_event (gst/multifile/gstmultifilesink.c).
func (s *MultiFileSink) Event(ev gst.Event) bool {
	switch e := ev.(type) {
	case *gst.CustomEvent:
		if e.Type() == gst.EventCustomDownstream && e.Structure() != nil && e.Structure().Name() == "GstForceKeyUnit" {
			s.mu.Lock()
			if s.next == MultiFileSinkNextKeyUnitEvent {
				s.forceKeyUnit = true
			}
			s.mu.Unlock()
		}
	case *gst.EOSEvent:
		s.mu.Lock()
		if name, ok := s.parts.Pending(); ok {
			s.PostWarning(&gst.StreamError{Code: gst.StreamErrorFailed, Msg: fmt.Sprintf("Object %q incomplete at EOS, discarded.", name)}, "")
			s.discardPartLocked()
		}
		err := s.flushGOPLocked()
		if err == nil {
			err = s.closeFileLocked()
		}
		s.mu.Unlock()
		if err != nil {
			return false
		}
	case *gst.FlushStopEvent:
		s.mu.Lock()
		s.discardPartLocked()
		for _, b := range s.gop {
			b.Unref()
		}
		s.gop = nil
		s.mu.Unlock()
	}
	return s.Sink.Event(ev)
}
