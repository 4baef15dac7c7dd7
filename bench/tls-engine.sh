#!/usr/bin/env bash
# The floor of TLS on this machine (bench/RESULTS.md §9): a client and a server SSLEngine in one
# JVM with the `get` role's JVM options (jvm/options.sh), MIB MiB of 16 KiB records wrapped and
# unwrapped, ROUNDS times (the first round includes the JIT warming the cipher). Usage:
#   bench/tls-engine.sh [MIB=256] [ROUNDS=3]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$here/target/p2p.jar"
[[ -f "$jar" && -f "$here/target/test-classes/dev/p2p/bench/TlsEngineBench.class" ]] ||
  (cd "$here" && ./mvnw -q -B -DskipTests package)
source "$here/jvm/options.sh"
p2p_jvm_options "$jar" get
exec java "${p2p_opts[@]}" -cp "$here/target/test-classes:$jar:$here/target/lib/*" \
  dev.p2p.bench.TlsEngineBench --mib "${1:-256}" --rounds "${2:-3}"
