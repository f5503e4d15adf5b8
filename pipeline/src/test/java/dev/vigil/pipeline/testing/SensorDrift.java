package dev.vigil.pipeline.testing;

import dev.vigil.wire.Reading;
import java.util.Random;

/**
 * How synthetic sensors' readings evolve, one sensor at a time: time moves on by 20-60 s, sometimes past the count
 * lapse, sometimes a reading arrives out of order; sensors drift in and out of smoky and hot spells (so that streaks
 * of three happen), see motion now and then, and sometimes read exactly their maximum (which is normal). Shared by
 * {@link SyntheticSensors} and the benchmarks' topic generator, drawing from the caller's random so that a seed
 * gives the same sequence everywhere.
 */
public final class SensorDrift {
  private final Random random;
  private final long[] clock;
  private final boolean[] smoky;
  private final boolean[] hot;

  /** Starts every sensor's clock within the first minute after {@link SyntheticSensors#START_MILLIS}. */
  public SensorDrift(Random random, int sensors) {
    this.random = random;
    this.clock = new long[sensors];
    this.smoky = new boolean[sensors];
    this.hot = new boolean[sensors];
    for (int s = 0; s < sensors; s++) {
      clock[s] = SyntheticSensors.START_MILLIS + random.nextInt(60_000);
    }
  }

  /** Sensor {@code s}'s next reading. */
  public Reading next(int s, String id) {
    long timestamp;
    double roll = random.nextDouble();
    if (roll < 0.04) {
      clock[s] += 11 * 60_000 + random.nextInt(10 * 60_000); // silent past the 10-minute count lapse
      timestamp = clock[s];
    } else if (roll < 0.06) {
      timestamp = clock[s] - 5_000 - random.nextInt(120_000); // out of order: older than the last one
    } else {
      clock[s] += 20_000 + random.nextInt(40_000);
      timestamp = clock[s];
    }
    if (random.nextDouble() < 0.25) {
      smoky[s] = !smoky[s];
    }
    if (random.nextDouble() < 0.25) {
      hot[s] = !hot[s];
    }
    boolean motion = random.nextDouble() < 0.03;
    boolean smoke = smoky[s] && random.nextDouble() < 0.9;
    double max = 30 + random.nextInt(20);
    double temperature;
    if (hot[s] && random.nextDouble() < 0.9) {
      temperature = max + 0.5 + random.nextInt(10);
    } else if (random.nextDouble() < 0.05) {
      temperature = max; // equal is normal
    } else {
      temperature = max - 1 - random.nextInt(15);
    }
    return new Reading(id, motion, smoke, temperature, max, timestamp);
  }

  /** Sensor {@code s}'s newest event time. */
  public long clock(int s) {
    return clock[s];
  }
}
