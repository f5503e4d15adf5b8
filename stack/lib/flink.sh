# shellcheck shell=bash
# The local stack's Flink 1.19 standalone session cluster (server 'flink'): one JobManager and two TaskManagers,
# started from Flink's jars on Maven Central (stack/servers/flink; flink-dist is not on the mirror) the way Flink's
# own scripts start them. Started only when named (bin/vigil stack up flink): see APP_SERVERS below.
# Server 'flink-taskmanager-3' is a third TaskManager for the same JobManager (scaling out: 6 slots), also only when
# named; any TaskManager of the cluster can be named alone (flink-taskmanager-N) to start or stop just that process.

# Its ports (VIGIL_FLINK_REST_PORT, _RPC_PORT, _TM_1_RPC_PORT, _TM_2_RPC_PORT, _TM_3_RPC_PORT) are in stack/defaults.env.

# Not in ALL_SERVERS: a plain 'stack up' (the demo, most tests) does not need a cluster, which costs ~10 s and
# ~700 MB. 'stack down' with no names stops it like the pipeline; 'stack down flink' stops the third TaskManager too.
APP_SERVERS="$APP_SERVERS flink flink-taskmanager-3"
# The TaskManagers of server 'flink'; the others (3) are servers of their own.
FLINK_TASKMANAGERS="1 2"

flink_marker() { printf -- '-Dvigil.server=flink-%s@%s' "$1" "$VIGIL_WORK"; }
flink_processes() {
  echo "flink-jobmanager $(flink_marker jobmanager)"
  local n; for n in $FLINK_TASKMANAGERS; do echo "flink-taskmanager-$n $(flink_marker "taskmanager-$n")"; done
}
# Ready when the JobManager's REST API lists each of its TaskManagers (by resource id): their slots can take jobs.
flink_ready() {
  local n; for n in $FLINK_TASKMANAGERS; do flink_taskmanager_ready "$n" || return 1; done
}
flink_url() { printf 'http://127.0.0.1:%s (web UI and REST)' "$VIGIL_FLINK_REST_PORT"; }
flink_log() { printf '%s/flink/logs/jobmanager.log' "$VIGIL_WORK"; }

# flink_resource_params KIND CONF: the JVM memory flags (line 1) and dynamic -D settings (line 2) that Flink's
# BashJavaUtils derives from the config's memory sizes, as Flink's jobmanager.sh and taskmanager.sh get them.
flink_resource_params() {
  java -cp "$(server_classpath flink)" org.apache.flink.runtime.util.bash.BashJavaUtils "$1" --configDir "$2" \
    2> /dev/null | sed -n 's/^BASH_JAVA_UTILS_EXEC_RESULT://p'
}

# The JVM flags common to all Flink processes: Flink's Java 17 --add-opens/--add-exports (its env.java.opts.all),
# and log4j 2 writing to the file the web UI shows.
flink_common_flags() {
  FLINK_COMMON=(@"$VIGIL_HOME/stack/conf/flink/java17.options" -XX:+UseG1GC
    -Dlog4j.configurationFile="file://$VIGIL_HOME/stack/conf/flink/log4j2.properties")
}

flink_start() {
  local dir=$VIGIL_WORK/flink cp params jvm dynamic n
  cp=$(server_classpath flink) || exit 1
  require_free_port "flink's REST API" "$VIGIL_FLINK_REST_PORT" VIGIL_FLINK_REST_PORT
  require_free_port "flink's JobManager RPC" "$VIGIL_FLINK_RPC_PORT" VIGIL_FLINK_RPC_PORT
  for n in $FLINK_TASKMANAGERS; do
    require_free_port "flink's TaskManager $n RPC" "$(flink_taskmanager_port "$n")" "VIGIL_FLINK_TM_${n}_RPC_PORT"
  done
  mkdir -p "$dir/logs" "$dir/checkpoints" "$dir/savepoints" "$dir/tmp" "$dir/web/uploads" "$dir/blobs"
  FLINK_WORK=$dir render "$VIGIL_HOME/stack/conf/flink/flink-conf.yaml" "$dir/conf/flink-conf.yaml"
  flink_common_flags

  params=$(flink_resource_params GET_JM_RESOURCE_PARAMS "$dir/conf") \
    || die "Flink could not compute the JobManager's memory from $dir/conf/flink-conf.yaml"
  jvm=$(sed -n 1p <<< "$params"); dynamic=$(sed -n 2p <<< "$params")
  # shellcheck disable=SC2086 # Flink's flags are whitespace-separated words, as in its own scripts
  spawn flink-jobmanager "$dir/logs/jobmanager.out" java "$(flink_marker jobmanager)" "${FLINK_COMMON[@]}" $jvm \
    -Dlog.file="$dir/logs/jobmanager.log" -cp "$cp" \
    org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint --configDir "$dir/conf" $dynamic

  for n in $FLINK_TASKMANAGERS; do flink_taskmanager_spawn "$n"; done
  wait_until flink 120 "$(flink_log)" "$(live_pid flink-jobmanager "$(flink_marker jobmanager)")" flink_ready
}

# stack up flink when some of its processes died: with the JobManager alive, only the missing TaskManagers start
# (its jobs, which restart from their checkpoints on the slots left, keep running); without it, 1 (start it whole).
flink_resume() {
  live_pid flink-jobmanager "$(flink_marker jobmanager)" > /dev/null || return 1
  local n
  for n in $FLINK_TASKMANAGERS; do
    live_pid "flink-taskmanager-$n" "$(flink_marker "taskmanager-$n")" > /dev/null && continue
    step "starting flink-taskmanager-$n (the JobManager and its jobs keep running)"
    flink_taskmanager_start "$n"
  done
}

# ---- one TaskManager (flink-taskmanager-N): the same config and flags for each, its own RPC port ----------------

flink_taskmanager_port() { local var=VIGIL_FLINK_TM_$1_RPC_PORT; printf '%s' "${!var:-}"; }
flink_taskmanager_log() { printf '%s/flink/logs/taskmanager-%s.log' "$VIGIL_WORK" "$1"; }
flink_taskmanager_url() { printf 'TaskManager RPC 127.0.0.1:%s of %s' "$(flink_taskmanager_port "$1")" "$(flink_url)"; }
# Listed by the JobManager (a TaskManager killed with -9 stays listed until its heartbeats fail: status also
# checks its process).
flink_taskmanager_ready() {
  curl -fsS --max-time 2 "http://127.0.0.1:$VIGIL_FLINK_REST_PORT/taskmanagers" 2>/dev/null \
    | grep -q "\"id\":\"taskmanager-$1\""
}
# flink_taskmanager_registered N OFFSET: this start's registration (the log after OFFSET bytes) and the listing; the
# listing alone may still be the killed predecessor's, which had the same resource id.
flink_taskmanager_registered() {
  tail -c +"$(( $2 + 1 ))" "$(flink_taskmanager_log "$1")" 2>/dev/null \
    | grep -q 'Successful registration at resource manager' && flink_taskmanager_ready "$1"
}

# flink_taskmanager_spawn N: starts TaskManager N (resource id taskmanager-N) without waiting for it.
flink_taskmanager_spawn() {
  local n=$1 dir=$VIGIL_WORK/flink cp params jvm dynamic
  cp=$(server_classpath flink) || exit 1
  params=$(flink_resource_params GET_TM_RESOURCE_PARAMS "$dir/conf") \
    || die "Flink could not compute the TaskManagers' memory from $dir/conf/flink-conf.yaml"
  jvm=$(sed -n 1p <<< "$params"); dynamic=$(sed -n 2p <<< "$params")
  flink_common_flags
  # shellcheck disable=SC2086
  spawn "flink-taskmanager-$n" "$dir/logs/taskmanager-$n.out" java "$(flink_marker "taskmanager-$n")" \
    "${FLINK_COMMON[@]}" $jvm -Dlog.file="$(flink_taskmanager_log "$n")" -cp "$cp" \
    org.apache.flink.runtime.taskexecutor.TaskManagerRunner --configDir "$dir/conf" \
    -D "taskmanager.rpc.port=$(flink_taskmanager_port "$n")" -D "taskmanager.resource-id=taskmanager-$n" $dynamic
}

# flink_taskmanager_start N: TaskManager N alone, for the running JobManager; ready once it registered there.
flink_taskmanager_start() {
  local n=$1 from
  [ -n "$(flink_taskmanager_port "$n")" ] || die "flink-taskmanager-$n has no port: set VIGIL_FLINK_TM_${n}_RPC_PORT"
  live_pid flink-jobmanager "$(flink_marker jobmanager)" > /dev/null \
    || die "flink-taskmanager-$n needs the cluster's JobManager: bin/vigil stack up flink first"
  [ -f "$VIGIL_WORK/flink/conf/flink-conf.yaml" ] || die "no Flink config in $VIGIL_WORK/flink/conf: bin/vigil stack up flink first"
  require_free_port "flink's TaskManager $n RPC" "$(flink_taskmanager_port "$n")" "VIGIL_FLINK_TM_${n}_RPC_PORT"
  from=$(stat -c %s "$(flink_taskmanager_log "$n")" 2>/dev/null || echo 0)
  flink_taskmanager_spawn "$n"
  wait_until "flink-taskmanager-$n" 120 "$(flink_taskmanager_log "$n")" \
    "$(live_pid "flink-taskmanager-$n" "$(flink_marker "taskmanager-$n")")" flink_taskmanager_registered "$n" "$from"
}
