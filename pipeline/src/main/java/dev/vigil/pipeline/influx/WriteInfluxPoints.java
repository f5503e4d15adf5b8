package dev.vigil.pipeline.influx;

import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.influxdb.dto.Point;

/** Writes elements as InfluxDB points: a bundle's points go out together at the end of the bundle. */
final class WriteInfluxPoints<T> extends DoFn<T, Void> {
  private static final long serialVersionUID = 1L;

  private final InfluxConnection connection;
  private final SerializableFunction<T, Point> toPoint;
  private transient InfluxBatchWriter writer;

  WriteInfluxPoints(InfluxConnection connection, SerializableFunction<T, Point> toPoint) {
    this.connection = connection;
    this.toPoint = toPoint;
  }

  @Setup
  public void setup() {
    writer = new InfluxBatchWriter(connection);
  }

  @ProcessElement
  public void processElement(@Element T element) {
    writer.add(toPoint.apply(element));
  }

  @FinishBundle
  public void finishBundle() {
    writer.flush();
  }

  @Teardown
  public void teardown() {
    if (writer != null) {
      writer.close();
    }
  }
}
