package main

import (
	"errors"

	"github.com/gstmini/gstmini/gst"
)

// errNoParser is returned while the core has no launch-line parser.
var errNoParser = errors.New("no launch-line parser in this build")

// parseLaunchv builds a pipeline from the words of a launch line
// (gst.ParseLaunchv). Until the core parser lands it reports errNoParser.
var parseLaunchv = func(argv []string) (gst.Element, error) {
	return nil, errNoParser
}
