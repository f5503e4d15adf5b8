package dev.vigil.pipeline.rules;

import dev.vigil.wire.Alarm;
import java.util.List;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn.MultiOutputReceiver;

/** The body both rule DoFns share: read the sensor's memory, apply the event, emit, write the memory back. */
final class RuleStep {
  private RuleStep() {}

  static SensorMemory apply(SensorRules rules, SensorEvent event, ValueState<SensorMemory> state,
      MultiOutputReceiver out, boolean keepForgettableMemory) {
    SensorMemory stored = state.read();
    // A copy, never the stored object: on Flink's heap state backend (and with --fasterCopy, which makes the coder's
    // copy() return its argument) the state map holds that very instance while an asynchronous checkpoint serializes
    // it, so changing it in place raced the snapshot (ConcurrentModificationException, failed checkpoint, restart).
    SensorMemory memory = stored == null ? new SensorMemory() : stored.copy();
    if (event.isReading()) {
      emit(rules.onReading(memory, event.reading(), event.position()), out);
      if (rules.takeStateTurn(memory, event.reading().timestamp())) {
        out.get(ApplyRules.STATES).output(new SensorState(event.reading(), memory.activeAlarms(),
            memory.smokeStreak().size(), memory.temperatureStreak().size(), null, null));
      }
    } else {
      emit(rules.onRecovery(memory, event.recovery()), out);
    }
    // State clean-up without timers: a memory with no active alarm, no streak and no throttled state is
    // indistinguishable from a fresh one, so drop it at once (most sensors are normal most of the time; with states
    // throttled every sensor keeps a few bytes). OFFLINE detection needs the newest event time of every sensor, so it
    // keeps them.
    if (memory.isForgettable() && !keepForgettableMemory) {
      state.clear();
    } else {
      state.write(memory);
    }
    return memory;
  }

  static void emit(List<Alarm> alarms, MultiOutputReceiver out) {
    for (Alarm alarm : alarms) {
      out.get(ApplyRules.ALARMS).output(alarm);
    }
  }
}
