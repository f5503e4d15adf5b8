// Small admin client for bin/vigil, run with Java's source launcher on Kafka's own classpath:
//   java -cp <kafka classpath> KafkaAdmin.java 127.0.0.1:9092 ready
//   java -cp <kafka classpath> KafkaAdmin.java 127.0.0.1:9092 create-topics vigil.readings:4 vigil.alarms:2
//   java -cp <kafka classpath> KafkaAdmin.java 127.0.0.1:9092 delete-topics vigil.bench
// On the 3-broker cluster (bin/vigil stack up kafka-cluster):
//   ... KafkaAdmin.java 127.0.0.1:9192,127.0.0.1:9193 ready --brokers 1,2,3 --topics vigil.readings:4,vigil.alarms:2
//   ... KafkaAdmin.java 127.0.0.1:9192 create-topics --replication-factor 3 --min-insync-replicas 2 vigil.readings:4
// One JVM does what would otherwise take one kafka-topics run per topic.
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;

public class KafkaAdmin {
  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: KafkaAdmin BOOTSTRAP ready [--brokers ID,...] [--topics 'NAME[:PARTITIONS]...']"
          + " | create-topics [--replication-factor N] [--min-insync-replicas M] NAME:PARTITIONS..."
          + " | count TOPIC | lag GROUP TOPIC... | delete-topics NAME...");
      System.exit(2);
    }
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
    try (Admin admin = Admin.create(props)) {
      switch (args[1]) {
        case "ready" -> System.exit(ready(admin, List.of(args).subList(2, args.length)) ? 0 : 1);
        case "create-topics" -> {
          // Replicas and min.insync.replicas: 1 and 1 on the single node; the cluster's topics say 3 and 2 (RF 2
          // with min ISR 2 would refuse acks=all writes as soon as one broker is gone).
          short replicas = 1;
          String minInsync = "1";
          List<NewTopic> topics = new ArrayList<>();
          for (int i = 2; i < args.length; i++) {
            switch (args[i]) {
              case "--replication-factor" -> replicas = Short.parseShort(args[++i]);
              case "--min-insync-replicas" -> minInsync = args[++i];
              default -> {
                String[] spec = args[i].split(":");
                topics.add(new NewTopic(spec[0], Integer.parseInt(spec[1]), replicas)
                    .configs(Map.of("min.insync.replicas", minInsync)));
              }
            }
          }
          for (var entry : admin.createTopics(topics).values().entrySet()) {
            try {
              entry.getValue().get(30, TimeUnit.SECONDS);
              System.out.println("created " + entry.getKey());
            } catch (ExecutionException e) {
              if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
              }
              System.out.println("exists " + entry.getKey());
            }
          }
        }
        case "count" -> {
          // Records in a topic: the sum over its partitions of (latest offset - earliest offset).
          String topic = args[2];
          var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS)
              .get(topic).partitions().stream()
              .map(p -> new org.apache.kafka.common.TopicPartition(topic, p.partition())).toList();
          long total = 0;
          for (var spec : List.of(org.apache.kafka.clients.admin.OffsetSpec.latest(),
              org.apache.kafka.clients.admin.OffsetSpec.earliest())) {
            var request = new java.util.HashMap<org.apache.kafka.common.TopicPartition,
                org.apache.kafka.clients.admin.OffsetSpec>();
            partitions.forEach(tp -> request.put(tp, spec));
            long sum = 0;
            for (var info : admin.listOffsets(request).all().get(10, TimeUnit.SECONDS).values()) {
              sum += info.offset();
            }
            total += spec instanceof org.apache.kafka.clients.admin.OffsetSpec.LatestSpec ? sum : -sum;
          }
          System.out.println(total);
        }
        case "lag" -> {
          // Records of the topics beyond what a consumer group committed; -1 while the group has committed nothing.
          String group = args[2];
          var committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
              .get(10, TimeUnit.SECONDS);
          var latest = new java.util.HashMap<org.apache.kafka.common.TopicPartition,
              org.apache.kafka.clients.admin.OffsetSpec>();
          admin.describeTopics(List.of(args).subList(3, args.length)).allTopicNames().get(10, TimeUnit.SECONDS)
              .forEach((topic, d) -> d.partitions().forEach(p -> latest.put(
                  new org.apache.kafka.common.TopicPartition(topic, p.partition()),
                  org.apache.kafka.clients.admin.OffsetSpec.latest())));
          long lag = 0;
          for (var end : admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).entrySet()) {
            var done = committed.get(end.getKey());
            lag += end.getValue().offset() - (done == null ? 0 : done.offset());
          }
          System.out.println(committed.isEmpty() ? -1 : lag);
        }
        case "delete-topics" -> {
          admin.deleteTopics(List.of(args).subList(2, args.length)).all().get(30, TimeUnit.SECONDS);
          System.out.println("deleted " + String.join(" ", List.of(args).subList(2, args.length)));
        }
        default -> {
          System.err.println("unknown command " + args[1]);
          System.exit(2);
        }
      }
    }
  }

  /**
   * Whether the cluster answers: with {@code --brokers}, every one of those broker ids is listed by the cluster AND
   * answers a request sent to it alone (a broker killed a moment ago stays listed until the controller fences it,
   * ~9 s, so the listing alone would call a dead broker ready); with {@code --topics}, those topics exist (names,
   * or the NAME:PARTITIONS specs create-topics takes; comma- or space-separated). Prints what it found.
   */
  static boolean ready(Admin admin, List<String> options) throws Exception {
    Set<String> brokers = Set.of();
    Set<String> topics = Set.of();
    for (int i = 0; i < options.size(); i++) {
      switch (options.get(i)) {
        case "--brokers" -> brokers = Set.of(options.get(++i).split("[, ]+"));
        case "--topics" -> topics = List.of(options.get(++i).split("[, ]+")).stream()
            .filter(t -> !t.isBlank()).map(t -> t.split(":")[0]).collect(Collectors.toSet());
        default -> throw new IllegalArgumentException("unknown ready option " + options.get(i));
      }
    }
    Set<String> listed = admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).stream()
        .map(Node::idString).collect(Collectors.toSet());
    System.out.println("brokers: " + listed.stream().sorted().collect(Collectors.joining(",")));
    if (listed.isEmpty() || !listed.containsAll(brokers)) {
      return false;
    }
    for (String id : brokers) {
      // A broker's own config is read from that broker, not from whichever one the client picks.
      admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.BROKER, id)),
          new DescribeConfigsOptions().timeoutMs(3_000)).all().get(5, TimeUnit.SECONDS);
    }
    if (!topics.isEmpty()) {
      Set<String> existing = admin.listTopics().names().get(5, TimeUnit.SECONDS);
      Set<String> absent = topics.stream().filter(t -> !existing.contains(t)).collect(Collectors.toSet());
      System.out.println(absent.isEmpty() ? "topics: all there" : "topics missing: " + absent);
      return absent.isEmpty();
    }
    return true;
  }
}
