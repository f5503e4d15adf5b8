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
/** The gateway's client errors (400, 413, 408, 415, 401): each names what to fix, and nothing reaches Kafka. */
class GatewayRejectsTest extends GatewayHarness {
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

  @Test
  void slowHeadGets408AndTheConnectionCloses() throws Exception {
    start(true, GatewayConfig.defaults("127.0.0.1:1").withLimits(1 << 20, 1000, 100, 500));
    byte[] head = ("POST /v1/readings HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        + "X-Slow: " + "s".repeat(200) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      long t0 = System.nanoTime();
      // A byte every 50 ms restarts the idle timeout each time; only the head's own deadline can end this.
      for (int i = 0; i < head.length && in.available() == 0; i++) {
        out.write(head[i]);
        out.flush();
        Thread.sleep(50);
      }
      String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertThat(answer).startsWith("HTTP/1.1 408").contains("\"error\":\"request_timeout\"")
          .contains("request head");
      assertThat(ms).as("between one and two read timeouts, not the %d ms the head would take", head.length * 50)
          .isBetween(450L, 3_000L);
    }
    assertThat(producer.history()).isEmpty();
  }

  @Test
  void unknownHttpVersionIsTheClientsMistake() throws Exception {
    start();
    try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(("POST /v1/readings HTTP/9.9\r\nHost: x\r\nContent-Type: application/json\r\n"
          + "Content-Length: " + READING.length() + "\r\n\r\n" + READING).getBytes(StandardCharsets.US_ASCII));
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(answer).startsWith("HTTP/1.1 400").contains("\"status\":400").contains("send HTTP/1.1");
    }
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

  // ---- answers before the body: the rest is dropped, then the connection closes --------------------------------

  /** Sends a request head with {@code Content-Length: declared}, then keeps writing body bytes on another thread. */
  private static CompletableFuture<Long> upload(Socket socket, long declared, long toSend, long pauseMs) throws Exception {
    OutputStream out = socket.getOutputStream();
    out.write(("POST /v1/readings HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
        + declared + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    return CompletableFuture.supplyAsync(() -> {
      byte[] block = new byte[64 * 1024];
      java.util.Arrays.fill(block, (byte) ' ');
      long sent = 0;
      try {
        while (sent < toSend) {
          out.write(block, 0, (int) Math.min(block.length, toSend - sent));
          sent += Math.min(block.length, toSend - sent);
          if (pauseMs > 0) {
            Thread.sleep(pauseMs);
          }
        }
        out.flush();
      } catch (Exception e) {
        // the gateway closed the connection: that is what bounded discarding means
      }
      return sent;
    });
  }

  @Test
  void clientStillUploadingGetsThe413InsteadOfAReset() throws Exception {
    start();
    for (int i = 0; i < 20; i++) {
      try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
        socket.setSoTimeout(10_000);
        long size = 3L << 20;
        CompletableFuture<Long> uploading = upload(socket, size, size, 0);
        String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(answer).as("attempt %d", i).startsWith("HTTP/1.1 413").contains("Connection: close")
            .contains("\"error\":\"payload_too_large\"");
        assertThat(uploading.get(10, TimeUnit.SECONDS)).as("the whole body could be sent").isEqualTo(size);
      }
    }
    assertThat(producer.history()).isEmpty();
  }

  @Test
  void droppingTheRestOfTheBodyIsBoundedInTime() throws Exception {
    start();
    try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
      socket.setSoTimeout(10_000);
      // Declares 1 GB and trickles it: the gateway answers 413 at once and must not wait for the rest.
      CompletableFuture<Long> uploading = upload(socket, 1L << 30, 1L << 30, 20);
      long t0 = System.nanoTime();
      InputStream in = socket.getInputStream();
      byte[] head = new byte[12];
      assertThat(in.readNBytes(head, 0, head.length)).isEqualTo(head.length);
      assertThat(new String(head, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 413");
      // The answer ends the gateway's side of the stream (FIN) at once; it still reads, and drops, for the linger.
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).contains("Connection: close");
      long sent = uploading.get(10, TimeUnit.SECONDS);
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertThat(sent).as("bytes the client could send before the gateway closed").isLessThan(1L << 30);
      assertThat(ms).as("the gateway stopped reading after its linger")
          .isBetween(BodyReader.LINGER_MS - 200, BodyReader.LINGER_MS + 4_000);
    }
    waitFor(() -> gateway.inFlight() == 0);
  }

  @Test
  void unknownPathWithABodyIsAnsweredAndTheBodyDropped() throws Exception {
    start();
    try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
      socket.setSoTimeout(10_000);
      byte[] body = ("[" + String.join(",", java.util.Collections.nCopies(5_000, READING)) + "]")
          .getBytes(StandardCharsets.UTF_8);
      OutputStream out = socket.getOutputStream();
      out.write(("POST /v2/readings HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
          + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(answer).startsWith("HTTP/1.1 404").contains("Connection: close").contains("\"field\":\"path\"");
    }
  }
}
