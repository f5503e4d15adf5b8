package dev.vigil.wire;

import java.io.Serializable;
import java.util.List;

/**
 * One alarm event, as the pipeline puts it on the alarms topic.
 *
 * @param id        the alarm's identity, the same in the RAISED event and in the CLEARED event that ends it, and the
 *                  same however often the event is replayed: {@code <sensorId>/<TYPE>/<position>}, the position being
 *                  where the message that raised it sits in the sensor's log (see {@link AlarmIds}). Consumers dedup
 *                  and correlate on it.
 * @param sensorId  the sensor's id
 * @param type      what the alarm is about
 * @param status    RAISED or CLEARED
 * @param timestamp event time of the reading or recovery that caused this event, epoch milliseconds
 * @param trigger   the readings that raised the alarm, oldest first (empty for CLEARED and OFFLINE events)
 * @param customer  the sensor's owner, or null when the customer table does not know the sensor
 */
public record Alarm(
    String id,
    String sensorId,
    AlarmType type,
    AlarmStatus status,
    long timestamp,
    List<Reading> trigger,
    Customer customer) implements Serializable {

  public Alarm {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("an alarm event needs its id");
    }
    trigger = trigger == null ? List.of() : List.copyOf(trigger);
  }

  /** The same alarm with its owner attached. */
  public Alarm withCustomer(Customer owner) {
    return new Alarm(id, sensorId, type, status, timestamp, trigger, owner);
  }
}
