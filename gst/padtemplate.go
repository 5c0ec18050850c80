package gst

import (
	"fmt"
	"strings"
)

// PadPresence tells when pads of a template exist.
//
// GStreamer: GstPadPresence (gst/gstpadtemplate.h).
type PadPresence int

// The presences.
//
// GStreamer: GST_PAD_ALWAYS, GST_PAD_SOMETIMES, GST_PAD_REQUEST (gst/gstpadtemplate.h).
const (
	PadAlways    PadPresence = 0 // the pad always exists
	PadSometimes PadPresence = 1 // the element adds the pad when it knows it (demuxers)
	PadRequest   PadPresence = 2 // the application asks for the pad (tee, muxers)
)

// String returns "always", "sometimes" or "request".
//
// GStreamer: none (the GEnum nicks of GstPadPresence).
func (p PadPresence) String() string {
	switch p {
	case PadAlways:
		return "always"
	case PadSometimes:
		return "sometimes"
	case PadRequest:
		return "request"
	}
	return "unknown"
}

// PadTemplate describes the pads an element class can have: a name
// template ("sink", "src_%u"), a direction, a presence and the caps the pads
// may carry. Templates are immutable; declare them as package variables.
//
// GStreamer: GstPadTemplate (gst/gstpadtemplate.c).
type PadTemplate struct {
	NameTemplate string
	Direction    PadDirection
	Presence     PadPresence
	Caps         *Caps
}

// NewPadTemplate returns a template. It returns an error when the name
// template is invalid for the presence: conversion specifiers (%u, %d, %s)
// are not allowed in always templates (sometimes templates such as a
// demuxer's "video_%u" use them), and at most one %s.
//
// GStreamer: gst_pad_template_new (gst/gstpadtemplate.c).
func NewPadTemplate(name string, dir PadDirection, presence PadPresence, caps *Caps) (*PadTemplate, error) {
	if err := validatePadTemplateName(name, presence); err != nil {
		return nil, err
	}
	if caps == nil {
		caps = NewCapsAny()
	}
	return &PadTemplate{NameTemplate: name, Direction: dir, Presence: presence, Caps: caps}, nil
}

// MustNewPadTemplate is NewPadTemplate for package-level templates; it
// panics on an invalid name (a programming error).
//
// GStreamer: GST_STATIC_PAD_TEMPLATE (gst/gstpadtemplate.h).
func MustNewPadTemplate(name string, dir PadDirection, presence PadPresence, caps *Caps) *PadTemplate {
	t, err := NewPadTemplate(name, dir, presence, caps)
	if err != nil {
		panic(err)
	}
	return t
}

func validatePadTemplateName(name string, presence PadPresence) error {
	if name == "" {
		return fmt.Errorf("pad template: empty name")
	}
	n := 0
	for i := 0; i < len(name); i++ {
		if name[i] != '%' {
			continue
		}
		if i+1 >= len(name) {
			return fmt.Errorf("pad template %q: trailing %%", name)
		}
		c := name[i+1]
		switch c {
		case 'u', 'd', 's':
			if presence == PadAlways {
				return fmt.Errorf("pad template %q: conversion specifications are not allowed in always templates", name)
			}
			n++
			if n > 1 && c != 'u' && c != 'd' {
				return fmt.Errorf("pad template %q: only one %%s specification allowed", name)
			}
			i++
		default:
			if presence == PadRequest {
				return fmt.Errorf("pad template %q: invalid conversion specification %%%c", name, c)
			}
		}
	}
	return nil
}

// MatchesName reports whether name is an instance of the template's name
// ("src_3" for "src_%u").
//
// GStreamer: gst_pad_template_name_matches? (none; logic of
// gst_element_get_request_pad / _gst_element_request_pad in gst/gstelement.c).
func (t *PadTemplate) MatchesName(name string) bool {
	tmpl := t.NameTemplate
	if !strings.Contains(tmpl, "%") {
		return tmpl == name
	}
	return matchTemplate(tmpl, name)
}

func matchTemplate(tmpl, name string) bool {
	for len(tmpl) > 0 {
		if tmpl[0] == '%' && len(tmpl) > 1 {
			spec := tmpl[1]
			rest := tmpl[2:]
			// the specification consumes up to the next literal part
			for end := len(name); end >= 0; end-- {
				part := name[:end]
				if !specMatches(spec, part) {
					continue
				}
				if matchTemplate(rest, name[end:]) {
					return true
				}
			}
			return false
		}
		if len(name) == 0 || tmpl[0] != name[0] {
			return false
		}
		tmpl, name = tmpl[1:], name[1:]
	}
	return len(name) == 0
}

func specMatches(spec byte, s string) bool {
	if s == "" {
		return false
	}
	switch spec {
	case 'u':
		for i := 0; i < len(s); i++ {
			if s[i] < '0' || s[i] > '9' {
				return false
			}
		}
		return true
	case 'd':
		if s[0] == '-' {
			s = s[1:]
		}
		return specMatches('u', s)
	}
	return true
}
