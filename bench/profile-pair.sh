#!/usr/bin/env bash
# A CPU profile of CaucusRooms under the benchmark's steady load (1 msg/person/s, 2,000 connections): runs one target
# by itself (by default the two nodes on Redis; `caucusrooms` for the single in-memory node), waits for its steady
# phase, traces its node processes with dotnet-trace (the repository's local tool) for SECONDS, and prints where their
# working time went.
#   bench/profile-pair.sh [SECONDS] [OUT-DIR] [TARGET]   (default 20 s, /tmp/caucus-profile, caucusrooms-redis)
# Run it on a quiet machine; the traces (.nettrace, .speedscope.json) stay in OUT-DIR for speedscope or PerfView.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
out=${2:-/tmp/caucus-profile}
target=${3:-caucusrooms-redis}
[[ $target == caucusrooms || $target == caucusrooms-redis ]] || { echo "TARGET is caucusrooms or caucusrooms-redis" >&2; exit 64; }
mkdir -p "$out"
dotnet tool restore >/dev/null
dotnet build -c Release bench/CaucusRooms.Bench >/dev/null
bench=bench/CaucusRooms.Bench/bin/Release/net10.0/CaucusRooms.Bench
# A steady phase long enough for the trace, no sweep.
"$bench" --only "$target" --steady-seconds $((seconds + 30)) --sweep-steps 0 > "$out/bench.log" 2>&1 &
runner=$!
trap 'kill $runner 2>/dev/null || true' EXIT
# The warm-up's line is printed when it ends: the steady phase starts right after it.
for _ in $(seq 1 300); do grep -q "warm-up" "$out/bench.log" && break; sleep 1; done
grep -q "warm-up" "$out/bench.log" || { echo "the $target target never reached its steady phase; see $out/bench.log" >&2; exit 1; }
sleep 5
nodes=$(pgrep -P "$runner" -f "serve caucusrooms" || true)
[[ -n $nodes ]] || { echo "no node process found under the bench ($runner)" >&2; exit 1; }
traces=()
for pid in $nodes; do
  dotnet tool run dotnet-trace -- collect -p "$pid" --profile dotnet-sampled-thread-time --format Speedscope \
    --duration "00:00:00:$(printf %02d "$seconds")" -o "$out/node-$pid.nettrace" > "$out/trace-$pid.log" 2>&1 &
  traces+=("$out/node-$pid.speedscope.json")
done
wait $(jobs -p | grep -v "^$runner$") 2>/dev/null || true
wait "$runner" || true
trap - EXIT
echo "Load: $(uptime)"
"$bench" profile-summary "${traces[@]}"
