package dev.vigil.tests.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Addresses of the local stack that {@code bin/vigil stack up} starts. Ports come from where the launcher takes
 * them: the environment variable (e.g. {@code VIGIL_KAFKA_PORT}) when set, else {@code stack/defaults.env}, so tests
 * and stack always agree.
 */
public final class LocalStack {
  private LocalStack() {}

  public static final String HOST = "127.0.0.1";

  private static final Map<String, String> DEFAULTS = defaults(StackControl.home().resolve("stack/defaults.env"));

  /** The port of {@code VIGIL_<server>_PORT}, e.g. {@code port("KAFKA")}. */
  public static int port(String server) {
    return Integer.parseInt(setting("VIGIL_" + server + "_PORT"));
  }

  /** A stack setting: from the environment, else from stack/defaults.env (as bin/vigil reads them). */
  public static String setting(String key) {
    String value = System.getenv(key);
    if (value == null || value.isBlank()) {
      value = DEFAULTS.get(key);
    }
    if (value == null) {
      throw new IllegalArgumentException(key + " is neither in the environment nor in stack/defaults.env");
    }
    return value.strip();
  }

  /** KEY=value lines; # comments and blank lines skipped. */
  static Map<String, String> defaults(Path file) {
    Map<String, String> values = new HashMap<>();
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        int eq = line.indexOf('=');
        if (!line.isBlank() && !line.startsWith("#") && eq > 0) {
          values.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the stack's defaults " + file, e);
    }
    return values;
  }

  public static String kafkaBootstrap() {
    return HOST + ":" + port("KAFKA");
  }

  /** The single Kafka node, where the tests' topics have one replica. */
  public static KafkaTarget kafka() {
    return new KafkaTarget(kafkaBootstrap(), (short) 1, 1, hint("Kafka"));
  }

  /**
   * The 3-broker cluster (started only when named: bin/vigil stack up kafka-cluster), where the tests' topics have
   * three replicas and need two in sync for a write, as on a production cluster. Every broker is in the address list,
   * so that a client finds the cluster whichever of them is down.
   */
  public static KafkaTarget kafkaCluster() {
    String bootstrap = java.util.stream.IntStream.rangeClosed(1, 3)
        .mapToObj(n -> HOST + ":" + port("KAFKA_CLUSTER_" + n)).collect(java.util.stream.Collectors.joining(","));
    return new KafkaTarget(bootstrap, (short) 3, 2, hint("kafka-cluster", "bin/vigil stack up kafka-cluster"));
  }

  public static int cassandraPort() {
    return port("CASSANDRA");
  }

  public static String influxDbUrl() {
    return "http://" + HOST + ":" + port("INFLUXDB");
  }

  public static int smtpPort() {
    return port("SMTP");
  }

  public static String greenMailApi() {
    return "http://" + HOST + ":" + port("GREENMAIL_API") + "/api";
  }

  /** Where Alertmanager mails the platform's alerts. */
  public static String alertsMailbox() {
    return setting("VIGIL_ALERTS_MAILBOX");
  }

  public static String prometheusUrl() {
    return "http://" + HOST + ":" + port("PROMETHEUS");
  }

  /** HAProxy in front of the gateway replicas. */
  public static String haproxyUrl() {
    return "http://" + HOST + ":" + port("LB");
  }

  /** nginx in front of the same replicas. */
  public static String nginxUrl() {
    return "http://" + HOST + ":" + port("NGINX");
  }

  public static String haproxyMetricsUrl() {
    return "http://" + HOST + ":" + port("HAPROXY_STATS") + "/metrics";
  }

  public static String gatewayUrl(int replica) {
    return "http://" + HOST + ":" + port("GATEWAY_" + replica);
  }

  /** The REST API (and web UI) of the stack's Flink cluster, started only when named: bin/vigil stack up flink. */
  public static String flinkRest() {
    return HOST + ":" + port("FLINK_REST");
  }

  /** What to tell a developer when a server does not answer. */
  public static String hint(String server) {
    return hint(server, "bin/vigil stack up");
  }

  /** The same, for a server that {@code startCommand} starts (one that a plain 'stack up' leaves out). */
  public static String hint(String server, String startCommand) {
    return server + " of the local stack does not answer: start it with '" + startCommand + "' (or run the whole"
        + " suite with 'bin/vigil test'); 'bin/vigil stack status' shows what runs and work/<server>/logs why not";
  }
}
