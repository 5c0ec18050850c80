package gst

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
)

// ErrNoSuchElement is returned (wrapped) when no factory has the requested
// name.
//
// GStreamer: GST_PARSE_ERROR_NO_SUCH_ELEMENT (gst/gstparse.h).
var ErrNoSuchElement = errors.New("no such element")

// Registry holds the registered element classes (factories). Plugins
// register explicitly: `coreelements.Register(r)`. Safe for concurrent
// use.
//
// GStreamer: GstRegistry (gst/gstregistry.c).
type Registry struct {
	mu      sync.RWMutex
	classes map[string]*ElementClass
}

// NewRegistry returns an empty registry.
//
// GStreamer: none (GStreamer has one global registry).
func NewRegistry() *Registry { return &Registry{classes: map[string]*ElementClass{}} }

var defaultRegistry = NewRegistry()

// DefaultRegistry returns the process-wide registry used by MakeElement and
// ParseLaunch.
//
// GStreamer: gst_registry_get (gst/gstregistry.c).
func DefaultRegistry() *Registry { return defaultRegistry }

// Register adds element classes. It fails, registering none, on a
// duplicate or empty name, or a class without constructor.
//
// GStreamer: gst_element_register (gst/gstelementfactory.c).
func (r *Registry) Register(classes ...*ElementClass) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, c := range classes {
		if c.Name == "" || c.New == nil {
			return fmt.Errorf("registry: invalid element class %q", c.Name)
		}
		if _, ok := r.classes[c.Name]; ok {
			return fmt.Errorf("registry: element %q already registered", c.Name)
		}
	}
	for _, c := range classes {
		r.classes[c.Name] = c
	}
	return nil
}

// Lookup returns the class named name, or nil.
//
// GStreamer: gst_element_factory_find (gst/gstelementfactory.c).
func (r *Registry) Lookup(name string) *ElementClass {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.classes[name]
}

// Factories returns every registered class sorted by name.
//
// GStreamer: gst_registry_get_feature_list (gst/gstregistry.c).
func (r *Registry) Factories() []*ElementClass {
	r.mu.RLock()
	defer r.mu.RUnlock()
	out := make([]*ElementClass, 0, len(r.classes))
	for _, c := range r.classes {
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// FactoriesByKlass returns the classes whose Klass contains every
// "/"-separated word of klass (e.g. "Sink/File"), highest rank first.
//
// GStreamer: gst_element_factory_list_get_elements (gst/gstelementfactory.c).
func (r *Registry) FactoriesByKlass(klass string) []*ElementClass {
	var out []*ElementClass
	words := strings.Split(klass, "/")
	for _, c := range r.Factories() {
		ok := true
		for _, w := range words {
			if !strings.Contains(c.Metadata.Klass, w) {
				ok = false
				break
			}
		}
		if ok {
			out = append(out, c)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Rank > out[j].Rank })
	return out
}

// URIHandler returns the highest-ranked class handling the URI scheme as a
// source or sink, or nil.
//
// GStreamer: gst_element_make_from_uri (gst/gsturi.c).
func (r *Registry) URIHandler(typ URIType, scheme string) *ElementClass {
	var best *ElementClass
	for _, c := range r.Factories() {
		if c.URIType != typ {
			continue
		}
		for _, p := range c.URIProtocols {
			if p == scheme && (best == nil || c.Rank > best.Rank) {
				best = c
			}
		}
	}
	return best
}

// MakeElement creates an element from the class registered under factory
// in r, named name ("" for a default name).
//
// GStreamer: gst_element_factory_make (gst/gstelementfactory.c).
func (r *Registry) MakeElement(factory, name string) (Element, error) {
	c := r.Lookup(factory)
	if c == nil {
		return nil, fmt.Errorf("%w %q", ErrNoSuchElement, factory)
	}
	return c.Create(name)
}

// MakeElement creates an element from the default registry.
//
// GStreamer: gst_element_factory_make (gst/gstelementfactory.c).
func MakeElement(factory, name string) (Element, error) {
	return defaultRegistry.MakeElement(factory, name)
}
