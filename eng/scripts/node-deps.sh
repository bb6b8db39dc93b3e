#!/usr/bin/env bash
# Installs the Node packages of a test folder (default: tests/conformance, whose tests drive the
# coordinator with the independent gRPC client @grpc/grpc-js).
#
#   eng/scripts/node-deps.sh [DIR]
#
# Does nothing when DIR has no package.json. Otherwise runs `npm ci` (lockfile present) or
# `npm install --no-package-lock` (no lockfile: we do not write files into other people's folders;
# commit a package-lock.json for reproducible installs), and only when node_modules is missing or
# was installed from a different package.json / package-lock.json / Node version (stamp file).
set -euo pipefail
# shellcheck source=eng/scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DIR="${1:-$TX_REPO_ROOT/tests/conformance}"
case "$DIR" in /*) ;; *) DIR="$TX_REPO_ROOT/$DIR" ;; esac

if [ ! -f "$DIR/package.json" ]; then
  log "node deps: no package.json in ${DIR#"$TX_REPO_ROOT"/}, nothing to install"
  exit 0
fi
command -v npm >/dev/null || die "npm not found (Node 20 + npm are expected on every machine)"

STAMP="$DIR/node_modules/.tx-node-deps.stamp"
# What the installed tree depends on: the manifest, the lockfile (if any) and the Node version.
fingerprint() {
  { cat "$DIR/package.json"; cat "$DIR/package-lock.json" 2>/dev/null || true; node --version; } | sha256sum | cut -d' ' -f1
}

want="$(fingerprint)"
if [ -d "$DIR/node_modules" ] && [ "$(cat "$STAMP" 2>/dev/null || true)" = "$want" ]; then
  log "node deps: ${DIR#"$TX_REPO_ROOT"/}/node_modules is up to date"
  exit 0
fi

t0=$(now_s)
npm_flags=(--no-audit --no-fund --loglevel=error)
if [ -f "$DIR/package-lock.json" ]; then
  log "node deps: npm ci in ${DIR#"$TX_REPO_ROOT"/}"
  (cd "$DIR" && npm ci "${npm_flags[@]}" >&2) || die "npm ci failed in $DIR"
else
  log "node deps: npm install in ${DIR#"$TX_REPO_ROOT"/} (no package-lock.json)"
  (cd "$DIR" && npm install --no-package-lock "${npm_flags[@]}" >&2) || die "npm install failed in $DIR"
fi
fingerprint >"$STAMP"
info "node deps installed in $(elapsed_s "$t0")"
