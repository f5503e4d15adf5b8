package dev.vigil.pipeline;

import dev.vigil.pipeline.customers.ReadCustomersFromCassandra;
import dev.vigil.pipeline.influx.InfluxSinks;
import dev.vigil.pipeline.kafka.ReadAlarmTopic;
import dev.vigil.pipeline.kafka.ReadSensorLog;
import dev.vigil.pipeline.kafka.WriteAlarmEvents;
import dev.vigil.pipeline.kafka.WriteDeadLetters;
import dev.vigil.pipeline.mail.MailAlarms;
import dev.vigil.pipeline.metrics.AlarmEventCounters;
import dev.vigil.wire.Alarm;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;

/**
 * The real edges: Kafka in, customers from Cassandra, alarms to Kafka, states and counts to InfluxDB, dead letters
 * to Kafka, and the mail branch: the alarms topic read back by a consumer group of its own
 * ({@code <--kafkaGroupId>-mailer}), into the mailbox.
 *
 * <p>Why mail reads the topic back rather than taking the rules' output: a source of its own is a stage of its own,
 * so SMTP at tens of mails a second cannot hold up the rules (an alarm storm used to stall the whole stream behind
 * the mail bundles), the mails wait durably in Kafka instead of in memory, how far mail is behind is that group's
 * lag, and a mail is sent only for an alarm that is already on the topic.
 */
public final class LiveEdges {
  private LiveEdges() {}

  public static Edges from(VigilJobOptions options) {
    boolean mail = options.getMailEnabled();
    return new Edges(
        ReadSensorLog.from(options),
        ReadCustomersFromCassandra.from(options),
        alarmsToKafka(options),
        InfluxSinks.sensorStates(options),
        InfluxSinks.alarmCounts(options),
        WriteDeadLetters.to(options),
        mail ? ReadAlarmTopic.forReader(options, MAILER) : null,
        mail ? MailAlarms.to(options) : null);
  }

  /** Every alarm event to the alarms topic, and counted. */
  static PTransform<PCollection<Alarm>, PDone> alarmsToKafka(VigilJobOptions options) {
    WriteAlarmEvents toKafka = WriteAlarmEvents.to(options);
    return new PTransform<>("AlarmsToKafka") {
      @Override
      public PDone expand(PCollection<Alarm> alarms) {
        alarms.apply("Count", AlarmEventCounters.create());
        return alarms.apply("ToKafka", toKafka);
      }
    };
  }

  /** The mail branch's reader name: its consumer group is {@code <--kafkaGroupId>-mailer}. */
  public static final String MAILER = "mailer";
}
