package dev.vigil.gateway;

import java.util.Locale;

/**
 * The request body formats, chosen from the {@code Content-Type} header.
 *
 * <ul>
 *   <li>{@code application/json} (optionally {@code ; charset=utf-8}): JSON; on /v1/readings a body in the
 *       reference system's positional form is recognised too (see {@link dev.vigil.wire.WireFormat#isLegacyPositional}).
 *   <li>{@code application/x-vigil-positional}: only the positional form, only on /v1/readings.
 * </ul>
 * Anything else, a missing header, or a charset other than UTF-8 gets 415.
 */
enum BodyFormat {
  JSON,
  POSITIONAL;

  static final String JSON_TYPE = "application/json";
  static final String POSITIONAL_TYPE = "application/x-vigil-positional";

  /** Thrown for a content type the gateway does not take; the message is meant for the sender. */
  static final class UnsupportedException extends Exception {
    private static final long serialVersionUID = 1L;

    UnsupportedException(String message) {
      super(message);
    }
  }

  static BodyFormat of(String contentType, boolean positionalAllowed) throws UnsupportedException {
    String accepted = positionalAllowed ? JSON_TYPE + " or " + POSITIONAL_TYPE : JSON_TYPE;
    if (contentType == null || contentType.isBlank()) {
      throw new UnsupportedException("missing; send " + accepted);
    }
    String[] parts = contentType.split(";");
    String mime = parts[0].strip().toLowerCase(Locale.ROOT);
    BodyFormat format;
    if (mime.equals(JSON_TYPE)) {
      format = JSON;
    } else if (mime.equals(POSITIONAL_TYPE) && positionalAllowed) {
      format = POSITIONAL;
    } else {
      throw new UnsupportedException("'" + mime + "' is not accepted here; send " + accepted);
    }
    for (int i = 1; i < parts.length; i++) {
      String param = parts[i].strip();
      int eq = param.indexOf('=');
      if (eq < 0) {
        continue;
      }
      String name = param.substring(0, eq).strip().toLowerCase(Locale.ROOT);
      String value = param.substring(eq + 1).strip();
      if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
        value = value.substring(1, value.length() - 1);
      }
      if (name.equals("charset") && !value.equalsIgnoreCase("utf-8") && !value.equalsIgnoreCase("utf8")) {
        throw new UnsupportedException("charset '" + value + "' is not accepted; send UTF-8");
      }
    }
    return format;
  }
}
