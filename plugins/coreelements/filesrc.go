package coreelements

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"

	"github.com/gstmini/gstmini/base"
	"github.com/gstmini/gstmini/gst"
)

// FileSrc reads a file and pushes its bytes in blocks of "blocksize"
// (4096) bytes. It is seekable (in bytes) and answers DURATION queries in
// bytes when the file is a regular file, and then also works in pull mode
// (GetRange), which demuxers such as qtdemux use. It handles file:// URIs
// (SetURI / URI).
//
//	gst-launch-1.0 filesrc location=song.ogg ! decodebin ! audioconvert ! autoaudiosink
//
// Errors opening the file post a RESOURCE error naming the element on the
// bus and fail the state change: NOT_FOUND with debug `No such file "x"`
// for a missing file, OPEN_READ with `Could not open file "x" for
// reading.` when it cannot be opened, `"x" is a directory.` for a
// directory.
//
// GStreamer: GstFileSrc (plugins/elements/gstfilesrc.c).
type FileSrc struct {
	base.Src

	mu       sync.Mutex // settings and the open file
	location string
	uri      string

	f         *os.File
	readPos   uint64
	seekable  bool
	isRegular bool
}

var filesrcSrcTemplate = gst.MustNewPadTemplate("src", gst.PadSrc, gst.PadAlways, gst.NewCapsAny())

// FileSrcClass is the element class (factory "filesrc").
//
// GStreamer: gst_file_src_class_init (plugins/elements/gstfilesrc.c).
var FileSrcClass = &gst.ElementClass{
	Name:     "filesrc",
	TypeName: "GstFileSrc",
	Plugin:   PluginInfo,
	Rank:     gst.RankPrimary,
	Metadata: gst.ElementMetadata{
		LongName:    "File Source",
		Klass:       "Source/File",
		Description: "Read from arbitrary point in a file",
		Author:      "Erik Walthinsen <omega@cse.ogi.edu>",
	},
	PadTemplates: []*gst.PadTemplate{filesrcSrcTemplate},
	Properties: append(filesrcBaseProperties(),
		gst.ParamString("location", "File Location", "Location of the file to read", "",
			gst.ParamReadWrite|gst.ParamMutableReady)),
	New:          func() gst.Element { return &FileSrc{} },
	URIProtocols: []string{"file"},
	URIType:      gst.URISource,
}

// filesrcBaseProperties returns base.SrcProperties without the properties
// GStreamer 1.22's basesrc does not have (automatic-eos), and with typefind
// marked deprecated as gst-inspect-1.0 shows it.
func filesrcBaseProperties() []*gst.ParamSpec {
	var out []*gst.ParamSpec
	for _, p := range base.SrcProperties() {
		switch p.Name {
		case "automatic-eos":
			continue
		case "typefind":
			p.Flags |= gst.ParamDeprecated
		}
		out = append(out, p)
	}
	return out
}

var (
	_ base.Creator = (*FileSrc)(nil)
	_ base.Starter = (*FileSrc)(nil)
	_ base.Stopper = (*FileSrc)(nil)
)

// SetProperty sets "location" and chains up for the base properties.
//
// GStreamer: gst_file_src_set_property (plugins/elements/gstfilesrc.c).
func (s *FileSrc) SetProperty(name string, v any) error {
	if name == "location" {
		return s.setLocation(v.(string))
	}
	return s.Src.SetProperty(name, v)
}

// Property returns "location" or a base property.
//
// GStreamer: gst_file_src_get_property (plugins/elements/gstfilesrc.c).
func (s *FileSrc) Property(name string) any {
	if name == "location" {
		s.mu.Lock()
		defer s.mu.Unlock()
		return s.location
	}
	return s.Src.Property(name)
}

// setLocation is gst_file_src_set_location: refused while the file is open.
func (s *FileSrc) setLocation(location string) error {
	if st := s.CurrentState(); st != gst.StateReady && st != gst.StateNull {
		return errors.New("changing the `location' property on filesrc when a file is open is not supported")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.f != nil {
		return errors.New("changing the `location' property on filesrc when a file is open is not supported")
	}
	s.location = location
	if location == "" {
		s.uri = ""
	} else {
		s.uri = filesrcFilenameToURI(location)
	}
	return nil
}

// URI returns the file:// URI of the location ("" when none is set). Safe
// for concurrent use.
//
// GStreamer: gst_file_src_uri_get_uri (plugins/elements/gstfilesrc.c).
func (s *FileSrc) URI() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.uri
}

// SetURI sets the location from a file:// URI ("file://" alone clears it).
// It returns an error for a URI that is not a valid local file URI (other
// hosts than localhost are refused) or when the file is open (state above
// READY). Safe for concurrent use.
//
// GStreamer: gst_file_src_uri_set_uri (plugins/elements/gstfilesrc.c).
func (s *FileSrc) SetURI(uri string) error {
	if uri == "file://" {
		return s.setLocation("")
	}
	loc, err := filesrcFilenameFromURI(uri)
	if err != nil {
		return fmt.Errorf("filesrc: %w", err)
	}
	if err := s.setLocation(loc); err != nil {
		return fmt.Errorf("filesrc: %w", err)
	}
	s.Notify(s, "location")
	return nil
}

// URIType reports gst.URISource. Safe for concurrent use.
//
// GStreamer: gst_file_src_uri_get_type (plugins/elements/gstfilesrc.c).
func (s *FileSrc) URIType() gst.URIType { return gst.URISource }

// Protocols returns ["file"]. Safe for concurrent use.
//
// GStreamer: gst_file_src_uri_get_protocols (plugins/elements/gstfilesrc.c).
func (s *FileSrc) Protocols() []string { return []string{"file"} }

// Start opens the file. On failure it posts the RESOURCE error and
// returns it (the state change fails).
//
// GStreamer: gst_file_src_start (plugins/elements/gstfilesrc.c).
func (s *FileSrc) Start() error {
	s.mu.Lock()
	loc := s.location
	s.mu.Unlock()
	fail := func(code gst.ResourceErrorCode, msg, debug string) error {
		e := &gst.ResourceError{Code: code, Msg: msg}
		s.PostError(e, debug)
		if msg == "" {
			return fmt.Errorf("filesrc: %s", debug)
		}
		return fmt.Errorf("filesrc: %s", msg)
	}
	if loc == "" {
		return fail(gst.ResourceErrorNotFound, "No file name specified for reading.", "")
	}
	f, err := os.Open(loc)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return fail(gst.ResourceErrorNotFound, "", fmt.Sprintf("No such file %q", loc))
		}
		return fail(gst.ResourceErrorOpenRead, fmt.Sprintf("Could not open file %q for reading.", loc), filesrcSystemError(err))
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return fail(gst.ResourceErrorOpenRead, fmt.Sprintf("Could not get info on %q.", loc), "")
	}
	mode := st.Mode()
	if mode.IsDir() {
		f.Close()
		return fail(gst.ResourceErrorOpenRead, fmt.Sprintf("%q is a directory.", loc), "")
	}
	if mode&os.ModeSocket != 0 {
		f.Close()
		return fail(gst.ResourceErrorOpenRead, fmt.Sprintf("File %q is a socket.", loc), "")
	}
	seekable := true
	if _, err := f.Seek(0, io.SeekEnd); err != nil {
		seekable = false
	} else if _, err := f.Seek(0, io.SeekStart); err != nil {
		f.Close()
		return fail(gst.ResourceErrorOpenRead, "", fmt.Sprintf("Could not seek back to zero after seek test in file %q", loc))
	}
	s.mu.Lock()
	s.f = f
	s.readPos = 0
	s.isRegular = mode.IsRegular()
	s.seekable = seekable && s.isRegular
	s.mu.Unlock()
	return nil
}

// Stop closes the file.
//
// GStreamer: gst_file_src_stop (plugins/elements/gstfilesrc.c).
func (s *FileSrc) Stop() error {
	s.mu.Lock()
	f := s.f
	s.f = nil
	s.isRegular = false
	s.mu.Unlock()
	if f != nil {
		return f.Close()
	}
	return nil
}

// IsSeekable reports whether the file is a regular, seekable file.
//
// GStreamer: gst_file_src_is_seekable (plugins/elements/gstfilesrc.c).
func (s *FileSrc) IsSeekable() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.seekable
}

// Size returns the current size of a seekable file in bytes (it may grow
// while reading).
//
// GStreamer: gst_file_src_get_size (plugins/elements/gstfilesrc.c).
func (s *FileSrc) Size() (uint64, bool) {
	s.mu.Lock()
	f, seekable := s.f, s.seekable
	s.mu.Unlock()
	if f == nil || !seekable {
		return 0, false
	}
	st, err := f.Stat()
	if err != nil {
		return 0, false
	}
	return uint64(st.Size()), true
}

// Create reads up to size bytes at offset (seeking first when offset is
// not the current read position). A short read returns what was read; a
// read of nothing at the end returns gst.ErrEOS. Read and seek errors post
// a RESOURCE READ error. Called from the streaming thread (push mode) or
// the puller's thread (pull mode).
//
// GStreamer: gst_file_src_fill (plugins/elements/gstfilesrc.c).
func (s *FileSrc) Create(ctx context.Context, offset uint64, size uint) (*gst.Buffer, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.f == nil {
		return nil, gst.ErrFlushing
	}
	if offset != ^uint64(0) && s.readPos != offset {
		if _, err := s.f.Seek(int64(offset), io.SeekStart); err != nil {
			s.PostError(&gst.ResourceError{Code: gst.ResourceErrorRead}, filesrcSystemError(err))
			return nil, gst.NewFlowError(gst.FlowError, "filesrc: seek to %d: %v", offset, err)
		}
		s.readPos = offset
	}
	data := make([]byte, size)
	n, err := io.ReadFull(s.f, data)
	s.readPos += uint64(n)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
		s.PostError(&gst.ResourceError{Code: gst.ResourceErrorRead}, filesrcSystemError(err))
		return nil, gst.NewFlowError(gst.FlowError, "filesrc: read: %v", err)
	}
	if n == 0 && size > 0 {
		return nil, gst.ErrEOS
	}
	buf := gst.NewBufferWrapped(data[:n])
	buf.Offset = offset
	buf.OffsetEnd = offset + uint64(n)
	return buf, nil
}

// Query answers URI queries and chains up to base.Src for the rest.
//
// GStreamer: gst_base_src_default_query with the GstURIHandler URI query (libs/gst/base/gstbasesrc.c).
func (s *FileSrc) Query(q gst.Query) bool {
	if uq, ok := q.(*gst.URIQuery); ok {
		uq.URI = s.URI()
		return true
	}
	return s.Src.Query(q)
}

// filesrcSystemError formats err as GST_ERROR_SYSTEM does: "system error:
// <strerror>".
func filesrcSystemError(err error) string {
	var errno syscall.Errno
	msg := err.Error()
	if errors.As(err, &errno) {
		msg = errno.Error()
		if msg != "" {
			msg = strings.ToUpper(msg[:1]) + msg[1:]
		}
	}
	return "system error: " + msg
}

// filesrcFilenameToURI is gst_filename_to_uri: make location absolute,
// canonicalise "." and ".." and escape it as a file:// URI.
func filesrcFilenameToURI(location string) string {
	p := location
	if !filepath.IsAbs(p) {
		if wd, err := os.Getwd(); err == nil {
			p = filepath.Join(wd, p)
		}
	}
	p = filepath.Clean(p)
	return "file://" + filesrcEscapePath(filepath.ToSlash(p))
}

// filesrcEscapePath is g_uri_escape_string with
// G_URI_RESERVED_CHARS_ALLOWED_IN_PATH and allow_utf8=FALSE.
func filesrcEscapePath(p string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9',
			strings.IndexByte("-._~!$&'()*+,;=:@/", c) >= 0:
			b.WriteByte(c)
		default:
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		}
	}
	return b.String()
}

// filesrcFilenameFromURI is g_filename_from_uri plus filesrc's hostname
// rule: "file://[localhost]/abs/path" with %XX escapes.
func filesrcFilenameFromURI(uri string) (string, error) {
	const scheme = "file:"
	if len(uri) < len(scheme) || !strings.EqualFold(uri[:len(scheme)], scheme) {
		return "", fmt.Errorf("the URI %q is not an absolute URI using the \"file\" scheme", uri)
	}
	rest := uri[len(scheme):]
	if strings.ContainsAny(rest, "?#") {
		return "", fmt.Errorf("the local file URI %q may not include a '#'", uri)
	}
	host := ""
	if strings.HasPrefix(rest, "//") {
		rest = rest[2:]
		i := strings.IndexByte(rest, '/')
		if i < 0 {
			return "", fmt.Errorf("the URI %q is invalid", uri)
		}
		host, rest = rest[:i], rest[i:]
	}
	if !strings.HasPrefix(rest, "/") {
		return "", fmt.Errorf("the URI %q is not an absolute URI using the \"file\" scheme", uri)
	}
	path, err := filesrcUnescape(rest)
	if err != nil {
		return "", fmt.Errorf("the URI %q is invalid: %w", uri, err)
	}
	if host != "" && !strings.EqualFold(host, "localhost") {
		return "", fmt.Errorf("file URI with invalid hostname %q", host)
	}
	return filepath.FromSlash(path), nil
}

// filesrcUnescape decodes %XX escapes, refusing escaped '/' and NUL as
// g_uri_unescape_segment does for file URIs.
func filesrcUnescape(s string) (string, error) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '%' {
			b.WriteByte(c)
			continue
		}
		if i+2 >= len(s) {
			return "", errors.New("truncated escape")
		}
		hi, ok1 := filesrcUnhex(s[i+1])
		lo, ok2 := filesrcUnhex(s[i+2])
		if !ok1 || !ok2 {
			return "", errors.New("invalid escape")
		}
		v := hi<<4 | lo
		if v == 0 || v == '/' {
			return "", errors.New("invalid escaped character")
		}
		b.WriteByte(v)
		i += 2
	}
	return b.String(), nil
}

func filesrcUnhex(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}
