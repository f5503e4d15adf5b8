package dev.vigil.tests.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.tests.support.Eventually;
import dev.vigil.tests.support.KafkaTopics;
import dev.vigil.wire.Reading;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An alarm storm while SMTP is down, on embedded Flink: the rules keep raising alarms onto the alarms topic at full
 * speed while not one mail can be sent, and the mails follow once SMTP is back. The mail branch reads the alarms
 * topic with a consumer group of its own; when mail hung off the rules' output instead, a mail stage that could not
 * send filled Flink's network buffers and held the rules up after a few thousand alarms (the 30 s alarm-latency p99 of
 * the end-to-end benchmark). {@value #STORM} alarms are well past what those buffers hold.
 */
class MailBacklogIT {
  private static final int STORM = 20_000;

  @Test
  void anSmtpOutageDuringAnAlarmStormDoesNotHoldUpTheRules() throws Exception {
    try (ServerOutage smtp = ServerOutage.smtp(); PipelineRun run = new PipelineRun("mailbacklog", 30)) {
      run.start(PipelineOnFlinkIT.embeddedFlink(),
          Map.of("smtpPort", String.valueOf(smtp.port()), "mailMaxAttempts", "20", "mailBackoffMillis", "20000"));
      long now = System.currentTimeMillis();
      List<Reading> motions = new ArrayList<>(STORM);
      for (int i = 0; i < STORM; i++) {
        motions.add(new Reading("storm-" + i, true, false, 21.0, 30.0, now));
      }
      try (KafkaTopics alarms = new KafkaTopics(run.alarmsTopic)) {
        run.sendAll(run.readings, motions);

        // Every alarm reaches the topic while SMTP turns every connection away.
        assertThat(alarms.read(key -> key.startsWith("storm-"), STORM, Duration.ofSeconds(120))).hasSize(STORM);
        run.assertMetrics(Map.of("readings_in", (double) STORM, "alarms_raised", (double) STORM,
            "emails_sent", 0.0), Duration.ofSeconds(30));
        assertThat(smtp.turnedAway()).isPositive();

        // SMTP back: the waiting mails go out (the back-off is 20 s, so within a minute or so).
        smtp.up(true);
        Eventually.get(Duration.ofSeconds(120), "mails sent once SMTP is back",
            () -> run.assertMetrics(Map.of(), Duration.ofSeconds(5)).getOrDefault("emails_sent", 0.0) > 0 ? true : null);
        assertThat(run.mails(1, Duration.ofSeconds(30)).get(0).get("subject").asText())
            .startsWith("[Vigil] MOTION alarm on sensor storm-");
      }
    }
  }
}
