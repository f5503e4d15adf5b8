package dev.vigil.pipeline.influx;

import dev.vigil.pipeline.metrics.VigilMetric;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.influxdb.InfluxDB;
import org.influxdb.dto.BatchPoints;
import org.influxdb.dto.Point;
import org.influxdb.dto.Query;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Points buffered and written in batches of at most {@code --influxBatchSize}. A failed write is tried three times in
 * all, then dropped and counted in {@code influxWriteErrors}: these are dashboard points, and a newer state or count
 * replaces them. Used by the sinks' DoFns (one per DoFn instance; call from the DoFn's methods only, so that the Beam
 * counters count).
 */
final class InfluxBatchWriter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(InfluxBatchWriter.class);
  private static final int ATTEMPTS = 3;

  private final InfluxConnection connection;
  private final InfluxDB influx;
  private List<Point> buffer = new ArrayList<>();

  InfluxBatchWriter(InfluxConnection connection) {
    this.connection = connection;
    this.influx = connection.connect();
    try {
      influx.query(new Query("CREATE DATABASE \"" + connection.database() + "\"")); // idempotent in InfluxDB 1.x
    } catch (RuntimeException e) {
      LOG.warn("cannot create InfluxDB database {} (writes will tell whether it exists): {}", connection.database(),
          e.toString());
    }
  }

  void add(Point point) {
    buffer.add(point);
    if (buffer.size() >= connection.batchSize()) {
      flush();
    }
  }

  void flush() {
    if (buffer.isEmpty()) {
      return;
    }
    BatchPoints batch = BatchPoints.database(connection.database()).precision(TimeUnit.MILLISECONDS)
        .points(buffer).build();
    int points = buffer.size();
    buffer = new ArrayList<>();
    for (int attempt = 1; ; attempt++) {
      try {
        influx.write(batch);
        VigilMetric.INFLUX_POINTS_WRITTEN.inc(points);
        return;
      } catch (RuntimeException e) {
        if (attempt >= ATTEMPTS) {
          VigilMetric.INFLUX_WRITE_ERRORS.inc();
          LOG.warn("InfluxDB write of {} points failed {} times, dropped: {}", points, attempt, e.toString());
          return;
        }
        try {
          Thread.sleep(200L * attempt);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  @Override
  public void close() {
    influx.close();
  }
}
