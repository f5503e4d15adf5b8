package dev.vigil.pipeline.count;

import dev.vigil.pipeline.coders.SensorEventCoder;
import dev.vigil.pipeline.rules.ApplyRules;
import dev.vigil.pipeline.rules.RulesConfig;
import dev.vigil.pipeline.rules.SensorEvent;
import dev.vigil.wire.Alarm;
import dev.vigil.wire.AlarmStatus;
import dev.vigil.wire.AlarmType;
import dev.vigil.wire.Reading;
import java.util.List;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** Readings through the rules into one-minute counts, with out-of-order, late and too-late readings. */
@RunWith(JUnit4.class)
public class CountAlarmsTest {
  /** A minute boundary, so that windows are [T0, T0+1m), [T0+1m, T0+2m). */
  private static final long T0 = 1_795_334_400_000L;

  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  private static TimestampedValue<SensorEvent> reading(String id, int second, boolean motion, boolean smoke) {
    Reading r = new Reading(id, motion, smoke, 20, 30, T0 + second * 1_000L);
    return TimestampedValue.of(SensorEvent.of(r), new Instant(r.timestamp()));
  }

  @Test
  public void countsPerTypeAndWindowWithLateAndOutOfOrderReadings() {
    TestStream<SensorEvent> readings = TestStream.create(SensorEventCoder.of())
        .addElements(reading("m1", 10, true, false))
        .addElements(reading("s1", 20, false, true))
        .addElements(reading("s1", 40, false, true))
        .addElements(reading("m2", 65, true, false))
        .addElements(reading("s1", 70, false, true))      // third smoke: SMOKE in the second window
        .addElements(reading("m3", 50, true, false))      // out of order, before the watermark: on time
        .advanceWatermarkTo(new Instant(T0 + 120_000))    // both windows fire on time
        .addElements(reading("m4", 30, true, false))      // late, within the 10-minute lateness
        .advanceWatermarkTo(new Instant(T0 + 20 * 60_000)) // the first window is now expired
        .addElements(reading("m5", 40, true, false))      // too late to be counted, still an alarm
        .advanceWatermarkToInfinity();

    PCollection<Alarm> alarms = pipeline.apply(readings)
        .apply(ApplyRules.with(RulesConfig.withoutTimers()))
        .get(ApplyRules.ALARMS);
    PCollection<AlarmCount> counts =
        alarms.apply(CountAlarms.perWindow(Duration.standardMinutes(1), Duration.standardMinutes(10)));

    IntervalWindow first = new IntervalWindow(new Instant(T0), Duration.standardMinutes(1));
    IntervalWindow second = new IntervalWindow(new Instant(T0 + 60_000), Duration.standardMinutes(1));
    PAssert.that(counts).inOnTimePane(first).containsInAnyOrder(
        new AlarmCount(AlarmType.MOTION, T0, T0 + 60_000, 2));
    PAssert.that(counts).inOnTimePane(second).containsInAnyOrder(
        new AlarmCount(AlarmType.MOTION, T0 + 60_000, T0 + 120_000, 1),
        new AlarmCount(AlarmType.SMOKE, T0 + 60_000, T0 + 120_000, 1));
    // Accumulating: the late pane carries the whole count; m5 came after expiry and is in no pane.
    PAssert.that(counts).inLatePane(first).containsInAnyOrder(
        new AlarmCount(AlarmType.MOTION, T0, T0 + 60_000, 3));
    PAssert.that(counts).inLatePane(second).empty();
    PAssert.that(alarms).satisfies(all -> {
      boolean m5Raised = false;
      for (Alarm a : all) {
        m5Raised |= a.sensorId().equals("m5") && a.type() == AlarmType.MOTION && a.status() == AlarmStatus.RAISED;
      }
      org.junit.Assert.assertTrue("a too-late reading still raises its alarm", m5Raised);
      return null;
    });
    pipeline.run();
  }

  @Test
  public void clearedEventsAreNotCounted() {
    Alarm raised = new Alarm("x/SMOKE/0-1", "x", AlarmType.SMOKE, AlarmStatus.RAISED, T0 + 1_000, List.of(), null);
    Alarm cleared = new Alarm("x/SMOKE/0-1", "x", AlarmType.SMOKE, AlarmStatus.CLEARED, T0 + 2_000, List.of(), null);
    PCollection<AlarmCount> counts = pipeline
        .apply(org.apache.beam.sdk.transforms.Create.timestamped(
            TimestampedValue.of(raised, new Instant(raised.timestamp())),
            TimestampedValue.of(cleared, new Instant(cleared.timestamp()))))
        .apply(CountAlarms.perWindow(Duration.standardMinutes(1), Duration.ZERO));
    PAssert.that(counts).containsInAnyOrder(new AlarmCount(AlarmType.SMOKE, T0, T0 + 60_000, 1));
    pipeline.run();
  }

  @Test
  public void aReplayedAlarmCountsOnce() {
    Alarm raised = new Alarm("y/MOTION/2-7", "y", AlarmType.MOTION, AlarmStatus.RAISED, T0 + 1_000, List.of(), null);
    Alarm other = new Alarm("z/MOTION/3-9", "z", AlarmType.MOTION, AlarmStatus.RAISED, T0 + 3_000, List.of(), null);
    PCollection<AlarmCount> counts = pipeline
        .apply(org.apache.beam.sdk.transforms.Create.timestamped(
            TimestampedValue.of(raised, new Instant(raised.timestamp())),
            TimestampedValue.of(raised, new Instant(raised.timestamp())), // the same event again: a replay
            TimestampedValue.of(other, new Instant(other.timestamp()))))
        .apply(CountAlarms.perWindow(Duration.standardMinutes(1), Duration.ZERO));
    PAssert.that(counts).containsInAnyOrder(new AlarmCount(AlarmType.MOTION, T0, T0 + 60_000, 2));
    pipeline.run();
  }
}
