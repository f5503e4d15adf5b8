# shellcheck shell=bash
# The local stack's Spark 3.5.5 standalone cluster (server 'spark'): one Master and one Worker, on loopback, started
# from Spark's jars on Maven Central (stack/servers/spark; no Spark tarball is reachable) the way Spark's
# sbin/start-master.sh and start-worker.sh start them. Started only when named (bin/vigil stack up spark).
# Also the SPARK_HOME that every spark-submit needs (local[N], this cluster, YARN): spark_home_prepare.

# Its ports (VIGIL_SPARK_MASTER_PORT, _MASTER_UI_PORT, _WORKER_PORT, _WORKER_UI_PORT) are in stack/defaults.env.
# The Worker offers VIGIL_SPARK_WORKER_CORES cores and VIGIL_SPARK_WORKER_MEMORY to executors (enough for two
# executors of 1 GB, or a cluster-mode driver and an executor).
VIGIL_SPARK_WORKER_CORES=${VIGIL_SPARK_WORKER_CORES:-2}
VIGIL_SPARK_WORKER_MEMORY=${VIGIL_SPARK_WORKER_MEMORY:-3g}

# Not in ALL_SERVERS: a plain 'stack up' does not need a cluster. 'stack down' with no names stops it.
APP_SERVERS="$APP_SERVERS spark"

spark_marker() { printf -- '-Dvigil.server=spark-%s@%s' "$1" "$VIGIL_WORK"; }
spark_processes() {
  echo "spark-master $(spark_marker master)"
  echo "spark-worker $(spark_marker worker)"
}
# Ready when the Master's JSON counts the Worker as ALIVE (registered, its cores and memory offered to applications).
spark_ready() {
  curl -fsS --max-time 2 "http://127.0.0.1:$VIGIL_SPARK_MASTER_UI_PORT/json/" 2>/dev/null \
    | grep -q '"aliveworkers" *: *[1-9]'
}
# The Master alone: elected leader (it ignores a Worker that registers before, which then retries 10 s later).
spark_master_alive() {
  curl -fsS --max-time 2 "http://127.0.0.1:$VIGIL_SPARK_MASTER_UI_PORT/json/" 2>/dev/null | grep -q '"status" *: *"ALIVE"'
}
spark_url() {
  printf 'spark://127.0.0.1:%s (web UI http://127.0.0.1:%s, worker UI :%s)' "$VIGIL_SPARK_MASTER_PORT" \
    "$VIGIL_SPARK_MASTER_UI_PORT" "$VIGIL_SPARK_WORKER_UI_PORT"
}
spark_log() { printf '%s/spark/logs/master.log' "$VIGIL_WORK"; }

# The SPARK_HOME that spark-submit, the Worker and the drivers it launches run from: work/spark/home.
spark_home() { printf '%s/spark/home' "$VIGIL_WORK"; }

# spark_home_prepare: lays out SPARK_HOME as Spark's launcher expects a release: a RELEASE file (with it, the
# launcher takes the jars from SPARK_HOME/jars; without, from a source build's assembly/target) and jars/, one
# symbolic link per jar of stack/servers/spark's classpath. Links, not copies: the ~190 MB stay once in ~/.m2, and
# a link whose jar is gone is noticed (server_classpath resolves again). Cheap when already done: it compares the
# classpath with the one the layout was made from.
spark_home_prepare() {
  local home cp jar version
  home=$(spark_home)
  cp=$(server_classpath spark) || exit 1
  if [ -f "$home/RELEASE" ] && [ "$cp" = "$(cat "$home/jars.classpath" 2>/dev/null)" ]; then return 0; fi
  rm -rf "$home"
  mkdir -p "$home/jars"
  for jar in ${cp//:/ }; do
    ln -s "$jar" "$home/jars/$(basename "$jar")" || die "cannot link $jar into $home/jars"
  done
  version=$(tr ':' '\n' <<< "$cp" | sed -n 's|.*/spark-core_2\.12-\(.*\)\.jar$|\1|p')
  printf 'Spark %s (Scala 2.12), laid out by bin/vigil from the jars of stack/servers/spark\n' "$version" > "$home/RELEASE"
  printf '%s' "$cp" > "$home/jars.classpath"
}

spark_start() {
  local dir=$VIGIL_WORK/spark home
  spark_home_prepare
  home=$(spark_home)
  require_free_port "spark's Master" "$VIGIL_SPARK_MASTER_PORT" VIGIL_SPARK_MASTER_PORT
  require_free_port "spark's Master web UI" "$VIGIL_SPARK_MASTER_UI_PORT" VIGIL_SPARK_MASTER_UI_PORT
  require_free_port "spark's Worker" "$VIGIL_SPARK_WORKER_PORT" VIGIL_SPARK_WORKER_PORT
  require_free_port "spark's Worker web UI" "$VIGIL_SPARK_WORKER_UI_PORT" VIGIL_SPARK_WORKER_UI_PORT
  mkdir -p "$dir/logs" "$dir/worker" "$dir/tmp"
  # Inherited by the executors and cluster-mode drivers that the Worker launches: SPARK_HOME and the Scala version
  # locate their jars (Spark's launcher needs both), SPARK_LOCAL_IP keeps every socket and web UI on loopback
  # (else Spark binds the UIs to 0.0.0.0 and advertises eth0's address, since 'hostname' resolves to 127.0.0.1).
  export SPARK_HOME=$home SPARK_SCALA_VERSION=2.12 SPARK_LOCAL_IP=127.0.0.1
  # Spark's daemons get 1 GB by default (SPARK_DAEMON_MEMORY); 512 MB is plenty for one worker.
  local common=(@"$VIGIL_HOME/stack/conf/spark/java17.options" -Xms128m -Xmx512m -XX:+UseG1GC
    -Dlog4j2.configurationFile="file://$VIGIL_HOME/stack/conf/spark/log4j2.properties"
    -Djava.io.tmpdir="$dir/tmp" -cp "$home/jars/*")
  spawn spark-master "$dir/logs/master.out" java "$(spark_marker master)" "${common[@]}" \
    -Dspark.log.file="$dir/logs/master.log" org.apache.spark.deploy.master.Master \
    --host 127.0.0.1 --port "$VIGIL_SPARK_MASTER_PORT" --webui-port "$VIGIL_SPARK_MASTER_UI_PORT"
  wait_until "spark's Master" 60 "$(spark_log)" "$(live_pid spark-master "$(spark_marker master)")" spark_master_alive
  spawn spark-worker "$dir/logs/worker.out" java "$(spark_marker worker)" "${common[@]}" \
    -Dspark.log.file="$dir/logs/worker.log" org.apache.spark.deploy.worker.Worker \
    --host 127.0.0.1 --port "$VIGIL_SPARK_WORKER_PORT" --webui-port "$VIGIL_SPARK_WORKER_UI_PORT" \
    --cores "$VIGIL_SPARK_WORKER_CORES" --memory "$VIGIL_SPARK_WORKER_MEMORY" --work-dir "$dir/worker" \
    "spark://127.0.0.1:$VIGIL_SPARK_MASTER_PORT"
  wait_until "spark's Worker" 60 "$VIGIL_WORK/spark/logs/worker.log" "$(live_pid spark-worker "$(spark_marker worker)")" \
    spark_ready
}
