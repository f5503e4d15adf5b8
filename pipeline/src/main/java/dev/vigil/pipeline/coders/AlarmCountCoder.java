package dev.vigil.pipeline.coders;

import dev.vigil.pipeline.count.AlarmCount;
import dev.vigil.wire.AlarmType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;

public final class AlarmCountCoder extends AtomicCoder<AlarmCount> {
  private static final AlarmCountCoder INSTANCE = new AlarmCountCoder();
  private static final AlarmType[] TYPES = AlarmType.values();

  public static AlarmCountCoder of() {
    return INSTANCE;
  }

  private AlarmCountCoder() {}

  @Override
  public void encode(AlarmCount count, OutputStream out) throws IOException {
    out.write(count.type().ordinal());
    Wire.writeLong(count.windowStart(), out);
    Wire.writeLong(count.windowEnd(), out);
    Wire.writeLong(count.count(), out);
  }

  @Override
  public AlarmCount decode(InputStream in) throws IOException {
    return new AlarmCount(TYPES[Wire.readByte(in)], Wire.readLong(in), Wire.readLong(in), Wire.readLong(in));
  }

  @Override
  public void verifyDeterministic() {}

  @Override
  public boolean consistentWithEquals() {
    return true;
  }
}
