package dev.vigil.pipeline;

import dev.vigil.pipeline.count.AlarmCount;
import dev.vigil.pipeline.parse.DeadLetter;
import dev.vigil.pipeline.parse.RawRecord;
import dev.vigil.pipeline.rules.SensorState;
import dev.vigil.wire.Alarm;
import dev.vigil.wire.Customer;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.POutput;
import org.joda.time.Instant;

/**
 * The pipeline's sources and sinks, handed in as transforms so that the core never knows about Kafka, Cassandra,
 * InfluxDB or mail (as in Flink's training jobs). Tests plug in TestStream / Create and collecting sinks.
 *
 * @param records        readings and recoveries as raw records (e.g. both Kafka topics through KafkaIO, the
 *                       adapter setting {@link RawRecord#kind()} from the topic)
 * @param customerReload one tick in, every row of the customer table out (e.g. CassandraIO.readAll()); run once or
 *                       periodically, see {@link VigilOptions#getCustomerRefreshSeconds()}
 * @param alarmSink      enriched alarm events (RAISED and CLEARED)
 * @param stateSink      each sensor's latest state, located, for the map
 * @param countSink      alarm counts per type and window
 * @param deadLetterSink records that could not be parsed
 */
public record Edges(
    PTransform<PBegin, PCollection<RawRecord>> records,
    PTransform<PCollection<Instant>, PCollection<KV<String, Customer>>> customerReload,
    PTransform<PCollection<Alarm>, ? extends POutput> alarmSink,
    PTransform<PCollection<SensorState>, ? extends POutput> stateSink,
    PTransform<PCollection<AlarmCount>, ? extends POutput> countSink,
    PTransform<PCollection<DeadLetter>, ? extends POutput> deadLetterSink) {}
