package dev.vigil.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.bench.Samples;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The parsers on output captured from the real simulator and AlarmLatency, and the report made from them. */
class EndToEndReportTest {

  @Test
  void theSimulatorsSummaryGivesTheAcceptedRateAndTheHttpLatency() {
    SimulatorSummary s = SimulatorSummary.parse(Samples.lines("simulator.log"));
    assertThat(s).isEqualTo(new SimulatorSummary(800, "199.4", "65.01 ms", "231.34 ms",
        "summary: 800 messages in 800 requests over 4.0 s = 199.4 msg/s accepted"));
    List<String> stopped = Samples.lines("simulator.log").subList(0, 6);
    assertThatThrownBy(() -> SimulatorSummary.parse(stopped)).hasMessageContaining("no summary");
  }

  @Test
  void alarmLatencysTotalGivesItsPercentiles() {
    assertThat(AlarmLatencySummary.parse(Samples.lines("alarm-latency.log")))
        .isEqualTo(new AlarmLatencySummary(0, "0 ms", "0 ms", "0 ms", "0 ms", -1,
            "alarm latency total: 0 alarms  p50 0 ms  p90 0 ms  p99 0 ms  max 0 ms"));
    // The total of the 2026-11-22 run (benchmarks/results/end-to-end.md), as AlarmLatency prints it.
    AlarmLatencySummary busy = AlarmLatencySummary.parse(List.of("alarm latency skipped: 2,001 alarms  p50 900 ms  "
        + "p90 1000 ms  p99 2000 ms  max 3000 ms", "alarm latency total: 52,113 alarms  p50 118 ms  p90 190 ms  "
        + "p99 729 ms  max 3957 ms  (3 unreadable records)", "last alarm 83.4 s after the start"));
    assertThat(List.of(busy.p50(), busy.p90(), busy.p99(), busy.max()))
        .containsExactly("118 ms", "190 ms", "729 ms", "3957 ms");
    assertThat(busy.lastAlarmSeconds()).isEqualTo(83.4);
    assertThat(busy.alarms()).isEqualTo(52_113);
    assertThatThrownBy(() -> AlarmLatencySummary.parse(List.of("interrupted"))).hasMessageContaining("no 'alarm");
  }

  @Test
  void theReportHasARowPerPhaseOnEmbeddedFlinkThenOnePerEngineAndTheirCpu() {
    SimulatorSummary simulator = SimulatorSummary.parse(Samples.lines("simulator.log"));
    AlarmLatencySummary latency = new AlarmLatencySummary(3_610, "118 ms", "190 ms", "729 ms", "3957 ms", 3.5, "");
    // Spark's reader committed what it read, but its last alarm came 76 s after the load's end: caught up then.
    AlarmLatencySummary queued = new AlarmLatencySummary(757, "70 s", "72 s", "73 s", "73 s", 80, "");
    Map<String, Double> cores = new LinkedHashMap<>();
    cores.put("kafka", 0.17);
    cores.put("simulator", 0.271);
    Map<String, Double> sparkCores = Map.of("pipeline", 1.234);
    String md = EndToEndReport.markdown("2026-12-01 09:00 UTC", "2 cores", 20_000, 60, List.of(
        new EndToEndReport.Phase("single", "flink-embedded", 12, 5_000, 1, 600, 4_405, 5, 0, simulator, latency,
            cores),
        // 800 messages accepted over 4 s; caught up 4 s after the load: 100 msg/s sustained.
        new EndToEndReport.Phase("on-flink-cluster", "flink-cluster", 9, 200, 20, 4, 300, 4, 0, simulator, latency,
            Map.of()),
        // 200 of them still not committed after the drain wait: 600 processed over 4 + 300 s.
        new EndToEndReport.Phase("on-spark-standalone", "spark-standalone", 20, 200, 20, 4, 700, 300, 200,
            simulator, latency, sparkCores),
        // 800 processed over 4 + 76 s.
        new EndToEndReport.Phase("on-spark-local", "spark-local", 20, 200, 20, 4, 100, 5, 0, simulator, queued,
            Map.of())));
    assertThat(md).startsWith("# End to end: simulator → HAProxy")
        .contains("Run 2026-12-01 09:00 UTC with `bin/vigil bench e2e` on: 2 cores.", "20000 sensors",
            "after a 60 s warm-up")
        .contains("| single | 5000 | 1 | 600 | 199.4 | 65.01 ms / 231.34 ms | 118 ms / 190 ms / 729 ms / 3957 ms"
            + " | 4405 | 5s |\n\nThe same load on each engine")
        .contains("(200 msg/s offered, 20 per request, 4 s each)")
        .contains("| flink-cluster | 9 s | 199.4 | 100.0 | 3610 | 118 ms / 190 ms / 729 ms / 3957 ms | 300 | 4s | 0.00 |")
        .contains("| spark-standalone | 20 s | 199.4 | 2.0 | 3610 | 118 ms / 190 ms / 729 ms / 3957 ms | 700"
            + " | not after 300s (200 left) | 1.23 |")
        .contains("| spark-local | 20 s | 199.4 | 10.0 | 757 | 70 s / 72 s / 73 s / 73 s | 100 | 76s | 0.00 |")
        .doesNotContain("not run yet")
        .endsWith("- single: kafka=0.17, simulator=0.27\n- on-flink-cluster: \n- on-spark-standalone: pipeline=1.23\n"
            + "- on-spark-local: \n");
  }

  @Test
  void aPhaseWhosePipelineCommittedNothingHasNoCommittedRate() {
    EndToEndReport.Phase p = new EndToEndReport.Phase("on-spark-local", "spark-local", 5, 200, 20, 4, -1, 300, -1,
        SimulatorSummary.parse(Samples.lines("simulator.log")), new AlarmLatencySummary(0, "", "", "", "", -1, ""),
        Map.of());
    assertThat(EndToEndReport.committedPerSecond(p)).isEqualTo("unknown (no offset committed)");
    assertThat(EndToEndReport.caughtUp(p)).isEqualTo("no offset committed");
  }

  @Test
  void phaseFilesAreKeyValueLines() {
    assertThat(EndToEndBench.keyValues(List.of("# written by bench.sh", "target=5000", "", "lag=-1")))
        .containsExactly(Map.entry("target", "5000"), Map.entry("lag", "-1"));
    assertThatThrownBy(() -> EndToEndBench.keyValues(List.of("target 5000"))).hasMessageContaining("KEY=value");
  }
}
