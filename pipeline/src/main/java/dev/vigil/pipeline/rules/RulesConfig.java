package dev.vigil.pipeline.rules;

import java.io.Serializable;
import org.joda.time.Duration;

/**
 * The knobs of the alarm rules.
 *
 * @param streakLength   how many consecutive abnormal readings of one type raise its alarm (the spec's 3)
 * @param countLapse     an abnormal streak is forgotten when the next abnormal reading comes later than this
 *                       (event time), so that readings far apart do not count as consecutive
 * @param timersEnabled  whether the DoFn may declare timers at all (false for Spark: see README)
 * @param offlineAfter   silence (event time) after which a sensor raises OFFLINE; zero disables OFFLINE. Only with
 *                       timers.
 * @param stateInterval  a sensor's state goes out at most once per this much event time, and whenever its active
 *                       alarms change; zero: after every reading (see {@link SensorRules#takeStateTurn})
 */
public record RulesConfig(int streakLength, Duration countLapse, boolean timersEnabled, Duration offlineAfter,
    Duration stateInterval) implements Serializable {

  public static final int DEFAULT_STREAK_LENGTH = 3;
  public static final Duration DEFAULT_COUNT_LAPSE = Duration.standardMinutes(10);

  public RulesConfig {
    if (streakLength < 1) {
      throw new IllegalArgumentException("streakLength must be at least 1, got " + streakLength);
    }
    if (countLapse.getMillis() <= 0) {
      throw new IllegalArgumentException("countLapse must be positive, got " + countLapse);
    }
    if (offlineAfter.getMillis() < 0) {
      throw new IllegalArgumentException("offlineAfter must not be negative, got " + offlineAfter);
    }
    if (stateInterval.getMillis() < 0) {
      throw new IllegalArgumentException("stateInterval must not be negative, got " + stateInterval);
    }
  }

  /** The spec's rules 1-4 with no timers at all: what every runner, Spark included, computes alike. */
  public static RulesConfig withoutTimers() {
    return new RulesConfig(DEFAULT_STREAK_LENGTH, DEFAULT_COUNT_LAPSE, false, Duration.ZERO, Duration.ZERO);
  }

  public RulesConfig withOfflineAfter(Duration silence) {
    return new RulesConfig(streakLength, countLapse, true, silence, stateInterval);
  }

  public RulesConfig withCountLapse(Duration lapse) {
    return new RulesConfig(streakLength, lapse, timersEnabled, offlineAfter, stateInterval);
  }

  public RulesConfig withTimers(boolean enabled) {
    return new RulesConfig(streakLength, countLapse, enabled, enabled ? offlineAfter : Duration.ZERO, stateInterval);
  }

  public RulesConfig withStateInterval(Duration interval) {
    return new RulesConfig(streakLength, countLapse, timersEnabled, offlineAfter, interval);
  }

  public boolean offlineEnabled() {
    return timersEnabled && offlineAfter.getMillis() > 0;
  }
}
