package dev.vigil.tests.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.tests.support.LocalStack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The stack's Kafka broker takes records with acks=all and gives them back, and has Vigil's topics. */
class KafkaSmokeIT {

  private static Properties common() {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.kafkaBootstrap());
    return props;
  }

  @Test
  void hasTheTopicsThatVigilsComponentsAgreeOn() throws Exception {
    try (Admin admin = Admin.create(common())) {
      Set<String> topics = admin.listTopics().names().get(10, TimeUnit.SECONDS);
      assertThat(topics)
          .as(LocalStack.hint("Kafka"))
          .contains("vigil.readings", "vigil.alarms", "vigil.deadletter");
    }
  }

  @Test
  void producesAndConsumesWithAcksAll() throws Exception {
    String topic = "smoke-" + UUID.randomUUID();
    try (Admin admin = Admin.create(common())) {
      admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
    }

    Properties producerProps = common();
    producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
    producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    producerProps.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
    List<String> sent = new ArrayList<>();
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer())) {
      for (int i = 0; i < 100; i++) {
        String value = "reading-" + i;
        RecordMetadata meta = producer.send(new ProducerRecord<>(topic, "sensor-" + (i % 7), value))
            .get(30, TimeUnit.SECONDS);
        assertThat(meta.hasOffset()).isTrue();
        sent.add(value);
      }
    }

    Properties consumerProps = common();
    consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "smoke-" + UUID.randomUUID());
    consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<String> received = new ArrayList<>();
    Map<String, Integer> partitionOfKey = new java.util.HashMap<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(consumerProps, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (received.size() < sent.size() && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
          received.add(record.value());
          Integer previous = partitionOfKey.put(record.key(), record.partition());
          assertThat(previous == null || previous == record.partition())
              .as("records with one key stay in one partition").isTrue();
        }
      }
    }
    assertThat(received).containsExactlyInAnyOrderElementsOf(sent);
  }
}
