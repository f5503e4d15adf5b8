package dev.vigil.pipeline;

import dev.vigil.pipeline.customers.ReadCustomersFromCassandra;
import dev.vigil.pipeline.influx.InfluxSinks;
import dev.vigil.pipeline.kafka.ReadSensorTopics;
import dev.vigil.pipeline.kafka.WriteAlarmEvents;
import dev.vigil.pipeline.kafka.WriteDeadLetters;
import dev.vigil.pipeline.mail.MailAlarms;
import dev.vigil.pipeline.metrics.CountAlarmEvents;
import dev.vigil.wire.Alarm;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;

/**
 * The real edges: Kafka in, customers from Cassandra, alarms to Kafka and the mailbox, states and counts to
 * InfluxDB, dead letters to Kafka.
 */
public final class LiveEdges {
  private LiveEdges() {}

  public static Edges from(VigilJobOptions options) {
    return new Edges(
        ReadSensorTopics.from(options),
        ReadCustomersFromCassandra.from(options),
        alarmOutputs(options),
        InfluxSinks.sensorStates(options),
        InfluxSinks.alarmCounts(options),
        WriteDeadLetters.to(options));
  }

  /** Every alarm event to the alarms topic and the counters; RAISED ones also to the mailbox. */
  static PTransform<PCollection<Alarm>, PDone> alarmOutputs(VigilJobOptions options) {
    WriteAlarmEvents toKafka = WriteAlarmEvents.to(options);
    MailAlarms toMailbox = options.getMailEnabled() ? MailAlarms.to(options) : null;
    return new PTransform<>("AlarmOutputs") {
      @Override
      public PDone expand(PCollection<Alarm> alarms) {
        alarms.apply("Count", CountAlarmEvents.create());
        alarms.apply("ToKafka", toKafka);
        if (toMailbox != null) {
          alarms.apply("ToMailbox", toMailbox);
        }
        return PDone.in(alarms.getPipeline());
      }
    };
  }
}
