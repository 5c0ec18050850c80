package main

import "github.com/gstmini/gstmini/gst"

// parseLaunchv builds a pipeline from the words of a launch line; tests
// may replace environment.parse.
var parseLaunchv = gst.ParseLaunchv
