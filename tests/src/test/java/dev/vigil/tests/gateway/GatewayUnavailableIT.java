package dev.vigil.tests.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.gateway.Gateway;
import dev.vigil.gateway.GatewayConfig;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A gateway whose Kafka is not there: not ready, and valid data gets 503 with Retry-After (quickly). */
class GatewayUnavailableIT {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void kafkaUnreachableGives503WithRetryAfter() throws Exception {
    int noBroker;
    try (ServerSocket s = new ServerSocket(0)) {
      noBroker = s.getLocalPort();
    }
    try (Gateway gateway = new Gateway(GatewayConfig.defaults("127.0.0.1:" + noBroker)).start()) {
      String base = "http://127.0.0.1:" + gateway.port();
      Thread.sleep(1_500); // a few readiness probes

      HttpResponse<String> ready = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/health/ready")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(ready.statusCode()).isEqualTo(503);
      assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(base + "/health/live")).build(),
          HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);

      for (String path : new String[] {"/v1/readings", "/v1/recoveries"}) {
        long t0 = System.nanoTime();
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"sensorId\":\"it-503\",\"motion\":false,\"smoke\":false,"
                    + "\"temperature\":20,\"maxTemperature\":30}")).build(),
            HttpResponse.BodyHandlers.ofString());
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(new ObjectMapper().readTree(response.body()).get("field").asText()).isEqualTo("kafka");
        assertThat(ms).isLessThan(2_000);
      }
      assertThat(gateway.metrics().registry().timer("vigil.gateway.kafka.send.seconds").getCount()).isZero();
    }
  }
}
