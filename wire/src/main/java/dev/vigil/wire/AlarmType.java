package dev.vigil.wire;

/** What an alarm is about. */
public enum AlarmType {
  /** Raised at once by a reading with motion. */
  MOTION,
  /** Raised by the third consecutive reading with smoke. */
  SMOKE,
  /** Raised by the third consecutive reading whose temperature is above the sensor's maximum. */
  TEMPERATURE,
  /** Raised when a sensor has been silent for longer than the configured time (where the runner has timers). */
  OFFLINE
}
