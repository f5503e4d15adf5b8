package dev.vigil.pipeline.metrics;

import dev.vigil.wire.Alarm;
import dev.vigil.wire.AlarmStatus;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;

/** Counts alarm events in {@code alarmsRaised} / {@code alarmsCleared}. */
public final class AlarmEventCounters extends PTransform<PCollection<Alarm>, PDone> {
  private static final long serialVersionUID = 1L;

  public static AlarmEventCounters create() {
    return new AlarmEventCounters();
  }

  @Override
  public PDone expand(PCollection<Alarm> alarms) {
    alarms.apply("Count", ParDo.of(new DoFn<Alarm, Void>() {
      private static final long serialVersionUID = 1L;

      @ProcessElement
      public void processElement(@Element Alarm alarm) {
        (alarm.status() == AlarmStatus.RAISED ? VigilMetric.ALARMS_RAISED : VigilMetric.ALARMS_CLEARED).inc();
      }
    }));
    return PDone.in(alarms.getPipeline());
  }
}
