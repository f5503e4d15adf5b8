// Small admin client for bin/vigil, run with Java's source launcher on Kafka's own classpath:
//   java -cp <kafka classpath> KafkaAdmin.java 127.0.0.1:9092 ready
//   java -cp <kafka classpath> KafkaAdmin.java 127.0.0.1:9092 create-topics vigil.readings:4 vigil.alarms:2
// One JVM does what would otherwise take one kafka-topics run per topic.
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

public class KafkaAdmin {
  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: KafkaAdmin BOOTSTRAP ready | create-topics NAME:PARTITIONS...");
      System.exit(2);
    }
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
    try (Admin admin = Admin.create(props)) {
      switch (args[1]) {
        case "ready" -> {
          int brokers = admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size();
          System.out.println("brokers: " + brokers);
          System.exit(brokers > 0 ? 0 : 1);
        }
        case "create-topics" -> {
          List<NewTopic> topics = new ArrayList<>();
          for (int i = 2; i < args.length; i++) {
            String[] spec = args[i].split(":");
            topics.add(new NewTopic(spec[0], Integer.parseInt(spec[1]), (short) 1)
                .configs(Map.of("min.insync.replicas", "1")));
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
        default -> {
          System.err.println("unknown command " + args[1]);
          System.exit(2);
        }
      }
    }
  }
}
