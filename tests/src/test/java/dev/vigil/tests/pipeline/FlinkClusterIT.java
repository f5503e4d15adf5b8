package dev.vigil.tests.pipeline;

import dev.vigil.tests.support.KafkaTopics;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The pipeline jar on the stack's real Flink session cluster (bin/vigil stack up flink), submitted detached with the
 * {@code flink-cluster} profile by the runners' own {@link dev.vigil.runners.Submit}, then upgraded without losing
 * data: stop with a savepoint, resubmit from it, while readings keep coming. The alarm events over the whole run must
 * be exactly what the pipeline's plain-Java rules give for the same messages in Kafka order: no alarm id missing, none
 * RAISED twice, one mail per RAISED id, a map point for every sensor.
 */
class FlinkClusterIT {
  private static final int SENSORS = 60;
  private static final Duration RESULTS = Duration.ofSeconds(90);

  private final SeededSensorTraffic traffic = new SeededSensorTraffic(SENSORS, 2026);

  @Test
  void upgradeWithSavepointLosesNoAlarmAndRaisesNoneTwice() throws Exception {
    // Closed in reverse: the jobs are cancelled before the run's topics go.
    try (PipelineRun run = new PipelineRun("flinkcluster", 300);
        KafkaTopics alarmEvents = new KafkaTopics(run.alarmsTopic);
        FlinkSessionJobs cluster = new FlinkSessionJobs("FlinkClusterIT")) {
      List<String> args = cluster.args(run);
      String first = cluster.submit(args, null);

      // 1. One seeded batch: exactly the rules' alarms, before any upgrade.
      traffic.send(run, 300);
      traffic.compare(alarmEvents, RESULTS).assertExact();

      // 2. Readings keep coming while the job stops with a savepoint and while the new one starts from it.
      String savepoint;
      int duringUpgrade;
      try (SeededSensorTraffic.Trickle trickle = traffic.trickle(run, 5, 200)) {
        savepoint = cluster.stopWithSavepoint(first);
        cluster.submit(args, savepoint);
        duringUpgrade = trickle.stop();
      }
      traffic.send(run, 200);

      // 3. The whole run against the rules over everything sent.
      SeededSensorTraffic.Comparison whole = traffic.compare(alarmEvents, RESULTS);
      System.out.printf("FlinkClusterIT: readings sent %d (recoveries included; %d during the stop and the"
          + " resubmission), alarms expected %d (events, RAISED and CLEARED), found %d (%d distinct), duplicated %d"
          + " (RAISED twice: %d), lost %d, unexpected %d; savepoint %s%n", traffic.sentCount(), duringUpgrade,
          whole.expected().size(), whole.found().size(), whole.distinct(), whole.found().size() - whole.distinct(),
          whole.raisedTwice(), whole.lost().size(), whole.unexpected().size(), savepoint);
      whole.assertExact();

      traffic.assertMails(run, RESULTS);
      traffic.assertMapPoints(run, RESULTS);
    }
  }
}
