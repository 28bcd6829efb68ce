#!/usr/bin/env bash
# make bench: the release benchmark. Builds Release, starts a throwaway PostgreSQL and the API as a real process on a
# free loopback port (the dispatcher's default settings, dev tokens and loopback receivers on: the local run's
# Development settings with the connection string and port overridden), then runs bench/Tactics.Bench: N `released`
# custody events, one at a time and then with some concurrency, timed from each POST's response to the first webhook
# attempt at the SAPV's receiver. Prints count, p50, p95, p99 and max.
#   BENCH_COUNT (200)  BENCH_CONCURRENCY (8)
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT="${BENCH_COUNT:-200}"
CONCURRENCY="${BENCH_CONCURRENCY:-8}"

echo "[bench] building Release" >&2
dotnet build src/Tactics.Api -c Release --nologo -v q >/dev/null
dotnet build bench/Tactics.Bench -c Release --nologo -v q >/dev/null

eval "$(scripts/db.sh test-up | sed 's/^/export /; s/=\(.*\)$/="\1"/')"
API_PID=""
LOG=$(mktemp /tmp/tactics-bench-api.XXXXXX.log)
cleanup() {
  if [ -n "$API_PID" ]; then kill "$API_PID" 2>/dev/null || true; wait "$API_PID" 2>/dev/null || true; fi
  scripts/db.sh test-down "$DIR"
}
trap cleanup EXIT

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
echo "[bench] API on http://127.0.0.1:$PORT (log: $LOG)" >&2
# Development: migrations, demo agencies, dev tokens, loopback receivers. Notifications:Dispatcher is left at its
# defaults. The rate limit (600 requests a minute per agency) is lifted: the benchmark posts faster than one agency would.
ASPNETCORE_ENVIRONMENT=Development \
ConnectionStrings__Tactics="$TACTICS_TEST_DB" \
Kestrel__Endpoints__Http__Url="http://127.0.0.1:$PORT" \
RateLimiting__PermitsPerMinute=1000000 \
  dotnet src/Tactics.Api/bin/Release/net10.0/Tactics.Api.dll --contentRoot "$PWD/src/Tactics.Api" >"$LOG" 2>&1 &
API_PID=$!

for _ in $(seq 1 120); do
  if curl -fsS "http://127.0.0.1:$PORT/health/ready" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$API_PID" 2>/dev/null; then echo "[bench] the API exited; see $LOG" >&2; exit 1; fi
  sleep 0.5
done
curl -fsS "http://127.0.0.1:$PORT/health/ready" >/dev/null

dotnet bench/Tactics.Bench/bin/Release/net10.0/Tactics.Bench.dll \
  --api "http://127.0.0.1:$PORT" --count "$COUNT" --concurrency "$CONCURRENCY"
