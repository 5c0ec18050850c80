package coreelements

import (
	"fmt"
	"io"
	"os"
	"sync"
	"syscall"

	"github.com/gstmini/gstmini/base"
	"github.com/gstmini/gstmini/gst"
)

// FdSink writes incoming data to an already open file descriptor ("fd",
// default 1 = standard output). On a seekable descriptor a SEGMENT event
// in BYTES format seeks, as in filesink. It handles fd:// URIs. It does
// not synchronise on the clock (sync is false by default).
//
//	gst-launch-1.0 filesrc location=in.bin ! fdsink fd=1 > out.bin
//
// The descriptor is duplicated while running; the original is never
// closed.
//
// GStreamer: GstFdSink (plugins/elements/gstfdsink.c).
type FdSink struct {
	base.Sink

	mu     sync.Mutex
	fd     int
	uri    string
	f      *os.File
	curPos uint64
	seek   bool
}

var fdsinkSinkTemplate = gst.MustNewPadTemplate("sink", gst.PadSink, gst.PadAlways, gst.NewCapsAny())

// FdSinkClass is the element class (factory "fdsink").
//
// GStreamer: gst_fd_sink_class_init (plugins/elements/gstfdsink.c).
var FdSinkClass = &gst.ElementClass{
	Name:     "fdsink",
	TypeName: "GstFdSink",
	Plugin:   PluginInfo,
	Rank:     gst.RankNone,
	Metadata: gst.ElementMetadata{
		LongName:    "Filedescriptor Sink",
		Klass:       "Sink/File",
		Description: "Write data to a file descriptor",
		Author:      "Erik Walthinsen <omega@cse.ogi.edu>",
	},
	PadTemplates: []*gst.PadTemplate{fdsinkSinkTemplate},
	Properties: append(filesinkBaseProperties(),
		gst.ParamInt("fd", "fd", "An open file descriptor to write to", 0, 1<<31-1, 1, gst.ParamReadWrite)),
	New:          func() gst.Element { return &FdSink{fd: 1, uri: "fd://1"} },
	URIProtocols: []string{"fd"},
	URIType:      gst.URISink,
}

var (
	_ base.Renderer = (*FdSink)(nil)
	_ base.Starter  = (*FdSink)(nil)
	_ base.Stopper  = (*FdSink)(nil)
)

// Constructed chains up and sets sync=false.
//
// GStreamer: gst_fd_sink_init (plugins/elements/gstfdsink.c).
func (s *FdSink) Constructed() error {
	if err := s.Sink.Constructed(); err != nil {
		return err
	}
	s.SetSync(false)
	return nil
}

// SetProperty sets "fd" (refused while running) and chains up.
//
// GStreamer: gst_fd_sink_set_property (plugins/elements/gstfdsink.c).
func (s *FdSink) SetProperty(name string, v any) error {
	if name == "fd" {
		return s.setFD(v.(int))
	}
	return s.Sink.SetProperty(name, v)
}

func (s *FdSink) setFD(fd int) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.f != nil && s.CurrentState() > gst.StateReady {
		return fmt.Errorf("fdsink: cannot change the fd while running")
	}
	s.fd = fd
	s.uri = fmt.Sprintf("fd://%d", fd)
	return nil
}

// Property returns "fd" or a base property.
//
// GStreamer: gst_fd_sink_get_property (plugins/elements/gstfdsink.c).
func (s *FdSink) Property(name string) any {
	if name == "fd" {
		s.mu.Lock()
		defer s.mu.Unlock()
		return s.fd
	}
	return s.Sink.Property(name)
}

// URI returns "fd://N". Safe for concurrent use.
//
// GStreamer: gst_fd_sink_uri_get_uri (plugins/elements/gstfdsink.c).
func (s *FdSink) URI() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.uri
}

// SetURI accepts "fd://N". Safe for concurrent use.
//
// GStreamer: gst_fd_sink_uri_set_uri (plugins/elements/gstfdsink.c).
func (s *FdSink) SetURI(uri string) error {
	fd, _, err := fdsrcParseURI(uri, "fdsink")
	if err != nil {
		return err
	}
	return s.setFD(fd)
}

// URIType reports gst.URISink. Safe for concurrent use.
//
// GStreamer: gst_fd_sink_uri_get_type (plugins/elements/gstfdsink.c).
func (s *FdSink) URIType() gst.URIType { return gst.URISink }

// Protocols returns ["fd"]. Safe for concurrent use.
//
// GStreamer: gst_fd_sink_uri_get_protocols (plugins/elements/gstfdsink.c).
func (s *FdSink) Protocols() []string { return []string{"fd"} }

// Start duplicates the descriptor; an invalid one posts RESOURCE
// OPEN_WRITE and fails.
//
// GStreamer: gst_fd_sink_start (plugins/elements/gstfdsink.c).
func (s *FdSink) Start() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	dup, err := syscall.Dup(s.fd)
	if err != nil {
		s.PostError(&gst.ResourceError{Code: gst.ResourceErrorOpenWrite}, filesrcSystemError(err))
		return fmt.Errorf("fdsink: fd %d: %w", s.fd, err)
	}
	syscall.CloseOnExec(dup)
	s.f = os.NewFile(uintptr(dup), s.uri)
	s.curPos = 0
	_, serr := s.f.Seek(0, io.SeekCurrent)
	s.seek = serr == nil
	return nil
}

// Stop closes the duplicated descriptor.
//
// GStreamer: gst_fd_sink_stop (plugins/elements/gstfdsink.c).
func (s *FdSink) Stop() error {
	s.mu.Lock()
	f := s.f
	s.f = nil
	s.mu.Unlock()
	if f != nil {
		return f.Close()
	}
	return nil
}

// Render writes buf. Called from the streaming thread.
//
// GStreamer: gst_fd_sink_render (plugins/elements/gstfdsink.c).
func (s *FdSink) Render(buf *gst.Buffer) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.f == nil {
		return gst.ErrFlushing
	}
	n, err := filesinkWrite(s.Context(), s.f, buf.Bytes(), 0)
	s.curPos += uint64(n)
	if err != nil {
		filesinkPostWriteError(&s.ElementBase, s.f, err)
		return gst.NewFlowError(gst.FlowError, "fdsink: write: %v", err)
	}
	return nil
}

// Event seeks the descriptor on BYTES segments, then chains up.
//
// GStreamer: gst_fd_sink_event (plugins/elements/gstfdsink.c).
func (s *FdSink) Event(ev gst.Event) bool {
	if e, ok := ev.(*gst.SegmentEvent); ok && e.Segment.Format == gst.FormatBytes {
		s.mu.Lock()
		if s.f != nil && s.curPos != e.Segment.Start {
			if _, err := s.f.Seek(int64(e.Segment.Start), io.SeekStart); err != nil {
				s.PostError(&gst.ResourceError{Code: gst.ResourceErrorSeek}, filesrcSystemError(err))
				s.mu.Unlock()
				return false
			}
			s.curPos = e.Segment.Start
		}
		s.mu.Unlock()
	}
	return s.Sink.Event(ev)
}

// Query answers POSITION in BYTES, FORMATS, URI and SEEKING and chains
// up for the rest.
//
// GStreamer: gst_fd_sink_query (plugins/elements/gstfdsink.c).
func (s *FdSink) Query(q gst.Query) bool {
	switch q := q.(type) {
	case *gst.PositionQuery:
		if q.Format == gst.FormatDefault || q.Format == gst.FormatBytes {
			s.mu.Lock()
			q.Format, q.Cur = gst.FormatBytes, int64(s.curPos)
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
		seekable := s.seek
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
