package dev.vigil.bench.e2e;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The last line of the tools' {@code AlarmLatency}: "alarm latency total: 12,345 alarms  p50 118 ms  p90 190 ms  p99
 * 729 ms  max 3957 ms". The figures are kept as printed.
 */
public record AlarmLatencySummary(String p50, String p90, String p99, String max, String line) {
  private static final Pattern TOTAL =
      Pattern.compile("p50 ([0-9]+ ms).*p90 ([0-9]+ ms).*p99 ([0-9]+ ms).*max ([0-9]+ ms)");

  public static AlarmLatencySummary parse(List<String> log) {
    for (String line : log) {
      if (line.contains("alarm latency total")) {
        Matcher m = TOTAL.matcher(line);
        if (!m.find()) {
          throw new IllegalArgumentException("the alarm latency's total is not as expected: " + line);
        }
        return new AlarmLatencySummary(m.group(1), m.group(2), m.group(3), m.group(4), line.strip());
      }
    }
    throw new IllegalArgumentException("no 'alarm latency total' line in AlarmLatency's output");
  }
}
