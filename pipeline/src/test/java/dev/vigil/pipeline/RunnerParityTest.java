package dev.vigil.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.pipeline.testing.SyntheticSensors;
import dev.vigil.pipeline.parse.MessageKind;
import dev.vigil.pipeline.parse.ParseRecords;
import dev.vigil.pipeline.parse.RawRecord;
import dev.vigil.pipeline.rules.RulesConfig;
import dev.vigil.pipeline.rules.SensorEvent;
import dev.vigil.pipeline.rules.SensorMemory;
import dev.vigil.pipeline.rules.SensorRules;
import dev.vigil.pipeline.testing.Collect;
import dev.vigil.wire.Alarm;
import dev.vigil.wire.AlarmType;
import dev.vigil.wire.MalformedMessageException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * One recorded input (generated with a fixed seed: over 10,000 readings from 1,000 sensors, plus recoveries and
 * malformed records) through the WHOLE pipeline on the DirectRunner and on an embedded Flink mini-cluster. Both must
 * produce exactly the same alarms (sensor, type, status, time, triggering readings, customer), dead letters, states
 * and counts; and the alarms of rules 1-4 must be what the rules say when applied to the records in order.
 */
@RunWith(JUnit4.class)
public class RunnerParityTest {
  private static final SyntheticSensors FLEET = new SyntheticSensors(2026L, 1_000, 10_500);

  @Test
  public void directAndFlinkProduceTheSameAlarms() throws Exception {
    List<RawRecord> records = FLEET.generate();
    assertThat(records.stream().filter(r -> r.kind() == MessageKind.READING).count()).isGreaterThanOrEqualTo(10_000);
    List<String> expectedRules1to4 = rulesAppliedInOrder(records);

    long start = System.nanoTime();
    run("direct", "--runner=DirectRunner", "--targetParallelism=2");
    long direct = System.nanoTime();
    run("flink", "--runner=FlinkRunner", "--flinkMaster=[local]", "--parallelism=2", "--streaming=true");
    long flink = System.nanoTime();
    System.out.printf("parity: DirectRunner %.1f s, Flink embedded %.1f s%n", (direct - start) / 1e9,
        (flink - direct) / 1e9);

    for (String output : List.of("alarms", "deadLetters", "states", "counts")) {
      assertThat(Collect.sorted("flink-" + output)).as(output + " on Flink vs Direct")
          .isNotEmpty()
          .isEqualTo(Collect.sorted("direct-" + output));
    }
    List<String> directRules1to4 = Collect.sorted("direct-alarms").stream()
        .filter(a -> !a.contains(AlarmType.OFFLINE.name())).map(RunnerParityTest::withoutCustomer).sorted().toList();
    assertThat(directRules1to4).as("rules 1-4 as applied in arrival order").isEqualTo(expectedRules1to4);
    assertThat(Collect.sorted("direct-alarms")).as("every sensor goes silent at the end of the input: OFFLINE")
        .filteredOn(a -> a.contains("OFFLINE RAISED")).hasSize(1_000);
    System.out.printf("parity: %d alarm events, %d dead letters, %d states, %d counts%n",
        Collect.sorted("direct-alarms").size(), Collect.sorted("direct-deadLetters").size(),
        Collect.sorted("direct-states").size(), Collect.sorted("direct-counts").size());
  }

  private static void run(String name, String... args) {
    String[] all = new String[args.length + 1];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--customerRefreshSeconds=0"; // a bounded run: load the customers once
    VigilOptions options = PipelineOptionsFactory.fromArgs(all).as(VigilOptions.class);
    Pipeline pipeline = Pipeline.create(options);
    VigilPipeline.build(pipeline, options, new Edges(
        FLEET.records(),
        FLEET.customers(),
        Collect.into(name + "-alarms", RunnerParityTest::describe),
        Collect.into(name + "-states"),
        Collect.into(name + "-counts"),
        Collect.into(name + "-deadLetters")));
    pipeline.run().waitUntilFinish();
  }

  /** What must be equal: everything but the customer's company, which names the (wall-clock) load tick. */
  static String describe(Alarm alarm) {
    return alarm.sensorId() + " " + alarm.type() + " " + alarm.status() + " @" + alarm.timestamp() + " "
        + alarm.trigger() + " customer=" + (alarm.customer() == null ? "none" : alarm.customer().id() + "/"
        + alarm.customer().zone());
  }

  private static String withoutCustomer(String described) {
    return described.substring(0, described.indexOf(" customer="));
  }

  private static List<String> rulesAppliedInOrder(List<RawRecord> records) {
    SensorRules rules = new SensorRules(RulesConfig.withoutTimers());
    Map<String, SensorMemory> memories = new HashMap<>();
    List<String> alarms = new ArrayList<>();
    for (RawRecord record : records) {
      List<SensorEvent> events;
      try {
        events = ParseRecords.parse(record);
      } catch (MalformedMessageException e) {
        continue;
      }
      for (SensorEvent event : events) {
        SensorMemory memory = memories.computeIfAbsent(event.sensorId(), id -> new SensorMemory());
        List<Alarm> raised = event.isReading()
            ? rules.onReading(memory, event.reading())
            : rules.onRecovery(memory, event.recovery());
        raised.forEach(a -> alarms.add(withoutCustomer(describe(a))));
      }
    }
    alarms.sort(null);
    return alarms;
  }
}
