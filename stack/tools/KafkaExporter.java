// The stack's Kafka exporter (started with Prometheus), run with Java's source launcher on Kafka's own classpath:
//   java -cp <kafka classpath> KafkaExporter.java 127.0.0.1:9092 127.0.0.1:9308
// Serves, at GET /metrics in Prometheus' text format, what Kafka's brokers do not export themselves: each topic's end
// offsets (their rate is the topic's messages in per second), and each consumer group's committed offsets and lag
// (end offset minus committed offset, per partition). Read on every scrape, with one admin client.
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

public class KafkaExporter {
  private final Admin admin;
  private long collections;
  private long failures;

  KafkaExporter(Admin admin) {
    this.admin = admin;
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: KafkaExporter BOOTSTRAP HOST:PORT");
      System.exit(2);
    }
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "4000");
    KafkaExporter exporter = new KafkaExporter(Admin.create(props));
    String[] listen = args[1].split(":");
    HttpServer server = HttpServer.create(new InetSocketAddress(listen[0], Integer.parseInt(listen[1])), 0);
    server.createContext("/metrics", exchange -> {
      try (exchange) {
        byte[] body = exporter.scrape().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    });
    server.start();
    System.out.printf("kafka exporter: %s at http://%s/metrics%n", args[0], args[1]);
  }

  /** One scrape: the offsets as they are now; a Kafka that does not answer gives vigil_kafka_exporter_up 0. */
  synchronized String scrape() {
    long started = System.nanoTime();
    StringBuilder out = new StringBuilder();
    boolean up;
    collections++;
    try {
      collect(out);
      up = true;
    } catch (Exception e) {
      failures++;
      out.setLength(0);
      up = false;
      System.out.println("kafka exporter: collection failed: " + e);
    }
    family(out, "vigil_kafka_exporter_up", "gauge", "1 when the last collection read Kafka, else 0");
    out.append("vigil_kafka_exporter_up ").append(up ? 1 : 0).append('\n');
    family(out, "vigil_kafka_exporter_collections_total", "counter", "collections, one per scrape");
    out.append("vigil_kafka_exporter_collections_total ").append(collections).append('\n');
    family(out, "vigil_kafka_exporter_failures_total", "counter", "collections that could not read Kafka");
    out.append("vigil_kafka_exporter_failures_total ").append(failures).append('\n');
    family(out, "vigil_kafka_exporter_collect_seconds", "gauge", "how long the last collection took");
    out.append("vigil_kafka_exporter_collect_seconds ").append((System.nanoTime() - started) / 1e9).append('\n');
    return out.toString();
  }

  private void collect(StringBuilder out) throws Exception {
    int brokers = admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size();
    family(out, "vigil_kafka_brokers", "gauge", "brokers the cluster lists");
    out.append("vigil_kafka_brokers ").append(brokers).append('\n');

    List<String> topics = admin.listTopics().names().get(5, TimeUnit.SECONDS).stream().sorted().toList();
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    admin.describeTopics(topics).allTopicNames().get(5, TimeUnit.SECONDS).forEach((topic, description) ->
        description.partitions().forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest())));
    Map<TopicPartition, Long> ends = new TreeMap<>(KafkaExporter::byTopicAndPartition);
    for (Map.Entry<TopicPartition, ListOffsetsResultInfo> end
        : admin.listOffsets(latest).all().get(5, TimeUnit.SECONDS).entrySet()) {
      ends.put(end.getKey(), end.getValue().offset());
    }
    family(out, "vigil_kafka_topic_end_offset", "gauge", "the next offset of each partition: rate() gives messages in/s");
    ends.forEach((tp, offset) -> out.append("vigil_kafka_topic_end_offset{topic=\"").append(tp.topic())
        .append("\",partition=\"").append(tp.partition()).append("\"} ").append(offset).append('\n'));

    StringBuilder committedLines = new StringBuilder();
    StringBuilder lagLines = new StringBuilder();
    List<String> groups = admin.listGroups(ListGroupsOptions.forConsumerGroups()).all().get(5, TimeUnit.SECONDS)
        .stream().map(GroupListing::groupId).sorted().toList();
    for (String group : groups) {
      Map<TopicPartition, OffsetAndMetadata> committed = new TreeMap<>(KafkaExporter::byTopicAndPartition);
      committed.putAll(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS));
      committed.forEach((tp, offset) -> {
        Long end = ends.get(tp);
        if (offset == null || end == null) {
          return; // a partition of a topic deleted since, or a group without an offset there
        }
        String labels = "{group=\"" + group + "\",topic=\"" + tp.topic() + "\",partition=\"" + tp.partition() + "\"} ";
        committedLines.append("vigil_kafka_consumergroup_committed_offset").append(labels).append(offset.offset())
            .append('\n');
        lagLines.append("vigil_kafka_consumergroup_lag").append(labels).append(Math.max(0, end - offset.offset()))
            .append('\n');
      });
    }
    family(out, "vigil_kafka_consumergroup_committed_offset", "gauge", "the offset each group committed");
    out.append(committedLines);
    family(out, "vigil_kafka_consumergroup_lag", "gauge", "records beyond what the group committed");
    out.append(lagLines);
  }

  private static int byTopicAndPartition(TopicPartition a, TopicPartition b) {
    int byTopic = a.topic().compareTo(b.topic());
    return byTopic != 0 ? byTopic : Integer.compare(a.partition(), b.partition());
  }

  private static void family(StringBuilder out, String name, String type, String help) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }
}
