package dev.vigil.tests.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.simulator.SimulatorCommand;
import dev.vigil.tests.support.KafkaTopics;
import dev.vigil.tests.support.LocalStack;
import dev.vigil.tests.support.SimulatorRecord;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The simulator plays sensors through HAProxy to both gateway replicas; every message it recorded as accepted is
 * on the readings topic with its {@code vigil.kind} header, keyed by its sensor.
 */
class SimulatorThroughLoadBalancerIT {

  @Test
  void everyAcceptedMessageReachesKafka(@TempDir Path dir) throws Exception {
    Path record = dir.resolve("sent.jsonl");
    long firstSensor = 9_000_000 + (System.nanoTime() % 1_000_000);
    try (KafkaTopics readings = new KafkaTopics("vigil.readings")) {
      int exit = new CommandLine(new SimulatorCommand()).execute(
          "--target", LocalStack.haproxyUrl(), "--sensors", "200", "--first-sensor-id", String.valueOf(firstSensor),
          "--rate", "500", "--count", "1500", "--duration", "60s", "--seed", "11",
          "--motion-rate", "0.02", "--smoke-rate", "0.02", "--heat-rate", "0.02", "--record", record.toString());
      assertThat(exit).as("simulator exit code (1 = some request got no 2xx; see its output)").isZero();

      SimulatorRecord sent = SimulatorRecord.read(record);
      assertThat(sent.accepted()).hasSize(1500);
      assertThat(sent.accepted()).as("the mix sends recoveries too").anyMatch(SimulatorRecord.Entry::recovery);
      sent.assertAcceptedAreIn(readings,
          key -> Long.parseLong(key) >= firstSensor && Long.parseLong(key) < firstSensor + 200);
    }
  }
}
