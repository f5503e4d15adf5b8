# shellcheck shell=bash
# The local stack's Flink 1.19 standalone session cluster (server 'flink'): one JobManager and two TaskManagers,
# started from Flink's jars on Maven Central (stack/servers/flink; flink-dist is not on the mirror) the way Flink's
# own scripts start them. Started only when named (bin/vigil stack up flink): see APP_SERVERS below.

# Its ports (VIGIL_FLINK_REST_PORT, _RPC_PORT, _TM_1_RPC_PORT, _TM_2_RPC_PORT) are in stack/defaults.env.

# Not in ALL_SERVERS: a plain 'stack up' (the demo, most tests) does not need a cluster, which costs ~10 s and
# ~700 MB. 'stack down' with no names stops it like the pipeline.
APP_SERVERS="$APP_SERVERS flink"
FLINK_TASKMANAGERS="1 2"

flink_marker() { printf -- '-Dvigil.server=flink-%s@%s' "$1" "$VIGIL_WORK"; }
flink_processes() {
  echo "flink-jobmanager $(flink_marker jobmanager)"
  local n; for n in $FLINK_TASKMANAGERS; do echo "flink-taskmanager-$n $(flink_marker "taskmanager-$n")"; done
}
# Ready when the JobManager's REST API counts both TaskManagers as registered (their slots can take jobs).
flink_ready() {
  curl -fsS --max-time 2 "http://127.0.0.1:$VIGIL_FLINK_REST_PORT/overview" 2>/dev/null | grep -q '"taskmanagers":2[,}]'
}
flink_url() { printf 'http://127.0.0.1:%s (web UI and REST)' "$VIGIL_FLINK_REST_PORT"; }
flink_log() { printf '%s/flink/logs/jobmanager.log' "$VIGIL_WORK"; }

# flink_resource_params KIND CONF: the JVM memory flags (line 1) and dynamic -D settings (line 2) that Flink's
# BashJavaUtils derives from the config's memory sizes, as Flink's jobmanager.sh and taskmanager.sh get them.
flink_resource_params() {
  java -cp "$(server_classpath flink)" org.apache.flink.runtime.util.bash.BashJavaUtils "$1" --configDir "$2" \
    2> /dev/null | sed -n 's/^BASH_JAVA_UTILS_EXEC_RESULT://p'
}

flink_start() {
  local dir=$VIGIL_WORK/flink cp params jvm dynamic n port
  cp=$(server_classpath flink) || exit 1
  require_free_port "flink's REST API" "$VIGIL_FLINK_REST_PORT" VIGIL_FLINK_REST_PORT
  require_free_port "flink's JobManager RPC" "$VIGIL_FLINK_RPC_PORT" VIGIL_FLINK_RPC_PORT
  require_free_port "flink's TaskManager 1 RPC" "$VIGIL_FLINK_TM_1_RPC_PORT" VIGIL_FLINK_TM_1_RPC_PORT
  require_free_port "flink's TaskManager 2 RPC" "$VIGIL_FLINK_TM_2_RPC_PORT" VIGIL_FLINK_TM_2_RPC_PORT
  mkdir -p "$dir/logs" "$dir/checkpoints" "$dir/savepoints" "$dir/tmp" "$dir/web/uploads" "$dir/blobs"
  FLINK_WORK=$dir render "$VIGIL_HOME/stack/conf/flink/flink-conf.yaml" "$dir/conf/flink-conf.yaml"
  # The JVM flags common to all three: Flink's Java 17 --add-opens/--add-exports (its env.java.opts.all), and
  # log4j 2 writing to the file the web UI shows.
  local common=(@"$VIGIL_HOME/stack/conf/flink/java17.options" -XX:+UseG1GC
    -Dlog4j.configurationFile="file://$VIGIL_HOME/stack/conf/flink/log4j2.properties")

  params=$(flink_resource_params GET_JM_RESOURCE_PARAMS "$dir/conf") \
    || die "Flink could not compute the JobManager's memory from $dir/conf/flink-conf.yaml"
  jvm=$(sed -n 1p <<< "$params"); dynamic=$(sed -n 2p <<< "$params")
  # shellcheck disable=SC2086 # Flink's flags are whitespace-separated words, as in its own scripts
  spawn flink-jobmanager "$dir/logs/jobmanager.out" java "$(flink_marker jobmanager)" "${common[@]}" $jvm \
    -Dlog.file="$dir/logs/jobmanager.log" -cp "$cp" \
    org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint --configDir "$dir/conf" $dynamic

  params=$(flink_resource_params GET_TM_RESOURCE_PARAMS "$dir/conf") \
    || die "Flink could not compute the TaskManagers' memory from $dir/conf/flink-conf.yaml"
  jvm=$(sed -n 1p <<< "$params"); dynamic=$(sed -n 2p <<< "$params")
  for n in $FLINK_TASKMANAGERS; do
    port=VIGIL_FLINK_TM_${n}_RPC_PORT
    # shellcheck disable=SC2086
    spawn "flink-taskmanager-$n" "$dir/logs/taskmanager-$n.out" java "$(flink_marker "taskmanager-$n")" "${common[@]}" \
      $jvm -Dlog.file="$dir/logs/taskmanager-$n.log" -cp "$cp" \
      org.apache.flink.runtime.taskexecutor.TaskManagerRunner --configDir "$dir/conf" \
      -D "taskmanager.rpc.port=${!port}" -D "taskmanager.resource-id=taskmanager-$n" $dynamic
  done
  wait_until flink 120 "$(flink_log)" "$(live_pid flink-jobmanager "$(flink_marker jobmanager)")" flink_ready
}
