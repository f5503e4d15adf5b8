package dev.vigil.tests.grafana;

import static dev.vigil.tests.grafana.DataSourceQueries.DATABASE;
import static dev.vigil.tests.grafana.DataSourceQueries.influxQuery;
import static dev.vigil.tests.grafana.DataSourceQueries.writeInflux;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.tests.support.StackControl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the pipeline puts where the dashboards look, without running it: this run's own sensor states and alarm
 * counts, written into InfluxDB as the pipeline writes them and dropped again, and the names of the counters it
 * exports to Prometheus.
 */
final class PipelineOutput {
  private PipelineOutput() {}

  // This run's data: unique tag values, so that nothing else in the database matches and nothing is overwritten.
  static final String RUN = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
  static final String ZONE = "ITzone" + RUN;
  static final String BURNING = "it-" + RUN + "-burning";     // in alarm now (smoke and heat)
  static final String RECOVERED = "it-" + RUN + "-recovered"; // was in alarm, cleared by its last state
  static final String QUIET = "it-" + RUN + "-quiet";         // never in alarm
  static final String UNOWNED = "it-" + RUN + "-unowned";     // no customer: no geohash, no zone; in alarm
  static final String SMOKE = "ITSMOKE" + RUN;
  static final String MOTION = "ITMOTION" + RUN;

  static final long NOW = System.currentTimeMillis();
  static final long MINUTE = 60_000;
  static final long THIS_MINUTE = NOW / MINUTE * MINUTE;

  /** Sensor states and alarm counts as the pipeline writes them, with this run's tag values. */
  static void writeThisRunsPoints() throws IOException, InterruptedException {
    influxQuery("CREATE DATABASE " + DATABASE, true); // idempotent; the pipeline creates it too
    String m = " ";
    writeInflux(String.join("\n",
        state(BURNING, "gcpvj0e", ZONE, false, false, 30.0, false, "", 0, 0) + m + (NOW - 3 * MINUTE),
        state(BURNING, "gcpvj0e", ZONE, false, true, 71.5, true, "SMOKE,TEMPERATURE", 3, 4) + m + (NOW - MINUTE),
        state(RECOVERED, "u09tvw0", ZONE, true, false, 22.0, true, "MOTION", 0, 0) + m + (NOW - 3 * MINUTE),
        state(RECOVERED, "u09tvw0", ZONE, false, false, 21.0, false, "", 0, 0) + m + (NOW - MINUTE),
        state(QUIET, "ezjmgu4", ZONE, false, false, 19.5, false, "", 0, 0) + m + (NOW - 2 * MINUTE),
        state(UNOWNED, null, null, false, false, 20.0, true, "OFFLINE", 0, 0) + m + (NOW - MINUTE),
        count(SMOKE, 2) + m + (THIS_MINUTE - 5 * MINUTE),
        count(SMOKE, 3) + m + (THIS_MINUTE - 4 * MINUTE),
        count(SMOKE, 5) + m + (THIS_MINUTE - 4 * MINUTE), // a later pane of the same window: overwrites 3
        count(SMOKE, 1) + m + (THIS_MINUTE - 3 * MINUTE),
        count(MOTION, 3) + m + (THIS_MINUTE - 4 * MINUTE)));
  }

  static void dropThisRunsPoints() throws IOException, InterruptedException {
    influxQuery("DROP SERIES FROM \"sensor_state\" WHERE \"zone\" = '" + ZONE + "'", true);
    influxQuery("DROP SERIES FROM \"sensor_state\" WHERE \"sensorId\" = '" + UNOWNED + "'", true);
    influxQuery("DROP SERIES FROM \"alarm_counts\" WHERE \"type\" = '" + SMOKE + "'", true);
    influxQuery("DROP SERIES FROM \"alarm_counts\" WHERE \"type\" = '" + MOTION + "'", true);
  }

  /** A sensor_state point as the pipeline writes it (InfluxSinks.statePoint), without its time. */
  private static String state(String sensor, String geohash, String zone, boolean motion, boolean smoke,
      double temperature, boolean alarm, String activeAlarms, int smokeStreak, int temperatureStreak) {
    return "sensor_state,sensorId=" + sensor + (geohash == null ? "" : ",geohash=" + geohash)
        + (zone == null ? "" : ",zone=" + zone) + " motion=" + motion + ",smoke=" + smoke + ",temperature="
        + temperature + ",maxTemperature=60.0,alarm=" + alarm + ",activeAlarms=\"" + activeAlarms + "\",smokeStreak="
        + smokeStreak + "i,temperatureStreak=" + temperatureStreak + "i";
  }

  /** An alarm_counts point as the pipeline writes it (InfluxSinks.countPoint), without its time. */
  private static String count(String type, long count) {
    return "alarm_counts,type=" + type + " count=" + count + "i,windowSeconds=60i";
  }

  /**
   * The Prometheus names of the pipeline's counters, read from VigilMetric's source (Dropwizard names, dots as
   * underscores, served without a suffix by simpleclient_dropwizard), so that a renamed counter breaks this test.
   */
  static Set<String> pipelineMetricNames() throws IOException {
    Path source = StackControl.home()
        .resolve("pipeline/src/main/java/dev/vigil/pipeline/metrics/VigilMetric.java");
    Matcher names = Pattern.compile("\"(vigil\\.pipeline\\.[a-z.]+)\"").matcher(Files.readString(source));
    Set<String> exported = new HashSet<>();
    while (names.find()) {
      exported.add(names.group(1).replace('.', '_'));
    }
    assertThat(exported).as("counters in " + source).hasSizeGreaterThanOrEqualTo(10);
    return exported;
  }
}
