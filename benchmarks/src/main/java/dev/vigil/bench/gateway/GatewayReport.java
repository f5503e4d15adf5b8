package dev.vigil.bench.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The figures of {@code bin/vigil bench gateway}: producer-perf-test against wrk runs on the gateway, the check that
 * the topic holds what both sides claimed, and the Markdown report.
 */
public final class GatewayReport {

  /** One wrk run: straight to the benchmark gateway with {@code batch} readings per request, or through HAProxy. */
  public record WrkRun(String label, int batch, boolean direct, WrkResult result) {
    public static WrkRun direct(int batch, WrkResult result) {
      return new WrkRun("gateway, " + batch + " reading(s)/request", batch, true, result);
    }

    public static WrkRun loadBalanced(WrkResult result) {
      return new WrkRun("gateway x2 via HAProxy, 1 reading/request", 1, false, result);
    }
  }

  /** How the run was set up, for the report's prose. */
  public record Setup(String date, String machine, long recordBytes, int connections, int seconds, String topic) {}

  private GatewayReport() {}

  /**
   * Records the topic must hold at least: the producer's, plus every reading of every request the benchmark gateway
   * answered 2xx (the HAProxy run writes to the stack's readings topic, not to this one).
   */
  public static long claimed(long producerRecords, List<WrkRun> runs) {
    long claimed = producerRecords;
    for (WrkRun run : runs) {
      if (run.direct()) {
        claimed += run.result().acceptedRequests() * run.batch();
      }
    }
    return claimed;
  }

  /** Empty when the topic holds at least what was claimed; else why the figures are not to be trusted. */
  public static String check(long inTopic, long claimed) {
    return inTopic >= claimed ? "" : "the topic holds " + inTopic + " records but the producer and the gateway claim "
        + claimed + ": the figures are not to be trusted";
  }

  public static String markdown(Setup setup, ProducerPerfResult producer, List<WrkRun> runs, long inTopic) {
    long claimed = claimed(producer.records(), runs);
    List<String> out = new ArrayList<>(List.of(
        "# Gateway against Kafka's producer-perf-test",
        "",
        "Run " + setup.date() + " with `bin/vigil bench gateway` on: " + setup.machine() + ".",
        "Everything on this one machine: broker, gateway, load generator. Records of ~" + setup.recordBytes()
            + " bytes (JSON readings),",
        "acks=all, idempotent producer, lz4, linger 5 ms on both sides. wrk: 1 thread, " + setup.connections()
            + " connections, " + setup.seconds() + "s.",
        "The stack's replicas write to `vigil.readings` (so the benchmark feeds a running pipeline, if any).",
        "Checked after the run: topic `" + setup.topic() + "` held " + inTopic + " records, at least the " + claimed
            + " that the producer and",
        "the gateway (202s x readings per request) claimed.",
        "",
        "| what | requests/s | readings/s | vs producer | p50 | p99 | non-2xx | socket errors |",
        "|---|---|---|---|---|---|---|---|",
        String.format(Locale.ROOT, "| Kafka producer-perf-test | | %.0f | 1.00 | %d ms | %d ms | | |",
            producer.recordsPerSecond(), producer.p50Millis(), producer.p99Millis())));
    for (WrkRun run : runs) {
      WrkResult r = run.result();
      double readings = r.readingsPerSecond(run.batch());
      out.add(String.format(Locale.ROOT, "| %s | %.0f | %.0f | %.2f | %.1f ms | %.1f ms | %d | %d |", run.label(),
          r.requestsPerSecond(), readings, Math.round(readings) / producer.recordsPerSecond(), r.p50Micros() / 1000.0,
          r.p99Micros() / 1000.0, r.non2xx(), r.errors()));
    }
    return String.join("\n", out) + "\n";
  }
}
