package dev.vigil.tests.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.tests.support.Eventually;
import dev.vigil.tests.support.KafkaTopics;
import dev.vigil.wire.WireFormat;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The mail sink on a flaky SMTP server (the stack's GreenMail behind {@link ServerOutage}), on the DirectRunner: a mail
 * whose first attempts fail is retried with back-off and arrives once the server is back; a mail that fails every
 * attempt is counted in emailsFailed, and neither stops the stream or the alarms topic.
 */
class MailRetryIT {

  @Test
  void aTransientOutageDelaysTheMailWithoutLosingItAndAPermanentOneIsCounted() throws Exception {
    try (ServerOutage smtp = ServerOutage.smtp(); PipelineRun run = new PipelineRun("mailretry", 30)) {
      run.start(List.of("--runner=DirectRunner"), Map.of("smtpPort", String.valueOf(smtp.port()),
          "mailMaxAttempts", "3", "mailBackoffMillis", "1000"));
      try (KafkaTopics alarms = new KafkaTopics(run.alarmsTopic)) {
        // Server down: attempts 1 and 2 are turned away; it comes back before attempt 3 (2 s later).
        run.send(run.readings, "1", WireFormat.toJson(run.reading("1", true, false)));
        Eventually.get(Duration.ofSeconds(120), "two turned-away attempts for the first mail",
            () -> smtp.turnedAway() >= 2 ? true : null);
        smtp.up(true);
        JsonNode mails = run.mails(1, Duration.ofSeconds(30));
        assertThat(mails).hasSize(1);
        assertThat(mails.get(0).get("subject").asText()).startsWith("[Vigil] MOTION alarm on sensor 1 - ");
        run.assertMetrics(Map.of("emails_sent", 1.0, "emails_retries", 2.0, "emails_failed", 0.0),
            Duration.ofSeconds(30));

        // Server down for good: three attempts, then the mail counts as failed; the alarm is on the topic anyway.
        smtp.up(false);
        run.send(run.readings, "2", WireFormat.toJson(run.reading("2", true, false)));
        run.assertMetrics(Map.of("emails_sent", 1.0, "emails_retries", 4.0, "emails_failed", 1.0),
            Duration.ofSeconds(60));
        assertThat(smtp.turnedAway()).isEqualTo(5);
        assertThat(alarms.read(k -> true, 2, Duration.ofSeconds(30))).hasSize(2);
        assertThat(run.pipeline().isAlive()).isTrue();
      }
    }
  }
}
