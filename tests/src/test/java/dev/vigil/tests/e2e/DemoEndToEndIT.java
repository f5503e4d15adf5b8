package dev.vigil.tests.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.tests.support.ReferenceRules;
import dev.vigil.tests.support.Eventually;
import dev.vigil.tests.support.Http;
import dev.vigil.tests.support.KafkaTopics;
import dev.vigil.tests.support.LocalStack;
import dev.vigil.tests.support.Prometheus;
import dev.vigil.tests.support.SimulatorRecord;
import dev.vigil.tests.support.StackControl;
import dev.vigil.wire.Alarm;
import dev.vigil.wire.AlarmStatus;
import dev.vigil.wire.WireFormat;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command, end to end: {@code bin/vigil demo} for a short while (customers loaded, the pipeline
 * on embedded Flink, the simulator through HAProxy), then every alarm, e-mail and InfluxDB point is checked against
 * what the simulator actually sent, replayed through the pipeline's own rules. With {@code --keep}, as an analyst
 * runs it to look around afterwards: the pipeline is still up when the demo returns, and Prometheus scrapes it.
 */
class DemoEndToEndIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MAILBOX = "monitoring@vigil.local";
  private static final int SENSORS = 300;

  /** What {@code --keep} left running that the suite did not start: the demo's pipeline. */
  @AfterEach
  void stopTheKeptPipeline() throws Exception {
    StackControl.down("pipeline");
  }

  @Test
  void alarmsMailsAndPointsMatchWhatTheSensorsSent(@TempDir Path dir) throws Exception {
    Path demoLog = dir.resolve("demo.log");
    // Sensors the loader created customers for, but no other test uses: every alarm on them comes from this run.
    long first = ThreadLocalRandom.current().nextLong(20_000, 45_000);
    long runStart = System.currentTimeMillis();
    Http.post(LocalStack.greenMailApi() + "/mail/purge", "application/json", "");

    List<ConsumerRecord<String, byte[]>> alarmRecords;
    try (KafkaTopics alarmsTopic = new KafkaTopics("vigil.alarms")) {
      Process demo = new ProcessBuilder(StackControl.home().resolve("bin/vigil").toString(), "demo", "--no-build",
          "--keep", "--duration", "70", "--rate", "200", "--sensors", String.valueOf(SENSORS),
          "--first-sensor-id", String.valueOf(first),
          "--", "--motion-rate", "0.01", "--smoke-rate", "0.02", "--heat-rate", "0.02")
          .redirectErrorStream(true).redirectOutput(demoLog.toFile()).start();
      boolean ended = demo.waitFor(6, TimeUnit.MINUTES);
      // Printed through System.out: the test JVM's own stdout is Surefire's channel, not for child processes.
      System.out.println(Files.readString(demoLog));
      assertThat(ended).as("the demo ended within 6 minutes").isTrue();
      assertThat(demo.exitValue()).as("the demo's exit code (its output is above)").isZero();
      assertThat(StackControl.process("pipeline").isAlive()).as("the pipeline after 'demo --keep' returned").isTrue();
      JsonNode heap = Eventually.get(Duration.ofSeconds(30), "Prometheus scraping the pipeline's JVM metrics", () -> {
        JsonNode result = Prometheus.query("jvm_memory_bytes_max{job=\"pipeline\", area=\"heap\"}");
        return result.size() == 1 ? result : null;
      });
      System.out.println("DemoEndToEndIT: after the demo, Prometheus reads the pipeline's heap limit "
          + heap.get(0).path("value").get(1).asText() + " bytes");

      SimulatorRecord sent = SimulatorRecord.read(StackControl.work().resolve("demo/sent.jsonl"));
      assertThat(sent.notAccepted()).as("messages the gateways did not accept").isEmpty();
      List<Alarm> expected = replayThroughTheRules(sent);
      assertThat(expected).as("the mix raised alarms").hasSizeGreaterThan(20);

      alarmRecords = alarmsTopic.read(key -> inRange(key, first), expected.size(), Duration.ofSeconds(60));
      List<Alarm> actual = new ArrayList<>();
      for (ConsumerRecord<String, byte[]> record : alarmRecords) {
        actual.add(WireFormat.parseAlarm(record.value()));
      }

      // Alarms: the same events as the rules give for what was sent (customers and ids aside: the replay has no Kafka
      // positions to name alarms after), each one enriched, each CLEARED naming the RAISED it ends.
      assertThat(actual.stream().map(DemoEndToEndIT::withoutIdAndCustomer).toList())
          .containsExactlyInAnyOrderElementsOf(expected.stream().map(DemoEndToEndIT::withoutIdAndCustomer).toList());
      Map<String, String> activeIds = new HashMap<>();
      for (Alarm a : actual) {
        String sensorAndType = a.sensorId() + "/" + a.type();
        assertThat(a.id()).as("an alarm id names its sensor, type and log position")
            .matches(Pattern.quote(sensorAndType) + "/\\d+-\\d+");
        if (a.status() == AlarmStatus.RAISED) {
          activeIds.put(sensorAndType, a.id());
        } else {
          assertThat(a.id()).as("the CLEARED event's id").isEqualTo(activeIds.remove(sensorAndType));
        }
      }
      assertThat(actual).allSatisfy(a -> {
        assertThat(a.customer()).as("customer of sensor %s", a.sensorId()).isNotNull();
        assertThat(a.customer().geohash()).isNotBlank();
        assertThat(a.customer().zone()).isNotBlank();
      });

      // E-mails: one per RAISED alarm of this run's sensors, naming its type and sensor. (The mailbox may also hold
      // mails for other tests' sensors: the demo's pipeline first catches up on what the topics held.)
      Map<String, Integer> expectedMail = new HashMap<>();
      for (Alarm a : expected) {
        if (a.status() == AlarmStatus.RAISED) {
          expectedMail.merge("[Vigil] " + a.type() + " alarm on sensor " + a.sensorId() + " - ", 1, Integer::sum);
        }
      }
      int raised = expectedMail.values().stream().mapToInt(Integer::intValue).sum();
      Pattern subjectOfOurs = Pattern.compile("^(\\[Vigil] [A-Z]+ alarm on sensor (\\d+) - ).*");
      Map<String, Integer> actualMail = Eventually.get(Duration.ofSeconds(60), raised + " alarm e-mails in " + MAILBOX,
          () -> {
            Map<String, Integer> ours = new HashMap<>();
            for (JsonNode mail : JSON.readTree(
                Http.get(LocalStack.greenMailApi() + "/user/" + MAILBOX + "/messages/").body())) {
              Matcher m = subjectOfOurs.matcher(mail.get("subject").asText());
              if (m.matches() && inRange(m.group(2), first)) {
                ours.merge(m.group(1), 1, Integer::sum);
              }
            }
            return ours.values().stream().mapToInt(Integer::intValue).sum() >= raised ? ours : null;
          });
      assertThat(actualMail).isEqualTo(expectedMail);

      // InfluxDB: the sensors' latest states, with their geohash and zone, and the per-minute alarm counts.
      Set<String> located = new HashSet<>();
      for (JsonNode row : influx("SHOW TAG VALUES FROM sensor_state WITH KEY = \"sensorId\"")) {
        located.add(row.get(1).asText());
      }
      long sensorsHeardFrom = sent.accepted().stream().map(e -> e.message().get("sensorId").asText()).distinct().count();
      assertThat(located.stream().filter(id -> inRange(id, first)).count()).isEqualTo(sensorsHeardFrom);
      assertThat(influx("SHOW TAG VALUES FROM sensor_state WITH KEY = \"zone\"")).isNotEmpty();
      // A window's count is written when its minute closes (watermark), so the minute still open when the demo
      // stopped is not there: ask only for counts written for this run's minutes.
      long counted = 0;
      for (JsonNode row : influx("SELECT sum(\"count\") FROM alarm_counts WHERE time >= " + (runStart - 60_000) + "ms")) {
        counted += row.get(1).asLong();
      }
      assertThat(counted).as("RAISED alarms counted in this run's closed one-minute windows").isPositive();
    }
  }

  /** What the pipeline must raise and clear for the accepted messages, by its own rules, sensor by sensor. */
  private static Alarm withoutIdAndCustomer(Alarm a) {
    return new Alarm("-", a.sensorId(), a.type(), a.status(), a.timestamp(), a.trigger(), null);
  }

  private static List<Alarm> replayThroughTheRules(SimulatorRecord sent) throws Exception {
    ReferenceRules rules = new ReferenceRules();
    for (SimulatorRecord.Entry entry : sent.accepted()) {
      byte[] json = JSON.writeValueAsBytes(entry.message());
      if (entry.recovery()) {
        rules.recovery(WireFormat.parseRecovery(json, 0));
      } else {
        rules.reading(WireFormat.parseReading(json, 0), null);
      }
    }
    return rules.alarms();
  }

  private static boolean inRange(String sensorId, long first) {
    try {
      long id = Long.parseLong(sensorId);
      return id >= first && id < first + SENSORS;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static JsonNode influx(String query) throws Exception {
    String url = LocalStack.influxDbUrl() + "/query?db=vigil&q=" + URLEncoder.encode(query, StandardCharsets.UTF_8);
    JsonNode series = JSON.readTree(Http.get(url).body()).path("results").path(0).path("series");
    return series.isEmpty() ? JSON.createArrayNode() : series.get(0).path("values");
  }
}
