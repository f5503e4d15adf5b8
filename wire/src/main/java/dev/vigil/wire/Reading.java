package dev.vigil.wire;

import java.io.Serializable;

/**
 * One sensor reading, as the gateway puts it on the readings topic.
 *
 * @param sensorId       the sensor's id (the reference system used numeric ids such as "42959")
 * @param motion         whether the sensor saw motion
 * @param smoke          whether the sensor smelt smoke
 * @param temperature    the measured temperature
 * @param maxTemperature the highest temperature this sensor considers normal
 * @param timestamp      event time in epoch milliseconds; the gateway stamps it when the sensor does not
 */
public record Reading(
    String sensorId,
    boolean motion,
    boolean smoke,
    double temperature,
    double maxTemperature,
    long timestamp) implements Serializable {

  /** Equal temperature is normal: only a temperature strictly above the maximum is abnormal. */
  public boolean overTemperature() {
    return temperature > maxTemperature;
  }
}
