package dev.vigil.pipeline.influx;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** Where the live sensor states and the alarm counts go (InfluxDB 1.x). Defaults point at the local stack. */
public interface InfluxOptions extends PipelineOptions {

  @Description("InfluxDB URL.")
  @Default.String("http://127.0.0.1:8086")
  String getInfluxUrl();

  void setInfluxUrl(String value);

  @Description("InfluxDB database; created when absent.")
  @Default.String("vigil")
  String getInfluxDatabase();

  void setInfluxDatabase(String value);

  @Description("InfluxDB user (empty: the environment variable VIGIL_INFLUX_USER, else no authentication).")
  @Default.String("")
  String getInfluxUser();

  void setInfluxUser(String value);

  @Description("Name of the environment variable that holds the InfluxDB password (read on the workers, never "
      + "passed on the command line).")
  @Default.String("VIGIL_INFLUX_PASSWORD")
  String getInfluxPasswordEnv();

  void setInfluxPasswordEnv(String value);

  @Description("Most points per InfluxDB write.")
  @Default.Integer(5000)
  int getInfluxBatchSize();

  void setInfluxBatchSize(int value);

  @Description("Most points waiting for InfluxDB per writer (each sink instance has one) while it is slow or down; "
      + "beyond it the oldest are dropped and counted (influxPointsDropped). ~300 bytes of heap a point.")
  @Default.Integer(200_000)
  int getInfluxBufferPoints();

  void setInfluxBufferPoints(int value);
}
