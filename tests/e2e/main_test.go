package e2e

import (
	"os"
	"testing"

	"github.com/gstmini/gstmini/gst"
	"github.com/gstmini/gstmini/plugins/all"
)

func TestMain(m *testing.M) {
	if err := all.Register(gst.DefaultRegistry()); err != nil {
		panic(err)
	}
	os.Exit(m.Run())
}
