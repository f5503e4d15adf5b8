package dev.vigil.pipeline.coders;

import dev.vigil.wire.Reading;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;

/** Reading: id, one flags byte (motion, smoke), two doubles and the event time: ~30 bytes a reading. */
public final class ReadingCoder extends AtomicCoder<Reading> {
  // The first release's computed UID, pinned: Flink keeps coders Java-serialized in savepoints.
  private static final long serialVersionUID = -6423793757810629338L;
  private static final ReadingCoder INSTANCE = new ReadingCoder();
  private static final int MOTION = 1;
  private static final int SMOKE = 2;

  public static ReadingCoder of() {
    return INSTANCE;
  }

  private ReadingCoder() {}

  @Override
  public void encode(Reading reading, OutputStream out) throws IOException {
    BinaryEncoding.writeString(reading.sensorId(), out);
    out.write((reading.motion() ? MOTION : 0) | (reading.smoke() ? SMOKE : 0));
    BinaryEncoding.writeDouble(reading.temperature(), out);
    BinaryEncoding.writeDouble(reading.maxTemperature(), out);
    BinaryEncoding.writeLong(reading.timestamp(), out);
  }

  @Override
  public Reading decode(InputStream in) throws IOException {
    String sensorId = BinaryEncoding.readString(in);
    int flags = BinaryEncoding.readByte(in);
    double temperature = BinaryEncoding.readDouble(in);
    double maxTemperature = BinaryEncoding.readDouble(in);
    long timestamp = BinaryEncoding.readLong(in);
    return new Reading(sensorId, (flags & MOTION) != 0, (flags & SMOKE) != 0, temperature, maxTemperature, timestamp);
  }

  @Override
  public void verifyDeterministic() {
    // Every field has exactly one encoding (doubles through their canonical bits).
  }

  @Override
  public boolean consistentWithEquals() {
    return true;
  }
}
