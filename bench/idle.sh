#!/usr/bin/env bash
# Target 4 of issue 14: idle cost. A tracker, a sharer limited to RATE bytes/s (default 2500000,
# 20 Mbit/s) and a downloader of a SIZE file (default 64M) on 127.0.0.1, JVM options as the CLI
# uses them (jvm/options.sh). Prints the downloader's and the sharer's CPU in % of one core over
# t = FROM..FROM+FOR s (default 8..20 s; steady state), then the sharer's over 10 s with nobody
# downloading.
# Usage: bench/idle.sh [SIZE] [RATE]   Env: PORT (default 45000; uses PORT..PORT+2), XG (extra JVM
# options for share and get), WORK (default /tmp/p2p-idle), FROM and FOR (the window, seconds;
# the file must last beyond it: SIZE / RATE seconds).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$here/target/p2p.jar"
[[ -f "$jar" ]] || (cd "$here" && ./mvnw -q -B -DskipTests package)
size="${1:-64M}"; rate="${2:-2500000}"; port="${PORT:-45000}"; work="${WORK:-/tmp/p2p-idle}"
rm -rf "$work"; mkdir -p "$work/out"; cd "$work"
head -c "$size" /dev/urandom > file.bin
source "$here/jvm/options.sh"
p2p_record_archive "$jar" # the class-data-sharing archive, as ./p2p and compare.sh use it
p2p_jvm_options "$jar" tracker-c1; t_opts=("${p2p_opts[@]}")
p2p_jvm_options "$jar" share; s_opts=("${p2p_opts[@]}" ${XG:-})
p2p_jvm_options "$jar" get; g_opts=("${p2p_opts[@]}" ${XG:-})
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true' EXIT
java "${t_opts[@]}" -jar "$jar" tracker --port "$port" > t.log 2>&1 & pids+=($!)
for _ in $(seq 100); do grep -q listening t.log && break; sleep 0.1; done
java "${s_opts[@]}" -Dp2p.upload-limit="$rate" -Dp2p.manifest-cache= -jar "$jar" share file.bin \
  --tracker "127.0.0.1:$port" --port $((port + 1)) > s.log 2> s.err & sp=$!; pids+=($sp)
for _ in $(seq 300); do [[ -s s.log ]] && break; sleep 0.1; done
id=$(head -1 s.log | cut -d' ' -f1)
java "${g_opts[@]}" -Dp2p.manifest-cache= -jar "$jar" get "$id" --out out \
  --tracker "127.0.0.1:$port" --port $((port + 2)) --no-progress > g.log 2> g.err & gp=$!; pids+=($gp)
hz=$(getconf CLK_TCK)
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }
pct() { echo "($2 - $1) / $hz / ($4 - $3) * 100" | bc -l | xargs printf '%.1f'; }
from="${FROM:-8}"; for="${FOR:-12}"
sleep "$from"; g0=$(cpu $gp); s0=$(cpu $sp); t0=$(date +%s.%N)
sleep "$for"; g1=$(cpu $gp); s1=$(cpu $sp); t1=$(date +%s.%N)
echo "downloader, steady state at $rate B/s: $(pct "$g0" "$g1" "$t0" "$t1") % of one core"
echo "sharer, uploading:                   $(pct "$s0" "$s1" "$t0" "$t1") % of one core"
wait $gp && echo "get: $(cat g.log)" || { echo "get failed: $(tail -1 g.err)"; exit 1; }
sleep 3; s0=$(cpu $sp); t0=$(date +%s.%N); sleep 10; s1=$(cpu $sp); t1=$(date +%s.%N)
echo "sharer, nobody downloading:          $(pct "$s0" "$s1" "$t0" "$t1") % of one core"
