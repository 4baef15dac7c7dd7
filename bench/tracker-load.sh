#!/usr/bin/env bash
# Target 4: tracker QUERY throughput and latency. Starts a tracker on 127.0.0.1:PORT, runs the
# load generator dev.p2p.bench.TrackerLoad against it REPEAT times (each bounded by --seconds and
# --max-requests), prints each run's figures, the median throughput and p99, and the tracker's
# CPU time. Usage:
#   bench/tracker-load.sh [CONNECTIONS=4] [PIPELINE=16] [SECONDS=10] [REPEAT=3]
# Env: PORT (default 57000), TRACKER_OPTS (JVM options of the tracker, e.g. -XX:StartFlightRecording=...),
#      LOAD_OPTS (JVM options of the load generator), FILES (default 100), PEERS (per file, default 5),
#      TLS (on, as shipped, or off: the tracker with p2p.tls = off, the load in plaintext).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
conns="${1:-4}"; pipeline="${2:-16}"; secs="${3:-10}"; repeat="${4:-3}"; port="${PORT:-57000}"
jar="$here/target/p2p.jar"
# The load generator is test code (src/test/java/dev/p2p/bench), not part of the product jar.
[[ -f "$jar" && -d "$here/target/test-classes/dev/p2p/bench" ]] || (cd "$here" && ./mvnw -q -B -DskipTests package)
log="$(mktemp)"; out="$(mktemp)"
tls="${TLS:-on}"; [[ "$tls" == off ]] && TRACKER_OPTS="${TRACKER_OPTS:-} -Dp2p.tls=false"
java ${TRACKER_OPTS:-} -jar "$jar" tracker --port "$port" 2>"$log" &
tpid=$!
trap 'kill $tpid 2>/dev/null || true; wait $tpid 2>/dev/null || true; rm -f "$log" "$out"' EXIT
for _ in $(seq 100); do grep -q listening "$log" && break; sleep 0.1; done
grep -q listening "$log" || { cat "$log"; exit 1; }
echo "# tracker pid $tpid on 127.0.0.1:$port, TLS $tls; $conns connections x $pipeline pipelined, ${secs}s per run"
cpu() { awk '{print $14 + $15}' "/proc/$tpid/stat"; }   # utime+stime in clock ticks
hz=$(getconf CLK_TCK)
for i in $(seq 1 "$repeat"); do
  c0=$(cpu); t0=$(date +%s.%N)
  java ${LOAD_OPTS:-} -cp "$here/target/test-classes:$jar:$here/target/lib/*" dev.p2p.bench.TrackerLoad --port "$port" \
    --connections "$conns" --pipeline "$pipeline" --seconds "$secs" --warmup 3 \
    --files "${FILES:-100}" --peers "${PEERS:-5}" --max-requests 100000000 --tls "$tls" | tee -a "$out"
  c1=$(cpu); t1=$(date +%s.%N)
  echo "tracker CPU: $(echo "($c1 - $c0) / $hz / ($t1 - $t0)" | bc -l | xargs printf '%.2f') cores (over the run incl. start-up)"
done
echo "# median of $repeat runs:"
grep -o 'throughput=[0-9]*' "$out" | cut -d= -f2 | sort -n | awk '{a[NR]=$1} END {print "throughput req/s: " a[int((NR+1)/2)]}'
grep -o 'p99=[0-9]*' "$out" | cut -d= -f2 | sort -n | awk '{a[NR]=$1} END {print "p99 us: " a[int((NR+1)/2)]}'
