package dev.vigil.pipeline.parse;

import java.util.Arrays;
import java.util.Objects;

/**
 * One message as a source delivers it, before parsing: the bytes and where they came from. Sources that have no
 * coordinates (tests, generators) leave {@code topic} null and {@code partition}/{@code offset} at -1.
 *
 * @param kind       whether the bytes should hold a reading or a recovery
 * @param payload    the message body, untouched
 * @param topic      source topic, or null
 * @param partition  source partition, or -1
 * @param offset     offset in that partition, or -1
 * @param receivedAt when the source received it (epoch ms): the event time of messages that carry none
 */
public record RawRecord(MessageKind kind, byte[] payload, String topic, int partition, long offset, long receivedAt) {

  public static RawRecord of(MessageKind kind, byte[] payload, long receivedAt) {
    return new RawRecord(kind, payload, null, -1, -1, receivedAt);
  }

  // Arrays compare by identity in a record: compare the bytes instead, so that tests and runners see equal values.
  @Override
  public boolean equals(Object other) {
    return other instanceof RawRecord r && kind == r.kind && Arrays.equals(payload, r.payload)
        && Objects.equals(topic, r.topic) && partition == r.partition && offset == r.offset
        && receivedAt == r.receivedAt;
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, Arrays.hashCode(payload), topic, partition, offset, receivedAt);
  }

  @Override
  public String toString() {
    return "RawRecord[" + kind + " " + topic + "/" + partition + "@" + offset + " "
        + new String(payload, java.nio.charset.StandardCharsets.UTF_8) + "]";
  }
}
