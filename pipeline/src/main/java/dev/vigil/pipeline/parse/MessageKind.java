package dev.vigil.pipeline.parse;

/** What a raw record claims to be; the source adapter knows it from the topic (or endpoint) it read. */
public enum MessageKind {
  READING,
  RECOVERY
}
