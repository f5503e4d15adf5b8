package dev.vigil.pipeline.count;

import dev.vigil.wire.Alarm;
import dev.vigil.wire.AlarmStatus;
import dev.vigil.wire.AlarmType;
import java.util.HashSet;
import java.util.Set;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.SetCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.AfterPane;
import org.apache.beam.sdk.transforms.windowing.AfterWatermark;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;

/**
 * Raised alarms per type in fixed event-time windows (one minute by default). The on-time pane fires when the
 * watermark passes the window; each alarm arriving later, within the allowed lateness, fires the window again with
 * the accumulated count; later still, it is dropped from the counts (the alarm itself is still raised). Counting
 * alarms, which are rare, rather than readings keeps the window state small on every runner.
 *
 * <p>What is counted is distinct alarm ids: an alarm event that reaches the counts twice (a replay) counts once.
 */
public final class CountAlarms extends PTransform<PCollection<Alarm>, PCollection<AlarmCount>> {
  private static final long serialVersionUID = 1L;

  private final Duration windowSize;
  private final Duration allowedLateness;

  private CountAlarms(Duration windowSize, Duration allowedLateness) {
    this.windowSize = windowSize;
    this.allowedLateness = allowedLateness;
  }

  public static CountAlarms perWindow(Duration windowSize, Duration allowedLateness) {
    return new CountAlarms(windowSize, allowedLateness);
  }

  @Override
  public PCollection<AlarmCount> expand(PCollection<Alarm> alarms) {
    return alarms
        .apply("RaisedIdsByType", ParDo.of(new RaisedIdsByType()))
        .apply("FixedWindows", Window.<KV<AlarmType, String>>into(FixedWindows.of(windowSize))
            .triggering(AfterWatermark.pastEndOfWindow().withLateFirings(AfterPane.elementCountAtLeast(1)))
            .withAllowedLateness(allowedLateness)
            .accumulatingFiredPanes())
        .apply("DistinctIdsPerType", Combine.perKey(new CountDistinctIds()))
        .apply("WithWindow", ParDo.of(new ToAlarmCount()));
  }

  static final class RaisedIdsByType extends DoFn<Alarm, KV<AlarmType, String>> {
    private static final long serialVersionUID = 1L;

    @ProcessElement
    public void processElement(@Element Alarm alarm, OutputReceiver<KV<AlarmType, String>> out) {
      if (alarm.status() == AlarmStatus.RAISED) {
        out.output(KV.of(alarm.type(), alarm.id()));
      }
    }
  }

  /** How many different ids: the window's alarm ids are few (alarms are rare), so a set of them is small. */
  static final class CountDistinctIds extends Combine.CombineFn<String, Set<String>, Long> {
    private static final long serialVersionUID = 1L;

    @Override
    public Set<String> createAccumulator() {
      return new HashSet<>();
    }

    @Override
    public Set<String> addInput(Set<String> ids, String id) {
      ids.add(id);
      return ids;
    }

    @Override
    public Set<String> mergeAccumulators(Iterable<Set<String>> all) {
      Set<String> merged = new HashSet<>();
      all.forEach(merged::addAll);
      return merged;
    }

    @Override
    public Long extractOutput(Set<String> ids) {
      return (long) ids.size();
    }

    @Override
    public Coder<Set<String>> getAccumulatorCoder(CoderRegistry registry, Coder<String> inputCoder) {
      return SetCoder.of(StringUtf8Coder.of());
    }
  }

  static final class ToAlarmCount extends DoFn<KV<AlarmType, Long>, AlarmCount> {
    private static final long serialVersionUID = 1L;

    @ProcessElement
    public void processElement(@Element KV<AlarmType, Long> count, IntervalWindow window,
        OutputReceiver<AlarmCount> out) {
      if (count.getValue() == 0) {
        // Seen on the Flink runner only: when an accumulating window expires it fires one more pane per key
        // whose count is 0. Passed on, it would overwrite the window's real count in an upserting sink.
        return;
      }
      out.output(new AlarmCount(count.getKey(), window.start().getMillis(), window.end().getMillis(),
          count.getValue()));
    }
  }
}
