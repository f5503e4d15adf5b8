package dev.vigil.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The demo's live status line: what the platform is doing, from Prometheus (which scrapes the gateways and the
 * pipeline) and from Kafka (the consumer lag of the pipeline and of its mail branch), one line every few seconds.
 */
@Command(name = "vigil-status", mixinStandardHelpOptions = true,
    description = "Prints one line of platform figures every few seconds, from Prometheus and Kafka.")
public final class StatusLine implements Callable<Integer> {

  @Option(names = "--prometheus", defaultValue = "http://127.0.0.1:9090", description = "Default: ${DEFAULT-VALUE}")
  URI prometheus;

  @Option(names = "--kafka", defaultValue = "127.0.0.1:9092", description = "Default: ${DEFAULT-VALUE}")
  String kafka;

  @Option(names = "--group", defaultValue = "vigil-pipeline",
      description = "The pipeline's consumer group (default: ${DEFAULT-VALUE}).")
  String group;

  @Option(names = "--topics", split = ",", defaultValue = "vigil.readings",
      description = "Topics the pipeline reads: the sensor log (default: ${DEFAULT-VALUE}).")
  List<String> topics;

  @Option(names = "--alarms-topic", defaultValue = "vigil.alarms",
      description = "The alarms topic, read back by the mail branch as group <group>-mailer (default: ${DEFAULT-VALUE}).")
  String alarmsTopic;

  @Option(names = "--every", defaultValue = "3", description = "Seconds between lines (default: ${DEFAULT-VALUE}).")
  int every;

  @Option(names = "--count", defaultValue = "0", description = "Lines to print; 0 = until stopped.")
  int count;

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /** Label and PromQL of each figure, in the order printed. */
  private static final String[][] FIGURES = {
      {"in/s", "sum(rate(vigil_gateway_readings_accepted_total[20s])) + sum(rate(vigil_gateway_recoveries_accepted_total[20s]))"},
      {"accepted", "sum(vigil_gateway_readings_accepted_total) + sum(vigil_gateway_recoveries_accepted_total)"},
      {"processed", "sum(vigil_pipeline_readings_in) + sum(vigil_pipeline_recoveries_in)"},
      {"raised", "sum(vigil_pipeline_alarms_raised)"},
      {"cleared", "sum(vigil_pipeline_alarms_cleared)"},
      {"mails", "sum(vigil_pipeline_emails_sent)"},
      {"mail failures", "sum(vigil_pipeline_emails_failed)"},
      {"influx points", "sum(vigil_pipeline_influx_points_written)"},
      {"dead letters", "sum(vigil_pipeline_dead_letters)"},
  };

  @Override
  public Integer call() throws Exception {
    long start = System.nanoTime();
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000");
    try (Admin admin = Admin.create(props)) {
      for (int line = 0; count == 0 || line < count; line++) {
        StringBuilder out = new StringBuilder(String.format("[%4.0fs]", (System.nanoTime() - start) / 1e9));
        for (String[] figure : FIGURES) {
          out.append("  ").append(figure[0]).append(' ').append(format(query(figure[1])));
        }
        out.append("  lag ").append(lag(admin, group, topics));
        out.append("  mail lag ").append(lag(admin, group + "-mailer", List.of(alarmsTopic)));
        System.out.println(out);
        Thread.sleep(TimeUnit.SECONDS.toMillis(every));
      }
    }
    return 0;
  }

  /** The value of an instant query, or NaN when Prometheus has nothing (yet) for it. */
  private double query(String promql) {
    try {
      URI uri = prometheus.resolve("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(3)).build(),
          HttpResponse.BodyHandlers.ofString());
      JsonNode result = JSON.readTree(response.body()).path("data").path("result");
      return result.isEmpty() ? Double.NaN : result.get(0).path("value").get(1).asDouble();
    } catch (Exception e) {
      return Double.NaN;
    }
  }

  /**
   * Records on a consumer group's topics beyond the offsets it committed. KafkaIO commits when a checkpoint
   * finalizes, so this moves in steps of the checkpoint interval.
   */
  private static String lag(Admin admin, String group, List<String> topics) {
    try {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(3, TimeUnit.SECONDS);
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      admin.describeTopics(topics).allTopicNames().get(3, TimeUnit.SECONDS).forEach((topic, description) ->
          description.partitions().forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest())));
      long lag = 0;
      for (var end : admin.listOffsets(latest).all().get(3, TimeUnit.SECONDS).entrySet()) {
        OffsetAndMetadata done = committed.get(end.getKey());
        lag += end.getValue().offset() - (done == null ? 0 : done.offset());
      }
      return committed.isEmpty() ? "n/a (no commit yet)" : String.format("%,d", lag);
    } catch (Exception e) {
      return "n/a";
    }
  }

  private static String format(double value) {
    if (Double.isNaN(value)) {
      return "-";
    }
    return value == Math.rint(value) ? String.format("%,d", (long) value) : String.format("%,.1f", value);
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new StatusLine()).execute(args));
  }
}
