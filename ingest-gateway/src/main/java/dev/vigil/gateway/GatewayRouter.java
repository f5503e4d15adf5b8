package dev.vigil.gateway;

import dev.vigil.gateway.GatewayMetrics.Outcome;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The gateway's Jetty handler: sends each path to its endpoint and answers unknown paths (404) and wrong methods
 * (405) itself. Every endpoint answers asynchronously; none holds the calling thread.
 */
final class GatewayRouter extends Handler.Abstract {
  static final String LIVE = "/health/live";
  static final String READY = "/health/ready";
  static final String METRICS = "/metrics";

  private final IngestEndpoint ingest;
  private final HealthEndpoint health;
  private final MetricsEndpoint metricsEndpoint;
  private final GatewayMetrics metrics;

  GatewayRouter(IngestEndpoint ingest, HealthEndpoint health, MetricsEndpoint metricsEndpoint,
      GatewayMetrics metrics) {
    this.ingest = ingest;
    this.health = health;
    this.metricsEndpoint = metricsEndpoint;
    this.metrics = metrics;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String path = request.getHttpURI().getPath();
    IngestPath ingestPath = IngestPath.of(path);
    if (ingestPath != null) {
      if (allowed(request, response, callback, "POST", HttpMethod.POST)) {
        ingest.handle(ingestPath, request, response, callback);
      }
      return true;
    }
    switch (path == null ? "" : path) {
      case LIVE -> {
        if (allowed(request, response, callback, "GET", HttpMethod.GET, HttpMethod.HEAD)) {
          health.live(response, callback);
        }
      }
      case READY -> {
        if (allowed(request, response, callback, "GET", HttpMethod.GET, HttpMethod.HEAD)) {
          health.ready(response, callback);
        }
      }
      case METRICS -> {
        if (allowed(request, response, callback, "GET", HttpMethod.GET, HttpMethod.HEAD)) {
          metricsEndpoint.serve(response, callback);
        }
      }
      default -> {
        metrics.request(Outcome.NOT_FOUND);
        Answers.sendBeforeBody(request, response, null, callback, 404, Answers.error(404, "not_found", "path",
            "no such endpoint; POST " + IngestPath.READINGS.path() + " or " + IngestPath.RECOVERIES.path()));
      }
    }
    return true;
  }

  /** True when the method is one of {@code methods}; otherwise answers 405 naming {@code use}. */
  private boolean allowed(Request request, Response response, Callback callback, String use, HttpMethod... methods) {
    String method = request.getMethod();
    for (HttpMethod m : methods) {
      if (m.is(method)) {
        return true;
      }
    }
    metrics.request(Outcome.METHOD_NOT_ALLOWED);
    StringBuilder allow = new StringBuilder();
    for (HttpMethod m : methods) {
      allow.append(allow.isEmpty() ? "" : ", ").append(m.asString());
    }
    response.getHeaders().put(HttpHeader.ALLOW, allow.toString());
    Answers.sendBeforeBody(request, response, null, callback, 405, Answers.error(405, "method_not_allowed", "method",
        method + " is not allowed here; use " + use));
    return false;
  }
}
