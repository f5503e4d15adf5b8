package dev.vigil.bench.nativeflink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.bench.topic.BenchReadings;
import dev.vigil.pipeline.rules.RulesConfig;
import dev.vigil.pipeline.rules.SensorMemory;
import dev.vigil.pipeline.rules.SensorRules;
import dev.vigil.wire.Alarm;
import dev.vigil.wire.MalformedMessageException;
import dev.vigil.wire.Reading;
import dev.vigil.wire.WireFormat;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;

/**
 * The native job's keyed rules (keyBy + {@link SensorRulesFunction}, state through the pipeline's coders) on a
 * parallelism-2 mini-cluster, fed from memory, give exactly the alarms of {@link SensorRules} applied to each sensor's
 * readings in order.
 */
class NativeRulesJobTest {

  @Test
  void givesTheSameAlarmsAsTheRulesAppliedInOrder() throws Exception {
    List<Reading> readings = new ArrayList<>();
    new BenchReadings(11, 200, 4, 20_000).generate((partition, sensorId, payload) -> {
      try {
        readings.add(WireFormat.parseReading(payload, 0));
      } catch (MalformedMessageException e) {
        // dropped, as the job drops it
      }
    });
    RulesConfig config = RulesConfig.withoutTimers();

    SensorRules rules = new SensorRules(config);
    Map<String, SensorMemory> memories = new HashMap<>();
    Map<String, List<Alarm>> expected = new HashMap<>();
    for (Reading reading : readings) {
      for (Alarm alarm : rules.onReading(memories.computeIfAbsent(reading.sensorId(), id -> new SensorMemory()),
          reading)) {
        expected.computeIfAbsent(alarm.sensorId(), id -> new ArrayList<>()).add(alarm);
      }
    }

    StreamExecutionEnvironment env = NativeRulesJob.localEnvironment(2);
    Map<String, List<Alarm>> actual = new HashMap<>();
    try (CloseableIterator<Alarm> alarms =
             NativeRulesJob.applyRules(env.fromData(readings, VigilTypes.READING), config).executeAndCollect()) {
      alarms.forEachRemaining(alarm -> actual.computeIfAbsent(alarm.sensorId(), id -> new ArrayList<>()).add(alarm));
    }

    assertThat(expected.values().stream().mapToInt(List::size).sum()).isGreaterThan(400); // at most 3 per sensor: no recovery clears them
    assertThat(actual).isEqualTo(expected); // per sensor: the same alarms in the same order
  }
}
