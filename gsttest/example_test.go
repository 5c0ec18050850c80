package gsttest_test

import (
	"fmt"
	"testing"

	"github.com/gstmini/gstmini/gst"
	"github.com/gstmini/gstmini/gsttest"
)

func ExampleHarness() {
	t := &testing.T{} // in a real test, use the *testing.T you get
	h := gsttest.New(t, "testipxf")
	h.SetSrcCaps(fixedCaps())
	out := h.PushAndPull(gst.NewBufferMemdup([]byte{1, 2, 3}))
	fmt.Println(out.Bytes(), h.BuffersReceived())
	// Output: [2 3 4] 1
}
