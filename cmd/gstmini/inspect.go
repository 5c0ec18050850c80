package main

import (
	"fmt"
	"io"
	"reflect"
	"sort"
	"strings"

	"github.com/gstmini/gstmini/gst"
)

// gstreamerModules are the source modules whose elements are documented on
// gstreamer.freedesktop.org (gst-inspect's gstreamer_modules).
var gstreamerModules = []string{"gstreamer", "gst-plugins-base", "gst-plugins-good", "gst-plugins-ugly",
	"gst-plugins-bad", "gst-editing-services", "gst-libav", "gst-rtsp-server", "gstreamer-vaapi",
	"gst-python", "gst-devtools", "gst-plugins-rs"}

const gstDocBaseURL = "https://gstreamer.freedesktop.org/documentation"

// staticPlugin describes classes registered without a plugin, as GStreamer
// files bin and pipeline under "staticelements".
var staticPlugin = &gst.PluginInfo{Name: "staticelements", Description: "Elements statically linked in or registered at runtime",
	Version: "1.22.0", License: "LGPL", Source: "gstreamer", Package: "GstMini", Origin: "Unknown package origin"}

func pluginOf(c *gst.ElementClass) *gst.PluginInfo {
	if c.Plugin != nil {
		return c.Plugin
	}
	return staticPlugin
}

// inspect implements "gstmini inspect".
func (env *environment) inspect(args []string) int {
	var words []string
	for _, a := range args {
		if !strings.HasPrefix(a, "-") {
			words = append(words, a)
		}
	}
	if len(words) == 0 {
		env.printElementList(env.stdout)
		return 0
	}
	arg := words[len(words)-1]
	if c := env.registry.Lookup(arg); c != nil {
		if err := env.printElementInfo(env.stdout, c); err != nil {
			fmt.Fprintf(env.stdout, "couldn't construct element for some reason\n")
			return 255
		}
		return 0
	}
	if feats := env.pluginFeatures(arg); len(feats) > 0 {
		env.printPluginInfo(env.stdout, pluginOf(feats[0]))
		env.printPluginFeatures(env.stdout, feats)
		return 0
	}
	fmt.Fprintf(env.stderr, "No such element or plugin '%s'\n", arg)
	return 1
}

// pluginFeatures returns the classes of the plugin named name, sorted by
// factory name.
func (env *environment) pluginFeatures(name string) []*gst.ElementClass {
	var out []*gst.ElementClass
	for _, c := range env.registry.Factories() {
		if pluginOf(c).Name == name {
			out = append(out, c)
		}
	}
	return out
}

// printElementList is gst-inspect without arguments: one
// "plugin:  factory: long name" line per factory, plugins by name.
func (env *environment) printElementList(w io.Writer) {
	byPlugin := map[string][]*gst.ElementClass{}
	var names []string
	for _, c := range env.registry.Factories() {
		n := pluginOf(c).Name
		if _, ok := byPlugin[n]; !ok {
			names = append(names, n)
		}
		byPlugin[n] = append(byPlugin[n], c)
	}
	sort.Strings(names)
	features := 0
	for _, n := range names {
		for _, c := range byPlugin[n] {
			fmt.Fprintf(w, "%s:  %s: %s\n", n, c.Name, c.Metadata.LongName)
			features++
		}
	}
	fmt.Fprintf(w, "\nTotal count: %s, %s\n", plural(len(names), "plugin", "plugins"), plural(features, "feature", "features"))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

// rankName is gst-inspect's get_rank_name.
func rankName(rank gst.Rank) string {
	ranks := []gst.Rank{gst.RankNone, gst.RankMarginal, gst.RankSecondary, gst.RankPrimary}
	names := []string{"none", "marginal", "secondary", "primary"}
	best := 0
	abs := func(x gst.Rank) gst.Rank {
		if x < 0 {
			return -x
		}
		return x
	}
	for i, r := range ranks {
		if rank == r {
			return names[i]
		}
		if abs(rank-r) < abs(rank-ranks[best]) {
			best = i
		}
	}
	sign := '-'
	if rank-ranks[best] > 0 {
		sign = '+'
	}
	return fmt.Sprintf("%s %c %d", names[best], sign, abs(ranks[best]-rank))
}

func isGStreamerModule(p *gst.PluginInfo) bool {
	for _, m := range gstreamerModules {
		if p.Source == m {
			return true
		}
	}
	return strings.HasSuffix(p.Origin, "/gst-plugins-rs")
}

// printElementInfo is gst-inspect ELEMENT.
func (env *environment) printElementInfo(w io.Writer, c *gst.ElementClass) error {
	el, err := c.Create(defaultObjectName(c))
	if err != nil {
		return err
	}
	plugin := pluginOf(c)

	// Factory details
	fmt.Fprintf(w, "Factory Details:\n")
	fmt.Fprintf(w, "  %-25s%s (%d)\n", "Rank", rankName(c.Rank), int(c.Rank))
	md := c.Metadata
	for _, kv := range [][2]string{{"Long-name", md.LongName}, {"Klass", md.Klass}, {"Description", md.Description},
		{"Author", md.Author}, {"Documentation", md.DocURI}} {
		if kv[1] != "" {
			fmt.Fprintf(w, "  %-25s%s\n", kv[0], kv[1])
		}
	}
	if md.DocURI == "" && isGStreamerModule(plugin) {
		if len(env.pluginFeatures(plugin.Name)) == 1 {
			fmt.Fprintf(w, "  %-25s%s/%s/#%s-page\n", "Documentation", gstDocBaseURL, plugin.Name, c.Name)
		} else {
			fmt.Fprintf(w, "  %-25s%s/%s/%s.html\n", "Documentation", gstDocBaseURL, plugin.Name, c.Name)
		}
	}
	fmt.Fprintf(w, "\n")

	env.printPluginInfo(w, plugin)
	printHierarchy(w, el)

	// Implemented interfaces
	var ifaces []string
	if gst.AsBin(el) != nil {
		ifaces = append(ifaces, "GstChildProxy")
	}
	if c.URIType != gst.URIUnknown {
		ifaces = append(ifaces, "GstURIHandler")
	}
	if len(ifaces) > 0 {
		fmt.Fprintf(w, "Implemented Interfaces:\n")
		for _, i := range ifaces {
			fmt.Fprintf(w, "  %s\n", i)
		}
		fmt.Fprintf(w, "\n")
	}

	printPadTemplates(w, c)

	// Clocking
	flags := el.(interface{ Flags() gst.ElementFlags }).Flags()
	requires, provides := flags&gst.ElementFlagRequireClock != 0, flags&gst.ElementFlagProvideClock != 0
	if !requires && !provides {
		fmt.Fprintf(w, "\nElement has no clocking capabilities.\n")
	} else {
		fmt.Fprintf(w, "\nClocking Interaction:\n")
		if requires {
			fmt.Fprintf(w, "  element requires a clock\n")
		}
		if provides {
			fmt.Fprintf(w, "  element provides a clock\n")
		}
	}

	// URI handling
	if c.URIType != gst.URIUnknown {
		typ := "unknown"
		switch c.URIType {
		case gst.URISource:
			typ = "source"
		case gst.URISink:
			typ = "sink"
		}
		fmt.Fprintf(w, "\nURI handling capabilities:\n  Element can act as %s.\n", typ)
		if len(c.URIProtocols) > 0 {
			fmt.Fprintf(w, "  Supported URI protocols:\n")
			for _, p := range c.URIProtocols {
				fmt.Fprintf(w, "    %s\n", p)
			}
		} else {
			fmt.Fprintf(w, "  No supported URI protocols\n")
		}
	} else {
		fmt.Fprintf(w, "Element has no URI handling capabilities.\n")
	}

	// Pads
	fmt.Fprintf(w, "\nPads:\n")
	pads := el.Pads()
	if len(pads) == 0 {
		fmt.Fprintf(w, "  none\n")
	}
	for _, p := range pads {
		dir := "UNKNOWN"
		switch p.Direction() {
		case gst.PadSrc:
			dir = "SRC"
		case gst.PadSink:
			dir = "SINK"
		}
		fmt.Fprintf(w, "  %s: '%s'\n", dir, p.Name())
		if t := p.PadTemplate(); t != nil {
			fmt.Fprintf(w, "    Pad Template: '%s'\n", t.NameTemplate)
		}
	}

	// Properties, sorted by name, with the new element's values.
	fmt.Fprintf(w, "\nElement Properties:\n")
	props := append(append([]*gst.ParamSpec{}, c.Properties...), gst.ObjectProperties()...)
	sort.SliceStable(props, func(i, j int) bool { return props[i].Name < props[j].Name })
	if len(props) == 0 {
		fmt.Fprintf(w, "  none\n")
	}
	for _, p := range props {
		if p.Type == gst.ParamTypeObject && p.TypeName == "" && p.Name == "parent" {
			cp := *p // the core's "parent" spec lacks its object type
			cp.TypeName = "GstObject"
			p = &cp
		}
		var lines []string
		if v, err := el.Get(p.Name); err == nil && p.Flags&gst.ParamReadable != 0 {
			lines = p.InspectLinesValue(v)
		} else {
			lines = p.InspectLines()
		}
		for _, l := range lines {
			fmt.Fprintf(w, "%s\n", l)
		}
	}

	// Children of bins
	if b := gst.AsBin(el); b != nil && b.NumChildren() > 0 {
		fmt.Fprintf(w, "\nChildren:\n")
		for _, ch := range b.Children() {
			fmt.Fprintf(w, "  %s\n", ch.Name())
		}
	}
	el.SetState(gst.StateNull)
	return nil
}

// defaultObjectName is the name a new element of c gets in a fresh process
// (gst_object_set_name_default): the type name without "Gst", lower case,
// then "0" ("-0" after a digit), so that inspect output does not depend on
// elements created earlier.
func defaultObjectName(c *gst.ElementClass) string {
	tn := c.TypeName
	if tn == "" {
		return c.Name + "0"
	}
	base := strings.ToLower(strings.TrimPrefix(tn, "Gst"))
	if base != "" && base[len(base)-1] >= '0' && base[len(base)-1] <= '9' {
		return base + "-0"
	}
	return base + "0"
}

// baseTypeNames maps the Go base types an element embeds to their
// GStreamer type names.
var baseTypeNames = map[string]string{
	"github.com/gstmini/gstmini/base.Src":        "GstBaseSrc",
	"github.com/gstmini/gstmini/base.PushSrc":    "GstPushSrc",
	"github.com/gstmini/gstmini/base.Sink":       "GstBaseSink",
	"github.com/gstmini/gstmini/base.Transform":  "GstBaseTransform",
	"github.com/gstmini/gstmini/base.Aggregator": "GstAggregator",
	"github.com/gstmini/gstmini/base.Parse":      "GstBaseParse",
	"github.com/gstmini/gstmini/gst.Bin":         "GstBin",
	"github.com/gstmini/gstmini/gst.Pipeline":    "GstPipeline",
	"github.com/gstmini/gstmini/gst.ElementBase": "GstElement",
}

// typeHierarchy returns the GObject ancestry of el, root first: GObject,
// GInitiallyUnowned, GstObject, GstElement, then the base classes found by
// following the first embedded field of the element struct.
func typeHierarchy(el gst.Element) []string {
	var chain []string // leaf first
	chain = append(chain, el.TypeName())
	t := reflect.TypeOf(el)
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	for t.Kind() == reflect.Struct {
		var next reflect.Type
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if f.Anonymous {
				next = f.Type
				break
			}
		}
		if next == nil {
			break
		}
		for next.Kind() == reflect.Pointer {
			next = next.Elem()
		}
		name, ok := baseTypeNames[next.PkgPath()+"."+next.Name()]
		if !ok {
			t = next
			continue
		}
		if name == "GstElement" {
			break
		}
		if name != chain[len(chain)-1] {
			chain = append(chain, name)
		}
		t = next
	}
	out := []string{"GObject", "GInitiallyUnowned", "GstObject", "GstElement"}
	for i := len(chain) - 1; i >= 0; i-- {
		if chain[i] != "GstElement" {
			out = append(out, chain[i])
		}
	}
	return out
}

// printHierarchy is gst-inspect's print_hierarchy.
func printHierarchy(w io.Writer, el gst.Element) {
	for i, n := range typeHierarchy(el) {
		if i == 0 {
			fmt.Fprintf(w, "%s\n", n)
			continue
		}
		fmt.Fprintf(w, "%s +----%s\n", strings.Repeat("      ", i-1), n)
	}
	fmt.Fprintf(w, "\n")
}

// printPadTemplates is gst-inspect's print_pad_templates_info.
func printPadTemplates(w io.Writer, c *gst.ElementClass) {
	fmt.Fprintf(w, "Pad Templates:\n")
	if len(c.PadTemplates) == 0 {
		fmt.Fprintf(w, "  none\n")
		return
	}
	tmpls := append([]*gst.PadTemplate{}, c.PadTemplates...)
	sort.SliceStable(tmpls, func(i, j int) bool { return tmpls[i].NameTemplate < tmpls[j].NameTemplate })
	for i, t := range tmpls {
		switch t.Direction {
		case gst.PadSrc:
			fmt.Fprintf(w, "  SRC template: '%s'\n", t.NameTemplate)
		case gst.PadSink:
			fmt.Fprintf(w, "  SINK template: '%s'\n", t.NameTemplate)
		default:
			fmt.Fprintf(w, "  UNKNOWN template: '%s'\n", t.NameTemplate)
		}
		switch t.Presence {
		case gst.PadAlways:
			fmt.Fprintf(w, "    Availability: Always\n")
		case gst.PadSometimes:
			fmt.Fprintf(w, "    Availability: Sometimes\n")
		case gst.PadRequest:
			fmt.Fprintf(w, "    Availability: On request\n")
		default:
			fmt.Fprintf(w, "    Availability: UNKNOWN\n")
		}
		if t.Caps != nil {
			fmt.Fprintf(w, "    Capabilities:\n")
			printCaps(w, t.Caps, "      ")
		}
		if i < len(tmpls)-1 {
			fmt.Fprintf(w, "  \n")
		}
	}
}

// printCaps is gst-inspect's print_caps with an empty prefix at the given
// indentation.
func printCaps(w io.Writer, c *gst.Caps, indent string) {
	switch {
	case c.IsAny():
		fmt.Fprintf(w, "%sANY\n", indent)
		return
	case c.IsEmpty():
		fmt.Fprintf(w, "%sEMPTY\n", indent)
		return
	}
	for i := 0; i < c.Size(); i++ {
		s := c.Structure(i)
		if f := c.Features(i); f != nil && (f.IsAny() || f.String() != "memory:SystemMemory") {
			fmt.Fprintf(w, "%s%s(%s)\n", indent, s.Name(), f.String())
		} else {
			fmt.Fprintf(w, "%s%s\n", indent, s.Name())
		}
		s.ForEach(func(field string, v any) bool {
			str := capsFieldString(v)
			fmt.Fprintf(w, "%s  %15s: %s\n", indent, field, str)
			return true
		})
	}
}

// capsFieldString is gst_value_serialize of a caps field, as print_field
// writes it.
func capsFieldString(v any) string {
	s := gst.NewStructure("x")
	s.Set("v", v)
	str := s.String() // "x, v=(type)value;"
	str = strings.TrimPrefix(str, "x, v=")
	str = strings.TrimSuffix(str, ";")
	if strings.HasPrefix(str, "(") {
		if i := strings.IndexByte(str, ')'); i > 0 {
			str = str[i+1:]
		}
	}
	return str
}

// printPluginInfo is gst-inspect's print_plugin_info.
func (env *environment) printPluginInfo(w io.Writer, p *gst.PluginInfo) {
	fmt.Fprintf(w, "Plugin Details:\n")
	fmt.Fprintf(w, "  %-25s%s\n", "Name", p.Name)
	fmt.Fprintf(w, "  %-25s%s\n", "Description", p.Description)
	fmt.Fprintf(w, "  %-25s%s\n", "Filename", "(null)")
	fmt.Fprintf(w, "  %-25s%s\n", "Version", p.Version)
	fmt.Fprintf(w, "  %-25s%s\n", "License", p.License)
	fmt.Fprintf(w, "  %-25s%s\n", "Source module", p.Source)
	if isGStreamerModule(p) {
		fmt.Fprintf(w, "  %-25s%s/%s/\n", "Documentation", gstDocBaseURL, p.Name)
	}
	fmt.Fprintf(w, "  %-25s%s\n", "Binary package", p.Package)
	fmt.Fprintf(w, "  %-25s%s\n", "Origin URL", p.Origin)
	fmt.Fprintf(w, "\n")
}

// printPluginFeatures is gst-inspect's print_plugin_features for a plugin
// holding only elements.
func (env *environment) printPluginFeatures(w io.Writer, feats []*gst.ElementClass) {
	for _, c := range feats {
		fmt.Fprintf(w, "  %s: %s\n", c.Name, c.Metadata.LongName)
	}
	fmt.Fprintf(w, "\n  %s:\n", plural(len(feats), "feature", "features"))
	fmt.Fprintf(w, "  +-- %s\n\n", plural(len(feats), "element", "elements"))
}
