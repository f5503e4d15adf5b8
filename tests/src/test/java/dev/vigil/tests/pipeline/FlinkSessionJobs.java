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
  private static final String METASPACE_USED = "Status.JVM.Memory.Metaspace.Used";
  private static final String METASPACE_MAX = "Status.JVM.Memory.Metaspace.Max";
  /** A job and a few failovers of it (each reloads its classes): ~4 x 55 MB. */
  private static final long METASPACE_FOR_A_JOB = 240L << 20;

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
    renewWornTaskManagers();
  }

  /**
   * Restarts a TaskManager that could not take another job: every job run on a TaskManager leaves its classes behind
   * (~50-60 MB of metaspace: Beam's CassandraIO caches its driver sessions and a shutdown hook in static fields of the
   * job's class loader; README, "The stack's Flink cluster"), and a TaskManager out of metaspace dies under the
   * next job, which then never runs. The suite submits more jobs and restarts than the 512 MB last, in an order that
   * differs between machines. Also brings back a TaskManager that is missing. Prints what it did.
   */
  private void renewWornTaskManagers() throws Exception {
    if (rest.jobs().values().stream().anyMatch(job -> !FlinkRest.isTerminal(job.state()))) {
      return; // a job runs (another test's, or a user's): leave its TaskManagers alone
    }
    List<String> worn = new ArrayList<>();
    for (String taskManager : rest.registeredTaskManagers()) {
      Map<String, Long> metaspace = rest.taskManagerMetrics(taskManager, METASPACE_USED, METASPACE_MAX);
      long used = metaspace.getOrDefault(METASPACE_USED, 0L);
      long max = metaspace.getOrDefault(METASPACE_MAX, Long.MAX_VALUE);
      if (max - used < METASPACE_FOR_A_JOB) {
        System.out.printf("%s: restarting flink-%s, %d of %d MB metaspace used (the classes of the jobs it ran)%n",
            test, taskManager, used >> 20, max >> 20);
        worn.add("flink-" + taskManager);
      }
    }
    if (!worn.isEmpty()) {
      StackControl.down(worn.toArray(String[]::new));
    }
    StackControl.up("flink"); // starts only the TaskManagers that are not running; a no-op otherwise
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
    try {
      return Eventually.get(timeout, "job " + jobId + " and all its tasks RUNNING", () -> {
        FlinkRest.JobDetails details = rest.details(jobId);
        return details.allRunning() ? details : null;
      });
    } catch (AssertionError notRunning) {
      throw new AssertionError(notRunning.getMessage() + "; " + whyNotRunning(jobId), notRunning);
    }
  }

  /** What the cluster says of a job that does not run: its state, its vertices', the slots, its latest failure. */
  private String whyNotRunning(String jobId) {
    try {
      FlinkRest.JobDetails details = rest.details(jobId);
      StringBuilder why = new StringBuilder("job ").append(details.state()).append(", vertices");
      details.vertices().forEach(v -> why.append(' ').append(v.status()));
      why.append("; cluster: ").append(rest.overview()).append(", TaskManagers ").append(rest.registeredTaskManagers());
      return why.append("; latest failure: ").append(rest.latestFailure(jobId, 8)).toString();
    } catch (Exception e) {
      return "the cluster did not say why (" + e + ")";
    }
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
