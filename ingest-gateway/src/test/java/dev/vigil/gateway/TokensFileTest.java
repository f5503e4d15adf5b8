package dev.vigil.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tokens change without a restart: the file is watched, a bad version is refused and the last good one kept. */
class TokensFileTest extends GatewayHarness {

  @Test
  void aChangedFileIsReloadedAndABrokenOneRefused(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("tokens");
    Files.writeString(file, "42959=old-token\n");
    TokensFile tokens = TokensFile.load(file, 60_000);
    assertThat(tokens.current().sensorsFor("Bearer old-token")).containsExactly("42959");
    assertThat(tokens.check()).as("unchanged file").isFalse();

    replace(dir, file, "42959=new-token\n42960=other-token\n");
    assertThat(tokens.check()).isTrue();
    assertThat(tokens.current().sensorsFor("Bearer old-token")).as("revoked").isNull();
    assertThat(tokens.current().sensorsFor("Bearer new-token")).containsExactly("42959");
    assertThat(tokens.current().size()).isEqualTo(2);

    replace(dir, file, "42959=new-token\n42959=again\n");
    assertThat(tokens.check()).as("a sensor listed twice").isFalse();
    assertThat(tokens.current().sensorsFor("Bearer new-token")).as("the last good tokens stay").containsExactly("42959");
    Files.delete(file);
    assertThat(tokens.check()).as("a missing file").isFalse();
    assertThat(tokens.current().size()).isEqualTo(2);
    assertThat(tokens.reloads()).isEqualTo(1);
    assertThat(tokens.reloadFailures()).isEqualTo(2);

    Files.writeString(file, "42961=third-token\n");
    assertThat(tokens.check()).as("the file is back").isTrue();
    assertThat(tokens.current().sensorsFor("Bearer third-token")).containsExactly("42961");
    tokens.close();
  }

  @Test
  void aRunningGatewayTakesTheNewTokensWithinItsCheckInterval(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("tokens");
    Files.writeString(file, "42959=old-token\n");
    start(true, GatewayConfig.defaults("127.0.0.1:1").withTokens(TokensFile.load(file, 100)));
    assertThat(post("/v1/readings", "application/json", READING, "Authorization", "Bearer old-token").statusCode())
        .isEqualTo(202);

    replace(dir, file, "42959=new-token\n");
    waitFor(() -> gateway.metrics().registry().getGauges().get("vigil.gateway.token.reloads").getValue()
        .equals(1L));
    HttpResponse<String> revoked = post("/v1/readings", "application/json", READING, "Authorization",
        "Bearer old-token");
    assertError401(revoked);
    assertThat(post("/v1/readings", "application/json", READING, "Authorization", "Bearer new-token").statusCode())
        .isEqualTo(202);
    assertThat(producer.history()).extracting(ProducerRecord::key).containsExactly("42959", "42959");
    assertThat(new String(gateway.metrics().prometheusText())).contains("vigil_gateway_token_sensors 1.0")
        .contains("vigil_gateway_token_reloads 1.0").contains("vigil_gateway_token_reload_failures 0.0");
  }

  private static void assertError401(HttpResponse<String> response) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
    assertThat(json(response).get("field").asText()).isEqualTo("Authorization");
  }

  /** As a deployment would: write a new file beside it, then rename it over the old one. */
  private static void replace(Path dir, Path file, String text) throws Exception {
    Path next = Files.createTempFile(dir, "tokens", ".new");
    Files.writeString(next, text);
    Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
