#!/usr/bin/env bash
# Three sharers of one file, one downloader; during the download one sharer is killed (SIGKILL)
# and another frozen (SIGSTOP, left frozen). Prints how long the get took and whether the file's
# sha256sum equals the ID. Usage: bench/faults.sh [SIZE] (default 64M). Loopback only.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
size="${1:-64M}"
(cd "$here" && ./mvnw -q -B -DskipTests package)
jar="$here/target/p2p.jar"
work=$(mktemp -d /tmp/p2p-faults.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill -CONT "$p" 2>/dev/null; kill "$p" 2>/dev/null; done; rm -rf "$work"; }
trap cleanup EXIT
head -c "$(numfmt --from=iec "$size")" /dev/urandom > "$work/file.bin"
port=$((20000 + RANDOM % 20000))
java -jar "$jar" tracker --port "$port" 2>"$work/tracker.log" & pids+=($!)
for i in 1 2 3; do
  # Slow sharers (8 MiB/s each) so that the faults land mid-download.
  java -Dp2p.upload-limit=8M -jar "$jar" share "$work/file.bin" --id-only --tracker "127.0.0.1:$port" \
    --port $((port + i)) >"$work/id$i" 2>"$work/share$i.log" & pids+=($!)
done
for i in 1 2 3; do until [[ -s "$work/id$i" ]]; do sleep 0.2; done; done
id=$(cat "$work/id1")
echo "ID $id; sharers on ports $((port + 1)) $((port + 2)) $((port + 3))"
start=$(date +%s.%N)
java -jar "$jar" get "$id" --tracker "127.0.0.1:$port" --out "$work/out" --json >"$work/get.json" 2>"$work/get.log" &
get=$!
# Wait until a tenth of the chunks are in (the bitmap has one byte per chunk, 1 = done).
bitmap="$work/out/.$id.bitmap"
for _ in $(seq 1 600); do
  if [[ -f "$bitmap" ]] && (( $(tr -cd '\001' <"$bitmap" | wc -c) * 10 >= $(stat -c %s "$bitmap") )); then break; fi
  sleep 0.1
done
at=$(echo "$(date +%s.%N) - $start" | bc)
kill -KILL "${pids[1]}"; echo "killed sharer 1 (SIGKILL) at +$at s, with $(tr -cd '\001' <"$bitmap" | wc -c) chunks in"
kill -STOP "${pids[2]}"; echo "froze sharer 2 (SIGSTOP) at the same time"
rc=0; wait "$get" || rc=$?
end=$(date +%s.%N)
echo "get exited $rc after $(echo "$end - $start" | bc) s"
cat "$work/get.json"; echo
sum=$(sha256sum "$work/out/file.bin" | cut -d' ' -f1)
[[ "$sum" == "$id" ]] && echo "sha256sum matches the ID" || { echo "MISMATCH: $sum"; exit 1; }
