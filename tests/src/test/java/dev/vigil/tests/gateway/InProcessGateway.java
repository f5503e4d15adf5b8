package dev.vigil.tests.gateway;

import dev.vigil.gateway.Gateway;
import dev.vigil.gateway.GatewayConfig;
import dev.vigil.tests.support.Eventually;
import dev.vigil.tests.support.LocalStack;
import java.time.Duration;

/** A gateway started in the test JVM against the stack's Kafka, returned once it reports ready. */
public final class InProcessGateway {
  private InProcessGateway() {}

  static Gateway startReady() throws Exception {
    return startReady(GatewayConfig.defaults(LocalStack.kafkaBootstrap()));
  }

  public static Gateway startReady(GatewayConfig config) throws Exception {
    return startReady(config, LocalStack.hint("Kafka"));
  }

  /** The same, against a Kafka that {@code hint} tells how to start when the gateway never gets ready. */
  public static Gateway startReady(GatewayConfig config, String hint) throws Exception {
    Gateway gateway = new Gateway(config).start();
    try {
      Eventually.get(Duration.ofSeconds(30), "the gateway ready: " + hint,
          () -> gateway.ready() ? Boolean.TRUE : null);
      return gateway;
    } catch (AssertionError e) {
      gateway.shutdown();
      throw e;
    }
  }
}
