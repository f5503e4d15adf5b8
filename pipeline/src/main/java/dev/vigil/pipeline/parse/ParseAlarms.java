package dev.vigil.pipeline.parse;

import dev.vigil.wire.Alarm;
import dev.vigil.wire.MalformedMessageException;
import dev.vigil.wire.WireFormat;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Alarm events read back from the alarms topic: {@link #ALARMS} out, and anything that is not an alarm event (another
 * writer's record, a record of another kind) to {@link #DEAD_LETTERS} with the reason, as for readings.
 */
public final class ParseAlarms extends PTransform<PCollection<RawRecord>, PCollectionTuple> {
  private static final long serialVersionUID = 1L;

  public static final TupleTag<Alarm> ALARMS = new TupleTag<>("alarms") {};
  public static final TupleTag<DeadLetter> DEAD_LETTERS = new TupleTag<>("alarmDeadLetters") {};

  public static ParseAlarms create() {
    return new ParseAlarms();
  }

  @Override
  public PCollectionTuple expand(PCollection<RawRecord> records) {
    return records.apply("Parse", ParDo.of(new ParseFn()).withOutputTags(ALARMS, TupleTagList.of(DEAD_LETTERS)));
  }

  static final class ParseFn extends DoFn<RawRecord, Alarm> {
    private static final long serialVersionUID = 1L;

    @ProcessElement
    public void processElement(@Element RawRecord record, MultiOutputReceiver out) {
      try {
        if (record.kind() != MessageKind.ALARM) {
          throw new MalformedMessageException("kind", "is " + record.kind() + ", not an alarm event");
        }
        out.get(ALARMS).output(WireFormat.parseAlarm(record.payload()));
      } catch (MalformedMessageException e) {
        out.get(DEAD_LETTERS).output(DeadLetter.of(record, e.getMessage()));
      } catch (RuntimeException e) {
        out.get(DEAD_LETTERS).output(DeadLetter.of(record, "unexpected " + e));
      }
    }
  }
}
