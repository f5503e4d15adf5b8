package dev.vigil.pipeline.kafka;

import dev.vigil.pipeline.parse.RawRecord;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;

/**
 * The {@code records} edge: the readings topic, which holds every message of every sensor (readings and recoveries,
 * told apart by the {@code vigil.kind} header) keyed by sensor id, so that one sensor's messages are one partition's
 * order: the order the gateway acknowledged them. Read for the group {@code --kafkaGroupId} (see {@link KafkaRecords}
 * for offsets and delivery). A restart may repeat alarm events, with the same ids.
 */
public final class ReadSensorLog extends PTransform<PBegin, PCollection<RawRecord>> {
  private static final long serialVersionUID = 1L;

  private final KafkaOptions options;

  private ReadSensorLog(KafkaOptions options) {
    super("ReadSensorLog");
    this.options = options;
  }

  public static ReadSensorLog from(KafkaOptions options) {
    return new ReadSensorLog(options);
  }

  @Override
  public PCollection<RawRecord> expand(PBegin begin) {
    return KafkaRecords.read(begin, options, options.getKafkaGroupId(), options.getReadingsTopic(), null);
  }
}
