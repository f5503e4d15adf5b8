package dev.vigil.tests.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.gateway.Gateway;
import dev.vigil.tests.support.KafkaTopics;
import dev.vigil.wire.MalformedMessageException;
import dev.vigil.wire.Reading;
import dev.vigil.wire.Recovery;
import dev.vigil.wire.SensorLog;
import dev.vigil.wire.WireFormat;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Valid readings and recoveries go through a gateway into the stack's real Kafka: one topic, keyed by sensor, as wire
 * JSON, each with its {@code vigil.kind} header, one sensor's messages in the order they were acknowledged.
 */
class GatewayKafkaIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static Gateway gateway;

  @BeforeAll
  static void startGateway() throws Exception {
    gateway = InProcessGateway.startReady();
  }

  @AfterAll
  static void stopGateway() {
    if (gateway != null) {
      gateway.shutdown();
    }
  }

  static HttpResponse<String> post(String path, String contentType, String body) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path))
            .timeout(Duration.ofSeconds(20)).header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String id() {
    return "it-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void singleReadingLandsWithItsKeyAndTheGatewaysTimestamp() throws Exception {
    String sensor = id();
    try (KafkaTopics readings = new KafkaTopics("vigil.readings")) {
      long before = System.currentTimeMillis();
      HttpResponse<String> response = post("/v1/readings", "application/json", "{\"sensorId\":\"" + sensor
          + "\",\"motion\":true,\"smoke\":false,\"temperature\":25.5,\"maxTemperature\":30.0}");
      long after = System.currentTimeMillis();
      assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
      assertThat(JSON.readTree(response.body()).get("accepted").asInt()).isEqualTo(1);

      List<ConsumerRecord<String, byte[]>> found = readings.read(sensor::equals, 1, Duration.ofSeconds(20));
      assertThat(found).hasSize(1);
      assertThat(kind(found.get(0))).isEqualTo(SensorLog.Kind.READING);
      Reading landed = WireFormat.parseReading(found.get(0).value(), 1L);
      assertThat(landed.timestamp()).isBetween(before, after);
      assertThat(found.get(0).value())
          .isEqualTo(WireFormat.toJson(new Reading(sensor, true, false, 25.5, 30.0, landed.timestamp())));
    }
  }

  @Test
  void batchLandsWholeInOrderPerSensor() throws Exception {
    String a = id();
    String b = id();
    List<Reading> sent = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      sent.add(new Reading(i % 2 == 0 ? a : b, i % 5 == 0, i % 7 == 0, 20 + i / 10.0, 30, 1_763_800_000_000L + i));
    }
    String body = "[" + String.join(",", sent.stream().map(r -> new String(WireFormat.toJson(r))).toList()) + "]";
    try (KafkaTopics readings = new KafkaTopics("vigil.readings")) {
      HttpResponse<String> response = post("/v1/readings", "application/json", body);
      assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
      assertThat(response.body()).isEqualTo("{\"accepted\":50}");

      List<ConsumerRecord<String, byte[]>> found =
          readings.read(k -> k.equals(a) || k.equals(b), 50, Duration.ofSeconds(20));
      assertThat(found).hasSize(50);
      for (String sensor : List.of(a, b)) {
        List<byte[]> expected = sent.stream().filter(r -> r.sensorId().equals(sensor)).map(WireFormat::toJson).toList();
        List<ConsumerRecord<String, byte[]>> ofSensor = found.stream().filter(r -> r.key().equals(sensor)).toList();
        assertThat(ofSensor).extracting(ConsumerRecord::partition).containsOnly(ofSensor.get(0).partition());
        assertThat(ofSensor).extracting(ConsumerRecord::value).containsExactlyElementsOf(expected);
      }
    }
  }

  @Test
  void positionalReadingLandsAsJson() throws Exception {
    String sensor = id();
    try (KafkaTopics readings = new KafkaTopics("vigil.readings")) {
      HttpResponse<String> response = post("/v1/readings", "application/json",
          "{\"" + sensor + "\",\"false\",\"true\",\"41.5\",\"30.0\"}");
      assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
      HttpResponse<String> typed = post("/v1/readings", "application/x-vigil-positional",
          "{\"" + sensor + "\",\"true\",\"true\",\"42\",\"30\"}");
      assertThat(typed.statusCode()).as(typed.body()).isEqualTo(202);

      List<ConsumerRecord<String, byte[]>> found = readings.read(sensor::equals, 2, Duration.ofSeconds(20));
      assertThat(found).hasSize(2);
      Reading first = WireFormat.parseReading(found.get(0).value(), 1L);
      assertThat(first).isEqualTo(new Reading(sensor, false, true, 41.5, 30.0, first.timestamp()));
      Reading second = WireFormat.parseReading(found.get(1).value(), 1L);
      assertThat(second).isEqualTo(new Reading(sensor, true, true, 42, 30, second.timestamp()));
    }
  }

  @Test
  void recoveriesLandOnTheReadingsTopicWithTheirKind() throws Exception {
    String a = id();
    String b = id();
    try (KafkaTopics readings = new KafkaTopics("vigil.readings")) {
      HttpResponse<String> response = post("/v1/recoveries", "application/json",
          "[{\"sensorId\":\"" + a + "\",\"timestamp\":1763800000000},{\"sensorId\":\"" + b + "\"}]");
      assertThat(response.statusCode()).as(response.body()).isEqualTo(202);

      List<ConsumerRecord<String, byte[]>> found =
          readings.read(k -> k.equals(a) || k.equals(b), 2, Duration.ofSeconds(20));
      assertThat(found).hasSize(2);
      assertThat(found).extracting(GatewayKafkaIT::kind).containsOnly(SensorLog.Kind.RECOVERY);
      ConsumerRecord<String, byte[]> ofA = found.stream().filter(r -> r.key().equals(a)).findFirst().orElseThrow();
      assertThat(ofA.value()).isEqualTo(WireFormat.toJson(new Recovery(a, 1_763_800_000_000L)));
      ConsumerRecord<String, byte[]> ofB = found.stream().filter(r -> r.key().equals(b)).findFirst().orElseThrow();
      assertThat(WireFormat.parseRecovery(ofB.value(), 1L).timestamp()).isGreaterThan(1_763_800_000_000L);
    }
  }

  @Test
  void aRecoveryLandsAfterTheReadingsOfItsSensorAcknowledgedBeforeIt() throws Exception {
    String sensor = id();
    String reading = "{\"sensorId\":\"" + sensor + "\",\"motion\":false,\"smoke\":true,\"temperature\":20,"
        + "\"maxTemperature\":30}";
    try (KafkaTopics readings = new KafkaTopics("vigil.readings")) {
      for (int i = 0; i < 3; i++) {
        HttpResponse<String> accepted = post("/v1/readings", "application/json", "[" + reading + "," + reading + "]");
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
      }
      HttpResponse<String> recovered = post("/v1/recoveries", "application/json", "{\"sensorId\":\"" + sensor + "\"}");
      assertThat(recovered.statusCode()).as(recovered.body()).isEqualTo(202);
      HttpResponse<String> after = post("/v1/readings", "application/json", reading);
      assertThat(after.statusCode()).as(after.body()).isEqualTo(202);

      List<ConsumerRecord<String, byte[]>> found = readings.read(sensor::equals, 8, Duration.ofSeconds(20));
      assertThat(found).hasSize(8);
      assertThat(found).extracting(ConsumerRecord::partition).as("one partition per sensor")
          .containsOnly(found.get(0).partition());
      List<ConsumerRecord<String, byte[]>> byOffset = found.stream()
          .sorted(java.util.Comparator.comparingLong(ConsumerRecord::offset)).toList();
      assertThat(byOffset).extracting(GatewayKafkaIT::kind).containsExactly(SensorLog.Kind.READING,
          SensorLog.Kind.READING, SensorLog.Kind.READING, SensorLog.Kind.READING, SensorLog.Kind.READING,
          SensorLog.Kind.READING, SensorLog.Kind.RECOVERY, SensorLog.Kind.READING);
      long recoveryOffset = byOffset.get(6).offset();
      assertThat(byOffset.subList(0, 6)).extracting(ConsumerRecord::offset)
          .allSatisfy(offset -> assertThat(offset).isLessThan(recoveryOffset));
      assertThat(WireFormat.parseRecovery(byOffset.get(6).value(), 1L).sensorId()).isEqualTo(sensor);
      assertThat(WireFormat.parseReading(byOffset.get(7).value(), 1L).sensorId()).isEqualTo(sensor);
    }
  }

  /** The record's kind from its {@code vigil.kind} header, which the gateway always sets. */
  static SensorLog.Kind kind(ConsumerRecord<String, byte[]> record) {
    Header header = record.headers().lastHeader(SensorLog.KIND_HEADER);
    assertThat(header).as("the %s header of %s", SensorLog.KIND_HEADER, record.key()).isNotNull();
    try {
      return SensorLog.kindOf(header.value());
    } catch (MalformedMessageException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void metricsCountWhatKafkaAcknowledged() throws Exception {
    HttpResponse<String> response = post("/v1/readings", "application/json", "{\"sensorId\":\"" + id()
        + "\",\"motion\":false,\"smoke\":false,\"temperature\":20,\"maxTemperature\":30}");
    assertThat(response.statusCode()).isEqualTo(202);
    HttpResponse<String> metrics = HTTP.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + gateway.port() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body()).contains("vigil_gateway_kafka_reachable 1.0", "vigil_gateway_ready 1.0");
    assertThat(metrics.body()).containsPattern("vigil_gateway_readings_accepted_total [1-9]");
    assertThat(metrics.body()).containsPattern("vigil_gateway_kafka_send_seconds_count [1-9]");
    // The JVM's own metrics beside Vigil's, which the heap alert (VigilJvmHeapNearLimit) reads.
    assertThat(metrics.body()).containsPattern("jvm_memory_bytes_max\\{area=\"heap\",} [1-9]")
        .contains("jvm_threads_current", "process_cpu_seconds_total");
  }
}
