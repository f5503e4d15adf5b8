package dev.vigil.pipeline;

import dev.vigil.pipeline.customers.CassandraOptions;
import dev.vigil.pipeline.influx.InfluxOptions;
import dev.vigil.pipeline.kafka.KafkaOptions;
import dev.vigil.pipeline.mail.MailOptions;
import dev.vigil.pipeline.metrics.MetricsOptions;

/** Every option of the deployed pipeline: the core's and those of each I/O edge. */
public interface VigilJobOptions
    extends VigilOptions, KafkaOptions, CassandraOptions, InfluxOptions, MailOptions, MetricsOptions {}
