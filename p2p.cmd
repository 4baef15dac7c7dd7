@echo off
rem Runs the p2p CLI from this checkout on Windows, as ./p2p does elsewhere: builds target\p2p.jar
rem with the Maven wrapper on first use (and when it is missing), then runs it with the arguments.
rem P2P_JAVA_OPTS adds JVM options. Needs a JDK 17 or newer on PATH.
setlocal
set "HERE=%~dp0"
if not exist "%HERE%target\p2p.jar" (
  echo building %HERE%target\p2p.jar, the first run takes a minute ... 1>&2
  pushd "%HERE%"
  call mvnw.cmd -q -B -DskipTests package 1>&2
  if errorlevel 1 ( popd & exit /b 1 )
  popd
)
java %P2P_JAVA_OPTS% -jar "%HERE%target\p2p.jar" %*
