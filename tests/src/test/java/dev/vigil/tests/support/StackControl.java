package dev.vigil.tests.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Drives the local stack's processes from a test, for fault tests: finds a server's process by the PID file that
 * {@code bin/vigil} wrote, kills or stops it, and brings it back with {@code bin/vigil stack up} (or stops one with {@code stack down}).
 */
public final class StackControl {
  private StackControl() {}

  public static Path home() {
    return Path.of(System.getProperty("vigil.home", System.getProperty("user.dir") + "/.."));
  }

  /** The stack's work folder ({@code VIGIL_WORK}, or {@code work/} in the repository). */
  public static Path work() {
    String work = System.getenv("VIGIL_WORK");
    return work == null || work.isBlank() ? home().resolve("work") : Path.of(work);
  }

  /** The live process of a stack server (e.g. "gateway-1"); fails when it is not running. */
  public static ProcessHandle process(String server) throws IOException {
    Path pidFile = work().resolve("run").resolve(server + ".pid");
    if (!Files.exists(pidFile)) {
      throw new AssertionError(LocalStack.hint(server) + " (no " + pidFile + ")");
    }
    long pid = Long.parseLong(Files.readString(pidFile).strip());
    return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
        .orElseThrow(() -> new AssertionError(LocalStack.hint(server) + " (pid " + pid + " is gone)"));
  }

  /** SIGKILL: the process gets no chance to drain or flush. */
  public static void kill(String server) throws Exception {
    ProcessHandle process = process(server);
    process.destroyForcibly();
    process.onExit().get(10, TimeUnit.SECONDS);
  }

  /** SIGTERM, then waits for the process to finish its own orderly shutdown. */
  public static void terminate(String server, Duration patience) throws Exception {
    ProcessHandle process = process(server);
    process.destroy();
    process.onExit().get(patience.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** {@code bin/vigil stack up SERVER...}: starts what is not running and waits until it is ready. */
  public static void up(String... servers) throws Exception {
    stack("up", servers);
  }

  /** {@code bin/vigil stack down SERVER...}: stops those servers (SIGTERM, then SIGKILL after a grace period). */
  public static void down(String... servers) throws Exception {
    stack("down", servers);
  }

  private static void stack(String action, String... servers) throws Exception {
    List<String> command = new ArrayList<>(List.of(home().resolve("bin/vigil").toString(), "stack", action));
    command.addAll(List.of(servers));
    Process process = new ProcessBuilder(command).inheritIO().start();
    if (!process.waitFor(3, TimeUnit.MINUTES) || process.exitValue() != 0) {
      process.destroyForcibly();
      throw new AssertionError("bin/vigil stack " + action + " " + String.join(" ", servers)
          + " failed; see its output above");
    }
  }
}
