#!/usr/bin/env bash
# Runs every test of CaucusRooms on a fresh Debian machine with the .NET 10 SDK.
# Installs what the tests need (redis-server, nginx, coturn, Chromium, Node.js for the JS
# example client) when it is missing, then runs the whole solution's tests once.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
# nginx: the several-nodes test starts deploy/run-local.sh (redis-server, two nodes, nginx).
[[ -x /usr/sbin/nginx ]] || command -v nginx >/dev/null 2>&1 || need+=(nginx)
# coturn: the relay-only video test starts a real turnserver on loopback.
[[ -x /usr/bin/turnserver ]] || command -v turnserver >/dev/null 2>&1 || need+=(coturn)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
# Node.js and npm run examples/node-client (npm ci, then node); a Node.js build that bundles npm needs no Debian npm.
command -v node >/dev/null 2>&1 || need+=(nodejs)
command -v npm >/dev/null 2>&1 || need+=(npm)
if ((${#need[@]})); then
  echo "Installing ${need[*]} (Debian packages)…"
  sudo_cmd=(); [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -q
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -q "${need[@]}"
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet test CaucusRooms.sln --logger "console;verbosity=normal" 2>&1 | tee "$log" || status=$?

# The failed tests by name, then one closing line over all test projects.
grep -E '^[[:space:]]+Failed [A-Za-z_]' "$log" | sed 's/^[[:space:]]*/FAILED: /' || true
read -r passed failed < <(awk '/^[[:space:]]*Passed: [0-9]+$/ { p += $2 } /^[[:space:]]*Failed: [0-9]+$/ { f += $2 }
  END { print p+0, f+0 }' "$log")
echo "Total: $passed passed, $failed failed"
exit $status
