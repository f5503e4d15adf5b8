package dev.vigil.tests.support;

import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * A Kafka of the local stack that a test writes to ({@link LocalStack#kafka()}, the single node, or
 * {@link LocalStack#kafkaCluster()}, the 3 brokers): its address list, how the test's own topics are replicated there,
 * and what to tell a developer when it does not answer.
 *
 * @param bootstrap         the bootstrap servers
 * @param replicas          replicas of each partition of a test's topic
 * @param minInsyncReplicas replicas that must have a record before an acks=all write succeeds
 * @param hint              how to start it, for failure messages
 */
public record KafkaTarget(String bootstrap, short replicas, int minInsyncReplicas, String hint) {

  /** A topic of a test, replicated as this Kafka's topics are (the brokers do not auto-create topics). */
  public NewTopic topic(String name, int partitions) {
    return new NewTopic(name, partitions, replicas)
        .configs(Map.of("min.insync.replicas", String.valueOf(minInsyncReplicas)));
  }
}
