package dev.vigil.pipeline.coders;

import dev.vigil.wire.AlarmType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;

/** One byte: the ordinal. Deterministic, so alarm types can be grouping keys. */
public final class AlarmTypeCoder extends AtomicCoder<AlarmType> {
  private static final AlarmTypeCoder INSTANCE = new AlarmTypeCoder();
  private static final AlarmType[] TYPES = AlarmType.values();

  public static AlarmTypeCoder of() {
    return INSTANCE;
  }

  private AlarmTypeCoder() {}

  @Override
  public void encode(AlarmType type, OutputStream out) throws IOException {
    out.write(type.ordinal());
  }

  @Override
  public AlarmType decode(InputStream in) throws IOException {
    return TYPES[Wire.readByte(in)];
  }

  @Override
  public void verifyDeterministic() {}

  @Override
  public boolean consistentWithEquals() {
    return true;
  }
}
