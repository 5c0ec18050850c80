// Package isobmfftest holds test helpers for ISO BMFF files: reading and
// setting the video track's transformation matrix.
//
// GStreamer: none (Go-only test helpers).
package isobmfftest

import (
	"bytes"
	"testing"

	"github.com/Eyevinn/mp4ff/mp4"
)

// videoTkhd returns the tkhd of the first video trak of f (a file or an
// init segment), failing t when there is none.
func videoTkhd(t testing.TB, f *mp4.File) *mp4.TkhdBox {
	t.Helper()
	moov := f.Moov
	if moov == nil && f.Init != nil {
		moov = f.Init.Moov
	}
	if moov != nil {
		for _, trak := range moov.Traks {
			if trak.Mdia != nil && trak.Mdia.Hdlr != nil && trak.Mdia.Hdlr.HandlerType == "vide" {
				return trak.Tkhd
			}
		}
	}
	t.Fatal("no video trak")
	return nil
}

func decode(t testing.TB, data []byte) *mp4.File {
	t.Helper()
	f, err := mp4.DecodeFile(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// VideoMatrix returns the tkhd matrix of the first video trak of data,
// an ISO file or init segment (the identity when the box holds zeros).
//
// GStreamer: none (Go-only test helper).
func VideoMatrix(t testing.TB, data []byte) [9]int32 {
	t.Helper()
	m := videoTkhd(t, decode(t, data)).Matrix
	if m == ([9]int32{}) {
		m = mp4.UnityMatrix()
	}
	return m
}

// WithVideoMatrix returns a copy of data, a progressive ISO file, whose
// video tkhd matrix is m. The size does not change, so the chunk offsets
// stay valid.
//
// GStreamer: none (Go-only test helper).
func WithVideoMatrix(t testing.TB, data []byte, m [9]int32) []byte {
	t.Helper()
	f := decode(t, data)
	videoTkhd(t, f).Matrix = m
	var w bytes.Buffer
	if err := f.Encode(&w); err != nil {
		t.Fatal(err)
	}
	if w.Len() != len(data) {
		t.Fatalf("re-encoded file has %d bytes, want %d", w.Len(), len(data))
	}
	return w.Bytes()
}
