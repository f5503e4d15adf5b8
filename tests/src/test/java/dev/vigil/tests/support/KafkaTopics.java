package dev.vigil.tests.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads what was written to the stack's real Kafka: remembers the end of every partition of a topic, then
 * returns the records written after that point whose key matches.
 */
public final class KafkaTopics implements AutoCloseable {
  private final KafkaConsumer<String, byte[]> consumer;
  private final List<TopicPartition> partitions = new ArrayList<>();
  private final Map<TopicPartition, Long> start;

  /** Marks the current end of {@code topic}; fails (never skips) when Kafka does not answer. */
  public KafkaTopics(String topic) {
    this(topic, LocalStack.kafka());
  }

  /** The same on another Kafka of the stack (e.g. {@link LocalStack#kafkaCluster()}). */
  public KafkaTopics(String topic, KafkaTarget kafka) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    List<PartitionInfo> infos;
    try {
      infos = consumer.partitionsFor(topic, Duration.ofSeconds(15));
    } catch (RuntimeException e) {
      consumer.close();
      throw new AssertionError(kafka.hint(), e);
    }
    if (infos == null || infos.isEmpty()) {
      consumer.close();
      throw new AssertionError("topic " + topic + " does not exist: " + kafka.hint());
    }
    for (PartitionInfo p : infos) {
      partitions.add(new TopicPartition(p.topic(), p.partition()));
    }
    consumer.assign(partitions);
    start = consumer.endOffsets(partitions, Duration.ofSeconds(15));
  }

  /**
   * Polls until {@code expected} records with a matching key arrived (or {@code timeout}), then keeps reading up
   * to the current end of every partition so that extra records are caught too.
   */
  public List<ConsumerRecord<String, byte[]>> read(Predicate<String> key, int expected, Duration timeout) {
    return read(key, found -> found.size() >= expected, timeout);
  }

  /**
   * Polls until the matching records read so far are {@code enough} (or {@code timeout}), then keeps reading up to
   * the current end of every partition; e.g. enough distinct events when the topic may hold some twice.
   */
  public List<ConsumerRecord<String, byte[]>> read(Predicate<String> key,
      Predicate<List<ConsumerRecord<String, byte[]>>> enough, Duration timeout) {
    start.forEach(consumer::seek);
    List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!enough.test(found) && System.nanoTime() < deadline) {
      poll(key, found);
    }
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(15));
    long drainDeadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (!reached(end) && System.nanoTime() < drainDeadline) {
      poll(key, found);
    }
    return found;
  }

  private void poll(Predicate<String> key, List<ConsumerRecord<String, byte[]>> found) {
    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
      if (r.key() != null && key.test(r.key())) {
        found.add(r);
      }
    }
  }

  private boolean reached(Map<TopicPartition, Long> end) {
    for (TopicPartition tp : partitions) {
      if (consumer.position(tp) < end.get(tp)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() {
    consumer.close();
  }
}
