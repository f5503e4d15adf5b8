package dev.vigil.tests.support;

import dev.vigil.pipeline.rules.RulesConfig;
import dev.vigil.pipeline.rules.SensorMemory;
import dev.vigil.pipeline.rules.SensorRules;
import dev.vigil.wire.Alarm;
import dev.vigil.wire.AlarmType;
import dev.vigil.wire.Reading;
import dev.vigil.wire.Recovery;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The alarms an input should give: the pipeline's own plain-Java rules (rules 1-4, no timers), one memory per sensor,
 * fed each sensor's messages in their log order. The ITs hold what the pipeline wrote against it.
 */
public final class ReferenceRules {
  private final SensorRules rules = new SensorRules(RulesConfig.withoutTimers());
  private final Map<String, SensorMemory> memories = new HashMap<>();
  private final List<Alarm> alarms = new ArrayList<>();

  /** A reading; {@code position} names the alarms it raises, as in the pipeline (null: its event time). */
  public ReferenceRules reading(Reading reading, String position) {
    SensorMemory memory = memory(reading.sensorId());
    alarms.addAll(position == null ? rules.onReading(memory, reading) : rules.onReading(memory, reading, position));
    return this;
  }

  public ReferenceRules recovery(Recovery recovery) {
    alarms.addAll(rules.onRecovery(memory(recovery.sensorId()), recovery));
    return this;
  }

  /** The alarm events so far, in the order the rules gave them (OFFLINE needs timers: none). */
  public List<Alarm> alarms() {
    return alarms.stream().filter(a -> a.type() != AlarmType.OFFLINE).toList();
  }

  private SensorMemory memory(String sensorId) {
    return memories.computeIfAbsent(sensorId, s -> new SensorMemory());
  }
}
