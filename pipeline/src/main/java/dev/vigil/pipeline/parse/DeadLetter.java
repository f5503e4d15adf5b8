package dev.vigil.pipeline.parse;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A record the pipeline could not use, kept with the reason and the original bytes so that it can be inspected and
 * replayed. Coordinates are copied from the {@link RawRecord} (null / -1 when the source had none).
 */
public record DeadLetter(
    MessageKind kind, String reason, byte[] payload, String topic, int partition, long offset, long receivedAt) {

  public static DeadLetter of(RawRecord record, String reason) {
    return new DeadLetter(record.kind(), reason, record.payload(), record.topic(), record.partition(),
        record.offset(), record.receivedAt());
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof DeadLetter d && kind == d.kind && Objects.equals(reason, d.reason)
        && Arrays.equals(payload, d.payload) && Objects.equals(topic, d.topic) && partition == d.partition
        && offset == d.offset && receivedAt == d.receivedAt;
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, reason, Arrays.hashCode(payload), topic, partition, offset, receivedAt);
  }

  @Override
  public String toString() {
    return "DeadLetter[" + kind + " " + topic + "/" + partition + "@" + offset + " " + reason + ": "
        + new String(payload, StandardCharsets.UTF_8) + "]";
  }
}
