package dev.vigil.bench.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Meters the CPU of the processes of one end-to-end run, in cores (CPU seconds per second of the run), by name; a
 * name may stand for several processes (their sum). Servers that ran before the run count from the meter's start;
 * processes started for the run (the load generator, the measuring tools) count whole, read at most one sampling
 * interval short of their end since their /proc entry goes when they exit.
 */
public final class CpuMeter {
  /** A process: counted from the meter's start ({@code fromStart}) or whole. */
  record Metered(String name, long pid, boolean fromStart) {}

  private final List<Metered> processes;
  private final Map<Metered, Double> first = new LinkedHashMap<>();
  private final Map<Metered, Double> last = new LinkedHashMap<>();
  private final long startNanos;
  private long lastNanos;

  CpuMeter(List<Metered> processes, long nowNanos) {
    this.processes = List.copyOf(processes);
    this.startNanos = nowNanos;
    this.lastNanos = nowNanos;
  }

  /** Takes one reading of every process still alive. */
  synchronized void sample(long nowNanos) {
    for (Metered p : processes) {
      OptionalDouble seconds = ProcessCpu.seconds(p.pid());
      if (seconds.isPresent()) {
        first.putIfAbsent(p, seconds.getAsDouble());
        last.merge(p, seconds.getAsDouble(), Math::max);
      }
    }
    lastNanos = nowNanos;
  }

  /** Cores per name, in the order the names were first given. */
  synchronized Map<String, Double> cores() {
    return cores(first, last, processes, (lastNanos - startNanos) / 1e9);
  }

  static Map<String, Double> cores(Map<Metered, Double> first, Map<Metered, Double> last, List<Metered> processes,
      double elapsedSeconds) {
    Map<String, Double> cores = new LinkedHashMap<>();
    for (Metered p : processes) {
      double used = !last.containsKey(p) ? 0 : p.fromStart() ? last.get(p) - first.get(p) : last.get(p);
      cores.merge(p.name(), elapsedSeconds > 0 ? used / elapsedSeconds : 0, Double::sum);
    }
    return cores;
  }

  /** "name=0.17" lines. */
  static String format(Map<String, Double> cores) {
    StringBuilder out = new StringBuilder();
    cores.forEach((name, value) -> out.append(String.format(Locale.ROOT, "%s=%.2f%n", name, value)));
    return out.toString();
  }

  /**
   * Samples every {@code everySeconds} until the JVM is asked to stop (or the script that started it is gone), then
   * once more; rewrites {@code out} each time.
   */
  static void run(List<Metered> processes, int everySeconds, Path out) throws InterruptedException {
    CpuMeter meter = new CpuMeter(processes, System.nanoTime());
    Runnable write = () -> {
      meter.sample(System.nanoTime());
      try {
        Files.writeString(out, format(meter.cores()), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    };
    write.run();
    Runtime.getRuntime().addShutdownHook(new Thread(write));
    ProcessHandle script = ProcessHandle.current().parent().orElse(ProcessHandle.current());
    while (script.isAlive()) {
      Thread.sleep(everySeconds * 1000L);
      write.run();
    }
  }

  /** "name=pid" → a process metered from the meter's start or whole. */
  static List<Metered> parse(List<String> namePids, boolean fromStart) {
    List<Metered> metered = new ArrayList<>();
    for (String namePid : namePids) {
      int eq = namePid.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("expected NAME=PID, got " + namePid);
      }
      metered.add(new Metered(namePid.substring(0, eq), Long.parseLong(namePid.substring(eq + 1)), fromStart));
    }
    return metered;
  }
}
