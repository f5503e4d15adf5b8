package dev.vigil.bench.e2e;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The simulator's closing summary: "summary: 3,000,000 messages in 3,000,000 requests over 600.0 s = 5000.0 msg/s
 * accepted", then the answers, then "  latency p50 6.34 ms  p90 20.10 ms  p99 71.70 ms  p99.9 180.00 ms  max 900.00
 * ms". The figures are kept as printed; the messages, accepted with a 2xx, as a number.
 */
public record SimulatorSummary(long messages, String acceptedPerSecond, String p50, String p99, String summaryLine) {
  private static final Pattern MESSAGES = Pattern.compile("summary: ([0-9,]+) messages");
  private static final Pattern ACCEPTED = Pattern.compile("= ([0-9.,]+) msg/s accepted");
  private static final Pattern LATENCY = Pattern.compile("p50 ([0-9.]+ ms).*p99 ([0-9.]+ ms)");

  public static SimulatorSummary parse(List<String> log) {
    for (int i = 0; i < log.size(); i++) {
      if (log.get(i).startsWith("summary")) {
        Matcher messages = MESSAGES.matcher(log.get(i));
        Matcher accepted = ACCEPTED.matcher(log.get(i));
        Matcher latency = i + 2 < log.size() ? LATENCY.matcher(log.get(i + 2)) : null;
        if (!messages.find() || !accepted.find() || latency == null || !latency.find()) {
          throw new IllegalArgumentException("the simulator's summary is not as expected: "
              + String.join(" / ", log.subList(i, Math.min(log.size(), i + 3))));
        }
        return new SimulatorSummary(Long.parseLong(messages.group(1).replace(",", "")), accepted.group(1), latency.group(1), latency.group(2), log.get(i).strip());
      }
    }
    throw new IllegalArgumentException("no summary in the simulator's output (did it run to its end?)");
  }
}
