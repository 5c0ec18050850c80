package parse

import (
	"errors"
	"testing"
)

// parseCase is one description, the expected dump of its Graph and the
// expected error (nil for none).
type parseCase struct {
	desc string
	dump string
	err  *Error
}

// launchLines are test_lines of tests/check/pipelines/parse-launch.c: all
// build in GStreamer, so all parse here. ("1__dentity" is registered by the
// C test; "could not parse caps" for the escaped array is GStreamer's caps
// parser at build time, not the grammar.)
var launchLines = []parseCase{
	{"filesrc location=music.mp3 ! identity silent=true ! fakesink silent=true", `#0 filesrc location="music.mp3"
#1 identity silent="true"
#2 fakesink silent="true"
link #0 ! #1
link #1 ! #2
`, nil},
	{"filesrc location=music.ogg ! tee ! identity silent=true ! identity silent=true ! fakesink silent=true", `#0 filesrc location="music.ogg"
#1 tee
#2 identity silent="true"
#3 identity silent="true"
#4 fakesink silent="true"
link #0 ! #1
link #1 ! #2
link #2 ! #3
link #3 ! #4
`, nil},
	{"filesrc location=http://domain.com/music.mp3 ! identity silent=true ! fakesink silent=true", `#0 filesrc location="http://domain.com/music.mp3"
#1 identity silent="true"
#2 fakesink silent="true"
link #0 ! #1
link #1 ! #2
`, nil},
	{"filesrc location=movie.avi ! tee name=demuxer ! ( queue ! identity silent=true ! fakesink silent=true ) ( demuxer. ! queue ! identity silent=true ! fakesink silent=true )", `#0 filesrc location="movie.avi"
#1 tee name="demuxer"
#2 bin(bin) {
  #3 queue
  #4 identity silent="true"
  #5 fakesink silent="true"
}
#6 bin(bin) {
  #7 queue
  #8 identity silent="true"
  #9 fakesink silent="true"
}
link #0 ! #1
link #3 ! #4
link #4 ! #5
link #1 ! #3
link demuxer. ! #7
link #7 ! #8
link #8 ! #9
`, nil},
	{"fakesrc ! video/x-raw ! fakesink silent=true", `#0 fakesrc
#1 fakesink silent="true"
link #0 ! #1 caps="video/x-raw"
`, nil},
	{"fakesrc !   video/raw,  format=(string)YUY2; video/raw, format=(string)YV12 ! fakesink silent=true", `#0 fakesrc
#1 fakesink silent="true"
link #0 ! #1 caps="video/raw,  format=(string)YUY2; video/raw, format=(string)YV12"
`, nil},
	{"fakesrc ! audio/x-raw, width=[16,  32], depth={16, 24, 32}, signed=TRUE ! fakesink silent=true", `#0 fakesrc
#1 fakesink silent="true"
link #0 ! #1 caps="audio/x-raw, width=[16,  32], depth={16, 24, 32}, signed=TRUE"
`, nil},
	{"fakesrc ! identity silent=true ! identity silent=true ! identity silent=true ! fakesink silent=true", `#0 fakesrc
#1 identity silent="true"
#2 identity silent="true"
#3 identity silent="true"
#4 fakesink silent="true"
link #0 ! #1
link #1 ! #2
link #2 ! #3
link #3 ! #4
`, nil},
	{"fakesrc name=100 fakesink name=101 silent=true 100. ! 101.", `#0 fakesrc name="100"
#1 fakesink name="101" silent="true"
link 100. ! 101.
`, nil},
	{"fakesrc ! 1__dentity ! fakesink silent=true", `#0 fakesrc
#1 1__dentity
#2 fakesink silent="true"
link #0 ! #1
link #1 ! #2
`, nil},
	{"fakesrc ! tee name=t  t.src_12 ! queue ! fakesink  t.src_3 ! queue ! fakesink", `#0 fakesrc
#1 tee name="t"
#2 queue
#3 fakesink
#4 queue
#5 fakesink
link #0 ! #1
link t.src_12 ! #2
link #2 ! #3
link t.src_3 ! #4
link #4 ! #5
`, nil},
	{"( fakesrc ) ! fakesink", `#0 bin(bin) {
  #1 fakesrc
}
#2 fakesink
link #1 ! #2
`, nil},
	{"( fakesrc name=dasrc ) dasrc. ! fakesink", `#0 bin(bin) {
  #1 fakesrc name="dasrc"
}
#2 fakesink
link dasrc. ! #2
`, nil},
	{"deepsrc. ! fakesink fakesrc  ! ( identity ! ( identity ! (  identity name=deepsrc ) ) )", `#0 fakesink
#1 fakesrc
#2 bin(bin) {
  #3 identity
  #4 bin(bin) {
    #5 identity
    #6 bin(bin) {
      #7 identity name="deepsrc"
    }
  }
}
link deepsrc. ! #0
link #5 ! #7
link #3 ! #5
link #1 ! #3
`, nil},
	{"fakesrc : fakesink", `#0 fakesrc
#1 fakesink
link #0 : #1
`, nil},
	{"fakesrc : video/x-all : fakesink", `#0 fakesrc
#1 fakesink
link #0 : #1 caps="video/x-all"
`, nil},
	{"fakesrc ! video/x-all : fakesink", `#0 fakesrc
#1 fakesink
link #0 : #1 caps="video/x-all"
`, nil},
	{"fakesrc : video/x-all ! fakesink", `#0 fakesrc
#1 fakesink
link #0 : #1 caps="video/x-all"
`, nil},
	{"fakesrc ! audio/x-opus, channel-mapping=(int)<0, 1> ! fakesink silent=true", `#0 fakesrc
#1 fakesink silent="true"
link #0 ! #1 caps="audio/x-opus, channel-mapping=(int)<0, 1>"
`, nil},
	{"fakesrc ! audio/x-opus, channel-mapping=(int)<0,\\ 1> ! fakesink silent=true", `#0 fakesrc
#1 fakesink silent="true"
link #0 ! #1 caps="audio/x-opus, channel-mapping=(int)<0, 1>"
`, nil},
	{"fakesrc ! capsfilter caps=\"audio/x-opus, channel-mapping=(int)<0, 1>\" ! fakesink silent=true", `#0 fakesrc
#1 capsfilter caps="audio/x-opus, channel-mapping=(int)<0, 1>"
#2 fakesink silent="true"
link #0 ! #1
link #1 ! #2
`, nil},
	{"fakesrc ! capsfilter caps=\"audio/x-opus, channel-mapping=(int)<0,\\ 1>\" ! fakesink silent=true", `#0 fakesrc
#1 capsfilter caps="audio/x-opus, channel-mapping=(int)<0, 1>"
#2 fakesink silent="true"
link #0 ! #1
link #1 ! #2
`, nil},
}

// launchLines2 are PIPELINE1..PIPELINE15 of test_launch_lines2 in
// parse-launch.c.
var launchLines2 = []parseCase{
	{"fakesrc", `#0 fakesrc
`, nil},
	{"fakesrc name=donald num-buffers= 27 silent =TruE sizetype = 3 data=   Subbuffer\\ data", `#0 fakesrc name="donald" num-buffers="27" silent="TruE" sizetype="3" data="Subbuffer data"
`, nil},
	{"fakesrc identity silent=true fakesink silent=true", `#0 fakesrc
#1 identity silent="true"
#2 fakesink silent="true"
`, nil},
	{"fakesrc num-buffers=4 .src ! identity silent=true !.sink identity silent=true .src ! .sink fakesink silent=true", `#0 fakesrc num-buffers="4"
#1 identity silent="true"
#2 identity silent="true"
#3 fakesink silent="true"
link #0.src ! #1
link #1 ! #2.sink
link #2.src ! #3.sink
`, nil},
	{"fakesrc num-buffers=4 name=src identity silent=true name=id1 identity silent=true name = id2 fakesink silent=true name =sink src. ! id1. id1.! id2.sink id2.src!sink.sink", `#0 fakesrc num-buffers="4" name="src"
#1 identity silent="true" name="id1"
#2 identity silent="true" name="id2"
#3 fakesink silent="true" name="sink"
link src. ! id1.
link id1. ! id2.sink
link id2.src ! sink.sink
`, nil},
	{"pipeline.(name=\"john\" fakesrc num-buffers=4 ! ( bin. (  queue ! identity silent=true !( queue ! fakesink silent=true )) ))", `#0 bin(pipeline) name="john" {
  #1 fakesrc num-buffers="4"
  #2 bin(bin) {
    #3 bin(bin) {
      #4 queue
      #5 identity silent="true"
      #6 bin(bin) {
        #7 queue
        #8 fakesink silent="true"
      }
    }
  }
}
link #4 ! #5
link #7 ! #8
link #5 ! #7
link #1 ! #4
`, nil},
	{"fakesrc num-buffers=4 ! tee name=tee .src_%u ! queue ! fakesink silent=true tee.src_%u ! queue ! fakesink silent=true queue name =\"foo\" ! fakesink silent=true tee.src_%u ! foo.", `#0 fakesrc num-buffers="4"
#1 tee name="tee"
#2 queue
#3 fakesink silent="true"
#4 queue
#5 fakesink silent="true"
#6 queue name="foo"
#7 fakesink silent="true"
link #0 ! #1
link #1.src_%u ! #2
link #2 ! #3
link tee.src_%u ! #4
link #4 ! #5
link #6 ! #7
link tee.src_%u ! foo.
`, nil},
	{"fakesrc num-buffers=4 ! fakesink silent=true", `#0 fakesrc num-buffers="4"
#1 fakesink silent="true"
link #0 ! #1
`, nil},
	{"fakesrc num-buffers=4 ! test. fakesink silent=true name=test", `#0 fakesrc num-buffers="4"
#1 fakesink silent="true" name="test"
link #0 ! test.
`, nil},
	{"( fakesrc num-buffers=\"4\"  ) ! identity silent=true ! fakesink silent=true", `#0 bin(bin) {
  #1 fakesrc num-buffers="4"
}
#2 identity silent="true"
#3 fakesink silent="true"
link #1 ! #2
link #2 ! #3
`, nil},
	{"fakesink silent=true name = sink identity silent=true name=id ( fakesrc num-buffers=\"4\" ! id. ) id. ! sink.", `#0 fakesink silent="true" name="sink"
#1 identity silent="true" name="id"
#2 bin(bin) {
  #3 fakesrc num-buffers="4"
}
link #3 ! id.
link id. ! sink.
`, nil},
	{"file:///tmp/test.file ! fakesink silent=true", `#0 uri-src "file:///tmp/test.file"
#1 fakesink silent="true"
link #0 ! #1
`, nil},
	{"fakesrc ! file:///tmp/test.file", `#0 fakesrc
#1 uri-sink "file:///tmp/test.file"
link #0 ! #1
`, nil},
	{"capsfilter caps=application/x-rtp,sprop-parameter-sets=(string)\"x\\,x\"", `#0 capsfilter caps="application/x-rtp,sprop-parameter-sets=(string)\"x\\,x\""
`, nil},
	{"capsfilter caps=application/x-rtp,sprop-parameter-sets=(string)\"x\\\"x\\,x\"", `#0 capsfilter caps="application/x-rtp,sprop-parameter-sets=(string)\"x\\\"x\\,x\""
`, nil},
}

// expectedFailures are expected_failures of parse-launch.c. Those that fail
// in GStreamer only when building (no such element, property, URI handler,
// reference, bad caps, unlinkable pads) parse fine here; the syntax-level
// ones report the same error kind and message GStreamer reports first.
var expectedFailures = []parseCase{
	{"fakesrc num-buffers=4 name=\"a=b\"  a=b. ! fakesink silent=true", `#0 fakesrc num-buffers="4" name="a=b" a="b."
#1 fakesink silent="true"
link #0 ! #1
`, nil},
	{"filesrc blocksize=absdff", `#0 filesrc blocksize="absdff"
`, nil},
	{"fakesrc ! video/raw,format=(antwerp)monkeys ! fakesink silent=true", `#0 fakesrc
#1 fakesink silent="true"
link #0 ! #1 caps="video/raw,format=(antwerp)monkeys"
`, nil},
	{"", "", &Error{ErrorEmpty, 0, "empty pipeline not allowed"}},
	{"fakesrc ! ", `#0 fakesrc
`, &Error{ErrorSyntax, 10, "syntax error"}},
	{" ! fakesink silent=true", "", &Error{ErrorSyntax, 1, "syntax error"}},
	{"borky://fdaffd ! fakesink silent=true", `#0 uri-src "borky://fdaffd"
#1 fakesink silent="true"
link #0 ! #1
`, nil},
	{"fakesrc ! borky://fdaffd", `#0 fakesrc
#1 uri-sink "borky://fdaffd"
link #0 ! #1
`, nil},
	{"fakesrc name=src fakesink silent=true name=sink noexiste. ! sink.", `#0 fakesrc name="src"
#1 fakesink silent="true" name="sink"
link noexiste. ! sink.
`, nil},
	{"fakesrc name=src fakesink silent=true name=sink src. ! noexiste.", `#0 fakesrc name="src"
#1 fakesink silent="true" name="sink"
link src. ! noexiste.
`, nil},
	{"fakesink silent=true ! fakesink silent=true", `#0 fakesink silent="true"
#1 fakesink silent="true"
link #0 ! #1
`, nil},
	{"! identity silent=true ! identity silent=true ! fakesink silent=true", "", &Error{ErrorSyntax, 0, "syntax error"}},
	{"bin.( )", `#0 bin(bin) {
}
`, &Error{ErrorEmptyBin, 0, "specified empty bin \"bin\", not allowed"}},
	{"bin.( non_existent_element )", `#0 bin(bin) {
  #1 non_existent_element
}
`, nil},
	{"( filesrc blocksize=4 location=/dev/null @ )", `#0 filesrc blocksize="4" location="/dev/null"
`, &Error{ErrorSyntax, 41, "syntax error"}},
	{"( fakesrc num-buffers=\"4\" ! ) identity silent=true ! fakesink silent=true", `#0 fakesrc num-buffers="4"
`, &Error{ErrorSyntax, 28, "syntax error"}},
	{"pipeline.(name=\"john\" fakesrc num-buffers=4 ( bin. ( ! queue ! identity silent=true !( queue ! fakesink silent=true )) ))", `#0 fakesrc num-buffers="4"
`, &Error{ErrorSyntax, 53, "syntax error"}},
	{"coffeebin.( fakesrc ! identity ! fakesink )", `#0 bin(coffeebin) {
  #1 fakesrc
  #2 identity
  #3 fakesink
}
link #1 ! #2
link #2 ! #3
`, nil},
	{"fakesrc ! coffeebin.( identity ) ! fakesink", `#0 fakesrc
#1 bin(coffeebin) {
  #2 identity
}
#3 fakesink
link #0 ! #2
link #2 ! #3
`, nil},
	{"fakesrc ! .ch0 .ch1 fakesink", `#0 fakesrc
`, &Error{ErrorSyntax, 15, "syntax error"}},
	{"fakesrc .ch0 .ch1 !  fakesink", `#0 fakesrc
`, &Error{ErrorSyntax, 8, "unexpected pad-reference \"ch0\" - ignoring"}},
	{"(fakesrc .ch1) !  fakesink", `#0 bin(bin) {
  #1 fakesrc
}
#2 fakesink
link #1 ! #2
`, &Error{ErrorSyntax, 9, "unexpected pad-reference \"ch1\" - ignoring"}},
	{"(fakesrc name=s  s.ch1) !  fakesink", `#0 bin(bin) {
  #1 fakesrc name="s"
}
#2 fakesink
link <none> ! #2
`, &Error{ErrorSyntax, 17, "unexpected reference \"s\" - ignoring"}},
	{"s.ch1 fakesrc ! fakesink", `#0 fakesrc
#1 fakesink
link #0 ! #1
`, &Error{ErrorSyntax, 0, "unexpected reference \"s\" - ignoring"}},
	{"fakesrc ! fakesink s.ch1", `#0 fakesrc
#1 fakesink
link #0 ! #1
`, &Error{ErrorSyntax, 19, "unexpected reference \"s\" - ignoring"}},
	{"http://eff.org fakesrc ! fakesink", `#0 uri-src "http://eff.org"
#1 fakesrc
#2 fakesink
link #1 ! #2
`, nil},
	{"(", "", &Error{ErrorSyntax, 1, "syntax error"}},
	{")", "", &Error{ErrorSyntax, 0, "syntax error"}},
	{")  (", "", &Error{ErrorSyntax, 0, "syntax error"}},
}

// leakingFailures are leaking_failures of parse-launch.c.
var leakingFailures = []parseCase{
	{"fakesrc ! identity silent=true ! sgsdfagfd @ gfdgfdsgfsgSF", `#0 fakesrc
#1 identity silent="true"
#2 sgsdfagfd
link #0 ! #1
link #1 ! #2
`, &Error{ErrorSyntax, 43, "syntax error"}},
	{"fakesrc ! .foo file:///dev/null", `#0 fakesrc
`, &Error{ErrorSyntax, 15, "syntax error"}},
	{"error-does-not-exist-src", `#0 error-does-not-exist-src
`, nil},
}

// miscLaunchLines are the descriptions of delayed_link, test_missing_elements,
// test_preset and test_parsing of parse-launch.c (the errors there are
// build-time ones), and the request pad test of tests/check/gst/gstelement.c.
var miscLaunchLines = []parseCase{
	{"parsetestelement name=src ! fakesink silent=true name=sink", `#0 parsetestelement name="src"
#1 fakesink silent="true" name="sink"
link #0 ! #1
`, nil},
	{"parsetestelement name=src .src ! .sink fakesink silent=true name=sink", `#0 parsetestelement name="src"
#1 fakesink silent="true" name="sink"
link #0.src ! #1.sink
`, nil},
	{"parsetestelement name=src ! application/x-test-caps ! fakesink silent=true name=sink", `#0 parsetestelement name="src"
#1 fakesink silent="true" name="sink"
link #0 ! #1 caps="application/x-test-caps"
`, nil},
	{"parsetestelement name=src ! application/x-test-caps ! identity silent=true ! application/x-other-caps ! fakesink silent=true name=sink silent=true", `#0 parsetestelement name="src"
#1 identity silent="true"
#2 fakesink silent="true" name="sink" silent="true"
link #0 ! #1 caps="application/x-test-caps"
link #1 ! #2 caps="application/x-other-caps"
`, nil},
	{"fakesrc ! coffeesink", `#0 fakesrc
#1 coffeesink
link #0 ! #1
`, nil},
	{"fakesrc ! bogusenc ! identity ! goomux ! fakesink", `#0 fakesrc
#1 bogusenc
#2 identity
#3 goomux
#4 fakesink
link #0 ! #1
link #1 ! #2
link #2 ! #3
link #3 ! #4
`, nil},
	{"fakesrc ! bogusenc ! mux.sink blahsrc ! goomux name=mux ! fakesink   fakesrc ! goosink", `#0 fakesrc
#1 bogusenc
#2 blahsrc
#3 goomux name="mux"
#4 fakesink
#5 fakesrc
#6 goosink
link #0 ! #1
link #1 ! mux.sink
link #2 ! #3
link #3 ! #4
link #5 ! #6
`, nil},
	{"fakesrc ! identity @preset=\"Wrong preset\" ! fakesink", `#0 fakesrc
#1 identity @preset="\"Wrong preset\""
#2 fakesink
link #0 ! #1
link #1 ! #2
`, nil},
	{"filesrc location=x\\", `#0 filesrc location="x"
`, nil},
}

// docsLaunchLines are gst-launch lines as seen in GStreamer's docs, and the
// caps-with-features forms. A quoted caps string after "!" is a syntax error
// in GStreamer too: the quotes of gst-launch command lines are the shell's,
// and JoinArgv escapes the spaces instead (see TestParseArgv).
var docsLaunchLines = []parseCase{
	{"fakesrc ! test3 name=t ! fakesink t. ! fakesink", `#0 fakesrc
#1 test3 name="t"
#2 fakesink
#3 fakesink
link #0 ! #1
link #1 ! #2
link t. ! #3
`, nil},
	{"videotestsrc ! video/x-raw,width=320 ! fakesink", `#0 videotestsrc
#1 fakesink
link #0 ! #1 caps="video/x-raw,width=320"
`, nil},
	{"filesrc location=a.mp4 ! qtdemux name=d d.video_0 ! queue ! fakesink d.audio_0 ! queue ! fakesink", `#0 filesrc location="a.mp4"
#1 qtdemux name="d"
#2 queue
#3 fakesink
#4 queue
#5 fakesink
link #0 ! #1
link d.video_0 ! #2
link #2 ! #3
link d.audio_0 ! #4
link #4 ! #5
`, nil},
	{"tee name=t t. ! queue ! fakesink t. ! queue ! fakesink", `#0 tee name="t"
#1 queue
#2 fakesink
#3 queue
#4 fakesink
link t. ! #1
link #1 ! #2
link t. ! #3
link #3 ! #4
`, nil},
	{"fakesrc ! ( identity ! fakesink )", `#0 fakesrc
#1 bin(bin) {
  #2 identity
  #3 fakesink
}
link #2 ! #3
link #0 ! #2
`, nil},
	{"pipeline.( fakesrc ! fakesink )", `#0 bin(pipeline) {
  #1 fakesrc
  #2 fakesink
}
link #1 ! #2
`, nil},
	{"fakesrc ! \"video/x-raw(memory:GLMemory), format=RGBA\" ! fakesink", `#0 fakesrc
`, &Error{ErrorSyntax, 10, "syntax error"}},
	{"fakesrc ! video/x-raw(memory:GLMemory),\\ format=RGBA ! fakesink", `#0 fakesrc
#1 fakesink
link #0 ! #1 caps="video/x-raw(memory:GLMemory), format=RGBA"
`, nil},
	{"fakesrc ! video/x-raw(ANY) ! fakesink", `#0 fakesrc
#1 fakesink
link #0 ! #1 caps="video/x-raw(ANY)"
`, nil},
	{"fakesrc ! d.sink", `#0 fakesrc
link #0 ! d.sink
`, nil},
}

// edgeLaunchLines pin down lexer and grammar corners. Their token streams
// and the kind of the first error were checked against GStreamer 1.22's
// parser (GST_DEBUG=GST_PIPELINE:7 shows the flex tokens).
var edgeLaunchLines = []parseCase{
	{"fakesrc ! d/foo", `#0 fakesrc
#1 uri-sink "d/foo"
link #0 ! #1
`, nil},
	{"a ! ./foo ! b", `#0 a
#1 uri-sink "./foo"
link #0 ! #1
`, &Error{ErrorSyntax, 10, "syntax error"}},
	{"a,b=1 ! c", `#0 a
`, &Error{ErrorSyntax, 1, "syntax error"}},
	{"fakesrc name=a ! fakesink a.src,src2 ! fakesink", `#0 fakesrc name="a"
#1 fakesink
#2 fakesink
link #0 ! #1
link a.src,src2 ! #2
`, nil},
	{"fakesrc ! .sink1,sink2 fakesink", `#0 fakesrc
#1 fakesink
link #0 ! #1.sink1,sink2
`, nil},
	{"fakesrc ! fakesink @preset = foo", `#0 fakesrc
#1 fakesink @preset=" foo"
link #0 ! #1
`, nil},
	{"fakesrc name='a b' ! fakesink", `#0 fakesrc name="'a b'"
#1 fakesink
link #0 ! #1
`, nil},
	{"fakesrc name=\"a \\\"b\\\" c\" ! fakesink", `#0 fakesrc name="a \"b\" c"
#1 fakesink
link #0 ! #1
`, nil},
	{"fakesrc name=a\\ b\\\"c ! fakesink", `#0 fakesrc name="a b\"c"
#1 fakesink
link #0 ! #1
`, nil},
	{"identity ! video/x-raw, format=\\\"I420\\\" ! fakesink", `#0 identity
#1 fakesink
link #0 ! #1 caps="video/x-raw, format=\"I420\""
`, nil},
	{"identity ! video/x-raw, a=\\101 ! fakesink", `#0 identity
#1 fakesink
link #0 ! #1 caps="video/x-raw, a=A"
`, nil},
	{"identity ! video/x-raw, a=\\9 ! fakesink", `#0 identity
#1 fakesink
link #0 ! #1 caps="video/x-raw, a=9"
`, nil},
	{"identity ! video/x-raw, a=\\19 ! fakesink", `#0 identity
#1 fakesink
link #0 ! #1 bad-caps="video/x-raw, a=\\19"
`, nil},
	{"identity ! video/x-raw, a=b\\ ! fakesink", `#0 identity
#1 fakesink
link #0 ! #1 bad-caps="video/x-raw, a=b\\"
`, nil},
	{"a ! b ! c ; d", `#0 a
#1 b
#2 c
link #0 ! #1
link #1 ! #2
`, &Error{ErrorSyntax, 10, "syntax error"}},
	{"a ! b ; c ! d", `#0 a
#1 b
link #0 ! #1
`, &Error{ErrorSyntax, 6, "syntax error"}},
	{"a ! video/x-raw;  audio/x-raw ; x/y ! b", `#0 a
#1 b
link #0 ! #1 caps="video/x-raw;  audio/x-raw ; x/y"
`, nil},
	{"a . src ! b", `#0 a
`, &Error{ErrorSyntax, 2, "syntax error"}},
	{"a. src ! b", `#0 src
#1 b
link #0 ! #1
`, &Error{ErrorSyntax, 0, "unexpected reference \"a\" - ignoring"}},
	{"a .( b )", `#0 bin(a) {
  #1 b
}
`, nil},
	{"a.(b)", `#0 bin(a) {
  #1 b
}
`, nil},
	{"a = b", "", &Error{ErrorSyntax, 0, "syntax error"}},
	{"= b", "", &Error{ErrorSyntax, 0, "syntax error"}},
	{"a ! { b }", `#0 a
`, &Error{ErrorSyntax, 4, "syntax error"}},
	{"a ! b.", `#0 a
link #0 ! b.
`, nil},
	{"a.b.c ! d", "", &Error{ErrorSyntax, 0, "unexpected reference \"a\" - ignoring"}},
	{"a:b ! c", `#0 a:b
#1 c
link #0 ! #1
`, nil},
	{"a::b=3 c", "", &Error{ErrorSyntax, 0, "syntax error"}},
	{"bin.(name=x ( y ) z.(w) )", `#0 bin(bin) name="x" {
  #1 bin(bin) {
    #2 y
  }
  #3 bin(z) {
    #4 w
  }
}
`, nil},
	{"a ! :b", `#0 a
`, &Error{ErrorSyntax, 4, "syntax error"}},
	{"a !! b", `#0 a
`, &Error{ErrorSyntax, 3, "syntax error"}},
	{"a ! ! b", `#0 a
`, &Error{ErrorSyntax, 4, "syntax error"}},
	{"a ! video/x-raw ! ! b", `#0 a
`, &Error{ErrorSyntax, 18, "syntax error"}},
	{"x://", `#0 uri-src "x://"
`, nil},
	{"x:// ! y", `#0 uri-src "x://"
#1 y
link #0 ! #1
`, nil},
	{"a ! x://", `#0 a
#1 uri-sink "x://"
link #0 ! #1
`, nil},
	{"x+y-z.w://foo ! a", `#0 uri-src "x+y-z.w://foo"
#1 a
link #0 ! #1
`, nil},
	{"1,2://foo ! a", `#0 1
`, &Error{ErrorSyntax, 1, "syntax error"}},
	{"fakesrc ! e/f ! fakesink", `#0 fakesrc
#1 fakesink
link #0 ! #1 caps="e/f"
`, nil},
	{"'a b'", "", &Error{ErrorSyntax, 0, "syntax error"}},
	{"\"a b\"", "", &Error{ErrorSyntax, 0, "syntax error"}},
	{"a b=\"c d\" e=f\\ g h='i j'", `#0 a b="c d" e="f g" h="'i j'"
`, nil},
	{"a @preset=x @preset=y b=c", `#0 a b="c" @preset="x" @preset="y"
`, nil},
	{"( name=x )", `#0 bin(bin) name="x" {
}
`, &Error{ErrorEmptyBin, 0, "specified empty bin \"bin\", not allowed"}},
	{"( name=x a )", `#0 bin(bin) name="x" {
  #1 a
}
`, nil},
	{"bin.( name=x ) ! b", `#0 bin(bin) name="x" {
}
#1 b
link <none> ! #1
`, &Error{ErrorEmptyBin, 0, "specified empty bin \"bin\", not allowed"}},
	{"a ! ( ) ! b", `#0 a
#1 bin(bin) {
}
#2 b
link #0 ! <none>
link <none> ! #2
`, &Error{ErrorEmptyBin, 4, "specified empty bin \"bin\", not allowed"}},
	{"( a ) ( b ) ! ( c )", `#0 bin(bin) {
  #1 a
}
#2 bin(bin) {
  #3 b
}
#4 bin(bin) {
  #5 c
}
link #3 ! #5
`, nil},
	{"a .src ! ( b ! c ) .src ! d", `#0 a
#1 bin(bin) {
  #2 b
  #3 c
}
#4 d
link #2 ! #3
link #0.src ! #2
link #3.src ! #4
`, nil},
	{"a ! .sink ( b )", `#0 a
#1 bin(bin) {
  #2 b
}
link #0 ! #2.sink
`, nil},
	{"a ! b.sink,sink2,sink3 c", `#0 a
#1 c
link #0 ! b.sink,sink2,sink3
`, nil},
	{"a ! b.,x c", `#0 a
#1 c
link #0 ! b.x
`, nil},
	{"a ! b. ,x c", `#0 a
#1 c
link #0 ! b.x
`, nil},
	{"t. ! t.", `link t. ! t.
`, nil},
	{"t.a,b ! u.c,d", `link t.a,b ! u.c,d
`, nil},
	{"a ! video/x-raw,width=(int)[1,10] ! b", `#0 a
#1 b
link #0 ! #1 caps="video/x-raw,width=(int)[1,10]"
`, nil},
	{"a ! video/x-raw\\,width=1 ! b", `#0 a
#1 b
link #0 ! #1 caps="video/x-raw,width=1"
`, nil},
	{"a ! video/x-raw , width=1 ! b", `#0 a
#1 b
link #0 ! #1 caps="video/x-raw , width=1"
`, nil},
	{"a ! \tvideo/x-raw\t!\tb", `#0 a
#1 b
link #0 ! #1 caps="video/x-raw"
`, nil},
	{"a : video/x-raw : b : c", `#0 a
#1 c
link #0 : #1 caps="video/x-raw : b"
`, nil},
	{"uri=file:///x a", "", &Error{ErrorSyntax, 0, "syntax error"}},
	{"a ! /dev/null", `#0 a
#1 uri-sink "/dev/null"
link #0 ! #1
`, nil},
	{"a ! b/c/d ! e", `#0 a
#1 e
link #0 ! #1 caps="b/c/d"
`, nil},
	{"fakesrc ! \"video/x-raw\" ! fakesink", `#0 fakesrc
`, &Error{ErrorSyntax, 10, "syntax error"}},
	{"fakesrc ! 'video/x-raw' ! fakesink", `#0 fakesrc
`, &Error{ErrorSyntax, 10, "syntax error"}},
	{"fakesrc name=x\"y z\" ! b", `#0 fakesrc name="x\"y"
#1 z
`, &Error{ErrorSyntax, 18, "syntax error"}},
	{"fakesrc name=\" ! b", `#0 fakesrc name=""
#1 b
link #0 ! #1
`, nil},
	{"fakesrc name=\"", `#0 fakesrc name=""
`, nil},
	{"a name=\"x y\\\" ! b", `#0 a name="x y"
#1 b
link #0 ! #1
`, nil},
}

var allCases = [][]parseCase{launchLines, launchLines2, expectedFailures, leakingFailures,
	miscLaunchLines, docsLaunchLines, edgeLaunchLines}

func checkCase(t *testing.T, c parseCase) {
	t.Helper()
	g, err := Parse(c.desc)
	if g == nil {
		t.Fatalf("Parse(%q) returned a nil Graph", c.desc)
	}
	if got := g.String(); got != c.dump {
		t.Errorf("Parse(%q) graph:\n%s\nwant:\n%s", c.desc, got, c.dump)
	}
	if c.err == nil {
		if err != nil {
			t.Errorf("Parse(%q) error = %v, want none", c.desc, err)
		}
		return
	}
	var pe *Error
	if !errors.As(err, &pe) {
		t.Fatalf("Parse(%q) error = %v, want %+v", c.desc, err, *c.err)
	}
	if *pe != *c.err {
		t.Errorf("Parse(%q) error = %+v, want %+v", c.desc, *pe, *c.err)
	}
}

func TestParse(t *testing.T) {
	names := []string{"launchLines", "launchLines2", "expectedFailures", "leakingFailures",
		"misc", "docs", "edge"}
	for i, cases := range allCases {
		t.Run(names[i], func(t *testing.T) {
			for _, c := range cases {
				checkCase(t, c)
			}
		})
	}
}
