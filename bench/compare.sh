#!/usr/bin/env bash
# Times our CLI against aria2 (and Transmission in the swarm) in the same run, with the shared
# harness in ../shared/bench. Usage:
#   bench/compare.sh pair 1G        # 1 seeder -> 1 downloader, loopback and netns
#   bench/compare.sh swarm 64M      # 1 seeder + 8 downloaders at 20 Mbit/s each (netns, root)
#   bench/compare.sh small 1M       # 1 MiB pair: start-up cost dominates
# Needs the harness's tools once: sudo bash ../shared/bench/install.sh
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
shared="${BENCH_HARNESS:-$here/../shared/bench}"
[[ -d "$shared" ]] || { echo "no harness at $shared (set BENCH_HARNESS)" >&2; exit 2; }
(cd "$here" && ./mvnw -q -B -DskipTests package)
# A class-data-sharing archive recorded from a short demo: the adapter's JVMs start faster.
source "$here/jvm/options.sh"
rm -f "$here/target/p2p.jsa"
p2p_record_archive "$here/target/p2p.jar"
export BENCH_SEED_CMD="$here/bench/p2p-adapter.sh seed"
export BENCH_GET_CMD="$here/bench/p2p-adapter.sh get"
export BENCH_TRACKER_CMD="$here/bench/p2p-adapter.sh tracker"
# (no BENCH_LABEL: the harness would print it for aria2 and transmission too; ours shows as "custom")
case "${1:-pair}" in
  pair) exec "$shared/bt_pair.sh" "${2:-1G}" ;;
  small) exec "$shared/bt_pair.sh" "${2:-1M}" ;;
  swarm) exec "$shared/swarm.sh" "${2:-64M}" ;;
  *) echo "usage: $0 pair|small|swarm [SIZE]" >&2; exit 2 ;;
esac
