package dev.vigil.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** The answers the gateway gives: their JSON bodies, and how they are written. */
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

  /** Writes a whole answer; {@code callback} completes once it is written. */
  static void send(Response response, Callback callback, int status, String contentType, byte[] body) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
  }

  /**
   * Writes a JSON answer given before the request body was read (wholly or at all). Such an answer closes the
   * connection: Jetty cannot always skip the rest of the body, and a client that reused the connection would find it
   * closed under its next request. Before it closes, the rest of the body is read and dropped (bounded, see
   * {@link BodyReader#discardThen}) so that a client still uploading gets the answer rather than a reset.
   *
   * @param reader the request's body reader, or null when the body was never read
   */
  static void sendBeforeBody(Request request, Response response, BodyReader reader, Callback callback, int status,
      byte[] body) {
    if (request.getLength() == 0) {
      send(response, callback, status, JSON, body);
      return;
    }
    response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
    BodyReader rest = reader != null ? reader : BodyReader.unread(request);
    send(response, Callback.from(() -> rest.discardThen(callback), callback::failed), status, JSON, body);
  }
}
