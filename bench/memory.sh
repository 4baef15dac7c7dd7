#!/usr/bin/env bash
# Target 5: memory. For each SIZE, generates a random file, runs a tracker, a seeder (`share`) and
# a downloader (`get`) on 127.0.0.1, every JVM with -Xmx128m (JAVA_HEAP), and prints the peak RSS
# of the seeder and of the downloader (/usr/bin/time -f %M), the download time, and whether the
# downloaded file is byte-identical. Bounded: each download is killed after TIMEOUT seconds.
# Usage: bench/memory.sh [SIZE...]   (default: 256M 4G; sizes as head -c takes them)
# Env: JAVA_HEAP (default -Xmx128m), WORK (default /tmp/p2p-mem), TIMEOUT (default 600),
#      PORT (tracker port, default 57100), KEEP=1 keeps the generated files.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$here/target/p2p.jar"
[[ -f "$jar" ]] || (cd "$here" && ./mvnw -q -B -DskipTests package)
heap="${JAVA_HEAP:--Xmx128m}"; work="${WORK:-/tmp/p2p-mem}"; timeout_s="${TIMEOUT:-600}"
port="${PORT:-57100}"; sizes=("$@"); [[ ${#sizes[@]} -gt 0 ]] || sizes=(256M 4G)
mkdir -p "$work"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [[ "${KEEP:-0}" == 1 ]] || rm -rf "$work"
}
trap cleanup EXIT
java $heap -jar "$jar" tracker --port "$port" 2>"$work/tracker.log" & pids+=($!)
for _ in $(seq 50); do grep -q listening "$work/tracker.log" && break; sleep 0.2; done
printf '%-6s %10s %14s %14s %10s %s\n' size seconds seeder_rss_MiB getter_rss_MiB MiB/s result
i=0
for size in "${sizes[@]}"; do
  i=$((i + 1))
  f="$work/file-$size.bin"
  [[ -f "$f" ]] || head -c "$size" /dev/urandom >"$f"
  bytes=$(stat -c %s "$f")
  rm -rf "$work/out-$size"; mkdir -p "$work/out-$size"
  seedport=$((port + i))
  /usr/bin/time -f %M -o "$work/seed-$size.rss" java $heap -jar "$jar" share "$f" --id-only \
    --tracker "127.0.0.1:$port" --port "$seedport" >"$work/seed-$size.out" 2>"$work/seed-$size.log" &
  seedpid=$!; pids+=($seedpid)
  for _ in $(seq 600); do [[ -s "$work/seed-$size.out" ]] && break; sleep 0.5; done   # hashing
  id=$(head -1 "$work/seed-$size.out")
  [[ -n "$id" ]] || { echo "seeder of $size did not start"; cat "$work/seed-$size.log"; exit 1; }
  t0=$(date +%s.%N); rc=0
  /usr/bin/time -f %M -o "$work/get-$size.rss" timeout -k 10 "$timeout_s" java $heap -jar "$jar" \
    get "$id" --out "$work/out-$size" --tracker "127.0.0.1:$port" --port 0 --no-progress \
    >"$work/get-$size.out" 2>"$work/get-$size.log" || rc=$?
  t1=$(date +%s.%N)
  # The seeder's peak RSS: stop it (SIGTERM runs a clean shutdown) so time(1) reports.
  pkill -TERM -P "$seedpid" java 2>/dev/null || true; wait "$seedpid" 2>/dev/null || true
  result="exit $rc"
  if [[ $rc == 0 ]]; then
    got=$(head -1 "$work/get-$size.out")
    cmp -s "$f" "$got" && result="identical" || result="DIFFERENT"
  else
    result="$result: $(tail -1 "$work/get-$size.log")"
  fi
  secs=$(echo "$t1 - $t0" | bc -l)
  printf '%-6s %10.1f %14d %14d %10.0f %s\n' "$size" "$secs" \
    $(( $(tail -1 "$work/seed-$size.rss" | tr -dc 0-9) / 1024 )) \
    $(( $(tail -1 "$work/get-$size.rss" | tr -dc 0-9) / 1024 )) \
    "$(echo "$bytes / 1048576 / $secs" | bc -l)" "$result"
  rm -rf "$work/out-$size"
done
