package dev.vigil.runners;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The one JSON-over-HTTP call the runners make to the engines' REST APIs (Flink, a Spark master or driver, YARN). */
final class JsonHttp {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

  private JsonHttp() {}

  /** The server answered, with a status other than 2xx. */
  static final class StatusException extends IOException {
    private static final long serialVersionUID = 1L;

    StatusException(String message) {
      super(message);
    }
  }

  /**
   * {@code method url} with a JSON {@code body} (null: none); the answer's JSON, an empty object for an empty body. A
   * status other than 2xx fails with the answer ({@link StatusException}); not reaching the server fails with the
   * client's IOException.
   */
  static JsonNode call(String method, String url, String body, Duration timeout)
      throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
        .header("Accept", "application/json").header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .build();
    HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new StatusException(method + " " + url + " answered " + response.statusCode() + ": " + response.body());
    }
    return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
  }
}
