package s3

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"github.com/gstmini/gstmini/base"
	"github.com/gstmini/gstmini/gst"
	"github.com/gstmini/gstmini/libs/storage"
)

// Default property values of s3sink, those of gst-plugins-rs' awss3sink.
//
// GStreamer: DEFAULT_* constants (gst-plugins-rs net/aws/src/s3sink/multipartsink.rs).
const (
	DefaultS3SinkRegion         = "us-west-2"
	DefaultS3SinkPartSize       = uint64(5 * 1024 * 1024)
	MinS3SinkPartSize           = uint64(5 * 1024 * 1024)
	MaxS3SinkPartSize           = uint64(5 * 1024 * 1024 * 1024)
	DefaultS3SinkRetryAttempts  = uint(5)
	DefaultS3SinkRequestTimeout = int64(15000) // milliseconds
	DefaultS3SinkForcePathStyle = false
	DefaultS3SinkOnError        = S3SinkOnErrorNothing
)

// The values of s3sink's "on-error" property: what happens to a multipart
// upload that has uploaded parts when the stream fails or stops without
// EOS.
//
// GStreamer: OnError (gst-plugins-rs net/aws/src/s3sink/mod.rs).
const (
	S3SinkOnErrorAbort    = 0 // abort the upload (its parts are deleted)
	S3SinkOnErrorComplete = 1 // complete the upload with the parts so far
	S3SinkOnErrorNothing  = 2 // leave the upload open
)

// S3SinkOnErrorEnum is the "on-error" enumeration.
//
// GStreamer: GstS3SinkOnError (gst-plugins-rs net/aws/src/s3sink/mod.rs).
var S3SinkOnErrorEnum = &gst.EnumClass{
	Name: "GstS3SinkOnError",
	Values: []gst.EnumValue{
		{Value: S3SinkOnErrorAbort, Name: "Abort: Abort multipart upload on error.", Nick: "abort"},
		{Value: S3SinkOnErrorComplete, Name: "Complete: Complete multipart upload on error.", Nick: "complete"},
		{Value: S3SinkOnErrorNothing, Name: "DoNothing: Do nothing on error.", Nick: "nothing"},
	},
}

// s3sinkBackoff is the wait before the second attempt of a request; each
// further wait doubles, up to s3sinkMaxBackoff (the AWS SDK's standard
// retry strategy without its jitter). Tests shorten it.
var (
	s3sinkBackoff    = 500 * time.Millisecond
	s3sinkMaxBackoff = 20 * time.Second
)

// s3sinkCat is the debug category of s3sink.
var s3sinkCat = gst.NewDebugCategory("s3sink", 0, "Amazon S3 Sink")

var s3sinkSinkTemplate = gst.MustNewPadTemplate("sink", gst.PadSink, gst.PadAlways, gst.NewCapsAny())

// s3sinkProperties returns base.SinkProperties with sync defaulting to
// false (awss3sink's constructed) followed by s3sink's own.
func s3sinkProperties() []*gst.ParamSpec {
	ps := base.SinkProperties()
	for _, p := range ps {
		if p.Name == "sync" {
			p.Default = false
		}
	}
	const rw = gst.ParamReadWrite
	const ready = gst.ParamReadWrite | gst.ParamMutableReady
	const secret = ready | gst.ParamSecret
	return append(ps,
		gst.ParamString("bucket", "S3 Bucket", "The bucket of the file to write", "", ready),
		gst.ParamString("key", "S3 Key", "The key of the file to write", "", ready),
		gst.ParamString("region", "AWS Region", "An AWS region (e.g. eu-west-2).", DefaultS3SinkRegion, ready),
		gst.ParamUint64("part-size", "Part size", "A size (in bytes) of an individual part used for multipart upload.",
			MinS3SinkPartSize, MaxS3SinkPartSize, DefaultS3SinkPartSize, ready),
		gst.ParamString("access-key", "Access Key", "AWS Access Key", "", secret),
		gst.ParamString("secret-access-key", "Secret Access Key", "AWS Secret Access Key", "", secret),
		gst.ParamString("session-token", "Session Token", "AWS temporary Session Token from STS", "", secret),
		gst.ParamEnum("on-error", "Whether to upload or complete the multipart upload on error",
			"Do nothing, abort or complete a multipart upload request on error", S3SinkOnErrorEnum, DefaultS3SinkOnError, ready),
		gst.ParamUint("retry-attempts", "Retry attempts", "Number of times AWS SDK attempts a request before abandoning the request",
			1, 10, DefaultS3SinkRetryAttempts, rw),
		gst.ParamInt64("request-timeout", "Request timeout", "Timeout for general S3 requests (in ms, set to -1 for infinity)",
			-1, int64(^uint64(0)>>1), DefaultS3SinkRequestTimeout, rw),
		gst.ParamString("endpoint-uri", "S3 endpoint URI", "The S3 endpoint URI to use", "", rw),
		gst.ParamString("cache-control", "cache-control", "Cache-Control header to set for uploaded object", "", rw),
		gst.ParamString("content-type", "content-type", "Content-Type header to set for uploaded object", "", rw),
		gst.ParamString("content-disposition", "content-disposition", "Content-Disposition header to set for uploaded object", "", rw),
		gst.ParamString("content-encoding", "content-encoding", "Content-Encoding header to set for uploaded object", "", rw),
		gst.ParamString("content-language", "content-language", "Content-Language header to set for uploaded object", "", rw),
		gst.ParamBool("force-path-style", "Force path style", "Force client to use path-style addressing for buckets",
			DefaultS3SinkForcePathStyle, rw),
	)
}

// S3SinkClass is the element class (factory "s3sink").
//
// GStreamer: GstAwsS3Sink class (gst-plugins-rs net/aws/src/s3sink/multipartsink.rs).
var S3SinkClass = &gst.ElementClass{
	Name:     "s3sink",
	TypeName: "GstAwsS3Sink",
	Plugin:   PluginInfo,
	Rank:     gst.RankPrimary,
	Metadata: gst.ElementMetadata{
		LongName:    "Amazon S3 sink",
		Klass:       "Source/Network",
		Description: "Writes an object to Amazon S3",
		Author:      "Marcin Kolny <mkolny@amazon.com>",
	},
	PadTemplates: []*gst.PadTemplate{s3sinkSinkTemplate},
	Properties:   s3sinkProperties(),
	New:          func() gst.Element { return &S3Sink{} },
}

// s3sinkSettings holds the property values.
type s3sinkSettings struct {
	bucket, key, region, endpoint                 string
	regionSet                                     bool
	accessKey, secretKey, sessionToken            string
	partSize                                      uint64
	onError                                       int
	retryAttempts                                 uint
	requestTimeout                                int64
	cacheControl, contentType, contentDisposition string
	contentEncoding, contentLanguage              string
	forcePathStyle                                bool
}

// s3sinkMode is what the stream turned out to be.
type s3sinkMode int

const (
	s3sinkModeNone    s3sinkMode = iota // nothing seen yet
	s3sinkModeObjects                   // buffers carry storage.ObjectMeta
	s3sinkModeStream                    // plain bytes: one multipart upload
)

// s3sinkUpload is an open multipart upload.
type s3sinkUpload struct {
	id    string
	key   string
	parts []minio.CompletePart
	buf   []byte
}

// S3Sink stores its input in an S3 bucket. It works in one of two modes,
// chosen by the stream:
//
//   - Objects: buffers carrying a storage.ObjectMeta (caps
//     application/x-gstmini-object, from a segmenter such as hlssink) are
//     each stored as one object at "<key>/<Name>" ("<Name>" when key is
//     empty) with the meta's content type (the content-type property when
//     the meta has none), or deleted when the meta says Delete. Objects are
//     stored one after the other in arrival order. A failed request is
//     retried with exponential backoff, each attempt bounded by
//     request-timeout, up to retry-attempts attempts; each failed attempt
//     posts a WARNING naming the object. When the attempts are exhausted it
//     posts an ERROR naming the object key and returns a flow error, and
//     refuses every later buffer until it is flushed or stopped: a playlist
//     that follows a failed segment is never stored. An object arriving in
//     parts (see package storage) is collected in memory and stored with
//     one request at its final part; a flush, a stop or EOS before then
//     discards it, and a part out of order is a STREAM error.
//   - Stream: any other buffers are bytes of one object at "key", sent as
//     a multipart upload in parts of part-size bytes and completed at EOS;
//     on error or a stop without EOS the upload is handled as on-error
//     says. An empty stream stores an empty object.
//
// Credentials, region and endpoint come from the properties, or when
// those are empty from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
// AWS_SESSION_TOKEN, AWS_REGION and AWS_ENDPOINT_URL. access-key,
// secret-access-key and session-token are gst.ParamSecret: their values
// never appear in logs, errors or DOT dumps. Like awss3sink it does not
// synchronise on the clock (sync=false).
//
//	gstmini launch filesrc location=in.mp4 ! s3sink bucket=b key=in.mp4 endpoint-uri=http://127.0.0.1:7070 force-path-style=true
//
// GStreamer: GstAwsS3Sink (gst-plugins-rs net/aws/src/s3sink/multipartsink.rs), with the
// per-object upload of awss3putobjectsink (putobjectsink.rs).
type S3Sink struct {
	base.Sink

	mu       sync.Mutex // settings
	settings s3sinkSettings

	// streaming state, guarded by smu (streaming thread, Stop)
	smu     sync.Mutex
	client  *minio.Client
	core    minio.Core
	cfg     s3sinkSettings // settings resolved at Start
	mode    s3sinkMode
	upload  *s3sinkUpload
	failed  error // sticky: set when an object could not be stored
	done    bool  // the stream upload was completed at EOS
	objects int   // objects stored or deleted since Start
	parts   storage.ObjectParts
	partBuf []byte // the parts so far of the object arriving in parts
}

var (
	_ base.Renderer = (*S3Sink)(nil)
	_ base.Starter  = (*S3Sink)(nil)
	_ base.Stopper  = (*S3Sink)(nil)
)

// Constructed chains up and applies the defaults (sync=false).
//
// GStreamer: S3Sink::constructed (gst-plugins-rs net/aws/src/s3sink/multipartsink.rs).
func (s *S3Sink) Constructed() error {
	if err := s.Sink.Constructed(); err != nil {
		return err
	}
	s.SetSync(false)
	s.settings = s3sinkSettings{
		region:         DefaultS3SinkRegion,
		partSize:       DefaultS3SinkPartSize,
		onError:        DefaultS3SinkOnError,
		retryAttempts:  DefaultS3SinkRetryAttempts,
		requestTimeout: DefaultS3SinkRequestTimeout,
		forcePathStyle: DefaultS3SinkForcePathStyle,
	}
	return nil
}

// SetProperty sets s3sink's properties and chains up for the others.
// Secret values are never logged.
//
// GStreamer: S3Sink::set_property (gst-plugins-rs net/aws/src/s3sink/multipartsink.rs).
func (s *S3Sink) SetProperty(name string, v any) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := &s.settings
	switch name {
	case "bucket":
		st.bucket = v.(string)
	case "key":
		st.key = v.(string)
	case "region":
		st.region = v.(string)
		st.regionSet = true
	case "part-size":
		st.partSize = v.(uint64)
	case "access-key":
		st.accessKey = v.(string)
	case "secret-access-key":
		st.secretKey = v.(string)
	case "session-token":
		st.sessionToken = v.(string)
	case "on-error":
		st.onError = v.(int)
	case "retry-attempts":
		st.retryAttempts = v.(uint)
	case "request-timeout":
		st.requestTimeout = v.(int64)
	case "endpoint-uri":
		st.endpoint = v.(string)
	case "cache-control":
		st.cacheControl = v.(string)
	case "content-type":
		st.contentType = v.(string)
	case "content-disposition":
		st.contentDisposition = v.(string)
	case "content-encoding":
		st.contentEncoding = v.(string)
	case "content-language":
		st.contentLanguage = v.(string)
	case "force-path-style":
		st.forcePathStyle = v.(bool)
	default:
		return s.Sink.SetProperty(name, v)
	}
	if ps := S3SinkClass.FindProperty(name); ps != nil {
		s.logf(gst.LevelDebug, "Setting property '%s' to '%s'", name, ps.Redact(fmt.Sprint(v)))
	}
	return nil
}

// Property returns s3sink's properties or a base property.
//
// GStreamer: S3Sink::property (gst-plugins-rs net/aws/src/s3sink/multipartsink.rs).
func (s *S3Sink) Property(name string) any {
	s.mu.Lock()
	st := s.settings
	s.mu.Unlock()
	switch name {
	case "bucket":
		return st.bucket
	case "key":
		return st.key
	case "region":
		return st.region
	case "part-size":
		return st.partSize
	case "access-key":
		return st.accessKey
	case "secret-access-key":
		return st.secretKey
	case "session-token":
		return st.sessionToken
	case "on-error":
		return st.onError
	case "retry-attempts":
		return st.retryAttempts
	case "request-timeout":
		return st.requestTimeout
	case "endpoint-uri":
		return st.endpoint
	case "cache-control":
		return st.cacheControl
	case "content-type":
		return st.contentType
	case "content-disposition":
		return st.contentDisposition
	case "content-encoding":
		return st.contentEncoding
	case "content-language":
		return st.contentLanguage
	case "force-path-style":
		return st.forcePathStyle
	}
	return s.Sink.Property(name)
}

// resolveSettings fills empty settings from the standard AWS environment
// variables.
func resolveSettings(st s3sinkSettings) s3sinkSettings {
	env := func(dst *string, names ...string) {
		if *dst != "" {
			return
		}
		for _, n := range names {
			if v := os.Getenv(n); v != "" {
				*dst = v
				return
			}
		}
	}
	env(&st.accessKey, "AWS_ACCESS_KEY_ID")
	env(&st.secretKey, "AWS_SECRET_ACCESS_KEY")
	env(&st.sessionToken, "AWS_SESSION_TOKEN")
	env(&st.endpoint, "AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL")
	if !st.regionSet {
		if v := os.Getenv("AWS_REGION"); v != "" {
			st.region = v
		} else if v := os.Getenv("AWS_DEFAULT_REGION"); v != "" {
			st.region = v
		}
	}
	return st
}

// s3sinkEndpoint splits an endpoint URI into minio's host[:port] and TLS
// flag. An empty endpoint is AWS S3.
func s3sinkEndpoint(uri string) (host string, secure bool, err error) {
	if uri == "" {
		return "s3.amazonaws.com", true, nil
	}
	if !strings.Contains(uri, "://") {
		uri = "https://" + uri
	}
	u, err := url.Parse(uri)
	if err != nil {
		return "", false, fmt.Errorf("invalid endpoint-uri %q: %v", uri, err)
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return "", false, fmt.Errorf("invalid endpoint-uri %q: scheme must be http or https", uri)
	case u.Host == "":
		return "", false, fmt.Errorf("invalid endpoint-uri %q: no host", uri)
	case u.Path != "" && u.Path != "/":
		return "", false, fmt.Errorf("invalid endpoint-uri %q: a path is not supported", uri)
	}
	return u.Host, u.Scheme == "https", nil
}

// Start checks the settings and creates the S3 client; it sends no
// request. It fails, posting RESOURCE SETTINGS, without a bucket or with a
// bad endpoint-uri.
//
// GStreamer: S3Sink::start (gst-plugins-rs net/aws/src/s3sink/multipartsink.rs).
func (s *S3Sink) Start() error {
	s.mu.Lock()
	cfg := resolveSettings(s.settings)
	s.mu.Unlock()
	fail := func(msg string) error {
		s.PostError(&gst.ResourceError{Code: gst.ResourceErrorSettings, Msg: msg}, "")
		return errors.New("s3sink: " + msg)
	}
	if cfg.bucket == "" {
		return fail("No bucket set")
	}
	host, secure, err := s3sinkEndpoint(cfg.endpoint)
	if err != nil {
		return fail(err.Error())
	}
	lookup := minio.BucketLookupAuto
	if cfg.forcePathStyle {
		lookup = minio.BucketLookupPath
	}
	client, err := minio.New(host, &minio.Options{
		Creds:        credentials.NewStaticV4(cfg.accessKey, cfg.secretKey, cfg.sessionToken),
		Secure:       secure,
		Region:       cfg.region,
		BucketLookup: lookup,
		MaxRetries:   1, // s3sink retries itself, with retry-attempts
	})
	if err != nil {
		// minio's errors name the endpoint, never the credentials
		return fail(fmt.Sprintf("Failed to create S3 client: %v", err))
	}
	s.smu.Lock()
	s.client, s.core, s.cfg = client, minio.Core{Client: client}, cfg
	s.mode, s.upload, s.failed, s.done, s.objects = s3sinkModeNone, nil, nil, false, 0
	s.smu.Unlock()
	s.logf(gst.LevelInfo, "Started: bucket %q key %q region %q endpoint %q", cfg.bucket, cfg.key, cfg.region, host)
	return nil
}

// Stop handles a multipart upload still open (a stop without EOS) as
// on-error says, and drops the client.
//
// GStreamer: S3Sink::stop (gst-plugins-rs net/aws/src/s3sink/multipartsink.rs).
func (s *S3Sink) Stop() error {
	s.smu.Lock()
	defer s.smu.Unlock()
	if s.upload != nil && !s.done {
		s.logf(gst.LevelWarning, "Stopped without EOS")
		// An open upload is aborted (or completed) even when no part
		// was recorded: a part may have reached the server while its
		// request was being interrupted by the stop.
		s.flushMultipartLocked(context.Background())
	}
	s.client, s.upload = nil, nil
	s.mode = s3sinkModeNone
	s.parts.Reset()
	s.partBuf = nil
	s.logf(gst.LevelInfo, "Stopped")
	return nil
}

// SetCaps selects the objects mode for application/x-gstmini-object.
//
// GStreamer: GstBaseSinkClass.set_caps (libs/gst/base/gstbasesink.h).
func (s *S3Sink) SetCaps(caps *gst.Caps) error {
	if caps != nil && caps.Size() > 0 && caps.Structure(0).Name() == storage.Caps {
		s.smu.Lock()
		if s.mode == s3sinkModeNone {
			s.mode = s3sinkModeObjects
		}
		s.smu.Unlock()
	}
	return nil
}

// Render stores buf: as one object (objects mode) or as the next bytes of
// the multipart upload (stream mode). It returns gst.ErrFlushing when the
// sink is flushed or stopped during a request, and a flow error after
// posting an ERROR when a request failed retry-attempts times. Called from
// the streaming thread.
//
// GStreamer: S3Sink::render (gst-plugins-rs net/aws/src/s3sink/multipartsink.rs).
func (s *S3Sink) Render(buf *gst.Buffer) error {
	ctx := s.Context()
	s.smu.Lock()
	defer s.smu.Unlock()
	if s.client == nil {
		s.PostError(&gst.CoreError{Code: gst.CoreErrorFailed, Msg: "Not started yet"}, "")
		return fmt.Errorf("%w: s3sink not started", gst.ErrFlowError)
	}
	if s.failed != nil {
		return fmt.Errorf("%w: %v", gst.ErrFlowError, s.failed)
	}
	if s.done {
		s.PostError(&gst.CoreError{Code: gst.CoreErrorFailed, Msg: "Trying to render after upload complete"}, "")
		return fmt.Errorf("%w: s3sink: upload already complete", gst.ErrFlowError)
	}
	meta := storage.ObjectMetaOf(buf)
	switch {
	case meta != nil && s.mode == s3sinkModeStream:
		return s.failLocked(&gst.StreamError{Code: gst.StreamErrorFormat, Msg: "Object buffer in a byte stream."},
			fmt.Errorf("buffer for object %q after plain stream data", meta.Name))
	case meta == nil && s.mode == s3sinkModeObjects:
		return s.failLocked(&gst.StreamError{Code: gst.StreamErrorFormat, Msg: "Buffer without an object name."},
			errors.New("buffer without storage.ObjectMeta in an object stream"))
	case meta != nil:
		s.mode = s3sinkModeObjects
		return s.storeObjectLocked(ctx, buf, meta)
	default:
		s.mode = s3sinkModeStream
		return s.writeStreamLocked(ctx, buf.Bytes())
	}
}

// failLocked records err as the sticky failure, posts gerr with err as
// debug text and returns a flow error.
func (s *S3Sink) failLocked(gerr error, err error) error {
	s.failed = err
	s.logf(gst.LevelError, "%v", err)
	s.PostError(gerr, err.Error())
	return fmt.Errorf("%w: s3sink: %v", gst.ErrFlowError, err)
}

// objectKey is the key of the object named name: key used as a prefix.
func (s *S3Sink) objectKey(name string) string {
	prefix := strings.TrimSuffix(s.cfg.key, "/")
	if prefix == "" {
		return name
	}
	return prefix + "/" + name
}

// storeObjectLocked puts or deletes one object, retrying; a part of an
// object is collected until its final part.
func (s *S3Sink) storeObjectLocked(ctx context.Context, buf *gst.Buffer, meta *storage.ObjectMeta) error {
	first, err := s.parts.Accept(meta)
	if err != nil {
		s.parts.Reset()
		s.partBuf = s.partBuf[:0]
		return s.failLocked(&gst.StreamError{Code: gst.StreamErrorFailed, Msg: "Object parts out of order."}, err)
	}
	data := buf.Bytes()
	if !first || meta.More {
		if first {
			s.partBuf = s.partBuf[:0]
		}
		s.partBuf = append(s.partBuf, data...)
		if meta.More {
			return nil
		}
		data = s.partBuf
		defer func() { s.partBuf = s.partBuf[:0] }()
	}
	key := s.objectKey(meta.Name)
	if meta.Delete {
		err = s.retry(ctx, "delete object "+key, func(actx context.Context) error {
			return s.client.RemoveObject(actx, s.cfg.bucket, key, minio.RemoveObjectOptions{})
		})
	} else {
		opts := s.putOptions()
		if meta.ContentType != "" {
			opts.ContentType = meta.ContentType
		}
		err = s.retry(ctx, "store object "+key, func(actx context.Context) error {
			_, err := s.client.PutObject(actx, s.cfg.bucket, key, bytes.NewReader(data), int64(len(data)), opts)
			return err
		})
	}
	if err != nil {
		if errors.Is(err, gst.ErrFlushing) {
			return err
		}
		verb := "store"
		if meta.Delete {
			verb = "delete"
		}
		return s.failLocked(&gst.ResourceError{Code: gst.ResourceErrorWrite,
			Msg: fmt.Sprintf("Failed to %s object %q in bucket %q.", verb, key, s.cfg.bucket)}, err)
	}
	s.objects++
	s.logf(gst.LevelDebug, "Stored %s %q (%d bytes in %d parts, delete=%v)", meta.Kind, key, len(data), meta.Part+1, meta.Delete)
	return nil
}

// putOptions returns the headers of uploaded objects.
func (s *S3Sink) putOptions() minio.PutObjectOptions {
	return minio.PutObjectOptions{
		ContentType:        s.cfg.contentType,
		ContentDisposition: s.cfg.contentDisposition,
		ContentEncoding:    s.cfg.contentEncoding,
		ContentLanguage:    s.cfg.contentLanguage,
		CacheControl:       s.cfg.cacheControl,
		DisableMultipart:   true,
	}
}

// writeStreamLocked appends data to the multipart upload, uploading full
// parts.
func (s *S3Sink) writeStreamLocked(ctx context.Context, data []byte) error {
	if s.upload == nil {
		if err := s.createUploadLocked(ctx); err != nil {
			return err
		}
	}
	size := int(s.cfg.partSize)
	for len(data) > 0 {
		n := min(size-len(s.upload.buf), len(data))
		s.upload.buf = append(s.upload.buf, data[:n]...)
		data = data[n:]
		if len(s.upload.buf) == size {
			if err := s.uploadPartLocked(ctx); err != nil {
				return err
			}
		}
	}
	return nil
}

// createUploadLocked starts the multipart upload of key.
func (s *S3Sink) createUploadLocked(ctx context.Context) error {
	key := s.cfg.key
	if key == "" {
		return s.failLocked(&gst.ResourceError{Code: gst.ResourceErrorSettings, Msg: "No key set for a stream upload."},
			errors.New("no key set"))
	}
	var id string
	err := s.retry(ctx, "create multipart upload "+key, func(actx context.Context) error {
		var err error
		opts := s.putOptions()
		opts.DisableMultipart = false
		id, err = s.core.NewMultipartUpload(actx, s.cfg.bucket, key, opts)
		return err
	})
	if err != nil {
		if errors.Is(err, gst.ErrFlushing) {
			return err
		}
		return s.failLocked(&gst.ResourceError{Code: gst.ResourceErrorOpenWrite,
			Msg: fmt.Sprintf("Failed to create multipart upload of %q in bucket %q.", key, s.cfg.bucket)}, err)
	}
	s.upload = &s3sinkUpload{id: id, key: key, buf: make([]byte, 0, int(s.cfg.partSize))}
	s.logf(gst.LevelInfo, "Created multipart upload of %q", key)
	return nil
}

// uploadPartLocked uploads the buffered bytes as the next part.
func (s *S3Sink) uploadPartLocked(ctx context.Context) error {
	const maxParts = 10000
	u := s.upload
	num := len(u.parts) + 1
	if num > maxParts {
		return s.failStreamLocked(ctx, &gst.ResourceError{Code: gst.ResourceErrorFailed,
			Msg: fmt.Sprintf("Maximum number of parts (%d) reached.", maxParts)}, errors.New("too many parts"))
	}
	data := u.buf
	var part minio.ObjectPart
	err := s.retry(ctx, fmt.Sprintf("upload part %d of %s", num, u.key), func(actx context.Context) error {
		var err error
		part, err = s.core.PutObjectPart(actx, s.cfg.bucket, u.key, u.id, num, bytes.NewReader(data), int64(len(data)), minio.PutObjectPartOptions{})
		return err
	})
	if err != nil {
		if errors.Is(err, gst.ErrFlushing) {
			return err
		}
		return s.failStreamLocked(ctx, &gst.ResourceError{Code: gst.ResourceErrorOpenWrite,
			Msg: fmt.Sprintf("Failed to upload part %d of %q.", num, u.key)}, err)
	}
	u.parts = append(u.parts, minio.CompletePart{PartNumber: num, ETag: part.ETag,
		ChecksumCRC32: part.ChecksumCRC32, ChecksumCRC32C: part.ChecksumCRC32C, ChecksumSHA1: part.ChecksumSHA1,
		ChecksumSHA256: part.ChecksumSHA256, ChecksumCRC64NVME: part.ChecksumCRC64NVME})
	u.buf = u.buf[:0]
	s.logf(gst.LevelInfo, "Uploaded part %d", num)
	return nil
}

// failStreamLocked handles the open upload as on-error says, then fails.
func (s *S3Sink) failStreamLocked(ctx context.Context, gerr, err error) error {
	s.flushMultipartLocked(ctx)
	s.upload = nil
	return s.failLocked(gerr, err)
}

// flushMultipartLocked aborts or completes the open upload per on-error.
//
// GStreamer: S3Sink::flush_multipart_upload (gst-plugins-rs net/aws/src/s3sink/multipartsink.rs).
func (s *S3Sink) flushMultipartLocked(ctx context.Context) {
	u := s.upload
	if u == nil {
		return
	}
	if ctx.Err() != nil {
		ctx = context.Background()
	}
	switch s.cfg.onError {
	case S3SinkOnErrorAbort:
		s.logf(gst.LevelLog, "Aborting multipart upload request with id: %s", u.id)
		if err := s.retry(ctx, "abort multipart upload "+u.key, func(actx context.Context) error {
			return s.core.AbortMultipartUpload(actx, s.cfg.bucket, u.key, u.id)
		}); err != nil {
			s.logf(gst.LevelError, "Aborting multipart upload failed: %v", err)
		}
	case S3SinkOnErrorComplete:
		s.logf(gst.LevelLog, "Completing multipart upload request with id: %s", u.id)
		if len(u.parts) > 0 {
			if err := s.completeLocked(ctx); err != nil {
				s.logf(gst.LevelError, "Completing multipart upload failed: %v", err)
			}
		}
	}
}

// completeLocked completes the open upload with its parts.
func (s *S3Sink) completeLocked(ctx context.Context) error {
	u := s.upload
	return s.retry(ctx, "complete multipart upload "+u.key, func(actx context.Context) error {
		_, err := s.core.CompleteMultipartUpload(actx, s.cfg.bucket, u.key, u.id, u.parts, minio.PutObjectOptions{})
		return err
	})
}

// finishStream is the EOS handling of stream mode: upload the last part,
// complete the upload (or store an empty object for an empty stream).
//
// GStreamer: S3Sink::finalize_upload (gst-plugins-rs net/aws/src/s3sink/multipartsink.rs).
func (s *S3Sink) finishStream(ctx context.Context) error {
	s.smu.Lock()
	defer s.smu.Unlock()
	if s.client == nil || s.failed != nil || s.done {
		return nil
	}
	switch s.mode {
	case s3sinkModeObjects:
		if name, ok := s.parts.Pending(); ok {
			s.logf(gst.LevelWarning, "Object %q incomplete at EOS, discarded", name)
			s.PostWarning(&gst.StreamError{Code: gst.StreamErrorFailed, Msg: fmt.Sprintf("Object %q incomplete at EOS, discarded.", name)}, "")
			s.parts.Reset()
			s.partBuf = s.partBuf[:0]
		}
		return nil
	case s3sinkModeNone:
		if s.cfg.key == "" {
			return nil
		}
		key := s.cfg.key
		err := s.retry(ctx, "store object "+key, func(actx context.Context) error {
			_, err := s.client.PutObject(actx, s.cfg.bucket, key, bytes.NewReader(nil), 0, s.putOptions())
			return err
		})
		if err != nil {
			return s.failLocked(&gst.ResourceError{Code: gst.ResourceErrorWrite,
				Msg: fmt.Sprintf("Failed to store object %q in bucket %q.", key, s.cfg.bucket)}, err)
		}
		s.done = true
		return nil
	}
	if s.upload == nil {
		return nil
	}
	if len(s.upload.buf) > 0 || len(s.upload.parts) == 0 {
		if err := s.uploadPartLocked(ctx); err != nil {
			return err
		}
	}
	if err := s.completeLocked(ctx); err != nil {
		key := s.upload.key
		return s.failStreamLocked(ctx, &gst.ResourceError{Code: gst.ResourceErrorWrite,
			Msg: fmt.Sprintf("Failed to complete multipart upload of %q.", key)}, err)
	}
	s.logf(gst.LevelInfo, "Completed multipart upload of %q (%d parts)", s.upload.key, len(s.upload.parts))
	s.upload = nil
	s.done = true
	return nil
}

// Event discards an object incomplete at FLUSH_STOP, completes the
// stream upload at EOS (before the EOS message is posted) and chains up;
// a failed completion posts an ERROR and fails the event.
//
// GStreamer: S3Sink::event (gst-plugins-rs net/aws/src/s3sink/multipartsink.rs).
func (s *S3Sink) Event(ev gst.Event) bool {
	if _, ok := ev.(*gst.FlushStopEvent); ok {
		s.smu.Lock()
		s.parts.Reset()
		s.partBuf = s.partBuf[:0]
		s.smu.Unlock()
	}
	if _, ok := ev.(*gst.EOSEvent); ok {
		if err := s.finishStream(s.Context()); err != nil {
			s.logf(gst.LevelError, "Failed to finalize the upload: %v", err)
			return false
		}
	}
	return s.Sink.Event(ev)
}

// retry runs op up to retry-attempts times, each attempt bounded by
// request-timeout, waiting s3sinkBackoff (doubling) between attempts and
// posting a WARNING for each failed attempt but the last. It returns
// gst.ErrFlushing when ctx is cancelled (flush or stop), else the last
// error.
func (s *S3Sink) retry(ctx context.Context, what string, op func(context.Context) error) error {
	attempts := int(s.cfg.retryAttempts)
	if attempts < 1 {
		attempts = 1
	}
	wait := s3sinkBackoff
	var err error
	for i := 1; ; i++ {
		actx, cancel := ctx, context.CancelFunc(func() {})
		if s.cfg.requestTimeout >= 0 {
			actx, cancel = context.WithTimeout(ctx, time.Duration(s.cfg.requestTimeout)*time.Millisecond)
		}
		err = op(actx)
		cancel()
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			s.logf(gst.LevelInfo, "Upload interrupted. Flushing...")
			return gst.ErrFlushing
		}
		if !s3sinkRetryable(err) {
			return fmt.Errorf("%s: %w", what, err)
		}
		if i >= attempts {
			return fmt.Errorf("%s: %w (after %d attempts)", what, err, i)
		}
		s.logf(gst.LevelWarning, "Failed to %s (attempt %d of %d): %v; retrying in %v", what, i, attempts, err, wait)
		s.PostWarning(&gst.ResourceError{Code: gst.ResourceErrorWrite,
			Msg: fmt.Sprintf("Failed to %s (attempt %d of %d), retrying.", what, i, attempts)}, err.Error())
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return gst.ErrFlushing
		case <-t.C:
		}
		wait = min(2*wait, s3sinkMaxBackoff)
	}
}

// s3sinkRetryable reports whether a failed request may succeed when
// sent again: network errors, timeouts, throttling and server errors, as
// the AWS SDK's standard retry classifier says; not client errors (bad
// bucket name, access denied, no such bucket).
func s3sinkRetryable(err error) bool {
	var er minio.ErrorResponse
	if !errors.As(err, &er) {
		return true // transport error: connection refused, reset, timeout
	}
	switch {
	case er.StatusCode == 0:
		return er.Code != "InvalidBucketName" && er.Code != "XMinioInvalidObjectName" && er.Code != "InvalidArgument"
	case er.StatusCode >= 500, er.StatusCode == http.StatusTooManyRequests, er.StatusCode == http.StatusRequestTimeout:
		return true
	}
	switch er.Code {
	case "RequestTimeout", "RequestTimeTooSkewed", "SlowDown", "Throttling", "ThrottlingException", "RequestThrottled":
		return true
	}
	return false
}

// logf logs a printf-style message in the s3sink category. Callers never
// pass secrets.
func (s *S3Sink) logf(level gst.DebugLevel, format string, args ...any) {
	if s3sinkCat.Enabled(level) {
		s3sinkCat.Log(level, s, fmt.Sprintf(format, args...))
	}
}
