package dev.vigil.pipeline.influx;

import java.io.Serializable;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;

/** How to reach InfluxDB, serializable so that each worker connects itself; the password comes from its env. */
record InfluxConnection(String url, String database, String user, String passwordEnv, int batchSize,
    int bufferPoints) implements Serializable {

  static InfluxConnection of(InfluxOptions options) {
    return new InfluxConnection(options.getInfluxUrl(), options.getInfluxDatabase(), options.getInfluxUser(),
        options.getInfluxPasswordEnv(), Math.max(1, options.getInfluxBatchSize()),
        Math.max(1, options.getInfluxBufferPoints()));
  }

  InfluxDB connect() {
    String name = user.isBlank() ? System.getenv().getOrDefault("VIGIL_INFLUX_USER", "") : user;
    String password = System.getenv().getOrDefault(passwordEnv, "");
    return name.isBlank() ? InfluxDBFactory.connect(url) : InfluxDBFactory.connect(url, name, password);
  }
}
