@echo off
rem Runs the p2p CLI on Windows, as ./p2p does elsewhere: from a checkout or an unpacked package.
rem In a checkout (pom.xml beside this file) it builds target\p2p.jar with the Maven wrapper when
rem the jar is missing (after editing the sources, run "mvnw.cmd -DskipTests package"), then runs
rem it with the arguments; in a package (dist/build.sh) it runs the p2p.jar beside it and builds
rem nothing. P2P_JAVA_OPTS adds JVM options. Needs Java 17 or newer on PATH. Exits with the CLI's
rem exit code. No parenthesised blocks: a ")" in the folder's path ("C:\Program Files (x86)\...")
rem would end one early, and %ERRORLEVEL% inside one is read before the block runs.
setlocal
set "HERE=%~dp0"
where java >nul 2>nul
if errorlevel 1 goto nojava
set "JAR=%HERE%p2p.jar"
if not exist "%HERE%pom.xml" goto run
set "JAR=%HERE%target\p2p.jar"
if exist "%JAR%" goto run
echo building "%JAR%", the first run takes a minute ... 1>&2
pushd "%HERE%"
call mvnw.cmd -q -B -DskipTests package 1>&2
set "RC=%ERRORLEVEL%"
popd
if not "%RC%"=="0" exit /b %RC%
:run
java %P2P_JAVA_OPTS% -jar "%JAR%" %*
exit /b %ERRORLEVEL%
:nojava
echo error: p2p needs Java 17 or newer on PATH (e.g. https://adoptium.net), and found no java 1>&2
exit /b 1
