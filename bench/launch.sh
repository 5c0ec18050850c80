#!/usr/bin/env bash
# Buffers per second through the same launch lines in gstmini and in
# GStreamer's gst-launch-1.0, side by side on this machine.
#
#   bash bench/launch.sh            # 1,000,000 buffers per line, 3 runs each
#   N=200000 RUNS=1 bash bench/launch.sh
#
# Each line is run RUNS times per tool; the best wall time counts (the least
# disturbed run). Prints buffers/s for both and the ratio gstmini/GStreamer.
set -euo pipefail
cd "$(dirname "$0")/.."

N=${N:-1000000}
RUNS=${RUNS:-3}

if ! command -v gst-launch-1.0 >/dev/null; then
	echo "installing gstreamer1.0-tools (Debian) ..." >&2
	sudo_cmd=""
	[ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
	$sudo_cmd apt-get install -y --no-install-recommends gstreamer1.0-tools >/dev/null
fi

bin=$(mktemp -d)/gstmini
# pure Go, as shipped (static binary)
CGO_ENABLED=0 go build -o "$bin" ./cmd/gstmini

src="fakesrc num-buffers=$N sizetype=empty"
ids=""
for _ in $(seq 10); do ids="$ids identity silent=true !"; done
lines=(
	"straight|$src ! fakesink"
	"10 identities|$src !$ids fakesink"
	"1 queue|$src ! queue ! fakesink"
	"4 queues|$src ! queue ! queue ! queue ! queue ! fakesink"
	"tee, 2 queued branches|$src ! tee name=t t. ! queue ! fakesink t. ! queue ! fakesink"
	"4 KiB buffers|fakesrc num-buffers=$N sizetype=fixed sizemin=4096 sizemax=4096 ! fakesink"
	"4 KiB buffers, 1 queue|fakesrc num-buffers=$N sizetype=fixed sizemin=4096 sizemax=4096 ! queue ! fakesink"
)

# best_seconds CMD... prints the best wall time of RUNS runs, in seconds.
best_seconds() {
	local best="" t0 t1 s
	for _ in $(seq "$RUNS"); do
		t0=$(date +%s%N)
		"$@" >/dev/null
		t1=$(date +%s%N)
		s=$(( t1 - t0 ))
		if [ -z "$best" ] || [ "$s" -lt "$best" ]; then best=$s; fi
	done
	awk -v ns="$best" 'BEGIN { printf "%.4f", ns / 1e9 }'
}

printf '%-26s %16s %16s %8s\n' "pipeline ($N buffers)" "gstmini buf/s" "GStreamer buf/s" "ratio"
for entry in "${lines[@]}"; do
	name=${entry%%|*}
	line=${entry#*|}
	# shellcheck disable=SC2086 # the launch line is split into words on purpose
	ours=$(best_seconds "$bin" launch -q $line)
	# shellcheck disable=SC2086
	theirs=$(best_seconds gst-launch-1.0 -q $line)
	awk -v n="$N" -v a="$ours" -v b="$theirs" -v name="$name" 'BEGIN {
		ra = n / a; rb = n / b
		printf "%-26s %13.2f M/s %13.2f M/s %7.2fx\n", name, ra / 1e6, rb / 1e6, ra / rb
	}'
done
