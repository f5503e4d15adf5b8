package dev.vigil.wire;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The JSON wire formats of Vigil and their validation, in one place.
 *
 * <p>A reading is {@code {"sensorId":"42959","motion":false,"smoke":false,"temperature":25.5,
 * "maxTemperature":30.0,"timestamp":1763800000000}}; {@code timestamp} is optional (epoch milliseconds or an
 * ISO-8601 instant) and defaults to the time the message was received. A recovery is {@code {"sensorId":"42959"}}
 * with the same optional timestamp. Bodies may hold one message or a non-empty JSON array of them. Unknown fields
 * are ignored so that newer sensors can add some; known fields are checked strictly: booleans must be JSON
 * booleans, temperatures finite JSON numbers within ±{@link #MAX_TEMPERATURE_MAGNITUDE}.
 *
 * <p>The reference system's positional reading, {@code {"42959","true","false","25.5","30.0"}} (id, motion, smoke,
 * temperature, max temperature), is not JSON; {@link #isLegacyPositional(byte[])} recognises it because its first
 * string is followed by a comma (or the closing brace) where JSON would need a colon.
 * {@link #parseReadingBody(byte[], long)} makes that choice for a body of readings.
 */
public final class WireFormat {

  /**
   * Largest temperature magnitude accepted, in any unit: beyond it a value is a sensor fault or an attack (a
   * 40-digit number parses to a finite double), not a reading to compare against.
   */
  public static final double MAX_TEMPERATURE_MAGNITUDE = 1_000_000;

  /** Longest accepted sensor id. */
  public static final int MAX_SENSOR_ID_LENGTH = 64;

  private static final Pattern SENSOR_ID = Pattern.compile("[A-Za-z0-9._:-]{1," + MAX_SENSOR_ID_LENGTH + "}");
  private static final int LEGACY_FIELDS = 5;

  private static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

  private WireFormat() {}

  // ---- readings ------------------------------------------------------------------------------------------------

  /** Parses a body holding one reading or a non-empty array of readings; all of them or none. */
  public static List<Reading> parseReadings(byte[] body, long receivedAt) throws MalformedMessageException {
    List<Reading> readings = new ArrayList<>();
    for (Element element : elements(body)) {
      readings.add(reading(element.node(), element.prefix(), receivedAt));
    }
    return readings;
  }

  /**
   * Parses a readings body as a sensor sends it: the reference system's positional reading when
   * {@link #isLegacyPositional(byte[])} says it is one, else one JSON reading or a non-empty JSON array of them (all
   * of them or none). This is the one place where the two forms are told apart.
   */
  public static List<Reading> parseReadingBody(byte[] body, long receivedAt) throws MalformedMessageException {
    if (isLegacyPositional(body)) {
      return List.of(parseLegacyReading(body, receivedAt));
    }
    return parseReadings(body, receivedAt);
  }

  /** Parses exactly one JSON reading, as found in a record of the readings topic. */
  public static Reading parseReading(byte[] json, long receivedAt) throws MalformedMessageException {
    return reading(object(tree(json), ""), "", receivedAt);
  }

  public static byte[] toJson(Reading reading) {
    return write(reading);
  }

  // ---- recoveries ----------------------------------------------------------------------------------------------

  /** Parses a body holding one recovery or a non-empty array of recoveries; all of them or none. */
  public static List<Recovery> parseRecoveries(byte[] body, long receivedAt) throws MalformedMessageException {
    List<Recovery> recoveries = new ArrayList<>();
    for (Element element : elements(body)) {
      recoveries.add(recovery(element.node(), element.prefix(), receivedAt));
    }
    return recoveries;
  }

  /** Parses exactly one JSON recovery, as found in a recovery record of the sensor log ({@link SensorLog}). */
  public static Recovery parseRecovery(byte[] json, long receivedAt) throws MalformedMessageException {
    return recovery(object(tree(json), ""), "", receivedAt);
  }

  public static byte[] toJson(Recovery recovery) {
    return write(recovery);
  }

  // ---- alarms --------------------------------------------------------------------------------------------------

  public static byte[] toJson(Alarm alarm) {
    return write(alarm);
  }

  /** Reads an alarm event back; alarms are written by Vigil itself, so this is a plain data binding. */
  public static Alarm parseAlarm(byte[] json) throws MalformedMessageException {
    try {
      return MAPPER.readValue(json, Alarm.class);
    } catch (JsonProcessingException e) {
      throw new MalformedMessageException("body", "not an alarm event: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new MalformedMessageException("body", "unreadable: " + e.getMessage());
    }
  }

  // ---- the reference system's positional reading ---------------------------------------------------------------

  /** True when the body looks like {@code {"id","true","false","25.5","30.0"}} rather than JSON. */
  public static boolean isLegacyPositional(byte[] body) {
    int i = skipSpace(body, 0);
    if (i >= body.length || body[i] != '{') {
      return false;
    }
    i = skipSpace(body, i + 1);
    if (i >= body.length || body[i] != '"') {
      return false;
    }
    i++;
    while (i < body.length && body[i] != '"') {
      i++;
    }
    i = skipSpace(body, i + 1);
    return i < body.length && (body[i] == ',' || body[i] == '}');
  }

  /** Parses the positional reading: five quoted fields, id, motion, smoke, temperature, max temperature. */
  public static Reading parseLegacyReading(byte[] body, long receivedAt) throws MalformedMessageException {
    String text = new String(body, StandardCharsets.UTF_8).strip();
    if (!text.startsWith("{") || !text.endsWith("}")) {
      throw new MalformedMessageException("body", "a positional reading is wrapped in braces: {\"id\",\"true\",...}");
    }
    List<String> fields = new ArrayList<>();
    String inner = text.substring(1, text.length() - 1);
    int i = 0;
    while (true) {
      while (i < inner.length() && Character.isWhitespace(inner.charAt(i))) {
        i++;
      }
      if (i >= inner.length() || inner.charAt(i) != '"') {
        throw new MalformedMessageException("body", "positional field " + (fields.size() + 1) + " is not a quoted string");
      }
      int end = inner.indexOf('"', i + 1);
      if (end < 0) {
        throw new MalformedMessageException("body", "positional field " + (fields.size() + 1) + " has no closing quote");
      }
      fields.add(inner.substring(i + 1, end));
      i = end + 1;
      while (i < inner.length() && Character.isWhitespace(inner.charAt(i))) {
        i++;
      }
      if (i >= inner.length()) {
        break;
      }
      if (inner.charAt(i) != ',') {
        throw new MalformedMessageException("body", "positional fields are separated by commas");
      }
      i++;
    }
    if (fields.size() != LEGACY_FIELDS) {
      throw new MalformedMessageException("body", "a positional reading has " + LEGACY_FIELDS
          + " fields (sensorId, motion, smoke, temperature, maxTemperature), got " + fields.size());
    }
    return new Reading(
        sensorId(fields.get(0), "sensorId"),
        legacyBoolean(fields.get(1), "motion"),
        legacyBoolean(fields.get(2), "smoke"),
        legacyNumber(fields.get(3), "temperature"),
        legacyNumber(fields.get(4), "maxTemperature"),
        receivedAt);
  }

  // ---- shared validation ---------------------------------------------------------------------------------------

  private record Element(JsonNode node, String prefix) {}

  private static List<Element> elements(byte[] body) throws MalformedMessageException {
    JsonNode root = tree(body);
    if (root.isArray()) {
      if (root.isEmpty()) {
        throw new MalformedMessageException("body", "the array is empty: send at least one message");
      }
      List<Element> elements = new ArrayList<>(root.size());
      for (int i = 0; i < root.size(); i++) {
        String prefix = "[" + i + "].";
        elements.add(new Element(object(root.get(i), prefix), prefix));
      }
      return elements;
    }
    return List.of(new Element(object(root, ""), ""));
  }

  private static JsonNode tree(byte[] json) throws MalformedMessageException {
    if (json == null || json.length == 0) {
      throw new MalformedMessageException("body", "empty body: send a JSON object");
    }
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new MalformedMessageException("body", "not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new MalformedMessageException("body", "unreadable: " + e.getMessage());
    }
  }

  private static JsonNode object(JsonNode node, String prefix) throws MalformedMessageException {
    if (node == null || !node.isObject()) {
      String where = prefix.isEmpty() ? "body" : prefix.substring(0, prefix.length() - 1);
      throw new MalformedMessageException(where, "expected a JSON object");
    }
    return node;
  }

  private static Reading reading(JsonNode node, String prefix, long receivedAt) throws MalformedMessageException {
    return new Reading(
        sensorId(node, prefix),
        bool(node, prefix, "motion"),
        bool(node, prefix, "smoke"),
        number(node, prefix, "temperature"),
        number(node, prefix, "maxTemperature"),
        timestamp(node, prefix, receivedAt));
  }

  private static Recovery recovery(JsonNode node, String prefix, long receivedAt) throws MalformedMessageException {
    return new Recovery(sensorId(node, prefix), timestamp(node, prefix, receivedAt));
  }

  private static JsonNode required(JsonNode node, String prefix, String field) throws MalformedMessageException {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new MalformedMessageException(prefix + field, "is required");
    }
    return value;
  }

  private static String sensorId(JsonNode node, String prefix) throws MalformedMessageException {
    JsonNode value = required(node, prefix, "sensorId");
    if (!value.isTextual()) {
      throw new MalformedMessageException(prefix + "sensorId", "must be a string, got " + kind(value));
    }
    return sensorId(value.textValue(), prefix + "sensorId");
  }

  private static String sensorId(String id, String field) throws MalformedMessageException {
    if (!SENSOR_ID.matcher(id).matches()) {
      throw new MalformedMessageException(field, "must be 1 to " + MAX_SENSOR_ID_LENGTH
          + " characters of letters, digits, '.', '_', ':' or '-'");
    }
    return id;
  }

  private static boolean bool(JsonNode node, String prefix, String field) throws MalformedMessageException {
    JsonNode value = required(node, prefix, field);
    if (!value.isBoolean()) {
      throw new MalformedMessageException(prefix + field, "must be true or false, got " + kind(value));
    }
    return value.booleanValue();
  }

  private static double number(JsonNode node, String prefix, String field) throws MalformedMessageException {
    JsonNode value = required(node, prefix, field);
    if (!value.isNumber()) {
      throw new MalformedMessageException(prefix + field, "must be a number, got " + kind(value));
    }
    return temperature(value.doubleValue(), prefix + field);
  }

  private static double temperature(double value, String field) throws MalformedMessageException {
    if (!Double.isFinite(value)) {
      throw new MalformedMessageException(field, "must be a finite number");
    }
    if (Math.abs(value) > MAX_TEMPERATURE_MAGNITUDE) {
      throw new MalformedMessageException(field, "must be between -1000000 and 1000000");
    }
    return value;
  }

  private static long timestamp(JsonNode node, String prefix, long receivedAt) throws MalformedMessageException {
    JsonNode value = node.get("timestamp");
    if (value == null || value.isNull()) {
      return receivedAt;
    }
    String field = prefix + "timestamp";
    if (value.isIntegralNumber() && value.canConvertToLong() && value.longValue() > 0) {
      return value.longValue();
    }
    if (value.isTextual()) {
      try {
        return Instant.parse(value.textValue()).toEpochMilli();
      } catch (DateTimeParseException | ArithmeticException e) {
        throw new MalformedMessageException(field, "is not an ISO-8601 instant such as 2026-11-22T08:00:00Z");
      }
    }
    throw new MalformedMessageException(field, "must be positive epoch milliseconds or an ISO-8601 instant");
  }

  private static boolean legacyBoolean(String text, String field) throws MalformedMessageException {
    if ("true".equalsIgnoreCase(text)) {
      return true;
    }
    if ("false".equalsIgnoreCase(text)) {
      return false;
    }
    throw new MalformedMessageException(field, "must be \"true\" or \"false\", got \"" + text + "\"");
  }

  private static double legacyNumber(String text, String field) throws MalformedMessageException {
    try {
      return temperature(Double.parseDouble(text.strip()), field);
    } catch (NumberFormatException e) {
      throw new MalformedMessageException(field, "must be a number, got \"" + text + "\"");
    }
  }

  private static String kind(JsonNode value) {
    return switch (value.getNodeType()) {
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      default -> value.getNodeType().name().toLowerCase();
    };
  }

  private static int skipSpace(byte[] body, int from) {
    int i = from;
    while (i < body.length && (body[i] == ' ' || body[i] == '\t' || body[i] == '\r' || body[i] == '\n')) {
      i++;
    }
    return i;
  }

  private static byte[] write(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
    }
  }
}
