package dev.vigil.bench.e2e;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The closing lines of the tools' {@code AlarmLatency}: "alarm latency total: 12,345 alarms  p50 118 ms  p90 190 ms
 * p99 729 ms  max 3957 ms", then "last alarm 83.4 s after the start" (when the pipeline wrote its last alarm record;
 * -1 if AlarmLatency did not say). The RAISED alarms it measured are a number; the percentiles are kept as printed.
 */
public record AlarmLatencySummary(long alarms, String p50, String p90, String p99, String max,
    double lastAlarmSeconds, String line) {
  private static final Pattern TOTAL =
      Pattern.compile("total: ([0-9,]+) alarms.*p50 ([0-9]+ ms).*p90 ([0-9]+ ms).*p99 ([0-9]+ ms).*max ([0-9]+ ms)");
  private static final Pattern LAST = Pattern.compile("^last alarm ([0-9.]+) s after the start");

  public static AlarmLatencySummary parse(List<String> log) {
    AlarmLatencySummary total = null;
    double last = -1;
    for (String line : log) {
      Matcher lastAlarm = LAST.matcher(line);
      if (lastAlarm.find()) {
        last = Double.parseDouble(lastAlarm.group(1));
      } else if (line.contains("alarm latency total")) {
        Matcher m = TOTAL.matcher(line);
        if (!m.find()) {
          throw new IllegalArgumentException("the alarm latency's total is not as expected: " + line);
        }
        total = new AlarmLatencySummary(Long.parseLong(m.group(1).replace(",", "")), m.group(2), m.group(3),
            m.group(4), m.group(5), -1, line.strip());
      }
    }
    if (total == null) {
      throw new IllegalArgumentException("no 'alarm latency total' line in AlarmLatency's output");
    }
    return new AlarmLatencySummary(total.alarms(), total.p50(), total.p90(), total.p99(), total.max(), last,
        total.line());
  }
}
