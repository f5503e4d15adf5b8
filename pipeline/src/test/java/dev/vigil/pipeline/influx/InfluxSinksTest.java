package dev.vigil.pipeline.influx;

import dev.vigil.pipeline.coders.SensorStateCoder;
import dev.vigil.pipeline.count.AlarmCount;
import dev.vigil.pipeline.rules.SensorState;
import dev.vigil.wire.AlarmType;
import dev.vigil.wire.Reading;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.Assert;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** The InfluxDB points (the measurement contract) and the per-sensor throttle, on the DirectRunner. */
@RunWith(JUnit4.class)
public class InfluxSinksTest {
  private static final long T0 = 1_795_334_400_000L;

  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  private static SensorState state(String id, long second, Set<AlarmType> alarms) {
    return new SensorState(new Reading(id, false, !alarms.isEmpty(), 21.5, 30, T0 + second * 1000), alarms, 1, 0,
        "ezjmgu1", "Mediterranean");
  }

  @Test
  public void aSensorIsWrittenOncePerIntervalOfEventTimePlusWheneverItsAlarmsChange() {
    List<SensorState> states = List.of(
        state("a", 0, Set.of()),            // first: written
        state("a", 1, Set.of()),            // within 5 s: dropped
        state("b", 1, Set.of()),            // another sensor: written
        state("a", 2, Set.of(AlarmType.SMOKE)),  // alarms changed: written
        state("a", 4, Set.of(AlarmType.SMOKE)),  // dropped
        state("a", 3, Set.of(AlarmType.SMOKE)),  // late and unchanged: dropped
        state("a", 7, Set.of(AlarmType.SMOKE)),  // 5 s after the last written: written
        state("a", 8, Set.of()));           // cleared: written
    TestStream.Builder<KV<String, SensorState>> stream =
        TestStream.create(KvCoder.of(StringUtf8Coder.of(), SensorStateCoder.of()));
    for (SensorState s : states) {
      stream = stream.addElements(KV.of(s.sensorId(), s));
    }
    PCollection<String> written = pipeline.apply(stream.advanceWatermarkToInfinity())
        .apply(ParDo.of(new InfluxSinks.ThrottleByEventTime(5_000)))
        .setCoder(SensorStateCoder.of())
        .apply(MapElements.into(TypeDescriptors.strings())
            .via(s -> s.sensorId() + "@" + (s.latest().timestamp() - T0) / 1000));
    PAssert.that(written).containsInAnyOrder("a@0", "b@1", "a@2", "a@7", "a@8");
    pipeline.run().waitUntilFinish();
  }

  @Test
  public void pointsFollowTheMeasurementContract() {
    Assert.assertEquals("sensor_state,geohash=ezjmgu1,sensorId=a,zone=Mediterranean activeAlarms=\"SMOKE,TEMPERATURE\","
        + "alarm=true,maxTemperature=30.0,motion=false,smoke=true,smokeStreak=1i,temperature=21.5,"
        + "temperatureStreak=0i " + (T0 + 2000) + "000000",
        InfluxSinks.statePoint(state("a", 2, Set.of(AlarmType.TEMPERATURE, AlarmType.SMOKE))).lineProtocol());
    SensorState unknown = new SensorState(new Reading("u", true, false, 20, 30, T0), Set.of(), 0, 0, null, null);
    Assert.assertTrue(InfluxSinks.statePoint(unknown).lineProtocol().startsWith("sensor_state,sensorId=u "));
    Assert.assertEquals("alarm_counts,type=SMOKE count=4i,windowSeconds=60i " + T0 + "000000",
        InfluxSinks.countPoint(new AlarmCount(AlarmType.SMOKE, T0, T0 + 60_000, 4)).lineProtocol());
  }
}
