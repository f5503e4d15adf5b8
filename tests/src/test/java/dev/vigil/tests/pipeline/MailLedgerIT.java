package dev.vigil.tests.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.driver.core.Row;
import dev.vigil.tests.support.KafkaTopics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The whole alarms topic replayed into a mail branch that remembers nothing, on embedded Flink: the mail group's
 * offsets deleted and the job started without a checkpoint, which is what a restore from a checkpoint taken before
 * the mails went out does to the mails since (or an operator resetting the group). Every RAISED alarm is read again
 * and let through by {@code OneMailPerAlarm}, whose state is new, and the mail ledger in Cassandra holds each one back:
 * no mail is sent twice. Without the ledger each of them would be mailed a second time.
 *
 * <p>Except the mails left in doubt: two of the ledger's rows are set back to "sending" (as a crash between the SMTP
 * server's acceptance and the ledger's record leaves them), and exactly those two are mailed again, named in the log
 * and counted in {@code emails_in_doubt}.
 */
class MailLedgerIT {
  private static final Duration RESULTS = Duration.ofSeconds(120);

  private final SeededSensorTraffic traffic = new SeededSensorTraffic(40, 2031);

  @Test
  void aReplayOfTheAlarmsTopicMailsNoAlarmAgain() throws Exception {
    try (PipelineRun run = new PipelineRun("mailledger", 100);
        KafkaTopics alarmEvents = new KafkaTopics(run.alarmsTopic)) {
      run.start(PipelineOnFlinkIT.embeddedFlink(), Map.of());
      traffic.send(run, 200);
      traffic.compare(alarmEvents, RESULTS).assertExact();
      traffic.assertMails(run, RESULTS);
      int mailed = run.mails(0, Duration.ZERO).size();
      assertThat(mailed).as("RAISED alarms in 200 seeded messages").isPositive();
      // Both groups committed up to the ends: the rules will not read a reading again, the mail branch will.
      run.awaitCommittedToTheEnds(run.groupId, run.readings, Duration.ofSeconds(60));
      run.awaitCommittedToTheEnds(run.mailerGroup(), run.alarmsTopic, Duration.ofSeconds(60));
      run.stop();
      run.admin.deleteConsumerGroups(List.of(run.mailerGroup())).all().get(30, TimeUnit.SECONDS);
      List<String> inDoubt = new ArrayList<>();
      for (Row row : run.session.execute("SELECT alarm_id FROM " + run.keyspace + ".mailed_alarms LIMIT 2")) {
        inDoubt.add(row.getString("alarm_id"));
        run.session.execute("DELETE mailed_at FROM " + run.keyspace + ".mailed_alarms WHERE alarm_id = ?",
            row.getString("alarm_id"));
      }
      assertThat(inDoubt).hasSize(2);

      run.restart(PipelineOnFlinkIT.embeddedFlink(), 2);
      double replayed = run.awaitCommittedToTheEnds(run.mailerGroup(), run.alarmsTopic, RESULTS);
      Map<String, Double> counters =
          run.assertMetrics(Map.of("emails_already_sent", (double) mailed - 2, "emails_in_doubt", 2.0),
              Duration.ofSeconds(60));
      System.out.printf("MailLedgerIT: %d RAISED alarms mailed; the alarms topic replayed in %.1f s: held back by the"
          + " ledger %.0f, in doubt and mailed again %.0f %s, ledger errors %.0f%n", mailed, replayed,
          counters.get("emails_already_sent"), counters.get("emails_sent"), run.pipeline().inDoubtMails(),
          counters.get("mail_ledger_errors"));
      assertThat(counters.get("emails_sent")).as("mails the replay sent: the two in doubt").isEqualTo(2.0);
      assertThat(counters.get("mail_ledger_errors")).as("failed ledger calls").isZero();
      assertThat(run.pipeline().inDoubtMails()).containsExactlyInAnyOrderElementsOf(inDoubt);
      assertThat(traffic.assertMailsAtLeastOnce(run, Duration.ofSeconds(30)))
          .as("alarm ids mailed twice").containsExactlyInAnyOrderElementsOf(inDoubt);
    }
  }
}
