package dev.vigil.pipeline.rules;

import dev.vigil.wire.Alarm;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;

/**
 * Rules 1-4 per sensor with ValueState and NO timer declared. Spark's streaming runner rejects a DoFn that merely
 * declares an event-time timer, so the timer-free variant is a class of its own rather than a flag.
 */
public class SensorRulesFn extends DoFn<KV<String, SensorEvent>, Alarm> {
  private static final long serialVersionUID = 1L;

  @StateId("memory")
  private final StateSpec<ValueState<SensorMemory>> memorySpec = StateSpecs.value();

  private final SensorRules rules;

  public SensorRulesFn(RulesConfig config) {
    this.rules = new SensorRules(config);
  }

  @ProcessElement
  public void processElement(
      @Element KV<String, SensorEvent> event,
      @StateId("memory") ValueState<SensorMemory> memory,
      MultiOutputReceiver out) {
    RuleStep.apply(rules, event.getValue(), memory, out, false);
  }
}
