package dev.vigil.pipeline.coders;

import dev.vigil.pipeline.parse.MessageKind;
import dev.vigil.pipeline.parse.RawRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;

public final class RawRecordCoder extends AtomicCoder<RawRecord> {
  // The first release's computed UID, pinned: Flink keeps coders Java-serialized in savepoints.
  private static final long serialVersionUID = 7746458740269763253L;
  private static final RawRecordCoder INSTANCE = new RawRecordCoder();

  public static RawRecordCoder of() {
    return INSTANCE;
  }

  private RawRecordCoder() {}

  @Override
  public void encode(RawRecord record, OutputStream out) throws IOException {
    EnumCodes.write(record.kind(), out);
    BinaryEncoding.writeBytes(record.payload(), out);
    BinaryEncoding.writeNullableString(record.topic(), out);
    BinaryEncoding.writeInt(record.partition(), out);
    BinaryEncoding.writeLong(record.offset(), out);
    BinaryEncoding.writeLong(record.receivedAt(), out);
  }

  @Override
  public RawRecord decode(InputStream in) throws IOException {
    MessageKind kind = EnumCodes.readMessageKind(in);
    byte[] payload = BinaryEncoding.readBytes(in);
    String topic = BinaryEncoding.readNullableString(in);
    int partition = BinaryEncoding.readInt(in);
    return new RawRecord(kind, payload, topic, partition, BinaryEncoding.readLong(in), BinaryEncoding.readLong(in));
  }

  @Override
  public void verifyDeterministic() {}

  @Override
  public boolean consistentWithEquals() {
    return true;
  }
}
