package dev.vigil.gateway;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Per-sensor bearer tokens. Each entry gives one sensor id its token; several sensors may share a token (a hub that
 * forwards for the sensors behind it), and then a batch from that token may mix those sensors.
 *
 * <p>Format, one entry per line (or per comma in {@code VIGIL_GATEWAY_TOKENS}): {@code sensorId=token} or
 * {@code sensorId token}. Blank lines and lines starting with {@code #} are ignored. A sensor listed twice is an
 * error (which of the two tokens was meant?).
 *
 * <p>Only SHA-256 digests of the tokens are kept in memory, so that the lookup by token does not compare secrets
 * with a data-dependent running time.
 */
public final class SensorTokens {

  /** Thrown for a tokens file that cannot be used; says which line and why. */
  public static final class InvalidTokensException extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidTokensException(String message) {
      super(message);
    }
  }

  /** Digest of a token -> the sensors it is valid for. */
  private final Map<String, Set<String>> sensorsByTokenDigest;
  private final int sensors;

  private SensorTokens(Map<String, Set<String>> sensorsByTokenDigest, int sensors) {
    this.sensorsByTokenDigest = sensorsByTokenDigest;
    this.sensors = sensors;
  }

  public static SensorTokens load(Path file) throws IOException, InvalidTokensException {
    return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
  }

  /** Parses entries separated by newlines or commas; {@code source} names them in error messages. */
  public static SensorTokens parse(String text, String source) throws InvalidTokensException {
    Map<String, Set<String>> byDigest = new HashMap<>();
    Set<String> seen = new HashSet<>();
    String[] lines = text.split("\\r?\\n|,", -1);
    for (int n = 0; n < lines.length; n++) {
      String line = lines[n].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int sep = indexOfSeparator(line);
      if (sep <= 0) {
        throw new InvalidTokensException(source + ": entry " + (n + 1)
            + " is not 'sensorId=token' or 'sensorId token'");
      }
      String sensor = line.substring(0, sep).strip();
      String token = line.substring(sep).strip();
      if (token.startsWith("=")) {
        token = token.substring(1).strip();
      }
      if (sensor.isEmpty() || token.isEmpty() || containsSpace(sensor) || containsSpace(token)) {
        throw new InvalidTokensException(source + ": entry " + (n + 1)
            + " is not 'sensorId=token' or 'sensorId token'");
      }
      if (!seen.add(sensor)) {
        throw new InvalidTokensException(source + ": entry " + (n + 1) + " lists sensor " + sensor + " again");
      }
      byDigest.computeIfAbsent(digest(token), k -> new HashSet<>()).add(sensor);
    }
    if (seen.isEmpty()) {
      throw new InvalidTokensException(source + ": no tokens (auth would reject every request)");
    }
    Map<String, Set<String>> frozen = new HashMap<>();
    byDigest.forEach((k, v) -> frozen.put(k, Set.copyOf(v)));
    return new SensorTokens(Map.copyOf(frozen), seen.size());
  }

  /** Number of sensors that have a token. */
  public int size() {
    return sensors;
  }

  /**
   * The sensors an {@code Authorization} header value is valid for, or null when it is missing, not a bearer token,
   * or an unknown token.
   */
  public Set<String> sensorsFor(String authorizationHeader) {
    if (authorizationHeader == null) {
      return null;
    }
    String value = authorizationHeader.strip();
    if (value.length() < 7 || !value.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String token = value.substring(7).strip();
    if (token.isEmpty()) {
      return null;
    }
    return sensorsByTokenDigest.get(digest(token));
  }

  /** The first sensor id that {@code allowed} does not cover, or null when it covers them all. */
  public static String firstNotAllowed(Set<String> allowed, Collection<String> sensorIds) {
    for (String id : sensorIds) {
      if (!allowed.contains(id)) {
        return id;
      }
    }
    return null;
  }

  /** The first '=' or whitespace: sensor ids contain neither, tokens may contain '=' (base64 padding). */
  private static int indexOfSeparator(String line) {
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '=' || Character.isWhitespace(c)) {
        return i;
      }
    }
    return -1;
  }

  private static boolean containsSpace(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isWhitespace(s.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  private static String digest(String token) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
      StringBuilder sb = new StringBuilder(d.length * 2);
      for (byte b : d) {
        sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
      }
      return sb.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
