#!/usr/bin/env bash
# CPU time (user+sys) of one `get` from a local pair, per JVM configuration, runs interleaved so
# that a shared machine's load hits every configuration alike (bench/RESULTS.md §7). Usage:
#   bench/startup.sh [RUNS] [SIZE...]             # default: 5 runs of 1M and 1G
#   CONFIGS='name=-XX:Flag ...;other=...' bench/startup.sh 3 1M
# Without CONFIGS it compares the settings of jvm/options.sh ("kept") with the earlier ones
# (CDS + CompileThresholdScaling=4). Each line: config, size, run, CPU seconds, wall seconds.
# Ports 42190-42191 (P2P_BENCH_PORT to move them); files and output under a temporary folder.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$here/target/p2p.jar"
[[ -f "$jar" ]] || (cd "$here" && ./mvnw -q -B -DskipTests package)
source "$here/jvm/options.sh"
p2p_record_archive "$jar"
runs="${1:-5}"; shift || true
sizes=(1M 1G); [[ $# -gt 0 ]] && sizes=("$@")
tp="${P2P_BENCH_PORT:-42190}"; sp=$((tp + 1))
work="$(mktemp -d)"; trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$work"' EXIT
p2p_jvm_options "$jar" get; kept="${p2p_opts[*]}"
p2p_jvm_options "$jar" other; before="${p2p_opts[*]}"
IFS=';' read -r -a configs <<< "${CONFIGS:-kept=$kept;before=$before}"
up() { for _ in $(seq 1 300); do (echo >"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.05; done; return 1; }
java -jar "$jar" tracker --port "$tp" >/dev/null 2>&1 &
up "$tp"
for size in "${sizes[@]}"; do
  case "$size" in
    *G) bytes=$(( ${size%G} << 30 )) ;;
    *M) bytes=$(( ${size%M} << 20 )) ;;
    *) bytes="$size" ;;
  esac
  head -c "$bytes" /dev/urandom >"$work/f.bin"
  java -Dp2p.manifest-cache= -jar "$jar" share "$work/f.bin" --id-only --tracker "127.0.0.1:$tp" \
    --port "$sp" >"$work/id" 2>/dev/null & seeder=$!
  for _ in $(seq 1 600); do [[ -s "$work/id" ]] && break; sleep 0.1; done
  for run in $(seq 1 "$runs"); do
    for c in "${configs[@]}"; do
      rm -rf "$work/out"
      # shellcheck disable=SC2086 # the options are words
      /usr/bin/time -q -f "%U %S %e" -o "$work/t" java ${c#*=} -Dp2p.manifest-cache= -jar "$jar" \
        get "$(head -1 "$work/id")" --out "$work/out" --tracker "127.0.0.1:$tp" --port 0 --json \
        --no-progress >/dev/null 2>&1 || echo "${c%%=*} $size: get failed" >&2
      read -r u s e <"$work/t"
      echo "${c%%=*} $size run$run cpu=$(echo "$u + $s" | bc) wall=$e"
    done
  done
  kill "$seeder"; wait "$seeder" 2>/dev/null || true
done
