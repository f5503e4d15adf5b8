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
    else
      stop_server_quietly "$s"   # a half-started server (one of its processes died) starts again whole
      step "starting $s"
      server_do "$s" start
    fi
    ok "$s ready in $(elapsed "$start"): $(server_do "$s" url)"
  done
  say "${BOLD}stack up${RESET} in $(elapsed "$total") (logs and data under $VIGIL_WORK)"
}

stop_server_quietly() {
  local name marker pid
  while read -r name marker; do
    pid=$(live_pid "$name" "$marker") && stop_pid "$name" "$pid"
    rm -f "$(pid_file "$name")"
  done < <(server_processes "$1")
}

stack_down() {
  local servers s name marker pid stopped=0 order=""; servers=$(servers_or_all "$@")
  for s in $servers; do order="$s $order"; done
  for s in $order; do
    while read -r name marker; do
      pid=$(live_pid "$name" "$marker") || { rm -f "$(pid_file "$name")"; continue; }
      say "    stopping $name (pid $pid)"
      stop_pid "$name" "$pid" 60
      stopped=$((stopped + 1))
    done < <(server_processes "$s")
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
  printf '%-11s %-10s %-16s %s\n' SERVER STATE PIDS ADDRESS
  for s in $ALL_SERVERS; do
    pids=; state=up
    while read -r name marker; do
      if pid=$(live_pid "$name" "$marker"); then pids="$pids$pid,"; else state=down; fi
    done < <(server_processes "$s")
    if [ "$state" = up ] && ! server_do "$s" ready; then state=unhealthy; fi
    [ -z "$pids" ] && state=down
    [ "$state" = up ] && healthy=$((healthy + 1)); count=$((count + 1))
    printf '%-11s %-10s %-16s %s\n' "$s" "$state" "${pids%,}" "$(server_do "$s" url)"
  done
  say "$healthy of $count servers up. Logs: $VIGIL_WORK/<server>/logs"
  [ "$healthy" -eq "$count" ]
}

stack_env() {
  env | grep -E '^VIGIL_[A-Z0-9_]+_PORT=' | sort | sed 's/^/export /'
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

SIMULATOR_JAR=$VIGIL_HOME/tests/target/vigil-simulator.jar

run_simulator() {
  if [ ! -f "$SIMULATOR_JAR" ]; then
    step "building the simulator"
    (cd "$VIGIL_HOME" && mvn -B -q -ntp -pl tests -am package -DskipTests) || die "the build failed; run 'mvn -B package -DskipTests' to see why"
  fi
  java -jar "$SIMULATOR_JAR" "$@"
}

run_demo() {
  local duration=${VIGIL_DEMO_SECONDS:-0}
  [ "${1:-}" = "--duration" ] && duration=$2
  step "building Vigil (mvn package, no tests)"
  (cd "$VIGIL_HOME" && mvn -B -q -ntp package -DskipTests) || die "the build failed; run 'mvn -B package -DskipTests' to see why"
  trap 'say; step "stopping the stack"; stack_down' EXIT
  trap 'exit 130' INT TERM
  stack_up
  stack_status || true
  cat <<DEMO

${BOLD}Built so far${RESET}: the local stack of real servers, the ingest gateway (two replicas behind HAProxy and
nginx) and the sensor simulator. ${YELLOW}Not wired into the demo yet${RESET}: the alarm pipeline's I/O (Kafka in and
out, customers from Cassandra, InfluxDB, e-mail) and the customer loader, so no alarms are raised here yet.

Where to look while it runs: Prometheus $(prometheus_url) (query: rate(vigil_gateway_readings_accepted_total[1m])),
HAProxy stats http://127.0.0.1:$VIGIL_HAPROXY_STATS_PORT/stats, the readings on Kafka topic vigil.readings at
127.0.0.1:$VIGIL_KAFKA_PORT, the mailbox API http://127.0.0.1:$VIGIL_GREENMAIL_API_PORT/api/user, InfluxDB
$(influxdb_url), Grafana provisioning in $VIGIL_HOME/grafana.

DEMO
  local sim_duration=24h; [ "$duration" -gt 0 ] && sim_duration=${duration}s
  step "simulating ${VIGIL_DEMO_SENSORS:-2000} sensors at ${VIGIL_DEMO_RATE:-400} readings/s through HAProxy (Ctrl-C stops everything)"
  java -jar "$SIMULATOR_JAR" --target "http://127.0.0.1:$VIGIL_LB_PORT" --sensors "${VIGIL_DEMO_SENSORS:-2000}" \
    --rate "${VIGIL_DEMO_RATE:-400}" --duration "$sim_duration" --motion-rate 0.001 --smoke-rate 0.001 --heat-rate 0.001
}
