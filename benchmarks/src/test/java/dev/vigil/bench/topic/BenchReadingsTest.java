package dev.vigil.bench.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.pipeline.parse.MessageKind;
import dev.vigil.pipeline.parse.ParseRecords;
import dev.vigil.pipeline.parse.RawRecord;
import dev.vigil.pipeline.rules.RulesConfig;
import dev.vigil.pipeline.rules.SensorEvent;
import dev.vigil.pipeline.rules.SensorMemory;
import dev.vigil.pipeline.rules.SensorRules;
import dev.vigil.wire.Alarm;
import dev.vigil.wire.AlarmType;
import dev.vigil.wire.MalformedMessageException;
import dev.vigil.wire.Reading;
import dev.vigil.wire.WireFormat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchReadingsTest {
  private static final long RECEIVED_AT = 1_795_334_400_000L;

  private record Generated(int partition, String sensorId, byte[] payload) {}

  private static List<Generated> generate(BenchReadings readings) {
    List<Generated> all = new ArrayList<>();
    readings.generate((partition, sensorId, payload) -> all.add(new Generated(partition, sensorId, payload)));
    return all;
  }

  @Test
  void theSameSeedGivesTheSameRecordsInTheSamePartitions() {
    List<Generated> first = generate(new BenchReadings(7, 400, 4, 40_000));
    List<Generated> second = generate(new BenchReadings(7, 400, 4, 40_000));
    assertThat(second).hasSize(first.size());
    for (int i = 0; i < first.size(); i++) {
      assertThat(second.get(i).partition()).isEqualTo(first.get(i).partition());
      assertThat(Arrays.equals(second.get(i).payload(), first.get(i).payload())).isTrue();
    }
  }

  @Test
  void partitionsAreEqualAndEachSensorWritesToOnePartition() {
    long[] perPartition = new long[4];
    Map<String, Integer> partitionOfSensor = new HashMap<>();
    for (Generated record : generate(new BenchReadings(7, 400, 4, 40_000))) {
      perPartition[record.partition()]++;
      Integer before = partitionOfSensor.putIfAbsent(record.sensorId(), record.partition());
      assertThat(before == null || before == record.partition()).as(record.sensorId()).isTrue();
    }
    assertThat(perPartition).containsOnly(10_000L);
  }

  @Test
  void unequalPartitionsAreRefused() {
    assertThatThrownBy(() -> new BenchReadings(7, 400, 4, 40_001)).isInstanceOf(IllegalArgumentException.class);
  }

  /** The native job parses with WireFormat.parseReading, Beam with ParseRecords: they must agree on every record. */
  @Test
  void bothSidesParsersAcceptAndRejectTheSameRecords() throws Exception {
    int malformed = 0;
    for (Generated record : generate(new BenchReadings(7, 400, 4, 40_000))) {
      Reading nativeReading;
      try {
        nativeReading = WireFormat.parseReading(record.payload(), RECEIVED_AT);
      } catch (MalformedMessageException e) {
        nativeReading = null;
        malformed++;
      }
      List<SensorEvent> beamEvents;
      try {
        beamEvents = ParseRecords.parse(RawRecord.of(MessageKind.READING, record.payload(), RECEIVED_AT));
      } catch (MalformedMessageException e) {
        beamEvents = null;
      }
      if (nativeReading == null) {
        assertThat(beamEvents).as(new String(record.payload())).isNull();
      } else {
        assertThat(beamEvents).containsExactly(SensorEvent.of(nativeReading));
      }
    }
    assertThat(malformed).isBetween(200, 600); // ~1% of 40,000
  }

  @Test
  void theMixRaisesEveryKindOfReadingAlarm() throws Exception {
    SensorRules rules = new SensorRules(RulesConfig.withoutTimers());
    Map<String, SensorMemory> memories = new HashMap<>();
    Map<AlarmType, Integer> raised = new EnumMap<>(AlarmType.class);
    for (Generated record : generate(new BenchReadings(7, 400, 4, 40_000))) {
      Reading reading;
      try {
        reading = WireFormat.parseReading(record.payload(), RECEIVED_AT);
      } catch (MalformedMessageException e) {
        continue;
      }
      for (Alarm alarm : rules.onReading(memories.computeIfAbsent(reading.sensorId(), id -> new SensorMemory()),
          reading)) {
        raised.merge(alarm.type(), 1, Integer::sum);
      }
    }
    assertThat(raised.keySet()).containsExactlyInAnyOrder(AlarmType.MOTION, AlarmType.SMOKE, AlarmType.TEMPERATURE);
    assertThat(raised.values()).allMatch(count -> count > 100);
  }
}
