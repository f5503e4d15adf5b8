package dev.vigil.tests.pipeline;

import java.util.List;

/** The pipeline's I/O edges on the real servers, on the DirectRunner. */
class PipelineOnDirectRunnerIT extends PipelineOnLocalStackContract {

  @Override
  String runnerName() {
    return "direct";
  }

  @Override
  List<String> runnerArgs() {
    return List.of("--runner=DirectRunner");
  }
}
