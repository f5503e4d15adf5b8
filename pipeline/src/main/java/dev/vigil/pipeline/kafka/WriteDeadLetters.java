package dev.vigil.pipeline.kafka;

import dev.vigil.pipeline.metrics.VigilMetric;
import dev.vigil.pipeline.parse.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.kafka.KafkaIO;
import org.apache.beam.sdk.io.kafka.ProducerRecordCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Dead letters to the dead-letter topic. The record's VALUE is the original bytes, untouched, so that a fixed record
 * can be replayed as is; the reason and the source coordinates travel in headers ({@link #HEADER_REASON} etc.), the
 * key is {@code topic/partition/offset} of the source record (or null when the source had no coordinates).
 */
public final class WriteDeadLetters extends PTransform<PCollection<DeadLetter>, PDone> {
  private static final long serialVersionUID = 1L;

  public static final String HEADER_REASON = "vigil.reason";
  public static final String HEADER_KIND = "vigil.kind";
  public static final String HEADER_TOPIC = "vigil.source.topic";
  public static final String HEADER_PARTITION = "vigil.source.partition";
  public static final String HEADER_OFFSET = "vigil.source.offset";
  public static final String HEADER_RECEIVED_AT = "vigil.received.at";

  private final String bootstrapServers;
  private final String topic;

  private WriteDeadLetters(String bootstrapServers, String topic) {
    super("WriteDeadLetters");
    this.bootstrapServers = bootstrapServers;
    this.topic = topic;
  }

  public static WriteDeadLetters to(KafkaOptions options) {
    return new WriteDeadLetters(options.getKafkaBootstrapServers(), options.getDeadLetterTopic());
  }

  @Override
  public PDone expand(PCollection<DeadLetter> deadLetters) {
    return deadLetters
        .apply("ToProducerRecords", ParDo.of(new ToProducerRecordFn(topic)))
        .setCoder(ProducerRecordCoder.of(StringUtf8Coder.of(), ByteArrayCoder.of()))
        .apply("KafkaWrite", KafkaIO.<String, byte[]>writeRecords()
            .withBootstrapServers(bootstrapServers)
            .withTopic(topic)
            .withKeySerializer(StringSerializer.class)
            .withValueSerializer(ByteArraySerializer.class)
            .withProducerConfigUpdates(WriteAlarmEvents.idempotentProducer()));
  }

  static final class ToProducerRecordFn extends DoFn<DeadLetter, ProducerRecord<String, byte[]>> {
    private static final long serialVersionUID = 1L;
    private final String topic;

    ToProducerRecordFn(String topic) {
      this.topic = topic;
    }

    @ProcessElement
    public void processElement(@Element DeadLetter letter, OutputReceiver<ProducerRecord<String, byte[]>> out) {
      VigilMetric.DEAD_LETTERS.inc();
      List<Header> headers = new ArrayList<>();
      headers.add(header(HEADER_REASON, letter.reason()));
      headers.add(header(HEADER_KIND, letter.kind().name()));
      if (letter.topic() != null) {
        headers.add(header(HEADER_TOPIC, letter.topic()));
        headers.add(header(HEADER_PARTITION, String.valueOf(letter.partition())));
        headers.add(header(HEADER_OFFSET, String.valueOf(letter.offset())));
      }
      headers.add(header(HEADER_RECEIVED_AT, String.valueOf(letter.receivedAt())));
      String key = letter.topic() == null ? null : letter.topic() + "/" + letter.partition() + "/" + letter.offset();
      out.output(new ProducerRecord<>(topic, null, null, key, letter.payload(), headers));
    }

    private static Header header(String name, String value) {
      return new RecordHeader(name, String.valueOf(value).getBytes(StandardCharsets.UTF_8));
    }
  }
}
