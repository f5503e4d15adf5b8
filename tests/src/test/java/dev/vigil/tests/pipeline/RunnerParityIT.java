package dev.vigil.tests.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.runners.Profile;
import dev.vigil.runners.SparkSubmission;
import dev.vigil.runners.Submit;
import dev.vigil.tests.support.KafkaTopics;
import dev.vigil.tests.support.StackControl;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Runner parity across the engines: one seeded sensor log of 1,000 sensors and 10,000 messages (readings and
 * recoveries) in Kafka, read by the same pipeline jar on Direct, embedded Flink, the stack's Flink cluster and Spark
 * (local[2]), each with a consumer group and an alarms topic of its own. Every engine must write the same set of alarm
 * events (id and status), and that set must be the plain-Java rules' over the same messages in Kafka order. (No
 * OFFLINE: none of the sensors goes quiet for minutes, and Spark has no timers.)
 */
class RunnerParityIT {
  private static final int SENSORS = 1_000;
  private static final int MESSAGES = 10_000;
  private static final Duration RESULTS = Duration.ofMinutes(4);

  @Test
  void theSameInputGivesTheSameAlarmEventsOnEveryEngine() throws Exception {
    SeededSensorTraffic traffic = new SeededSensorTraffic(SENSORS, 2028);
    Map<String, SeededSensorTraffic.Comparison> results = new LinkedHashMap<>();
    try (PipelineRun run = new PipelineRun("parity", 800)) {
      long sending = System.nanoTime();
      traffic.send(run, MESSAGES);
      System.out.printf("RunnerParityIT: %d messages from %d sensors sent in %.1f s%n", traffic.sentCount(), SENSORS,
          (System.nanoTime() - sending) / 1e9);
      for (String engine : List.of("direct", "flink-embedded", "flink-cluster", "spark-local")) {
        String alarms = run.alarmsTopic + "." + engine;
        run.createTopic(alarms, 2);
        Map<String, String> overrides = new LinkedHashMap<>();
        overrides.put("alarmsTopic", alarms);
        overrides.put("kafkaGroupId", run.groupId + "-" + engine);
        overrides.put("jobName", "it-parity-" + engine + "-" + run.id.replace('_', '-'));
        overrides.put("metricsPort", "0");
        // Loaded once on every engine (Spark cannot reload); the input has its customers from the start.
        overrides.put("customerRefreshSeconds", "0");
        long start = System.nanoTime();
        try (KafkaTopics alarmEvents = new KafkaTopics(alarms); AutoCloseable pipeline = start(engine, run,
            overrides)) {
          SeededSensorTraffic.Comparison result = traffic.compare(alarmEvents, RESULTS);
          results.put(engine, result);
          System.out.printf("RunnerParityIT[%s]: alarm events expected %d, found %d (%d distinct), lost %d,"
              + " unexpected %d, in %.1f s from the start%n", engine, result.expected().size(), result.found().size(),
              result.distinct(), result.lost().size(), result.unexpected().size(), (System.nanoTime() - start) / 1e9);
        }
      }
    }
    List<String> expected = results.values().iterator().next().expected();
    assertThat(expected).as("the seeded input raises alarms").hasSizeGreaterThan(500);
    results.forEach((engine, result) -> {
      assertThat(result.lost()).as(engine + ": alarm events the rules raise but it did not").isEmpty();
      assertThat(result.unexpected()).as(engine + ": alarm events the rules do not raise").isEmpty();
      assertThat(new HashSet<>(result.found())).as(engine + ": its set of alarm events")
          .isEqualTo(new HashSet<>(expected));
    });
  }

  /** Starts the pipeline on {@code engine}; closing the result stops it. */
  private static AutoCloseable start(String engine, PipelineRun run, Map<String, String> overrides)
      throws Exception {
    switch (engine) {
      case "direct" -> {
        // The DirectRunner's per-element immutability check re-encodes each of the 10,000 messages at every step
        // (190 s here with it); the other Direct ITs keep it on.
        run.start(List.of("--runner=DirectRunner", "--enforceImmutability=false"), overrides);
        return run::stop;
      }
      case "flink-embedded" -> {
        run.start(PipelineOnFlinkIT.embeddedFlink(), overrides);
        return run::stop;
      }
      case "flink-cluster" -> {
        FlinkSessionJobs cluster = new FlinkSessionJobs("RunnerParityIT");
        cluster.submit(cluster.profile.pipelineArgs(run.optionArgs(overrides)), null);
        return cluster;
      }
      case "spark-local" -> {
        int uiPort;
        try (ServerSocket free = new ServerSocket(0)) {
          uiPort = free.getLocalPort();
        }
        Profile profile = Profile.find("spark-local", StackControl.home())
            .with(Map.of("spark.ui.port", String.valueOf(uiPort)));
        SparkSubmission spark = new SparkSubmission(profile);
        SparkSubmission.Application app = spark.submit(PipelineJar.jar(),
            Submit.sparkArgs(profile, run.optionArgs(overrides)), Duration.ofMinutes(3));
        return () -> spark.kill(app);
      }
      default -> throw new IllegalArgumentException(engine);
    }
  }
}
