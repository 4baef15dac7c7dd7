# JVM settings for short CLI runs, sourced by ./p2p, bench/p2p-adapter.sh and bench/compare.sh.
# Each was measured on a 2-core VM by the CPU time (user+sys) of a 1 MiB and a 1 GiB `get` and of a
# tracker's start, JDK 17.0.15, figures in bench/RESULTS.md ("Start-up"); kept only what won.
#
#   p2p_record_archive JAR   records the class-data-sharing archive JAR's classes (JAR minus .jar,
#                            plus .jsa) with a short demo run, unless an up-to-date one exists
#   p2p_jvm_options JAR ROLE sets the array p2p_opts for a JVM running JAR in ROLE:
#                            get | share | tracker-c1 (a tracker that never sees much load) | other
#
# JDK 25's AOT cache (JEP 483/514/515) was measured too and lost: 1.02 s against 0.99 s for a
# 1 MiB get and 9.2 s against 8.0 s for 1 GiB, with the same flags, so the JDK on PATH (17) runs.
p2p_jvm_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

p2p_record_archive() {
  # The archive names the class path it was recorded with, and is ignored (silently, with
  # -Xshare:auto) by a JVM given another spelling of it: record with the absolute path, which
  # is what p2p_jvm_options's callers pass.
  local jar jsa
  jar="$(realpath "$1")"; jsa="${jar%.jar}.jsa"
  [[ -f "$jsa" && ! "$jsa" -ot "$jar" ]] && return 0
  rm -f "$jsa"
  java -XX:ArchiveClassesAtExit="$jsa" -Xlog:cds=off -Xlog:cds+dynamic=off \
    -jar "$jar" demo --size 2M >/dev/null 2>&1 || rm -f "$jsa"
}

p2p_jvm_options() {
  local jar="$1" role="$2" jsa="${1%.jar}.jsa"
  p2p_opts=()
  # Classes from the archive instead of the jars: about half the start-up CPU (3.5-4 s -> 1.4 s).
  [[ -f "$jsa" && ! "$jsa" -ot "$jar" ]] &&
    p2p_opts+=(-XX:SharedArchiveFile="$jsa" -Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off)
  case "$role" in
    get | share | tracker-c1)
      # One GC thread and no hsperfdata file: -4 % CPU on a 1 MiB get, none lost on 1 GiB.
      p2p_opts+=(-XX:+UseSerialGC -XX:-UsePerfData) ;;
  esac
  case "$role" in
    tracker-c1)
      # No SHA-256 runs in a tracker: C1 alone (start-up 0.77 s CPU against 0.89 s). Not for a
      # tracker under load (bench/tracker-load.sh): its QUERY/s need C2.
      p2p_opts+=(-XX:TieredStopAtLevel=1) ;;
    get | share)
      # C1 for all but SHA-256 (jvm/compiler-directives.json): 1 MiB get 1.13 -> 1.03 s CPU,
      # 1 GiB get 8.6 -> 8.0 s.
      # Seeder of that 1 GiB: 4.0 -> 3.5 s. Loading the file, the VM prints "2 compiler directives
      # added" (JDK 17 does so unconditionally) on its own output stream, read by users as an
      # error: -DisplayVMOutput silences that stream. It carries only diagnostic output
      # (PrintCompilation, a kill -3 thread dump; `jcmd PID Thread.print` still works); VM
      # warnings, errors and -Xlog have their own way out and still show. P2P_JAVA_OPTS=
      # -XX:+DisplayVMOutput turns it on again, on stderr: stdout must start with the ID or JSON.
      p2p_opts+=(-XX:+UnlockDiagnosticVMOptions -XX:-DisplayVMOutput -XX:+DisplayVMOutputToStderr
        -XX:CompilerDirectivesFile="$p2p_jvm_dir/compiler-directives.json")
      # TLS's AES-GCM reaches C2 after 1/20 of the usual invocations: pushing the first 256 MiB
      # through a client and a server SSLEngine took 1.58 s of CPU, now 0.38 s (then 0.14 s
      # each, either way). "quiet": no line per command on the VM's output.
      p2p_opts+=(-XX:CompileCommand=quiet
        "-XX:CompileCommand=CompileThresholdScaling,com.sun.crypto.provider.*::*,0.05") ;;
  esac
  # Compile less eagerly: a CLI run is short, and on 2 cores the JIT competes with the transfer
  # (about -20 % CPU on a small get).
  p2p_opts+=(-XX:CompileThresholdScaling=4)
}
