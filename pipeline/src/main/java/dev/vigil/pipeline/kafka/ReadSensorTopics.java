package dev.vigil.pipeline.kafka;

import dev.vigil.pipeline.coders.RawRecordCoder;
import dev.vigil.pipeline.metrics.VigilMetric;
import dev.vigil.pipeline.parse.MessageKind;
import dev.vigil.pipeline.parse.RawRecord;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.io.kafka.KafkaIO;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.joda.time.Duration;

/**
 * The {@code records} edge: the readings and recoveries topics through one KafkaIO source, each record turned into a
 * {@link RawRecord} whose kind comes from its topic and whose coordinates (topic, partition, offset) travel along, so
 * that a dead letter can name them. Bytes are not decoded here: parsing (and dead-lettering) is the core's job.
 *
 * <p>No data is lost on restart: auto-commit is off and offsets are committed only when the runner finalizes a
 * checkpoint ({@code commitOffsetsInFinalize}): on Flink only with {@code --checkpointingInterval}. Records read
 * after the last committed offset are read again after a crash: at-least-once, so a restart may repeat alarms.
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
    KafkaIO.Read<byte[], byte[]> read = KafkaIO.readBytes()
        .withBootstrapServers(options.getKafkaBootstrapServers())
        .withTopics(List.of(options.getReadingsTopic(), options.getRecoveriesTopic()))
        .withConsumerConfigUpdates(Map.of(
            ConsumerConfig.GROUP_ID_CONFIG, options.getKafkaGroupId(),
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, options.getKafkaStartFrom()))
        // The gateway writes with acks=all, not in transactions; read_committed costs nothing and keeps a future
        // transactional producer's aborted records out.
        .withReadCommitted()
        .commitOffsetsInFinalize();
    read = switch (options.getKafkaWatermark()) {
      case PROCESSING_TIME -> read.withProcessingTime();
      case CREATE_TIME -> read.withCreateTime(Duration.standardSeconds(options.getKafkaMaxDelaySeconds()));
    };
    return begin
        .apply("KafkaRead", read)
        .apply("ToRawRecords", ParDo.of(new ToRawRecordFn(options.getRecoveriesTopic())))
        .setCoder(RawRecordCoder.of());
  }

  static final class ToRawRecordFn extends DoFn<KafkaRecord<byte[], byte[]>, RawRecord> {
    private static final long serialVersionUID = 1L;
    private final String recoveriesTopic;

    ToRawRecordFn(String recoveriesTopic) {
      this.recoveriesTopic = recoveriesTopic;
    }

    @ProcessElement
    public void processElement(@Element KafkaRecord<byte[], byte[]> record, OutputReceiver<RawRecord> out) {
      MessageKind kind = recoveriesTopic.equals(record.getTopic()) ? MessageKind.RECOVERY : MessageKind.READING;
      (kind == MessageKind.READING ? VigilMetric.READINGS_IN : VigilMetric.RECOVERIES_IN).inc();
      byte[] payload = record.getKV().getValue() == null ? new byte[0] : record.getKV().getValue();
      // The record's timestamp (the gateway's send time) is the event time of a message that carries none.
      out.output(new RawRecord(kind, payload, record.getTopic(), record.getPartition(), record.getOffset(),
          record.getTimestamp()));
    }
  }
}
