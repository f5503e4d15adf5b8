package dev.vigil.pipeline.coders;

import dev.vigil.wire.Alarm;
import dev.vigil.wire.AlarmIds;
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

/**
 * Alarm events, versioned ({@link FormatVersion}) since they can sit in Flink state: format 2 (written) is the version
 * byte, the alarm id, the sensor id, type and status as fixed codes, event time, the triggering readings and the
 * optional customer; format 1 (the first release, read only) had no version and no id: such an alarm gets the id
 * {@code <sensor>/<TYPE>/v1}.
 */
public final class AlarmCoder extends AtomicCoder<Alarm> {
  // The first release's computed UID, pinned: Flink keeps coders Java-serialized in savepoints.
  private static final long serialVersionUID = -2231346798018685240L;
  private static final AlarmCoder INSTANCE = new AlarmCoder();
  static final int FORMAT = 2;

  public static AlarmCoder of() {
    return INSTANCE;
  }

  private AlarmCoder() {}

  @Override
  public void encode(Alarm alarm, OutputStream out) throws IOException {
    FormatVersion.write(FORMAT, out);
    BinaryEncoding.writeString(alarm.id(), out);
    BinaryEncoding.writeString(alarm.sensorId(), out);
    EnumCodes.write(alarm.type(), out);
    EnumCodes.write(alarm.status(), out);
    BinaryEncoding.writeLong(alarm.timestamp(), out);
    BinaryEncoding.writeInt(alarm.trigger().size(), out);
    for (Reading reading : alarm.trigger()) {
      ReadingCoder.of().encode(reading, out);
    }
    out.write(alarm.customer() == null ? 0 : 1);
    if (alarm.customer() != null) {
      CustomerCoder.of().encode(alarm.customer(), out);
    }
  }

  @Override
  public Alarm decode(InputStream stream) throws IOException {
    FormatVersion.Read format = FormatVersion.read(stream, "Alarm", FORMAT);
    InputStream in = format.in();
    String id = format.version() == 1 ? null : BinaryEncoding.readString(in);
    String sensorId = BinaryEncoding.readString(in);
    AlarmType type = EnumCodes.readAlarmType(in);
    AlarmStatus status = EnumCodes.readAlarmStatus(in);
    if (id == null) {
      id = AlarmIds.of(sensorId, type, SensorMemoryCoder.FORMAT_1_POSITION);
    }
    long timestamp = BinaryEncoding.readLong(in);
    int triggers = BinaryEncoding.readInt(in);
    List<Reading> trigger = new ArrayList<>(triggers);
    for (int i = 0; i < triggers; i++) {
      trigger.add(ReadingCoder.of().decode(in));
    }
    Customer customer = BinaryEncoding.readPresence(in) ? CustomerCoder.of().decode(in) : null;
    return new Alarm(id, sensorId, type, status, timestamp, trigger, customer);
  }

  @Override
  public void verifyDeterministic() {}

  @Override
  public boolean consistentWithEquals() {
    return true;
  }
}
