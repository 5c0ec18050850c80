package coreelements

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/gstmini/gstmini/base"
	"github.com/gstmini/gstmini/gst"
)

// FdSrc reads from an already open file descriptor ("fd", default 0 =
// standard input) in blocks of "blocksize" bytes until end of file. A
// regular file is seekable in bytes. With "timeout" (µs) set, it posts a
// "GstFdSrcTimeout" element message each time no data arrived for that
// long, and keeps waiting. It handles fd:// URIs ("fd://3?size=100").
//
//	echo "Hello GStreamer" | gst-launch-1.0 -v fdsrc ! fakesink dump=true
//
// The descriptor is duplicated while streaming (the dup is closed on
// stop, the original never); pipes and sockets are switched to
// non-blocking mode so that flushing can interrupt a read.
//
// GStreamer: GstFdSrc (plugins/elements/gstfdsrc.c).
type FdSrc struct {
	base.PushSrc

	mu      sync.Mutex
	newFD   int
	fd      int
	timeout uint64 // µs
	uri     string
	size    int64 // from the URI's size=, -1 unknown

	f          *os.File
	seekable   bool
	curOffset  uint64
	restoreNB  bool // set O_NONBLOCK ourselves: clear it on stop
	deadlineOK bool // the file supports read deadlines
}

var fdsrcSrcTemplate = gst.MustNewPadTemplate("src", gst.PadSrc, gst.PadAlways, gst.NewCapsAny())

// FdSrcClass is the element class (factory "fdsrc").
//
// GStreamer: gst_fd_src_class_init (plugins/elements/gstfdsrc.c).
var FdSrcClass = &gst.ElementClass{
	Name:     "fdsrc",
	TypeName: "GstFdSrc",
	Plugin:   PluginInfo,
	Rank:     gst.RankNone,
	Metadata: gst.ElementMetadata{
		LongName:    "Filedescriptor Source",
		Klass:       "Source/File",
		Description: "Read from a file descriptor",
		Author:      "Erik Walthinsen <omega@cse.ogi.edu>",
	},
	PadTemplates: []*gst.PadTemplate{fdsrcSrcTemplate},
	Properties: append(filesrcBaseProperties(),
		gst.ParamInt("fd", "fd", "An open file descriptor to read from", 0, 1<<31-1, 0, gst.ParamReadWrite),
		gst.ParamUint64("timeout", "Timeout", "Post a message after timeout microseconds (0 = disabled)",
			0, ^uint64(0), 0, gst.ParamReadWrite),
	),
	New:          func() gst.Element { return &FdSrc{fd: -1, size: -1, uri: "fd://0"} },
	URIProtocols: []string{"fd"},
	URIType:      gst.URISource,
}

var (
	_ base.PushCreator = (*FdSrc)(nil)
	_ base.Starter     = (*FdSrc)(nil)
	_ base.Stopper     = (*FdSrc)(nil)
)

// SetProperty sets "fd" (taking effect at once in NULL/READY, else at the
// next start) and "timeout", and chains up for the base properties.
//
// GStreamer: gst_fd_src_set_property (plugins/elements/gstfdsrc.c).
func (s *FdSrc) SetProperty(name string, v any) error {
	switch name {
	case "fd":
		s.mu.Lock()
		s.newFD = v.(int)
		s.mu.Unlock()
		if s.CurrentState() <= gst.StateReady {
			s.updateFD(-1)
		}
		return nil
	case "timeout":
		s.mu.Lock()
		s.timeout = v.(uint64)
		s.mu.Unlock()
		return nil
	}
	return s.PushSrc.SetProperty(name, v)
}

// Property returns "fd" (the configured descriptor), "timeout" or a base
// property.
//
// GStreamer: gst_fd_src_get_property (plugins/elements/gstfdsrc.c).
func (s *FdSrc) Property(name string) any {
	switch name {
	case "fd":
		s.mu.Lock()
		defer s.mu.Unlock()
		return s.newFD
	case "timeout":
		s.mu.Lock()
		defer s.mu.Unlock()
		return s.timeout
	}
	return s.PushSrc.Property(name)
}

// updateFD is gst_fd_src_update_fd: adopt newFD and its size.
func (s *FdSrc) updateFD(size int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.fd == s.newFD {
		return
	}
	s.fd = s.newFD
	s.size = size
	s.uri = fmt.Sprintf("fd://%d", s.fd)
}

// URI returns "fd://N". Safe for concurrent use.
//
// GStreamer: gst_fd_src_uri_get_uri (plugins/elements/gstfdsrc.c).
func (s *FdSrc) URI() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.uri
}

// SetURI accepts "fd://N" with an optional "?size=BYTES". It returns an
// error for another scheme or a bad descriptor number. Safe for
// concurrent use.
//
// GStreamer: gst_fd_src_uri_set_uri (plugins/elements/gstfdsrc.c).
func (s *FdSrc) SetURI(uri string) error {
	fd, size, err := fdsrcParseURI(uri, "fdsrc")
	if err != nil {
		return err
	}
	s.mu.Lock()
	s.newFD = fd
	s.mu.Unlock()
	if s.CurrentState() <= gst.StateReady {
		s.updateFD(size)
	}
	return nil
}

// fdsrcParseURI parses "fd://N[?size=S]" (size -1 when absent or bad).
func fdsrcParseURI(uri, element string) (fd int, size int64, err error) {
	i := strings.Index(uri, ":")
	if i < 0 || !strings.EqualFold(uri[:i], "fd") {
		return 0, -1, fmt.Errorf("Wrong protocol for %s in uri: '%s'", element, uri)
	}
	if !strings.HasPrefix(uri, uri[:i]+"://") {
		return 0, -1, fmt.Errorf("Bad file descriptor number in uri: '%s'", uri)
	}
	rest := uri[i+3:]
	j := 0
	for j < len(rest) && (rest[j] >= '0' && rest[j] <= '9' || j == 0 && (rest[j] == '-' || rest[j] == '+')) {
		j++
	}
	n, perr := strconv.Atoi(rest[:j])
	if perr != nil || n < 0 {
		return 0, -1, fmt.Errorf("Bad file descriptor number in uri: '%s'", uri)
	}
	size = -1
	if q := strings.Index(uri, "?"); q >= 0 {
		if sp := strings.Index(uri[q:], "size="); sp >= 0 {
			v := uri[q+sp+len("size="):]
			k := 0
			for k < len(v) && v[k] >= '0' && v[k] <= '9' {
				k++
			}
			if x, err := strconv.ParseUint(v[:k], 10, 64); err == nil && x != ^uint64(0) {
				size = int64(x)
			}
		}
	}
	return n, size, nil
}

// URIType reports gst.URISource. Safe for concurrent use.
//
// GStreamer: gst_fd_src_uri_get_type (plugins/elements/gstfdsrc.c).
func (s *FdSrc) URIType() gst.URIType { return gst.URISource }

// Protocols returns ["fd"]. Safe for concurrent use.
//
// GStreamer: gst_fd_src_uri_get_protocols (plugins/elements/gstfdsrc.c).
func (s *FdSrc) Protocols() []string { return []string{"fd"} }

// Start duplicates the descriptor and checks whether it is a seekable
// regular file. It posts RESOURCE OPEN_READ_WRITE and fails when the
// descriptor is not open.
//
// GStreamer: gst_fd_src_start (plugins/elements/gstfdsrc.c).
func (s *FdSrc) Start() error {
	s.updateFD(-1)
	s.mu.Lock()
	defer s.mu.Unlock()
	dup, err := syscall.Dup(s.fd)
	if err != nil {
		s.PostError(&gst.ResourceError{Code: gst.ResourceErrorOpenReadWrite}, filesrcSystemError(err))
		return fmt.Errorf("fdsrc: fd %d: %w", s.fd, err)
	}
	syscall.CloseOnExec(dup)
	var st syscall.Stat_t
	regular := syscall.Fstat(dup, &st) == nil && st.Mode&syscall.S_IFMT == syscall.S_IFREG
	s.seekable = false
	s.restoreNB = false
	if regular {
		if _, err := syscall.Seek(dup, 0, io.SeekCurrent); err == nil {
			s.seekable = true
		}
	} else if nb, err := fdsrcIsNonblock(dup); err == nil && !nb {
		if syscall.SetNonblock(dup, true) == nil {
			s.restoreNB = true
		}
	}
	s.f = os.NewFile(uintptr(dup), fmt.Sprintf("fd://%d", s.fd))
	s.deadlineOK = s.f.SetReadDeadline(time.Time{}) == nil
	s.curOffset = 0
	return nil
}

func fdsrcIsNonblock(fd int) (bool, error) {
	fl, _, errno := syscall.Syscall(syscall.SYS_FCNTL, uintptr(fd), syscall.F_GETFL, 0)
	if errno != 0 {
		return false, errno
	}
	return fl&syscall.O_NONBLOCK != 0, nil
}

// Stop closes the duplicated descriptor (restoring blocking mode).
//
// GStreamer: gst_fd_src_stop (plugins/elements/gstfdsrc.c).
func (s *FdSrc) Stop() error {
	s.mu.Lock()
	f, restore := s.f, s.restoreNB
	s.f = nil
	s.mu.Unlock()
	if f == nil {
		return nil
	}
	if restore {
		if rc, err := f.SyscallConn(); err == nil {
			rc.Control(func(fd uintptr) { syscall.SetNonblock(int(fd), false) })
		}
	}
	return f.Close()
}

// IsSeekable reports whether the descriptor is a seekable regular file.
//
// GStreamer: gst_fd_src_is_seekable (plugins/elements/gstfdsrc.c).
func (s *FdSrc) IsSeekable() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.seekable
}

// Size returns the size from the URI, or the file size of a seekable
// descriptor.
//
// GStreamer: gst_fd_src_get_size (plugins/elements/gstfdsrc.c).
func (s *FdSrc) Size() (uint64, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.size != -1 {
		return uint64(s.size), true
	}
	if !s.seekable || s.f == nil {
		return 0, false
	}
	st, err := s.f.Stat()
	if err != nil {
		return 0, false
	}
	return uint64(st.Size()), true
}

// DoSeek seeks the descriptor to the segment start (bytes).
//
// GStreamer: gst_fd_src_do_seek (plugins/elements/gstfdsrc.c).
func (s *FdSrc) DoSeek(seg *gst.Segment) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	off := seg.Start
	if off == s.curOffset || s.f == nil {
		return true
	}
	res, err := s.f.Seek(int64(off), io.SeekStart)
	if err != nil || uint64(res) != off {
		return false
	}
	s.curOffset = off
	seg.Position = seg.Start
	seg.Time = seg.Start
	return true
}

// Create reads up to blocksize bytes; 0 bytes read is EOS. When "timeout"
// passes without data it posts the GstFdSrcTimeout element message and
// waits again. A flush interrupts the wait (gst.ErrFlushing). Called from
// the streaming thread.
//
// GStreamer: gst_fd_src_create (plugins/elements/gstfdsrc.c).
func (s *FdSrc) Create(ctx context.Context) (*gst.Buffer, error) {
	s.mu.Lock()
	f, timeout, deadlineOK := s.f, s.timeout, s.deadlineOK
	s.mu.Unlock()
	if f == nil {
		return nil, gst.ErrFlushing
	}
	blocksize, _ := s.PushSrc.Property("blocksize").(uint)
	if deadlineOK {
		stop := context.AfterFunc(ctx, func() { f.SetReadDeadline(time.Unix(1, 0)) })
		defer stop()
	}
	data := make([]byte, blocksize)
	for {
		if deadlineOK {
			d := time.Time{}
			if timeout > 0 {
				d = time.Now().Add(time.Duration(timeout) * time.Microsecond)
			}
			f.SetReadDeadline(d)
			if ctx.Err() != nil {
				return nil, gst.ErrFlushing
			}
		}
		n, err := f.Read(data)
		if errors.Is(err, os.ErrDeadlineExceeded) {
			if ctx.Err() != nil {
				return nil, gst.ErrFlushing
			}
			s.PostMessage(gst.NewElementMessage(s, gst.NewStructureSimple("GstFdSrcTimeout", "timeout", timeout)))
			continue
		}
		if errors.Is(err, syscall.EINTR) {
			continue
		}
		if n == 0 && errors.Is(err, io.EOF) {
			return nil, gst.ErrEOS
		}
		if err != nil && n == 0 {
			if ctx.Err() != nil {
				return nil, gst.ErrFlushing
			}
			s.PostError(&gst.ResourceError{Code: gst.ResourceErrorRead},
				fmt.Sprintf("read on file descriptor: %s.", filesrcSystemError(err)[len("system error: "):]))
			return nil, gst.NewFlowError(gst.FlowError, "fdsrc: read: %v", err)
		}
		buf := gst.NewBufferWrapped(data[:n])
		s.mu.Lock()
		buf.Offset = s.curOffset
		s.curOffset += uint64(n)
		s.mu.Unlock()
		buf.PTS = gst.ClockTimeNone
		return buf, nil
	}
}

// Query answers URI queries and chains up for the rest.
//
// GStreamer: gst_fd_src_query (plugins/elements/gstfdsrc.c).
func (s *FdSrc) Query(q gst.Query) bool {
	if uq, ok := q.(*gst.URIQuery); ok {
		uq.URI = s.URI()
		return true
	}
	return s.PushSrc.Query(q)
}
