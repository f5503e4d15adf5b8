package dev.vigil.pipeline.mail;

import dev.vigil.wire.Alarm;
import dev.vigil.wire.AlarmStatus;
import dev.vigil.wire.AlarmType;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.values.PCollection;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** A replay of the alarms topic repeats alarm events with their ids: each RAISED id reaches the mailbox once. */
@RunWith(JUnit4.class)
public class OneMailPerAlarmTest {
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  private static Alarm alarm(String sensor, String position, AlarmStatus status) {
    return new Alarm(sensor + "/SMOKE/" + position, sensor, AlarmType.SMOKE, status, 1_000, List.of(), null);
  }

  @Test
  public void eachRaisedIdOnceEvenWhenReplayedAfterItsClear() {
    Alarm a = alarm("s1", "0-10", AlarmStatus.RAISED);
    Alarm aCleared = alarm("s1", "0-10", AlarmStatus.CLEARED);
    Alarm b = alarm("s1", "0-20", AlarmStatus.RAISED);
    Alarm other = alarm("s2", "1-10", AlarmStatus.RAISED);
    PCollection<Alarm> mailed = pipeline
        .apply(TestStream.create(org.apache.beam.sdk.coders.SerializableCoder.of(Alarm.class))
            .addElements(a, aCleared, b, other)
            .addElements(a, aCleared, b) // the topic read again from before a: a restart of the pipeline
            .advanceWatermarkToInfinity())
        .apply(OneMailPerAlarm.create());
    PAssert.that(mailed).containsInAnyOrder(a, b, other);
    pipeline.run();
  }

  @Test
  public void remembersTheNewestIdsOfASensorOnly() {
    MailedAlarmIds mailed = MailedAlarmIds.none();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < MailedAlarmIds.KEPT + 4; i++) {
      ids.add("s/MOTION/0-" + i);
      mailed = mailed.with(ids.get(i));
    }
    org.assertj.core.api.Assertions.assertThat(mailed.ids())
        .hasSize(MailedAlarmIds.KEPT).containsExactlyElementsOf(ids.subList(4, ids.size()));
  }
}
