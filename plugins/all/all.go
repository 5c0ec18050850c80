package all

import (
	"fmt"

	"github.com/gstmini/gstmini/gst"
	"github.com/gstmini/gstmini/plugins/app"
	"github.com/gstmini/gstmini/plugins/audioparsers"
	"github.com/gstmini/gstmini/plugins/coreelements"
	"github.com/gstmini/gstmini/plugins/fmp4"
	"github.com/gstmini/gstmini/plugins/hls"
	"github.com/gstmini/gstmini/plugins/isomp4"
	"github.com/gstmini/gstmini/plugins/mpegtsdemux"
	"github.com/gstmini/gstmini/plugins/mpegtsmux"
	"github.com/gstmini/gstmini/plugins/multifile"
	"github.com/gstmini/gstmini/plugins/s3"
	"github.com/gstmini/gstmini/plugins/videoparsers"
)

// plugins lists the Register functions of every plugin, in registration
// order.
var plugins = []func(r *gst.Registry) error{
	coreelements.Register,
	app.Register,
	isomp4.Register,
	multifile.Register,
	hls.Register,
	videoparsers.Register,
	audioparsers.Register,
	s3.Register,
	mpegtsmux.Register,
	mpegtsdemux.Register,
	fmp4.Register,
}

// Register registers the element classes of every plugin in r. It is
// idempotent: classes already registered in r (the same *gst.ElementClass)
// are skipped, so calling it twice, or concurrently, is safe. It fails,
// naming the factory, when r holds a different class under one of the
// names. Safe for concurrent use.
//
// GStreamer: none (Go-only helper; gst_init's plugin loading, gst/gst.c).
func Register(r *gst.Registry) error {
	for _, reg := range plugins {
		tmp := gst.NewRegistry()
		if err := reg(tmp); err != nil {
			return err
		}
		for _, c := range tmp.Factories() {
			if err := registerOnce(r, c); err != nil {
				return err
			}
		}
	}
	return nil
}

// registerOnce registers c unless r already holds exactly c.
func registerOnce(r *gst.Registry, c *gst.ElementClass) error {
	if have := r.Lookup(c.Name); have != nil {
		if have == c {
			return nil
		}
		return fmt.Errorf("all: element %q is already registered by another plugin", c.Name)
	}
	if err := r.Register(c); err != nil {
		if r.Lookup(c.Name) == c { // lost a race with a concurrent Register
			return nil
		}
		return err
	}
	return nil
}
