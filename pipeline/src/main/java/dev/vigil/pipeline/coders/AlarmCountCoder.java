package dev.vigil.pipeline.coders;

import dev.vigil.pipeline.count.AlarmCount;
import dev.vigil.wire.AlarmType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;

public final class AlarmCountCoder extends AtomicCoder<AlarmCount> {
  // The first release's computed UID, pinned: Flink keeps coders Java-serialized in savepoints.
  private static final long serialVersionUID = 1010545936944816864L;
  private static final AlarmCountCoder INSTANCE = new AlarmCountCoder();

  public static AlarmCountCoder of() {
    return INSTANCE;
  }

  private AlarmCountCoder() {}

  @Override
  public void encode(AlarmCount count, OutputStream out) throws IOException {
    EnumCodes.write(count.type(), out);
    BinaryEncoding.writeLong(count.windowStart(), out);
    BinaryEncoding.writeLong(count.windowEnd(), out);
    BinaryEncoding.writeLong(count.count(), out);
  }

  @Override
  public AlarmCount decode(InputStream in) throws IOException {
    return new AlarmCount(EnumCodes.readAlarmType(in), BinaryEncoding.readLong(in), BinaryEncoding.readLong(in), BinaryEncoding.readLong(in));
  }

  @Override
  public void verifyDeterministic() {}

  @Override
  public boolean consistentWithEquals() {
    return true;
  }
}
