package dev.vigil.tests.pipeline;

import dev.vigil.tests.support.StackControl;
import java.time.Duration;
import java.util.List;
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

  /** Embedded Flink as the pipeline ITs run it: parallelism 2, a checkpoint every 2 s on the file system. */
  static List<String> embeddedFlink() {
    return List.of("--runner=FlinkRunner", "--flinkMaster=[local]", "--parallelism=2",
        "--checkpointingInterval=2000",
        "--stateBackendStoragePath=" + StackControl.home().resolve("tests/target/pipeline-checkpoints").toUri());
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
