package dev.vigil.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class GatewayMainTest {

  @Test
  void defaultsMatchTheLauncherContract() {
    GatewayMain main = new GatewayMain();
    new CommandLine(main).parseArgs();
    // The environment of the build may set VIGIL_GATEWAY_*: only check the defaults it does not override.
    if (System.getenv("VIGIL_GATEWAY_HOST") == null) {
      assertThat(main.host).isEqualTo("127.0.0.1");
    }
    if (System.getenv("VIGIL_GATEWAY_READINGS_TOPIC") == null) {
      assertThat(main.readingsTopic).isEqualTo("vigil.readings");
    }
    if (System.getenv("VIGIL_GATEWAY_TOKENS_FILE") == null) {
      assertThat(main.tokensFile).isNull();
    }
  }

  @Test
  void parsesTheLauncherCommandLine() {
    GatewayMain main = new GatewayMain();
    new CommandLine(main).parseArgs("--port", "8082", "--bootstrap-servers", "127.0.0.1:9092", "--max-batch", "50",
        "--max-body-bytes", "4096", "--producer-property", "linger.ms=20", "--host", "0.0.0.0");
    assertThat(main.port).isEqualTo(8082);
    assertThat(main.bootstrapServers).isEqualTo("127.0.0.1:9092");
    assertThat(main.maxBatch).isEqualTo(50);
    assertThat(main.maxBodyBytes).isEqualTo(4096);
    assertThat(main.host).isEqualTo("0.0.0.0");
    assertThat(main.producerProperties).containsEntry("linger.ms", "20");
  }

  @Test
  void helpListsTheOptionsAndTheirEnvironmentVariables() {
    StringWriter out = new StringWriter();
    CommandLine cmd = new CommandLine(new GatewayMain());
    cmd.setOut(new PrintWriter(out));
    int code = cmd.execute("--help");
    assertThat(code).isZero();
    assertThat(out.toString()).contains("--port", "VIGIL_GATEWAY_PORT", "--bootstrap-servers", "--tokens-file",
        "--readings-topic", "--max-body-bytes", "--max-batch");
    assertThat(out.toString()).as("recoveries share the readings topic").doesNotContain("--recoveries-topic");
  }

  @Test
  void producerSettingsAreDurableAndOverridable() {
    GatewayConfig config = GatewayConfig.defaults("127.0.0.1:9092");
    assertThat(Gateway.producerProperties(config))
        .containsEntry("acks", "all")
        .containsEntry("enable.idempotence", true)
        .containsEntry("compression.type", "lz4");
    GatewayConfig tuned = new GatewayConfig("127.0.0.1", 0, "k:9092", "r", null, 10, 1, 1, 4, 1, 1, 1, 1, 0, 0, 1,
        java.util.Map.of("linger.ms", "25"));
    assertThat(Gateway.producerProperties(tuned)).containsEntry("linger.ms", "25").containsEntry("acks", "all");
  }
}
