package dev.vigil.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VigilPipelineTest {

  @Test
  void flinkGetsCheckpointIntervalAndFileSystemCheckpointsUnlessGiven() {
    assertThat(VigilPipeline.withRunnerDefaults(new String[] {"--runner=FlinkRunner"}))
        .startsWith("--runner=FlinkRunner", "--checkpointingInterval=10000", "--stateBackend=filesystem")
        .anySatisfy(a -> assertThat(a).startsWith("--stateBackendStoragePath=file:/")
            .contains("vigil-pipeline-checkpoints"));
    assertThat(VigilPipeline.withRunnerDefaults(new String[] {"--runner=FlinkRunner", "--checkpointingInterval=500",
        "--stateBackend=rocksdb", "--stateBackendStoragePath=file:///data/cp"}))
        .containsExactly("--runner=FlinkRunner", "--checkpointingInterval=500", "--stateBackend=rocksdb",
            "--stateBackendStoragePath=file:///data/cp");
    assertThat(VigilPipeline.withRunnerDefaults(new String[] {"--runner=FlinkRunner",
        "--stateBackendStoragePath=file:///data/cp"}))
        .containsExactly("--runner=FlinkRunner", "--stateBackendStoragePath=file:///data/cp",
            "--checkpointingInterval=10000", "--stateBackend=filesystem");
    assertThat(VigilPipeline.withRunnerDefaults(new String[] {"--runner=DirectRunner"}))
        .containsExactly("--runner=DirectRunner");
  }
}
