package dev.vigil.pipeline.rules;

import dev.vigil.wire.AlarmType;
import dev.vigil.wire.Reading;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything the rules remember about one sensor, kept in ONE state cell so that a reading costs one state read and
 * one write. Mutable on purpose: {@link SensorRules} updates it in place and the DoFn writes it back.
 */
public final class SensorMemory {
  /** Bit i set = alarm type with ordinal i is active. */
  private int activeMask;
  /** The current run of consecutive smoke readings, oldest first; at most (streak length - 1) long. */
  private final List<Reading> smokeStreak;
  /** The current run of consecutive over-temperature readings, oldest first. */
  private final List<Reading> temperatureStreak;
  /** Newest event time seen from this sensor (readings only), or Long.MIN_VALUE. Drives the OFFLINE timer. */
  private long newestReadingTime;
  /** Event time of the newest state that went out, or Long.MIN_VALUE (none yet, or states are not throttled). */
  private long lastStateTime;
  /** {@link #activeMask} as it was in the last state that went out. */
  private int lastStateMask;

  public SensorMemory() {
    this(0, new ArrayList<>(), new ArrayList<>(), Long.MIN_VALUE, Long.MIN_VALUE, 0);
  }

  public SensorMemory(int activeMask, List<Reading> smokeStreak, List<Reading> temperatureStreak,
      long newestReadingTime, long lastStateTime, int lastStateMask) {
    this.activeMask = activeMask;
    this.smokeStreak = new ArrayList<>(smokeStreak);
    this.temperatureStreak = new ArrayList<>(temperatureStreak);
    this.newestReadingTime = newestReadingTime;
    this.lastStateTime = lastStateTime;
    this.lastStateMask = lastStateMask;
  }

  /** An independent copy (the streak lists are copied; readings are immutable). */
  public SensorMemory copy() {
    return new SensorMemory(activeMask, smokeStreak, temperatureStreak, newestReadingTime, lastStateTime,
        lastStateMask);
  }

  public int activeMask() {
    return activeMask;
  }

  public boolean isActive(AlarmType type) {
    return (activeMask & (1 << type.ordinal())) != 0;
  }

  void activate(AlarmType type) {
    activeMask |= 1 << type.ordinal();
  }

  void deactivate(AlarmType type) {
    activeMask &= ~(1 << type.ordinal());
  }

  public Set<AlarmType> activeAlarms() {
    EnumSet<AlarmType> active = EnumSet.noneOf(AlarmType.class);
    for (AlarmType type : AlarmType.values()) {
      if (isActive(type)) {
        active.add(type);
      }
    }
    return active;
  }

  /** The live streak of an abnormal type (SMOKE or TEMPERATURE). */
  public List<Reading> streak(AlarmType type) {
    return switch (type) {
      case SMOKE -> smokeStreak;
      case TEMPERATURE -> temperatureStreak;
      default -> throw new IllegalArgumentException(type + " has no streak");
    };
  }

  public List<Reading> smokeStreak() {
    return smokeStreak;
  }

  public List<Reading> temperatureStreak() {
    return temperatureStreak;
  }

  public long newestReadingTime() {
    return newestReadingTime;
  }

  void sawReadingAt(long eventTime) {
    newestReadingTime = Math.max(newestReadingTime, eventTime);
  }

  public long lastStateTime() {
    return lastStateTime;
  }

  public int lastStateMask() {
    return lastStateMask;
  }

  void stateWentOut(long eventTime) {
    lastStateTime = Math.max(lastStateTime, eventTime);
    lastStateMask = activeMask;
  }

  /**
   * True when forgetting this memory changes nothing the rules will ever do: no active alarm, no streak, and no
   * throttled state (forgetting when a state last went out would let the next one through early).
   */
  public boolean isForgettable() {
    return activeMask == 0 && smokeStreak.isEmpty() && temperatureStreak.isEmpty() && lastStateTime == Long.MIN_VALUE;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SensorMemory m && activeMask == m.activeMask && smokeStreak.equals(m.smokeStreak)
        && temperatureStreak.equals(m.temperatureStreak) && newestReadingTime == m.newestReadingTime
        && lastStateTime == m.lastStateTime && lastStateMask == m.lastStateMask;
  }

  @Override
  public int hashCode() {
    return Objects.hash(activeMask, smokeStreak, temperatureStreak, newestReadingTime, lastStateTime, lastStateMask);
  }

  @Override
  public String toString() {
    return "SensorMemory[active=" + activeAlarms() + ", smoke=" + smokeStreak.size() + ", temperature="
        + temperatureStreak.size() + ", newest=" + newestReadingTime + "]";
  }
}
