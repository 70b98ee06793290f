#!/usr/bin/env bash
# Provisions what passend-routes needs beside npm packages, idempotently: dist/ (the compiled JavaScript) in the
# clone, and in a cache folder outside it:
#   - the Temporal CLI (dev server), built from the Go module proxy;
#   - the time-skipping test server, resolved from Maven Central, with an exec wrapper;
#   - with --postgres: the Temporal server and its SQL schema tool, built from the Go module proxy, and Debian's
#     PostgreSQL 15 (apt-get when it is missing).
# Overrides: PASSEND_CACHE (cache folder), TEMPORAL_CLI (an existing temporal binary),
#            TEMPORAL_TEST_SERVER (an existing test-server executable),
#            PASSEND_POSTGRES_BIN (a folder with PostgreSQL's initdb and postgres, instead of Debian's).
# Usage: scripts/setup.sh [--quiet] [--browser] [--postgres]
#   --quiet     print only when there is work to do
#   --browser   also make sure Debian's chromium is there, for the dashboard's browser test
#   --postgres  also provision the PostgreSQL stack (npm run start:postgres, npm run test:postgres)
set -euo pipefail

TEMPORAL_CLI_VERSION=v1.5.1
TEST_SERVER_VERSION=1.38.0
# The server the CLI's dev server bundles (v1.5.1 bundles 1.29.1), so both run the same history and matching code.
TEMPORAL_SERVER_VERSION=v1.29.1
POSTGRES_MAJOR=15
CACHE="${PASSEND_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/passend-routes}"
# Absolute, and before the cd below: a relative cache would be taken from the clone instead of where we were run,
# go install refuses a relative GOBIN, and the links and the wrapper would name paths that resolve nowhere.
case "$CACHE" in
  /*) ;;
  *) CACHE="$PWD/$CACHE" ;;
esac
QUIET=0
BROWSER=0
POSTGRES=0
for arg in "$@"; do
  case "$arg" in
    --quiet) QUIET=1 ;;
    --browser) BROWSER=1 ;;
    --postgres) POSTGRES=1 ;;
    *) echo "[setup] ERROR: unknown option $arg (use --quiet, --browser, --postgres)" >&2; exit 2 ;;
  esac
done

say() { echo "[setup] $*" >&2; }
fail() { echo "[setup] ERROR: $*" >&2; exit 1; }
cd "$(dirname "$0")/.."

# 1. npm packages: installed when node_modules is missing or older than the lockfile.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm packages (npm ci)"
  # npm 11 may leave other platforms' optional packages (@swc/core-*) out of the lock, and npm ci then refuses it;
  # npm install resolves the same versions from the lock and fills those in.
  npm ci --no-audit --no-fund >&2 || npm install --no-audit --no-fund >&2 || fail "npm ci and npm install failed; see the output above"
fi

# 1b. dist/: the compiled JavaScript that bin/passend.js runs, built when missing or older than the sources.
node scripts/build.js --if-stale || fail "the build (node scripts/build.js) failed; see the output above"

mkdir -p "$CACHE/bin" || fail "cannot create the cache folder $CACHE (set PASSEND_CACHE to a writable folder)"

# 2. Temporal CLI.
if [ -n "${TEMPORAL_CLI:-}" ]; then
  [ -x "$TEMPORAL_CLI" ] || fail "TEMPORAL_CLI=$TEMPORAL_CLI is not an executable file"
elif [ -x "$CACHE/bin/temporal" ]; then
  : # -x follows a link: a dangling one (say, from a relative PASSEND_CACHE) is replaced below
elif command -v temporal >/dev/null 2>&1; then
  ln -sfn "$(command -v temporal)" "$CACHE/bin/temporal"
else
  command -v go >/dev/null 2>&1 || fail "Go is needed to build the Temporal CLI and was not found on PATH"
  rm -f "$CACHE/bin/temporal"
  say "building the Temporal CLI $TEMPORAL_CLI_VERSION from the Go module proxy into $CACHE/bin (the first build takes a few minutes)"
  CGO_ENABLED=0 GOBIN="$CACHE/bin" GOFLAGS=-mod=mod go install "github.com/temporalio/cli/cmd/temporal@$TEMPORAL_CLI_VERSION" >&2 \
    || fail "go install github.com/temporalio/cli/cmd/temporal@$TEMPORAL_CLI_VERSION failed; see the output above"
  say "Temporal CLI ready: $("$CACHE/bin/temporal" --version)"
fi

# 3. Time-skipping test server (Java), with a wrapper that execs the JVM: the SDK kills its direct child.
TS_DIR="$CACHE/test-server-$TEST_SERVER_VERSION-2"
TS_WRAPPER="$TS_DIR/temporal-test-server"
TS_LINK="$CACHE/bin/temporal-test-server"
if [ -n "${TEMPORAL_TEST_SERVER:-}" ]; then
  [ -x "$TEMPORAL_TEST_SERVER" ] || fail "TEMPORAL_TEST_SERVER=$TEMPORAL_TEST_SERVER is not an executable file"
else
  # .complete marks only the Maven resolution; the wrapper and the link are checked on every run below, so a
  # run that left them broken (as a relative PASSEND_CACHE did) is repaired without resolving anything again.
  if [ ! -f "$TS_DIR/.complete" ] || [ ! -d "$TS_DIR/lib" ]; then
    command -v java >/dev/null 2>&1 || fail "Java 17+ is needed for the time-skipping test server and was not found on PATH"
    command -v mvn >/dev/null 2>&1 || fail "Maven is needed to resolve the time-skipping test server and was not found on PATH"
    say "resolving io.temporal:temporal-test-server:$TEST_SERVER_VERSION from Maven Central into $TS_DIR"
    mkdir -p "$TS_DIR/lib"
    cat > "$TS_DIR/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>passend-routes</groupId>
  <artifactId>test-server-classpath</artifactId>
  <version>1</version>
  <dependencies>
    <dependency>
      <groupId>io.temporal</groupId>
      <artifactId>temporal-test-server</artifactId>
      <version>$TEST_SERVER_VERSION</version>
    </dependency>
    <dependency>
      <!-- a silent logging backend, so the server does not warn about a missing one on every start -->
      <groupId>org.slf4j</groupId>
      <artifactId>slf4j-nop</artifactId>
      <version>1.7.36</version>
    </dependency>
  </dependencies>
</project>
POM
    mvn -q -B -f "$TS_DIR/pom.xml" dependency:copy-dependencies -DoutputDirectory="$TS_DIR/lib" -DincludeScope=runtime >&2 \
      || fail "mvn dependency:copy-dependencies for temporal-test-server failed; see the output above"
    touch "$TS_DIR/.complete"
    say "time-skipping test server resolved into $TS_DIR"
  fi
  WRAPPER_TEXT=$(cat <<WRAP
#!/bin/sh
# exec, so that the SDK's kill of its child reaches the JVM. Tiered compilation level 1 halves the start time.
exec java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -cp "$TS_DIR/lib/*" io.temporal.testserver.TestServer "\$@"
WRAP
)
  # Rewritten only when it differs (a running test server may be reading it), through a rename so that no
  # reader ever sees half a file.
  if [ ! -x "$TS_WRAPPER" ] || [ "$(cat "$TS_WRAPPER")" != "$WRAPPER_TEXT" ]; then
    printf '%s\n' "$WRAPPER_TEXT" > "$TS_WRAPPER.new" && chmod +x "$TS_WRAPPER.new" && mv -f "$TS_WRAPPER.new" "$TS_WRAPPER" \
      || fail "cannot write the test server wrapper $TS_WRAPPER"
  fi
  [ "$(readlink "$TS_LINK" 2>/dev/null || true)" = "$TS_WRAPPER" ] || ln -sfn "$TS_WRAPPER" "$TS_LINK"
  # Ready means the link resolves to an executable, not merely that a marker exists.
  [ -x "$TS_LINK" ] || fail "$TS_LINK does not lead to an executable test server wrapper ($TS_WRAPPER)"
fi

# 4. Chromium for the browser test: Debian's package, since no browser can be downloaded from elsewhere here.
if [ "$BROWSER" = 1 ] && [ ! -x "${PASSEND_CHROMIUM:-/usr/bin/chromium}" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing Debian's chromium for the browser tests (apt-get; a minute or two)"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } >&2 \
      || fail "apt-get install chromium failed; see the output above"
  else
    fail "chromium is missing for the browser test: install Debian's chromium package (sudo apt-get install chromium) or set PASSEND_CHROMIUM"
  fi
fi

# 5. The PostgreSQL stack: Debian's PostgreSQL and the Temporal server with its SQL schema tool.
if [ "$POSTGRES" = 1 ]; then
  PG_BIN="${PASSEND_POSTGRES_BIN:-/usr/lib/postgresql/$POSTGRES_MAJOR/bin}"
  if [ ! -x "$PG_BIN/initdb" ] || [ ! -x "$PG_BIN/postgres" ]; then
    if [ -n "${PASSEND_POSTGRES_BIN:-}" ]; then
      fail "PASSEND_POSTGRES_BIN=$PASSEND_POSTGRES_BIN holds no executable initdb and postgres; fix it or unset it"
    elif [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      say "installing Debian's postgresql-$POSTGRES_MAJOR (apt-get; a minute or two)"
      { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "postgresql-$POSTGRES_MAJOR"; } >&2 \
        || fail "apt-get install postgresql-$POSTGRES_MAJOR failed; see the output above"
    else
      fail "PostgreSQL $POSTGRES_MAJOR is missing ($PG_BIN/initdb): install Debian's postgresql-$POSTGRES_MAJOR package (sudo apt-get install postgresql-$POSTGRES_MAJOR)"
    fi
  fi
  # go install writes each binary whole or not at all; an interrupted build leaves one missing and runs again. The
  # schema tool carries the server's SQL schemas inside it (--schema-name postgresql/v12/...).
  SERVER_DIR="$CACHE/temporal-server-$TEMPORAL_SERVER_VERSION"
  if [ ! -x "$SERVER_DIR/server" ] || [ ! -x "$SERVER_DIR/sql" ]; then
    command -v go >/dev/null 2>&1 || fail "Go is needed to build the Temporal server and was not found on PATH"
    mkdir -p "$SERVER_DIR"
    say "building the Temporal server $TEMPORAL_SERVER_VERSION and its SQL schema tool from the Go module proxy into $SERVER_DIR"
    say "(the first build takes about five minutes on two cores; a line every 100 packages compiled)"
    # go install -v names each package as it is compiled: counted here as progress; anything else (downloads,
    # compile errors) is passed on whole.
    CGO_ENABLED=0 GOBIN="$SERVER_DIR" GOFLAGS=-mod=mod go install -v \
      "go.temporal.io/server/cmd/server@$TEMPORAL_SERVER_VERSION" \
      "go.temporal.io/server/cmd/tools/sql@$TEMPORAL_SERVER_VERSION" 2>&1 \
      | awk '/^[A-Za-z0-9._~-]+(\/[A-Za-z0-9._~+-]+)*$/ { n++; if (n % 100 == 0) { printf "[setup]   %d packages compiled\n", n; fflush() } next } { print; fflush() }' >&2 \
      || fail "go install go.temporal.io/server/cmd/server and cmd/tools/sql@$TEMPORAL_SERVER_VERSION failed; see the output above"
    say "Temporal server ready: $SERVER_DIR/server"
  fi
  [ "$(readlink "$CACHE/bin/temporal-server" 2>/dev/null || true)" = "$SERVER_DIR/server" ] || ln -sfn "$SERVER_DIR/server" "$CACHE/bin/temporal-server"
  [ "$(readlink "$CACHE/bin/temporal-sql-tool" 2>/dev/null || true)" = "$SERVER_DIR/sql" ] || ln -sfn "$SERVER_DIR/sql" "$CACHE/bin/temporal-sql-tool"
fi

[ "$QUIET" = 1 ] || say "ready: temporal=${TEMPORAL_CLI:-$CACHE/bin/temporal} test-server=${TEMPORAL_TEST_SERVER:-$CACHE/bin/temporal-test-server}"
