package dev.vigil.pipeline.influx;

import dev.vigil.pipeline.metrics.VigilMetric;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.influxdb.InfluxDB;
import org.influxdb.dto.Point;
import org.influxdb.dto.Query;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Points written to InfluxDB by a thread of their own, so that InfluxDB being slow or down never holds up the stream:
 * {@link #flush} hands a bundle's points over and returns. The writer sends them in order, in batches of at most
 * {@code --influxBatchSize}, and retries a failed batch with a back-off (200 ms doubling to 10 s) until InfluxDB
 * answers: an outage delays the points, it does not lose them. What waits is bounded by {@code --influxBufferPoints};
 * beyond it the oldest waiting points are dropped (a sensor's newer state, a window's later count replaces them) and
 * counted in {@code influxPointsDropped}. {@link #close} lets the writer finish what waits, for up to a grace period
 * (Spark tears a DoFn down after each micro-batch, right after its last bundle: closing at once dropped every point
 * there); what InfluxDB has not taken by then is lost and logged: these are dashboard points, written best effort, not
 * part of a checkpoint.
 *
 * <p>One per DoFn instance; call {@link #add} and {@link #flush} from the DoFn's methods only: {@link #flush} also
 * counts what the writer thread did since, as Beam counters count only there.
 */
final class InfluxBatchWriter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(InfluxBatchWriter.class);
  private static final long FIRST_BACKOFF_MILLIS = 200;
  private static final long MAX_BACKOFF_MILLIS = 10_000;
  /** How long {@link #close} waits for the points handed over to be written. */
  static final Duration CLOSE_GRACE = Duration.ofSeconds(5);

  private final InfluxConnection connection;
  private final InfluxDB influx;
  /** Points in line protocol (a few hundred bytes each, a third of a {@link Point}), oldest first. */
  private final ArrayDeque<String> waiting = new ArrayDeque<>();
  private final Thread sender;
  private final Duration closeGrace;
  private final AtomicLong written = new AtomicLong();
  private final AtomicLong failedWrites = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private List<String> bundle = new ArrayList<>();
  /** No more points come: the writer finishes what waits, then stops. */
  private boolean closing;
  /** The grace is over: the writer stops now. */
  private boolean closed;

  InfluxBatchWriter(InfluxConnection connection) {
    this(connection, CLOSE_GRACE);
  }

  InfluxBatchWriter(InfluxConnection connection, Duration closeGrace) {
    this.connection = connection;
    this.closeGrace = closeGrace;
    this.influx = connection.connect();
    try {
      influx.query(new Query("CREATE DATABASE \"" + connection.database() + "\"")); // idempotent in InfluxDB 1.x
    } catch (RuntimeException e) {
      LOG.warn("cannot create InfluxDB database {} (writes will tell whether it exists): {}", connection.database(),
          e.toString());
    }
    sender = new Thread(this::sendUntilClosed, "vigil-influx-writer");
    sender.setDaemon(true);
    sender.start();
  }

  void add(Point point) {
    bundle.add(point.lineProtocol(TimeUnit.MILLISECONDS));
  }

  /** Hands the points added since to the writer thread, and counts what it wrote, retried and dropped. */
  void flush() {
    if (!bundle.isEmpty()) {
      synchronized (this) {
        waiting.addAll(bundle);
        int over = waiting.size() - connection.bufferPoints();
        for (int i = 0; i < over; i++) {
          waiting.pollFirst();
        }
        if (over > 0) {
          dropped.addAndGet(over);
        }
        notifyAll();
      }
      bundle = new ArrayList<>();
    }
    count(VigilMetric.INFLUX_POINTS_WRITTEN, written);
    count(VigilMetric.INFLUX_WRITE_ERRORS, failedWrites);
    count(VigilMetric.INFLUX_POINTS_DROPPED, dropped);
  }

  private static void count(VigilMetric metric, AtomicLong since) {
    long n = since.getAndSet(0);
    if (n > 0) {
      metric.inc(n);
    }
  }

  /** The points waiting for the writer thread, oldest first (not the batch it is writing). */
  synchronized List<String> waitingPoints() {
    return new ArrayList<>(waiting);
  }

  private void sendUntilClosed() {
    try {
      while (true) {
        List<String> batch = nextBatch();
        if (batch == null) {
          return;
        }
        send(batch);
      }
    } catch (InterruptedException e) {
      // closed while waiting or backing off
    }
  }

  /** The oldest waiting points, up to a batch; waits for some; null once closing with none left, or closed. */
  private synchronized List<String> nextBatch() throws InterruptedException {
    while (waiting.isEmpty() && !closing) {
      wait();
    }
    if (closed || waiting.isEmpty()) {
      return null;
    }
    List<String> batch = new ArrayList<>(Math.min(waiting.size(), connection.batchSize()));
    while (!waiting.isEmpty() && batch.size() < connection.batchSize()) {
      batch.add(waiting.pollFirst());
    }
    return batch;
  }

  /** Writes one batch, retrying until it is written (or the writer closes). */
  private void send(List<String> batch) throws InterruptedException {
    long backoff = FIRST_BACKOFF_MILLIS;
    for (int attempt = 1; ; attempt++) {
      try {
        influx.write(connection.database(), null, InfluxDB.ConsistencyLevel.ONE, TimeUnit.MILLISECONDS, batch);
        written.addAndGet(batch.size());
        if (attempt > 1) {
          LOG.info("InfluxDB write of {} points went through at attempt {}", batch.size(), attempt);
        }
        return;
      } catch (RuntimeException e) {
        failedWrites.incrementAndGet();
        // Once when an outage starts and then every 5th attempt (~50 s apart at the longest back-off), not a line a try.
        if (attempt == 1 || attempt % 5 == 0) {
          LOG.warn("InfluxDB write of {} points failed (attempt {}; {} more waiting), retrying in {} ms: {}",
              batch.size(), attempt, waitingPoints().size(), backoff, e.toString());
        }
        Thread.sleep(backoff);
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
        synchronized (this) {
          if (closed) {
            return;
          }
        }
      }
    }
  }

  /** Lets the writer write what waits for up to the grace period, then stops it and logs what it could not write. */
  @Override
  public void close() {
    synchronized (this) {
      closing = true;
      notifyAll();
    }
    try {
      sender.join(closeGrace.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    int left;
    synchronized (this) {
      closed = true;
      left = waiting.size();
    }
    if (sender.isAlive()) {
      sender.interrupt();
      LOG.warn("InfluxDB did not take the last points within {} s of closing: {} waiting points (and the batch being"
          + " written) are not written", closeGrace.toSeconds(), left);
    }
    influx.close();
  }
}
