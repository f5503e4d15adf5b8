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
 * @param records        every sensor's messages, readings and recoveries, as raw records in the sensor's order (e.g.
 *                       the readings topic through KafkaIO, the adapter setting {@link RawRecord#kind()} from the
 *                       record's {@code vigil.kind} header)
 * @param customerReload one tick in, every row of the customer table out (e.g. CassandraIO.readAll()); run once or
 *                       periodically, see {@link VigilOptions#getCustomerRefreshSeconds()}
 * @param alarmSink      enriched alarm events (RAISED and CLEARED)
 * @param stateSink      each sensor's latest state, located, for the map
 * @param countSink      alarm counts per type and window
 * @param deadLetterSink records that could not be parsed (sensor messages and alarm events read back for mail)
 * @param alarmsForMail  the mail branch's source: the alarm events that {@code alarmSink} wrote, read back as raw
 *                       records (e.g. the alarms topic, for a consumer group of its own), or null for no mail
 * @param mailSink       one mail per alarm it is given (RAISED, each id once), or null for no mail
 */
public record Edges(
    PTransform<PBegin, PCollection<RawRecord>> records,
    PTransform<PCollection<Instant>, PCollection<KV<String, Customer>>> customerReload,
    PTransform<PCollection<Alarm>, ? extends POutput> alarmSink,
    PTransform<PCollection<SensorState>, ? extends POutput> stateSink,
    PTransform<PCollection<AlarmCount>, ? extends POutput> countSink,
    PTransform<PCollection<DeadLetter>, ? extends POutput> deadLetterSink,
    PTransform<PBegin, PCollection<RawRecord>> alarmsForMail,
    PTransform<PCollection<Alarm>, ? extends POutput> mailSink) {

  public Edges {
    if ((alarmsForMail == null) != (mailSink == null)) {
      throw new IllegalArgumentException("the mail branch needs both its source and its sink, or neither");
    }
  }

  /** Edges without the mail branch. */
  public Edges(
      PTransform<PBegin, PCollection<RawRecord>> records,
      PTransform<PCollection<Instant>, PCollection<KV<String, Customer>>> customerReload,
      PTransform<PCollection<Alarm>, ? extends POutput> alarmSink,
      PTransform<PCollection<SensorState>, ? extends POutput> stateSink,
      PTransform<PCollection<AlarmCount>, ? extends POutput> countSink,
      PTransform<PCollection<DeadLetter>, ? extends POutput> deadLetterSink) {
    this(records, customerReload, alarmSink, stateSink, countSink, deadLetterSink, null, null);
  }

  public boolean mails() {
    return mailSink != null;
  }
}
