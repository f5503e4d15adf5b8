package dev.vigil.runners;

import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Stops a job that {@link Submit} started on a cluster, without a savepoint: a Flink job is cancelled over REST (its
 * last checkpoint stays), a Spark standalone driver is killed through its master, a YARN application through the
 * ResourceManager. To upgrade a Flink job without losing state, use {@link StopWithSavepoint} instead.
 */
@Command(name = "cancel", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Stops a job Submit started on a cluster (README, \"Runners\").")
public final class Cancel implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "ID", description = "as Submit printed it: a Flink job id, a Spark standalone"
      + " driver id (driver-...) or a YARN application id (application_...)")
  String id;

  @Option(names = "--profile", required = true, description = "the profile the job was submitted with")
  String profile;

  @Option(names = "--flink-master", defaultValue = "${sys:flink.master:-}",
      description = "a Flink cluster's REST address host:port (default: the profile's flinkMaster)")
  String flinkMaster;

  public static void main(String[] args) {
    int exit = new CommandLine(new Cancel()).execute(args);
    if (exit != 0) {
      System.exit(exit);
    }
  }

  @Override
  public Integer call() throws Exception {
    Profile settings = Profile.find(profile, Profile.home());
    if (SparkSubmission.isSpark(settings)) {
      new SparkSubmission(settings).kill(id);
      System.out.println(id + ": killed");
      return 0;
    }
    String master = settings.flinkMaster(flinkMaster);
    if (master == null || master.startsWith("[")) {
      throw new IllegalArgumentException("profile " + settings.name() + " runs embedded (flinkMaster=" + master
          + "): stop it with Ctrl-C, or give --flink-master=host:port");
    }
    FlinkRest rest = new FlinkRest(master);
    rest.cancel(id);
    System.out.println("job " + id + ": " + rest.awaitTerminal(id, Duration.ofSeconds(60)));
    return 0;
  }
}
