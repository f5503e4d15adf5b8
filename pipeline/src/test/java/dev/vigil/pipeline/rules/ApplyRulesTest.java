package dev.vigil.pipeline.rules;

import static org.junit.Assert.assertEquals;

import dev.vigil.pipeline.coders.SensorEventCoder;
import dev.vigil.wire.Alarm;
import dev.vigil.wire.AlarmStatus;
import dev.vigil.wire.AlarmType;
import dev.vigil.wire.Reading;
import dev.vigil.wire.Recovery;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The rules inside Beam, on the DirectRunner. Events are fed through TestStream, one batch per step, so that the
 * arrival order per sensor is the order written here.
 */
@RunWith(JUnit4.class)
public class ApplyRulesTest {
  private static final long T0 = 1_795_334_400_000L;

  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  private static Reading reading(String id, int second, boolean motion, boolean smoke, double temperature) {
    return new Reading(id, motion, smoke, temperature, 30, T0 + second * 1_000L);
  }

  private static TimestampedValue<SensorEvent> at(Reading r) {
    return TimestampedValue.of(SensorEvent.of(r), new Instant(r.timestamp()));
  }

  private static TimestampedValue<SensorEvent> at(Recovery r) {
    return TimestampedValue.of(SensorEvent.of(r), new Instant(r.timestamp()));
  }

  /** One addElements per event: TestStream hands each batch over before the next, fixing the arrival order. */
  private static TestStream<SensorEvent> inOrder(List<TimestampedValue<SensorEvent>> events) {
    TestStream.Builder<SensorEvent> stream = TestStream.create(SensorEventCoder.of());
    for (TimestampedValue<SensorEvent> event : events) {
      stream = stream.addElements(event);
    }
    return stream.advanceWatermarkToInfinity();
  }

  private static String describe(Alarm a) {
    return a.sensorId() + " " + a.type() + " " + a.status() + " @" + (a.timestamp() - T0) / 1000;
  }

  @Test
  public void interleavedSensorsAndTypesRecoveryThenNewAlarm() {
    Reading a1 = reading("a", 1, false, true, 20);
    Reading b1 = reading("b", 1, true, false, 31);
    Reading a2 = reading("a", 2, false, true, 31);
    Reading b2 = reading("b", 2, false, false, 31);
    Reading a3 = reading("a", 3, false, true, 31);
    Reading b3 = reading("b", 3, false, false, 31);
    Reading a4 = reading("a", 4, false, true, 35);  // TEMPERATURE: third hot one in a row
    Recovery ra = new Recovery("a", T0 + 5_000);
    Reading a6 = reading("a", 6, false, true, 20);
    Reading a7 = reading("a", 7, false, true, 20);
    Reading a8 = reading("a", 8, false, true, 20);

    List<TimestampedValue<SensorEvent>> events = List.of(at(a1), at(b1), at(a2), at(b2), at(a3), at(b3), at(a4),
        at(ra), at(a6), at(a7), at(a8));
    PCollectionTuple out = pipeline.apply(inOrder(events)).apply(ApplyRules.with(RulesConfig.withoutTimers()));

    PAssert.that(out.get(ApplyRules.ALARMS).apply(MapElements.into(TypeDescriptor.of(String.class))
            .via(ApplyRulesTest::describe)))
        .containsInAnyOrder(
            "b MOTION RAISED @1",
            "a SMOKE RAISED @3",
            "b TEMPERATURE RAISED @3",
            "a TEMPERATURE RAISED @4",
            "a SMOKE CLEARED @5",
            "a TEMPERATURE CLEARED @5",
            "a SMOKE RAISED @8");
    PAssert.that(out.get(ApplyRules.ALARMS)).satisfies(alarms -> {
      for (Alarm alarm : alarms) {
        if (alarm.sensorId().equals("a") && alarm.type() == AlarmType.SMOKE && alarm.status() == AlarmStatus.RAISED
            && alarm.timestamp() == a8.timestamp()) {
          assertEquals("the new alarm is triggered by the three readings after the recovery",
              List.of(a6, a7, a8), alarm.trigger());
        }
      }
      return null;
    });
    // Rule 5: one state per reading (11 events, 1 recovery), the last of sensor a showing SMOKE active again.
    PAssert.that(out.get(ApplyRules.STATES)).satisfies(states -> {
      List<SensorState> all = new ArrayList<>();
      states.forEach(all::add);
      assertEquals(10, all.size());
      SensorState last = all.stream().filter(s -> s.latest().equals(a8)).findFirst().orElseThrow();
      assertEquals(Set.of(AlarmType.SMOKE), last.activeAlarms());
      SensorState afterTwo = all.stream().filter(s -> s.latest().equals(a7)).findFirst().orElseThrow();
      assertEquals(2, afterTwo.smokeStreak());
      return null;
    });
    pipeline.run();
  }

  @Test
  public void aCountLapsesAfterTheSilenceAndLateReadingsCountInArrivalOrder() {
    Reading s1 = reading("c", 0, false, true, 20);
    Reading s2 = reading("c", 60, false, true, 20);
    Reading s3 = reading("c", 60 + 601, false, true, 20); // 10 min 1 s after s2: the run starts again here
    Reading s4 = reading("c", 60 + 620, false, true, 20);
    Reading late = reading("c", 30, false, true, 20);      // arrives last, event time long ago: still the third
    PCollectionTuple out = pipeline.apply(inOrder(List.of(at(s1), at(s2), at(s3), at(s4), at(late))))
        .apply(ApplyRules.with(RulesConfig.withoutTimers()));
    PAssert.that(out.get(ApplyRules.ALARMS)).containsInAnyOrder(
        new Alarm("c/SMOKE/t" + late.timestamp(), "c", AlarmType.SMOKE, AlarmStatus.RAISED, late.timestamp(), List.of(s3, s4, late), null));
    pipeline.run();
  }

  @Test
  public void offlineIsRaisedByAnEventTimeTimerAndClearedByTheNextReading() {
    RulesConfig config = RulesConfig.withoutTimers().withOfflineAfter(Duration.standardMinutes(30));
    Reading first = reading("d", 0, false, false, 20);
    Reading back = reading("d", 45 * 60, false, false, 20);
    TestStream<SensorEvent> stream = TestStream.create(SensorEventCoder.of())
        .addElements(at(first))
        .advanceWatermarkTo(new Instant(first.timestamp()).plus(Duration.standardMinutes(29)))
        .advanceWatermarkTo(new Instant(first.timestamp()).plus(Duration.standardMinutes(31)))
        .addElements(at(back))
        .advanceWatermarkTo(new Instant(back.timestamp()).plus(Duration.standardMinutes(10)))
        .advanceWatermarkToInfinity();
    PCollection<Alarm> alarms = pipeline.apply(stream).apply(ApplyRules.with(config)).get(ApplyRules.ALARMS);
    PAssert.that(alarms).containsInAnyOrder(
        new Alarm("d/OFFLINE/t" + (first.timestamp() + 30 * 60_000), "d", AlarmType.OFFLINE, AlarmStatus.RAISED,
            first.timestamp() + 30 * 60_000, List.of(), null),
        new Alarm("d/OFFLINE/t" + (first.timestamp() + 30 * 60_000), "d", AlarmType.OFFLINE, AlarmStatus.CLEARED,
            back.timestamp(), List.of(), null),
        // the end of the test stream is the end of time: the sensor is silent again after its last reading
        new Alarm("d/OFFLINE/t" + (back.timestamp() + 30 * 60_000), "d", AlarmType.OFFLINE, AlarmStatus.RAISED,
            back.timestamp() + 30 * 60_000, List.of(), null));
    pipeline.run();
  }

  /** The alarms of rules 1-4 must not depend on timers: the same input with and without them, same alarms. */
  @Test
  public void timersDoNotChangeTheAlarmsOfRulesOneToFour() {
    List<TimestampedValue<SensorEvent>> events = new ArrayList<>();
    java.util.Random random = new java.util.Random(7);
    for (int i = 0; i < 60; i++) {
      String id = "t" + random.nextInt(4);
      if (random.nextInt(12) == 0) {
        events.add(at(new Recovery(id, T0 + i * 20_000L)));
      } else {
        events.add(at(new Reading(id, random.nextInt(15) == 0, random.nextBoolean(), 25 + random.nextInt(10), 30,
            T0 + i * 20_000L + (random.nextInt(10) == 0 ? 15 * 60_000 : 0))));
      }
    }
    // What the rules say, applied in order without Beam: the expected alarms of both variants.
    SensorRules rules = new SensorRules(RulesConfig.withoutTimers());
    java.util.Map<String, SensorMemory> memories = new java.util.HashMap<>();
    List<String> expected = new ArrayList<>();
    for (TimestampedValue<SensorEvent> event : events) {
      SensorEvent e = event.getValue();
      SensorMemory memory = memories.computeIfAbsent(e.sensorId(), k -> new SensorMemory());
      (e.isReading() ? rules.onReading(memory, e.reading()) : rules.onRecovery(memory, e.recovery()))
          .forEach(a -> expected.add(describe(a)));
    }
    org.assertj.core.api.Assertions.assertThat(expected).hasSizeGreaterThan(5);

    PCollection<SensorEvent> input = pipeline.apply(inOrder(events));
    PCollection<String> withTimers = input
        .apply("WithTimers", ApplyRules.with(RulesConfig.withoutTimers().withOfflineAfter(Duration.standardMinutes(5))))
        .get(ApplyRules.ALARMS)
        .apply("DescribeWithTimers", MapElements.into(TypeDescriptor.of(String.class)).via(ApplyRulesTest::describe))
        .apply("DropOffline", org.apache.beam.sdk.transforms.Filter.by(s -> !s.contains("OFFLINE")));
    PCollection<String> withoutTimers = input
        .apply("WithoutTimers", ApplyRules.with(RulesConfig.withoutTimers()))
        .get(ApplyRules.ALARMS)
        .apply("DescribeWithout", MapElements.into(TypeDescriptor.of(String.class)).via(ApplyRulesTest::describe));
    PAssert.that(withTimers).containsInAnyOrder(expected);
    PAssert.that(withoutTimers).containsInAnyOrder(expected);
    pipeline.run();
  }
}
