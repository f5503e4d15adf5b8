package dev.vigil.bench.nativeflink;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A Kafka record as (value bytes, record timestamp): what the Beam side's {@code RawRecord} keeps of it for parsing.
 * The timestamp is the event time of a reading that carries none (the parser's {@code receivedAt}).
 */
final class KafkaPayloads implements KafkaRecordDeserializationSchema<Tuple2<byte[], Long>> {
  private static final long serialVersionUID = 1L;

  static final TypeInformation<Tuple2<byte[], Long>> TYPE =
      Types.TUPLE(Types.PRIMITIVE_ARRAY(Types.BYTE), Types.LONG);

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Tuple2<byte[], Long>> out) {
    out.collect(Tuple2.of(record.value() == null ? new byte[0] : record.value(), record.timestamp()));
  }

  @Override
  public TypeInformation<Tuple2<byte[], Long>> getProducedType() {
    return TYPE;
  }
}
