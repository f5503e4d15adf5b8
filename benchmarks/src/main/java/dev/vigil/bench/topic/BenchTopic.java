package dev.vigil.bench.topic;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The benchmark's own topic on a real broker: dropped and created afresh (the broker does not auto-create topics), then
 * filled with {@link BenchReadings}, then checked to hold exactly what was generated, so that both engines read the
 * same records and nothing else.
 */
public final class BenchTopic {
  private final String bootstrapServers;
  private final String topic;

  public BenchTopic(String bootstrapServers, String topic) {
    this.bootstrapServers = bootstrapServers;
    this.topic = topic;
  }

  /** Drops the topic if it exists and creates it empty, with {@code partitions} partitions, replication 1. */
  public void recreate(int partitions) throws InterruptedException, ExecutionException {
    try (Admin admin = admin()) {
      if (admin.listTopics().names().get().contains(topic)) {
        admin.deleteTopics(List.of(topic)).all().get();
      }
      // Deletion finishes in the background: creating too early fails with "marked for deletion".
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (true) {
        try {
          admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
          return;
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException) || System.nanoTime() > deadline) {
            throw e;
          }
          Thread.sleep(250);
        }
      }
    }
  }

  /** Writes every generated record to its partition, in order (idempotent producer: retries cannot reorder). */
  public void fill(BenchReadings readings) {
    Properties config = new Properties();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    AtomicReference<Exception> failure = new AtomicReference<>();
    try (KafkaProducer<byte[], byte[]> producer =
             new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
      readings.generate((partition, sensorId, payload) -> producer.send(
          new ProducerRecord<>(topic, partition, sensorId.getBytes(StandardCharsets.UTF_8), payload),
          (metadata, e) -> {
            if (e != null) {
              failure.compareAndSet(null, e);
            }
          }));
      producer.flush();
    }
    if (failure.get() != null) {
      throw new IllegalStateException("filling " + topic + " failed", failure.get());
    }
  }

  /** The first offset after the last record, per partition: the end that both jobs read up to. */
  public Map<TopicPartition, Long> endOffsets() throws InterruptedException, ExecutionException {
    try (Admin admin = admin()) {
      Set<String> names = Set.of(topic);
      int partitions = admin.describeTopics(names).allTopicNames().get().get(topic).partitions().size();
      Map<TopicPartition, OffsetSpec> request = new HashMap<>();
      for (int p = 0; p < partitions; p++) {
        request.put(new TopicPartition(topic, p), OffsetSpec.latest());
      }
      Map<TopicPartition, Long> ends = new HashMap<>();
      admin.listOffsets(request).all().get().forEach((partition, info) -> ends.put(partition, info.offset()));
      return ends;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        throw new IllegalStateException("topic " + topic + " does not exist on " + bootstrapServers, e);
      }
      throw e;
    }
  }

  /** Fails unless every partition holds exactly its share of the generated records, from offset 0. */
  public void verify(BenchReadings readings) throws InterruptedException, ExecutionException {
    Map<TopicPartition, Long> ends = endOffsets();
    for (int p = 0; p < readings.partitions(); p++) {
      Long end = ends.get(new TopicPartition(topic, p));
      if (end == null || end != readings.recordsPerPartition()) {
        throw new IllegalStateException("partition " + p + " of " + topic + " ends at " + end + ", expected "
            + readings.recordsPerPartition() + " (is another writer using the topic?)");
      }
    }
  }

  private Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000));
  }
}
