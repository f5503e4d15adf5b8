package dev.vigil.tests.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.OptionalDouble;

/** Instant queries on the stack's Prometheus. */
public final class Prometheus {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Prometheus() {}

  /** The result vector of an instant query (empty when nothing matches); fails when Prometheus refuses it. */
  public static JsonNode query(String promql) throws Exception {
    String url = LocalStack.prometheusUrl() + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8);
    JsonNode answer = JSON.readTree(Http.get(url).body());
    if (!"success".equals(answer.path("status").asText())) {
      throw new AssertionError("Prometheus refused " + promql + ": " + answer);
    }
    return answer.path("data").path("result");
  }

  /** The largest value of an instant query's series; empty when there is none. */
  public static OptionalDouble max(String promql) throws Exception {
    OptionalDouble max = OptionalDouble.empty();
    for (JsonNode series : query(promql)) {
      double value = Double.parseDouble(series.path("value").get(1).asText());
      max = OptionalDouble.of(max.isPresent() ? Math.max(max.getAsDouble(), value) : value);
    }
    return max;
  }
}
