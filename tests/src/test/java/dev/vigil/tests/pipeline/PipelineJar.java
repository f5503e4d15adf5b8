package dev.vigil.tests.pipeline;

import dev.vigil.tests.support.StackControl;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the pipeline's deliverable, {@code pipeline/target/vigil-pipeline.jar}, or the customer loader of
 * {@code tools/target/vigil-tools.jar}, in a JVM of its own. A JVM of its own is the point: the tests run what ships,
 * with the jar's classpath (its Dropwizard 3.x, which the Cassandra driver inside CassandraIO needs) instead of this
 * module's (the in-process gateway's Dropwizard 4.x). Output goes to a log file under target/, whose end is quoted
 * when something fails.
 */
final class PipelineJar implements AutoCloseable {
  /** MailAlarms' log line for a mail it sends again. */
  private static final Pattern IN_DOUBT = Pattern.compile("mail for alarm (\\S+) is in doubt");

  private final Process process;
  private final Path log;

  private PipelineJar(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  static Path jar() {
    return built("pipeline", "vigil-pipeline.jar");
  }

  private static Path built(String module, String file) {
    Path jar = StackControl.home().resolve(module + "/target/" + file);
    if (!Files.isRegularFile(jar)) {
      throw new AssertionError(jar + " is missing: build it with 'mvn -B -pl " + module + " -am package -DskipTests'");
    }
    return jar;
  }

  /** Starts {@code mainClass} of the pipeline's jar with {@code args}; {@code name} names the log file. */
  static PipelineJar start(String name, String heap, String mainClass, List<String> args) throws IOException {
    return start(jar(), name, heap, mainClass, args, java.util.Map.of());
  }

  /** The same, with {@code env} added to the process's environment (credentials, which never go on a command line). */
  static PipelineJar start(String name, String heap, String mainClass, List<String> args,
      java.util.Map<String, String> env) throws IOException {
    return start(jar(), name, heap, mainClass, args, env);
  }

  private static PipelineJar start(Path jar, String name, String heap, String mainClass, List<String> args,
      java.util.Map<String, String> env) throws IOException {
    Path log = StackControl.home().resolve("tests/target/pipeline-logs/" + name + ".log");
    Files.createDirectories(log.getParent());
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + heap,
        "-cp", jar.toString(), mainClass));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(env);
    Process process = builder.start();
    return new PipelineJar(process, log);
  }

  /** Runs the customer loader (tools' jar) to the end and returns its output; fails when it exits with an error. */
  static String load(String name, List<String> args) throws Exception {
    try (PipelineJar loader = start(built("tools", "vigil-tools.jar"), name, "512m",
        "dev.vigil.tools.customers.LoadCustomers", args, java.util.Map.of())) {
      if (!loader.process.waitFor(3, TimeUnit.MINUTES)) {
        throw new AssertionError("the loader did not finish in 3 minutes:\n" + loader.logTail());
      }
      if (loader.process.exitValue() != 0) {
        throw new AssertionError("the loader failed (exit " + loader.process.exitValue() + "):\n" + loader.logTail());
      }
      return Files.readString(loader.log, StandardCharsets.UTF_8);
    }
  }

  /** Everything the process wrote so far. */
  String logText() throws IOException {
    return Files.readString(log, StandardCharsets.UTF_8);
  }

  /** SIGKILL, as a crash: no shutdown hook, no last checkpoint, no flush. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(15, TimeUnit.SECONDS)) {
      throw new AssertionError("the pipeline's process did not die within 15 s of SIGKILL");
    }
  }

  /** The alarm ids whose mail this pipeline found in doubt in the mail ledger and sent again (from its log). */
  List<String> inDoubtMails() throws IOException {
    List<String> ids = new ArrayList<>();
    Matcher matcher = IN_DOUBT.matcher(logText());
    while (matcher.find()) {
      ids.add(matcher.group(1));
    }
    return ids;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** The last lines of the process's output, for failure messages. */
  String logTail() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    } catch (IOException e) {
      return "(no log at " + log + ": " + e + ")";
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(15, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
