package dev.vigil.bench.gateway;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The final line of Kafka's {@code ProducerPerformance} ("2000000 records sent, 462321.0 records/sec (49.38 MB/sec),
 * 31.20 ms avg latency, 590.00 ms max latency, 6 ms 50th, 190 ms 95th, 280 ms 99th, 560 ms 99.9th."). The lines it
 * prints while running have no percentiles; the last line with "records sent" is the run's total.
 */
public record ProducerPerfResult(long records, double recordsPerSecond, long p50Millis, long p99Millis, String line) {
  private static final Pattern FINAL = Pattern.compile(
      "(\\d+) records sent, ([0-9.]+) records/sec .* (\\d+) ms 50th, .* (\\d+) ms 99th,");

  public static ProducerPerfResult parse(List<String> log) {
    for (int i = log.size() - 1; i >= 0; i--) {
      String line = log.get(i);
      if (line.contains("records sent")) {
        Matcher m = FINAL.matcher(line);
        if (!m.find()) {
          throw new IllegalArgumentException("producer-perf-test's last 'records sent' line has no percentiles: " + line);
        }
        return new ProducerPerfResult(Long.parseLong(m.group(1)), Double.parseDouble(m.group(2)),
            Long.parseLong(m.group(3)), Long.parseLong(m.group(4)), line.strip());
      }
    }
    throw new IllegalArgumentException("no 'records sent' line in producer-perf-test's output");
  }
}
