package dev.vigil.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedFlinkRestoreTest {

  @Test
  void anEmbeddedRunWithASavepointGetsAConfigurationThatRestoresIt(@TempDir Path userConf) throws Exception {
    Files.writeString(userConf.resolve("flink-conf.yaml"), "taskmanager.numberOfTaskSlots: 4\n");
    List<String> args = EmbeddedFlinkRestore.args(List.of("--runner=FlinkRunner", "--flinkMaster=[local]",
        "--savepointPath=/cp/job/chk-7", "--allowNonRestoredState=true", "--flinkConfDir=" + userConf,
        "--parallelism=2"));

    assertThat(args).startsWith("--runner=FlinkRunner", "--flinkMaster=[local]", "--savepointPath=/cp/job/chk-7",
        "--allowNonRestoredState=true", "--parallelism=2").hasSize(6);
    String confDir = args.get(5);
    assertThat(confDir).startsWith("--flinkConfDir=").isNotEqualTo("--flinkConfDir=" + userConf);
    assertThat(Files.readString(Path.of(confDir.substring("--flinkConfDir=".length()), "flink-conf.yaml")))
        .isEqualTo("taskmanager.numberOfTaskSlots: 4\n\nexecution.savepoint.path: /cp/job/chk-7\n"
            + "execution.savepoint.ignore-unclaimed-state: true\n");
  }

  @Test
  void otherRunsAreLeftAlone() throws Exception {
    List<String> noSavepoint = List.of("--runner=FlinkRunner", "--flinkMaster=[local]");
    List<String> cluster = List.of("--runner=FlinkRunner", "--flinkMaster=127.0.0.1:8090", "--savepointPath=/sp");
    List<String> spark = List.of("--runner=SparkRunner", "--savepointPath=/sp");
    assertThat(EmbeddedFlinkRestore.args(noSavepoint)).isSameAs(noSavepoint);
    assertThat(EmbeddedFlinkRestore.args(cluster)).as("a cluster takes --savepointPath itself").isSameAs(cluster);
    assertThat(EmbeddedFlinkRestore.args(spark)).isSameAs(spark);
  }
}
