#!/usr/bin/env bash
# EF Core migrations of both stores (the coordinator's and the reliable-message service's), one assembly per store
# and provider, plus SQL scripts for DBAs (migrations/sql/<store>.{sqlite,postgresql,sqlserver}.sql). The PostgreSQL
# and SQL Server scripts are idempotent (they run every migration not yet in __EFMigrationsHistory); EF Core cannot
# write idempotent scripts for SQLite, so its script creates the schema from an empty database (for upgrades,
# SQLite's default AutoMigrate applies the migrations, or use `dotnet ef migrations script <FromMigration>` on the
# SQLite project).
#
#   migrations/generate.sh [STORE]                regenerate the SQL scripts from the existing migrations
#   migrations/generate.sh STORE add <Name>       add migration <Name> for ALL THREE providers, then the scripts
#   migrations/generate.sh STORE remove           remove the last migration of all three providers (unapplied only)
#   migrations/generate.sh [STORE] check          exit 1 when a model has changes that no migration covers
#
# STORE: coordinator or reliable-message; scripts and check without one do both stores.
#
# Adding a migration (every schema change goes to all three providers at once):
#   1. Change the model (coordinator/src/Transactions.Coordinator.Storage/Model or
#      reliable-message/src/Transactions.ReliableMessage.Storage/Model; names in its *Schema.cs).
#   2. Run `migrations/generate.sh STORE add AddSomething` (a PascalCase name saying what changes).
#   3. Review the three new files under migrations/Transactions.*.Migrations.*/Migrations/ and the diff of
#      migrations/sql/*.sql; hand-edit a migration only for data moves EF cannot infer.
#   4. Run the storage compliance tests (tests/Transactions.Storage.Compliance.Tests,
#      tests/Transactions.ReliableMessage.Storage.Compliance.Tests): they migrate SQLite and PostgreSQL (and SQL
#      Server where reachable) from scratch with these migrations.
# Never edit a migration that has been released: add a new one.
#
# Uses the local dotnet-ef tool (.config/dotnet-tools.json, restored here). Each project is built once
# and dotnet ef runs with --no-build. Set TX_DOTNET_LOCK to a lock file to run every dotnet command
# under `flock` (as ./build.sh does), e.g. TX_DOTNET_LOCK=/tmp/dotnet-build.lock.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
PROVIDERS=(Sqlite PostgreSql SqlServer)
SQL_DIR=migrations/sql
STORES=(coordinator reliable-message)

dotnet_() {
  if [ -n "${TX_DOTNET_LOCK:-}" ]; then flock "$TX_DOTNET_LOCK" dotnet "$@"; else dotnet "$@"; fi
}

usage() {
  echo "usage: $0 [coordinator|reliable-message] [scripts | add <Name> | remove | check]" >&2
  exit 2
}

project_dir() { # store, provider
  case "$1" in
    coordinator) echo "migrations/Transactions.Coordinator.Migrations.$2" ;;
    reliable-message) echo "migrations/Transactions.ReliableMessage.Migrations.$2" ;;
  esac
}

script_name() { # store, provider
  case "$2" in
    Sqlite) echo "$1.sqlite.sql" ;;
    PostgreSql) echo "$1.postgresql.sql" ;;
    SqlServer) echo "$1.sqlserver.sql" ;;
  esac
}

build() { # store, provider
  local dir; dir="$(project_dir "$1" "$2")"
  echo "== build $dir" >&2
  dotnet_ build "$dir" -v q --nologo -clp:NoSummary >&2
}

ef() { # store, provider, ef arguments...
  local dir; dir="$(project_dir "$1" "$2")"
  shift 2
  dotnet_ tool run dotnet-ef "$@" --project "$dir" --startup-project "$dir" --no-build
}

scripts() { # store
  mkdir -p "$SQL_DIR"
  local provider out
  for provider in "${PROVIDERS[@]}"; do
    build "$1" "$provider"
    out="$SQL_DIR/$(script_name "$1" "$provider")"
    echo "== script $out" >&2
    if [ "$provider" = Sqlite ]; then
      ef "$1" "$provider" migrations script --output "$out"
    else
      ef "$1" "$provider" migrations script --idempotent --output "$out"
    fi
  done
}

stores=("${STORES[@]}")
case "${1:-}" in
  coordinator|reliable-message) stores=("$1"); shift ;;
esac
cmd="${1:-scripts}"
dotnet_ tool restore >/dev/null
case "$cmd" in
  scripts)
    for store in "${stores[@]}"; do scripts "$store"; done
    ;;
  add|remove)
    [ "${#stores[@]}" -eq 1 ] || { echo "$cmd needs a store: coordinator or reliable-message" >&2; usage; }
    store="${stores[0]}"
    for provider in "${PROVIDERS[@]}"; do
      build "$store" "$provider"
      if [ "$cmd" = add ]; then
        name="${2:?usage: $0 $store add <MigrationName>}"
        echo "== add $name ($store, $provider)" >&2
        ef "$store" "$provider" migrations add "$name" --output-dir Migrations
      else
        echo "== remove the last migration ($store, $provider)" >&2
        ef "$store" "$provider" migrations remove --force
      fi
    done
    scripts "$store"
    ;;
  check)
    status=0
    for store in "${stores[@]}"; do
      for provider in "${PROVIDERS[@]}"; do
        build "$store" "$provider"
        echo "== check $store $provider" >&2
        ef "$store" "$provider" migrations has-pending-model-changes || status=1
      done
    done
    exit "$status"
    ;;
  *) usage ;;
esac
