package dev.vigil.pipeline.parse;

/** What a raw record claims to be; the source adapter knows it from the topic (or endpoint) it read. */
public enum MessageKind {
  READING,
  RECOVERY,
  /** An alarm event read back from the alarms topic (the mail branch reads them there, see {@code LiveEdges}). */
  ALARM
}
