package dev.vigil.tests.gateway;

import dev.vigil.gateway.Gateway;
import dev.vigil.gateway.GatewayConfig;
import dev.vigil.tests.support.Eventually;
import dev.vigil.tests.support.LocalStack;
import java.time.Duration;

/** A gateway started in the test JVM against the stack's Kafka, returned once it reports ready. */
final class InProcessGateway {
  private InProcessGateway() {}

  static Gateway startReady() throws Exception {
    Gateway gateway = new Gateway(GatewayConfig.defaults(LocalStack.kafkaBootstrap())).start();
    try {
      Eventually.get(Duration.ofSeconds(30), "the gateway ready: " + LocalStack.hint("Kafka"),
          () -> gateway.ready() ? Boolean.TRUE : null);
      return gateway;
    } catch (AssertionError e) {
      gateway.shutdown();
      throw e;
    }
  }
}
