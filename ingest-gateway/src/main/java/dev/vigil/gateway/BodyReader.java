package dev.vigil.gateway;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Reads one request body with Jetty's demand API, so that no thread waits for a slow client: it takes what has
 * arrived, then asks to be called again when more does. The body must stay within {@code maxBytes} (counted as it
 * arrives, so chunked bodies are bounded too) and be complete within the read timeout. Exactly one of the
 * {@link Listener}'s methods is called, once.
 *
 * <p>After an answer given before the body was read (413, 408, 401, ...), {@link #discardThen} reads and drops the
 * rest of the body before the connection is closed: closing a socket with unread data makes the kernel send a
 * reset, and a client still uploading may then lose the answer before it reads it. The discarding is bounded by
 * {@link #DISCARD_LIMIT_BYTES} and {@link #LINGER_MS}, so a client cannot hold the connection open by sending more.
 */
final class BodyReader implements Runnable {
  /** Most bytes dropped after an early answer before the connection is closed anyway. */
  static final long DISCARD_LIMIT_BYTES = 8L << 20;
  /** Longest time spent dropping the rest of a body after an early answer. */
  static final long LINGER_MS = 1_000;

  /** What became of the body. */
  interface Listener {
    void body(byte[] body);

    void tooLarge();

    void timedOut();

    void failed(Throwable failure);
  }

  /** READING keeps the bytes; COMPLETE has delivered the body; STOPPED drops whatever else arrives. */
  private enum State { READING, COMPLETE, STOPPED }

  private final Request request;
  private final int maxBytes;
  private final Listener listener;
  private State state = State.READING;
  private byte[] buffer;
  private int length;
  private Scheduler.Task timeout;
  private boolean demandPending;
  // discarding after an early answer
  private Callback discarded;
  private Scheduler.Task linger;
  private long dropped;
  private boolean drained;
  private boolean finished;

  BodyReader(Request request, int maxBytes, Listener listener) {
    this.request = request;
    this.maxBytes = maxBytes;
    this.listener = listener;
    long declared = request.getLength();
    buffer = new byte[declared >= 0 ? (int) Math.min(declared, maxBytes) : Math.min(4096, maxBytes)];
  }

  /** A reader for a body nobody will read, only drop: for answers given without looking at the body. */
  static BodyReader unread(Request request) {
    BodyReader reader = new BodyReader(request, 0, null);
    reader.state = State.STOPPED;
    return reader;
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

  /**
   * Stops keeping the body, drops the rest of it (up to the end of the body, {@link #DISCARD_LIMIT_BYTES} or
   * {@link #LINGER_MS}, whichever comes first), then completes {@code done}.
   */
  void discardThen(Callback done) {
    Runnable next;
    synchronized (this) {
      discarded = done;
      if (state == State.COMPLETE) {
        finished = true;
        next = done::succeeded;
      } else {
        stop(State.STOPPED);
        linger = request.getComponents().getScheduler().schedule(this::lingerOver, LINGER_MS, TimeUnit.MILLISECONDS);
        next = demandPending ? null : pump(); // a pending demand calls run() when more arrives
      }
    }
    if (next != null) {
      next.run();
    }
  }

  @Override
  public void run() {
    Runnable next;
    synchronized (this) {
      demandPending = false;
      next = pump();
    }
    if (next != null) {
      next.run(); // outside the lock: the listener writes answers and sends to Kafka
    }
  }

  /** Takes every chunk available; returns what to do next (tell the listener, demand more, or finish). */
  private Runnable pump() {
    while (!finished && state != State.COMPLETE) {
      if (state == State.STOPPED && drained) {
        return finishDiscard();
      }
      Content.Chunk chunk = request.read();
      if (chunk == null) {
        demandPending = true;
        return () -> request.demand(this);
      }
      if (Content.Chunk.isFailure(chunk)) {
        if (state == State.READING) {
          Throwable failure = chunk.getFailure();
          stop(State.STOPPED);
          return () -> listener.failed(failure);
        }
        drained = true; // the client is gone: nothing left to drop
        continue;
      }
      ByteBuffer bytes = chunk.getByteBuffer();
      int n = bytes.remaining();
      boolean last = chunk.isLast();
      if (state == State.STOPPED) {
        chunk.release();
        dropped += n;
        drained = last || dropped > DISCARD_LIMIT_BYTES;
        continue;
      }
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

  private void lingerOver() {
    Runnable next;
    synchronized (this) {
      next = finishDiscard();
    }
    if (next != null) {
      next.run();
    }
  }

  /** Completes the discarding once, if it was asked for; Jetty then closes the connection. */
  private Runnable finishDiscard() {
    if (discarded == null || finished) {
      return null;
    }
    finished = true;
    if (linger != null) {
      linger.cancel();
    }
    return discarded::succeeded;
  }

  private void stop(State next) {
    state = next;
    buffer = next == State.COMPLETE ? buffer : null;
    if (timeout != null) {
      timeout.cancel();
    }
  }
}
