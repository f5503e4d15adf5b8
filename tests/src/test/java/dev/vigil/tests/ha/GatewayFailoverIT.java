package dev.vigil.tests.ha;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.simulator.SimulatorCommand;
import dev.vigil.tests.support.Eventually;
import dev.vigil.tests.support.Http;
import dev.vigil.tests.support.KafkaTopics;
import dev.vigil.tests.support.LocalStack;
import dev.vigil.tests.support.SimulatorRecord;
import dev.vigil.tests.support.StackControl;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The gateway tier behind HAProxy under continuous load: a replica killed with SIGKILL costs at most the requests
 * it had in flight and traffic goes on through the other; a rolling restart of both replicas (SIGTERM, restart,
 * next) costs nothing; and every reading that got a 202 is in Kafka.
 */
class GatewayFailoverIT {

  private static final int CONNECTIONS = 16;
  private static final Pattern ACCEPTED = Pattern.compile("vigil_gateway_requests_total\\{outcome=\"accepted\",} (\\S+)");

  @AfterEach
  void bothReplicasServeAgain() throws Exception {
    StackControl.up("gateways"); // whatever happened above, leave the stack as the other tests expect it
  }

  @Test
  void killAndRollingRestartLoseNoAcknowledgedReading(@TempDir Path dir) throws Exception {
    Path record = dir.resolve("sent.jsonl");
    long firstSensor = 8_000_000 + (System.nanoTime() % 1_000_000);
    int sensors = 500;
    try (KafkaTopics readings = new KafkaTopics("vigil.readings")) {
      CompletableFuture<Integer> load = CompletableFuture.supplyAsync(() -> new CommandLine(new SimulatorCommand())
          .execute("--target", LocalStack.haproxyUrl(), "--sensors", String.valueOf(sensors),
              "--first-sensor-id", String.valueOf(firstSensor), "--rate", "300", "--duration", "75s",
              "--connections", String.valueOf(CONNECTIONS), "--seed", "5", "--record", record.toString()));
      // 75 s: the kill, the replica's return and a rolling restart of both take ~45 s on a busy 2-core machine (each
      // gateway JVM starts in 5-15 s), and they must all happen under load.
      Thread.sleep(4_000);

      // 1. SIGKILL one replica: HAProxy takes it out, the other one carries the traffic.
      StackControl.kill("gateway-1");
      long killedAt = System.currentTimeMillis();
      double before = acceptedBy(2);
      Thread.sleep(5_000);
      assertThat(acceptedBy(2) - before).as("requests gateway-2 accepted while gateway-1 was dead").isGreaterThan(500);
      StackControl.up("gateway-1");
      awaitInRotation("gateway-1");
      long recoveredAt = System.currentTimeMillis();

      // 2. Rolling restart: each replica in turn shuts down gracefully, comes back, and rejoins the rotation.
      for (String replica : List.of("gateway-1", "gateway-2")) {
        StackControl.terminate(replica, Duration.ofSeconds(30));
        StackControl.up(replica);
        awaitInRotation(replica);
      }
      long restartedAt = System.currentTimeMillis();
      assertThat(load.isDone()).as("the rolling restart finished while the load still ran").isFalse();
      load.get(2, TimeUnit.MINUTES);

      SimulatorRecord sent = SimulatorRecord.read(record);
      List<SimulatorRecord.Entry> lost = sent.notAccepted();
      assertThat(lost.size()).as("requests without a 202: at most those in flight when gateway-1 died")
          .isLessThanOrEqualTo(CONNECTIONS);
      assertThat(lost).as("no failure outside the moment of the kill")
          .allMatch(e -> e.sentAt() >= killedAt - 2_000 && e.sentAt() <= recoveredAt);
      assertThat(sent.accepted().stream().filter(e -> e.sentAt() > recoveredAt && e.sentAt() < restartedAt))
          .as("readings accepted during the rolling restart").hasSizeGreaterThan(1_000);
      sent.assertAcceptedAreIn(readings,
          key -> Long.parseLong(key) >= firstSensor && Long.parseLong(key) < firstSensor + sensors);
    }
  }

  private static double acceptedBy(int replica) throws Exception {
    Matcher m = ACCEPTED.matcher(Http.get(LocalStack.gatewayUrl(replica) + "/metrics").body());
    assertThat(m.find()).as("gateway-%d's accepted counter", replica).isTrue();
    return Double.parseDouble(m.group(1));
  }

  /** Until HAProxy's own health checks count the replica as up again. */
  private static void awaitInRotation(String replica) {
    String up = "haproxy_server_status{proxy=\"gateways\",server=\"" + replica + "\",state=\"UP\"} 1";
    Eventually.get(Duration.ofSeconds(20), "HAProxy putting " + replica + " back in rotation",
        () -> Http.get(LocalStack.haproxyMetricsUrl()).body().contains(up) ? true : null);
  }
}
