package dev.vigil.tests.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.tests.support.Eventually;
import dev.vigil.tests.support.Http;
import dev.vigil.tests.support.LocalStack;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The stack's Prometheus scrapes its targets, and has loaded Vigil's alert rules. */
class PrometheusSmokeIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode query(String promql) throws Exception {
    String url = LocalStack.prometheusUrl() + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8);
    return JSON.readTree(Http.get(url).body()).path("data").path("result");
  }

  @Test
  void scrapesTheNodeExporterAndTheGateways() {
    // /-/ready answers before the first scrape: poll a query instead.
    for (String job : new String[] {"node", "gateway", "haproxy"}) {
      JsonNode up = Eventually.get(Duration.ofSeconds(40), "Prometheus scraping job " + job, () -> {
        JsonNode result = query("min(up{job=\"" + job + "\"})");
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
