package dev.vigil.gateway;

import dev.vigil.wire.MalformedMessageException;
import dev.vigil.wire.Reading;
import dev.vigil.wire.Recovery;
import dev.vigil.wire.SensorLog;
import dev.vigil.wire.WireFormat;
import java.util.ArrayList;
import java.util.List;

/**
 * The two ingest paths. They differ only in how a body is parsed; after that a reading and a recovery are the same
 * thing to the gateway, a {@link Message}: a sensor id (the record key, what the token must cover) and the wire
 * JSON to write.
 */
enum IngestPath {
  READINGS("/v1/readings", SensorLog.Kind.READING, true),
  RECOVERIES("/v1/recoveries", SensorLog.Kind.RECOVERY, false);

  /** One message of a request, ready to be written: its sensor and its wire JSON. */
  record Message(String sensorId, byte[] json) {}

  private final String path;
  private final SensorLog.Kind kind;
  private final boolean positionalAllowed;

  IngestPath(String path, SensorLog.Kind kind, boolean positionalAllowed) {
    this.path = path;
    this.kind = kind;
    this.positionalAllowed = positionalAllowed;
  }

  /** The ingest path at {@code path}, or null when it is not one. */
  static IngestPath of(String path) {
    for (IngestPath p : values()) {
      if (p.path.equals(path)) {
        return p;
      }
    }
    return null;
  }

  String path() {
    return path;
  }

  SensorLog.Kind kind() {
    return kind;
  }

  /** Whether the reference system's positional reading may be sent here (so its content type is accepted). */
  boolean positionalAllowed() {
    return positionalAllowed;
  }

  /**
   * Parses and validates a whole body, all of it or none. {@link BodyFormat#POSITIONAL} forces the positional form;
   * for JSON bodies {@link WireFormat#parseReadingBody} tells the positional form from JSON itself.
   */
  List<Message> parse(byte[] body, BodyFormat format, long receivedAt) throws MalformedMessageException {
    return switch (kind) {
      case READING -> {
        List<Reading> readings = format == BodyFormat.POSITIONAL
            ? List.of(WireFormat.parseLegacyReading(body, receivedAt))
            : WireFormat.parseReadingBody(body, receivedAt);
        List<Message> messages = new ArrayList<>(readings.size());
        for (Reading r : readings) {
          messages.add(new Message(r.sensorId(), WireFormat.toJson(r)));
        }
        yield messages;
      }
      case RECOVERY -> {
        List<Recovery> recoveries = WireFormat.parseRecoveries(body, receivedAt);
        List<Message> messages = new ArrayList<>(recoveries.size());
        for (Recovery r : recoveries) {
          messages.add(new Message(r.sensorId(), WireFormat.toJson(r)));
        }
        yield messages;
      }
    };
  }
}
