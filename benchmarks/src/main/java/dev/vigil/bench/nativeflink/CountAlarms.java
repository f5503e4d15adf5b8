package dev.vigil.bench.nativeflink;

import dev.vigil.wire.Alarm;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;

/** Counts the alarms on their way to the discarding sink (the job's result is this count). */
final class CountAlarms extends RichMapFunction<Alarm, Alarm> {
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
