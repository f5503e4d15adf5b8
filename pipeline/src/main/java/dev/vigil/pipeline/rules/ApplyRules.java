package dev.vigil.pipeline.rules;

import dev.vigil.wire.Alarm;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Sensor events in, {@link #ALARMS} and {@link #STATES} out: keys every event by sensor id and runs the per-sensor
 * rules in arrival order. With timers off (Spark) the DoFn declares no timer at all.
 */
public final class ApplyRules extends PTransform<PCollection<SensorEvent>, PCollectionTuple> {
  private static final long serialVersionUID = 1L;

  /** RAISED and CLEARED alarm events, customer not yet attached. */
  public static final TupleTag<Alarm> ALARMS = new TupleTag<>("alarms") {};
  /** The sensor's state after a reading (rule 5): after each, or throttled, see {@link SensorRules#takeStateTurn}. */
  public static final TupleTag<SensorState> STATES = new TupleTag<>("states") {};

  private final RulesConfig config;

  private ApplyRules(RulesConfig config) {
    this.config = config;
  }

  public static ApplyRules with(RulesConfig config) {
    return new ApplyRules(config);
  }

  @Override
  public PCollectionTuple expand(PCollection<SensorEvent> events) {
    PCollection<KV<String, SensorEvent>> keyed = events
        .apply("KeyBySensor", ParDo.of(new KeyBySensor()));
    DoFn<KV<String, SensorEvent>, Alarm> rules = config.offlineEnabled()
        ? new SensorRulesWithTimersFn(config)
        : new SensorRulesFn(config);
    PCollectionTuple out = keyed.apply("PerSensorRules",
        ParDo.of(rules).withOutputTags(ALARMS, TupleTagList.of(STATES)));
    return PCollectionTuple.of(ALARMS, out.get(ALARMS)).and(STATES, out.get(STATES));
  }

  static final class KeyBySensor extends DoFn<SensorEvent, KV<String, SensorEvent>> {
    private static final long serialVersionUID = 1L;

    @ProcessElement
    public void processElement(@Element SensorEvent event, OutputReceiver<KV<String, SensorEvent>> out) {
      out.output(KV.of(event.sensorId(), event));
    }
  }
}
