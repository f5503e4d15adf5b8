package dev.vigil.pipeline.kafka;

import dev.vigil.pipeline.parse.MessageKind;
import dev.vigil.pipeline.parse.RawRecord;
import java.util.Map;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;

/**
 * The {@code records} edge: the readings and recoveries topics through one KafkaIO source, for the group
 * {@code --kafkaGroupId} (see {@link KafkaRecords} for offsets and delivery). A restart may repeat alarms.
 */
public final class ReadSensorTopics extends PTransform<PBegin, PCollection<RawRecord>> {
  private static final long serialVersionUID = 1L;

  private final KafkaOptions options;

  private ReadSensorTopics(KafkaOptions options) {
    super("ReadSensorTopics");
    this.options = options;
  }

  public static ReadSensorTopics from(KafkaOptions options) {
    return new ReadSensorTopics(options);
  }

  @Override
  public PCollection<RawRecord> expand(PBegin begin) {
    return KafkaRecords.read(begin, options, options.getKafkaGroupId(), Map.of(
        options.getReadingsTopic(), MessageKind.READING,
        options.getRecoveriesTopic(), MessageKind.RECOVERY));
  }
}
