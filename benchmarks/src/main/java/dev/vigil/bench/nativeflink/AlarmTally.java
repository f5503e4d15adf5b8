package dev.vigil.bench.nativeflink;

import dev.vigil.wire.Alarm;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;

/** Passes each alarm on to the discarding sink and tallies it in a Flink accumulator: the job's result is that tally. */
final class AlarmTally extends RichMapFunction<Alarm, Alarm> {
  private static final long serialVersionUID = 1L;
  static final String ALARMS = "alarms";

  private final LongCounter alarms = new LongCounter();

  @Override
  public void open(OpenContext context) {
    getRuntimeContext().addAccumulator(ALARMS, alarms);
  }

  @Override
  public Alarm map(Alarm alarm) {
    alarms.add(1);
    return alarm;
  }
}
