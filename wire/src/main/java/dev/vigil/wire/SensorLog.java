package dev.vigil.wire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The sensor log: one Kafka topic (the readings topic) holds every message a sensor sends, readings and recoveries,
 * keyed by sensor id. One sensor's messages thus share a partition and keep the order in which the gateway
 * acknowledged them; two topics would have no order relative to each other, and a recovery could overtake the
 * readings it clears.
 *
 * <p>Each record names what it holds in the header {@value #KIND_HEADER}, whose value is {@value #READING} or
 * {@value #RECOVERY} (ASCII). A record without the header is a reading (producers that write readings directly).
 * The value stays {@link WireFormat#toJson(Reading)} or {@link WireFormat#toJson(Recovery)}.
 */
public final class SensorLog {
  /** Name of the Kafka record header that says what a record of the sensor log holds. */
  public static final String KIND_HEADER = "vigil.kind";
  /** Header value of a reading. */
  public static final String READING = "reading";
  /** Header value of a recovery. */
  public static final String RECOVERY = "recovery";

  /** What a record of the sensor log holds. */
  public enum Kind {
    READING(SensorLog.READING),
    RECOVERY(SensorLog.RECOVERY);

    private final String headerValue;
    private final byte[] headerBytes;

    Kind(String headerValue) {
      this.headerValue = headerValue;
      this.headerBytes = headerValue.getBytes(StandardCharsets.US_ASCII);
    }

    /** The value of {@link #KIND_HEADER} for this kind, e.g. {@code "recovery"}. */
    public String headerValue() {
      return headerValue;
    }

    /** The same as ASCII bytes, as a Kafka header carries it (a fresh copy: headers are mutable arrays). */
    public byte[] headerBytes() {
      return headerBytes.clone();
    }
  }

  private SensorLog() {}

  /**
   * The kind of a record from the value of its {@link #KIND_HEADER} header: {@code null} (no header) is a reading;
   * any value other than {@value #READING} and {@value #RECOVERY} is rejected, so that a record of an unknown kind
   * becomes a dead letter instead of being read as a reading.
   */
  public static Kind kindOf(byte[] headerValue) throws MalformedMessageException {
    if (headerValue == null) {
      return Kind.READING;
    }
    for (Kind kind : Kind.values()) {
      if (Arrays.equals(kind.headerBytes, headerValue)) {
        return kind;
      }
    }
    String shown = new String(headerValue, StandardCharsets.UTF_8);
    if (shown.length() > 40) {
      shown = shown.substring(0, 40) + "...";
    }
    throw new MalformedMessageException(KIND_HEADER, "must be '" + READING + "' or '" + RECOVERY + "', got '"
        + shown + "'");
  }
}
