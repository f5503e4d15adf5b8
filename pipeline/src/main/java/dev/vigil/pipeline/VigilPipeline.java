package dev.vigil.pipeline;

import dev.vigil.pipeline.bench.SyntheticSensors;
import dev.vigil.pipeline.count.AlarmCount;
import dev.vigil.pipeline.count.CountAlarms;
import dev.vigil.pipeline.enrich.AttachCustomers;
import dev.vigil.pipeline.enrich.CustomerDirectory;
import dev.vigil.pipeline.enrich.LocateSensorStates;
import dev.vigil.pipeline.parse.DeadLetter;
import dev.vigil.pipeline.parse.ParseRecords;
import dev.vigil.pipeline.rules.ApplyRules;
import dev.vigil.pipeline.rules.RulesConfig;
import dev.vigil.pipeline.rules.SensorState;
import dev.vigil.wire.Alarm;
import dev.vigil.wire.Customer;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.joda.time.Duration;

/**
 * The Vigil pipeline: parse, rules, enrich, count, sinks. {@link #build} wires the named composites between the
 * {@link Edges}; {@link #main} runs it with a generated source and logging sinks until the I/O edges (Kafka,
 * Cassandra, InfluxDB, mail) are plugged in by the module that deploys it.
 */
public final class VigilPipeline {
  private VigilPipeline() {}

  /** What {@link #build} produced, for tests and for sinks added later. */
  public record Outputs(
      PCollection<Alarm> alarms,
      PCollection<SensorState> states,
      PCollection<AlarmCount> counts,
      PCollection<DeadLetter> deadLetters) {}

  public static Outputs build(Pipeline pipeline, VigilOptions options, Edges edges) {
    PCollectionTuple parsed = pipeline
        .apply("ReadRecords", edges.records())
        .apply("Parse", ParseRecords.create());

    PCollectionTuple ruled = parsed.get(ParseRecords.EVENTS)
        .apply("Rules", ApplyRules.with(rulesConfig(options)));

    PCollectionView<Map<String, Customer>> customers = pipeline.apply("Customers", customerDirectory(options, edges));
    PCollection<Alarm> alarms = ruled.get(ApplyRules.ALARMS).apply("Enrich", AttachCustomers.from(customers));
    PCollection<SensorState> states =
        ruled.get(ApplyRules.STATES).apply("LocateStates", LocateSensorStates.from(customers));
    PCollection<AlarmCount> counts = alarms.apply("Count", CountAlarms.perWindow(
        Duration.standardSeconds(options.getCountWindowSeconds()),
        Duration.standardMinutes(options.getAllowedLatenessMinutes())));
    PCollection<DeadLetter> deadLetters = parsed.get(ParseRecords.DEAD_LETTERS);

    alarms.apply("AlarmSink", edges.alarmSink());
    states.apply("StateSink", edges.stateSink());
    counts.apply("CountSink", edges.countSink());
    deadLetters.apply("DeadLetterSink", edges.deadLetterSink());
    return new Outputs(alarms, states, counts, deadLetters);
  }

  public static RulesConfig rulesConfig(VigilOptions options) {
    RulesConfig config = new RulesConfig(options.getStreakLength(),
        Duration.standardMinutes(options.getCountLapseMinutes()), options.getTimersEnabled(),
        options.getTimersEnabled() ? Duration.standardMinutes(options.getOfflineAfterMinutes()) : Duration.ZERO);
    return config;
  }

  static PTransform<PBegin, PCollectionView<Map<String, Customer>>> customerDirectory(
      VigilOptions options, Edges edges) {
    return options.getCustomerRefreshMinutes() > 0
        ? CustomerDirectory.refreshEvery(Duration.standardMinutes(options.getCustomerRefreshMinutes()),
            edges.customerReload())
        : CustomerDirectory.loadOnce(edges.customerReload());
  }

  /**
   * Runs the pipeline on a generated fleet with logging sinks. Example:
   * {@code --runner=FlinkRunner --flinkMaster=[local] --customerRefreshMinutes=1}.
   */
  public static void main(String[] args) {
    VigilOptions options = PipelineOptionsFactory.fromArgs(args).withValidation().as(VigilOptions.class);
    Pipeline pipeline = Pipeline.create(options);
    SyntheticSensors fleet = new SyntheticSensors(42L, 1_000, 20_000);
    build(pipeline, options, new Edges(
        fleet.records(),
        fleet.customers(),
        LogSink.of("alarm"),
        LogSink.sampled("state", 1_000),
        LogSink.of("count"),
        LogSink.of("dead-letter")));
    pipeline.run().waitUntilFinish();
  }
}
