package dev.vigil.tests.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.tests.support.LocalStack;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;
import org.influxdb.dto.BatchPoints;
import org.influxdb.dto.Point;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;
import org.junit.jupiter.api.Test;

/** The stack's InfluxDB takes a batch of points and answers a query over them. */
class InfluxDbSmokeIT {

  @Test
  void writesAndQueriesPoints() {
    String database = "vigil_smoke";
    try (InfluxDB influx = InfluxDBFactory.connect(LocalStack.influxDbUrl())) {
      assertThat(influx.ping().isGood()).as(LocalStack.hint("InfluxDB")).isTrue();
      influx.query(new Query("DROP DATABASE " + database));
      influx.query(new Query("CREATE DATABASE " + database));

      long base = System.currentTimeMillis() - 60_000;
      BatchPoints.Builder batch = BatchPoints.database(database);
      for (int i = 0; i < 10; i++) {
        batch.point(Point.measurement("sensor_state").time(base + i * 1000L, TimeUnit.MILLISECONDS)
            .tag("sensorId", "s" + (i % 2)).tag("geohash", "ezjmgu")
            .addField("temperature", 20.0 + i).addField("smoke", false).build());
      }
      influx.write(batch.build());

      QueryResult result = influx.query(new Query(
          "SELECT count(temperature), max(temperature) FROM sensor_state GROUP BY sensorId", database));
      assertThat(result.hasError()).as(String.valueOf(result.getError())).isFalse();
      List<QueryResult.Series> series = result.getResults().get(0).getSeries();
      assertThat(series).hasSize(2);
      assertThat(series).allSatisfy(s -> assertThat(((Number) s.getValues().get(0).get(1)).intValue()).isEqualTo(5));
      assertThat(series.stream().mapToDouble(s -> ((Number) s.getValues().get(0).get(2)).doubleValue()).max())
          .hasValue(29.0);
      influx.query(new Query("DROP DATABASE " + database));
    }
  }
}
