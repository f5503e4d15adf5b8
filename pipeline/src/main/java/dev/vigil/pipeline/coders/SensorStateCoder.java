package dev.vigil.pipeline.coders;

import dev.vigil.pipeline.rules.SensorMemory;
import dev.vigil.pipeline.rules.SensorState;
import dev.vigil.wire.AlarmType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.EnumSet;
import org.apache.beam.sdk.coders.AtomicCoder;

/** The latest reading, active alarms as a bit mask, both streak lengths and the optional location. */
public final class SensorStateCoder extends AtomicCoder<SensorState> {
  // The first release's computed UID, pinned: Flink keeps coders Java-serialized in savepoints.
  private static final long serialVersionUID = -7443397640690635107L;
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
      mask |= SensorMemory.bit(type);
    }
    BinaryEncoding.writeInt(mask, out);
    BinaryEncoding.writeInt(state.smokeStreak(), out);
    BinaryEncoding.writeInt(state.temperatureStreak(), out);
    BinaryEncoding.writeNullableString(state.geohash(), out);
    BinaryEncoding.writeNullableString(state.zone(), out);
  }

  @Override
  public SensorState decode(InputStream in) throws IOException {
    var latest = ReadingCoder.of().decode(in);
    int mask = BinaryEncoding.readInt(in);
    EnumSet<AlarmType> active = EnumSet.noneOf(AlarmType.class);
    for (AlarmType type : AlarmType.values()) {
      if ((mask & SensorMemory.bit(type)) != 0) {
        active.add(type);
      }
    }
    int smoke = BinaryEncoding.readInt(in);
    int temperature = BinaryEncoding.readInt(in);
    return new SensorState(latest, active, smoke, temperature, BinaryEncoding.readNullableString(in),
        BinaryEncoding.readNullableString(in));
  }

  @Override
  public void verifyDeterministic() {}

  @Override
  public boolean consistentWithEquals() {
    return true;
  }
}
