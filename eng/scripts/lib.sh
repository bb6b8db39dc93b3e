# shellcheck shell=bash
# Helpers shared by build.sh and eng/scripts/*.sh. Source it; it defines functions and a few
# variables and changes nothing by itself.
#
#   TX_REPO_ROOT   the repository root (derived from this file's location)
#   TX_ARTIFACTS   where scripts keep caches, server data and logs (default: <repo>/.artifacts)

TX_REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TX_ARTIFACTS="${TX_ARTIFACTS:-$TX_REPO_ROOT/.artifacts}"

# Progress and errors go to stderr so that `script env` output stays eval-able.
log()  { printf '==> %s\n' "$*" >&2; }
info() { printf '    %s\n' "$*" >&2; }
die()  { printf 'error: %s\n' "$*" >&2; exit 1; }

# Seconds since the epoch with milliseconds, and "1.23 s" since a given start.
now_s()     { date +%s.%N; }
elapsed_s() { awk -v a="$1" -v b="$(now_s)" 'BEGIN { printf "%.1f s", b - a }'; }

# Run a command as root: directly when we are root, through sudo otherwise.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else die "need root to run: $* (no sudo available)"
  fi
}

# ensure_apt_packages PKG...: installs the Debian packages that are not installed yet.
# `apt-get update` runs at most once per process and only when something is missing.
# The dpkg lock timeout lets two engineers (or two scripts) install at the same time.
_TX_APT_UPDATED=0
ensure_apt_packages() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ "${#missing[@]}" -eq 0 ] && return 0
  local t0; t0=$(now_s)
  log "installing Debian packages: ${missing[*]}"
  if [ "$_TX_APT_UPDATED" -eq 0 ]; then
    as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 update -qq >/dev/null || die "apt-get update failed"
    _TX_APT_UPDATED=1
  fi
  # dpkg is chatty even with -qq: keep its output in a file and show it only on failure.
  local out; out="$(mktemp)"
  if ! as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "${missing[@]}" >"$out" 2>&1; then
    tail -n 30 "$out" >&2; rm -f "$out"; die "apt-get install ${missing[*]} failed"
  fi
  rm -f "$out"
  info "installed in $(elapsed_s "$t0")"
}

# tcp_open HOST PORT: true when something accepts connections there (1 s bound).
tcp_open() { timeout 1 bash -c "exec 3<>/dev/tcp/$1/$2" 2>/dev/null; }

# pid_alive PID [PATTERN]: true when PID runs and (optionally) its command line contains PATTERN,
# so a recycled pid of an unrelated process is never mistaken for ours.
pid_alive() {
  local pid="$1" pattern="${2:-}"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  [ -z "$pattern" ] && return 0
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$pattern"
}

# kill_and_wait PID SECONDS [PATTERN]: SIGTERM, wait up to SECONDS, then SIGKILL.
kill_and_wait() {
  local pid="$1" secs="$2" pattern="${3:-}" i
  pid_alive "$pid" "$pattern" || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < secs * 10; i++)); do
    pid_alive "$pid" "$pattern" || return 0
    sleep 0.1
  done
  info "pid $pid did not stop within ${secs}s; killing it"
  kill -KILL "$pid" 2>/dev/null || true
  for ((i = 0; i < 50; i++)); do pid_alive "$pid" "$pattern" || return 0; sleep 0.1; done
  die "pid $pid survived SIGKILL"
}
