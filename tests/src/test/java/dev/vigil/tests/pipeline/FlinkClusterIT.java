package dev.vigil.tests.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.runners.FlinkRest;
import dev.vigil.runners.Profile;
import dev.vigil.runners.Submit;
import dev.vigil.tests.support.Eventually;
import dev.vigil.tests.support.KafkaTopics;
import dev.vigil.tests.support.LocalStack;
import dev.vigil.tests.support.StackControl;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The pipeline jar on the stack's real Flink session cluster (bin/vigil stack up flink), submitted detached with the
 * {@code flink-cluster} profile by the runners' own {@link Submit}, then upgraded without losing data: stop with a
 * savepoint, resubmit from it, while readings keep coming. The alarm events over the whole run must be exactly what
 * the pipeline's plain-Java rules give for the same messages in Kafka order: no alarm id missing, none RAISED twice,
 * one mail per RAISED id, a map point for every sensor.
 */
class FlinkClusterIT {
  private static final int SENSORS = 60;
  private static final Duration RESULTS = Duration.ofSeconds(90);

  private final SeededSensorTraffic traffic = new SeededSensorTraffic(SENSORS, 2026);

  @Test
  void upgradeWithSavepointLosesNoAlarmAndRaisesNoneTwice() throws Exception {
    FlinkRest cluster = new FlinkRest(LocalStack.flinkRest());
    try {
      cluster.jobs();
    } catch (java.io.IOException e) {
      throw new AssertionError("the stack's Flink cluster at " + LocalStack.flinkRest() + " does not answer: start it"
          + " with 'bin/vigil stack up flink'", e);
    }
    Profile profile = Profile.find("flink-cluster", StackControl.home());
    try (PipelineRun run = new PipelineRun("flinkcluster", 300);
        KafkaTopics alarmEvents = new KafkaTopics(run.alarmsTopic)) {
      List<String> args = profile.pipelineArgs(run.optionArgs(Map.of("metricsPort", "0", "jobName",
          "it-" + run.id.replace('_', '-'))));
      String first = submit(cluster, profile, run, args, null);
      String second = null;
      String savepoint = null;
      try {
        // 1. One seeded batch: exactly the rules' alarms, before any upgrade.
        traffic.send(run, 300);
        traffic.compare(alarmEvents, RESULTS).assertExact();

        // 2. Readings keep coming while the job stops with a savepoint and while the new one starts from it.
        AtomicBoolean sending = new AtomicBoolean(true);
        CompletableFuture<Void> trickle = CompletableFuture.runAsync(() -> {
          try {
            while (sending.get()) {
              traffic.send(run, 5);
              Thread.sleep(200);
            }
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
        int beforeStop = traffic.sentCount();
        savepoint = cluster.stopWithSavepoint(first, profile.submitSetting("savepointDir", null),
            Duration.ofMinutes(2));
        assertThat(cluster.awaitTerminal(first, Duration.ofMinutes(1))).isEqualTo("FINISHED");
        second = submit(cluster, profile, run, args, savepoint);
        sending.set(false);
        trickle.get(1, TimeUnit.MINUTES);
        int duringUpgrade = traffic.sentCount() - beforeStop;
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
      } finally {
        for (String job : second == null ? List.of(first) : List.of(first, second)) {
          if (!FlinkRest.isTerminal(cluster.state(job))) {
            cluster.cancel(job);
            cluster.awaitTerminal(job, Duration.ofMinutes(1));
          }
        }
        if (savepoint != null && savepoint.startsWith("file:")) {
          deleteTree(Path.of(URI.create(savepoint)));
        }
      }
    }
  }

  private static void deleteTree(Path root) throws java.io.IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  /** Submits and waits until the job's tasks run; returns the job id. */
  private static String submit(FlinkRest cluster, Profile profile, PipelineRun run, List<String> args,
      String savepoint) throws Exception {
    List<String> all = new ArrayList<>(args);
    if (savepoint != null) {
      all.add("--savepointPath=" + savepoint);
    }
    long start = System.nanoTime();
    Submit.Submission job = Submit.toCluster(profile, PipelineJar.jar(), all, Duration.ofMinutes(3));
    Eventually.get(Duration.ofMinutes(1), "job " + job.jobId() + " RUNNING",
        () -> "RUNNING".equals(cluster.state(job.jobId())) ? Boolean.TRUE : null);
    System.out.printf("FlinkClusterIT: job %s submitted%s in %.1f s; web UI %s%n", job.jobId(),
        savepoint == null ? "" : " from " + savepoint, (System.nanoTime() - start) / 1e9, job.webUi());
    return job.jobId();
  }
}
