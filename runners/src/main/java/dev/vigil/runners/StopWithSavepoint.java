package dev.vigil.runners;

import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Stops a job with a savepoint ({@code POST /jobs/:id/stop}), waits for the savepoint and the job's end, and prints
 * the savepoint's path, from which {@code Submit --from-savepoint PATH} starts the next version.
 */
@Command(name = "stop-with-savepoint", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Stops a Flink job with a savepoint and prints its path (README, \"Runners\").")
public final class StopWithSavepoint implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "JOB_ID", description = "the job, as Submit printed it")
  String jobId;

  @Option(names = "--profile", defaultValue = "flink-cluster", description = "a profile in profiles/ or a file")
  String profile;

  @Option(names = "--flink-master", defaultValue = "${sys:flink.master:-}",
      description = "the cluster's REST address host:port (default: the profile's flinkMaster)")
  String flinkMaster;

  @Option(names = "--savepoint-dir", description = "where the savepoint goes (default: the profile's"
      + " submit.savepointDir)")
  String savepointDir;

  @Option(names = "--timeout", defaultValue = "300", description = "seconds to wait for the savepoint")
  long timeoutSeconds;

  public static void main(String[] args) {
    int exit = new CommandLine(new StopWithSavepoint()).execute(args);
    if (exit != 0) {
      System.exit(exit);
    }
  }

  @Override
  public Integer call() throws Exception {
    Profile settings = Profile.find(profile, Profile.home());
    String master = settings.flinkMaster(flinkMaster);
    String directory = savepointDir != null ? savepointDir : settings.submitSetting("savepointDir", null);
    if (directory == null) {
      throw new IllegalArgumentException("no savepoint folder: give --savepoint-dir or set submit.savepointDir in "
          + settings.name());
    }
    FlinkRest rest = new FlinkRest(master);
    String location = rest.stopWithSavepoint(jobId, directory, Duration.ofSeconds(timeoutSeconds));
    String state = rest.awaitTerminal(jobId, Duration.ofSeconds(60));
    System.out.println("savepoint: " + location);
    System.out.println("job " + jobId + ": " + state);
    System.out.println("resume:    Submit --profile " + settings.name() + " --from-savepoint " + location);
    return 0;
  }
}
