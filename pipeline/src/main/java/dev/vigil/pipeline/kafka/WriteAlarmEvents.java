package dev.vigil.pipeline.kafka;

import dev.vigil.wire.Alarm;
import dev.vigil.wire.WireFormat;
import java.util.Map;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.kafka.KafkaIO;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Alarm events (RAISED and CLEARED, with the customer) to the alarms topic as {@link WireFormat#toJson(Alarm)}, keyed
 * by sensor id so that one sensor's events stay in order in one partition. The producer is idempotent (no duplicates
 * from its own retries); KafkaIO flushes at the end of each bundle, so an event is in Kafka before its input counts
 * as processed. A pipeline restart may still write an event twice (at-least-once; EOS is not used, see README).
 */
public final class WriteAlarmEvents extends PTransform<PCollection<Alarm>, PDone> {
  private static final long serialVersionUID = 1L;

  private final String bootstrapServers;
  private final String topic;

  private WriteAlarmEvents(String bootstrapServers, String topic) {
    super("WriteAlarmEvents");
    this.bootstrapServers = bootstrapServers;
    this.topic = topic;
  }

  public static WriteAlarmEvents to(KafkaOptions options) {
    return new WriteAlarmEvents(options.getKafkaBootstrapServers(), options.getAlarmsTopic());
  }

  /** Producer settings of every Kafka sink of the pipeline. */
  static Map<String, Object> idempotentProducer() {
    return Map.of(
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.LINGER_MS_CONFIG, 5);
  }

  @Override
  public PDone expand(PCollection<Alarm> alarms) {
    return alarms
        .apply("ToJson", MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptor.of(byte[].class)))
            .via((Alarm alarm) -> KV.of(alarm.sensorId(), WireFormat.toJson(alarm))))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), ByteArrayCoder.of()))
        .apply("KafkaWrite", KafkaIO.<String, byte[]>write()
            .withBootstrapServers(bootstrapServers)
            .withTopic(topic)
            .withKeySerializer(StringSerializer.class)
            .withValueSerializer(ByteArraySerializer.class)
            .withProducerConfigUpdates(idempotentProducer()));
  }
}
