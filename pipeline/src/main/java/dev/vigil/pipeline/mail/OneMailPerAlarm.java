package dev.vigil.pipeline.mail;

import dev.vigil.pipeline.metrics.VigilMetric;
import dev.vigil.wire.Alarm;
import dev.vigil.wire.AlarmStatus;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * The RAISED alarm events that deserve a mail: each alarm id once. The alarms topic is written at-least-once (a
 * pipeline restart repeats the events since its last checkpoint, with the same ids), and the mail branch reads it
 * back, so without this step a repeat would mail the monitoring mailbox twice. Keyed by sensor, with the sensor's
 * recently mailed ids in state ({@link MailedAlarmIds}); needs no timer, so it runs on every runner.
 */
public final class OneMailPerAlarm extends PTransform<PCollection<Alarm>, PCollection<Alarm>> {
  private static final long serialVersionUID = 1L;

  public static OneMailPerAlarm create() {
    return new OneMailPerAlarm();
  }

  @Override
  public PCollection<Alarm> expand(PCollection<Alarm> alarms) {
    return alarms
        .apply("BySensor", WithKeys.of((Alarm alarm) -> alarm.sensorId()).withKeyType(TypeDescriptors.strings()))
        .apply("FirstOfEachId", ParDo.of(new FirstOfEachIdFn()));
  }

  static final class FirstOfEachIdFn extends DoFn<KV<String, Alarm>, Alarm> {
    private static final long serialVersionUID = 1L;

    @StateId("mailed")
    private final StateSpec<ValueState<MailedAlarmIds>> mailedSpec = StateSpecs.value();

    @ProcessElement
    public void processElement(@Element KV<String, Alarm> keyed, @StateId("mailed") ValueState<MailedAlarmIds> state,
        OutputReceiver<Alarm> out) {
      Alarm alarm = keyed.getValue();
      if (alarm.status() != AlarmStatus.RAISED) {
        return; // only RAISED alarms are mailed
      }
      MailedAlarmIds mailed = state.read();
      if (mailed == null) {
        mailed = MailedAlarmIds.none();
      }
      if (mailed.contains(alarm.id())) {
        VigilMetric.EMAILS_DUPLICATES_SKIPPED.inc();
        return;
      }
      state.write(mailed.with(alarm.id()));
      out.output(alarm);
    }
  }
}
