package dev.vigil.tests.support;

import dev.vigil.pipeline.rules.RulesConfig;
import dev.vigil.pipeline.rules.SensorMemory;
import dev.vigil.pipeline.rules.SensorRules;
import dev.vigil.wire.Alarm;
import dev.vigil.wire.AlarmIds;
import dev.vigil.wire.AlarmType;
import dev.vigil.wire.Reading;
import dev.vigil.wire.MalformedMessageException;
import dev.vigil.wire.Recovery;
import dev.vigil.wire.SensorLog;
import dev.vigil.wire.WireFormat;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

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

  /**
   * The rules over a sensor log as Kafka holds it (each partition's records in offset order): each message where the
   * pipeline finds it, so that the alarms get the ids the pipeline gives them (record position, index in the record).
   */
  public static ReferenceRules ofSensorLog(List<ConsumerRecord<String, byte[]>> records)
      throws MalformedMessageException {
    ReferenceRules rules = new ReferenceRules();
    for (ConsumerRecord<String, byte[]> r : records) {
      Header kind = r.headers().lastHeader(SensorLog.KIND_HEADER);
      if (SensorLog.kindOf(kind == null ? null : kind.value()) == SensorLog.Kind.RECOVERY) {
        WireFormat.parseRecoveries(r.value(), r.timestamp()).forEach(rules::recovery);
      } else {
        List<Reading> readings = WireFormat.parseReadingBody(r.value(), r.timestamp());
        for (int i = 0; i < readings.size(); i++) {
          rules.reading(readings.get(i), AlarmIds.logPosition(r.partition(), r.offset(), i, readings.size()));
        }
      }
    }
    return rules;
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
