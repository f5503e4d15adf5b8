package dev.vigil.gateway;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running gateway: Jetty, the Kafka producer and the Kafka readiness probe, with an orderly shutdown.
 *
 * <p>Shutdown ({@link #shutdown()}, called by the SIGTERM hook): readiness goes false; after
 * {@code shutdownDelayMs} (time for a load balancer to notice) new ingest requests get 503 with
 * {@code Connection: close}; in-flight requests are drained (up to {@code drainTimeoutMs}); Jetty stops; the producer
 * is flushed and closed.
 */
public final class Gateway implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

  private final GatewayConfig config;
  private final Producer<String, byte[]> producer;
  private final KafkaProbe probe;
  private final GatewayMetrics metrics = new GatewayMetrics();
  private final HealthEndpoint health;
  private final IngestEndpoint ingest;
  private final Server server;
  private final ServerConnector connector;
  private volatile boolean stopped;

  /** A gateway with a real Kafka producer and probe. */
  public Gateway(GatewayConfig config) {
    this(config, new KafkaProducer<>(producerProperties(config)), null);
  }

  /** For tests: a given producer, and a given readiness source instead of the Kafka probe when not null. */
  Gateway(GatewayConfig config, Producer<String, byte[]> producer, BooleanSupplier kafkaReachable) {
    this.config = config;
    this.producer = producer;
    if (kafkaReachable == null) {
      this.probe = new KafkaProbe(config.bootstrapServers(), List.of(config.readingsTopic()),
          producer, metrics, config.kafkaProbeMs(), config.producerProperties());
      kafkaReachable = probe;
    } else {
      this.probe = null;
    }
    this.health = new HealthEndpoint(kafkaReachable);
    this.ingest = new IngestEndpoint(config, producer, health, metrics);
    metrics.bind(ingest::inFlight, health::ready, health::kafkaReachable);
    if (config.tokens() != null) {
      metrics.bindTokens(config.tokens());
    }

    QueuedThreadPool threads = new QueuedThreadPool(config.maxThreads(), Math.min(8, config.maxThreads()));
    threads.setName("vigil-gateway");
    server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    http.setRequestHeaderSize(8 * 1024);
    http.setIdleTimeout(config.idleTimeoutMs());
    connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
    connector.setHost(config.host());
    connector.setPort(config.port());
    connector.setIdleTimeout(config.idleTimeoutMs());
    connector.setAcceptQueueSize(1024);
    connector.addBean(new RequestHeadDeadline(connector.getScheduler(), config.readTimeoutMs(), metrics));
    server.addConnector(connector);
    server.addBean(new NetworkConnectionLimit(config.maxConnections(), server));
    server.setHandler(new GatewayRouter(ingest, health, new MetricsEndpoint(metrics), metrics));
    server.setErrorHandler(new JsonErrorHandler());
    server.setStopAtShutdown(false); // our own hook drains first
    server.setStopTimeout(0);
  }

  /**
   * Producer settings: durability first (acks=all, idempotence, so per-sensor order survives retries), then
   * throughput (a short linger to batch the records of concurrent requests, lz4 compression, 64 KiB batches),
   * and timeouts short enough that a request gets its 503 long before the client's idle timeout.
   */
  static Map<String, Object> producerProperties(GatewayConfig config) {
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "vigil-gateway");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024);
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 2_000);
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
    p.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.putAll(config.producerProperties());
    return p;
  }

  public Gateway start() throws Exception {
    if (config.tokens() != null) {
      config.tokens().start();
    }
    if (probe != null) {
      probe.start();
    }
    server.start();
    return this;
  }

  /** The port Jetty listens on (useful when configured with port 0). */
  public int port() {
    return connector.getLocalPort();
  }

  public GatewayMetrics metrics() {
    return metrics;
  }

  public boolean ready() {
    return health.ready();
  }

  public int inFlight() {
    return ingest.inFlight();
  }

  public void join() throws InterruptedException {
    server.join();
  }

  /** The graceful shutdown described on the class. Safe to call more than once. */
  public synchronized void shutdown() {
    if (stopped) {
      return;
    }
    stopped = true;
    long t0 = System.nanoTime();
    health.beginShutdown();
    LOG.info("shutting down: readiness is now false");
    sleep(config.shutdownDelayMs());
    health.refuseNewRequests();
    long deadline = System.nanoTime() + config.drainTimeoutMs() * 1_000_000L;
    while (ingest.inFlight() > 0 && System.nanoTime() < deadline) {
      sleep(10);
    }
    int left = ingest.inFlight();
    if (left > 0) {
      LOG.warn("drain timeout: {} requests still in flight", left);
    }
    if (probe != null) {
      probe.close();
    }
    if (config.tokens() != null) {
      config.tokens().close();
    }
    try {
      server.stop();
    } catch (Exception e) {
      LOG.warn("Jetty did not stop cleanly: {}", e.toString());
    }
    try {
      producer.flush();
      producer.close(Duration.ofMillis(Math.max(1_000, config.drainTimeoutMs())));
    } catch (RuntimeException e) {
      LOG.warn("Kafka producer did not close cleanly: {}", e.toString());
    }
    LOG.info("stopped after {} ms ({} requests left undrained)", (System.nanoTime() - t0) / 1_000_000, left);
  }

  @Override
  public void close() {
    shutdown();
  }

  private static void sleep(long ms) {
    if (ms <= 0) {
      return;
    }
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
