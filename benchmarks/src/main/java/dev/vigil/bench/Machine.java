package dev.vigil.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** What a figure was measured on: the machine, the JVM, and how busy the machine was. */
public final class Machine {
  private Machine() {}

  /** e.g. "2 cores (AMD EPYC 7B13), 24 GiB RAM, OpenJDK 64-Bit Server VM 17.0.15 (max heap 6144 MB), Linux 6.18 amd64". */
  public static String describe() {
    Runtime runtime = Runtime.getRuntime();
    return String.format(Locale.ROOT, "%d cores (%s), %s RAM, %s %s (max heap %d MB), %s %s %s",
        runtime.availableProcessors(), cpuModel(), memory(), System.getProperty("java.vm.name"),
        System.getProperty("java.version"), runtime.maxMemory() >> 20, System.getProperty("os.name"),
        System.getProperty("os.version"), System.getProperty("os.arch"));
  }

  /** When a run happened, as the reports say it: e.g. "2026-11-22 13:13 UTC". */
  public static String runDate() {
    return ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT));
  }

  /** The load averages over 1, 5 and 15 minutes, as /proc/loadavg has them ("?" elsewhere). */
  public static String loadAverage() {
    List<String> lines = read("/proc/loadavg");
    if (lines.isEmpty()) {
      return "?";
    }
    String[] fields = lines.get(0).trim().split("\\s+");
    return fields.length >= 3 ? fields[0] + " / " + fields[1] + " / " + fields[2] : "?";
  }

  private static String cpuModel() {
    for (String line : read("/proc/cpuinfo")) {
      if (line.startsWith("model name")) {
        return line.substring(line.indexOf(':') + 1).trim();
      }
    }
    return System.getProperty("os.arch");
  }

  private static String memory() {
    for (String line : read("/proc/meminfo")) {
      if (line.startsWith("MemTotal:")) {
        long kib = Long.parseLong(line.replaceAll("\\D+", ""));
        return String.format(Locale.ROOT, "%.0f GiB", kib / 1024.0 / 1024.0);
      }
    }
    return "? GiB";
  }

  private static List<String> read(String file) {
    try {
      return Files.readAllLines(Path.of(file));
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
  }
}
