package dev.vigil.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.wire.Reading;
import dev.vigil.wire.Recovery;
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

/**
 * The HTTP behaviour of the gateway, in-process, with Kafka's own {@link MockProducer} standing in for the broker
 * (the integration tests in the tests module run the same paths against a real Kafka).
 */
class GatewayHttpTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String READING =
      "{\"sensorId\":\"42959\",\"motion\":true,\"smoke\":false,\"temperature\":25.5,\"maxTemperature\":30.0}";

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final AtomicBoolean kafkaUp = new AtomicBoolean(true);
  private MockProducer<String, byte[]> producer;
  private Gateway gateway;

  private Gateway start(boolean autoComplete, GatewayConfig config) throws Exception {
    return start(new MockProducer<>(autoComplete, new StringSerializer(), new ByteArraySerializer()), config);
  }

  private Gateway start(MockProducer<String, byte[]> mock, GatewayConfig config) throws Exception {
    producer = mock;
    gateway = new Gateway(config, producer, kafkaUp::get).start();
    return gateway;
  }

  private Gateway start() throws Exception {
    return start(true, GatewayConfig.defaults("127.0.0.1:1"));
  }

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.shutdown();
    }
  }

  private HttpResponse<String> post(String path, String contentType, String body, String... headers)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20))
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + gateway.port() + path);
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    return JSON.readTree(response.body());
  }

  private void assertError(HttpResponse<String> response, int status, String field, String problemFragment)
      throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    JsonNode body = json(response);
    assertThat(body.get("status").asInt()).isEqualTo(status);
    assertThat(body.get("field").asText()).isEqualTo(field);
    assertThat(body.get("problem").asText()).contains(problemFragment);
    assertThat(producer.history()).as("nothing may reach Kafka").isEmpty();
  }

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
  void recoveriesGoToTheirTopic() throws Exception {
    start();
    HttpResponse<String> response = post("/v1/recoveries", "application/json",
        "[{\"sensorId\":\"42959\"},{\"sensorId\":\"42960\",\"timestamp\":\"2026-11-22T08:00:00Z\"}]");

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(response.body()).isEqualTo("{\"accepted\":2}");
    assertThat(producer.history()).extracting(ProducerRecord::topic).containsOnly("vigil.recoveries");
    Recovery second = WireFormat.parseRecovery(producer.history().get(1).value(), 1L);
    assertThat(second).isEqualTo(new Recovery("42960", java.time.Instant.parse("2026-11-22T08:00:00Z").toEpochMilli()));
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

  // ---- 400 ------------------------------------------------------------------------------------------------------

  @Test
  void brokenJsonNamesTheBody() throws Exception {
    start();
    assertError(post("/v1/readings", "application/json", "{\"sensorId\":\"1\",\"motion\":tru"), 400, "body",
        "not valid JSON");
  }

  @Test
  void missingFieldIsNamed() throws Exception {
    start();
    assertError(post("/v1/readings", "application/json",
        "{\"sensorId\":\"1\",\"motion\":true,\"smoke\":false,\"maxTemperature\":30}"), 400, "temperature",
        "is required");
  }

  @Test
  void wrongTypeIsNamed() throws Exception {
    start();
    assertError(post("/v1/readings", "application/json",
        "{\"sensorId\":\"1\",\"motion\":\"yes\",\"smoke\":false,\"temperature\":1,\"maxTemperature\":30}"), 400,
        "motion", "must be true or false");
  }

  @Test
  void nanIsRejected() throws Exception {
    start();
    assertError(post("/v1/readings", "application/json",
        "{\"sensorId\":\"1\",\"motion\":true,\"smoke\":false,\"temperature\":NaN,\"maxTemperature\":30}"), 400,
        "body", "not valid JSON");
    assertError(post("/v1/readings", "application/json", "{\"1\",\"true\",\"false\",\"NaN\",\"30\"}"), 400,
        "temperature", "finite");
  }

  @Test
  void oneBadElementRejectsTheWholeBatch() throws Exception {
    start();
    String bad = "{\"sensorId\":\"2\",\"motion\":true,\"smoke\":false,\"temperature\":\"hot\",\"maxTemperature\":30}";
    assertError(post("/v1/readings", "application/json", "[" + READING + "," + bad + "]"), 400,
        "[1].temperature", "must be a number");
  }

  @Test
  void emptyArrayAndEmptyBody() throws Exception {
    start();
    assertError(post("/v1/readings", "application/json", "[]"), 400, "body", "empty");
    assertError(post("/v1/readings", "application/json", ""), 400, "body", "empty body");
    assertError(post("/v1/recoveries", "application/json", "[]"), 400, "body", "empty");
  }

  @Test
  void positionalWithFourFields() throws Exception {
    start();
    assertError(post("/v1/readings", "application/json", "{\"42959\",\"true\",\"false\",\"25.5\"}"), 400, "body",
        "got 4");
  }

  @Test
  void badRecovery() throws Exception {
    start();
    assertError(post("/v1/recoveries", "application/json", "{\"sensorId\":42}"), 400, "sensorId",
        "must be a string");
    assertError(post("/v1/recoveries", "application/json", "{\"sensorId\":\"bad id with spaces\"}"), 400,
        "sensorId", "characters");
  }

  // ---- 415, 413, 408 --------------------------------------------------------------------------------------------

  @Test
  void unknownContentTypes() throws Exception {
    start();
    HttpResponse<String> plain = post("/v1/readings", "text/plain", READING);
    assertError(plain, 415, "Content-Type", "text/plain");
    assertThat(plain.headers().firstValue("Connection")).as("answered before the body was read")
        .hasValue("close");
    assertError(post("/v1/readings", null, READING), 415, "Content-Type", "missing");
    assertError(post("/v1/readings", "application/json; charset=iso-8859-1", READING), 415, "Content-Type",
        "charset");
    assertError(post("/v1/recoveries", "application/x-vigil-positional", "{\"1\",\"true\",\"false\",\"1\",\"2\"}"),
        415, "Content-Type", "application/json");
  }

  @Test
  void bodyOverTheLimitWithContentLength() throws Exception {
    start(true, GatewayConfig.defaults("127.0.0.1:1").withLimits(1024, 1000, 100, 10_000));
    String big = "[" + String.join(",", java.util.Collections.nCopies(20, READING)) + "]";
    assertThat(big.length()).isGreaterThan(1024);
    assertError(post("/v1/readings", "application/json", big), 413, "body", "over the limit of 1024 bytes");
  }

  @Test
  void hugeBodyOverTheLimit() throws Exception {
    start();
    String huge = "[" + String.join(",", java.util.Collections.nCopies(12_000, READING)) + "]";
    assertThat(huge.length()).isGreaterThan(1 << 20);
    assertError(post("/v1/readings", "application/json", huge), 413, "body", "over the limit");
  }

  @Test
  void chunkedBodyOverTheLimit() throws Exception {
    start(true, GatewayConfig.defaults("127.0.0.1:1").withLimits(1024, 1000, 100, 10_000));
    byte[] big = ("[" + String.join(",", java.util.Collections.nCopies(20, READING)) + "]")
        .getBytes(StandardCharsets.UTF_8);
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/v1/readings"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertError(response, 413, "body", "over the limit of 1024 bytes");
  }

  @Test
  void chunkedBodyUnderTheLimitIsTaken() throws Exception {
    start();
    byte[] body = ("[" + READING + "," + READING + "]").getBytes(StandardCharsets.UTF_8);
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/v1/readings"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(producer.history()).hasSize(2);
  }

  @Test
  void batchOverTheMessageLimit() throws Exception {
    start(true, GatewayConfig.defaults("127.0.0.1:1").withLimits(1 << 20, 3, 100, 10_000));
    assertError(post("/v1/readings", "application/json", "[" + String.join(",", java.util.Collections.nCopies(4,
        READING)) + "]"), 413, "body", "batch of 4 messages is over the limit of 3");
    assertThat(post("/v1/readings", "application/json", "[" + String.join(",", java.util.Collections.nCopies(3,
        READING)) + "]").statusCode()).isEqualTo(202);
  }

  @Test
  void slowBodyGets408AndFreesTheRequest() throws Exception {
    start(true, GatewayConfig.defaults("127.0.0.1:1").withLimits(1 << 20, 1000, 100, 500));
    try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(("POST /v1/readings HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
          + "Content-Length: 200\r\n\r\n{\"sensorId\"").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      long t0 = System.nanoTime();
      InputStream in = socket.getInputStream();
      String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertThat(answer).startsWith("HTTP/1.1 408");
      assertThat(answer).contains("\"error\":\"request_timeout\"");
      assertThat(ms).isBetween(300L, 5_000L);
    }
    waitFor(() -> gateway.inFlight() == 0);
    assertThat(producer.history()).isEmpty();
  }

  // ---- 401 ------------------------------------------------------------------------------------------------------

  @Test
  void tokensWhenAuthIsOn() throws Exception {
    SensorTokens tokens = SensorTokens.parse("42959=tok-a\n42960=tok-b\nhub1=tok-h\nhub2=tok-h", "test");
    start(true, GatewayConfig.defaults("127.0.0.1:1").withTokens(tokens));

    HttpResponse<String> none = post("/v1/readings", "application/json", READING);
    assertError(none, 401, "Authorization", "Bearer");
    assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    assertError(post("/v1/readings", "application/json", READING, "Authorization", "Bearer nope"), 401,
        "Authorization", "valid token");
    assertError(post("/v1/readings", "application/json", READING, "Authorization", "Bearer tok-b"), 401,
        "Authorization", "not valid for sensor 42959");
    assertError(post("/v1/recoveries", "application/json", "[{\"sensorId\":\"hub1\"},{\"sensorId\":\"42959\"}]",
        "Authorization", "Bearer tok-h"), 401, "Authorization", "not valid for sensor 42959");

    assertThat(post("/v1/readings", "application/json", READING, "Authorization", "Bearer tok-a").statusCode())
        .isEqualTo(202);
    assertThat(post("/v1/recoveries", "application/json", "[{\"sensorId\":\"hub1\"},{\"sensorId\":\"hub2\"}]",
        "Authorization", "Bearer tok-h").statusCode()).isEqualTo(202);
    assertThat(producer.history()).extracting(ProducerRecord::key).containsExactly("42959", "hub1", "hub2");
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

  static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 10 s");
      }
      Thread.sleep(10);
    }
  }
}
