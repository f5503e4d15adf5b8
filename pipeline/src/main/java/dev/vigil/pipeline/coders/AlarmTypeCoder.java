package dev.vigil.pipeline.coders;

import dev.vigil.wire.AlarmType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;

/** One byte: the type's fixed code. Deterministic, so alarm types can be grouping keys. */
public final class AlarmTypeCoder extends AtomicCoder<AlarmType> {
  // The first release's computed UID, pinned: Flink keeps coders Java-serialized in savepoints.
  private static final long serialVersionUID = 2245480766484471718L;
  private static final AlarmTypeCoder INSTANCE = new AlarmTypeCoder();

  public static AlarmTypeCoder of() {
    return INSTANCE;
  }

  private AlarmTypeCoder() {}

  @Override
  public void encode(AlarmType type, OutputStream out) throws IOException {
    EnumCodes.write(type, out);
  }

  @Override
  public AlarmType decode(InputStream in) throws IOException {
    return EnumCodes.readAlarmType(in);
  }

  @Override
  public void verifyDeterministic() {}

  @Override
  public boolean consistentWithEquals() {
    return true;
  }
}
