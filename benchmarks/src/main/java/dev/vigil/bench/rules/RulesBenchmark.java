package dev.vigil.bench.rules;

import dev.vigil.pipeline.VigilOptions;
import dev.vigil.pipeline.VigilPipeline;
import dev.vigil.pipeline.coders.SensorEventCoder;
import dev.vigil.pipeline.rules.ApplyRules;
import dev.vigil.pipeline.rules.RulesConfig;
import dev.vigil.pipeline.rules.SensorEvent;
import dev.vigil.pipeline.testing.SyntheticSensors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.GenerateSequence;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollectionTuple;

/**
 * Micro-benchmark of the rules step (key by sensor + stateful per-sensor rules, timers on) on an embedded Flink
 * mini-cluster, fed by a generated source. Not a test: run it by hand (see benchmarks/README.md) and read the figure.
 * A first short run warms up the JVM and is not reported; the measured run includes job start-up (~1-2 s), so
 * more events give a figure closer to the steady rate.
 */
public final class RulesBenchmark {

  public interface Options extends VigilOptions {
    @Description("Readings to push through the rules in the measured run.")
    @Default.Long(3_000_000)
    long getEvents();

    void setEvents(long value);

    @Description("Distinct sensors (keys) the readings are spread over.")
    @Default.Integer(10_000)
    int getSensors();

    void setSensors(int value);
  }

  private RulesBenchmark() {}

  public static void main(String[] args) {
    List<String> all = new ArrayList<>(List.of("--runner=FlinkRunner", "--flinkMaster=[local]", "--parallelism=2",
        "--streaming=true"));
    all.addAll(Arrays.asList(args)); // later arguments win
    Options options = PipelineOptionsFactory.fromArgs(all.toArray(String[]::new)).as(Options.class);

    long warmUp = Math.min(200_000, options.getEvents());
    run(options, warmUp);
    long start = System.nanoTime();
    run(options, options.getEvents());
    double seconds = (System.nanoTime() - start) / 1e9;

    Runtime runtime = Runtime.getRuntime();
    System.out.printf(Locale.ROOT, "RulesBenchmark: %,d readings over %,d sensors through the rules in %.1f s = "
            + "%,.0f elements/s (runner %s, parallelism %s, timers %s)%n",
        options.getEvents(), options.getSensors(), seconds, options.getEvents() / seconds,
        options.getRunner().getSimpleName(), argument(all, "parallelism"), options.getTimersEnabled());
    System.out.printf(Locale.ROOT, "Machine: %d cores, JVM %s %s (max heap %d MB), OS %s %s %s%n",
        runtime.availableProcessors(), System.getProperty("java.vm.name"), System.getProperty("java.version"),
        runtime.maxMemory() >> 20, System.getProperty("os.name"), System.getProperty("os.version"),
        System.getProperty("os.arch"));
  }

  private static void run(Options options, long events) {
    Pipeline pipeline = Pipeline.create(options);
    RulesConfig config = VigilPipeline.rulesConfig(options);
    int sensors = options.getSensors();
    PCollectionTuple out = pipeline
        .apply("Generate", GenerateSequence.from(0).to(events))
        .apply("ToReading", ParDo.of(new ToReading(sensors)))
        .setCoder(SensorEventCoder.of())
        .apply("Rules", ApplyRules.with(config));
    out.get(ApplyRules.ALARMS).apply("CountAlarms", ParDo.of(new CountOutputs<>("alarms")));
    out.get(ApplyRules.STATES).apply("CountStates", ParDo.of(new CountOutputs<>("states")));
    pipeline.run().waitUntilFinish();
  }

  private static String argument(List<String> args, String name) {
    String value = "?";
    for (String arg : args) {
      if (arg.startsWith("--" + name + "=")) {
        value = arg.substring(name.length() + 3);
      }
    }
    return value;
  }

  static final class ToReading extends DoFn<Long, SensorEvent> {
    private static final long serialVersionUID = 1L;
    private final int sensors;

    ToReading(int sensors) {
      this.sensors = sensors;
    }

    @ProcessElement
    public void processElement(@Element Long i, OutputReceiver<SensorEvent> out) {
      SensorEvent event = SyntheticSensors.benchmarkEvent(i, sensors);
      out.outputWithTimestamp(event, new org.joda.time.Instant(event.timestamp()));
    }

    @Override
    @SuppressWarnings("deprecation")
    public org.joda.time.Duration getAllowedTimestampSkew() {
      return org.joda.time.Duration.millis(Long.MAX_VALUE);
    }
  }

  /** Consumes an output so the step cannot be optimised away, and counts it. */
  static final class CountOutputs<T> extends DoFn<T, Void> {
    private static final long serialVersionUID = 1L;
    private final Counter counter;

    CountOutputs(String name) {
      this.counter = Metrics.counter(RulesBenchmark.class, name);
    }

    @ProcessElement
    public void processElement() {
      counter.inc();
    }
  }
}
