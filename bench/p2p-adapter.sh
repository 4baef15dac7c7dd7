#!/usr/bin/env bash
# Adapter between ../shared/bench (the harness that times aria2, Transmission and us in one run)
# and our CLI. The harness calls it as BENCH_SEED_CMD, BENCH_GET_CMD or BENCH_TRACKER_CMD with
# BENCH_ROLE = seed | get | tracker and the BENCH_* environment its README describes.
#   seed FILE        -> p2p share: prints the ID first, serves until SIGTERM
#   get ID OUTDIR    -> p2p get: exits 0 only when OUTDIR/<name> is complete and verified
#   tracker PORT     -> p2p tracker on $BENCH_TRACKER_HOST:PORT
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$here/target/p2p.jar"
[[ -f "$jar" ]] || { echo "build first: (cd $here && ./mvnw -q -DskipTests package)" >&2; exit 2; }
jsa="$here/target/p2p.jsa"   # class-data-sharing archive (made by compare.sh): faster starts
opts=()
[[ -f "$jsa" && ! "$jsa" -ot "$jar" ]] && opts+=(-XX:SharedArchiveFile="$jsa" -Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off)
opts+=(-XX:CompileThresholdScaling=4 ${P2P_JAVA_OPTS:-})   # as ./p2p: less JIT work on 2 cores
[[ "${BENCH_UP_BPS:-0}" != 0 ]] && opts+=("-Dp2p.upload-limit=${BENCH_UP_BPS}")
[[ "${BENCH_DOWN_BPS:-0}" != 0 ]] && opts+=("-Dp2p.download-limit=${BENCH_DOWN_BPS}")
tracker="${BENCH_TRACKER_HOST:-127.0.0.1}:${BENCH_TRACKER_PORT:-5000}"
role="$1"; shift
case "$role" in
  seed)
    exec java "${opts[@]}" -jar "$jar" share "$1" --id-only --tracker "$tracker" \
      --host "${BENCH_BIND_IP:-127.0.0.1}" --port "${BENCH_PORT:-6000}" ;;
  get)
    exec java "${opts[@]}" -jar "$jar" get "$1" --out "$2" --tracker "$tracker" \
      --host "${BENCH_BIND_IP:-127.0.0.1}" --port "${BENCH_PORT:-0}" --no-progress --json ;;
  tracker)
    exec java "${opts[@]}" -jar "$jar" tracker --host "${BENCH_TRACKER_HOST:-127.0.0.1}" --port "$1" ;;
  *) echo "usage: $0 seed FILE | get ID OUTDIR | tracker PORT" >&2; exit 2 ;;
esac
