package dev.vigil.tests.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.runners.FlinkRest;
import dev.vigil.tests.support.KafkaTopics;
import dev.vigil.tests.support.StackControl;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Scaling the stack's Flink session cluster out and in, as the reference clusters added and removed nodes: the job
 * runs at parallelism 2 on two TaskManagers; a third one joins (6 slots) and the job is stopped with a savepoint and
 * resubmitted from it at parallelism 6; later stopped again, the third TaskManager leaves, and the job comes back at
 * parallelism 2. Readings keep coming during each switch. The keyed state (the rules' per-sensor state, the mailer's
 * ids) rescales through Flink's key groups (the profile's {@code maxParallelism=128}), the Kafka positions through
 * the source's split state. The alarm events over the whole run must be exactly the plain-Java rules': none lost,
 * none unexpected, none written twice; one mail per RAISED id; a map point for every sensor.
 */
class FlinkScalingIT {
  private static final int SENSORS = 60;
  private static final Duration RESULTS = Duration.ofSeconds(120);
  private static final String THIRD = "flink-taskmanager-3";

  private final SeededSensorTraffic traffic = new SeededSensorTraffic(SENSORS, 2027);

  @Test
  void scaleOutToSixAndBackToTwoLosesNoAlarmAndRaisesNoneTwice() throws Exception {
    List<String> phases = new ArrayList<>();
    try (PipelineRun run = new PipelineRun("flinkscaling", 300);
        KafkaTopics alarmEvents = new KafkaTopics(run.alarmsTopic);
        FlinkSessionJobs cluster = new FlinkSessionJobs("FlinkScalingIT")) {
      try {
        // 1. Parallelism 2 on the two TaskManagers: one seeded batch, exactly the rules' alarms.
        String job = cluster.submit(cluster.args(run, "--parallelism=2"), null);
        phases.add(phase(cluster, job, 2));
        traffic.send(run, 300);
        traffic.compare(alarmEvents, RESULTS).assertExact();

        // 2. Scale out: a third TaskManager, then stop with a savepoint and resubmit at 6 while readings keep coming.
        StackControl.up(THIRD);
        long outStart = System.nanoTime();
        int duringOut;
        try (SeededSensorTraffic.Trickle trickle = traffic.trickle(run, 5, 200)) {
          String savepoint = cluster.stopWithSavepoint(job);
          job = cluster.submit(cluster.args(run, "--parallelism=6"), savepoint);
          duringOut = trickle.stop();
        }
        double out = (System.nanoTime() - outStart) / 1e9;
        phases.add(phase(cluster, job, 6));
        assertThat(cluster.rest.taskManagers(job)).as("TaskManagers running the job at parallelism 6")
            .contains("taskmanager-3");
        traffic.send(run, 200);

        // 3. Scale in: stop with a savepoint, the third TaskManager leaves, resubmit at 2 (readings keep coming). The
        // TaskManager leaves between the two jobs: leaving under a running job would fail its tasks over.
        long inStart = System.nanoTime();
        int duringIn;
        try (SeededSensorTraffic.Trickle trickle = traffic.trickle(run, 5, 200)) {
          String savepoint = cluster.stopWithSavepoint(job);
          StackControl.down(THIRD);
          job = cluster.submit(cluster.args(run, "--parallelism=2"), savepoint);
          duringIn = trickle.stop();
        }
        double in = (System.nanoTime() - inStart) / 1e9;
        phases.add(phase(cluster, job, 2));
        traffic.send(run, 200);

        // 4. The whole run against the rules over everything sent.
        SeededSensorTraffic.Comparison whole = traffic.compare(alarmEvents, RESULTS);
        System.out.printf("FlinkScalingIT: messages sent %d (%d during the scale-out, %d during the scale-in),"
            + " alarms expected %d, found %d (%d distinct), duplicated %d (RAISED twice: %d), lost %d, unexpected %d;"
            + " scale-out 2->6 took %.1f s, scale-in 6->2 %.1f s (stop with savepoint to all tasks running);"
            + " parallelism per phase %s%n", traffic.sentCount(), duringOut, duringIn, whole.expected().size(),
            whole.found().size(), whole.distinct(), whole.found().size() - whole.distinct(), whole.raisedTwice(),
            whole.lost().size(), whole.unexpected().size(), out, in, phases);
        whole.assertExact();
        traffic.assertMails(run, RESULTS);
        traffic.assertMapPoints(run, RESULTS);
      } finally {
        cluster.cancelAll();      // the jobs first: a TaskManager leaving under one would fail it over
        StackControl.down(THIRD); // whatever happened above, leave the two-TaskManager cluster as it was
      }
    }
  }

  /** The running job's parallelism, from the REST API's job graph, checked against the one it was submitted with. */
  private static String phase(FlinkSessionJobs cluster, String job, int submitted) throws Exception {
    FlinkRest.JobDetails details = cluster.rest.details(job);
    assertThat(details.parallelism()).as("parallelism of job " + job + " (its vertices: " + details.vertices() + ")")
        .isEqualTo(submitted);
    long atFull = details.vertices().stream().filter(v -> v.parallelism() == submitted).count();
    return "p=" + submitted + " (" + atFull + " of " + details.vertices().size() + " vertices at " + submitted + ")";
  }
}
