package dev.vigil.pipeline.kafka;

import dev.vigil.pipeline.parse.MessageKind;
import dev.vigil.pipeline.parse.RawRecord;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;

/**
 * The alarms topic read back, for a consumer of the pipeline's own output (the mail branch): a group of its own,
 * {@link #groupId}, so that its offsets, and how far behind it is, are its own (see {@link KafkaRecords} for offsets
 * and delivery).
 */
public final class ReadAlarmTopic extends PTransform<PBegin, PCollection<RawRecord>> {
  private static final long serialVersionUID = 1L;

  private final KafkaOptions options;
  private final String groupId;

  private ReadAlarmTopic(KafkaOptions options, String groupId) {
    super("ReadAlarmTopic");
    this.options = options;
    this.groupId = groupId;
  }

  /** Reads {@code --alarmsTopic} for the group {@code <--kafkaGroupId>-<reader>}, e.g. vigil-pipeline-mailer. */
  public static ReadAlarmTopic forReader(KafkaOptions options, String reader) {
    return new ReadAlarmTopic(options, groupId(options, reader));
  }

  public static String groupId(KafkaOptions options, String reader) {
    return options.getKafkaGroupId() + "-" + reader;
  }

  @Override
  public PCollection<RawRecord> expand(PBegin begin) {
    return KafkaRecords.read(begin, options, groupId, options.getAlarmsTopic(), MessageKind.ALARM);
  }
}
