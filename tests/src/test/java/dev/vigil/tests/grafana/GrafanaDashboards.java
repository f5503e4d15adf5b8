package dev.vigil.tests.grafana;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What Grafana reads from {@code grafana/}: the provisioning files, the dashboards' JSON, their panels and the
 * queries of those panels, with Grafana's macros and template variables expanded as it would before sending them to
 * a data source. No Grafana server runs on these machines, so the tests do this part themselves.
 */
final class GrafanaDashboards {
  private GrafanaDashboards() {}

  static final String INFLUX_UID = "vigil-influxdb";
  static final String PROMETHEUS_UID = "vigil-prometheus";
  /** A Grafana macro or variable left in a query after expansion ({@code /^...$/} regex anchors are fine). */
  private static final Pattern LEFT_OVER_VARIABLE = Pattern.compile("\\$[A-Za-z_{\\[]");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final YAMLMapper YAML = new YAMLMapper();

  /** File name → dashboard, in the order given; each file must exist. */
  static Map<String, JsonNode> readDashboards(Path folder, List<String> files) throws IOException {
    Map<String, JsonNode> dashboards = new LinkedHashMap<>();
    for (String name : files) {
      Path file = folder.resolve(name);
      assertThat(file).as("dashboard file").exists();
      dashboards.put(name, JSON.readTree(file.toFile()));
    }
    return dashboards;
  }

  /** A provisioning file (data sources or dashboard providers). */
  static JsonNode readProvisioning(Path file) throws IOException {
    return YAML.readTree(file.toFile());
  }

  /** The data sources of a provisioning file, by uid (the key panels name them by). */
  static Map<String, JsonNode> dataSourcesByUid(JsonNode datasources) {
    Map<String, JsonNode> byUid = new LinkedHashMap<>();
    for (JsonNode source : datasources.path("datasources")) {
      byUid.put(source.path("uid").asText(), source);
    }
    return byUid;
  }

  /** Every panel of a dashboard, the panels of collapsed rows included. */
  static List<JsonNode> panels(JsonNode dashboard) {
    List<JsonNode> all = new ArrayList<>();
    for (JsonNode panel : dashboard.path("panels")) {
      all.add(panel);
      panel.path("panels").forEach(all::add);
    }
    return all;
  }

  /** "file/panel title/refId" or "file/variable name" → InfluxQL (titles are unique within a dashboard). */
  static Map<String, String> influxQueries(Map<String, JsonNode> dashboards) {
    Map<String, String> queries = new LinkedHashMap<>();
    dashboards.forEach((file, dashboard) -> {
      for (JsonNode variable : dashboard.path("templating").path("list")) {
        if (INFLUX_UID.equals(variable.path("datasource").path("uid").asText())) {
          queries.put(file + "/variable " + variable.path("name").asText(), variable.path("query").asText());
        }
      }
      for (JsonNode panel : panels(dashboard)) {
        for (JsonNode target : panel.path("targets")) {
          if (INFLUX_UID.equals(target.path("datasource").path("uid").asText())) {
            queries.put(file + "/" + panel.path("title").asText() + "/" + target.path("refId").asText(),
                target.path("query").asText());
          }
        }
      }
    });
    return queries;
  }

  /** "file/panel title/refId" → the Prometheus target (its expr, and whether the panel asks for an instant). */
  static Map<String, JsonNode> prometheusTargets(Map<String, JsonNode> dashboards) {
    Map<String, JsonNode> targets = new LinkedHashMap<>();
    dashboards.forEach((file, dashboard) -> {
      for (JsonNode panel : panels(dashboard)) {
        for (JsonNode target : panel.path("targets")) {
          if (PROMETHEUS_UID.equals(target.path("datasource").path("uid").asText())) {
            targets.put(file + "/" + panel.path("title").asText() + "/" + target.path("refId").asText(), target);
          }
        }
      }
    });
    return targets;
  }

  /** What Grafana sends for a range ending now: $timeFilter, $__interval and this run's template variables. */
  static String expandInflux(String query, Map<String, String> variables, String where) {
    String expanded = query.replace("$timeFilter", "time > now() - 1h").replace("$__interval", "1m");
    for (Map.Entry<String, String> variable : variables.entrySet()) {
      expanded = expanded.replace("$" + variable.getKey(), variable.getValue());
    }
    assertThat(LEFT_OVER_VARIABLE.matcher(expanded).find()).as(where + ": a variable left in " + expanded)
        .isFalse();
    return expanded;
  }

  /** What Grafana sends for the last hour at a one-minute resolution: its interval and range macros. */
  static String expandPrometheus(String expr) {
    return expr.replace("$__rate_interval", "1m").replace("$__interval", "1m").replace("$__range", "1h");
  }
}
