package dev.vigil.tests.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.gateway.Gateway;
import dev.vigil.tests.support.KafkaTopics;
import dev.vigil.wire.WireFormat;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of bad input gets its 4xx with a JSON body naming the field, and nothing of it reaches the stack's
 * real Kafka: after each bad request a valid marker reading from the same case is sent, and once the marker has
 * landed, the marker must be the only record of that case on either topic.
 */
class GatewayRejectsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final String RUN = "rej-" + UUID.randomUUID().toString().substring(0, 6);
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

  private static String reading(String sensor, String temperature) {
    return "{\"sensorId\":\"" + sensor + "\",\"motion\":true,\"smoke\":false,\"temperature\":" + temperature
        + ",\"maxTemperature\":30.0}";
  }

  static Stream<Arguments> badInputs() {
    String s = RUN + "-";
    return Stream.of(
        Arguments.of("broken-json", "/v1/readings", "application/json",
            "{\"sensorId\":\"" + s + "broken-json\",\"motion\":tru", 400, "body"),
        Arguments.of("missing-field", "/v1/readings", "application/json",
            "{\"sensorId\":\"" + s + "missing-field\",\"motion\":true,\"smoke\":false,\"maxTemperature\":30}",
            400, "temperature"),
        Arguments.of("wrong-type", "/v1/readings", "application/json",
            "{\"sensorId\":\"" + s + "wrong-type\",\"motion\":\"true\",\"smoke\":false,\"temperature\":1,"
                + "\"maxTemperature\":30}", 400, "motion"),
        Arguments.of("nan", "/v1/readings", "application/json", reading(s + "nan", "NaN"), 400, "body"),
        Arguments.of("nan-positional", "/v1/readings", "application/json",
            "{\"" + s + "nan-positional\",\"true\",\"false\",\"NaN\",\"30\"}", 400, "temperature"),
        Arguments.of("huge-body", "/v1/readings", "application/json",
            "[" + String.join(",", Collections.nCopies(12_000, reading(s + "huge-body", "20"))) + "]", 413, "body"),
        Arguments.of("too-many", "/v1/readings", "application/json",
            "[" + String.join(",", Collections.nCopies(1001, reading(s + "too-many", "20"))) + "]", 413, "body"),
        Arguments.of("empty-array", "/v1/readings", "application/json", "[]", 400, "body"),
        Arguments.of("wrong-content-type", "/v1/readings", "text/plain", reading(s + "wrong-content-type", "20"),
            415, "Content-Type"),
        Arguments.of("positional-4-fields", "/v1/readings", "application/json",
            "{\"" + s + "positional-4-fields\",\"true\",\"false\",\"25.5\"}", 400, "body"),
        Arguments.of("bad-element", "/v1/readings", "application/json",
            "[" + reading(s + "bad-element", "20") + "," + reading(s + "bad-element", "\"hot\"") + "]", 400,
            "[1].temperature"),
        Arguments.of("bad-recovery", "/v1/recoveries", "application/json",
            "[{\"sensorId\":\"" + s + "bad-recovery\"},{\"sensorId\":7}]", 400, "[1].sensorId"));
  }

  @ParameterizedTest(name = "{0} -> {4}")
  @MethodSource("badInputs")
  void rejectedAndNothingReachesKafka(String name, String path, String contentType, String body, int status,
      String field) throws Exception {
    String prefix = RUN + "-" + name;
    try (KafkaTopics readings = new KafkaTopics("vigil.readings")) {
      HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + gateway.port() + path)).timeout(Duration.ofSeconds(20))
          .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
          HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
      assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
      JsonNode error = JSON.readTree(response.body());
      assertThat(error.get("status").asInt()).isEqualTo(status);
      assertThat(error.get("field").asText()).isEqualTo(field);
      assertThat(error.get("problem").asText()).isNotBlank();

      String marker = prefix + "-marker";
      HttpResponse<String> ok = HTTP.send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + gateway.port() + "/v1/readings")).timeout(Duration.ofSeconds(20))
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(reading(marker, "1")))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(ok.statusCode()).as(ok.body()).isEqualTo(202);

      List<ConsumerRecord<String, byte[]>> landed =
          readings.read(k -> k.startsWith(prefix), 1, Duration.ofSeconds(20));
      // Recoveries share the readings topic, so the marker alone also shows no rejected recovery landed.
      assertThat(landed).extracting(ConsumerRecord::key).containsExactly(marker);
      assertThat(WireFormat.parseReading(landed.get(0).value(), 1L).sensorId()).isEqualTo(marker);
    }
  }
}
