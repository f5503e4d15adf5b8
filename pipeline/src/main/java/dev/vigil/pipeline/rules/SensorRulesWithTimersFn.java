package dev.vigil.pipeline.rules;

import dev.vigil.wire.Alarm;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.state.Timer;
import org.apache.beam.sdk.state.TimerSpec;
import org.apache.beam.sdk.state.TimerSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.joda.time.Instant;

/**
 * Rules 1-4 exactly as {@link SensorRulesFn}, plus rule 6: an event-time timer per sensor, pushed forward by every
 * reading, raises OFFLINE when the watermark passes the sensor's newest reading + the silence. Event time (not
 * processing time) so that a replay or a backlog does not flag every sensor at once, and so tests can drive it.
 * Alarms of rules 1-4 never come from this timer.
 */
public class SensorRulesWithTimersFn extends DoFn<KV<String, SensorEvent>, Alarm> {
  private static final long serialVersionUID = 1L;

  @StateId("memory")
  private final StateSpec<ValueState<SensorMemory>> memorySpec = StateSpecs.value();

  @TimerId("offline")
  private final TimerSpec offlineSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

  private final SensorRules rules;
  private final long offlineAfterMillis;

  public SensorRulesWithTimersFn(RulesConfig config) {
    if (!config.offlineEnabled()) {
      throw new IllegalArgumentException("use SensorRulesFn when OFFLINE is off: " + config);
    }
    this.rules = new SensorRules(config);
    this.offlineAfterMillis = config.offlineAfter().getMillis();
  }

  @ProcessElement
  public void processElement(
      @Element KV<String, SensorEvent> event,
      @StateId("memory") ValueState<SensorMemory> memory,
      @TimerId("offline") Timer offline,
      MultiOutputReceiver out) {
    SensorMemory updated = RuleStep.apply(rules, event.getValue(), memory, out, true);
    if (event.getValue().isReading()) {
      // From the newest reading, not this one: a late reading must not pull the deadline back.
      offline.set(new Instant(updated.newestReadingTime() + offlineAfterMillis));
    }
  }

  @OnTimer("offline")
  public void onOffline(
      OnTimerContext context,
      @Key String sensorId,
      @StateId("memory") ValueState<SensorMemory> memory,
      MultiOutputReceiver out) {
    SensorMemory stored = memory.read();
    SensorMemory current = stored == null ? new SensorMemory() : stored.copy(); // never change a stored instance
    RuleStep.emit(rules.onSilence(current, sensorId, context.fireTimestamp().getMillis()), out);
    memory.write(current);
  }
}
