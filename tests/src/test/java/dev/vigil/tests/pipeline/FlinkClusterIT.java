package dev.vigil.tests.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.runners.FlinkRest;
import dev.vigil.runners.Profile;
import dev.vigil.runners.Submit;
import dev.vigil.tests.support.ReferenceRules;
import dev.vigil.tests.support.Eventually;
import dev.vigil.tests.support.KafkaTopics;
import dev.vigil.tests.support.LocalStack;
import dev.vigil.tests.support.StackControl;
import dev.vigil.wire.Alarm;
import dev.vigil.wire.AlarmIds;
import dev.vigil.wire.AlarmStatus;
import dev.vigil.wire.Reading;
import dev.vigil.wire.Recovery;
import dev.vigil.wire.SensorLog;
import dev.vigil.wire.WireFormat;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;
import org.junit.jupiter.api.Test;

/**
 * The pipeline jar on the stack's real Flink session cluster (bin/vigil stack up flink), submitted detached with the
 * {@code flink-cluster} profile by the runners' own {@link Submit}, then upgraded without losing data: stop with a
 * savepoint, resubmit from it, while readings keep coming. The alarm events over the whole run must be exactly what
 * the pipeline's plain-Java rules give for the same messages in Kafka order: no alarm id missing, none RAISED twice,
 * one mail per RAISED id, a map point for every sensor.
 */
class FlinkClusterIT {
  private static final int SENSORS = 60;
  private static final Duration RESULTS = Duration.ofSeconds(90);

  private final Random random = new Random(2026);
  /** Every message sent, in the order Kafka acknowledged it (one producer: each sensor's order is kept). */
  private final List<Sent> sent = new ArrayList<>();

  private record Sent(Object message, RecordMetadata where) {}

  @Test
  void upgradeWithSavepointLosesNoAlarmAndRaisesNoneTwice() throws Exception {
    FlinkRest cluster = new FlinkRest(LocalStack.flinkRest());
    try {
      cluster.jobs();
    } catch (java.io.IOException e) {
      throw new AssertionError("the stack's Flink cluster at " + LocalStack.flinkRest() + " does not answer: start it"
          + " with 'bin/vigil stack up flink'", e);
    }
    Profile profile = Profile.find("flink-cluster", StackControl.home());
    try (PipelineRun run = new PipelineRun("flinkcluster", 300);
        KafkaTopics alarmEvents = new KafkaTopics(run.alarmsTopic)) {
      List<String> args = profile.pipelineArgs(options(run));
      String first = submit(cluster, profile, run, args, null);
      String second = null;
      String savepoint = null;
      try {
        // 1. One seeded batch: exactly the rules' alarms, before any upgrade.
        send(run, 300);
        List<String> expectedFirst = eventsOf(expected());
        List<String> foundFirst = events(alarmEvents.read(k -> true, expectedFirst.size(), RESULTS));
        assertThat(foundFirst).as("alarm events of the first batch (id status)")
            .containsExactlyInAnyOrderElementsOf(expectedFirst);

        // 2. Readings keep coming while the job stops with a savepoint and while the new one starts from it.
        AtomicBoolean sending = new AtomicBoolean(true);
        CompletableFuture<Void> trickle = CompletableFuture.runAsync(() -> {
          try {
            while (sending.get()) {
              send(run, 5);
              Thread.sleep(200);
            }
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
        int beforeStop = sentCount();
        savepoint = cluster.stopWithSavepoint(first, profile.submitSetting("savepointDir", null),
            Duration.ofMinutes(2));
        assertThat(cluster.awaitTerminal(first, Duration.ofMinutes(1))).isEqualTo("FINISHED");
        second = submit(cluster, profile, run, args, savepoint);
        sending.set(false);
        trickle.get(1, TimeUnit.MINUTES);
        int duringUpgrade = sentCount() - beforeStop;
        send(run, 200);

        // 3. The whole run against the rules over everything sent.
        List<Alarm> expectedAlarms = expected();
        List<String> expected = eventsOf(expectedAlarms);
        List<String> found = events(alarmEvents.read(k -> true, expected.size(), RESULTS));
        Set<String> distinct = new LinkedHashSet<>(found);
        Set<String> lost = new LinkedHashSet<>(expected);
        lost.removeAll(distinct);
        Set<String> unexpected = new LinkedHashSet<>(distinct);
        unexpected.removeAll(new HashSet<>(expected));
        long raisedTwice = found.stream().filter(e -> e.endsWith(" RAISED")).count()
            - distinct.stream().filter(e -> e.endsWith(" RAISED")).count();
        System.out.printf("FlinkClusterIT: readings sent %d (recoveries included; %d during the stop and the"
            + " resubmission), alarms expected %d (events, RAISED and CLEARED), found %d (%d distinct), duplicated %d"
            + " (RAISED twice: %d), lost %d, unexpected %d; savepoint %s%n", sentCount(), duringUpgrade,
            expected.size(), found.size(), distinct.size(),
            found.size() - distinct.size(), raisedTwice, lost.size(), unexpected.size(), savepoint);
        assertThat(lost).as("alarm events the rules raise but the cluster did not").isEmpty();
        assertThat(unexpected).as("alarm events the rules do not raise").isEmpty();
        assertThat(found).as("alarm events written twice across the upgrade").doesNotHaveDuplicates();

        assertMails(run, expectedAlarms);
        assertMapPoints(run);
      } finally {
        for (String job : second == null ? List.of(first) : List.of(first, second)) {
          if (!FlinkRest.isTerminal(cluster.state(job))) {
            cluster.cancel(job);
            cluster.awaitTerminal(job, Duration.ofMinutes(1));
          }
        }
        if (savepoint != null && savepoint.startsWith("file:")) {
          deleteTree(Path.of(URI.create(savepoint)));
        }
      }
    }
  }

  private static void deleteTree(Path root) throws java.io.IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  private static List<String> options(PipelineRun run) throws Exception {
    List<String> options = new ArrayList<>();
    run.options(Map.of("metricsPort", "0", "jobName", "it-" + run.id.replace('_', '-')))
        .forEach((name, value) -> options.add("--" + name + "=" + value));
    return options;
  }

  /** Submits and waits until the job's tasks run; returns the job id. */
  private static String submit(FlinkRest cluster, Profile profile, PipelineRun run, List<String> args,
      String savepoint) throws Exception {
    List<String> all = new ArrayList<>(args);
    if (savepoint != null) {
      all.add("--savepointPath=" + savepoint);
    }
    long start = System.nanoTime();
    Submit.Submission job = Submit.toCluster(profile, PipelineJar.jar(), all, Duration.ofMinutes(3));
    Eventually.get(Duration.ofMinutes(1), "job " + job.jobId() + " RUNNING",
        () -> "RUNNING".equals(cluster.state(job.jobId())) ? Boolean.TRUE : null);
    System.out.printf("FlinkClusterIT: job %s submitted%s in %.1f s; web UI %s%n", job.jobId(),
        savepoint == null ? "" : " from " + savepoint, (System.nanoTime() - start) / 1e9, job.webUi());
    return job.jobId();
  }

  /** Sends {@code count} seeded messages from the run's sensors: readings (smoke, heat, motion) and recoveries. */
  private void send(PipelineRun run, int count) throws Exception {
    for (int i = 0; i < count; i++) {
      String sensor = String.valueOf(1 + random.nextInt(SENSORS));
      Object message;
      byte[] bytes;
      String kind;
      if (random.nextInt(100) < 6) {
        Recovery recovery = new Recovery(sensor, run.nextTimestamp());
        message = recovery;
        bytes = WireFormat.toJson(recovery);
        kind = SensorLog.RECOVERY;
      } else {
        Reading reading = new Reading(sensor, random.nextInt(100) < 8, random.nextInt(100) < 40,
            random.nextInt(100) < 35 ? 41.5 : 21.0, 30.0, run.nextTimestamp());
        message = reading;
        bytes = WireFormat.toJson(reading);
        kind = SensorLog.READING;
      }
      RecordMetadata where = run.sendOfKind(sensor, bytes, kind);
      synchronized (sent) {
        sent.add(new Sent(message, where));
      }
    }
  }

  private int sentCount() {
    synchronized (sent) {
      return sent.size();
    }
  }

  /** The rules' alarms for everything sent so far, each sensor's messages in their Kafka order. */
  private List<Alarm> expected() {
    ReferenceRules rules = new ReferenceRules();
    synchronized (sent) {
      for (Sent s : sent) {
        if (s.message() instanceof Reading reading) {
          rules.reading(reading, AlarmIds.logPosition(s.where().partition(), s.where().offset(), 0, 1));
        } else {
          rules.recovery((Recovery) s.message());
        }
      }
    }
    return rules.alarms();
  }

  private static List<String> eventsOf(List<Alarm> alarms) {
    return alarms.stream().map(a -> a.id() + " " + a.status()).toList();
  }

  private static List<String> events(List<ConsumerRecord<String, byte[]>> records) throws Exception {
    List<Alarm> alarms = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> record : records) {
      alarms.add(WireFormat.parseAlarm(record.value()));
    }
    return eventsOf(alarms);
  }

  /** One mail per RAISED alarm id, over both jobs. */
  private static void assertMails(PipelineRun run, List<Alarm> expected) throws Exception {
    List<String> raised = expected.stream().filter(a -> a.status() == AlarmStatus.RAISED).map(Alarm::id).toList();
    JsonNode messages = run.mails(raised.size(), RESULTS);
    Thread.sleep(2000); // and no more
    messages = run.mails(raised.size(), Duration.ZERO);
    List<String> mailed = new ArrayList<>();
    for (JsonNode message : messages) {
      MimeMessage mime = new MimeMessage(null,
          new ByteArrayInputStream(message.get("mimeMessage").asText().getBytes(StandardCharsets.UTF_8)));
      mailed.add(mime.getHeader("X-Vigil-Alarm-Id", null));
    }
    assertThat(mailed).as("X-Vigil-Alarm-Id of the mails").containsExactlyInAnyOrderElementsOf(raised);
  }

  /** A sensor_state point for every sensor that sent a reading. */
  private void assertMapPoints(PipelineRun run) {
    Set<String> readers = new HashSet<>();
    synchronized (sent) {
      sent.stream().filter(s -> s.message() instanceof Reading).forEach(s -> readers.add(((Reading) s.message())
          .sensorId()));
    }
    Set<String> located = Eventually.get(RESULTS, "sensor_state points of " + readers.size() + " sensors", () -> {
      QueryResult result = run.influx.query(new Query("SHOW TAG VALUES FROM sensor_state WITH KEY = \"sensorId\"",
          run.database));
      Set<String> ids = new HashSet<>();
      var series = result.getResults().get(0).getSeries();
      if (series != null) {
        series.get(0).getValues().forEach(row -> ids.add(String.valueOf(row.get(1))));
      }
      return ids.containsAll(readers) ? ids : null;
    });
    assertThat(located).containsAll(readers);
  }
}
