package dev.vigil.runners;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * The few HTTP calls the Spark submission makes: a driver's UI ({@code /api/v1/applications}), a standalone master's
 * ({@code /json/}) and a YARN ResourceManager's REST API ({@code /ws/v1/cluster/apps}).
 */
final class SparkRest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

  private SparkRest() {}

  static JsonNode get(String url) throws IOException, InterruptedException {
    return call(HttpRequest.newBuilder(URI.create(url)).GET(), url);
  }

  private static JsonNode call(HttpRequest.Builder request, String url) throws IOException, InterruptedException {
    HttpResponse<String> response = CLIENT.send(request.timeout(Duration.ofSeconds(10))
        .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new IOException(url + " answered " + response.statusCode() + ": " + response.body());
    }
    return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
  }

  /** A YARN ResourceManager's REST API. */
  record ResourceManager(String webUi) {
    private static final Set<String> ENDED = Set.of("FINISHED", "FAILED", "KILLED");

    String appPage(String id) {
      return webUi + "/cluster/app/" + id;
    }

    JsonNode app(String id) throws IOException, InterruptedException {
      return get(webUi + "/ws/v1/cluster/apps/" + id).path("app");
    }

    /** Waits until the application is in {@code state}; fails at once if it ended. */
    JsonNode awaitState(String id, String state, Instant deadline) throws IOException, InterruptedException {
      JsonNode app = null;
      while (Instant.now().isBefore(deadline)) {
        app = app(id);
        String now = app.path("state").asText();
        if (now.equals(state)) {
          return app;
        }
        if (ENDED.contains(now)) {
          throw new IOException("YARN application " + id + " ended " + now + ": " + app.path("diagnostics").asText()
              + " (" + appPage(id) + ")");
        }
        Thread.sleep(500);
      }
      throw new IOException("YARN application " + id + " is " + (app == null ? "unknown" : app.path("state").asText())
          + ", not " + state + ", after the timeout (" + appPage(id) + ")");
    }

    void kill(String id) throws IOException, InterruptedException {
      String url = webUi + "/ws/v1/cluster/apps/" + id + "/state";
      call(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
          .PUT(HttpRequest.BodyPublishers.ofString("{\"state\":\"KILLED\"}")), url);
    }
  }
}
