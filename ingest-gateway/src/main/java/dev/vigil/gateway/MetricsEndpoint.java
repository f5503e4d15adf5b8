package dev.vigil.gateway;

import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** {@code GET /metrics}: the gateway's metrics in the Prometheus text format (0.0.4). */
final class MetricsEndpoint {
  private final GatewayMetrics metrics;

  MetricsEndpoint(GatewayMetrics metrics) {
    this.metrics = metrics;
  }

  void serve(Response response, Callback callback) {
    Answers.send(response, callback, 200, GatewayMetrics.TEXT_CONTENT_TYPE, metrics.prometheusText());
  }
}
