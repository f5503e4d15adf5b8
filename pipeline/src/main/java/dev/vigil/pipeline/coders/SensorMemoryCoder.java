package dev.vigil.pipeline.coders;

import dev.vigil.pipeline.rules.SensorMemory;
import dev.vigil.wire.Reading;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.AtomicCoder;

/** The per-sensor state cell: active mask, both streaks, newest event time. Written once per event. */
public final class SensorMemoryCoder extends AtomicCoder<SensorMemory> {
  private static final SensorMemoryCoder INSTANCE = new SensorMemoryCoder();

  public static SensorMemoryCoder of() {
    return INSTANCE;
  }

  private SensorMemoryCoder() {}

  @Override
  public void encode(SensorMemory memory, OutputStream out) throws IOException {
    Wire.writeInt(memory.activeMask(), out);
    writeReadings(memory.smokeStreak(), out);
    writeReadings(memory.temperatureStreak(), out);
    Wire.writeLong(memory.newestReadingTime(), out);
    Wire.writeLong(memory.lastStateTime(), out);
    Wire.writeInt(memory.lastStateMask(), out);
  }

  @Override
  public SensorMemory decode(InputStream in) throws IOException {
    int mask = Wire.readInt(in);
    List<Reading> smoke = readReadings(in);
    List<Reading> temperature = readReadings(in);
    long newest = Wire.readLong(in);
    long lastState = Wire.readLong(in);
    return new SensorMemory(mask, smoke, temperature, newest, lastState, Wire.readInt(in));
  }

  private static void writeReadings(List<Reading> readings, OutputStream out) throws IOException {
    Wire.writeInt(readings.size(), out);
    for (Reading reading : readings) {
      ReadingCoder.of().encode(reading, out);
    }
  }

  private static List<Reading> readReadings(InputStream in) throws IOException {
    int size = Wire.readInt(in);
    List<Reading> readings = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      readings.add(ReadingCoder.of().decode(in));
    }
    return readings;
  }

  @Override
  public void verifyDeterministic() {}

  @Override
  public boolean consistentWithEquals() {
    return true;
  }
}
