package dev.vigil.pipeline.coders;

import dev.vigil.pipeline.parse.MessageKind;
import dev.vigil.pipeline.parse.RawRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;

public final class RawRecordCoder extends AtomicCoder<RawRecord> {
  private static final RawRecordCoder INSTANCE = new RawRecordCoder();
  private static final MessageKind[] KINDS = MessageKind.values();

  public static RawRecordCoder of() {
    return INSTANCE;
  }

  private RawRecordCoder() {}

  @Override
  public void encode(RawRecord record, OutputStream out) throws IOException {
    out.write(record.kind().ordinal());
    Wire.writeBytes(record.payload(), out);
    Wire.writeNullableString(record.topic(), out);
    Wire.writeInt(record.partition(), out);
    Wire.writeLong(record.offset(), out);
    Wire.writeLong(record.receivedAt(), out);
  }

  @Override
  public RawRecord decode(InputStream in) throws IOException {
    MessageKind kind = KINDS[Wire.readByte(in)];
    byte[] payload = Wire.readBytes(in);
    String topic = Wire.readNullableString(in);
    int partition = Wire.readInt(in);
    return new RawRecord(kind, payload, topic, partition, Wire.readLong(in), Wire.readLong(in));
  }

  @Override
  public void verifyDeterministic() {}

  @Override
  public boolean consistentWithEquals() {
    return true;
  }
}
