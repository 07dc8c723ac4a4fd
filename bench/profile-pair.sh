#!/usr/bin/env bash
# A CPU profile of CaucusRooms under the benchmark's steady load (1 msg/person/s, 2,000 connections): runs one target
# by itself (by default the two nodes on Redis; `caucusrooms` for the single in-memory node), waits for its steady
# phase, traces its node processes with dotnet-trace (the repository's local tool) for SECONDS, and prints where their
# working time went; with KIND `allocations`, traces their allocation ticks instead (`--profile gc-verbose`) and prints the
# bytes by type and by allocating site (the time figures of such a run are not comparable: the tracing costs).
#   bench/profile-pair.sh [SECONDS] [OUT-DIR] [TARGET] [KIND]   (default 20 s, /tmp/caucus-profile, caucusrooms-redis, cpu)
# BENCH_ARGS adds options to the bench's run, e.g. BENCH_ARGS='--rate 0.02' for moves with sends nearly off.
# Run it on a quiet machine; the traces (.nettrace, .speedscope.json) stay in OUT-DIR for speedscope or PerfView.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
out=${2:-/tmp/caucus-profile}
target=${3:-caucusrooms-redis}
kind=${4:-cpu}
[[ $target == caucusrooms || $target == caucusrooms-redis ]] || { echo "TARGET is caucusrooms or caucusrooms-redis" >&2; exit 64; }
[[ $kind == cpu || $kind == allocations ]] || { echo "KIND is cpu or allocations" >&2; exit 64; }
mkdir -p "$out"
dotnet tool restore >/dev/null
dotnet build -c Release bench/CaucusRooms.Bench >/dev/null
bench=bench/CaucusRooms.Bench/bin/Release/net10.0/CaucusRooms.Bench
# A steady phase long enough for the trace, no sweep.
# shellcheck disable=SC2086 # BENCH_ARGS is split into options on purpose.
"$bench" --only "$target" --steady-seconds $((seconds + 30)) --sweep-steps 0 ${BENCH_ARGS:-} > "$out/bench.log" 2>&1 &
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
  if [[ $kind == cpu ]]; then
    profile=(--profile dotnet-sampled-thread-time --format Speedscope)
    traces+=("$out/node-$pid.speedscope.json")
  else
    profile=(--profile gc-verbose)
    traces+=("$out/node-$pid.nettrace")
  fi
  dotnet tool run dotnet-trace -- collect -p "$pid" "${profile[@]}" \
    --duration "00:00:00:$(printf %02d "$seconds")" -o "$out/node-$pid.nettrace" > "$out/trace-$pid.log" 2>&1 &
done
wait $(jobs -p | grep -v "^$runner$") 2>/dev/null || true
wait "$runner" || true
trap - EXIT
echo "Load: $(uptime)"
if [[ $kind == cpu ]]; then "$bench" profile-summary "${traces[@]}"; else "$bench" alloc-summary "${traces[@]}"; fi
