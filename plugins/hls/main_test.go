package hls_test

import (
	"os"
	"testing"

	"github.com/gstmini/gstmini/gst"
	"github.com/gstmini/gstmini/plugins/coreelements"
	"github.com/gstmini/gstmini/plugins/hls"
	"github.com/gstmini/gstmini/plugins/isomp4"
	"github.com/gstmini/gstmini/plugins/multifile"
)

func TestMain(m *testing.M) {
	r := gst.DefaultRegistry()
	for _, reg := range []func(*gst.Registry) error{coreelements.Register, isomp4.Register, hls.Register, multifile.Register} {
		if err := reg(r); err != nil {
			panic(err)
		}
	}
	os.Exit(m.Run())
}
