package dev.vigil.bench.gateway;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code benchmarks/wrk/readings.lua} prints when wrk is done: "BENCH requests=184620 duration_us=20002345
 * non2xx=0 errors=0 p50_us=6400 p99_us=32200" (errors: socket connect, read, write and timeout errors together).
 */
public record WrkResult(long requests, long durationMicros, long non2xx, long errors, long p50Micros,
    long p99Micros, String line) {
  private static final Pattern BENCH = Pattern.compile("^BENCH requests=(\\d+) duration_us=(\\d+) non2xx=(\\d+)"
      + " errors=(\\d+) p50_us=(\\d+) p99_us=(\\d+)");

  public static WrkResult parse(List<String> log) {
    for (String line : log) {
      Matcher m = BENCH.matcher(line);
      if (m.find()) {
        return new WrkResult(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)),
            Long.parseLong(m.group(4)), Long.parseLong(m.group(5)), Long.parseLong(m.group(6)), line.strip());
      }
    }
    throw new IllegalArgumentException("no BENCH line in wrk's output (is benchmarks/wrk/readings.lua its script?)");
  }

  /** Requests the gateway answered 2xx: every one of their readings is on the topic. */
  public long acceptedRequests() {
    return requests - non2xx;
  }

  public double requestsPerSecond() {
    return requests / (durationMicros / 1e6);
  }

  public double readingsPerSecond(int readingsPerRequest) {
    return acceptedRequests() * (double) readingsPerRequest / (durationMicros / 1e6);
  }
}
