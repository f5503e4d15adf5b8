package dev.vigil.tests.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.driver.core.Cluster;
import com.datastax.driver.core.Row;
import com.datastax.driver.core.Session;
import dev.vigil.tests.support.LocalStack;
import dev.vigil.tests.support.StackControl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The customer loader of the pipeline jar against the stack's Cassandra: 50,000 generated customers (the reference
 * world) whose sensors are "1", "2", ... without a gap, spread over the nine zones; then the same customers again from
 * the CSV file it exported, into a second table of the now existing keyspace.
 */
class LoadCustomersIT {
  private static final Pattern WROTE = Pattern.compile("wrote (\\d+) customers \\((\\d+) sensors\\).* ([\\d.]+) rows/s");

  @Test
  void loadsFiftyThousandCustomersWithConsecutiveSensorIdsAndReloadsThemFromCsv() throws Exception {
    String keyspace = "it_load_" + UUID.randomUUID().toString().substring(0, 8);
    Path csv = StackControl.home().resolve("tests/target/pipeline-logs/" + keyspace + ".csv");
    Files.createDirectories(csv.getParent());
    String port = String.valueOf(LocalStack.cassandraPort());
    try (Cluster cluster = Cluster.builder().addContactPoint(LocalStack.HOST).withPort(LocalStack.cassandraPort())
            .withoutJMXReporting().build();
        Session session = cluster.connect()) {
      try {
        String generated = PipelineJar.load("load-" + keyspace, List.of("--port", port, "--keyspace", keyspace,
            "--customers", "50000", "--export-csv", csv.toString()));
        Matcher wrote = WROTE.matcher(generated);
        assertThat(wrote.find()).as(generated).isTrue();
        assertThat(wrote.group(1)).isEqualTo("50000");
        long sensors = Long.parseLong(wrote.group(2));
        System.out.printf("loader: 50,000 customers, %d sensors, %s rows/s%n", sensors, wrote.group(3));

        Set<String> sensorIds = new HashSet<>();
        Map<String, Integer> perZone = new HashMap<>();
        long rows = 0;
        for (Row row : session.execute("SELECT zone, sensor_ids FROM " + keyspace + ".customers")) {
          rows++;
          sensorIds.addAll(row.getList("sensor_ids", String.class));
          perZone.merge(row.getString("zone"), 1, Integer::sum);
        }
        assertThat(rows).isEqualTo(50_000);
        assertThat(sensors).isGreaterThanOrEqualTo(50_000);
        assertThat(sensorIds).hasSize((int) sensors);
        List<String> missing = LongStream.rangeClosed(1, sensors).mapToObj(Long::toString)
            .filter(s -> !sensorIds.contains(s)).limit(10).toList();
        assertThat(missing).as("sensor ids missing from 1..%d", sensors).isEmpty();
        assertThat(perZone).containsOnlyKeys("NorthAmerica", "SouthAmerica", "Oceania", "Africa", "North", "UK",
            "CentroEurope", "NorthEurope", "Mediterranean");
        assertThat(perZone.values()).allSatisfy(n -> assertThat(n).isBetween(5_500, 5_600));

        String fromCsv = PipelineJar.load("load-csv-" + keyspace, List.of("--port", port, "--keyspace", keyspace,
            "--table", "customers_from_csv", "--csv", csv.toString()));
        assertThat(fromCsv).contains("read 50000 customers from " + csv).contains("wrote 50000 customers");
        for (long id : new long[] {1, 12_345, 50_000}) {
          Row original = session.execute("SELECT * FROM " + keyspace + ".customers WHERE id = ?", id).one();
          Row reloaded = session.execute("SELECT * FROM " + keyspace + ".customers_from_csv WHERE id = ?", id).one();
          for (int c = 0; c < original.getColumnDefinitions().size(); c++) {
            assertThat(reloaded.getObject(c)).as("customer %d column %s", id,
                original.getColumnDefinitions().getName(c)).isEqualTo(original.getObject(c));
          }
        }
      } finally {
        session.execute("DROP KEYSPACE IF EXISTS " + keyspace);
      }
    }
  }
}
