#!/usr/bin/env bash
# Target 6: scale in one JVM. Runs `p2p simulate` (a tracker, one seeder and N re-sharing
# downloaders in one JVM on 127.0.0.1) REPEAT times and prints each run's figures (the command
# prints time and heap) and the peak RSS. Bounded: each run is killed after TIMEOUT seconds.
# Usage: bench/simulate.sh [PEERS=200] [SIZE=16M] [REPEAT=3]
# Env: P2P_JAVA_OPTS (e.g. -Xmx512m), TIMEOUT (default 300 s).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
peers="${1:-200}"; size="${2:-16M}"; repeat="${3:-3}"; timeout_s="${TIMEOUT:-300}"
jar="$here/target/p2p.jar"
[[ -f "$jar" ]] || (cd "$here" && ./mvnw -q -B -DskipTests package)
echo "# simulate --peers $peers --size $size, ${repeat}x; ulimit -n $(ulimit -n); P2P_JAVA_OPTS='${P2P_JAVA_OPTS:-}'"
log="$(mktemp)"; trap 'rm -f "$log"' EXIT
for i in $(seq 1 "$repeat"); do
  rc=0
  /usr/bin/time -f 'peak RSS: %M KiB, wall %e s, user %U s, sys %S s' -o "$log.time" \
    timeout -k 10 "$timeout_s" java ${P2P_JAVA_OPTS:-} -jar "$jar" simulate --peers "$peers" --size "$size" \
    >"$log" 2>&1 || rc=$?
  echo "## run $i (exit $rc)"
  grep -E '^(simulate:|peers |failed |total time|per peer|chunks |exit code|heap |error)|Exception' "$log" | head -20 || true
  [[ $rc == 0 ]] || cp "$log" "/tmp/simulate-failed-$i.log"
  cat "$log.time"; rm -f "$log.time"
done
