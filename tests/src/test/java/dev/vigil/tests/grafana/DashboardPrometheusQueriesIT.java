package dev.vigil.tests.grafana;

import static dev.vigil.tests.grafana.DataSourceQueries.prometheus;
import static dev.vigil.tests.grafana.DataSourceQueries.prometheusRange;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.tests.support.Eventually;
import dev.vigil.tests.support.LocalStack;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every PromQL query of the provisioned dashboards ({@code grafana/}) run on the stack's real Prometheus, as Grafana
 * would send it ($__rate_interval expanded): queries on the stack's own exporters must return series, the pipeline's
 * must be valid (and return series while a pipeline runs), and their metric names must be ones VigilMetric exports.
 * The files themselves and the InfluxDB panels are {@link DashboardQueriesIT}'s.
 */
class DashboardPrometheusQueriesIT {
  private static final Pattern PIPELINE_METRIC = Pattern.compile("vigil_pipeline_[a-z_]+");

  private static Map<String, JsonNode> dashboards;

  @BeforeAll
  static void readDashboards() throws IOException {
    dashboards = GrafanaDashboards.readDashboards(DashboardQueriesIT.GRAFANA.resolve("dashboards"),
        DashboardQueriesIT.DASHBOARDS);
  }

  @Test
  void everyPrometheusQueryRunsAndTheStacksMetricsAreThere() throws Exception {
    // Prometheus answers /-/ready before its first scrape: wait until the stack's own targets are up.
    Eventually.get(Duration.ofSeconds(60), LocalStack.hint("Prometheus") + " (or has not scraped the stack yet)",
        () -> {
          JsonNode result = prometheus("/api/v1/query", "min by (job) (up{job=~\"gateway|haproxy|node\"}) == 1");
          return result.path("data").path("result").size() == 3 ? result : null;
        });
    boolean pipelineUp = prometheus("/api/v1/query", "up{job=\"pipeline\"} == 1").path("data").path("result")
        .size() > 0;
    // The lag panel needs a consumer group with an offset: commit one of this run's own (deleted at the end), so
    // that the panel has a series whatever ran before.
    String group = "dashboard-queries-" + UUID.randomUUID();
    try (Admin kafka = Admin.create(Map.<String, Object>of("bootstrap.servers", LocalStack.kafkaBootstrap()))) {
      kafka.alterConsumerGroupOffsets(group, Map.of(new TopicPartition("vigil.alarms", 0), new OffsetAndMetadata(0)))
          .all().get(30, TimeUnit.SECONDS);
      try {
        runEveryPrometheusQuery(pipelineUp, group);
      } finally {
        kafka.deleteConsumerGroups(List.of(group)).all().get(30, TimeUnit.SECONDS);
      }
    }
  }

  private static void runEveryPrometheusQuery(boolean pipelineUp, String group) throws Exception {

    Map<String, JsonNode> targets = GrafanaDashboards.prometheusTargets(dashboards);
    // The pipeline's series exist only while it runs: check its names against what VigilMetric exports instead.
    Set<String> exported = PipelineOutput.pipelineMetricNames();
    for (Map.Entry<String, JsonNode> entry : targets.entrySet()) {
      Matcher used = PIPELINE_METRIC.matcher(entry.getValue().path("expr").asText());
      while (used.find()) {
        assertThat(exported).as(entry.getKey() + ": a metric the pipeline exports").contains(used.group());
      }
    }
    int nonEmpty = 0;
    for (Map.Entry<String, JsonNode> entry : targets.entrySet()) {
      String where = entry.getKey();
      JsonNode target = entry.getValue();
      String expr = GrafanaDashboards.expandPrometheus(target.path("expr").asText());
      assertThat(expr).as(where + ": a Grafana variable left in " + expr).doesNotContain("$");
      boolean instant = target.path("instant").asBoolean(false) && !target.path("range").asBoolean(true);
      // A pipeline that is not running has no series yet: then the query only has to be valid.
      boolean mustHaveSeries = pipelineUp || !expr.contains("vigil_pipeline_");
      // The lag panel waits for this run's group, which the exporter shows from its next scrape.
      String mustShow = where.endsWith("/Consumer lag, by group/A") ? "\"group\":\"" + group + "\"" : "";
      JsonNode answer = Eventually.get(Duration.ofSeconds(60), where + ": " + expr, () -> {
        JsonNode a = instant ? prometheus("/api/v1/query", expr) : prometheusRange(expr);
        if (!"success".equals(a.path("status").asText())) {
          throw new AssertionError(where + ": Prometheus refused " + expr + ": " + a);
        }
        boolean shown = !mustHaveSeries || a.path("data").path("result").size() > 0;
        return shown && a.toString().contains(mustShow) ? a : null;
      });
      if (mustHaveSeries) {
        nonEmpty++;
      }
      JsonNode series = answer.path("data").path("result");
      if (where.endsWith("/Gateway replicas in service/A")) {
        assertThat(series.findValuesAsText("server")).as(where).contains("gateway-1", "gateway-2");
      }
      if (where.endsWith("/Scrape targets up/A")) {
        assertThat(series.findValuesAsText("job")).as(where).contains("gateway", "haproxy", "node", "prometheus");
      }
      if (where.endsWith("/Under-replicated partitions/A")) {
        assertThat(series.findValuesAsText("cluster")).as(where + ": the single node's JMX exporter").contains("single");
      }
      if (where.endsWith("/Read and write latency, 99th percentile/A")) {
        assertThat(series.findValuesAsText("operation")).as(where + ": Cassandra's JMX exporter").contains("Read", "Write");
      }
      if (where.endsWith("/CPU by stack server/A")) {
        assertThat(series.findValuesAsText("groupname")).as(where)
            .contains("kafka", "cassandra", "greenmail", "gateway-1", "gateway-2", "kafka-exporter", "prometheus");
      }
      if (where.endsWith("/Consumer lag, by group/A")) {
        assertThat(series.findValuesAsText("group")).as(where).contains(group);
      }
      if (where.endsWith("/Requests per second, by replica/A")) {
        assertThat(series.findValuesAsText("instance")).as(where).contains(
            LocalStack.gatewayUrl(1).replace("http://", ""), LocalStack.gatewayUrl(2).replace("http://", ""));
      }
    }
    System.out.printf("DashboardPrometheusQueriesIT: %d PromQL queries ran on Prometheus, %d of them with series%s%n",
        targets.size(), nonEmpty, pipelineUp ? "" : " (pipeline not running: its queries only checked as valid)");
  }

}
