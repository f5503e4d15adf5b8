package dev.vigil.pipeline.rules;

import dev.vigil.wire.AlarmIds;
import dev.vigil.wire.AlarmType;
import dev.vigil.wire.Reading;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything the rules remember about one sensor, kept in ONE state cell so that a reading costs one state read and
 * one write. Mutable on purpose: {@link SensorRules} updates a copy in place and the DoFn writes it back.
 *
 * <p>Each active alarm is remembered with the log position of the message that raised it, so that the CLEARED event
 * carries the same id ({@link AlarmIds}) as the RAISED one.
 */
public final class SensorMemory {
  /** Active alarms: type → log position of the message that raised it. */
  private final EnumMap<AlarmType, String> active;
  /** The current run of consecutive smoke readings, oldest first; at most (streak length - 1) long. */
  private final List<Reading> smokeStreak;
  /** The current run of consecutive over-temperature readings, oldest first. */
  private final List<Reading> temperatureStreak;
  /** Newest event time seen from this sensor (readings only), or Long.MIN_VALUE. Drives the OFFLINE timer. */
  private long newestReadingTime;
  /** Event time of the newest state that went out, or Long.MIN_VALUE (none yet, or states are not throttled). */
  private long lastStateTime;
  /** The active alarms in the last state that went out, as a mask of {@link AlarmType#code()} bits. */
  private int lastStateMask;

  public SensorMemory() {
    this(Map.of(), new ArrayList<>(), new ArrayList<>(), Long.MIN_VALUE, Long.MIN_VALUE, 0);
  }

  public SensorMemory(Map<AlarmType, String> active, List<Reading> smokeStreak, List<Reading> temperatureStreak,
      long newestReadingTime, long lastStateTime, int lastStateMask) {
    this.active = new EnumMap<>(AlarmType.class);
    this.active.putAll(active);
    this.smokeStreak = new ArrayList<>(smokeStreak);
    this.temperatureStreak = new ArrayList<>(temperatureStreak);
    this.newestReadingTime = newestReadingTime;
    this.lastStateTime = lastStateTime;
    this.lastStateMask = lastStateMask;
  }

  /** An independent copy (the map and the streak lists are copied; readings are immutable). */
  public SensorMemory copy() {
    return new SensorMemory(active, smokeStreak, temperatureStreak, newestReadingTime, lastStateTime, lastStateMask);
  }

  /** The active alarms as a mask of {@link AlarmType#code()} bits. */
  public int activeMask() {
    int mask = 0;
    for (AlarmType type : active.keySet()) {
      mask |= bit(type);
    }
    return mask;
  }

  public static int bit(AlarmType type) {
    return 1 << type.code();
  }

  public boolean isActive(AlarmType type) {
    return active.containsKey(type);
  }

  /** The log position of the message that raised the active alarm of {@code type}, or null when none is active. */
  public String raisedAt(AlarmType type) {
    return active.get(type);
  }

  /** Active alarms with the log positions that raised them, in type order. */
  public Map<AlarmType, String> active() {
    return Collections.unmodifiableMap(active);
  }

  void activate(AlarmType type, String position) {
    active.put(type, position);
  }

  void deactivate(AlarmType type) {
    active.remove(type);
  }

  public Set<AlarmType> activeAlarms() {
    return active.isEmpty() ? Set.of() : Set.copyOf(active.keySet());
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
    lastStateMask = activeMask();
  }

  /**
   * True when forgetting this memory changes nothing the rules will ever do: no active alarm, no streak, and no
   * throttled state (forgetting when a state last went out would let the next one through early).
   */
  public boolean isForgettable() {
    return active.isEmpty() && smokeStreak.isEmpty() && temperatureStreak.isEmpty() && lastStateTime == Long.MIN_VALUE;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SensorMemory m && active.equals(m.active) && smokeStreak.equals(m.smokeStreak)
        && temperatureStreak.equals(m.temperatureStreak) && newestReadingTime == m.newestReadingTime
        && lastStateTime == m.lastStateTime && lastStateMask == m.lastStateMask;
  }

  @Override
  public int hashCode() {
    return Objects.hash(active, smokeStreak, temperatureStreak, newestReadingTime, lastStateTime, lastStateMask);
  }

  @Override
  public String toString() {
    return "SensorMemory[active=" + active + ", smoke=" + smokeStreak.size() + ", temperature="
        + temperatureStreak.size() + ", newest=" + newestReadingTime + "]";
  }
}
