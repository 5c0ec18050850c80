package gst

type Fraction struct{ Num, Den int }

func (f Fraction) String() string { return "" }
func SystemClockObtain() Clock    { return nil }
