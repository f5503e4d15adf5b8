package dev.vigil.bench;

import dev.vigil.bench.beam.BeamRulesJob;
import dev.vigil.bench.nativeflink.NativeRulesJob;
import dev.vigil.bench.topic.BenchReadings;
import dev.vigil.bench.topic.BenchTopic;
import dev.vigil.pipeline.rules.RulesConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.beam.sdk.util.ReleaseInfo;
import org.apache.flink.runtime.util.EnvironmentInformation;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Vigil's rules on Beam's FlinkRunner against the same rules as a plain Flink DataStream job (what the reference
 * system ran), both reading the same Kafka topic, one after the other in one JVM: native, Beam, native again (so that
 * drift on a shared machine shows). Prints a Markdown table and writes it to {@code --output}.
 */
@Command(name = "beam-vs-native", mixinStandardHelpOptions = true,
    description = "Vigil on Beam (FlinkRunner) vs the same rules as a native Flink DataStream job, same Kafka topic.")
public final class BeamVsNative implements Callable<Integer> {
  /** The pipeline's goal: Beam at least half as fast as native. */
  private static final double GOAL = 0.5;

  @Option(names = "--bootstrap-servers", defaultValue = "127.0.0.1:9092", description = "Kafka (default ${DEFAULT-VALUE}).")
  String bootstrapServers;

  @Option(names = "--topic", defaultValue = "vigil.bench.readings",
      description = "Benchmark topic; DROPPED and re-created each run (default ${DEFAULT-VALUE}).")
  String topic;

  @Option(names = "--partitions", defaultValue = "4", description = "Topic partitions (default ${DEFAULT-VALUE}).")
  int partitions;

  @Option(names = "--records", defaultValue = "2000000",
      description = "Records in the topic, ~1%% malformed; a multiple of --partitions (default ${DEFAULT-VALUE}).")
  long records;

  @Option(names = "--sensors", defaultValue = "10000", description = "Distinct sensors (default ${DEFAULT-VALUE}).")
  int sensors;

  @Option(names = "--seed", defaultValue = "2026", description = "Generator seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--parallelism", defaultValue = "2", description = "Both jobs' parallelism (default ${DEFAULT-VALUE}).")
  int parallelism;

  @Option(names = "--warm-up", defaultValue = "200000",
      description = "Records of one unreported warm-up run of each engine first (JIT, class loading); 0 for none "
          + "(default ${DEFAULT-VALUE}).")
  long warmUp;

  @Option(names = "--output", defaultValue = "benchmarks/results/beam-vs-native.md",
      description = "Where the Markdown result goes (default ${DEFAULT-VALUE}).")
  Path output;

  @Override
  public Integer call() throws Exception {
    checkBounds(records, "--records");
    if (warmUp > 0) {
      checkBounds(warmUp, "--warm-up");
    }
    String loadAtStart = Machine.loadAverage();
    RulesConfig rules = RulesConfig.withoutTimers(); // rules 1-4 only: the native job has no timer either
    System.out.printf(Locale.ROOT, "Machine: %s; load average %s%n", Machine.describe(), loadAtStart);

    BenchReadings readings = new BenchReadings(seed, sensors, partitions, records);
    BenchTopic benchTopic = new BenchTopic(bootstrapServers, topic);
    long fillStart = System.nanoTime();
    benchTopic.recreate(partitions);
    benchTopic.fill(readings);
    benchTopic.verify(readings);
    System.out.printf(Locale.ROOT, "Topic %s: %,d records in %d partitions written in %.1f s%n", topic, records,
        partitions, (System.nanoTime() - fillStart) / 1e9);

    if (warmUp > 0) {
      Map<TopicPartition, Long> warmUpEnds = new HashMap<>();
      for (int p = 0; p < partitions; p++) {
        warmUpEnds.put(new TopicPartition(topic, p), warmUp / partitions);
      }
      report("warm-up", NativeRulesJob.run(bootstrapServers, topic, warmUpEnds, parallelism, rules));
      report("warm-up", BeamRulesJob.run(bootstrapServers, topic, warmUp, parallelism, rules));
    }
    List<JobRun> runs = new ArrayList<>();
    runs.add(report("run 1", NativeRulesJob.run(bootstrapServers, topic, null, parallelism, rules)));
    runs.add(report("run 2", BeamRulesJob.run(bootstrapServers, topic, records, parallelism, rules)));
    runs.add(report("run 3", NativeRulesJob.run(bootstrapServers, topic, null, parallelism, rules)));

    String markdown = markdown(runs, loadAtStart, Machine.loadAverage());
    System.out.println();
    System.out.println(markdown);
    if (output.getParent() != null) {
      Files.createDirectories(output.getParent());
    }
    Files.writeString(output, markdown, StandardCharsets.UTF_8);
    System.out.println("Written to " + output.toAbsolutePath().normalize());
    return consistent(runs) ? 0 : 1;
  }

  private void checkBounds(long count, String option) {
    // Beam's withMaxNumRecords(n) asks for n/10,000+1 splits and gives each n/splits records: only one split per
    // partition (or an even share of partitions per split) reads exactly each partition's records.
    long desiredSplits = Math.min(100, count / 10_000 + 1);
    boolean evenSplits = desiredSplits >= partitions || partitions % desiredSplits == 0;
    if (count % partitions != 0 || !evenSplits) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, "%s %d: must be a multiple of %d partitions and "
          + "at least %,d, so that Beam's bounded Kafka read takes exactly the same records as the native one",
          option, count, partitions, (partitions - 1) * 10_000L));
    }
  }

  private static JobRun report(String label, JobRun run) {
    System.out.printf(Locale.ROOT, "%-8s %-28s %,10d records (%,d bad) in %6.1f s = %,9.0f records/s, %,d alarms%n",
        label, run.engine(), run.records(), run.badRecords(), run.seconds(), run.recordsPerSecond(), run.alarms());
    return run;
  }

  /** Every run read every record, rejected the same ones and raised the same number of alarms. */
  private boolean consistent(List<JobRun> runs) {
    JobRun first = runs.get(0);
    return runs.stream().allMatch(run -> run.records() == records && run.badRecords() == first.badRecords()
        && run.alarms() == first.alarms());
  }

  private String markdown(List<JobRun> runs, String loadAtStart, String loadAtEnd) {
    JobRun native1 = runs.get(0);
    JobRun beam = runs.get(1);
    JobRun native2 = runs.get(2);
    double nativeMean = (native1.recordsPerSecond() + native2.recordsPerSecond()) / 2;
    double ratio = beam.recordsPerSecond() / nativeMean;
    StringBuilder md = new StringBuilder();
    md.append("# Vigil on Beam against the same rules as a native Flink job\n\n");
    md.append(String.format(Locale.ROOT, "Run %s with `java -jar benchmarks/target/vigil-benchmarks.jar "
            + "beam-vs-native` on: %s. Load average (1 / 5 / 15 min) at the start: %s; at the end: %s.%n%n",
        Machine.runDate(), Machine.describe(), loadAtStart, loadAtEnd));
    md.append(String.format(Locale.ROOT, "Both jobs read the same topic `%s` on the local Kafka (%s): %,d records "
            + "in %d equal partitions, JSON readings from %,d sensors (seed %d) of which %,d malformed, each sensor in "
            + "one partition. Both run on an embedded Flink %s mini-cluster in this JVM, parallelism %d, streaming "
            + "mode, heap state, no checkpoints, with the same parser (`WireFormat`) and the same rules "
            + "(`SensorRules`, one `SensorMemory` per sensor in ValueState, timers off), serialising with the same "
            + "coders. Native: Flink DataStream API, `KafkaSource` bounded at the end offsets at start. Beam %s: "
            + "`KafkaIO` bounded to the same records → `ParseRecords` → `ApplyRules` on the FlinkRunner. Time = from "
            + "job submission to the job's end, mini-cluster start-up included. One %,d-record warm-up run of each "
            + "came first (not shown).%n%n",
        topic, bootstrapServers, records, partitions, sensors, seed, native1.badRecords(),
        EnvironmentInformation.getVersion(), parallelism, ReleaseInfo.getReleaseInfo().getVersion(), warmUp));
    md.append("| run | engine | records | bad records | seconds | records/s | alarms raised | Beam / this run |\n");
    md.append("|---|---|---|---|---|---|---|---|\n");
    for (int i = 0; i < runs.size(); i++) {
      JobRun run = runs.get(i);
      String versus = run == beam ? "" : String.format(Locale.ROOT, "%.2f",
          beam.recordsPerSecond() / run.recordsPerSecond());
      md.append(String.format(Locale.ROOT, "| %d | %s | %,d | %,d | %.1f | %,.0f | %,d | %s |%n", i + 1,
          run.engine(), run.records(), run.badRecords(), run.seconds(), run.recordsPerSecond(), run.alarms(),
          versus));
    }
    md.append('\n');
    if (consistent(runs)) {
      md.append(String.format(Locale.ROOT, "Checked: every run read all %,d records, rejected the same %,d and raised "
          + "the same %,d alarms: **alarms equal on both sides**.%n%n", records, native1.badRecords(),
          native1.alarms()));
    } else {
      md.append("**MISMATCH: the runs did not read the same records or raise the same alarms (see the table); the "
          + "rates are not comparable.**\n\n");
    }
    md.append(String.format(Locale.ROOT, "**Beam / native = %.2f** (Beam's rate over the mean of the two native "
            + "runs, %,.0f records/s). Goal: at least %.2f — **%s**.%n", ratio, nativeMean, GOAL,
        ratio >= GOAL ? "met" : "NOT met"));
    return md.toString();
  }
}
