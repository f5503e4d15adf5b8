package dev.vigil.pipeline.coders;

import dev.vigil.pipeline.rules.SensorMemory;
import dev.vigil.wire.AlarmType;
import dev.vigil.wire.Reading;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.AtomicCoder;

/**
 * The per-sensor state cell, written once per event and kept in Flink's state and savepoints, so its format is
 * versioned ({@link FormatVersion}):
 *
 * <ul>
 *   <li>format 2 (written): version byte; active alarms (count, then each: type code, the log position that raised
 *       it); both streaks; newest reading time; last state time; last state's mask of type-code bits.
 *   <li>format 1 (read only; the first release, no version byte): the active alarms as a mask of bits by type, then
 *       the same fields. It knew no alarm ids, so an alarm restored from it gets the position
 *       {@value #FORMAT_1_POSITION}: its CLEARED event's id ends in {@code /v1}.
 * </ul>
 */
public final class SensorMemoryCoder extends AtomicCoder<SensorMemory> {
  // The first release's computed UID, pinned: Flink keeps this coder Java-serialized in savepoints.
  private static final long serialVersionUID = -2024908602226455157L;
  private static final SensorMemoryCoder INSTANCE = new SensorMemoryCoder();
  static final int FORMAT = 2;
  static final String FORMAT_1_POSITION = "v1";

  public static SensorMemoryCoder of() {
    return INSTANCE;
  }

  private SensorMemoryCoder() {}

  @Override
  public void encode(SensorMemory memory, OutputStream out) throws IOException {
    FormatVersion.write(FORMAT, out);
    BinaryEncoding.writeInt(memory.active().size(), out);
    for (Map.Entry<AlarmType, String> alarm : memory.active().entrySet()) {
      EnumCodes.write(alarm.getKey(), out);
      BinaryEncoding.writeString(alarm.getValue(), out);
    }
    writeReadings(memory.smokeStreak(), out);
    writeReadings(memory.temperatureStreak(), out);
    BinaryEncoding.writeLong(memory.newestReadingTime(), out);
    BinaryEncoding.writeLong(memory.lastStateTime(), out);
    BinaryEncoding.writeInt(memory.lastStateMask(), out);
  }

  @Override
  public SensorMemory decode(InputStream stream) throws IOException {
    FormatVersion.Read format = FormatVersion.read(stream, "SensorMemory state", FORMAT);
    InputStream in = format.in();
    Map<AlarmType, String> active = new EnumMap<>(AlarmType.class);
    if (format.version() == 1) {
      int mask = BinaryEncoding.readInt(in);
      for (AlarmType type : AlarmType.values()) {
        if ((mask & SensorMemory.bit(type)) != 0) {
          active.put(type, FORMAT_1_POSITION);
        }
      }
    } else {
      int count = BinaryEncoding.readInt(in);
      for (int i = 0; i < count; i++) {
        AlarmType type = EnumCodes.readAlarmType(in);
        active.put(type, BinaryEncoding.readString(in));
      }
    }
    List<Reading> smoke = readReadings(in);
    List<Reading> temperature = readReadings(in);
    long newest = BinaryEncoding.readLong(in);
    long lastState = BinaryEncoding.readLong(in);
    return new SensorMemory(active, smoke, temperature, newest, lastState, BinaryEncoding.readInt(in));
  }

  private static void writeReadings(List<Reading> readings, OutputStream out) throws IOException {
    BinaryEncoding.writeInt(readings.size(), out);
    for (Reading reading : readings) {
      ReadingCoder.of().encode(reading, out);
    }
  }

  private static List<Reading> readReadings(InputStream in) throws IOException {
    int size = BinaryEncoding.readInt(in);
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
