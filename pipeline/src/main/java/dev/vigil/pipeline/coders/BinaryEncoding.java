package dev.vigil.pipeline.coders;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.beam.sdk.util.VarInt;

/**
 * The primitive encodings shared by Vigil's hand-written coders: var-ints for lengths and counts, 8 big-endian
 * bytes for longs and doubles (timestamps are large, so var-longs would not save anything), UTF-8 strings with a
 * length prefix, and a presence byte in front of anything that may be null.
 */
final class BinaryEncoding {
  private BinaryEncoding() {}

  static void writeString(String value, OutputStream out) throws IOException {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    VarInt.encode(bytes.length, out);
    out.write(bytes);
  }

  static String readString(InputStream in) throws IOException {
    return new String(readBytes(in), StandardCharsets.UTF_8);
  }

  static void writeNullableString(String value, OutputStream out) throws IOException {
    out.write(value == null ? 0 : 1);
    if (value != null) {
      writeString(value, out);
    }
  }

  static String readNullableString(InputStream in) throws IOException {
    return readPresence(in) ? readString(in) : null;
  }

  static void writeBytes(byte[] value, OutputStream out) throws IOException {
    VarInt.encode(value.length, out);
    out.write(value);
  }

  static byte[] readBytes(InputStream in) throws IOException {
    int length = VarInt.decodeInt(in);
    byte[] bytes = new byte[length];
    int read = 0;
    while (read < length) {
      int n = in.read(bytes, read, length - read);
      if (n < 0) {
        throw new EOFException("expected " + length + " bytes, got " + read);
      }
      read += n;
    }
    return bytes;
  }

  static void writeLong(long value, OutputStream out) throws IOException {
    for (int shift = 56; shift >= 0; shift -= 8) {
      out.write((int) (value >>> shift));
    }
  }

  static long readLong(InputStream in) throws IOException {
    long value = 0;
    for (int i = 0; i < 8; i++) {
      value = (value << 8) | readByte(in);
    }
    return value;
  }

  /** Doubles go through their canonical bits so that equal values always encode to equal bytes. */
  static void writeDouble(double value, OutputStream out) throws IOException {
    writeLong(Double.doubleToLongBits(value), out);
  }

  static double readDouble(InputStream in) throws IOException {
    return Double.longBitsToDouble(readLong(in));
  }

  static void writeInt(int value, OutputStream out) throws IOException {
    VarInt.encode(value, out);
  }

  static int readInt(InputStream in) throws IOException {
    return VarInt.decodeInt(in);
  }

  static void writeBoolean(boolean value, OutputStream out) throws IOException {
    out.write(value ? 1 : 0);
  }

  static boolean readBoolean(InputStream in) throws IOException {
    return readByte(in) != 0;
  }

  static boolean readPresence(InputStream in) throws IOException {
    return readBoolean(in);
  }

  static int readByte(InputStream in) throws IOException {
    int b = in.read();
    if (b < 0) {
      throw new EOFException();
    }
    return b;
  }
}
