package dev.vigil.pipeline.parse;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.vigil.pipeline.coders.RawRecordCoder;
import dev.vigil.pipeline.rules.SensorEvent;
import dev.vigil.wire.Reading;
import dev.vigil.wire.Recovery;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

@RunWith(JUnit4.class)
public class ParseRecordsTest {
  private static final long RECEIVED = 1_795_334_400_000L;

  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  private static RawRecord record(MessageKind kind, String body, long offset) {
    return new RawRecord(kind, body.getBytes(StandardCharsets.UTF_8), "readings", 2, offset, RECEIVED);
  }

  @Test
  public void goodRecordsBecomeEventsStampedWithTheirEventTimeAndBadOnesDeadLetters() {
    RawRecord json = record(MessageKind.READING, "{\"sensorId\":\"42959\",\"motion\":false,\"smoke\":true,"
        + "\"temperature\":25.5,\"maxTemperature\":30.0,\"timestamp\":1795334300000}", 1);
    RawRecord legacy = record(MessageKind.READING, "{\"42960\",\"true\",\"false\",\"25.5\",\"30.0\"}", 2);
    RawRecord recovery = record(MessageKind.RECOVERY, "{\"sensorId\":\"42959\",\"timestamp\":1795334350000}", 3);
    RawRecord notJson = record(MessageKind.READING, "{\"sensorId\":\"1\",", 4);
    RawRecord badField = record(MessageKind.READING,
        "{\"sensorId\":\"1\",\"motion\":\"yes\",\"smoke\":false,\"temperature\":1,\"maxTemperature\":2}", 5);
    RawRecord missing = record(MessageKind.RECOVERY, "{\"timestamp\":1}", 6);
    RawRecord empty = new RawRecord(MessageKind.READING, new byte[0], null, -1, -1, RECEIVED);
    RawRecord unknownKind = record(MessageKind.UNKNOWN, "{\"sensorId\":\"1\"}", 7);
    RawRecord batch = record(MessageKind.READING, "[{\"sensorId\":\"7\",\"motion\":true,\"smoke\":false,"
        + "\"temperature\":1,\"maxTemperature\":2},{\"sensorId\":\"7\",\"motion\":false,\"smoke\":false,"
        + "\"temperature\":1,\"maxTemperature\":2}]", 8);

    PCollectionTuple out = pipeline
        .apply(Create.of(json, legacy, recovery, notJson, badField, missing, empty, unknownKind, batch)
            .withCoder(RawRecordCoder.of()))
        .apply(ParseRecords.create());

    // Each event knows its place in the sensor's log: partition-offset, and its index in a record of several.
    PAssert.that(out.get(ParseRecords.EVENTS)).containsInAnyOrder(
        SensorEvent.of(new Reading("42959", false, true, 25.5, 30.0, 1_795_334_300_000L), "2-1"),
        SensorEvent.of(new Reading("42960", true, false, 25.5, 30.0, RECEIVED), "2-2"),
        SensorEvent.of(new Recovery("42959", 1_795_334_350_000L), "2-3"),
        SensorEvent.of(new Reading("7", true, false, 1, 2, RECEIVED), "2-8-0"),
        SensorEvent.of(new Reading("7", false, false, 1, 2, RECEIVED), "2-8-1"));
    PAssert.that(out.get(ParseRecords.EVENTS).apply(ParDo.of(new TimestampMatches())))
        .containsInAnyOrder(true, true, true, true, true);

    int badFieldLength = badField.payload().length; // the lambda is serialized: capture a number, not a record
    PAssert.that(out.get(ParseRecords.DEAD_LETTERS)).satisfies(letters -> {
      List<DeadLetter> all = new ArrayList<>();
      letters.forEach(all::add);
      assertEquals(5, all.size());
      DeadLetter field = all.stream().filter(d -> d.offset() == 5).findFirst().orElseThrow();
      assertEquals("motion: must be true or false, got a string", field.reason());
      assertEquals("readings", field.topic());
      assertEquals(2, field.partition());
      assertEquals(badFieldLength, field.payload().length);
      assertTrue(all.stream().anyMatch(d -> d.offset() == 4 && d.reason().startsWith("body: not valid JSON")));
      assertTrue(all.stream().anyMatch(d -> d.offset() == 6 && d.reason().equals("sensorId: is required")
          && d.kind() == MessageKind.RECOVERY));
      assertTrue(all.stream().anyMatch(d -> d.offset() == -1 && d.topic() == null
          && d.reason().startsWith("body: empty body")));
      assertTrue(all.stream().anyMatch(d -> d.offset() == 7 && d.kind() == MessageKind.UNKNOWN
          && d.reason().startsWith("vigil.kind: header names no kind")));
      return null;
    });
    pipeline.run();
  }

  /** Each event carries its own event time as the element timestamp (what the windows downstream count by). */
  static final class TimestampMatches extends DoFn<SensorEvent, Boolean> {
    @ProcessElement
    public void processElement(@Element SensorEvent event, @Timestamp org.joda.time.Instant timestamp,
        OutputReceiver<Boolean> out) {
      out.output(timestamp.getMillis() == event.timestamp());
    }
  }
}
