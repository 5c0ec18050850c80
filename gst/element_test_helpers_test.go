package gst

import "testing"

type testElement struct{ ElementBase }

var testElementClass = &ElementClass{Name: "testelement", New: func() Element { return &testElement{} }}

func newTestElement(t *testing.T, name string) *testElement {
	t.Helper()
	el, err := testElementClass.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	return el.(*testElement)
}
