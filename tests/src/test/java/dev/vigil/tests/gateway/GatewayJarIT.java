package dev.vigil.tests.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.tests.support.KafkaTopics;
import dev.vigil.tests.support.LocalStack;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The shipped jar, started the way bin/vigil starts replicas: it logs its start line, serves, and on SIGTERM turns
 * not-ready, keeps serving through --shutdown-delay-ms, drains, flushes and exits. Every request it answered 202
 * is in Kafka; every request it refused (503) is not.
 */
class GatewayJarIT {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  static Path jar() {
    Path jar = Path.of(System.getProperty("vigil.home", "."), "ingest-gateway", "target", "vigil-ingest-gateway.jar");
    assertThat(jar).as("build it with: mvn -B -q -pl ingest-gateway -am package -DskipTests").exists();
    return jar;
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  static Process start(Path log, String... args) throws IOException {
    return start(log, Map.of(), args);
  }

  static Process start(Path log, Map<String, String> env, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-jar", jar().toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().keySet().removeIf(k -> k.startsWith("VIGIL_GATEWAY_"));
    builder.environment().putAll(env);
    return builder.start();
  }

  static int status(String url) {
    try {
      return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  static void awaitStatus(Process process, String url, int expected, Path log) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (status(url) != expected) {
      if (!process.isAlive()) {
        throw new AssertionError("gateway exited with " + process.exitValue() + ":\n" + Files.readString(log));
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(url + " never answered " + expected + ":\n" + Files.readString(log));
      }
      Thread.sleep(100);
    }
  }

  static HttpResponse<String> postReading(String base, String sensor) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create(base + "/v1/readings")).timeout(Duration.ofSeconds(20))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"sensorId\":\"" + sensor
                + "\",\"motion\":false,\"smoke\":false,\"temperature\":20,\"maxTemperature\":30}")).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void runsFromTheJarAndShutsDownGracefullyOnSigterm() throws Exception {
    int port = freePort();
    String base = "http://127.0.0.1:" + port;
    Path log = Files.createTempFile("gateway-jar-it", ".log");
    String run = "jar-" + UUID.randomUUID().toString().substring(0, 6);
    Process gateway = start(log, "--port", String.valueOf(port), "--bootstrap-servers", LocalStack.kafkaBootstrap(),
        "--shutdown-delay-ms", "1500", "--drain-timeout-ms", "10000");
    try (KafkaTopics readings = new KafkaTopics("vigil.readings")) {
      awaitStatus(gateway, base + "/health/ready", 200, log);
      assertThat(Files.readString(log)).contains("listening on http://127.0.0.1:" + port,
          "Kafka " + LocalStack.kafkaBootstrap());
      assertThat(postReading(base, run + "-before").statusCode()).isEqualTo(202);

      // Clients keep sending while the gateway gets SIGTERM.
      Map<String, Integer> answers = new ConcurrentHashMap<>();
      Set<String> startedAfterSigterm = ConcurrentHashMap.newKeySet();
      List<Thread> senders = new ArrayList<>();
      java.util.concurrent.atomic.AtomicLong sigtermAt = new java.util.concurrent.atomic.AtomicLong();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        Thread sender = new Thread(() -> {
          for (int i = 0; gateway.isAlive() && i < 10_000; i++) {
            String sensor = run + "-" + thread + "-" + i;
            long at = sigtermAt.get();
            if (at != 0 && System.nanoTime() - at > 100_000_000L) {
              startedAfterSigterm.add(sensor);
            }
            try {
              answers.put(sensor, postReading(base, sensor).statusCode());
            } catch (IOException e) {
              answers.put(sensor, -1); // connection refused once Jetty stopped
            } catch (InterruptedException e) {
              return;
            }
          }
        });
        sender.start();
        senders.add(sender);
      }
      Thread.sleep(500);
      sigtermAt.set(System.nanoTime());
      gateway.destroy(); // SIGTERM
      Thread.sleep(300);
      assertThat(status(base + "/health/ready")).as("readiness turns false at once").isEqualTo(503);
      assertThat(status(base + "/health/live")).isEqualTo(200);

      assertThat(gateway.waitFor(30, TimeUnit.SECONDS)).as("gateway exits").isTrue();
      for (Thread sender : senders) {
        sender.join(30_000);
      }
      assertThat(gateway.exitValue()).as(Files.readString(log)).isEqualTo(143);
      String output = Files.readString(log);
      assertThat(output).contains("shutting down: readiness is now false", "stopped after",
          "(0 requests left undrained)");

      Set<String> accepted = answers.entrySet().stream().filter(e -> e.getValue() == 202).map(Map.Entry::getKey)
          .collect(Collectors.toSet());
      Set<String> refused = answers.entrySet().stream().filter(e -> e.getValue() == 503).map(Map.Entry::getKey)
          .collect(Collectors.toSet());
      assertThat(answers.values()).as("only 202, 503 or no connection").allMatch(s -> s == 202 || s == 503 || s == -1);
      Set<String> acceptedWhileNotReady = accepted.stream().filter(startedAfterSigterm::contains)
          .collect(Collectors.toSet());
      System.out.printf("SIGTERM test: %d answered 202 (%d of them sent after SIGTERM), %d answered 503, %d found"
              + " no gateway%n", accepted.size(), acceptedWhileNotReady.size(), refused.size(),
          answers.values().stream().filter(s -> s == -1).count());
      assertThat(acceptedWhileNotReady).as("still serving during --shutdown-delay-ms").isNotEmpty();

      List<ConsumerRecord<String, byte[]>> landed =
          readings.read(k -> k.startsWith(run + "-"), accepted.size() + 1, Duration.ofSeconds(30));
      Set<String> landedKeys = landed.stream().map(ConsumerRecord::key).collect(Collectors.toSet());
      assertThat(landedKeys).as("every 202 is in Kafka").containsAll(accepted).contains(run + "-before");
      // noneMatch, not doesNotContainAnyElementsOf: that one throws when nothing was refused (Jetty may stop before
      // any request meets the 503 window), which is a pass, not an error.
      assertThat(landedKeys).as("no refused request is in Kafka").noneMatch(refused::contains);
      Files.deleteIfExists(log);
    } finally {
      gateway.destroyForcibly();
    }
  }

  /** Configured through the environment only, as the options' VIGIL_GATEWAY_* variables promise. */
  @Test
  void jarPointedAtNoBrokerAnswers503WithRetryAfter() throws Exception {
    int port = freePort();
    String base = "http://127.0.0.1:" + port;
    Path log = Files.createTempFile("gateway-jar-it", ".log");
    Process gateway = start(log, Map.of("VIGIL_GATEWAY_PORT", String.valueOf(port),
        "VIGIL_GATEWAY_BOOTSTRAP_SERVERS", "127.0.0.1:" + freePort(), "VIGIL_GATEWAY_RETRY_AFTER_SECONDS", "3"));
    try {
      awaitStatus(gateway, base + "/health/live", 200, log);
      assertThat(status(base + "/health/ready")).isEqualTo(503);
      HttpResponse<String> response = postReading(base, "jar-no-broker");
      assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
      assertThat(response.headers().firstValue("Retry-After")).hasValue("3");
      gateway.destroy();
      assertThat(gateway.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(gateway.exitValue()).isEqualTo(143);
      Files.deleteIfExists(log);
    } finally {
      gateway.destroyForcibly();
    }
  }
}
