package dev.vigil.bench.nativeflink;

import dev.vigil.wire.MalformedMessageException;
import dev.vigil.wire.Reading;
import dev.vigil.wire.WireFormat;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.util.Collector;

/** Parses each record with the wire format's reading parser; a record that does not parse is counted and dropped. */
final class ParseReadings extends RichFlatMapFunction<Tuple2<byte[], Long>, Reading> {
  private static final long serialVersionUID = 1L;
  static final String RECORDS = "records";
  static final String BAD_RECORDS = "badRecords";

  private final LongCounter records = new LongCounter();
  private final LongCounter badRecords = new LongCounter();

  @Override
  public void open(OpenContext context) {
    getRuntimeContext().addAccumulator(RECORDS, records);
    getRuntimeContext().addAccumulator(BAD_RECORDS, badRecords);
  }

  @Override
  public void flatMap(Tuple2<byte[], Long> payload, Collector<Reading> out) {
    records.add(1);
    Reading reading;
    try {
      reading = WireFormat.parseReading(payload.f0, payload.f1);
    } catch (MalformedMessageException | RuntimeException e) {
      badRecords.add(1); // the pipeline dead-letters these; here they are only counted
      return;
    }
    out.collect(reading);
  }
}
