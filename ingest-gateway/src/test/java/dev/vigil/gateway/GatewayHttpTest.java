package dev.vigil.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.wire.Reading;
import dev.vigil.wire.Recovery;
import dev.vigil.wire.SensorLog;
import dev.vigil.wire.WireFormat;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
/** The HTTP behaviour of the gateway when it accepts, when Kafka fails, its other endpoints and its shutdown. */
class GatewayHttpTest extends GatewayHarness {
  // ---- accepted -------------------------------------------------------------------------------------------------

  @Test
  void singleReadingIsKeyedBySensorAndStamped() throws Exception {
    start();
    long before = System.currentTimeMillis();
    HttpResponse<String> response = post("/v1/readings", "application/json", READING);
    long after = System.currentTimeMillis();

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(response.headers().firstValue("Connection")).as("keep-alive").isEmpty();
    assertThat(json(response).get("accepted").asInt()).isEqualTo(1);
    assertThat(producer.history()).hasSize(1);
    ProducerRecord<String, byte[]> record = producer.history().get(0);
    assertThat(record.topic()).isEqualTo("vigil.readings");
    assertThat(record.key()).isEqualTo("42959");
    assertThat(kind(record)).isEqualTo("reading");
    Reading sent = WireFormat.parseReading(record.value(), 1L);
    assertThat(sent.timestamp()).isBetween(before, after);
    assertThat(record.value()).isEqualTo(WireFormat.toJson(new Reading("42959", true, false, 25.5, 30.0,
        sent.timestamp())));
  }

  @Test
  void batchKeepsOrderAndSenderTimestamps() throws Exception {
    start();
    String body = "[" + IntStream.range(0, 5)
        .mapToObj(i -> "{\"sensorId\":\"s" + (i % 2) + "\",\"motion\":false,\"smoke\":" + (i == 3)
            + ",\"temperature\":" + (20 + i) + ",\"maxTemperature\":30,\"timestamp\":" + (1_700_000_000_000L + i) + "}")
        .collect(Collectors.joining(",")) + "]";
    HttpResponse<String> response = post("/v1/readings", "application/json; charset=utf-8", body);

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(response.body()).isEqualTo("{\"accepted\":5}");
    List<ProducerRecord<String, byte[]>> sent = producer.history();
    assertThat(sent).extracting(ProducerRecord::key).containsExactly("s0", "s1", "s0", "s1", "s0");
    for (int i = 0; i < 5; i++) {
      Reading r = WireFormat.parseReading(sent.get(i).value(), 1L);
      assertThat(r.timestamp()).isEqualTo(1_700_000_000_000L + i);
      assertThat(r.temperature()).isEqualTo(20.0 + i);
      assertThat(r.smoke()).isEqualTo(i == 3);
    }
  }

  @Test
  void positionalReadingIsRecognisedInsideJsonContentType() throws Exception {
    start();
    HttpResponse<String> response = post("/v1/readings", "application/json", "{\"42959\",\"true\",\"false\",\"25.5\",\"30.0\"}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    Reading r = WireFormat.parseReading(producer.history().get(0).value(), 1L);
    assertThat(r.sensorId()).isEqualTo("42959");
    assertThat(r.motion()).isTrue();
    assertThat(r.smoke()).isFalse();
    assertThat(r.temperature()).isEqualTo(25.5);
    assertThat(r.maxTemperature()).isEqualTo(30.0);
    assertThat(r.timestamp()).isGreaterThan(0);
    assertThat(producer.history().get(0).key()).isEqualTo("42959");
  }

  @Test
  void positionalReadingUnderItsOwnContentType() throws Exception {
    start();
    HttpResponse<String> response = post("/v1/readings", "application/x-vigil-positional",
        "{ \"7\" , \"false\", \"true\", \"31\", \"30\" }");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    Reading r = WireFormat.parseReading(producer.history().get(0).value(), 1L);
    assertThat(r.sensorId()).isEqualTo("7");
    assertThat(r.smoke()).isTrue();
  }

  @Test
  void recoveriesGoToTheReadingsTopicWithTheirKind() throws Exception {
    start();
    HttpResponse<String> response = post("/v1/recoveries", "application/json",
        "[{\"sensorId\":\"42959\"},{\"sensorId\":\"42960\",\"timestamp\":\"2026-11-22T08:00:00Z\"}]");

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(response.body()).isEqualTo("{\"accepted\":2}");
    assertThat(producer.history()).extracting(ProducerRecord::topic).containsOnly("vigil.readings");
    assertThat(producer.history()).extracting(ProducerRecord::key).containsExactly("42959", "42960");
    assertThat(producer.history()).extracting(GatewayHttpTest::kind).containsOnly("recovery");
    Recovery second = WireFormat.parseRecovery(producer.history().get(1).value(), 1L);
    assertThat(second).isEqualTo(new Recovery("42960", java.time.Instant.parse("2026-11-22T08:00:00Z").toEpochMilli()));
    assertThat(gateway.metrics().registry().meter("vigil.gateway.recoveries.accepted").getCount()).isEqualTo(2);
    assertThat(gateway.metrics().registry().meter("vigil.gateway.readings.accepted").getCount()).isZero();
  }

  @Test
  void readingsAndRecoveriesOfOneSensorLandInOneLogInTheOrderTheyWereAnswered() throws Exception {
    start();
    assertThat(post("/v1/readings", "application/json", "[" + READING + "," + READING + "]").statusCode())
        .isEqualTo(202);
    assertThat(post("/v1/recoveries", "application/json", "{\"sensorId\":\"42959\"}").statusCode()).isEqualTo(202);
    assertThat(post("/v1/readings", "application/x-vigil-positional",
        "{\"42959\",\"true\",\"false\",\"25.5\",\"30.0\"}").statusCode()).isEqualTo(202);

    List<ProducerRecord<String, byte[]>> sent = producer.history();
    assertThat(sent).extracting(ProducerRecord::topic).containsOnly("vigil.readings");
    assertThat(sent).extracting(ProducerRecord::key).containsOnly("42959");
    assertThat(sent).extracting(GatewayHttpTest::kind).containsExactly("reading", "reading", "recovery", "reading");
    assertThat(WireFormat.parseRecovery(sent.get(2).value(), 1L).sensorId()).isEqualTo("42959");
  }

  /** The record's {@code vigil.kind} header, read back the way the pipeline reads it. */
  private static String kind(ProducerRecord<String, byte[]> record) {
    org.apache.kafka.common.header.Header[] headers = record.headers().toArray();
    assertThat(headers).as("exactly one header").hasSize(1);
    assertThat(headers[0].key()).isEqualTo(SensorLog.KIND_HEADER);
    try {
      return SensorLog.kindOf(headers[0].value()).headerValue();
    } catch (dev.vigil.wire.MalformedMessageException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void answersOnlyAfterKafkaAcknowledgedEveryRecord() throws Exception {
    start(false, GatewayConfig.defaults("127.0.0.1:1"));
    CompletableFuture<HttpResponse<String>> pending = http.sendAsync(
        HttpRequest.newBuilder(uri("/v1/readings")).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("[" + READING + "," + READING + "]")).build(),
        HttpResponse.BodyHandlers.ofString());

    waitFor(() -> producer.history().size() == 2);
    assertThat(gateway.inFlight()).isEqualTo(1);
    assertThat(producer.completeNext()).isTrue();
    Thread.sleep(300);
    assertThat(pending).as("one acknowledgement of two is not enough").isNotDone();
    assertThat(producer.completeNext()).isTrue();

    HttpResponse<String> response = pending.get(10, TimeUnit.SECONDS);
    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(response.body()).isEqualTo("{\"accepted\":2}");
    waitFor(() -> gateway.inFlight() == 0);
    assertThat(gateway.metrics().registry().meter("vigil.gateway.readings.accepted").getCount()).isEqualTo(2);
  }

  @Test
  void oneFailedRecordFailsTheWholeRequestWith503() throws Exception {
    start(false, GatewayConfig.defaults("127.0.0.1:1"));
    CompletableFuture<HttpResponse<String>> pending = http.sendAsync(
        HttpRequest.newBuilder(uri("/v1/readings")).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("[" + READING + "," + READING + "]")).build(),
        HttpResponse.BodyHandlers.ofString());

    waitFor(() -> producer.history().size() == 2);
    producer.completeNext();
    producer.errorNext(new NotEnoughReplicasException("test: ISR too small"));

    HttpResponse<String> response = pending.get(10, TimeUnit.SECONDS);
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
    JsonNode body = json(response);
    assertThat(body.get("field").asText()).isEqualTo("kafka");
    assertThat(body.get("problem").asText()).contains("NotEnoughReplicasException");
    assertThat(gateway.metrics().registry().meter("vigil.gateway.readings.accepted").getCount()).isZero();
  }

  @Test
  void sendThatThrowsMidBatchGives503AndStopsSending() throws Exception {
    MockProducer<String, byte[]> throwsOnSecond =
        new MockProducer<>(false, new StringSerializer(), new ByteArraySerializer()) {
          private int calls;

          @Override
          public synchronized java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata> send(
              ProducerRecord<String, byte[]> record, org.apache.kafka.clients.producer.Callback callback) {
            if (++calls == 2) {
              throw new org.apache.kafka.common.KafkaException("test: buffer exhausted");
            }
            return super.send(record, callback);
          }
        };
    start(throwsOnSecond, GatewayConfig.defaults("127.0.0.1:1"));
    CompletableFuture<HttpResponse<String>> pending = http.sendAsync(
        HttpRequest.newBuilder(uri("/v1/readings")).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("[" + READING + "," + READING + "," + READING + "]")).build(),
        HttpResponse.BodyHandlers.ofString());

    waitFor(() -> producer.history().size() == 1);
    Thread.sleep(200);
    assertThat(pending).as("waits for the callback of the record that was sent").isNotDone();
    producer.completeNext();
    HttpResponse<String> response = pending.get(10, TimeUnit.SECONDS);
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(json(response).get("problem").asText()).contains("KafkaException");
    assertThat(producer.history()).as("the third record is never sent").hasSize(1);
    waitFor(() -> gateway.inFlight() == 0);
  }

  // ---- 503 ------------------------------------------------------------------------------------------------------

  @Test
  void kafkaUnreachableGives503WithRetryAfterAndSendsNothing() throws Exception {
    start();
    kafkaUp.set(false);
    HttpResponse<String> response = post("/v1/readings", "application/json", READING);
    assertError(response, 503, "kafka", "retry");
    assertThat(response.headers().firstValue("Retry-After")).hasValue("1");

    HttpResponse<String> ready = get("/health/ready");
    assertThat(ready.statusCode()).isEqualTo(503);
    assertThat(json(ready).get("kafka").asText()).isEqualTo("unreachable");
    assertThat(get("/health/live").statusCode()).isEqualTo(200);
  }

  @Test
  void tooManyInFlightGives503() throws Exception {
    start(false, GatewayConfig.defaults("127.0.0.1:1").withLimits(1 << 20, 1000, 1, 10_000));
    CompletableFuture<HttpResponse<String>> first = http.sendAsync(
        HttpRequest.newBuilder(uri("/v1/readings")).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(READING)).build(), HttpResponse.BodyHandlers.ofString());
    waitFor(() -> producer.history().size() == 1);

    HttpResponse<String> second = post("/v1/readings", "application/json", READING);
    assertThat(second.statusCode()).isEqualTo(503);
    assertThat(second.headers().firstValue("Retry-After")).isPresent();
    assertThat(producer.history()).hasSize(1);

    producer.completeNext();
    assertThat(first.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(202);
  }

  // ---- other endpoints --------------------------------------------------------------------------------------------

  @Test
  void healthAndUnknownPathsAndMethods() throws Exception {
    start();
    assertThat(get("/health/live").statusCode()).isEqualTo(200);
    HttpResponse<String> ready = get("/health/ready");
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(json(ready).get("status").asText()).isEqualTo("ready");

    assertError(post("/v2/readings", "application/json", READING), 404, "path", "no such endpoint");
    HttpResponse<String> getIngest = get("/v1/readings");
    assertError(getIngest, 405, "method", "use POST");
    assertThat(getIngest.headers().firstValue("Allow")).hasValue("POST");
    assertError(post("/metrics", "application/json", "{}"), 405, "method", "use GET");
  }

  @Test
  void metricsInPrometheusTextFormat() throws Exception {
    start();
    post("/v1/readings", "application/json", "[" + READING + "," + READING + "]");
    post("/v1/readings", "application/json", "[]");
    post("/v1/readings", "text/plain", READING);

    HttpResponse<String> metrics = get("/metrics");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain; version=0.0.4");
    assertThat(metrics.body())
        .contains("vigil_gateway_requests_total{outcome=\"accepted\",} 1.0")
        .contains("vigil_gateway_requests_total{outcome=\"bad_request\",} 1.0")
        .contains("vigil_gateway_requests_total{outcome=\"unsupported_media_type\",} 1.0")
        .contains("vigil_gateway_readings_accepted_total 2.0")
        .contains("vigil_gateway_kafka_send_seconds_count 1.0")
        .contains("vigil_gateway_in_flight 0.0")
        .contains("vigil_gateway_ready 1.0");
  }

  @Test
  void jettysOwnErrorsAreJsonToo() throws Exception {
    start();
    try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(("GET /health/live HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000)
          + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(answer).startsWith("HTTP/1.1 431").contains("Content-Type: application/json")
          .contains("\"status\":431").doesNotContain("<html");
    }
  }

  // ---- shutdown ---------------------------------------------------------------------------------------------------

  @Test
  void shutdownDrainsInFlightRequestsAndRefusesNewOnes() throws Exception {
    start(false, GatewayConfig.defaults("127.0.0.1:1").withShutdown(10_000, 0));
    CompletableFuture<HttpResponse<String>> inFlight = http.sendAsync(
        HttpRequest.newBuilder(uri("/v1/readings")).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(READING)).build(), HttpResponse.BodyHandlers.ofString());
    waitFor(() -> producer.history().size() == 1);
    int port = gateway.port();

    CompletableFuture<Void> stopping = CompletableFuture.runAsync(gateway::shutdown);
    waitFor(() -> !gateway.ready());
    Thread.sleep(100);
    HttpResponse<String> refused = post("/v1/readings", "application/json", READING);
    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(refused.headers().firstValue("Connection")).hasValue("close");
    assertThat(get("/health/ready").statusCode()).isEqualTo(503);
    assertThat(stopping).as("still draining").isNotDone();

    producer.completeNext();
    assertThat(inFlight.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(202);
    stopping.get(10, TimeUnit.SECONDS);
    assertThat(producer.closed()).isTrue();
    assertThat(producer.flushed()).isTrue();
    assertThat(producer.history()).hasSize(1);
    try (Socket s = new Socket()) {
      org.assertj.core.api.Assertions.assertThatThrownBy(
          () -> s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 1_000))
          .isInstanceOf(java.io.IOException.class);
    }
  }
}
