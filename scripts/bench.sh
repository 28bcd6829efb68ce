#!/usr/bin/env bash
# make bench: the API under load against the database of `make run`, next to that database's own work.
#  1. Builds Release; starts the local run's PostgreSQL (scripts/db.sh up); seeds SCALE=0.02 when the cases table is
#     empty (scripts/seed.sh, or, while there is none, a small set through the API: bench/Tactics.Bench --seed).
#  2. Picks its ids by SQL (bench/load/bench.mjs ids): cases with a live consent for cpas-saint-josse, the police
#     zone with the most cases and its police agency.
#  3. Capture: an API process whose connections log every statement (log_min_duration_statement=0 in their startup
#     options; the role is granted SET on that parameter) and whose background services are off serves one read at a
#     time; the server log gives each read's statements with their parameters, written as pgbench scripts.
#  4. The measured API: a Release process with the Development settings and the rate limit lifted, as
#     scripts/bench-release.sh starts it. bench/load/bench.mjs run: three runs of GET /cases/{id}, the zone's list,
#     POST incidents and releases → first webhook, each read replayed by pgbench at the same rate; the medians go to
#     a table and bench/results/latest.json.
# Tuning: BENCH_RUNS (3) BENCH_DURATION (20 s) BENCH_WARMUP (2 s) BENCH_GRACE (3 s: then unanswered requests are errors) BENCH_READ_RATE (300) BENCH_READ_CONNECTIONS (32)
#   BENCH_LIST_RATE (20) BENCH_LIST_CONNECTIONS (8) BENCH_WRITE_RATE (100) BENCH_WRITE_CONNECTIONS (16)
#   BENCH_RELEASE_INTERVAL_MS (100) BENCH_CAPTURES (10) BENCH_SEED_CASES (1000, the fallback seed's size)
set -euo pipefail
cd "$(dirname "$0")/.."
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
export BENCH_PGBENCH="$PG_BIN/pgbench"
SOCKET_DIR="${TACTICS_DB_SOCKET_DIR:-/var/lib/tactics/run}"
export BENCH_PG_LOG="${TACTICS_DB_DIR:-/var/lib/tactics/pgdata}/server.log"
DEV_DB=$(python3 -c 'import json; print(json.load(open("src/Tactics.Api/appsettings.Development.json"))["ConnectionStrings"]["Tactics"])')
WORK=$(mktemp -d /tmp/tactics-bench.XXXXXX)
API_PID=""

echo "[bench] building Release" >&2
dotnet build src/Tactics.Api -c Release --nologo -v q >/dev/null
dotnet build bench/Tactics.Bench -c Release --nologo -v q >/dev/null
scripts/db.sh up

stop_api() {
  if [ -n "$API_PID" ]; then kill "$API_PID" 2>/dev/null || true; wait "$API_PID" 2>/dev/null || true; fi
  API_PID=""
}
trap 'stop_api; rm -rf "$WORK"' EXIT
trap 'exit 130' INT TERM

# start_api NAME CONNECTION_STRING [VAR=VALUE...]: a Release API on a free loopback port; sets API_URL and API_PID.
start_api() {
  local name=$1 connection=$2 port log
  shift 2
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
  log="$WORK/api-$name.log"
  env ASPNETCORE_ENVIRONMENT=Development ConnectionStrings__Tactics="$connection" \
    Kestrel__Endpoints__Http__Url="http://127.0.0.1:$port" RateLimiting__PermitsPerMinute=1000000 "$@" \
    dotnet src/Tactics.Api/bin/Release/net10.0/Tactics.Api.dll --contentRoot "$PWD/src/Tactics.Api" >"$log" 2>&1 &
  API_PID=$!
  API_URL="http://127.0.0.1:$port"
  for _ in $(seq 1 120); do
    if curl -fsS "$API_URL/health/ready" >/dev/null 2>&1; then echo "[bench] $name API on $API_URL (pid $API_PID)" >&2; return; fi
    if ! kill -0 "$API_PID" 2>/dev/null; then echo "[bench] the $name API exited:" >&2; tail -20 "$log" >&2; exit 1; fi
    sleep 0.5
  done
  echo "[bench] the $name API did not become ready" >&2; exit 1
}

# The measured process: also the one that migrates the database before the seed looks at it.
start_api measured "$DEV_DB"
CASES=$(node bench/load/bench.mjs cases)
if [ "$CASES" = "0" ]; then
  if [ -f scripts/seed.sh ]; then
    echo "[bench] no case yet: scripts/seed.sh 0.02" >&2
    stop_api
    bash scripts/seed.sh 0.02
    start_api measured "$DEV_DB"
  else
    echo "[bench] no case yet and no scripts/seed.sh: ${BENCH_SEED_CASES:-1000} cases through the API" >&2
    dotnet bench/Tactics.Bench/bin/Release/net10.0/Tactics.Bench.dll --api "$API_URL" --seed "${BENCH_SEED_CASES:-1000}"
  fi
fi
stop_api
node bench/load/bench.mjs ids --work "$WORK"

echo "[bench] capturing the statements of each read" >&2
runuser -u postgres -- "$PG_BIN/psql" -qAtX -h "$SOCKET_DIR" -p "${TACTICS_DB_PORT:-54329}" -d tactics \
  -c "GRANT SET ON PARAMETER log_min_duration_statement TO tactics" >/dev/null
start_api capture "$DEV_DB;Application Name=tactics-bench-capture;Options=-c log_min_duration_statement=0" \
  Notifications__Dispatcher__Enabled=false Tasks__Monitor__Enabled=false Idempotency__Purge__Enabled=false
node bench/load/bench.mjs capture --work "$WORK" --api "$API_URL"
stop_api

# Idle connections leave the measured API's pool after 2 s (Npgsql's default: 300 s), so that the pgbench replays
# that follow each HTTP phase find free connection slots on the shared cluster (max_connections 100).
start_api measured "$DEV_DB;Application Name=tactics-bench;Connection Idle Lifetime=2;Connection Pruning Interval=1"
node bench/load/bench.mjs run --work "$WORK" --api "$API_URL" --pid "$API_PID"
