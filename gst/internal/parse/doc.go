// Package parse is the lexer and grammar of GStreamer launch descriptions
// ("fakesrc num-buffers=4 ! queue ! fakesink"), ported from GStreamer
// core's gst/parse/parse.l and gst/parse/grammar.y.in. It is pure syntax: it
// creates no element and knows no factory, and package gst turns its Graph
// into elements, pads and links (gst.ParseLaunch).
//
// The syntax, as GStreamer's lexer and grammar define it:
//
//	factory prop=value prop2 = "quoted \" value" @preset=NAME   an element
//	a ! b                       link a's src to b's sink
//	a : b                       link all compatible pads
//	a ! video/x-raw,width=320 ! b    link through filter caps
//	a .src ! .sink b            pad names; "name.pad1,pad2" lists
//	t. ! queue   fakesrc ! d.sink   references to elements by name
//	( a ! b )   type.( prop=v a ! b )   bins; links cross bin borders
//	file:///x ! b   a ! file:///y     URI source / sink elements
//
// Several chains may follow one another separated by white space. Values
// are unescaped as gst_parse_unescape does (a backslash outside double
// quotes escapes the next character; inside quotes all is kept) and keep
// typed prefixes like "(int)3".
//
// Parse returns a Graph: top-level Elements (bins hold Children) and all
// Links in the order GStreamer performs them, with name references left to
// be resolved by the builder, plus the first Error as GStreamer would
// report it from the grammar.
//
// GStreamer: gst/parse/ (parse.l, grammar.y.in, types.h).
package parse
