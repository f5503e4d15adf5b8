package dev.vigil.tests.gateway;

import dev.vigil.tests.gateway.RawHttp.Pacing;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Seeded generator of requests the gateway must refuse: each is malformed in one way (its family) and otherwise as
 * a real sensor would send it, with a valid token, so that a refusal is owed to that one defect. Nothing here may
 * ever be accepted, so every body that would parse is sent with a defect of the HTTP layer or of auth.
 */
final class MalformedRequests {

  /** A request and how to write it; {@code headLength} is where its body starts. */
  record Request(String family, byte[] bytes, int headLength, Pacing pacing) {
    String excerpt() {
      String text = new String(bytes, 0, Math.min(bytes.length, 160), StandardCharsets.ISO_8859_1);
      return text.replace("\r", "\\r").replace("\n", "\\n") + (bytes.length > 160 ? "... (" + bytes.length + " B)" : "");
    }
  }

  private record Family(String name, Supplier<Request> generate) {}

  private static final String READINGS = "/v1/readings";
  private static final String RECOVERIES = "/v1/recoveries";
  private static final String JSON = "application/json";

  private final Random random;
  private final List<String> sensors;
  private final String token;
  private final String otherSensorsToken;
  private final int maxBodyBytes;
  private final int maxBatch;
  private final List<Family> quick = new ArrayList<>();
  private final List<Family> slow = new ArrayList<>();

  /**
   * @param token             valid for every sensor in {@code sensors}
   * @param otherSensorsToken valid, but for none of {@code sensors}
   */
  MalformedRequests(long seed, List<String> sensors, String token, String otherSensorsToken, int maxBodyBytes,
      int maxBatch) {
    this.random = new Random(seed);
    this.sensors = List.copyOf(sensors);
    this.token = token;
    this.otherSensorsToken = otherSensorsToken;
    this.maxBodyBytes = maxBodyBytes;
    this.maxBatch = maxBatch;
    quick.add(new Family("truncated-json", this::truncatedJson));
    quick.add(new Family("broken-json", this::brokenJson));
    quick.add(new Family("deep-nesting", this::deepNesting));
    quick.add(new Family("huge-number", this::hugeNumber));
    quick.add(new Family("nan-infinity", this::nonFinite));
    quick.add(new Family("wrong-type", this::wrongType));
    quick.add(new Family("bad-sensor-id", this::badSensorId));
    quick.add(new Family("bad-content-type", this::badContentType));
    quick.add(new Family("oversized-body", this::oversizedBody));
    quick.add(new Family("oversized-batch", this::oversizedBatch));
    quick.add(new Family("bad-token", this::badToken));
    quick.add(new Family("bad-length", this::badLength));
    quick.add(new Family("bad-request-line", this::badRequestLine));
    quick.add(new Family("header-flood", this::headerFlood));
    quick.add(new Family("bad-chunking", this::badChunking));
    slow.add(new Family("slow-body", this::slowBody));
    slow.add(new Family("length-over-body", this::lengthOverBody));
    slow.add(new Family("unfinished-chunks", this::unfinishedChunks));
    slow.add(new Family("slow-headers", this::slowHeaders));
  }

  /** {@code count} requests: one in {@code slowEvery} from a slow family (they take a read timeout each). */
  List<Request> generate(int count, int slowEvery) {
    List<Request> requests = new ArrayList<>(count);
    int q = 0;
    int s = 0;
    for (int i = 0; i < count; i++) {
      requests.add(i % slowEvery == slowEvery - 1
          ? slow.get(s++ % slow.size()).generate().get()
          : quick.get(q++ % quick.size()).generate().get());
    }
    return requests;
  }

  // ---- bodies ---------------------------------------------------------------------------------------------------

  private String sensor() {
    return sensors.get(random.nextInt(sensors.size()));
  }

  private String number() {
    return String.format(java.util.Locale.ROOT, "%.1f", random.nextDouble() * 80 - 10);
  }

  /** A valid reading with the fields in the usual order; {@code field=value} replaces one value verbatim. */
  private String reading(String field, String value) {
    String[][] fields = {
        {"sensorId", "\"" + sensor() + "\""}, {"motion", String.valueOf(random.nextBoolean())},
        {"smoke", String.valueOf(random.nextBoolean())}, {"temperature", number()}, {"maxTemperature", "30.0"},
        {"timestamp", String.valueOf(1_764_000_000_000L + random.nextInt(1_000_000))}};
    StringBuilder json = new StringBuilder("{");
    for (String[] f : fields) {
      json.append(json.length() > 1 ? "," : "").append('"').append(f[0]).append("\":")
          .append(f[0].equals(field) ? value : f[1]);
    }
    return json.append('}').toString();
  }

  private String validReading() {
    return reading("", "");
  }

  /** One valid reading, or an array of a few, or a recovery. */
  private String validBody() {
    return switch (random.nextInt(3)) {
      case 0 -> validReading();
      case 1 -> "[" + validReading() + "," + validReading() + "," + validReading() + "]";
      default -> "{\"sensorId\":\"" + sensor() + "\"}";
    };
  }

  private String pathFor(String body) {
    return body.contains("\"motion\"") ? READINGS : RECOVERIES;
  }

  // ---- requests -------------------------------------------------------------------------------------------------

  private String head(String requestLine, String contentType, String authorization, String framing) {
    StringBuilder h = new StringBuilder(requestLine).append("\r\nHost: 127.0.0.1\r\n");
    if (contentType != null) {
      h.append("Content-Type: ").append(contentType).append("\r\n");
    }
    if (authorization != null) {
      h.append("Authorization: ").append(authorization).append("\r\n");
    }
    return h.append(framing).append("Connection: close\r\n\r\n").toString();
  }

  private Request post(String family, String path, String contentType, String authorization, byte[] body) {
    String head = head("POST " + path + " HTTP/1.1", contentType, authorization,
        "Content-Length: " + body.length + "\r\n");
    return request(family, head, body, Pacing.AT_ONCE);
  }

  private Request post(String family, String path, byte[] body) {
    return post(family, path, JSON, "Bearer " + token, body);
  }

  private Request postJson(String family, String body) {
    return post(family, pathFor(body), bytes(body));
  }

  private static Request request(String family, String head, byte[] body, Pacing pacing) {
    byte[] h = head.getBytes(StandardCharsets.ISO_8859_1);
    byte[] all = new byte[h.length + body.length];
    System.arraycopy(h, 0, all, 0, h.length);
    System.arraycopy(body, 0, all, h.length, body.length);
    return new Request(family, all, h.length, pacing);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private String repeat(String s, int min, int max) {
    return s.repeat(min + random.nextInt(max - min + 1));
  }

  private <T> T pick(List<T> choices) {
    return choices.get(random.nextInt(choices.size()));
  }

  // ---- quick families -------------------------------------------------------------------------------------------

  /** A valid body cut anywhere before its end: JSON missing its closing bracket never parses. */
  private Request truncatedJson() {
    String body = validBody();
    return post("truncated-json", pathFor(body), bytes(body.substring(0, 1 + random.nextInt(body.length() - 1))));
  }

  /** One structural character removed: brackets and quotes unbalance, a lost ':' or ',' breaks the grammar. */
  private Request brokenJson() {
    String body = validBody();
    List<Integer> structural = new ArrayList<>();
    for (int i = 0; i < body.length(); i++) {
      if ("{}[]:,\"".indexOf(body.charAt(i)) >= 0) {
        structural.add(i);
      }
    }
    int cut = pick(structural);
    return post("broken-json", pathFor(body), bytes(body.substring(0, cut) + body.substring(cut + 1)));
  }

  private Request deepNesting() {
    String body = switch (random.nextInt(4)) {
      case 0 -> repeat("[", 1_001, 30_000);
      case 1 -> {
        int depth = 1_001 + random.nextInt(10_000);
        yield "[".repeat(depth) + validReading() + "]".repeat(depth);
      }
      case 2 -> repeat("{\"a\":", 1_001, 10_000) + "1";
      default -> {
        int depth = 2 + random.nextInt(900);
        yield "[".repeat(depth) + validReading() + "]".repeat(depth); // under the parser's limit: still no object
      }
    };
    return post("deep-nesting", READINGS, bytes(body));
  }

  private Request hugeNumber() {
    String field = pick(List.of("temperature", "maxTemperature", "timestamp"));
    List<String> values = field.equals("timestamp")
        ? List.of("1e30", "99999999999999999999", "-5", "0", "1.5", "1" + "0".repeat(400))
        : List.of("1e400", "-1e309", "1e99999999999", "1" + "0".repeat(30 + random.nextInt(300)),
            "-" + "9".repeat(1_001 + random.nextInt(5_000)), "0." + "1".repeat(1_001 + random.nextInt(2_000)),
            "123456789012345678901234567890.5e10", "2e6", "-1.5e7");
    return postJson("huge-number", reading(field, pick(values)));
  }

  private Request nonFinite() {
    String value = pick(List.of("NaN", "-NaN", "Infinity", "-Infinity", "+Infinity", "\"NaN\"", "\"Infinity\"",
        "nan", "inf", "1/0"));
    return postJson("nan-infinity", reading(pick(List.of("temperature", "maxTemperature")), value));
  }

  private Request wrongType() {
    String field = pick(List.of("sensorId", "motion", "smoke", "temperature", "maxTemperature", "timestamp"));
    String value = switch (field) {
      case "sensorId" -> pick(List.of("42", "true", "[\"" + sensor() + "\"]", "{\"id\":\"" + sensor() + "\"}", "null"));
      case "motion", "smoke" -> pick(List.of("\"true\"", "1", "0", "null", "[]", "{}", "\"yes\""));
      case "timestamp" -> pick(List.of("true", "[1764000000000]", "{}", "\"yesterday\"", "\"2026-13-45T99:00:00Z\""));
      default -> pick(List.of("\"20\"", "true", "null", "[20]", "{\"c\":20}", "\"\""));
    };
    return postJson("wrong-type", reading(field, value));
  }

  private Request badSensorId() {
    String id = switch (random.nextInt(8)) {
      case 0 -> "caf\u00e9-" + random.nextInt(100);
      case 1 -> "\uD83D\uDD25" + sensor();
      case 2 -> sensor() + "\u202Egpj";
      case 3 -> sensor() + " " + sensor();
      case 4 -> "";
      case 5 -> "x".repeat(65 + random.nextInt(500));
      case 6 -> "../" + sensor();
      default -> sensor() + "\\u0000";
    };
    String body = reading("sensorId", "\"" + id + "\"");
    if (random.nextInt(4) == 0) {
      // raw control characters and bytes that are not UTF-8, which JSON does not allow unescaped
      byte[] b = bytes(reading("sensorId", "\"" + sensor() + "@@\""));
      int at = new String(b, StandardCharsets.ISO_8859_1).indexOf("@@");
      b[at] = (byte) random.nextInt(0x20);
      b[at + 1] = (byte) (int) pick(List.of(0xC3, 0xFF, 0x80, 0xFE));
      return post("bad-sensor-id", READINGS, b);
    }
    return postJson("bad-sensor-id", body);
  }

  /** Valid bodies under a content type or charset the gateway does not take. */
  private Request badContentType() {
    String type = pick(java.util.Arrays.asList(null, "", "text/plain", "application/xml", "application/jsonx",
        "multipart/form-data; boundary=x", "application/json; charset=ISO-8859-1", "application/json; charset=utf-16",
        "application/json; charset=\"latin1\"", "application/x-www-form-urlencoded", "json"));
    String body = validBody();
    return post("bad-content-type", pathFor(body), type, "Bearer " + token, bytes(body));
  }

  /** Over the body limit: declared up front (an early 413) or chunked (413 while reading). */
  private Request oversizedBody() {
    int size = maxBodyBytes + 1 + random.nextInt(3 * maxBodyBytes);
    String reading = validReading();
    StringBuilder body = new StringBuilder("[").append(reading);
    while (body.length() + reading.length() + 2 < size) {
      body.append(',').append(reading.replaceFirst("\"sensorId\":\"[^\"]*\"", "\"sensorId\":\"" + sensor() + "\""));
    }
    body.append(' ').append(" ".repeat(Math.max(0, size - body.length() - 1))).append(']');
    if (random.nextBoolean()) {
      return postJson("oversized-body", body.toString());
    }
    String head = head("POST " + READINGS + " HTTP/1.1", JSON, "Bearer " + token, "Transfer-Encoding: chunked\r\n");
    return request("oversized-body", head, chunked(bytes(body.toString()), 8_192, true), Pacing.AT_ONCE);
  }

  private Request oversizedBatch() {
    int n = maxBatch + 1 + random.nextInt(2 * maxBatch);
    StringBuilder body = new StringBuilder("[");
    for (int i = 0; i < n; i++) {
      body.append(i == 0 ? "" : ",").append(validReading());
    }
    return postJson("oversized-batch", body.append(']').toString());
  }

  /** A valid body with a missing, malformed or wrong token, or one that is valid for other sensors. */
  private Request badToken() {
    String authorization = pick(java.util.Arrays.asList(null, "", "Bearer", "Bearer ", "Bearer " + token + "x",
        "Bearer x" + token, "Basic " + token, "Token " + token, token, "Bearer " + otherSensorsToken,
        "Bearer " + token.substring(0, token.length() - 1)));
    String body = validBody();
    return post("bad-token", pathFor(body), JSON, authorization, bytes(body));
  }

  private Request badLength() {
    String body = validBody();
    String path = pathFor(body);
    String framing = switch (random.nextInt(6)) {
      // shorter than the body: the gateway sees a truncated body, then garbage where the next request would be
      case 0 -> "Content-Length: " + (1 + random.nextInt(body.length() - 1)) + "\r\n";
      case 1 -> "Content-Length: " + pick(List.of("-1", "abc", "1e3", "0x20", "+" + body.length(), "")) + "\r\n";
      case 2 -> "Content-Length: " + body.length() + "\r\nContent-Length: " + (body.length() + 1) + "\r\n";
      case 3 -> "Content-Length: " + body.length() + "\r\nTransfer-Encoding: chunked\r\n";
      case 4 -> "Transfer-Encoding: " + pick(List.of("gzip", "identity", "chunked, gzip", "x")) + "\r\n"
          + "Content-Length: " + body.length() + "\r\n";
      default -> "Content-Length: 99999999999999999999\r\n";
    };
    String head = head("POST " + path + " HTTP/1.1", JSON, "Bearer " + token, framing);
    return request("bad-length", head, bytes(body), Pacing.AT_ONCE);
  }

  private Request badRequestLine() {
    String body = validBody();
    String path = pathFor(body);
    String line = switch (random.nextInt(11)) {
      case 0 -> randomPrintable(1 + random.nextInt(200));
      case 1 -> new String(randomBytes(1 + random.nextInt(200)), StandardCharsets.ISO_8859_1).replace("\r\n", "");
      case 2 -> "POST " + path + " HTTP/9.9";
      case 3 -> "POST " + path + " HTTP/1.1 extra";
      case 4 -> "post " + path + " HTTP/1.1";
      case 5 -> pick(List.of("GET", "PUT", "DELETE", "PATCH", "TRACE", "OPTIONS")) + " " + path + " HTTP/1.1";
      case 6 -> "POST " + pick(List.of("/v1/readings/", "/V1/readings", "/v1/reading", "/v2/readings", "/",
          "/v1/readings.json", "/v1//readings")) + " HTTP/1.1";
      case 7 -> "POST /v1/" + "a".repeat(9_000 + random.nextInt(20_000)) + " HTTP/1.1";
      case 8 -> "POST /v1/%zz" + path + " HTTP/1.1";
      case 9 -> "POST " + path + "\u0000 HTTP/1.1";
      // (Not "POST  /v1/readings  HTTP/1.1": RFC 9112 section 3 lets a server split the line on any whitespace.)
      default -> "POST";
    };
    return request("bad-request-line", head(line, JSON, "Bearer " + token, "Content-Length: " + bytes(body).length
        + "\r\n"), bytes(body), Pacing.AT_ONCE);
  }

  private Request headerFlood() {
    String body = validBody();
    String extra = switch (random.nextInt(6)) {
      case 0 -> repeat("X-Flood: " + "f".repeat(20) + "\r\n", 400, 3_000);
      case 1 -> "X-Big: " + "b".repeat(9_000 + random.nextInt(30_000)) + "\r\n";
      case 2 -> "Bad Header: x\r\n";
      case 3 -> "NoColonHere\r\n";
      case 4 -> "X-Folded: a\r\n  folded-on\r\n";
      default -> "X-Nul: a\u0000b\r\n";
    };
    String head = head("POST " + pathFor(body) + " HTTP/1.1", JSON, "Bearer " + token,
        extra + "Content-Length: " + bytes(body).length + "\r\n");
    return request("header-flood", head, bytes(body), Pacing.AT_ONCE);
  }

  /** A valid body in broken chunked framing. */
  private Request badChunking() {
    byte[] body = bytes(validBody());
    String path = new String(body, StandardCharsets.UTF_8).contains("\"motion\"") ? READINGS : RECOVERIES;
    byte[] framed = switch (random.nextInt(4)) {
      case 0 -> join("zz\r\n", new String(body, StandardCharsets.UTF_8), "\r\n0\r\n\r\n");
      case 1 -> join(Integer.toHexString(body.length - 1), "\r\n", new String(body, StandardCharsets.UTF_8),
          "\r\n0\r\n\r\n"); // the declared chunk is one byte short: the rest is not a chunk size
      case 2 -> join("-" + Integer.toHexString(body.length), "\r\n", new String(body, StandardCharsets.UTF_8),
          "\r\n0\r\n\r\n");
      default -> join(Integer.toHexString(body.length), ";" + "e".repeat(9_000), "\r\n",
          new String(body, StandardCharsets.UTF_8), "\r\n0\r\n\r\n");
    };
    String head = head("POST " + path + " HTTP/1.1", JSON, "Bearer " + token, "Transfer-Encoding: chunked\r\n");
    return request("bad-chunking", head, framed, Pacing.AT_ONCE);
  }

  // ---- slow families (each waits out the gateway's read or idle timeout) ----------------------------------------

  /** A truncated body, so that even a gateway that waited it out could not accept it, sent a byte at a time. */
  private Request slowBody() {
    Request r = truncatedJson();
    return new Request("slow-body", r.bytes(), r.headLength(), Pacing.SLOW_BODY);
  }

  private Request lengthOverBody() {
    String body = validBody();
    String head = head("POST " + pathFor(body) + " HTTP/1.1", JSON, "Bearer " + token,
        "Content-Length: " + (bytes(body).length + 1 + random.nextInt(1_000)) + "\r\n");
    return request("length-over-body", head, bytes(body), Pacing.AT_ONCE);
  }

  private Request unfinishedChunks() {
    String body = validBody();
    String head = head("POST " + pathFor(body) + " HTTP/1.1", JSON, "Bearer " + token, "Transfer-Encoding: chunked\r\n");
    return request("unfinished-chunks", head, chunked(bytes(body), 16, false), Pacing.AT_ONCE);
  }

  /** Slowloris: the head itself a byte at a time (its body truncated, so that it could never be accepted). */
  private Request slowHeaders() {
    Request r = truncatedJson();
    return new Request("slow-headers", r.bytes(), r.headLength(), Pacing.SLOW_ALL);
  }

  // ---- bytes ----------------------------------------------------------------------------------------------------

  private static byte[] chunked(byte[] body, int chunk, boolean finished) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < body.length; i += chunk) {
      int n = Math.min(chunk, body.length - i);
      out.writeBytes(bytes(Integer.toHexString(n) + "\r\n"));
      out.write(body, i, n);
      out.writeBytes(bytes("\r\n"));
    }
    if (finished) {
      out.writeBytes(bytes("0\r\n\r\n"));
    }
    return out.toByteArray();
  }

  private static byte[] join(String... parts) {
    return bytes(String.join("", parts));
  }

  private String randomPrintable(int n) {
    StringBuilder s = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      s.append((char) (0x21 + random.nextInt(0x5e)));
    }
    return s.toString();
  }

  private byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }
}
