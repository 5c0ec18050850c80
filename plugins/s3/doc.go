// Package s3 holds s3sink, which stores a stream in an S3-compatible
// object store (AWS S3, MinIO, versitygw...), with github.com/minio/minio-go
// as the client.
//
// s3sink has two modes. A stream of buffers that carry a
// libs/storage.ObjectMeta (what segmenters such as hlssink push) is stored
// object by object, in arrival order (an object arriving in parts is
// collected and stored at its final part), with retries and exponential
// backoff; an object that cannot be stored stops the stream with an ERROR
// naming its key, so a playlist is never stored after a failed segment. Any
// other byte stream becomes one object, sent as a multipart upload that is
// completed at EOS.
//
// Credentials, region and endpoint come from properties or the standard
// AWS_* environment variables. The credential properties are
// gst.ParamSecret: they never appear in logs, errors or DOT dumps.
//
// GStreamer: the aws plugin of gst-plugins-rs (net/aws), elements awss3sink and
// awss3putobjectsink.
package s3
