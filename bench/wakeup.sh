#!/usr/bin/env bash
# Sink wake-up lateness, GstMini next to GStreamer: a live source at 100 and
# 1000 buffers/s into a sink with sync=true; each prints how late the sink
# rendered after the buffer's clock time (p50, p99, max in µs).
#
#   bash bench/wakeup.sh
#
# Installs Debian's GStreamer development files and videotestsrc if missing,
# builds bench/wakeup-gst/gst_wakeup.c with gcc and bench/wakeup with go.
# Run it on an otherwise idle machine: other load shows up in p99 and max.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! pkg-config --exists gstreamer-base-1.0 2>/dev/null || ! gst-inspect-1.0 videotestsrc >/dev/null 2>&1; then
	echo "installing GStreamer (Debian) ..." >&2
	sudo_cmd=""
	[ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
	$sudo_cmd apt-get install -y --no-install-recommends libgstreamer1.0-dev \
		gstreamer1.0-plugins-base gstreamer1.0-tools pkg-config gcc >/dev/null
fi

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
go build -o "$dir/wakeup" ./bench/wakeup
# shellcheck disable=SC2046 # pkg-config prints several flags
gcc -O2 -o "$dir/gst_wakeup" bench/wakeup-gst/gst_wakeup.c $(pkg-config --cflags --libs gstreamer-1.0 gstreamer-base-1.0)

for rate in 100 1000; do
	n=$(( rate * 3 ))
	"$dir/wakeup" -rate "$rate" -n "$n"
	"$dir/gst_wakeup" "$rate" "$n"
done
