# shellcheck shell=bash
# bin/vigil's commands: stack up/down/status/env, test and demo.

# Servers in start order; 'down' goes the other way. Gateways need Kafka; the load balancers and Prometheus
# check the gateways.
servers_or_all() { if [ $# -gt 0 ]; then echo "$*"; else echo "$ALL_SERVERS"; fi; }

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
      if "${s}_ready"; then ok "$s already up: $("${s}_url")"; continue; fi
      step "$s is running but not ready yet: waiting"
      wait_until "$s" 60 "$("${s}_log")" "" "${s}_ready"
    else
      stop_server_quietly "$s"   # a half-started server (one of its processes died) starts again whole
      step "starting $s"
      "${s}_start"
    fi
    ok "$s ready in $(elapsed "$start"): $("${s}_url")"
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
    if [ "$state" = up ] && ! "${s}_ready"; then state=unhealthy; fi
    [ -z "$pids" ] && state=down
    [ "$state" = up ] && healthy=$((healthy + 1)); count=$((count + 1))
    printf '%-11s %-10s %-16s %s\n' "$s" "$state" "${pids%,}" "$("${s}_url")"
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

${BOLD}Built so far${RESET}: the local stack of real servers and the ingest gateway (two replicas behind HAProxy
and nginx). ${YELLOW}Not built yet${RESET}: the alarm pipeline, the customer loader and the sensor simulator.
Until they land, post a reading yourself:

  curl -i -H 'Content-Type: application/json' http://127.0.0.1:$VIGIL_LB_PORT/v1/readings \\
       -d '{"sensorId":"42959","motion":true,"smoke":false,"temperature":25.5,"maxTemperature":30}'

Where to look: Prometheus $(prometheus_url) (try the query 'up'), HAProxy stats
http://127.0.0.1:$VIGIL_HAPROXY_STATS_PORT/stats, the mailbox API http://127.0.0.1:$VIGIL_GREENMAIL_API_PORT/api/user,
InfluxDB $(influxdb_url)/query?q=SHOW+DATABASES, Grafana provisioning in $VIGIL_HOME/grafana.
DEMO
  if [ "$duration" -gt 0 ]; then
    say "The stack stops in ${duration}s (Ctrl-C stops it sooner)."; sleep "$duration"
  else
    say "Press Ctrl-C to stop the stack."; while true; do sleep 3600; done
  fi
}
