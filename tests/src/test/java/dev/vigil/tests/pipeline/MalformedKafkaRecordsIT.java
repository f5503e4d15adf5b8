package dev.vigil.tests.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.tests.support.KafkaTopics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/**
 * Records no gateway would write, straight into the sensor log between valid readings of the same sensors, on embedded
 * Flink: every one of them lands in the dead-letter topic with its reason, its original bytes and its coordinates, and
 * the alarms of the valid messages around them are exactly the rules' (the front door's own fuzz test is
 * {@code GatewayFuzzIT}).
 */
class MalformedKafkaRecordsIT {
  private static final int SENSORS = 40;
  private static final int MALFORMED = 1_000;
  private static final Duration RESULTS = Duration.ofSeconds(180);

  @Test
  void everyMalformedRecordIsADeadLetterAndTheAlarmsAroundThemStay() throws Exception {
    SeededSensorTraffic traffic = new SeededSensorTraffic(SENSORS, 2039);
    List<String> sensors = java.util.stream.IntStream.rangeClosed(1, SENSORS).mapToObj(String::valueOf).toList();
    MalformedRecords malformed = new MalformedRecords(2039, sensors);
    Random keys = new Random(2039);
    try (PipelineRun run = new PipelineRun("kafkafuzz", 50);
        KafkaTopics alarmEvents = new KafkaTopics(run.alarmsTopic);
        KafkaTopics deadLetters = new KafkaTopics(run.deadLetterTopic)) {
      run.start(PipelineOnFlinkIT.embeddedFlink(), Map.of());
      Map<String, MalformedRecords.Record> sent = new HashMap<>(); // "partition/offset" -> what was sent there
      for (int i = 0; i < MALFORMED; i++) {
        traffic.send(run, 1);
        MalformedRecords.Record record = malformed.next(i);
        RecordMetadata where = run.sendToLog(sensors.get(keys.nextInt(SENSORS)), record.value(),
            record.kindHeader());
        sent.put(where.partition() + "/" + where.offset(), record);
      }

      SeededSensorTraffic.Comparison alarms = traffic.compare(alarmEvents, RESULTS);
      List<ConsumerRecord<String, byte[]>> letters = deadLetters.read(k -> true, MALFORMED, RESULTS);
      Map<String, Integer> byFamily = new TreeMap<>();
      Map<String, String> reasonOf = new TreeMap<>();
      Map<String, Integer> seen = new HashMap<>();
      for (ConsumerRecord<String, byte[]> letter : letters) {
        String source = header(letter, "vigil.source.partition") + "/" + header(letter, "vigil.source.offset");
        MalformedRecords.Record original = sent.get(source);
        assertThat(original).as("the dead letter of " + source + " is of a record this test sent as malformed")
            .isNotNull();
        assertThat(header(letter, "vigil.source.topic")).isEqualTo(run.readings);
        assertThat(letter.value()).as("the original bytes of " + original.family())
            .isEqualTo(original.value() == null ? new byte[0] : original.value());
        String reason = header(letter, "vigil.reason");
        assertThat(reason).as("the reason of " + original.family()).isNotBlank();
        seen.merge(source, 1, Integer::sum);
        byFamily.merge(original.family(), 1, Integer::sum);
        reasonOf.putIfAbsent(original.family(), reason.length() > 90 ? reason.substring(0, 90) + "…" : reason);
      }
      System.out.printf("MalformedKafkaRecordsIT: valid messages %d, malformed records %d in %d families; dead"
          + " letters %d (%d distinct), malformed records without one %d; alarms expected %d, found %d, lost %d,"
          + " unexpected %d%n", traffic.sentCount(), MALFORMED, malformed.families(), letters.size(), seen.size(),
          MALFORMED - seen.size(), alarms.expected().size(), alarms.distinct(), alarms.lost().size(),
          alarms.unexpected().size());
      byFamily.forEach((family, n) -> System.out.printf("  %-18s %4d dead letters, e.g. %s%n", family, n,
          reasonOf.get(family)));
      assertThat(seen.keySet()).as("malformed records with a dead letter").containsExactlyInAnyOrderElementsOf(
          sent.keySet());
      alarms.assertExact();
      assertThat(run.pipeline().isAlive()).as("the pipeline:\n" + run.pipeline().logTail()).isTrue();
    }
  }

  private static String header(ConsumerRecord<String, byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }
}
