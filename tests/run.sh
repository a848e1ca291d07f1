#!/usr/bin/env bash
# Runs every test of SpackMon.Build, as CI does, on a machine that has only the .NET SDK.
# It installs and starts what the tests need (PostgreSQL and Chromium from Debian's packages), runs
# `dotnet test` on the solution with TRX results, and ends with the line "N passed, M failed, K skipped"
# counted from those TRX files. Exit code 0 only when tests ran and none failed.
set -uo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"

log() { printf '==> %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi
}

# --- PostgreSQL for the PostgreSQL variant of the server suite ------------------------------------
start_postgres() {
  if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
    log "installing PostgreSQL (apt-get)"
    as_root apt-get update -qq >/dev/null && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null || return 1
  fi
  local version
  version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
  if ! as_root pg_lsclusters -h 2>/dev/null | grep -q .; then
    as_root pg_createcluster "$version" main >/dev/null || return 1
  fi
  local cluster
  cluster=$(as_root pg_lsclusters -h | awk 'NR==1 {print $1" "$2}')
  as_root pg_ctlcluster $cluster start 2>/dev/null || true
  for _ in $(seq 1 30); do
    as_root runuser -u postgres -- psql -qAtc 'select 1' >/dev/null 2>&1 && break
    sleep 1
  done
  local port
  port=$(as_root pg_lsclusters -h | awk 'NR==1 {print $3}')
  as_root runuser -u postgres -- psql -qAt -p "$port" >/dev/null <<'SQL' || return 1
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'spackmon') THEN
    CREATE ROLE spackmon LOGIN CREATEDB PASSWORD 'spackmon';
  END IF;
END $$;
SQL
  export SPACKMON_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=spackmon;Password=spackmon;Database=postgres"
  log "PostgreSQL $version running on 127.0.0.1:$port"
}

# --- Chromium for the browser tests (tests/SpackMon.Web.Tests); they fail, not skip, without it -----
install_chromium() {
  [ -x /usr/bin/chromium ] && return 0
  log "installing Chromium (apt-get)"
  as_root apt-get update -qq >/dev/null && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
}
install_chromium || log "Chromium could not be installed: the browser tests will fail"

if [ -z "${SPACKMON_TEST_POSTGRES:-}" ]; then
  start_postgres || log "PostgreSQL could not be started: its tests will be reported as skipped"
fi

# --- the tests -------------------------------------------------------------------------------------
results="$repo/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
log "dotnet test SpackMon.Build.sln"
dotnet test SpackMon.Build.sln -c Release \
  --logger "trx" --logger "console;verbosity=normal" --results-directory "$results" \
  --blame-hang-timeout 20m
status=$?

# --- summary from the TRX files --------------------------------------------------------------------
passed=0 failed=0 skipped=0 files=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  files=$((files + 1))
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  get() { printf '%s' "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]\+' || echo 0; }
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted)))
  skipped=$((skipped + $(get notExecuted) + $(get inconclusive)))
done
if [ "$files" = 0 ] && [ "$status" != 0 ]; then
  failed=$((failed + 1))   # the build or the test host failed before any result was written
fi
echo "$passed passed, $failed failed, $skipped skipped"
if [ "$failed" != 0 ] || [ "$passed" = 0 ] || [ "$status" != 0 ]; then exit 1; fi
