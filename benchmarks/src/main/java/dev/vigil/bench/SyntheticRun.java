package dev.vigil.bench;

import dev.vigil.pipeline.Edges;
import dev.vigil.pipeline.LogSink;
import dev.vigil.pipeline.VigilJobOptions;
import dev.vigil.pipeline.VigilPipeline;
import dev.vigil.pipeline.metrics.MetricsEndpoint;
import dev.vigil.pipeline.testing.SyntheticSensors;
import java.io.IOException;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline on a generated fleet with logging sinks, no server needed: {@code java -cp
 * benchmarks/target/vigil-benchmarks.jar dev.vigil.bench.SyntheticRun [PIPELINE OPTIONS]}. It lives here, not in the
 * pipeline's jar, because the generator is test and benchmark code. Takes the deployed pipeline's options (the I/O
 * ones are unused) and serves its counters like the real job.
 */
public final class SyntheticRun {
  private static final Logger LOG = LoggerFactory.getLogger(SyntheticRun.class);

  private SyntheticRun() {}

  /** The fleet's records and customers in, every output to the log (one state in 1,000). */
  static Edges edges(SyntheticSensors fleet) {
    return new Edges(
        fleet.records(),
        fleet.customers(),
        LogSink.of("alarm"),
        LogSink.sampled("state", 1_000),
        LogSink.of("count"),
        LogSink.of("dead-letter"));
  }

  public static void main(String[] args) throws IOException {
    PipelineOptionsFactory.register(VigilJobOptions.class);
    VigilJobOptions options = PipelineOptionsFactory.fromArgs(args).withValidation().as(VigilJobOptions.class);
    MetricsEndpoint endpoint = options.getMetricsPort() > 0
        ? MetricsEndpoint.start(options.getMetricsHost(), options.getMetricsPort()) : null;
    if (endpoint != null) {
      LOG.info("metrics at http://{}:{}/metrics", options.getMetricsHost(), endpoint.port());
    }
    Pipeline pipeline = Pipeline.create(options);
    VigilPipeline.build(pipeline, options, edges(new SyntheticSensors(42L, 1_000, 20_000)));
    pipeline.run().waitUntilFinish();
  }
}
