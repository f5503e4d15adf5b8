package dev.vigil.tests.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.runners.Profile;
import dev.vigil.runners.SparkSubmission;
import dev.vigil.runners.Submit;
import dev.vigil.tests.support.KafkaTopics;
import dev.vigil.tests.support.StackControl;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The one pipeline jar on Spark Streaming, submitted with spark-submit by the runners' own {@link SparkSubmission}
 * with the cluster profiles from profiles/: the stack's standalone cluster in cluster deploy mode (bin/vigil stack up
 * spark) and the stack's YARN (bin/vigil stack up yarn), also in cluster mode. Each run gets seeded readings through
 * Kafka; its alarm events must be exactly the plain-Java rules' (no OFFLINE: timers are off on Spark), with one mail
 * per RAISED id and a map point per sensor in InfluxDB. local[2] (spark-local) runs in {@link RunnerParityIT}, and in
 * the timers check below.
 */
class SparkRunnersIT {
  private static final int SENSORS = 60;
  private static final int MESSAGES = 400;
  private static final Duration RESULTS = Duration.ofSeconds(120);

  @Test
  void standaloneClusterMode() throws Exception {
    runOn("spark-standalone", Map.of());
  }

  /**
   * The reference's sizes (4 executors x 3 cores x 3 GB) do not fit the local YARN's one NodeManager: one executor of
   * 1 GB with one core, and smaller overheads.
   */
  @Test
  void yarnClusterMode() throws Exception {
    runOn("spark-yarn", Map.of("spark.executor.instances", "1", "spark.executor.cores", "1",
        "spark.executor.memory", "1g", "spark.driver.memory", "1g", "spark.executor.memoryOverhead", "384",
        "spark.driver.memoryOverhead", "384"));
  }

  /**
   * Why the Spark profiles turn timers off (and with them OFFLINE): Beam's Spark runner refuses the rules' event-time
   * timer in streaming, so the job would not start.
   */
  @Test
  void eventTimeTimersAreRefusedSoTheProfilesTurnThemOff() throws Exception {
    Profile profile = Profile.find("spark-local", StackControl.home());
    assertThat(profile.option("timersEnabled")).isEqualTo("false");
    try (PipelineRun run = new PipelineRun("sparktimers", 10)) {
      List<String> options = run.optionArgs(Map.of("metricsPort", "0", "jobName", "it-" + run.id.replace('_', '-'),
          "customerRefreshSeconds", "0", "timersEnabled", "true"));
      SparkSubmission spark = new SparkSubmission(profile);
      // The driver's UI may list the application before the pipeline is translated, and the driver then ends.
      String outcome;
      try {
        SparkSubmission.Application app = spark.submit(PipelineJar.jar(), Submit.sparkArgs(profile, options),
            Duration.ofMinutes(2));
        try {
          assertThat(app.driver().waitFor(2, TimeUnit.MINUTES)).as("the driver ends").isTrue();
        } finally {
          spark.kill(app);
        }
        assertThat(app.driver().exitValue()).as("the driver's exit code").isNotZero();
        outcome = Files.readString(app.clientLog());
      } catch (IOException ended) {
        outcome = ended.getMessage();
      }
      assertThat(outcome).contains("EVENT_TIME not yet supported in streaming mode");
    }
  }

  private static void runOn(String profileName, Map<String, String> overrides) throws Exception {
    Profile profile = Profile.find(profileName, StackControl.home()).with(overrides);
    SparkSubmission spark = new SparkSubmission(profile);
    SeededSensorTraffic traffic = new SeededSensorTraffic(SENSORS, 2027);
    try (PipelineRun run = new PipelineRun(profileName.replace("-", ""), 300);
        KafkaTopics alarmEvents = new KafkaTopics(run.alarmsTopic)) {
      Map<String, String> overriding = new LinkedHashMap<>();
      overriding.put("metricsPort", "0");
      overriding.put("jobName", "it-" + run.id.replace('_', '-'));
      // The profiles load the customers once: Beam's Spark runner cannot run the periodic reload.
      overriding.put("customerRefreshSeconds", "0");
      List<String> args = Submit.sparkArgs(profile, run.optionArgs(overriding));

      long start = System.nanoTime();
      SparkSubmission.Application app = spark.submit(PipelineJar.jar(), args, Duration.ofMinutes(3));
      double submitted = (System.nanoTime() - start) / 1e9;
      try {
        traffic.send(run, MESSAGES);
        SeededSensorTraffic.Comparison result = traffic.compare(alarmEvents, RESULTS);
        double alarmsIn = (System.nanoTime() - start) / 1e9 - submitted;
        System.out.printf("SparkRunnersIT[%s]: application %s running %.1f s after spark-submit started; readings"
            + " sent %d, alarms expected %d, found %d (%d distinct), lost %d, unexpected %d, all in %.1f s; web UI %s,"
            + " logs %s%n", profileName, app.id(), submitted, traffic.sentCount(), result.expected().size(),
            result.found().size(), result.distinct(), result.lost().size(), result.unexpected().size(), alarmsIn,
            app.webUi(), app.logs());
        assertThat(result.expected()).as("the seeded input raises alarms").isNotEmpty();
        result.assertExact();
        traffic.assertMails(run, RESULTS);
        traffic.assertMapPoints(run, RESULTS);
      } finally {
        spark.kill(app);
      }
    }
  }
}
