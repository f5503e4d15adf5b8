package dev.vigil.tests.grafana;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.vigil.tests.support.Http;
import dev.vigil.tests.support.LocalStack;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The dashboards' data sources as Grafana's proxy talks to them: InfluxQL on the stack's InfluxDB (database
 * {@code vigil}) and PromQL on its Prometheus, over HTTP; InfluxDB's answers turned into the rows of Grafana's table
 * format, so that a test can look at them the way a panel shows them.
 */
final class DataSourceQueries {
  private DataSourceQueries() {}

  /** The database the pipeline writes and the InfluxDB data source reads. */
  static final String DATABASE = "vigil";
  private static final ObjectMapper JSON = new ObjectMapper();

  // ------------------------------------------------------------------------------------------------ InfluxDB

  /** An InfluxQL query: POST for what changes the database, GET for a read (as Grafana sends it). */
  static JsonNode influxQuery(String query, boolean post) throws IOException, InterruptedException {
    String url = LocalStack.influxDbUrl() + "/query?db=" + DATABASE + "&epoch=ms&q="
        + URLEncoder.encode(query, StandardCharsets.UTF_8);
    HttpResponse<String> response;
    try {
      response = post ? Http.post(url, "application/x-www-form-urlencoded", "") : Http.get(url);
    } catch (IOException e) {
      throw new AssertionError(LocalStack.hint("InfluxDB"), e);
    }
    assertThat(response.statusCode()).as(query + ": " + response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  /** Points in InfluxDB's line protocol, times in milliseconds. */
  static void writeInflux(String lines) throws IOException, InterruptedException {
    HttpResponse<String> response;
    try {
      response = Http.post(LocalStack.influxDbUrl() + "/write?db=" + DATABASE + "&precision=ms", "text/plain",
          lines);
    } catch (IOException e) {
      throw new AssertionError(LocalStack.hint("InfluxDB"), e);
    }
    assertThat(response.statusCode()).as("InfluxDB write: " + response.body()).isEqualTo(204);
  }

  // ------------------------------------------------------------------------------------------------ Prometheus

  /** A GET on Prometheus' HTTP API with {@code expr} as its query (an instant query on /api/v1/query). */
  static JsonNode prometheus(String path, String expr) throws IOException, InterruptedException {
    try {
      return JSON.readTree(Http.get(LocalStack.prometheusUrl() + path + "?query="
          + URLEncoder.encode(expr, StandardCharsets.UTF_8)).body());
    } catch (IOException e) {
      throw new AssertionError(LocalStack.hint("Prometheus"), e);
    }
  }

  /** A range query over the last 5 minutes, as a time series panel sends it. */
  static JsonNode prometheusRange(String expr) throws IOException, InterruptedException {
    long end = System.currentTimeMillis() / 1000;
    try {
      return JSON.readTree(Http.get(LocalStack.prometheusUrl() + "/api/v1/query_range?query="
          + URLEncoder.encode(expr, StandardCharsets.UTF_8) + "&start=" + (end - 300) + "&end=" + end + "&step=15")
          .body());
    } catch (IOException e) {
      throw new AssertionError(LocalStack.hint("Prometheus"), e);
    }
  }

  // ------------------------------------------------------------------------------------------------ rows

  /** One row of an InfluxDB answer: its columns, plus its series' tags (as Grafana's table format shows them). */
  static final class Row extends HashMap<String, JsonNode> {
    private static final long serialVersionUID = 1L;
  }

  /** The rows of the first statement's answer, series after series. */
  static List<Row> rows(JsonNode answer) {
    List<Row> rows = new ArrayList<>();
    for (JsonNode series : answer.path("results").path(0).path("series")) {
      for (JsonNode values : series.path("values")) {
        Row row = new Row();
        series.path("tags").fields().forEachRemaining(tag -> row.put(tag.getKey(), tag.getValue()));
        for (int i = 0; i < series.path("columns").size(); i++) {
          row.put(series.path("columns").get(i).asText(), values.get(i));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  /** A column's values as text, row by row ("" where a row has no such column or tag). */
  static List<String> column(List<Row> rows, String name) {
    return rows.stream().map(r -> r.getOrDefault(name, TextNode.valueOf("")).asText()).toList();
  }

  /** The value of a column in the answer's only row. */
  static JsonNode single(List<Row> rows, String column) {
    assertThat(rows).hasSize(1);
    return rows.get(0).get(column);
  }

  static Row bySensor(List<Row> rows, String sensor) {
    return rows.stream().filter(r -> sensor.equals(r.get("sensorId").asText())).findFirst()
        .orElseThrow(() -> new AssertionError("no row for sensor " + sensor + " in " + rows));
  }

  /** The one row per value of a tag (a series per value, one value each). */
  static Map<String, Row> byTag(List<Row> rows, String tag) {
    Map<String, Row> byValue = new HashMap<>();
    for (Row row : rows) {
      assertThat(byValue.put(row.get(tag).asText(), row)).as("one row per " + tag).isNull();
    }
    return byValue;
  }

  /** An alarm type's summed counts by the minute they start at (the rows of a GROUP BY time(1m), type). */
  static Map<Long, Long> perMinute(List<Row> rows, String type) {
    Map<Long, Long> counts = new TreeMap<>();
    rows.stream().filter(r -> type.equals(r.get("type").asText()))
        .forEach(r -> counts.put(r.get("time").asLong(), r.get("sum").asLong()));
    return counts;
  }
}
