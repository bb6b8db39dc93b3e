#!/usr/bin/env bash
# EF Core migrations of the coordinator's store, one assembly per provider, plus SQL scripts for DBAs
# (migrations/sql/coordinator.{sqlite,postgresql,sqlserver}.sql). The PostgreSQL and SQL Server
# scripts are idempotent (they run every migration not yet in __EFMigrationsHistory); EF Core cannot
# write idempotent scripts for SQLite, so its script creates the schema from an empty database (for
# upgrades, SQLite's default AutoMigrate applies the migrations, or use
# `dotnet ef migrations script <FromMigration>` on the SQLite project).
#
#   migrations/generate.sh                regenerate the three SQL scripts from the existing migrations
#   migrations/generate.sh add <Name>     add migration <Name> for ALL THREE providers, then the scripts
#   migrations/generate.sh check          exit 1 when the model has changes that no migration covers
#
# Adding a migration (every schema change goes to all three providers at once):
#   1. Change the model in coordinator/src/Transactions.Coordinator.Storage (Model/*Configuration.cs,
#      names in Model/CoordinatorSchema.cs).
#   2. Run `migrations/generate.sh add AddSomething` (a PascalCase name saying what changes).
#   3. Review the three new files under migrations/Transactions.Coordinator.Migrations.*/Migrations/ and
#      the diff of migrations/sql/*.sql; hand-edit a migration only for data moves EF cannot infer.
#   4. Run the storage compliance tests (tests/Transactions.Storage.Compliance.Tests): they migrate
#      SQLite and PostgreSQL (and SQL Server where reachable) from scratch with these migrations.
# Never edit a migration that has been released: add a new one. To drop an unreleased one, run
# `dotnet tool run dotnet-ef migrations remove --project <dir> --startup-project <dir>` in each of the three
# project directories, then `migrations/generate.sh` for the scripts.
#
# Uses the local dotnet-ef tool (.config/dotnet-tools.json, restored here). Each project is built once
# and dotnet ef runs with --no-build. Set TX_DOTNET_LOCK to a lock file to run every dotnet command
# under `flock` (as ./build.sh does), e.g. TX_DOTNET_LOCK=/tmp/dotnet-build.lock.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
PROVIDERS=(Sqlite PostgreSql SqlServer)
SQL_DIR=migrations/sql

dotnet_() {
  if [ -n "${TX_DOTNET_LOCK:-}" ]; then flock "$TX_DOTNET_LOCK" dotnet "$@"; else dotnet "$@"; fi
}

project_dir() { echo "migrations/Transactions.Coordinator.Migrations.$1"; }

script_name() {
  case "$1" in
    Sqlite) echo coordinator.sqlite.sql ;;
    PostgreSql) echo coordinator.postgresql.sql ;;
    SqlServer) echo coordinator.sqlserver.sql ;;
  esac
}

build() { # provider
  local dir; dir="$(project_dir "$1")"
  echo "== build $dir" >&2
  dotnet_ build "$dir" -v q --nologo -clp:NoSummary >&2
}

ef() { # provider, ef arguments...
  local provider="$1"; shift
  local dir; dir="$(project_dir "$provider")"
  dotnet_ tool run dotnet-ef "$@" --project "$dir" --startup-project "$dir" --no-build
}

scripts() {
  mkdir -p "$SQL_DIR"
  local provider out
  for provider in "${PROVIDERS[@]}"; do
    build "$provider"
    out="$SQL_DIR/$(script_name "$provider")"
    echo "== script $out" >&2
    if [ "$provider" = Sqlite ]; then
      ef "$provider" migrations script --output "$out"
    else
      ef "$provider" migrations script --idempotent --output "$out"
    fi
  done
}

cmd="${1:-scripts}"
dotnet_ tool restore >/dev/null
case "$cmd" in
  scripts)
    scripts
    ;;
  add)
    name="${2:?usage: $0 add <MigrationName>}"
    for provider in "${PROVIDERS[@]}"; do
      build "$provider"
      echo "== add $name ($provider)" >&2
      ef "$provider" migrations add "$name" --output-dir Migrations
    done
    scripts
    ;;
  check)
    status=0
    for provider in "${PROVIDERS[@]}"; do
      build "$provider"
      echo "== check $provider" >&2
      ef "$provider" migrations has-pending-model-changes || status=1
    done
    exit "$status"
    ;;
  *)
    echo "usage: $0 [scripts | add <Name> | check]" >&2
    exit 2
    ;;
esac
