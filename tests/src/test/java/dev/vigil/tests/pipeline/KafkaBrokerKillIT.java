package dev.vigil.tests.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.gateway.Gateway;
import dev.vigil.gateway.GatewayConfig;
import dev.vigil.runners.Profile;
import dev.vigil.tests.gateway.InProcessGateway;
import dev.vigil.tests.support.Eventually;
import dev.vigil.tests.support.KafkaTarget;
import dev.vigil.tests.support.KafkaTopics;
import dev.vigil.tests.support.LocalStack;
import dev.vigil.tests.support.Prometheus;
import dev.vigil.tests.support.ReferenceRules;
import dev.vigil.tests.support.SimulatorLoad;
import dev.vigil.tests.support.SimulatorRecord;
import dev.vigil.tests.support.StackControl;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stack's 3-broker Kafka cluster (replication 3, min.insync.replicas 2, no unclean leader election) losing a broker
 * to SIGKILL, twice, under load: seeded sensors post through a gateway (acks=all, idempotent producer) while the
 * pipeline (embedded Flink, a checkpoint every 2 s) reads and writes the same cluster. The leader of a readings
 * partition is killed, comes back alone ({@code bin/vigil stack up kafka-cluster} starts only the missing broker),
 * and once every partition is in sync again another broker is killed and brought back.
 *
 * <p>Asserted: every reading that got a 2xx is in the readings topic (acks=all with two replicas in sync: a lost
 * leader cannot take an acknowledged record with it), and the alarms topic's distinct events equal the plain-Java
 * rules' over the messages that topic holds (a request that got no 2xx may still have been written, and the pipeline
 * then alarms on it too). Not asserted: how many requests failed while a leader was being replaced (a 503 the sensor
 * would retry), nor repeated alarm events (written again after a restore, same ids); both are printed. Asserted too:
 * monitoring sees each loss (the surviving brokers' JMX exporters report under-replicated partitions to Prometheus,
 * which the controller's fencing of the dead broker, ~9 s, starts) and its end (0 once all are in sync).
 */
class KafkaBrokerKillIT {
  /** The cluster's under-replicated partitions as the brokers' JMX exporters report them. */
  private static final String UNDER_REPLICATED =
      "sum(kafka_server_replicamanager_underreplicatedpartitions{cluster=\"kafka-cluster\"})";
  private static final int SENSORS = 200;
  private static final int CONNECTIONS = 16;
  private static final Duration RESULTS = Duration.ofSeconds(120);

  @AfterEach
  void allBrokersServeAgain() throws Exception {
    StackControl.up("kafka-cluster"); // whatever happened above, the three brokers as the next test expects them
  }

  @Test
  void killedBrokersLoseNoAcknowledgedReadingAndNoAlarm(@TempDir Path dir) throws Exception {
    KafkaTarget kafka = LocalStack.kafkaCluster();
    Path storage = StackControl.home().resolve("tests/target/pipeline-checkpoints/brokerkill-" + UUID.randomUUID());
    List<String> flink = Profile.find("flink-embedded", StackControl.home()).with(Map.of(
        "checkpointingInterval", "2000", "stateBackendStoragePath", storage.toUri().toString()))
        .pipelineArgs(List.of());
    try (PipelineRun run = new PipelineRun("brokerkill", 300, kafka);
        KafkaTopics sensorLog = new KafkaTopics(run.readings, kafka);
        KafkaTopics alarmEvents = new KafkaTopics(run.alarmsTopic, kafka)) {
      run.start(flink, Map.of());
      run.awaitFirstCustomerSnapshot(Duration.ofMinutes(2));

      List<String> killed = new ArrayList<>();
      List<Double> backInSync = new ArrayList<>();
      List<Double> underReplicatedSeen = new ArrayList<>();
      SimulatorRecord sent;
      Gateway gateway = InProcessGateway.startReady(
          GatewayConfig.defaults(kafka.bootstrap()).withReadingsTopic(run.readings), kafka.hint());
      try (SimulatorLoad load = new SimulatorLoad(dir, List.of("--target", "http://127.0.0.1:" + gateway.port(),
          "--sensors", String.valueOf(SENSORS), "--rate", "200", "--connections", String.valueOf(CONNECTIONS),
          "--smoke-rate", "0.005", "--heat-rate", "0.005", "--motion-rate", "0.005"), 13, Duration.ofSeconds(10))) {
        Thread.sleep(5_000);
        for (int round = 0; round < 2; round++) {
          // A broker that leads a partition of the readings topic: its loss moves a leader the gateway writes to.
          String broker = "kafka-broker-" + leaders(run.admin, run.readings).stream()
              .filter(id -> !killed.contains("kafka-broker-" + id)).findFirst().orElseThrow();
          StackControl.kill(broker);
          long killedAt = System.nanoTime();
          killed.add(broker);
          // Monitoring sees it: the surviving brokers' JMX exporters report under-replicated partitions.
          underReplicatedSeen.add(Eventually.get(Duration.ofSeconds(60), "under-replicated partitions in Prometheus",
              () -> {
                double partitions = Prometheus.max(UNDER_REPLICATED).orElse(0);
                return partitions > 0 ? partitions : null;
              }));
          StackControl.up("kafka-cluster"); // the load went on with two brokers (and goes on during the restart)
          awaitAllInSync(run.admin, Duration.ofMinutes(2)); // the broker is up: now it catches up
          backInSync.add((System.nanoTime() - killedAt) / 1e9);
          assertThat(load.sending()).as("the simulator's load").isTrue();
        }
        Thread.sleep(5_000); // and on with all three back
        sent = load.stop();
      } finally {
        gateway.shutdown();
      }

      SimulatorRecord.InSensorLog inKafka = sent.acceptedIn(sensorLog, key -> true);
      SeededSensorTraffic.Comparison alarms = SeededSensorTraffic.compare(
          ReferenceRules.ofSensorLog(inKafka.records()).alarms(), alarmEvents, RESULTS);
      System.out.printf("KafkaBrokerKillIT: readings sent %d, acknowledged (2xx) %d, found in Kafka %d (%d records on"
          + " the topic); alarms expected %d, found %d distinct (%d events), duplicated %d, lost %d, unexpected %d;"
          + " killed %s, each back with every partition in sync %s s after its kill; under-replicated partitions"
          + " seen by Prometheus %s%n", sent.entries().size(),
          sent.accepted().size(), inKafka.found(), inKafka.records().size(), alarms.expected().size(),
          alarms.distinct(), alarms.found().size(), alarms.found().size() - alarms.distinct(), alarms.lost().size(),
          alarms.unexpected().size(), String.join(" then ", killed),
          backInSync.stream().map(s -> String.format("%.1f", s)).toList(), underReplicatedSeen);
      inKafka.assertNoneMissing();
      assertThat(alarms.lost()).as("alarm events the rules raise but the pipeline did not").isEmpty();
      assertThat(alarms.unexpected()).as("alarm events the rules do not raise").isEmpty();
      assertThat(run.pipeline().isAlive()).as("the pipeline:\n" + run.pipeline().logTail()).isTrue();
      Eventually.get(Duration.ofSeconds(60), "no under-replicated partition in Prometheus once all are back in sync",
          () -> Prometheus.max(UNDER_REPLICATED).orElse(-1) == 0 ? Boolean.TRUE : null);
    }
  }

  /** The ids of the brokers that lead a partition of {@code topic}. */
  private static Set<Integer> leaders(Admin admin, String topic) throws Exception {
    TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get(15, TimeUnit.SECONDS)
        .get(topic);
    Set<Integer> leaders = new java.util.TreeSet<>();
    for (TopicPartitionInfo partition : description.partitions()) {
      if (partition.leader() != null) {
        leaders.add(partition.leader().id());
      }
    }
    return leaders;
  }

  /**
   * Until every partition of the cluster (the internal ones too: the pipeline's consumer offsets) has all its replicas
   * in sync: a broker that is up but still catching up is not yet a replica a write can count on, and killing another
   * one before would leave one in sync, below min.insync.replicas.
   */
  private static void awaitAllInSync(Admin admin, Duration timeout) {
    Eventually.get(timeout, "every partition of the Kafka cluster with all its replicas in sync", () -> {
      Set<String> topics = admin.listTopics(new ListTopicsOptions().listInternal(true)).names()
          .get(10, TimeUnit.SECONDS);
      for (TopicDescription topic : admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS).values()) {
        for (TopicPartitionInfo partition : topic.partitions()) {
          if (partition.isr().size() < partition.replicas().size()) {
            return null;
          }
        }
      }
      return Boolean.TRUE;
    });
  }
}
