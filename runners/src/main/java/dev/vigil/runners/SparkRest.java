package dev.vigil.runners;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * The few HTTP calls the Spark submission makes: a driver's UI ({@code /api/v1/applications}), a standalone master's
 * ({@code /json/}) and a YARN ResourceManager's REST API ({@code /ws/v1/cluster/apps}).
 */
final class SparkRest {
  private SparkRest() {}

  static JsonNode get(String url) throws IOException, InterruptedException {
    return JsonHttp.call("GET", url, null, Duration.ofSeconds(10));
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
      JsonHttp.call("PUT", webUi + "/ws/v1/cluster/apps/" + id + "/state", "{\"state\":\"KILLED\"}",
          Duration.ofSeconds(10));
    }
  }
}
