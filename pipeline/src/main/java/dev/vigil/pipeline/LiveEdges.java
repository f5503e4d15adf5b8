package dev.vigil.pipeline;

import dev.vigil.pipeline.customers.ReadCustomersFromCassandra;
import dev.vigil.pipeline.influx.InfluxSinks;
import dev.vigil.pipeline.kafka.ReadAlarmTopic;
import dev.vigil.pipeline.kafka.ReadSensorTopics;
import dev.vigil.pipeline.kafka.WriteAlarmEvents;
import dev.vigil.pipeline.kafka.WriteDeadLetters;
import dev.vigil.pipeline.mail.MailAlarms;
import dev.vigil.pipeline.metrics.CountAlarmEvents;
import dev.vigil.pipeline.parse.ParseAlarms;
import dev.vigil.pipeline.parse.ParseRecords;
import dev.vigil.wire.Alarm;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
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

  /**
   * Every alarm event to the alarms topic and the counters; the mail branch ({@link #mailFromAlarmsTopic}) reads
   * them back from the topic.
   */
  static PTransform<PCollection<Alarm>, PDone> alarmOutputs(VigilJobOptions options) {
    WriteAlarmEvents toKafka = WriteAlarmEvents.to(options);
    PTransform<PBegin, PDone> mailBranch = options.getMailEnabled() ? mailFromAlarmsTopic(options) : null;
    return new PTransform<>("AlarmOutputs") {
      @Override
      public PDone expand(PCollection<Alarm> alarms) {
        alarms.apply("Count", CountAlarmEvents.create());
        alarms.apply("ToKafka", toKafka);
        if (mailBranch != null) {
          alarms.getPipeline().apply("MailFromAlarmsTopic", mailBranch);
        }
        return PDone.in(alarms.getPipeline());
      }
    };
  }

  /**
   * One mail per RAISED alarm, read back from the alarms topic by a consumer group of its own
   * ({@code <--kafkaGroupId>-mailer}) rather than taken from the rules' output. A source of its own is a stage of its
   * own: SMTP at tens of mails a second cannot hold up the rules (an alarm storm used to stall the whole stream
   * behind the mail bundles), the mails wait durably in Kafka instead of in memory, and how far mail is behind is
   * that group's lag. A mail is sent only for an alarm that is already on the topic.
   */
  static PTransform<PBegin, PDone> mailFromAlarmsTopic(VigilJobOptions options) {
    ReadAlarmTopic read = ReadAlarmTopic.forReader(options, MAILER);
    MailAlarms toMailbox = MailAlarms.to(options);
    WriteDeadLetters deadLetters = WriteDeadLetters.to(options);
    return new PTransform<>("MailFromAlarmsTopic") {
      @Override
      public PDone expand(PBegin begin) {
        PCollectionTuple parsed = begin.apply("Read", read).apply("Parse", ParseAlarms.create());
        parsed.get(ParseAlarms.ALARMS).apply("Send", toMailbox);
        parsed.get(ParseRecords.DEAD_LETTERS).apply("DeadLetters", deadLetters);
        return PDone.in(begin.getPipeline());
      }
    };
  }

  /** The mail branch's reader name: its consumer group is {@code <--kafkaGroupId>-mailer}. */
  public static final String MAILER = "mailer";
}
