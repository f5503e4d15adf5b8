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
 * A gateway in-process with Kafka's own {@link MockProducer} standing in for the broker, and the HTTP helpers the
 * gateway's HTTP tests share (the integration tests in the tests module run the same paths against a real Kafka).
 */
abstract class GatewayHarness {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String READING =
      "{\"sensorId\":\"42959\",\"motion\":true,\"smoke\":false,\"temperature\":25.5,\"maxTemperature\":30.0}";

  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  final AtomicBoolean kafkaUp = new AtomicBoolean(true);
  MockProducer<String, byte[]> producer;
  Gateway gateway;

  Gateway start(boolean autoComplete, GatewayConfig config) throws Exception {
    return start(new MockProducer<>(autoComplete, new StringSerializer(), new ByteArraySerializer()), config);
  }

  Gateway start(MockProducer<String, byte[]> mock, GatewayConfig config) throws Exception {
    producer = mock;
    gateway = new Gateway(config, producer, kafkaUp::get).start();
    return gateway;
  }

  Gateway start() throws Exception {
    return start(true, GatewayConfig.defaults("127.0.0.1:1"));
  }

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.shutdown();
    }
  }

  HttpResponse<String> post(String path, String contentType, String body, String... headers)
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

  HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + gateway.port() + path);
  }

  static JsonNode json(HttpResponse<String> response) throws Exception {
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    return JSON.readTree(response.body());
  }

  void assertError(HttpResponse<String> response, int status, String field, String problemFragment)
      throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    JsonNode body = json(response);
    assertThat(body.get("status").asInt()).isEqualTo(status);
    assertThat(body.get("field").asText()).isEqualTo(field);
    assertThat(body.get("problem").asText()).contains(problemFragment);
    assertThat(producer.history()).as("nothing may reach Kafka").isEmpty();
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
