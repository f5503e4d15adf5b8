package dev.vigil.pipeline.coders;

import dev.vigil.pipeline.parse.MessageKind;
import dev.vigil.wire.AlarmStatus;
import dev.vigil.wire.AlarmType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Enums as their fixed codes (one byte), never ordinals; an unknown code is an error that names it. */
final class EnumCodes {
  private EnumCodes() {}

  static void write(AlarmType type, OutputStream out) throws IOException {
    out.write(type.code());
  }

  static AlarmType readAlarmType(InputStream in) throws IOException {
    int code = BinaryEncoding.readByte(in);
    AlarmType type = AlarmType.ofCode(code);
    if (type == null) {
      throw new IOException("unknown alarm type code " + code + ": written by a newer build?");
    }
    return type;
  }

  static void write(AlarmStatus status, OutputStream out) throws IOException {
    out.write(status.code());
  }

  static AlarmStatus readAlarmStatus(InputStream in) throws IOException {
    int code = BinaryEncoding.readByte(in);
    AlarmStatus status = AlarmStatus.ofCode(code);
    if (status == null) {
      throw new IOException("unknown alarm status code " + code + ": written by a newer build?");
    }
    return status;
  }

  static void write(MessageKind kind, OutputStream out) throws IOException {
    out.write(kind.code());
  }

  static MessageKind readMessageKind(InputStream in) throws IOException {
    int code = BinaryEncoding.readByte(in);
    MessageKind kind = MessageKind.ofCode(code);
    if (kind == null) {
      throw new IOException("unknown message kind code " + code + ": written by a newer build?");
    }
    return kind;
  }
}
