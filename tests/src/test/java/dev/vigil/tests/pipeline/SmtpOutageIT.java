package dev.vigil.tests.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.tests.support.KafkaTopics;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The mail server down for a minute while readings keep coming, on embedded Flink with the default mail settings (the
 * pipeline mails through a {@link ServerOutage} relay, which cuts its connections and turns new ones away). The
 * mails of the alarms raised before and during the outage wait in their retries and go out once SMTP is back: every
 * RAISED alarm mailed exactly once, none given up. ({@code MailBacklogIT} covers an alarm storm during an outage and
 * {@code MailRetryIT} a mail that runs out of attempts.)
 */
class SmtpOutageIT {
  private static final Duration RESULTS = Duration.ofSeconds(180);
  private static final Duration OUTAGE = Duration.ofSeconds(60);

  private final SeededSensorTraffic traffic = new SeededSensorTraffic(40, 2037);

  @Test
  void everyMailOfAMinuteWithoutSmtpGoesOutOnceItIsBack() throws Exception {
    try (ServerOutage smtp = ServerOutage.smtp(); PipelineRun run = new PipelineRun("smtpoutage", 100);
        KafkaTopics alarmEvents = new KafkaTopics(run.alarmsTopic)) {
      smtp.up(true);
      run.start(PipelineOnFlinkIT.embeddedFlink(), Map.of("smtpPort", String.valueOf(smtp.port())));
      traffic.send(run, 100);
      traffic.compare(alarmEvents, RESULTS).assertExact();
      traffic.assertMails(run, RESULTS);

      smtp.down();
      int sentDuringOutage;
      try (SeededSensorTraffic.Trickle trickle = traffic.trickle(run, 2, 1000)) {
        Thread.sleep(OUTAGE.toMillis());
        sentDuringOutage = trickle.stop();
      }
      Map<String, Double> whileDown = run.assertMetrics(Map.of(), Duration.ofSeconds(10));
      smtp.up(true);
      long upAt = System.nanoTime();
      traffic.send(run, 50);

      SeededSensorTraffic.Comparison whole = traffic.compare(alarmEvents, RESULTS);
      whole.assertExact();
      int repeated = traffic.assertMailsAtLeastOnce(run, RESULTS).size();
      double caughtUp = (System.nanoTime() - upAt) / 1e9;
      Map<String, Double> after = run.assertMetrics(Map.of(), Duration.ofSeconds(10));
      System.out.printf("SmtpOutageIT: SMTP down %d s, %d connections turned away; sent %d messages (%d during the"
          + " outage); alarms expected %d, found %d, lost %d; mails sent by the end of the outage %.0f, every RAISED"
          + " id mailed %.1f s after SMTP came back: mails %.0f, retries %.0f, failed %.0f, repeated %d%n",
          OUTAGE.toSeconds(),
          smtp.turnedAway(), traffic.sentCount(), sentDuringOutage, whole.expected().size(), whole.distinct(),
          whole.lost().size(), whileDown.get("emails_sent"), caughtUp, after.get("emails_sent"),
          after.get("emails_retries"), after.get("emails_failed"), repeated);
      assertThat(smtp.turnedAway()).as("connections the outage turned away").isPositive();
      assertThat(after.get("emails_failed")).as("mails given up").isZero();
      assertThat(repeated).as("mails sent twice").isZero();
    }
  }
}
