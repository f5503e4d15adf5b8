package dev.vigil.tests.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.tests.support.Eventually;
import dev.vigil.tests.support.Http;
import dev.vigil.tests.support.LocalStack;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** HAProxy and nginx both reach the gateway replicas, and HAProxy's health checks see both replicas up. */
class LoadBalancerSmokeIT {

  private static final Pattern SERVER_UP =
      Pattern.compile("haproxy_server_status\\{proxy=\"gateways\",server=\"(gateway-\\d)\",state=\"UP\"} 1");

  @Test
  void haproxyChecksBothReplicasAndForwardsToThem() throws Exception {
    String metrics = Eventually.get(Duration.ofSeconds(15), "HAProxy marking both gateway replicas UP", () -> {
      String body = Http.get(LocalStack.haproxyMetricsUrl()).body();
      Matcher m = SERVER_UP.matcher(body);
      int up = 0;
      while (m.find()) {
        up++;
      }
      return up == 2 ? body : null;
    });
    assertThat(metrics).contains("gateway-1", "gateway-2");

    for (int i = 0; i < 10; i++) {
      HttpResponse<String> response = Http.get(LocalStack.haproxyUrl() + "/health/ready");
      assertThat(response.statusCode()).as(LocalStack.hint("HAProxy or a gateway")).isEqualTo(200);
    }
  }

  @Test
  void nginxForwardsToTheReplicas() throws Exception {
    for (int i = 0; i < 10; i++) {
      HttpResponse<String> response = Http.get(LocalStack.nginxUrl() + "/health/ready");
      assertThat(response.statusCode()).as(LocalStack.hint("nginx or a gateway")).isEqualTo(200);
    }
  }
}
