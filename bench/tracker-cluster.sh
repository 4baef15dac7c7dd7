#!/usr/bin/env bash
# The clustered tracker (issue 11): starts 3 tracker nodes on loopback (plaintext, like
# bench/tracker-load.sh's tracker), runs the QUERY load generator (dev.p2p.bench.TrackerLoad)
# against all three at once and prints the total QUERY/s and the worst p99 next to a single-node
# tracker under the same total load; then measures the failover timeline over KILLS rounds: 30
# files registered through one node, kill -9 of the next, time until every file answers through
# the third (dev.p2p.bench.ClusterFailover), and the killed node restarted. Usage:
#   bench/tracker-cluster.sh [CONNECTIONS=2] [PIPELINE=16] [SECONDS=8] [KILLS=5]
# CONNECTIONS is per node (the single node gets 3x). Env: BASE_PORT (default 57100).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
conns="${1:-2}"; pipeline="${2:-16}"; secs="${3:-8}"; kills="${4:-5}"; base="${BASE_PORT:-57100}"
jar="$here/target/p2p.jar"
[[ -f "$jar" && -f "$here/target/test-classes/dev/p2p/bench/ClusterFailover.class" ]] ||
  (cd "$here" && ./mvnw -q -B -DskipTests package)
cp="$here/target/test-classes:$jar:$here/target/lib/*"
tmp="$(mktemp -d)"
tcp=("$base" "$((base + 1))" "$((base + 2))"); clu=("$((base + 10))" "$((base + 11))" "$((base + 12))")
join="127.0.0.1:${clu[0]},127.0.0.1:${clu[1]},127.0.0.1:${clu[2]}"
pids=(0 0 0)
cleanup() { for p in "${pids[@]}" ${single:-}; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT
start_node() {  # $1 = index; waits until the node says it is up
  : >"$tmp/node$1.log"
  java -Dp2p.tls=off -Dp2p.state-dir= -jar "$jar" tracker --port "${tcp[$1]}" --cluster-port "${clu[$1]}" \
    --join "$join" 2>"$tmp/node$1.log" &
  pids[$1]=$!
}
wait_up() {
  for _ in $(seq 600); do grep -q " is up" "$tmp/node$1.log" && return 0; sleep 0.1; done
  cat "$tmp/node$1.log"; exit 1
}
load() {  # $1 = port, $2 = connections, $3 = output file
  java -cp "$cp" dev.p2p.bench.TrackerLoad --port "$1" --connections "$2" --pipeline "$pipeline" \
    --seconds "$secs" --warmup 3 --files 100 --peers 5 >"$3"
}
figures() { sed -n 's/.*throughput=\([0-9]*\).*p99=\([0-9]*\).*/\1 \2/p' "$@"; }

for i in 0 1 2; do start_node "$i"; done
for i in 0 1 2; do wait_up "$i"; done
echo "# 3 nodes up on 127.0.0.1:${tcp[*]} (cluster ports ${clu[*]}); $conns connections x $pipeline pipelined per node, ${secs}s"
loads=()
for i in 0 1 2; do load "${tcp[$i]}" "$conns" "$tmp/load$i.out" & loads+=($!); done
wait "${loads[@]}"
figures "$tmp"/load?.out | awk '{t += $1; if ($2 > p) p = $2} END {printf "cluster of 3: total %d QUERY/s, worst p99 %d us\n", t, p}'

java -Dp2p.tls=off -Dp2p.state-dir= -jar "$jar" tracker --port "$((base + 5))" 2>"$tmp/single.log" &
single=$!
for _ in $(seq 100); do grep -q listening "$tmp/single.log" && break; sleep 0.1; done
load "$((base + 5))" "$((conns * 3))" "$tmp/single.out"
figures "$tmp/single.out" | awk '{printf "single node:  total %d QUERY/s, p99 %d us\n", $1, $2}'
kill "$single"; wait "$single" 2>/dev/null || true; single=""

echo "# failover: kill -9 of one node, 30 files registered through another, QUERY through the third"
for k in $(seq 1 "$kills"); do
  r=$(( (k - 1) % 3 )); v=$(( k % 3 )); q=$(( (k + 1) % 3 ))   # register, victim, query
  coproc probe { java -cp "$cp" dev.p2p.bench.ClusterFailover --register "${tcp[$r]}" --query "${tcp[$q]}" --seed "$k"; }
  read -r ready <&"${probe[0]}"; [[ "$ready" == READY ]] || { echo "probe: $ready"; exit 1; }
  kill -9 "${pids[$v]}"; wait "${pids[$v]}" 2>/dev/null || true
  echo go >&"${probe[1]}"
  read -r result <&"${probe[0]}"
  wait "$probe_PID" 2>/dev/null || true
  echo "kill $k (node $v): $result"
  start_node "$v"; wait_up "$v"
done
