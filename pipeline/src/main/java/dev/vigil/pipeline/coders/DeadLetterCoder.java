package dev.vigil.pipeline.coders;

import dev.vigil.pipeline.parse.DeadLetter;
import dev.vigil.pipeline.parse.MessageKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;

public final class DeadLetterCoder extends AtomicCoder<DeadLetter> {
  private static final DeadLetterCoder INSTANCE = new DeadLetterCoder();
  private static final MessageKind[] KINDS = MessageKind.values();

  public static DeadLetterCoder of() {
    return INSTANCE;
  }

  private DeadLetterCoder() {}

  @Override
  public void encode(DeadLetter letter, OutputStream out) throws IOException {
    out.write(letter.kind().ordinal());
    Wire.writeString(letter.reason(), out);
    Wire.writeBytes(letter.payload(), out);
    Wire.writeNullableString(letter.topic(), out);
    Wire.writeInt(letter.partition(), out);
    Wire.writeLong(letter.offset(), out);
    Wire.writeLong(letter.receivedAt(), out);
  }

  @Override
  public DeadLetter decode(InputStream in) throws IOException {
    MessageKind kind = KINDS[Wire.readByte(in)];
    String reason = Wire.readString(in);
    byte[] payload = Wire.readBytes(in);
    String topic = Wire.readNullableString(in);
    int partition = Wire.readInt(in);
    return new DeadLetter(kind, reason, payload, topic, partition, Wire.readLong(in), Wire.readLong(in));
  }

  @Override
  public void verifyDeterministic() {}

  @Override
  public boolean consistentWithEquals() {
    return true;
  }
}
