package dev.vigil.tests.pipeline;

import dev.vigil.runners.Profile;
import dev.vigil.tests.support.StackControl;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** The pipeline's I/O edges on the real servers, on an embedded Flink mini-cluster (parallelism 2, checkpoints). */
class PipelineOnFlinkIT extends PipelineOnLocalStackContract {

  @Override
  String runnerName() {
    return "flink";
  }

  @Override
  List<String> runnerArgs() {
    return embeddedFlink();
  }

  /**
   * Embedded Flink as the pipeline ITs run it: the flink-embedded profile (the stack's and the demo's), with a checkpoint
   * every 2 s, under tests/target.
   */
  static List<String> embeddedFlink() {
    try {
      return Profile.find("flink-embedded", StackControl.home()).with(Map.of("checkpointingInterval", "2000",
          "stateBackendStoragePath", StackControl.home().resolve("tests/target/pipeline-checkpoints").toUri()
              .toString())).pipelineArgs(List.of());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Enough customers (~16,500 sensors) that the customer map in the side input's state is over 5 MB, the most Flink's
   * default checkpoint storage takes: checkpoints complete (and offsets get committed) only because the pipeline's
   * main defaults to file-system checkpoints.
   */
  @Override
  int generatedCustomers() {
    return 12_000;
  }

  /**
   * On Flink, KafkaIO reads through its UnboundedSource and commits offsets when a checkpoint completes (here every
   * 2 s), so this also fails when checkpoints fail. (The DirectRunner reads through the SDF, which commits in 5-minute windows: not checked there.)
   */
  @Test
  @Order(3)
  void consumedOffsetsAreCommittedOnCheckpoints() throws Exception {
    assertOffsetsCommittedToTheEnds(Duration.ofSeconds(30));
  }
}
