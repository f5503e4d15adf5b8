package dev.vigil.tests.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.tests.support.Eventually;
import dev.vigil.tests.support.Http;
import dev.vigil.tests.support.LocalStack;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The stack's SMTP sink takes a message sent with Jakarta Mail, and its REST API gives the message back. */
class GreenMailSmokeIT {

  @Test
  void sendsOverSmtpAndReadsBackThroughTheApi() throws Exception {
    String mailbox = "smoke-" + UUID.randomUUID().toString().substring(0, 8) + "@vigil.test";
    String subject = "Vigil smoke test " + UUID.randomUUID();

    Properties props = new Properties();
    props.put("mail.smtp.host", LocalStack.HOST);
    props.put("mail.smtp.port", String.valueOf(LocalStack.smtpPort()));
    props.put("mail.smtp.connectiontimeout", "5000");
    props.put("mail.smtp.timeout", "5000");
    MimeMessage message = new MimeMessage(Session.getInstance(props));
    message.setFrom(new InternetAddress("alarms@vigil.test"));
    message.setRecipient(Message.RecipientType.TO, new InternetAddress(mailbox));
    message.setSubject(subject);
    message.setText("SMOKE alarm on sensor 42959");
    Transport.send(message);

    ObjectMapper json = new ObjectMapper();
    JsonNode messages = Eventually.get(Duration.ofSeconds(10), "the message in " + mailbox, () -> {
      HttpResponse<String> response = Http.get(LocalStack.greenMailApi() + "/user/" + mailbox + "/messages/");
      JsonNode list = response.statusCode() == 200 ? json.readTree(response.body()) : null;
      return list != null && list.size() > 0 ? list : null;
    });
    assertThat(messages).hasSize(1);
    assertThat(messages.get(0).get("subject").asText()).isEqualTo(subject);
    assertThat(messages.get(0).get("mimeMessage").asText()).contains("SMOKE alarm on sensor 42959");
  }
}
