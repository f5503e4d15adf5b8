package dev.vigil.wire;

/**
 * How an alarm's id is made: {@code <sensorId>/<TYPE>/<position>}, where the position says which message of the
 * sensor's log raised it. A sensor's messages all sit in one partition of the readings topic, so the position of a
 * Kafka record is {@code <partition>-<offset>} (with {@code -<index>} when the record held several messages), the
 * same on every runner and on every replay. Sources without coordinates (tests, generators) use {@code t<event time>};
 * OFFLINE, raised by silence rather than by a message, uses {@code t<the time it was decided>}. Sensor ids cannot
 * hold a '/', so the id splits back unambiguously.
 */
public final class AlarmIds {
  private AlarmIds() {}

  public static String of(String sensorId, AlarmType type, String position) {
    return sensorId + "/" + type.name() + "/" + position;
  }

  /** The position of the {@code index}-th of {@code messages} messages in the Kafka record at partition/offset. */
  public static String logPosition(int partition, long offset, int index, int messages) {
    return messages > 1 ? partition + "-" + offset + "-" + index : partition + "-" + offset;
  }

  /** The position of a message from a source without coordinates, or of a decision taken at an event time. */
  public static String timePosition(long eventTime, int index, int messages) {
    return messages > 1 ? "t" + eventTime + "-" + index : "t" + eventTime;
  }
}
