package dev.vigil.pipeline.coders;

import dev.vigil.pipeline.parse.MessageKind;
import dev.vigil.wire.AlarmStatus;
import dev.vigil.wire.AlarmType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.IntFunction;

/** Enums as their fixed codes (one byte), never ordinals; an unknown code is an error that names it. */
final class EnumCodes {
  private EnumCodes() {}

  static void write(AlarmType type, OutputStream out) throws IOException {
    out.write(type.code());
  }

  static void write(AlarmStatus status, OutputStream out) throws IOException {
    out.write(status.code());
  }

  static void write(MessageKind kind, OutputStream out) throws IOException {
    out.write(kind.code());
  }

  static AlarmType readAlarmType(InputStream in) throws IOException {
    return read(in, AlarmType::ofCode, "alarm type");
  }

  static AlarmStatus readAlarmStatus(InputStream in) throws IOException {
    return read(in, AlarmStatus::ofCode, "alarm status");
  }

  static MessageKind readMessageKind(InputStream in) throws IOException {
    return read(in, MessageKind::ofCode, "message kind");
  }

  private static <E> E read(InputStream in, IntFunction<E> ofCode, String what) throws IOException {
    int code = BinaryEncoding.readByte(in);
    E value = ofCode.apply(code);
    if (value == null) {
      throw new IOException("unknown " + what + " code " + code + ": written by a newer build?");
    }
    return value;
  }
}
