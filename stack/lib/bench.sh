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

# The processes of the platform, as "name=pid" words.
platform_pids() {
  local s name marker pid
  for s in $ALL_SERVERS $APP_SERVERS; do
    while read -r name marker; do
      pid=$(live_pid "$name" "$marker") && echo "$name=$pid"
    done < <(server_processes "$s")
  done
}

# The whole platform under the simulator: HTTP through HAProxy, gateways, Kafka, the pipeline on embedded Flink,
# alarms and InfluxDB, for minutes; then a shorter run with batched requests, reported separately.
bench_e2e() {
  local minutes=${VIGIL_BENCH_MINUTES:-10} rate=${VIGIL_BENCH_RATE:-5000} sensors=${VIGIL_BENCH_SENSORS:-20000}
  local batch_minutes=${VIGIL_BENCH_BATCH_MINUTES:-3} batch_rate=${VIGIL_BENCH_BATCH_RATE:-20000}
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
  # A consumer group of its own, from the topics' end: the benchmark measures its own load, not the topics' history.
  local group; group=vigil-bench-$(date +%s)
  stack_down pipeline > /dev/null
  VIGIL_PIPELINE_ARGS="--kafkaGroupId=$group --kafkaStartFrom=latest ${VIGIL_PIPELINE_ARGS:-}" stack_up pipeline
  local phase ran=()
  for phase in single batched; do
    local secs batch target
    if [ $phase = single ]; then secs=$((minutes * 60)); batch=1; target=$rate
    else secs=$((batch_minutes * 60)); batch=20; target=$batch_rate; fi
    [ "$secs" -gt 0 ] || continue
    step "$phase: $target readings/s ($batch per request) from $sensors sensors through HAProxy for ${secs}s"
    local platform; platform=$(platform_pids | tr '\n' ',')
    java -cp "$TOOLS_JAR" dev.vigil.tools.AlarmLatency --kafka "127.0.0.1:$VIGIL_KAFKA_PORT" --topic "$VIGIL_ALARMS_TOPIC" \
      --seconds $((secs + 20)) --skip-seconds "$warm_up" > "$dir/latency-$phase.log" 2>&1 &
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
    "${BENCH_JAVA[@]}" e2e --dir "$dir" cpu-meter --phase "$phase" --every 10 --from-start "${platform%,}" \
      --whole "simulator=$sim_pid,measuring-tools=$latency_pid,measuring-tools=$status_pid" --self measuring-tools \
      > "$dir/cpu-meter-$phase.log" 2>&1 &
    local meter_pid=$!
    while kill -0 "$sim_pid" 2>/dev/null; do
      sleep 10
      say "    [$(( $(date +%s) - t0 ))s] $(tail -n 1 "$dir/status-$phase.log")"
    done
    local lag_end; lag_end=$(kafka_admin lag "$group" "$VIGIL_READINGS_TOPIC")
    local drained_in=0
    while [ "$(kafka_admin lag "$group" "$VIGIL_READINGS_TOPIC")" != 0 ] && [ $drained_in -lt 300 ]; do
      sleep 5; drained_in=$((drained_in + 5))
    done
    wait "$latency_pid"; kill "$status_pid" "$meter_pid" 2>/dev/null; wait "$meter_pid" 2>/dev/null
    printf 'target=%s\nbatch=%s\nseconds=%s\nlag=%s\ndrained=%s\n' "$target" "$batch" "$secs" "$lag_end" \
      "$drained_in" > "$dir/phase-$phase.env"
    "${BENCH_JAVA[@]}" e2e --dir "$dir" phase "$phase" \
      || die "the $phase run's figures are missing; see the logs in $dir"
    ran+=("$phase")
  done
  say
  "${BENCH_JAVA[@]}" e2e --dir "$dir" report --sensors "$sensors" --warm-up-seconds "$warm_up" --output "$report" \
    "${ran[@]}" \
    || die "cannot write the report"
  stack_down pipeline > /dev/null
  say
  ok "written to ${report#"$VIGIL_HOME"/}"
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
