package dev.vigil.gateway;

/**
 * Where the gateway's sensor tokens come from: a fixed set (given inline, or in tests) or a file re-read when it
 * changes ({@link TokensFile}). The gateway asks for the current tokens on every request.
 */
interface TokenSource extends AutoCloseable {

  SensorTokens current();

  /** Starts watching for changes, if this source can change. */
  default void start() {}

  /** Successful reloads since start. */
  default long reloads() {
    return 0;
  }

  /** Reloads refused (a file that did not parse or could not be read); the previous tokens stayed in force. */
  default long reloadFailures() {
    return 0;
  }

  @Override
  default void close() {}

  static TokenSource fixed(SensorTokens tokens) {
    return () -> tokens;
  }
}
