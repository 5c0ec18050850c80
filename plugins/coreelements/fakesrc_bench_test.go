package coreelements

import (
	"sync"
	"testing"

	"github.com/gstmini/gstmini/gst"
)

var fakesrcRegisterOnce sync.Once

// fakesrcRegisterDefault registers the package's elements in the default
// registry (used by gsttest.CheckElement and the harness) once; another
// test file of the package having done it already is fine.
func fakesrcRegisterDefault(t testing.TB) {
	t.Helper()
	fakesrcRegisterOnce.Do(func() {
		if gst.DefaultRegistry().Lookup("fakesrc") == nil {
			if err := Register(gst.DefaultRegistry()); err != nil {
				t.Fatal(err)
			}
		}
	})
}

func fakesrcMake[T gst.Element](t testing.TB, factory, name string) T {
	t.Helper()
	fakesrcRegisterDefault(t)
	el, err := gst.MakeElement(factory, name)
	if err != nil {
		t.Fatal(err)
	}
	return el.(T)
}

// fakesrcBenchPipeline runs fakesrc num-buffers=b.N sizetype=empty !
// nIdentity × identity silent=true ! fakesink sync=false and reports
// ns/buffer.
func fakesrcBenchPipeline(b *testing.B, nIdentity int) {
	p := gst.NewPipeline("bench")
	src := fakesrcMake[*FakeSrc](b, "fakesrc", "src")
	sink := fakesrcMake[*FakeSink](b, "fakesink", "sink")
	if err := src.Set("num-buffers", b.N); err != nil {
		b.Fatal(err)
	}
	sink.Set("enable-last-sample", false)
	els := []gst.Element{src}
	for i := 0; i < nIdentity; i++ {
		id := fakesrcMake[*Identity](b, "identity", "")
		els = append(els, id)
	}
	els = append(els, sink)
	if err := p.Add(els...); err != nil {
		b.Fatal(err)
	}
	if err := gst.LinkElements(els...); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	p.SetState(gst.StatePlaying)
	m := p.Bus().TimedPopFiltered(300*gst.Second, gst.MessageEOS|gst.MessageError)
	b.StopTimer()
	if m == nil || m.Type() != gst.MessageEOS {
		b.Fatalf("no EOS: %v", m)
	}
	p.SetState(gst.StateNull)
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N), "ns/buffer")
}

// BenchmarkFakesrcFakesink is fakesrc num-buffers=N ! fakesink, the
// pipeline benchmarked against gst-launch-1.0.
func BenchmarkFakesrcFakesink(b *testing.B) { fakesrcBenchPipeline(b, 0) }

// BenchmarkTenIdentities is fakesrc ! 10 × identity ! fakesink.
func BenchmarkTenIdentities(b *testing.B) { fakesrcBenchPipeline(b, 10) }
