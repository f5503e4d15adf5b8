package dev.vigil.gateway;

import java.util.Map;

/**
 * Everything the gateway needs to run; {@link GatewayMain} fills it from the command line and the environment.
 *
 * @param host               interface to bind (loopback by default)
 * @param port               HTTP port (0 picks a free one)
 * @param bootstrapServers   Kafka bootstrap servers
 * @param readingsTopic      the sensor log: readings and recoveries, keyed by sensor id (see
 *                           {@link dev.vigil.wire.SensorLog})
 * @param tokens             where the per-sensor bearer tokens come from, or null when auth is off
 * @param maxBodyBytes       largest request body accepted (413 above)
 * @param maxBatch           most messages in one request (413 above)
 * @param maxInFlight        most requests being handled at once (503 above)
 * @param maxThreads         Jetty thread pool size
 * @param maxConnections     most open TCP connections
 * @param idleTimeoutMs      a connection idle this long is closed
 * @param readTimeoutMs      a request body not complete after this long gets 408; so does a request head (after one
 *                           to two times this, see {@link RequestHeadDeadline})
 * @param retryAfterSeconds  value of Retry-After on 503
 * @param drainTimeoutMs     on shutdown, how long to wait for in-flight requests
 * @param shutdownDelayMs    on shutdown, how long to keep serving with ready=false before refusing new requests
 * @param kafkaProbeMs       how often the readiness probe checks Kafka
 * @param producerProperties extra or overriding Kafka producer properties
 */
public record GatewayConfig(
    String host,
    int port,
    String bootstrapServers,
    String readingsTopic,
    TokenSource tokens,
    int maxBodyBytes,
    int maxBatch,
    int maxInFlight,
    int maxThreads,
    int maxConnections,
    long idleTimeoutMs,
    long readTimeoutMs,
    int retryAfterSeconds,
    long drainTimeoutMs,
    long shutdownDelayMs,
    long kafkaProbeMs,
    Map<String, String> producerProperties) {

  public GatewayConfig {
    require(port >= 0 && port <= 65535, "port must be 0..65535");
    require(maxBodyBytes > 0, "max body bytes must be positive");
    require(maxBatch > 0, "max batch must be positive");
    require(maxInFlight > 0, "max in-flight must be positive");
    require(maxThreads >= 4, "max threads must be at least 4");
    require(maxConnections > 0, "max connections must be positive");
    require(idleTimeoutMs > 0 && readTimeoutMs > 0, "timeouts must be positive");
    require(retryAfterSeconds >= 0, "retry-after must not be negative");
    require(drainTimeoutMs >= 0 && shutdownDelayMs >= 0, "shutdown times must not be negative");
    require(kafkaProbeMs > 0, "Kafka probe interval must be positive");
    require(!readingsTopic.isBlank(), "the readings topic must not be blank");
    producerProperties = producerProperties == null ? Map.of() : Map.copyOf(producerProperties);
  }

  /** Defaults for everything but the address of Kafka (for tests and embedding). */
  public static GatewayConfig defaults(String bootstrapServers) {
    return new GatewayConfig("127.0.0.1", 0, bootstrapServers, "vigil.readings", null,
        1 << 20, 1000, 1024, 64, 10_000, 30_000, 10_000, 1, 15_000, 0, 1_000, Map.of());
  }

  public GatewayConfig withPort(int newPort) {
    return new GatewayConfig(host, newPort, bootstrapServers, readingsTopic, tokens, maxBodyBytes,
        maxBatch, maxInFlight, maxThreads, maxConnections, idleTimeoutMs, readTimeoutMs, retryAfterSeconds,
        drainTimeoutMs, shutdownDelayMs, kafkaProbeMs, producerProperties);
  }

  /** The same gateway writing to another sensor log (tests give each run topics of its own). */
  public GatewayConfig withReadingsTopic(String newReadingsTopic) {
    return new GatewayConfig(host, port, bootstrapServers, newReadingsTopic, tokens, maxBodyBytes,
        maxBatch, maxInFlight, maxThreads, maxConnections, idleTimeoutMs, readTimeoutMs, retryAfterSeconds,
        drainTimeoutMs, shutdownDelayMs, kafkaProbeMs, producerProperties);
  }

  public GatewayConfig withTokens(SensorTokens newTokens) {
    return withTokens(TokenSource.fixed(newTokens));
  }

  GatewayConfig withTokens(TokenSource newTokens) {
    return new GatewayConfig(host, port, bootstrapServers, readingsTopic, newTokens, maxBodyBytes,
        maxBatch, maxInFlight, maxThreads, maxConnections, idleTimeoutMs, readTimeoutMs, retryAfterSeconds,
        drainTimeoutMs, shutdownDelayMs, kafkaProbeMs, producerProperties);
  }

  public GatewayConfig withLimits(int newMaxBodyBytes, int newMaxBatch, int newMaxInFlight, long newReadTimeoutMs) {
    return new GatewayConfig(host, port, bootstrapServers, readingsTopic, tokens, newMaxBodyBytes,
        newMaxBatch, newMaxInFlight, maxThreads, maxConnections, idleTimeoutMs, newReadTimeoutMs, retryAfterSeconds,
        drainTimeoutMs, shutdownDelayMs, kafkaProbeMs, producerProperties);
  }

  public GatewayConfig withShutdown(long newDrainTimeoutMs, long newShutdownDelayMs) {
    return new GatewayConfig(host, port, bootstrapServers, readingsTopic, tokens, maxBodyBytes,
        maxBatch, maxInFlight, maxThreads, maxConnections, idleTimeoutMs, readTimeoutMs, retryAfterSeconds,
        newDrainTimeoutMs, newShutdownDelayMs, kafkaProbeMs, producerProperties);
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
