#!/usr/bin/env bash
# Builds the per-OS packages: target/dist/p2p-VERSION-OS.zip for each OS named (default: all of
# linux linux-aarch64 win mac mac-aarch64). Each holds one folder with p2p.jar, lib/ (the runtime
# dependencies, with that OS's JavaFX jars and no other's), the launchers p2p (Unix) and p2p.cmd
# (Windows), jvm/ (the JVM settings ./p2p uses), README.md and docs/; it needs only Java 17+ on
# PATH. The jar's manifest Class-Path names exactly the jars in lib/. Builds target/p2p.jar first
# when it is missing or older than a source. Needs a JDK (jar), zip and unzip; Maven options such
# as -o go in MAVEN_ARGS. The JavaFX jars of other OSes come from Maven Central (once, then ~/.m2).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
all=(linux linux-aarch64 win mac mac-aarch64)
(($#)) || set -- "${all[@]}"
for os in "$@"; do
  [[ " ${all[*]} " == *" $os "* ]] || { echo "error: unknown OS '$os' (known: ${all[*]})" >&2; exit 2; }
done
jar=target/p2p.jar
if [[ ! -f $jar || -n "$(find src/main pom.xml -newer $jar -print -quit)" ]]; then
  ./mvnw -q -B -DskipTests package
fi
# The manifest with its 72-byte lines joined again.
manifest="$(unzip -p $jar META-INF/MANIFEST.MF | tr -d '\r' | sed -e ':a' -e 'N' -e '$!ba' -e 's/\n //g')"
version="$(sed -n 's/^Implementation-Version: //p' <<<"$manifest")"
read -r -a classpath <<<"$(sed -n 's/^Class-Path: //p' <<<"$manifest")"
for os in "$@"; do
  name="p2p-$version-$os"
  stage="target/dist/$name"
  rm -rf "$stage" "$stage.zip"
  mkdir -p "$stage/lib"
  # JavaFX's POMs pick the natives' classifier from javafx.platform: the build machine's are in
  # target/lib already (the manifest names them); another OS's are resolved for it.
  if [[ " ${classpath[*]} " == *" lib/javafx-"*"-$os.jar "* ]]; then
    for e in "${classpath[@]}"; do [[ $e != lib/javafx-* ]] || cp "target/$e" "$stage/lib/"; done
  else
    ./mvnw -q -B dependency:copy-dependencies -DincludeScope=runtime -DincludeGroupIds=org.openjfx \
      -Djavafx.platform="$os" -DoutputDirectory="$stage/lib"
  fi
  entries=()
  for e in "${classpath[@]}"; do
    [[ $e == lib/javafx-* ]] && continue
    cp "target/$e" "$stage/lib/"
    entries+=("$e")
  done
  for f in "$stage"/lib/javafx-*.jar; do entries+=("lib/${f##*/}"); done
  cp $jar "$stage/p2p.jar"
  # Manifest lines are at most 72 bytes; a continuation line starts with a space.
  printf 'Class-Path: %s\n' "${entries[*]}" | fold -w 71 | sed '2,$s/^/ /' >"$stage.mf"
  jar --update --file "$stage/p2p.jar" --manifest "$stage.mf"
  rm "$stage.mf"
  mkdir "$stage/jvm"
  cp jvm/options.sh jvm/compiler-directives.json "$stage/jvm/"
  cp -R p2p p2p.cmd README.md docs "$stage/"
  chmod 755 "$stage/p2p"
  (cd target/dist && zip -q -r -X "$name.zip" "$name")
  echo "target/dist/$name.zip"
done
