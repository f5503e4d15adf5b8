package dev.vigil.bench.nativeflink;

import dev.vigil.pipeline.rules.RulesConfig;
import dev.vigil.pipeline.rules.SensorMemory;
import dev.vigil.pipeline.rules.SensorRules;
import dev.vigil.pipeline.rules.SensorState;
import dev.vigil.wire.Alarm;
import dev.vigil.wire.Reading;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Vigil's rules 1-3 as a plain Flink keyed function: the sensor's {@link SensorMemory} in one {@link ValueState}, the
 * pipeline's own {@link SensorRules#onReading} on each reading. It does what the pipeline's timer-free rules step
 * ({@code SensorRulesFn} / {@code RuleStep}) does per reading, no more, no less: one state read, the rules, the alarms
 * out, the sensor's state (rule 5) out as a side output, and a state write (or a clear when the memory holds nothing
 * worth keeping).
 */
public final class SensorRulesFunction extends KeyedProcessFunction<String, Reading, Alarm> {
  private static final long serialVersionUID = 1L;

  /** Rule 5's output. The benchmark does not consume it, as Beam's side does not: it is built, as there. */
  public static final OutputTag<SensorState> STATES = new OutputTag<>("states", VigilTypes.SENSOR_STATE);

  private final SensorRules rules;
  private transient ValueState<SensorMemory> memoryState;

  public SensorRulesFunction(RulesConfig config) {
    this.rules = new SensorRules(config);
  }

  @Override
  public void open(OpenContext context) {
    memoryState = getRuntimeContext().getState(new ValueStateDescriptor<>("memory", VigilTypes.SENSOR_MEMORY));
  }

  @Override
  public void processElement(Reading reading, Context context, Collector<Alarm> out) throws Exception {
    SensorMemory stored = memoryState.value();
    SensorMemory memory = stored == null ? new SensorMemory() : stored;
    for (Alarm alarm : rules.onReading(memory, reading)) {
      out.collect(alarm);
    }
    context.output(STATES, new SensorState(reading, memory.activeAlarms(), memory.smokeStreak().size(),
        memory.temperatureStreak().size(), null, null));
    // As in the pipeline: a memory with no active alarm and no streak is the same as none, so drop it.
    if (memory.isForgettable()) {
      memoryState.clear();
    } else {
      memoryState.update(memory);
    }
  }
}
