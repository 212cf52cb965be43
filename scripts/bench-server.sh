#!/usr/bin/env bash
# Benchmark of the consortium server with wrk on loopback: requests/s and p99 latency of the
# ledger head, a run's summary and an inclusion proof, at 64 and 1,000 connections, and the
# server's resident memory after each 100,000 requests (it should not grow).
#
#   scripts/bench-server.sh                  # release build; DURATION=10s CONFIG=release SCRATCH=.build-srv ARAL_BIN=prebuilt
# Goals: >= 20,000 req/s for the head and p99 < 20 ms at 64 connections.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
scratch="${SCRATCH:-.build-srv}"
config="${CONFIG:-release}"
duration="${DURATION:-10s}"
threads="${THREADS:-2}"
work="$(mktemp -d /tmp/aral-bench.XXXXXX)"
server_pid=""
cleanup() {
    if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

if ! command -v wrk >/dev/null; then
    sudo_cmd=""
    if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
    $sudo_cmd env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi
# shellcheck source=scripts/lib-server.sh
source "$root/scripts/lib-server.sh"

if [ -n "${ARAL_BIN:-}" ]; then
    aral="$ARAL_BIN"
else
    # aral, and the executables `aral serve` and `aral ledger` hand over to.
    for product in aral aral-server aral-ledger; do swift build -c "$config" --scratch-path "$scratch" --product "$product" >/dev/null; done
    aral="$(swift build -c "$config" --scratch-path "$scratch" --show-bin-path)/aral"
fi
# wrk from one address would hit the per-client rate limit of the proof endpoint at once:
# the benchmark measures the server, not the limiter.
start_server "$aral" "$work" --rate-limit 0 || { echo "the server did not start" >&2; exit 1; }
seed_server "$aral" "$work"

rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$server_pid/status"; }

# bench NAME PATH CONNECTIONS: one wrk run, one result line.
bench() {
    local out rps p99 requests
    out="$(wrk -t"$threads" -c"$3" -d"$duration" --latency "$base$2")"
    rps="$(awk '/Requests\/sec/ {print $2}' <<<"$out")"
    p99="$(awk '$1 == "99%" {print $2}' <<<"$out")"
    requests="$(awk '/requests in/ {print $1}' <<<"$out")"
    errors="$(awk '/Non-2xx|Socket errors/ {print}' <<<"$out" | tr '\n' ' ')"
    printf '%-10s %6s conns  %10s req/s  p99 %8s  (%s requests) %s\n' "$1" "$3" "$rps" "$p99" "$requests" "$errors"
}

echo "aral serve (${ARAL_BIN:-$config build}) on $base, wrk -t$threads -d$duration; $(nproc) cores"
echo "server memory before: $(rss_kb) kB"
for connections in 64 1000; do
    bench head "/api/ledger/head" "$connections"
    bench summary "/api/runs/$run/summary" "$connections"
    bench proof "/api/ledger/proofs/inclusion?index=1" "$connections"
done
echo "server memory after the runs above: $(rss_kb) kB"
# Exactly-counted batches of 100,000 requests: memory must level off, not grow per batch.
for batch in 1 2 3; do
    # Two wrk threads stop after 50,000 responses each.
    done_requests="$(wrk -t2 -c64 -d120s -s <(cat <<'LUA'
local count = 0
response = function(status, headers, body)
    count = count + 1
    if count >= 50000 then wrk.thread:stop() end
end
request = function() return wrk.format("GET", "/api/ledger/head") end
LUA
) "$base" | awk '/requests in/ {print $1}')"
    echo "server memory after batch $batch ($done_requests head requests): $(rss_kb) kB"
done
