package dev.vigil.gateway;

import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code GET /health/live} and {@code GET /health/ready}, and the replica's shutdown state they report: ready means
 * Kafka is reachable and the replica is not shutting down.
 */
final class HealthEndpoint {
  private static final byte[] LIVE_BODY = "{\"status\":\"live\"}".getBytes(StandardCharsets.US_ASCII);

  private final BooleanSupplier kafkaReachable;
  private volatile boolean shuttingDown;
  private volatile boolean refusing;

  HealthEndpoint(BooleanSupplier kafkaReachable) {
    this.kafkaReachable = kafkaReachable;
  }

  record ReadyBody(String status, String kafka, boolean shuttingDown) {}

  boolean kafkaReachable() {
    return kafkaReachable.getAsBoolean();
  }

  boolean ready() {
    return !shuttingDown && kafkaReachable.getAsBoolean();
  }

  /** True once new ingest requests must be refused (second step of a graceful shutdown). */
  boolean refusing() {
    return refusing;
  }

  /** First step of a graceful shutdown: readiness goes false, requests are still taken. */
  void beginShutdown() {
    shuttingDown = true;
  }

  /** Second step: new ingest requests get 503 with Connection: close. */
  void refuseNewRequests() {
    shuttingDown = true;
    refusing = true;
  }

  void live(Response response, Callback callback) {
    Answers.send(response, callback, 200, Answers.JSON, LIVE_BODY);
  }

  void ready(Response response, Callback callback) {
    boolean kafka = kafkaReachable.getAsBoolean();
    boolean down = shuttingDown;
    boolean ready = kafka && !down;
    byte[] body = Answers.write(new ReadyBody(ready ? "ready" : "not ready", kafka ? "reachable" : "unreachable",
        down));
    Answers.send(response, callback, ready ? 200 : 503, Answers.JSON, body);
  }
}
