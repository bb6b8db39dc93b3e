#!/usr/bin/env bash
# A PostgreSQL server owned by this repository, for tests, benchmarks and local development.
#
#   eng/scripts/postgres.sh start    install if needed, initdb once, start, wait until ready
#   eng/scripts/postgres.sh stop     fast shutdown, waits
#   eng/scripts/postgres.sh status   exit 0 when running and accepting connections, 3 otherwise
#   eng/scripts/postgres.sh env      print `export TX_TEST_POSTGRES=...` (eval-able)
#   eng/scripts/postgres.sh reset    stop and delete the data directory (next start is fresh)
#
# It never touches Debian's own cluster (15/main on 5432): it runs its own cluster from Debian's
# binaries with its own data directory, on 127.0.0.1 only, no Unix socket, password auth.
# Tests read TX_TEST_POSTGRES: a superuser connection to the `postgres` database, from which they
# create (and drop) their own databases.
#
# Settings (environment):
#   TX_POSTGRES_PORT      port (default 55432)
#   TX_POSTGRES_USER      superuser name (default tx)
#   TX_POSTGRES_PASSWORD  its password (default tx; only set at initdb time)
#   TX_POSTGRES_DIR       where the data directory and log live
#                         (default <repo>/.artifacts/postgres, or /tmp/tx-postgres-<port> when the
#                         `postgres` OS user cannot reach the repository, e.g. a clone under /root)
set -euo pipefail
# shellcheck source=eng/scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PORT="${TX_POSTGRES_PORT:-55432}"
PGUSER_NAME="${TX_POSTGRES_USER:-tx}"
PGUSER_PASSWORD="${TX_POSTGRES_PASSWORD:-tx}"

# PostgreSQL refuses to run as root: as root we run it as Debian's `postgres` OS user.
run_as_pg() {
  if [ "$(id -u)" -eq 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

# The directory holding data/ and postgres.log. As root it must be reachable by `postgres`.
resolve_base() {
  if [ -n "${TX_POSTGRES_DIR:-}" ]; then BASE="$TX_POSTGRES_DIR"; return; fi
  BASE="$TX_ARTIFACTS/postgres"
  if [ "$(id -u)" -eq 0 ] && id postgres >/dev/null 2>&1; then
    mkdir -p "$TX_ARTIFACTS"
    if ! runuser -u postgres -- test -x "$TX_ARTIFACTS" 2>/dev/null; then
      BASE="/tmp/tx-postgres-$PORT"
    fi
  fi
}

# Binaries: the version that created the data directory if there is one, else the newest installed.
resolve_bin() {
  local version=""
  [ -f "$BASE/data/PG_VERSION" ] && version="$(cat "$BASE/data/PG_VERSION")"
  if [ -n "$version" ]; then
    PGBIN="/usr/lib/postgresql/$version/bin"
  else
    # shellcheck disable=SC2012 # version directories are plain numbers
    PGBIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  fi
  [ -n "$PGBIN" ] && [ -x "$PGBIN/pg_ctl" ]
}

ensure_installed() {
  if ! resolve_bin; then
    ensure_apt_packages postgresql
    resolve_bin || die "PostgreSQL binaries not found under /usr/lib/postgresql/*/bin after installing"
  fi
}

is_running() {
  [ -f "$BASE/data/postmaster.pid" ] && resolve_bin && run_as_pg "$PGBIN/pg_ctl" -D "$BASE/data" status >/dev/null 2>&1
}

is_ready() {
  resolve_bin && "$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$PORT" -t 2 2>/dev/null
}

init_cluster() {
  local t0; t0=$(now_s)
  log "initdb: new cluster in $BASE/data (superuser $PGUSER_NAME)"
  if [ "$(id -u)" -eq 0 ]; then
    install -d -o postgres -g postgres -m 700 "$BASE"
  else
    install -d -m 700 "$BASE"
  fi
  local pwfile="$BASE/.pwfile"
  (umask 077; printf '%s\n' "$PGUSER_PASSWORD" >"$pwfile")
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$pwfile"
  run_as_pg "$PGBIN/initdb" -D "$BASE/data" -U "$PGUSER_NAME" --pwfile="$pwfile" \
    --auth=scram-sha-256 --encoding=UTF8 --no-locale >"$BASE/initdb.log" 2>&1 \
    || { rm -f "$pwfile"; tail -n 20 "$BASE/initdb.log" >&2; die "initdb failed (log: $BASE/initdb.log)"; }
  rm -f "$pwfile"
  # Our settings, appended once. The port is passed on the command line at every start instead,
  # so TX_POSTGRES_PORT can change without re-initialising.
  cat >>"$BASE/data/postgresql.conf" <<'CONF'

# ---- eng/scripts/postgres.sh ----
listen_addresses = '127.0.0.1'
unix_socket_directories = ''       # TCP only: no socket path length or permission surprises
ssl = off                          # loopback only; clients use SSL Mode=Disable
max_connections = 300              # several test assemblies, each with its own pools
shared_buffers = 256MB
fsync = on                         # kept on: benchmarks must see real commit costs
log_min_duration_statement = -1
log_line_prefix = '%m [%p] %q%u@%d '
CONF
  info "initdb done in $(elapsed_s "$t0")"
}

cmd_start() {
  resolve_base
  ensure_installed
  if is_running; then
    if is_ready; then log "PostgreSQL already running on 127.0.0.1:$PORT ($BASE/data)"; return 0; fi
    die "PostgreSQL from $BASE/data runs but does not answer on port $PORT (started with another TX_POSTGRES_PORT?); run '$0 stop' first"
  fi
  if tcp_open 127.0.0.1 "$PORT"; then
    die "port $PORT is taken by another process; choose another with TX_POSTGRES_PORT"
  fi
  [ -f "$BASE/data/PG_VERSION" ] || init_cluster
  local t0; t0=$(now_s)
  log "starting PostgreSQL on 127.0.0.1:$PORT"
  # pg_stat_statements (when the contrib library is installed): the benchmarks count statements per transaction.
  local options="-p $PORT"
  [ -f "$("$PGBIN/pg_config" --pkglibdir 2>/dev/null || echo "$PGBIN/../lib")/pg_stat_statements.so" ] \
    && options="$options -c shared_preload_libraries=pg_stat_statements"
  if ! run_as_pg "$PGBIN/pg_ctl" -D "$BASE/data" -l "$BASE/postgres.log" -o "$options" -w -t 60 start >/dev/null; then
    tail -n 30 "$BASE/postgres.log" >&2 || true
    die "PostgreSQL did not start (log: $BASE/postgres.log)"
  fi
  # pg_ctl -w already waited for the server; confirm the TCP listener the tests use (max 30 s).
  local i
  for ((i = 0; i < 60; i++)); do is_ready && break; sleep 0.5; done
  is_ready || { tail -n 30 "$BASE/postgres.log" >&2; die "PostgreSQL started but 127.0.0.1:$PORT does not answer"; }
  info "PostgreSQL ready in $(elapsed_s "$t0") (log: $BASE/postgres.log)"
}

cmd_stop() {
  resolve_base
  if ! is_running; then log "PostgreSQL not running"; return 0; fi
  local t0; t0=$(now_s)
  log "stopping PostgreSQL"
  run_as_pg "$PGBIN/pg_ctl" -D "$BASE/data" -m fast -w -t 60 stop >/dev/null \
    || die "PostgreSQL did not stop (log: $BASE/postgres.log)"
  info "stopped in $(elapsed_s "$t0")"
}

# crash: an immediate shutdown (no checkpoint: the next start runs crash recovery), as a machine failure would.
cmd_crash() {
  resolve_base
  is_running || die "PostgreSQL is not running"
  run_as_pg "$PGBIN/pg_ctl" -D "$BASE/data" -m immediate -w -t 60 stop >/dev/null || die "PostgreSQL did not stop"
  log "PostgreSQL stopped immediately (crash recovery on the next start)"
}

cmd_status() {
  resolve_base
  if is_running; then
    # Line 4 of postmaster.pid is the port the server really listens on.
    local actual; actual="$(sed -n 4p "$BASE/data/postmaster.pid")"
    if [ "$actual" != "$PORT" ]; then
      echo "PostgreSQL running on port $actual, not on TX_POSTGRES_PORT=$PORT (data: $BASE/data)"
      return 3
    fi
    is_ready || { echo "PostgreSQL starting or stopping on port $PORT, not ready"; return 3; }
    echo "PostgreSQL running on 127.0.0.1:$PORT (data: $BASE/data)"
  else
    echo "PostgreSQL not running (data: $BASE/data)"
    return 3
  fi
}

cmd_env() {
  printf 'export TX_TEST_POSTGRES="Host=127.0.0.1;Port=%s;Username=%s;Password=%s;Database=postgres;SSL Mode=Disable"\n' \
    "$PORT" "$PGUSER_NAME" "$PGUSER_PASSWORD"
}

# createdb NAME: creates the database NAME (owned by the superuser of `env`) unless it exists.
cmd_createdb() {
  local name="${1:-}"
  [[ "$name" =~ ^[a-z_][a-z0-9_]*$ ]] || die "createdb: a database name of lower-case letters, digits and _ is required"
  resolve_base
  is_ready || die "PostgreSQL is not running on 127.0.0.1:$PORT (run '$0 start')"
  local psql=(env PGPASSWORD="$PGUSER_PASSWORD" "$PGBIN/psql" -h 127.0.0.1 -p "$PORT" -U "$PGUSER_NAME" -d postgres -v ON_ERROR_STOP=1 -qtA)
  if [ "$("${psql[@]}" -c "SELECT 1 FROM pg_database WHERE datname = '$name'")" = "1" ]; then
    log "database $name exists"
  else
    "${psql[@]}" -c "CREATE DATABASE $name" >/dev/null || die "CREATE DATABASE $name failed"
    log "database $name created"
  fi
}

cmd_reset() {
  cmd_stop
  log "deleting $BASE"
  rm -rf "$BASE"
}

case "${1:-}" in
  start)  cmd_start ;;
  stop)   cmd_stop ;;
  status) cmd_status ;;
  env)    cmd_env ;;
  reset)  cmd_reset ;;
  createdb) shift; cmd_createdb "$@" ;;
  crash)  cmd_crash ;;
  *) echo "usage: $0 start|stop|status|env|reset|createdb NAME|crash" >&2; exit 2 ;;
esac
