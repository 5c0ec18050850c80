package gst

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"
)

// DebugGraphDetails selects what DebugBinToDotData draws.
//
// GStreamer: GstDebugGraphDetails (gst/gstdebugutils.h).
type DebugGraphDetails uint32

// The graph details.
//
// GStreamer: GST_DEBUG_GRAPH_SHOW_* (gst/gstdebugutils.h).
const (
	// DebugGraphShowMediaType writes the caps name on links.
	DebugGraphShowMediaType DebugGraphDetails = 1 << 0
	// DebugGraphShowCapsDetails writes the full caps on links.
	DebugGraphShowCapsDetails DebugGraphDetails = 1 << 1
	// DebugGraphShowNonDefaultParams lists properties that differ from
	// their default (shortened to 80 characters).
	DebugGraphShowNonDefaultParams DebugGraphDetails = 1 << 2
	// DebugGraphShowStates writes element states and pad modes and flags.
	DebugGraphShowStates DebugGraphDetails = 1 << 3
	// DebugGraphShowFullParams writes property values unshortened.
	DebugGraphShowFullParams DebugGraphDetails = 1 << 4
	// DebugGraphShowAll is every detail but full parameters.
	DebugGraphShowAll DebugGraphDetails = 1<<4 - 1
	// DebugGraphShowVerbose is every detail.
	DebugGraphShowVerbose DebugGraphDetails = 0xffffffff
)

// dotParamMaxLength is PARAM_MAX_LENGTH: longer property values are cut.
const dotParamMaxLength = 80

// dotVersion is the GStreamer version written in the graph header.
const dotVersion = "1.22.0"

// debugStartTime is the reference of the timestamps in
// DebugBinToDotFileWithTS file names (GStreamer: gst_init time).
var debugStartTime = time.Now()

// debugDotDir returns GST_DEBUG_DUMP_DOT_DIR. GStreamer reads it once in
// gst_init; GstMini has no init and reads it at each dump.
func debugDotDir() string { return os.Getenv("GST_DEBUG_DUMP_DOT_DIR") }

// DebugBinToDotData returns the graph of bin (elements as clusters with
// their pads, links labelled with caps, states and non-default properties
// as details selects) in Graphviz dot format. Property values that look
// secret (names containing "password", "passwd", "secret" or "key") are
// never written. Safe for concurrent use with a running pipeline.
//
// GStreamer: gst_debug_bin_to_dot_data (gst/gstdebugutils.c).
func DebugBinToDotData(bin *Bin, details DebugGraphDetails) string {
	if bin == nil {
		return ""
	}
	var b strings.Builder
	dotHeader(&b, bin, details)
	dotElement(&b, bin, details, 1)
	b.WriteString("}\n")
	return b.String()
}

// DebugBinToDotFile writes DebugBinToDotData(bin, details) to
// "$GST_DEBUG_DUMP_DOT_DIR/<fileName>.dot". It does nothing when the
// variable is not set; fileName "" becomes the
// program name. The directory must exist; write errors are logged, not
// returned.
//
// GStreamer: gst_debug_bin_to_dot_file (gst/gstdebugutils.c).
func DebugBinToDotFile(bin *Bin, details DebugGraphDetails, fileName string) {
	dir := debugDotDir()
	if dir == "" || bin == nil {
		return
	}
	if fileName == "" {
		fileName = defaultDotName()
	}
	full := filepath.Join(dir, fileName+".dot")
	if err := os.WriteFile(full, []byte(DebugBinToDotData(bin, details)), 0o644); err != nil {
		CatDefault.Log(LevelWarning, nil, fmt.Sprintf("Failed to write file '%s' for writing: %v", full, err))
	}
}

// DebugBinToDotFileWithTS is DebugBinToDotFile with the time since program
// start prefixed to the name ("0.00.01.234567890-name"), for successive
// snapshots.
//
// GStreamer: gst_debug_bin_to_dot_file_with_ts (gst/gstdebugutils.c).
func DebugBinToDotFileWithTS(bin *Bin, details DebugGraphDetails, fileName string) {
	if debugDotDir() == "" || bin == nil {
		return
	}
	if fileName == "" {
		fileName = defaultDotName()
	}
	DebugBinToDotFile(bin, details, dotTimestamp(time.Since(debugStartTime))+"-"+fileName)
}

// dotTimestamp formats d as "%u.%02u.%02u.%09u" of GST_TIME_ARGS.
func dotTimestamp(d time.Duration) string {
	t := uint64(d)
	s := t / uint64(Second)
	return fmt.Sprintf("%d.%02d.%02d.%09d", s/3600, (s/60)%60, s%60, t%uint64(Second))
}

func defaultDotName() string {
	if len(os.Args) > 0 && os.Args[0] != "" {
		return filepath.Base(os.Args[0])
	}
	return "unnamed"
}

func dotIndent(n int) string { return strings.Repeat("  ", n) }

// dotObjectName is debug_dump_make_object_name: "node_<name>_<address>"
// with every character outside [A-Za-z0-9_] replaced by '_'.
func dotObjectName(obj Object) string {
	s := fmt.Sprintf("node_%s_%p", obj.Name(), obj)
	b := []byte(s)
	for i, c := range b {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			b[i] = '_'
		}
	}
	return string(b)
}

// dotElementState is debug_dump_get_element_state.
func dotElementState(el Element) string {
	const icons = "~0-=>"
	_, cur, pending := el.State(0)
	icon := func(s State) byte {
		if s >= 0 && int(s) < len(icons) {
			return icons[s]
		}
		return '?'
	}
	if pending == StateVoidPending {
		locked := ""
		if el.element().IsLockedState() {
			locked = "(locked)"
		}
		return fmt.Sprintf("\\n[%c]%s", icon(cur), locked)
	}
	return fmt.Sprintf("\\n[%c] -> [%c]", icon(cur), icon(pending))
}

// isSecretProperty reports whether a property's value must never appear in
// a dump: its name says it holds a secret.
func isSecretProperty(name string) bool {
	n := strings.ToLower(name)
	for _, w := range []string{"password", "passwd", "secret", "key", "token", "credential"} {
		if strings.Contains(n, w) {
			return true
		}
	}
	return false
}

// dotEscape is g_strescape: backslash, quote and control characters are
// escaped, bytes >= 0x80 written as octal.
func dotEscape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '\b':
			b.WriteString(`\b`)
		case '\f':
			b.WriteString(`\f`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		case '\v':
			b.WriteString(`\v`)
		case '\\':
			b.WriteString(`\\`)
		case '"':
			b.WriteString(`\"`)
		default:
			if c < 0x20 || c >= 0x7f {
				fmt.Fprintf(&b, "\\%03o", c)
			} else {
				b.WriteByte(c)
			}
		}
	}
	return b.String()
}

// dotObjectParams is debug_dump_get_object_params for an element: every
// readable property (but name, parent, ignored and secret ones) whose
// value differs from its default, as "<sep>name=value".
func dotObjectParams(el Element, details DebugGraphDetails, ignored []string, sep string) string {
	class := el.Class()
	if class == nil {
		return ""
	}
	var out strings.Builder
	for _, p := range class.Properties {
		if p.Flags&ParamReadable == 0 || p.Name == "name" || p.Name == "parent" || p.Flags&ParamSecret != 0 || isSecretProperty(p.Name) {
			continue
		}
		skip := false
		for _, ig := range ignored {
			if ig == p.Name {
				skip = true
			}
		}
		if skip {
			continue
		}
		v, err := el.Get(p.Name)
		if err != nil {
			continue
		}
		var str string
		if p.Type == ParamTypeString {
			raw, _ := v.(string)
			if def, _ := p.Default.(string); raw == def {
				continue
			}
			str = `"` + dotEscape(raw) + `"` // g_strdup_value_contents
		} else {
			var err error
			if str, err = p.Format(v); err != nil {
				continue
			}
			if def, err := p.Format(p.Default); err == nil && def == str {
				continue
			}
		}
		if p.Type == ParamTypeFlags && str == "" {
			str = "(none)"
		}
		val := dotEscape(str)
		if details&DebugGraphShowFullParams == 0 && len(val) > dotParamMaxLength {
			cut := dotParamMaxLength
			for cut > 0 && !utf8.RuneStart(val[cut]) {
				cut--
			}
			val = val[:cut] + "…"
		}
		out.WriteString(sep + p.Name + "=" + val)
	}
	return out.String()
}

func dotHeader(b *strings.Builder, bin *Bin, details DebugGraphDetails) {
	state, params := "", ""
	if details&DebugGraphShowStates != 0 {
		state = dotElementState(bin.impl)
	}
	if details&DebugGraphShowNonDefaultParams != 0 {
		params = dotObjectParams(bin.impl, details, nil, "\\n")
	}
	fmt.Fprintf(b, "digraph pipeline {\n"+
		"  gst_version=\"%s\";\n"+
		"  rankdir=LR;\n"+
		"  fontname=\"sans\";\n"+
		"  fontsize=\"10\";\n"+
		"  labelloc=t;\n"+
		"  nodesep=.1;\n"+
		"  ranksep=.2;\n"+
		"  label=\"<%s>\\n%s%s%s\";\n"+
		"  node [style=\"filled,rounded\", shape=box, fontsize=\"9\", fontname=\"sans\", margin=\"0.0,0.0\"];\n"+
		"  edge [labelfontsize=\"6\", fontsize=\"9\", fontname=\"monospace\"];\n"+
		"  \n"+
		"  legend [\n"+
		"    pos=\"0,0!\",\n"+
		"    margin=\"0.05,0.05\",\n"+
		"    style=\"filled\",\n"+
		"    label=\"Legend\\lElement-States: [~] void-pending, [0] null, [-] ready, [=] paused, [>] playing\\lPad-Activation: [-] none, [>] push, [<] pull\\lPad-Flags: [b]locked, [f]lushing, [b]locking, [E]OS; upper-case is set\\lPad-Task: [T] has started task, [t] has paused task\\l\",\n"+
		"  ];\n", dotVersion, bin.TypeName(), bin.Name(), state, params)
}

// dotPad is debug_dump_pad.
func dotPad(b *strings.Builder, pad *Pad, color, elementName string, details DebugGraphDetails, indent int) {
	spc := dotIndent(indent)
	style := "filled,solid"
	if t := pad.PadTemplate(); t != nil {
		switch t.Presence {
		case PadSometimes:
			style = "filled,dotted"
		case PadRequest:
			style = "filled,dashed"
		}
	}
	name := dotObjectName(pad)
	if details&DebugGraphShowStates != 0 {
		const modes = "-><"
		mode := byte('-')
		if m := int(pad.Mode()); m >= 0 && m < len(modes) {
			mode = modes[m]
		}
		task := ""
		switch pad.TaskState() {
		case TaskStarted:
			task = "[T]"
		case TaskPaused:
			task = "[t]"
		}
		f := pad.Flags()
		flags := []byte{'b', 'f', 'b'}
		if f&PadFlagBlocked != 0 {
			flags[0] = 'B'
		}
		if f&PadFlagFlushing != 0 {
			flags[1] = 'F'
		}
		if f&PadFlagBlocking != 0 {
			flags[2] = 'B'
		}
		if f&PadFlagEOS != 0 {
			flags = append(flags, 'E')
		}
		fmt.Fprintf(b, "%s  %s_%s [color=black, fillcolor=\"%s\", label=\"%s\\n[%c][%s]%s\", height=\"0.2\", style=\"%s\"];\n",
			spc, elementName, name, color, pad.Name(), mode, flags, task, style)
		return
	}
	fmt.Fprintf(b, "%s  %s_%s [color=black, fillcolor=\"%s\", label=\"%s\", height=\"0.2\", style=\"%s\"];\n",
		spc, elementName, name, color, pad.Name(), style)
}

// dotElementPad is debug_dump_element_pad.
func dotElementPad(b *strings.Builder, pad *Pad, el Element, details DebugGraphDetails, indent int) {
	elementName := dotObjectName(el)
	dir := pad.Direction()
	var color string
	if g := AsGhostPad(pad); g != nil {
		color = map[PadDirection]string{PadSrc: "#ffdddd", PadSink: "#ddddff"}[dir]
		if color == "" {
			color = "#ffffff"
		}
		if t := g.Target(); t != nil {
			if target := t.Peer(); target != nil {
				targetElem := ""
				if te := target.ParentElement(); te != nil {
					targetElem = dotObjectName(te)
				}
				dotPad(b, target, color, targetElem, details, indent)
				spc := dotIndent(indent)
				if dir == PadSrc {
					fmt.Fprintf(b, "%s%s_%s -> %s_%s [style=dashed, minlen=0]\n", spc, targetElem, dotObjectName(target), elementName, dotObjectName(pad))
				} else {
					fmt.Fprintf(b, "%s%s_%s -> %s_%s [style=dashed, minlen=0]\n", spc, elementName, dotObjectName(pad), targetElem, dotObjectName(target))
				}
			}
		}
	} else {
		color = map[PadDirection]string{PadSrc: "#ffaaaa", PadSink: "#aaaaff"}[dir]
		if color == "" {
			color = "#cccccc"
		}
	}
	dotPad(b, pad, color, elementName, details, indent)
}

// dotDescribeCaps is debug_dump_describe_caps.
func dotDescribeCaps(c *Caps, details DebugGraphDetails) string {
	if details&DebugGraphShowCapsDetails != 0 {
		if c.IsAny() || c.IsEmpty() {
			return c.String()
		}
		var b strings.Builder
		for i := 0; i < c.Size(); i++ {
			s := c.Structure(i)
			b.WriteString(s.Name())
			if f := c.Features(i); f != nil && (f.IsAny() || f.String() != "memory:SystemMemory") {
				b.WriteString("(" + f.String() + ")")
			}
			b.WriteString("\\l")
			s.ForEach(func(field string, v any) bool {
				str, ok := serializeValue(v, SerializeFlagBackwardCompat)
				if !ok {
					fmt.Fprintf(&b, "  %18s: NULL\\l", field)
					return true
				}
				fmt.Fprintf(&b, "  %18s: %s\\l", field, dotEscape(str))
				return true
			})
		}
		return b.String()
	}
	if c.Size() == 1 && !c.IsAny() {
		return c.Structure(0).Name()
	}
	return "*"
}

// dotPadLink is debug_dump_element_pad_link.
func dotPadLink(b *strings.Builder, pad *Pad, el Element, details DebugGraphDetails, indent int) {
	peer := pad.Peer()
	if peer == nil {
		return
	}
	spc := dotIndent(indent)
	var media, mediaSrc, mediaSink string
	if details&(DebugGraphShowMediaType|DebugGraphShowCapsDetails) != 0 {
		caps := pad.CurrentCaps()
		if caps == nil {
			caps = pad.PadTemplateCaps()
		}
		peerCaps := peer.CurrentCaps()
		if peerCaps == nil {
			peerCaps = peer.PadTemplateCaps()
		}
		if caps != nil {
			media = dotDescribeCaps(caps, details)
			if peerCaps != nil && !caps.IsEqual(peerCaps) {
				other := dotDescribeCaps(peerCaps, details)
				if pad.Direction() == PadSrc {
					mediaSrc, mediaSink = media, other
				} else {
					mediaSrc, mediaSink = other, media
				}
				media = ""
			}
		}
	}
	elementName := ""
	if el != nil {
		elementName = dotObjectName(el)
	}
	peerElement := ""
	if pe := peer.ParentElement(); pe != nil {
		peerElement = dotObjectName(pe)
	}
	from := elementName + "_" + dotObjectName(pad)
	to := peerElement + "_" + dotObjectName(peer)
	switch {
	case media != "":
		fmt.Fprintf(b, "%s%s -> %s [label=\"%s\"]\n", spc, from, to, media)
	case mediaSrc != "" && mediaSink != "":
		fmt.Fprintf(b, "%s%s -> %s [labeldistance=\"10\", labelangle=\"0\", label=\"                                                  \", taillabel=\"%s\", headlabel=\"%s\"]\n",
			spc, from, to, mediaSrc, mediaSink)
	default:
		fmt.Fprintf(b, "%s%s -> %s\n", spc, from, to)
	}
}

// dotElementPads is debug_dump_element_pads: the pads of one direction in
// an invisible cluster. It returns the number of pads and the first pad's
// node name.
func dotElementPads(b *strings.Builder, pads []*Pad, el Element, details DebugGraphDetails, indent int, cluster string) (int, string) {
	spc := dotIndent(indent)
	first := ""
	for i, p := range pads {
		if i == 0 {
			fmt.Fprintf(b, "%ssubgraph cluster_%s {\n", spc, cluster)
			fmt.Fprintf(b, "%s  label=\"\";\n", spc)
			fmt.Fprintf(b, "%s  style=\"invis\";\n", spc)
			first = dotObjectName(p)
		}
		dotElementPad(b, p, el, details, indent)
	}
	if len(pads) > 0 {
		fmt.Fprintf(b, "%s}\n\n", spc)
	}
	return len(pads), first
}

// dotElement is debug_dump_element: every child of bin, recursively.
func dotElement(b *strings.Builder, bin *Bin, details DebugGraphDetails, indent int) {
	spc := dotIndent(indent)
	for _, el := range bin.Children() {
		name := dotObjectName(el)
		state, params := "", ""
		if details&DebugGraphShowStates != 0 {
			state = dotElementState(el)
		}
		if details&DebugGraphShowNonDefaultParams != 0 {
			params = dotObjectParams(el, details, []string{"stats"}, "\\n")
		}
		fmt.Fprintf(b, "%ssubgraph cluster_%s {\n", spc, name)
		fmt.Fprintf(b, "%s  fontname=\"Bitstream Vera Sans\";\n", spc)
		fmt.Fprintf(b, "%s  fontsize=\"8\";\n", spc)
		fmt.Fprintf(b, "%s  style=\"filled,rounded\";\n", spc)
		fmt.Fprintf(b, "%s  color=black;\n", spc)
		fmt.Fprintf(b, "%s  label=\"%s\\n%s%s%s\";\n", spc, el.TypeName(), el.Name(), state, params)
		if details&DebugGraphShowNonDefaultParams != 0 && details&DebugGraphShowFullParams == 0 {
			if full := dotObjectParams(el, details|DebugGraphShowFullParams, []string{"stats"}, "&#10;"); full != "" {
				fmt.Fprintf(b, "%s  tooltip=\"%s\";\n", spc, strings.TrimPrefix(full, "&#10;"))
			}
		}
		nSink, firstSink := dotElementPads(b, el.SinkPads(), el, details, indent+1, name+"_sink")
		nSrc, firstSrc := dotElementPads(b, el.SrcPads(), el, details, indent+1, name+"_src")
		if nSink > 0 && nSrc > 0 {
			fmt.Fprintf(b, "%s  %s_%s -> %s_%s [style=\"invis\"];\n", spc, name, firstSink, name, firstSrc)
		}
		if child := AsBin(el); child != nil {
			fmt.Fprintf(b, "%s  fillcolor=\"#ffffff\";\n", spc)
			dotElement(b, child, details, indent+1)
		} else {
			switch {
			case nSrc > 0 && nSink == 0:
				fmt.Fprintf(b, "%s  fillcolor=\"#ffaaaa\";\n", spc)
			case nSrc == 0 && nSink > 0:
				fmt.Fprintf(b, "%s  fillcolor=\"#aaaaff\";\n", spc)
			case nSrc > 0 && nSink > 0:
				fmt.Fprintf(b, "%s  fillcolor=\"#aaffaa\";\n", spc)
			default:
				fmt.Fprintf(b, "%s  fillcolor=\"#ffffff\";\n", spc)
			}
		}
		fmt.Fprintf(b, "%s}\n\n", spc)
		for _, p := range el.Pads() {
			if !p.IsLinked() {
				continue
			}
			if p.Direction() == PadSrc {
				dotPadLink(b, p, el, details, indent)
			}
		}
	}
}
