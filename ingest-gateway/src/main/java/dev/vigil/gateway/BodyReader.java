package dev.vigil.gateway;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Reads one request body with Jetty's demand API, so that no thread waits for a slow client: it takes what has
 * arrived, then asks to be called again when more does. The body must stay within {@code maxBytes} (counted as it
 * arrives, so chunked bodies are bounded too) and be complete within {@code timeoutMs}. Exactly one of the
 * {@link Listener}'s methods is called, once.
 */
final class BodyReader implements Runnable {

  /** What became of the body. */
  interface Listener {
    void body(byte[] body);

    void tooLarge();

    void timedOut();

    void failed(Throwable failure);
  }

  private enum State { READING, COMPLETE, STOPPED }

  private final Request request;
  private final int maxBytes;
  private final Listener listener;
  private State state = State.READING;
  private byte[] buffer;
  private int length;
  private Scheduler.Task timeout;

  BodyReader(Request request, int maxBytes, Listener listener) {
    this.request = request;
    this.maxBytes = maxBytes;
    this.listener = listener;
    long declared = request.getLength();
    buffer = new byte[declared >= 0 ? (int) Math.min(declared, maxBytes) : Math.min(4096, maxBytes)];
  }

  /** Starts reading; the listener hears of the outcome, possibly on this thread. */
  void start(long timeoutMs) {
    synchronized (this) {
      timeout = request.getComponents().getScheduler().schedule(this::timedOut, timeoutMs, TimeUnit.MILLISECONDS);
    }
    run();
  }

  /** True once the whole body was read. */
  synchronized boolean complete() {
    return state == State.COMPLETE;
  }

  @Override
  public void run() {
    Runnable outcome;
    synchronized (this) {
      outcome = pump();
    }
    if (outcome != null) {
      outcome.run(); // outside the lock: the listener writes answers and sends to Kafka
    }
  }

  /** Takes every chunk available; returns what to do next (tell the listener, or demand more). */
  private Runnable pump() {
    while (state == State.READING) {
      Content.Chunk chunk = request.read();
      if (chunk == null) {
        return () -> request.demand(this);
      }
      if (Content.Chunk.isFailure(chunk)) {
        Throwable failure = chunk.getFailure();
        stop(State.STOPPED);
        return () -> listener.failed(failure);
      }
      ByteBuffer bytes = chunk.getByteBuffer();
      int n = bytes.remaining();
      if (length + n > maxBytes) {
        chunk.release();
        stop(State.STOPPED);
        return listener::tooLarge;
      }
      if (length + n > buffer.length) {
        buffer = Arrays.copyOf(buffer, Math.min(maxBytes, Math.max(buffer.length * 2, length + n)));
      }
      bytes.get(buffer, length, n);
      length += n;
      boolean last = chunk.isLast();
      chunk.release();
      if (last) {
        stop(State.COMPLETE);
        byte[] body = length == buffer.length ? buffer : Arrays.copyOf(buffer, length);
        buffer = null;
        return () -> listener.body(body);
      }
    }
    return null;
  }

  private void timedOut() {
    synchronized (this) {
      if (state != State.READING) {
        return;
      }
      stop(State.STOPPED);
    }
    listener.timedOut();
  }

  private void stop(State next) {
    state = next;
    if (timeout != null) {
      timeout.cancel();
    }
  }
}
