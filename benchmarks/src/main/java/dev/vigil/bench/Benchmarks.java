package dev.vigil.bench;

import dev.vigil.bench.e2e.EndToEndBench;
import dev.vigil.bench.gateway.GatewayBench;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The benchmarks' runnable jar: {@code java -jar benchmarks/target/vigil-benchmarks.jar beam-vs-native}, and the
 * figures and reports of {@code bin/vigil bench gateway|e2e|report} ({@code gateway}, {@code e2e}, {@code report}).
 */
@Command(name = "vigil-benchmarks", mixinStandardHelpOptions = true,
    subcommands = {BeamVsNative.class, GatewayBench.class, EndToEndBench.class, BenchReport.class},
    description = "Vigil against what users compare it with, side by side in one run. See benchmarks/README.md.")
public final class Benchmarks implements Runnable {

  public static void main(String[] args) {
    int exitCode = new CommandLine(new Benchmarks()).execute(args);
    // Flink's and Kafka's client threads may linger after the last job; the figures are written by now.
    System.exit(exitCode);
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
