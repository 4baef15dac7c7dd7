#!/usr/bin/env bash
# Adapter between ../shared/bench (the harness that times aria2, Transmission and us in one run)
# and our CLI. The harness calls it as BENCH_SEED_CMD, BENCH_GET_CMD or BENCH_TRACKER_CMD with
# BENCH_ROLE = seed | get | tracker and the BENCH_* environment its README describes.
#   seed FILE        -> p2p share: prints the ID first, serves until SIGTERM. A re-seed
#                       (BENCH_CONTENT_ID set) passes --id: the manifest the finished get cached
#                       is used without hashing the file again
#   get ID OUTDIR    -> p2p get: exits 0 only when OUTDIR/<name> is complete and verified
#   tracker PORT     -> p2p tracker on $BENCH_TRACKER_HOST:PORT
# JVM settings: jvm/options.sh (the class-data-sharing archive is recorded by compare.sh).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$here/target/p2p.jar"
[[ -f "$jar" ]] || { echo "build first: (cd $here && ./mvnw -q -DskipTests package)" >&2; exit 2; }
source "$here/jvm/options.sh"
limits=()
[[ "${BENCH_UP_BPS:-0}" != 0 ]] && limits+=("-Dp2p.upload-limit=${BENCH_UP_BPS}")
[[ "${BENCH_DOWN_BPS:-0}" != 0 ]] && limits+=("-Dp2p.download-limit=${BENCH_DOWN_BPS}")
tracker="${BENCH_TRACKER_HOST:-127.0.0.1}:${BENCH_TRACKER_PORT:-5000}"
role="$1"; shift
case "$role" in
  seed)
    p2p_jvm_options "$jar" share
    known=()
    [[ -n "${BENCH_CONTENT_ID:-}" ]] && known=(--id "$BENCH_CONTENT_ID")
    exec java "${p2p_opts[@]}" ${P2P_JAVA_OPTS:-} "${limits[@]}" -jar "$jar" share "$1" "${known[@]}" \
      --id-only --tracker "$tracker" --host "${BENCH_BIND_IP:-127.0.0.1}" --port "${BENCH_PORT:-6000}" ;;
  get)
    p2p_jvm_options "$jar" get
    exec java "${p2p_opts[@]}" ${P2P_JAVA_OPTS:-} "${limits[@]}" -jar "$jar" get "$1" --out "$2" \
      --tracker "$tracker" --host "${BENCH_BIND_IP:-127.0.0.1}" --port "${BENCH_PORT:-0}" --no-progress --json ;;
  tracker)
    p2p_jvm_options "$jar" tracker-c1
    exec java "${p2p_opts[@]}" ${P2P_JAVA_OPTS:-} -jar "$jar" tracker --host "${BENCH_TRACKER_HOST:-127.0.0.1}" --port "$1" ;;
  *) echo "usage: $0 seed FILE | get ID OUTDIR | tracker PORT" >&2; exit 2 ;;
esac
