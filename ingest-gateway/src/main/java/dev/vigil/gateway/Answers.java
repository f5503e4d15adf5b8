package dev.vigil.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON bodies the gateway answers with. */
final class Answers {
  static final String JSON = "application/json";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Answers() {}

  /** {@code {"accepted":3}} */
  static byte[] accepted(int count) {
    return ("{\"accepted\":" + count + "}").getBytes(StandardCharsets.US_ASCII);
  }

  /** {@code {"status":400,"error":"bad_request","field":"[1].temperature","problem":"must be a finite number"}} */
  static byte[] error(int status, String error, String field, String problem) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", status);
    body.put("error", error);
    body.put("field", field);
    body.put("problem", problem);
    return write(body);
  }

  static byte[] write(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
