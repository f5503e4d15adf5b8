package dev.vigil.simulator;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/** What the simulator has sent and how the gateway answered: counts and latency histograms. */
public final class LoadStats {
  private static final long MAX_LATENCY_NANOS = TimeUnit.SECONDS.toNanos(60);

  final LongAdder requests = new LongAdder();
  final LongAdder messages = new LongAdder();
  final LongAdder accepted = new LongAdder();   // messages in requests answered 2xx
  final LongAdder rejected = new LongAdder();   // requests answered 4xx
  final LongAdder unavailable = new LongAdder(); // requests answered 5xx
  final LongAdder failed = new LongAdder();     // requests with no answer (connection refused, reset, timeout)

  private final Recorder interval = new Recorder(MAX_LATENCY_NANOS, 3);
  private final Histogram total = new Histogram(MAX_LATENCY_NANOS, 3);
  private Histogram recycled;

  void answered(int status, int messageCount, long latencyNanos) {
    if (status >= 200 && status < 300) {
      accepted.add(messageCount);
    } else if (status >= 500) {
      unavailable.increment();
    } else {
      rejected.increment();
    }
    interval.recordValue(Math.min(latencyNanos, MAX_LATENCY_NANOS));
  }

  void noAnswer() {
    failed.increment();
  }

  /** The latencies recorded since the last call; they also go into the run's total. */
  synchronized Histogram takeInterval() {
    recycled = interval.getIntervalHistogram(recycled);
    total.add(recycled);
    return recycled;
  }

  synchronized Histogram total() {
    takeInterval();
    return total.copy();
  }

  public long requests() {
    return requests.sum();
  }

  public long accepted() {
    return accepted.sum();
  }

  public long rejected() {
    return rejected.sum();
  }

  public long unavailable() {
    return unavailable.sum();
  }

  public long failed() {
    return failed.sum();
  }

  /** Requests that did not get a 2xx. */
  public long errors() {
    return rejected() + unavailable() + failed();
  }

  static double millis(long nanos) {
    return nanos / 1_000_000.0;
  }
}
