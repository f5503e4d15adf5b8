# shellcheck shell=bash
# bin/vigil bench: benchmarks that compare Vigil with what users would compare it with, side by side in one run
# on one machine (absolute figures drift on shared machines; the ratios are what to read).

BENCH_JAR=$VIGIL_HOME/benchmarks/target/vigil-benchmarks.jar

# "${BENCH_JAVA[@]}" ARGS...: the benchmarks' Java side (payloads, parsing the tools' output, figures, reports). An
# array, not a function: started with '&', $! must be the JVM's PID, not a subshell's, so that kill stops the JVM.
BENCH_JAVA=(java -Xmx256m -XX:TieredStopAtLevel=1 -cp "$BENCH_JAR" dev.vigil.bench.Benchmarks)

require_bench_jar() {
  if [ ! -f "$BENCH_JAR" ]; then
    step "building the benchmarks"
    (cd "$VIGIL_HOME" && mvn -B -q -ntp -pl benchmarks -am package -DskipTests) || die "the benchmarks' build failed"
  fi
}

# The gateway against Kafka's own producer-perf-test on the same broker, same record size, same payloads.
bench_gateway() {
  local seconds=${VIGIL_BENCH_SECONDS:-20} connections=${VIGIL_BENCH_CONNECTIONS:-64}
  local records=${VIGIL_BENCH_RECORDS:-2000000} port=${VIGIL_BENCH_GATEWAY_PORT:-8181}
  local dir=$VIGIL_WORK/bench topic=vigil.bench report=$VIGIL_HOME/benchmarks/results/gateway-vs-producer.md
  local batches="1 100"   # readings per request of the runs straight to the gateway
  mkdir -p "$dir" "$(dirname "$report")"
  rm -f "$dir"/producer.log "$dir"/wrk-*.log
  command -v wrk > /dev/null || install_debian_packages
  require_bench_jar
  stack_up kafka
  if [ ! -f "$GATEWAY_JAR" ]; then
    step "building the gateway"
    (cd "$VIGIL_HOME" && mvn -B -q -ntp -pl ingest-gateway -am package -DskipTests) || die "the gateway build failed"
  fi
  kafka_admin delete-topics "$topic" > /dev/null 2>&1
  sleep 1
  kafka_admin create-topics "$topic:4" > /dev/null || die "cannot create topic $topic"

  # The payloads both sides send: readings as the gateway writes them to Kafka (with a timestamp).
  local size; size=$("${BENCH_JAVA[@]}" gateway --dir "$dir" payloads) || die "cannot write the payloads"
  local figures=(gateway --dir "$dir" --batch "${batches// /,}")

  step "1/4 Kafka's producer-perf-test: $records records of ~$size bytes, acks=all, idempotent, lz4, linger 5 ms"
  java -Xmx512m -cp "$(server_classpath kafka)" org.apache.kafka.tools.ProducerPerformance --topic "$topic" \
    --num-records "$records" --throughput -1 --payload-file "$dir/payloads.txt" \
    --producer-props "bootstrap.servers=127.0.0.1:$VIGIL_KAFKA_PORT" acks=all enable.idempotence=true \
      linger.ms=5 batch.size=65536 compression.type=lz4 max.in.flight.requests.per.connection=5 \
    > "$dir/producer.log" 2>&1 || die "producer-perf-test failed; see $dir/producer.log"
  say "    $("${BENCH_JAVA[@]}" "${figures[@]}" show --log producer.log)"

  step "starting a benchmark gateway on 127.0.0.1:$port, writing to topic $topic"
  require_free_port "benchmark gateway" "$port" VIGIL_BENCH_GATEWAY_PORT
  spawn bench-gateway "$dir/gateway.log" java "-Dvigil.server=bench-gateway@$VIGIL_WORK" -Xms256m -Xmx512m \
    -XX:+UseG1GC -jar "$GATEWAY_JAR" --port "$port" --bootstrap-servers "127.0.0.1:$VIGIL_KAFKA_PORT" \
    --readings-topic "$topic"
  local gw_pid; gw_pid=$(live_pid bench-gateway "-Dvigil.server=bench-gateway@$VIGIL_WORK")
  wait_until bench-gateway 60 "$dir/gateway.log" "$gw_pid" http_ok "http://127.0.0.1:$port/health/ready"

  local batch n=2
  for batch in $batches; do
    step "$n/4 wrk: ${seconds}s, $connections connections, $batch reading(s) per request, straight to the gateway"
    BATCH=$batch wrk -t1 -c"$connections" -d"${seconds}s" --timeout 10s -s "$VIGIL_HOME/benchmarks/wrk/readings.lua" \
      "http://127.0.0.1:$port" > "$dir/wrk-$batch.log" 2>&1 || die "wrk failed; see $dir/wrk-$batch.log"
    say "    $("${BENCH_JAVA[@]}" "${figures[@]}" show --log "wrk-$batch.log")"
    n=$((n + 1))
  done
  stop_pid bench-gateway "$gw_pid" 30
  # Honesty check: the topic holds exactly what both sides say they wrote (the producer's records and the
  # readings the gateway answered 202 for), so no figure above counts work that did not reach Kafka.
  local in_topic line
  in_topic=$(kafka_admin count "$topic") || die "cannot count the records in $topic"
  line=$("${BENCH_JAVA[@]}" "${figures[@]}" check --in-topic "$in_topic") \
    || die "the figures are not to be trusted (see above)"
  say "    $topic: $line"

  step "4/4 wrk through HAProxy to both stack replicas: ${seconds}s, 1 reading per request"
  stack_up gateways lb > /dev/null
  BATCH=1 wrk -t1 -c"$connections" -d"${seconds}s" --timeout 10s -s "$VIGIL_HOME/benchmarks/wrk/readings.lua" \
    "http://127.0.0.1:$VIGIL_LB_PORT" > "$dir/wrk-lb.log" 2>&1 || die "wrk failed; see $dir/wrk-lb.log"
  say "    $("${BENCH_JAVA[@]}" "${figures[@]}" show --log wrk-lb.log)"
  kafka_admin delete-topics "$topic" > /dev/null 2>&1

  say
  "${BENCH_JAVA[@]}" "${figures[@]}" report --in-topic "$in_topic" --topic "$topic" --connections "$connections" \
    --seconds "$seconds" --output "$report" || die "cannot write the report"
  say
  ok "written to ${report#"$VIGIL_HOME"/}"
}

# The servers under the pipeline, as "name=pid" words (the pipeline and the engine clusters are metered apart).
platform_pids() {
  local s name marker pid
  for s in $ALL_SERVERS; do
    while read -r name marker; do
      pid=$(live_pid "$name" "$marker") && echo "$name=$pid"
    done < <(server_processes "$s")
  done
}

# The whole platform under the simulator: HTTP through HAProxy, gateways, Kafka, the pipeline on embedded Flink,
# alarms and InfluxDB, for minutes; then a shorter run with batched requests, reported separately; then the same
# load on each engine of VIGIL_BENCH_ENGINES (profiles/), one after the other, for the side-by-side rows.
bench_e2e() {
  local minutes=${VIGIL_BENCH_MINUTES:-10} rate=${VIGIL_BENCH_RATE:-5000} sensors=${VIGIL_BENCH_SENSORS:-20000}
  local batch_minutes=${VIGIL_BENCH_BATCH_MINUTES:-3} batch_rate=${VIGIL_BENCH_BATCH_RATE:-20000}
  local engines=${VIGIL_BENCH_ENGINES-flink-embedded flink-cluster spark-standalone}
  local engine_minutes=${VIGIL_BENCH_ENGINE_MINUTES:-3} engine_rate=${VIGIL_BENCH_ENGINE_RATE:-5000}
  local warm_up=${VIGIL_BENCH_WARMUP_SECONDS:-60}
  local dir=$VIGIL_WORK/bench/e2e report=$VIGIL_HOME/benchmarks/results/end-to-end.md
  mkdir -p "$dir" "$(dirname "$report")"
  rm -f "$dir"/phase-*.env "$dir"/cpu-*.txt
  if [ ! -f "$PIPELINE_JAR" ] || [ ! -f "$RUNNERS_JAR" ] || [ ! -f "$TOOLS_JAR" ] || [ ! -f "$GATEWAY_JAR" ] || [ ! -f "$BENCH_JAR" ]; then
    step "building Vigil"
    (cd "$VIGIL_HOME" && mvn -B -q -ntp package -DskipTests) || die "the build failed"
  fi
  stack_up
  step "loading the customers"
  java -cp "$TOOLS_JAR" dev.vigil.tools.customers.LoadCustomers --port "$VIGIL_CASSANDRA_PORT" --customers 50000 \
    > "$dir/load-customers.log" 2>&1 || die "loading the customers failed; see $dir/load-customers.log"
  # Consumer groups of their own, from the topics' end: the benchmark measures its own load, not the topics' history.
  # A cluster job is named after its group: a Spark job's checkpoint folder is its name's, and must be new.
  local group; group=vigil-bench-$(date +%s)
  local ran=()
  if [ "$minutes" -gt 0 ] || [ "$batch_minutes" -gt 0 ]; then
    e2e_engine_start flink-embedded "$group"
    if [ "$minutes" -gt 0 ]; then
      e2e_phase single "$rate" 1 $((minutes * 60)) "$group" flink-embedded; ran+=(single)
    fi
    if [ "$batch_minutes" -gt 0 ]; then
      e2e_phase batched "$batch_rate" 20 $((batch_minutes * 60)) "$group" flink-embedded; ran+=(batched)
    fi
    e2e_engine_stop flink-embedded
  fi
  local profile
  for profile in $engines; do
    e2e_engine_start "$profile" "$group-$profile"
    e2e_phase "on-$profile" "$engine_rate" 20 $((engine_minutes * 60)) "$group-$profile" "$profile"
    ran+=("on-$profile")
    e2e_engine_stop "$profile"
  done
  say
  "${BENCH_JAVA[@]}" e2e --dir "$dir" report --sensors "$sensors" --warm-up-seconds "$warm_up" --output "$report" \
    "${ran[@]}" \
    || die "cannot write the report"
  say
  ok "written to ${report#"$VIGIL_HOME"/}"
}

# e2e_engine_start PROFILE GROUP: the pipeline on PROFILE's engine, reading as consumer group GROUP from the topics'
# end, ready to meter. Embedded Flink runs as the stack's pipeline server; on a cluster (started for the run if it is
# not up) Submit submits detached and prints the id that e2e_engine_stop cancels. Sets ENGINE_PIDS (the engine's
# processes, metered as "pipeline"), ENGINE_ID, ENGINE_STARTED_CLUSTER and SUBMIT_SECONDS.
e2e_engine_start() {
  local profile=$1 group=$2 start cluster=
  case $profile in
    flink-embedded) ;;
    flink-cluster) cluster=flink ;;
    spark-standalone) cluster=spark ;;
    # spark-local runs in the foreground (it would hold the benchmark up); spark-yarn needs the yarn server's queue.
    *) die "bench e2e knows no engine '$profile'; VIGIL_BENCH_ENGINES takes flink-embedded, flink-cluster, spark-standalone" ;;
  esac
  ENGINE_STARTED_CLUSTER=
  if [ -n "$cluster" ] && ! server_running "$cluster"; then stack_up "$cluster" > /dev/null; ENGINE_STARTED_CLUSTER=$cluster; fi
  step "the pipeline on $profile (consumer group $group)"
  start=$(date +%s)
  if [ "$profile" = flink-embedded ]; then
    stack_down pipeline > /dev/null
    VIGIL_PIPELINE_ARGS="--kafkaGroupId=$group --kafkaStartFrom=latest ${VIGIL_PIPELINE_ARGS:-}" stack_up pipeline > /dev/null
    ENGINE_ID=pipeline
  else
    local out=$VIGIL_WORK/bench/e2e/submit-$profile.log
    # shellcheck disable=SC2046 # the edge options are words
    java -jar "$RUNNERS_JAR" --profile "$profile" --jar "$PIPELINE_JAR" -- $(pipeline_edge_args) \
      --kafkaGroupId="$group" --kafkaStartFrom=latest --jobName="$group" > "$out" 2>&1 \
      || die "the pipeline could not be submitted to $profile; see $out"
    sed 's/^/    /' "$out"
    # Submit prints "job id: ID (name)" for Flink and "driver: ID (...)" for a standalone Spark driver.
    ENGINE_ID=$(sed -n 's/^\(job id\|driver\): *\([^ ]*\).*/\2/p' "$out" | tail -n 1)
    [ -n "$ENGINE_ID" ] || die "Submit printed no job or driver id; see $out"
  fi
  SUBMIT_SECONDS=$(( $(date +%s) - start ))
  # The readers take their position at the topics' end once running: load sent before would not be counted.
  local waited=0
  while [ "$(kafka_admin lag "$group" "$VIGIL_READINGS_TOPIC")" = -1 ] && [ $waited -lt 120 ]; do
    sleep 5; waited=$((waited + 5))
  done
  [ $waited -lt 120 ] || warn "$profile committed no offset in 120 s: the processed figures count from its first commit"
  ENGINE_PIDS=$(e2e_engine_pids "$profile")
  ok "running ${SUBMIT_SECONDS}s after the submission; first offsets committed ${waited}s later"
}

# e2e_engine_pids PROFILE: "pipeline=pid" words of the processes running PROFILE's pipeline (a Spark worker's
# drivers and executors are its child JVMs).
e2e_engine_pids() {
  local name marker pid child
  case $1 in
    flink-embedded) echo "pipeline=$(live_pid pipeline "$(pipeline_marker)")" ;;
    flink-cluster) while read -r name marker; do
        pid=$(live_pid "$name" "$marker") && echo "pipeline=$pid"
      done < <(flink_processes) ;;
    spark-standalone) while read -r name marker; do
        pid=$(live_pid "$name" "$marker") || continue
        echo "pipeline=$pid"
        for child in $(pgrep -P "$pid"); do echo "pipeline=$child"; done
      done < <(spark_processes) ;;
  esac
}

e2e_engine_stop() {
  local profile=$1
  if [ "$profile" = flink-embedded ]; then
    stack_down pipeline > /dev/null
  else
    java -cp "$RUNNERS_JAR" dev.vigil.runners.Cancel --profile "$profile" "$ENGINE_ID" | sed 's/^/    /' \
      || warn "could not stop $ENGINE_ID on $profile"
  fi
  [ -z "$ENGINE_STARTED_CLUSTER" ] || stack_down "$ENGINE_STARTED_CLUSTER" > /dev/null
}

# e2e_phase NAME RATE BATCH SECONDS GROUP PROFILE: the simulator (bench_e2e's sensors) through HAProxy at RATE
# messages/s, BATCH per request, for SECONDS, against the engine running PROFILE (ENGINE_PIDS) as GROUP; then waits
# for the pipeline to catch up and writes the phase's figures (phase-NAME.env and the tools' logs) to the run's folder.
e2e_phase() {
  local phase=$1 target=$2 batch=$3 secs=$4 group=$5 engine=$6 dir=$VIGIL_WORK/bench/e2e
  step "$phase: $target readings/s ($batch per request) from $sensors sensors through HAProxy for ${secs}s"
  local metered; metered=$( (platform_pids; echo "$ENGINE_PIDS") | tr '\n' ',')
  java -cp "$TOOLS_JAR" dev.vigil.tools.AlarmLatency --kafka "127.0.0.1:$VIGIL_KAFKA_PORT" --topic "$VIGIL_ALARMS_TOPIC" \
    --seconds $((secs + 20)) --quiet-seconds 30 --max-seconds $((secs + 320)) --skip-seconds "$warm_up" \
    > "$dir/latency-$phase.log" 2>&1 &
  local latency_pid=$!
  java -cp "$TOOLS_JAR" dev.vigil.tools.StatusLine --prometheus "http://127.0.0.1:$VIGIL_PROMETHEUS_PORT" \
    --kafka "127.0.0.1:$VIGIL_KAFKA_PORT" --group "$group" --topics "$VIGIL_READINGS_TOPIC" \
    --alarms-topic "$VIGIL_ALARMS_TOPIC" --every 10 > "$dir/status-$phase.log" 2>&1 &
  local status_pid=$!
  local t0; t0=$(date +%s)
  java -Xmx1g -jar "$TOOLS_JAR" --target "http://127.0.0.1:$VIGIL_LB_PORT" --sensors "$sensors" \
    --first-sensor-id 1 --rate "$target" --batch "$batch" --connections 128 --duration "${secs}s" \
    --seed 42 --motion-rate 0.001 --smoke-rate 0.002 --heat-rate 0.002 > "$dir/simulator-$phase.log" 2>&1 &
  local sim_pid=$!
  # The load generator and the measuring tools are metered too: they share the 2 cores with the platform.
  "${BENCH_JAVA[@]}" e2e --dir "$dir" cpu-meter --phase "$phase" --every 10 --from-start "${metered%,}" \
    --whole "simulator=$sim_pid,measuring-tools=$latency_pid,measuring-tools=$status_pid" --self measuring-tools \
    > "$dir/cpu-meter-$phase.log" 2>&1 &
  local meter_pid=$!
  while kill -0 "$sim_pid" 2>/dev/null; do
    sleep 10
    say "    [$(( $(date +%s) - t0 ))s] $(tail -n 1 "$dir/status-$phase.log")"
  done
  local lag_end lag_left; lag_end=$(kafka_admin lag "$group" "$VIGIL_READINGS_TOPIC")
  local drained_in=0
  lag_left=$lag_end
  while [ "$lag_left" != 0 ] && [ $drained_in -lt 300 ]; do
    sleep 5; drained_in=$((drained_in + 5))
    lag_left=$(kafka_admin lag "$group" "$VIGIL_READINGS_TOPIC")
  done
  wait "$latency_pid"; kill "$status_pid" "$meter_pid" 2>/dev/null; wait "$meter_pid" 2>/dev/null
  printf 'target=%s\nbatch=%s\nseconds=%s\nlag=%s\ndrained=%s\nlag_left=%s\nengine=%s\nsubmit_seconds=%s\n' \
    "$target" "$batch" "$secs" "$lag_end" "$drained_in" "$lag_left" "$engine" "$SUBMIT_SECONDS" \
    > "$dir/phase-$phase.env"
  "${BENCH_JAVA[@]}" e2e --dir "$dir" phase "$phase" || die "the $phase run's figures are missing; see the logs in $dir"
}

# All three benchmarks in one run, and one report: a summary table on top, each benchmark's own table below.
bench_report() {
  local results=$VIGIL_HOME/benchmarks/results report=$VIGIL_HOME/benchmarks/results/REPORT.md start; start=$(now_ms)
  step "building Vigil and its benchmarks"
  (cd "$VIGIL_HOME" && mvn -B -q -ntp package -DskipTests) || die "the build failed"
  step "benchmark 1 of 3: the gateway against Kafka's producer-perf-test"
  bench_gateway
  step "benchmark 2 of 3: Vigil's rules on Beam against the same rules as a native Flink job"
  stack_up kafka
  java -jar "$BENCH_JAR" beam-vs-native --bootstrap-servers "127.0.0.1:$VIGIL_KAFKA_PORT" \
    --output "$results/beam-vs-native.md" || die "beam-vs-native failed (see above)"
  step "benchmark 3 of 3: end to end"
  bench_e2e
  say
  "${BENCH_JAVA[@]}" report --results "$results" --took "$(elapsed "$start")" --output "$report" \
    || die "cannot write the report"
  say
  ok "written to ${report#"$VIGIL_HOME"/} in $(elapsed "$start")"
}
