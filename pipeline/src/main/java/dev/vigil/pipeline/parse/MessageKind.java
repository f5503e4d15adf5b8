package dev.vigil.pipeline.parse;

/**
 * What a raw record claims to be; the source adapter knows it from the record's {@code vigil.kind} header (the
 * readings topic holds a sensor's readings and recoveries in one log) or from the topic it read. Persisted (in dead
 * letters and coders) by its fixed {@link #code()}, never by ordinal.
 */
public enum MessageKind {
  READING(0),
  RECOVERY(1),
  /** An alarm event read back from the alarms topic (the mail branch reads them there). */
  ALARM(2),
  /** A record of the readings topic whose {@code vigil.kind} header names no kind this pipeline knows. */
  UNKNOWN(3);

  private final int code;

  MessageKind(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** The kind of a code, or null when no kind has it. */
  public static MessageKind ofCode(int code) {
    for (MessageKind kind : values()) {
      if (kind.code == code) {
        return kind;
      }
    }
    return null;
  }
}
