package dev.vigil.pipeline.metrics;

import com.sun.net.httpserver.HttpServer;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.dropwizard.DropwizardExports;
import io.prometheus.client.hotspot.DefaultExports;
import io.prometheus.client.exporter.common.TextFormat;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * Serves this JVM's {@link VigilMetric} counters, and the JVM's own metrics ({@code jvm_*}, {@code process_*}), in
 * Prometheus text format (0.0.4) at {@code GET /metrics}. The JDK's own HTTP server is enough for one scrape every
 * few seconds, and keeps Jetty out of the pipeline's classpath.
 */
public final class MetricsEndpoint implements AutoCloseable {
  private final HttpServer server;

  private MetricsEndpoint(HttpServer server) {
    this.server = server;
  }

  /** Starts serving on {@code host:port} (port 0 picks a free one); every {@link VigilMetric} shows from 0. */
  public static MetricsEndpoint start(String host, int port) throws IOException {
    for (VigilMetric metric : VigilMetric.values()) {
      metric.dropwizard(); // registered up front, so a scrape shows zeros rather than nothing
    }
    CollectorRegistry prometheus = new CollectorRegistry();
    new DropwizardExports(VigilMetric.REGISTRY).register(prometheus);
    DefaultExports.register(prometheus);
    HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
    server.createContext("/metrics", exchange -> {
      try (exchange) {
        if (!"GET".equals(exchange.getRequestMethod())) {
          exchange.sendResponseHeaders(405, -1);
          return;
        }
        exchange.getResponseHeaders().set("Content-Type", TextFormat.CONTENT_TYPE_004);
        exchange.sendResponseHeaders(200, 0);
        try (Writer out = new OutputStreamWriter(exchange.getResponseBody(), StandardCharsets.UTF_8)) {
          TextFormat.write004(out, prometheus.metricFamilySamples());
        }
      }
    });
    server.setExecutor(Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "vigil-metrics-endpoint");
      t.setDaemon(true);
      return t;
    }));
    server.start();
    return new MetricsEndpoint(server);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
