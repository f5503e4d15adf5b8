package dev.vigil.pipeline;

import dev.vigil.pipeline.count.AlarmCount;
import dev.vigil.pipeline.count.CountAlarms;
import dev.vigil.pipeline.enrich.AttachCustomers;
import dev.vigil.pipeline.enrich.CustomerDirectory;
import dev.vigil.pipeline.enrich.LocateSensorStates;
import dev.vigil.pipeline.metrics.MetricsEndpoint;
import dev.vigil.pipeline.parse.DeadLetter;
import dev.vigil.pipeline.mail.OneMailPerAlarm;
import dev.vigil.pipeline.parse.ParseAlarms;
import dev.vigil.pipeline.parse.ParseRecords;
import dev.vigil.pipeline.rules.ApplyRules;
import dev.vigil.pipeline.rules.RulesConfig;
import dev.vigil.pipeline.rules.SensorState;
import dev.vigil.wire.Alarm;
import dev.vigil.wire.Customer;
import java.util.Arrays;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.joda.time.Duration;

/**
 * The Vigil pipeline: parse, rules, enrich, count, sinks. {@link #build} wires the named composites between the
 * {@link Edges}; {@link #main} runs it on the real edges ({@link LiveEdges}).
 */
public final class VigilPipeline {
  private VigilPipeline() {}

  /**
   * What {@link #build} produced, for tests and for sinks added later; {@code mails} (the alarms the mail branch
   * mails) is null without a mail branch.
   */
  public record Outputs(
      PCollection<Alarm> alarms,
      PCollection<SensorState> states,
      PCollection<AlarmCount> counts,
      PCollection<DeadLetter> deadLetters,
      PCollection<Alarm> mails) {}

  /**
   * Two branches, each from its own source: the main one (sensor log → parse → rules → enrich → alarms, states,
   * counts) and the mail branch (the alarm events read back → parse → one mail per alarm id → mailbox), whose dead
   * letters join the main one's.
   */
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

    PCollection<Alarm> mails = null;
    if (edges.mails()) {
      PCollectionTuple mailBranch = pipeline
          .apply("ReadAlarmsForMail", edges.alarmsForMail())
          .apply("ParseAlarmsForMail", ParseAlarms.create());
      mails = mailBranch.get(ParseAlarms.ALARMS).apply("OneMailPerAlarm", OneMailPerAlarm.create());
      deadLetters = PCollectionList.of(deadLetters).and(mailBranch.get(ParseAlarms.DEAD_LETTERS))
          .apply("AllDeadLetters", Flatten.pCollections());
    }

    alarms.apply("AlarmSink", edges.alarmSink());
    states.apply("StateSink", edges.stateSink());
    counts.apply("CountSink", edges.countSink());
    deadLetters.apply("DeadLetterSink", edges.deadLetterSink());
    if (mails != null) {
      mails.apply("MailSink", edges.mailSink());
    }
    return new Outputs(alarms, states, counts, deadLetters, mails);
  }

  public static RulesConfig rulesConfig(VigilOptions options) {
    RulesConfig config = new RulesConfig(options.getStreakLength(),
        Duration.standardMinutes(options.getCountLapseMinutes()), options.getTimersEnabled(),
        options.getTimersEnabled() ? Duration.standardMinutes(options.getOfflineAfterMinutes()) : Duration.ZERO,
        Duration.standardSeconds(options.getStateWriteIntervalSeconds()));
    return config;
  }

  static PTransform<PBegin, PCollectionView<Map<String, Customer>>> customerDirectory(
      VigilOptions options, Edges edges) {
    return options.getCustomerRefreshSeconds() > 0
        ? CustomerDirectory.refreshEvery(Duration.standardSeconds(options.getCustomerRefreshSeconds()),
            edges.customerReload())
        : CustomerDirectory.loadOnce(edges.customerReload());
  }

  /**
   * Runs the pipeline on the real edges ({@link LiveEdges}, defaults = the local stack). Serves the counters to
   * Prometheus on {@code --metricsHost:--metricsPort}. The runner's settings come from the command line: the profiles
   * in profiles/ hold them per target (embedded Flink, a Flink cluster, Spark local, standalone, YARN) and the runners'
   * Submit passes them (README, "Runners"). Example: {@code --runner=FlinkRunner --flinkMaster=[local]}.
   */
  public static void main(String[] commandLine) throws java.io.IOException {
    String[] args = EmbeddedFlinkRestore.args(Arrays.asList(commandLine)).toArray(String[]::new);
    if (!Arrays.equals(args, commandLine)) {
      LOG.info("embedded Flink restores its state from the savepoint or checkpoint given with --savepointPath ({})",
          Arrays.stream(args).filter(a -> a.startsWith("--flinkConfDir=")).findFirst().orElse(""));
    }
    PipelineOptionsFactory.register(VigilJobOptions.class);
    VigilJobOptions options = PipelineOptionsFactory.fromArgs(args).withValidation().as(VigilJobOptions.class);
    MetricsEndpoint endpoint = options.getMetricsPort() > 0
        ? MetricsEndpoint.start(options.getMetricsHost(), options.getMetricsPort()) : null;
    if (endpoint != null) {
      LOG.info("metrics at http://{}:{}/metrics", options.getMetricsHost(), endpoint.port());
    }
    try {
      Pipeline pipeline = Pipeline.create(options);
      options.setStreaming(true);
      build(pipeline, options, LiveEdges.from(options));
      PipelineResult result = pipeline.run();
      // Submitted to a cluster detached: the job runs there, and waiting for a streaming job to end would keep this
      // client up for as long as the job runs.
      if (Arrays.asList(args).contains("--attachedMode=false")) {
        LOG.info("submitted detached, the job runs on the cluster: {}", result);
        return;
      }
      result.waitUntilFinish();
    } catch (RuntimeException e) {
      // The endpoint's thread would keep a JVM whose pipeline failed to start alive, holding its port.
      if (endpoint != null) {
        endpoint.close();
      }
      throw e;
    }
  }

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(VigilPipeline.class);
}
