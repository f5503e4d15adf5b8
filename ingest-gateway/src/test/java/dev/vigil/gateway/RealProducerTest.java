package dev.vigil.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The real Kafka producer and readiness probe, pointed at a port where no broker listens: 4xx answers never need
 * Kafka, and valid data gets 503 with Retry-After quickly (no thread waits out the producer's timeouts).
 */
class RealProducerTest {

  @Test
  void closedKafkaPortGives503ButClientErrorsStill4xx() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    HttpClient http = HttpClient.newHttpClient();
    try (Gateway gateway = new Gateway(GatewayConfig.defaults("127.0.0.1:" + closedPort)).start()) {
      String base = "http://127.0.0.1:" + gateway.port();

      HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create(base + "/health/ready")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(ready.statusCode()).isEqualTo(503);

      HttpResponse<String> bad = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/readings"))
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"sensorId\":1}"))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(bad.statusCode()).isEqualTo(400);

      long t0 = System.nanoTime();
      HttpResponse<String> valid = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/readings"))
          .timeout(Duration.ofSeconds(20))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(
              "{\"sensorId\":\"1\",\"motion\":false,\"smoke\":false,\"temperature\":1,\"maxTemperature\":2}"))
          .build(), HttpResponse.BodyHandlers.ofString());
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertThat(valid.statusCode()).isEqualTo(503);
      assertThat(valid.headers().firstValue("Retry-After")).hasValue("1");
      assertThat(ms).as("503 must not wait for producer timeouts").isLessThan(1_000);
    }
  }
}
