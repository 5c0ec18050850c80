package parse

import (
	"regexp"
	"strings"
)

// tokenKind is the kind of a lexer token. The named kinds mirror the bison
// tokens of grammar.y.in; tokChar carries a single operator or invalid
// character, which flex hands to bison as the character itself.
type tokenKind int

const (
	tokEOF tokenKind = iota
	tokURL
	tokIdentifier
	tokRef
	tokPadRef
	tokBinRef
	tokAssignment
	tokPreset
	tokLink
	tokLinkAll
	tokChar
)

func (k tokenKind) String() string {
	switch k {
	case tokEOF:
		return "end of input"
	case tokURL:
		return "URL"
	case tokIdentifier:
		return "IDENTIFIER"
	case tokRef:
		return "REF"
	case tokPadRef:
		return "PADREF"
	case tokBinRef:
		return "BINREF"
	case tokAssignment:
		return "ASSIGNMENT"
	case tokPreset:
		return "PRESET"
	case tokLink:
		return "LINK"
	case tokLinkAll:
		return "LINK_ALL"
	case tokChar:
		return "CHAR"
	}
	return "?"
}

// token is one lexeme. text is the matched text, val the value flex hands to
// the grammar (already cut or unescaped as parse.l does), hasVal tells a LINK
// with caps from a bare one, ch is the character of a tokChar.
type token struct {
	kind   tokenKind
	pos    int
	text   string
	val    string
	hasVal bool
	ch     byte
}

// The regular expressions of parse.l, written in Go syntax. Flex wraps every
// expanded definition in parentheses, so each one is a non-capturing group
// here. Two flex quirks are kept on purpose:
//   - in _protocol, "[[:alnum:]+-\.]" holds the range '+'..'.', so ',' is a
//     protocol character;
//   - in _url, `["."{_identifier}]?` is a bracket expression (flex does not
//     expand definitions inside brackets), i.e. one optional character out of
//     `".{_identifr}` before the '/'; so "d/foo" and "./foo" are URLs.
const (
	reIdentifier = `(?:[[:alnum:]_][[:alnum:]\-_%:]*)`
	reChar       = `(?:\\.|[^[:space:]])`
	reString     = `(?:` + reChar + `+|"(?:[^"]|\\")*"|'(?:[^']|\\')*')`
	reAssign     = `(?:[[:space:]]*=[[:space:]]*)`
	reProtocol   = `(?:[[:alpha:]][[:alnum:]+,\-.]*)`
	reURL        = `(?:(?:` + reProtocol + `://` + reString + `|[".{_identfr}]?/` + reString + `)|(?:` + reProtocol + `://))`
	reAssignment = reIdentifier + reAssign + reString
	rePreset     = `@preset` + reAssign + reString
	rePadRef     = `\.` + reIdentifier
	reRef        = reIdentifier + `\.` + reIdentifier + `?`
	reBinRef     = reIdentifier + `[[:space:]]*\.[[:space:]]*\(`
	reMimeChar   = `[[:alnum:]-]`
	reMimeType   = `(?:` + reMimeChar + `+/` + reMimeChar + `+)`
	reCapsChar   = `(?:\\.|[^;!])`
	reCapsString = `(?:` + reCapsChar + `+)`
	reCaps       = `(?:` + reMimeType + `(?:,[^!]|` + reCapsString + `)*)`
	reLink       = `(?:[!:][[:space:]]*` + reCaps + `(?:[[:space:]]*(?:;[[:space:]]*` + reCaps + `)*[[:space:]]*)*[!:])|[!:]`
	reOperator   = `[(){}.!:,;=]`
	reSpace      = `[[:space:]]+`
	reAny        = `.`
)

// rule is one flex rule: its pattern and the token it yields (tokChar for
// operators and invalid characters, -1 for skipped white space).
type rule struct {
	re   *regexp.Regexp
	kind tokenKind
}

const skipSpace tokenKind = -1

func anchored(expr string) *regexp.Regexp {
	re := regexp.MustCompile(`^(?:` + expr + `)`)
	re.Longest()
	return re
}

// rules lists the flex rules in the order of parse.l: flex takes the longest
// match and, among equally long ones, the rule listed first.
var rules = []rule{
	{anchored(reAssignment), tokAssignment},
	{anchored(rePreset), tokPreset},
	{anchored(rePadRef), tokPadRef},
	{anchored(reRef), tokRef},
	{anchored(reBinRef), tokBinRef},
	{anchored(reIdentifier), tokIdentifier},
	{anchored(reLink), tokLink},
	{anchored(reURL), tokURL},
	{anchored(reOperator), tokChar},
	{anchored(reSpace), skipSpace},
	{anchored(reAny), tokChar},
}

// lexer splits a description into tokens the way the flex scanner of
// parse.l does.
type lexer struct {
	src string
	pos int
}

func isSpace(c byte) bool {
	switch c {
	case ' ', '\t', '\n', '\v', '\f', '\r':
		return true
	}
	return false
}

// next returns the next token, skipping white space.
func (lx *lexer) next() token {
	for lx.pos < len(lx.src) {
		rest := lx.src[lx.pos:]
		best, bestLen := -1, 0
		for i, r := range rules {
			loc := r.re.FindStringIndex(rest)
			if loc != nil && loc[1] > bestLen {
				best, bestLen = i, loc[1]
			}
		}
		if best < 0 {
			// Cannot happen: "." or the space rule matches any character.
			// Treat it as an invalid character all the same.
			best, bestLen = len(rules)-1, 1
		}
		start := lx.pos
		text := rest[:bestLen]
		lx.pos += bestLen
		kind := rules[best].kind
		if kind == skipSpace {
			continue
		}
		return makeToken(kind, start, text)
	}
	return token{kind: tokEOF, pos: len(lx.src)}
}

// makeToken computes the token value as the actions of parse.l do.
func makeToken(kind tokenKind, pos int, text string) token {
	t := token{kind: kind, pos: pos, text: text}
	switch kind {
	case tokAssignment, tokIdentifier, tokRef:
		t.val = text
	case tokPreset:
		// Everything after the '=': spaces following it are kept, as in C.
		t.val = text[strings.IndexByte(text, '=')+1:]
	case tokPadRef:
		t.val = text[1:]
	case tokBinRef:
		i := 0
		for i < len(text) && !isSpace(text[i]) && text[i] != '.' {
			i++
		}
		t.val = text[:i]
	case tokLink:
		if text[0] == ':' {
			t.kind = tokLinkAll
		}
		if len(text) > 1 {
			if text[len(text)-1] == ':' {
				t.kind = tokLinkAll
			}
			caps := text[1 : len(text)-1]
			t.val = strings.TrimRight(strings.TrimLeft(caps, " \t\n\v\f\r"), " \t\n\v\f\r")
			t.hasVal = true
		}
	case tokURL:
		t.val = unescape(text)
	case tokChar:
		t.ch = text[0]
	}
	return t
}

// unescape removes the backslashes outside double quotes; inside double
// quotes everything is kept, and an escaped quote does not end the quoted
// part. Quote characters themselves are kept.
//
// GStreamer: gst_parse_unescape (gst/parse/types.h).
func unescape(s string) string {
	if strings.IndexByte(s, '\\') < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	inQuotes := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\\' && !inQuotes {
			i++
			if i == len(s) {
				break
			}
			c = s[i]
		} else if c == '"' && (!inQuotes || s[i-1] != '\\') {
			inQuotes = !inQuotes
		}
		b.WriteByte(c)
	}
	return b.String()
}

// splitAssignment splits the text of an ASSIGNMENT token into the property
// name and its value: white space around '=' is dropped, a value that starts
// and ends with a double quote loses them, and the value is unescaped.
//
// GStreamer: gst_parse_split_assignment (gst/parse/grammar.y.in).
func splitAssignment(text string) (name, value string) {
	i := 0
	for i < len(text) && !isSpace(text[i]) && text[i] != '=' {
		i++
	}
	name = text[:i]
	for i < len(text) && (isSpace(text[i]) || text[i] == '=') {
		// The lexer guarantees exactly one '=' surrounded by white space.
		i++
	}
	value = text[i:]
	if len(value) > 0 && value[0] == '"' && value[len(value)-1] == '"' {
		if len(value) == 1 {
			value = ""
		} else {
			value = value[1 : len(value)-1]
		}
	}
	return name, unescape(value)
}

// isCapsStringChar reports the characters a caps string keeps unescaped.
//
// GStreamer: GST_ASCII_IS_STRING (gst/gstvalue.h).
func isCapsStringChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
		c == '_' || c == '-' || c == '+' || c == '/' || c == ':' || c == '.'
}

// strUnwrap resolves the backslash escapes of a link caps string: "\ooo"
// (first digit 0-3) is an octal byte, any other "\c" is c. It reports false
// for a malformed octal escape or a trailing backslash.
//
// GStreamer: str_unwrap (gst/parse/grammar.y.in).
func strUnwrap(s string) (string, bool) {
	if strings.IndexByte(s, '\\') < 0 {
		return s, true
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		c := s[i]
		if isCapsStringChar(c) || c != '\\' {
			b.WriteByte(c)
			i++
			continue
		}
		i++ // skip the backslash
		if i == len(s) {
			return "", false
		}
		if s[i] >= '0' && s[i] <= '3' {
			if i+2 >= len(s) || s[i+1] < '0' || s[i+1] > '7' || s[i+2] < '0' || s[i+2] > '7' {
				return "", false
			}
			b.WriteByte((s[i]-'0')<<6 + (s[i+1]-'0')<<3 + (s[i+2] - '0'))
			i += 3
			continue
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String(), true
}
