#!/usr/bin/env bash
# MP4 → HLS remux (issue 4): gstmini, GStreamer (hlssink2) and ffmpeg side
# by side on the same 60 s 1080p30 H.264/AAC file. No re-encoding: each tool
# demuxes, parses and cuts 6 s MPEG-TS segments plus a playlist.
#
#   bash bench/hls.sh                 # all three rows
#   ROWS="gst ffmpeg" bash bench/hls.sh   # only some rows
#
# For each row it prints wall time, CPU time (user+sys) and peak RSS (from
# /usr/bin/time, installed from Debian's "time" package if missing), the
# number of segments written, and the ratios gstmini/GStreamer and
# gstmini/ffmpeg. The input is generated once with ffmpeg (libx264 veryfast,
# GOP 60, 2 B-frames, AAC) and cached in $BENCH_CACHE (default
# ${XDG_CACHE_HOME:-~/.cache}/gstmini-bench).
#
# The gstmini row needs the elements filesrc, qtdemux, queue, h264parse,
# aacparse and hlssink; the script stops with "gstmini lacks element X"
# when one is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

ROWS=${ROWS:-"gstmini gst ffmpeg"}
cache=${BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/gstmini-bench}
mkdir -p "$cache"
input=$cache/bench.mp4

sudo_cmd=""
[ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
need_pkg() { # need_pkg COMMAND PACKAGE
	if ! command -v "$1" >/dev/null; then
		echo "installing $2 (Debian) ..." >&2
		$sudo_cmd apt-get install -y --no-install-recommends "$2" >/dev/null
	fi
}
[ -x /usr/bin/time ] || need_pkg /usr/bin/time time
need_pkg ffmpeg ffmpeg
has_row() { [[ " $ROWS " == *" $1 "* ]]; }
has_row gst && need_pkg gst-launch-1.0 gstreamer1.0-tools

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/bin"
gstmini=$work/bin/gstmini
if has_row gstmini; then
	# pure Go, as shipped: CGO_ENABLED=0 gives a static binary (no libc
	# pages mapped; about 1 MiB less peak RSS than a cgo-enabled build)
	CGO_ENABLED=0 go build -o "$gstmini" ./cmd/gstmini
	for el in filesrc qtdemux queue h264parse aacparse hlssink; do
		if ! "$gstmini" inspect "$el" >/dev/null 2>&1; then
			echo "bench/hls.sh: gstmini lacks element $el (needed for the gstmini row; run with ROWS=\"gst ffmpeg\" to skip it)" >&2
			exit 1
		fi
	done
fi

if [ ! -s "$input" ]; then
	echo "generating $input (60 s 1080p30 H.264 + AAC; this takes a while) ..." >&2
	ffmpeg -nostdin -loglevel error -y \
		-f lavfi -i testsrc2=size=1920x1080:rate=30 -f lavfi -i sine=frequency=440 -t 60 \
		-c:v libx264 -preset veryfast -g 60 -bf 2 -pix_fmt yuv420p -c:a aac \
		"$input.tmp.mp4"
	mv "$input.tmp.mp4" "$input"
fi

demux="filesrc location=$input ! qtdemux name=d d.video_0 ! queue ! h264parse ! hls.video d.audio_0 ! queue ! aacparse ! hls.audio"

# run NAME CMD... runs CMD in a fresh out/ directory under /usr/bin/time and
# records "wall cpu rss_kib segments" in $work/NAME.
run() {
	local name=$1
	shift
	local dir=$work/$name
	mkdir -p "$dir/out"
	if ! (cd "$dir" && /usr/bin/time -f "%e %U %S %M" -o "$dir/time" "$@" >"$dir/log" 2>&1); then
		echo "bench/hls.sh: the $name row failed:" >&2
		tail -20 "$dir/log" >&2
		exit 1
	fi
	local segs
	segs=$(find "$dir/out" -name '*.ts' | wc -l)
	if [ "$segs" -eq 0 ] || [ ! -s "$dir/out/playlist.m3u8" ]; then
		echo "bench/hls.sh: the $name row wrote no segments or no playlist" >&2
		exit 1
	fi
	read -r wall user sys rss <"$dir/time"
	echo "$wall $(echo "$user + $sys" | bc) $rss $segs" >"$work/$name.res"
}

# shellcheck disable=SC2086 # the launch lines are split into words on purpose
if has_row gstmini; then
	run gstmini "$gstmini" launch -q $demux \
		hlssink name=hls location=out/seg%05d.ts playlist-location=out/playlist.m3u8 target-duration=6
fi
# shellcheck disable=SC2086
if has_row gst; then
	run gst gst-launch-1.0 -q $demux \
		hlssink2 name=hls location=out/seg%05d.ts playlist-location=out/playlist.m3u8 target-duration=6 \
		max-files=0 playlist-length=0
fi
if has_row ffmpeg; then
	run ffmpeg ffmpeg -nostdin -loglevel error -i "$input" -c copy -f hls \
		-hls_time 6 -hls_list_size 0 out/playlist.m3u8
fi

echo "MP4 → HLS remux of $(basename "$input") (60 s 1080p30 H.264/AAC, 6 s segments)"
printf "%-10s %10s %10s %12s %9s\n" tool "wall s" "cpu s" "peak RSS MiB" segments
for name in gstmini gst ffmpeg; do
	[ -f "$work/$name.res" ] || continue
	read -r wall cpu rss segs <"$work/$name.res"
	printf "%-10s %10.2f %10.2f %12.1f %9d\n" "$name" "$wall" "$cpu" "$(echo "scale=1; $rss / 1024" | bc)" "$segs"
done
div() { # div A B prints A/B with 2 decimals, or n/a when B is 0
	if [ "$(echo "$2 == 0" | bc)" -eq 1 ]; then echo n/a; else echo "scale=2; $1 / $2" | bc; fi
}
ratio() { # ratio A B prints A/B for wall, cpu and RSS
	[ -f "$work/$1.res" ] && [ -f "$work/$2.res" ] || return 0
	read -r w1 c1 r1 _ <"$work/$1.res"
	read -r w2 c2 r2 _ <"$work/$2.res"
	printf "%-18s wall %6s  cpu %6s  rss %6s\n" "$1/$2" \
		"$(div "$w1" "$w2")" "$(div "$c1" "$c2")" "$(div "$r1" "$r2")"
}
ratio gstmini gst
ratio gstmini ffmpeg
