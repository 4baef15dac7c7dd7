#!/usr/bin/env bash
# Where a pair's CPU goes (bench/RESULTS.md §13): a tracker, a `share` and one `get` of SIZE on
# 127.0.0.1 with the JVM settings of jvm/options.sh (the adapter's), the sharer and the getter
# under `perf record` with Java symbols (-XX:+PreserveFramePointer, -XX:+DumpPerfMapAtExit).
# Prints the CPU (user+sys) of both processes and, for each, the shares of the threads and of the
# top symbols. Usage (root or perf_event_paranoid <= 1; extra JVM options in P2P_JAVA_OPTS,
# e.g. -Dp2p.tls=false for plaintext):
#   bench/profile.sh [SIZE=1G] [TOP=25]
# The raw data stays in $P2P_PROFILE_DIR (default /tmp/p2p-profile) for `perf report -i`.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$here/target/p2p.jar"
[[ -f "$jar" ]] || (cd "$here" && ./mvnw -q -B -DskipTests package)
source "$here/jvm/options.sh"
p2p_record_archive "$jar"
size="${1:-1G}"; top="${2:-25}"
case "$size" in
  *G) bytes=$(( ${size%G} << 30 )) ;;
  *M) bytes=$(( ${size%M} << 20 )) ;;
  *) bytes="$size" ;;
esac
out="${P2P_PROFILE_DIR:-/tmp/p2p-profile}"; rm -rf "$out"; mkdir -p "$out"
tp="${P2P_BENCH_PORT:-42290}"; sp=$((tp + 1))
trap 'kill $(jobs -p) 2>/dev/null || true' EXIT
up() { for _ in $(seq 1 300); do (echo >"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.05; done; return 1; }
perfjvm=(-XX:+PreserveFramePointer -XX:+UnlockDiagnosticVMOptions -XX:+DumpPerfMapAtExit)

p2p_jvm_options "$jar" tracker-c1
# shellcheck disable=SC2086 # P2P_JAVA_OPTS are words
java "${p2p_opts[@]}" ${P2P_JAVA_OPTS:-} -jar "$jar" tracker --port "$tp" >/dev/null 2>&1 &
up "$tp"
head -c "$bytes" /dev/urandom >"$out/f.bin"
p2p_jvm_options "$jar" share
# shellcheck disable=SC2086
java "${p2p_opts[@]}" "${perfjvm[@]}" ${P2P_JAVA_OPTS:-} -jar "$jar" share "$out/f.bin" --id-only \
  --tracker "127.0.0.1:$tp" --port "$sp" >"$out/id" 2>"$out/share.err" & seeder=$!
for _ in $(seq 1 600); do [[ -s "$out/id" ]] && break; sleep 0.1; done
id="$(head -1 "$out/id")"
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
before=$(ticks "$seeder")
perf record -q -F 997 -g -p "$seeder" -o "$out/share.data" 2>/dev/null & sperf=$!
p2p_jvm_options "$jar" get
# shellcheck disable=SC2086
/usr/bin/time -q -f "%U %S %e" -o "$out/get.time" perf record -q -F 997 -g -o "$out/get.data" -- \
  java "${p2p_opts[@]}" "${perfjvm[@]}" ${P2P_JAVA_OPTS:-} -jar "$jar" get "$id" --out "$out/dl" \
  --tracker "127.0.0.1:$tp" --port 0 --json --no-progress >"$out/get.json" 2>"$out/get.err"
shared=$(( $(ticks "$seeder") - before ))
kill -INT "$sperf"; wait "$sperf" 2>/dev/null || true
kill "$seeder"; wait "$seeder" 2>/dev/null || true
read -r u s e <"$out/get.time"
hz=$(getconf CLK_TCK)
echo "get: wall ${e} s, cpu $(echo "$u + $s" | bc) s (user $u, sys $s; with perf's own)"
echo "share during the get: cpu $(echo "scale=2; $shared / $hz" | bc) s"
cmp -s "$out/f.bin" "$out/dl/f.bin" && echo "file identical" || echo "FILE DIFFERS"
for side in get share; do
  echo; echo "== $side: threads (% of samples)"
  perf report -i "$out/$side.data" --no-children --sort comm --stdio 2>/dev/null | grep -E '^ +[0-9]' | head -12
  echo "== $side: top symbols (self)"
  perf report -i "$out/$side.data" --no-children --sort dso,sym --stdio 2>/dev/null | grep -E '^ +[0-9]' | head -"$top"
done
