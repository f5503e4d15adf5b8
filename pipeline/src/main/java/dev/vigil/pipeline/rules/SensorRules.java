package dev.vigil.pipeline.rules;

import dev.vigil.wire.Alarm;
import dev.vigil.wire.AlarmIds;
import dev.vigil.wire.AlarmStatus;
import dev.vigil.wire.AlarmType;
import dev.vigil.wire.Reading;
import dev.vigil.wire.Recovery;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Rules 1-4 as plain Java over one sensor's {@link SensorMemory}: no Beam, no clock, no timers. Each method takes
 * the next event in arrival order and returns the alarm events it causes, in a fixed order (MOTION, SMOKE,
 * TEMPERATURE), so that every runner produces the same alarms from the same arrival order.
 *
 * <p>Every alarm has an id ({@link AlarmIds}) made from the sensor, the type and the log position of the message that
 * raised it; the memory keeps that position while the alarm is active, so the CLEARED event carries the same id.
 *
 * <p>The count lapse is decided here, from stored event times, when the next abnormal reading arrives; a timer
 * would fire at different moments on different runners (and misfires on Spark), so none is needed for any alarm
 * that rules 1-4 raise.
 */
public final class SensorRules implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final AlarmType[] COUNTED = {AlarmType.SMOKE, AlarmType.TEMPERATURE};

  private final int streakLength;
  private final long countLapseMillis;
  private final long stateIntervalMillis;

  public SensorRules(RulesConfig config) {
    this.streakLength = config.streakLength();
    this.countLapseMillis = config.countLapse().getMillis();
    this.stateIntervalMillis = config.stateInterval().getMillis();
  }

  /**
   * Rule 5's throttle: whether the sensor's state after the reading at {@code eventTime} goes out (to the map). It
   * does when states are not throttled, for the sensor's first reading, when {@code stateInterval} of event time has
   * passed since the last state that went out, and whenever the active alarms differ from that state's, so a raised
   * or cleared alarm always reaches the map. Decided here, in the rules' own per-sensor memory, rather than in a
   * keyed step of the sink: that step re-keyed and shuffled every reading a second time, for a sink that keeps one in
   * {@code stateInterval}. Needs no timer, so every runner throttles alike; the price is that the last states of a
   * burst inside one interval wait for the sensor's next reading after it.
   */
  public boolean takeStateTurn(SensorMemory memory, long eventTime) {
    if (stateIntervalMillis == 0) {
      return true;
    }
    boolean due = memory.lastStateTime() == Long.MIN_VALUE
        || memory.activeMask() != memory.lastStateMask()
        || eventTime >= memory.lastStateTime() + stateIntervalMillis;
    if (due) {
      memory.stateWentOut(eventTime);
    }
    return due;
  }

  /** {@link #onReading(SensorMemory, Reading, String)} for a reading from a source without coordinates. */
  public List<Alarm> onReading(SensorMemory memory, Reading reading) {
    return onReading(memory, reading, AlarmIds.timePosition(reading.timestamp(), 0, 1));
  }

  /**
   * Rules 1-3 (and: a reading from a sensor marked OFFLINE clears OFFLINE, since it is evidently back).
   * {@code position} is the reading's place in the sensor's log; an alarm it raises is named after it.
   */
  public List<Alarm> onReading(SensorMemory memory, Reading reading, String position) {
    List<Alarm> events = new ArrayList<>(1);
    if (memory.isActive(AlarmType.OFFLINE)) {
      events.add(cleared(memory, reading.sensorId(), AlarmType.OFFLINE, reading.timestamp()));
    }
    // Rule 1: motion raises at once; rule 3: unless MOTION is already active.
    if (reading.motion() && !memory.isActive(AlarmType.MOTION)) {
      events.add(raised(memory, AlarmType.MOTION, List.of(reading), position));
    }
    // Rule 2: the Nth consecutive abnormal reading of a type raises it; each type counts on its own.
    for (AlarmType type : COUNTED) {
      List<Reading> streak = memory.streak(type);
      if (!isAbnormal(type, reading) || memory.isActive(type)) {
        // A normal reading breaks the run. While the alarm is active (rule 3) there is nothing to count towards:
        // a recovery resets the counts anyway, so a new alarm needs a fresh run after it.
        streak.clear();
        continue;
      }
      Reading previous = streak.isEmpty() ? null : streak.get(streak.size() - 1);
      if (reading.equals(previous)) {
        // The same reading again (same time, same values): a redelivered copy, not a new reading. Delivery from
        // the gateway to here is at-least-once (a client retries a request that Kafka half took), and a copy must
        // not count twice towards "three in a row".
        continue;
      }
      if (previous != null && reading.timestamp() - previous.timestamp() > countLapseMillis) {
        streak.clear(); // the previous abnormal reading is too old to be "consecutive"
      }
      streak.add(reading);
      if (streak.size() >= streakLength) {
        events.add(raised(memory, type, streak, position));
        streak.clear();
      }
    }
    memory.sawReadingAt(reading.timestamp());
    return events;
  }

  /** Rule 4: a recovery clears every active alarm (one CLEARED event each) and resets the counts. */
  public List<Alarm> onRecovery(SensorMemory memory, Recovery recovery) {
    List<Alarm> events = new ArrayList<>(1);
    for (AlarmType type : AlarmType.values()) {
      if (memory.isActive(type)) {
        events.add(cleared(memory, recovery.sensorId(), type, recovery.timestamp()));
      }
    }
    memory.smokeStreak().clear();
    memory.temperatureStreak().clear();
    return events;
  }

  /**
   * Rule 6 (timers only): the sensor has been silent too long. Returns nothing if OFFLINE is already active. No
   * message raised it, so its id is named after the event time it was decided at (the timer's, the same on a replay).
   */
  public List<Alarm> onSilence(SensorMemory memory, String sensorId, long eventTime) {
    if (memory.isActive(AlarmType.OFFLINE)) {
      return List.of();
    }
    String position = AlarmIds.timePosition(eventTime, 0, 1);
    memory.activate(AlarmType.OFFLINE, position);
    return List.of(new Alarm(AlarmIds.of(sensorId, AlarmType.OFFLINE, position), sensorId, AlarmType.OFFLINE,
        AlarmStatus.RAISED, eventTime, List.of(), null));
  }

  public static boolean isAbnormal(AlarmType type, Reading reading) {
    return switch (type) {
      case SMOKE -> reading.smoke();
      case TEMPERATURE -> reading.overTemperature();
      default -> false;
    };
  }

  private static Alarm raised(SensorMemory memory, AlarmType type, List<Reading> trigger, String position) {
    Reading last = trigger.get(trigger.size() - 1);
    memory.activate(type, position);
    return new Alarm(AlarmIds.of(last.sensorId(), type, position), last.sensorId(), type, AlarmStatus.RAISED,
        last.timestamp(), trigger, null);
  }

  /** Ends the active alarm of {@code type}: the CLEARED event has the RAISED one's id. */
  private static Alarm cleared(SensorMemory memory, String sensorId, AlarmType type, long timestamp) {
    String position = memory.raisedAt(type);
    memory.deactivate(type);
    return new Alarm(AlarmIds.of(sensorId, type, position), sensorId, type, AlarmStatus.CLEARED, timestamp,
        List.of(), null);
  }
}
