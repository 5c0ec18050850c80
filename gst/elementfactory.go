package gst

import "fmt"

// Rank orders factories for autoplugging.
//
// GStreamer: GstRank (gst/gstpluginfeature.h).
type Rank int

// The standard ranks.
//
// GStreamer: GST_RANK_NONE, GST_RANK_MARGINAL, GST_RANK_SECONDARY,
// GST_RANK_PRIMARY (gst/gstpluginfeature.h).
const (
	RankNone      Rank = 0
	RankMarginal  Rank = 64
	RankSecondary Rank = 128
	RankPrimary   Rank = 256
)

// ElementMetadata is the human-readable description of an element class.
// Klass is a "/"-separated list such as "Generic", "Sink/File" or
// "Codec/Demuxer".
//
// GStreamer: gst_element_class_set_metadata (gst/gstelement.c),
// GST_ELEMENT_METADATA_* (gst/gstelementmetadata.h).
type ElementMetadata struct {
	LongName    string
	Klass       string
	Description string
	Author      string
	DocURI      string
}

// PluginInfo describes the plugin (package) an element class comes from,
// for inspect output.
//
// GStreamer: GstPluginDesc (gst/gstplugin.h).
type PluginInfo struct {
	Name        string
	Description string
	Version     string
	License     string
	Source      string
	Package     string
	Origin      string
}

// ElementClass is what class_init holds in C, as data: the factory name,
// rank, metadata, pad templates, property specs and constructor of an
// element type. It doubles as the element factory: inspect and the launch
// parser read it without creating an element. Declare one per element as a
// package variable and register it with a Registry. Immutable once
// registered.
//
// GStreamer: GstElementClass (gst/gstelement.h) and GstElementFactory
// (gst/gstelementfactory.c).
type ElementClass struct {
	// Name is the factory name ("queue").
	Name string
	// TypeName is the GType-style name ("GstQueue"); derived from Name
	// when empty.
	TypeName     string
	Rank         Rank
	Metadata     ElementMetadata
	PadTemplates []*PadTemplate
	// Properties lists the element's own properties and those of its base
	// class (e.g. base.SinkProperties()). "name" is implicit.
	Properties []*ParamSpec
	// New returns a new zero element (the instance struct). The factory
	// initialises its ElementBase and then calls Constructed.
	New func() Element
	// Plugin describes the plugin the class belongs to.
	Plugin *PluginInfo
	// URIProtocols and URIType make the element a URI handler ("file",
	// URISource or URISink).
	URIProtocols []string
	URIType      URIType
}

// URIType says whether a URI handler is a source or a sink.
//
// GStreamer: GstURIType (gst/gsturi.h).
type URIType int

// The URI types.
//
// GStreamer: GST_URI_UNKNOWN, GST_URI_SINK, GST_URI_SRC (gst/gsturi.h).
const (
	URIUnknown URIType = 0
	URISink    URIType = 1
	URISource  URIType = 2
)

var nameParamSpec = ParamString("name", "Name", "The name of the object", "", ParamReadWrite|ParamDocShowDefault)

var parentParamSpec = func() *ParamSpec {
	p := ParamString("parent", "Parent", "The parent of the object", "", ParamReadWrite|ParamDocShowDefault)
	p.Type = ParamTypeObject
	return p
}()

// ObjectProperties returns the properties every GstObject has ("name",
// "parent"), as gst-inspect lists them first.
//
// GStreamer: the GstObject "name" and "parent" properties (gst/gstobject.c).
func ObjectProperties() []*ParamSpec { return []*ParamSpec{nameParamSpec, parentParamSpec} }

// FindProperty returns the ParamSpec named name (including "name"), or nil.
//
// GStreamer: g_object_class_find_property (gobject/gobject.c).
func (c *ElementClass) FindProperty(name string) *ParamSpec {
	if name == "name" {
		return nameParamSpec
	}
	for _, p := range c.Properties {
		if p.Name == name {
			return p
		}
	}
	return nil
}

// PadTemplate returns the template with the given name template, or nil.
//
// GStreamer: gst_element_class_get_pad_template (gst/gstelement.c).
func (c *ElementClass) PadTemplate(name string) *PadTemplate {
	for _, t := range c.PadTemplates {
		if t.NameTemplate == name {
			return t
		}
	}
	return nil
}

// Create makes a new element of this class with the given name ("" for a
// default such as "queue0").
//
// GStreamer: gst_element_factory_create (gst/gstelementfactory.c).
func (c *ElementClass) Create(name string) (Element, error) {
	if c.New == nil {
		return nil, fmt.Errorf("element factory %q has no constructor", c.Name)
	}
	el := c.New()
	if el == nil {
		return nil, fmt.Errorf("element factory %q returned no element", c.Name)
	}
	if err := InitElement(el, c, name); err != nil {
		return nil, err
	}
	return el, nil
}
