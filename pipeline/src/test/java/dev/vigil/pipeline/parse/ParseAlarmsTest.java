package dev.vigil.pipeline.parse;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.vigil.pipeline.coders.RawRecordCoder;
import dev.vigil.wire.Alarm;
import dev.vigil.wire.AlarmStatus;
import dev.vigil.wire.AlarmType;
import dev.vigil.wire.Reading;
import dev.vigil.wire.WireFormat;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** The mail branch's parser: alarm events from the alarms topic come back whole; anything else is a dead letter. */
@RunWith(JUnit4.class)
public class ParseAlarmsTest {
  private static final long RECEIVED = 1_795_334_400_000L;

  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  private static RawRecord record(MessageKind kind, byte[] body, long offset) {
    return new RawRecord(kind, body, "alarms", 1, offset, RECEIVED);
  }

  @Test
  public void alarmEventsRoundTripAndAnythingElseIsADeadLetterWithItsReason() {
    Reading hot = new Reading("42959", false, true, 25.5, 30.0, RECEIVED - 1_000);
    Alarm raised = new Alarm("42959/SMOKE/0-1", "42959", AlarmType.SMOKE, AlarmStatus.RAISED, RECEIVED, List.of(hot, hot, hot), null);
    Alarm cleared = new Alarm("42959/SMOKE/0-1", "42959", AlarmType.SMOKE, AlarmStatus.CLEARED, RECEIVED + 1, List.of(), null);

    PCollectionTuple out = pipeline
        .apply(Create.of(
                record(MessageKind.ALARM, WireFormat.toJson(raised), 1),
                record(MessageKind.ALARM, WireFormat.toJson(cleared), 2),
                record(MessageKind.ALARM, "{\"sensorId\":".getBytes(StandardCharsets.UTF_8), 3),
                record(MessageKind.READING, WireFormat.toJson(hot), 4))
            .withCoder(RawRecordCoder.of()))
        .apply(ParseAlarms.create());

    PAssert.that(out.get(ParseAlarms.ALARMS)).containsInAnyOrder(raised, cleared);
    PAssert.that(out.get(ParseAlarms.DEAD_LETTERS)).satisfies(letters -> {
      List<DeadLetter> all = new ArrayList<>();
      letters.forEach(all::add);
      assertEquals(2, all.size());
      assertTrue(all.stream().anyMatch(d -> d.offset() == 3 && d.kind() == MessageKind.ALARM
          && d.topic().equals("alarms") && d.reason().startsWith("body: not an alarm event")));
      assertTrue(all.stream().anyMatch(d -> d.offset() == 4 && d.reason().equals("kind: is READING, not an alarm event")));
      return null;
    });
    pipeline.run();
  }

  @Test
  public void theSensorParserTurnsAnAlarmRecordAway() {
    PCollectionTuple out = pipeline
        .apply(Create.of(record(MessageKind.ALARM, "{}".getBytes(StandardCharsets.UTF_8), 7))
            .withCoder(RawRecordCoder.of()))
        .apply(ParseRecords.create());
    PAssert.that(out.get(ParseRecords.EVENTS)).empty();
    PAssert.that(out.get(ParseRecords.DEAD_LETTERS)).satisfies(letters -> {
      DeadLetter letter = letters.iterator().next();
      assertEquals("kind: is an alarm event, not a sensor message", letter.reason());
      return null;
    });
    pipeline.run();
  }
}
