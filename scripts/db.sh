#!/usr/bin/env bash
# PostgreSQL for the local run and the tests, with or without a Docker engine.
#   scripts/db.sh up        the local run's database: docker compose where an engine answers, else a local
#                           cluster in /var/lib/tactics/pgdata (survives restarts) on port 54329
#   scripts/db.sh test-up   a throwaway cluster; prints its connection string and data directory
#   scripts/db.sh test-down DIR   stops and removes a throwaway cluster
set -euo pipefail

PORT="${TACTICS_DB_PORT:-54329}"
DATA_DIR="${TACTICS_DB_DIR:-/var/lib/tactics/pgdata}"
SOCKET_DIR="${TACTICS_DB_SOCKET_DIR:-/var/lib/tactics/run}"

log() { echo "[db] $*" >&2; }

pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -z "$dir" ] || [ ! -x "$dir/initdb" ]; then
    log "PostgreSQL binaries missing: installing the postgresql package"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2 && apt-get install -y -qq postgresql >&2
    dir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  fi
  echo "$dir"
}

as_postgres() {
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

docker_ready() { command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; }

wait_ready() { # bin port socket
  for _ in $(seq 1 60); do
    "$1/pg_isready" -q -h "$3" -p "$2" && return 0
    sleep 0.5
  done
  log "PostgreSQL did not become ready on port $2"; return 1
}

up() {
  if docker_ready; then
    log "Docker engine found: docker compose up -d db"
    docker compose up -d --wait db >&2
    return
  fi
  local bin; bin=$(pg_bin)
  mkdir -p "$DATA_DIR" "$SOCKET_DIR"
  chown -R postgres:postgres "$(dirname "$DATA_DIR")" "$SOCKET_DIR"
  if [ ! -s "$DATA_DIR/PG_VERSION" ]; then
    log "creating the local cluster in $DATA_DIR"
    local pwfile; pwfile=$(mktemp); echo "postgres" > "$pwfile"; chown postgres "$pwfile"
    as_postgres "$bin/initdb" -D "$DATA_DIR" -U postgres --pwfile="$pwfile" --auth-local=trust --auth-host=scram-sha-256 -E UTF8 >/dev/null
    rm -f "$pwfile"
  fi
  if ! as_postgres "$bin/pg_ctl" -D "$DATA_DIR" status >/dev/null 2>&1; then
    as_postgres "$bin/pg_ctl" -D "$DATA_DIR" -l "$DATA_DIR/server.log" -w \
      -o "-p $PORT -k $SOCKET_DIR -c listen_addresses=localhost" start >/dev/null
  fi
  wait_ready "$bin" "$PORT" "$SOCKET_DIR"
  as_postgres "$bin/psql" -q -h "$SOCKET_DIR" -p "$PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 >/dev/null <<'SQL'
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'tactics') THEN
    CREATE ROLE tactics LOGIN PASSWORD 'tactics';
  END IF;
END $$;
SELECT 'CREATE DATABASE tactics OWNER tactics' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'tactics')\gexec
SQL
  log "PostgreSQL ready on localhost:$PORT (database tactics)"
}

test_up() {
  local bin dir port
  bin=$(pg_bin)
  dir=$(mktemp -d /tmp/tactics-test-db.XXXXXX)
  chown postgres:postgres "$dir"
  as_postgres "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 >/dev/null
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()' 2>/dev/null || echo 55432)
  as_postgres "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
    -o "-p $port -k $dir -c listen_addresses=localhost -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >/dev/null
  wait_ready "$bin" "$port" "$dir"
  as_postgres "$bin/psql" -q -h "$dir" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 \
    -c "CREATE ROLE tactics_app LOGIN PASSWORD 'tactics'" -c "CREATE DATABASE tactics_test OWNER tactics_app" >/dev/null
  echo "DIR=$dir"
  echo "TACTICS_TEST_DB=Host=localhost;Port=$port;Database=tactics_test;Username=tactics_app;Password=tactics;Include Error Detail=false"
}

test_down() {
  local bin; bin=$(pg_bin)
  [ -n "${1:-}" ] && [ -d "$1/data" ] || return 0
  as_postgres "$bin/pg_ctl" -D "$1/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$1"
}

case "${1:-}" in
  up) up ;;
  test-up) test_up ;;
  test-down) test_down "${2:-}" ;;
  *) echo "usage: $0 up | test-up | test-down DIR" >&2; exit 2 ;;
esac
