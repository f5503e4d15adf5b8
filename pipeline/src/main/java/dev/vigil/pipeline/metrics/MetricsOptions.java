package dev.vigil.pipeline.metrics;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** Where this JVM serves its counters to Prometheus. */
public interface MetricsOptions extends PipelineOptions {

  @Description("Address the Prometheus endpoint (GET /metrics) binds to.")
  @Default.String("127.0.0.1")
  String getMetricsHost();

  void setMetricsHost(String value);

  @Description("Port of the Prometheus endpoint (0: no endpoint).")
  @Default.Integer(9249)
  int getMetricsPort();

  void setMetricsPort(int value);
}
