package gst

// Pad is a placeholder replaced by the pad implementation.
type Pad struct{ ObjectBase }

func (p *Pad) pad() *Pad { return p }
