package dev.vigil.simulator;

import dev.vigil.simulator.SensorFleet.Message;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Posts the fleet's messages to a gateway at a target rate over {@code maxInFlight} keep-alive connections (one
 * request outstanding on each, see {@link KeepAliveClient}), printing progress once a second.
 */
public final class LoadRun {

  /** How a run is shaped. {@code maxMessages} and {@code duration} bound it: whichever comes first. */
  public record Plan(URI target, double ratePerSecond, long maxMessages, Duration duration, int batchSize,
      int maxInFlight, Duration requestTimeout, Path recordFile) {}

  private final SensorFleet fleet;
  private final Plan plan;
  private final PrintStream out;
  private final LoadStats stats = new LoadStats();
  private BufferedWriter record;

  public LoadRun(SensorFleet fleet, Plan plan, PrintStream out) {
    this.fleet = fleet;
    this.plan = plan;
    this.out = out;
  }

  public LoadStats run() throws InterruptedException {
    try (KeepAliveClient client = new KeepAliveClient(plan.target(), plan.maxInFlight(), plan.requestTimeout())) {
      this.client = client;
      if (plan.recordFile() != null) {
        record = Files.newBufferedWriter(plan.recordFile(), StandardCharsets.UTF_8);
      }
      send();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the record file " + plan.recordFile(), e);
    } finally {
      if (record != null) {
        try {
          record.close();
        } catch (IOException e) {
          out.println("could not close the record file: " + e.getMessage());
        }
      }
    }
    return stats;
  }

  private void send() throws InterruptedException {
    Semaphore inFlight = new Semaphore(plan.maxInFlight());
    long start = System.nanoTime();
    long end = start + plan.duration().toNanos();
    long nanosPerMessage = (long) (1_000_000_000L / plan.ratePerSecond());
    long nextReport = start + TimeUnit.SECONDS.toNanos(1);
    long lastReportMessages = 0;
    long lastReportAt = start;
    long sent = 0;

    while (sent < plan.maxMessages()) {
      long now = System.nanoTime();
      if (now >= end) {
        break;
      }
      if (now >= nextReport) {
        long messages = stats.messages.sum();
        report(now - start, (messages - lastReportMessages) / ((now - lastReportAt) / 1e9), inFlight);
        lastReportMessages = messages;
        lastReportAt = now;
        nextReport += TimeUnit.SECONDS.toNanos(1);
      }
      // Pace to the target rate; when behind, catch up without sleeping (bounded by the in-flight limit).
      long due = start + sent * nanosPerMessage;
      if (due > now) {
        LockSupport.parkNanos(Math.min(due - now, 1_000_000));
        continue;
      }
      if (!inFlight.tryAcquire(10, TimeUnit.MILLISECONDS)) {
        continue;
      }
      int batch = (int) Math.min(plan.batchSize(), plan.maxMessages() - sent);
      List<Message> messages = nextBatch(batch);
      sent += messages.size();
      post(messages, inFlight);
    }
    // Let the requests still in flight finish.
    if (inFlight.tryAcquire(plan.maxInFlight(), plan.requestTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS)) {
      inFlight.release(plan.maxInFlight());
    }
    long now = System.nanoTime();
    report(now - start, stats.messages.sum() / ((now - start) / 1e9), inFlight);
    summary(now - start);
  }

  /**
   * A batch holds messages of one kind (readings and recoveries go to different paths); a message of the other
   * kind starts the next batch, so messages leave in the fleet's order.
   */
  private List<Message> nextBatch(int size) {
    List<Message> batch = new ArrayList<>(size);
    long now = System.currentTimeMillis();
    batch.add(pending != null ? pending : fleet.next(now));
    pending = null;
    while (batch.size() < size) {
      Message message = fleet.next(now);
      if (message.kind() != batch.get(0).kind()) {
        pending = message;
        break;
      }
      batch.add(message);
    }
    return batch;
  }

  private Message pending;
  private KeepAliveClient client;

  private void post(List<Message> batch, Semaphore inFlight) throws InterruptedException {
    long sentAt = System.nanoTime();
    stats.requests.increment();
    stats.messages.add(batch.size());
    client.post(plan.target().resolve(batch.get(0).kind().path).getRawPath(), body(batch), (status, error) -> {
      try {
        if (error != null) {
          stats.noAnswer();
          record(batch, -1);
        } else {
          stats.answered(status, batch.size(), System.nanoTime() - sentAt);
          record(batch, status);
        }
      } finally {
        inFlight.release();
      }
    });
  }

  private static byte[] body(List<Message> batch) {
    if (batch.size() == 1) {
      return batch.get(0).json();
    }
    int length = 1 + batch.size();
    for (Message m : batch) {
      length += m.json().length;
    }
    byte[] body = new byte[length];
    int at = 0;
    body[at++] = '[';
    for (int i = 0; i < batch.size(); i++) {
      if (i > 0) {
        body[at++] = ',';
      }
      byte[] json = batch.get(i).json();
      System.arraycopy(json, 0, body, at, json.length);
      at += json.length;
    }
    body[at] = ']';
    return body;
  }

  /** One line per message: its outcome (HTTP status, -1 for no answer), its kind and its exact JSON. */
  private void record(List<Message> batch, int status) {
    if (record == null) {
      return;
    }
    synchronized (this) {
      try {
        for (Message m : batch) {
          record.write("{\"status\":" + status + ",\"kind\":\"" + m.kind() + "\",\"message\":"
              + new String(m.json(), StandardCharsets.UTF_8) + "}\n");
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private void report(long elapsedNanos, double rate, Semaphore inFlight) {
    Histogram h = stats.takeInterval();
    out.printf("[%5.0fs] %8.1f msg/s  sent %,d  accepted %,d  4xx %d  5xx %d  no answer %d  p50 %.1f ms  p99 %.1f ms"
            + "  in flight %d%n",
        elapsedNanos / 1e9, rate, stats.messages.sum(), stats.accepted(), stats.rejected(), stats.unavailable(),
        stats.failed(), LoadStats.millis(h.getValueAtPercentile(50)), LoadStats.millis(h.getValueAtPercentile(99)),
        plan.maxInFlight() - inFlight.availablePermits());
  }

  private void summary(long elapsedNanos) {
    Histogram h = stats.total();
    double seconds = elapsedNanos / 1e9;
    out.printf("%nsummary: %,d messages in %,d requests over %.1f s = %.1f msg/s accepted%n",
        stats.messages.sum(), stats.requests(), seconds, stats.accepted() / seconds);
    out.printf("  accepted %,d  4xx %d  5xx %d  no answer %d%n",
        stats.accepted(), stats.rejected(), stats.unavailable(), stats.failed());
    out.printf("  latency p50 %.2f ms  p90 %.2f ms  p99 %.2f ms  p99.9 %.2f ms  max %.2f ms%n",
        LoadStats.millis(h.getValueAtPercentile(50)), LoadStats.millis(h.getValueAtPercentile(90)),
        LoadStats.millis(h.getValueAtPercentile(99)), LoadStats.millis(h.getValueAtPercentile(99.9)),
        LoadStats.millis(h.getMaxValue()));
  }
}
