package dev.vigil.tests.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.driver.core.Row;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.tests.support.Eventually;
import dev.vigil.tests.support.KafkaTopics;
import dev.vigil.wire.Alarm;
import dev.vigil.wire.AlarmStatus;
import dev.vigil.wire.AlarmType;
import dev.vigil.wire.Reading;
import dev.vigil.wire.Recovery;
import dev.vigil.wire.WireFormat;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The pipeline's I/O edges on the local stack's real servers, for one runner (the subclasses): readings produced to
 * Kafka come out as alarms on the alarms topic, e-mails in GreenMail, points in InfluxDB, enriched with customers
 * that the loader put in Cassandra (generated ones and a CSV file); malformed records land in the dead-letter topic;
 * the counters show on the Prometheus endpoint; a customer updated in Cassandra shows up without a restart.
 *
 * <p>Every run has its own topics, keyspace, database, mailbox and consumer group, so runs never see each other's
 * data. The pipeline is the shipped jar, in its own JVM (see {@link PipelineJar}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class PipelineOnLocalStackContract {
  private static final Duration FIRST_RESULTS = Duration.ofSeconds(120);
  private static final long CSV_CUSTOMER = PipelineRun.CSV_CUSTOMER;
  private static final String SMOKY_SENSOR = PipelineRun.CSV_CUSTOMER_SENSOR;
  private static final String OTHER_SENSOR_OF_CSV_CUSTOMER = PipelineRun.CSV_CUSTOMER_OTHER_SENSOR;
  private static final String UNKNOWN_SENSOR = "999999";

  private PipelineRun run;

  /** Short lower-case name of the runner, used in resource names. */
  abstract String runnerName();

  /** The runner's command-line options. */
  abstract List<String> runnerArgs();

  /** How many generated customers the loader puts next to the CSV customer. */
  int generatedCustomers() {
    return 30;
  }

  @BeforeAll
  void startThePipelineOnTheStack() throws Exception {
    run = new PipelineRun(runnerName(), generatedCustomers());
    run.start(runnerArgs(), Map.of());
  }

  @AfterAll
  void stopAndCleanUp() throws Exception {
    if (run != null) {
      run.close();
    }
  }

  @Test
  @Order(1)
  void readingsBecomeAlarmsMailsPointsAndDeadLettersWithCustomersFromCassandra() throws Exception {
    Row owner = run.session.execute("SELECT * FROM " + run.keyspace + ".customers WHERE id = 1").one();
    assertThat(owner.getList("sensor_ids", String.class)).as("sensor ids start at 1").startsWith("1");

    try (KafkaTopics alarmEvents = new KafkaTopics(run.alarmsTopic);
        KafkaTopics deadLetters = new KafkaTopics(run.deadLetterTopic)) {
      List<Reading> smoky = List.of(reading(SMOKY_SENSOR, false, true), reading(SMOKY_SENSOR, false, true),
          reading(SMOKY_SENSOR, false, true));
      RecordMetadata third = null;
      for (Reading r : smoky) {
        third = send(run.readings, SMOKY_SENSOR, WireFormat.toJson(r));
      }
      send(run.readings, "1", WireFormat.toJson(reading("1", true, false)));
      send(run.readings, UNKNOWN_SENSOR, WireFormat.toJson(reading(UNKNOWN_SENSOR, true, false)));
      send(run.readings, "2", WireFormat.toJson(reading("2", false, false)));
      Map<String, RecordMetadata> malformed = new HashMap<>();
      for (String bad : List.of("not json at all",
          "{\"sensorId\":\"3\",\"smoke\":false,\"temperature\":20,\"maxTemperature\":30}",
          "{\"sensorId\":\"4\",\"motion\":\"yes\",\"smoke\":false,\"temperature\":20,\"maxTemperature\":30}")) {
        malformed.put(bad, send(run.readings, "x", bad.getBytes(StandardCharsets.UTF_8)));
      }
      String badRecovery = "{\"sensor\":\"" + SMOKY_SENSOR + "\"}";
      malformed.put(badRecovery, run.sendRecovery(SMOKY_SENSOR, badRecovery.getBytes(StandardCharsets.UTF_8)));
      String ofUnknownKind = "{\"sensorId\":\"5\",\"note\":\"a kind this pipeline does not know\"}";
      malformed.put(ofUnknownKind, run.sendOfKind("5", ofUnknownKind.getBytes(StandardCharsets.UTF_8), "reboot"));

      // The recovery follows the readings in the sensor's log, so it clears the alarm they raised.
      run.sendRecovery(SMOKY_SENSOR, WireFormat.toJson(new Recovery(SMOKY_SENSOR, run.nextTimestamp())));
      List<Alarm> events = alarms(alarmEvents, 4);

      assertThat(events).hasSize(4);
      assertThat(events.stream().filter(a -> a.status() == AlarmStatus.RAISED)).hasSize(3);
      Alarm smoke = only(events, SMOKY_SENSOR, AlarmStatus.RAISED);
      assertThat(smoke.type()).isEqualTo(AlarmType.SMOKE);
      assertThat(smoke.trigger()).isEqualTo(smoky);
      assertThat(smoke.customer().id()).isEqualTo(CSV_CUSTOMER);
      assertThat(smoke.customer().surname()).isEqualTo("Lovelace, Countess");
      assertThat(smoke.customer().company()).isEqualTo("Analytical Engines, Ltd");
      assertThat(smoke.customer().zone()).as("computed from lat/lon").isEqualTo("UK");
      assertThat(smoke.customer().geohash()).startsWith("gcpv");
      assertThat(smoke.id()).as("named after the third smoky reading's place in the sensor's log")
          .isEqualTo(SMOKY_SENSOR + "/SMOKE/" + third.partition() + "-" + third.offset());
      Alarm cleared = only(events, SMOKY_SENSOR, AlarmStatus.CLEARED);
      assertThat(cleared.type()).isEqualTo(AlarmType.SMOKE);
      assertThat(cleared.id()).as("the CLEARED event ends the alarm the RAISED one began").isEqualTo(smoke.id());
      Alarm motion = only(events, "1", AlarmStatus.RAISED);
      assertThat(motion.type()).isEqualTo(AlarmType.MOTION);
      assertThat(motion.customer().id()).isEqualTo(1);
      assertThat(motion.customer().name()).isEqualTo(owner.getString("name"));
      assertThat(motion.customer().surname()).isEqualTo(owner.getString("surname"));
      assertThat(motion.customer().email()).isEqualTo(owner.getString("email"));
      assertThat(motion.customer().zone()).isEqualTo(owner.getString("zone"));
      assertThat(only(events, UNKNOWN_SENSOR, AlarmStatus.RAISED).customer()).isNull();

      List<ConsumerRecord<String, byte[]>> letters = deadLetters.read(k -> true, 5, FIRST_RESULTS);
      assertThat(letters).hasSize(5);
      for (ConsumerRecord<String, byte[]> letter : letters) {
        String original = new String(letter.value(), StandardCharsets.UTF_8);
        assertThat(malformed).as("original bytes of a malformed record").containsKey(original);
        RecordMetadata source = malformed.get(original);
        assertThat(header(letter, "vigil.reason")).isNotBlank();
        assertThat(header(letter, "vigil.source.topic")).isEqualTo(source.topic());
        assertThat(header(letter, "vigil.source.partition")).isEqualTo(String.valueOf(source.partition()));
        assertThat(header(letter, "vigil.source.offset")).isEqualTo(String.valueOf(source.offset()));
        assertThat(letter.key()).isEqualTo(source.topic() + "/" + source.partition() + "/" + source.offset());
        if (original.equals(ofUnknownKind)) {
          assertThat(header(letter, "vigil.reason")).contains("vigil.kind");
        }
      }
    }

    assertMails();
    assertInfluxPoints();
    run.assertMetrics(Map.of("readings_in", 9.0, "recoveries_in", 2.0, "dead_letters", 5.0, "alarms_raised", 3.0,
        "alarms_cleared", 1.0, "emails_sent", 3.0, "emails_failed", 0.0, "influx_write_errors", 0.0), Duration.ofSeconds(30));
    // The JVM's own metrics beside the counters, which the heap alert (VigilJvmHeapNearLimit) reads.
    assertThat(run.metricsText()).containsPattern("jvm_memory_bytes_max\\{area=\"heap\",} [1-9]")
        .containsPattern("jvm_gc_collection_seconds_count\\{gc=\"[^\"]+\",} [0-9]")
        .contains("jvm_threads_current", "process_cpu_seconds_total");
  }

  @Test
  @Order(2)
  void aCustomerUpdatedInCassandraShowsUpInAlarmsWithoutARestart() throws Exception {
    run.session.execute("UPDATE " + run.keyspace + ".customers SET surname = 'Byron' WHERE id = " + CSV_CUSTOMER);
    long updated = System.nanoTime();
    try (KafkaTopics alarmEvents = new KafkaTopics(run.alarmsTopic)) {
      int[] raised = {0};
      Alarm renamed = Eventually.get(Duration.ofSeconds(90), "an alarm with the updated surname", () -> {
        assertThat(run.pipeline().isAlive()).as(run.pipeline().logTail()).isTrue();
        // Recovery then motion: each pair raises a fresh MOTION with the customer as the pipeline now knows it.
        run.sendRecovery(OTHER_SENSOR_OF_CSV_CUSTOMER,
            WireFormat.toJson(new Recovery(OTHER_SENSOR_OF_CSV_CUSTOMER, run.nextTimestamp())));
        send(run.readings, OTHER_SENSOR_OF_CSV_CUSTOMER, WireFormat.toJson(reading(OTHER_SENSOR_OF_CSV_CUSTOMER, true,
            false)));
        raised[0]++;
        return alarmEvents.read(OTHER_SENSOR_OF_CSV_CUSTOMER::equals, raised[0], Duration.ofSeconds(5)).stream()
            .map(r -> parse(r.value()))
            .filter(a -> a.status() == AlarmStatus.RAISED && "Byron".equals(a.customer().surname()))
            .findFirst().orElse(null);
      });
      assertThat(renamed.customer().id()).isEqualTo(CSV_CUSTOMER);
      assertThat(renamed.customer().name()).isEqualTo("Ada");
      System.out.printf("[%s] customer update visible in alarms after %.1f s (refresh period 10 s)%n", runnerName(),
          (System.nanoTime() - updated) / 1e9);
    }
  }

  /** Last: after the mails and points above were sent with this run's credentials, none of them is in the log. */
  @Test
  @Order(100)
  void noCredentialReachesThePipelinesLog() throws Exception {
    String log = run.pipeline().logText();
    assertThat(log).as("the pipeline's log").isNotBlank();
    for (String variable : List.of("VIGIL_SMTP_PASSWORD", "VIGIL_INFLUX_PASSWORD")) {
      assertThat(log).as("the pipeline's log holds the value of " + variable).doesNotContain(run.credentials().get(variable));
    }
  }

  /**
   * Waits until the consumer group has committed every partition of the sensor log up to its end: what a restart
   * would resume from.
   */
  void assertOffsetsCommittedToTheEnds(Duration timeout) throws Exception {
    double seconds = run.awaitCommittedToTheEnds(run.groupId, run.readings, timeout);
    System.out.printf("[%s] offsets committed up to the ends within %.1f s%n", runnerName(), seconds);
  }

  // ---- checks ----------------------------------------------------------------------------------------------------

  private void assertMails() throws Exception {
    run.mails(3, FIRST_RESULTS);
    Thread.sleep(2000); // no fourth one (a CLEARED event sends none)
    JsonNode messages = run.mails(3, Duration.ZERO);
    assertThat(messages).hasSize(3);
    Map<String, String> bodyBySubject = new HashMap<>();
    for (JsonNode message : messages) {
      MimeMessage mime = new MimeMessage(null,
          new ByteArrayInputStream(message.get("mimeMessage").asText().getBytes(StandardCharsets.UTF_8)));
      bodyBySubject.put(message.get("subject").asText(), String.valueOf(mime.getContent()));
    }
    String smokeSubject = "[Vigil] SMOKE alarm on sensor " + SMOKY_SENSOR + " - Ada Lovelace, Countess (customer "
        + CSV_CUSTOMER + ")";
    assertThat(bodyBySubject).containsKey(smokeSubject);
    assertThat(bodyBySubject.get(smokeSubject))
        .contains("ada@example.org", "12 St James's Square", "London", "+44 7700900123", "zone UK")
        .contains("smoke=true temperature=21.0 (max 30.0)");
    assertThat(bodyBySubject.keySet()).anySatisfy(s -> assertThat(s).startsWith("[Vigil] MOTION alarm on sensor 1 - "))
        .contains("[Vigil] MOTION alarm on sensor " + UNKNOWN_SENSOR + " - unknown customer");
  }

  private void assertInfluxPoints() {
    QueryResult.Series smoky = Eventually.get(FIRST_RESULTS, "sensor " + SMOKY_SENSOR + "'s state in InfluxDB",
        () -> series("SELECT * FROM sensor_state WHERE sensorId = '" + SMOKY_SENSOR + "'", 2));
    Map<String, Object> latest = row(smoky, smoky.getValues().size() - 1);
    // Three readings within 2 s of event time, throttled to one per 5 s plus one per change of the active alarms.
    assertThat(smoky.getValues()).hasSize(2);
    assertThat(row(smoky, 0)).containsEntry("alarm", false).containsEntry("smoke", true)
        .containsEntry("smokeStreak", 1.0);
    assertThat(latest).containsEntry("alarm", true).containsEntry("activeAlarms", "SMOKE")
        .containsEntry("zone", "UK").containsEntry("temperature", 21.0);
    assertThat((String) latest.get("geohash")).startsWith("gcpv");

    Map<String, Double> counts = Eventually.get(FIRST_RESULTS, "alarm counts in InfluxDB", () -> {
      Map<String, Double> sums = alarmCountsByType();
      return sums.values().stream().mapToDouble(Double::doubleValue).sum() >= 3 ? sums : null;
    });
    assertThat(counts).containsEntry("SMOKE", 1.0).containsEntry("MOTION", 2.0).hasSize(2);
  }

  // ---- helpers ---------------------------------------------------------------------------------------------------

  private Reading reading(String sensorId, boolean motion, boolean smoke) {
    return run.reading(sensorId, motion, smoke);
  }

  private RecordMetadata send(String topic, String key, byte[] value) throws Exception {
    return run.send(topic, key, value);
  }

  private List<Alarm> alarms(KafkaTopics topic, int expected) {
    List<Alarm> alarms = topic.read(k -> true, expected, FIRST_RESULTS).stream().map(r -> parse(r.value())).toList();
    assertThat(alarms).as("alarm events; the pipeline's log ends with:\n%s", run.pipeline().logTail())
        .hasSizeGreaterThanOrEqualTo(expected);
    return alarms;
  }

  private static Alarm parse(byte[] json) {
    try {
      return WireFormat.parseAlarm(json);
    } catch (Exception e) {
      throw new AssertionError("not an alarm event: " + new String(json, StandardCharsets.UTF_8), e);
    }
  }

  private static Alarm only(List<Alarm> alarms, String sensorId, AlarmStatus status) {
    List<Alarm> matching = alarms.stream().filter(a -> a.sensorId().equals(sensorId) && a.status() == status)
        .toList();
    assertThat(matching).as(status + " events of sensor " + sensorId + " in " + alarms).hasSize(1);
    return matching.get(0);
  }

  private static String header(ConsumerRecord<String, byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  private QueryResult.Series series(String query, int minRows) {
    List<QueryResult.Series> all = query(query);
    return all.isEmpty() || all.get(0).getValues().size() < minRows ? null : all.get(0);
  }

  /** Sum of the counts per alarm type over all windows (a late pane upserts its window, so sums stay right). */
  private Map<String, Double> alarmCountsByType() {
    Map<String, Double> sums = new HashMap<>();
    for (QueryResult.Series s : query("SELECT sum(\"count\") FROM alarm_counts GROUP BY \"type\"")) {
      sums.put(s.getTags().get("type"), ((Number) s.getValues().get(0).get(1)).doubleValue());
    }
    return sums;
  }

  private List<QueryResult.Series> query(String query) {
    QueryResult result = run.influx.query(new Query(query, run.database));
    if (result.hasError() || result.getResults().get(0).hasError()
        || result.getResults().get(0).getSeries() == null) {
      return List.of();
    }
    return result.getResults().get(0).getSeries();
  }

  private static Map<String, Object> row(QueryResult.Series series, int index) {
    Map<String, Object> row = new HashMap<>();
    for (int c = 0; c < series.getColumns().size(); c++) {
      row.put(series.getColumns().get(c), series.getValues().get(index).get(c));
    }
    return row;
  }
}
