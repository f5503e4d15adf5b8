package dev.vigil.pipeline.rules;

import dev.vigil.wire.Reading;
import dev.vigil.wire.Recovery;
import java.util.Objects;

/**
 * What the rules see for one sensor: a reading or a recovery, exactly one of them. Both travel in one collection so
 * that a sensor's readings and recoveries reach its state in one arrival order.
 */
public record SensorEvent(Reading reading, Recovery recovery) {

  public SensorEvent {
    if ((reading == null) == (recovery == null)) {
      throw new IllegalArgumentException("a sensor event is a reading or a recovery, exactly one");
    }
  }

  public static SensorEvent of(Reading reading) {
    return new SensorEvent(Objects.requireNonNull(reading), null);
  }

  public static SensorEvent of(Recovery recovery) {
    return new SensorEvent(null, Objects.requireNonNull(recovery));
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
