package dev.vigil.tests.grafana;

import static dev.vigil.tests.grafana.DataSourceQueries.DATABASE;
import static dev.vigil.tests.grafana.DataSourceQueries.byTag;
import static dev.vigil.tests.grafana.DataSourceQueries.bySensor;
import static dev.vigil.tests.grafana.DataSourceQueries.column;
import static dev.vigil.tests.grafana.DataSourceQueries.influxQuery;
import static dev.vigil.tests.grafana.DataSourceQueries.perMinute;
import static dev.vigil.tests.grafana.DataSourceQueries.prometheus;
import static dev.vigil.tests.grafana.DataSourceQueries.rows;
import static dev.vigil.tests.grafana.DataSourceQueries.single;
import static dev.vigil.tests.grafana.GrafanaDashboards.INFLUX_UID;
import static dev.vigil.tests.grafana.GrafanaDashboards.PROMETHEUS_UID;
import static dev.vigil.tests.grafana.GrafanaDashboards.panels;
import static dev.vigil.tests.grafana.PipelineOutput.BURNING;
import static dev.vigil.tests.grafana.PipelineOutput.MINUTE;
import static dev.vigil.tests.grafana.PipelineOutput.MOTION;
import static dev.vigil.tests.grafana.PipelineOutput.NOW;
import static dev.vigil.tests.grafana.PipelineOutput.QUIET;
import static dev.vigil.tests.grafana.PipelineOutput.RECOVERED;
import static dev.vigil.tests.grafana.PipelineOutput.SMOKE;
import static dev.vigil.tests.grafana.PipelineOutput.THIS_MINUTE;
import static dev.vigil.tests.grafana.PipelineOutput.UNOWNED;
import static dev.vigil.tests.grafana.PipelineOutput.ZONE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.tests.grafana.DataSourceQueries.Row;
import dev.vigil.tests.support.StackControl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The provisioned Grafana dashboards ({@code grafana/}) against the stack's real InfluxDB and Prometheus. No Grafana
 * server runs on these machines, so the test does what Grafana would: it reads the provisioning files and the
 * dashboards' JSON, expands Grafana's macros and template variables in every panel query ({@link GrafanaDashboards}),
 * and runs each query on the data source the panel names ({@link DataSourceQueries}). It writes a few sensor states
 * and alarm counts of its own (a zone, sensor ids and alarm types unique to the run: {@link PipelineOutput}) into
 * database {@code vigil}, checks that the map, the alarm table and the alarm history show exactly them, and drops
 * them again.
 */
class DashboardQueriesIT {
  static final Path GRAFANA = StackControl.home().resolve("grafana");
  static final List<String> DASHBOARDS = List.of("sensor-map.json", "alarm-history.json",
      "platform-health.json", "kafka.json", "jvm-processes.json");

  private static Map<String, JsonNode> dashboards;
  private static JsonNode datasources;
  private static JsonNode dashboardProviders;

  @BeforeAll
  static void readFiles() throws IOException {
    dashboards = GrafanaDashboards.readDashboards(GRAFANA.resolve("dashboards"), DASHBOARDS);
    datasources = GrafanaDashboards.readProvisioning(GRAFANA.resolve("provisioning/datasources/vigil.yml"));
    dashboardProviders = GrafanaDashboards.readProvisioning(GRAFANA.resolve("provisioning/dashboards/vigil.yml"));
  }

  // ------------------------------------------------------------------------------------------------ the files

  @Test
  void everyDashboardIsCheckedAndEveryPanelHasADescriptionListedInTheReadme() throws IOException {
    try (Stream<Path> files = Files.list(GRAFANA.resolve("dashboards"))) {
      assertThat(files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".json")))
          .as("dashboards in grafana/dashboards, each checked here").containsExactlyInAnyOrderElementsOf(DASHBOARDS);
    }
    String readme = Files.readString(GRAFANA.resolve("README.md"));
    dashboards.forEach((name, dashboard) -> panels(dashboard).stream()
        .filter(panel -> !panel.path("type").asText().equals("row"))
        .forEach(panel -> {
          String where = name + "/" + panel.path("title").asText();
          assertThat(panel.path("description").asText()).as(where + ": what question it answers").isNotBlank();
          assertThat(readme).as(where + ": listed in grafana/README.md, 'Every panel'")
              .contains("- *" + panel.path("title").asText() + "*: " + panel.path("description").asText());
        }));
  }

  @Test
  void provisioningDeclaresTheStacksDataSourcesAndLoadsTheDashboardsFolder() {
    assertThat(datasources.path("apiVersion").asInt()).isEqualTo(1);
    Map<String, JsonNode> byUid = GrafanaDashboards.dataSourcesByUid(datasources);
    assertThat(byUid).containsOnlyKeys(INFLUX_UID, PROMETHEUS_UID);

    JsonNode influx = byUid.get(INFLUX_UID);
    assertThat(influx.path("type").asText()).isEqualTo("influxdb");
    assertThat(influx.path("access").asText()).isEqualTo("proxy");
    assertThat(influx.path("url").asText()).as("the stack's default InfluxDB").isEqualTo("http://127.0.0.1:8086");
    assertThat(influx.path("jsonData").path("version").asText()).isEqualTo("InfluxQL");
    assertThat(influx.path("jsonData").path("dbName").asText()).isEqualTo(DATABASE);

    JsonNode prometheus = byUid.get(PROMETHEUS_UID);
    assertThat(prometheus.path("type").asText()).isEqualTo("prometheus");
    assertThat(prometheus.path("access").asText()).isEqualTo("proxy");
    assertThat(prometheus.path("url").asText()).as("the stack's default Prometheus")
        .isEqualTo("http://127.0.0.1:9090");
    for (JsonNode source : byUid.values()) {
      assertThat(source.path("name").asText()).isNotBlank();
    }
    assertThat(byUid.values().stream().filter(s -> s.path("isDefault").asBoolean())).hasSizeLessThanOrEqualTo(1);

    assertThat(dashboardProviders.path("apiVersion").asInt()).isEqualTo(1);
    JsonNode providers = dashboardProviders.path("providers");
    assertThat(providers.size()).isEqualTo(1);
    JsonNode provider = providers.get(0);
    assertThat(provider.path("name").asText()).isNotBlank();
    assertThat(provider.path("type").asText()).isEqualTo("file");
    assertThat(provider.path("folder").asText()).isEqualTo("Vigil");
    String path = provider.path("options").path("path").asText();
    assertThat(path).isEqualTo("${VIGIL_HOME}/grafana/dashboards");
    Path folder = Path.of(path.replace("${VIGIL_HOME}", StackControl.home().toString()));
    try (Stream<Path> files = Files.list(folder)) {
      assertThat(files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".json")))
          .as("the dashboards the provider loads").containsExactlyInAnyOrderElementsOf(DASHBOARDS);
    } catch (IOException e) {
      throw new AssertionError("cannot list " + folder, e);
    }
  }

  @Test
  void everyPanelNamesAProvisionedDataSourceAndTheMapsPlaceSensorsByGeohash() {
    Map<String, JsonNode> provisioned = GrafanaDashboards.dataSourcesByUid(datasources);
    Set<String> dashboardUids = new HashSet<>();
    int geomaps = 0;
    for (Map.Entry<String, JsonNode> entry : dashboards.entrySet()) {
      String file = entry.getKey();
      JsonNode dashboard = entry.getValue();
      assertThat(dashboardUids.add(dashboard.path("uid").asText())).as(file + ": unique uid").isTrue();
      assertThat(dashboard.path("uid").asText()).as(file + ": uid").startsWith("vigil-");
      assertThat(dashboard.path("title").asText()).as(file + ": title").isNotBlank();
      assertThat(dashboard.path("schemaVersion").asInt()).as(file + ": schemaVersion").isBetween(36, 41);
      assertThat(dashboard.has("id")).as(file + ": no database id in a provisioned file").isFalse();

      Set<String> variables = new HashSet<>();
      for (JsonNode variable : dashboard.path("templating").path("list")) {
        variables.add(variable.path("name").asText());
        if (variable.has("datasource")) {
          assertDataSource(provisioned, file + " variable " + variable.path("name").asText(),
              variable.path("datasource"));
        }
      }

      Set<Integer> ids = new HashSet<>();
      Set<String> titles = new HashSet<>();
      Map<String, String> cells = new HashMap<>(); // "x,y" of the 24-column grid → the panel there
      for (JsonNode panel : panels(dashboard)) {
        String where = file + " panel \"" + panel.path("title").asText() + "\"";
        assertThat(ids.add(panel.path("id").asInt())).as(where + ": unique id").isTrue();
        JsonNode grid = panel.path("gridPos");
        assertThat(grid.path("x").asInt() + grid.path("w").asInt()).as(where + ": fits 24 columns")
            .isBetween(1, 24);
        assertThat(grid.path("h").asInt()).as(where + ": height").isPositive();
        for (int x = grid.path("x").asInt(); x < grid.path("x").asInt() + grid.path("w").asInt(); x++) {
          for (int y = grid.path("y").asInt(); y < grid.path("y").asInt() + grid.path("h").asInt(); y++) {
            String other = cells.put(x + "," + y, panel.path("title").asText());
            assertThat(other).as(where + ": overlaps another panel").isNull();
          }
        }
        if (panel.path("repeat").isTextual()) {
          assertThat(variables).as(where + ": repeats over a variable").contains(panel.path("repeat").asText());
        }
        if ("row".equals(panel.path("type").asText())) {
          continue;
        }
        assertThat(panel.path("title").asText()).as(where + ": title").isNotBlank();
        assertThat(titles.add(panel.path("title").asText())).as(where + ": unique title").isTrue();
        assertThat(panel.path("description").asText()).as(where + ": description").isNotBlank();
        String uid = assertDataSource(provisioned, where, panel.path("datasource"));
        assertThat(panel.path("targets").size()).as(where + ": queries").isPositive();
        for (JsonNode target : panel.path("targets")) {
          assertThat(assertDataSource(provisioned, where + " query " + target.path("refId").asText(),
              target.path("datasource"))).as(where + ": the panel's data source").isEqualTo(uid);
          String query = INFLUX_UID.equals(uid) ? target.path("query").asText() : target.path("expr").asText();
          assertThat(query).as(where + " query " + target.path("refId").asText()).isNotBlank();
        }
        if ("geomap".equals(panel.path("type").asText())) {
          geomaps++;
          JsonNode layers = panel.path("options").path("layers");
          assertThat(layers.size()).as(where + ": layers").isPositive();
          for (JsonNode layer : layers) {
            assertThat(layer.path("location").path("mode").asText()).as(where + ": location mode")
                .isEqualTo("geohash");
            assertThat(layer.path("location").path("geohash").asText()).as(where + ": geohash field")
                .isEqualTo("geohash");
          }
        }
      }
    }
    assertThat(geomaps).as("geomap panels").isGreaterThanOrEqualTo(2);
  }

  // ------------------------------------------------------------------------------------------------ InfluxDB

  @Test
  void everyInfluxQueryRunsAndShowsThisRunsSensorsAndCounts() throws Exception {
    Map<String, String> variables = Map.of("zone", "(" + ZONE + ")", "type", "(" + SMOKE + "|" + MOTION + ")");
    Map<String, Consumer<List<Row>>> expected = new TreeMap<>();

    // sensor-map.json
    expected.put("sensor-map.json/variable zone", rows -> assertThat(column(rows, "value")).contains(ZONE));
    expected.put("sensor-map.json/Sensors reporting/A",
        rows -> assertThat(single(rows, "sensors").asLong()).isGreaterThanOrEqualTo(4)); // + sensors no one owns
    expected.put("sensor-map.json/Sensors in alarm/A",
        rows -> assertThat(single(rows, "in alarm").asLong()).isGreaterThanOrEqualTo(2));
    expected.put("sensor-map.json/Sensors reporting per zone/A",
        rows -> assertThat(byTag(rows, "zone").get(ZONE).get("sensors").asLong()).isEqualTo(3));
    expected.put("sensor-map.json/Sensors in alarm per zone/A",
        rows -> assertThat(byTag(rows, "zone").get(ZONE).get("in alarm").asLong()).isEqualTo(1));
    Consumer<List<Row>> lastStates = rows -> {
      assertThat(column(rows, "sensorId")).containsExactlyInAnyOrder(BURNING, RECOVERED, QUIET);
      Row burning = bySensor(rows, BURNING);
      assertThat(burning.get("geohash").asText()).isEqualTo("gcpvj0e");
      assertThat(burning.get("zone").asText()).isEqualTo(ZONE);
      assertThat(burning.get("time").asLong()).as("the time of the latest state").isEqualTo(NOW - MINUTE);
      assertThat(burning.get("temperature").asDouble()).isEqualTo(71.5);
      assertThat(burning.get("maxTemperature").asDouble()).isEqualTo(60.0);
      assertThat(burning.get("smoke").asBoolean()).isTrue();
      assertThat(burning.get("alarm").asBoolean()).isTrue();
      assertThat(burning.get("activeAlarms").asText()).isEqualTo("SMOKE,TEMPERATURE");
      assertThat(burning.get("temperatureStreak").asLong()).isEqualTo(4);
      Row recovered = bySensor(rows, RECOVERED);
      assertThat(recovered.get("alarm").asBoolean()).isFalse();
      assertThat(recovered.get("temperature").asDouble()).isEqualTo(21.0);
      assertThat(bySensor(rows, QUIET).get("geohash").asText()).isEqualTo("ezjmgu4");
    };
    Consumer<List<Row>> alarmsOnMap = rows -> {
      assertThat(column(rows, "sensorId")).containsExactly(BURNING);
      assertThat(rows.get(0).get("geohash").asText()).isEqualTo("gcpvj0e");
      assertThat(rows.get(0).get("activeAlarms").asText()).isEqualTo("SMOKE,TEMPERATURE");
    };
    expected.put("sensor-map.json/Sensors of the selected zones/A", lastStates);
    expected.put("sensor-map.json/Sensors of the selected zones/B", alarmsOnMap);
    expected.put("sensor-map.json/Zone $zone/A", lastStates);
    expected.put("sensor-map.json/Zone $zone/B", alarmsOnMap);
    expected.put("sensor-map.json/Which sensors are in alarm/A", rows -> {
      List<String> sensors = column(rows, "sensorId");
      assertThat(sensors).contains(BURNING, UNOWNED).doesNotContain(RECOVERED, QUIET);
      assertThat(bySensor(rows, BURNING).get("activeAlarms").asText()).isEqualTo("SMOKE,TEMPERATURE");
      assertThat(bySensor(rows, BURNING).get("smokeStreak").asLong()).isEqualTo(3);
      assertThat(bySensor(rows, UNOWNED).get("zone").asText()).isEmpty();
      assertThat(bySensor(rows, UNOWNED).get("activeAlarms").asText()).isEqualTo("OFFLINE");
    });

    // alarm-history.json
    expected.put("alarm-history.json/variable type", rows -> assertThat(column(rows, "value")).contains(SMOKE, MOTION));
    expected.put("alarm-history.json/Alarms raised per minute, by type/A", rows -> {
      Map<Long, Long> smoke = perMinute(rows, SMOKE);
      assertThat(smoke).containsEntry(THIS_MINUTE - 5 * MINUTE, 2L)
          .containsEntry(THIS_MINUTE - 4 * MINUTE, 5L) // the window's last count, not the sum of its panes
          .containsEntry(THIS_MINUTE - 3 * MINUTE, 1L)
          .containsEntry(THIS_MINUTE - 6 * MINUTE, 0L); // fill(0): a minute without alarms is a zero bar
      assertThat(smoke.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(8);
      assertThat(perMinute(rows, MOTION)).containsEntry(THIS_MINUTE - 4 * MINUTE, 3L);
      assertThat(perMinute(rows, MOTION).values().stream().mapToLong(Long::longValue).sum()).isEqualTo(3);
    });
    expected.put("alarm-history.json/Alarms raised in the time range, by type/A", rows -> {
      assertThat(byTag(rows, "type").get(SMOKE).get("alarms").asLong()).isEqualTo(8);
      assertThat(byTag(rows, "type").get(MOTION).get("alarms").asLong()).isEqualTo(3);
    });
    expected.put("alarm-history.json/Busiest minute, by type/A", rows -> {
      assertThat(byTag(rows, "type").get(SMOKE).get("peak").asLong()).isEqualTo(5);
      assertThat(byTag(rows, "type").get(MOTION).get("peak").asLong()).isEqualTo(3);
    });
    expected.put("alarm-history.json/Latest minutes with alarms/A", rows -> {
      List<Row> smoke = rows.stream().filter(r -> SMOKE.equals(r.get("type").asText())).toList();
      assertThat(smoke.stream().map(r -> r.get("count").asLong())).as("newest first").containsExactly(1L, 5L, 2L);
      assertThat(smoke.stream().map(r -> r.get("windowSeconds").asLong())).containsOnly(60L);
    });

    Map<String, String> queries = GrafanaDashboards.influxQueries(dashboards);
    List<String> unchecked = new ArrayList<>();
    PipelineOutput.writeThisRunsPoints();
    try {
      runInfluxQueries(queries, variables, expected, unchecked);
    } finally {
      PipelineOutput.dropThisRunsPoints();
    }
    assertThat(expected.keySet()).as("expected panels that no dashboard has (renamed?)").isEmpty();
    assertThat(unchecked).as("InfluxQL queries checked only for rows").isEmpty();
    System.out.printf("DashboardQueriesIT: %d InfluxQL queries ran on InfluxDB with the expected rows%n",
        queries.size());
  }

  private static void runInfluxQueries(Map<String, String> queries, Map<String, String> variables,
      Map<String, Consumer<List<Row>>> expected, List<String> unchecked) throws IOException, InterruptedException {
    for (Map.Entry<String, String> entry : queries.entrySet()) {
      String where = entry.getKey();
      String query = GrafanaDashboards.expandInflux(entry.getValue(), variables, where);
      JsonNode result = influxQuery(query, false);
      String error = result.path("error").asText(result.path("results").path(0).path("error").asText(""));
      assertThat(error).as(where + ": InfluxDB's answer to " + query).isEmpty();
      List<Row> rows = rows(result);
      assertThat(rows).as(where + ": rows for " + query).isNotEmpty();
      Consumer<List<Row>> check = expected.remove(where);
      if (check == null) {
        unchecked.add(where);
      } else {
        try {
          check.accept(rows);
        } catch (AssertionError e) {
          throw new AssertionError(where + ": " + query + "\n" + rows + "\n" + e.getMessage(), e);
        }
      }
    }
  }

  // ------------------------------------------------------------------------------------------------ helpers

  /** Checks that {@code ref} names a provisioned data source by uid, with its type; returns the uid. */
  private static String assertDataSource(Map<String, JsonNode> provisioned, String where, JsonNode ref) {
    String uid = ref.path("uid").asText();
    assertThat(provisioned).as(where + ": data source uid").containsKey(uid);
    assertThat(ref.path("type").asText()).as(where + ": data source type")
        .isEqualTo(provisioned.get(uid).path("type").asText());
    return uid;
  }
}
