package dev.vigil.tests.support;

/**
 * Addresses of the local stack that {@code bin/vigil stack up} starts. Ports follow the same environment variables
 * as the launcher (e.g. {@code VIGIL_KAFKA_PORT}), so tests and stack always agree.
 */
public final class LocalStack {
  private LocalStack() {}

  public static final String HOST = "127.0.0.1";

  public static int port(String server, int defaultPort) {
    String value = System.getenv("VIGIL_" + server + "_PORT");
    return value == null || value.isBlank() ? defaultPort : Integer.parseInt(value.strip());
  }

  public static String kafkaBootstrap() {
    return HOST + ":" + port("KAFKA", 9092);
  }

  public static int cassandraPort() {
    return port("CASSANDRA", 9042);
  }

  public static String influxDbUrl() {
    return "http://" + HOST + ":" + port("INFLUXDB", 8086);
  }

  public static int smtpPort() {
    return port("SMTP", 3025);
  }

  public static String greenMailApi() {
    return "http://" + HOST + ":" + port("GREENMAIL_API", 3080) + "/api";
  }

  public static String prometheusUrl() {
    return "http://" + HOST + ":" + port("PROMETHEUS", 9090);
  }

  /** HAProxy in front of the gateway replicas. */
  public static String haproxyUrl() {
    return "http://" + HOST + ":" + port("LB", 8080);
  }

  /** nginx in front of the same replicas. */
  public static String nginxUrl() {
    return "http://" + HOST + ":" + port("NGINX", 8079);
  }

  public static String haproxyMetricsUrl() {
    return "http://" + HOST + ":" + port("HAPROXY_STATS", 8404) + "/metrics";
  }

  public static String gatewayUrl(int replica) {
    return "http://" + HOST + ":" + port("GATEWAY_" + replica, 8080 + replica);
  }

  /** The REST API (and web UI) of the stack's Flink cluster, started only when named: bin/vigil stack up flink. */
  public static String flinkRest() {
    return HOST + ":" + port("FLINK_REST", 8090);
  }

  /** What to tell a developer when a server does not answer. */
  public static String hint(String server) {
    return server + " of the local stack does not answer: start it with 'bin/vigil stack up' (or run the whole"
        + " suite with 'bin/vigil test'); 'bin/vigil stack status' shows what runs and work/<server>/logs why not";
  }
}
