package gst

// PLACEHOLDER: the caps implementation replaces this file. The API below is
// the contract other files compile against.

// Caps placeholder.
type Caps struct {
	any     bool
	structs []*Structure
}

// CapsIntersectMode placeholder.
type CapsIntersectMode int

// Intersect modes.
const (
	CapsIntersectZigZag CapsIntersectMode = iota
	CapsIntersectFirst
)

func NewCapsAny() *Caps                                          { return &Caps{any: true} }
func NewCapsEmpty() *Caps                                        { return &Caps{} }
func NewCaps(s ...*Structure) *Caps                              { return &Caps{structs: s} }
func ParseCaps(s string) (*Caps, error)                          { return NewCapsAny(), nil }
func MustParseCaps(s string) *Caps                               { return NewCapsAny() }
func (c *Caps) String() string                                   { return "ANY" }
func (c *Caps) IsAny() bool                                      { return c.any }
func (c *Caps) IsEmpty() bool                                    { return !c.any && len(c.structs) == 0 }
func (c *Caps) IsFixed() bool                                    { return len(c.structs) == 1 }
func (c *Caps) Size() int                                        { return len(c.structs) }
func (c *Caps) Structure(i int) *Structure                       { return c.structs[i] }
func (c *Caps) Intersect(o *Caps) *Caps                          { return o }
func (c *Caps) IntersectFull(o *Caps, m CapsIntersectMode) *Caps { return o }
func (c *Caps) CanIntersect(o *Caps) bool                        { return true }
func (c *Caps) IsSubset(superset *Caps) bool                     { return true }
func (c *Caps) IsEqual(o *Caps) bool                             { return true }
func (c *Caps) Merge(o *Caps) *Caps                              { return c }
func (c *Caps) Fixate() *Caps                                    { return c }
func (c *Caps) Copy() *Caps                                      { return c }
