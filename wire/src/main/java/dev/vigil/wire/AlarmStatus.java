package dev.vigil.wire;

/** The two events of an alarm's life. Persisted by their fixed {@link #code()}, never by ordinal. */
public enum AlarmStatus {
  RAISED(0),
  CLEARED(1);

  private final int code;

  AlarmStatus(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** The status of a code, or null when no status has it. */
  public static AlarmStatus ofCode(int code) {
    for (AlarmStatus status : values()) {
      if (status.code == code) {
        return status;
      }
    }
    return null;
  }
}
