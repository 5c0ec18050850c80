package gst

// PLACEHOLDER: the buffer pool implementation replaces this file.

// BufferPool placeholder.
type BufferPool struct{}
