package dev.vigil.wire;

/**
 * What an alarm is about. Each type has a fixed {@link #code()}: persisted formats (pipeline state, coders) write the
 * code, never the ordinal, so reordering or adding types cannot change what stored bytes mean. The codes equal the
 * ordinals of the first release, whose state was written by ordinal, so that state still reads.
 */
public enum AlarmType {
  /** Raised at once by a reading with motion. */
  MOTION(0),
  /** Raised by the third consecutive reading with smoke. */
  SMOKE(1),
  /** Raised by the third consecutive reading whose temperature is above the sensor's maximum. */
  TEMPERATURE(2),
  /** Raised when a sensor has been silent for longer than the configured time (where the runner has timers). */
  OFFLINE(3);

  private final int code;

  AlarmType(int code) {
    this.code = code;
  }

  /** The type's fixed code, 0..30: what persisted formats write (and a bit position in a mask). */
  public int code() {
    return code;
  }

  /** The type of a code, or null when no type has it (the caller says what is wrong). */
  public static AlarmType ofCode(int code) {
    for (AlarmType type : values()) {
      if (type.code == code) {
        return type;
      }
    }
    return null;
  }
}
