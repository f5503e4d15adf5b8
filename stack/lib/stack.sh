# shellcheck shell=bash
# bin/vigil's commands: stack up/down/status/env, test and demo.

# Servers in start order; 'down' goes the other way. Gateways need Kafka; the load balancers and Prometheus
# check the gateways.
servers_or_all() {
  if [ $# -eq 0 ]; then echo "$ALL_SERVERS"; return; fi
  local s; for s in "$@"; do expand_alias "$s"; done | tr '\n' ' '
}

server_running() {
  local name marker
  while read -r name marker; do live_pid "$name" "$marker" > /dev/null || return 1; done < <(server_processes "$1")
}

stack_up() {
  local servers s start total; servers=$(servers_or_all "$@"); total=$(now_ms)
  for s in $servers; do server_processes "$s" > /dev/null; done   # unknown names fail before anything starts
  install_debian_packages
  mkdir -p "$RUN_DIR"
  for s in $servers; do
    start=$(now_ms)
    if server_running "$s"; then
      if server_do "$s" ready; then ok "$s already up: $(server_do "$s" url)"; continue; fi
      step "$s is running but not ready yet: waiting"
      wait_until "$s" 60 "$(server_do "$s" log)" "" server_do "$s" ready
    elif server_has resume && server_do "$s" resume; then
      :   # a server that can bring back just its missing processes did (flink: a lost TaskManager)
    else
      stop_server_quietly "$s"   # a half-started server (one of its processes died) starts again whole
      step "starting $s"
      server_do "$s" start
    fi
    ok "$s ready in $(elapsed "$start"): $(server_do "$s" url)"
  done
  say "${BOLD}stack up${RESET} in $(elapsed "$total") (logs and data under $VIGIL_WORK)"
}

# server_has ACTION: whether server $s has a function for ACTION (e.g. flink_resume).
server_has() { declare -F "${s//-/_}_$1" > /dev/null; }

stop_server_quietly() {
  local name marker pid
  while read -r name marker; do
    pid=$(live_pid "$name" "$marker") && stop_pid "$name" "$pid"
    rm -f "$(pid_file "$name")"
  done < <(server_processes "$1")
}

stack_down() {
  local servers s name marker pid stopped=0 order="" live entry
  if [ $# -eq 0 ]; then servers="$ALL_SERVERS $APP_SERVERS"; else servers=$(servers_or_all "$@"); fi
  # A TaskManager without its JobManager is of no use: 'down flink' stops the third one too (first).
  [[ " $servers " == *" flink "* && " $servers " != *" flink-taskmanager-3 "* ]] && servers="$servers flink-taskmanager-3"
  for s in $servers; do order="$s $order"; done
  for s in $order; do
    # All of a server's processes get their SIGTERM at once, then each is waited for: kafka-cluster's brokers stopped
    # one after the other would leave the last one alone, waiting for a controller quorum (2 of 3) to grant its
    # controlled shutdown until the 60 s grace ran out and it got SIGKILL.
    live=()
    while read -r name marker; do
      pid=$(live_pid "$name" "$marker") || { rm -f "$(pid_file "$name")"; continue; }
      say "    stopping $name (pid $pid)"
      kill -TERM "$pid" 2>/dev/null
      live+=("$name $pid")
    done < <(server_processes "$s")
    for entry in "${live[@]}"; do
      stop_pid "${entry% *}" "${entry#* }" 60
      stopped=$((stopped + 1))
    done
    # A process of ours whose PID file was lost (an interrupted 'up', a deleted work folder) is still found by
    # the marker on its command line, so that 'down' leaves nothing behind.
    while read -r name marker; do
      for pid in $(stray_pids "$marker"); do
        say "    stopping stray $name (pid $pid)"
        stop_pid "$name" "$pid" 30
        stopped=$((stopped + 1))
      done
    done < <(server_processes "$s")
  done
  ok "stack down: $stopped process(es) stopped"
}

stray_pids() {
  ps -ww -eo pid=,args= | grep -F -- "$1" | grep -v -e grep -e "^ *$$ " | awk '{print $1}' | tr '\n' ' '
}

stack_status() {
  local s name marker pid state pids healthy=0 count=0
  printf '%-19s %-11s %-18s %s\n' SERVER STATE PIDS ADDRESS
  for s in $ALL_SERVERS $APP_SERVERS; do
    pids=; state=up
    while read -r name marker; do
      if pid=$(live_pid "$name" "$marker"); then pids="$pids$pid,"; else state=partial; fi
    done < <(server_processes "$s")
    if [ "$state" = up ] && ! server_do "$s" ready; then state=unhealthy; fi
    [ -z "$pids" ] && state=down   # partial: some of its processes died ('stack up' starts them again)
    if [ "$state" = down ] && [[ " $APP_SERVERS " == *" $s "* ]]; then
      printf '%-19s %-11s %-18s %s\n' "$s" "not started" "" "(bin/vigil stack up $s)"
      continue
    fi
    [ "$state" = up ] && healthy=$((healthy + 1)); count=$((count + 1))
    printf '%-19s %-11s %-18s %s\n' "$s" "$state" "${pids%,}" "$(server_do "$s" url)"
  done
  say "$healthy of $count servers up. Logs: $VIGIL_WORK/<server>/logs"
  [ "$healthy" -eq "$count" ]
}

stack_env() {
  env | grep -E '^VIGIL_([A-Z0-9_]+_PORT|[A-Z_]+_TOPIC|[A-Z_]+_GROUP)=' | sort | sed 's/^/export /'
  printf 'export VIGIL_WORK=%s\n' "$VIGIL_WORK"
}

run_tests() {
  install_all
  step "building and testing: mvn verify (the tests module starts the local stack for its integration tests)"
  local start; start=$(now_ms)
  # Should Maven be interrupted between the stack's start and stop, stop it here.
  trap 'stack_down > /dev/null 2>&1' EXIT
  (cd "$VIGIL_HOME" && mvn -B -ntp verify "$@")
  local rc=$?
  say "${BOLD}tests finished${RESET} in $(elapsed "$start") with exit code $rc"
  return $rc
}

run_simulator() {
  if [ ! -f "$TOOLS_JAR" ]; then
    step "building the simulator"
    (cd "$VIGIL_HOME" && mvn -B -q -ntp -pl tools -am package -DskipTests) || die "the build failed; run 'mvn -B package -DskipTests' to see why"
  fi
  java -jar "$TOOLS_JAR" "$@"
}

run_demo() {
  local duration=${VIGIL_DEMO_SECONDS:-0} rate=${VIGIL_DEMO_RATE:-400} sensors=${VIGIL_DEMO_SENSORS:-2000}
  local first_sensor=1 build=1 keep=0 simulator_args=()
  while [ $# -gt 0 ]; do
    case $1 in
      --duration) duration=$2; shift 2 ;;
      --rate) rate=$2; shift 2 ;;
      --sensors) sensors=$2; shift 2 ;;
      --first-sensor-id) first_sensor=$2; shift 2 ;;
      --no-build) build=0; shift ;;
      --keep) keep=1; shift ;;
      --) shift; simulator_args=("$@"); break ;;
      *) die "unknown demo option $1 (try --duration SECONDS, --rate MESSAGES_PER_S, --sensors N, --first-sensor-id ID, --keep, --no-build, -- SIMULATOR OPTIONS)" ;;
    esac
  done
  local dir=$VIGIL_WORK/demo; mkdir -p "$dir"
  if [ "$build" = 1 ]; then
    step "building Vigil (mvn package, no tests)"
    (cd "$VIGIL_HOME" && mvn -B -q -ntp package -DskipTests) || die "the build failed; run 'mvn -B package -DskipTests' to see why"
  fi

  # Stop at the end only what the demo itself started: a stack that was already up (yours, or a test run's) stays.
  local s started=""
  for s in $ALL_SERVERS $APP_SERVERS; do server_running "$s" || started="$started $s"; done
  DEMO_STARTED=$started DEMO_KEEP=$keep
  trap demo_exit EXIT
  trap 'exit 130' INT TERM
  stack_up

  step "loading the 50,000 customers into Cassandra (idempotent: the same seed writes the same rows)"
  java -cp "$TOOLS_JAR" dev.vigil.tools.customers.LoadCustomers --port "$VIGIL_CASSANDRA_PORT" --customers 50000 \
    > "$dir/load-customers.log" 2>&1 || die "loading the customers failed; see $dir/load-customers.log"
  say "    $(tail -n 1 "$dir/load-customers.log")"
  stack_up pipeline
  # Before the sensors start: let the pipeline catch up with what the topics already hold, so that the status line
  # and the alarm latency describe this run's sensors, not an earlier backlog.
  step "waiting for the pipeline to catch up with the topics' backlog"
  await_pipeline_caught_up 300

  local sim_duration=24h; [ "$duration" -gt 0 ] && sim_duration=${duration}s
  step "simulating $sensors sensors at $rate messages/s through HAProxy (its output: $dir/simulator.log)"
  java -jar "$TOOLS_JAR" --target "http://127.0.0.1:$VIGIL_LB_PORT" --sensors "$sensors" --rate "$rate" \
    --first-sensor-id "$first_sensor" --duration "$sim_duration" --record "$dir/sent.jsonl" "${simulator_args[@]}" \
    > "$dir/simulator.log" 2>&1 &
  DEMO_SIMULATOR=$!
  say "    the status line below comes from Prometheus and Kafka, every 3 s (Ctrl-C stops everything)"
  java -cp "$TOOLS_JAR" dev.vigil.tools.StatusLine --prometheus "http://127.0.0.1:$VIGIL_PROMETHEUS_PORT" \
    --kafka "127.0.0.1:$VIGIL_KAFKA_PORT" --group "$VIGIL_PIPELINE_GROUP" --topics "$VIGIL_READINGS_TOPIC" \
    --alarms-topic "$VIGIL_ALARMS_TOPIC" &
  DEMO_STATUS=$!
  wait "$DEMO_SIMULATOR"
  say "    simulator: $(grep -A1 '^summary' "$dir/simulator.log" | tr '\n' ' ')"
  kill "$DEMO_STATUS" 2>/dev/null
  step "waiting for the pipeline to finish what the gateways accepted"
  await_pipeline_caught_up 180
}

# Records on the pipeline's topics it has not yet processed and checkpointed: its consumer group's lag, or every
# record while the group has committed nothing; plus the alarms its mail branch (group $VIGIL_MAILER_GROUP) has not
# mailed yet. KafkaIO commits when a Flink checkpoint completes, and a completed checkpoint means every record before
# it went through every step, sinks included.
pipeline_backlog() {
  local rules mail
  rules=$(group_backlog "$VIGIL_PIPELINE_GROUP" "$VIGIL_READINGS_TOPIC") || return 1
  mail=$(group_backlog "$VIGIL_MAILER_GROUP" "$VIGIL_ALARMS_TOPIC") || return 1
  echo $(( rules + mail ))
}

# group_backlog GROUP TOPIC...: the group's lag on the topics, or all their records while it has committed nothing.
group_backlog() {
  local group=$1 lag topic total=0; shift
  lag=$(kafka_admin lag "$group" "$@") || return 1
  [ "$lag" != -1 ] && { echo "$lag"; return 0; }
  for topic in "$@"; do total=$(( total + $(kafka_admin count "$topic") )); done
  echo "$total"
}

# await_pipeline_caught_up SECONDS: waits until the backlog is 0, showing it as it shrinks.
await_pipeline_caught_up() {
  local backlog deadline=$(( $(date +%s) + $1 ))
  while [ "$(date +%s)" -lt "$deadline" ]; do
    backlog=$(pipeline_backlog 2>/dev/null)
    if [ "$backlog" = 0 ]; then ok "the pipeline has processed, mailed and checkpointed everything on its topics"; return 0; fi
    say "    pipeline backlog: ${backlog:-unknown} records"
    sleep 3
  done
  warn "the pipeline had not caught up after $1 s (backlog ${backlog:-unknown} records)"
}

demo_exit() {
  [ -n "${DEMO_SIMULATOR:-}" ] && kill "$DEMO_SIMULATOR" 2>/dev/null
  [ -n "${DEMO_STATUS:-}" ] && kill "$DEMO_STATUS" 2>/dev/null
  cat <<WHERE

${BOLD}Where to look${RESET} (while the stack runs: 'bin/vigil demo --keep' leaves it running; 'bin/vigil stack up' and
'bin/vigil stack up pipeline' start it again)
  alarms         Kafka topic $VIGIL_ALARMS_TOPIC at 127.0.0.1:$VIGIL_KAFKA_PORT (JSON, one event per RAISED / CLEARED)
  e-mails        curl http://127.0.0.1:$VIGIL_GREENMAIL_API_PORT/api/user/monitoring@vigil.local/messages/
  InfluxDB       curl -G http://127.0.0.1:$VIGIL_INFLUXDB_PORT/query --data-urlencode db=vigil \\
                   --data-urlencode "q=SELECT * FROM alarm_counts ORDER BY time DESC LIMIT 10"
  Prometheus     http://127.0.0.1:$VIGIL_PROMETHEUS_PORT/graph?g0.expr=vigil_pipeline_alarms_raised
  Grafana        provisioning in $VIGIL_HOME/grafana (no Grafana server is packaged for this machine)
  what was sent  $VIGIL_WORK/demo/sent.jsonl (every message and its HTTP status)
WHERE
  if [ "${DEMO_KEEP:-0}" = 1 ]; then
    ok "--keep: the stack and the pipeline stay up, without load; stop them with 'bin/vigil stack down'"
  elif [ -n "${DEMO_STARTED// /}" ]; then
    step "stopping what the demo started:$DEMO_STARTED"
    # shellcheck disable=SC2086
    stack_down $DEMO_STARTED
  else
    ok "the stack was already up before the demo: it stays up"
  fi
}
