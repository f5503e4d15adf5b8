package dev.vigil.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.pipeline.VigilOptions;
import dev.vigil.pipeline.VigilPipeline;
import dev.vigil.pipeline.testing.Collect;
import dev.vigil.pipeline.testing.SyntheticSensors;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;

/** The synthetic run's edges feed the whole pipeline: alarms, states, counts and dead letters come out. */
class SyntheticRunTest {

  @Test
  void aGeneratedFleetGoesThroughThePipelineOnTheDirectRunner() {
    VigilOptions options = PipelineOptionsFactory
        .fromArgs("--runner=DirectRunner", "--customerRefreshSeconds=0").as(VigilOptions.class);
    Pipeline pipeline = Pipeline.create(options);
    VigilPipeline.Outputs out =
        VigilPipeline.build(pipeline, options, SyntheticRun.edges(new SyntheticSensors(7L, 50, 1_500)));
    out.alarms().apply("CollectAlarms", Collect.into("synthetic-alarms", String::valueOf));
    out.states().apply("CollectStates", Collect.into("synthetic-states"));
    out.counts().apply("CollectCounts", Collect.into("synthetic-counts"));
    out.deadLetters().apply("CollectDeadLetters", Collect.into("synthetic-dead"));

    assertThat(pipeline.run().waitUntilFinish()).isEqualTo(PipelineResult.State.DONE);

    assertThat(Collect.sorted("synthetic-alarms")).as("alarms").isNotEmpty()
        .anyMatch(a -> a.contains("RAISED")).anyMatch(a -> a.contains("CLEARED"));
    assertThat(Collect.sorted("synthetic-states")).as("one state per reading").hasSizeGreaterThan(1_000);
    assertThat(Collect.sorted("synthetic-counts")).as("counts").isNotEmpty();
    assertThat(Collect.sorted("synthetic-dead")).as("the fleet's malformed records").isNotEmpty();
  }
}
