package dev.vigil.tests.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.tests.support.Eventually;
import dev.vigil.tests.support.KafkaTopics;
import dev.vigil.wire.Alarm;
import dev.vigil.wire.AlarmStatus;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;
import org.junit.jupiter.api.Test;

/**
 * InfluxDB down for a minute under load, on embedded Flink (the pipeline writes to it through a {@link ServerOutage}
 * relay, which cuts its connections and refuses new ones; the stack's InfluxDB stays up for the other tests). The
 * alarms keep reaching Kafka meanwhile, and once InfluxDB is back, the map points and the counts of the outage's
 * minutes arrive: every RAISED alarm has its sensor_state point, every window its exact count, none dropped.
 *
 * <p>The messages' event times start ten minutes in the past, so that a count window closes as soon as its alarms
 * arrive (the watermark follows the processing time) and the outage's counts are written during the outage.
 */
class InfluxOutageIT {
  private static final Duration RESULTS = Duration.ofSeconds(120);
  private static final Duration OUTAGE = Duration.ofSeconds(60);
  /** Count windows of a minute, as deployed (the other ITs count in 5 s windows). */
  private static final Duration WINDOW = Duration.ofMinutes(1);

  private final SeededSensorTraffic traffic = new SeededSensorTraffic(40, 2033);

  @Test
  void anInfluxDbOutageDelaysThePointsButNotTheAlarms() throws Exception {
    try (ServerOutage influxDb = ServerOutage.influxDb(); PipelineRun run = new PipelineRun("influxoutage", 100);
        KafkaTopics alarmEvents = new KafkaTopics(run.alarmsTopic)) {
      run.clockFrom(System.currentTimeMillis() - Duration.ofMinutes(10).toMillis());
      run.start(PipelineOnFlinkIT.embeddedFlink(), Map.of("influxUrl", "http://127.0.0.1:" + influxDb.port(),
          "allowedLatenessMinutes", "30", "countWindowSeconds", String.valueOf(WINDOW.toSeconds())));
      traffic.send(run, 100);
      traffic.compare(alarmEvents, RESULTS).assertExact();
      double beforeSeconds = secondsToAllAlarms(alarmEvents, 50, run);

      influxDb.down();
      long downAt = System.nanoTime();
      double duringSeconds;
      int sentDuringOutage;
      try (SeededSensorTraffic.Trickle trickle = traffic.trickle(run, 2, 1000)) {
        Thread.sleep(15_000);
        duringSeconds = secondsToAllAlarms(alarmEvents, 50, run);
        Thread.sleep(Math.max(0, OUTAGE.toMillis() - (System.nanoTime() - downAt) / 1_000_000));
        sentDuringOutage = trickle.stop();
      }
      Map<String, Double> whileDown = run.assertMetrics(Map.of(), Duration.ofSeconds(10));
      assertThat(whileDown.get("influx_write_errors")).as("failed InfluxDB writes during the outage").isPositive();
      influxDb.up(true);
      long upAt = System.nanoTime();
      traffic.send(run, 50);

      SeededSensorTraffic.Comparison whole = traffic.compare(alarmEvents, RESULTS);
      whole.assertExact();
      List<Alarm> expected = traffic.expected();
      Map<String, Long> expectedCounts = countsPerWindow(expected);
      Map<String, Long> lastWritten = new TreeMap<>();
      Map<String, Long> counts;
      try {
        counts = Eventually.get(RESULTS, "alarm_counts " + expectedCounts, () -> {
          Map<String, Long> written = writtenCounts(run);
          lastWritten.clear();
          lastWritten.putAll(written);
          return written.equals(expectedCounts) ? written : null;
        });
      } catch (AssertionError e) {
        throw new AssertionError(e.getMessage() + "; written " + lastWritten, e);
      }
      Set<String> raisedPoints = expected.stream().filter(a -> a.status() == AlarmStatus.RAISED)
          .map(a -> a.sensorId() + "@" + a.timestamp()).collect(Collectors.toSet());
      Eventually.get(RESULTS, "a sensor_state point for each of " + raisedPoints.size() + " RAISED alarms",
          () -> pointTimes(run).containsAll(raisedPoints) ? Boolean.TRUE : null);
      double pointsCaughtUp = (System.nanoTime() - upAt) / 1e9;
      Map<String, Double> after = run.assertMetrics(Map.of(), Duration.ofSeconds(10));
      System.out.printf("InfluxOutageIT: InfluxDB down %.0f s, %d connections turned away; sent %d messages (%d"
          + " during the outage), alarms expected %d, found %d, lost %d; 50 messages to all their alarms: %.1f s"
          + " before, %.1f s during the outage; after it, every count (%d windows) and RAISED point (%d) written"
          + " within %.1f s; InfluxDB write errors %.0f, points written %.0f, dropped %.0f%n",
          OUTAGE.toSeconds() * 1.0, influxDb.turnedAway(), traffic.sentCount(), sentDuringOutage,
          whole.expected().size(), whole.distinct(), whole.lost().size(), beforeSeconds, duringSeconds,
          counts.size(), raisedPoints.size(), pointsCaughtUp, after.get("influx_write_errors"),
          after.get("influx_points_written"), after.get("influx_points_dropped"));
      assertThat(duringSeconds).as("seconds from 50 messages to all their alarms while InfluxDB is down")
          .isLessThan(30);
      assertThat(after.get("influx_points_dropped")).as("points dropped").isZero();
    }
  }

  /** Sends {@code count} messages and returns how long until every alarm event the rules expect is on the topic. */
  private double secondsToAllAlarms(KafkaTopics alarmEvents, int count, PipelineRun run) throws Exception {
    long start = System.nanoTime();
    traffic.send(run, count);
    traffic.compare(alarmEvents, Duration.ofSeconds(60)).assertExact();
    return (System.nanoTime() - start) / 1e9;
  }

  /** Distinct RAISED ids per {@code TYPE@window start}, as the counts should give them. */
  private static Map<String, Long> countsPerWindow(List<Alarm> alarms) {
    return alarms.stream().filter(a -> a.status() == AlarmStatus.RAISED).collect(Collectors.groupingBy(
        a -> a.type() + "@" + (a.timestamp() - Math.floorMod(a.timestamp(), WINDOW.toMillis())), TreeMap::new,
        Collectors.mapping(Alarm::id, Collectors.collectingAndThen(Collectors.toSet(), s -> (long) s.size()))));
  }

  private static Map<String, Long> writtenCounts(PipelineRun run) {
    Map<String, Long> counts = new TreeMap<>();
    QueryResult result = run.influx.query(new Query("SELECT \"count\" FROM alarm_counts GROUP BY \"type\"",
        run.database), TimeUnit.MILLISECONDS);
    var series = result.getResults().get(0).getSeries();
    if (series != null) {
      for (QueryResult.Series s : series) {
        for (List<Object> row : s.getValues()) {
          counts.put(s.getTags().get("type") + "@" + ((Number) row.get(0)).longValue(),
              ((Number) row.get(1)).longValue());
        }
      }
    }
    return counts;
  }

  /** {@code sensorId@time} of every sensor_state point. */
  private static Set<String> pointTimes(PipelineRun run) {
    QueryResult result = run.influx.query(new Query("SELECT \"alarm\" FROM sensor_state GROUP BY \"sensorId\"",
        run.database), TimeUnit.MILLISECONDS);
    var series = result.getResults().get(0).getSeries();
    Map<String, Boolean> points = new HashMap<>();
    if (series != null) {
      for (QueryResult.Series s : series) {
        for (List<Object> row : s.getValues()) {
          points.put(s.getTags().get("sensorId") + "@" + ((Number) row.get(0)).longValue(), Boolean.TRUE);
        }
      }
    }
    return points.keySet();
  }
}
