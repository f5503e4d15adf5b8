package dev.vigil.pipeline.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.wire.Alarm;
import dev.vigil.wire.AlarmStatus;
import dev.vigil.wire.AlarmType;
import dev.vigil.wire.Reading;
import dev.vigil.wire.Recovery;
import java.util.ArrayList;
import java.util.List;
import org.joda.time.Duration;
import org.junit.jupiter.api.Test;

/** Rules 1-4 on their own, no Beam: one sensor's events in arrival order, the alarm events they cause. */
class SensorRulesTest {
  private static final long T0 = 1_795_334_400_000L;
  private static final long MINUTE = 60_000;

  private final SensorRules rules = new SensorRules(RulesConfig.withoutTimers());
  private final SensorMemory memory = new SensorMemory();
  private long clock = T0;

  private Reading normal() {
    return reading(false, false, 20);
  }

  private Reading smoke() {
    return reading(false, true, 20);
  }

  private Reading hot() {
    return reading(false, false, 31);
  }

  private Reading reading(boolean motion, boolean smoke, double temperature) {
    clock += 30_000;
    return new Reading("s1", motion, smoke, temperature, 30, clock);
  }

  private List<Alarm> feed(Reading... readings) {
    List<Alarm> out = new ArrayList<>();
    for (Reading r : readings) {
      out.addAll(rules.onReading(memory, r));
    }
    return out;
  }

  private List<Alarm> recover() {
    clock += 1_000;
    return rules.onRecovery(memory, new Recovery("s1", clock));
  }

  @Test
  void motionRaisesAtOnceWithTheReadingAsTrigger() {
    Reading moving = reading(true, false, 20);
    List<Alarm> alarms = feed(moving);
    assertThat(alarms).containsExactly(
        new Alarm("s1/MOTION/t" + moving.timestamp(), "s1", AlarmType.MOTION, AlarmStatus.RAISED, moving.timestamp(), List.of(moving), null));
  }

  @Test
  void thirdConsecutiveSmokeRaisesSmokeWithAllThreeReadings() {
    Reading a = smoke();
    Reading b = smoke();
    assertThat(feed(a, b)).isEmpty();
    Reading c = smoke();
    assertThat(feed(c)).containsExactly(
        new Alarm("s1/SMOKE/t" + c.timestamp(), "s1", AlarmType.SMOKE, AlarmStatus.RAISED, c.timestamp(), List.of(a, b, c), null));
  }

  @Test
  void thirdConsecutiveOverTemperatureRaisesTemperature() {
    assertThat(feed(hot(), hot())).isEmpty();
    assertThat(feed(hot())).extracting(Alarm::type).containsExactly(AlarmType.TEMPERATURE);
  }

  @Test
  void equalTemperatureIsNotAbnormalAndBreaksTheRun() {
    assertThat(feed(hot(), hot(), reading(false, false, 30), hot(), hot())).isEmpty();
    assertThat(feed(reading(false, false, 30), reading(false, false, 30), reading(false, false, 30))).isEmpty();
  }

  @Test
  void smokeAndTemperatureAreCountedSeparatelyWhenInterleaved() {
    // smoke, hot, smoke, hot, smoke: each reading is abnormal for one type and NORMAL for the other, so neither
    // type ever gets two in a row.
    assertThat(feed(smoke(), hot(), smoke(), hot(), smoke(), hot())).isEmpty();
    feed(normal());
    // Both at once in every reading: both streaks grow together and both alarms rise on the third.
    Reading both1 = reading(false, true, 35);
    Reading both2 = reading(false, true, 35);
    Reading both3 = reading(false, true, 35);
    assertThat(feed(both1, both2)).isEmpty();
    assertThat(feed(both3)).extracting(Alarm::type).containsExactly(AlarmType.SMOKE, AlarmType.TEMPERATURE);
  }

  @Test
  void aNormalReadingBetweenAbnormalOnesResetsTheCount() {
    assertThat(feed(smoke(), smoke(), normal(), smoke(), smoke())).isEmpty();
    assertThat(feed(smoke())).extracting(Alarm::type).containsExactly(AlarmType.SMOKE);
  }

  @Test
  void repeatedAbnormalReadingsWhileActiveDoNotRaiseAgain() {
    assertThat(feed(smoke(), smoke(), smoke())).hasSize(1);
    assertThat(feed(smoke(), smoke(), smoke(), smoke(), smoke(), smoke())).isEmpty();
    assertThat(feed(reading(true, false, 20))).extracting(Alarm::type).containsExactly(AlarmType.MOTION);
    assertThat(feed(reading(true, false, 20), reading(true, true, 20))).isEmpty();
  }

  @Test
  void aRedeliveredCopyOfAReadingDoesNotCountTwice() {
    Reading first = smoke();
    Reading second = smoke();
    assertThat(feed(first, first, second, second)).as("two distinct readings, each delivered twice").isEmpty();
    Reading third = smoke();
    assertThat(feed(third)).extracting(Alarm::type, Alarm::trigger)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(AlarmType.SMOKE, List.of(first, second, third)));
  }

  @Test
  void twoReadingsThatDifferOnlyInTimeAreTwoReadings() {
    assertThat(feed(smoke(), smoke(), smoke())).extracting(Alarm::type).containsExactly(AlarmType.SMOKE);
  }

  @Test
  void recoveryClearsEveryActiveAlarmOnceEach() {
    feed(reading(true, true, 35), reading(false, true, 35), reading(false, true, 35));
    assertThat(memory.activeAlarms()).containsExactlyInAnyOrder(AlarmType.MOTION, AlarmType.SMOKE,
        AlarmType.TEMPERATURE);
    List<Alarm> cleared = recover();
    assertThat(cleared).extracting(Alarm::type)
        .containsExactly(AlarmType.MOTION, AlarmType.SMOKE, AlarmType.TEMPERATURE);
    assertThat(cleared).allSatisfy(a -> {
      assertThat(a.status()).isEqualTo(AlarmStatus.CLEARED);
      assertThat(a.timestamp()).isEqualTo(clock);
      assertThat(a.trigger()).isEmpty();
    });
    assertThat(recover()).as("nothing left to clear").isEmpty();
  }

  @Test
  void recoveryResetsCountsAndThenANewAlarmNeedsAFreshRun() {
    assertThat(feed(smoke(), smoke(), smoke())).hasSize(1);
    recover();
    assertThat(feed(smoke(), smoke())).as("a recovery resets the count").isEmpty();
    assertThat(feed(smoke())).extracting(Alarm::type, Alarm::status)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(AlarmType.SMOKE, AlarmStatus.RAISED));

    // A recovery in the middle of a run (no alarm active) also resets it.
    feed(hot(), hot());
    recover();
    assertThat(feed(hot(), hot())).isEmpty();
  }

  @Test
  void aCountLapsesAfterTheSilence() {
    feed(smoke(), smoke());
    clock += 10 * MINUTE + 1; // the third arrives more than 10 minutes after the second
    assertThat(feed(smoke())).as("lapsed: this is the first of a new run").isEmpty();
    assertThat(feed(smoke())).isEmpty();
    assertThat(feed(smoke())).extracting(Alarm::type).containsExactly(AlarmType.SMOKE);
  }

  @Test
  void aGapOfExactlyTheLapseStillCounts() {
    Reading a = smoke();
    Reading b = new Reading("s1", false, true, 20, 30, a.timestamp() + 10 * MINUTE);
    Reading c = new Reading("s1", false, true, 20, 30, b.timestamp() + 10 * MINUTE);
    assertThat(feed(a, b, c)).extracting(Alarm::type).containsExactly(AlarmType.SMOKE);
  }

  @Test
  void theLapseIsConfigurable() {
    SensorRules strict = new SensorRules(RulesConfig.withoutTimers().withCountLapse(Duration.standardSeconds(45)));
    SensorMemory m = new SensorMemory();
    strict.onReading(m, new Reading("s1", false, true, 0, 30, T0));
    strict.onReading(m, new Reading("s1", false, true, 0, 30, T0 + 40_000));
    strict.onReading(m, new Reading("s1", false, true, 0, 30, T0 + 90_000)); // 50 s after the previous: lapsed
    assertThat(m.smokeStreak()).hasSize(1);
  }

  @Test
  void outOfOrderReadingsCountInArrivalOrder() {
    Reading late = new Reading("s1", false, true, 20, 30, T0 - 5 * MINUTE); // older than everything before it
    List<Alarm> alarms = feed(smoke(), smoke(), late);
    assertThat(alarms).singleElement().satisfies(a -> {
      assertThat(a.type()).isEqualTo(AlarmType.SMOKE);
      assertThat(a.trigger()).last().isEqualTo(late);
      assertThat(a.timestamp()).isEqualTo(late.timestamp());
    });
  }

  /** Feeds one reading at {@code second} seconds after T0 and says whether its state went out. */
  private static boolean stateOut(SensorRules throttled, SensorMemory sensor, long second, boolean smoke) {
    Reading reading = new Reading("s1", false, smoke, 20, 30, T0 + second * 1000);
    throttled.onReading(sensor, reading);
    return throttled.takeStateTurn(sensor, reading.timestamp());
  }

  @Test
  void aStateGoesOutOncePerIntervalOfEventTimeAndWheneverTheAlarmsChange() {
    SensorRules throttled = new SensorRules(RulesConfig.withoutTimers().withStateInterval(Duration.standardSeconds(5))
        .withCountLapse(Duration.standardMinutes(10)));
    SensorMemory sensor = new SensorMemory();
    assertThat(stateOut(throttled, sensor, 0, false)).as("the first").isTrue();
    assertThat(stateOut(throttled, sensor, 1, false)).as("within 5 s").isFalse();
    assertThat(stateOut(throttled, sensor, 2, true)).as("a streak of 1 changes no alarm").isFalse();
    assertThat(stateOut(throttled, sensor, 3, true)).isFalse();
    assertThat(stateOut(throttled, sensor, 4, true)).as("the third smoke raises SMOKE").isTrue();
    assertThat(stateOut(throttled, sensor, 3, true)).as("late, alarms unchanged").isFalse();
    assertThat(stateOut(throttled, sensor, 9, true)).as("5 s after the last one out").isTrue();
    throttled.onRecovery(sensor, new Recovery("s1", T0 + 9_500));
    assertThat(stateOut(throttled, sensor, 10, false)).as("cleared: the alarms changed").isTrue();
    assertThat(sensor.isForgettable()).as("it must remember when its last state went out").isFalse();
  }

  @Test
  void unthrottledEveryReadingsStateGoesOutAndNothingIsRemembered() {
    for (int second = 0; second < 3; second++) {
      assertThat(stateOut(rules, memory, second, false)).isTrue();
    }
    assertThat(memory.isForgettable()).isTrue();
  }

  @Test
  void aNormalSensorLeavesNothingToRemember() {
    feed(normal(), normal(), smoke());
    assertThat(memory.isForgettable()).isFalse();
    feed(normal());
    assertThat(memory.isForgettable()).isTrue();
  }

  @Test
  void silenceRaisesOfflineOnceAndTheNextReadingClearsIt() {
    assertThat(rules.onSilence(memory, "s1", T0)).extracting(Alarm::type, Alarm::status)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(AlarmType.OFFLINE, AlarmStatus.RAISED));
    assertThat(rules.onSilence(memory, "s1", T0 + 1)).isEmpty();
    assertThat(feed(normal())).extracting(Alarm::type, Alarm::status)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(AlarmType.OFFLINE, AlarmStatus.CLEARED));
  }

  @Test
  void anAlarmIsNamedAfterTheLogPositionThatRaisedItAndItsClearCarriesTheSameId() {
    rules.onReading(memory, smoke(), "2-100");
    rules.onReading(memory, smoke(), "2-101");
    List<Alarm> raised = rules.onReading(memory, smoke(), "2-105");
    List<Alarm> moved = rules.onReading(memory, reading(true, false, 20), "2-106-1");
    List<Alarm> cleared = recover();
    assertThat(raised).extracting(Alarm::id).containsExactly("s1/SMOKE/2-105");
    assertThat(moved).extracting(Alarm::id).containsExactly("s1/MOTION/2-106-1");
    assertThat(cleared).extracting(Alarm::id).containsExactly("s1/MOTION/2-106-1", "s1/SMOKE/2-105");
    assertThat(cleared).allSatisfy(a -> assertThat(a.status()).isEqualTo(AlarmStatus.CLEARED));
    assertThat(memory.active()).isEmpty();
  }

  @Test
  void anAlarmRestoredFromAStateWithoutIdsClearsWithTheV1Id() {
    SensorMemory restored = new SensorMemory(java.util.Map.of(AlarmType.TEMPERATURE, "v1"), List.of(), List.of(),
        T0, Long.MIN_VALUE, 0);
    assertThat(rules.onRecovery(restored, new Recovery("s1", T0 + 1)))
        .extracting(Alarm::id).containsExactly("s1/TEMPERATURE/v1");
  }

  @Test
  void offlineIsNamedAfterTheEventTimeItWasDecidedAt() {
    assertThat(rules.onSilence(memory, "s1", T0 + 30 * MINUTE)).extracting(Alarm::id)
        .containsExactly("s1/OFFLINE/t" + (T0 + 30 * MINUTE));
    assertThat(rules.onReading(memory, normal(), "0-9")).extracting(Alarm::id, Alarm::status)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("s1/OFFLINE/t" + (T0 + 30 * MINUTE),
            AlarmStatus.CLEARED));
  }
}
