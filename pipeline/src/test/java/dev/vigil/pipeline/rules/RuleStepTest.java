package dev.vigil.pipeline.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.wire.Reading;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn.MultiOutputReceiver;
import org.apache.beam.sdk.transforms.DoFn.OutputReceiver;
import org.apache.beam.sdk.values.TupleTag;
import org.joda.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The rules never change the object they read from state: a heap state backend keeps that very instance while an
 * asynchronous checkpoint serializes it (with --fasterCopy the coder's copy() is the identity), so an in-place change
 * raced the snapshot and failed checkpoints on Flink.
 */
class RuleStepTest {
  private static final long T0 = 1_795_334_400_000L;

  /** A value state as the heap backend behaves with --fasterCopy: read() hands out the stored instance. */
  private static final class HeapLikeState implements ValueState<SensorMemory> {
    SensorMemory stored;

    @Override
    public void write(SensorMemory value) {
      stored = value;
    }

    @Override
    public SensorMemory read() {
      return stored;
    }

    @Override
    public ValueState<SensorMemory> readLater() {
      return this;
    }

    @Override
    public void clear() {
      stored = null;
    }
  }

  /** Outputs go nowhere: a proxy, since the receivers' interfaces are the runner's to implement. */
  private static MultiOutputReceiver discarding() {
    OutputReceiver<?> nowhere = (OutputReceiver<?>) Proxy.newProxyInstance(RuleStepTest.class.getClassLoader(),
        new Class<?>[] {OutputReceiver.class}, (proxy, method, args) -> null);
    return (MultiOutputReceiver) Proxy.newProxyInstance(RuleStepTest.class.getClassLoader(),
        new Class<?>[] {MultiOutputReceiver.class}, (proxy, method, args) -> nowhere);
  }

  @Test
  void theStoredMemoryIsNeverChangedInPlace() {
    SensorRules rules = new SensorRules(RulesConfig.withoutTimers().withStateInterval(Duration.standardSeconds(5)));
    HeapLikeState state = new HeapLikeState();
    List<SensorMemory> seen = new ArrayList<>();
    List<SensorMemory> asStored = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      Reading smoke = new Reading("s1", false, true, 20, 30, T0 + i * 1_000L);
      RuleStep.apply(rules, SensorEvent.of(smoke), state, discarding(), false);
      seen.add(state.stored);
      asStored.add(state.stored.copy());
    }
    for (int i = 0; i < seen.size(); i++) {
      assertThat(seen.get(i)).as("memory stored after reading %d, later", i).isEqualTo(asStored.get(i));
    }
    assertThat(seen.get(0).smokeStreak()).hasSize(1);
    assertThat(seen.get(2).isActive(dev.vigil.wire.AlarmType.SMOKE)).isTrue();
  }
}
