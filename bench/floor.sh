#!/usr/bin/env bash
# The CPU floor of a verified 1 GiB pair in this program's shape, on this machine
# (bench/RESULTS.md §15): what the work every run must do costs when nothing else is done,
# measured piece by piece, each with the CLI's JVM options (jvm/options.sh):
#   sha     SHA-256 of SIZE through the two digests each side runs (per chunk, and the whole
#           file = the file ID): the sharer to make the manifest, the downloader to verify;
#           bench/DigestBench, best of 3 rounds; counted twice (both sides)
#   tls     SIZE of TLS 1.3 records (AES-GCM) wrapped and unwrapped: bench/tls-engine.sh, best
#           of 3 rounds (the sender encrypts, the receiver decrypts: counted once)
#   kernel  SIZE file -> socat -> 127.0.0.1 TCP -> socat -> file in 256 KiB reads and writes:
#           user+sys of both socats: the copies in and out of the kernel that any program pays
#           on loopback
#   stack   3 x the start-up floor of the stack without our code (bench/StackFloor: a JVM that
#           starts a Pekko actor system, runs a stream, writes and reads JSON, does one TLS
#           handshake and exits; own class-data archive, best of 3), as every one of the three
#           processes of a pair (tracker, sharer, downloader) does at least this much
#   jvm     for comparison: our tracker, `share` and `get` of a 1 MiB file run to the end, user+sys
#           of the three JVMs (start-up, class loading, the JIT, TLS handshakes, the transfer)
# Prints each, the floor (2 x sha + tls + kernel + stack), and the floor over the cores (a lower
# bound on the wall time of a pair).
# Usage: bench/floor.sh [SIZE=1G]   Env: PORT (default 43310; uses PORT..PORT+2)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$here/target/p2p.jar"
[[ -f "$jar" && -f "$here/target/test-classes/dev/p2p/bench/DigestBench.class" ]] ||
  (cd "$here" && ./mvnw -q -B -DskipTests package)
source "$here/jvm/options.sh"
p2p_record_archive "$jar"
size="${1:-1G}"
case "$size" in
  *G) mib=$(( ${size%G} << 10 )) ;;
  *M) mib=${size%M} ;;
  *) echo "SIZE: a number of MiB (M) or GiB (G)" >&2; exit 2 ;;
esac
port="${PORT:-43310}"
work="$(mktemp -d)"; pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
best() { grep -o 'in [0-9.]* s' | awk '{print $2}' | sort -n | head -1; }
cpu() { awk '{print $1 + $2}' "$1"; }

p2p_jvm_options "$jar" get
sha=$(java "${p2p_opts[@]}" -cp "$here/target/test-classes:$jar" dev.p2p.bench.DigestBench \
  --mib "$mib" --rounds 3 | best)
tls=$("$here/bench/tls-engine.sh" "$mib" 3 | best)

head -c "$((mib << 20))" /dev/urandom > "$work/f.bin"
/usr/bin/time -q -f "%U %S" -o "$work/recv" socat -u -b 262144 \
  "TCP-LISTEN:$port,bind=127.0.0.1,reuseaddr" "OPEN:$work/r.bin,creat,trunc" & listener=$!
pids+=($listener)
for _ in $(seq 100); do [[ -n "$(ss -ltnH "sport = :$port")" ]] && break; sleep 0.05; done
/usr/bin/time -q -f "%U %S" -o "$work/send" socat -u -b 262144 "OPEN:$work/f.bin" "TCP:127.0.0.1:$port"
wait "$listener"
cmp -s "$work/f.bin" "$work/r.bin" || { echo "loopback copy differs" >&2; exit 1; }
kernel=$(echo "$(cpu "$work/send") + $(cpu "$work/recv")" | bc)
rm -f "$work/f.bin" "$work/r.bin"

head -c 1048576 /dev/urandom > "$work/small.bin"
p2p_jvm_options "$jar" tracker-c1
/usr/bin/time -q -f "%U %S" -o "$work/t" java "${p2p_opts[@]}" -jar "$jar" tracker \
  --port "$port" > "$work/t.log" 2>&1 & tpid=$!; pids+=($tpid)
for _ in $(seq 200); do grep -q listening "$work/t.log" && break; sleep 0.05; done
p2p_jvm_options "$jar" share
/usr/bin/time -q -f "%U %S" -o "$work/s" java "${p2p_opts[@]}" -Dp2p.manifest-cache= -jar "$jar" \
  share "$work/small.bin" --id-only --tracker "127.0.0.1:$port" --port $((port + 1)) \
  > "$work/id" 2> "$work/s.log" & spid=$!; pids+=($spid)
for _ in $(seq 300); do [[ -s "$work/id" ]] && break; sleep 0.05; done
p2p_jvm_options "$jar" get
/usr/bin/time -q -f "%U %S" -o "$work/g" java "${p2p_opts[@]}" -Dp2p.manifest-cache= -jar "$jar" \
  get "$(head -1 "$work/id")" --out "$work/out" --tracker "127.0.0.1:$port" --port $((port + 2)) \
  --no-progress > /dev/null 2> "$work/g.log"
# The java processes are children of /usr/bin/time: stop them, and time writes their CPU.
pkill -TERM -f -- "^java .* share .*--port $((port + 1))" || true; wait "$spid" 2>/dev/null || true
pkill -TERM -f -- "^java .* tracker --port $port" || true; wait "$tpid" 2>/dev/null || true
jvm=$(echo "$(cpu "$work/t") + $(cpu "$work/s") + $(cpu "$work/g")" | bc)

(cd "$here/target/test-classes" && jar cf "$work/floor.jar" dev/p2p/bench/StackFloor*.class \
  dev/p2p/bench/TlsEngineBench*.class)
cp="$work/floor.jar:$jar"
java -XX:ArchiveClassesAtExit="$work/floor.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off -cp "$cp" \
  dev.p2p.bench.StackFloor > /dev/null 2>&1
p2p_jvm_options "$jar" get
opts=("${p2p_opts[@]/-XX:SharedArchiveFile=*/-XX:SharedArchiveFile=$work/floor.jsa}")
for r in 1 2 3; do
  /usr/bin/time -q -f "%U %S" -o "$work/f$r" java "${opts[@]}" -cp "$cp" dev.p2p.bench.StackFloor \
    > /dev/null 2>&1
  cpu "$work/f$r"
done | sort -n | head -1 > "$work/stack1"
stack=$(echo "3 * $(cat "$work/stack1")" | bc)

cores=$(nproc)
sum=$(echo "2 * $sha + $tls + $kernel + $stack" | bc)
printf 'sha     %5.2f s  SHA-256, both digests over %s, per side (x2 below)\n' "$sha" "$size"
printf 'tls     %5.2f s  AES-GCM records, %s encrypted and decrypted\n' "$tls" "$size"
printf 'kernel  %5.2f s  %s file -> TCP 127.0.0.1 -> file (socat, user+sys)\n' "$kernel" "$size"
printf 'jvm     %5.2f s  tracker %.2f + share %.2f + get %.2f of a 1 MiB file\n' "$jvm" \
  "$(cpu "$work/t")" "$(cpu "$work/s")" "$(cpu "$work/g")"
printf 'stack   %5.2f s  3 x %.2f s: JVM + Pekko + a stream + Jackson + a TLS handshake, no code of ours\n' \
  "$stack" "$(cat "$work/stack1")"
printf 'floor   %5.2f s  of CPU (2 x sha + tls + kernel + stack); / %d cores = %.2f s of wall\n' \
  "$sum" "$cores" "$(echo "$sum / $cores" | bc -l)"
