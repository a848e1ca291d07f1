#!/usr/bin/env bash
# The main job, end to end, on a machine with only the .NET SDK:
#   builds the server, packs SpackMon.Build into samples/.feed, starts `spackmon serve` on a free loopback port with a
#   fresh SQLite database, creates a user, builds samples/Sample.sln with monitoring on (-m), and prints what the
#   server recorded (builds, statuses, phases) and where to look.
# Usage: bash samples/demo.sh [--serve]
#   --serve   keep the server running after the demo (Ctrl+C stops it), to browse the recorded builds.
# Exit code 0 only when everything worked and every project's build was recorded.
set -euo pipefail

samples=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$samples")
configuration=Release
keep_serving=false
case "${1:-}" in
  "") ;;
  --serve) keep_serving=true ;;
  -h|--help) sed -n '2,8p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "demo.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
esac

step_number=0
step() { step_number=$((step_number + 1)); printf '\n==> [%d/6] %s\n' "$step_number" "$*"; }
note() { printf '    %s\n' "$*"; }
fail() { printf '\ndemo.sh: FAILED: %s\n' "$*" >&2; exit 1; }

command -v dotnet >/dev/null 2>&1 || fail "the .NET SDK is required: 'dotnet' is not on PATH"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# Builds of the demo leave no MSBuild nodes behind; the server's build and the pack print only problems.
build_options=(-c "$configuration" -nodeReuse:false -v:quiet -nologo)

# --- server lifetime: whatever happens, the server stops when the script ends -----------------------
server_pid=""
work=""
stop_server() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    printf '\n==> Server stopped. The database stays at %s\n' "$work/spackmon.db"
  fi
}
trap stop_server EXIT
trap 'exit 130' INT TERM

# A GET over bash's /dev/tcp, so the demo needs no curl: prints the response body.
http_get() {
  local port=$1 path=$2 response
  exec 3<>"/dev/tcp/127.0.0.1/$port" || return 1
  printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1:%s\r\nConnection: close\r\n\r\n' "$path" "$port" >&3
  response=$(cat <&3)
  exec 3<&- 3>&-
  printf '%s' "${response#*$'\r\n\r\n'}"
}

port_is_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# --- 1. the server ------------------------------------------------------------------------------------
step "Building the server (src/SpackMon.Server, $configuration)"
dotnet build "$repo/src/SpackMon.Server" "${build_options[@]}" || fail "the server did not build"
spackmon=(dotnet "$repo/src/SpackMon.Server/bin/$configuration/net10.0/spackmon.dll")
[ -f "${spackmon[1]}" ] || fail "no ${spackmon[1]} after the build"

# --- 2. the package -----------------------------------------------------------------------------------
step "Packing SpackMon.Build into samples/.feed"
rm -rf "$samples/.feed"
dotnet pack "$repo/src/SpackMon.Build" "${build_options[@]}" -o "$samples/.feed" || fail "SpackMon.Build did not pack"
package=$(cd "$samples/.feed" && ls SpackMon.Build.*.nupkg 2>/dev/null | head -n 1)
[ -n "$package" ] || fail "no SpackMon.Build package in samples/.feed"
version=${package#SpackMon.Build.}
version=${version%.nupkg}
# The sample restores into its own packages folder; a package just repacked under the same version must not be
# served from an older extraction there.
export NUGET_PACKAGES="$samples/.nuget-packages"
rm -rf "$NUGET_PACKAGES/spackmon.build/$version"
note "package: samples/.feed/$package (packages folder: samples/.nuget-packages)"

# --- 3. a fresh database and a user -------------------------------------------------------------------
step "Creating a fresh database and a user"
work=$(mktemp -d "${TMPDIR:-/tmp}/spackmon-demo.XXXXXX")
db="$work/spackmon.db"
token=$("${spackmon[@]}" add-user demo --db "$db" 2>"$work/add-user.log") || { cat "$work/add-user.log" >&2; fail "add-user failed"; }
[ -n "$token" ] || fail "add-user printed no token"
export SPACKMON_USER=demo
export SPACKMON_TOKEN="$token"
unset token
note "database: $db"
note "user: demo (its token is exported as SPACKMON_TOKEN and not shown)"

# --- 4. the server on a free loopback port ------------------------------------------------------------
step "Starting the server on a free loopback port"
port=""
for _ in $(seq 1 50); do
  candidate=$((20000 + RANDOM % 40000))
  if ! port_is_open "$candidate"; then port=$candidate; break; fi
done
[ -n "$port" ] || fail "found no free loopback port"
host="http://127.0.0.1:$port"
"${spackmon[@]}" serve --urls "$host" --db "$db" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
  port_is_open "$port" && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; fail "the server exited while starting"; }
  sleep 0.2
done
port_is_open "$port" || { cat "$work/server.log" >&2; fail "the server did not listen on $host within 20 s"; }
note "server: $host (log: $work/server.log)"
service_info=$(http_get "$port" /ms1/) || fail "the server did not answer $host/ms1/"
note "service info: $(printf '%s' "$service_info" | grep -o '"status": *"[a-z]*"\|"version": *"[^"]*"' | tr '\n' ' ')"

# --- 5. the monitored build ---------------------------------------------------------------------------
step "Building samples/Sample.sln with monitoring on (-m)"
note "dotnet build samples/Sample.sln -m -p:SpackMonitor=true -p:SpackMonitorHost=$host"
build_status=0
dotnet build "$samples/Sample.sln" -m -nodeReuse:false \
  -p:SpackMonitor=true -p:SpackMonitorHost="$host" -p:SpackMonBuildVersion="$version" || build_status=$?

# --- 6. what was recorded -----------------------------------------------------------------------------
step "What the server recorded"
"${spackmon[@]}" list-builds --db "$db" || fail "list-builds failed"
builds_json=$(http_get "$port" "/api/builds/?page=1&page_size=1") || fail "the server did not answer /api/builds/"
recorded=$(printf '%s' "$builds_json" | grep -o '"count": *[0-9]*' | grep -o '[0-9]*$' || true)
projects=$(grep -c '\.csproj"' "$samples/Sample.sln")

cat <<EOF

Where to look:
  server (while it runs)  $host/
  builds as JSON          $host/api/builds/
  one build               $host/api/builds/<id>/
  database (SQLite)       $db
  again, later            ${spackmon[*]} serve --db $db --urls $host
                          ${spackmon[*]} list-builds --db $db
EOF

[ "$build_status" = 0 ] || fail "dotnet build of the sample exited $build_status"
[ "${recorded:-0}" -ge "$projects" ] || fail "the server recorded ${recorded:-no} builds for $projects projects"
printf '\n==> Done: %s builds recorded for the %s projects of samples/Sample.sln.\n' "$recorded" "$projects"

if [ "$keep_serving" = true ]; then
  printf '==> The server keeps running at %s; Ctrl+C stops it.\n' "$host"
  wait "$server_pid" || true
fi
