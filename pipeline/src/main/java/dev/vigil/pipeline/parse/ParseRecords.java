package dev.vigil.pipeline.parse;

import dev.vigil.pipeline.rules.SensorEvent;
import dev.vigil.wire.AlarmIds;
import dev.vigil.wire.MalformedMessageException;
import dev.vigil.wire.Reading;
import dev.vigil.wire.Recovery;
import dev.vigil.wire.WireFormat;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Raw records in, {@link #EVENTS} (stamped with their own event time) and {@link #DEAD_LETTERS} out. Nothing a
 * sender can put in a record stops the pipeline: every failure, expected or not, becomes a dead letter with the
 * reason, the original bytes and the source coordinates.
 */
public final class ParseRecords extends PTransform<PCollection<RawRecord>, PCollectionTuple> {
  private static final long serialVersionUID = 1L;

  public static final TupleTag<SensorEvent> EVENTS = new TupleTag<>("events") {};
  public static final TupleTag<DeadLetter> DEAD_LETTERS = new TupleTag<>("deadLetters") {};

  public static ParseRecords create() {
    return new ParseRecords();
  }

  @Override
  public PCollectionTuple expand(PCollection<RawRecord> records) {
    return records.apply("Parse", ParDo.of(new ParseFn()).withOutputTags(EVENTS, TupleTagList.of(DEAD_LETTERS)));
  }

  /**
   * Parses one record the way the gateway writes it: a JSON object (or array), or the legacy positional form. Each
   * event gets its position in the sensor's log ({@link AlarmIds}): the record's partition and offset, and its index
   * when the record holds several messages; a record without coordinates uses the event's time instead.
   */
  public static List<SensorEvent> parse(RawRecord record) throws MalformedMessageException {
    byte[] body = record.payload();
    List<SensorEvent> events = new ArrayList<>(1);
    switch (record.kind()) {
      case READING -> {
        List<Reading> readings = WireFormat.parseReadingBody(body, record.receivedAt());
        for (int i = 0; i < readings.size(); i++) {
          Reading reading = readings.get(i);
          events.add(SensorEvent.of(reading, position(record, reading.timestamp(), i, readings.size())));
        }
      }
      case RECOVERY -> {
        List<Recovery> recoveries = WireFormat.parseRecoveries(body, record.receivedAt());
        for (int i = 0; i < recoveries.size(); i++) {
          Recovery recovery = recoveries.get(i);
          events.add(SensorEvent.of(recovery, position(record, recovery.timestamp(), i, recoveries.size())));
        }
      }
      case ALARM -> throw new MalformedMessageException("kind", "is an alarm event, not a sensor message");
      case UNKNOWN -> throw new MalformedMessageException("vigil.kind",
          "header names no kind this pipeline knows; expected 'reading' (or no header) or 'recovery'");
    }
    for (SensorEvent event : events) {
      if (event.timestamp() > BoundedWindow.TIMESTAMP_MAX_VALUE.getMillis()) {
        throw new MalformedMessageException("timestamp", "is beyond the year 294,000");
      }
    }
    return events;
  }

  private static String position(RawRecord record, long eventTime, int index, int messages) {
    return record.topic() != null
        ? AlarmIds.logPosition(record.partition(), record.offset(), index, messages)
        : AlarmIds.timePosition(eventTime, index, messages);
  }

  static final class ParseFn extends DoFn<RawRecord, SensorEvent> {
    private static final long serialVersionUID = 1L;

    @ProcessElement
    public void processElement(@Element RawRecord record, MultiOutputReceiver out) {
      List<SensorEvent> events;
      try {
        events = parse(record);
      } catch (MalformedMessageException e) {
        out.get(DEAD_LETTERS).output(DeadLetter.of(record, e.getMessage()));
        return;
      } catch (RuntimeException e) {
        // A bug in parsing must not stop the stream either; the dead letter keeps the bytes for a replay.
        out.get(DEAD_LETTERS).output(DeadLetter.of(record, "unexpected " + e));
        return;
      }
      for (SensorEvent event : events) {
        out.get(EVENTS).outputWithTimestamp(event, new Instant(event.timestamp()));
      }
    }

    /**
     * Event time comes from inside the message and may be older than the record's own timestamp (a Kafka record is
     * stamped when it is appended): moving elements back in time is the point of this step. Late data is then
     * handled where it matters, by the count windows' allowed lateness; the rules run in the global window.
     */
    @Override
    @SuppressWarnings("deprecation")
    public Duration getAllowedTimestampSkew() {
      return Duration.millis(Long.MAX_VALUE);
    }
  }
}
