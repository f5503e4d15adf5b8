package dev.vigil.tests.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.gateway.Gateway;
import dev.vigil.gateway.GatewayConfig;
import dev.vigil.gateway.SensorTokens;
import dev.vigil.tests.gateway.MalformedRequests.Request;
import dev.vigil.tests.gateway.RawHttp.Answer;
import dev.vigil.tests.support.LocalStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * The front door under fire: 10,000 seeded malformed requests (see {@link MalformedRequests} for the families)
 * over raw sockets to a gateway with auth on, writing to a topic of its own on the stack's Kafka. Every request
 * must get a 4xx, none a 5xx or no answer; the gateway must stay ready throughout; and the topic must hold nothing
 * afterwards. Then one valid reading must land, which shows that the count could have seen a leak.
 */
class GatewayFuzzIT {
  private static final int REQUESTS = 10_000;
  private static final int SLOW_EVERY = 100;
  private static final long SEED = 20261201L;
  private static final int MAX_BODY = 64 * 1024;
  private static final int MAX_BATCH = 100;
  private static final long READ_TIMEOUT_MS = 1_000;
  private static final long SLOW_BYTE_MS = 150;
  private static final int WORKERS = 8;

  @Test
  void malformedRequestsAllGetA4xxAndNothingReachesKafka() throws Exception {
    String run = "fuzz-" + UUID.randomUUID().toString().substring(0, 8);
    String topic = "it." + run + ".readings";
    List<String> sensors = IntStream.rangeClosed(1, 20).mapToObj(i -> run + "-s" + i).toList();
    String token = "tok-" + UUID.randomUUID();
    String otherToken = "tok-" + UUID.randomUUID();
    StringBuilder entries = new StringBuilder();
    sensors.forEach(s -> entries.append(s).append('=').append(token).append(','));
    entries.append(run).append("-other=").append(otherToken);
    SensorTokens tokens = SensorTokens.parse(entries.toString(), "the fuzz test");

    Properties kafka = new Properties();
    kafka.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.kafkaBootstrap());
    try (Admin admin = Admin.create(kafka)) {
      admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
      GatewayConfig config = GatewayConfig.defaults(LocalStack.kafkaBootstrap()).withReadingsTopic(topic)
          .withTokens(tokens).withLimits(MAX_BODY, MAX_BATCH, 1024, READ_TIMEOUT_MS);
      Gateway gateway = InProcessGateway.startReady(config);
      try (ReadinessWatch ready = new ReadinessWatch(gateway.port())) {
        long before = records(admin, topic);
        List<Request> requests = new MalformedRequests(SEED, sensors, token, otherToken, MAX_BODY, MAX_BATCH)
            .generate(REQUESTS, SLOW_EVERY);
        Tally tally = send(gateway.port(), requests);
        long after = records(admin, topic);
        ready.stop();
        System.out.println("[fuzz] " + requests.size() + " malformed requests, " + tally.line()
            + "; readiness probes " + ready.probes() + ", not ready " + ready.notReady()
            + "; records in the topic before " + before + ", after " + after);
        tally.byFamily.forEach((family, statuses) -> System.out.println("[fuzz]   " + family + " " + statuses));

        assertThat(tally.failures).as("requests not answered with a 4xx (first 20)").isEmpty();
        assertThat(ready.notReady()).as("readiness probes that were not 200 during the fuzz").isZero();
        assertThat(ready.probes()).as("readiness probes made").isPositive();
        assertThat(after).as("records in " + topic + " after the malformed requests").isEqualTo(before);

        Answer valid = RawHttp.exchange(gateway.port(), validRequest(sensors.get(0), token), 0,
            RawHttp.Pacing.AT_ONCE, 0);
        assertThat(valid.status()).as("a valid reading after the fuzz: " + valid).isEqualTo(202);
        assertThat(records(admin, topic)).as("records after one valid reading").isEqualTo(before + 1);
      } finally {
        gateway.shutdown();
        admin.deleteTopics(List.of(topic));
      }
    }
  }

  private static Tally send(int port, List<Request> requests) throws Exception {
    Tally tally = new Tally();
    ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
    try {
      List<Future<?>> done = new ArrayList<>();
      AtomicInteger sent = new AtomicInteger();
      long t0 = System.nanoTime();
      for (Request r : requests) {
        done.add(pool.submit(() -> {
          Answer answer = RawHttp.exchange(port, r.bytes(), r.headLength(), r.pacing(), SLOW_BYTE_MS);
          tally.add(r, answer);
          int n = sent.incrementAndGet();
          if (n % 2_000 == 0) {
            System.out.printf("[fuzz] %,d of %,d answered after %.0f s%n", n, requests.size(),
                (System.nanoTime() - t0) / 1e9);
          }
        }));
      }
      for (Future<?> f : done) {
        f.get(5, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
    return tally;
  }

  private static byte[] validRequest(String sensor, String token) {
    String body = "{\"sensorId\":\"" + sensor + "\",\"motion\":false,\"smoke\":false,\"temperature\":20.0,"
        + "\"maxTemperature\":30.0}";
    return ("POST /v1/readings HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        + "Authorization: Bearer " + token + "\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n\r\n"
        + body).getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  private static long records(Admin admin, String topic) throws Exception {
    Map<TopicPartition, OffsetSpec> latest = Map.of(new TopicPartition(topic, 0), OffsetSpec.latest(),
        new TopicPartition(topic, 1), OffsetSpec.latest());
    return admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).values().stream()
        .mapToLong(info -> info.offset()).sum();
  }

  /** Answers by family and status; anything but a 4xx is a failure. */
  private static final class Tally {
    final Map<String, Map<Integer, Integer>> byFamily = new TreeMap<>();
    final Map<Integer, Integer> byStatus = new TreeMap<>();
    final List<String> failures = Collections.synchronizedList(new ArrayList<>());

    synchronized void add(Request request, Answer answer) {
      byFamily.computeIfAbsent(request.family(), f -> new TreeMap<>()).merge(answer.status(), 1, Integer::sum);
      byStatus.merge(answer.status(), 1, Integer::sum);
      if (answer.status() < 400 || answer.status() > 499) {
        if (failures.size() < 20) {
          failures.add(request.family() + " -> " + answer + " for " + request.excerpt());
        }
      }
    }

    synchronized String line() {
      StringBuilder s = new StringBuilder("answers by status:");
      byStatus.forEach((status, n) -> s.append(' ').append(status < 0 ? "none" : status).append('=').append(n));
      return s.toString();
    }
  }

  /** Probes the gateway's readiness every 100 ms on a thread of its own while the fuzz runs. */
  private static final class ReadinessWatch implements AutoCloseable {
    private final AtomicLong probes = new AtomicLong();
    private final AtomicLong notReady = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    ReadinessWatch(int port) {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      HttpRequest probe = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
          .timeout(Duration.ofSeconds(2)).GET().build();
      thread = new Thread(() -> {
        while (running) {
          try {
            int status = http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status != 200) {
              notReady.incrementAndGet();
            }
          } catch (Exception e) {
            notReady.incrementAndGet();
          }
          probes.incrementAndGet();
          try {
            Thread.sleep(100);
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "readiness-watch");
      thread.setDaemon(true);
      thread.start();
    }

    long probes() {
      return probes.get();
    }

    long notReady() {
      return notReady.get();
    }

    void stop() throws InterruptedException {
      running = false;
      thread.join(5_000);
    }

    @Override
    public void close() throws InterruptedException {
      stop();
    }
  }
}
