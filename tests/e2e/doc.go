// Package e2e holds GstMini's end-to-end tests and their helpers: real
// outside programs check what the project writes. StartVersityGW runs an
// S3 server (versitygw) on loopback, the FFprobe helpers read media
// with ffprobe, and PlayHLS plays an HLS directory with hls.js in
// Debian's Chromium.
//
// The tools are installed by .ci/run (apt packages, versitygw built into
// .tools/bin, npm packages in tests/e2e/browser). A test whose tool is
// missing is skipped with the reason, unless GSTMINI_E2E is set (as .ci/run
// does): then a missing tool is a failure, so CI cannot pass by skipping.
//
// GStreamer: none (Go-only test helpers; compare the gst-validate and
// gst-integration-testsuites ideas).
package e2e
