package dev.vigil.runners;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparkSubmissionTest {
  @TempDir Path dir;

  private Profile profile(String text) throws Exception {
    Files.createDirectories(dir.resolve("spark/jars"));
    Files.writeString(dir.resolve("opens"), "# comment\n--add-opens=java.base/java.nio=ALL-UNNAMED\n");
    Path file = dir.resolve("spark-test.properties");
    Files.writeString(file, text + "\nsubmit.sparkHome=" + dir.resolve("spark") + "\nsubmit.javaOptionsFile="
        + dir.resolve("opens") + "\n");
    return Profile.load(file, Map.of());
  }

  @Test
  void sparkKeysBecomeConfAndTheJavaModuleOptionsReachTheDriverAndTheExecutors() throws Exception {
    Profile profile = profile("runner=SparkRunner\nbatchIntervalMillis=1000\ncheckpointDir=file:///cp/\n"
        + "spark.master=local[2]\nspark.driver.memory=2g\nspark.executor.extraJavaOptions=-Dx=1\n");
    Path jar = Files.writeString(dir.resolve("p.jar"), "");
    List<String> args = Submit.sparkArgs(profile, List.of("--jobName=j1", "--readingsTopic=t"));
    assertThat(args).containsExactly("--runner=SparkRunner", "--batchIntervalMillis=1000", "--jobName=j1",
        "--readingsTopic=t", "--appName=j1", "--checkpointDir=file:///cp/j1");

    List<String> command = new SparkSubmission(profile).command(jar, args);
    assertThat(command).containsSequence("--add-opens=java.base/java.nio=ALL-UNNAMED", "-Xmx2g", "-cp")
        .containsSequence("--conf", "spark.master=local[2]")
        .containsSequence("--conf", "spark.app.name=j1")
        .containsSequence("--conf", "spark.executor.extraJavaOptions=--add-opens=java.base/java.nio=ALL-UNNAMED -Dx=1")
        .containsSequence("--conf", "spark.driver.extraJavaOptions=--add-opens=java.base/java.nio=ALL-UNNAMED")
        .containsSequence("--class", Submit.PIPELINE_MAIN, jar.toString(), "--runner=SparkRunner")
        .noneMatch(a -> a.startsWith("--spark."));
    assertThat(new SparkSubmission(profile.with(Map.of("submit.env.SPARK_LOCAL_IP", "127.0.0.1")))
        .processBuilder(command).environment()).containsEntry("SPARK_LOCAL_IP", "127.0.0.1")
        .containsEntry("SPARK_HOME", dir.resolve("spark").toString());
  }

  @Test
  void clusterModeLeavesTheClientJvmAloneAndAUsersCheckpointDirIsKept() throws Exception {
    Profile profile = profile("runner=SparkRunner\ncheckpointDir=file:///cp\nspark.master=yarn\n"
        + "spark.submit.deployMode=cluster\nspark.driver.memory=2g\n");
    Path jar = Files.writeString(dir.resolve("p.jar"), "");
    List<String> args = Submit.sparkArgs(profile, List.of("--checkpointDir=hdfs:///mine"));
    assertThat(args).contains("--checkpointDir=hdfs:///mine").anyMatch(a -> a.startsWith("--jobName=vigil-pipeline-"));
    assertThat(new SparkSubmission(profile).command(jar, args)).doesNotContain("-Xmx2g")
        .containsSequence("--conf", "spark.driver.memory=2g");
  }

  @Test
  void onlyAClusterModeIdCanBeKilledById() throws Exception {
    SparkSubmission spark = new SparkSubmission(profile("runner=SparkRunner\nspark.master=spark://127.0.0.1:7077\n"));
    // An application id (app-...) names no process to stop on a standalone master: its driver id does.
    assertThatThrownBy(() -> spark.kill("app-20261201143822-0000")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("driver-...").hasMessageContaining("application_...");
    assertThatThrownBy(() -> spark.kill("application_1_0001")).hasMessageContaining("submit.resourceManagerWebUi");
  }

  @Test
  void aFlinkProfileOrAMissingSparkHomeIsRefusedWithWhatToDo() throws Exception {
    assertThatThrownBy(() -> new SparkSubmission(profile("runner=FlinkRunner\n")))
        .hasMessageContaining("does not run on Spark");
    Profile noHome = profile("runner=SparkRunner\n").with(Map.of("submit.sparkHome", dir.resolve("none").toString()));
    Path jar = Files.writeString(dir.resolve("p.jar"), "");
    assertThatThrownBy(() -> new SparkSubmission(noHome).command(jar, List.of("--jobName=j")))
        .hasMessageContaining("bin/vigil stack install");
  }
}
