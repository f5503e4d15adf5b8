package dev.vigil.gateway;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Command line entry point: {@code java -jar vigil-ingest-gateway.jar --port 8081 --bootstrap-servers ...}. */
@Command(
    name = "vigil-ingest-gateway",
    mixinStandardHelpOptions = true,
    version = "vigil-ingest-gateway 0.1.0",
    sortOptions = false,
    description = {
        "Takes sensor readings and recoveries over HTTP, validates them and answers 202 once Kafka has them.",
        "Every option can also be set with the environment variable shown in its description."},
    footer = {
        "",
        "Tokens: --tokens-file (or VIGIL_GATEWAY_TOKENS_FILE) names a file of 'sensorId=token' lines; or put the",
        "entries, comma-separated, in VIGIL_GATEWAY_TOKENS. Auth is on when either is set."})
public final class GatewayMain implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(GatewayMain.class);

  @Option(names = "--host", defaultValue = "${env:VIGIL_GATEWAY_HOST:-127.0.0.1}",
      description = "Interface to bind (VIGIL_GATEWAY_HOST). Default: ${DEFAULT-VALUE}")
  String host;

  @Option(names = "--port", defaultValue = "${env:VIGIL_GATEWAY_PORT:-8081}",
      description = "HTTP port (VIGIL_GATEWAY_PORT). Default: ${DEFAULT-VALUE}")
  int port;

  @Option(names = "--bootstrap-servers", defaultValue = "${env:VIGIL_GATEWAY_BOOTSTRAP_SERVERS:-127.0.0.1:9092}",
      description = "Kafka bootstrap servers (VIGIL_GATEWAY_BOOTSTRAP_SERVERS). Default: ${DEFAULT-VALUE}")
  String bootstrapServers;

  @Option(names = "--readings-topic", defaultValue = "${env:VIGIL_GATEWAY_READINGS_TOPIC:-vigil.readings}",
      description = "Topic for readings and recoveries, keyed by sensor id (VIGIL_GATEWAY_READINGS_TOPIC)."
          + " Default: ${DEFAULT-VALUE}")
  String readingsTopic;

  @Option(names = "--tokens-file", defaultValue = "${env:VIGIL_GATEWAY_TOKENS_FILE}",
      description = "File of per-sensor bearer tokens, 'sensorId=token' per line; turns auth on"
          + " (VIGIL_GATEWAY_TOKENS_FILE).")
  Path tokensFile;

  @Option(names = "--tokens-check-ms", defaultValue = "${env:VIGIL_GATEWAY_TOKENS_CHECK_MS:-2000}",
      description = "How often the tokens file is checked for changes; a changed file is reloaded without a restart"
          + " (VIGIL_GATEWAY_TOKENS_CHECK_MS). Default: ${DEFAULT-VALUE}")
  long tokensCheckMs;

  @Option(names = "--max-body-bytes", defaultValue = "${env:VIGIL_GATEWAY_MAX_BODY_BYTES:-1048576}",
      description = "Largest request body; larger gets 413 (VIGIL_GATEWAY_MAX_BODY_BYTES). Default: ${DEFAULT-VALUE}")
  int maxBodyBytes;

  @Option(names = "--max-batch", defaultValue = "${env:VIGIL_GATEWAY_MAX_BATCH:-1000}",
      description = "Most messages in one request; more gets 413 (VIGIL_GATEWAY_MAX_BATCH). Default: ${DEFAULT-VALUE}")
  int maxBatch;

  @Option(names = "--max-in-flight", defaultValue = "${env:VIGIL_GATEWAY_MAX_IN_FLIGHT:-1024}",
      description = "Most ingest requests handled at once; more get 503 (VIGIL_GATEWAY_MAX_IN_FLIGHT)."
          + " Default: ${DEFAULT-VALUE}")
  int maxInFlight;

  @Option(names = "--max-threads", defaultValue = "${env:VIGIL_GATEWAY_MAX_THREADS:-64}",
      description = "Jetty thread pool size (VIGIL_GATEWAY_MAX_THREADS). Default: ${DEFAULT-VALUE}")
  int maxThreads;

  @Option(names = "--max-connections", defaultValue = "${env:VIGIL_GATEWAY_MAX_CONNECTIONS:-10000}",
      description = "Most open connections (VIGIL_GATEWAY_MAX_CONNECTIONS). Default: ${DEFAULT-VALUE}")
  int maxConnections;

  @Option(names = "--idle-timeout-ms", defaultValue = "${env:VIGIL_GATEWAY_IDLE_TIMEOUT_MS:-30000}",
      description = "Close connections idle this long (VIGIL_GATEWAY_IDLE_TIMEOUT_MS). Default: ${DEFAULT-VALUE}")
  long idleTimeoutMs;

  @Option(names = "--read-timeout-ms", defaultValue = "${env:VIGIL_GATEWAY_READ_TIMEOUT_MS:-10000}",
      description = "408 when a request body, or a request head (line and headers), is not complete after this long"
          + " (a head: up to twice this) (VIGIL_GATEWAY_READ_TIMEOUT_MS)."
          + " Default: ${DEFAULT-VALUE}")
  long readTimeoutMs;

  @Option(names = "--retry-after-seconds", defaultValue = "${env:VIGIL_GATEWAY_RETRY_AFTER_SECONDS:-1}",
      description = "Retry-After sent with 503 (VIGIL_GATEWAY_RETRY_AFTER_SECONDS). Default: ${DEFAULT-VALUE}")
  int retryAfterSeconds;

  @Option(names = "--drain-timeout-ms", defaultValue = "${env:VIGIL_GATEWAY_DRAIN_TIMEOUT_MS:-15000}",
      description = "On SIGTERM, wait this long for in-flight requests (VIGIL_GATEWAY_DRAIN_TIMEOUT_MS)."
          + " Default: ${DEFAULT-VALUE}")
  long drainTimeoutMs;

  @Option(names = "--shutdown-delay-ms", defaultValue = "${env:VIGIL_GATEWAY_SHUTDOWN_DELAY_MS:-0}",
      description = "On SIGTERM, keep taking requests this long with ready=false so a load balancer can notice"
          + " (VIGIL_GATEWAY_SHUTDOWN_DELAY_MS). Default: ${DEFAULT-VALUE}")
  long shutdownDelayMs;

  @Option(names = "--kafka-probe-ms", defaultValue = "${env:VIGIL_GATEWAY_KAFKA_PROBE_MS:-1000}",
      description = "How often readiness checks Kafka (VIGIL_GATEWAY_KAFKA_PROBE_MS). Default: ${DEFAULT-VALUE}")
  long kafkaProbeMs;

  @Option(names = "--producer-property", paramLabel = "KEY=VALUE",
      description = "Kafka producer setting overriding the gateway's (repeatable), e.g. linger.ms=10;"
          + " also VIGIL_GATEWAY_PRODUCER_PROPERTIES as comma-separated KEY=VALUE.")
  Map<String, String> producerProperties = new LinkedHashMap<>();

  public static void main(String[] args) {
    int code = new CommandLine(new GatewayMain()).execute(args);
    if (code != 0) {
      System.exit(code);
    }
  }

  @Override
  public Integer call() throws Exception {
    TokenSource tokens = null;
    String inline = System.getenv("VIGIL_GATEWAY_TOKENS");
    try {
      if (tokensFile != null) {
        tokens = TokensFile.load(tokensFile, tokensCheckMs);
      } else if (inline != null && !inline.isBlank()) {
        tokens = TokenSource.fixed(SensorTokens.parse(inline, "VIGIL_GATEWAY_TOKENS"));
      }
    } catch (SensorTokens.InvalidTokensException e) {
      System.err.println("cannot load tokens: " + e.getMessage());
      return 2;
    } catch (java.io.IOException e) {
      System.err.println("cannot read tokens file " + tokensFile + ": " + e);
      return 2;
    } catch (IllegalArgumentException e) {
      System.err.println("invalid option: " + e.getMessage());
      return 2;
    }
    Map<String, String> producerProps = new LinkedHashMap<>();
    String envProps = System.getenv("VIGIL_GATEWAY_PRODUCER_PROPERTIES");
    if (envProps != null) {
      for (String kv : envProps.split(",")) {
        int eq = kv.indexOf('=');
        if (eq > 0) {
          producerProps.put(kv.substring(0, eq).strip(), kv.substring(eq + 1).strip());
        }
      }
    }
    producerProps.putAll(producerProperties);
    GatewayConfig config;
    try {
      config = new GatewayConfig(host, port, bootstrapServers, readingsTopic, tokens,
          maxBodyBytes, maxBatch, maxInFlight, maxThreads, maxConnections, idleTimeoutMs, readTimeoutMs,
          retryAfterSeconds, drainTimeoutMs, shutdownDelayMs, kafkaProbeMs, producerProps);
    } catch (IllegalArgumentException e) {
      System.err.println("invalid option: " + e.getMessage());
      return 2;
    }

    Gateway gateway = new Gateway(config);
    Thread hook = new Thread(gateway::shutdown, "vigil-gateway-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      gateway.start();
    } catch (Exception e) {
      LOG.error("cannot start on {}:{}: {}", config.host(), config.port(), e.toString());
      return 1;
    }
    LOG.info("vigil-ingest-gateway listening on http://{}:{}, Kafka {} (topic {}), auth {}, limits {} bytes /"
            + " {} messages per request",
        config.host(), gateway.port(), config.bootstrapServers(), config.readingsTopic(),
        tokens == null ? "off" : "on (" + tokens.current().size() + " sensors"
            + (tokensFile == null ? ")" : ", " + tokensFile + " checked every " + tokensCheckMs + " ms)"),
        config.maxBodyBytes(), config.maxBatch());
    gateway.join();
    return 0;
  }
}
