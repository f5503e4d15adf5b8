package dev.vigil.pipeline.rules;

import dev.vigil.wire.AlarmType;
import dev.vigil.wire.Reading;
import java.util.EnumSet;
import java.util.Set;

/**
 * A sensor's latest state after a reading, for the live map (rule 5): the reading itself, the alarms active after it
 * and how far each abnormal streak has got. {@code geohash} and {@code zone} come from the sensor's customer and are
 * null until {@link dev.vigil.pipeline.enrich.LocateSensorStates} fills them in (or when the customer is unknown).
 */
public record SensorState(
    Reading latest, Set<AlarmType> activeAlarms, int smokeStreak, int temperatureStreak, String geohash,
    String zone) {

  public SensorState {
    activeAlarms = activeAlarms.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(activeAlarms));
  }

  public String sensorId() {
    return latest.sensorId();
  }

  public SensorState withLocation(String newGeohash, String newZone) {
    return new SensorState(latest, activeAlarms, smokeStreak, temperatureStreak, newGeohash, newZone);
  }
}
