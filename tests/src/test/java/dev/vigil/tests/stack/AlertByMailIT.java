package dev.vigil.tests.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.tests.support.Eventually;
import dev.vigil.tests.support.Http;
import dev.vigil.tests.support.LocalStack;
import dev.vigil.tests.support.StackControl;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An alert reaches someone: a gateway replica killed with SIGKILL is taken out by HAProxy, Prometheus fires
 * {@code VigilGatewayReplicaDown} (after its 15 s), and Alertmanager mails it to the operations mailbox; the replica
 * started again, the same alert is mailed as resolved. Each once: Alertmanager de-duplicates what Prometheus sends
 * again at every evaluation.
 */
class AlertByMailIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String REPLICA = "gateway-2";

  @AfterEach
  void bothReplicasServeAgain() throws Exception {
    StackControl.up("gateways");
  }

  @Test
  void aReplicaDownIsMailedFiringThenResolved() throws Exception {
    String mailbox = LocalStack.alertsMailbox();
    Set<String> before = new HashSet<>(uids(mailbox));
    long killedAt = System.nanoTime();
    StackControl.kill(REPLICA);

    JsonNode firing = Eventually.get(Duration.ofMinutes(2), "a FIRING mail for " + REPLICA + " in " + mailbox,
        () -> newMail(mailbox, before, "[FIRING"));
    double firingAfter = (System.nanoTime() - killedAt) / 1e9;
    StackControl.up(REPLICA);
    long upAt = System.nanoTime();
    JsonNode resolved = Eventually.get(Duration.ofMinutes(2), "a RESOLVED mail for " + REPLICA + " in " + mailbox,
        () -> newMail(mailbox, before, "[RESOLVED"));
    double resolvedAfter = (System.nanoTime() - upAt) / 1e9;
    Thread.sleep(20_000); // longer than Alertmanager's group_interval: a repeat would be here by now
    long mails = mails(mailbox).stream().filter(m -> !before.contains(m.path("uid").asText()))
        .filter(AlertByMailIT::aboutTheReplica).count();

    System.out.printf("AlertByMailIT: %s killed: '%s' mailed %.1f s after the kill; started again: '%s' mailed %.1f s"
        + " after; mails about it %d%n", REPLICA, firing.path("subject").asText(), firingAfter,
        resolved.path("subject").asText(), resolvedAfter, mails);
    assertThat(firing.path("mimeMessage").asText()).contains("is out of the load balancer");
    assertThat(mails).as("mails about %s's VigilGatewayReplicaDown: one firing, one resolved", REPLICA).isEqualTo(2);
  }

  private static JsonNode newMail(String mailbox, Set<String> before, String status) throws Exception {
    return mails(mailbox).stream()
        .filter(m -> !before.contains(m.path("uid").asText()))
        .filter(m -> m.path("subject").asText().startsWith(status))
        .filter(AlertByMailIT::aboutTheReplica)
        .findFirst().orElse(null);
  }

  private static boolean aboutTheReplica(JsonNode mail) {
    String subject = mail.path("subject").asText();
    return subject.contains("VigilGatewayReplicaDown") && subject.contains(REPLICA);
  }

  private static List<String> uids(String mailbox) throws Exception {
    return mails(mailbox).stream().map(m -> m.path("uid").asText()).toList();
  }

  private static List<JsonNode> mails(String mailbox) throws Exception {
    var response = Http.get(LocalStack.greenMailApi() + "/user/" + mailbox + "/messages/");
    if (response.statusCode() != 200) {
      return List.of(); // no mail yet: GreenMail knows the user only from its first mail
    }
    return StreamSupport.stream(JSON.readTree(response.body()).spliterator(), false).toList();
  }
}
