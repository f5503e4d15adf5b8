package dev.vigil.pipeline.coders;

import dev.vigil.wire.Recovery;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;

public final class RecoveryCoder extends AtomicCoder<Recovery> {
  // The first release's computed UID, pinned: Flink keeps coders Java-serialized in savepoints.
  private static final long serialVersionUID = 442688800839652318L;
  private static final RecoveryCoder INSTANCE = new RecoveryCoder();

  public static RecoveryCoder of() {
    return INSTANCE;
  }

  private RecoveryCoder() {}

  @Override
  public void encode(Recovery recovery, OutputStream out) throws IOException {
    BinaryEncoding.writeString(recovery.sensorId(), out);
    BinaryEncoding.writeLong(recovery.timestamp(), out);
  }

  @Override
  public Recovery decode(InputStream in) throws IOException {
    return new Recovery(BinaryEncoding.readString(in), BinaryEncoding.readLong(in));
  }

  @Override
  public void verifyDeterministic() {}

  @Override
  public boolean consistentWithEquals() {
    return true;
  }
}
