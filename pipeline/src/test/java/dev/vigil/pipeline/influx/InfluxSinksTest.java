package dev.vigil.pipeline.influx;

import dev.vigil.pipeline.count.AlarmCount;
import dev.vigil.pipeline.rules.SensorState;
import dev.vigil.wire.AlarmType;
import dev.vigil.wire.Reading;
import java.util.Set;
import org.junit.Assert;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** The InfluxDB points: the measurement contract (the per-sensor throttle is the rules', see SensorRulesTest). */
@RunWith(JUnit4.class)
public class InfluxSinksTest {
  private static final long T0 = 1_795_334_400_000L;

  private static SensorState state(String id, long second, Set<AlarmType> alarms) {
    return new SensorState(new Reading(id, false, !alarms.isEmpty(), 21.5, 30, T0 + second * 1000), alarms, 1, 0,
        "ezjmgu1", "Mediterranean");
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
