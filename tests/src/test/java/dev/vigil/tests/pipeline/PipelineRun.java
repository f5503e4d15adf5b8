package dev.vigil.tests.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.driver.core.Cluster;
import com.datastax.driver.core.Session;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.tests.support.Eventually;
import dev.vigil.tests.support.Http;
import dev.vigil.tests.support.KafkaTarget;
import dev.vigil.tests.support.LocalStack;
import dev.vigil.tests.support.StackControl;
import dev.vigil.wire.Reading;
import dev.vigil.wire.SensorLog;
import dev.vigil.wire.WireFormat;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;
import org.influxdb.dto.Query;

/**
 * One run of the pipeline jar on the local stack, with resources of its own: topics (created here, as the stack's
 * Kafka does not auto-create them), a keyspace loaded by the jar's loader (generated customers plus
 * {@link #CSV_CUSTOMER} from a CSV file), an InfluxDB database, a mailbox and a consumer group. Closing it stops the
 * pipeline and drops all of them.
 */
final class PipelineRun implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The CSV customer: a comma in quoted fields, no geohash/zone (computed from London's lat/lon: zone UK). */
  static final long CSV_CUSTOMER = 900_001; // beyond the generated customers' ids
  static final String CSV_CUSTOMER_SENSOR = "90001";
  static final String CSV_CUSTOMER_OTHER_SENSOR = "90002";

  final String name;
  final String id;
  /** The Kafka of this run's topics. */
  final KafkaTarget kafka;
  /** The sensor log: readings and recoveries, told apart by the {@code vigil.kind} header. */
  final String readings;
  final String alarmsTopic;
  final String deadLetterTopic;
  private final Map<String, String> credentials;
  final String keyspace;
  final String database;
  final String mailbox;
  final String groupId;
  final Admin admin;
  final Session session;
  final InfluxDB influx;
  private final KafkaProducer<String, byte[]> producer;
  private final Cluster cassandra;
  private PipelineJar pipeline;
  private int metricsPort;
  private long clock = System.currentTimeMillis();
  private final List<String> extraTopics = new ArrayList<>();

  /** Creates the topics and loads the customers; {@link #start} then runs the pipeline. */
  PipelineRun(String name, int generatedCustomers) throws Exception {
    this(name, generatedCustomers, LocalStack.kafka());
  }

  /**
   * The same with the run's topics on {@code kafka} (e.g. {@link LocalStack#kafkaCluster()}, replicated as its topics
   * are), where the pipeline then reads and writes.
   */
  PipelineRun(String name, int generatedCustomers, KafkaTarget kafka) throws Exception {
    this.name = name;
    this.kafka = kafka;
    id = name + "_" + UUID.randomUUID().toString().substring(0, 8);
    readings = "it." + id + ".readings";
    alarmsTopic = "it." + id + ".alarms";
    deadLetterTopic = "it." + id + ".deadletter";
    keyspace = "it_" + id;
    database = "it_" + id;
    mailbox = "monitoring-" + id.replace('_', '-') + "@vigil.test";
    groupId = "it-" + id;
    credentials = Map.of("VIGIL_SMTP_USER", "it-mailer", "VIGIL_SMTP_PASSWORD", "smtp-" + UUID.randomUUID(),
        "VIGIL_INFLUX_USER", "it-writer", "VIGIL_INFLUX_PASSWORD", "influx-" + UUID.randomUUID());

    Properties clients = new Properties();
    clients.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap());
    admin = Admin.create(clients);
    try {
      admin.createTopics(List.of(kafka.topic(readings, 4), kafka.topic(alarmsTopic, 2),
          kafka.topic(deadLetterTopic, 1))).all().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      admin.close();
      throw new AssertionError(kafka.hint(), e);
    }
    clients.put(ProducerConfig.ACKS_CONFIG, "all");
    producer = new KafkaProducer<>(clients, new StringSerializer(), new ByteArraySerializer());
    cassandra = Cluster.builder().addContactPoint(LocalStack.HOST).withPort(LocalStack.cassandraPort())
        .withoutJMXReporting().build();
    session = cassandra.connect();
    influx = InfluxDBFactory.connect(LocalStack.influxDbUrl());
    assertThat(influx.ping().isGood()).as(LocalStack.hint("InfluxDB")).isTrue();

    Path csv = StackControl.home().resolve("tests/target/pipeline-logs/customers-" + id + ".csv");
    Files.createDirectories(csv.getParent());
    Files.writeString(csv, "id,name,surname,gender,national_id,birthday,street_address,city,zip_code,country,"
        + "telephone_country_code,telephone_number,latitude,longitude,email,title,occupation,company,username,"
        + "geohash,zone,sensor_ids\n"
        + CSV_CUSTOMER + ",Ada,\"Lovelace, Countess\",female,12345678Z,1815-12-10,\"12 St James's Square\",London,"
        + "SW1Y 4JH,United Kingdom,+44,7700900123,51.5074,-0.1340,ada@example.org,Ms,Mathematician,"
        + "\"Analytical Engines, Ltd\",ada,,," + CSV_CUSTOMER_SENSOR + ";" + CSV_CUSTOMER_OTHER_SENSOR + "\n",
        StandardCharsets.UTF_8);
    String loaded = PipelineJar.load("loader-" + id, List.of("--port", String.valueOf(LocalStack.cassandraPort()),
        "--keyspace", keyspace, "--customers", String.valueOf(generatedCustomers), "--seed", "7",
        "--csv", csv.toString()));
    assertThat(loaded).contains("wrote " + (generatedCustomers + 1) + " customers");
  }

  /**
   * Waits until the pipeline loaded its first customer snapshot: ready as the stack counts it (enrichment holds every
   * reading back until then).
   */
  void awaitFirstCustomerSnapshot(Duration timeout) {
    Eventually.get(timeout, "the pipeline's first customer snapshot", () -> assertMetrics(Map.of(),
        Duration.ofSeconds(5)).getOrDefault("customer_snapshots", 0.0) >= 1 ? Boolean.TRUE : null);
  }

  /** {@link #options} as {@code --name=value} arguments. */
  List<String> optionArgs(Map<String, String> overrides) throws java.io.IOException {
    List<String> args = new ArrayList<>();
    options(overrides).forEach((option, value) -> args.add("--" + option + "=" + value));
    return args;
  }

  /** Stops the pipeline {@link #start} started, if it runs; {@link #close} does it too. */
  void stop() throws InterruptedException {
    if (pipeline != null) {
      pipeline.close();
      pipeline = null;
    }
  }

  /** One more topic of this run (e.g. an alarms topic per engine), deleted with the run's own. */
  void createTopic(String topic, int partitions) throws Exception {
    admin.createTopics(List.of(kafka.topic(topic, partitions))).all().get(30, TimeUnit.SECONDS);
    extraTopics.add(topic);
  }

  /**
   * Starts the pipeline with this run's resources, the runner's options and {@code overrides} (name → value). It
   * logs in to SMTP and InfluxDB with this run's {@link #credentials()} (the stack's servers accept any), so that a
   * test can look for them where they must never be: the pipeline's log.
   */
  void start(List<String> runnerArgs, Map<String, String> overrides) throws Exception {
    List<String> args = new ArrayList<>(runnerArgs);
    args.addAll(optionArgs(overrides));
    pipeline = PipelineJar.start("pipeline-" + id, "1g", "dev.vigil.pipeline.VigilPipeline", args, credentials);
  }

  /**
   * Starts the pipeline again after it stopped or was killed, as {@link #start} does, with its own log file
   * ({@code pipeline-<id>-<attempt>.log}); the run's resources and consumer group are the same.
   */
  void restart(List<String> runnerArgs, int attempt) throws Exception {
    List<String> args = new ArrayList<>(runnerArgs);
    args.addAll(optionArgs(Map.of()));
    pipeline = PipelineJar.start("pipeline-" + id + "-" + attempt, "1g", "dev.vigil.pipeline.VigilPipeline", args,
        credentials);
  }

  /**
   * Waits until {@code group} has committed every partition of {@code topic} up to the end it has now (what a restart
   * would resume from); returns the seconds it took.
   */
  double awaitCommittedToTheEnds(String group, String topic, Duration timeout) throws Exception {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(15, TimeUnit.SECONDS).get(topic)
        .partitions().size();
    for (int p = 0; p < partitions; p++) {
      latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
    }
    Map<TopicPartition, Long> ends = new HashMap<>();
    admin.listOffsets(latest).all().get(15, TimeUnit.SECONDS).forEach((tp, info) -> ends.put(tp, info.offset()));
    long started = System.nanoTime();
    Eventually.get(timeout, "committed offsets of group " + group + " at the ends " + ends, () -> {
      Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
          .partitionsToOffsetAndMetadata().get(15, TimeUnit.SECONDS);
      for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
        OffsetAndMetadata offset = committed.get(end.getKey());
        if ((offset == null ? 0 : offset.offset()) < end.getValue()) {
          return null;
        }
      }
      return committed;
    });
    return (System.nanoTime() - started) / 1e9;
  }

  /** The mail branch's consumer group (the pipeline's {@code <--kafkaGroupId>-mailer}). */
  String mailerGroup() {
    return groupId + "-mailer";
  }

  /** The environment variables with the SMTP and InfluxDB user and password of this run (random passwords). */
  Map<String, String> credentials() {
    return credentials;
  }

  /** The pipeline options (name → value) of this run's resources, a free metrics port, then {@code overrides}. */
  Map<String, String> options(Map<String, String> overrides) throws java.io.IOException {
    try (ServerSocket free = new ServerSocket(0)) {
      metricsPort = free.getLocalPort();
    }
    Map<String, String> options = new LinkedHashMap<>();
    options.put("kafkaBootstrapServers", kafka.bootstrap());
    options.put("readingsTopic", readings);
    options.put("alarmsTopic", alarmsTopic);
    options.put("deadLetterTopic", deadLetterTopic);
    options.put("kafkaGroupId", groupId);
    options.put("cassandraPort", String.valueOf(LocalStack.cassandraPort()));
    options.put("cassandraKeyspace", keyspace);
    options.put("customerRefreshSeconds", "10");
    options.put("influxUrl", LocalStack.influxDbUrl());
    options.put("influxDatabase", database);
    options.put("stateWriteIntervalSeconds", "5");
    options.put("countWindowSeconds", "5");
    options.put("smtpPort", String.valueOf(LocalStack.smtpPort()));
    options.put("mailTo", mailbox);
    options.put("metricsPort", String.valueOf(metricsPort));
    options.putAll(overrides);
    return options;
  }

  PipelineJar pipeline() {
    return pipeline;
  }

  Reading reading(String sensorId, boolean motion, boolean smoke) {
    return new Reading(sensorId, motion, smoke, 21.0, 30.0, nextTimestamp());
  }

  /** The next event time is one second after {@code millis} (e.g. in the past, so that count windows close at once). */
  void clockFrom(long millis) {
    clock = millis;
  }

  /** Event times one second apart, from now on. */
  long nextTimestamp() {
    return clock += 1000;
  }

  RecordMetadata send(String topic, String key, byte[] value) throws Exception {
    return producer.send(new ProducerRecord<>(topic, key, value)).get(15, TimeUnit.SECONDS);
  }

  /** A recovery as the gateway writes it: on the readings topic, after the sensor's readings, marked by its header. */
  RecordMetadata sendRecovery(String sensorId, byte[] value) throws Exception {
    return sendOfKind(sensorId, value, SensorLog.RECOVERY);
  }

  /** A record of the sensor log whose {@code vigil.kind} header is {@code kind}. */
  RecordMetadata sendOfKind(String sensorId, byte[] value, String kind) throws Exception {
    return sendToLog(sensorId, value, kind.getBytes(StandardCharsets.US_ASCII));
  }

  /** A record of the sensor log with any value (null: a tombstone) and {@code vigil.kind} bytes (null: none). */
  RecordMetadata sendToLog(String key, byte[] value, byte[] kindHeader) throws Exception {
    ProducerRecord<String, byte[]> record = new ProducerRecord<>(readings, key, value);
    if (kindHeader != null) {
      record.headers().add(SensorLog.KIND_HEADER, kindHeader);
    }
    return producer.send(record).get(15, TimeUnit.SECONDS);
  }

  /** Sends the readings, keyed by sensor, without waiting for each one; returns once Kafka acknowledged them all. */
  void sendAll(String topic, List<Reading> values) throws Exception {
    List<Future<RecordMetadata>> acks = new ArrayList<>(values.size());
    for (Reading value : values) {
      acks.add(producer.send(new ProducerRecord<>(topic, value.sensorId(), WireFormat.toJson(value))));
    }
    producer.flush();
    for (var ack : acks) {
      ack.get(15, TimeUnit.SECONDS);
    }
  }

  /** The mailbox's messages once there are at least {@code expected}. */
  JsonNode mails(int expected, Duration timeout) {
    String url = LocalStack.greenMailApi() + "/user/" + mailbox + "/messages/";
    return Eventually.get(timeout, expected + " e-mails in " + mailbox, () -> {
      HttpResponse<String> response = Http.get(url);
      JsonNode list = response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
      return list != null && list.size() >= expected ? list : null;
    });
  }

  /**
   * Waits until the pipeline's Prometheus endpoint shows (at least) these {@code vigil_pipeline_*} values; a failure
   * says what it showed last.
   */
  Map<String, Double> assertMetrics(Map<String, Double> expected, Duration timeout) {
    Map<String, Double> last = new HashMap<>();
    try {
      return Eventually.get(timeout, "the pipeline's counters " + expected + " at " + metricsUrl(), () -> {
        Map<String, Double> values = new HashMap<>();
        for (String line : metricsText().split("\n")) {
          if (line.startsWith("vigil_pipeline_")) {
            String[] parts = line.split(" ");
            values.put(parts[0].substring("vigil_pipeline_".length()), Double.parseDouble(parts[1]));
          }
        }
        last.clear();
        last.putAll(values);
        return values.entrySet().containsAll(expected.entrySet()) ? values : null;
      });
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "; last seen " + new java.util.TreeMap<>(last), e.getCause());
    }
  }

  /** What the pipeline's Prometheus endpoint serves now. */
  String metricsText() throws IOException, InterruptedException {
    return Http.get(metricsUrl()).body();
  }

  private String metricsUrl() {
    return "http://127.0.0.1:" + metricsPort + "/metrics";
  }

  @Override
  public void close() throws Exception {
    if (pipeline != null) {
      pipeline.close();
    }
    producer.close();
    List<String> topics = new ArrayList<>(List.of(readings, alarmsTopic, deadLetterTopic));
    topics.addAll(extraTopics);
    admin.deleteTopics(topics).all().get(30, TimeUnit.SECONDS);
    admin.close();
    session.execute("DROP KEYSPACE IF EXISTS " + keyspace);
    cassandra.close();
    influx.query(new Query("DROP DATABASE \"" + database + "\""));
    influx.close();
  }
}
