package dev.vigil.pipeline.count;

import dev.vigil.pipeline.coders.AlarmCountCoder;
import dev.vigil.pipeline.coders.AlarmTypeCoder;
import dev.vigil.wire.Alarm;
import dev.vigil.wire.AlarmStatus;
import dev.vigil.wire.AlarmType;
import org.apache.beam.sdk.coders.KvCoder;

import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.Count;
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
        .apply("RaisedOnly", ParDo.of(new RaisedTypes()))
        .setCoder(AlarmTypeCoder.of())
        .apply("FixedWindows", Window.<AlarmType>into(FixedWindows.of(windowSize))
            .triggering(AfterWatermark.pastEndOfWindow().withLateFirings(AfterPane.elementCountAtLeast(1)))
            .withAllowedLateness(allowedLateness)
            .accumulatingFiredPanes())
        .apply("CountPerType", Count.perElement())
        .setCoder(KvCoder.of(AlarmTypeCoder.of(), VarLongCoder.of()))
        .apply("WithWindow", ParDo.of(new ToAlarmCount()))
        .setCoder(AlarmCountCoder.of());
  }

  static final class RaisedTypes extends DoFn<Alarm, AlarmType> {
    private static final long serialVersionUID = 1L;

    @ProcessElement
    public void processElement(@Element Alarm alarm, OutputReceiver<AlarmType> out) {
      if (alarm.status() == AlarmStatus.RAISED) {
        out.output(alarm.type());
      }
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
