package gst

import (
	"strings"
	"sync"
)

// Object is the common interface of everything that has a name and sits in
// the parent/child hierarchy: elements, bins, pads and clocks. Messages name
// their source with an Object.
//
// GStreamer: GstObject (gst/gstobject.h).
type Object interface {
	// Name returns the object's name. Safe for concurrent use.
	Name() string
	// Parent returns the object's parent, or nil.
	Parent() Object
	// TypeName returns the GStreamer type name used in path strings,
	// e.g. "GstQueue" or "GstPad".
	TypeName() string
	object() *ObjectBase
}

// ObjectBase implements Object. Embed it (directly or through ElementBase or
// Pad) to become an Object. The zero value has no name and no parent.
//
// GStreamer: GstObject (gst/gstobject.c).
type ObjectBase struct {
	objMu    sync.RWMutex
	name     string
	parent   Object
	typeName string
}

func (o *ObjectBase) object() *ObjectBase { return o }

// Name returns the object's name. Safe for concurrent use.
//
// GStreamer: gst_object_get_name (gst/gstobject.c).
func (o *ObjectBase) Name() string {
	o.objMu.RLock()
	defer o.objMu.RUnlock()
	return o.name
}

// SetName sets the object's name. It fails (returns false) once the object
// has a parent, as in GStreamer. Safe for concurrent use.
//
// GStreamer: gst_object_set_name (gst/gstobject.c).
func (o *ObjectBase) SetName(name string) bool {
	o.objMu.Lock()
	defer o.objMu.Unlock()
	if o.parent != nil {
		return false
	}
	o.name = name
	return true
}

// Parent returns the parent object or nil. Safe for concurrent use.
//
// GStreamer: gst_object_get_parent (gst/gstobject.c).
func (o *ObjectBase) Parent() Object {
	o.objMu.RLock()
	defer o.objMu.RUnlock()
	return o.parent
}

// TypeName returns the GStreamer-style type name ("GstQueue"); it defaults to
// "GstObject".
//
// GStreamer: G_OBJECT_TYPE_NAME (gobject/gtype.h).
func (o *ObjectBase) TypeName() string {
	o.objMu.RLock()
	defer o.objMu.RUnlock()
	if o.typeName == "" {
		return "GstObject"
	}
	return o.typeName
}

// SetTypeName sets the name returned by TypeName. Called once at
// construction.
//
// GStreamer: none (Go-only helper; GType names come from the type system in C).
func (o *ObjectBase) SetTypeName(n string) {
	o.objMu.Lock()
	o.typeName = n
	o.objMu.Unlock()
}

// setParent sets the parent unless one is already set.
func (o *ObjectBase) setParent(p Object) bool {
	o.objMu.Lock()
	defer o.objMu.Unlock()
	if o.parent != nil {
		return false
	}
	o.parent = p
	return true
}

func (o *ObjectBase) unparent() {
	o.objMu.Lock()
	o.parent = nil
	o.objMu.Unlock()
}

// SetParent makes p the parent of obj. It reports false if obj already has a
// parent. Safe for concurrent use.
//
// GStreamer: gst_object_set_parent (gst/gstobject.c).
func SetParent(obj, p Object) bool { return obj.object().setParent(p) }

// Unparent clears obj's parent. Safe for concurrent use.
//
// GStreamer: gst_object_unparent (gst/gstobject.c).
func Unparent(obj Object) { obj.object().unparent() }

// PathString returns the path of obj in the hierarchy, as
// "/GstPipeline:pipeline0/GstFakeSink:fakesink0.GstPad:sink": elements are
// joined by "/", a pad by ".".
//
// GStreamer: gst_object_get_path_string (gst/gstobject.c).
func PathString(obj Object) string {
	if obj == nil {
		return ""
	}
	var parts []Object
	for o := obj; o != nil; o = o.Parent() {
		parts = append(parts, o)
	}
	var b strings.Builder
	for i := len(parts) - 1; i >= 0; i-- {
		o := parts[i]
		sep := "/"
		if _, isPad := o.(interface{ pad() *Pad }); isPad && i != len(parts)-1 {
			sep = "."
		}
		b.WriteString(sep)
		b.WriteString(o.TypeName())
		b.WriteString(":")
		b.WriteString(o.Name())
	}
	return b.String()
}

// HasAsAncestor reports whether anc is obj's parent, grandparent, and so on.
//
// GStreamer: gst_object_has_as_ancestor (gst/gstobject.c).
func HasAsAncestor(obj, anc Object) bool {
	for o := obj.Parent(); o != nil; o = o.Parent() {
		if o == anc {
			return true
		}
	}
	return false
}
