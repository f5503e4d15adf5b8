# shellcheck shell=bash
# The local stack's servers: how each one is installed, started, checked and stopped. Every server listens on
# loopback only, keeps its data and logs under $VIGIL_WORK/<server>, and is tracked by a PID file in $RUN_DIR.

# Ports, topics and groups: stack/defaults.env, unless the environment sets them (e.g. a second stack beside the first).
while IFS='=' read -r key value; do
  case $key in VIGIL_*) export "$key=${!key:-$value}" ;; esac
done < "$VIGIL_HOME/stack/defaults.env"

# Topics to create, name:partitions. The readings topic is every sensor's log (readings and recoveries).
VIGIL_TOPICS=${VIGIL_TOPICS:-"$VIGIL_READINGS_TOPIC:4 $VIGIL_ALARMS_TOPIC:2 $VIGIL_DEADLETTER_TOPIC:1"}
# The mail branch's group: the pipeline names it <its group>-mailer.
VIGIL_MAILER_GROUP=$VIGIL_PIPELINE_GROUP-mailer

ALL_SERVERS="kafka cassandra influxdb greenmail gateway-1 gateway-2 lb prometheus"
# Names that stand for several servers.
expand_alias() { case $1 in gateways) echo "gateway-1 gateway-2" ;; *) echo "$1" ;; esac; }
DEBIAN_PACKAGES="influxdb prometheus prometheus-node-exporter prometheus-alertmanager prometheus-process-exporter nginx haproxy curl iproute2 wrk"
GATEWAY_JAR=$VIGIL_HOME/ingest-gateway/target/vigil-ingest-gateway.jar
PIPELINE_JAR=$VIGIL_HOME/pipeline/target/vigil-pipeline.jar
# The simulator (java -jar), the customer loader, the demo's status line, the alarm-latency meter.
TOOLS_JAR=$VIGIL_HOME/tools/target/vigil-tools.jar
RUNNERS_JAR=$VIGIL_HOME/runners/target/vigil-runners.jar
# Started only when named (bin/vigil stack up pipeline, and by the demo): the tests run their own pipelines, and a
# second one reading the same topics would race them. 'stack down' with no names stops it too.
APP_SERVERS="pipeline"

# ---- installation ----------------------------------------------------------------------------------------------

install_debian_packages() {
  local missing=() pkg
  for pkg in $DEBIAN_PACKAGES; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  step "installing Debian packages: ${missing[*]}"
  local sudo=; [ "$(id -u)" -eq 0 ] || sudo=sudo
  local log=$VIGIL_WORK/install/apt.log start; start=$(now_ms)
  mkdir -p "$(dirname "$log")"
  # Debian starts a package's service on install when nothing forbids it; the stack runs its own instances from
  # its own configs, so forbid it for the length of the install (policy-rc.d exit 101 = "not allowed").
  local policy=/usr/sbin/policy-rc.d own_policy=
  if [ ! -e $policy ]; then printf '#!/bin/sh\nexit 101\n' | $sudo tee $policy > /dev/null; $sudo chmod +x $policy; own_policy=1; fi
  { $sudo apt-get update -q && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"; } > "$log" 2>&1
  local rc=$?
  [ -n "$own_policy" ] && $sudo rm -f $policy
  [ $rc -eq 0 ] || die "apt-get could not install ${missing[*]}; see $log"
  ok "installed in $(elapsed "$start")"
}

# Grafana's dashboard schema and TypeScript, from the npm registry, for the dashboards' type check (DashboardSchemaIT):
# npm ci from the committed package-lock.json, again only when that lock file changed.
install_npm_packages() {
  local dir=$VIGIL_HOME/grafana/typecheck
  if [ -x "$dir/node_modules/.bin/tsc" ] && [ ! "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    return 0
  fi
  command -v npm > /dev/null || die "npm is missing: install Node.js 20 with npm (the dashboards' type check needs them)"
  step "installing the dashboards' type checker from npm (@grafana/schema, typescript) into $dir/node_modules"
  local log=$VIGIL_WORK/install/npm.log start; start=$(now_ms)
  mkdir -p "$(dirname "$log")"
  (cd "$dir" && npm ci --no-audit --no-fund) > "$log" 2>&1 || die "npm ci failed in $dir; see $log"
  ok "installed in $(elapsed "$start")"
}

# server_classpath NAME: the classpath of a Java server, resolved once from Maven Central by stack/servers/NAME.
server_classpath() {
  local name=$1 file=$VIGIL_WORK/install/$1.classpath pom=$VIGIL_HOME/stack/servers/$1/pom.xml
  if [ ! -s "$file" ] || [ "$pom" -nt "$file" ] || [ "$VIGIL_HOME/stack/servers/pom.xml" -nt "$file" ] \
      || ! classpath_present "$file"; then
    local log=$VIGIL_WORK/install/$name-resolve.log start; start=$(now_ms)
    mkdir -p "$VIGIL_WORK/install"
    say "    resolving $name from Maven Central (first time only) ..." >&2
    (cd "$VIGIL_HOME/stack/servers/$name" && mvn -B -ntp dependency:build-classpath -Dmdep.outputFile="$file.tmp") \
      > "$log" 2>&1 || die "could not resolve $name's jars from Maven Central; see $log"
    mv "$file.tmp" "$file"
    say "    resolved $name: $(tr ':' '\n' < "$file" | grep -c .) jars in $(elapsed "$start")" >&2
  fi
  cat "$file"
}

# jmx_agent RULES PORT: the -javaagent option that makes a JVM serve its JMX metrics, by prometheus/jmx/RULES.yml, on
# 127.0.0.1:PORT (the Prometheus JMX exporter; a JVM whose agent cannot bind its port does not start).
jmx_agent() {
  local jar; jar=$(server_classpath jmx-exporter) || exit 1
  printf -- '-javaagent:%s=127.0.0.1:%s:%s/prometheus/jmx/%s.yml' "$jar" "$2" "$VIGIL_HOME" "$1"
}

classpath_present() { local jar; for jar in $(tr ':' ' ' < "$1"); do [ -f "$jar" ] || return 1; done; }

install_all() {
  install_debian_packages
  install_npm_packages
  local s; for s in kafka cassandra greenmail flink spark yarn jmx-exporter; do server_classpath $s > /dev/null; done
  spark_home_prepare   # spark-submit (local[N], the spark and yarn servers) runs from it
}

# ---- Kafka (KRaft, one node) -------------------------------------------------------------------------------------

kafka_marker() { printf -- '-Dvigil.server=kafka@%s' "$VIGIL_WORK"; }
kafka_ready() { port_open "$VIGIL_KAFKA_PORT" && kafka_admin ready > /dev/null 2>&1; }
kafka_admin() {
  java -cp "$(server_classpath kafka)" "$VIGIL_HOME/stack/tools/KafkaAdmin.java" "127.0.0.1:$VIGIL_KAFKA_PORT" "$@"
}
kafka_start() {
  local dir=$VIGIL_WORK/kafka cp
  cp=$(server_classpath kafka) || exit 1
  require_free_port kafka "$VIGIL_KAFKA_PORT" VIGIL_KAFKA_PORT
  require_free_port "kafka's controller" "$VIGIL_KAFKA_CONTROLLER_PORT" VIGIL_KAFKA_CONTROLLER_PORT
  require_free_port "kafka's metrics" "$VIGIL_KAFKA_JMX_EXPORTER_PORT" VIGIL_KAFKA_JMX_EXPORTER_PORT
  mkdir -p "$dir/data" "$dir/logs"
  KAFKA_DATA_DIR=$dir/data render "$VIGIL_HOME/stack/conf/kafka/server.properties" "$dir/server.properties"
  local java=(java -Xms256m -Xmx512m -XX:+UseG1GC -Dkafka.logs.dir="$dir/logs"
    -Dlog4j2.configurationFile="$VIGIL_HOME/stack/conf/kafka/log4j2.yaml" -cp "$cp")
  if [ ! -f "$dir/data/meta.properties" ]; then
    [ -s "$dir/cluster-id" ] || "${java[@]}" kafka.tools.StorageTool random-uuid > "$dir/cluster-id" 2>> "$dir/logs/format.log"
    "${java[@]}" kafka.tools.StorageTool format -t "$(cat "$dir/cluster-id")" -c "$dir/server.properties" \
      >> "$dir/logs/format.log" 2>&1 || die "could not format Kafka's storage; see $dir/logs/format.log"
  fi
  spawn kafka "$dir/logs/stdout.log" "${java[@]:0:2}" "$(kafka_marker)" "$(jmx_agent kafka "$VIGIL_KAFKA_JMX_EXPORTER_PORT")" \
    "${java[@]:2}" kafka.Kafka "$dir/server.properties"
  wait_until kafka 90 "$dir/logs/server.log" "$(live_pid kafka "$(kafka_marker)")" kafka_ready
  # shellcheck disable=SC2086
  kafka_admin create-topics $VIGIL_TOPICS >> "$dir/logs/admin.log" 2>&1 \
    || die "Kafka started but its topics could not be created; see $dir/logs/admin.log"
}
kafka_url() { printf 'PLAINTEXT://127.0.0.1:%s' "$VIGIL_KAFKA_PORT"; }
kafka_log() { printf '%s/kafka/logs/server.log' "$VIGIL_WORK"; }

# ---- Cassandra -------------------------------------------------------------------------------------------------

cassandra_marker() { printf -- '-Dvigil.server=cassandra@%s' "$VIGIL_WORK"; }
cassandra_ready() {
  port_open "$VIGIL_CASSANDRA_PORT" && grep -q 'Starting listening for CQL clients' "$(cassandra_log)"
}
cassandra_start() {
  local dir=$VIGIL_WORK/cassandra cp jamm
  cp=$(server_classpath cassandra) || exit 1
  require_free_port cassandra "$VIGIL_CASSANDRA_PORT" VIGIL_CASSANDRA_PORT
  require_free_port "cassandra's storage" "$VIGIL_CASSANDRA_STORAGE_PORT" VIGIL_CASSANDRA_STORAGE_PORT
  require_free_port "cassandra's metrics" "$VIGIL_CASSANDRA_JMX_EXPORTER_PORT" VIGIL_CASSANDRA_JMX_EXPORTER_PORT
  mkdir -p "$dir/data" "$dir/logs"
  : > "$dir/logs/system.log"
  CASSANDRA_DATA_DIR=$dir/data render "$VIGIL_HOME/stack/conf/cassandra/cassandra.yaml" "$dir/cassandra.yaml"
  jamm=$(tr ':' '\n' <<< "$cp" | grep '/jamm-' | head -1)
  [ -n "$jamm" ] || die "the jamm agent is missing from Cassandra's classpath"
  # The JPMS flags are those of Cassandra's own conf/jvm17-server.options; the two ring/gossip settings spare a
  # single node ~30 s of waiting for peers that do not exist.
  spawn cassandra "$dir/logs/stdout.log" java "$(cassandra_marker)" \
    -Xms512m -Xmx512m -Xss256k -XX:+UseG1GC -XX:+ParallelRefProcEnabled -XX:MaxTenuringThreshold=1 \
    -XX:+HeapDumpOnOutOfMemoryError -XX:HeapDumpPath="$dir/logs" \
    -javaagent:"$jamm" "$(jmx_agent cassandra "$VIGIL_CASSANDRA_JMX_EXPORTER_PORT")" \
    -Djdk.attach.allowAttachSelf=true \
    --add-exports java.base/jdk.internal.misc=ALL-UNNAMED \
    --add-exports java.management.rmi/com.sun.jmx.remote.internal.rmi=ALL-UNNAMED \
    --add-exports java.rmi/sun.rmi.registry=ALL-UNNAMED \
    --add-exports java.rmi/sun.rmi.server=ALL-UNNAMED \
    --add-exports java.sql/java.sql=ALL-UNNAMED \
    --add-exports java.base/java.lang.ref=ALL-UNNAMED \
    --add-exports jdk.unsupported/sun.misc=ALL-UNNAMED \
    --add-exports jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED \
    --add-exports jdk.attach/sun.tools.attach=ALL-UNNAMED \
    --add-opens java.base/java.lang.module=ALL-UNNAMED \
    --add-opens java.base/jdk.internal.loader=ALL-UNNAMED \
    --add-opens java.base/jdk.internal.ref=ALL-UNNAMED \
    --add-opens java.base/jdk.internal.reflect=ALL-UNNAMED \
    --add-opens java.base/jdk.internal.math=ALL-UNNAMED \
    --add-opens java.base/jdk.internal.module=ALL-UNNAMED \
    --add-opens java.base/jdk.internal.util.jar=ALL-UNNAMED \
    --add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED \
    --add-opens java.base/sun.nio.ch=ALL-UNNAMED \
    --add-opens java.base/java.io=ALL-UNNAMED \
    --add-opens java.base/java.lang.reflect=ALL-UNNAMED \
    --add-opens jdk.compiler/com.sun.tools.javac=ALL-UNNAMED \
    --add-opens java.base/java.lang=ALL-UNNAMED \
    --add-opens java.base/java.util=ALL-UNNAMED \
    -Dio.netty.tryReflectionSetAccessible=true \
    -Dcassandra.config="file://$dir/cassandra.yaml" \
    -Dcassandra.storagedir="$dir/data" \
    -Dcassandra.logdir="$dir/logs" \
    -Dlogback.configurationFile="$VIGIL_HOME/stack/conf/cassandra/logback.xml" \
    -Dcassandra.jmx.local.port="$VIGIL_CASSANDRA_JMX_PORT" \
    -Dcassandra-foreground=yes \
    -Dcassandra.ring_delay_ms=100 -Dcassandra.skip_wait_for_gossip_to_settle=0 \
    -cp "$cp" org.apache.cassandra.service.CassandraDaemon
  wait_until cassandra 150 "$(cassandra_log)" "$(live_pid cassandra "$(cassandra_marker)")" cassandra_ready
}
cassandra_url() { printf 'cql://127.0.0.1:%s' "$VIGIL_CASSANDRA_PORT"; }
cassandra_log() { printf '%s/cassandra/logs/system.log' "$VIGIL_WORK"; }

# ---- InfluxDB 1.x --------------------------------------------------------------------------------------------------

influxdb_marker() { printf -- '%s/influxdb/influxdb.conf' "$VIGIL_WORK"; }
influxdb_ready() { curl -fsS -o /dev/null --max-time 2 -w '%{http_code}' "http://127.0.0.1:$VIGIL_INFLUXDB_PORT/ping" | grep -q 204; }
influxdb_start() {
  local dir=$VIGIL_WORK/influxdb
  command -v influxd > /dev/null || die "influxd is not installed: run bin/vigil stack install"
  require_free_port influxdb "$VIGIL_INFLUXDB_PORT" VIGIL_INFLUXDB_PORT
  mkdir -p "$dir/data" "$dir/logs"
  INFLUXDB_DATA_DIR=$dir/data render "$VIGIL_HOME/stack/conf/influxdb/influxdb.conf" "$(influxdb_marker)"
  spawn influxdb "$(influxdb_log)" influxd run -config "$(influxdb_marker)"
  wait_until influxdb 30 "$(influxdb_log)" "$(live_pid influxdb "$(influxdb_marker)")" influxdb_ready
}
influxdb_url() { printf 'http://127.0.0.1:%s' "$VIGIL_INFLUXDB_PORT"; }
influxdb_log() { printf '%s/influxdb/logs/influxd.log' "$VIGIL_WORK"; }

# ---- GreenMail (SMTP sink with a REST API to read the mailbox; MailSink bounds what it keeps) --------------------

greenmail_marker() { printf -- '-Dvigil.server=greenmail@%s' "$VIGIL_WORK"; }
greenmail_ready() { http_ok "http://127.0.0.1:$VIGIL_GREENMAIL_API_PORT/api/service/readiness" && port_open "$VIGIL_SMTP_PORT"; }
greenmail_start() {
  local dir=$VIGIL_WORK/greenmail cp
  cp=$(server_classpath greenmail) || exit 1
  require_free_port "greenmail smtp" "$VIGIL_SMTP_PORT" VIGIL_SMTP_PORT
  require_free_port "greenmail api" "$VIGIL_GREENMAIL_API_PORT" VIGIL_GREENMAIL_API_PORT
  mkdir -p "$dir/logs"
  spawn greenmail "$(greenmail_log)" java "$(greenmail_marker)" -Xmx256m \
    -Dgreenmail.smtp.hostname=127.0.0.1 -Dgreenmail.smtp.port="$VIGIL_SMTP_PORT" \
    -Dgreenmail.imap.hostname=127.0.0.1 -Dgreenmail.imap.port="$VIGIL_IMAP_PORT" \
    -Dgreenmail.api.hostname=127.0.0.1 -Dgreenmail.api.port="$VIGIL_GREENMAIL_API_PORT" \
    -Dgreenmail.auth.disabled -Dgreenmail.verbose=false \
    -cp "$cp" "$VIGIL_HOME/stack/tools/MailSink.java"
  wait_until greenmail 60 "$(greenmail_log)" "$(live_pid greenmail "$(greenmail_marker)")" greenmail_ready
}
greenmail_url() { printf 'smtp://127.0.0.1:%s (mailbox API http://127.0.0.1:%s/api)' "$VIGIL_SMTP_PORT" "$VIGIL_GREENMAIL_API_PORT"; }
greenmail_log() { printf '%s/greenmail/logs/greenmail.log' "$VIGIL_WORK"; }

# ---- the gateway replicas (gateway-1, gateway-2: separate servers, so that one can restart while the other serves) --

gateway_marker() { printf -- '-Dvigil.server=gateway-%s@%s' "$1" "$VIGIL_WORK"; }
gateway_port() { local var=VIGIL_GATEWAY_$1_PORT; printf '%s' "${!var}"; }
gateway_ready() { http_ok "http://127.0.0.1:$(gateway_port "$1")/health/ready"; }
gateway_start() {
  local i=$1 dir=$VIGIL_WORK/gateways
  [ -f "$GATEWAY_JAR" ] || die "the gateway is not built: run 'mvn -B -q -pl ingest-gateway -am package -DskipTests' first ($GATEWAY_JAR is missing)"
  mkdir -p "$dir/logs"
  require_free_port "gateway-$i" "$(gateway_port "$i")" "VIGIL_GATEWAY_${i}_PORT"
  spawn "gateway-$i" "$(gateway_log "$i")" java "$(gateway_marker "$i")" -Xms128m -Xmx384m -XX:+UseG1GC \
    -jar "$GATEWAY_JAR" --port "$(gateway_port "$i")" --bootstrap-servers "127.0.0.1:$VIGIL_KAFKA_PORT" \
    --readings-topic "$VIGIL_READINGS_TOPIC" --shutdown-delay-ms 3000   # on SIGTERM, stay up unready long enough for HAProxy's checks (2 x 1 s) to notice
  wait_until "gateway-$i" 60 "$(gateway_log "$i")" "$(live_pid "gateway-$i" "$(gateway_marker "$i")")" gateway_ready "$i"
}
gateway_url() { printf 'http://127.0.0.1:%s' "$(gateway_port "$1")"; }
gateway_log() { printf '%s/gateways/logs/gateway-%s.log' "$VIGIL_WORK" "$1"; }

# ---- load balancers: HAProxy (active health checks) and nginx (the alternative) ---------------------------------

lb_ready() {
  curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$VIGIL_HAPROXY_STATS_PORT/metrics" \
    && http_ok "http://127.0.0.1:$VIGIL_NGINX_PORT/lb/health"
}
lb_start() {
  local dir=$VIGIL_WORK/lb
  command -v haproxy > /dev/null && command -v nginx > /dev/null || die "haproxy or nginx is not installed: run bin/vigil stack install"
  require_free_port haproxy "$VIGIL_LB_PORT" VIGIL_LB_PORT
  require_free_port nginx "$VIGIL_NGINX_PORT" VIGIL_NGINX_PORT
  mkdir -p "$dir/logs" "$dir"/nginx-tmp/{body,proxy,fastcgi,uwsgi,scgi}
  render "$VIGIL_HOME/stack/conf/lb/haproxy.cfg" "$dir/haproxy.cfg"
  LB_DIR=$dir render "$VIGIL_HOME/stack/conf/lb/nginx.conf" "$dir/nginx.conf"
  haproxy -c -q -f "$dir/haproxy.cfg" > "$dir/logs/haproxy.log" 2>&1 || die "haproxy rejected its config; see $dir/logs/haproxy.log"
  nginx -t -q -c "$dir/nginx.conf" -p "$dir" > "$dir/logs/nginx.log" 2>&1 || die "nginx rejected its config; see $dir/logs/nginx.log"
  spawn haproxy "$dir/logs/haproxy.log" haproxy -db -f "$dir/haproxy.cfg"
  spawn nginx "$dir/logs/nginx.log" nginx -c "$dir/nginx.conf" -p "$dir"
  wait_until haproxy 20 "$dir/logs/haproxy.log" "$(live_pid haproxy "$dir/haproxy.cfg")" lb_ready
}
lb_url() { printf 'http://127.0.0.1:%s (HAProxy), http://127.0.0.1:%s (nginx)' "$VIGIL_LB_PORT" "$VIGIL_NGINX_PORT"; }
lb_log() { printf '%s/lb/logs/{haproxy,nginx}.log' "$VIGIL_WORK"; }

# ---- Prometheus and the node exporter ----------------------------------------------------------------------------

prometheus_ready() {
  curl -fsS --max-time 2 "http://127.0.0.1:$VIGIL_PROMETHEUS_PORT/-/ready" > /dev/null \
    && http_ok "http://127.0.0.1:$VIGIL_NODE_EXPORTER_PORT/metrics" \
    && http_ok "http://127.0.0.1:$VIGIL_ALERTMANAGER_PORT/-/ready" \
    && http_ok "http://127.0.0.1:$VIGIL_KAFKA_EXPORTER_PORT/metrics" \
    && http_ok "http://127.0.0.1:$VIGIL_PROCESS_EXPORTER_PORT/metrics"
}
kafka_exporter_marker() { printf -- '-Dvigil.server=kafka-exporter@%s' "$VIGIL_WORK"; }
prometheus_start() {
  local dir=$VIGIL_WORK/prometheus
  command -v prometheus > /dev/null || die "prometheus is not installed: run bin/vigil stack install"
  require_free_port prometheus "$VIGIL_PROMETHEUS_PORT" VIGIL_PROMETHEUS_PORT
  require_free_port node-exporter "$VIGIL_NODE_EXPORTER_PORT" VIGIL_NODE_EXPORTER_PORT
  require_free_port alertmanager "$VIGIL_ALERTMANAGER_PORT" VIGIL_ALERTMANAGER_PORT
  require_free_port kafka-exporter "$VIGIL_KAFKA_EXPORTER_PORT" VIGIL_KAFKA_EXPORTER_PORT
  require_free_port process-exporter "$VIGIL_PROCESS_EXPORTER_PORT" VIGIL_PROCESS_EXPORTER_PORT
  command -v prometheus-process-exporter > /dev/null || die "prometheus-process-exporter is not installed: run bin/vigil stack install"
  local kafka_cp; kafka_cp=$(server_classpath kafka) || exit 1
  command -v prometheus-alertmanager > /dev/null || die "prometheus-alertmanager is not installed: run bin/vigil stack install"
  mkdir -p "$dir/data" "$dir/logs" "$dir/alertmanager"
  VIGIL_HOME=$VIGIL_HOME render "$VIGIL_HOME/prometheus/prometheus.yml" "$dir/prometheus.yml"
  promtool check config "$dir/prometheus.yml" > "$dir/logs/promtool.log" 2>&1 \
    || die "Prometheus' config is invalid; see $dir/logs/promtool.log"
  render "$VIGIL_HOME/prometheus/alertmanager.yml" "$dir/alertmanager.yml"
  amtool check-config "$dir/alertmanager.yml" > "$dir/logs/amtool.log" 2>&1 \
    || die "Alertmanager's config is invalid; see $dir/logs/amtool.log"
  # Topic offsets and consumer lag, which Kafka's brokers do not export themselves.
  spawn kafka-exporter "$dir/logs/kafka-exporter.log" java "$(kafka_exporter_marker)" -Xmx64m -cp "$kafka_cp" \
    "$VIGIL_HOME/stack/tools/KafkaExporter.java" "127.0.0.1:$VIGIL_KAFKA_PORT" "127.0.0.1:$VIGIL_KAFKA_EXPORTER_PORT"
  VIGIL_WORK=$VIGIL_WORK render "$VIGIL_HOME/prometheus/process-exporter.yml" "$dir/process-exporter.yml"
  # No per-thread series and no smaps (proportional memory): reading every JVM's smaps at each 5 s scrape costs CPU
  # that a 2-core machine's engines need.
  spawn process-exporter "$dir/logs/process-exporter.log" prometheus-process-exporter \
    -config.path "$dir/process-exporter.yml" -web.listen-address "127.0.0.1:$VIGIL_PROCESS_EXPORTER_PORT" \
    -threads=false -gather-smaps=false
  # No cluster port: one Alertmanager, loopback only.
  spawn alertmanager "$dir/logs/alertmanager.log" prometheus-alertmanager --config.file="$dir/alertmanager.yml" \
    --storage.path="$dir/alertmanager" --web.listen-address="127.0.0.1:$VIGIL_ALERTMANAGER_PORT" \
    --cluster.listen-address= --web.external-url="http://127.0.0.1:$VIGIL_ALERTMANAGER_PORT"
  spawn node-exporter "$dir/logs/node-exporter.log" prometheus-node-exporter \
    --web.listen-address="127.0.0.1:$VIGIL_NODE_EXPORTER_PORT" --collector.disable-defaults \
    --collector.cpu --collector.meminfo --collector.loadavg --collector.netdev --collector.diskstats --collector.filesystem
  spawn prometheus "$dir/logs/prometheus.log" prometheus --config.file="$dir/prometheus.yml" \
    --storage.tsdb.path="$dir/data" --web.listen-address="127.0.0.1:$VIGIL_PROMETHEUS_PORT" \
    --storage.tsdb.retention.time=2d
  wait_until prometheus 30 "$dir/logs/prometheus.log" "$(live_pid prometheus "$dir/prometheus.yml")" prometheus_ready
}
prometheus_url() { printf 'http://127.0.0.1:%s (alerts by mail to %s through Alertmanager http://127.0.0.1:%s)' "$VIGIL_PROMETHEUS_PORT" "$VIGIL_ALERTS_MAILBOX" "$VIGIL_ALERTMANAGER_PORT"; }
prometheus_log() { printf '%s/prometheus/logs/prometheus.log' "$VIGIL_WORK"; }

# ---- the pipeline on embedded Flink ---------------------------------------------------------------------------------

pipeline_marker() { printf -- '-Dvigil.server=pipeline@%s' "$VIGIL_WORK"; }
# Ready once the job runs and has loaded its first customer snapshot: until then the runner holds every reading back
# (enrichment waits for its side input), so load sent earlier would only queue. Loading 50,000 customers takes ~15 s.
pipeline_ready() {
  local snapshots
  snapshots=$(curl -fsS --max-time 2 "http://127.0.0.1:$VIGIL_PIPELINE_METRICS_PORT/metrics" 2>/dev/null \
    | awk '$1 == "vigil_pipeline_customer_snapshots" { print int($2) }')
  [ "${snapshots:-0}" -ge 1 ]
}
# The pipeline options that connect it to the stack's servers (its edges), whatever engine runs it.
pipeline_edge_args() {
  printf '%s ' --kafkaBootstrapServers="127.0.0.1:$VIGIL_KAFKA_PORT" --readingsTopic="$VIGIL_READINGS_TOPIC" \
    --alarmsTopic="$VIGIL_ALARMS_TOPIC" --deadLetterTopic="$VIGIL_DEADLETTER_TOPIC" \
    --kafkaGroupId="$VIGIL_PIPELINE_GROUP" --cassandraHosts=127.0.0.1 --cassandraPort="$VIGIL_CASSANDRA_PORT" \
    --influxUrl="http://127.0.0.1:$VIGIL_INFLUXDB_PORT" --smtpHost=127.0.0.1 --smtpPort="$VIGIL_SMTP_PORT"
}
pipeline_start() {
  local dir=$VIGIL_WORK/pipeline command
  [ -f "$PIPELINE_JAR" ] && [ -f "$RUNNERS_JAR" ] || die "the pipeline is not built: run 'mvn -B -q -pl pipeline,runners -am package -DskipTests' first ($PIPELINE_JAR or $RUNNERS_JAR is missing)"
  require_free_port "pipeline metrics" "$VIGIL_PIPELINE_METRICS_PORT" VIGIL_PIPELINE_METRICS_PORT
  mkdir -p "$dir/logs" "$dir/checkpoints"
  # The runner's settings are the flink-embedded profile's (profiles/, README "Runners"); the edges are the stack's.
  # Submit prints the command, one argument a line, and this shell starts it (so that it carries the stack's marker).
  # shellcheck disable=SC2086 # VIGIL_PIPELINE_ARGS is a list of options
  mapfile -t command < <(java -cp "$RUNNERS_JAR" dev.vigil.runners.Submit --profile flink-embedded --print-command \
    --jar "$PIPELINE_JAR" -- $(pipeline_edge_args) --metricsPort="$VIGIL_PIPELINE_METRICS_PORT" ${VIGIL_PIPELINE_ARGS:-})
  [ "${#command[@]}" -gt 1 ] || die "the runners could not make the pipeline's command from profiles/flink-embedded.properties"
  spawn pipeline "$(pipeline_log)" "${command[0]}" "$(pipeline_marker)" "${command[@]:1}"
  wait_until pipeline 120 "$(pipeline_log)" "$(live_pid pipeline "$(pipeline_marker)")" pipeline_ready
}
pipeline_url() { printf 'metrics http://127.0.0.1:%s/metrics' "$VIGIL_PIPELINE_METRICS_PORT"; }
pipeline_log() { printf '%s/pipeline/logs/pipeline.log' "$VIGIL_WORK"; }

# ---- dispatch: server_do SERVER ACTION runs SERVER's function for ACTION (start, ready, url, log) ----------------

server_do() {
  case $1 in
    gateway-[12]) "gateway_$2" "${1#gateway-}" ;;
    flink-taskmanager-[0-9]*) "flink_taskmanager_$2" "${1#flink-taskmanager-}" ;;
    kafka-broker-[1-3]) "kafka_broker_$2" "${1#kafka-broker-}" ;;
    *) "${1//-/_}_$2" ;;
  esac
}

# ---- which processes make up each server --------------------------------------------------------------------------

# server_processes SERVER: lines "pidname marker" of the processes that SERVER started.
server_processes() {
  case $1 in
    kafka) echo "kafka $(kafka_marker)" ;;
    cassandra) echo "cassandra $(cassandra_marker)" ;;
    influxdb) echo "influxdb $(influxdb_marker)" ;;
    greenmail) echo "greenmail $(greenmail_marker)" ;;
    gateway-[12]) echo "$1 $(gateway_marker "${1#gateway-}")" ;;
    lb) echo "haproxy $VIGIL_WORK/lb/haproxy.cfg"; echo "nginx $VIGIL_WORK/lb/nginx.conf" ;;
    prometheus) echo "prometheus $VIGIL_WORK/prometheus/prometheus.yml"; echo "node-exporter 127.0.0.1:$VIGIL_NODE_EXPORTER_PORT"
      echo "alertmanager $VIGIL_WORK/prometheus/alertmanager.yml"; echo "kafka-exporter $(kafka_exporter_marker)"
      echo "process-exporter $VIGIL_WORK/prometheus/process-exporter.yml" ;;
    pipeline) echo "pipeline $(pipeline_marker)" ;;
    flink) flink_processes ;;
    flink-taskmanager-[0-9]*) echo "$1 $(flink_marker "${1#flink-}")" ;;
    kafka-cluster) kafka_cluster_processes ;;
    kafka-broker-[1-3]) echo "$1 $(kafka_broker_marker "${1#kafka-broker-}")" ;;
    spark) spark_processes ;;
    yarn) yarn_processes ;;
    *) die "unknown server '$1'; the servers are: $ALL_SERVERS $APP_SERVERS" ;;
  esac
}
