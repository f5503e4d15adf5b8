package dev.vigil.tests.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.runners.FlinkRest;
import dev.vigil.runners.Profile;
import dev.vigil.runners.Submit;
import dev.vigil.tests.support.Eventually;
import dev.vigil.tests.support.LocalStack;
import dev.vigil.tests.support.StackControl;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The pipeline jar's jobs on the stack's Flink session cluster (bin/vigil stack up flink), as the cluster ITs run
 * them: submitted detached with the {@code flink-cluster} profile by the runners' own {@link Submit}, stopped with a
 * savepoint, resubmitted from it. Closing it cancels every job it submitted that still runs and deletes the
 * savepoints it took, so that the next test finds the cluster as before (failed or not).
 */
final class FlinkSessionJobs implements AutoCloseable {
  final FlinkRest rest;
  final Profile profile;
  private final String test;
  private final List<String> jobs = new ArrayList<>();
  private final List<String> savepoints = new ArrayList<>();

  /** Fails (never skips) with a hint when the cluster does not answer. */
  FlinkSessionJobs(String test) throws Exception {
    this.test = test;
    rest = new FlinkRest(LocalStack.flinkRest());
    try {
      rest.jobs();
    } catch (IOException e) {
      throw new AssertionError("the stack's Flink cluster at " + LocalStack.flinkRest() + " does not answer: start it"
          + " with 'bin/vigil stack up flink'", e);
    }
    profile = Profile.find("flink-cluster", StackControl.home());
  }

  /** The run's resources as pipeline options, then {@code overrides} ("--name=value"), over the profile's. */
  List<String> args(PipelineRun run, String... overrides) throws Exception {
    List<String> options = new ArrayList<>(run.optionArgs(Map.of("metricsPort", "0", "jobName",
        "it-" + run.id.replace('_', '-'))));
    options.addAll(List.of(overrides));
    return profile.pipelineArgs(options);
  }

  /** Submits ({@code savepoint} null: a fresh start) and waits until every task runs; returns the job id. */
  String submit(List<String> args, String savepoint) throws Exception {
    List<String> all = new ArrayList<>(args);
    if (savepoint != null) {
      all.add("--savepointPath=" + savepoint);
    }
    long start = System.nanoTime();
    Submit.Submission job = Submit.toCluster(profile, PipelineJar.jar(), all, Duration.ofMinutes(3));
    jobs.add(job.jobId());
    FlinkRest.JobDetails running = awaitAllRunning(job.jobId(), Duration.ofMinutes(3));
    System.out.printf("%s: job %s submitted%s at parallelism %d in %.1f s; web UI %s%n", test, job.jobId(),
        savepoint == null ? "" : " from " + savepoint, running.parallelism(), (System.nanoTime() - start) / 1e9,
        job.webUi());
    return job.jobId();
  }

  /** Waits until the job and every one of its tasks run. */
  FlinkRest.JobDetails awaitAllRunning(String jobId, Duration timeout) {
    return Eventually.get(timeout, "job " + jobId + " and all its tasks RUNNING", () -> {
      FlinkRest.JobDetails details = rest.details(jobId);
      return details.allRunning() ? details : null;
    });
  }

  /** Stops the job with a savepoint in the profile's folder, waits until it FINISHED; returns the savepoint. */
  String stopWithSavepoint(String jobId) throws Exception {
    String savepoint = rest.stopWithSavepoint(jobId, profile.submitSetting("savepointDir", null),
        Duration.ofMinutes(2));
    savepoints.add(savepoint);
    assertThat(rest.awaitTerminal(jobId, Duration.ofMinutes(1))).isEqualTo("FINISHED");
    return savepoint;
  }

  @Override
  public void close() throws Exception {
    cancelAll();
  }

  /** Cancels every job it submitted that still runs, deletes the savepoints it took. */
  void cancelAll() throws Exception {
    for (String job : jobs) {
      if (!FlinkRest.isTerminal(rest.state(job))) {
        rest.cancel(job);
        rest.awaitTerminal(job, Duration.ofMinutes(1));
      }
    }
    for (String savepoint : savepoints) {
      if (savepoint.startsWith("file:")) {
        deleteTree(Path.of(URI.create(savepoint)));
      }
    }
    savepoints.clear();
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
