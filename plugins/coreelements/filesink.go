package coreelements

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"syscall"
	"time"

	"github.com/gstmini/gstmini/base"
	"github.com/gstmini/gstmini/gst"
)

// FileSink writes incoming data to a file in the local file system. By
// default it collects buffers and writes them in batches of "buffer-size"
// (64 KiB) bytes; buffers flagged SYNC_AFTER are written and fsync'ed
// immediately. A SEGMENT event in BYTES format seeks the file, which is how
// muxers rewrite headers. It handles file:// URIs (SetURI / URI).
//
//	gst-launch-1.0 v4l2src num-buffers=1 ! jpegenc ! filesink location=capture1.jpeg
//
// Like GStreamer's filesink it does not synchronise on the clock (sync is
// false by default).
//
// GStreamer: GstFileSink (plugins/elements/gstfilesink.c).
type FileSink struct {
	base.Sink

	mu sync.Mutex // settings and the open file

	location, uri string
	bufferMode    int
	bufferSize    uint
	append        bool
	oSync         bool
	maxTransient  int

	f        *os.File
	seekable bool
	curPos   uint64
	buf      []byte        // full mode: pending bytes
	list     []*gst.Buffer // default/line mode: pending buffers
	curSize  int           // pending bytes (either form)
	mode     int           // buffer mode of the open file
	capacity int           // buffer size of the open file
}

// The buffer modes of filesink's "buffer-mode" property.
//
// GStreamer: GstFileSinkBufferMode (plugins/elements/gstfilesink.h).
const (
	FileSinkBufferModeDefault    = -1
	FileSinkBufferModeFull       = 0
	FileSinkBufferModeLine       = 1
	FileSinkBufferModeUnbuffered = 2
)

// Default property values of filesink.
//
// GStreamer: DEFAULT_BUFFER_MODE, DEFAULT_BUFFER_SIZE and friends (plugins/elements/gstfilesink.c).
const (
	DefaultFileSinkBufferSize = 64 * 1024
)

// FileSinkBufferModeEnum is the "buffer-mode" enumeration.
//
// GStreamer: gst_file_sink_buffer_mode_get_type (plugins/elements/gstfilesink.c).
var FileSinkBufferModeEnum = &gst.EnumClass{
	Name: "GstFileSinkBufferMode",
	Values: []gst.EnumValue{
		{Value: FileSinkBufferModeDefault, Name: "Default buffering", Nick: "default"},
		{Value: FileSinkBufferModeFull, Name: "Fully buffered", Nick: "full"},
		{Value: FileSinkBufferModeLine, Name: "Line buffered (deprecated, like full)", Nick: "line"},
		{Value: FileSinkBufferModeUnbuffered, Name: "Unbuffered", Nick: "unbuffered"},
	},
}

var filesinkSinkTemplate = gst.MustNewPadTemplate("sink", gst.PadSink, gst.PadAlways, gst.NewCapsAny())

// filesinkBaseProperties returns base.SinkProperties with "sync"
// defaulting to false, as filesink and fdsink set it in their init.
func filesinkBaseProperties() []*gst.ParamSpec {
	ps := base.SinkProperties()
	for _, p := range ps {
		if p.Name == "sync" {
			p.Default = false
		}
	}
	return ps
}

// FileSinkClass is the element class (factory "filesink").
//
// GStreamer: gst_file_sink_class_init (plugins/elements/gstfilesink.c).
var FileSinkClass = &gst.ElementClass{
	Name:     "filesink",
	TypeName: "GstFileSink",
	Plugin:   PluginInfo,
	Rank:     gst.RankPrimary,
	Metadata: gst.ElementMetadata{
		LongName:    "File Sink",
		Klass:       "Sink/File",
		Description: "Write stream to a file",
		Author:      "Thomas Vander Stichele <thomas at apestaart dot org>",
	},
	PadTemplates: []*gst.PadTemplate{filesinkSinkTemplate},
	Properties: append(filesinkBaseProperties(),
		gst.ParamString("location", "File Location", "Location of the file to write", "", gst.ParamReadWrite),
		gst.ParamEnum("buffer-mode", "Buffering mode", "The buffering mode to use",
			FileSinkBufferModeEnum, FileSinkBufferModeDefault, gst.ParamReadWrite),
		gst.ParamUint("buffer-size", "Buffering size",
			"Size of buffer in number of bytes for line or full buffer-mode", 0, 1<<32-1,
			DefaultFileSinkBufferSize, gst.ParamReadWrite),
		gst.ParamBool("append", "Append", "Append to an already existing file", false, gst.ParamReadWrite),
		gst.ParamBool("o-sync", "Synchronous IO", "Open the file with O_SYNC for enabling synchronous IO",
			false, gst.ParamReadWrite),
		gst.ParamInt("max-transient-error-timeout", "Max Transient Error Timeout",
			"Retry up to this many ms on transient errors (currently EACCES)", 0, 1<<31-1, 0, gst.ParamReadWrite),
	),
	New:          func() gst.Element { return &FileSink{} },
	URIProtocols: []string{"file"},
	URIType:      gst.URISink,
}

var (
	_ base.Renderer = (*FileSink)(nil)
	_ base.Starter  = (*FileSink)(nil)
	_ base.Stopper  = (*FileSink)(nil)
)

// Constructed chains up and applies filesink's defaults (sync=false,
// buffer-mode=default, buffer-size=64 KiB).
//
// GStreamer: gst_file_sink_init (plugins/elements/gstfilesink.c).
func (s *FileSink) Constructed() error {
	if err := s.Sink.Constructed(); err != nil {
		return err
	}
	s.SetSync(false)
	s.bufferMode = FileSinkBufferModeDefault
	s.bufferSize = DefaultFileSinkBufferSize
	return nil
}

// SetProperty sets filesink's properties and chains up for the others.
//
// GStreamer: gst_file_sink_set_property (plugins/elements/gstfilesink.c).
func (s *FileSink) SetProperty(name string, v any) error {
	switch name {
	case "location":
		return s.setLocation(v.(string))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	switch name {
	case "buffer-mode":
		s.bufferMode = v.(int)
	case "buffer-size":
		s.bufferSize = v.(uint)
	case "append":
		s.append = v.(bool)
	case "o-sync":
		s.oSync = v.(bool)
	case "max-transient-error-timeout":
		s.maxTransient = v.(int)
	default:
		return s.Sink.SetProperty(name, v)
	}
	return nil
}

// Property returns filesink's properties or a base property.
//
// GStreamer: gst_file_sink_get_property (plugins/elements/gstfilesink.c).
func (s *FileSink) Property(name string) any {
	s.mu.Lock()
	switch name {
	case "location":
		defer s.mu.Unlock()
		return s.location
	case "buffer-mode":
		defer s.mu.Unlock()
		return s.bufferMode
	case "buffer-size":
		defer s.mu.Unlock()
		return s.bufferSize
	case "append":
		defer s.mu.Unlock()
		return s.append
	case "o-sync":
		defer s.mu.Unlock()
		return s.oSync
	case "max-transient-error-timeout":
		defer s.mu.Unlock()
		return s.maxTransient
	}
	s.mu.Unlock()
	return s.Sink.Property(name)
}

func (s *FileSink) setLocation(location string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.f != nil {
		return errors.New("changing the 'location' property on filesink when a file is open is not supported")
	}
	s.location = location
	s.uri = ""
	if location != "" {
		s.uri = filesrcFilenameToURI(location)
	}
	return nil
}

// URI returns the file:// URI of the location ("" when none is set). Safe
// for concurrent use.
//
// GStreamer: gst_file_sink_uri_get_uri (plugins/elements/gstfilesink.c).
func (s *FileSink) URI() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.uri
}

// SetURI sets the location from a file:// URI; other hosts than localhost
// are refused, and so is a change while the file is open. Safe for
// concurrent use.
//
// GStreamer: gst_file_sink_uri_set_uri (plugins/elements/gstfilesink.c).
func (s *FileSink) SetURI(uri string) error {
	loc, err := filesrcFilenameFromURI(uri)
	if err != nil {
		return fmt.Errorf("filesink: %w", err)
	}
	if err := s.setLocation(loc); err != nil {
		return fmt.Errorf("filesink: %w", err)
	}
	s.Notify(s, "location")
	return nil
}

// URIType reports gst.URISink. Safe for concurrent use.
//
// GStreamer: gst_file_sink_uri_get_type (plugins/elements/gstfilesink.c).
func (s *FileSink) URIType() gst.URIType { return gst.URISink }

// Protocols returns ["file"]. Safe for concurrent use.
//
// GStreamer: gst_file_sink_uri_get_protocols (plugins/elements/gstfilesink.c).
func (s *FileSink) Protocols() []string { return []string{"file"} }

// Start opens the file for writing (truncating it, or appending with
// append=true). On failure it posts RESOURCE OPEN_WRITE (NOT_FOUND without
// a location) and returns the error.
//
// GStreamer: gst_file_sink_start, gst_file_sink_open_file (plugins/elements/gstfilesink.c).
func (s *FileSink) Start() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.location == "" {
		s.PostError(&gst.ResourceError{Code: gst.ResourceErrorNotFound, Msg: "No file name specified for writing."}, "")
		return errors.New("filesink: no file name specified for writing")
	}
	flags := os.O_WRONLY | os.O_CREATE
	if s.append {
		flags |= os.O_APPEND
	} else {
		flags |= os.O_TRUNC
	}
	if s.oSync {
		flags |= os.O_SYNC
	}
	f, err := os.OpenFile(s.location, flags, 0o666)
	if err != nil {
		msg := fmt.Sprintf("Could not open file %q for writing.", s.location)
		s.PostError(&gst.ResourceError{Code: gst.ResourceErrorOpenWrite, Msg: msg}, filesrcSystemError(err))
		return fmt.Errorf("filesink: %s", msg)
	}
	s.f = f
	s.curPos = 0
	s.curSize = 0
	s.buf, s.list = nil, nil
	s.mode = s.bufferMode
	if s.mode != FileSinkBufferModeUnbuffered && s.bufferSize == 0 {
		s.bufferSize = DefaultFileSinkBufferSize
	}
	s.capacity = int(s.bufferSize)
	if s.mode == FileSinkBufferModeFull {
		s.buf = make([]byte, 0, s.capacity)
	}
	s.seekable = s.doSeekLocked(0) == nil
	return nil
}

// Stop flushes pending data and closes the file; failures post RESOURCE
// CLOSE errors.
//
// GStreamer: gst_file_sink_stop, gst_file_sink_close_file (plugins/elements/gstfilesink.c).
func (s *FileSink) Stop() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.f == nil {
		return nil
	}
	var ret error
	if err := s.flushLocked(); err != nil {
		s.PostError(&gst.ResourceError{Code: gst.ResourceErrorClose, Msg: fmt.Sprintf("Error closing file %q.", s.location)}, "")
		ret = err
	}
	if err := s.f.Close(); err != nil {
		s.PostError(&gst.ResourceError{Code: gst.ResourceErrorClose, Msg: fmt.Sprintf("Error closing file %q.", s.location)}, filesrcSystemError(err))
		ret = err
	}
	s.f = nil
	s.releaseListLocked()
	s.buf = nil
	s.curSize = 0
	return ret
}

func (s *FileSink) releaseListLocked() {
	for _, b := range s.list {
		b.Unref()
	}
	s.list = nil
}

// doSeekLocked flushes and seeks to off, updating the position.
func (s *FileSink) doSeekLocked(off uint64) error {
	if err := s.flushLocked(); err != nil {
		return err
	}
	pos, err := s.f.Seek(int64(off), io.SeekStart)
	if err != nil {
		return err
	}
	s.curPos = uint64(pos)
	return nil
}

// flushLocked writes the pending data.
func (s *FileSink) flushLocked() error {
	if s.curSize == 0 {
		return nil
	}
	var err error
	switch {
	case s.buf != nil:
		err = s.writeLocked(s.buf)
		s.buf = s.buf[:0]
	default:
		for _, b := range s.list {
			if err == nil {
				err = s.writeLocked(b.Bytes())
			}
		}
		s.releaseListLocked()
	}
	s.curSize = 0
	return err
}

// writeLocked writes data at the current position, retrying transient
// errors (EACCES) for up to max-transient-error-timeout ms.
func (s *FileSink) writeLocked(data []byte) error {
	n, err := filesinkWrite(s.Context(), s.f, data, s.maxTransient)
	s.curPos += uint64(n)
	if err != nil {
		filesinkPostWriteError(&s.ElementBase, s.f, err)
		return gst.NewFlowError(gst.FlowError, "filesink: write: %v", err)
	}
	return nil
}

// filesinkWrite writes all of data to f, retrying EACCES and EINTR until
// maxTransientMS milliseconds have passed or ctx is cancelled.
func filesinkWrite(ctx context.Context, f *os.File, data []byte, maxTransientMS int) (int, error) {
	written := 0
	var deadline time.Time
	for written < len(data) {
		n, err := f.Write(data[written:])
		written += n
		if err == nil {
			continue
		}
		if errors.Is(err, syscall.EINTR) || errors.Is(err, syscall.EAGAIN) {
			continue
		}
		if errors.Is(err, syscall.EACCES) && maxTransientMS > 0 {
			if deadline.IsZero() {
				deadline = time.Now().Add(time.Duration(maxTransientMS) * time.Millisecond)
			}
			if time.Now().Before(deadline) {
				t := time.NewTimer(10 * time.Millisecond)
				select {
				case <-t.C:
					continue
				case <-ctx.Done():
					t.Stop()
					return written, gst.ErrFlushing
				}
			}
		}
		return written, err
	}
	return written, nil
}

// filesinkPostWriteError posts the error gst_writev posts for a failed
// write: NO_SPACE_LEFT for ENOSPC, else WRITE naming the descriptor.
func filesinkPostWriteError(el *gst.ElementBase, f *os.File, err error) {
	if errors.Is(err, gst.ErrFlushing) {
		return
	}
	if errors.Is(err, syscall.ENOSPC) {
		el.PostError(&gst.ResourceError{Code: gst.ResourceErrorNoSpaceLeft}, "")
		return
	}
	el.PostError(&gst.ResourceError{Code: gst.ResourceErrorWrite},
		fmt.Sprintf("Error while writing to file descriptor %d: %s", f.Fd(), filesrcSystemError(err)[len("system error: "):]))
}

// Render writes or queues buf according to the buffer mode; SYNC_AFTER
// buffers flush the queue, are written at once and fsync'ed. Called from
// the streaming thread.
//
// GStreamer: gst_file_sink_render (plugins/elements/gstfilesink.c).
func (s *FileSink) Render(buf *gst.Buffer) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.renderLocked([]*gst.Buffer{buf})
}

// RenderList renders the buffers of list as one batch.
//
// GStreamer: gst_file_sink_render_list (plugins/elements/gstfilesink.c).
func (s *FileSink) RenderList(list *gst.BufferList) error {
	bufs := make([]*gst.Buffer, list.Len())
	for i := range bufs {
		bufs[i] = list.Get(i)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.renderLocked(bufs)
}

func (s *FileSink) renderLocked(bufs []*gst.Buffer) error {
	if s.f == nil {
		return gst.ErrFlushing
	}
	syncAfter := false
	for _, b := range bufs {
		if b.HasFlags(gst.BufferFlagSyncAfter) {
			syncAfter = true
		}
	}
	if syncAfter || s.mode == FileSinkBufferModeUnbuffered {
		if err := s.flushLocked(); err != nil {
			return err
		}
		for _, b := range bufs {
			if b.NMemory() == 0 {
				continue
			}
			if err := s.writeLocked(b.Bytes()); err != nil {
				return err
			}
		}
	} else {
		for _, b := range bufs {
			if b.NMemory() == 0 {
				continue
			}
			size := b.Size()
			if s.buf != nil {
				if s.curSize+size > s.capacity {
					if err := s.flushLocked(); err != nil {
						return err
					}
				}
				if size > s.capacity {
					if err := s.writeLocked(b.Bytes()); err != nil {
						return err
					}
				} else {
					s.buf = append(s.buf, b.Bytes()...)
					s.curSize += size
				}
				continue
			}
			s.list = append(s.list, b.Ref())
			s.curSize += size
		}
		if s.buf == nil && s.curSize > s.capacity {
			if err := s.flushLocked(); err != nil {
				return err
			}
		}
	}
	if syncAfter {
		if err := s.f.Sync(); err != nil {
			s.PostError(&gst.ResourceError{Code: gst.ResourceErrorWrite,
				Msg: fmt.Sprintf("Error while writing to file %q.", s.location)}, err.Error())
			return gst.NewFlowError(gst.FlowError, "filesink: fsync: %v", err)
		}
	}
	return nil
}

// Event seeks on BYTES segments, truncates the file on FLUSH_STOP and
// flushes on EOS, then chains up to base.Sink.Event.
//
// GStreamer: gst_file_sink_event (plugins/elements/gstfilesink.c).
func (s *FileSink) Event(ev gst.Event) bool {
	switch e := ev.(type) {
	case *gst.SegmentEvent:
		if e.Segment.Format == gst.FormatBytes {
			s.mu.Lock()
			if s.f != nil && s.curPos+uint64(s.curSize) != e.Segment.Start {
				if err := s.doSeekLocked(e.Segment.Start); err != nil {
					s.PostError(&gst.ResourceError{Code: gst.ResourceErrorSeek,
						Msg: fmt.Sprintf("Error while seeking in file %q.", s.location)}, filesrcSystemError(err))
					s.mu.Unlock()
					return false
				}
			}
			s.mu.Unlock()
		}
	case *gst.FlushStopEvent:
		s.mu.Lock()
		if s.f != nil {
			if s.curPos != 0 && s.seekable {
				s.doSeekLocked(0)
				if err := s.f.Truncate(0); err != nil {
					s.PostError(&gst.ResourceError{Code: gst.ResourceErrorWrite,
						Msg: fmt.Sprintf("Error while writing to file %q.", s.location)}, filesrcSystemError(err))
					s.mu.Unlock()
					return false
				}
			}
			s.releaseListLocked()
			if s.buf != nil {
				s.buf = s.buf[:0]
			}
			s.curSize = 0
		}
		s.mu.Unlock()
	case *gst.EOSEvent:
		s.mu.Lock()
		var err error
		if s.f != nil {
			err = s.flushLocked()
		}
		s.mu.Unlock()
		if err != nil {
			s.PostError(&gst.ResourceError{Code: gst.ResourceErrorWrite,
				Msg: fmt.Sprintf("Error while writing to file %q.", s.Property("location"))}, "")
			return false
		}
	}
	return s.Sink.Event(ev)
}

// Query answers POSITION (bytes written, in BYTES or DEFAULT), FORMATS,
// URI and SEEKING (BYTES) queries and chains up for the rest.
//
// GStreamer: gst_file_sink_query (plugins/elements/gstfilesink.c).
func (s *FileSink) Query(q gst.Query) bool {
	switch q := q.(type) {
	case *gst.PositionQuery:
		switch q.Format {
		case gst.FormatDefault, gst.FormatBytes:
			s.mu.Lock()
			q.Format = gst.FormatBytes
			q.Cur = int64(s.curPos) + int64(s.curSize)
			s.mu.Unlock()
			return true
		}
		return false
	case *gst.FormatsQuery:
		q.Formats = []gst.Format{gst.FormatDefault, gst.FormatBytes}
		return true
	case *gst.URIQuery:
		q.URI = s.URI()
		return true
	case *gst.SeekingQuery:
		s.mu.Lock()
		seekable := s.seekable
		s.mu.Unlock()
		if q.Format == gst.FormatBytes || q.Format == gst.FormatDefault {
			q.Format, q.Seekable, q.SegmentStart, q.SegmentEnd = gst.FormatBytes, seekable, 0, -1
		} else {
			q.Seekable, q.SegmentStart, q.SegmentEnd = false, 0, -1
		}
		return true
	}
	return s.Sink.Query(q)
}
