package dev.vigil.simulator;

import dev.vigil.wire.Reading;
import dev.vigil.wire.Recovery;
import dev.vigil.wire.WireFormat;
import java.util.SplittableRandom;

/**
 * A deterministic fleet of sensors: the same seed and settings give the same sequence of messages, whatever the
 * timing. Sensors post in turn (each sensor's readings are evenly spaced, as real sensors report periodically).
 * Most readings are normal; a configurable share starts a motion event or a smoke or over-temperature episode of
 * {@link Mix#episodeLength()} readings (three or more in a row raise an alarm); the sensor's owner sends a recovery
 * a few readings after an episode or a motion.
 *
 * <p>A sensor stays calm (normal readings only) while its owner's recovery is pending and for
 * {@link Mix#recoveryAfter()} readings after it. Besides being what happens (the owner says OK once things have calmed
 * down), this keeps alarms independent of how a recovery and the sensor's readings interleave: they travel on two
 * Kafka topics, which Kafka does not order relative to each other, so the pipeline may apply a recovery a moment
 * before or after a neighbouring reading.
 */
public final class SensorFleet {

  /** What the readings are made of. Rates are per reading, between 0 and 1. */
  public record Mix(double motionRate, double smokeRate, double heatRate, int episodeLength, int recoveryAfter) {
    public Mix {
      check(motionRate, "motion rate");
      check(smokeRate, "smoke rate");
      check(heatRate, "heat rate");
      if (motionRate + smokeRate + heatRate > 1) {
        throw new IllegalArgumentException("motion, smoke and heat rates add up to more than 1");
      }
      if (episodeLength < 1 || recoveryAfter < 1) {
        throw new IllegalArgumentException("episode length and recovery delay are at least 1 reading");
      }
    }

    private static void check(double rate, String name) {
      if (!(rate >= 0 && rate <= 1)) {
        throw new IllegalArgumentException(name + " must be between 0 and 1, got " + rate);
      }
    }
  }

  /** One message to post: a reading or a recovery, already in its wire format. */
  public record Message(Kind kind, String sensorId, byte[] json) {
    public enum Kind {
      READING("/v1/readings"),
      RECOVERY("/v1/recoveries");

      public final String path;

      Kind(String path) {
        this.path = path;
      }
    }
  }

  private enum Episode { NONE, SMOKE, HEAT }

  private static final class Sensor {
    final String id;
    final double maxTemperature;
    final double baseTemperature;
    Episode episode = Episode.NONE;
    int episodeLeft;
    int recoveryIn; // readings until the owner sends a recovery; 0 = none pending
    int calmFor;    // normal readings still to send after a recovery

    Sensor(String id, double maxTemperature, double baseTemperature) {
      this.id = id;
      this.maxTemperature = maxTemperature;
      this.baseTemperature = baseTemperature;
    }
  }

  private final Sensor[] sensors;
  private final Mix mix;
  private final SplittableRandom random;
  private int next;

  /**
   * @param sensorCount   how many sensors
   * @param firstSensorId the first sensor's numeric id; the others follow (the customer loader uses the same ids)
   * @param mix           what the readings are made of
   * @param seed          the seed: same seed, same messages
   */
  public SensorFleet(int sensorCount, long firstSensorId, Mix mix, long seed) {
    if (sensorCount < 1) {
      throw new IllegalArgumentException("at least one sensor");
    }
    this.mix = mix;
    this.random = new SplittableRandom(seed);
    this.sensors = new Sensor[sensorCount];
    for (int i = 0; i < sensorCount; i++) {
      double max = 30 + random.nextInt(0, 31);               // 30..60 degrees
      double base = max - 12 + random.nextDouble() * 4;      // comfortably below the maximum
      sensors[i] = new Sensor(String.valueOf(firstSensorId + i), max, base);
    }
  }

  public int size() {
    return sensors.length;
  }

  /** The next message; {@code now} stamps it (event time), which does not change what is sent. */
  public Message next(long now) {
    Sensor sensor = sensors[next];
    next = (next + 1) % sensors.length;

    if (sensor.recoveryIn > 0 && --sensor.recoveryIn == 0) {
      sensor.calmFor = mix.recoveryAfter();
      return new Message(Message.Kind.RECOVERY, sensor.id, WireFormat.toJson(new Recovery(sensor.id, now)));
    }
    boolean calm = sensor.recoveryIn > 0 || sensor.calmFor > 0;
    if (sensor.calmFor > 0) {
      sensor.calmFor--;
    }
    boolean motion = false;
    if (sensor.episode == Episode.NONE && !calm) {
      double dice = random.nextDouble();
      if (dice < mix.motionRate()) {
        motion = true;
        scheduleRecovery(sensor);
      } else if (dice < mix.motionRate() + mix.smokeRate()) {
        startEpisode(sensor, Episode.SMOKE);
      } else if (dice < mix.motionRate() + mix.smokeRate() + mix.heatRate()) {
        startEpisode(sensor, Episode.HEAT);
      }
    }
    boolean smoke = sensor.episode == Episode.SMOKE;
    double temperature = sensor.episode == Episode.HEAT
        ? sensor.maxTemperature + 1 + random.nextDouble() * 10
        : Math.min(sensor.baseTemperature + random.nextDouble() * 4 - 2, sensor.maxTemperature);
    temperature = Math.round(temperature * 10) / 10.0;
    if (sensor.episode != Episode.NONE && --sensor.episodeLeft == 0) {
      sensor.episode = Episode.NONE;
      scheduleRecovery(sensor);
    }
    Reading reading = new Reading(sensor.id, motion, smoke, temperature, sensor.maxTemperature, now);
    return new Message(Message.Kind.READING, sensor.id, WireFormat.toJson(reading));
  }

  private void startEpisode(Sensor sensor, Episode episode) {
    sensor.episode = episode;
    sensor.episodeLeft = mix.episodeLength();
  }

  private void scheduleRecovery(Sensor sensor) {
    if (sensor.recoveryIn == 0) {
      sensor.recoveryIn = mix.recoveryAfter() + 1;
    }
  }
}
