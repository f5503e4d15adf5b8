package dev.vigil.pipeline.kafka;

import dev.vigil.pipeline.metrics.VigilMetric;
import dev.vigil.pipeline.parse.MessageKind;
import dev.vigil.pipeline.parse.RawRecord;
import dev.vigil.wire.MalformedMessageException;
import dev.vigil.wire.SensorLog;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.io.kafka.KafkaIO;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.joda.time.Duration;

/**
 * The one way the pipeline reads Kafka: the records of one topic, for one consumer group, as {@link RawRecord}s whose
 * kind comes from the record's {@code vigil.kind} header (the readings topic) or is fixed for the topic (the alarms
 * topic), and whose coordinates (topic, partition, offset) travel along, so that a dead letter can name them and an
 * alarm id can be made from them. Bytes are not decoded here: parsing (and dead-lettering) is the core's job.
 *
 * <p>No data is lost on restart: auto-commit is off and offsets are committed only when the runner finalizes a
 * checkpoint ({@code commitOffsetsInFinalize}): on Flink only with {@code --checkpointingInterval}. Records read
 * after the last committed offset are read again after a crash: at-least-once.
 */
final class KafkaRecords {
  private KafkaRecords() {}

  /** Reads {@code topic}; {@code fixedKind} null means: the kind is in each record's {@code vigil.kind} header. */
  static PCollection<RawRecord> read(PBegin begin, KafkaOptions options, String groupId, String topic,
      MessageKind fixedKind) {
    KafkaIO.Read<byte[], byte[]> read = KafkaIO.readBytes()
        .withBootstrapServers(options.getKafkaBootstrapServers())
        .withTopics(List.of(topic))
        .withConsumerConfigUpdates(Map.of(
            ConsumerConfig.GROUP_ID_CONFIG, groupId,
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, options.getKafkaStartFrom()))
        // The writers use acks=all, not transactions; read_committed costs nothing and keeps a future
        // transactional producer's aborted records out.
        .withReadCommitted()
        .commitOffsetsInFinalize();
    read = switch (options.getKafkaWatermark()) {
      case PROCESSING_TIME -> read.withProcessingTime();
      case CREATE_TIME -> read.withCreateTime(Duration.standardSeconds(options.getKafkaMaxDelaySeconds()));
    };
    return begin
        .apply("KafkaRead", read)
        .apply("ToRawRecords", ParDo.of(new ToRawRecordFn(fixedKind)));
  }

  /**
   * The kind a {@code vigil.kind} header names ({@link SensorLog#kindOf}): none means a reading (producers that
   * write readings directly); a value it does not know is {@link MessageKind#UNKNOWN}, a dead letter downstream.
   */
  static MessageKind kindOf(Headers headers) {
    Header header = headers == null ? null : headers.lastHeader(SensorLog.KIND_HEADER);
    try {
      return switch (SensorLog.kindOf(header == null ? null : header.value())) {
        case READING -> MessageKind.READING;
        case RECOVERY -> MessageKind.RECOVERY;
      };
    } catch (MalformedMessageException e) {
      return MessageKind.UNKNOWN;
    }
  }

  static final class ToRawRecordFn extends DoFn<KafkaRecord<byte[], byte[]>, RawRecord> {
    private static final long serialVersionUID = 1L;
    private final MessageKind fixedKind;

    ToRawRecordFn(MessageKind fixedKind) {
      this.fixedKind = fixedKind;
    }

    @ProcessElement
    public void processElement(@Element KafkaRecord<byte[], byte[]> record, OutputReceiver<RawRecord> out) {
      MessageKind kind = fixedKind != null ? fixedKind : kindOf(record.getHeaders());
      switch (kind) {
        case READING -> VigilMetric.READINGS_IN.inc();
        case RECOVERY -> VigilMetric.RECOVERIES_IN.inc();
        case ALARM, UNKNOWN -> { }
      }
      byte[] payload = record.getKV().getValue() == null ? new byte[0] : record.getKV().getValue();
      // The record's timestamp (the writer's send time) is the event time of a message that carries none.
      out.output(new RawRecord(kind, payload, record.getTopic(), record.getPartition(), record.getOffset(),
          record.getTimestamp()));
    }
  }
}
