package dev.vigil.runners;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * spark-submit for a profile whose runner is {@code SparkRunner}. SPARK_HOME here is a folder of Spark's jars (no
 * tarball is reachable, so no bin/spark-submit script): this starts the JVM that the script would start, and does for
 * it what the script's launcher does in client mode, where that JVM is the driver: {@code spark.driver.memory} and
 * {@code spark.driver.extraJavaOptions} apply to it. Java 17's module options ({@code submit.javaOptionsFile}) go to
 * it, to the driver and to the executors.
 *
 * <p>Client mode (local[N], or a cluster's executors driven from here): the driver is the started process, and the
 * application is known once the driver's UI lists it. Cluster mode (standalone or YARN): the client ends after the
 * submission, and the application is known once the master (or the ResourceManager) lists it as running.
 */
public final class SparkSubmission {
  static final String SPARK_SUBMIT = "org.apache.spark.deploy.SparkSubmit";
  private static final Pattern YARN_APPLICATION = Pattern.compile("application_\\d+_\\d+");
  private static final Pattern STANDALONE_DRIVER = Pattern.compile("driver-\\d+-\\d+");
  private static final Pattern DRIVER_UI_PORT = Pattern.compile("started service 'SparkUI' on port (\\d+)");

  /**
   * A submitted application. {@code driver} is the driver's process in client mode (it runs as long as the job), else
   * null; {@code driverId} is the standalone master's id of a cluster-mode driver, else null.
   */
  public record Application(String id, String name, String webUi, Path clientLog, String logs, String driverId,
      Process driver) {}

  private final Profile settings;

  public SparkSubmission(Profile settings) {
    if (!isSpark(settings)) {
      throw new IllegalArgumentException("profile " + settings.name() + " does not run on Spark (runner="
          + settings.option("runner") + ")");
    }
    this.settings = settings;
  }

  public static boolean isSpark(Profile settings) {
    return "SparkRunner".equals(settings.option("runner"));
  }

  String master() {
    return settings.sparkConf().getOrDefault("spark.master", "local[2]");
  }

  boolean clusterMode() {
    return "cluster".equals(settings.sparkConf().get("spark.submit.deployMode"));
  }

  Path sparkHome() {
    String home = settings.submitSetting("sparkHome", System.getenv("SPARK_HOME"));
    if (home == null || !Files.isDirectory(Path.of(home, "jars"))) {
      throw new IllegalArgumentException("no SPARK_HOME with a jars/ folder at " + home + " (profile "
          + settings.name() + ", submit.sparkHome): prepare the local stack's with 'bin/vigil stack install'");
    }
    return Path.of(home);
  }

  /** The module options for Java 17 from {@code submit.javaOptionsFile}: one a line, # comments. */
  List<String> moduleOptions() throws IOException {
    String file = settings.submitSetting("javaOptionsFile", null);
    if (file == null) {
      return List.of();
    }
    return Files.readAllLines(Path.of(file), StandardCharsets.UTF_8).stream().map(String::strip)
        .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
  }

  /**
   * The command that submits {@code pipelineJar} with {@code pipelineArgs} (which must hold {@code --jobName}): the
   * profile's Spark configuration as {@code --conf}, the application named after the job.
   */
  List<String> command(Path pipelineJar, List<String> pipelineArgs) throws IOException {
    if (!Files.isRegularFile(pipelineJar)) {
      throw new IllegalArgumentException(pipelineJar + " is missing: build it with"
          + " 'mvn -B -q -pl pipeline -am package -DskipTests'");
    }
    String jobName = Submit.value(pipelineArgs, "jobName");
    List<String> moduleOptions = moduleOptions();
    String modules = String.join(" ", moduleOptions);
    Map<String, String> conf = new LinkedHashMap<>(settings.sparkConf());
    conf.put("spark.app.name", jobName);
    if (!modules.isEmpty()) {
      for (String key : List.of("spark.driver.extraJavaOptions", "spark.executor.extraJavaOptions")) {
        conf.merge(key, modules, (given, added) -> added + " " + given);
      }
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(moduleOptions);
    if (!clusterMode()) {
      // The driver is this JVM: give it what spark-submit's launcher would.
      String memory = conf.get("spark.driver.memory");
      if (memory != null) {
        command.add("-Xmx" + memory);
      }
      String driverOptions = settings.sparkConf().get("spark.driver.extraJavaOptions");
      if (driverOptions != null && !driverOptions.isBlank()) {
        command.addAll(Arrays.asList(driverOptions.strip().split("\\s+")));
      }
    }
    String hadoopConf = settings.submitSetting("hadoopConfDir", null);
    command.add("-cp");
    command.add((hadoopConf != null ? hadoopConf + ":" : "") + sparkHome().resolve("jars") + "/*");
    command.add(SPARK_SUBMIT);
    conf.forEach((key, value) -> {
      command.add("--conf");
      command.add(key + "=" + value);
    });
    command.add("--class");
    command.add(Submit.PIPELINE_MAIN);
    command.add(pipelineJar.toString());
    command.addAll(pipelineArgs);
    return command;
  }

  /** The process's environment: SPARK_HOME, HADOOP_CONF_DIR for YARN, and the profile's {@code submit.env.NAME}. */
  ProcessBuilder processBuilder(List<String> command) {
    ProcessBuilder builder = new ProcessBuilder(command);
    settings.settings().forEach((key, value) -> {
      if (key.startsWith(Profile.SUBMIT_PREFIX + "env.")) {
        builder.environment().put(key.substring((Profile.SUBMIT_PREFIX + "env.").length()), value);
      }
    });
    builder.environment().put("SPARK_HOME", sparkHome().toString());
    String hadoopConf = settings.submitSetting("hadoopConfDir", null);
    if (hadoopConf != null) {
      builder.environment().put("HADOOP_CONF_DIR", hadoopConf);
    }
    return builder;
  }

  /** Runs the driver in the foreground (client mode): Ctrl-C stops it. */
  int runInForeground(Path pipelineJar, List<String> pipelineArgs) throws IOException, InterruptedException {
    Process process = processBuilder(command(pipelineJar, pipelineArgs)).inheritIO().start();
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
    return process.waitFor();
  }

  /** Submits, then waits until the application runs (up to {@code timeout}). */
  public Application submit(Path pipelineJar, List<String> pipelineArgs, Duration timeout)
      throws IOException, InterruptedException {
    String jobName = Submit.value(pipelineArgs, "jobName");
    Path log = Path.of(settings.submitSetting("logDir", System.getProperty("java.io.tmpdir")))
        .resolve(jobName + ".log");
    Files.createDirectories(log.getParent());
    Process client = processBuilder(command(pipelineJar, pipelineArgs)).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    Instant deadline = Instant.now().plus(timeout);
    try {
      Application application = clusterMode()
          ? awaitClusterApplication(jobName, client, log, deadline)
          : awaitDriver(jobName, client, log, deadline);
      client = null;
      return application;
    } finally {
      if (client != null && client.isAlive()) {
        client.destroyForcibly();
      }
    }
  }

  /**
   * Client mode: the driver's UI lists the application once its SparkContext is up. Its port is the one the driver
   * logs (Spark takes the next one when {@code spark.ui.port} is taken).
   */
  private Application awaitDriver(String jobName, Process driver, Path log, Instant deadline)
      throws IOException, InterruptedException {
    while (Instant.now().isBefore(deadline)) {
      failIfEnded(driver, log, false);
      Matcher port = DRIVER_UI_PORT.matcher(Files.readString(log, StandardCharsets.UTF_8));
      if (port.find()) {
        String ui = "http://127.0.0.1:" + port.group(1);
        try {
          for (JsonNode app : SparkRest.get(ui + "/api/v1/applications")) {
            if (jobName.equals(app.path("name").asText())) {
              return new Application(app.path("id").asText(), jobName, ui, log, log.toString(), null, driver);
            }
          }
        } catch (IOException notYet) {
          // the UI answers a moment after it is bound
        }
      }
      Thread.sleep(500);
    }
    throw new IOException("the driver's UI did not list " + jobName + " in time; its log is " + log + ":\n"
        + Submit.tail(log));
  }

  /** Cluster mode: the client ends once the cluster has the driver; the master or the RM then lists the app. */
  private Application awaitClusterApplication(String jobName, Process client, Path log, Instant deadline)
      throws IOException, InterruptedException {
    long left = Duration.between(Instant.now(), deadline).toMillis();
    if (!client.waitFor(Math.max(left, 1), TimeUnit.MILLISECONDS)) {
      throw new IOException("spark-submit did not finish submitting in time; its log is " + log + ":\n"
          + Submit.tail(log));
    }
    failIfEnded(client, log, true);
    String text = Files.readString(log, StandardCharsets.UTF_8);
    if (master().startsWith("yarn")) {
      String id = firstMatch(YARN_APPLICATION, text, log);
      SparkRest.ResourceManager rm = new SparkRest.ResourceManager(required("resourceManagerWebUi"));
      JsonNode app = rm.awaitState(id, "RUNNING", deadline);
      return new Application(id, jobName, app.path("trackingUrl").asText(rm.appPage(id)), log,
          rm.appPage(id) + " (container logs: " + settings.submitSetting("clusterLogs", "the NodeManagers' log dirs")
              + ")", null, null);
    }
    String driverId = firstMatch(STANDALONE_DRIVER, text, log);
    String masterUi = required("masterWebUi");
    while (Instant.now().isBefore(deadline)) {
      JsonNode master = SparkRest.get(masterUi + "/json/");
      for (JsonNode ended : master.path("completeddrivers")) {
        if (driverId.equals(ended.path("id").asText())) {
          throw new IOException("driver " + driverId + " ended " + ended.path("state").asText() + " before its"
              + " application ran: see its stderr in " + settings.submitSetting("clusterLogs", "the worker's work dir")
              + "/" + driverId);
        }
      }
      for (JsonNode app : master.path("activeapps")) {
        if (jobName.equals(app.path("name").asText())) {
          String id = app.path("id").asText();
          String workDir = settings.submitSetting("clusterLogs", "the worker's work dir");
          return new Application(id, jobName, masterUi + "/app/?appId=" + id, log,
              workDir + "/" + driverId + " (driver) and " + workDir + "/" + id + " (executors)", driverId, null);
        }
      }
      Thread.sleep(500);
    }
    throw new IOException("the master at " + masterUi + " did not list " + jobName + " (driver " + driverId
        + ") in time; the client's log is " + log);
  }

  /** Stops the application: the local driver's process, the standalone master's driver, or the YARN application. */
  public void kill(Application application) throws IOException, InterruptedException {
    if (application.driver() != null) {
      application.driver().destroy();
      if (!application.driver().waitFor(30, TimeUnit.SECONDS)) {
        application.driver().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } else {
      kill(application.driverId() != null ? application.driverId() : application.id());
    }
  }

  /**
   * Stops a cluster-mode application by the id {@code Submit} printed: a standalone driver ({@code driver-...},
   * through the master, as {@code spark-submit --kill} does) or a YARN application ({@code application_...}).
   */
  public void kill(String id) throws IOException, InterruptedException {
    if (id.startsWith("driver-")) {
      List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
          sparkHome().resolve("jars") + "/*", "org.apache.spark.deploy.Client", "kill", master(), id);
      Process kill = processBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!kill.waitFor(60, TimeUnit.SECONDS)) {
        kill.destroyForcibly();
        throw new IOException("could not kill driver " + id + " in 60 s");
      }
    } else if (id.startsWith("application_")) {
      new SparkRest.ResourceManager(required("resourceManagerWebUi")).kill(id);
    } else {
      throw new IllegalArgumentException("not a cluster-mode Spark id: " + id + "; give the driver id (driver-..., on"
          + " a standalone master) or the YARN application id (application_...), as Submit printed them; a"
          + " local-mode driver stops with Ctrl-C");
    }
  }

  private String required(String submitKey) {
    String value = settings.submitSetting(submitKey, null);
    if (value == null) {
      throw new IllegalArgumentException("profile " + settings.name() + " needs submit." + submitKey);
    }
    return value;
  }

  private static void failIfEnded(Process process, Path log, boolean zeroIsFine) throws IOException {
    if (!process.isAlive() && !(zeroIsFine && process.exitValue() == 0)) {
      throw new IOException("spark-submit ended (exit " + process.exitValue() + "); its log is " + log + ":\n"
          + Submit.tail(log));
    }
  }

  private static String firstMatch(Pattern pattern, String text, Path log) throws IOException {
    Matcher matcher = pattern.matcher(text);
    if (!matcher.find()) {
      throw new IOException("spark-submit printed no " + pattern + "; its log is " + log + ":\n" + Submit.tail(log));
    }
    return matcher.group();
  }
}
