package dev.vigil.pipeline.coders;

import dev.vigil.wire.Alarm;
import dev.vigil.wire.AlarmStatus;
import dev.vigil.wire.AlarmType;
import dev.vigil.wire.Customer;
import dev.vigil.wire.Reading;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.AtomicCoder;

/** Alarm: id, type and status as one byte each, event time, the triggering readings and the optional customer. */
public final class AlarmCoder extends AtomicCoder<Alarm> {
  private static final AlarmCoder INSTANCE = new AlarmCoder();
  private static final AlarmType[] TYPES = AlarmType.values();
  private static final AlarmStatus[] STATUSES = AlarmStatus.values();

  public static AlarmCoder of() {
    return INSTANCE;
  }

  private AlarmCoder() {}

  @Override
  public void encode(Alarm alarm, OutputStream out) throws IOException {
    Wire.writeString(alarm.sensorId(), out);
    out.write(alarm.type().ordinal());
    out.write(alarm.status().ordinal());
    Wire.writeLong(alarm.timestamp(), out);
    Wire.writeInt(alarm.trigger().size(), out);
    for (Reading reading : alarm.trigger()) {
      ReadingCoder.of().encode(reading, out);
    }
    out.write(alarm.customer() == null ? 0 : 1);
    if (alarm.customer() != null) {
      CustomerCoder.of().encode(alarm.customer(), out);
    }
  }

  @Override
  public Alarm decode(InputStream in) throws IOException {
    String sensorId = Wire.readString(in);
    AlarmType type = TYPES[Wire.readByte(in)];
    AlarmStatus status = STATUSES[Wire.readByte(in)];
    long timestamp = Wire.readLong(in);
    int triggers = Wire.readInt(in);
    List<Reading> trigger = new ArrayList<>(triggers);
    for (int i = 0; i < triggers; i++) {
      trigger.add(ReadingCoder.of().decode(in));
    }
    Customer customer = Wire.readPresence(in) ? CustomerCoder.of().decode(in) : null;
    return new Alarm(sensorId, type, status, timestamp, trigger, customer);
  }

  @Override
  public void verifyDeterministic() {}

  @Override
  public boolean consistentWithEquals() {
    return true;
  }
}
