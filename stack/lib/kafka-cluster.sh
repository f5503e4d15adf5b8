# shellcheck shell=bash
# The local stack's 3-broker Kafka 4.3 cluster (server 'kafka-cluster'), beside the single node 'kafka': KRaft, each
# broker also one of the three controller voters, on loopback, from the single node's jars (stack/servers/kafka).
# Replication 3 and min.insync.replicas 2 (stack/conf/kafka-cluster/server.properties): the fault tests kill brokers
# here. Started only when named (bin/vigil stack up kafka-cluster). Each broker is also a server of its own,
# kafka-broker-N (N = 1..3), to start or stop just that process; 'stack up kafka-cluster' with some brokers alive
# starts only the missing ones.

# Its ports (VIGIL_KAFKA_CLUSTER_N_PORT, VIGIL_KAFKA_CLUSTER_N_CONTROLLER_PORT) are in stack/defaults.env.

# Not in ALL_SERVERS: a plain 'stack up' does not need a second Kafka (~5-10 s, 3 JVMs). 'stack down' stops it.
APP_SERVERS="$APP_SERVERS kafka-cluster"
KAFKA_CLUSTER_BROKERS="1 2 3"
# Each broker's heap: three of them run beside the rest of the stack.
VIGIL_KAFKA_CLUSTER_HEAP=${VIGIL_KAFKA_CLUSTER_HEAP:-384m}

kafka_broker_marker() { printf -- '-Dvigil.server=kafka-broker-%s@%s' "$1" "$VIGIL_WORK"; }
kafka_cluster_processes() {
  local n; for n in $KAFKA_CLUSTER_BROKERS; do echo "kafka-broker-$n $(kafka_broker_marker "$n")"; done
}
kafka_cluster_dir() { printf '%s/kafka-cluster' "$VIGIL_WORK"; }
kafka_broker_port() { local var=VIGIL_KAFKA_CLUSTER_$1_PORT; printf '%s' "${!var:-}"; }
kafka_broker_controller_port() { local var=VIGIL_KAFKA_CLUSTER_$1_CONTROLLER_PORT; printf '%s' "${!var:-}"; }
kafka_broker_metrics_port() { local var=VIGIL_KAFKA_CLUSTER_$1_JMX_EXPORTER_PORT; printf '%s' "${!var:-}"; }
# The client address list: every broker, so that a client finds the cluster whichever of them is down.
kafka_cluster_bootstrap() {
  local n list=; for n in $KAFKA_CLUSTER_BROKERS; do list="$list${list:+,}127.0.0.1:$(kafka_broker_port "$n")"; done
  printf '%s' "$list"
}
kafka_cluster_admin() {
  java -cp "$(server_classpath kafka)" "$VIGIL_HOME/stack/tools/KafkaAdmin.java" "$(kafka_cluster_bootstrap)" "$@"
}

# Ready when the cluster lists all three brokers, each of them answers on its own, and the stack's topics exist.
kafka_cluster_ready() {
  kafka_cluster_admin ready --brokers "${KAFKA_CLUSTER_BROKERS// /,}" --topics "$VIGIL_TOPICS" > /dev/null 2>&1
}
kafka_cluster_url() { printf 'PLAINTEXT://%s (3 brokers, replication 3, min.insync.replicas 2)' "$(kafka_cluster_bootstrap)"; }
kafka_cluster_log() { printf '%s/1/logs/server.log' "$(kafka_cluster_dir)"; }

kafka_cluster_start() {
  local n pid
  mkdir -p "$(kafka_cluster_dir)"
  if [ ! -s "$(kafka_cluster_dir)/cluster-id" ]; then
    kafka_cluster_jvm "$(kafka_cluster_dir)"
    "${KAFKA_JVM[@]}" kafka.tools.StorageTool random-uuid > "$(kafka_cluster_dir)/cluster-id" \
      2>> "$(kafka_cluster_dir)/format.log" || die "could not make the cluster's id; see $(kafka_cluster_dir)/format.log"
  fi
  # All missing brokers at once: a broker becomes ready only once 2 of the 3 controllers elected a leader.
  for n in $KAFKA_CLUSTER_BROKERS; do
    live_pid "kafka-broker-$n" "$(kafka_broker_marker "$n")" > /dev/null || kafka_broker_spawn "$n"
  done
  for n in $KAFKA_CLUSTER_BROKERS; do
    pid=$(live_pid "kafka-broker-$n" "$(kafka_broker_marker "$n")")
    wait_until "kafka-broker-$n" 120 "$(kafka_broker_log "$n")" "$pid" kafka_broker_ready "$n"
  done
  # shellcheck disable=SC2086
  kafka_cluster_admin create-topics --replication-factor 3 --min-insync-replicas 2 $VIGIL_TOPICS \
    >> "$(kafka_cluster_dir)/admin.log" 2>&1 \
    || die "the Kafka cluster started but its topics could not be created; see $(kafka_cluster_dir)/admin.log"
}

# stack up kafka-cluster when some brokers died: with one alive, start only the missing ones (the live ones keep
# serving and their partitions' leaders stay where they are); with none, 1 (start it whole).
kafka_cluster_resume() {
  local n
  for n in $KAFKA_CLUSTER_BROKERS; do
    if live_pid "kafka-broker-$n" "$(kafka_broker_marker "$n")" > /dev/null; then
      step "starting the missing brokers of kafka-cluster (the live ones keep serving)"
      kafka_cluster_start
      return
    fi
  done
  return 1
}

# kafka_cluster_jvm LOGS: sets KAFKA_JVM to the java command of a broker (and of its storage tool), as the single
# node's, logging under LOGS.
kafka_cluster_jvm() {
  local cp; cp=$(server_classpath kafka) || exit 1
  KAFKA_JVM=(java -Xms128m -Xmx"$VIGIL_KAFKA_CLUSTER_HEAP" -XX:+UseG1GC -Dkafka.logs.dir="$1"
    -Dlog4j2.configurationFile="$VIGIL_HOME/stack/conf/kafka/log4j2.yaml" -cp "$cp")
}

# ---- one broker (kafka-broker-N): its own ports, config, data and logs under work/kafka-cluster/N ----------------

kafka_broker_log() { printf '%s/%s/logs/server.log' "$(kafka_cluster_dir)" "$1"; }
kafka_broker_url() { printf 'PLAINTEXT://127.0.0.1:%s of kafka-cluster' "$(kafka_broker_port "$1")"; }
# Listed by the cluster and answering a request of its own (a broker answers only once the controller unfenced it).
kafka_broker_ready() { port_open "$(kafka_broker_port "$1")" && kafka_cluster_admin ready --brokers "$1" > /dev/null 2>&1; }

# kafka_broker_spawn N: formats broker N's storage the first time (with the cluster's id), starts it, does not wait.
kafka_broker_spawn() {
  local n=$1 dir props
  dir=$(kafka_cluster_dir)/$n; props=$dir/server.properties
  [ -n "$(kafka_broker_port "$n")" ] && [ -n "$(kafka_broker_controller_port "$n")" ] \
    || die "kafka-broker-$n has no ports: set VIGIL_KAFKA_CLUSTER_${n}_PORT and VIGIL_KAFKA_CLUSTER_${n}_CONTROLLER_PORT"
  require_free_port "kafka-broker-$n" "$(kafka_broker_port "$n")" "VIGIL_KAFKA_CLUSTER_${n}_PORT"
  require_free_port "kafka-broker-$n's controller" "$(kafka_broker_controller_port "$n")" \
    "VIGIL_KAFKA_CLUSTER_${n}_CONTROLLER_PORT"
  require_free_port "kafka-broker-$n's metrics" "$(kafka_broker_metrics_port "$n")" \
    "VIGIL_KAFKA_CLUSTER_${n}_JMX_EXPORTER_PORT"
  mkdir -p "$dir/data" "$dir/logs"
  KAFKA_NODE_ID=$n KAFKA_BROKER_PORT=$(kafka_broker_port "$n") KAFKA_CONTROLLER_PORT=$(kafka_broker_controller_port "$n") \
    KAFKA_DATA_DIR=$dir/data render "$VIGIL_HOME/stack/conf/kafka-cluster/server.properties" "$props"
  kafka_cluster_jvm "$dir/logs"
  if [ ! -f "$dir/data/meta.properties" ]; then
    "${KAFKA_JVM[@]}" kafka.tools.StorageTool format -t "$(cat "$(kafka_cluster_dir)/cluster-id")" -c "$props" \
      >> "$dir/logs/format.log" 2>&1 || die "could not format kafka-broker-$n's storage; see $dir/logs/format.log"
  fi
  spawn "kafka-broker-$n" "$dir/logs/stdout.log" java "$(kafka_broker_marker "$n")" \
    "$(jmx_agent kafka "$(kafka_broker_metrics_port "$n")")" "${KAFKA_JVM[@]:1}" kafka.Kafka "$props"
}

# kafka_broker_start N: broker N alone, into the cluster the others run (or will run: it waits for a quorum).
kafka_broker_start() {
  local n=$1
  [ -s "$(kafka_cluster_dir)/cluster-id" ] || die "kafka-broker-$n belongs to kafka-cluster: bin/vigil stack up kafka-cluster first"
  kafka_broker_spawn "$n"
  wait_until "kafka-broker-$n" 120 "$(kafka_broker_log "$n")" \
    "$(live_pid "kafka-broker-$n" "$(kafka_broker_marker "$n")")" kafka_broker_ready "$n"
}
