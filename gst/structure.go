package gst

// PLACEHOLDER: the structure implementation replaces this file.

// Structure placeholder.
type Structure struct{ name string }

func NewStructure(name string) *Structure           { return &Structure{name: name} }
func ParseStructure(s string) (*Structure, error)   { return &Structure{name: s}, nil }
func (s *Structure) Name() string                   { return s.name }
func (s *Structure) Set(field string, v any)        {}
func (s *Structure) Value(field string) (any, bool) { return nil, false }
func (s *Structure) String() string                 { return s.name }
func (s *Structure) Copy() *Structure               { c := *s; return &c }
