package dev.vigil.bench.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The Markdown report of {@code bin/vigil bench e2e}: a row per phase on embedded Flink, a row per engine for the same
 * load on each (phases named {@code on-PROFILE}), then the CPU each component used.
 */
public final class EndToEndReport {
  static final String ENGINE_PHASE = "on-";

  /**
   * One phase: the engine (profile) that ran the pipeline and how long its submission took until it ran, the load's
   * settings, the consumer lag at the load's end, how long draining took and what lag it left (0: caught up), and
   * what was measured.
   */
  public record Phase(String name, String engine, long submitSeconds, long target, int batch, long seconds,
      long lagAtStop, long caughtUpSeconds, long lagLeft, SimulatorSummary simulator, AlarmLatencySummary latency,
      Map<String, Double> cores) {
    boolean engineRun() {
      return name.startsWith(ENGINE_PHASE);
    }
  }

  private EndToEndReport() {}

  public static String markdown(String date, String machine, int sensors, int warmUpSeconds, List<Phase> phases) {
    List<String> out = new ArrayList<>(List.of(
        "# End to end: simulator → HAProxy → gateways → Kafka → pipeline → alarms, InfluxDB, mail",
        "",
        "Run " + date + " with `bin/vigil bench e2e` on: " + machine + ".",
        "Everything on this one machine, the load generator included. " + sensors + " sensors; the simulator's mix",
        "(0.1% motion, 0.2% smoke and 0.2% heat episodes, recoveries after alarms). Alarm latency: from the",
        "reading's timestamp (stamped by the simulator when it sent it) to the alarm record's Kafka timestamp",
        "(written by the pipeline), RAISED alarms after a " + warmUpSeconds
            + " s warm-up (JIT compilation, first checkpoints).",
        "Lag: records beyond the offsets the pipeline's consumer group committed (Flink: on each completed checkpoint,",
        "every 10 s; Spark: as each micro-batch is read). Caught up: once the lag is 0 and the pipeline has written",
        "its last alarm record (no new one for 30 s)."));
    List<Phase> embedded = phases.stream().filter(p -> !p.engineRun()).toList();
    List<Phase> engines = phases.stream().filter(Phase::engineRun).toList();
    if (!embedded.isEmpty()) {
      out.addAll(List.of("", "The pipeline on embedded Flink (the stack's, profile flink-embedded):", "",
          "| run | target msg/s | per request | seconds | accepted msg/s | HTTP p50 / p99 | alarm latency p50 / p90 / p99 / max | lag at stop | caught up after |",
          "|---|---|---|---|---|---|---|---|---|"));
      for (Phase p : embedded) {
        out.add("| " + p.name() + " | " + p.target() + " | " + p.batch() + " | " + p.seconds() + " | "
            + p.simulator().acceptedPerSecond() + " | " + p.simulator().p50() + " / " + p.simulator().p99() + " | "
            + latency(p) + " | " + p.lagAtStop() + " | " + caughtUpCell(p) + " |");
      }
    }
    if (!engines.isEmpty()) {
      Phase first = engines.get(0);
      out.addAll(List.of("", "The same load on each engine, one after the other (" + first.target()
              + " msg/s offered, " + first.batch() + " per request, " + first.seconds() + " s each). Committed:"
              + " the accepted messages whose offsets",
          "the pipeline committed, over the load's seconds plus the time it took to catch up (Flink commits what a"
              + " checkpoint holds, so what it",
          "processed; Spark commits what each micro-batch read, before processing it). RAISED alarms: those the"
              + " latency meter saw (the same",
          "seeded load raises about as many on each engine: far fewer means the engine had not written them yet)."
              + " Pipeline CPU: the engine's", "processes (a cluster's daemons too).", "",
          "| engine (profile) | submitted → running | accepted msg/s | committed msg/s | RAISED alarms | alarm latency p50 / p90 / p99 / max | lag at stop | caught up after | pipeline CPU (cores) |",
          "|---|---|---|---|---|---|---|---|---|"));
      for (Phase p : engines) {
        out.add("| " + p.engine() + " | " + p.submitSeconds() + " s | " + p.simulator().acceptedPerSecond() + " | "
            + committedPerSecond(p) + " | " + p.latency().alarms() + " | " + latency(p) + " | " + p.lagAtStop()
            + " | " + caughtUpCell(p) + " | "
            + String.format(Locale.ROOT, "%.2f", p.cores().getOrDefault("pipeline", 0.0)) + " |");
      }
    }
    out.add("");
    out.add("CPU used per component during each run, in cores (2 available):");
    out.add("");
    for (Phase p : phases) {
      out.add("- " + p.name() + ": " + cores(p.cores()));
    }
    return String.join("\n", out) + "\n";
  }

  /**
   * Seconds after the load's end until the pipeline had caught up: its committed offsets reached the topics' end, and
   * it wrote its last alarm record. The later of the two: an engine may commit what it has read before it has
   * processed it (Spark's reader commits as each micro-batch is read, and batches can queue behind it).
   */
  public static long caughtUpSeconds(Phase p) {
    double lastAlarm = p.latency().lastAlarmSeconds();
    long alarmsDone = lastAlarm < 0 ? 0 : (long) Math.ceil(Math.max(0, lastAlarm - p.seconds()));
    return Math.max(p.caughtUpSeconds(), alarmsDone);
  }

  /**
   * Messages whose offsets the pipeline committed, per second of the phase and its catching up; lag left after
   * draining was not. On Flink that is what it processed (a checkpoint commits); on Spark, what it read.
   */
  public static String committedPerSecond(Phase p) {
    if (p.lagLeft() < 0) {
      return "unknown (no offset committed)";
    }
    long committed = p.simulator().messages() - p.lagLeft();
    return String.format(Locale.ROOT, "%.1f", committed / (double) (p.seconds() + caughtUpSeconds(p)));
  }

  /** "caught up 5s later", or how much was left when the drain wait ended. */
  public static String caughtUp(Phase p) {
    if (p.lagLeft() < 0) {
      return "no offset committed";
    }
    return p.lagLeft() == 0 ? "caught up " + caughtUpSeconds(p) + "s later"
        : "not caught up after " + caughtUpSeconds(p) + "s (" + p.lagLeft() + " left)";
  }

  private static String caughtUpCell(Phase p) {
    if (p.lagLeft() < 0) {
      return "no offset committed";
    }
    return p.lagLeft() == 0 ? caughtUpSeconds(p) + "s"
        : "not after " + caughtUpSeconds(p) + "s (" + p.lagLeft() + " left)";
  }

  private static String latency(Phase p) {
    return p.latency().p50() + " / " + p.latency().p90() + " / " + p.latency().p99() + " / " + p.latency().max();
  }

  /** "kafka=0.17, cassandra=0.02, ...". */
  public static String cores(Map<String, Double> cores) {
    return cores.entrySet().stream().map(e -> String.format(Locale.ROOT, "%s=%.2f", e.getKey(), e.getValue()))
        .collect(Collectors.joining(", "));
  }
}
