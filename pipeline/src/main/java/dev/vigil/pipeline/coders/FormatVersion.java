package dev.vigil.pipeline.coders;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;

/**
 * The format version in front of every persisted value (Flink state, savepoints): one byte, {@code 0x80 | version}.
 * The first release wrote no version; each of its formats begins with a byte below 0x80 (a small var-int or the
 * high byte of an id), so a cell without the high bit is read as format 1. A version this build does not know fails
 * loudly with what to do, rather than being misread.
 */
final class FormatVersion {
  private FormatVersion() {}

  private static final int MARK = 0x80;

  static void write(int version, OutputStream out) throws IOException {
    out.write(MARK | version);
  }

  /** A value's version and the stream to decode it from (for format 1, the first byte put back in front). */
  record Read(int version, InputStream in) {}

  static Read read(InputStream in, String what, int newest) throws IOException {
    int first = BinaryEncoding.readByte(in);
    if ((first & MARK) == 0) {
      return new Read(1, new SequenceInputStream(new ByteArrayInputStream(new byte[] {(byte) first}), in));
    }
    int version = first & ~MARK;
    if (version < 2 || version > newest) {
      throw new IOException(what + " written in format " + version + ", but this build reads formats 1 to " + newest
          + ": restore from a savepoint taken by a build that knows format " + version + ", or upgrade this one");
    }
    return new Read(version, in);
  }
}
