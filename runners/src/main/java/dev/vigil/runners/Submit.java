package dev.vigil.runners;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Runs the pipeline jar's {@code dev.vigil.pipeline.VigilPipeline} with a profile's settings and the user's extra
 * pipeline options (the user wins). Embedded Flink ({@code flinkMaster=[local]}) and Spark in client mode (local[N]):
 * in the foreground, until stopped. On a Flink cluster: the pipeline's own FlinkRunner client uploads the jar to the
 * REST address and submits detached; this waits until the cluster lists the job, then prints its id, its web UI page
 * and where the logs are. Spark in cluster mode (standalone, YARN): spark-submit ({@link SparkSubmission}), then the
 * same for the application.
 */
@Command(name = "submit", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Submits the Vigil pipeline with a profile from profiles/ (README, \"Runners\").")
public final class Submit implements Callable<Integer> {
  static final String PIPELINE_MAIN = "dev.vigil.pipeline.VigilPipeline";

  @Option(names = "--profile", defaultValue = "${sys:vigil.profile:-}", description = "a profile in profiles/ or a"
      + " file (default: flink-cluster with --flink-master, else flink-embedded; Maven: -Dvigil.profile=...)")
  String profile;

  @Option(names = "--conf", paramLabel = "KEY=VALUE", description = "replaces or adds a profile setting (a pipeline"
      + " option, a spark. or a submit. key), e.g. --conf spark.executor.instances=1")
  Map<String, String> overrides = new LinkedHashMap<>();

  @Option(names = "--print-command", description = "print the pipeline's command, one argument a line, and exit"
      + " (embedded and client mode: bin/vigil starts the pipeline so)")
  boolean printCommand;

  @Option(names = "--flink-master", defaultValue = "${sys:flink.master:-}",
      description = "a Flink cluster's REST address host:port (default: the profile's; Maven: -Dflink.master=...)")
  String flinkMaster;

  @Option(names = "--from-savepoint", paramLabel = "PATH", description = "start from this savepoint")
  String fromSavepoint;

  @Option(names = "--from-latest-checkpoint", description = "Flink: resume from the newest completed checkpoint"
      + " under the profile's stateBackendStoragePath, e.g. after the pipeline's process was killed; starts fresh"
      + " (from the group's committed offsets) when there is none")
  boolean fromLatestCheckpoint;

  @Option(names = "--jar", description = "the pipeline jar (default: pipeline/target/vigil-pipeline.jar)")
  Path jar;

  @Option(names = "--timeout", defaultValue = "300", description = "seconds to wait for the cluster to list the job")
  long timeoutSeconds;

  @Parameters(paramLabel = "PIPELINE_OPTION", description = "pipeline options after --, e.g. -- --parallelism=4")
  List<String> pipelineOptions = new ArrayList<>();

  /** A job submitted to a cluster. */
  public record Submission(String jobId, String jobName, String webUi, Path clientLog, String clusterLogs) {}

  public static void main(String[] args) {
    int exit = new CommandLine(new Submit()).execute(args);
    if (exit != 0) {
      System.exit(exit);
    }
  }

  @Override
  public Integer call() throws Exception {
    Path home = Profile.home();
    boolean cluster = flinkMaster != null && !flinkMaster.isBlank();
    String name = profile != null && !profile.isBlank() ? profile : cluster ? "flink-cluster" : "flink-embedded";
    Profile settings = Profile.find(name, home).with(overrides);
    List<String> options = new ArrayList<>(pipelineOptions);
    if (cluster) {
      options.add("--flinkMaster=" + flinkMaster);
    }
    if (fromSavepoint != null && fromLatestCheckpoint) {
      System.err.println("give --from-savepoint or --from-latest-checkpoint, not both");
      return 2;
    }
    if (fromLatestCheckpoint) {
      String storage = settings.option("stateBackendStoragePath");
      if (storage == null) {
        System.err.println("profile " + settings.name() + " sets no stateBackendStoragePath: no checkpoint to resume");
        return 2;
      }
      fromSavepoint = LatestCheckpoint.find(storage).map(Path::toString).orElse(null);
      // stderr: with --print-command, stdout is the command (bin/vigil spawns what it prints).
      System.err.println(fromSavepoint == null
          ? "no completed checkpoint under " + storage + ": starting fresh, from the group's committed offsets"
          : "resuming from checkpoint " + fromSavepoint);
    }
    if (fromSavepoint != null) {
      options.add("--savepointPath=" + fromSavepoint);
    }
    Path pipelineJar = jar != null ? jar : home.resolve("pipeline/target/vigil-pipeline.jar");
    if (SparkSubmission.isSpark(settings)) {
      return onSpark(new SparkSubmission(settings), settings, pipelineJar, sparkArgs(settings, options));
    }
    List<String> args = settings.pipelineArgs(options);
    if (printCommand) {
      command(settings, pipelineJar, args).forEach(System.out::println);
      return 0;
    }
    if (!detached(args)) {
      System.out.println("running the pipeline on embedded Flink in the foreground (profile " + settings.name()
          + "); no web UI; logs: this terminal; Ctrl-C stops it");
      Process process = new ProcessBuilder(command(settings, pipelineJar, args)).inheritIO().start();
      Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
      return process.waitFor();
    }
    Submission submission = toCluster(settings, pipelineJar, args, Duration.ofSeconds(timeoutSeconds));
    System.out.println("job id:       " + submission.jobId() + " (" + submission.jobName() + ")");
    System.out.println("web UI:       " + submission.webUi());
    System.out.println("client log:   " + submission.clientLog());
    System.out.println("cluster logs: " + submission.clusterLogs());
    return 0;
  }

  private int onSpark(SparkSubmission spark, Profile settings, Path pipelineJar, List<String> args) throws Exception {
    if (printCommand) {
      spark.command(pipelineJar, args).forEach(System.out::println);
      return 0;
    }
    if (!spark.clusterMode()) {
      System.out.println("running the pipeline on Spark (" + spark.master() + ", profile " + settings.name()
          + ") in the foreground; the driver's UI: http://127.0.0.1:"
          + settings.sparkConf().getOrDefault("spark.ui.port", "4040") + "; logs: this terminal; Ctrl-C stops it");
      return spark.runInForeground(pipelineJar, args);
    }
    SparkSubmission.Application app = spark.submit(pipelineJar, args, Duration.ofSeconds(timeoutSeconds));
    System.out.println("application:  " + app.id() + " (" + app.name() + ")");
    if (app.driverId() != null) {
      System.out.println("driver:       " + app.driverId() + " (Cancel --profile " + settings.name() + " "
          + app.driverId() + " stops it)");
    }
    System.out.println("web UI:       " + app.webUi());
    System.out.println("client log:   " + app.clientLog());
    System.out.println("cluster logs: " + app.logs());
    return 0;
  }

  /**
   * The pipeline arguments of a Spark run: a job name if none is given, the application named after it, and the profile's
   * {@code checkpointDir} made the job's own ({@code <checkpointDir>/<jobName>}): Spark Streaming restores whatever
   * pipeline a checkpoint folder holds, so a new job must not find an older one's; a restarted one (same name) resumes.
   */
  public static List<String> sparkArgs(Profile settings, List<String> userOptions) {
    List<String> args = withJobName(settings.pipelineArgs(userOptions));
    if (value(args, "appName") == null) {
      // Beam names the SparkContext after --appName (default: the main class), over spark.app.name.
      args.add("--appName=" + value(args, "jobName"));
    }
    String checkpointDir = value(args, "checkpointDir");
    if (checkpointDir != null && userOptions.stream().noneMatch(a -> a.startsWith("--checkpointDir="))) {
      args.removeIf(a -> a.startsWith("--checkpointDir="));
      args.add("--checkpointDir=" + checkpointDir.replaceAll("/+$", "") + "/" + value(args, "jobName"));
    }
    return args;
  }

  /** {@code args} with a {@code --jobName}: the given one, or vigil-pipeline-<time>. */
  static List<String> withJobName(List<String> args) {
    List<String> all = new ArrayList<>(args);
    if (value(all, "jobName") == null) {
      all.add("--jobName=vigil-pipeline-"
          + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS")));
    }
    return all;
  }

  /** Submits to the profile's cluster (the options' {@code --flinkMaster} if given) and returns the job. */
  public static Submission toCluster(Profile settings, Path pipelineJar, List<String> args, Duration timeout)
      throws IOException, InterruptedException {
    List<String> all = withJobName(args);
    String jobName = value(all, "jobName");
    String master = value(all, "flinkMaster");
    if (master == null || master.startsWith("[")) {
      throw new IllegalArgumentException("profile " + settings.name() + " names no cluster (flinkMaster=" + master
          + "): give --flink-master=host:port");
    }
    FlinkRest rest = new FlinkRest(master);
    Set<String> before = rest.jobs().keySet();   // also fails early, with a hint, when the cluster does not answer
    Path log = Path.of(settings.submitSetting("logDir", System.getProperty("java.io.tmpdir")))
        .resolve(jobName + ".log");
    Files.createDirectories(log.getParent());
    Process client = new ProcessBuilder(command(settings, pipelineJar, all)).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    try {
      String jobId = awaitJob(rest, before, jobName, client, log, Instant.now().plus(timeout));
      // The client's work is done once the cluster has the job; its JVM may linger on non-daemon threads.
      if (!client.waitFor(30, TimeUnit.SECONDS)) {
        client.destroy();
      }
      String clusterLogs = settings.submitSetting("clusterLogs", null);
      return new Submission(jobId, jobName, rest.jobUi(jobId), log,
          rest.webUi() + "/#/job-manager/logs" + (clusterLogs != null ? " and " + clusterLogs : ""));
    } finally {
      if (client.isAlive()) {
        client.destroyForcibly();
      }
    }
  }

  private static String awaitJob(FlinkRest rest, Set<String> before, String jobName, Process client, Path log,
      Instant deadline) throws IOException, InterruptedException {
    while (Instant.now().isBefore(deadline)) {
      for (FlinkRest.Job job : rest.jobs().values()) {
        if (job.name().equals(jobName) && !before.contains(job.id())) {
          return job.id();
        }
      }
      if (!client.isAlive() && client.exitValue() != 0) {
        throw new IOException("the submission failed (exit " + client.exitValue() + "); its log is " + log + ":\n"
            + tail(log));
      }
      Thread.sleep(500);
    }
    throw new IOException("the cluster did not list job " + jobName + " in time; the client's log is " + log + ":\n"
        + tail(log));
  }

  static List<String> command(Profile settings, Path pipelineJar, List<String> args) {
    if (!Files.isRegularFile(pipelineJar)) {
      throw new IllegalArgumentException(pipelineJar + " is missing: build it with"
          + " 'mvn -B -q -pl pipeline -am package -DskipTests'");
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    String javaOptions = settings.submitSetting("javaOptions", "").strip();
    if (!javaOptions.isEmpty()) {
      command.addAll(Arrays.asList(javaOptions.split("\\s+")));
    }
    command.addAll(List.of("-cp", pipelineJar.toString(), PIPELINE_MAIN));
    command.addAll(args);
    return command;
  }

  static boolean detached(List<String> args) {
    return args.contains("--attachedMode=false");
  }

  /** The value of {@code --name=value} among the arguments, or null. */
  static String value(List<String> args, String name) {
    String prefix = "--" + name + "=";
    return args.stream().filter(a -> a.startsWith(prefix)).map(a -> a.substring(prefix.length())).reduce(
        (first, last) -> last).orElse(null);
  }

  static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e + ")";
    }
  }
}
