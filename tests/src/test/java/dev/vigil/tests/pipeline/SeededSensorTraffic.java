package dev.vigil.tests.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.tests.support.Eventually;
import dev.vigil.tests.support.KafkaTopics;
import dev.vigil.tests.support.ReferenceRules;
import dev.vigil.wire.Alarm;
import dev.vigil.wire.AlarmIds;
import dev.vigil.wire.AlarmStatus;
import dev.vigil.wire.Reading;
import dev.vigil.wire.Recovery;
import dev.vigil.wire.SensorLog;
import dev.vigil.wire.WireFormat;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;

/**
 * Seeded readings and recoveries from a few sensors, sent to a run's sensor log, and the checks of what a pipeline on
 * a real engine made of them: the alarm events must be exactly what the plain-Java rules ({@link ReferenceRules}) give
 * for the same messages in Kafka order, one mail per RAISED id, a map point for every sensor.
 */
final class SeededSensorTraffic {
  private final int sensors;
  private final Random random;
  /** Every message sent, in the order Kafka acknowledged it (one producer: each sensor's order is kept). */
  private final List<Sent> sent = new ArrayList<>();

  private record Sent(Object message, RecordMetadata where) {}

  /** What the alarms topic held against what the rules expect. */
  record Comparison(List<String> expected, List<String> found, Set<String> lost, Set<String> unexpected,
      long raisedTwice) {
    int distinct() {
      return new LinkedHashSet<>(found).size();
    }

    void assertExact() {
      assertThat(lost).as("alarm events the rules raise but the engine did not").isEmpty();
      assertThat(unexpected).as("alarm events the rules do not raise").isEmpty();
      assertThat(found).as("alarm events written twice").doesNotHaveDuplicates();
    }
  }

  SeededSensorTraffic(int sensors, long seed) {
    this.sensors = sensors;
    this.random = new Random(seed);
  }

  /** Sends {@code count} seeded messages from the sensors: readings (smoke, heat, motion) and recoveries. */
  synchronized void send(PipelineRun run, int count) throws Exception {
    for (int i = 0; i < count; i++) {
      String sensor = String.valueOf(1 + random.nextInt(sensors));
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

  /**
   * Keeps sending {@code perTick} messages every {@code tickMillis} in the background (readings that keep coming
   * while a job is stopped, restarted or replaced) until {@link Trickle#close}.
   */
  Trickle trickle(PipelineRun run, int perTick, long tickMillis) {
    return new Trickle(run, perTick, tickMillis);
  }

  final class Trickle implements AutoCloseable {
    private final AtomicBoolean sending = new AtomicBoolean(true);
    private final CompletableFuture<Void> loop;
    private final int before = sentCount();

    private Trickle(PipelineRun run, int perTick, long tickMillis) {
      loop = CompletableFuture.runAsync(() -> {
        try {
          while (sending.get()) {
            send(run, perTick);
            Thread.sleep(tickMillis);
          }
        } catch (Exception e) {
          throw new IllegalStateException("the trickle of seeded messages failed", e);
        }
      });
    }

    /** Stops sending (fails if sending failed); returns how many messages it sent. */
    int stop() throws Exception {
      sending.set(false);
      loop.get(1, TimeUnit.MINUTES);
      return sentCount() - before;
    }

    @Override
    public void close() throws Exception {
      stop();
    }
  }

  int sentCount() {
    synchronized (sent) {
      return sent.size();
    }
  }

  /** The rules' alarms for everything sent so far, each sensor's messages in their Kafka order. */
  List<Alarm> expected() {
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

  /**
   * Reads the alarm events (until as many distinct ones as expected came, or what came within {@code wait}: a restart
   * from a checkpoint repeats events, which must not end the wait early) and compares them.
   */
  Comparison compare(KafkaTopics alarmEvents, Duration wait) throws Exception {
    return compare(expected(), alarmEvents, wait);
  }

  /** The same against given alarms, e.g. the rules' over a sensor log as Kafka holds it ({@link ReferenceRules}). */
  static Comparison compare(List<Alarm> expectedAlarms, KafkaTopics alarmEvents, Duration wait) throws Exception {
    List<String> expected = eventsOf(expectedAlarms);
    List<String> found = events(alarmEvents.read(k -> true,
        records -> distinctEvents(records) >= expected.size(), wait));
    Set<String> distinct = new LinkedHashSet<>(found);
    Set<String> lost = new LinkedHashSet<>(expected);
    lost.removeAll(distinct);
    Set<String> unexpected = new LinkedHashSet<>(distinct);
    unexpected.removeAll(new HashSet<>(expected));
    long raisedTwice = found.stream().filter(e -> e.endsWith(" RAISED")).count()
        - distinct.stream().filter(e -> e.endsWith(" RAISED")).count();
    return new Comparison(expected, found, lost, unexpected, raisedTwice);
  }

  static List<String> eventsOf(List<Alarm> alarms) {
    return alarms.stream().map(a -> a.id() + " " + a.status()).toList();
  }

  private static long distinctEvents(List<ConsumerRecord<String, byte[]>> records) {
    try {
      return new HashSet<>(events(records)).size();
    } catch (Exception e) {
      throw new IllegalStateException("an alarm event that does not parse", e);
    }
  }

  private static List<String> events(List<ConsumerRecord<String, byte[]>> records) throws Exception {
    List<Alarm> alarms = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> record : records) {
      alarms.add(WireFormat.parseAlarm(record.value()));
    }
    return eventsOf(alarms);
  }

  /** One mail per RAISED alarm id the rules give, and no more. */
  void assertMails(PipelineRun run, Duration wait) throws Exception {
    List<String> raised = raisedIds();
    run.mails(raised.size(), wait);
    Thread.sleep(2000); // and no more
    assertThat(mailedIds(run)).as("X-Vigil-Alarm-Id of the mails").containsExactlyInAnyOrderElementsOf(raised);
  }

  /**
   * At least one mail per RAISED alarm id the rules give, none for another id; returns the ids mailed more than once
   * (an id once per extra mail). The pipeline's mail ledger holds back what a restart from a checkpoint reads again;
   * what it cannot hold back is a mail a crash caught in flight, which it reports in doubt (see MailLedger).
   */
  List<String> assertMailsAtLeastOnce(PipelineRun run, Duration wait) throws Exception {
    Set<String> raised = new HashSet<>(raisedIds());
    run.mails(raised.size(), wait); // repeats only add to these
    Eventually.get(wait, "mails for all " + raised.size() + " RAISED alarm ids in " + run.mailbox,
        () -> new HashSet<>(mailedIds(run)).containsAll(raised) ? Boolean.TRUE : null);
    Thread.sleep(2000); // and no other
    List<String> mailed = mailedIds(run);
    assertThat(new HashSet<>(mailed)).as("X-Vigil-Alarm-Id of the mails, each once").isEqualTo(raised);
    List<String> repeated = new ArrayList<>(mailed);
    raised.forEach(repeated::remove);
    return repeated;
  }

  private List<String> raisedIds() {
    return expected().stream().filter(a -> a.status() == AlarmStatus.RAISED).map(Alarm::id).toList();
  }

  private static List<String> mailedIds(PipelineRun run) throws Exception {
    List<String> mailed = new ArrayList<>();
    for (JsonNode message : run.mails(0, Duration.ZERO)) {
      MimeMessage mime = new MimeMessage(null,
          new ByteArrayInputStream(message.get("mimeMessage").asText().getBytes(StandardCharsets.UTF_8)));
      mailed.add(mime.getHeader("X-Vigil-Alarm-Id", null));
    }
    return mailed;
  }

  /** A sensor_state point for every sensor that sent a reading. */
  void assertMapPoints(PipelineRun run, Duration wait) {
    Set<String> readers = new HashSet<>();
    synchronized (sent) {
      sent.stream().filter(s -> s.message() instanceof Reading).forEach(s -> readers.add(((Reading) s.message())
          .sensorId()));
    }
    Set<String> located = Eventually.get(wait, "sensor_state points of " + readers.size() + " sensors", () -> {
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
