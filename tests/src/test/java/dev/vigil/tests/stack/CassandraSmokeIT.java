package dev.vigil.tests.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.driver.core.Cluster;
import com.datastax.driver.core.Row;
import com.datastax.driver.core.Session;
import dev.vigil.tests.support.LocalStack;
import org.junit.jupiter.api.Test;

/** The stack's Cassandra answers CQL: a keyspace, a table, a write and a read. */
class CassandraSmokeIT {

  @Test
  void roundTripsARowOverCql() {
    // JMX reporting off: the 3.x driver's reporter class moved in Dropwizard Metrics 4 (see the platform notes).
    try (Cluster cluster = Cluster.builder().addContactPoint(LocalStack.HOST).withPort(LocalStack.cassandraPort())
            .withoutJMXReporting().build();
        Session session = cluster.connect()) {
      session.execute("CREATE KEYSPACE IF NOT EXISTS vigil_smoke WITH replication = "
          + "{'class': 'SimpleStrategy', 'replication_factor': 1}");
      session.execute("CREATE TABLE IF NOT EXISTS vigil_smoke.sensors (sensor_id text PRIMARY KEY, geohash text,"
          + " max_temperature double)");
      session.execute("INSERT INTO vigil_smoke.sensors (sensor_id, geohash, max_temperature) VALUES (?, ?, ?)",
          "42959", "ezjmgu", 30.0);

      Row row = session.execute("SELECT geohash, max_temperature FROM vigil_smoke.sensors WHERE sensor_id = ?",
          "42959").one();

      assertThat(row).as(LocalStack.hint("Cassandra")).isNotNull();
      assertThat(row.getString("geohash")).isEqualTo("ezjmgu");
      assertThat(row.getDouble("max_temperature")).isEqualTo(30.0);
      assertThat(session.getCluster().getMetadata().getAllHosts()).hasSize(1);
    }
  }
}
