package dev.vigil.tests.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.gateway.Gateway;
import dev.vigil.gateway.GatewayConfig;
import dev.vigil.tests.gateway.InProcessGateway;
import dev.vigil.tests.support.Http;
import dev.vigil.tests.support.KafkaTopics;
import dev.vigil.tests.support.LocalStack;
import dev.vigil.wire.Alarm;
import dev.vigil.wire.AlarmStatus;
import dev.vigil.wire.AlarmType;
import dev.vigil.wire.Reading;
import dev.vigil.wire.Recovery;
import dev.vigil.wire.WireFormat;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The defect this guards against: a sensor's recovery overtaking the readings that the gateway acknowledged before
 * it. Readings from 20,000 sensors are put on the readings topic first, so the pipeline starts with a backlog (40,000
 * readings on Flink; 4,000 on the DirectRunner, which digests a few hundred a second); then
 * {@value #PROBES} probe sensors each post three smoke readings in one request and, once that request was answered
 * 202, a recovery. When the pipeline catches up, every probe must have exactly RAISED SMOKE then CLEARED SMOKE, the
 * CLEARED naming the id of the RAISED. Applied out of order, the recovery finds nothing to clear and the alarm stays
 * raised for good.
 */
class RecoveryAfterBacklogIT {
  static final int PROBES = 300;
  private static final int BACKLOG_SENSORS = 20_000;
  private static final Duration CATCH_UP = Duration.ofMinutes(4);

  @Test
  void onTheDirectRunner() throws Exception {
    probeAfterBacklog("order_direct", List.of("--runner=DirectRunner"), 4_000);
  }

  @Test
  void onEmbeddedFlink() throws Exception {
    probeAfterBacklog("order_flink", PipelineOnFlinkIT.embeddedFlink(), 40_000);
  }

  private void probeAfterBacklog(String name, List<String> runnerArgs, int backlogSize) throws Exception {
    try (PipelineRun run = new PipelineRun(name, 30);
        KafkaTopics alarmEvents = new KafkaTopics(run.alarmsTopic);
        Gateway gateway = InProcessGateway.startReady(gatewayFor(run))) {
      List<Reading> backlog = new ArrayList<>(backlogSize);
      for (int i = 0; i < backlogSize; i++) {
        backlog.add(new Reading("bg-" + (i % BACKLOG_SENSORS), false, false, 21.0, 30.0, run.nextTimestamp()));
      }
      run.sendAll(run.readings, backlog);

      String url = "http://127.0.0.1:" + gateway.port();
      long start = run.nextTimestamp();
      ExecutorService senders = Executors.newFixedThreadPool(16);
      List<Future<?>> probes = new ArrayList<>();
      for (int p = 0; p < PROBES; p++) {
        String sensor = probeId(p);
        probes.add(senders.submit(() -> {
          postProbe(url, sensor, start);
          return null;
        }));
      }
      for (Future<?> probe : probes) {
        probe.get(2, TimeUnit.MINUTES);
      }
      senders.shutdown();

      run.start(runnerArgs, Map.of());
      run.assertMetrics(Map.of("readings_in", (double) backlogSize + 3 * PROBES, "recoveries_in", (double) PROBES),
          CATCH_UP);
      List<ConsumerRecord<String, byte[]>> records =
          alarmEvents.read(k -> k.startsWith("probe-"), 2 * PROBES, Duration.ofMinutes(1));

      Map<String, List<Alarm>> bySensor = new TreeMap<>();
      for (ConsumerRecord<String, byte[]> record : records) {
        Alarm alarm = WireFormat.parseAlarm(record.value());
        bySensor.computeIfAbsent(alarm.sensorId(), s -> new ArrayList<>()).add(alarm);
      }
      Map<String, String> wrong = new LinkedHashMap<>();
      for (int p = 0; p < PROBES; p++) {
        List<Alarm> events = bySensor.getOrDefault(probeId(p), List.of());
        boolean raisedThenCleared = events.size() == 2
            && events.get(0).type() == AlarmType.SMOKE && events.get(0).status() == AlarmStatus.RAISED
            && events.get(1).type() == AlarmType.SMOKE && events.get(1).status() == AlarmStatus.CLEARED;
        if (!raisedThenCleared) {
          wrong.put(probeId(p), events.stream().map(a -> a.type() + " " + a.status()).toList().toString());
        }
      }
      long stuck = wrong.values().stream().filter("[SMOKE RAISED]"::equals).count();
      System.out.printf("%s: %d probes after a backlog of %d readings: %d RAISED then CLEARED, %d left RAISED, "
          + "%d otherwise wrong%n", name, PROBES, backlogSize, PROBES - wrong.size(), stuck, wrong.size() - stuck);
      assertThat(wrong).as("probes whose alarm events are not [SMOKE RAISED, SMOKE CLEARED] (" + stuck
          + " left RAISED)").isEmpty();
    }
  }

  static String probeId(int p) {
    return "probe-" + p;
  }

  /** Three smoke readings in one request, then (once it was answered 202) the owner's recovery. */
  private static void postProbe(String url, String sensor, long start) throws Exception {
    StringBuilder smoky = new StringBuilder("[");
    for (int i = 1; i <= 3; i++) {
      smoky.append(i > 1 ? "," : "").append(new String(WireFormat.toJson(
          new Reading(sensor, false, true, 21.0, 30.0, start + i * 1000L)), StandardCharsets.UTF_8));
    }
    expectAccepted(Http.post(url + "/v1/readings", "application/json", smoky.append(']').toString()));
    expectAccepted(Http.post(url + "/v1/recoveries", "application/json",
        new String(WireFormat.toJson(new Recovery(sensor, start + 4000L)), StandardCharsets.UTF_8)));
  }

  private static void expectAccepted(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
  }

  private static GatewayConfig gatewayFor(PipelineRun run) {
    return GatewayConfig.defaults(LocalStack.kafkaBootstrap()).withReadingsTopic(run.readings);
  }
}
