# shellcheck shell=bash
# bin/vigil bench: benchmarks that compare Vigil with what users would compare it with, side by side in one run
# on one machine (absolute figures drift on shared machines; the ratios are what to read).

machine_line() {
  printf '%s cores (%s), %s GiB RAM, %s, %s' "$(nproc)" \
    "$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1)" \
    "$(awk '/MemTotal/ {printf "%.0f", $2 / 1048576}' /proc/meminfo)" \
    "$(java -version 2>&1 | head -1 | sed 's/"//g')" "$(uname -sr)"
}

# The gateway against Kafka's own producer-perf-test on the same broker, same record size, same payloads.
bench_gateway() {
  local seconds=${VIGIL_BENCH_SECONDS:-20} connections=${VIGIL_BENCH_CONNECTIONS:-64}
  local records=${VIGIL_BENCH_RECORDS:-2000000} port=${VIGIL_BENCH_GATEWAY_PORT:-8181}
  local dir=$VIGIL_WORK/bench topic=vigil.bench report=$VIGIL_HOME/benchmarks/results/gateway-vs-producer.md
  mkdir -p "$dir" "$(dirname "$report")"
  command -v wrk > /dev/null || install_debian_packages
  stack_up kafka
  if [ ! -f "$GATEWAY_JAR" ]; then
    step "building the gateway"
    (cd "$VIGIL_HOME" && mvn -B -q -ntp -pl ingest-gateway -am package -DskipTests) || die "the gateway build failed"
  fi
  kafka_admin delete-topics "$topic" > /dev/null 2>&1
  sleep 1
  kafka_admin create-topics "$topic:4" > /dev/null || die "cannot create topic $topic"

  # The payloads both sides send: readings as the gateway writes them to Kafka (with a timestamp).
  awk -v n=20000 'BEGIN { srand(7); for (i = 0; i < n; i++) { max = 30 + int(rand() * 31);
      printf "{\"sensorId\":\"%d\",\"motion\":false,\"smoke\":%s,\"temperature\":%.1f,\"maxTemperature\":%.1f,\"timestamp\":%d}\n",
        1 + int(rand() * 100000), (rand() < 0.01 ? "true" : "false"), max - 10 + rand() * 8, max, 1795334400000 + i }
    }' > "$dir/payloads.txt"
  local size; size=$(awk '{ n += length($0) } END { printf "%d", n / NR }' "$dir/payloads.txt")

  step "1/4 Kafka's producer-perf-test: $records records of ~$size bytes, acks=all, idempotent, lz4, linger 5 ms"
  java -Xmx512m -cp "$(server_classpath kafka)" org.apache.kafka.tools.ProducerPerformance --topic "$topic" \
    --num-records "$records" --throughput -1 --payload-file "$dir/payloads.txt" \
    --producer-props "bootstrap.servers=127.0.0.1:$VIGIL_KAFKA_PORT" acks=all enable.idempotence=true \
      linger.ms=5 batch.size=65536 compression.type=lz4 max.in.flight.requests.per.connection=5 \
    > "$dir/producer.log" 2>&1 || die "producer-perf-test failed; see $dir/producer.log"
  local final; final=$(grep 'records sent' "$dir/producer.log" | tail -1)
  say "    $final"
  local producer_rate producer_p50 producer_p99
  producer_rate=$(sed -E 's/.* ([0-9.]+) records\/sec.*/\1/' <<< "$final")
  producer_p50=$(sed -E 's/.* ([0-9]+) ms 50th.*/\1/' <<< "$final")
  producer_p99=$(sed -E 's/.* ([0-9]+) ms 99th.*/\1/' <<< "$final")

  step "starting a benchmark gateway on 127.0.0.1:$port, writing to topic $topic"
  require_free_port "benchmark gateway" "$port" VIGIL_BENCH_GATEWAY_PORT
  spawn bench-gateway "$dir/gateway.log" java "-Dvigil.server=bench-gateway@$VIGIL_WORK" -Xms256m -Xmx512m \
    -XX:+UseG1GC -jar "$GATEWAY_JAR" --port "$port" --bootstrap-servers "127.0.0.1:$VIGIL_KAFKA_PORT" \
    --readings-topic "$topic" --recoveries-topic "$topic"
  local gw_pid; gw_pid=$(live_pid bench-gateway "-Dvigil.server=bench-gateway@$VIGIL_WORK")
  wait_until bench-gateway 60 "$dir/gateway.log" "$gw_pid" http_ok "http://127.0.0.1:$port/health/ready"

  local results=() batch
  local n=2
  for batch in 1 100; do
    step "$n/4 wrk: ${seconds}s, $connections connections, $batch reading(s) per request, straight to the gateway"
    BATCH=$batch wrk -t1 -c"$connections" -d"${seconds}s" --timeout 10s -s "$VIGIL_HOME/benchmarks/wrk/readings.lua" \
      "http://127.0.0.1:$port" > "$dir/wrk-$batch.log" 2>&1 || die "wrk failed; see $dir/wrk-$batch.log"
    results+=("$batch $(grep '^BENCH' "$dir/wrk-$batch.log")")
    say "    $(grep '^BENCH' "$dir/wrk-$batch.log")"
    n=$((n + 1))
  done
  stop_pid bench-gateway "$gw_pid" 30
  # Honesty check: the topic holds exactly what both sides say they wrote (the producer's records and the
  # readings the gateway answered 202 for), so no figure above counts work that did not reach Kafka.
  local in_topic claimed=$records line accepted_requests
  in_topic=$(kafka_admin count "$topic") || die "cannot count the records in $topic"
  for line in "${results[@]}"; do   # "BATCH BENCH requests=... non2xx=..."
    accepted_requests=$(( $(sed -E 's/.*requests=([0-9]+).*/\1/' <<< "$line") - $(sed -E 's/.*non2xx=([0-9]+).*/\1/' <<< "$line") ))
    claimed=$(( claimed + accepted_requests * ${line%% *} ))
  done
  if [ "$in_topic" -lt "$claimed" ]; then
    die "the topic holds $in_topic records but the producer and the gateway claim $claimed: the figures are not to be trusted"
  fi
  say "    $topic holds $in_topic records: the producer's $records + the readings the gateway accepted (claimed $claimed)"

  step "4/4 wrk through HAProxy to both stack replicas: ${seconds}s, 1 reading per request"
  stack_up gateways lb > /dev/null
  BATCH=1 wrk -t1 -c"$connections" -d"${seconds}s" --timeout 10s -s "$VIGIL_HOME/benchmarks/wrk/readings.lua" \
    "http://127.0.0.1:$VIGIL_LB_PORT" > "$dir/wrk-lb.log" 2>&1 || die "wrk failed; see $dir/wrk-lb.log"
  results+=("lb $(grep '^BENCH' "$dir/wrk-lb.log")")
  say "    $(grep '^BENCH' "$dir/wrk-lb.log")"
  kafka_admin delete-topics "$topic" > /dev/null 2>&1

  {
    echo "# Gateway against Kafka's producer-perf-test"
    echo
    echo "Run $(date -u '+%Y-%m-%d %H:%M UTC') with \`bin/vigil bench gateway\` on: $(machine_line)."
    echo "Everything on this one machine: broker, gateway, load generator. Records of ~$size bytes (JSON readings),"
    echo "acks=all, idempotent producer, lz4, linger 5 ms on both sides. wrk: 1 thread, $connections connections, ${seconds}s."
    echo "The stack's replicas write to \`vigil.readings\` (so the benchmark feeds a running pipeline, if any)."
    echo "Checked after the run: topic \`$topic\` held $in_topic records, at least the $claimed that the producer and"
    echo "the gateway (202s x readings per request) claimed."
    echo
    echo "| what | requests/s | readings/s | vs producer | p50 | p99 | non-2xx | socket errors |"
    echo "|---|---|---|---|---|---|---|---|"
    printf '| Kafka producer-perf-test | | %.0f | 1.00 | %s ms | %s ms | | |\n' "$producer_rate" "$producer_p50" "$producer_p99"
    local line what req dur non2xx errs p50 p99 rps readings
    for line in "${results[@]}"; do
      what=${line%% *}
      req=$(sed -E 's/.*requests=([0-9]+).*/\1/' <<< "$line"); dur=$(sed -E 's/.*duration_us=([0-9]+).*/\1/' <<< "$line")
      non2xx=$(sed -E 's/.*non2xx=([0-9]+).*/\1/' <<< "$line"); errs=$(sed -E 's/.* errors=([0-9]+).*/\1/' <<< "$line")
      p50=$(sed -E 's/.*p50_us=([0-9]+).*/\1/' <<< "$line"); p99=$(sed -E 's/.*p99_us=([0-9]+).*/\1/' <<< "$line")
      rps=$(awk -v r="$req" -v d="$dur" 'BEGIN { printf "%.0f", r / (d / 1e6) }')
      case $what in
        lb) label="gateway x2 via HAProxy, 1 reading/request"; batch=1 ;;
        *) label="gateway, $what reading(s)/request"; batch=$what ;;
      esac
      readings=$(awk -v r="$req" -v e="$non2xx" -v d="$dur" -v b="$batch" 'BEGIN { printf "%.0f", (r - e) * b / (d / 1e6) }')
      printf '| %s | %s | %s | %.2f | %.1f ms | %.1f ms | %s | %s |\n' "$label" "$rps" "$readings" \
        "$(awk -v a="$readings" -v b="$producer_rate" 'BEGIN { print a / b }')" \
        "$(awk -v v="$p50" 'BEGIN { print v / 1000 }')" "$(awk -v v="$p99" 'BEGIN { print v / 1000 }')" "$non2xx" "$errs"
    done
  } > "$report"
  say
  cat "$report"
  say
  ok "written to ${report#"$VIGIL_HOME"/}"
}

# CPU seconds a process (and its threads) has used so far, from /proc/PID/stat (utime + stime).
cpu_seconds() {
  local ticks; ticks=$(getconf CLK_TCK)
  awk -v t="$ticks" '{ sub(/^[^)]*\) /, ""); printf "%.2f", ($12 + $13) / t }' "/proc/$1/stat" 2>/dev/null || echo 0
}

# The processes of the platform, as "name pid" lines.
platform_pids() {
  local s name marker pid
  for s in $ALL_SERVERS $APP_SERVERS; do
    while read -r name marker; do
      pid=$(live_pid "$name" "$marker") && echo "$name $pid"
    done < <(server_processes "$s")
  done
}

# The whole platform under the simulator: HTTP through HAProxy, gateways, Kafka, the pipeline on embedded Flink,
# alarms and InfluxDB, for minutes; then a shorter run with batched requests, reported separately.
bench_e2e() {
  local minutes=${VIGIL_BENCH_MINUTES:-10} rate=${VIGIL_BENCH_RATE:-5000} sensors=${VIGIL_BENCH_SENSORS:-20000}
  local batch_minutes=${VIGIL_BENCH_BATCH_MINUTES:-3} batch_rate=${VIGIL_BENCH_BATCH_RATE:-20000}
  local dir=$VIGIL_WORK/bench/e2e report=$VIGIL_HOME/benchmarks/results/end-to-end.md
  mkdir -p "$dir" "$(dirname "$report")"
  if [ ! -f "$PIPELINE_JAR" ] || [ ! -f "$TOOLS_JAR" ] || [ ! -f "$GATEWAY_JAR" ]; then
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
  local phase results=()
  for phase in single batched; do
    local secs batch target
    if [ $phase = single ]; then secs=$((minutes * 60)); batch=1; target=$rate
    else secs=$((batch_minutes * 60)); batch=20; target=$batch_rate; fi
    [ "$secs" -gt 0 ] || continue
    step "$phase: $target readings/s ($batch per request) from $sensors sensors through HAProxy for ${secs}s"
    local before=() line name pid
    while read -r name pid; do before+=("$name $pid $(cpu_seconds "$pid")"); done < <(platform_pids)
    java -cp "$TOOLS_JAR" dev.vigil.tools.AlarmLatency --kafka "127.0.0.1:$VIGIL_KAFKA_PORT" \
      --seconds $((secs + 20)) --skip-seconds "${VIGIL_BENCH_WARMUP_SECONDS:-60}" > "$dir/latency-$phase.log" 2>&1 &
    local latency_pid=$!
    java -cp "$TOOLS_JAR" dev.vigil.tools.StatusLine --prometheus "http://127.0.0.1:$VIGIL_PROMETHEUS_PORT" \
      --kafka "127.0.0.1:$VIGIL_KAFKA_PORT" --group "$group" --every 10 > "$dir/status-$phase.log" 2>&1 &
    local status_pid=$!
    local t0; t0=$(date +%s)
    java -Xmx1g -jar "$TOOLS_JAR" --target "http://127.0.0.1:$VIGIL_LB_PORT" --sensors "$sensors" \
      --first-sensor-id 1 --rate "$target" --batch "$batch" --connections 128 --duration "${secs}s" \
      --seed 42 --motion-rate 0.001 --smoke-rate 0.002 --heat-rate 0.002 > "$dir/simulator-$phase.log" 2>&1 &
    local sim_pid=$! sim_cpu=0 tools_cpu=0
    while kill -0 "$sim_pid" 2>/dev/null; do
      sleep 10
      # The load generator and the measuring tools are metered too: they share the 2 cores with the platform. Read
      # while they run (their /proc entry goes when they exit: keep the highest reading), at most 10 s short.
      sim_cpu=$(awk -v a="$(cpu_seconds "$sim_pid")" -v b="$sim_cpu" 'BEGIN { print (a > b ? a : b) }')
      tools_cpu=$(awk -v a="$(cpu_seconds "$latency_pid")" -v b="$(cpu_seconds "$status_pid")" -v c="$tools_cpu" \
        'BEGIN { print (a + b > c ? a + b : c) }')
      say "    [$(( $(date +%s) - t0 ))s] $(tail -n 1 "$dir/status-$phase.log")"
    done
    local lag_end; lag_end=$(kafka_admin lag "$group" vigil.readings vigil.recoveries)
    local drained_in=0
    while [ "$(kafka_admin lag "$group" vigil.readings vigil.recoveries)" != 0 ] && [ $drained_in -lt 300 ]; do
      sleep 5; drained_in=$((drained_in + 5))
    done
    wait "$latency_pid"; kill "$status_pid" 2>/dev/null
    local elapsed=$(( $(date +%s) - t0 ))
    local cpu=""
    for line in "${before[@]}"; do
      read -r name pid start_cpu <<< "$line"
      cpu="$cpu $name=$(awk -v a="$(cpu_seconds "$pid")" -v b="$start_cpu" -v s="$elapsed" 'BEGIN { printf "%.2f", (a - b) / s }')"
    done
    cpu="$cpu simulator=$(awk -v a="$sim_cpu" -v s="$elapsed" 'BEGIN { printf "%.2f", a / s }')"
    cpu="$cpu measuring-tools=$(awk -v a="$tools_cpu" -v s="$elapsed" 'BEGIN { printf "%.2f", a / s }')"
    results+=("$phase|$target|$batch|$secs|$(grep '^summary' "$dir/simulator-$phase.log")|$(grep -A2 '^summary' "$dir/simulator-$phase.log" | tail -n 1)|$(grep 'alarm latency total' "$dir/latency-$phase.log")|$lag_end|$drained_in|$cpu")
    say "    $(grep '^summary' "$dir/simulator-$phase.log")"
    say "    $(grep 'alarm latency total' "$dir/latency-$phase.log")"
    say "    consumer lag when the load stopped: $lag_end; caught up ${drained_in}s later; CPU (cores):$cpu"
  done
  {
    echo "# End to end: simulator → HAProxy → gateways → Kafka → pipeline (Flink embedded) → alarms, InfluxDB, mail"
    echo
    echo "Run $(date -u '+%Y-%m-%d %H:%M UTC') with \`bin/vigil bench e2e\` on: $(machine_line)."
    echo "Everything on this one machine, the load generator included. $sensors sensors; the simulator's mix"
    echo "(0.1% motion, 0.2% smoke and 0.2% heat episodes, recoveries after alarms). Alarm latency: from the"
    echo "reading's timestamp (stamped by the simulator when it sent it) to the alarm record's Kafka timestamp"
    echo "(written by the pipeline), RAISED alarms after a ${VIGIL_BENCH_WARMUP_SECONDS:-60} s warm-up (JIT compilation, first checkpoints)."
    echo "Lag: records beyond the offsets the pipeline's consumer group committed (on each completed checkpoint)."
    echo
    echo "| run | target msg/s | per request | seconds | accepted msg/s | HTTP p50 / p99 | alarm latency p50 / p90 / p99 / max | lag at stop | caught up after |"
    echo "|---|---|---|---|---|---|---|---|---|"
    local r
    for r in "${results[@]}"; do
      IFS='|' read -r phase target batch secs summary lat latency lag drained cpu <<< "$r"
      printf '| %s | %s | %s | %s | %s | %s | %s | %s | %ss |\n' "$phase" "$target" "$batch" "$secs" \
        "$(sed -E 's/.*= ([0-9.,]+) msg\/s accepted.*/\1/' <<< "$summary")" \
        "$(sed -E 's/.*p50 ([0-9.]+ ms).*p99 ([0-9.]+ ms).*/\1 \/ \2/' <<< "$lat")" \
        "$(sed -E 's/.*p50 ([0-9]+ ms).*p90 ([0-9]+ ms).*p99 ([0-9]+ ms).*max ([0-9]+ ms).*/\1 \/ \2 \/ \3 \/ \4/' <<< "$latency")" \
        "$lag" "$drained"
    done
    echo "| Spark streaming | | | | not run yet: the runners work comes later | | | | |"
    echo
    echo "CPU used per component during each run, in cores (2 available):"
    echo
    for r in "${results[@]}"; do
      IFS='|' read -r phase target batch secs summary lat latency lag drained cpu <<< "$r"
      echo "- $phase:$(sed 's/ /, /g; s/^,//' <<< "$cpu")"
    done
  } > "$report"
  stack_down pipeline > /dev/null
  say; cat "$report"; say
  ok "written to ${report#"$VIGIL_HOME"/}"
}

# All three benchmarks in one run, and one report: a summary table on top, each benchmark's own table below.
bench_report() {
  local results=$VIGIL_HOME/benchmarks/results report=$VIGIL_HOME/benchmarks/results/REPORT.md start; start=$(now_ms)
  local bench_jar=$VIGIL_HOME/benchmarks/target/vigil-benchmarks.jar
  step "building Vigil and its benchmarks"
  (cd "$VIGIL_HOME" && mvn -B -q -ntp package -DskipTests) || die "the build failed"
  step "benchmark 1 of 3: the gateway against Kafka's producer-perf-test"
  bench_gateway
  step "benchmark 2 of 3: Vigil's rules on Beam against the same rules as a native Flink job"
  stack_up kafka
  java -jar "$bench_jar" beam-vs-native --bootstrap-servers "127.0.0.1:$VIGIL_KAFKA_PORT" \
    --output "$results/beam-vs-native.md" || die "beam-vs-native failed (see above)"
  step "benchmark 3 of 3: end to end"
  bench_e2e
  {
    echo "# Vigil benchmark report"
    echo
    echo "Run $(date -u '+%Y-%m-%d %H:%M UTC') with \`bin/vigil bench report\` ($(elapsed "$start")) on: $(machine_line)."
    echo "All three ran one after the other on this one machine; each compares side by side within its own run."
    echo
    echo "| benchmark | Vigil | compared with | ratio / goal |"
    echo "|---|---|---|---|"
    awk -F'|' '/Kafka producer-perf-test/ { p = $4 } /gateway, 1 reading/ { s = $4; sr = $5 } /gateway, 100 reading/ { b = $4; br = $5 }
      END { gsub(/ /, "", p); gsub(/ /, "", s); gsub(/ /, "", b); gsub(/ /, "", sr); gsub(/ /, "", br)
            printf "| gateway vs producer-perf-test | %s readings/s one per request; %s batched by 100 | %s records/s | %s and %s (goal: at least 0.5) |\n", s, b, p, sr, br }' \
      "$results/gateway-vs-producer.md"
    grep -E '^\*\*Beam / native' "$results/beam-vs-native.md" | sed -E 's/^\*\*Beam \/ native = ([0-9.]+)\*\*.*/| Beam vs native Flink | rules on FlinkRunner | the same rules as a DataStream job | \1 (goal: at least 0.5) |/'
    awk -F'|' '/^\| single/ { printf "| end to end, one reading per request | %s msg/s accepted of %s offered; alarm latency p50 / p90 / p99 / max %s | the reference system: 1,400 readings/s on 14 nodes | goal: 20,000 readings/s, p99 under 1 s |\n", $6, $3, $8 }' \
      "$results/end-to-end.md"
    echo
    for f in gateway-vs-producer beam-vs-native end-to-end; do
      echo "---"
      echo
      sed 's/^# /## /' "$results/$f.md"
      echo
    done
  } > "$report"
  say; cat "$report" | head -12; say
  ok "written to ${report#"$VIGIL_HOME"/} in $(elapsed "$start")"
}
