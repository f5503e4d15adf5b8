# shellcheck shell=bash
# The local stack's YARN cluster (server 'yarn'): Hadoop 3.3.6's MiniYARNCluster, one ResourceManager and one
# NodeManager in one JVM (stack/tools/MiniYarn.java on stack/servers/yarn's jars; no Hadoop tarball is reachable),
# for spark-submit --master yarn. Started only when named (bin/vigil stack up yarn).

# Its ports (VIGIL_YARN_RM_PORT, _RM_SCHEDULER_PORT, _RM_TRACKER_PORT, _RM_ADMIN_PORT, _RM_WEB_PORT) are in
# stack/defaults.env. The NodeManager offers VIGIL_YARN_NM_MEMORY_MB and VIGIL_YARN_NM_VCORES to containers: a
# Spark driver (ApplicationMaster) of 1 GB and two executors of 1 GB take 3 x 1,536 MB (1 GB + Spark's 384 MB
# overhead, rounded up to the 256 MB allocation step).
export VIGIL_YARN_NM_MEMORY_MB=${VIGIL_YARN_NM_MEMORY_MB:-6144}
export VIGIL_YARN_NM_VCORES=${VIGIL_YARN_NM_VCORES:-4}

# Not in ALL_SERVERS: a plain 'stack up' does not need a cluster. 'stack down' with no names stops it.
APP_SERVERS="$APP_SERVERS yarn"

yarn_marker() { printf -- '-Dvigil.server=yarn@%s' "$VIGIL_WORK"; }
yarn_processes() { echo "yarn $(yarn_marker)"; }
# The HADOOP_CONF_DIR for spark-submit --master yarn: MiniYarn writes the running cluster's yarn-site.xml there.
yarn_conf_dir() { printf '%s/yarn/conf' "$VIGIL_WORK"; }
# Ready when the configuration is written (MiniYarn does it once the NodeManager has registered) and the
# ResourceManager's REST API lists a RUNNING node.
yarn_ready() {
  [ -s "$(yarn_conf_dir)/yarn-site.xml" ] \
    && curl -fsS --max-time 2 "http://127.0.0.1:$VIGIL_YARN_RM_WEB_PORT/ws/v1/cluster/nodes" 2>/dev/null \
      | grep -q '"state" *: *"RUNNING"'
}
yarn_url() {
  printf 'ResourceManager 127.0.0.1:%s (web UI and REST http://127.0.0.1:%s), HADOOP_CONF_DIR=%s' \
    "$VIGIL_YARN_RM_PORT" "$VIGIL_YARN_RM_WEB_PORT" "$(yarn_conf_dir)"
}
yarn_log() { printf '%s/yarn/logs/yarn.log' "$VIGIL_WORK"; }

yarn_start() {
  local dir=$VIGIL_WORK/yarn cp
  cp=$(server_classpath yarn) || exit 1
  require_free_port "yarn's ResourceManager" "$VIGIL_YARN_RM_PORT" VIGIL_YARN_RM_PORT
  require_free_port "yarn's scheduler" "$VIGIL_YARN_RM_SCHEDULER_PORT" VIGIL_YARN_RM_SCHEDULER_PORT
  require_free_port "yarn's resource tracker" "$VIGIL_YARN_RM_TRACKER_PORT" VIGIL_YARN_RM_TRACKER_PORT
  require_free_port "yarn's admin" "$VIGIL_YARN_RM_ADMIN_PORT" VIGIL_YARN_RM_ADMIN_PORT
  require_free_port "yarn's web UI" "$VIGIL_YARN_RM_WEB_PORT" VIGIL_YARN_RM_WEB_PORT
  # A configuration left by an earlier run would look ready before this cluster is.
  rm -rf "$(yarn_conf_dir)"
  mkdir -p "$dir/logs" "$dir/data" "$dir/tmp"
  # Passed on to every container (MiniYarn whitelists it): Spark's drivers and executors stay on loopback.
  export SPARK_LOCAL_IP=127.0.0.1
  # test.build.data: where MiniYARNCluster keeps the NodeManager's local and log dirs (containers' work folders,
  # their stdout/stderr), instead of target/ under the current folder.
  spawn yarn "$dir/logs/yarn.out" java "$(yarn_marker)" @"$VIGIL_HOME/stack/conf/yarn/java17.options" \
    -Xms256m -Xmx768m -XX:+UseG1GC \
    -Dlog4j.configuration="file://$VIGIL_HOME/stack/conf/yarn/log4j.properties" -Dyarn.log.file="$(yarn_log)" \
    -Dtest.build.data="$dir/data" -Djava.io.tmpdir="$dir/tmp" \
    -cp "$cp" "$VIGIL_HOME/stack/tools/MiniYarn.java" "$(yarn_conf_dir)"
  wait_until yarn 120 "$(yarn_log)" "$(live_pid yarn "$(yarn_marker)")" yarn_ready
}
