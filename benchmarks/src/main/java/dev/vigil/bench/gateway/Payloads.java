package dev.vigil.bench.gateway;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The records both sides of the gateway benchmark send: readings as the gateway writes them to Kafka (with a
 * timestamp), one per line, as producer-perf-test's {@code --payload-file} takes them. Seeded: the same file each run.
 */
public final class Payloads {
  /** 2026-11-22T08:00:00Z, then one millisecond per reading. */
  static final long FIRST_TIMESTAMP = 1_795_334_400_000L;

  private Payloads() {}

  public static List<String> generate(int count, long seed) {
    Random random = new Random(seed);
    List<String> lines = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int max = 30 + random.nextInt(31);
      String sensorId = Integer.toString(1 + random.nextInt(100_000));
      boolean smoke = random.nextDouble() < 0.01;
      double temperature = max - 10 + random.nextDouble() * 8;
      lines.add(String.format(Locale.ROOT, "{\"sensorId\":\"%s\",\"motion\":false,\"smoke\":%s,\"temperature\":%.1f,"
          + "\"maxTemperature\":%.1f,\"timestamp\":%d}", sensorId, smoke, temperature, (double) max,
          FIRST_TIMESTAMP + i));
    }
    return lines;
  }

  public static void write(Path file, List<String> lines) throws IOException {
    Files.write(file, lines, StandardCharsets.UTF_8);
  }

  /** Mean bytes per record, rounded down (what the report quotes as the record size). */
  public static long averageSize(List<String> lines) {
    long bytes = 0;
    for (String line : lines) {
      bytes += line.getBytes(StandardCharsets.UTF_8).length;
    }
    return lines.isEmpty() ? 0 : bytes / lines.size();
  }
}
