#!/usr/bin/env bash
# Measures the window's cost, as issue "desktop window and tray" asks:
#   start to window shown; CPU and RSS with the window open watching 10
#   hosts at 1 s; CPU with the window hidden (tray only).
# Needs bin/lookout and bin/lookoutd (make build lookoutd), or both in
# $BIN, and runs inside dbus-run-session + xvfb-run (make bench does
# both). The 10 hosts are pull-agent hosts served by one lookoutd agent on
# loopback. scripts/trayhost plays the desktop's tray, so that the tray
# icon registers and is read as on a desktop (without a
# StatusNotifierWatcher on the bus there is no tray at all).
# HISTORY=6h first writes that much history of the 10 hosts at 1 s
# (scripts/fillhistory), so "start to window shown" is measured with it.
# ONLY_START=1 stops after the start (no CPU and RSS runs).
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_MEASURED=${SECONDS_MEASURED:-30}
HISTORY=${HISTORY:-}
ONLY_START=${ONLY_START:-}
BIN=${BIN:-bin}
tmp=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$tmp"' EXIT
go build -o "$tmp/trayhost" ./scripts/trayhost
go build -o "$tmp/fillhistory" ./scripts/fillhistory
"$tmp/trayhost" >"$tmp/trayhost.out" 2>"$tmp/trayhost.log" &
trayhost=$!
until grep -q ready "$tmp/trayhost.out"; do
  sleep 0.05
  kill -0 $trayhost 2>/dev/null || { cat "$tmp/trayhost.log"; exit 1; }
done
export HOME=$tmp XDG_CONFIG_HOME=$tmp/config XDG_STATE_HOME=$tmp/state XDG_DATA_HOME=$tmp/data XDG_CACHE_HOME=$tmp/cache
head -c 24 /dev/urandom | base64 > "$tmp/token"
port=$((20000 + RANDOM % 20000))
"$BIN/lookoutd" agent --listen 127.0.0.1:$port --token-file "$tmp/token" >"$tmp/agent.log" 2>&1 &
{
  echo 'interval = "1s"'
  for i in $(seq 1 10); do
    printf '[[hosts]]\nname = "host-%02d"\nagent = "http://127.0.0.1:%d"\ntoken_file = "%s"\n' "$i" "$port" "$tmp/token"
  done
} > "$tmp/lookout.toml"
"$BIN/lookout" check-config "$tmp/lookout.toml" >/dev/null
if [ -n "$HISTORY" ]; then
  "$tmp/fillhistory" -hosts 10 -interval 1s -span "$HISTORY" >/dev/null
fi

clk=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }
rss_mb() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$1/status"; }
registered() { # n: n tray icons have registered with trayhost so far
  grep -c "registered" "$tmp/trayhost.log" | grep -qx "$1" ||
    { echo "lookout's tray icon did not register:" >&2; cat "$tmp"/*.log >&2; exit 1; }
}
measure() { # pid -> "cpu% rssMB"
  local pid=$1 t0 t1
  sleep 10 # warm up: fonts, first polls, caches
  t0=$(cpu_ticks "$pid")
  sleep "$SECONDS_MEASURED"
  t1=$(cpu_ticks "$pid")
  awk -v a="$t0" -v b="$t1" -v hz="$clk" -v s="$SECONDS_MEASURED" -v r="$(rss_mb "$pid")" \
    'BEGIN { printf "%.2f %s", (b-a)/hz/s*100, r }'
}

start=$(date +%s%N)
"$BIN/lookout" --config "$tmp/lookout.toml" >"$tmp/window.log" 2>&1 &
pid=$!
until xwininfo -root -tree 2>/dev/null | grep -q '"Lookout"'; do
  sleep 0.02
  kill -0 $pid 2>/dev/null || { cat "$tmp/window.log"; exit 1; }
done
shown_ms=$(( ($(date +%s%N) - start) / 1000000 ))
if [ -n "$ONLY_START" ]; then
  kill $pid; wait $pid 2>/dev/null || true
  printf 'window.shown_ms %s\nwindow.history %s\n' "$shown_ms" "${HISTORY:-none}"
  exit 0
fi
read -r open_cpu open_rss <<<"$(measure $pid)"
registered 1
kill $pid; wait $pid 2>/dev/null || true

"$BIN/lookout" --config "$tmp/lookout.toml" window --hidden >"$tmp/hidden.log" 2>&1 &
pid=$!
read -r hidden_cpu hidden_rss <<<"$(measure $pid)"
registered 2
kill $pid; wait $pid 2>/dev/null || true

cat <<TABLE
| window benchmark (10 agent hosts at 1 s, ${SECONDS_MEASURED} s measured) | goal | measured |
|---|---|---|
| start to window shown | < 1 s | ${shown_ms} ms |
| window open: CPU | < 3 % of a core | ${open_cpu} % |
| window open: RSS | < 200 MB | ${open_rss} MB |
| window hidden, tray only: CPU | < 0.5 % of a core | ${hidden_cpu} % (RSS ${hidden_rss} MB) |
TABLE
# The same figures for scripts/benchjson (bench/results.json).
printf 'window.shown_ms %s\nwindow.open_cpu_percent %s\nwindow.open_rss_mb %s\nwindow.hidden_cpu_percent %s\nwindow.hidden_rss_mb %s\n' \
  "$shown_ms" "$open_cpu" "$open_rss" "$hidden_cpu" "$hidden_rss"
