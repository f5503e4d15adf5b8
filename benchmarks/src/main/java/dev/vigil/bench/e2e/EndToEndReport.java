package dev.vigil.bench.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The Markdown report of {@code bin/vigil bench e2e}: one row per phase, then the CPU each component used. */
public final class EndToEndReport {

  /** One phase: its settings, the consumer lag at its end and how long draining took, and what was measured. */
  public record Phase(String name, long target, int batch, long seconds, long lagAtStop, long caughtUpSeconds,
      SimulatorSummary simulator, AlarmLatencySummary latency, Map<String, Double> cores) {}

  private EndToEndReport() {}

  public static String markdown(String date, String machine, int sensors, int warmUpSeconds, List<Phase> phases) {
    List<String> out = new ArrayList<>(List.of(
        "# End to end: simulator → HAProxy → gateways → Kafka → pipeline (Flink embedded) → alarms, InfluxDB, mail",
        "",
        "Run " + date + " with `bin/vigil bench e2e` on: " + machine + ".",
        "Everything on this one machine, the load generator included. " + sensors + " sensors; the simulator's mix",
        "(0.1% motion, 0.2% smoke and 0.2% heat episodes, recoveries after alarms). Alarm latency: from the",
        "reading's timestamp (stamped by the simulator when it sent it) to the alarm record's Kafka timestamp",
        "(written by the pipeline), RAISED alarms after a " + warmUpSeconds
            + " s warm-up (JIT compilation, first checkpoints).",
        "Lag: records beyond the offsets the pipeline's consumer group committed (on each completed checkpoint).",
        "",
        "| run | target msg/s | per request | seconds | accepted msg/s | HTTP p50 / p99 | alarm latency p50 / p90 / p99 / max | lag at stop | caught up after |",
        "|---|---|---|---|---|---|---|---|---|"));
    for (Phase p : phases) {
      out.add("| " + p.name() + " | " + p.target() + " | " + p.batch() + " | " + p.seconds() + " | "
          + p.simulator().acceptedPerSecond() + " | " + p.simulator().p50() + " / " + p.simulator().p99() + " | "
          + p.latency().p50() + " / " + p.latency().p90() + " / " + p.latency().p99() + " / " + p.latency().max()
          + " | " + p.lagAtStop() + " | " + p.caughtUpSeconds() + "s |");
    }
    out.add("| Spark streaming | | | | not run yet: the runners work comes later | | | | |");
    out.add("");
    out.add("CPU used per component during each run, in cores (2 available):");
    out.add("");
    for (Phase p : phases) {
      out.add("- " + p.name() + ": " + cores(p.cores()));
    }
    return String.join("\n", out) + "\n";
  }

  /** "kafka=0.17, cassandra=0.02, ...". */
  public static String cores(Map<String, Double> cores) {
    return cores.entrySet().stream().map(e -> String.format(java.util.Locale.ROOT, "%s=%.2f", e.getKey(), e.getValue()))
        .collect(Collectors.joining(", "));
  }
}
