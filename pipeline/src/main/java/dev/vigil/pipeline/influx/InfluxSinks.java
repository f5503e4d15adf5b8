package dev.vigil.pipeline.influx;

import dev.vigil.pipeline.count.AlarmCount;
import dev.vigil.pipeline.rules.SensorState;
import dev.vigil.wire.AlarmType;
import dev.vigil.wire.Reading;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.influxdb.dto.Point;

/**
 * The InfluxDB sinks. Measurement names, tags and fields are a contract with the dashboards (README, Contracts):
 * <ul>
 *   <li>{@value #SENSOR_STATE}: tags {@code sensorId}, {@code geohash}, {@code zone} (the last two absent for a
 *       sensor no customer owns); fields {@code motion}, {@code smoke} (booleans), {@code temperature},
 *       {@code maxTemperature} (floats), {@code alarm} (boolean: any alarm active), {@code activeAlarms} (string,
 *       e.g. "SMOKE,TEMPERATURE", empty when none), {@code smokeStreak}, {@code temperatureStreak} (integers); time =
 *       the reading's event time.</li>
 *   <li>{@value #ALARM_COUNTS}: tag {@code type}; fields {@code count}, {@code windowSeconds} (integers); time = the
 *       window's start, so a late pane overwrites (upserts) its window's point.</li>
 * </ul>
 */
public final class InfluxSinks {
  private InfluxSinks() {}

  public static final String SENSOR_STATE = "sensor_state";
  public static final String ALARM_COUNTS = "alarm_counts";

  /**
   * Sensor states as they come: the rules already keep at most one per sensor per {@code --stateWriteIntervalSeconds}
   * of event time (plus every change of its alarms), see {@code SensorRules#takeStateTurn}.
   */
  public static PTransform<PCollection<SensorState>, PDone> sensorStates(InfluxOptions options) {
    InfluxConnection connection = InfluxConnection.of(options);
    return new PTransform<>("WriteSensorStatesToInflux") {
      @Override
      public PDone expand(PCollection<SensorState> states) {
        states.apply("Write", ParDo.of(new WriteInfluxPoints<>(connection, InfluxSinks::statePoint)));
        return PDone.in(states.getPipeline());
      }
    };
  }

  /**
   * Alarm counts per type and window, upserted by window start. Panes of one window may reach the sink out of order
   * (on the DirectRunner, bundles run in parallel): a stale pane written last would overwrite a newer count. Counts
   * of accumulating panes only grow, so the sink keeps, per (type, window), the highest count written and skips a
   * pane that is not higher. It writes from that stateful step itself: a key's elements are processed one at a time
   * there, so neither the check nor the write can race with a newer pane.
   */
  public static PTransform<PCollection<AlarmCount>, PDone> alarmCounts(InfluxOptions options) {
    InfluxConnection connection = InfluxConnection.of(options);
    return new PTransform<>("WriteAlarmCountsToInflux") {
      @Override
      public PDone expand(PCollection<AlarmCount> counts) {
        counts
            .apply("ByTypeAndWindow", WithKeys.of((AlarmCount c) -> c.type().name() + "@" + c.windowStart())
                .withKeyType(TypeDescriptors.strings()))
            .apply("WriteHigherCounts", ParDo.of(new WriteHigherCounts(connection)));
        return PDone.in(counts.getPipeline());
      }
    };
  }

  static Point statePoint(SensorState state) {
    Reading r = state.latest();
    Point.Builder point = Point.measurement(SENSOR_STATE).time(r.timestamp(), TimeUnit.MILLISECONDS)
        .tag("sensorId", r.sensorId())
        .addField("motion", r.motion())
        .addField("smoke", r.smoke())
        .addField("temperature", r.temperature())
        .addField("maxTemperature", r.maxTemperature())
        .addField("alarm", !state.activeAlarms().isEmpty())
        .addField("activeAlarms", activeAlarms(state))
        .addField("smokeStreak", (long) state.smokeStreak())
        .addField("temperatureStreak", (long) state.temperatureStreak());
    if (state.geohash() != null) {
      point.tag("geohash", state.geohash());
    }
    if (state.zone() != null) {
      point.tag("zone", state.zone());
    }
    return point.build();
  }

  static Point countPoint(AlarmCount count) {
    return Point.measurement(ALARM_COUNTS).time(count.windowStart(), TimeUnit.MILLISECONDS)
        .tag("type", count.type().name())
        .addField("count", count.count())
        .addField("windowSeconds", (count.windowEnd() - count.windowStart()) / 1000)
        .build();
  }

  static String activeAlarms(SensorState state) {
    return state.activeAlarms().stream().map(AlarmType::name).collect(Collectors.toCollection(TreeSet::new))
        .stream().collect(Collectors.joining(","));
  }

  /** Writes a window's count only when it is higher than every count written before for that key. */
  static final class WriteHigherCounts extends DoFn<KV<String, AlarmCount>, Void> {
    private static final long serialVersionUID = 1L;
    private final InfluxConnection connection;
    private transient InfluxBatchWriter writer;

    @StateId("highest")
    private final StateSpec<ValueState<Long>> highestSpec = StateSpecs.value(VarLongCoder.of());

    WriteHigherCounts(InfluxConnection connection) {
      this.connection = connection;
    }

    @Setup
    public void setup() {
      writer = new InfluxBatchWriter(connection);
    }

    @ProcessElement
    public void processElement(@Element KV<String, AlarmCount> element,
        @StateId("highest") ValueState<Long> highest) {
      AlarmCount count = element.getValue();
      Long written = highest.read();
      if (written == null || count.count() > written) {
        highest.write(count.count());
        writer.add(countPoint(count));
        writer.flush(); // now, not at the end of the bundle: the next pane of this key may be in the next bundle
      }
    }

    @Teardown
    public void teardown() {
      if (writer != null) {
        writer.close();
      }
    }
  }
}
