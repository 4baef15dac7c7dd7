#!/usr/bin/env bash
# Checks packages made by dist/build.sh, as .ci/run does: dist/check.sh ZIP...
# In each: the launchers (p2p executable, p2p.cmd with CRLF line ends), p2p.jar whose manifest
# Class-Path names exactly the jars in lib/, JavaFX jars of the zip's OS only, with that OS's
# natives (glass) for its CPU and no other OS's. The zip for this machine is also run, unpacked in
# a temporary folder with a temporary home: --version, gui --help, and gui itself without a
# display, which must load the toolkit's natives and then say in one line what is missing (a
# display, or GTK 3).
set -euo pipefail
fail() { echo "dist/check.sh: $zip: $*" >&2; exit 1; }
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) here_os=linux ;; Linux-aarch64) here_os=linux-aarch64 ;;
  Darwin-x86_64) here_os=mac ;; Darwin-arm64) here_os=mac-aarch64 ;; *) here_os=none ;;
esac
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
for zip in "$@"; do
  name="$(basename "$zip" .zip)"
  case "$name" in
    *-linux-aarch64) os=linux-aarch64 ext=so glass=libglassgtk3.so cpu=aarch64 ;;
    *-mac-aarch64) os=mac-aarch64 ext=dylib glass=libglass.dylib cpu=arm64 ;;
    *-linux) os=linux ext=so glass=libglassgtk3.so cpu=x86-64 ;;
    *-mac) os=mac ext=dylib glass=libglass.dylib cpu=x86_64 ;;
    *-win) os=win ext=dll glass=glass.dll cpu=PE ;;
    *) fail "no OS in the name" ;;
  esac
  rm -rf "${tmp:?}/$name"
  unzip -q "$zip" -d "$tmp"
  d="$tmp/$name"
  for f in p2p p2p.cmd p2p.jar jvm/options.sh jvm/compiler-directives.json; do
    [[ -f "$d/$f" ]] || fail "no $f"
  done
  [[ -x "$d/p2p" ]] || fail "p2p is not executable"
  # cmd.exe finds goto labels reliably only in a file with CRLF line ends.
  [[ "$(grep -c $'\r$' "$d/p2p.cmd")" == "$(wc -l <"$d/p2p.cmd" | tr -d ' ')" ]] || fail "p2p.cmd has LF line ends"
  cp="$(unzip -p "$d/p2p.jar" META-INF/MANIFEST.MF | tr -d '\r' |
    sed -e ':a' -e 'N' -e '$!ba' -e 's/\n //g' | sed -n 's/^Class-Path: //p')"
  [[ "$(tr ' ' '\n' <<<"$cp" | sort)" == "$(cd "$d" && ls lib/* | sort)" ]] ||
    fail "the manifest Class-Path and lib/ differ"
  fx="$(cd "$d/lib" && ls javafx-*.jar)"
  [[ -n "$fx" ]] || fail "no JavaFX jars"
  other="$(grep -v -E -e "^javafx-[a-z]+-[0-9.]+(-$os)?\.jar$" <<<"$fx" || true)"
  [[ -z "$other" ]] || fail "JavaFX jars of another OS: $other"
  natives="$(for j in $fx; do unzip -Z1 "$d/lib/$j"; done | grep -E '\.(so|dll|dylib)$' || true)"
  grep -qx "$glass" <<<"$natives" || fail "no $glass in its JavaFX jars"
  wrong="$(grep -v -E "\.$ext$" <<<"$natives" || true)"
  [[ -z "$wrong" ]] || fail "natives of another OS: $wrong"
  # The CPU that glass was built for: ELF e_machine (62 x86-64, 183 aarch64), Mach-O cputype.
  unzip -p "$d/lib/javafx-graphics-"*"-$os.jar" "$glass" >"$tmp/glass"
  case "$os" in
    linux) [[ "$(od -An -tu2 -j18 -N2 "$tmp/glass" | tr -d ' ')" == 62 ]] ;;
    linux-aarch64) [[ "$(od -An -tu2 -j18 -N2 "$tmp/glass" | tr -d ' ')" == 183 ]] ;;
    mac) [[ "$(od -An -tx1 -N8 "$tmp/glass" | tr -d ' ')" == cffaedfe07000001 ]] ;;
    mac-aarch64) [[ "$(od -An -tx1 -N8 "$tmp/glass" | tr -d ' ')" == cffaedfe0c000001 ]] ;;
    win) [[ "$(od -An -tx1 -N2 "$tmp/glass" | tr -d ' ')" == 4d5a ]] ;;
  esac || fail "$glass is not built for $cpu"
  if [[ "$os" == "$here_os" ]]; then
    # Java takes user.home from the password database, not from HOME.
    export HOME="$tmp/home" P2P_JAVA_OPTS="-Duser.home=$tmp/home"
    out="$("$d/p2p" --version)" || fail "p2p --version failed"
    version="${name#p2p-}"
    [[ "$out" == "p2p ${version%-"$os"}" ]] || fail "p2p --version said: $out"
    "$d/p2p" gui --help | grep -q '^Usage: p2p gui' || fail "p2p gui --help shows no usage"
    [[ ! -e "$d/target" ]] || fail "the package's launcher built something"
    # No display: the toolkit loads its natives from lib/, finds no display (or no GTK 3), and
    # says so in one line. A missing or foreign native would be another error.
    set +e
    err="$(unset DISPLAY WAYLAND_DISPLAY; timeout 120 "$d/p2p" gui --port 0 2>&1 >/dev/null)"
    rc=$?
    set -e
    [[ $rc == 1 && "$(wc -l <<<"$err")" == 1 && "$err" =~ ^error:\ (no\ display|the\ window\ needs\ GTK\ 3) ]] ||
      fail "p2p gui without a display (exit $rc) said: $err"
    echo "dist/check.sh: $zip: ran --version, gui --help and gui without a display"
  fi
  echo "dist/check.sh: $zip: $os natives ($glass, $cpu), $(wc -w <<<"$cp") jars on the Class-Path, launchers"
done
