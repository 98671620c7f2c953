#!/usr/bin/env bash
# A single-node Apache Kafka broker (KRaft, broker and controller in one JVM) on loopback,
# run from the official jars that Maven resolves from Maven Central. For machines without Docker.
#
#   scripts/kafka.sh fetch    resolve the jars into the cache (idempotent)
#   scripts/kafka.sh start    fetch, format storage on first use, start, wait until it answers
#   scripts/kafka.sh stop     stop the broker this script started, cleanly (SIGTERM, then wait)
#   scripts/kafka.sh status   exit 0 when a broker answers on KAFKA_PORT
#
# Environment: KAFKA_PORT (9092), KAFKA_CONTROLLER_PORT (KAFKA_PORT+1),
# KAFKA_DATA_DIR (<repo>/.run/kafka-<port>), KAFKA_CACHE_DIR (~/.cache/account-sentinel),
# KAFKA_HEAP (512m).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
version=$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$repo/infra/kafka/pom.xml")
port=${KAFKA_PORT:-9092}
controller_port=${KAFKA_CONTROLLER_PORT:-$((port + 1))}
cache=${KAFKA_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/account-sentinel}/kafka-$version
data=${KAFKA_DATA_DIR:-$repo/.run/kafka-$port}
pidfile=$data/broker.pid
logfile=$data/broker.log

log() { printf '[kafka] %s\n' "$*" >&2; }

answers() { (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; }

fetch() {
  if [ -f "$cache/.complete" ]; then return 0; fi
  log "resolving org.apache.kafka:kafka_2.13:$version from Maven Central into $cache"
  mkdir -p "$cache/libs"
  mvn -q -B -Dstyle.color=never -f "$repo/infra/kafka/pom.xml" dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$cache/libs"
  touch "$cache/.complete"
}

classpath() { printf '%s/libs/*' "$cache"; }

java_opts() {
  printf '%s ' "-Xms${KAFKA_HEAP:-512m}" "-Xmx${KAFKA_HEAP:-512m}" \
    "-Dlog4j2.configurationFile=$repo/infra/kafka/log4j2.yaml" "-Dkafka.logs.dir=$data/logs"
}

write_config() {
  mkdir -p "$data/logs"
  cat >"$data/server.properties" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$controller_port
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller_port
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$data/log
num.partitions=6
# One broker: the internal topics cannot have three replicas. Without these the group
# coordinator never becomes available and consumers (kafkajs included) wait forever.
offsets.topic.replication.factor=1
offsets.topic.num.partitions=6
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
message.max.bytes=2097152
EOF
}

start() {
  if answers; then
    log "a broker already answers on 127.0.0.1:$port; leaving it as it is"
    return 0
  fi
  fetch
  write_config
  if [ ! -f "$data/log/meta.properties" ]; then
    local cluster_id
    cluster_id=$(java -cp "$(classpath)" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1)
    log "formatting KRaft storage in $data/log (cluster $cluster_id)"
    # shellcheck disable=SC2046
    java $(java_opts) -cp "$(classpath)" kafka.tools.StorageTool format \
      -t "$cluster_id" -c "$data/server.properties" >>"$logfile" 2>&1
  fi
  log "starting Kafka $version on 127.0.0.1:$port (log: $logfile)"
  # Its own session: a Ctrl-C meant for `npm start` must not stop the broker before the services
  # have drained and committed their offsets; whoever started it stops it with `stop`.
  # shellcheck disable=SC2046
  setsid nohup java $(java_opts) -cp "$(classpath)" kafka.Kafka "$data/server.properties" \
    >>"$logfile" 2>&1 </dev/null &
  echo $! >"$pidfile"
  for _ in $(seq 1 120); do
    if answers && grep -q 'Kafka Server started' "$logfile"; then
      log "ready"
      return 0
    fi
    if ! kill -0 "$(cat "$pidfile")" 2>/dev/null; then
      log "the broker exited during start; last lines of $logfile:"
      tail -n 30 "$logfile" >&2
      return 1
    fi
    sleep 0.5
  done
  log "the broker did not answer within 60 s; see $logfile"
  return 1
}

stop() {
  if [ ! -f "$pidfile" ]; then
    log "no broker was started from $data"
    return 0
  fi
  local pid
  pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null; then
    log "stopping broker (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.5
    done
    if kill -0 "$pid" 2>/dev/null; then
      log "the broker did not stop within 30 s; killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  rm -f "$pidfile"
}

case "${1:-}" in
  fetch) fetch ;;
  start) start ;;
  stop) stop ;;
  status) answers ;;
  classpath) fetch && classpath && echo ;;
  *)
    echo "usage: $0 fetch|start|stop|status|classpath" >&2
    exit 2
    ;;
esac
