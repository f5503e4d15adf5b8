package dev.vigil.wire;

import java.io.Serializable;
import java.util.List;

/**
 * One alarm event, as the pipeline puts it on the alarms topic.
 *
 * @param sensorId  the sensor's id
 * @param type      what the alarm is about
 * @param status    RAISED or CLEARED
 * @param timestamp event time of the reading or recovery that caused this event, epoch milliseconds
 * @param trigger   the readings that raised the alarm, oldest first (empty for CLEARED and OFFLINE events)
 * @param customer  the sensor's owner, or null when the customer table does not know the sensor
 */
public record Alarm(
    String sensorId,
    AlarmType type,
    AlarmStatus status,
    long timestamp,
    List<Reading> trigger,
    Customer customer) implements Serializable {

  public Alarm {
    trigger = trigger == null ? List.of() : List.copyOf(trigger);
  }

  /** The same alarm with its owner attached. */
  public Alarm withCustomer(Customer owner) {
    return new Alarm(sensorId, type, status, timestamp, trigger, owner);
  }
}
