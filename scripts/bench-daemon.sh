#!/usr/bin/env bash
# Measures lookoutd against a large fleet, as issue #18 asks: RSS, CPU and
# bytes written (write_bytes of /proc/PID/io, the history database) of
# `lookoutd run` polling HOSTS pull-agent hosts every INTERVAL, history on.
# The hosts are served by one scripts/fleetserver process on loopback.
# Needs bin/lookoutd (make lookoutd) or $BIN/lookoutd. Prints
# "daemon.KEY VALUE" lines (scripts/benchjson gathers them).
set -euo pipefail
cd "$(dirname "$0")/.."
HOSTS=${HOSTS:-1000}
INTERVAL=${INTERVAL:-5s}
WARMUP=${WARMUP:-60}
SECONDS_MEASURED=${SECONDS_MEASURED:-60}
BIN=${BIN:-bin}
tmp=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"' EXIT
go build -o "$tmp/fleetserver" ./scripts/fleetserver
head -c 24 /dev/urandom | base64 > "$tmp/token"
"$tmp/fleetserver" --token-file "$tmp/token" >"$tmp/fleet.out" 2>"$tmp/fleet.log" &
until grep -q ready "$tmp/fleet.out"; do sleep 0.05; done
addr=$(awk '/ready/ {print $2}' "$tmp/fleet.out")
export HOME=$tmp XDG_CONFIG_HOME=$tmp/config XDG_STATE_HOME=$tmp/state XDG_DATA_HOME=$tmp/data XDG_CACHE_HOME=$tmp/cache
{
  printf 'interval = "%s"\n' "$INTERVAL"
  for i in $(seq 1 "$HOSTS"); do
    printf '[[hosts]]\nname = "host-%04d"\nagent = "http://%s/h/%d"\ntoken_file = "%s"\n' "$i" "$addr" "$i" "$tmp/token"
  done
} > "$tmp/lookout.toml"
"$BIN/lookoutd" run --config "$tmp/lookout.toml" >"$tmp/daemon.log" 2>&1 &
pid=$!
clk=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }
wbytes() { awk '/^write_bytes/ {print $2}' "/proc/$1/io"; }
sleep "$WARMUP"
kill -0 $pid 2>/dev/null || { cat "$tmp/daemon.log" >&2; exit 1; }
t0=$(cpu_ticks $pid); w0=$(wbytes $pid)
sleep "$SECONDS_MEASURED"
t1=$(cpu_ticks $pid); w1=$(wbytes $pid)
rss=$(awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$pid/status")
hwm=$(awk '/VmHWM/ {printf "%.0f", $2/1024}' "/proc/$pid/status")
polls=$(awk -v s="$SECONDS_MEASURED" -v i="${INTERVAL%s}" -v h="$HOSTS" 'BEGIN {print h*s/i}')
# 34 series per fleetserver host (8 cores, 3 filesystems, 2 interfaces, 1 sensor).
awk -v a="$t0" -v b="$t1" -v hz="$clk" -v s="$SECONDS_MEASURED" -v r="$rss" -v m="$hwm" -v w0="$w0" -v w1="$w1" -v p="$polls" -v h="$HOSTS" -v iv="$INTERVAL" -v up="$WARMUP" 'BEGIN {
  printf "daemon.hosts %d\ndaemon.interval %s\ndaemon.after_s %d\n", h, iv, up + s
  printf "daemon.cpu_percent %.2f\ndaemon.rss_mb %d\ndaemon.rss_peak_mb %d\n", (b-a)/hz/s*100, r, m
  printf "daemon.written_bytes_per_sample %.2f\n", (w1-w0)/(p*34)
}'
