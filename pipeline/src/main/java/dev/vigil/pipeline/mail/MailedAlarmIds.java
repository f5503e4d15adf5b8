package dev.vigil.pipeline.mail;

import java.util.ArrayList;
import java.util.List;

/**
 * The ids of the newest alarms of one sensor that were let through to the mailbox, newest last, at most
 * {@link #KEPT}. A replay of the alarms topic repeats a sensor's recent alarms, never old ones, so a short memory is
 * enough to recognise a repeat; it keeps the state of a sensor to a few hundred bytes.
 */
public record MailedAlarmIds(List<String> ids) {
  static final int KEPT = 16;

  public MailedAlarmIds {
    ids = List.copyOf(ids);
  }

  static MailedAlarmIds none() {
    return new MailedAlarmIds(List.of());
  }

  boolean contains(String id) {
    return ids.contains(id);
  }

  MailedAlarmIds with(String id) {
    List<String> newer = new ArrayList<>(ids.subList(Math.max(0, ids.size() - (KEPT - 1)), ids.size()));
    newer.add(id);
    return new MailedAlarmIds(newer);
  }
}
