#!/usr/bin/env bash
# Apache Kafka on loopback (KRaft, each node a broker and a controller in one JVM), run from the
# official jars that Maven resolves from Maven Central. For machines without Docker.
#
#   scripts/kafka.sh fetch                     resolve the jars into the cache (idempotent)
#   scripts/kafka.sh start [--brokers 1|3]     fetch, format storage on first use, start, wait until every node answers
#   scripts/kafka.sh stop [--brokers 1|3]      stop what this script started, cleanly (SIGTERM, then wait)
#   scripts/kafka.sh status [--brokers 1|3]    exit 0 when every node answers; a line per node
#   --node N (with --brokers 3)                start or stop that one node of the cluster (a fault test's restart)
#
# One broker (the default): KAFKA_PORT (9092), KAFKA_CONTROLLER_PORT (KAFKA_PORT+1),
# KAFKA_DATA_DIR (<repo>/.run/kafka-<port>).
# Three brokers: KAFKA_PORTS (three broker ports; each node's controller listens on its port + 1;
# default 9192,9194,9196), KAFKA_DATA_DIR (<repo>/.run/kafka-cluster-<first port>, a node-N
# directory per node). Replication factor 3 and min.insync.replicas=2 for every topic, internal
# ones included, so a write acknowledged with acks=-1 is on two nodes at least.
# Both: KAFKA_CACHE_DIR (~/.cache/account-sentinel), KAFKA_HEAP (512m for one broker, 384m a node for three).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
version=$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$repo/infra/kafka/pom.xml")
cache=${KAFKA_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/account-sentinel}/kafka-$version

command=${1:-}
shift || true
brokers=1
only_node=
while [ $# -gt 0 ]; do
  case "$1" in
    --brokers) brokers=${2:-}; shift 2 ;;
    --node) only_node=${2:-}; shift 2 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done
case "$brokers" in
  1 | 3) ;;
  *) echo "--brokers takes 1 or 3" >&2; exit 2 ;;
esac
if [ -n "$only_node" ] && { [ "$brokers" != 3 ] || ! [[ "$only_node" =~ ^[123]$ ]]; }; then
  echo "--node takes 1, 2 or 3, with --brokers 3" >&2
  exit 2
fi

# Per node: its broker port, controller port and data directory.
ports=()
controller_ports=()
dirs=()
if [ "$brokers" = 1 ]; then
  ports=("${KAFKA_PORT:-9092}")
  controller_ports=("${KAFKA_CONTROLLER_PORT:-$((ports[0] + 1))}")
  dirs=("${KAFKA_DATA_DIR:-$repo/.run/kafka-${ports[0]}}")
  heap=${KAFKA_HEAP:-512m}
else
  IFS=, read -r -a ports <<<"${KAFKA_PORTS:-9192,9194,9196}"
  if [ "${#ports[@]}" != 3 ]; then
    echo "KAFKA_PORTS must name three ports" >&2
    exit 2
  fi
  cluster_dir=${KAFKA_DATA_DIR:-$repo/.run/kafka-cluster-${ports[0]}}
  for i in 0 1 2; do
    controller_ports+=("$((ports[i] + 1))")
    dirs+=("$cluster_dir/node-$((i + 1))")
  done
  heap=${KAFKA_HEAP:-384m}
fi
voters=
for i in "${!ports[@]}"; do voters+="${voters:+,}$((i + 1))@127.0.0.1:${controller_ports[i]}"; done
# The nodes this command acts on (indexes into the arrays above).
if [ -n "$only_node" ]; then nodes=("$((only_node - 1))"); else nodes=("${!ports[@]}"); fi

log() { printf '[kafka] %s\n' "$*" >&2; }

answers() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

fetch() {
  if [ -f "$cache/.complete" ]; then return 0; fi
  log "resolving org.apache.kafka:kafka_2.13:$version from Maven Central into $cache"
  mkdir -p "$cache/libs"
  mvn -q -B -Dstyle.color=never -f "$repo/infra/kafka/pom.xml" dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$cache/libs"
  touch "$cache/.complete"
}

classpath() { printf '%s/libs/*' "$cache"; }

# $1: the node's data directory
java_opts() {
  printf '%s ' "-Xms$heap" "-Xmx$heap" \
    "-Dlog4j2.configurationFile=$repo/infra/kafka/log4j2.yaml" "-Dkafka.logs.dir=$1/logs"
}

# $1: node index
write_config() {
  local i=$1 data=${dirs[$1]} replicas min_isr
  # One broker: the internal topics cannot have three replicas. Without these the group
  # coordinator never becomes available and consumers (kafkajs included) wait forever.
  # Three: every topic on every node, and a write acknowledged by all in-sync replicas is on two
  # at least, so one node may die or pause without losing an acknowledged write or refusing one.
  if [ "$brokers" = 3 ]; then replicas=3 min_isr=2; else replicas=1 min_isr=1; fi
  mkdir -p "$data/logs"
  cat >"$data/server.properties" <<CONFIG
process.roles=broker,controller
node.id=$((i + 1))
controller.quorum.voters=$voters
listeners=PLAINTEXT://127.0.0.1:${ports[i]},CONTROLLER://127.0.0.1:${controller_ports[i]}
advertised.listeners=PLAINTEXT://127.0.0.1:${ports[i]}
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$data/log
num.partitions=6
default.replication.factor=$replicas
min.insync.replicas=$min_isr
offsets.topic.replication.factor=$replicas
offsets.topic.num.partitions=6
transaction.state.log.replication.factor=$replicas
transaction.state.log.min.isr=$min_isr
share.coordinator.state.topic.replication.factor=$replicas
share.coordinator.state.topic.min.isr=$min_isr
unclean.leader.election.enable=false
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
message.max.bytes=2097152
CONFIG
}

cluster_id() {
  if [ "$brokers" = 1 ]; then
    java -cp "$(classpath)" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1
    return
  fi
  # Every node of a cluster is formatted with the same id.
  local file=$cluster_dir/cluster.id
  if [ ! -s "$file" ]; then
    mkdir -p "$cluster_dir"
    java -cp "$(classpath)" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1 >"$file"
  fi
  cat "$file"
}

# $1: node index. Starts it in the background; `wait_ready` waits for it.
start_node() {
  local i=$1 data=${dirs[$1]}
  local logfile=$data/broker.log
  if answers "${ports[i]}"; then
    log "a broker already answers on 127.0.0.1:${ports[i]}; leaving it as it is"
    return 0
  fi
  write_config "$i"
  if [ ! -f "$data/log/meta.properties" ]; then
    local id
    id=$(cluster_id)
    log "formatting KRaft storage in $data/log (cluster $id, node $((i + 1)))"
    # shellcheck disable=SC2046
    java $(java_opts "$data") -cp "$(classpath)" kafka.tools.StorageTool format \
      -t "$id" -c "$data/server.properties" >>"$logfile" 2>&1
  fi
  # Readiness is read from what this start writes, not from an earlier start's lines.
  touch "$logfile"
  wc -c <"$logfile" >"$data/start.offset"
  log "starting Kafka $version node $((i + 1)) on 127.0.0.1:${ports[i]} (log: $logfile)"
  # Its own session: a Ctrl-C meant for `npm start` must not stop the broker before the services
  # have drained and committed their offsets; whoever started it stops it with `stop`.
  # shellcheck disable=SC2046
  setsid nohup java $(java_opts "$data") -cp "$(classpath)" kafka.Kafka "$data/server.properties" \
    >>"$logfile" 2>&1 </dev/null &
  echo $! >"$data/broker.pid"
}

# $1: node index
node_ready() {
  local i=$1 data=${dirs[$1]}
  answers "${ports[i]}" &&
    tail -c +"$(($(cat "$data/start.offset" 2>/dev/null || echo 0) + 1))" "$data/broker.log" | grep -q 'Kafka Server started'
}

wait_ready() {
  local pending=("$@")
  # Three nodes on two cores start slower than one; a quorum needs two of them up.
  for _ in $(seq 1 240); do
    local still=()
    for i in "${pending[@]}"; do
      if node_ready "$i"; then continue; fi
      if ! kill -0 "$(cat "${dirs[i]}/broker.pid")" 2>/dev/null; then
        log "node $((i + 1)) exited during start; last lines of ${dirs[i]}/broker.log:"
        tail -n 30 "${dirs[i]}/broker.log" >&2
        return 1
      fi
      still+=("$i")
    done
    if [ "${#still[@]}" = 0 ]; then
      log "ready"
      return 0
    fi
    pending=("${still[@]}")
    sleep 0.5
  done
  local names=()
  for i in "${pending[@]}"; do names+=("node $((i + 1))"); done
  log "${names[*]} did not answer within 120 s; see ${dirs[pending[0]]}/broker.log"
  return 1
}

start() {
  fetch
  local started=()
  for i in "${nodes[@]}"; do
    if answers "${ports[i]}"; then
      log "a broker already answers on 127.0.0.1:${ports[i]}; leaving it as it is"
      continue
    fi
    start_node "$i"
    started+=("$i")
  done
  if [ "${#started[@]}" -gt 0 ]; then wait_ready "${started[@]}"; fi
}

# $1: node index
stop_node() {
  local i=$1 pidfile=${dirs[$1]}/broker.pid
  if [ ! -f "$pidfile" ]; then
    log "no broker was started from ${dirs[i]}"
    return 0
  fi
  local pid
  pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null; then
    log "stopping node $((i + 1)) (pid $pid)"
    # A paused node (a fault test's SIGSTOP) cannot act on SIGTERM until it runs again.
    kill -CONT "$pid" 2>/dev/null || true
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.5
    done
    if kill -0 "$pid" 2>/dev/null; then
      log "node $((i + 1)) did not stop within 30 s; killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  rm -f "$pidfile"
}

stop() {
  if [ "${#nodes[@]}" = 1 ]; then
    stop_node "${nodes[0]}"
    return
  fi
  # Together: a node stopped alone while the others run hands its partitions over first, and
  # the last two wait for each other's quorum; in parallel they stop in seconds.
  local pids=()
  for i in "${nodes[@]}"; do
    stop_node "$i" &
    pids+=($!)
  done
  local failed=0
  for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
  return "$failed"
}

status() {
  local down=0
  for i in "${nodes[@]}"; do
    if answers "${ports[i]}"; then
      [ "$brokers" = 1 ] || log "node $((i + 1)): answers on 127.0.0.1:${ports[i]}"
    else
      [ "$brokers" = 1 ] || log "node $((i + 1)): nothing answers on 127.0.0.1:${ports[i]}"
      down=1
    fi
  done
  return "$down"
}

case "$command" in
  fetch) fetch ;;
  start) start ;;
  stop) stop ;;
  status) status ;;
  classpath) fetch && classpath && echo ;;
  *)
    echo "usage: $0 fetch|start|stop|status|classpath [--brokers 1|3] [--node N]" >&2
    exit 2
    ;;
esac
