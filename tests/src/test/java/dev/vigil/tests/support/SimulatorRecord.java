package dev.vigil.tests.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.wire.MalformedMessageException;
import dev.vigil.wire.SensorLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/** What the sensor simulator recorded with {@code --record}: every message it sent and the HTTP status it got. */
public final class SimulatorRecord {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One message: status is the HTTP status, or -1 when the request got no answer. */
  public record Entry(int status, String kind, JsonNode message) {
    public boolean accepted() {
      return status == 202;
    }

    public boolean recovery() {
      return "RECOVERY".equals(kind);
    }

    /** When the simulator sent it (the message's event time, stamped at sending). */
    public long sentAt() {
      return message.get("timestamp").asLong();
    }
  }

  private final List<Entry> entries;

  private SimulatorRecord(List<Entry> entries) {
    this.entries = entries;
  }

  public static SimulatorRecord read(Path file) throws IOException {
    return read(List.of(file));
  }

  /** The records of several runs (e.g. {@link SimulatorLoad}'s slices), one after the other. */
  public static SimulatorRecord read(List<Path> files) throws IOException {
    List<Entry> entries = new ArrayList<>();
    for (Path file : files) {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        JsonNode entry = JSON.readTree(line);
        entries.add(new Entry(entry.get("status").asInt(), entry.get("kind").asText(), entry.get("message")));
      }
    }
    return new SimulatorRecord(entries);
  }

  public List<Entry> entries() {
    return entries;
  }

  public List<Entry> accepted() {
    return entries.stream().filter(Entry::accepted).toList();
  }

  public List<Entry> notAccepted() {
    return entries.stream().filter(e -> !e.accepted()).toList();
  }

  /**
   * Asserts that every accepted message is on the sensor log (the readings topic), keyed by its sensor, with the
   * {@code vigil.kind} header of its kind. Extra copies are allowed (a retried request may be stored twice); a missing
   * one is an acknowledged message lost. {@code sensorLog} must have been opened before the simulator ran.
   */
  public void assertAcceptedAreIn(KafkaTopics sensorLog, Predicate<String> sensors)
      throws IOException, MalformedMessageException {
    acceptedIn(sensorLog, sensors).assertNoneMissing();
  }

  /** What the sensor log holds of the accepted messages; see {@link #assertAcceptedAreIn}. */
  public InSensorLog acceptedIn(KafkaTopics sensorLog, Predicate<String> sensors)
      throws IOException, MalformedMessageException {
    Set<Found> wanted = new HashSet<>();
    for (Entry e : accepted()) {
      wanted.add(new Found(e.recovery() ? SensorLog.Kind.RECOVERY : SensorLog.Kind.READING, e.message()));
    }
    List<ConsumerRecord<String, byte[]>> records = sensorLog.read(sensors, wanted.size(), Duration.ofSeconds(60));
    Set<Found> found = new HashSet<>();
    for (ConsumerRecord<String, byte[]> r : records) {
      JsonNode value = JSON.readTree(r.value());
      assertThat(r.key()).as("record key").isEqualTo(value.get("sensorId").asText());
      Header kind = r.headers().lastHeader(SensorLog.KIND_HEADER);
      assertThat(kind).as("%s header of a record of sensor %s", SensorLog.KIND_HEADER, r.key()).isNotNull();
      found.add(new Found(SensorLog.kindOf(kind.value()), value));
    }
    Set<Found> missing = new HashSet<>(wanted);
    missing.removeAll(found);
    return new InSensorLog(wanted.size(), missing.stream().map(Found::message).toList(), records);
  }

  /**
   * The accepted messages (distinct) against the sensor log: how many of them it lacks, and every record it holds for
   * the sensors, accepted or not (a request that timed out may still have been written), in each partition's order.
   */
  public record InSensorLog(int accepted, List<JsonNode> missing, List<ConsumerRecord<String, byte[]>> records) {
    public int found() {
      return accepted - missing.size();
    }

    public void assertNoneMissing() {
      assertThat(missing).as("acknowledged messages missing from Kafka (%d of %d)", missing.size(), accepted)
          .isEmpty();
    }
  }

  /** A message as found on the sensor log: its kind and its JSON. */
  private record Found(SensorLog.Kind kind, JsonNode message) {}
}
