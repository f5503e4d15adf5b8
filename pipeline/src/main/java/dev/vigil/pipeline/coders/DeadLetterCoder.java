package dev.vigil.pipeline.coders;

import dev.vigil.pipeline.parse.DeadLetter;
import dev.vigil.pipeline.parse.MessageKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;

public final class DeadLetterCoder extends AtomicCoder<DeadLetter> {
  // The first release's computed UID, pinned: Flink keeps coders Java-serialized in savepoints.
  private static final long serialVersionUID = 2946414289988140870L;
  private static final DeadLetterCoder INSTANCE = new DeadLetterCoder();

  public static DeadLetterCoder of() {
    return INSTANCE;
  }

  private DeadLetterCoder() {}

  @Override
  public void encode(DeadLetter letter, OutputStream out) throws IOException {
    EnumCodes.write(letter.kind(), out);
    BinaryEncoding.writeString(letter.reason(), out);
    BinaryEncoding.writeBytes(letter.payload(), out);
    BinaryEncoding.writeNullableString(letter.topic(), out);
    BinaryEncoding.writeInt(letter.partition(), out);
    BinaryEncoding.writeLong(letter.offset(), out);
    BinaryEncoding.writeLong(letter.receivedAt(), out);
  }

  @Override
  public DeadLetter decode(InputStream in) throws IOException {
    MessageKind kind = EnumCodes.readMessageKind(in);
    String reason = BinaryEncoding.readString(in);
    byte[] payload = BinaryEncoding.readBytes(in);
    String topic = BinaryEncoding.readNullableString(in);
    int partition = BinaryEncoding.readInt(in);
    return new DeadLetter(kind, reason, payload, topic, partition, BinaryEncoding.readLong(in), BinaryEncoding.readLong(in));
  }

  @Override
  public void verifyDeterministic() {}

  @Override
  public boolean consistentWithEquals() {
    return true;
  }
}
