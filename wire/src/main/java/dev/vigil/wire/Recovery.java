package dev.vigil.wire;

import java.io.Serializable;

/**
 * A recovery ("OK") message: the sensor's owner says all is well again, which clears the sensor's alarms.
 *
 * @param sensorId  the sensor's id
 * @param timestamp event time in epoch milliseconds; the gateway stamps it when the sender does not
 */
public record Recovery(String sensorId, long timestamp) implements Serializable {}
