package dev.vigil.runners;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileTest {
  @TempDir Path dir;

  private Profile profile(String text, Map<String, String> environment) throws Exception {
    Path file = dir.resolve("test.properties");
    Files.writeString(file, text);
    return Profile.load(file, environment);
  }

  @Test
  void optionsKeepTheFilesOrderAndTheUserWins() throws Exception {
    Profile profile = profile("# comment\nrunner=FlinkRunner\nparallelism=2\nsubmit.javaOptions=-Xmx1g\n"
        + "checkpointingInterval=10000\n", Map.of());
    assertThat(profile.pipelineArgs(List.of("--parallelism=4", "--readingsTopic=t", "--streaming")))
        .containsExactly("--runner=FlinkRunner", "--parallelism=4", "--checkpointingInterval=10000",
            "--readingsTopic=t", "--streaming");
    assertThat(profile.submitSetting("javaOptions", null)).isEqualTo("-Xmx1g");
    assertThat(profile.name()).isEqualTo("test");
  }

  @Test
  void variablesComeFromTheEnvironmentOrTheirDefault() throws Exception {
    Profile profile = profile("flinkMaster=127.0.0.1:${PORT:-8090}\npath=file://${WORK}/cp\n",
        Map.of("WORK", "/w"));
    assertThat(profile.pipelineArgs(List.of()))
        .containsExactly("--flinkMaster=127.0.0.1:8090", "--path=file:///w/cp");
    assertThatThrownBy(() -> profile("path=${WORK}/cp\n", Map.of()))
        .hasMessageContaining("environment variable WORK");
  }

  @Test
  void theShippedProfilesResolveWithTheStacksDefaults() throws Exception {
    Path home = Path.of("..").toAbsolutePath().normalize();
    Profile cluster = Profile.find("flink-cluster", home);
    assertThat(cluster.pipelineArgs(List.of())).contains("--runner=FlinkRunner", "--attachedMode=false")
        .anySatisfy(a -> assertThat(a).startsWith("--stateBackendStoragePath=file:///").endsWith("/flink/checkpoints"));
    assertThat(cluster.submitSetting("savepointDir", null)).startsWith("file:///").endsWith("/flink/savepoints");
    // The defaults the pipeline's main once added on Flink: offsets are committed on checkpoints, and the customer
    // map (~30 MB) is over the JobManager's 5 MB checkpoint storage.
    assertThat(Profile.find("flink-embedded", home).pipelineArgs(List.of())).contains("--flinkMaster=[local]",
        "--checkpointingInterval=10000", "--stateBackend=filesystem").noneMatch(a -> a.startsWith("--attachedMode"));
  }

  @Test
  void theSparkProfilesResolveAndKeepSparkSettingsOutOfThePipelinesOptions() throws Exception {
    Path home = Path.of("..").toAbsolutePath().normalize();
    for (String name : List.of("spark-local", "spark-standalone", "spark-yarn")) {
      Profile spark = Profile.find(name, home);
      assertThat(spark.pipelineArgs(List.of())).as(name).contains("--runner=SparkRunner", "--timersEnabled=false",
          "--customerRefreshSeconds=0").noneMatch(a -> a.startsWith("--spark."));
      assertThat(spark.sparkConf()).as(name).containsKey("spark.master")
          .containsEntry("spark.streaming.backpressure.enabled", "true");
    }
    assertThat(Profile.find("spark-yarn", home).sparkConf()).containsEntry("spark.submit.deployMode", "cluster")
        .containsEntry("spark.yarn.maxAppAttempts", "4").doesNotContainKey("spark.serializer");
  }
}
