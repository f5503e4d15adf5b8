package dev.vigil.gateway;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.Producer;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code POST /v1/readings} and {@code POST /v1/recoveries}: what all ingest requests share (the producer, the
 * limits, the count of requests in flight). Each request is an {@link IngestExchange}.
 */
final class IngestEndpoint {
  final GatewayConfig config;
  final Producer<String, byte[]> producer;
  final HealthEndpoint health;
  final GatewayMetrics metrics;
  private final AtomicInteger inFlight = new AtomicInteger();

  IngestEndpoint(GatewayConfig config, Producer<String, byte[]> producer, HealthEndpoint health,
      GatewayMetrics metrics) {
    this.config = config;
    this.producer = producer;
    this.health = health;
    this.metrics = metrics;
  }

  int inFlight() {
    return inFlight.get();
  }

  void handle(IngestPath path, Request request, Response response, Callback callback) {
    inFlight.incrementAndGet();
    IngestExchange exchange = new IngestExchange(this, path, request, response, releasing(callback),
        System.currentTimeMillis());
    try {
      exchange.start();
    } catch (RuntimeException e) {
      exchange.internalError(e); // answers once, so in-flight is released
    }
  }

  /** Jetty's callback, releasing the request's in-flight slot first, however it ends. */
  private Callback releasing(Callback callback) {
    return new Callback() {
      @Override
      public void succeeded() {
        inFlight.decrementAndGet();
        callback.succeeded();
      }

      @Override
      public void failed(Throwable failure) {
        inFlight.decrementAndGet();
        callback.failed(failure);
      }
    };
  }
}
