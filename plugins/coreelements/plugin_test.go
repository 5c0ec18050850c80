package coreelements

import (
	"testing"

	"github.com/gstmini/gstmini/gst"
	"github.com/gstmini/gstmini/gsttest"
)

func TestRegisterCoreA(t *testing.T) {
	r := gst.NewRegistry()
	if err := Register(r); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"fakesrc", "fakesink", "identity", "capsfilter", "clocksync"} {
		c := r.Lookup(name)
		if c == nil {
			t.Fatalf("%s not registered", name)
		}
		if c.Plugin == nil || c.Plugin.Name != "coreelements" || c.Plugin.Description != "GStreamer core elements" {
			t.Errorf("%s: plugin info %+v", name, c.Plugin)
		}
	}
	if err := Register(r); err == nil {
		t.Error("registering twice succeeded")
	}
}

func TestCheckElementCoreA(t *testing.T) {
	fakesrcRegisterDefault(t)
	for _, name := range []string{"fakesrc", "fakesink", "identity", "capsfilter", "clocksync"} {
		t.Run(name, func(t *testing.T) { gsttest.CheckElement(t, name) })
	}
}
