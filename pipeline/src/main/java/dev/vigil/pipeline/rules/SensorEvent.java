package dev.vigil.pipeline.rules;

import dev.vigil.wire.AlarmIds;
import dev.vigil.wire.Reading;
import dev.vigil.wire.Recovery;
import java.util.Objects;

/**
 * What the rules see for one sensor: a reading or a recovery, exactly one of them, and where it sits in the sensor's
 * log ({@link AlarmIds}: {@code <partition>-<offset>} for a Kafka record), which names the alarms it raises. Both
 * kinds travel in one collection, from one log per sensor, so that they reach its state in the order it sent them.
 */
public record SensorEvent(Reading reading, Recovery recovery, String position) {

  public SensorEvent {
    if ((reading == null) == (recovery == null)) {
      throw new IllegalArgumentException("a sensor event is a reading or a recovery, exactly one");
    }
    Objects.requireNonNull(position, "position");
  }

  public static SensorEvent of(Reading reading, String position) {
    return new SensorEvent(Objects.requireNonNull(reading), null, position);
  }

  public static SensorEvent of(Recovery recovery, String position) {
    return new SensorEvent(null, Objects.requireNonNull(recovery), position);
  }

  /** A reading from a source without coordinates: its position is its event time. */
  public static SensorEvent of(Reading reading) {
    return of(reading, AlarmIds.timePosition(reading.timestamp(), 0, 1));
  }

  /** A recovery from a source without coordinates: its position is its event time. */
  public static SensorEvent of(Recovery recovery) {
    return of(recovery, AlarmIds.timePosition(recovery.timestamp(), 0, 1));
  }

  public boolean isReading() {
    return reading != null;
  }

  public String sensorId() {
    return reading != null ? reading.sensorId() : recovery.sensorId();
  }

  public long timestamp() {
    return reading != null ? reading.timestamp() : recovery.timestamp();
  }
}
