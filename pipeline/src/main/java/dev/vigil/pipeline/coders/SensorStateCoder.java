package dev.vigil.pipeline.coders;

import dev.vigil.pipeline.rules.SensorState;
import dev.vigil.wire.AlarmType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.EnumSet;
import org.apache.beam.sdk.coders.AtomicCoder;

/** The latest reading, active alarms as a bit mask, both streak lengths and the optional location. */
public final class SensorStateCoder extends AtomicCoder<SensorState> {
  private static final SensorStateCoder INSTANCE = new SensorStateCoder();

  public static SensorStateCoder of() {
    return INSTANCE;
  }

  private SensorStateCoder() {}

  @Override
  public void encode(SensorState state, OutputStream out) throws IOException {
    ReadingCoder.of().encode(state.latest(), out);
    int mask = 0;
    for (AlarmType type : state.activeAlarms()) {
      mask |= 1 << type.ordinal();
    }
    Wire.writeInt(mask, out);
    Wire.writeInt(state.smokeStreak(), out);
    Wire.writeInt(state.temperatureStreak(), out);
    Wire.writeNullableString(state.geohash(), out);
    Wire.writeNullableString(state.zone(), out);
  }

  @Override
  public SensorState decode(InputStream in) throws IOException {
    var latest = ReadingCoder.of().decode(in);
    int mask = Wire.readInt(in);
    EnumSet<AlarmType> active = EnumSet.noneOf(AlarmType.class);
    for (AlarmType type : AlarmType.values()) {
      if ((mask & (1 << type.ordinal())) != 0) {
        active.add(type);
      }
    }
    int smoke = Wire.readInt(in);
    int temperature = Wire.readInt(in);
    return new SensorState(latest, active, smoke, temperature, Wire.readNullableString(in),
        Wire.readNullableString(in));
  }

  @Override
  public void verifyDeterministic() {}

  @Override
  public boolean consistentWithEquals() {
    return true;
  }
}
