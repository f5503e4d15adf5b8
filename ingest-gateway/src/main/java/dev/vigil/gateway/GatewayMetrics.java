package dev.vigil.gateway;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import dev.vigil.wire.SensorLog;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.dropwizard.DropwizardExports;
import io.prometheus.client.hotspot.DefaultExports;
import io.prometheus.client.dropwizard.samplebuilder.CustomMappingSampleBuilder;
import io.prometheus.client.dropwizard.samplebuilder.MapperConfig;
import io.prometheus.client.exporter.common.TextFormat;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * The gateway's Dropwizard metrics, served in the Prometheus text format.
 *
 * <p>Prometheus names: {@code vigil_gateway_requests_total{outcome="accepted|bad_request|..."}},
 * {@code vigil_gateway_readings_accepted_total}, {@code vigil_gateway_recoveries_accepted_total},
 * {@code vigil_gateway_kafka_send_seconds} (summary: first send to last acknowledgement of a request),
 * {@code vigil_gateway_kafka_send_failures_total}, {@code vigil_gateway_in_flight}, {@code vigil_gateway_ready}
 * and {@code vigil_gateway_kafka_reachable}; with auth on, {@code vigil_gateway_token_sensors} (sensors with a
 * token now), {@code vigil_gateway_token_reloads} and {@code vigil_gateway_token_reload_failures}.
 */
public final class GatewayMetrics {

  /** How a request ended; each one is a label value of {@code vigil_gateway_requests_total}. */
  public enum Outcome {
    ACCEPTED,
    BAD_REQUEST,
    UNAUTHORIZED,
    NOT_FOUND,
    METHOD_NOT_ALLOWED,
    TIMEOUT,
    PAYLOAD_TOO_LARGE,
    UNSUPPORTED_MEDIA_TYPE,
    UNAVAILABLE,
    ERROR;

    String label() {
      return name().toLowerCase();
    }
  }

  public static final String TEXT_CONTENT_TYPE = TextFormat.CONTENT_TYPE_004;

  private final MetricRegistry registry = new MetricRegistry();
  private final Map<Outcome, Meter> requests = new EnumMap<>(Outcome.class);
  private final Meter readingsAccepted;
  private final Meter recoveriesAccepted;
  private final Meter kafkaFailures;
  private final Timer kafkaSend;
  private final Counter healthChecks;
  private final CollectorRegistry prometheus = new CollectorRegistry();

  public GatewayMetrics() {
    for (Outcome outcome : Outcome.values()) {
      requests.put(outcome, registry.meter("vigil.gateway.requests." + outcome.label()));
    }
    readingsAccepted = registry.meter("vigil.gateway.readings.accepted");
    recoveriesAccepted = registry.meter("vigil.gateway.recoveries.accepted");
    kafkaFailures = registry.meter("vigil.gateway.kafka.send.failures");
    kafkaSend = registry.timer("vigil.gateway.kafka.send.seconds");
    healthChecks = registry.counter("vigil.gateway.kafka.probes");
    MapperConfig byOutcome = new MapperConfig("vigil.gateway.requests.*", "vigil_gateway_requests",
        Map.of("outcome", "${0}"));
    new DropwizardExports(registry, new CustomMappingSampleBuilder(List.of(byOutcome))).register(prometheus);
    DefaultExports.register(prometheus);
  }

  /** Registers the gauges whose values live elsewhere. */
  void bind(IntSupplier inFlight, Supplier<Boolean> ready, Supplier<Boolean> kafkaReachable) {
    registry.register("vigil.gateway.in_flight", (Gauge<Integer>) inFlight::getAsInt);
    registry.register("vigil.gateway.ready", (Gauge<Integer>) () -> ready.get() ? 1 : 0);
    registry.register("vigil.gateway.kafka.reachable", (Gauge<Integer>) () -> kafkaReachable.get() ? 1 : 0);
  }

  /** The gauges of the tokens in force and of their reloads. */
  void bindTokens(TokenSource tokens) {
    registry.register("vigil.gateway.token.sensors", (Gauge<Integer>) () -> tokens.current().size());
    registry.register("vigil.gateway.token.reloads", (Gauge<Long>) tokens::reloads);
    registry.register("vigil.gateway.token.reload_failures", (Gauge<Long>) tokens::reloadFailures);
  }

  public MetricRegistry registry() {
    return registry;
  }

  void request(Outcome outcome) {
    requests.get(outcome).mark();
  }

  /** Counts messages of one kind that Kafka acknowledged. */
  void accepted(SensorLog.Kind kind, int n) {
    (kind == SensorLog.Kind.READING ? readingsAccepted : recoveriesAccepted).mark(n);
  }

  void kafkaSend(long nanos, boolean ok) {
    kafkaSend.update(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    if (!ok) {
      kafkaFailures.mark();
    }
  }

  void probed() {
    healthChecks.inc();
  }

  public long requestCount(Outcome outcome) {
    return requests.get(outcome).getCount();
  }

  /** The Prometheus text exposition (format 0.0.4). */
  public byte[] prometheusText() {
    StringWriter out = new StringWriter(8192);
    try {
      TextFormat.write004(out, prometheus.metricFamilySamples());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }
}
