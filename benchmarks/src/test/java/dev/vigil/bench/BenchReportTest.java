package dev.vigil.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The summary of 'bin/vigil bench report' from the three reports as they are written. */
class BenchReportTest {
  private static final List<String> GATEWAY = List.of("# Gateway against Kafka's producer-perf-test", "",
      "| what | requests/s | readings/s | vs producer | p50 | p99 | non-2xx | socket errors |",
      "|---|---|---|---|---|---|---|---|",
      "| Kafka producer-perf-test | | 462321 | 1.00 | 6 ms | 280 ms | | |",
      "| gateway, 1 reading(s)/request | 9231 | 9231 | 0.02 | 6.4 ms | 32.2 ms | 0 | 0 |",
      "| gateway, 100 reading(s)/request | 7436 | 743639 | 1.61 | 7.1 ms | 29.6 ms | 0 | 0 |",
      "| gateway x2 via HAProxy, 1 reading/request | 6905 | 6905 | 0.01 | 7.2 ms | 162.2 ms | 0 | 0 |");
  private static final List<String> BEAM = List.of("# Vigil on Beam against the same rules as a native Flink job",
      "", "**Beam / native = 0.58** (Beam's rate over the mean of the two native runs)");
  private static final List<String> E2E = List.of("# End to end: simulator → HAProxy", "",
      "| run | target msg/s | per request | seconds | accepted msg/s | HTTP p50 / p99 | alarm latency p50 / p90 / p99 / max | lag at stop | caught up after |",
      "|---|---|---|---|---|---|---|---|---|",
      "| single | 5000 | 1 | 600 | 5000.0 | 6.34 ms / 71.70 ms | 118 ms / 190 ms / 729 ms / 3957 ms | 4405 | 5s |",
      "| batched | 20000 | 20 | 180 | 19999.4 | 4.87 ms / 72.09 ms | 103 ms / 160 ms / 197 ms / 267 ms | 923570 | 55s |");

  @Test
  void theSummaryQuotesEachReportAndTheReportsFollowALevelDown() {
    String md = BenchReport.markdown("2026-12-01 09:00 UTC", "1088.8s", "2 cores", GATEWAY, BEAM, E2E);
    assertThat(md).startsWith("# Vigil benchmark report\n\nRun 2026-12-01 09:00 UTC with `bin/vigil bench report`"
        + " (1088.8s) on: 2 cores.\n")
        .contains("| gateway vs producer-perf-test | 9231 readings/s one per request; 743639 batched by 100 | 462321"
            + " records/s | 0.02 and 1.61 (goal: at least 0.5) |\n"
            + "| Beam vs native Flink | rules on FlinkRunner | the same rules as a DataStream job | 0.58 (goal: at least"
            + " 0.5) |\n"
            + "| end to end, one reading per request | 5000.0 msg/s accepted of 5000 offered; alarm latency p50 / p90 /"
            + " p99 / max 118 ms / 190 ms / 729 ms / 3957 ms | the reference system: 1,400 readings/s on 14 nodes |"
            + " goal: 20,000 readings/s, p99 under 1 s |\n")
        .contains("---\n\n## Gateway against Kafka's producer-perf-test\n", "## Vigil on Beam against",
            "## End to end: simulator");
    assertThat(md.lines().filter(l -> l.startsWith("# "))).hasSize(1);
  }
}
