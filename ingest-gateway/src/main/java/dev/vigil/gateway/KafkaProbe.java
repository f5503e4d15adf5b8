package dev.vigil.gateway;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether Kafka can take data: every {@code interval} it asks the cluster (admin client) to describe the
 * gateway's topics (the readings topic). Reachable means the brokers answered and the topics exist with a leader for
 * every partition (the gateway never relies on topic auto-creation). The first successful probe also warms the producer's
 * metadata so that the first request does not wait for it.
 */
final class KafkaProbe implements BooleanSupplier, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaProbe.class);

  private final Admin admin;
  private final List<String> topics;
  private final Producer<?, ?> producer;
  private final GatewayMetrics metrics;
  private final long intervalMs;
  private final ScheduledExecutorService scheduler;
  private volatile boolean reachable;
  private volatile String lastProblem = "not probed yet";
  private boolean warmed;
  private boolean probedOnce;
  private volatile boolean closed;

  KafkaProbe(String bootstrapServers, List<String> topics, Producer<?, ?> producer, GatewayMetrics metrics,
      long intervalMs, Map<String, String> extraProperties) {
    Properties props = new Properties();
    // Security settings given for the producer (sasl.*, ssl.*, security.protocol) apply to the admin client too.
    extraProperties.forEach((k, v) -> {
      if (k.startsWith("security.") || k.startsWith("sasl.") || k.startsWith("ssl.")) {
        props.put(k, v);
      }
    });
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(AdminClientConfig.CLIENT_ID_CONFIG, "vigil-gateway-probe");
    int timeout = (int) Math.max(500, Math.min(intervalMs * 2, 5_000));
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout);
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeout);
    props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000);
    this.admin = Admin.create(props);
    this.topics = List.copyOf(topics);
    this.producer = producer;
    this.metrics = metrics;
    this.intervalMs = intervalMs;
    this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "vigil-kafka-probe");
      t.setDaemon(true);
      return t;
    });
  }

  void start() {
    scheduler.scheduleWithFixedDelay(this::probe, 0, intervalMs, TimeUnit.MILLISECONDS);
  }

  @Override
  public boolean getAsBoolean() {
    return reachable;
  }

  String lastProblem() {
    return lastProblem;
  }

  private void probe() {
    metrics.probed();
    String problem;
    try {
      Map<String, TopicDescription> described = admin
          .describeTopics(topics, new DescribeTopicsOptions().timeoutMs((int) Math.max(500, intervalMs * 2)))
          .allTopicNames()
          .get(Math.max(1_000, intervalMs * 3), TimeUnit.MILLISECONDS);
      problem = null;
      for (TopicDescription d : described.values()) {
        if (d.partitions().isEmpty() || d.partitions().stream().anyMatch(p -> p.leader() == null || p.leader().isEmpty())) {
          problem = "topic " + d.name() + " has a partition without a leader";
        }
      }
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      problem = cause.getClass().getSimpleName() + ": " + cause.getMessage();
    } catch (TimeoutException e) {
      problem = "no answer from " + topics + " metadata in time";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    } catch (RuntimeException e) {
      problem = e.getClass().getSimpleName() + ": " + e.getMessage();
    }
    if (closed) {
      return;
    }
    boolean now = problem == null;
    if (now && !warmed) {
      try {
        for (String topic : topics) {
          producer.partitionsFor(topic);
        }
        warmed = true;
      } catch (RuntimeException e) {
        if (closed) {
          return;
        }
        now = false;
        problem = "producer metadata: " + e.getMessage();
      }
    }
    if (now != reachable || !probedOnce) {
      if (now) {
        LOG.info("Kafka reachable: topics {} are there", topics);
      } else {
        LOG.warn("Kafka unreachable: {}", problem);
      }
    } else if (!now && !problem.equals(lastProblem)) {
      LOG.warn("Kafka still unreachable: {}", problem);
    }
    probedOnce = true;
    lastProblem = now ? "" : problem;
    reachable = now;
  }

  @Override
  public void close() {
    closed = true;
    scheduler.shutdownNow();
    admin.close(Duration.ofSeconds(2));
  }
}
