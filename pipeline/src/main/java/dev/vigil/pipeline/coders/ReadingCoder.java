package dev.vigil.pipeline.coders;

import dev.vigil.wire.Reading;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;

/** Reading: id, one flags byte (motion, smoke), two doubles and the event time: ~30 bytes a reading. */
public final class ReadingCoder extends AtomicCoder<Reading> {
  private static final ReadingCoder INSTANCE = new ReadingCoder();
  private static final int MOTION = 1;
  private static final int SMOKE = 2;

  public static ReadingCoder of() {
    return INSTANCE;
  }

  private ReadingCoder() {}

  @Override
  public void encode(Reading reading, OutputStream out) throws IOException {
    Wire.writeString(reading.sensorId(), out);
    out.write((reading.motion() ? MOTION : 0) | (reading.smoke() ? SMOKE : 0));
    Wire.writeDouble(reading.temperature(), out);
    Wire.writeDouble(reading.maxTemperature(), out);
    Wire.writeLong(reading.timestamp(), out);
  }

  @Override
  public Reading decode(InputStream in) throws IOException {
    String sensorId = Wire.readString(in);
    int flags = Wire.readByte(in);
    double temperature = Wire.readDouble(in);
    double maxTemperature = Wire.readDouble(in);
    long timestamp = Wire.readLong(in);
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
