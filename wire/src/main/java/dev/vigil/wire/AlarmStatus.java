package dev.vigil.wire;

/** The two events of an alarm's life. */
public enum AlarmStatus {
  RAISED,
  CLEARED
}
