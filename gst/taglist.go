package gst

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
)

// Standard tag names.
//
// GStreamer: GST_TAG_* (gst/gsttaglist.h).
const (
	TagTitle           = "title"            // string: commonly used title
	TagArtist          = "artist"           // string: person(s) responsible for the recording
	TagAlbum           = "album"            // string: album containing this data
	TagGenre           = "genre"            // string: genre
	TagComment         = "comment"          // string: free text comment
	TagDate            = "date"             // date the data was created
	TagDateTime        = "datetime"         // date and time the data was created
	TagDescription     = "description"      // string: short description
	TagLocation        = "location"         // string: origin of the media
	TagHomepage        = "homepage"         // string: homepage for this media
	TagCopyright       = "copyright"        // string: copyright notice
	TagLicense         = "license"          // string: license
	TagOrganization    = "organization"     // string: organization
	TagPerformer       = "performer"        // string: person(s) performing
	TagComposer        = "composer"         // string: person(s) who composed the recording
	TagTrackNumber     = "track-number"     // uint: track number inside a collection
	TagTrackCount      = "track-count"      // uint: number of tracks in the collection
	TagDuration        = "duration"         // uint64: length in ns
	TagCodec           = "codec"            // string: codec the data is stored in
	TagVideoCodec      = "video-codec"      // string: codec the video data is stored in
	TagAudioCodec      = "audio-codec"      // string: codec the audio data is stored in
	TagSubtitleCodec   = "subtitle-codec"   // string: codec the subtitle data is stored in
	TagContainerFormat = "container-format" // string: container format the data is stored in
	TagBitrate         = "bitrate"          // uint: exact or average bitrate in bits/s
	TagNominalBitrate  = "nominal-bitrate"  // uint: nominal bitrate in bits/s
	TagMinimumBitrate  = "minimum-bitrate"  // uint: minimum bitrate in bits/s
	TagMaximumBitrate  = "maximum-bitrate"  // uint: maximum bitrate in bits/s
	TagEncoder         = "encoder"          // string: encoder used
	TagEncoderVersion  = "encoder-version"  // uint: version of the encoder
	TagLanguageCode    = "language-code"    // string: ISO-639-2 or ISO-639-1 language code
	TagLanguageName    = "language-name"    // string: language name
	TagKeywords        = "keywords"         // string: comma-separated keywords
	TagImage           = "image"            // sample: image related to the stream
	TagPreviewImage    = "preview-image"    // sample: preview image
)

// tagsWithMerge lists the standard tags GStreamer registers with a merge
// function: for these, APPEND and PREPEND keep several values; for every
// other tag a second value is only stored by REPLACE(_ALL)/PREPEND.
var tagsWithMerge = map[string]bool{
	TagTitle: true, TagArtist: true, TagAlbum: true, "album-artist": true, TagGenre: true,
	TagComment: true, "extended-comment": true, TagTrackNumber: true, TagTrackCount: true,
	"album-disc-number": true, "album-disc-count": true, TagLocation: true, TagHomepage: true,
	TagDescription: true, TagOrganization: true, "encoded-by": true, "contact": true,
	TagPerformer: true, TagComposer: true, "conductor": true, TagCodec: true, TagImage: true,
	"attachment": true, TagKeywords: true, "show-name": true, "show-episode-number": true,
	"show-season-number": true, "lyrics": true, "publisher": true, "interpreted-by": true,
	"private-data": true,
}

// TagScope says whether tags describe one stream or the whole content.
//
// GStreamer: GstTagScope (gst/gsttaglist.h).
type TagScope int

// The tag scopes.
//
// GStreamer: GST_TAG_SCOPE_* (gst/gsttaglist.h).
const (
	TagScopeStream TagScope = 0 // tags specific to this stream (default)
	TagScopeGlobal TagScope = 1 // tags about the whole content (all streams)
)

// TagMergeMode says how new tag values combine with existing ones.
//
// GStreamer: GstTagMergeMode (gst/gsttaglist.h).
type TagMergeMode int

// The tag merge modes.
//
// GStreamer: GST_TAG_MERGE_* (gst/gsttaglist.h).
const (
	TagMergeUndefined  TagMergeMode = 0 // undefined; refused
	TagMergeReplaceAll TagMergeMode = 1 // clear the list, then add (for Merge); replace for Add
	TagMergeReplace    TagMergeMode = 2 // replace existing values of the tag
	TagMergeAppend     TagMergeMode = 3 // append after existing values
	TagMergePrepend    TagMergeMode = 4 // prepend before existing values
	TagMergeKeep       TagMergeMode = 5 // keep existing values; add only new tags
	TagMergeKeepAll    TagMergeMode = 6 // keep everything; add nothing
)

type tagEntry struct {
	name   string
	values []any
}

// TagList holds metadata: tag names with one or more values each, in
// insertion order, and a scope. It is not safe for concurrent mutation;
// once attached to an event or message it must not be modified.
//
// GStreamer: GstTagList (gst/gsttaglist.c).
type TagList struct {
	scope TagScope
	tags  []tagEntry
}

// NewTagList returns an empty stream-scoped tag list.
//
// GStreamer: gst_tag_list_new_empty (gst/gsttaglist.c).
func NewTagList() *TagList { return &TagList{} }

// Scope returns the list's scope.
//
// GStreamer: gst_tag_list_get_scope (gst/gsttaglist.c).
func (l *TagList) Scope() TagScope { return l.scope }

// SetScope sets the list's scope.
//
// GStreamer: gst_tag_list_set_scope (gst/gsttaglist.c).
func (l *TagList) SetScope(s TagScope) { l.scope = s }

func (l *TagList) find(tag string) int {
	for i := range l.tags {
		if l.tags[i].name == tag {
			return i
		}
	}
	return -1
}

// Add adds values to tag following mode, one value at a time, as
// gst_tag_list_add: REPLACE(_ALL) sets the tag to the value, APPEND/PREPEND
// add it after/before the existing values for tags with a merge function
// (title, artist...) and otherwise only set it when absent (APPEND) or
// replace it (PREPEND), KEEP sets it only when absent, KEEP_ALL does
// nothing. Unknown tag names are accepted (GStreamer refuses unregistered
// tags) and behave like tags without merge function. Values are not type
// checked. An invalid mode adds nothing.
//
// GStreamer: gst_tag_list_add (gst/gsttaglist.c).
func (l *TagList) Add(mode TagMergeMode, tag string, values ...any) {
	if mode <= TagMergeUndefined || mode > TagMergeKeepAll {
		return
	}
	for _, v := range values {
		l.addValue(mode, tag, []any{v})
	}
}

// addValue adds vals (one value, or the whole value list of a tag when
// merging lists) to tag.
func (l *TagList) addValue(mode TagMergeMode, tag string, vals []any) {
	i := l.find(tag)
	set := func() {
		nv := append([]any(nil), vals...)
		if i < 0 {
			l.tags = append(l.tags, tagEntry{name: tag, values: nv})
		} else {
			l.tags[i].values = nv
		}
	}
	if tagsWithMerge[tag] && i >= 0 {
		switch mode {
		case TagMergeReplaceAll, TagMergeReplace:
			set()
		case TagMergePrepend:
			l.tags[i].values = append(append([]any(nil), vals...), l.tags[i].values...)
		case TagMergeAppend:
			l.tags[i].values = append(l.tags[i].values, vals...)
		}
		return
	}
	switch mode {
	case TagMergeAppend, TagMergeKeep:
		if i >= 0 {
			return
		}
		set()
	case TagMergeReplaceAll, TagMergeReplace, TagMergePrepend:
		set()
	}
}

// Value returns the first value of tag.
//
// GStreamer: gst_tag_list_get_value_index (gst/gsttaglist.c) with index 0.
func (l *TagList) Value(tag string) (any, bool) {
	if i := l.find(tag); i >= 0 && len(l.tags[i].values) > 0 {
		return l.tags[i].values[0], true
	}
	return nil, false
}

// Values returns a copy of all values of tag, or nil.
//
// GStreamer: gst_tag_list_get_value_index (gst/gsttaglist.c) for each index.
func (l *TagList) Values(tag string) []any {
	if i := l.find(tag); i >= 0 {
		return append([]any(nil), l.tags[i].values...)
	}
	return nil
}

// Size returns the number of values of tag.
//
// GStreamer: gst_tag_list_get_tag_size (gst/gsttaglist.c).
func (l *TagList) Size(tag string) int {
	if i := l.find(tag); i >= 0 {
		return len(l.tags[i].values)
	}
	return 0
}

// NTags returns the number of tags in the list.
//
// GStreamer: gst_tag_list_n_tags (gst/gsttaglist.c).
func (l *TagList) NTags() int { return len(l.tags) }

// NthTagName returns the name of the i-th tag, or "" if out of range.
//
// GStreamer: gst_tag_list_nth_tag_name (gst/gsttaglist.c).
func (l *TagList) NthTagName(i int) string {
	if i < 0 || i >= len(l.tags) {
		return ""
	}
	return l.tags[i].name
}

// RemoveTag removes tag and all its values.
//
// GStreamer: gst_tag_list_remove_tag (gst/gsttaglist.c).
func (l *TagList) RemoveTag(tag string) {
	if i := l.find(tag); i >= 0 {
		l.tags = append(l.tags[:i], l.tags[i+1:]...)
	}
}

// IsEmpty reports whether the list has no tags.
//
// GStreamer: gst_tag_list_is_empty (gst/gsttaglist.c).
func (l *TagList) IsEmpty() bool { return l == nil || len(l.tags) == 0 }

// Copy returns a copy of the list (values are copied shallowly).
//
// GStreamer: gst_tag_list_copy (gst/gsttaglist.c).
func (l *TagList) Copy() *TagList {
	c := &TagList{scope: l.scope, tags: make([]tagEntry, len(l.tags))}
	for i, t := range l.tags {
		c.tags[i] = tagEntry{name: t.name, values: append([]any(nil), t.values...)}
	}
	return c
}

// Insert inserts the tags of from into l following mode; REPLACE_ALL first
// clears l.
//
// GStreamer: gst_tag_list_insert (gst/gsttaglist.c).
func (l *TagList) Insert(from *TagList, mode TagMergeMode) {
	if mode <= TagMergeUndefined || mode > TagMergeKeepAll || from == nil {
		return
	}
	if mode == TagMergeReplaceAll {
		l.tags = nil
	}
	for _, t := range from.tags {
		l.addValue(mode, t.name, t.values)
	}
}

// Merge returns a new list with the tags of l and other merged following
// mode (l's tags first). Either list may be nil; Merge(nil, nil) is nil.
// The result has l's scope.
//
// GStreamer: gst_tag_list_merge (gst/gsttaglist.c).
func (l *TagList) Merge(other *TagList, mode TagMergeMode) *TagList {
	if l == nil && other == nil {
		return nil
	}
	var res *TagList
	if l != nil {
		res = l.Copy()
	} else {
		res = NewTagList()
	}
	if other == nil {
		other = NewTagList()
	}
	res.Insert(other, mode)
	return res
}

// IsEqual reports whether both lists hold the same tags with equal values
// (in the same order per tag; the order of tags does not matter). Doubles
// are equal when they differ by less than 1e-7, as in GStreamer.
//
// GStreamer: gst_tag_list_is_equal (gst/gsttaglist.c).
func (l *TagList) IsEqual(other *TagList) bool {
	if l == other {
		return true
	}
	if l == nil || other == nil || len(l.tags) != len(other.tags) {
		return false
	}
	for _, t := range l.tags {
		j := other.find(t.name)
		if j < 0 || len(other.tags[j].values) != len(t.values) {
			return false
		}
		for k, v := range t.values {
			if !tagValuesEqual(v, other.tags[j].values[k]) {
				return false
			}
		}
	}
	return true
}

func tagValuesEqual(a, b any) bool {
	if fa, ok := a.(float64); ok {
		if fb, ok := b.(float64); ok {
			// gst_tag_list_fields_equal: absolute tolerance for doubles.
			d := fa - fb
			return fa == fb || (d < 0.0000001 && d > -0.0000001)
		}
	}
	return reflect.DeepEqual(a, b)
}

// String serializes the list as a structure named "taglist", e.g.
// `taglist, title=(string)foo, bitrate=(uint)128000;`. Several values print
// as a list: `artist=(string){ a, b }`. Strings are quoted and escaped like
// GStreamer when they contain other characters than [A-Za-z0-9_+-/:.].
//
// GStreamer: gst_tag_list_to_string (gst/gsttaglist.c).
func (l *TagList) String() string {
	var b strings.Builder
	b.WriteString("taglist")
	for _, t := range l.tags {
		if len(t.values) == 0 {
			continue
		}
		b.WriteString(", ")
		b.WriteString(t.name)
		b.WriteString("=(")
		typ, _ := serializeTagValue(t.values[0])
		b.WriteString(typ)
		b.WriteByte(')')
		if len(t.values) == 1 {
			_, s := serializeTagValue(t.values[0])
			b.WriteString(s)
			continue
		}
		b.WriteString("{ ")
		for i, v := range t.values {
			if i > 0 {
				b.WriteString(", ")
			}
			_, s := serializeTagValue(v)
			b.WriteString(s)
		}
		b.WriteString(" }")
	}
	b.WriteByte(';')
	return b.String()
}

// serializeTagValue returns GStreamer's type abbreviation and serialized
// form of v.
func serializeTagValue(v any) (typ, s string) {
	switch x := v.(type) {
	case string:
		return "string", wrapTagString(x)
	case bool:
		if x {
			return "boolean", "true"
		}
		return "boolean", "false"
	case int:
		return "int", strconv.Itoa(x)
	case int32:
		return "int", strconv.FormatInt(int64(x), 10)
	case uint:
		return "uint", strconv.FormatUint(uint64(x), 10)
	case uint32:
		return "uint", strconv.FormatUint(uint64(x), 10)
	case int64:
		return "gint64", strconv.FormatInt(x, 10)
	case uint64:
		return "guint64", strconv.FormatUint(x, 10)
	case ClockTime:
		return "guint64", strconv.FormatUint(uint64(x), 10)
	case float64:
		return "double", strconv.FormatFloat(x, 'g', 17, 64)
	case float32:
		return "float", strconv.FormatFloat(float64(x), 'g', 17, 64)
	case fmt.Stringer:
		return "string", wrapTagString(x.String())
	}
	return "string", wrapTagString(fmt.Sprint(v))
}

func isSimpleStringChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
		c == '_' || c == '-' || c == '+' || c == '/' || c == ':' || c == '.'
}

// wrapTagString quotes and escapes s like GStreamer's string serializer when it
// is empty, "NULL", or holds characters outside [A-Za-z0-9_+-/:.].
func wrapTagString(s string) string {
	wrap := s == "" || s == "NULL"
	for i := 0; i < len(s) && !wrap; i++ {
		wrap = !isSimpleStringChar(s[i])
	}
	if !wrap {
		return s
	}
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case isSimpleStringChar(c):
			b.WriteByte(c)
		case c < 0x20 || c >= 0x7f:
			b.WriteByte('\\')
			b.WriteByte('0' + c>>6)
			b.WriteByte('0' + (c>>3)&7)
			b.WriteByte('0' + c&7)
		default:
			b.WriteByte('\\')
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}
