package gst

import (
	"fmt"
	"math"
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
	switch presence {
	case PadAlways:
		if strings.Contains(name, "%") {
			return fmt.Errorf("pad template %q: conversion specifications are not allowed in always templates", name)
		}
	case PadRequest:
		// name_is_valid: %d, %u or %s, %s only once and at the very end,
		// specifications separated by an underscore
		hasS := false
		for i := strings.IndexByte(name, '%'); i >= 0; {
			c := byte(0)
			if i+1 < len(name) {
				c = name[i+1]
			}
			if c != 's' && c != 'd' && c != 'u' {
				return fmt.Errorf("pad template %q: conversion specification must be of type %%d, %%u or %%s", name)
			}
			if c == 's' && (i+2 != len(name) || hasS) {
				return fmt.Errorf("pad template %q: a %%s specification may only be used once, at the very end", name)
			}
			hasS = hasS || c == 's'
			underscore := strings.IndexByte(name[i:], '_')
			next := strings.IndexByte(name[i+1:], '%')
			if next < 0 {
				break
			}
			next += i + 1
			if underscore < 0 || next < i+underscore {
				return fmt.Errorf("pad template %q: conversion specifications must be separated by an underscore", name)
			}
			i = next
		}
	}
	return nil
}

// MatchesName reports whether name is a valid request name for the
// template: the template name itself, or the template with each
// conversion specification replaced by a number (%u, %d) or anything (%s),
// or by the specification itself ("src_0_%u" for "src_%u_%u").
//
// GStreamer: gst_element_is_valid_request_template_name (gst/gstelement.c).
func (t *PadTemplate) MatchesName(name string) bool {
	return isValidRequestTemplateName(t.NameTemplate, name)
}

func isValidRequestTemplateName(templ, name string) bool {
	if templ == name {
		return true
	}
	for {
		ts := strings.IndexByte(templ, '%')
		// the characters ahead of the specifier must match
		if ts < 0 || len(name) <= ts || templ[:ts] != name[:ts] {
			return false
		}
		spec := byte(0)
		if ts+1 < len(templ) {
			spec = templ[ts+1]
		}
		if spec == 's' {
			return true
		}
		namePart := name[ts:]
		tAfter := templ[ts:] // from the specifier
		tNext := strings.IndexByte(tAfter, '_')
		nNext := strings.IndexByte(namePart, '_')
		if (tNext >= 0) != (nNext >= 0) {
			return false // different numbers of specifiers
		}
		next := tNext >= 0
		// the characters following the specifier, up to the next one
		var tPost, nSpec string
		if next {
			tPost, nSpec = tAfter[min(2, tNext):tNext], namePart[:nNext]
		} else {
			tPost, nSpec = tAfter[min(2, len(tAfter)):], namePart
		}
		if tPost != "" {
			if len(nSpec) < len(tPost) || nSpec[len(nSpec)-len(tPost):] != tPost {
				return false
			}
		}
		if nSpec != "" && nSpec[0] == '%' {
			// the specifier itself, spelled as in the template
			if !strings.HasPrefix(tAfter, nSpec) {
				return false
			}
		} else {
			if len(nSpec) > len(tPost) {
				nSpec = nSpec[:len(nSpec)-len(tPost)]
			}
			if !requestSpecifierValid(spec, nSpec) {
				return false
			}
		}
		if !next {
			return true
		}
		templ, name = tAfter[tNext+1:], namePart[nNext+1:]
	}
}

// requestSpecifierValid parses s as g_ascii_strtoll/strtoull would for a
// %d/%u specifier: the number must fit and be followed by nothing.
func requestSpecifierValid(spec byte, s string) bool {
	if spec != 'd' && spec != 'u' {
		return true
	}
	i := 0
	for i < len(s) && (s[i] == ' ' || (s[i] >= '\t' && s[i] <= '\r')) {
		i++
	}
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	start := i
	var v uint64
	overflow := false
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		d := uint64(s[i] - '0')
		if v > (math.MaxUint64-d)/10 {
			overflow = true
		}
		v = v*10 + d
		i++
	}
	if i == start {
		// no digits: strtoll stops at the start of s
		return len(s) == 0
	}
	if i != len(s) {
		return false
	}
	if spec == 'u' {
		return !overflow && (!neg || v == 0) && v <= math.MaxUint32
	}
	if neg {
		return !overflow && v <= -math.MinInt32
	}
	return !overflow && v <= math.MaxInt32
}
