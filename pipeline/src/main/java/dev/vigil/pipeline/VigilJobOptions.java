package dev.vigil.pipeline;

import dev.vigil.pipeline.customers.CassandraOptions;
import dev.vigil.pipeline.influx.InfluxOptions;
import dev.vigil.pipeline.kafka.KafkaOptions;
import dev.vigil.pipeline.mail.MailOptions;
import dev.vigil.pipeline.metrics.MetricsOptions;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;

/** Every option of the deployed pipeline: the core's and those of each I/O edge. */
public interface VigilJobOptions
    extends VigilOptions, KafkaOptions, CassandraOptions, InfluxOptions, MailOptions, MetricsOptions {

  /** Where records and customers come from. */
  enum Source {
    /** Kafka topics, Cassandra customers, and the real sinks. */
    KAFKA,
    /** A generated fleet and logging sinks: a demo that needs no server. */
    SYNTHETIC
  }

  @Description("KAFKA (the real edges) or SYNTHETIC (generated sensors, logging sinks, no servers).")
  @Default.Enum("KAFKA")
  Source getSource();

  void setSource(Source value);
}
