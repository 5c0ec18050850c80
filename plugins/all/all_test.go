package all

import (
	"sync"
	"testing"

	"github.com/gstmini/gstmini/gst"
)

func TestRegisterIdempotent(t *testing.T) {
	r := gst.NewRegistry()
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- Register(r)
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("Register: %v", err)
		}
	}
	for _, name := range []string{"fakesrc", "fakesink", "identity", "capsfilter", "appsrc", "appsink"} {
		if r.Lookup(name) == nil {
			t.Errorf("%s not registered", name)
		}
	}
	n := len(r.Factories())
	if err := Register(r); err != nil || len(r.Factories()) != n {
		t.Errorf("second Register: %v, %d factories (had %d)", err, len(r.Factories()), n)
	}
}

func TestRegisterConflict(t *testing.T) {
	r := gst.NewRegistry()
	other := &gst.ElementClass{Name: "fakesrc", New: func() gst.Element { return gst.NewBin("") }}
	if err := r.Register(other); err != nil {
		t.Fatal(err)
	}
	if err := Register(r); err == nil {
		t.Error("Register succeeded over a different fakesrc class")
	}
}
