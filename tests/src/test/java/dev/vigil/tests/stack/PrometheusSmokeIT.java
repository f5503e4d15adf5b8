package dev.vigil.tests.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.tests.support.Eventually;
import dev.vigil.tests.support.Http;
import dev.vigil.tests.support.LocalStack;
import dev.vigil.tests.support.Prometheus;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The stack's Prometheus scrapes its targets (exporters, gateways, HAProxy, Alertmanager, Kafka's and Cassandra's JMX),
 * and has loaded Vigil's alert rules.
 */
class PrometheusSmokeIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void scrapesEveryServerOfTheStack() {
    // /-/ready answers before the first scrape: poll a query instead.
    for (String job : new String[] {"job=\"node\"", "job=\"gateway\"", "job=\"haproxy\"", "job=\"alertmanager\"",
        "job=\"kafka\"", "job=\"process\"", "job=\"cassandra\"", "job=\"kafka-broker\", cluster=\"single\""}) {
      JsonNode up = Eventually.get(Duration.ofSeconds(40), "Prometheus scraping " + job, () -> {
        JsonNode result = Prometheus.query("min(up{" + job + "})");
        return result.size() == 1 && "1".equals(result.get(0).path("value").get(1).asText()) ? result : null;
      });
      assertThat(up).hasSize(1);
    }
  }

  @Test
  void loadedTheAlertRules() throws Exception {
    JsonNode groups = JSON.readTree(Http.get(LocalStack.prometheusUrl() + "/api/v1/rules").body())
        .path("data").path("groups");
    assertThat(groups.findValuesAsText("name")).contains("VigilTargetDown", "VigilGatewayReplicaDown");
  }
}
