package dev.vigil.tests.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
    List<Entry> entries = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      JsonNode entry = JSON.readTree(line);
      entries.add(new Entry(entry.get("status").asInt(), entry.get("kind").asText(), entry.get("message")));
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
   * Asserts that every accepted message is on its topic (readings or recoveries), keyed by its sensor. Extra copies
   * are allowed (a retried request may be stored twice); a missing one is an acknowledged message lost.
   * {@code readings} and {@code recoveries} must have been opened before the simulator ran.
   */
  public void assertAcceptedAreIn(KafkaTopics readings, KafkaTopics recoveries, Predicate<String> sensors)
      throws IOException {
    assertAcceptedAreIn(readings, accepted().stream().filter(e -> !e.recovery()).toList(), sensors);
    assertAcceptedAreIn(recoveries, accepted().stream().filter(Entry::recovery).toList(), sensors);
  }

  private static void assertAcceptedAreIn(KafkaTopics topic, List<Entry> expected, Predicate<String> sensors)
      throws IOException {
    Set<JsonNode> wanted = new HashSet<>();
    for (Entry e : expected) {
      wanted.add(e.message());
    }
    Set<JsonNode> found = new HashSet<>();
    for (ConsumerRecord<String, byte[]> r : topic.read(sensors, wanted.size(), Duration.ofSeconds(60))) {
      JsonNode value = JSON.readTree(r.value());
      assertThat(r.key()).as("record key").isEqualTo(value.get("sensorId").asText());
      found.add(value);
    }
    Set<JsonNode> missing = new HashSet<>(wanted);
    missing.removeAll(found);
    assertThat(missing).as("acknowledged messages missing from Kafka (%d of %d)", missing.size(), wanted.size())
        .isEmpty();
  }
}
