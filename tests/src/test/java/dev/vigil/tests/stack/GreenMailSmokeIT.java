package dev.vigil.tests.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.tests.support.Eventually;
import dev.vigil.tests.support.Http;
import dev.vigil.tests.support.LocalStack;
import dev.vigil.tests.support.StackControl;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The stack's SMTP sink takes a message sent with Jakarta Mail, and its REST API gives the message back; and the sink
 * keeps a bounded number of mails (stack/tools/MailSink.java), so that a long demo or benchmark cannot fill its heap.
 */
class GreenMailSmokeIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void sendsOverSmtpAndReadsBackThroughTheApi() throws Exception {
    String mailbox = "smoke-" + UUID.randomUUID().toString().substring(0, 8) + "@vigil.test";
    String subject = "Vigil smoke test " + UUID.randomUUID();
    send(LocalStack.smtpPort(), mailbox, subject);

    JsonNode messages = Eventually.get(Duration.ofSeconds(10), "the message in " + mailbox,
        () -> nonEmpty(messages(LocalStack.greenMailApi(), mailbox)));
    assertThat(messages).hasSize(1);
    assertThat(messages.get(0).get("subject").asText()).isEqualTo(subject);
    assertThat(messages.get(0).get("mimeMessage").asText()).contains("SMOKE alarm on sensor 42959");
  }

  /** A second sink, started as the stack starts its own but told to keep 5 mails: it drops the oldest beyond them. */
  @Test
  void theSinkKeepsTheNewestMailsUpToItsBound() throws Exception {
    int smtp = freePort();
    int api = freePort();
    Path log = Files.createTempFile("mail-sink", ".log");
    ProcessBuilder sink = new ProcessBuilder("java", "-Xmx128m", "-Dgreenmail.smtp.hostname=127.0.0.1",
        "-Dgreenmail.smtp.port=" + smtp, "-Dgreenmail.api.hostname=127.0.0.1", "-Dgreenmail.api.port=" + api,
        "-Dgreenmail.auth.disabled", "-Dgreenmail.verbose=false", "-cp",
        Files.readString(StackControl.work().resolve("install/greenmail.classpath")).strip(),
        StackControl.home().resolve("stack/tools/MailSink.java").toString())
        .redirectErrorStream(true).redirectOutput(log.toFile());
    sink.environment().putAll(Map.of("VIGIL_GREENMAIL_KEEP_MESSAGES", "5", "VIGIL_GREENMAIL_PURGE_SECONDS", "1"));
    Process process = sink.start();
    try {
      String apiUrl = "http://127.0.0.1:" + api + "/api";
      Eventually.get(Duration.ofSeconds(60), "the second mail sink's API on :" + api + " (log " + log + ")",
          () -> Http.get(apiUrl + "/service/readiness").statusCode() == 200 ? true : null);
      String mailbox = "bounded@vigil.test";
      for (int i = 0; i < 8; i++) {
        send(smtp, mailbox, "mail " + i);
      }
      JsonNode kept = Eventually.get(Duration.ofSeconds(20), "5 mails left in " + mailbox, () -> {
        JsonNode list = messages(apiUrl, mailbox);
        return list != null && list.size() == 5 ? list : null;
      });
      List<String> subjects = new ArrayList<>();
      kept.forEach(m -> subjects.add(m.get("subject").asText()));
      assertThat(subjects).containsExactlyInAnyOrder("mail 3", "mail 4", "mail 5", "mail 6", "mail 7");
      assertThat(Files.readString(log)).contains("mail sink: deleted 3 mails");
    } finally {
      process.destroy();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static void send(int port, String mailbox, String subject) throws Exception {
    Properties props = new Properties();
    props.put("mail.smtp.host", LocalStack.HOST);
    props.put("mail.smtp.port", String.valueOf(port));
    props.put("mail.smtp.connectiontimeout", "5000");
    props.put("mail.smtp.timeout", "5000");
    MimeMessage message = new MimeMessage(Session.getInstance(props));
    message.setFrom(new InternetAddress("alarms@vigil.test"));
    message.setRecipient(Message.RecipientType.TO, new InternetAddress(mailbox));
    message.setSubject(subject);
    message.setText("SMOKE alarm on sensor 42959");
    Transport.send(message);
  }

  /** The mailbox's messages, or null while it does not exist. */
  private static JsonNode messages(String api, String mailbox) throws Exception {
    HttpResponse<String> response = Http.get(api + "/user/" + mailbox + "/messages/");
    return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
  }

  private static JsonNode nonEmpty(JsonNode list) {
    return list != null && list.size() > 0 ? list : null;
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
