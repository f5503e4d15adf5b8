package dev.vigil.tests.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.runners.LatestCheckpoint;
import dev.vigil.runners.Profile;
import dev.vigil.tests.support.Eventually;
import dev.vigil.tests.support.KafkaTopics;
import dev.vigil.tests.support.StackControl;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The pipeline's process (embedded Flink, a checkpoint every 2 s) killed with SIGKILL under load, then started again
 * from its newest completed checkpoint ({@link LatestCheckpoint}, as {@code Submit --from-latest-checkpoint} does),
 * while readings keep arriving. Its keyed state (streaks, active alarms, mailed ids) comes back with the offsets it
 * belongs to, so the alarms equal the plain-Java rules' over everything sent: none lost, none unexpected.
 *
 * <p>Each RAISED alarm is mailed once across the crash: the mails sent between that checkpoint and the kill are in
 * the mail ledger (Cassandra), which the restore does not roll back. The one exception SMTP leaves is a mail the kill
 * caught in flight (the server may have stored it without the sender hearing so): the restarted pipeline finds it in
 * doubt in the ledger, logs its id and sends it again, and only such ids may come twice. Not asserted to be zero,
 * counted and printed: the alarm events written since that checkpoint are written again after the restore, with the
 * same deterministic ids (consumers dedup on the id, and the distinct events are exact).
 */
class PipelineCrashIT {
  private static final int SENSORS = 60;
  private static final Duration RESULTS = Duration.ofSeconds(120);

  private final SeededSensorTraffic traffic = new SeededSensorTraffic(SENSORS, 2029);

  @Test
  void killedPipelineResumesFromItsLatestCheckpointAndLosesNoAlarm() throws Exception {
    Path storage = StackControl.home().resolve("tests/target/pipeline-checkpoints/crash-" + UUID.randomUUID());
    List<String> flink = Profile.find("flink-embedded", StackControl.home()).with(Map.of(
        "checkpointingInterval", "2000", "stateBackendStoragePath", storage.toUri().toString()))
        .pipelineArgs(List.of());
    try (PipelineRun run = new PipelineRun("crash", 300);
        KafkaTopics alarmEvents = new KafkaTopics(run.alarmsTopic)) {
      run.start(flink, Map.of());
      traffic.send(run, 200);
      traffic.compare(alarmEvents, RESULTS).assertExact();
      Eventually.get(Duration.ofMinutes(1), "a completed checkpoint under " + storage,
          () -> LatestCheckpoint.find(storage.toString()).isPresent() ? Boolean.TRUE : null);

      Path resumedFrom;
      double killToRestart;
      int duringCrash;
      try (SeededSensorTraffic.Trickle trickle = traffic.trickle(run, 5, 200)) {
        Thread.sleep(5_000); // under load: readings and alarms in flight, checkpoints taken meanwhile
        assertThat(run.pipeline().isAlive()).as("the pipeline before the kill:\n" + run.pipeline().logTail()).isTrue();
        run.pipeline().kill();
        long killedAt = System.nanoTime();
        resumedFrom = LatestCheckpoint.find(storage.toString()).orElseThrow();
        List<String> resume = new ArrayList<>(flink);
        resume.add("--savepointPath=" + resumedFrom);
        run.restart(resume, 2);
        run.awaitFirstCustomerSnapshot(Duration.ofMinutes(2));
        killToRestart = (System.nanoTime() - killedAt) / 1e9;
        Thread.sleep(10_000);
        duringCrash = trickle.stop();
      }
      traffic.send(run, 200);

      SeededSensorTraffic.Comparison whole = traffic.compare(alarmEvents, RESULTS);
      System.out.println("PipelineCrashIT: lost " + whole.lost() + ", unexpected " + whole.unexpected());
      List<String> mailsRepeated = traffic.assertMailsAtLeastOnce(run, RESULTS);
      Map<String, Double> counters = run.assertMetrics(Map.of(), Duration.ofSeconds(10));
      List<String> inDoubt = run.pipeline().inDoubtMails();
      System.out.printf("PipelineCrashIT: readings and recoveries sent (acknowledged by Kafka) %d, %d of them while"
          + " the pipeline was killed and restarted; alarms expected %d, found %d (%d distinct), duplicated %d"
          + " (RAISED twice: %d; the events since checkpoint %s, same ids), lost %d, unexpected %d; mails repeated"
          + " %s, held back by the mail ledger after the restart %.0f, in doubt (a send the kill interrupted, sent"
          + " again) %s; restarted and ready %.1f s after the kill%n",
          traffic.sentCount(), duringCrash, whole.expected().size(), whole.found().size(), whole.distinct(),
          whole.found().size() - whole.distinct(), whole.raisedTwice(), resumedFrom.getFileName(), whole.lost().size(),
          whole.unexpected().size(), mailsRepeated, counters.getOrDefault("emails_already_sent", 0.0), inDoubt,
          killToRestart);
      assertThat(whole.lost()).as("alarm events the rules raise but the pipeline did not").isEmpty();
      assertThat(whole.unexpected()).as("alarm events the rules do not raise").isEmpty();
      assertThat(mailsRepeated).as("mails sent twice for one alarm id across the crash, other than those the"
          + " restarted pipeline found in doubt in the mail ledger").isSubsetOf(inDoubt);
      assertThat((double) inDoubt.size()).as("vigil_pipeline_emails_in_doubt")
          .isEqualTo(counters.getOrDefault("emails_in_doubt", 0.0));
      assertThat(run.pipeline().isAlive()).as("the restarted pipeline:\n" + run.pipeline().logTail()).isTrue();
      traffic.assertMapPoints(run, RESULTS);
    }
  }
}
